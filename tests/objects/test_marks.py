"""A logo's mark of separate parts beside a detected text line (``mark_row``) or alone (``lone_mark``): ``creative_tools/objects/marks.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects import marks as M
from creative_tools.objects.graphic import GraphicParams
from creative_tools.objects.marks import lone_mark_proposals, mark_row_proposals

PLATE = (120, 60, 140)
INK = (230, 230, 90)


def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:  # pragma: no cover - a machine without DejaVu
        from pathlib import Path

        import matplotlib

        return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"), size)


def _lockup(bars=((5, 8), (5, 12), (5, 16)), *, gap: int = 2, colours=None, word_gap: int = 8, x0: int = 100,
            base: int = 120, plate=PLATE, size=(240, 400)):
    """A purple plate with rising bars (``(width, height)`` each, ``gap`` apart, bottoms on ``base``)
    left of a wordmark: the image, the mark's truth, the word's polygon and glyph mask."""
    H, W = size
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = plate
    mark = np.zeros((H, W), bool)
    x = x0
    for k, (bw, bh) in enumerate(bars):
        mark[base - bh:base, x:x + bw] = True
        img[base - bh:base, x:x + bw] = INK if colours is None else colours[k]
        x += bw + gap
    im = Image.fromarray(img)
    d = ImageDraw.Draw(im)
    f = _font(16)
    tx = x + word_gap
    _, _, _, bot = d.textbbox((tx, 0), "Octave", font=f)
    d.text((tx, base - bot), "Octave", font=f, fill=INK)
    img2 = np.asarray(im).copy()
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((tx, base - bot), "Octave", font=f, fill=255)
    word = np.asarray(glyphs) > 60
    ys, xs = np.nonzero(word)
    poly = np.array([[xs.min() - 1, ys.min() - 1], [xs.max() + 2, ys.min() - 1], [xs.max() + 2, ys.max() + 2],
                     [xs.min() - 1, ys.max() + 2]], np.float32)
    return img2, mark, poly, word


def _taken(det_mask: np.ndarray, mark: np.ndarray) -> float:
    return float((det_mask & mark).sum() / mark.sum())


def test_mark_row_takes_small_bars_beside_a_wordmark_through_auto():
    img, mark, poly, word = _lockup()
    off = load("objects", "auto", mark_row=False, links=False).detect(img, text_polygons=[poly], text_mask=word)
    on = load("objects", "auto").detect(img, text_polygons=[poly], text_mask=word)  # fails with AUTO_MARK_ROW False
    assert _taken(off.mask, mark) < 0.5  # today's region stage never proposes the bars (under min_area, 2 px apart)
    assert _taken(on.mask, mark) == 1.0
    assert (on.mask & ~mark & ~word).sum() <= 0.25 * mark.sum()  # the plate stays (a 1 px rim at most)


def test_mark_row_takes_the_part_in_a_second_colour():
    img, mark, poly, word = _lockup(colours=(INK, (60, 200, 220), INK), gap=5)  # (5 px: MARK_GAP's reach)
    props = mark_row_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and props[0].kind == "logo" and props[0].score == M.MARK_SCORE
    assert _taken(props[0].mask, mark) == 1.0


def test_mark_row_takes_a_row_of_dots_above_its_words():
    H, W = 200, 300
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = (40, 120, 110)
    yy, xx = np.mgrid[0:H, 0:W]
    mark = np.zeros((H, W), bool)
    for k in range(4):
        mark |= np.hypot(xx - (120 + 11 * k), yy - 80) <= 4
    img[mark] = (240, 240, 240)
    word = np.zeros((H, W), bool)
    word[96:110, 110:170:3] = True  # glyph-like strokes (the text source's)
    img[word] = (240, 240, 240)
    poly = np.array([[108, 95], [172, 95], [172, 111], [108, 111]], np.float32)
    props = mark_row_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and _taken(props[0].mask, mark) == 1.0


@pytest.mark.parametrize("case", ["no_text", "one_part", "unlike_sizes", "far", "three_colours", "low_contrast"])
def test_mark_row_refuses(case):
    kw = {}
    if case == "one_part":
        kw["bars"] = ((5, 16),)
    elif case == "unlike_sizes":
        kw["bars"] = ((6, 6), (12, 40))  # each a part, areas 16 / 380 px inside their rims
    elif case == "far":
        kw["word_gap"] = 45  # inside the window (4 line heights), past MARK_NEAR (2)
    elif case == "three_colours":
        kw["colours"] = (INK, (40, 200, 230), (240, 120, 40))
    elif case == "low_contrast":
        kw["plate"] = (205, 205, 70)  # a step (edge_step 14) but under min_contrast (40) from the plate
    img, _mark, poly, word = _lockup(**kw)
    polys = [] if case == "no_text" else [poly]
    assert mark_row_proposals(img, text_polygons=polys, text_mask=word) == []


def test_mark_row_refuses_a_pattern_of_like_dots():
    """Parts whose colour and size the picture repeats all over are a pattern's, not a mark's."""
    img, _mark, poly, word = _lockup(bars=((5, 5), (5, 5), (5, 5)))
    for y in range(10, 230, 14):
        for x in range(10, 90, 14):
            img[y:y + 5, x:x + 5] = INK
    assert mark_row_proposals(img, text_polygons=[poly], text_mask=word) == []
    img2, *_ = _lockup(bars=((5, 5), (5, 5), (5, 5)))
    assert len(mark_row_proposals(img2, text_polygons=[poly], text_mask=word)) == 1


def test_mark_row_is_a_bool_option_on_in_auto_only():
    assert GraphicParams().mark_row is False  # the click keeps it off
    assert load("objects", "auto").params.mark_row is True
    assert load("objects", "auto", mark_row=False).params.mark_row is False
    with pytest.raises(ContractError, match="mark_row"):
        GraphicParams(mark_row=1)


def _ring_emblem(*, fill=None):
    """A monoline emblem (a 2 px ring split by a cross) left of its wordmark; ``fill`` paints the
    four spaces the line closes (ink parts), else they show the plate through the line."""
    H, W = 240, 400
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = PLATE
    yy, xx = np.mgrid[0:H, 0:W]
    cx, cy, r = 115, 110, 12
    d = np.hypot(xx - cx, yy - cy)
    line = (np.abs(d - r) <= 1.0) | ((d <= r) & ((np.abs(xx - cx) <= 1) | (np.abs(yy - cy) <= 1)))
    inside = (d < r - 1) & ~line
    if fill is not None:
        img[inside] = fill
    img[line] = INK
    im = Image.fromarray(img)
    dr = ImageDraw.Draw(im)
    f = _font(16)
    _, _, _, bot = dr.textbbox((140, 0), "Octave", font=f)
    dr.text((140, 120 - bot), "Octave", font=f, fill=INK)
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((140, 120 - bot), "Octave", font=f, fill=255)
    word = np.asarray(glyphs) > 60
    ys, xs = np.nonzero(word)
    poly = np.array([[xs.min() - 1, ys.min() - 1], [xs.max() + 2, ys.min() - 1], [xs.max() + 2, ys.max() + 2],
                     [xs.min() - 1, ys.max() + 2]], np.float32)
    return np.asarray(im).copy(), inside, poly, word


def test_mark_row_refuses_the_plate_seen_through_a_monoline_emblem():
    """The spaces a ring emblem's line closes are flat and contrast with the line round them, but they
    are the plate's colour: the plate seen through the drawing, not ink (session 33, logobars2)."""
    img, _inside, poly, word = _ring_emblem()
    assert mark_row_proposals(img, text_polygons=[poly], text_mask=word) == []


