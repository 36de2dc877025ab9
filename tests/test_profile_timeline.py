"""scripts/profile_timeline.py: the default pipeline's wall, phase by phase and thread by thread."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import script_module
from creative_tools import packaged

HAVE_MODELS = importlib.util.find_spec("onnxruntime") is not None and all(
    packaged.find(k) is not None for k in ("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small")
)


@pytest.mark.skipif(not HAVE_MODELS or not sys.platform.startswith("linux"),
                    reason="onnxruntime or the PP-OCR files missing, or not Linux (/proc)")
def test_phases_cover_the_run_steps_are_timed_and_the_code_is_restored():
    from creative_tools.bench.speed import synthetic_creative
    from creative_tools.inpaint import classical
    from creative_tools.pipeline import Pipeline
    from creative_tools.text import base, ppocr

    before = (Pipeline.detect_text, ppocr.PPOCRText._pred_at, ppocr.db_boxes, base.TextDetector.make_mask,
              classical.AutoInpainter.holes)
    assert "inpaint_batch" not in classical.TwoScaleInpainter.__dict__  # inherited: wrapped, then removed
    ims = [("a", synthetic_creative(256, seed=1)), ("b", synthetic_creative(320, seed=2))]
    with script_module("profile_timeline") as mod:
        res = mod.timeline(ims)
        phases = mod.PHASES
    assert (Pipeline.detect_text, ppocr.PPOCRText._pred_at, ppocr.db_boxes, base.TextDetector.make_mask,
            classical.AutoInpainter.holes) == before
    assert "inpaint_batch" not in classical.TwoScaleInpainter.__dict__
    assert len(res["runs"]) == 2 and list(res["phases"]) == list(phases)
    for c in res["phases"].values():
        assert c["wall"] >= 0 and c["cpu"] >= 0
        assert c["busiest"] <= c["cpu"] + 1e-9 and c["bound"] >= c["busiest"]
    labels = {lab for lab, _ in res["steps"]}
    for lab in ("person", "text", "net", "glyph masks", "merge", "fill", "faint look"):
        assert lab in labels, lab
    # the look's view, map and boxes on the text backend's helper thread (``concurrent``)
    assert ("faint look: view, map, boxes", "ppocr-helper") in res["steps"], res["steps"]
    assert all(0 <= a <= b <= r["wall"] + 1e-6 for r in res["runs"] for _, _, a, b in r["events"])
