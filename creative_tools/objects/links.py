"""A text link's decorations: the underline and the mark beside its words, in their ink (issue 9).

A text-only call to action is a word or two in a brand colour, an underline a little under them
and a chevron / arrow / "+" / circled arrow beside them, all in that one ink, laid on a photo or
a gradient. The text source takes the letters; the underline and the mark are no letters and too
thin or small for the region stage, so they stay and the link is not removed (the largest miss
class of ``--objects auto`` on the lead's final check, session 36). This pass starts from the words,
as :mod:`~creative_tools.objects.emblem` does. For each text line found (a polygon of height ``th``;
the glyphs' extent in it, ``gx0 .. gx1`` by ``gy0 .. gy1``, read from the text mask):

1. *the line's ink*: the median colour of the glyphs' cores (their text-mask pixels at or over the
   median step from the plate, the plate being the median colour of a :data:`LINK_BAND` px ring
   round the line's box: a median, since the ring may cross the underline; only the pixels at least
   ``min_contrast`` from the plate are read);
2. *ink beside the line*: in a window :data:`LINK_REACH` ``th`` to each side of the glyphs,
   :data:`LINK_ABOVE` ``th`` above them and :data:`LINK_BELOW` ``th`` below them, the pixels within
   ``EMBLEM_TOL`` of the ink off the text and person masks, joined by 8-connectivity; pieces of at
   least :data:`LINK_MIN_PIECE` ``th`` squared that do not touch the window's border (a rule or a
   horizon running on past the words is the plate's);
3. *an underline*: a piece in the glyphs' lower half or under them (its top at most
   :data:`LINK_UNDER_GAP` ``th`` below them), at most :data:`LINK_UNDER_THICK` ``th`` thick, filling
   :data:`LINK_BAR_FILL` of its box (a straight bar), starting no farther than :data:`LINK_UNDER_SLACK`
   ``th`` left of the glyphs and spanning :data:`LINK_UNDER_SPAN` of their width;
4. *a mark*: the pieces wholly left or right of the glyphs, linked within :data:`LINK_MARK_GAP` ``th``
   (a ring and its arrow, a double chevron), the group nearest the glyphs, its gap to them at most
   :data:`LINK_MARK_NEAR` ``th``, at least :data:`LINK_MARK_LOW` and at most :data:`LINK_MARK_TALL`
   ``th`` tall, at most :data:`LINK_MARK_WIDE` ``th`` wide, its middle on the glyphs' height;
5. *a clean ground*: the window holds at most :data:`LINK_LOOKALIKE` times the taken pixels in the
   ink's other pixels (a photo with that colour all over it: a dark link over gravel is refused, its
   crevices would be "marks").

Two guards, off by default (session 36, linkguard; :class:`GraphicParams` ``links_band`` / ``links_repeat``):

6. ``links_band``: a mark's vertical middle lies between the glyphs' top and their *baseline* (the lowest row
   of their x-height band, :func:`_baseline`), not anywhere on their height: a link's mark is drawn on the
   letters' body; a street light's star sitting under a white headline's baseline (logobars held-out 008) is not;
7. ``links_repeat``: a taken piece with :data:`LINK_REPEAT` or more pieces of its ink and size (within
   :data:`LINK_REPEAT_SIZE`) within :data:`LINK_REPEAT_REACH` ``th`` of it is a pattern's (a plate of rings,
   neg_extra 013), not a link's: the clean-ground test reads only the window, this one the ink's copies round it.

The proposal is the taken ink shrunk as ``line_emblem``'s is (:func:`~creative_tools.objects.emblem._core`:
the pipeline's objects dilation grows it back to the ink and its anti-aliased rim), kind ``button``,
score :data:`LINK_SCORE`. ``--objects-options '{"links": true}'`` runs it (off by default; session 36,
"links").
"""

from __future__ import annotations

import cv2
import numpy as np

from .base import ObjectProposal, box_of
from .emblem import _core, _line_boxes, _of_ink
from .graphic import GraphicParams, _linked_groups, _rim_px
from .marks import _others

__all__ = ["LINK_SCORE", "link_proposals"]

