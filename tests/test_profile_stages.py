"""scripts/profile_stages.py: the default pipeline's CPU per stage, the text stage's per step."""

from __future__ import annotations

import importlib.util

import cv2
import pytest

from conftest import script_module
from creative_tools import packaged

HAVE_MODELS = importlib.util.find_spec("onnxruntime") is not None and all(
    packaged.find(k) is not None for k in ("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small")
)


@pytest.mark.skipif(not HAVE_MODELS,
                    reason="onnxruntime or the PP-OCR files missing (python -m creative_tools models fetch)")
def test_steps_fit_in_the_text_stage_stages_in_the_total_and_the_process_is_restored():
    from creative_tools.bench.speed import synthetic_creative
    from creative_tools.text import glyphs, ppocr

    before = (ppocr.db_boxes, ppocr.unite_boxes, ppocr._blob, ppocr.repeated_polygons, glyphs.text_mask)
    cv2_threads = cv2.getNumThreads()
    ims = [("a", synthetic_creative(256, seed=1)), ("b", synthetic_creative(320, seed=2))]
    with script_module("profile_stages") as mod:
        res = mod.profile(ims, naive=False)
    assert (ppocr.db_boxes, ppocr.unite_boxes, ppocr._blob, ppocr.repeated_polygons, glyphs.text_mask) == before
    assert cv2.getNumThreads() == cv2_threads
    assert res["naive"] == {}
    p, steps = res["pipeline"], res["text"]
    for stage in ("person", "text", "merge", "fill", "total"):
        assert p[stage] >= 0, stage
    assert p["text"] > 0 and p["fill"] > 0
    # the stages run one after the other inside the timed loop
    assert p["person"] + p["text"] + p["merge"] + p["fill"] <= p["total"] + 1e-3
    for step in ("v4 net", "v6 net", "network input", "glyph masks", "tiling checks"):
        assert steps[step] > 0, step
    # the steps are parts of the text stage, none counted twice
    assert sum(steps.values()) <= p["text"] + 1e-3
