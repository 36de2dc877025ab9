"""scripts/artcheck_sets.py: the held-out artifact sets' one table, read by eval_objects and eval_click."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import artcheck_sets as S  # noqa: E402


@pytest.mark.parametrize("name, want", [("artcheck_tune", ("artcheck", "tune")),
                                        ("artcheck2_heldout", ("artcheck2", "heldout")),
                                        ("artcheck5_tune", ("artcheck5", "tune")),
                                        ("ruled_heldout", ("ruled", "heldout"))])
def test_a_set_name_is_its_generator_and_half(name, want):
    assert S.split_name(name) == want and S.is_artcheck(name)


@pytest.mark.parametrize("name", ["artcheck9_tune", "artcheck5", "artcheck5_", "tuned", "click_tune"])
def test_a_name_no_generator_draws_is_refused(name):
    assert not S.is_artcheck(name)
    with pytest.raises(ValueError, match="not an artcheck set"):
        S.split_name(name)


def test_every_generator_module_has_its_function_and_count():
    import importlib

    for prefix, (module, func) in S.GENERATORS.items():
        mod = importlib.import_module(module)
        assert callable(getattr(mod, func)), prefix
        assert S.count(f"{prefix}_tune") == mod.COUNT > 0