def test_mark_row_takes_the_same_emblem_with_inked_spaces():
    """The refusal reads the plate's colour, not the shape: the spaces filled with a colour of their own
    are parts (the guard above is not a refusal of ring emblems)."""
    img, inside, poly, word = _ring_emblem(fill=(60, 200, 220))
    props = mark_row_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and _taken(props[0].mask, inside) == 1.0


def test_mark_row_plate_refusal_can_fail(monkeypatch):
    """Without the plate read round the mark, the emblem's plate-coloured spaces pass as a mark."""
    monkeypatch.setattr(M, "_plate_round", lambda *a, **k: None)
    img, inside, poly, word = _ring_emblem()
    props = mark_row_proposals(img, text_polygons=[poly], text_mask=word)
    assert len(props) == 1 and _taken(props[0].mask, inside) > 0.9


def test_mark_row_checks_its_masks():
    img, _, poly, word = _lockup()
    with pytest.raises(ContractError, match="text_mask"):
        mark_row_proposals(img, text_polygons=[poly], text_mask=word.T)
    with pytest.raises(ContractError, match="person_mask"):
        mark_row_proposals(img, text_polygons=[poly], person_mask=word.astype(np.uint8))


# --- session 34: a mark alone, no words beside it (``lone_mark``) ---

def _alone(parts, *, plate=PLATE, ink=INK, size=(240, 320), colours=None):
    """A plate with flat parts ``(x, y, w, h)`` and no words: the image and the mark's truth."""
    img = np.zeros((*size, 3), np.uint8)
    img[:] = plate
    mark = np.zeros(size, bool)
    for k, (x, y, w, h) in enumerate(parts):
        mark[y:y + h, x:x + w] = True
        img[y:y + h, x:x + w] = ink if colours is None else colours[k]
    return img, mark


