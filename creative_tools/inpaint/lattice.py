"""Periodic fill: a hole on a regular texture predicted from the texture's lattice.

Bricks, tiles, stripes, checks and woven plates repeat by two translations ``a`` and
``b`` (one for stripes). Every pixel of such a texture equals, up to noise, the pixels
``i * a + j * b`` away, so a hole on it is *predicted*, not guessed: each hole pixel is
the mean of its nearest known lattice translates, at full resolution and in phase with
the ring. PatchMatch copies patches of the right look but loses the phase (bricks come
back broken, or shrunk by the fill's pixel budget and blurred), and the smooth trend
that is MSE-optimal for unpredictable texture turns a large hole into a flat silhouette.

* :func:`find_lattice`: the lattice from the autocorrelation of the known pixels around
  the hole (masked and normalised by the number of overlapping known pairs, computed
  with FFTs on a copy at most ``size`` px long), its two shortest non-parallel strong
  peaks, refined to sub-pixel at full resolution by the squared difference of known
  pixel pairs near the hole.
* :func:`lattice_predict`: the mean of the ``k`` nearest known translates of each pixel.
* :func:`lattice_fill`: the check and the fill. A band of known pixels around the hole is
  predicted as the hole would be (from translates outside the hole grown by the band);
  the lattice is used only where its error there is below ``accept`` times the error of
  the band's smooth local trend (what the trend fill would score), so unpredictable
  texture (gravel, foliage, photos) is left to the caller. The prediction is seamed to
  the ring by the harmonic interpolation of the ring's residual
  (:func:`~.smooth.membrane_fill`, Poisson-style, Perez et al. 2003).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ..errors import ContractError
from .smooth import membrane_fill

__all__ = ["Lattice", "find_lattice", "lattice_fill", "lattice_predict"]


@dataclass(frozen=True)
class Lattice:
    """Translations ``(dy, dx)`` (full-resolution pixels, sub-pixel) under which the texture repeats.

    ``b`` is None for a one-dimensional lattice (stripes). ``corr`` is the normalised
    autocorrelation at ``a`` (1 = an exact repeat).
    """

    a: tuple[float, float]
    b: tuple[float, float] | None
    corr: float

    def shifts(self, reach: float, *, limit: int = 24, most: int = 400) -> np.ndarray:
        """Integer shifts ``round(i * a + j * b)``, ``(i, j) != 0``, within ``reach`` px, nearest first.

        At most ``limit`` steps along each vector and the ``most`` nearest shifts (a
        pixel whose ``k`` nearest known translates lie beyond them is not predicted).

        Returns
        -------
        (n, 2) int64
            ``(dy, dx)`` rows sorted by length, duplicates removed.
        """
        a = np.asarray(self.a, np.float64)
        na = max(float(np.hypot(*a)), 1e-6)
        ri = min(limit, math.ceil(reach / na) + 1)
        if self.b is None:
            ii = np.arange(-ri, ri + 1)
            v = ii[:, None] * a[None]
        else:
            b = np.asarray(self.b, np.float64)
            nb = max(float(np.hypot(*b)), 1e-6)
            rj = min(limit, math.ceil(reach / nb) + 1)
            ii, jj = np.meshgrid(np.arange(-ri, ri + 1), np.arange(-rj, rj + 1), indexing="ij")
            v = ii.reshape(-1, 1) * a[None] + jj.reshape(-1, 1) * b[None]
        v = np.rint(v).astype(np.int64)
        n = np.hypot(v[:, 0], v[:, 1])
        keep = (n > 0) & (n <= reach + 1e-9)
        v, n = v[keep], n[keep]
        v = v[np.argsort(n, kind="stable")]
        _, first = np.unique(v, axis=0, return_index=True)
        return v[np.sort(first)][:most]


def _norm_blur(values: np.ndarray, known: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of the known ``values`` ((H, W) or (H, W, C) float32), normalised by their weight."""
    kf = known.astype(np.float32)
    blur = lambda a: cv2.GaussianBlur(a, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
    wsum = np.maximum(blur(kf), 1e-6)
    if values.ndim == 3:
        return blur(values * kf[..., None]) / wsum[..., None]
    return blur(values * kf) / wsum


def _autocorr(x: np.ndarray, known: np.ndarray, min_overlap: float) -> np.ndarray:
    """Autocorrelation of ``x`` over known pairs, per pair and over the known variance, fftshifted.

    -1 where the known pairs are fewer than ``min_overlap`` of the known pixels.
    """
    h, w = x.shape
    sh, sw = cv2.getOptimalDFTSize(2 * h), cv2.getOptimalDFTSize(2 * w)
    kf = known.astype(np.float64)
    xv = x.astype(np.float64) * kf
    fx = np.fft.rfft2(xv, s=(sh, sw))
    fk = np.fft.rfft2(kf, s=(sh, sw))
    num = np.fft.irfft2(fx * np.conj(fx), s=(sh, sw))
    cnt = np.fft.irfft2(fk * np.conj(fk), s=(sh, sw))
    var = float((xv * xv).sum() / max(kf.sum(), 1.0))
    ok = cnt >= min_overlap * cnt[0, 0]
    r = np.where(ok, num / np.maximum(cnt, 1.0) / max(var, 1e-9), -1.0)
    return np.fft.fftshift(r).astype(np.float32)


def find_lattice(image: np.ndarray, hole: np.ndarray, forbidden: np.ndarray | None = None, *,
                 size: int = 96, min_corr: float = 0.4, min_overlap: float = 0.2, min_texture: float = 2.5,
                 min_dip: float = 0.3) -> Lattice | None:
    """The repeat lattice of the known pixels of ``image`` around ``hole``.

    Parameters
    ----------
    image : (H, W, 3) uint8
        A context crop around the hole (the lattice of the whole crop is estimated).
    hole : (H, W) bool
    forbidden : (H, W) bool, optional
        Pixels that are not background (every hole); default ``hole``.
    size : int
        Longest side of the copy the autocorrelation is computed on.
    min_corr : float
        Smallest normalised autocorrelation of a lattice peak.
    min_overlap : float
        Shifts whose known pairs are fewer than this share of the known pixels are ignored.
    min_dip : float
        How much lower the autocorrelation must be half-way to a peak than at the peak
        (a smooth photo's autocorrelation falls steadily away from 0 and has no repeat).
    min_texture : float
        RMS (grey levels) of the known pixels' detail below which there is no texture
        to repeat (a flat plate or a gradient: the caller's smooth fills are exact there).

    Returns
    -------
    Lattice or None
        None when no peak reaches ``min_corr`` or the crop is too small.
    """
    if hole.shape != image.shape[:2]:
        raise ContractError(f"hole must have shape {image.shape[:2]} like image, got {hole.shape}")
    forbidden = hole if forbidden is None else (forbidden | hole)
    h, w = hole.shape
    s = min(1.0, size / max(h, w))
    dsize = (max(1, round(w * s)), max(1, round(h * s)))
    small = cv2.resize(image, dsize, interpolation=cv2.INTER_AREA) if s < 1 else image
    gray = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2GRAY).astype(np.float32)
    if s < 1:
        # a small pixel is known when every pixel under it is
        known = cv2.resize((~forbidden).view(np.uint8) * np.uint8(255), dsize, interpolation=cv2.INTER_AREA) == 255
    else:
        known = ~forbidden
    if min(known.shape) < 16 or known.sum() < 256:
        return None
    x = gray - _norm_blur(gray, known, max(4.0, max(known.shape) / 12.0))
    if float(np.sqrt(np.mean(x[known] ** 2))) < min_texture:
        return None
    r = _autocorr(x, known, min_overlap)
    ch, cw = r.shape[0] // 2, r.shape[1] // 2
    rr = r
    peak = (rr >= cv2.dilate(rr, np.ones((5, 5), np.uint8))) & (rr >= min_corr)
    py, px = np.nonzero(peak)
    dy, dx = py - ch, px - cw
    n = np.hypot(dy, dx)
    # A repeat, not the tail of the central lobe (or a ridge along stripes): the texture
    # must decorrelate half-way to the peak.
    half = rr[ch + np.rint(dy / 2).astype(int), cw + np.rint(dx / 2).astype(int)]
    keep = (n >= 3) & (rr[py, px] - half >= min_dip)
    dy, dx, n, val = dy[keep], dx[keep], n[keep], rr[py[keep], px[keep]]
    if not len(n):
        return None
    strong = val >= max(min_corr, 0.5 * float(val.max()))
    dy, dx, n, val = dy[strong], dx[strong], n[strong], val[strong]
    order = np.argsort(n, kind="stable")
    ia = order[0]
    a = (float(dy[ia]) / s, float(dx[ia]) / s)
    b = None
    for ib in order[1:]:
        cross = abs(dy[ia] * dx[ib] - dx[ia] * dy[ib]) / (n[ia] * n[ib])
        if cross > 0.5:
            b = (float(dy[ib]) / s, float(dx[ib]) / s)
            break
    return Lattice(a, b, float(val[ia]))


