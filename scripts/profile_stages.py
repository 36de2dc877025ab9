"""Where the default pipeline's CPU goes, stage by stage, beside the naive script's.

Runs the default CLI pipeline (``Pipeline()``'s backends and options) with every thread
count fixed to 1 (OpenMP, OpenCV, the text backend's onnxruntime sessions, which then run
their steps one after the other) and the person and text stages one after the other, so
each stage's CPU time is its own; then the naive script (:class:`~creative_tools.bench.naive.NaiveScript`)
on the same creatives. Times are CPU seconds of this process (``time.process_time``: all
threads), which a machine shared with other engineers inflates far less than wall time::

    python scripts/profile_stages.py --count 24

The text stage is split by timing the functions it calls: the two detector networks
(``v4 net``, ``v6 net``: onnxruntime's ``run``), the network input (``_blob``), DB
post-processing with the bent regions' split (``db_boxes``), the box union, the
recogniser (every call: the uncertain boxes and the later passes' new boxes), the tiling
checks (``_tiling``: tiling and lattice evidence), the tiled-watermark repeat step and the
glyph masks; the later passes' own network calls (fine print, tiled views) are in the
network rows; ``other`` is the rest (resizes, map fusion, contract checks). The naive script's onnxruntime session
(rapidocr's) keeps its own thread count: its CPU is what it spends as the script runs it.
Wall time of the default (threaded, side-by-side) pipeline is ``bench speed --typical``'s.
"""

from __future__ import annotations

import argparse
import collections
import os
import time

_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _timed(fn, acc, key):
    def wrapper(*args, **kwargs):
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[key] += time.process_time() - t0
    return wrapper


def profile(creatives, *, naive: bool = True) -> dict:
    """CPU seconds per stage and per text step, summed over ``creatives``.

    OpenCV runs on one thread meanwhile (its setting is restored at the end).

    Parameters
    ----------
    creatives : list of (str, (H, W, 3) uint8)
    naive : bool
        Also the naive script, per stage.

    Returns
    -------
    dict
        ``{"pipeline": {stage: s}, "text": {step: s}, "naive": {stage: s}}``; stages
        ``person``, ``text``, ``merge``, ``fill``, ``total`` (the loop's CPU);
        ``naive`` is empty without the naive script.
    """
    import cv2

    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        return _profile(creatives, naive=naive)
    finally:
        cv2.setNumThreads(threads)


def _profile(creatives, *, naive: bool) -> dict:
    import cv2
    import numpy as np

    from creative_tools.pipeline import Pipeline, PipelineConfig
    from creative_tools.text import glyphs, ppocr

    pipe = Pipeline(PipelineConfig(text_options={"threads": 1, "concurrent": False}), concurrent=False)
    det = pipe.text_model
    steps: collections.Counter = collections.Counter()
    for sess in det.sessions:
        sess.run = _timed(sess.run, steps, "v4 net")
    for sess in det.union_sessions:
        sess.run = _timed(sess.run, steps, "v6 net")
    saved = {(ppocr, "_blob"): "network input", (ppocr, "db_boxes"): "db_boxes (bent split included)",
             (ppocr, "unite_boxes"): "union of boxes", (ppocr, "repeated_polygons"): "repeat step",
             (glyphs, "text_mask"): "glyph masks"}
    originals = {k: getattr(*k) for k in saved}
    for (mod, attr), key in saved.items():
        setattr(mod, attr, _timed(getattr(mod, attr), steps, key))
    for attr, key in (("_tiling", "tiling checks"), ("recognition_confidence", "recogniser")):
        setattr(det, attr, _timed(getattr(det, attr), steps, key))
    stages: collections.Counter = collections.Counter()
    try:
        pipe.run(creatives[0][1])  # warm-up: first-call costs
        steps.clear()
        c0 = time.process_time()
        for _, im in creatives:
            t0 = time.process_time()
            maps = pipe.person_maps([im])
            t1 = time.process_time()
            texts = pipe.detect_text([im])
            t2 = time.process_time()
            fill = pipe.merge_masks(pipe.person_fills(maps, [im])[0], texts[0].mask)
            t3 = time.process_time()
            pipe.inpaint([im], [fill])
            t4 = time.process_time()
            stages.update({"person": t1 - t0, "text": t2 - t1, "merge": t3 - t2, "fill": t4 - t3})
        stages["total"] = time.process_time() - c0
    finally:
        for (mod, attr), fn in originals.items():
            setattr(mod, attr, fn)
    out = {"pipeline": dict(stages), "text": dict(steps), "naive": {}}
    if naive:
        from creative_tools.bench.naive import NaiveScript

        script = NaiveScript()
        script.run(creatives[0][1])
        nv: collections.Counter = collections.Counter()
        for _, im in creatives:
            t0 = time.process_time()
            pm = script.person_mask(im)
            t1 = time.process_time()
            tm = script.text_mask(im)
            t2 = time.process_time()
            cv2.inpaint(im, (pm | tm).view(np.uint8), 5, cv2.INPAINT_TELEA)
            t3 = time.process_time()
            nv.update({"person": t1 - t0, "text": t2 - t1, "fill": t3 - t2})
        nv["total"] = sum(nv.values())
        out["naive"] = dict(nv)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=24, help="typical creatives (default 24)")
    ap.add_argument("--no-naive", dest="naive", action="store_false", help="skip the naive script")
    args = ap.parse_args(argv)
    for k in _THREAD_ENV:  # before NumPy / OpenCV start their pools
        os.environ[k] = "1"
    from creative_tools.bench.typical import typical_creatives

    creatives = typical_creatives(n=args.count)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    res = profile(creatives, naive=args.naive)
    n = len(creatives)
    p, nv = res["pipeline"], res["naive"]
    print(f"{n} typical creatives, CPU ms per creative, threads 1, load {load:.1f} at the start")
    print("| stage | pipeline | naive script |\n|---|---|---|")
    for k in ("person", "text", "merge", "fill", "total"):
        print(f"| {k} | {1000 * p.get(k, 0.0) / n:.0f} | "
              f"{1000 * nv[k] / n:.0f} |" if k in nv else f"| {k} | {1000 * p.get(k, 0.0) / n:.0f} | - |")
    text = p.get("text", 0.0)
    known = sum(res["text"].values())
    print("\n| text step | CPU ms | share of the text stage |\n|---|---|---|")
    for k, v in sorted(res["text"].items(), key=lambda kv: -kv[1]):
        print(f"| {k} | {1000 * v / n:.0f} | {100 * v / text:.0f} % |")
    print(f"| other | {1000 * (text - known) / n:.0f} | {100 * (text - known) / text:.0f} % |")
    if nv:
        print(f"\npipeline / naive, CPU: {p['total'] / nv['total']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
