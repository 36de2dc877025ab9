"""``silhouette_track`` (session 23): a slider's knob clicked takes the track it sits on, a
bar leaving it on two opposite sides and ending near it, that the silhouette's thick-body
test refused (the track, 8 px, is thick for the 7 px opening of a 12 px knob). A card under
the knob, a bar that ends at it, and a line that runs on past it (a table's rule, a divider
through a button, a road under a sign, a ribbon under a badge) are still refused. Small
synthetic arrays, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter, segment_at

YY, XX = np.mgrid[:160, :320]
KNOB = np.hypot(XX - 160, YY - 80) <= 12
D = np.hypot(XX - 160, YY - 80)
RING = (D > 15) & (D <= 18)


def _slider(*, left=True, right=True, card=False, reach=36, blob=False):
    """A white knob (r 12, side 25) on an 8 px track reaching ``reach`` px each side of its
    centre (red filled part, grey rest) on a purple plate; ``blob``: a grey square on the
    border of the window at pad 1 (x 120..200, y 40..120), apart from the slider."""
    img = np.full((160, 320, 3), (120, 60, 160), np.uint8)
    if left:
        img[76:84, 160 - reach:160] = (200, 20, 50)
    if right:
        img[76:84, 160:160 + reach] = (90, 90, 90)
    if card:
        img[80:140, 100:220] = (240, 200, 40)
    if blob:
        img[110:130, 100:125] = (90, 90, 90)
    img[KNOB] = 255
    return img


def _bar(left: bool, right: bool, reach: int = 36) -> np.ndarray:
    m = np.zeros((160, 320), bool)
    if left:
        m[76:84, 160 - reach:160] = True
    if right:
        m[76:84, 160:160 + reach] = True
    return m & ~KNOB


def test_the_knob_takes_its_track():
    img = _slider()
    off = ClickSegmenter(img, saliency=False, silhouette_track=False)
    assert off._silhouette(KNOB) is None  # the thick-body test
    g = ClickSegmenter(img, saliency=False)._silhouette(KNOB)  # (on by default)
    assert g is not None
    assert g[KNOB].all() and g[76:84, 124:196].all()
    assert not g[:60].any() and not g[100:].any()


def test_the_public_door_passes_the_option():
    # a panel of three sliders (knobs at x 220, 240, 260): the click takes the panel's
    # knobs (off: the clicked slider whole, the other two knobs alone); on, each knob
    # also takes its track
    img = np.full((240, 480, 3), (120, 60, 160), np.uint8)
    yy, xx = np.mgrid[:240, :480]
    for cx, cy in ((220, 60), (240, 120), (260, 180)):
        img[cy - 4:cy + 4, cx - 36:cx] = (200, 20, 50)
        img[cy - 4:cy + 4, cx:cx + 36] = (90, 90, 90)
        img[np.hypot(xx - cx, yy - cy) <= 12] = 255
    off = segment_at(img, [(240, 120)], saliency=False, silhouette_track=False, silhouette_own=0)
    on = segment_at(img, [(240, 120)], saliency=False)
    assert off[116:124, 204:276].all() and on[116:124, 204:276].all()
    assert not off[56:64, 184:200].any() and not off[176:184, 280:296].any()
    assert on[56:64, 184:256].all() and on[176:184, 224:296].all()


def test_one_half_of_the_track_sends_the_search_on():
    # at pad 1 the grey blob on the window's border makes the grey half the plate's: one
    # arc; the window at pad 2 holds the blob inside, both halves join (two arcs)
    seg = ClickSegmenter(_slider(blob=True), saliency=False)
    g = seg._silhouette(KNOB)
    assert g is not None and g[76:84, 124:196].all()
    assert not g[110:130, 100:125].any()


def test_the_wider_windows_serve_a_knob_too():
    # grey squares on the borders of the windows at pads 1, 2 and 4 make the track's grey
    # half the plate's there (one arc each); the window at pad 8 holds them inside
    yy, xx = np.mgrid[:400, :640]
    img = np.full((400, 640, 3), (120, 60, 160), np.uint8)
    img[196:204, 284:320] = (200, 20, 50)
    img[196:204, 320:356] = (90, 90, 90)
    knob = np.hypot(xx - 320, yy - 200) <= 12
    img[knob] = 255
    for bx, by in ((280, 240), (255, 260), (205, 300)):
        img[by - 8:by + 8, bx - 8:bx + 8] = (90, 90, 90)
    g = ClickSegmenter(img, saliency=False)._silhouette(knob)
    assert g is not None and g[196:204, 284:356].all() and g.sum() == knob.sum() + 2 * 8 * 36 - (knob[196:204]).sum()


def test_a_card_under_the_knob_or_a_bar_ending_at_it_is_refused():
    for img in (_slider(left=False, right=False, card=True), _slider(right=False)):
        assert ClickSegmenter(img, saliency=False, silhouette_track=True)._silhouette(KNOB) is None


def test_track_through_counts_the_arcs():
    seg = ClickSegmenter(_slider(), saliency=False, silhouette_track=True)
    both, one = _bar(True, True), _bar(True, False)
    assert seg._track_through(both, both, KNOB, RING) == 2
    assert seg._track_through(one, one, KNOB, RING) == 1
    # a body along the knob (a card below it, meeting it on a 90-degree arc): no track
    card = np.zeros((160, 320), bool)
    card[88:140, 100:220] = True
    card &= ~KNOB
    assert seg._track_through(card, card, KNOB, RING) == 0
    # a bar as thick as the knob is another artifact, not its track; so is one whose
    # inscribed radius is 7.6 (0.64 of the knob's: over 0.6)
    # (both reach 36 px, 1.44 x its side; the second, inscribed radius 7.6, meets the ring
    # as the 8 px track does)
    for (y0, y1), contact in (((68, 92), None), ((72, 88), both)):
        thick = np.zeros((160, 320), bool)
        thick[y0:y1, 124:196] = True
        thick &= ~KNOB
        assert seg._track_through(thick, thick if contact is None else contact, KNOB, RING) == 0
    # two bars at a corner (90 degrees apart) are not one track through it; nor are two
    # bars 120 degrees apart (a bend: under 150)
    corner = _bar(True, False).copy()
    corner[50:76, 156:164] = True
    corner &= ~KNOB
    assert seg._track_through(corner, corner, KNOB, RING) == 0
    bend = np.zeros((160, 320), np.uint8)
    cv2.line(bend, (160, 80), (130, 80), 1, 8)
    cv2.line(bend, (160, 80), (160 + 15, 80 - 26), 1, 8)  # 120 degrees from the first
    bend = bend.astype(bool) & ~KNOB
    assert seg._track_through(bend, bend, KNOB, RING) == 0


def test_a_bar_running_on_past_the_knob_is_refused():
    seg = ClickSegmenter(_slider(), saliency=False)
    long = _bar(True, True, reach=120)  # 4.8 x the knob's side each way
    # (3: a long bar, refused by _silhouette unless ``callout`` finds a bubble pointing at
    # the knob: tests/objects/test_click_callout.py)
    assert seg._track_through(long, long, KNOB, RING) == 3
    assert seg._track_through(_bar(True, True, reach=36), _bar(True, True, reach=36), KNOB, RING) == 2
    assert ClickSegmenter(_slider(reach=120), saliency=False)._silhouette(KNOB) is None


H, W = 400, 640
Y2, X2 = np.mgrid[:H, :W]


def _disc(cx, cy, r):
    return np.hypot(X2 - cx, Y2 - cy) <= r


def test_a_badge_on_a_table_line_takes_the_badge_only():
    # (review of session 23: a blue badge, r 16, on a 10 px dark rule of a white table,
    # blurred: on took badge + the table's line, 5,793 px, off the badge, 881)
    img = np.full((H, W, 3), (235, 235, 240), np.uint8)
    img[60:340, 100:540] = 255
    for y in (120, 200, 280):
        img[y - 5:y + 5, 100:540] = (60, 60, 60)
    badge = _disc(320, 200, 16)
    img[badge] = (0, 150, 220)
    img = cv2.GaussianBlur(img, (5, 5), 1.2)
    off = segment_at(img, [(320, 200)], saliency=False, silhouette_track=False)
    on = segment_at(img, [(320, 200)], saliency=False)
    assert (on == off).all()
    assert not on[195:205, 100:290].any() and not on[195:205, 350:540].any()


@pytest.mark.parametrize("case", ["road", "divider", "ribbon"])
def test_a_line_running_on_under_a_part_is_refused(case):
    img = np.full((H, W, 3), (235, 235, 240), np.uint8)
    if case == "road":  # a sign (r 30) on a 24 px road band, a sky and a field
        img[:] = (150, 200, 240)
        img[220:] = (80, 140, 60)
        img[190:214, 40:600] = (70, 70, 75)
        m = _disc(320, 202, 30)
        img[m] = (230, 30, 30)
    elif case == "divider":  # a button (120 x 44) on a 14 px divider rule
        img[193:207, 60:580] = (120, 120, 120)
        m = np.zeros((H, W), bool)
        m[178:223, 260:381] = True
        img[m] = (20, 120, 60)
    else:  # a badge (r 30) on a 24 px ribbon
        img[188:212, 100:540] = (30, 60, 140)
        m = _disc(320, 200, 30)
        img[m] = (220, 40, 40)
    assert ClickSegmenter(img, saliency=False)._silhouette(m) is None


def test_silhouette_track_is_checked():
    img = _slider()
    for bad in (1, 0, "yes", None):
        with pytest.raises(ContractError, match="silhouette_track"):
            ClickSegmenter(img, saliency=False, silhouette_track=bad)
    assert ClickSegmenter(img, saliency=False).silhouette_track is True
