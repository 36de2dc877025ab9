"""DB (differentiable binarisation) post-processing: text boxes from a probability map.

Follows PaddleOCR's ``DBPostProcess`` as rapidocr's ``ch_ppocr_det`` implements it:
binarise the map, (optionally) dilate 2x2, take contours, score the minimum-area
rectangle of each by the mean probability inside it, expand it by the Vatti offset
``area * unclip_ratio / perimeter`` and take the minimum-area rectangle again.
Used by every DB detector (``ppocr`` v4 and v6).
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["db_boxes", "order_clockwise", "box_score", "unclip", "thin_candidates"]


def order_clockwise(pts: np.ndarray) -> np.ndarray:
    """Order 4 points as top-left, top-right, bottom-right, bottom-left.

    In image coordinates (y down) this order runs clockwise on screen.

    Parameters
    ----------
    pts : (4, 2) array
        Corner points ``(x, y)``.

    Returns
    -------
    (4, 2) float32

    Examples
    --------
    >>> order_clockwise(np.array([[0, 5], [9, 0], [0, 0], [9, 5]])).tolist()
    [[0.0, 0.0], [9.0, 0.0], [9.0, 5.0], [0.0, 5.0]]
    """
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    xs = pts[np.argsort(pts[:, 0], kind="stable")]
    left = xs[:2][np.argsort(xs[:2, 1], kind="stable")]
    right = xs[2:][np.argsort(xs[2:, 1], kind="stable")]
    return np.stack([left[0], right[0], right[1], left[1]]).astype(np.float32)


def _mini_box(points) -> tuple[np.ndarray, float]:
    rect = cv2.minAreaRect(np.asarray(points, np.float32).reshape(-1, 1, 2))
    return order_clockwise(cv2.boxPoints(rect)), float(min(rect[1]))


def box_score(pred: np.ndarray, box: np.ndarray) -> float:
    """Mean of ``pred`` inside the quadrilateral ``box`` (rapidocr's "fast" score)."""
    h, w = pred.shape
    x0 = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    m = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillPoly(m, [(box - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(pred[y0:y1 + 1, x0:x1 + 1], m)[0])


def unclip(box: np.ndarray, ratio: float) -> np.ndarray:
    import pyclipper

    area = abs(cv2.contourArea(box.astype(np.float32)))
    length = cv2.arcLength(box.astype(np.float32).reshape(-1, 1, 2), True)
    if length <= 0:
        return box
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    out = offset.Execute(area * ratio / length)
    if not out:
        return box
    return np.concatenate([np.asarray(o, np.float32).reshape(-1, 2) for o in out])


def db_boxes(
    pred: np.ndarray,
    *,
    thresh: float = 0.3,
    box_thresh: float = 0.5,
    unclip_ratio: float = 1.6,
    max_candidates: int = 1000,
    min_size: float = 3.0,
    dilate: bool = True,
    scale: tuple[float, float] = (1.0, 1.0),
    size: tuple[int, int] | None = None,
) -> tuple[list[np.ndarray], np.ndarray]:
    """DB post-processing: text boxes from a probability map.

    Parameters
    ----------
    pred : (h, w) float32
        The network's text probability map.
    thresh : float
        Binarisation threshold of ``pred`` (default 0.3).
    box_thresh : float
        Minimum mean probability inside a box (default 0.5).
    unclip_ratio : float
        Expansion of each box: offset distance ``area * unclip_ratio / perimeter``
        (default 1.6).
    max_candidates : int
        At most this many contours are examined (default 1000).
    min_size : float
        Boxes whose short side (in map pixels) is below this are dropped (default 3;
        ``min_size + 2`` after expansion, as in PaddleOCR).
    dilate : bool
        Dilate the binary map with a 2x2 kernel first (default True).
    scale : (sx, sy)
        Map pixels per output pixel; box coordinates are divided by it.
    size : (W, H) or None
        Output image size; boxes are clipped to ``[0, W] x [0, H]``.

    Returns
    -------
    polygons : list of (4, 2) float32
        Clockwise boxes (top-left first) in output pixels.
    scores : (n,) float32

    Examples
    --------
    >>> p = np.zeros((64, 128), np.float32); p[20:40, 20:100] = 0.9
    >>> polys, scores = db_boxes(p)
    >>> len(polys), round(float(scores[0]), 2)
    (1, 0.85)
    """
    pred = np.asarray(pred, np.float32)
    if pred.ndim != 2:
        raise ValueError(f"pred must be a 2-D (h, w) map, got shape {pred.shape}")
    bitmap = (pred > thresh).astype(np.uint8)
    if dilate:
        bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = scale
    polys, scores = [], []
    for contour in contours[:max_candidates]:
        box, sside = _mini_box(contour)
        if sside < min_size:
            continue
        score = box_score(pred, box)
        if score < box_thresh:
            continue
        box, sside = _mini_box(unclip(box, unclip_ratio))
        if sside < min_size + 2:
            continue
        box = box / np.float32([sx, sy])
        if size is not None:
            box[:, 0] = np.clip(box[:, 0], 0, size[0])
            box[:, 1] = np.clip(box[:, 1], 0, size[1])
        # drop slivers left after clipping (rapidocr drops sides <= 3 px)
        if min(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        polys.append(box.astype(np.float32))
        scores.append(score)
    return polys, np.asarray(scores, np.float32)


def thin_candidates(
    pred: np.ndarray,
    *,
    thresh: float = 0.3,
    box_thresh: float = 0.5,
    low: float = 0.3,
    max_short: float = 12.0,
    min_long: float = 3.0,
    scale: tuple[float, float] = (1.0, 1.0),
    size: tuple[int, int] | None = None,
) -> list[np.ndarray]:
    """Thin regions the DB rule just rejected: where fine print hides.

    A line of small text is a few map pixels high; the rectangle :func:`db_boxes` scores
    it with has a one-pixel rim of background on each side, a large share of so thin a
    box, and gaps between letters, so a real line can score under ``box_thresh``. This
    returns the rectangles (before expansion) whose score lies in ``[low, box_thresh)``,
    whose short side is at most ``max_short`` map px and whose long side is at least
    ``min_long`` x the short one (a line, not a speck), in output pixels: candidates
    for a second look at a larger scale, never boxes by themselves.

    Parameters
    ----------
    pred : (h, w) float32
        The probability map.
    thresh, box_thresh : float
        As :func:`db_boxes` (defaults 0.3, 0.5).
    low : float
        The lowest score kept (default 0.3).
    max_short, min_long : float
        Shape limits, see above (defaults 12 map px and 3).
    scale, size
        As :func:`db_boxes`.

    Returns
    -------
    list of (4, 2) float32
        Rectangles in output pixels, the highest score first.

    Examples
    --------
    >>> p = np.zeros((40, 200), np.float32); p[20:25, 20:180] = 0.9  # a 5-px line
    >>> p[20:25, 22:180:3] = 0  # gaps between the letters
    >>> db_boxes(p)[0], len(thin_candidates(p))
    ([], 1)
    """
    pred = np.asarray(pred, np.float32)
    if pred.ndim != 2:
        raise ValueError(f"pred must be a 2-D (h, w) map, got shape {pred.shape}")
    bitmap = cv2.dilate((pred > thresh).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = scale
    out = []
    for contour in contours:
        box, sside = _mini_box(contour)
        if not 2 <= sside <= max_short:
            continue
        lside = max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[1] - box[2]))
        if lside < min_long * sside:
            continue
        score = box_score(pred, box)
        if not low <= score < box_thresh:
            continue
        box = box / np.float32([sx, sy])
        if size is not None:
            box[:, 0] = np.clip(box[:, 0], 0, size[0])
            box[:, 1] = np.clip(box[:, 1], 0, size[1])
        out.append((score, box.astype(np.float32)))
    out.sort(key=lambda t: -t[0])
    return [b for _, b in out]
