"""scripts/derive_fused_v4.py: the derived PP-OCRv4 detector computes the same map."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from conftest import script_module
from creative_tools import packaged

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("onnx") is None,
                       reason="the onnx package is not installed (only this script needs it: pip install onnx)"),
    pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None or packaged.find("ppocrv4_det") is None,
                       reason="onnxruntime or the PP-OCRv4 detector missing (python -m creative_tools models fetch)"),
]


def test_fused_detector_rewrites_the_chains_and_keeps_the_map(tmp_path):
    import onnx

    from creative_tools.bench.speed import synthetic_creative
    from creative_tools.onnx_session import cpu_session
    from creative_tools.text.ppocr import PPOCRText

    with script_module("derive_fused_v4") as mod:
        model, counts = mod.fuse(onnx.load(str(packaged.find("ppocrv4_det"))))
    assert counts == {"hardswish": 24, "affine": 28}
    ops = [n.op_type for n in model.graph.node]
    assert "Clip" not in ops and "Div" not in ops  # every hard-swish chain rewritten
    path = tmp_path / "fused.onnx"
    onnx.save(model, str(path))
    det = PPOCRText(verify=0, repeats=False)
    im = synthetic_creative(320, seed=4)
    a = det._pred_at(im, 1.25, [cpu_session(packaged.find("ppocrv4_det"))])
    b = det._pred_at(im, 1.25, [cpu_session(path)])
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, atol=1e-3)
    assert ((a > 0.3) == (b > 0.3)).mean() > 0.999
