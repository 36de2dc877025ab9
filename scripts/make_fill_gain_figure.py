"""docs/fill_gain.jpg: the wide-hole fill with copied texture (``gain=1``) and with the ring's gain (default).

Rows: ``data/brick_portrait``, ``data/rocket_landscape`` and two creatives of the hard
set's tune half; columns: creative, clean plate, ``auto`` with ``gain=1`` (the look before
session 5), ``auto`` (``gain="ring"``). Same masks for both fills: the default pipeline's,
taken from ``scripts/eval_fill.py``'s cache (``out/fill_cache``) when there, else computed.

Usage::

    python scripts/samples_hard.py --out out/hard_tune --split tune
    python scripts/make_fill_gain_figure.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from creative_tools.bench.datasets import creatives  # noqa: E402
from creative_tools.registry import load  # noqa: E402
from eval_fill import pipeline_mask  # noqa: E402

PICKS = [("data", "brick_portrait"), ("data", "rocket_landscape"),
         ("out/hard_tune", "hard_person_group_tune_2"), ("out/hard_tune", "hard_person_objects_tune_3")]


def main() -> int:
    fills = [load("inpaint", "auto", gain=1.0), load("inpaint", "auto")]
    rows, holder = [], []
    for root, stem in PICKS:
        name = Path(root).name
        s = next((s for s in creatives(ROOT / root, name=name) if s.name == stem), None)
        if s is None:
            print(f"skipped {root}/{stem}: not found (generate the hard set first)")
            continue
        m = pipeline_mask(s, ROOT / "out" / "fill_cache" / name, holder)
        ys, xs = np.nonzero(m | s.removal)
        y0, y1 = max(0, ys.min() - 20), min(m.shape[0], ys.max() + 20)
        x0, x1 = max(0, xs.min() - 20), min(m.shape[1], xs.max() + 20)
        tiles = [s.image, s.background] + [f.inpaint(s.image, m) for f in fills]
        row = np.concatenate([t[y0:y1, x0:x1] for t in tiles], 1)
        rows.append(cv2.resize(row, None, fx=1200 / row.shape[1], fy=1200 / row.shape[1], interpolation=cv2.INTER_AREA))
    out = ROOT / "docs" / "fill_gain.jpg"
    sep = np.full((6, 1200, 3), 255, np.uint8)
    cv2.imwrite(str(out), np.concatenate([x for r in rows for x in (r, sep)][:-1], 0)[..., ::-1],
                [cv2.IMWRITE_JPEG_QUALITY, 85])
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
