"""``python -m creative_tools.bench {quality,speed,scale}``: print tables, write CSV/JSON/PNG.

Exit status: 0 done, 2 bad usage or setup (unknown backend, missing dataset).
"""

from __future__ import annotations

import argparse
import json
import shlex
import os
import sys
import time
from pathlib import Path

from ..errors import CreativeToolsError
from . import report as R
from .quality import METRICS

__all__ = ["main", "build_parser"]


def _none_or(v: str):
    return None if v.lower() in ("none", "off", "-") else v


def _log(quiet: bool):
    return None if quiet else (lambda s: print(s, file=sys.stderr, flush=True))


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m creative_tools.bench", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    q = sub.add_parser("quality", help="quality metrics per dataset and backend combination")
    q.add_argument("--data", nargs="+", default=["data", "icdar15", "voc"], metavar="SPEC",
                   help="datasets: data, icdar15, voc, NAME=PATH, a folder in the data/ layout, or the artifact "
                        "sets artifacts[:N], artifacts_extra[:N], artifacts_heldout[:N], patterns[_extra|_heldout][:N], noartifacts "
                        "(default: data icdar15 voc; missing ones are skipped with a note)")
    q.add_argument("--shared", type=Path, help="the shared folder (default: $CREATIVE_TOOLS_SHARED or ../shared)")
    q.add_argument("--person", nargs="+", type=_none_or, default=["mediapipe"], help="person backends ('none' skips)")
    q.add_argument("--text", nargs="+", type=_none_or, default=["ppocr"], help="text backends ('none' skips)")
    q.add_argument("--inpaint", nargs="+", default=["auto"], help="inpaint backends")
    q.add_argument("--objects", default="auto",
                   help="objects backend for the artifact specs (artifacts[:N], artifacts_extra[:N], artifacts_heldout[:N], noartifacts)")
    q.add_argument("--baseline", action="store_true", help="also run the 512x512 baseline with the same backends")
    q.add_argument("--limit", type=int, help="first N images of each dataset")
    q.add_argument("--no-residual", dest="residual", action="store_false",
                   help="skip the residual-text metric (recognisers reading the background)")
    q.add_argument("--metrics", nargs="+", metavar="NAME",
                   help="print only these metrics (files keep all); names: " + ", ".join(METRICS))

    s = sub.add_parser("speed", help="per-stage timings and peak memory")
    s.add_argument("--sizes", nargs="+", type=int, default=[512, 1024, 2048], help="long side of the input in px")
    s.add_argument("--repeat", type=int, default=3, help="timed runs after one warm-up (median reported)")
    s.add_argument("--person", type=_none_or, default="mediapipe")
    s.add_argument("--text", type=_none_or, default="ppocr")
    s.add_argument("--inpaint", default="auto")
    s.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the 512x512 baseline")
    s.add_argument("--devices", nargs="+", help="default: cpu, plus cuda when available")
    s.add_argument("--data", type=Path, help="creatives folder for the input image (default data/; synthetic if empty)")
    s.add_argument("--sample", help="which creative of --data (default: the first)")
    s.add_argument("--typical", action="store_true",
                   help="instead of the size sweep: the default CLI pipeline and the naive script side by side on "
                        "a set of typical creatives (data/, the real ads, VOC, ICDAR 2015, generated; "
                        "--count of them at --megapixels each); --person/--text/--inpaint set the pipeline")
    s.add_argument("--count", type=int, default=24, help="with --typical: number of creatives (default 24)")
    s.add_argument("--megapixels", type=float, default=1.0, help="with --typical: area of each creative (default 1.0)")
    s.add_argument("--no-naive", dest="naive", action="store_false", help="with --typical: skip the naive script")
    s.add_argument("--before-text-options", type=json.loads, metavar="JSON",
                   help="with --typical: also time, in the same loop, the pipeline with these text backend options "
                        "(method 'before'), e.g. '{\"spinning\": true}' for the former onnxruntime setting")
    s.add_argument("--before-pipeline-options", type=json.loads, metavar="JSON",
                   help="with --typical: also time, in the same loop, the pipeline built with these keyword options "
                        "(method 'before', with --before-text-options when given), e.g. '{\"concurrent\": false}' "
                        "for the person and text stages one after the other")
    s.add_argument("--end-to-end", action="store_true",
                   help="with --typical: instead of the stages in one process, time whole runs as a user waits "
                        "for them: the default CLI (`python -m creative_tools run`, --workers auto, and "
                        "--workers 1) and the naive script as fresh processes over the same creatives "
                        "written as PNG files (wall time incl. start-up, model loading, reading and writing; "
                        "median of --repeat runs, alternating)")
    s.add_argument("--shared", type=Path, help="the shared folder (default: $CREATIVE_TOOLS_SHARED or ../shared)")

    from .scale import add_parser as _add_scale

    _add_scale(sub)

    for p in (q, s):
        p.add_argument("--device", default="cpu", help=argparse.SUPPRESS) if p is q else None
        p.add_argument("--out", type=Path, default=Path("out") / "bench", help="folder for CSV/JSON/PNG (default out/bench)")
        p.add_argument("--markdown", action="store_true", help="print Markdown tables")
        p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return ap


