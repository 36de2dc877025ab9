"""A line emblem in the ink of the words under it (``creative_tools/objects/emblem.py``, ``line_emblem``)."""

from __future__ import annotations

import warnings

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.masks import dilate
from creative_tools.objects import emblem as E
from creative_tools.objects.emblem import line_emblem_proposals
from creative_tools.objects.graphic import GraphicParams

INK = (110, 50, 160)
S = 3  # supersampling: the lines' anti-aliased rims, as a drawing program's


def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:  # pragma: no cover - a machine without DejaVu
        from pathlib import Path

        import matplotlib

        return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"), size)


def _plate(H: int, W: int, stripes: bool) -> np.ndarray:
    yy, xx = np.mgrid[0:H, 0:W]
    img = np.empty((H, W, 3), np.float64)
    if stripes:  # sine-wave stripes of two colours (a busy plate the ink must be told from)
        t = 0.5 + 0.5 * np.sin((xx + 0.6 * yy) / 9.0)
        img[:] = np.array((60, 200, 60)) * t[..., None] + np.array((200, 205, 190)) * (1 - t[..., None])
    else:
        img[:] = (242, 232, 212)
        img += np.linspace(-8, 8, H)[:, None, None]
    return img


def _lockup(*, stripes: bool = False, ink=INK, word_ink=INK, solid: bool = False, lines_on_plate: bool = False,
            lw: int = 3, rule: bool = False, size=(260, 360), cx: int = 180, cy: int = 100, r: int = 30,
            text: str = "M O R R O W", flat: bool = False):
    """A circle round a mountain line (a monoline emblem) over a spaced wordmark: the image, the drawing's
    truth (alpha > 0.1), its inside (the plate seen through it), the word's polygon and glyph mask."""
    H, W = size
    big = Image.new("L", (W * S, H * S), 0)
    d = ImageDraw.Draw(big)
    if flat:  # a zigzag half a line height tall (a rule's flourish, no drawing)
        d.line([((cx - 40 + 8 * i) * S, (cy + 5 * (i % 2)) * S) for i in range(11)], fill=255, width=lw * S)
    elif solid:
        d.ellipse(((cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S), fill=255)
    else:
        d.ellipse(((cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S), outline=255, width=lw * S)
        pts = [(cx - 0.8 * r, cy + 0.45 * r), (cx - 0.25 * r, cy - 0.4 * r), (cx + 0.05 * r, cy + 0.05 * r),
               (cx + 0.35 * r, cy - 0.3 * r), (cx + 0.8 * r, cy + 0.45 * r)]
        d.line([(x * S, y * S) for x, y in pts], fill=255, width=lw * S, joint="curve")
    if rule:  # a thin rule of the ink across the picture, through the drawing (the plate's line)
        d.line([(0, cy * S), (W * S, cy * S)], fill=255, width=lw * S)
    if lines_on_plate:  # the plate printed with short thin strokes of the words' ink, away from the lockup
        for y in range(196, H - 10, 16):
            for x in range(10, W - 30, 28):
                d.line([(x * S, y * S), ((x + 20) * S, (y + 6) * S)], fill=255, width=lw * S)
    alpha = np.asarray(big.resize((W, H), Image.BOX), np.float64) / 255.0
    img = _plate(H, W, stripes)
    img = img * (1 - alpha[..., None]) + np.array(ink, np.float64) * alpha[..., None]
    disc = np.hypot(*np.mgrid[0:H, 0:W][::-1] - np.array((cx, cy))[:, None, None]) < r - lw
    drawing = (alpha > 0.1) & (np.hypot(*np.mgrid[0:H, 0:W][::-1] - np.array((cx, cy))[:, None, None]) <= r + 2)
    # the plate seen through the circle: more than 2 px from the lines (their 1 px anti-aliased rim is ink)
    inside = disc & ~cv2.dilate(drawing.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    glyphs = Image.new("L", (W * S, H * S), 0)
    ImageDraw.Draw(glyphs).text((110 * S, 140 * S), text, font=_font(20 * S), fill=255)
    ga = np.asarray(glyphs.resize((W, H), Image.BOX), np.float64) / 255.0
    img = img * (1 - ga[..., None]) + np.array(word_ink, np.float64) * ga[..., None]
    word = ga > 0.1
    ys, xs = np.nonzero(word)
    poly = np.array([[xs.min() - 2, ys.min() - 2], [xs.max() + 3, ys.min() - 2], [xs.max() + 3, ys.max() + 3],
                     [xs.min() - 2, ys.max() + 3]], np.float32)
    word = np.zeros((H, W), bool)
    word[ys.min() - 2:ys.max() + 3, xs.min() - 2:xs.max() + 3] = True  # a text mask as a box (the detector's)
    return np.clip(np.round(img), 0, 255).astype(np.uint8), drawing, inside, poly, word


def _taken(mask: np.ndarray, part: np.ndarray) -> float:
    return float((mask & part).sum() / part.sum())


def _fill(mask: np.ndarray) -> np.ndarray:
    """``mask`` grown as the pipeline's default objects dilation grows it (long side / 250)."""
    return dilate(mask, max(1, round(max(mask.shape) / 250)))


@pytest.mark.parametrize("stripes", [False, True], ids=["flat", "striped"])
def test_line_emblem_takes_the_drawing_not_the_plate_inside(stripes):
    img, drawing, inside, poly, word = _lockup(stripes=stripes)
    props = line_emblem_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and props[0].kind == "logo" and props[0].score == E.EMBLEM_SCORE
    m = _fill(props[0].mask)
    assert _taken(m, drawing) >= 0.9
    assert _taken(m, inside) == 0.0  # the plate seen through the circle stays
    assert not (props[0].mask & word).any()  # the words stay the text source's


def test_line_emblem_through_auto():
    img, drawing, _inside, poly, word = _lockup(stripes=True)
    line = drawing & (np.hypot(*np.mgrid[0:260, 0:360][::-1] - np.array((180, 100))[:, None, None]) < 25)
    off = load("objects", "auto", line_emblem=False).detect(img, text_polygons=[poly], text_mask=word)
    on = load("objects", "auto").detect(img, text_polygons=[poly], text_mask=word)  # fails with AUTO_LINE_EMBLEM False
    assert _taken(off.mask, line) < 0.1  # without it the mountain line in the circle is never proposed
    assert _taken(_fill(on.mask), drawing) >= 0.9


def test_line_emblem_reads_the_words_ink():
    img, _drawing, _inside, poly, word = _lockup(word_ink=(20, 110, 40))  # a drawing in another ink
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []


def test_line_emblem_needs_the_words():
    img, _drawing, _inside, poly, _word = _lockup()
    assert line_emblem_proposals(img) == []
    assert line_emblem_proposals(img, text_polygons=[poly]) == []  # (no text mask: no ink to read)


def test_line_emblem_leaves_a_solid_shape(monkeypatch):
    monkeypatch.setattr(E, "EMBLEM_STROKE", 100.0)  # (the stroke test off: the fill test alone refuses it)
    img, _drawing, _inside, poly, word = _lockup(solid=True)  # a filled disc is the region stage's, not lines
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_FILL", 1.0)
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_leaves_thick_strokes(monkeypatch):
    monkeypatch.setattr(E, "EMBLEM_FILL", 1.0)  # (the fill test off: the stroke test alone refuses them)
    img, _drawing, _inside, poly, word = _lockup(lw=11)  # strokes half the words' height: no line drawing
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_STROKE", 100.0)
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_leaves_a_plate_lined_in_the_ink(monkeypatch):
    img, _drawing, _inside, poly, word = _lockup(lines_on_plate=True)
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_LOOKALIKE", 1e9)  # without the look-alike test the drawing is taken
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_leaves_ink_that_runs_out_of_its_window():
    img, _drawing, _inside, poly, word = _lockup(rule=True)
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []


def test_line_emblem_is_on_in_auto_only():
    from creative_tools.objects.auto import AUTO_PARAMS

    assert AUTO_PARAMS["line_emblem"] is True
    assert GraphicParams().line_emblem is False  # (the click builds its own parameters: unchanged)


def test_line_emblem_checks_its_inputs():
    img, _drawing, _inside, poly, word = _lockup()
    with pytest.raises(ContractError, match="text_mask"):
        line_emblem_proposals(img, text_polygons=[poly], text_mask=word.astype(np.uint8))
    with pytest.raises(ContractError, match="person_mask"):
        line_emblem_proposals(img, text_polygons=[poly], text_mask=word, person_mask=word.T)
    with pytest.raises(ContractError, match="line_emblem"):
        GraphicParams(line_emblem=1)


def test_line_emblem_nearest_step_is_the_step_table():
    # (session 34, emend: the k-d tree on distinct colours gives exactly the (N, M) table's nearest step)
    rng = np.random.default_rng(7)
    plates = rng.integers(0, 256, (300, 3)).astype(np.int16)
    plates[150:] = plates[:150]  # (repeated plate colours, as a sampled band has them)
    colours = np.concatenate([rng.integers(0, 256, (900, 3)), np.repeat(rng.integers(0, 256, (40, 3)), 9, 0),
                              plates[:50] + rng.integers(-2, 3, (50, 3))]).clip(0, 255).astype(np.int16)
    table = np.abs(colours[:, None, :] - plates[None]).max(-1).min(1)
    got = E._nearest_step(colours, plates)
    assert got.dtype == np.int16 and got.shape == (len(colours),)
    assert np.array_equal(got, table)
    assert np.array_equal(E._nearest_step(plates[:1], plates), [0])


@pytest.mark.parametrize("ink", [(110.0, 50.5, 160.0), (0.0, 255.0, 20.5), (39.5, 240.0, 255.0)])
def test_line_emblem_of_ink_is_the_step_test(ink):
    # (session 34, emend: cv2.inRange takes exactly the pixels whose largest channel step to the ink, taken to
    # whole levels toward zero, is at most EMBLEM_TOL; inks at the ends of the range and half levels included)
    rng = np.random.default_rng(3)
    ink = np.array(ink)
    img = np.clip(ink + rng.integers(-60, 61, (64, 80, 3)), 0, 255).astype(np.uint8)
    want = np.abs(img.astype(np.int16) - ink.astype(np.int16)).max(-1) <= E.EMBLEM_TOL
    for pixels, w in ((img, want), (img[5:40, 7:61], want[5:40, 7:61])):  # (a window is a strided view)
        got = E._of_ink(pixels, ink)
        assert got.dtype == bool and np.array_equal(got, w)
    assert 0 < want.mean() < 1


# -- session 34, lmends: the review's counter-examples and one test per rule ---------------------------------------


def _shaded(img: np.ndarray, part: np.ndarray, amp: float) -> np.ndarray:
    """A slow brightness wave along x over ``part`` (a metal's highlights, a photographed object's shading)."""
    wave = amp * np.sin(np.arange(img.shape[1]) / 7.0)[None, :, None]
    out = img.astype(np.float64) + np.where(part[..., None], wave, 0.0)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _glasses_photo(seed: int = 0):
    """The review's ``cex_glasses_photo``: eyeglasses on a wood photo (grain, a soft shadow, sensor noise) with
    their name printed over the photo in a flat near-black: the image, the word's polygon and text mask."""
    H, W = 200, 400
    yy, xx = np.mgrid[0:H, 0:W]
    grain = np.sin(xx / 5.0 + 3 * np.sin(yy / 23.0))
    wood = np.stack([200 + 12 * grain, 170 + 10 * grain, 130 + 8 * np.sin(xx / 5.0)], -1)
    big = Image.new("L", (W * S, H * S), 0)
    d = ImageDraw.Draw(big)
    for sx in (-1, 1):
        x = 200 + sx * 28
        d.rounded_rectangle(((x - 22) * S, 77 * S, (x + 22) * S, 107 * S), radius=10 * S, outline=255, width=4 * S)
    d.arc((192 * S, 80 * S, 208 * S, 96 * S), 200, 340, fill=255, width=4 * S)
    a = np.asarray(big.resize((W, H), Image.BOX), np.float64) / 255
    shadow = cv2.GaussianBlur(np.roll(a, (5, 4), (0, 1)), (0, 0), 3)[..., None]
    photo = wood * (1 - 0.5 * shadow)
    photo = photo * (1 - a[..., None]) + np.array((35, 30, 30)) * a[..., None]
    photo = photo + np.random.default_rng(seed).normal(0, 4, photo.shape)
    g = Image.new("L", (W * S, H * S), 0)
    ImageDraw.Draw(g).text((128 * S, 122 * S), "AVIATOR 54", font=_font(22 * S), fill=255)
    ga = np.asarray(g.resize((W, H), Image.BOX), np.float64) / 255
    photo = photo * (1 - ga[..., None]) + np.array((25, 22, 22)) * ga[..., None]
    ys, xs = np.nonzero(ga > 0.1)
    y0, y1, x0, x1 = ys.min() - 2, ys.max() + 3, xs.min() - 2, xs.max() + 3
    word = np.zeros((H, W), bool)
    word[y0:y1, x0:x1] = True
    poly = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    return np.clip(np.round(photo), 0, 255).astype(np.uint8), poly, word


def test_line_emblem_leaves_a_photographed_product(monkeypatch):
    img, poly, word = _glasses_photo()  # the review's: 0 -> 403 px through auto
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_FLAT", 1e9)  # (without the flatness test the glasses were taken as a logo)
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


@pytest.mark.parametrize("amp", [12, 22], ids=["shaded", "highlights"])
def test_line_emblem_leaves_a_shaded_drawing(monkeypatch, amp):
    img, drawing, _inside, poly, word = _lockup(ink=(196, 150, 60), word_ink=(196, 150, 60))
    img = _shaded(img, drawing, amp)  # a gold pendant's highlights, shaded glasses: not ink printed flat
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_FLAT", 1e9)
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_flatness_is_read_against_the_words():
    img, drawing, _inside, poly, word = _lockup()
    noisy = np.clip(img + np.random.default_rng(1).normal(0, 4, img.shape), 0, 255).astype(np.uint8)
    # the whole picture grainy (a scan, a compressed ad): the words are as grainy as the drawing, so it is taken
    props = line_emblem_proposals(noisy, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and _taken(_fill(props[0].mask), drawing) >= 0.8
    grainy = img.copy()
    grainy[drawing] = noisy[drawing]  # only the drawing grainy: a photographed thing under printed words
    assert line_emblem_proposals(grainy, text_polygons=[poly], text_mask=word) == []


def test_line_emblem_leaves_a_drawing_far_above_its_line(monkeypatch):
    kw = {"cy": 85, "r": 15}  # two line heights over the words, still inside the window
    img, _drawing, _inside, poly, word = _lockup(**kw)
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_NEAR", 100.0)
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_leaves_a_drawing_beside_its_line():
    img, _drawing, _inside, poly, word = _lockup(text="M O", cx=175, r=20)  # in the window, beside the words
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    img, _drawing, _inside, poly, word = _lockup(text="M O", cx=128, r=20)  # the same over them is taken
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_leaves_a_low_stroke(monkeypatch):
    img, _drawing, _inside, poly, word = _lockup(flat=True, cy=120)  # half a line height tall
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []
    monkeypatch.setattr(E, "EMBLEM_LOW", 0.0)
    assert len(line_emblem_proposals(img, text_polygons=[poly], text_mask=word)) == 1


def test_line_emblem_leaves_a_person():
    img, drawing, _inside, poly, word = _lockup()
    person = cv2.dilate(drawing.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word, person_mask=person) == []


def test_line_emblem_one_drawing_over_two_polygons():
    img, _drawing, _inside, poly, word = _lockup()
    twice = [poly, poly + np.float32([0, 1])]  # (the detector's two answers for one line)
    assert len(line_emblem_proposals(img, text_polygons=twice, text_mask=word)) == 1


def test_line_emblem_core_inside_the_ink_on_a_large_image():
    img, drawing, _inside, poly, word = _lockup(size=(260, 800))  # long side 800: the objects dilation is 3 px
    props = line_emblem_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1
    ink = (np.abs(img.astype(np.int16) - np.int16(INK)).max(-1) <= E.EMBLEM_TOL) & drawing
    assert props[0].mask.sum() < 0.6 * ink.sum()  # the ink shrunk: the dilation grows it back
    grown = _fill(props[0].mask)
    assert _taken(grown, drawing) >= 0.9
    assert (grown & ~dilate(drawing, 2)).sum() < 0.02 * drawing.sum()  # not past the ink's rim (the whole ink: 0.21)


def test_line_emblem_leaves_an_ink_of_the_plates_colours(monkeypatch):
    img, _drawing, _inside, poly, word = _lockup()
    read = E._plate_and_ink

    def with_ink_in_plate(*args, **kw):  # the plate round the line holds the ink's colour (a band of it)
        plate, ink = read(*args, **kw)
        return np.concatenate([plate, ink[None]]), ink

    monkeypatch.setattr(E, "_plate_and_ink", with_ink_in_plate)
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []


@pytest.mark.parametrize("bad", [np.zeros((0, 2), np.float32), np.full((4, 2), np.nan, np.float32),
                                 np.float32([[0, 0], [np.inf, 0], [10, 10], [0, 10]])], ids=["empty", "nan", "inf"])
def test_line_emblem_skips_a_broken_polygon(bad):
    img, _drawing, _inside, poly, word = _lockup()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        props = line_emblem_proposals(img, text_polygons=[bad, poly], text_mask=word)
    assert len(props) == 1


def test_line_emblem_takes_the_group_nearest_its_line():
    img, drawing, _inside, poly, word = _lockup()
    img[64:68, 100:110] = INK  # a small bar of the ink high in the window, off to the side (another group)
    props = line_emblem_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and _taken(_fill(props[0].mask), drawing) >= 0.9 and not props[0].mask[60:70, 95:115].any()


# --- session 35: a line emblem LEFT of its wordmark (``emblem_left``) ---

def _left(cy: int = 150, stripes: bool = False):
    """The lockup with the circle left of the wordmark (a common real lockup), its middle at ``cy``."""
    return _lockup(cx=80, cy=cy, r=22, stripes=stripes)


def test_emblem_left_takes_a_drawing_left_of_its_words():
    img, drawing, inside, poly, word = _left()
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word) == []  # only above is looked at
    props = line_emblem_proposals(img, text_polygons=[poly], text_mask=word,
                                  params=GraphicParams(emblem_left=True))
    assert len(props) == 1 and props[0].kind == "logo"
    m = _fill(props[0].mask)
    assert _taken(m, drawing) >= 0.9
    assert _taken(m, inside) == 0.0 and not (props[0].mask & word).any()


def test_emblem_left_through_auto():
    img, drawing, _inside, poly, word = _left(stripes=True)
    line = drawing & (np.hypot(*np.mgrid[0:260, 0:360][::-1] - np.array((80, 150))[:, None, None]) < 17)
    off = load("objects", "auto").detect(img, text_polygons=[poly], text_mask=word)
    on = load("objects", "auto", emblem_left=True).detect(img, text_polygons=[poly], text_mask=word)
    assert _taken(off.mask, line) < 0.1  # without it the mountain line in the circle is never proposed
    assert _taken(_fill(on.mask), drawing) >= 0.9


def test_emblem_left_needs_the_drawing_on_the_lines_height():
    """A drawing left of the words but below them (its middle off the line's height) is no lockup."""
    img, _drawing, _inside, poly, word = _left(cy=200)
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word,
                                 params=GraphicParams(emblem_left=True)) == []


def test_emblem_left_is_a_bool():
    with pytest.raises(ContractError, match="emblem_left"):
        GraphicParams(emblem_left=1)


def test_emblem_left_reads_the_plate_without_the_emblems_side(monkeypatch):
    """An emblem close to its words lies in the band the plate is read from: read there, its ink is a plate
    colour and the line has no ink (the plate read leaves the band's left part out for the left window)."""
    img, drawing, _inside, poly, word = _lockup(cx=87, cy=150, r=22)  # (its circle reaches the band round the box)
    params = GraphicParams(emblem_left=True)
    props = line_emblem_proposals(img, text_polygons=[poly], text_mask=word, params=params)
    assert len(props) == 1 and _taken(_fill(props[0].mask), drawing) >= 0.9
    read = E._plate_and_ink
    monkeypatch.setattr(E, "_plate_and_ink", lambda *a, open_left=False, **k: read(*a, **k))
    assert line_emblem_proposals(img, text_polygons=[poly], text_mask=word, params=params) == []
