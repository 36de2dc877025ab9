"""Sliders for ``--objects auto``: a round knob on a thin straight track, with its value bubble.

Issue 9 (session 28). A slider's knob is too small to be a candidate of
:func:`~creative_tools.objects.graphic.graphic_proposals` (artcheck5's knobs are discs of
5 - 8 working px radius; one is sought up to 5 % of the long side), its track is thinner still, and the words of its value bubble go to the text
mask, which then covers most of the bubble's region: on ``artcheck5_tune`` 0..47 no slider
was removed to 90 % at session 28's start. What tells a slider from a dot on a rule is the
knob *on* a straight track that runs from it both ways (two bars of
:func:`~creative_tools.objects.graphic._bars` ending on the knob, on one line through its
centre); the bubble is the words found just beside the knob across the track, with the
flat regions round them. A track that reaches another knob candidate (a timeline, a
stepper) is none, and where the track has one colour both sides of the knob (a divider
ornament: a dot between two bars) the bubble is required (session 28, smends).

``GraphicParams.sliders`` (False: the click keeps it off); on in ``--objects auto`` (:data:`~creative_tools.objects.auto.AUTO_SLIDERS`; ``--objects-options sliders=false`` turns it off).
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import ndimage as ndi

from .base import ObjectProposal, box_of

__all__ = ["SLIDER_SCORE", "slider_proposals"]

#: The score a slider gets: over ``auto``'s ``min_score`` (0.85); the evidence is the
#: knob-on-track geometry, not a fill's flatness.
SLIDER_SCORE = 0.9


def slider_proposals(image: np.ndarray, *, text_polygons=(), text_mask=None, person_mask=None,
                     params=None) -> list[ObjectProposal]:
    """Sliders in ``image``: knob, track and value bubble as one ``button`` proposal each.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_polygons : list of (N, 2) float arrays
        The text detector's lines, in image pixels (a value bubble is found by its words).
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove: a knob mostly under them is none.
    params : GraphicParams
        Read: ``work_side``, ``edge_step``, ``min_part``, ``max_std``, ``min_contrast``,
        ``max_other``, ``max_area``.

    Returns
    -------
    list of ObjectProposal
        Full-size masks, kind ``button``, score :data:`SLIDER_SCORE`.
    """
    from .graphic import (
        GraphicParams,
        _bars,
        _covered,
        _resize_mask,
        _upsample,
        edge_map,
    )

    P = GraphicParams() if params is None else params
    H, W = image.shape[:2]
    s = min(1.0, P.work_side / max(H, W))
    small = image if s == 1.0 else cv2.resize(image, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    edges, grad = edge_map(small, P.edge_step)
    _, lab, stats, cents = cv2.connectedComponentsWithStats((~edges).view(np.uint8), connectivity=4)
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    x, y, bw, bh = (stats[:, i] for i in range(4))
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    plate_ids = touches | (area > P.max_area * h * w)
    tm = None if text_mask is None else _resize_mask(text_mask, (h, w))
    pm = None if person_mask is None else _resize_mask(person_mask, (h, w))
    other = _covered(tm, pm, (h, w))
    polys = [np.asarray(p, np.float32).reshape(-1, 2) * s for p in text_polygons]
    # knobs: small round flat regions (a disc fills pi/4 of its box)
    r_max = 0.05 * max(h, w)
    fill_share = area / np.maximum(1, bw * bh)
    aspect = bw / np.maximum(1, bh)
    cand = (~plate_ids & (area >= P.min_part * h * w) & (area <= np.pi * r_max ** 2)
            & (fill_share >= 0.65) & (fill_share <= 0.9) & (aspect >= 0.75) & (aspect <= 1.33))
    cand[0] = False
    out, taken = [], np.zeros((h, w), bool)
    for i in np.flatnonzero(cand):
        cx, cy = cents[i]
        if taken[int(cy), int(cx)]:
            continue
        # (the knob is judged in its box with a margin beyond its grown rim: the same values as
        # over the whole frame, at the cost of its box)
        bx, by, bw_, bh_ = (int(v) for v in stats[i, :4])
        mg = 4 + int(np.ceil(0.45 * max(bw_, bh_)))
        x0, y0, x1, y1 = max(0, bx - mg), max(0, by - mg), min(w, bx + bw_ + mg), min(h, by + bh_ + mg)
        reg = lab[y0:y1, x0:x1] == i
        disc = ndi.binary_fill_holes(reg)
        r_in = float(cv2.distanceTransform(np.pad(disc, 1).view(np.uint8), cv2.DIST_L2, 3).max())
        if r_in < 3:
            continue
        cs, _ = cv2.findContours(np.pad(disc, 1).view(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        per = sum(cv2.arcLength(c, True) for c in cs)
        if per <= 0 or 4 * np.pi * disc.sum() / per ** 2 < 0.7:
            continue  # not round
        px = small[y0:y1, x0:x1][reg].astype(np.float64)
        if float(np.abs(px - px.mean(0)).max(1).mean()) > P.max_std:
            continue  # not one colour
        if other is not None and other[y0:y1, x0:x1][disc].mean() > P.max_other:
            continue
        # the knob with its ring and anti-aliased rim
        g = max(2, round(0.45 * r_in))
        if not _long_neighbour(lab, plate_ids, stats, i, (bx, by, bx + bw_, by + bh_), g + int(np.ceil(0.5 * r_in)) + 4,
                               2 * r_in):
            continue  # (no region near it long enough to be a track: the same result, without the frame-wide work)
        knob = np.zeros((h, w), bool)
        knob[y0:y1, x0:x1] = cv2.dilate(disc.view(np.uint8),
                                        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * g + 1,) * 2)).astype(bool)
        bars = _bars(small, knob, lab, plate_ids, edges, grad, step=1.5 * P.edge_step, r_min=r_in,
                     min_len=2 * r_in, other=other, min_contrast=P.min_contrast, max_dev=P.max_std,
                     stats=stats, max_reach=12.0, through=False)
        track = None if bars is None else _through_knob(bars, (cx, cy), r_in)
        whole = track is not None and track[2] == 2  # (_bars' bars come with their anti-aliased sides)
        if track is None:
            # no bar passes the colour tests (a track over a grained plate): two thin straight
            # regions on one line through the knob, one each way, are the track
            track = _two_ways(lab, plate_ids, stats, knob, (cx, cy), r_in)
            if track is None:
                continue
        t, found, sides = track
        if sides < 2:
            # the part beyond the knob is often another colour (the unfilled track, grey and
            # translucent over the plate) that fails a bar's colour tests: a thin straight
            # region on the far side, on the track's line, takes its place
            far = _far_side(lab, plate_ids, stats, knob, (cx, cy), t, r_in, -sides)
            if far is None:
                continue
            found = found | far
        if _another_knob(found, lab, cand, i, r_in, cents, (cx, cy), t):
            continue  # a line through several dots: a timeline, a stepper
        one_colour = _one_colour(small, found, (cx, cy), t, P.min_contrast)
        if not whole:  # the regions' anti-aliased sides, as _bars adds them
            found = found | (cv2.dilate(found.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & edges & ~knob)
        m = knob | found
        bubble = _bubble(lab, plate_ids, polys, (cx, cy), t, r_in, (h, w))
        if bubble is not None:
            m |= bubble
        elif one_colour:
            continue  # a dot between two bars of its colour and no value: a divider ornament
        if m.sum() > P.max_area * h * w:
            continue
        taken |= m
        full = _upsample(m, (H, W))
        out.append(ObjectProposal(full, box_of(full), SLIDER_SCORE, "button", "graphic"))
    return out


def _long_neighbour(lab: np.ndarray, plate_ids: np.ndarray, stats: np.ndarray, i: int, box: tuple, reach: int,
                    min_len: float) -> bool:
    """Whether a region of ``lab`` (not ``i``, not the plate) lies within ``reach`` px of ``box``
    and its box's diagonal (+ 1 px) is at least ``min_len``: what every track part needs
    (``_bars``' bars and ``_far_side``'s regions are sought within 0.5 r + 3 px of the knob
    grown by its ring, and are 2 r long), so a knob without one is skipped unchanged."""
    h, w = lab.shape
    x0, y0, x1, y1 = box
    ids = np.unique(lab[max(0, y0 - reach):min(h, y1 + reach), max(0, x0 - reach):min(w, x1 + reach)])
    ids = ids[(ids > 0) & (ids != i)]
    ids = ids[~plate_ids[ids]]
    return bool(np.any(np.hypot(stats[ids, cv2.CC_STAT_WIDTH], stats[ids, cv2.CC_STAT_HEIGHT]) + 1 >= min_len))


def _another_knob(track: np.ndarray, lab: np.ndarray, cand: np.ndarray, i: int, r: float, cents: np.ndarray,
                  c: tuple, t: float) -> bool:
    """Whether the ``track`` touches a knob candidate of ``lab`` other than ``i`` centred on its line.

    A slider's track carries one knob; a line joining several dots (an infographic timeline,
    a stepper) runs from each dot to the next. "Touches": within 0.5 ``r`` + 3 px (the reach at
    which the track is sought from its own knob ``r``: an edge band and a ring between); "on
    its line": the candidate's centre (``cents``) within ``r`` of the line through the knob's
    centre ``c`` at angle ``t`` (a round pebble of a photo beside the track is none)."""
    ys, xs = np.nonzero(track)
    if len(xs) == 0:
        return False
    h, w = track.shape
    g = int(np.ceil(0.5 * r)) + 3
    x0, y0, x1, y1 = max(0, xs.min() - g), max(0, ys.min() - g), min(w, xs.max() + g + 1), min(h, ys.max() + g + 1)
    near = cv2.dilate(track[y0:y1, x0:x1].view(np.uint8),
                      cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * g + 1,) * 2)).astype(bool)
    ids = np.unique(lab[y0:y1, x0:x1][near])
    ids = ids[cand[ids] & (ids != i)]
    across = -(cents[ids, 0] - c[0]) * np.sin(t) + (cents[ids, 1] - c[1]) * np.cos(t)
    return bool(np.any(np.abs(across) <= r))


def _one_colour(small: np.ndarray, track: np.ndarray, c: tuple, t: float, min_contrast: float) -> bool:
    """Whether the track has one colour on both sides of the knob at ``c`` (its parts' mean
    colours within ``min_contrast`` per channel); a slider's filled and unfilled parts differ."""
    ys, xs = np.nonzero(track)
    along = (xs - c[0]) * np.cos(t) + (ys - c[1]) * np.sin(t)
    lo, hi = along < 0, along > 0
    if not lo.any() or not hi.any():
        return False
    px = small[ys, xs].astype(np.float64)
    return bool(np.abs(px[lo].mean(0) - px[hi].mean(0)).max() < min_contrast)


