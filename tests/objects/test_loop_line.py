"""Objects source: ``loop_line`` (a closed line drawn round a spot of the plate is the line alone)."""

import cv2
import numpy as np
import pytest

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects.auto import AUTO_PARAMS
from creative_tools.objects.graphic import (
    GraphicParams,
    _loop_drawn,
    _loop_hole,
    graphic_proposals,
)


def _loop(inside=False):
    """A 400 x 300 plate (130, 140, 90) with a red ellipse line 7 px wide round (200, 150),
    axes 90 x 60; with ``inside`` a dark filled box (a product) within it. Returns the image,
    the line's truth and the plate the line encloses (less the box)."""
    img = np.zeros((300, 400, 3), np.uint8)
    img[:] = (130, 140, 90)
    line = np.zeros((300, 400), np.uint8)
    cv2.ellipse(line, (200, 150), (90, 60), 0, 0, 360, 1, 7)
    img[line.astype(bool)] = (220, 35, 45)
    disc = np.zeros((300, 400), np.uint8)
    cv2.ellipse(disc, (200, 150), (86, 56), 0, 0, 360, 1, -1)
    seen = disc.astype(bool) & ~line.astype(bool)
    if inside:
        img[130:170, 180:220] = (40, 30, 60)
        seen[130:170, 180:220] = False
    return img, line.astype(bool), seen


def _union(props, shape):
    m = np.zeros(shape, bool)
    for p in props:
        m |= p.mask
    return m


@pytest.mark.parametrize("on", [False, True])
def test_loop_line_takes_the_line_not_the_plate_inside(on):
    img, line, seen = _loop()
    got = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": on})), line.shape)
    assert got[line].mean() >= 0.95  # the line is found either way
    inner = cv2.erode(seen.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if on:
        assert got[inner].mean() <= 0.01  # the plate it encloses is left
    else:
        assert got[inner].mean() >= 0.95  # (without it the filled ellipse: what the option changes)


def test_loop_hole_keeps_a_body_inside_and_refuses_a_thick_ring():
    img, line, seen = _loop(inside=True)
    reg = line
    filled = reg | seen | (np.abs(img.astype(int) - (40, 30, 60)).sum(-1) == 0)
    outer = cv2.dilate(filled.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool) & ~filled
    beyond = cv2.dilate(filled.view(np.uint8), np.ones((31, 31), np.uint8)).astype(bool) & ~filled & ~outer
    got = _loop_hole(filled, reg, img.astype(np.float64), outer, beyond, min_contrast=40.0)
    assert got is not None
    assert not got[135:165, 185:215].any()  # the dark box inside stays
    assert got[cv2.erode(seen.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)].mean() >= 0.99
    # a ring whose hole is under 0.6 of its filled shape is a badge's band, not a drawn line
    thick = np.zeros((300, 400), np.uint8)
    cv2.circle(thick, (200, 150), 60, 1, -1)
    hole = np.zeros((300, 400), np.uint8)
    cv2.circle(hole, (200, 150), 40, 1, -1)
    f2 = thick.astype(bool)
    o2 = cv2.dilate(thick, np.ones((9, 9), np.uint8)).astype(bool) & ~f2
    assert _loop_hole(f2, f2 & ~hole.astype(bool), img.astype(np.float64), o2, o2, min_contrast=40.0) is None


def test_loop_line_is_checked_as_a_bool():
    with pytest.raises(ContractError, match="loop_line must be True or False"):
        GraphicParams(loop_line=1)


def test_loop_line_keeps_a_badge_whose_inner_outline_encloses_its_own_body():
    # a mint disc badge on a purple plate with a yellow line drawn 6 px inside its edge: the
    # line's hole shows the badge's body (the colour just outside the line), not the plate
    img = np.zeros((300, 400, 3), np.uint8)
    img[:] = (110, 60, 140)
    badge = np.zeros((300, 400), np.uint8)
    cv2.circle(badge, (200, 150), 70, 1, -1)
    img[badge.astype(bool)] = (160, 220, 180)
    ring = np.zeros((300, 400), np.uint8)
    cv2.circle(ring, (200, 150), 60, 1, 5)
    img[ring.astype(bool)] = (240, 200, 60)
    on = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": True})), badge.shape)
    off = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": False})), badge.shape)
    assert off[badge.astype(bool)].mean() >= 0.95
    assert on[badge.astype(bool)].mean() >= 0.95  # the badge's inside stays


# Session 32 (loopline): what stands inside a ring stays with ``loop_line`` on. Each scene is drawn
# at a scale (0.5x, 1x, 2x of 480 x 360, anti-aliased): the thing inside must be taken as it is
# without the option (off, the filled disc takes it whole); where the loop fires, the plate it
# encloses is left. The line icon in a ring lost 1.0 -> 0.67 (0.5x) before the mend (_loop_drawn).


def _canvas(k, plate):
    h, w = round(360 * k), round(480 * k)
    if plate == "hatch":  # a plate of thin dark diagonal lines (a brick wall's mortar, a hatched ground)
        img = np.full((h, w, 3), (200, 190, 200), np.uint8)
        for x in range(-h, w, round(24 * k)):
            cv2.line(img, (x, 0), (x + h, h), (60, 55, 65), max(1, round(1.5 * k)), cv2.LINE_AA)
        return img
    if plate == "wood":  # a wavy wood grain with noise
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float64) / k
        v = np.sin(yy / 7.0 + 2.0 * np.sin(xx / 40.0)) * 14 + np.random.default_rng(3).normal(0, 3, yy.shape)
        return np.clip(np.array([176, 118, 78]) + v[..., None] * (1.0, 0.8, 0.6), 0, 255).astype(np.uint8)
    return np.full((h, w, 3), (236, 232, 224), np.uint8)


