"""A logo's mark drawn as several separate parts, beside a wordmark the text detector found (issue 9).

A mark of small separate parts (rising bars, columns, a row of dots, stripes, chevrons),
each part under the region stage's ``min_area`` or too far from the words for the wordmark
join, is often never proposed by :func:`~creative_tools.objects.graphic.graphic_proposals`:
the text source takes the wordmark and the mark stays. This pass starts from the words
instead. For each text line found (a polygon of height ``th``), in a window of
:data:`MARK_REACH` ``th`` to its left and above it:

1. *parts*: connected areas between the colour steps (``edge_step``, as the region stage) that
   do not touch the window's side, are flat (channel deviation <= ``max_std``), at least
   :data:`MARK_MIN_PART` ``th`` squared and at most ``(MARK_REACH th)`` squared, mostly off the
   text and person masks, and differ from the ring just outside them by at least
   ``min_contrast`` (the largest channel step of the medians);
2. *one mark*: parts lie close together (a box gap of at most :data:`MARK_GAP` of the smaller
   part's short side, or 2 px), and a group of at least two parts is a mark when its parts are
   of one or two colours (each within :data:`MARK_COLOUR` of the first part's or of one other),
   of like size (largest area at most :data:`MARK_SIZE` x the smallest) and the mark's box is
   beside the line: to its left with a gap of at most :data:`MARK_NEAR` ``th`` and its middle on
   the line's height, or above it with that gap and its middle over the line, its height from
   :data:`MARK_LOW` to :data:`MARK_REACH` ``th``;
3. *ink, not plate*: no part within ``min_contrast`` of the plate read in a :data:`MARK_BAND` px band
   round the mark's box (a part of the plate's colour is the plate seen through a line drawing's
   enclosed spaces: a monoline emblem's inside; session 33, "logobars2");
4. *not the plate's*: the picture holds no more than :data:`MARK_LOOKALIKE` areas of a part's
   colour and size outside the mark (a pattern's tiles, dots of a print).

The proposal is the parts with their anti-aliased rims (the step pixels touching them), kind
``logo``, score :data:`MARK_SCORE`; the words stay the text source's. ``--objects auto`` runs it
(``mark_row``, on there since session 33: :data:`~creative_tools.objects.auto.AUTO_MARK_ROW`;
:class:`~creative_tools.objects.graphic.GraphicParams` and so the click keep it off; session 33,
"logobars", "logobars2").
"""

from __future__ import annotations

import cv2
import numpy as np

from ..contract import check_image
from .base import ObjectProposal, box_of, check_masks
from .codec import levelled
from .graphic import GraphicParams, _linked_groups, edge_map

__all__ = ["MARK_SCORE", "lone_mark_proposals", "mark_row_proposals"]

#: The window beside a text line, and the tallest mark, in line heights.
MARK_REACH = 4.0
#: The smallest part, as a share of the line height squared (a bar of a small mark).
MARK_MIN_PART = 0.03
#: The widest gap between two parts of one mark, in the smaller part's short sides.
MARK_GAP = 1.0
#: The widest gap between a mark and its line, in line heights.
MARK_NEAR = 2.0
#: The shortest mark, in line heights (a row of dots at the words' x-height).
MARK_LOW = 0.3
#: The largest share of a part's pixels off its median colour by more than twice ``max_std``.
MARK_BLEND = 0.25
#: Colour tolerance (largest channel step of the medians) of one colour of a mark.
MARK_COLOUR = 40.0
#: The largest part's area at most this many times the smallest's.
MARK_SIZE = 4.0
#: Look-alike areas (a part's colour and size) allowed elsewhere in the picture.
MARK_LOOKALIKE = 6
#: The band round a mark's box where the plate is read (px), for the plate-colour refusal.
MARK_BAND = 4
#: The proposals' score (over ``min_score``: the words beside are the evidence).
MARK_SCORE = 0.9
#: A lone mark's parts (``lone_mark``): at least, at most this many.
LONE_PARTS = (3, 6)
#: A lone mark's part: at least this many pixels and this thick (px, inside its 1 px rims; a smaller piece is a speck or a
#: letter's stroke, too small to carry a drawn shape: session 34's one tune false proposal, a word's strokes).
LONE_MIN = (30, 3)
#: A lone mark's part's largest area, in the image's short side, squared.
LONE_SIDE = 0.12
#: Two parts laid out alike: a side and an edge (or middle) equal within this share of the smaller side (or 2 px).
LONE_ALIGN = 0.1
#: ``lone_scale``: the short sides (px) of the creatives :data:`LONE_MIN` was set and measured on (the tune sets,
#: 450 - 660); outside them the floors follow the short side (:func:`_lone_scale`), inside them they are today's.
LONE_BAND = (450, 660)