def _through_knob(bars: np.ndarray, c: tuple, r: float):
    """``(angle, track)`` where the bars run from the knob at ``c`` both ways on one line; else None.

    The bars' pixels are fitted by a line (their principal axis); the knob's centre must lie
    on it (within half the knob's inscribed radius ``r``) and the bars must reach past the
    knob on both sides (1.5 ``r`` from its centre). Bars off that line are dropped."""
    ys, xs = np.nonzero(bars)
    if len(xs) < 10:
        return None
    cx, cy = c
    pts = np.stack([xs - cx, ys - cy], 1).astype(np.float64)
    _, _, vt = np.linalg.svd(pts - pts.mean(0), full_matrices=False)
    t = float(np.arctan2(vt[0, 1], vt[0, 0]))
    along = pts[:, 0] * np.cos(t) + pts[:, 1] * np.sin(t)
    across = -pts[:, 0] * np.sin(t) + pts[:, 1] * np.cos(t)
    on = np.abs(across) <= r
    if on.sum() < 0.8 * len(xs):
        return None  # bars in more than one direction: a knob at a corner of lines, no track
    lo, hi = along[on].min() < -1.5 * r, along[on].max() > 1.5 * r
    if not (lo or hi):
        return None
    track = np.zeros_like(bars)
    track[ys[on], xs[on]] = True
    # sides: 2 = both ways; +1 / -1 = only along +t / -t (the far side is sought apart)
    return t, track, 2 if lo and hi else (1 if hi else -1)


