#!/usr/bin/env python
"""Text-only calls to action ("Shop now ›", "Learn more →") as artifacts, with exact truth (issue 9).

Session 36 (links): on the lead's final check the artifacts ``--objects auto`` misses most are text
links: a word or two in a brand colour, an underline a little below them in the same ink, a chevron
or arrow beside them, on a photo or a gradient. The text source takes the letters; the underline and
the mark stay, so the link is not 90 % removed. This set draws them from first principles::

* ``button/link_under``: the words and an underline in their ink;
* ``button/link_mark``: the words and a small mark in their ink left or right of them;
* ``button/link_both``: the words, the mark and an underline.

A link's truth is its words, underline and mark (alpha > 0.1, as ``samples_artcheck.py``: its words
belong to it). Two creatives in three hold 1 - 2 links (and, one time in two, a nameplate or a shaded
badge of ``samples_artcheck6.py``); every creative may hold **look-alikes** that are the plate's, not a
link's: a headline with a rule under it in another colour (a table rule, running past it), or a thin
line across the whole frame in the headline's colour just under it (a photo's horizon, a wire); one
creative in three holds no link at all (``meta["decoys"]`` gives the look-alikes' boxes: what a rule
takes there is false).

The two halves differ by seed **and** by rule (words, fonts, marks, underlines, photos)::

* ``tune`` (seeds 171000+): a chevron or an arrow; the underline 0.06 - 0.10 of the text height
  thick, 0.08 - 0.22 of it under the words, under the words alone; photos ``coffee``, ``gravel``,
  ``motorcycle_left``; Nimbus Sans Bold / URW Bookman Demi / Nimbus Sans Narrow Bold;
* ``heldout`` (seeds 179000+): a "+", a circled arrow, a double chevron or a small solid triangle; the
  underline 0.04 - 0.12 thick, 0.15 - 0.35 under, under the words and the mark when it is right of
  them; photos ``rocket``, ``chelsea``, ``hubble_deep_field``; C059 Bold / URW Gothic Demi / P052 Bold.

::

    python scripts/samples_links.py --out /work/out/links [--split tune heldout] [--count 24]
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

import samples_artcheck6 as A6  # noqa: E402
from samples_artcheck import URW, _far, _font  # noqa: E402,F401  (URW: the tests' font check)

from creative_tools.bench.artifacts import SS, _shrink, place_headline  # noqa: E402

SPLITS = {"tune": 171000, "heldout": 179000}
COUNT = 24  # creatives per half
SHAPES = {"button": ("link_under", "link_mark", "link_both"), "logo": ("nameplate",), "badge": ("shaded",)}
RULES = {
    "tune": {"photos": ("coffee", "gravel", "motorcycle_left"),
             "fonts": ("NimbusSans-Bold.otf", "URWBookman-Demi.otf", "NimbusSansNarrow-Bold.otf"),
             "words": ("Shop now", "Learn more", "See all", "Discover", "Book a table", "Watch"),
             "marks": ("chevron", "arrow"), "under_gap": (0.15, 0.45), "under_w": (0.05, 0.12),
             "under_mark": False},
    "heldout": {"photos": ("rocket", "chelsea", "hubble_deep_field"),
                "fonts": ("C059-Bold.otf", "URWGothic-Demi.otf", "P052-Bold.otf"),
                "words": ("Read the story", "Get yours", "Find a store", "More", "Sign up", "Explore all"),
                "marks": ("plus", "circle_arrow", "double_chevron", "triangle"), "under_gap": (0.25, 0.55),
                "under_w": (0.04, 0.14), "under_mark": True},
}
PLATES = ("photo", "gradient", "flat")
HEADLINES = ("Made for mornings", "New season", "Built to move", "Weekend only", "Fresh picks")


def _mark(d: ImageDraw.ImageDraw, kind: str, x: float, cy: float, m: float, lw: int, ink) -> None:
    """A mark of width ``m`` whose left side is at ``x``, centred on ``cy`` (sprite px), in ``ink``."""
    if kind == "chevron":
        d.line([(x, cy - m / 2), (x + m * 0.55, cy), (x, cy + m / 2)], fill=ink, width=lw, joint="curve")
    elif kind == "double_chevron":
        for dx in (0.0, 0.45 * m):
            d.line([(x + dx, cy - m * 0.4), (x + dx + m * 0.42, cy), (x + dx, cy + m * 0.4)], fill=ink, width=lw,
                   joint="curve")
    elif kind == "arrow":
        d.line([(x, cy), (x + m, cy)], fill=ink, width=lw)
        d.line([(x + m * 0.62, cy - m * 0.36), (x + m, cy), (x + m * 0.62, cy + m * 0.36)], fill=ink, width=lw,
               joint="curve")
    elif kind == "plus":
        d.line([(x, cy), (x + m, cy)], fill=ink, width=lw)
        d.line([(x + m / 2, cy - m / 2), (x + m / 2, cy + m / 2)], fill=ink, width=lw)
    elif kind == "triangle":
        d.polygon([(x, cy - m * 0.45), (x + m * 0.7, cy), (x, cy + m * 0.45)], fill=ink)
    else:  # circle_arrow: a ring with a small arrow inside
        d.ellipse((x, cy - m / 2, x + m, cy + m / 2), outline=ink, width=lw)
        a, b = x + m * 0.28, x + m * 0.72
        d.line([(a, cy), (b, cy)], fill=ink, width=lw)
        d.line([(x + m * 0.52, cy - m * 0.2), (b, cy), (x + m * 0.52, cy + m * 0.2)], fill=ink, width=lw)


def _link(rng, rules, local, short: int, font_name: str) -> tuple[Image.Image, str, dict]:
    """A link's RGBA sprite at ``SS`` times the size, its shape name and what was drawn."""
    words = rules["words"][int(rng.integers(len(rules["words"])))]
    th = rng.uniform(0.032, 0.06) * short * SS  # the font's size
    font = _font(th, font_name)
    l, t, r, b = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), words, font=font)
    xl, xt, xr, xb = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), "x", font=font)  # the x-height
    cap = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), "H", font=font)
    base = cap[3]  # the baseline (sprite px from the text origin)
    xh = xb - xt
    ink = _far(rng, np.asarray(local), 230)
    under = rng.uniform() < 0.6
    has_mark = (not under) or rng.uniform() < 0.6
    shape = "link_both" if under and has_mark else "link_under" if under else "link_mark"
    mark = rules["marks"][int(rng.integers(len(rules["marks"])))] if has_mark else None
    side = "left" if rng.uniform() < 0.25 else "right"
    stroke = max(SS, int(round(rng.uniform(0.09, 0.14) * th)))
    m = (cap[3] - cap[1]) * rng.uniform(0.7, 1.1) if mark not in ("circle_arrow",) else (cap[3] - cap[1]) * 1.15
    gap = rng.uniform(0.35, 0.9) * th
    uw = max(SS, int(round(rng.uniform(*rules["under_w"]) * th)))
    ug = rng.uniform(*rules["under_gap"]) * th
    pad = 3 * SS
    mw = (m + gap) if mark else 0.0
    tw = r - l
    W = int(pad * 2 + tw + mw + lw_pad(stroke))
    H = int(pad * 2 + max(b, base + ug + uw + SS) - min(t, cap[1]) + m * 0.2)
    im = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    oy = pad - min(t, cap[1]) + m * 0.1
    tx = pad + (mw if side == "left" else 0.0) - l
    d.text((tx, oy), words, font=font, fill=ink + (255,))
    cy = oy + base - xh / 2 if mark != "circle_arrow" else oy + (cap[1] + cap[3]) / 2
    if mark:
        mx = pad if side == "left" else tx + r + gap
        _mark(d, mark, mx, cy, m, stroke, ink + (255,))
    if under:
        ux0, ux1 = tx + l, tx + r
        if rules["under_mark"] and mark and side == "right":
            ux1 = tx + r + gap + m
        uy = oy + base + ug
        d.rectangle((ux0, uy, ux1, uy + uw - 1), fill=ink + (255,))
    info = {"words": words, "mark": mark, "side": side if mark else None, "underline": under}
    return im, shape, info


