"""Offset fill: copy a whole hole from one place of the image, seamed by a membrane.

Behind many removed objects the background repeats: brick and tile walls, stripes,
checks, dots, fabric, tiled watermark plates. PatchMatch rebuilds such textures from
small patches and loses their phase (the bricks come back broken); one offset that
carries the hole's ring onto a matching ring elsewhere carries the hole onto the
matching content too. :func:`find_offset` looks for that offset by template matching of
the ring (only known pixels count, and the hole's copy may not read any masked pixel);
:func:`offset_fill` copies the hole from there and adds the harmonic interpolation of the
ring's difference (:func:`~.smooth.membrane_fill`), so the copy meets the ring without a
seam even where the shade differs (Poisson-style blending, Perez et al. 2003).

A hole's ring that matches nowhere (a photo, a unique object) gets no offset, and the
caller fills it another way.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..errors import ContractError
from .smooth import membrane_fill, ring

__all__ = ["Offset", "find_offset", "offset_fill"]


@dataclass(frozen=True)
class Offset:
    """Where to copy a hole from: ``image[y + dy, x + dx]`` fills ``(y, x)``.

    ``error`` is the mean squared difference (grey levels^2, per channel) between the
    ring and its copy; ``texture`` the ring's own variance about a quadratic surface (its texture), so
    ``error / texture`` near 0 means the copy continues the ring exactly and near 2 means
    it is unrelated.
    """

    dy: int
    dx: int
    error: float
    texture: float

    @property
    def ratio(self) -> float:
        return self.error / max(self.texture, 1e-6)


def _box(mask: np.ndarray, pad: int) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    return max(0, ys.min() - pad), min(h, ys.max() + 1 + pad), max(0, xs.min() - pad), min(w, xs.max() + 1 + pad)


def _texture(ys: np.ndarray, xs: np.ndarray, vals: np.ndarray) -> float:
    """Variance of the ring's values about a quadratic surface (a gradient is no texture)."""
    s = float(max(ys.max() - ys.min(), xs.max() - xs.min(), 1))
    y, x = (ys - ys.mean()) / s, (xs - xs.mean()) / s
    a = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], -1)
    coef, *_ = np.linalg.lstsq(a, vals.astype(np.float64), rcond=None)
    return float(np.mean((a @ coef - vals) ** 2))


