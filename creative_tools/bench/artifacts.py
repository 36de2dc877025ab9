"""Synthetic creatives with artifacts (badges, buttons, logos, products) and exact truth.

Each creative is layered the way an ad is built, so every ground-truth mask is exact:

1. a clean plate: a photo from scikit-image's bundled data, a three-stop gradient or a
   flat colour;
2. optionally a person, cut out of one of the repository's sample creatives (``data/``)
   along its true ``person_mask`` (pixels where the sample's text lies are left out);
3. artifacts, each rendered at 4x and shrunk (anti-aliased alpha):

   * ``badge``: a circle, a starburst (or, held out, a hexagon or rosette) in a flat
     colour, optionally with a ring, and a short text inside ("-50%", "NEW", ...);
   * ``button``: a rounded rectangle (held out: a pill with an outline) with a call to
     action and, sometimes, a drop shadow;
   * ``logo``: a geometric mark (circle, triangle, squares; held out: a ring, a diamond)
     beside a wordmark;
   * ``product``: a shaded bottle or box with a label (smooth shading, not flat);
4. a headline outside the artifacts (text, as in every creative).

Truth: an artifact's mask is where its composited alpha is > 0.1 (fainter alpha is
clipped to 0, as in ``scripts/make_samples.py``), text inside an artifact belongs to the
artifact; the creative equals the plate exactly outside ``person | text | artifacts``.

Three splits: ``"tuned"`` (what the objects source was developed on), ``"extra"`` (more
tuning variety: outlined, glossy and gradient fills, outline-only buttons, hollow, crescent
and several-part marks, cans; other photos) and ``"heldout"`` (other seeds, other photos,
other shapes; never looked at while tuning). Since session 5 every other gradient and flat
slot of a split holds a *busy* plate instead (:data:`BUSY_KINDS`: fractal noise and
terrazzo in tuned, stones and foliage in extra, camouflage, a woven fabric and bokeh held
out), and each split has new shapes (tuned: heart badges, cut-corner tab buttons,
half-disc marks; extra: cloud badges, chip buttons with an icon, lens marks; held-out:
five-pointed stars, slanted buttons, cross marks).

>>> s = make_creative(0, split="tuned")
>>> s.image.shape == s.background.shape, s.artifact_mask.dtype
(True, dtype('bool'))
>>> bool(((s.image != s.background).any(-1) & ~s.removal).any())
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["ArtifactCreative", "Artifact", "make_creative", "make_set", "make_negative", "make_negatives",
           "plate", "PATTERN_KINDS", "NEGATIVE_PLATES", "SPLITS", "ALPHA_CUT", "KINDS_MADE"]

ALPHA_CUT = 0.1
KINDS_MADE = ("badge", "button", "logo", "product")
SS = 4  # supersampling factor of the artifact renderer
# --- busy plates: irregular, high-contrast textures (not a repeated shape) ---
# What a photo of foliage, a stone wall, terrazzo or a printed fabric looks like at the
# objects source's scale: steps everywhere, flat patches with sharp borders that belong to
# the plate, no period to give them away. Built from first principles (noise, cells,
# scattered chips, woven threads, light discs); the held-out kinds are only read as totals.
BUSY_KINDS = {
    "tuned": ("fbm", "terrazzo"),
    "extra": ("cobble", "foliage"),
    "heldout": ("camo", "weave", "bokeh"),
}
_BUSY = set(sum(BUSY_KINDS.values(), ()))

SPLITS = {
    # photos, shapes per kind; the held-out split shares nothing but the renderer
    "tuned": dict(seed0=1000, photos=("rocket", "coffee", "chelsea", "brick", "pattern:tiles", "pattern:polka",
                                      "pattern:concentric", "pattern:stripes"),
                  badge=("circle", "star", "crest", "bubble", "heart"), button=("rounded", "arrow_cta", "tab"),
                  logo=("circle", "triangle", "squares", "half_disc"), product=("bottle",),
                  busy=BUSY_KINDS["tuned"]),
    # more tuning variety (not flat, outlined, hollow, several parts), other photos; the
    # held-out split stays as it was reported
    "extra": dict(seed0=5000, photos=("pattern:checker", "gravel", "coffee", "ihc", "pattern:hexgrid", "phantom",
                                      "pattern:rings_grid", "chessboard_RGB"),
                  badge=("outlined", "glossy", "gradient_star", "price_tag", "notched_banner", "cloud"),
                  button=("ghost", "gradient", "outlined", "chip"),
                  logo=("hollow_square", "crescent", "dots", "gradient_circle", "letter_mark", "leaf"),
                  product=("can", "bottle"), tilt=0.35, busy=BUSY_KINDS["extra"]),
    "heldout": dict(seed0=9000, photos=("motorcycle_left", "pattern:plaid", "grass", "hubble_deep_field",
                                        "pattern:scales", "pattern:squares_nested", "pattern:chevron", "clock_motion"),
                    badge=("hexagon", "rosette", "circle", "star5"), button=("pill", "slanted"),
                    logo=("ring", "diamond", "cross"), product=("box",), busy=BUSY_KINDS["heldout"]),
}
# plates of the creatives without artifacts (:func:`make_negative`): the split's patterns
# and textured photos (none of the fresh split's photos: tests/test_samples_fresh.py); no plate shows a person (a person in a plate is removed by the person
# source and would count against the fill's precision)
NEGATIVE_PLATES = {
    "tuned": ("pattern:tiles", "pattern:concentric", "pattern:stripes", "pattern:polka", "brick",
              "pattern:mosaic", "pattern:target", "chessboard_RGB", "gravel", "pattern:fbm", "pattern:terrazzo"),
    "extra": ("pattern:checker", "pattern:hexgrid", "pattern:rings_grid", "pattern:lattice", "phantom", "color",
              "pattern:confetti", "pattern:facade", "ihc", "pattern:cobble", "pattern:foliage"),
    "heldout": ("pattern:plaid", "pattern:scales", "pattern:chevron", "pattern:squares_nested",
                "clock_motion", "grass", "pattern:camo", "pattern:weave", "pattern:bokeh"),
}
BADGE_TEXT = ("-50%", "NEW", "SALE", "-30%", "HOT", "TOP", "2 FOR 1", "FREE")
CTA_TEXT = ("Shop now", "Buy now", "Learn more", "Sign up", "Order today", "Get the app", "Book now")
WORDMARKS = ("Nordvik", "ACME", "lumen", "Parcel&Co", "Orbita", "KESTREL", "tidal")
HEADLINES = ("Summer collection", "Fresh deals", "The new season", "Made for you", "Big weekend")
FONTS = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSansCondensed-Bold.ttf")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass
class Artifact:
    """One artifact: its kind, shape, exact mask and box (x0, y0, x1, y1, end exclusive)."""

    kind: str
    shape: str
    mask: np.ndarray = field(repr=False)
    box: tuple


@dataclass
class ArtifactCreative:
    """A creative, its clean plate and exact masks (all ``(H, W)`` bool)."""

    name: str
    split: str
    image: np.ndarray = field(repr=False)
    background: np.ndarray = field(repr=False)
    artifacts: list
    person: np.ndarray = field(repr=False)
    text: np.ndarray = field(repr=False)
    meta: dict = field(default_factory=dict)

    @property
    def artifact_mask(self) -> np.ndarray:
        m = np.zeros(self.image.shape[:2], bool)
        for a in self.artifacts:
            m |= a.mask
        return m

    @property
    def removal(self) -> np.ndarray:
        """Every pixel that differs from the plate's layer: person | text | artifacts."""
        return self.person | self.text | self.artifact_mask


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    p = DEJAVU_DIR / name
    if not p.is_file():
        import matplotlib

        p = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
        if not p.is_file():
            p = p.with_name("DejaVuSans-Bold.ttf")
    return ImageFont.truetype(str(p), size)


