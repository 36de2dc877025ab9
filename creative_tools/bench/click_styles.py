"""Creatives with artifact styles that real ads use and :mod:`.artifacts` does not draw.

For the one-click tool (issue 9 item 3). The styles come from how ad artifacts are built,
not from any one image:

* ``packshot``: a shaded product (bottle or box) with a soft drop shadow on the plate
  (the shadow's alpha falls off smoothly; where it is > 0.1 it belongs to the artifact);
* ``sticker``: a photographic sticker, a photo crop in a disc or rounded square with a
  white border;
* ``gradient_pill``: a pill with a horizontal two-colour gradient and a call to action;
* ``split_logo``: a mark of 2-4 separate parts in 1-3 colours beside a wordmark;
* ``ribbon``: a corner banner (a band across a corner of the frame) with a word on it;
* ``glass_plate``: a semi-transparent dark or light plate (alpha 0.45-0.75) with text;
* ``ghost``: an outline-only button (the plate shows inside) with its text;
* ``multi_badge``: a badge of several colours (disc, ring of another colour, a band or a
  small star) with text;
* ``wordmark``: a name alone, letters only, in one colour;
* ``low_contrast``: a button whose fill is close to the plate around it (L1 30-60);
* ``stacked``: a badge over a corner of a flat or glossy card (an artifact over another
  artifact); the card's truth is its visible part.

Each artifact is rendered at 4x and shrunk (as in :mod:`.artifacts`); its truth is where
its composited alpha is > 0.1. Two splits: ``"tune"`` (what the click tool was improved
on) and ``"heldout"`` (other seeds, photos, fonts, sizes, never looked at while tuning).

>>> s = make_click_creative(0, split="tune")
>>> s.image.shape == s.background.shape, len(s.artifacts) >= 2
(True, True)
>>> bool(((s.image != s.background).any(-1) & ~s.removal).any())
False
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..objects.base import box_of as _box
from .artifacts import (ALPHA_CUT, BADGE_TEXT, CTA_TEXT, SS, WORDMARKS, Artifact, ArtifactCreative, _colour,
                        _composite, _draw_centered_text, _font, _gradient, _photo, _regular, _shrink, _star,
                        _text_fit)

__all__ = ["CLICK_STYLES", "CLICK_SPLITS", "TEXTURES", "make_click_creative", "make_click_set", "texture"]

CLICK_STYLES = ("packshot", "sticker", "gradient_pill", "split_logo", "ribbon", "glass_plate", "ghost",
                "multi_badge", "wordmark", "low_contrast", "stacked")
# the texture splits also draw random smooth shapes no generator draws (star-convex blobs)
TEXTURE_STYLES = CLICK_STYLES + ("blob",)
CLICK_SPLITS = {
    "tune": dict(seed0=20000, photos=("coffee", "rocket", "chelsea", "gravel", "camera"),
                 fonts=("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSerif-Bold.ttf"), scale=(0.8, 1.2)),
    "heldout": dict(seed0=70000, photos=("astronaut", "motorcycle_left", "hubble_deep_field", "grass", "ihc"),
                    fonts=("DejaVuSansCondensed-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf"),
                    scale=(0.7, 1.4)),
    # the same styles (and blobs) on busy textured plates (:data:`TEXTURES`)
    "texture_tune": dict(seed0=40000, photos=("coffee", "rocket", "chelsea", "gravel", "camera"),
                         fonts=("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSerif-Bold.ttf"), scale=(0.8, 1.2)),
    "texture_heldout": dict(seed0=80000, photos=("astronaut", "motorcycle_left", "hubble_deep_field", "grass", "ihc"),
                            fonts=("DejaVuSansCondensed-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf"),
                            scale=(0.7, 1.4)),
}

# --- busy textured plates (own material: procedural, no photo or pattern of another split) ---
# What a click meets on a real ad's photographic background: fine detail everywhere, many
# small regions of their own colour, no flat plate reaching the frame. Each split has its
# own textures; about half are "photographed" (blur, uneven light, noise).
TEXTURES = {
    "texture_tune": ("clouds", "foliage", "brushed", "terrazzo"),
    "texture_heldout": ("woodgrain", "weave", "scribble", "camouflage"),
}


def _value_noise(shape, rng, cells: float) -> np.ndarray:
    """Smooth noise in [0, 1] of ``shape`` (H, W): a random grid of about ``cells`` cells
    across the longer side, upsampled bicubically."""
    H, W = shape
    gh, gw = max(2, int(round(cells * H / max(H, W))) + 3), max(2, int(round(cells * W / max(H, W))) + 3)
    g = rng.uniform(0, 1, (gh, gw)).astype(np.float32)
    big = cv2.resize(g, (W + 2 * W // (gw - 3 or 1), H + 2 * H // (gh - 3 or 1)), interpolation=cv2.INTER_CUBIC)
    y0, x0 = (big.shape[0] - H) // 2, (big.shape[1] - W) // 2
    return np.clip(big[y0:y0 + H, x0:x0 + W], 0, 1).astype(np.float64)


def _fbm(shape, rng, cells: float = 4, octaves: int = 5) -> np.ndarray:
    out, amp, tot = np.zeros(shape), 1.0, 0.0
    for o in range(octaves):
        out += amp * _value_noise(shape, rng, cells * 2 ** o)
        tot += amp
        amp *= 0.55
    out /= tot
    return (out - out.min()) / max(1e-9, out.max() - out.min())


def _ramp(t: np.ndarray, cols) -> np.ndarray:
    """``t`` (H, W) in [0, 1] through a colour ramp of ``cols`` (k, 3) -> (H, W, 3)."""
    cols = np.asarray(cols, np.float64)
    x = t * (len(cols) - 1)
    i = np.clip(np.floor(x).astype(int), 0, len(cols) - 2)
    f = (x - i)[..., None]
    return cols[i] * (1 - f) + cols[i + 1] * f


def texture(name: str, size: tuple[int, int], rng) -> np.ndarray:
    """A busy textured plate ``(H, W, 3) uint8`` by name (see :data:`TEXTURES`).

    Raises
    ------
    ValueError
        For an unknown name (the valid ones are listed).
    """
    W, H = size
    pal = [np.asarray(_colour(rng), np.float64) for _ in range(4)]
    if name == "clouds":
        img = _ramp(_fbm((H, W), rng, rng.uniform(3, 6)), pal[:3])
    elif name == "foliage":  # overlapping leaves of a few hues: many small sharp regions
        base = np.asarray(_colour(rng), np.float64)
        hues = [np.clip(base + rng.normal(0, 45, 3), 0, 255) for _ in range(5)]
        im = Image.new("RGB", (W * 2, H * 2), tuple(int(v) for v in base * 0.4))
        d = ImageDraw.Draw(im)
        for _ in range(int(W * H / 90)):
            cx, cy = rng.uniform(0, 2 * W), rng.uniform(0, 2 * H)
            a, b, t = rng.uniform(8, 26), rng.uniform(3, 9), rng.uniform(0, np.pi)
            pts = [(cx + a * np.cos(s) * np.cos(t) - b * np.sin(s) * np.sin(t),
                    cy + a * np.cos(s) * np.sin(t) + b * np.sin(s) * np.cos(t)) for s in np.linspace(0, 2 * np.pi, 12)]
            c = hues[int(rng.integers(5))] * rng.uniform(0.6, 1.15)
            d.polygon(pts, fill=tuple(int(v) for v in np.clip(c, 0, 255)))
        img = cv2.resize(np.asarray(im, np.float64), (W, H), interpolation=cv2.INTER_AREA)
    elif name == "brushed":  # brushed metal: fine streaks along one direction, uneven sheen
        streak = cv2.resize(rng.normal(0, 1, (H, max(2, W // 40))).astype(np.float32), (W, H),
                            interpolation=cv2.INTER_LINEAR).astype(np.float64)
        t = np.clip(0.5 + 0.18 * streak + 0.35 * (_fbm((H, W), rng, 2, 3) - 0.5), 0, 1)
        img = _ramp(t, [pal[0] * 0.5, pal[0], np.clip(pal[0] * 1.4 + 30, 0, 255)])
        if rng.uniform() < 0.5:
            img = img.transpose(1, 0, 2)[:H, :W] if H == W else np.rot90(cv2.resize(img, (H, W)), 1)
    elif name == "terrazzo":  # chips of a few colours in a mottled ground
        img = _ramp(_fbm((H, W), rng, 8, 4), [pal[0], np.clip(pal[0] + 40, 0, 255)])
        im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
        d = ImageDraw.Draw(im)
        for _ in range(int(W * H / 120)):
            cx, cy, r = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(1.5, 7)
            pts = [(cx + r * rng.uniform(0.5, 1.3) * np.cos(t), cy + r * rng.uniform(0.5, 1.3) * np.sin(t))
                   for t in np.sort(rng.uniform(0, 2 * np.pi, 6))]
            d.polygon(pts, fill=tuple(int(v) for v in pal[int(rng.integers(1, 4))]))
        img = np.asarray(im, np.float64)
    elif name == "woodgrain":  # rings bent by noise, fine fibres
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
        t = rng.uniform(0, np.pi)
        u = xx * np.cos(t) + yy * np.sin(t)
        warp = _fbm((H, W), rng, 3, 4) * rng.uniform(40, 90)
        rings = 0.5 + 0.5 * np.sin(2 * np.pi * (u + warp) / rng.uniform(10, 24))
        fib = _value_noise((H, W), rng, max(H, W) / 2)
        brown = np.array([rng.uniform(120, 200), rng.uniform(70, 130), rng.uniform(30, 80)])
        img = _ramp(np.clip(0.75 * rings + 0.25 * fib, 0, 1), [brown * 0.45, brown, np.clip(brown * 1.25, 0, 255)])
    elif name == "weave":  # crossing threads of two colours
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
        t = rng.uniform(-0.5, 0.5)
        u, v = xx * np.cos(t) + yy * np.sin(t), -xx * np.sin(t) + yy * np.cos(t)
        p = rng.uniform(4, 9)
        a, b = 0.5 + 0.5 * np.sin(2 * np.pi * u / p), 0.5 + 0.5 * np.sin(2 * np.pi * v / p)
        over = ((np.floor(u / p) + np.floor(v / p)) % 2)[..., None]
        img = over * pal[0] * (0.6 + 0.4 * a[..., None]) + (1 - over) * pal[1] * (0.6 + 0.4 * b[..., None])
        img *= (0.8 + 0.4 * _fbm((H, W), rng, 4, 3))[..., None]
    elif name == "scribble":  # ink strokes over paper: many thin random curves
        im = Image.new("RGB", (W * 2, H * 2), tuple(int(v) for v in np.clip(pal[0] * 0.3 + 170, 0, 255)))
        d = ImageDraw.Draw(im)
        for _ in range(int(W * H / 120)):
            x, y, a = rng.uniform(0, 2 * W), rng.uniform(0, 2 * H), rng.uniform(0, 2 * np.pi)
            pts = []
            for _ in range(int(rng.integers(4, 12))):
                a += rng.normal(0, 0.6)
                x, y = x + 9 * np.cos(a), y + 9 * np.sin(a)
                pts.append((x, y))
            d.line(pts, fill=tuple(int(v) for v in pal[int(rng.integers(1, 4))]), width=int(rng.integers(2, 6)))
        img = cv2.resize(np.asarray(im, np.float64), (W, H), interpolation=cv2.INTER_AREA)
    elif name == "camouflage":  # blotches of three or four colours
        img = np.broadcast_to(pal[0], (H, W, 3)).copy()
        for k in range(1, 4):
            blot = _fbm((H, W), rng, rng.uniform(4, 9), 4) > rng.uniform(0.5, 0.65)
            img[blot] = pal[k]
        img = cv2.GaussianBlur(img, (0, 0), 0.8)
    else:
        raise ValueError(f"unknown texture {name!r}; valid: {sorted(sum(TEXTURES.values(), ()))}")
    if rng.uniform() < 0.5:  # photographed: uneven light, lens blur, noise
        gy, gx = np.mgrid[0:H, 0:W] / max(H, W)
        light = 0.8 + 0.3 * (rng.uniform(-1, 1) * gx + rng.uniform(-1, 1) * gy + 0.5)
        img = cv2.GaussianBlur(img * np.clip(light, 0.6, 1.2)[..., None], (0, 0), rng.uniform(0.5, 1.5))
        img = img + rng.normal(0, rng.uniform(1.5, 4), img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def _over(im: Image.Image, rgba: np.ndarray) -> Image.Image:
    return Image.alpha_composite(im, Image.fromarray(np.clip(rgba, 0, 255).astype(np.uint8), "RGBA"))


def _ink(col) -> tuple:
    return (255, 255, 255) if sum(col) < 380 else (20, 20, 30)


def _sprite(style: str, rng, cfg, local) -> tuple[np.ndarray, np.ndarray]:
    """One artifact of ``style`` as (h, w, 3) colour and (h, w) alpha; ``local`` is the
    plate colour where it goes (``low_contrast`` draws near it, the others avoid it)."""
    sc = rng.uniform(*cfg["scale"])
    font = cfg["fonts"][int(rng.integers(len(cfg["fonts"])))]
    col = _colour(rng, avoid=local)
    pad = 10 * SS
    if style in ("gradient_pill", "ghost", "low_contrast", "glass_plate"):
        h = int(rng.integers(36, 64) * sc)
        W, H = int(h * rng.uniform(2.8, 4.5)) * SS, h * SS
    elif style in ("split_logo", "wordmark"):
        h = int(rng.integers(36, 70) * sc)
        W, H = int(h * rng.uniform(3.0, 4.2)) * SS, h * SS
    elif style == "packshot":
        h = int(rng.integers(130, 210) * sc)
        W, H = int(h * rng.uniform(0.4, 0.6)) * SS, h * SS
    else:
        d = int(rng.integers(70, 140) * sc)
        W = H = d * SS
    im = Image.new("RGBA", (W + 2 * pad, H + 2 * pad), (0, 0, 0, 0))
    dr = ImageDraw.Draw(im)
    cx, cy = pad + W / 2, pad + H / 2
    box = [pad, pad, pad + W, pad + H]
    if style == "packshot":
        sh = np.zeros((H + 2 * pad, W + 2 * pad), np.float64)
        e = Image.fromarray(np.zeros_like(sh, np.uint8))
        ImageDraw.Draw(e).ellipse([pad - 0.1 * W, pad + 0.9 * H, pad + 1.1 * W, pad + H + 0.5 * pad], fill=255)
        sh = cv2.GaussianBlur(np.asarray(e, np.float64) / 255, (0, 0), 3 * SS) * rng.uniform(0.35, 0.6)
        im = _over(im, np.dstack([np.zeros(sh.shape + (3,)), sh * 255]))
        sil = Image.new("L", im.size, 0)
        ds = ImageDraw.Draw(sil)
        if rng.uniform() < 0.5:  # bottle
            ds.rounded_rectangle([pad, pad + H * 0.3, pad + W, pad + H], W * 0.2, fill=255)
            ds.polygon([(pad, pad + H * 0.36), (cx - W * 0.17, pad + H * 0.12), (cx + W * 0.17, pad + H * 0.12),
                        (pad + W, pad + H * 0.36)], fill=255)
            ds.rectangle([cx - W * 0.17, pad, cx + W * 0.17, pad + H * 0.14], fill=255)
        else:  # jar
            ds.rounded_rectangle([pad, pad + H * 0.2, pad + W, pad + H], W * 0.12, fill=255)
            ds.rectangle([pad + W * 0.08, pad + H * 0.05, pad + W * 0.92, pad + H * 0.22], fill=255)
        a = np.asarray(sil, np.float64) / 255
        xx = np.linspace(-1, 1, a.shape[1])[None, :]
        shade = 0.5 + 0.5 * np.cos(np.clip(xx * 1.4 - rng.uniform(-0.4, 0.4), -np.pi / 2, np.pi / 2))
        rgb = np.asarray(col, np.float64) * shade[..., None] + 60 * shade[..., None] ** 10
        rgb = np.broadcast_to(rgb, a.shape + (3,))
        im = _over(im, np.dstack([rgb, a * 255]))
        dr = ImageDraw.Draw(im)
        ly0, ly1 = pad + H * 0.5, pad + H * 0.72
        dr.rectangle([pad + W * 0.06, ly0, pad + W * 0.94, ly1], fill=_colour(rng, avoid=col))
        _draw_centered_text(dr, WORDMARKS[int(rng.integers(len(WORDMARKS)))], cx, (ly0 + ly1) / 2,
                            W * 0.75, (ly1 - ly0) * 0.6, (250, 250, 250) if rng.uniform() < 0.5 else (20, 20, 20), font)
    elif style == "sticker":
        src = _photo(cfg["photos"][int(rng.integers(len(cfg["photos"])))], (W, H)).astype(np.float64)
        src = np.roll(src, int(rng.integers(0, W)), axis=1)
        m = Image.new("L", im.size, 0)
        border = int(rng.uniform(0.04, 0.08) * W)
        disc = rng.uniform() < 0.5
        draw = (lambda d, b, f: d.ellipse(b, fill=f)) if disc else (lambda d, b, f: d.rounded_rectangle(b, 0.18 * W, fill=f))
        draw(ImageDraw.Draw(m), box, 255)
        im = _over(im, np.dstack([np.full(m.size[::-1] + (3,), 250.0), np.asarray(m, np.float64)]))
        inner = Image.new("L", im.size, 0)
        draw(ImageDraw.Draw(inner), [b + (border if k < 2 else -border) for k, b in enumerate(box)], 255)
        rgb = np.zeros(im.size[::-1] + (3,))
        rgb[pad:pad + H, pad:pad + W] = src
        im = _over(im, np.dstack([rgb, np.asarray(inner, np.float64)]))
    elif style in ("gradient_pill", "low_contrast"):
        if style == "low_contrast":
            d = rng.uniform(30, 60) / 3 * rng.choice([-1, 1], 3)
            col = tuple(int(np.clip(v, 0, 255)) for v in np.asarray(local) + d)
            c1 = np.asarray(col, np.float64)
        else:
            c1 = np.asarray(_colour(rng, avoid=col), np.float64)
        sil = Image.new("L", im.size, 0)
        ImageDraw.Draw(sil).rounded_rectangle(box, H / 2 if style == "gradient_pill" else H * 0.2, fill=255)
        t = np.clip((np.arange(im.size[0]) - pad) / W, 0, 1)[None, :, None]
        rgb = np.broadcast_to(np.asarray(col, np.float64) * (1 - t) + c1 * t, im.size[::-1] + (3,))
        im = _over(im, np.dstack([rgb, np.asarray(sil, np.float64)]))
        dr = ImageDraw.Draw(im)
        ink = _ink(col) if style == "gradient_pill" else tuple(int(v) for v in np.clip(np.asarray(col) + (-70 if sum(col) > 380 else 70), 0, 255))
        _draw_centered_text(dr, CTA_TEXT[int(rng.integers(len(CTA_TEXT)))], cx, cy, W * 0.78, H * 0.5, ink, font)
    elif style == "glass_plate":
        dark = rng.uniform() < 0.6
        a = int(255 * rng.uniform(0.45, 0.75))
        dr.rounded_rectangle(box, H * rng.uniform(0, 0.3), fill=((0, 0, 0) if dark else (255, 255, 255)) + (a,))
        _draw_centered_text(dr, CTA_TEXT[int(rng.integers(len(CTA_TEXT)))], cx, cy, W * 0.8, H * 0.5,
                            (255, 255, 255, 255) if dark else (15, 15, 20, 255), font)
    elif style == "ghost":
        dr.rounded_rectangle(box, H * rng.uniform(0.15, 0.5), outline=col, width=int(rng.integers(2, 5)) * SS)
        _draw_centered_text(dr, CTA_TEXT[int(rng.integers(len(CTA_TEXT)))], cx, cy, W * 0.78, H * 0.48, col, font)
    elif style == "split_logo":
        m = H * 0.9
        mx, my = pad + H / 2, cy
        cols = [col] + [_colour(rng, avoid=local) for _ in range(2)]
        n = int(rng.integers(2, 5))
        kind = int(rng.integers(3))
        q = m * 0.16
        for k in range(n):
            c = cols[int(rng.integers(0, 3))] if k else col
            t = 2 * np.pi * k / n - np.pi / 2
            px, py = mx + 0.3 * m * np.cos(t), my + 0.3 * m * np.sin(t)
            if kind == 0:
                dr.ellipse([px - q, py - q, px + q, py + q], fill=c)
            elif kind == 1:
                dr.rectangle([px - q, py - q, px + q, py + q], fill=c)
            else:
                dr.polygon(_regular(px, py, q * 1.2, 3, t), fill=c)
        word = WORDMARKS[int(rng.integers(len(WORDMARKS)))]
        tx0 = pad + H * 1.15
        f, (l, t_, r, b) = _text_fit(dr, word, font, pad + W - tx0, H * 0.55)
        dr.text((tx0 - l, cy - (t_ + b) / 2), word, font=f, fill=cols[int(rng.integers(0, 3))])
    elif style == "wordmark":
        word = WORDMARKS[int(rng.integers(len(WORDMARKS)))]
        f, (l, t_, r, b) = _text_fit(dr, word, font, W, H * 0.8)
        dr.text((cx - (l + r) / 2, cy - (t_ + b) / 2), word, font=f, fill=col)
    elif style == "multi_badge":
        r = W / 2
        c2, c3 = _colour(rng, avoid=col), _colour(rng, avoid=col)
        if rng.uniform() < 0.5:
            dr.ellipse(box, fill=c2)
            q = r * rng.uniform(0.78, 0.88)
            dr.ellipse([cx - q, cy - q, cx + q, cy + q], fill=col)
        else:
            dr.polygon(_star(cx, cy, r, int(rng.integers(10, 18)), rng.uniform(0.8, 0.9)), fill=c2)
            q = r * 0.72
            dr.ellipse([cx - q, cy - q, cx + q, cy + q], fill=col)
        band = r * 0.22
        dr.rectangle([cx - r * 0.7, cy + r * 0.25, cx + r * 0.7, cy + r * 0.25 + band], fill=c3)
        _draw_centered_text(dr, BADGE_TEXT[int(rng.integers(len(BADGE_TEXT)))], cx, cy - r * 0.08, W * 0.55,
                            H * 0.28, _ink(col), font)
    elif style == "blob":  # a random smooth star-convex shape, flat or graded, with a word
        r = W / 2 * 0.8
        th = np.linspace(0, 2 * np.pi, 120, endpoint=False)
        rad = np.ones_like(th)
        for k in range(2, 6):
            rad += rng.uniform(0, 0.35 / (k - 1)) * np.cos(k * th + rng.uniform(0, 2 * np.pi))
        rad *= r / rad.max()
        pts = [(cx + q * np.cos(t), cy + q * np.sin(t)) for q, t in zip(rad, th)]
        if rng.uniform() < 0.5:
            dr.polygon(pts, fill=col)
        else:
            sil = Image.new("L", im.size, 0)
            ImageDraw.Draw(sil).polygon(pts, fill=255)
            c1 = np.asarray(_colour(rng, avoid=col), np.float64)
            t = np.clip((np.arange(im.size[1]) - pad) / H, 0, 1)[:, None, None]
            rgb = np.broadcast_to(np.asarray(col, np.float64) * (1 - t) + c1 * t, im.size[::-1] + (3,))
            im = _over(im, np.dstack([rgb, np.asarray(sil, np.float64)]))
            dr = ImageDraw.Draw(im)
        _draw_centered_text(dr, BADGE_TEXT[int(rng.integers(len(BADGE_TEXT)))], cx, cy, r, r * 0.5, _ink(col), font)
    elif style == "stacked":  # a card with a badge over its corner, returned as two layers by the caller
        raise ValueError("stacked is placed by make_click_creative")
    return _shrink(im)


def _ribbon(shape, rng, cfg, local):
    """A band across a corner of the frame with a word on it: full-frame colour and alpha."""
    H, W = shape
    d = int(rng.uniform(0.16, 0.26) * min(H, W))  # distance of the band's centre line from the corner
    bw = int(rng.uniform(0.07, 0.1) * min(H, W))
    col = _colour(rng, avoid=local)
    big = Image.new("RGBA", (W * SS, H * SS), (0, 0, 0, 0))
    dr = ImageDraw.Draw(big)
    a0, a1 = (d - bw / 2) * SS * np.sqrt(2), (d + bw / 2) * SS * np.sqrt(2)
    corner = int(rng.integers(4))
    pts = [(a0, 0), (a1, 0), (0, a1), (0, a0)]
    fx = corner in (1, 2)
    fy = corner in (2, 3)
    pts = [((W * SS - x) if fx else x, (H * SS - y) if fy else y) for x, y in pts]
    dr.polygon(pts, fill=col)
    word = ("SALE", "NEW", "-20%", "HOT", "LIMITED")[int(rng.integers(5))]
    f, (l, t, r, b) = _text_fit(dr, word, cfg["fonts"][0], bw * SS * 1.6, bw * SS * 0.6)
    tw, th = r - l, b - t
    ti = Image.new("RGBA", (tw + 8, th + 8), (0, 0, 0, 0))
    ImageDraw.Draw(ti).text((4 - l, 4 - t), word, font=f, fill=_ink(col) + (255,))
    ang = 45 if fx == fy else -45
    ti = ti.rotate(ang, expand=True, resample=Image.BICUBIC)
    c = d * SS / np.sqrt(2)
    px, py = ((W * SS - c) if fx else c), ((H * SS - c) if fy else c)
    big.alpha_composite(ti, (int(px - ti.width / 2), int(py - ti.height / 2)))
    return _shrink(big)


def make_click_creative(index: int, *, split: str = "tune") -> ArtifactCreative:
    """Build creative ``index`` of a click split (deterministic): 2-3 artifacts of
    :data:`CLICK_STYLES` on a photo, gradient or flat plate (cycling), no people; in the
    ``texture_*`` splits, of :data:`CLICK_STYLES` and random blobs on a busy textured
    plate (:func:`texture`, cycling through the split's :data:`TEXTURES`).

    Parameters
    ----------
    index : int
    split : {"tune", "heldout", "texture_tune", "texture_heldout"}

    Returns
    -------
    ArtifactCreative
        ``kind`` of every artifact is ``"click"``, ``shape`` its style.
    """
    if split not in CLICK_SPLITS:
        raise ValueError(f"split must be one of {sorted(CLICK_SPLITS)}, got {split!r}")
    cfg = CLICK_SPLITS[split]
    rng = np.random.default_rng(cfg["seed0"] + index)
    W, H = ((640, 480), (480, 640), (600, 600))[index % 3]
    bg_kind = "texture" if split in TEXTURES else ("photo", "gradient", "flat")[index % 3]
    all_styles = TEXTURE_STYLES if split in TEXTURES else CLICK_STYLES
    if bg_kind == "texture":  # its own stream: the artifacts do not depend on the texture's draws
        photo = TEXTURES[split][index % len(TEXTURES[split])]
        bg = texture(photo, (W, H), np.random.default_rng([cfg["seed0"], index, 23]))
    elif bg_kind == "photo":
        photo = cfg["photos"][(index // 3) % len(cfg["photos"])]
        bg = _photo(photo, (W, H))
    elif bg_kind == "gradient":
        photo, bg = None, _gradient((W, H), rng)
    else:
        photo, bg = None, np.broadcast_to(np.array(_colour(rng), np.uint8), (H, W, 3)).copy()
    canvas = bg.astype(np.float64)
    occupied = np.zeros((H, W), bool)
    arts = []
    # every style comes round in turn; the rest of the creative's artifacts are drawn at random
    styles = [all_styles[index % len(all_styles)]] + [
        all_styles[int(rng.integers(len(all_styles)))] for _ in range(int(rng.integers(1, 3)))]
    for style in styles:
        if style == "ribbon":
            if any(a.shape == "ribbon" for a in arts):
                continue
            colour, alpha = _ribbon((H, W), rng, cfg, bg.reshape(-1, 3).mean(0))
            m = alpha > ALPHA_CUT
            if (occupied & cv2.dilate(m.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)).any():
                continue
            full = _composite(canvas, colour, alpha, 0, 0)
            occupied |= full
            arts.append(Artifact("click", style, full, _box(full)))
            continue
        for _ in range(30):
            y0, x0 = int(rng.integers(2, H - 40)), int(rng.integers(2, W - 40))
            local = bg[y0:y0 + 40, x0:x0 + 40].reshape(-1, 3).mean(0)
            if style == "stacked":
                layers = [_sprite("multi_badge", rng, cfg, local)]
                card = _sprite("glass_plate" if rng.uniform() < 0.3 else "gradient_pill", rng, cfg, local)
                layers = [card] + layers
            else:
                layers = [_sprite(style, rng, cfg, local)]
            (c0, a0) = layers[0]
            h, w = a0.shape
            if len(layers) == 2:  # the badge over the card's right end, half off it
                c1, a1 = layers[1]
                h1, w1 = a1.shape
                oy, ox = max(0, h // 2 - h1 // 2 - h // 3), w - w1 // 2
                hh, ww = max(h, oy + h1), ox + w1
                cc, aa = np.zeros((hh, ww, 3)), np.zeros((hh, ww))
                cc[:h, :w], aa[:h, :w] = c0, a0
                top = np.zeros((hh, ww)); top[oy:oy + h1, ox:ox + w1] = a1
                tc = np.zeros((hh, ww, 3)); tc[oy:oy + h1, ox:ox + w1] = c1
                h, w = hh, ww
            if y0 + h >= H - 1 or x0 + w >= W - 1:
                continue
            foot = (aa if len(layers) == 2 else a0) > ALPHA_CUT
            if len(layers) == 2:
                foot = foot | (top > ALPHA_CUT)
            if (occupied[y0:y0 + h, x0:x0 + w] & cv2.dilate(foot.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)).any():
                continue
            if len(layers) == 2:
                m0 = _composite(canvas, cc, aa, y0, x0)
                m1 = _composite(canvas, tc, top, y0, x0)
                occupied |= m0 | m1
                arts.append(Artifact("click", "stacked_card", m0 & ~m1, _box(m0 & ~m1)))
                arts.append(Artifact("click", "stacked_badge", m1, _box(m1)))
            else:
                full = _composite(canvas, c0, a0, y0, x0)
                occupied |= full
                arts.append(Artifact("click", style, full, _box(full)))
            break
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": bg_kind, "photo": photo, "size_wh": [W, H], "person": False,
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts]}
    none = np.zeros((H, W), bool)
    return ArtifactCreative(f"click_{split}_{index:03d}", split, image, bg, arts, none, none.copy(), meta)


def make_click_set(split: str = "tune", n: int = 22) -> list[ArtifactCreative]:
    """The first ``n`` creatives of a click split (see :func:`make_click_creative`)."""
    return [make_click_creative(i, split=split) for i in range(n)]
