"""scripts/derive_fused_v4.py: writes the fused PP-OCRv4 detector (no onnx package needed)."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import script_module

from creative_tools import packaged

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None
    or packaged.find("ppocrv4_det") is None,
    reason="onnxruntime or the PP-OCRv4 detector missing (python -m creative_tools models fetch)",
)


def test_script_writes_the_derivation(tmp_path, capsys):
    out = tmp_path / "fused.onnx"
    with script_module("derive_fused_v4") as mod:
        assert mod.main(["--out", str(out)]) == 0
    assert out.is_file()
    assert "24 hard-swish chains, 28 affine blocks fused" in capsys.readouterr().out
