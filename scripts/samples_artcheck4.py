#!/usr/bin/env python
"""Artifacts in real-ad styles no other generator draws: a fifth held-out check.

Issue 9. ``artifacts.py``, ``click_styles.py`` and ``artcheck`` 1-3 already draw flat,
glossy, gradient and glass shapes, ribbons, seals, tags, bubbles, app badges,
countdowns, QR codes, stars, boxes, phones, bottles, stamps, neon, brush blobs and photo
prints. This split draws only styles none of them does, each from first principles (PIL
shapes, numpy fields, OpenCV warps; 3x supersampled, alpha kept as drawn above the 0.1
cut)::

* ``badge``: ``curl``, a sticker (disc or rounded square) with one corner peeled
  back: the flap shows the sticker's pale back, shaded towards the fold, and casts a
  soft shadow on the face; ``laurel``, an award mark: two branches of leaves round a
  word and a year;
* ``button``: ``play``, a round play button over the picture (a translucent disc, a
  thin opaque ring and an opaque triangle); ``ring``, a pill drawn only as a stroke in
  a two- or three-stop gradient, with an icon (heart, chevron, bag) and words in the
  same gradient, the plate showing through inside;
* ``logo``: ``monoline``, a one-weight line drawing (mountains in a circle, waves, a
  leaf, a house) over a letter-spaced wordmark and a tagline, all in one colour;
* ``product``: ``pouch``, a stand-up pouch (bulging sides, a sealed serrated top, a
  tear notch, cylindrical shading, a specular streak, a label) on a soft floor shadow;
  ``card``, a payment card (diagonal gradient, a chip, a masked number, a brand, a
  gloss sweep) tilted in perspective, with a drop shadow;
* ``other``: ``notice``, a phone-style notification card (light or dark, rounded, a
  wide soft shadow, an app icon, a bold title, a grey line, "now").

Plates: veined marble (fbm turbulence), a conic gradient of three colours, a photo
plate from ``data/truth/*/background.png`` (cropped, zoomed, flipped, tinted),
sine-wave stripes, a flat colour with a faint vertical shade. Fonts: URW and DejaVu
faces no other split uses (Z003 script, Nimbus Roman, Nimbus Mono, URW Gothic Book,
Nimbus Sans italic, DejaVu Serif). A person from ``data/`` in about 3 of 10 and a
headline in about 6 of 10 (``samples_artcheck2``'s helpers, as ``samples_artcheck3``
does). Truth as elsewhere: an artifact is where its alpha is > 0.1 (shadows, flaps and
translucent discs included), its words belong to it, the image equals the plate
outside person | text | artifacts. Two halves by seed: ``tune`` (113000+) and
``heldout`` (131000+), :data:`COUNT` creatives each::

    python scripts/samples_artcheck4.py --out /work/out/s16/a4 [--split tune heldout]

Measured when it was written (session 16, main at 248d040, ``auto`` defaults,
``scripts/eval_objects.py``): tune 0.623 of 61 artifacts >= 90 % removed (pixels 0.859,
fill precision 0.976), held-out 0.727 of 55 (0.870, 0.949); artcheck3 on the same code
0.455 / 0.600. One click (``scripts/eval_click.py``, 24 creatives): most-interior IoU
0.665 / 0.730, random interior 0.690 / 0.702. On the tune half (>= 90 % removed by
``auto``): curls 6/7, laurels 6/7, play discs 6/7, notices 6/7, cards 5/7, pouches 6/9,
gradient rings 3/11, line logos 0/6 (the line mark is never proposed; the text source
takes the wordmark); by plate, the photo plate is the hardest (5/15).
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

from creative_tools.bench.artifacts import Artifact, ArtifactCreative  # noqa: E402
from samples_artcheck2 import _headline, _person  # noqa: E402

SPLITS = {"tune": 113000, "heldout": 131000}
COUNT = 24  # creatives per half; the halves' seeds stay disjoint up to 18000
S = 3  # supersampling of the sprites
CUT = 0.1  # alpha over this is truth
SHAPES = {
    "badge": ("curl", "laurel"),
    "button": ("play", "ring"),
    "logo": ("monoline",),
    "product": ("pouch", "card"),
    "other": ("notice",),
}
PLATES = ("marble", "conic", "photo", "waves", "flat")
PHOTO_PLATES = (
    "rocket_landscape",
    "brick_portrait",
)  # data/truth/<stem>/background.png: photo plates
URW = Path("/usr/share/fonts/opentype/urw-base35")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = (
    "NimbusRoman-Bold.otf",
    "NimbusSans-BoldItalic.otf",
    "URWGothic-Book.otf",
    "DejaVuSerif-Bold.ttf",
    "NimbusMonoPS-Bold.otf",
    "Z003-MediumItalic.otf",
)
LIGHT = (
    "URWGothic-Book.otf",
    "NimbusSans-Regular.otf",
    "DejaVuSerif.ttf",
    "NimbusRoman-Regular.otf",
)
BOLD = (
    "NimbusRoman-Bold.otf",
    "NimbusSans-BoldItalic.otf",
    "DejaVuSerif-Bold.ttf",
    "NimbusMonoPS-Bold.otf",
)
STICKER = ("SALE", "-40%", "WOW", "NEW IN", "LAST DAY", "-60%", "GIFT", "HALF OFF")
AWARD = ("BEST", "AWARD", "No.1", "WINNER", "CHOICE", "TOP 10")
CTA = ("Watch", "Try free", "Order", "Book now", "See more", "Sign up", "Follow")
BRANDS = ("Morrow", "QUILL", "veld", "Orin", "LUMA", "Hestia", "pelago", "Norde")
TAGS = (
    "since 1998",
    "outdoor goods",
    "studio",
    "coffee roasters",
    "est. 2011",
    "naturals",
)
NOTICE = (
    ("Your order shipped", "Arrives Thursday"),
    ("Payment received", "$24.90 from Ana"),
    ("Flash sale starts", "Tap to see the deals"),
    ("3 items left", "in your size"),
    ("New message", "See you at 8?"),
)


# --- small drawing helpers ---
def _font(name: str, px: float) -> ImageFont.FreeTypeFont:
    p = (DEJAVU if name.startswith("DejaVu") else URW) / name
    if not p.is_file():  # pragma: no cover - a machine without these fonts
        import matplotlib

        p = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return ImageFont.truetype(str(p), max(6, int(px)))


def _rgb(rng, lo=0, hi=256) -> np.ndarray:
    return rng.integers(lo, hi, 3).astype(np.float64)


def _apart(rng, ref, d=170.0, lo=0, hi=256) -> np.ndarray:
    """A colour at L1 distance > ``d`` from ``ref`` (or its complement)."""
    for _ in range(100):
        c = _rgb(rng, lo, hi)
        if np.abs(c - ref).sum() > d:
            return c
    return 255 - np.asarray(ref, np.float64)


def _luma(c) -> float:
    return float(0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2])


def _draw(w: int, h: int):
    im = Image.new("L", (int(w), int(h)), 0)
    return im, ImageDraw.Draw(im)


def _arr(im) -> np.ndarray:
    return np.asarray(im, np.float64) / 255


def _fit(
    d, words: str, name: str, width: float, height: float
) -> ImageFont.FreeTypeFont:
    """The largest font of ``name`` whose ``words`` fit in width x height."""
    px = height
    while px > 6:
        f = _font(name, px)
        x0, t, x1, b = d.textbbox((0, 0), words, font=f)
        if x1 - x0 <= width and b - t <= height:
            return f
        px *= 0.9
    return _font(name, 6)


class _Layers:
    """A premultiplied RGBA sprite: layers laid ``over`` it, shadows ``under`` it."""

    def __init__(self, w: int, h: int):
        self.p = np.zeros((h, w, 3))
        self.a = np.zeros((h, w))

    def over(self, colour, a) -> None:
        colour = np.broadcast_to(np.asarray(colour, np.float64), self.p.shape)
        self.p = colour * a[..., None] + self.p * (1 - a[..., None])
        self.a = a + self.a * (1 - a)

    def under(self, colour, a) -> None:
        colour = np.broadcast_to(np.asarray(colour, np.float64), self.p.shape)
        k = a * (1 - self.a)
        self.p = self.p + colour * k[..., None]
        self.a = self.a + k

    def rgba(self):
        return self.p / np.maximum(self.a, 1e-9)[..., None], np.clip(self.a, 0, 1)


def _shadow(a, dx, dy, blur, strength) -> np.ndarray:
    """``a`` shifted by (dx, dy) and blurred: a soft shadow's alpha (same shape)."""
    M = np.float32([[1, 0, dx], [0, 1, dy]])
    s = cv2.warpAffine(a, M, a.shape[::-1], flags=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(s, (0, 0), max(blur, 0.5)) * strength


def _pad(rgb, a, p):
    return np.pad(rgb, ((p, p), (p, p), (0, 0))), np.pad(a, p)


def _rotate(rgb, a, deg):
    """Turn a sprite about its centre, premultiplied (no dark fringe), none cut off."""
    h, w = a.shape
    p = int(0.5 * (np.hypot(h, w) - min(h, w))) + 2
    rgb, a = _pad(rgb, a, p)
    M = cv2.getRotationMatrix2D((a.shape[1] / 2, a.shape[0] / 2), deg, 1.0)
    pm = cv2.warpAffine(rgb * a[..., None], M, a.shape[::-1], flags=cv2.INTER_LINEAR)
    a = cv2.warpAffine(a, M, a.shape[::-1], flags=cv2.INTER_LINEAR)
    return pm / np.maximum(a, 1e-9)[..., None], a


def _crop(rgb, a):
    ys, xs = np.nonzero(a > 1e-3)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    return rgb[y0:y1, x0:x1], a[y0:y1, x0:x1]


def _gradient_x(w, h, stops) -> np.ndarray:
    """(h, w, 3): colours ``stops`` spread evenly left to right."""
    t = np.linspace(0, 1, w)
    k = np.linspace(0, 1, len(stops))
    row = np.stack([np.interp(t, k, [s[c] for s in stops]) for c in range(3)], -1)
    return np.broadcast_to(row, (h, w, 3)).copy()


# --- the eight styles (each returns rgb, alpha at S x its final size) ---
def _curl(rng, local, s):
    col = _apart(rng, local)
    w = h = s
    m, d = _draw(w, h)
    disc = rng.uniform() < 0.5
    if disc:
        d.ellipse((0, 0, w - 1, h - 1), fill=255)
    else:
        d.rounded_rectangle(
            (0, 0, w - 1, h - 1), radius=int(s * rng.uniform(0.08, 0.2)), fill=255
        )
    face = _arr(m)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    # the fold: a line across one corner, its normal pointing out of that corner
    ang = (
        rng.uniform(0, 2 * np.pi)
        if disc
        else (np.pi / 4 + np.pi / 2 * int(rng.integers(4)))
    )
    n = np.array([np.cos(ang), np.sin(ang)])
    far = max((xx * n[0] + yy * n[1])[face > 0.5])
    c = far - s * rng.uniform(0.15, 0.28)
    sd = xx * n[0] + yy * n[1] - c  # > 0 beyond the fold
    kept = face * (sd < 0)
    # the flap at p (sd < 0) is the face's corner reflected over the fold: p + 2|sd| n
    mx = (xx - 2 * sd * n[0]).astype(np.float32)
    my = (yy - 2 * sd * n[1]).astype(np.float32)
    flap = np.clip(cv2.remap(face, mx, my, cv2.INTER_LINEAR, borderValue=0), 0, 1) * (
        sd < 0
    )
    L = _Layers(w, h)
    tint = col * (0.85 + 0.15 * (yy / h))[..., None]  # a faint top-to-bottom shade
    L.over(tint, kept)
    ink, di = _draw(w, h)
    word = STICKER[int(rng.integers(len(STICKER)))]
    f = _fit(di, word, BOLD[int(rng.integers(len(BOLD)))], 0.7 * w, 0.3 * h)
    di.text((w // 2, h // 2), word, font=f, fill=255, anchor="mm")
    L.over((255.0,) * 3 if _luma(col) < 150 else (25.0, 20, 30), _arr(ink) * kept)
    shade = cv2.GaussianBlur(flap, (0, 0), 0.04 * s)
    L.over(
        (0.0, 0, 0), np.clip(0.45 * shade - flap, 0, 1) * kept
    )  # the flap's shadow on the face
    back = (
        np.array((238.0, 236, 230))
        * (0.72 + 0.28 * np.clip(-sd / (0.25 * s), 0, 1))[..., None]
    )
    L.over(back, flap)
    rgb, a = L.rgba()
    rgb, a = _pad(rgb, a, int(0.1 * s))
    under = _shadow(a, 0.02 * s, 0.03 * s, 0.03 * s, rng.uniform(0.3, 0.5))
    L2 = _Layers(*a.shape[::-1])
    L2.over(rgb, a)
    L2.under((10.0, 10, 15), under)
    return L2.rgba()


def _laurel(rng, local, s):
    col = _apart(rng, local, 200)
    w, h = int(1.15 * s), s
    m, d = _draw(w, h)
    cx, cy, R = w / 2, h * 0.52, 0.42 * s
    leaf = 0.11 * s
    for side in (-1, 1):
        # leaves along an arc from the bottom up each side, tilted along the stem
        # phi: the angle round the circle from its bottom (0) up to near its top
        for k, phi in enumerate(np.linspace(np.deg2rad(25), np.deg2rad(150), 9)):
            x, y = cx + side * R * np.sin(phi), cy + R * np.cos(phi)
            tang = np.degrees(
                np.arctan2(np.sin(phi), side * np.cos(phi))
            )  # up the arc, y up
            sz = leaf * (1.0 - 0.035 * k)
            lm, ld = _draw(int(2.4 * sz), int(2.4 * sz))
            ld.ellipse((0.2 * sz, 0.75 * sz, 2.2 * sz, 1.65 * sz), fill=255)
            lm = lm.rotate(tang + side * 30, resample=Image.BICUBIC)
            m.paste(255, (int(x - 1.2 * sz), int(y - 1.2 * sz)), lm)
        stem = [
            (cx + side * R * np.sin(phi), cy + R * np.cos(phi))
            for phi in np.linspace(np.deg2rad(15), np.deg2rad(150), 20)
        ]
        d.line(stem, fill=255, width=max(S, int(0.018 * s)))
    word = AWARD[int(rng.integers(len(AWARD)))]
    f = _fit(d, word, FONTS[int(rng.integers(len(FONTS)))], 0.5 * w, 0.2 * h)
    d.text((cx, cy - 0.06 * h), word, font=f, fill=255, anchor="mm")
    f2 = _font(LIGHT[int(rng.integers(len(LIGHT)))], 0.12 * h)
    d.text(
        (cx, cy + 0.14 * h),
        str(int(rng.integers(2019, 2027))),
        font=f2,
        fill=255,
        anchor="mm",
    )
    L = _Layers(w, h)
    L.over(col, _arr(m))
    return L.rgba()


def _play(rng, local, s):
    w = h = s
    light = _luma(local) < 140 or rng.uniform() < 0.3
    disc_c = np.array((255.0, 255, 255)) if light else np.array((15.0, 15, 20))
    m, d = _draw(w, h)
    d.ellipse((0, 0, w - 1, h - 1), fill=255)
    L = _Layers(w, h)
    L.over(disc_c, _arr(m) * rng.uniform(0.3, 0.55))
    r, rd = _draw(w, h)
    rw = max(S, int(s * rng.uniform(0.02, 0.045)))
    rd.ellipse(
        (rw // 2, rw // 2, w - 1 - rw // 2, h - 1 - rw // 2), outline=255, width=rw
    )
    ring_c = (
        np.array((255.0, 255, 255)) if light or rng.uniform() < 0.5 else _rgb(rng, 120)
    )
    L.over(ring_c, _arr(r))
    t, td = _draw(w, h)
    q = 0.2 * s
    td.polygon(
        [
            (w / 2 - 0.75 * q, h / 2 - q),
            (w / 2 - 0.75 * q, h / 2 + q),
            (w / 2 + q, h / 2),
        ],
        fill=255,
    )
    L.over(ring_c if rng.uniform() < 0.6 else (240.0, 40, 60), _arr(t))
    return L.rgba()


def _ring(rng, local, s):
    stops = [_apart(rng, local, 200) for _ in range(int(rng.integers(2, 4)))]
    h = int(0.42 * s)
    word = CTA[int(rng.integers(len(CTA)))]
    m0, d0 = _draw(4 * s, h)
    f = _fit(d0, word, FONTS[int(rng.integers(len(FONTS)))], 3 * s, 0.42 * h)
    tl, tt, tr, tb = d0.textbbox((0, 0), word, font=f)
    icon = 0.42 * h
    w = int((tr - tl) + icon + 1.4 * h)
    grad = _gradient_x(w, h, stops)
    sw = max(S, int(h * rng.uniform(0.05, 0.1)))
    m, d = _draw(w, h)
    d.rounded_rectangle(
        (sw // 2, sw // 2, w - 1 - sw // 2, h - 1 - sw // 2),
        radius=h // 2,
        outline=255,
        width=sw,
    )
    x0, cy = 0.55 * h, h / 2
    kind = ("heart", "chevron", "bag")[int(rng.integers(3))]
    lw = max(S, int(icon * 0.14))
    if kind == "heart":
        r = icon / 4
        d.ellipse((x0, cy - 2 * r, x0 + 2 * r, cy), fill=255)
        d.ellipse((x0 + 2 * r, cy - 2 * r, x0 + 4 * r, cy), fill=255)
        d.polygon(
            [
                (x0 + 0.1 * r, cy - 0.7 * r),
                (x0 + 3.9 * r, cy - 0.7 * r),
                (x0 + 2 * r, cy + 1.9 * r),
            ],
            fill=255,
        )
    elif kind == "chevron":
        d.line(
            [
                (x0 + 0.2 * icon, cy - 0.45 * icon),
                (x0 + 0.7 * icon, cy),
                (x0 + 0.2 * icon, cy + 0.45 * icon),
            ],
            fill=255,
            width=lw,
            joint="curve",
        )
    else:
        d.rectangle((x0, cy - 0.25 * icon, x0 + icon, cy + 0.5 * icon), fill=255)
        d.arc(
            (x0 + 0.2 * icon, cy - 0.6 * icon, x0 + 0.8 * icon, cy),
            180,
            360,
            fill=255,
            width=lw,
        )
    d.text((x0 + icon + 0.25 * h - tl, cy), word, font=f, fill=255, anchor="lm")
    L = _Layers(w, h)
    if rng.uniform() < 0.4:  # a faint tint inside (truth where its alpha > 0.1)
        fm, fd = _draw(w, h)
        fd.rounded_rectangle((0, 0, w - 1, h - 1), radius=h // 2, fill=255)
        L.over(grad, _arr(fm) * rng.uniform(0.15, 0.3))
    L.over(grad, _arr(m))
    return L.rgba()


def _monoline(rng, local, s):
    col = _apart(rng, local, 200)
    brand, tag = (
        BRANDS[int(rng.integers(len(BRANDS)))],
        TAGS[int(rng.integers(len(TAGS)))],
    )
    w, h = int(1.5 * s), int(1.2 * s)
    m, d = _draw(w, h)
    lw = max(S, int(s * rng.uniform(0.02, 0.035)))
    cx, cy, r = w / 2, 0.32 * s, 0.28 * s
    mark = ("mountains", "waves", "leaf", "house")[int(rng.integers(4))]
    if mark == "mountains":
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=lw)
        d.line(
            [
                (cx - 0.8 * r, cy + 0.45 * r),
                (cx - 0.25 * r, cy - 0.4 * r),
                (cx + 0.05 * r, cy + 0.05 * r),
                (cx + 0.35 * r, cy - 0.3 * r),
                (cx + 0.8 * r, cy + 0.45 * r),
            ],
            fill=255,
            width=lw,
            joint="curve",
        )
    elif mark == "waves":
        for k in range(3):
            x = np.linspace(cx - r, cx + r, 40)
            y = cy + (k - 1) * 0.38 * r + 0.15 * r * np.sin((x - cx) / r * 2 * np.pi)
            d.line(list(zip(x, y)), fill=255, width=lw, joint="curve")
    elif mark == "leaf":
        d.arc(
            (cx - r, cy - 1.3 * r, cx + 0.9 * r, cy + 0.9 * r),
            100,
            200,
            fill=255,
            width=lw,
        )
        d.arc(
            (cx - 0.9 * r, cy - 0.9 * r, cx + r, cy + 1.3 * r),
            280,
            20,
            fill=255,
            width=lw,
        )
        d.line(
            [(cx - 0.75 * r, cy + 0.75 * r), (cx + 0.75 * r, cy - 0.75 * r)],
            fill=255,
            width=lw,
        )
    else:
        d.line(
            [(cx - r, cy), (cx, cy - 0.9 * r), (cx + r, cy)],
            fill=255,
            width=lw,
            joint="curve",
        )
        d.rectangle(
            (cx - 0.75 * r, cy, cx + 0.75 * r, cy + 0.85 * r), outline=255, width=lw
        )
        d.rectangle(
            (cx - 0.15 * r, cy + 0.35 * r, cx + 0.15 * r, cy + 0.85 * r),
            outline=255,
            width=lw,
        )
    spaced = " ".join(brand.upper()) if rng.uniform() < 0.6 else brand
    f = _fit(d, spaced, LIGHT[int(rng.integers(len(LIGHT)))], 0.95 * w, 0.2 * s)
    d.text((cx, 0.8 * s), spaced, font=f, fill=255, anchor="mm")
    f2 = _font(FONTS[int(rng.integers(len(FONTS)))], 0.09 * s)
    d.text((cx, 1.0 * s), tag, font=f2, fill=255, anchor="mm")
    L = _Layers(w, h)
    L.over(col, _arr(m))
    return L.rgba()


def _pouch(rng, local, s):
    col = _apart(rng, local)
    w, h = int(0.75 * s), s
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    u = (xx + 0.5) / w * 2 - 1  # -1..1 across
    v = (yy + 0.5) / h  # 0..1 down
    seal = 0.12
    bulge = 0.05 * np.sin(np.pi * np.clip((v - seal) / (1 - seal), 0, 1))
    half = 0.86 + bulge  # half-width in u units
    body = (np.abs(u) < half) & (v > seal) & (v < 0.97 - 0.03 * u**2)
    top = (
        (np.abs(u) < 0.88)
        & (v <= seal)
        & (v > 0.012 + 0.012 * (np.abs(np.sin(u * 40)) > 0.5))
    )
    notch = (np.abs(u) > 0.78) & (np.abs(v - 0.17) < 0.012)
    shape = ((body | top) & ~notch).astype(np.float64)
    shape = cv2.GaussianBlur(shape, (0, 0), 0.6)
    lum = 0.55 + 0.45 * np.cos(np.clip(u / half, -1, 1) * np.pi / 2.2) ** 0.8
    lum = lum * np.where(v <= seal, 0.88, 1.0)
    spec = np.exp(-(((u + 0.45) / 0.07) ** 2)) * 0.35 * (v > seal)
    rgb = col * lum[..., None] + (255 - col * lum[..., None]) * spec[..., None]
    L = _Layers(w, h)
    L.over(rgb, shape)
    lab, ld = _draw(w, h)
    lx0, ly0, lx1, ly1 = 0.15 * w, 0.38 * h, 0.85 * w, 0.7 * h
    if rng.uniform() < 0.5:
        ld.rounded_rectangle((lx0, ly0, lx1, ly1), radius=int(0.05 * w), fill=255)
    else:
        ld.ellipse((lx0, ly0, lx1, ly1), fill=255)
    paper = (
        np.array((246.0, 242, 232)) if rng.uniform() < 0.7 else _apart(rng, col, 200)
    )
    L.over(paper * lum[..., None], _arr(lab) * shape)
    ink, di = _draw(w, h)
    brand = BRANDS[int(rng.integers(len(BRANDS)))]
    f = _fit(di, brand, FONTS[int(rng.integers(len(FONTS)))], 0.6 * w, 0.1 * h)
    di.text((w / 2, 0.5 * h), brand, font=f, fill=255, anchor="mm")
    di.line(
        [(0.3 * w, 0.6 * h), (0.7 * w, 0.6 * h)], fill=255, width=max(S, int(0.008 * h))
    )
    L.over(col * 0.6, _arr(ink) * shape)
    rgb, a = L.rgba()
    p = int(0.12 * h)
    rgb, a = _pad(rgb, a, p)
    H2, W2 = a.shape
    fl, fd = _draw(W2, H2)
    fy = p + 0.96 * h
    fd.ellipse((p - 0.05 * w, fy - 0.04 * h, p + 1.1 * w, fy + 0.05 * h), fill=255)
    floor = cv2.GaussianBlur(_arr(fl), (0, 0), 0.03 * h) * rng.uniform(0.5, 0.75)
    L2 = _Layers(W2, H2)
    L2.over(rgb, a)
    L2.under((12.0, 10, 10), floor)
    return L2.rgba()


def _card(rng, local, s):
    w, h = s, int(s / 1.586)
    c0, c1 = _rgb(rng, 0, 200), _rgb(rng, 40, 256)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    t = np.clip((xx / w + yy / h) / 2, 0, 1)[..., None]
    rgb = c0 * (1 - t) + c1 * t
    m, d = _draw(w, h)
    d.rounded_rectangle((0, 0, w - 1, h - 1), radius=int(0.06 * w), fill=255)
    L = _Layers(w, h)
    L.over(rgb, _arr(m))
    chip, dc = _draw(w, h)
    x0, y0 = 0.1 * w, 0.33 * h
    dc.rounded_rectangle(
        (x0, y0, x0 + 0.14 * w, y0 + 0.2 * h), radius=int(0.02 * w), fill=255
    )
    L.over((212.0, 175, 90), _arr(chip))
    lines, dl = _draw(w, h)
    for k in (1, 2):
        dl.line(
            [(x0, y0 + k * 0.2 * h / 3), (x0 + 0.14 * w, y0 + k * 0.2 * h / 3)],
            fill=255,
            width=S,
        )
    dl.line([(x0 + 0.07 * w, y0), (x0 + 0.07 * w, y0 + 0.2 * h)], fill=255, width=S)
    L.over((140.0, 110, 50), _arr(lines))
    ink, di = _draw(w, h)
    fill = (255.0,) * 3 if _luma(0.5 * (c0 + c1)) < 150 else (20.0, 20, 25)
    di.text(
        (0.1 * w, 0.7 * h),
        "•••• •••• •••• " + str(int(rng.integers(1000, 10000))),
        font=_font("NimbusMonoPS-Bold.otf", 0.075 * h * 1.586),
        fill=255,
        anchor="lm",
    )
    brand = BRANDS[int(rng.integers(len(BRANDS)))]
    di.text(
        (0.92 * w, 0.14 * h),
        brand,
        font=_font(FONTS[int(rng.integers(len(FONTS)))], 0.13 * h),
        fill=255,
        anchor="rt",
    )
    L.over(fill, _arr(ink))
    gloss = (
        np.clip(1 - np.abs((xx / w - yy / h) - rng.uniform(-0.3, 0.3)) / 0.25, 0, 1)
        * 0.25
    )
    L.over((255.0, 255, 255), gloss * _arr(m))
    rgb, a = L.rgba()
    # tilt in perspective: each corner moved inwards at random
    p = int(0.15 * w)
    rgb, a = _pad(rgb, a, p)
    src = np.float32([[p, p], [p + w, p], [p + w, p + h], [p, p + h]])
    jit = (
        rng.uniform(0, 0.12, (4, 2))
        * np.array([w, h])
        * np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]])
    )
    dst = np.float32(src + jit)
    M = cv2.getPerspectiveTransform(src, dst)
    pm = cv2.warpPerspective(
        rgb * a[..., None], M, a.shape[::-1], flags=cv2.INTER_LINEAR
    )
    a = cv2.warpPerspective(a, M, a.shape[::-1], flags=cv2.INTER_LINEAR)
    rgb = pm / np.maximum(a, 1e-9)[..., None]
    L2 = _Layers(*a.shape[::-1])
    L2.over(rgb, a)
    L2.under(
        (5.0, 5, 10), _shadow(a, 0.02 * w, 0.05 * w, 0.04 * w, rng.uniform(0.35, 0.6))
    )
    return L2.rgba()


def _notice(rng, local, s):
    dark = rng.uniform() < 0.35
    w, h = int(2.6 * s), int(0.62 * s)
    m, d = _draw(w, h)
    d.rounded_rectangle((0, 0, w - 1, h - 1), radius=int(0.22 * h), fill=255)
    face = np.array((40.0, 40, 46)) if dark else np.array((252.0, 252, 252))
    L = _Layers(w, h)
    L.over(face, _arr(m) * (0.96 if rng.uniform() < 0.5 else 1.0))
    ic, dd = _draw(w, h)
    q = 0.56 * h
    x0, y0 = 0.2 * h, (h - q) / 2
    dd.rounded_rectangle((x0, y0, x0 + q, y0 + q), radius=int(0.22 * q), fill=255)
    L.over(_rgb(rng, 30, 230), _arr(ic))
    gl, dg = _draw(w, h)
    letter = BRANDS[int(rng.integers(len(BRANDS)))][0].upper()
    dg.text(
        (x0 + q / 2, h / 2),
        letter,
        font=_font(BOLD[int(rng.integers(len(BOLD)))], 0.6 * q),
        fill=255,
        anchor="mm",
    )
    L.over((255.0, 255, 255), _arr(gl))
    title, line = NOTICE[int(rng.integers(len(NOTICE)))]
    tx = x0 + q + 0.2 * h
    t1, d1 = _draw(w, h)
    f1 = _fit(d1, title, BOLD[int(rng.integers(len(BOLD)))], w - tx - 0.9 * h, 0.22 * h)
    d1.text((tx, 0.38 * h), title, font=f1, fill=255, anchor="lm")
    L.over((245.0,) * 3 if dark else (20.0, 20, 24), _arr(t1))
    t2, d2 = _draw(w, h)
    f2 = _font(LIGHT[int(rng.integers(len(LIGHT)))], 0.18 * h)
    d2.text((tx, 0.66 * h), line, font=f2, fill=255, anchor="lm")
    d2.text(
        (w - 0.2 * h, 0.3 * h),
        "now",
        font=_font(LIGHT[0], 0.14 * h),
        fill=255,
        anchor="rm",
    )
    L.over((160.0, 160, 168) if dark else (110.0, 110, 118), _arr(t2))
    rgb, a = L.rgba()
    p = int(0.3 * h)
    rgb, a = _pad(rgb, a, p)
    L2 = _Layers(*a.shape[::-1])
    L2.over(rgb, a)
    L2.under((0.0, 0, 8), _shadow(a, 0, 0.06 * h, 0.1 * h, rng.uniform(0.3, 0.5)))
    return L2.rgba()


DRAW = {
    "curl": _curl,
    "laurel": _laurel,
    "play": _play,
    "ring": _ring,
    "monoline": _monoline,
    "pouch": _pouch,
    "card": _card,
    "notice": _notice,
}
SIZE = {  # final size range of a style's ``s``, as a share of the creative's short side
    "curl": (0.16, 0.3),
    "laurel": (0.18, 0.3),
    "play": (0.12, 0.24),
    "ring": (0.14, 0.22),
    "monoline": (0.16, 0.26),
    "pouch": (0.3, 0.45),
    "card": (0.28, 0.4),
    "notice": (0.2, 0.3),
}


def _sprite(shape: str, rng, local, short: int):
    """(rgb, alpha) of one ``shape`` at its final size: drawn at ``S`` x and shrunk."""
    lo, hi = SIZE[shape]
    s = int(rng.uniform(lo, hi) * short) * S
    rgb, a = DRAW[shape](rng, np.asarray(local, np.float64), s)
    turn = {
        "curl": 25,
        "laurel": 8,
        "ring": 6,
        "monoline": 0,
        "pouch": 5,
        "card": 0,
        "notice": 3,
        "play": 0,
    }[shape]
    if turn and rng.uniform() < 0.6:
        rgb, a = _rotate(rgb, a, rng.uniform(-turn, turn))
    rgb, a = _crop(rgb, a)
    pad = (-np.array(a.shape)) % S
    rgb = np.pad(rgb, ((0, pad[0]), (0, pad[1]), (0, 0)))
    a = np.pad(a, ((0, pad[0]), (0, pad[1])))
    size = (a.shape[1] // S, a.shape[0] // S)
    pm = cv2.resize(rgb * a[..., None], size, interpolation=cv2.INTER_AREA)
    a = np.clip(cv2.resize(a, size, interpolation=cv2.INTER_AREA), 0, 1)
    return np.clip(pm / np.maximum(a, 1e-9)[..., None], 0, 255), a


# --- plates ---
def _fbm(rng, H, W, octaves=5) -> np.ndarray:
    out = np.zeros((H, W))
    for o in range(octaves):
        n = 3 * 2**o
        g = rng.normal(0, 1, (n + 1, n + 1))
        out += cv2.resize(g, (W, H), interpolation=cv2.INTER_CUBIC) / 2**o
    return out / 2


def _plate(kind: str, size, rng, data_dir: Path) -> np.ndarray:
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    if kind == "marble":
        base = _rgb(rng, 190, 256)
        vein = _rgb(rng, 40, 150)
        a = rng.uniform(0, np.pi)
        turb = _fbm(rng, H, W)
        x = (xx * np.cos(a) + yy * np.sin(a)) / rng.uniform(60, 140)
        v = (1 - np.abs(np.sin(x + rng.uniform(3, 6) * turb))) ** rng.uniform(6, 14)
        img = (
            base * (1 - 0.8 * v[..., None])
            + vein * 0.8 * v[..., None]
            + 6 * _fbm(rng, H, W, 3)[..., None]
        )
    elif kind == "conic":
        cs = [_rgb(rng, 30, 256) for _ in range(3)]
        cx, cy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
        t = (np.arctan2(yy - cy, xx - cx) / (2 * np.pi) + 0.5 + rng.uniform()) % 1.0
        k = np.array([0, 1 / 3, 2 / 3, 1])
        img = np.stack(
            [
                np.interp(t, k, [cs[0][c], cs[1][c], cs[2][c], cs[0][c]])
                for c in range(3)
            ],
            -1,
        )
    elif kind == "photo" and (data_dir / "truth").is_dir():
        stem = PHOTO_PLATES[int(rng.integers(len(PHOTO_PLATES)))]
        src = cv2.cvtColor(
            cv2.imread(str(data_dir / "truth" / stem / "background.png")),
            cv2.COLOR_BGR2RGB,
        )
        z = max(W / src.shape[1], H / src.shape[0]) * rng.uniform(1.0, 1.5)
        src = cv2.resize(
            src,
            (max(W, int(src.shape[1] * z + 1)), max(H, int(src.shape[0] * z + 1))),
            interpolation=cv2.INTER_AREA if z < 1 else cv2.INTER_LINEAR,
        )
        y0, x0 = (
            int(rng.integers(0, src.shape[0] - H + 1)),
            int(rng.integers(0, src.shape[1] - W + 1)),
        )
        img = src[y0 : y0 + H, x0 : x0 + W].astype(np.float64)
        if rng.uniform() < 0.5:
            img = img[:, ::-1]
        img = img * rng.uniform(0.8, 1.1, 3)  # a colour grade
    elif kind == "waves":
        c0, c1 = _rgb(rng), _rgb(rng)
        a = rng.uniform(0, np.pi)
        u, v = xx * np.cos(a) + yy * np.sin(a), -xx * np.sin(a) + yy * np.cos(a)
        p = rng.uniform(20, 50)
        t = (
            v + rng.uniform(4, 14) * np.sin(2 * np.pi * u / rng.uniform(80, 200))
        ) % p < p * rng.uniform(0.3, 0.6)
        img = c0 * t[..., None] + c1 * (1 - t[..., None])
        img = cv2.GaussianBlur(img, (0, 0), 0.8)
    else:  # flat (or a photo plate without data/): one colour, faintly shaded
        c = _rgb(rng)
        img = c * (1 + rng.uniform(-0.08, 0.08) * (yy / H - 0.5))[..., None]
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def _place(canvas, occupied, bg, rng, kind, shape) -> Artifact | None:
    H, W = occupied.shape
    for _ in range(40):
        py, px = int(rng.integers(0, H - 40)), int(rng.integers(0, W - 40))
        local = bg[py : py + 60, px : px + 60].reshape(-1, 3).mean(0)
        colour, alpha = _sprite(shape, rng, local, min(H, W))
        h, w = alpha.shape
        if h >= H - 8 or w >= W - 8:
            continue
        y0, x0 = int(rng.integers(3, H - h - 2)), int(rng.integers(3, W - w - 2))
        m = alpha > CUT
        near = cv2.dilate(m.view(np.uint8), np.ones((13, 13), np.uint8)).astype(bool)
        if (occupied[y0 : y0 + h, x0 : x0 + w] & near).any():
            continue
        a = np.where(m, alpha, 0.0)[..., None]
        canvas[y0 : y0 + h, x0 : x0 + w] = colour * a + canvas[
            y0 : y0 + h, x0 : x0 + w
        ] * (1 - a)
        full = np.zeros((H, W), bool)
        full[y0 : y0 + h, x0 : x0 + w] = m
        occupied |= full
        ys, xs = np.nonzero(full)
        return Artifact(
            kind,
            shape,
            full,
            (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1),
        )
    return None


def make_artcheck4(
    index: int, *, split: str = "tune", data_dir: Path | str | None = None
) -> ArtifactCreative:
    """Creative ``index`` of an artcheck4 half (deterministic; see the module doc).

    Raises
    ------
    ValueError
        For an unknown split.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    rng = np.random.default_rng(SPLITS[split] + index)
    W, H = ((660, 660), (840, 480), (520, 740), (760, 560))[index % 4]
    pk = PLATES[index % len(PLATES)]
    data_dir = Path(data_dir) if data_dir else ROOT / "data"
    bg = _plate(pk, (W, H), rng, data_dir)
    canvas = bg.astype(np.float64)
    person = np.zeros((H, W), bool)
    if rng.uniform() < 0.3 and (data_dir / "truth").is_dir():
        person = _person(canvas, rng, data_dir)
    occupied = person.copy()
    styles = [(k, s) for k, v in SHAPES.items() for s in v]
    arts = []
    for k in range(int(rng.integers(2, 4))):
        # the first two walk through the styles (3 * index + k), so each comes often
        kind, shape = (
            styles[(3 * index + k) % len(styles)]
            if k < 2
            else styles[int(rng.integers(len(styles)))]
        )
        art = _place(canvas, occupied, bg, rng, kind, shape)
        if art is not None:
            arts.append(art)
    text = (
        _headline(canvas, occupied, bg, rng)
        if rng.uniform() < 0.6
        else np.zeros((H, W), bool)
    )
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {
        "background": pk,
        "size_wh": [W, H],
        "person": bool(person.any()),
        "headline": bool(text.any()),
        "artifacts": [
            {"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts
        ],
    }
    return ArtifactCreative(
        f"artcheck4_{split}_{index:03d}", split, image, bg, arts, person, text, meta
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument(
        "--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})"
    )
    a = ap.parse_args(argv)
    from samples_artifacts import write_artifact_set

    metas = write_artifact_set(
        a.out, splits=a.split, count=a.count, make=make_artcheck4
    )
    print(f"{len(metas)} artcheck4 creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
