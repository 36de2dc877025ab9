"""Objects source: sliders (a knob on a track, with its value bubble) in the ``auto`` proposals."""

import cv2
import numpy as np
import pytest

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects.graphic import GraphicParams, graphic_proposals
from creative_tools.objects.slider import slider_proposals


def _slider(knob_x=230, two_colours=True, track=True, bubble=True):
    """A 400 x 300 creative: a plate (130, 140, 90), a horizontal track at y = 150 from x = 80
    to 320, 6 px thick (left of the knob red, right grey), a white knob with a red ring
    (radius 12), a dark value bubble above the knob with light words. Returns the image, the
    slider's truth, the words' polygon and the words' mask."""
    img = np.zeros((300, 400, 3), np.uint8)
    img[:] = (130, 140, 90)
    red, grey = (200, 40, 60), ((90, 92, 100) if two_colours else (200, 40, 60))
    truth = np.zeros((300, 400), np.uint8)
    if track:
        cv2.rectangle(img, (80, 147), (knob_x, 152), red, -1)
        cv2.rectangle(img, (knob_x, 147), (320, 152), grey, -1)
        cv2.rectangle(truth, (80, 147), (320, 152), 1, -1)
    cv2.circle(img, (knob_x, 150), 12, red, -1, lineType=cv2.LINE_AA)
    cv2.circle(img, (knob_x, 150), 9, (252, 252, 252), -1, lineType=cv2.LINE_AA)
    cv2.circle(truth, (knob_x, 150), 12, 1, -1)
    words = np.zeros((300, 400), bool)
    poly = np.array([[knob_x - 18, 112], [knob_x + 18, 112], [knob_x + 18, 126], [knob_x - 18, 126]], np.float32)
    if bubble:
        cv2.rectangle(img, (knob_x - 26, 106), (knob_x + 26, 131), (30, 30, 40), -1)
        cv2.fillPoly(img, [np.array([[knob_x - 6, 131], [knob_x + 6, 131], [knob_x, 137]], np.int32)], (30, 30, 40))
        cv2.rectangle(truth, (knob_x - 26, 106), (knob_x + 26, 131), 1, -1)
        cv2.putText(img, "64%", (knob_x - 18, 125), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (240, 240, 240), 1, cv2.LINE_AA)
        words[112:127, knob_x - 18:knob_x + 19] = True
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
    import creative_tools.objects.slider as S

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
