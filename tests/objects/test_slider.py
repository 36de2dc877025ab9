"""Objects source: sliders (a knob on a track, with its value bubble) in the ``auto`` proposals."""

import cv2
import numpy as np
import pytest

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects.graphic import GraphicParams, graphic_proposals
from creative_tools.objects.graphic import slider_proposals


def _slider(knob_x=230, two_colours=True, track=True, bubble=True, k=1):
    """A 400 x 300 creative: a plate (130, 140, 90), a horizontal track at y = 150 from x = 80
    to 320, 6 px thick (left of the knob red, right grey), a white knob with a red ring
    (radius 12), a dark value bubble above the knob with light words. ``k`` (an int) draws it
    k times larger. Returns the image, the slider's truth, the words' polygon and the words' mask."""
    def q(*v):
        return tuple(k * int(u) for u in v)

    img = np.zeros(q(300, 400) + (3,), np.uint8)
    img[:] = (130, 140, 90)
    red, grey = (200, 40, 60), ((90, 92, 100) if two_colours else (200, 40, 60))
    truth = np.zeros(q(300, 400), np.uint8)
    if track:
        cv2.rectangle(img, q(80, 147), q(knob_x, 152), red, -1)
        cv2.rectangle(img, q(knob_x, 147), q(320, 152), grey, -1)
        cv2.rectangle(truth, q(80, 147), q(320, 152), 1, -1)
    cv2.circle(img, q(knob_x, 150), k * 12, red, -1, lineType=cv2.LINE_AA)
    cv2.circle(img, q(knob_x, 150), k * 9, (252, 252, 252), -1, lineType=cv2.LINE_AA)
    cv2.circle(truth, q(knob_x, 150), k * 12, 1, -1)
    words = np.zeros(q(300, 400), bool)
    poly = k * np.array([[knob_x - 18, 112], [knob_x + 18, 112], [knob_x + 18, 126], [knob_x - 18, 126]], np.float32)
    if bubble:
        cv2.rectangle(img, q(knob_x - 26, 106), q(knob_x + 26, 131), (30, 30, 40), -1)
        cv2.fillPoly(img, [k * np.array([[knob_x - 6, 131], [knob_x + 6, 131], [knob_x, 137]], np.int32)], (30, 30, 40))
        cv2.rectangle(truth, q(knob_x - 26, 106), q(knob_x + 26, 131), 1, -1)
        cv2.putText(img, "64%", q(knob_x - 18, 125), cv2.FONT_HERSHEY_SIMPLEX, 0.5 * k, (240, 240, 240), k,
                    cv2.LINE_AA)
        words[k * 112:k * 127, k * (knob_x - 18):k * (knob_x + 19)] = True
    return img, truth.astype(bool), poly, words


def _union(props, shape):
    m = np.zeros(shape, bool)
    for p in props:
        m |= p.mask
    return m


def test_slider_takes_knob_track_and_bubble_as_one_button():
    img, truth, poly, words = _slider()
    props = slider_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams(sliders=True))
    assert len(props) == 1 and props[0].kind == "button" and props[0].score >= 0.85
    got = props[0].mask
    assert got[truth].mean() >= 0.9  # knob, both track parts and the bubble round its words
    assert (got & ~cv2.dilate(truth.view(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)).sum() <= 40


def test_slider_needs_a_track_both_ways():
    """A lone dot (no track) and a dot at the end of a bar (a ball on a pole) are no slider."""
    img, _, poly, words = _slider(track=False)
    assert slider_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams()) == []
    img, _, poly, words = _slider(knob_x=80)  # the knob at the track's left end: one way only
    assert slider_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams()) == []


def test_slider_without_words_keeps_knob_and_track():
    img, truth, _, _ = _slider(bubble=False)
    props = slider_proposals(img, params=GraphicParams())
    assert len(props) == 1 and props[0].mask[truth].mean() >= 0.9


def test_sliders_reach_auto_and_stay_off_by_default():
    img, truth, poly, words = _slider()
    off = _union(graphic_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams()), truth.shape)
    on = _union(graphic_proposals(img, text_polygons=[poly], text_mask=words,
                                  params=GraphicParams(sliders=True)), truth.shape)
    assert off[truth].mean() < 0.8 and on[truth].mean() >= 0.9  # (off: the bubble alone)
    assert GraphicParams().sliders is False
    det = load("objects", "auto", sliders=True)
    assert det.detect(img, text_polygons=[poly], text_mask=words).mask[truth].mean() >= 0.9
    for bad in (1, "yes", None):
        with pytest.raises(ContractError, match="sliders"):
            GraphicParams(sliders=bad)


