"""Tables, files and charts for the bench commands."""

from __future__ import annotations

import csv
import json
import math
import os
import platform
import sys
from pathlib import Path
from typing import Sequence

__all__ = ["fmt", "table", "machine", "write_csv", "write_json", "quality_chart", "speed_chart"]


def fmt(v, digits: int = 3) -> str:
    """A number for a table: ``-`` for nan/None, integers without decimals."""
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    v = float(v)
    if math.isnan(v):
        return "-"
    if math.isinf(v):
        return "inf"
    if v.is_integer() and abs(v) >= 1000:
        return f"{int(v)}"
    return f"{v:.{digits}f}"


def table(header: Sequence[str], rows: Sequence[Sequence], *, markdown: bool = False, left: int = 5) -> str:
    """A fixed-width (or Markdown) table; the first ``left`` columns are left-aligned labels."""
    cells = [[str(c) for c in header]] + [[fmt(c) if not isinstance(c, str) else c for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(r):
        parts = [c.ljust(w) if j < left else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))]
        return ("| " + " | ".join(parts) + " |") if markdown else "  ".join(parts).rstrip()

    out = [line(cells[0])]
    out.append(("|" + "|".join("-" * (w + 2) for w in widths) + "|") if markdown else "  ".join("-" * w for w in widths))
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def machine() -> dict:
    """What the numbers were measured on: CPU, cores, thread settings, GPU, versions."""
    info = {"python": sys.version.split()[0], "platform": platform.platform(), "cpu_count": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        info["cpu"] = platform.processor()
    try:
        info["affinity"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        pass
    try:  # which code produced the numbers ("+dirty": uncommitted changes in the package)
        import subprocess

        root = Path(__file__).resolve().parents[2]
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "creative_tools"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if head:
            info["commit"] = head + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    try:  # other processes share the cores: timings are only as steady as this
        info["load_avg_1min"] = round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        pass
    try:
        import cv2

        info["cv2_threads"] = cv2.getNumThreads()
        info["cv2"] = cv2.__version__
    except ImportError:
        pass
    try:
        import onnxruntime as ort

        info["onnxruntime"] = ort.__version__
    except ImportError:
        pass
    try:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        if torch.cuda.is_available():
            info["gpu"] = torch.cuda.get_device_name(0)
    except ImportError:
        pass
    return info


def write_csv(path: Path, rows: Sequence[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not rows:
        path.write_text("")
        return
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _clean(o):
    if isinstance(o, float) and (math.isnan(o) or math.isinf(o)):
        return None
    if isinstance(o, dict):
        return {k: _clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_clean(v) for v in o]
    return o


def write_json(path: Path, obj) -> None:
    """JSON with nan/inf written as null."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_clean(obj), indent=2) + "\n")


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def quality_chart(path: Path, rows: Sequence[dict]) -> None:
    """Grouped bars of the [0, 1] metrics, pipeline vs baseline, one panel per dataset/backends."""
    plt = _plt()
    import numpy as np

    groups: dict = {}
    for r in rows:
        if r["metric"] in ("seconds", "person_false_px") or r["metric"].startswith("psnr"):
            continue
        groups.setdefault((r["dataset"], r["person"], r["text"], r["inpaint"]), []).append(r)
    if not groups:
        return
    fig, axes = plt.subplots(len(groups), 1, figsize=(10, 2.8 * len(groups)), squeeze=False)
    for ax, (key, rs) in zip(axes[:, 0], groups.items()):
        x = np.arange(len(rs))
        pv = [np.nan_to_num(r["pipeline"], nan=0.0) for r in rs]
        bv = [np.nan_to_num(r["baseline"], nan=0.0) for r in rs]
        has_base = any(not math.isnan(r["baseline"]) for r in rs)
        wdt = 0.4 if has_base else 0.8
        ax.bar(x - (wdt / 2 if has_base else 0), pv, wdt, label="pipeline", color="tab:blue")
        if has_base:
            ax.bar(x + wdt / 2, bv, wdt, label="baseline 512x512", color="tab:gray")
        ax.set_xticks(x, [r["metric"] for r in rs], rotation=20, ha="right", fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{key[0]}: person={key[1]} text={key[2]} inpaint={key[3]}", fontsize=9)
        ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def speed_chart(path: Path, rows: Sequence[dict], stages: Sequence[str]) -> None:
    """Stacked per-stage times (ms) per size, device and method."""
    plt = _plt()
    import numpy as np

    if not rows:
        return
    labels = [f"{r['size']} {r['device']}\n{r['method']}" for r in rows]
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(rows)), 4))
    bottom = np.zeros(len(rows))
    for s in stages:
        v = np.array([np.nan_to_num(r.get(f"{s}_ms", 0.0) or 0.0) for r in rows])
        ax.bar(np.arange(len(rows)), v, bottom=bottom, label=s)
        bottom += v
    ax.set_xticks(np.arange(len(rows)), labels, fontsize=7)
    ax.set_ylabel("ms per image (median)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