def _photo(name: str, size: tuple[int, int]) -> np.ndarray:
    import skimage.data as D

    folder = Path(D.__file__).parent  # read the bundled file: no download, ever
    path = next(folder.glob(f"{name}.*"))
    img = cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    if img.ndim == 2:
        img = np.stack([img] * 3, -1)
    img = img[..., :3]
    W, H = size
    h, w = img.shape[:2]
    s = max(W / w, H / h)
    img = cv2.resize(img, (max(W, round(w * s)), max(H, round(h * s))), interpolation=cv2.INTER_CUBIC)
    y0, x0 = (img.shape[0] - H) // 2, (img.shape[1] - W) // 2
    return np.ascontiguousarray(img[y0:y0 + H, x0:x0 + W])


# --- patterned plates: regular textures, repeated and concentric shapes, tiles, stripes ---
# What a photo of a tiled wall, a striped awning or a printed fabric looks like to the
# objects source: many sharp, flat shapes that belong to the plate. Each split has its own
# patterns (the held-out ones are only read as totals); "photographed" ones are warped,
# lit unevenly, blurred and noisy, the others are drawn (a designed background).
PATTERN_KINDS = {
    "tuned": ("tiles", "concentric", "stripes", "polka", "mosaic", "target"),
    "extra": ("checker", "hexgrid", "rings_grid", "lattice", "confetti", "facade"),
    "heldout": ("plaid", "scales", "chevron", "squares_nested"),
}


def _rot(xx, yy, angle):
    c, s = np.cos(angle), np.sin(angle)
    return xx * c + yy * s, -xx * s + yy * c


def _palette(rng, n):
    cols = [_colour(rng)]
    while len(cols) < n:
        cols.append(_colour(rng, avoid=cols[-1]))
    return np.asarray(cols, np.float64)


def _pattern(name: str, size: tuple[int, int], rng) -> np.ndarray:
    """A patterned plate ``(H, W, 3) uint8`` (see :data:`PATTERN_KINDS`), drawn at 2x and shrunk.

    Raises
    ------
    ValueError
        For an unknown pattern name.
    """
    W, H = size
    ss = 2
    yy, xx = np.mgrid[0:H * ss, 0:W * ss].astype(np.float64) / ss
    angle = float(rng.choice([0.0, rng.uniform(-0.6, 0.6)]))
    u, v = _rot(xx - W / 2, yy - H / 2, angle)
    p = rng.uniform(18, 70) * (rng.uniform(1.0, 2.5) if rng.uniform() < 0.4 else 1.0)  # the period in px
    if name == "tiles":  # square tiles, jittered per tile, with grout
        pal = _palette(rng, 2)
        g = rng.uniform(1.5, 5)
        iu, iv = np.floor(u / p), np.floor(v / p)
        jit = np.random.default_rng(int(rng.integers(1 << 30))).uniform(-18, 18, (64, 64, 3))
        col = pal[0] + jit[(iu.astype(int) % 64), (iv.astype(int) % 64)]
        grout = (np.mod(u, p) < g) | (np.mod(v, p) < g)
        img = np.where(grout[..., None], pal[1], col)
    elif name == "concentric":  # rings round one or two centres (a target, ripples)
        pal = _palette(rng, int(rng.integers(2, 4)))
        cx, cy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
        r = np.hypot(xx - cx, yy - cy)
        img = pal[(np.floor(r / (0.4 * p)).astype(int)) % len(pal)]
    elif name == "stripes":  # bands of a few widths and colours
        pal = _palette(rng, int(rng.integers(2, 5)))
        widths = rng.uniform(0.2, 1.0, len(pal)) * p
        period = widths.sum()
        t = np.mod(u, period)
        k = np.searchsorted(np.cumsum(widths), t, side="right").clip(0, len(pal) - 1)
        img = pal[k]
    elif name == "polka":  # dots on a lattice, every other row offset
        pal = _palette(rng, 2)
        rad = p * rng.uniform(0.18, 0.35)
        row = np.floor(v / p)
        du = np.mod(u + (row % 2) * p / 2, p) - p / 2
        dv = np.mod(v, p) - p / 2
        img = np.where((np.hypot(du, dv) < rad)[..., None], pal[1], pal[0])
    elif name == "checker":
        pal = _palette(rng, 2)
        img = pal[((np.floor(u / p) + np.floor(v / p)) % 2).astype(int)]
    elif name == "hexgrid":  # a honeycomb of flat cells with outlines
        pal = _palette(rng, 3)
        q = p / np.sqrt(3)
        # axial coordinates, rounded to the nearest hexagon centre
        fq, fr = (np.sqrt(3) / 3 * u - v / 3) / q, (2 / 3 * v) / q
        fs = -fq - fr
        rq, rr, rs = np.round(fq), np.round(fr), np.round(fs)
        dq, dr, ds = np.abs(rq - fq), np.abs(rr - fr), np.abs(rs - fs)
        rq = np.where((dq > dr) & (dq > ds), -rr - rs, rq)
        rr = np.where(~((dq > dr) & (dq > ds)) & (dr > ds), -rq - rs, rr)
        edge = np.maximum(np.maximum(dq, dr), ds) > 0.42
        img = np.where(edge[..., None], pal[2], pal[((rq + 2 * rr) % 2).astype(int)])
    elif name == "rings_grid":  # repeated small targets
        pal = _palette(rng, 3)
        du, dv = np.mod(u, p) - p / 2, np.mod(v, p) - p / 2
        r = np.hypot(du, dv)
        img = pal[np.minimum((r / (0.16 * p)).astype(int), 3) % 3]
    elif name == "lattice":  # a trellis of lines over a plate
        pal = _palette(rng, 2)
        g = rng.uniform(2, 6)
        a, b = _rot(u, v, np.pi / 4)
        line = (np.mod(a, p) < g) | (np.mod(b, p) < g)
        img = np.where(line[..., None], pal[1], pal[0])
    elif name == "mosaic":  # large tiles, each its own colour from a small palette, with grout
        pal = _palette(rng, int(rng.integers(4, 8)))
        q = p * rng.uniform(1.2, 2.5)
        g = rng.uniform(2, 6)
        iu, iv = np.floor(u / q).astype(int), np.floor(v / q).astype(int)
        pick = np.random.default_rng(int(rng.integers(1 << 30))).integers(0, len(pal), (97, 97))
        img = pal[pick[iu % 97, iv % 97]]
        grout = (np.mod(u, q) < g) | (np.mod(v, q) < g)
        img = np.where(grout[..., None], _colour(rng), img)
    elif name == "target":  # a few wide rings round one centre inside the picture (a target, a vinyl)
        pal = _palette(rng, int(rng.integers(2, 4)))
        cx, cy = rng.uniform(0.35, 0.65) * W, rng.uniform(0.35, 0.65) * H
        r = np.hypot(xx - cx, yy - cy)
        img = pal[(np.floor(r / (rng.uniform(0.06, 0.12) * max(W, H))).astype(int)) % len(pal)]
    elif name == "confetti":  # scattered shapes in many colours and sizes on a plate
        sub = np.random.default_rng(int(rng.integers(1 << 30)))
        im = Image.new("RGB", (W * ss, H * ss), _colour(rng))
        d = ImageDraw.Draw(im)
        pal = _palette(rng, 5)
        for _ in range(int(sub.integers(25, 60))):
            x, y, rr = sub.uniform(0, W * ss), sub.uniform(0, H * ss), sub.uniform(0.01, 0.035) * max(W, H) * ss
            col = tuple(int(c) for c in pal[sub.integers(len(pal))])
            if sub.uniform() < 0.5:
                d.ellipse([x - rr, y - rr, x + rr, y + rr], fill=col)
            else:
                d.polygon(_regular(x, y, rr, int(sub.integers(3, 6)), sub.uniform(0, 6)), fill=col)
        img = np.asarray(im, np.float64)
    elif name == "facade":  # a building front: rows of windows, some lit
        pal = _palette(rng, 3)
        qx, qy = p * rng.uniform(1.0, 1.8), p * rng.uniform(1.2, 2.0)
        iu, iv = np.floor(xx / qx).astype(int), np.floor(yy / qy).astype(int)
        win = (np.mod(xx, qx) > 0.25 * qx) & (np.mod(yy, qy) > 0.3 * qy)
        lit = np.random.default_rng(int(rng.integers(1 << 30))).uniform(size=(257, 257)) < 0.3
        img = np.where(win[..., None], np.where(lit[iu % 257, iv % 257][..., None], pal[1], pal[2]), pal[0])
    elif name == "plaid":  # crossing translucent bands
        pal = _palette(rng, 3)
        band_u = (np.mod(u, p) < 0.35 * p)[..., None]
        band_v = (np.mod(v, p * 1.3) < 0.3 * p)[..., None]
        img = pal[0] * np.ones_like(u)[..., None]
        img = np.where(band_u, 0.5 * img + 0.5 * pal[1], img)
        img = np.where(band_v, 0.5 * img + 0.5 * pal[2], img)
    elif name == "scales":  # overlapping circles in offset rows (fish scales, roof tiles)
        pal = _palette(rng, 2)
        row = np.floor(v / (0.5 * p))
        du = np.mod(u + (row % 2) * p / 2, p) - p / 2
        dv = np.mod(v, 0.5 * p)
        r = np.hypot(du, dv)
        img = np.where((np.abs(r - 0.48 * p) < max(1.0, 0.05 * p))[..., None], pal[1], pal[0])
    elif name == "chevron":  # zigzag bands
        pal = _palette(rng, int(rng.integers(2, 4)))
        z = v + np.abs(np.mod(u, p) - p / 2)
        img = pal[(np.floor(z / (0.5 * p)).astype(int)) % len(pal)]
    elif name == "squares_nested":  # concentric squares repeated on a grid
        pal = _palette(rng, 3)
        du, dv = np.abs(np.mod(u, p) - p / 2), np.abs(np.mod(v, p) - p / 2)
        img = pal[(np.maximum(du, dv) / (0.17 * p)).astype(int) % 3]
    elif name in _BUSY:
        img = _busy(name, (W * ss, H * ss), rng)
    else:
        valid = sorted(set(sum(PATTERN_KINDS.values(), ())) | set(sum(BUSY_KINDS.values(), ())))
        raise ValueError(f"unknown pattern {name!r}; valid: {valid}")
    img = cv2.resize(img.astype(np.float32), (W, H), interpolation=cv2.INTER_AREA).astype(np.float64)
    if rng.uniform() < 0.5:  # photographed: a slanted view, uneven light, lens blur, noise
        src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
        dst = src + rng.uniform(-0.08, 0.08, (4, 2)).astype(np.float32) * np.float32([W, H])
        img = cv2.warpPerspective(img.astype(np.float32), cv2.getPerspectiveTransform(dst, src), (W, H),
                                  borderMode=cv2.BORDER_REFLECT).astype(np.float64)
        gy, gx = np.mgrid[0:H, 0:W] / max(H, W)
        light = 0.75 + 0.35 * (rng.uniform(-1, 1) * gx + rng.uniform(-1, 1) * gy + 0.5)
        img = img * np.clip(light, 0.55, 1.2)[..., None]
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 2.2))
        img = img + rng.normal(0, rng.uniform(1.5, 4), img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)




