"""Text masks before and after a change, side by side: glyph recall / precision, and what
removal makes of them (residual text, PSNR inside the removed region).

The detector runs once per image (the default ``ppocr``, its polygons); both text-mask
rules then turn the *same* polygons into masks, so the columns differ only by the mask
rule and the text dilation:

* ``before``: ``creative_tools/text/glyphs.py`` as it was at ``--before`` (a git commit),
  with the text dilation ``--before-dilate`` (default ``long/400``, that of b82464f);
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

``--gap`` instead splits what the working tree's text mask ``M`` loses against the truth
``T``, per family (``meta.json``'s ``family``; ``data`` for ``data/``), mean over images:

* ``R`` / ``P``: ``glyph_recall`` / ``glyph_precision`` as defined (``bench quality``);
  ``Rv`` / ``Pv``: the same with the invisible truth ignored (``metrics.invisible_glyphs``:
  truth pixels the text changed by ``dE*ab < 2.3``, counted in neither term);
* recall lost, as shares of ``T``: ``det`` = true glyphs outside every detector polygon
  grown by the glyph rule's reach (0.15 x text height: the detector's part), ``in-box`` =
  inside, missed by the mask (the glyph rule's part), of which ``unseen`` are invisible;
* precision lost, as shares of ``M``: ``edge`` = false pixels touching the truth (8-
  neighbours: anti-aliased rim), ``far`` = the others (texture, filled-box fallbacks);
* ``Rrem``: recall of the *removed* text (``M`` dilated by the default text dilation);
* ``rim`` / ``rim-vis``: the in-box loss within 1 px of ``M`` (8-neighbours: the glyphs'
  outer rim, a thresholding loss, not a missed letter), all and its visible part;
  ``stroke`` = ``in-box`` - ``rim``: truth missed farther than 1 px from the mask (soft
  shadows, outlines the background explained away, whole letters);
* ``box``: precision lost to box-shaped masks, as a share of ``M``: false pixels inside
  the detector polygons the mask fills (at least 0.9 of the polygon: the filled-polygon
  fallback, text under ``min_height``, a polygon with no ring), part of ``edge`` + ``far``;
  ``boxes``: how many polygons the mask fills, of all (mean per image).

``--per-image`` prints the same terms per image instead of per family.

``--options NAME=JSON ...`` compares ``text_mask`` keyword settings on the same (cached)
polygons instead, one process: mean ``R`` / ``P`` and the text mask's CPU seconds per
setting, and the images whose R or P moved (the first setting is the reference).

Usage::

    python scripts/samples_hard.py --out out/hard_tune --split tune --only text_
    python scripts/eval_glyphs.py --data data --person mediapipe
    python scripts/eval_glyphs.py --data out/hard_tune
    python scripts/eval_glyphs.py --gap --data data out/hard_tune out/hard_heldout --cache out/glyph_cache
    python scripts/eval_glyphs.py --time --data data out/hard_tune --cache out/glyph_cache --before 36377b7
    python scripts/eval_glyphs.py --options main={} mh6='{"min_height": 6}' --data out/hard_tune --cache out/glyph_cache
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


def detections(ds, det, cache: Path | None):
    """Per sample: ``(sample, polygons)`` from the default detector, read from / written
    to ``cache/<dataset>/<name>.npz`` when ``cache`` is given (masks then re-run in
    seconds while the detector's answer stays fixed)."""
    for s in ds:
        f = None if cache is None else cache / ds.name.replace("/", "_") / f"{s.name}.npz"
        if f is not None and f.is_file():
            z = np.load(f)
            yield s, [z[f"p{i}"] for i in range(int(z["n"]))]
            continue
        polys = det().detect(s.image).polygons
        if f is not None:
            f.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(f, n=len(polys), **{f"p{i}": p for i, p in enumerate(polys)})
        yield s, polys


def reach(shape, polys, grow: float = 0.15) -> np.ndarray:
    """The detector polygons, each grown by ``grow`` x its text height: where the glyph
    rule looks (``text_mask``'s ``grow``). ``(H, W) bool``."""
    import cv2

    out = np.zeros(shape, np.uint8)
    for p in polys:
        g = max(1, int(round(grow * glyphs.polygon_height(p))))
        m = np.zeros(shape, np.uint8)
        cv2.fillPoly(m, [np.round(p).astype(np.int32)], 1)
        out |= cv2.dilate(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * g + 1, 2 * g + 1)))
    return out > 0