#: The window round the glyphs: this many line heights to each side.
LINK_REACH = 2.5
#: ... this many above the glyphs' top.
LINK_ABOVE = 0.4
#: ... and this many below their bottom.
LINK_BELOW = 0.8
#: The ring round the line's box where the plate is read (px).
LINK_BAND = 4
#: The smallest piece, as a share of the line height squared.
LINK_MIN_PIECE = 0.01
#: An underline's top lies at most this many line heights under the glyphs' bottom.
LINK_UNDER_GAP = 0.6
#: An underline is at most this many line heights thick.
LINK_UNDER_THICK = 0.25
#: An underline fills at least this share of its box (a straight bar).
LINK_BAR_FILL = 0.6
#: An underline starts at most this many line heights left of the glyphs (the text mask may miss an end letter).
LINK_UNDER_SLACK = 1.0
#: An underline spans at least this share of the glyphs' width.
LINK_UNDER_SPAN = 0.6
#: The widest gap between two pieces of one mark, in line heights.
LINK_MARK_GAP = 0.3
#: The widest gap between a mark and the glyphs, in line heights.
LINK_MARK_NEAR = 1.2
#: A mark's least height, in line heights (a dust speck is no mark).
LINK_MARK_LOW = 0.25
#: A mark's greatest height, in line heights.
LINK_MARK_TALL = 1.4
#: A mark's greatest width, in line heights.
LINK_MARK_WIDE = 1.8
#: The ink's other pixels allowed in the window, in taken pixels.
LINK_LOOKALIKE = 1.0
#: The proposals' score (over ``min_score``: the words beside them are the evidence).
LINK_SCORE = 0.9
#: (``links_band``) the glyphs' x-height band: their rows holding at least this share of the fullest row's
#: text-mask pixels; its lowest row is the baseline.
LINK_BAND_SHARE = 0.5
#: (``links_repeat``) look-alikes of a taken piece are sought this many line heights round its box ...
LINK_REPEAT_REACH = 3.0
#: ... a look-alike's width and height within this factor of the piece's ...
LINK_REPEAT_SIZE = 1.5
#: ... and this many look-alikes make the piece a pattern's.
LINK_REPEAT = 2


def _ink(image: np.ndarray, text_mask: np.ndarray, other: np.ndarray, box: tuple, contrast: float):
    """The plate's median colour round ``box`` and the ink of the glyphs in it (float64 RGB), or None."""
    H, W = image.shape[:2]
    x0, y0, x1, y1 = box
    b = LINK_BAND
    X0, Y0, X1, Y1 = max(0, x0 - b), max(0, y0 - b), min(W, x1 + b), min(H, y1 + b)
    ring = np.ones((Y1 - Y0, X1 - X0), bool)
    ring[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0] = False
    ring &= ~other[Y0:Y1, X0:X1]
    glyph = image[y0:y1, x0:x1][text_mask[y0:y1, x0:x1]].astype(np.float64)
    if ring.sum() < 8 or len(glyph) < 8:
        return None
    plate = np.median(image[Y0:Y1, X0:X1][ring].astype(np.float64), 0)
    step = np.abs(glyph - plate).max(1)
    core = step >= contrast
    if core.sum() < 8:
        return None
    ink = np.median(glyph[core & (step >= np.median(step[core]))], 0)
    return plate, ink


def _baseline(text_mask: np.ndarray, glyphs: tuple) -> int:
    """The glyphs' baseline (image row, exclusive): the lowest row of their x-height band, the rows of the
    glyph box holding at least :data:`LINK_BAND_SHARE` of the fullest row's text-mask pixels (descenders and
    ascenders hold few)."""
    gx0, gy0, gx1, gy1 = glyphs
    rows = text_mask[gy0:gy1, gx0:gx1].sum(1)
    return gy0 + int(np.nonzero(rows >= LINK_BAND_SHARE * rows.max())[0].max()) + 1


