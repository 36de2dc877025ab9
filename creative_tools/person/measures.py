"""The image measures the person zones share, made once per image.

:func:`~creative_tools.person.refine.parted_zone`, :func:`~creative_tools.person.refine.plate_zone`,
:func:`~creative_tools.person.refine.outline_zone` and
:func:`~creative_tools.person.refine.occluder_zone` read the same image's grey levels,
Canny edges, CIELAB colours and the bodies' own pose masks. The backend makes one
:class:`ImageMeasures` per image and hands it to each zone, so each measure is made once,
when a zone first asks for it; a zone called alone makes its own. Nothing is kept
between images: the object lives as long as the caller keeps it (one per image, so two
threads running two images never share one).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..contract import check_image
from ..errors import ContractError

__all__ = ["ImageMeasures"]

#: CIELAB is converted in square tiles of this side, only those a zone reads (the
#: conversion is per pixel, so a tile's values are the whole image's, bit for bit).
LAB_TILE = 64


class ImageMeasures:
    """One image's grey, Canny edges, CIELAB and the bodies' own masks, each made on
    first use and kept for the next zone.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
        The RGB image every measure is made from.

    Attributes
    ----------
    made : collections.Counter
        How often each measure was made: ``"grey"``, ``"canny"`` and ``"own_masks"``
        count calls, ``"lab_px"`` the pixels converted to CIELAB (a tile once, but for a
        done tile between two missing ones of a row, converted again with them).

    Examples
    --------
    >>> img = np.zeros((100, 80, 3), np.uint8); img[20:60, 10:50] = 200
    >>> m = ImageMeasures(img)
    >>> e = m.edges(50, 150); e is m.edges(50, 150), m.made["canny"]
    (True, 1)
    >>> m.lab(0, 10, 0, 10).shape, m.made["lab_px"]
    ((10, 10, 3), 4096)
    """

    def __init__(self, image: np.ndarray):
        self.image = check_image(image)
        self.made: Counter = Counter()
        self._grey = None
        self._canny: dict = {}
        self._edges: dict = {}
        self._lab = self._lab_done = None
        self._owns = None

    def check(self, image: np.ndarray) -> None:
        """Raise :class:`~creative_tools.errors.ContractError` unless ``image`` is the
        array these measures were made from."""
        if image is not self.image:
            raise ContractError(f"measures were made from another image (shape {self.image.shape}), "
                                f"got an image of shape {image.shape}")

    def grey(self) -> np.ndarray:
        """The grey image, ``(H, W) uint8`` (OpenCV's RGB to grey)."""
        if self._grey is None:
            import cv2

            self._grey = cv2.cvtColor(self.image, cv2.COLOR_RGB2GRAY)
            self._grey.flags.writeable = False  # (shared: a zone that wrote to it would change the next's)
            self.made["grey"] += 1
        return self._grey

    def canny(self, low: float, high: float) -> np.ndarray:
        """The grey image's Canny edges with thresholds ``low`` / ``high``, ``(H, W) bool``."""
        key = (float(low), float(high))
        if key not in self._canny:
            import cv2

            self._canny[key] = cv2.Canny(self.grey(), low, high) > 0
            self._canny[key].flags.writeable = False
            self.made["canny"] += 1
        return self._canny[key]

    def edges(self, low: float, high: float) -> np.ndarray:
        """:meth:`canny` grown by one pixel (a 3 x 3 dilation), ``(H, W) bool``."""
        key = (float(low), float(high))
        if key not in self._edges:
            import cv2

            self._edges[key] = cv2.dilate(self.canny(low, high).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
            self._edges[key].flags.writeable = False
        return self._edges[key]

    def lab(self, y0: int = 0, y1: int | None = None, x0: int = 0, x1: int | None = None) -> np.ndarray:
        """CIELAB (OpenCV's 8-bit scale, as float32) of the window ``[y0:y1, x0:x1]``
        (the whole image by default), a view ``(y1 - y0, x1 - x0, 3)`` of one full-size
        array; only the :data:`LAB_TILE` tiles the window crosses are converted, once."""
        import cv2

        h, w = self.image.shape[:2]
        y0, x0 = max(0, y0), max(0, x0)
        y1, x1 = h if y1 is None else min(h, y1), w if x1 is None else min(w, x1)
        if self._lab is None:
            self._lab = np.empty((h, w, 3), np.float32)
            self._lab_done = np.zeros((-(-h // LAB_TILE), -(-w // LAB_TILE)), bool)
        t = LAB_TILE
        ty0, ty1, tx0, tx1 = y0 // t, -(-y1 // t), x0 // t, -(-x1 // t)
        for ty in range(ty0, ty1):
            todo = np.flatnonzero(~self._lab_done[ty, tx0:tx1])
            if not todo.size:
                continue
            # the row's tiles from its first missing one to its last (the ones done
            # between are converted again, to the same values)
            a, b = int(tx0 + todo[0]) * t, min(w, int(tx0 + todo[-1] + 1) * t)
            r0, r1 = ty * t, min(h, (ty + 1) * t)
            self._lab[r0:r1, a:b] = cv2.cvtColor(np.ascontiguousarray(self.image[r0:r1, a:b]), cv2.COLOR_RGB2LAB)
            self._lab_done[ty, tx0 + todo[0]:tx0 + todo[-1] + 1] = True
            self.made["lab_px"] += (r1 - r0) * (b - a)
        view = self._lab[y0:y1, x0:x1]
        view.flags.writeable = False
        return view

    def own_masks(self, bodies: list) -> tuple[list, np.ndarray]:
        """Each body's own pose mask (its ``prob > 0.5`` in its box) at full size, and how
        many of them cover each pixel (uint8); read-only, kept for the same bodies (the
        same objects in the same order)."""
        if self._owns is None or len(self._owns[0]) != len(bodies) or any(
                a is not b for a, b in zip(self._owns[0], bodies)):
            h, w = self.image.shape[:2]
            owns = []
            count = np.zeros((h, w), np.uint8)
            for c in bodies:
                x0, y0, x1, y1 = c.box
                o = np.zeros((h, w), bool)
                o[y0:y1, x0:x1] = c.prob > 0.5
                o.flags.writeable = False
                owns.append(o)
                count += o
            count.flags.writeable = False
            self._owns = (tuple(bodies), (owns, count))
            self.made["own_masks"] += 1
        return self._owns[1]
