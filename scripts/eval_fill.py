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

Usage::

    python scripts/eval_fill.py --data data out/hard_tune --masks pipeline oracle \\
        --inpaint auto twoscale 'auto:wide=16' 'mypkg.module:Class:opt=1'

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
    args = ap.parse_args(argv)

    fills = [make_inpainter(s) for s in args.inpaint]
    pipe_holder: list = []
    print("| dataset | masks | inpainter | n | PSNR removed (dB) | SSIM removed | changed outside | fill s | time ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for root in args.data:
        ds = creatives(root, name=Path(root).name).limit(args.limit)
        acc = {(mk, j): {"mse": [], "ssim": [], "out": [], "t": 0.0} for mk in args.masks for j in range(len(fills))}
        per_image = []
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
                    row[j] = E.psnr_from_mse(a["mse"][-1])
                    if args.save:
                        p = args.save / Path(root).name / mk / str(j)
                        p.mkdir(parents=True, exist_ok=True)
                        cv2.imwrite(str(p / f"{s.name}.png"), out[..., ::-1])
                per_image.append((s.name, mk, row))
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
                      f"{changed} | {a['t']:.1f} | {a['t'] / max(t_ref, 1e-9):.2f} |", flush=True)
        if args.per_image:
            for name, mk, row in per_image:
                print(f"  {name:40s} {mk:8s} " + " ".join(f"{row[j]:6.2f}" for j in sorted(row)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