#: four rising bars 7 px wide, 3 px apart, on one baseline; a row of three squares; stacked stripes
#: (the parts are read inside their 1 px rims: a 7 px bar is 5 px thick there)
BARS = [(120 + 10 * k, 130 - 10 - 6 * k, 7, 10 + 6 * k) for k in range(4)]
ROW = [(100 + 16 * k, 100, 11, 11) for k in range(3)]
STRIPES = [(150, 80 + 8 * k, 30, 5) for k in range(4)]
DOTS = [(100 + 13 * k, 100, 9, 9) for k in range(4)]


@pytest.mark.parametrize("parts", [STRIPES, DOTS], ids=["stripes", "dots"])
def test_lone_mark_takes_a_mark_alone_through_auto(parts):
    """Small stacked stripes or a row of small squares, no words anywhere: not proposed by auto
    without lone_mark (each part under ``min_area``), the whole mark with it."""
    img, mark = _alone(parts)
    off = load("objects", "auto", lone_mark=False).detect(img).mask
    on = load("objects", "auto", lone_mark=True).detect(img).mask
    assert _taken(off, mark) < 0.5
    assert _taken(on, mark) == 1.0
    assert (on & ~mark).sum() <= 0.25 * mark.sum()  # the plate stays (a 1 px rim at most)


@pytest.mark.parametrize("parts", [BARS, ROW, STRIPES], ids=["bars", "row", "stripes"])
def test_lone_mark_takes_laid_out_parts(parts):
    img, mark = _alone(parts)
    props = lone_mark_proposals(img)
    assert len(props) == 1 and props[0].kind == "logo"
    assert _taken(props[0].mask, mark) > 0.9


def test_lone_mark_takes_a_part_in_a_second_colour():
    img, mark = _alone(ROW, colours=[INK, INK, (20, 200, 230)])
    props = lone_mark_proposals(img)
    assert len(props) == 1 and _taken(props[0].mask, mark) > 0.9


SCATTER = [(100, 100, 11, 11), (118, 93, 9, 13), (131, 108, 12, 8)]  # like size and ink, no shared side or line


