"""Shared fixtures: device option, paths to data/ and ../shared, temporary weight cache,
the hard-set generator (scripts/samples_hard.py), the objects tests' box on a floor.

(One conftest.py for the whole suite: test modules import its helpers as ``conftest``.)"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = Path(os.environ.get("CREATIVE_TOOLS_SHARED", ROOT.parent / "shared"))


def pytest_addoption(parser, pluginmanager):
    parser.addoption("--device", default="cpu", help="torch device for model tests (default: cpu)")
    if not pluginmanager.has_plugin("xdist"):
        # pyproject's addopts name pytest-xdist's long options (``--numprocesses``, ``--dist``,
        # ``--maxprocesses``): without the plugin (not installed, or ``-p no:xdist``) they are
        # accepted and ignored, and the suite runs in one process as before
        group = parser.getgroup("xdist-absent", "pytest-xdist is not installed: one process")
        for name in ("--numprocesses", "--maxprocesses", "--dist"):
            group.addoption(name, dest=f"absent_xdist_{name[2:]}", default=None,
                            help="ignored: pytest-xdist is not installed")


def pytest_report_header(config):
    if not config.pluginmanager.has_plugin("xdist"):
        return "pytest-xdist not installed (or -p no:xdist): the tests run in one process"


@pytest.fixture(scope="session")
def device(request):
    dev = request.config.getoption("--device")
    if dev.startswith("cuda"):
        torch = pytest.importorskip("torch")
        if not torch.cuda.is_available():
            pytest.skip("no CUDA device")
    return dev


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not present")
    return SHARED


@pytest.fixture(scope="session")
def vectors_dir(shared_dir) -> Path:
    return shared_dir / "vectors"


@pytest.fixture(scope="session")
def eval_dir(shared_dir) -> Path:
    return shared_dir / "eval"


@pytest.fixture
def ct_home(tmp_path, monkeypatch) -> Path:
    """An empty CREATIVE_TOOLS_HOME, offline, for weight-loading tests.

    Its ``packages/`` links to the real one, so the embedded backends' model files
    (``models fetch``) are still found.
    """
    from creative_tools.weights import home as real_home

    packages = real_home() / "packages"
    home = tmp_path / "ct_home"
    home.mkdir()
    if packages.is_dir():
        (home / "packages").symlink_to(packages, target_is_directory=True)
    monkeypatch.setenv("CREATIVE_TOOLS_HOME", str(home))
    monkeypatch.setenv("CREATIVE_TOOLS_OFFLINE", "1")
    return home


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def box_on_floor():
    """A flat box standing on a gradient floor, a blurred ellipse (opacity 0.55, sigma 5 px)
    darkening the floor under its base: ``(img, box, alpha)``, the box's mask and the
    shadow's alpha (its truth: ``alpha > 0.1`` off the box). The objects tests' contact shadow."""
    import cv2

    yy, xx = np.mgrid[0:240, 0:320].astype(np.float32)
    plate = np.stack([200 - 0.1 * yy, 190 - 0.05 * xx, 170 + 0.05 * yy], -1)
    e = np.zeros((240, 320), np.float32)
    cv2.ellipse(e, (160, 172), (70, 10), 0, 0, 360, 1.0, -1)
    a = cv2.GaussianBlur(e, (0, 0), 5) * 0.55
    img = plate * (1 - a[..., None])
    box = np.zeros((240, 320), bool)
    box[80:170, 100:220] = True
    img[box] = (40, 90, 200)
    return np.clip(img, 0, 255).round().astype(np.uint8), box, a


@contextlib.contextmanager
def script_module(name: str):
    """``scripts/<name>.py`` imported as module ``name`` (scripts/ on the path meanwhile)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.path.remove(str(ROOT / "scripts"))
        sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def hard():
    """``scripts/samples_hard.py`` as a module (the hard synthetic set's generator)."""
    pytest.importorskip("skimage")
    with script_module("samples_hard") as mod:
        yield mod


def _have_pose_models() -> bool:
    if importlib.util.find_spec("ai_edge_litert") is None or importlib.util.find_spec("skimage") is None:
        return False
    from creative_tools.errors import BackendUnavailableError
    from creative_tools.person import runtime

    try:
        runtime.model_path("pose_detection")
        runtime.model_path("face_landmark")  # the default backend's face checks need it too
    except BackendUnavailableError:
        return False
    return True


needs_pose_models = pytest.mark.skipif(not _have_pose_models(),
                                       reason="mediapipe tflite files, ai-edge-litert or scikit-image missing")


@pytest.fixture(scope="module")
def detector():
    """The default ``ppocr`` text detector, one per test module (skips without its model files).

    Here rather than in ``tests/text/conftest.py``: a second ``conftest`` module would shadow
    this one for the tests that ``from conftest import ...`` when both are collected.
    """
    from creative_tools import packaged

    if importlib.util.find_spec("onnxruntime") is None or any(
            packaged.find(k) is None for k in ("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small")):
        pytest.skip("onnxruntime or the PP-OCR files missing (python -m creative_tools models fetch)")
    from creative_tools import registry

    return registry.load("text", "ppocr")


def one_body_backend(monkeypatch, body, box, **options):
    """The mediapipe person backend without its models: one verified body (``body()``, a
    :class:`~creative_tools.person.pose.PersonCrop` made afresh per call) found at ``box``, no
    selfie, no colour cut, no refine, so its map is the body's own mask; ``options`` set as
    the backend's attributes (``occluder_cut=True``, ``parted_cut=False``, ...)."""
    from creative_tools.person import mediapipe as M

    class _Ok:
        ok, rescued, reason = True, False, "ok"

    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.presence_threshold, seg.selfie = 0.5, "never"
    seg.colour_cut, seg.backdrop_cut, seg.face_check, seg.refine = False, False, None, False
    seg.frame_cut, seg.threshold, seg._nets = None, 0.5, {}
    seg.refine_body = None  # (session 31's edge option, off: a test with refine=True reads it)
    for name, value in options.items():
        setattr(seg, name, value)
    monkeypatch.setattr(seg, "people", lambda image: [(None, box, body(), _Ok())], raising=False)
    return seg