def _noise(size: tuple[int, int], rng, *, base: int = 3, octaves: int = 6, persistence: float = 0.6) -> np.ndarray:
    """``(H, W) float`` fractal noise in [0, 1]: octaves of smoothly upsampled random grids."""
    W, H = size
    out = np.zeros((H, W))
    amp = 1.0
    for o in range(octaves):
        k = base * 2 ** o
        g = rng.normal(size=(max(2, round(k * H / max(W, H))) + 1, max(2, round(k * W / max(W, H))) + 1))
        out += amp * cv2.resize(g.astype(np.float32), (W, H), interpolation=cv2.INTER_CUBIC)
        amp *= persistence
    out -= out.min()
    return out / max(out.max(), 1e-9)


def _busy(name: str, size: tuple[int, int], rng) -> np.ndarray:
    """A busy plate ``(H, W, 3) float`` of :data:`BUSY_KINDS` (drawn at the given size)."""
    W, H = size
    sub = np.random.default_rng(int(rng.integers(1 << 30)))
    if name == "fbm":  # coloured fractal noise with strong fine octaves (a rough, mottled surface)
        pal = _palette(rng, 3)
        t = _noise((W, H), sub, persistence=rng.uniform(0.6, 0.8)) * (len(pal) - 1)
        k = np.minimum(t.astype(int), len(pal) - 2)
        f = (t - k)[..., None]
        img = pal[k] * (1 - f) + pal[k + 1] * f
        img += 25 * (_noise((W, H), sub, base=24, octaves=3)[..., None] - 0.5)
    elif name == "terrazzo":  # small chips of a few colours scattered densely over a speckled base
        pal = _palette(rng, 5)
        im = Image.new("RGB", (W, H), tuple(int(c) for c in pal[0]))
        d = ImageDraw.Draw(im)
        side = max(W, H)
        for _ in range(int(sub.integers(600, 1400) * W * H / side ** 2)):
            x, y, r = sub.uniform(0, W), sub.uniform(0, H), sub.uniform(0.003, 0.018) * side
            n = int(sub.integers(4, 8))
            a = np.sort(sub.uniform(0, 2 * np.pi, n))
            rr = r * sub.uniform(0.5, 1.0, n)
            d.polygon([(x + q * np.cos(t), y + q * np.sin(t)) for q, t in zip(rr, a)],
                      fill=tuple(int(c) for c in pal[1 + sub.integers(4)]))
        img = np.asarray(im, np.float64) + sub.normal(0, 6, (H, W, 1))
    elif name == "cobble":  # stones: Voronoi cells, each its own shade and lit from one side, dark joints
        pal = _palette(rng, 2)
        n = int(sub.integers(60, 260))
        pts = sub.uniform(0, 1, (n, 2)) * (W, H)
        from scipy.spatial import cKDTree

        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        dist, near = cKDTree(pts).query(np.stack([xx.ravel(), yy.ravel()], 1), k=2)
        idx = near[:, 0].reshape(H, W)
        best, second = (dist[:, 0] ** 2).reshape(H, W), (dist[:, 1] ** 2).reshape(H, W)
        shade = sub.uniform(0.6, 1.25, n)
        img = pal[0] * shade[idx][..., None] + sub.normal(0, 14, (n, 3))[idx]
        light = (xx - pts[idx, 0]) * 0.004 + (yy - pts[idx, 1]) * 0.004
        img = img * (1 - np.clip(light, -0.3, 0.3))[..., None]
        joint = (np.sqrt(second) - np.sqrt(best)) < sub.uniform(1.5, 4.0)
        img = np.where(joint[..., None], pal[1] * 0.5, img) + 12 * (_noise((W, H), sub, base=20, octaves=3)[..., None] - 0.5)
    elif name == "foliage":  # layers of leaves: many rotated ellipses, the far layers blurred
        pal = _palette(rng, 4)
        img = np.broadcast_to(pal[0] * 0.5, (H, W, 3)).astype(np.float64).copy()
        side = max(W, H)
        for layer in range(3):
            im = Image.new("RGBA", (W, H), (0, 0, 0, 0))
            d = ImageDraw.Draw(im)
            for _ in range(int(sub.integers(250, 500))):
                x, y = sub.uniform(0, W), sub.uniform(0, H)
                a, b = sub.uniform(0.01, 0.04) * side, sub.uniform(0.004, 0.015) * side
                t = sub.uniform(0, np.pi)
                pts = [(x + a * np.cos(s_) * np.cos(t) - b * np.sin(s_) * np.sin(t),
                        y + a * np.cos(s_) * np.sin(t) + b * np.sin(s_) * np.cos(t)) for s_ in np.linspace(0, 2 * np.pi, 16)]
                c = pal[1 + sub.integers(3)] * sub.uniform(0.6, 1.2)
                d.polygon(pts, fill=tuple(int(v) for v in np.clip(c, 0, 255)) + (255,))
            arr = np.asarray(im, np.float64)
            blur = (2 - layer) * sub.uniform(0.8, 2.0)
            if blur > 0:
                arr = cv2.GaussianBlur(arr, (0, 0), blur)
            al = arr[..., 3:] / 255
            img = arr[..., :3] / np.maximum(al, 1e-6) * al + img * (1 - al)
    elif name == "camo":  # camouflage: fractal noise cut into a few flat colours (blobs with sharp borders)
        pal = _palette(rng, int(rng.integers(3, 5)))
        t = _noise((W, H), sub, persistence=0.55)
        cuts = np.quantile(t, np.linspace(0, 1, len(pal) + 1)[1:-1])
        img = pal[np.searchsorted(cuts, t)] + sub.normal(0, 3, (H, W, 1))
    elif name == "weave":  # a woven fabric: over/under threads of two colours, uneven per thread
        pal = _palette(rng, 2)
        q = rng.uniform(5, 14)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
        iu, iv = np.floor(xx / q).astype(int), np.floor(yy / q).astype(int)
        warp_up = (iu + iv) % 2 == 0
        jit = sub.uniform(0.75, 1.2, 4096)
        across = np.where(warp_up, np.sin(np.pi * np.mod(xx, q) / q), np.sin(np.pi * np.mod(yy, q) / q))
        col = np.where(warp_up[..., None], pal[0] * jit[iu % 4096][..., None], pal[1] * jit[iv % 4096][..., None])
        img = col * (0.55 + 0.45 * across)[..., None] + 30 * (_noise((W, H), sub, base=3, octaves=3)[..., None] - 0.5)
    elif name == "bokeh":  # out-of-focus lights: overlapping discs added on a dark, mottled plate
        pal = _palette(rng, 4)
        img = (pal[0] * 0.25)[None, None] * (0.6 + 0.8 * _noise((W, H), sub, octaves=3))[..., None]
        side = max(W, H)
        for _ in range(int(sub.integers(40, 120))):
            disc = np.zeros((H, W), np.float32)
            x, y, r = sub.uniform(0, W), sub.uniform(0, H), sub.uniform(0.01, 0.06) * side
            cv2.circle(disc, (int(x * 4), int(y * 4)), int(r * 4), 1.0, -1, cv2.LINE_AA, shift=2)
            disc = cv2.GaussianBlur(disc, (0, 0), sub.uniform(0.5, 0.25 * r + 0.6))
            img += disc[..., None] * pal[1 + sub.integers(3)] * sub.uniform(0.25, 0.7)
    else:  # pragma: no cover - the caller checks the name
        raise ValueError(name)
    return img


