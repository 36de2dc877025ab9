"""Edge refinement of a person probability map against the image (guided filter).

The person maps come from 256 x 256 (pose crops) or 256 x 144 (selfie) model outputs
upsampled to the image: their edges are smooth ramps a few pixels wide that do not
follow hair, hands or collars. The guided filter (He, Sun and Tang, "Guided Image
Filtering", ECCV 2010 / TPAMI 2013) fits the probability locally as a linear function
of the image colour, so the ramp snaps to the image's own edges, in O(pixels) time.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..contract import check_image, check_prob
from ..errors import ContractError
from ..grabcut import seeded_grab_cut
from ..masks import fill_holes
from .measures import ImageMeasures

__all__ = ["guided_filter", "fine_edge", "body_edge", "colour_cut", "frame_cut", "parted_zone", "plate_zone", "outline_zone"]


def _check_filter(image, prob, radius, eps, subsample) -> None:
    """The checks :func:`guided_filter` and :func:`fine_edge` share (ContractError naming the
    argument)."""
    check_image(image)
    check_prob(prob, "prob", like=image)
    if int(radius) < 1:
        raise ContractError(f"radius must be >= 1, got {radius}")
    if not float(eps) > 0:
        raise ContractError(f"eps must be > 0, got {eps}")
    if int(subsample) < 1:
        raise ContractError(f"subsample must be >= 1, got {subsample}")


def guided_filter(image: np.ndarray, prob: np.ndarray, *, radius: int, eps: float = 1e-3,
                  subsample: int = 1) -> np.ndarray:
    """Colour guided filter of ``prob`` with ``image`` as the guide.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
        The guide (RGB).
    prob : ndarray, shape (H, W), float32 in [0, 1]
        The map to refine.
    radius : int
        Window radius in pixels (>= 1).
    eps : float
        Regularisation (> 0; on guide values in [0, 1]): larger keeps more of ``prob``.
    subsample : int
        Fit the local linear models on a grid this many times coarser and apply them
        at full resolution (He and Sun, "Fast Guided Filter", 2015); ``subsample**2``
        times less work, edges still follow the full-resolution image (default 1).

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> img = np.zeros((20, 20, 3), np.uint8); img[:, 10:] = 255
    >>> p = np.zeros((20, 20), np.float32); p[:, 8:] = 1.0   # edge 2 px off the image's
    >>> q = guided_filter(img, p, radius=6, eps=1e-4)
    >>> bool(q[10, 9] < 0.5 < q[10, 10])
    True
    """
    import cv2

    _check_filter(image, prob, radius, eps, subsample)
    s = int(subsample)
    h, w = prob.shape
    I_full = image.astype(np.float32)
    I_full *= np.float32(1.0 / 255.0)
    if s > 1 and min(h, w) >= 4 * s:
        size = (max(1, round(w / s)), max(1, round(h / s)))
        I = cv2.resize(I_full, size, interpolation=cv2.INTER_AREA)
        p = cv2.resize(prob.astype(np.float32), size, interpolation=cv2.INTER_AREA)
        r = max(1, int(round(radius / s)))
    else:
        I, p, r, s = I_full, prob.astype(np.float32), int(radius), 1
    k = (2 * r + 1, 2 * r + 1)

    def box(x):
        return cv2.boxFilter(x, -1, k, borderType=cv2.BORDER_REFLECT)

    mI = box(I)
    mp = box(p)
    cov_Ip = box(I * p[..., None]) - mI * mp[..., None]
    # 3 x 3 covariance of the guide in each window, regularised (symmetric: 6 entries)
    e = float(eps)
    v = {}
    for i in range(3):
        for j in range(i, 3):
            v[i, j] = box(I[..., i] * I[..., j]) - mI[..., i] * mI[..., j] + (e if i == j else 0.0)
    a = _solve_sym3(v, cov_Ip)
    b = mp - (a * mI).sum(-1)
    # the two local models averaged over the windows (one 4-channel filter and, when
    # subsampled, one 4-channel resize), then applied at full resolution
    mab = box(np.dstack([a, b]))
    if s > 1:
        mab = cv2.resize(mab, (w, h), interpolation=cv2.INTER_LINEAR)
    q = mab[..., 3].copy()
    for c in range(3):
        q += mab[..., c] * I_full[..., c]
    np.maximum(q, 0.0, out=q)
    np.minimum(q, 1.0, out=q)
    return q


#: Side of :func:`fine_edge`'s tiles in pixels: only the tiles within the filter's
#: reach of the map's edge are filtered (each with a margin of that reach).
FINE_TILE = 128
#: Where :func:`fine_edge` counts the map as unsure (strictly between these): the
#: filter can only change a tile that has, within its reach, an unsure pixel or both
#: a pixel at or below the first and one at or above the second (a hard 0 / 1 edge).
FINE_UNSURE = (0.02, 0.98)
#: Side of the blocks :func:`fine_edge` looks for the edge in (a coarse, conservative
#: map of where it is: a tile near a block holding an edge pixel is filtered).
_FINE_BLOCK = 16


def fine_edge(image: np.ndarray, prob: np.ndarray, *, radius: int, eps: float = 1e-3,
              subsample: int = 2) -> np.ndarray:
    """A second, finer :func:`guided_filter` pass, only on the tiles near the map's edge.

    The coarse pass (a window of 2 % of the long side, fitted on a 4x coarser grid)
    snaps the models' halo onto the image's edges, but its windows are wider than a
    small person's limbs and its local models are fitted at a quarter of the
    resolution. A pass with a small window near full resolution (coarse to fine)
    moves the edge by the last pixel or two. Where the map is flat within the
    filter's reach (all at or below 0.02, or all at or above 0.98) the filter would
    move it by little (on VOC's, data/'s and the hard set's cached maps at most 0.0044, no
    pixel across 0.5), so only the :data:`FINE_TILE` px tiles that have, within the
    reach, an unsure pixel or both sides of a hard 0 / 1 edge (:data:`FINE_UNSURE`)
    are filtered; the rest are left as they are.

    Each tile is filtered with a margin of ``2 * radius + 2 * subsample`` pixels (two
    box filters of the coarse window and the final interpolation: the filter's whole
    reach), its crop's corners on multiples of ``subsample``, and the image padded
    at the bottom and right (edge pixels) to multiples of ``subsample``. So the tiles
    share one grid and the result is one :func:`guided_filter` pass over that padded
    image (cropped back), to float rounding, on the tiles filtered (pinned by a test at
    2x on an odd-sized image). Until the session-25 mends each tile had its own grid
    and a margin of ``2 * radius`` (up to 0.06 from one whole-image pass on VOC's
    photos at 2x), and a tile only the neighbouring tile's edge reached was not
    filtered (a step at the tile border).

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
        The guide (RGB).
    prob : ndarray, shape (H, W), float32 in [0, 1]
        The (coarsely refined) map.
    radius : int
        Window radius in pixels (>= 1).
    eps : float
        Regularisation (> 0; guide in [0, 1]).
    subsample : int
        :func:`guided_filter`'s coarse grid (>= 1; default 2).

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
        A new array; ``prob`` is untouched.

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> img = np.zeros((40, 40, 3), np.uint8); img[:, 20:] = 255
    >>> p = np.zeros((40, 40), np.float32); p[:, 20:] = 1.0; p[:, 19] = 0.7   # 1 px off
    >>> q = fine_edge(img, p, radius=3, eps=1e-3, subsample=1)
    >>> bool(q[20, 19] < 0.5 < q[20, 20])
    True
    """
    _check_filter(image, prob, radius, eps, subsample)
    out = prob.astype(np.float32, copy=True)
    lo, hi = FINE_UNSURE
    above, below = prob > lo, prob < hi
    if not (above.any() and below.any()):
        return out  # flat (all <= lo or all >= hi): nothing to move
    h, w = prob.shape
    r, s, t = int(radius), int(subsample), FINE_TILE
    pad = 2 * r + 2 * s
    # where the edge is, on a coarse block grid (summed-area tables: a tile's reach is
    # a rectangle of blocks, rounded outwards, so never a tile the edge reaches missed)
    b = _FINE_BLOCK
    by, bx = -(-h // b), -(-w // b)

    def table(m):
        g = np.zeros((by * b, bx * b), bool)
        g[:h, :w] = m
        c = np.zeros((by + 1, bx + 1), np.int32)
        c[1:, 1:] = g.reshape(by, b, bx, b).any(axis=(1, 3)).cumsum(0).cumsum(1)
        return c

    ta, tb = table(above), table(below)

    def count(c, y0, y1, x0, x1):
        return c[y1, x1] - c[y0, x1] - c[y1, x0] + c[y0, x0]

    # one grid for every tile: the image padded to multiples of the coarse grid
    H, W = -(-h // s) * s, -(-w // s) * s
    if (H, W) != (h, w):
        image = np.pad(image, ((0, H - h), (0, W - w), (0, 0)), mode="edge")
        prob = np.pad(prob, ((0, H - h), (0, W - w)), mode="edge")
    for y0 in range(0, h, t):
        y1 = min(h, y0 + t)
        ry0, ry1 = max(0, y0 - pad) // b, -(-min(h, y1 + pad) // b)
        for x0 in range(0, w, t):
            x1 = min(w, x0 + t)
            rx0, rx1 = max(0, x0 - pad) // b, -(-min(w, x1 + pad) // b)
            if not (count(ta, ry0, ry1, rx0, rx1) and count(tb, ry0, ry1, rx0, rx1)):
                continue
            Y0, X0 = max(0, y0 - pad) // s * s, max(0, x0 - pad) // s * s
            Y1, X1 = min(H, -(-(y1 + pad) // s) * s), min(W, -(-(x1 + pad) // s) * s)
            q = guided_filter(image[Y0:Y1, X0:X1], prob[Y0:Y1, X0:X1], radius=r, eps=eps, subsample=s)
            out[y0:y1, x0:x1] = q[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0]
    return out


def body_edge(image: np.ndarray, before: np.ndarray, coarse: np.ndarray, bodies: list, *, radius: int,
              scale: float = 0.1, band: float = 0.5, eps: float = 3e-4, ears: float = 2.0) -> np.ndarray:
    """The coarse edge pass again round each small person, with a window that follows
    that person's size, moving the edge only near where the coarse pass put it.

    The coarse pass (:func:`guided_filter`, a window of ``radius`` pixels: 2 % of the
    long side) is one window for every person in the frame: round a bust of a few
    percent of the frame it spans the face or the shoulders, and its local linear
    model of colour cannot follow the edge there (session 31, edge: on the look-alike
    and small-people tune halves most of the band error lies at people under 2 % of the
    frame, at strong image edges, where the map is left between 0.02 and 0.98). For
    each body of ``bodies`` whose size ``S`` (the larger of its shoulders' distance and
    ``ears`` times its ears' distance) gives ``r = round(scale * S)`` under ``radius``,
    :func:`guided_filter` runs again on ``before`` (the map the coarse pass filtered)
    over the body's box grown by ``radius``, with a window of ``max(2, r)`` pixels on a
    grid ``clip(round(r / 5), 1, 4)`` times coarser, and its output replaces
    ``coarse`` only within ``max(1, band * r)`` pixels of the coarse mask's outline
    (``coarse > 0.5``): a small window cannot see a face whose skin has the plate's
    colour as person, so far from the edge it is not trusted. Bodies are taken from
    the largest to the smallest (a smaller body's window wins where two boxes meet).
    A body without finite shoulders or ears is skipped; people as large as the
    window (``r >= radius``) keep the coarse pass.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
        The guide (RGB).
    before : ndarray, shape (H, W), float32 in [0, 1]
        The map before the coarse pass.
    coarse : ndarray, shape (H, W), float32 in [0, 1]
        The coarse pass's output.
    bodies : list of PersonCrop
        The verified bodies (landmarks and ``box`` in image pixels).
    radius : int
        The coarse pass's window radius (>= 1).
    scale : float
        The window radius per pixel of the person's size (> 0).
    band : float
        How far from the coarse outline, in window radii, the edge may move (> 0).
    eps : float
        Regularisation (> 0; guide in [0, 1]).
    ears : float
        The ears' distance's weight in the size (>= 0; 0: shoulders alone).

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
        A new array; ``before`` and ``coarse`` are untouched.

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> from creative_tools.person.pose import PersonCrop
    >>> img = np.full((80, 80, 3), 128, np.uint8)      # a grey ground
    >>> img[20:60, 20:40] = 255; img[20:60, 40:60] = 0   # a small body, white and black
    >>> before = np.zeros((80, 80), np.float32); before[19:61, 19:61] = 1.0   # 1 px out
    >>> lm = np.full((33, 2), np.nan, np.float32)
    >>> lm[11], lm[12], lm[7], lm[8] = (55, 30), (25, 30), (45, 24), (35, 24)   # size 30
    >>> c = PersonCrop(before, (0, 0, 80, 80), 1.0, lm, np.ones(33), np.ones(33))
    >>> coarse = guided_filter(img, before, radius=16, eps=3e-4, subsample=4)
    >>> bool(coarse[21, 40] < 0.5)       # the wide window bites where white meets black
    True
    >>> out = body_edge(img, before, coarse, [c], radius=16, scale=0.1)   # a 3 px window
    >>> bool(out[21, 40] > 0.5), bool(out[40, 19] < 0.5 < out[40, 20])
    (True, True)
    """
    import cv2

    check_image(image)
    before = check_prob(before, "before", like=image)
    coarse = check_prob(coarse, "coarse", like=image)
    if int(radius) < 1:
        raise ContractError(f"radius must be >= 1, got {radius}")
    for name, v in (("scale", scale), ("band", band), ("eps", eps)):
        if not float(v) > 0.0 or not np.isfinite(float(v)):
            raise ContractError(f"{name} must be a finite number > 0, got {v!r}")
    if not float(ears) >= 0.0 or not np.isfinite(float(ears)):
        raise ContractError(f"ears must be a finite number >= 0, got {ears!r}")
    out = coarse.astype(np.float32, copy=True)
    h, w = coarse.shape
    R = int(radius)
    jobs = []
    for c in bodies:
        lm = np.asarray(c.landmarks, np.float64)
        sh, ea = lm[11, :2] - lm[12, :2], lm[7, :2] - lm[8, :2]
        if not (np.isfinite(sh).all() and np.isfinite(ea).all()):
            continue
        size = max(float(np.hypot(*sh)), float(ears) * float(np.hypot(*ea)))
        r = round(float(scale) * size)
        if r < R:
            jobs.append((max(2, r), tuple(int(v) for v in c.box)))
    if not jobs:
        return out
    jobs.sort(key=lambda j: -j[0])  # the smallest window last: it wins where boxes meet
    m = (coarse > 0.5).astype(np.uint8)
    # distance of every pixel to the coarse mask's outline (inside and outside)
    dist = np.where(m > 0, cv2.distanceTransform(m, cv2.DIST_L2, 3), cv2.distanceTransform(1 - m, cv2.DIST_L2, 3))
    for r, (bx0, by0, bx1, by1) in jobs:
        s = max(1, min(4, round(r / 5)))
        y0, y1, x0, x1 = max(0, by0 - R), min(h, by1 + R), max(0, bx0 - R), min(w, bx1 + R)
        if y1 <= y0 or x1 <= x0:
            continue
        pad = 2 * r + 2 * s  # the filter's reach
        Y0, Y1, X0, X1 = max(0, y0 - pad), min(h, y1 + pad), max(0, x0 - pad), min(w, x1 + pad)
        q = guided_filter(image[Y0:Y1, X0:X1], before[Y0:Y1, X0:X1], radius=r, eps=eps, subsample=s)
        near = dist[y0:y1, x0:x1] <= max(1.0, float(band) * r)
        out[y0:y1, x0:x1][near] = q[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0][near]
    return out


def _solve_sym3(v: dict, y: np.ndarray) -> np.ndarray:
    """Solve ``V x = y`` per pixel for symmetric 3 x 3 ``V`` (entries ``v[i, j]``,
    ``i <= j``, each (h, w) float32) and ``y`` (h, w, 3), by the adjugate (He's own
    guided-filter code; a batched ``np.linalg.solve`` is several times slower)."""
    a, b, c = v[0, 0], v[0, 1], v[0, 2]
    d, e, f = v[1, 1], v[1, 2], v[2, 2]
    # adjugate of [[a, b, c], [b, d, e], [c, e, f]]
    i00, i01, i02 = d * f - e * e, c * e - b * f, b * e - c * d
    i11, i12, i22 = a * f - c * c, b * c - a * e, a * d - b * b
    det = a * i00 + b * i01 + c * i02
    y0, y1, y2 = y[..., 0], y[..., 1], y[..., 2]
    out = np.empty(y.shape, np.float32)
    out[..., 0] = (i00 * y0 + i01 * y1 + i02 * y2) / det
    out[..., 1] = (i01 * y0 + i11 * y1 + i12 * y2) / det
    out[..., 2] = (i02 * y0 + i12 * y1 + i22 * y2) / det
    return out


def _gmm_log_density(model: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Log density of colours ``x`` (N, 3) under one of OpenCV GrabCut's 5-component
    colour models (the (1, 65) array: weights, means, covariances)."""
    m = np.asarray(model, np.float64).reshape(-1)
    k = 5
    w, mu, cov = m[:k], m[k:4 * k].reshape(k, 3), m[4 * k:].reshape(k, 3, 3)
    terms = []
    for i in range(k):
        if w[i] <= 0:
            continue
        c = cov[i] + np.eye(3) * 1e-3
        d = x - mu[i]
        q = np.einsum("ni,ij,nj->n", d, np.linalg.inv(c), d)
        terms.append(np.log(w[i]) - 0.5 * (q + np.log(np.linalg.det(c)) + 3 * np.log(2 * np.pi)))
    if not terms:
        return np.full(len(x), -np.inf)
    return np.logaddexp.reduce(np.stack(terms), axis=0)


def far_from_seeds(seeds: np.ndarray, reach: float, *, seen: np.ndarray | None = None) -> np.ndarray:
    """Pixels farther from their nearest seed blob than ``reach`` x that blob's size.

    Parameters
    ----------
    seeds : ndarray, shape (H, W), bool
        Sure person pixels; each 8-connected blob is one person's (face and shoulders).
    reach : float
        In blob sizes (the longer side of the blob's box), > 0.
    seen : ndarray, shape (H, W), float, optional
        A second model's person map: pixels whose nearest blob has a mean ``seen``
        below 0.5 over its own pixels (a person that model does not see) are never far.

    Returns
    -------
    ndarray, shape (H, W), bool
        All False when there is no seed.

    Examples
    --------
    >>> s = np.zeros((40, 20), bool); s[2:6, 5:15] = True     # a blob 10 px wide
    >>> far = far_from_seeds(s, 1.0)
    >>> bool(far[14, 10]), bool(far[17, 10])
    (False, True)
    """
    import cv2

    seeds = np.asarray(seeds, bool)
    if not float(reach) > 0.0:
        raise ContractError(f"reach must be > 0, got {reach}")
    n, lab, stats, _ = cv2.connectedComponentsWithStats(seeds.astype(np.uint8), connectivity=8)
    if n <= 1:
        return np.zeros(seeds.shape, bool)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]).astype(np.float32)
    if seen is not None:
        # over the seed pixels only (the blobs' own)
        sums = np.bincount(lab[seeds], weights=np.asarray(seen, np.float64)[seeds], minlength=n)
        counts = np.bincount(lab[seeds], minlength=n)
        size[1:][sums[1:] < 0.5 * counts[1:]] = np.inf   # unseen blobs: nothing is far from them
    if n == 2:  # one blob: its size for every pixel, no labels needed (half the cost)
        return cv2.distanceTransform((~seeds).astype(np.uint8), cv2.DIST_L2, 5) > float(reach) * size[1]
    dist, near = cv2.distanceTransformWithLabels((~seeds).astype(np.uint8), cv2.DIST_L2, 5,
                                                 labelType=cv2.DIST_LABEL_PIXEL)
    # DIST_LABEL_PIXEL numbers the seed pixels 1, 2, ... in row-major order: the nearest
    # seed pixel's number -> its blob -> the blob's size
    ys, xs = np.nonzero(seeds)
    blob_of = np.zeros(len(ys) + 1, np.int32)
    blob_of[1:] = lab[ys, xs]
    return dist > float(reach) * size[blob_of[near]]