def box_polygons(shape, polys, mask: np.ndarray, *, cover: float = 0.9) -> tuple[np.ndarray, int]:
    """The union ``(H, W) bool`` of the polygons ``mask`` fills (at least ``cover`` of each
    polygon's pixels), and how many there are: where the text mask is the box, not the
    glyphs.

    >>> m = np.zeros((20, 40), bool); m[2:10, 2:20] = True
    >>> sq = lambda x0, x1: np.array([[x0, 2], [x1, 2], [x1, 9], [x0, 9]], np.float32)
    >>> u, n = box_polygons(m.shape, [sq(2, 19), sq(22, 38)], m)
    >>> n, int(u.sum())
    (1, 144)
    """
    import cv2

    out = np.zeros(shape, bool)
    n = 0
    for p in polys:
        one = np.zeros(shape, np.uint8)
        cv2.fillPoly(one, [np.round(p).astype(np.int32)], 1)
        one = one > 0
        k = int(one.sum())
        if k and float((mask & one).sum()) >= cover * k:
            out |= one
            n += 1
    return out, n


def gap_row(s, polys, mask: np.ndarray) -> dict:
    """The split of one image's glyph losses (see the module docstring)."""
    import cv2

    T, M = s.text, mask
    inv = E.invisible_glyphs(s.image, s.background, T)
    near_T = cv2.dilate(T.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    near_M = cv2.dilate(M.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    rad = PipelineConfig().dilation(T.shape)["text"]
    removed = cv2.dilate(M.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * rad + 1,) * 2)) > 0
    cov = reach(T.shape, polys)
    box, n_box = box_polygons(T.shape, polys, M)
    nT, nM = max(int(T.sum()), 1), max(int(M.sum()), 1)
    return {
        "R": E.glyph_recall(M, T), "P": E.glyph_precision(M, T),
        "Rv": E.glyph_recall(M, T, ignore=inv), "Pv": E.glyph_precision(M, T, ignore=inv),
        "det": float((T & ~cov).sum()) / nT, "in-box": float((T & cov & ~M).sum()) / nT,
        "unseen": float((T & cov & ~M & inv).sum()) / nT,
        "edge": float((M & ~T & near_T).sum()) / nM, "far": float((M & ~near_T).sum()) / nM,
        "Rrem": E.glyph_recall(removed, T),
        "rim": float((T & cov & ~M & near_M).sum()) / nT,
        "rim-vis": float((T & cov & ~M & near_M & ~inv).sum()) / nT,
        "stroke": float((T & cov & ~M & ~near_M).sum()) / nT,
        "box": float((M & box & ~T).sum()) / nM,
        "boxes": (n_box, len(polys)),
    }


def _lazy_detector():
    """A callable that loads the text detector (boxes, not tight) on its first call only:
    with every detection cached, no model is loaded."""
    det_ = []

    def det():
        if not det_:
            det_.append(registry.load("text", "ppocr", tight=False))
        return det_[0]

    return det


def time_rules(specs, cache: Path | None, before: str, repeat: int = 3) -> None:
    """CPU seconds of the text mask alone, ``before``'s rule against the working tree's,
    alternating on the same (cached) polygons, ``repeat`` times, one process."""
    old = before_module(before)
    det = _lazy_detector()
    for spec in specs:
        ds = open_dataset(spec)
        items = [(s.image, polys) for s, polys in detections(ds, det, cache)]
        t = {"before": 0.0, "after": 0.0}
        for rep in range(repeat):
            for k, (im, polys) in enumerate(items):
                order = [("before", old.text_mask), ("after", glyphs.text_mask)]
                for name, rule in (order if (rep + k) % 2 == 0 else order[::-1]):
                    t0 = time.process_time()
                    rule(im, polys)
                    t[name] += time.process_time() - t0
        print(f"{ds.name}: text mask CPU s, {repeat} x {len(items)} images: before {t['before']:.2f}, "
              f"after {t['after']:.2f}, ratio {t['after'] / max(t['before'], 1e-9):.3f}", flush=True)


def gap(specs, cache: Path | None, per_image: bool = False) -> None:
    """Print the per-family (``per_image``: per-image) split of the glyph losses for
    each dataset."""
    det = _lazy_detector()
    keys = ["R", "P", "Rv", "Pv", "det", "in-box", "unseen", "edge", "far", "Rrem", "rim", "rim-vis", "stroke", "box"]
    for spec in specs:
        ds = open_dataset(spec)
        fams: dict[str, list] = {}
        for s, polys in detections(ds, det, cache):
            if s.text is None or not s.text.any() or s.background is None:
                continue
            key = s.name if per_image else s.meta.get("family", "data")
            fams.setdefault(key, []).append(gap_row(s, polys, glyphs.text_mask(s.image, polys)))
            print(f"  {ds.name} {s.name}", file=sys.stderr, flush=True)
        rows = [r for v in fams.values() for r in v]
        print(f"\n{ds.name} ({len(rows)} images)\n")
        print(f"| {'image' if per_image else 'family'} | n | " + " | ".join(keys) + " | boxes |")
        print("|---" * (len(keys) + 3) + "|")
        for name, rs in sorted(fams.items()) + [("**all**", rows)]:
            nb = f"{sum(r['boxes'][0] for r in rs)}/{sum(r['boxes'][1] for r in rs)}"
            print(f"| {name} | {len(rs)} | " + " | ".join(f"{np.nanmean([r[k] for r in rs]):.3f}" for k in keys)
                  + f" | {nb} |", flush=True)


