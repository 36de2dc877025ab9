"""Person masks on the hard set, VOC and data/, by split, for two settings side by side.

For each setting of the ``mediapipe`` backend (default: ``before`` = without the selfie
gate and the second look, i.e. the backend as of commit b82464f; ``after`` = the
defaults; ``--setting NAME JSON`` replaces them, e.g. ``--setting stress
'{"tiles": 3, "score_threshold": 0.4}'``) and each group (``hard-tune``,
``hard-heldout``, ``voc``, ``data``):

* person IoU (mean, min) on images with people (VOC void band ignored);
* on images without people: the largest share of pixels marked person and how many
  images exceed 0.5 %;
* glow: the mean absolute colour difference (0-255) between the creative and its true
  clean plate in the 3 px ring just outside the fill mask (person mask dilated by the
  pipeline's default ``long side / 200``, union the true text mask). Pixels outside the
  fill mask are never changed by the fill, so whatever of the person is left there is
  exactly what shows as a glow after inpainting; 0 is perfect (creatives only);
* seconds per image, the two settings run alternately on each image in one process.

Usage::

    python scripts/samples_hard.py --out out/hard          # once
    python scripts/eval_person_hard.py --hard out/hard [--only voc data]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench.datasets import shared_dir  # noqa: E402
from creative_tools.bench.metrics import mask_iou  # noqa: E402
from creative_tools.masks import dilate  # noqa: E402
from creative_tools.person.mediapipe import MediaPipePerson  # noqa: E402

SETTINGS = {"before": {"selfie_gate": False, "second_look": False}, "after": {}}


def _rgb(p: Path) -> np.ndarray:
    return np.asarray(Image.open(p).convert("RGB"))


def _creatives(root: Path, group_of):
    for img in sorted(root.glob("*.png")):
        t = root / "truth" / img.stem
        if not (t / "person_mask.png").exists():
            continue
        meta = json.loads((t / "meta.json").read_text()) if (t / "meta.json").exists() else {}
        group = group_of(meta)
        if group is None:
            continue
        gt = np.asarray(Image.open(t / "person_mask.png").convert("L")) > 127
        text = np.asarray(Image.open(t / "text_mask.png").convert("L")) > 127
        yield group, img.stem, _rgb(img), gt, np.zeros_like(gt), _rgb(t / "background.png"), text


def items(hard: Path | None, groups: list[str] | None, *, by_family: bool = False):
    def want(g):
        g = g.split("/")[0]
        return groups is None or g in groups or g.split("-")[0] in groups

    def group_of(m):
        fam = m.get("family", "")
        if not fam.startswith(("person_", "negative_")):
            return None
        return f"hard-{m.get('split', 'tune')}" + (f"/{fam}" if by_family else "")

    if hard is not None and hard.is_dir():
        for it in _creatives(hard, group_of):
            if want(it[0]):
                yield it
    voc = shared_dir() / "eval" / "person_voc"
    if want("voc") and voc.is_dir():
        for gt_path in sorted(voc.glob("*_person.png")):
            stem = gt_path.name[: -len("_person.png")]
            m = np.asarray(Image.open(gt_path).convert("L"))
            yield "voc", stem, _rgb(voc / f"{stem}.jpg"), m == 255, m == 128, None, None
    if want("data"):
        yield from _creatives(ROOT / "data", lambda m: "data")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hard", type=Path, default=ROOT / "out" / "hard", help="the hard set (samples_hard.py)")
    ap.add_argument("--only", nargs="*", default=None, help="groups: hard, hard-tune, hard-heldout, voc, data")
    ap.add_argument("--verbose", action="store_true", help="one line per image")
    ap.add_argument("--by-family", action="store_true", help="hard-set groups split by family (hard-tune/person_small, ...)")
    ap.add_argument("--setting", nargs=2, action="append", metavar=("NAME", "JSON"),
                    help="a setting: name and backend options as JSON (repeatable; replaces the defaults)")
    args = ap.parse_args(argv)
    settings = SETTINGS
    if args.setting:
        settings = {}
        for name, text in args.setting:
            try:
                settings[name] = json.loads(text)
            except json.JSONDecodeError as e:
                ap.error(f"--setting {name}: options must be a JSON object, got {text!r} ({e})")
            if not isinstance(settings[name], dict):
                ap.error(f"--setting {name}: options must be a JSON object, got {text!r}")
    segs = {k: MediaPipePerson(**o) for k, o in settings.items()}
    rows = {k: {} for k in segs}
    for n, (group, stem, image, gt, void, plate, text) in enumerate(items(args.hard, args.only, by_family=args.by_family)):
        order = list(segs) if n % 2 == 0 else list(segs)[::-1]
        for k in order:
            t = time.perf_counter()
            pred = segs[k].segment(image)
            sec = time.perf_counter() - t
            valid = ~void
            row = {"stem": stem, "seconds": sec}
            if gt.any():
                row["iou"] = mask_iou(pred, gt, ignore=void)
            else:
                row["false"] = float(pred[valid].mean())
            if plate is not None and gt.any():
                fill = dilate(pred | text, max(1, max(image.shape[:2]) // 200))
                ring = dilate(fill, 3) & ~fill & ~text
                diff = np.abs(image.astype(int) - plate).mean(-1)
                row["glow"] = float(diff[ring].mean()) if ring.any() else 0.0
            rows[k].setdefault(group, []).append(row)
            if args.verbose:
                print(k, group, row, flush=True)
    print("| setting | group | person IoU mean (min, n) | no-person images > 0.5 % (max) | glow | s / image |")
    print("|---|---|---|---|---|---|")
    for k in segs:
        for group, rs in sorted(rows[k].items()):
            ious = [r["iou"] for r in rs if "iou" in r]
            fps = [r["false"] for r in rs if "false" in r]
            glows = [r["glow"] for r in rs if "glow" in r]
            iou = f"{np.mean(ious):.3f} ({np.min(ious):.3f}, {len(ious)})" if ious else "-"
            fp = f"{sum(f > 0.005 for f in fps)}/{len(fps)} ({max(fps):.2%})" if fps else "-"
            glow = f"{np.mean(glows):.2f}" if glows else "-"
            print(f"| {k} | {group} | {iou} | {fp} | {glow} | {np.median([r['seconds'] for r in rs]):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
