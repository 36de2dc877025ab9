"""The FRESH split of the hard set: reserved for the final measurement, never tuned on.

``python scripts/samples_fresh.py --out out/fresh`` writes it in the ``data/`` layout
(``<stem>.png``, ``truth/<stem>/{background,person_mask,text_mask}.png``, ``meta.json``
with ``"split": "fresh"`` and ``"family"``), deterministic for given library versions,
not committed. ``--artifacts N`` also writes N artifact creatives
(:func:`fresh_artifacts`, with ``artifact_mask.png``) under ``out/fresh/artifacts``.

**Who looks at it**: only the scoreboard (``scripts/done_when.py``) and the lead. Tune on
``tune``, report ``heldout`` (``scripts/samples_hard.py``); this split is the third,
untouched one.

**Different by construction, not by seed only.** Every family of
``scripts/samples_hard.py`` (``person_*``, ``negative_*``, ``text_*``) has a fresh
counterpart here that shares the renderers (exact-alpha people, the text compositor)
but none of the material:

* fonts: URW base35 (Nimbus Sans, URW Gothic, C059, P052, URW Bookman; Debian
  ``fonts-urw-base35``) and Liberation (``fonts-liberation``) faces, Noto CJK *Regular*
  weights (tune/held-out use DejaVu, STIX, Computer Modern, Noto Bold); families that need
  a missing face are empty, like the CJK family without ``fonts-noto-cjk``;
* words: another list, mixed case as well as capitals; other CJK phrases (simplified and
  traditional), other fine print;
* photos: scikit-image's motorcycle (right view; people and negatives only) and
  microaneurysms pictures, matplotlib's terrain reliefs (sample data) and a generated marble, and a
  generated fur-textured horse (tune/held-out use rocket, coffee, chelsea,
  gravel, grass, ihc, hubble, clock);
* sizes: 1200x628, 1080x1350, 960x540, 1080x1080, 750x1000 (none of the other pools);
* layouts: people graded (warm, cool, black and white), cut by the frame's side or set in
  a round or rounded "avatar" frame, objects at torso height; watermarks at other angles
  and densities, diagonal stripes, text bent downwards, rotated labels, 7-11 px fine
  print on dark panels; artifacts with other shapes (octagon, ticket and tilted-square
  badges; underlined text links and square buttons; stacked and bar-mark logos; tubes and jars).

``FRESH_FAMILIES`` maps each family name to ``fn() -> list[result]`` (results as in
``samples_hard``: ``creative``, ``background``, ``person``, ``text``, ``meta``).
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
import make_samples as ms  # noqa: E402
import samples_hard as sh  # noqa: E402

SPLIT = "fresh"
FRESH_SEED = 77031  # independent of samples_hard.HARD_SEED and the artifact seeds
ROOT = Path(__file__).resolve().parents[1]

URW = Path("/usr/share/fonts/opentype/urw-base35")
LIB = Path("/usr/share/fonts/truetype/liberation")
FONTS = [str(URW / "NimbusSans-Bold.otf"), str(URW / "URWGothic-Demi.otf"), str(LIB / "LiberationSerif-Bold.ttf"),
         str(URW / "NimbusSansNarrow-Bold.otf"), str(URW / "C059-Bold.otf"), str(URW / "P052-Bold.otf"),
         str(URW / "URWBookman-Demi.otf"), str(LIB / "LiberationSans-Bold.ttf")]
FINE_FONTS = [str(LIB / "LiberationSansNarrow-Regular.ttf"), str(URW / "NimbusSans-Regular.otf")]
CJK = {"sc": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
       "tc": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 3)}
WORDS = ["AUTUMN", "Bundle", "CYBER", "Monday", "VOUCHER", "40%", "UPGRADE", "Members", "LAUNCH", "EXTRA",
         "Savings", "TRENDING", "Deluxe", "RETRO", "Grab", "YOURS", "BESTSELLER", "Kids", "HOME", "Style",
         "2x1", "Festival", "TICKETS", "Outlet"]
CJK_WORDS = {"sc": ["双十一狂欢", "限量抢购", "会员专享", "新春特卖", "第二件半价"],
             "tc": ["週年慶典", "獨家優惠", "熱門推薦", "滿額贈禮"]}
FINE = ["Valid in selected stores only until stocks are exhausted",
        "Delivery times vary by region and carrier conditions",
        "Cashback credited within 30 days of the purchase date",
        "Photos are indicative and do not form part of the offer"]
# retina, moon, coins and cell were fresh plates until session 4, when the artifact generator's
# tune/held-out splits took them: they were replaced by terrain reliefs from matplotlib's sample
# data and a generated marble, which no other split uses (tests/test_samples_fresh.py checks)
PHOTOS = ["motorcycle_right", "relief_topo", "relief_fault", "marble", "microaneurysms"]  # people plates
# text and artifact plates: no photo with its own unlabelled lettering (the motorcycle)
TEXT_PHOTOS = ["relief_topo", "relief_fault", "marble", "microaneurysms", "horse"]
ART_PHOTOS = ["relief_topo", "relief_fault", "marble", "microaneurysms", "horse"]
SIZES = [(1200, 628), (1080, 1350), (960, 540), (1080, 1080), (750, 1000)]
NEON = [(57, 255, 20), (255, 20, 147), (0, 255, 255), (255, 95, 31), (180, 0, 255), (255, 230, 0)]
PASTEL = [(255, 179, 186), (255, 223, 186), (186, 255, 201), (186, 225, 255), (221, 160, 221), (240, 230, 140)]
SKIN2 = [(232, 190, 172), (205, 150, 125), (170, 110, 80), (255, 205, 178), (125, 80, 60), (218, 165, 140)]

sh.SOURCES.update({
    "urw_liberation": {"what": "URW base35 (fonts-urw-base35) and Liberation (fonts-liberation) faces",
                       "origin": "https://github.com/ArtifexSoftware/urw-base35-fonts, "
                                 "https://github.com/liberationfonts/liberation-fonts",
                       "licence": "AGPL-3.0 with font exception (URW); SIL OFL 1.1 (Liberation)"},
    "motorcycle_left": {"what": "Motorcycle stereo pair, left (scikit-image)", "origin": "Middlebury stereo",
                        "licence": "scikit-image docs: free to use"},
    "motorcycle_right": {"what": "Motorcycle stereo pair, right (scikit-image)", "origin": "Middlebury stereo",
                         "licence": "scikit-image docs: free to use"},
    "relief_topo": {"what": "Shaded relief of a topography/bathymetry grid (matplotlib sample data "
                                "topobathy.npz), terrain colours", "origin": "matplotlib (NOAA ETOPO1)",
                    "licence": "public domain (NOAA); matplotlib licence for the bundle"},
    "relief_fault": {"what": "Shaded relief of the Jacksboro fault DEM (matplotlib sample data "
                                 "jacksboro_fault_dem.npz), earth colours", "origin": "matplotlib (USGS)",
                     "licence": "public domain (USGS); matplotlib licence for the bundle"},
    "marble": {"what": "Generated veined stone (fractal noise), tinted", "origin": "scripts/samples_fresh.py",
               "licence": "generated"},
    "microaneurysms": {"what": "Retinal microaneurysms (scikit-image), tinted", "origin": "scikit-image",
                       "licence": "CC0 1.0"},
    "horse": {"what": "Horse silhouette (scikit-image horse.png) filled with a generated fur texture",
              "origin": "scikit-image", "licence": "public domain (scikit-image docs)"},
})

FRESH_FAMILIES: dict[str, Callable[[], list]] = {}


def fresh_family(name: str):
    """Register ``fn() -> list[result]`` under ``name`` (prefix person_, negative_ or text_)."""
    return sh.register_in(FRESH_FAMILIES, name)


def rng_for(name: str) -> np.random.Generator:
    """The random generator of one fresh family (independent of the others)."""
    key = sum(ord(c) * (i + 1) for i, c in enumerate(name))
    return np.random.default_rng([FRESH_SEED, key, 3])


def have_fonts() -> bool:
    """True when the URW base35 and Liberation faces are installed (text families need them)."""
    return all(Path(f).is_file() for f in FONTS + FINE_FONTS)


def have_cjk() -> bool:
    return all(Path(f).is_file() for f, _ in CJK.values())


def photo_rgb(name: str, rng=None) -> np.ndarray:
    """(H, W, 3) uint8 of a fresh source; grey pictures are tinted with a colour from ``rng``."""
    import skimage.data as D

    folder = Path(D.__file__).parent  # the bundled files: no download
    if name == "horse":
        return _fur_horse(rng or np.random.default_rng(0))
    if name.startswith("relief_") or name == "marble":
        return _matplotlib_plate(name, rng or np.random.default_rng(0))
    path = next(folder.glob(f"{name}.*"))
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    img = np.ascontiguousarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    grey = np.ptp(img.astype(np.int16), axis=-1).max() < 8
    if grey or name == "microaneurysms":
        rng = rng or np.random.default_rng(0)
        c = np.asarray((NEON + PASTEL + SKIN2)[int(rng.integers(18))], np.float64)
        img = sh.tint(img, c * 0.25, c)
    return img


def _matplotlib_plate(name: str, rng) -> np.ndarray:
    """(H, W, 3) uint8 from matplotlib's bundled sample data (no download).

    ``relief_topo`` / ``relief_fault``: a hill-shaded elevation grid in terrain / earth colours,
    upsampled to about 1 MP (a map-like photo texture); ``marble``: generated veined stone.
    """
    import matplotlib.cbook as cbook
    from matplotlib import colormaps
    from matplotlib.colors import LightSource

    if name == "marble":  # veined stone: a sine of x warped by fractal noise
        H, W = 768, 1024
        turb = np.zeros((H, W), np.float32)
        for octave in range(5):
            s = 2 ** octave
            n = rng.normal(0, 1, (H // (64 // s) + 2, W // (64 // s) + 2)).astype(np.float32)
            turb += cv2.resize(n, (W, H), interpolation=cv2.INTER_CUBIC) / s
        xx = np.arange(W, dtype=np.float32)[None, :] / W
        v = 0.5 + 0.5 * np.sin(2 * np.pi * (3 * xx + 0.35 * turb))
        c = np.asarray((NEON + PASTEL + SKIN2)[int(rng.integers(18))], np.float64)
        return sh.tint((v ** 0.5 * 255).astype(np.uint8), c * 0.3, np.minimum(255, c * 1.1 + 30))
    data = np.load(cbook.get_sample_data("topobathy.npz" if name == "relief_topo" else "jacksboro_fault_dem.npz",
                                         asfileobj=False))
    z = np.asarray(data["topo" if name == "relief_topo" else "elevation"], np.float64)
    scale = 1024 / max(z.shape)
    z = cv2.resize(z, (round(z.shape[1] * scale), round(z.shape[0] * scale)), interpolation=cv2.INTER_CUBIC)
    cmap = colormaps["terrain" if name == "relief_topo" else "gist_earth"]
    ls = LightSource(azdeg=float(rng.uniform(0, 360)), altdeg=float(rng.uniform(30, 60)))
    rgb = ls.shade(z, cmap=cmap, blend_mode="soft", vert_exag=float(rng.uniform(0.05, 0.2)))
    return np.clip(np.round(rgb[..., :3] * 255), 0, 255).astype(np.uint8)


def _fur_horse(rng) -> np.ndarray:
    """A horse silhouette filled with a brown fur texture over a sky gradient (no person)."""
    import skimage.data as D

    sil = ~np.asarray(D.horse(), bool)  # the bundled horse.png: True = horse
    H, W = sil.shape
    noise = rng.normal(0, 1, (H, W)).astype(np.float32)
    fur = cv2.GaussianBlur(noise, (0, 0), 1.2) + 0.6 * cv2.GaussianBlur(noise, (0, 0), 4)
    k = np.zeros((9, 9), np.float32)
    k[4, :] = 1 / 9  # strands along x
    fur = cv2.filter2D(fur, -1, cv2.warpAffine(k, cv2.getRotationMatrix2D((4, 4), float(rng.uniform(20, 70)), 1),
                                                  (9, 9)))
    fur = (fur - fur.min()) / max(1e-6, np.ptp(fur))
    base = np.asarray([(120, 72, 40), (90, 60, 45), (160, 110, 70)][int(rng.integers(3))], np.float64)
    coat = base * (0.6 + 0.7 * fur[..., None])
    sky = sh.gradient((W, H), (140, 190, 235), (230, 240, 250), angle=1.5707, noise=0.5)
    a = cv2.GaussianBlur(sil.astype(np.float32), (0, 0), 0.8)[..., None]
    return np.clip(np.round(coat * a + sky * (1 - a)), 0, 255).astype(np.uint8)


def _plate(rng, size, photos=PHOTOS) -> tuple[np.ndarray, str]:
    k = int(rng.integers(4))
    if k == 0:
        c0, c1 = (PASTEL + NEON)[int(rng.integers(12))], (PASTEL + SKIN2)[int(rng.integers(12))]
        return sh.gradient(size, c0, c1, angle=float(rng.uniform(0, np.pi)), seed=int(rng.integers(1 << 30))), \
            "generated"
    if k == 1:  # a radial spotlight plate
        W, H = size
        yy, xx = np.mgrid[0:H, 0:W]
        r = np.hypot(xx - W * rng.uniform(0.3, 0.7), yy - H * rng.uniform(0.2, 0.6)) / max(W, H)
        c0 = np.asarray(NEON[int(rng.integers(6))], np.float64)
        img = c0 * np.clip(1.1 - r, 0.25, 1)[..., None]
        return np.clip(np.round(img), 0, 255).astype(np.uint8), "generated"
    name = photos[int(rng.integers(len(photos)))]
    return sh.cover(photo_rgb(name, rng), size, zoom=float(rng.uniform(1.0, 1.5)),
                    centre=tuple(rng.uniform(0, 1, 2))), name


# ---------------------------------------------------------------------------------------
# People: other grades, frames, crops and plates
# ---------------------------------------------------------------------------------------
def _grade(layer: np.ndarray, kind: str) -> np.ndarray:
    if kind == "bw":
        g = layer @ np.array([0.299, 0.587, 0.114])
        return np.repeat(g[..., None], 3, -1)
    if kind == "warm":
        return np.clip(layer * np.array([1.12, 1.0, 0.82]) + np.array([10, 4, 0]), 0, 255)
    if kind == "cool":
        return np.clip(layer * np.array([0.85, 0.98, 1.15]), 0, 255)
    return layer


def compose_people_fresh(bg, placements, *, stem, fam, background, grade="none", clip=None, notes="") -> dict:
    """Composite graded people (optionally clipped by a frame mask) with exact truth."""
    H, W = bg.shape[:2]
    canvas = bg.astype(np.float64)
    person = np.zeros((H, W), bool)
    people = []
    for pl in placements:
        layer, a, meta = ms.place_person((H, W), pl)
        if clip is not None:
            a = a * clip
        layer = _grade(layer, grade)
        canvas = layer * a[..., None] + canvas * (1 - a[..., None])
        person |= a > 0.5
        people.append(meta)
    r = sh.compose_people(bg, [], stem=stem, split=SPLIT, fam=fam, background=background, notes=notes)
    r["creative"] = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    r["person"] = person
    m = r["meta"]
    m.update(people=people, grade=grade, framed=clip is not None, seed=FRESH_SEED,
             generator="scripts/samples_fresh.py")
    m["fraction"]["person"] = round(float(person.mean()), 4)
    m["licences"].update({p.cutout: sh.SOURCES[p.cutout] for p in placements})
    m["ground_truth"]["person_mask"] = "composited person alpha (times the frame mask) > 0.5"
    return r


def _person(rng, H, W, frac, xf, bottom=None) -> ms.Placement:
    name = ["astronaut", "grace_hopper"][int(rng.integers(2))]
    _, soft = ms.cutout(name)
    scale = frac * H / soft.shape[0]
    return ms.Placement(name, scale=float(scale), x=int(round(xf * W - soft.shape[1] * scale / 2)),
                        bottom=int(H if bottom is None else bottom), mirror=bool(rng.integers(2)))


@fresh_family("person_scales")
def person_scales() -> list:
    """One graded person per creative, some cut by the frame's side, 0.35-1.3 image heights."""
    rng = rng_for("person_scales")
    out = []
    for i, (f, xf) in enumerate([(0.35, 0.8), (0.6, 0.05), (0.9, 0.5), (1.3, 0.35), (0.5, 0.95)]):
        size = SIZES[i % len(SIZES)]
        bg, src = _plate(rng, size)
        pl = _person(rng, size[1], size[0], f, xf)
        out.append(compose_people_fresh(bg, [pl], stem=f"fresh_person_scale_{i}", fam="person_scales",
                                        background=src, grade=["warm", "bw", "cool", "none", "warm"][i],
                                        notes=f"person height {f} x image height, centre at x={xf} W"))
    return out