def _far_side(lab: np.ndarray, plate_ids: np.ndarray, stats: np.ndarray, knob: np.ndarray, c: tuple, t: float,
              r: float, sgn: int) -> np.ndarray | None:
    """The track's part on the ``sgn`` side of the knob: a thin straight region on its line, or None.

    A region of ``lab`` within 0.5 ``r`` + 3 px of ``knob`` (not the plate) whose pixels lie within ``r``
    (+ 1 px) of the line through the knob's centre ``c`` at angle ``t``, on the ``sgn`` side,
    reach at least 1.5 ``r`` past the centre, fill at least 0.6 of their box along the line
    and are under 1.5 ``r`` thick (under the knob's inner diameter) (a region ending at the knob and running on as the track)."""
    h, w = knob.shape
    k = 2 * (int(np.ceil(0.5 * r)) + 3) + 1  # (the knob's ring may be wider than its grown rim)
    near = cv2.dilate(knob.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))).astype(bool) & ~knob
    cx, cy = c
    ct, st = np.cos(t), np.sin(t)
    for i in np.unique(lab[near]):
        if i == 0 or plate_ids[i]:
            continue
        bx, by, bw, bh = (int(v) for v in stats[i, :4])
        # (the region less the knob: a ring of the track's colour joins the track and wraps round it)
        ys, xs = np.nonzero((lab[by:by + bh, bx:bx + bw] == i) & ~knob[by:by + bh, bx:bx + bw])
        if len(xs) == 0:
            continue
        xs, ys = xs + bx, ys + by
        along = sgn * ((xs - cx) * ct + (ys - cy) * st)
        across = -(xs - cx) * st + (ys - cy) * ct
        if np.abs(across).max() > r + 1 or along.max() < 1.5 * r or along.min() < 0:
            continue
        thick = across.max() - across.min() + 1
        length = along.max() - along.min() + 1
        if thick >= 1.5 * r or length < 2 * r or len(xs) < 0.6 * thick * length:
            continue
        out = np.zeros((h, w), bool)
        out[ys, xs] = True
        return out
    return None


