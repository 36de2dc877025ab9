"""Straight edges that enter a hole on one side and leave it on the other, drawn through it.

A smooth fill blurs what crosses a large hole: a door frame, a handrail, a platform's
stripe, a tower's truss come back as a soft smear. Where a straight edge of the ring meets
the hole and a second one, collinear with it (same direction, offsets agreeing) and with
the same two colours on its two sides, leaves the hole on the far side, the two are one
edge the hole cut: it is drawn through the hole as a step between the two sides' colours
(each side's colour interpolated along the edge from one end to the other), and the rest
of the hole is filled around it. An edge without a partner is left out: nothing is
invented. This generalises the straight plate boundary of :func:`~.smooth.surface_split`
(one boundary that splits the whole ring) to several lines.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..errors import ContractError

__all__ = ["continue_lines", "pair_segments", "ring_segments"]


def ring_segments(
    image: np.ndarray,
    mask: np.ndarray,
    *,
    reach: float = 4.0,
    min_length: float = 6.0,
    side: float = 2.0,
    contrast: float = 12.0,
) -> list[dict]:
    """Straight segments of the known pixels that run into the hole.

    OpenCV's line segment detector on the grey image (the hole set to the ring's mean, so
    nothing inside it is found); a segment is kept where its far end and middle are known, its end
    nearer the hole is within ``reach`` px of it, it approaches the hole (its far end is
    farther from the hole by at least half its length) and its two sides, ``side`` px off
    the segment, differ by ``contrast`` grey levels (Euclidean, RGB) or more.

    Returns
    -------
    list of dict
        ``p`` (2,) float: the end at the hole (x, y); ``u`` (2,) float: unit direction into
        the hole; ``left``, ``right`` (3,) float: the mean colours at ``+side`` / ``-side``
        along the normal ``(-u_y, u_x)``; ``length``.
    """
    for name, v in (("reach", reach), ("min_length", min_length), ("side", side)):
        if not v > 0:
            raise ContractError(f"{name} must be > 0, got {v!r}")
    h, w = mask.shape
    if not mask.any() or mask.all():
        return []
    # Only the hole's box and a margin: a segment that ends at the hole is found there
    # (cut at the margin if longer), and the detector's cost follows the pixels it reads.
    ys, xs = np.nonzero(mask)
    pad = 24
    y0, y1 = max(int(ys.min()) - pad, 0), min(int(ys.max()) + pad + 1, h)
    x0, x1 = max(int(xs.min()) - pad, 0), min(int(xs.max()) + pad + 1, w)
    grey = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
    sub = mask[y0:y1, x0:x1]
    grey[sub] = int(np.mean(grey[~sub])) if (~sub).any() else 128
    found = cv2.createLineSegmentDetector().detect(grey)[0]
    if found is None:
        return []
    seg = found.reshape(-1, 4).astype(np.float32) + np.array(
        [x0, y0, x0, y0], np.float32
    )
    dist = cv2.distanceTransform((~mask).view(np.uint8), cv2.DIST_L2, 3)
    known = ~mask
    a0, b0 = seg[:, :2], seg[:, 2:]
    lengths = np.hypot(*(b0 - a0).T)
    at = lambda p: np.clip(np.rint(p).astype(int), 0, [w - 1, h - 1])
    ia, ib = at(a0), at(b0)
    da, db = dist[ia[:, 1], ia[:, 0]], dist[ib[:, 1], ib[:, 0]]
    swap = da > db
    a0, b0 = np.where(swap[:, None], b0, a0), np.where(swap[:, None], a0, b0)
    da, db = np.minimum(da, db), np.maximum(da, db)
    mid = at((a0 + b0) / 2)
    keep = (
        (lengths >= min_length)
        & (da <= reach)
        & (db - da >= 0.5 * lengths)
        & known[mid[:, 1], mid[:, 0]]
    )
    im = image.astype(np.float32)
    out = []
    for a, b, length in zip(a0[keep], b0[keep], lengths[keep]):
        length = float(length)
        u = (a - b) / length
        nrm = np.array([-u[1], u[0]], np.float32)
        # the sides' colours along the segment's half nearer the hole
        t = np.linspace(0.1, 0.6, 8, dtype=np.float32)[:, None]
        pts = a[None] - t * (a - b)[None]
        cols = []
        for sgn in (1.0, -1.0):
            q = np.rint(pts + sgn * side * nrm[None]).astype(int)
            ok = (q[:, 0] >= 0) & (q[:, 0] < w) & (q[:, 1] >= 0) & (q[:, 1] < h)
            q = q[ok]
            q = q[known[q[:, 1], q[:, 0]]]
            if len(q) < 3:
                break
            cols.append(im[q[:, 1], q[:, 0]].mean(axis=0))
        if len(cols) < 2 or float(np.linalg.norm(cols[0] - cols[1])) < contrast:
            continue
        out.append(
            {"p": a, "u": u, "left": cols[0], "right": cols[1], "length": length}
        )
    return out


def pair_segments(
    segments: list[dict],
    mask: np.ndarray,
    *,
    angle: float = 4.0,
    offset: float = 2.0,
    colour: float = 30.0,
    through: float = 0.6,
) -> list[tuple[dict, dict]]:
    """Pairs of ring segments that are one straight edge cut by the hole.

    Two segments pair where they point into the hole from opposite sides (directions
    opposite within ``angle`` degrees), each one's hole end lies within ``offset`` px of the
    other's line, the straight path between their hole ends runs through the hole for at
    least ``through`` of its length, and the colours on the matching sides agree within
    ``colour`` (Euclidean, RGB) with the step of the same sign. Each segment is used
    once, best pairs first (least angle + offset + colour misfit).
    """
    for name, v in (("angle", angle), ("offset", offset), ("colour", colour)):
        if not v > 0:
            raise ContractError(f"{name} must be > 0, got {v!r}")
    if not 0.0 <= through <= 1.0:
        raise ContractError(f"through must be a share in [0, 1], got {through!r}")
    h, w = mask.shape
    cos = np.cos(np.deg2rad(angle))
    cand = []
    for i, s in enumerate(segments):
        for j in range(i + 1, len(segments)):
            r = segments[j]
            c = -float(s["u"] @ r["u"])
            if c < cos:
                continue
            gap = r["p"] - s["p"]
            g = float(np.hypot(*gap))
            if g < 2.0 or float(gap @ s["u"]) <= 0:
                continue
            ns = np.array([-s["u"][1], s["u"][0]])
            nr = np.array([-r["u"][1], r["u"][0]])
            off = max(abs(float(gap @ ns)), abs(float(gap @ nr)))
            if off > offset:
                continue
            # r's normal is opposite to s's: r's right side is s's left
            dl = float(np.linalg.norm(s["left"] - r["right"]))
            dr = float(np.linalg.norm(s["right"] - r["left"]))
            if (
                max(dl, dr) > colour
                or float((s["left"] - s["right"]) @ (r["right"] - r["left"])) <= 0
            ):
                continue
            n = max(2, int(g))
            t = np.linspace(0.0, 1.0, n)[:, None]
            q = np.rint(s["p"][None] + t * gap[None]).astype(int)
            q[:, 0] = np.clip(q[:, 0], 0, w - 1)
            q[:, 1] = np.clip(q[:, 1], 0, h - 1)
            if mask[q[:, 1], q[:, 0]].mean() < through:
                continue
            cost = (
                np.degrees(np.arccos(min(c, 1.0))) / angle
                + off / offset
                + max(dl, dr) / colour
            )
            cand.append((cost, i, j))
    used, pairs = set(), []
    for _, i, j in sorted(cand):
        if i in used or j in used:
            continue
        used |= {i, j}
        pairs.append((segments[i], segments[j]))
    return pairs


def continue_lines(
    image: np.ndarray, mask: np.ndarray, *, width: float = 1.5, **options
) -> tuple[np.ndarray, np.ndarray]:
    """The hole's paired straight edges drawn through it as steps between their sides' colours.

    Parameters
    ----------
    image : (H, W, 3) uint8
    mask : (H, W) bool
        True = the hole.
    width : float
        Half-width (px) of the band drawn on each side of an edge's line.
    **options
        Passed to :func:`ring_segments` (``reach``, ``min_length``, ``side``, ``contrast``)
        and :func:`pair_segments` (``angle``, ``offset``, ``colour``, ``through``).

    Returns
    -------
    image : (H, W, 3) uint8
        ``image`` with the drawn hole pixels set (a new array; ``image`` itself,
        unchanged, where no edge pairs).
    drawn : (H, W) bool
        The hole pixels drawn (all False where no edge pairs).

    Examples
    --------
    >>> im = np.zeros((32, 32, 3), np.uint8); im[:, 16:] = 200
    >>> m = np.zeros((32, 32), bool); m[10:22, 8:24] = True
    >>> hidden = im.copy(); hidden[m] = 128
    >>> out, drawn = continue_lines(hidden, m)
    >>> int(out[15, 14, 0]), int(out[15, 16, 0]), bool(drawn[15, 20])
    (0, 200, False)
    """
    if width <= 0:
        raise ContractError(f"width must be > 0, got {width}")
    seg_opts = {
        k: options.pop(k)
        for k in ("reach", "min_length", "side", "contrast")
        if k in options
    }
    drawn = np.zeros(mask.shape, bool)
    pairs = pair_segments(ring_segments(image, mask, **seg_opts), mask, **options)
    if not pairs:
        return image, drawn
    h, w = mask.shape
    out = image.astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    for s, r in pairs:
        gap = r["p"] - s["p"]
        g2 = float(gap @ gap)
        d = gap / np.sqrt(g2)
        nrm = np.array([-d[1], d[0]], np.float32)
        x0, y0 = np.floor(np.minimum(s["p"], r["p"]) - width - 1).astype(int)
        x1, y1 = np.ceil(np.maximum(s["p"], r["p"]) + width + 2).astype(int)
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
        sl = (slice(y0, y1), slice(x0, x1))
        px, py = xx[sl] - s["p"][0], yy[sl] - s["p"][1]
        t = (px * gap[0] + py * gap[1]) / g2
        n = px * nrm[0] + py * nrm[1]
        band = mask[sl] & (np.abs(n) <= width) & (t >= 0) & (t <= 1) & ~drawn[sl]
        if not band.any():
            continue
        # s's normal agrees with nrm (d ~ s.u); r's sides are swapped
        left = (1 - t[..., None]) * s["left"] + t[..., None] * r["right"]
        right = (1 - t[..., None]) * s["right"] + t[..., None] * r["left"]
        a = np.clip(n / 1.0 + 0.5, 0.0, 1.0)[..., None]  # a one-pixel ramp at the edge
        val = a * left + (1 - a) * right
        out[sl][band] = val[band]
        drawn[sl] |= band
    return np.clip(np.rint(out), 0, 255).astype(np.uint8), drawn
