"""Does the fill's ``lattice_cells`` step help or harm beyond the image it was built on?

A check drawn apart from every generator of the project: walls of bricks, square tiles and
staggered planks with random sizes, colours and joints, seen in a random perspective, lit by a
gradient, with sensor noise; a person-sized hole (head and body ellipses) on each. The default
``auto`` fill and ``auto`` without the squares (``lattice_cells=0``) fill the same holes; the
script prints per image and pooled PSNR inside the hole (from the mean MSE) and the fills' CPU
seconds. ``--save DIR`` writes the first images with their fills side by side.

Usage::

    python scripts/check_perspective_fill.py --seed 7 --count 12
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import creative_tools as ct  # noqa: E402


def wall(rng: np.random.Generator, width: int = 900, height: int = 700) -> tuple[np.ndarray, str]:
    """A regular wall in perspective, lit by a gradient, with noise."""
    kind = str(rng.choice(["brick", "tile", "plank"]))
    bw = int(rng.integers(30, 90))
    bh = bw if kind == "tile" else int(bw * rng.uniform(0.3, 0.6))
    joint = int(rng.integers(2, 7))
    base = rng.uniform(60, 200, 3)
    joint_colour = rng.uniform(150, 240, 3) if rng.random() < 0.5 else rng.uniform(20, 80, 3)
    big = np.empty((height * 2, width * 2, 3), np.float32)
    big[:] = joint_colour
    for r in range(big.shape[0] // bh + 1):
        if kind == "brick":
            off = (bw // 2) * (r % 2)
        elif kind == "plank":
            off = int(rng.integers(0, bw))
        else:
            off = 0
        for c in range(-1, big.shape[1] // bw + 2):
            x0, y0 = c * bw + off + joint // 2, r * bh + joint // 2
            colour = np.clip(base + rng.normal(0, 18, 3), 0, 255)
            cv2.rectangle(big, (x0, y0), (x0 + bw - joint, y0 + bh - joint), colour.tolist(), -1)
    big += rng.normal(0, 6, big.shape).astype(np.float32)
    big = cv2.GaussianBlur(big, (3, 3), 0.8)
    src = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    dst = np.float32([[width * abs(rng.uniform(-0.25, 0.25)), height * abs(rng.uniform(-0.12, 0.12))],
                      [width * (1 - abs(rng.uniform(-0.25, 0.25))), 0], [width, height], [0, height]])
    img = cv2.warpPerspective(big, cv2.getPerspectiveTransform(src, dst), (width, height))
    yy, xx = np.mgrid[0:height, 0:width]
    light = 0.75 + 0.35 * (xx / width) * rng.uniform(0.5, 1) + 0.1 * (yy / height)
    return np.clip(img * light[..., None], 0, 255).astype(np.uint8), kind


def person_hole(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """Head and body ellipses, standing towards the bottom edge."""
    m = np.zeros((height, width), np.uint8)
    cx, top = int(rng.uniform(0.3, 0.7) * width), int(rng.uniform(0.15, 0.4) * height)
    hw = int(rng.uniform(0.08, 0.14) * width)
    cv2.ellipse(m, (cx, top), (hw // 2, int(hw * 0.65)), 0, 0, 360, 255, -1)
    cv2.ellipse(m, (cx, top + int(hw * 1.9) + int(0.25 * height)), (hw, int(0.25 * height) + hw), 0, 0, 360, 255, -1)
    return m > 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--save", type=Path, default=None, help="folder for the first 3 images and fills")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    fills = {"without squares": ct.load("inpaint", "auto", lattice_cells=0), "default": ct.load("inpaint", "auto")}
    mse = {k: [] for k in fills}
    cpu = dict.fromkeys(fills, 0.0)
    for i in range(args.count):
        img, kind = wall(rng)
        hole = person_hole(rng, *img.shape[:2])
        shown = img.copy()
        shown[hole] = (40, 200, 90)
        row = []
        for name, fill in fills.items():
            t = time.process_time()
            out = fill(shown, hole)
            cpu[name] += time.process_time() - t
            mse[name].append(float(((out.astype(np.float64) - img)[hole] ** 2).mean()))
            row.append(f"{name} {10 * np.log10(255 ** 2 / mse[name][-1]):.2f}")
        print(f"{i:2d} {kind:5s} " + "  ".join(row), flush=True)
        if args.save is not None and i < 3:
            args.save.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(args.save / f"perspective_{i}.png"), np.hstack([shown, out]))
    for name in fills:
        print(f"{name}: pooled PSNR {10 * np.log10(255 ** 2 / np.mean(mse[name])):.2f} dB, "
              f"fill CPU {cpu[name]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
