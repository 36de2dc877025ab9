"""Objects source: ``loop_line`` (a closed line drawn round a spot of the plate is the line alone)."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.auto import AUTO_PARAMS
from creative_tools.objects.graphic import GraphicParams, _loop_hole, graphic_proposals


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
    off = _union(graphic_proposals(img, params=GraphicParams(**AUTO_PARAMS)), badge.shape)
    assert off[badge.astype(bool)].mean() >= 0.95
    assert on[badge.astype(bool)].mean() >= 0.95  # the badge's inside stays
