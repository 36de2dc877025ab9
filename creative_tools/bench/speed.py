"""``bench speed``: per-stage timings and peak memory, pipeline vs the 512x512 baseline.

For each size (the long side of the input) and device (CPU always, ``cuda`` when torch
sees a GPU): one warm-up run, then ``repeat`` timed runs; each stage reports its median.
Peak memory is the process's peak resident set size while that configuration ran
(``VmHWM`` from ``/proc/self/status``, reset through ``/proc/self/clear_refs``; where that
is not available, ``ru_maxrss``, the peak since the process started) and, on a GPU,
``torch.cuda.max_memory_allocated``.

The input is the first creative of ``data/`` when there is one, else
:func:`synthetic_creative`, resized so that its long side is the size.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..pipeline import Pipeline
from .baseline import Baseline

__all__ = ["synthetic_creative", "speed_input", "thread_info", "peak_rss_mb", "reset_peak_rss", "run_speed",
           "run_typical", "STAGES", "TYPICAL_STAGES"]

STAGES = ("person", "text", "merge", "inpaint")
#: Stages of ``bench speed --typical`` (``objects`` is 0 unless that source is on).
TYPICAL_STAGES = ("person", "text", "objects", "merge", "inpaint")


def synthetic_creative(size: int = 1024, *, seed: int = 0) -> np.ndarray:
    """A square fake creative: gradient backdrop, a figure-like shape and two lines of text.

    Returns
    -------
    (size, size, 3) uint8 RGB
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / max(size - 1, 1)
    im = np.stack([60 + 150 * x, 120 + 80 * y, 200 - 120 * x * y], axis=2)
    im += rng.normal(0, 4, im.shape)
    im = np.clip(im, 0, 255).astype(np.uint8)
    s = size / 1024
    cv2.ellipse(im, (int(700 * s), int(700 * s)), (int(150 * s), int(260 * s)), 0, 0, 360, (40, 50, 90), -1)
    cv2.circle(im, (int(700 * s), int(360 * s)), int(95 * s), (225, 180, 150), -1)
    cv2.putText(im, "SUMMER SALE", (int(60 * s), int(200 * s)), cv2.FONT_HERSHEY_DUPLEX, 2.6 * s,
                (255, 255, 255), max(1, int(7 * s)), cv2.LINE_AA)
    cv2.putText(im, "up to 50% off", (int(60 * s), int(300 * s)), cv2.FONT_HERSHEY_SIMPLEX, 1.6 * s,
                (20, 20, 20), max(1, int(4 * s)), cv2.LINE_AA)
    return im


