"""Draw the picture of a tiled watermark's text mask, each copy alone and voted by its copies.

A creative of the hard tune set's watermark family (grey "OFFER FRESH" at about 50 %
opacity, tiled and rotated over a stained-tissue photo): the default detector's polygons
(yellow), then the text mask against the true glyph pixels (green: found, red: missed,
blue: false) with ``text_mask(..., copies=False)`` (each copy alone: over the texture most
pieces fall back to their filled polygon) and with the default (the copies' median decides).

Usage::

    python scripts/samples_hard.py --out out/hard_tune --split tune --only text_
    python scripts/make_glyph_figure.py --data out/hard_tune [--out docs/glyph_copies.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import matplotlib
import numpy as np
from PIL import Image

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools import registry  # noqa: E402
from creative_tools.bench import metrics as E  # noqa: E402
from creative_tools.bench.datasets import open_dataset  # noqa: E402
from creative_tools.text.glyphs import text_mask  # noqa: E402


def overlay(image: np.ndarray, mask: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """``image`` darkened, with found (green), missed (red) and false (blue) glyph pixels."""
    out = image // 2
    out[mask & truth] = (0, 200, 0)
    out[~mask & truth] = (255, 0, 0)
    out[mask & ~truth] = (0, 120, 255)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="out/hard_tune", help="folder of the hard tune set (samples_hard.py)")
    ap.add_argument("--name", default="hard_text_watermark_tune_1", help="creative to draw")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "glyph_copies.png")
    a = ap.parse_args(argv)
    sample = next((s for s in open_dataset(a.data) if s.name == a.name), None)
    if sample is None:
        raise SystemExit(f"--data {a.data}: no creative named {a.name!r} (run scripts/samples_hard.py first)")
    polys = registry.load("text", "ppocr", tight=False).detect(sample.image).polygons
    boxes = sample.image.copy()
    cv2.polylines(boxes, [np.round(p).astype(np.int32) for p in polys], True, (255, 255, 0), 2)
    panels = [("input and detector polygons", boxes)]
    for title, kw in (("each copy alone (copies=False)", dict(copies=False)), ("voted by the copies (default)", {})):
        m = text_mask(sample.image, polys, **kw)
        panels.append((f"{title}: glyph R {E.glyph_recall(m, sample.text):.2f} / "
                       f"P {E.glyph_precision(m, sample.text):.2f}", overlay(sample.image, m, sample.text)))
    fig, axes = plt.subplots(1, 3, figsize=(15, 6.8), dpi=64)
    for ax, (title, im) in zip(axes, panels):
        ax.imshow(im)
        ax.set_title(title, fontsize=10)
        ax.axis("off")
    fig.tight_layout()
    a.out.parent.mkdir(parents=True, exist_ok=True)
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    # a palette image: the photo's few hundred colours, a quarter of the bytes
    Image.fromarray(rgb).quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(a.out, optimize=True)
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
