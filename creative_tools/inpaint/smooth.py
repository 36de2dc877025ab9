"""Smooth fills from a hole's ring: a harmonic (membrane) interpolation and a surface fit.

Creatives are full of flat colours and gradients, and behind most removed objects the
slow colour trend is what a fill must get right (a wrong shade over a large hole costs
more than any texture detail). Two estimates of that trend, both per colour channel:

* :func:`membrane_fill`: the harmonic interpolation of the known pixels into the hole
  (the solution of Laplace's equation with the ring as boundary values), solved coarse to
  fine on an image pyramid. It reproduces flat colours and linear gradients exactly and
  blends smoothly between different sides of a hole.
* :func:`surface_fit`: a least-squares polynomial surface (degree 0-2) over a ring of
  known pixels, and how well it fits there. Where it fits the ring to a grey level or two
  (a flat plate, a linear or radial gradient) it is the fill; where it does not, the
  hole's surroundings are not a smooth surface and something else must fill it.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..errors import ContractError

__all__ = ["membrane_fill", "surface_fit", "ring"]

_LAPLACE = np.array([[0, 0.25, 0], [0.25, 0, 0.25], [0, 0.25, 0]], np.float32)


def ring(mask: np.ndarray, width: int) -> np.ndarray:
    """The known pixels within ``width`` px (chessboard distance) of the hole, ``(H, W) bool``.

    Examples
    --------
    >>> m = np.zeros((7, 7), bool); m[3, 3] = True
    >>> int(ring(m, 1).sum())
    8
    """
    if width < 1:
        raise ContractError(f"ring width must be >= 1, got {width}")
    k = np.ones((2 * int(width) + 1, 2 * int(width) + 1), np.uint8)
    return (cv2.dilate(mask.view(np.uint8), k) > 0) & ~mask


def _jacobi(values: np.ndarray, hole: np.ndarray, iterations: int) -> np.ndarray:
    known = values.copy()
    for _ in range(iterations):
        avg = cv2.filter2D(values, -1, _LAPLACE, borderType=cv2.BORDER_REPLICATE)
        values = np.where(hole[..., None], avg, known)
    return values


def membrane_fill(image: np.ndarray, mask: np.ndarray, *, iterations: int = 24) -> np.ndarray:
    """Harmonic interpolation of ``image`` into ``mask`` (coarse-to-fine Jacobi).

    Each pyramid level halves the image (the known pixels averaged, the hole kept where a
    coarse pixel has no known pixel under it), the coarsest level starts from the mean of
    its known pixels, and each finer level starts from the coarser solution, so a few
    Jacobi sweeps per level suffice whatever the hole's size.

    Parameters
    ----------
    image : (H, W, C) or (H, W) uint8 or float32
    mask : (H, W) bool
        True = unknown (to fill).
    iterations : int
        Jacobi sweeps per pyramid level.

    Returns
    -------
    (H, W, C) float32
        The known pixels unchanged, the hole filled; a channel axis is always present.

    Raises
    ------
    ContractError
        If ``mask`` does not match ``image`` or leaves no known pixel.

    Examples
    --------
    >>> y, x = np.mgrid[0:32, 0:32]
    >>> img = (3 * x + 2 * y).astype(np.float32)
    >>> m = np.zeros((32, 32), bool); m[8:24, 10:20] = True
    >>> out = membrane_fill(img, m, iterations=200)
    >>> bool(np.abs(out[..., 0] - img).max() < 0.5)
    True
    """
    if mask.shape != image.shape[:2]:
        raise ContractError(f"mask must have shape {image.shape[:2]} like image, got {mask.shape}")
    if mask.all():
        raise ContractError("mask covers the whole image: no known pixel to interpolate from")
    img = image.astype(np.float32)
    if img.ndim == 2:
        img = img[..., None]
    return _membrane(img, mask.astype(bool), int(iterations))


def _membrane(img: np.ndarray, hole: np.ndarray, iterations: int) -> np.ndarray:
    h, w = hole.shape
    if not hole.any():
        return img
    known = ~hole
    if min(h, w) <= 8:
        start = np.where(hole[..., None], img[known].mean(axis=0), img)
        return _jacobi(start, hole, iterations * 4)
    sh, sw = (h + 1) // 2, (w + 1) // 2
    kf = known.astype(np.float32)
    wsum = cv2.resize(kf, (sw, sh), interpolation=cv2.INTER_AREA)
    vsum = cv2.resize(img * kf[..., None], (sw, sh), interpolation=cv2.INTER_AREA)
    if vsum.ndim == 2:
        vsum = vsum[..., None]
    small_hole = wsum < 1e-6
    small = np.where(small_hole[..., None], 0.0, vsum / np.maximum(wsum, 1e-6)[..., None]).astype(np.float32)
    coarse = _membrane(small, small_hole, iterations)
    up = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_LINEAR)
    if up.ndim == 2:
        up = up[..., None]
    start = np.where(hole[..., None], up, img)
    return _jacobi(start, hole, iterations)


def surface_fit(image: np.ndarray, mask: np.ndarray, *, width: int = 6, degree: int = 2,
                max_samples: int = 20000) -> tuple[np.ndarray, float]:
    """A per-channel polynomial surface fitted on the ring of ``mask``, and its RMS residual there.

    Parameters
    ----------
    image : (H, W, C) uint8 or float32
    mask : (H, W) bool
        The hole.
    width : int
        Ring width in pixels (:func:`ring`).
    degree : {0, 1, 2}
        Polynomial degree in x and y (2: six terms).
    max_samples : int
        Ring pixels used for the fit (an even subsample beyond that).

    Returns
    -------
    surface : (H, W, C) float32
        The fitted surface everywhere (the caller pastes it where it wants).
    rms : float
        Root mean square residual of the fit on the ring (grey levels, all channels);
        ``inf`` when the ring has fewer pixels than terms.

    Examples
    --------
    >>> y, x = np.mgrid[0:40, 0:50]
    >>> img = np.dstack([x * 2.0 + 10, y * 3.0, 0 * x + 7]).astype(np.float32)
    >>> m = np.zeros((40, 50), bool); m[10:30, 15:35] = True
    >>> surf, rms = surface_fit(img, m, degree=1)
    >>> bool(rms < 1e-3 and np.abs(surf - img).max() < 1e-2)
    True
    """
    if degree not in (0, 1, 2):
        raise ContractError(f"degree must be 0, 1 or 2, got {degree}")
    img = image.astype(np.float32)
    if img.ndim == 2:
        img = img[..., None]
    h, w = mask.shape
    r = ring(mask, width)
    ys, xs = np.nonzero(r)
    n_terms = (1, 3, 6)[degree]
    if len(ys) < 2 * n_terms:
        return np.zeros_like(img), float("inf")
    if len(ys) > max_samples:
        step = int(np.ceil(len(ys) / max_samples))
        ys, xs = ys[::step], xs[::step]
    s = float(max(h, w))

    def basis(yy, xx):
        yy, xx = yy / s - 0.5, xx / s - 0.5
        cols = [np.ones_like(xx)]
        if degree >= 1:
            cols += [xx, yy]
        if degree >= 2:
            cols += [xx * xx, xx * yy, yy * yy]
        return np.stack(cols, -1)

    a = basis(ys.astype(np.float64), xs.astype(np.float64))
    b = img[ys, xs].astype(np.float64)
    coef, *_ = np.linalg.lstsq(a, b, rcond=None)
    rms = float(np.sqrt(np.mean((a @ coef - b) ** 2)))
    gy, gx = np.mgrid[0:h, 0:w]
    surf = (basis(gy.astype(np.float64), gx.astype(np.float64)) @ coef).astype(np.float32)
    return surf, rms