def speed_input(size: int, *, data: Path | None = None, sample: str | None = None) -> tuple[np.ndarray, str]:
    """The benchmark image with long side ``size`` and where it came from.

    ``sample`` names a creative of ``data`` (default: the first one); with no creatives
    the input is :func:`synthetic_creative`.
    """
    from .datasets import REPO_ROOT, creatives
    from ..errors import ContractError

    root = Path(data) if data is not None else REPO_ROOT / "data"
    im, src = None, "synthetic"
    if root.is_dir():
        ds = creatives(root)
        if sample is not None and sample not in ds.keys:
            raise ContractError(f"sample must be one of {ds.keys} (creatives in {root}), got {sample!r}")
        if len(ds):
            i = ds.keys.index(sample) if sample is not None else 0
            im, src = ds[i].image, f"{root.name}/{ds.keys[i]}"
    if im is None:
        return synthetic_creative(size), "synthetic"
    h, w = im.shape[:2]
    k = size / max(h, w)
    out = cv2.resize(im, (max(1, round(w * k)), max(1, round(h * k))),
                     interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC)
    return out, src


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS counter of this process (Linux); False if unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """Peak resident set size in MiB (``VmHWM``, else ``ru_maxrss``)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def thread_info(pipe: Pipeline | None = None) -> dict:
    """Thread counts: ``os.cpu_count()``, torch, OpenCV, and each onnxruntime session's setting."""
    info = {"cpu_count": os.cpu_count()}
    try:
        info["affinity"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        pass
    info["cv2_threads"] = cv2.getNumThreads()
    try:
        import torch

        info["torch_threads"] = torch.get_num_threads()
    except ImportError:
        pass
    if pipe is not None:
        try:
            import onnxruntime as ort

            from ..onnx_session import OwnThreadSession

            for task, model in (("person", pipe.person_model), ("text", pipe.text_model), ("inpaint", pipe.inpainter)):
                for v in vars(model).values() if model is not None else ():
                    if isinstance(v, (ort.InferenceSession, OwnThreadSession)):
                        n = v.get_session_options().intra_op_num_threads
                        info[f"ort_{task}_intra_op"] = n if n else "default (one per physical core)"
        except ImportError:
            pass
    return info


def _time_pipeline(pipe: Pipeline, im: np.ndarray) -> dict:
    t = {}
    t0 = time.perf_counter()
    maps = pipe.person_maps([im])
    t["person"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    texts = pipe.detect_text([im])
    t["text"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pf = pipe.person_fills(maps, [im])[0]
    tm = np.zeros(im.shape[:2], bool) if texts[0] is None else texts[0].mask
    fill = pipe.merge_masks(pf, tm)
    t["merge"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pipe.inpaint([im], [fill])
    t["inpaint"] = time.perf_counter() - t0
    return t


def _time_baseline(base: Baseline, im: np.ndarray) -> dict:
    t = dict(base.run(im).timings)
    t.pop("total", None)
    t["person"] += t.pop("resize")  # the squash belongs to the first stage
    return t


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def run_speed(*, sizes: Sequence[int] = (512, 1024, 2048), repeat: int = 3, person: str | None = "mediapipe",
              text: str | None = "ppocr", inpaint: str = "auto", baseline: bool = True,
              devices: Sequence[str] | None = None, data: Path | None = None, sample: str | None = None,
              log=None) -> tuple[list[dict], dict]:
    """Time the pipeline's stages (and the baseline's) at several sizes.

    Parameters
    ----------
    sizes : sequence of int
        Long side of the input in pixels.
    repeat : int
        Timed runs after one warm-up; the median is reported.
    person, text, inpaint : str or None
        Backends.
    baseline : bool
        Also time the 512x512 baseline.
    devices : sequence of str, optional
        Default: ``["cpu"]`` plus ``"cuda"`` when available.
    data : Path, optional
        Creatives folder for the input image (default ``data/``).
    sample : str, optional
        Which creative of ``data`` (default: the first).

    Returns
    -------
    rows : list of dict
        ``size``, ``input`` (WxH), ``device``, ``method``, ``<stage>_ms``, ``total_ms``,
        ``peak_rss_mb``, ``gpu_peak_mb``, ``ratio_total`` (pipeline / baseline).
    info : dict
        Threads per device and the input's source.
    """
    if int(repeat) < 1:
        from ..errors import ContractError

        raise ContractError(f"repeat must be >= 1, got {repeat}")
    if devices is None:
        devices = ["cpu"]
        try:
            import torch

            if torch.cuda.is_available():
                devices.append("cuda")
        except ImportError:
            pass
    rows, info = [], {"threads": {}, "repeat": int(repeat)}
    for dev in devices:
        pipe = Pipeline(person=person, text=text, inpaint=inpaint, device=dev)
        info["threads"][dev] = thread_info(pipe)
        methods = [("pipeline", lambda im: _time_pipeline(pipe, im))]
        if baseline:
            base = Baseline(pipe)
            methods.append(("baseline", lambda im: _time_baseline(base, im)))
        for size in sizes:
            im, src = speed_input(int(size), data=data, sample=sample)
            info["input"] = src
            for method, fn in methods:
                if log:
                    log(f"speed: {dev} {im.shape[1]}x{im.shape[0]} {method}")
                reset_peak_rss()
                gpu = dev.startswith("cuda")
                if gpu:
                    import torch

                    torch.cuda.reset_peak_memory_stats()
                fn(im)  # warm-up
                _sync(dev)
                runs = []
                for _ in range(int(repeat)):
                    runs.append(fn(im))
                    _sync(dev)
                med = {s: 1000 * statistics.median(r[s] for r in runs) for s in STAGES}
                total = 1000 * statistics.median(sum(r[s] for s in STAGES) for r in runs)
                row = {"size": int(size), "input": f"{im.shape[1]}x{im.shape[0]}", "device": dev, "method": method,
                       **{f"{s}_ms": med[s] for s in STAGES}, "total_ms": total,
                       "peak_rss_mb": peak_rss_mb(), "gpu_peak_mb": float("nan")}
                if gpu:
                    import torch

                    row["gpu_peak_mb"] = torch.cuda.max_memory_allocated() / 2 ** 20
                rows.append(row)
    for r in rows:
        b = [x for x in rows if x["method"] == "baseline" and x["size"] == r["size"] and x["device"] == r["device"]]
        r["ratio_total"] = r["total_ms"] / b[0]["total_ms"] if b and b[0]["total_ms"] else float("nan")
    return rows, info


def _write_cli_outputs(res, dest: Path) -> None:
    """The files ``python -m creative_tools run`` writes for one creative (as batch.process_file)."""
    import json

    from ..io import save_image, save_mask

    save_image(dest / "background.png", res.background)
    save_mask(dest / "mask.png", res.mask)
    save_mask(dest / "person_mask.png", res.person_mask)
    save_mask(dest / "text_mask.png", res.text_mask)
    save_image(dest / "overlay.png", res.overlay())
    (dest / "result.json").write_text(json.dumps(res.summary(), indent=2))


def run_typical(creatives: Sequence[tuple[str, np.ndarray]], *, repeat: int = 1, naive: bool = True,
                write: bool = True, pipeline: Pipeline | None = None, others: dict | None = None,
                log=None) -> tuple[list[dict], dict]:
    """Time the default pipeline and the naive script side by side on the same creatives.

    Both load their models once, get one untimed warm-up call on the first creative, then
    run every creative ``repeat`` times, rotating which goes first, so a load change on a
    shared machine hits all alike.

    Parameters
    ----------
    creatives : sequence of (str, (H, W, 3) uint8)
        Named RGB creatives (:func:`~creative_tools.bench.typical.typical_creatives`).
    repeat : int
        Timed runs per creative and method; each stage reports the median.
    naive : bool
        Also time :class:`~creative_tools.bench.naive.NaiveScript`.
    write : bool
        Also time writing the outputs (the CLI's six files; the script's background
        PNG) into a temporary folder, as the ``write`` stage (not part of ``total``).
    pipeline : Pipeline, optional
        Default: ``Pipeline()`` (the default CLI's backends and options).
    others : dict of str to Pipeline, optional
        More pipelines timed in the same loop under these method names (e.g. a
        ``"before"`` configuration), so a before/after comparison is side by side.

    Returns
    -------
    rows : list of dict
        One per creative and method: ``name``, ``input`` (WxH), ``method``
        (``pipeline`` / ``naive``), ``<stage>_ms`` for :data:`TYPICAL_STAGES`,
        ``total_ms`` (compute: the sum of the stages), ``wall_ms`` (the time the call
        waited, from before ``run`` to after it: less than ``total_ms`` where stages
        run side by side, :meth:`Pipeline.side_by_side`), ``write_ms``, ``mask_frac``.
    summary : dict
        Per method, the mean of every column over the creatives, and for every method
        but the naive script ``ratio_total`` (its mean wall / the naive script's) and
        ``median_ratio`` (the median over creatives of its wall / the naive script's),
        ``nan`` without the naive script. ``summary["ratio_total"]`` is the pipeline's.
        Wall is compared with wall: the stages' sum is no longer the wait.
    """
    import tempfile

    if int(repeat) < 1:
        from ..errors import ContractError

        raise ContractError(f"repeat must be >= 1, got {repeat}")
    pipe = pipeline if pipeline is not None else Pipeline()
    methods = {"pipeline": lambda im: _pipeline_once(pipe, im)}
    for key, other in (others or {}).items():
        if key in ("pipeline", "naive"):
            from ..errors import ContractError

            raise ContractError(f"others must not use the names 'pipeline' or 'naive', got {key!r}")
        methods[key] = (lambda p: lambda im: _pipeline_once(p, im))(other)
    if naive:
        from .naive import NaiveScript

        script = NaiveScript()
        methods["naive"] = lambda im: _naive_once(script, im)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fn in methods.values():  # warm-up: first-call costs (allocations, graph set-up)
            fn(creatives[0][1])
        for k, (name, im) in enumerate(creatives):
            order = list(methods)[k % len(methods):] + list(methods)[:k % len(methods)]
            runs: dict[str, list] = {m: [] for m in methods}
            for _ in range(int(repeat)):
                for m in order:
                    runs[m].append(methods[m](im))
            for m in methods:
                row = {"name": name, "input": f"{im.shape[1]}x{im.shape[0]}", "method": m}
                for s in TYPICAL_STAGES:
                    row[f"{s}_ms"] = 1000 * statistics.median(r[0][s] for r in runs[m])
                row["total_ms"] = 1000 * statistics.median(sum(r[0][s] for s in TYPICAL_STAGES) for r in runs[m])
                row["wall_ms"] = 1000 * statistics.median(r[2] for r in runs[m])
                res = runs[m][-1][1]
                row["mask_frac"] = float(res.mask.mean())
                if write:
                    dest = Path(tmp) / m / name.replace("/", "_")
                    dest.mkdir(parents=True, exist_ok=True)
                    t0 = time.perf_counter()
                    if m != "naive":
                        _write_cli_outputs(res, dest)
                    else:
                        cv2.imwrite(str(dest / "background.png"), cv2.cvtColor(res.background, cv2.COLOR_RGB2BGR))
                    row["write_ms"] = 1000 * (time.perf_counter() - t0)
                else:
                    row["write_ms"] = float("nan")
                rows.append(row)
            if log:
                tot = {r["method"]: r["wall_ms"] for r in rows[-len(methods):]}
                log(f"speed: {name} {im.shape[1]}x{im.shape[0]} " + " ".join(f"{m}={v:.0f} ms" for m, v in tot.items()))
    cols = [f"{s}_ms" for s in TYPICAL_STAGES] + ["total_ms", "wall_ms", "write_ms", "mask_frac"]
    summary = {}
    for m in methods:
        sel = [r for r in rows if r["method"] == m]
        summary[m] = {c: float(np.mean([r[c] for r in sel])) for c in cols}
        summary[m]["n"] = len(sel)
    nv = summary.get("naive", {}).get("wall_ms")
    for r in rows:
        b = [x for x in rows if x["method"] == "naive" and x["name"] == r["name"]]
        r["ratio_total"] = r["wall_ms"] / b[0]["wall_ms"] if b and b[0]["wall_ms"] else float("nan")
    for m in methods:
        if m != "naive":
            summary[m]["ratio_total"] = summary[m]["wall_ms"] / nv if nv else float("nan")
            summary[m]["median_ratio"] = (float(np.median([r["ratio_total"] for r in rows if r["method"] == m]))
                                          if nv else float("nan"))
    summary["ratio_total"] = summary["pipeline"]["ratio_total"]
    return rows, summary


def _pipeline_once(pipe: Pipeline, im: np.ndarray):
    t0 = time.perf_counter()
    res = pipe.run(im)
    wall = time.perf_counter() - t0
    return {s: res.timings.get(s, 0.0) for s in TYPICAL_STAGES}, res, wall


def _naive_once(script, im: np.ndarray):
    t0 = time.perf_counter()
    res = script.run(im)
    wall = time.perf_counter() - t0
    return {s: res.timings.get(s, 0.0) for s in TYPICAL_STAGES}, res, wall