def _paint(img, alpha, colour):
    a = alpha.astype(np.float64)[..., None] / 255.0
    img[:] = np.round(img * (1 - a) + np.array(colour, np.float64) * a).astype(np.uint8)


def _ringed(kind, k):
    """(image, thing, inside): a ring (radius 80, 6 px; a marker ellipse 120 x 80, 7 px) round
    (240, 180) at scale ``k`` with ``kind`` inside; ``thing`` its pixels, ``inside`` the plate
    the ring encloses (eroded 2 px from the ring and the thing)."""
    plate = {"icon_wood": "wood", "loop_hatch": "hatch"}.get(kind, "light")
    img = _canvas(k, plate)
    c, th = (round(240 * k), round(180 * k)), max(1, round(6 * k))
    ring, disc, t = (np.zeros(img.shape[:2], np.uint8) for _ in range(3))
    if kind.startswith("loop"):
        ax = (round(120 * k), round(80 * k))
        cv2.ellipse(ring, c, ax, 0, 0, 360, 255, max(1, round(7 * k)), cv2.LINE_AA)
        cv2.ellipse(disc, c, ax, 0, 0, 360, 255, -1)
    else:
        cv2.circle(ring, c, round(80 * k), 255, th, cv2.LINE_AA)
        cv2.circle(disc, c, round(80 * k), 255, -1)
    colour = (250, 250, 250) if plate == "wood" else (220, 35, 45) if kind.startswith("loop") else (40, 60, 120)
    _paint(img, ring, colour)
    if kind in ("icon", "icon_wood"):  # a line icon: a house drawn with a 4 px line
        for pts in ([(200, 200), (200, 160), (240, 125), (280, 160), (280, 200), (200, 200)],
                    [(230, 200), (230, 175), (250, 175), (250, 200)]):
            cv2.polylines(t, [np.round(np.array(pts) * k).astype(np.int32)], False, 255, max(1, round(4 * k)),
                          cv2.LINE_AA)
        _paint(img, t, colour)
    elif kind == "star":  # a filled star in another colour
        a = np.arange(10) * np.pi / 5 - np.pi / 2
        r = np.where(np.arange(10) % 2 == 0, 42, 42 * 0.42)
        cv2.fillPoly(t, [np.round(np.stack([240 + r * np.cos(a), 180 + r * np.sin(a)], 1) * k).astype(np.int32)],
                     255, cv2.LINE_AA)
        _paint(img, t, (230, 170, 30))
    elif kind == "number":  # a circled number
        cv2.putText(t, "7", (round(218 * k), round(207 * k)), cv2.FONT_HERSHEY_SIMPLEX, 2.6 * k, 255,
                    max(1, round(5 * k)), cv2.LINE_AA)
        _paint(img, t, colour)
    elif kind == "dot":  # a filled dot
        cv2.circle(t, c, round(28 * k), 255, -1, cv2.LINE_AA)
        _paint(img, t, colour)
    elif kind == "loop_product":  # a product photo the marker loop rings
        p0, p1 = (round(200 * k), round(140 * k)), (round(280 * k), round(220 * k))
        t[p0[1]:p1[1], p0[0]:p1[0]] = 255
        yy, xx = np.mgrid[p0[1]:p1[1], p0[0]:p1[0]].astype(np.float64)
        photo = np.stack([60 + 80 * (xx - p0[0]) / (p1[0] - p0[0]), 40 + 60 * (yy - p0[1]) / (p1[1] - p0[1]),
                          90 + 0 * xx], -1) + np.random.default_rng(5).normal(0, 12, xx.shape + (3,))
        img[p0[1]:p1[1], p0[0]:p1[0]] = np.clip(photo, 0, 255).astype(np.uint8)
    inside = (disc > 0) & ~(cv2.dilate(ring | t, np.ones((5, 5), np.uint8)) > 0)
    return img, t > 127, inside


