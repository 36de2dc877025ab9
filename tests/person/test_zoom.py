"""Small people the detector only half sees: zoom windows on its uncertain answers (issue 8
item 1, session 11).

On the look-alike tune part, 7 of the 16 true people under IoU 0.5 were never proposed:
the detector scored them 0.12-0.45 on every window of the 2 x 2 grid (a person of ~1 % of
the frame is a few pixels of its 224-pixel input). A window three times the uncertain
box's side, centred on it, shows the person at the detector's own scale; what it finds at
the usual threshold goes through the same verification as every other detection
(``zoom_above``). A zoom window beside a found person mostly finds that person again on a
crop that puts the body between two people: such answers are not zoomed
(``zoom_apart``), and a zoom body whose nose lies on a person found first is refused
(:meth:`MediaPipePerson._zoomed_twice`).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models

from creative_tools.errors import ContractError
from creative_tools.person.mediapipe import MediaPipePerson
from creative_tools.person.pose import PersonCrop, PoseDetection
from creative_tools.person.verify import Verdict


def _body(nose, box, *, zoomed, ok=True):
    """A detection, its crop (own mask = the whole box) and its verdict."""
    x0, y0, x1, y1 = box
    lm = np.zeros((33, 2), np.float32)
    lm[0] = nose
    ones = np.ones(33, np.float32)
    crop = PersonCrop(
        np.ones((y1 - y0, x1 - x0), np.float32), box, 0.99, lm, ones, ones
    )
    det = PoseDetection(
        np.zeros(4, np.float32), np.zeros((4, 2), np.float32), 0.6, zoomed=zoomed
    )
    return (
        det,
        (0.0, 0.0, 10.0, 0.0),
        crop,
        Verdict(ok, "ok" if ok else "refused", 1.0, 1.0, 0.1),
    )


def test_a_zoom_body_on_a_person_found_first_is_refused():
    first = _body((20, 20), (10, 10, 40, 60), zoomed=False)
    again = _body(
        (30, 25), (5, 0, 60, 80), zoomed=True
    )  # its nose on the first one's mask
    other = _body((80, 20), (70, 10, 95, 60), zoomed=True)  # its own person
    # listed before the first (the zoom scored higher): the frame's and grid's bodies still come first
    out = MediaPipePerson._zoomed_twice((100, 100), [again, first, other])
    assert [v.ok for *_, v in out] == [False, True, True]
    assert out[0][3].reason == "a person found before (zoom window)"


def test_a_refused_body_takes_no_place():
    refused = _body((20, 20), (10, 10, 40, 60), zoomed=False, ok=False)
    zoom = _body((20, 20), (10, 10, 40, 60), zoomed=True)
    out = MediaPipePerson._zoomed_twice((100, 100), [refused, zoom])
    assert [v.ok for *_, v in out] == [False, True]


def test_a_detection_is_not_zoomed_unless_said():
    det = PoseDetection(np.zeros(4, np.float32), np.zeros((4, 2), np.float32), 0.6)
    assert det.zoomed is False


@pytest.mark.parametrize(
    "option, bad",
    [
        ("zoom_above", 0.0),
        ("zoom_above", 1.5),
        ("zoom_size", 0.0),
        ("zoom_max", 0),
        ("zoom_apart", -1.0),
        ("zoom_fit", 0.0),
        ("zoom_confirm", 1.5),
    ],
)
def test_zoom_options_are_checked(option, bad):
    with pytest.raises(ContractError, match=option):
        MediaPipePerson(**{option: bad})


def _iou(pred, gt):
    return float((pred & gt).sum() / max(1, (pred | gt).sum()))


# scripts/samples_hard.py --lookalike tune, person_small draw 3 of offset 2000: three small
# people on a 1000 x 500 plate, scored 0.20, 0.44 and 0.45 by the detector, none proposed:
# IoU 0. Zoomed (above 0.3) two of them score 0.68-0.76 and pass every check (2026-12-03).
@needs_pose_models
def test_small_people_the_detector_half_sees_are_found(hard):
    r = next(
        r
        for r in hard.build_lookalikes("tune", only=("person_small",))
        if r["meta"]["stem"] == "look2000_hard_person_small_tune_3"
    )
    gt, image = r["person"], r["creative"]
    # (the finer grid, on by default since session 16, finds them without a zoom
    # window too: off here)
    iou = {
        z: _iou(MediaPipePerson(zoom_above=z, fine_tiles=0).segment(image), gt)
        for z in (None, 0.3)
    }
    assert iou[None] < 0.05 and iou[0.3] > 0.4, iou


def _answer(box, hip, scale_pt, score):
    b = np.array([box], np.float32)
    k = np.array([[hip, scale_pt, hip, scale_pt]], np.float32)
    return b, k, np.array([score], np.float32)


@pytest.fixture
def windows(monkeypatch):
    """``pose._run_windows`` replaced: each zoom window gets ``answer`` (image pixels),
    and the windows asked for are recorded."""
    from creative_tools.person import pose as P

    asked, answer = [], {}

    def fake(net, image, anchors, wins, *, score_threshold, resized):
        asked.extend(wins)
        answer["shape"] = image.shape
        b, k, sc = answer["value"]
        keep = sc >= score_threshold  # as the decoder's threshold
        return [(b[keep], k[keep], sc[keep])]

    monkeypatch.setattr(P, "_run_windows", fake)
    return P, asked, answer


_FRAME = np.zeros((400, 400, 3), np.uint8)  # the windows' scales resize it whole


def _zoom_one(P, image, weak, **kw):
    """``pose._zoom`` with the class's defaults, ``kw`` overriding them."""
    opts = {"score_threshold": 0.5, "iou_threshold": 0.3, "size": 3.0, "most": 2, "apart": 1.0, "fit": 2.5,
            "confirm": 0.6}
    return P._zoom(None, image, None, weak, _kept(), resized={}, **{**opts, **kw})


