#!/usr/bin/env python
"""Where the default text stage's second network pass (PP-OCRv4 at 1.25x) matters.

Two questions before running v4 "only where it changes the answer" (issue 8, item 6):

1. ``--crop``: does v4's map of a crop match its map of the whole image once the crop
   has enough context around it? A window around the strongest text of each image
   is cut from the 1.25x input on the network's 32-px grid, with 0, 64, 128 and 256 px
   of context on every side, and its map is compared with the whole image's there.
2. ``--where`` (the default): per final polygon of the default detector, the highest
   value of v6 small's 1.0x map (the other whole-image pass) and of v4's 1.25x map
   inside it; and how much of the image the 64-px cells where v6's map reaches a low
   level (grown by one cell, as ``PPOCRText(rescan=...)`` grows them) cover: the share
   of v4's pass a v6-seeded crop would still run.

::

    python scripts/where_v4_matters.py --crop --count 16 --shared ../shared
    python scripts/where_v4_matters.py --count 24 --sets SETS/tune --out out/where.json

Session 17: the crops never match. On 16 typical creatives, a 256-px window with
256 px of context on every side (at 1.25x) still differs from the whole image's map by
up to 0.74-1.0, and 11.8 % of the window's text pixels (over 0.3) are over 0.3 in one
map only (0 px of context: 58 %); more context does not always help (rocket_landscape
64 px: 500 pixels, 256 px: 1074), as expected from v4's squeeze-and-excitation blocks
(20 ``GlobalAveragePool`` nodes: every output depends on the whole input's mean
features). And v6's cells at 0.02 cover 0.57 of a typical creative on average (7 of
24 over the 0.6 whole-image fallback); on the hard tune split 59 final polygons come
from v4 where v6's map stays under 0.05 (58 under 0.005).
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEVELS = (0.005, 0.02, 0.05)


def crop_match(det, image, pads=(0, 64, 128, 256), window=256):
    """Per pad: (mean |diff|, max |diff|, pixels over 0.3 in one map only, pixels
    over 0.3 in the whole image's map)."""
    H, W = image.shape[:2]
    s = det._pass_scale(H, W, det._scale(H, W), det.scales[0])
    h, w = round(H * s), round(W * s)
    rgb = (
        cv2.resize(image, (w, h), interpolation=cv2.INTER_LINEAR)
        if (h, w) != (H, W)
        else image
    )
    # both maps without the tall-image transposition of ``_prob_scaled_groups`` (a crop
    # and its image would otherwise be read in different orientations)
    full = det._run_padded_groups(rgb, [det.sessions], rgb=True)[0]
    if full.max() < 0.5 or min(h, w) < window:
        return None
    yy, xx = np.nonzero(full > 0.5)
    half = window // 2
    cy = min(max(int(np.median(yy)) // 32 * 32, half), (h - half) // 32 * 32)
    cx = min(max(int(np.median(xx)) // 32 * 32, half), (w - half) // 32 * 32)
    y0, x0 = cy - half, cx - half
    y1, x1 = y0 + window, x0 + window
    out = {}
    for pad in pads:
        Y0, X0 = max(0, y0 - pad), max(0, x0 - pad)  # multiples of 32: the same grid
        Y1, X1 = min(h, y1 + pad), min(w, x1 + pad)
        p = det._run_padded_groups(rgb[Y0:Y1, X0:X1], [det.sessions], rgb=True)[0]
        a, b = p[y0 - Y0 : y1 - Y0, x0 - X0 : x1 - X0], full[y0:y1, x0:x1]
        d = np.abs(a - b)
        out[pad] = (
            float(d.mean()),
            float(d.max()),
            int(((a > 0.3) != (b > 0.3)).sum()),
            int((b > 0.3).sum()),
        )
    return out


def where(det, image):
    """The ``--where`` figures of one image (see the module docstring)."""
    H, W = image.shape[:2]
    s = det._scale(H, W)
    h, w = max(1, round(H * s)), max(1, round(W * s))
    p6 = det._pred_at(image, s, [det.union_sessions[0]])
    p4 = det._pred_at(image, det._pass_scale(H, W, s, det.scales[0]))
    if p4.shape != (h, w):
        p4 = cv2.resize(p4, (w, h), interpolation=cv2.INTER_AREA)
    _prob, polys, _scores = det._detect_one(image)
    per = []
    for q in polys:
        m = np.zeros((h, w), np.uint8)
        cv2.fillPoly(m, [np.round(np.asarray(q) * [w / W, h / H]).astype(np.int32)], 1)
        sel = m.astype(bool)
        if sel.any():
            per.append((float(p6[sel].max()), float(p4[sel].max())))
    cell, cover = 64, {}
    for level in LEVELS:
        gh, gw = -(-h // cell), -(-w // cell)
        g = np.zeros((gh * cell, gw * cell), bool)
        g[:h, :w] = p6 >= level
        g = g.reshape(gh, cell, gw, cell).any(axis=(1, 3)).astype(np.uint8)
        cover[level] = float(cv2.dilate(g, np.ones((3, 3), np.uint8)).mean())
    return dict(per=per, cover=cover)


def main(argv=None) -> int:
    from creative_tools.bench.typical import typical_creatives
    from creative_tools.io import load_image
    from creative_tools.text.ppocr import PPOCRText

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--crop", action="store_true", help="question 1 instead of question 2"
    )
    ap.add_argument(
        "--count", type=int, default=24, help="typical creatives (default 24)"
    )
    ap.add_argument(
        "--sets", nargs="*", default=[], help="folders of PNG creatives to add"
    )
    ap.add_argument(
        "--shared", default=None, help="the shared folder (typical creatives)"
    )
    ap.add_argument("--out", default=None, help="write the per-image figures as JSON")
    args = ap.parse_args(argv)
    det = PPOCRText(concurrent=False)
    images = [
        ("typical/" + n, im)
        for n, im in typical_creatives(n=args.count, shared=args.shared)
    ]
    for folder in args.sets:
        images += [
            (f"{Path(folder).name}/{Path(p).stem}", load_image(p))
            for p in sorted(glob.glob(str(Path(folder) / "*.png")))
        ]
    rows = {}
    for name, im in images:
        rows[name] = crop_match(det, im) if args.crop else where(det, im)
        print(
            name,
            rows[name]
            if args.crop
            else {
                "v6 < 0.05 under a final polygon": sum(
                    a < 0.05 for a, _ in rows[name]["per"]
                ),
                "cover": rows[name]["cover"],
            },
            flush=True,
        )
    if not args.crop:
        cov = {
            lv: float(np.mean([r["cover"][lv] for r in rows.values()])) for lv in LEVELS
        }
        weak = sum(a < 0.05 and b >= 0.3 for r in rows.values() for a, b in r["per"])
        print(
            f"mean cell cover by level {cov}; "
            f"final polygons v4 sees (>= 0.3) where v6 < 0.05: {weak}"
        )
    if args.out:
        Path(args.out).write_text(json.dumps(rows, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
