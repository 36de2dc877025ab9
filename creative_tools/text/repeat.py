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

A faint mark over a busy ground is found differently (:func:`lattice_evidence`,
:func:`lattice_average`, :func:`lattice_copies`): the lattice comes from the whitened
spectrum, the copies read on the image averaged over it are moved to every lattice point,
and each is kept where the image's high-pass there correlates with the average's.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from ..errors import ContractError
from ._blas import tall_matmul
from .geometry import polygon_height

__all__ = ["repeated_polygons", "repeat_shifts", "lattice_copies", "lattice_basis"]


def _highpass(image: np.ndarray, s: float, sigma: float, view: int = 0) -> np.ndarray:
    """The high-passed luminance at scale ``s`` (``view`` > 0: that view of :func:`colour_views`)."""
    if view:
        g = colour_views(image, s)[view]
        return (g - cv2.GaussianBlur(g, (0, 0), sigma)).astype(np.float32, copy=False)
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
    return _sharp_peaks(ncc, cx, cy, min_ncc=min_ncc, ring=ring, sharp=sharp)


def _sharp_peaks(ncc: np.ndarray, cx: int, cy: int, *, min_ncc: float, ring: float, sharp: float):
    """Local maxima (5x5) of a centred correlation above ``min_ncc`` as ``(ncc, dx, dy)``,
    strongest first; with ``ring > 0`` only sharp ones (see :func:`repeat_shifts`)."""
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
    out = [(float(ncc[y, x]), int(x) - cx, int(y) - cy) for y, x in zip(ys, xs)]
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
    like: float = 1.5,
    fine: float = 16.0,
    fine_count: int = 8,
    max_work: int = 1024,
    views: Sequence[int] = (),
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
    like : float
        The pattern correlated is the found polygons whose height is within this factor
        of the median height (default 1.5): the copies of a watermark have one height;
        a box that merged several copies, or a headline beside the mark, is mostly
        background under the watermark's lattice and dilutes its correlation. Every
        found polygon is still moved and checked.
    fine, fine_count : float, int
        Small copies (the median found height under ``fine`` working pixels, default 8)
        are blurred away by the high-pass at ``work``: when the first attempt finds no
        lattice and at least ``fine_count`` found polygons (default 8) have the
        median's height (``like``), the step is tried once more at the working size that
        gives them ``fine`` px (many small boxes of one size are the cheap evidence of a
        tiled mark; a few lines of text never pay for the second attempt).
    max_work : int
        The long side of that finer working image is at most this (default 1024), and
        never above the image's own.
    views : sequence of int
        Colour views (indices of :func:`colour_views`: 1 saturation, 2 the minor colour
        axis) correlated in turn, at the finer working size, when the luminance finds no
        lattice (default none). A mark of another colour over a busy photo is a small
        part of the luminance's detail, which the photo dominates, and a large part of
        the view along which its colour differs. The caller passes the views where the
        image tiles (:func:`tiling_evidence`): the cheap evidence that pays for them.

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
    if any(int(v) not in (1, 2) for v in views):
        raise ValueError(f"views must be colour views 1 or 2 (0, the luminance, is always tried), got {list(views)}")
    none = ([], np.zeros(0, np.float32))
    if not len(polygons):
        return none
    H, W = image.shape[:2]
    opts = dict(sigma=sigma, min_ncc=min_ncc, significance=significance, min_peaks=min_peaks,
                local_ncc=local_ncc, max_shifts=max_shifts, sharp=sharp, background=background, floor=floor,
                like=like)
    s = min(1.0, work / max(H, W))
    found = _attempt(image, polygons, s, **opts)
    if found is not None:
        return found
    heights = np.asarray([polygon_height(np.asarray(p, np.float32).reshape(-1, 2)) for p in polygons])
    hmed = float(np.median(heights))
    alike = int(((heights <= like * hmed) & (heights >= hmed / like)).sum())
    s_fine = min(1.0, max_work / max(H, W), fine / max(hmed, 1e-6))
    if hmed * s < fine and alike >= fine_count and s_fine > 1.2 * s:
        found = _attempt(image, polygons, s_fine, **opts)
    for v in views:
        if found is not None:
            break
        found = _attempt(image, polygons, max(s, s_fine), view=int(v), **opts)
    return none if found is None else found


