"""Glowing and graded line-work: a closed line drawn round a spot of the plate (issue 9).

A neon pill (a bright stroke inside a soft halo) or a gradient-outlined button has no one
colour and no closed *colour* region, so the region stage of
:func:`~creative_tools.objects.graphic.graphic_proposals` never proposes it: what it has is a
closed *line*. This module finds such a line from first principles, at a working size of at
most ``work_side`` px:

1. *ridge*: per channel, the white and the black top-hat with a disc :data:`NEON_KERNEL` of the
   long side across (a line narrower than the disc is kept, a plate's wide areas and its steps
   are not); a pixel is on a line where the largest of the six exceeds :data:`NEON_RIDGE`; of a
   connected piece only what reaches :data:`NEON_STRONG` of its median is kept (a plate's soft
   step touching the line);
2. *loop*: a piece that does not touch the frame and encloses something; its filled shape, less
   the spurs a 5 x 5 opening takes, is convex (solidity >= :data:`NEON_SOLIDITY`: a pill, a ring,
   a rounded card) and at least :data:`NEON_MIN_AREA` of the image; the line is read from that
   shape's outline inward (:func:`_loop_shape`): its width is the last distance at which
   :data:`NEON_OCCUPIED` of the shape's pixels are line pixels, at most :data:`NEON_MAX_WIDTH` of
   the short side; what lies deeper (words, an icon, the gaps beside them) is no part of the
   line, covers at least ``1 - NEON_MAX_FILL`` of the shape and holds at most
   :data:`NEON_INSIDE_LINES` line pixels off the text / person masks; a loop whose shape and
   line are both mostly text or person (a letter's bowl) is the other sources' own;
3. *not the plate's*: fewer than :data:`NEON_PATTERN` loops alike (long and short side within
   :data:`NEON_KIN`, in any colour: more are a printed pattern, rings, bubbles, a Memphis print), and
   line pixels of the loop's colour elsewhere in the picture, off the text / person masks and off
   the loops alike (a row of identical pills is judged by the count), up to
   :data:`NEON_LOOKALIKE` times its own (a contour map's or a marble's lines are many);
4. *halo*: the line's colour spread along it (a gradient ring keeps its local colour) and the
   plate read beyond :data:`NEON_REACH` of the short side are the two ends of a blend; a pixel's
   share of the line's colour is its projection on the segment plate -> line (0 where it lies
   off the segment by more than :data:`NEON_OFF` of its length: another colour, no blend);
   averaged over the pixels at one distance from the line, outward and inward, the halo runs to
   the last distance whose mean share is >= :data:`NEON_HALO` (the truth's alpha 0.1). An inside
   that never falls back is a tint (taken whole) only where it differs from the plate just beyond
   the halo towards the line's colour, by at most :data:`NEON_TINT` (more: the line is the rim
   of a filled shape, and the loop is dropped);
5. *colour or glow*: the line's median colour, or its halo's, has a chroma (max - min channel)
   of at least :data:`NEON_CHROMA`, or the halo reaches :data:`NEON_GLOW` px (and the line's
   width) on both sides: window frames, lamp rims and mortar in photos are grey or white and
   have no halo.

The proposal is the line with its halo (the words inside are the text source's), kind
``button``, score :data:`NEON_SCORE`; the halo's soft part ends the pipeline's *default* objects
dilation (long side / 250, :func:`creative_tools.objects.graphic._rim_px`) short of its 0.1 line,
so that dilation carries the fill to that line and not past it (session 32, neon2). With another
``objects_dilate`` (0: the raw mask), or a mask used outside the pipeline, the soft rim of the halo
is left (about a third of the halo's alpha > 0.1 pixels at 768 px). ``--objects auto`` runs it
(:data:`~creative_tools.objects.auto.AUTO_NEON`, on since session 32; ``neon=false`` turns it off);
:class:`~creative_tools.objects.graphic.GraphicParams` and the click keep ``neon`` False.

``neon_cut`` (session 34, off everywhere; ``--objects-options neon_cut=true``): a loop drawn over a
plate of lines (planks' seams, stripes, a map's contours) is one ridge piece with them, so step 2
drops it (the piece runs to the frame, is too large, or encloses no convex shape). Where a piece
yields no loop, its filled shape is opened by the top-hat's disc (the plate's lines are narrower,
the loop's body wider) and, where a body still fails, by a disc :data:`NEON_CUT_CORE` of the body's
thickest width (its core); each body is judged as a piece. Step 3 then reads the loop's *own* pixels:
those farther than :data:`NEON_CUT_TOL` from every colour of the lines it was cut from, at least
:data:`NEON_CUT_OWN` of its line (a cell of the plate's own seams has none); the look-alike test and
the chroma read those. Measured, left off (``docs/results.md``, "Session 34, rings").

``neon_follow`` (session 35; on in ``--objects auto``, :data:`~creative_tools.objects.auto.AUTO_NEON_FOLLOW`,
``--objects-options neon_follow=false`` turns it off; the click keeps it off): where the plate's
lines do not cross a ring but close plate off against it (a map's contours) or where the plate's own
bands are ridges at neon's disc (wavy stripes and the gaps between them, one piece with the ring and
its inside), opening the filled piece keeps them. The ring is a line of one width whose colour runs
on slowly along it: in the piece's window, its pixels that are still ridges at neon's least disc
(:data:`NEON_FOLLOW_DISC`, at which a plate's wider bands are none) are followed 8-neighbour by
neighbour while their colours lie within :data:`NEON_FOLLOW_TOL` (:func:`_follow`); a line of another
ink that meets the ring steps to its own colour there. Each line so followed is judged as a piece
(steps 2 - 5, the look-alike test reading every other line of the picture). Measured and on in
``auto`` (``docs/results.md``, "Session 35, rings" and "End of session 35").
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy.ndimage import find_objects

from ..contract import check_image
from .base import ObjectProposal, box_of, check_masks
from .graphic import _rim_px

__all__ = ["NEON_SCORE", "neon_proposals"]

#: The top-hat's disc, as a share of the working image's long side (odd, at least 7 px): lines
#: up to about half of it wide are ridges (neon strokes and gradient outlines: 2 - 6 px at 768).
NEON_KERNEL = 0.014
#: The least top-hat response (levels, largest over channels and polarities) of a line pixel.
NEON_RIDGE = 32.0
#: A line pixel's least ridge, as a share of its piece's median (weaker spurs are cut off).
NEON_STRONG = 0.5
#: The least filled shape of a loop, as a share of the working image.
NEON_MIN_AREA = 0.002
#: The least solidity (area over its convex hull's) of the loop's filled shape.
NEON_SOLIDITY = 0.93
#: The line's pixels at most this share of the filled shape (a thin band, not a filled disc).
NEON_MAX_FILL = 0.45
#: The line's width at most this share of the filled shape's short side.
NEON_MAX_WIDTH = 0.2
#: The least share of line pixels at one distance from the outline for the line to reach it.
NEON_OCCUPIED = 0.6
#: The most line pixels (off the text and person masks) the inside may hold, as a share of it.
NEON_INSIDE_LINES = 0.35
#: The least chroma (max - min channel) of the line's or the halo's median colour.
NEON_CHROMA = 40.0
#: How far the halo is sought, as a share of the loop's short side (the plate is read beyond it).
NEON_REACH = 0.25
#: How far off the segment plate -> line colour a halo pixel may lie, as a share of its length (+ 20 levels).
NEON_OFF = 0.35
#: The most mean share of the line's colour a tinted inside may hold (more: a filled shape).
NEON_TINT = 0.6
#: The least mean share of the line's colour at one distance for the halo to reach it.
NEON_HALO = 0.1
#: Line pixels of the loop's colour elsewhere in the picture, as a multiple of the loop's own, past
#: which the loop is one of the plate's lines (a contour map, a marble's veins, a line pattern).
NEON_LOOKALIKE = 1.5
#: Two loops are alike (the pattern test, the look-alike test's siblings) when their filled shapes'
#: long sides and short sides each lie within this factor.
NEON_KIN = 1.5
#: Loops alike (itself included) from which they are all the plate's pattern, in whatever colours
#: (rings, bubbles, a Memphis print); fewer (a row of identical pills) are judged each on its own.
NEON_PATTERN = 4
#: A grey or pale line is kept when its halo reaches this far (px, and its own width) on both sides.
NEON_GLOW = 3
#: A loop cut from the plate's lines (``neon_cut``) keeps at least this share of its line pixels off
#: every colour of the lines it was cut from.
NEON_CUT_OWN = 0.5
#: How near (levels, every channel) a loop's line pixel lies to a colour of those lines to be theirs.
NEON_CUT_TOL = 20.0
#: The core of a cut loop's body: opened by a disc of this share of its thickest width (a pill, a
#: stadium, is unchanged by any disc up to its height; a stretch of plate on a narrower neck goes).
NEON_CUT_CORE = 0.8
#: ``neon_follow``: two neighbouring line pixels are one line where their colours lie within this many
#: levels (every channel): a graded ring's colour runs on slowly along it, a plate's line that meets it
#: steps to another colour.
NEON_FOLLOW_TOL = 30.0
#: ``neon_follow``: the top-hat's disc (px at the working size) at which a joined piece's lines are read
#: again: neon's least disc, at which a plate's wider bands (stripes, the gaps between them) are no
#: ridge and a ring's 2 - 5 px line still is.
NEON_FOLLOW_DISC = 7
#: The score of a neon proposal (over ``auto``'s ``min_score``, 0.85).
NEON_SCORE = 0.9


def _ridge(small: np.ndarray, k: int) -> np.ndarray:
    """(h, w) float32: the largest white or black top-hat over the three channels (disc of ``k`` px)."""
    ker = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    out = np.zeros(small.shape[:2], np.float32)
    for c in range(3):
        ch = small[..., c]
        np.maximum(out, cv2.morphologyEx(ch, cv2.MORPH_TOPHAT, ker).astype(np.float32), out=out)
        np.maximum(out, cv2.morphologyEx(ch, cv2.MORPH_BLACKHAT, ker).astype(np.float32), out=out)
    return out


def _strong(comp: np.ndarray, ridge: np.ndarray) -> np.ndarray:
    """The largest piece of ``comp`` left where its ridge is at least :data:`NEON_STRONG` of its median.

    A plate's soft steps (a ray's anti-aliased edge) touch a drawn line at a weaker response
    and would split the loop's inside in two.
    """
    keep = comp & (ridge >= NEON_STRONG * np.median(ridge[comp]))
    n, lab, st, _ = cv2.connectedComponentsWithStats(keep.view(np.uint8), connectivity=8)
    if n < 2:
        return keep
    return lab == 1 + int(np.argmax(st[1:, cv2.CC_STAT_AREA]))


class _Lines:
    """An image's line pixels, gathered once: their positions, colours (int16) and pieces' labels.

    The look-alike test reads every line pixel of the picture once per candidate loop; a
    plate of many loops made that a full-image scan each (session 33, nmends: 0.85 - 1.05 s
    on a plate of ~90 rings, the same answers now).
    """

    def __init__(self, small: np.ndarray, lines: np.ndarray, lab: np.ndarray):
        self.ys, self.xs = np.nonzero(lines)
        self.cols = small[self.ys, self.xs].astype(np.int16)
        self.lab = lab[self.ys, self.xs]


def _lookalike(found: _Lines, px: np.ndarray, box: tuple, siblings=(), tol: float = 40.0) -> int:
    """Line pixels of ``found`` outside ``box`` within ``tol`` (every channel) of the median of ``px``.

    Those of the pieces labelled ``siblings`` (loops of the candidate's size and shape, which the
    pattern test judges together: a row of identical pills) are not counted.
    """
    x0, y0, x1, y1 = box
    med = np.median(px.reshape(-1, 3), 0).astype(np.int16)
    near = (np.abs(found.cols - med) <= tol).all(-1)
    near &= ~((found.xs >= x0) & (found.xs < x1) & (found.ys >= y0) & (found.ys < y1))
    if len(siblings):
        near &= ~np.isin(found.lab, siblings)
    return int(near.sum())


def _kin(shapes: list) -> list:
    """Per loop (its filled shape), the indices of the loops alike (itself too): a long side and a short
    side (of the shape's box) each within a factor :data:`NEON_KIN` of its own, in any colour and place."""
    dims = []
    for f in shapes:
        ys, xs = np.nonzero(f)
        a, b = int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1
        dims.append((max(a, b), min(a, b)))
    d = np.array(dims, np.float64).reshape(-1, 2)
    r = np.maximum(d[:, None, :] / d[None, :, :], d[None, :, :] / d[:, None, :]).max(-1)
    return [list(np.flatnonzero(row <= NEON_KIN)) for row in r]


def _cut_bodies(lab: np.ndarray, i: int, box: tuple, k: int, least: float = 0.0) -> list:
    """The bodies of piece ``i``'s filled shape once what is narrower than a disc of ``k`` px is opened away.

    A gradient ring on a striped or lined plate touches the plate's lines (a stripe's edge, a plank's
    seam, a map's contour) and is one piece with them: the piece may run to the frame, be too large,
    or enclose no single convex shape. The lines are narrower than the top-hat's disc (they are
    ridges) and the loop's filled shape is wider: opening the filled piece leaves the loop's body.
    Returns ``[(box, keep), ...]``: each body's box (x, y, w, h) and a full-size bool mask of the
    body grown by 1 px (its line on the outline kept), for the bodies whose box holds ``least`` px.
    """
    h, w = lab.shape
    x, y, bw, bh = box
    x0, y0, x1, y1 = max(0, x - 1), max(0, y - 1), min(w, x + bw + 1), min(h, y + bh + 1)
    piece = lab[y0:y1, x0:x1] == i
    filled = _fill(piece)
    if int(filled.sum()) == int(piece.sum()):
        return []
    body = cv2.morphologyEx(filled.view(np.uint8), cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    nb, bl, st, _ = cv2.connectedComponentsWithStats(body, connectivity=8)
    out = []
    for j in range(1, nb):
        if st[j, 2] * st[j, 3] < least:
            continue
        keep = np.zeros((h, w), bool)
        keep[y0:y1, x0:x1] = cv2.dilate((bl == j).view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        out.append(((x0 + int(st[j, 0]), y0 + int(st[j, 1]), int(st[j, 2]), int(st[j, 3])), keep))
    return out


def _follow(small: np.ndarray, piece: np.ndarray, tol: float = NEON_FOLLOW_TOL) -> tuple[int, np.ndarray]:
    """The lines of ``piece`` (a window's bool mask) followed by their colour: (count, int32 labels, 0 = none).

    Two 8-neighbours of the piece are one line where every channel of ``small`` (the window's
    colours, like ``piece``) differs by at most ``tol``: a graded ring's colour changes slowly along
    it, while a plate's line that meets it (a map's contour, a stripe's edge, a letter of another
    ink) steps to its own colour where it joins, so the ring is parted from what closes plate off
    against it or scallops its outline, which opening its filled shape cannot do (session 35, rings).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    h, w = piece.shape
    ys, xs = np.nonzero(piece)
    idx = np.full((h, w), -1, np.int64)
    idx[ys, xs] = np.arange(len(ys))
    c = small.astype(np.int16)
    rows, cols = [], []
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        a = (slice(0, h - dy), slice(max(0, -dx), w - max(0, dx)))
        b = (slice(dy, h), slice(max(0, dx), w - max(0, -dx)))
        link = piece[a] & piece[b] & (np.abs(c[a] - c[b]).max(-1) <= tol)
        rows.append(idx[a][link])
        cols.append(idx[b][link])
    r, q = np.concatenate(rows), np.concatenate(cols)
    n, lab1 = connected_components(coo_matrix((np.ones(len(r), np.int8), (r, q)), shape=(len(ys), len(ys))),
                                   directed=False)
    lab = np.zeros((h, w), np.int32)
    lab[ys, xs] = lab1 + 1
    return n, lab


def _near(px: np.ndarray, ref: np.ndarray, tol: float = 40.0) -> np.ndarray:
    """(n,) bool: the colours ``px`` (n, 3) within ``tol`` (every channel) of any of ``ref`` (m, 3)."""
    out = np.zeros(len(px), bool)
    if len(ref) == 0:
        return out
    r = ref.reshape(-1, 3).astype(np.int16)
    p = px.reshape(-1, 3).astype(np.int16)
    for a in range(0, len(p), 256):
        out[a:a + 256] = (np.abs(p[a:a + 256, None, :] - r[None]).max(-1) <= tol).any(-1)
    return out


def _core(keep: np.ndarray):
    """``keep``'s thickest body: opened by a disc :data:`NEON_CUT_CORE` of its thickest width across.

    Returns (box (x, y, w, h), full-size bool mask grown by 1 px) of the largest piece left, or None.
    """
    ys, xs = np.nonzero(keep)
    if len(ys) == 0:
        return None
    x0, y0, x1, y1 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
    m = keep[y0:y1, x0:x1].view(np.uint8)
    d = cv2.distanceTransform(np.pad(m, 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    k = int(2 * NEON_CUT_CORE * float(d.max())) | 1
    if k < 7:
        return None
    core = cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, lab, st, _ = cv2.connectedComponentsWithStats(core, connectivity=8)
    if n < 2:
        return None
    j = 1 + int(np.argmax(st[1:, cv2.CC_STAT_AREA]))
    out = np.zeros(keep.shape, bool)
    out[y0:y1, x0:x1] = cv2.dilate((lab == j).view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & keep[y0:y1, x0:x1]
    return (int(x0 + st[j, 0]), int(y0 + st[j, 1]), int(st[j, 2]), int(st[j, 3])), out


def _fill(m: np.ndarray) -> np.ndarray:
    """``m`` with its holes filled (what the outside cannot reach 4-connected)."""
    pad = np.pad(~m, 1, constant_values=True).view(np.uint8).copy()
    _, lab = cv2.connectedComponents(pad, connectivity=4)
    outside = lab == lab[0, 0]
    return ~outside[1:-1, 1:-1]


def _chroma(px: np.ndarray) -> float:
    if len(px) == 0:
        return 0.0
    med = np.median(px.reshape(-1, 3), 0)
    return float(med.max() - med.min())


def _loop_shape(comp: np.ndarray, other: np.ndarray):
    """A closed thin line round ``comp``'s filled shape: (filled shape, the line, its width), or None.

    The line is read from the filled shape's outline inward: at each distance ``d`` (1 px
    steps) the share of the filled shape's pixels there that are line pixels; the line's
    width is the last ``d`` where that share is still >= :data:`NEON_OCCUPIED`. What lies
    inside (words, an icon, the gaps beside them, which a top-hat also finds) is not the line;
    it may hold at most :data:`NEON_INSIDE_LINES` line pixels (off ``other``: text, person),
    or it is a net (a grid of mortar, window bars) or a filled shape.
    """
    filled = _fill(comp)
    fa = int(filled.sum())
    if fa == int(comp.sum()):
        return None  # no inside
    # (the solidity of the shape less its spurs: a plate's soft step touching the line outside)
    body = cv2.morphologyEx(filled.view(np.uint8), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    cs, _ = cv2.findContours(body, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cs:
        return None
    c = max(cs, key=cv2.contourArea)
    hull = cv2.contourArea(cv2.convexHull(c))
    main = np.zeros_like(body)
    cv2.drawContours(main, [c], -1, 1, -1)
    if hull <= 0 or main.sum() / hull < NEON_SOLIDITY:
        return None
    # the loop is the main body's: spurs and what hangs on them are no part of it
    filled = filled & cv2.dilate(main, np.ones((3, 3), np.uint8)).astype(bool)
    comp = comp & filled
    fa = int(filled.sum())
    _, _, bw, bh = cv2.boundingRect(c)
    d = cv2.distanceTransform(np.pad(filled, 1).view(np.uint8), cv2.DIST_L2, 3)[1:-1, 1:-1]
    width = 0
    top = max(1, int(NEON_MAX_WIDTH * min(bw, bh)))
    for k in range(1, top + 2):
        ring = filled & (d > k - 1) & (d <= k)
        if not ring.any():
            return None  # no inside left
        if comp[ring].mean() < NEON_OCCUPIED:
            break
        width = k
    if width == 0 or width > top:
        return None  # no line, or a thick band: a region the ordinary stage judges
    line = comp & (d <= width + 1)
    inside = filled & (d > width + 1)
    if inside.sum() < (1 - NEON_MAX_FILL) * fa:
        return None
    seen = inside & ~other
    if seen.any() and comp[seen].mean() > NEON_INSIDE_LINES:
        return None
    return filled, line, width


def _halo(crop: np.ndarray, line: np.ndarray, filled: np.ndarray, width: float, reach: int,
          seen: np.ndarray, rim: int = 0) -> tuple[np.ndarray, float, int] | None:
    """The line with its halo (and a tinted inside) in the crop, the halo's chroma, its least extent (px).

    The halo's soft part is ended ``rim`` px (the pipeline's objects dilation, working px) short
    of its 0.1 line on each side, so the dilation carries it back to that line, not past it; the
    extents returned (the glow test's) are the unshrunk ones. None where the inside is the line's
    own colour (the rim of a filled shape).
    """
    f = crop.astype(np.float64)
    lf = line.astype(np.float64)
    sig = max(2.0, 2 * width)
    wl = cv2.GaussianBlur(lf, (0, 0), sig)
    col = cv2.GaussianBlur(f * lf[..., None], (0, 0), sig)
    # the line's own colour where the line is thin on the ground: spread out to the reach
    wl2 = cv2.GaussianBlur(lf, (0, 0), reach)
    col2 = cv2.GaussianBlur(f * lf[..., None], (0, 0), reach)
    lc = np.where((wl > 1e-3)[..., None], col / np.maximum(wl, 1e-9)[..., None],
                  col2 / np.maximum(wl2, 1e-9)[..., None])
    d_out = cv2.distanceTransform(np.pad(~filled, 1, constant_values=True).view(np.uint8), cv2.DIST_L2, 3)[1:-1, 1:-1]
    inside = filled & ~line
    d_in = cv2.distanceTransform(np.pad(~line, 1, constant_values=True).view(np.uint8), cv2.DIST_L2, 3)[1:-1, 1:-1]
    far = (d_out > reach) & (d_out <= 2 * reach) & seen
    if far.sum() < 20:
        return line, 0.0, 0
    ff = far.astype(np.float64)
    sp = max(2.0, reach)
    wp = cv2.GaussianBlur(ff, (0, 0), sp)
    pl = cv2.GaussianBlur(f * ff[..., None], (0, 0), sp) / np.maximum(wp, 1e-9)[..., None]
    med = np.median(f[far], 0)
    pl = np.where((wp > 1e-3)[..., None], pl, med)
    dv = lc - pl
    n2 = np.maximum((dv ** 2).sum(-1), 40.0 ** 2)
    a = ((f - pl) * dv).sum(-1) / n2
    # a blend of plate and line lies near the segment between them: what lies off it (a dark
    # panel inside a light rim, another colour) is no halo and no tint
    off = np.sqrt(((f - pl - a[..., None] * dv) ** 2).sum(-1))
    a = np.where((off <= NEON_OFF * np.sqrt(n2) + 20.0) & (a <= 1.25), a, 0.0)

    def extent(d, where, top):
        last = 0
        for k in range(1, top + 1):
            ring = where & (d > k - 1) & (d <= k) & seen
            if ring.sum() < 8:
                break
            if a[ring].mean() < NEON_HALO:
                break
            last = k
        return last

    e_out = extent(d_out, ~filled, reach)
    deep = int(d_in[inside].max()) if inside.any() else 0
    e_in = extent(d_in, inside, deep)
    if deep and e_in >= deep - 1:
        # the inside never falls back to the plate read far out: a tint only when it differs
        # from the plate just beyond the halo towards the line's colour (the far read may
        # cross onto another plate)
        near = ~filled & (d_out > e_out) & (d_out <= e_out + 3) & seen
        ins = inside & seen
        tint = 0.0
        if near.any() and ins.any():
            po, pi, pc = np.median(f[near], 0), np.median(f[ins], 0), np.median(f[line], 0)
            tint = float((pi - po) @ (pc - po) / max(float((pc - po) @ (pc - po)), 40.0 ** 2))
        if tint > NEON_TINT:
            return None  # the inside is the line's own colour: a filled shape's rim, not a line
        e_in = deep if tint >= NEON_HALO else min(e_in, e_out)
    whole = bool(deep) and e_in >= deep

    def taken(cut):
        m = line | (~filled & (d_out <= e_out - cut))
        return m | (inside if whole else inside & (d_in <= e_in - cut))

    full = taken(0)
    halo = full & ~line
    return taken(rim) if rim else full, (_chroma(crop[halo]) if halo.any() else 0.0), min(e_out, e_in)


def neon_proposals(image: np.ndarray, *, text_mask: np.ndarray | None = None,
                   person_mask: np.ndarray | None = None, params=None) -> list[ObjectProposal]:
    """Closed glowing or graded lines (neon pills, gradient rings) with their halo, as ``button`` proposals.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove: a loop mostly under them is none, and the halo is not
        read there.
    params : GraphicParams, optional
        Read: ``work_side``, ``max_area``.

    Returns
    -------
    list of ObjectProposal
        Full-size masks, kind ``button``, score :data:`NEON_SCORE`.

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB, or a mask that is not (H, W) bool like it.

    Examples
    --------
    >>> import numpy as np, cv2
    >>> img = np.full((200, 300, 3), (30, 25, 40), np.uint8)
    >>> _ = cv2.rectangle(img, (60, 70), (240, 130), (255, 60, 200), 3)
    >>> [p.kind for p in neon_proposals(img)]
    ['button']
    """
    image = check_image(image)
    check_masks(image, text_mask, person_mask)
    work_side = getattr(params, "work_side", 768)
    max_area = getattr(params, "max_area", 0.25)
    H, W = image.shape[:2]
    s = min(1.0, work_side / max(H, W))
    rim = _rim_px(H, W, s)  # the pipeline's objects dilation, working px
    small = image if s == 1.0 else cv2.resize(image, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    other = np.zeros((h, w), bool)
    for m in (text_mask, person_mask):
        if m is not None:
            other |= (m if m.shape == (h, w) else
                      cv2.resize(m.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR) > 0.5)
    k = max(7, round(NEON_KERNEL * max(h, w)) | 1)
    ridge = _ridge(small, k)
    lines = ridge > NEON_RIDGE
    n, lab, stats, _ = cv2.connectedComponentsWithStats(lines.view(np.uint8), connectivity=8)
    def loop(i, box, keep=None, part=None):
        """The loop of piece ``i`` in ``box`` (x, y, w, h; less what ``keep``, full-size, leaves out, or
        what ``part``, ``(x, y, mask)`` a window's bool mask at (x, y), leaves out), or None."""
        x, y, bw, bh = box
        reach = max(3, round(NEON_REACH * min(bw, bh)))
        x0, y0 = max(0, x - 2 * reach - 2), max(0, y - 2 * reach - 2)
        x1, y1 = min(w, x + bw + 2 * reach + 2), min(h, y + bh + 2 * reach + 2)
        comp = lab[y0:y1, x0:x1] == i
        if keep is not None:
            comp &= keep[y0:y1, x0:x1]
            if not comp.any():
                return None
        if part is not None:
            px0, py0, pm = part
            mine = np.zeros_like(comp)
            ax0, ay0 = max(x0, px0), max(y0, py0)
            ax1, ay1 = min(x1, px0 + pm.shape[1]), min(y1, py0 + pm.shape[0])
            if ax1 <= ax0 or ay1 <= ay0:
                return None
            mine[ay0 - y0:ay1 - y0, ax0 - x0:ax1 - x0] = pm[ay0 - py0:ay1 - py0, ax0 - px0:ax1 - px0]
            comp &= mine
            if not comp.any():
                return None
        comp = _strong(comp, ridge[y0:y1, x0:x1])
        oc = other[y0:y1, x0:x1]
        shape = _loop_shape(comp, oc)
        if shape is None:
            return None
        filled, comp, width = shape
        if filled.sum() < NEON_MIN_AREA * h * w:
            return None
        if oc[filled].mean() > 0.5 and oc[comp].mean() > 0.5:
            return None  # a letter's loop, a face: the other sources' own
        return (x0, y0, x1, y1), filled, comp, width, reach, oc

    def fits(x, y, bw, bh):
        return (x > 0 and y > 0 and x + bw < w and y + bh < h
                and NEON_MIN_AREA * h * w <= bw * bh <= max_area * h * w)

    loops = []
    cut = bool(getattr(params, "neon_cut", False))
    follow = bool(getattr(params, "neon_follow", False))
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if area < 20:
            continue
        found_loop = None
        if fits(x, y, bw, bh):
            found_loop = loop(i, (x, y, bw, bh))
            if found_loop is not None:
                loops.append((i,) + found_loop + (None,))
        if found_loop is None and follow and bw * bh >= NEON_MIN_AREA * h * w:
            # a ring joined to the plate's lines that close plate off against it or scallop it
            # (a map's contours, a stripe's edges, letters): the piece's lines followed by their
            # colour, in the piece's window; each line that changes the piece is judged as a piece
            px0, py0 = max(0, x - NEON_FOLLOW_DISC), max(0, y - NEON_FOLLOW_DISC)
            px1, py1 = min(w, x + bw + NEON_FOLLOW_DISC), min(h, y + bh + NEON_FOLLOW_DISC)
            r2 = _ridge(small[py0:py1, px0:px1], NEON_FOLLOW_DISC)[y - py0:y - py0 + bh, x - px0:x - px0 + bw]
            win = (slice(y, y + bh), slice(x, x + bw))
            nf, fl = _follow(small[win], (lab[win] == i) & (r2 > NEON_RIDGE), NEON_FOLLOW_TOL)
            if nf > 1:
                sizes = np.bincount(fl.ravel(), minlength=nf + 1)
                for j, sl in enumerate(find_objects(fl), 1):
                    if sl is None or sizes[j] < 20:
                        continue
                    bx, by = x + sl[1].start, y + sl[0].start
                    bbw, bbh = sl[1].stop - sl[1].start, sl[0].stop - sl[0].start
                    if not fits(bx, by, bbw, bbh):
                        continue
                    lp = loop(i, (bx, by, bbw, bbh), part=(bx, by, fl[sl] == j))
                    if lp is not None:
                        found_loop = lp
                        loops.append((-len(loops) - 1,) + lp + (None,))
        if found_loop is None and cut and bw * bh >= NEON_MIN_AREA * h * w:
            # a loop joined to the plate's own lines (stripes, planks, a map's contours cross it):
            # the piece's filled shape less what is narrower than the top-hat's disc (the lines
            # that run on past the loop) leaves the loop's body; each body is judged as a piece
            for (bx, by, bbw, bbh), keep in _cut_bodies(lab, i, (x, y, bw, bh), k, NEON_MIN_AREA * h * w):
                lp = loop(i, (bx, by, bbw, bbh), keep) if fits(bx, by, bbw, bbh) else None
                if lp is None:
                    # lines wider than the disc, or a stretch of plate they close off, still hang on:
                    # the body's core (opened by a disc near its own thickness: a pill or a ring's
                    # inside is unchanged by it, what hangs on by a narrower neck is not)
                    core = _core(keep)
                    if core is None:
                        continue
                    (bx, by, bbw, bbh), keep = core
                    lp = loop(i, (bx, by, bbw, bbh), keep) if fits(bx, by, bbw, bbh) else None
                if lp is not None:
                    # (no label: its piece's other lines stay look-alikes; their colours judge the loop)
                    rest = small[(lab == i) & ~keep]
                    loops.append((-len(loops) - 1,) + lp + (rest[:: max(1, len(rest) // 2000)],))
    kin = _kin([lp[2] for lp in loops])
    found = None  # (gathered at the first loop that reaches the look-alike test)
    out = []
    for (i, (x0, y0, x1, y1), filled, comp, width, reach, oc, rest), mine in zip(loops, kin):
        if len(mine) >= NEON_PATTERN:
            continue  # one of many loops alike, in any colours: the plate's pattern
        crop = small[y0:y1, x0:x1]
        lc = _chroma(crop[comp & ~oc])
        if found is None:
            found = _Lines(small, lines & ~other, lab)
        siblings = [loops[j][0] for j in mine]
        px, own = crop[comp], int(comp.sum())
        if rest is not None:
            # a loop cut from the plate's lines: its own pixels are those of no colour of the lines it
            # was cut from (a drawn ring crosses a plank's seam; a cell of the planks is all seam)
            mine_px = ~_near(px, rest, NEON_CUT_TOL)
            if not mine_px.any() or mine_px.mean() < NEON_CUT_OWN:
                continue
            px, own = px[mine_px], int(mine_px.sum())
            lc = _chroma(px)
        if _lookalike(found, px, (x0, y0, x1, y1), siblings) > NEON_LOOKALIKE * own:
            continue
        halo = _halo(crop, comp, filled, width, reach, ~oc, rim)
        if halo is None:
            continue
        m, hc, glow = halo
        if max(lc, hc) < NEON_CHROMA and glow < max(NEON_GLOW, width):
            continue  # a grey or white line: a window frame, a lamp's rim
        full = np.zeros((h, w), bool)
        full[y0:y1, x0:x1] = m
        if s != 1.0:
            full = cv2.resize(full.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR) > 0.5
        if not full.any():
            continue
        out.append(ObjectProposal(full, box_of(full), NEON_SCORE, "button", "graphic"))
    return out
