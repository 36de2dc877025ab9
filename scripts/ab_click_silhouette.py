#!/usr/bin/env python
"""One-click IoU with ``silhouette`` off and on, artifact by artifact, in one process.

(Kept for the commands docs/results.md cites from sessions 19 - 20; ``scripts/ab_click.py``
compares any two option sets, click by click, and is the loop to use now.)

For every artifact of creatives ``START .. START + COUNT - 1`` of a split (the splits of
``scripts/eval_click.py``): one :class:`ClickSegmenter` per artifact (saliency "auto"),
with OPTIONS (a JSON object of further options, e.g. '{"silhouette_contact": 8}'); the
most-interior click segmented with ``silhouette`` False, then True (the flag toggled on
the same analysis), and RANDOM further clicks drawn inside the artifact's truth
(:func:`creative_tools.bench.objects.random_click_points`, the seeds of eval_click), each
segmented both ways. One line per artifact (``LOSS`` / ``gain`` where the two differ by
>= 0.005), the means, and a crop of both masks per changed artifact under
``$PICS/SPLIT`` (default ``out/ab_click/pics``); the rows as JSON under ``$OUTD``
(default ``out/ab_click``)::

    python scripts/ab_click_silhouette.py SPLIT [COUNT=24] [RANDOM=0] [OPTIONS={}] [START=0]

The CPU times in the JSON (``t_off``, ``t_on``, most-interior click only) are biased and
not a measure of the silhouette's cost: the off click always runs first and carries the
segmenter's one-time lazy work (proposals, colour tables), so ``t_off`` > ``t_on`` by
construction. Quote ``scripts/eval_click.py`` (one segmenter per artifact per run, first
and further clicks apart) for time per click.

Session 20 ran it on the tune halves to find what ``silhouette`` loses; on the held-out
halves (creatives 0..23) twice, after rules 1 - 2 (losses seen, then mended by rules 3 -
4 on tune halves) and after rules 3 - 4; and, in the review, once on creatives 24..47 of
every held-out half that nobody had run (docs/results.md).
"""
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import artcheck_sets  # noqa: E402
import eval_click as ec  # noqa: E402
import samples_fresh  # noqa: E402
from creative_tools.bench.click_styles import make_click_creative  # noqa: E402
from creative_tools.bench.metrics import mask_iou  # noqa: E402
from creative_tools.bench.objects import click_point, random_click_points  # noqa: E402
from creative_tools.objects.click import ClickSegmenter  # noqa: E402
from creative_tools.objects.saliency import Saliency  # noqa: E402


def sample(split, i):
    if split.startswith("artcheck"):
        return artcheck_sets.make(split, i)
    if split == "fresh":
        return samples_fresh.fresh_artifact(i)
    if split.startswith("click_"):
        return make_click_creative(i, split=split[6:])
    from creative_tools.bench.artifacts import make_creative
    return make_creative(i, split=split)


def main(argv):
    split = argv[0]
    count = int(argv[1]) if len(argv) > 1 else 24
    rnd_k = int(argv[2]) if len(argv) > 2 else 0
    opts = json.loads(argv[3]) if len(argv) > 3 else {}
    start = int(argv[4]) if len(argv) > 4 else 0
    out = ROOT / os.environ.get("OUTD", "out/ab_click")
    pics = Path(os.environ.get("PICS", out / "pics")) / split
    sess = Saliency()
    rows = []
    for i in range(start, start + count):
        s = sample(split, i)
        for j, art in enumerate(s.artifacts):
            pt = click_point(art.mask)
            seg = ClickSegmenter(s.image, saliency="auto", session=sess, **opts)
            seg.silhouette = False
            t = time.process_time()
            off = seg.segment([pt])
            t_off = time.process_time() - t
            seg.silhouette = True
            t = time.process_time()
            on = seg.segment([pt])
            t_on = time.process_time() - t
            a, b = mask_iou(off, art.mask), mask_iou(on, art.mask)
            ro, rn = [], []
            for q in random_click_points(art.mask, rnd_k, seed=1000 * i + j):
                seg.silhouette = False
                ro.append(mask_iou(seg.segment([q]), art.mask))
                seg.silhouette = True
                rn.append(mask_iou(seg.segment([q]), art.mask))
            rows.append(dict(name=s.name, j=j, kind=art.kind, shape=art.shape, off=a, on=b,
                             t_off=t_off, t_on=t_on, roff=ro, ron=rn))
            flag = "" if abs(a - b) < 0.005 else ("  LOSS" if b < a else "  gain")
            print(f"{s.name} {j} {art.kind}/{art.shape} off={a:.3f} on={b:.3f}{flag}", flush=True)
            if abs(a - b) >= 0.005:
                ec._picture(pics / f"{s.name}_{j}_{art.shape}_off{a:.2f}.png", s.image, art.mask, off, pt)
                ec._picture(pics / f"{s.name}_{j}_{art.shape}_on{b:.2f}.png", s.image, art.mask, on, pt)
    print(f"== {split} n={len(rows)} off {np.mean([r['off'] for r in rows]):.3f} "
          f"on {np.mean([r['on'] for r in rows]):.3f}")
    if rnd_k:
        print(f"   random off {np.mean(sum([r['roff'] for r in rows], [])):.3f} "
              f"on {np.mean(sum([r['ron'] for r in rows], [])):.3f}")
    out.mkdir(parents=True, exist_ok=True)
    json.dump(rows, open(out / f"{split}{'_r' if rnd_k else ''}.json", "w"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
