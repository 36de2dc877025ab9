#!/usr/bin/env python
"""Write ``textcheck3``: a held-out text set in ad styles none of the other generators draws.

The text stage was tuned on ``make_samples``, ``samples_hard``, ``samples_fresh`` and
``samples_textcheck`` (one drawing hand) and checked on ``samples_textcheck2`` (a second).
This set is drawn by a third, independent hand (its own glyph rendering, local layer frames,
warps and compositing; nothing imported from the other text generators) in eight styles
that none of them draws:

* ``extrude_3d``: block letters with a solid 3-D extrusion, or a long flat shadow at 45
  degrees fading out over up to a letter height;
* ``wave_ribbon``: a line set on a waving ribbon with folded tails, the letters bent with it;
* ``blend_modes``: a headline composited in multiply / screen / overlay mode, so its colour
  follows the photo or texture under it;
* ``spec_callouts``: product specs around a drawn product: large display numbers with small
  raised or baseline units (mAh, Hz, %, ...), captions (one in CJK) and leader lines;
* ``sticker``: die-cut sticker words: a thick rounded contour (0.1-0.16 of the size) round
  the letters, a hard offset shadow, turned; a person beside it in some;
* ``stamp``: a rubber stamp: distressed ink (holes, worn edges) multiplied into paper, a
  photo or wood, turned, in a frame;
* ``glitch_rgb``: chromatic-split glitch headlines: red and cyan copies offset from a light
  core, horizontal slices of the word displaced;
* ``multilingual``: a Latin word stacked over Cyrillic and Greek ones (bilingual packs), on
  flat colours, gradients or patterns; a person beside it in some.

Three creatives per style and half (2 x 24), seeds of their own::

    python scripts/samples_textcheck3.py --out /work/out/tc3_tune --split tune
    python scripts/samples_textcheck3.py --out /work/out/tc3_heldout --split heldout

Exact truth in the ``data/`` layout, the convention of every set here:
``truth/<stem>/text_mask.png`` = composited text alpha > 0.1 (letters, contours, extrusions,
shadows, glitch copies: every text layer; weaker alpha is clipped, so the creative equals
``background.png`` exactly outside the text and person masks); ``person_mask.png`` = the
pasted person (``make_samples``' cut-outs, alpha > 0.5; empty without people);
``meta.json`` ``words[]`` = one minimum-area rectangle per word of its own ink (letters and
contour; no extrusion, shadow or glitch copy), clockwise from the top-left, with its string
(``###`` when the frame cuts it). Ribbons, frames, leader lines, products and stamps' frames
are graphics: they belong to the background. The halves use different faces, words,
palettes, photos, sizes and seeds; faces, words and photos are none the other text sets use.
Needs fonts-urw-base35, fonts-liberation, fonts-dejavu and fonts-noto-cjk (:func:`fonts_ok`).
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
SEED = 20261219
PER_CLASS = 3
CUT = 0.1  # text alpha at or below this is dropped (every set's convention)
FONT_ROOTS = (Path("/usr/share/fonts"),)

FACES = {
    "tune": {
        "display": "NimbusRoman-Bold.otf",
        "sans": "NimbusSans-BoldItalic.otf",
        "round": "URWGothic-DemiOblique.otf",
        "light": "URWGothic-Book.otf",
        "narrow": "DejaVuSansCondensed-BoldOblique.ttf",
        "cjk": ("NotoSansCJK-Bold.ttc", 3),
    },
    "heldout": {
        "display": "DejaVuSerifCondensed-Bold.ttf",
        "sans": "LiberationSans-BoldItalic.ttf",
        "round": "URWBookman-DemiItalic.otf",
        "light": "URWBookman-Light.otf",
        "narrow": "LiberationSansNarrow-BoldItalic.ttf",
        "cjk": ("NotoSerifCJK-Bold.ttc", 0),
    },
}
WORDS = {
    "tune": ["HARBOR", "ORCHARD", "MIDNIGHT", "VELVET", "COPPER", "SUNRISE", "MEADOW", "CANYON",
             "PEPPER", "LAGOON", "TIMBER", "SPARKLE"],
    "heldout": ["GLACIER", "SAFFRON", "HORIZON", "MARBLE", "THUNDER", "WILLOW", "CRIMSON", "PRAIRIE",
                "COBALT", "ECLIPSE", "JASMINE", "FALCON"],
}
SMALL = {  # lower-case words for sub-lines and captions
    "tune": ["battery", "display", "camera", "charging", "storage", "weight", "screen", "sound"],
    "heldout": ["range", "capacity", "runtime", "volume", "noise", "payload", "comfort", "speed"],
}
UNITS = {
    "tune": [("5000", "mAh"), ("120", "Hz"), ("48", "MP"), ("256", "GB"), ("65", "W"), ("98", "%")],
    "heldout": [("450", "km"), ("2.4", "kg"), ("750", "ml"), ("36", "h"), ("-28", "dB"), ("15", "€")],
}
CJK = {"tune": ["續航持久", "超清畫質", "快速充電"], "heldout": ["轻巧便携", "长效保湿", "静音设计"]}
CYRILLIC = {"tune": ["НОВИНКА", "СКИДКА", "ПОДАРОК"], "heldout": ["АКЦИЯ", "ДОСТАВКА", "ВЫГОДА"]}
GREEK = {"tune": ["ΠΡΟΣΦΟΡΑ", "ΔΩΡΟ", "ΝΕΑ"], "heldout": ["ΕΚΠΤΩΣΗ", "ΤΙΜΗ", "ΚΑΛΟΚΑΙΡΙ"]}
PHOTOS = {"tune": ("chelsea", "hubble_deep_field"), "heldout": ("coffee", "immunohistochemistry")}
PEOPLE = {"tune": "astronaut", "heldout": "grace_hopper"}
PALETTE = {
    "tune": [(214, 40, 57), (255, 183, 3), (33, 158, 188), (2, 48, 71), (251, 248, 240), (106, 76, 147),
             (42, 157, 74)],
    "heldout": [(239, 71, 111), (255, 209, 102), (6, 214, 160), (17, 138, 178), (7, 59, 76), (245, 240, 225),
                (231, 111, 81)],
}
SIZES = {"tune": [(720, 720), (960, 600), (640, 900), (1000, 520)],
         "heldout": [(768, 768), (900, 640), (600, 960), (1024, 560)]}
SOURCES = {
    "drawn": {"what": "ground drawn by scripts/samples_textcheck3.py (gradients, patterns, noise, shapes)",
              "licence": "generated here"},
    "chelsea": {"what": "Chelsea the cat (scikit-image skimage.data.chelsea())",
                "origin": "Stefan van der Walt", "licence": "CC0 (see scikit-image data README)"},
    "hubble_deep_field": {"what": "Hubble eXtreme Deep Field (scikit-image skimage.data.hubble_deep_field())",
                          "origin": "NASA", "licence": "public domain"},
    "coffee": {"what": "Coffee cup (scikit-image skimage.data.coffee())",
               "origin": "Rachel Michetti", "licence": "CC0 (see scikit-image data README)"},
    "immunohistochemistry": {"what": "Immunohistochemistry (scikit-image skimage.data.immunohistochemistry())",
                             "origin": "Immunohistochemical staining of colonic glands",
                             "licence": "public domain (see scikit-image data README)"},
}

#: style name -> fn(split, rng, k) -> Scene, in the order they are written.
CLASSES: dict[str, Callable] = {}


def register(name: str):
    """Register a style under ``name``; a name twice raises."""

    def deco(fn):
        if name in CLASSES:
            raise ValueError(f"style {name!r} registered twice")
        CLASSES[name] = fn
        return fn

    return deco


# ---------------------------------------------------------------------------------- fonts


@cache
def font_path(name: str) -> Path:
    """The installed path of a font file; FileNotFoundError naming the Debian packages."""
    for root in FONT_ROOTS:
        hits = sorted(root.rglob(name)) if root.is_dir() else []
        if hits:
            return hits[0]
    raise FileNotFoundError(f"font {name} not found under {[str(r) for r in FONT_ROOTS]}: apt-get install "
                            "fonts-urw-base35 fonts-liberation fonts-dejavu fonts-noto-cjk")


def fonts_ok() -> bool:
    """True when every face of both halves is installed."""
    try:
        for faces in FACES.values():
            for f in faces.values():
                font_path(f[0] if isinstance(f, tuple) else f)
    except FileNotFoundError:
        return False
    return True


@cache
def font(face, size: int) -> ImageFont.FreeTypeFont:
    name, index = face if isinstance(face, tuple) else (face, 0)
    return ImageFont.truetype(str(font_path(name)), max(1, int(size)), index=index)


def text_width(text: str, face, size: int, tracking: float = 0.0) -> float:
    """Advance width of ``text`` in px, ``tracking`` x size added between letters."""
    f = font(face, size)
    return sum(f.getlength(c) for c in text) + tracking * size * max(0, len(text) - 1)


# ------------------------------------------------------------------- a line in a local frame


@dataclass
class Line:
    """Words set on one baseline in a local frame: each word's alpha at each stroke width.

    ``alpha[(i, s)]`` is word ``i`` drawn with PIL's stroke ``s`` px (0 = the letters),
    ``(h, w) float32`` in [0, 1], all in the same frame; the baseline starts at ``origin``.
    """

    words: list
    alpha: dict
    shape: tuple
    origin: tuple
    size: int

    def union(self, stroke: int = 0) -> np.ndarray:
        out = np.zeros(self.shape, np.float32)
        for i in range(len(self.words)):
            out = np.maximum(out, self.alpha[(i, stroke)])
        return out

    def centre(self) -> tuple:
        """Centre (x, y) of the letters' bounding box in the local frame."""
        ys, xs = np.nonzero(self.union() > 0.5)
        return (xs.min() + xs.max()) / 2.0, (ys.min() + ys.max()) / 2.0