def _decorations(near: np.ndarray, glyphs: tuple, win: tuple, th: float, low: int | None = None) -> np.ndarray | None:
    """The underline and mark pieces of ``near`` (the ink's pixels in the window ``win``), as a window-sized
    bool mask, or None (nothing taken, or a ground too full of the ink). ``low``: the lowest image row a mark's
    vertical middle may lie on (default: the glyphs' bottom; ``links_band``: their baseline)."""
    gx0, gy0, gx1, gy1 = glyphs
    low = gy1 if low is None else low + 1  # (links_band: one row's slack, the band's lower row half inked)
    X0, Y0 = win[:2]
    n, lab, st, _ = cv2.connectedComponentsWithStats(near.view(np.uint8), connectivity=8)
    h, w = near.shape
    take = np.zeros(n, bool)
    side = []  # (label, box in image px)
    for i in range(1, n):
        x, y, bw, bh, a = st[i]
        if a < LINK_MIN_PIECE * th * th or x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue  # (a speck, or a line running on out of the window: the plate's)
        bx0, by0, bx1, by1 = X0 + x, Y0 + y, X0 + x + bw, Y0 + y + bh
        if (by0 >= (gy0 + gy1) / 2 and by0 - gy1 <= LINK_UNDER_GAP * th and bh <= LINK_UNDER_THICK * th + 1
                and a >= LINK_BAR_FILL * bw * bh and bx0 >= gx0 - LINK_UNDER_SLACK * th
                and min(bx1, gx1) - max(bx0, gx0) >= LINK_UNDER_SPAN * (gx1 - gx0)):
            take[i] = True  # an underline
        elif bx1 <= gx0 or bx0 >= gx1:
            side.append((i, (bx0, by0, bx1, by1)))
    for right in (False, True):
        ps = [p for p in side if (p[1][0] >= gx1) == right]
        if not ps:
            continue

        def close(a: int, b: int, ps=ps, reach=LINK_MARK_GAP * th) -> bool:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = ps[a][1], ps[b][1]
            return max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1) <= reach

        groups: dict = {}
        for k, g in enumerate(_linked_groups(len(ps), close)):
            groups.setdefault(g, []).append(k)
        # the group nearest the glyphs
        def gap(g: list, ps=ps, right=right) -> int:
            return min(ps[k][1][0] for k in g) - gx1 if right else gx0 - max(ps[k][1][2] for k in g)

        best = min(groups.values(), key=gap)
        mx0, my0 = min(ps[k][1][0] for k in best), min(ps[k][1][1] for k in best)
        mx1, my1 = max(ps[k][1][2] for k in best), max(ps[k][1][3] for k in best)
        if (gap(best) <= LINK_MARK_NEAR * th and LINK_MARK_LOW * th <= my1 - my0 <= LINK_MARK_TALL * th
                and mx1 - mx0 <= LINK_MARK_WIDE * th and gy0 <= (my0 + my1) / 2 <= low):
            take[[ps[k][0] for k in best]] = True
    if not take.any():
        return None
    got = take[lab]
    rest = near & ~got
    rest[max(0, gy0 - Y0):gy1 - Y0, max(0, gx0 - X0):gx1 - X0] = False  # (the glyphs' own rims)
    if rest.sum() > LINK_LOOKALIKE * got.sum():
        return None  # (the ink all over the ground: a photo's, not a link's)
    return got


def _repeated(image: np.ndarray, ink: np.ndarray, other: np.ndarray, piece: np.ndarray, taken: np.ndarray,
              th: float) -> bool:
    """``links_repeat``: :data:`LINK_REPEAT` or more pieces of ``ink`` (off ``other`` and ``taken``) sized like
    ``piece`` (width and height within :data:`LINK_REPEAT_SIZE` of its box's) lie within
    :data:`LINK_REPEAT_REACH` ``th`` of it: the ink strewn round the line, a pattern's, not a link's."""
    H, W = image.shape[:2]
    x0, y0, x1, y1 = box_of(piece)
    r = int(LINK_REPEAT_REACH * th)
    X0, Y0, X1, Y1 = max(0, x0 - r), max(0, y0 - r), min(W, x1 + r), min(H, y1 + r)
    near = _of_ink(image[Y0:Y1, X0:X1], ink) & ~other[Y0:Y1, X0:X1] & ~taken[Y0:Y1, X0:X1]
    _, _, st, _ = cv2.connectedComponentsWithStats(near.view(np.uint8), connectivity=8)
    w, h, f = x1 - x0, y1 - y0, LINK_REPEAT_SIZE
    like = ((st[1:, 2] * f >= w) & (st[1:, 2] <= w * f) & (st[1:, 3] * f >= h) & (st[1:, 3] <= h * f)
            & (st[1:, 4] >= LINK_MIN_PIECE * th * th))
    return int(like.sum()) >= LINK_REPEAT


