"""docs/fill_gain.jpg: the wide-hole fill with copied texture, with the ring's gain, and the default.

Rows: ``data/brick_portrait``, ``data/rocket_landscape``, two creatives of the hard set's
tune half, a synthetic tile plate (a periodic texture, :func:`tile_plate`) and one artifact
creative on a checkerboard (``bench.artifacts``, split ``extra``, its true removal
region as the mask: the generator is not the fill's tuning data); columns:
creative, clean plate, ``auto`` with ``gain=1`` (the look before session 5), the session-5
default (``gain="ring"``, ``floor=0``, no lattice) and ``auto`` now (the ring's gain
floored at ``floor``, holes on a regular texture filled from its lattice). Same masks for
every fill: the default pipeline's, taken from ``scripts/eval_fill.py``'s cache
(``out/fill_cache``) when there, else computed (the tile plate: a person-sized ellipse).

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


def tile_plate(h: int = 420, w: int = 640) -> tuple[np.ndarray, np.ndarray]:
    """A tiled wall (offset rows of 46 x 30 px tiles, grout, a shading gradient, noise) and a hole.

    Returns
    -------
    plate : (h, w, 3) uint8
    hole : (h, w) bool
        A person-sized ellipse.
    """
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    row = (y // 30).astype(int)
    xx = x + 23 * (row % 2)
    grout = ((y % 30) < 3) | ((xx % 46) < 3)
    base = np.array([196, 120, 84], np.float32) * (0.85 + 0.3 * x[..., None] / w)
    tint = rng.uniform(-12, 12, (row.max() + 2, int(w / 46) + 3, 1)).astype(np.float32)
    img = base + tint[row, (xx // 46).astype(int)]
    img[grout] = (236, 228, 214)
    img += rng.normal(0, 4, img.shape).astype(np.float32)
    hole = ((y - 0.55 * h) / (0.38 * h)) ** 2 + ((x - 0.5 * w) / (0.16 * w)) ** 2 < 1
    return np.clip(img, 0, 255).astype(np.uint8), hole


def main() -> int:
    fills = [load("inpaint", "auto", gain=1.0, floor=0.0, lattice=0.0),
             load("inpaint", "auto", floor=0.0, lattice=0.0), load("inpaint", "auto")]
    width = 1500
    rows, holder = [], []
    plate, hole = tile_plate()
    shown = plate.copy()
    shown[hole] = (40, 40, 48)  # the object over the wall
    tiles = [shown, plate] + [f.inpaint(shown, hole) for f in fills]
    row = np.concatenate(tiles, 1)
    tile_row = cv2.resize(row, None, fx=width / row.shape[1], fy=width / row.shape[1], interpolation=cv2.INTER_AREA)
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
        rows.append(cv2.resize(row, None, fx=width / row.shape[1], fy=width / row.shape[1], interpolation=cv2.INTER_AREA))
    rows.append(tile_row)
    from creative_tools.bench.artifacts import make_creative

    art = make_creative(21, split="extra")
    removal = (art.image != art.background).any(axis=2)
    row = np.concatenate([art.image, art.background] + [f.inpaint(art.image, removal) for f in fills], 1)
    rows.append(cv2.resize(row, None, fx=width / row.shape[1], fy=width / row.shape[1], interpolation=cv2.INTER_AREA))
    out = ROOT / "docs" / "fill_gain.jpg"
    sep = np.full((6, width, 3), 255, np.uint8)
    cv2.imwrite(str(out), np.concatenate([x for r in rows for x in (r, sep)][:-1], 0)[..., ::-1],
                [cv2.IMWRITE_JPEG_QUALITY, 85])
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
