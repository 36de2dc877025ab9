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

__all__ = ["membrane_fill", "surface_fit", "surface_split", "ring"]

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
    # Only hole pixels change, and each reads its 4 neighbours: the sweeps run on the
    # hole's bounding box grown by 1 px (the image's own border where it reaches it, so
    # the replicated border is the same), not on the whole crop. Same values, bit for bit.
    ys, xs = np.nonzero(hole.any(axis=1))[0], np.nonzero(hole.any(axis=0))[0]
    if not len(ys):
        return values
    h, w = hole.shape
    y0, y1, x0, x1 = max(0, ys[0] - 1), min(h, ys[-1] + 2), max(0, xs[0] - 1), min(w, xs[-1] + 2)
    # cv2.copyTo under the mask: the same values as np.copyto(where=), 7x faster.
    out = values.copy()
    sub = np.ascontiguousarray(values[y0:y1, x0:x1])
    inside = np.ascontiguousarray(hole[y0:y1, x0:x1]).view(np.uint8)
    for _ in range(iterations):
        avg = cv2.filter2D(sub, -1, _LAPLACE, borderType=cv2.BORDER_REPLICATE)
        sub = cv2.copyTo(avg, inside, sub).reshape(sub.shape)
    out[y0:y1, x0:x1] = sub
    return out


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
    a = _basis(ys.astype(np.float64), xs.astype(np.float64), s, degree)
    b = img[ys, xs].astype(np.float64)
    coef = _lstsq(a, b)
    rms = float(np.sqrt(np.mean((a @ coef - b) ** 2)))
    gy, gx = np.mgrid[0:h, 0:w]
    surf = (_basis(gy.astype(np.float64), gx.astype(np.float64), s, degree) @ coef).astype(np.float32)
    return surf, rms


