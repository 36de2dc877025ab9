"""scripts/eval_person_hard.py's own_scale: what the detector and the landmark model say
about a true person on windows at its own scale (the headroom of a crop the pipeline
could offer the detector for a person it missed; session 18)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models, script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_person_hard") as mod:
        yield mod


def test_windows_are_centred_on_the_person_at_its_scale(ev):
    wins = ev.own_scale_windows((100, 40, 140, 120), sizes=(1.5, 2.0, 3.0))
    # the box's longer side is 80, its centre (120, 80)
    assert wins == [(60.0, 20.0, 120.0), (40.0, 0.0, 160.0), (0.0, -40.0, 240.0)]
    for x0, y0, side in wins:
        assert (x0 + side / 2, y0 + side / 2) == (120.0, 80.0)


@pytest.fixture(scope="module")
def seg():
    from creative_tools.person.mediapipe import MediaPipePerson

    return MediaPipePerson()


# scripts/samples_hard.py person_small, tune 0: one bust at 0.15-0.25 of a 1000 x 500
# frame. On windows at its own scale the detector scored it 0.80-0.97 and its whole-body
# crop passed verification with its nose on the bust (pose mask IoU 0.14-0.25: the
# made-up body under the bust; 2026-12-05).
@needs_pose_models
def test_a_small_bust_is_found_and_verified_at_its_own_scale(ev, hard, seg):
    r = hard.FAMILIES["person_small"]("tune")[0]
    image, person = r["creative"], r["person"]
    rows = ev.own_scale(seg, image, person)
    assert [row["size"] for row in rows] == list(ev.OWN_SCALE_SIZES)
    assert any(row["verdict"] == "ok" and row["on"] and row["score"] >= 0.5
               for row in rows), rows
    assert all(0.0 <= row["iou"] <= 1.0 for row in rows if row["score"] is not None)


def _fake_window(ev, monkeypatch, image, box, score=0.9):
    """Every own_scale window's detector answer: one body on ``box`` (x0, y0, x1, y1)
    scoring ``score``, keypoints (hips, body extent, shoulders, top) inside it."""
    x0, y0, x1, y1 = box
    cx = (x0 + x1) / 2
    kp = np.float32([[cx, y0 + 0.7 * (y1 - y0)], [cx, y1], [cx, y0 + 0.3 * (y1 - y0)], [cx, y0]])
    answer = [(np.float32([box]), kp[None], np.float32([score]))]
    monkeypatch.setattr(ev, "_window_detections", lambda seg, image, win, low: answer)


# failure class "a verified body that is not the person": an oracle window over a plain
# patch of a creative without people finds no verified body on the patch. The detector
# finds nothing there on its own, so its answer is stubbed: a body on the patch at 0.9,
# which the landmark model's verdict must refuse (the verdict is reached: score set)
@needs_pose_models
def test_no_person_is_made_up_on_a_window_over_a_plain_patch(ev, hard, seg, monkeypatch):
    r = hard.FAMILIES["negative_patterns"]("tune")[0]
    image = r["creative"]
    h, w = image.shape[:2]
    patch = np.zeros((h, w), bool)
    patch[h // 3:h // 2, w // 3:w // 2] = True
    _fake_window(ev, monkeypatch, image, (w // 3, h // 3, w // 2, h // 2))
    rows = ev.own_scale(seg, image, patch)
    assert all(row["score"] == 0.9 and row["verdict"] is not None for row in rows), rows
    assert not any(row["verdict"] == "ok" and row["on"] for row in rows), rows


# failure class "an oracle laxer than the pipeline": own_scale's verdict repeated
# verify_person alone, without the backend's second look and upright check; it is now
# the backend's own _look (a refusal there is the oracle's refusal)
@needs_pose_models
def test_own_scale_verdict_is_the_backends_look(ev, hard, seg, monkeypatch):
    from creative_tools.person.verify import Verdict

    r = hard.FAMILIES["person_small"]("tune")[0]
    image, person = r["creative"], r["person"]
    real, calls = seg._look, []

    def refusing(image, det, roi):
        crop, v = real(image, det, roi)
        calls.append(v.ok)
        return crop, Verdict(False, "second look: stubbed refusal", v.face, v.shoulders, v.fraction)

    monkeypatch.setattr(seg, "_look", refusing)
    rows = ev.own_scale(seg, image, person)
    assert calls and any(calls), calls  # the bust passes the real look on some window
    assert [row["verdict"] for row in rows if row["score"] is not None] == ["second look: stubbed refusal"] * len(calls)


# failure class "an evaluation that does not scale": each own_scale window resized the
# whole image to the detector's scale (a 63-pixel person in a 2000 x 2000 frame: an
# 4800 x 4800 resize, 4.2 s and 836 MiB per window); now only the window's overlap is
# resized, on the whole resize's grid, so the detector's answers are the same
@needs_pose_models
def test_a_small_person_window_resizes_only_the_window(ev, seg, monkeypatch):
    import cv2

    image = np.random.default_rng(0).integers(0, 256, (2000, 2000, 3), dtype=np.uint8)
    part = np.zeros((2000, 2000), bool)
    part[1000:1063, 1000:1063] = True
    sizes, real = [], cv2.resize

    def spy(src, dsize, *a, **k):
        out = real(src, dsize, *a, **k)
        sizes.append(out.shape[0] * out.shape[1])
        return out

    monkeypatch.setattr(cv2, "resize", spy)
    rows = ev.own_scale(seg, image, part)
    monkeypatch.setattr(cv2, "resize", real)
    assert len(rows) == 3 and sizes
    # the windows are 94-189 px: resizes of about a window (plus the grid's alignment),
    # not of the whole frame at the window's scale (4741 x 4741 for the 94 px window)
    assert max(sizes) < 1_000_000, max(sizes)


@needs_pose_models
def test_window_detections_match_the_whole_image_resize(ev, hard, seg):
    """The crop's resize samples where the whole image's did: same number of answers,
    scores and boxes within float noise (bit-exact on most, not promised across BLAS)."""
    from creative_tools.person.pose import _run_windows

    r = hard.FAMILIES["person_small"]("tune")[0]
    image, person = r["creative"], r["person"]
    image = np.ascontiguousarray(image[::2, ::2])  # a smaller person: windows under 224 px
    person = person[::2, ::2]
    ys, xs = np.nonzero(person)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    wins = ev.own_scale_windows(box)
    assert any(side < 224 for _, _, side in wins)
    for win in wins:
        whole = _run_windows(seg._nets["pose_detection"], image, seg._anchors, [win],
                             score_threshold=0.1, resized={})
        crop = ev._window_detections(seg, image, win, 0.1)
        assert len(whole) == len(crop) == 1
        (b0, k0, s0), (b1, k1, s1) = whole[0], crop[0]
        assert len(s0) == len(s1) and len(s0) > 0, win
        np.testing.assert_allclose(s1, s0, atol=0.01)
        np.testing.assert_allclose(b1, b0, atol=1.0)
        np.testing.assert_allclose(k1, k0, atol=1.0)


def test_upscaled_window_is_the_whole_resize_on_its_slice(ev):
    """_UpscaledWindow's slices are the whole image's INTER_LINEAR upscale's, within one
    grey level (most bit-exact: 235 of 300 random windows when measured), inside the
    image and at its borders, including windows that hang over its edges."""
    import cv2

    rng = np.random.default_rng(1)
    n = exact = 0
    for _ in range(100):
        h, w = int(rng.integers(40, 400)), int(rng.integers(40, 400))
        img = cv2.GaussianBlur(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), (0, 0), float(rng.uniform(0, 3)))
        side = float(rng.uniform(20, 223))
        scale = 224 / side
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        whole = (cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR) / 127.5 - 1.0).astype(np.float32)
        ox, oy = round(rng.uniform(-side, w) * scale), round(rng.uniform(-side, h) * scale)
        sx0, sy0, sx1, sy1 = max(ox, 0), max(oy, 0), min(ox + 224, nw), min(oy + 224, nh)
        if sx1 <= sx0 or sy1 <= sy0:
            continue
        got = ev._UpscaledWindow(img, nw, nh)[sy0:sy1, sx0:sx1]
        ref = whole[sy0:sy1, sx0:sx1]
        assert got.shape == ref.shape
        diff = float(np.abs(got - ref).max()) * 127.5
        assert diff <= 1.0 + 1e-3, (h, w, side, ox, oy, diff)
        n, exact = n + 1, exact + (diff == 0)
    assert n > 50 and exact > n // 2, (n, exact)
