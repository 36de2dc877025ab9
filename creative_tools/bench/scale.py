"""``bench scale``: batch throughput, memory and crash recovery on many small creatives.

In one process, side by side: ``--n`` generated creatives through ``run_files`` with 1,
2, ... local workers and a Dask ``LocalCluster``; the per-creative cost of a
``--small-n`` batch against the ``--n`` batch (one worker); the peak resident memory of
the whole process tree (batch process plus its workers, sampled every 0.1 s); whether the
Dask masks equal the local ones; and a kill -9 / ``--skip-existing`` drill on a real
``python -m creative_tools run`` subprocess.

Timings on a shared machine are noisy: compare the ratios within one run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

__all__ = ["make_creatives", "run_scale", "TreeRSS", "kill_drill"]


def make_creatives(folder, n: int, *, size: tuple[int, int] = (96, 128), seed: int = 0) -> list[Path]:
    """``n`` small synthetic creatives (gradient, a figure-like ellipse, a text line) as PNG.

    Deterministic for a given ``seed``; files already there are kept.

    Returns
    -------
    list of Path
    """
    from PIL import Image, ImageDraw

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    h, w = size
    y, x = np.mgrid[0:h, 0:w]
    out = []
    for i in range(n):
        p = folder / f"c{i:05d}.png"
        out.append(p)
        if p.is_file():
            continue
        rng = np.random.default_rng(seed + i)
        c0, c1 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
        t = (x / max(1, w - 1))[..., None]
        im = Image.fromarray((c0 * (1 - t) + c1 * t).astype(np.uint8))
        d = ImageDraw.Draw(im)
        cx, cy = int(rng.integers(w // 4, 3 * w // 4)), int(rng.integers(h // 3, 2 * h // 3))
        d.ellipse((cx - w // 8, cy - h // 3, cx + w // 8, cy + h // 3), fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
        d.text((4, h - 18), f"SALE {i % 90 + 10}%", fill=(255, 255, 255), font_size=14)
        im.save(p)
    return out


class TreeRSS:
    """Peak resident memory of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self._proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self._proc, *self._proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # a worker that just ended
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeRSS":
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()


def _timed(label: str, inputs, out: Path, config, log, **kw) -> dict:
    from ..batch import run_files

    with TreeRSS() as rss:
        c0 = os.times()
        t0 = time.perf_counter()
        outcomes = run_files(inputs, out, config, progress=False, keep_summaries=False, **kw)
        wall = time.perf_counter() - t0
        c1 = os.times()
    # CPU seconds of this process and of the workers it reaped (pool processes; Dask
    # nannies with their workers): what the run costs when the machine is not shared.
    cpu = sum(getattr(c1, k) - getattr(c0, k) for k in ("user", "system", "children_user", "children_system"))
    n = len(outcomes)
    ok = sum(o.status in ("ok", "warning") for o in outcomes)
    row = {"run": label, "n": n, "ok": ok, "wall_s": round(wall, 2), "per_creative_s": round(wall / max(1, n), 4),
           "creatives_per_s": round(n / wall, 2), "cpu_s_per_creative": round(cpu / max(1, n), 4),
           "peak_rss_mib": round(rss.peak / 2**20)}
    if log:
        log(f"{label}: {n} creatives in {wall:.1f} s ({row['creatives_per_s']}/s), peak RSS {row['peak_rss_mib']} MiB")
    return row


def _same_masks(a: Path, b: Path) -> tuple[int, int]:
    same = total = 0
    for d in sorted(a.iterdir()):
        m = d / "mask.png"
        if m.is_file():
            total += 1
            other = b / d.name / "mask.png"
            same += other.is_file() and other.read_bytes() == m.read_bytes()
    return same, total


