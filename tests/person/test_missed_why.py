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
