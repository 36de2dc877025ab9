"""Where the default text stage's time goes: per-step timers on typical creatives.

Runs the default ``ppocr`` text backend (``PPOCRText()``, or the options given) and the
naive script's detector (rapidocr 3.10, v6 small alone) on the same creatives in one
process, alternating, and splits the text stage into its steps by timing the functions
it calls::

    python scripts/profile_text.py --count 8
    python scripts/profile_text.py --count 8 --options '{"denormal_as_zero": false}' --cprofile 15

With the default ``concurrent=True`` the ``v6 net`` pass (and the tiling evidence, in
``other``) runs on a helper thread while ``v4 net`` runs, so the steps add up to more
than the stage; ``--options '{"concurrent": false}'`` gives the sequential split.

Steps: the two detector networks (``v4 net``, ``v6 net``: onnxruntime's ``run``), the
network input (``_blob``: normalisation into NCHW), DB post-processing (``db_boxes``),
the box union (``unite_boxes``), the recogniser on uncertain boxes, the tiled-watermark
repeat step and the glyph masks; ``other`` is the rest of the stage (resizes, padding,
map fusion, contract checks). Times are wall-clock milliseconds per creative on this
machine: compare them with each other and with the naive detector of the same run, not
across runs (the machine may be shared).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import time


def _timed(fn, acc, key, count=None):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[key] += time.perf_counter() - t0
            if count is not None:
                acc[count] += len(args[-1]) if args else 0
    return wrapper


def profile(creatives, *, options: dict | None = None, naive: bool = True, cprofile: int = 0) -> dict:
    """Per-step seconds (summed over ``creatives``) of ``PPOCRText(**options)``.

    Parameters
    ----------
    creatives : list of (str, (H, W, 3) uint8)
    options : dict, optional
        ``PPOCRText`` options (default: the default backend).
    naive : bool
        Also time the naive script's detector on each creative (``naive`` key).
    cprofile : int
        If > 0, print this many lines of a cProfile of the text stage (by own time).

    Returns
    -------
    dict
        Step name -> seconds summed over the creatives; ``stage`` is the whole text
        stage (``detect``: networks, boxes, recogniser, repeats and glyph masks),
        ``boxes`` / ``checked`` count the polygons kept and the boxes read.
    """
    from creative_tools.text import glyphs, ppocr
    from creative_tools.text.ppocr import PPOCRText

    acc: collections.Counter = collections.Counter()
    det = PPOCRText(**(options or {}))
    main_key = "v4 net" if det.model == "ppocrv4" else "main net"
    union_keys = ["v6 net" if name == "ppocrv6_small" else f"{name} net" for name in det.union]
    # the sessions of the two passes that run side by side (``overlap_threads``) are
    # copies of these: their time is the same networks'
    copies = ([], []) if det._overlap is None else det._overlap[1]
    seen = set()
    for sessions, keys in ((list(det.sessions) + list(copies[0]), None),
                           (list(det.union_sessions) + list(copies[1]), union_keys + union_keys)):
        for k, sess in enumerate(sessions):
            if id(sess) not in seen:  # each session wrapped once
                seen.add(id(sess))
                sess.run = _timed(sess.run, acc, main_key if keys is None else keys[k])
    saved = {(ppocr, "_blob"): ppocr._blob, (ppocr, "db_boxes"): ppocr.db_boxes,
             (ppocr, "unite_boxes"): ppocr.unite_boxes, (ppocr, "repeated_polygons"): ppocr.repeated_polygons,
             (glyphs, "text_mask"): glyphs.text_mask}
    names = {"_blob": "network input", "db_boxes": "DB boxes", "unite_boxes": "union of boxes",
             "repeated_polygons": "repeat step", "text_mask": "glyph masks"}
    for (mod, attr), fn in saved.items():
        setattr(mod, attr, _timed(fn, acc, names[attr]))
    if det.recognizer is not None:
        det.recognition_confidence = _timed(det.recognition_confidence, acc, "recogniser", count="checked")
    script = None
    if naive:
        from creative_tools.bench.naive import NaiveScript

        script = NaiveScript()
    prof = None
    try:
        det.detect(creatives[0][1])  # warm-up
        if script is not None:
            script.text_mask(creatives[0][1])
        acc.clear()
        if cprofile:
            import cProfile

            prof = cProfile.Profile()
        for k, (_, im) in enumerate(creatives):
            runs = ["stage", "naive"] if k % 2 == 0 else ["naive", "stage"]
            for what in runs:
                t0 = time.perf_counter()
                if what == "stage":
                    if prof is not None:
                        prof.enable()
                    d = det.detect(im)
                    if prof is not None:
                        prof.disable()
                    acc["boxes"] += len(d.polygons)
                elif script is not None:
                    script.text_mask(im)
                else:
                    continue
                acc[what] += time.perf_counter() - t0
    finally:
        for (mod, attr), fn in saved.items():
            setattr(mod, attr, fn)
    if prof is not None:
        import pstats

        pstats.Stats(prof).sort_stats("tottime").print_stats(int(cprofile))
    return dict(acc)


def main(argv=None) -> int:
    from creative_tools.bench.typical import typical_creatives

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=8, help="typical creatives (default 8)")
    ap.add_argument("--megapixels", type=float, default=1.0)
    ap.add_argument("--options", type=json.loads, default=None, metavar="JSON", help="PPOCRText options")
    ap.add_argument("--no-naive", dest="naive", action="store_false", help="skip the naive script's detector")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print N lines of cProfile")
    args = ap.parse_args(argv)
    creatives = typical_creatives(n=args.count, megapixels=args.megapixels)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    acc = profile(creatives, options=args.options, naive=args.naive, cprofile=args.cprofile)
    n = len(creatives)
    stage = acc.get("stage", 0.0)
    steps = [k for k in acc if k not in ("stage", "naive", "boxes", "checked")]
    known = sum(acc[k] for k in steps)
    print(f"{n} typical creatives, options {args.options or {}}, load {load:.1f} at the start")
    print("| step | ms per creative | share of the stage |\n|---|---|---|")
    for k in sorted(steps, key=lambda k: -acc[k]):
        print(f"| {k} | {1000 * acc[k] / n:.0f} | {100 * acc[k] / stage:.0f} % |")
    if stage > known:
        print(f"| other | {1000 * (stage - known) / n:.0f} | {100 * (stage - known) / stage:.0f} % |")
    else:  # concurrent steps overlap
        print(f"| (steps overlapping: their sum is {known / stage:.2f}x the stage) | | |")
    print(f"| **text stage** | **{1000 * stage / n:.0f}** | |")
    if "naive" in acc:
        print(f"| naive script's detector | {1000 * acc['naive'] / n:.0f} | stage / naive {stage / acc['naive']:.2f} |")
    print(f"boxes kept {acc.get('boxes', 0) / n:.1f}, read by the recogniser {acc.get('checked', 0) / n:.1f} per creative")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
