"""Text masks from detector polygons: tight around the glyphs, or filled polygons.

Every masked pixel must be invented by the inpainter, so where the background around
the letters can be kept, the mask covers only the glyphs (strokes, outlines, shadows)
plus a thin halo for antialiasing. Per polygon:

1. the polygon is grown a little (``grow`` x text height) to catch ascenders and
   outlines the detector's box clipped;
2. the background is modelled from a ring just outside it (other polygons excluded),
   twice: a few colours (k-means in CIE Lab) and a smooth colour ramp (a quadratic
   surface fitted per Lab channel over x, y, which follows gradients); long lines are
   cut into pieces of a few text heights, each with its own models;
3. pixels that neither model explains (Lab distance above a threshold set by the
   ring's own spread) are glyph; the glyph mask is dilated by ``halo`` x text height;
4. the filled polygon is used instead where this is unreliable: small text (stroke
   widths of a few pixels, where the whole box costs little), busy backgrounds (the
   ring is not explained by either model), low contrast (blurred or faded text), or
   an implausible glyph fraction; this is decided per piece.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from ..contract import check_image, check_prob
from ..errors import ContractError

__all__ = ["text_mask", "polygon_height"]


def polygon_height(polygon: np.ndarray) -> float:
    """Text height of a polygon: the short side of its minimum-area rectangle.

    Examples
    --------
    >>> polygon_height(np.array([[0, 0], [40, 0], [40, 10], [0, 10]], np.float32))
    10.0
    """
    rect = cv2.minAreaRect(np.asarray(polygon, np.float32).reshape(-1, 1, 2))
    return float(min(rect[1]))


def _disk(r: int) -> np.ndarray:
    r = max(int(r), 0)
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def _kmeans(x: np.ndarray, k: int, iters: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic k-means (farthest-point init). Returns centres and labels."""
    centres = [np.median(x, axis=0)]
    d = np.sum((x - centres[0]) ** 2, axis=1)
    for _ in range(1, k):
        centres.append(x[int(np.argmax(d))])
        d = np.minimum(d, np.sum((x - centres[-1]) ** 2, axis=1))
    c = np.stack(centres).astype(np.float32)
    for _ in range(iters):
        lab = np.argmin(((x[:, None, :] - c[None]) ** 2).sum(-1), axis=1)
        for j in range(k):
            sel = lab == j
            if sel.any():
                c[j] = x[sel].mean(0)
    lab = np.argmin(((x[:, None, :] - c[None]) ** 2).sum(-1), axis=1)
    return c, lab


def _min_dist(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return np.sqrt(((x[:, None, :] - centres[None]) ** 2).sum(-1).min(1))


def _plane_design(ys: np.ndarray, xs: np.ndarray, scale: float) -> np.ndarray:
    ys = ys.astype(np.float32) / scale
    xs = xs.astype(np.float32) / scale
    return np.stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys], axis=1)


