"""Fill quality alone: several inpainters on the same masks, side by side in one process.

The masks are either the default pipeline's fill masks (``pipeline``: computed once per
creative and cached as PNGs under ``--cache``, so every inpainter sees the same holes) or
the true removal region (``oracle``: where the creative differs from its clean plate),
which separates the fill's error from the masks' error. For each dataset, mask source and
inpainter it prints the PSNR inside the true removed region (from the mean over images
of the per-image MSE, as ``bench quality`` does), SSIM there, the share of changed pixels
outside the fill mask (must be 0; a mask over the whole image has no outside: such
creatives are left out of that mean and counted in brackets) and the fill time, also as a ratio to the first
inpainter's (all measured in this process, the inpainters alternating per creative).

PSNR rewards the mean: a sharp texture that is misplaced can score below a blur. The
``gradient energy`` column says how much texture a fill has: the squared grey-level
gradient summed inside the removed region (eroded by 1 px), the fill's over the truth's,
pooled over the images (1 = as much texture as the truth, 0 = flat).

``--bands`` says where the error sits: per image, the MSE inside the removed region split
by scale (coarser than 32 px, 8-32 px, finer than 8 px) and the ceilings of a fill that
knew the truth blurred by 8, 16 or 32 px, then pooled over the set.

Besides creatives folders, ``--data`` takes photo-hole sets (use ``--masks oracle``):
``photo:voc`` (the 4 VOC photos of ``<shared>/eval/person_voc``) and ``photo:icdar`` (the 10
ICDAR 2015 photos), each photo with two person-shaped holes (the VOC people's silhouettes,
70 % and 55 % of the photo's height, standing on its bottom edge) and one block of 2-4
filled text lines; the photo itself is the truth. Large holes over real photo texture,
apart from the generated creatives (tune on one, report the other).

Usage::

    python scripts/eval_fill.py --data data out/hard_tune --masks pipeline oracle \\
        --inpaint auto twoscale 'auto:wide=16' 'mypkg.module:Class:opt=1'
    python scripts/eval_fill.py --data photo:voc photo:icdar --masks oracle --inpaint auto 'auto:floor=0.0'

An inpainter is a registered name or ``module:Class``, followed by ``:key=value``
options (values are parsed as Python literals where they can be).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench import metrics as E  # noqa: E402
from creative_tools.bench.datasets import creatives  # noqa: E402


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def make_inpainter(spec: str):
    """An inpainter from ``name[:k=v...]`` or ``module:Class[:k=v...]``."""
    parts = spec.split(":")
    opts = dict(p.split("=", 1) for p in parts if "=" in p)
    opts = {k: _value(v) for k, v in opts.items()}
    heads = [p for p in parts if "=" not in p]
    if len(heads) == 2:
        cls = getattr(importlib.import_module(heads[0]), heads[1])
        return cls(**opts)
    if len(heads) != 1:
        raise SystemExit(f"inpainter spec must be name[:k=v] or module:Class[:k=v], got {spec!r}")
    from creative_tools.registry import load

    return load("inpaint", heads[0], **opts)


#: Photo-hole sets (``--data photo:voc``, ``photo:icdar``): real photos of ``<shared>/eval``
#: with synthetic holes shaped like people and filled text boxes; the photo is the truth.
PHOTO_SETS = {"voc": ("person_voc", "*.jpg"), "icdar": ("text_icdar15", "img_*.jpg")}


def _silhouettes(shared: Path) -> list[np.ndarray]:
    """Person-shaped masks: the large people of the VOC labels, cropped to their boxes."""
    out = []
    for p in sorted((shared / "eval" / "person_voc").glob("*_person.png")):
        lab = cv2.imread(str(p), cv2.IMREAD_GRAYSCALE)
        n, cc, st, _ = cv2.connectedComponentsWithStats((lab >= 128).view(np.uint8), connectivity=8)
        for k in range(1, n):
            x, y, w, h = st[k, :4]
            if st[k, cv2.CC_STAT_AREA] >= 0.02 * lab.size and h >= 1.2 * w:
                out.append(cc[y:y + h, x:x + w] == k)
    return out


def _text_block(shape, rng) -> np.ndarray:
    """A filled text box: 2-4 rounded lines of a block, as the pipeline masks a box of text."""
    h, w = shape
    m = np.zeros(shape, np.uint8)
    lh = max(28, int(0.08 * h))  # >= 12 px wide by hole_width: the wide-hole fill
    n = int(rng.integers(2, 5))
    x0 = int(rng.uniform(0.05, 0.4) * w)
    y = int(rng.uniform(0.05, 0.9 - n * 1.4 * lh / h) * h)
    for _ in range(n):
        lw = int(rng.uniform(0.25, 0.5) * w)
        cv2.rectangle(m, (x0, y), (min(w - 1, x0 + lw), y + lh), 1, -1)
        y += int(1.4 * lh)
    return cv2.dilate(m, np.ones((3, 3), np.uint8)) > 0


def photo_holes(which: str, shared: Path):
    """Samples ``(name, image, hole, truth)``: each photo with two person holes and a text block."""
    from creative_tools.bench.datasets import Sample
    from creative_tools.io import load_image

    if which not in PHOTO_SETS:
        raise SystemExit(f"eval_fill: unknown photo set photo:{which} (known: "
                         f"{', '.join('photo:' + k for k in PHOTO_SETS)})")
    folder, pattern = PHOTO_SETS[which]
    sil = _silhouettes(shared)
    if not sil:
        raise SystemExit(f"eval_fill: no person silhouettes under {shared / 'eval'} for photo:{which}")
    for j, path in enumerate(sorted((shared / "eval" / folder).glob(pattern))):
        photo = load_image(path)
        h, w = photo.shape[:2]
        rng = np.random.default_rng(1000 + j)
        holes = []
        for k, (frac, cx) in enumerate(((0.7, 0.3), (0.55, 0.7))):
            s = sil[(2 * j + k) % len(sil)]
            sh = int(frac * h)
            sw = min(w, max(8, int(s.shape[1] * sh / s.shape[0])))  # not wider than the photo
            s = cv2.resize(s.view(np.uint8), (sw, sh), interpolation=cv2.INTER_NEAREST) > 0
            m = np.zeros((h, w), bool)
            x = int(np.clip(cx * w - sw / 2, 0, w - sw))
            m[h - sh:, x:x + sw] = s
            holes.append((f"person{k}", m))
        holes.append(("text", _text_block((h, w), rng)))
        for tag, m in holes:
            image = photo.copy()
            image[m] = (128, 128, 128)
            yield Sample(f"{path.stem}_{tag}", image, person=m, background=photo)


def grad_energy(a: np.ndarray, region: np.ndarray) -> float:
    """Sum of the squared grey-level gradient over ``region`` eroded by 1 px (the hole's texture)."""
    g = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    inner = cv2.erode(region.view(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return float((gx[inner] ** 2 + gy[inner] ** 2).sum())


#: Scales (Gaussian sigma, full-resolution px) of ``--bands``: the error split into coarser
#: than 32 px, 8-32 px and finer than 8 px, and the ceilings of a fill that knew the truth
#: blurred by 8, 16 or 32 px.
BAND_SIGMAS = (8.0, 32.0)
CEILING_SIGMAS = (8.0, 16.0, 32.0)


def _region_blur(a: np.ndarray, region: np.ndarray, sigma: float) -> np.ndarray:
    """``a`` blurred by ``sigma`` with the pixels outside ``region`` left out (normalised)."""
    r = region.astype(np.float32)
    num = cv2.GaussianBlur(a * r[..., None], (0, 0), sigma)
    den = cv2.GaussianBlur(r, (0, 0), sigma)[..., None]
    return num / np.maximum(den, 1e-6)


def band_errors(out: np.ndarray, truth: np.ndarray, region: np.ndarray) -> dict[str, float]:
    """The fill's MSE inside ``region`` and its split by scale.

    The error ``out - truth`` inside the region is split by normalised Gaussian blurs of
    8 and 32 px (:data:`BAND_SIGMAS`) into a coarse part (> 32 px: the wrong shade), a
    middle band (8-32 px: structure crossing the hole, a texture's phase) and a fine part
    (< 8 px: texture no fill can place). Each is given as its mean square inside the
    region. The parts are not orthogonal (the blurs are renormalised at the region's
    edge and the parts correlate): on ``data/`` they sum to about 0.7 of the total, so
    read them as a ranking of where the error sits, not as a partition.

    Returns
    -------
    dict
        ``{"mse", "coarse", "mid", "fine"}`` in grey levels squared (per channel).
    """
    e = out.astype(np.float32) - truth.astype(np.float32)
    e[~region] = 0
    lo, hi = BAND_SIGMAS
    c_hi = _region_blur(e, region, hi)
    c_lo = _region_blur(e, region, lo)
    parts = {"mse": e, "coarse": c_hi, "mid": c_lo - c_hi, "fine": e - c_lo}
    return {k: float((v[region] ** 2).mean()) for k, v in parts.items()}


def ceiling_mse(truth: np.ndarray, region: np.ndarray, sigma: float) -> float:
    """MSE inside ``region`` of a fill that knew the truth blurred by a Gaussian of ``sigma`` px."""
    t = truth.astype(np.float32)
    return float(((cv2.GaussianBlur(t, (0, 0), sigma) - t)[region] ** 2).mean())


def pipeline_mask(sample, cache: Path, pipe_holder: list) -> np.ndarray:
    """The default pipeline's fill mask of ``sample``, cached as a PNG."""
    path = cache / f"{sample.name}.png"
    if path.is_file():
        m = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        if m is not None and m.shape == sample.image.shape[:2]:
            return m > 0
    if not pipe_holder:
        from creative_tools.pipeline import Pipeline

        pipe_holder.append(Pipeline())
    m = pipe_holder[0].masks(sample.image).fill
    cache.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), m.astype(np.uint8) * 255)
    return m


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", nargs="+", required=True, help="creatives folders (data/ layout with clean plates)")
    ap.add_argument("--masks", nargs="+", choices=("pipeline", "oracle"), default=["pipeline", "oracle"])
    ap.add_argument("--inpaint", nargs="+", default=["auto"], help="inpainter specs; the first is the time reference")
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "fill_cache", help="where pipeline masks are cached")
    ap.add_argument("--save", type=Path, default=None, help="write each fill as <save>/<dataset>/<masks>/<i>/<stem>.png")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--only", nargs="*", default=None, help="stems to keep (prefix match)")
    ap.add_argument("--per-image", action="store_true", help="print PSNR per image too")
    ap.add_argument("--bands", action="store_true",
                    help="per image and inpainter: the MSE split by scale (> 32, 8-32, < 8 px) and the "
                         "ceilings of the truth blurred by 8 / 16 / 32 px (pooled over the set too)")
    args = ap.parse_args(argv)

    fills = [make_inpainter(s) for s in args.inpaint]
    pipe_holder: list = []
    print("| dataset | masks | inpainter | n | PSNR removed (dB) | SSIM removed | gradient energy | changed outside "
          "| fill s | time ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for root in args.data:
        if root.startswith("photo:"):
            from creative_tools.bench.datasets import shared_dir

            ds = list(photo_holes(root[len("photo:"):], shared_dir()))[: args.limit]
        else:
            ds = creatives(root, name=Path(root).name).limit(args.limit)
        acc = {(mk, j): {"mse": [], "ssim": [], "out": [], "t": 0.0, "g": [0.0, 0.0]}
               for mk in args.masks for j in range(len(fills))}
        per_image, bands = [], []
        for k, s in enumerate(ds):
            if args.only and not any(s.name.startswith(o) for o in args.only):
                continue
            region = s.removal
            if region is None or not region.any():
                continue
            for mk in args.masks:
                mask = pipeline_mask(s, args.cache / Path(root).name, pipe_holder) if mk == "pipeline" else region
                order = list(range(len(fills)))
                if k % 2:
                    order.reverse()
                row = {}
                for j in order:
                    t0 = time.perf_counter()
                    out = fills[j].inpaint(s.image, mask)
                    dt = time.perf_counter() - t0
                    a = acc[(mk, j)]
                    a["t"] += dt
                    a["mse"].append(E.mse(out, s.background, region=region))
                    a["ssim"].append(E.ssim(out, s.background, region=region))
                    a["out"].append(E.changed_outside(s.image, out, mask))
                    a["g"][0] += grad_energy(out, region)
                    a["g"][1] += grad_energy(s.background, region)
                    row[j] = E.psnr_from_mse(a["mse"][-1])
                    if args.bands:
                        bands.append((s.name, mk, j, band_errors(out, s.background, region)))
                    if args.save:
                        p = args.save / Path(root).name / mk / str(j)
                        p.mkdir(parents=True, exist_ok=True)
                        cv2.imwrite(str(p / f"{s.name}.png"), out[..., ::-1])
                per_image.append((s.name, mk, row))
                if args.bands:
                    bands.append((s.name, mk, "ceiling",
                                  {f"s{int(c)}": ceiling_mse(s.background, region, c) for c in CEILING_SIGMAS}))
        for mk in args.masks:
            t_ref = acc[(mk, 0)]["t"]
            for j, spec in enumerate(args.inpaint):
                a = acc[(mk, j)]
                if not a["mse"]:
                    continue
                out = np.asarray(a["out"], np.float64)
                whole = int(np.isnan(out).sum())  # masks over the whole image: nothing outside
                changed = f"{np.nanmean(out):.4f}" if whole < len(out) else "-"
                if whole:
                    changed += f" ({whole} whole)"
                print(f"| {Path(root).name} | {mk} | `{spec}` | {len(a['mse'])} | "
                      f"{E.psnr_from_mse(float(np.mean(a['mse']))):.2f} | {np.mean(a['ssim']):.3f} | "
                      f"{a['g'][0] / max(a['g'][1], 1e-9):.2f} | "
                      f"{changed} | {a['t']:.1f} | {a['t'] / max(t_ref, 1e-9):.2f} |", flush=True)
        if args.per_image:
            for name, mk, row in per_image:
                print(f"  {name:40s} {mk:8s} " + " ".join(f"{row[j]:6.2f}" for j in sorted(row)))
        if args.bands:
            _print_bands(bands, args.inpaint)
    return 0


def _print_bands(bands: list, specs: list[str]) -> None:
    """The ``--bands`` lines: per image, then pooled (mean over images, PSNR of the mean)."""
    print("  bands: MSE inside the removed region (grey levels^2) and its parts coarse > 32 px / "
          "8-32 px / fine < 8 px; ceiling: the truth blurred by 8 / 16 / 32 px")
    pooled: dict = {}
    for name, mk, who, d in bands:
        label = "ceiling" if who == "ceiling" else f"`{specs[who]}`"
        print(f"  {name:40s} {mk:8s} {label:28s} " + " ".join(f"{k} {v:8.1f}" for k, v in d.items()))
        for k, v in d.items():
            pooled.setdefault((mk, label, k), []).append(v)
    for (mk, label, k), v in pooled.items():
        m = float(np.mean(v))
        print(f"  pooled {mk:8s} {label:28s} {k:7s} {m:8.1f} ({E.psnr_from_mse(m):.2f} dB)")


if __name__ == "__main__":
    raise SystemExit(main())