@fresh_family("person_framed")
def person_framed() -> list:
    """A person inside a round or rounded-square 'avatar' frame, not touching the bottom."""
    rng = rng_for("person_framed")
    out = []
    for i in range(3):
        W, H = SIZES[(i + 2) % len(SIZES)]
        bg, src = _plate(rng, (W, H))
        r = int(min(W, H) * rng.uniform(0.28, 0.4))
        cx, cy = int(W * rng.uniform(0.3, 0.7)), int(H * rng.uniform(0.35, 0.6))
        clip = np.zeros((H, W), np.uint8)
        if i % 2 == 0:
            cv2.circle(clip, (cx, cy), r, 1, -1)
        else:
            cv2.rectangle(clip, (cx - r, cy - r), (cx + r, cy + r), 1, -1)
        pl = _person(rng, H, W, 2.2 * r / H, cx / W, bottom=cy + r + int(0.3 * r))
        out.append(compose_people_fresh(bg, [pl], stem=f"fresh_person_framed_{i}", fam="person_framed",
                                        background=src, grade=["none", "cool", "bw"][i], clip=clip.astype(np.float64),
                                        notes="person in a round / square frame"))
    return out


@fresh_family("person_groups")
def person_groups() -> list:
    """Two to five people in two rows (back row smaller and higher), graded alike."""
    rng = rng_for("person_groups")
    out = []
    for i, n in enumerate([2, 4, 5]):
        W, H = SIZES[(i + 1) % len(SIZES)]
        bg, src = _plate(rng, (W, H))
        back = [_person(rng, H, W, float(rng.uniform(0.3, 0.45)), float(x), bottom=int(H * 0.8))
                for x in np.linspace(0.2, 0.8, n // 2 + 1)[: n // 2]] if n > 2 else []
        front = [_person(rng, H, W, float(rng.uniform(0.5, 0.7)), float(x))
                 for x in np.linspace(0.15, 0.85, n - len(back)) + rng.uniform(-0.04, 0.04, n - len(back))]
        out.append(compose_people_fresh(bg, back + front, stem=f"fresh_person_group_{i}", fam="person_groups",
                                        background=src, grade=["warm", "none", "cool"][i], notes=f"{n} people, two rows"))
    return out


@fresh_family("person_coloured_objects")
def person_coloured_objects() -> list:
    """A person with neon, pastel or skin-toned 'products' at torso height, touching the body."""
    rng = rng_for("person_coloured_objects")
    out = []
    for i in range(3):
        W, H = SIZES[(i + 3) % len(SIZES)]
        c0 = rng.integers(20, 120, 3)
        bg = sh.gradient((W, H), c0, c0 + 60, angle=float(rng.uniform(0, np.pi)), seed=i + 50)
        f, xf = float(rng.uniform(0.6, 0.95)), float(rng.uniform(0.35, 0.65))
        pl = _person(rng, H, W, f, xf)
        _, soft = ms.cutout(pl.cutout)
        pw = soft.shape[1] * pl.scale
        pool = [NEON, PASTEL, SKIN2][i]
        for j in range(2):
            side = -1 if j == 0 else 1
            ow, oh = float(rng.uniform(0.1, 0.22)) * W, float(rng.uniform(0.15, 0.3)) * H
            cx = xf * W + side * (pw * 0.3 + ow * 0.35)
            cy = H * float(rng.uniform(0.45, 0.7))
            bg = sh.shaded_shape(bg, ["box", "ellipse"][j], (cx - ow / 2, cy - oh / 2, cx + ow / 2, cy + oh / 2),
                                 pool[int(rng.integers(len(pool)))], seed=j)
        out.append(compose_people_fresh(bg, [pl], stem=f"fresh_person_objects_{i}", fam="person_coloured_objects",
                                        background="generated", grade="none",
                                        notes="neon / pastel / skin-toned shapes at torso height"))
    return out


# ---------------------------------------------------------------------------------------
# Negatives: no person anywhere
# ---------------------------------------------------------------------------------------
def _neg(img, *, stem, fam, background, notes) -> dict:
    r = sh.compose_people(img, [], stem=stem, split=SPLIT, fam=fam, background=background, notes=notes)
    r["meta"].update(seed=FRESH_SEED, generator="scripts/samples_fresh.py")
    return r


@fresh_family("negative_animal")
def negative_animal() -> list:
    """A fur-textured horse filling the frame at several zooms and crops."""
    rng = rng_for("negative_animal")
    out = []
    for i, z in enumerate([1.0, 1.5, 2.2]):
        img = photo_rgb("horse", rng)
        out.append(_neg(sh.cover(img, SIZES[i], zoom=z, centre=tuple(rng.uniform(0.2, 0.8, 2))),
                        stem=f"fresh_negative_animal_{i}", fam="negative_animal", background="horse",
                        notes=f"fur horse, zoom {z}"))
    return out


@fresh_family("negative_products")
def negative_products() -> list:
    """Motorcycle and marble close-ups; cans and jars in neon and skin colours."""
    rng = rng_for("negative_products")
    out = []
    for i, name in enumerate(["motorcycle_right", "marble"]):
        out.append(_neg(sh.cover(photo_rgb(name, rng), SIZES[i + 2], zoom=float(rng.uniform(1.2, 2.0)),
                                 centre=tuple(rng.uniform(0, 1, 2))),
                        stem=f"fresh_negative_product_{i}", fam="negative_products", background=name,
                        notes=f"{name} close-up"))
    W, H = SIZES[4]
    bg = sh.gradient((W, H), (245, 245, 240), (200, 205, 215), angle=0.3, seed=5)
    for j in range(3):
        cx = W * (0.22 + 0.28 * j)
        ow, oh = W * 0.2, H * float(rng.uniform(0.3, 0.55))
        bg = sh.shaded_shape(bg, "box", (cx - ow / 2, H * 0.9 - oh, cx + ow / 2, H * 0.9), (NEON + SKIN2)[3 * j + 1])
        bg = sh.shaded_shape(bg, "ellipse", (cx - ow / 2, H * 0.9 - oh - ow * 0.15, cx + ow / 2, H * 0.9 - oh + ow * 0.15),
                             (NEON + SKIN2)[3 * j + 1])
    out.append(_neg(bg, stem="fresh_negative_product_2", fam="negative_products", background="generated",
                    notes="cans in neon and skin colours"))
    return out


@fresh_family("negative_surfaces")
def negative_surfaces() -> list:
    """The microaneurysms retina photo tinted orange (round), a skin-tinted terrain relief, and skin
    gradients with elongated soft forms."""
    rng = rng_for("negative_surfaces")
    retina = sh.tint(photo_rgb("microaneurysms"), np.array((90, 30, 10)), (255, 150, 80))
    out = [_neg(sh.cover(retina, SIZES[3], zoom=1.1), stem="fresh_negative_surface_0",
                fam="negative_surfaces", background="microaneurysms", notes="retina photo tinted orange (skin-like)")]
    relief = sh.tint(photo_rgb("relief_fault", rng), np.array(SKIN2[4]), SKIN2[3])
    out.append(_neg(sh.cover(relief, SIZES[0], zoom=1.3), stem="fresh_negative_surface_1", fam="negative_surfaces",
                    background="relief_fault", notes="terrain relief tinted skin"))
    W, H = SIZES[1]
    img = sh.gradient((W, H), SKIN2[0], SKIN2[2], angle=2.0, noise=1.5, seed=3).astype(np.float64)
    for _ in range(4):  # elongated limb-like soft shapes
        m = np.zeros((H, W), np.float32)
        cv2.ellipse(m, (int(rng.uniform(0, W)), int(rng.uniform(0, H))),
                    (int(rng.uniform(0.25, 0.5) * W), int(rng.uniform(0.03, 0.08) * H)), float(rng.uniform(0, 180)),
                    0, 360, 1.0, -1)
        m = cv2.GaussianBlur(m, (0, 0), float(rng.uniform(6, 25)))
        img = np.asarray(SKIN2[int(rng.integers(6))], np.float64) * m[..., None] + img * (1 - m[..., None])
    out.append(_neg(np.clip(np.round(img), 0, 255).astype(np.uint8), stem="fresh_negative_surface_2",
                    fam="negative_surfaces", background="generated", notes="skin gradient, limb-like soft shapes"))
    return out


@fresh_family("negative_patterns")
def negative_patterns() -> list:
    """Moiré gratings, herringbone, a spiral and generated marble.

    Until session 4 these were polka dots, plaid, concentric rings and cells; the artifact
    generator's tune/held-out plates took those patterns (and the cell picture), so the
    fresh split moved to patterns no other split draws.
    """
    rng = rng_for("negative_patterns")
    out = []
    for i, kind in enumerate(["moire", "herringbone", "spiral", "marble"]):
        W, H = SIZES[i % len(SIZES)]
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
        c0, c1 = (np.asarray(c, np.float64) for c in (NEON[i], PASTEL[(i + 2) % 6]))
        src = "generated"
        if kind == "moire":
            a, b = rng.uniform(0, np.pi, 2)
            p, q = rng.uniform(6, 14, 2)
            t = 0.5 + 0.25 * (np.sin((xx * np.cos(a) + yy * np.sin(a)) / p) + np.sin((xx * np.cos(b) + yy * np.sin(b)) / q))
        elif kind == "herringbone":
            p = float(rng.integers(40, 80))
            t = (np.sin((xx + np.abs((yy % p) - p / 2)) / (p / 8)) > 0).astype(np.float64)
        elif kind == "spiral":
            r, th = np.hypot(xx - W / 2, yy - H / 2), np.arctan2(yy - H / 2, xx - W / 2)
            t = (np.sin(r / float(rng.uniform(5, 12)) + 3 * th) > 0).astype(np.float64)
        else:
            img = sh.cover(photo_rgb("marble", rng), (W, H), zoom=1.2).astype(np.float64)
            src = "marble"
        if kind != "marble":
            img = c0 + (c1 - c0) * t[..., None]
        out.append(_neg(np.clip(np.round(img), 0, 255).astype(np.uint8), stem=f"fresh_negative_pattern_{i}",
                        fam="negative_patterns", background=src, notes=f"pattern: {kind}"))
    return out


# ---------------------------------------------------------------------------------------
# Text: other faces, words, photos and layouts (the issue 8 item 3 classes)
# ---------------------------------------------------------------------------------------
def _text(bg, ws, *, stem, fam, background, notes) -> dict:
    r = sh.compose_text(bg, ws, stem=stem, split=SPLIT, fam=fam, background=background, notes=notes)
    m = r["meta"]
    m.update(seed=FRESH_SEED, generator="scripts/samples_fresh.py")
    m["licences"]["urw_liberation"] = sh.SOURCES["urw_liberation"]
    return r


def _pick(rng, pool, n=1):
    return [pool[i] for i in rng.choice(len(pool), n, replace=n > len(pool))]


def _photo(rng, size, zoom=(1.0, 1.5)):
    name = _pick(rng, TEXT_PHOTOS)[0]
    return sh.cover(photo_rgb(name, rng), size, zoom=float(rng.uniform(*zoom)), centre=tuple(rng.uniform(0, 1, 2))), name


def _text_family(fn):
    """Text families are empty without the URW / Liberation faces (like CJK without Noto)."""
    def wrapper():
        return fn() if have_fonts() else []
    wrapper.__doc__, wrapper.__name__ = fn.__doc__, fn.__name__
    return wrapper


@fresh_family("text_faint_headline")
@_text_family
def text_faint_headline() -> list:
    """Coloured semi-transparent and low-contrast headlines on busy photos."""
    rng = rng_for("text_faint_headline")
    out = []
    for i in range(3):
        W, H = SIZES[i + 1]
        bg, name = _photo(rng, (W, H))
        fsz = int(rng.integers(80, 130))
        text = " ".join(_pick(rng, WORDS, int(rng.integers(1, 3))))
        font = _pick(rng, FONTS)[0]
        x, y = float(rng.uniform(0.05, 0.15) * W), float(rng.uniform(0.15, 0.45) * H)
        if i % 2 == 0:
            ws = sh.line_words(text, font, fsz, (x, y), fill=_pick(rng, NEON + PASTEL)[0],
                               opacity=float(rng.uniform(0.35, 0.5)), role="headline")
        else:
            m = sh._mean_rgb(bg, x, y, x + sh.line_width(text, font, fsz), y + fsz)
            ws = sh.line_words(text, font, fsz, (x, y), fill=sh._contrast_colour(m, float(rng.uniform(40, 65))),
                               role="headline")
        ws += sh.line_words(" ".join(_pick(rng, WORDS, 2)), _pick(rng, FONTS)[0], int(rng.integers(30, 44)),
                            (x, y + 1.6 * fsz), fill=(20, 20, 20), outline=(2, (255, 255, 255)), role="subhead")
        out.append(_text(bg, ws, stem=f"fresh_text_faint_headline_{i}", fam="text_faint_headline", background=name,
                         notes="coloured semi-transparent" if i % 2 == 0 else "low-contrast"))
    return out


@fresh_family("text_watermark")
@_text_family
def text_watermark() -> list:
    """Watermarks tiled over the whole image at other angles and densities (one dense, one sparse)."""
    rng = rng_for("text_watermark")
    out = []
    for i, (ang, op, fsz) in enumerate([(float(rng.uniform(45, 60)), 0.45, 28), (float(rng.uniform(-15, -8)), 0.55, 52)]):
        W, H = SIZES[i * 2]
        bg, name = _photo(rng, (W, H))
        mark = " ".join(_pick(rng, WORDS, 1 + i))
        font = _pick(rng, FONTS)[0]
        col = (255, 255, 255) if i == 0 else (40, 40, 120)
        lw = sh.line_width(mark, font, fsz)
        ws = []
        # a grid in the mark's own frame: lines of words along the angle, a gap between words
        a = np.radians(ang)
        d, nrm = np.array([np.cos(a), -np.sin(a)]), np.array([np.sin(a), np.cos(a)])
        step_u, step_v = lw * (1.35 if i == 0 else 1.6), fsz * (2.6 if i == 0 else 3.6)
        span = int(np.hypot(W, H) / min(step_u, step_v)) + 2
        for v in range(-span, span + 1):
            for u in range(-span, span + 1):
                x, y = np.array([W / 2, H / 2]) + (u + 0.5 * (v % 2)) * step_u * d + v * step_v * nrm
                if -lw <= x <= W + lw and -lw <= y <= H + lw:
                    ws += sh.line_words(mark, font, fsz, (float(x), float(y)), fill=col, opacity=op, angle=ang,
                                        role="watermark")
        out.append(_text(bg, ws, stem=f"fresh_text_watermark_{i}", fam="text_watermark", background=name,
                         notes=f"'{mark}' tiled at {ang:.0f} deg, opacity {op}"))
    return out


@fresh_family("text_stripes")
@_text_family
def text_stripes() -> list:
    """Coloured text on diagonal and horizontal colour bands (neon on pastel, pastel on dark)."""
    rng = rng_for("text_stripes")
    out = []
    for i in range(2):
        W, H = SIZES[i + 3]
        bg = sh.gradient((W, H), *rng.integers(60, 200, (2, 3)), angle=float(rng.uniform(0, np.pi)), seed=i + 9)
        ws = []
        for k in range(2):
            band, ink = (PASTEL[(2 * k + i) % 6], NEON[(k + 3 * i) % 6]) if k == 0 else ((30, 30, 60), PASTEL[i])
            h = int(rng.integers(70, 100))
            y0 = int((0.2 + 0.4 * k) * H)
            ang = 0.0 if i == 0 else 8.0
            stripe = np.zeros((H, W), np.uint8)
            pts = cv2.boxPoints(((W / 2, y0 + h / 2), (W * 1.6, h), -ang)).astype(np.int32)
            cv2.fillPoly(stripe, [pts], 1)
            bg[stripe.astype(bool)] = band
            text = " ".join(_pick(rng, WORDS, 2))
            fsz = int(h * 0.62)
            x = float(rng.uniform(0.05, 0.2) * W)
            # the line starts on the band's centre line and turns with it about its start
            yc = y0 + h / 2 + (W / 2 - x) * np.tan(np.radians(ang))
            ws += sh.line_words(text, _pick(rng, FONTS)[0], fsz, (x, yc - h * 0.36), fill=ink, role="stripe",
                                angle=ang)
        out.append(_text(bg, ws, stem=f"fresh_text_stripes_{i}", fam="text_stripes", background="generated",
                         notes="text on horizontal / tilted colour bands"))
    return out


@fresh_family("text_styled")
@_text_family
def text_styled() -> list:
    """Extruded (stacked shadows), double-outlined, dark-bevelled and gradient-outlined words."""
    rng = rng_for("text_styled")
    out = []
    for i in range(2):
        W, H = SIZES[(i + 1) % len(SIZES)]
        bg, name = _photo(rng, (W, H)) if i == 0 else (sh.gradient((W, H), PASTEL[1], NEON[4], angle=0.7), "generated")
        ws = []
        for k in range(4):
            text = " ".join(_pick(rng, WORDS, 2))
            fsz = int(rng.integers(50, 85))
            font = _pick(rng, FONTS)[0]
            xy = (float(rng.uniform(0.04, 0.25) * W), (0.05 + 0.23 * k) * H)
            if k == 0:  # extruded: a hard offset shadow under a flat fill
                ws += sh.line_words(text, font, fsz, xy, fill=(255, 210, 0), shadow=(6, 6, 0.6, 1.0, (150, 30, 0)),
                                    role="styled")
            elif k == 1:
                ws += sh.line_words(text, font, fsz, xy, fill=(20, 20, 20), outline=(6, (255, 255, 255)), role="styled")
            elif k == 2:
                ws += sh.line_words(text, font, fsz, xy, fill=(70, 40, 120), bevel=1.0, role="styled")
            else:
                ws += sh.line_words(text, font, fsz, xy, fill=((0, 200, 255), (255, 0, 120)),
                                    shadow=(0, 0, 4.0, 0.9, (0, 0, 0)), role="styled")
        out.append(_text(bg, ws, stem=f"fresh_text_styled_{i}", fam="text_styled", background=name,
                         notes="extruded, double outline, dark bevel, gradient with glow"))
    return out


@fresh_family("text_cjk_vertical")
@_text_family
def text_cjk_vertical() -> list:
    """Vertical and horizontal Chinese in Noto Sans/Serif CJK Regular (simplified and traditional)."""
    if not have_cjk():
        return []
    rng = rng_for("text_cjk_vertical")
    out = []
    for i, script in enumerate(["sc", "tc"]):
        W, H = SIZES[1 + 2 * i]
        font, idx = CJK[script]
        bg, name = _photo(rng, (W, H)) if i == 0 else (sh.gradient((W, H), PASTEL[3], PASTEL[0], angle=1.0), "generated")
        ws = []
        for k in range(2):
            fsz = int(rng.integers(40, 66))
            ws.append(sh.Word(_pick(rng, CJK_WORDS[script])[0], font, fsz, (W * (0.72 + 0.12 * k), H * 0.08),
                              fill=(255, 255, 255) if i == 0 else (140, 0, 30), vertical=True, index=idx,
                              role="vertical", shadow=(2, 2, 1.5, 0.8, (0, 0, 0)) if i == 0 else None))
        ws += sh.line_words(" ".join(_pick(rng, CJK_WORDS[script], 2)), font, int(rng.integers(36, 56)), (W * 0.06, H * 0.8),
                            fill=(250, 230, 0), index=idx, outline=(2, (90, 0, 0)), role="horizontal", gap=0.6)
        out.append(_text(bg, ws, stem=f"fresh_text_cjk_vertical_{i}", fam="text_cjk_vertical", background=name,
                         notes=f"vertical + horizontal CJK ({script})"))
    return out


@fresh_family("text_curved")
@_text_family
def text_curved() -> list:
    """Words bent along tight and wide arcs in other faces, filled or outlined."""
    rng = rng_for("text_curved")
    out = []
    for i in range(2):
        W, H = SIZES[(i + 2) % len(SIZES)]
        bg, name = _photo(rng, (W, H)) if i == 1 else (sh.gradient((W, H), NEON[2], PASTEL[4], angle=0.2), "generated")
        ws = []
        for k in range(2):
            fsz = int(rng.integers(45, 75))
            ws.append(sh.Word(_pick(rng, WORDS)[0], _pick(rng, FONTS)[0], fsz, (W * (0.08 + 0.45 * k), H * (0.3 + 0.3 * k)),
                              fill=(40, 0, 90) if k else (255, 255, 255), outline=None if k else (3, (0, 90, 160)),
                              arc=float(rng.uniform(1.2, 4.5) * fsz * 2), role="curved"))
        out.append(_text(bg, ws, stem=f"fresh_text_curved_{i}", fam="text_curved", background=name, notes="arc text"))
    return out


@fresh_family("text_fine_print")
@_text_family
def text_fine_print() -> list:
    """Fine print in 7-11 px narrow faces, light on a dark panel or dark on the photo."""
    rng = rng_for("text_fine_print")
    out = []
    for i in range(2):
        W, H = SIZES[(i + 3) % len(SIZES)]
        bg, name = _photo(rng, (W, H))
        y0 = int(H * 0.78)
        if i == 0:
            bg[y0:] = (np.asarray(bg[y0:], np.float64) * 0.15 + 0.85 * 25).astype(np.uint8)  # dark panel
        ws = sh.line_words(" ".join(_pick(rng, WORDS, 2)), FONTS[i], 70, (W * 0.08, H * 0.15), fill=(255, 255, 255),
                           shadow=(3, 3, 2.0, 0.8, (0, 0, 0)), role="headline")
        for k, fsz in enumerate([7, 9, 11]):
            ws += sh.line_words(FINE[(k + i) % len(FINE)], FINE_FONTS[i], fsz, (W * 0.04, y0 + 10 + k * (fsz + 9)),
                                fill=(225, 225, 225) if i == 0 else (250, 250, 250), role="fine")
        out.append(_text(bg, ws, stem=f"fresh_text_fine_print_{i}", fam="text_fine_print", background=name,
                         notes="fine print 7-11 px narrow faces"))
    return out


@fresh_family("text_on_product")
@_text_family
def text_on_product() -> list:
    """Rotated labels on cans and boxes, a round price sticker."""
    rng = rng_for("text_on_product")
    out = []
    for i in range(2):
        W, H = SIZES[(i + 4) % len(SIZES)]
        bg, name = _photo(rng, (W, H))
        box = (W * 0.35, H * 0.25, W * 0.72, H * 0.9)
        c = (NEON + PASTEL)[int(rng.integers(12))]
        bg = sh.shaded_shape(bg, ["box", "ellipse"][i], box, c)
        cx0 = box[0] + 0.1 * (box[2] - box[0])
        ang = float(rng.uniform(5, 12)) * (1 if i else -1)
        fsz = int(rng.integers(34, 50))
        ws = sh.line_words(_pick(rng, WORDS)[0], _pick(rng, FONTS)[0], fsz, (cx0, H * 0.5), angle=ang,
                           fill=sh._contrast_colour(c, 140), role="label")
        ws += sh.line_words(_pick(rng, WORDS)[0], _pick(rng, FONTS)[0], int(fsz * 0.55), (cx0, H * 0.5 + 1.5 * fsz),
                            angle=ang, fill=sh._contrast_colour(c, 100), role="label")
        px, py, pr = int(W * 0.18), int(H * 0.2), int(min(W, H) * 0.1)
        cv2.circle(bg, (px, py), pr, (230, 20, 60), -1, lineType=cv2.LINE_AA)
        ws += sh.line_words(f"{int(rng.integers(2, 49))}€", FONTS[0], int(pr * 0.7), (px - pr * 0.7, py - pr * 0.4),
                            fill=(255, 255, 255), role="price")
        out.append(_text(bg, ws, stem=f"fresh_text_on_product_{i}", fam="text_on_product", background=name,
                         notes="rotated label on a product, round price sticker"))
    return out


# ---------------------------------------------------------------------------------------
# Artifacts (issue 9): other shapes, photos, sizes and texts than bench.artifacts' splits
# ---------------------------------------------------------------------------------------
ART_FONTS = [FONTS[0], FONTS[1], FONTS[4], FONTS[7]]
ART_TEXT = {"badge": ("-25%", "BIO", "VEGAN", "1+1", "-70%", "XXL", "EXCL."),
            "button": ("Add to cart", "Try it free", "Discover", "Join today", "See offers", "Download"),
            "logo": ("Halvard", "QUILL", "monoform", "Brisa&Sol", "ZEPHYR", "northstar")}
ART_SIZES = [(720, 540), (540, 720), (800, 450), (640, 640)]


def _art_sprite(kind: str, shape: str, rng, avoid) -> tuple[np.ndarray, np.ndarray]:
    """(h, w, 3) float colour and (h, w) alpha of one fresh artifact, rendered at 4x."""
    from PIL import Image, ImageDraw, ImageFont

    SS = 4
    font = ART_FONTS[int(rng.integers(len(ART_FONTS)))]
    col = tuple(int(v) for v in (NEON + PASTEL + [(20, 40, 90), (0, 0, 0)])[int(rng.integers(14))])
    if avoid is not None and np.abs(np.subtract(col, avoid)).sum() < 150:
        col = tuple(255 - v for v in col)
    ink = (255, 255, 255) if sum(col) < 380 else (15, 15, 35)
    if kind == "badge":
        W = H = int(rng.integers(80, 140)) * SS
    elif kind == "button":
        h = int(rng.integers(34, 58))
        W, H = int(h * rng.uniform(3.2, 5.0)) * SS, h * SS
    elif kind == "logo":
        h = int(rng.integers(70, 110))
        W, H = int(h * rng.uniform(1.2, 1.8)) * SS, h * SS
    else:
        h = int(rng.integers(120, 200))
        W, H = int(h * rng.uniform(0.5, 0.75)) * SS, h * SS
    pad = 6 * SS
    im = Image.new("RGBA", (W + 2 * pad, H + 2 * pad), (0, 0, 0, 0))
    dr = ImageDraw.Draw(im)

    def text(t, cx, cy, w, h, fill):
        if not Path(font).is_file():
            raise FileNotFoundError(f"fresh artifact words need {font}: apt-get install fonts-urw-base35 fonts-liberation")
        size = max(8, int(h))
        while size > 8:
            f = ImageFont.truetype(font, size)
            l, tp, r, b = dr.textbbox((0, 0), t, font=f)
            if r - l <= w and b - tp <= h:
                break
            size = int(size * 0.9)
        f = ImageFont.truetype(font, size)
        l, tp, r, b = dr.textbbox((0, 0), t, font=f)
        dr.text((cx - (l + r) / 2, cy - (tp + b) / 2), t, font=f, fill=fill)

    cx, cy = pad + W / 2, pad + H / 2
    label = ART_TEXT.get(kind, ART_TEXT["logo"])
    word = label[int(rng.integers(len(label)))]
    if kind == "badge":
        if shape == "octagon":  # a stop-sign seal
            dr.regular_polygon((cx, cy, min(W, H) / 2), 8, rotation=22.5, fill=col)
        elif shape == "ticket":
            dr.rectangle([pad, pad + H * 0.2, pad + W, pad + H * 0.8], fill=col)
            for y in (pad + H * 0.5,):
                q = H * 0.12
                dr.ellipse([pad - q, y - q, pad + q, y + q], fill=(0, 0, 0, 0))
                dr.ellipse([pad + W - q, y - q, pad + W + q, y + q], fill=(0, 0, 0, 0))
        else:  # tilted square sticker
            dr.polygon(sh.ms_order(cv2.boxPoints(((cx, cy), (W * 0.72, H * 0.72), 18.0))).tolist(), fill=col)
        text(word, cx, cy, W * 0.6, H * 0.28, ink)
    elif kind == "button":
        box = [pad, pad, pad + W, pad + H]
        if shape == "link":  # a text-only call to action, underlined, with a chevron
            text(word, cx - W * 0.05, cy - H * 0.08, W * 0.8, H * 0.55, col)
            dr.rectangle([pad + W * 0.08, pad + H * 0.78, pad + W * 0.82, pad + H * 0.78 + 2 * SS], fill=col)
            ax = pad + W * 0.92
            dr.line([(ax - H * 0.15, cy - H * 0.25), (ax, cy - H * 0.08), (ax - H * 0.15, cy + H * 0.09)], fill=col,
                    width=3 * SS)
        else:  # square corners with an arrow
            dr.rectangle(box, fill=col)
            text(word, cx - W * 0.06, cy, W * 0.7, H * 0.45, ink)
            ax = pad + W * 0.9
            dr.polygon([(ax - H * 0.15, cy - H * 0.18), (ax + H * 0.05, cy), (ax - H * 0.15, cy + H * 0.18)], fill=ink)
    elif kind == "logo":
        m = H * 0.55
        if shape == "stacked":  # mark above the wordmark
            dr.regular_polygon((cx, pad + m / 2, m / 2), 5, fill=col)
            text(word, cx, pad + H * 0.8, W * 0.95, H * 0.3, col)
        else:  # "bars": three rising bars (a mark of separate parts) beside the wordmark
            bw = W * 0.07
            for j, f in enumerate((0.5, 0.75, 1.0)):
                x0 = pad + j * bw * 1.6
                dr.rounded_rectangle([x0, pad + H * (1 - f), x0 + bw, pad + H], bw * 0.3, fill=col)
            text(word, pad + W * 0.64, cy, W * 0.6, H * 0.45, col)
    else:  # tube or jar: shaded, with a label band
        a = Image.new("L", im.size, 0)
        da = ImageDraw.Draw(a)
        if shape == "tube":  # crimped end at the top, tapering to a cap at the bottom
            da.rectangle([pad, pad, pad + W, pad + H * 0.06], fill=255)
            da.polygon([(pad, pad + H * 0.06), (pad + W, pad + H * 0.06), (pad + W * 0.72, pad + H * 0.82),
                        (pad + W * 0.28, pad + H * 0.82)], fill=255)
            da.rounded_rectangle([pad + W * 0.3, pad + H * 0.8, pad + W * 0.7, pad + H], W * 0.05, fill=255)
        else:
            da.rounded_rectangle([pad, pad + H * 0.18, pad + W, pad + H], W * 0.25, fill=255)
            da.rectangle([pad + W * 0.15, pad, pad + W * 0.85, pad + H * 0.2], fill=255)
        sil = np.asarray(a) > 0
        xx = np.linspace(-1, 1, im.size[0])[None, :]
        shade = 0.5 + 0.5 * np.cos(np.clip(xx * 1.4 + 0.2, -np.pi / 2, np.pi / 2))
        rgb = np.broadcast_to(np.asarray(col, np.float64)[None, None] * shade[..., None] + 30 * shade[..., None] ** 10,
                              (im.size[1], im.size[0], 3))
        lab = Image.new("RGBA", im.size, (0, 0, 0, 0))
        dl = ImageDraw.Draw(lab)
        ly0, ly1 = pad + H * 0.4, pad + H * 0.7
        dl.rectangle([pad, ly0, pad + W, ly1], fill=(250, 250, 245, 255))
        dr = dl
        text(word, cx, (ly0 + ly1) / 2, W * 0.8, (ly1 - ly0) * 0.55, (20, 20, 20))
        la = np.asarray(lab, np.float64)
        la_a = la[..., 3:] / 255 * sil[..., None]
        rgb = la[..., :3] * la_a + rgb * (1 - la_a)
        im = Image.fromarray(np.dstack([np.clip(rgb, 0, 255), sil * 255.0]).astype(np.uint8), "RGBA")
    arr = np.asarray(im, np.float64)
    size = (arr.shape[1] // SS, arr.shape[0] // SS)
    alpha = cv2.resize(arr[..., 3], size, interpolation=cv2.INTER_AREA) / 255.0
    pm = cv2.resize(arr[..., :3] * arr[..., 3:] / 255, size, interpolation=cv2.INTER_AREA)
    colour = np.where(alpha[..., None] > 0, pm / np.maximum(alpha, 1e-9)[..., None], 0.0)
    return colour, alpha


ART_SHAPES = {"badge": ("octagon", "ticket", "tilted"), "button": ("link", "square"), "logo": ("stacked", "bars"),
              "product": ("tube", "jar")}


def fresh_artifact(index: int):
    """Fresh artifact creative ``index`` (a :class:`creative_tools.bench.artifacts.ArtifactCreative`).

    Plates: fresh photos, radial spotlights and pastel gradients; a graded person in every
    third creative; 2-4 artifacts of the fresh shapes; one headline in a fresh face.
    Truth as in :mod:`creative_tools.bench.artifacts` (alpha > 0.1, clipped below).
    """
    sys.path.insert(0, str(ROOT))
    from creative_tools.bench.artifacts import ALPHA_CUT, Artifact, ArtifactCreative

    rng = np.random.default_rng([FRESH_SEED, 9, index])
    W, H = ART_SIZES[index % len(ART_SIZES)]
    bg, src = _plate(rng, (W, H), ART_PHOTOS)
    canvas = bg.astype(np.float64)
    person = np.zeros((H, W), bool)
    if index % 3 == 2:
        pl = _person(rng, H, W, float(rng.uniform(0.55, 0.8)), float(rng.choice([0.2, 0.8])))
        layer, a, _ = ms.place_person((H, W), pl)
        layer = _grade(layer, "warm")
        canvas = layer * a[..., None] + canvas * (1 - a[..., None])
        person = a > 0.5
    occupied = cv2.dilate(person.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    arts = []
    kinds = ["badge", "button", "logo", "product"]
    for k in range(int(rng.integers(2, 5))):
        kind = kinds[(index + k) % 4]
        shape = ART_SHAPES[kind][int(rng.integers(len(ART_SHAPES[kind])))]
        for _ in range(40):
            y0, x0 = int(rng.integers(2, H - 40)), int(rng.integers(2, W - 40))
            local = bg[y0:y0 + 40, x0:x0 + 40].reshape(-1, 3).mean(0)
            colour, alpha = _art_sprite(kind, shape, rng, local)
            h, w = alpha.shape
            if y0 + h >= H - 1 or x0 + w >= W - 1:
                continue
            m = alpha > ALPHA_CUT
            if (occupied[y0:y0 + h, x0:x0 + w] & cv2.dilate(m.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)).any():
                continue
            a = np.clip((alpha - ALPHA_CUT) / (1 - ALPHA_CUT), 0, 1)[..., None]
            canvas[y0:y0 + h, x0:x0 + w] = colour * a + canvas[y0:y0 + h, x0:x0 + w] * (1 - a)
            full = np.zeros((H, W), bool)
            full[y0:y0 + h, x0:x0 + w] = m
            occupied |= full
            ys, xs = np.nonzero(full)
            arts.append(Artifact(kind, shape, full, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)))
            break
    text = np.zeros((H, W), bool)
    if have_fonts():
        words = " ".join(_pick(rng, WORDS, 2))
        for _ in range(40):
            fsz = int(rng.integers(26, 46))
            x, y = float(rng.integers(4, max(5, W // 2))), float(rng.integers(4, max(5, H - fsz - 8)))
            ws = sh.line_words(words, ART_FONTS[int(rng.integers(4))], fsz, (x, y),
                               fill=(255, 255, 255) if canvas[int(y), int(x)].mean() < 128 else (15, 15, 25))
            r = sh.compose_text(np.clip(np.round(canvas), 0, 255).astype(np.uint8), ws, stem="t", split=SPLIT,
                                fam="artifact_headline", background="generated")
            if r["text"].any() and not (cv2.dilate(r["text"].view(np.uint8), np.ones((13, 13), np.uint8)).astype(bool)
                                        & occupied).any() and r["text"][:, -2:].sum() == 0:
                canvas = r["creative"].astype(np.float64)
                text = r["text"]
                break
    image = np.clip(np.round(canvas), 0, 255).astype(np.uint8)
    meta = {"background": src, "size_wh": [W, H], "person": bool(person.any()), "split": SPLIT,
            "artifacts": [{"kind": a.kind, "shape": a.shape, "box": list(a.box)} for a in arts]}
    return ArtifactCreative(f"fresh_{index:03d}", SPLIT, image, bg, arts, person, text, meta)


def fresh_artifacts(n: int = 24) -> list:
    """The first ``n`` fresh artifact creatives."""
    return [fresh_artifact(i) for i in range(n)]


# ---------------------------------------------------------------------------------------
# Writing the set
# ---------------------------------------------------------------------------------------
def build(*, only=None) -> list:
    """Every result of the fresh families (filtered by name prefix ``only``)."""
    out = []
    for name, fn in FRESH_FAMILIES.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        out.extend(fn())
    return out


def write_fresh_set(out: Path, *, only=None, artifacts: int = 0) -> list:
    """Write the fresh split under ``out`` (data/ layout) and ``index.json``; returns metas."""
    out = Path(out)
    cv2.setNumThreads(1)
    metas = []
    for r in build(only=only):
        ms.write_sample(out, r)
        metas.append(r["meta"])
    index = [{"stem": m["stem"], "split": m["split"], "family": m["family"],
              "person_fraction": m["fraction"]["person"], "text_fraction": m["fraction"]["text"]} for m in metas]
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    if artifacts:
        from PIL import Image

        a_out = out / "artifacts"
        for s in fresh_artifacts(artifacts):
            t = a_out / "truth" / s.name
            t.mkdir(parents=True, exist_ok=True)
            Image.fromarray(s.image).save(a_out / f"{s.name}.png")
            Image.fromarray(s.background).save(t / "background.png")
            for nm, m in (("artifact_mask", s.artifact_mask), ("person_mask", s.person), ("text_mask", s.text)):
                Image.fromarray(m.astype(np.uint8) * 255).save(t / f"{nm}.png")
            (t / "meta.json").write_text(json.dumps({"stem": s.name, **s.meta}, indent=2) + "\n")
    return metas


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "fresh")
    ap.add_argument("--only", nargs="*", default=None, help="family name prefixes (person_, negative_, text_)")
    ap.add_argument("--artifacts", type=int, default=0, help="also write this many artifact creatives")
    args = ap.parse_args(argv)
    metas = write_fresh_set(args.out, only=args.only, artifacts=args.artifacts)
    print(f"{len(metas)} creatives in {args.out}" + (f" (+ {args.artifacts} artifact creatives)" if args.artifacts else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
