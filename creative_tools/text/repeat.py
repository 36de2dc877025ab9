"""Repeated text: further instances of a tiled watermark from the instances found.

A tiled watermark is one piece of text stamped over the image on a lattice: the same
glyphs at every lattice point, over a background that changes. The detector finds
the instances that stand out from their local background and misses the others (a
semi-transparent mark over a busy photo). The ones it found say where to look: the
high-passed luminance inside the found polygons, correlated with the whole image
(normalised cross-correlation, computed with FFTs at a small working size), peaks at
every shift that lands the found text on another copy of itself. A shift is kept when
it is a peak; a lattice has many of them (``+-d1``, ``+-d2``, ``+-(d1 +- d2)``, ...),
so the step does nothing unless at least ``min_peaks`` shifts peak sharply, in two
directions (one repeated word, a price printed twice, gives two; letters repeated
along a line give shifts along it), and the image away from the found text does not
repeat as well (a periodic background). Each found polygon moved by each kept shift is then
checked on its own (its local correlation with what lies under it), so a headline
found beside the watermark is not copied across the image.

Text that does not repeat costs one small correlation (about 400 px on the long side)
and adds nothing.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from .glyphs import polygon_height

__all__ = ["repeated_polygons", "repeat_shifts"]


def _highpass(image: np.ndarray, s: float, sigma: float) -> np.ndarray:
    g = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    H, W = g.shape
    h, w = max(8, int(round(H * s))), max(8, int(round(W * s)))
    g = cv2.resize(g, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32)
    return g - cv2.GaussianBlur(g, (0, 0), sigma)


def repeat_shifts(
    hp: np.ndarray,
    mask: np.ndarray,
    *,
    min_ncc: float = 0.3,
    min_overlap: float = 0.3,
    exclude: float = 4.0,
    ring: float = 0.0,
    sharp: float = 0.7,
    floor: float = 4.0,
) -> list[tuple[float, int, int]]:
    """Shifts that map the pattern under ``mask`` onto a copy of itself in ``hp``.

    Parameters
    ----------
    hp : (h, w) float32
        A zero-mean (high-passed) image.
    mask : (h, w) float32 or bool
        The pattern's support (1 inside).
    min_ncc : float
        A shift is kept when the normalised cross-correlation there is a local maximum
        (5x5) above this (default 0.3).
    min_overlap : float
        Shifts that leave less than this share of the mask inside the image are not
        considered (default 0.3).
    exclude : float
        Shifts shorter than this (pixels) are the pattern itself (default 4).
    ring, sharp : float
        With ``ring > 0``, a peak must be sharp: the correlation ``ring`` pixels away
        from it, in every direction, stays below ``sharp`` x its own (default ring 0,
        off; sharp 0.7). Lines and stripes correlate all along themselves.
    floor : float
        Variance added per pixel to both energies, so flat areas do not correlate
        (default 4, in grey levels squared).

    Returns
    -------
    list of (ncc, dx, dy)
        Strongest first.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> hp = rng.normal(0, 5, (80, 120)).astype(np.float32)
    >>> hp[45:65, 65:105] = hp[10:30, 10:50]  # a copy shifted by (55, 35)
    >>> m = np.zeros_like(hp); m[10:30, 10:50] = 1
    >>> [(dx, dy) for _, dx, dy in repeat_shifts(hp, m)]
    [(55, 35)]
    """
    import scipy.fft as sfft

    hp = np.asarray(hp, np.float32)
    M = np.asarray(mask, np.float32)
    h, w = hp.shape
    area = float(M.sum())
    if area <= 0:
        return []
    shape = (sfft.next_fast_len(2 * h, real=True), sfft.next_fast_len(2 * w, real=True))

    def fwd(a):
        return sfft.rfft2(a, shape, workers=1)

    def inv(a):
        return sfft.irfft2(a, shape, workers=1)

    T = hp * M
    one = np.ones((h, w), np.float32)
    FM, Fone = np.conj(fwd(M)), fwd(one)
    corr = inv(np.conj(fwd(T)) * fwd(hp))          # sum_x T(x) hp(x + d)
    e_img = inv(FM * fwd(hp * hp))                 # sum_{x in M} hp(x + d)^2
    e_tpl = inv(np.conj(fwd(T * T)) * Fone)        # sum_{x + d inside} T(x)^2
    ov = inv(FM * Fone)                            # mask pixels that stay inside
    den = (np.maximum(e_img, 0) + floor * np.maximum(ov, 0)) * (np.maximum(e_tpl, 0) + floor * np.maximum(ov, 0))
    ncc = np.where((ov >= min_overlap * area) & (den > 0), corr / np.sqrt(np.maximum(den, 1e-12)), 0.0)
    ncc = ncc.astype(np.float32)
    # the zero shift sits at the four corners of the (wrapped) correlation: centre it
    ncc = np.fft.fftshift(ncc)
    cy, cx = shape[0] // 2, shape[1] // 2
    yy, xx = np.ogrid[-cy:shape[0] - cy, -cx:shape[1] - cx]
    ncc[yy * yy + xx * xx <= exclude * exclude] = 0
    peak = (ncc == cv2.dilate(ncc, np.ones((5, 5), np.uint8))) & (ncc > min_ncc)
    if ring > 0:
        # a copy is a point: moved by ``ring`` px in any direction it no longer matches.
        # Edges and stripes match all along themselves (a ridge, not a point).
        k = int(np.ceil(ring))
        ky, kx = np.ogrid[-k:k + 1, -k:k + 1]
        d2 = ky * ky + kx * kx
        annulus = ((d2 <= k * k) & (d2 >= (k - 1.5) ** 2)).astype(np.uint8)
        around = cv2.dilate(ncc, annulus, borderType=cv2.BORDER_CONSTANT, borderValue=0)
        peak &= around <= sharp * ncc
    ys, xs = np.nonzero(peak)
    out = []
    for y, x in zip(ys, xs):
        out.append((float(ncc[y, x]), int(x) - cx, int(y) - cy))
    out.sort(key=lambda t: -t[0])
    return out


def _shift_ncc(hp: np.ndarray, where: np.ndarray, dx: int, dy: int, floor: float) -> float:
    """Normalised correlation of ``hp`` with itself moved by ``(dx, dy)``, over ``where`` (both ends)."""
    h, w = hp.shape
    x0, x1, y0, y1 = max(0, -dx), min(w, w - dx), max(0, -dy), min(h, h - dy)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return 0.0
    m = where[y0:y1, x0:x1] & where[y0 + dy:y1 + dy, x0 + dx:x1 + dx]
    n = float(m.sum())
    if n < 16:
        return 0.0
    a = hp[y0:y1, x0:x1][m]
    b = hp[y0 + dy:y1 + dy, x0 + dx:x1 + dx][m]
    return float((a * b).sum() / np.sqrt(((a * a).sum() + floor * n) * ((b * b).sum() + floor * n)))


def _two_dimensional(shifts, min_sin: float = np.sin(np.deg2rad(20))) -> bool:
    """True when two of the shifts ``(ncc, dx, dy)`` are at least 20 degrees apart.

    Letters repeat along their own line (``ee`` in "Week"); a tiled watermark repeats
    in two directions.
    """
    d = np.asarray([(dx, dy) for _, dx, dy in shifts], np.float64).reshape(-1, 2)
    if len(d) < 2:
        return False
    u = d / np.linalg.norm(d, axis=1, keepdims=True)
    cross = np.abs(u[:, None, 0] * u[None, :, 1] - u[:, None, 1] * u[None, :, 0])
    return bool((cross >= min_sin).any())


def repeated_polygons(
    image: np.ndarray,
    polygons: Sequence[np.ndarray],
    *,
    work: int = 400,
    sigma: float = 2.0,
    min_ncc: float = 0.3,
    significance: float = 4.0,
    min_peaks: int = 4,
    local_ncc: float = 0.4,
    max_shifts: int = 48,
    sharp: float = 0.7,
    background: float = 0.8,
    floor: float = 4.0,
) -> tuple[list[np.ndarray], np.ndarray]:
    """Polygons of further copies of text repeated by translation (tiled watermarks).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    polygons : sequence of (N, 2) float32
        Text the detector found (image pixels).
    work : int
        The long side of the working image, pixels (default 400).
    sigma : float
        Gaussian blur subtracted from the luminance, working pixels (default 2).
    min_ncc : float
        Correlation peak a shift needs (default 0.3), see :func:`repeat_shifts`.
    significance : float
        The correlation a shift needs is also at least ``significance x 4 / sqrt(N)``
        for a found text area of N working pixels (default 4: four times the spread of
        chance correlations, which are large for a few small words).
    min_peaks : int
        At least this many shifts must peak, not all along one line, else the text
        does not tile and nothing is added (default 4: ``+-d1, +-d2``, the fewest
        a 2-D lattice shows; one word printed twice gives 2, letters that repeat
        within a line give shifts along it).
    local_ncc : float
        A moved polygon is kept when the correlation of the high-passed luminance
        inside it with the source's is at least this (default 0.4).
    max_shifts : int
        The strongest shifts tried (default 48).
    sharp : float
        A shift counts only where the correlation half a text height away from it, in
        every direction, is below ``sharp`` x its own (default 0.7; see
        :func:`repeat_shifts`): copies of text are points, the shifts along an edge or a
        stripe the text sits on form a ridge.
    background : float
        A shift counts only where the image away from the found text (farther than one
        text height) correlates under it less than ``background`` x the text's own
        correlation (default 0.8: the found text repeats clearly better than the rest of the
        image; a periodic background repeats everywhere, at least as well outside the
        text as inside its box, where the text dilutes it; a
        watermark over a photo repeats where its text is.
    floor : float
        See :func:`repeat_shifts`.

    Returns
    -------
    polygons : list of (N, 2) float32
        The moved polygons that passed, clipped to the image (they may overlap the
        input polygons and each other).
    scores : (n,) float32
        Their local correlation.

    Raises
    ------
    ValueError
        When ``image`` is not (H, W, 3) uint8.

    Examples
    --------
    >>> im = np.full((100, 100, 3), 200, np.uint8)
    >>> p, s = repeated_polygons(im, [np.float32([[10, 10], [40, 10], [40, 20], [10, 20]])])
    >>> len(p), s.shape
    (0, (0,))
    """
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"image must be (H, W, 3) uint8, got {image.shape} {image.dtype}")
    none = ([], np.zeros(0, np.float32))
    if not len(polygons):
        return none
    H, W = image.shape[:2]
    s = min(1.0, work / max(H, W))
    hp = _highpass(image, s, sigma)
    h, w = hp.shape
    sx, sy = w / W, h / H
    small = [np.round(np.asarray(p, np.float32).reshape(-1, 2) * [sx, sy]).astype(np.int32) for p in polygons]
    M = np.zeros((h, w), np.uint8)
    for q in small:
        cv2.fillPoly(M, [q.reshape(-1, 1, 2)], 1)
    heights = [polygon_height(q) for q in small]
    hmed = float(np.median(heights))
    # chance correlations of a small pattern with unrelated texture are large: about
    # 4 / sqrt(N) for N working pixels (the high-pass is correlated over ~4x4 px); a
    # shift needs ``significance`` times that spread
    floor_ncc = max(min_ncc, significance * 4.0 / np.sqrt(max(float(M.sum()), 1.0)))
    shifts = repeat_shifts(hp, M, min_ncc=floor_ncc, exclude=max(4.0, 1.5 * hmed), ring=max(2.0, 0.5 * hmed),
                           sharp=sharp, floor=floor)
    if len(shifts) < min_peaks:
        return none
    # The found text must repeat more than the rest of the image does: on a periodic
    # background (stripes, bricks, tiles) the shifts are the background's, and the
    # pixels away from the text correlate as well as the text's box does.
    r = max(1, int(round(hmed)))
    away = cv2.dilate(M, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))) == 0
    shifts = [t for t in shifts[:max_shifts]
              if _shift_ncc(hp, away, t[1], t[2], floor) < background * t[0]]
    if len(shifts) < min_peaks or not _two_dimensional(shifts):
        return none
    rect = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    out, scores = [], []
    pixels = []
    for q in small:
        m = np.zeros((h, w), np.uint8)
        cv2.fillPoly(m, [q.reshape(-1, 1, 2)], 1)
        pixels.append(np.nonzero(m))
    for _v, dx, dy in shifts:
        for p, (ys, xs) in zip(polygons, pixels):
            # the part of the polygon whose source and destination both lie inside
            ok = (xs + dx >= 0) & (xs + dx < w) & (ys + dy >= 0) & (ys + dy < h)
            if ok.sum() < max(6, 0.3 * len(xs)):
                continue
            a = hp[ys[ok], xs[ok]]
            b = hp[ys[ok] + dy, xs[ok] + dx]
            n = float(ok.sum())
            r = float((a * b).sum() / np.sqrt(((a * a).sum() + floor * n) * ((b * b).sum() + floor * n)))
            if r < local_ncc:
                continue
            moved = np.asarray(p, np.float32).reshape(-1, 2) + np.float32([dx / sx, dy / sy])
            area, clipped = cv2.intersectConvexConvex(cv2.convexHull(moved), rect)
            if clipped is None or area <= 0 or len(clipped) < 3:
                continue
            out.append(clipped.reshape(-1, 2).astype(np.float32))
            scores.append(r)
    return out, np.asarray(scores, np.float32)
