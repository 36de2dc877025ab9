#!/usr/bin/env python
"""Write the ``textcheck`` creatives: text failure classes drawn differently from samples_hard.

``scripts/samples_hard.py`` draws its text families from one generator; a detector tuned on
them can learn that generator. This small set (one creative per class and split, 2 x 17)
draws the same kinds of failure with what samples_hard never uses: other faces (oblique,
extra-light, Computer Modern roman, *regular* Noto CJK), other sizes (fine print at 7-9 px
fonts, ad formats 1200x628 / 640x640 / 750x1000), other photos (rocket, brick wall; retina,
coins), other colours (isoluminant text on a stripe, very faint 0.22-0.32 ghosts, hollow
outline-only words) and other geometry (tight arcs, tilted products, letter-spaced caps,
small CJK over busy photos, CJK with an outline and a drop shadow as on real e-commerce ads).
Exact truth as in samples_hard (:func:`samples_hard.compose_text`)::

    python scripts/samples_textcheck.py --out out/textcheck [--split tune heldout]
    python scripts/samples_textcheck.py --faint --out out/faint_tune --split tune   # 6 per split

``--faint`` writes a set of its own (session 8, :func:`faint_watermarks`): faint dense
tiled marks (opacity 0.15-0.35) over busy random grounds (confetti, bokeh, fabric) or
photos, whose copies no detector sees anywhere. They use samples_hard's faces and words
(not a family there: every samples_hard text family has a FRESH counterpart).

The ``tune`` half may be looked at while choosing a change; the ``heldout`` half uses other
faces, words, photos and colours and is only reported. Nothing here is committed but the
script; the creatives are regenerated bit for bit from the seed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import samples_hard as hard  # noqa: E402

SPLITS = hard.SPLITS
SEED = 20261203

#: The failure classes of this set, one creative per class and split.
CLASSES: dict[str, Callable[[str, np.random.Generator], dict]] = {}

PHOTOS = {"tune": ("rocket", "brick"), "heldout": ("retina", "coins")}
SOURCES = {
    "rocket": {"what": "DSCOVR launch on Falcon 9 (scikit-image skimage.data.rocket())",
               "origin": "SpaceX, https://www.flickr.com/photos/spacexphotos/16511594820/",
               "licence": "Public domain (SpaceX release)"},
    "brick": {"what": "Brick wall (scikit-image skimage.data.brick()), tinted",
              "origin": "CC0Textures, https://cc0textures.com/view.php?tex=Bricks25", "licence": "CC0 1.0"},
    "retina": {"what": "Fundus photograph (scikit-image skimage.data.retina())",
               "origin": "Mikael Häggström, Wikimedia Commons", "licence": "CC0 1.0"},
    "coins": {"what": "Greek coins from Pompeii (scikit-image skimage.data.coins()), tinted",
              "origin": "Brooklyn Museum Collection", "licence": "No known copyright restrictions"},
}
hard.SOURCES.update(SOURCES)

FONTS = {
    "tune": {"oblique": "DejaVuSans-BoldOblique.ttf", "light": "DejaVuSans-ExtraLight.ttf",
             "plain": "DejaVuSansCondensed.ttf", "serif": "DejaVuSerif-Italic.ttf", "mono": "DejaVuSansMono.ttf",
             "cjk": ("NotoSansCJK-Regular.ttc", 2)},
    "heldout": {"oblique": "STIXGeneralBolIta.ttf", "light": "cmr10.ttf", "plain": "DejaVuSerif.ttf",
                "serif": "cmb10.ttf", "mono": "cmtt10.ttf", "cjk": ("NotoSerifCJK-Regular.ttc", 2)},
}
WORDS = {
    "tune": ["BRAND", "DEAL", "STORE", "HURRY", "BONUS", "SMART", "CHOICE", "CLUB", "VALUE", "GRAND", "OPENING",
             "TRENDY"],
    "heldout": ["AUTUMN", "HOLIDAY", "RESERVE", "UNIQUE", "MARKET", "LUXURY", "CHEAP", "TICKET", "VOUCHER",
                "CRAFT", "DESIGN", "PROMO"],
}
CJK = {"tune": ["超值优惠活动", "正品低价", "厂家直销", "品质生活"],
       "heldout": ["新款上市热卖", "节能环保", "欢迎选购", "包装精美"]}
FINE = {"tune": "Delivery within five working days returns accepted within thirty days",
        "heldout": "Warranty covers manufacturing defects for two years from purchase"}
SIZES = [(1200, 628), (640, 640), (750, 1000), (1024, 512), (900, 700)]


def register(name: str):
    """Register a class ``fn(split, rng) -> result`` under ``name``; a name twice raises."""

    def deco(fn):
        if name in CLASSES:
            raise ValueError(f"class {name!r} registered twice")
        CLASSES[name] = fn
        return fn

    return deco


def _rng(name: str, split: str) -> np.random.Generator:
    return np.random.default_rng([SEED, SPLITS.index(split), sum(map(ord, name))])


def photo(rng: np.random.Generator, split: str, size: tuple, *, zoom=(1.0, 1.5)) -> tuple[np.ndarray, str]:
    """A photo of the split, tinted when it is grey, covering ``size`` (W, H)."""
    from skimage import data

    name = PHOTOS[split][int(rng.integers(2))]
    img = getattr(data, name)()
    if img.ndim == 2:
        c = hard.STRONG[int(rng.integers(len(hard.STRONG)))]
        img = hard.tint(img, np.array(c) * 0.3, c)
    centre = (0.5, 0.5) if name == "retina" else tuple(rng.uniform(0.2, 0.8, 2))
    z = float(rng.uniform(*zoom)) * (1.6 if name == "retina" else 1.0)
    return hard.cover(img[..., :3], size, zoom=z, centre=centre), name


def _size(rng) -> tuple[int, int]:
    return SIZES[int(rng.integers(len(SIZES)))]


def _compose(bg, ws, *, cls, split, name, notes):
    r = hard.compose_text(bg, ws, stem=f"textcheck_{cls}_{split}", split=split, fam=f"textcheck_{cls}",
                          background=name, notes=notes)
    r["meta"]["generator"] = "scripts/samples_textcheck.py"
    r["meta"]["seed"] = SEED
    return r


@register("italic_tilted")
def italic_tilted(split, rng):
    """An oblique bold headline tilted 6-15 degrees, coloured with a thin dark outline, on a photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    text = " ".join(hard._pick(rng, WORDS[split], 2))
    fsz = int(rng.integers(50, 80))
    ang = float(rng.uniform(6, 15)) * (1 if rng.integers(2) else -1)
    fill = tuple(int(v) for v in hard.STRONG[int(rng.integers(len(hard.STRONG)))])
    ws = hard.line_words(text, FONTS[split]["oblique"], fsz, (0.08 * W, 0.55 * H), fill=fill, angle=ang,
                         outline=(2, (20, 20, 20)))
    return _compose(bg, ws, cls="italic_tilted", split=split, name=name, notes=f"oblique, {ang:.0f} deg")