def _parts(crop: np.ndarray, other: np.ndarray, th: float, P: GraphicParams, *, bounds: tuple | None = None):
    """Flat closed areas of ``crop`` (``(H, W, 3)``) off ``other``: a list of dicts.

    Their area lies in ``bounds`` (pixels; default: from the line height ``th``)."""
    edges, _ = edge_map(crop, P.edge_step)
    _n, lab, st, _ = cv2.connectedComponentsWithStats((~edges).view(np.uint8), connectivity=4)
    h, w = crop.shape[:2]
    lo, hi = (max(6.0, MARK_MIN_PART * th * th), (MARK_REACH * th) ** 2) if bounds is None else bounds
    x, y, bw, bh, a = st[:, 0], st[:, 1], st[:, 2], st[:, 3], st[:, 4]
    keep = (a >= lo) & (a <= hi) & (x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
    keep[0] = False
    out = []
    for i in np.flatnonzero(keep):
        x, y, bw, bh, a = st[i]
        m = lab[y:y + bh, x:x + bw] == i
        px = crop[y:y + bh, x:x + bw][m].astype(np.float64)
        med = np.median(px, 0)
        # flat: most pixels at the median colour (a thin bar's one column of blend is allowed)
        if (np.abs(px - med).max(1) > 2 * P.max_std).mean() > MARK_BLEND or other[y:y + bh, x:x + bw][m].mean() > 0.2:
            continue
        y0, y1, x0, x1 = max(0, y - 6), min(h, y + bh + 6), max(0, x - 6), min(w, x + bw + 6)
        full = np.zeros((y1 - y0, x1 - x0), bool)
        full[y - y0:y - y0 + bh, x - x0:x - x0 + bw] = m
        near = cv2.dilate(full.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)  # with its rim
        win = crop[y0:y1, x0:x1].astype(np.float64)
        for k in (7, 13):  # the plate just outside; further out where steps fill that ring (bars 2 px apart)
            ring = cv2.dilate(full.view(np.uint8), np.ones((k, k), np.uint8)).astype(bool) & ~near
            ring &= ~edges[y0:y1, x0:x1]
            if k > 7:  # (that far, the next parts of the mark lie: not the plate)
                ring &= np.abs(win - med).max(-1) > MARK_COLOUR
            if ring.sum() >= 8:
                break
        else:
            continue
        if np.abs(np.median(win[ring], 0) - med).max() < P.min_contrast:
            continue
        out.append({"id": i, "box": (x, y, x + bw, y + bh), "area": float(a), "colour": med})
    return out, lab, edges


def _groups(parts: list) -> list[list[int]]:
    """Indices of the parts lying close together, linked transitively (:func:`_linked_groups`)."""

    def close(a: int, b: int) -> bool:
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = parts[a]["box"], parts[b]["box"]
        # (the areas end 1 px inside their anti-aliased rims: the boxes' gap less 2)
        gap = max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1) - 2
        side = min(ax1 - ax0, ay1 - ay0, bx1 - bx0, by1 - by0) + 2
        return gap <= max(2.0, MARK_GAP * side)

    groups: dict = {}
    for a, g in enumerate(_linked_groups(len(parts), close)):
        groups.setdefault(g, []).append(a)
    return [g for g in groups.values() if len(g) >= 2]


