"""``python -m creative_tools.bench {quality,speed,scale}``: print tables, write CSV/JSON/PNG.

Exit status: 0 done, 2 bad usage or setup (unknown backend, missing dataset).
"""

from __future__ import annotations

import argparse
import shlex
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
                   help="datasets: data, icdar15, voc, NAME=PATH, or a folder in the data/ layout "
                        "(default: data icdar15 voc; missing ones are skipped with a note)")
    q.add_argument("--shared", type=Path, help="the shared folder (default: $CREATIVE_TOOLS_SHARED or ../shared)")
    q.add_argument("--person", nargs="+", type=_none_or, default=["mediapipe"], help="person backends ('none' skips)")
    q.add_argument("--text", nargs="+", type=_none_or, default=["ppocr"], help="text backends ('none' skips)")
    q.add_argument("--inpaint", nargs="+", default=["auto"], help="inpaint backends")
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
    for spec in args.data:
        try:
            ds = open_dataset(spec, shared=args.shared)
        except CreativeToolsError as e:
            print(f"skipped {spec}: {e}", file=sys.stderr)
            continue
        if not len(ds):
            print(f"skipped {spec}: no labelled images in {ds.root}", file=sys.stderr)
            continue
        datasets.append(ds.limit(args.limit))
    if not datasets:
        print("error: no dataset to run", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rows = run_quality(datasets, persons=args.person, texts=args.text, inpaints=args.inpaint,
                       baseline=args.baseline, device=args.device, residual=args.residual,
                       log=_log(args.quiet))
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


def _speed(args) -> int:
    from .speed import STAGES, run_speed

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
