"""scripts/eval_objects.py: ``--start`` draws creatives apart from the first ones (a blind draw)."""

from __future__ import annotations

import pytest
from conftest import script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_objects") as mod:
        yield mod


def test_start_yields_the_creatives_from_start_on(ev):
    stems = [stem for stem, *_ in ev.items("neg_heldout", 2, 30)]
    assert stems == ["heldout_negative_030", "heldout_negative_031"]
    stems = [stem for stem, *_ in ev.items("heldout", 1, 24)]
    assert stems == ["heldout_024"]


def test_start_defaults_to_the_first_creative(ev):
    assert [stem for stem, *_ in ev.items("neg_heldout", 1)] == ["heldout_negative_000"]


def test_a_negative_start_is_refused(ev, capsys):
    with pytest.raises(SystemExit):
        ev.main(["--sets", "neg_heldout", "--start", "-1"])
    assert "--start must be >= 0, got -1" in capsys.readouterr().err
