#!/usr/bin/env python
"""The four artifact classes ``--objects auto`` still missed on the lead's final check (issue 9).

Session 35 (objmiss): the misses left on the fresh split were described by class, not given as
images; this set draws each class from first principles, with exact truth, so that a rule can be
built on one half and measured on the other::

* ``button/frosted``: a pill of light frosted glass over a photo (the plate under it blurred and
  lifted toward white, a 1 px light rim), its words on it;
* ``logo/nameplate``: a light plate with a dark outline stroke round it and a wordmark inside;
* ``badge/shaded``: a shaded 3-D badge (a lit disc with a gradient and a highlight) with words;
* ``logo/emblem_left``: a one-ink line emblem to the LEFT of its wordmark (``line_emblem`` looks
  above a line, ``mark_row`` for marks of several flat parts).

The two halves differ by seed **and** by rule (shapes, words, fonts, photos)::

* ``tune`` (seeds 35000+): a frosted pill (round ends) lifted toward white; a rounded-rectangle
  nameplate; a lit sphere; a circle round mountains, or round waves; photos ``coffee``,
  ``gravel``, ``motorcycle_left`` (no person in a plate: the truth has none); Nimbus Sans / URW Bookman;
* ``heldout`` (seeds 39000+): a frosted card (small corners) tinted by a colour; an oval
  nameplate with a double outline; a glossy disc (a vertical gradient, a gloss band on its
  upper half and a darker bevel ring); a leaf, or a house, each in a ring; photos ``rocket``,
  ``chelsea``, ``hubble_deep_field``; C059 / URW Gothic.

Truth as in ``samples_artcheck.py``: an artifact is where its alpha is > 0.1 (its words belong
to it), the image equals the plate outside person | text | artifacts::

    python scripts/samples_artcheck6.py --out /work/out/artcheck6 [--split tune heldout] [--count 24]
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

from samples_artcheck import URW, _col, _far, _font  # noqa: E402

from creative_tools.bench.artifacts import (  # noqa: E402
    ALPHA_CUT,
    SS,
    Artifact,
    ArtifactCreative,
    _photo,
    _shrink,
    place_headline,
)

SPLITS = {"tune": 35000, "heldout": 39000}
COUNT = 24  # creatives per half
#: kind -> shape, one per class (a)-(d) of the brief
SHAPES = {"button": ("frosted",), "logo": ("nameplate", "emblem_left"), "badge": ("shaded",)}
CLASSES = (("button", "frosted"), ("logo", "nameplate"), ("badge", "shaded"), ("logo", "emblem_left"))
RULES = {
    "tune": {"photos": ("coffee", "gravel", "motorcycle_left"),
             "fonts": ("NimbusSans-Bold.otf", "URWBookman-Demi.otf"),
             "words": ("Shop now", "Join", "SALE", "Try it", "Book"),
             "brands": ("Nordlys", "ALTO", "meridian", "Brava"),
             "emblems": ("mountains", "waves")},
    "heldout": {"photos": ("rocket", "chelsea", "hubble_deep_field"),
                "fonts": ("C059-Bold.otf", "URWGothic-Demi.otf"),
                "words": ("Order", "Get it", "NEW", "Explore", "Save 20%"),
                "brands": ("Fjord", "KOVA", "solano", "Tern"),
                "emblems": ("leaf", "house")},
}
PLATES = ("photo", "gradient", "photo")  # a frosted pill is drawn over a photo two times in three
HEADLINES = ("Made for mornings", "New season", "Built to move", "Weekend only")


def _plate(kind: str, size, rng, photos) -> np.ndarray:
    W, H = size
    if kind == "photo":
        return _photo(photos[int(rng.integers(len(photos)))], size)
    if kind == "flat":
        return np.broadcast_to(_col(rng), (H, W, 3)).astype(np.uint8).copy()
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    c0, c1 = _col(rng), _col(rng)
    a = rng.uniform(0, np.pi)
    t = np.cos(a) * xx / W + np.sin(a) * yy / H
    t = (t - t.min()) / max(1e-9, np.ptp(t))
    return np.clip(c0 * (1 - t[..., None]) + c1 * t[..., None] + rng.normal(0, 1.0, (H, W, 3)), 0, 255).astype(np.uint8)


def _text_box(text: str, font) -> tuple:
    left, top, right, bot = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), text, font=font)
    return left, top, right - left, bot - top


def _rgba(rgb: np.ndarray, alpha: np.ndarray) -> Image.Image:
    """(h, w, 3) float colour and (h, w) float alpha in [0, 1] at SS x -> an RGBA sprite."""
    arr = np.dstack([np.clip(rgb, 0, 255), np.clip(alpha, 0, 1) * 255]).round().astype(np.uint8)
    return Image.fromarray(arr, "RGBA")


def _frosted(rng, rules, half: str, short: int, font_name: str):
    """(alpha, ink alpha, lift, tint, ink colour) of a frosted pill at final size (its colour is the plate's)."""
    s = rng.uniform(0.07, 0.11) * short * SS
    w, h = int(s * rng.uniform(2.4, 3.2)), int(s * 0.62)
    rad = h // 2 if half == "tune" else h // 5
    a = Image.new("L", (w, h), 0)
    ImageDraw.Draw(a).rounded_rectangle((0, 0, w - 1, h - 1), radius=rad, fill=255)
    word = rules["words"][int(rng.integers(len(rules["words"])))]
    font = _font(h * 0.5, font_name)
    l, t, tw, th = _text_box(word, font)
    ink = Image.new("L", (w, h), 0)
    ImageDraw.Draw(ink).text(((w - tw) / 2 - l, (h - th) / 2 - t), word, font=font, fill=255)
    size = (w // SS, h // SS)
    al = cv2.resize(np.asarray(a, np.float64) / 255, size, interpolation=cv2.INTER_AREA)
    ik = cv2.resize(np.asarray(ink, np.float64) / 255, size, interpolation=cv2.INTER_AREA)
    lift = rng.uniform(0.3, 0.5)
    tint = np.array((255.0, 255.0, 255.0)) if half == "tune" else 0.7 * 255 + 0.3 * _col(rng)
    return al, ik, lift, tint


def _frost_colour(under: np.ndarray, al: np.ndarray, ik: np.ndarray, lift: float, tint: np.ndarray, rng) -> np.ndarray:
    frost = cv2.GaussianBlur(under, (0, 0), rng.uniform(6, 10)) * (1 - lift) + tint * lift
    rim = al - cv2.erode(al, np.ones((3, 3)))
    frost = frost + 40 * np.clip(rim, 0, 1)[..., None]
    tone = np.array((25.0, 25.0, 30.0)) if frost.mean() > 140 else np.array((250.0, 250.0, 250.0))
    return np.clip(frost * (1 - ik[..., None]) + tone * ik[..., None], 0, 255)


def _nameplate(rng, rules, half: str, local, short: int, font_name: str) -> Image.Image:
    brand = rules["brands"][int(rng.integers(len(rules["brands"])))]
    th = rng.uniform(0.035, 0.06) * short * SS
    font = _font(th, font_name)
    l, t, tw, tht = _text_box(brand, font)
    padx, pady = 0.6 * tht + rng.uniform(0.2, 0.6) * tht, 0.45 * tht + rng.uniform(0.1, 0.4) * tht
    if half == "heldout":  # an oval round the words: wider margins
        padx, pady = padx + 0.5 * tht, pady + 0.35 * tht
    w, h = int(tw + 2 * padx), int(tht + 2 * pady)
    plate = tuple(int(v) for v in rng.integers(228, 252, 3))
    stroke = tuple(int(v) for v in rng.integers(10, 70, 3))
    lw = max(SS, int(rng.uniform(1.5, 3.5) * SS))
    im = Image.new("RGBA", (w + 2 * SS, h + 2 * SS), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    box = (SS, SS, SS + w, SS + h)
    if half == "tune":
        d.rounded_rectangle(box, radius=int(h * rng.uniform(0.1, 0.3)), fill=plate + (255,), outline=stroke + (255,),
                            width=lw)
    else:  # an oval, a thin second line inside the first
        d.ellipse(box, fill=plate + (255,), outline=stroke + (255,), width=lw)
        g = lw + 2 * SS
        d.ellipse((box[0] + g, box[1] + g, box[2] - g, box[3] - g), outline=stroke + (255,), width=max(SS, lw // 2))
    ink = stroke if rng.uniform() < 0.6 else tuple(int(v) for v in _far(rng, np.asarray(plate, float), 250))
    d.text((SS + (w - tw) / 2 - l, SS + (h - tht) / 2 - t), brand, font=font, fill=ink + (255,))
    return im


def _shaded(rng, rules, half: str, local, short: int, font_name: str) -> Image.Image:
    r = rng.uniform(0.06, 0.1) * short * SS
    n = int(2 * r) + 2 * SS
    yy, xx = (np.mgrid[0:n, 0:n].astype(np.float64) - n / 2 + 0.5) / r
    rr = np.hypot(xx, yy)
    col = np.asarray(_far(rng, np.asarray(local), 200), np.float64)
    if half == "tune":  # a lit sphere: diffuse from up-left, a specular spot
        z = np.sqrt(np.clip(1 - rr ** 2, 0, 1))
        L = np.array((-0.45, -0.55, 0.7))
        L /= np.linalg.norm(L)
        diff = np.clip(xx * L[0] + yy * L[1] + z * L[2], 0, 1)
        spec = np.clip(diff, 0, 1) ** 28
        rgb = col * (0.25 + 0.8 * diff)[..., None] + 255 * 0.8 * spec[..., None]
    else:  # a glossy disc: a vertical gradient, a gloss band on the upper half, a darker bevel ring
        t = (yy + 1) / 2
        rgb = col * (1.25 - 0.6 * t)[..., None]
        gloss = ((xx / 0.8) ** 2 + ((yy + 0.45) / 0.45) ** 2) < 1
        rgb = np.where(gloss[..., None], rgb * 0.55 + 255 * 0.45, rgb)
        rgb = np.where(((rr > 0.86) & (rr <= 1))[..., None], rgb * 0.55, rgb)
    alpha = (rr <= 1).astype(np.float64)
    im = _rgba(rgb, alpha)
    word = rules["words"][int(rng.integers(len(rules["words"])))]
    font = _font(0.5 * r if len(word) <= 4 else 0.34 * r, font_name)
    l, t, tw, th = _text_box(word, font)
    ImageDraw.Draw(im).text(((n - tw) / 2 - l, (n - th) / 2 - t), word, font=font, fill=(255, 255, 255, 255))
    return im


def _emblem(d: ImageDraw.ImageDraw, kind: str, x: float, y: float, m: float, lw: int, ink) -> None:
    """A one-ink line drawing of side ``m`` at ``(x, y)`` (sprite px)."""
    d.ellipse((x, y, x + m, y + m), outline=ink, width=lw)
    c = (x + m / 2, y + m / 2)
    if kind == "mountains":
        pts = [(x + 0.18 * m, y + 0.68 * m), (x + 0.4 * m, y + 0.34 * m), (x + 0.55 * m, y + 0.55 * m),
               (x + 0.67 * m, y + 0.42 * m), (x + 0.84 * m, y + 0.68 * m)]
        d.line(pts, fill=ink, width=lw, joint="curve")
    elif kind == "waves":
        for k in (0.4, 0.58, 0.76):
            xs = np.linspace(x + 0.17 * m, x + 0.83 * m, 24)
            ys = y + k * m + 0.05 * m * np.sin((xs - x) / m * 4 * np.pi)
            d.line(list(zip(xs, ys)), fill=ink, width=lw, joint="curve")
    elif kind == "leaf":
        box = (x + 0.28 * m, y + 0.16 * m, x + 0.72 * m, y + 0.84 * m)
        d.ellipse(box, outline=ink, width=lw)
        d.line([(c[0], y + 0.22 * m), (c[0], y + 0.9 * m)], fill=ink, width=lw)
    else:  # a house: a roof and a door
        d.line([(x + 0.24 * m, y + 0.5 * m), (c[0], y + 0.24 * m), (x + 0.76 * m, y + 0.5 * m)], fill=ink, width=lw,
               joint="curve")
        d.rectangle((x + 0.32 * m, y + 0.48 * m, x + 0.68 * m, y + 0.76 * m), outline=ink, width=lw)
        d.rectangle((x + 0.45 * m, y + 0.6 * m, x + 0.55 * m, y + 0.76 * m), outline=ink, width=lw)


def _emblem_left(rng, rules, half: str, local, short: int, font_name: str) -> tuple[Image.Image, str]:
    brand = rules["brands"][int(rng.integers(len(rules["brands"])))]
    th = rng.uniform(0.035, 0.07) * short * SS
    font = _font(th, font_name)
    l, t, tw, tht = _text_box(brand, font)
    m = tht * rng.uniform(1.4, 2.2)
    gap = rng.uniform(0.3, 0.7) * tht
    ink = _far(rng, np.asarray(local), 220)
    kind = rules["emblems"][int(rng.integers(len(rules["emblems"])))]
    lw = max(SS, int(rng.uniform(1.5, 2.8) * SS))
    w, h = int(m + gap + tw + 4 * SS), int(max(m, tht) + 4 * SS)
    im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    _emblem(d, kind, 2 * SS, (h - m) / 2, m, lw, ink + (255,))
    d.text((2 * SS + m + gap - l, (h - tht) / 2 - t), brand, font=font, fill=ink + (255,))
    return im, kind


def _place(canvas, occupied, bg, rng, kind, shape, render, tries: int = 30) -> Artifact | None:
    """``place_artifact`` (artifacts.py) where ``render(local)`` may give a colour function of the canvas
    under the sprite (a frosted pill's colour is the plate it blurs)."""
    H, W = occupied.shape
    for _ in range(tries):
        y0, x0 = int(rng.integers(2, H - 40)), int(rng.integers(2, W - 40))
        local = bg[y0:y0 + 40, x0:x0 + 40].reshape(-1, 3).mean(0)
        colour, alpha = render(local)
        h, w = alpha.shape
        if y0 + h >= H - 1 or x0 + w >= W - 1:
            continue
        m = alpha > ALPHA_CUT
        if (occupied[y0:y0 + h, x0:x0 + w] & cv2.dilate(m.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)).any():
            continue
        if callable(colour):
            colour = colour(canvas[y0:y0 + h, x0:x0 + w])
        a = np.clip((alpha - ALPHA_CUT) / (1 - ALPHA_CUT), 0, 1)[..., None]
        canvas[y0:y0 + h, x0:x0 + w] = colour * a + canvas[y0:y0 + h, x0:x0 + w] * (1 - a)
        full = np.zeros((H, W), bool)
        full[y0:y0 + h, x0:x0 + w] = m
        occupied |= full
        ys, xs = np.nonzero(full)
        return Artifact(kind, shape, full, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    return None


def make_artcheck6(index: int, *, split: str = "tune") -> ArtifactCreative:
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
    pk = PLATES[index % len(PLATES)]
    bg = _plate(pk, (W, H), rng, rules["photos"])
    canvas = bg.astype(np.float64)
    occupied = np.zeros((H, W), bool)
    short = min(W, H)
    arts = []
    for k in range(int(rng.integers(2, 4))):
        kind, shape = CLASSES[(index + k) % len(CLASSES)]
        font_name = rules["fonts"][int(rng.integers(len(rules["fonts"])))]
        info = {}

        def render(local, shape=shape, font_name=font_name, info=info):
            if shape == "frosted":
                al, ik, lift, tint = _frosted(rng, rules, split, short, font_name)
                return (lambda under: _frost_colour(under, al, ik, lift, tint, rng)), al
            if shape == "nameplate":
                return _shrink(_nameplate(rng, rules, split, local, short, font_name))
            if shape == "shaded":
                return _shrink(_shaded(rng, rules, split, local, short, font_name))
            im, info["drawing"] = _emblem_left(rng, rules, split, local, short, font_name)
            return _shrink(im)

        art = _place(canvas, occupied, bg, rng, kind, shape, render)
        if art is not None:
            arts.append(art)
    text = np.zeros((H, W), bool)
    if rng.uniform() < 0.6:
        f = _font(int(rng.integers(26, 46)), rules["fonts"][int(rng.integers(len(rules["fonts"])))])
        canvas, text = place_headline(canvas, occupied, bg, rng, HEADLINES[int(rng.integers(len(HEADLINES)))], f)
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": pk, "size_wh": [W, H], "person": False, "headline": bool(text.any()),
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts]}
    return ArtifactCreative(f"artcheck6_{split}_{index:03d}", split, image, bg, arts, np.zeros((H, W), bool), text,
                            meta)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument("--count", type=int, default=COUNT, help=f"creatives per half (default {COUNT})")
    a = ap.parse_args(argv)
    from samples_artifacts import write_artifact_set

    metas = write_artifact_set(a.out, splits=a.split, count=a.count, make=make_artcheck6)
    print(f"{len(metas)} artcheck6 creatives in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