def _pair_errors(img: np.ndarray, ys: np.ndarray, xs: np.ndarray, known: np.ndarray,
                 shifts: np.ndarray) -> list[float]:
    """Mean squared difference of ``img`` between the pixels ``(ys, xs)`` and their known
    translates, for each shift ``(dy, dx)`` of ``shifts`` ((m, 2) int).

    Each shift's mean is taken over its own known pairs in the pixels' order (the same
    float32 sum as one shift at a time, so the same value bit for bit); ``inf`` where
    fewer than 32 pairs are known.
    """
    h, w = known.shape
    ys, xs = ys.astype(np.int64), xs.astype(np.int64)
    ty = ys[None, :] + shifts[:, :1].astype(np.int64)
    tx = xs[None, :] + shifts[:, 1:].astype(np.int64)
    ok = (ty.view(np.uint64) < h) & (tx.view(np.uint64) < w)  # negatives wrap to huge
    f = np.clip(ty, 0, h - 1) * w + np.clip(tx, 0, w - 1)
    ok &= known.ravel()[f]
    flat = img.ravel()
    d = flat[ys * w + xs][None, :] - flat[f]
    d *= d
    n = ok.sum(axis=1)
    return [float(np.mean(row[o])) if c >= 32 else float("inf")
            for row, o, c in zip(d, ok, n)]


