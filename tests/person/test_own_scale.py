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


# failure class "a verified body that is not the person": an oracle window over a plain
# patch of a creative without people finds no verified body on the patch
@needs_pose_models
def test_no_person_is_made_up_on_a_window_over_a_plain_patch(ev, hard, seg):
    r = hard.FAMILIES["negative_patterns"]("tune")[0]
    image = r["creative"]
    h, w = image.shape[:2]
    patch = np.zeros((h, w), bool)
    patch[h // 3:h // 2, w // 3:w // 2] = True
    rows = ev.own_scale(seg, image, patch)
    assert not any(row["verdict"] == "ok" and row["on"] for row in rows), rows
