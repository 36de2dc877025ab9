#!/usr/bin/env python
"""Write ``textcheck2``: ad text drawn by a third hand, apart from samples_hard and textcheck.

``samples_hard`` and ``textcheck`` share one drawing routine (``samples_hard.compose_text``);
a text stage tuned on them can learn that hand. This set draws with its own code (PIL glyphs,
its own layer stack, alpha compositing, word quads and grounds; nothing imported from the
other generators) what real ads carry (``../shared/eval/ads_nogt``, looked at, never copied):
price blocks (big numeral, small raised cents, a struck-out old price, a star), two-tone
headlines on a highlight box, gradient-filled and photo-filled letters, text on a
translucent plate over a photo, stacked mixed sizes in condensed caps with tight tracking,
@handles / #hashtags / URLs in a corner with a 6-8 px legal line, CJK and Latin mixed in one
line on a coloured stripe, vertical banner text, a round badge with a percent sign larger
than its digits and words along its edge, words knocked out of a plate, neon glow in a
script face. Twelve classes, two creatives per class and half (2 x 24)::

    python scripts/samples_textcheck2.py --out /work/out/textdet/tc2_tune --split tune
    python scripts/samples_textcheck2.py --out /work/out/textdet/tc2_heldout --split heldout

Exact truth in the ``data/`` layout: ``truth/<stem>/text_mask.png`` = composited text alpha
> 0.1 (fill, outline, strike line, glow; weaker alpha is clipped, so the creative equals
``background.png`` exactly outside it), ``meta.json`` ``words[]`` = one minimum-area
rectangle per word of its own ink (fill + outline, no glow; a badge's edge words as one), with its string (``###`` when
the frame cuts it). Plates, stripes, badges and highlight boxes are graphics: they belong to
the background. The halves use different faces (URW / Nimbus / Z003 on tune, Liberation /
URW Bookman / P052 on held-out), words, palettes, photos and seeds; the held-out half is
only reported, never tuned on. Needs the Debian fonts fonts-urw-base35, fonts-liberation
and fonts-noto-cjk (:func:`fonts_ok`); the JP / TC cuts of Noto CJK (the other sets use SC).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SPLITS = ("tune", "heldout")
SEED = 20261212
CUT = 0.1  # text alpha at or below this is dropped (the convention of every set here)
FONT_ROOTS = (Path("/usr/share/fonts/opentype"), Path("/usr/share/fonts/truetype"))

FACES = {
    "tune": {
        "sans": "NimbusSans-Bold.otf",
        "narrow": "NimbusSansNarrow-Bold.otf",
        "round": "URWGothic-Demi.otf",
        "serif": "C059-Bold.otf",
        "script": "Z003-MediumItalic.otf",
        "mono": "NimbusMonoPS-Bold.otf",
        "light": "NimbusSans-Regular.otf",
        "cjk": ("NotoSansCJK-Bold.ttc", 0),
    },
    "heldout": {
        "sans": "LiberationSans-Bold.ttf",
        "narrow": "LiberationSansNarrow-Bold.ttf",
        "round": "URWBookman-Demi.otf",
        "serif": "LiberationSerif-Bold.ttf",
        "script": "P052-BoldItalic.otf",
        "mono": "LiberationMono-Bold.ttf",
        "light": "LiberationSans-Regular.ttf",
        "cjk": ("NotoSerifCJK-Bold.ttc", 3),
    },
}
WORDS = {
    "tune": [
        "COMFORT",
        "ESSENTIAL",
        "GADGET",
        "WEEKLY",
        "HANDMADE",
        "FAMILY",
        "GENUINE",
        "SPRING",
        "FESTIVAL",
        "CLASSIC",
        "COZY",
        "BUNDLE",
    ],
    "heldout": [
        "KITCHEN",
        "ADVENTURE",
        "MODERN",
        "NATURAL",
        "VINTAGE",
        "OUTDOOR",
        "SIGNATURE",
        "ROYAL",
        "HARVEST",
        "CITY",
        "BLOOM",
        "TRAVEL",
    ],
}
CJK = {
    "tune": ["限时抢购", "爆款直降", "第二件半价", "满减狂欢"],
    "heldout": ["今日特惠", "限量发售", "新春焕新", "工厂直供"],
}
HANDLES = {
    "tune": ["@shopdaily", "#weekendvibes", "www.cozyhome.example"],
    "heldout": ["@bloom.market", "#cityliving", "shop.harvest.example"],
}
LEGAL = {
    "tune": "Offer valid while stocks last. Terms and conditions apply.",
    "heldout": "Prices include VAT. Selected items only, see store for details.",
}
PHOTOS = {"tune": ("motorcycle_left", "moon"), "heldout": ("motorcycle_right", "cell")}
PALETTE = {
    "tune": [
        (226, 35, 26),
        (255, 204, 0),
        (0, 114, 206),
        (30, 30, 30),
        (255, 255, 255),
        (0, 150, 80),
    ],
    "heldout": [
        (200, 16, 96),
        (255, 140, 0),
        (64, 40, 160),
        (20, 60, 60),
        (250, 245, 235),
        (120, 200, 40),
    ],
}
SIZES = [(800, 800), (640, 640), (750, 900), (960, 540), (600, 750)]
SOURCES = {
    "drawn": {
        "what": "ground drawn by scripts/samples_textcheck2.py (gradients, shapes, noise)",
        "licence": "generated here",
    },
    "motorcycle_left": {
        "what": "Motorcycle, left view (scikit-image skimage.data.stereo_motorcycle)",
        "origin": "Middlebury stereo 2014",
        "licence": "see scikit-image data README",
    },
    "motorcycle_right": {
        "what": "Motorcycle, right view (scikit-image skimage.data.stereo_motorcycle)",
        "origin": "Middlebury stereo 2014",
        "licence": "see scikit-image data README",
    },
    "moon": {
        "what": "Lunar surface (scikit-image skimage.data.moon()), tinted",
        "licence": "public domain",
    },
    "cell": {
        "what": "Cell (scikit-image skimage.data.cell()), tinted",
        "origin": "Cell Image Library",
        "licence": "CC0 (see scikit-image data README)",
    },
}

#: class name -> fn(split, rng) -> Canvas, in the order they are written.
CLASSES: dict[str, Callable] = {}


def register(name: str):
    """Register a class under ``name``; a name twice raises."""

    def deco(fn):
        if name in CLASSES:
            raise ValueError(f"class {name!r} registered twice")
        CLASSES[name] = fn
        return fn

    return deco


@cache
def font_file(name: str) -> Path:
    """The installed path of a font file name; raises FileNotFoundError naming the package."""
    for root in FONT_ROOTS:
        hits = sorted(root.rglob(name)) if root.is_dir() else []
        if hits:
            return hits[0]
    raise FileNotFoundError(
        f"font {name} not found under {[str(r) for r in FONT_ROOTS]}: "
        "apt-get install fonts-urw-base35 fonts-liberation fonts-noto-cjk"
    )


def fonts_ok() -> bool:
    """True when every face of both halves is installed."""
    try:
        for faces in FACES.values():
            for f in faces.values():
                font_file(f[0] if isinstance(f, tuple) else f)
    except FileNotFoundError:
        return False
    return True


@cache
def _font(face, size: int) -> ImageFont.FreeTypeFont:
    name, index = face if isinstance(face, tuple) else (face, 0)
    return ImageFont.truetype(str(font_file(name)), size, index=index)


def glyph_alpha(
    text: str, face, size: int, *, tracking: float = 0.0, stroke: int = 0
) -> np.ndarray:
    """The anti-aliased ink of ``text`` as ``(h, w) float32`` in [0, 1], a margin around it.

    ``tracking`` adds that share of the size between letters (negative: tighter); ``stroke``
    draws the letters widened by that many pixels (PIL's stroke, the outline's shape).
    """
    f = _font(face, size)
    pad = 4 + stroke + size // 4
    if tracking == 0.0:
        x0, y0, x1, y1 = f.getbbox(text, stroke_width=stroke)
        im = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 0)
        ImageDraw.Draw(im).text(
            (pad - x0, pad - y0),
            text,
            font=f,
            fill=255,
            stroke_width=stroke,
            stroke_fill=255,
        )
        return np.asarray(im, np.float32) / 255.0
    adv = [f.getlength(c) for c in text]
    width = int(np.ceil(sum(adv) + tracking * size * (len(text) - 1))) + 2 * pad
    asc, desc = f.getmetrics()
    im = Image.new("L", (width, asc + desc + 2 * pad), 0)
    d, x = ImageDraw.Draw(im), float(pad)
    for c, a in zip(text, adv):
        d.text((x, pad), c, font=f, fill=255, stroke_width=stroke, stroke_fill=255)
        x += a + tracking * size
    a = np.asarray(im, np.float32) / 255.0
    ys, xs = np.nonzero(a > 0)
    return a[
        max(0, ys.min() - pad) : ys.max() + pad + 1,
        max(0, xs.min() - pad) : xs.max() + pad + 1,
    ]


def star(r: int) -> np.ndarray:
    """A five-pointed star of outer radius ``r`` as anti-aliased alpha, ``(h, w) float32``."""
    n = 2 * r + 5
    t = -np.pi / 2 + np.arange(10) * np.pi / 5
    rad = np.where(np.arange(10) % 2 == 0, r, 0.42 * r)
    pts = np.stack([n / 2 + rad * np.cos(t), n / 2 + rad * np.sin(t)], 1)
    m = np.zeros((n, n), np.uint8)
    cv2.fillPoly(m, [np.round(pts * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4)
    return m.astype(np.float32) / 255.0


def place(patch: np.ndarray, shape, centre, angle: float = 0.0) -> np.ndarray:
    """``patch`` rotated by ``angle`` degrees (counter-clockwise) about its centre and laid
    with that centre at ``centre`` (x, y) on a ``shape`` canvas; ``(H, W) float32``."""
    h, w = patch.shape
    m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)
    m[:, 2] += np.array(centre, np.float64) - ((w - 1) / 2, (h - 1) / 2)
    out = cv2.warpAffine(
        patch, m, (shape[1], shape[0]), flags=cv2.INTER_LINEAR, borderValue=0
    )
    return np.clip(out, 0.0, 1.0)


@dataclass
class Layer:
    alpha: np.ndarray  # (H, W) float32
    colour: np.ndarray  # (3,) or (H, W, 3) float
    word: int | None = (
        None  # index into Canvas.words when this layer is a word's own ink
    )


@dataclass
class Canvas:
    """A background and the text layers on it, in paint order."""

    bg: np.ndarray
    cls: str
    split: str
    source: str = "drawn"
    layers: list = field(default_factory=list)
    words: list = field(default_factory=list)  # [text, ink-before-clipping px]
    notes: list = field(default_factory=list)

    @property
    def shape(self):
        return self.bg.shape[:2]

    def word(
        self,
        text: str,
        face,
        size: int,
        centre,
        *,
        colour,
        angle=0.0,
        tracking=0.0,
        outline=None,
        glow=None,
        opacity=1.0,
        fill_image=None,
        label: bool = True,
        strike=None,
    ) -> np.ndarray:
        """Draw one word centred at ``centre``; returns its ink alpha on the canvas.

        ``outline=(px, colour)`` draws a widened copy under the fill; ``glow=(px, colour,
        strength)`` a blurred halo under everything; ``fill_image`` (H, W, 3) colours the
        letters with that image instead of ``colour``; ``strike=colour`` draws a line
        through the middle (part of the word's ink).
        """
        a = glyph_alpha(text, face, size, tracking=tracking)
        if strike is not None:
            t = max(2, size // 12)
            ys, xs = np.nonzero(a > 0.5)
            ym = (ys.min() + ys.max()) // 2
            a[ym - t // 2 : ym - t // 2 + t, max(0, xs.min() - 3) : xs.max() + 4] = 1.0
        ink = place(a, self.shape, centre, angle) * opacity
        lab = label and text.strip() != ""
        idx = None
        if lab:
            self.words.append([text, float((a * opacity > CUT).sum())])
            idx = len(self.words) - 1
        if glow is not None:
            px, col, k = glow
            g = cv2.dilate(ink, np.ones((3, 3), np.uint8), iterations=max(1, px // 3))
            g = cv2.GaussianBlur(g, (0, 0), px) * k
            self.layers.append(
                Layer(np.clip(g, 0, 1).astype(np.float32), np.asarray(col, np.float64))
            )
        if outline is not None:
            px, col = outline
            o = glyph_alpha(text, face, size, tracking=tracking, stroke=px)
            # the stroke copy is larger: centre it on the same ink centre
            self.layers.append(
                Layer(
                    place(o, self.shape, centre, angle) * opacity,
                    np.asarray(col, np.float64),
                    idx,
                )
            )
        colour = np.asarray(colour if fill_image is None else fill_image, np.float64)
        self.layers.append(Layer(ink, colour, idx))
        return ink

    def compose(self) -> dict:
        """The creative, its exact text mask and word quads, and the meta record."""
        H, W = self.shape
        acc, acc_a = np.zeros((H, W, 3)), np.zeros((H, W))
        for ly in self.layers:
            a = ly.alpha.astype(np.float64)
            c = ly.colour if ly.colour.ndim == 3 else ly.colour[None, None, :]
            acc = a[..., None] * c + acc * (1 - a[..., None])
            acc_a = a + acc_a * (1 - a)
        keep = np.clip((acc_a - CUT) / (1 - CUT), 0, 1)
        colour = acc / np.maximum(acc_a, 1e-9)[..., None]
        out = colour * keep[..., None] + self.bg.astype(np.float64) * (
            1 - keep[..., None]
        )
        creative = np.clip(np.round(out), 0, 255).astype(np.uint8)
        text = keep > 0
        creative[~text] = self.bg[~text]
        words = []
        for i, (label, total) in enumerate(self.words):
            ink = np.zeros((H, W), np.float32)
            for ly in self.layers:
                if ly.word == i:
                    ink = np.maximum(ink, ly.alpha)
            on = ink > CUT
            if not on.any():
                continue
            ys, xs = np.nonzero(on)
            box = cv2.boxPoints(
                cv2.minAreaRect(np.stack([xs, ys], 1).astype(np.float32))
            )
            seen = on.sum() / max(total, 1.0)
            words.append(
                {
                    "text": label if seen >= 0.95 else "###",
                    "points": [
                        [round(float(x), 1), round(float(y), 1)]
                        for x, y in _clockwise(box)
                    ],
                }
            )
        stem = f"textcheck2_{self.cls}_{self.split}"
        meta = {
            "stem": stem,
            "split": self.split,
            "family": f"textcheck2_{self.cls}",
            "size_wh": [W, H],
            "notes": "; ".join(self.notes),
            "background": {"source": self.source, **SOURCES[self.source]},
            "people": [],
            "words": words,
            "ground_truth": {
                "text_mask": f"composited text alpha > {CUT} (fill, outline, strike, glow)",
                "invariant": "creative == background exactly outside text_mask",
                "words": "minimum-area rectangle of each word's own ink (fill + outline, no glow), "
                "clockwise from top-left; '###' = cut by the frame",
            },
            "fraction": {"person": 0.0, "text": round(float(text.mean()), 4)},
            "generator": "scripts/samples_textcheck2.py",
            "seed": SEED,
        }
        return {"creative": creative, "background": self.bg, "text": text, "meta": meta}


def _clockwise(pts) -> np.ndarray:
    """4 points from the top-left corner, clockwise (image coordinates)."""
    pts = np.asarray(pts, np.float64).reshape(4, 2)
    c = pts.mean(0)
    pts = pts[np.argsort(np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0]))]
    start = int(np.argmin(pts.sum(1)))
    return np.roll(pts, -start, axis=0)


# ---------------------------------------------------------------- grounds (this file's own)


def gradient(size, c0, c1, *, axis: str = "y") -> np.ndarray:
    W, H = size
    t = np.linspace(0, 1, H if axis == "y" else W)
    t = t[:, None] if axis == "y" else t[None, :]
    t = np.broadcast_to(t, (H, W))
    g = np.asarray(c0, np.float64) + (np.asarray(c1, np.float64) - c0) * t[..., None]
    return np.clip(np.round(g), 0, 255).astype(np.uint8)


def studio(rng, size, split) -> np.ndarray:
    """A product shot: a soft backdrop, a shaded rounded object, its floor shadow."""
    W, H = size
    pal = PALETTE[split]
    c0 = np.array(pal[int(rng.integers(len(pal)))], np.float64) * 0.3 + 170
    img = gradient(size, np.clip(c0, 0, 255), np.clip(c0 * 0.7, 0, 255)).astype(
        np.float64
    )
    cx, cy = W * rng.uniform(0.35, 0.65), H * rng.uniform(0.45, 0.6)
    rx, ry = W * rng.uniform(0.15, 0.25), H * rng.uniform(0.18, 0.3)
    yy, xx = np.mgrid[0:H, 0:W]
    sh = np.exp(-(((xx - cx) / (rx * 1.2)) ** 2 + ((yy - cy - ry) / (ry * 0.2)) ** 2))
    img *= (1 - 0.35 * sh)[..., None]
    d = ((xx - cx) / rx) ** 4 + ((yy - cy) / ry) ** 4
    body = np.clip((1.0 - d) * 8, 0, 1)
    col = np.array(pal[int(rng.integers(len(pal)))], np.float64)
    shade = 0.55 + 0.45 * np.clip(1 - ((xx - cx + 0.4 * rx) / rx) ** 2, 0, 1)
    obj = (
        col[None, None] * shade[..., None]
        + 80 * np.exp(-(((xx - cx + 0.3 * rx) / (0.12 * rx)) ** 2))[..., None]
    )
    img = img * (1 - body[..., None]) + obj * body[..., None]
    img += rng.normal(0, 2.0, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def texture(rng, size) -> np.ndarray:
    """A busy ground: coloured value noise at three scales (fabric, foliage, gravel-like)."""
    W, H = size
    out = np.zeros((H, W, 3))
    for s, k in ((8, 0.5), (32, 0.3), (96, 0.2)):
        n = rng.random((max(2, H // s), max(2, W // s), 3))
        n = (
            0.75 * n.mean(2, keepdims=True) + 0.25 * n
        )  # mostly one hue: fabric, foliage, not confetti
        out += k * cv2.resize(n, (W, H), interpolation=cv2.INTER_CUBIC)
    base = rng.integers(40, 200, 3)
    return np.clip(base + (out - 0.5) * 300, 0, 255).astype(np.uint8)


def photo(rng, split, size) -> tuple[np.ndarray, str]:
    """One of the half's photos, grey ones tinted, covering ``size`` (W, H)."""
    from skimage import data

    name = PHOTOS[split][int(rng.integers(2))]
    img = (
        data.stereo_motorcycle()[0 if name.endswith("left") else 1]
        if name.startswith("motorcycle")
        else getattr(data, name)()
    )
    if img.ndim == 2:
        lo, hi = (
            np.array(PALETTE[split][int(rng.integers(6))]) * 0.25,
            np.array(PALETTE[split][4]),
        )
        img = (lo + (hi - lo) * (img[..., None] / 255.0)).astype(np.uint8)
    W, H = size
    h, w = img.shape[:2]
    z = max(W / w, H / h) * rng.uniform(1.0, 1.4)
    big = cv2.resize(
        np.ascontiguousarray(img[..., :3]),
        (int(np.ceil(w * z)), int(np.ceil(h * z))),
        interpolation=cv2.INTER_AREA if z < 1 else cv2.INTER_CUBIC,
    )
    y0 = int(rng.integers(0, big.shape[0] - H + 1))
    x0 = int(rng.integers(0, big.shape[1] - W + 1))
    return np.ascontiguousarray(big[y0 : y0 + H, x0 : x0 + W]), name


def ground(rng, split, size) -> tuple[np.ndarray, str]:
    k = int(rng.integers(3))
    if k == 0:
        return photo(rng, split, size)
    return (studio(rng, size, split) if k == 1 else texture(rng, size)), "drawn"


def rect(img, x0, y0, x1, y1, col, alpha=1.0, radius=0) -> np.ndarray:
    """A filled (rounded) rectangle blended into a copy of ``img``."""
    m = np.zeros(img.shape[:2], np.uint8)
    x0, y0, x1, y1 = map(int, (x0, y0, x1, y1))
    if radius:
        cv2.rectangle(m, (x0 + radius, y0), (x1 - radius, y1), 255, -1)
        cv2.rectangle(m, (x0, y0 + radius), (x1, y1 - radius), 255, -1)
        for cx, cy in (
            (x0 + radius, y0 + radius),
            (x1 - radius, y0 + radius),
            (x0 + radius, y1 - radius),
            (x1 - radius, y1 - radius),
        ):
            cv2.circle(m, (cx, cy), radius, 255, -1, cv2.LINE_AA)
    else:
        cv2.rectangle(m, (x0, y0), (x1, y1), 255, -1)
    a = (m.astype(np.float64) / 255 * alpha)[..., None]
    return np.clip(
        np.round(img * (1 - a) + np.asarray(col, np.float64) * a), 0, 255
    ).astype(np.uint8)


def _pick(rng, pool, n=1):
    return [pool[i] for i in rng.choice(len(pool), n, replace=False)]


def _col(rng, split, avoid=None):
    pal = [c for c in PALETTE[split] if c != avoid]
    return pal[int(rng.integers(len(pal)))]


def _size(rng):
    return SIZES[int(rng.integers(len(SIZES)))]


def _contrast(bg, box) -> tuple:
    """White or near-black, whichever stands out on the mean of ``bg`` inside ``box``."""
    x0, y0, x1, y1 = map(int, box)
    m = (
        bg[max(0, y0) : y1, max(0, x0) : x1].reshape(-1, 3).mean(0)
        if y1 > y0 and x1 > x0
        else np.full(3, 128)
    )
    return (250, 250, 250) if m @ (0.3, 0.59, 0.11) < 140 else (25, 25, 25)


# ---------------------------------------------------------------- the classes


@register("price_tag")
def price_tag(split, rng):
    """A price block: big numeral, small currency sign and raised cents, a struck-out old price, a star."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    x, y = W * rng.uniform(0.08, 0.25), H * rng.uniform(0.55, 0.7)
    cur = ["$", "€", "£", "¥"][int(rng.integers(4))]
    num, cents = str(int(rng.integers(9, 999))), f"{int(rng.integers(0, 100)):02d}"
    big = int(min(W, H) * rng.uniform(0.13, 0.2))
    plate = _col(rng, split)
    bg = rect(
        bg,
        x - 0.3 * big,
        y - 0.8 * big,
        x + (len(num) + 2.2) * 0.62 * big,
        y + 1.1 * big,
        plate,
        alpha=float(rng.uniform(0.85, 1.0)),
        radius=int(big * 0.2),
    )
    fg = _contrast(bg, (x, y - 0.5 * big, x + big, y + 0.5 * big))
    c = Canvas(bg, "price_tag", split, src)
    face = FACES[split]["sans"]
    nw = _font(face, big).getlength(num)
    c.word(cur, face, big // 2, (x + 0.15 * big, y - 0.2 * big), colour=fg, label=False)
    c.word(num, face, big, (x + 0.4 * big + nw / 2, y), colour=fg)
    c.word(
        cents,
        face,
        int(big * 0.42),
        (x + 0.5 * big + nw + 0.3 * big, y - 0.22 * big),
        colour=fg,
    )
    old = f"{cur}{int(num) + int(rng.integers(5, 200))}.{cents}"
    c.word(
        old,
        FACES[split]["light"],
        int(big * 0.3),
        (x + 0.6 * big, y + 0.75 * big),
        colour=fg,
        strike=fg,
    )
    r = int(big * 0.22)  # a star beside the price: a symbol, text to remove, no word
    c.layers.append(
        Layer(
            place(star(r), c.shape, (x + 0.5 * big + nw + 0.9 * big, y + 0.55 * big)),
            np.array([255.0, 215.0, 0.0]),
        )
    )
    c.notes.append(f"price {cur}{num}.{cents} at {big}px, old {old} struck out, a star")
    return c


@register("two_tone")
def two_tone(split, rng):
    """A headline whose one word is in another colour on a highlight box."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    w1, w2 = _pick(rng, WORDS[split], 2)
    fsz = int(min(W, H) * rng.uniform(0.07, 0.11))
    face = FACES[split][("sans", "round", "serif")[int(rng.integers(3))]]
    x, y = W * rng.uniform(0.06, 0.15), H * rng.uniform(0.15, 0.4)
    wide = _font(face, fsz).getlength(f"{w1} {w2}") + 0.6 * fsz
    fsz = int(fsz * min(1.0, (0.95 * W - x) / wide))  # the line stays inside the frame
    f = _font(face, fsz)
    l1, l2 = f.getlength(w1), f.getlength(w2)
    hi = _col(rng, split)
    bx = x + l1 + 0.35 * fsz
    bg = rect(
        bg, bx - 0.15 * fsz, y - 0.62 * fsz, bx + l2 + 0.15 * fsz, y + 0.62 * fsz, hi
    )
    c = Canvas(bg, "two_tone", split, src)
    c.word(
        w1,
        face,
        fsz,
        (x + l1 / 2, y),
        colour=_contrast(bg, (x, y - fsz / 2, x + l1, y + fsz / 2)),
    )
    c.word(
        w2,
        face,
        fsz,
        (bx + l2 / 2, y),
        colour=_contrast(bg, (bx, y - fsz / 2, bx + l2, y + fsz / 2)),
    )
    sub = " ".join(_pick(rng, WORDS[split], 2)).lower()
    fs2 = max(14, fsz // 3)
    for w, xs in _words_of(sub, FACES[split]["light"], fs2, x):
        c.word(
            w,
            FACES[split]["light"],
            fs2,
            (xs, y + 1.2 * fsz),
            colour=_contrast(bg, (x, y + fsz, x + l1, y + 1.4 * fsz)),
        )
    c.notes.append(
        f"'{w1}' plain, '{w2}' on a highlight {hi}, {fsz}px; a small line under"
    )
    return c


@register("gradient_letters")
def gradient_letters(split, rng):
    """Letters filled with a vertical two-colour gradient, a thin outline, on a ground."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    text = _pick(rng, WORDS[split], 1)[0]
    face = FACES[split][("sans", "round")[int(rng.integers(2))]]
    fsz = int(min(W, H) * rng.uniform(0.12, 0.2))
    fsz = min(fsz, int(0.85 * W / max(1, _font(face, fsz).getlength(text) / fsz)))
    cx, cy = W / 2 + W * rng.uniform(-0.05, 0.05), H * rng.uniform(0.25, 0.75)
    c0, c1 = _col(rng, split), _col(rng, split)
    g = np.zeros((H, W, 3))
    t = np.clip((np.arange(H) - (cy - fsz / 2)) / fsz, 0, 1)[:, None, None]
    g[:] = np.asarray(c0, np.float64) * (1 - t) + np.asarray(c1, np.float64) * t
    c = Canvas(bg, "gradient_letters", split, src)
    c.word(
        text,
        face,
        fsz,
        (cx, cy),
        colour=None,
        fill_image=g,
        angle=float(rng.uniform(-4, 4)),
        outline=(max(1, fsz // 30), (255, 255, 255)) if rng.integers(2) else None,
    )
    c.notes.append(f"'{text}' {fsz}px, gradient {c0}->{c1}")
    return c


@register("photo_letters")
def photo_letters(split, rng):
    """Big letters filled with a photo (image-filled text) over a plain or drawn ground."""
    size = _size(rng)
    W, H = size
    bg = (
        studio(rng, size, split)
        if rng.integers(2)
        else gradient(size, _col(rng, split), (240, 240, 240), axis="x")
    )
    fill, src = photo(rng, split, size)
    text = _pick(rng, WORDS[split], 1)[0]
    face = FACES[split]["sans"]
    fsz = int(min(W, H) * rng.uniform(0.16, 0.24))
    fsz = min(fsz, int(0.9 * W / max(1, _font(face, fsz).getlength(text) / fsz)))
    c = Canvas(bg, "photo_letters", split, "drawn")
    c.word(
        text,
        face,
        fsz,
        (W / 2, H * rng.uniform(0.3, 0.7)),
        colour=None,
        fill_image=fill.astype(np.float64),
    )
    c.notes.append(f"'{text}' {fsz}px filled with {src}")
    return c


@register("glass_plate")
def glass_plate(split, rng):
    """Two lines on a translucent plate (white or dark, 0.45-0.7) over a photo."""
    size = _size(rng)
    W, H = size
    bg, src = photo(rng, split, size)
    dark = bool(rng.integers(2))
    y0 = H * rng.uniform(0.55, 0.7)
    fsz = int(min(W, H) * rng.uniform(0.05, 0.08))
    bg = rect(
        bg,
        W * 0.05,
        y0,
        W * 0.95,
        y0 + 2.9 * fsz,
        (15, 15, 20) if dark else (250, 250, 250),
        alpha=float(rng.uniform(0.45, 0.7)),
        radius=int(fsz * 0.3),
    )
    c = Canvas(bg, "glass_plate", split, src)
    fg = (255, 255, 255) if dark else (20, 20, 30)
    l1 = " ".join(_pick(rng, WORDS[split], 2))
    face = FACES[split]["sans"]
    for w, x in _words_of(l1, face, fsz, W * 0.08):
        c.word(w, face, fsz, (x, y0 + 0.9 * fsz), colour=fg)
    l2 = " ".join(_pick(rng, WORDS[split], 3)).capitalize()
    f2 = int(fsz * 0.55)
    for w, x in _words_of(l2, FACES[split]["light"], f2, W * 0.08):
        c.word(w, FACES[split]["light"], f2, (x, y0 + 2.1 * fsz), colour=fg)
    c.notes.append(f"{'dark' if dark else 'white'} plate over {src}, {fsz}px / {f2}px")
    return c


@register("stacked_condensed")
def stacked_condensed(split, rng):
    """Stacked lines of mixed sizes, condensed caps with tight tracking (-0.04..-0.01)."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    c = Canvas(bg, "stacked_condensed", split, src)
    y = H * rng.uniform(0.12, 0.3)
    x = W * rng.uniform(0.06, 0.2)
    face = FACES[split]["narrow"]
    for k, rel in enumerate((0.07, 0.16, 0.05)):
        fsz = int(min(W, H) * rel * rng.uniform(0.9, 1.1))
        tr = float(rng.uniform(-0.04, -0.01))
        xw = x
        for text in _pick(rng, WORDS[split], 1 if k != 2 else 2):
            a = glyph_alpha(text, face, fsz, tracking=tr)
            fg = _contrast(bg, (xw, y, xw + a.shape[1], y + fsz))
            c.word(
                text,
                face,
                fsz,
                (xw + a.shape[1] / 2, y + fsz / 2),
                colour=fg,
                tracking=tr,
            )
            xw += a.shape[1] + 0.1 * fsz
        y += fsz * 1.05
    c.notes.append("three stacked lines, condensed, tracking < 0")
    return c


@register("corner_fineprint")
def corner_fineprint(split, rng):
    """@handle / #hashtag / URL at 11-16 px in a corner and a legal line at 6-8 px at the foot."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    c = Canvas(bg, "corner_fineprint", split, src)
    fs = int(rng.integers(11, 17))
    right = bool(rng.integers(2))
    face = FACES[split]["light"] if rng.integers(2) else FACES[split]["sans"]
    for k, h in enumerate(HANDLES[split]):
        L = _font(face, fs).getlength(h)
        cx = W - 12 - L / 2 if right else 12 + L / 2
        cy = 14 + fs / 2 + k * 1.4 * fs
        c.word(
            h,
            face,
            fs,
            (cx, cy),
            colour=_contrast(bg, (cx - L / 2, cy - fs, cx + L / 2, cy + fs)),
        )
    fl = int(rng.integers(6, 9))
    L = _font(FACES[split]["light"], fl).getlength(LEGAL[split])
    cy = H - 8 - fl
    for w, x in _words_of(LEGAL[split], FACES[split]["light"], fl, W / 2 - L / 2):
        c.word(
            w,
            FACES[split]["light"],
            fl,
            (x, cy),
            colour=_contrast(bg, (W / 2 - L / 2, cy - fl, W / 2 + L / 2, cy + fl)),
        )
    c.notes.append(f"handles {fs}px {'right' if right else 'left'}, legal {fl}px")
    return c


def _words_of(line: str, face, size: int, x0: float):
    """(word, centre x) of each word of ``line`` set from ``x0`` with one space between."""
    f = _font(face, size)
    sp = f.getlength(" ")
    out, x = [], x0
    for w in line.split(" "):
        L = f.getlength(w)
        out.append((w, x + L / 2))
        x += L + sp
    return out


@register("cjk_latin")
def cjk_latin(split, rng):
    """CJK and Latin in one line on a coloured stripe: red / yellow / white, outlined as on real ads."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    fsz = int(min(W, H) * rng.uniform(0.06, 0.09))
    y = H * rng.uniform(0.1, 0.85)
    stripe = _col(rng, split)
    bg = rect(bg, 0, y - 0.75 * fsz, W, y + 0.75 * fsz, stripe)
    c = Canvas(bg, "cjk_latin", split, src)
    parts = [
        _pick(rng, CJK[split], 1)[0],
        f"{int(rng.integers(2, 9))}0%",
        "OFF" if split == "tune" else "SALE",
        _pick(rng, CJK[split], 1)[0][:2],
    ]
    x = W * 0.05
    fg = _col(rng, split, avoid=stripe)
    ol = (
        (2, (255, 255, 255) if sum(fg) < 400 else (20, 20, 20))
        if rng.integers(2)
        else None
    )
    for p in parts:
        face = FACES[split]["cjk"] if not p.isascii() else FACES[split]["sans"]
        L = _font(face, fsz).getlength(p)
        if x + L > W * 0.97:
            break
        c.word(p, face, fsz, (x + L / 2, y), colour=fg, outline=ol)
        x += L + 0.35 * fsz
    c.notes.append(f"mixed line {parts} {fsz}px on a stripe {stripe}")
    return c


@register("vertical_banner")
def vertical_banner(split, rng):
    """Vertical text on a banner strip: a CJK column, or a Latin word turned 90 degrees."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    fsz = int(min(W, H) * rng.uniform(0.06, 0.09))
    x = W * (rng.uniform(0.05, 0.15) if rng.integers(2) else rng.uniform(0.8, 0.9))
    band = _col(rng, split)
    bg = rect(bg, x - 0.75 * fsz, H * 0.08, x + 0.75 * fsz, H * 0.92, band)
    c = Canvas(bg, "vertical_banner", split, src)
    fg = _contrast(bg, (x - 5, H * 0.3, x + 5, H * 0.6))
    if rng.integers(2):
        text = _pick(rng, CJK[split], 1)[0]
        y = H * 0.12 + fsz / 2
        for ch in text:  # one column, top to bottom, each character its own label
            c.word(ch, FACES[split]["cjk"], fsz, (x, y), colour=fg)
            y += fsz * 1.1
        c.notes.append(f"CJK column '{text}' {fsz}px")
    else:
        text = _pick(rng, WORDS[split], 1)[0]
        L = _font(FACES[split]["sans"], fsz).getlength(text)
        fsz = int(fsz * min(1.0, 0.8 * H / max(L, 1)))
        ang = 90.0 if rng.integers(2) else -90.0
        c.word(text, FACES[split]["sans"], fsz, (x, H / 2), colour=fg, angle=ang)
        c.notes.append(f"'{text}' {fsz}px turned {ang:.0f} deg")
    return c


@register("percent_badge")
def percent_badge(split, rng):
    """A round badge: digits with a larger % sign, a small word above, words along its edge."""
    size = _size(rng)
    bg, src = ground(rng, split, size)
    W, H = size
    r = int(min(W, H) * rng.uniform(0.18, 0.26))
    cx, cy = W * rng.uniform(0.3, 0.7), H * rng.uniform(0.3, 0.7)
    badge = _col(rng, split)
    m = np.zeros((H, W), np.uint8)
    cv2.circle(m, (int(cx), int(cy)), r, 255, -1, cv2.LINE_AA)
    a = (m / 255.0)[..., None]
    bg = np.clip(
        np.round(bg * (1 - a) + np.asarray(badge, np.float64) * a), 0, 255
    ).astype(np.uint8)
    c = Canvas(bg, "percent_badge", split, src)
    fg = _contrast(bg, (cx - 5, cy - 5, cx + 5, cy + 5))
    face = FACES[split]["sans"]
    d = f"-{int(rng.integers(1, 8))}0"
    ds, ps = int(r * 0.62), int(r * 0.85)
    Ld, Lp = _font(face, ds).getlength(d), _font(face, ps).getlength("%")
    x0 = cx - (Ld + Lp) / 2
    c.word(d, face, ds, (x0 + Ld / 2, cy + 0.05 * r), colour=fg)
    c.word("%", face, ps, (x0 + Ld + Lp / 2, cy), colour=fg, label=False)
    top = "OFF" if split == "tune" else "SAVE"
    c.word(top, FACES[split]["light"], int(r * 0.2), (cx, cy - 0.55 * r), colour=fg)
    # words along the badge's edge, inside its rim, letter by letter
    arc = " ".join(_pick(rng, WORDS[split], 2))
    fs = max(12, int(r * 0.14))
    f = _font(face, fs)
    rr = r * 0.8
    adv = [f.getlength(ch) for ch in arc]
    span = sum(adv) / rr
    th = np.pi / 2 + span / 2  # centred at the bottom, read left to right
    ink = None
    for ch, av in zip(arc, adv):
        t = th - av / 2 / rr
        if ch != " ":
            p = glyph_alpha(ch, face, fs)
            pa = place(
                p,
                c.shape,
                (cx + rr * np.cos(t), cy + rr * np.sin(t)),
                np.degrees(np.pi / 2 - t),
            )
            ink = pa if ink is None else np.maximum(ink, pa)
        th -= av / rr
    c.words.append([arc.replace(" ", ""), float((ink > CUT).sum())])
    c.layers.append(Layer(ink, np.asarray(fg, np.float64), len(c.words) - 1))
    c.notes.append(
        f"badge r={r}: '{d}' {ds}px with '%' {ps}px; '{arc}' along the edge at {fs}px"
    )
    return c


@register("knockout")
def knockout(split, rng):
    """Words knocked out of a solid plate: the letters show the photo under the plate."""
    size = _size(rng)
    W, H = size
    under, src = (
        photo(rng, split, size) if rng.integers(2) else (texture(rng, size), "drawn")
    )
    fsz = int(min(W, H) * rng.uniform(0.08, 0.13))
    text = " ".join(_pick(rng, WORDS[split], 2 if W > H else 1))
    face = FACES[split][("sans", "round")[int(rng.integers(2))]]
    L = _font(face, fsz).getlength(text)
    fsz = int(fsz * min(1.0, 0.8 * W / max(L, 1)))
    L = _font(face, fsz).getlength(text)
    cy = H * rng.uniform(0.3, 0.7)
    plate = _col(rng, split)
    bg = rect(
        under,
        W / 2 - L / 2 - 0.4 * fsz,
        cy - 0.9 * fsz,
        W / 2 + L / 2 + 0.4 * fsz,
        cy + 0.9 * fsz,
        plate,
    )
    c = Canvas(bg, "knockout", split, src)
    for w, x in _words_of(text, face, fsz, W / 2 - L / 2):
        c.word(w, face, fsz, (x, cy), colour=None, fill_image=under.astype(np.float64))
    c.notes.append(f"'{text}' {fsz}px knocked out of a {plate} plate over {src}")
    return c


@register("neon_script")
def neon_script(split, rng):
    """A script-face word in neon: light core, wide coloured glow, on a dark ground."""
    size = _size(rng)
    W, H = size
    base, src = (
        photo(rng, split, size) if rng.integers(2) else (texture(rng, size), "drawn")
    )
    bg = np.clip(np.round(base * 0.3), 0, 255).astype(np.uint8)
    text = _pick(rng, WORDS[split], 1)[0].capitalize()
    face = FACES[split]["script"]
    fsz = int(min(W, H) * rng.uniform(0.14, 0.2))
    fsz = min(fsz, int(0.85 * W / max(1, _font(face, fsz).getlength(text) / fsz)))
    glow = _col(rng, split, avoid=(30, 30, 30))
    c = Canvas(bg, "neon_script", split, src)
    core = tuple(int(255 - (255 - v) * 0.25) for v in glow)
    c.word(
        text,
        face,
        fsz,
        (W / 2, H * rng.uniform(0.3, 0.7)),
        colour=core,
        glow=(max(4, fsz // 10), glow, float(rng.uniform(0.6, 0.9))),
        angle=float(rng.uniform(-8, 8)),
    )
    c.notes.append(f"neon '{text}' {fsz}px glow {glow}")
    return c


def _rng(cls: str, split: str, k: int) -> np.random.Generator:
    return np.random.default_rng(
        [
            SEED,
            SPLITS.index(split),
            k,
            int(hashlib.sha256(cls.encode()).hexdigest()[:8], 16),
        ]
    )


def build(splits=SPLITS, only=None, per_class: int = 2):
    """Yield each creative's record, class by class, ``per_class`` per class and split."""
    for split in splits:
        for cls, fn in CLASSES.items():
            if only and not any(cls.startswith(o) for o in only):
                continue
            for k in range(per_class):
                c = fn(split, _rng(cls, split, k))
                r = c.compose()
                r["meta"]["stem"] = f"textcheck2_{cls}_{split}_{k}"
                yield r


def write(out: Path, r: dict) -> None:
    """One creative in the data/ layout (creative PNG; truth/<stem>/ background, masks, meta)."""
    stem = r["meta"]["stem"]
    t = out / "truth" / stem
    t.mkdir(parents=True, exist_ok=True)
    Image.fromarray(r["creative"]).save(out / f"{stem}.png")
    Image.fromarray(r["background"]).save(t / "background.png")
    Image.fromarray(r["text"].astype(np.uint8) * 255).save(t / "text_mask.png")
    Image.fromarray(np.zeros(r["text"].shape, np.uint8)).save(t / "person_mask.png")
    (t / "meta.json").write_text(
        json.dumps(r["meta"], indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--split", choices=SPLITS, nargs="*", default=list(SPLITS))
    ap.add_argument("--only", nargs="*", default=None, help="class name prefixes")
    args = ap.parse_args(argv)
    if not fonts_ok():
        print(
            "fonts missing: apt-get install fonts-urw-base35 fonts-liberation fonts-noto-cjk",
            file=sys.stderr,
        )
        return 2
    cv2.setNumThreads(1)
    index = []
    for r in build(tuple(args.split), args.only):
        write(args.out, r)
        m = r["meta"]
        index.append(
            {
                "stem": m["stem"],
                "split": m["split"],
                "family": m["family"],
                "text_fraction": m["fraction"]["text"],
                "words": len(m["words"]),
            }
        )
    (args.out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    print(f"{len(index)} creatives in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