def set_line(words, face, size: int, *, tracking: float = 0.0, strokes=(0,), pad: int | None = None,
             space: float = 0.3) -> Line:
    """Lay ``words`` on one baseline (``space`` x size between words) and draw each word at each
    stroke width in one frame with ``pad`` px of margin (default: room for the widest stroke)."""
    f = font(face, size)
    asc, desc = f.getmetrics()
    smax = max(strokes)
    pad = int(pad if pad is not None else 6 + smax + size // 3)
    xs, x = [], 0.0
    for w in words:
        xs.append(x)
        x += text_width(w, face, size, tracking) + space * size
    width = int(np.ceil(x - space * size)) + 2 * pad
    height = asc + desc + 2 * pad
    origin = (pad, pad + asc)
    alpha = {}
    for i, w in enumerate(words):
        for s in strokes:
            im = Image.new("L", (width, height), 0)
            d = ImageDraw.Draw(im)
            cx = origin[0] + xs[i]
            for ch in w if tracking else [w]:
                d.text((cx, origin[1]), ch, font=f, fill=255, anchor="ls", stroke_width=s, stroke_fill=255)
                cx += f.getlength(ch) + tracking * size
            alpha[(i, s)] = np.asarray(im, np.float32) / 255.0
    return Line(list(words), alpha, (height, width), origin, size)


def shift(a: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """``a`` moved by whole pixels (zeros come in; nothing wraps)."""
    out = np.zeros_like(a)
    h, w = a.shape[:2]
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = a[ys, xs]
    return out


def affine_to(line_shape, src_centre, dst_centre, angle: float = 0.0) -> np.ndarray:
    """2x3 map of a local frame onto the canvas: turned ``angle`` degrees (counter-clockwise)
    about ``src_centre``, which lands on ``dst_centre``."""
    m = cv2.getRotationMatrix2D((float(src_centre[0]), float(src_centre[1])), angle, 1.0)
    m[:, 2] += np.asarray(dst_centre, np.float64) - np.asarray(src_centre, np.float64)
    return m


def warp(a: np.ndarray, m: np.ndarray, shape) -> np.ndarray:
    """A local array (alpha or colour) on the ``shape`` canvas through the 2x3 map ``m``."""
    out = cv2.warpAffine(np.ascontiguousarray(a, np.float32), m, (shape[1], shape[0]), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return np.clip(out, 0.0, None)


# --------------------------------------------------------------------------------- the scene


@dataclass
class Scene:
    """A plate, people pasted on it and text layers over them, in paint order."""

    bg: np.ndarray  # (H, W, 3) uint8: the plate with its graphics (the truth background)
    cls: str
    split: str
    source: str = "drawn"
    people: list = field(default_factory=list)  # (colour (H, W, 3), alpha (H, W), meta)
    layers: list = field(default_factory=list)  # (alpha (H, W), colour (3,) or (H, W, 3), word index)
    words: list = field(default_factory=list)  # [label, ink px before the frame cut it]
    notes: list = field(default_factory=list)

    @property
    def shape(self):
        return self.bg.shape[:2]

    def word(self, label: str, total: float) -> int:
        """Declare a word (its label and how many ink px it has uncut); its index."""
        self.words.append([label, float(total)])
        return len(self.words) - 1

    def layer(self, alpha: np.ndarray, colour, word: int | None = None) -> None:
        colour = np.asarray(colour, np.float64)
        self.layers.append((np.clip(alpha, 0, 1).astype(np.float32), colour, word))

    def line(self, ln: Line, m: np.ndarray, colour, *, labels=None, stroke: int = 0,
             stroke_colour=None) -> list:
        """Place a :class:`Line` with the 2x3 map ``m``: contour (``stroke`` px) under the letters,
        each word labelled with its string (``labels`` overrides; None = unlabelled)."""
        ids = []
        for i, w in enumerate(ln.words):
            lab = w if labels is None else labels[i]
            idx = None
            if lab:
                total = float((ln.alpha[(i, stroke)] > CUT).sum())
                idx = self.word(lab, total)
            ids.append(idx)
            if stroke:
                self.layer(warp(ln.alpha[(i, stroke)], m, self.shape), stroke_colour, idx)
            self.layer(warp(ln.alpha[(i, 0)], m, self.shape), colour, idx)
        return ids

    def person(self, cutout: str, height_frac: float, x_frac: float, mirror: bool = False) -> None:
        """Paste one of make_samples' person cut-outs, standing on the bottom edge."""
        ms = _make_samples()
        H, W = self.shape
        rgb, soft = ms.cutout(cutout)
        scale = height_frac * H / soft.shape[0]
        x = int(x_frac * W - soft.shape[1] * scale / 2)
        col, a, meta = ms.place_person((H, W), ms.Placement(cutout, scale, x, H, mirror))
        self.people.append((col, a, meta))

    def compose(self) -> dict:
        """The creative, exact text and person masks, word quads and the meta record."""
        H, W = self.shape
        under = self.bg.astype(np.float64)
        person = np.zeros((H, W), bool)
        for col, a, _ in self.people:
            under = col * a[..., None] + under * (1 - a[..., None])
            person |= a > 0.5
        pc, pa = np.zeros((H, W, 3)), np.zeros((H, W))  # premultiplied text colour and alpha
        for a, colour, _ in self.layers:
            a = a.astype(np.float64)
            c = colour if colour.ndim == 3 else colour[None, None, :]
            pc = a[..., None] * c + pc * (1 - a[..., None])
            pa = a + pa * (1 - a)
        keep = np.clip((pa - CUT) / (1 - CUT), 0, 1)
        colour = pc / np.maximum(pa, 1e-9)[..., None]
        out = colour * keep[..., None] + under * (1 - keep[..., None])
        creative = np.clip(np.round(out), 0, 255).astype(np.uint8)
        text = keep > 0
        outside = ~text
        creative[outside] = np.clip(np.round(under[outside]), 0, 255).astype(np.uint8)
        words = []
        for i, (label, total) in enumerate(self.words):
            ink = np.zeros((H, W), np.float32)
            for a, _, w in self.layers:
                if w == i:
                    ink = np.maximum(ink, a)
            on = ink > CUT
            if not on.any():
                continue
            ys, xs = np.nonzero(on)
            box = cv2.boxPoints(cv2.minAreaRect(np.stack([xs, ys], 1).astype(np.float32)))
            words.append({"text": label if on.sum() >= 0.95 * total else "###",
                          "points": [[round(float(x), 1), round(float(y), 1)] for x, y in clockwise(box)]})
        stem = f"textcheck3_{self.cls}_{self.split}"
        meta = {
            "stem": stem,
            "split": self.split,
            "family": f"textcheck3_{self.cls}",
            "size_wh": [W, H],
            "notes": "; ".join(self.notes),
            "background": {"source": self.source, **SOURCES[self.source]},
            "people": [m for _, _, m in self.people],
            "words": words,
            "ground_truth": {
                "text_mask": f"composited text alpha > {CUT} (letters, contours, extrusions, shadows, glitch copies)",
                "person_mask": "composited person alpha > 0.5 (make_samples' cut-outs, feathered inwards)",
                "invariant": "creative == background exactly outside person_mask | text_mask",
                "words": "minimum-area rectangle of each word's own ink (letters + contour; no extrusion, shadow "
                         "or glitch copy), clockwise from top-left; '###' = cut by the frame",
            },
            "fraction": {"person": round(float(person.mean()), 4), "text": round(float(text.mean()), 4)},
            "generator": "scripts/samples_textcheck3.py",
            "seed": SEED,
        }
        return {"creative": creative, "background": self.bg.copy(), "text": text, "person": person, "meta": meta}


def _make_samples():
    """scripts/make_samples.py (its person cut-outs and placement), loaded once by path."""
    if "make_samples" not in sys.modules:
        import importlib.util

        path = Path(__file__).resolve().parent / "make_samples.py"
        spec = importlib.util.spec_from_file_location("make_samples", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["make_samples"] = mod  # its dataclasses look the module up by name
        spec.loader.exec_module(mod)
    return sys.modules["make_samples"]


def clockwise(pts) -> np.ndarray:
    """4 points from the top-left one, clockwise on screen (y down)."""
    pts = np.asarray(pts, np.float64).reshape(4, 2)
    c = pts.mean(0)
    pts = pts[np.argsort(np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0]))]
    return np.roll(pts, -int(np.argmin(pts[:, 0] + pts[:, 1])), axis=0)


# ----------------------------------------------------------------------- plates and graphics


def u8(a) -> np.ndarray:
    return np.clip(np.round(a), 0, 255).astype(np.uint8)


def fbm(rng, shape, *, base: int = 6, octaves: int = 5) -> np.ndarray:
    """Fractal value noise in [0, 1], ``(H, W) float64``."""
    H, W = shape
    out, amp, tot = np.zeros((H, W)), 1.0, 0.0
    for o in range(octaves):
        n = base * 2 ** o
        g = rng.random((max(2, int(n * H / max(H, W))) + 1, max(2, int(n * W / max(H, W))) + 1))
        out += amp * cv2.resize(g, (W, H), interpolation=cv2.INTER_CUBIC)
        tot += amp
        amp *= 0.55
    out /= tot
    return (out - out.min()) / max(1e-9, np.ptp(out))


def linear(size, c0, c1, angle: float) -> np.ndarray:
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    t = xx * np.cos(angle) + yy * np.sin(angle)
    t = (t - t.min()) / max(1e-9, np.ptp(t))
    return np.asarray(c0, float) + (np.asarray(c1, float) - c0) * t[..., None]


def radial(size, c0, c1, centre) -> np.ndarray:
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    r = np.hypot(xx - centre[0] * W, yy - centre[1] * H) / np.hypot(W, H)
    t = np.clip(r / 0.7, 0, 1)[..., None]
    return np.asarray(c0, float) * (1 - t) + np.asarray(c1, float) * t


def pattern(rng, size, c0, c1) -> np.ndarray:
    """Polka dots, diagonal stripes or a check, anti-aliased (4x supersampled)."""
    W, H = size
    s = 4
    yy, xx = np.mgrid[0:H * s, 0:W * s].astype(np.float64) / s
    p = float(rng.uniform(28, 70))
    kind = int(rng.integers(3))
    if kind == 0:
        gx, gy = (xx % p) - p / 2, (yy % p) - p / 2
        m = np.hypot(gx, gy) < p * rng.uniform(0.18, 0.3)
    elif kind == 1:
        m = ((xx + yy) % p) < p * rng.uniform(0.3, 0.5)
    else:
        m = ((xx // p + yy // p) % 2) == 0
    m = m.reshape(H, s, W, s).mean((1, 3))[..., None]
    return np.asarray(c0, float) * (1 - m) + np.asarray(c1, float) * m


def clouds(rng, size) -> np.ndarray:
    """A sky: a blue gradient and soft fractal clouds."""
    W, H = size
    sky = linear(size, (70, 120, 200), (170, 205, 240), np.pi / 2)
    n = fbm(rng, (H, W), base=3)
    c = np.clip((n - 0.45) * 3, 0, 1)[..., None]
    return sky * (1 - c) + np.array([250, 250, 252.0]) * c


def wood(rng, size) -> np.ndarray:
    """Planks of wood: warped rings along the x axis, darker seams."""
    W, H = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    n = fbm(rng, (H, W), base=4)
    plank = max(60, H // int(rng.integers(3, 6)))
    t = 0.5 + 0.5 * np.sin((yy % plank) * 0.25 + n * 10 + xx * 0.004)
    base = np.array(rng.uniform([140, 85, 45], [190, 125, 75]))
    img = base * (0.72 + 0.3 * t[..., None])
    img[(yy % plank) < 3] *= 0.55
    return img


def bokeh(rng, size) -> np.ndarray:
    """Night bokeh: a dark gradient and soft discs of light."""
    W, H = size
    img = linear(size, (10, 12, 30), (45, 20, 50), float(rng.uniform(0, np.pi)))
    lights = np.zeros((H, W, 3))
    for _ in range(int(rng.integers(25, 45))):
        r = int(rng.uniform(0.02, 0.07) * min(W, H))
        m = np.zeros((H, W), np.float32)
        cv2.circle(m, (int(rng.uniform(0, W)), int(rng.uniform(0, H))), r, 1.0, -1, cv2.LINE_AA)
        m = cv2.GaussianBlur(m, (0, 0), 1.5)
        col = np.array([(255, 200, 90), (255, 120, 160), (120, 200, 255), (255, 240, 200)][int(rng.integers(4))])
        lights += m[..., None] * col * rng.uniform(0.25, 0.6)
    return img + lights


def paper(rng, size, tone=(236, 228, 210)) -> np.ndarray:
    """Paper or kraft: a tone, fine grain and fibres."""
    W, H = size
    n = fbm(rng, (H, W), base=20, octaves=3)
    img = np.asarray(tone, float) * (0.93 + 0.1 * n[..., None])
    img += rng.normal(0, 3.0, (H, W, 1))
    return img


def photo(rng, split, size) -> tuple[np.ndarray, str]:
    """One of the half's photos covering ``size``, zoomed and cropped at random."""
    from skimage import data

    name = PHOTOS[split][int(rng.integers(len(PHOTOS[split])))]
    img = np.ascontiguousarray(getattr(data, name)()[..., :3])
    W, H = size
    h, w = img.shape[:2]
    z = max(W / w, H / h) * rng.uniform(1.0, 1.5)
    big = cv2.resize(img, (int(np.ceil(w * z)), int(np.ceil(h * z))),
                     interpolation=cv2.INTER_AREA if z < 1 else cv2.INTER_CUBIC)
    y0, x0 = int(rng.integers(0, big.shape[0] - H + 1)), int(rng.integers(0, big.shape[1] - W + 1))
    return big[y0:y0 + H, x0:x0 + W].astype(np.float64), name


def plate(rng, split, size, kinds) -> tuple[np.ndarray, str]:
    """A ground of one of ``kinds``: flat, linear, radial, pattern, clouds, wood, bokeh, paper, photo."""
    kind = kinds[int(rng.integers(len(kinds)))]
    c0, c1 = pick(rng, PALETTE[split], 2)
    if kind == "photo":
        img, src = photo(rng, split, size)
        return u8(img), src
    img = {
        "flat": lambda: np.broadcast_to(np.asarray(c0, float), (size[1], size[0], 3)).copy(),
        "linear": lambda: linear(size, c0, c1, float(rng.uniform(0, 2 * np.pi))),
        "radial": lambda: radial(size, np.asarray(c0) * 0.4 + 150, c0, (rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7))),
        "pattern": lambda: pattern(rng, size, c0, np.asarray(c0) * 0.75 + np.asarray(c1) * 0.25),
        "clouds": lambda: clouds(rng, size),
        "wood": lambda: wood(rng, size),
        "bokeh": lambda: bokeh(rng, size),
        "paper": lambda: paper(rng, size, (236, 228, 210) if rng.integers(2) else (196, 160, 118)),
    }[kind]()
    return u8(img + rng.normal(0, 1.0, img.shape)), "drawn"


def paint(img: np.ndarray, mask: np.ndarray, colour, alpha: float = 1.0) -> np.ndarray:
    """``colour`` (RGB or an image) laid over ``img`` where the float mask says (a new uint8 array)."""
    a = (np.clip(mask, 0, 1) * alpha)[..., None]
    c = np.asarray(colour, np.float64)
    return u8(img.astype(np.float64) * (1 - a) + c * a)


def poly_mask(shape, pts) -> np.ndarray:
    """An anti-aliased filled polygon as float [0, 1]."""
    m = np.zeros(shape, np.uint8)
    cv2.fillPoly(m, [np.round(np.asarray(pts) * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4)
    return m.astype(np.float64) / 255.0


def pick(rng, pool, n=1):
    return [pool[i] for i in rng.choice(len(pool), n, replace=False)]


def luma(rgb) -> float:
    return float(np.asarray(rgb, float)[..., :3].reshape(-1, 3).mean(0) @ (0.299, 0.587, 0.114))


def contrasting(rng, split, ground) -> tuple:
    """A palette colour far in luma from the mean of ``ground`` (white / near black if none is)."""
    g = luma(ground)
    far = [c for c in PALETTE[split] if abs(luma(c) - g) > 95]
    if far:
        return tuple(far[int(rng.integers(len(far)))])
    return (250, 250, 250) if g < 128 else (20, 20, 24)


def region(img, box) -> np.ndarray:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    H, W = img.shape[:2]
    x0, x1, y0, y1 = max(0, x0), min(W, max(x1, x0 + 1)), max(0, y0), min(H, max(y1, y0 + 1))
    return img[y0:y1, x0:x1]


def fit(words, face, size: int, width: float, tracking: float = 0.0) -> int:
    """The largest size <= ``size`` at which the words (one line) fit in ``width`` px."""
    line = " ".join(words)
    while size > 12 and text_width(line, face, size, tracking) > width:
        size = int(size * 0.93)
    return size


# ------------------------------------------------------------------------------ the styles


@register("extrude_3d")
def extrude_3d(split, rng, k):
    """Block letters with a solid 3-D extrusion or a long flat shadow fading out at 45 degrees."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("linear", "radial", "pattern", "photo", "clouds"))
    sc = Scene(bg, "extrude_3d", split, src)
    face = FACES[split][("display", "round", "sans")[int(rng.integers(3))]]
    n = 2 if W >= H and rng.integers(2) else 1
    words = pick(rng, WORDS[split], n)
    fsz = fit(words, face, int(min(W, H) * rng.uniform(0.14, 0.22)), 0.78 * W)
    long_shadow = bool(k % 2)
    depth = int(fsz * (rng.uniform(0.5, 1.0) if long_shadow else rng.uniform(0.07, 0.13)))
    ln = set_line(words, face, fsz, pad=depth + 8 + fsz // 4)
    cx, cy = W * rng.uniform(0.4, 0.6), H * rng.uniform(0.3, 0.7)
    m = affine_to(ln.shape, ln.centre(), (cx, cy), float(rng.uniform(-6, 6)))
    fg = contrasting(rng, split, region(bg, (cx - 0.3 * W, cy - fsz / 2, cx + 0.3 * W, cy + fsz / 2)))
    ux, uy = [(1, 1), (-1, 1), (0, 1), (1, 0.6)][int(rng.integers(4))]
    face_a = ln.union()
    if long_shadow:
        strength = float(rng.uniform(0.45, 0.7))
        sh = np.zeros_like(face_a)
        for s in range(1, depth + 1):
            sh = np.maximum(sh, shift(face_a, int(round(ux * s)), int(round(uy * s))) * (1 - s / (depth + 1)) ** 0.6)
        sc.layer(warp(sh * strength, m, sc.shape), (10, 10, 18))
        sc.notes.append(f"long shadow {depth}px at ({ux}, {uy}), strength {strength:.2f}")
    else:
        pre, acc = np.zeros(face_a.shape + (3,)), np.zeros(face_a.shape)
        dark = np.asarray(fg, float) * 0.35
        mid = np.asarray(fg, float) * 0.65
        for s in range(depth, 0, -1):  # the far copies first, lighter towards the face
            a = shift(face_a, int(round(ux * s)), int(round(uy * s)))
            col = dark + (mid - dark) * (1 - s / depth)
            pre = a[..., None] * col + pre * (1 - a[..., None])
            acc = a + acc * (1 - a)
        ea = warp(acc, m, sc.shape)
        ec = warp(pre, m, sc.shape) / np.maximum(ea, 1e-6)[..., None]
        sc.layer(ea, ec)
        sc.notes.append(f"extrusion {depth}px at ({ux}, {uy})")
    sc.line(ln, m, fg)
    sc.notes.append(f"{words} {fsz}px")
    return sc


@register("wave_ribbon")
def wave_ribbon(split, rng, k):
    """A line on a waving ribbon with folded tails; the letters follow the wave."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("photo", "clouds", "pattern", "linear"))
    face = FACES[split][("sans", "round", "display")[int(rng.integers(3))]]
    words = pick(rng, WORDS[split], 1 + int(rng.integers(2)))
    tr = float(rng.uniform(0.0, 0.08))
    fsz = fit(words, face, int(min(W, H) * rng.uniform(0.08, 0.12)), 0.66 * W, tr)
    ln = set_line(words, face, fsz, tracking=tr)
    lx, ly = ln.centre()
    L = text_width(" ".join(words), face, fsz, tr)
    cx, cy = W / 2 + W * rng.uniform(-0.05, 0.05), H * rng.uniform(0.3, 0.7)
    amp = fsz * rng.uniform(0.2, 0.45)
    lam = L * rng.uniform(0.9, 1.6)
    ph = float(rng.uniform(0, 2 * np.pi))
    half = 0.85 * fsz

    def yc(x):
        return cy + amp * np.sin(2 * np.pi * (x - cx) / lam + ph)

    x0, x1 = cx - L / 2 - 0.7 * fsz, cx + L / 2 + 0.7 * fsz
    ribbon = PALETTE[split][int(rng.integers(len(PALETTE[split])))]
    dark = tuple(np.asarray(ribbon, float) * 0.6)
    darker = tuple(np.asarray(ribbon, float) * 0.4)
    drop, tail = 0.45 * half, 1.1 * fsz
    img = bg
    for side in (-1, 1):  # tails behind the band, each with a V notch, and the fold between
        xe = x0 if side < 0 else x1
        xo = xe + side * tail
        y0 = yc(xe) + drop
        pts = [(xe - side * 0.6 * fsz, y0 - half), (xo, y0 - half), (xo - side * 0.45 * fsz, y0),
               (xo, y0 + half), (xe - side * 0.6 * fsz, y0 + half)]
        img = paint(img, poly_mask((H, W), pts), dark)
        fold = [(xe, yc(xe) + half), (xe - side * 0.6 * fsz, y0 + half), (xe - side * 0.6 * fsz, y0 - half)]
        img = paint(img, poly_mask((H, W), fold), darker)
    xs = np.linspace(x0, x1, 200)
    band = [(x, yc(x) - half) for x in xs] + [(x, yc(x) + half) for x in xs[::-1]]
    shade = 0.86 + 0.14 * np.cos(2 * np.pi * (np.arange(W) - cx) / lam + ph)[None, :, None]
    img = paint(img, poly_mask((H, W), band), np.asarray(ribbon, float) * shade)
    sc = Scene(img, "wave_ribbon", split, src)
    fg = contrasting(rng, split, np.asarray([ribbon]))
    # the line's local frame bent along the wave: canvas (X, Y) reads local (X - dx, Y - yc(X) + ly)
    dx = cx - lx
    gx, gy = np.meshgrid(np.arange(W, dtype=np.float32), np.arange(H, dtype=np.float32))
    mapx = gx - np.float32(dx)
    mapy = gy - (yc(gx.astype(np.float64)) - ly).astype(np.float32)
    for i, w in enumerate(ln.words):
        a = ln.alpha[(i, 0)]
        idx = sc.word(w, float((a > CUT).sum()))
        sc.layer(np.clip(cv2.remap(a, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0),
                         0, 1), fg, idx)
    sc.notes.append(f"{words} {fsz}px tracking {tr:.2f} on a ribbon, wave amp {amp:.0f}px, period {lam:.0f}px")
    return sc


def blend(mode: str, base: np.ndarray, ink) -> np.ndarray:
    """Photoshop-style blend of a flat ``ink`` colour into ``base`` (both 0..255), per pixel."""
    b, s = base / 255.0, np.asarray(ink, float)[None, None, :] / 255.0
    if mode == "multiply":
        r = b * s
    elif mode == "screen":
        r = 1 - (1 - b) * (1 - s)
    elif mode == "overlay":
        r = np.where(b < 0.5, 2 * b * s, 1 - 2 * (1 - b) * (1 - s))
    else:  # "soft_light" (the W3C formula)
        d = np.where(b <= 0.25, ((16 * b - 12) * b + 4) * b, np.sqrt(b))
        r = np.where(s <= 0.5, b - (1 - 2 * s) * b * (1 - b), b + (2 * s - 1) * (d - b))
    return r * 255.0


@register("blend_modes")
def blend_modes(split, rng, k):
    """A headline in multiply / screen / overlay / soft-light mode: its colour follows the ground."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("photo", "wood", "bokeh", "clouds", "photo"))
    sc = Scene(bg, "blend_modes", split, src)
    face = FACES[split][("display", "sans", "narrow")[int(rng.integers(3))]]
    words = pick(rng, WORDS[split], 1 + int(W > H))
    fsz = fit(words, face, int(min(W, H) * rng.uniform(0.13, 0.2)), 0.85 * W)
    ln = set_line(words, face, fsz)
    cx, cy = W * rng.uniform(0.45, 0.55), H * rng.uniform(0.3, 0.6)
    m = affine_to(ln.shape, ln.centre(), (cx, cy), float(rng.uniform(-4, 4)))
    under = region(bg, (cx - 0.4 * W, cy - fsz / 2, cx + 0.4 * W, cy + fsz / 2))
    bright = luma(under) > 120
    mode = ("multiply", "overlay")[k % 2] if bright else ("screen", "soft_light")[k % 2]
    ink = (pick(rng, [(20, 10, 60), (90, 0, 20), (0, 40, 30), (10, 10, 10)])[0] if bright
           else pick(rng, [(255, 250, 235), (255, 220, 120), (160, 255, 240), (255, 255, 255)])[0])
    col = blend(mode, bg.astype(np.float64), ink)
    op = float(rng.uniform(0.85, 1.0))
    for i, w in enumerate(ln.words):
        a = warp(ln.alpha[(i, 0)], m, sc.shape) * op
        sc.layer(a, col, sc.word(w, float((ln.alpha[(i, 0)] * op > CUT).sum())))
    sub = pick(rng, SMALL[split], 3)
    f2 = max(14, int(fsz * 0.28))
    l2 = set_line(sub, FACES[split]["light"], f2)
    m2 = affine_to(l2.shape, l2.centre(), (cx, cy + 0.85 * fsz), 0.0)
    sc.line(l2, m2, contrasting(rng, split, region(bg, (cx - 0.3 * W, cy + 0.6 * fsz, cx + 0.3 * W, cy + 1.1 * fsz))))
    sc.notes.append(f"{words} {fsz}px in {mode} with {ink}, opacity {op:.2f}; sub-line {f2}px normal")
    return sc


def product(rng, img, box, colour) -> np.ndarray:
    """A cylinder-shaded product (bottle or can) with a cap and a floor shadow, drawn into ``img``."""
    H, W = img.shape[:2]
    x0, y0, x1, y1 = box
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    cx, w = (x0 + x1) / 2, (x1 - x0) / 2
    sh = np.exp(-(((xx - cx) / (1.3 * w)) ** 2 + ((yy - y1) / (0.08 * (y1 - y0))) ** 2))
    out = img.astype(np.float64) * (1 - 0.4 * sh[..., None])
    r = 0.25 * w
    body = np.zeros((H, W), np.uint8)
    cv2.rectangle(body, (int(x0), int(y0 + r)), (int(x1), int(y1)), 255, -1)
    cv2.ellipse(body, (int(cx), int(y0 + r)), (int(w), int(r)), 0, 0, 360, 255, -1, cv2.LINE_AA)
    body = cv2.GaussianBlur(body, (0, 0), 0.7).astype(np.float64) / 255
    u = np.clip((xx - cx) / w, -1, 1)
    light = 0.45 + 0.55 * np.sqrt(1 - u ** 2) + 0.5 * np.exp(-((u + 0.45) / 0.1) ** 2)
    out = out * (1 - body[..., None]) + (np.asarray(colour, float) * light[..., None]) * body[..., None]
    cap = np.zeros((H, W), np.uint8)
    cw = 0.45 * w
    cv2.rectangle(cap, (int(cx - cw), int(y0 - 0.35 * (y1 - y0) * 0.3)), (int(cx + cw), int(y0 + r)), 255, -1)
    cap = cap.astype(np.float64) / 255
    out = out * (1 - cap[..., None]) + (np.array([60, 60, 66.0]) * light[..., None]) * cap[..., None]
    return u8(out)


@register("spec_callouts")
def spec_callouts(split, rng, k):
    """Specs around a product: big numbers with small units, captions (one in CJK), leader lines."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("flat", "radial", "linear"))
    pw, ph = 0.16 * W, 0.55 * H
    px0, py0 = W / 2 - pw / 2, 0.3 * H
    img = product(rng, bg, (px0, py0, px0 + pw, py0 + ph), PALETTE[split][int(rng.integers(len(PALETTE[split])))])
    specs = pick(rng, UNITS[split], 4)
    big = int(min(W, H) * rng.uniform(0.08, 0.11))
    raised = bool(rng.integers(2))
    ink = contrasting(rng, split, bg)
    line_col = tuple(int(v) for v in np.asarray(ink, float) * 0.6 + luma(bg) * 0.4)
    slots = [(0.06, 0.12), (0.06, 0.55), (0.62, 0.12), (0.62, 0.55)]
    dfont, sfont, cfont = FACES[split]["display" if k % 2 else "narrow"], FACES[split]["sans"], FACES[split]["light"]
    cjk_at = int(rng.integers(4))
    texts = []
    for j, ((num, unit), (sx, sy)) in enumerate(zip(specs, slots)):
        x, y = sx * W, sy * H + big
        us = int(big * rng.uniform(0.35, 0.5))
        nw = text_width(num, dfont, big)
        texts.append((num, dfont, big, x, y))
        texts.append((unit, sfont, us, x + nw + 0.08 * big, y - (0.62 * big - 0.7 * us if raised else 0)))
        cap = CJK[split][j % len(CJK[split])] if j == cjk_at else SMALL[split][int(rng.integers(len(SMALL[split])))]
        cs = max(14, int(big * 0.32))
        texts.append((cap, FACES[split]["cjk"] if j == cjk_at else cfont, cs, x, y + 0.55 * big))
        # leader: from under the caption's side to a dot on the product
        lx = x + max(nw + 0.6 * big, text_width(cap, FACES[split]["cjk"] if j == cjk_at else cfont, cs)) + 10 \
            if sx < 0.5 else x - 10
        tx = px0 + pw * (0.2 if sx < 0.5 else 0.8)
        ty = py0 + ph * (0.25 + 0.4 * (sy > 0.3))
        m = np.zeros((H, W), np.uint8)
        cv2.line(m, (int(lx), int(y + 0.2 * big)), (int(tx), int(ty)), 255, 2, cv2.LINE_AA)
        cv2.circle(m, (int(tx), int(ty)), 5, 255, -1, cv2.LINE_AA)
        img = paint(img, m / 255.0, line_col)
    sc = Scene(img, "spec_callouts", split, src)
    for s, f, sz, x, y in texts:  # (x, y) = the baseline's left end
        ln = set_line([s], f, sz)
        m = affine_to(ln.shape, ln.origin, (x, y), 0.0)
        sc.line(ln, m, ink, labels=[s if any(ch.isalnum() for ch in s) else ""])
    sc.notes.append(f"specs {specs} at {big}px, units {'raised' if raised else 'on the baseline'}, "
                    f"CJK caption at slot {cjk_at}")
    return sc


@register("sticker")
def sticker(split, rng, k):
    """Die-cut sticker words: a thick rounded contour, a hard offset shadow, turned; a person in some."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("photo", "pattern", "bokeh", "linear"))
    sc = Scene(bg, "sticker", split, src)
    with_person = k == 1
    if with_person:
        sc.person(PEOPLE[split], float(rng.uniform(0.6, 0.8)), 0.78, mirror=bool(rng.integers(2)))
    face = FACES[split][("round", "sans", "display")[int(rng.integers(3))]]
    words = pick(rng, WORDS[split], 1 + int(rng.integers(2)))
    room = 0.5 * W if with_person else 0.8 * W
    fsz = fit(words, face, int(min(W, H) * rng.uniform(0.11, 0.16)), room)
    th = max(4, int(fsz * rng.uniform(0.1, 0.16)))
    ln = set_line(words, face, fsz, strokes=(0, th), space=0.35)
    cx = W * (0.3 if with_person else rng.uniform(0.4, 0.6))
    cy = H * rng.uniform(0.3, 0.6)
    m = affine_to(ln.shape, ln.centre(), (cx, cy), float(rng.uniform(-12, 12)))
    rim = pick(rng, [(255, 255, 255), (255, 236, 60), (250, 248, 240)])[0]
    fg = tuple(PALETTE[split][int(rng.integers(len(PALETTE[split])))])
    if luma(fg) > 170:
        fg = (30, 30, 40)
    off = max(2, int(fsz * rng.uniform(0.04, 0.07)))
    sh = shift(ln.union(th), off, off)
    sc.layer(warp(sh, m, sc.shape) * float(rng.uniform(0.35, 0.6)), (15, 15, 20))
    sc.line(ln, m, fg, stroke=th, stroke_colour=rim)
    sc.notes.append(f"{words} {fsz}px, contour {th}px {rim}, shadow {off}px" + (", a person" if with_person else ""))
    return sc


@register("stamp")
def stamp(split, rng, k):
    """A rubber stamp: distressed ink multiplied into the ground, turned, in a (graphic) frame."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("paper", "paper", "wood", "photo"))
    face = FACES[split][("narrow", "display", "sans")[int(rng.integers(3))]]
    words = pick(rng, WORDS[split], 1 + int(rng.integers(2)))
    fsz = fit(words, face, int(min(W, H) * rng.uniform(0.09, 0.14)), 0.6 * W, 0.05)
    ln = set_line(words, face, fsz, tracking=0.05, pad=fsz)
    ang = float(rng.uniform(-18, 18))
    cx, cy = W * rng.uniform(0.35, 0.65), H * rng.uniform(0.3, 0.7)
    m = affine_to(ln.shape, ln.centre(), (cx, cy), ang)
    ink = pick(rng, [(190, 30, 40), (30, 60, 160), (20, 110, 60), (60, 40, 90)])[0]
    # wear: holes and a worn edge from fractal noise, the same for the letters and the frame
    wear = fbm(rng, (H, W), base=int(rng.integers(20, 40)), octaves=3)
    keep = np.clip((wear - rng.uniform(0.18, 0.3)) * 6, 0, 1)
    op = float(rng.uniform(0.8, 0.95))
    col = blend("multiply", bg.astype(np.float64), ink)
    ys, xs = np.nonzero(ln.union() > 0.5)
    lx0, ly0, lx1, ly1 = xs.min() - 0.35 * fsz, ys.min() - 0.35 * fsz, xs.max() + 0.35 * fsz, ys.max() + 0.35 * fsz
    fr = np.zeros(ln.shape, np.float32)
    t = max(2, fsz // 14)
    cv2.rectangle(fr, (int(lx0), int(ly0)), (int(lx1), int(ly1)), 1.0, t, cv2.LINE_AA)
    cv2.rectangle(fr, (int(lx0 + 2.5 * t), int(ly0 + 2.5 * t)), (int(lx1 - 2.5 * t), int(ly1 - 2.5 * t)), 1.0,
                  max(1, t // 2), cv2.LINE_AA)
    img = u8(bg * 1.0)
    frame = warp(fr, m, (H, W)) * keep * op
    img = u8(img.astype(np.float64) * (1 - frame[..., None]) + col * frame[..., None])
    sc = Scene(img, "stamp", split, src)
    for i, w in enumerate(ln.words):
        whole = warp(ln.alpha[(i, 0)], m, sc.shape) * op
        a = whole * keep
        # the wear is the stamp's, not a cut: the word is whole unless the frame cuts its unworn ink
        inside = (whole > CUT).sum() >= 0.95 * (ln.alpha[(i, 0)] * op > CUT).sum()
        total = float((a > CUT).sum()) if inside else float((ln.alpha[(i, 0)] * op > CUT).sum())
        sc.layer(a, col, sc.word(w, total))
    sc.notes.append(f"{words} {fsz}px stamped {ink} at {ang:.0f} deg, opacity {op:.2f}, worn")
    return sc


@register("glitch_rgb")
def glitch_rgb(split, rng, k):
    """A glitch headline: red and cyan copies offset from a light core, slices shifted sideways."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    base, src = plate(rng, split, size, ("photo", "bokeh", "linear", "pattern"))
    bg = u8(base * rng.uniform(0.25, 0.4)) if src != "drawn" or luma(base) > 90 else base
    sc = Scene(bg, "glitch_rgb", split, src)
    face = FACES[split][("sans", "narrow", "display")[int(rng.integers(3))]]
    words = pick(rng, WORDS[split], 1 + int(W > H and rng.integers(2)))
    fsz = fit(words, face, int(min(W, H) * rng.uniform(0.13, 0.2)), 0.8 * W)
    ln = set_line(words, face, fsz, pad=fsz // 2)
    d = max(2, int(fsz * rng.uniform(0.03, 0.06)))
    # slices: bands of rows of the local frame moved sideways (all copies alike)
    bands = []
    for _ in range(int(rng.integers(2, 5))):
        y0 = int(rng.uniform(ln.origin[1] - 0.75 * fsz, ln.origin[1]))
        bands.append((y0, y0 + int(rng.uniform(0.05, 0.14) * fsz), int(rng.uniform(-0.1, 0.1) * fsz)))

    def sliced(a):
        out = a.copy()
        for y0, y1, dx in bands:
            out[y0:y1] = shift(a[y0:y1], dx, 0)
        return out

    m = affine_to(ln.shape, ln.centre(), (W * rng.uniform(0.45, 0.55), H * rng.uniform(0.3, 0.7)), 0.0)
    u = sliced(ln.union())
    sc.layer(warp(shift(u, d, 0), m, sc.shape) * 0.9, (0, 225, 255))
    sc.layer(warp(shift(u, -d, int(d // 2)), m, sc.shape) * 0.9, (255, 20, 70))
    core = pick(rng, [(255, 255, 255), (245, 245, 220), (230, 255, 250)])[0]
    for i, w in enumerate(ln.words):
        a = sliced(ln.alpha[(i, 0)])
        sc.layer(warp(a, m, sc.shape), core, sc.word(w, float((ln.alpha[(i, 0)] > CUT).sum())))
    sc.notes.append(f"{words} {fsz}px, split {d}px, {len(bands)} slices")
    return sc


@register("multilingual")
def multilingual(split, rng, k):
    """A Latin word over Cyrillic and Greek ones, centred, thin rules between; a person in some."""
    size = SIZES[split][int(rng.integers(4))]
    W, H = size
    bg, src = plate(rng, split, size, ("flat", "linear", "pattern", "photo"))
    with_person = k == 2
    xc = 0.32 * W if with_person else W * rng.uniform(0.4, 0.6)
    room = 0.55 * W if with_person else 0.85 * W
    lines = [pick(rng, WORDS[split])[0], pick(rng, CYRILLIC[split])[0], pick(rng, GREEK[split])[0]]
    faces = [FACES[split]["display"], FACES[split]["sans"], FACES[split][("round", "light")[int(rng.integers(2))]]]
    sizes = [int(min(W, H) * rng.uniform(0.12, 0.16)), int(min(W, H) * rng.uniform(0.07, 0.09)),
             int(min(W, H) * rng.uniform(0.06, 0.08))]
    sizes = [fit([t], f, s, room) for t, f, s in zip(lines, faces, sizes)]
    y = H * rng.uniform(0.2, 0.35)
    ink = contrasting(rng, split, region(bg, (xc - room / 2, y, xc + room / 2, y + 2.2 * sizes[0])))
    img = bg
    placed = []
    for j, (t, f, s) in enumerate(zip(lines, faces, sizes)):
        ln = set_line([t], f, s)
        placed.append((ln, affine_to(ln.shape, ln.centre(), (xc, y + s / 2), 0.0)))
        y += s * 1.25
        if j < 2:  # a thin rule between the languages
            m = np.zeros((H, W), np.uint8)
            cv2.line(m, (int(xc - 0.2 * room), int(y - 0.12 * s)), (int(xc + 0.2 * room), int(y - 0.12 * s)),
                     255, 2, cv2.LINE_AA)
            img = paint(img, m / 255.0, ink, 0.7)
    sc = Scene(img, "multilingual", split, src)
    if with_person:
        sc.person(PEOPLE[split], float(rng.uniform(0.6, 0.85)), 0.8, mirror=bool(rng.integers(2)))
    for ln, m in placed:
        sc.line(ln, m, ink)
    sc.notes.append(f"{lines} at {sizes}px" + (", a person" if with_person else ""))
    return sc


# ------------------------------------------------------------------------------ build, write


def rng_for(cls: str, split: str, k: int) -> np.random.Generator:
    return np.random.default_rng([SEED, SPLITS.index(split), k, int(hashlib.sha256(cls.encode()).hexdigest()[:8], 16)])


def make(cls: str, split: str, k: int) -> dict:
    """Creative ``k`` of style ``cls`` in ``split``: a record with ``creative``, ``background``,
    ``text``, ``person`` and ``meta`` (the same bits for the same arguments)."""
    r = CLASSES[cls](split, rng_for(cls, split, k), k).compose()
    r["meta"]["stem"] = f"textcheck3_{cls}_{split}_{k}"
    return r


def build(splits=SPLITS, only=None, per_class: int = PER_CLASS):
    """Yield each creative's record, style by style, ``per_class`` per style and split."""
    for split in splits:
        for cls in CLASSES:
            if only and not any(cls.startswith(o) for o in only):
                continue
            for k in range(per_class):
                yield make(cls, split, k)


def write(out: Path, r: dict) -> None:
    """One creative in the data/ layout (creative PNG; truth/<stem>/ background, masks, meta)."""
    stem = r["meta"]["stem"]
    t = out / "truth" / stem
    t.mkdir(parents=True, exist_ok=True)
    Image.fromarray(r["creative"]).save(out / f"{stem}.png")
    Image.fromarray(r["background"]).save(t / "background.png")
    Image.fromarray(r["text"].astype(np.uint8) * 255).save(t / "text_mask.png")
    Image.fromarray(r["person"].astype(np.uint8) * 255).save(t / "person_mask.png")
    (t / "meta.json").write_text(json.dumps(r["meta"], indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                 encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--split", choices=SPLITS, nargs="*", default=list(SPLITS))
    ap.add_argument("--only", nargs="*", default=None, help="style name prefixes")
    args = ap.parse_args(argv)
    if not fonts_ok():
        print("fonts missing: apt-get install fonts-urw-base35 fonts-liberation fonts-dejavu fonts-noto-cjk",
              file=sys.stderr)
        return 2
    cv2.setNumThreads(1)
    index = []
    args.out.mkdir(parents=True, exist_ok=True)
    for r in build(tuple(args.split), args.only):
        write(args.out, r)
        m = r["meta"]
        index.append({"stem": m["stem"], "split": m["split"], "family": m["family"],
                      "text_fraction": m["fraction"]["text"], "person_fraction": m["fraction"]["person"],
                      "words": len(m["words"])})
    (args.out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    print(f"{len(index)} creatives in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