def _one_mark(g: list) -> bool:
    """Parts of one or two colours and of like size."""
    areas = [d["area"] for d in g]
    if max(areas) > MARK_SIZE * min(areas):
        return False
    first = g[0]["colour"]
    rest = [d["colour"] for d in g if np.abs(d["colour"] - first).max() > MARK_COLOUR]
    return all(np.abs(c - rest[0]).max() <= MARK_COLOUR for c in rest)


def _beside(box: tuple, line: tuple, th: float) -> bool:
    """The mark's box to the left of the line's or above it, near, on its height or over it."""
    x0, y0, x1, y1 = box
    lx0, ly0, lx1, ly1 = line
    mh = y1 - y0 + 2  # (the areas end 1 px inside their rims)
    if mh < MARK_LOW * th or mh > MARK_REACH * th:
        return False
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = 0 <= lx0 - x1 <= MARK_NEAR * th and ly0 - 0.5 * th <= cy <= ly1 + 0.5 * th
    above = 0 <= ly0 - y1 <= MARK_NEAR * th and lx0 <= cx <= lx1
    return left or above


def _lookalikes(image: np.ndarray, edges_full, d: dict, mask: np.ndarray) -> int:
    """Areas of ``d``'s colour and size (within half to twice its area) outside ``mask``."""
    near = (np.abs(image.astype(np.int16) - d["colour"].astype(np.int16)).max(-1) <= MARK_COLOUR) & ~edges_full & ~mask
    _n, _, st, _ = cv2.connectedComponentsWithStats(near.view(np.uint8), connectivity=4)
    a = st[1:, cv2.CC_STAT_AREA]
    return int(((a >= 0.5 * d["area"]) & (a <= 2.0 * d["area"])).sum())


def _plate_round(crop: np.ndarray, edges: np.ndarray, other: np.ndarray, box: tuple,
                 band: int = MARK_BAND) -> np.ndarray | None:
    """The median colour of a band of ``band`` px round ``box`` (steps, text and person left out)."""
    h, w = crop.shape[:2]
    x0, y0, x1, y1 = box
    X0, Y0, X1, Y1 = max(0, x0 - 1 - band), max(0, y0 - 1 - band), min(w, x1 + 1 + band), min(h, y1 + 1 + band)
    ring = np.ones((Y1 - Y0, X1 - X0), bool)
    ring[max(0, y0 - 1) - Y0:min(h, y1 + 1) - Y0, max(0, x0 - 1) - X0:min(w, x1 + 1) - X0] = False
    ring &= ~edges[Y0:Y1, X0:X1] & ~other[Y0:Y1, X0:X1]
    if ring.sum() < 8:
        return None
    return np.median(crop[Y0:Y1, X0:X1][ring].astype(np.float64), 0)


