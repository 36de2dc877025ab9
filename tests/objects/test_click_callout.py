"""``callout`` and ``track_arc`` (session 24): a slider's value bubble, a separate piece whose
pointer points at the knob, joins the knob (and the knob joins a clicked bubble); a knob that
a callout points at takes its track however long; a case takes a strap about as wide as it
when ``track_arc`` admits the strap's wider contacts. A bubble without a pointer, or one
whose pointer points elsewhere, stays apart. Small synthetic arrays, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter, _points_at

H, W = 200, 400
YY, XX = np.mgrid[:H, :W]
PLATE = (120, 60, 160)
KX, KY = 200, 120
KNOB = np.hypot(XX - KX, YY - KY) <= 12
# the bubble: a 60 x 24 box whose pointer (a triangle 12 px wide, 6 px tall) stops 6 px
# over the knob; "text" (a white bar) inside it
BOX = (YY >= 78) & (YY < 96) & (XX >= 170) & (XX < 230)
TRI = (YY >= 96) & (YY <= 102) & (np.abs(XX - KX) <= 102 - YY)
TEXT = (YY >= 84) & (YY < 90) & (XX >= 182) & (XX < 218)


def _slider(*, bubble="pointer", reach=36, track=True):
    """A white knob (r 12) on an 8 px track reaching ``reach`` px each side (red filled
    part, grey rest) on a purple plate, and a dark blue bubble over it: ``"pointer"``
    (pointing at the knob), ``"flat"`` (the box alone, no pointer), ``"aside"`` (the
    pointer 40 px to the left, pointing at the plate), ``"photo"`` (the pointer's bubble
    with a photo's grain), or None."""
    img = np.full((H, W, 3), PLATE, np.uint8)
    if track:
        img[KY - 4:KY + 4, KX - reach:KX] = (200, 20, 50)
        img[KY - 4:KY + 4, KX:KX + reach] = (90, 90, 90)
    if bubble is not None:
        img[BOX] = (20, 40, 200)
        if bubble in ("pointer", "photo"):
            img[TRI] = (20, 40, 200)
        elif bubble == "aside":
            img[np.roll(TRI, -40, axis=1)] = (20, 40, 200)
        img[TEXT] = 255
        if bubble == "photo":  # grain: a photo's piece shaped as a bubble, not drawn
            grain = np.random.default_rng(0).normal(0, 12, (H, W, 3))
            img[BOX | TRI] = np.clip(img[BOX | TRI] + grain[BOX | TRI], 0, 255).astype(np.uint8)
    img[KNOB] = 255
    return img


def test_points_at_needs_a_tip_aimed_at_the_other():
    dist = cv2.distanceTransform((~KNOB).view(np.uint8), cv2.DIST_L2, 3)
    assert _points_at(BOX | TRI, dist, KNOB)
    assert not _points_at(BOX | np.roll(TRI, -40, axis=1), dist, KNOB)  # aimed beside it
    # a flat side squarely over the knob (a box centred on it, aimed at its middle)
    flat = (YY >= 78) & (YY < 96) & (XX >= 170) & (XX <= 230)
    assert not _points_at(flat, dist, KNOB)
    # the knob 14 px to the right: the pointer is still the bubble's part nearest it,
    # but aims 14 px beside its middle (over half its radius)
    aside = np.hypot(XX - KX - 14, YY - KY) <= 12
    da = cv2.distanceTransform((~aside).view(np.uint8), cv2.DIST_L2, 3)
    assert not _points_at(BOX | TRI, da, aside)
    # a diamond's corner aimed at the knob's middle: a convex shape's corner widens
    # steadily behind it (no shoulders: not a pointer standing out of a body)
    diamond = np.abs(XX - KX) + np.abs(YY - 60) <= 30
    assert not _points_at(diamond, dist, KNOB)
    # a knob's round cap on its track (shoulders, aimed at a disc's middle over it) is
    # no tip: 17 px across at 3 px from its end
    slider = KNOB | ((YY >= KY - 4) & (YY < KY + 4) & (np.abs(XX - KX) <= 36))
    disc = np.hypot(XX - KX, YY - 86) <= 10
    dd = cv2.distanceTransform((~disc).view(np.uint8), cv2.DIST_L2, 3)
    assert not _points_at(slider, dd, disc)


def test_the_knob_takes_the_bubble_pointing_at_it():
    img = _slider()
    off = ClickSegmenter(img, saliency=False, callout=False).segment([(KX, KY)])
    on = ClickSegmenter(img, saliency=False).segment([(KX, KY)])   # (on by default since session 24)
    assert not off[BOX].any()
    assert on[BOX | TRI].all() and on[KNOB].all()
    assert on[KY - 4:KY + 4, KX - 36:KX + 36].all()  # the track, as off
    assert not on[:70].any() and not on[140:].any()


@pytest.mark.parametrize("bubble", ["flat", "aside", "photo"])
def test_a_piece_that_does_not_point_at_the_knob_stays_apart(bubble):
    on = ClickSegmenter(_slider(bubble=bubble), saliency=False, callout=True).segment([(KX, KY)])
    assert on[KNOB].all() and not on[BOX].any()


def test_a_clicked_bubble_takes_the_knob_it_points_at():
    img = _slider()
    off = ClickSegmenter(img, saliency=False, callout=False).segment([(175, 82)])
    on = ClickSegmenter(img, saliency=False).segment([(175, 82)])
    assert off[BOX].all() and not off[KNOB].any()
    assert on[BOX].all() and on[KNOB].all() and on[KY - 4:KY + 4, KX - 36:KX + 36].all()


def test_a_long_track_is_taken_only_under_a_callout():
    # the track reaches 100 px each way (4 x the knob's side): a line running on past it
    # by the length bound, unless a bubble points at the knob
    for bubble, callout, taken in ((None, True, False), ("pointer", False, False), ("pointer", True, True),
                                   ("flat", True, False)):
        seg = ClickSegmenter(_slider(bubble=bubble, reach=100), saliency=False, callout=callout)
        g = seg._silhouette(KNOB)
        assert bool(g is not None and g[KY - 4:KY + 4, KX - 100:KX + 100].all()) is taken, (bubble, callout)


def _watch(strap: int):
    """A metal case (60 x 72, inscribed radius 30) with a black screen on an orange strap
    ``strap`` px wide whose stubs reach 24 px past the case's top and bottom, on a teal
    plate."""
    img = np.full((H, W, 3), (60, 130, 120), np.uint8)
    img[36:60, KX - strap // 2:KX + strap // 2] = (230, 120, 30)
    img[132:156, KX - strap // 2:KX + strap // 2] = (230, 120, 30)
    img[60:132, KX - 30:KX + 30] = (200, 202, 208)
    screen = (YY >= 68) & (YY < 124) & (XX >= KX - 22) & (XX < KX + 22)
    img[screen] = (12, 12, 16)
    case = (YY >= 60) & (YY < 132) & (XX >= KX - 30) & (XX < KX + 30)
    return img, case


def test_a_strap_as_wide_as_the_case_needs_a_wider_arc():
    # the 50 px strap meets the ring round the case on 63-degree arcs: over the default
    # 60, within 90; a 36 px strap (47 degrees) is taken at both
    img, case = _watch(50)
    assert ClickSegmenter(img, saliency=False, track_arc=60)._silhouette(case) is None
    g = ClickSegmenter(img, saliency=False)._silhouette(case)   # (90 by default since session 24)
    assert g is not None and g[36:156, KX - 25:KX + 25].all() and not g[:, :KX - 31].any()
    img, case = _watch(36)
    for arc in (60, 90):
        g = ClickSegmenter(img, saliency=False, track_arc=arc)._silhouette(case)
        assert g is not None and g[36:156, KX - 18:KX + 18].all()


def test_the_options_are_checked():
    img = _slider()
    for bad in (1, 0, "yes", None):
        with pytest.raises(ContractError, match="callout"):
            ClickSegmenter(img, saliency=False, callout=bad)
    for bad in (True, 5, 180, float("nan"), float("inf"), "90"):
        with pytest.raises(ContractError, match="track_arc"):
            ClickSegmenter(img, saliency=False, track_arc=bad)
    seg = ClickSegmenter(img, saliency=False)
    assert seg.callout is True and seg.track_arc == 90.0   # (session 24's defaults)


def test_a_clicked_photo_piece_does_not_take_what_it_points_at():
    on = ClickSegmenter(_slider(bubble="photo"), saliency=False, callout=True).segment([(175, 82)])
    assert not on[KNOB].any()