def test_sliders_take_nothing_on_a_plain_rule_with_a_dot_pattern():
    """Dots of a pattern beside a long rule (no knob on it) give nothing."""
    img = np.zeros((300, 400, 3), np.uint8)
    img[:] = (230, 225, 210)
    cv2.rectangle(img, (0, 148), (399, 152), (60, 60, 60), -1)  # a rule across the frame
    for x in range(30, 400, 60):
        cv2.circle(img, (x, 100), 8, (200, 40, 60), -1, lineType=cv2.LINE_AA)
    assert slider_proposals(img, params=GraphicParams()) == []


def test_slider_found_by_its_two_track_parts_where_no_bar_passes(monkeypatch):
    """Where no bar passes ``_bars``' colour tests (a translucent track over a grained plate),
    the two thin straight regions on one line through the knob are the track (``_two_ways``)."""
    import creative_tools.objects.graphic as G
    import creative_tools.objects.graphic as S

    img, truth, _, _ = _slider(bubble=False)
    monkeypatch.setattr(G, "_bars", lambda *a, **k: None)
    props = slider_proposals(img, params=GraphicParams())
    assert len(props) == 1 and props[0].mask[truth].mean() >= 0.9
    monkeypatch.setattr(S, "_two_ways", lambda *a, **k: None)
    assert slider_proposals(img, params=GraphicParams()) == []


def test_auto_takes_sliders_by_default_and_the_click_params_do_not():
    """``sliders`` is on in ``--objects auto`` (AUTO_SLIDERS) and off in GraphicParams (the click's)."""
    from creative_tools.objects.auto import AUTO_PARAMS, AUTO_SLIDERS, AutoObjects

    assert AUTO_SLIDERS is True and AUTO_PARAMS["sliders"] is AUTO_SLIDERS
    assert AutoObjects().params.sliders is True and GraphicParams().sliders is False
    img, truth, poly, words = _slider()
    on = AutoObjects().detect(img, text_polygons=[poly], text_mask=words).mask
    off = AutoObjects(sliders=False).detect(img, text_polygons=[poly], text_mask=words).mask
    assert on[truth].mean() >= 0.9 and off[truth].mean() < 0.8


def test_slider_found_at_twice_the_size():
    """The knob's ring has the filled track's colour and joins it into one region that wraps
    round the knob; at k = 2 (knob radius 23 working px) ``_far_side`` must judge that region
    less the knob."""
    img, truth, poly, words = _slider(k=2)
    props = slider_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams(sliders=True))
    assert len(props) == 1 and _union(props, truth.shape)[truth].mean() >= 0.9


def test_slider_with_a_one_colour_track_needs_its_bubble(monkeypatch):
    """A dot between two bars of its colour is a divider ornament unless a value bubble is
    beside it; a slider's two track parts of two colours need none."""
    import creative_tools.objects.graphic as S

    img, truth, poly, words = _slider(two_colours=False)
    props = slider_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams())
    assert len(props) == 1 and props[0].mask[truth].mean() >= 0.9
    img, _, _, _ = _slider(two_colours=False, bubble=False)
    assert slider_proposals(img, params=GraphicParams()) == []
    monkeypatch.setattr(S, "_one_colour", lambda *a, **k: False)
    assert len(slider_proposals(img, params=GraphicParams())) == 1  # (the guard is what refuses it)


def _words(img, txt, x, y, scale=0.6):
    (tw, th), _ = cv2.getTextSize(txt, cv2.FONT_HERSHEY_SIMPLEX, scale, 2)
    cv2.putText(img, txt, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, (40, 40, 40), 2, cv2.LINE_AA)
    return np.array([[x - 2, y - th - 3], [x + tw + 2, y - th - 3], [x + tw + 2, y + 5], [x - 2, y + 5]], np.float32)


def _run(img, polys):
    m = np.zeros(img.shape[:2], np.uint8)
    cv2.fillPoly(m, [np.round(p).astype(np.int32) for p in polys], 1)
    return slider_proposals(img, text_polygons=polys, text_mask=m.astype(bool), params=GraphicParams())


