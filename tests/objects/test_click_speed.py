"""Exact speed-ups of the one-click segmenter (session 27, ctime): each cut gives the same
result as the work it replaces, and does the work less often."""

import numpy as np
import pytest

from creative_tools.errors import BackendUnavailableError
from creative_tools.objects import click as click_mod
from creative_tools.objects.click import ClickSegmenter


def _two_blobs():
    img = np.full((120, 160, 3), 235, np.uint8)
    img[20:60, 20:70] = (200, 40, 40)
    img[70:110, 90:150] = (40, 40, 200)
    sal = np.zeros((120, 160), np.float32)
    sal[20:60, 20:70] = 0.9
    sal[70:110, 90:150] = 0.7
    sal[64:66, 0:10] = 0.6  # a third, thin blob
    return img, sal


def _uncached(sal, x, y):
    # the labelling _salient_at did per click before session 27
    import cv2

    if sal[y, x] <= 0.5:
        return None
    lab = cv2.connectedComponents((sal > 0.5).view(np.uint8))[1]
    return lab == lab[y, x]


def test_salient_at_labels_the_map_once_and_equals_the_per_click_labelling(monkeypatch):
    img, sal = _two_blobs()
    seg = ClickSegmenter(img, saliency=False, work_side=160)
    assert seg.small.shape[:2] == sal.shape
    seg._sal = sal  # a made-up map in place of U²-Netp's
    calls = []
    real = click_mod.cv2.connectedComponents

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(click_mod.cv2, "connectedComponents", counted)
    pts = [(30, 30), (100, 80), (5, 64), (65, 55), (140, 100), (80, 10), (30, 30)]
    got = [seg._salient_at(x, y) for x, y in pts]
    monkeypatch.setattr(click_mod.cv2, "connectedComponents", real)
    for (x, y), g in zip(pts, got):
        want = _uncached(sal, x, y)
        assert (g is None) == (want is None), (x, y)
        if want is not None:
            assert g.dtype == bool and np.array_equal(g, want), (x, y)
    assert got[5] is None
    assert int(got[0].sum()) == 40 * 50 and int(got[1].sum()) == 40 * 60 and int(got[2].sum()) == 20
    assert len(calls) == 1  # per image, not per click (7 clicks, 6 on the salient map)


def test_saliency_session_does_not_spin():
    # onnxruntime's idle workers busy-wait by default: CPU burnt on a shared machine
    from creative_tools.objects.saliency import Saliency

    try:
        s = Saliency()
    except BackendUnavailableError:
        pytest.skip("u2netp.onnx is not fetched (python -m creative_tools models fetch u2netp)")
    opts = s.session.get_session_options()
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert opts.intra_op_num_threads == 2


@pytest.mark.slow
def test_saliency_map_identical_with_and_without_spinning():
    # spinning is scheduling only: the map is bit-identical (what makes the cut exact)
    import onnxruntime as ort

    from creative_tools.objects.saliency import Saliency, u2netp_path

    try:
        quiet = Saliency()
    except BackendUnavailableError:
        pytest.skip("u2netp.onnx is not fetched (python -m creative_tools models fetch u2netp)")
    spin = Saliency()
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    so.log_severity_level = 3
    spin.session = ort.InferenceSession(str(u2netp_path()), so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(3)
    img = np.clip(rng.normal(150, 40, (200, 260, 3)), 0, 255).astype(np.uint8)
    img[60:140, 80:180] = (20, 110, 210)
    assert np.array_equal(quiet.probability(img), spin.probability(img))


def _ghost_button():
    # an outline-only button with three "letters" in its stroke's colour on a light plate
    img = np.full((160, 240, 3), 235, np.uint8)
    ink = (30, 60, 160)
    img[50:110, 60:180][:3] = ink
    img[50:110, 60:180][-3:] = ink
    img[50:110, 60:180][:, :3] = ink
    img[50:110, 60:180][:, -3:] = ink
    for x0 in (85, 110, 135):
        img[70:90, x0:x0 + 12] = ink
    return img, np.array(ink, np.float64)


def test_outline_in_checks_the_clicks_window_before_the_whole_image():
    img, c = _ghost_button()
    seg = ClickSegmenter(img, saliency=False)
    assert seg.s == 1.0
    on = seg._outline_in(61, 80, c, 40.0)  # on the left stroke
    assert on is not None and on[50:53, 60:180].all() and on[70:90, 85:97].all()
    # one pixel off the stroke (the 3x3 window round the click holds ink): the same outline
    assert np.array_equal(seg._outline_in(63, 80, c, 40.0), on)
    assert np.array_equal(seg._outline_in(95, 53, c, 40.0), on)
    assert np.array_equal(seg._outline_in(176, 80, c, 40.0), on)
    assert np.array_equal(seg._outline_in(95, 106, c, 40.0), on)
    # two pixels off it: no ink round the click, None (as the whole image's ink said before)
    assert seg._outline_in(64, 80, c, 40.0) is None
    assert seg._outline_in(95, 54, c, 40.0) is None
    assert seg._outline_in(175, 80, c, 40.0) is None
    assert seg._outline_in(95, 105, c, 40.0) is None
    # a colour the image lacks, then the stroke's again: the widened image is reused unchanged
    assert seg._outline_in(61, 80, np.array([200.0, 20.0, 20.0]), 40.0) is None
    assert seg._small16.dtype == np.int16 and np.array_equal(seg._small16, img.astype(np.int16))
    assert np.array_equal(seg._outline_in(61, 80, c, 40.0), on)
    # a fresh segmenter's first call gives the same
    assert np.array_equal(ClickSegmenter(img, saliency=False)._outline_in(63, 80, c, 40.0), on)
