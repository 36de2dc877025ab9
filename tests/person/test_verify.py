"""Person verification and edge refinement: rules by hand (no models), then the named
failure classes of issue 8 on the hard set's generators (models needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.person.pose import PersonCrop
from creative_tools.person.refine import guided_filter
from creative_tools.person.verify import verify_person

from conftest import needs_pose_models

ROOT = Path(__file__).resolve().parents[2]


def _crop(presence=0.99, face=1.0, shoulders=1.0, mask_side=10):
    in_frame = np.full(33, 0.2, np.float32)
    in_frame[[0, 2, 5, 7, 8]] = face
    in_frame[[11, 12]] = shoulders
    return PersonCrop(np.ones((mask_side, mask_side), np.float32), (0, 0, mask_side, mask_side), presence,
                      np.zeros((33, 2), np.float32), np.ones(33, np.float32), in_frame)


# --- (a) the rules, by hand -----------------------------------------------------------

def test_a_person_with_face_and_shoulders_passes():
    v = verify_person(_crop(), (100, 100))
    assert v.ok and v.reason == "ok" and v.fraction == pytest.approx(0.01)


@pytest.mark.parametrize("kw, reason", [
    (dict(presence=0.3), "presence"),
    (dict(face=0.4), "face"),            # a cat: face half-found
    (dict(shoulders=0.02), "shoulders"),  # ... and no shoulders
])
def test_missing_body_evidence_fails(kw, reason):
    v = verify_person(_crop(**kw), (100, 100))
    assert not v.ok and v.reason.startswith(reason)


def test_a_mask_over_most_of_the_frame_needs_strong_evidence():
    # 0.8 face evidence is enough for a small person, not for one covering 64% of the frame
    assert verify_person(_crop(face=0.8), (100, 100)).ok
    v = verify_person(_crop(face=0.8, mask_side=80), (100, 100))
    assert not v.ok and "64% of the frame" in v.reason
    assert verify_person(_crop(face=0.95, mask_side=80), (100, 100)).ok


def test_a_close_up_whose_shoulders_leave_the_frame_passes():
    # A close-up fills the frame and its shoulders are cut by it: their in-frame
    # probability drops (0.64-0.78 on a real close-up), the face stays certain.
    assert verify_person(_crop(face=0.95, shoulders=0.7, mask_side=80), (100, 100)).ok
    v = verify_person(_crop(face=0.95, shoulders=0.1, mask_side=80), (100, 100))
    assert not v.ok and v.reason.startswith("shoulders")
    assert not verify_person(_crop(presence=0.8, face=0.95, shoulders=0.7, mask_side=80), (100, 100)).ok


def test_verify_options_are_checked():
    with pytest.raises(ContractError, match="face_threshold"):
        verify_person(_crop(), (10, 10), face_threshold=1.5)


def test_guided_filter_snaps_an_edge_to_the_image():
    img = np.zeros((40, 40, 3), np.uint8)
    img[:, 20:] = (200, 120, 90)
    p = np.zeros((40, 40), np.float32)
    p[:, 16:] = 1.0  # the model's edge 4 px left of the image's
    for sub in (1, 2):
        q = guided_filter(img, p, radius=10, eps=1e-4, subsample=sub)
        assert q.shape == p.shape and q.dtype == np.float32 and 0 <= q.min() <= q.max() <= 1
        assert (q[:, :20] < 0.5).all() and (q[:, 20:] > 0.9).all(), sub
        assert (q[:, 20] - q[:, 19] > 0.4).all()  # a step where the image has one


def test_guided_filter_checks_its_inputs():
    img = np.zeros((8, 8, 3), np.uint8)
    with pytest.raises(ContractError, match="radius"):
        guided_filter(img, np.zeros((8, 8), np.float32), radius=0)
    with pytest.raises(ContractError):
        guided_filter(img, np.zeros((8, 9), np.float32), radius=2)


# --- (c) named failure classes on generated creatives ----------------------------------

@pytest.fixture(scope="module")
def seg():
    from creative_tools.person.mediapipe import MediaPipePerson

    return MediaPipePerson()


# Before verification (2026-12-02): the cat close-up 74.5% person, the product shapes
# 36.9%, the skin-toned surface 18.5%, the coffee cup 1.5%, the whole chelsea photo 79.4%; now 0.
@needs_pose_models
@pytest.mark.parametrize("family, split, index", [
    ("negative_animal", "tune", 1),     # cat close-up filling the frame
    ("negative_products", "tune", 2),   # shaded bottles / boxes in strong and skin colours
    ("negative_surfaces", "tune", 2),   # skin-toned blobs on a skin-toned gradient
    ("negative_products", "heldout", 1),  # coffee cup, spoon rim at the edge (face layout)
])
def test_no_person_in_hard_negatives(hard, seg, family, split, index):
    r = hard.FAMILIES[family](split)[index]
    frac = seg.segment(r["creative"]).mean()
    assert frac <= 0.005, f"{r['meta']['stem']}: {frac:.2%} marked as person"


@needs_pose_models
def test_whole_cat_photo_is_not_a_person(seg):
    from skimage import data

    assert seg.segment(data.chelsea()).mean() <= 0.005


@needs_pose_models
def test_every_person_in_a_crowd_is_kept(hard, seg):
    r = hard.FAMILIES["person_groups"]("tune")[3]  # six overlapping people
    assert len(r["meta"]["people"]) == 6
    pred = seg.segment(r["creative"])
    for p in r["meta"]["people"]:
        x0, y0, x1, y1 = p["box_xyxy"]
        gt = r["person"][y0:y1, x0:x1]
        assert (pred[y0:y1, x0:x1] & gt).sum() / gt.sum() > 0.8, p["box_xyxy"]


@needs_pose_models
def test_edges_are_tight_on_a_cut_out(hard, seg):
    # a close person on a strong flat colour: refined edges vs the unrefined map
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["person_scales"]("tune")[2]
    raw = MediaPipePerson(refine=False)

    def iou(m):
        return (m & r["person"]).sum() / (m | r["person"]).sum()

    refined, unrefined = iou(seg.segment(r["creative"])), iou(raw.segment(r["creative"]))
    assert refined >= 0.98 and refined >= unrefined


def _face(nose_y=10.0, mouth_y=16.0, nose_x=0.0):
    p = np.zeros((33, 2))
    p[2], p[5] = (-5, 5), (5, 5)      # eyes, 10 px apart, at y = 5
    p[0] = (nose_x, nose_y)
    p[9], p[10] = (-3, mouth_y), (3, mouth_y)
    p[11], p[12] = (-20, 40), (20, 40)  # shoulders 40 px wide
    return p


def test_face_layout_of_a_face_passes():
    from creative_tools.person.verify import face_layout_problem

    assert face_layout_problem(_face()) == ""


@pytest.mark.parametrize("kw, what", [
    (dict(nose_y=4.0), "below the eyes"),     # nose level with / above the eyes
    (dict(nose_y=20.0, mouth_y=24.0), "below the eyes"),  # 1.5 eye distances down
    (dict(mouth_y=40.0), "mouth"),
    (dict(nose_x=35.0), "beside the shoulders"),
])
def test_face_layout_that_is_not_a_face_fails(kw, what):
    from creative_tools.person.verify import face_layout_problem

    assert what in face_layout_problem(_face(**kw))


def test_verify_uses_the_face_layout_when_given():
    c = _crop()
    bad = PersonCrop(c.prob, c.box, c.presence, c.landmarks, c.visibility, c.in_frame, _face(nose_y=2.0))
    good = PersonCrop(c.prob, c.box, c.presence, c.landmarks, c.visibility, c.in_frame, _face())
    assert verify_person(good, (100, 100)).ok
    v = verify_person(bad, (100, 100))
    assert not v.ok and "nose" in v.reason
    assert verify_person(bad, (100, 100), geometry=False).ok


# --- the second look (mediapipe's tracking crop) ------------------------------------------

def test_second_look_that_agrees_passes_and_one_that_moves_fails():
    from creative_tools.person.verify import second_look_problem

    c = _crop()
    lm = np.zeros((33, 2), np.float32)
    lm[11], lm[12] = (0, 0), (20, 0)
    first = PersonCrop(c.prob, c.box, c.presence, lm, c.visibility, c.in_frame, _face())
    same = PersonCrop(c.prob, c.box, c.presence, lm + 3, c.visibility, c.in_frame, _face())
    moved = PersonCrop(c.prob, c.box, c.presence, lm + 60, c.visibility, c.in_frame, _face())
    not_a_face = PersonCrop(c.prob, c.box, c.presence, lm, c.visibility, c.in_frame, _face(nose_y=2.0))
    assert second_look_problem(first, same) == ""
    assert "shoulder widths" in second_look_problem(first, moved)
    assert second_look_problem(first, moved, max_drift=5.0) == ""
    assert second_look_problem(first, not_a_face).startswith("second look: nose")
    with pytest.raises(ContractError, match="max_drift"):
        second_look_problem(first, same, max_drift=0)


# Stress setting: more detector candidates (3x3 tiles, score >= 0.3). Before the second
# look (2026-12-02) the cat close-ups were 71.8% and 49.0% "person"; now 0. Since session 6
# the upright check refuses them too (their crops are tilted): each check alone suffices.
@needs_pose_models
@pytest.mark.parametrize("index", [1, 2])
def test_cat_close_up_stays_empty_with_more_candidates(hard, index):
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["negative_animal"]("tune")[index]
    stress = dict(score_threshold=0.3, tiles=3)
    frac = MediaPipePerson(**stress).segment(r["creative"]).mean()
    # (face_views off in the two below: since session 13 the face mesh is a further witness)
    # (edge_pad=None: with the upright check and the face views off, the edge look alone
    # takes the cat's mirrored side, 60 % at session 34's pflip; no default path reaches it)
    look_only = MediaPipePerson(upright_check=False, face_views=False, edge_pad=None,
                                **stress).segment(r["creative"]).mean()
    without = MediaPipePerson(second_look=False, upright_check=False, face_views=False, **stress).segment(
        r["creative"]).mean()
    assert frac <= 0.005 and look_only <= 0.005 < without, (frac, look_only, without)