@pytest.mark.parametrize("case", ["scatter", "two", "specks", "colours", "sizes", "many"])
def test_lone_mark_refuses(case):
    """Pieces not laid out, two parts, specks, three inks, unlike sizes, a long row (a pattern's)."""
    parts, colours = ROW, None
    if case == "scatter":
        parts = SCATTER
    elif case == "two":
        parts = ROW[:2]
    elif case == "specks":  # a word's strokes: 2 px thick inside their rims, under 30 px
        parts = [(100 + 8 * k, 100, 4, 10) for k in range(4)]
    elif case == "colours":
        colours = [INK, (20, 200, 230), (240, 240, 240)]
    elif case == "sizes":
        parts = [(100, 100, 6, 6), (110, 100, 6, 6), (120, 90, 16, 16)]
    elif case == "many":
        parts = [(40 + 16 * k, 100, 11, 11) for k in range(8)]
    img, _ = _alone(parts, colours=colours)
    assert lone_mark_proposals(img) == []


def test_lone_mark_layout_guard_can_fail(monkeypatch):
    """The scatter is refused by the layout test alone (without it, it is proposed)."""
    img, mark = _alone(SCATTER)
    monkeypatch.setattr(M, "_laid_out", lambda g: True)
    props = lone_mark_proposals(img)
    assert len(props) == 1 and _taken(props[0].mask, mark) > 0.9


def test_lone_mark_refuses_a_pattern_and_words():
    """Parts repeated all over the picture are a print's; parts under the text mask are the text's."""
    img, mark = _alone(ROW)
    for y in range(10, 60, 16):
        for x in range(10, 300, 16):
            img[y:y + 11, x:x + 11] = INK
    assert lone_mark_proposals(img) == []
    img, mark = _alone(ROW)
    assert lone_mark_proposals(img, text_mask=mark) == []


def _framed_insides(frame: int = 3):
    """Three ink squares, each a 3 px frame round the plate seen through it: parts of the plate's colour."""
    img, _ = _alone([])
    for k in range(3):
        x, y = 100 + 20 * k, 100
        img[y:y + 16, x:x + 16] = INK
        img[y + frame:y + 16 - frame, x + frame:x + 16 - frame] = PLATE
    return img


@pytest.mark.parametrize("case", ["thin", "small", "large", "plate"])
def test_lone_mark_each_floor_and_the_plate_refuse_alone(monkeypatch, case):
    """Each of these groups is refused by one rule only (the review of session 34: no test failed without them):
    bars 2 px thick inside their rims (``LONE_MIN``'s thickness), squares of 16 px inside (its area), squares over
    ``LONE_SIDE`` of the short side, and the plate seen through three frames (the plate-colour refusal)."""
    if case == "thin":
        img, _ = _alone([(100 + 8 * k, 100, 4, 24) for k in range(4)])
        undo = ("LONE_MIN", (30, 0))
    elif case == "small":
        img, _ = _alone([(100 + 10 * k, 100, 6, 6) for k in range(4)])
        undo = ("LONE_MIN", (0, 3))
    elif case == "large":
        img, _ = _alone([(40 + 45 * k, 80, 36, 36) for k in range(3)])
        undo = ("LONE_SIDE", 1.0)
    else:
        img = _framed_insides()
        undo = ("_plate_round", lambda *a, **k: None)
    assert lone_mark_proposals(img) == []
    monkeypatch.setattr(M, *undo)
    assert len(lone_mark_proposals(img)) == 1  # (without that one rule the group is a mark)


def test_lone_mark_is_on_in_auto():
    """``--objects auto`` takes a mark alone by default (fails with ``AUTO_LONE_MARK`` False)."""
    img, mark = _alone(DOTS)
    on = load("objects", "auto").detect(img).mask
    assert _taken(on, mark) == 1.0
    assert (on & ~mark).sum() <= 0.25 * mark.sum()


