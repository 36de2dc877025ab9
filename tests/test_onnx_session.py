"""onnx_session: the runtime options every ONNX backend's session gets."""

from __future__ import annotations

import importlib.util
import platform
import sys

import numpy as np
import pytest

from creative_tools import packaged

pytest.importorskip("onnxruntime")

from creative_tools.onnx_session import cpu_session, session_options  # noqa: E402

HAVE_DET = packaged.find("ppocrv4_det") is not None and packaged.find("ppocrv4_rec") is not None
X86_GLIBC = sys.platform == "linux" and platform.machine() == "x86_64" and platform.libc_ver()[0] == "glibc"


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


def test_denormal_option_names_the_onnxruntime_entry():
    with pytest.raises(RuntimeError):  # not set: onnxruntime's default (subnormals computed)
        session_options().get_session_config_entry("session.set_denormal_as_zero")
    assert session_options(denormal_as_zero=True).get_session_config_entry("session.set_denormal_as_zero") == "1"


def test_flush_subnormals_here_stays_on_its_thread():
    import threading

    from creative_tools.onnx_session import _subnormal_product, flush_subnormals_here

    assert _subnormal_product() > 0  # this thread computes subnormals
    got = []
    t = threading.Thread(target=lambda: got.append((flush_subnormals_here(), _subnormal_product())))
    t.start()
    t.join()
    ok, value = got[0]
    assert ok == (value == 0.0)
    if X86_GLIBC:  # where flush_subnormals_here knows how
        assert ok and value == 0.0
    assert _subnormal_product() > 0  # not here


@pytest.mark.skipif(not HAVE_DET, reason="the PP-OCRv4 files are missing (python -m creative_tools models fetch)")
def test_denormal_flush_stays_on_the_sessions_own_thread():
    """onnxruntime sets flush-to-zero on the thread that creates the process's first
    session: the default session is created and run on a thread of its own, so the
    caller keeps exact subnormals (a fresh process, so this session is the first)."""
    import subprocess

    code = (
        "import numpy as np\n"
        "from creative_tools import packaged\n"
        "from creative_tools.onnx_session import OwnThreadSession, _subnormal_product, cpu_session\n"
        "s = cpu_session(packaged.find('ppocrv4_det'))\n"
        "assert isinstance(s, OwnThreadSession)\n"
        "assert s.get_session_options().get_session_config_entry('session.set_denormal_as_zero') == '1'\n"
        "x = np.zeros((1, 3, 64, 64), np.float32)\n"
        "p = s.run(None, {s.get_inputs()[0].name: x})[0]\n"
        "plain = cpu_session(packaged.find('ppocrv4_det'), denormal_as_zero=False)\n"
        "assert not isinstance(plain, OwnThreadSession)\n"
        "assert (plain.run(None, {plain.get_inputs()[0].name: x})[0] == p).all()\n"
        "print(_subnormal_product() > 0, s.flushes == (s._thread.submit(_subnormal_product).result() == 0.0))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]  # the caller untouched; the session's thread as reported


@pytest.mark.skipif(packaged.find("ppocrv6_det_small") is None or not HAVE_DET,
                    reason="the PP-OCR detector files are missing (python -m creative_tools models fetch)")
def test_ppocr_denormal_flush_keeps_the_detection():
    """Flushing subnormals (default) gives the exact computation's map and mask."""
    import cv2

    from creative_tools.text.ppocr import PPOCRText

    rng = np.random.default_rng(3)
    im = np.clip(rng.normal(150, 30, (160, 480, 3)), 0, 255).astype(np.uint8)
    cv2.putText(im, "SALE 50%", (10, 70), cv2.FONT_HERSHEY_DUPLEX, 1.8, (20, 30, 160), 4, cv2.LINE_AA)
    cv2.putText(im, "new arrivals", (20, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (250, 250, 250), 2, cv2.LINE_AA)
    flush, exact = PPOCRText(), PPOCRText(denormal_as_zero=False)
    if X86_GLIBC:
        assert all(s.flushes for s in flush.sessions + flush.union_sessions + [flush.recognizer.session])
    a, b = flush.detect(im), exact.detect(im)
    assert len(a) == len(b) >= 2
    np.testing.assert_allclose(a.prob, b.prob, atol=1e-6)
    assert (a.mask == b.mask).all()


@pytest.mark.skipif(not HAVE_DET, reason="the PP-OCRv4 files are missing (python -m creative_tools models fetch)")
def test_own_thread_session_in_a_forked_child_raises_instead_of_hanging():
    s = cpu_session(packaged.find("ppocrv4_det"))
    x = np.zeros((1, 3, 32, 32), np.float32)
    s._pid = -1  # as seen from a child forked after the session was made
    with pytest.raises(RuntimeError, match="made in process -1 and is used in a forked child"):
        s.run(None, {s.get_inputs()[0].name: x})
