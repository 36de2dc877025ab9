"""People the default backend missed or cut wrong, by failure class (issue 8 item 1, session 8).

* A person on the seam of the detector's tiles: the 2 x 2 grid of a 2:1 frame is two
  squares that only touch, so an avatar on the seam is cut in half in both and in the
  letterboxed frame it is too small (``tile_overlap``).
* A small bust refused on every crop: the upper-body retry's crop is three times the
  detector's upper-body circle, the bust fills a small part of it and the landmark
  model's presence falls short, while its alignment points already sit on the person;
  on the crop they give (mediapipe's tracking step) it passes (``track_retry``).
* A made-up body under a person the selfie gate found: the gate's verified bodies gave
  no seeds to the colour cut, so their parts were never cut (``gate_seeds``).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models

from creative_tools.errors import ContractError
from creative_tools.person import pose as P


def _starts(wins):
    return sorted({x0 for x0, _, _ in wins[1:]}), sorted({y0 for _, y0, _ in wins[1:]})


def test_a_two_to_one_frame_gets_a_third_tile_on_its_seam():
    # 1000 x 500: the tiles are capped at the short side (500) and only touched at x = 500
    old = P._squares(500, 1000, 2)
    assert old == [(0.0, -250.0, 1000.0), (0.0, 0.0, 500.0), (500.0, 0.0, 500.0)]
    new = P._squares(500, 1000, 2, overlap=0.2)
    assert new == [
        (0.0, -250.0, 1000.0),
        (0.0, 0.0, 500.0),
        (250.0, 0.0, 500.0),
        (500.0, 0.0, 500.0),
    ]


@pytest.mark.parametrize(
    "shape", [(608, 1080), (600, 900), (900, 600), (720, 720), (640, 960), (1080, 1920)]
)
def test_frames_whose_tiles_overlap_keep_their_grid(shape):
    assert P._squares(*shape, 2, overlap=0.2) == P._squares(*shape, 2)


@pytest.mark.parametrize(
    "shape",
    [(500, 1000), (300, 1200), (1200, 300), (300, 900), (608, 1080), (900, 600)],
)
@pytest.mark.parametrize("overlap", [0.2, 0.5])
def test_neighbouring_tiles_share_the_overlap_asked(shape, overlap):
    wins = P._squares(*shape, 2, overlap=overlap)
    side = wins[1][2]
    for starts, length in zip(_starts(wins), shape[::-1]):
        if length <= side:
            continue
        assert starts[0] == 0 and starts[-1] + side == pytest.approx(
            length
        )  # both edges reached
        steps = np.diff(starts)
        assert (steps <= side * (1 - overlap) + 1e-9).all(), (steps, side)


def test_tile_overlap_is_checked():
    from creative_tools.person.mediapipe import MediaPipePerson

    for bad in (-0.1, 1.0):
        with pytest.raises(ContractError, match="tile_overlap"):
            MediaPipePerson(tile_overlap=bad)


def _iou(pred, gt):
    return float((pred & gt).sum() / max(1, (pred | gt).sum()))


# scripts/samples_hard.py person_frames, tune 2: three round avatars on a 1000 x 500 plate;
# the middle one (x 409-609) lies on the seam of the two tiles. Without a third tile the
# detector never proposes her (IoU 0.58 for the creative, her avatar 0); with it she scores
# 0.95 (2026-12-03).
@needs_pose_models
def test_a_person_on_the_tiles_seam_is_found(hard):
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["person_frames"]("tune")[2]
    gt, image = r["person"], r["creative"]
    assert image.shape[:2] == (500, 1000)
    middle = gt.copy()
    middle[:, :400] = middle[:, 620:] = False
    assert middle.sum() > 2000
    seen = {}
    for overlap in (0.0, 0.2):
        # (the zoom windows, session 11, and the finer grid, session 16, find her
        # without the overlap too: off here)
        pred = MediaPipePerson(tile_overlap=overlap, zoom_above=None,
                               fine_tiles=0).segment(image)
        seen[overlap] = ((pred & middle).sum() / middle.sum(), _iou(pred, gt))
    assert seen[0.0][0] < 0.1 and seen[0.2][0] > 0.9, seen
    assert seen[0.2][1] > 0.85, seen


# scripts/samples_hard.py person_small, held-out 2 (named here, not tuned on: the class was
# found on it): one bust of 0.7 % of a 1080 x 608 grass plate. The detector finds her; her
# whole-body crop fails the face layout, the upper-body crop (326 px for a 90 px bust) has
# presence 0.44; the crop its alignment points give (280 px) passes every check: IoU 0 ->
# 0.99 (2026-12-03).
@needs_pose_models
def test_a_small_bust_is_found_on_its_tracked_crop(hard):
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["person_small"]("heldout")[2]
    gt = r["person"]
    assert gt.mean() < 0.01
    iou = {
        t: _iou(MediaPipePerson(track_retry=t).segment(r["creative"]), gt)
        for t in (False, True)
    }
    assert iou[False] < 0.1 and iou[True] > 0.9, iou


# scripts/samples_hard.py person_frames, tune 4: three avatars on a 640 x 960 plate; one
# is found by the selfie gate, not the detector. Her avatar's fill stayed in the mask (the
# colour cut had no seeds on her): IoU 0.894; with her landmarks as seeds 0.984 (2026-12-03).
@needs_pose_models
def test_a_person_the_gate_found_seeds_the_colour_cut(hard):
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["person_frames"]("tune")[4]
    gt = r["person"]
    iou = {
        s: _iou(MediaPipePerson(gate_seeds=s).segment(r["creative"]), gt)
        for s in (False, True)
    }
    assert iou[False] < 0.92 and iou[True] > 0.96, iou
