"""scripts/eval_objects.py: ``--start`` draws creatives apart from the first ones (a blind draw)."""

from __future__ import annotations

from dataclasses import asdict

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


def test_a_graphic_variant_runs_at_autos_smooth_fit(ev):
    """Failure class: a ``_graphic`` variant built from ``GraphicParams`` alone, so it ran at
    ``smooth_fit=0`` while ``{}`` ran at auto's 4.0 (a before/after that compared two settings)."""
    from creative_tools.objects import graphic
    from creative_tools.objects.auto import AUTO_SMOOTH_FIT

    det = ev.detector({"_graphic": graphic.__file__})
    assert det.params.smooth_fit == AUTO_SMOOTH_FIT == 4.0
    assert asdict(det.params) == asdict(ev.detector({}).params)  # (two classes: compare the fields)
    assert ev.detector({"_graphic": graphic.__file__, "smooth_fit": 0}).params.smooth_fit == 0


def test_a_graphic_variant_without_smooth_fit_still_loads(ev, tmp_path):
    """An older ``graphic.py`` (before session 23) has no ``smooth_fit`` field: none is passed."""
    old = tmp_path / "graphic_old.py"
    old.write_text("from dataclasses import dataclass\n\n\n@dataclass\nclass GraphicParams:\n"
                   "    min_score: float = 0.85\n\n\ndef graphic_proposals(image, **kw):\n    return []\n")
    det = ev.detector({"_graphic": str(old)})
    assert not hasattr(det.params, "smooth_fit")