def _attempt(image, polygons, s, *, sigma, min_ncc, significance, min_peaks, local_ncc, max_shifts, sharp,
             background, floor, like, view=0):
    """:func:`repeated_polygons` at the working scale ``s`` on a view; None when no lattice is found."""
    H, W = image.shape[:2]
    hp = _highpass(image, s, sigma, view)
    h, w = hp.shape
    sx, sy = w / W, h / H
    small = [np.round(np.asarray(p, np.float32).reshape(-1, 2) * [sx, sy]).astype(np.int32) for p in polygons]
    heights = np.asarray([polygon_height(q) for q in small])
    hmed = float(np.median(heights))
    M = np.zeros((h, w), np.uint8)  # the pattern: the polygons of the common height
    everywhere = np.zeros((h, w), np.uint8)  # all found text (kept out of the background test)
    for q, hq in zip(small, heights):
        cv2.fillPoly(everywhere, [q.reshape(-1, 1, 2)], 1)
        if hmed / like <= hq <= like * hmed:
            cv2.fillPoly(M, [q.reshape(-1, 1, 2)], 1)
    # chance correlations of a small pattern with unrelated texture are large: about
    # 4 / sqrt(N) for N working pixels (the high-pass is correlated over ~4x4 px); a
    # shift needs ``significance`` times that spread
    floor_ncc = max(min_ncc, significance * 4.0 / np.sqrt(max(float(M.sum()), 1.0)))
    shifts = repeat_shifts(hp, M, min_ncc=floor_ncc, exclude=max(4.0, 1.5 * hmed), ring=max(2.0, 0.5 * hmed),
                           sharp=sharp, floor=floor)
    if len(shifts) < min_peaks:
        return None
    # The found text must repeat more than the rest of the image does: on a periodic
    # background (stripes, bricks, tiles) the shifts are the background's, and the
    # pixels away from the text correlate as well as the text's box does.
    r = max(1, int(round(hmed)))
    away = cv2.dilate(everywhere, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))) == 0
    shifts = [t for t in shifts[:max_shifts]
              if _shift_ncc(hp, away, t[1], t[2], floor) < background * t[0]]
    if len(shifts) < min_peaks or not _two_dimensional(shifts):
        return None
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