def mark_row_proposals(image: np.ndarray, *, text_polygons=(), text_mask: np.ndarray | None = None,
                       person_mask: np.ndarray | None = None,
                       params: GraphicParams | None = None) -> list[ObjectProposal]:
    """Marks of several flat parts beside a detected text line, as ``logo`` proposals (full size).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_polygons : list of (N, 2) float arrays
        Text lines found by the text detector, in image pixels (the evidence: none, no proposal).
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove (a part mostly under them is theirs).
    params : GraphicParams, optional
        ``edge_step``, ``max_std`` and ``min_contrast`` are read (default: its defaults).

    Returns
    -------
    list of ObjectProposal

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB, or a mask that is not (H, W) bool like it.

    Examples
    --------
    >>> im = np.full((120, 240, 3), 230, np.uint8)
    >>> for i, hgt in enumerate((10, 16, 22)):
    ...     im[50 - hgt:50, 20 + 9 * i:26 + 9 * i] = (30, 60, 200)
    >>> word = np.array([[60, 32], [150, 32], [150, 50], [60, 50]], np.float32)
    >>> [(p.kind, p.box) for p in mark_row_proposals(im, text_polygons=[word])]
    [('logo', (20, 28, 44, 50))]
    """
    other = _others(image, text_mask, person_mask)
    params = GraphicParams() if params is None else params
    H, W = image.shape[:2]
    props, taken = [], np.zeros((H, W), bool)
    edges_full = None
    for poly in text_polygons:
        p = np.asarray(poly, np.float64).reshape(-1, 2)
        if len(p) == 0 or not np.isfinite(p).all():
            continue  # (an empty or broken polygon is no line)
        lx0, ly0 = np.floor(p.min(0)).astype(int)
        lx1, ly1 = np.ceil(p.max(0)).astype(int)
        th = float(ly1 - ly0)
        if th < 6 or lx1 - lx0 < th:
            continue
        r = int(MARK_REACH * th) + 4
        X0, Y0, X1, Y1 = max(0, lx0 - r), max(0, ly0 - r), min(W, lx1 + int(th) + 4), min(H, ly1 + r)
        crop = image[Y0:Y1, X0:X1]
        parts, lab, edges = _parts(crop, other[Y0:Y1, X0:X1], th, params)
        if len(parts) < 2:
            continue
        line = (lx0 - X0, ly0 - Y0, lx1 - X0, ly1 - Y0)
        for g in _groups(parts):
            gp = [parts[k] for k in g]
            box = (min(d["box"][0] for d in gp), min(d["box"][1] for d in gp),
                   max(d["box"][2] for d in gp), max(d["box"][3] for d in gp))
            if not _one_mark(gp) or not _beside(box, line, th):
                continue
            # a part in the colour of the plate round the mark is that plate seen through a line
            # drawing (a ring emblem's inside, closed by its line), not ink: the group is refused
            plate = _plate_round(crop, edges, other[Y0:Y1, X0:X1], box)
            if plate is not None and any(np.abs(d["colour"] - plate).max() < params.min_contrast for d in gp):
                continue
            m = np.isin(lab, [d["id"] for d in gp])
            m |= cv2.dilate(m.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & edges  # the rims
            full = np.zeros((H, W), bool)
            full[Y0:Y1, X0:X1] = m
            if (full & taken).sum() > 0.5 * full.sum():
                continue  # (the same mark beside another line)
            if edges_full is None:
                edges_full = edge_map(image, params.edge_step)[0]
            if max(_lookalikes(image, edges_full, d, full) for d in gp) > MARK_LOOKALIKE:
                continue
            taken |= full
            props.append(ObjectProposal(full, box_of(full), MARK_SCORE, "logo", "graphic"))
    return props


def _others(image: np.ndarray, text_mask: np.ndarray | None, person_mask: np.ndarray | None) -> np.ndarray:
    """``image`` and the masks checked at the door, and the text and person pixels together (a mark is none)."""
    check_image(image, "image")
    check_masks(image, text_mask, person_mask)
    other = np.zeros(image.shape[:2], bool)
    for m in (text_mask, person_mask):
        if m is not None:
            other |= m
    return other


def _close_groups(parts: list, chunk: int = 128) -> list[list[int]]:
    """:func:`_groups`' links (the gap between rims at most the smaller part's short side, or 2 px), vectorised
    over rows of ``chunk`` parts at a time, the links kept sparse: memory grows with ``chunk`` times the parts and
    with the links, not with the parts squared (a tiled plate's thousands of cells)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if len(parts) < 2:
        return []
    b = np.array([d["box"] for d in parts], np.float64)
    x0, y0, x1, y1 = (b[:, k] for k in range(4))
    short = np.minimum(x1 - x0, y1 - y0)
    rows, cols = [], []
    for a in range(0, len(parts), chunk):
        s = slice(a, a + chunk)
        gap = np.maximum.reduce([x0[None] - x1[s, None], x0[s, None] - x1[None],
                                 y0[None] - y1[s, None], y0[s, None] - y1[None]]) - 2
        side = np.minimum(short[s, None], short[None]) + 2
        i, j = np.nonzero(gap <= np.maximum(2.0, MARK_GAP * side))
        rows.append(i + a)
        cols.append(j)
    i, j = np.concatenate(rows), np.concatenate(cols)
    links = coo_matrix((np.ones(len(i), bool), (i, j)), shape=(len(parts),) * 2)
    n, lab = connected_components(links, directed=False)
    order = np.argsort(lab, kind="stable")  # each group's parts in index order, the groups by label
    groups = np.split(order, np.cumsum(np.bincount(lab, minlength=n))[:-1])
    return [g.tolist() for g in groups if len(g) >= 2]


def _laid_out(g: list) -> bool:
    """Every part shares a side length and an edge or middle with another part: laid out, not scattered."""
    b = np.array([d["box"] for d in g], np.float64)
    w, h = b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]
    at = np.stack([b[:, 0], b[:, 2], (b[:, 0] + b[:, 2]) / 2, b[:, 1], b[:, 3], (b[:, 1] + b[:, 3]) / 2], 1)
    for i in range(len(g)):
        ok = False
        for j in range(len(g)):
            if i == j:
                continue
            tol = max(2.0, LONE_ALIGN * min(w[i], h[i], w[j], h[j]))
            if min(abs(w[i] - w[j]), abs(h[i] - h[j])) <= tol and np.abs(at[i] - at[j]).min() <= tol:
                ok = True
                break
        if not ok:
            return False
    return True


def _lone_scale(side: float) -> float:
    """The creative's scale against :data:`LONE_BAND`: 1 inside it, the short side over the band's nearer end outside."""
    lo, hi = LONE_BAND
    return side / lo if side < lo else side / hi if side > hi else 1.0


def _lone_floor(d: dict, f: float) -> bool:
    """A part over :data:`LONE_MIN` at scale ``f``; at ``f == 1`` today's test (area and thickness inside the rims).

    Elsewhere the part is measured **with** its 1 px rims (the anti-aliased rim is a pixel wide at every scale, so
    a part's inside shrinks faster than the creative: a 66 px dot at 1x is 9 px inside its rims at 0.5x) against
    the floor's own outer size, scaled by ``f`` squared (area) and ``f`` (thickness)."""
    x0, y0, x1, y1 = d["box"]
    bw, bh = x1 - x0, y1 - y0
    if f == 1.0:
        return d["area"] >= LONE_MIN[0] and min(bw, bh) >= LONE_MIN[1]
    outer = (np.sqrt(LONE_MIN[0]) + 2) ** 2  # a square floor part with its rims
    return d["area"] + 2 * (bw + bh) + 4 >= outer * f * f and min(bw, bh) + 2 >= (LONE_MIN[1] + 2) * f


def lone_mark_proposals(image: np.ndarray, *, text_mask: np.ndarray | None = None,
                        person_mask: np.ndarray | None = None,
                        params: GraphicParams | None = None) -> list[ObjectProposal]:
    """Marks of a few flat parts laid out together with no words beside them, as ``logo`` proposals.

    :func:`mark_row_proposals` reads the words beside a mark as its evidence; a mark alone (three
    dots, four bars, stacked stripes) has none, and its parts, each under the region stage's
    ``min_area`` or refused there, are never proposed (session 33, "logobars": 12 of 29 tune
    marks alone missed). What tells a designed mark from a picture's pieces here is its layout:

    1. *parts* as :func:`mark_row_proposals`' (flat areas between colour steps, off the text and
       person masks, ``min_contrast`` off the ring round them), at least :data:`LONE_MIN` (30 px,
       3 px thick) and at most :data:`LONE_SIDE` of the image's short side, squared;
    2. *one mark*: parts linked by the same gap, :data:`LONE_PARTS` of them, of one or two colours
       and like size (:func:`_one_mark`);
    3. *laid out*: every part shares a side length (width or height) **and** an edge or middle
       with another part of the group, within :data:`LONE_ALIGN` of the smaller side or 2 px
       (bars on one baseline, dots on one row, stripes flush left); a picture's flat pieces
       are not cut to one size on one line;
    4. *ink, not plate* and *not the plate's* as :func:`mark_row_proposals` (no part of the
       plate's colour round the group; at most :data:`MARK_LOOKALIKE` look-alikes elsewhere).

    With ``params.lone_scale`` (off; session 35) the rule holds at other sizes and after JPEG: the
    floors of 1. follow the creative's short side outside :data:`LONE_BAND` (:func:`_lone_scale`,
    :func:`_lone_floor`: the part measured with its 1 px rims, which do not scale), and the parts
    are read on the image levelled by a mean shift (:func:`~creative_tools.objects.codec.levelled`: JPEG q70's
    block and chroma steps, over ``edge_step`` inside a flat dot, split and roughen the parts;
    a part's step of ``min_contrast`` to its plate stays).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove (a part mostly under them is theirs).
    params : GraphicParams, optional
        ``edge_step``, ``max_std``, ``min_contrast`` and ``lone_scale`` are read (default: its defaults).

    Returns
    -------
    list of ObjectProposal
        Kind ``logo``, score :data:`MARK_SCORE`, the parts with their rims.

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB, or a mask that is not (H, W) bool like it.

    Examples
    --------
    >>> im = np.full((200, 200, 3), 230, np.uint8)
    >>> for i in range(3):
    ...     im[90:102, 60 + 18 * i:72 + 18 * i] = (30, 60, 200)
    >>> [(p.kind, p.box) for p in lone_mark_proposals(im)]
    [('logo', (60, 90, 108, 102))]
    """
    other = _others(image, text_mask, person_mask)
    params = GraphicParams() if params is None else params
    H, W = image.shape[:2]
    side = float(min(H, W))
    f = 1.0
    if params.lone_scale:
        f = _lone_scale(side)
        image = levelled(image)  # (the mean shift the JPEG pass reads, codec.JPEG_LEVEL)
    lo = float(LONE_MIN[0]) if f >= 1.0 else 3.0
    parts, lab, edges = _parts(image, other, 0.0, params, bounds=(lo, (LONE_SIDE * side) ** 2))
    parts = [d for d in parts if _lone_floor(d, f)]
    props = []
    for g in _close_groups(parts):
        gp = [parts[k] for k in g]
        if not LONE_PARTS[0] <= len(gp) <= LONE_PARTS[1] or not _one_mark(gp) or not _laid_out(gp):
            continue
        box = (min(d["box"][0] for d in gp), min(d["box"][1] for d in gp),
               max(d["box"][2] for d in gp), max(d["box"][3] for d in gp))
        plate = _plate_round(image, edges, other, box)
        if plate is not None and any(np.abs(d["colour"] - plate).max() < params.min_contrast for d in gp):
            continue
        x0, y0, x1, y1 = max(0, box[0] - 2), max(0, box[1] - 2), min(W, box[2] + 2), min(H, box[3] + 2)
        m = np.zeros((H, W), bool)
        m[y0:y1, x0:x1] = np.isin(lab[y0:y1, x0:x1], [d["id"] for d in gp])
        m[y0:y1, x0:x1] |= cv2.dilate(m[y0:y1, x0:x1].view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) \
            & edges[y0:y1, x0:x1]  # the rims
        if max(_lookalikes(image, edges, d, m) for d in gp) > MARK_LOOKALIKE:
            continue
        props.append(ObjectProposal(m, box_of(m), MARK_SCORE, "logo", "graphic"))
    return props
