"""The naive afternoon script, kept as a speed yardstick (issue 8, item 6).

Exactly what the issue defines, with each model loaded once per batch:

1. people: mediapipe's selfie segmentation on the whole creative squashed to 256x256
   (float RGB in [0, 1]), its output resized back (bilinear) and cut at 0.5;
2. text: ``rapidocr`` 3.10's detector alone (``use_det=True, use_cls=False,
   use_rec=False``, its bundled ``PP-OCRv6_det_small.onnx`` with the package's default
   settings), every box filled;
3. the union of the two masks, no dilation, no cleaning;
4. ``cv2.inpaint`` (Telea, radius 5) on the whole image.

``rapidocr`` is a development/bench-only dependency (``requirements-dev.txt``). Its
``use_det/use_cls/use_rec`` flags persist on the engine between calls, so every call
passes all three.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..contract import check_image
from ..errors import BackendUnavailableError

__all__ = ["NaiveScript", "NaiveResult", "NAIVE_STAGES"]

NAIVE_STAGES = ("person", "text", "merge", "inpaint")


@dataclass
class NaiveResult:
    """What the naive script produced for one creative.

    Attributes
    ----------
    background : (H, W, 3) uint8 RGB
    mask, person_mask, text_mask : (H, W) bool
    timings : dict
        Seconds per stage (``person``, ``text``, ``merge``, ``inpaint``).
    """

    background: np.ndarray
    mask: np.ndarray
    person_mask: np.ndarray
    text_mask: np.ndarray
    timings: dict = field(default_factory=dict)


class NaiveScript:
    """The naive script with its two models loaded once.

    Raises
    ------
    BackendUnavailableError
        When ``rapidocr`` 3.x or mediapipe's model file is not installed.
    """

    def __init__(self):
        from ai_edge_litert.interpreter import Interpreter

        from ..person.mediapipe import model_path

        try:
            from rapidocr import RapidOCR
        except ImportError as e:
            raise BackendUnavailableError(
                "the naive-script baseline needs rapidocr 3.10 (`pip install rapidocr==3.10.0`, "
                f"in requirements-dev.txt): {e}") from e
        self._selfie = Interpreter(model_path=str(model_path("selfie")))
        self._selfie.allocate_tensors()
        self._in = self._selfie.get_input_details()[0]["index"]
        self._out = self._selfie.get_output_details()[0]["index"]
        self._ocr = RapidOCR(params={"Global.log_level": "warning"})
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)

    def person_mask(self, image: np.ndarray) -> np.ndarray:
        """Selfie segmentation on a 256x256 squash, cut at 0.5; (H, W) bool."""
        h, w = image.shape[:2]
        x = cv2.resize(image, (256, 256)).astype(np.float32) / 255.0
        self._selfie.set_tensor(self._in, x[None])
        self._selfie.invoke()
        prob = self._selfie.get_tensor(self._out)[0, :, :, 0]
        return cv2.resize(prob, (w, h)) > 0.5

    def text_mask(self, image: np.ndarray) -> np.ndarray:
        """rapidocr 3.10's detector alone, boxes filled; (H, W) bool."""
        bgr = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)  # what cv2.imread gives the script
        res = self._ocr(bgr, use_det=True, use_cls=False, use_rec=False)
        mask = np.zeros(image.shape[:2], np.uint8)
        boxes = getattr(res, "boxes", None)
        if boxes is not None and len(boxes):
            cv2.fillPoly(mask, [np.round(b).astype(np.int32) for b in boxes], 1)
        return mask.astype(bool)

    def run(self, image: np.ndarray) -> NaiveResult:
        """Run the four steps on one ``(H, W, 3) uint8`` RGB creative."""
        check_image(image)
        t = {}
        t0 = time.perf_counter()
        person = self.person_mask(image)
        t["person"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        text = self.text_mask(image)
        t["text"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        mask = person | text
        t["merge"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        bg = cv2.inpaint(image, mask.view(np.uint8), 5, cv2.INPAINT_TELEA)
        t["inpaint"] = time.perf_counter() - t0
        return NaiveResult(bg, mask, person, text, t)