@register("thin_light")
def thin_light(split, rng):
    """A thin (extra-light / roman) headline, white, over the photo's brighter part."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    text = " ".join(hard._pick(rng, WORDS[split], 2))
    fsz = int(rng.integers(56, 90))
    ws = hard.line_words(text, FONTS[split]["light"], fsz, (0.06 * W, 0.2 * H), fill=(250, 250, 250))
    return _compose(bg, ws, cls="thin_light", split=split, name=name, notes="thin white headline")


@register("ghost_headline")
def ghost_headline(split, rng):
    """A very faint large headline (opacity 0.22-0.32), white or black, on a photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    text = " ".join(hard._pick(rng, WORDS[split], 2))
    fsz = int(rng.integers(80, 130))
    while hard.line_width(text, FONTS[split]["plain"], fsz) > 0.9 * W and fsz > 30:
        fsz -= 6
    op = float(rng.uniform(0.22, 0.32))
    col = (255, 255, 255) if rng.integers(2) else (0, 0, 0)
    ws = hard.line_words(text, FONTS[split]["plain"], fsz, (0.05 * W, 0.35 * H), fill=col, opacity=op)
    return _compose(bg, ws, cls="ghost_headline", split=split, name=name, notes=f"opacity {op:.2f}")


@register("hollow_outline")
def hollow_outline(split, rng):
    """Outline-only words: the fill is the photo's own mean colour, a 2-4 px contrasting outline."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    text = " ".join(hard._pick(rng, WORDS[split], 2))
    fsz = int(rng.integers(60, 96))
    font = FONTS[split]["serif"]
    while hard.line_width(text, font, fsz) > 0.9 * W and fsz > 30:
        fsz -= 6
    x, y = 0.05 * W, 0.4 * H
    m = hard._mean_rgb(bg, x, y, x + hard.line_width(text, font, fsz), y + fsz)
    edge = hard._contrast_colour(m, 140)
    ws = hard.line_words(text, font, fsz, (x, y), fill=tuple(int(v) for v in m),
                         outline=(int(rng.integers(2, 5)), edge))
    return _compose(bg, ws, cls="hollow_outline", split=split, name=name, notes="outline only")


@register("cjk_outlined")
def cjk_outlined(split, rng):
    """Red or yellow CJK lines with a white / dark outline and a drop shadow (e-commerce style)."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    f, idx = FONTS[split]["cjk"]
    ws = []
    for k in range(2):
        fsz = int(rng.integers(40, 64))
        red = bool(rng.integers(2))
        ws += [hard.Word(CJK[split][k], f, fsz, (0.08 * W, (0.25 + 0.3 * k) * H), index=idx,
                         fill=(220, 30, 30) if red else (255, 230, 40),
                         outline=(3, (255, 255, 255) if red else (40, 20, 10)),
                         shadow=(3, 3, 2.0, 0.6, (0, 0, 0)), angle=float(rng.uniform(-4, 4)))]
    return _compose(bg, ws, cls="cjk_outlined", split=split, name=name, notes="outlined CJK with shadow")