def _header(args, info: dict) -> str:
    cmd = "python -m creative_tools.bench " + " ".join(shlex.quote(a) for a in args.argv)
    m = ", ".join(f"{k}={v}" for k, v in info.items())
    return f"command: {cmd}\nmachine: {m}\n"


def _quality(args) -> int:
    from .datasets import open_dataset
    from .quality import run_quality

    unknown = sorted(set(args.metrics or ()) - set(METRICS))
    if unknown:
        print(f"error: unknown metric(s) {unknown}; valid: {list(METRICS)}", file=sys.stderr)
        return 2
    datasets = []
    from .objects import is_objects_spec

    object_specs = [d for d in args.data if is_objects_spec(d)]
    for spec in args.data:
        if is_objects_spec(spec):
            continue
        try:
            ds = open_dataset(spec, shared=args.shared)
        except CreativeToolsError as e:
            print(f"skipped {spec}: {e}", file=sys.stderr)
            continue
        if not len(ds):
            print(f"skipped {spec}: no labelled images in {ds.root}", file=sys.stderr)
            continue
        datasets.append(ds.limit(args.limit))
    if not datasets and not object_specs:
        print("error: no dataset to run", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rows = run_quality(datasets, persons=args.person, texts=args.text, inpaints=args.inpaint,
                       baseline=args.baseline, device=args.device, residual=args.residual,
                       log=_log(args.quiet)) if datasets else []
    if object_specs:  # artifact sets: the first backend of each list, objects on
        from .objects import run_objects_quality

        rows += run_objects_quality(object_specs, person=args.person[0], text=args.text[0], inpaint=args.inpaint[0],
                                    objects=args.objects, shared=args.shared, limit=args.limit, log=_log(args.quiet))
    dicts = [r.as_dict() for r in rows]
    info = R.machine()
    print(_header(args, {k: info.get(k) for k in ("cpu", "cpu_count", "affinity", "torch_threads", "cv2_threads", "gpu",
                                                  "load_avg_1min", "commit")
                         if info.get(k) is not None}))
    print("datasets: " + ", ".join(f"{d.name} ({len(d)} images, {d.root})" for d in datasets))
    head = ["dataset", "person", "text", "inpaint", "metric", "n", "pipeline", "baseline", "ratio", "better"]
    body = [[r.dataset, r.person, r.text, r.inpaint, r.metric, str(r.n), r.pipeline, r.baseline, r.ratio, r.better]
            for r in rows if not args.metrics or r.metric in args.metrics]
    print(R.table(head, body, markdown=args.markdown))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    out = args.out
    R.write_csv(out / "quality.csv", dicts)
    R.write_json(out / "quality.json", {"command": args.argv, "machine": info, "rows": dicts,
                                        "datasets": {d.name: {"root": str(d.root), "images": len(d)} for d in datasets}})
    R.quality_chart(out / "quality.png", dicts)
    print(f"wrote {out / 'quality.csv'}, {out / 'quality.json'}, {out / 'quality.png'}")
    return 0


def _load_avg(i: int = 0) -> float | None:
    """The system load average (``i``: 0 for 1 minute, 1 for 5, 2 for 15), None where
    the platform has none."""
    try:
        return round(os.getloadavg()[i], 2)
    except (AttributeError, OSError):
        return None


def _machine_header(args, load_start) -> dict:
    """Print the command and machine lines of a typical-creatives run; return the machine dict.

    Timings on a shared machine mean little without the load they were taken under: the
    1-minute load average when the run started and (``load_avg_1min``) when it ended, and
    the 15-minute average at the end (about the whole run)."""
    m = R.machine()
    m["load_avg_1min_start"] = load_start
    m["load_avg_15min_end"] = _load_avg(2)
    print(_header(args, {k: m.get(k) for k in ("cpu", "cpu_count", "load_avg_1min_start", "load_avg_1min",
                                               "load_avg_15min_end", "commit") if m.get(k) is not None}))
    return m


def _speed_endtoend(args) -> int:
    from ..batch import default_workers
    from .endtoend import run_endtoend
    from .typical import typical_creatives

    t0 = time.perf_counter()
    load_start = _load_avg()
    creatives = typical_creatives(n=args.count, megapixels=args.megapixels, data=args.data, shared=args.shared)
    res = run_endtoend(creatives, repeat=args.repeat, log=_log(args.quiet))
    m = _machine_header(args, load_start)
    print(f"{res['files']} creatives of {args.megapixels} MP written as PNG; each method a fresh process "
          f"(start-up, models, reading, writing included), median of {args.repeat} run(s); the CLI's "
          f"--workers auto is {default_workers(res['files'])} here\n")
    head = ["method", "runs s", "median s", "s per creative", "x naive"]
    body = []
    for meth, runs in res["runs"].items():
        med = res["median"][meth]
        body.append([meth, " ".join(f"{v:.1f}" for v in runs), R.fmt(med, 1), R.fmt(med / res["files"], 2),
                     R.fmt(res["ratio"].get(meth, 1.0), 2)])
    print(R.table(head, body, markdown=args.markdown, left=1))
    print(f"({time.perf_counter() - t0:.0f} s)")
    out = args.out
    R.write_json(out / "speed_endtoend.json", {"command": args.argv, "machine": m, **res})
    print(f"wrote {out / 'speed_endtoend.json'}")
    return 0


def _speed_typical(args) -> int:
    import numpy as np

    from ..pipeline import Pipeline
    from .speed import TYPICAL_STAGES as STAGES, run_typical
    from .typical import typical_creatives

    if args.end_to_end:
        return _speed_endtoend(args)

    t0 = time.perf_counter()
    load_start = _load_avg()
    creatives = typical_creatives(n=args.count, megapixels=args.megapixels, data=args.data, shared=args.shared)
    pipe = Pipeline(person=args.person, text=args.text, inpaint=args.inpaint)
    others = None
    if args.before_text_options is not None and not isinstance(args.before_text_options, dict):
        raise SystemExit(f"--before-text-options must be a JSON object, got {args.before_text_options!r}")
    if args.before_pipeline_options is not None and not isinstance(args.before_pipeline_options, dict):
        raise SystemExit(f"--before-pipeline-options must be a JSON object, got {args.before_pipeline_options!r}")
    if args.before_text_options is not None or args.before_pipeline_options is not None:
        before = dict(args.before_pipeline_options or {})
        # text options may come from either flag (those of --before-text-options win); only a missing or null
        # value means "none": a falsy non-object ([], 0, "") is an error like any other non-object
        text_options = before.pop("text_options", None)
        if text_options is None:
            text_options = {}
        if not isinstance(text_options, dict):
            raise SystemExit(f"--before-pipeline-options' text_options must be a JSON object, got {text_options!r}")
        # the CLI's backends first, then the JSON's keys (person, text, inpaint among them) override them
        kw = {"person": args.person, "text": args.text, "inpaint": args.inpaint, **before,
              "text_options": {**text_options, **(args.before_text_options or {})}}
        others = {"before": Pipeline(**kw)}
    rows, summary = run_typical(creatives, repeat=args.repeat, naive=args.naive, pipeline=pipe, others=others,
                                log=_log(args.quiet))
    m = _machine_header(args, load_start)
    print(f"pipeline: person={args.person} text={args.text} inpaint={args.inpaint} (the CLI's other defaults); "
          f"naive: selfie 256x256 > 0.5 | rapidocr 3.10 det boxes, cv2 Telea r=5 on the whole image; "
          f"{len(creatives)} creatives of {args.megapixels} MP, median of {args.repeat} run(s) each after 1 warm-up; "
          f"total = the stages' sum; wall = the time waited (less than total where the person and text stages "
          f"run side by side); x naive = wall / the naive script's wall (write: the outputs to disk, in neither)\n")
    head = ["creative", "input", "method"] + [f"{s} ms" for s in STAGES] + ["total ms", "wall ms", "x naive",
                                                                            "write ms", "mask %"]
    body = [[r["name"], r["input"], r["method"], *[R.fmt(r[f"{s}_ms"], 0) for s in STAGES], R.fmt(r["total_ms"], 0),
             R.fmt(r["wall_ms"], 0), R.fmt(r["ratio_total"], 2), R.fmt(r["write_ms"], 0),
             R.fmt(100 * r["mask_frac"], 1)] for r in rows]
    meths = ["pipeline"] + [m for m in summary if m not in ("pipeline", "naive", "ratio_total")] + ["naive"]
    for meth in meths:
        if meth in summary:
            sm = summary[meth]
            body.append([f"MEAN ({sm['n']})", "", meth, *[R.fmt(sm[f"{s}_ms"], 0) for s in STAGES],
                         R.fmt(sm["total_ms"], 0), R.fmt(sm["wall_ms"], 0), R.fmt(sm.get("ratio_total", 1.0), 2),
                         R.fmt(sm["write_ms"], 0), R.fmt(100 * sm["mask_frac"], 1)])
    print(R.table(head, body, markdown=args.markdown, left=3))
    for meth in meths[:-1]:
        sm = summary[meth]
        print(f"\n{meth} / naive: {sm['ratio_total']:.2f} (mean walls), {sm['median_ratio']:.2f} (median of "
              "per-creative ratios)", end="")
        groups = sorted({r["name"].split("/")[0] for r in rows})
        print("; per group (median): " + ", ".join(
            f"{g} {np.median([r['ratio_total'] for r in rows if r['method'] == meth and r['name'].split('/')[0] == g]):.2f}"
            for g in groups))
    print(f"({time.perf_counter() - t0:.0f} s)")
    out = args.out
    R.write_csv(out / "speed_typical.csv", rows)
    R.write_json(out / "speed_typical.json", {"command": args.argv, "machine": m, "summary": summary, "rows": rows})
    print(f"wrote {out / 'speed_typical.csv'}, {out / 'speed_typical.json'}")
    return 0


def _speed(args) -> int:
    from .speed import STAGES, run_speed

    if args.typical:
        return _speed_typical(args)

    t0 = time.perf_counter()
    rows, info = run_speed(sizes=args.sizes, repeat=args.repeat, person=args.person, text=args.text,
                           inpaint=args.inpaint, baseline=args.baseline, devices=args.devices, data=args.data, sample=args.sample,
                           log=_log(args.quiet))
    m = R.machine()
    print(_header(args, {k: m.get(k) for k in ("cpu", "gpu", "load_avg_1min", "commit") if m.get(k) is not None}))
    for dev, th in info["threads"].items():
        print(f"threads ({dev}): " + ", ".join(f"{k}={v}" for k, v in th.items()))
    print(f"backends: person={args.person} text={args.text} inpaint={args.inpaint}; input: {info.get('input')}; "
          f"median of {args.repeat} runs after 1 warm-up\n")
    head = ["size", "input", "device", "method"] + [f"{s} ms" for s in STAGES] + ["total ms", "x baseline",
                                                                                  "peak RSS MiB", "GPU peak MiB"]
    body = [[str(r["size"]), r["input"], r["device"], r["method"], *[r[f"{s}_ms"] for s in STAGES], r["total_ms"],
             r["ratio_total"], r["peak_rss_mb"], r["gpu_peak_mb"]] for r in rows]
    print(R.table(head, [[c if isinstance(c, str) else R.fmt(c, 1) for c in b] for b in body], markdown=args.markdown,
                  left=4))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    out = args.out
    R.write_csv(out / "speed.csv", rows)
    R.write_json(out / "speed.json", {"command": args.argv, "machine": m, "info": info, "rows": rows})
    R.speed_chart(out / "speed.png", rows, STAGES)
    print(f"wrote {out / 'speed.csv'}, {out / 'speed.json'}, {out / 'speed.png'}")
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    try:
        if args.command == "scale":
            from .scale import main as _scale

            return _scale(args)
        return _quality(args) if args.command == "quality" else _speed(args)
    except CreativeToolsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
