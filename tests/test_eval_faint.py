"""scripts/eval_faint.py: its default comparison, the draw and the box (no model)."""

from __future__ import annotations

import pytest

from conftest import script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_faint") as mod:
        yield mod


def test_default_options_compare_ground_off_with_the_default(ev):
    # since session 20 ``{}`` is ground ON: a plain run must compare off with on, not on with on
    opts = ev._options(ev._parser().parse_args([]).options)
    assert opts == {"off": {"ground": False}, "on": {}}