def test_lone_mark_is_a_bool_option():
    assert GraphicParams().lone_mark is False  # the click keeps it off
    assert load("objects", "auto").params.lone_mark is True
    assert load("objects", "auto", lone_mark=False).params.lone_mark is False
    with pytest.raises(ContractError, match="lone_mark"):
        GraphicParams(lone_mark=1)
    img, _ = _alone(ROW)
    with pytest.raises(ContractError):
        lone_mark_proposals(img, text_mask=np.zeros((10, 10), bool))


def _dense_close_groups(parts):
    """The links of :func:`marks._close_groups` over the whole n x n table (session 34's first form)."""
    from scipy.sparse.csgraph import connected_components

    if len(parts) < 2:
        return []
    b = np.array([d["box"] for d in parts], np.float64)
    x0, y0, x1, y1 = (b[:, k] for k in range(4))
    gap = np.maximum.reduce([x0[None] - x1[:, None], x0[:, None] - x1[None],
                             y0[None] - y1[:, None], y0[:, None] - y1[None]]) - 2
    short = np.minimum(x1 - x0, y1 - y0)
    side = np.minimum(short[:, None], short[None]) + 2
    n, lab = connected_components(gap <= np.maximum(2.0, M.MARK_GAP * side), directed=False)
    return [g for g in (np.flatnonzero(lab == k).tolist() for k in range(n)) if len(g) >= 2]


def test_close_groups_in_chunks_link_as_the_whole_table():
    rng = np.random.default_rng(7)
    for _ in range(300):
        n, w = int(rng.integers(0, 50)), int(rng.integers(20, 300))
        parts = []
        for _ in range(n):
            x, y = (int(v) for v in rng.integers(0, w, 2))
            bw, bh = (int(v) for v in rng.integers(1, 40, 2))
            parts.append({"box": (x, y, x + bw, y + bh)})
        assert M._close_groups(parts, chunk=int(rng.integers(1, 60))) == _dense_close_groups(parts)


