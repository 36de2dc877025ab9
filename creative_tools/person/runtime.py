"""mediapipe's bundled tflite person models and the interpreter that runs them.

The models are files inside the ``mediapipe`` 0.10.14 wheel, found by
:mod:`creative_tools.packaged` (``python -m creative_tools models fetch`` extracts them
without installing mediapipe); mediapipe itself is never imported. They run with
``ai_edge_litert``'s tflite interpreter, one per model file and backend object (an
interpreter is not thread-safe).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from .._stderr import TFLITE_NOISE, filtered_stderr
from ..errors import BackendUnavailableError, ContractError
from ..packaged import packaged_file

__all__ = ["MODEL_FILES", "INSTALL_HINT", "model_path", "load_nets"]

INSTALL_HINT = "python -m creative_tools models fetch"

#: The tflite files used, relative to ``mediapipe/modules/``.
MODEL_FILES = {
    "pose_detection": "pose_detection/pose_detection.tflite",
    "pose_landmark": "pose_landmark/pose_landmark_full.tflite",
    "selfie": "selfie_segmentation/selfie_segmentation.tflite",
    "selfie_landscape": "selfie_segmentation/selfie_segmentation_landscape.tflite",
    "face_landmark": "face_landmark/face_landmark.tflite",
}

#: MODEL_FILES key -> :data:`creative_tools.packaged.FILES` key.
PACKAGED_KEYS = {"pose_detection": "pose_detection", "pose_landmark": "pose_landmark_full",
                 "selfie": "selfie", "selfie_landscape": "selfie_landscape",
                 "face_landmark": "face_landmark"}


def model_path(key: str) -> Path:
    """Path of one of mediapipe's tflite files (:func:`creative_tools.packaged.packaged_file`).

    Parameters
    ----------
    key : {"pose_detection", "pose_landmark", "selfie", "selfie_landscape", "face_landmark"}

    Raises
    ------
    BackendUnavailableError
        If the file is neither in an installed ``mediapipe`` 0.10.14 nor in the cache
        (wheels after 0.10.14 ship no tflite files); the message gives the
        ``models fetch`` command.
    """
    if key not in MODEL_FILES:
        raise ContractError(f"key must be one of {sorted(MODEL_FILES)}, got {key!r}")
    return packaged_file(PACKAGED_KEYS[key])


class _TFLite:
    """One tflite interpreter with named outputs."""

    def __init__(self, path: Path, *, num_threads: int | None):
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise BackendUnavailableError(
                f"running {path.name} needs ai-edge-litert; `pip install ai-edge-litert` ({e})"
            ) from e
        with filtered_stderr(*TFLITE_NOISE):  # the runtime's INFO line, printed from C++
            self.interpreter = Interpreter(model_path=str(path), num_threads=num_threads)
            self.interpreter.allocate_tensors()
        (inp,) = self.interpreter.get_input_details()
        self.input_index = inp["index"]
        self.input_shape = tuple(int(v) for v in inp["shape"])
        self.outputs = {d["name"]: d["index"] for d in self.interpreter.get_output_details()}

    def __call__(self, x: np.ndarray) -> dict[str, np.ndarray]:
        self.interpreter.set_tensor(self.input_index, np.ascontiguousarray(x[None], np.float32))
        self.interpreter.invoke()
        return {k: self.interpreter.get_tensor(i)[0] for k, i in self.outputs.items()}


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the OS tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load_nets(keys: Sequence[str], *, num_threads: int | None) -> dict[str, _TFLite]:
    """One interpreter per model file (an interpreter is not thread-safe: one backend
    object per thread).

    ``num_threads=None`` gives each interpreter one thread per usable core
    (:func:`usable_cores`), as onnxruntime does by default for the text stage: the tflite
    runtime's own default is one thread, which left the second core idle during the
    person stage (the same work, about half the wall time on 2 idle cores). The batch
    executors pass their per-worker count explicitly.
    """
    if num_threads is not None and int(num_threads) < 1:
        raise ContractError(f"num_threads must be None or >= 1, got {num_threads}")
    threads = usable_cores() if num_threads is None else int(num_threads)
    return {k: _TFLite(model_path(k), num_threads=threads) for k in keys}
