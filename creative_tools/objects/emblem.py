"""A line emblem drawn in the ink of the words under it (a monoline logo; issue 9, items 2 and 5).

A monoline logo is a one-weight line drawing (mountains in a circle, waves, a leaf, a
house) over a letter-spaced wordmark, all in one ink. The text source takes the words; the
drawing is under the region stage's ``r_min`` (a line a few pixels wide, its insides the
plate seen through it), so it is never proposed, or only its circle (``neon``). This pass
starts from the words, as :mod:`~creative_tools.objects.marks` does. For each text line found
(a polygon of height ``th``):

1. *the line's ink*: the median colour of the text-mask pixels inside the line's box that
   lie farthest from the plate round the box (the glyphs' cores; the plate is about
   :data:`EMBLEM_PLATES` colours sampled from a :data:`EMBLEM_BAND` px band round the box, the
   text and person masks left out, and a pixel's step is to the nearest of them); the ink
   must differ from every one of them by ``min_contrast``;
2. *ink above the line*: in a window :data:`EMBLEM_REACH` ``th`` above the line and as far to
   each side of its middle, the pixels within :data:`EMBLEM_TOL` of the ink (largest channel
   step), off the text and person masks, joined by 8-connectivity; pieces of at least
   :data:`EMBLEM_MIN_PIECE` ``th`` squared that touch neither the window's top nor its sides
   (a plate's line running through the window is the plate's);
3. *one drawing*: the pieces lying within :data:`EMBLEM_GAP` ``th`` of each other, linked, the
   group whose bottom is nearest the line; it is a line drawing over the line when its box's
   gap to the line is at most :data:`EMBLEM_NEAR` ``th``, its middle lies over the line, its
   height is :data:`EMBLEM_LOW` ``th`` or more, its pixels cover at most :data:`EMBLEM_FILL` of
   its box (lines, not a solid shape: those are the region stage's) and its strokes are at most
   :data:`EMBLEM_STROKE` ``th`` wide (twice the median of the distance-to-plate on the pieces'
   ridges);
4. *not the plate's*: the picture holds at most :data:`EMBLEM_LOOKALIKE` times the drawing's
   pixels in the ink outside the drawing, the text mask and the line's box (a plate printed in
   the words' colour);
5. *printed flat*: the drawing's cores (its pixels at or over their median step to the nearest
   plate colour) spread (median largest-channel step from their median colour) at most
   :data:`EMBLEM_FLAT` levels wider than the glyphs' own (the line's text-mask pixels within
   :data:`EMBLEM_TOL` of the ink, read alike): ink is printed as flat as the
   words', a photographed or shaded thing (eyeglasses on a wood photo, a gold pendant's
   highlights) is not (session 34, "lmends").

With ``emblem_left`` (:class:`~creative_tools.objects.graphic.GraphicParams`, off; session 35, "objmiss") a
second window is read for each line: :data:`EMBLEM_REACH` ``th`` to the line's LEFT and as far above and
below its middle (a lockup's emblem beside its wordmark, the commonest real lockup; step 2's pieces must not
touch that window's left, top or bottom), the group whose right side is nearest the line kept when its gap
to the line is at most :data:`EMBLEM_NEAR` ``th`` and its middle lies on the line's height; steps 3 - 5
unchanged. Measured on ``scripts/samples_artcheck6.py`` (its ``emblem_left`` class): see docs/results.md,
"Session 35, objmiss".

The proposal is the drawing's ink shrunk so that the pipeline's default objects dilation
(long side / 250) grows it back to the ink and its 1 px anti-aliased rim, not past it (the ink
less ``rim - 1`` px, and the lines' ridges where they are thinner; :func:`_core`), the plate
seen through it left; kind ``logo``, score :data:`EMBLEM_SCORE`. ``--objects auto`` runs it
(``line_emblem``, on there since session 34: :data:`~creative_tools.objects.auto.AUTO_LINE_EMBLEM`;
:class:`~creative_tools.objects.graphic.GraphicParams` and so the click keep it off; session 34,
"linelogos").
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy.spatial import cKDTree

from .base import ObjectProposal, box_of
from .graphic import GraphicParams, _linked_groups, _rim_px
from .marks import _others

__all__ = ["EMBLEM_SCORE", "line_emblem_proposals"]

#: The window above a line: this many line heights up and to each side of its middle.
EMBLEM_REACH = 4.0
#: Colour tolerance (largest channel step) of the drawing's pixels to the line's ink.
EMBLEM_TOL = 40.0
#: The smallest piece of the drawing, as a share of the line height squared.
EMBLEM_MIN_PIECE = 0.02
#: The widest gap between two pieces of one drawing, in line heights.
EMBLEM_GAP = 0.5
#: The widest gap between the drawing and its line, in line heights.
EMBLEM_NEAR = 1.5
#: The shortest drawing, in line heights.
EMBLEM_LOW = 0.8
#: The largest share of its box the drawing's pixels cover (a line drawing, not a solid shape).
EMBLEM_FILL = 0.45
#: The widest stroke, in line heights.
EMBLEM_STROKE = 0.35
#: Pixels of the ink allowed elsewhere in the picture, in the drawing's pixels.
EMBLEM_LOOKALIKE = 1.5
#: The band round the line's box where the plate is read (px).
EMBLEM_BAND = 4
#: The plate's colours read in that band (about this many of its pixels, evenly sampled).
EMBLEM_PLATES = 400
#: The text-mask pixels read for the ink (about this many, evenly sampled: a headline's cost bounded).
EMBLEM_GLYPHS = 4000
#: How much wider (colour levels) the drawing's cores may spread than the glyphs' (printed ink is flat).
EMBLEM_FLAT = 3.0
#: The pixels read for a spread (about this many, evenly sampled).
EMBLEM_SPREAD_PX = 2000
#: The proposals' score (over ``min_score``: the words under it are the evidence).
EMBLEM_SCORE = 0.9


def _plate_and_ink(image: np.ndarray, text_mask: np.ndarray, other: np.ndarray, box: tuple,
                   contrast: float, *, open_left: bool = False):
    """The plate's colours round ``box`` (a sample of a band's pixels: a striped or veined plate has a
    range of them) and the ink of the text-mask pixels in it (float64 RGB), or None. ``open_left``: the
    band's part left of the box is not read (an emblem beside the words reaches into it: its ink read as
    plate leaves no ink; session 35)."""
    H, W = image.shape[:2]
    x0, y0, x1, y1 = box
    b = EMBLEM_BAND
    X0, Y0, X1, Y1 = max(0, x0 - b), max(0, y0 - b), min(W, x1 + b), min(H, y1 + b)
    ring = np.ones((Y1 - Y0, X1 - X0), bool)
    ring[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0] = False
    if open_left:
        ring[:, :x0 - X0] = False
    ring &= ~other[Y0:Y1, X0:X1]
    glyph = image[y0:y1, x0:x1][text_mask[y0:y1, x0:x1]].astype(np.int16)
    if ring.sum() < 8 or len(glyph) < 8:
        return None
    plates = image[Y0:Y1, X0:X1][ring].astype(np.int16)
    plates = plates[::max(1, len(plates) // EMBLEM_PLATES)]  # (even samples, the same on every run)
    glyph = glyph[::max(1, len(glyph) // EMBLEM_GLYPHS)]
    # each glyph pixel's step to the nearest plate colour: the plate seen under the text mask is near one
    dist = _nearest_step(glyph, plates)
    core = dist >= contrast
    if core.sum() < 8:
        return None
    far = core & (dist >= np.median(dist[core]))  # the glyphs' cores, not their anti-aliased rims
    return plates.astype(np.float64), np.median(glyph[far].astype(np.float64), 0)


def _nearest_step(colours: np.ndarray, plates: np.ndarray) -> np.ndarray:
    """(N,) int16: each of ``colours``' (N, 3) largest channel step to the nearest of ``plates`` (M, 3).

    Exact, as the (N, M) table of steps would give it, but read for each distinct colour once and through a
    k-d tree in the max-norm (session 34, emend: the table was most of ``line_emblem``'s CPU)."""
    def keys(c):
        return (c[:, 0].astype(np.int32) << 16) | (c[:, 1].astype(np.int32) << 8) | c[:, 2].astype(np.int32)

    _, first, back = np.unique(keys(colours), return_index=True, return_inverse=True)
    _, pfirst = np.unique(keys(plates), return_index=True)
    step, _ = cKDTree(plates[pfirst]).query(colours[first], p=np.inf)
    return step.astype(np.int16)[back.reshape(-1)]


def _of_ink(pixels: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """(h, w) bool: the (h, w, 3) uint8 ``pixels`` within :data:`EMBLEM_TOL` of ``ink`` (float RGB, taken to
    whole levels toward zero) in every channel, i.e. their largest channel step to it; one ``cv2.inRange``
    (session 34, emend: the same pixels as the int16 step table, without it)."""
    tol = int(np.floor(EMBLEM_TOL))  # (whole levels: a step is one)
    lo = tuple(float(max(0, int(v) - tol)) for v in ink.astype(np.int16))
    hi = tuple(float(min(255, int(v) + tol)) for v in ink.astype(np.int16))
    return cv2.inRange(pixels, lo, hi) > 0


def _stroke(piece: np.ndarray) -> float:
    """Twice the median distance to the outside on the piece's ridge (its stroke width, px)."""
    dt = cv2.distanceTransform(np.pad(piece, 1).view(np.uint8), cv2.DIST_L2, 3)[1:-1, 1:-1]
    ridge = piece & (dt >= cv2.dilate(dt, np.ones((3, 3), np.uint8)))
    v = dt[ridge]
    return 2.0 * float(np.median(v)) if len(v) else 0.0


def _spread(pixels: np.ndarray, plate: np.ndarray) -> float:
    """The spread of a printed part's cores: the median step (largest channel) from their median colour,
    the cores being the pixels at or over the median step to the nearest plate colour (not the
    anti-aliased rims). Flat ink spreads by a level or two; shading or a photo's grain by more."""
    px = pixels[::max(1, len(pixels) // EMBLEM_SPREAD_PX)].astype(np.int16)
    if len(px) < 8:
        return 0.0
    d = np.abs(px[:, None, :] - plate.astype(np.int16)[None]).max(-1).min(1)
    c = px[d >= np.median(d)].astype(np.float64)
    return float(np.median(np.abs(c - np.median(c, 0)).max(1)))


def _core(ink: np.ndarray, rim: int) -> np.ndarray:
    """The part of ``ink`` that the pipeline's objects dilation (``rim`` px) grows back to the ink and its
    1 px anti-aliased rim: the ink shrunk by ``rim - 1``, and its ridge where a line is thinner than that."""
    dt = cv2.distanceTransform(np.pad(ink, 1).view(np.uint8), cv2.DIST_L2, 3)[1:-1, 1:-1]
    ridge = ink & (dt >= cv2.dilate(dt, np.ones((3, 3), np.uint8)))
    return ridge | (dt > rim - 1)


def _window(side: str, line: tuple, th: float, H: int, W: int):
    """The window a drawing of the line is looked for in, ``(X0, Y0, X1, Y1)``, or None when too small:
    ``above``: :data:`EMBLEM_REACH` ``th`` above the line and as far to each side of its middle; ``left``
    (``emblem_left``): as far left of the line and above and below its middle."""
    lx0, ly0, lx1, ly1 = line
    r = int(EMBLEM_REACH * th)
    if side == "above":
        cx = (lx0 + lx1) // 2
        X0, Y0, X1, Y1 = max(0, cx - r), max(0, ly0 - r), min(W, cx + r), ly0
        if Y1 - Y0 < EMBLEM_LOW * th or X1 - X0 < th:
            return None
    else:
        cy = (ly0 + ly1) // 2
        X0, Y0, X1, Y1 = max(0, lx0 - r), max(0, cy - r), lx0, min(H, cy + r)
        if X1 - X0 < EMBLEM_LOW * th or Y1 - Y0 < th:
            return None
    return X0, Y0, X1, Y1


def _drawing(image: np.ndarray, other: np.ndarray, win: tuple, side: str, line: tuple, th: float,
             ink: np.ndarray):
    """The line drawing in ``ink`` in the window ``win`` beside the line (an (H, W) bool mask and its stroke
    width), or ``(None, 0.0)``: the pieces of the ink that do not run out of the window (its side toward
    the line left open), linked within :data:`EMBLEM_GAP` ``th``; the group nearest the line, within
    :data:`EMBLEM_NEAR` ``th`` of it, at least :data:`EMBLEM_LOW` ``th`` tall, its middle over the line
    (``above``) or on the line's height (``left``), covering at most :data:`EMBLEM_FILL` of its box, in
    strokes at most :data:`EMBLEM_STROKE` ``th`` wide."""
    lx0, ly0, lx1, ly1 = line
    X0, Y0, X1, Y1 = win
    H, W = image.shape[:2]
    near = _of_ink(image[Y0:Y1, X0:X1], ink) & ~other[Y0:Y1, X0:X1]
    n, lab, st, _ = cv2.connectedComponentsWithStats(near.view(np.uint8), connectivity=8)
    h, w = near.shape
    pieces = []
    for i in range(1, n):
        x, y, bw, bh, a = st[i]
        if a < EMBLEM_MIN_PIECE * th * th:
            continue
        if side == "above" and (y == 0 or x == 0 or x + bw >= w):
            continue  # (a line running out of the window is the plate's, or runs on past the frame)
        if side == "left" and (x == 0 or y == 0 or y + bh >= h):
            continue
        pieces.append((i, (x, y, x + bw, y + bh)))
    if not pieces:
        return None, 0.0

    def close(a: int, b: int, pieces=pieces, reach=EMBLEM_GAP * th) -> bool:
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = pieces[a][1], pieces[b][1]
        return max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1) <= reach

    groups: dict = {}
    for a, g in enumerate(_linked_groups(len(pieces), close)):
        groups.setdefault(g, []).append(a)
    # the group nearest the line (above: its bottom lowest; left: its right side rightmost)
    edge = 3 if side == "above" else 2
    best = max(groups.values(), key=lambda g: max(pieces[k][1][edge] for k in g))
    ids = [pieces[k][0] for k in best]
    gx0 = min(pieces[k][1][0] for k in best)
    gy0 = min(pieces[k][1][1] for k in best)
    gx1 = max(pieces[k][1][2] for k in best)
    gy1 = max(pieces[k][1][3] for k in best)
    gh = gy1 - gy0
    if side == "above":
        if h - gy1 > EMBLEM_NEAR * th or gh < EMBLEM_LOW * th:
            return None, 0.0
        if not lx0 <= X0 + (gx0 + gx1) / 2 <= lx1:
            return None, 0.0
    else:
        if w - gx1 > EMBLEM_NEAR * th or gh < EMBLEM_LOW * th:
            return None, 0.0
        if not ly0 <= Y0 + (gy0 + gy1) / 2 <= ly1:
            return None, 0.0
    m = np.isin(lab, ids)
    if m.sum() > EMBLEM_FILL * (gx1 - gx0) * gh:
        return None, 0.0
    stroke = _stroke(m)
    if stroke > EMBLEM_STROKE * th:
        return None, 0.0
    full = np.zeros((H, W), bool)
    full[Y0:Y1, X0:X1] = m
    return full, stroke


def line_emblem_proposals(image: np.ndarray, *, text_polygons=(), text_mask: np.ndarray | None = None,
                          person_mask: np.ndarray | None = None,
                          params: GraphicParams | None = None) -> list[ObjectProposal]:
    """Line drawings in the ink of a detected text line, over it, as ``logo`` proposals (full size).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_polygons : list of (N, 2) float arrays
        Text lines found by the text detector, in image pixels (the evidence: none, no proposal).
    text_mask : (H, W) bool, optional
        The text source's pixels: the line's ink is read under it (None: no proposal).
    person_mask : (H, W) bool, optional
        The person source's pixels (never the drawing's).
    params : GraphicParams, optional
        ``min_contrast`` and ``emblem_left`` (also look left of each line) are read (default: its defaults).

    Returns
    -------
    list of ObjectProposal

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB, or a mask that is not (H, W) bool like it.

    Examples
    --------
    >>> im = np.full((120, 160, 3), 235, np.uint8)
    >>> _ = cv2.circle(im, (80, 40), 22, (90, 40, 150), 2)
    >>> _ = cv2.line(im, (64, 50), (80, 30), (90, 40, 150), 2)
    >>> tm = np.zeros((120, 160), bool)
    >>> _ = cv2.putText(im, "MORROW", (40, 86), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (90, 40, 150), 2)
    >>> tm[72:90, 38:122] = (im[72:90, 38:122] < 200).any(-1)
    >>> word = np.array([[38, 72], [122, 72], [122, 90], [38, 90]], np.float32)
    >>> [(p.kind, p.box) for p in line_emblem_proposals(im, text_polygons=[word], text_mask=tm)]
    [('logo', (57, 17, 104, 64))]
    """
    other = _others(image, text_mask, person_mask)
    params = GraphicParams() if params is None else params
    if text_mask is None:
        return []
    H, W = image.shape[:2]
    props, taken = [], np.zeros((H, W), bool)
    for lx0, ly0, lx1, ly1, th in _line_boxes(text_polygons, H, W):
        got = None
        for side in ("above", "left") if params.emblem_left else ("above",):
            win = _window(side, (lx0, ly0, lx1, ly1), th, H, W)
            if win is None:
                continue
            if got is None or side == "left":
                # (left: the plate read without the band's left part, where the emblem lies)
                got = _plate_and_ink(image, text_mask, other, (lx0, ly0, lx1, ly1), params.min_contrast,
                                     open_left=side == "left")
                if got is None:
                    continue
                plate, ink = got
                if np.abs(plate - ink).max(1).min() < params.min_contrast:
                    continue  # (an ink that is one of the plate's colours)
            full, stroke = _drawing(image, other, win, side, (lx0, ly0, lx1, ly1), th, ink)
            if full is None:
                continue
            box_px = image[ly0:ly1, lx0:lx1]
            glyph = box_px[text_mask[ly0:ly1, lx0:lx1]
                           & (np.abs(box_px.astype(np.int16) - ink.astype(np.int16)).max(-1) <= EMBLEM_TOL)]
            X0, Y0, X1, Y1 = win
            if _spread(image[Y0:Y1, X0:X1][full[Y0:Y1, X0:X1]], plate) > _spread(glyph, plate) + EMBLEM_FLAT:
                continue  # (shaded or grainy: a photographed thing, not ink printed as flat as the words')
            if (full & taken).sum() > 0.5 * full.sum():
                continue  # (the same drawing over another line)
            same = _of_ink(image, ink) & ~other & ~full
            same[ly0:ly1, lx0:lx1] = False
            k = 2 * round(stroke) + 1  # (thin lines of the ink elsewhere: a solid shape of it is no pattern)
            same &= ~cv2.morphologyEx(same.view(np.uint8), cv2.MORPH_OPEN,
                                      cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))).astype(bool)
            if same.sum() > EMBLEM_LOOKALIKE * full.sum():
                continue
            taken |= full
            core = _core(full, _rim_px(H, W, 1.0))
            props.append(ObjectProposal(core, box_of(core), EMBLEM_SCORE, "logo", "graphic"))
    return props


def _line_boxes(text_polygons, H: int, W: int):
    """Each text polygon's box clipped to the image, ``(x0, y0, x1, y1, height)``, for the lines
    a mark can go with: an empty or broken polygon, a line under 6 px high or narrower than it
    is high yields nothing (shared by :func:`line_emblem_proposals` and
    :func:`creative_tools.objects.links.link_proposals`)."""
    for poly in text_polygons:
        p = np.asarray(poly, np.float64).reshape(-1, 2)
        if len(p) == 0 or not np.isfinite(p).all():
            continue  # (an empty or broken polygon is no line)
        lx0, ly0 = np.clip(np.floor(p.min(0)).astype(int), 0, None)
        lx1, ly1 = np.ceil(p.max(0)).astype(int)
        lx1, ly1 = min(W, lx1), min(H, ly1)
        th = float(ly1 - ly0)
        if th < 6 or lx1 - lx0 < th:
            continue
        yield lx0, ly0, lx1, ly1, th
