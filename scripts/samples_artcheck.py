#!/usr/bin/env python
"""Artifacts drawn *apart from* ``creative_tools.bench.artifacts``: an independent check (issue 9).

The objects source and the click tool were developed on the creatives of
:mod:`creative_tools.bench.artifacts` (flat badges, rounded buttons, geometric marks in
DejaVu fonts). This split is drawn by other hands, to see whether what was learnt there
carries: other shapes, other fonts (URW: Nimbus Sans, C059, URW Gothic, Bookman), soft drop
shadows, white sticker borders, gradients, glossy highlights, reflections, glass plates::

* ``badge``: a ribbon with notched ends, a hanging price tag with a hole, a seal with a
  scalloped edge and a double ring, a speech bubble with a tail, a sticker with a white
  border and a soft shadow;
* ``button``: a gradient with a soft drop shadow, a glossy pill, an outline pill, a button
  with an icon (arrow, cart, play) beside its words;
* ``logo``: a letter monogram knocked out of a disc or a rounded square, a mark of several
  parts (bars, chevrons, petals) with a wordmark in another font;
* ``product``: a jar or a bottle packshot with a glossy stripe and a faded reflection;
* ``other``: a semi-transparent plate (a dark or light glass panel) with a line of text.

Plates: photos other than the generator's (``motorcycle_right``, ``retina``, ``moon``,
``coins``), photos blurred into bokeh with light discs, two-stop linear or radial gradients
with a vignette, paper, linen and wood-grain textures; a person (cut from ``data/``) in
about 4 of 10. Truth as in the generator: an artifact is where its alpha (shadow included)
is > 0.1, its words belong to it; the image equals the plate outside person | text |
artifacts. Two halves by seed: ``tune`` (seeds 31000+) and ``heldout`` (47000+), the same
drawing rules, :data:`COUNT` creatives each (42 since session 9: seeds 31000-31041 and
47000-47041; sessions 8 used the first 14, which are unchanged)::

    python scripts/samples_artcheck.py --out /work/out/artifacts/artcheck [--split tune heldout] [--count 42]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from creative_tools.bench.artifacts import (
    SS,
    ArtifactCreative,
    _person_layer,
    _photo,
    _shrink,
    place_artifact,
    place_headline,
)

SPLITS = {"tune": 31000, "heldout": 47000}
COUNT = 42  # creatives per half (session 8: 14); the halves' seeds stay disjoint up to 16000
URW = Path("/usr/share/fonts/opentype/urw-base35")
FONTS = ("NimbusSans-Bold.otf", "C059-Bold.otf", "URWGothic-Demi.otf", "URWBookman-Demi.otf",
         "NimbusSansNarrow-Bold.otf", "P052-Bold.otf")
SHAPES = {
    "badge": ("ribbon", "tag", "seal", "bubble", "sticker"),
    "button": ("gradient_shadow", "glossy_pill", "outline_pill", "icon"),
    "logo": ("monogram", "multipart"),
    "product": ("packshot",),
    "other": ("glass_plate",),
}
BADGE_WORDS = ("SALE", "-40%", "Only $9", "NEW!", "Best buy", "LIMITED", "Free gift", "€19")
CTA_WORDS = ("Get started", "Shop the look", "Try it free", "Add to cart", "Discover", "Watch now")
BRANDS = ("Harbor", "VELA", "mondo", "Quill & Co", "Sunday", "ORRIN", "pebble")
PLATE_WORDS = ("Up to 60% off selected lines", "Spring edit", "Members save more", "New arrivals weekly")
PLATES = ("photo", "bokeh", "gradient", "texture")
PHOTOS = ("motorcycle_right", "retina", "moon", "coins")
BOKEH = ("chelsea", "rocket", "coffee", "motorcycle_right")


def _font(size: int, name: str) -> ImageFont.FreeTypeFont:
    p = URW / name
    if not p.is_file():  # pragma: no cover - a machine without the URW fonts
        import matplotlib

        p = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return ImageFont.truetype(str(p), max(8, int(size)))


def _col(rng, lo=0, hi=256) -> np.ndarray:
    return rng.integers(lo, hi, 3).astype(np.float64)


def _far(rng, ref, d=170.0) -> tuple:
    for _ in range(200):
        c = _col(rng)
        if np.abs(c - ref).sum() > d:
            return tuple(int(v) for v in c)
    return tuple(int(v) for v in (255 - np.asarray(ref)))


# --- plates ---
def _plate(kind: str, size, rng) -> np.ndarray:
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    if kind == "photo":
        return _photo(PHOTOS[int(rng.integers(len(PHOTOS)))], size)
    if kind == "bokeh":
        img = cv2.GaussianBlur(_photo(BOKEH[int(rng.integers(len(BOKEH)))], size).astype(np.float64), (0, 0), 9)
        light = np.zeros((H, W))
        for _ in range(int(rng.integers(10, 22))):
            r = rng.uniform(8, 40)
            d = np.hypot(xx - rng.uniform(0, W), yy - rng.uniform(0, H))
            light = np.maximum(light, rng.uniform(0.15, 0.5) * np.clip((r - d) / 3 + 0.5, 0, 1))
        light = cv2.GaussianBlur(light, (0, 0), 2)[..., None]
        return np.clip(img * (1 - light) + _col(rng, 180)[None, None] * light, 0, 255).astype(np.uint8)
    if kind == "gradient":
        c0, c1 = _col(rng), _col(rng)
        if rng.uniform() < 0.5:
            a = rng.uniform(0, np.pi)
            t = (np.cos(a) * xx / W + np.sin(a) * yy / H)
            t = (t - t.min()) / max(1e-9, np.ptp(t))
        else:
            t = np.clip(np.hypot(xx - rng.uniform(0, W), yy - rng.uniform(0, H)) / (0.8 * max(W, H)), 0, 1)
        img = c0 * (1 - t[..., None]) + c1 * t[..., None]
        vig = 1 - 0.35 * (np.hypot(xx / W - 0.5, yy / H - 0.5) / 0.707) ** 2
        return np.clip(img * vig[..., None] + rng.normal(0, 1.2, img.shape), 0, 255).astype(np.uint8)
    # texture: paper, linen or wood grain in a tint
    base = _col(rng, 60, 230)
    which = int(rng.integers(3))
    if which == 0:  # paper: fine noise, soft fibres
        n = cv2.GaussianBlur(rng.normal(0, 1, (H, W)), (0, 0), 1.2) * 10 + cv2.GaussianBlur(
            rng.normal(0, 1, (H, W)), (0, 0), 12) * 40
    elif which == 1:  # linen: crossed threads
        n = 9 * np.sin(xx * 1.3 + rng.normal(0, 0.3, (H, W))) + 9 * np.sin(yy * 1.3) + rng.normal(0, 4, (H, W))
    else:  # wood grain: warped rings
        warp = cv2.GaussianBlur(rng.normal(0, 1, (H, W)), (0, 0), 25) * 400
        n = 22 * np.sin((yy + 0.15 * xx + warp) / rng.uniform(5, 9)) + rng.normal(0, 3, (H, W))
    return np.clip(base[None, None] + n[..., None] * np.array([1.0, 0.9, 0.75]), 0, 255).astype(np.uint8)


# --- sprites: drawn at SS x, RGBA ---
def _layer(size) -> Image.Image:
    return Image.new("RGBA", size, (0, 0, 0, 0))


def _shadowed(sil: Image.Image, body: Image.Image, rng, *, strength=0.45) -> Image.Image:
    """``body`` over a soft drop shadow of its silhouette ``sil`` (L), offset down-right."""
    a = np.asarray(sil, np.float64) / 255
    dx, dy = int(rng.integers(2, 6)) * SS, int(rng.integers(3, 8)) * SS
    sh = np.zeros_like(a)
    sh[dy:, dx:] = a[:a.shape[0] - dy, :a.shape[1] - dx]
    sh = cv2.GaussianBlur(sh, (0, 0), rng.uniform(2, 4) * SS) * strength
    out = Image.fromarray(np.dstack([np.zeros(a.shape + (3,)), sh * 255]).astype(np.uint8), "RGBA")
    return Image.alpha_composite(out, body)


def _fill(sil: Image.Image, c0, c1=None, *, gloss=False) -> Image.Image:
    """The silhouette ``sil`` (L) filled top-to-bottom from ``c0`` to ``c1``, optionally glossy."""
    a = np.asarray(sil, np.float64) / 255
    ys = np.nonzero(a.any(1))[0]
    y0, y1 = ys.min(), ys.max() + 1
    t = np.clip((np.arange(a.shape[0]) - y0) / max(1, y1 - y0), 0, 1)[:, None, None]
    c0 = np.asarray(c0, np.float64)
    c1 = c0 if c1 is None else np.asarray(c1, np.float64)
    rgb = np.broadcast_to(c0 * (1 - t) + c1 * t, a.shape + (3,)).copy()
    if gloss:  # a hard-edged upper highlight band, as on glossy web buttons
        band = (np.arange(a.shape[0]) < y0 + 0.48 * (y1 - y0))[:, None, None]
        rgb = np.where(band, rgb * 0.6 + 255 * 0.4, rgb)
    return Image.fromarray(np.dstack([np.clip(rgb, 0, 255), a * 255]).astype(np.uint8), "RGBA")


def _text(draw, txt, box, fill, font_name):
    x0, y0, x1, y1 = box
    size = int(y1 - y0)
    while size > 8 * SS:
        f = _font(size, font_name)
        left, top, right, bot = draw.textbbox((0, 0), txt, font=f)
        if right - left <= x1 - x0 and bot - top <= y1 - y0:
            break
        size = int(size * 0.9)
    f = _font(size, font_name)
    left, top, right, bot = draw.textbbox((0, 0), txt, font=f)
    draw.text(((x0 + x1 - left - right) / 2, (y0 + y1 - top - bot) / 2), txt, font=f, fill=fill)


def _ink(c) -> tuple:
    return (255, 255, 255, 255) if sum(c) < 400 else (25, 22, 30, 255)


def _max_filter(sil: Image.Image, size: int) -> Image.Image:
    """``sil.filter(ImageFilter.MaxFilter(size))`` for an "L" image, the same bytes, as a ``size`` x ``size``
    square dilation (OpenCV's is separable; PIL's rank filter costs size**2 a pixel: about 3 s for one
    sticker's 25 px border (SS = 4), most of the artcheck set's drawing time)."""
    if sil.mode != "L" or size < 1 or size % 2 == 0:
        raise ValueError(f"_max_filter takes an L image and an odd size >= 1, got {sil.mode} and {size}")
    return Image.fromarray(cv2.dilate(np.asarray(sil), np.ones((size, size), np.uint8)), "L")


def _badge(shape, rng, col, font):
    s = int(rng.integers(70, 130)) * SS
    words = BADGE_WORDS[int(rng.integers(len(BADGE_WORDS)))]
    sil = Image.new("L", (int(2.2 * s), int(1.6 * s)), 0)
    d = ImageDraw.Draw(sil)
    W, H = sil.size
    if shape == "ribbon":
        n = 0.18 * s
        box = (0.1 * W, 0.35 * H, 0.9 * W, 0.65 * H)
        poly = [(box[0] - n, box[1]), (box[2] + n, box[1]), (box[2], (box[1] + box[3]) / 2), (box[2] + n, box[3]),
                (box[0] - n, box[3]), (box[0], (box[1] + box[3]) / 2)]
        d.polygon(poly, fill=255)
        tb = (box[0] + n, box[1] + 0.15 * (box[3] - box[1]), box[2] - n, box[3] - 0.15 * (box[3] - box[1]))
    elif shape == "tag":
        x0, y0, x1, y1 = 0.25 * W, 0.25 * H, 0.95 * W, 0.75 * H
        d.polygon([(0.08 * W, 0.5 * H), (x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill=255)
        r = 0.05 * H
        d.ellipse([x0 - 1.2 * r - r, 0.5 * H - r, x0 - 1.2 * r + r, 0.5 * H + r], fill=0)
        tb = (x0 + 0.05 * W, y0 + 0.12 * H, x1 - 0.04 * W, y1 - 0.12 * H)
    elif shape == "seal":
        cx, cy, r = W / 2, H / 2, 0.46 * H
        n = int(rng.integers(18, 30))
        for k in range(n):
            a = 2 * np.pi * k / n
            rr = 0.12 * r
            d.ellipse([cx + (r - rr) * np.cos(a) - rr, cy + (r - rr) * np.sin(a) - rr,
                       cx + (r - rr) * np.cos(a) + rr, cy + (r - rr) * np.sin(a) + rr], fill=255)
        d.ellipse([cx - 0.9 * r, cy - 0.9 * r, cx + 0.9 * r, cy + 0.9 * r], fill=255)
        tb = (cx - 0.55 * r, cy - 0.3 * r, cx + 0.55 * r, cy + 0.3 * r)
    elif shape == "bubble":
        d.ellipse([0.08 * W, 0.1 * H, 0.92 * W, 0.75 * H], fill=255)
        d.polygon([(0.3 * W, 0.6 * H), (0.45 * W, 0.68 * H), (0.18 * W, 0.95 * H)], fill=255)
        tb = (0.22 * W, 0.28 * H, 0.78 * W, 0.57 * H)
    else:  # sticker: a rounded blob with a thick white border
        d.rounded_rectangle([0.12 * W, 0.15 * H, 0.88 * W, 0.85 * H], radius=0.3 * H, fill=255)
        tb = (0.25 * W, 0.32 * H, 0.75 * W, 0.68 * H)
    c1 = tuple(int(v * rng.uniform(0.55, 0.8)) for v in col) if rng.uniform() < 0.5 else None
    body = _fill(sil, col, c1)
    if shape == "sticker":
        border = _max_filter(sil, 2 * (3 * SS) + 1)
        body = Image.alpha_composite(_fill(border, (255, 255, 255)), body)
        sil = border
    elif shape == "seal":  # an inner ring in the ink colour
        ImageDraw.Draw(body).ellipse([W / 2 - 0.36 * H, H / 2 - 0.36 * H, W / 2 + 0.36 * H, H / 2 + 0.36 * H],
                                     outline=_ink(col), width=int(0.02 * H) + 1)
    _text(ImageDraw.Draw(body), words, tb, _ink(col), font)
    return _shadowed(sil, body, rng, strength=0.5) if shape in ("sticker", "tag") or rng.uniform() < 0.4 else body


def _icon(d, kind, box, fill):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if kind == 0:  # arrow
        d.polygon([(x0, y0 + 0.38 * h), (x0 + 0.55 * w, y0 + 0.38 * h), (x0 + 0.55 * w, y0 + 0.1 * h), (x1, y0 + 0.5 * h),
                   (x0 + 0.55 * w, y0 + 0.9 * h), (x0 + 0.55 * w, y0 + 0.62 * h), (x0, y0 + 0.62 * h)], fill=fill)
    elif kind == 1:  # play triangle in a ring
        d.ellipse(box, outline=fill, width=max(2, int(0.12 * w)))
        d.polygon([(x0 + 0.38 * w, y0 + 0.28 * h), (x0 + 0.75 * w, y0 + 0.5 * h), (x0 + 0.38 * w, y0 + 0.72 * h)], fill=fill)
    else:  # cart
        d.polygon([(x0, y0 + 0.15 * h), (x0 + 0.2 * w, y0 + 0.15 * h), (x0 + 0.3 * w, y0 + 0.65 * h),
                   (x1, y0 + 0.65 * h), (x1, y0 + 0.3 * h), (x0 + 0.25 * w, y0 + 0.3 * h)], fill=fill)
        for cx in (x0 + 0.38 * w, x0 + 0.85 * w):
            d.ellipse([cx - 0.1 * w, y0 + 0.75 * h, cx + 0.1 * w, y0 + 0.95 * h], fill=fill)


def _button(shape, rng, col, font):
    h = int(rng.integers(34, 58)) * SS
    words = CTA_WORDS[int(rng.integers(len(CTA_WORDS)))]
    probe = ImageDraw.Draw(Image.new("L", (8, 8)))
    f = _font(0.45 * h, font)
    left, _, right, _ = probe.textbbox((0, 0), words, font=f)
    icon = shape == "icon"
    w = int((right - left) + (1.4 + (0.8 if icon else 0)) * h)
    pad = 10 * SS
    sil = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    box = (pad, pad, pad + w, pad + h)
    r = h / 2 if "pill" in shape else rng.uniform(0.1, 0.3) * h
    ImageDraw.Draw(sil).rounded_rectangle(box, radius=r, fill=255)
    if shape == "outline_pill":
        body = _layer(sil.size)
        ImageDraw.Draw(body).rounded_rectangle(box, radius=r, outline=col + (255,), width=max(SS, int(0.07 * h)))
        ink = col + (255,)
    else:
        c1 = tuple(int(v * rng.uniform(0.5, 0.75)) for v in col)
        body = _fill(sil, col, c1, gloss=shape == "glossy_pill")
        ink = _ink(col)
    d = ImageDraw.Draw(body)
    tx0 = pad + (1.0 if icon else 0.5) * h
    _text(d, words, (tx0, pad + 0.27 * h, pad + w - 0.5 * h, pad + 0.73 * h), ink, font)
    if icon:
        _icon(d, int(rng.integers(3)), (pad + 0.35 * h, pad + 0.3 * h, pad + 0.75 * h, pad + 0.7 * h), ink)
    if shape == "gradient_shadow" or (shape == "icon" and rng.uniform() < 0.5):
        return _shadowed(sil, body, rng)
    return body


def _logo(shape, rng, col, font):
    m = int(rng.integers(40, 70)) * SS
    name = BRANDS[int(rng.integers(len(BRANDS)))]
    probe = ImageDraw.Draw(Image.new("L", (8, 8)))
    f = _font(0.55 * m, font)
    left, top, right, bot = probe.textbbox((0, 0), name, font=f)
    gap = int(0.25 * m)
    im = _layer((m + gap + (right - left) + 4 * SS, m + 4 * SS))
    d = ImageDraw.Draw(im)
    c = col + (255,)
    if shape == "monogram":
        if rng.uniform() < 0.5:
            d.ellipse([0, 0, m, m], fill=c)
        else:
            d.rounded_rectangle([0, 0, m, m], radius=0.22 * m, fill=c)
        letter = name[0].upper()
        fm = _font(0.7 * m, font)
        ll, lt, lr, lb = d.textbbox((0, 0), letter, font=fm)
        # knocked out: the letter is transparent (the plate shows through)
        hole = Image.new("L", im.size, 0)
        ImageDraw.Draw(hole).text(((m - ll - lr) / 2, (m - lt - lb) / 2), letter, font=fm, fill=255)
        a = np.asarray(im, np.float64).copy()
        a[..., 3] *= 1 - np.asarray(hole, np.float64) / 255
        im = Image.fromarray(a.astype(np.uint8), "RGBA")
        d = ImageDraw.Draw(im)
    else:
        c2 = _far(rng, np.asarray(col), 120) + (255,)
        k = int(rng.integers(3))
        if k == 0:  # three rising bars
            for i in range(3):
                bh = m * (0.45 + 0.27 * i)
                d.rectangle([i * 0.36 * m, m - bh, i * 0.36 * m + 0.26 * m, m], fill=c if i != 1 else c2)
        elif k == 1:  # stacked chevrons
            for i in range(2):
                y = i * 0.45 * m
                d.polygon([(0, y), (0.5 * m, y + 0.3 * m), (m, y), (m, y + 0.25 * m), (0.5 * m, y + 0.55 * m),
                           (0, y + 0.25 * m)], fill=c if i == 0 else c2)
        else:  # four petals
            for i, (px, py) in enumerate(((0.5, 0.22), (0.78, 0.5), (0.5, 0.78), (0.22, 0.5))):
                d.ellipse([(px - 0.2) * m, (py - 0.2) * m, (px + 0.2) * m, (py + 0.2) * m], fill=c if i % 2 else c2)
    d.text((m + gap - left, (m - top - bot) / 2), name, font=f, fill=c)
    return im


def _product(rng, col):
    w, h = int(rng.integers(50, 80)) * SS, int(rng.integers(110, 170)) * SS
    im = _layer((w + 4 * SS, int(h * 1.45)))
    sil = Image.new("L", im.size, 0)
    d = ImageDraw.Draw(sil)
    if rng.uniform() < 0.5:  # bottle
        nw = 0.34 * w
        d.rectangle([w / 2 - nw / 2, 0, w / 2 + nw / 2, 0.3 * h], fill=255)
        d.rounded_rectangle([0, 0.25 * h, w, h], radius=0.25 * w, fill=255)
    else:  # jar with a lid
        d.rounded_rectangle([0.05 * w, 0, 0.95 * w, 0.2 * h], radius=0.05 * w, fill=255)
        d.rounded_rectangle([0, 0.18 * h, w, h], radius=0.12 * w, fill=255)
    a = np.asarray(sil, np.float64) / 255
    xx = np.arange(a.shape[1])[None, :, None] / max(1, w)
    shade = 0.55 + 0.45 * np.sin(np.clip(xx, 0, 1) * np.pi)  # a cylinder's light
    rgb = np.asarray(col, np.float64)[None, None] * shade
    stripe = (np.abs(xx - 0.28) < 0.05)
    rgb = np.where(stripe, rgb * 0.3 + 255 * 0.7, rgb)
    rgb = np.broadcast_to(rgb, a.shape + (3,)).copy()
    lab = (slice(int(0.5 * h), int(0.8 * h)), slice(int(0.08 * w), int(0.92 * w)))
    rgb[lab] = _far(rng, np.asarray(col), 200)
    rows = int(h)
    refl = rgb[rows - 1:rows - 1 - int(0.4 * h):-1].copy() if rows > int(0.4 * h) else rgb[:0]
    fade = np.linspace(0.5, 0.0, len(refl))[:, None]
    a[rows:rows + len(refl)] = a[rows - 1:rows - 1 - len(refl):-1] * fade
    rgb[rows:rows + len(refl)] = refl
    out = Image.fromarray(np.dstack([np.clip(rgb, 0, 255), a * 255]).astype(np.uint8), "RGBA")
    _text(ImageDraw.Draw(out), BRANDS[int(rng.integers(len(BRANDS)))], (0.14 * w, 0.56 * h, 0.86 * w, 0.74 * h),
          (30, 30, 30, 255), FONTS[0])
    return out


def _glass(rng, font):
    words = PLATE_WORDS[int(rng.integers(len(PLATE_WORDS)))]
    h = int(rng.integers(50, 80)) * SS
    f = _font(0.4 * h, font)
    left, _, right, _ = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), words, font=f)
    w = int(right - left + 0.8 * h)
    dark = rng.uniform() < 0.6
    im = Image.new("RGBA", (w, h), (15, 15, 20, int(255 * rng.uniform(0.5, 0.7))) if dark
                   else (250, 250, 250, int(255 * rng.uniform(0.55, 0.75))))
    _text(ImageDraw.Draw(im), words, (0.4 * h, 0.28 * h, w - 0.4 * h, 0.72 * h),
          (255, 255, 255, 255) if dark else (20, 20, 25, 255), font)
    return im


def _sprite(kind, shape, rng, local):
    font = FONTS[int(rng.integers(len(FONTS)))]
    col = _far(rng, local)
    if kind == "badge":
        im = _badge(shape, rng, col, font)
    elif kind == "button":
        im = _button(shape, rng, col, font)
    elif kind == "logo":
        im = _logo(shape, rng, col, font)
    elif kind == "product":
        im = _product(rng, col)
    else:
        im = _glass(rng, font)
    if kind == "badge" and rng.uniform() < 0.4:
        im = im.rotate(float(rng.uniform(-20, 20)), resample=Image.BICUBIC, expand=True)
    bb = im.getbbox()
    im = im.crop((bb[0] - bb[0] % SS, bb[1] - bb[1] % SS, bb[2] + SS, bb[3] + SS)) if bb else im
    return _shrink(im)


def make_artcheck(index: int, *, split: str = "tune", data_dir: Path | str | None = None) -> ArtifactCreative:
    """Creative ``index`` of an artcheck half (deterministic; see the module docstring).

    Raises
    ------
    ValueError
        For an unknown split.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    rng = np.random.default_rng(SPLITS[split] + index)
    W, H = ((720, 540), (540, 720), (640, 640), (800, 450))[index % 4]
    pk = PLATES[index % 4]
    bg = _plate(pk, (W, H), rng)
    canvas = bg.astype(np.float64)
    person = np.zeros((H, W), bool)
    data_dir = Path(data_dir) if data_dir else ROOT / "data"
    if rng.uniform() < 0.4 and (data_dir / "truth").is_dir():
        layer, person = _person_layer((H, W), rng, data_dir)
        canvas = np.where(person[..., None], layer, canvas)
    occupied = person.copy()
    kinds = list(SHAPES)
    n = int(rng.integers(2, 5))
    arts = []
    for k in range(n):
        kind = kinds[(index + k) % 4] if k < 2 else kinds[int(rng.integers(len(kinds)))]
        shape = SHAPES[kind][int(rng.integers(len(SHAPES[kind])))]
        art = place_artifact(canvas, occupied, bg, rng, kind, shape,
                             lambda local, kind=kind, shape=shape: _sprite(kind, shape, rng, local))
        if art is not None:
            arts.append(art)
    # a headline (text, not an artifact) in one of the URW fonts
    f = _font(int(rng.integers(26, 46)), FONTS[int(rng.integers(len(FONTS)))])
    words = ("Made to last", "Autumn drop", "Feel the difference", "Weekend only")[int(rng.integers(4))]
    canvas, text = place_headline(canvas, occupied, bg, rng, words, f)
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": pk, "size_wh": [W, H], "person": bool(person.any()),
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts]}
    return ArtifactCreative(f"artcheck_{split}_{index:03d}", split, image, bg, arts, person, text, meta)


def write_artcheck(out: Path, *, splits=tuple(SPLITS), count: int = COUNT) -> list[dict]:
    """Write ``count`` creatives of each half into ``out`` (the ``samples_artifacts.py`` layout)."""
    from samples_artifacts import write_artifact_set

    return write_artifact_set(out, splits=splits, count=count, make=make_artcheck)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument("--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})")
    a = ap.parse_args(argv)
    metas = write_artcheck(a.out, splits=a.split, count=a.count)
    print(f"{len(metas)} artcheck creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
