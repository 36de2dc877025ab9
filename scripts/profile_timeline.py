"""Where the default pipeline's wall goes: a timeline of one run per creative, thread by thread.

``scripts/profile_stages.py`` gives each stage's CPU with every thread count fixed to 1;
this script runs the default pipeline as ``bench speed --typical`` does (``Pipeline()``,
its threads and side-by-side stages) and records, per creative:

* each step's start and end (``time.perf_counter``) and the Python thread that ran it
  (the pipeline's stages, the text backend's network passes, tiling checks, recogniser,
  DB boxes, the faint pass's look (``faint look``, with its view, map and boxes as their
  own step: on a helper thread since session 23), repeat step and glyph masks, the fill's
  steps);
* the CPU of every thread of the process (``/proc/self/task/<tid>/schedstat``, sampled
  every few milliseconds on a daemon thread; onnxruntime's and TFLite's own threads
  included), so each phase's CPU is known per thread.

The run is cut into phases on the calling thread (the networks until the first whole-image
pass ends, the text stage's lighter steps, the glyph masks, the wait for the person stage,
merge, fill); for each phase: its wall, the CPU of all threads, the CPU of the busiest
thread, and ``max(busiest, all / 2)``: the least wall a quiet 2-core machine could give
that phase's CPU (its cores-busy figure says how much of a second core it used)::

    python scripts/profile_timeline.py --count 24

On a machine shared with other engineers the walls stretch; the CPU columns much less.
Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import collections
import os
import threading
import time

#: The steps timed: (module path, object, attribute, label).
STEPS = (
    ("creative_tools.pipeline", "Pipeline", "person_maps", "person"),
    ("creative_tools.pipeline", "Pipeline", "detect_text", "text"),
    ("creative_tools.pipeline", "Pipeline", "merge_masks", "merge"),
    ("creative_tools.pipeline", "Pipeline", "inpaint", "fill"),
    ("creative_tools.text.ppocr", "PPOCRText", "_pred_at", "net"),
    ("creative_tools.text.ppocr", "PPOCRText", "_tiling", "tiling checks"),
    ("creative_tools.text.ppocr", "PPOCRText", "recognition_confidence", "recogniser"),
    ("creative_tools.text.ppocr", "PPOCRText", "_low_contrast_pass", "faint look"),
    ("creative_tools.text.ppocr", "PPOCRText", "_low_contrast_boxes", "faint look: view, map, boxes"),
    ("creative_tools.text.ppocr", None, "db_boxes", "db_boxes"),
    ("creative_tools.text.ppocr", None, "repeated_polygons", "repeat step"),
    ("creative_tools.text.base", "TextDetector", "make_mask", "glyph masks"),
    ("creative_tools.inpaint.classical", "AutoInpainter", "holes", "fill: holes"),
    ("creative_tools.inpaint.classical", "AutoInpainter", "lattice_pass", "fill: lattice"),
    ("creative_tools.inpaint.classical", "TwoScaleInpainter", "inpaint_batch", "fill: wide holes"),
    ("creative_tools.inpaint.classical", "MembraneInpainter", "inpaint_batch", "fill: thin holes"),
)
#: Phases of the calling thread, in order.
PHASES = ("networks, until the first whole-image pass ends", "text after that, before the glyph masks",
          "glyph masks", "waiting for the person stage", "merge", "fill", "rest of run")


class _Sampler:
    """CPU seconds of every thread of this process, sampled on a daemon thread."""

    def __init__(self, every: float = 0.004):
        self.every, self.samples = every, collections.defaultdict(list)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="timeline-sampler")

    def _loop(self):
        me = threading.get_native_id()
        while not self._stop.is_set():
            t = time.perf_counter()
            for tid in os.listdir("/proc/self/task"):
                if int(tid) == me:
                    continue
                try:
                    with open(f"/proc/self/task/{tid}/schedstat") as f:
                        self.samples[int(tid)].append((t, int(f.read().split()[0]) / 1e9))
                except OSError:
                    pass  # the thread ended
            time.sleep(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def cpu(self, t0: float, t1: float) -> dict:
        """CPU seconds per thread id between ``t0`` and ``t1`` (linear between samples)."""
        import numpy as np

        out = {}
        for tid, xs in self.samples.items():
            ts = np.array([x[0] for x in xs])
            cs = np.array([x[1] for x in xs])
            if len(ts) < 2 or ts[0] > t1 or ts[-1] < t0:
                continue
            d = float(np.interp(t1, ts, cs) - np.interp(t0, ts, cs))
            if d > 0:
                out[tid] = d
        return out


def _wrap(fn, label, events):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            events.append((label, threading.current_thread().name, t0, time.perf_counter()))
    return wrapper


def _phases(events, start, end):
    """The calling thread's phase boundaries (absolute perf_counter times) of one run."""
    main = threading.main_thread().name
    first = {lab: next(e for e in events if e[0] == lab and e[1] == main) for lab in ("text", "merge", "fill")}
    text, fill = first["text"], first["fill"]
    nets = [e[3] for e in events if e[0] == "net" and e[2] < text[3]]
    net_end = min(nets) if nets else text[2]
    glyph = [e for e in events if e[0] == "glyph masks" and e[1] == main]
    g0 = glyph[0][2] if glyph else text[3]
    cuts = (start, max(start, net_end), g0, text[3], first["merge"][2], fill[2], fill[3], end)
    return dict(zip(PHASES, zip(cuts[:-1], cuts[1:])))