def lw_pad(stroke: int) -> int:
    """Room right of a mark for its stroke's round end (sprite px)."""
    return 2 * stroke


def _decoy(canvas, occupied, bg, rng, rules, kind: str, short: int):
    """A look-alike the plate owns, beside a headline it draws: ``rule`` (a rule under the headline in another
    colour, running past it) or ``horizon`` (a thin line across the frame in the headline's ink, under it).
    Returns (canvas, text mask, decoy box) or (canvas, text, None) when no place was free."""
    H, W = occupied.shape
    f = _font(int(rng.integers(22, 40)), rules["fonts"][int(rng.integers(len(rules["fonts"])))])
    words = HEADLINES[int(rng.integers(len(HEADLINES)))]
    l, t, r, b = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), words, font=f)
    for _ in range(30):
        x = int(rng.integers(6, max(7, W - (r - l) - 6)))
        y = int(rng.integers(6, max(7, H - (b - t) - 30)))
        gap = int(round(rng.uniform(0.1, 0.3) * (b - t)))
        lw = int(rng.integers(1, 4))
        ly = y + b + gap
        if kind == "rule":
            x0, x1 = max(2, x + l - int(rng.uniform(0.2, 0.6) * (r - l))), min(W - 2, x + r + int(rng.uniform(0.2, 0.6) * (r - l)))
        else:
            x0, x1 = 0, W
        box = np.zeros((H, W), bool)
        box[max(0, y + t - 6):ly + lw + 6, max(0, min(x0, x + l) - 6):max(x1, x + r) + 6] = True
        if (box & occupied).any() or ly + lw >= H - 2:
            continue
        ink = np.array((255, 255, 255) if bg[y, x].mean() < 128 else (15, 15, 25), np.float64)
        col = ink if kind == "horizon" else np.asarray(_far(rng, ink, 200), np.float64)
        canvas[ly:ly + lw, x0:x1] = col  # the plate's own line: its layer is the plate (truth: none)
        bg[ly:ly + lw, x0:x1] = np.round(col).astype(np.uint8)
        ti = Image.new("L", (W, H), 0)
        ImageDraw.Draw(ti).text((x, y), words, font=f, fill=255)
        a = np.clip((np.asarray(ti, np.float64) / 255 - 0.1) / 0.9, 0, 1)[..., None]
        canvas = ink * a + canvas * (1 - a)
        occupied |= box
        return canvas, a[..., 0] > 0, (int(x0), int(ly), int(x1), int(ly + lw))
    return canvas, np.zeros((H, W), bool), None


