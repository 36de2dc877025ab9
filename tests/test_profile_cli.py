"""scripts/profile_cli.py: a default CLI run split into its fixed costs and per-creative steps."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import script_module

from creative_tools import packaged

HAVE_MODELS = importlib.util.find_spec("onnxruntime") is not None and all(
    packaged.find(k) is not None for k in ("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small")
)


@pytest.mark.skipif(not HAVE_MODELS, reason="onnxruntime or the PP-OCR files missing (python -m creative_tools models fetch)")
def test_every_step_is_timed_and_the_total_is_their_sum(tmp_path):
    from creative_tools.bench.endtoend import write_creatives
    from creative_tools.bench.speed import synthetic_creative

    paths = write_creatives([("a", synthetic_creative(256, seed=1)), ("b", synthetic_creative(200, seed=2))], tmp_path)
    with script_module("profile_cli") as mod:
        res = mod.profile(paths, imports=False)
        table = mod.markdown(res)
        assert mod.import_cpu("json") >= 0.0
        assert mod.import_cpu("no_such_module_here") != mod.import_cpu("no_such_module_here")  # NaN
    assert res["files"] == 2 and list(res["steps"]) == list(mod.STEPS)
    assert all(v >= 0.0 for v in res["steps"].values())
    assert res["steps"]["text"] > 0 and res["steps"]["encode background"] > 0
    assert res["total"] == pytest.approx(sum(res["steps"].values()))
    assert {"load person", "load text", "load inpaint"} <= set(res["fixed"])
    assert "| **total** |" in table and "| load text |" in table
