"""A translucent plate found by its constant log step (``glass_plate``, session 29,
on): a dark (light) glass dims (lightens) the photo under it by one factor, so
across each of its four sides log(1 + I) (log(256 - I)) steps by one constant whatever
the photo's texture, where the region map sees a step under its 14 levels on a dark coat.
:func:`_glass_box` finds that box round the click; :meth:`ClickSegmenter._glass_at`
takes it as ``faint_button`` takes its region. Small synthetic images, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter, _glass_box

from test_click import _iou

H, W = 240, 360
BOX = (100, 80, 259, 139)  # X0, Y0, X1, Y1 (inclusive) of the plate


def _photo(seed=0, lo=20, hi=200):
    """A photo: noise smoothed over 6 px (its texture changes little across 2 px), per channel, in [lo, hi]."""
    rng = np.random.default_rng(seed)
    n = cv2.GaussianBlur(rng.uniform(0, 1, (H, W, 3)).astype(np.float32), (0, 0), 6.0)
    n = (n - n.min()) / (n.max() - n.min())
    return lo + (hi - lo) * n


def _glass(alpha=0.6, light=False, seed=0, letters=True, lo=20, hi=200):
    """The photo (in [lo, hi]) with a dark (light) glass plate at ``BOX`` (alpha
    ``alpha``, square corners) and opaque white (near-black) bars for letters. Returns
    the image and the plate's mask."""
    im = _photo(seed, lo, hi)
    X0, Y0, X1, Y1 = BOX
    sl = np.s_[Y0:Y1 + 1, X0:X1 + 1]
    tint = 255.0 if light else 0.0
    im[sl] = im[sl] * (1 - alpha) + tint * alpha
    if letters:
        ink = 20 if light else 250
        for k in range(6):
            im[Y0 + 18:Y1 - 17, X0 + 20 + 21 * k:X0 + 32 + 21 * k] = ink
    truth = np.zeros((H, W), bool)
    truth[sl] = True
    return np.clip(im + 0.5, 0, 255).astype(np.uint8), truth


def _box_at(img, x, y):
    seg = ClickSegmenter(img, saliency=False, glass_plate=True)
    found = [b for G, sx, sy, runs in seg._glass_maps() if (b := _glass_box(G, sx, sy, runs, x, y))]
    return max(found, key=lambda b: b[0])[1] if found else None


@pytest.mark.parametrize("light", [False, True])
@pytest.mark.parametrize("alpha", [0.45, 0.75])
def test_the_plate_is_the_box(light, alpha):
    img, _ = _glass(alpha=alpha, light=light)
    assert tuple(int(v) for v in _box_at(img, 110, 90)) == BOX  # a click off the letters, near a corner


def test_an_opaque_fill_on_the_photo_is_no_glass():
    # the same box filled with one flat colour: its step follows the photo outside, not one factor
    img = _photo().astype(np.uint8)
    X0, Y0, X1, Y1 = BOX
    img[Y0:Y1 + 1, X0:X1 + 1] = (30, 30, 30)
    assert _box_at(img, 180, 110) is None


def test_prepare_computes_the_glass_maps_ahead_and_changes_no_mask(monkeypatch):
    # prepare() pays the per-image maps (the log images, steps, runs) before the first click;
    # the prepared clicks only search, with the same masks as an unprepared segmenter's.
    from creative_tools.objects import click as click_mod

    img, _ = _glass(alpha=0.6)
    seg = ClickSegmenter(img, saliency=False, glass_plate=True).prepare()
    assert seg._glass is not None and len(seg._glass) == 2
    made = []
    real = click_mod._glass_runs
    monkeypatch.setattr(click_mod, "_glass_runs", lambda *a, **k: made.append(1) or real(*a, **k))
    lazy = ClickSegmenter(img, saliency=False, glass_plate=True)
    for p in [(110, 90), (180, 110), (20, 20), (300, 200)]:
        assert np.array_equal(seg.segment([p]), lazy.segment([p])), p
    assert len(made) == 8  # the lazy one's maps, once; none for the prepared one
    assert ClickSegmenter(img, saliency=False, glass_plate=False).prepare()._glass is None