def _kept():
    return _answer((10, 10, 30, 30), (20, 40), (20, 25), 0.8)


def test_an_uncertain_answer_far_from_everyone_is_zoomed_and_added(windows):
    P, asked, answer = windows
    weak = [_answer((200, 10, 220, 30), (210, 40), (210, 25), 0.35)]
    answer["value"] = _answer((201, 11, 221, 31), (211, 41), (211, 26), 0.7)
    _, _, fs = _zoom_one(P, _FRAME, weak)
    assert asked == [(180.0, -10.0, 60.0)]  # centred on the box, 3 box sides wide
    assert len(fs) == 2 and fs[1] == pytest.approx(0.7)


def test_an_uncertain_answer_beside_a_found_person_is_not_zoomed(windows):
    P, asked, answer = windows
    weak = [
        _answer((35, 10, 55, 30), (45, 40), (45, 25), 0.45)
    ]  # 25 px from a 20 px box
    answer["value"] = _answer((36, 10, 56, 30), (46, 40), (46, 25), 0.7)
    out = _zoom_one(P, _FRAME, weak)
    assert len(out[2]) == 2 and len(asked) == 1  # apart 1: 25 > 20, zoomed
    asked.clear()
    out = _zoom_one(P, _FRAME, weak, apart=2.0)
    assert len(out[2]) == 1 and asked == []  # apart 2: 25 < 40, left alone


def test_a_body_wider_than_its_zoom_window_is_not_added(windows):
    P, asked, answer = windows
    weak = [_answer((200, 10, 220, 30), (210, 40), (210, 25), 0.35)]
    # the window is 60 px; a hip-to-scale distance of 100 px makes a 250 px crop (4 windows)
    answer["value"] = _answer((200, 10, 220, 30), (210, 130), (210, 30), 0.9)
    out = _zoom_one(P, _FRAME, weak)
    assert len(asked) == 1 and len(out[2]) == 1
    out = _zoom_one(P, _FRAME, weak, fit=5.0)
    assert len(out[2]) == 2  # 4.2 windows wide fits 5


def test_a_zoom_answer_must_be_clear(windows):
    P, _, answer = windows
    weak = [_answer((200, 10, 220, 30), (210, 40), (210, 25), 0.35)]
    answer["value"] = _answer(
        (201, 11, 221, 31), (211, 41), (211, 26), 0.55
    )  # a lamp's score
    assert len(_zoom_one(P, _FRAME, weak, confirm=0.6)[2]) == 1
    assert len(_zoom_one(P, _FRAME, weak, confirm=0.5)[2]) == 2


def test_a_small_box_on_a_large_frame_is_zoomed_on_its_part_of_the_frame(windows):
    """A 10 px box on a 2000 px frame would resize the whole frame 7.5 times (700 MB of
    floats): the window's part alone is resized, and its answer comes back in frame pixels."""
    P, asked, answer = windows
    weak = [_answer((1000, 1000, 1010, 1010), (1005, 1020), (1005, 1012), 0.35)]
    answer["value"] = _answer((13, 13, 23, 23), (18, 33), (18, 25), 0.7)  # in the cut's pixels
    fb, _, fs = _zoom_one(P, np.zeros((2000, 2000, 3), np.uint8), weak)
    assert asked == [(2.0, 2.0, 30.0)] and answer["shape"][:2] == (34, 34)
    assert len(fs) == 2 and fb[1].tolist() == pytest.approx([1001, 1001, 1011, 1011], abs=1e-3)


def test_a_degenerate_uncertain_box_is_not_zoomed(windows):
    P, asked, answer = windows
    weak = [_answer((200, 10, 200, 10), (200, 10), (200, 10), 0.35)]  # no width, no height
    answer["value"] = _answer((201, 11, 221, 31), (211, 41), (211, 26), 0.7)
    _, _, fs = _zoom_one(P, _FRAME, weak)
    assert asked == [] and len(fs) == 1