def _check_cut(image: np.ndarray, prob: np.ndarray, seeds, removed_prob: float) -> np.ndarray:
    """The checks :func:`colour_cut` and :func:`frame_cut` share: the image, the map, the
    seeds (a bool array of the map's shape, returned as an array) and ``removed_prob``."""
    check_image(image)
    check_prob(prob, "prob", like=image)
    seeds = np.asarray(seeds)
    if seeds.shape != prob.shape or seeds.dtype != bool:
        raise ContractError(f"seeds must be a bool array of shape {prob.shape}, got {seeds.dtype} {seeds.shape}")
    if not 0.0 <= float(removed_prob) < 0.5:
        raise ContractError(f"removed_prob must lie in [0, 0.5), got {removed_prob}")
    return seeds


def colour_cut(image: np.ndarray, prob: np.ndarray, seeds: np.ndarray, *, max_side: int = 128,
               iterations: int = 2, min_log_ratio: float = 4.0, pad: float = 0.15,
               removed_prob: float = 0.3, backdrop: np.ndarray | None = None,
               pieces: int = 0) -> np.ndarray:
    """Cut the parts of a person mask whose colours are the background's (GrabCut).

    The pose model completes a body it cannot see (a cut-out bust floating in a layout
    gets hips and legs over the plate) and the selfie model takes a photo card's empty
    fill for part of its person. Neither edge is near the true one, so the guided filter
    cannot move it. For each connected part of ``prob > 0.5`` that holds a seed, GrabCut
    (Rother, Kolmogorov and Blake, SIGGRAPH 2004) is run on the part's padded box at
    most ``max_side`` pixels: sure background where ``prob < 0.1``, sure person on the
    seeds, the rest probable. What it takes out of the part is taken out only when its
    colours are clearly the background's: the median log ratio of GrabCut's own
    background and person colour models over the removed pixels is at least
    ``min_log_ratio``. On real photos (VOC) the removals GrabCut proposes have median
    ratios of 2.6 or less (clothes against a cluttered room: not separable) and are
    refused; a bust's made-up body over a plate or a card's fill scores 10-30.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
    prob : ndarray, shape (H, W), float32 in [0, 1]
    seeds : ndarray, shape (H, W), bool
        Sure person pixels (face and shoulder landmarks of verified people).
    max_side : int
        GrabCut's working size (longer side of a part's box, >= 16).
    iterations : int
        GrabCut iterations (>= 1).
    min_log_ratio : float
        Removal test, natural log (default 4: the background 55 times likelier).
    pad : float
        The part's box grows by this fraction of its longer side (the background ring).
    removed_prob : float
        Probability given to removed pixels (below 0.5; the guided filter that follows
        keeps a soft edge).
    backdrop : ndarray, shape (H, W), bool, optional
        Pixels where no body is expected (beside a verified person's head, above the
        shoulders: :func:`~creative_tools.person.mediapipe.head_backdrop`). Those of the
        mask, seeds excepted, start GrabCut as *sure* background, so their colours enter
        the background model: an avatar's or a card's fill behind the head, which the
        plate outside never shows, can then be cut. GrabCut cannot take them back; the
        removal test alone does, for all of them at once in a part: what GrabCut chose
        and the imposed backdrop are each removed only when their colours (median log
        ratio) are clearly the background's, so a backdrop that is mostly hair or a hat
        stays person, one that is half fill and half hair goes or stays whole. Meant for a
        second pass on a first pass's output: only the parts the backdrop reaches are cut.
    pieces : int
        When > 0 and what GrabCut chose to take out fails the removal test as a
        whole, each of its 8-connected pieces (at the working size) of at least
        ``pieces`` pixels and not within 2 pixels of a seed (the face's and
        shoulders' own clothes or hair) is tested on its own (default 0: the whole
        only). A made-up body over the plate on one side of a person and a chair or a
        tray GrabCut doubts on the other are two removals: tested together, the
        doubtful one's low ratios hold back the clear one. A removal that passes as a
        whole goes whole, as without ``pieces``; the backdrop is tested as a whole.

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
        A new map, never above ``prob``.

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> img = np.full((80, 80, 3), (40, 160, 40), np.uint8)          # green plate
    >>> img[10:40, 30:50] = (200, 60, 60)                             # a red "bust"
    >>> p = np.zeros((80, 80), np.float32); p[10:70, 30:50] = 1.0     # its made-up body
    >>> s = np.zeros((80, 80), bool); s[15:30, 35:45] = True
    >>> q = colour_cut(img, p, s)
    >>> bool(q[25, 40] == 1.0), bool(q[60, 40] < 0.5)
    (True, True)
    """
    import cv2

    seeds = _check_cut(image, prob, seeds, removed_prob)
    if int(max_side) < 16:
        raise ContractError(f"max_side must be >= 16, got {max_side}")
    if int(iterations) < 1:
        raise ContractError(f"iterations must be >= 1, got {iterations}")
    if isinstance(pieces, bool) or not isinstance(pieces, numbers.Integral) or pieces < 0:
        raise ContractError(f"pieces must be an integer >= 0 (pixels; 0 = off), got {pieces!r}")
    min_piece = int(pieces)  # ``n`` is the parts' count below
    if backdrop is not None:
        backdrop = np.asarray(backdrop)
        if backdrop.shape != prob.shape or backdrop.dtype != bool:
            raise ContractError(f"backdrop must be a bool array of shape {prob.shape}, "
                                f"got {backdrop.dtype} {backdrop.shape}")
    h, w = prob.shape
    out = prob.astype(np.float32, copy=True)
    fg = prob > 0.5
    rows, cols = np.flatnonzero(fg.any(1)), np.flatnonzero(fg.any(0))
    if not len(rows):
        return out
    # the parts found on the mask's own box, each then handled in its padded box: the
    # same parts and pixels as on the whole frame (each part reads ``prob`` only and
    # lowers ``out`` by a minimum, so their order does not matter), at the cost of the
    # people's area rather than the frame's
    by, bx = int(rows[0]), int(cols[0])
    n, labels, stats, _ = cv2.connectedComponentsWithStats(
        fg[by:rows[-1] + 1, bx:cols[-1] + 1].astype(np.uint8), connectivity=8)
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area < 64:
            continue
        p = int(pad * max(bw, bh)) + 2
        x, y = x + bx, y + by
        x0, y0, x1, y1 = max(0, x - p), max(0, y - p), min(w, x + bw + p), min(h, y + bh + p)
        part = np.zeros((y1 - y0, x1 - x0), bool)  # the part, in its padded box
        part[y - y0:y - y0 + bh, x - x0:x - x0 + bw] = labels[y - by:y - by + bh, x - bx:x - bx + bw] == i
        part_seeds = seeds[y0:y1, x0:x1] & part
        if not part_seeds.any():
            continue
        s = min(1.0, float(max_side) / max(x1 - x0, y1 - y0))
        size = (max(8, int(round((x1 - x0) * s))), max(8, int(round((y1 - y0) * s))))
        im = cv2.resize(image[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA)
        pr = cv2.resize(prob[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA)
        near = cv2.INTER_NEAREST
        sd = cv2.resize(part_seeds.astype(np.uint8), size, interpolation=near) > 0
        sub_part = cv2.resize(part.astype(np.uint8), size, interpolation=near) > 0
        g = np.full(pr.shape, cv2.GC_PR_BGD, np.uint8)
        g[pr > 0.5] = cv2.GC_PR_FGD
        g[pr < 0.1] = cv2.GC_BGD
        if backdrop is not None:  # sure background, inside the part too
            imposed = (cv2.resize(backdrop[y0:y1, x0:x1].astype(np.uint8), size, interpolation=near) > 0) & ~sd
            g[imposed] = cv2.GC_BGD
            imposed &= sub_part
            if not imposed.any():
                continue  # a second pass: a part the backdrop does not reach was cut already
        else:
            imposed = np.zeros(pr.shape, bool)
        g[sd] = cv2.GC_FGD
        if np.count_nonzero(g == cv2.GC_BGD) < 20 or not sd.any():
            continue  # no background to learn from (a part filling its box)
        bg_model, fg_model = np.zeros((1, 65)), np.zeros((1, 65))
        # (seeded: the cut does not depend on what ran before it, and the caller's
        # OpenCV random state is left alone)
        seeded_grab_cut(im, g, bg_model, fg_model, int(iterations))
        person = (g == cv2.GC_FGD) | (g == cv2.GC_PR_FGD)
        # what GrabCut chose to take out, and the backdrop it was told to, each taken
        # out only when its colours are clearly the background's
        cut_any = False

        def clear(removed, at=(slice(None), slice(None))):  # the removal test: its colours
            colours = im[at][removed].astype(np.float64)    # clearly the background's
            ratio = np.median(_gmm_log_density(bg_model, colours)
                              - _gmm_log_density(fg_model, colours))
            return float(ratio) >= float(min_log_ratio)

        chosen = sub_part & ~person & ~imposed
        for removed in (chosen, imposed):
            if not removed.any():
                continue
            if clear(removed):
                cut_any = True
                continue
            if min_piece and removed is chosen:
                # refused as a whole: each connected piece tested on its own (pieces
                # under ``pieces`` pixels of the working size stay person: specks)
                k, lab, st, _ = cv2.connectedComponentsWithStats(
                    removed.astype(np.uint8), connectivity=8)
                # a piece against the face and shoulders (2 px) is their clothes or hair
                ring = cv2.dilate(sd.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
                # by label: True stays person (specks, pieces by the seeds, those
                # refused); only the big ones are tested, each on its own box
                stays = np.ones(k, bool)
                stays[0] = False
                if k > 2:
                    big = st[:, cv2.CC_STAT_AREA] >= min_piece
                    big[0] = False
                    big[lab[ring]] = False
                    for j in np.flatnonzero(big):
                        px, py, pw, ph = (int(v) for v in st[j, :4])
                        at = (slice(py, py + ph), slice(px, px + pw))
                        if clear(lab[at] == j, at):
                            cut_any = True
                            stays[j] = False
                person |= stays[lab]
                continue
            person |= removed
        if not cut_any:
            continue
        keep = cv2.resize(person.astype(np.float32), (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR) >= 0.5
        cut = part & ~keep
        sub = out[y0:y1, x0:x1]
        sub[cut] = np.minimum(sub[cut], float(removed_prob))
    return out


def frame_cut(image: np.ndarray, prob: np.ndarray, seeds: np.ndarray, *, min_part: float = 0.05,
              solidity: float = 0.9, plate: float = 0.25, max_side: int | None = 256,
              low: float = 50.0, high: float = 100.0, removed_prob: float = 0.0,
              plate_frames: bool = False) -> np.ndarray:
    """Cut what a person mask takes outside the frame its person is pasted in.

    A bust pasted into a frame (an avatar's disc, a photo card) ends at the frame's
    outline, but the pose and selfie models complete the body they cannot see: the
    shoulders go on over the plate below the frame, as one piece with the person, and
    the plate there can have the suit's colours (a dark sky, a red saucer), so the
    colour cut keeps it. The frame's outline is a closed image edge round the face and
    shoulders. Here the edges near the mask (Canny on each colour channel, in the
    mask's box grown by half its size) are closed into regions (their holes filled,
    thin lines opened away); a region that holds 90 % of a person's seed blob and is
    convex (area over its hull's at least ``solidity``: a disc, a card, or the bust's
    own outline closed by the frame's rim; a real room's tangle of edges is not) is
    that person's frame, if at least ``plate`` of it is not person mask: a frame is a
    plate the person sits in, so it holds the plate beside and above the head, while a
    person's own outline closed by an edge across the body (a belt, a sign held at the
    chest, a rounder head outline) is all mask. Each piece of the mask outside every
    frame (grown by 2 working pixels: the rim), in a part of the mask that holds a
    framed person, that holds no seed and at least ``min_part`` of the mask is taken
    out. The edges and regions are found at a working size (the crop's longer side at
    most ``max_side``), so Canny's thresholds and the 5-pixel kernels mean the same on
    a creative and on its upscaled copy. On the 4 VOC photos no region passes (no mask
    changes); that is all the real photos measured. A pop-out ad (a limb crossing the
    card's edge on purpose, no seed on it) loses the limb: a known limit.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
    prob : ndarray, shape (H, W), float32 in [0, 1]
    seeds : ndarray, shape (H, W), bool
        Sure person pixels (face and shoulder landmarks of verified people); each
        8-connected blob is one person's.
    min_part : float
        The smallest piece taken out, as a share of the mask's pixels (in (0, 1]).
    solidity : float
        The least area over convex hull area of a frame (in (0, 1]).
    plate : float
        The least share of a frame that is not person mask (in [0, 1); 0: any region).
        Session 22, chosen on the tune halves: the frames that cut there hold 0.35-0.80
        plate, the reviewer's three people whose own outline closed across the body
        (legs, 41 % of a mask, everything below a sign were cut) 0.02; look-alike tune
        with 0.15 and 0.25 alike (0.9156 without ``max_side``), 0.25 kept as the
        farther from a mask that misses a person's rim. The bust's own outline closed
        by the frame's rim alone is no frame now (one tune creative, 0.561 -> 0.360).
    max_side : int or None
        The working size: the crop's longer side at most this (>= 32; None: the
        creative's pixels, as before session 22's mends). Look-alike tune by value:
        None 0.9156, 192 0.9137, 256 0.9161, 320 0.9105, 384 0.9106, 512 0.9106
        (creatives found or not, one by one: the choice is coarse).
    low, high : float
        Canny's hysteresis thresholds on 0-255 channel values (0 < low <= high).
    removed_prob : float
        Probability given to the removed pixels (in [0, 0.5)).
    plate_frames : bool
        Also find an avatar's disc by its plate (default False: the edge regions alone,
        as before session 26). The edge regions are the holes the edges close, so a disc
        whose rim touches other edges (a cup's rim behind it) is filled together with
        them and fails ``solidity``: at session 25's defaults the made-up bodies below a
        frame are the largest share of the look-alike tune draws' 1 - IoU (0.164 of
        ``person_frames``' 0.275; made-up parts 0.042 of the whole set's 0.089) and the
        edge regions mend two of that family's creatives. With this, the plate round a
        person's head is the pieces of the crop between the edges (grown by one working
        pixel) and off the mask that a ring 2 - 3 working pixels outside the person's
        part of the mask, above the seed blob's lowest row, meets, each with at least
        10 % of the ring's pixels between edges (a texture's small cells are no plate)
        and none reaching the crop's border (a backdrop runs on out of it); the disc is
        the smallest circle round the plate's outer rim (edge pixels beside the plate
        and 3 or more working pixels from the mask), taken as a frame when the plate
        (grown by its rim) and the mask fill at least ``solidity`` of it (a card's circle
        reaches past its corners). What is cut is as for an edge region. Session 26, at
        today's defaults with ``frame_cut=0.05``: look-alike tune 0.9191 -> 0.9207 (one
        creative 0.581 -> 0.707), every other set unchanged (hard, VOC, look-alike
        held-out, tiny, ``data/``; no picture without people changes).

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
        A new map, never above ``prob``.

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> img = np.full((120, 80, 3), 40, np.uint8)
    >>> img[20:60, 20:60] = 200; img[30:58, 32:48] = 40      # a card, a dark bust in it
    >>> img[58:60, 20:60] = 250                                # the card's rim
    >>> p = np.zeros((120, 80), np.float32); p[30:100, 32:48] = 1.0   # the body goes on
    >>> s = np.zeros((120, 80), bool); s[34:40, 35:45] = True
    >>> q = frame_cut(img, p, s)
    >>> bool(q[45, 40] == 1.0), bool(q[80, 40] == 0.0)
    (True, True)
    """
    import cv2

    seeds = _check_cut(image, prob, seeds, removed_prob)
    if not 0.0 < float(min_part) <= 1.0:
        raise ContractError(f"min_part must lie in (0, 1], got {min_part}")
    if not 0.0 < float(solidity) <= 1.0:
        raise ContractError(f"solidity must lie in (0, 1], got {solidity}")
    if not 0.0 < float(low) <= float(high):
        raise ContractError(f"low and high must satisfy 0 < low <= high, got {low} and {high}")
    if not 0.0 <= float(plate) < 1.0:
        raise ContractError(f"plate must lie in [0, 1), got {plate}")
    if max_side is not None and (isinstance(max_side, bool) or int(max_side) != max_side or int(max_side) < 32):
        raise ContractError(f"max_side must be None or an integer >= 32, got {max_side!r}")
    if not isinstance(plate_frames, (bool, np.bool_)):
        raise ContractError(f"plate_frames must be a bool, got {plate_frames!r}")
    out = prob.astype(np.float32, copy=True)
    fg = prob > 0.5
    rows, cols = np.flatnonzero(fg.any(1)), np.flatnonzero(fg.any(0))
    if not len(rows) or not (fg & seeds).any():
        return out
    h, w = prob.shape
    # the mask's box grown by half its size: a frame reaches above the head and
    # beside the shoulders, where the mask is not
    pad = max(2, int(round(0.5 * max(rows[-1] - rows[0], cols[-1] - cols[0]))))
    y0, y1 = max(0, rows[0] - pad), min(h, rows[-1] + 1 + pad)
    x0, x1 = max(0, cols[0] - pad), min(w, cols[-1] + 1 + pad)
    sub = np.ascontiguousarray(image[y0:y1, x0:x1])
    m = fg[y0:y1, x0:x1]
    s = seeds[y0:y1, x0:x1]
    area = float(m.sum())
    # the edges and regions at a working size (the crop's longer side at most
    # ``max_side``): Canny's thresholds and the 5-pixel kernels below then mean the
    # same on a creative and on its upscaled copy (soft edges, JPEG noise)
    ch, cw = sub.shape[:2]
    scale = 1.0 if max_side is None else min(1.0, float(max_side) / max(ch, cw))
    work = sub if scale >= 1.0 else cv2.resize(
        sub, (max(1, int(round(cw * scale))), max(1, int(round(ch * scale)))), interpolation=cv2.INTER_AREA)
    edges = np.zeros(work.shape[:2], np.uint8)
    for c in range(3):
        edges |= cv2.Canny(np.ascontiguousarray(work[..., c]), float(low), float(high))
    closed = fill_holes(edges > 0)
    # lines a few pixels wide (a lattice, a rule touching the frame) are no region
    closed = cv2.morphologyEx(closed.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    nr, rlab_w = cv2.connectedComponents(closed, connectivity=4)
    # the crop's pixel -> the working pixel it lies in (nearest)
    iy = np.minimum((np.arange(ch) * (rlab_w.shape[0] / ch)).astype(np.intp), rlab_w.shape[0] - 1)
    ix = np.minimum((np.arange(cw) * (rlab_w.shape[1] / cw)).astype(np.intp), rlab_w.shape[1] - 1)
    rlab = rlab_w[np.ix_(iy, ix)] if scale < 1.0 else rlab_w
    nb, blab = cv2.connectedComponents(s.astype(np.uint8), connectivity=8)
    chosen = np.zeros(max(nr, 1), bool)
    framed = np.zeros(m.shape, bool)  # seed blobs that have a frame
    for b in range(1, nb):
        blob = blab == b
        inside = np.bincount(rlab[blob], minlength=nr)
        r = int(np.argmax(inside[1:])) + 1 if nr > 1 else 0
        if r == 0 or inside[r] < 0.9 * blob.sum():
            continue  # the person pokes out of it: not their frame
        region = rlab == r
        contours, _ = cv2.findContours(region.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.contourArea(cv2.convexHull(np.concatenate(contours)))
        if hull <= 0 or region.sum() < float(solidity) * hull:
            continue
        # a frame is a plate the person sits in: part of it is not the person (the
        # plate beside and above the head); a person's own outline closed by an edge
        # across the body (a belt, a held sign) is all mask
        if float((region & ~m).sum()) < float(plate) * float(region.sum()):
            continue
        chosen[r] = True
        framed |= blob
    found = None
    if plate_frames:
        found = _plate_frames(edges, m, blab, nb, solidity=float(solidity), framed=framed)
    if not chosen.any() and found is None:
        return out
    frames = chosen[rlab_w]
    if found is not None:
        frames |= found
    # only the mask's parts that hold a framed person: a made-up body is one piece
    # with its bust; another person (the selfie map's alone, no seed) is not cut
    _, mlab = cv2.connectedComponents(m.astype(np.uint8), connectivity=8)
    held = np.zeros(int(mlab.max()) + 1, bool)
    held[np.unique(mlab[framed & m])] = True
    held[0] = False
    # the frame's own outline (a rim a few pixels wide) counts as inside
    frames = cv2.dilate(frames.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if scale < 1.0:
        frames = frames[np.ix_(iy, ix)]
    outside = m & ~frames & held[mlab]
    n, lab, stats, _ = cv2.connectedComponentsWithStats(outside.astype(np.uint8), connectivity=8)
    cut = stats[:, cv2.CC_STAT_AREA] >= float(min_part) * area
    cut[0] = False
    cut[np.unique(lab[outside & s])] = False
    if not cut.any():
        return out
    drop = cut[lab]
    view = out[y0:y1, x0:x1]
    view[drop] = np.minimum(view[drop], float(removed_prob))
    return out


def _plate_frames(edges: np.ndarray, m: np.ndarray, blab: np.ndarray, nb: int, *, solidity: float,
                  framed: np.ndarray) -> np.ndarray | None:
    """:func:`frame_cut`'s disc frames found by their plate (``plate_frames``), at the
    working size: ``(h, w) bool`` or None when none; ``framed`` (the crop's size) gets the
    seed blobs that have one, in place.

    ``edges`` is the working size's edge map (uint8, 0 / 255), ``m`` the mask and
    ``blab`` the seed blobs' labels (``nb`` of them, 0 the rest) at the crop's size.
    """
    import cv2

    hw, ww = edges.shape
    # the working pixel -> a crop pixel (its middle, nearest): the mask and blobs there
    ch, cw = m.shape
    yy = np.minimum(((np.arange(hw) + 0.5) * ch / hw).astype(np.intp), ch - 1)
    xx = np.minimum(((np.arange(ww) + 0.5) * cw / ww).astype(np.intp), cw - 1)
    mw = m[np.ix_(yy, xx)]
    bw = blab[np.ix_(yy, xx)]
    k3, k7 = np.ones((3, 3), np.uint8), np.ones((7, 7), np.uint8)
    rim = cv2.dilate(edges, k3) > 0
    # between the edges (grown by one pixel: a rim's one-pixel gaps closed) and off the mask
    free = ~rim & ~mw
    nf, flab = cv2.connectedComponents(free.astype(np.uint8), connectivity=4)
    # a piece that reaches the crop's border runs on out of it: no frame's plate
    open_ = np.zeros(nf, bool)
    open_[np.unique(np.concatenate([flab[0], flab[-1], flab[:, 0], flab[:, -1]]))] = True
    open_[0] = True
    _, mlab = cv2.connectedComponents(mw.astype(np.uint8), connectivity=8)
    near_mask = cv2.dilate(mw.astype(np.uint8), k7) > 0
    yg, xg = np.mgrid[:hw, :ww]
    out = np.zeros((hw, ww), bool)
    for b in range(1, nb):
        blob = bw == b
        if not (blob & mw).any():
            continue
        rows = np.flatnonzero(blob.any(1))
        # the ring round the head and shoulders, 2 - 3 working pixels outside the mask's
        # part that holds the person, above the blob's lowest row; its pixels on an edge
        # (the person's own outline, a rim close to the head) say nothing either way
        part = np.isin(mlab, np.unique(mlab[blob & mw])).astype(np.uint8)
        ring = (cv2.dilate(part, k7) > 0) & ~(cv2.dilate(part, k3) > 0)
        ring[rows[-1] + 1:] = False
        labels = flab[ring]
        labels = labels[labels > 0]
        counts = np.bincount(labels, minlength=nf)
        counts[open_] = 0
        # a frame's plate is a big piece (two where a head reaching the disc's top
        # parts it); a texture's many small cells between its edges are none
        counts[counts < 0.1 * labels.size] = 0
        if not counts.any():
            continue  # the head is not set in an enclosed plate
        pl = np.isin(flab, np.flatnonzero(counts))
        # the plate's outer rim: edge pixels beside the plate and away from the mask
        outer = rim & (cv2.dilate(pl.astype(np.uint8), k3) > 0) & ~near_mask
        pts = np.argwhere(outer)[:, ::-1].astype(np.float32)
        if len(pts) < 12:
            continue
        # an avatar's disc: the circle round the rim (an arc of half a turn or more
        # gives its own circle) is filled by the plate (grown by its rim) and the mask;
        # a card's circle reaches past its corners onto the plate outside it
        (cx, cy), r = cv2.minEnclosingCircle(pts)
        disc = np.hypot(xg - cx, yg - cy) <= r
        area = float(disc.sum())
        if area <= 0 or float((disc & ((cv2.dilate(pl.astype(np.uint8), k7) > 0) | mw)).sum()) < solidity * area:
            continue
        out |= disc
        framed |= blab == b
    return out if out.any() else None



def _measures_of(image: np.ndarray, measures: ImageMeasures | None) -> ImageMeasures:
    """``measures`` once checked to be ``image``'s, or a new :class:`ImageMeasures` of
    ``image`` when None (a zone called alone)."""
    if measures is None:
        return ImageMeasures(image)
    if not isinstance(measures, ImageMeasures):
        raise ContractError(f"measures must be None or an ImageMeasures, got {type(measures).__name__}")
    measures.check(image)
    return measures


def _torso(c) -> tuple | None:
    """A body's shoulders' middle, its unit axis from there to the hips' middle, the torso's
    length and the shoulders' width (image pixels); None where the torso (under 8 px), the
    shoulders (under 4 px) or the box are too small to measure."""
    p = np.asarray(c.landmarks, np.float64)
    sh, hips = (p[11] + p[12]) / 2, (p[23] + p[24]) / 2
    down = hips - sh
    n = float(np.linalg.norm(down))
    sw = float(np.linalg.norm(p[11] - p[12]))
    x0, y0, x1, y1 = c.box
    if n < 8.0 or sw < 4.0 or x1 <= x0 or y1 <= y0:
        return None
    return sh, down / n, n, sw


def occluder_zone(image: np.ndarray, prob: np.ndarray, bodies: list, *, start: float = 0.25, stop: float = 2.5,
                  step: float = 0.05, band: float = 0.2, reach: float = 0.5, same: float = 12.0,
                  differ: float = 25.0, share: float = 0.8, min_count: int = 20,
                  measures: ImageMeasures | None = None) -> np.ndarray:
    """Where something in front of a body hides it: the pixels of the mask past a line
    across the body whose colour is the occluder's, not the body's.

    The pose and selfie models complete a body they cannot see, over a table in front of
    it or the plate below the frame a bust is pasted in, and the selfie map agrees with
    them (session 26). The image says where the body ends: past some line across it
    (perpendicular to the shoulders-to-hips axis), the mask's pixels look like the pixels
    beside the mask on *both* sides past that line (the occluder goes on across the body)
    and unlike the mask's pixels just before it (the clothes). For each body (its own pose
    mask ``> 0.5``), the first such line from ``start`` to ``stop`` torso lengths past the
    shoulders' middle, in ``step`` s, is taken when, in the band of ``band`` torso lengths
    on each side of it (CIELAB medians): the body's pixels past it are within ``same`` of
    the pixels beside the mask's chord on the left and on the right (within ``reach``
    shoulder widths), at least ``differ`` from the body's pixels before it, and at least
    ``share`` of them are nearer the beside colours than the before colour. The zone is
    then every pixel of the mask or the body's own mask past that line in its box that
    is nearer the beside colours than the before colour, off every other body's own mask.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
    prob : ndarray, shape (H, W), float32
        The person map (the mask is ``prob > 0.5``).
    bodies : list of PersonCrop
        The verified bodies (landmarks in image pixels, their own pose maps).
    start, stop, step, band : float
        The lines searched and the bands beside them, in torso lengths.
    reach : float
        How far beside the mask the occluder is read, in shoulder widths.
    same, differ : float
        CIELAB distances (OpenCV's 8-bit scale).
    share : float
        In [0, 1]: the least share of the body's pixels past the line that must look
        like the occluder.
    min_count : int
        Each band's least pixel count (past, before, left, right).
    measures : ImageMeasures or None
        The image's shared measures (:class:`~creative_tools.person.measures.ImageMeasures`
        of ``image``: grey, Canny edges, CIELAB, the bodies' own masks), made once per
        image by the caller and handed to every zone; None makes them here.

    Returns
    -------
    ndarray, shape (H, W), bool
        True where the mask is an occluder (the caller cuts it).

    Raises
    ------
    ContractError
        For an image or map of the wrong shape or type.

    Examples
    --------
    >>> from creative_tools.person.pose import PersonCrop
    >>> img = np.full((100, 60, 3), 200, np.uint8); img[10:60, 20:40] = 30   # a dark suit on grey
    >>> lm = np.zeros((33, 2), np.float32); lm[11], lm[12] = (38, 20), (22, 20); lm[23], lm[24] = (36, 60), (24, 60)
    >>> own = np.zeros((100, 60), np.float32); own[10:90, 20:40] = 1.0          # a body made up below y = 60
    >>> c = PersonCrop(own, (0, 0, 60, 100), 1.0, lm, np.ones(33, np.float32), np.ones(33, np.float32))
    >>> z = occluder_zone(img, own.copy(), [c])
    >>> bool(z[70:90, 20:40].all()), bool(z[:60].any())
    (True, False)
    """
    image = check_image(image)
    prob = check_prob(prob, "prob", like=image)
    h, w = prob.shape
    zone = np.zeros((h, w), bool)
    if not bodies:
        return zone
    measures = _measures_of(image, measures)
    mask = prob > 0.5
    owns, count = measures.own_masks(bodies)
    for i, c in enumerate(bodies):
        axis = _torso(c)
        if axis is None:
            continue
        sh, down, n, sw = axis
        x0, y0, x1, y1 = c.box
        yy, xx = np.mgrid[y0:y1, x0:x1]
        along = ((xx - sh[0]) * down[0] + (yy - sh[1]) * down[1]) / n
        side = (xx - sh[0]) * -down[1] + (yy - sh[1]) * down[0]
        ob, mb, lb = owns[i][y0:y1, x0:x1], mask[y0:y1, x0:x1], measures.lab(y0, y1, x0, x1)
        for t in np.arange(start, stop + 1e-9, step):
            after = (along > t) & (along <= t + band)
            before = (along > t - band) & (along <= t)
            past, pre = after & ob, before & ob
            if past.sum() < min_count or pre.sum() < min_count:
                continue
            s_in = side[past]
            beside = after & ~mb & (side >= s_in.min() - reach * sw) & (side <= s_in.max() + reach * sw)
            left, right = beside & (side < s_in.min()), beside & (side > s_in.max())
            if left.sum() < min_count or right.sum() < min_count:
                continue
            ci, cp = np.median(lb[past], 0), np.median(lb[pre], 0)
            cl, cr = np.median(lb[left], 0), np.median(lb[right], 0)
            if not (max(np.linalg.norm(ci - cl), np.linalg.norm(ci - cr)) < same
                    and np.linalg.norm(ci - cp) > differ):
                continue
            px = lb[past]
            near = np.minimum(np.linalg.norm(px - cl, axis=1), np.linalg.norm(px - cr, axis=1))
            if (near < np.linalg.norm(px - cp, axis=1)).mean() < share:
                continue
            near = np.minimum(np.linalg.norm(lb - cl, axis=2), np.linalg.norm(lb - cr, axis=2))
            cut = (along > t) & (mb | ob) & (near <= np.linalg.norm(lb - cp, axis=2))
            cut &= count[y0:y1, x0:x1] - ob == 0  # (another body's own mask stays)
            zone[y0:y1, x0:x1] |= cut
            break
    return zone


def parted_zone(image: np.ndarray, prob: np.ndarray, bodies: list, *, low: int = 50, high: int = 150,
                past: float = 0.5, reach_c: float = 0.1, least: float = 0.03, same: float = 15.0,
                differ: float = 25.0, share: float = 0.8, reach: float = 0.5, ground: bool = True,
                work: int | None = None, measures: ImageMeasures | None = None) -> np.ndarray:
    """Where the image's own edges part a made-up piece of a body from its shoulders: the
    pieces of the mask, past the chest, that look like what lies beside the mask there.

    The pose and selfie models complete a body below the frame a bust is pasted in or
    over a table in front of it (session 26); the frame's rim or the table's edge is an
    image edge the made-up piece lies beyond. For each body, the body's mask (the map
    ``> 0.5`` or its own pose mask, in its box) is split by the Canny edges of the image
    (``low`` / ``high``, grown by one pixel) into 4-connected pieces; the piece holding
    most of the shoulders' band (-0.1 to 0.3 torso lengths past the shoulders' middle,
    within half a shoulder width of the axis) is the body's. Another piece is cut when it
    holds at least ``least`` of the body's own mask (and 200 pixels), its median lies
    ``past`` torso lengths or more past the shoulders, it lies within ``reach_c``
    shoulder widths of the shoulders' piece (an edge apart, not a blob elsewhere in the
    box), it reaches the mask's outline, and in CIELAB (medians) it is within ``same``
    of the pixels beside the mask on its left or on its right (within ``reach`` shoulder
    widths, at its rows: +-0.2 torso lengths round its median) and more than ``differ``
    from the shoulders' piece just before it (0.25 torso lengths up to its first row),
    with ``share`` of its pixels nearer the beside colours than the clothes. With
    ``ground``, the ground must also change at the parting edge on such a side: what lies
    beside the mask just above the piece (0.25 torso lengths up to its first row) is more
    than ``same`` from what lies beside the piece (a frame's rim or a table's edge changes
    the ground; a hem or a belt on a plain ground, white jeans on a white studio, does
    not). One side suffices, unlike :func:`occluder_zone`: the edge already says where
    the body ends. Only the mask is cut, and never another body's own mask.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
    prob : ndarray, shape (H, W), float32
        The person map (the mask is ``prob > 0.5``).
    bodies : list of PersonCrop
        The verified bodies (landmarks in image pixels, their own pose maps).
    low, high : int
        Canny's thresholds on the grey image.
    past : float
        The least torso lengths past the shoulders of a cut piece's median.
    reach_c : float
        How near the shoulders' piece a cut piece lies, in shoulder widths.
    least : float
        A cut piece's least size, as a share of the body's own mask.
    same, differ : float
        CIELAB distances (OpenCV's 8-bit scale).
    share : float
        In [0, 1]: the least share of the piece's pixels nearer the beside colours.
    reach : float
        How far beside the mask the beside colours are read, in shoulder widths.
    ground : bool
        Require the ground beside the mask to change at the parting edge (session 29's
        review; ``False`` is the rule as first merged).
    work : int or None
        If set (>= 64), an image whose long side is larger is read at that long side
        (area-resized image, map and bodies) and the zone is scaled back to the mask,
        so Canny's fixed thresholds see the same edges at every size; ``None`` (the
        default) reads it at full resolution. Opt-in, measured in session 29 (pmends).
    measures : ImageMeasures or None
        The image's shared measures (:class:`~creative_tools.person.measures.ImageMeasures`
        of ``image``: grey, Canny edges, CIELAB, the bodies' own masks), made once per
        image by the caller and handed to every zone; None makes them here (the
        smaller image of ``work`` always makes its own).

    Returns
    -------
    ndarray, shape (H, W), bool
        True where the mask is a parted, made-up piece (the caller cuts it).

    Raises
    ------
    ContractError
        For an image or map of the wrong shape or type.

    Examples
    --------
    >>> from creative_tools.person.pose import PersonCrop
    >>> img = np.full((300, 200, 3), 200, np.uint8); img[:150] = (90, 140, 220)  # a sky, a grey plate
    >>> img[30:150, 50:150] = 30                                                 # a dark bust
    >>> img[150:152, 10:190] = 120                                               # a frame's lower rim
    >>> lm = np.zeros((33, 2), np.float32); lm[11], lm[12] = (145, 60), (55, 60); lm[23], lm[24] = (140, 180), (60, 180)
    >>> own = np.zeros((300, 200), np.float32); own[30:280, 50:150] = 1.0      # a body made up below the rim
    >>> c = PersonCrop(own, (0, 0, 200, 300), 1.0, lm, np.ones(33, np.float32), np.ones(33, np.float32))
    >>> z = parted_zone(img, own.copy(), [c])
    >>> bool(z[160:275, 55:145].all()), bool(z[:148].any())
    (True, False)
    """
    import cv2

    image = check_image(image)
    prob = check_prob(prob, "prob", like=image)
    h, w = prob.shape
    zone = np.zeros((h, w), bool)
    if work is not None and (isinstance(work, bool) or not isinstance(work, numbers.Integral) or work < 64):
        raise ContractError(f"work must be None or an int >= 64, got {work!r}")
    if not bodies:
        return zone
    measures = _measures_of(image, measures)
    mask = prob > 0.5
    if work is not None and max(h, w) > work:
        import dataclasses

        f = work / max(h, w)
        sw_, sh_ = max(1, round(w * f)), max(1, round(h * f))
        small = []
        for c in bodies:
            x0, y0, x1, y1 = c.box
            b = (int(x0 * f), int(y0 * f), max(int(x0 * f) + 1, round(x1 * f)), max(int(y0 * f) + 1, round(y1 * f)))
            own = np.clip(cv2.resize(np.ascontiguousarray(c.prob, np.float32), (b[2] - b[0], b[3] - b[1]),
                                     interpolation=cv2.INTER_AREA), 0.0, 1.0)
            small.append(dataclasses.replace(c, prob=own, box=b,
                                             landmarks=((np.asarray(c.landmarks, np.float32) + 0.5) * f - 0.5)))
        z = parted_zone(cv2.resize(image, (sw_, sh_), interpolation=cv2.INTER_AREA),
                        np.clip(cv2.resize(prob, (sw_, sh_), interpolation=cv2.INTER_AREA), 0.0, 1.0), small,
                        low=low, high=high,
                        past=past, reach_c=reach_c, least=least, same=same, differ=differ, share=share,
                        reach=reach, ground=ground)
        return (cv2.resize(z.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0) & mask
    owns, count = measures.own_masks(bodies)
    grow = np.ones((3, 3), np.uint8)
    for i, c in enumerate(bodies):
        axis = _torso(c)
        if axis is None:
            continue
        sh, down, n, sw = axis
        x0, y0, x1, y1 = c.box
        edges = measures.edges(low, high)
        ob = owns[i][y0:y1, x0:x1]
        body = mask[y0:y1, x0:x1] | ob
        region = body & ~edges[y0:y1, x0:x1]
        _, pieces, stats, _ = cv2.connectedComponentsWithStats(region.astype(np.uint8), connectivity=4)
        big = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] >= max(200, least * ob.sum()))
        if not big.any():  # (no piece but the background is large enough)
            continue
        # the shoulders' band (-0.1 to 0.3 torso lengths past the shoulders' middle, within
        # half a shoulder width of the axis), read in its own box (2 px more: the same pixels)
        ends = [sh + a * n * down + s * np.array([-down[1], down[0]]) for a in (-0.1, 0.3) for s in (-0.5 * sw, 0.5 * sw)]
        bx0, by0 = np.floor(np.min(ends, 0)).astype(int) - 2
        bx1, by1 = np.ceil(np.max(ends, 0)).astype(int) + 3
        bx0, by0, bx1, by1 = max(bx0, x0), max(by0, y0), min(bx1, x1), min(by1, y1)
        if bx0 >= bx1 or by0 >= by1:
            continue
        yy, xx = np.ogrid[by0:by1, bx0:bx1]
        along = ((xx - sh[0]) * down[0] + (yy - sh[1]) * down[1]) / n
        side = (xx - sh[0]) * -down[1] + (yy - sh[1]) * down[0]
        box = np.s_[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0]
        seed = pieces[box][region[box] & ob[box] & (along > -0.1) & (along < 0.3) & (np.abs(side) < 0.5 * sw)]
        if seed.size == 0:
            continue
        ids, counts = np.unique(seed, return_counts=True)
        top = ids[np.argmax(counts)]
        big = big[(big != 0) & (big != top)]
        if big.size == 0:
            continue
        yy, xx = np.ogrid[y0:y1, x0:x1]
        along = ((xx - sh[0]) * down[0] + (yy - sh[1]) * down[1]) / n
        side = (xx - sh[0]) * -down[1] + (yy - sh[1]) * down[0]
        mine = pieces == top
        to_mine = rim = None  # (once a piece lies far enough past the shoulders)
        for r in big:
            piece = pieces == r
            a = along[piece]
            mid = float(np.median(a))
            if mid < past:
                continue
            if to_mine is None:
                to_mine = cv2.distanceTransform((~mine).astype(np.uint8), cv2.DIST_L2, 3)
                # the body's outline, off the frame's border (a body cut by the border is no cue)
                rim = body & (cv2.dilate((~body).astype(np.uint8), grow) > 0)
                rim &= (yy > 0) & (yy < h - 1) & (xx > 0) & (xx < w - 1)
            if to_mine[piece].min() > max(3.0, reach_c * sw) or not (piece & rim).any():
                continue
            before = mine & (along > a.min() - 0.25) & (along <= a.min() + 0.05)
            if before.sum() < 20:
                continue
            s = side[piece]
            level = (along >= mid - 0.2) & (along <= mid + 0.2) & ~body
            sides = [(side < s.min()) & (side >= s.min() - reach * sw),
                     (side > s.max()) & (side <= s.max() + reach * sw)]
            lb = measures.lab(y0, y1, x0, x1)
            outs = [np.median(lb[level & b], 0) if (level & b).sum() >= 20 else None for b in sides]
            if all(o is None for o in outs):
                continue
            ci, cp = np.median(lb[piece], 0), np.median(lb[before], 0)
            like = [o is not None and np.linalg.norm(ci - o) < same for o in outs]
            if ground:
                # the ground beside the mask must change at the parting edge: on a side whose
                # colour the piece has, what lies beside the mask just above the piece differs
                # from what lies beside the piece (a frame's rim or a table's edge changes it;
                # a hem or a belt on a plain ground, white jeans on a white studio, does not)
                above = (along >= a.min() - 0.25) & (along < a.min()) & ~body
                like = [k and (above & b).sum() >= 20 and np.linalg.norm(o - np.median(lb[above & b], 0)) > same
                        for k, o, b in zip(like, outs, sides)]
            if not any(like) or np.linalg.norm(ci - cp) <= differ:
                continue
            px = lb[piece]
            near = np.min([np.linalg.norm(px - o, axis=1) for o in outs if o is not None], 0)
            if (near < np.linalg.norm(px - cp, axis=1)).mean() < share:
                continue
            # only the mask (the piece may hold the body's own pose mask under a low map);
            # another body's own mask stays
            zone[y0:y1, x0:x1] |= piece & mask[y0:y1, x0:x1] & (count[y0:y1, x0:x1] - ob == 0)
    return zone


def _framed_face(c, mask: np.ndarray) -> tuple | None:
    """A body's landmarks, face width ``f`` (the ears' distance) and nose pixel ``(nx, ny)``
    as :func:`plate_zone` and :func:`outline_zone` measure a framed bust, or None where the
    face cannot be measured: a nose, ear or shoulder not finite, ears under 6 px apart, the
    nose off the image or off the mask."""
    h, w = mask.shape
    p = np.asarray(c.landmarks, np.float64)
    if not np.isfinite(p[[0, 7, 8, 11, 12], :2]).all():
        return None
    f = float(np.linalg.norm(p[7, :2] - p[8, :2]))
    nx, ny = int(np.rint(p[0, 0])), int(np.rint(p[0, 1]))
    if f < 6.0 or not (0 <= nx < w and 0 <= ny < h) or not mask[ny, nx]:
        return None
    return p, f, nx, ny


def _squares(planes: list, med: np.ndarray) -> np.ndarray:
    """The squared distance of each pixel of three channel planes (float32) from ``med``:
    ``np.linalg.norm(x - med, axis=-1) ** 2`` before its root, summed in the same order
    (channel 0, 1, 2) to the same bits."""
    d = planes[0] - med[0]
    s = d * d
    for j in (1, 2):
        d = planes[j] - med[j]
        s += d * d
    return s


def _bins(ang: np.ndarray) -> int:
    """How many of the 36 10-degree bins round the nose the angles ``ang`` (degrees, in
    [-180, 180]) fall in (``len(np.unique((ang + 180) // 10))``)."""
    seen = np.zeros(37, bool)
    seen[((ang + 180.0) // 10.0).astype(int)] = True
    return int(seen.sum())


def _face_pieces(bodies: list, lab: np.ndarray) -> set:
    """The labels of ``lab`` within one pixel of any body's nose or eyes (landmarks 0-6):
    the people's own pieces, never a plate."""
    h, w = lab.shape
    faces = set()
    for b in bodies:
        for x, y in np.asarray(b.landmarks, np.float64)[:7, :2]:
            if not (np.isfinite(x) and np.isfinite(y)):
                continue
            xi, yi = int(np.rint(x)), int(np.rint(y))
            if 0 <= xi < w and 0 <= yi < h:
                faces.update(np.unique(lab[max(0, yi - 1):yi + 2, max(0, xi - 1):xi + 2]).tolist())
    return faces


def plate_zone(image: np.ndarray, prob: np.ndarray, bodies: list, *, low: int = 50, high: int = 150,
               solidity: float = 0.95, cover: float = 270.0, same: float = 12.0, uniform: float = 0.8,
               differ: float = 25.0, least: float = 0.5, reach: float = 3.0, clothes: bool = True,
               shape: float = 0.9, measures: ImageMeasures | None = None) -> np.ndarray:
    """Where a framed bust's mask has swallowed the plate of its frame: the flat plate
    round the head inside a mask piece that is the frame's own convex outline.

    A bust pasted in an avatar's disc or a card is sometimes taken whole, plate and all,
    by the pose and selfie models; the ground beside the mask then does not change at
    the frame's rim (the rim is the mask's outline), so :func:`parted_zone` keeps it.
    What says the plate is not the person: the mask's piece holding the face is the
    frame itself, a convex outline (its area at least ``solidity`` of its convex hull's)
    of a frame's shape (it fills ``shape`` of its smallest enclosing circle, a disc, or of
    its smallest turned rectangle, a card; a person's own outline, head on shoulders,
    fills neither), and
    inside it the pieces the image's Canny edges (``low`` / ``high`` on grey, grown by one
    pixel) part from the person are of one flat colour that wraps the head and lies
    against the frame. For each body
    whose ears lie 6 pixels or more apart (the face's width ``f``), the mask's piece
    holding the nose must be convex, touch no border of the image and end within
    ``reach`` ``f`` below the nose (a frame is drawn inside the creative round a head
    and shoulders; a bust the border cuts or a body running on is no frame). In a window
    of 5 ``f`` round the nose, the edge-parted pieces of that piece that hold neither
    the nose nor an eye of any body, that are flat (``uniform`` of their CIELAB pixels
    within ``same`` of their median) and unlike the face (their median more than
    ``differ`` from the face's, 5 x 5 at the nose) and, with ``clothes``, unlike the
    clothes between the shoulders (a hood of the clothes' colour wraps the head too)
    are grouped by colour (medians within
    ``same``); a group seen from the nose over at least ``cover`` degrees (in 10-degree
    bins: a plate surrounds the head but for the body below it; a shirt or a suit lies
    below the face), holding at least ``least`` ``f``² pixels and reaching the frame's
    rim (within 4 pixels of the piece's outline: a plate lies against its frame; flat
    hair round a face inside it does not) is the plate. Of it only the pixels within
    2 ``same`` of its colour are cut (a piece the grey edges did not part from the plate,
    a helmet of its grey level, keeps its own colour). Only the mask is cut, and never
    another body's own pose mask. A body whose nose, ears or shoulders are not finite
    is skipped.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
    prob : ndarray, shape (H, W), float32
        The person map (the mask is ``prob > 0.5``).
    bodies : list of PersonCrop
        The verified bodies (landmarks in image pixels, their own pose maps).
    low, high : int
        Canny's thresholds on the grey image, ``0 <= low <= high``.
    solidity : float
        In (0, 1]: the least area over convex hull area of the mask's piece holding the
        nose (the frame).
    cover : float
        In (0, 360]: the least angle, in degrees, the plate spans round the nose.
    same : float
        CIELAB distance (OpenCV's 8-bit scale) within which a pixel is of the piece's
        colour and two pieces are of one colour.
    uniform : float
        In (0, 1]: the least share of a piece's pixels within ``same`` of its median.
    differ : float
        The least CIELAB distance of the plate's colour from the face's.
    least : float
        The plate's least size, in squared face widths.
    reach : float
        How far below the nose, in face widths, the frame's piece may run.
    shape : float
        In [0, 1]: the least share of its smallest enclosing circle or of its smallest
        turned rectangle the frame's piece fills.
    clothes : bool
        Also keep a piece of the colour of the clothes between the shoulders (5 x 5 at
        the shoulders' middle); False is the rule without it (the tests' counter-example).
    measures : ImageMeasures or None
        The image's shared measures (:class:`~creative_tools.person.measures.ImageMeasures`
        of ``image``: grey, Canny edges, CIELAB, the bodies' own masks), made once per
        image by the caller and handed to every zone; None makes them here.

    Returns
    -------
    ndarray, shape (H, W), bool
        True where the mask is a swallowed plate (the caller cuts it).

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> from creative_tools.person.pose import PersonCrop
    >>> img = np.full((200, 200, 3), (200, 120, 60), np.uint8)     # an orange ground
    >>> yy, xx = np.mgrid[:200, :200]
    >>> disc = np.hypot(yy - 100, xx - 100) <= 60
    >>> img[disc] = (40, 90, 220)                                  # a blue plate
    >>> head = np.hypot(yy - 85, xx - 100) <= 18
    >>> body = disc & (yy >= 110) & (np.abs(xx - 100) <= 35)
    >>> img[head] = (230, 190, 160); img[body] = (30, 30, 30)      # a face, a dark suit
    >>> lm = np.zeros((33, 2)); lm[:] = (100, 150)
    >>> lm[0] = (100, 88); lm[1:7] = (100, 80); lm[7], lm[8] = (85, 82), (115, 82)
    >>> c = PersonCrop(disc.astype(np.float32), (0, 0, 200, 200), 1.0, lm, np.ones(33), np.ones(33))
    >>> z = plate_zone(img, disc.astype(np.float32), [c])
    >>> bool(z[50, 100]), bool(z[100, 55]), bool(z[85, 100]), bool(z[140, 100]), bool(z[10, 10])
    (True, True, False, False, False)

    Known limit: a flat-colour bust whose own outline is a disc's or a card's (inside the
    creative, within 3 face widths below the nose) loses a flat hood or hair of another
    colour than the clothes wrapping its face.
    """
    import cv2

    image = check_image(image)
    prob = check_prob(prob, "prob", like=image)
    for name, v, lo, hi in (("solidity", solidity, 0.0, 1.0), ("cover", cover, 0.0, 360.0),
                            ("uniform", uniform, 0.0, 1.0)):
        if not lo < float(v) <= hi:
            raise ContractError(f"{name} must lie in ({lo:g}, {hi:g}], got {v!r}")
    for name, v in (("same", same), ("differ", differ), ("least", least), ("reach", reach)):
        if not float(v) >= 0.0:
            raise ContractError(f"{name} must be >= 0, got {v!r}")
    if not 0.0 <= float(shape) <= 1.0:
        raise ContractError(f"shape must lie in [0, 1], got {shape!r}")
    if not 0 <= float(low) <= float(high):
        raise ContractError(f"low and high must hold 0 <= low <= high, got low={low!r}, high={high!r}")
    h, w = prob.shape
    zone = np.zeros((h, w), bool)
    mask = prob > 0.5
    if not bodies or not mask.any():
        return zone
    measures = _measures_of(image, measures)
    owns, count = measures.own_masks(bodies)
    parts = lab = None  # (only when a face can be measured)
    for i, c in enumerate(bodies):
        measured = _framed_face(c, mask)
        if measured is None:
            continue
        p, f, nx, ny = measured
        if parts is None:
            parts = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)[1]
        part = parts == parts[ny, nx]
        # a frame is drawn inside the creative, round the face: a piece the image's
        # border cuts, or one running on more than ``reach`` face widths below the nose
        # (a body, not a head-and-shoulders frame), is no frame
        rows = np.flatnonzero(part.any(1))
        cols = np.flatnonzero(part.any(0))
        if rows[0] == 0 or cols[0] == 0 or rows[-1] == h - 1 or cols[-1] == w - 1 or rows[-1] - p[0, 1] > reach * f:
            continue
        # the frame: the mask's piece holding the face is convex (a disc, a card)
        cs, _ = cv2.findContours(part.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.contourArea(cv2.convexHull(np.concatenate(cs)))
        if hull <= 0 or float(part.sum()) < float(solidity) * hull:
            continue
        # and its outline is a frame's: it fills the smallest circle (a disc) or the
        # smallest turned rectangle (a card) round it; a head on shoulders fills neither
        pts = np.concatenate(cs)
        (_, _), radius = cv2.minEnclosingCircle(pts)
        (_, _), (rw, rh), _ = cv2.minAreaRect(pts)
        if float(part.sum()) < float(shape) * min(np.pi * radius * radius, rw * rh):
            continue
        if lab is None:
            edges = measures.edges(low, high)
            lab = cv2.connectedComponents((mask & ~edges).astype(np.uint8), connectivity=4)[1]
            faces = _face_pieces(bodies, lab)  # the pieces that hold a nose or an eye of any body are the people's
        r = int(np.ceil(5.0 * f))
        x0, y0, x1, y1 = max(0, nx - r), max(0, ny - r), min(w, nx + r + 1), min(h, ny + r + 1)
        sub = np.where(part[y0:y1, x0:x1], lab[y0:y1, x0:x1], 0)
        sl = measures.lab(y0, y1, x0, x1)
        face = np.median(measures.lab(ny - 2, ny + 3, nx - 2, nx + 3).reshape(-1, 3), 0)
        # the clothes, between the shoulders: a hood or a collar of the clothes' colour
        # wraps the head too (a small disc's rim can run past the shoulders' landmarks)
        wear = [face]
        if clothes:
            for q in ((p[11, :2] + p[12, :2]) / 2.0,):
                qx, qy = int(np.rint(q[0])), int(np.rint(q[1]))
                if 0 <= qx < w and 0 <= qy < h:
                    wear.append(np.median(measures.lab(qy - 2, qy + 3, qx - 2, qx + 3).reshape(-1, 3), 0))
        cand = []
        sizes = np.bincount(sub.ravel())
        for k in np.unique(sub[sub > 0]):
            if int(k) in faces or sizes[k] < 0.05 * f * f:  # (a speckle's pixels are not gathered)
                continue
            col = sl[sub == k]
            med = np.median(col, 0)
            if np.mean(np.linalg.norm(col - med, axis=1) < same) < uniform or min(
                    np.linalg.norm(med - q) for q in wear) <= differ:
                continue
            cand.append((int(k), med))
        if not cand:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1]
        ang = np.degrees(np.arctan2(yy - p[0, 1], xx - p[0, 0]))
        others = count[y0:y1, x0:x1] > owns[i][y0:y1, x0:x1]  # another body's own mask
        used: set = set()
        inner = None
        for k, med in cand:
            if k in used:
                continue
            group = [j for j, m2 in cand if j not in used and np.linalg.norm(m2 - med) < same]
            g = np.isin(sub, group)
            if g.sum() < float(least) * f * f:
                continue
            if len(np.unique(((ang[g] + 180.0) // 10.0).astype(int))) * 10.0 < float(cover):
                continue
            # a plate lies against its frame: the group reaches the piece's rim (within the
            # grown edge's 2 px and 2 px more); flat hair wrapping a face inside it does not
            if inner is None:
                inner = cv2.erode(part.astype(np.uint8), np.ones((9, 9), np.uint8), borderValue=0)[y0:y1, x0:x1] > 0
            if not (g & ~inner).any():
                continue
            used.update(group)
            # only the plate's colour goes: a piece the grey edges did not part from the
            # plate (a helmet of its grey level, a forehead where the edges break at a
            # larger scale) keeps its pixels of another colour
            near = np.linalg.norm(sl - med, axis=2) < 2.0 * float(same)
            zone[y0:y1, x0:x1] |= g & ~others & near
    return zone


def _plate_frame(g: np.ndarray, mask: np.ndarray, nose: tuple, win: tuple, shape: tuple, *, fill: float,
                 rim_in: float, rim_out: float, gap: float, side: float) -> tuple | None:
    """The frame a plate ``g`` (bool, in the window ``win`` = (y0, x0)) lies in: its smallest
    enclosing circle (a disc) or its smallest turned rectangle (a card), whichever passes
    every test and is filled best, as ``(shape, S)`` with ``S`` bool in the window; None
    where neither passes. See :func:`outline_zone` for the tests."""
    import cv2

    y0, x0 = win
    h, w = shape
    gh, gw = g.shape
    # the hull of a set of pixels is the hull of each row's first and last one (the same
    # hull from far fewer points: the plate's every pixel made this its dearest step)
    rows = np.flatnonzero(g.any(1))
    first = np.argmax(g[rows], 1)
    last = gw - 1 - np.argmax(g[rows, ::-1], 1)
    pts = np.concatenate([np.stack([first, rows], 1), np.stack([last, rows], 1)])
    hull = cv2.convexHull(pts.astype(np.float32))
    yy, xx = np.ogrid[:gh, :gw]
    (cx, cy), rad = cv2.minEnclosingCircle(hull)
    rect = cv2.minAreaRect(hull)
    corners = cv2.boxPoints(rect)
    card = np.zeros((gh, gw), np.uint8)
    cv2.fillConvexPoly(card, np.rint(corners).astype(np.int32), 1)
    k3, k7 = np.ones((3, 3), np.uint8), np.ones((7, 7), np.uint8)
    g1 = cv2.dilate(g.astype(np.uint8), k3) > 0
    g3 = cv2.dilate(g.astype(np.uint8), k7) > 0
    best = None
    for name, lo, hi in (("disc", (cx - rad, cy - rad), (cx + rad, cy + rad)),
                         ("card", corners.min(0), corners.max(0))):
        # inside the creative (a frame is drawn in it), inside the window, round the nose
        if (lo[0] + x0 < 1 or lo[1] + y0 < 1 or hi[0] + x0 > w - 2 or hi[1] + y0 > h - 2
                or lo[0] < 1 or lo[1] < 1 or hi[0] > gw - 2 or hi[1] > gh - 2):
            continue
        if name == "disc":
            # only round the circle's box (2 px more: off it every distance is over rad + 1)
            S = np.zeros((gh, gw), bool)
            by0, by1 = max(0, int(np.floor(cy - rad)) - 2), min(gh, int(np.ceil(cy + rad)) + 3)
            bx0, bx1 = max(0, int(np.floor(cx - rad)) - 2), min(gw, int(np.ceil(cx + rad)) + 3)
            S[by0:by1, bx0:bx1] = np.hypot(xx[:, bx0:bx1] - cx, yy[by0:by1] - cy) <= rad
        else:
            S = card > 0
        if not S[nose[1], nose[0]]:
            continue
        area = float(S.sum())
        # the plate (grown by its rim) and the mask fill the shape
        share = float((S & (g3 | mask)).sum()) / area if area else 0.0
        if share < fill:
            continue
        Su = S.astype(np.uint8)
        inner = S & ~(cv2.erode(Su, k7, borderValue=0) > 0) & ~mask
        outer = (cv2.dilate(Su, np.ones((9, 9), np.uint8)) > 0) & ~(cv2.dilate(Su, k3) > 0) & ~mask
        # the plate runs along the shape's outline inside it and stops there
        if (float((inner & g1).sum()) < rim_in * max(1.0, float(inner.sum()))
                or float((outer & g).sum()) > rim_out * max(1.0, float(outer.sum()))):
            continue
        # ... all round it: no arc of a disc over ``gap`` degrees and no side of a card
        # without it (where it is missing the fit guesses the outline)
        rp = np.argwhere(inner & g1).astype(np.float64)
        if not len(rp):
            continue
        if name == "disc":
            a = np.sort(np.degrees(np.arctan2(rp[:, 0] - cy, rp[:, 1] - cx)))
            if float(np.max(np.diff(np.concatenate([a, a[:1] + 360.0])))) > gap:
                continue
        else:
            ok = True
            for j in range(4):
                pa, pb = corners[j], corners[(j + 1) % 4]
                dv = pb - pa
                ln = float(np.hypot(dv[0], dv[1])) + 1e-9
                off = np.abs((rp[:, 1] - pa[0]) * dv[1] - (rp[:, 0] - pa[1]) * dv[0]) / ln
                if float((off <= 4.0).sum()) < side * ln:
                    ok = False
                    break
            if not ok:
                continue
        if best is None or share > best[0]:
            best = (share, name, S)
    return None if best is None else best[1:]


def outline_zone(image: np.ndarray, prob: np.ndarray, bodies: list, *, low: int = 50, high: int = 150,
                 near: float = 4.0, same: float = 12.0, tol: float = 2.0, differ: float = 25.0,
                 cover: float = 180.0, fill: float = 0.9, rim_in: float = 0.8, rim_out: float = 0.2,
                 gap: float = 170.0, side: float = 0.1, seen: float = 0.8, margin: int = 2,
                 seeds: int = 3, measures: ImageMeasures | None = None) -> np.ndarray:
    """Where a framed bust's mask runs on past its frame: the mask beyond the frame's
    outline, which the image draws across the body.

    A bust pasted in an avatar's disc or a card is completed by the pose and selfie
    models into a body below the frame, over whatever lies there (a saucer, a launch
    tower); the ground beside the mask need not change at the frame's rim, so
    :func:`parted_zone` keeps it. What says the body ends at the frame: a plate round
    the head fixes the frame's outline (a circle or a card), and the image's own edges
    follow that outline across the body, i.e. the frame is in front of whatever the mask
    holds beyond it. A person standing before a halo disc, or one whose head pops out
    of a card, shows no edge along the outline across the body and keeps it.

    For each body whose ears lie 6 pixels or more apart (the face's width ``f``) and
    whose nose is in the mask: the pieces the grey image's Canny edges (``low`` /
    ``high``, grown by one pixel) part, that touch the mask (within 3 pixels) within
    1.5 ``f`` of the nose, hold no nose or eye of any body and whose colour next to the
    head (CIELAB median) is more than ``differ`` from the face's and the clothes' (5 x 5
    at the nose and between the shoulders) seed a plate, nearest first, at most
    ``seeds`` colours: the plate is every pixel off the edges within ``near`` ``f`` of
    the nose within ``tol`` ``same`` of the seed's colour (a plate the edges do not close
    off the ground still ends at its colour). A plate seen from the nose over ``cover``
    degrees or more (10-degree bins) gives two frames, its smallest enclosing circle and
    its smallest turned rectangle; a frame is kept if it lies inside the creative round
    the nose, the plate (grown by 3 pixels) and the mask fill ``fill`` of it, the plate
    holds ``rim_in`` of the frame's inner band (3 pixels, off the mask) and at most
    ``rim_out`` of the band just outside it, and it reaches the outline all round (no arc
    of a disc over ``gap`` degrees without it, on every side of a card at least ``side``
    of the side's length). Where the frame's outline crosses the mask (at least 0.5 ``f``
    pixels), ``seen`` of it must lie within 2 pixels of a Canny edge running along the
    outline (its gradient within 37 degrees of the outline's normal). Then the mask
    beyond the frame (grown by ``margin``) that is the body's own pose mask, or that the
    edges leave joined to the crossing (within ``margin`` + 4 pixels of it), grown by 2
    pixels inside the mask beyond the frame, is cut, never on another body's own pose
    mask. A body whose nose, ears or shoulders are not finite is skipped.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
    prob : ndarray, shape (H, W), float32
        The person map (the mask is ``prob > 0.5``).
    bodies : list of PersonCrop
        The verified bodies (landmarks in image pixels, their own pose maps).
    low, high : int
        Canny's thresholds on the grey image, ``0 <= low <= high``.
    near : float
        How far from the nose, in face widths, the plate is looked for (> 0).
    same, tol : float
        CIELAB distance (OpenCV's 8-bit scale): two seeds within ``same`` are one colour;
        the plate is within ``tol * same`` of its seed's (both > 0).
    differ : float
        The least CIELAB distance of a seed from the face and the clothes (>= 0).
    cover : float
        In (0, 360]: the least angle, in degrees, the plate spans round the nose.
    fill, rim_in : float
        In (0, 1]: the least share of the frame the plate and the mask fill, and of its
        inner band the plate holds.
    rim_out : float
        In [0, 1]: the most of the band outside the frame the plate may hold.
    gap : float
        In (0, 360]: the widest arc of a disc's outline, in degrees, the plate may leave.
    side : float
        In [0, 1]: the least share of each side of a card the plate must run along.
    seen : float
        In (0, 1]: the least share of the outline across the mask that the image's edges
        draw.
    margin : int
        Pixels (>= 0) the frame is grown by before the mask beyond it is cut (its rim).
    seeds : int
        How many seed colours are tried per body (>= 1).
    measures : ImageMeasures or None
        The image's shared measures (:class:`~creative_tools.person.measures.ImageMeasures`
        of ``image``: grey, Canny edges, CIELAB, the bodies' own masks), made once per
        image by the caller and handed to every zone; None makes them here.

    Returns
    -------
    ndarray, shape (H, W), bool
        True where the mask runs on past a framed bust's outline (the caller cuts it).

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> from creative_tools.person.pose import PersonCrop
    >>> img = np.full((240, 200, 3), (200, 60, 40), np.uint8)       # a red saucer
    >>> yy, xx = np.mgrid[:240, :200]
    >>> disc = np.hypot(yy - 80, xx - 100) <= 50
    >>> img[disc] = (40, 150, 170)                                  # a teal plate
    >>> head = np.hypot(yy - 70, xx - 100) <= 16
    >>> suit = disc & (yy >= 92) & (np.abs(xx - 100) <= 30)
    >>> img[head] = (230, 190, 160); img[suit] = (30, 30, 60)       # a face, a dark suit
    >>> m = head | suit | ((yy >= 92) & (yy < 220) & (np.abs(xx - 100) <= 30))
    >>> lm = np.zeros((33, 2)); lm[:] = (100, 180)
    >>> lm[0] = (100, 72); lm[1:7] = (100, 66); lm[7], lm[8] = (86, 68), (114, 68)
    >>> lm[11], lm[12] = (125, 105), (75, 105)
    >>> c = PersonCrop(m.astype(np.float32), (0, 0, 200, 240), 1.0, lm, np.ones(33), np.ones(33))
    >>> z = outline_zone(img, m.astype(np.float32), [c])
    >>> bool(z[180, 100]), bool(z[120, 100]), bool(z[70, 100])
    (True, False, False)
    """
    import cv2

    image = check_image(image)
    prob = check_prob(prob, "prob", like=image)
    for name, v, lo, hi in (("cover", cover, 0.0, 360.0), ("fill", fill, 0.0, 1.0), ("rim_in", rim_in, 0.0, 1.0),
                            ("gap", gap, 0.0, 360.0), ("seen", seen, 0.0, 1.0)):
        if not lo < float(v) <= hi:
            raise ContractError(f"{name} must lie in ({lo:g}, {hi:g}], got {v!r}")
    for name, v in (("rim_out", rim_out), ("side", side)):
        if not 0.0 <= float(v) <= 1.0:
            raise ContractError(f"{name} must lie in [0, 1], got {v!r}")
    for name, v in (("near", near), ("same", same), ("tol", tol)):
        if not float(v) > 0.0:
            raise ContractError(f"{name} must be > 0, got {v!r}")
    if not float(differ) >= 0.0:
        raise ContractError(f"differ must be >= 0, got {differ!r}")
    if not (isinstance(margin, numbers.Integral) and margin >= 0):
        raise ContractError(f"margin must be an int >= 0, got {margin!r}")
    if not (isinstance(seeds, numbers.Integral) and seeds >= 1):
        raise ContractError(f"seeds must be an int >= 1, got {seeds!r}")
    if not 0 <= float(low) <= float(high):
        raise ContractError(f"low and high must hold 0 <= low <= high, got low={low!r}, high={high!r}")
    h, w = prob.shape
    zone = np.zeros((h, w), bool)
    mask = prob > 0.5
    if not bodies or not mask.any():
        return zone
    measures = _measures_of(image, measures)
    owns, count = measures.own_masks(bodies)
    lab = faces = None  # (only when a face can be measured)
    for i, c in enumerate(bodies):
        measured = _framed_face(c, mask)
        if measured is None:
            continue
        p, f, nx, ny = measured
        if lab is None:
            edge, edges = measures.canny(low, high), measures.edges(low, high)
            lab = cv2.connectedComponents((~edges).astype(np.uint8), connectivity=4)[1]
            faces = _face_pieces(bodies, lab)  # the pieces that hold a nose or an eye of any body are the people's
        face = np.median(measures.lab(ny - 2, ny + 3, nx - 2, nx + 3).reshape(-1, 3), 0)
        q = (p[11, :2] + p[12, :2]) / 2.0
        qx, qy = int(np.clip(np.rint(q[0]), 0, w - 1)), int(np.clip(np.rint(q[1]), 0, h - 1))
        wear = (face, np.median(measures.lab(qy - 2, qy + 3, qx - 2, qx + 3).reshape(-1, 3), 0))
        # the window: the plate within ``near`` f, its frame within twice that
        r = int(np.ceil(2.0 * float(near) * f)) + 8
        x0, y0, x1, y1 = max(0, nx - r), max(0, ny - r), min(w, nx + r + 1), min(h, ny + r + 1)
        sub, sl, mw = lab[y0:y1, x0:x1], measures.lab(y0, y1, x0, x1), mask[y0:y1, x0:x1]
        # the plate's box (``near`` f round the nose) inside the window
        nr = int(np.ceil(float(near) * f)) + 1
        py0, px0 = max(0, ny - nr) - y0, max(0, nx - nr) - x0
        py1, px1 = min(h, ny + nr + 1) - y0, min(w, nx + nr + 1) - x0
        yy, xx = np.ogrid[py0 + y0:py1 + y0, px0 + x0:px1 + x0]
        pdist = np.hypot(yy - p[0, 1], xx - p[0, 0])
        psl, poff = sl[py0:py1, px0:px1], (pdist <= float(near) * f) & ~edges[py0 + y0:py1 + y0, px0 + x0:px1 + x0]
        # the seeds: the pieces next to the head's mask (in the box 1.5 f round the nose)
        hr = int(np.ceil(1.5 * f))
        hy0, hx0 = max(0, ny - hr) - y0, max(0, nx - hr) - x0
        hy1, hx1 = min(h, ny + hr + 1) - y0, min(w, nx + hr + 1) - x0
        # the distance to the nose there (the plate box's, inf off it)
        hdist = np.full((hy1 - hy0, hx1 - hx0), np.inf)
        iy0, iy1, ix0, ix1 = max(hy0, py0), min(hy1, py1), max(hx0, px0), min(hx1, px1)
        if iy0 < iy1 and ix0 < ix1:
            hdist[iy0 - hy0:iy1 - hy0, ix0 - hx0:ix1 - hx0] = pdist[iy0 - py0:iy1 - py0, ix0 - px0:ix1 - px0]
        hsub = sub[hy0:hy1, hx0:hx1]
        head = (hdist <= 1.5 * f) & (cv2.dilate(mw[hy0:hy1, hx0:hx1].astype(np.uint8), np.ones((7, 7), np.uint8))
                                     > 0) & (hsub > 0)
        ks, counts = np.unique(hsub[head], return_counts=True)
        cand = []
        for k in ks[counts >= 0.05 * f * f]:
            if int(k) in faces:
                continue
            at = head & (hsub == k)
            med = np.median(sl[hy0:hy1, hx0:hx1][at], 0)
            if min(float(np.linalg.norm(med - v)) for v in wear) <= float(differ):
                continue
            cand.append((float(hdist[at].min()), int(k), med))
        cand.sort(key=lambda t: t[0])
        tried: list = []
        found = planes = grad = None
        for _, k, med in cand:
            if any(float(np.linalg.norm(med - m2)) < float(same) for m2 in tried):
                continue
            if len(tried) == int(seeds):
                break
            tried.append(med)
            if planes is None:  # (each channel apart: the same sums as a norm over the last axis, faster)
                planes = [np.ascontiguousarray(psl[..., j]) for j in range(3)]
            g = np.zeros(sub.shape, bool)
            g[py0:py1, px0:px1] = gb = (np.sqrt(_squares(planes, med)) < float(tol) * float(same)) & poff
            gy_, gx_ = np.nonzero(gb)  # (the plate's pixels, all in its box)
            if len(gy_) < 0.5 * f * f:
                continue
            ang = np.degrees(np.arctan2(gy_ + (py0 + y0) - p[0, 1], gx_ + (px0 + x0) - p[0, 0]))
            if _bins(ang) * 10.0 < float(cover):
                continue
            frame = _plate_frame(g, mw, (nx - x0, ny - y0), (y0, x0), (h, w), fill=float(fill),
                                 rim_in=float(rim_in), rim_out=float(rim_out), gap=float(gap), side=float(side))
            if frame is None:
                continue
            S = frame[1]
            Su = S.astype(np.uint8)
            cross = ((Su - cv2.erode(Su, np.ones((3, 3), np.uint8), borderValue=0)) > 0) & mw
            if cross.sum() < 0.5 * f:
                continue
            # the image draws the outline across the body: Canny edges whose gradient runs
            # along the outline's normal (the frame is in front of what the mask holds beyond)
            if grad is None:  # (the window's, once a body)
                gg = measures.grey()[y0:y1, x0:x1].astype(np.float32)
                ix, iy = cv2.Sobel(gg, cv2.CV_32F, 1, 0), cv2.Sobel(gg, cv2.CV_32F, 0, 1)
                grad = ix, iy, 0.8 * np.hypot(ix, iy)
            ix, iy, gn = grad
            sm = cv2.GaussianBlur(S.astype(np.float32), (0, 0), 2.0)
            sx, sy = cv2.Sobel(sm, cv2.CV_32F, 1, 0), cv2.Sobel(sm, cv2.CV_32F, 0, 1)
            along = np.abs(ix * sx + iy * sy) > gn * np.hypot(sx, sy)
            drawn = cv2.dilate((edge[y0:y1, x0:x1] & along).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
            if float((cross & drawn).sum()) < float(seen) * float(cross.sum()):
                continue
            found = (S, cross)
            break
        if found is None:
            continue
        S, cross = found
        Sg = np.zeros((h, w), bool)
        Sg[y0:y1, x0:x1] = cv2.dilate(S.astype(np.uint8), np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)) > 0
        beyond = mask & ~Sg
        near_cross = np.zeros((h, w), bool)
        near_cross[y0:y1, x0:x1] = cv2.dilate(cross.astype(np.uint8),
                                              np.ones((2 * margin + 9, 2 * margin + 9), np.uint8)) > 0
        pieces = cv2.connectedComponents((beyond & ~edges).astype(np.uint8), connectivity=4)[1]
        ks = np.unique(pieces[near_cross])
        z = (beyond & owns[i]) | np.isin(pieces, ks[ks > 0])
        z = (cv2.dilate(z.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0) & beyond
        zone |= z & ~(count > owns[i])
    return zone