@register("cjk_small_busy")
def cjk_small_busy(split, rng):
    """Small (15-20 px) pink or white CJK lines over a busy photo, not tiled."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H), zoom=(1.5, 2.5))
    f, idx = FONTS[split]["cjk"]
    ws = []
    for k in range(3):
        fsz = int(rng.integers(15, 21))
        col = (255, 110, 200) if k % 2 == 0 else (245, 245, 245)
        ws.append(hard.Word(CJK[split][(k + 1) % len(CJK[split])], f, fsz,
                            (float(rng.uniform(0.1, 0.6)) * W, (0.2 + 0.25 * k) * H), index=idx, fill=col))
    return _compose(bg, ws, cls="cjk_small_busy", split=split, name=name, notes="small CJK over a photo")


@register("tiny_print")
def tiny_print(split, rng):
    """Fine print at 7-9 px fonts (cap height 5-7 px): dark grey on a light band, and light on the photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    band = int(0.82 * H)
    bg = bg.copy()
    bg[band:] = (np.asarray(bg[band:], np.float64) * 0.15 + 0.85 * 240).astype(np.uint8)
    font = FONTS[split]["plain"]
    ws = []
    for k, fsz in enumerate((7, 8, 9)):
        ws += hard.line_words(FINE[split], font, fsz, (0.04 * W, band + 8 + k * (fsz + 8)), fill=(70, 70, 70))
    y = 0.1 * H
    m = hard._mean_rgb(bg, 0.5 * W, y, 0.95 * W, y + 9)
    ws += hard.line_words(" ".join(FINE[split].split(" ")[:5]), font, 9, (0.5 * W, y),
                          fill=hard._contrast_colour(m, 130))
    return _compose(bg, ws, cls="tiny_print", split=split, name=name, notes="7-9 px fonts")