def parse_options(specs) -> dict:
    """``["NAME=JSON", ...]`` -> ``{NAME: kwargs}`` for ``text_mask`` (order kept).

    >>> parse_options(["main={}", 'mh6={"min_height": 6}'])
    {'main': {}, 'mh6': {'min_height': 6}}
    """
    import json

    out = {}
    for spec in specs:
        name, sep, kw = spec.partition("=")
        if not sep or not name:
            raise SystemExit(f"--options takes NAME=JSON, got {spec!r}")
        out[name] = json.loads(kw or "{}")
    return out


def ab_rows(items, configs: dict) -> tuple[dict, dict, list]:
    """Per setting, ``(R, P)`` of ``text_mask(image, polys, **kwargs)`` per image with text,
    and its CPU seconds in all; ``items`` are ``(sample, polygons)``. Returns
    ``(scores, seconds, names)``."""
    scores = {k: [] for k in configs}
    secs = dict.fromkeys(configs, 0.0)
    names = []
    for s, polys in items:
        if s.text is None or not s.text.any():
            continue
        names.append(s.name)
        for k, kw in configs.items():
            t0 = time.process_time()
            M = glyphs.text_mask(s.image, polys, **kw)
            secs[k] += time.process_time() - t0
            scores[k].append((E.glyph_recall(M, s.text), E.glyph_precision(M, s.text)))
    return scores, secs, names


def ab(specs, cache: Path | None, configs: dict) -> None:
    """Print the ``--options`` comparison for each dataset."""
    det = _lazy_detector()
    for spec in specs:
        ds = open_dataset(spec)
        scores, secs, names = ab_rows(detections(ds, det, cache), configs)
        ks = list(configs)
        print(f"\n{ds.name} ({len(names)} images)\n")
        for i, n in enumerate(names):
            row = [scores[k][i] for k in ks]
            if any(abs(r[0] - row[0][0]) > 1e-4 or abs(r[1] - row[0][1]) > 1e-4 for r in row):
                print(f"  {n}: " + ", ".join(f"{k} {r[0]:.3f} / {r[1]:.3f}" for k, r in zip(ks, row)))
        print("\n| setting | glyph R | glyph P | mask CPU s |\n|---|---|---|---|")
        for k in ks:
            a = np.array(scores[k], float).reshape(-1, 2)
            print(f"| {k} | {np.nanmean(a[:, 0]):.4f} | {np.nanmean(a[:, 1]):.4f} | {secs[k]:.1f} |", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", nargs="+", default=["data"], help="datasets (bench quality specs or folders)")
    ap.add_argument("--before", default="b82464f", help="git commit of the 'before' glyphs.py")
    ap.add_argument("--dilate", nargs="+", default=["default"], help="text dilations of 'after'")
    ap.add_argument("--before-dilate", default="long/400", help="text dilation of 'before' (default long/400, "
                    "that of b82464f; 'default' for the config's own)")
    ap.add_argument("--person", default="none", help="person backend for the fill mask (none: text only)")
    ap.add_argument("--no-residual", action="store_true", help="skip the recognisers")
    ap.add_argument("--gap", action="store_true", help="split the working tree's glyph losses per family")
    ap.add_argument("--per-image", action="store_true", help="(--gap) one row per image instead of per family")
    ap.add_argument("--cache", type=Path, default=None, help="(--gap, --time) folder caching the detector's polygons")
    ap.add_argument("--time", action="store_true", help="CPU time of the text mask, --before's rule vs the working tree's")
    ap.add_argument("--options", nargs="+", default=None, metavar="NAME=JSON",
                    help="compare text_mask keyword settings on the same polygons (the first is the reference)")
    a = ap.parse_args(argv)
    if a.options:
        ab(a.data, a.cache, parse_options(a.options))
        return 0
    if a.gap:
        gap(a.data, a.cache, per_image=a.per_image)
        return 0
    if a.time:
        time_rules(a.data, a.cache, a.before)
        return 0

    old = before_module(a.before)
    det = registry.load("text", "ppocr", tight=False)
    readers = None if a.no_residual else default_readers()
    person = None if a.person == "none" else Pipeline(PipelineConfig(person=a.person, text=None))
    settings = [("before", old.text_mask, a.before_dilate)] + [(f"after {d}", glyphs.text_mask, d) for d in a.dilate]
    for spec in a.data:
        acc = {n: dict(R=[], P=[], mse=[], fill=[], ms=[], res=Residual()) for n, _, _ in settings}
        ds = open_dataset(spec)
        for s in ds:
            polys = det.detect(s.image).polygons
            pm = np.zeros(s.image.shape[:2], bool)
            if person is not None:
                pm = person.person_fills(person.person_maps([s.image]), [s.image])[0]
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
