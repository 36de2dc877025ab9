#!/usr/bin/env python
"""Artifacts drawn a third way, from real ad formats the generators never drew (issue 9).

``artcheck`` (``scripts/samples_artcheck.py``) was drawn apart from
:mod:`creative_tools.bench.artifacts`, but it shares that module's placement, compositing,
person cut-outs and photos, and after two sessions of rules fitted on it it no longer
predicts unseen artifacts. This split shares nothing but the data classes
(:class:`~creative_tools.bench.artifacts.Artifact`, ``ArtifactCreative``) and the person
truth in ``data/``: its own renderer (3x supersampled, alpha kept as drawn above the 0.1 cut,
not rescaled), its own placement, its own plates and fonts (Liberation and Noto CJK), and
formats taken from what ads carry::

* ``badge``: a corner ribbon or corner triangle on the frame's corner, a coupon with
  perforated edges and a dashed tear line, a many-pointed starburst, a price tag with a
  struck-out old price and superscript cents, a red CJK seal, a row of rating stars;
* ``button``: a glassy gradient button with an icon disc, a pill drawn as a thin border
  only, an app-store style badge (a dark plate, a glyph, two lines of words);
* ``logo``: a mark filled with a diagonal gradient beside a wordmark, a thin ring with a
  letter and a light wordmark, a row of small payment-style badges;
* ``product``: an isometric box with a contact shadow, a phone with a screen and a drop
  shadow, a bottle shaded as a cylinder with a soft highlight and a cast shadow;
* ``other``: a semi-transparent band with words, a QR code in its quiet zone, a countdown
  (digit boxes, colons, labels), a thick arrow, a brush underline, a thin frame, a
  full-width strip on the top or bottom edge.

Plates: duotone photos (grey photos no other split uses, mapped between two colours), four-
corner mesh gradients with film grain, two-block layouts split straight or on a slant,
halftone dot gradients, dimmed and tinted photos, studio sweeps (a spotlight and a floor
line). A person (from ``data/``, flipped at random) in about 4 of 10, a headline in about 7
of 10 (Liberation or CJK). Truth: an artifact is where its alpha is > 0.1, shadows included,
its words belong to it; the image equals the plate outside person | text | artifacts. Two
halves by seed, the same rules: ``tune`` (61000+) and ``heldout`` (73000+), :data:`COUNT`
creatives each::

    python scripts/samples_artcheck2.py --out /work/out/artifacts/artcheck2 [--split tune heldout] [--count 24]
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

from creative_tools.bench.artifacts import Artifact, ArtifactCreative

SPLITS = {"tune": 61000, "heldout": 73000}
COUNT = 24  # creatives per half; the halves' seeds stay disjoint up to 12000
S3 = 3  # supersampling of the sprites
CUT = 0.1  # alpha over this is truth
LIB = Path("/usr/share/fonts/truetype/liberation")
CJK = Path("/usr/share/fonts/opentype/noto")
FONTS = (
    "LiberationSans-Bold.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "LiberationSans-BoldItalic.ttf",
)
THIN = (
    "LiberationSans-Regular.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSansNarrow-Regular.ttf",
)
SHAPES = {
    "badge": ("corner", "coupon", "starburst", "price_tag", "cjk_seal", "stars"),
    "button": ("glassy_icon", "border_pill", "app_badge"),
    "logo": ("gradient_mark", "ring_mark", "pay_row"),
    "product": ("box", "phone", "bottle"),
    "other": ("glass_band", "qr", "countdown", "arrow", "underline", "frame", "strip"),
}
EDGE_SHAPES = ("corner", "strip")  # laid on the frame's edge
PLATES = ("duotone", "mesh", "blocks", "halftone", "dimmed", "studio")
GREY = ("cell", "clock_motion", "camera", "microaneurysms")
COLOUR = ("color", "chelsea", "coffee", "rocket")
CJK_WORDS = ("包邮", "特价", "新品", "限时", "热卖", "爆款")
DEALS = ("-25%", "SAVE 30", "2 for 1", "HOT", "OFFER", "-15%", "DEAL")
CTAS = (
    "Order now",
    "Claim offer",
    "See plans",
    "Book a demo",
    "Start today",
    "Join free",
)
BRANDS = ("Kordo", "NIMBA", "solace", "Tern&Co", "Aplo", "BRISK", "Fenwy")
BAND_WORDS = (
    "Free delivery over $50",
    "Limited stock",
    "Now in 4 colours",
    "Made in Portugal",
)
HEADS = (
    "Ready when you are",
    "Less noise, more life",
    "This week only",
    "Your next favourite",
    "热卖推荐",
)


def _font(name: str, px: float) -> ImageFont.FreeTypeFont:
    p = (CJK if name.startswith("Noto") else LIB) / name
    if not p.is_file():  # pragma: no cover - a machine without these fonts
        import matplotlib

        p = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return ImageFont.truetype(str(p), max(6, int(px)))


def _grey_photo(name: str, size) -> np.ndarray:
    import skimage.data as D

    path = next(Path(D.__file__).parent.glob(f"{name}.*"))
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    return _cover(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), size)


def _cover(img: np.ndarray, size) -> np.ndarray:
    W, H = size
    h, w = img.shape[:2]
    s = max(W / w, H / h)
    img = cv2.resize(
        img,
        (max(W, round(w * s + 0.5)), max(H, round(h * s + 0.5))),
        interpolation=cv2.INTER_LINEAR,
    )
    y0, x0 = (img.shape[0] - H) // 2, (img.shape[1] - W) // 2
    return np.ascontiguousarray(img[y0 : y0 + H, x0 : x0 + W])


def _rgb(rng, lo=0, hi=256) -> np.ndarray:
    return rng.integers(lo, hi, 3).astype(np.float64)


def _unlike(rng, ref, d=160.0) -> np.ndarray:
    for _ in range(100):
        c = _rgb(rng)
        if np.abs(c - ref).sum() > d:
            return c
    return 255 - np.asarray(ref, np.float64)


def _ink_on(c) -> tuple:
    return (
        (255, 255, 255)
        if 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2] < 150
        else (20, 20, 28)
    )


# --- plates ---
def _plate(kind: str, size, rng) -> np.ndarray:
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    if kind == "duotone":
        g = _grey_photo(GREY[int(rng.integers(len(GREY)))], size).mean(-1) / 255
        g = cv2.GaussianBlur(g, (0, 0), 0.8)
        dark, light = _rgb(rng, 0, 110), _rgb(rng, 150, 256)
        img = dark * (1 - g[..., None]) + light * g[..., None]
    elif kind == "mesh":
        c = [_rgb(rng) for _ in range(4)]
        u, v = (xx / W)[..., None], (yy / H)[..., None]
        img = (c[0] * (1 - u) + c[1] * u) * (1 - v) + (c[2] * (1 - u) + c[3] * u) * v
        img = img + rng.normal(0, rng.uniform(2, 5), (H, W, 1))
    elif kind == "blocks":
        a, b = _rgb(rng), _rgb(rng)
        if rng.uniform() < 0.5:
            cut = xx < rng.uniform(0.35, 0.65) * W
        else:
            cut = yy < (
                rng.uniform(0.3, 0.7) * H
                + np.tan(rng.uniform(-0.35, 0.35)) * (xx - W / 2)
            )
        m = cv2.GaussianBlur(cut.astype(np.float64), (0, 0), 0.7)[..., None]
        img = a * m + b * (1 - m) + rng.normal(0, 1.5, (H, W, 1))
    elif kind == "halftone":
        c0, c1 = _rgb(rng, 150), _rgb(rng, 0, 120)
        step = float(rng.integers(6, 11))
        ang = rng.uniform(0, np.pi)
        u = np.cos(ang) * xx + np.sin(ang) * yy
        t = (u - u.min()) / max(1e-9, np.ptp(u))
        ru, rv = (xx + yy) / np.sqrt(2), (xx - yy) / np.sqrt(2)
        d = np.hypot((ru % step) - step / 2, (rv % step) - step / 2)
        r = 0.55 * step * t
        dot = np.clip(r - d + 0.5, 0, 1)[..., None]
        img = c0 * (1 - dot) + c1 * dot
    elif kind == "dimmed":
        import skimage.data as D

        name = COLOUR[int(rng.integers(len(COLOUR)))]
        path = next(Path(D.__file__).parent.glob(f"{name}.*"))
        img = _cover(
            cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB),
            size,
        ).astype(np.float64)
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 4))
        tint, k = _rgb(rng), rng.uniform(0.25, 0.55)
        img = img * (1 - k) + tint * k * (0.4 + 0.6 * yy[..., None] / H)
    else:  # studio: a sweep lit by a spot, a soft floor line
        base = _rgb(rng, 70, 240)
        spot = np.exp(
            -(
                ((xx - rng.uniform(0.3, 0.7) * W) / (0.5 * W)) ** 2
                + ((yy - 0.35 * H) / (0.6 * H)) ** 2
            )
        )
        floor = 1 / (1 + np.exp(-(yy - rng.uniform(0.6, 0.8) * H) / rng.uniform(6, 20)))
        img = base * (0.65 + 0.4 * spot)[..., None] * (1 - 0.12 * floor)[..., None]
        img = img + rng.normal(0, 1.0, (H, W, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


# --- sprites: (rgb, alpha) float arrays at S3 x; shapes drawn on L images ---
class Sprite:
    """An RGBA picture built in layers at ``S3`` times the final size."""

    def __init__(self, w: float, h: float):
        self.w, self.h = int(w), int(h)
        self.rgb = np.zeros((self.h, self.w, 3))
        self.a = np.zeros((self.h, self.w))

    def canvas(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        im = Image.new("L", (self.w, self.h), 0)
        return im, ImageDraw.Draw(im)

    def over(self, cover, colour, *, opacity: float = 1.0) -> None:
        """Lay ``colour`` ((3,) or (h, w, 3)) over the sprite where ``cover`` (L image or array) says."""
        a = (
            np.asarray(cover, np.float64) / 255
            if isinstance(cover, Image.Image)
            else cover
        ) * opacity
        col = np.broadcast_to(np.asarray(colour, np.float64), self.rgb.shape)
        out = a + self.a * (1 - a)
        self.rgb = np.where(
            out[..., None] > 0,
            (col * a[..., None] + self.rgb * (self.a * (1 - a))[..., None])
            / np.maximum(out, 1e-9)[..., None],
            0,
        )
        self.a = out

    def under_shadow(self, dx: float, dy: float, blur: float, k: float) -> None:
        """A black shadow of the current silhouette, shifted and blurred, laid under it."""
        sh = np.zeros_like(self.a)
        dx, dy = int(dx), int(dy)
        sh[max(0, dy) :, max(0, dx) :] = self.a[
            : self.h - max(0, dy), : self.w - max(0, dx)
        ]
        sh = cv2.GaussianBlur(sh, (0, 0), blur) * k
        out = self.a + sh * (1 - self.a)
        self.rgb = np.where(
            out[..., None] > 0,
            self.rgb * (self.a / np.maximum(out, 1e-9))[..., None],
            0,
        )
        self.a = out

    def text(self, txt: str, box, fill, font_name: str, *, anchor="mm") -> None:
        x0, y0, x1, y1 = box
        size = y1 - y0
        im, d = self.canvas()
        while size > 7 * S3:
            f = _font(font_name, size)
            left, top, right, bot = d.textbbox((0, 0), txt, font=f)
            if right - left <= x1 - x0 and bot - top <= y1 - y0:
                break
            size *= 0.9
        f = _font(font_name, size)
        left, top, right, bot = d.textbbox((0, 0), txt, font=f)
        if anchor == "lm":
            x = x0 - left
        else:
            x = (x0 + x1 - left - right) / 2
        d.text((x, (y0 + y1 - top - bot) / 2), txt, font=f, fill=255)
        self.over(im, fill)

    def shrink(self) -> tuple[np.ndarray, np.ndarray]:
        ys, xs = np.nonzero(self.a > 0.02)
        if not len(ys):
            return np.zeros((1, 1, 3)), np.zeros((1, 1))
        y0, x0 = ys.min() - ys.min() % S3, xs.min() - xs.min() % S3
        y1 = ys.max() + 1 + (-(ys.max() + 1)) % S3
        x1 = xs.max() + 1 + (-(xs.max() + 1)) % S3
        rgb, a = self.rgb[y0:y1, x0:x1], self.a[y0:y1, x0:x1]
        size = ((x1 - x0) // S3, (y1 - y0) // S3)
        al = cv2.resize(a, size, interpolation=cv2.INTER_AREA)
        pm = cv2.resize(rgb * a[..., None], size, interpolation=cv2.INTER_AREA)
        return np.where(al[..., None] > 0, pm / np.maximum(al, 1e-9)[..., None], 0), al


def _rrect(d, box, r, **kw):
    d.rounded_rectangle([float(v) for v in box], radius=float(r), **kw)


def _grad(h, w, c0, c1, angle=90.0) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    a = np.deg2rad(angle)
    u = np.cos(a) * xx + np.sin(a) * yy
    t = ((u - u.min()) / max(1e-9, np.ptp(u)))[..., None]
    return np.asarray(c0, np.float64) * (1 - t) + np.asarray(c1, np.float64) * t


def _star_poly(cx, cy, r, n=5, inner=0.45, rot=-np.pi / 2):
    pts = []
    for i in range(2 * n):
        rr = r if i % 2 == 0 else r * inner
        t = rot + i * np.pi / n
        pts.append((cx + rr * np.cos(t), cy + rr * np.sin(t)))
    return pts


# badges
def _corner(rng, col, fonts, frame_corner):
    s = float(rng.integers(90, 150)) * S3
    sp = Sprite(s, s)
    im, d = sp.canvas()
    ink = _ink_on(col)
    word = (
        DEALS[int(rng.integers(len(DEALS)))]
        if rng.uniform() < 0.7
        else CJK_WORDS[int(rng.integers(6))]
    )
    font = "NotoSansCJK-Bold.ttc" if word in CJK_WORDS else fonts[0]
    if rng.uniform() < 0.5:  # a diagonal band across the corner
        a, b = rng.uniform(0.35, 0.5) * s, rng.uniform(0.72, 0.9) * s
        d.polygon([(a, 0), (b, 0), (0, b), (0, a)], fill=255)
        sp.over(im, col)
        t = Sprite(s, s)
        t.text(word, (0, 0, (b - a) * 1.25, 0.55 * (b - a)), ink, font)
        w = Image.fromarray((t.a * 255).astype(np.uint8))
        mid = (a + b) / 4
        w = w.rotate(
            45,
            resample=Image.BICUBIC,
            center=(0.62 * (b - a), 0.27 * (b - a)),
            translate=(mid - 0.62 * (b - a), mid - 0.27 * (b - a)),
        )
        sp.over(np.asarray(w, np.float64) / 255 * (np.asarray(im) > 0), ink)
    else:  # a corner triangle with the word along its hypotenuse
        d.polygon([(0, 0), (s, 0), (0, s)], fill=255)
        sp.over(im, col)
        t = Sprite(s, s)
        t.text(word, (0, 0, 0.55 * s, 0.2 * s), ink, font)
        w = Image.fromarray((t.a * 255).astype(np.uint8)).rotate(
            45,
            resample=Image.BICUBIC,
            center=(0.275 * s, 0.1 * s),
            translate=(0.02 * s, 0.14 * s),
        )
        sp.over(np.asarray(w, np.float64) / 255 * (np.asarray(im) > 0), ink)
    k = {"tl": 0, "tr": -1, "br": 2, "bl": 1}[
        frame_corner
    ]  # turned, not mirrored: the words stay readable
    sp.rgb, sp.a = np.rot90(sp.rgb, k).copy(), np.rot90(sp.a, k).copy()
    return sp


def _badge(shape, rng, col, fonts):
    ink = _ink_on(col)
    if shape == "coupon":
        w, h = float(rng.integers(130, 200)) * S3, float(rng.integers(60, 90)) * S3
        sp = Sprite(w + 4, h + 4)
        im, d = sp.canvas()
        _rrect(d, (2, 2, w, h), 4 * S3, fill=255)
        r = rng.uniform(2.5, 4) * S3
        for y in np.arange(2 + 2 * r, h - r, 2.6 * r):  # perforated short edges
            d.ellipse((2 - r, y - r, 2 + r, y + r), fill=0)
            d.ellipse((w - r, y - r, w + r, y + r), fill=0)
        sp.over(im, col)
        dash, dd = sp.canvas()
        xc = 0.3 * w
        for y in np.arange(8 * S3, h - 6 * S3, 7 * S3):
            dd.line((xc, y, xc, y + 4 * S3), fill=255, width=int(1.5 * S3))
        sp.over(dash, ink)
        sp.text(
            DEALS[int(rng.integers(len(DEALS)))],
            (xc + 6 * S3, 0.18 * h, w - 8 * S3, 0.62 * h),
            ink,
            fonts[0],
        )
        sp.text(
            "CODE " + BRANDS[int(rng.integers(len(BRANDS)))].upper()[:5],
            (xc + 6 * S3, 0.66 * h, w - 8 * S3, 0.86 * h),
            ink,
            THIN[0],
        )
        sp.text("%", (8 * S3, 0.25 * h, xc - 6 * S3, 0.75 * h), ink, fonts[0])
        return sp
    if shape == "starburst":
        r = float(rng.integers(45, 75)) * S3
        sp = Sprite(2 * r + 4, 2 * r + 4)
        im, d = sp.canvas()
        n = int(rng.integers(16, 34))
        d.polygon(_star_poly(r + 2, r + 2, r, n, rng.uniform(0.8, 0.9)), fill=255)
        sp.over(im, col)
        if rng.uniform() < 0.5:
            ring, dr = sp.canvas()
            dr.ellipse(
                (r + 2 - 0.7 * r, r + 2 - 0.7 * r, r + 2 + 0.7 * r, r + 2 + 0.7 * r),
                outline=255,
                width=int(1.5 * S3),
            )
            sp.over(ring, ink)
        sp.text(
            DEALS[int(rng.integers(len(DEALS)))],
            (r + 2 - 0.55 * r, r + 2 - 0.3 * r, r + 2 + 0.55 * r, r + 2 + 0.3 * r),
            ink,
            fonts[int(rng.integers(len(fonts)))],
        )
        return sp
    if shape == "price_tag":
        w, h = float(rng.integers(100, 150)) * S3, float(rng.integers(60, 85)) * S3
        sp = Sprite(w, h)
        im, d = sp.canvas()
        _rrect(d, (0, 0, w - 1, h - 1), rng.uniform(3, 14) * S3, fill=255)
        sp.over(im, col)
        old = int(rng.integers(40, 200))
        sp.text(f"${old}", (0.2 * w, 0.06 * h, 0.8 * w, 0.3 * h), ink, THIN[0])
        line, dl = sp.canvas()
        dl.line((0.3 * w, 0.2 * h, 0.7 * w, 0.16 * h), fill=255, width=int(1.5 * S3))
        sp.over(line, ink)
        sp.text(
            f"${int(old * 0.6)}", (0.1 * w, 0.34 * h, 0.68 * w, 0.94 * h), ink, fonts[0]
        )
        sp.text(".99", (0.7 * w, 0.36 * h, 0.93 * w, 0.58 * h), ink, fonts[0])
        return sp
    if shape == "cjk_seal":
        s = float(rng.integers(60, 95)) * S3
        sp = Sprite(1.5 * s, 1.5 * s)
        im, d = sp.canvas()
        o = 0.25 * s
        _rrect(d, (o, o, o + s, o + s), 0.14 * s, fill=255)
        red = np.array(
            [rng.integers(190, 240), rng.integers(10, 60), rng.integers(20, 60)],
            np.float64,
        )
        sp.over(im, red)
        if rng.uniform() < 0.6:
            ln, dl = sp.canvas()
            _rrect(
                dl,
                (o + 0.08 * s, o + 0.08 * s, o + 0.92 * s, o + 0.92 * s),
                0.1 * s,
                outline=255,
                width=int(1.2 * S3),
            )
            sp.over(ln, (255, 240, 220))
        word = CJK_WORDS[int(rng.integers(6))]
        sp.text(
            word,
            (o + 0.14 * s, o + 0.2 * s, o + 0.86 * s, o + 0.8 * s),
            (255, 245, 225),
            "NotoSansCJK-Bold.ttc",
        )
        img = Image.fromarray(
            np.dstack([sp.rgb, sp.a * 255]).clip(0, 255).astype(np.uint8), "RGBA"
        )
        img = img.rotate(float(rng.uniform(-14, 14)), resample=Image.BICUBIC)
        arr = np.asarray(img, np.float64)
        sp.rgb, sp.a = arr[..., :3], arr[..., 3] / 255
        return sp
    # stars: five stars, the last partly filled, a score beside them
    r = float(rng.integers(8, 14)) * S3
    gap = rng.uniform(0.25, 0.6) * r
    w = 5 * 2 * r + 4 * gap
    sp = Sprite(w + 4.2 * r, 2 * r + 4)
    gold = np.array(
        [rng.integers(220, 256), rng.integers(150, 200), rng.integers(0, 50)],
        np.float64,
    )
    frac = rng.uniform(0.3, 0.8)
    for i in range(5):
        cx = r + i * (2 * r + gap)
        im, d = sp.canvas()
        d.polygon(_star_poly(cx, r + 2, r), fill=255)
        if i < 4:
            sp.over(im, gold)
        else:
            a = np.asarray(im, np.float64) / 255
            left = (np.arange(sp.w) < cx - r + frac * 2 * r)[None]
            sp.over(a * left, gold)
            grey = np.full(3, 200.0) if col.mean() < 128 else np.full(3, 90.0)
            sp.over(a * ~left, grey)
    sp.text(
        f"{rng.uniform(4.1, 4.9):.1f}",
        (w + 0.4 * r, 0.1 * r, w + 4.1 * r, 1.9 * r + 4),
        _ink_on(255 - col),
        fonts[0],
        anchor="lm",
    )
    return sp


def _glyph(d, kind, box, fill=255):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if kind == "play":
        d.polygon(
            [
                (x0 + 0.2 * w, y0 + 0.1 * h),
                (x1 - 0.1 * w, (y0 + y1) / 2),
                (x0 + 0.2 * w, y1 - 0.1 * h),
            ],
            fill=fill,
        )
    elif kind == "arrow":
        d.line(
            (x0 + 0.15 * w, (y0 + y1) / 2, x1 - 0.25 * w, (y0 + y1) / 2),
            fill=fill,
            width=max(2, int(0.16 * h)),
        )
        d.polygon(
            [
                (x1 - 0.4 * w, y0 + 0.2 * h),
                (x1 - 0.08 * w, (y0 + y1) / 2),
                (x1 - 0.4 * w, y1 - 0.2 * h),
            ],
            fill=fill,
        )
    elif kind == "bag":
        _rrect(
            d,
            (x0 + 0.15 * w, y0 + 0.35 * h, x1 - 0.15 * w, y1 - 0.08 * h),
            0.08 * w,
            fill=fill,
        )
        d.arc(
            (x0 + 0.3 * w, y0 + 0.08 * h, x1 - 0.3 * w, y0 + 0.6 * h),
            180,
            360,
            fill=fill,
            width=max(2, int(0.1 * h)),
        )
    else:  # leaf / fruit
        d.ellipse(
            (x0 + 0.15 * w, y0 + 0.3 * h, x1 - 0.15 * w, y1 - 0.05 * h), fill=fill
        )
        d.ellipse((x0 + 0.45 * w, y0, x0 + 0.75 * w, y0 + 0.3 * h), fill=fill)


def _button(shape, rng, col, fonts, local):
    if shape == "glassy_icon":
        h = float(rng.integers(40, 60)) * S3
        w = h * rng.uniform(3.2, 4.8)
        sp = Sprite(w + 12 * S3, h + 14 * S3)
        im, d = sp.canvas()
        r = h / 2 if rng.uniform() < 0.5 else h / 5
        _rrect(d, (2 * S3, 2 * S3, 2 * S3 + w, 2 * S3 + h), r, fill=255)
        light = np.clip(col * 1.25 + 30, 0, 255)
        dark = col * 0.7
        sp.over(im, _grad(sp.h, sp.w, light, dark, 90))
        hl, dh = sp.canvas()
        _rrect(
            dh,
            (2 * S3 + r * 0.5, 3.5 * S3, 2 * S3 + w - r * 0.5, 2 * S3 + 0.45 * h),
            r * 0.6,
            fill=255,
        )
        sp.over(hl, (255, 255, 255), opacity=rng.uniform(0.12, 0.3))
        disc, dd = sp.canvas()
        c = 2 * S3 + h / 2
        dd.ellipse((c - 0.36 * h, c - 0.36 * h, c + 0.36 * h, c + 0.36 * h), fill=255)
        sp.over(disc, (255, 255, 255), opacity=0.92)
        gl, dg = sp.canvas()
        _glyph(
            dg,
            ("play", "arrow", "bag")[int(rng.integers(3))],
            (c - 0.2 * h, c - 0.2 * h, c + 0.2 * h, c + 0.2 * h),
        )
        sp.over(gl, dark)
        sp.text(
            CTAS[int(rng.integers(len(CTAS)))],
            (c + 0.5 * h, 2 * S3 + 0.25 * h, 2 * S3 + w - 0.35 * h, 2 * S3 + 0.75 * h),
            _ink_on(col),
            fonts[0],
        )
        if rng.uniform() < 0.6:
            sp.under_shadow(0, 3 * S3, rng.uniform(2, 4) * S3, rng.uniform(0.3, 0.5))
        return sp
    if shape == "border_pill":
        h = float(rng.integers(34, 52)) * S3
        w = h * rng.uniform(3.0, 4.5)
        sp = Sprite(w + 4 * S3, h + 4 * S3)
        im, d = sp.canvas()
        _rrect(
            d,
            (2 * S3, 2 * S3, 2 * S3 + w, 2 * S3 + h),
            h / 2,
            outline=255,
            width=int(rng.uniform(1.2, 2.6) * S3),
        )
        ink = tuple(_unlike(rng, local, 220)) if rng.uniform() < 0.5 else _ink_on(local)
        sp.over(im, ink)
        words = CTAS[int(rng.integers(len(CTAS)))] + (
            "  →" if rng.uniform() < 0.4 else ""
        )
        sp.text(
            words,
            (
                2 * S3 + 0.45 * h,
                2 * S3 + 0.28 * h,
                2 * S3 + w - 0.45 * h,
                2 * S3 + 0.72 * h,
            ),
            ink,
            THIN[int(rng.integers(len(THIN)))] if rng.uniform() < 0.5 else fonts[0],
        )
        return sp
    # app_badge: a dark plate, a glyph, two lines
    h = float(rng.integers(38, 56)) * S3
    w = h * rng.uniform(2.8, 3.4)
    sp = Sprite(w + 2, h + 2)
    im, d = sp.canvas()
    dark = rng.uniform() < 0.75
    _rrect(d, (1, 1, w, h), 0.18 * h, fill=255)
    plate = np.array((12, 12, 14) if dark else (250, 250, 250), np.float64)
    sp.over(im, plate)
    ink = (255, 255, 255) if dark else (10, 10, 10)
    if rng.uniform() < 0.6:
        ln, dl = sp.canvas()
        _rrect(dl, (1, 1, w, h), 0.18 * h, outline=255, width=int(1 * S3))
        sp.over(ln, (150, 150, 150))
    gl, dg = sp.canvas()
    kind = ("play", "fruit")[int(rng.integers(2))]
    _glyph(dg, kind, (0.1 * h, 0.2 * h, 0.7 * h, 0.8 * h))
    sp.over(
        gl,
        _grad(sp.h, sp.w, (40, 200, 120), (60, 120, 255), 45)
        if kind == "play"
        else np.array(ink, float),
    )
    sp.text(
        ("Get it on", "Download on the", "Available on")[int(rng.integers(3))],
        (0.85 * h, 0.14 * h, w - 0.12 * h, 0.4 * h),
        ink,
        THIN[0],
        anchor="lm",
    )
    sp.text(
        ("AppHub", "App Market", "Playstore")[int(rng.integers(3))],
        (0.85 * h, 0.42 * h, w - 0.12 * h, 0.86 * h),
        ink,
        fonts[0],
        anchor="lm",
    )
    return sp


def _logo(shape, rng, col, fonts, local):
    word = BRANDS[int(rng.integers(len(BRANDS)))]
    ink = tuple(_unlike(rng, local, 200)) if rng.uniform() < 0.5 else _ink_on(local)
    if shape == "pay_row":
        n = int(rng.integers(3, 6))
        bh = float(rng.integers(22, 32)) * S3
        bw = bh * rng.uniform(1.4, 1.8)
        gap = rng.uniform(4, 9) * S3
        sp = Sprite(n * bw + (n - 1) * gap + 2, bh + 2)
        for i in range(n):
            x = i * (bw + gap)
            im, d = sp.canvas()
            _rrect(d, (x + 1, 1, x + bw, bh), 0.15 * bh, fill=255)
            fillc = _rgb(rng)
            sp.over(im, fillc)
            if i % 2 == 0:
                sp.text(
                    ("PAY", "CARD", "BANK", "GO", "CASH")[int(rng.integers(5))],
                    (x + 0.15 * bw, 0.25 * bh, x + 0.85 * bw, 0.75 * bh),
                    _ink_on(fillc),
                    fonts[int(rng.integers(len(fonts)))],
                )
            else:
                c1, c2 = _rgb(rng), _rgb(rng)
                for cx, cc in ((x + 0.38 * bw, c1), (x + 0.62 * bw, c2)):
                    im2, d2 = sp.canvas()
                    d2.ellipse(
                        (cx - 0.28 * bh, 0.22 * bh, cx + 0.28 * bh, 0.78 * bh), fill=255
                    )
                    sp.over(im2, cc, opacity=0.9)
        return sp
    h = float(rng.integers(44, 80)) * S3
    f = _font(
        fonts[int(rng.integers(len(fonts)))] if shape == "gradient_mark" else THIN[0],
        0.55 * h,
    )
    tmp = ImageDraw.Draw(Image.new("L", (1, 1)))
    l, t, r, b = tmp.textbbox((0, 0), word, font=f)
    gap = rng.uniform(0.15, 0.35) * h
    sp = Sprite(h + gap + (r - l) + 6 * S3, h + 4)
    im, d = sp.canvas()
    if shape == "gradient_mark":
        form = int(rng.integers(4))
        if form == 0:
            d.ellipse((1, 1, h, h), fill=255)
        elif form == 1:
            d.polygon(
                [
                    (h / 2 + 0.5 * h * np.cos(a), h / 2 + 0.5 * h * np.sin(a))
                    for a in np.linspace(0, 2 * np.pi, 7)[:-1] + np.pi / 6
                ],
                fill=255,
            )
        elif form == 2:
            _rrect(d, (1, 1, h, h), 0.28 * h, fill=255)
        else:  # a drop
            d.ellipse((0.12 * h, 0.3 * h, 0.88 * h, h), fill=255)
            d.polygon(
                [(h / 2, 1), (0.14 * h, 0.62 * h), (0.86 * h, 0.62 * h)], fill=255
            )
        sp.over(
            im, _grad(sp.h, sp.w, col, _unlike(rng, col, 180), rng.uniform(20, 160))
        )
        if rng.uniform() < 0.6:  # a knocked-out letter or swoosh
            ko, dk = sp.canvas()
            if rng.uniform() < 0.5:
                dk.text(
                    (h / 2, h / 2),
                    word[0].upper(),
                    font=_font(fonts[0], 0.55 * h),
                    fill=255,
                    anchor="mm",
                )
            else:
                dk.arc(
                    (0.15 * h, 0.3 * h, 0.85 * h, 0.85 * h),
                    200,
                    340,
                    fill=255,
                    width=int(0.09 * h),
                )
            sp.a = sp.a * (1 - np.asarray(ko, np.float64) / 255)
    else:  # ring_mark: a thin ring, a letter inside, a light wordmark
        d.ellipse(
            (2, 2, h - 2, h - 2), outline=255, width=int(rng.uniform(1.5, 3) * S3)
        )
        d.text(
            (h / 2, h / 2),
            word[0].upper(),
            font=_font(THIN[int(rng.integers(len(THIN)))], 0.5 * h),
            fill=255,
            anchor="mm",
        )
        sp.over(im, ink)
    wm, dw = sp.canvas()
    dw.text((h + gap - l, (h - t - b) / 2), word, font=f, fill=255)
    sp.over(wm, ink)
    return sp


def _product(shape, rng, col, fonts):
    if shape == "box":
        w, hgt, dep = (
            float(rng.integers(a, b)) * S3 for a, b in ((60, 110), (70, 130), (25, 50))
        )
        sx, sy = 0.7 * dep, 0.45 * dep
        sp = Sprite(w + sx + 30 * S3, hgt + sy + 24 * S3)
        ox, oy = 12 * S3, sy + 2
        sh, ds = sp.canvas()
        ds.ellipse(
            (ox - 6 * S3, oy + hgt - 6 * S3, ox + w + sx + 14 * S3, oy + hgt + 14 * S3),
            fill=255,
        )
        sp.over(
            cv2.GaussianBlur(np.asarray(sh, np.float64) / 255, (0, 0), 5 * S3),
            (0, 0, 0),
            opacity=0.55,
        )
        for poly, shade in (
            ([(ox, oy), (ox + w, oy), (ox + w, oy + hgt), (ox, oy + hgt)], 1.0),
            (
                [
                    (ox + w, oy),
                    (ox + w + sx, oy - sy),
                    (ox + w + sx, oy + hgt - sy),
                    (ox + w, oy + hgt),
                ],
                0.62,
            ),
            (
                [(ox, oy), (ox + sx, oy - sy), (ox + w + sx, oy - sy), (ox + w, oy)],
                1.25,
            ),
        ):
            im, d = sp.canvas()
            d.polygon(poly, fill=255)
            sp.over(im, np.clip(col * shade, 0, 255))
        band, db = sp.canvas()
        db.rectangle((ox, oy + 0.55 * hgt, ox + w, oy + 0.75 * hgt), fill=255)
        stripe = _unlike(rng, col, 200)
        sp.over(band, stripe)
        sp.text(
            BRANDS[int(rng.integers(len(BRANDS)))],
            (ox + 0.1 * w, oy + 0.15 * hgt, ox + 0.9 * w, oy + 0.4 * hgt),
            _ink_on(col),
            fonts[0],
        )
        return sp
    if shape == "phone":
        w = float(rng.integers(55, 85)) * S3
        h = w * rng.uniform(1.9, 2.1)
        sp = Sprite(w + 40 * S3, h + 40 * S3)
        o = 10 * S3
        im, d = sp.canvas()
        _rrect(d, (o, o, o + w, o + h), 0.16 * w, fill=255)
        sp.over(im, (rng.integers(10, 40),) * 3)
        scr, dsc = sp.canvas()
        m = 0.05 * w
        _rrect(dsc, (o + m, o + m, o + w - m, o + h - m), 0.12 * w, fill=255)
        sp.over(scr, _grad(sp.h, sp.w, _rgb(rng), _rgb(rng), rng.uniform(45, 135)))
        for k in range(int(rng.integers(2, 4))):
            card, dc = sp.canvas()
            y = o + (0.3 + 0.2 * k) * h
            _rrect(dc, (o + 2 * m, y, o + w - 2 * m, y + 0.13 * h), 0.04 * w, fill=255)
            sp.over(card, (255, 255, 255), opacity=0.85)
        notch, dn = sp.canvas()
        _rrect(
            dn, (o + 0.35 * w, o + 1.6 * m, o + 0.65 * w, o + 2.6 * m), m / 2, fill=255
        )
        sp.over(notch, (8, 8, 8))
        sp.under_shadow(
            rng.uniform(4, 10) * S3,
            rng.uniform(6, 14) * S3,
            rng.uniform(3, 6) * S3,
            rng.uniform(0.3, 0.5),
        )
        if rng.uniform() < 0.5:
            img = Image.fromarray(
                np.dstack([sp.rgb, sp.a * 255]).clip(0, 255).astype(np.uint8), "RGBA"
            )
            arr = np.asarray(
                img.rotate(
                    float(rng.uniform(-18, 18)), resample=Image.BICUBIC, expand=True
                ),
                np.float64,
            )
            sp.rgb, sp.a = arr[..., :3], arr[..., 3] / 255
            sp.h, sp.w = sp.a.shape
        return sp
    # bottle: a cylinder's shading across, a soft highlight, a label, a cap, a cast shadow
    w = float(rng.integers(36, 60)) * S3
    h = w * rng.uniform(2.6, 3.6)
    sp = Sprite(w * 2.6, h + 16 * S3)
    ox, oy = 0.3 * w, 2
    sh, dsh = sp.canvas()
    dsh.ellipse(
        (ox + 0.1 * w, oy + h - 0.08 * w, ox + 2.1 * w, oy + h + 0.14 * w), fill=255
    )
    sp.over(
        cv2.GaussianBlur(np.asarray(sh, np.float64) / 255, (0, 0), 3 * S3),
        (0, 0, 0),
        opacity=0.5,
    )
    im, d = sp.canvas()
    neck = 0.36 * w
    d.rounded_rectangle((ox, oy + 0.32 * h, ox + w, oy + h), radius=0.12 * w, fill=255)
    d.polygon(
        [
            (ox + 0.02 * w, oy + 0.36 * h),
            (ox + w / 2 - neck / 2, oy + 0.2 * h),
            (ox + w / 2 + neck / 2, oy + 0.2 * h),
            (ox + 0.98 * w, oy + 0.36 * h),
        ],
        fill=255,
    )
    d.rectangle(
        (ox + w / 2 - neck / 2, oy + 0.1 * h, ox + w / 2 + neck / 2, oy + 0.22 * h),
        fill=255,
    )
    x = (np.arange(sp.w) - ox) / w
    prof = np.clip(0.55 + 0.45 * np.sin(np.clip(x, 0, 1) * np.pi), 0, 1)
    hi = np.exp(-(((x - rng.uniform(0.25, 0.4)) / 0.06) ** 2)) * rng.uniform(0.3, 0.6)
    body = (
        col[None, None] * prof[None, :, None] * (1 - hi[None, :, None])
        + 255 * hi[None, :, None]
    )
    sp.over(im, np.broadcast_to(body, (sp.h, sp.w, 3)))
    cap, dc = sp.canvas()
    dc.rounded_rectangle(
        (ox + w / 2 - neck / 2 - S3, oy, ox + w / 2 + neck / 2 + S3, oy + 0.11 * h),
        radius=S3,
        fill=255,
    )
    sp.over(cap, _unlike(rng, col, 150))
    lab, dl = sp.canvas()
    dl.rectangle((ox, oy + 0.5 * h, ox + w, oy + 0.78 * h), fill=255)
    lc = _rgb(rng, 180)
    sp.over(lab, lc[None, None] * (0.75 + 0.25 * prof[None, :, None]))
    sp.text(
        BRANDS[int(rng.integers(len(BRANDS)))],
        (ox + 0.12 * w, oy + 0.55 * h, ox + 0.88 * w, oy + 0.7 * h),
        (30, 30, 30),
        fonts[0],
    )
    return sp


def _other(shape, rng, col, fonts, local, size):
    W, H = size
    if shape == "glass_band":
        w, h = rng.uniform(0.35, 0.6) * W * S3, float(rng.integers(45, 80)) * S3
        sp = Sprite(w, h)
        im, d = sp.canvas()
        _rrect(d, (0, 0, w - 1, h - 1), rng.uniform(0, 0.3) * h, fill=255)
        dark = rng.uniform() < 0.6
        sp.over(
            im, (0, 0, 0) if dark else (255, 255, 255), opacity=rng.uniform(0.35, 0.6)
        )
        sp.text(
            BAND_WORDS[int(rng.integers(len(BAND_WORDS)))],
            (0.06 * w, 0.22 * h, 0.94 * w, 0.78 * h),
            (255, 255, 255) if dark else (15, 15, 20),
            fonts[int(rng.integers(len(fonts)))],
        )
        return sp
    if shape == "qr":
        n = int(rng.choice([21, 25]))
        mod = float(rng.integers(3, 5)) * S3
        q = 2 * mod
        cap = rng.uniform() < 0.5
        sp = Sprite(n * mod + 2 * q, n * mod + 2 * q + (5 * mod if cap else 0))
        im, d = sp.canvas()
        _rrect(d, (0, 0, sp.w - 1, sp.h - 1), mod, fill=255)
        sp.over(im, (255, 255, 255))
        grid = rng.uniform(size=(n, n)) < 0.5
        for fy, fx in ((0, 0), (0, n - 7), (n - 7, 0)):
            grid[fy : fy + 7, fx : fx + 7] = False
            grid[fy : fy + 7, fx] = grid[fy : fy + 7, fx + 6] = grid[
                fy, fx : fx + 7
            ] = grid[fy + 6, fx : fx + 7] = True
            grid[fy + 2 : fy + 5, fx + 2 : fx + 5] = True
            if fy + 7 < n:
                grid[fy + 7, max(0, fx - 1) : fx + 8] = False
            if fx + 7 < n:
                grid[max(0, fy - 1) : fy + 8, fx + 7] = False
        mods, dm = sp.canvas()
        for y, x in zip(*np.nonzero(grid)):
            dm.rectangle(
                (
                    q + x * mod,
                    q + y * mod,
                    q + (x + 1) * mod - 1,
                    q + (y + 1) * mod - 1,
                ),
                fill=255,
            )
        sp.over(mods, (0, 0, 0))
        if cap:
            sp.text(
                "Scan me",
                (q, n * mod + q + 0.5 * mod, sp.w - q, sp.h - mod),
                (0, 0, 0),
                fonts[0],
            )
        return sp
    if shape == "countdown":
        k = int(rng.integers(3, 5))
        bw = float(rng.integers(30, 44)) * S3
        gap = 0.45 * bw
        sp = Sprite(k * bw + (k - 1) * gap + 2, 1.45 * bw)
        box = (
            _unlike(rng, local, 200) * 0.5
            if rng.uniform() < 0.5
            else np.clip(col, 0, 255)
        )
        ink = _ink_on(box)
        outer = _ink_on(local)
        for i in range(k):
            x = i * (bw + gap)
            im, d = sp.canvas()
            _rrect(d, (x + 1, 1, x + bw, bw), 0.15 * bw, fill=255)
            sp.over(im, box)
            sp.text(
                f"{int(rng.integers(0, 60)):02d}",
                (x + 0.12 * bw, 0.2 * bw, x + 0.88 * bw, 0.8 * bw),
                ink,
                "LiberationMono-Bold.ttf",
            )
            sp.text(
                ("DAYS", "HRS", "MIN", "SEC")[i],
                (x, 1.08 * bw, x + bw, 1.4 * bw),
                outer,
                THIN[0],
            )
            if i < k - 1:
                sp.text(
                    ":", (x + bw, 0.15 * bw, x + bw + gap, 0.85 * bw), outer, fonts[0]
                )
        return sp
    if shape == "arrow":
        L = float(rng.integers(80, 160)) * S3
        t = rng.uniform(5, 11) * S3
        sp = Sprite(L + 4 * t, 0.6 * L + 4 * t)
        im, d = sp.canvas()
        bend = rng.uniform(-0.25, 0.25) * L
        xs = np.linspace(2 * t, L, 30)
        ys = 0.3 * L + 2 * t + bend * np.sin(np.pi * (xs - 2 * t) / (L - 2 * t)) * 0.8
        d.line(list(zip(xs, ys)), fill=255, width=int(t), joint="curve")
        ang = np.arctan2(ys[-1] - ys[-4], xs[-1] - xs[-4])
        tip = (xs[-1] + 2.2 * t * np.cos(ang), ys[-1] + 2.2 * t * np.sin(ang))
        nx, ny = -np.sin(ang), np.cos(ang)
        d.polygon(
            [
                tip,
                (xs[-1] + 1.6 * t * nx, ys[-1] + 1.6 * t * ny),
                (xs[-1] - 1.6 * t * nx, ys[-1] - 1.6 * t * ny),
            ],
            fill=255,
        )
        sp.over(im, col)
        if rng.uniform() < 0.5:
            sp.rgb, sp.a = sp.rgb[:, ::-1], sp.a[:, ::-1]
        return sp
    if shape == "underline":
        L = float(rng.integers(100, 220)) * S3
        t = rng.uniform(6, 12) * S3
        sp = Sprite(L + 2 * t, 5 * t)
        xs = np.linspace(t, L + t, 60)
        u = (xs - t) / L
        ys = (
            2.5 * t
            + rng.uniform(-1, 1) * t * np.sin(np.pi * u + rng.uniform(0, 1))
            - 0.8 * t * u
        )
        wid = t * (0.35 + 0.65 * np.sin(np.pi * np.clip(u * 1.1, 0, 1)) ** 0.5)
        wob = 1 + 0.08 * np.sin(u * 37)
        top = list(zip(xs, ys - wid * wob / 2))
        bot = list(zip(xs[::-1], (ys + wid / 2)[::-1]))
        im, d = sp.canvas()
        d.polygon(top + bot, fill=255)
        sp.over(im, col)
        return sp
    if shape == "frame":
        w, h = rng.uniform(0.25, 0.45) * W * S3, rng.uniform(0.25, 0.45) * H * S3
        t = rng.uniform(2, 7) * S3
        sp = Sprite(w, h)
        im, d = sp.canvas()
        _rrect(
            d,
            (t / 2, t / 2, w - t / 2, h - t / 2),
            rng.uniform(0, 0.08) * min(w, h),
            outline=255,
            width=int(t),
        )
        if rng.uniform() < 0.4:  # a second, thinner line inside
            _rrect(
                d,
                (2.5 * t, 2.5 * t, w - 2.5 * t, h - 2.5 * t),
                0,
                outline=255,
                width=max(S3, int(t / 3)),
            )
        sp.over(im, col)
        return sp
    # strip: a full-width band laid on the top or bottom edge
    h = float(rng.integers(34, 60)) * S3
    sp = Sprite(W * S3, h)
    c2 = _unlike(rng, col, 120) if rng.uniform() < 0.5 else col
    sp.over(np.ones((sp.h, sp.w)), _grad(sp.h, sp.w, col, c2, 0))
    sp.text(
        BAND_WORDS[int(rng.integers(len(BAND_WORDS)))],
        (0.15 * sp.w, 0.2 * h, 0.85 * sp.w, 0.8 * h),
        _ink_on(col),
        fonts[int(rng.integers(len(fonts)))],
    )
    return sp


def _sprite(
    kind, shape, rng, local, size, corner=None
) -> tuple[np.ndarray, np.ndarray]:
    fonts = tuple(FONTS[int(i)] for i in rng.permutation(len(FONTS)))
    col = _unlike(rng, local)
    if shape == "corner":
        sp = _corner(rng, col, fonts, corner)
    elif kind == "badge":
        sp = _badge(shape, rng, col, fonts)
    elif kind == "button":
        sp = _button(shape, rng, col, fonts, local)
    elif kind == "logo":
        sp = _logo(shape, rng, col, fonts, local)
    elif kind == "product":
        sp = _product(shape, rng, col, fonts)
    else:
        sp = _other(shape, rng, col, fonts, local, size)
    if shape in EDGE_SHAPES:  # kept whole: it lies on the frame's edge
        rgb = cv2.resize(
            sp.rgb * sp.a[..., None],
            (sp.w // S3, sp.h // S3),
            interpolation=cv2.INTER_AREA,
        )
        a = cv2.resize(sp.a, (sp.w // S3, sp.h // S3), interpolation=cv2.INTER_AREA)
        return np.where(a[..., None] > 0, rgb / np.maximum(a, 1e-9)[..., None], 0), a
    return sp.shrink()


def _lay(canvas, colour, alpha, y0, x0) -> np.ndarray:
    """Composite in place; alpha at or under ``CUT`` is dropped, so the truth is exact."""
    h, w = alpha.shape
    a = np.where(alpha > CUT, alpha, 0.0)[..., None]
    canvas[y0 : y0 + h, x0 : x0 + w] = colour * a + canvas[y0 : y0 + h, x0 : x0 + w] * (
        1 - a
    )
    full = np.zeros(canvas.shape[:2], bool)
    full[y0 : y0 + h, x0 : x0 + w] = alpha > CUT
    return full


def _place(canvas, occupied, bg, rng, kind, shape) -> Artifact | None:
    H, W = occupied.shape
    for _ in range(40):
        corner = None
        if shape == "corner":
            corner = ("tl", "tr", "bl", "br")[int(rng.integers(4))]
            py, px = (
                (0 if corner[0] == "t" else H - 60),
                (0 if corner[1] == "l" else W - 60),
            )
        else:
            py, px = int(rng.integers(0, H - 30)), int(rng.integers(0, W - 30))
        local = bg[py : py + 60, px : px + 60].reshape(-1, 3).mean(0)
        colour, alpha = _sprite(kind, shape, rng, local, (W, H), corner)
        h, w = alpha.shape
        if h >= H - 6 or w > W:
            continue
        if shape == "corner":
            y0, x0 = (
                (0 if corner[0] == "t" else H - h),
                (0 if corner[1] == "l" else W - w),
            )
        elif shape == "strip":
            y0, x0 = (0 if rng.uniform() < 0.5 else H - h), 0
        else:
            if w >= W - 6:
                continue
            y0, x0 = int(rng.integers(3, H - h - 2)), int(rng.integers(3, W - w - 2))
        m = alpha > CUT
        near = cv2.dilate(m.view(np.uint8), np.ones((13, 13), np.uint8)).astype(bool)
        if (occupied[y0 : y0 + h, x0 : x0 + w] & near).any():
            continue
        full = _lay(canvas, colour, alpha, y0, x0)
        occupied |= full
        ys, xs = np.nonzero(full)
        return Artifact(
            kind,
            shape,
            full,
            (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1),
        )
    return None


def _person(canvas, rng, data_dir: Path) -> np.ndarray:
    """A person from ``data/`` (its true mask), flipped at random, standing on the bottom edge."""
    H, W = canvas.shape[:2]
    stems = sorted(
        p.name
        for p in (data_dir / "truth").iterdir()
        if (p / "person_mask.png").is_file()
    )
    stem = stems[int(rng.integers(len(stems)))]
    img = cv2.cvtColor(
        cv2.imread(str(data_dir / f"{stem}.png"), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB
    )
    pm = (
        cv2.imread(
            str(data_dir / "truth" / stem / "person_mask.png"), cv2.IMREAD_GRAYSCALE
        )
        > 127
    )
    tp = data_dir / "truth" / stem / "text_mask.png"
    if tp.is_file():
        pm &= ~(cv2.imread(str(tp), cv2.IMREAD_GRAYSCALE) > 127)
    n, lab, st, _ = cv2.connectedComponentsWithStats(pm.view(np.uint8))
    if n < 2:
        return np.zeros((H, W), bool)
    i = 1 + int(np.argmax(st[1:, cv2.CC_STAT_AREA]))
    x, y, w, h = st[i, :4]
    m, c = lab[y : y + h, x : x + w] == i, img[y : y + h, x : x + w]
    if rng.uniform() < 0.5:
        m, c = m[:, ::-1], c[:, ::-1]
    s = min(rng.uniform(0.5, 0.85) * H / h, 0.45 * W / w)
    nh, nw = max(2, round(h * s)), max(2, round(w * s))
    m = cv2.resize(m.astype(np.float32), (nw, nh), interpolation=cv2.INTER_LINEAR) > 0.5
    c = cv2.resize(
        np.ascontiguousarray(c), (nw, nh), interpolation=cv2.INTER_AREA
    ).astype(np.float64)
    x0 = int(rng.integers(0, W - nw + 1))
    full = np.zeros((H, W), bool)
    full[H - nh :, x0 : x0 + nw] = m
    canvas[H - nh :, x0 : x0 + nw][m] = c[m]
    return full


def _headline(canvas, occupied, bg, rng) -> np.ndarray:
    H, W = occupied.shape
    words = HEADS[int(rng.integers(len(HEADS)))]
    name = (
        "NotoSansCJK-Bold.ttc"
        if any(ord(ch) > 255 for ch in words)
        else FONTS[int(rng.integers(len(FONTS)))]
    )
    f = _font(name, rng.uniform(24, 44))
    im = Image.new("L", (W, H), 0)
    d = ImageDraw.Draw(im)
    l, t, r, b = d.textbbox((0, 0), words, font=f)
    for _ in range(40):
        if r - l > W - 16:
            break
        x, y = (
            int(rng.integers(8, W - (r - l) - 7)),
            int(rng.integers(8 - t, max(9 - t, H - b - 7))),
        )
        box = np.zeros((H, W), bool)
        box[max(0, y + t - 7) : y + b + 7, max(0, x + l - 7) : x + r + 7] = True
        if (box & occupied).any():
            continue
        d.text((x, y), words, font=f, fill=255)
        a = np.asarray(im, np.float64) / 255
        a = np.where(a > CUT, a, 0.0)
        under = bg[y + t : y + b, x + l : x + r].reshape(-1, 3).mean(0)
        ink = np.array(_ink_on(under), np.float64)
        canvas[:] = ink * a[..., None] + canvas * (1 - a[..., None])
        return a > 0
    return np.zeros((H, W), bool)


def make_artcheck2(
    index: int, *, split: str = "tune", data_dir: Path | str | None = None
) -> ArtifactCreative:
    """Creative ``index`` of an artcheck2 half (deterministic; see the module docstring).

    Raises
    ------
    ValueError
        For an unknown split.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    rng = np.random.default_rng(SPLITS[split] + index)
    W, H = ((600, 600), (768, 432), (480, 720), (700, 500), (560, 700), (720, 600))[
        index % 6
    ]
    pk = PLATES[index % len(PLATES)]
    bg = _plate(pk, (W, H), rng)
    canvas = bg.astype(np.float64)
    data_dir = Path(data_dir) if data_dir else ROOT / "data"
    person = np.zeros((H, W), bool)
    if rng.uniform() < 0.4 and (data_dir / "truth").is_dir():
        person = _person(canvas, rng, data_dir)
    occupied = person.copy()
    kinds = list(SHAPES)
    arts = []
    for k in range(int(rng.integers(2, 5))):
        kind = (
            kinds[(2 * index + k) % len(kinds)]
            if k < 2
            else kinds[int(rng.integers(len(kinds)))]
        )
        shape = SHAPES[kind][int(rng.integers(len(SHAPES[kind])))]
        art = _place(canvas, occupied, bg, rng, kind, shape)
        if art is not None:
            arts.append(art)
    text = (
        _headline(canvas, occupied, bg, rng)
        if rng.uniform() < 0.7
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
        f"artcheck2_{split}_{index:03d}", split, image, bg, arts, person, text, meta
    )


def write_artcheck2(
    out: Path, *, splits=tuple(SPLITS), count: int = COUNT
) -> list[dict]:
    """Write ``count`` creatives of each half into ``out`` (the ``samples_artifacts.py`` layout)."""
    from samples_artifacts import write_artifact_set

    return write_artifact_set(out, splits=splits, count=count, make=make_artcheck2)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument(
        "--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})"
    )
    a = ap.parse_args(argv)
    metas = write_artcheck2(a.out, splits=a.split, count=a.count)
    print(f"{len(metas)} artcheck2 creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
