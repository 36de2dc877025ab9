"""onnx_session: the runtime options every ONNX backend's session gets."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from creative_tools import packaged

pytest.importorskip("onnxruntime")

from creative_tools.onnx_session import cpu_session, session_options  # noqa: E402

HAVE_DET = packaged.find("ppocrv4_det") is not None and packaged.find("ppocrv4_rec") is not None


def test_spinning_off_by_default_and_threads():
    o = session_options()
    assert o.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert o.intra_op_num_threads == 0  # onnxruntime's own choice
    o = session_options(threads=1, spinning=True)
    assert o.get_session_config_entry("session.intra_op.allow_spinning") == "1"
    assert o.intra_op_num_threads == 1


def test_negative_threads_named_in_error():
    with pytest.raises(ValueError, match="threads must be None or >= 0, got -1"):
        session_options(threads=-1)


def test_cpu_session_defaults_to_cpu_provider():
    if not HAVE_DET:
        pytest.skip("the PP-OCRv4 files are missing (python -m creative_tools models fetch)")
    s = cpu_session(packaged.find("ppocrv4_det"))
    assert s.get_providers() == ["CPUExecutionProvider"]
    assert s.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"


@pytest.mark.skipif(not HAVE_DET, reason="the PP-OCRv4 files are missing (python -m creative_tools models fetch)")
def test_ppocr_spinning_changes_scheduling_not_output():
    """The text backend's sessions get the option; detections are the same either way."""
    import cv2

    from creative_tools.text.ppocr import PPOCRText

    im = np.full((96, 320, 3), 250, np.uint8)
    cv2.putText(im, "SALE 50%", (10, 70), cv2.FONT_HERSHEY_DUPLEX, 1.8, (20, 30, 160), 4, cv2.LINE_AA)
    on, off = PPOCRText(spinning=True), PPOCRText()
    for det, want in ((on, "1"), (off, "0")):
        for s in det.sessions + [det.recognizer.session]:
            assert s.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == want
    a, b = on.detect(im), off.detect(im)
    assert len(a) == len(b) >= 1
    np.testing.assert_allclose(a.prob, b.prob, atol=1e-6)
    assert (a.mask == b.mask).all()