def find_offset(image: np.ndarray, hole: np.ndarray, forbidden: np.ndarray | None = None, *,
                width: int = 8, search: int = 320) -> Offset | None:
    """The offset whose copy of the hole's ring matches the ring best.

    Parameters
    ----------
    image : (H, W, 3) uint8
    hole : (H, W) bool
        One hole (or several filled together).
    forbidden : (H, W) bool, optional
        Pixels that are not background (every hole of the image); the copy of the hole
        and its ring may not read them, and they do not count in the ring. Default:
        ``hole``.
    width : int
        Ring width in pixels at full resolution.
    search : int
        Longest side of the image during the search (the offset is then refined to the
        pixel at full resolution).

    Returns
    -------
    Offset or None
        None when no offset keeps the copy inside known pixels or the ring is empty.
    """
    if hole.shape != image.shape[:2]:
        raise ContractError(f"hole must have shape {image.shape[:2]} like image, got {hole.shape}")
    if not hole.any():
        return None
    forbidden = hole if forbidden is None else (forbidden | hole)
    h, w = hole.shape
    s = min(1.0, search / max(h, w))
    r = ring(hole, width) & ~forbidden
    if r.sum() < 16:
        return None
    img = image.astype(np.float32)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    small = cv2.resize(img, size, interpolation=cv2.INTER_AREA) if s < 1 else img
    small_forb = (cv2.resize(forbidden.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0) if s < 1 \
        else forbidden
    small_hole = (cv2.resize(hole.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0) if s < 1 else hole
    small_ring = ring(small_hole, max(1, round(width * s))) & ~small_forb
    if small_ring.sum() < 8:
        return None
    y0, y1, x0, x1 = _box(small_hole | small_ring, 0)
    if y1 - y0 >= size[1] or x1 - x0 >= size[0]:
        return None
    templ = np.ascontiguousarray(small[y0:y1, x0:x1])
    tmask = np.ascontiguousarray(np.repeat(small_ring[y0:y1, x0:x1, None], 3, 2).astype(np.float32))
    ssd = cv2.matchTemplate(small, templ, cv2.TM_SQDIFF, mask=tmask)
    # the copy of (hole + ring) may not touch a forbidden pixel
    reach = np.ascontiguousarray((small_hole | small_ring)[y0:y1, x0:x1].astype(np.float32))
    overlap = cv2.matchTemplate(small_forb.astype(np.float32), reach, cv2.TM_CCORR)
    ssd = np.where(overlap < 0.5, ssd, np.inf)
    if not np.isfinite(ssd).any():
        return None
    by, bx = np.unravel_index(int(np.argmin(ssd)), ssd.shape)
    dy0, dx0 = (by - y0) / s, (bx - x0) / s
    # refine at full resolution around the coarse offset
    ys, xs = np.nonzero(r)
    vals = img[ys, xs]
    rad = int(np.ceil(1 / s)) + 1
    best = None
    reach_full = hole | r
    ry, rx = np.nonzero(reach_full)
    for ddy in range(int(round(dy0)) - rad, int(round(dy0)) + rad + 1):
        for ddx in range(int(round(dx0)) - rad, int(round(dx0)) + rad + 1):
            if ry.min() + ddy < 0 or ry.max() + ddy >= h or rx.min() + ddx < 0 or rx.max() + ddx >= w:
                continue
            if forbidden[ry + ddy, rx + ddx].any():
                continue
            e = float(np.mean((img[ys + ddy, xs + ddx] - vals) ** 2))
            if best is None or e < best[0]:
                best = (e, ddy, ddx)
    if best is None:
        return None
    texture = _texture(ys, xs, vals)
    return Offset(best[1], best[2], best[0], texture)


def offset_fill(image: np.ndarray, hole: np.ndarray, offset: Offset, *, forbidden: np.ndarray | None = None
                ) -> np.ndarray:
    """Fill ``hole`` with the pixels ``offset`` away, seamed to the ring by a membrane.

    Parameters
    ----------
    image : (H, W, 3) uint8
    hole : (H, W) bool
    offset : Offset
        From :func:`find_offset`; the copy must lie inside the image.
    forbidden : (H, W) bool, optional
        Pixels whose values must not be used for the seam (other holes).

    Returns
    -------
    (H, W, 3) uint8
        ``image`` with the hole filled; every other pixel unchanged.
    """
    forbidden = hole if forbidden is None else (forbidden | hole)
    y0, y1, x0, x1 = _box(hole, 2)
    h, w = hole.shape
    sy0, sy1, sx0, sx1 = y0 + offset.dy, y1 + offset.dy, x0 + offset.dx, x1 + offset.dx
    if sy0 < 0 or sx0 < 0 or sy1 > h or sx1 > w:
        raise ContractError(f"offset {offset.dy, offset.dx} copies from outside the image")
    img = image.astype(np.float32)
    crop_hole = hole[y0:y1, x0:x1]
    unknown = forbidden[y0:y1, x0:x1] | forbidden[sy0:sy1, sx0:sx1]
    src = img[sy0:sy1, sx0:sx1]
    diff = img[y0:y1, x0:x1] - src
    if unknown.all():
        corr = np.zeros_like(diff)
    else:
        corr = membrane_fill(diff, unknown)
    out = image.copy()
    filled = np.clip(np.rint(src + corr), 0, 255).astype(np.uint8)
    out[y0:y1, x0:x1][crop_hole] = filled[crop_hole]
    return out
