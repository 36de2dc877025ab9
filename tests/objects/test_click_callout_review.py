"""Session 24 review of ``callout`` + ``track_arc=90``: pieces that point without being a
callout (a star's spike aimed at a logo, an arrow icon, a map pin, a play triangle, a
chevron) must not join what they point at, and session 23's leak cases (a line running on
under a part) stay refused with both on. Small synthetic arrays, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.objects.click import ClickSegmenter, _one_tip, segment_at

H, W = 300, 480
Y, X = np.mgrid[:H, :W]
PLATE = (235, 232, 225)
ON = dict(callout=True, track_arc=90)   # (the defaults since session 24)
OFF = dict(callout=False, track_arc=60)


def _poly(pts) -> np.ndarray:
    m = np.zeros((H, W), np.uint8)
    cv2.fillPoly(m, [np.array(pts, np.int32)], 1)
    return m.astype(bool)


def _star(cx, cy, r0, r1, n) -> np.ndarray:
    a = np.arange(2 * n) * np.pi / n
    r = np.where(np.arange(2 * n) % 2 == 0, r1, r0)
    return _poly(np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1))


LOGO = np.hypot(X - 300, Y - 150) <= 22
STAR = _star(200, 150, 22, 50, 5)   # a spike's tip 28 px short of the logo's middle, aimed at it
BUBBLE = ((Y >= 78) & (Y < 96) & (X >= 170) & (X < 230)) | \
    ((Y >= 96) & (Y <= 102) & (np.abs(X - 200) <= 102 - Y))


def _scene(*pieces) -> np.ndarray:
    img = np.full((H, W, 3), PLATE, np.uint8)
    for m, col in pieces:
        img[m] = col
    return cv2.GaussianBlur(img, (3, 3), 0.8)


def test_one_tip_counts_the_pointers():
    assert _one_tip(BUBBLE)                        # 2 shoulders, 5.2 px deep
    # a bubble's words notch its top edge 3 px deep (artcheck5's bubbles: 2.9 - 3.2 px):
    # still one pointer
    notched = BUBBLE & ~((Y < 81) & ((np.abs(X - 185) <= 2) | (np.abs(X - 205) <= 2)))
    assert _one_tip(notched)
    assert not _one_tip(STAR)                      # 5 spikes: 5 defects ~19 px deep
    assert not _one_tip(_star(200, 150, 44, 64, 12))   # a star-burst badge
    assert _one_tip(np.hypot(X - 200, Y - 150) <= 30)  # a disc: no defect
    assert not _one_tip(np.zeros((H, W), bool))


def test_a_clicked_star_does_not_take_the_logo_its_spike_points_at():
    # (before the guard: the star's spike was a callout's pointer, the logo joined the
    # clicked star: 1,641 px added on the 640 x 400 review image)
    img = _scene((STAR, (250, 190, 20)), (LOGO, (30, 60, 140)))
    off = segment_at(img, [(200, 150)], saliency=False, **OFF)
    on = segment_at(img, [(200, 150)], saliency=False, **ON)
    assert off[STAR].mean() > 0.9 and not off[LOGO].any()
    assert (on == off).all()


def _case(name):
    if name == "arrow":   # an arrow icon (shaft, a head with shoulders) aimed at a button
        tgt = (X >= 250) & (X < 370) & (Y >= 128) & (Y < 172)
        ptr = ((X >= 150) & (X < 212) & (Y >= 146) & (Y < 154)) | _poly([(210, 136), (242, 150), (210, 164)])
        return tgt, ptr, (310, 150), (180, 150)
    if name == "pin":     # a map pin (a disc on a slim point) above a card
        tgt = (X >= 170) & (X < 330) & (Y >= 180) & (Y < 280)
        ptr = (np.hypot(X - 250, Y - 110) <= 20) | _poly([(244, 126), (256, 126), (250, 162)])
        return tgt, ptr, (250, 230), (250, 110)
    # a play triangle before a pill
    tgt = (X >= 250) & (X < 370) & (Y >= 134) & (Y < 166)
    ptr = _poly([(190, 128), (235, 150), (190, 172)])
    return tgt, ptr, (310, 150), (205, 150)


@pytest.mark.parametrize("name", ["arrow", "pin", "play"])
def test_a_pointing_icon_and_its_target_stay_apart(name):
    tgt, ptr, at_t, at_p = _case(name)
    img = _scene((tgt, (20, 120, 60)), (ptr, (200, 30, 40)))
    for at in (at_t, at_p):
        off = segment_at(img, [at], saliency=False, **OFF)
        on = segment_at(img, [at], saliency=False, **ON)
        assert (on == off).all(), (name, at)


def _disc(cx, cy, r):
    return np.hypot(X - cx, Y - cy) <= r


@pytest.mark.parametrize("case", ["table", "road", "divider", "ribbon"])
def test_a_line_running_on_under_a_part_is_refused_with_both_on(case):
    # session 23's leak cases (tests/objects/test_click_track.py) with callout on and the
    # wider arcs: no piece points at the part, so the length bound still refuses the line
    img = np.full((H, W, 3), (235, 235, 240), np.uint8)
    if case == "table":   # a badge (r 16) on a 10 px dark rule of a white table
        img[40:260, 60:420] = 255
        for y in (90, 150, 210):
            img[y - 5:y + 5, 60:420] = (60, 60, 60)
        m = _disc(240, 150, 16)
        img[m] = (0, 150, 220)
        img = cv2.GaussianBlur(img, (5, 5), 1.2)
    elif case == "road":  # a sign (r 30) on a 24 px road band between a sky and a field
        img[:] = (150, 200, 240)
        img[170:] = (80, 140, 60)
        img[140:164, 20:460] = (70, 70, 75)
        m = _disc(240, 152, 30)
        img[m] = (230, 30, 30)
    elif case == "divider":   # a button (120 x 44) on a 14 px divider rule
        img[143:157, 30:450] = (120, 120, 120)
        m = (X >= 180) & (X < 301) & (Y >= 128) & (Y < 173)
        img[m] = (20, 120, 60)
    else:                 # a badge (r 30) on a 24 px ribbon
        img[138:162, 40:440] = (30, 60, 140)
        m = _disc(240, 150, 30)
        img[m] = (220, 40, 40)
    seg = ClickSegmenter(img, saliency=False, **ON)
    if case == "table":
        on = seg.segment([(240, 150)])
        assert not on[145:155, 60:215].any() and not on[145:155, 265:420].any()
    else:
        assert seg._silhouette(m) is None