def _lstsq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Least-squares coefficients of ``a @ x ~ b`` (float64) from the normal equations.

    ``a`` has a handful of polynomial columns and thousands of rows: the ``k x k`` Gram
    matrix is solved in a fraction of the time of ``np.linalg.lstsq``'s SVD of the tall
    matrix (0.5 vs 7.7 ms at 20000 x 6), to within 1e-13 of it when the columns are
    well conditioned (coordinates scaled to [-0.5, 0.5]); otherwise (a ring on one line,
    too few distinct pixels) ``lstsq``'s minimum-norm solution.

    Examples
    --------
    >>> a = np.c_[np.ones(5), np.arange(5.0)]
    >>> np.round(_lstsq(a, 3 + 2 * np.arange(5.0)), 6).tolist()
    [3.0, 2.0]
    """
    gram = a.T @ a
    if np.linalg.cond(gram) < 1e10:
        return np.linalg.solve(gram, a.T @ b)
    return np.linalg.lstsq(a, b, rcond=None)[0]


def _basis(yy: np.ndarray, xx: np.ndarray, s: float, degree: int) -> np.ndarray:
    """Polynomial terms (1; x, y; x², xy, y²) up to ``degree`` of coordinates scaled by ``s``, (..., k)."""
    yy, xx = yy / s - 0.5, xx / s - 0.5
    cols = [np.ones_like(xx)]
    if degree >= 1:
        cols += [xx, yy]
    if degree >= 2:
        cols += [xx * xx, xx * yy, yy * yy]
    return np.stack(cols, -1)


def surface_split(image: np.ndarray, mask: np.ndarray, *, fit: float = 2.0, width: int = 6,
                  share: float = 0.4, accuracy: float = 0.97, iterations: int = 3, boundary: int = 1,
                  convex: bool = False, convex_share: float = 0.2, starts: int = 3, shapes: bool = True,
                  others: np.ndarray | None = None, max_samples: int = 5000) -> tuple[np.ndarray, np.ndarray] | None:
    """A smooth plate on part of the ring, and the part of the hole that lies on it.

    A hole on two grounds (a person inside a card frame whose plate is flat while the
    frame's rim and a photo lie beyond it; a person half on a flat banner, half on a
    photo) has a ring that no single surface fits (:func:`surface_fit` refuses it), yet
    part of it is a plate the fill should reproduce exactly. The plate's ring pixels
    (the inliers) are found by a trimmed fit: start from the ring's most common colour, keep
    the pixels within ``3 * fit`` grey levels (RGB distance / sqrt 3) of the current
    degree-2 surface, refit, ``iterations`` times. The boundary between inliers and
    the rest of the ring is then continued through the hole: a straight line (or a
    conic, ``boundary=2``) in the pixel coordinates, from a logistic regression of the
    ring's labels (on separable rings its boundary lies between the two sides, near the
    widest margin), whose sign says on which side a hole pixel lies.

    Used only where the evidence is clear: the inliers are at least ``share`` of the
    ring, fit their surface to ``fit`` grey levels RMS, and the boundary puts at least
    ``accuracy`` of the ring pixels on their own side (texture that a surface happens to
    fit in scattered pixels is not separable and is refused; so is a plate that wraps
    around another ground, which no straight boundary separates, and the hole keeps its
    usual fill).

    Parameters
    ----------
    image : (H, W, C) uint8 or float32
    mask : (H, W) bool
        The hole.
    fit : float
        RMS residual (grey levels) of the plate's surface on its inliers.
    width : int
        Ring width in pixels (:func:`ring`).
    share, accuracy : float
        Least share of the ring on the plate; least share of the ring the boundary classifies
        correctly.
    iterations : int
        Trimmed refits.
    boundary : {1, 2}
        Degree of the boundary: 1 a straight line (the default; it never closes a
        structure that enters the hole, such as a bar behind a person, which a conic
        may round off), 2 a conic.
    convex : bool
        Where no such boundary separates the ring (the plate wraps round the hole: a
        person inside a card, a round avatar, a badge, whose plate the mask cuts into
        from inside), take the plate as convex: its known pixels (within ``3 * fit``
        of its surface) that reach the ring, and their convex hull is where it runs on
        under the hole; used where the hull, too, puts at least ``accuracy`` of the
        ring pixels on their own side.
    others : (H, W) bool, optional
        Other holes in the same image (unknown pixels, not part of ``mask``): left out of
        the ring and of the plate's known pixels.
    max_samples : int
        Ring pixels used (an even subsample beyond that).

    Returns
    -------
    (surface, on_plate) or None
        ``surface`` (H, W, C) float32, the plate's fitted surface on ``on_plate`` (0
        elsewhere); ``on_plate`` (H, W) bool, the hole pixels on the plate's side of the
        boundary.
        None when the evidence is not clear.

    Examples
    --------
    >>> img = np.zeros((60, 60, 3), np.float32); img[:, :] = (90, 20, 60)
    >>> img[:, 45:] = 230                       # a rim and a bright ground on the right
    >>> m = np.zeros((60, 60), bool); m[20:50, 20:45] = True   # the hole reaches the rim
    >>> surf, on = surface_split(img, m)
    >>> bool(on[m].all() and np.abs(surf[m] - img[m]).max() < 0.5)
    True
    """
    if boundary not in (1, 2):
        raise ContractError(f"boundary must be 1 or 2, got {boundary}")
    img = image if image.ndim == 3 else image[..., None]  # read at the ring only: no whole-crop copy
    h, w = mask.shape
    # the ring on the hole's box grown by ``width`` (the same pixels as on the whole crop)
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    if not len(rows):
        return None
    y0, y1 = max(0, rows[0] - width), min(h, rows[-1] + width + 1)
    x0, x1 = max(0, cols[0] - width), min(w, cols[-1] + width + 1)
    r = ring(np.ascontiguousarray(mask[y0:y1, x0:x1]), width)
    if others is not None:
        r &= ~others[y0:y1, x0:x1]
    ys, xs = np.nonzero(r)
    ys, xs = ys + y0, xs + x0
    if len(ys) < 50:
        return None
    if len(ys) > max_samples:
        step = int(np.ceil(len(ys) / max_samples))
        ys, xs = ys[::step], xs[::step]
    s = float(max(h, w))
    a = _basis(ys.astype(np.float64), xs.astype(np.float64), s, 2)
    b = img[ys, xs].astype(np.float64)
    c = img.shape[2]
    # the start: the ring's most common colour (16-level bins), not its median, which is a
    # mix of colours where the plate is less than half of the ring
    q = np.clip(b // 16, 0, 15).astype(np.int64)
    key = np.ravel_multi_index(tuple(q[:, k] for k in range(c)), (16,) * c) if c > 1 else q[:, 0]
    counts = np.bincount(key)
    if not convex:
        found = _plate_on_ring(a, b, key == counts.argmax(), fit, share, iterations, degree_first=2)
        if found is None:
            return None
        inl, coef = found
        side = _straight_side(a, inl, mask, s, boundary, accuracy)
        if side is None:
            return None
        hy, hx = side
    else:
        # Each of the ring's most common colours in turn (a card's plate need not be the
        # most common colour of a ring that runs over its rim and the ground beyond), each
        # grown from a plane to the degree-2 surface (a gradient plate is more than one bin).
        hy = None
        blocked = mask if others is None else mask | others
        for top in np.argsort(counts)[::-1][:starts]:
            if counts[top] < 12:
                break
            found = _plate_on_ring(a, b, key == top, fit, convex_share, iterations, degree_first=1)
            if found is None:
                continue
            inl, coef = found
            # The plate's own outline first (a card, a disc: more evidence than the ring), then
            # a straight boundary through the ring, then the hull of the plate's known pixels.
            # Both shapes hold the hull of the ring's inliers: where that already holds too many
            # of the ring's other pixels, neither can pass (a cheap test first).
            inner = np.zeros((h, w), np.uint8)
            cv2.fillConvexPoly(inner, cv2.convexHull(np.stack([xs[inl], ys[inl]], -1).astype(np.int32)), 1)
            hull = shape = None
            if float(np.mean(inner[ys, xs][~inl])) * (~inl).mean() <= 1.0 - accuracy:
                hull, shape = _convex_plate(img, blocked, coef, s, fit,
                                            ys[inl], xs[inl], shapes=shapes)
            if shape is not None and float(np.mean(shape[ys, xs] == inl)) >= accuracy:
                hy, hx = np.nonzero(mask & shape)
                break
            side = _straight_side(a, inl, mask, s, boundary, accuracy) if inl.mean() >= share else None
            if side is not None:
                hy, hx = side
                break
            if hull is not None and float(np.mean(hull[ys, xs] == inl)) >= accuracy:
                hy, hx = np.nonzero(mask & hull)
                break
        if hy is None:
            return None
    if not len(hy):
        return None
    on = np.zeros_like(mask)
    on[hy, hx] = True
    surf = np.zeros(img.shape, np.float32)
    surf[hy, hx] = _basis(hy.astype(np.float64), hx.astype(np.float64), s, 2) @ coef
    return surf, on


def _straight_side(a: np.ndarray, inl: np.ndarray, mask: np.ndarray, s: float, boundary: int,
                   accuracy: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The hole's pixels on the plate's side of a boundary of degree ``boundary`` (1 a
    line, 2 a conic) fitted between the ring's plate pixels ``inl`` and the rest (``a``:
    the ring's basis rows), or None when it puts less than ``accuracy`` of the ring on
    its side."""
    ad = a[:, :(1, 3, 6)[boundary]]
    disc = _logistic(ad, inl)
    if float(np.mean((ad @ disc > 0) == inl)) < accuracy:
        return None
    hy, hx = np.nonzero(mask)
    side = _basis(hy.astype(np.float64), hx.astype(np.float64), s, boundary) @ disc > 0
    return hy[side], hx[side]