def timeline(creatives, *, pipeline=None) -> dict:
    """One run of the default pipeline per creative, timed step by step and thread by thread.

    Parameters
    ----------
    creatives : list of (str, (H, W, 3) uint8)
    pipeline : Pipeline, optional
        Default: ``Pipeline()`` (the default CLI's backends and options).

    Returns
    -------
    dict
        ``runs``: per creative, ``name``, ``wall`` (s) and ``events`` (label, thread name,
        start, end; seconds from the run's start); ``phases``: per phase, the seconds summed
        over the creatives of ``wall``, ``cpu`` (all threads), ``busiest`` (the busiest
        thread's CPU) and ``bound`` (``max(busiest, cpu / 2)``); ``steps``: per (label,
        thread name prefix), the seconds summed over the creatives; ``wall``: the runs' sum.
    """
    import importlib

    from creative_tools.pipeline import Pipeline

    events: list = []
    saved = []
    for mod_name, obj_name, attr, label in STEPS:
        owner = importlib.import_module(mod_name)
        owner = getattr(owner, obj_name) if obj_name else owner
        saved.append((owner, attr, owner.__dict__.get(attr)))  # None: inherited
        setattr(owner, attr, _wrap(getattr(owner, attr), label, events))
    try:
        pipe = pipeline if pipeline is not None else Pipeline()
        pipe.run(creatives[0][1])  # warm-up: first-call costs
        runs = []
        with _Sampler() as sampler:
            time.sleep(0.02)
            for name, im in creatives:
                events.clear()
                t0 = time.perf_counter()
                pipe.run(im)
                t1 = time.perf_counter()
                runs.append({"name": name, "start": t0, "end": t1, "events": list(events)})
            time.sleep(0.02)
    finally:
        for owner, attr, fn in saved:
            if fn is None:
                delattr(owner, attr)
            else:
                setattr(owner, attr, fn)
    phases = {p: collections.Counter() for p in PHASES}
    steps: collections.Counter = collections.Counter()
    for r in runs:
        for p, (a, b) in _phases(r["events"], r["start"], r["end"]).items():
            cpu = sampler.cpu(a, b) if b > a else {}
            busy = max(cpu.values(), default=0.0)
            phases[p].update({"wall": b - a, "cpu": sum(cpu.values()), "busiest": busy,
                              "bound": max(busy, sum(cpu.values()) / 2)})
        for lab, thr, a, b in r["events"]:
            steps[(lab, thr.rsplit("_", 1)[0])] += b - a
        r["wall"] = r["end"] - r["start"]
        r["events"] = [(lab, thr, a - r["start"], b - r["start"]) for lab, thr, a, b in r["events"]]
        del r["start"], r["end"]
    return {"runs": runs, "phases": {p: dict(c) for p, c in phases.items()}, "steps": dict(steps),
            "wall": sum(r["wall"] for r in runs)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=24, help="typical creatives (default 24)")
    ap.add_argument("--show", type=int, default=1, help="print the step-by-step timeline of this many creatives")
    args = ap.parse_args(argv)
    from creative_tools.bench.typical import typical_creatives

    creatives = typical_creatives(n=args.count)
    load = os.getloadavg()[0]
    res = timeline(creatives)
    n = len(creatives)
    print(f"{n} typical creatives, default pipeline, ms per creative; load {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; wall {1000 * res['wall'] / n:.0f} ms")
    print("| phase (calling thread) | wall | CPU, all threads | busiest thread | 2-core bound | cores busy |")
    print("|---|---|---|---|---|---|")
    tot = collections.Counter()
    for p, c in res["phases"].items():
        tot.update(c)
        print(f"| {p} | {1000 * c['wall'] / n:.0f} | {1000 * c['cpu'] / n:.0f} | {1000 * c['busiest'] / n:.0f} | "
              f"{1000 * c['bound'] / n:.0f} | {c['cpu'] / max(c['wall'], 1e-9):.2f} |")
    print(f"| **run** | {1000 * tot['wall'] / n:.0f} | {1000 * tot['cpu'] / n:.0f} | | {1000 * tot['bound'] / n:.0f} | "
          f"{tot['cpu'] / max(tot['wall'], 1e-9):.2f} |")
    print("\n| step | thread | ms per creative |\n|---|---|---|")
    for (lab, thr), v in sorted(res["steps"].items(), key=lambda kv: -kv[1]):
        print(f"| {lab} | {thr} | {1000 * v / n:.0f} |")
    for r in res["runs"][:args.show]:
        print(f"\n{r['name']}: wall {1000 * r['wall']:.0f} ms")
        for lab, thr, a, b in sorted(r["events"], key=lambda e: e[2]):
            if lab != "db_boxes":
                print(f"  {1000 * a:7.1f} .. {1000 * b:7.1f} ms  {thr:20s} {lab}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
