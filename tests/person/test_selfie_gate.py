"""The selfie gate: by hand (no models), then the named failure classes of issue 8
(a coloured object beside a person, a person the detector misses) on the hard set's
generators (models needed)."""

from __future__ import annotations

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.person.selfie_gate import gate_selfie, selfie_parts

from conftest import needs_pose_models


def _scene():
    """A known person (left block), a selfie map over it, over a touching object to its
    right, and over a separate blob far right."""
    s = np.zeros((60, 100), np.float32)
    person = np.zeros((60, 100), bool)
    person[10:50, 10:30] = True
    s[10:50, 8:32] = 0.95       # the selfie map a little wider than the person (hair)
    s[20:50, 30:50] = 0.9       # an object touching the person
    s[10:40, 70:90] = 0.8       # something else, separate
    return s, person


# --- (a) by hand ------------------------------------------------------------------------

def test_band_keeps_the_selfie_edge_of_a_known_person():
    s, person = _scene()
    out = gate_selfie(s, person, lambda part: False, band=3, min_area=10)
    assert out[30, 8] == pytest.approx(0.95) and out[15, 31] == pytest.approx(0.95)  # inside the band
    assert (out[:, 34:] == 0).all()   # the touching object beyond the band and the blob: gone
    assert out.dtype == np.float32 and out.shape == s.shape


def test_a_verified_part_is_kept_whole_with_its_soft_edge():
    s, person = _scene()
    s[10:40, 68:70] = 0.3            # soft edge of the far blob
    asked = []

    def far_blob_is_a_person(part):
        asked.append(part.box)
        return part.box[0] >= 60

    out = gate_selfie(s, person, far_blob_is_a_person, band=3, min_area=10)
    assert sorted(asked) == [(33, 20, 50, 50), (70, 10, 90, 40)]  # each part asked once
    assert np.allclose(out[10:40, 70:90], 0.8)
    assert np.allclose(out[10:40, 68:70], 0.3)
    assert (out[20:50, 33:50] == 0).all()


def test_parts_below_min_area_are_dropped_unasked():
    s, person = _scene()
    near, parts = selfie_parts(s, person, band=3, min_area=1000)
    assert parts == [] and near[30, 32] and not near[30, 40]
    asked = []
    out = gate_selfie(s, person, lambda p: asked.append(p) or True, band=3, min_area=1000)
    assert asked == [] and out[20, 80] == 0


def test_no_known_person_keeps_nothing_unverified():
    s, _ = _scene()
    out = gate_selfie(s, np.zeros(s.shape, bool), lambda part: False, band=5, min_area=10)
    assert not out.any()


def test_gate_checks_its_inputs():
    s, person = _scene()
    with pytest.raises(ContractError, match="person must have shape"):
        selfie_parts(s, person[:, :50], band=1, min_area=1)
    with pytest.raises(ContractError, match="band"):
        selfie_parts(s, person, band=-1, min_area=1)


def test_gate_options_are_checked():
    from creative_tools.person.mediapipe import MediaPipePerson

    # checked before any model is loaded
    for kw in (dict(gate_band=0.9), dict(gate_min_area=2.0), dict(gate_roi_scale=0.0)):
        with pytest.raises(ContractError, match=next(iter(kw))):
            MediaPipePerson(**kw)


# --- (c) named failure classes on generated creatives (models) -------------------------

@pytest.fixture(scope="module")
def segs():
    from creative_tools.person.mediapipe import MediaPipePerson

    return (MediaPipePerson(),)


def _iou(m, gt):
    return (m & gt).sum() / (m | gt).sum()


# Without the gate the red bottle beside Grace Hopper was "person" in full (0.853 and
# 0.911 IoU). With it (2026-12-03): 0.9997 and 0.972 IoU, false pixels 0.01 % and 2.2 %
# of the person: the object is not swallowed.
@needs_pose_models
@pytest.mark.parametrize("index, floor, most_false", [(2, 0.98, 0.02), (1, 0.95, 0.06)])
def test_coloured_object_beside_a_person_is_not_swallowed(hard, segs, index, floor, most_false):
    r = hard.FAMILIES["person_coloured_objects"]("tune")[index]
    pred, gt = segs[0].segment(r["creative"]), r["person"]
    false = (pred & ~gt).sum() / gt.sum()
    assert _iou(pred, gt) >= floor and false <= most_false, (_iou(pred, gt), false)


# Before the gate the middle astronaut was covered only because the selfie map is
# allowed everywhere near a detected person; now it must be verified as a person itself.
# (Session 8: she stood on the seam of the 2:1 frame's two tiles; with the third tile of
# ``tile_overlap`` the detector finds her, so the gate's case is the grid without it.)
@needs_pose_models
@pytest.mark.parametrize("overlap", [0.0, 0.2])
def test_person_the_detector_misses_is_kept_when_the_landmark_model_confirms_it(hard, overlap):
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["person_groups"]("tune")[1]
    people = r["meta"]["people"]
    seg = MediaPipePerson(tile_overlap=overlap)
    found = {tuple(d.box.round()) for d in seg.detect(r["creative"])}
    if overlap == 0.0:
        assert len(found) < len(people)    # the case: one person is not detected
    pred = seg.segment(r["creative"])
    for p in people:
        x0, y0, x1, y1 = p["box_xyxy"]
        gt = r["person"][y0:y1, x0:x1]
        assert (pred[y0:y1, x0:x1] & gt).sum() / gt.sum() > 0.9, p["box_xyxy"]


# A crowd (scripts/samples_hard.py person_crowd, tune 1): nine people, one detected. The
# crop around the part holding a half-hidden woman first shows the detected astronaut's
# face; before the known people were painted out of the second view this crowd was 0.817
# IoU with that woman dropped.
@needs_pose_models
def test_half_hidden_people_in_a_crowd_are_kept(hard, segs):
    r = hard.FAMILIES["person_crowd"]("tune")[1]
    pred = segs[0].segment(r["creative"])
    assert _iou(pred, r["person"]) >= 0.97
    for p in r["meta"]["people"]:
        x0, y0, x1, y1 = p["box_xyxy"]
        gt = r["person"][y0:y1, x0:x1]
        assert (pred[y0:y1, x0:x1] & gt).sum() / gt.sum() > 0.9, p["box_xyxy"]


# A photo card (scripts/samples_hard.py person_frames, tune 1): the selfie map covers the
# card's empty top above the person; in the view with the known person painted flat the
# landmark model made a body up on the paint and the whole card was "person" (0.556 IoU,
# 44 k false pixels). A body found on the painted view must survive a second look.
@needs_pose_models
def test_a_card_around_a_person_is_not_taken_for_a_person(hard, segs):
    r = hard.FAMILIES["person_frames"]("tune")[1]
    pred = segs[0].segment(r["creative"])
    assert _iou(pred, r["person"]) >= 0.85
    x0, y0, x1, y1 = r["meta"]["people"][0]["box_xyxy"]
    above = np.zeros_like(pred)
    above[: max(0, y0 - 20), x0:x1] = True      # the card's empty top above the head
    assert (pred & above).sum() < 0.02 * r["person"].sum()
