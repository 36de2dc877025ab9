"""Text masks before and after a change, side by side: glyph recall / precision, and what
removal makes of them (residual text, PSNR inside the removed region).

The detector runs once per image (the default ``ppocr``, its polygons); both text-mask
rules then turn the *same* polygons into masks, so the columns differ only by the mask
rule and the text dilation:

* ``before``: ``creative_tools/text/glyphs.py`` as it was at ``--before`` (a git commit),
  with the text dilation of that commit (``long side / 400``);
* ``after``: the working tree's ``text_mask`` with each ``--dilate`` setting
  (``default`` = ``PipelineConfig``'s default, ``long/N``, or pixels).

Per setting: ``glyph_recall`` / ``glyph_precision`` of the text mask (mean over images,
as ``bench quality``), ``residual_text`` (words legible after removal / legible before,
``bench.residual``), ``psnr_removed`` (recovered vs true background inside the true
removal region, from the mean per-image MSE, as ``bench quality``), the fill mask's
share of the image, and the text mask's own milliseconds per image (the two rules
alternate on each image, one process). The fill mask is the pipeline's merge of the
person mask (``--person mediapipe``, else none) and the text mask; the inpainter is the
pipeline's default.

Usage::

    python scripts/samples_hard.py --out out/hard_tune --split tune --only text_
    python scripts/eval_glyphs.py --data data --person mediapipe
    python scripts/eval_glyphs.py --data out/hard_tune
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools import registry  # noqa: E402
from creative_tools.bench import metrics as E  # noqa: E402
from creative_tools.bench.datasets import open_dataset  # noqa: E402
from creative_tools.bench.residual import Residual, default_readers, residual_words  # noqa: E402
from creative_tools.pipeline import Pipeline, PipelineConfig  # noqa: E402
from creative_tools.text import glyphs  # noqa: E402


def before_module(commit: str) -> types.ModuleType:
    """``creative_tools.text.glyphs`` as it was at ``commit`` (read with ``git show``)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:creative_tools/text/glyphs.py"],
                         check=True, capture_output=True, text=True).stdout
    mod = types.ModuleType("creative_tools.text._glyphs_before")
    mod.__package__ = "creative_tools.text"
    exec(compile(src, f"{commit}:glyphs.py", "exec"), mod.__dict__)
    return mod


def dilation(spec: str, shape) -> int | None:
    """``default`` -> None (the config's own), ``long/N`` -> pixels, ``N`` -> N."""
    if spec == "default":
        return None
    if spec.startswith("long/"):
        return max(1, round(max(shape[:2]) / float(spec[5:])))
    return int(spec)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", nargs="+", default=["data"], help="datasets (bench quality specs or folders)")
    ap.add_argument("--before", default="b82464f", help="git commit of the 'before' glyphs.py")
    ap.add_argument("--dilate", nargs="+", default=["default"], help="text dilations of 'after'")
    ap.add_argument("--person", default="none", help="person backend for the fill mask (none: text only)")
    ap.add_argument("--no-residual", action="store_true", help="skip the recognisers")
    a = ap.parse_args(argv)

    old = before_module(a.before)
    det = registry.load("text", "ppocr", tight=False)
    readers = None if a.no_residual else default_readers()
    person = None if a.person == "none" else Pipeline(PipelineConfig(person=a.person, text=None))
    settings = [("before", old.text_mask, "long/400")] + [(f"after {d}", glyphs.text_mask, d) for d in a.dilate]
    for spec in a.data:
        acc = {n: dict(R=[], P=[], mse=[], fill=[], ms=[], res=Residual()) for n, _, _ in settings}
        ds = open_dataset(spec)
        for s in ds:
            polys = det.detect(s.image).polygons
            pm = np.zeros(s.image.shape[:2], bool)
            if person is not None:
                pm = person.person_masks(person.segment_people([s.image]), [s.image])[0]
            for name, rule, dil in settings:
                t0 = time.perf_counter()
                tm = rule(s.image, polys)
                ms = 1000 * (time.perf_counter() - t0)
                pipe = Pipeline(PipelineConfig(text_dilate=dilation(dil, s.image.shape)))
                fill = pipe.merge_masks(pm, tm)
                bg = pipe.inpaint([s.image], [fill])[0]
                r = acc[name]
                r["ms"].append(ms)
                r["fill"].append(float(fill.mean()))
                if s.text is not None and s.text.any():
                    r["R"].append(E.glyph_recall(tm, s.text))
                    r["P"].append(E.glyph_precision(tm, s.text))
                if s.background is not None and s.removal.any():
                    r["mse"].append(E.mse(bg, s.background, region=s.removal))
                if readers and s.words:
                    r["res"] = r["res"] + residual_words(readers, s.image, bg, s.words, s.transcriptions)
            print(f"  {ds.name} {s.name}", file=sys.stderr, flush=True)
        print(f"\n{ds.name} ({len(acc['before']['ms'])} images)\n")
        print("| setting | glyph R | glyph P | residual_text | psnr_removed | fill % | mask ms / image |")
        print("|---|---|---|---|---|---|---|")
        for name, _, _ in settings:
            r = acc[name]
            res = r["res"]
            rs = f"{res.residual} / {res.legible} = {res.rate:.3f}" if res.legible else "-"
            ps = f"{E.psnr_from_mse(float(np.mean(r['mse']))):.2f}" if r["mse"] else "-"
            print(f"| {name} | {np.mean(r['R']):.3f} | {np.mean(r['P']):.3f} | {rs} | {ps} | "
                  f"{100 * np.mean(r['fill']):.2f} | {np.mean(r['ms']):.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