def colour_views(image: np.ndarray, s: float = 1.0) -> list[np.ndarray]:
    """Three grey views of ``image`` where text of one colour stands out from texture.

    Luminance; saturation (``max - min`` of R, G, B: a grey or white mark desaturates
    a coloured texture); and the image's *minor colour axis* (its colours projected on
    the direction of RGB space they vary least along: a texture varies mostly along its
    own main axis, a mark of another colour does not).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    s : float
        Resize factor (area interpolation below 1).

    Returns
    -------
    list of three (h, w) float32
    """
    if s != 1.0:
        H, W = image.shape[:2]
        image = cv2.resize(image, (max(8, int(round(W * s))), max(8, int(round(H * s)))),
                           interpolation=cv2.INTER_AREA)
    f = image.astype(np.float32)
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    # max - min over the channels taken channel by channel in uint8 (exact: whole
    # numbers), not as a reduction over the float image's last axis of 3 (numpy's slow
    # case: about 40x the time, 30 ms at 640 x 640)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    sat = np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)
    sat = sat.astype(np.float32)
    x = f.reshape(-1, 3)
    c = np.cov(x[:: max(1, len(x) // 20000)].T)
    _w, v = np.linalg.eigh(c)
    minor = tall_matmul(x, v[:, 0].astype(np.float32)).reshape(f.shape[:2])  # off OpenBLAS's threads
    return [gray, sat, minor]


def tiling_evidence(image: np.ndarray, *, work: int = 256, sigma: float = 1.5,
                    min_ncc: float = 0.05) -> tuple[float, list[float]]:
    """How strongly the fine detail of ``image`` repeats on a 2-D lattice (0 = not at all).

    The autocorrelation of each high-passed view (:func:`colour_views`) at a ``work``-px
    working size (one FFT pair per view, normalised by the overlap of the shifted
    image with itself and its mean energy): of its sharp off-centre peaks (see
    :func:`repeat_shifts`), the evidence is the weaker of the two strongest that are at
    least 20 degrees apart (a lattice needs two directions; an edge, stripes or a line
    of text repeat along one). A tiled watermark, or a periodic texture, gives a clear
    value; photographs and ordinary layouts little.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    work : int
        Long side of the working size, pixels (default 256).
    sigma : float
        Gaussian subtracted for the high-pass, working pixels (default 1.5).
    min_ncc : float
        Peaks below this are ignored (default 0.05).

    Returns
    -------
    evidence : float
        In [0, 1] (0 when no two-direction peaks): the largest of ``per_view``.
    per_view : list of three float
        The evidence of each view of :func:`colour_views` (luminance, saturation, minor
        colour axis).

    Raises
    ------
    ValueError
        When ``image`` is not (H, W, 3) uint8.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> tile = rng.integers(0, 255, (20, 30, 3), dtype=np.uint8)
    >>> tiling_evidence(np.tile(tile, (8, 8, 1)))[0] > 0.5
    True
    >>> tiling_evidence(rng.integers(0, 255, (160, 240, 3), dtype=np.uint8))[0] < 0.1
    True
    """
    import scipy.fft as sfft

    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"image must be (H, W, 3) uint8, got {image.shape} {image.dtype}")
    s = min(1.0, work / max(image.shape[:2]))
    per_view = []
    for v in colour_views(image, s):
        best = 0.0
        hp = v - cv2.GaussianBlur(v, (0, 0), sigma)
        h, w = hp.shape
        shape = (sfft.next_fast_len(2 * h, real=True), sfft.next_fast_len(2 * w, real=True))
        F = sfft.rfft2(hp, shape, workers=1)
        ac = np.fft.fftshift(sfft.irfft2(F * np.conj(F), shape, workers=1)).astype(np.float32)
        cy, cx = shape[0] // 2, shape[1] // 2
        yy, xx = np.ogrid[-cy:shape[0] - cy, -cx:shape[1] - cx]
        ov = np.maximum(h - np.abs(yy), 0) * np.maximum(w - np.abs(xx), 0)
        energy = float((hp * hp).mean()) + 1.0
        ncc = np.where(ov >= 0.25 * h * w, ac / np.maximum(ov, 1) / energy, 0).astype(np.float32)
        ncc[yy * yy + xx * xx <= 9] = 0
        shifts = _sharp_peaks(ncc, cx, cy, min_ncc=min_ncc, ring=2.0, sharp=0.7)[:12]
        for i, a in enumerate(shifts):
            for b in shifts[i + 1:]:
                if b[0] <= best:
                    break
                if _two_dimensional([a, b]):
                    best = b[0]
                    break
        per_view.append(float(min(best, 1.0)))
    return max(per_view), per_view


def _whitened_lattice(v: np.ndarray, sigma: float, smooth: int, clip: float | None = None):
    """Lattice evidence of one grey view (see :func:`lattice_evidence`) and its two shifts
    ``(dx, dy)`` (sub-pixel, working pixels; ``None`` when there is no two-direction pair).
    ``clip``: the view's high-pass is also read clipped at ``clip`` x its robust spread,
    and the stronger of the two readings is returned (see :func:`lattice_evidence`)."""
    hp = v - cv2.GaussianBlur(v, (0, 0), sigma)
    found = _lattice_of(hp, smooth)
    if clip is not None:
        # the ground's noise level, robustly (1.4826 MAD = sigma of a normal): the sharp
        # edges of confetti or bokeh are outliers of it, a faint mark is not
        noise = 1.4826 * float(np.median(np.abs(hp - np.median(hp))))
        if noise > 0:
            robust = _lattice_of(np.clip(hp, -clip * noise, clip * noise), smooth)
            if robust[0] > found[0]:
                found = robust
    return found


def _lattice_of(hp: np.ndarray, smooth: int):
    """:func:`_whitened_lattice` of a high-passed view ``hp``."""
    import scipy.fft as sfft

    h, w = hp.shape
    hp = hp * np.outer(np.hanning(h), np.hanning(w)).astype(np.float32)
    F = sfft.rfft2(hp, workers=1)
    P = np.fft.fftshift((F.real * F.real + F.imag * F.imag).astype(np.float32), axes=0)
    mean = cv2.blur(P, (smooth, smooth))
    Pw = np.fft.ifftshift(P / (mean + 1e-3 * float(mean.mean()) + 1e-12), axes=0)
    ac = np.fft.fftshift(sfft.irfft2(Pw, (h, w), workers=1)).astype(np.float32)
    cy, cx = h // 2, w // 2
    yy, xx = np.ogrid[-cy:h - cy, -cx:w - cx]
    ac[yy * yy + xx * xx <= 16] = 0  # the pattern itself
    ac[(np.abs(yy) > h // 3) | (np.abs(xx) > w // 3)] = 0  # shifts the window barely overlaps at
    rms = float(np.sqrt(np.mean(ac[ac != 0] ** 2))) if (ac != 0).any() else 0.0
    if rms <= 0:
        return 0.0, None
    z = ac / np.float32(rms)
    shifts = _sharp_peaks(z, cx, cy, min_ncc=3.0, ring=2.0, sharp=0.7)[:12]
    best, pair = 0.0, None
    for i, a in enumerate(shifts):
        for b in shifts[i + 1:]:
            if b[0] <= best:
                break
            if _two_dimensional([a, b]):
                best, pair = b[0], (a, b)
                break
    if pair is None:
        return 0.0, None

    def refine(dx, dy):
        # a parabola through the peak and its neighbours, along each axis
        y, x = cy + dy, cx + dx
        out = []
        for lo, mid, hi in ((z[y, x - 1], z[y, x], z[y, x + 1]), (z[y - 1, x], z[y, x], z[y + 1, x])):
            d = float(lo - 2 * mid + hi)
            out.append(0.5 * float(lo - hi) / d if d < 0 else 0.0)
        return dx + float(np.clip(out[0], -0.5, 0.5)), dy + float(np.clip(out[1], -0.5, 0.5))

    return float(best), [refine(a[1], a[2]) for a in pair]


def lattice_average(image: np.ndarray, *, work: int = 640, crop: int = 320, sigma: float = 1.5,
                    smooth: int = 9, reach: int = 2,
                    clip: float | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """``image`` averaged over the shifts of its faint lattice, and those shifts (``None`` without one).

    The two lattice shifts of :func:`lattice_evidence` (the view where it is strongest,
    same parameters, ``clip`` included) combined ``k1 d1 + k2 d2`` for ``|k| <= reach``:
    the mark is the same at every shift and stays, a random ground under it averages out
    (25 copies at reach 2: a fifth of its spread), so a detector reads a mark there that
    it cannot read in the image. Positions are the image's: a copy stays where it is.

    Any other text is repeated there too, at ``1 / (2 reach + 1)^2`` of its contrast, at
    every shift: what is read in the average at a shift from text found in the image is
    that text's ghost (see ``PPOCRText(faint=...)``).

    Returns
    -------
    average : (H, W, 3) uint8
    shifts : (n, 2) float32
        The ``(dx, dy)`` image pixels averaged over, (0, 0) left out.
    """
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"image must be (H, W, 3) uint8, got {image.shape} {image.dtype}")
    H, W = image.shape[:2]
    s = min(1.0, work / max(H, W))
    side = round(crop / s)
    y0, x0 = max(0, (H - side) // 2), max(0, (W - side) // 2)
    window = np.ascontiguousarray(image[y0:y0 + side, x0:x0 + side])
    found = [_whitened_lattice(v, sigma, smooth, clip) for v in colour_views(window, s)]
    _z, pair = max(found, key=lambda t: t[0])
    if pair is None:
        return None
    (ax, ay), (bx, by) = ((x / s, y / s) for x, y in pair)
    shifts = np.float32([(i * ax + j * bx, i * ay + j * by)
                         for i in range(-reach, reach + 1) for j in range(-reach, reach + 1)])
    stack = [cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]), (W, H), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_REFLECT) for dx, dy in shifts]
    average = np.clip(np.round(np.mean(stack, axis=0, dtype=np.float32)), 0, 255).astype(np.uint8)
    return average, shifts[np.abs(shifts).sum(1) > 0]


def lattice_basis(shifts: np.ndarray, reach: int = 2) -> np.ndarray:
    """The two lattice vectors ``d1, d2`` of :func:`lattice_average`'s ``shifts``, as (2, 2).

    ``shifts`` lists ``i d1 + j d2`` for ``i, j`` in ``-reach..reach`` (``j`` fastest),
    ``(0, 0)`` left out: ``d2`` is ``(0, 1)``'s entry and ``d1`` is ``(1, 0)``'s.

    Raises
    ------
    ContractError
        When ``reach`` is not an integer >= 1, or ``shifts`` does not hold
        ``(2 reach + 1)^2 - 1`` shifts.

    Examples
    --------
    >>> d = np.float32([(i * 30 + j * 5, j * 20) for i in range(-2, 3) for j in range(-2, 3) if i or j])
    >>> lattice_basis(d).tolist()
    [[30.0, 0.0], [5.0, 20.0]]
    """
    if not _is_int(reach) or reach < 1:
        raise ContractError(f"reach must be an integer >= 1 (lattice_average's reach), got {reach!r}")
    shifts = np.asarray(shifts, np.float32).reshape(-1, 2)
    n = 2 * reach + 1
    if len(shifts) != n * n - 1:
        raise ContractError(f"shifts must hold {n * n - 1} shifts for reach {reach}, got {len(shifts)}")
    c = reach * n + reach  # (0, 0)'s place, left out: the later entries move up one
    return np.stack([shifts[c + n - 1], shifts[c]])


LATTICE_MIN_LENGTH = 4.0
"""Shortest lattice vector :func:`lattice_copies` moves copies by, pixels."""
LATTICE_MIN_ANGLE = 20.0
"""Least angle between the two lattice vectors :func:`lattice_copies` accepts, degrees
(as the lattice search's two directions, ``_two_dimensional``)."""
LATTICE_MAX_POINTS = 2048
"""Default ``max_points`` of :func:`lattice_copies`."""
LATTICE_MAX_SEEDS = 64
"""Default ``max_seeds`` of :func:`lattice_copies`."""


def _usable_lattice(B: np.ndarray, area: float, max_points: int) -> bool:
    """Whether the basis ``B`` (2, 2) has both vectors ``LATTICE_MIN_LENGTH`` long or more,
    ``LATTICE_MIN_ANGLE`` apart or more, and an ``area`` holds ``max_points`` cells or fewer
    (a relative check: an absolute bound on the determinant lets nearly parallel vectors
    through, and a lattice point loop of billions of steps with them)."""
    n1, n2 = float(np.hypot(*B[0])), float(np.hypot(*B[1]))
    if min(n1, n2) < LATTICE_MIN_LENGTH:
        return False
    det = abs(float(B[0, 0] * B[1, 1] - B[0, 1] * B[1, 0]))
    if det / (n1 * n2) < np.sin(np.deg2rad(LATTICE_MIN_ANGLE)):
        return False
    return area / det <= max_points


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _check_copies_options(*, min_ncc, views, sigma, clip, min_pixels, overlap, max_points, max_seeds):
    """:func:`lattice_copies`' options, each with a :class:`ContractError` that names it
    (``x == x`` is False for NaN, so NaN fails every range)."""
    def number(name, v, ok, want):
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = float("nan")
        if not (f == f and ok(f)):
            raise ContractError(f"{name} must be {want}, got {v!r}")

    number("min_ncc", min_ncc, lambda f: -1 < f <= 1, "a correlation in (-1, 1]")
    number("overlap", overlap, lambda f: 0 < f <= 1, "a share in (0, 1]")
    number("sigma", sigma, lambda f: 0 < f < np.inf, "a finite number of pixels > 0")
    if clip is not None:
        number("clip", clip, lambda f: 0 < f < np.inf, "None or a finite number > 0")
    for name, v in (("min_pixels", min_pixels), ("max_points", max_points), ("max_seeds", max_seeds)):
        if not _is_int(v) or v < 1:
            raise ContractError(f"{name} must be an integer >= 1, got {v!r}")
    vs = list(views) if isinstance(views, (list, tuple, np.ndarray)) else []
    if not vs or not all(_is_int(v) for v in vs) or len(set(vs)) != len(vs) or not set(vs) <= {0, 1, 2}:
        raise ContractError(f"views must be a non-empty set of colour views 0, 1, 2 (0 luminance, 1 saturation, "
                            f"2 minor colour axis), got {views!r}")


def _robust_highpass(g: np.ndarray, sigma: float, clip: float | None) -> np.ndarray:
    """``g - blur(g, sigma)``, clipped at ``clip`` robust noise levels (1.4826 MAD) when given."""
    hp = g - cv2.GaussianBlur(g, (0, 0), sigma)
    if clip is not None:
        noise = 1.4826 * float(np.median(np.abs(hp - np.median(hp))))
        if noise > 0:
            hp = np.clip(hp, -clip * noise, clip * noise)
    return hp


def lattice_copies(image: np.ndarray, average: np.ndarray, seeds: Sequence[np.ndarray], basis: np.ndarray, *,
                   min_ncc: float = 0.3, views: Sequence[int] = (0,), sigma: float = 1.5,
                   clip: float | None = 3.0, min_pixels: int = 64,
                   overlap: float = 0.2, max_points: int = LATTICE_MAX_POINTS,
                   max_seeds: int = LATTICE_MAX_SEEDS) -> tuple[list[np.ndarray], np.ndarray]:
    """Copies of a faint tiled mark at every lattice point, from the copies found in its average.

    Over a busy ground the detector reads only some copies of a faint mark, in the image
    or in its lattice average (:func:`lattice_average`), and the repeat step, which
    checks each moved copy against the image's own detail, loses most of them to the
    ground. The lattice found in the spectrum says where every other copy is: each seed
    polygon moved by ``i d1 + j d2`` (every lattice point whose moved centre is inside
    the image) is kept where the image there shows what the average shows there: the
    normalised correlation, inside the moved polygon, of the image's high-pass (clipped
    at ``clip`` robust noise levels, so the ground's sharp edges weigh no more than the
    mark) with the average's high-pass is at least ``min_ncc``, in one of ``views``
    (:func:`colour_views`). Where the image has no mark (a product or a plain panel over
    it, or text that does not repeat) the average still shows the mark faintly, the image
    does not: the correlation falls to chance (about 0.1 for a word-sized polygon).
    Seeds are taken in the order given (the caller's best first): a seed with ``overlap``
    or more of its pixels inside the moved polygons of an earlier seed is not moved (it is
    a copy of one already tried, or the same copy boxed a little apart: moved, such boxes
    would tile the whole lattice cell between them). A seed larger than the lattice cell
    (``|det(basis)|`` pixels) is not moved either: its copies would overlap and tile the
    image, and it would block the later seeds.

    The cost is bounded: a lattice found from the data that is degenerate (a vector
    shorter than ``LATTICE_MIN_LENGTH`` = 4 px, or the two under ``LATTICE_MIN_ANGLE`` =
    20 degrees apart) or so fine that the image holds more than ``max_points`` cells
    gives no copies, and only the first ``max_seeds`` seeds that are moved (not skipped as
    above) are.

    Parameters
    ----------
    image, average : (H, W, 3) uint8 RGB
        The image and its lattice average.
    seeds : sequence of (N, 2) float32
        Polygons of copies found (image pixels).
    basis : (2, 2) float32
        The lattice vectors ``d1, d2`` (image pixels, :func:`lattice_basis`).
    min_ncc : float
        Correlation a moved polygon needs (default 0.3: three times the chance spread).
    views : sequence of int
        Colour views read (0 luminance, 1 saturation, 2 minor colour axis; default 0).
    sigma : float
        Gaussian subtracted for the high-pass, pixels (default 1.5).
    clip : float or None
        See above (default 3.0; None: not clipped).
    min_pixels : int
        Moved polygons with fewer pixels inside the image are not kept (default 64).
    overlap : float
        See above (default 0.2).
    max_points : int
        Most lattice points (image area over cell area) a seed is moved to (default
        ``LATTICE_MAX_POINTS`` = 2048; the held-out dense watermark creative has 110).
    max_seeds : int
        Most seeds moved, not counting those skipped (default ``LATTICE_MAX_SEEDS`` = 64;
        that creative moves 2 of 19, the faint look-alike sets at most 13 of 146).

    Returns
    -------
    polygons : list of (N, 2) float32
        The moved polygons kept (the seeds' own places left out), clipped to the image.
    scores : (n,) float32
        Their correlation (``min_ncc`` to 1), not a detector's probability: a caller
        that merges them with detector scores (``PPOCRText(faint_copies=...)``) mixes
        two scales.

    Raises
    ------
    ContractError
        When ``image`` and ``average`` are not (H, W, 3) uint8 of one shape, ``basis``
        is not (2, 2) finite numbers, or an option is out of its range (``min_ncc`` in
        (-1, 1], ``overlap`` in (0, 1], ``sigma`` and ``clip`` > 0, ``min_pixels``,
        ``max_points`` and ``max_seeds`` integers >= 1, ``views`` a non-empty set of 0, 1,
        2).

    Examples
    --------
    >>> im = np.full((60, 80, 3), 128, np.uint8)
    >>> lattice_copies(im, im, [], np.float32([[20, 0], [0, 20]]))[1].shape
    (0,)
    """
    image, average = np.asarray(image), np.asarray(average)
    for name, a in (("image", image), ("average", average)):
        if a.ndim != 3 or a.shape[2] != 3 or a.dtype != np.uint8:
            raise ContractError(f"{name} must be (H, W, 3) uint8, got {a.shape} {a.dtype}")
    if average.shape != image.shape:
        raise ContractError(f"average must have shape {image.shape} like image, got {average.shape}")
    B = np.asarray(basis, np.float64)
    _check_copies_options(min_ncc=min_ncc, views=views, sigma=sigma, clip=clip, min_pixels=min_pixels,
                          overlap=overlap, max_points=max_points, max_seeds=max_seeds)
    if B.shape != (2, 2) or not np.isfinite(B).all():
        raise ContractError(f"basis must be (2, 2) finite numbers (two lattice vectors), "
                            f"got {np.asarray(basis).tolist()}")
    none = ([], np.zeros(0, np.float32))
    H, W = image.shape[:2]
    if not len(seeds) or not _usable_lattice(B, H * W, max_points):
        return none
    cell = abs(float(np.linalg.det(B)))
    va, vb = colour_views(image), colour_views(average)
    pairs = [(_robust_highpass(va[v], sigma, clip), _robust_highpass(vb[v], sigma, None)) for v in views]
    inv = np.linalg.inv(B.T)
    tried = np.zeros((H, W), np.uint8)
    out, out_scores = [], []
    moved_seeds = 0
    for seed in seeds:
        seed = np.asarray(seed, np.float32).reshape(-1, 2)
        q = np.round(seed).astype(np.int32)
        own = np.zeros((H, W), np.uint8)
        cv2.fillPoly(own, [q.reshape(-1, 1, 2)], 1)
        n_own = int(own.sum())
        if n_own == 0 or n_own > cell or int((own & tried).sum()) >= overlap * n_own:
            continue
        moved_seeds += 1
        if moved_seeds > max_seeds:
            break
        c = seed.mean(0).astype(np.float64)
        k = (np.float64([[0, 0], [W, 0], [0, H], [W, H]]) - c) @ inv.T
        lo, hi = np.floor(k.min(0)).astype(int), np.ceil(k.max(0)).astype(int)
        ij = np.stack(np.meshgrid(np.arange(lo[0], hi[0] + 1), np.arange(lo[1], hi[1] + 1),
                                  indexing="ij"), -1).reshape(-1, 2)  # j fastest
        ij = ij[(ij != 0).any(1)]
        shifts = ij[:, :1] * B[0] + ij[:, 1:] * B[1]
        at = c + shifts
        inside = (at[:, 0] >= 0) & (at[:, 0] < W) & (at[:, 1] >= 0) & (at[:, 1] < H)
        for d in shifts[inside][:max_points]:
            moved = seed + d.astype(np.float32)
            mq = np.round(moved).astype(np.int32)
            cv2.fillPoly(tried, [mq.reshape(-1, 1, 2)], 1)
            x0, y0 = np.maximum(mq.min(0), 0)
            x1, y1 = np.minimum(mq.max(0) + 1, [W, H])
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            m = np.zeros((y1 - y0, x1 - x0), np.uint8)
            cv2.fillPoly(m, [(mq - [x0, y0]).reshape(-1, 1, 2)], 1)
            m = m.astype(bool)
            if int(m.sum()) < min_pixels:
                continue
            best = -1.0
            for a, b in pairs:
                x, y = a[y0:y1, x0:x1][m], b[y0:y1, x0:x1][m]
                x, y = x - x.mean(), y - y.mean()
                den = float(np.sqrt(float((x * x).sum()) * float((y * y).sum())))
                if den > 0:
                    best = max(best, float((x * y).sum()) / den)
            if best >= min_ncc:
                out.append(np.clip(moved, 0, [W - 1, H - 1]).astype(np.float32))
                out_scores.append(best)
        cv2.fillPoly(tried, [q.reshape(-1, 1, 2)], 1)
    return out, np.asarray(out_scores, np.float32)


def lattice_evidence(image: np.ndarray, *, work: int = 640, crop: int = 320, sigma: float = 1.5,
                     smooth: int = 9, clip: float | None = None) -> tuple[float, list[float]]:
    """How clearly a *faint* pattern repeats on a 2-D lattice, in standard deviations.

    :func:`tiling_evidence` asks how much of the fine detail repeats; a light mark over a
    busy random ground (confetti, bokeh, fabric) is a small share of it (0.0 there). But
    its energy sits on a few frequencies (the copies' reciprocal lattice) while a random
    ground spreads its own over all of them: divided by its local mean (``smooth`` x
    ``smooth`` bins), the power spectrum keeps the mark's lines and flattens the ground,
    and the autocorrelation of this whitened spectrum peaks at the lattice shifts. The
    evidence is the weaker of the two strongest sharp peaks >= 20 deg apart, in units of
    the root-mean-square of the whitened autocorrelation away from the centre (a random
    ground gives about 5: the largest of many Gaussian values). It is read on one
    ``crop`` x ``crop`` window at the centre of the image resized to ``work`` px on the
    long side (the copies keep enough resolution; the cost stays that of one small FFT
    per view).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    work : int
        Long side of the working size, pixels (default 640).
    crop : int
        Side of the centre window read, working pixels (default 320).
    sigma : float
        Gaussian subtracted for the high-pass, working pixels (default 1.5).
    smooth : int
        Side of the box (frequency bins) the spectrum is divided by its mean over
        (default 9).
    clip : float or None
        Also read each view with its high-pass clipped at ``clip`` x its robust spread
        (1.4826 x the median absolute deviation: the ground's own noise), and keep the
        stronger reading (default None: the plain reading alone). A ground of flat
        patches with sharp edges (confetti) is mostly quiet ground plus a few strong
        edges, whose broad spectrum buries the mark's lines; clipped, an edge weighs no
        more than a few noise levels, while a faint mark, within a few noise levels,
        keeps its amplitude. Over a ground of soft, noisy texture the clipped reading is
        weaker (bokeh: 17.8 -> 12.6), hence both.

    Returns
    -------
    evidence : float
        The largest of ``per_view`` (0 when no two-direction peaks).
    per_view : list of three float
        The evidence of each view of :func:`colour_views`.

    Raises
    ------
    ValueError
        When ``image`` is not (H, W, 3) uint8.

    Examples
    --------
    A word 20 grey levels light, every 80 x 48 px, over a busy random ground:

    >>> rng = np.random.default_rng(0)
    >>> g = cv2.GaussianBlur(rng.integers(0, 256, (480, 640)).astype(np.float32), (0, 0), 1.5)
    >>> ground = np.repeat(4.0 * (g - g.mean())[..., None] + 128, 3, axis=2)
    >>> tile = np.zeros((48, 80)); _ = cv2.putText(tile, "SALE", (6, 32), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 1.0, 2)
    >>> faint = np.clip(ground + 20 * np.tile(tile, (10, 8))[..., None], 0, 255).astype(np.uint8)
    >>> lattice_evidence(faint)[0] > 18, lattice_evidence(np.clip(ground, 0, 255).astype(np.uint8))[0] < 8
    (True, True)
    """
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"image must be (H, W, 3) uint8, got {image.shape} {image.dtype}")
    H, W = image.shape[:2]
    s = min(1.0, work / max(H, W))
    side = round(crop / s)  # the window in image pixels
    y0, x0 = max(0, (H - side) // 2), max(0, (W - side) // 2)
    window = np.ascontiguousarray(image[y0:y0 + side, x0:x0 + side])
    per_view = [_whitened_lattice(v, sigma, smooth, clip)[0] for v in colour_views(window, s)]
    return max(per_view), per_view


def contrast_view(image: np.ndarray, view: int = 0, *, sigma: float = 4.0, spread: float = 8.0) -> np.ndarray:
    """One view of ``image`` (:func:`colour_views`) with its local contrast normalised, as RGB.

    The high-pass (``view - blur(sigma)``) divided by its local spread (the RMS over a
    Gaussian window of ``spread`` px) and mapped to mid-grey +- 40 per spread: a light
    mark over a busy texture then has the same contrast as the texture, which a text
    detector trained on printed text reads far better than the faint original.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    view : int
        0 luminance, 1 saturation, 2 minor colour axis (see :func:`colour_views`).
    sigma, spread : float
        Pixels (defaults 4 and 8).

    Returns
    -------
    (H, W, 3) uint8
        Grey (three equal channels).

    Examples
    --------
    >>> im = np.zeros((32, 32, 3), np.uint8); im[8:24, 8:24] = 10
    >>> v = contrast_view(im)
    >>> v.shape, v.dtype, abs(int(v[0, 0, 0]) - 128) <= 2, bool((v[..., 0] == v[..., 2]).all())
    ((32, 32, 3), dtype('uint8'), True, True)
    """
    g = colour_views(np.asarray(image))[int(view)]
    hp = g - cv2.GaussianBlur(g, (0, 0), sigma)
    sd = np.sqrt(cv2.GaussianBlur(hp * hp, (0, 0), spread)) + 2.0
    z = np.clip(128.0 + 40.0 * hp / sd, 0, 255).astype(np.uint8)
    return np.dstack([z, z, z])
