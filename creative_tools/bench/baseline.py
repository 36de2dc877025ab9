"""The original approach, kept as a yardstick: everything at a fixed 512x512.

1. squash the whole creative to ``size x size`` (aspect ratio ignored, bilinear);
2. person probability and text probability at that size, both cut at one threshold
   (0.5): ``person = p_person > 0.5``, ``text = p_text > 0.5`` (the text backend's own
   probability map, not its glyph mask);
3. the union of the two masks, no dilation, no cleaning;
4. inpaint the 512x512 image with the same inpainter;
5. resize the result back to the original size (bilinear), so every pixel may change.

The masks are brought back to the original size by nearest-neighbour resizing for
scoring; the text polygons are scaled back.

It reuses the models loaded by a :class:`~creative_tools.pipeline.Pipeline` through its
public stage methods, so a benchmark compares both approaches with the same backends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..contract import check_image
from ..errors import ContractError
from ..pipeline import Pipeline

__all__ = ["Baseline", "BaselineResult", "BASELINE_SIZE", "BASELINE_THRESHOLD"]

BASELINE_SIZE = 512
BASELINE_THRESHOLD = 0.5


@dataclass
class BaselineResult:
    """Outputs of the baseline at the original size.

    Attributes
    ----------
    background : (H, W, 3) uint8
    mask, person_mask, text_mask : (H, W) bool
    polygons : list of (N, 2) float32
        Text polygons in original pixels.
    timings : dict
        Seconds per stage: ``resize``, ``person``, ``text``, ``merge``, ``inpaint``, ``total``.
    """

    background: np.ndarray
    mask: np.ndarray
    person_mask: np.ndarray
    text_mask: np.ndarray
    polygons: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


def _up(mask: np.ndarray, w: int, h: int) -> np.ndarray:
    return cv2.resize(mask.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)


class Baseline:
    """The fixed-size approach with a pipeline's backends.

    Parameters
    ----------
    pipeline : Pipeline
        Supplies the loaded person, text and inpainting models.
    size : int
        Side of the square working image (512).
    threshold : float
        The one probability cut-off for people and text (0.5).
    """

    def __init__(self, pipeline: Pipeline, *, size: int = BASELINE_SIZE, threshold: float = BASELINE_THRESHOLD):
        if not isinstance(pipeline, Pipeline):
            raise ContractError(f"pipeline must be a creative_tools.Pipeline, got {type(pipeline).__name__}")
        if int(size) < 8:
            raise ContractError(f"size must be >= 8, got {size}")
        if not 0.0 <= float(threshold) <= 1.0:
            raise ContractError(f"threshold must lie in [0, 1], got {threshold}")
        self.pipeline, self.size, self.threshold = pipeline, int(size), float(threshold)

    def squash(self, image: np.ndarray) -> np.ndarray:
        """The image resized to ``size x size`` (bilinear), aspect ratio ignored."""
        return cv2.resize(image, (self.size, self.size), interpolation=cv2.INTER_LINEAR)

    def masks(self, image: np.ndarray, *, person: bool = True, text: bool = True):
        """Person and text masks at the working size, and text polygons scaled back.

        Parameters
        ----------
        image : (H, W, 3) uint8 RGB
        person, text : bool
            Run that stage (a skipped stage gives an empty mask).

        Returns
        -------
        small : (size, size, 3) uint8
            The squashed image.
        person, text : (size, size) bool
        polygons : list of (N, 2) float32 in original pixels
        timings : dict
        """
        check_image(image)
        h, w = image.shape[:2]
        t, s = {}, self.size
        t0 = time.perf_counter()
        small = self.squash(image)
        t["resize"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        prob = self.pipeline.segment_people([small])[0] if person else None
        pmask = np.zeros((s, s), bool) if prob is None else prob > self.threshold
        t["person"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        det = self.pipeline.detect_text([small])[0] if text else None
        tmask = np.zeros((s, s), bool) if det is None else det.prob > self.threshold
        polys = [] if det is None else [
            (np.asarray(p, np.float32) * np.float32([w / s, h / s])).astype(np.float32) for p in det.polygons]
        t["text"] = time.perf_counter() - t0
        return small, pmask, tmask, polys, t

    def run(self, image: np.ndarray) -> BaselineResult:
        """Run the baseline on one ``(H, W, 3) uint8`` RGB image."""
        h, w = image.shape[:2]
        small, person, text, polys, t = self.masks(image)
        t0 = time.perf_counter()
        fill = person | text
        t["merge"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        bg_small = self.pipeline.inpaint([small], [fill])[0]
        back = cv2.resize(bg_small, (w, h), interpolation=cv2.INTER_LINEAR)
        t["inpaint"] = time.perf_counter() - t0
        t["total"] = sum(t.values())
        return BaselineResult(back, _up(fill, w, h), _up(person, w, h), _up(text, w, h), polys, t)

    __call__ = run

    def __repr__(self) -> str:
        return f"<Baseline {self.size}x{self.size} threshold={self.threshold} {self.pipeline.backends}>"