def _plate_on_ring(a: np.ndarray, b: np.ndarray, seed: np.ndarray, fit: float, share: float, iterations: int,
                   *, degree_first: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``(inliers, coef)`` of a smooth plate on the ring samples ``b`` (basis ``a``) grown from ``seed``, or None.

    Trimmed refits: the ring pixels within ``3 * fit`` grey levels of the current surface
    are refitted, ``iterations`` times (the first fit of degree ``degree_first`` on the
    seed, then degree 2); refused when the inliers are fewer than ``share`` of the ring,
    are the whole ring, or fit their surface worse than ``fit`` RMS.
    """
    c = b.shape[1]
    if degree_first == 2:
        # the start as a flat colour, the seed's mean (the split's original start)
        pred = np.broadcast_to(b[seed].mean(axis=0), b.shape)
    else:
        nt = (1, 3, 6)[degree_first]
        pred = a[:, :nt] @ _lstsq(a[seed][:, :nt], b[seed]) if seed.sum() >= 4 * nt else \
            np.broadcast_to(b[seed].mean(axis=0), b.shape)
    coef = None
    for _ in range(int(iterations)):
        inl = np.sqrt(((pred - b) ** 2).sum(-1) / c) < 3.0 * fit
        if inl.sum() < max(share * len(b), 12):
            return None
        coef = _lstsq(a[inl], b[inl])
        pred = a @ coef
    inl = np.sqrt(((pred - b) ** 2).sum(-1) / c) < 3.0 * fit
    if inl.sum() < share * len(b) or inl.all():
        return None
    if float(np.sqrt(np.mean((pred[inl] - b[inl]) ** 2))) >= fit:
        return None
    return inl, coef


def _convex_plate(img: np.ndarray, mask: np.ndarray, coef: np.ndarray, s: float, fit: float,
                  ys: np.ndarray, xs: np.ndarray, *, shapes: bool = True,
                  shape_tol: float = 0.03) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(hull, shape)``: where the plate whose known pixels reach the ring runs on, ``(H, W) bool`` each.

    ``hull`` is the convex hull of those pixels, ``shape`` the union of the hull and a
    rectangle or ellipse fitted to them (``shapes``), None where none fits or no pixel
    reaches the ring.

    The plate's known pixels are those within ``3 * fit`` grey levels of its surface
    ``coef`` (opened by a 3 x 3 square, so single pixels of texture that happen to match
    do not bridge to the plate); the connected pieces that hold a ring inlier
    (``ys, xs``) are the plate, and their convex hull is where the plate runs on under
    the hole (a card, a disc, a badge: convex shapes whose visible part bounds them).
    """
    h, w = mask.shape
    # the surface term by term on the grid (float32): a fraction of the (H, W, 6) basis' cost
    yy = (np.arange(h, dtype=np.float32) / np.float32(s) - np.float32(0.5))[:, None, None]
    xx = (np.arange(w, dtype=np.float32) / np.float32(s) - np.float32(0.5))[None, :, None]
    k = coef.astype(np.float32)
    pred = k[0] + k[1] * xx + k[2] * yy + k[3] * xx * xx + k[4] * xx * yy + k[5] * yy * yy
    c = img.shape[2]
    d = pred - img.astype(np.float32)
    near = np.einsum("ijk,ijk->ij", d, d) < c * (3.0 * fit) ** 2
    near = (near & ~mask).astype(np.uint8)
    near = cv2.morphologyEx(near, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    _, lab = cv2.connectedComponents(near, connectivity=8)
    seeds = np.unique(lab[ys, xs])
    seeds = seeds[seeds > 0]
    if not len(seeds):
        return None, None
    plate = np.isin(lab, seeds)
    pts = cv2.findNonZero(plate.view(np.uint8))
    hull = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(pts), 1)
    hull = hull > 0
    if not shapes:
        return hull, None
    # The hull stops at the chord where the hole cuts the plate's outline. A rectangle
    # (a card) or an ellipse (a disc, an avatar) that the plate's known pixels fill, and
    # that holds no other known pixel, continues the outline through the hole: the one
    # that disagrees least with the known pixels, if it does so on fewer than
    # ``shape_tol`` of the plate's pixels.
    known = ~mask
    n_plate = float(plate.sum())
    best, best_err = None, shape_tol
    cands = [cv2.boxPoints(cv2.minAreaRect(pts))]
    edge = plate & ~(cv2.dilate(mask.view(np.uint8), np.ones((5, 5), np.uint8)) > 0)
    edge[[0, -1], :] = False    # where the crop cuts the plate is no outline
    edge[:, [0, -1]] = False
    outline = cv2.findNonZero((edge & ~(cv2.erode(plate.view(np.uint8), np.ones((3, 3), np.uint8)) > 0)).view(np.uint8))
    if outline is not None and len(outline) >= 20:
        cands.append(cv2.fitEllipse(outline))
    for cand in cands:
        shape = np.zeros((h, w), np.uint8)
        if isinstance(cand, np.ndarray):
            cv2.fillConvexPoly(shape, np.rint(cand).astype(np.int32), 1)
        else:
            (cx, cy), (ax0, ax1), ang = cand
            if not (np.isfinite([cx, cy, ax0, ax1]).all() and 0 < ax0 < 4 * max(h, w) and 0 < ax1 < 4 * max(h, w)):
                continue
            cv2.ellipse(shape, ((cx, cy), (ax0, ax1), ang), 1, -1)
        sh = shape > 0
        err = float(((sh ^ plate) & known).sum()) / n_plate
        if err < best_err:
            best, best_err = sh, err
    return hull, None if best is None else hull | best


def _logistic(a: np.ndarray, y: np.ndarray, *, iterations: int = 12, l2: float = 1e-6) -> np.ndarray:
    """Weights of a logistic regression of ``y`` (bool) on the columns of ``a`` (Newton steps)."""
    t = y.astype(np.float64)
    wts = np.zeros(a.shape[1])
    reg = l2 * len(t) * np.eye(a.shape[1])
    reg[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ wts, -30, 30)))
        hess = (a * (p * (1 - p))[:, None]).T @ a + reg + 1e-9 * np.eye(a.shape[1])
        wts = wts + np.linalg.solve(hess, a.T @ (t - p) - reg @ wts)
    return wts