def make_links(index: int, *, split: str = "tune"):
    """Creative ``index`` of a half (deterministic; see the module docstring).

    Raises
    ------
    ValueError
        For an unknown split.
    """
    from creative_tools.bench.artifacts import ArtifactCreative

    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    rules = RULES[split]
    rng = np.random.default_rng(SPLITS[split] + index)
    W, H = ((720, 540), (540, 720), (640, 640), (800, 450))[index % 4]
    pk = PLATES[index % len(PLATES)]
    bg = A6._plate(pk, (W, H), rng, rules["photos"])
    canvas = bg.astype(np.float64)
    occupied = np.zeros((H, W), bool)
    short = min(W, H)
    arts, links = [], []
    n_links = 0 if index % 3 == 2 else int(rng.integers(1, 3))
    for _ in range(n_links):
        font_name = rules["fonts"][int(rng.integers(len(rules["fonts"])))]
        info = {}

        def render(local, font_name=font_name, info=info):
            im, info["shape"], info["drawn"] = _link(rng, rules, local, short, font_name)
            return _shrink(im)

        art = A6._place(canvas, occupied, bg, rng, "button", "link", render)
        if art is not None:
            art.shape = info["shape"]
            arts.append(art)
            links.append(info["drawn"])
    if n_links and rng.uniform() < 0.5:  # another artifact beside the links
        a6 = A6.RULES[split]
        font_name = a6["fonts"][int(rng.integers(len(a6["fonts"])))]
        kind, shape = (("logo", "nameplate"), ("badge", "shaded"))[int(rng.integers(2))]

        def other(local, shape=shape, font_name=font_name):
            make = A6._nameplate if shape == "nameplate" else A6._shaded
            return _shrink(make(rng, a6, split, local, short, font_name))

        art = A6._place(canvas, occupied, bg, rng, kind, shape, other)
        if art is not None:
            arts.append(art)
    text = np.zeros((H, W), bool)
    decoys = []
    for _ in range(1 if n_links else 2):
        if rng.uniform() < (0.5 if n_links else 1.0):
            kind = ("rule", "horizon")[int(rng.integers(2))]
            canvas, t, box = _decoy(canvas, occupied, bg, rng, rules, kind, short)
            text |= t
            if box is not None:
                decoys.append({"kind": kind, "box": list(box)})
    if not decoys and rng.uniform() < 0.5:
        f = _font(int(rng.integers(26, 46)), rules["fonts"][int(rng.integers(len(rules["fonts"])))])
        canvas, t = place_headline(canvas, occupied, bg, rng, HEADLINES[int(rng.integers(len(HEADLINES)))], f)
        text |= t
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": pk, "size_wh": [W, H], "person": False, "headline": bool(text.any()),
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts], "links": links,
            "decoys": decoys}
    return ArtifactCreative(f"links_{split}_{index:03d}", split, image, bg, arts, np.zeros((H, W), bool), text, meta)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument("--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})")
    a = ap.parse_args(argv)
    from samples_artifacts import write_artifact_set

    metas = write_artifact_set(a.out, splits=a.split, count=a.count, make=make_links)
    print(f"{len(metas)} links creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