# --- zoom_ladder (session 23): tighter windows when the zoom window finds nothing ---------
@pytest.fixture
def sized(monkeypatch):
    """``pose._run_windows`` replaced: a window answers ``answer`` only when its side is
    at most ``largest`` (a small person seen only on a tight window); the windows asked
    for are recorded."""
    from creative_tools.person import pose as P

    asked, state = [], {"largest": 45.0, "value": _answer((201, 11, 221, 31), (211, 41), (211, 26), 0.7)}

    def fake(net, image, anchors, wins, *, score_threshold, resized):
        asked.extend(wins)
        out = []
        for _, _, side in wins:
            b, k, sc = state["value"]
            keep = (sc >= score_threshold) & (side <= state["largest"])
            out.append((b[keep], k[keep], sc[keep]))
        return out

    monkeypatch.setattr(P, "_run_windows", fake)
    return P, asked, state


_WEAK = [_answer((200, 10, 220, 30), (210, 40), (210, 25), 0.35)]  # a 20 px box


def test_without_a_ladder_a_failed_zoom_window_is_the_end(sized):
    P, asked, _ = sized
    _, _, fs = _zoom_one(P, _FRAME, _WEAK)
    assert asked == [(180.0, -10.0, 60.0)] and len(fs) == 1


def test_the_ladder_tries_tighter_windows_until_one_answers(sized):
    P, asked, _ = sized
    fb, _, fs = _zoom_one(P, _FRAME, _WEAK, ladder=(2.0, 1.5))
    # 3 box sides (60 px) found nothing; 2 (40 px) did, so 1.5 is not run
    assert asked == [(180.0, -10.0, 60.0), (190.0, 0.0, 40.0)]
    assert len(fs) == 2 and fs[1] == pytest.approx(0.7)
    np.testing.assert_allclose(fb[1], (201, 11, 221, 31))


def test_the_ladder_keeps_every_check_of_a_zoom_answer(sized):
    P, asked, state = sized
    state["largest"] = 25.0   # only a window of 1.25 box sides would see it: not on the ladder
    _, _, fs = _zoom_one(P, _FRAME, _WEAK, ladder=(2.0, 1.5))
    assert [s for *_, s in asked] == [60.0, 40.0, 30.0] and len(fs) == 1
    asked.clear()
    state["largest"], state["value"] = 45.0, _answer((201, 11, 221, 31), (211, 41), (211, 26), 0.55)
    assert len(_zoom_one(P, _FRAME, _WEAK, ladder=(2.0, 1.5))[2]) == 1   # not clear (confirm 0.6)
    # a body wider than the tighter window (hip to scale point 30 px: a 75 px crop > 2.5 x 40 is not; > 1.5 x 40 is)
    state["value"] = _answer((201, 11, 221, 31), (211, 56), (211, 26), 0.7)
    assert len(_zoom_one(P, _FRAME, _WEAK, ladder=(2.0,), fit=1.5)[2]) == 1
    assert len(_zoom_one(P, _FRAME, _WEAK, ladder=(2.0,), fit=2.5)[2]) == 2


@pytest.mark.parametrize("bad", ["2.0", 2.0, [3.0], [2.0, 2.0], [1.5, 2.0], [0.0], [-1.0], [True], ["x"]])
def test_zoom_ladder_is_checked(bad):
    with pytest.raises(ContractError, match="zoom_ladder"):
        MediaPipePerson(zoom_ladder=bad)


def test_zoom_ladder_values():
    from creative_tools.person.mediapipe import _check_ladder

    assert _check_ladder(None, 3.0) == () and _check_ladder([], 3.0) == ()
    assert _check_ladder([2, "1.5"], 3.0) == (2.0, 1.5)
    assert _check_ladder((4.0, 2.0), 5.0) == (4.0, 2.0)


@needs_pose_models
def test_the_ladder_reaches_the_detector(monkeypatch):
    from creative_tools.person import mediapipe as M

    seen = {}

    def fake(*a, **kw):
        seen.update(kw)
        return []

    monkeypatch.setattr(M, "detect_people", fake)
    M.MediaPipePerson(zoom_ladder=[2.0, 1.5]).detect(np.zeros((64, 64, 3), np.uint8))
    assert seen["zoom_ladder"] == (2.0, 1.5)
    M.MediaPipePerson().detect(np.zeros((64, 64, 3), np.uint8))
    assert seen["zoom_ladder"] == ()


# samples_hard.py --lookalike tune, person_tiny draw 2 of offset 3000: a bust of 0.7 % of a
# 720 x 720 frame that the grid scores 0.36; its zoom window (3 boxes) finds nothing that
# passes, a window of 2 boxes finds it (0.63) and it is verified (session 23).
@needs_pose_models
def test_a_tiny_bust_is_found_on_a_tighter_window(hard):
    r = next(r for r in hard.build_lookalikes("tune", only=("person_tiny",))
             if r["meta"]["stem"] == "look3000_hard_person_tiny_tune_2")
    gt, image = r["person"], r["creative"]
    iou = {ladder: _iou(MediaPipePerson(zoom_ladder=ladder).segment(image), gt) for ladder in (None, (2.0, 1.5))}
    assert iou[None] < 0.55 and iou[(2.0, 1.5)] > 0.65, iou
