"""Measure person backends: IoU against ground truth and per-stage latency.

Datasets:

* ``person_voc`` (``<eval>/person_voc/<stem>.jpg`` + ``<stem>_person.png``; 255 person,
  0 not, 128 void = ignored),
* the synthetic creatives in ``data/`` (``data/<stem>.png`` + ``data/truth/<stem>/person_mask.png``).

Usage::

    .venv/bin/python scripts/eval_person.py                       # mediapipe + selfie
    .venv/bin/python scripts/eval_person.py --backend mediapipe --option selfie=never
    .venv/bin/python scripts/eval_person.py --speed 1024          # latency on 1024x1024
    .venv/bin/python scripts/eval_person.py --save /tmp/overlays  # overlays to look at
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import creative_tools as ct  # noqa: E402


def load_rgb(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def voc_items(eval_dir: Path):
    d = eval_dir / "person_voc"
    for gt in sorted(d.glob("*_person.png")):
        stem = gt.name[: -len("_person.png")]
        img = next((p for p in (d / f"{stem}.jpg", d / f"{stem}.png") if p.exists()), None)
        if img is None:
            continue
        m = np.asarray(Image.open(gt).convert("L"))
        yield stem, load_rgb(img), m == 255, m == 128


def data_items(data_dir: Path):
    for img in sorted(data_dir.glob("*.png")):
        gt = data_dir / "truth" / img.stem / "person_mask.png"
        if not gt.exists():
            continue
        m = np.asarray(Image.open(gt).convert("L"))
        yield img.stem, load_rgb(img), m > 127, np.zeros(m.shape, bool)


def iou(pred: np.ndarray, gt: np.ndarray, void: np.ndarray) -> float | None:
    """IoU over non-void pixels; None when both prediction and truth are empty."""
    valid = ~void
    inter = np.count_nonzero(pred & gt & valid)
    union = np.count_nonzero((pred | gt) & valid)
    return None if union == 0 else inter / union


def evaluate(seg, items, *, save: Path | None = None) -> dict:
    rows = []
    for stem, image, gt, void in items:
        t = time.perf_counter()
        pred = seg.segment(image)
        ms = (time.perf_counter() - t) * 1e3
        score = iou(pred, gt, void)
        fp = int(np.count_nonzero(pred & ~void)) if not gt.any() else None
        rows.append(dict(stem=stem, iou=score, gt_pixels=int(gt.sum()), false_pixels=fp, ms=ms))
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            ov = image.copy()
            ov[pred & gt] = (0.5 * ov[pred & gt] + [0, 110, 0]).astype(np.uint8)  # green: hit
            ov[pred & ~gt & ~void] = (0.5 * ov[pred & ~gt & ~void] + [120, 0, 0]).astype(np.uint8)
            ov[~pred & gt] = (0.5 * ov[~pred & gt] + [0, 0, 120]).astype(np.uint8)  # blue: miss
            Image.fromarray(np.concatenate([image, ov], 1)).save(save / f"{stem}_{seg.name}.png")
    with_people = [r["iou"] for r in rows if r["gt_pixels"] > 0 and r["iou"] is not None]
    return dict(rows=rows, mean_iou=float(np.mean(with_people)) if with_people else None)


def speed(seg, size: int, repeat: int) -> dict:
    """Per-stage latency of the mediapipe backend on a real photo resized to size x size."""
    from creative_tools.person import mediapipe as M

    src = None
    for p in sorted((ROOT.parent / "shared" / "eval" / "person_voc").glob("*.jpg")):
        src = p
    img = load_rgb(src) if src else np.random.default_rng(0).integers(0, 255, (size, size, 3), np.uint8)
    img = np.asarray(Image.fromarray(img).resize((size, size)))
    seg.probability(img)  # warm-up
    total = []
    for _ in range(repeat):
        t = time.perf_counter()
        seg.probability(img)
        total.append((time.perf_counter() - t) * 1e3)
    out = dict(image=str(src), size=size, total_ms=float(np.median(total)))
    if isinstance(seg, M.MediaPipePerson):
        stages = {"detect": [], "persons": [], "selfie": []}
        for _ in range(repeat):
            t0 = time.perf_counter()
            dets = seg.detect(img)
            t1 = time.perf_counter()
            for d in dets:
                M._person_prob(seg._nets["pose_landmark"], img, d.roi(scale=seg.roi_scale))
            t2 = time.perf_counter()
            if "selfie" in seg._nets:
                M.selfie_ensemble_prob(seg._nets, img, flip=seg.selfie_flip)
            t3 = time.perf_counter()
            stages["detect"].append((t1 - t0) * 1e3)
            stages["persons"].append((t2 - t1) * 1e3)
            stages["selfie"].append((t3 - t2) * 1e3)
        out.update({f"{k}_ms": float(np.median(v)) for k, v in stages.items()}, people=len(dets))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", action="append", help="person backend(s) (default: mediapipe, selfie)")
    ap.add_argument("--option", action="append", default=[], help="key=value backend option")
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data")
    ap.add_argument("--save", type=Path, help="write overlays here (green hit, red false, blue miss)")
    ap.add_argument("--speed", type=int, help="also time a SIZE x SIZE image")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    options = {}
    for kv in args.option:
        k, v = kv.split("=", 1)
        try:
            options[k] = ast.literal_eval(v)
        except (ValueError, SyntaxError):
            options[k] = v
    for name in args.backend or ["mediapipe", "selfie"]:
        seg = ct.load("person", name, **(options if name == "mediapipe" else {}))
        for label, items in (("person_voc", voc_items(args.eval_dir)), ("data", data_items(args.data_dir))):
            res = evaluate(seg, list(items), save=args.save)
            if not res["rows"]:
                continue
            print(f"== {name} on {label}: mean IoU (images with people) = "
                  f"{res['mean_iou'] if res['mean_iou'] is None else round(res['mean_iou'], 4)}")
            for r in res["rows"]:
                extra = f" false-positive px={r['false_pixels']}" if r["false_pixels"] is not None else ""
                iou_s = "n/a" if r["iou"] is None else f"{r['iou']:.4f}"
                print(f"   {r['stem']:<28} IoU={iou_s}{extra}  {r['ms']:.0f} ms")
        if args.speed:
            print(f"   speed: {speed(seg, args.speed, args.repeat)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