def kill_drill(src: Path, out: Path, cli_options: Sequence[str], *, kill_after_rows: int,
               log: Callable | None = None) -> dict:
    """Start ``python -m creative_tools run``, kill -9 it once ``kill_after_rows`` manifest
    rows are written, resume with ``--skip-existing`` and check the result.

    Returns
    -------
    dict
        ``rows_before_kill``, ``complete_or_absent`` (after the kill, every creative folder
        holds all its files), ``one_row_per_input``, ``none_redone``, ``no_temp_files``,
        ``all_readable_at_input_size``, ``resume_s``, ``passed``.
    """
    from PIL import Image

    from ..batch import read_manifest

    inputs = sorted(p for p in Path(src).iterdir() if p.suffix == ".png")
    cmd = [sys.executable, "-m", "creative_tools", "run", str(src), "--out", str(out), "--no-progress",
           *cli_options]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                        os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    rows: list = []
    while proc.poll() is None:
        rows = read_manifest(out / "manifest.csv")
        if len(rows) >= kill_after_rows:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch process and its workers, all at once
    proc.wait()
    rows = read_manifest(out / "manifest.csv")
    files = {"background.png", "mask.png", "person_mask.png", "text_mask.png", "overlay.png", "result.json"}
    folders = [d for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")]
    complete = all(files <= {f.name for f in d.iterdir()} for d in folders)
    stamps = {r["input"]: (Path(r["output_dir"]) / "result.json").stat().st_mtime_ns
              for r in rows if r["status"] == "ok"}
    leftovers_after_kill = sum(1 for d in out.iterdir() if d.name.startswith(".tmp-"))
    t0 = time.perf_counter()
    res = subprocess.run([*cmd, "--skip-existing"], env=env, capture_output=True, text=True)
    resume_s = time.perf_counter() - t0
    final = read_manifest(out / "manifest.csv")
    by = {r["input"]: r for r in final}
    none_redone = all(by.get(i, {}).get("status") == "skipped"
                      and (Path(by[i]["output_dir"]) / "result.json").stat().st_mtime_ns == s
                      for i, s in stamps.items())
    readable = True
    for p in inputs:
        r = by.get(str(p))
        try:
            with Image.open(p) as a, Image.open(Path(r["output_dir"]) / "background.png") as b:
                readable &= a.size == b.size
        except Exception:
            readable = False
    temp = [q for q in out.rglob("*") if q.name.startswith(".tmp-") or q.name.endswith(".part")]
    result = {
        "inputs": len(inputs), "rows_before_kill": len(rows), "temp_folders_after_kill": leftovers_after_kill,
        "complete_or_absent": complete, "one_row_per_input": sorted(by) == sorted(map(str, inputs)) and
        len(final) == len(inputs), "none_redone": none_redone, "no_temp_files": not temp,
        "all_readable_at_input_size": readable, "resume_rc": res.returncode, "resume_s": round(resume_s, 1),
        "skipped_on_resume": sum(r["status"] == "skipped" for r in final),
    }
    result["passed"] = all(result[k] for k in ("complete_or_absent", "one_row_per_input", "none_redone",
                                                "no_temp_files", "all_readable_at_input_size")) \
        and res.returncode == 0
    if log:
        log("kill drill: " + ", ".join(f"{k}={v}" for k, v in result.items()))
    return result


def run_scale(work: Path, *, n: int = 1000, small_n: int = 100, workers: Sequence[int] = (1, 2),
              dask: bool = True, drill: bool = True, drill_n: int = 200, person: str | None = "mediapipe",
              text: str | None = None, inpaint: str = "telea", size: tuple[int, int] = (96, 128),
              log: Callable | None = None) -> dict:
    """Run every measurement of ``bench scale`` and return them (see the module docstring).

    Parameters
    ----------
    work : Path
        Scratch folder (inputs and every run's outputs; emptied of old outputs first).
    n, small_n : int
        The large and the small batch.
    workers : sequence of int
        Local worker counts to time on the large batch.
    dask : bool
        Also a Dask LocalCluster with ``max(workers)`` workers.
    drill, drill_n : bool, int
        The kill -9 drill on ``drill_n`` of the creatives (2 workers, killed at 40%).
    person, text, inpaint : str or None
        Backends (the default skips text: ppocr alone costs ~1 s per creative on a loaded
        2-core machine, which would make the run take an hour; pass ``--text ppocr`` to
        include it).
    """
    import shutil

    from ..pipeline import PipelineConfig

    work = Path(work)
    for d in work.glob("out_*"):
        shutil.rmtree(d)
    src = work / "creatives"
    make_creatives(src, n, size=size)
    small = work / "creatives_small"
    small.mkdir(parents=True, exist_ok=True)
    for p in sorted(src.iterdir())[:small_n]:
        q = small / p.name
        if not q.exists():
            os.link(p, q)
    config = PipelineConfig(person=person, text=text, inpaint=inpaint)
    # The small batch runs before and after the large ones: on a shared machine the load
    # drifts, and the mean of the two brackets the large runs.
    runs = [_timed(f"{small_n} files, 1 worker (before)", [small], work / "out_small", config, log, workers=1)]
    for w in workers:
        runs.append(_timed(f"{n} files, {w} worker{'s' if w > 1 else ''}", [src], work / f"out_w{w}", config, log,
                           workers=w))
    result: dict = {"backends": {"person": person, "text": text, "inpaint": inpaint},
                    "creative_size": list(size), "runs": runs}
    if dask:
        w = max(workers)
        runs.append(_timed(f"{n} files, Dask LocalCluster ({w} workers)", [src], work / "out_dask", config, log,
                           executor="dask", workers=w))
        ref = work / f"out_w{min(workers)}"
        same, total = _same_masks(ref, work / "out_dask")
        result["dask_same_masks"] = {"same": same, "total": total, "reference": ref.name}
    shutil.rmtree(work / "out_small")
    runs.append(_timed(f"{small_n} files, 1 worker (after)", [small], work / "out_small", config, log, workers=1))
    big = next(r for r in runs if r["run"] == f"{n} files, 1 worker") if 1 in workers else None
    if big:
        small_cost = (runs[0]["per_creative_s"] + runs[-1]["per_creative_s"]) / 2
        result["per_creative_ratio_n_vs_small_n"] = round(big["per_creative_s"] / small_cost, 3)
        for r in runs:
            r["speedup_vs_1_worker"] = round(big["wall_s"] / r["wall_s"], 2) if r["n"] == n else None
    if drill:
        dsrc = work / "creatives_drill"
        dsrc.mkdir(exist_ok=True)
        for p in sorted(src.iterdir())[:drill_n]:
            q = dsrc / p.name
            if not q.exists():
                os.link(p, q)
        opts = ["--workers", str(max(workers)), "--inpaint", inpaint,
                "--person", person or "none", "--text", text or "none"]
        result["kill_drill"] = kill_drill(dsrc, work / "out_drill", opts, kill_after_rows=int(0.4 * drill_n), log=log)
    return result


def add_parser(sub) -> None:
    """The ``scale`` sub-command of ``python -m creative_tools.bench``."""
    s = sub.add_parser("scale", help="batch throughput (workers, Dask), peak memory, kill -9 drill")
    s.add_argument("--n", type=int, default=1000, help="creatives in the large batch (default 1000)")
    s.add_argument("--small-n", type=int, default=100, help="creatives in the small batch (default 100)")
    s.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="local worker counts (default 1 2)")
    s.add_argument("--no-dask", dest="dask", action="store_false", help="skip the Dask LocalCluster run")
    s.add_argument("--no-drill", dest="drill", action="store_false", help="skip the kill -9 drill")
    s.add_argument("--drill-n", type=int, default=200, help="creatives in the kill drill (default 200)")
    s.add_argument("--person", default="mediapipe", help="person backend or 'none'")
    s.add_argument("--text", default="none", help="text backend or 'none' (default none: see --help of run_scale)")
    s.add_argument("--inpaint", default="telea")
    s.add_argument("--work", type=Path, default=Path("out") / "bench" / "scale", help="scratch folder")
    s.add_argument("--out", type=Path, default=Path("out") / "bench", help="folder for scale.json")
    s.add_argument("--markdown", action="store_true", help="print Markdown tables")
    s.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def main(args) -> int:
    """Run ``bench scale`` from parsed arguments; print the tables; write ``scale.json``."""
    from . import report as R

    log = None if args.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    none = (lambda v: None if v in (None, "none", "off", "-") else v)
    t0 = time.perf_counter()
    res = run_scale(args.work, n=args.n, small_n=args.small_n, workers=args.workers, dask=args.dask,
                    drill=args.drill, drill_n=args.drill_n, person=none(args.person), text=none(args.text),
                    inpaint=args.inpaint, log=log)
    m = R.machine()
    print("command: python -m creative_tools.bench " + " ".join(args.argv))
    print("machine: " + ", ".join(f"{k}={m.get(k)}" for k in ("cpu", "cpu_count", "load_avg_1min", "commit")
                                   if m.get(k) is not None))
    print(f"backends: {res['backends']}; creatives {res['creative_size'][1]}x{res['creative_size'][0]} px\n")
    head = ["run", "n", "ok", "wall s", "s / creative", "creatives / s", "x 1 worker", "CPU s / creative",
            "peak RSS MiB"]
    body = [[r["run"], str(r["n"]), str(r["ok"]), f"{r['wall_s']:.1f}", f"{r['per_creative_s']:.3f}",
             f"{r['creatives_per_s']:.2f}", "" if r.get("speedup_vs_1_worker") is None else f"{r['speedup_vs_1_worker']:.2f}",
             f"{r['cpu_s_per_creative']:.3f}", str(r["peak_rss_mib"])] for r in res["runs"]]
    print(R.table(head, body, markdown=args.markdown))
    if "per_creative_ratio_n_vs_small_n" in res:
        print(f"\nper-creative cost, {args.n} vs {args.small_n} files (1 worker; small batch: mean of the runs before and after): "
              f"{res['per_creative_ratio_n_vs_small_n']:.2f}x")
    if "dask_same_masks" in res:
        d = res["dask_same_masks"]
        print(f"Dask masks identical to the 1-worker run: {d['same']} / {d['total']}")
    if "kill_drill" in res:
        k = res["kill_drill"]
        print("kill -9 drill: " + ", ".join(f"{a}={b}" for a, b in k.items()))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps({"command": args.argv, "machine": m, **res}, indent=2))
    print(f"wrote {args.out / 'scale.json'}")
    return 0 if res.get("kill_drill", {}).get("passed", True) else 1
