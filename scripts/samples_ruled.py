#!/usr/bin/env python
"""Artifacts on rules, tables and stripes: the objects source's negatives for thin bars (issue 9 item 2).

The objects source's opt-in ``bars`` joins a thin straight bar that ends on a drawn shape to
it (a flag's pole, a slider's track). Real creatives put artifacts on lines that are **not**
theirs: a badge on a divider rule, a sticker on a table's grid, a button on a striped
awning, a logo in front of a fence or a power line. This split draws those, from first
principles, so that a joined bar shows up as false fill. The plate is a flat colour, a
gradient or a scikit-image photo with one *structure* drawn into it (all of it plate, never
truth):

* ``rules``: 1-4 divider rules and hairlines (1-3 px) across the frame, sometimes a vertical one;
* ``table``: a table's grid of cell borders (1-2 px), sometimes a filled header row;
* ``underline``: a headline (text truth) with a rule under it (the rule is plate);
* ``stripes``: a panel of parallel stripes (horizontal, vertical or diagonal);
* ``awning``: a band of vertical awning stripes with a scalloped edge;
* ``blinds``: window blinds: slats with a dark gap line, all over the frame;
* ``fence``: pickets and two rails over the lower part;
* ``barcode``: a barcode (bars of 1-4 px) in a white box;
* ``frame``: a frame border (one or two lines) inset from the edge;
* ``progress``: progress bars (a track and its filled part);
* ``chart``: a chart's axes, ticks, grid lines and a data line;
* ``cables``: poles and sagging cables over a photo or a sky.

Each creative has one of three roles, cycled by index: **negatives** (5 in 8): 1-2 real
artifacts (``creative_tools.bench.artifacts``'s badges, buttons and logos) laid ``on`` a line
of the structure (it runs on both sides), ``touching`` it (the artifact's outline meets the
line) or ``ended`` by it (a rule drawn from the frame's edge that stops under the artifact);
**no artifact** (2 in 8): the structure alone (every object pixel is false); **true
bars** (1 in 8): an artifact whose bar is its own, drawn here: a flag on its pole, a map pin
with its needle, a slider (track, filled part and knob). A headline in about half of the
creatives. Truth as elsewhere: an artifact is where its alpha is > 0.1; the image equals
the plate outside text | artifacts. Two halves by seed, ``tune`` (41000+) and ``heldout``
(53000+), :data:`COUNT` creatives each::

    python scripts/samples_ruled.py --out /work/out/s20/bars/ruled [--split tune heldout]

Measured when it was written (session 20, ``scripts/eval_objects.py``, ``auto`` defaults ->
``bars=True`` as main had it, untuned): tune 0.794 of artifacts >= 90 % removed either way,
fill precision 0.752 -> 0.729; held-out 0.781 either way, fill precision 0.589 -> 0.548,
the no-artifact creatives' false object pixels 0.23 % -> 0.24 %; the own bars (flag, pin,
slider) 1 of 4 removed >= 90 % on each half, with or without ``bars``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from creative_tools.bench import artifacts as A  # noqa: E402
from creative_tools.bench.artifacts import Artifact, ArtifactCreative  # noqa: E402

SPLITS = {"tune": 41000, "heldout": 53000}
COUNT = 32  # creatives per half; the halves' seeds stay disjoint up to 12000
STRUCTURES = ("rules", "table", "underline", "stripes", "awning", "blinds", "fence", "barcode", "frame",
              "progress", "chart", "cables")
ROLES = ("neg", "neg", "none", "neg", "bar", "neg", "none", "neg")  # cycled by index
MODES = ("on", "touching", "ended")
#: the artifacts laid on the lines: the generator's own shapes of every split
SHAPES = {
    "badge": ("circle", "star", "hexagon", "rosette", "outlined", "price_tag", "cloud", "star5", "heart", "bubble"),
    "button": ("rounded", "pill", "chip", "tab", "slanted", "gradient"),
    "logo": ("circle", "triangle", "ring", "diamond", "letter_mark", "cross", "squares", "crescent"),
}
BAR_SHAPES = ("flag", "pin", "slider")
PHOTOS = ("coffee", "chelsea", "rocket", "brick", "gravel", "grass", "camera")
WORDS = ("NEW", "SALE", "-20%", "TOP", "HOT", "GO")
SS = A.SS
CUT = A.ALPHA_CUT


def _rgb(rng) -> np.ndarray:
    return rng.integers(0, 256, 3).astype(np.float64)


def _contrast(rng, ref, d=120.0) -> np.ndarray:
    """A colour at least ``d`` (sum of channel differences) from ``ref``."""
    for _ in range(100):
        c = _rgb(rng)
        if np.abs(c - ref).sum() > d:
            return c
    return 255 - np.asarray(ref, np.float64)


def _base(kind, size, rng) -> np.ndarray:
    W, H = size
    if kind == "photo":
        img = A._photo(PHOTOS[int(rng.integers(len(PHOTOS)))], (W, H)).astype(np.float64)
        return img[:, ::-1] if rng.uniform() < 0.5 else img
    if kind == "gradient":
        return A._gradient((W, H), rng).astype(np.float64)
    return np.broadcast_to(np.array(A._colour(rng), np.float64), (H, W, 3)).copy()


def _ink(canvas, layer, colour):
    """Lay ``colour`` over ``canvas`` (float, in place) where the uint8 ``layer`` is drawn."""
    a = (layer.astype(np.float64) / 255)[..., None]
    canvas[:] = np.asarray(colour, np.float64) * a + canvas * (1 - a)


def _line(canvas, p, q, width, colour, keep_out=None):
    """An anti-aliased line from ``p`` to ``q`` (x, y), none of it on ``keep_out`` (bool)."""
    layer = np.zeros(canvas.shape[:2], np.uint8)
    cv2.line(layer, (int(p[0] * 16), int(p[1] * 16)), (int(q[0] * 16), int(q[1] * 16)), 255, max(1, int(width)),
             cv2.LINE_AA, 4)
    if keep_out is not None:
        layer[keep_out] = 0
    _ink(canvas, layer, colour)


def _structure(kind, canvas, rng, text_rows):
    """Draw the plate's structure into ``canvas`` (in place); returns its lines as
    ``(x0, y0, x1, y1, width)``: where the artifacts are laid."""
    H, W = canvas.shape[:2]
    local = canvas[H // 3:2 * H // 3, W // 3:2 * W // 3].reshape(-1, 3).mean(0)
    col = _contrast(rng, local)
    segs = []
    if kind == "rules":
        m = int(rng.integers(0, W // 8))
        for y in sorted(rng.choice(np.arange(H // 8, 7 * H // 8), int(rng.integers(1, 5)), replace=False)):
            w = int(rng.integers(1, 4))
            _line(canvas, (m, y), (W - 1 - m, y), w, col)
            segs.append((m, int(y), W - 1 - m, int(y), w))
        if rng.uniform() < 0.4:
            x = int(rng.integers(W // 4, 3 * W // 4))
            _line(canvas, (x, H // 10), (x, 9 * H // 10), 1, col)
            segs.append((x, H // 10, x, 9 * H // 10, 1))
    elif kind == "table":
        x0, y0 = int(rng.integers(8, W // 6)), int(rng.integers(8, H // 6))
        x1, y1 = W - int(rng.integers(8, W // 6)), H - int(rng.integers(8, H // 6))
        rows, cols = int(rng.integers(4, 9)), int(rng.integers(2, 6))
        w = int(rng.integers(1, 3))
        ys = np.linspace(y0, y1, rows + 1).astype(int)
        xs = np.linspace(x0, x1, cols + 1).astype(int)
        if rng.uniform() < 0.5:  # a filled header row
            canvas[ys[0]:ys[1], x0:x1] = 0.5 * canvas[ys[0]:ys[1], x0:x1] + 0.5 * _contrast(rng, col, 60)
        for y in ys:
            _line(canvas, (x0, y), (x1, y), w, col)
            segs.append((x0, int(y), x1, int(y), w))
        for x in xs:
            _line(canvas, (x, y0), (x, y1), w, col)
            segs.append((int(x), y0, int(x), y1, w))
    elif kind == "underline":
        for y, x0, x1 in text_rows:  # a rule under each headline, a little wider than it
            w = int(rng.integers(2, 5))
            a, b = max(4, x0 - int(rng.integers(0, 40))), min(W - 5, x1 + int(rng.integers(0, 120)))
            _line(canvas, (a, y + 6), (b, y + 6), w, col)
            segs.append((a, y + 6, b, y + 6, w))
        if not segs:
            y, w = int(rng.integers(H // 4, 3 * H // 4)), int(rng.integers(2, 5))
            _line(canvas, (W // 8, y), (W // 2 + W // 4, y), w, col)
            segs.append((W // 8, y, W // 2 + W // 4, y, w))
    elif kind in ("stripes", "awning", "blinds", "fence"):
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
        c2 = _contrast(rng, col, 90)
        if kind == "stripes":  # a panel of stripes
            px0, py0 = int(rng.integers(0, W // 3)), int(rng.integers(0, H // 3))
            px1, py1 = px0 + int(rng.uniform(0.4, 0.7) * W), py0 + int(rng.uniform(0.4, 0.7) * H)
            ang = float(rng.choice([0.0, np.pi / 2, np.pi / 4, -np.pi / 4]))
            per, duty = rng.uniform(8, 30), rng.uniform(0.25, 0.5)
            u = xx * np.cos(ang) + yy * np.sin(ang)
            t = ((u % per) < per * duty) & (xx >= px0) & (xx < px1) & (yy >= py0) & (yy < py1)
            step = np.array([np.cos(ang), np.sin(ang)])
            for k in range(1, 6):  # lines across the panel's middle, as anchors
                cx, cy = (px0 + px1) / 2 + (k - 3) * per * step[0], (py0 + py1) / 2 + (k - 3) * per * step[1]
                d = np.array([-step[1], step[0]]) * min(px1 - px0, py1 - py0) / 2
                segs.append((int(cx - d[0]), int(cy - d[1]), int(cx + d[0]), int(cy + d[1]), int(per * duty)))
        elif kind == "awning":  # vertical stripes over the top band, scalloped lower edge
            band, per = rng.uniform(0.25, 0.45) * H, rng.uniform(24, 50)
            edge = band + 0.18 * per * np.abs(np.sin(np.pi * xx / per))
            t = (yy < edge)
            canvas[t] = c2
            t &= (xx % per) < per / 2
            for k in range(1, int(W / per)):
                segs.append((int(k * per), 0, int(k * per), int(band), int(per / 2)))
        elif kind == "blinds":  # slats all over the frame
            per = rng.uniform(8, 18)
            shade = 0.85 + 0.15 * np.cos(2 * np.pi * (yy % per) / per)
            canvas *= shade[..., None]
            t = (yy % per) < rng.uniform(1, 2.5)
            for k in range(1, int(H / per)):
                segs.append((0, int(k * per), W - 1, int(k * per), 2))
        else:  # fence: pickets and two rails over the lower part
            top, per = rng.uniform(0.35, 0.6) * H, rng.uniform(18, 34)
            pw = per * rng.uniform(0.35, 0.6)
            t = (yy > top + 8 * np.abs(((xx % per) - pw / 2) / pw)) & ((xx % per) < pw)
            for r in (rng.uniform(0.1, 0.3), rng.uniform(0.6, 0.85)):
                ry = top + r * (H - top)
                t |= np.abs(yy - ry) < 4
                segs.append((0, int(ry), W - 1, int(ry), 8))
            for k in range(1, int(W / per)):
                segs.append((int(k * per + pw / 2), int(top), int(k * per + pw / 2), H - 1, int(pw)))
        a = cv2.GaussianBlur(t.astype(np.float64), (0, 0), 0.6)[..., None]
        canvas[:] = col * a + canvas * (1 - a)
    elif kind == "barcode":
        bw, bh = int(rng.uniform(0.22, 0.4) * W), int(rng.uniform(0.12, 0.22) * H)
        x0, y0 = int(rng.integers(8, W - bw - 8)), int(rng.integers(8, H - bh - 8))
        canvas[y0:y0 + bh, x0:x0 + bw] = 250
        x = x0 + 8
        while x < x0 + bw - 8:
            w = int(rng.integers(1, 5))
            if rng.uniform() < 0.55:
                canvas[y0 + 6:y0 + bh - 6, x:min(x + w, x0 + bw - 8)] = 15
                if w >= 2:
                    segs.append((x, y0 + 6, x, y0 + bh - 7, w))
            x += w
    elif kind == "frame":
        m, w = int(rng.integers(6, 30)), int(rng.integers(2, 7))
        corners = [(m, m), (W - 1 - m, m), (W - 1 - m, H - 1 - m), (m, H - 1 - m)]
        for k in range(4):
            _line(canvas, corners[k], corners[(k + 1) % 4], w, col)
            segs.append((*corners[k], *corners[(k + 1) % 4], w))
        if rng.uniform() < 0.5:  # a second, thinner line inside
            m2 = m + w + int(rng.integers(3, 8))
            c2 = [(m2, m2), (W - 1 - m2, m2), (W - 1 - m2, H - 1 - m2), (m2, H - 1 - m2)]
            for k in range(4):
                _line(canvas, c2[k], c2[(k + 1) % 4], 1, col)
    elif kind == "progress":
        for _ in range(int(rng.integers(1, 4))):
            h, L = int(rng.integers(5, 14)), int(rng.uniform(0.4, 0.8) * W)
            x0, y0 = int(rng.integers(10, W - L - 10)), int(rng.integers(H // 8, 7 * H // 8))
            layer = Image.new("L", (W * SS, H * SS), 0)
            ImageDraw.Draw(layer).rounded_rectangle([x0 * SS, y0 * SS, (x0 + L) * SS, (y0 + h) * SS], h * SS // 2,
                                                   fill=255)
            lay = cv2.resize(np.asarray(layer), (W, H), interpolation=cv2.INTER_AREA)
            _ink(canvas, lay, 0.5 * col + 0.5 * canvas[y0, x0])
            f = int(L * rng.uniform(0.2, 0.9))
            lay2 = lay.copy()
            lay2[:, x0 + f:] = 0
            _ink(canvas, lay2, col)
            segs.append((x0, y0 + h // 2, x0 + L, y0 + h // 2, h))
    elif kind == "chart":
        x0, y1 = int(rng.integers(30, W // 5)), H - int(rng.integers(30, H // 5))
        x1, y0 = W - int(rng.integers(20, W // 6)), int(rng.integers(20, H // 5))
        light = 0.55 * canvas[y0, x0] + 0.45 * col
        for y in np.linspace(y0, y1, int(rng.integers(3, 7)))[:-1]:
            _line(canvas, (x0, y), (x1, y), 1, light)
            segs.append((x0, int(y), x1, int(y), 1))
        _line(canvas, (x0, y0), (x0, y1), 2, col)
        _line(canvas, (x0, y1), (x1, y1), 2, col)
        segs += [(x0, y0, x0, y1, 2), (x0, y1, x1, y1, 2)]
        for x in np.linspace(x0, x1, int(rng.integers(4, 10))):
            _line(canvas, (x, y1), (x, y1 + 6), 1, col)
        pts = np.stack([np.linspace(x0, x1, 12), rng.uniform(y0, y1, 12)], 1)
        dc = _contrast(rng, col, 100)
        for p, q in zip(pts[:-1], pts[1:]):
            _line(canvas, p, q, 2, dc)
    else:  # cables: poles and sagging cables
        dark = np.array((30.0, 30.0, 35.0)) if local.mean() > 90 else np.array((225.0, 225.0, 220.0))
        poles = sorted(rng.uniform(0.1, 0.9, int(rng.integers(1, 3))) * W)
        for x in poles:
            w = int(rng.integers(4, 10))
            _line(canvas, (x, rng.uniform(0.05, 0.2) * H), (x + rng.uniform(-6, 6), H - 1), w, dark)
            segs.append((int(x), int(0.2 * H), int(x), H - 1, w))
            _line(canvas, (x - 30, 0.2 * H + 6), (x + 30, 0.2 * H + 6), 4, dark)  # the crossarm
        for k in range(int(rng.integers(2, 5))):
            y, sag = (0.2 + 0.05 * k) * H, rng.uniform(10, 50)
            xs = np.linspace(0, W - 1, 40)
            ys = y + sag * (1 - (2 * xs / (W - 1) - 1) ** 2)
            for p, q in zip(zip(xs[:-1], ys[:-1]), zip(xs[1:], ys[1:])):
                _line(canvas, p, q, int(rng.integers(1, 3)), dark)
            segs.append((0, int(y), W - 1, int(y), 1))
    return segs


def _bar_sprite(shape, rng, local):
    """An artifact whose bar is its own, drawn at ``SS`` x: (colour, alpha) as :func:`A._shrink`."""
    col = tuple(int(v) for v in _contrast(rng, local, 170))
    ink = (255, 255, 255) if sum(col) < 380 else (20, 20, 30)
    metal = (120, 120, 128) if np.mean(local) > 110 else (200, 200, 205)
    font = A._font(A.FONTS[int(rng.integers(len(A.FONTS)))], int(rng.integers(14, 22)) * SS)
    word = WORDS[int(rng.integers(len(WORDS)))]
    if shape == "flag":
        fw, fh = int(rng.uniform(60, 110)) * SS, int(rng.uniform(36, 60)) * SS
        pw, ph = int(rng.uniform(3, 6)) * SS, int(fh * rng.uniform(2.0, 3.2))
        W, H = fw + pw + 4 * SS, ph + 8 * SS
        im = Image.new("RGBA", (W, H), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        d.rectangle([2 * SS, 6 * SS, 2 * SS + pw, H - 1], fill=metal)
        d.ellipse([0, 0, pw + 4 * SS, 8 * SS], fill=metal)
        x0, y0 = 2 * SS + pw, 8 * SS
        if rng.uniform() < 0.5:
            d.polygon([(x0, y0), (x0 + fw, y0 + fh // 2), (x0, y0 + fh)], fill=col)  # a pennant
            d.text((x0 + fw // 3, y0 + fh // 2), word, font=font, fill=ink, anchor="mm")
        else:
            d.rectangle([x0, y0, x0 + fw, y0 + fh], fill=col)
            d.text((x0 + fw // 2, y0 + fh // 2), word, font=font, fill=ink, anchor="mm")
    elif shape == "pin":
        r = int(rng.uniform(10, 20)) * SS
        nl, nw = int(r * rng.uniform(1.5, 3.0)), int(rng.uniform(2, 4)) * SS
        W, H = 2 * r + 4 * SS, 2 * r + nl + 4 * SS
        im = Image.new("RGBA", (W, H), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        cx = W // 2
        d.rectangle([cx - nw // 2, r, cx + nw // 2, H - 2 * SS], fill=metal)
        d.ellipse([cx - r, 2 * SS, cx + r, 2 * SS + 2 * r], fill=col)
        q = r // 3
        d.ellipse([cx - r // 2 - q // 2, 2 * SS + r // 2 - q // 2, cx - r // 2 + q // 2, 2 * SS + r // 2 + q // 2],
                  fill=(255, 255, 255))
        if rng.uniform() < 0.5:
            im = im.rotate(float(rng.uniform(-35, 35)), resample=Image.BICUBIC, expand=True)
    else:  # slider: a track, its filled part and a knob
        L, th = int(rng.uniform(120, 240)) * SS, int(rng.uniform(4, 9)) * SS
        kr = int(rng.uniform(8, 14)) * SS
        W, H = L + 2 * kr + 4 * SS, 2 * kr + 4 * SS
        im = Image.new("RGBA", (W, H), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        cy, x0 = H // 2, kr + 2 * SS
        d.rounded_rectangle([x0, cy - th // 2, x0 + L, cy + th // 2], th // 2, fill=metal)
        k = x0 + int(L * rng.uniform(0.2, 0.8))
        d.rounded_rectangle([x0, cy - th // 2, k, cy + th // 2], th // 2, fill=col)
        d.ellipse([k - kr, cy - kr, k + kr, cy + kr], fill=(250, 250, 250), outline=col, width=max(SS, kr // 4))
    return A._shrink(im)


def _lay(canvas, occupied, colour, alpha, y0, x0, kind, shape):
    """Composite the sprite at ``(x0, y0)`` if it fits the frame and misses ``occupied``; the
    :class:`Artifact` or ``None``."""
    H, W = occupied.shape
    h, w = alpha.shape
    if y0 < 1 or x0 < 1 or y0 + h >= H - 1 or x0 + w >= W - 1:
        return None
    m = alpha > CUT
    if (occupied[y0:y0 + h, x0:x0 + w] & cv2.dilate(m.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)).any():
        return None
    full = A._composite(canvas, colour, alpha, y0, x0)
    occupied |= full
    ys, xs = np.nonzero(full)
    return Artifact(kind, shape, full, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))


def _on_line(canvas, occupied, rng, segs, kind, shape, mode, bar_sprite=False):
    """Lay one artifact on a line of ``segs`` (``mode``: on / touching / ended); up to 30 tries."""
    H, W = occupied.shape
    for _ in range(30):
        x0, y0, x1, y1, lw = segs[int(rng.integers(len(segs)))]
        t = rng.uniform(0.15, 0.85)
        px, py = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        local = canvas[max(0, int(py) - 20):int(py) + 20, max(0, int(px) - 20):int(px) + 20].reshape(-1, 3).mean(0)
        if bar_sprite:
            colour, alpha = _bar_sprite(shape, rng, local)
        else:
            colour, alpha = A._render(kind, shape, rng, avoid=local)
        h, w = alpha.shape
        m = alpha > CUT
        if mode == "touching":  # the artifact's outline meets the line: beside it, along its normal
            horiz = abs(x1 - x0) >= abs(y1 - y0)
            if horiz:
                cols = np.nonzero(m.any(0))[0]
                c = int(cols[len(cols) // 2])
                rows = np.nonzero(m[:, c])[0]
                above = rng.uniform() < 0.5
                oy = py - lw / 2 - rows.max() - 1 if above else py + lw / 2 - rows.min()
                ty, tx = int(round(oy)), int(round(px - c))
            else:
                rows = np.nonzero(m.any(1))[0]
                r = int(rows[len(rows) // 2])
                cs = np.nonzero(m[r])[0]
                left = rng.uniform() < 0.5
                ox = px - lw / 2 - cs.max() - 1 if left else px + lw / 2 - cs.min()
                ty, tx = int(round(py - r)), int(round(ox))
        else:  # on the line (ended: a rule is drawn up to the artifact's middle below)
            ty = int(round(py - h / 2 + rng.uniform(-0.25, 0.25) * h))
            tx = int(round(px - w / 2 + rng.uniform(-0.25, 0.25) * w))
        before = canvas.copy()
        if mode == "ended":  # a rule from an edge of the frame to the artifact's middle, under it
            cy, cx = ty + h / 2, tx + w / 2
            end = [(0, cy), (W - 1, cy), (cx, 0), (cx, H - 1)][int(rng.integers(4))]
            _line(canvas, end, (cx, cy), int(rng.integers(1, 5)), _contrast(rng, local, 140), keep_out=occupied)
        art = _lay(canvas, occupied, colour, alpha, ty, tx, kind, shape)
        if art is not None:
            return art
        canvas[:] = before
    return None


def make_ruled(index: int, *, split: str = "tune") -> ArtifactCreative:
    """Creative ``index`` of a ruled half (deterministic; see the module docstring).

    Raises
    ------
    ValueError
        For an unknown split.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    rng = np.random.default_rng(SPLITS[split] + index)
    W, H = ((640, 480), (480, 640), (600, 600), (728, 420))[index % 4]
    structure = STRUCTURES[index % len(STRUCTURES)]
    role = ROLES[index % len(ROLES)]
    base = ("photo", "gradient", "flat")[int(rng.integers(3))]
    if structure == "cables" and base == "flat":
        base = "gradient"  # a sky
    canvas = _base(base, (W, H), rng)
    occupied = np.zeros((H, W), bool)
    text = np.zeros((H, W), bool)
    rows = []
    plate = canvas.copy()
    if structure == "underline" or rng.uniform() < 0.45:  # the headline first: the rules go under it
        bg0 = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
        f = A._font(A.FONTS[int(rng.integers(len(A.FONTS)))], int(rng.integers(24, 42)))
        canvas, text = A.place_headline(canvas, occupied, bg0, rng, A.HEADLINES[int(rng.integers(len(A.HEADLINES)))],
                                        f)
        if text.any():
            ys, xs = np.nonzero(text)
            rows.append((int(ys.max()), int(xs.min()), int(xs.max())))
            occupied |= cv2.dilate(text.view(np.uint8), np.ones((15, 15), np.uint8)).astype(bool)
    # the structure is plate: drawn on the plate, the headline's pixels stay on top
    segs = _structure(structure, plate, np.random.default_rng([SPLITS[split], index, 5]), rows)
    canvas = np.where(text[..., None], canvas, plate)
    arts = []
    if role == "neg":
        for k in range(int(rng.integers(1, 3))):
            kind = ("badge", "button", "logo")[(index + k) % 3]
            shape = SHAPES[kind][int(rng.integers(len(SHAPES[kind])))]
            mode = MODES[(index // len(ROLES) + k) % len(MODES)]
            if mode == "ended":
                plate_before = canvas.copy()
            art = _on_line(canvas, occupied, rng, segs, kind, shape, mode)
            if art is not None:
                if mode == "ended":  # the drawn rule belongs to the plate: copy it there, outside the artifact
                    drawn = (np.abs(canvas - plate_before).sum(-1) > 0) & ~art.mask
                    plate[drawn] = canvas[drawn]
                arts.append(art)
    elif role == "bar":
        shape = BAR_SHAPES[(index // len(ROLES)) % len(BAR_SHAPES)]
        kind = "button" if shape == "slider" else "badge" if shape == "flag" else "logo"
        art = _on_line(canvas, occupied, rng, segs, kind, shape, "on", bar_sprite=True)
        if art is not None:
            arts.append(art)
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    background = np.clip(np.round(plate), 0, 255).astype(np.uint8)
    person = np.zeros((H, W), bool)
    meta = {"background": base, "structure": structure, "role": role, "size_wh": [W, H],
            "headline": bool(text.any()),
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts]}
    return ArtifactCreative(f"ruled_{split}_{index:03d}", split, image, background, arts, person, text, meta)


def write_ruled(out: Path, *, splits=tuple(SPLITS), count: int = COUNT) -> list[dict]:
    """Write both halves in the data layout of ``samples_artifacts.write_artifact_set``."""
    from samples_artifacts import write_artifact_set

    return write_artifact_set(out, splits=splits, count=count, make=make_ruled)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument("--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})")
    a = ap.parse_args(argv)
    metas = write_ruled(a.out, splits=a.split, count=a.count)
    print(f"{len(metas)} ruled creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