@register("curved_tight")
def curved_tight(split, rng):
    """Words bent along tight arcs (radius 1.5-3x the word's width / pi), no outline, on a gradient."""
    W, H = _size(rng)
    bg, name = hard._random_gradient(rng, (W, H), low=60)
    ws = []
    for k in range(2):
        word = hard._pick(rng, WORDS[split])[0]
        fsz = int(rng.integers(30, 46))
        font = FONTS[split]["mono"] if k == 0 else FONTS[split]["oblique"]
        r = float(rng.uniform(1.5, 3.0)) * hard.line_width(word, font, fsz) / np.pi
        m = hard._mean_rgb(bg, 0.1 * W + 0.45 * k * W, 0.3 * H, 0.45 * W + 0.45 * k * W, 0.3 * H + fsz)
        ws.append(hard.Word(word, font, fsz, (0.1 * W + 0.45 * k * W, 0.3 * H), fill=hard._contrast_colour(m, 150),
                            arc=r))
    return _compose(bg, ws, cls="curved_tight", split=split, name=name, notes="tight arcs")


@register("product_tilted")
def product_tilted(split, rng):
    """A label and a price on a shaded product, the whole label tilted -20..20 degrees."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    kind = ["box", "bottle", "ellipse"][int(rng.integers(3))]
    box = (W * 0.3, H * 0.15, W * 0.72, H * 0.9)
    c = hard.STRONG[int(rng.integers(len(hard.STRONG)))]
    bg = hard.shaded_shape(bg, kind, box, c, seed=int(rng.integers(1 << 30)))
    ang = float(rng.uniform(-20, 20))
    x, y = box[0] + 0.1 * (box[2] - box[0]), H * 0.45
    fsz = int(rng.integers(28, 40))
    ws = hard.line_words(hard._pick(rng, WORDS[split])[0], FONTS[split]["serif"], fsz, (x, y),
                         fill=hard._contrast_colour(c, 160), angle=ang)
    price = hard.line_words(f"{int(rng.integers(1, 9))},{int(rng.integers(100, 999))}", FONTS[split]["mono"],
                            int(fsz * 0.8), (x, y + 1.5 * fsz), fill=hard._contrast_colour(c, 130), angle=ang)
    for w in price:  # the price turns with the label, about the label's start
        w.pivot = (x, y)
    ws += price
    return _compose(bg, ws, cls="product_tilted", split=split, name=name, notes=f"{kind}, {ang:.0f} deg")


def _luma(rgb) -> float:
    return float(np.dot(np.asarray(rgb, np.float64), (0.299, 0.587, 0.114)))


@register("isoluminant")
def isoluminant(split, rng):
    """Coloured text on a stripe of another hue and (nearly) the same luminance."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    pairs = {"tune": [((200, 40, 40), (40, 130, 90)), ((30, 110, 220), (150, 100, 40))],
             "heldout": [((230, 90, 20), (60, 150, 160)), ((130, 60, 200), (200, 60, 90))]}[split]
    fg, stripe = pairs[int(rng.integers(2))]
    # match the stripe's luminance to the text's (within a few levels)
    stripe = np.clip(np.asarray(stripe, np.float64) * _luma(fg) / max(1.0, _luma(stripe)), 0, 255)
    fsz = int(rng.integers(40, 60))
    y0 = int(0.5 * H)
    bg = bg.copy()
    bg[y0:y0 + int(1.6 * fsz)] = stripe.astype(np.uint8)
    text = " ".join(hard._pick(rng, WORDS[split], 2))
    ws = hard.line_words(text, FONTS[split]["plain"], fsz, (0.06 * W, y0 + 0.2 * fsz), fill=fg)
    return _compose(bg, ws, cls="isoluminant", split=split, name=name, notes="same luminance as the stripe")


