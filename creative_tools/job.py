"""One creative's unit of work: read, check, run the pipeline, write, never raise.

:func:`run_tasks` runs :class:`Task` records through a loaded pipeline and returns one
:class:`FileOutcome` per task; :func:`process_file` is the same for one path. A creative's
files are written into a hidden temporary folder that is renamed into place when
complete, so a creative is either all there or absent. With ``skip_existing`` a creative
is skipped only when its ``result.json`` was made from the same input bytes (sha256), the
same parameters and backends; otherwise it is redone and the outcome says why.

The executors (:mod:`creative_tools.executors`) run these tasks in-process, in a process
pool or on Dask; :mod:`creative_tools.batch` maps them over many inputs with a manifest.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .errors import BatchAborted, CreativeToolsError, ImageLoadError
from .io import (DEFAULT_MAX_PIXELS, OUTPUT_MARKER, Protected, decode_image, encode_image, encode_mask,
                 image_size, is_url, read_input, sha256_bytes)
__all__ = ["FileOutcome", "OutputFile", "Task", "process_file", "run_tasks", "output_dir_for",
           "output_files", "safe_folder_name", "fingerprint", "MASK_WARNING_FRACTION",
           "BYTES_PER_PIXEL", "MEASURED_PEAKS", "MEMORY_MARGIN", "AUTO_BUDGET_SHARE", "estimated_memory",
           "MANIFEST_FIELDS", "DEFAULTS_REVISION"]

MANIFEST_FIELDS = ("input", "status", "reason", "output_dir", "seconds", "height", "width",
                   "mask_fraction", "person_fraction", "text_fraction", "text_polygons")

#: A fill mask covering at least this share of the image gets the ``warning`` status: the
#: "background" is then mostly invented. 0.9: the largest legitimate fills seen (a person
#: filling a portrait creative, plus dilation) stay under ~0.75; above 0.9 too little of
#: the creative is left for any fill to be a recovery.
MASK_WARNING_FRACTION = 0.9

#: The revision of the outputs: bumped (a new name) whenever a change makes the same
#: settings give other masks or backgrounds (the default ones, or a named mode such as
#: ``--objects auto``), so ``--skip-existing`` redoes the results stored before it
#: (:func:`fingerprint`; the package version does not move with such changes). ``"s26"``:
#: session 26's fill takes its people from both of ``mediapipe``'s maps
#: (``refine_fine_fill``), which changed the fill of a few creatives, and ``--objects auto``
#: takes die-cut stickers (``diecut``); results stored before it have no revision and are
#: redone.
DEFAULTS_REVISION = "s26"

#: Measured peak memory of one creative through the default CLI, ``(pixels, bytes)``: the
#: largest maximum RSS of a ``--workers 1`` run (models loaded, the default backends) over
#: three contents of ``data/`` resized at each size (banner_gradient, brick_portrait,
#: rocket_landscape; a square brick_portrait at 4.2 and 16.8 MP: session 20, `/usr/bin/time
#: -v`), and 9.6 GB at 158.8 MP from the fault-injection run. Memory does not grow in
#: proportion to the pixels (the detectors and most of the fill work at bounded sizes):
#: 1.27 GB at 1 MP but 5.05 GB at 33.6 MP.
MEASURED_PEAKS = ((1.0e6, 1.27e9), (2.0e6, 1.85e9), (4.2e6, 3.02e9), (16.8e6, 4.20e9),
                  (33.6e6, 5.05e9), (158.8e6, 9.6e9))
#: Headroom over the measured peaks (other contents, other library builds).
MEMORY_MARGIN = 1.2
#: Bytes per pixel beyond the largest measured size (the last two measurements' slope).
BYTES_PER_PIXEL = (MEASURED_PEAKS[-1][1] - MEASURED_PEAKS[-2][1]) / (MEASURED_PEAKS[-1][0] - MEASURED_PEAKS[-2][0])
#: Share of the free memory the CLI's automatic budget hands out (``--max-memory-mb`` unset).
AUTO_BUDGET_SHARE = 0.8


def estimated_memory(width: int, height: int) -> int:
    """Estimated peak bytes for one ``width x height`` creative through the default pipeline.

    :data:`MEMORY_MARGIN` times the measured peaks (:data:`MEASURED_PEAKS`) interpolated
    linearly (the smallest below 1 MP, :data:`BYTES_PER_PIXEL` beyond the largest). Used to
    refuse an image that would not fit in the per-creative budget instead of letting it take
    the batch down. The former estimate (2 GiB + 64 bytes per pixel) was no longer an upper
    bound above about 2 MP (3.02 GB measured at 4.2 MP, 2.4 GB estimated) and refused every
    creative where less than about 2.6 GB was free per worker.

    >>> round(estimated_memory(1000, 1000) / 1e9, 2), round(estimated_memory(2048, 2048) / 1e9, 2)
    (1.52, 3.62)
    """
    px = float(width) * float(height)
    xs = [p for p, _ in MEASURED_PEAKS]
    ys = [b for _, b in MEASURED_PEAKS]
    if px <= xs[-1]:
        peak = float(np.interp(px, xs, ys))
    else:
        peak = ys[-1] + BYTES_PER_PIXEL * (px - xs[-1])
    return int(MEMORY_MARGIN * peak)

#: Output-folder names that would clash with the batch's own files.
_RESERVED = {"manifest.csv", OUTPUT_MARKER.lower(), ".creative_tools.lock"}
_TMP_PREFIX, _OLD_PREFIX = ".tmp-", ".old-"
_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


@dataclass
class FileOutcome:
    """One manifest row.

    ``status``: ``ok``; ``warning`` (done, but see ``reason``: e.g. the fill mask covers
    nearly the whole image); ``skipped`` (already done with the same input and
    parameters; the stored numbers are shown); ``error`` (``reason`` says why).
    """

    input: str
    status: str
    reason: str = ""
    output_dir: str = ""
    seconds: float = 0.0
    height: int | None = None
    width: int | None = None
    mask_fraction: float | None = None
    person_fraction: float | None = None
    text_fraction: float | None = None
    text_polygons: int | None = None
    summary: dict = field(default_factory=dict, repr=False)

    def row(self) -> dict:
        return {k: ("" if getattr(self, k) is None else getattr(self, k)) for k in MANIFEST_FIELDS}

    def without_summary(self) -> "FileOutcome":
        return FileOutcome(**{k: getattr(self, k) for k in MANIFEST_FIELDS})


@dataclass(frozen=True)
class OutputFile:
    """One output of a creative: ``name`` in its folder and the bytes to write, or a
    ``write(folder)`` callable for outputs that are several files (the layers)."""

    name: str
    data: bytes | None = None
    write: Any = None


def output_files(result, *, name_of_input: str = "") -> list[OutputFile]:
    """Every file written for one creative, built from its :class:`~creative_tools.pipeline.Result`.

    The one place that decides what a creative's folder holds (``result.json`` is added
    last by :func:`process_file`). To add an output, append to this list: e.g. a mask the
    Result carries, or a layered file.

    Parameters
    ----------
    result : Result
    name_of_input : str
        Unused by the built-in outputs; for hooks that name files after the input.

    Returns
    -------
    list of OutputFile
    """
    return [
        OutputFile("background.png", encode_image(result.background)),
        OutputFile("mask.png", encode_mask(result.mask)),
        OutputFile("person_mask.png", encode_mask(result.person_mask)),
        OutputFile("text_mask.png", encode_mask(result.text_mask)),
        OutputFile("object_mask.png", encode_mask(result.object_mask)),
        OutputFile("overlay.png", encode_image(result.overlay())),
    ]


# --- names --------------------------------------------------------------------------------
def safe_folder_name(stem: str) -> str:
    """A folder name made from an input's stem that can only ever live inside ``--out``.

    Path separators and control characters become ``_``; leading dots become ``_`` (no
    ``.``, ``..`` or hidden names, which the batch keeps for its temporary folders); names
    of the batch's own files get a trailing ``_``; at most 120 characters.

    >>> [safe_folder_name(s) for s in ["..", ".", "manifest.csv", "a/b", "ok-1.v2", ""]]
    ['__', '_', 'manifest.csv_', 'a_b', 'ok-1.v2', '_']
    """
    name = re.sub(r"[^\w.\-+@=,() ]", "_", stem).strip(" ")
    m = re.match(r"\.+", name)
    if m:
        name = "_" * m.end() + name[m.end():]
    name = name[:120] or "_"
    if name.lower() in _RESERVED:
        name += "_"
    return name


def output_dir_for(path, out_dir, taken: set[str]):
    """``out_dir/<safe stem>``; a second input with the same stem gets ``<stem>_<suffix>``,
    then ``<stem>_2``, ... (``taken`` holds the names used so far and is updated)."""
    p = Path(str(path).rstrip("/"))
    stem = safe_folder_name(p.stem if p.suffix else p.name)
    name = stem
    if name in taken:
        name = safe_folder_name(f"{stem}_{p.suffix.lstrip('.') or 'x'}")
        i = 2
        while name in taken:
            name = f"{stem}_{i}"
            i += 1
    taken.add(name)
    return _join(out_dir, name)


def _join(root, name: str):
    if isinstance(root, str) and is_url(root):
        return root.rstrip("/") + "/" + name
    return Path(root) / name


def _key(path) -> str:
    """What identifies an input across runs: its absolute path, or its URL."""
    s = str(path)
    return s if is_url(s) else os.path.abspath(s)


# --- parameters ----------------------------------------------------------------------------
def fingerprint(config) -> dict:
    """What a stored result must match to be reused: every parameter, the backends, the
    package version and :data:`DEFAULTS_REVISION` (JSON-normalised)."""
    from . import __version__

    params = json.loads(json.dumps(config.to_dict(), sort_keys=True, default=str))
    return {"params": params, "version": __version__, "defaults": DEFAULTS_REVISION}


def _why_redo(stored: dict | None, key: str, digest: str, fp: dict, layers: bool = False) -> str | None:
    """None when the stored result can be reused, else why it cannot."""
    if stored is None:
        return "no finished result"
    if layers and "layers" not in stored:
        return "layers asked for, the stored result has none"
    b = stored.get("batch") or {}
    if not b.get("input_sha256"):
        return "stored result has no input hash (made by an older version)"
    if b.get("input_key") not in (None, key):
        return f"output folder held the result of another input ({b.get('input_key')})"
    if b["input_sha256"] != digest:
        return "input changed since its stored result"
    old = b.get("fingerprint") or {}
    if old.get("version") != fp["version"]:
        return f"creative_tools version changed ({old.get('version')} -> {fp['version']})"
    if old.get("defaults") != fp.get("defaults"):
        return (f"default outputs changed since its stored result "
                f"(revision {old.get('defaults')} -> {fp.get('defaults')})")
    op, np_ = old.get("params") or {}, fp["params"]
    changed = sorted(k for k in set(op) | set(np_) if op.get(k) != np_.get(k))
    if changed:
        return "parameters changed: " + ", ".join(f"{k} {op.get(k)!r} -> {np_.get(k)!r}" for k in changed)
    return None


# --- one creative ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Task:
    """One creative to process: picklable, so any executor can ship it to a worker.

    Attributes
    ----------
    input : str
        Local path or fsspec URL, as given.
    dest : str
        Its output folder (local path or URL).
    skip_existing : bool
    max_pixels : int or None
    max_memory : int or None
        Per-creative memory budget in bytes (None: no check).
    mask_warning : float
        :data:`MASK_WARNING_FRACTION` unless changed.
    layers : bool
        Also write ``layers/``, ``layers.json`` and ``layers.ora``
        (:func:`creative_tools.layers.decompose`).
    """

    input: str
    dest: str
    skip_existing: bool = False
    max_pixels: int | None = DEFAULT_MAX_PIXELS
    max_memory: int | None = None
    mask_warning: float = MASK_WARNING_FRACTION
    layers: bool = False


def _error(task: Task, reason: str, t0: float) -> FileOutcome:
    dest = task.dest if (not is_url(task.dest) and Path(task.dest).is_dir()) else ""
    return FileOutcome(task.input, "error", reason, dest, round(time.perf_counter() - t0, 3))


def _read_json(path) -> dict | None:
    try:
        if is_url(str(path)):
            import fsspec

            with fsspec.open(str(path), "r") as f:
                return json.load(f)
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def _stored_outcome(task: Task, stored: dict, t0: float) -> FileOutcome:
    a = stored.get("area", {})
    size = stored.get("size", {})
    b = stored.get("batch", {})
    warn = stored.get("warning")
    reason = "already processed (same input, parameters and backends)"
    if warn:
        reason += f"; warning: {warn.get('message', '')}"
    return FileOutcome(
        task.input, "skipped", reason, str(task.dest),
        b.get("seconds", stored.get("timings_s", {}).get("wall", stored.get("timings_s", {}).get("total", 0.0))),
        size.get("height"), size.get("width"), a.get("mask", {}).get("fraction"),
        a.get("person", {}).get("fraction"), a.get("text", {}).get("fraction"),
        len(stored.get("text_polygons", [])), stored)


@dataclass
class _Prepared:
    task: Task
    t0: float
    image: np.ndarray | None = None
    digest: str = ""
    redo: str | None = None
    outcome: FileOutcome | None = None  # decided without running the pipeline


def _prepare(task: Task, fp: dict) -> _Prepared:
    """Read, hash, check the resume state and the budgets, decode."""
    t0 = time.perf_counter()
    prep = _Prepared(task, t0)
    try:
        data = read_input(task.input)
        prep.digest = sha256_bytes(data)
        if task.skip_existing:
            stored = _read_json(_join(task.dest, "result.json"))
            prep.redo = _why_redo(stored, _key(task.input), prep.digest, fp, task.layers)
            if prep.redo is None:
                prep.outcome = _stored_outcome(task, stored, t0)
                return prep
            if prep.redo == "no finished result":
                prep.redo = None
        if task.max_memory is not None:
            size = image_size(data)
            if size is not None and estimated_memory(*size) > task.max_memory:
                w, h = size
                raise ImageLoadError(
                    task.input, f"too large for the memory budget: {w}x{h} needs about "
                    f"{estimated_memory(w, h) / 2**30:.1f} GiB, over {task.max_memory / 2**30:.1f} GiB "
                    "per creative (--max-memory-mb; fewer --workers leave each one more)")
        prep.image = decode_image(data, name=task.input, max_pixels=task.max_pixels)
    except CreativeToolsError as e:
        prep.outcome = _error(task, str(e), t0)
    except MemoryError:
        prep.outcome = _error(task, f"{task.input}: out of memory", t0)
    return prep


def _write_outputs(task: Task, files: list[OutputFile], summary: dict) -> None:
    """Write a creative's files so that it is either complete or absent.

    Local: into ``OUT/.tmp-<name>-<random>/`` then one rename (an older result is moved
    aside first and removed after). URL (object stores have no rename): the files, then
    ``result.json`` last, which marks the creative done.
    """
    blob = json.dumps(summary, indent=2).encode()
    if is_url(task.dest):
        import tempfile

        import fsspec

        fs, root = fsspec.core.url_to_fs(task.dest)
        fs.rm(root + "/result.json") if fs.exists(root + "/result.json") else None
        fs.makedirs(root, exist_ok=True)
        for f in files:
            if f.write is None:
                fs.pipe_file(f"{root}/{f.name}", f.data)
                continue
            with tempfile.TemporaryDirectory() as local:
                f.write(Path(local))
                for q in sorted(Path(local).rglob("*")):
                    if q.is_file():
                        fs.pipe_file(f"{root}/{q.relative_to(local).as_posix()}", q.read_bytes())
        fs.pipe_file(f"{root}/result.json", blob)
        return
    dest = Path(task.dest)
    token = f"{dest.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp = dest.parent / f"{_TMP_PREFIX}{token}"
    old = dest.parent / f"{_OLD_PREFIX}{token}"
    try:
        tmp.mkdir()
        for f in [*files, OutputFile("result.json", blob)]:
            if f.write is not None:
                f.write(tmp)
                continue
            with open(tmp / f.name, "wb") as fh:  # open() honours the umask
                fh.write(f.data)
        if dest.exists() or dest.is_symlink():
            os.rename(dest, old)
        os.rename(tmp, dest)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if e.errno in _DISK_ERRNOS:
            raise BatchAborted(
                f"{dest.parent}: cannot write ({e.strerror}); the batch stopped, "
                f"{Path(task.input).name} was not written (no half-written creative left)") from e
        raise
    finally:
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)


def _finish(prep: _Prepared, result, fp: dict, state: dict) -> FileOutcome:
    task = prep.task
    try:
        summary = result.summary()
        # the parameters the user asked for: a worker's thread counts (executors.threaded_config)
        # change speed, not results, and stay out of result.json
        summary["params"] = {**summary["params"], **fp["params"]}
        summary["input"] = task.input
        files = output_files(result, name_of_input=task.input)
        if task.layers:
            from .layers import decompose

            stack = decompose(result, recognizer=_layers_reader(state))
            files.append(OutputFile("layers", write=stack.save))
            summary["layers"] = {"file": "layers.json", "count": len(stack)}
        frac = summary["area"]["mask"]["fraction"]
        status, reason = "ok", ""
        if frac >= task.mask_warning:
            reason = (f"fill mask covers {100 * frac:.1f}% of the image (warning at "
                      f"{100 * task.mask_warning:.0f}%): the background is mostly invented, not recovered")
            status = "warning"
            summary["warning"] = {"code": "mask_covers_image", "fraction": frac,
                                  "threshold": task.mask_warning, "message": reason}
        if prep.redo:
            reason = f"redone: {prep.redo}" + (f"; {reason}" if reason else "")
        seconds = round(time.perf_counter() - prep.t0, 3)
        summary["batch"] = {"input_key": _key(task.input), "input_sha256": prep.digest,
                            "fingerprint": fp, "seconds": seconds}
        _write_outputs(task, files, summary)
    except BatchAborted:
        raise
    except CreativeToolsError as e:
        return _error(task, str(e), prep.t0)
    except MemoryError:
        return _error(task, f"{task.input}: out of memory", prep.t0)
    except Exception as e:  # a bug or a backend failure: report it, keep the batch going
        tb = traceback.format_exception_only(type(e), e)[-1].strip()
        return _error(task, f"{task.input}: unexpected error: {tb}", prep.t0)
    a = summary["area"]
    return FileOutcome(
        task.input, status, reason, str(task.dest), seconds,
        result.image.shape[0], result.image.shape[1], a["mask"]["fraction"], a["person"]["fraction"],
        a["text"]["fraction"], len(summary["text_polygons"]), summary,
    )


def _layers_reader(state: dict):
    """The text reader of the layers, loaded once per worker (kept in ``state``)."""
    if "layers_reader" not in state:
        from .layers import make_reader

        state["layers_reader"] = make_reader("ppocr")
    return state["layers_reader"]


def run_tasks(tasks: Sequence[Task], pipeline, *, fp: dict | None = None,
              state: dict | None = None) -> list[FileOutcome]:
    """Process tasks with one loaded pipeline; several at once go through
    ``pipeline.run_batch`` (a GPU batch for torch backends).

    ``fp`` is the :func:`fingerprint` stored results must match (default: the
    pipeline's; workers pass the user's, without their per-worker thread options).
    Never raises for a bad input; raises :class:`BatchAborted` when the output cannot be
    written at all. ``state`` caches per-worker extras (the layers' text reader).
    """
    fp = fp if fp is not None else fingerprint(pipeline.config)
    state = {} if state is None else state
    preps = [_prepare(t, fp) for t in tasks]
    todo = [p for p in preps if p.outcome is None]
    if len(todo) > 1:
        try:
            results = pipeline.run_batch([p.image for p in todo])
        except Exception:  # one bad creative must not fail its batch-mates: redo one by one
            results = None
        if results is not None:
            for p, r in zip(todo, results):
                p.image = None
                p.outcome = _finish(p, r, fp, state)
            todo = []
    for p in todo:
        try:
            r = pipeline.run(p.image)
        except CreativeToolsError as e:
            p.outcome = _error(p.task, str(e), p.t0)
            continue
        except MemoryError:
            p.outcome = _error(p.task, f"{p.task.input}: out of memory", p.t0)
            continue
        except Exception as e:
            tb = traceback.format_exception_only(type(e), e)[-1].strip()
            p.outcome = _error(p.task, f"{p.task.input}: unexpected error: {tb}", p.t0)
            continue
        p.image = None
        p.outcome = _finish(p, r, fp, state)
    return [p.outcome for p in preps]


def process_file(path, dest, pipeline, *, protect: Iterable = (), skip_existing: bool = False,
                 max_pixels: int | None = None, max_memory: int | None = None,
                 mask_warning: float = MASK_WARNING_FRACTION, layers=None) -> FileOutcome:
    """Run ``pipeline`` on one file and write its outputs into ``dest``.

    Never raises for a bad input: the outcome says ``error`` and why. The files are
    written into a temporary folder renamed to ``dest`` when complete.

    Parameters
    ----------
    path : path-like or URL
    dest : path-like or URL
        The creative's output folder.
    pipeline : Pipeline
    protect : iterable of path-like
        Inputs that must never be written over (checked once here; output folders are
        created fresh, so no output can land on an input).
    skip_existing : bool
        Reuse a stored result made from the same bytes, parameters and backends.
    max_pixels, max_memory : int or None
        Pixel and memory budgets (see :class:`Task`).
    mask_warning : float
        Fill-mask share of the image from which the status is ``warning``.
    layers : text reader, str or None
        A text recogniser (or ``"ppocr"``) to also write ``layers/``, ``layers.json`` and
        ``layers.ora`` (:func:`creative_tools.layers.decompose`); None: no layers.

    Raises
    ------
    BatchAborted
        The output folder cannot be written (full disk, read-only).
    """
    dest_s = str(dest)
    prot = protect if isinstance(protect, Protected) else Protected(protect)
    if not is_url(dest_s) and prot and any(Path(dest_s).resolve() == q or Path(dest_s).resolve() in q.parents
                                           for q in prot):
        return FileOutcome(str(path), "error", f"{dest}: output folder would overwrite an input file")
    task = Task(str(path), dest_s, skip_existing,
                DEFAULT_MAX_PIXELS if max_pixels is None else max_pixels, max_memory, mask_warning,
                layers is not None)
    state = {}
    if layers is not None:
        from .layers import make_reader

        state["layers_reader"] = make_reader(layers)
    return run_tasks([task], pipeline, state=state)[0]
