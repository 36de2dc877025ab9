"""Geometry of detector polygons shared by the text modules.

It imports nothing from the package, so ``glyphs`` and ``repeat`` can both use it
without importing each other.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["contained_in", "nested_polygons", "polygon_height"]


def polygon_height(polygon: np.ndarray) -> float:
    """Text height of a polygon: the short side of its minimum-area rectangle.

    Examples
    --------
    >>> polygon_height(np.array([[0, 0], [40, 0], [40, 10], [0, 10]], np.float32))
    10.0
    """
    rect = cv2.minAreaRect(np.asarray(polygon, np.float32).reshape(-1, 1, 2))
    return float(min(rect[1]))


def nested_polygons(
    polygons, shape: tuple[int, int], *, share: float = 0.8, max_ratio: float = 0.0
) -> np.ndarray:
    """Which polygons lie inside a larger one: ``(N,)`` bool, True = inside.

    A polygon counts as inside when at least ``share`` of its filled area lies in a
    larger polygon that is not itself inside another (largest first, so chains end at
    the outermost; of two of equal area the first is kept). ``shape`` is the image's
    ``(H, W)``; pixels outside it do not count. With ``max_ratio`` > 0 the larger
    polygon's text height may be at most ``max_ratio`` x the inner one's (the same
    line found twice, not a line inside a block).

    Examples
    --------
    >>> a = np.array([[0, 0], [40, 0], [40, 10], [0, 10]], np.float32)
    >>> b = np.array([[5, 1], [20, 1], [20, 9], [5, 9]], np.float32)
    >>> nested_polygons([a, b], (20, 50)).tolist()
    [False, True]
    """
    if not 0.0 < share <= 1.0:
        raise ValueError(f"share must lie in (0, 1], got {share!r}")
    if not max_ratio >= 0.0:
        raise ValueError(f"max_ratio must be >= 0 (0: no height test), got {max_ratio!r}")
    n = len(polygons)
    out = np.zeros(n, bool)
    if n < 2:
        return out
    H, W = shape
    ip = [np.round(np.asarray(p, np.float32)).astype(np.int32) for p in polygons]
    lo = np.array([p.min(0) for p in ip], np.int64).clip(0, [W - 1, H - 1])
    hi = np.array([p.max(0) for p in ip], np.int64).clip(0, [W - 1, H - 1])
    areas = np.array([abs(cv2.contourArea(p.astype(np.float32))) for p in ip])
    heights = np.array([polygon_height(p) for p in polygons]) if max_ratio > 0 else None
    order = sorted(range(n), key=lambda i: (-areas[i], i))
    kept = np.zeros(0, np.int64)
    for i in order:
        x0, y0 = lo[i]
        x1, y1 = hi[i] + 1
        # a necessary condition, for all kept at once: the (clipped) boxes' overlap can
        # hold at least ``share`` of this polygon's pixels inside the image
        ox = np.minimum(x1, hi[kept, 0] + 1) - np.maximum(x0, lo[kept, 0])
        oy = np.minimum(y1, hi[kept, 1] + 1) - np.maximum(y0, lo[kept, 1])
        near = (ox > 0) & (oy > 0)
        if heights is not None:
            near &= heights[kept] <= max_ratio * heights[i]
        if near.any():
            own = np.zeros((y1 - y0, x1 - x0), np.uint8)
            cv2.fillPoly(own, [ip[i] - [x0, y0]], 1)
            a = int(own.sum())
            cand = kept[near & (ox * oy >= share * a)] if a else kept[:0]
            for j in cand:
                other = np.zeros_like(own)
                cv2.fillPoly(other, [ip[j] - [x0, y0]], 1)
                if int((own & other).sum()) >= share * a:
                    out[i] = True
                    break
        if not out[i]:
            kept = np.append(kept, i)
    return out


def contained_in(
    i: int, polygons, shape: tuple[int, int], *, share: float = 0.8, min_ratio: float = 1.5, heights=None
) -> list[int]:
    """The polygons lying inside polygon ``i`` whose text is clearly smaller than its own.

    A polygon ``j`` counts when at least ``share`` of its filled area (inside the image of
    ``shape`` ``(H, W)``) lies in polygon ``i`` and ``i``'s text height is more than
    ``min_ratio`` x ``j``'s: a line on a plate, banner or stripe the detector also
    returned whole, or a line of a block (the converse of :func:`nested_polygons`'s
    "same line found twice"). ``heights`` may pass the polygons' precomputed heights.

    Examples
    --------
    >>> plate = np.array([[0, 0], [60, 0], [60, 40], [0, 40]], np.float32)
    >>> line = np.array([[5, 15], [50, 15], [50, 25], [5, 25]], np.float32)
    >>> contained_in(0, [plate, line], (50, 70)), contained_in(1, [plate, line], (50, 70))
    ([1], [])
    """
    if not 0.0 < share <= 1.0:
        raise ValueError(f"share must lie in (0, 1], got {share!r}")
    H, W = shape
    p = np.round(np.asarray(polygons[i], np.float32)).astype(np.int32)
    x0, y0 = np.clip(p.min(0), 0, [W - 1, H - 1])
    x1, y1 = np.clip(p.max(0), 0, [W - 1, H - 1]) + 1
    hs = heights if heights is not None else [polygon_height(q) for q in polygons]
    own = None
    out = []
    for j, q in enumerate(polygons):
        if j == i or not hs[i] > min_ratio * hs[j]:
            continue
        q = np.round(np.asarray(q, np.float32)).astype(np.int32)
        if q[:, 0].min() >= x1 or q[:, 0].max() < x0 or q[:, 1].min() >= y1 or q[:, 1].max() < y0:
            continue
        qx0, qy0 = np.clip(q.min(0), 0, [W - 1, H - 1])
        qx1, qy1 = np.clip(q.max(0), 0, [W - 1, H - 1]) + 1
        theirs = np.zeros((qy1 - qy0, qx1 - qx0), np.uint8)
        cv2.fillPoly(theirs, [q - [qx0, qy0]], 1)
        a = int(theirs.sum())
        if not a:
            continue
        if own is None:
            own = np.zeros((H, W), np.uint8)
            cv2.fillPoly(own, [p], 1)
        if int((own[qy0:qy1, qx0:qx1] & theirs).sum()) >= share * a:
            out.append(j)
    return out
