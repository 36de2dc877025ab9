"""``body_edge`` / ``MediaPipePerson(refine_body=...)``: the coarse edge pass again round each
small person with a window of that person's size, only near the coarse outline (session 31,
edge). Tiny synthetic arrays; the backend test replaces ``people()`` (no network runs)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person import refine as R
from creative_tools.person.pose import PersonCrop


def _two_tone(halo=1, size=80):
    """An 80 x 80 mid-grey frame with a small body, white on the left and black on the
    right (rows 20..60, columns 20..60: one linear model of colour over a wide window
    cannot tell both from the grey ground), its map ``halo`` px too fat all round, and the
    body's crop: shoulders 30 px apart, ears 10 (size 30); ``size``: the frame's side."""
    img = np.full((size, size, 3), 128, np.uint8)
    img[20:60, 20:40] = 255
    img[20:60, 40:60] = 0
    gt = np.zeros((size, size), bool)
    gt[20:60, 20:60] = True
    before = np.zeros((size, size), np.float32)
    before[20 - halo:60 + halo, 20 - halo:60 + halo] = 1.0
    lm = np.full((33, 2), np.nan, np.float32)
    lm[11], lm[12], lm[7], lm[8] = (55, 30), (25, 30), (45, 24), (35, 24)
    body = PersonCrop(before.copy(), (0, 0, size, size), 1.0, lm, np.ones(33, np.float32), np.ones(33, np.float32))
    return img, gt, before, body


def _iou(a, b):
    return (a & b).sum() / (a | b).sum()


def test_a_small_two_tone_body_gets_its_edge_back():
    img, gt, before, body = _two_tone()
    coarse = R.guided_filter(img, before, radius=16, eps=3e-4, subsample=4)
    out = R.body_edge(img, before, coarse, [body], radius=16, scale=0.1, band=0.5)
    # the wide window bites a notch where the white half meets the black one at the top and
    # the bottom (0.979); a 3 px window (0.1 x 30) near the outline fills it (0.996)
    assert _iou(coarse > 0.5, gt) == pytest.approx(0.97875, abs=1e-4)
    assert _iou(out > 0.5, gt) == pytest.approx(0.99625, abs=1e-4)
    assert coarse[21, 40] < 0.5 < out[21, 40]
    assert out[40, 19] < 0.5 < out[40, 20] and out[40, 59] > 0.5 > out[40, 60]


def test_inputs_untouched_and_far_from_the_outline_the_coarse_map_stays():
    img, _, before, body = _two_tone()
    coarse = R.guided_filter(img, before, radius=16, eps=3e-4, subsample=4)
    b0, c0 = before.copy(), coarse.copy()
    out = R.body_edge(img, before, coarse, [body], radius=16, scale=0.1, band=0.5)
    assert np.array_equal(before, b0) and np.array_equal(coarse, c0)
    m = (coarse > 0.5).astype(np.uint8)
    import cv2
    dist = np.where(m > 0, cv2.distanceTransform(m, cv2.DIST_L2, 3), cv2.distanceTransform(1 - m, cv2.DIST_L2, 3))
    far = dist > 1.5  # band 0.5 x r 3
    assert np.array_equal(out[far], coarse[far])
    assert not np.array_equal(out[~far], coarse[~far])


def test_a_person_as_large_as_the_window_keeps_the_coarse_pass():
    img, _, before, body = _two_tone()
    coarse = R.guided_filter(img, before, radius=16, eps=3e-4, subsample=4)
    # 0.6 x 30 = 18 >= 16: the coarse window already is this person's
    out = R.body_edge(img, before, coarse, [body], radius=16, scale=0.6, band=0.5)
    assert np.array_equal(out, coarse)


def test_a_body_without_finite_shoulders_or_ears_is_skipped():
    img, _, before, body = _two_tone()
    coarse = R.guided_filter(img, before, radius=16, eps=3e-4, subsample=4)
    for k in (11, 7):
        lm = body.landmarks.copy()
        lm[k] = np.nan
        b = PersonCrop(body.prob, body.box, 1.0, lm, body.visibility, body.in_frame)
        assert np.array_equal(R.body_edge(img, before, coarse, [b], radius=16, scale=0.1), coarse)
    assert np.array_equal(R.body_edge(img, before, coarse, [], radius=16, scale=0.1), coarse)


def test_the_size_is_the_larger_of_the_shoulders_and_the_weighted_ears():
    img, _, before, body = _two_tone()
    coarse = R.guided_filter(img, before, radius=16, eps=3e-4, subsample=4)
    # ears 10 px apart x 2 = 20 < shoulders 30; with ears weighted 6 the size is 60 and
    # 0.3 x 60 = 18 >= 16 (coarse kept), while 0.3 x 30 = 9 < 16 changes the map
    assert not np.array_equal(R.body_edge(img, before, coarse, [body], radius=16, scale=0.3), coarse)
    assert np.array_equal(R.body_edge(img, before, coarse, [body], radius=16, scale=0.3, ears=6.0), coarse)


@pytest.mark.parametrize("kw", [
    {"radius": 0}, {"scale": 0.0}, {"scale": float("nan")}, {"scale": float("inf")},
    {"band": 0.0}, {"band": -1.0}, {"eps": 0.0}, {"ears": -1.0}, {"ears": float("nan")},
])
def test_body_edge_checks_its_options(kw):
    img, _, before, body = _two_tone()
    opts = {"radius": 16, "scale": 0.1, "band": 0.5, **kw}
    with pytest.raises(ContractError):
        R.body_edge(img, before, before, [body], **opts)


def test_body_edge_checks_its_arrays():
    img, _, before, body = _two_tone()
    with pytest.raises(ContractError, match="coarse"):
        R.body_edge(img, before, before[:, :-1], [body], radius=16)
    with pytest.raises(ContractError, match="before"):
        R.body_edge(img, before * 2.0, before, [body], radius=16)


@pytest.mark.parametrize("opts", [
    {"refine_body": 0.0}, {"refine_body": -0.1}, {"refine_body": 1.5}, {"refine_body": float("nan")},
    {"refine_body": float("inf")}, {"refine_body": 0.1, "refine_body_band": 0.0},
    {"refine_body": 0.1, "refine_body_band": float("nan")},
])
def test_refine_body_options_are_checked(opts):
    with pytest.raises(ContractError, match="refine_body"):
        M.MediaPipePerson(**opts)


def test_refine_body_is_off_by_default():
    d = M.MediaPipePerson.__init__.__kwdefaults__
    assert (d["refine_body"], d["refine_body_band"]) == (None, 0.5)


@needs_pose_models
def test_refine_body_runs_after_the_coarse_pass_on_the_verified_bodies(monkeypatch):
    img, gt, before, body = _two_tone(size=800)  # the coarse window: 2 % of 800 = 16 px
    calls = []

    def spy(image, b, coarse, bodies, **kw):
        calls.append((b.copy(), coarse.copy(), list(bodies), kw))
        return R.body_edge(image, b, coarse, bodies, **kw)

    monkeypatch.setattr(M, "body_edge", spy)
    outs = {}
    for on in (None, 0.1):
        seg = M.MediaPipePerson(refine_body=on, refine_fine=None, selfie="never", colour_cut=False,
                                face_check=None, edge_pad=None)  # (one look: the stand-in takes one argument)
        monkeypatch.setattr(seg, "people", lambda image: [(None, None, body, None)])
        outs[on] = seg._predict_one(img)
        if on is None:
            assert calls == []  # off: not called
    (seen_before, seen_coarse, bodies, kw), = calls
    # the map before the coarse pass, the coarse pass's output (what off returns), the body
    assert np.array_equal(seen_before, before) and np.array_equal(seen_coarse, outs[None])
    assert bodies == [body]
    assert kw == {"radius": 16, "scale": 0.1, "band": 0.5, "eps": seg.refine_eps}
    assert np.array_equal(outs[0.1], R.body_edge(img, before, outs[None], [body], **kw))
    assert _iou(outs[0.1] > 0.5, gt) > _iou(outs[None] > 0.5, gt) + 0.01