def test_close_groups_memory_follows_the_parts_not_their_square():
    """A tiled plate's thousands of cells (a 1200 px checkerboard: 2,850 dark cells) must not build
    n x n tables: the whole table took ~585 MB here (tracemalloc); the chunks take a few tens."""
    import tracemalloc

    parts = [{"box": (x * 16, y * 16, x * 16 + 16, y * 16 + 16)} for y in range(75) for x in range(0, 75, 2)]
    tracemalloc.start()
    try:
        groups = M._close_groups(parts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(groups) == 1 and len(groups[0]) == len(parts)  # the cells touch at their corners: one group
    assert peak < 150e6, f"{peak / 1e6:.0f} MB"


@pytest.mark.parametrize("bad", [np.zeros((0, 2), np.float32), np.full((4, 2), np.nan, np.float32),
                                 np.float32([[0, 0], [np.inf, 0], [10, 10], [0, 10]])], ids=["empty", "nan", "inf"])
def test_mark_row_skips_a_broken_polygon(bad):
    im = np.full((120, 240, 3), 230, np.uint8)  # (the docstring's three bars beside a word)
    for i, hgt in enumerate((10, 16, 22)):
        im[50 - hgt:50, 20 + 9 * i:26 + 9 * i] = (30, 60, 200)
    word = np.array([[60, 32], [150, 32], [150, 50], [60, 50]], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (a NaN polygon warned, an empty one raised ValueError)
        props = mark_row_proposals(im, text_polygons=[bad, word])
    assert [(p.kind, p.box) for p in props] == [("logo", (20, 28, 44, 50))]


# --- session 35: lone_mark at any scale and after JPEG (``lone_scale``) ---

def _drawn_dots(side: int, scale: float = 1.0, *, d: int = 12, n: int = 3, jpeg: int | None = None):
    """A row of ``n`` anti-aliased dots ``d`` px wide (1x) on a ``side`` px square plate, drawn at 4x, resized to
    ``scale`` (INTER_AREA) and, with ``jpeg``, saved as a JPEG of that quality: the image and the dots' truth."""
    import io

    import cv2

    big = Image.new("RGB", (4 * side, 4 * side), PLATE)
    dr = ImageDraw.Draw(big)
    for k in range(n):
        x, y = 4 * (side // 2 + (d + 7) * k), 4 * (side // 2)
        dr.ellipse([x, y, x + 4 * d, y + 4 * d], fill=INK)
    out = max(8, round(side * scale))
    img = cv2.resize(np.asarray(big), (out, out), interpolation=cv2.INTER_AREA)
    plate = np.asarray(PLATE, np.int16)
    mark = np.abs(img.astype(np.int16) - plate).max(-1) > 45
    if jpeg is not None:
        b = io.BytesIO()
        Image.fromarray(img).save(b, "JPEG", quality=jpeg)
        img = np.asarray(Image.open(io.BytesIO(b.getvalue())).convert("RGB"))
    return img, mark


@pytest.mark.parametrize("how", ["half", "jpeg70"])
def test_lone_scale_keeps_a_mark_at_half_size_and_after_jpeg(how):
    """Three 9 px dots (as logobars tune 021's) on a 540 px creative: at 0.5x they are ~9 px inside their rims
    (under ``LONE_MIN``'s 30) and after JPEG q70 the codec's steps split and roughen them: lost without
    ``lone_scale``, taken with it (the floors scaled by the short side, the parts read on the levelled image)."""
    img, mark = _drawn_dots(540, 0.5) if how == "half" else _drawn_dots(540, jpeg=70)
    off = lone_mark_proposals(img)
    on = lone_mark_proposals(img, params=GraphicParams(lone_scale=True))
    assert max([_taken(p.mask, mark) for p in off] + [0.0]) < 0.5
    assert len(on) == 1 and on[0].kind == "logo"
    assert _taken(on[0].mask, mark) > 0.6
    assert (on[0].mask & ~mark).sum() <= 1.0 * mark.sum()  # the plate stays (a rim at most)


def test_lone_scale_leaves_a_creative_of_the_measured_sizes_as_it_was():
    """On a 540 px PNG (inside ``LONE_BAND``) the floors are today's: the same proposal with and without it."""
    img, _ = _drawn_dots(540)
    off = lone_mark_proposals(img)
    on = lone_mark_proposals(img, params=GraphicParams(lone_scale=True))
    assert len(off) == len(on) == 1
    assert (off[0].mask ^ on[0].mask).sum() <= 0.1 * off[0].mask.sum()


def test_lone_scale_band_and_scaled_floors():
    """The scale is 1 inside ``LONE_BAND`` and follows the short side outside it; the scaled floors still refuse
    specks (4 px squares at 270 px: 2 x 2 inside their rims) and thin bars (4 px wide at 405 px: 2 px inside)."""
    assert M._lone_scale(540.0) == 1.0 and M._lone_scale(450.0) == 1.0 and M._lone_scale(660.0) == 1.0
    assert M._lone_scale(225.0) == pytest.approx(0.5) and M._lone_scale(1320.0) == pytest.approx(2.0)
    on = GraphicParams(lone_scale=True)
    for side, parts in ((270, [(100 + 8 * k, 100, 4, 4) for k in range(4)]),
                        (405, [(100 + 6 * k, 100, 4, 20) for k in range(4)])):
        img, _ = _alone(parts, size=(side, side))
        assert lone_mark_proposals(img, params=on) == []
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(M, "_lone_floor", lambda d, f: True)
            assert len(lone_mark_proposals(img, params=on)) == 1  # (without the floor the group is a mark)


def test_lone_scale_is_a_bool_option():
    assert GraphicParams().lone_scale is False
    assert load("objects", "auto").params.lone_scale is False
    assert load("objects", "auto", lone_scale=True).params.lone_scale is True
    with pytest.raises(ContractError, match="lone_scale"):
        GraphicParams(lone_scale=1)
