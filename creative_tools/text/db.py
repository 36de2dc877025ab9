"""DB (differentiable binarisation) post-processing: text boxes from a probability map.

Follows PaddleOCR's ``DBPostProcess`` as rapidocr's ``ch_ppocr_det`` implements it:
binarise the map, (optionally) dilate 2x2, take contours, score the minimum-area
rectangle of each by the mean probability inside it, expand it by the Vatti offset
``area * unclip_ratio / perimeter`` and take the minimum-area rectangle again.
Used by every DB detector (``ppocr`` v4 and v6).
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["box_score", "db_boxes", "order_clockwise", "straight_pieces", "thin_candidates", "unclip"]


def order_clockwise(pts: np.ndarray) -> np.ndarray:
    """Order 4 points as top-left, top-right, bottom-right, bottom-left.

    In image coordinates (y down) this order runs clockwise on screen.

    Parameters
    ----------
    pts : (4, 2) array
        Corner points ``(x, y)``.

    Returns
    -------
    (4, 2) float32

    Examples
    --------
    >>> order_clockwise(np.array([[0, 5], [9, 0], [0, 0], [9, 5]])).tolist()
    [[0.0, 0.0], [9.0, 0.0], [9.0, 5.0], [0.0, 5.0]]
    """
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    p = pts.tolist()  # four points: Python's stable sort on the same float32 values,
    # the order numpy's stable argsort gives (about a third of its time: ~250 calls per creative)
    if any(v != v for q in p for v in q):  # NaN: numpy's order (last) kept
        return _order_clockwise_np(pts)
    xs = sorted(range(4), key=lambda i: p[i][0])
    left = sorted(xs[:2], key=lambda i: p[i][1])
    right = sorted(xs[2:], key=lambda i: p[i][1])
    return pts[[left[0], right[0], right[1], left[1]]]


def _order_clockwise_np(pts: np.ndarray) -> np.ndarray:
    """:func:`order_clockwise` with numpy's stable argsorts (its NaN order)."""
    xs = pts[np.argsort(pts[:, 0], kind="stable")]
    left = xs[:2][np.argsort(xs[:2, 1], kind="stable")]
    right = xs[2:][np.argsort(xs[2:, 1], kind="stable")]
    return np.stack([left[0], right[0], right[1], left[1]]).astype(np.float32)


def _mini_box(points) -> tuple[np.ndarray, float]:
    rect = cv2.minAreaRect(np.asarray(points, np.float32).reshape(-1, 1, 2))
    return order_clockwise(cv2.boxPoints(rect)), float(min(rect[1]))