def link_proposals(image: np.ndarray, *, text_polygons=(), text_mask: np.ndarray | None = None,
                   person_mask: np.ndarray | None = None,
                   params: GraphicParams | None = None) -> list[ObjectProposal]:
    """A text line's underline and the mark beside it, in the line's ink, as ``button`` proposals (full size).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_polygons : list of (N, 2) float arrays
        Text lines found by the text detector, in image pixels (the evidence: none, no proposal).
    text_mask : (H, W) bool, optional
        The text source's pixels: the line's ink is read under it (None: no proposal).
    person_mask : (H, W) bool, optional
        The person source's pixels (never a decoration's).
    params : GraphicParams, optional
        ``min_contrast`` is read (default: its default).

    Returns
    -------
    list of ObjectProposal

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB, or a mask that is not (H, W) bool like it.

    Examples
    --------
    >>> im = np.full((80, 200, 3), 230, np.uint8)
    >>> _ = cv2.putText(im, "Shop now", (20, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (200, 30, 60), 2)
    >>> tm = (im < 200).any(-1)
    >>> im[46:48, 20:135] = (200, 30, 60)
    >>> _ = cv2.polylines(im, [np.array([[142, 24], [152, 32], [142, 40]])], False, (200, 30, 60), 2)
    >>> line = np.array([[16, 20], [138, 20], [138, 46], [16, 46]], np.float32)
    >>> [(p.kind, p.box) for p in link_proposals(im, text_polygons=[line], text_mask=tm)]
    [('button', (20, 23, 154, 48))]
    """
    other = _others(image, text_mask, person_mask)
    params = GraphicParams() if params is None else params
    if text_mask is None:
        return []
    H, W = image.shape[:2]
    props, taken = [], np.zeros((H, W), bool)
    for lx0, ly0, lx1, ly1, th in _line_boxes(text_polygons, H, W):
        ys, xs = np.nonzero(text_mask[ly0:ly1, lx0:lx1])
        if len(xs) < 8:
            continue
        glyphs = (lx0 + int(xs.min()), ly0 + int(ys.min()), lx0 + int(xs.max()) + 1, ly0 + int(ys.max()) + 1)
        got = _ink(image, text_mask, other, (lx0, ly0, lx1, ly1), params.min_contrast)
        if got is None:
            continue
        _, ink = got
        gx0, gy0, gx1, gy1 = glyphs
        r = LINK_REACH * th
        X0, Y0 = max(0, int(gx0 - r)), max(0, int(gy0 - LINK_ABOVE * th))
        X1, Y1 = min(W, int(gx1 + r)), min(H, int(gy1 + LINK_BELOW * th))
        near = _of_ink(image[Y0:Y1, X0:X1], ink) & ~other[Y0:Y1, X0:X1]
        low = _baseline(text_mask, glyphs) if params.links_band else None
        got = _decorations(near, glyphs, (X0, Y0, X1, Y1), th, low)
        if got is None:
            continue
        full = np.zeros((H, W), bool)
        full[Y0:Y1, X0:X1] = got
        if params.links_repeat:  # (session 36, linkguard: each taken piece on its own)
            n, lab = cv2.connectedComponents(full.view(np.uint8), connectivity=8)
            for i in range(1, n):
                piece = lab == i
                if _repeated(image, ink, other, piece, full, th):
                    full &= ~piece
            if not full.any():
                continue
        if (full & taken).sum() > 0.5 * full.sum():
            continue  # (the same decorations beside another polygon of the line)
        taken |= full
        core = _core(full, _rim_px(H, W, 1.0))
        props.append(ObjectProposal(core, box_of(core), LINK_SCORE, "button", "graphic"))
    return props
