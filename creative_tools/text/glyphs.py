"""Text masks from detector polygons: the glyph pixels, or filled polygons.

Every masked pixel must be invented by the inpainter, so where the background around
the letters can be kept, the mask is the glyphs themselves: fill, outline, shadow and
the antialiased rim, nothing around them. The margin removal needs (pixels a glyph
changed too little to see, fill bleeding) is the merge dilation of the fill mask
(``PipelineConfig.text_dilate``), not part of this mask. Per polygon:

1. the polygon is grown a little (``grow`` x text height) to catch ascenders and
   outlines the detector's box clipped; long lines are cut into pieces of about
   ``chunk`` text heights, each decided on its own;
2. the background behind each piece is estimated from a ring just outside it (other
   polygons excluded), three ways: a *local estimate* (the ring's colours spread
   into the polygon by normalised convolution: the background *here*), a few
   background *colours* (k-means in CIE Lab), each counting only where it occurs in
   the ring nearby (white letters over a red saucer are not background because a
   white cup is, further along), and a *colour ramp* (a quadratic surface per Lab
   channel, for gradients);
3. pixels that no estimate explains (Lab distance above a threshold set by the ring's
   own spread) are glyph; connected weaker pixels (above the ring's noise) are added
   by hysteresis: the antialiased rim and soft shadows;
4. where that fails (busy photo, faint or semi-transparent text) the piece is tried
   as a *colour step*: a glyph of opacity ``a`` and colour ``c`` turns background
   ``b`` into ``b + a (c - b)``, so against the local estimate its pixels all move
   one way while texture moves every way (:func:`_glyphs_shifted`);
5. with ``ground`` (on by default since session 20) a piece neither decides is tried as two layers: a smooth ground
   fitted robustly to its ring and itself, and one ink departing from it in strokes
   (:func:`_glyphs_by_ground`: a stamp's frame in the text's colour, a stripe ending
   inside the ring, a detector box over an empty gradient, which masks nothing);
   the filled polygon is used where none holds (small text, where the whole box
   costs little; texture with no consistent step; implausible glyph fractions);
   a line whose neighbours above and below took its ring (what is left, at its ends,
   says nothing about the background behind its middle: a real ad's bevelled headline
   between two lines was kept half legible that way) waits for a second round, where
   the neighbours' own background (their polygons less the glyphs found there) is
   ring too; a piece that still sees too little gets its polygon, and one that needed
   this borrowed ring must pass the colour models (no colour-step search); with
   ``split``, a piece about to get its polygon is first tried as two colours, one
   drawn in strokes (:func:`_glyphs_by_split`); with ``blend`` (opt-in), a piece the
   ground decides nothing on is first tried as a translucent ink blended over the ring's
   colour density, no surface (:func:`_glyphs_by_blend`); a polygon
   inside a larger one of about its height (the same line found twice) never adds its
   filled polygon, only the glyphs it finds;
6. a line keeps its colours while its background changes: the colours of the glyphs
   found with confidence are clustered, and pixels connected to glyphs that are
   nearer such a colour than to any background estimate are added (white letters
   crossing a white cup); holes that outweigh the strokes around them (an outline
   around a fill of the background's colour) are filled; a piece no background
   model decided (texture behind it) is decided by those colours, where its ring
   does not have them, before it falls back to its polygon;
7. a tiled watermark over texture (pieces that fell back to their polygon, and the
   text repeats by translation in two directions): each piece that lands
   on copies of itself is decided again on the median of its aligned copies, where
   the word stays and the texture averages out: one mask voted by the copies instead
   of each copy segmented over its own texture (``copies``);
   then (``blobs``, opt-in) a mask piece that is a flat convex blob, not
   strokes (a battery's cap, a bokeh disk the detector boxed), is dropped (:func:`_flat_blobs`);
   then (``piece_contrast``, opt-in) a small piece that stands out from its own
   surroundings far less than its box's letters do (a patch of the ground's texture the
   ground model took) is dropped (:func:`_faint_pieces`);
8. optionally (``rim_alpha``, off by default), the mask's outer 1 px ring is judged
   as a mix of the glyph colour beside it and the quiet ground around it: the
   antialiased rim the hysteresis explained away where the mix looks like another
   background colour (:func:`_rim_by_opacity`).
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Sequence

import cv2
import numpy as np
from scipy.signal import fftconvolve

from ..contract import check_image, check_prob
from ..errors import ContractError
from ._blas import tall_matmul as _tall_matmul  # thin products off OpenBLAS's threads
from .geometry import contained_in, nested_polygons, polygon_height
from .repeat import _highpass, _two_dimensional, repeat_shifts

__all__ = ["text_mask", "check_glyph_options", "polygon_height"]

#: Blurred ring weight below which the local background estimate is not used (the
#: Gaussian of a ring at about 2.5 sigma).
_MIN_SUPPORT = 0.02

#: CIE76 dE*ab of a just-noticeable difference (as ``bench.metrics.invisible_glyphs``):
#: a rim pixel the text changed by less than this is not worth inventing.
_JND = 2.3


def _disk(r: int) -> np.ndarray:
    r = max(int(r), 0)
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def _kmeans(x: np.ndarray, k: int, iters: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic k-means (farthest-point init). Returns centres and labels."""
    centres = [np.median(x, axis=0)]
    d = _sum3((x - centres[0]) ** 2)
    for _ in range(1, k):
        centres.append(x[int(np.argmax(d))])
        d = np.minimum(d, _sum3((x - centres[-1]) ** 2))
    c = np.stack(centres).astype(np.float32)
    xx, x2 = _sum3(x * x)[:, None], 2.0 * x  # the terms of _sq_dist that stay
    # bincount reads its weights as contiguous float64: convert the columns once
    cols = [np.ascontiguousarray(x[:, i], dtype=np.float64) for i in range(x.shape[1])]
    prev = None
    for _ in range(iters):
        lab = np.argmin(np.maximum(xx - _tall_matmul(x2, c.T) + _sum3(c * c)[None], 0.0), axis=1)
        # converged: the same labels give the same centres (each the mean of the same
        # points, an empty one kept), so every later round repeats this one
        if prev is not None and np.array_equal(lab, prev):
            break
        prev = lab
        n = np.bincount(lab, minlength=k).astype(np.float32)
        sums = np.stack([np.bincount(lab, weights=col, minlength=k) for col in cols], 1)
        c = np.where(n[:, None] > 0, sums / np.maximum(n, 1)[:, None], c).astype(np.float32)
    lab = np.argmin(_sq_dist(x, c), axis=1)
    return c, lab


def _sum3(a: np.ndarray) -> np.ndarray:
    """``a.sum(-1)`` for a last axis of 3 (Lab / RGB colours): the same sums bit for bit.

    Numpy reduces a length-3 last axis as ``(a0 + a1) + a2`` (checked for float32 and
    float64, C, Fortran and strided layouts, numpy 2.4: ``tests/text/test_glyphs.py``)
    but through its slow path for short reduced axes, about 20x the time of the two
    adds written out (0.53 vs 0.03 ms for 50,000 colours; session 24). Other shapes
    go to ``sum``.
    """
    if a.shape[-1] != 3:
        return a.sum(-1)
    return (a[..., 0] + a[..., 1]) + a[..., 2]


def _min_cols(d: np.ndarray) -> np.ndarray:
    """``d.min(1)`` for ``(n, k)`` distances to a few centres (``k <= 8``): the same values
    bit for bit (``min`` is ``np.minimum``'s reduction, NaN and signed zeros included:
    ``tests/text/test_glyphs.py``), column by column, without numpy's slow path for short
    reduced axes (0.04 vs 1.39 ms for 50,000 x 3; session 24)."""
    if d.ndim != 2 or not 1 <= d.shape[1] <= 8:
        return d.min(1)
    out = d[:, 0]
    for j in range(1, d.shape[1]):
        out = np.minimum(out, d[:, j])
    return out