@register("spaced_caps")
def spaced_caps(split, rng):
    """Letter-spaced capitals ('S A L E'), one word drawn with a space between its letters."""
    W, H = _size(rng)
    bg, name = hard._random_gradient(rng, (W, H))
    word = hard._pick(rng, WORDS[split])[0]
    fsz = int(rng.integers(34, 52))
    m = hard._mean_rgb(bg, 0.1 * W, 0.45 * H, 0.9 * W, 0.45 * H + fsz)
    ws = [hard.Word(" ".join(word), FONTS[split]["plain"], fsz, (0.1 * W, 0.45 * H),
                    fill=hard._contrast_colour(m, 120))]
    return _compose(bg, ws, cls="spaced_caps", split=split, name=name, notes="letter-spaced")


@register("giant_headline")
def giant_headline(split, rng):
    """One word so large (font 0.35-0.5 of the height) that each letter is a large blob, on a photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    word = hard._pick(rng, WORDS[split])[0]
    font = FONTS[split]["oblique"] if rng.integers(2) else FONTS[split]["plain"]
    fsz = int(rng.uniform(0.35, 0.5) * H)
    while hard.line_width(word, font, fsz) > 0.92 * W and fsz > 40:
        fsz -= 8
    fill = tuple(int(v) for v in hard.STRONG[int(rng.integers(len(hard.STRONG)))])
    ws = [hard.Word(word, font, fsz, (0.04 * W, 0.2 * H), fill=fill, shadow=(4, 4, 3.0, 0.5, (0, 0, 0)))]
    return _compose(bg, ws, cls="giant_headline", split=split, name=name, notes=f"{fsz}px font")


@register("vertical_latin")
def vertical_latin(split, rng):
    """A mid-size (18-26 px) Latin line turned 90 degrees, read top to bottom, mid-image on a photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    text = " ".join(hard._pick(rng, WORDS[split], 2))
    fsz = int(rng.integers(18, 27))
    font = FONTS[split]["plain"]
    xy = (float(rng.uniform(0.3, 0.7)) * W, 0.15 * H)
    m = hard._mean_rgb(bg, xy[0] - fsz, xy[1], xy[0], xy[1] + hard.line_width(text, font, fsz))
    ws = hard.line_words(text, font, fsz, xy, fill=hard._contrast_colour(m, 140), angle=-90.0)
    return _compose(bg, ws, cls="vertical_latin", split=split, name=name, notes="top to bottom")


@register("perspective_label")
def perspective_label(split, rng):
    """A flat label with two lines, seen in perspective (a package turned away), pasted on a photo.

    The label (plate and words, composed with exact truth) is warped by one homography; the
    warped text mask is every pixel the warp draws from the words (creative equals the
    background outside it, exactly), the quadrilaterals are the words' corners warped.
    """
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    lw, lh = 420, 220
    plate = hard.gradient((lw, lh), (240, 235, 220), (200, 210, 230), angle=float(rng.uniform(0, np.pi)))
    c = hard.STRONG[int(rng.integers(len(hard.STRONG)))]
    ws = hard.line_words(hard._pick(rng, WORDS[split])[0], FONTS[split]["serif"], 56, (24, 30), fill=c)
    ws += hard.line_words(" ".join(hard._pick(rng, WORDS[split], 2)), FONTS[split]["plain"], 30, (24, 120),
                          fill=(40, 40, 40))
    lab = hard.compose_text(plate, ws, stem="label", split=split, fam="label", background="generated")
    # the label's corners go to a quadrilateral turned away (one side shorter), placed on the photo
    k = float(rng.uniform(0.55, 0.75))  # the far side's height / the near side's
    x0, y0 = float(rng.uniform(0.1, 0.35)) * W, float(rng.uniform(0.15, 0.4)) * H
    ww, hh = 0.5 * W, 0.5 * W * lh / lw
    dst = np.float32([[x0, y0], [x0 + ww, y0 + hh * (1 - k) / 2], [x0 + ww, y0 + hh * (1 + k) / 2], [x0, y0 + hh]])
    if rng.integers(2):  # the other side away
        dst = np.float32([[x0, y0 + hh * (1 - k) / 2], [x0 + ww, y0], [x0 + ww, y0 + hh], [x0, y0 + hh * (1 + k) / 2]])
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [lw, 0], [lw, lh], [0, lh]]), dst)

    def warp(a, f=cv2.INTER_LINEAR):
        return cv2.warpPerspective(a, M, (W, H), flags=f, borderMode=cv2.BORDER_CONSTANT)

    inside = warp(np.full((lh, lw), 255, np.uint8), cv2.INTER_NEAREST) > 0
    clean = bg.copy()
    clean[inside] = warp(lab["background"])[inside]
    creative = clean.copy()
    creative[inside] = warp(lab["creative"])[inside]
    text = warp(lab["text"].astype(np.uint8) * 255) > 0
    creative[~text] = clean[~text]  # exact outside the text mask
    words = []
    for w in lab["meta"]["words"]:
        q = cv2.perspectiveTransform(np.float32(w["points"]).reshape(-1, 1, 2), M).reshape(-1, 2)
        words.append({**w, "points": [[round(float(x), 1), round(float(y), 1)] for x, y in hard.ms_order(q)]})
    meta = {**lab["meta"], "stem": f"textcheck_perspective_label_{split}", "family": "textcheck_perspective_label",
            "size_wh": [W, H], "notes": f"perspective, far side {k:.2f}", "words": words,
            "background": {"source": name, **hard.SOURCES[name]},
            "fraction": {"person": 0.0, "text": round(float(text.mean()), 4)},
            "generator": "scripts/samples_textcheck.py", "seed": SEED}
    meta["licences"] = {**meta["licences"], name: hard.SOURCES[name]}
    return {"creative": creative, "background": clean, "person": np.zeros((H, W), bool), "text": text, "meta": meta}