def _bubble(lab: np.ndarray, plate_ids: np.ndarray, polys: list, c: tuple, t: float, r: float,
            shape: tuple) -> np.ndarray | None:
    """The value bubble: the text line nearest the knob across the track, with the flat regions round it.

    A line counts when its centre is within 4 ``r`` of the knob along the track and 1 - 8
    ``r`` across it (above or below); its bubble is its box with the non-plate regions
    of ``lab`` that surround the line's centre and are at most 4 times its box's area."""
    h, w = shape
    cx, cy = c
    best, best_d = None, np.inf
    for p in polys:
        if len(p) < 3:
            continue
        mx, my = p.mean(0)
        a = (mx - cx) * np.cos(t) + (my - cy) * np.sin(t)
        b = -(mx - cx) * np.sin(t) + (my - cy) * np.cos(t)
        if abs(a) <= 4 * r and r <= abs(b) <= 8 * r and np.hypot(a, b) < best_d:
            best, best_d = p, float(np.hypot(a, b))
    if best is None:
        return None
    m = np.zeros((h, w), np.uint8)
    cv2.fillPoly(m, [np.round(best).astype(np.int32)], 1)
    x0, y0, x1, y1 = box_of(m.astype(bool))
    if x1 <= x0 or y1 <= y0:
        return None
    mx, my = best.mean(0)
    box_area = (x1 - x0) * (y1 - y0)
    ids = np.unique(lab[y0:y1, x0:x1])
    out = m.astype(bool)
    for i in ids[ids > 0]:
        if plate_ids[i]:
            continue
        ys, xs = np.nonzero(lab == i)
        if len(xs) > 4 * box_area:
            continue
        if xs.min() <= mx <= xs.max() and ys.min() <= my <= ys.max():
            out[ys, xs] = True
    return ndi.binary_fill_holes(out)


def _two_ways(lab: np.ndarray, plate_ids: np.ndarray, stats: np.ndarray, knob: np.ndarray, c: tuple,
              r: float):
    """``(angle, track, 2)`` where two thin straight regions run from the knob at ``c`` on one line, else None.

    Each region near the knob gives a direction (its rotated box's long axis); a direction is
    kept when :func:`_far_side` finds a region on it each way."""
    k = 2 * (int(np.ceil(0.5 * r)) + 3) + 1
    near = cv2.dilate(knob.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))).astype(bool) & ~knob
    for i in np.unique(lab[near]):
        if i == 0 or plate_ids[i]:
            continue
        bx, by, bw, bh = (int(v) for v in stats[i, :4])
        ys, xs = np.nonzero(lab[by:by + bh, bx:bx + bw] == i)
        if len(xs) < 8:
            continue
        (_, _), (rw, rh), ang = cv2.minAreaRect(np.stack([xs + bx, ys + by], 1).astype(np.float32))
        if max(rw, rh) < 5 * max(1.0, min(rw, rh)):
            continue  # not a bar
        t = float(np.deg2rad(ang if rw >= rh else ang + 90))
        a = _far_side(lab, plate_ids, stats, knob, c, t, r, 1)
        b = _far_side(lab, plate_ids, stats, knob, c, t, r, -1) if a is not None else None
        if a is not None and b is not None:
            return t, a | b, 2
    return None