def test_sliders_take_no_divider_ornament():
    """Under a headline: a bar, a dot, a gap, a bar, all one brown (the review's counter-example)."""
    img = np.full((576, 768, 3), (245, 240, 230), np.uint8)
    polys = [_words(img, "SUMMER COLLECTION", 250, 200, 1.0)]
    cv2.line(img, (250, 240), (370, 240), (150, 120, 80), 3, cv2.LINE_AA)
    cv2.line(img, (400, 240), (520, 240), (150, 120, 80), 3, cv2.LINE_AA)
    cv2.circle(img, (385, 240), 7, (150, 120, 80), -1, cv2.LINE_AA)
    assert _run(img, polys) == []


@pytest.mark.parametrize("case", ["timeline", "stepper"])
def test_sliders_take_no_line_joining_several_dots(case, monkeypatch):
    """A timeline (a line with five dots of another colour) and a stepper (three circles joined
    by a grey line, labels under them): the track from each dot reaches the next dot."""
    import creative_tools.objects.graphic as S

    img = np.full((576, 768, 3), (250, 250, 250), np.uint8)
    polys = []
    if case == "timeline":
        cv2.line(img, (60, 300), (708, 300), (30, 90, 160), 4, cv2.LINE_AA)
        for x in range(130, 708, 130):
            cv2.circle(img, (x, 300), 9, (230, 80, 40), -1, cv2.LINE_AA)
    else:
        cv2.line(img, (150, 300), (618, 300), (180, 180, 180), 3, cv2.LINE_AA)
        for x in (150, 384, 618):
            cv2.circle(img, (x, 300), 12, (40, 160, 90), -1, cv2.LINE_AA)
        polys = [_words(img, "Order", 125, 345), _words(img, "Ship", 362, 345), _words(img, "Enjoy", 590, 345)]
    assert _run(img, polys) == []
    monkeypatch.setattr(S, "_one_colour", lambda *a, **k: False)  # (the timeline's line is one colour too)
    assert _run(img, polys) == []
    monkeypatch.setattr(S, "_another_knob", lambda *a, **k: False)
    assert len(_run(img, polys)) >= 1  # (the guard is what refuses it)


def test_slider_knob_under_the_text_mask_is_none():
    """A knob the text mask covers (a round letter, a bullet) is no knob."""
    img, _, poly, words = _slider()
    words = words.copy()
    words[135:166, 215:246] = True  # the text mask over the knob
    assert slider_proposals(img, text_polygons=[poly], text_mask=words, params=GraphicParams()) == []


def test_slider_not_at_a_cross_of_lines():
    """A dot where two lines cross (bars in two directions through it) is no knob on a track."""
    img = np.zeros((300, 400, 3), np.uint8)
    img[:] = (130, 140, 90)
    cv2.rectangle(img, (80, 147), (230, 152), (200, 40, 60), -1)  # the slider's two track colours
    cv2.rectangle(img, (230, 147), (320, 152), (90, 92, 100), -1)
    cv2.rectangle(img, (227, 40), (232, 260), (30, 60, 200), -1)  # and a line across
    cv2.circle(img, (230, 150), 12, (200, 40, 60), -1, lineType=cv2.LINE_AA)
    cv2.circle(img, (230, 150), 9, (252, 252, 252), -1, lineType=cv2.LINE_AA)
    assert slider_proposals(img, params=GraphicParams()) == []


def test_slider_skips_a_dot_with_no_long_region_near_it(monkeypatch):
    """A field of dots with nothing long beside them: no knob reaches the frame-wide track
    search (``_bars``), and the slider is still found where its track is."""
    import creative_tools.objects.graphic as G

    calls = []
    bars = G._bars
    monkeypatch.setattr(G, "_bars", lambda *a, **k: calls.append(1) or bars(*a, **k))
    img = np.full((300, 400, 3), (240, 230, 200), np.uint8)
    for y in range(30, 300, 40):
        for x in range(30, 400, 40):
            cv2.circle(img, (x, y), 8, (200, 40, 60), -1, cv2.LINE_AA)
    assert slider_proposals(img, params=GraphicParams()) == [] and calls == []
    img, _, _, _ = _slider(bubble=False)
    assert len(slider_proposals(img, params=GraphicParams())) == 1 and calls
