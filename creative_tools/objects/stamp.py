"""Worn frames of one ink round words: a rubber stamp (issue 9).

A rubber stamp (a double frame and a word in one flat ink, worn through in specks) has no
closed *colour* region (the wear breaks every line) and no closed *ridge* (its outer frame is
wider than a line and holed), so neither the region stage of
:func:`~creative_tools.objects.graphic.graphic_proposals` nor
:func:`~creative_tools.objects.neon.neon_proposals` takes it whole. Its ink closes it: at a
working size of at most ``work_side`` px,

1. *seed*: the pieces of :func:`~creative_tools.objects.neon._ridge` over ``NEON_RIDGE`` (lines
   and thin strokes, a line's broken bits included), largest first, each giving its median
   colour as the ink's, and where its colours spread (on a busy plate the frame's ridge joins
   the plate's) the centres of its :data:`STAMP_INKS` colour clusters too, each tried in turn;
2. *ink*: round the piece, the pixels within :data:`STAMP_TOL` (every channel) of that ink,
   closed by a disc of :data:`STAMP_GAP` of the long side, :data:`STAMP_MIN_GAP` px at least (the
   wear's gaps); the closed piece that holds the seed must not reach a side of the window inside
   the picture (an ink the plate shares spreads to it; a side on the image's border does not
   count: a stamp the border cuts is still a stamp);
3. *frame*: that piece runs round its convex hull (it covers :data:`STAMP_COVER` of the hull's
   rim, the closing disc deep: a card, a ring, a turned rounded rectangle, a few worn gaps left
   open) and leaves an inside of at least :data:`STAMP_INSIDE` of the hull (a frame, not a blob);
4. *words*: the text mask covers at least :data:`STAMP_WORDS` of the inside (a stamp is a frame
   round words; a photo's window or picture frame has none);
5. *not the plate's*: pixels of the ink elsewhere in the picture at most :data:`STAMP_LOOKALIKE`
   times the frame's own.

The proposal is the ink inside the filled shape (the wear's specks left: they are plate), kind
``badge``, score :data:`STAMP_SCORE`. ``--objects auto`` runs it (``stamp``,
:data:`creative_tools.objects.auto.AUTO_STAMP`, session 33; ``stamp=false`` turns it off);
:class:`~creative_tools.objects.graphic.GraphicParams` keeps it off, so the click is unchanged.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..contract import check_image
from .base import ObjectProposal, box_of, check_masks
from .neon import NEON_KERNEL, NEON_RIDGE, _ridge

__all__ = ["STAMP_SCORE", "stamp_proposals"]

#: How far (levels, every channel) an ink pixel lies at most from the seed's median colour.
STAMP_TOL = 40.0
#: The closing disc that bridges the wear, as a share of the working image's long side (odd).
STAMP_GAP = 0.009
#: The least closing disc (px, odd): a 3 px disc is a cross that bridges no wear, so a banner of a
#: long side under ~390 px (300x250, 336x280) found no stamp (session 33, smend).
STAMP_MIN_GAP = 5
#: The least inside (the filled shape less the closed ink) as a share of the filled shape.
STAMP_INSIDE = 0.3
#: The least share of the convex hull's rim (``STAMP_GAP`` deep) the closed ink covers: drawn round.
STAMP_COVER = 0.8
#: The least share of the inside the text mask covers.
STAMP_WORDS = 0.05
#: Pixels of the ink outside the frame's window, as a multiple of the frame's own ink.
STAMP_LOOKALIKE = 1.5
#: Colour clusters of a spread seed, each tried as the ink.
STAMP_INKS = 3
#: The least filled shape, as a share of the working image.
STAMP_MIN_AREA = 0.003
#: The score of a stamp proposal (over ``auto``'s ``min_score``, 0.85).
STAMP_SCORE = 0.9


def _inks(px: np.ndarray) -> list[np.ndarray]:
    """Candidate inks of a seed's pixels (n, 3): their median, and where they spread (a frame's ridge
    joined to the plate's), the centres of their :data:`STAMP_INKS` colour clusters, largest first."""
    med = np.median(px, 0)
    if len(px) < 3 * STAMP_INKS or np.median(np.abs(px - med).max(-1)) <= STAMP_TOL / 2:
        return [med]
    rng = np.random.default_rng(0)  # (a fixed draw: the same answer on every run)
    sample = px[rng.choice(len(px), min(len(px), 2000), replace=False)].astype(np.float32)
    # cv2.kmeans draws from OpenCV's RNG: seeding it makes the clusters the same on every run, and
    # resets the calling thread's OpenCV RNG (thread-local: other threads keep theirs), as
    # creative_tools.grabcut does.
    cv2.setRNGSeed(0)
    _, lab, centres = cv2.kmeans(sample, STAMP_INKS, None,
                                 (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0), 2,
                                 cv2.KMEANS_PP_CENTERS)
    order = np.argsort(-np.bincount(lab.ravel(), minlength=STAMP_INKS))
    return [med] + [centres[j].astype(np.float64) for j in order]


