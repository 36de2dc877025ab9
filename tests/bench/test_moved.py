"""The old module names of the evaluation wing still work (deprecation path)."""

from __future__ import annotations

import importlib
import sys

import pytest


@pytest.mark.parametrize("old, new", [("creative_tools.evaluate", "creative_tools.bench.metrics"),
                                      ("creative_tools.datasets", "creative_tools.bench.datasets")])
def test_old_name_reexports_the_new_module_and_warns(old, new, monkeypatch):
    monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        mod = importlib.import_module(old)
    target = importlib.import_module(new)
    for name in target.__all__:
        assert getattr(mod, name) is getattr(target, name), name
    assert getattr(mod, "_ratio" if old.endswith("evaluate") else "_natural") is not None