def test_a_box_on_a_flat_plate_is_left_to_the_region_map():
    # one factor all round, but nothing outside varies: no evidence of a glass (and the region map sees it)
    img = np.full((H, W, 3), 120, np.uint8)
    X0, Y0, X1, Y1 = BOX
    img[Y0:Y1 + 1, X0:X1 + 1] = 48
    assert _box_at(img, 180, 110) is None


def test_glass_at_takes_the_plate_round_a_piece():
    img, truth = _glass()
    seg = ClickSegmenter(img, saliency=False, glass_plate=True)
    X0, Y0, X1, Y1 = BOX
    letter = np.zeros((H, W), bool)
    letter[Y0 + 18:Y1 - 17, X0 + 20:X0 + 32] = True  # the letters found alone: the plate round them
    assert _iou(seg._glass_at(letter, X0 + 25, Y0 + 30), truth) > 0.99
    assert _iou(seg._glass_at(np.zeros((H, W), bool), X0 + 10, Y0 + 10), truth) > 0.99  # nothing found: the box
    flood = truth.copy()
    flood[:, :X0 + 40] = True  # a piece of the plate and the photo beyond its left side
    flood[Y0:Y1 + 1, X0 + 40:] = False
    flood[Y0:Y1 + 1, X0 + 40:X1 - 40] = True
    assert _iou(seg._glass_at(flood, X0 + 10, Y0 + 10), truth) > 0.99
    rounded = truth.copy()  # the plate found already (its corners rounded): left as it is
    for cy, cx in ((Y0, X0), (Y0, X1 - 3), (Y1 - 3, X0), (Y1 - 3, X1 - 3)):
        rounded[cy:cy + 4, cx:cx + 4] = False
    assert seg._glass_at(rounded, X0 + 10, Y0 + 10) is None
    ring = np.zeros((H, W), bool)  # an outline round the box with letters inside (a ghost button): not a flood
    ring[Y0 - 8:Y1 + 9, X0 - 8:X1 + 9] = True
    ring[Y0 - 5:Y1 + 6, X0 - 5:X1 + 6] = False
    ring |= letter
    ring[Y0 + 18:Y1 - 17, X0 + 20:X1 - 20] = True
    assert seg._glass_at(ring, X0 + 25, Y0 + 30) is None


@pytest.mark.parametrize("click", [(110, 90), (125, 110)])
def test_a_glass_on_a_dark_coat(click):
    # a photo in 10 - 60 levels under a glass at alpha 0.45: its border steps 4 - 27 levels, the
    # region map's 14 sees part of it, the click floods out or takes a piece; the box is the plate
    img, truth = _glass(alpha=0.45, seed=3, lo=10, hi=60)
    off = ClickSegmenter(img, saliency=False, glass_plate=False).segment([click])
    on = ClickSegmenter(img, saliency=False, glass_plate=True).segment([click])
    assert _iou(off, truth) < 0.8
    assert _iou(on, truth) > 0.98
    assert ClickSegmenter(img, saliency=False).glass_plate is True  # on by default since session 29
    assert np.array_equal(on, ClickSegmenter(img, saliency=False).segment([click]))


@pytest.mark.parametrize("bad", [1, 0, "yes", None, 0.5])
def test_glass_plate_door(bad):
    img, _ = _glass()
    with pytest.raises(ContractError, match="glass_plate"):
        ClickSegmenter(img, saliency=False, glass_plate=bad)


@pytest.mark.slow
@pytest.mark.parametrize("split, i, j, name", [("click_tune", 27, 1, "c"), ("click_texture_tune", 29, 0, "r2"),
                                               ("click_texture_tune", 21, 2, "c")])
def test_tune_glass_plates(split, i, j, name):
    # the tune clicks the rule was built on: letters alone (027 1), nothing (029 0 r2), a flood (021 2 c)
    from test_click_part_mutual import _tune_click

    img, truth, pt = _tune_click(split, i, j, name)
    off = ClickSegmenter(img, glass_plate=False).segment([pt])
    on = ClickSegmenter(img, glass_plate=True).segment([pt])
    assert _iou(off, truth) < 0.5
    assert _iou(on, truth) > 0.95