def _glyphs_in_crop(
    lab: np.ndarray,
    region: np.ndarray,
    ring: np.ndarray,
    *,
    k: int,
    min_delta: float,
    busy_delta: float,
    min_fraction: float,
    max_fraction: float,
    min_contrast: float,
    height: float = 0.0,
    max_samples: int = 800,
) -> np.ndarray | None:
    """Glyph pixels of ``region`` given background ``ring``; None when unreliable."""
    ry, rx = np.nonzero(ring)
    if ry.size < 12:
        return None
    if ry.size > max_samples:  # even subsample, deterministic
        idx = np.linspace(0, ry.size - 1, max_samples).astype(np.int64)
        ry, rx = ry[idx], rx[idx]
    ring_px = lab[ry, rx]
    # colour model: a few background colours; tiny clusters are glyph bits leaking
    # into the ring (descenders, outlines), so they are dropped
    kk = int(min(k, max(1, ry.size // 20)))
    centres, labels = _kmeans(ring_px, kk)
    counts = np.bincount(labels, minlength=kk)
    centres = centres[counts >= max(3, 0.06 * ry.size)]
    if len(centres) == 0:
        return None
    d_col_ring = _min_dist(ring_px, centres)
    # ramp model: a quadratic surface per Lab channel over the crop (gradients)
    scale = float(max(lab.shape[:2]))
    A = _plane_design(ry, rx, scale)
    coef, *_ = np.linalg.lstsq(A, ring_px, rcond=None)
    d_ramp_ring = np.sqrt(((A @ coef - ring_px) ** 2).sum(1))
    d_ring = np.minimum(d_col_ring, d_ramp_ring)
    spread = float(np.percentile(d_ring, 90))
    if spread > busy_delta:
        return None
    tau = max(min_delta, 2.0 * spread)
    gy, gx = np.nonzero(region)
    if gy.size == 0:
        return None
    px = lab[gy, gx]
    d_col = _min_dist(px, centres)
    d_ramp = np.sqrt(((_plane_design(gy, gx, scale) @ coef - px) ** 2).sum(1))
    dist = np.zeros(region.shape, np.float32)
    dist[gy, gx] = np.minimum(d_col, d_ramp)
    # low-contrast (blurred, faded) text: the glyph edge is not where the
    # threshold would put it, so the caller fills the polygon
    contrast = float(np.percentile(dist[gy, gx], 97))
    if contrast < min_contrast * tau:
        return None
    # hysteresis: strong pixels grow into connected weaker ones (antialiased edges,
    # faint soft shadows), up to about a tenth of the text height
    glyph = (dist > tau).astype(np.uint8)
    weak = (dist > max(0.3 * tau, 1.5 * spread)).astype(np.uint8)
    k3 = np.ones((3, 3), np.uint8)
    for _ in range(max(2, int(round(0.1 * height)))):
        glyph = cv2.dilate(glyph, k3) & weak
    frac = float(np.count_nonzero(glyph)) / max(gy.size, 1)
    if not (min_fraction <= frac <= max_fraction):
        return None
    return glyph


def text_mask(
    image: np.ndarray,
    polygons: Sequence[np.ndarray],
    *,
    prob: np.ndarray | None = None,
    tight: bool = True,
    min_height: float = 14.0,
    grow: float = 0.15,
    ring: float = 0.3,
    halo: float = 0.04,
    colors: int = 3,
    min_delta: float = 10.0,
    busy_delta: float = 14.0,
    min_fraction: float = 0.03,
    max_fraction: float = 0.7,
    min_contrast: float = 2.0,
    chunk: float = 4.0,
) -> np.ndarray:
    """The mask of the text inside ``polygons``: glyph-tight or filled.

    Parameters
    ----------
    image : (H, W, 3) uint8
        RGB image.
    polygons : sequence of (N, 2) float arrays
        Text outlines ``(x, y)`` in image pixels (from a detector).
    prob : (H, W) float32 or None
        The detector's probability map; checked against the contract but not needed
        by the current rule (kept so backends can pass it and rules can use it).
    tight : bool
        True (default): glyph-tight masks where reliable; False: filled polygons.
    min_height : float
        Text lower than this many pixels gets the filled polygon (default 14).
    grow : float
        Each polygon is grown by ``grow`` x text height before glyph search
        (default 0.15).
    ring : float
        Width of the background ring, x text height (default 0.3, at least 2 px).
    halo : float
        Dilation of the glyph mask, x text height (default 0.04, at least 1 px).
    colors : int
        Background colours modelled per polygon (default 3).
    min_delta : float
        Minimum Lab distance from the background for a glyph pixel (default 10).
    busy_delta : float
        When the ring's own 90th-percentile distance to the background models
        exceeds this (textured photo background), the polygon is filled (default 14).
    min_fraction, max_fraction : float
        Glyph fractions of the grown polygon outside this range are implausible and
        give the filled polygon (defaults 0.03 and 0.7).
    min_contrast : float
        The glyphs' 97th-percentile Lab distance from the background must exceed
        ``min_contrast`` x the glyph threshold, else the polygon is filled (blurred or
        faded text, default 2.0).
    chunk : float
        Long polygons are cut along their axis into pieces of about ``chunk`` x text
        height, each with its own background model and fallback (default 4).

    Returns
    -------
    (H, W) bool
        True on text to remove.

    Raises
    ------
    ContractError
        When ``image``, ``prob`` or a polygon breaks the contract.

    Examples
    --------
    >>> im = np.full((60, 200, 3), 255, np.uint8)
    >>> _ = cv2.putText(im, "SALE", (10, 48), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 4)
    >>> box = np.array([[5, 5], [150, 5], [150, 55], [5, 55]], np.float32)
    >>> tight = text_mask(im, [box]); filled = text_mask(im, [box], tight=False)
    >>> bool(tight.sum() < 0.6 * filled.sum()), bool(tight[im[..., 0] < 128].all())
    (True, True)
    """
    check_image(image, "image")
    H, W = image.shape[:2]
    if prob is not None:
        check_prob(prob, "prob", like=image)
    polys = []
    for i, p in enumerate(polygons):
        p = np.asarray(p, np.float32)
        if p.ndim != 2 or p.shape[1] != 2 or p.shape[0] < 3 or not np.isfinite(p).all():
            raise ContractError(
                f"polygons[{i}] must be an (N, 2) finite array with N >= 3, got shape {p.shape}"
            )
        polys.append(p)
    mask = np.zeros((H, W), np.uint8)
    if not polys:
        return mask.astype(bool)
    ipolys = [np.round(p).astype(np.int32) for p in polys]
    if not tight:
        cv2.fillPoly(mask, ipolys, 1)
        return mask.astype(bool)

    heights = [polygon_height(p) for p in polys]
    # every polygon (grown), to keep neighbouring words out of each other's ring
    occupied = np.zeros((H, W), np.uint8)
    cv2.fillPoly(occupied, ipolys, 1)
    for ip, p, h in zip(ipolys, polys, heights):
        if h < min_height:
            cv2.fillPoly(mask, [ip], 1)
            continue
        g = max(1, int(round(grow * h)))
        rw = max(2, int(round(ring * h)))
        d = max(1, int(round(halo * h)))
        m = g + rw + d + 1
        x0 = max(int(np.floor(p[:, 0].min())) - m, 0)
        y0 = max(int(np.floor(p[:, 1].min())) - m, 0)
        x1 = min(int(np.ceil(p[:, 0].max())) + m + 1, W)
        y1 = min(int(np.ceil(p[:, 1].max())) + m + 1, H)
        if x1 <= x0 or y1 <= y0:
            continue
        inner = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(inner, [ip - [x0, y0]], 1)
        # one distance transform gives the grown polygon and its ring (cheaper than
        # dilations with large disks on tall text)
        dist_in = cv2.distanceTransform(1 - inner, cv2.DIST_L2, 3)
        region = (dist_in <= g).astype(np.uint8)
        ring_m = (dist_in > g) & (dist_in <= g + rw)
        others = occupied[y0:y1, x0:x1] & (1 - inner)
        if others.any():
            ring_m &= cv2.distanceTransform(1 - others, cv2.DIST_L2, 3) > g
        crop = image[y0:y1, x0:x1].astype(np.float32) * np.float32(1 / 255.0)
        lab = cv2.cvtColor(crop, cv2.COLOR_RGB2Lab)
        # long lines are cut into pieces of about ``chunk`` x height along their
        # axis, each with its own background model (gradients, objects behind)
        (cx, cy), (rw_, rh_), ang = cv2.minAreaRect(p.reshape(-1, 1, 2))
        theta = np.deg2rad(ang if rw_ >= rh_ else ang + 90.0)
        ux, uy = np.float32(np.cos(theta)), np.float32(np.sin(theta))
        length = max(rw_, rh_)
        n = max(1, int(round(length / (chunk * h))))
        t = ((np.arange(x0, x1, dtype=np.float32) - cx) * ux)[None, :] + (
            (np.arange(y0, y1, dtype=np.float32) - cy) * uy)[:, None]
        edges = np.linspace(-length / 2, length / 2, n + 1)
        edges[0], edges[-1] = -np.inf, np.inf
        region_b, ring_b = region > 0, ring_m
        out = np.zeros_like(inner)
        for a, b in zip(edges[:-1], edges[1:]):
            band = (t >= a) & (t < b)
            near = (t >= a - h) & (t < b + h)
            glyph = _glyphs_in_crop(
                lab, region_b & band, ring_b & near, k=colors, min_delta=min_delta,
                busy_delta=busy_delta, min_fraction=min_fraction,
                max_fraction=max_fraction, min_contrast=min_contrast, height=h,
            )
            if glyph is None:
                out |= inner & band
            else:
                out |= cv2.dilate(glyph, _disk(d))
        mask[y0:y1, x0:x1] |= out
    return mask.astype(bool)