def plate(name: str, size: tuple[int, int], rng) -> np.ndarray:
    """A clean plate by name: ``pattern:KIND`` (:func:`_pattern`) or a scikit-image photo."""
    if name.startswith("pattern:"):
        return _pattern(name.split(":", 1)[1], size, rng)
    return _photo(name, size)


def _gradient(size, rng) -> np.ndarray:
    W, H = size
    c = rng.integers(0, 256, (3, 3)).astype(np.float64)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    a = rng.uniform(0, 1)
    t = (a * xx / (W - 1) + (1 - a) * yy / (H - 1))
    u = np.where(t < 0.5, t / 0.5, (t - 0.5) / 0.5)[..., None]
    img = np.where((t < 0.5)[..., None], c[0] + (c[1] - c[0]) * u, c[1] + (c[2] - c[1]) * u)
    img += rng.normal(0, 0.8, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def _colour(rng, avoid=None) -> tuple:
    while True:
        c = tuple(int(v) for v in rng.integers(0, 256, 3))
        if avoid is None or np.abs(np.subtract(c, avoid)).sum() > 150:
            return c


def _text_fit(draw, text, font_name, box_w, box_h):
    size = max(8, int(box_h))
    while size > 8:
        f = _font(font_name, size)
        l, t, r, b = draw.textbbox((0, 0), text, font=f)
        if r - l <= box_w and b - t <= box_h:
            return f, (l, t, r, b)
        size = int(size * 0.9)
    f = _font(font_name, 8)
    return f, draw.textbbox((0, 0), text, font=f)


def _draw_centered_text(draw, text, cx, cy, w, h, fill, font_name):
    f, (l, t, r, b) = _text_fit(draw, text, font_name, w, h)
    draw.text((cx - (l + r) / 2, cy - (t + b) / 2), text, font=f, fill=fill)


def _regular(cx, cy, r, n, rot=0.0):
    a = rot + np.arange(n) * 2 * np.pi / n
    return [(cx + r * np.cos(t), cy + r * np.sin(t)) for t in a]


def _star(cx, cy, r, n, inner):
    a = np.arange(2 * n) * np.pi / n
    rr = np.where(np.arange(2 * n) % 2 == 0, r, r * inner)
    return [(cx + q * np.cos(t), cy + q * np.sin(t)) for q, t in zip(rr, a)]


def _styled(im: Image.Image, draw_shape, col, rng, style: str) -> Image.Image:
    """``im`` with a shape composited over it in a ``gradient`` or ``glossy`` fill.

    ``draw_shape(draw, fill)`` draws the silhouette; the fill runs from ``col`` at the top
    to a darker or other colour at the bottom; ``glossy`` adds a soft white highlight in
    the upper half (smooth shading with a sharp outer border, as drawn buttons have).
    """
    sil = Image.new("L", im.size, 0)
    draw_shape(ImageDraw.Draw(sil), 255)
    a = np.asarray(sil, np.float64) / 255
    ys, xs = np.nonzero(a > 0)
    y0, y1 = ys.min(), ys.max() + 1
    t = np.clip((np.arange(im.size[1]) - y0) / max(1, y1 - y0), 0, 1)[:, None, None]
    c0 = np.asarray(col, np.float64)
    c1 = c0 * rng.uniform(0.45, 0.7) if rng.uniform() < 0.5 else np.asarray(_colour(rng, avoid=col), np.float64)
    rgb = np.broadcast_to(c0 * (1 - t) + c1 * t, a.shape + (3,)).copy()
    if style == "glossy":
        hl = Image.new("L", im.size, 0)
        x0, x1 = xs.min(), xs.max() + 1
        ImageDraw.Draw(hl).ellipse([x0 + 0.15 * (x1 - x0), y0 + 0.05 * (y1 - y0), x1 - 0.15 * (x1 - x0),
                                    y0 + 0.45 * (y1 - y0)], fill=255)
        h = cv2.GaussianBlur(np.asarray(hl, np.float64) / 255, (0, 0), 0.08 * (y1 - y0))[..., None] * 0.55
        rgb = rgb * (1 - h) + 255 * h
    layer = Image.fromarray(np.dstack([np.clip(rgb, 0, 255), a * 255]).astype(np.uint8), "RGBA")
    return Image.alpha_composite(im, layer)


def _render(kind: str, shape: str, rng, avoid=None, rotate: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """An artifact's RGBA sprite: (h, w, 3) float colour and (h, w) alpha in [0, 1]."""
    font = FONTS[int(rng.integers(len(FONTS)))]
    col = _colour(rng, avoid=avoid)
    ink = (255, 255, 255) if sum(col) < 380 else (20, 20, 30)
    if kind == "badge":
        d = int(rng.integers(70, 150))
        W = H = d * SS
    elif kind == "button":
        h = int(rng.integers(36, 64))
        W, H = int(h * rng.uniform(2.8, 4.5)) * SS, h * SS
    elif kind == "logo":
        h = int(rng.integers(40, 80))
        W, H = int(h * rng.uniform(3.0, 4.2)) * SS, h * SS
    else:
        h = int(rng.integers(130, 220))
        W, H = int(h * rng.uniform(0.38, 0.6)) * SS, h * SS
    pad = 6 * SS
    im = Image.new("RGBA", (W + 2 * pad, H + 2 * pad), (0, 0, 0, 0))
    dr = ImageDraw.Draw(im)
    cx, cy = pad + W / 2, pad + H / 2
    if kind == "badge":
        r = W / 2
        if shape == "circle":
            dr.ellipse([pad, pad, pad + W, pad + H], fill=col)
            if rng.uniform() < 0.5:
                q = r * 0.86
                dr.ellipse([cx - q, cy - q, cx + q, cy + q], outline=ink, width=max(SS, int(r * 0.04)))
        elif shape == "star":
            dr.polygon(_star(cx, cy, r, int(rng.integers(12, 24)), rng.uniform(0.78, 0.9)), fill=col)
        elif shape == "outlined":  # a flat disc or rounded square in a thick outline of another colour
            col2 = _colour(rng, avoid=col)
            wd = max(2 * SS, int(r * rng.uniform(0.06, 0.12)))
            if rng.uniform() < 0.5:
                dr.ellipse([pad, pad, pad + W, pad + H], fill=col, outline=col2, width=wd)
            else:
                dr.rounded_rectangle([pad, pad, pad + W, pad + H], r * 0.25, fill=col, outline=col2, width=wd)
        elif shape in ("glossy", "gradient_star"):
            pts = _star(cx, cy, r, int(rng.integers(10, 20)), rng.uniform(0.8, 0.9))
            im = _styled(im, (lambda d, f: d.ellipse([pad, pad, pad + W, pad + H], fill=f)) if shape == "glossy"
                         else (lambda d, f: d.polygon(pts, fill=f)), col, rng,
                         "glossy" if shape == "glossy" else "gradient")
            dr = ImageDraw.Draw(im)
        elif shape == "hexagon":
            dr.polygon(_regular(cx, cy, r, 6, rng.uniform(0, 1)), fill=col)
        elif shape == "crest":  # flat top, curved sides meeting in a point
            t = np.linspace(0, np.pi / 2, 12)
            side = [(cx + r * 0.9 * np.cos(a), cy + r * 0.1 + r * 0.85 * np.sin(a)) for a in t]
            pts = [(cx - r * 0.9, pad + H * 0.06), (cx + r * 0.9, pad + H * 0.06)] + side[::-1][:-1]
            pts += [(2 * cx - x_, y_) for x_, y_ in side][1:]
            dr.polygon(pts, fill=col)
        elif shape == "bubble":  # a speech bubble: an ellipse with a tail
            dr.ellipse([pad, pad + H * 0.08, pad + W, pad + H * 0.82], fill=col)
            tx = cx + r * rng.uniform(-0.5, 0.5)
            dr.polygon([(tx - r * 0.18, cy + r * 0.45), (tx + r * 0.18, cy + r * 0.45),
                        (tx + r * rng.uniform(-0.5, 0.5), pad + H)], fill=col)
        elif shape == "price_tag":  # a price tag: a pointed end and a punched hole (the plate shows through)
            dr.polygon([(pad, cy), (pad + W * 0.28, pad + H * 0.2), (pad + W, pad + H * 0.2), (pad + W, pad + H * 0.8),
                        (pad + W * 0.28, pad + H * 0.8)], fill=col)
            q = r * 0.07
            dr.ellipse([pad + W * 0.16 - q, cy - q, pad + W * 0.16 + q, cy + q], fill=(0, 0, 0, 0))
        elif shape == "notched_banner":  # a banner with notched ends
            n_ = W * 0.12
            dr.polygon([(pad, pad + H * 0.3), (pad + W, pad + H * 0.3), (pad + W - n_, cy), (pad + W, pad + H * 0.7),
                        (pad, pad + H * 0.7), (pad + n_, cy)], fill=col)
        elif shape == "heart":  # two lobes and a point
            q = r * 0.5
            dr.ellipse([cx - r, pad + H * 0.08, cx, pad + H * 0.08 + 2 * q], fill=col)
            dr.ellipse([cx, pad + H * 0.08, cx + r, pad + H * 0.08 + 2 * q], fill=col)
            dr.polygon([(cx - r * 0.97, pad + H * 0.08 + q * 1.25), (cx + r * 0.97, pad + H * 0.08 + q * 1.25),
                        (cx, pad + H * 0.98)], fill=col)
        elif shape == "cloud":  # a cloud: a flat-bottomed row of overlapping discs
            for ox, oy, q in ((-0.55, 0.1, 0.42), (0.0, -0.12, 0.55), (0.55, 0.1, 0.42)):
                dr.ellipse([cx + ox * r - q * r, cy + oy * r - q * r, cx + ox * r + q * r, cy + oy * r + q * r], fill=col)
            dr.rectangle([cx - 0.55 * r, cy + 0.1 * r, cx + 0.55 * r, cy + 0.52 * r], fill=col)
        elif shape == "star5":  # a five-pointed star
            dr.polygon(_star(cx, cy + r * 0.08, r, 5, 0.5), fill=col)
        else:  # rosette: scalloped edge
            for p in _regular(cx, cy, r * 0.86, 14):
                q = r * 0.15
                dr.ellipse([p[0] - q, p[1] - q, p[0] + q, p[1] + q], fill=col)
            dr.ellipse([cx - r * 0.88, cy - r * 0.88, cx + r * 0.88, cy + r * 0.88], fill=col)
        tw, tcx = (W * 0.55, cx + W * 0.1) if shape == "price_tag" else (W * 0.62, cx)
        th, tcy = H * (0.26 if shape in ("price_tag", "notched_banner", "cloud") else 0.34), cy
        if shape in ("star5", "heart"):  # their middle is narrow: a smaller text a little higher
            tw, th, tcy = W * 0.4, H * 0.2, cy - H * 0.04
        _draw_centered_text(dr, BADGE_TEXT[int(rng.integers(len(BADGE_TEXT)))], tcx,
                            tcy - (H * 0.06 if shape == "bubble" else 0), tw, th, ink, font)
    elif kind == "button":
        rad = H / 2 if shape == "pill" else H * rng.uniform(0.12, 0.3)
        box = [pad, pad, pad + W, pad + H]
        if rng.uniform() < 0.4:  # drop shadow: part of the artifact
            sh = Image.new("RGBA", im.size, (0, 0, 0, 0))
            ImageDraw.Draw(sh).rounded_rectangle([b + 3 * SS for b in box], rad, fill=(0, 0, 0, 110))
            im = Image.alpha_composite(im, sh)
            dr = ImageDraw.Draw(im)
        if shape == "pill" and rng.uniform() < 0.5:
            dr.rounded_rectangle(box, rad, fill=col, outline=ink, width=2 * SS)
        elif shape == "outlined":
            dr.rounded_rectangle(box, rad, fill=col, outline=_colour(rng, avoid=col), width=int(rng.integers(2, 5)) * SS)
        elif shape == "ghost":  # an outline only: the plate shows inside, the text takes the outline's colour
            dr.rounded_rectangle(box, rad, outline=col, width=int(rng.integers(2, 4)) * SS)
            ink = col
        elif shape == "tab":  # a rectangle with one corner cut off
            c_ = H * 0.35
            dr.polygon([(pad, pad), (pad + W - c_, pad), (pad + W, pad + c_), (pad + W, pad + H), (pad, pad + H)], fill=col)
        elif shape == "slanted":  # a parallelogram
            o = H * 0.35
            dr.polygon([(pad + o, pad), (pad + W, pad), (pad + W - o, pad + H), (pad, pad + H)], fill=col)
        elif shape == "gradient":
            im = _styled(im, lambda d, f: d.rounded_rectangle(box, rad, fill=f), col, rng,
                         "glossy" if rng.uniform() < 0.5 else "gradient")
            dr = ImageDraw.Draw(im)
            ink = (255, 255, 255) if sum(col) < 380 else (20, 20, 30)
        elif shape != "chip":
            dr.rounded_rectangle(box, rad, fill=col)
        if shape == "chip":  # a small pill with a round icon at its left end
            dr.rounded_rectangle(box, H / 2, fill=col)
            q = H * 0.28
            dr.ellipse([pad + H / 2 - q, cy - q, pad + H / 2 + q, cy + q], fill=ink)
            _draw_centered_text(dr, CTA_TEXT[int(rng.integers(len(CTA_TEXT)))], cx + H * 0.4, cy, W * 0.8 - H,
                                H * 0.45, ink, font)
        elif shape == "arrow_cta":  # a call to action with an arrow icon at its right end
            dr.rounded_rectangle(box, rad, fill=col)
            ax = pad + W - H * 0.55
            dr.polygon([(ax - H * 0.14, cy - H * 0.2), (ax + H * 0.14, cy), (ax - H * 0.14, cy + H * 0.2)], fill=ink)
            _draw_centered_text(dr, CTA_TEXT[int(rng.integers(len(CTA_TEXT)))], cx - H * 0.35, cy, W * 0.8 - H * 0.7,
                                H * 0.5, ink, font)
        else:
            _draw_centered_text(dr, CTA_TEXT[int(rng.integers(len(CTA_TEXT)))], cx, cy, W * 0.8, H * 0.5, ink, font)
    elif kind == "logo":
        m = H * 0.9
        mx, my = pad + H / 2, cy
        col2 = _colour(rng, avoid=avoid)
        if shape == "circle":
            dr.ellipse([mx - m / 2, my - m / 2, mx + m / 2, my + m / 2], fill=col)
            dr.ellipse([mx - m / 5, my - m / 5, mx + m / 5, my + m / 5], fill=col2)
        elif shape == "letter_mark":  # a rounded square with a letter cut out (the plate shows through)
            dr.rounded_rectangle([mx - m / 2, my - m / 2, mx + m / 2, my + m / 2], m * 0.2, fill=col)
            _draw_centered_text(dr, "KNAMS"[int(rng.integers(5))], mx, my, m * 0.6, m * 0.6, (0, 0, 0, 0), font)
        elif shape == "triangle":
            dr.polygon(_regular(mx, my + m * 0.08, m * 0.55, 3, -np.pi / 2), fill=col)
        elif shape == "squares":
            s = m * 0.55
            dr.rectangle([mx - m / 2, my - m / 2, mx - m / 2 + s, my - m / 2 + s], fill=col)
            dr.rectangle([mx + m / 2 - s, my + m / 2 - s, mx + m / 2, my + m / 2], fill=col2)
        elif shape == "ring":
            dr.ellipse([mx - m / 2, my - m / 2, mx + m / 2, my + m / 2], outline=col, width=int(m * 0.16))
        elif shape == "hollow_square":
            dr.rectangle([mx - m / 2, my - m / 2, mx + m / 2, my + m / 2], outline=col, width=int(m * rng.uniform(0.12, 0.2)))
        elif shape == "crescent":
            dr.ellipse([mx - m / 2, my - m / 2, mx + m / 2, my + m / 2], fill=col)
            o = m * rng.uniform(0.25, 0.4)
            cut = Image.new("L", im.size, 0)
            ImageDraw.Draw(cut).ellipse([mx - m / 2 + o, my - m / 2 - o / 3, mx + m / 2 + o, my + m / 2 - o / 3], fill=255)
            arr = np.asarray(im).copy()
            arr[np.asarray(cut) > 0] = 0
            im = Image.fromarray(arr, "RGBA")
            dr = ImageDraw.Draw(im)
        elif shape == "dots":  # a mark in several parts
            q = m * 0.2
            for k, (ox, oy) in enumerate(((-0.25, -0.22), (0.25, -0.22), (0.0, 0.24))):
                dr.ellipse([mx + ox * m - q, my + oy * m - q, mx + ox * m + q, my + oy * m + q],
                           fill=col if k != 2 else col2)
        elif shape == "gradient_circle":
            im = _styled(im, lambda d, f: d.ellipse([mx - m / 2, my - m / 2, mx + m / 2, my + m / 2], fill=f), col,
                         rng, "glossy")
            dr = ImageDraw.Draw(im)
        elif shape == "half_disc":  # a half disc, flat side down
            dr.pieslice([mx - m / 2, my - m * 0.3, mx + m / 2, my + m * 0.7], 180, 360, fill=col)
        elif shape == "leaf":  # the lens where two discs overlap
            lens = Image.new("L", im.size, 0)
            a_, b_ = Image.new("L", im.size, 0), Image.new("L", im.size, 0)
            o = m * 0.3
            ImageDraw.Draw(a_).ellipse([mx - m / 2 - o, my - m / 2, mx + m / 2 - o, my + m / 2], fill=255)
            ImageDraw.Draw(b_).ellipse([mx - m / 2 + o, my - m / 2, mx + m / 2 + o, my + m / 2], fill=255)
            lens.paste(255, mask=Image.fromarray(np.minimum(np.asarray(a_), np.asarray(b_))))
            im.paste(Image.new("RGBA", im.size, col + (255,)), mask=lens)
            dr = ImageDraw.Draw(im)
        elif shape == "cross":  # a plus sign
            t_ = m * 0.32
            dr.rectangle([mx - t_ / 2, my - m / 2, mx + t_ / 2, my + m / 2], fill=col)
            dr.rectangle([mx - m / 2, my - t_ / 2, mx + m / 2, my + t_ / 2], fill=col)
        else:  # diamond
            dr.polygon(_regular(mx, my, m * 0.5, 4, 0.0), fill=col)
        word = WORDMARKS[int(rng.integers(len(WORDMARKS)))]
        tx0 = pad + H * 1.1  # the wordmark starts right after the mark
        f, (l, t, r, b) = _text_fit(dr, word, font, pad + W - tx0, H * 0.6)
        dr.text((tx0 - l, cy - (t + b) / 2), word, font=f, fill=col)
    else:  # product: a shaded bottle or box with a label
        a = np.zeros((H + 2 * pad, W + 2 * pad), np.uint8)
        sil = Image.fromarray(a)
        ds = ImageDraw.Draw(sil)
        if shape == "bottle":
            neck = W * 0.35
            ds.rounded_rectangle([pad, pad + H * 0.3, pad + W, pad + H], W * 0.2, fill=255)
            ds.polygon([(pad, pad + H * 0.36), (cx - neck / 2, pad + H * 0.12), (cx + neck / 2, pad + H * 0.12),
                        (pad + W, pad + H * 0.36)], fill=255)
            ds.rectangle([cx - neck / 2, pad, cx + neck / 2, pad + H * 0.14], fill=255)
        elif shape == "can":  # a cylinder: straight sides, elliptic top and bottom
            e = W * 0.18
            ds.rectangle([pad, pad + e / 2, pad + W, pad + H - e / 2], fill=255)
            ds.ellipse([pad, pad, pad + W, pad + e], fill=255)
            ds.ellipse([pad, pad + H - e, pad + W, pad + H], fill=255)
        else:
            ds.rectangle([pad, pad + H * 0.15, pad + W * 0.8, pad + H], fill=255)
            ds.polygon([(pad, pad + H * 0.15), (pad + W * 0.2, pad), (pad + W, pad), (pad + W * 0.8, pad + H * 0.15)],
                       fill=255)
            ds.polygon([(pad + W * 0.8, pad + H * 0.15), (pad + W, pad), (pad + W, pad + H * 0.85),
                        (pad + W * 0.8, pad + H)], fill=255)
        sil = np.asarray(sil) > 0
        xx = np.linspace(-1, 1, W + 2 * pad)[None, :]
        shade = 0.55 + 0.45 * np.cos(np.clip(xx * 1.3 - 0.3, -np.pi / 2, np.pi / 2))
        rgb = np.asarray(col, np.float64)[None, None] * shade[..., None] + 40 * (shade[..., None] ** 8)
        rgb = np.broadcast_to(rgb, (H + 2 * pad, W + 2 * pad, 3)).copy()
        lab = Image.new("RGBA", im.size, (0, 0, 0, 0))
        dl = ImageDraw.Draw(lab)
        ly0, ly1 = pad + H * 0.5, pad + H * 0.75
        dl.rectangle([pad, ly0, pad + W * (0.8 if shape == "box" else 1.0), ly1], fill=_colour(rng, avoid=col) + (255,))
        _draw_centered_text(dl, WORDMARKS[int(rng.integers(len(WORDMARKS)))], pad + W * 0.42, (ly0 + ly1) / 2,
                            W * 0.7, (ly1 - ly0) * 0.6, ink, font)
        la = np.asarray(lab, np.float64)
        lab_a = la[..., 3:] / 255 * sil[..., None]
        rgb = la[..., :3] * lab_a + rgb * (1 - lab_a)
        im = Image.fromarray(np.dstack([np.clip(rgb, 0, 255), sil * 255.0]).astype(np.uint8), "RGBA")
    if rotate:  # a tilted sticker
        im = im.rotate(float(rotate), resample=Image.BICUBIC, expand=True)
    return _shrink(im)


def _shrink(im: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """An RGBA sprite drawn at ``SS`` times the size -> (h, w, 3) float straight colour and
    (h, w) alpha in [0, 1] (premultiplied average, as anti-aliasing does)."""
    arr = np.asarray(im, np.float64)
    size = (arr.shape[1] // SS, arr.shape[0] // SS)
    alpha = cv2.resize(arr[..., 3], size, interpolation=cv2.INTER_AREA) / 255.0
    pm = cv2.resize(arr[..., :3] * arr[..., 3:] / 255, size, interpolation=cv2.INTER_AREA)
    colour = np.where(alpha[..., None] > 0, pm / np.maximum(alpha, 1e-9)[..., None], 0.0)
    return colour, alpha


def _composite(canvas: np.ndarray, colour: np.ndarray, alpha: np.ndarray, y0: int, x0: int) -> np.ndarray:
    """Composite a sprite (:func:`_shrink`) onto ``canvas`` (H, W, 3) float in place at
    ``(x0, y0)``, alpha below ``ALPHA_CUT`` clipped to 0; returns its (H, W) bool truth."""
    h, w = alpha.shape
    a = np.clip((alpha - ALPHA_CUT) / (1 - ALPHA_CUT), 0, 1)[..., None]
    canvas[y0:y0 + h, x0:x0 + w] = colour * a + canvas[y0:y0 + h, x0:x0 + w] * (1 - a)
    full = np.zeros(canvas.shape[:2], bool)
    full[y0:y0 + h, x0:x0 + w] = alpha > ALPHA_CUT
    return full


def place_headline(canvas: np.ndarray, occupied: np.ndarray, bg: np.ndarray, rng, words: str,
                   font) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``words`` in ``font`` once where its box (grown 6 px) misses ``occupied``.

    Up to 30 random positions are tried; the ink is white on a dark ground under the
    text's corner, else near-black. Returns the new ``(H, W, 3)`` float canvas and the
    text's ``(H, W)`` bool mask (all False when no position was free: the canvas is
    returned unchanged)."""
    H, W = occupied.shape
    text = np.zeros((H, W), bool)
    ti = Image.new("L", (W, H), 0)
    l, t, r, b = ImageDraw.Draw(ti).textbbox((0, 0), words, font=font)
    for _ in range(30):
        x, y = int(rng.integers(4, max(5, W - (r - l) - 4))), int(rng.integers(4, max(5, H - (b - t) - 4)))
        box = np.zeros((H, W), bool)
        box[max(0, y + t - 6):y + b + 6, max(0, x + l - 6):x + r + 6] = True
        if not (box & occupied).any():
            ImageDraw.Draw(ti).text((x, y), words, font=font, fill=255)
            a = np.clip((np.asarray(ti, np.float64) / 255 - ALPHA_CUT) / (1 - ALPHA_CUT), 0, 1)[..., None]
            ink = np.array((255, 255, 255) if bg[y, x].mean() < 128 else (15, 15, 25), np.float64)
            return ink * a + canvas * (1 - a), a[..., 0] > 0
    return canvas, text


def place_artifact(canvas: np.ndarray, occupied: np.ndarray, bg: np.ndarray, rng, kind: str, shape: str,
                   render, tries: int = 30) -> Artifact | None:
    """Draw one artifact where it overlaps nothing placed before; ``None`` after ``tries``.

    Each try draws a top-left corner from ``rng``, then ``render(local)`` (``local``: the
    mean colour of the plate's 40 px square there) gives the sprite's ``(colour, alpha)``.
    A sprite that runs off the frame or comes within 4 px of ``occupied`` is tried again;
    the one kept is composited into ``canvas`` and added to ``occupied`` (both in place).
    """
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
        full = _composite(canvas, colour, alpha, y0, x0)
        occupied |= full
        ys, xs = np.nonzero(full)
        return Artifact(kind, shape, full, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    return None


def _person_layer(shape, rng, data_dir: Path):
    """A person cut from a repository sample along its true mask (colour, alpha, mask)."""
    from PIL import Image as _I

    H, W = shape
    stem = ("rocket_landscape", "square_flat", "banner_gradient")[int(rng.integers(3))]
    img = np.asarray(_I.open(data_dir / f"{stem}.png").convert("RGB"))
    pm = np.asarray(_I.open(data_dir / "truth" / stem / "person_mask.png")) > 127
    tm = np.asarray(_I.open(data_dir / "truth" / stem / "text_mask.png")) > 127
    n, lab, stats, _ = cv2.connectedComponentsWithStats((pm & ~tm).view(np.uint8))
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h = stats[i, :4]
    m = lab[y:y + h, x:x + w] == i
    s = min(rng.uniform(0.55, 0.8) * H / h, 0.5 * W / w)
    nh, nw = max(2, round(h * s)), max(2, round(w * s))
    m = cv2.resize(m.astype(np.float32), (nw, nh), interpolation=cv2.INTER_LINEAR) > 0.5
    c = cv2.resize(img[y:y + h, x:x + w], (nw, nh), interpolation=cv2.INTER_AREA).astype(np.float64)
    x0 = int(rng.integers(0, W - nw + 1))
    layer = np.zeros((H, W, 3))
    mask = np.zeros((H, W), bool)
    layer[H - nh:, x0:x0 + nw] = c
    mask[H - nh:, x0:x0 + nw] = m
    return layer, mask


def make_creative(index: int, *, split: str = "tuned", size: tuple[int, int] | None = None,
                  artifacts: int | None = None, data_dir: Path | str | None = None,
                  plate_name: str | None = None) -> ArtifactCreative:
    """Build creative number ``index`` of a split (deterministic).

    Parameters
    ----------
    index : int
        Which creative; the background kind cycles photo / gradient / flat, a person is in
        every other creative (when ``data_dir`` holds the samples).
    split : {"tuned", "extra", "heldout"}
    size : (W, H), optional
        Default cycles through 640x480, 480x640 and 600x600.
    artifacts : int, optional
        How many artifacts (default 2-4 from the seed; 0 makes a creative without any).
    data_dir : path, optional
        The repository's ``data/`` (for people); default: beside this package, if there.
    plate_name : str, optional
        Use this plate (a scikit-image photo or ``pattern:KIND``) instead of the split's
        cycle of photo / gradient / flat.

    Returns
    -------
    ArtifactCreative
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    cfg = SPLITS[split]
    rng = np.random.default_rng(cfg["seed0"] + index)
    W, H = size or ((640, 480), (480, 640), (600, 600))[index % 3]
    bg_kind = ("photo", "gradient", "flat")[index % 3]
    if bg_kind != "photo" and (index // 3) % 2 == 1 and cfg.get("busy"):
        # every other gradient and flat slot: a busy textured plate (foliage, stones, noise)
        plate_name = plate_name or "pattern:" + cfg["busy"][(index // 6) % len(cfg["busy"])]
    if plate_name is not None:
        bg_kind = "pattern" if plate_name.startswith("pattern:") else "photo"
    if bg_kind in ("photo", "pattern"):
        photo = plate_name or cfg["photos"][(index // 3) % len(cfg["photos"])]
        # a pattern draws from its own stream: the artifacts stay those of the same index
        bg = plate(photo, (W, H), np.random.default_rng([cfg["seed0"], index, 17]))
        if photo.startswith("pattern:"):
            bg_kind = "pattern"
    elif bg_kind == "gradient":
        photo, bg = None, _gradient((W, H), rng)
    else:
        photo, bg = None, np.broadcast_to(np.array(_colour(rng), np.uint8), (H, W, 3)).copy()
    canvas = bg.astype(np.float64)
    person = np.zeros((H, W), bool)
    data_dir = Path(data_dir) if data_dir else Path(__file__).resolve().parents[2] / "data"
    if index % 2 == 1 and (data_dir / "truth").is_dir():
        layer, person = _person_layer((H, W), rng, data_dir)
        canvas = np.where(person[..., None], layer, canvas)
    occupied = person.copy()
    n_art = int(rng.integers(2, 5)) if artifacts is None else int(artifacts)
    kinds = ["badge", "button", "logo", "product"]
    arts = []
    for k in range(n_art):
        kind = kinds[int(rng.integers(4))] if k >= 2 else kinds[(index + k) % 3]
        shape = cfg[kind][int(rng.integers(len(cfg[kind])))]
        tilt = cfg.get("tilt", 0.0)  # the share of badges and buttons drawn tilted

        def render(local, kind=kind, shape=shape, tilt=tilt):  # in a colour that stands out there
            rot = float(rng.uniform(-25, 25)) if tilt and kind in ("badge", "button") and rng.uniform() < tilt else 0.0
            return _render(kind, shape, rng, avoid=local, rotate=rot)

        art = place_artifact(canvas, occupied, bg, rng, kind, shape, render)
        if art is not None:
            arts.append(art)
    # a headline outside the artifacts
    f = _font(FONTS[int(rng.integers(len(FONTS)))], int(rng.integers(24, 44)))
    words = HEADLINES[int(rng.integers(len(HEADLINES)))]
    canvas, text = place_headline(canvas, occupied, bg, rng, words, f)
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": bg_kind, "photo": photo, "size_wh": [W, H], "person": bool(person.any()),
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts]}
    return ArtifactCreative(f"{split}_{index:03d}", split, image, bg, arts, person, text, meta)


def make_set(split: str = "tuned", n: int = 24, **kw) -> list[ArtifactCreative]:
    """The first ``n`` creatives of a split (see :func:`make_creative`)."""
    return [make_creative(i, split=split, **kw) for i in range(n)]


def make_negative(index: int, *, split: str = "tuned", data_dir: Path | str | None = None) -> ArtifactCreative:
    """Creative number ``index`` without artifacts, on a patterned or textured plate.

    The plate cycles through :data:`NEGATIVE_PLATES` of the split (regular textures,
    repeated and concentric shapes, tiles, stripes, textured photos); a headline and, in
    every other one, a person, as in :func:`make_creative`. The objects source should find
    nothing here: every object pixel outside ``person | text`` is false.

    Raises
    ------
    ValueError
        For a split without negative plates.
    """
    if split not in NEGATIVE_PLATES:
        raise ValueError(f"split must be one of {sorted(NEGATIVE_PLATES)}, got {split!r}")
    plates = NEGATIVE_PLATES[split]
    s = make_creative(1000 + index, split=split, artifacts=0, data_dir=data_dir,
                      plate_name=plates[index % len(plates)])
    s.name = f"{split}_negative_{index:03d}"
    return s


def make_negatives(split: str = "tuned", n: int = 16, **kw) -> list[ArtifactCreative]:
    """The first ``n`` creatives of :func:`make_negative` for a split."""
    return [make_negative(i, split=split, **kw) for i in range(n)]