@pytest.mark.slow
def test_tune_glass_on_wood_grain():
    # click_texture tune 026 2: the wood's vertical grain gives longer left / right runs than the
    # plate's sides; the box is found from its top and bottom runs (the transposed pass; without it,
    # a letter's edge closed a box a third as wide). It reaches one grain line past the plate's left
    # side (in a corner's reach, untested). (The click itself keeps its mask, which holds the plate
    # and spills 0.87 beyond it: no rule of ``_glass_at`` takes a box from such a mask.)
    from test_click_part_mutual import _tune_click

    img, truth, pt = _tune_click("click_texture_tune", 26, 2, "c")
    box = _box_at(img, int(pt[0]), int(pt[1]))
    F = np.zeros(truth.shape, bool)
    F[box[1]:box[3] + 1, box[0]:box[2] + 1] = True
    assert _iou(F, truth) > 0.9


@pytest.mark.parametrize("shape", [(2, 2), (3, 5), (4, 600), (600, 4), (9, 9)])
@pytest.mark.parametrize("flat", [False, True])
def test_tiny_images_and_border_clicks_find_no_plate(shape, flat):
    # session 29, gmends: the 3 px steps and the runs on images narrower than a step; no box, no error
    h, w = shape
    img = np.full((h, w, 3), 128, np.uint8) if flat else np.random.default_rng(1).integers(0, 256, (h, w, 3), np.uint8)
    for p in [(0, 0), (w - 1, h - 1), (w // 2, h // 2), (w - 1, 0)]:
        seg = ClickSegmenter(img, saliency=False, glass_plate=True)
        m = seg.segment([p])
        assert m.shape == (h, w) and m.dtype == bool
        assert seg._glass_at(np.zeros(seg.lab.shape, bool), min(p[0], seg.lab.shape[1] - 1),
                             min(p[1], seg.lab.shape[0] - 1)) is None


def _counter(kind):
    ph = (_photo(3, 40, 230) + 0.5).astype(np.uint8)
    if kind == "framed photo":  # a photo in a wooden frame on another photo
        ph[60:200, 110:270] = (_photo(9, 90, 150)[:140, :160] + 0.5).astype(np.uint8)
        ph[75:185, 125:255] = (_photo(5, 10, 250)[:110, :130] + 0.5).astype(np.uint8)
        return ph, (190, 130)
    if kind == "dark phone":  # a near-black phone with a dark screen on a lighter photo
        cv2.rectangle(ph, (150, 30), (220, 210), (15, 15, 18), -1)
        ph[45:195, 158:212] = (_photo(7, 0, 90)[:150, :54] + 0.5).astype(np.uint8)
        return ph, (185, 120)
    cv2.putText(ph, "SALE", (60, 170), cv2.FONT_HERSHEY_DUPLEX, 3, (255, 255, 255), 10)  # a headline's letter
    return ph, (75, 140)


@pytest.mark.parametrize("kind", ["framed photo", "dark phone", "headline letter"])
def test_opaque_things_on_a_photo_are_no_plate(kind):
    # session 29, gmends: their four sides step, but by what the photo outside is, not by one factor
    img, p = _counter(kind)
    assert _box_at(img, *p) is None


@pytest.mark.slow
def test_a_plate_on_a_huge_image():
    # 3000 x 2000: found at the working size, the mask the plate at full size
    ph = cv2.resize(_photo(0), (3000, 2000), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    ph[600:1400, 900:2100] *= 0.45
    img = np.clip(ph + 0.5, 0, 255).astype(np.uint8)
    truth = np.zeros((2000, 3000), bool)
    truth[600:1400, 900:2100] = True
    m = ClickSegmenter(img, saliency=False, glass_plate=True).segment([(1500, 1000)])
    assert _iou(m, truth) > 0.95
