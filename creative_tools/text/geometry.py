"""Geometry of detector polygons shared by the text modules.

It imports nothing from the package, so ``glyphs`` and ``repeat`` can both use it
without importing each other.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["polygon_height"]


def polygon_height(polygon: np.ndarray) -> float:
    """Text height of a polygon: the short side of its minimum-area rectangle.

    Examples
    --------
    >>> polygon_height(np.array([[0, 0], [40, 0], [40, 10], [0, 10]], np.float32))
    10.0
    """
    rect = cv2.minAreaRect(np.asarray(polygon, np.float32).reshape(-1, 1, 2))
    return float(min(rect[1]))