@register("ghost_small")
def ghost_small(split, rng):
    """Small faint words (24-34 px, opacity 0.25-0.35) over a zoomed-in busy photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H), zoom=(1.8, 2.6))
    ws = []
    for k in range(2):
        fsz = int(rng.integers(24, 35))
        col = (255, 255, 255) if rng.integers(2) else (0, 0, 0)
        ws += hard.line_words(" ".join(hard._pick(rng, WORDS[split], 2)), FONTS[split]["plain"], fsz,
                              (float(rng.uniform(0.05, 0.4)) * W, (0.25 + 0.35 * k) * H), fill=col,
                              opacity=float(rng.uniform(0.25, 0.35)))
    return _compose(bg, ws, cls="ghost_small", split=split, name=name, notes="small and faint")


@register("tiny_on_photo")
def tiny_on_photo(split, rng):
    """Two lines of 8 px print straight on the photo (no panel), 90-120 levels from it."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    font = FONTS[split]["plain"]
    ws = []
    for k in range(2):
        x, y = 0.05 * W, (0.7 + 0.05 * k) * H
        m = hard._mean_rgb(bg, x, y, x + hard.line_width(FINE[split], font, 8), y + 8)
        ws += hard.line_words(FINE[split], font, 8, (x, y), fill=hard._contrast_colour(m, float(rng.uniform(90, 120))))
    return _compose(bg, ws, cls="tiny_on_photo", split=split, name=name, notes="8 px on the photo")


@register("neon_glow")
def neon_glow(split, rng):
    """White words with a wide coloured glow (a centred blurred halo) on a darkened photo."""
    W, H = _size(rng)
    bg, name = photo(rng, split, (W, H))
    bg = (bg.astype(np.float64) * 0.35).astype(np.uint8)
    glow = tuple(int(v) for v in hard.STRONG[int(rng.integers(len(hard.STRONG)))])
    fsz = int(rng.integers(44, 70))
    ws = hard.line_words(" ".join(hard._pick(rng, WORDS[split], 2)), FONTS[split]["oblique"], fsz,
                         (0.08 * W, 0.45 * H), fill=(255, 255, 255), shadow=(0, 0, fsz / 8, 1.0, glow))
    return _compose(bg, ws, cls="neon_glow", split=split, name=name, notes="glow")