def _sq_dist(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared distances ``(n, k)`` of ``x`` ``(n, 3)`` to ``centres`` ``(k, 3)``."""
    return np.maximum(_sum3(x * x)[:, None] - _tall_matmul(2.0 * x, centres.T) + _sum3(centres * centres)[None],
                      0.0)


def _min_dist(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return np.sqrt(_min_cols(_sq_dist(x, centres)))


def _plane_design(ys: np.ndarray, xs: np.ndarray, scale: float) -> np.ndarray:
    ys = ys.astype(np.float32) / scale
    xs = xs.astype(np.float32) / scale
    return np.stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys], axis=1)


def _smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur (zero outside), on a grid about sigma / 2 coarser for wide
    sigmas: the result is smooth at that scale anyway, and the cost drops with the
    square of the factor."""
    f = int(max(1, sigma // 2))
    if f == 1:
        return cv2.GaussianBlur(x, (0, 0), sigma, borderType=cv2.BORDER_CONSTANT)
    if x.ndim == 3 and x.shape[2] > 4:
        # OpenCV resizes at most 4 channels (``colors`` > 3 gives 5 presence maps and more)
        parts = [_smooth(x[..., i:i + 4], sigma) for i in range(0, x.shape[2], 4)]
        return np.concatenate([q.reshape(x.shape[:2] + (-1,)) for q in parts], axis=2)
    h, w = x.shape[:2]
    small = cv2.resize(x, (max(1, -(-w // f)), max(1, -(-h // f))), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / f, borderType=cv2.BORDER_CONSTANT)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _local_background(lab: np.ndarray, ring: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """The ring's colours spread smoothly into the crop (normalised convolution).

    Returns the estimate ``(h, w, 3)`` and its support ``(h, w)`` (the blurred ring
    weight; near 0 far from any ring pixel, where the estimate means nothing).
    """
    w = ring.astype(np.float32)
    wb = _smooth(w, sigma)
    num = _smooth(lab * w[..., None], sigma)
    return num / np.maximum(wb, 1e-6)[..., None], wb


def _glyphs_shifted(
    lab: np.ndarray,
    region: np.ndarray,
    ring: np.ndarray,
    *,
    height: float,
    min_fraction: float,
    max_fraction: float,
    coherence: float = 0.5,
    separation: float = 2.0,
    memo: dict | None = None,
) -> np.ndarray | None:
    """Glyphs that shift the background by one colour step (faint, semi-transparent,
    low-contrast text on a busy photo); None when no such step is found.

    A glyph pixel of opacity ``a`` and colour ``c`` over background ``b`` is
    ``b + a (c - b)``: against the local background estimate, glyph pixels move in one
    direction, while texture moves in all directions. The step direction ``u`` is the
    mean difference of the most changed pixels; the score ``(p - b) . u`` is smoothed
    over about a stroke width and thresholded at the ring's own 97th percentile.
    ``memo``: the dict ``_glyphs_in_crop`` was given for this piece (its local
    background estimate is reused, not computed again).
    """
    gy, gx = np.nonzero(region)
    ry, rx = np.nonzero(ring)
    if gy.size == 0 or ry.size < 12:
        return None
    sigma = max(1.0, 0.5 * height)
    if memo is not None and memo.get("sigma") == sigma:
        est, wb = memo["background"]
    else:
        est, wb = _local_background(lab, ring, sigma)
    diff = lab - est
    diff[wb < _MIN_SUPPORT] = 0.0
    dg = diff[gy, gx]
    mag = np.sqrt(_sum3(dg ** 2))
    top = mag >= np.percentile(mag, 80)
    mean = dg[top].mean(0)
    # coherence: how much of the top differences' length their mean keeps (1 for
    # one glyph colour, near 0 for texture)
    if float(np.linalg.norm(mean)) < coherence * float(mag[top].mean()):
        return None
    u = (mean / np.linalg.norm(mean)).astype(np.float32)
    score = diff @ u
    score = _smooth(score, max(0.7, 0.03 * height))
    thr = float(np.percentile(score[ry, rx], 97))
    if thr <= 0:
        thr = float(np.percentile(np.abs(score[ry, rx]), 97)) + 1e-3
    strong = (score > thr) & region
    if float(np.median(score[strong])) < separation * thr if strong.any() else True:
        return None
    glyph = strong.astype(np.uint8)
    weak = ((score > 0.5 * thr) & region).astype(np.uint8)
    k3 = np.ones((3, 3), np.uint8)
    for _ in range(max(2, int(round(0.05 * height)))):
        glyph = cv2.dilate(glyph, k3) & weak
    frac = float(np.count_nonzero(glyph)) / max(gy.size, 1)
    if not (min_fraction <= frac <= max_fraction):
        return None
    return glyph


def _glyphs_in_crop(
    lab: np.ndarray,
    region: np.ndarray,
    ring: np.ndarray,
    *,
    k: int,
    min_delta: float,
    busy_delta: float,
    min_fraction: float,
    max_fraction: float,
    min_contrast: float,
    height: float = 0.0,
    rim_delta: float = 1.0,
    local_share: float = 0.1,
    max_samples: int = 800,
    memo: dict | None = None,
    shadow: float = 0.0,
    codec: float = 0.0,
) -> np.ndarray | None:
    """Glyph pixels of ``region`` given background ``ring``; None when unreliable.

    ``lab`` is the ``(h, w, 3)`` float32 Lab window, ``region`` and ``ring`` ``(h, w)``
    bool; returns ``(glyph, dist)``: ``(h, w)`` uint8 (1 = glyph) and float32 (Lab
    distance to the nearest background estimate), or None. A background colour explains
    a pixel only where it makes up at least ``local_share`` of the ring nearby.
    ``memo`` (a dict), when given, receives the local background estimate
    (``background``: ``(est, wb)``, and its ``sigma``) for ``_glyphs_shifted``.
    ``shadow`` (x ``height``; 0 = off): after the rim's hysteresis, the glyphs grow on
    that many more steps into connected pixels above the same noise floor that depart
    from the local background the *other* way in lightness than the glyphs do (the
    drop shadow under light letters, the dark outline round them: a second ink), see
    :func:`_second_ink`. ``codec`` (0 = off): the rim's noise floor is at least ``codec`` x
    the piece's contrast (its 97th-percentile distance), the codec's ringing round the
    letters (``text_mask``'s ``codec``).
    """
    ry, rx = np.nonzero(ring)
    if ry.size < 12:
        return None
    gy, gx = np.nonzero(region)
    if gy.size == 0:
        return None
    sub = np.arange(ry.size)
    if ry.size > max_samples:  # even subsample, deterministic
        sub = np.linspace(0, ry.size - 1, max_samples).astype(np.int64)
    sy, sx = ry[sub], rx[sub]
    ring_px = lab[sy, sx]
    sigma = max(1.0, 0.5 * height)
    # (1) a few background colours; tiny clusters are glyph bits leaking into the
    # ring (descenders, outlines), so they are dropped. A colour explains a pixel only
    # where it occurs in the ring nearby (its share of the ring, smoothed like the
    # local estimate): white letters are not background because a white cup is,
    # further along the line
    kk = int(min(k, max(1, sy.size // 20)))
    centres, labels = _kmeans(ring_px, kk)
    counts = np.bincount(labels, minlength=kk)
    centres = centres[counts >= max(3, 0.06 * sy.size)]
    if len(centres) == 0:
        return None
    d_col_ring = _min_dist(ring_px, centres)
    # (2) a quadratic surface per Lab channel over the window (gradients)
    scale = float(max(lab.shape[:2]))
    A = _plane_design(sy, sx, scale)
    coef, *_ = np.linalg.lstsq(A, ring_px, rcond=None)
    d_ramp_ring = np.sqrt(_sum3((A @ coef - ring_px) ** 2))
    # (3) the ring's colours spread into the polygon: the background *here*
    est, wb = _local_background(lab, ring, sigma)
    if memo is not None:
        memo["background"], memo["sigma"] = (est, wb), sigma
    d_loc_ring = np.sqrt(_sum3((est[sy, sx] - ring_px) ** 2))
    # the ring's own spread decides first (busy photo: no per-pixel work at all)
    spread = float(np.percentile(np.minimum.reduce([d_col_ring, d_ramp_ring, d_loc_ring]), 90))
    if spread > busy_delta:
        return None

    px = lab[gy, gx]
    if len(centres) == 1:
        nearest = np.zeros(ry.size, np.int64)
    else:
        nearest = np.argmin(_sq_dist(lab[ry, rx], centres), axis=1)
    # one smoothing for every colour's presence map and the ring weight together
    present = np.zeros(ring.shape + (len(centres) + 1,), np.float32)
    present[ry, rx, nearest] = 1.0
    present[ry, rx, -1] = 1.0
    present = _smooth(present, sigma)[gy, gx]
    if present.ndim == 1:
        present = present[:, None]
    ok = present[:, :-1] > local_share * np.maximum(present[:, -1:], 1e-6)
    d2 = np.where(ok, _sq_dist(px, centres), np.inf)
    d_col = np.sqrt(_min_cols(d2)).astype(np.float32)
    d_ramp = np.sqrt(_sum3((_tall_matmul(_plane_design(gy, gx, scale), coef) - px) ** 2))
    # (no local estimate far from every ring pixel: there it is noise over ~0)
    d_loc = np.sqrt(_sum3((est[gy, gx] - px) ** 2))
    d_loc[wb[gy, gx] < _MIN_SUPPORT] = np.inf
    tau = max(min_delta, 2.0 * spread)
    dist = np.zeros(region.shape, np.float32)
    dist[gy, gx] = np.minimum.reduce([d_col, d_ramp, d_loc])
    # low-contrast (blurred, faded) text: the glyph edge is not where the
    # threshold would put it; the caller tries a colour step, then the polygon
    contrast = float(np.percentile(dist[gy, gx], 97))
    if contrast < min_contrast * tau:
        return None
    # hysteresis: strong pixels grow into connected weaker ones above the ring's own
    # noise (antialiased rim, soft shadows), up to about a tenth of the text height
    floor = max(1.5 * spread, rim_delta)
    if codec > 0:
        # a JPEG's ringing round the letters grows with their own step (the quantised
        # high frequencies of that edge), so its floor is a share of the piece's contrast
        floor = max(floor, codec * contrast)
    glyph = (dist > tau).astype(np.uint8)
    weak = (dist > floor).astype(np.uint8)
    k3 = np.ones((3, 3), np.uint8)
    for _ in range(max(2, int(round(0.1 * height)))):
        glyph = cv2.dilate(glyph, k3) & weak
    if shadow > 0:
        glyph = _second_ink(glyph, weak, lab[..., 0] - est[..., 0], wb >= _MIN_SUPPORT,
                            steps=max(1, int(round(shadow * height))), floor=floor)
    glyph = _fill_outlines(glyph, region)
    frac = float(np.count_nonzero(glyph)) / max(gy.size, 1)
    if not (min_fraction <= frac <= max_fraction):
        return None
    return glyph, dist


def _second_ink(glyph: np.ndarray, weak: np.ndarray, dl: np.ndarray, known: np.ndarray, *, steps: int,
                floor: float) -> np.ndarray:
    """The glyphs grown into their second ink: a drop shadow or outline.

    ``glyph`` / ``weak`` are ``(h, w)`` uint8 (the hysteresis' glyphs and the pixels above
    the ring's noise), ``dl`` the lightness over the local background estimate (``L* -
    est L*``), ``known`` where that estimate has support. The glyphs' own direction is the
    sign of ``dl``'s median over them; the second ink is the weak pixels departing by more
    than ``floor`` the other way (darker under light letters, lighter round dark ones).
    The glyphs grow ``steps`` 3 x 3 steps into it (connected to the letters, so a dark
    patch of the ground apart from them is not taken). Session 35 (glyphs): such a second
    ink is a third of hard tune's recall deficit (0.0238 of 0.0719: the shadows of the
    styled, faint headline, CJK and fine print families, beyond the rim's reach of 0.1 x the
    height), but above the rim's noise floor this reaches one tune creative (hard tune R
    0.9281 -> 0.9288, P 0.7906 -> 0.7895 at ``shadow=0.1``).

    >>> g = np.zeros((1, 9), np.uint8); g[0, 2:4] = 1; w = np.ones_like(g)
    >>> dl = np.array([[0, 0, 30, 30, -5, -5, -5, 0, 0]], np.float32)
    >>> _second_ink(g, w, dl, np.ones(g.shape, bool), steps=4, floor=2.0)[0].tolist()
    [0, 0, 1, 1, 1, 1, 1, 0, 0]
    """
    on = glyph > 0
    if not on.any():
        return glyph
    sign = np.sign(float(np.median(dl[on])))
    if sign == 0:
        return glyph
    other = ((weak > 0) & known & (sign * dl < -floor)).astype(np.uint8)
    if not other.any():
        return glyph
    k3 = np.ones((3, 3), np.uint8)
    out = glyph.copy()
    for _ in range(steps):
        out = cv2.dilate(out, k3) & (other | glyph)
    return out | glyph


#: ``drop_shadow``: a shifted glyph pixel counts as the second ink when it departs from
#: the ground estimate by more than this many JNDs or 1.5 x the ground's own spread.
_SHADOW_FLOOR = 2.0
#: ``drop_shadow``: the share of the shifted letters (off the letters) that must be that
#: second ink at the best offset (a shadow covers its offset letters; its blurred edge and
#: the letters' antialiased rim do not count: 0.45 - 0.8 on hard tune's shadowed lines).
_SHADOW_OVERLAP = 0.4
#: ``drop_shadow``: the largest share of the opposite offset that may be the second ink
#: too, over the best offset's share (an outline, a halo or texture shows at every offset).
_SHADOW_ASYMMETRY = 0.4
#: ``drop_shadow``: the shadow's blur reach over text height, past the shifted glyphs.
_SHADOW_BLUR = 0.06
#: ``drop_shadow``: the blur is taken down to this share of the shadow's own departure
#: (its median on the shifted letters), and at least the JND: a tail at a tenth of the
#: shadow's opacity is the text layer's cut, fainter pixels are the ground's texture (hard
#: tune's shadowed creatives keep their gains at 0.15; textcheck3's glitch copies, P 0.985
#: -> 0.862 taken down to the JND alone, 0.979).
_SHADOW_TAIL = 0.15


def _shifted(a: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """``a`` ``(h, w)`` moved by ``(dy, dx)`` px (False / 0 shifted in)."""
    out = np.zeros_like(a)
    h, w = a.shape
    src = a[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = src
    return out


def _shadow_offset(G: np.ndarray, E: np.ndarray, valid: np.ndarray, near: np.ndarray, *,
                   reach: int) -> tuple[tuple[int, int], float, float] | None:
    """The offset ``(dy, dx)`` at which the glyphs ``G`` land on the second ink ``E``.

    ``G``, ``E``, ``valid``, ``near`` are ``(h, w)`` bool (the line's glyphs; the pixels
    departing from the ground; where a shifted glyph pixel is scored: off the glyphs, with
    a ground estimate; the ``E`` pixels an offset may explain). For every offset up to
    ``reach`` px (max-norm, at least 2 px: a 1 px offset is the letters' own antialiased
    rim): ``hit``, the share of the shifted glyph pixels in ``valid`` that are ``E``, and
    ``cover``, the share of ``E & near`` they cover. The best offset has the largest
    ``2 hit cover / (hit + cover)`` (a thick shadow holds every shorter offset on its way
    too, but only the true one covers it). Returns it, its ``hit`` and the opposite
    offset's ``hit``, or None where no offset has 20 scored pixels or ``E & near`` is empty.

    >>> G = np.zeros((30, 30), bool); G[5:15, 5:15] = True
    >>> E = np.zeros_like(G); E[8:18, 8:18] = True; E &= ~G
    >>> _shadow_offset(G, E, ~G, np.ones_like(G), reach=4)
    ((3, 3), 1.0, 0.0)
    """
    e_near = E & near
    n_e = int(np.count_nonzero(e_near))
    if n_e == 0:
        return None
    ys, xs = np.nonzero(G)
    if len(ys) == 0:
        return None
    # every offset's counts at once: the glyphs' box correlated with ``valid`` / ``E & near`` round
    # it (float64 FFT of 0 / 1 arrays, rounded: exact integers, the counts the shifted masks would
    # give; shifting the window once per offset cost reach^2 x its area, 5 s for one 350 px line)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    g = G[y0:y1, x0:x1][::-1, ::-1].astype(np.float64)

    def counts(a: np.ndarray) -> np.ndarray:
        pad = np.zeros((y1 - y0 + 2 * reach, x1 - x0 + 2 * reach))
        a0, a1, b0, b1 = max(0, y0 - reach), min(a.shape[0], y1 + reach), max(0, x0 - reach), min(a.shape[1], x1 + reach)
        pad[a0 - (y0 - reach):a1 - (y0 - reach), b0 - (x0 - reach):b1 - (x0 - reach)] = a[a0:a1, b0:b1]
        return np.rint(fftconvolve(pad, g, mode="valid")).astype(np.int64)  # [reach + dy, reach + dx]

    n_all, k_all = counts(valid), counts(e_near)
    hit, score = {}, {}
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            if max(abs(dy), abs(dx)) < 2:
                continue
            n = int(n_all[reach + dy, reach + dx])
            if n < 20:
                continue
            k = int(k_all[reach + dy, reach + dx])
            hit[(dy, dx)] = k / n
            cover = k / n_e
            score[(dy, dx)] = 2 * hit[(dy, dx)] * cover / max(hit[(dy, dx)] + cover, 1e-9)
    if not score:
        return None
    # the best score; of equal scores the shortest offset
    best = max(score, key=lambda s: (score[s], -(s[0] ** 2 + s[1] ** 2)))
    return best, hit[best], hit.get((-best[0], -best[1]), 0.0)


def _drop_shadows(image: np.ndarray, mask: np.ndarray, polys: list, heights: list, *, reach: float,
                  grow: float, ring: float, min_height: float, max_fraction: float) -> np.ndarray:
    """``mask`` ``(H, W)`` uint8 with each line's drop shadow added: its glyphs themselves,
    shifted by one offset, in a second ink (``drop_shadow`` of :func:`text_mask`).

    Per polygon at least ``min_height`` high whose mask is glyphs (not its filled
    polygon: at most ``max_fraction`` of it), the ground is estimated from the window's
    pixels farther than the offsets' reach from the mask, spread into the rest (normalised
    convolution, as the pieces' local estimate); a pixel departs when it is farther from it
    than ``_SHADOW_FLOOR`` JNDs or 1.5 x the ground's spread. The letters' ink is the
    masked pixels departing the way most of them do (the mask may hold part of the shadow
    already); the second ink ``E`` every other departing pixel off the letters.
    The offset is the one at which the letters, shifted, land on ``E`` (:func:`_shadow_offset`,
    up to ``reach`` x the height): taken only where at least ``_SHADOW_OVERLAP`` of the
    shifted letters are ``E``, the opposite offset at most ``_SHADOW_ASYMMETRY`` of that (an
    outline or a busy ground departs at every offset); the shadow's direction is ``E``'s mean
    departure there. Then the shifted letters, grown by the blur's reach (``_SHADOW_BLUR`` x
    the height) into pixels departing that way by more than the JND and ``_SHADOW_TAIL`` of
    the shadow's own departure, and the shadow's pixels on the letters' rim (both inks
    mixed), are added. Where no such offset is found nothing is (an unrelated dark shape
    beside the words covers few of the shifted letters). Session 35 (glyphs): a second ink,
    mostly drop shadows, is a third of hard tune's recall deficit (0.0238 of 0.0719), and
    growing into it without the letters' shape lost precision. Session 36 (glyphs): hard
    tune R 0.9281 -> 0.9373, P 0.7906 -> 0.7914 at ``reach=0.1``.

    >>> im = np.full((60, 120, 3), 200, np.uint8)
    >>> _ = cv2.putText(im, "AB", (13, 48), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (30, 30, 30), 5)
    >>> _ = cv2.putText(im, "AB", (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (255, 255, 255), 5)
    >>> m = (im[..., 0] == 255).astype(np.uint8)
    >>> box = np.array([[8, 12], [80, 12], [80, 47], [8, 47]], np.float32)
    >>> out = _drop_shadows(im, m, [box], [35.0], reach=0.15, grow=0.15, ring=0.3, min_height=8.0,
    ...                     max_fraction=0.7)
    >>> bool(out[im[..., 0] == 30].mean() > 0.9), bool(out[im[..., 0] == 200].any())
    (True, False)
    """
    H, W = mask.shape
    out = mask.copy()
    k3 = np.ones((3, 3), np.uint8)
    for p, h in zip(polys, heights):
        if h < min_height:
            continue
        S = max(2, int(round(reach * h)))
        R = max(1, int(round(_SHADOW_BLUR * h)))
        g = max(1, int(round(grow * h)))
        rw = max(2, int(round(ring * h)))
        win = _poly_window(p, g + S + R + rw + 1, H, W)
        if win is None:
            continue
        x0, y0, x1, y1 = win
        inner = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(inner, [np.round(p - [x0, y0]).astype(np.int32)], 1)
        mk = mask[y0:y1, x0:x1] > 0
        n_in = np.count_nonzero(inner)
        if n_in == 0 or np.count_nonzero(mk & (inner > 0)) > max_fraction * n_in:
            continue  # no glyphs, or the filled polygon
        region = cv2.distanceTransform(1 - inner, cv2.DIST_L2, 3) <= g
        M = mk & region
        if np.count_nonzero(M) < 20:
            continue
        dM = cv2.distanceTransform((~M).astype(np.uint8), cv2.DIST_L2, 3)
        ground = (dM > S + R + 1) & ~mk
        if np.count_nonzero(ground) < 50:
            continue
        lab = cv2.cvtColor(image[y0:y1, x0:x1].astype(np.float32) * np.float32(1 / 255.0), cv2.COLOR_RGB2Lab)
        est, wb = _local_background(lab, ground, max(1.0, 0.5 * h))
        known = wb >= _MIN_SUPPORT
        D = lab - est
        mag = np.sqrt(_sum3(D * D))
        spread = float(np.percentile(mag[ground & known], 90)) if (ground & known).any() else np.inf
        floor = max(_SHADOW_FLOOR * _JND, 1.5 * spread)
        departs = known & (mag > floor)
        # the letters' ink: the masked pixels departing the way most of them do
        on = M & departs
        if np.count_nonzero(on) < 20:
            continue
        v = np.median(D[on], axis=0)
        if not float(np.linalg.norm(v)) > 0:
            continue
        v = (v / np.linalg.norm(v)).astype(np.float32)
        G = on & ((D @ v) > 0.5 * mag)
        if np.count_nonzero(G) < 20:
            continue
        dG = cv2.distanceTransform((~G).astype(np.uint8), cv2.DIST_L2, 3)
        valid = known & ~G
        E = valid & departs & ~((D @ v) > 0.5 * mag)
        found = _shadow_offset(G, E, valid, dG <= S + R + 1, reach=S)
        if found is None:
            continue
        (dy, dx), hit, back = found
        if hit < _SHADOW_OVERLAP or back > _SHADOW_ASYMMETRY * hit:
            continue
        # the shifted letters where they land on the second ink: its direction
        sh = _shifted(G, dy, dx)
        core = sh & E
        mean = D[core].mean(0)
        if not float(np.linalg.norm(mean)) > 0:
            continue
        u = (mean / np.linalg.norm(mean)).astype(np.float32)
        du = D @ u
        ink = (known & ~G & (du > max(_JND, _SHADOW_TAIL * float(np.median(du[core]))))).astype(np.uint8)
        zone = (cv2.distanceTransform((~sh).astype(np.uint8), cv2.DIST_L2, 3) <= R).astype(np.uint8)
        take = (sh & (ink > 0)).astype(np.uint8)
        for _ in range(R):
            take = cv2.dilate(take, k3) & ink & zone
        # the seam: the shadow's own pixels on the letters' rim are both inks mixed
        seam = sh & (dG <= 1.5) & ~G
        out[y0:y1, x0:x1] |= ((take > 0) | seam).astype(out.dtype)
    return out

def _near_plate(lab: np.ndarray, region: np.ndarray, ring: np.ndarray, inner: np.ndarray, *, min_delta: float,
                share: float) -> tuple[np.ndarray, np.ndarray] | None:
    """``(region, ring)`` for a piece on a plate tighter than its ring, else None.

    The piece's margin (``region`` less the polygon ``inner``) is one colour when at
    least ``share`` of it lies within ``min_delta`` (Lab) of its median; when the ring
    shows that colour at most a third as often, the plate ends between the two: the
    glyphs are searched in the polygon (``region & inner``) against the margin.
    """
    near = region & ~inner
    if np.count_nonzero(near) < 12 or np.count_nonzero(ring) < 12:
        return None
    px = lab[near]
    med = np.median(px, axis=0)
    s_near = float(np.mean(_sum3((px - med) ** 2) < min_delta**2))
    if s_near < share:
        return None
    s_ring = float(np.mean(_sum3((lab[ring] - med) ** 2) < min_delta**2))
    if s_ring > s_near / 3.0:
        return None
    return region & inner, near


def _frame_plate(lab: np.ndarray, region: np.ndarray, inner: np.ndarray, glyph: np.ndarray, *, min_delta: float,
                 share: float, frame: float) -> tuple[np.ndarray, np.ndarray] | None:
    """``(region, ring)`` for a piece whose glyphs frame its polygon, else None.

    Text lies inside its detector polygon with ground between the letters and the
    outline; glyphs found on at least ``frame`` of the polygon's own outline (``inner``'s
    border within the grown piece ``region``), and on at least as large a share of it as
    of the polygon's inside, are that ground: a plate whose colour the
    ring outside does not show near the middle (red letters on a white band inside a red
    badge, where the ring's red explains the letters and the band is left as "text").
    When at least ``share`` of those outline pixels lie within ``min_delta`` (Lab) of
    their median (one plate colour), the piece is decided in the polygon (``region &
    inner``) against the pixels of that colour there, 2 px off any other colour (a
    letter's antialiased rim is near the plate's colour but is text), as
    ``_glyphs_on_plate`` does.
    """
    inner_u8 = inner.astype(np.uint8)
    border = region & inner & (cv2.erode(inner_u8, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT,
                                         borderValue=0) == 0)
    n = int(np.count_nonzero(border))
    on = border & (glyph > 0)
    own = region & inner
    # the outline at least as much "glyph" as the polygon's inside: the ground, not letters
    cover = float(np.count_nonzero(on)) / max(n, 1)
    if n < 12 or cover < frame or cover < np.count_nonzero(own & (glyph > 0)) / max(np.count_nonzero(own), 1):
        return None
    px = lab[on]
    med = np.median(px, axis=0)
    if float(np.mean(_sum3((px - med) ** 2) < min_delta**2)) < share:
        return None
    close = (_sum3((lab - med) ** 2) <= min_delta**2) & inner
    ring = cv2.erode(close.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    ring &= own
    if np.count_nonzero(ring) < 12:
        return None
    return own, ring


def _ring_support(border: np.ndarray, ring: np.ndarray) -> float:
    """Share of the grown polygon's outer edge ``border`` (h, w) bool that has a ring
    pixel next to it (3 x 3): 1 when the background is sampled all around the piece,
    low when neighbouring lines left the ring on one side only. 1.0 without an edge."""
    n = int(np.count_nonzero(border))
    if n == 0:
        return 1.0
    near = cv2.dilate(ring.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return float(np.count_nonzero(near & border)) / n


def _fill_outlines(glyph: np.ndarray, region: np.ndarray, ratio: float = 1.0) -> np.ndarray:
    """Fill the holes of ``glyph`` when they outweigh it: an outline (or a rim of
    shadow) around a fill the colour of the background (white letters over a white
    cup). Letter counters are holes too, but smaller than the strokes around them,
    so plain text is left as it is.

    ``glyph`` (h, w) uint8 and ``region`` (h, w) bool; returns (h, w) uint8.
    """
    n, lab = cv2.connectedComponents((1 - glyph).astype(np.uint8), connectivity=4)
    if n <= 2:
        return glyph
    is_out = np.zeros(n, bool)
    is_out[lab[0]] = is_out[lab[-1]] = is_out[lab[:, 0]] = is_out[lab[:, -1]] = True
    is_out[lab[~region]] = True
    holes = ~is_out[lab] & (glyph == 0)
    if np.count_nonzero(holes) <= ratio * np.count_nonzero(glyph):
        return glyph
    return glyph | holes.astype(np.uint8)


def check_glyph_options(*, ground, blobs, rim_alpha, piece_contrast, box_letters, blend, blend_colours,
                        blend_thin, blend_thin_after, blend_refit, drop_shadow=0.0) -> None:
    """Check the glyph-mask options :func:`text_mask` takes and the text backends are built with.

    One checker for both doors (issue D10: ``text/base.py`` repeated every rule and message), so
    a backend refuses a bad option when it is built, with the message :func:`text_mask` gives.
    A bool is refused where a number is expected (True would read as 1.0); NaN fails every range.

    Parameters
    ----------
    ground, blend_thin_after : bool
    blobs, rim_alpha, piece_contrast : float in [0, 1]
    box_letters, blend, blend_thin, drop_shadow : float in [0, 0.5]
    blend_colours : int in 1..4
    blend_refit : float, 0 or in [1, 20]

    Raises
    ------
    ContractError
        Naming the first option that is out of its range or of the wrong type, with its value.

    Examples
    --------
    >>> check_glyph_options(ground=True, blobs=0.0, rim_alpha=0.0, piece_contrast=0.0, box_letters=0.0,
    ...                     blend=0.0, blend_colours=1, blend_thin=0.0, blend_thin_after=False, blend_refit=0.0)
    >>> check_glyph_options(ground=True, blobs=0.0, rim_alpha=0.0, piece_contrast=0.0, box_letters=0.0,
    ...                     blend=0.6, blend_colours=1, blend_thin=0.0, blend_thin_after=False, blend_refit=0.0)
    Traceback (most recent call last):
    ...
    creative_tools.errors.ContractError: blend must be a number in [0, 0.5] (a smoothing over text height; 0 = off), got 0.6
    """
    if not isinstance(ground, (bool, np.bool_)):
        raise ContractError(f"ground must be a bool (the glyph masks' two-layer model on or off), got {ground!r}")
    if isinstance(blobs, bool) or not isinstance(blobs, Real) or not 0.0 <= blobs <= 1.0:
        raise ContractError(f"blobs must be a number in [0, 1] (an inscribed radius over text height; 0 = off), "
                            f"got {blobs!r}")
    if isinstance(rim_alpha, bool) or not isinstance(rim_alpha, Real) or not 0.0 <= rim_alpha <= 1.0:
        raise ContractError(f"rim_alpha must be a number in [0, 1] (an opacity; 0 = off), got {rim_alpha!r}")
    if isinstance(piece_contrast, bool) or not isinstance(piece_contrast, Real) or not 0.0 <= piece_contrast <= 1.0:
        raise ContractError(f"piece_contrast must be a number in [0, 1] (a share of the box's piece contrast; "
                            f"0 = off), got {piece_contrast!r}")
    if isinstance(box_letters, bool) or not isinstance(box_letters, Real) or not 0.0 <= box_letters <= 0.5:
        raise ContractError(f"box_letters must be a number in [0, 0.5] (a margin over text height; 0 = off), "
                            f"got {box_letters!r}")
    if isinstance(blend, bool) or not isinstance(blend, Real) or not 0.0 <= blend <= 0.5:
        raise ContractError(f"blend must be a number in [0, 0.5] (a smoothing over text height; 0 = off), "
                            f"got {blend!r}")
    if isinstance(blend_colours, (bool, np.bool_)) or not isinstance(blend_colours, Integral) or not 1 <= blend_colours <= 4:
        raise ContractError(f"blend_colours must be an integer in 1..4 (ground colours, each its own density), "
                            f"got {blend_colours!r}")
    if isinstance(blend_thin, bool) or not isinstance(blend_thin, Real) or not 0.0 <= blend_thin <= 0.5:
        raise ContractError(f"blend_thin must be a number in [0, 0.5] (a segment over text height; 0 = off), "
                            f"got {blend_thin!r}")
    if not isinstance(blend_thin_after, (bool, np.bool_)):
        raise ContractError(f"blend_thin_after must be a bool (the thin strokes joined after blend's guards), "
                            f"got {blend_thin_after!r}")
    if isinstance(blend_refit, bool) or not isinstance(blend_refit, Real) or not (
            blend_refit == 0.0 or 1.0 <= blend_refit <= 20.0):
        raise ContractError(f"blend_refit must be 0 (off) or a number in [1, 20] (a word's length over text "
                            f"height), got {blend_refit!r}")
    if isinstance(drop_shadow, bool) or not isinstance(drop_shadow, Real) or not 0.0 <= drop_shadow <= 0.5:
        raise ContractError(f"drop_shadow must be a number in [0, 0.5] (a drop shadow's largest offset over text "
                            f"height; 0 = off), got {drop_shadow!r}")


def text_mask(
    image: np.ndarray,
    polygons: Sequence[np.ndarray],
    *,
    prob: np.ndarray | None = None,
    tight: bool = True,
    min_height: float = 8.0,
    grow: float = 0.15,
    ring: float = 0.3,
    halo: float = 0.0,
    colors: int = 3,
    min_delta: float = 10.0,
    busy_delta: float = 14.0,
    min_fraction: float = 0.03,
    max_fraction: float = 0.7,
    min_contrast: float = 2.0,
    chunk: float = 4.0,
    rim_delta: float = 1.0,
    shifted: bool = True,
    text_colors: bool = True,
    min_ring_support: float = 0.3,
    copies: bool = True,
    min_copies: int = 4,
    nested: float = 0.8,
    nested_height: float = 1.5,
    plates: bool = True,
    near_plate: float = 0.6,
    frame: float = 1 / 3,
    split: bool = False,
    rim_alpha: float = 0.0,
    ground: bool = True,
    blobs: float = 0.0,
    piece_contrast: float = 0.0,
    box_letters: float = 0.0,
    blend: float = 0.0,
    blend_colours: int = 1,
    blend_thin: float = 0.0,
    blend_thin_after: bool = False,
    blend_refit: float = 0.0,
    shadow: float = 0.0,
    codec: float = 0.0,
    drop_shadow: float = 0.1,
) -> np.ndarray:
    """The mask of the text inside ``polygons``: glyph-tight or filled.

    Parameters
    ----------
    image : (H, W, 3) uint8
        RGB image.
    polygons : sequence of (N, 2) float arrays
        Text outlines ``(x, y)`` in image pixels (from a detector).
    prob : (H, W) float32 or None
        The detector's probability map; checked against the contract but not needed
        by the current rule (kept so backends can pass it and rules can use it).
    tight : bool
        True (default): glyph-tight masks where reliable; False: filled polygons.
    min_height : float
        Text lower than this many pixels gets the filled polygon (default 8).
    grow : float
        Each polygon is grown by ``grow`` x text height before glyph search
        (default 0.15).
    ring : float
        Width of the background ring, x text height (default 0.3, at least 2 px).
    halo : float
        Dilation of the glyph mask, x text height (default 0: the mask is the glyph
        pixels; the removal margin is the fill mask's merge dilation,
        ``PipelineConfig.text_dilate``).
    colors : int
        Background colours modelled per polygon (default 3).
    min_delta : float
        Minimum Lab distance from the background for a glyph pixel (default 10).
    busy_delta : float
        When the ring's own 90th-percentile distance to the background models
        exceeds this (textured photo background), the piece is tried as a colour
        step, then filled (default 14).
    min_fraction, max_fraction : float
        Glyph fractions of the grown polygon outside this range are implausible and
        give the filled polygon (defaults 0.03 and 0.7).
    min_contrast : float
        The glyphs' 97th-percentile Lab distance from the background must exceed
        ``min_contrast`` x the glyph threshold, else the piece is tried as a colour
        step, then filled (blurred or faded text, default 2.0).
    chunk : float
        Long polygons are cut along their axis into pieces of about ``chunk`` x text
        height, each with its own background model and fallback (default 4).
    rim_delta : float
        Lab distance from the background down to which pixels connected to the
        glyphs are kept (antialiased rim, soft shadows), or 1.5 x the ring's own
        noise where that is larger (default 1.0).
    shifted : bool
        Before filling a piece whose background is busy or whose text is faint, look
        for glyphs as one consistent colour step against the local background
        (semi-transparent and low-contrast text; default True).
    text_colors : bool
        Second pass per line: pixels connected to the glyphs and nearer the line's own
        glyph colours (learnt where the glyphs are clear) than to any background
        estimate are glyph too (letters crossing a background of their own colour);
        and a piece of the line no background model decided (busy texture behind
        it) is decided by those colours where its ring does not have them and it
        finds at least 0.7 of the clear pieces' glyph fraction, instead of getting
        its filled polygon (default True).
    min_ring_support : float
        A line with a piece whose grown outline has ring next to less than this share
        of its length (default 0.3: less than one long side; the outer lines of a
        paragraph keep one, about 0.5) is done in a second round, with the
        neighbours' background as ring too; a piece still under it gets the filled
        polygon (0 turns both off).

    copies : bool
        When at least ``min_copies`` pieces of about one height (within 20 %) fell back
        to their filled polygon, look for a tiled watermark: shifts that land the found
        text on copies of itself in two directions
        (:func:`creative_tools.text.repeat.repeat_shifts`); every piece that correlates
        with what lies at those shifts is decided again on the median of its aligned
        copies, where the text stays and the texture behind it averages out (default
        True; on creatives without such pieces the mask is the same either way).
    min_copies : int
        Copies (the piece itself included) the median needs, and pieces of one size
        that must have fallen back before the search runs (default 4).
    nested : float
        A polygon with at least this share of its area inside a larger polygon whose
        text height is at most ``nested_height`` x its own is the same line found
        twice (two detector scales, a repeat step's copy): it adds the glyphs it
        finds, never its filled polygon, which the larger one decides (default 0.8;
        0 turns it off). Its ring lies in the larger one's letters, so its box was a
        box over the glyphs the larger one had already found.
    nested_height : float
        See ``nested`` (default 1.5: a line inside a taller block, whose models work
        at the block's scale, keeps its own fallback).
    plates : bool
        A polygon that holds smaller text lines (other polygons with ``nested`` of
        their area inside it and text more than ``nested_height`` x lower: a banner,
        stripe or badge the detector returned whole beside the line on it, or a block
        around its lines) is decided against its *plate* first: the median colour
        within one line height of those lines; where at least half of that zone is
        within ``min_delta`` of it, those pixels are the ring (not the photo beyond
        the banner's edge, which made it fall back to its filled polygon) and the
        glyphs are searched in the polygon less what reaches its outline in other
        colours (the photo its outline overshoots). A piece the plate does not
        decide goes the usual way; when the plate decided some and none fell back to
        its polygon, the lines it holds add the glyphs they find, never their filled
        polygons. Plate polygons are decided first (the outer first), and a line whose
        plate waits for the second round waits with it, so the detector's order does
        not matter (default True; a polygon that holds no smaller line is unchanged).
    near_plate : float
        A piece whose own margin (the grown polygon less the polygon) is one colour
        (at least ``near_plate`` of it within ``min_delta`` of its median) that at most
        a third as large a share of its ring shows sits on a plate that ends between
        the polygon and its ring (a dark band under white letters, a highlight box): it
        is decided in the polygon against that margin as its ring (default 0.6; 0 turns it
        off; textcheck2 glyph P 0.844 -> 0.894 tune, 0.801 -> 0.821 held-out, the hard set
        the same).
    frame : float
        A piece (``near_plate`` not taken) whose glyphs cover at least ``frame`` of its
        polygon's own outline, and at least as large a share of it as of the polygon's
        inside, took the ground for the text (the ring's colours explain the letters, not
        the plate they stand on: red letters on a white band inside a red badge); where
        those outline pixels are one colour (``near_plate``'s share, 0.6 when it is off),
        it is decided again in its polygon against the pixels of that colour (default
        1/3: the real ad img_10003's badge, whose band the polygon's lower edge
        overshoots, covers 0.44; 0 turns it off).
    split : bool
        Before a piece gets its filled polygon (no background model, colour step or line
        colour decided it, or its ring is too thin to trust), try it as two colours one
        of which is drawn in strokes (:func:`_glyphs_by_split`: 2-means of the polygon
        less its local background, the text colour rare in the ring, a stroke width
        at most 0.35 x the text height and about constant, outlines filled); the
        piece is its glyphs where that holds. A tiled watermark's copies still vote over
        such a piece. Default False: on the detector's cached polygons, hard held-out
        glyph P 0.732 -> 0.752 at R 0.809 -> 0.804 and residual text 36 -> 37 / 585
        words; hard tune P 0.800 -> 0.806 at R 0.927 -> 0.920, residual 3 -> 2 / 1139,
        PSNR removed +0.5 dB; textcheck2 held-out P 0.821 -> 0.858 at R 0.924 -> 0.911
        (an outlined word over a photo loses a letter's fill); real ads (self-check)
        0 / 109 words left either way, text masks up to 14 % smaller (img_10003's
        "HOT SALE" and "立即抢购" become glyphs); the mask's CPU time doubles on dense
        watermarks (many pieces tried). Those figures are before a piece with no usable
        ring kept its box (:func:`_glyphs_by_split`); since, glyphs only: hard tune
        R 0.920 -> 0.925, P 0.806 -> 0.803 (two dense watermarks), held-out P 0.7515
        -> 0.7514 (one), textcheck2 and ``data/`` the same.
    rim_alpha : float
        Tight masks only (ignored with ``tight=False``). Last, the mask's outer 1 px
        ring is judged pixel by pixel as a mix of the glyph colour beside it and the
        background just around it (:func:`_rim_by_opacity`):
        a pixel on that mixing line at opacity at least ``rim_alpha`` over a flat or
        smooth ground is the glyphs' antialiased rim (the hysteresis loses it where the
        mix resembles another background colour in the ring: blue letters on a yellow
        plate over a green photo); only around mask pieces of at least 50 px, and not
        along a soft edge (the pixels beyond the candidate mixing too: a blurred photo
        edge of a piece the mask took from the texture). 0 (the default) turns it off.
        Where the loss is (session 23, tune halves, default mask): 0.61-0.80 of the
        missed glyph pixels inside the detector's reach lie within 1 px of the mask, 0.94-0.99
        of those within 2 px on the line between the text's and the ground's colour; the
        generators' truth is composited coverage > 0.1 rescaled to an opacity, so it counts
        rim pixels at any opacity above 0 (0.44-0.54 of the missed rim is under 0.1).
        0.05 (the opt-in value, chosen on the tune halves; the cached detector polygons,
        glyph R / P off -> on): textcheck2 tune 0.927 / 0.906 -> 0.946 / 0.906, textcheck3
        tune 0.956 / 0.837 -> 0.968 / 0.837, hard tune 0.927 / 0.800 -> 0.936 / 0.800;
        held-out textcheck2 0.924 / 0.8234 -> 0.932 / 0.8236, textcheck3 0.950 / 0.7800 ->
        0.964 / 0.7797, hard 0.820 / 0.7331 -> 0.827 / 0.7342; ``data/`` 0.925 / 0.9314 ->
        0.934 / 0.9298 (a brick wall's mortar pieces grown); legible words left after the
        default fill the same on every set, PSNR in the removed region within 0.05 dB;
        +12-35 ms text-mask CPU per creative. Kept off for that cost and ``data/``'s precision
        (docs/results.md, "Session 23, glyphs"); 0.1 (session 17's value) gains less.

    ground : bool
        Tight masks only. Before a piece no background model, colour step or line colour
        decided gets its filled polygon, try it as two layers
        (:func:`_glyphs_by_ground`): a quadratic ground fitted by trimmed least squares
        to the ring and the piece, from their most common colour (lines of the text's
        colour in the ring, a stamp's frame, do not pull it), and ink where the piece
        departs from it in one colour direction, in strokes, inside the polygon; a
        piece where nothing departs from a quiet ground (a detector box over an empty
        gradient, no stroke-sized mark out of its noise) masks nothing. Default True
        (on since session 20; ``ground=False`` is the model off). Session 19 turned it on
        (2bc99af) and off again (2c2a62a): a review showed a plainly legible faint word
        in a JPEG called empty and left (SUNRISE black at 4 % on a gradient, q70, dE
        3.1). Mended since: the marks' noise floor is the ring's alone, and each Lab
        channel is tested alone before a piece is called empty (``channel_k`` of
        :func:`_glyphs_by_ground`); of 80 such words (black and white, 3-8 %, a gradient
        with and without grain, PNG and JPEG 70-95, tune cases) 1 is still called empty
        (white 3 % over grain after q70, dE 0.9, not read by the recognisers), 13 before.
        Turned on in session 20 on the full issue-8 scoreboard (``scripts/done_when.py
        --issues 8 --no-before``, one run each at ec29b56, before the flip, where no
        option was off: ``--text-options '{"ground": true}'`` (on) vs without (off); at
        the new default, off is ``--text-options '{"ground": false}'`` and on is without),
        off -> on: glyph P textcheck2 tune 0.894 -> 0.906, textcheck3 tune 0.823 ->
        0.837; held-out textcheck2 0.821 -> 0.823, textcheck3 0.755 -> 0.780 (the mark
        test's edge-row rule was made by looking at ``textcheck3_multilingual_heldout_0``;
        without it 0.755 -> 0.775), hard held-out unchanged (0.7329 -> 0.7331: noise);
        hard tune 0.800, fresh 0.742 and ``data/`` 0.931 the same; glyph R the same to 3
        decimals everywhere (less than 0.00025 lower, textcheck2 held-out 0.92410 ->
        0.92387: rim pixels the merge dilation fills on and off alike); legible words
        left the same on every set (ICDAR 2015 0/16, real ads 0/91); characters read after removal the same or fewer
        (textcheck2 held-out 16 -> 15 / 417). A new faint-word check drawn apart
        (``scripts/eval_faint.py``: 240 words at 3.5-10 %, 189 legible in the input) leaves
        no legible word in the box it is given, on or off; ``scripts/selfcheck_ads.py`` on
        the 9 real ads: 0/109 and the same backgrounds. Without ``near_drop`` a distressed
        stamp's frame line tinted its letter-shaped fill (textcheck3 tune characters
        2 -> 8 / 365). +4.9 ms text-mask CPU per typical creative (64.4 -> 69.3 ms, 24
        creatives, session 19).
    blobs : float
        Tight masks only. Last (before ``rim_alpha``), drop each mask piece (8-connected)
        that is a flat convex blob, not strokes: its inscribed radius is over ``blobs`` x
        the height of the text it lies in, it fills at least :data:`_BLOB_SOLIDITY` of its
        convex hull, it is roundish (its minimum-area rectangle at most :data:`_BLOB_ASPECT`
        to 1) and less than :data:`_BLOB_EDGES` of its inside (pixels over 2 px from its
        edge) shows a colour edge, measured at a text height of at most
        :data:`_BLOB_EDGE_HEIGHT` px (:func:`_flat_blobs`). A detector box over an object
        (a battery's cap, a bokeh disk) whose ring tells it from its ground gives such a
        piece; glyphs are strokes (a bold letter's inscribed radius is about 0.1 x its
        line's height), and a blob of text (a sticker, a word with outline and shadow)
        has letters inside it. Filled polygons (the fallback) are never dropped. 0 (the
        default) turns it off; 0.3 on the detector's cached polygons (session 21): glyph P
        textcheck3 tune 0.837 -> 0.870 at the same R (three false blobs, no true pixel),
        textcheck2 and hard tune unchanged (0.35 the same; 0.25 drops a faint headline's
        piece); held-out textcheck2 P 0.823 -> 0.860, textcheck3 0.780 -> 0.782 at the same
        R, hard held-out P the same, R 0.8204 -> 0.8202 (pieces of a tiled watermark over
        texture, half truth); fresh, ``data/``, ICDAR 2015 and the 9 real ads unchanged;
        legible words left the same on every creative it changes. Through the default
        pipeline (``scripts/done_when.py --issues 8 --no-before --sets tune heldout``,
        ``--text-options '{"blobs": 0.3}'`` vs without, before the flip) the same moves on
        the 8 creatives it changes (textcheck3 tune P 0.688 -> 0.954, textcheck2 held-out
        0.081 -> 0.514, textcheck3 held-out 0.311 -> 0.362, hard held-out R 0.673 -> 0.669)
        and every fourth creative of the tune and held-out sets otherwise the same; legible
        words and person masks unchanged. Off by default again (session 21, bmends): a review
        found real text it dropped whole (a lone bold "I" or dash in a tight box, a lone
        bullet or square in its own box, heavy stroked words whose letters touch);
        the precision gain is a few caps, a legible word left is a ghost (docs/results.md,
        "Session 21, glyphs", "Session 21, gwire" and "Session 21, bmends").
    piece_contrast : float
        Tight masks only. After ``blobs`` (before ``rim_alpha``), in each detector polygon
        (grown by ``grow``) that holds at least :data:`_PIECE_MIN` mask pieces (8-connected)
        with a ground ring and meets no filled-polygon fallback, drop a piece that is at
        most :data:`_PIECE_SHARE` of the mask there and whose contrast against its own ring
        is under ``piece_contrast`` x the polygon's typical piece contrast (the
        area-weighted median): contrast = the 90th percentile of the piece's CIE76
        distance from the median colour of its ring (3-6 px off it, off the mask), so a
        thin letter whose pixels are mostly antialiased mix still counts by its core
        (:func:`_faint_pieces`). A patch of texture or a bokeh edge the ground model took
        differs from what lies right around it by a little; a letter by as much as its
        neighbours do; a faint watermark's letters are all faint together, so the
        reference is faint too. 0 (the default) turns it off. Session 24, on the
        detector's cached polygons, glyph R / P off -> 0.3 (tune halves looked at):
        textcheck2 tune 0.9268 / 0.9056 -> 0.9267 / 0.9098, textcheck3 tune 0.9563 / 0.8371
        -> 0.9563 / 0.8378, hard tune 0.9274 / 0.7998 -> 0.9273 / 0.8020 (0.4: P 0.9106 /
        0.8381 / 0.8031; 0.5 drops a gradient word's letters, textcheck2 R 0.9201);
        held-out textcheck2 0.9239 / 0.8234 -> 0.9238 / 0.8249, textcheck3 0.9501 / 0.7800
        -> 0.9501 / 0.7801, hard 0.8204 / 0.7331 -> 0.8191 / 0.7362 (a tiled watermark over
        texture loses letters whose copies differ from their busy ring less than the
        texture's pieces do: R 0.673 -> 0.638), ``data/`` 0.9249 / 0.9314 -> 0.9247 /
        0.9336. Off for that loss (docs/results.md, "Session 24, glyphs").
    box_letters : float
        Tight masks only. Last before ``blobs``: a polygon's filled fallback (the part
        of its polygon no model decided, still filled) is replaced by its letters, grown
        by ``box_letters`` x the text height (at least 1 px), where the letters are found
        with confidence; elsewhere the fill stays (:func:`_letters_in_boxes`). The letters
        are the pixels that depart from a smooth ground in the ink's one direction: the
        ground is a Gaussian average (sigma :data:`_BOX_SIGMA` x the height) of the
        window's pixels that are not ink, found again :data:`_BOX_ROUNDS` times, so a
        translucent word over a photo (one colour mixed over the texture) departs from the
        texture beside its strokes; the threshold is the ring's own 99th percentile along
        that direction (ring pixels hold no text: a 1 % false-alarm rate), and the letters
        are kept only where the box exceeds it at least :data:`_BOX_EXCESS` x as often as
        the ring does, cover :data:`_BOX_FRACTION` of the box and are strokes (twice the
        95th percentile of their distance transform at most :data:`_BOX_STROKE` x the
        height); those four numbers were set before any run, not tuned. 0 (the default)
        turns it off. Session 25, on the detector's cached polygons, glyph R / P off ->
        0.06 (chosen on the tune halves over 0.03 and 0.1): textcheck3 tune 0.9563 / 0.8371
        -> 0.9563 / 0.8408, hard tune 0.9274 / 0.7998 -> 0.9266 / 0.8043 (textcheck2 tune
        unchanged); held-out textcheck2 0.9239 / 0.8234 -> 0.9230 / 0.8392, textcheck3
        0.9501 / 0.7800 -> 0.9501 / 0.7882, hard 0.8204 / 0.7331 -> 0.8161 / 0.7498 (tiled
        watermarks found in part: 79 -> 87 characters left legible after removal), fresh
        0.9534 / 0.7424 -> 0.9429 / 0.7653; busy headlines left legible after the fill
        (``eval_faint.py --busy``) tune 7 -> 9 of 69, held-out 9 -> 11 of 60 (an ink
        direction taken from bokeh disks). Since session 26 one ink must also explain the
        box: it does not depart against the ink's direction as often as along it (both
        polarities), at most :data:`_BOX_BLOBS` of the letters lie in round blobs
        (:data:`_BOX_COMPACT`) and at least :data:`_BOX_EDGES` of the box's strong edges
        lie on their rim; busy tune 9 -> 7 of 69 (off 7), tune glyph R / P unchanged;
        held-out textcheck2 0.9239 / 0.8368, textcheck3 0.9501 / 0.7882, hard 0.8171 /
        0.7397 (79 -> 83 characters left legible), fresh 0.9478 / 0.7652, busy held-out
        still 9 -> 11 of 60. Off for those losses (docs/results.md, "Session 25, glyphs"
        and "Session 26, glyphs").
    blend : float
        Tight masks only. A piece the smooth ground of ``ground`` decides nothing on (a
        textured ground: a translucent word over rocks, a watermark over a photo) is tried
        as a translucent ink blended over the ring's colours before it gets its box
        (:func:`_glyphs_by_blend`: in linear RGB ``I = (1 - a) G + a C``, ``C`` black or
        white, the ground known by the ring's colour density, not its shape); ``blend``
        is the per-pixel verdict's smoothing, x the text height. 0 (the default) turns it
        off; 0.04 is the measured value (docs/results.md, "Session 29, glyphs").
    blend_colours : int
        With ``blend``: the ring's colours cut into this many ground colours along their
        first principal axis, each its own density, the piece's shares of them fitted by
        EM with the ink (a watermark over a two-colour texture: the ring's shares are not
        the piece's). 1 (the default) is one density for the whole ring (sessions 29-30);
        an integer in 1..4 (docs/results.md, "Session 31, glyphs").
    blend_thin : float
        With ``blend``: strokes too thin for the verdict's square (hairlines, serifs, a
        letter's thin diagonal) judged at their own width, along a 1 px segment of
        ``2 round(blend_thin x height) + 1`` px (at least 3) in eight directions: above
        the ring's 99th percentile of the same mean, in runs at least that long that join
        the square's verdict (:func:`_thin_strokes`). 0 (the default) turns it off; a
        number in [0, 0.5] (docs/results.md, "Session 32, glyphs").
    blend_thin_after : bool
        With ``blend_thin``: the thin strokes joined only once every guard of
        :func:`_glyphs_by_blend` has passed (to the glyphs it keeps), so they never let a
        piece give its box up; False (the default) joins them to the square's verdict
        before the guards (docs/results.md, "Session 33, glyphs2").
    blend_refit : float
        With ``blend``: once every guard has passed, a piece at least two words long (runs
        of ``blend_refit`` x the height along its axis) gets its ink fitted again per run,
        over the ring beside that run, and the glyphs each run's own fit finds are added
        (:func:`_refit_words`: the piece's one ink called words over another part of a
        photo ground). 0 (the default) turns it off; else a number in [1, 20]
        (docs/results.md, "Session 34, glyphs3").

    shadow : float
        Tight masks only. A piece the background models decide (``_glyphs_in_crop``)
        grows, after its rim, ``shadow`` x its height more into the connected pixels above
        the ring's noise that depart from the local background the other way in lightness
        than its glyphs (:func:`_second_ink`: the drop shadow under light letters, the dark
        outline round them), which the rim's reach of 0.1 x the height cuts short. 0 (the
        default) turns it off; a number in [0, 0.5] (docs/results.md, "Session 35,
        glyphs").
    codec : float
        Tight masks only; for an image that went through a lossy codec (JPEG). A piece the
        background models decide keeps, in the rim's hysteresis (and ``shadow``'s growth),
        only pixels whose distance from the background is at least ``codec`` x the piece's
        contrast (the 97th percentile of that distance in the piece), over the ring's own
        noise floor: the codec's ringing round the letters grows with their step, and
        without it the rim grows into that halo (PIL JPEG q85 / q70, 4:2:0, the PNG's
        polygons: hard tune glyph P 0.791 -> 0.628 / 0.609 while R rises 0.928 -> 0.949 /
        0.953; light letters on a blue plate take a band round every letter, a flooded
        piece falls to its box). 0.1 (chosen on hard tune q85: the largest share whose
        recall stays at the PNG's): hard tune q85 P 0.628 -> 0.714 at R 0.949 -> 0.945;
        held-out hard q85 P 0.577 -> 0.654 at R 0.834 -> 0.831, textcheck2 held-out q85
        P 0.640 -> 0.738 at R 0.932 -> 0.919. The caller says the image is a JPEG: an 8x8
        blockiness gate does not tell every PNG from a q85 JPEG. 0 (the default) turns it
        off, so a PNG's mask is unchanged; a number in [0, 0.5] (docs/results.md,
        "Session 36, jpegtext").
    drop_shadow : float
        Tight masks only. After every other step, each line's drop shadow is added: its
        letters themselves shifted by one offset of at most ``drop_shadow`` x its height
        (and at least 2 px), found where the shifted letters land on a second ink that the
        opposite offset does not show, grown by the shadow's blur into that ink
        (:func:`_drop_shadows`); a line with no such offset gets nothing. 0.1 (the default
        since session 36's shadowplumb), 0 turns it off; a number in [0, 0.5]
        (docs/results.md, "Session 36, glyphs" and "Session 36, shadowplumb").

    Returns
    -------
    (H, W) bool
        True on text to remove.

    Raises
    ------
    ContractError
        When ``image``, ``prob`` or a polygon breaks the contract, ``min_copies``
        is not an integer >= 2, ``nested`` lies outside [0, 1], ``nested_height``
        is not positive, ``rim_alpha`` is not a number in [0, 1] (a bool is refused)
        or ``ground`` is not a bool, or ``blobs`` or ``piece_contrast`` is not a number
        in [0, 1], or ``box_letters``, ``blend``, ``blend_thin``, ``shadow``, ``codec`` or ``drop_shadow`` is not a number in
        [0, 0.5], or ``blend_colours`` is not an integer in 1..4, or ``blend_thin_after``
        is not a bool, or ``blend_refit`` is neither 0 nor a number in [1, 20].

    Examples
    --------
    >>> im = np.full((60, 200, 3), 255, np.uint8)
    >>> _ = cv2.putText(im, "SALE", (10, 48), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 4)
    >>> box = np.array([[5, 5], [150, 5], [150, 55], [5, 55]], np.float32)
    >>> tight = text_mask(im, [box]); filled = text_mask(im, [box], tight=False)
    >>> bool(tight.sum() < 0.6 * filled.sum()), bool(tight[im[..., 0] < 128].all())
    (True, True)
    """
    check_image(image, "image")
    H, W = image.shape[:2]
    if prob is not None:
        check_prob(prob, "prob", like=image)
    if int(min_copies) != min_copies or min_copies < 2:
        raise ContractError(f"min_copies must be an integer >= 2 (a piece and one copy), got {min_copies!r}")
    if not 0.0 <= nested <= 1.0:
        raise ContractError(f"nested must be a share in [0, 1] (0 = off), got {nested!r}")
    if not nested_height > 0:
        raise ContractError(f"nested_height must be > 0 (a ratio of text heights), got {nested_height!r}")
    check_glyph_options(ground=ground, blobs=blobs, rim_alpha=rim_alpha, piece_contrast=piece_contrast,
                        box_letters=box_letters, blend=blend, blend_colours=blend_colours, blend_thin=blend_thin,
                        blend_thin_after=blend_thin_after, blend_refit=blend_refit, drop_shadow=drop_shadow)
    polys = []
    for i, p in enumerate(polygons):
        p = np.asarray(p, np.float32)
        if p.ndim != 2 or p.shape[1] != 2 or p.shape[0] < 3 or not np.isfinite(p).all():
            raise ContractError(
                f"polygons[{i}] must be an (N, 2) finite array with N >= 3, got shape {p.shape}"
            )
        polys.append(p)
    if isinstance(shadow, bool) or not isinstance(shadow, Real) or not 0.0 <= shadow <= 0.5:
        raise ContractError(f"shadow must be a number in [0, 0.5] (a second ink's reach over text height; "
                            f"0 = off), got {shadow!r}")
    if isinstance(codec, bool) or not isinstance(codec, Real) or not 0.0 <= codec <= 0.5:
        raise ContractError(f"codec must be a number in [0, 0.5] (the codec's ringing floor over a piece's "
                            f"contrast; 0 = off), got {codec!r}")
    split_kw = dict(min_delta=min_delta, min_fraction=min_fraction,
                    max_fraction=max_fraction)
    mask = np.zeros((H, W), np.uint8)
    if not polys:
        return mask.astype(bool)
    ipolys = [np.round(p).astype(np.int32) for p in polys]
    if not tight:
        cv2.fillPoly(mask, ipolys, 1)
        return mask.astype(bool)

    heights = [polygon_height(p) for p in polys]
    bboxes = np.array([np.r_[p.min(0), p.max(0)] for p in polys], np.float64)  # x0, y0, x1, y1
    # a polygon lying inside a larger one of about its height is the same line found
    # twice (two scales, a repeat's copy): the larger one decides the box there, so the
    # inner one adds its glyphs where it finds them, never its filled box
    inside = (nested_polygons(polys, (H, W), share=nested, max_ratio=nested_height) if nested > 0
              else np.zeros(len(polys), bool))
    # every polygon (grown), to keep neighbouring words out of each other's ring
    occupied = np.zeros((H, W), np.uint8)
    cv2.fillPoly(occupied, ipolys, 1)
    # two rounds: a line whose ring its neighbours took (a piece with ring next to less
    # than ``min_ring_support`` of its outline) waits for the second, where the
    # neighbours' own background (their polygons less the glyphs found there) counts
    # as ring too; only the lines still waiting are kept out of it
    # a plate polygon (one holding smaller lines, ``plates``) is decided before the lines
    # it holds (outer plates first): where it decides its pieces on the plate, they add
    # their glyphs, never their filled polygon, which a line decided first had already
    # added; a line whose plate waits for the second round waits with it
    held = ([_held_lines(polys, heights, i, shape=(H, W), share=nested or 0.8, ratio=nested_height, boxes=bboxes)
             if not inside[i] else [] for i in range(len(polys))] if plates and len(polys) > 1
            else [[] for _ in polys])
    holders = [[] for _ in polys]
    for i, js in enumerate(held):
        for j in js:
            holders[j].append(i)
    first = sorted((i for i in range(len(polys)) if held[i]), key=lambda i: -heights[i])
    todo = [(i, False) for i in first] + [(i, False) for i in range(len(polys)) if not held[i]]
    deferred = np.zeros(len(polys), bool)  # waiting for the second round
    # lines held by a plate polygon that decided its pieces against the plate: like the
    # same line found twice, they add the glyphs they find, never their filled polygon
    boxless = np.zeros(len(polys), bool)
    waiting = np.zeros((H, W), np.uint8)
    # with ``copies``, the pieces the models decided (or fell back on) are kept
    # aside: ``[rows, cols, region, ring, fill, height, own, fell]`` (image slices of
    # the window, window masks, the piece's own decision, whether it fell back to its
    # polygon); when some fell back and the text tiles, each is decided again on the
    # median of its copies
    records: list = []
    solid = np.zeros((H, W), np.uint8) if copies else mask  # everything else
    # with ``blobs`` or ``piece_contrast``: the filled polygons (fallbacks), whose pieces
    # are never dropped
    filled = np.zeros((H, W), np.uint8) if blobs > 0 or piece_contrast > 0 or box_letters > 0 else None
    pos = 0
    while pos < len(todo):
        i, second = todo[pos]
        pos += 1
        ip, p, h = ipolys[i], polys[i], heights[i]
        box_ok = not inside[i] and not boxless[i]
        if h < min_height:
            if not box_ok:
                continue
            cv2.fillPoly(mask, [ip], 1)
            if solid is not mask:
                cv2.fillPoly(solid, [ip], 1)
            if filled is not None:
                cv2.fillPoly(filled, [ip], 1)
            continue
        g = max(1, int(round(grow * h)))
        rw = max(2, int(round(ring * h)))
        d = int(round(halo * h))
        win = _poly_window(p, g + rw + d + 1, H, W)
        if win is None:
            continue
        x0, y0, x1, y1 = win
        inner = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(inner, [ip - [x0, y0]], 1)
        # one distance transform gives the grown polygon and its ring (cheaper than
        # dilations with large disks on tall text)
        dist_in = cv2.distanceTransform(1 - inner, cv2.DIST_L2, 3)
        region = (dist_in <= g).astype(np.uint8)
        ring_m = (dist_in > g) & (dist_in <= g + rw)
        if second:
            # the neighbours' glyphs (grown by the rim) and the lines still waiting
            others = (cv2.dilate(mask[y0:y1, x0:x1], np.ones((5, 5), np.uint8)) | waiting[y0:y1, x0:x1]) & (1 - inner)
            ring_m &= others == 0
        else:
            others = occupied[y0:y1, x0:x1] & (1 - inner)
            if others.any():
                ring_m &= cv2.distanceTransform(1 - others, cv2.DIST_L2, 3) > g
        crop = image[y0:y1, x0:x1].astype(np.float32) * np.float32(1 / 255.0)
        lab = cv2.cvtColor(crop, cv2.COLOR_RGB2Lab)
        # long lines are cut into pieces of about ``chunk`` x height along their
        # axis, each with its own background model (gradients, objects behind)
        (cx, cy), (rw_, rh_), ang = cv2.minAreaRect(p.reshape(-1, 1, 2))
        theta = np.deg2rad(ang if rw_ >= rh_ else ang + 90.0)
        ux, uy = np.float32(np.cos(theta)), np.float32(np.sin(theta))
        length = max(rw_, rh_)
        n = max(1, int(round(length / (chunk * h))))
        t = ((np.arange(x0, x1, dtype=np.float32) - cx) * ux)[None, :] + (
            (np.arange(y0, y1, dtype=np.float32) - cy) * uy)[:, None]
        edges = np.linspace(-length / 2, length / 2, n + 1)
        edges[0], edges[-1] = -np.inf, np.inf
        region_b, ring_b = region > 0, ring_m
        # the grown polygon's outer edge (not the cuts between pieces)
        edge_b = region_b & (cv2.dilate(1 - region, np.ones((3, 3), np.uint8)) > 0)
        out = np.zeros_like(inner)
        sol = np.zeros_like(inner)  # ``out`` less what ``records`` keeps
        pieces = []
        fallen = []  # pieces no background model decided: ``(band, win, reg, rng, rec)``

        def _record(win, band, reg, rng, inner=inner, x0=x0, y0=y0, h=h):
            # a piece's record for the copies' vote (``copies``), or None
            if not copies:
                return None
            ys_, xs_ = win
            rec = [slice(ys_.start + y0, ys_.stop + y0), slice(xs_.start + x0, xs_.stop + x0),
                   reg, rng, (inner & band)[win], h, None, False]
            records.append(rec)
            return rec

        def _take(win, glyph, rec, d=d, out=out, sol=sol):
            # a decided piece's glyphs, grown by the dilation, into the mask (and its record)
            gd = cv2.dilate(glyph, _disk(d)) if d > 0 else glyph
            out[win] |= gd
            if rec is None:
                sol[win] |= gd
            else:
                rec[6] = gd.copy()

        work = []
        for a, b in zip(edges[:-1], edges[1:]):
            band = (t >= a) & (t < b)
            near = (t >= a - h) & (t < b + h)
            reg, rng = region_b & band, ring_b & near
            # work on the piece's own window: cost follows the piece, not the line
            ys, xs = np.nonzero(reg | rng)
            if ys.size == 0:
                continue
            win = np.s_[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
            work.append((band, win, reg[win], rng[win]))
        low = [min_ring_support > 0 and _ring_support(edge_b[win] & reg, rng) < min_ring_support
               for band, win, reg, rng in work]
        if not second and (any(low) or any(deferred[k] for k in holders[i])):
            todo.append((i, True))
            deferred[i] = True
            cv2.fillPoly(waiting, [ip], 1)
            continue
        if second:
            cv2.fillPoly(waiting, [ip], 0)
        # a polygon holding smaller lines (a banner, stripe or badge returned whole beside
        # the line on it): its letters are decided against its plate first
        plate = False
        if plates and box_ok and len(polys) > 1:
            plate = _plate_ring(polys, heights, i, held[i], (x0, y0, x1, y1), inner, grow=grow)
        boxed = by_plate = False
        for (band, win, reg, rng), lo in zip(work, low):
            if plate is not False:
                glyph = _glyphs_on_plate(lab[win], reg & (inner[win] > 0), inner[win] > 0, plate[0][win], plate[1][win],
                                         plate[3][win],
                                         k=colors, min_delta=min_delta, busy_delta=busy_delta,
                                         min_fraction=min_fraction, max_fraction=max_fraction, height=h,
                                         rim_delta=rim_delta)
                if glyph is not None:
                    _take(win, glyph, _record(win, band, reg, rng))
                    by_plate = True
                    continue
            if lo:
                # the ring sees too little of the piece even with the neighbours'
                # background: no model from it can be trusted for the whole piece
                glyph = (_glyphs_by_split(lab[win], inner[win] & band[win], rng,
                                          height=h, **split_kw) if split else None)
                if glyph is not None:
                    _take(win, glyph, None)
                    continue
                if box_ok:
                    out |= inner & band
                    sol |= inner & band
                    if filled is not None:
                        filled[y0:y1, x0:x1] |= inner & band
                boxed = True
                continue
            tight_ = None
            if near_plate > 0:
                tight_ = _near_plate(lab[win], reg, rng, inner[win] > 0, min_delta=min_delta, share=near_plate)
                if tight_ is not None:
                    reg, rng = tight_
            found = _glyphs_in_crop(
                lab[win], reg, rng, k=colors, min_delta=min_delta,
                busy_delta=busy_delta, min_fraction=min_fraction,
                max_fraction=max_fraction, min_contrast=min_contrast, height=h,
                rim_delta=rim_delta, memo=(memo := {}), shadow=float(shadow), codec=float(codec),
            )
            if found is not None and frame > 0 and tight_ is None:
                # the ring's colours took the plate for the text (red letters on a white
                # band inside a red badge): decided again against that plate
                framed = _frame_plate(lab[win], reg, inner[win] > 0, found[0], min_delta=min_delta,
                                      share=near_plate or 0.6, frame=frame)
                if framed is not None:
                    again = _glyphs_in_crop(lab[win], *framed, k=colors, min_delta=min_delta, busy_delta=busy_delta,
                                            min_fraction=min_fraction, max_fraction=max_fraction,
                                            min_contrast=min_contrast, height=h, rim_delta=rim_delta,
                                            shadow=float(shadow), codec=float(codec))
                    if again is not None:
                        found, (reg, rng) = again, framed
            glyph = None
            rec = _record(win, band, reg, rng)
            if found is not None:
                glyph, dist = found
                pieces.append((win, reg, glyph, dist, rec))
            if glyph is None and shifted and not second:
                glyph = _glyphs_shifted(
                    lab[win], reg, rng, height=h,
                    min_fraction=min_fraction, max_fraction=max_fraction, memo=memo,
                )
            if glyph is None:
                fallen.append((band, win, reg, rng, rec))
            else:
                _take(win, glyph, rec)
        # a piece neither the background models nor the colour step decided
        # (texture behind it) is decided by the line's own glyph colours, learnt on
        # its clear pieces, where they tell text from this piece's ring; else it
        # gets its filled polygon
        centres = _text_colours(lab, [q[:4] for q in pieces]) if text_colors and fallen and pieces else None
        if centres is not None:
            # the clear pieces' own glyph fraction: a piece decided by colour must
            # find at least 0.7 of it (specks of the text's colour are not the word)
            clear = float(np.median([np.count_nonzero(q[2]) / max(np.count_nonzero(q[1]), 1) for q in pieces]))
        for band, win, reg, rng, rec in fallen:
            glyph = None if centres is None else _glyphs_by_line_colour(
                lab[win], reg, rng, centres, height=h, max_delta=min_delta,
                min_fraction=max(min_fraction, 0.7 * clear), max_fraction=max_fraction)
            if glyph is None and ground:
                # a smooth ground fitted robustly to the ring, and one ink departing from it
                glyph = _glyphs_by_ground(lab[win], reg, rng, height=h, min_delta=min_delta,
                                          busy_delta=busy_delta, min_fraction=min_fraction,
                                          max_fraction=max_fraction, rim_delta=rim_delta,
                                          inner=inner[win] & band[win])
                if glyph is None and blend > 0:
                    # a translucent ink over a texture: one blend step against the
                    # ground just outside its strokes
                    glyph = _glyphs_by_blend(lab[win], reg, rng, height=h, min_fraction=min_fraction,
                                             max_fraction=max_fraction, smooth=blend, colours=int(blend_colours),
                                             thin=float(blend_thin), thin_after=bool(blend_thin_after),
                                             refit=float(blend_refit), axis=t[win] if blend_refit > 0 else None)
                if glyph is not None:
                    _take(win, glyph, rec)
                    if rec is not None:
                        # still counted as fallen: a tiled watermark's copies vote over it
                        rec[7] = True
                    continue
            if glyph is None and split:
                # the last test before the box: two colours, one drawn in strokes
                glyph = _glyphs_by_split(lab[win], inner[win] & band[win], rng,
                                         height=h, **split_kw)
                if glyph is not None:
                    # grown by the halo like every other piece's glyphs
                    _take(win, glyph, rec)
                    if rec is not None:
                        # still counted as fallen: a tiled watermark's copies vote
                        # over it
                        rec[7] = True
                    continue
            if glyph is None:
                boxed = True
                box = inner & band if box_ok else np.zeros_like(inner)
                out |= box
                if filled is not None:
                    filled[y0:y1, x0:x1] |= box
                if rec is None:
                    sol |= box
                else:
                    rec[6], rec[7] = box[win].copy(), True
            else:
                _take(win, glyph, rec)
        if by_plate and not boxed:
            boxless[plate[2]] = True
        if text_colors and pieces:
            grown = _grow_by_text_colour(lab, [q[:4] for q in pieces], height=h, max_delta=min_delta,
                                         centres=centres)
            for (win, g), q in zip(grown, pieces):
                gd = cv2.dilate(g, _disk(d)) if d > 0 else g
                out[win] |= gd
                if q[4] is None:
                    sol[win] |= gd
                else:
                    q[4][6] |= gd
        mask[y0:y1, x0:x1] |= out
        if solid is not mask:
            solid[y0:y1, x0:x1] |= sol
    # cheap evidence first: the copies of a watermark over texture are of one size and
    # fail together, so at least ``min_copies`` pieces of about one height (within
    # 20 %) fell back to their polygon
    fell = np.log(np.maximum([r[5] for r in records if r[7]] or [1.0], 1e-3))
    if len(fell) >= min_copies and (np.abs(fell[:, None] - fell[None]) <= np.log(1.2)).sum(1).max() >= min_copies:
        voted = _glyphs_by_copies(image, polys, records, heights=heights, min_copies=min_copies,
                                  options=dict(k=colors, min_delta=min_delta, busy_delta=busy_delta,
                                               min_fraction=min_fraction, max_fraction=max_fraction,
                                               min_contrast=min_contrast, rim_delta=rim_delta))
        if voted:
            # everything else, then per piece the glyphs its copies agreed on, or its own
            mask = solid
            for k, r in enumerate(records):
                if k in voted:
                    dil = int(round(halo * r[5]))
                    mask[r[0], r[1]] |= cv2.dilate(voted[k], _disk(dil)) if dil > 0 else voted[k]
                else:
                    mask[r[0], r[1]] |= r[6]
    if box_letters > 0:
        mask = _letters_in_boxes(image, mask, polys, heights, filled, margin=box_letters, grow=grow, ring=ring,
                                 min_height=min_height)
        if blobs > 0 or piece_contrast > 0:
            # the boxes whose letters were found are glyphs now: their pieces are judged
            filled = filled & mask
    if blobs > 0:
        mask = _flat_blobs(image, mask, polys, heights, filled, ratio=blobs, grow=grow)
    if piece_contrast > 0:
        mask = _faint_pieces(image, mask, polys, heights, filled, ratio=piece_contrast, grow=grow)
    if drop_shadow > 0:
        mask = _drop_shadows(image, mask, polys, heights, reach=float(drop_shadow), grow=grow, ring=ring,
                             min_height=min_height, max_fraction=max_fraction)
    if rim_alpha > 0:
        mask = _rim_by_opacity(image, mask, cut=rim_alpha)
    return mask.astype(bool)


#: ``blobs``: a piece filling at least this share of its convex hull is convex (a disk, a
#: cap: 0.98, 0.85, 0.87 on the tune halves; a star glyph 0.67, a bold word 0.6-0.7).
_BLOB_SOLIDITY = 0.8

#: ``blobs``: a piece with a colour edge (more than :data:`_BLOB_EDGE_DE` per px) at less
#: than this share of its inside is flat (the tune halves' false blobs: 0.0, 0.014, 0.043;
#: the convex pieces of text there, stickers with their letters inside: 0.30-0.43).
_BLOB_EDGES = 0.1

#: ``blobs``: a piece's inside lies more than this x its text height (at least 2 px) from its edge.
_BLOB_MARGIN = 0.1

#: CIE76 dE*ab per pixel (Sobel / 8, the three Lab channels together) of a colour edge.
_BLOB_EDGE_DE = 4.0

#: ``blobs``: the edge share is measured with the piece's window shrunk (area resampling) so
#: that its text height is at most this many px. A Sobel edge band is ~3 px whatever the
#: size while the inside grows with its square: at full size a 330 px sticker disc with
#: "NEW" on it showed edges on 0.093 of its inside (dropped) against 0.266 at 110 px
#: (session 21 review); the tune halves' text heights are mostly under 48 px, where
#: nothing changes.
_BLOB_EDGE_HEIGHT = 48.0

#: ``blobs``: a piece whose minimum-area rectangle is longer than this x its width is a
#: stroke, not a blob (a lone bold "I" or a dash in a tight box, whose box's short side is
#: the glyph's width, not the text height; the tune halves' false blobs, a disk and two
#: caps, are 1.0-1.6).
_BLOB_ASPECT = 2.0


def _poly_window(p: np.ndarray, m: int, H: int, W: int):
    """``(x0, y0, x1, y1)``: a polygon's bounding box grown by ``m`` px on every side and
    clipped to an ``(H, W)`` image (exclusive ends), or None where nothing of it is inside."""
    x0 = max(int(np.floor(p[:, 0].min())) - m, 0)
    y0 = max(int(np.floor(p[:, 1].min())) - m, 0)
    x1 = min(int(np.ceil(p[:, 0].max())) + m + 1, W)
    y1 = min(int(np.ceil(p[:, 1].max())) + m + 1, H)
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1


def _grown_poly(p: np.ndarray, g: int, H: int, W: int):
    """A polygon grown by ``g`` px (a disk), in its own window of an ``(H, W)`` image.

    Returns ``(x0, y0, x1, y1, inside)`` with ``inside`` the grown polygon's bool mask over
    ``[y0:y1, x0:x1]``, or None where the window lies outside the image (the shared step of
    ``blobs`` and ``piece_contrast``).
    """
    x0, y0 = max(int(np.floor(p[:, 0].min())) - g, 0), max(int(np.floor(p[:, 1].min())) - g, 0)
    x1, y1 = min(int(np.ceil(p[:, 0].max())) + g + 1, W), min(int(np.ceil(p[:, 1].max())) + g + 1, H)
    if x1 <= x0 or y1 <= y0:
        return None
    one = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(one, [np.round(p - [x0, y0]).astype(np.int32)], 1)
    return x0, y0, x1, y1, cv2.dilate(one, _disk(g)) > 0


def _flat_blobs(image: np.ndarray, mask: np.ndarray, polys: list, heights: list, filled: np.ndarray, *,
                ratio: float, grow: float) -> np.ndarray:
    """``mask`` ``(H, W)`` uint8 less its flat convex blobs (``blobs`` of :func:`text_mask`).

    A piece (8-connected) is a blob when its inscribed radius (largest distance to its
    outside) exceeds ``ratio`` x the height of the tallest polygon (grown by ``grow`` x
    its height) it meets, it fills at least :data:`_BLOB_SOLIDITY` of its convex hull, its
    minimum-area rectangle is at most :data:`_BLOB_ASPECT` to 1 and less than
    :data:`_BLOB_EDGES` of its inside (more than 2 px from its edge) has a colour edge, on
    the window shrunk to a text height of at most :data:`_BLOB_EDGE_HEIGHT` px (the same
    share at any size); a piece meeting ``filled`` (the filled-polygon fallbacks) is kept.
    Still dropped (session 21 review, left): a lone bullet or filled square in its own
    box, which no shape tells from a cap, and heavy letters that are roundish pieces each.

    >>> im = np.full((60, 200, 3), 230, np.uint8)
    >>> m = np.zeros((60, 200), np.uint8); m[10:50, 10:50] = 1; m[20:40, 100:104] = 1
    >>> im[m > 0] = 40
    >>> box = np.array([[5, 5], [190, 5], [190, 55], [5, 55]], np.float32)
    >>> out = _flat_blobs(im, m, [box], [50.0], np.zeros_like(m), ratio=0.3, grow=0.15)
    >>> int(out[30, 30]), int(out[30, 101])
    (0, 1)
    """
    H, W = mask.shape
    n, lbl, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return mask
    # the text height each piece lies in: the tallest polygon (grown) it meets
    hmap = np.zeros((H, W), np.float32)
    for p, h in sorted(zip(polys, heights), key=lambda q: q[1]):
        win = _grown_poly(p, max(1, int(round(grow * h))), H, W)
        if win is None:
            continue
        x0, y0, x1, y1, one = win
        hmap[y0:y1, x0:x1][one] = np.float32(h)  # taller polygons come later and win
    dist = cv2.distanceTransform(np.pad(mask, 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
    out = mask.copy()
    for c in range(1, n):
        x, y, w, hh = stats[c, :4]
        if min(w, hh) < 5:
            continue  # no inside at all
        win = np.s_[y:y + hh, x:x + w]
        comp = lbl[win] == c
        h = float(hmap[win][comp].max())
        if h <= 0 or float(dist[win][comp].max()) <= ratio * h or filled[win][comp].any():
            continue
        cs, _ = cv2.findContours(comp.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.contourArea(cv2.convexHull(np.concatenate(cs)))
        if np.count_nonzero(comp) < _BLOB_SOLIDITY * max(hull, 1.0):
            continue
        rw, rh = cv2.minAreaRect(np.concatenate(cs).astype(np.float32))[1]
        if max(rw, rh) > _BLOB_ASPECT * max(min(rw, rh), 1.0):
            continue  # elongated: a stroke (a lone "I", a dash), not a blob
        # its inside, off the rim (a bokeh disk's blurred edge is no letter)
        inside = comp & (dist[win] > max(2.0, _BLOB_MARGIN * h))
        if not inside.any():
            continue
        lab = cv2.cvtColor(image[win].astype(np.float32) * np.float32(1 / 255.0), cv2.COLOR_RGB2Lab)
        s = min(1.0, _BLOB_EDGE_HEIGHT / h)  # the same edge share at any size (see _BLOB_EDGE_HEIGHT)
        if s < 1.0:
            lab = cv2.resize(lab, (max(3, int(round(w * s))), max(3, int(round(hh * s)))),
                             interpolation=cv2.INTER_AREA)
        g2 = np.zeros(lab.shape[:2], np.float32)
        for ch in range(3):
            gx = cv2.Sobel(lab[..., ch], cv2.CV_32F, 1, 0, ksize=3)
            gy = cv2.Sobel(lab[..., ch], cv2.CV_32F, 0, 1, ksize=3)
            g2 += gx * gx + gy * gy
        edge = np.sqrt(g2) * np.float32(1 / 8) > _BLOB_EDGE_DE
        if s < 1.0:
            edge = cv2.resize(edge.astype(np.uint8), (w, hh), interpolation=cv2.INTER_NEAREST) > 0
        if np.count_nonzero(edge & inside) < _BLOB_EDGES * np.count_nonzero(inside):
            out[win][comp] = 0
    return out


#: ``piece_contrast``: a piece is judged against its polygon's other pieces only when it is
#: at most this share of the mask there (the letters are the rest; a lone word's main piece
#: is never judged). 0.35 dropped the same pieces on the tune halves (session 24).
_PIECE_SHARE = 0.2

#: ``piece_contrast``: the polygon needs at least this many pieces with a ring, a reference.
_PIECE_MIN = 3


def _piece_contrast(image: np.ndarray, mask: np.ndarray, lbl: np.ndarray, stats: np.ndarray,
                    c: int) -> float | None:
    """The contrast of piece ``c`` of ``lbl`` against its own ring: the 90th percentile of
    its pixels' CIE76 distance from the median Lab colour of the pixels 3-6 px off it
    (Chebyshev) that are off ``mask``; None where fewer than 10 such pixels exist."""
    H, W = mask.shape
    x, y, w, h = (int(v) for v in stats[c, :4])
    y0, x0, y1, x1 = max(y - 8, 0), max(x - 8, 0), min(y + h + 8, H), min(x + w + 8, W)
    comp = (lbl[y0:y1, x0:x1] == c).astype(np.uint8)
    ring = ((cv2.dilate(comp, np.ones((13, 13), np.uint8)) > 0) & (cv2.dilate(comp, np.ones((5, 5), np.uint8)) == 0)
            & (mask[y0:y1, x0:x1] == 0))
    if np.count_nonzero(ring) < 10:
        return None
    lab = cv2.cvtColor(image[y0:y1, x0:x1].astype(np.float32) * np.float32(1 / 255.0), cv2.COLOR_RGB2Lab)
    ground = np.median(lab[ring], axis=0)
    return float(np.percentile(np.linalg.norm(lab[comp > 0] - ground, axis=1), 90))


def _faint_pieces(image: np.ndarray, mask: np.ndarray, polys: list, heights: list, filled: np.ndarray, *,
                  ratio: float, grow: float) -> np.ndarray:
    """``mask`` ``(H, W)`` uint8 less the small pieces that stand out from their own
    surroundings far less than their polygon's letters (``piece_contrast`` of
    :func:`text_mask`).

    In each polygon (grown by ``grow`` x its height) meeting no filled fallback and
    holding at least :data:`_PIECE_MIN` pieces (8-connected) with a ring, a piece of at
    most :data:`_PIECE_SHARE` of the mask there is dropped when its contrast
    (:func:`_piece_contrast`) is under ``ratio`` x the pieces' area-weighted median
    contrast; a piece dropped by one polygon is dropped.

    >>> im = np.full((40, 120, 3), 200, np.uint8); m = np.zeros((40, 120), np.uint8)
    >>> for x in (10, 30, 50, 70):
    ...     m[10:30, x:x + 6] = 1; im[10:30, x:x + 6] = 20
    >>> m[15:22, 92:99] = 1; im[15:22, 92:99] = 190   # a patch of the ground, 10 levels off
    >>> box = np.array([[5, 5], [110, 5], [110, 35], [5, 35]], np.float32)
    >>> out = _faint_pieces(im, m, [box], [30.0], np.zeros_like(m), ratio=0.4, grow=0.15)
    >>> int(out[18, 95]), int(out[18, 12])
    (0, 1)
    """
    H, W = mask.shape
    n, lbl, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= _PIECE_MIN:
        return mask
    known: dict = {}
    drop = np.zeros(n, bool)
    for p, h in zip(polys, heights):
        win = _grown_poly(p, max(1, int(round(grow * h))), H, W)
        if win is None:
            continue
        x0, y0, x1, y1, one = win
        if filled[y0:y1, x0:x1][one].any():
            continue  # a fallback's box: no letters to compare with
        ids, area = np.unique(lbl[y0:y1, x0:x1][one & (mask[y0:y1, x0:x1] > 0)], return_counts=True)
        if len(ids) < _PIECE_MIN:
            continue
        for c in ids:
            if c not in known:
                known[c] = _piece_contrast(image, mask, lbl, stats, int(c))
        con = np.array([np.nan if known[c] is None else known[c] for c in ids])
        ok = ~np.isnan(con)
        if ok.sum() < _PIECE_MIN:
            continue
        o = np.argsort(con[ok])
        cum = np.cumsum(area[ok][o])
        ref = con[ok][o][np.searchsorted(cum, cum[-1] / 2)]
        drop[ids[ok & (area <= _PIECE_SHARE * area.sum()) & (con < ratio * ref)]] = True
    if not drop.any():
        return mask
    out = mask.copy()
    out[drop[lbl]] = 0
    return out


#: ``box_letters``: the smooth ground's Gaussian sigma, x the text height (a stroke's
#: half-width or more, so the average over the ground skips across a stroke).
_BOX_SIGMA = 0.25
#: ``box_letters``: rounds of the ground fitted again without the ink the last round found.
_BOX_ROUNDS = 3
#: ``box_letters``: the box must exceed the ring's 99th percentile this many times as often
#: as the ring (1 %) does.
_BOX_EXCESS = 8.0
#: ``box_letters``: the letters' share of the box.
_BOX_FRACTION = (0.05, 0.7)
#: ``box_letters``: the letters' strokes at most this x the text height (a filled box is as
#: thick as it is high).
_BOX_STROKE = 0.45
#: ``box_letters``: a component of the letters is a blob, not a stroke, where its area is
#: under this x the disk of its largest inscribed radius (an ellipse's area over that disk
#: is its aspect ratio: a disk 1, a letter's stroke, ring or bar 3 and more).
_BOX_COMPACT = 2.5
#: ``box_letters``: the letters are kept only where at most this share of their area lies
#: in blobs. Session 26, the boxes ``box_letters`` replaced on the busy tune draws
#: (``eval_faint.py --split tune --busy``): where the letters found covered 0.9 or more
#: of the word's core in the box, the blobs' share was 0.00-0.28 (11 boxes); where the
#: ink was bokeh disks (draws 21, 111, 112, 50, 62, 81 on generated bokeh: 0.32, 0.29,
#: 0.31, 0.22, 0.49, 0.43 of the core), 1.0, 1.0, 1.0, 0.74, 0.64, 0.44.
_BOX_BLOBS = 1 / 3
#: ``box_letters``: at least this share of the box's strong colour edges (past the ring's
#: 95th percentile of the Sobel length) lie on the letters' rim (within
#: :data:`_BOX_RIM` x the height of their outline): the letters explain the box's ink.
#: Session 26, the boxes replaced on the tune halves and busy tune draws: 0.62-1.0 where
#: the letters found covered 0.9 or more of the truth in the box (95 boxes); 0.15, 0.33,
#: 0.40 where they covered 0.01, 0.25, 0.18 and neither guard above saw it (busy draws
#: 21, 76, 79: a texture's edges taken for ink, the word's own left off).
_BOX_EDGES = 0.5
#: ``box_letters``: the letters' rim, x the text height (at least 2 px).
_BOX_RIM = 0.06


def _ink_letters(lab: np.ndarray, box: np.ndarray, region: np.ndarray, ring: np.ndarray,
                 height: float) -> np.ndarray | None:
    """The letters ``(h, w) bool`` inside a filled ``box`` (``(h, w) bool``, in the grown
    polygon ``region``), or None where they are not found with confidence
    (``box_letters`` of :func:`text_mask`).

    ``lab`` ``(h, w, 3)`` float32 Lab window; ``ring`` ``(h, w) bool`` ground beside the
    polygon (no text, no mask). The residual from a smooth ground (a Gaussian average of
    the window's non-ink pixels, :data:`_BOX_SIGMA` x ``height``, fitted
    :data:`_BOX_ROUNDS` times) is projected on the ink's direction (the mean residual of
    the box's 30 % farthest pixels); ink is above the ring's 99th percentile of it, grown
    by hysteresis to the ring's 95th (at least :data:`_JND` and half of it: a flat ring),
    and each round's ground leaves out the ink the last found. None unless the box holds
    :data:`_BOX_EXCESS` x the ring's rate of ink, the box does not depart the other way
    (against the ink's direction, past the ring's 99th percentile that way) at that rate
    too (ink of both polarities: a letter's halo or shadow, or a ground the smooth model
    misses), no component of the box off the ink that departs from the ground (any way,
    past the ring's 95th percentile) is larger than the ring's largest (a letter left
    under the threshold, or in another colour), the ink covers :data:`_BOX_FRACTION` of
    the box in strokes (:data:`_BOX_STROKE`), at most :data:`_BOX_BLOBS` of it lies in
    round blobs (:data:`_BOX_COMPACT`: bokeh disks, not letters), and at least
    :data:`_BOX_EDGES` of the box's strong edges lie on its rim.

    >>> rng = np.random.default_rng(0)
    >>> im = rng.normal(128, 6, (60, 160, 3)).clip(0, 255).astype(np.uint8)
    >>> im[20:40, 30:130:12] = 40; im[20:40, 31:130:12] = 40          # twenty dark strokes
    >>> lab = cv2.cvtColor(im.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)
    >>> box = np.zeros((60, 160), bool); box[18:42, 26:134] = True
    >>> ring = np.zeros_like(box); ring[5:12] = True; ring[50:57] = True
    >>> gl = _ink_letters(lab, box, box, ring, 24.0)
    >>> bool(gl[30, 30]), bool(gl[30, 36]), int(gl.sum()) < 0.3 * int(box.sum())
    (True, False, True)
    """
    if np.count_nonzero(ring) < 30 or np.count_nonzero(box) < 30:
        return None
    s = max(1.0, _BOX_SIGMA * height)
    k = int(2 * round(3 * s) + 1)
    known = np.ones(box.shape, np.float32)
    u = None
    for _ in range(_BOX_ROUNDS):
        # normalised convolution: the ground under the ink, from the ground around it
        num = cv2.GaussianBlur(lab * known[..., None], (k, k), s, borderType=cv2.BORDER_REFLECT)
        den = cv2.GaussianBlur(known, (k, k), s, borderType=cv2.BORDER_REFLECT)
        r = lab - num / np.maximum(den, 1e-6)[..., None]
        if u is None:
            # one ink mixed over the ground moves its pixels one way: the direction of
            # the box's farthest departures (texture departs every way and cancels)
            rb = r[box]
            d = np.sqrt(_sum3(rb ** 2))
            u = rb[d > np.percentile(d, 70)].mean(0)
            n = float(np.linalg.norm(u))
            if not n > 1e-6:
                return None
            u = u / n
        z = r @ u
        zr = z[ring]
        # at least a just-noticeable step over a flat ring (its percentiles are then 0)
        tau = max(float(np.percentile(zr, 99.0)), _JND)
        weak_t = max(float(np.percentile(zr, 95.0)), 0.5 * _JND)
        strong = (z > tau) & region
        n_w, cw = cv2.connectedComponents(((z > weak_t) & region).astype(np.uint8), connectivity=8)
        seeded = np.zeros(n_w, bool)
        seeded[np.unique(cw[strong])] = True
        seeded[0] = False
        glyph = seeded[cw]
        # the next round's ground leaves out the ink found (hysteresis, whole strokes):
        # the word's own mix no longer lifts the ground under it
        known = (cv2.dilate(glyph.astype(np.uint8), np.ones((3, 3), np.uint8)) == 0).astype(np.float32)
    if float(np.mean(strong[box])) < _BOX_EXCESS * max(float(np.mean(zr > tau)), 0.01):
        return None
    # both polarities: a box that departs the other way as often as ink does (a letter's
    # halo or shadow, or a ground the smooth model misses: bokeh disks against dark
    # letters) is not explained by one ink over the ground
    tau_o = max(float(np.percentile(-zr, 99.0)), _JND)
    if float(np.mean(-z[box] > tau_o)) >= _BOX_EXCESS * max(float(np.mean(-zr > tau_o)), 0.01):
        return None
    # no letter left behind: a component of the box off the ink (1 px away) that departs
    # from the ground past the ring's 95th percentile, along the ink (the weak set) or
    # its length in any colour, larger than the ring's own largest (texture makes those too), is a
    # letter the ink missed: one under the threshold over a dark patch, or a styled
    # word's other colour (a white fill whose dark shadow was the ink), left legible
    d = np.sqrt(_sum3(r ** 2))
    moved = (d > max(float(np.percentile(d[ring], 95.0)), 0.5 * _JND)) | (z > weak_t)
    rest = box & (cv2.dilate(glyph.astype(np.uint8), np.ones((3, 3), np.uint8)) == 0) & moved
    if rest.any():
        n_b, cb = cv2.connectedComponents(rest.astype(np.uint8), connectivity=8)
        n_r, cr = cv2.connectedComponents((moved & ring).astype(np.uint8), connectivity=8)
        most = int(np.bincount(cr.ravel())[1:].max()) if n_r > 1 else 0
        if int(np.bincount(cb.ravel())[1:].max()) > max(most, 6):
            return None
    if not _BOX_FRACTION[0] <= float(np.mean(glyph[box])) <= _BOX_FRACTION[1]:
        return None
    pad = cv2.copyMakeBorder(glyph.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    dt = cv2.distanceTransform(pad, cv2.DIST_L2, 3)[1:-1, 1:-1]
    if 2.0 * float(np.percentile(dt[glyph], 95)) > _BOX_STROKE * height:
        return None
    # letters are strokes: where much of the ink lies in compact blobs (round bokeh disks,
    # highlights the ink's direction was taken from), the word itself was not found
    n_c, cc, st, _ = cv2.connectedComponentsWithStats(glyph.astype(np.uint8), connectivity=8)
    radius = np.zeros(n_c, np.float32)
    np.maximum.at(radius, cc[glyph], dt[glyph])
    area = st[:, cv2.CC_STAT_AREA].astype(np.float32)
    blob = area < _BOX_COMPACT * np.pi * radius ** 2
    if float(area[1:][blob[1:]].sum()) > _BOX_BLOBS * float(area[1:].sum()):
        return None
    # the letters explain the box's ink: its strong edges lie mostly on their rim (a word
    # found in part, or a texture taken for ink, leaves strong edges elsewhere in the box)
    g = np.sqrt(sum(cv2.Sobel(lab[..., c], cv2.CV_32F, 1, 0, ksize=3) ** 2
                    + cv2.Sobel(lab[..., c], cv2.CV_32F, 0, 1, ksize=3) ** 2 for c in range(3))) / 8
    edges = box & (g > max(float(np.percentile(g[ring], 95.0)), 0.5 * _JND))
    if edges.any():
        rr = _disk(max(2, int(round(_BOX_RIM * height))))
        g8 = glyph.astype(np.uint8)
        rim = (cv2.dilate(g8, rr) > 0) & (cv2.erode(g8, rr) == 0)
        if np.count_nonzero(edges & rim) < _BOX_EDGES * np.count_nonzero(edges):
            return None
    return glyph


def _letters_in_boxes(image: np.ndarray, mask: np.ndarray, polys: list, heights: list, filled: np.ndarray, *,
                      margin: float, grow: float, ring: float, min_height: float) -> np.ndarray:
    """``mask`` ``(H, W)`` uint8 with each polygon's filled fallback replaced by its letters
    grown by ``margin`` x its height, where :func:`_ink_letters` finds them
    (``box_letters`` of :func:`text_mask`).

    A polygon counts when it is at least ``min_height`` high and at least 0.9 of its
    ``filled`` part is still masked (a tiled watermark's copies may have voted glyphs
    there); its ring is ``ring`` x its height beyond ``grow`` x its height, off every
    polygon and off the mask.

    >>> im = np.full((60, 160, 3), 128, np.uint8); im[20:40, 30:130:12] = 40; im[20:40, 31:130:12] = 40
    >>> m = np.zeros((60, 160), np.uint8); m[18:42, 26:134] = 1
    >>> box = np.array([[26, 18], [133, 18], [133, 41], [26, 41]], np.float32)
    >>> out = _letters_in_boxes(im, m, [box], [24.0], m.copy(), margin=0.06, grow=0.15, ring=0.3,
    ...                         min_height=8.0)
    >>> int(out[30, 30]), int(out[30, 36]), int(out.sum()) < int(m.sum()) // 2
    (1, 0, True)
    """
    H, W = mask.shape
    out = mask.copy()
    occupied = np.zeros((H, W), np.uint8)
    ipolys = [np.round(p).astype(np.int32) for p in polys]
    cv2.fillPoly(occupied, ipolys, 1)
    for p, ip, h in zip(polys, ipolys, heights):
        if h < min_height:
            continue
        g = max(1, int(round(grow * h)))
        rw = max(2, int(round(ring * h)))
        win = _poly_window(p, g + rw + 1, H, W)
        if win is None:
            continue
        x0, y0, x1, y1 = win
        inner = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(inner, [ip - [x0, y0]], 1)
        fill = (inner > 0) & (filled[y0:y1, x0:x1] > 0)
        mk = mask[y0:y1, x0:x1] > 0
        box = fill & mk
        if not fill.any() or np.count_nonzero(box) < 0.9 * np.count_nonzero(fill):
            continue
        dist = cv2.distanceTransform(1 - inner, cv2.DIST_L2, 3)
        region = dist <= g
        rng = (dist > g) & (dist <= g + rw) & (occupied[y0:y1, x0:x1] == 0) & ~mk
        lab = cv2.cvtColor(image[y0:y1, x0:x1].astype(np.float32) * np.float32(1 / 255.0), cv2.COLOR_RGB2Lab)
        glyph = _ink_letters(lab, box, region, rng, h)
        if glyph is None:
            continue
        mg = max(1, int(round(margin * h)))
        grown = cv2.dilate(glyph.astype(np.uint8), _disk(mg))
        out[y0:y1, x0:x1][box] = grown[box]
    return out


def _rim_by_opacity(image: np.ndarray, mask: np.ndarray, *, cut: float,
                    windows: tuple[int, ...] = (7, 11, 15), min_ground: int = 6,
                    tile: int = 64, min_contrast: float = 24.0, noise_k: float = 5.0,
                    quiet: float = 20.0, off_line: float = 0.2, soft: float | None = 0.25,
                    min_area: int = 50) -> np.ndarray:
    """``mask`` ``(H, W)`` uint8 with the antialiased rim its glyphs left out added.

    An antialiased glyph pixel mixes the glyph's colour ``g`` and the background ``b``:
    ``b + a (g - b)`` with ``a`` the glyph's opacity there (its pixel coverage). On the
    mask's outer 1 px ring, ``b`` is estimated as the mean of the pixels at least 2 px
    off the mask in the first square of ``windows`` (sides, smallest first) that holds at
    least ``min_ground`` of them and ``g`` as the mean of the mask's
    interior within 5 x 5 (of the mask where it has no interior), in sRGB, where the mix
    is linear; a pixel is glyph rim when its colour lies on the line from ``b`` to ``g``
    (off it by at most ``off_line`` x ``|g - b|``) at ``a >= cut`` (the truth's
    definition of a glyph pixel is opacity > 0.1) and its change ``a |g - b|`` is above
    ``noise_k`` x the background window's own spread (RMS over the channels). Only where
    the estimate means something: ``|g - b| >= min_contrast`` (8-bit levels),
    ``|g - b| >= quiet`` x the spread (a flat or smooth ground: on texture, a pixel
    between a dark crevice and a stone lies on such a line too) and at least
    ``min_ground`` background pixels in the largest window. The window grows (7, then 11,
    then 15 px) where the smallest holds too few: in a letter's counter, between close
    letters and beside a thin stroke's neighbours no pixel of a 7 x 7 square lies 2 px off
    the mask, and that alone kept 0.16 of the true rim candidates out on each tune half
    (session 23: textcheck2 tune glyph R at ``cut=0.05`` 0.9413 -> 0.9470, textcheck3
    0.9643 -> 0.9686, hard 0.9332 -> 0.9364, P within 0.0002). The hysteresis in
    :func:`_glyphs_in_crop` keeps
    the rim only where it differs from *every* background estimate, so a mix of blue
    letters and a yellow plate is lost when a green photo shows in the ring (green is
    near the mix); here the pixel is judged against the background right beside it.
    Only the rim of mask pieces (8-connected) of at least ``min_area`` px is judged: a
    speck of texture the mask took (a star on a night sky) has a rim like a letter's.

    An antialiased rim is one pixel wide: the pixels beyond it (8-neighbours at least 2 px
    off the mask) are ground. Where they still mix the two colours, at a mean opacity
    over ``soft`` x the candidate's own (on the same line), the edge is a soft one of the
    photo (a mortar line, a bowl's highlight or a pebble the mask took, whose blurred edge
    lies on such a line too), and the candidate stays out (None: no such test). Session 23,
    on the tune halves at ``cut=0.05`` (glyph R / P, without -> with ``soft=0.25``):
    textcheck2 0.9470 / 0.9053 -> 0.9464 / 0.9061, textcheck3 0.9686 / 0.8363 -> 0.9684 /
    0.8369, hard 0.9364 / 0.7988 -> 0.9358 / 0.8002 (0.4: 0.7997, 0.15: R 0.9354).

    Computed on ``tile`` x ``tile`` tiles that hold a candidate pixel, each with a
    margin that makes it exact (the cost follows the text's outline, not the image).
    """
    H, W = mask.shape
    k3 = np.ones((3, 3), np.uint8)
    # only around pieces of at least ``min_area`` px (letters, not specks of texture
    # the mask took, whose rim would be false twice over)
    n, lbl, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    big = ((stats[:, cv2.CC_STAT_AREA] >= min_area)[lbl] & (lbl > 0)).astype(np.uint8)
    cand = (cv2.dilate(big, k3) > 0) & (mask == 0)
    if not cand.any():
        return mask
    out = mask.copy()
    mg = max(windows) // 2 + 3  # box of the largest window over the 5 x 5 dilation: exact inside
    nty, ntx = -(-H // tile), -(-W // tile)
    occ = np.zeros((nty * tile, ntx * tile), bool)
    occ[:H, :W] = cand
    occ = occ.reshape(nty, tile, ntx, tile).any(axis=(1, 3))
    for i, j in zip(*np.nonzero(occ)):
        y0, x0 = int(i) * tile, int(j) * tile
        y1, x1 = min(y0 + tile, H), min(x0 + tile, W)
        Y0, X0 = max(y0 - mg, 0), max(x0 - mg, 0)
        Y1, X1 = min(y1 + mg, H), min(x1 + mg, W)
        m = mask[Y0:Y1, X0:X1]
        ty, tx = np.nonzero(cand[y0:y1, x0:x1])
        ty, tx = ty + (y0 - Y0), tx + (x0 - X0)
        rgb = image[Y0:Y1, X0:X1].astype(np.float32)
        # window sums: background (colour, squared colour, count) over ``window``,
        # interior and mask (colour, count) over 5 x 5; read at the candidates only
        st = np.empty(rgb.shape[:2] + (15,), np.float32)
        st[..., 6] = cv2.dilate(m, np.ones((5, 5), np.uint8)) == 0
        st[..., 10] = cv2.erode(m, k3, borderType=cv2.BORDER_CONSTANT, borderValue=0)
        st[..., 14] = m
        np.multiply(rgb, st[..., 6:7], out=st[..., 0:3])
        np.multiply(st[..., 0:3], rgb, out=st[..., 3:6])
        np.multiply(rgb, st[..., 10:11], out=st[..., 7:10])
        np.multiply(rgb, st[..., 14:15], out=st[..., 11:14])
        z = cv2.BORDER_CONSTANT
        # the ground's sums over the smallest window with ``min_ground`` pixels in it (the
        # largest where none has)
        sb = None
        for w in windows:
            sw = cv2.boxFilter(st[..., :7], -1, (w, w), normalize=False, borderType=z)[ty, tx]
            if sb is None:
                sb = sw
            else:
                sb = np.where((sb[:, 6] < min_ground)[:, None], sw, sb)
            if (sb[:, 6] >= min_ground).all():
                break
        sg = cv2.boxFilter(st[..., 7:], -1, (5, 5), normalize=False,
                           borderType=z)[ty, tx]
        nb = sb[:, 6]
        b = sb[:, :3] / np.maximum(nb, 1e-6)[:, None]
        var = sb[:, 3:6] / np.maximum(nb, 1e-6)[:, None] - b * b
        noise = np.sqrt(np.maximum(var, 0.0).sum(1))
        nc = sg[:, 3]
        g = np.where((nc > 0)[:, None], sg[:, :3] / np.maximum(nc, 1e-6)[:, None],
                     sg[:, 4:7] / np.maximum(sg[:, 7], 1e-6)[:, None])
        d = g - b
        c2 = (d * d).sum(1)
        c = np.sqrt(c2)
        v = rgb[ty, tx] - b
        a = (v * d).sum(1) / np.maximum(c2, 1e-6)
        resid = np.sqrt(np.maximum((v * v).sum(1) - a * a * c2, 0.0))
        if soft is not None:
            # the candidates' 8-neighbours at least 2 px off the mask: their mean opacity
            # on the candidate's own line (the window holds them: ``mg`` >= 3)
            h, w = m.shape
            beyond = cv2.dilate(m, k3) == 0
            s_sum = np.zeros(len(ty), np.float32)
            s_cnt = np.zeros(len(ty), np.float32)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    if dy == 0 and dx == 0:
                        continue
                    ny, nx = ty + dy, tx + dx
                    ok = (ny >= 0) & (ny < h) & (nx >= 0) & (nx < w)
                    ny, nx = np.clip(ny, 0, h - 1), np.clip(nx, 0, w - 1)
                    ok &= beyond[ny, nx]
                    an = ((rgb[ny, nx] - b) * d).sum(1) / np.maximum(c2, 1e-6)
                    s_sum += np.where(ok, an, 0.0)
                    s_cnt += ok
            sharp = (s_cnt == 0) | (s_sum <= soft * np.maximum(a, 1e-6) * np.maximum(s_cnt, 1))
        else:
            sharp = np.ones(len(ty), bool)
        take = (sharp & (nb >= min_ground) & (c >= min_contrast) & (c >= max(noise_k, quiet) * noise)
                & (a >= cut) & (a <= 1.2) & (resid <= off_line * c)
                & (a * c >= noise_k * noise))
        out[ty[take] + Y0, tx[take] + X0] = 1
    return out


def _glyphs_by_split(lab: np.ndarray, box: np.ndarray, ring: np.ndarray, *,
                     height: float, min_delta: float, min_fraction: float,
                     max_fraction: float, max_ring: float = 0.5,
                     max_stroke: float = 0.35, max_spread: float = 0.6,
                     rim: float = 0.25, max_samples: int = 4000) -> np.ndarray | None:
    """The glyphs of a piece that would get its filled polygon, when its pixels split
    into two colours one of which is drawn in strokes: ``(h, w) uint8`` or None (keep
    the box).

    ``box``: the piece's polygon pixels (window mask); ``ring``: its background ring.
    With fewer than 16 ring pixels the piece keeps its box (None): without a ring
    nothing tells the text's colour from a texture's, and the stroke test alone
    accepts speckle and a straight two-band edge. Each pixel is taken less the ring's
    colours spread into the box (the local background of ``_local_background``: a
    gradient behind the text is not a second colour); 2-means of those Lab values in
    the box; the text colour is the cluster the box has more of than its ring. It
    must be:

    * a real split: the centres at least ``min_delta`` apart (dE*ab);
    * a plausible share of the box, ``min_fraction`` .. ``max_fraction``, and rare in
      the ring: at most ``max_ring`` x its share of the box (the ring is background; a
      texture split the same way fills both);
    * strokes: the stroke width (twice the distance transform on the cluster's ridge,
      less 1) at most ``max_stroke`` x the text height, and its spread over the ridge
      (std / mean) at most ``max_spread`` (letters keep their pen; speckled texture
      does not).

    The glyphs are the pixels nearer the text colour (projection onto the line between
    the two centres past its middle) plus the pixels past ``rim`` of the way connected
    to them (hysteresis: the anti-aliased rim, thin strokes), inside the box; holes
    that outweigh those strokes are filled (:func:`_fill_outlines`: outlined letters
    whose fill is the other colour).
    """
    on = box > 0
    if int(np.count_nonzero(ring)) < 16:
        return None
    est, wb = _local_background(lab, ring, max(1.0, 0.5 * height))
    base = np.median(lab[ring > 0], axis=0)
    lab = lab - np.where((wb >= _MIN_SUPPORT)[..., None], est, base)
    px = lab[on]
    if px.shape[0] < 16:
        return None
    sample = px
    if px.shape[0] > max_samples:  # even subsample, deterministic
        sample = px[np.linspace(0, px.shape[0] - 1, max_samples).astype(np.int64)]
    centres, _ = _kmeans(sample, 2)
    if float(np.linalg.norm(centres[0] - centres[1])) < min_delta:
        return None
    def shares(x):
        return np.bincount(np.argmin(_sq_dist(x, centres), 1), minlength=2) / x.shape[0]

    share_box, share_ring = shares(px), shares(lab[ring > 0])
    t = int(np.argmax(share_box - share_ring))
    if share_ring[t] > max_ring * share_box[t]:
        return None
    if not min_fraction <= share_box[t] <= max_fraction:
        return None
    ct, cb = centres[t], centres[1 - t]
    axis = ct - cb
    s = ((lab - cb) @ axis) / max(float(axis @ axis), 1e-6)
    core = ((s > 0.5) & on).astype(np.uint8)
    if not core.any():
        return None
    padded = cv2.copyMakeBorder(core, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    dt = cv2.distanceTransform(padded, cv2.DIST_L2, 3)[1:-1, 1:-1]
    ridge = (core > 0) & (dt >= cv2.dilate(dt, np.ones((3, 3), np.uint8)))
    w = 2.0 * dt[ridge] - 1.0  # a stroke n px wide peaks at (n + 1) / 2
    if w.size == 0:
        return None
    mean = float(w.mean())
    if mean > max_stroke * height or float(w.std()) > max_spread * mean:
        return None
    # hysteresis: weaker pixels connected to the core (anti-aliased rims, thin strokes)
    weak = ((s > rim) & on).astype(np.uint8)
    n, lab_cc = cv2.connectedComponents(weak, connectivity=8)
    keep = np.zeros(n, bool)
    keep[np.unique(lab_cc[core > 0])] = True
    keep[0] = False
    # an outline around a fill of another colour (a gradient, a photo) is the letter:
    # its holes are filled where they outweigh the strokes (as the colour models do)
    return _fill_outlines((keep[lab_cc] | (core > 0)).astype(np.uint8), on)


def _glyphs_by_ground(lab: np.ndarray, region: np.ndarray, ring: np.ndarray, *, height: float,
                      min_delta: float, busy_delta: float, min_fraction: float, max_fraction: float,
                      rim_delta: float = 1.0, inner: np.ndarray | None = None, trim: float = 3.0,
                      min_inliers: float = 0.4, min_ground: float = 0.5, coherence: float = 0.6,
                      max_stroke: float = 0.4, max_touch: float = 0.7, min_height: float = 16.0,
                      rim: int = 1, drop_inside: float = 0.5, max_noise: float = 6.0,
                      min_mark: float = 0.02, empty_mark: float = 0.6, near_drop: float = 0.3,
                      channel_k: float = 2.5, max_samples: int = 1500) -> np.ndarray | None:
    """Glyphs of a piece about to get its filled polygon, as two layers: a smooth
    *ground* fitted robustly to the ring and the piece, and *ink* where the piece departs
    from it in one colour direction. ``(h, w) uint8`` (all 0: nothing to remove) or None
    (keep the box).

    ``lab`` ``(h, w, 3)`` float32 Lab window; ``region`` (the grown piece), ``ring`` and
    ``inner`` (the piece's polygon, optional) ``(h, w)`` bool. Text lower than
    ``min_height`` px keeps its box (thin antialiased strokes sit under any ink
    threshold; a small box costs little).

    * Ground: a quadratic surface per Lab channel (``_glyphs_in_crop``'s colour ramp)
      over the ring's and the piece's pixels, by trimmed least squares started from
      their most common colour (k-means, 3): pixels farther than ``trim`` x the robust
      scale (1.4826 x the median residual) are left out and the fit repeated, so lines
      of the text's colour in the ring (a stamp's frame), which made the ring's colour
      clusters explain the letters, and the letters themselves do not pull it; at
      least ``min_inliers`` of the samples must stay. Its noise ``s`` is the inliers'
      90th percentile residual; a ground noisier than ``max_noise`` (or ``busy_delta``)
      decides nothing (a photo; brushed metal, where the ink threshold rose above a
      visible engraved digit of real ad img_10007 and left it legible), and at least
      ``min_ground`` of the piece's outer edge must be ground (else the fit took the
      letters of a bold headline for the ground).
    * Ink: farther than ``tau = max(min_delta, 2.5 s)`` from the ground, grown by
      hysteresis: every connected (8-) component of the weak set, pixels farther than
      ``max(1.5 s, rim_delta, JND)``, that holds a pixel above ``tau``, whole. Ink that
      runs out of the piece (components touching its outer edge) is a texture's veins
      or a line beside the text: more than ``max_touch`` of the ink that way decides
      nothing; such components with less than ``drop_inside`` of their pixels inside ``inner``
      are left out of the mask (a stamp's inner frame line: masked, it stays in the
      picture anyway and dragged its red into the letters' fill); where such a line comes
      within ``near_drop`` x the text height of the glyphs, the piece keeps its box: left,
      it lent its red to the letter-shaped fill, pink ghosts of the letters
      (``textcheck3_stamp_tune_1``: 5 characters read after removal, 0 with the box;
      session 19). 0.3 is no one creative's distance: swept over 0 / 0.15 / 0.3 / 0.5 / 1.0
      on the tune side (textcheck2 and textcheck3 tune, cached polygons) the masks
      change only between 0 and 0.15, on two creatives, both read after removal with the
      line left (``stamp_tune_1`` 5/7 characters, ``blend_modes_tune_2`` 1/25) and not
      with the box; nothing on the tune side moves from 0.15 to 1.0 (held-out, looked at
      once: ``textcheck3_stamp_heldout_2`` keeps its box from 0.3). Holes that outweigh
      the strokes are filled
      (:func:`_fill_outlines`); the glyphs are grown by ``rim`` px onto pixels that
      moved at least a just-noticeable difference (the rim the noise threshold hid).
    * Kept only where it explains the piece: one ink (the ink's mean residual keeps at
      least ``coherence`` of its mean length; a texture departs every way); the rest is
      ground (no visible *mark* among the piece's pixels off the ink, 1 px away: no
      letter left under the threshold, with no seed); text
      shape (a fraction of the region in ``[min_fraction, max_fraction]``, strokes,
      twice the 95th percentile of the distance transform, at most ``max_stroke`` x the
      text height: a filled box is as thick as it is high).
    * A *mark* is a connected component of at least ``max(6, min_mark x height^2)`` px
      (a stroke, not a speck) where the residual averaged over 3 x 3 px is farther from
      the ground than ``max(1.5 s3, JND)``, ``s3`` that field's noise (1.63 x its
      median over the ring: over the ring and the piece, a faint word's own pixels and
      its JPEG ringing raised it above the word, session 19): averaging keeps a
      stroke's step and cuts the grain's, so strokes of dE 5-8 over grain count.
    * No ink at all over a quiet ground (the 99.5th percentile residual at most
      ``max(2 s, 2 x`` a just-noticeable difference``)`` and no mark: a detector box
      over an empty gradient) returns an empty mask; faint marks that stand out of the
      noise but under ``tau`` keep the box (None): left, they would be a ghost. Here a
      mark counts down to ``empty_mark`` (not the just-noticeable difference, 2.3): the
      bench's recognisers read a bold word at dE 1.0-1.8 (white at 4-6 % on a gradient,
      black at 6 % on a dark plate) in the input, which the JND floor called empty.
      0.6: on 16 synthetic empty boxes without grain (white, grey, a gradient, dark;
      PNG and JPEG 70-95) none keeps its box (with grain 1-2, 6 of 32 do, all JPEG, the
      boxes ``channel_k`` below was measured on; 0 at 2.3; a draw with grain 1, 2 and 4:
      13 of 48, 8 of them the 16 at grain 4, PNG too, session 20); such words (PNG)
      are removed whole down to dE 0.9, after JPEG q85 on a gradient from dE 2.1 (white
      at dE 0.8-1.1 still called empty; session 19).
    * Before a piece is called empty, each Lab channel of the 3 x 3 residual is also
      tested alone, each way: a mark where it departs from the ring's median by more
      than ``max(channel_k x`` the ring's robust spread (1.4826 x its median absolute
      deviation) ``, empty_mark)`` keeps the box (0 turns this off). A white or black
      ink moves L; JPEG's noise lives mostly in a and b (chroma subsampled and
      quantised coarser), which the 3-D length adds to the floor: SUNRISE white at 6 %
      on a gradient after q70 (L's spread 0.23, the length's floor 2.18), read by both
      recognisers, was called empty. 2.5: on 48 synthetic empty boxes (white, grey, a
      gradient, dark; PNG and JPEG 70-95; grain 0, 1, 2) the 16 without grain stay
      empty at 2.5 and 3.0 (one, a gradient at q70, keeps its box at 2.0), and the
      grained ones kept are the same 6 of 32 as with the test off; on SUNRISE (black and
      white, 3-8 %, gradient with and without grain 2, PNG and JPEG 70-95, 80 cases)
      the words called empty go 13 (before both mends) -> 5 (ring-only ``s3``, this
      test off) -> 2 (3.0) -> 1 (2.5): white 3 % over grain after q70, dE 0.9 (the
      recognisers read '' and 'SUGE'); session 19. (13 more of the 80, black at
      5-6 %, are masked 0.85-0.98 by the models before this one, ground on or off.)
      These are tune figures: 2.5 was chosen on the same words and boxes. A review's
      480 empty boxes (more grounds, grain 0-3, boxes 40 and 75 px high) found the
      cost the 48 do not show: 6 more keep their box than before both mends (all q70
      with grain 2-3, 40 px boxes), 1 fewer.
    """
    ry, rx = np.nonzero(ring)
    gy, gx = np.nonzero(region)
    if ry.size < 16 or gy.size < 16 or height < min_height:
        return None
    # the ground's samples: the ring and the piece (ink is the minority of the two);
    # the fit starts from their most common colour, so a ring half taken by a frame of
    # the text's colour does not pull it
    sy, sx = np.r_[ry, gy], np.r_[rx, gx]
    if sy.size > max_samples:  # even subsample, deterministic
        sub = np.linspace(0, sy.size - 1, max_samples).astype(np.int64)
        sy, sx = sy[sub], sx[sub]
    y = lab[sy, sx].astype(np.float64)
    _c, lab_k = _kmeans(y.astype(np.float32), 3)
    keep = lab_k == int(np.argmax(np.bincount(lab_k, minlength=3)))
    scale = float(max(lab.shape[:2]))
    A = _plane_design(sy, sx, scale).astype(np.float64)
    for _ in range(4):
        coef, *_ = np.linalg.lstsq(A[keep], y[keep], rcond=None)
        res = np.sqrt(_sum3((A @ coef - y) ** 2))
        sc = max(1.4826 * float(np.median(res[keep])), 0.5)
        new = res <= trim * sc
        if new.sum() < min_inliers * sy.size:
            return None
        if np.array_equal(new, keep):
            break
        keep = new
    s = float(np.percentile(res[keep], 90))
    if s > min(busy_delta, max_noise):
        return None
    ground = _tall_matmul(_plane_design(gy, gx, scale).astype(np.float64), coef).astype(np.float32)
    v = lab[gy, gx] - ground
    d = np.sqrt(_sum3(v ** 2))
    tau = max(min_delta, 2.5 * s)
    dist = np.zeros(region.shape, np.float32)
    dist[gy, gx] = d
    strong = d > tau
    # the ground is what the piece's outer edge mostly shows (not the letters of a bold
    # headline whose colour outnumbered it in the samples)
    reg_u8 = region.astype(np.uint8)
    edge = region & (cv2.erode(reg_u8, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT,
                               borderValue=0) == 0)
    if edge.any() and float(np.mean(dist[edge] <= tau)) < min_ground:
        return None
    # the weak set: pixels that visibly moved off the ground, out of its noise
    weak = ((dist > max(1.5 * s, rim_delta, _JND)) & region).astype(np.uint8)
    n_w, cw = cv2.connectedComponents(weak, connectivity=8)
    # visible marks are judged on the residual averaged over 3 x 3 px (a stroke keeps
    # its step, the grain's drops 3x: dE 5-8 strokes over grain stood out of no single
    # pixel's noise), against that field's own noise: its median over the ring only
    # (x 1.63, a 3-D residual's 90th percentile). The ring is background by
    # construction; over the ring and the piece, a faint word's own pixels (a large
    # share of the piece) and the JPEG ringing round its letters raised the floor above
    # the word: SUNRISE black at 4 % on a gradient, q70, dE 3.1, s3 2.04 (ring alone
    # 1.57), called empty and left legible (session 19 review)
    yy, xx = np.nonzero(region | ring)
    field = np.zeros(region.shape + (3,), np.float32)
    fit = _tall_matmul(_plane_design(yy, xx, scale).astype(np.float64), coef)
    field[yy, xx] = lab[yy, xx] - fit.astype(np.float32)
    known = (region | ring).astype(np.float32)
    cnt = cv2.blur(known, (3, 3), borderType=cv2.BORDER_CONSTANT)
    f3 = [cv2.blur(field[..., c], (3, 3), borderType=cv2.BORDER_CONSTANT) / np.maximum(cnt, 1e-6)
          for c in range(3)]
    sm = np.sqrt(sum(f ** 2 for f in f3))
    bg = ring & ~region
    s3 = 1.63 * float(np.median(sm[bg] if bg.any() else sm[yy, xx]))
    seen3 = sm > max(1.5 * s3, _JND)
    mark = max(6.0, min_mark * height * height)  # a stroke's area, not a noise speck

    def marks(where: np.ndarray, seen: np.ndarray = seen3) -> bool:
        # a stroke-sized component of visible departure inside ``where``, off the piece's
        # outer edge: there the 3 x 3 mean reaches into the ring (a rule of the text's
        # colour under a line, ring not piece, made a mark of the edge row and kept the box)
        found = (seen & where & ~edge).astype(np.uint8)
        n_m, cm = cv2.connectedComponents(found, connectivity=8)
        return n_m > 1 and int(np.bincount(cm.ravel())[1:].max()) >= mark

    if not strong.any():
        # nothing departs past the ink threshold: no text to remove here only when no
        # stroke-sized mark stands out of the noise either (a faint but visible word,
        # dE 3-5 on white, was called empty and left in the picture: the box stays)
        quiet = float(np.percentile(d, 99.5)) <= max(2.0 * s, 2.0 * _JND)
        quiet = quiet and not marks(region, sm > max(1.5 * s3, empty_mark))
        if quiet and channel_k > 0 and bg.any():
            # one channel at a time, one way at a time: an ink moves the ground one way,
            # mostly in L for white or black; JPEG's noise lives mostly in a and b (the
            # chroma is subsampled and quantised coarser), which the 3-D length adds to
            # the floor (SUNRISE white at 6 % on a gradient, q70, read by both
            # recognisers: L's noise 0.23, the length's 1.45, called empty)
            for ch in f3:
                mid = float(np.median(ch[bg]))
                su = 1.4826 * float(np.median(np.abs(ch[bg] - mid)))
                t = max(channel_k * su, empty_mark)
                if marks(region, ch - mid > t) or marks(region, mid - ch > t):
                    quiet = False
                    break
        return np.zeros(region.shape, np.uint8) if quiet else None
    vs = v[strong]
    if float(np.linalg.norm(vs.mean(0))) < coherence * float(d[strong].mean()):
        return None
    # hysteresis: every weak component holding a seed above ``tau``, whole (a stroke
    # just under ``tau`` was taken only a few pixels round its noisy seeds)
    seeded = np.zeros(n_w, bool)
    seeded[np.unique(cw[dist > tau])] = True
    seeded[0] = False
    glyph = seeded[cw].astype(np.uint8)
    k3 = np.ones((3, 3), np.uint8)
    # letters lie inside their grown polygon; ink that runs out of it (a texture's veins,
    # an edge of the photo) is not theirs
    n_cc, cc = cv2.connectedComponents(glyph, connectivity=8)
    dropped = np.zeros(region.shape, bool)
    out_ = np.zeros(n_cc, bool)
    out_[np.unique(cc[edge & (glyph > 0)])] = True
    out_[0] = False
    touch = np.count_nonzero(out_[cc]) / max(np.count_nonzero(glyph), 1)
    if touch > max_touch:
        return None
    if inner is not None and out_.any():
        # what runs out of it mostly outside the polygon (a stamp's frame line, a rule
        # under the text) is dropped: left in the fill mask, it stays in the picture
        # anyway and drags its colour into the letters' fill
        size = np.bincount(cc.ravel(), minlength=n_cc)
        inside = np.bincount(cc[inner > 0], minlength=n_cc)
        drop = out_ & (inside < drop_inside * np.maximum(size, 1))
        dropped = drop[cc]
        glyph[dropped] = 0
    glyph = _fill_outlines(glyph, region)
    if dropped.any() and float(cv2.distanceTransform((glyph == 0).astype(np.uint8), cv2.DIST_L2, 3)[dropped].min()) \
            <= near_drop * height:
        # a line of the ink's colour left in the picture this near the letters: the
        # inpainter fills the letter-shaped holes with its colour, ghosts of the letters
        # that a recogniser reads (a distressed stamp's inner frame); the box takes both
        return None
    if rim > 0:
        # the antialiased rim the ground's noise hid, where the pixel visibly moved
        seen = (dist >= _JND) & region & ~dropped
        glyph |= cv2.dilate(glyph, _disk(rim)) & seen.astype(np.uint8)
    frac = float(np.count_nonzero(glyph)) / gy.size
    if not min_fraction <= frac <= max_fraction:
        return None
    # the rest is ground: no stroke-sized mark off the ink (a letter under ``tau`` with
    # no seed, left legible beside the ones taken)
    rest = region & (cv2.dilate(glyph | dropped.astype(np.uint8), k3) == 0)
    if marks(rest):
        return None
    padded = cv2.copyMakeBorder(glyph, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    dt = cv2.distanceTransform(padded, cv2.DIST_L2, 3)[1:-1, 1:-1]
    if 2.0 * float(np.percentile(dt[glyph > 0], 95)) > max_stroke * height:
        return None
    return glyph


def _srgb_linear(lab: np.ndarray) -> np.ndarray:
    """Linear RGB ``(h, w, 3)`` float32 in [0, 1] of a float32 Lab window (the space where
    a translucent ink blends: ``I = (1 - a) G + a C``)."""
    rgb = np.clip(cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2RGB), 0.0, 1.0)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _ground_density(lin: np.ndarray, bins: int) -> np.ndarray:
    """The ground's colour density per unit of linear-RGB volume, from ``(n, 3)`` linear
    RGB samples: a ``bins``^3 histogram on an sRGB-like scale (``lin ** (1 / 2.4)``: dark
    colours keep their resolution), smoothed by one bin, each bin's count over its
    linear volume: a (bins, bins, bins) float64 array."""
    q = np.clip(lin, 0.0, 1.0) ** (1 / 2.4)
    idx = np.minimum((q * bins).astype(np.int64), bins - 1)
    h = np.bincount((idx[:, 0] * bins + idx[:, 1]) * bins + idx[:, 2], minlength=bins ** 3)
    h = h.reshape(bins, bins, bins).astype(np.float32)
    for ax in range(3):  # a 1-2-1 blur along each axis
        h = 0.5 * h + 0.25 * (np.roll(h, 1, ax) + np.roll(h, -1, ax))
    edges = (np.arange(bins + 1, dtype=np.float64) / bins) ** 2.4
    w = np.diff(edges)
    vol = w[:, None, None] * w[None, :, None] * w[None, None, :]
    dens = h / max(float(h.sum()), 1.0) / vol
    return dens.astype(np.float64)


def _density_at(dens: np.ndarray, x: np.ndarray, floor: float) -> np.ndarray:
    """``dens`` (:func:`_ground_density`) at ``(..., 3)`` linear RGB points; points
    outside [0, 1] get ``floor``."""
    bins = dens.shape[0]
    inside = np.all((x >= 0.0) & (x <= 1.0), axis=-1)
    q = np.clip(x, 0.0, 1.0) ** (1 / 2.4)
    idx = np.minimum((q * bins).astype(np.int64), bins - 1)
    return np.where(inside, np.maximum(dens[idx[..., 0], idx[..., 1], idx[..., 2]], floor), floor)


def _glyphs_by_blend(lab: np.ndarray, region: np.ndarray, ring: np.ndarray, *, height: float,
                     min_fraction: float, max_fraction: float, smooth: float, bins: int = 16,
                     alphas: tuple = (0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85),
                     min_gain: float = 0.05, max_second: float = 0.5, max_ring: float = 0.5,
                     max_stroke: float = 0.4, max_touch: float = 0.7, min_height: float = 16.0,
                     min_mark: float = 0.02, min_samples: int = 200, left_q: float = 0.05,
                     max_left: float = 0.1, colours: int = 1, thin: float = 0.0,
                     thin_after: bool = False, refit: float = 0.0,
                     axis: np.ndarray | None = None) -> np.ndarray | None:
    """Glyphs of a translucent ink over a textured ground, the ground known by its colours
    rather than its shape: ``(h, w) uint8`` or None (keep the box). Tried where the smooth
    ground of :func:`_glyphs_by_ground` decides nothing (``text_mask``'s ``blend``).

    ``lab`` ``(h, w, 3)`` float32 Lab window; ``region`` (the grown piece) and ``ring``
    ``(h, w)`` bool. The ring is ground: its colours give the ground's density ``p`` (a
    ``bins``^3 histogram in linear RGB, :func:`_ground_density`; at least ``min_samples``
    ring pixels off the piece). An ink of opacity ``a`` and colour ``C`` turns a ground
    ``G`` into ``I = (1 - a) G + a C`` (linear RGB) whatever the texture, so a pixel under
    it has the density ``p((I - a C) / (1 - a)) / (1 - a)^3``: the ground's own colours,
    shrunk towards ``C``. The piece is a mixture of the two (:func:`_best_ink`: ``C``
    black or white, ``a`` on the grid ``alphas``, the ink's share ``f`` by EM); the
    likeliest must beat the ground alone by ``min_gain`` nats a pixel.

    * Ink: the per-pixel log-likelihood ratio (prior ``f``) averaged over a square of
      ``2 k + 1`` px, ``k = smooth`` x the height (at least 1), above 0: a stroke's pixels
      agree, a texture's do not; then, within ``k`` px of that, the same ratio over
      3 x 3 px above 0 (the letters' edges the wide average rounded off); with ``thin``
      > 0, the strokes too thin for the square judged along a segment of their own
      direction (:func:`_thin_strokes`, ``2 round(thin x height) + 1`` px); components of
      at least ``max(6, min_mark x height^2)`` px. With ``thin_after`` the thin strokes
      are judged the same way but joined only once every guard below has passed (to the
      kept glyphs, within 2 px of them): they never decide whether the piece keeps its box.
    * With ``refit`` > 0 and ``axis`` (``(h, w)`` float32, each pixel's coordinate along the
      line's axis), once every guard below has passed: the piece cut along its axis into
      runs of about ``refit`` x the height (a word), each with the ink fitted again over
      the ground of the ring beside it (:func:`_refit_words`); the glyphs a run's own fit
      finds are added (the piece's one ink calls a word over another part of a photo
      ground). They never decide whether the piece keeps its box.
    * Kept only where it reads as text: the same verdict on the ring (ground by
      construction) at most ``max_ring`` x the ink's share of the piece; the ink
      ``min_fraction`` .. ``max_fraction`` of the piece; at most ``max_touch`` of it in
      components touching the piece's outer edge (those dropped: a texture's veins);
      strokes (twice the 95th percentile of the distance transform) at most
      ``max_stroke`` x the height; and one ink: the piece off the glyphs (2 px away) is
      ground: under the ground's density its mean log-likelihood falls short of that of
      ring pixels the density was not made from (the ring cut in blocks half a height
      wide, every other block the density, the others the reference) by less than
      ``max_second`` x what the ink gained on the piece (a white word's dark shadow,
      taken alone, left the word); and pixel by pixel: at most ``max_left`` of that rest
      below the ``left_q`` quantile of the reference ring's log-likelihood (the letters
      the ink did not take: the mean is diluted by the ground between them).

    Text lower than ``min_height`` px keeps its box. The glyphs are grown by 1 px (the rim).
    """
    on = region > 0
    bg = (ring > 0) & ~on
    if np.count_nonzero(bg) < min_samples or np.count_nonzero(on) < 16 or height < min_height:
        return None
    lin = _srgb_linear(lab).astype(np.float64)
    dens = _ground_density(lin[bg], bins)
    floor = 1e-3 * float(dens[dens > 0].min())
    px = lin[on]
    if px.shape[0] > 6000:  # the model's fit on an even subsample, deterministic
        px = px[np.linspace(0, px.shape[0] - 1, 6000).astype(np.int64)]
    parts = _ground_parts(lin[bg], bins, colours, min_samples) if colours > 1 else None
    if parts is None:
        ll, a, c, f = _best_ink(px, dens, floor, alphas)
        ll = ll - float(np.log(_density_at(dens, px, floor)).mean())
        w = None
    else:
        ll, a, c, f, w = _best_ink_parts(px, parts, alphas)
    if ll < min_gain:
        return None

    def llr(x):
        if w is not None:
            return (_log_mix(parts, (x - a * c) / (1 - a), w) - 3.0 * np.log(1 - a)
                    - _log_mix(parts, x, w) + np.log(f / (1 - f)))
        return (np.log(_density_at(dens, (x - a * c) / (1 - a), floor)) - 3.0 * np.log(1 - a)
                - np.log(_density_at(dens, x, floor)) + np.log(f / (1 - f)))

    k = max(1, round(smooth * height))
    l1 = llr(lin).astype(np.float32)
    e = cv2.blur(l1, (2 * k + 1, 2 * k + 1))
    ink = e > 0
    # the letters' edges the wide average rounded off: the 3 x 3 verdict near them
    ink |= (cv2.dilate(ink.astype(np.uint8), _disk(k)) > 0) & (cv2.blur(l1, (3, 3)) > 0)
    if thin > 0 and not thin_after:
        ink = _thin_strokes(l1, ink, bg, length=max(3, 2 * round(thin * height) + 1))
    share_ring = float(np.mean(ink[bg]))
    edge = on & (cv2.erode(on.astype(np.uint8), np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT,
                           borderValue=0) == 0)
    glyph = _blend_marks(ink & on, edge, min_size=max(6.0, min_mark * height * height), max_touch=max_touch)
    if glyph is None:
        return None
    glyph = _fill_outlines(glyph, region)
    frac = float(np.count_nonzero(glyph)) / np.count_nonzero(on)
    if not min_fraction <= frac <= max_fraction or share_ring > max_ring * frac:
        return None
    padded = cv2.copyMakeBorder(glyph, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    dt = cv2.distanceTransform(padded, cv2.DIST_L2, 3)[1:-1, 1:-1]
    if 2.0 * float(np.percentile(dt[glyph > 0], 95)) > max_stroke * height:
        return None
    # one ink: what is left of the piece is ground, as likely under the ground's density
    # as ring pixels that density was not made from (the ring cut in blocks, every other
    # block the density, the others the reference): a white word's dark shadow, taken
    # alone, left the word
    rest = lin[on & (cv2.dilate(glyph, _disk(2)) == 0)]
    ys, xs = np.nonzero(bg)
    half = ((xs // max(8, round(0.5 * height))) % 2) == 0
    if rest.shape[0] >= 16 and min(int(half.sum()), int((~half).sum())) >= min_samples // 2:
        dens_a = _ground_density(lin[ys[half], xs[half]], bins)
        floor_a = 1e-3 * float(dens_a[dens_a > 0].min())
        deficit = (float(np.log(_density_at(dens_a, lin[ys[~half], xs[~half]], floor_a)).mean())
                   - float(np.log(_density_at(dens_a, rest, floor_a)).mean()))
        if deficit >= max_second * ll:
            return None
        # ... and pixel by pixel: the ink explains the piece's departures from its ground
        # or the piece keeps its box: at most ``max_left`` of the rest as unlikely under
        # the ground's density as the least likely ``left_q`` of the reference ring (the
        # mean above is diluted by the ground between the letters; an ink taken over one
        # ground colour and not the other, or thin strokes averaged away, left letters)
        ref = np.log(_density_at(dens_a, lin[ys[~half], xs[~half]], floor_a))
        left = float(np.mean(np.log(_density_at(dens_a, rest, floor_a)) < float(np.quantile(ref, left_q))))
        if left > max_left:
            return None
    if thin > 0 and thin_after:
        # every guard passed without them: the thin strokes (and the specks of the wide
        # verdict they join into marks of a letter's size) taken as the marks are above,
        # added to the glyphs (a piece whose hairlines are explained must not pass a guard
        # it failed without them)
        full = _thin_strokes(l1, ink, bg, length=max(3, 2 * round(thin * height) + 1))
        more = _blend_marks(full & on, edge, min_size=max(6.0, min_mark * height * height), max_touch=1.0)
        if more is not None:
            glyph = np.maximum(glyph, _fill_outlines(more, region))
    if refit > 0 and axis is not None:
        more = _refit_words(lin, on, bg, edge, axis, height=height, span=refit, smooth=smooth, bins=bins,
                            alphas=alphas, min_gain=min_gain, min_samples=min_samples, min_mark=min_mark,
                            min_fraction=min_fraction, max_fraction=max_fraction, max_ring=max_ring,
                            max_stroke=max_stroke)
        if more is not None:
            glyph = np.maximum(glyph, _fill_outlines(more, region))
    return cv2.dilate(glyph, _disk(1)) & on.astype(np.uint8)


def _refit_words(lin: np.ndarray, on: np.ndarray, bg: np.ndarray, edge: np.ndarray, axis: np.ndarray, *,
                 height: float, span: float, smooth: float, bins: int, alphas: tuple, min_gain: float,
                 min_samples: int, min_mark: float, min_fraction: float, max_fraction: float,
                 max_ring: float, max_stroke: float) -> np.ndarray | None:
    """:func:`_glyphs_by_blend`'s ink fitted per word: the piece ``on`` cut along ``axis``
    (``(h, w)`` float32, the line's axis coordinate) into ``round(length / (span x
    height))`` runs (none when under 2: one word), each run's ink ``a`` / ``C`` / ``f``
    fitted again (:func:`_best_ink`) over the density of the ring pixels ``bg`` beside it
    (within half a height of the run along the axis; at least ``min_samples``), and
    judged as the piece's one fit is: the square's verdict, marks of a letter's size off
    the piece's ``edge``, the run's ink ``min_fraction`` .. ``max_fraction`` of it, the
    same verdict on its ring at most ``max_ring`` x that, strokes at most ``max_stroke``
    x the height. ``lin`` ``(h, w, 3)`` float64 linear RGB. ``(h, w) uint8`` (the marks
    of every run that passes) or None."""
    tv = axis[on]
    lo, hi = float(tv.min()), float(tv.max())
    n = round((hi - lo) / (span * height))
    if n < 2:
        return None
    cuts = np.linspace(lo, hi, n + 1)
    cuts[0], cuts[-1] = -np.inf, np.inf
    k = max(1, round(smooth * height))
    min_size = max(6.0, min_mark * height * height)
    out = np.zeros(on.shape, np.uint8)
    for j in range(n):
        a0, b0 = cuts[j], cuts[j + 1]
        band = (axis >= a0) & (axis < b0)
        part = on & band
        near = bg & (axis >= a0 - 0.5 * height) & (axis < b0 + 0.5 * height)
        if np.count_nonzero(near) < min_samples or np.count_nonzero(part) < 16:
            continue
        dens = _ground_density(lin[near], bins)
        floor = 1e-3 * float(dens[dens > 0].min())
        px = lin[part]
        if px.shape[0] > 6000:
            px = px[np.linspace(0, px.shape[0] - 1, 6000).astype(np.int64)]
        ll, a, c, f = _best_ink(px, dens, floor, alphas)
        if ll - float(np.log(_density_at(dens, px, floor)).mean()) < min_gain:
            continue
        # the run's window with the square's reach round it (the verdict is local)
        ys, xs = np.nonzero(part | near)
        win = np.s_[max(0, ys.min() - k):ys.max() + k + 1, max(0, xs.min() - k):xs.max() + k + 1]
        x = lin[win]
        l1 = (np.log(_density_at(dens, (x - a * c) / (1 - a), floor)) - 3.0 * np.log(1 - a)
              - np.log(_density_at(dens, x, floor)) + np.log(f / (1 - f))).astype(np.float32)
        ink = cv2.blur(l1, (2 * k + 1, 2 * k + 1)) > 0
        ink |= (cv2.dilate(ink.astype(np.uint8), _disk(k)) > 0) & (cv2.blur(l1, (3, 3)) > 0)
        pw, nw = part[win], near[win]
        glyph = _blend_marks(ink & pw, edge[win], min_size=min_size, max_touch=1.0)
        if glyph is None:
            continue
        frac = float(np.count_nonzero(glyph)) / np.count_nonzero(pw)
        if not min_fraction <= frac <= max_fraction or float(np.mean(ink[nw])) > max_ring * frac:
            continue
        padded = cv2.copyMakeBorder(glyph, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
        dt = cv2.distanceTransform(padded, cv2.DIST_L2, 3)[1:-1, 1:-1]
        if 2.0 * float(np.percentile(dt[glyph > 0], 95)) > max_stroke * height:
            continue
        out[win] |= glyph
    return out if out.any() else None


def _blend_marks(ink: np.ndarray, edge: np.ndarray, *, min_size: float, max_touch: float) -> np.ndarray | None:
    """:func:`_glyphs_by_blend`'s marks: the components of ``ink`` (``(h, w)`` bool, the
    verdict inside the piece) of at least ``min_size`` px, less those touching ``edge``
    (the piece's outer edge: a texture's veins run out of it), ``(h, w) uint8``; None
    when none is left or more than ``max_touch`` of the kept pixels touch the edge."""
    glyph = ink.astype(np.uint8)
    n, cc = cv2.connectedComponents(glyph, connectivity=8)
    if n <= 1:
        return None
    size = np.bincount(cc.ravel(), minlength=n)
    keep = size >= min_size
    keep[0] = False
    glyph = keep[cc].astype(np.uint8)
    if not glyph.any():
        return None
    out_ = np.zeros(n, bool)
    out_[np.unique(cc[edge & (glyph > 0)])] = True
    out_[0] = False
    touch = np.count_nonzero(out_[cc] & (glyph > 0)) / np.count_nonzero(glyph)
    if touch > max_touch:
        return None
    glyph[out_[cc]] = 0
    return glyph


def _line_means(l1: np.ndarray, length: int) -> np.ndarray:
    """The largest of ``l1``'s means along a 1 px segment of ``length`` px (odd) centred
    on each pixel, in eight directions (every 22.5 degrees): ``(h, w)`` float32."""
    r = length // 2
    out = None
    for t in np.arange(8) * np.pi / 8:
        kern = np.zeros((length, length), np.uint8)
        dx, dy = r * np.cos(t), r * np.sin(t)
        cv2.line(kern, (round(r - dx), round(r - dy)), (round(r + dx), round(r + dy)), 1, 1)
        m = cv2.filter2D(l1, -1, kern.astype(np.float32) / kern.sum(), borderType=cv2.BORDER_REFLECT)
        out = m if out is None else np.maximum(out, m)
    return out


def _thin_strokes(l1: np.ndarray, ink: np.ndarray, bg: np.ndarray, *, length: int,
                  ring_q: float = 0.99) -> np.ndarray:
    """``ink`` (:func:`_glyphs_by_blend`'s verdict over its wide square) with the strokes
    too thin for that square judged at their own width: a pixel the ink explains
    (``l1`` > 0) whose ``l1`` also averages, along a 1 px segment of ``length`` px in
    some direction (:func:`_line_means`: a hairline fills a segment laid along it, not a
    square), above what the ring (``bg``, ground by construction) reaches there but at
    its ``ring_q`` quantile; in runs of at least ``length`` px (a stroke runs on, the
    texture's grain does not) that join the wide verdict (a serif, a letter's thin
    diagonal). The wide verdict and its 1 px rim count for nothing in the segments (a
    segment laid across a thick stroke's edge is not a thin stroke). ``(h, w)`` bool."""
    near = cv2.dilate(ink.astype(np.uint8), _disk(1)) > 0
    lm = _line_means(np.where(near, np.minimum(l1, 0.0), l1), length)
    ref = bg & ~near
    if not ref.any():
        return ink
    fine = (l1 > 0) & (lm > max(0.0, float(np.quantile(lm[ref], ring_q)))) & ~near
    n, cc = cv2.connectedComponents(fine.astype(np.uint8), connectivity=8)
    size = np.bincount(cc.ravel(), minlength=n)
    size[0] = 0
    fine = (size >= length)[cc]
    seed = cv2.dilate(ink.astype(np.uint8), _disk(2)) > 0
    n, cc = cv2.connectedComponents((fine | seed).astype(np.uint8), connectivity=8)
    seeded = np.zeros(n, bool)
    seeded[np.unique(cc[ink])] = True
    seeded[0] = False
    return ink | (fine & seeded[cc])


def _ground_parts(lin: np.ndarray, bins: int, colours: int, min_samples: int) -> list | None:
    """The ground cut into ``colours`` colours, each its own density: ``[(dens, floor), ...]``
    or None (a part under ``min_samples // 4`` pixels: the ground is one colour). ``lin``
    ``(n, 3)`` linear RGB ring pixels, cut along their first principal axis on the
    sRGB-like scale of :func:`_ground_density` (a 1-D k-means from the quantiles): a
    two-colour texture's colours, whose shares under a piece need not be the ring's."""
    q = np.clip(lin, 0.0, 1.0) ** (1 / 2.4)
    mu = q.mean(0)
    _, _, vt = np.linalg.svd(q - mu, full_matrices=False)
    t = (q - mu) @ vt[0]
    cents = np.quantile(t, (np.arange(colours) + 0.5) / colours)
    lab_ = np.zeros(t.shape[0], np.int64)
    for _ in range(10):
        lab_ = np.argmin(np.abs(t[:, None] - cents[None, :]), axis=1)
        for j in range(colours):
            if np.any(lab_ == j):
                cents[j] = t[lab_ == j].mean()
    out = []
    for j in range(colours):
        sel = lin[lab_ == j]
        if sel.shape[0] < min_samples // 4:
            return None
        d = _ground_density(sel, bins)
        out.append((d, 1e-3 * float(d[d > 0].min())))
    return out


def _log_parts(parts: list, x: np.ndarray) -> np.ndarray:
    """Each part's log density at ``(..., 3)`` linear RGB points: ``(..., K)``."""
    return np.stack([np.log(_density_at(d, x, fl)) for d, fl in parts], axis=-1)


def _log_mix(parts: list, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The log density of the parts mixed with weights ``w`` at ``(..., 3)`` points."""
    lp = _log_parts(parts, x) + np.log(w)
    m = lp.max(-1)
    return m + np.log(np.exp(lp - m[..., None]).sum(-1))


def _best_ink_parts(px: np.ndarray, parts: list,
                    alphas: tuple) -> tuple[float, float, np.ndarray, float, np.ndarray]:
    """:func:`_best_ink` over a ground of several colours (:func:`_ground_parts`): the
    piece's shares ``w`` of the colours fitted by EM with the ink's share ``f`` (an ink
    over colour ``j`` weighs ``f w_j``, the bare colour ``(1 - f) w_j``); the gain is
    measured against the ground alone with its shares fitted too. ``(mean log-likelihood
    gain, a, C, f, w)``."""
    K = len(parts)
    lg = _log_parts(parts, px)

    def em(lps, f):
        w = np.full(K, 1.0 / K)
        m = np.max([lp.max(1) for lp in lps], axis=0)
        es = [np.exp(lp - m[:, None]) for lp in lps]
        for _ in range(30):
            pri = [(1 - f) * w] if len(lps) == 1 else [(1 - f) * w, f * w]
            num = [e * p for e, p in zip(es, pri)]
            tot = sum(n_.sum(1) for n_ in num)[:, None]
            rs = [n_ / tot for n_ in num]
            w = np.clip(sum(r.sum(0) for r in rs) / px.shape[0], 1e-3, 1.0)
            w = w / w.sum()
            if len(lps) > 1:
                f = float(np.clip(rs[1].sum(1).mean(), 1e-3, 0.999))
        pri = [(1 - f) * w] if len(lps) == 1 else [(1 - f) * w, f * w]
        ll = float(np.mean(m + np.log(sum((e * p).sum(1) for e, p in zip(es, pri)))))
        return ll, f, w

    base, _, _ = em([lg], 0.0)
    best = None
    for c in (np.zeros(3), np.ones(3)):
        for a in alphas:
            li = _log_parts(parts, (px - a * c) / (1 - a)) - 3.0 * np.log(1 - a)
            ll, f, w = em([lg, li], 0.3)
            if best is None or ll > best[0]:
                best = (ll, a, c, f, w)
    return (best[0] - base,) + best[1:]


def _best_ink(px: np.ndarray, dens: np.ndarray, floor: float,
              alphas: tuple) -> tuple[float, float, np.ndarray, float]:
    """The likeliest ink over ``(n, 3)`` linear RGB pixels of a ground of density ``dens``
    (:func:`_glyphs_by_blend`): ``(mean log-likelihood, a, C, f)``; ``C`` black or white,
    ``a`` on the grid ``alphas``, the ink's share ``f`` by EM. (An ink colour near the
    ground's own, as the pixels' mean departure gave, is degenerate on a histogram: a
    texture shrunk towards its own colours lands in fewer bins, and the ``(1 - a)^-3``
    of the shrink alone made ground look like ink, 0.35 nats a pixel on a bare texture.)"""
    lp_g = np.log(_density_at(dens, px, floor))
    best = None
    for c in (np.zeros(3), np.ones(3)):
        for a in alphas:
            lp_i = np.log(_density_at(dens, (px - a * c) / (1 - a), floor)) - 3.0 * np.log(1 - a)
            m = np.maximum(lp_i, lp_g)
            ei, eg = np.exp(lp_i - m), np.exp(lp_g - m)
            f = 0.3
            for _ in range(20):
                wi = f * ei
                f_new = float(np.clip((wi / (wi + (1 - f) * eg)).mean(), 1e-3, 0.999))
                done = abs(f_new - f) < 1e-4
                f = f_new
                if done:
                    break
            ll = float(np.mean(m + np.log(f * ei + (1 - f) * eg)))
            if best is None or ll > best[0]:
                best = (ll, a, c, f)
    return best


def _held_lines(polys, heights, i, *, shape, share, ratio, boxes) -> list[int]:
    """The indices of the smaller lines polygon ``i`` holds: text lower by more than
    ``ratio`` with at least ``share`` of its area inside (``text_mask``'s ``plates``);
    ``boxes`` ``(N, 4)`` the polygons' ``x0, y0, x1, y1``."""
    b = boxes
    # cheap, for all at once: text lower by ``ratio`` and boxes overlapping this one
    cand = np.flatnonzero((np.asarray(heights) * ratio < heights[i]) & (b[:, 0] < b[i, 2]) & (b[:, 2] > b[i, 0])
                          & (b[:, 1] < b[i, 3]) & (b[:, 3] > b[i, 1]))
    if cand.size == 0:
        return []
    sub = contained_in(0, [polys[i]] + [polys[c] for c in cand], shape, share=share, min_ratio=ratio,
                       heights=[heights[i]] + [heights[c] for c in cand])
    return [int(cand[j - 1]) for j in sub]


def _plate_ring(polys, heights, i, held, window, inner, *, grow):
    """The smaller lines ``held`` (:func:`_held_lines`) polygon ``i`` holds (window
    ``(x0, y0, x1, y1)``, its fill ``inner``): ``(lines, zone, held, raw)``: bool window
    masks, ``lines`` grown by their glyph reach and 2 px of rim, ``zone`` = the polygon's
    pixels within one line height of them, the lines' indices, and the lines not grown;
    False when it holds none (``text_mask``'s ``plates``)."""
    x0, y0 = window[:2]
    if not held:
        return False
    lines = np.zeros(inner.shape, np.uint8)
    raw = np.zeros_like(lines)
    for j in held:
        one = np.zeros_like(lines)
        cv2.fillPoly(one, [np.round(polys[j]).astype(np.int32) - [x0, y0]], 1)
        raw |= one
        r = max(1, round(grow * heights[j])) + 2
        lines |= cv2.dilate(one, _disk(r))
    # the plate *around the lines* (one line height): a detector's plate polygon often
    # overshoots the plate's edge, and the photo there is no background of the letters
    reach = max(heights[j] for j in held)
    zone = (cv2.distanceTransform(1 - lines, cv2.DIST_L2, 3) <= reach) & (inner > 0)
    return (lines > 0, zone, held, raw > 0) if (zone & (lines == 0)).any() else False


def _glyphs_on_plate(lab, own, poly, lines, zone, raw, *, k, min_delta, busy_delta, min_fraction, max_fraction, height,
                     rim_delta):
    """A plate polygon's glyphs against the plate alone, or None (``text_mask``'s ``plates``).

    ``own``: the piece's pixels of the polygon ``poly`` (its fill in the window);
    ``lines``: the lines it holds (grown), ``raw`` (not grown);
    ``zone``: within one line height of them. The plate is the colour the lines stand on
    (the median colour of the zone, lines included: a line's box is mostly the ground
    between its letters); where at least half of the zone is within ``min_delta`` of
    it (a flat plate), the pixels of that colour are the ring and the glyphs are searched in the
    polygon less what is not of that colour and reaches its outline but not a line:
    the photo beyond a banner's edge, which the detector's polygon overshoots, is
    neither background nor text of these letters, and it must stay within 0.3 x the
    polygon's text height of the outline (the overshoot). Around the lines the rest must be
    plate (at most 5 % of other colours not beyond the edge: a flat plate, not
    confetti or a photo's texture).
    A piece of bare plate is an answer too (no glyphs): no contrast or fraction floor,
    but where the piece holds some of the lines, at least ``min_fraction`` of their
    pixels must be glyphs (the plate sees their letters).
    """
    near = own & zone
    if np.count_nonzero(near) < 12:
        return None
    med = np.median(lab[near], axis=0)
    close = np.sqrt(((lab - med) ** 2).sum(-1)) <= min_delta
    if np.count_nonzero(close & near) < 0.5 * np.count_nonzero(near):
        return None
    # the ring keeps 2 px off anything not of the plate's colour: a letter's antialiased
    # rim is near that colour but is text
    ring = cv2.erode(close.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    # what is not of the plate's colour and reaches the polygon's outline is the photo
    # beyond the plate's edge: left out; letters are enclosed by their plate
    other = (own & ~close).astype(np.uint8)
    n, lbl = cv2.connectedComponents(other, connectivity=8)
    if n > 1:
        rim = own & (cv2.erode(poly.astype(np.uint8), np.ones((3, 3), np.uint8)) == 0)  # not the pieces' cuts
        out_ids = np.unique(lbl[rim & (other > 0)])
        in_ids = np.unique(lbl[raw & (other > 0)])  # what reaches into a line is not beyond
        beyond = np.isin(lbl, np.setdiff1d(out_ids[out_ids > 0], in_ids))
        # ... and only a margin: a detector's outline overshoots by a fraction of the
        # text height; other colours reaching deeper are texture the text lies on
        if beyond.any():
            depth = cv2.distanceTransform(poly.astype(np.uint8), cv2.DIST_L2, 3)
            if float(depth[beyond].max()) > 0.3 * height:
                return None
    else:
        beyond = np.zeros_like(own)
    # a plate is flat: around the lines, what is not of its colour lies beyond its edge
    # (confetti, a photo's texture around the letters is no plate)
    surround = near & ~lines
    if np.count_nonzero(surround & ~close & ~beyond) > 0.05 * max(np.count_nonzero(surround), 1):
        return None
    found = _glyphs_in_crop(lab, own & ~beyond, own & ring, k=k, min_delta=min_delta,
                            busy_delta=busy_delta, min_fraction=0.0, max_fraction=max_fraction,
                            min_contrast=0.0, height=height, rim_delta=rim_delta)
    if found is None:
        return None
    # the lines it holds are text: where the piece has some, the plate must see their
    # letters (faint or ghost text close to the plate's colour is no bare plate)
    on_lines = own & lines
    n = np.count_nonzero(on_lines)
    if n and np.count_nonzero(found[0][on_lines]) < min_fraction * n:
        return None
    return found[0]


def _lattice(image: np.ndarray, polys: list, heights: list, *, min_peaks: int, work: int = 400, gate: int = 256,
             max_shifts: int = 16, min_ncc: float = 0.3, most: int = 24,
             max_samples: int = 4000) -> tuple[list[tuple[int, int]], np.ndarray | None]:
    """Full-resolution shifts ``(dx, dy)`` that land the text in ``polys`` on copies of
    itself (a tiled watermark), and the full-resolution high-passed luminance
    ``(H, W)`` float32 they were refined on; ``([], None)`` when the text does not
    tile in two directions.

    The shifts are found as :func:`creative_tools.text.repeat.repeated_polygons` finds
    them (correlation of the high-passed luminance at ``work`` px on the long side,
    sharp peaks, ``min_peaks`` of them, two directions; first at ``gate`` px, where
    it costs less, and only when found there at ``work`` px), then refined at full
    resolution (the best normalised correlation of the full-resolution high-pass over
    the text, within one working pixel), and kept when that is at least ``min_ncc``.
    """
    H, W = image.shape[:2]

    def peaks(size):
        s = min(1.0, size / max(H, W))
        hp = _highpass(image, s, 2.0)
        h, w = hp.shape
        small = np.zeros((h, w), np.uint8)
        cv2.fillPoly(small, [np.round(p * [w / W, h / H]).astype(np.int32) for p in polys], 1)
        hmed = float(np.median(heights)) * s
        floor_ncc = max(min_ncc, 16.0 / np.sqrt(max(float(small.sum()), 1.0)))
        found = repeat_shifts(hp, small, min_ncc=floor_ncc, exclude=max(4.0, 1.5 * hmed),
                              ring=max(2.0, 0.5 * hmed))[:max_shifts]
        return s, found if len(found) >= min_peaks and _two_dimensional(found) else []

    # most text does not tile: a first look at ``gate`` px (0.4 x the correlation's
    # cost at 400) says whether the full search is worth it
    if gate < work and not peaks(gate)[1]:
        return [], None
    s, shifts = peaks(work)
    if not shifts:
        return [], None
    # candidates: the shifts and their sums (copies two steps away), at full resolution
    cand = [(dx / s, dy / s) for _v, dx, dy in shifts]
    cand += sorted(((a[0] + b[0], a[1] + b[1]) for i, a in enumerate(cand) for b in cand[i:]),
                   key=lambda v: abs(v[0]) + abs(v[1]))
    full = _highpass(image, 1.0, 2.0)
    big = np.zeros((H, W), np.uint8)
    cv2.fillPoly(big, [np.round(p).astype(np.int32) for p in polys], 1)
    ys, xs = np.nonzero(big)
    if ys.size > max_samples:
        pick = np.linspace(0, ys.size - 1, max_samples).astype(np.int64)
        ys, xs = ys[pick], xs[pick]
    a_all = full[ys, xs]
    r = int(np.ceil(1.0 / s))
    out: list[tuple[int, int]] = []
    for cx, cy in cand:
        if len(out) >= most:
            break
        if abs(cx) >= W or abs(cy) >= H or abs(cx) + abs(cy) <= 2 * r:
            continue
        if any(abs(cx - o[0]) + abs(cy - o[1]) <= 2 * r for o in out):
            continue
        best, arg = -1.0, None
        for ey in range(-r, r + 1):
            for ex in range(-r, r + 1):
                DX, DY = int(round(cx)) + ex, int(round(cy)) + ey
                ok = (xs + DX >= 0) & (xs + DX < W) & (ys + DY >= 0) & (ys + DY < H)
                if ok.sum() < 50:
                    continue
                a, b = a_all[ok], full[ys[ok] + DY, xs[ok] + DX]
                v = float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum() + 1e-6))
                if v > best:
                    best, arg = v, (DX, DY)
        if arg is not None and best >= min_ncc and arg not in out:
            out.append(arg)
    return out, full


def _glyphs_by_copies(image: np.ndarray, polys: list, records: list, *, heights: list,
                      min_copies: int, options: dict, contrast: float = 1.0, rim: int = 1,
                      rim_visible: float = _JND, min_ncc: float = 0.3) -> dict:
    """Glyphs of the pieces decided again on the median of their copies in a tiled
    watermark.

    A tiled watermark is the same word at every lattice point over a background that
    changes: the median of the copies' aligned windows keeps the text (in the same
    place in every copy) and averages the texture out, so the colour models (or the
    colour step) that failed on one copy over texture can succeed on the median. The
    mask found there is the piece's mask: one shared mask, voted by the copies,
    instead of each copy segmented over its own texture. A piece is a copy only where
    its own high-pass correlates with what lies at the lattice's shifts from it
    (:func:`_copies_of`: a headline beside the watermark has no copies).

    ``records`` holds ``[rows, cols, region, ring, fill, height, own, fell]`` per piece
    (image slices of its window, ``(h, w)`` window masks; see ``text_mask``).
    ``options`` are ``_glyphs_in_crop``'s, with ``min_contrast`` replaced by
    ``contrast`` (default 1.0: the median's ring is quieter than one copy's, and its
    texture left over still puts the 97th percentile of a semi-transparent word under
    2 x the threshold; tuned on the hard tune set, where 2.0 decides no piece). The
    glyphs found are grown by ``rim`` px inside the region (default 1: the copies sit
    at sub-pixel offsets, so their median has the stroke's core, not its rim), where
    the colour models found them, only onto pixels at least ``rim_visible`` (Lab) from
    the median's background (default ``_JND`` = 2.3, a just-noticeable difference:
    on thin strokes a blind 1 px rim doubled the mask; hard tune's small dense
    watermarks, P 0.60 -> 0.81 at R 0.98 -> 0.94).
    Returns ``{index: (h, w) uint8 glyph}`` for the pieces decided.
    """
    shifts, hp = _lattice(image, polys, heights, min_peaks=min_copies)
    if len(shifts) + 1 < min_copies:
        return {}
    out = {}
    for k, (ys_, xs_, reg, rng, fill, h, own, fell) in enumerate(records):
        mine = _copies_of(hp, ys_, xs_, reg, rng, shifts, min_ncc=min_ncc)
        if len(mine) + 1 < min_copies:
            continue
        med = _median_of_copies(image, ys_, xs_, reg | rng, mine, min_copies=min_copies)
        if med is None:
            continue
        lab = cv2.cvtColor(med, cv2.COLOR_RGB2Lab)
        found = _glyphs_in_crop(lab, reg, rng, height=h, **dict(options, min_contrast=contrast))
        glyph = found[0] if found is not None else _glyphs_shifted(
            lab, reg, rng, height=h, min_fraction=options["min_fraction"],
            max_fraction=options["max_fraction"])
        if glyph is not None:
            if rim > 0:
                grown = cv2.dilate(glyph, _disk(rim)) & reg.astype(np.uint8)
                if found is not None:
                    # only where the median shows the text visibly changed the pixel
                    grown &= (found[1] >= rim_visible).astype(np.uint8) | glyph
                glyph = grown
            out[k] = glyph
    return out


def _copies_of(hp: np.ndarray, ys_: slice, xs_: slice, reg: np.ndarray, ring: np.ndarray, shifts: list, *,
               min_ncc: float, agree: float = 0.75, search: int = 1, most: int = 8,
               max_samples: int = 1500) -> list[tuple[int, int]]:
    """The shifts, each refined within ``search`` px, under which the piece ``reg``
    (window mask at ``image[ys_, xs_]``, its background ``ring``) lands on a copy of
    itself. The normalised correlation of the high-pass ``hp`` over the piece
    (``max_samples`` of its pixels, evenly) with what lies there must be at least
    ``min_ncc`` and at least ``agree`` x what the same text under this texture would
    give: ``(E_piece - E_ring) / E_piece`` with ``E`` the mean squared high-pass
    (the text's share of the piece's energy: identical words correlate about that
    much, a median 0.9-1.4 x on the hard tune set's watermark, while a grid of
    different prices, or of words sharing letters, reaches 0.4-0.8 x; ``agree`` 0.75
    keeps the tune watermark's copies and leaves a synthetic price grid alone). A
    headline beside a watermark has no copies and is left alone either way. The
    ``most`` best, best first."""
    H, W = hp.shape
    yy, xx = np.nonzero(reg)
    if yy.size > max_samples:
        pick = np.linspace(0, yy.size - 1, max_samples).astype(np.int64)
        yy, xx = yy[pick], xx[pick]
    yy, xx = yy + ys_.start, xx + xs_.start
    a_all = hp[yy, xx]
    ry, rx = np.nonzero(ring)
    e_piece = float((a_all * a_all).mean()) if a_all.size else 0.0
    e_ring = float((hp[ry + ys_.start, rx + xs_.start] ** 2).mean()) if ry.size else 0.0
    need = max(min_ncc, agree * max(e_piece - e_ring, 0.0) / max(e_piece, 1e-6))
    out = []
    for dx, dy in shifts:
        best, arg = -1.0, None
        for ey in range(-search, search + 1):
            for ex in range(-search, search + 1):
                DX, DY = dx + ex, dy + ey
                ok = (xx + DX >= 0) & (xx + DX < W) & (yy + DY >= 0) & (yy + DY < H)
                if ok.sum() < 0.5 * yy.size:
                    continue
                a, b = a_all[ok], hp[yy[ok] + DY, xx[ok] + DX]
                v = float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum() + 1e-6))
                if v > best:
                    best, arg = v, (DX, DY)
        if arg is not None and best >= need:
            out.append((best, arg))
    out.sort(key=lambda t: -t[0])
    return [a for _v, a in out[:most]]


def _median_of_copies(image: np.ndarray, ys_: slice, xs_: slice, where: np.ndarray, shifts: list, *,
                      min_copies: int) -> np.ndarray | None:
    """The per-pixel median of the window ``image[ys_, xs_]`` and its copies moved by
    each of ``shifts`` ``(dx, dy)``, at the window's pixels ``where`` ``(h, w)`` bool
    (the others keep their own value): ``(h, w, 3)`` float32 RGB in [0, 1], or None
    when fewer than ``min_copies`` windows lie at least half inside the image. A copy
    counts where it is inside; pixels fewer than ``min_copies`` copies see keep their
    own."""
    H, W = image.shape[:2]
    hh, ww = ys_.stop - ys_.start, xs_.stop - xs_.start
    yy, xx = np.nonzero(where)
    yy, xx = yy + ys_.start, xx + xs_.start
    cols = [image[yy, xx].astype(np.float32)]
    for dx, dy in shifts:
        # a copy that leaves the image counts where it is inside (NaN elsewhere)
        a0, a1 = max(ys_.start + dy, 0), min(ys_.stop + dy, H)
        b0, b1 = max(xs_.start + dx, 0), min(xs_.stop + dx, W)
        if a1 <= a0 or b1 <= b0 or (a1 - a0) * (b1 - b0) < 0.5 * hh * ww:
            continue
        Y, X = yy + dy, xx + dx
        ok = (Y >= 0) & (Y < H) & (X >= 0) & (X < W)
        c = np.full((yy.size, 3), np.nan, np.float32)
        c[ok] = image[Y[ok], X[ok]]
        cols.append(c)
    if len(cols) < min_copies:
        return None
    # the median of the copies present at each pixel (NaN sorts last)
    st = np.sort(np.stack(cols, axis=-1), axis=-1)
    n = np.isfinite(st[:, 0]).sum(-1)
    lo = np.take_along_axis(st, np.maximum((n - 1) // 2, 0)[:, None, None], axis=-1)[..., 0]
    hi = np.take_along_axis(st, (n // 2)[:, None, None], axis=-1)[..., 0]
    med = image[ys_, xs_].astype(np.float32)
    few = n < min_copies
    med[yy[~few] - ys_.start, xx[~few] - xs_.start] = 0.5 * (lo + hi)[~few]
    return med * np.float32(1 / 255.0)


def _text_colours(lab: np.ndarray, pieces: list, *, k: int = 2, max_samples: int = 2000) -> np.ndarray | None:
    """A line's own glyph colours ``(n, 3)`` Lab (fill, outline, shadow): k-means of
    the inner half (away from the rim) of the glyphs found with confidence in
    ``pieces`` (``(window, region, glyph, dist)`` each), clusters of at least a tenth
    kept; None when fewer than 20 such pixels."""
    cores = []
    for win, reg, glyph, dist in pieces:
        on = glyph > 0
        if on.any():
            cores.append(lab[win][on & (dist >= np.median(dist[on]))])
    px = np.concatenate(cores) if cores else np.zeros((0, 3), np.float32)
    if px.shape[0] < 20:
        return None
    if px.shape[0] > max_samples:
        px = px[np.linspace(0, px.shape[0] - 1, max_samples).astype(np.int64)]
    centres, labels = _kmeans(px, min(k, px.shape[0]))
    return centres[np.bincount(labels, minlength=len(centres)) >= 0.1 * px.shape[0]]


def _glyphs_by_line_colour(lab: np.ndarray, region: np.ndarray, ring: np.ndarray, centres: np.ndarray, *,
                           height: float, max_delta: float, min_fraction: float, max_fraction: float,
                           max_ring_share: float = 0.02, rim: int = 1) -> np.ndarray | None:
    """Glyphs of a piece no background model decided (texture behind it), by the
    line's own glyph colours ``centres`` ``(n, 3)`` Lab (:func:`_text_colours`).

    ``lab`` ``(h, w, 3)`` float32 Lab window, ``region`` and ``ring`` ``(h, w)`` bool.
    Only where the colours tell text from this background: at most
    ``max_ring_share`` of the ring may lie within ``max_delta`` of a glyph colour
    (else the background has the text's colours and nothing is decided). Glyph
    pixels are within ``max_delta / 2`` of a glyph colour and nearer it than the
    local background estimate; connected pixels nearer a glyph colour than the
    background, within ``2 max_delta``, are added, as in ``_glyphs_in_crop``'s
    hysteresis; the glyphs are then grown by ``rim`` px inside the region (default 1:
    nearer-the-text-colour is an alpha above about one half, the truth's antialiased
    rim of thin fine print lies outside it; on the hard tune set's fine-print line on
    stripes, recall 0.79 without it, 0.91 with it), and their fraction of the region
    must lie in ``[min_fraction, max_fraction]``. Returns
    ``(h, w)`` uint8 or None (no reliable answer: implausible glyph fraction, too
    little ring, text colours in the ring).
    """
    ry, rx = np.nonzero(ring)
    gy, gx = np.nonzero(region)
    if ry.size < 12 or gy.size == 0 or centres is None or len(centres) == 0:
        return None
    if float(np.mean(_min_dist(lab[ry, rx], centres) < max_delta)) > max_ring_share:
        return None
    est, wb = _local_background(lab, ring, max(1.0, 0.5 * height))
    px = lab[gy, gx]
    d_text = _min_dist(px, centres)
    d_loc = np.sqrt(_sum3((est[gy, gx] - px) ** 2))
    d_loc[wb[gy, gx] < _MIN_SUPPORT] = np.inf
    nearer = d_text < d_loc
    glyph = np.zeros(region.shape, np.uint8)
    glyph[gy, gx] = nearer & (d_text < 0.5 * max_delta)
    weak = np.zeros(region.shape, np.uint8)
    weak[gy, gx] = nearer & (d_text < 2.0 * max_delta)
    k3 = np.ones((3, 3), np.uint8)
    for _ in range(max(2, int(round(0.1 * height)))):
        glyph = cv2.dilate(glyph, k3) & weak
    if rim > 0:
        glyph = cv2.dilate(glyph, _disk(rim)) & region.astype(np.uint8)
    frac = float(np.count_nonzero(glyph)) / gy.size
    if not (min_fraction <= frac <= max_fraction):
        return None
    return glyph


def _grow_by_text_colour(lab: np.ndarray, pieces: list, *, height: float, max_delta: float,
                         centres: np.ndarray | None = None):
    """Second pass over a line's pieces: the line's own glyph colours.

    A line keeps its colours (fill, outline, shadow) along its length, while the
    background changes; where a letter crosses a background of nearly its own colour
    (white letters over a white cup), the background models explain it away. The
    colours of the glyphs found with confidence (:func:`_text_colours`, or
    ``centres`` when given) are clustered; then, in each piece, pixels connected to its glyphs that are
    nearer a glyph colour than any background estimate, and within ``max_delta`` of
    it, are added. Yields ``(window, glyph)`` per piece.
    """
    if centres is None:
        centres = _text_colours(lab, pieces)
    if centres is None:
        return
    k3 = np.ones((3, 3), np.uint8)
    steps = max(2, int(round(0.1 * height)))
    for win, reg, glyph, dist in pieces:
        # only pixels the growth can reach are looked at
        reach = (cv2.dilate(glyph, _disk(steps)) > 0) & reg & (glyph == 0)
        ys, xs = np.nonzero(reach)
        if ys.size == 0:
            yield win, glyph
            continue
        d_text = np.sqrt(_min_cols(_sq_dist(lab[win][ys, xs], centres)))
        keep = (d_text < dist[ys, xs]) & (d_text < max_delta)
        cand = glyph.copy()
        cand[ys[keep], xs[keep]] = 1
        g = glyph
        for _ in range(steps):
            g = cv2.dilate(g, k3) & cand
        yield win, _fill_outlines(g, reg)
