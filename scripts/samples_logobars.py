#!/usr/bin/env python
"""Logos whose mark is several separate parts, beside a wordmark or alone (issue 9 items 2, 5).

A mark of several parts (rising bars, columns, dots, stripes, chevrons) is the objects source's
largest miss by class on the fresh split (session 32's standing); artcheck's ``multipart``
logos are removed on its tune half, so this set draws the class with its own rules, at sizes
0.04 - 0.2 of the creative's short side, in one or two flat colours (one part in a second
colour), on flat, gradient and photo plates, beside a wordmark (right of the mark or under
it) or alone, with a headline (text, not an artifact) elsewhere.

The two halves differ by seed **and** by rule::

* ``tune`` (seeds 61000+): rising bars, equal columns, a row of dots, stacked stripes,
  stacked chevrons; photos ``motorcycle_right``, ``retina``, ``coins``; DejaVu / Nimbus fonts;
* ``heldout`` (seeds 67000+): falling steps, a 2 x 2 grid of squares, a triangle of dots,
  slanted parallelogram stripes, nested arcs (a wifi sign); photos ``moon``, ``chelsea``,
  ``rocket``; C059 / URW Gothic fonts.

Truth as in ``samples_artcheck.py``: an artifact is where its alpha is > 0.1, its wordmark
belongs to it; the image equals the plate outside person | text | artifacts::

    python scripts/samples_logobars.py --out /work/out/logobars [--split tune heldout] [--count 48]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from samples_artcheck import _col, _far, _font

from creative_tools.bench.artifacts import (
    ALPHA_CUT,
    SS,
    ArtifactCreative,
    _photo,
    _shrink,
    place_artifact,
    place_headline,
)

SPLITS = {"tune": 61000, "heldout": 67000}
COUNT = 48  # creatives per half
RULES = {
    "tune": {"marks": ("bars", "columns", "dots", "stripes", "chevrons"),
                 "photos": ("motorcycle_right", "retina", "coins"),
                 "fonts": ("NimbusSans-Bold.otf", "NimbusSansNarrow-Bold.otf", "URWBookman-Demi.otf")},
    "heldout": {"marks": ("steps", "grid", "dot_triangle", "slants", "arcs"),
                    "photos": ("moon", "chelsea", "rocket"),
                    "fonts": ("C059-Bold.otf", "URWGothic-Demi.otf", "P052-Bold.otf")},
}
PLATES = ("flat", "gradient", "photo")
BRANDS = ("Northwind", "LUMA", "kestrel", "Arbor & Co", "FIELD", "tandem", "Octave")


def _plate(kind: str, size, rng, photos) -> np.ndarray:
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    if kind == "photo":
        return _photo(photos[int(rng.integers(len(photos)))], size)
    if kind == "flat":
        return np.broadcast_to(_col(rng), (H, W, 3)).astype(np.uint8).copy()
    c0, c1 = _col(rng), _col(rng)
    a = rng.uniform(0, np.pi)
    t = np.cos(a) * xx / W + np.sin(a) * yy / H
    t = (t - t.min()) / max(1e-9, np.ptp(t))
    return np.clip(c0 * (1 - t[..., None]) + c1 * t[..., None] + rng.normal(0, 1.0, (H, W, 3)), 0, 255).astype(np.uint8)


def _parts(mark: str, m: float, n: int) -> list:
    """The parts of a mark of side ``m`` (sprite px) as ``("rect" | "ellipse" | "poly", coords)``."""
    out = []
    if mark == "bars":  # rising bars
        w = m / (n * 1.4 - 0.4)
        for i in range(n):
            h = m * (0.4 + 0.6 * i / max(1, n - 1))
            out.append(("rect", [i * 1.4 * w, m - h, i * 1.4 * w + w, m]))
    elif mark == "columns":  # equal columns
        w = m / (n * 1.5 - 0.5)
        out += [("rect", [i * 1.5 * w, 0, i * 1.5 * w + w, m]) for i in range(n)]
    elif mark == "dots":  # a row of dots
        d = m / (n * 1.3 - 0.3)
        out += [("ellipse", [i * 1.3 * d, (m - d) / 2, i * 1.3 * d + d, (m + d) / 2]) for i in range(n)]
    elif mark == "stripes":  # stacked stripes
        h = m / (n * 1.6 - 0.6)
        out += [("rect", [0, i * 1.6 * h, m, i * 1.6 * h + h]) for i in range(n)]
    elif mark == "chevrons":  # stacked chevrons pointing down
        t = m / (n * 1.2 + 0.6)
        for i in range(n):
            y = i * 1.2 * t
            out.append(("poly", [(0, y), (m / 2, y + 0.6 * t), (m, y), (m, y + t), (m / 2, y + 1.6 * t), (0, y + t)]))
    elif mark == "steps":  # falling steps
        w = m / (n * 1.3 - 0.3)
        for i in range(n):
            h = m * (1.0 - 0.55 * i / max(1, n - 1))
            out.append(("rect", [i * 1.3 * w, 0, i * 1.3 * w + w, h]))
    elif mark == "grid":  # a 2 x 2 grid of squares
        s = m * 0.44
        out += [("rect", [x, y, x + s, y + s]) for x in (0, m - s) for y in (0, m - s)]
    elif mark == "dot_triangle":  # three dots in a triangle
        d = m * 0.42
        out += [("ellipse", [x, y, x + d, y + d]) for x, y in ((m / 2 - d / 2, 0), (0, m - d), (m - d, m - d))]
    elif mark == "slants":  # slanted parallelograms
        w = m / (n * 1.6)
        for i in range(n):
            x = i * 1.6 * w
            out.append(("poly", [(x + 0.5 * w, 0), (x + 1.5 * w, 0), (x + w, m), (x, m)]))
    else:  # arcs: nested quarter rings and a dot (a wifi sign)
        for i in range(n):
            r = m * (0.25 + 0.75 * (i + 1) / n)
            out.append(("arc", [m - r, m - r, m + r, m + r, max(2.0, m * 0.11)]))
        out.append(("ellipse", [m - 0.18 * m, m - 0.18 * m, m + 0.02 * m, m + 0.02 * m]))
    return out


def _logo(rng, rules, local, short: int):
    """One logo sprite (RGBA at SS x) and its shape name, e.g. ``bars2_word``."""
    mark = rules["marks"][int(rng.integers(len(rules["marks"])))]
    m = rng.uniform(0.04, 0.2) * short * SS
    n = int(rng.integers(3, 5)) if mark not in ("grid", "dot_triangle") else 4
    col = _far(rng, np.asarray(local), 200)
    two = rng.uniform() < 0.5
    col2 = col
    if two:  # a second colour apart from the first and from the plate
        for _ in range(50):
            col2 = _far(rng, np.asarray(col), 150)
            if np.abs(np.asarray(col2) - np.asarray(local)).sum() > 150:
                break
    word = rng.uniform() < 0.7
    below = word and rng.uniform() < 0.3
    name = BRANDS[int(rng.integers(len(BRANDS)))]
    font = _font(0.55 * m if not below else 0.32 * m, rules["fonts"][int(rng.integers(len(rules["fonts"])))])
    probe = ImageDraw.Draw(Image.new("L", (8, 8)))
    left, top, right, bot = probe.textbbox((0, 0), name, font=font)
    tw, th = right - left, bot - top
    gap = 0.25 * m
    ext = 1.25 if mark == "arcs" else 1.0  # the arcs reach past the mark's box (cropped below)
    if not word:
        size = (m * ext, m * ext)
    elif below:
        size = (max(m * ext, tw), m * ext + gap + th)
    else:
        size = (m * ext + gap + tw, max(m * ext, th))
    im = Image.new("RGBA", (int(size[0] + 8 * SS), int(size[1] + 8 * SS)), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    ox = 2 * SS + ((size[0] - m * ext) / 2 if below else 0)
    oy = 2 * SS + ((size[1] - m * ext) / 2 if word and not below else 0)
    parts = _parts(mark, m, n)
    odd = int(rng.integers(len(parts)))
    for i, (kind, c) in enumerate(parts):
        fill = (col2 if i == odd else col) + (255,)
        if kind == "rect":
            d.rectangle([c[0] + ox, c[1] + oy, c[2] + ox, c[3] + oy], fill=fill)
        elif kind == "ellipse":
            d.ellipse([c[0] + ox, c[1] + oy, c[2] + ox, c[3] + oy], fill=fill)
        elif kind == "poly":
            d.polygon([(x + ox, y + oy) for x, y in c], fill=fill)
        else:  # arc: the quarter ring up-right of the corner (m, m), shifted so the mark starts at ox
            x0, y0, x1, y1, w = c
            s = -0.25 * m  # the arcs' box starts left of the mark's corner
            d.arc([x0 + ox - s, y0 + oy - s, x1 + ox - s, y1 + oy - s], 180, 270, fill=fill, width=int(w))
    if word:
        if below:
            tx, ty = 2 * SS + (size[0] - tw) / 2, 2 * SS + m * ext + gap
        else:
            tx, ty = 2 * SS + m * ext + gap, 2 * SS + (size[1] - th) / 2
        d.text((tx - left, ty - top), name, font=font, fill=col + (255,))
    bb = im.getbbox()
    cx, cy = bb[0] - bb[0] % SS, bb[1] - bb[1] % SS
    im = im.crop((cx, cy, bb[2] + SS, bb[3] + SS))
    shape = f"{mark}{2 if two else 1}_{'below' if below else 'word' if word else 'alone'}"
    # the mark's box in the shrunk sprite's px (the arcs' reach included)
    mark_box = [(ox - cx) / SS, (oy - cy) / SS, (ox + m * ext - cx) / SS, (oy + m * ext - cy) / SS]
    return im, shape, mark_box


def make_logobars(index: int, *, split: str = "tune") -> ArtifactCreative:
    """Creative ``index`` of a half (deterministic; see the module docstring).

    Raises
    ------
    ValueError
        For an unknown split.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    rules = RULES[split]
    rng = np.random.default_rng(SPLITS[split] + index)
    W, H = ((720, 540), (540, 720), (640, 640), (800, 450))[index % 4]
    pk = PLATES[index % 3]
    bg = _plate(pk, (W, H), rng, rules["photos"])
    canvas = bg.astype(np.float64)
    occupied = np.zeros((H, W), bool)
    arts, marks = [], []
    for _ in range(int(rng.integers(1, 3))):
        box = {}

        def render(local, box=box):
            im, box["shape"], box["mark"] = _logo(rng, rules, local, min(W, H))
            colour, box["alpha"] = _shrink(im)
            return colour, box["alpha"]

        art = place_artifact(canvas, occupied, bg, rng, "logo", "", render)
        if art is not None:
            art.shape = box["shape"]
            ys, xs = np.nonzero(box["alpha"] > ALPHA_CUT)  # the sprite's origin in the image
            X, Y = art.box[0] - xs.min(), art.box[1] - ys.min()
            mx0, my0, mx1, my1 = box["mark"]
            marks.append([int(X + mx0), int(Y + my0), int(np.ceil(X + mx1)), int(np.ceil(Y + my1))])
            arts.append(art)
    f = _font(int(rng.integers(26, 46)), rules["fonts"][int(rng.integers(len(rules["fonts"])))])
    words = ("Made for mornings", "New season", "Built to move", "Weekend only")[int(rng.integers(4))]
    canvas, text = place_headline(canvas, occupied, bg, rng, words, f)
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": pk, "size_wh": [W, H], "person": False,
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box), "mark_box": mb}
                          for a, mb in zip(arts, marks)]}
    return ArtifactCreative(f"logobars_{split}_{index:03d}", split, image, bg, arts, np.zeros((H, W), bool), text, meta)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument("--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})")
    a = ap.parse_args(argv)
    from samples_artifacts import write_artifact_set

    metas = write_artifact_set(a.out, splits=a.split, count=a.count, make=make_logobars)
    print(f"{len(metas)} logobars creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