def build(*, splits=SPLITS, only=None) -> list:
    """Every creative of the set (classes filtered by name prefix ``only``)."""
    out = []
    for split in splits:
        for name, fn in CLASSES.items():
            if only and not any(name.startswith(o) for o in only):
                continue
            out.append(fn(split, _rng(name, split)))
    return out


# ---------------------------------------------------------------------------------------
# Faint dense watermarks (session 8): a set of their own, written with --faint
# ---------------------------------------------------------------------------------------
#: Busy grounds of the faint-watermark creatives (:func:`faint_ground`), per split: tune and
#: held-out are drawn differently (confetti of bars vs glitter dots, bokeh discs vs soap
#: bubbles, twill vs tweed) and neither is the terrazzo of ``samples_hard.TEXTURES``.
FAINT_GROUNDS = {"tune": ("sprinkles", "bokeh", "twill"), "heldout": ("glitter", "bubbles", "tweed")}


def faint_ground(kind: str, size: tuple, rng: np.random.Generator) -> np.ndarray:
    """A busy ground (H, W, 3) uint8 of ``kind`` (see :data:`FAINT_GROUNDS`): random, not periodic.

    sprinkles: short rounded bars of many colours at every angle on a pale plate (party
    confetti); glitter: small dots and sparkles of many colours on a dark plate; bokeh:
    blurred light discs on a dark gradient; bubbles: soft rings over a blurred noise;
    twill: diagonal thread ribs bent by noise; tweed: a speckled two-colour yarn.
    """
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    c0, c1 = (np.asarray(c, np.float64) for c in rng.integers(0, 256, (2, 3)))
    if kind in ("sprinkles", "glitter"):
        light = kind == "sprinkles"
        base = np.full((H, W, 3), 235.0 if light else 30.0) + 12 * (hard._noise(rng, size, 3, 4)[..., None] - 0.5)
        for _ in range(int(W * H / (260 if light else 160))):
            x, y = int(rng.integers(W)), int(rng.integers(H))
            col = tuple(float(v) for v in rng.integers(0, 256, 3))
            if light:
                ln, th = int(rng.integers(4, 12)), int(rng.integers(2, 4))
                a = rng.uniform(0, np.pi)
                p, q = (x - ln * np.cos(a), y - ln * np.sin(a)), (x + ln * np.cos(a), y + ln * np.sin(a))
                cv2.line(base, tuple(map(int, p)), tuple(map(int, q)), col, th, cv2.LINE_AA)
            else:
                cv2.circle(base, (x, y), int(rng.integers(1, 5)), col, -1, cv2.LINE_AA)
        return np.clip(np.round(base), 0, 255).astype(np.uint8)
    if kind in ("bokeh", "bubbles"):
        g = 0.25 * hard._noise(rng, size, 3, 3)
        base = c0 * 0.35 + (c1 * 0.35 - c0 * 0.35) * g[..., None]
        layer = np.zeros((H, W, 3))
        for _ in range(int(W * H / 2500)):
            x, y = int(rng.integers(W)), int(rng.integers(H))
            r = int(rng.integers(6, 40))
            col = tuple(float(v) for v in rng.integers(60, 256, 3))
            cv2.circle(layer, (x, y), r, col, -1 if kind == "bokeh" else int(rng.integers(2, 5)), cv2.LINE_AA)
        layer = cv2.GaussianBlur(layer, (0, 0), 2.5 if kind == "bokeh" else 1.2)
        return np.clip(np.round(base + 0.7 * layer), 0, 255).astype(np.uint8)
    if kind == "twill":
        p = rng.uniform(5, 9)
        t = (xx + yy) / p + 2.5 * hard._noise(rng, size, 4, 8)
        g = 0.5 + 0.35 * np.sin(2 * np.pi * t) + 0.3 * (hard._noise(rng, size, 3, 120) - 0.5)
    elif kind == "tweed":
        g = rng.random((H, W))
        g = 0.6 * cv2.GaussianBlur(g, (0, 0), 0.8) + 0.4 * hard._noise(rng, size, 4, 40)
        g = (g - g.min()) / max(1e-9, g.max() - g.min())
    else:
        raise ValueError(f"kind must be one of {sorted(set().union(*FAINT_GROUNDS.values()))}, got {kind!r}")
    img = c0 + (c1 - c0) * np.clip(g, 0, 1)[..., None]
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def faint_watermarks(split: str, n: int = 6, batch: int = 0) -> list:
    """Faint dense tiled watermarks (opacity 0.15-0.35) over busy random grounds or photos.

    The class whose copies no detector sees confidently anywhere, so the repeat step has
    no seed: 14-26 px text, rows 1.6-2.6 text heights apart, copies 1.1-1.6 line widths
    apart, any angle in [-40, 40] deg, white / black / grey / a colour, over a
    :func:`faint_ground` (confetti, bokeh, fabric) or one of the split's photos.
    ``batch`` > 0 draws another ``n`` from a seed of their own (session 9: more look-alikes
    per class; batch 0 is session 8's set, unchanged), the grounds in another order.
    """
    rng = hard.rng_for("text_watermark_faint" + (f"_b{batch}" if batch else ""), split)
    fonts, words = hard.TEXT_FONTS[split], hard.TEXT_WORDS[split]
    out = []
    for i, size in enumerate(hard._text_sizes(rng, n)):
        W, H = size
        if i % 4 == 3:
            bg, name = hard._photo(rng, split, size, zoom=(1.0, 1.3))
        else:
            bg, name = faint_ground(FAINT_GROUNDS[split][(i + batch) % 3], size, rng), "generated"
        font = fonts[i % len(fonts)]
        mark = " ".join(hard._pick(rng, words, int(rng.integers(1, 3))))
        fsz = int(rng.integers(14, 27))
        ang = float(rng.uniform(-40, 40))
        op = float(rng.uniform(0.15, 0.35))
        col = [(255, 255, 255), (20, 20, 20), (128, 128, 128), tuple(int(v) for v in rng.integers(0, 256, 3))][
            int(rng.integers(4))]
        lw = hard.line_width(mark, font, fsz)
        dx, dy = lw * float(rng.uniform(1.1, 1.6)), fsz * float(rng.uniform(1.6, 2.6))
        ws = []
        ext = max(W, H) * 0.45
        for r, yy in enumerate(np.arange(-ext, H + ext, dy)):
            for xx in np.arange(-ext + (r % 2) * dx / 2, W + ext, dx):
                ws += hard.line_words(mark, font, fsz, (float(xx), float(yy)), fill=col, opacity=op, angle=ang,
                                 role="watermark")
        ws = [w for w in ws if hard._lands_inside(w, W, H)]
        out.append(hard.compose_text(bg, ws, stem=f"hard_text_watermark_faint_{split}_{i + n * batch}", split=split,
                                fam="text_watermark_faint", background=name,
                                notes=f"faint '{mark}' {fsz}px every {dx:.0f}x{dy:.0f}px at {ang:.0f} deg, "
                                      f"opacity {op:.2f}, colour {col}"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "out" / "textcheck")
    ap.add_argument("--split", choices=SPLITS, nargs="*", default=list(SPLITS))
    ap.add_argument("--only", nargs="*", default=None, help="class name prefixes")
    ap.add_argument("--faint", action="store_true",
                    help="write the faint dense watermarks (faint_watermarks, 6 per split) instead of the classes")
    ap.add_argument("--batch", type=int, nargs="*", default=[0],
                    help="with --faint: the batches to write (0: session 8's six per split; 1, 2, ...: six more each)")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    metas = []
    results = (r for sp in args.split for b in args.batch for r in faint_watermarks(sp, batch=b)) if args.faint else \
        build(splits=tuple(args.split), only=args.only)
    for r in results:
        hard.ms.write_sample(args.out, r)
        metas.append(r["meta"])
    index = [{"stem": m["stem"], "split": m["split"], "family": m["family"],
              "text_fraction": m["fraction"]["text"]} for m in metas]
    (args.out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    print(f"{len(metas)} creatives in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
