"""End to end: the default CLI and the naive script as a user runs them, wall time.

``bench speed --typical`` times the stages inside one process, creative by creative: the
figure to compare two versions of the pipeline. A user runs the CLI on a folder, though,
and waits for the whole run: interpreter start, model loading, reading, the stages on
every core the CLI uses by default (``--workers auto``), writing. This module times that
run, and the naive script the same way (a fresh interpreter that loads its two models
once, reads every file, writes every background), over the same files written to a
temporary folder, alternating which goes first.

Example
-------
>>> from creative_tools.bench.endtoend import cli_command
>>> cli_command("in", "out", workers=None)[-4:]
['run', 'in', '--out', 'out']
>>> cli_command("in", "out", workers=1)[-2:]
['--workers', '1']
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from ..errors import ContractError
from ..io import save_image

__all__ = ["cli_command", "naive_command", "naive_main", "run_endtoend", "write_creatives"]


def cli_command(src, dest, *, workers: int | None = None) -> list[str]:
    """The default CLI's command line on folder ``src`` (``workers=None``: its default)."""
    cmd = [sys.executable, "-m", "creative_tools", "run", str(src), "--out", str(dest)]
    if workers is not None:
        cmd += ["--workers", str(int(workers))]
    return cmd


def naive_command(src, dest) -> list[str]:
    """The naive script's command line: a fresh interpreter over every image in ``src``."""
    return [sys.executable, "-m", "creative_tools.bench.endtoend", str(src), str(dest)]


def write_creatives(creatives: Sequence[tuple[str, np.ndarray]], folder) -> list[Path]:
    """Write named RGB creatives as PNG files into ``folder``; return the paths, in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, (name, im) in enumerate(creatives):
        stem = f"{k:03d}_" + "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
        paths.append(save_image(folder / f"{stem}.png", im))
    return paths


def naive_main(src, dest) -> int:
    """The naive script as a program: load the models once, then for every PNG/JPEG in
    ``src`` (sorted) read it, run the four steps and write ``<stem>.png`` (the background)
    into ``dest``. Returns the number of images written."""
    from .naive import NaiveScript

    src, dest = Path(src), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    script = NaiveScript()
    n = 0
    for p in sorted(src.iterdir()):
        if p.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            continue
        bgr = cv2.imread(str(p), cv2.IMREAD_COLOR)
        if bgr is None:
            print(f"{p}: not an image, skipped", file=sys.stderr)
            continue
        res = script.run(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        cv2.imwrite(str(dest / f"{p.stem}.png"), cv2.cvtColor(res.background, cv2.COLOR_RGB2BGR))
        n += 1
    return n


def _timed(cmd: list[str], log) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{proc.stdout[-2000:]}")
    if log:
        log(f"endtoend: {wall:.1f} s  {' '.join(cmd[1:])}")
    return wall


def run_endtoend(creatives: Sequence[tuple[str, np.ndarray]], *, repeat: int = 1,
                 workers: Sequence[int | None] = (None, 1), log=None) -> dict:
    """Wall time of the default CLI and of the naive script on the same files.

    Parameters
    ----------
    creatives : sequence of (str, (H, W, 3) uint8)
        Written once as PNG files into a temporary folder, the input of every run.
    repeat : int
        Runs per method, alternating the order; the median is reported.
    workers : sequence of int or None
        The CLI runs to time: ``None`` is its default (``--workers auto``), an integer
        is passed as ``--workers``.

    Returns
    -------
    dict
        ``{"files": n, "runs": {method: [seconds, ...]}, "median": {method: s},
        "ratio": {method: its median / the naive script's}}``; methods are ``naive``,
        ``cli`` (the default) and ``cli_workers_<k>``.
    """
    if int(repeat) < 1:
        raise ContractError(f"repeat must be >= 1, got {repeat}")
    tmp = Path(tempfile.mkdtemp(prefix="ct_endtoend_"))
    try:
        src = tmp / "in"
        write_creatives(creatives, src)
        methods: dict[str, list[str]] = {"naive": naive_command(src, tmp / "naive")}
        for w in workers:
            key = "cli" if w is None else f"cli_workers_{int(w)}"
            methods[key] = cli_command(src, tmp / key, workers=w)
        runs: dict[str, list[float]] = {m: [] for m in methods}
        names = list(methods)
        for r in range(int(repeat)):
            order = names[r % len(names):] + names[:r % len(names)]
            for m in order:
                shutil.rmtree(tmp / m, ignore_errors=True)
                runs[m].append(_timed(methods[m], log))
        med = {m: statistics.median(v) for m, v in runs.items()}
        return {"files": len(creatives), "runs": runs, "median": med,
                "ratio": {m: med[m] / med["naive"] for m in methods if m != "naive"}}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":  # the naive script as a program: python -m creative_tools.bench.endtoend SRC DEST
    if len(sys.argv) != 3:
        print("usage: python -m creative_tools.bench.endtoend SRC_FOLDER DEST_FOLDER", file=sys.stderr)
        sys.exit(2)
    print(f"{naive_main(sys.argv[1], sys.argv[2])} backgrounds written")
