"""``scripts/eval_click.py --grabcut`` measures the click's opt-in GrabCut step."""

import importlib.util
from pathlib import Path

import pytest

from creative_tools.objects import click

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location(
        "_eval_click_under_test", ROOT / "scripts" / "eval_click.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("flag, expected", [([], False), (["--grabcut"], True)])
def test_eval_click_passes_grabcut_to_the_segmenter(monkeypatch, capsys, flag,
                                                    expected):
    """Failure class *a figure nobody can reproduce*: the docstring of ``grabcut``
    cites eval_click figures, but the script could not turn the step on."""
    seen = []
    real = click.ClickSegmenter

    class Spy(real):
        def __init__(self, *a, **kw):
            seen.append(kw.get("grabcut", False))
            super().__init__(*a, **kw)

    monkeypatch.setattr(click, "ClickSegmenter", Spy)
    rc = _script().main(["--split", "tuned", "--count", "1", "--random", "0",
                         "--saliency", "off"] + flag)
    assert rc in (0, None)
    assert seen and set(seen) == {expected}
    assert ("grabcut=True" in capsys.readouterr().out) == expected


@pytest.mark.parametrize("option, said", [
    ("silhouette=True", "VALUE must be JSON"),  # Python's spelling, not JSON's
    ("silhuette=true", "no option 'silhuette'"),  # a misspelt name
    ("session=null", "no option 'session'"),  # --saliency sets it
])
def test_eval_click_refuses_a_bad_option_before_building_samples(monkeypatch, capsys,
                                                                  option, said):
    """Failure class *a raw traceback minutes in*: ``--option silhouette=True`` ended in a
    JSONDecodeError and a misspelt name failed only after the samples were built."""
    mod = _script()

    def built(*a, **kw):
        raise AssertionError("samples built before the options were checked")

    monkeypatch.setattr(mod, "make_creative", built)
    with pytest.raises(SystemExit) as e:
        mod.main(["--split", "tuned", "--count", "1", "--random", "0", "--saliency", "off",
                  "--option", option])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert said in err and repr(option) in err


def test_eval_click_prepare_reports_the_prepared_time_apart(monkeypatch, capsys):
    """``--prepare`` calls ``ClickSegmenter.prepare`` on every segmenter it builds and prints
    its time beside the first click's and their sum: the prepared cost is moved, not dropped."""
    prepared = []
    real = click.ClickSegmenter

    class Spy(real):
        def prepare(self):
            prepared.append(1)
            return super().prepare()

    monkeypatch.setattr(click, "ClickSegmenter", Spy)
    rc = _script().main(["--split", "tuned", "--count", "1", "--random", "0", "--saliency", "off",
                         "--prepare"])
    assert rc in (0, None)
    out = capsys.readouterr().out
    assert prepared
    for key in ("prepare_cpu", "first_cpu", "first_with_prepare_cpu"):
        assert f"  {key} " in out, key
    n = len(prepared)
    _script().main(["--split", "tuned", "--count", "1", "--random", "0", "--saliency", "off"])
    assert "prepare_cpu" not in capsys.readouterr().out and len(prepared) == n  # off by default