def _frame(ink: np.ndarray, seed: np.ndarray, gap: int, inner=(True, True, True, True)):
    """(filled shape, closed ink piece) of the ink round ``seed`` closed by a ``gap`` px disc, or None.

    ``inner``: whether the window's (top, bottom, left, right) side lies inside the picture; a
    closed piece touching such a side is the plate's own ink, one touching the image's border is not.
    """
    closed = cv2.morphologyEx(ink.view(np.uint8), cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (gap, gap))).astype(bool)
    n, lab = cv2.connectedComponents(closed.view(np.uint8), connectivity=8)
    sizes = np.bincount(lab.ravel(), minlength=n)
    sizes[0] = 0
    rims = [r for r, on in zip((lab[0], lab[-1], lab[:, 0], lab[:, -1]), inner) if on]
    if rims:
        sizes[np.unique(np.concatenate(rims))] = 0  # the plate's own ink
    # the frame is the widest closed piece whose hull holds half the seed or more (the seed may
    # be an inner frame or the words a wider worn frame runs round)
    for j in np.argsort(-sizes):
        if sizes[j] < max(20, 0.05 * sizes.max()):
            return None
        piece = lab == j
        filled = np.zeros(piece.shape, np.uint8)
        cv2.fillPoly(filled, [cv2.convexHull(cv2.findNonZero(piece.view(np.uint8)))], 1)
        if seed[filled.astype(bool)].sum() < 0.5 * seed.sum():
            continue
        fa = int(filled.sum())
        d = cv2.distanceTransform(np.pad(filled, 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
        filled = filled.astype(bool)
        if piece[filled & (d <= gap)].mean() < STAMP_COVER:
            return None  # the hull's rim is not drawn round: no frame
        if (filled & ~piece).sum() < STAMP_INSIDE * fa:
            return None  # no inside: a blob, not a frame
        return filled, piece
    return None


def stamp_proposals(image: np.ndarray, *, text_mask: np.ndarray | None = None,
                    person_mask: np.ndarray | None = None, params=None) -> list[ObjectProposal]:
    """Worn frames of one ink round words (rubber stamps), as ``badge`` proposals.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_mask : (H, W) bool, optional
        The words: a frame is taken only round words (none given: nothing is taken).
    person_mask : (H, W) bool, optional
        A frame mostly over a person is none.
    params : GraphicParams, optional
        Read: ``work_side``, ``max_area``.

    Returns
    -------
    list of ObjectProposal
        Full-size masks (the ink inside the frame's filled shape), kind ``badge``, score
        :data:`STAMP_SCORE`.

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB, or a mask that is not (H, W) bool like it.

    Examples
    --------
    >>> import numpy as np, cv2
    >>> img = np.full((300, 400, 3), (235, 230, 220), np.uint8)
    >>> _ = cv2.rectangle(img, (110, 110), (290, 190), (200, 40, 40), 4)
    >>> _ = cv2.rectangle(img, (122, 122), (278, 178), (200, 40, 40), 2)
    >>> words = np.zeros((300, 400), bool); words[138:162, 150:250] = True
    >>> [p.kind for p in stamp_proposals(img, text_mask=words)]
    ['badge']
    >>> stamp_proposals(img)
    []
    """
    image = check_image(image)
    check_masks(image, text_mask, person_mask)
    if text_mask is None:
        return []
    work_side = getattr(params, "work_side", 768)
    max_area = getattr(params, "max_area", 0.25)
    H, W = image.shape[:2]
    s = min(1.0, work_side / max(H, W))
    small = image if s == 1.0 else cv2.resize(image, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]

    def at_size(m):
        return m if m.shape == (h, w) else cv2.resize(m.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR) > 0.5

    words = at_size(text_mask)
    person = at_size(person_mask) if person_mask is not None else np.zeros((h, w), bool)
    k = max(7, round(NEON_KERNEL * max(h, w)) | 1)
    gap = max(STAMP_MIN_GAP, round(STAMP_GAP * max(h, w)) | 1)
    lines = _ridge(small, k) > NEON_RIDGE
    _, lab, stats, _ = cv2.connectedComponentsWithStats(lines.view(np.uint8), connectivity=8)
    taken = np.zeros((h, w), bool)
    si = small.astype(np.int16)
    out = []
    for i in 1 + np.argsort(-stats[1:, cv2.CC_STAT_AREA]):
        x, y, bw, bh, area = stats[i]
        if area < 20 or bw * bh < 0.5 * STAMP_MIN_AREA * h * w or bw * bh > max_area * h * w:
            continue
        mx = max(gap, round(0.25 * max(bw, bh)))
        x0, y0, x1, y1 = max(0, x - mx), max(0, y - mx), min(w, x + bw + mx), min(h, y + bh + mx)
        seed = lab[y0:y1, x0:x1] == i
        if taken[y0:y1, x0:x1][seed].mean() > 0.5:
            continue  # a piece of a frame already taken (its inner frame, its letters)
        crop = si[y0:y1, x0:x1]
        got = None
        for ink_col in _inks(crop[seed]):
            ink = (np.abs(crop - ink_col) <= STAMP_TOL).all(-1)
            got = _frame(ink, seed & ink, gap, (y0 > 0, y1 < h, x0 > 0, x1 < w))
            if got is not None:
                break
        if got is None:
            continue
        filled, piece = got
        fa = int(filled.sum())
        if fa < STAMP_MIN_AREA * h * w or fa > max_area * h * w:
            continue
        inside = filled & ~piece
        if words[y0:y1, x0:x1][inside].mean() < STAMP_WORDS:
            continue  # no words inside: a photo's frame, a window
        if person[y0:y1, x0:x1][filled].mean() > 0.5:
            continue
        own = ink & filled
        everywhere = int((np.abs(si - ink_col) <= STAMP_TOL).all(-1).sum())
        if everywhere - int(ink.sum()) > STAMP_LOOKALIKE * own.sum():
            continue  # the ink is one of the plate's colours
        full = np.zeros((h, w), bool)
        full[y0:y1, x0:x1] = own
        taken[y0:y1, x0:x1] |= filled
        if s != 1.0:
            full = cv2.resize(full.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR) > 0.5
        if full.any():
            out.append(ObjectProposal(full, box_of(full), STAMP_SCORE, "badge", "graphic"))
    return out
