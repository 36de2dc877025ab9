"""Draw the README's one-click picture: clicks on generated artifacts and the masks they give.

Each panel is a crop around one artifact with the click (yellow), the mask of
:func:`creative_tools.segment_at` (magenta) and the truth it missed (green); the title gives
the IoU. First row (tuned split, patterned plates since 56129f7): a letter of a logo gives
the logo, a button, a weak case (a two-square mark over fur: the second square stays out),
a speech badge. Second row (the ``click_tune`` split of
:mod:`creative_tools.bench.click_styles`): a part of a mark of separate parts gives every
part and the name, a click on an outline-only button gives its outline and text (not the
plate inside), a letter of a name gives the name, and a weak case: a semi-transparent plate
on a photo (only its text).

Usage: ``python scripts/make_click_figure.py [--out docs/click.png]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench.artifacts import make_creative
from creative_tools.bench.click_styles import make_click_creative
from creative_tools.bench.metrics import mask_iou
from creative_tools.bench.objects import click_point, random_click_points
from creative_tools.objects.click import ClickSegmenter

# split, creative, artifact, which click (0: most interior, k: k-th random interior click)
PANELS = [("tuned", 16, 1, 1), ("tuned", 5, 2, 0), ("tuned", 6, 2, 1), ("tuned", 23, 2, 1),
          ("click_tune", 14, 0, 0), ("click_tune", 8, 1, 0), ("click_tune", 19, 1, 0), ("click_tune", 27, 0, 0)]


def _panel(ax, split, index, j, which):
    s = make_click_creative(index, split=split[6:]) if split.startswith("click_") else make_creative(index, split=split)
    a = s.artifacts[j]
    pts = [click_point(a.mask)] + random_click_points(a.mask, 3, seed=1000 * index + j)
    pt = pts[which]
    m = ClickSegmenter(s.image, saliency="auto").segment([pt])
    over = s.image.astype(np.float64)
    over[m] = 0.45 * over[m] + 0.55 * np.array([255, 0, 255])
    miss = a.mask & ~m
    over[miss] = 0.45 * over[miss] + 0.55 * np.array([0, 255, 0])
    x0, y0, x1, y1 = a.box
    p = 24
    H, W = a.mask.shape
    x0, y0, x1, y1 = max(0, x0 - p), max(0, y0 - p), min(W, x1 + p), min(H, y1 + p)
    ax.imshow(over[y0:y1, x0:x1].astype(np.uint8))
    ax.plot([pt[0] - x0], [pt[1] - y0], "o", ms=6, mec="black", mfc="yellow")
    ax.set_title(f"{split} {index}: {a.kind}/{a.shape}\nIoU {mask_iou(m, a.mask):.2f}", fontsize=9)
    ax.axis("off")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs/click.png"))
    args = ap.parse_args(argv)
    fig, axes = plt.subplots(2, 4, figsize=(13, 6.2))
    for ax, spec in zip(axes.ravel(), PANELS):
        _panel(ax, *spec)
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