def box_score(pred: np.ndarray, box: np.ndarray) -> float:
    """Mean of ``pred`` inside the quadrilateral ``box`` (rapidocr's "fast" score)."""
    h, w = pred.shape
    x0 = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    m = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillPoly(m, [(box - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(pred[y0:y1 + 1, x0:x1 + 1], m)[0])


def unclip(box: np.ndarray, ratio: float) -> np.ndarray:
    import pyclipper

    area = abs(cv2.contourArea(box.astype(np.float32)))
    length = cv2.arcLength(box.astype(np.float32).reshape(-1, 1, 2), True)
    if length <= 0:
        return box
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    out = offset.Execute(area * ratio / length)
    if not out:
        return box
    return np.concatenate([np.asarray(o, np.float32).reshape(-1, 2) for o in out])


def _rows(pts: np.ndarray):
    """Where each row of ``pts`` starts, when the points come row by row, left to right
    (as :func:`numpy.argwhere` gives them: ``y`` never falls, ``x`` rises along a row);
    None otherwise."""
    if len(pts) < 2:
        return None
    x, y = pts[:, 0], pts[:, 1]
    same = y[1:] == y[:-1]
    if (y[1:] < y[:-1]).any() or (same & (x[1:] <= x[:-1])).any():
        return None
    return np.concatenate([[0], np.flatnonzero(~same) + 1])


def _ends(lo: np.ndarray, hi: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The points ``(lo, ys)`` and ``(hi, ys)`` row by row, left end first, a row whose
    ends meet once: the order they had among the points they come from."""
    # every row's two ends side by side, then the right ends that meet the left dropped
    # (a boolean take keeps the order; cheaper than placing them by a cumulative sum)
    out = np.empty((len(lo), 2, 2), np.float32)
    out[:, 0, 0], out[:, 1, 0] = lo, hi
    out[:, 0, 1] = out[:, 1, 1] = ys
    keep = np.ones((len(lo), 2), bool)
    keep[:, 1] = hi > lo
    return out[keep]


def _outline(pts: np.ndarray) -> np.ndarray:
    """The points of ``pts`` that can be corners of its convex hull: the two ends of each
    row, in their order, when the points come row by row, left to right (:func:`_rows`);
    ``pts`` itself otherwise.

    A point between two points of its row lies on their segment, so it is never a corner.
    ``cv2.minAreaRect`` builds its rectangle from the hull's corners only (collinear
    points dropped; the hull starts where the corners' order in the input says, which the
    outline keeps), so the rectangle of the outline is the rectangle of ``pts``, bit for
    bit, from far fewer points (a region of 100,000 pixels has ~1,000 rows).

    Parameters
    ----------
    pts : (n, 2) float32
        Points ``(x, y)``.

    Returns
    -------
    (m, 2) float32
        ``m <= n``: points of ``pts``, each once, in their order.

    Examples
    --------
    >>> m = np.zeros((4, 8), np.uint8); m[1:3, 1:7] = 1
    >>> _outline(np.argwhere(m)[:, ::-1].astype(np.float32)).tolist()
    [[1.0, 1.0], [6.0, 1.0], [1.0, 2.0], [6.0, 2.0]]
    """
    rows = _rows(pts) if len(pts) > 8 else None
    if rows is None or len(pts) <= 2 * len(rows):
        return pts  # out of row order, or nothing to drop
    x = pts[:, 0]
    return _ends(np.minimum.reduceat(x, rows), np.maximum.reduceat(x, rows), pts[rows, 1])


def _rect(pts: np.ndarray):
    """``cv2.minAreaRect`` of the points ``pts`` (from their :func:`_outline`: the same rectangle)."""
    return cv2.minAreaRect(_outline(np.asarray(pts, np.float32).reshape(-1, 2)).reshape(-1, 1, 2))


def _fill(pts: np.ndarray, rect=None) -> float:
    """Share of its minimum-area rectangle (``rect``, when known) that a set of pixel
    centres fills."""
    return _share(len(pts), _rect(pts) if rect is None else rect)


def _share(n: int, rect) -> float:
    """Share of the rectangle ``rect`` (``cv2.minAreaRect``'s) that ``n`` pixel centres fill."""
    (_, _), (rw, rh), _ = rect
    return n / max((rw + 1.0) * (rh + 1.0), 1.0)


def _part_fill(pts: np.ndarray, keep: np.ndarray, k: int, rows) -> float:
    """``_fill(pts[keep])`` (``k`` points kept) from the ends of the part's rows, found
    without copying the part (``rows``: :func:`_rows` of ``pts``; None: copied). The
    points of :func:`_outline` of the part, in its order: the same rectangle."""
    if rows is None or k <= 8:
        return _fill(pts[keep])
    x = pts[:, 0]
    lo = np.minimum.reduceat(np.where(keep, x, np.float32(np.inf)), rows)
    hi = np.maximum.reduceat(np.where(keep, x, np.float32(-np.inf)), rows)
    on = lo <= hi  # the rows the part has points in
    return _share(k, cv2.minAreaRect(_ends(lo[on], hi[on], pts[rows[on], 1]).reshape(-1, 1, 2)))


def _runs(t: np.ndarray, rows) -> int:
    """How a cut ``t <= c`` meets each row of the points (``rows``: :func:`_rows`): ``1``
    when ``t`` never falls along a row (the kept points are a prefix of each row), ``-1``
    when it never rises (a suffix), ``0`` otherwise (or without rows).

    ``t`` is a linear function of the points, so along a row (``y`` fixed, ``x`` rising)
    it is monotone up to rounding; the test is made on the values themselves, so a row
    whose rounding breaks the order sends the cuts the general way.
    """
    if rows is None or len(t) < 2:
        return 0
    d = np.diff(t)
    d[rows[1:] - 1] = 0  # a step from one row to the next is no step along a row
    if (d >= 0).all():
        return 1
    if (d <= 0).all():
        return -1
    return 0


def _part_fills(pts: np.ndarray, keeps: list, ks: list, rows, *, runs: int = 0) -> list:
    """``(_part_fill(pts, keep, k, rows), _part_fill(pts, ~keep, n - k, rows))`` for each
    cut ``keep`` (``k`` points kept) of ``keeps``, the parts' row ends found for all the
    cuts at once (one ``reduceat`` over a ``(2 cuts, n)`` array for the minima, one for
    the maxima): the same ends (a minimum or maximum does not depend on the order it is
    taken in), so the same rectangles, with a fifteenth of the calls.

    ``runs`` (:func:`_runs` of the cuts' ``t``): 1 when every cut keeps a prefix of each
    row, -1 a suffix. A row's points rise in ``x``, so its part's ends are then the first
    and last points of the run kept (the same ``x`` values the minima and maxima give),
    read at the run's ends from the kept count of each row: one integer ``reduceat`` over
    the ``(cuts, n)`` booleans instead of two float passes and two ``reduceat`` over
    ``(2 cuts, n)`` (session 25: :func:`straight_pieces` on the 24 typical creatives'
    59 top-level calls, 16.6 -> 11.7 ms thread CPU per creative, the same pieces).
    """
    n = len(pts)
    if not keeps:
        return []
    if rows is None or min(ks) <= 8 or n - max(ks) <= 8:
        return [(_part_fill(pts, keep, k, rows), _part_fill(pts, ~keep, n - k, rows)) for keep, k in zip(keeps, ks)]
    x = pts[:, 0]
    ys = pts[rows, 1]
    m = len(keeps)
    if runs:
        ends = np.append(rows[1:], n)
        kept = np.add.reduceat(np.stack(keeps), rows, axis=1, dtype=np.intp)  # (cuts, rows)
        rest = (ends - rows) - kept
        start = np.broadcast_to(rows, kept.shape)
        first = start if runs > 0 else ends - kept  # where each row's kept run starts
        other = rows + kept if runs > 0 else start  # and where the rest's run starts
        lo = np.concatenate([x[np.minimum(first, n - 1)], x[np.minimum(other, n - 1)]])
        hi = np.concatenate([x[np.maximum(first + kept - 1, 0)], x[np.maximum(other + rest - 1, 0)]])
        # a row the part has no point in: an empty run, as the reductions' inf > -inf
        lo[np.concatenate([kept, rest]) == 0] = np.inf
        hi[np.concatenate([kept, rest]) == 0] = -np.inf
    else:
        both = np.concatenate([np.stack(keeps), ~np.stack(keeps)])  # the kept parts, then the rest
        lo = np.minimum.reduceat(np.where(both, x, np.float32(np.inf)), rows, axis=1)
        hi = np.maximum.reduceat(np.where(both, x, np.float32(-np.inf)), rows, axis=1)
    out = []
    for j, k in enumerate(ks):
        fills = []
        for i, kk in ((j, k), (m + j, n - k)):
            on = lo[i] <= hi[i]  # the rows the part has points in
            fills.append(_share(kk, cv2.minAreaRect(_ends(lo[i][on], hi[i][on], ys[on]).reshape(-1, 1, 2))))
        out.append(tuple(fills))
    return out


def straight_pieces(pts: np.ndarray, *, bent: float = 0.7, depth: int = 3, cuts: int = 15,
                    min_pixels: int = 12) -> list[np.ndarray]:
    """Split a bent region into straight pieces: the pixel sets whose rectangles fit them.

    Two text lines that touch in the map (a headline and a slanted label meeting at a
    corner, a line bending round a shape) make one region that fills little of its
    minimum-area rectangle, so the rectangle's mean probability falls under the box
    threshold and both lines are lost. A region filling less than ``bent`` of its
    rectangle is cut across one of the rectangle's axes where the two parts fill their own
    rectangles best (``cuts`` positions along each axis, between its 10th and 90th
    percentiles), and each
    part that still fills less is cut again, ``depth`` times at most. A straight region
    is returned whole.

    Parameters
    ----------
    pts : (n, 2) float32
        Pixel centres ``(x, y)`` of one region.
    bent : float
        Fill of the rectangle under which a region is cut (default 0.7; a text line
        fills 0.7-0.9 of its rectangle).
    depth, cuts, min_pixels : int
        Cuts in sequence at most; positions tried per cut; smaller parts are dropped.

    Returns
    -------
    list of (m, 2) float32
        The pieces' pixel centres.

    Examples
    --------
    >>> m = np.zeros((60, 120), np.uint8); m[5:15, 5:110] = 1; m[15:55, 100:110] = 1  # an L
    >>> pieces = straight_pieces(np.argwhere(m)[:, ::-1].astype(np.float32))
    >>> sorted(len(p) for p in pieces), all(_fill(p) > 0.9 for p in pieces)
    ([400, 1050], True)
    """
    pts = np.asarray(pts, np.float32).reshape(-1, 2)
    if len(pts) < min_pixels:
        return []
    rect = _rect(pts)
    if depth <= 0 or _fill(pts, rect) >= bent:
        return [pts]
    angle = rect[2]
    a = np.deg2rad(angle)
    best, parts = -1.0, None
    rows = _rows(pts)
    n = len(pts)
    for u in (np.float32([np.cos(a), np.sin(a)]), np.float32([-np.sin(a), np.cos(a)])):
        t = pts @ u
        # the cuts that can win, in their order: both parts large enough, and each part
        # once (a cut is a threshold on t: two cuts keeping as many points keep the same
        # points, so a repeat never beats the first, ``fit > best`` being strict)
        keeps, ks = [], []
        for c in np.quantile(t, np.linspace(0.1, 0.9, cuts)):
            below = t <= c
            k = int(np.count_nonzero(below))
            if k < min_pixels or n - k < min_pixels or k in ks:
                continue
            keeps.append(below)
            ks.append(k)
        for below, k, fills in zip(keeps, ks, _part_fills(pts, keeps, ks, rows, runs=_runs(t, rows))):
            fit = (k * fills[0] + (n - k) * fills[1]) / n
            if fit > best:
                best, parts = fit, below
    if parts is None:
        return [pts]
    parts = (pts[parts], pts[~parts])
    return [p for part in parts for p in straight_pieces(part, bent=bent, depth=depth - 1, cuts=cuts,
                                                           min_pixels=min_pixels)]


def db_boxes(
    pred: np.ndarray,
    *,
    thresh: float = 0.3,
    box_thresh: float = 0.5,
    unclip_ratio: float = 1.6,
    max_candidates: int = 1000,
    min_size: float = 3.0,
    dilate: bool = True,
    scale: tuple[float, float] = (1.0, 1.0),
    size: tuple[int, int] | None = None,
    bent: float | None = None,
    bent_cap: float = 1.0,
) -> tuple[list[np.ndarray], np.ndarray]:
    """DB post-processing: text boxes from a probability map.

    Parameters
    ----------
    pred : (h, w) float32
        The network's text probability map.
    thresh : float
        Binarisation threshold of ``pred`` (default 0.3).
    box_thresh : float
        Minimum mean probability inside a box (default 0.5).
    unclip_ratio : float
        Expansion of each box: offset distance ``area * unclip_ratio / perimeter``
        (default 1.6).
    max_candidates : int
        At most this many contours are examined (default 1000).
    min_size : float
        Boxes whose short side (in map pixels) is below this are dropped (default 3;
        ``min_size + 2`` after expansion, as in PaddleOCR).
    dilate : bool
        Dilate the binary map with a 2x2 kernel first (default True).
    scale : (sx, sy)
        Map pixels per output pixel; box coordinates are divided by it.
    size : (W, H) or None
        Output image size; boxes are clipped to ``[0, W] x [0, H]``.
    bent : float or None
        A region whose rectangle scores under ``box_thresh`` while the region itself
        (its pixels over ``thresh``) scores at least ``box_thresh``, and which fills less
        than ``bent`` of its rectangle, is split into straight pieces
        (:func:`straight_pieces`), each scored and expanded as a region of its own: two
        lines that touch at an angle are found instead of lost. Only pieces shaped like
        a line are kept: filling at least ``bent`` of their own rectangle, at least
        twice as long as high, no higher than a tenth of the map's short side. None
        (the default, as PaddleOCR) drops such regions.
    bent_cap : float
        The score a piece reports is at most this (default 1.0): a caller whose
        recogniser confirms uncertain boxes only sets it under its confidence level, so
        that every piece is read before it is kept.

    Returns
    -------
    polygons : list of (4, 2) float32
        Clockwise boxes (top-left first) in output pixels.
    scores : (n,) float32

    Examples
    --------
    >>> p = np.zeros((64, 128), np.float32); p[20:40, 20:100] = 0.9
    >>> polys, scores = db_boxes(p)
    >>> len(polys), round(float(scores[0]), 2)
    (1, 0.85)
    """
    pred = np.asarray(pred, np.float32)
    if pred.ndim != 2:
        raise ValueError(f"pred must be a 2-D (h, w) map, got shape {pred.shape}")
    bitmap = (pred > thresh).astype(np.uint8)
    if dilate:
        bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = scale
    polys, scores = [], []
    regions = []
    for contour in contours[:max_candidates]:
        box, sside = _mini_box(contour)
        if sside < min_size:
            continue
        score = box_score(pred, box)
        if score < box_thresh:
            if bent is not None:
                regions.extend((b, min(sc, bent_cap)) for b, sc in
                               _bent_pieces(pred, bitmap, contour, thresh, box_thresh, bent, min_size))
            continue
        regions.append((box, score))
    for box, score in regions:
        box, sside = _mini_box(unclip(box, unclip_ratio))
        if sside < min_size + 2:
            continue
        box = box / np.float32([sx, sy])
        if size is not None:
            box[:, 0] = np.clip(box[:, 0], 0, size[0])
            box[:, 1] = np.clip(box[:, 1], 0, size[1])
        # drop slivers left after clipping (rapidocr drops sides <= 3 px)
        if min(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        polys.append(box.astype(np.float32))
        scores.append(score)
    return polys, np.asarray(scores, np.float32)


#: A piece of a bent region higher than this share of the map's short side is not a line
#: (the lines of a corner or an arc on real ads measured 0.005-0.07 of it; an animal's
#: eye ring, cut, 0.08-0.28; a word that big is boxed straight by the network).
_BENT_MAX_HEIGHT = 0.1


def _bent_pieces(pred, bitmap, contour, thresh, box_thresh, bent, min_size):
    """``(box, score)`` of the straight pieces of a region its rectangle lost (:func:`db_boxes`'s
    ``bent``): none unless the region's own pixels score ``box_thresh`` and it is bent;
    only line-shaped pieces (filling ``bent`` of their rectangle, twice as long as high, no
    higher than :data:`_BENT_MAX_HEIGHT` of the map's short side)."""
    x, y, w, h = cv2.boundingRect(contour)
    m = np.zeros((h, w), np.uint8)
    cv2.drawContours(m, [contour - [x, y]], -1, 1, thickness=-1)
    # the region as the contour holds it (the dilated map: a line's letter gaps closed,
    # so a gap-toothed line of fine print is straight, not bent; that is the fine pass's)
    m &= bitmap[y:y + h, x:x + w]
    pts = np.argwhere(m)[:, ::-1].astype(np.float32)
    on = (m > 0) & (pred[y:y + h, x:x + w] > thresh)
    if len(pts) < 12 or not on.any() or float(pred[y:y + h, x:x + w][on].mean()) < box_thresh or _fill(pts) >= bent:
        return []
    out = []
    for piece in straight_pieces(pts, bent=bent):
        if _fill(piece) < bent:  # still a blob after the cuts: not a line
            continue
        rect = _rect(piece + [x, y])  # as _mini_box, from the outline
        box, sside = order_clockwise(cv2.boxPoints(rect)), float(min(rect[1]))
        lside = max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[1] - box[2]))
        if sside < min_size or lside < 2 * sside or sside > _BENT_MAX_HEIGHT * min(pred.shape):
            continue
        score = box_score(pred, box)
        if score >= box_thresh:
            out.append((box, score))
    return out


def thin_candidates(
    pred: np.ndarray,
    *,
    thresh: float = 0.3,
    box_thresh: float = 0.5,
    low: float = 0.3,
    max_short: float = 12.0,
    min_long: float = 3.0,
    scale: tuple[float, float] = (1.0, 1.0),
    size: tuple[int, int] | None = None,
) -> list[np.ndarray]:
    """Thin regions the DB rule just rejected: where fine print hides.

    A line of small text is a few map pixels high; the rectangle :func:`db_boxes` scores
    it with has a one-pixel rim of background on each side, a large share of so thin a
    box, and gaps between letters, so a real line can score under ``box_thresh``. This
    returns the rectangles (before expansion) whose score lies in ``[low, box_thresh)``,
    whose short side is at most ``max_short`` map px and whose long side is at least
    ``min_long`` x the short one (a line, not a speck), in output pixels: candidates
    for a second look at a larger scale, never boxes by themselves.

    Parameters
    ----------
    pred : (h, w) float32
        The probability map.
    thresh, box_thresh : float
        As :func:`db_boxes` (defaults 0.3, 0.5).
    low : float
        The lowest score kept (default 0.3).
    max_short, min_long : float
        Shape limits, see above (defaults 12 map px and 3).
    scale, size
        As :func:`db_boxes`.

    Returns
    -------
    list of (4, 2) float32
        Rectangles in output pixels, the highest score first.

    Examples
    --------
    >>> p = np.zeros((40, 200), np.float32); p[20:25, 20:180] = 0.9  # a 5-px line
    >>> p[20:25, 22:180:3] = 0  # gaps between the letters
    >>> db_boxes(p)[0], len(thin_candidates(p))
    ([], 1)
    """
    pred = np.asarray(pred, np.float32)
    if pred.ndim != 2:
        raise ValueError(f"pred must be a 2-D (h, w) map, got shape {pred.shape}")
    bitmap = cv2.dilate((pred > thresh).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = scale
    out = []
    for contour in contours:
        box, sside = _mini_box(contour)
        if not 2 <= sside <= max_short:
            continue
        lside = max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[1] - box[2]))
        if lside < min_long * sside:
            continue
        score = box_score(pred, box)
        if not low <= score < box_thresh:
            continue
        box = box / np.float32([sx, sy])
        if size is not None:
            box[:, 0] = np.clip(box[:, 0], 0, size[0])
            box[:, 1] = np.clip(box[:, 1], 0, size[1])
        out.append((score, box.astype(np.float32)))
    out.sort(key=lambda t: -t[0])
    return [b for _, b in out]
