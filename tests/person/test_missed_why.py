"""scripts/eval_person_hard.py's missed_people: a verified person under IoU 0.5 is told
apart by what the mask holds of it (session 28). A person whose piece of the mask also
holds a neighbour (a crowd's one piece) or a made-up part is found, not lost; only one
the mask covers less than half of is "verified, mask lost"."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from conftest import script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_person_hard") as mod:
        yield mod


def _seg(centre):
    """A stand-in backend: one detection at ``centre`` (x, y), verified."""
    x, y = centre
    det = SimpleNamespace(box=np.float32([x - 5, y - 5, x + 5, y + 5]))
    crop = SimpleNamespace(prob=np.ones((1, 1), np.float32), landmarks=np.float32([[x, y]]))
    verdict = SimpleNamespace(ok=True, reason="ok")
    return SimpleNamespace(people=lambda image: [(det, None, crop, verdict)])


def _scene():
    gt = np.zeros((100, 200), bool)
    gt[20:60, 20:50] = True  # person A: 1200 px, the detection's face on it
    gt[20:60, 52:100] = True  # person B, apart from A by two columns
    return gt


def _why(ev, pred, gt):
    rows = ev.missed_people(_seg((35, 30)), np.zeros((*gt.shape, 3), np.uint8), pred, gt)
    (row,) = [r for r in rows if r["area"] == pytest.approx(1200 / gt.size, abs=1e-4)]
    return row


def test_a_person_whose_piece_holds_a_neighbour_is_joined_to_people(ev):
    gt = _scene()
    pred = np.zeros_like(gt)
    pred[20:60, 20:100] = True  # A and B one piece (the gap filled)
    row = _why(ev, pred, gt)
    assert row["iou"] < 0.5
    assert row["cover"] == 1.0
    assert row["why"] == "verified, joined to people"
    assert row["joined_people"] == pytest.approx(1920 / 1200, abs=1e-3)
    assert row["joined_false"] == pytest.approx(80 / 1200, abs=1e-3)


def test_a_person_whose_piece_holds_a_made_up_body_is_joined_to_false_pixels(ev):
    gt = _scene()
    pred = np.zeros_like(gt)
    pred[20:95, 10:50] = True  # A and a made-up body below and beside it
    pred[20:60, 52:100] = True  # B alone, found
    row = _why(ev, pred, gt)
    assert row["iou"] < 0.5 and row["cover"] == 1.0
    assert row["why"] == "verified, joined to false pixels"
    assert row["joined_people"] == 0.0


def test_a_person_the_mask_barely_covers_is_lost(ev):
    gt = _scene()
    pred = np.zeros_like(gt)
    pred[20:30, 20:50] = True  # a quarter of A
    pred[20:60, 52:100] = True  # B alone, found
    row = _why(ev, pred, gt)
    assert row["cover"] == pytest.approx(0.25)
    assert row["why"] == "verified, mask lost"


def test_with_unfound_adds_only_the_people_the_mask_holds_less_than_half_of(ev):
    gt = _scene()
    pred = np.zeros_like(gt)
    pred[20:60, 20:50] = True  # A whole
    pred[20:35, 52:100] = True  # 15 of B's 40 rows: under half
    pred[80:90, 150:160] = True  # a false piece, kept
    found, added = ev.with_unfound(pred, gt)
    assert added == 1
    assert (found == (pred | gt)).all()
    pred[20:45, 52:100] = True  # 25 of 40 rows: B counts as found
    found, added = ev.with_unfound(pred, gt)
    assert added == 0 and (found == pred).all()
    assert found is not pred


def test_with_unfound_measures_cover_on_valid_pixels(ev):
    gt = _scene()
    void = np.zeros_like(gt)
    void[20:40, 52:100] = True  # the top half of B is void
    pred = np.zeros_like(gt)
    pred[20:60, 20:50] = True
    pred[40:52, 52:100] = True  # 12 of B's 20 valid rows (12 of 40 in all)
    assert ev.with_unfound(pred, gt, void)[1] == 0
    assert ev.with_unfound(pred, gt)[1] == 1