@pytest.mark.parametrize("k", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("kind", ["icon", "star", "number", "dot", "loop_product", "icon_wood"])
def test_loop_line_keeps_what_stands_inside_a_ring(kind, k):
    img, thing, inside = _ringed(kind, k)
    on = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": True})), thing.shape)
    off = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": False})), thing.shape)
    assert off[thing].mean() >= 0.99  # (without the option the filled ring takes it)
    assert on[thing].mean() >= 0.98  # the line icon, star, number, dot or product stays
    if kind == "loop_product":
        assert on[inside].mean() <= 0.02  # the loop's own gain: the plate round the product is left


@pytest.mark.parametrize("k", [0.5, 1.0, 2.0])
def test_loop_line_leaves_a_textured_plate_inside_a_marker_loop(k):
    # the plate's own lines inside the loop are the plate (the plate round the loop holds them
    # too): left with it, not kept as drawings (a mend keeping every piece over a speckle size fails)
    img, _, inside = _ringed("loop_hatch", k)
    lines = inside & (img.astype(int).sum(-1) < 450)
    assert lines.sum() >= 100
    on = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": True})), inside.shape)
    off = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": False})), inside.shape)
    assert off[inside].mean() >= 0.99  # (without the option the filled disc)
    assert on[inside].mean() <= 0.02
    assert on[lines].mean() <= 0.05


def test_loop_drawn_keeps_a_stroke_off_the_plate_colours_not_the_plate_texture():
    crop = np.full((40, 40, 3), 120.0)
    crop[10:30, 18:21] = (20, 40, 200)  # a blue stroke: no such colour round the loop
    crop[5:8, 5:9] = (20, 20, 20)  # a dark speck of 12 px, like the plate's own specks outside
    off = np.abs(crop - 120).sum(-1) >= 40
    plate = np.concatenate([np.full((970, 3), 120.0), np.full((30, 3), 25.0)])  # 3 % dark specks outside
    got = _loop_drawn(off, crop, plate, min_contrast=40.0)
    assert got[10:30, 18:21].all() and got[9, 17] and not got[5:8, 5:9].any()
    assert not _loop_drawn(off, crop, plate, min_contrast=40.0, speckle=61).any()  # 60 px: under the speckle size


def test_loop_line_is_on_in_auto_and_off_in_graphic_params():
    from creative_tools.objects.auto import AUTO_LOOP_LINE, AutoObjects

    assert AUTO_LOOP_LINE is True and AUTO_PARAMS["loop_line"] is AUTO_LOOP_LINE
    assert AutoObjects().params.loop_line is True
    assert AutoObjects(loop_line=False).params.loop_line is False
    assert GraphicParams().loop_line is False  # the click's own parameters keep it off


@pytest.mark.parametrize("kind", ["loop_product", "icon"])
def test_the_default_auto_backend_takes_a_marker_loop_as_its_line(kind):
    # through load("objects", "auto") with no option (session 32): the plate a marker loop
    # rings is left, the product inside taken; a line icon in a ring stays whole
    img, thing, inside = _ringed(kind, 1.0)
    got = load("objects", "auto").detect(img).mask
    assert got[thing].mean() >= 0.98
    if kind == "loop_product":
        assert got[inside].mean() <= 0.02  # (off: the filled disc, 1.0)


# Session 32 (lmends): drawings beside the ring in the ring's own ink (a caption 2 - 6 px under a
# ring icon, the next ring icon of a row 6 - 10 px apart) fall into the plate's sample round the
# loop; before the mend they made the line icon inside count as plate (0.667 / 0.895 at 0.5x / 1x).


def _house(t, k, cx=240, cy=180, s=1.0, th=4):
    for pts in ([(-40, 20), (-40, -20), (0, -55), (40, -20), (40, 20), (-40, 20)], [(-10, 20), (-10, -5), (10, -5), (10, 20)]):
        pp = np.array([(cx + s * x, cy + s * y) for x, y in pts]) * k
        cv2.polylines(t, [np.round(pp).astype(np.int32)], False, 255, max(1, round(th * k)), cv2.LINE_AA)


def _beside(kind, k, caption_ink=(40, 60, 120)):
    """(image, icon, caption): ``caption2`` / ``caption6``, a ring icon (radius 80, 6 px, a 4 px
    house inside, ink (40, 60, 120)) with a two-line caption in ``caption_ink`` 2 / 6 px under the
    ring; ``row6`` / ``row10``, three ring icons (radius 40, 4 px) 6 / 10 px apart, a house in each."""
    img = _canvas(k, "light")
    ring, icon, cap = (np.zeros(img.shape[:2], np.uint8) for _ in range(3))
    ink = (40, 60, 120)
    if kind.startswith("caption"):
        gap = int(kind[7:])
        cv2.circle(ring, (round(240 * k), round(180 * k)), round(80 * k), 255, max(1, round(6 * k)), cv2.LINE_AA)
        _house(icon, k)
        for text, x, y in (("Free delivery", 130, 284 + gap), ("on every order", 120, 320 + gap)):
            cv2.putText(cap, text, (round(x * k), round(y * k)), cv2.FONT_HERSHEY_SIMPLEX, 1.2 * k, 255,
                        max(1, round(3 * k)), cv2.LINE_AA)
    else:
        step = 80 + 4 + int(kind[3:])  # two radii, the ring's width, the gap
        for cx in (240 - step, 240, 240 + step):
            cv2.circle(ring, (round(cx * k), round(180 * k)), round(40 * k), 255, max(1, round(4 * k)), cv2.LINE_AA)
            _house(icon, k, cx=cx, cy=185, s=0.45, th=3)
    _paint(img, ring, ink)
    _paint(img, icon, ink)
    _paint(img, cap, caption_ink)
    return img, icon > 127, cap > 127


@pytest.mark.parametrize("k", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("kind", ["caption2", "caption6", "row6", "row10"])
def test_loop_line_keeps_a_ring_icon_beside_drawings_in_its_ink(kind, k):
    img, icon, _ = _beside(kind, k)
    on = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": True})), icon.shape)
    off = _union(graphic_proposals(img, params=GraphicParams(**{**AUTO_PARAMS, "loop_line": False})), icon.shape)
    assert off[icon].mean() >= 0.99  # (without the option the filled rings take them)
    assert on[icon].mean() >= 0.98  # the line icons stay (0.667 / 0.895 / 0.875 before the mend)


def _ring_crop():
    """A 120 x 120 plate (200) with a red ring (radius 30 - 34) round (60, 60): crop, filled, reg,
    outer (34 - 38) and beyond (38 - 58), and the grid of the plate's far band."""
    crop = np.full((120, 120, 3), 200.0)
    yy, xx = np.mgrid[:120, :120]
    r = np.hypot(yy - 60, xx - 60)
    reg = (r >= 30) & (r < 34)
    crop[reg] = (200, 30, 30)
    return crop, r < 34, reg, (r >= 34) & (r < 38), (r >= 38) & (r < 58), (yy % 6 == 0) & (xx % 6 == 0)


def test_loop_hole_leaves_the_text_out_of_the_plate_round_the_loop():
    # a caption in a blue of its own under the ring (what the text source removes, ``other``): a blue
    # stroke inside the ring is a drawing, not the plate's, once the caption is out of the sample
    crop, filled, reg, outer, beyond, _ = _ring_crop()
    caption = np.zeros(filled.shape, bool)
    caption[98:110, 30:90] = True
    crop[caption] = (30, 30, 200)
    crop[45:75, 58:62] = (30, 30, 200)  # the stroke inside, 120 px
    other = cv2.dilate(caption.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    got = _loop_hole(filled, reg, crop, outer, beyond, min_contrast=40.0, other=other)
    assert got is not None and not got[45:75, 58:62].any()  # the stroke stays
    alone = _loop_hole(filled, reg, crop, outer, beyond, min_contrast=40.0)
    assert alone[46:74, 59:61].all()  # (with the caption in the sample: counted as the plate)


def test_loop_hole_reads_the_plate_a_band_out():
    # the plate's dark specks lie only in the band further out (``beyond``), not just outside the
    # line (``outer``): a speck inside of their colour is the plate's, left with it
    crop, filled, reg, outer, beyond, grid = _ring_crop()
    crop[beyond & grid] = (30, 30, 30)  # specks: 2.7 % of the far band
    for y, x in ((45, 45), (70, 60)):
        crop[y:y + 4, x:x + 4] = (30, 30, 30)  # two of them inside, 16 px each
    got = _loop_hole(filled, reg, crop, outer, beyond, min_contrast=40.0)
    assert got is not None
    assert got[46:48, 46:48].all() and got[71:73, 61:63].all()  # left with the plate


def test_piece_medians_are_numpys_medians():
    from creative_tools.objects.graphic import _piece_medians

    rng = np.random.default_rng(0)
    crop = rng.integers(0, 256, (60, 70, 3)).astype(np.float64)
    _, cl = cv2.connectedComponents((rng.random((60, 70)) < 0.55).view(np.uint8), connectivity=8)
    labels = np.arange(1, cl.max() + 1)
    want = np.array([np.median(crop[cl == j], 0) for j in labels])
    np.testing.assert_array_equal(_piece_medians(crop, cl, labels), want)  # exact: the same values
