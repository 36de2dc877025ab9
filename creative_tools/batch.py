"""Batch runs over files: one function per file, a manifest, nothing lost on failure.

The unit of work lives in :mod:`creative_tools.job` (re-exported here):
:func:`process_file` never raises for a bad input and writes a creative's files into a
hidden temporary folder that is renamed into place when complete, so a creative is either
all there or absent. :func:`run_files` maps it over many inputs
with an executor from :mod:`creative_tools.executors` (in-process, a process pool, or
Dask), appends each manifest row as it finishes (so kill -9 loses nothing finished), and
compacts the manifest at the end to one row per input.

With ``skip_existing`` a creative is skipped only when its ``result.json`` was made from
the same input bytes (sha256), the same parameters and backends; otherwise it is redone
and the manifest says why.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import Any, Iterable

from .errors import BatchAborted, BatchInterrupted, CreativeToolsError
from .io import DEFAULT_MAX_PIXELS, OUTPUT_MARKER, Protected, is_url, list_images
from .job import (_OLD_PREFIX, _TMP_PREFIX, AUTO_BUDGET_SHARE, BYTES_PER_PIXEL, DEFAULTS_REVISION, MANIFEST_FIELDS,
                  MASK_WARNING_FRACTION, MEASURED_PEAKS, MEMORY_MARGIN, FileOutcome, OutputFile, Task, _join,
                  _key, estimated_memory, fingerprint, output_dir_for, output_files, process_file, run_tasks,
                  safe_folder_name)

__all__ = ["FileOutcome", "OutputFile", "Task", "process_file", "run_files", "output_dir_for",
           "output_files", "safe_folder_name", "fingerprint", "MASK_WARNING_FRACTION",
           "BYTES_PER_PIXEL", "MEASURED_PEAKS", "MEMORY_MARGIN", "AUTO_BUDGET_SHARE", "estimated_memory",
           "MANIFEST_FIELDS", "DEFAULTS_REVISION", "read_manifest", "run_tasks"]


# --- the manifest ---------------------------------------------------------------------------
class _Journal:
    """``manifest.csv`` appended and flushed row by row while the batch runs."""

    def __init__(self, path: Path):
        self.path = path
        new = not path.exists() or path.stat().st_size == 0
        if not new:
            with open(path, newline="") as f:
                header = f.readline().strip()
            if header != ",".join(MANIFEST_FIELDS):
                path.replace(path.with_name(path.name + ".old"))
                new = True
        self.f = open(path, "a", newline="")
        if not new:
            with open(path, "rb") as g:  # a row cut by kill -9: start on a fresh line
                g.seek(-1, os.SEEK_END)
                if g.read(1) != b"\n":
                    self.f.write("\n")
        self.w = csv.DictWriter(self.f, fieldnames=MANIFEST_FIELDS)
        if new:
            self.w.writeheader()
        self.f.flush()

    def add(self, o: FileOutcome) -> None:
        self.w.writerow(o.row())
        self.f.flush()

    def close(self) -> None:
        self.f.close()


def read_manifest(path) -> list[dict]:
    """Rows of a manifest (or of a journal cut short by a crash: torn rows are dropped)."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, csv.Error, UnicodeDecodeError):
        return []
    return [r for r in rows if r.get("status") in ("ok", "warning", "skipped", "error")
            and r.get("text_polygons") is not None]


def write_manifest(path, outcomes: Iterable[FileOutcome]) -> None:
    """Write the manifest CSV atomically (local path or fsspec URL)."""
    import io as _io

    buf = _io.StringIO()
    w = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS)
    w.writeheader()
    for o in outcomes:
        w.writerow(o.row())
    data = buf.getvalue().encode()
    if is_url(str(path)):
        import fsspec

        with fsspec.open(str(path), "wb") as f:
            f.write(data)
        return
    from .io import write_bytes_atomic

    write_bytes_atomic(path, data)


def _clean_leftovers(out: Path) -> int:
    """Remove what killed runs left: temporary creative folders and ``.part`` files."""
    n = 0
    for e in os.scandir(out):
        if e.name.startswith((_TMP_PREFIX, _OLD_PREFIX)) and e.is_dir(follow_symlinks=False):
            shutil.rmtree(e.path, ignore_errors=True)
            n += 1
        elif e.name.startswith(".") and e.name.endswith(".part") and e.is_file(follow_symlinks=False):
            os.remove(e.path)
            n += 1
        elif e.is_dir(follow_symlinks=False) and not e.name.startswith("."):
            try:  # .part files from older versions' per-file writes
                for g in os.scandir(e.path):
                    if g.name.startswith(".") and g.name.endswith(".part"):
                        os.remove(g.path)
                        n += 1
            except OSError:
                pass
    return n


class _Terminated(BaseException):
    pass