def _refine(img: np.ndarray, near: np.ndarray | tuple, known: np.ndarray,
            v: tuple[float, float], rad: int, *, soft: np.ndarray | None = None
            ) -> tuple[float, float]:
    """Sub-pixel ``v``: the integer shift near it with the least squared pair difference, plus a parabola.

    Coarse to fine, so the cost does not grow with ``rad`` squared at full resolution:
    every second shift within ``rad`` on a blurred copy (the blur widens the basin of a
    thin line; ``soft``, computed here when not given), then every shift within 2 px of
    the best on ``img`` itself. ``near`` is a mask or its ``np.nonzero`` (shared by the
    two vectors of a lattice).
    """
    ys, xs = np.nonzero(near) if isinstance(near, np.ndarray) else near
    step = max(1, len(ys) // 800)  # an even subsample bounds the cost on large holes
    ys, xs = ys[::step], xs[::step]
    cy, cx = round(v[0]), round(v[1])
    if rad > 2:
        if soft is None:
            soft = cv2.GaussianBlur(img, (0, 0), 1.5)
        sub = slice(None, None, 2)
        ij = [(i, j) for i in range(-rad, rad + 1, 2) for j in range(-rad, rad + 1, 2)]
        at = np.array([(cy + i, cx + j) for i, j in ij])
        errs = _pair_errors(soft, ys[sub], xs[sub], known, at)
        e, i, j = min((e, i, j) for e, (i, j) in zip(errs, ij))
        if np.isfinite(e):
            cy, cx = cy + i, cx + j
    r = 2
    ij = [(cy + i, cx + j) for i in range(-r, r + 1) for j in range(-r, r + 1)]
    err = np.array(_pair_errors(img, ys, xs, known, np.array(ij)))
    err = err.reshape(2 * r + 1, 2 * r + 1)
    if not np.isfinite(err).any():
        return v
    i, j = np.unravel_index(int(np.argmin(err)), err.shape)

    def vertex(e0, e1, e2):
        den = e0 - 2 * e1 + e2
        return 0.0 if not (np.isfinite(den) and den > 1e-9) else float(np.clip(0.5 * (e0 - e2) / den, -0.5, 0.5))

    oy = vertex(err[i - 1, j], err[i, j], err[i + 1, j]) if 0 < i < 2 * r else 0.0
    ox = vertex(err[i, j - 1], err[i, j], err[i, j + 1]) if 0 < j < 2 * r else 0.0
    return (cy - r + i + oy, cx - r + j + ox)


def lattice_predict(image: np.ndarray, ys: np.ndarray, xs: np.ndarray, known: np.ndarray, shifts: np.ndarray,
                    *, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """The mean of the ``k`` nearest known translates of each pixel ``(ys, xs)``.

    Parameters
    ----------
    image : (H, W, C) float32
    ys, xs : (n,) int
    known : (H, W) bool
        Pixels a translate may read.
    shifts : (m, 2) int
        Candidate translations, nearest first (:meth:`Lattice.shifts`).
    k : int

    Returns
    -------
    pred : (n, C) float32
        NaN rows where no translate was known.
    count : (n,) int
    """
    h, w = known.shape
    n = len(ys)
    cnt = np.zeros(n, np.int64)
    # Flat indices into the raveled image; a translate is inside when its row and column
    # are (negative ones wrap to huge unsigned values). The pixels still short of k are
    # ``active``, their rows and columns gathered again only when some pixel completes.
    # The translates found are summed at the end by bincount, which adds each pixel's
    # values in the order found (the shifts' order, from 0.0): the same float64 sums as
    # adding them shift by shift.
    flat_known = known.ravel()
    active = np.arange(n)
    ya, xa = ys.astype(np.int64), xs.astype(np.int64)
    who, src = [], []
    for dy, dx in shifts:
        if not len(active):
            break
        ty, tx = ya + dy, xa + dx
        ok = (ty.view(np.uint64) < h) & (tx.view(np.uint64) < w)
        f = ty * w + tx
        sel = np.flatnonzero(ok)
        sel = sel[flat_known[f[sel]]]
        idx = active[sel]
        who.append(idx)
        src.append(f[sel])
        cnt[idx] += 1
        if (cnt[idx] >= k).any():
            keep = cnt[active] < k
            active, ya, xa = active[keep], ya[keep], xa[keep]
    c = image.shape[2]
    acc = np.zeros((n, c), np.float64)
    if who:
        who, src = np.concatenate(who), np.concatenate(src)
        if image.flags.c_contiguous:
            vals = image.reshape(h * w, c)[src]
        else:
            vals = image[src // w, src % w]
        for j in range(c):
            acc[:, j] = np.bincount(who, weights=vals[:, j], minlength=n)
    pred = (acc / np.maximum(cnt, 1)[:, None]).astype(np.float32)
    pred[cnt == 0] = np.nan
    return pred, cnt


def lattice_fill(image: np.ndarray, hole: np.ndarray, forbidden: np.ndarray | None = None, *,
                 accept: float = 0.5, band: int = 6, k: int = 4, sigma: float = 4.0, size: int = 96
                 ) -> tuple[np.ndarray | None, float]:
    """Fill ``hole`` from its lattice translates when the lattice predicts the ring.

    Parameters
    ----------
    image : (H, W, 3) uint8
        A context crop around the hole.
    hole : (H, W) bool
    forbidden : (H, W) bool, optional
        Pixels that are not background (every hole of the crop); default ``hole``.
    accept : float
        Largest ratio of the lattice's squared error on the band to the smooth trend's
        there (the band's variance about the normalised blur of the known pixels beyond
        it, scale ``sigma``) for which the lattice fills the hole.
    band : int
        Width (px) of the band of known ring pixels the lattice is checked on; the band
        is predicted from translates outside the hole grown by it, as the hole is.
    k : int
        Translates averaged per pixel.
    sigma : float
        Scale (px) of the band's smooth trend.
    size : int
        Longest side of the copy the lattice is looked for on (:func:`find_lattice`);
        it is then refined at full resolution. 96 keeps the search to a few ms per hole
        (a typical creative has 2-20 wide holes), and finds periods of 3 px and more
        there (16 px on a 500-px crop).

    Returns
    -------
    filled : (H, W, 3) uint8 or None
        ``image`` with ``hole`` filled (every other pixel unchanged), or None when no
        lattice was found or it does not predict the band well enough.
    ratio : float
        The band's error ratio; ``nan`` when no lattice was found, ``inf`` when one was
        but the band could not be measured.
    """
    if hole.shape != image.shape[:2]:
        raise ContractError(f"hole must have shape {image.shape[:2]} like image, got {hole.shape}")
    if not hole.any():
        return image.copy(), 0.0
    forbidden = hole if forbidden is None else (forbidden | hole)
    lat = find_lattice(image, hole, forbidden, size=size)
    if lat is None:
        return None, float("nan")
    img = image  # gathered pixels are converted, not the crop
    gray = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY).astype(np.float32)
    known = ~forbidden
    kb = np.ones((2 * band + 1,) * 2, np.uint8)
    grown = cv2.dilate(hole.view(np.uint8), kb) > 0
    ring_band = grown & known
    if ring_band.sum() < 32:
        return None, float("inf")
    # Refine the lattice where it matters: known pixels near the hole.
    near = (cv2.dilate(hole.view(np.uint8), np.ones((4 * band + 1,) * 2, np.uint8)) > 0) & known
    rad = math.ceil(0.5 * max(hole.shape) / size) + 1 if max(hole.shape) > size else 1
    # the blurred copy and the pixels near the hole, shared by both vectors
    soft = cv2.GaussianBlur(gray, (0, 0), 1.5) if rad > 2 else None
    near = np.nonzero(near)
    a = _refine(gray, near, known, lat.a, rad, soft=soft)
    b = _refine(gray, near, known, lat.b, rad, soft=soft) if lat.b is not None else None
    lat = Lattice(a, b, lat.corr)
    ys, xs = np.nonzero(hole)
    reach = 2.0 * float(max(ys.max() - ys.min(), xs.max() - xs.min()) + 2 * band + 1)
    shifts = lat.shifts(reach)
    if not len(shifts):
        return None, float("inf")
    # The check: the band predicted as the hole will be (no translate inside the grown hole).
    by, bx = np.nonzero(ring_band)
    step = max(1, len(by) // 2000)
    by, bx = by[::step], bx[::step]
    pb, cb = lattice_predict(img, by, bx, known & ~grown, shifts, k=k)
    ok = cb > 0
    if ok.mean() < 0.9:
        return None, float("inf")
    truth = img[by[ok], bx[ok]].astype(np.float32)
    # the trend on a copy shrunk by q (the cost of a large hole's band stays small)
    m = int(3 * sigma) + 1
    ly0, ly1 = max(0, by.min() - m), by.max() + m + 1
    lx0, lx1 = max(0, bx.min() - m), bx.max() + m + 1
    q = max(1, int(sigma // 2))
    sub = img[ly0:ly1:q, lx0:lx1:q].astype(np.float32)
    low = _norm_blur(sub, (known & ~grown)[ly0:ly1:q, lx0:lx1:q], sigma / q)[
        (by[ok] - ly0) // q, (bx[ok] - lx0) // q]
    err_lat = float(np.mean((pb[ok] - truth) ** 2))
    err_trend = float(np.mean((low - truth) ** 2))
    ratio = err_lat / max(err_trend, 1e-6)
    if ratio >= accept:
        return None, ratio
    pred, cnt = lattice_predict(img, ys, xs, known, shifts, k=k)
    if (cnt == 0).any():
        return None, ratio
    # Seam: the ring's residual (image minus its own lattice prediction), harmonically
    # interpolated into the hole, so the copy meets the ring in shade.
    seam = (cv2.dilate(hole.view(np.uint8), np.ones((5, 5), np.uint8)) > 0) & known
    sy, sx = np.nonzero(seam)
    ps, cs = lattice_predict(img, sy, sx, known & ~hole, shifts, k=k)
    y0, y1 = max(0, ys.min() - 3), min(hole.shape[0], ys.max() + 4)
    x0, x1 = max(0, xs.min() - 3), min(hole.shape[1], xs.max() + 4)
    diff = np.zeros((y1 - y0, x1 - x0, 3), np.float32)
    have = np.zeros((y1 - y0, x1 - x0), bool)
    good = cs > 0
    diff[sy[good] - y0, sx[good] - x0] = img[sy[good], sx[good]].astype(np.float32) - ps[good]
    have[sy[good] - y0, sx[good] - x0] = True
    corr = membrane_fill(diff, ~have) if have.any() else diff
    out = image.copy()
    vals = pred + corr[ys - y0, xs - x0]
    out[ys, xs] = np.clip(np.rint(vals), 0, 255).astype(np.uint8)
    return out, ratio
