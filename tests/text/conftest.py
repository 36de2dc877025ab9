"""Fixtures shared by the text tests."""

from __future__ import annotations

import importlib.util

import pytest


@pytest.fixture(scope="module")
def detector():
    """The default ``ppocr`` text detector, one per test module (skips without its model files)."""
    from creative_tools import packaged

    if importlib.util.find_spec("onnxruntime") is None or any(
            packaged.find(k) is None for k in ("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small")):
        pytest.skip("onnxruntime or the PP-OCR files missing (python -m creative_tools models fetch)")
    from creative_tools import registry

    return registry.load("text", "ppocr")