def _prepare_out(out) -> None:
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise CreativeToolsError(f"--out {p}: is a file, not a folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
        (p / OUTPUT_MARKER).touch()
    except OSError as e:
        raise CreativeToolsError(f"--out {p}: cannot write there ({e.strerror or e})") from e


def default_workers(n_files: int | None = None, *, per_worker_bytes: int | None = None) -> int:
    """Workers for ``--workers auto``: the cores, no more than memory allows, and at least 4
    files per worker (a worker's start-up and model loading take seconds).

    ``per_worker_bytes`` (default: a 1 MP creative's :func:`estimated_memory` over
    :data:`AUTO_BUDGET_SHARE`, about 1.9 GB) is what each worker is counted to need, so that
    the CLI's automatic memory budget (that share of the free memory per worker) still
    takes a typical creative with the workers chosen here.
    """
    if per_worker_bytes is None:
        per_worker_bytes = int(estimated_memory(1000, 1000) / AUTO_BUDGET_SHARE) + 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        import psutil

        mem = max(1, int(psutil.virtual_memory().available // per_worker_bytes))
    except ImportError:
        mem = cores
    n = min(cores, mem)
    if n_files is not None:
        n = min(n, max(1, n_files // 4))
    return max(1, n)


def run_files(inputs: Iterable, out_dir, pipeline, *, recursive: bool = False,
              skip_existing: bool = False, progress: bool = True,
              max_pixels: int | None = None, max_memory: int | None = None,
              workers: int | str = 1, executor: str = "local", scheduler: str | None = None,
              batch_size: int = 1, mask_warning: float = MASK_WARNING_FRACTION,
              keep_summaries: bool = True, dask_processes: bool = True,
              layers: bool = False) -> list[FileOutcome]:
    """Process every image in ``inputs`` (files, folders, fsspec URLs) into ``out_dir``.

    Writes ``out_dir/manifest.csv`` row by row while running (one row per input after the
    final compaction) and returns the outcomes, in input order. Bad inputs are reported,
    the rest still run.

    Parameters
    ----------
    inputs : iterable of path-like or URL
    out_dir : path-like or URL
    pipeline : Pipeline or PipelineConfig
        With ``workers > 1`` or Dask, only its config travels: each worker loads its
        own models once.
    recursive, skip_existing, max_pixels, max_memory, mask_warning
        See :func:`process_file`.
    workers : int or "auto"
        Processes (local) or Dask workers of a LocalCluster; "auto": :func:`default_workers`.
    executor : {"local", "dask"}
    scheduler : str or None
        Dask scheduler address (``tcp://host:8786``); None starts a LocalCluster.
    batch_size : int
        Creatives per pipeline call (batches torch backends on a GPU).
    keep_summaries : bool
        Keep each creative's summary in the returned outcomes (False bounds memory for
        very large batches; the files keep everything).
    dask_processes : bool
        LocalCluster workers as processes (False: threads in this process, which is what
        ``memory://`` URLs need).
    layers : bool
        Also write each creative's layers (the text reader is loaded once per worker).

    Raises
    ------
    BatchAborted
        Output not writable (full disk, read-only): the manifest lists what finished.
    BatchInterrupted
        Ctrl-C or SIGTERM: the manifest lists what finished.
    OutputLocked
        Another run is writing into ``out_dir``.
    """
    from tqdm.auto import tqdm

    from .executors import make_executor
    from .io import IMAGE_SUFFIXES
    from .locking import OutputLock
    from .pipeline import PipelineConfig

    remote = is_url(str(out_dir))
    out = str(out_dir).rstrip("/") if remote else Path(out_dir)
    inputs = [str(i) for i in inputs]
    config = pipeline if isinstance(pipeline, PipelineConfig) else pipeline.config
    if int(batch_size) < 1:
        raise CreativeToolsError(f"batch_size must be >= 1, got {batch_size}")
    if not remote:
        _prepare_out(out)
    lock = None if remote else OutputLock(out).acquire()
    journal = None
    try:
        if not remote:
            _clean_leftovers(out)
        listing_errors: list = []
        outcomes: list[FileOutcome] = []
        local_inputs = [i for i in inputs if not is_url(i)]
        paths: list[str] = [str(p) for p in list_images(local_inputs, recursive=recursive,
                                                         exclude=[] if remote else [out],
                                                         errors=listing_errors)]
        paths += _list_urls([i for i in inputs if is_url(i)], recursive=recursive)
        for d, reason in listing_errors:
            outcomes.append(FileOutcome(str(d), "error", f"{d}: {reason}"))
        for d in map(Path, local_inputs):
            if d.is_dir() and not any(Path(p).is_relative_to(d) for p in paths) \
                    and not any(Path(e[0]) == d for e in listing_errors):
                outcomes.append(FileOutcome(
                    str(d), "error", f"{d}: folder holds no images (looked for {', '.join(IMAGE_SUFFIXES)}"
                    f"{', recursively' if recursive else ''})"))
        previous = {} if remote else {r["input"]: Path(r["output_dir"]).name
                                      for r in read_manifest(out / "manifest.csv")
                                      if r["status"] != "error" and r["output_dir"]}
        dests = _assign(paths, out, previous)
        prot = Protected(p for p in paths if not is_url(p))
        holds_input = prot | {a for q in prot for a in q.parents}  # replacing these loses an input
        tasks = []
        for p, d in zip(paths, dests):
            if not is_url(str(d)) and Path(d).resolve() in holds_input:
                outcomes.append(FileOutcome(p, "error", f"{d}: output folder would overwrite an input file"))
                continue
            tasks.append(Task(p, str(d), skip_existing,
                              DEFAULT_MAX_PIXELS if max_pixels is None else max_pixels, max_memory, mask_warning,
                              bool(layers)))
        if workers == "auto":
            workers = default_workers(len(tasks))
        workers = max(1, int(workers))
        if not remote:
            journal = _Journal(out / "manifest.csv")
            for o in outcomes:
                journal.add(o)
        ex = make_executor(executor, pipeline=None if isinstance(pipeline, PipelineConfig) else pipeline,
                           config=config, workers=workers, scheduler=scheduler, batch_size=int(batch_size),
                           processes=dask_processes)
        bar = tqdm(total=len(tasks), desc="creatives", unit="img", disable=not progress)
        stop = None
        old_handler = None
        if threading.current_thread() is threading.main_thread():
            def _on_term(signum, frame):
                raise _Terminated()

            old_handler = signal.signal(signal.SIGTERM, _on_term)
        try:
            for o in ex.imap(tasks):
                if journal is not None:
                    journal.add(o)
                outcomes.append(o if keep_summaries else o.without_summary())
                bar.update(1)
        except KeyboardInterrupt:
            stop = signal.SIGINT
        except _Terminated:
            stop = signal.SIGTERM
        except BatchAborted as e:
            stop = e
        finally:
            if old_handler is not None:
                signal.signal(signal.SIGTERM, old_handler)
            bar.close()
            ex.close(cancel=stop is not None)
        order = {p: i for i, p in enumerate([o.input for o in outcomes if o.status == "error"
                                              and o.input not in paths] + paths)}
        outcomes.sort(key=lambda o: order.get(o.input, -1))
        manifest = _join(out, "manifest.csv")
        if journal is not None:
            journal.close()
            journal = None
        try:
            write_manifest(manifest, outcomes)
        except (OSError, CreativeToolsError):
            if stop is None:
                raise
        if isinstance(stop, BatchAborted):
            raise BatchAborted(f"{stop} {_finished(outcomes)} listed in {manifest}") from stop
        if stop is not None:
            name = "SIGTERM" if stop == signal.SIGTERM else "Ctrl-C"
            raise BatchInterrupted(f"stopped by {name}: {_finished(outcomes)} of {len(tasks)} "
                                   f"listed in {manifest}; rerun with --skip-existing to resume",
                                   int(stop))
        return outcomes
    finally:
        if journal is not None:
            journal.close()
        if lock is not None:
            lock.release()


def _finished(outcomes) -> str:
    n = sum(o.status in ("ok", "warning", "skipped") for o in outcomes)
    return f"{n} finished creative{'s' if n != 1 else ''}"


def _assign(paths: list[str], out, previous: dict[str, str]) -> list:
    """Output folders: the one a previous run used for the same input, else a new safe name
    that no input of the previous manifest used (its results are never overwritten by
    another input's)."""
    taken = set()
    dests: dict[int, Any] = {}
    for i, p in enumerate(paths):
        name = previous.get(_key(p)) or previous.get(p)
        if name and name not in taken and safe_folder_name(name) == name:
            taken.add(name)
            dests[i] = _join(out, name)
    taken |= set(previous.values())
    for i, p in enumerate(paths):
        if i not in dests:
            dests[i] = output_dir_for(p, out, taken)
    return [dests[i] for i in range(len(paths))]


def _list_urls(urls: list[str], *, recursive: bool) -> list[str]:
    if not urls:
        return []
    import fsspec

    from .io import IMAGE_SUFFIXES

    out = []
    for u in urls:
        fs, root = fsspec.core.url_to_fs(u)
        if fs.isdir(root):
            found = fs.find(root) if recursive else [e for e in fs.ls(root, detail=False) if fs.isfile(e)]
            for f in sorted(found):
                name = f.rsplit("/", 1)[-1]
                if name.lower().endswith(IMAGE_SUFFIXES) and not name.startswith("."):
                    out.append(fs.unstrip_protocol(f))
        else:
            out.append(u)
    return out

