"""scripts/profile_text.py: the text stage split into its steps."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from conftest import script_module
from creative_tools import packaged

HAVE_MODEL = importlib.util.find_spec("onnxruntime") is not None and all(
    packaged.find(k) is not None for k in ("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small")
)


@pytest.mark.skipif(not HAVE_MODEL, reason="onnxruntime or the PP-OCR files missing (python -m creative_tools models fetch)")
def test_steps_add_up_to_at_most_the_stage_and_the_module_is_restored():
    from creative_tools.bench.speed import synthetic_creative
    from creative_tools.text import glyphs, ppocr

    before = (ppocr.db_boxes, ppocr.unite_boxes, ppocr._blob, ppocr.repeated_polygons, glyphs.text_mask)
    ims = [("a", synthetic_creative(256, seed=1)), ("b", synthetic_creative(320, seed=2))]
    with script_module("profile_text") as mod:
        # one after the other: with the default concurrent passes the v6 net overlaps v4's
        acc = mod.profile(ims, options={"concurrent": False}, naive=False)
    assert (ppocr.db_boxes, ppocr.unite_boxes, ppocr._blob, ppocr.repeated_polygons, glyphs.text_mask) == before
    for step in ("v4 net", "v6 net", "network input", "DB boxes", "glyph masks", "stage"):
        assert acc[step] > 0, step
    assert "naive" not in acc
    steps = sum(v for k, v in acc.items() if k not in ("stage", "boxes", "checked"))
    assert steps <= acc["stage"]
    assert acc["boxes"] >= 2  # "SUMMER SALE" and "up to 50% off" on each creative
    assert np.isfinite(acc["stage"])


@pytest.mark.skipif(not HAVE_MODEL, reason="onnxruntime or the PP-OCR files missing (python -m creative_tools models fetch)")
def test_the_side_by_side_passes_count_as_their_networks():
    """With the default concurrent passes and ``overlap_threads``, v4 and v6 small run on
    their own session copies: their time is still the nets' (it fell into ``other``)."""
    from creative_tools.bench.speed import synthetic_creative

    ims = [("a", synthetic_creative(256, seed=1))]
    with script_module("profile_text") as mod:
        acc = mod.profile(ims, options={"overlap_threads": 1}, naive=False)
    assert acc["v4 net"] > 0 and acc["v6 net"] > 0
