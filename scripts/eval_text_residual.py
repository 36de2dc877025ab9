"""Residual text and detection cost of text-detector settings, side by side in one process.

For every image of every dataset, each setting (``PPOCRText`` options) detects text
(timed), the pipeline's text fill mask is inpainted with the default inpainter and
:func:`creative_tools.bench.residual.residual_words` reads every labelled word before and
after (the ``residual_text`` metric of ``bench quality``). Settings alternate image by
image, so the detection-time ratio compares like with like on a shared machine::

    python scripts/eval_text_residual.py --data out/hard_tune icdar15 data
    python scripts/eval_text_residual.py --data out/hard_tune \\
        --config "v4=dict(union=())" "v4+v6=dict()"

Datasets: anything :func:`creative_tools.bench.datasets.open_dataset` opens: ``icdar15``
(``$CREATIVE_TOOLS_SHARED/eval/text_icdar15``), ``data``, ``NAME=PATH`` or a
folder in the ``data/`` layout (e.g. the hard set of ``scripts/samples_hard.py``).
"""

from __future__ import annotations

import argparse
import time
import numpy as np

DEFAULT = {
    "before: v4 alone": {"union": ()},
    "after: v4 + v6 small boxes": {},
}


def main(argv=None) -> int:
    from creative_tools.bench.datasets import open_dataset
    from creative_tools.bench.quality import _Acc, _text_scores
    from creative_tools.bench.residual import default_readers, residual_words
    from creative_tools.pipeline import Pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", nargs="+", default=["icdar15", "data"], help="datasets (default: icdar15 data)")
    ap.add_argument("--config", nargs="*", default=None,
                    help="NAME=dict(...) of PPOCRText options (default: the former and the current default)")
    ap.add_argument("--show", action="store_true", help="print the words still legible after removal")
    ap.add_argument("--per-image", action="store_true",
                    help="one line per image and setting: glyph recall, words legible before / after, "
                         "and the words no reader could read even in the input")
    args = ap.parse_args(argv)
    cfgs = DEFAULT if not args.config else {
        k: eval(v, {"dict": dict}) for k, v in (c.split("=", 1) for c in args.config)}
    pipes = {k: Pipeline(person=None, text="ppocr", text_options=v) for k, v in cfgs.items()}
    readers = default_readers()
    for spec in args.data:
        ds = open_dataset(spec)
        acc = {k: _Acc() for k in cfgs}
        secs = {k: 0.0 for k in cfgs}
        for i, s in enumerate(ds):
            order = list(cfgs) if i % 2 == 0 else list(cfgs)[::-1]
            for k in order:
                pipe = pipes[k]
                t0 = time.perf_counter()
                det = pipe.detect_text([s.image])[0]
                secs[k] += time.perf_counter() - t0
                removed = pipe.merge_masks(np.zeros_like(det.mask), det.mask)
                _text_scores(acc[k], det.mask, det.polygons, s, removed=removed)
                res = None
                if s.words:
                    bg = pipe.inpaint([s.image], [removed])[0]
                    res = residual_words(readers, s.image, bg, s.words, s.transcriptions)
                    acc[k].add_residual(res)
                if args.per_image:
                    one = _Acc()
                    _text_scores(one, det.mask, det.polygons, s)
                    g = one.result().get("glyph_recall", (float("nan"),))[0]
                    line = f"   {s.name} [{k}] glyph R {g:.3f}"
                    if res is not None:
                        unread = [x.label for x in res.readings if not x.legible_before]
                        line += f", left {res.residual} / {res.legible} legible, unreadable in the input: {unread}"
                    print(line, flush=True)
        base = secs[next(iter(cfgs))]
        print(f"\n{ds.name} ({len(ds)} images)")
        print("| setting | residual_text | glyph R / P | word P / R | det s | det time ratio |")
        print("|---|---|---|---|---|---|")
        for k in cfgs:
            r = acc[k].result()
            res = acc[k].residual
            g = r.get("glyph_recall", (float("nan"),))[0], r.get("glyph_precision", (float("nan"),))[0]
            w = r.get("word_precision", (float("nan"),))[0], r.get("word_recall", (float("nan"),))[0]
            print(f"| {k} | {res.residual} / {res.legible} = {res.rate:.3f} | {g[0]:.3f} / {g[1]:.3f} "
                  f"| {w[0]:.3f} / {w[1]:.3f} | {secs[k]:.1f} | {secs[k] / base:.2f} |")
            if args.show:
                print("   left:", [x.label for x in res.readings if x.legible_after])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
