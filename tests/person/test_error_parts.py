"""scripts/eval_person_hard.py's error_parts: 1 - IoU split by kind of error, by hand on
tiny masks (a missed person, a halo, a swallowed object, a part left out)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_person_hard") as mod:
        yield mod


def _two_people():
    gt = np.zeros((100, 100), bool)
    gt[20:80, 10:40] = True  # a person, 1800 px
    gt[40:60, 70:80] = True  # a small one, 200 px
    return gt


def test_the_parts_sum_to_one_minus_iou(ev):
    gt = _two_people()
    pred = gt.copy()
    pred[40:60, 70:80] = False  # the small one missed
    pred[20:80, 40:41] = True  # a 1 px halo
    pred[5:10, 80:95] = True  # an object far away
    pred[70:80, 10:40] = False  # the legs left out
    parts = ev.error_parts(pred, gt)
    inter, union = (pred & gt).sum(), (pred | gt).sum()
    assert sum(parts.values()) == pytest.approx(1 - inter / union)
    assert parts["missed"] == pytest.approx(200 / union)
    assert parts["fp_band"] == pytest.approx(60 / union)
    assert parts["fp_far"] == pytest.approx(75 / union)
    assert (
        parts["fn_far"] > 0 and parts["fn_band"] > 0
    )  # the legs: edge rows and beyond
    assert parts["fn_far"] + parts["fn_band"] == pytest.approx(300 / union)


def test_void_is_ignored_and_a_perfect_mask_loses_nothing(ev):
    gt = _two_people()
    assert set(ev.error_parts(gt, gt).values()) == {0.0}
    void = np.zeros_like(gt)
    void[:, 40:43] = True
    pred = gt.copy()
    pred[20:80, 40:43] = True
    assert set(ev.error_parts(pred, gt, void).values()) == {0.0}


def test_error_sources_sum_to_one_minus_iou_and_name_the_map(ev):
    gt = _two_people()
    pose = gt.copy()
    pose[20:80, 40:42] = True           # the pose map's halo
    selfie = pose.copy()
    selfie[5:10, 80:95] = True          # an object only the selfie map took
    pred = selfie.copy()
    pred[70:80, 10:40] = False          # legs both maps had, cut later
    pred[40:60, 70:80] = False          # ...
    pred[90:95, 0:4] = True             # a speck neither map had (the filter's)
    gt2 = gt.copy()
    gt2[0:3, 0:3] = True                # a part nobody found
    parts = ev.error_sources(pred, gt2, None, pose, selfie)
    inter, union = (pred & gt2).sum(), (pred | gt2).sum()
    assert list(parts) == list(ev.SOURCE_PARTS)
    assert sum(parts.values()) == pytest.approx(1 - inter / union)
    assert parts["fp_pose"] == pytest.approx(120 / union)
    assert parts["fp_selfie"] == pytest.approx(75 / union)
    assert parts["fp_filter"] == pytest.approx(20 / union)
    assert parts["fn_pose"] == pytest.approx(500 / union)
    assert parts["fn_selfie"] == 0.0
    assert parts["fn_none"] == pytest.approx(9 / union)


def test_made_up_parts_split_fp_far_by_where_it_lies(ev):
    gt = _two_people()
    pred = gt.copy()
    pred[80:95, 10:40] = True  # a body made up below the first person (450 px)
    pred[20:30, 40:55] = True  # a plate level with it (150 px)
    pred[5:10, 80:95] = True  # an object touching nobody (75 px)
    parts = ev.made_up_parts(pred, gt)
    union = (pred | gt).sum()
    assert list(parts) == list(ev.MADE_UP_PARTS)
    assert sum(parts.values()) == pytest.approx(ev.error_parts(pred, gt)["fp_far"])
    assert parts["fp_obj"] == pytest.approx(75 / union)
    # the rows past the 2 px band only: 13 rows below, 13 columns beside
    assert parts["fp_below"] == pytest.approx(13 * 30 / union)
    assert parts["fp_level"] == pytest.approx(10 * 13 / union)


def test_made_up_parts_below_is_under_the_people_its_piece_touches(ev):
    gt = _two_people()
    pred = gt.copy()
    pred[60:75, 70:80] = True  # hangs below the small one (its truth ends at row 59) ...
    parts = ev.made_up_parts(pred, gt)  # ... though level with the tall one beside it
    union = (pred | gt).sum()
    assert parts["fp_below"] == pytest.approx(13 * 10 / union)
    assert parts["fp_level"] == 0.0
    void = np.zeros_like(gt)
    void[60:75, 70:80] = True
    assert set(ev.made_up_parts(pred, gt, void).values()) == {0.0}
