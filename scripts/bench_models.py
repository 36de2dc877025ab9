#!/usr/bin/env python
"""Benchmark the networks of the original project at their native working sizes.

Each network is built directly (no download): torchvision's segmentation models with
their random init, PSENet and big-LaMa filled with the weight recipe of
``../shared/vectors/README.md`` (so activations have realistic magnitudes). Speed does
not depend on the values of the weights, except where fp16 overflows (reported as
``nonfinite``).

=============================  ==========================  =========================
model                          input (per image)           source
=============================  ==========================  =========================
fcn_resnet50                   3 x 520 x 520               torchvision
deeplabv3_resnet50             3 x 520 x 520               torchvision
deeplabv3_mobilenet_v3_large   3 x 520 x 520               torchvision
psenet_fpn_r50                 3 x 736 x 1280 (long 1280)  creative_tools.text.psenet_net
lama_512 / lama_1024           4 x 512 x 512 / 1024        creative_tools.inpaint.lama_net
=============================  ==========================  =========================

The torchvision models' aux heads are not built (inference never runs them); PSENet is
timed for the network only (no PSE post-processing). CPU runs fp32 at batch 1 (batch 8
with ``--full``); CUDA runs fp32 and fp16 at batch 1 and 8. Each cell is the median of
``--runs`` timed forwards after ``--warmup`` untimed ones.

Usage::

    python scripts/bench_models.py --out bench/            # CPU, plus CUDA if present
    python scripts/bench_models.py --runs 3 --warmup 1 --models fcn_resnet50,lama_512
    python scripts/bench_models.py --devices cuda --full

Writes ``bench_models.csv`` and ``bench_models.json`` (rows + environment) under
``--out`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import math
import os
import platform
import statistics
import sys
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402


class Skip(Exception):
    """A model that cannot be built here (its module is not written yet...)."""


def recipe_state_dict(model: torch.nn.Module, gain: float) -> dict:
    """The deterministic fill of ``shared/vectors/README.md`` ("Weight recipe")."""
    out = {}
    for key, v in model.state_dict().items():
        shape, g = tuple(v.shape), torch.Generator().manual_seed(zlib.crc32(key.encode("utf-8")))
        if key.endswith("num_batches_tracked"):
            t = torch.zeros(shape, dtype=v.dtype)
        elif key.endswith("running_var"):
            t = 0.5 + torch.rand(shape, generator=g)
        elif len(shape) >= 2:
            t = torch.randn(shape, generator=g) / math.sqrt(math.prod(shape[1:])) * gain
        elif len(shape) == 1 and key.endswith(".weight"):
            t = 1 + 0.1 * torch.randn(shape, generator=g)
        else:
            t = 0.1 * torch.randn(shape, generator=g)
        out[key] = t
    return out


def _import(module: str, attr: str):
    try:
        mod = importlib.import_module(module)
    except ImportError as e:
        raise Skip(f"{module} not importable yet ({e})") from None
    fn = getattr(mod, attr, None)
    if fn is None:
        raise Skip(f"{module} has no {attr} yet")
    return fn


def _torchvision(builder: str):
    def build():
        from torchvision.models import segmentation

        torch.manual_seed(0)
        return getattr(segmentation, builder)(weights=None, weights_backbone=None,
                                              num_classes=21, aux_loss=False)
    return build


def _psenet():
    net = _import("creative_tools.text.psenet_net", "psenet_fpn_r50")()
    net.load_state_dict(recipe_state_dict(net, 1.0), strict=True)
    return net


def _lama():
    net = _import("creative_tools.inpaint.lama_net", "big_lama")()
    net.load_state_dict(recipe_state_dict(net, 0.7), strict=True)
    return net


# name -> (builder, per-image input shape, note)
MODELS = {
    "fcn_resnet50": (_torchvision("fcn_resnet50"), (3, 520, 520), "torchvision, short side 520"),
    "deeplabv3_resnet50": (_torchvision("deeplabv3_resnet50"), (3, 520, 520), "torchvision, short side 520"),
    "deeplabv3_mobilenet_v3_large": (_torchvision("deeplabv3_mobilenet_v3_large"), (3, 520, 520),
                                     "torchvision, short side 520"),
    "psenet_fpn_r50": (_psenet, (3, 736, 1280), "long side 1280, network only"),
    "lama_512": (_lama, (4, 512, 512), "big-lama generator"),
    "lama_1024": (_lama, (4, 1024, 1024), "big-lama generator"),
}


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _output(y):
    return y["out"] if isinstance(y, dict) else y


def time_model(model, shape, *, device, dtype, batch, runs, warmup) -> dict:
    """Median wall time of ``model(x)`` for a ``(batch, *shape)`` input."""
    g = torch.Generator().manual_seed(0)
    x = torch.rand((batch, *shape), generator=g).to(device=device, dtype=dtype)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    times = []
    with torch.inference_mode():
        for i in range(warmup + runs):
            _sync(device)
            t0 = time.perf_counter()
            y = _output(model(x))
            _sync(device)
            if i >= warmup:
                times.append(time.perf_counter() - t0)
        nonfinite = float((~torch.isfinite(y)).float().mean())
    row = {
        "median_ms": 1000 * statistics.median(times),
        "min_ms": 1000 * min(times),
        "ms_per_image": 1000 * statistics.median(times) / batch,
        "nonfinite": nonfinite,
        "out_shape": "x".join(map(str, y.shape)),
    }
    if device.type == "cuda":
        row["peak_mem_mib"] = torch.cuda.max_memory_allocated(device) / 2**20
    return row


def plan(devices, full):
    """(device, dtype name, batch) cells to time."""
    cells = []
    for dev in devices:
        if dev == "cpu":
            cells += [("cpu", "float32", 1)] + ([("cpu", "float32", 8)] if full else [])
        else:
            cells += [(dev, dt, b) for dt in ("float32", "float16") for b in (1, 8)]
    return cells


def environment(threads: int) -> dict:
    env = {
        "date_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch_threads": threads,
        "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    }
    try:
        import torchvision

        env["torchvision"] = torchvision.__version__
    except ImportError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                env["cpu"] = line.split(":", 1)[1].strip()
                break
        env["loadavg_1min"] = round(os.getloadavg()[0], 2)
    except OSError:
        pass
    return env


COLUMNS = ["model", "input", "device", "dtype", "batch", "median_ms", "ms_per_image", "min_ms",
           "peak_mem_mib", "nonfinite", "status"]


def markdown(rows) -> str:
    head = ["model", "input (C×H×W)", "device", "dtype", "batch", "median ms", "ms / image",
            "peak MiB", "status"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        def f(k, fmt="{:.0f}"):
            v = r.get(k)
            return "" if v is None or v == "" else fmt.format(v)
        lines.append("| " + " | ".join([
            r["model"], r["input"], r["device"], r["dtype"], str(r["batch"]), f("median_ms"),
            f("ms_per_image"), f("peak_mem_mib"), r["status"]]) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=",".join(MODELS),
                    help=f"comma-separated subset of {list(MODELS)}")
    ap.add_argument("--devices", default="auto",
                    help="comma-separated torch devices; 'auto' = cpu plus cuda when available")
    ap.add_argument("--runs", type=int, default=5, help="timed forwards per cell (median reported)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed forwards before timing")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch CPU threads (default: torch's own choice)")
    ap.add_argument("--full", action="store_true", help="also CPU batch 8 (slow)")
    ap.add_argument("--out", type=Path, default=Path("bench"), help="folder for CSV and JSON")
    args = ap.parse_args(argv)

    names = [n.strip() for n in args.models.split(",") if n.strip()]
    unknown = sorted(set(names) - set(MODELS))
    if unknown:
        ap.error(f"unknown model(s) {unknown}; choose from {list(MODELS)}")
    if args.runs < 1 or args.warmup < 0:
        ap.error("--runs must be >= 1 and --warmup >= 0")
    if args.threads:
        torch.set_num_threads(args.threads)
    devices = (["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
               if args.devices == "auto" else [d.strip() for d in args.devices.split(",")])
    for d in devices:
        if d.startswith("cuda") and not torch.cuda.is_available():
            ap.error(f"device {d!r} asked for, but torch sees no CUDA device")
    env = environment(torch.get_num_threads())
    if torch.cuda.is_available():
        # Torch's defaults (what a user gets), recorded rather than changed.
        env["cudnn_allow_tf32"] = torch.backends.cudnn.allow_tf32
        env["cudnn_benchmark"] = torch.backends.cudnn.benchmark
    caption = (f"torch {env['torch']}; CPU {env['cpu']} ({env['cpu_count']} cores, "
               f"{env['torch_threads']} torch threads, 1-min load {env.get('loadavg_1min', '?')}); "
               f"CUDA: {env['cuda'] or 'none'}; median of {args.runs} runs after {args.warmup} warm-up")
    print(caption, file=sys.stderr)

    rows = []
    for name in names:
        build, shape, note = MODELS[name]
        base = {"model": name, "input": "×".join(map(str, shape)), "note": note}
        try:
            t0 = time.perf_counter()
            net = build().eval()
            print(f"{name}: built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        except Skip as e:
            print(f"{name}: skipped: {e}", file=sys.stderr)
            rows.append({**base, "device": "", "dtype": "", "batch": "", "status": f"skipped: {e}"})
            continue
        for dev, dt, batch in plan(devices, args.full):
            device, dtype = torch.device(dev), getattr(torch, dt)
            cell = {**base, "device": dev, "dtype": dt, "batch": batch}
            try:
                net = net.to(device=device, dtype=dtype)
                res = time_model(net, shape, device=device, dtype=dtype, batch=batch,
                                 runs=args.runs, warmup=args.warmup)
                cell.update(res, status="ok" if res["nonfinite"] == 0 else
                            f"ok ({100 * res['nonfinite']:.1f}% non-finite)")
            except Exception as e:  # OOM, unsupported op: record and go on
                cell["status"] = f"error: {type(e).__name__}: {str(e).splitlines()[0][:120]}"
            finally:
                if device.type == "cuda":
                    torch.cuda.empty_cache()
            print(f"  {dev} {dt} b{batch}: {cell.get('median_ms', float('nan')):.0f} ms "
                  f"({cell['status']})", file=sys.stderr)
            rows.append(cell)
        del net

    print(caption + "\n")
    print(markdown(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "bench_models.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS + ["out_shape", "note"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    (args.out / "bench_models.json").write_text(json.dumps(
        {"environment": env, "settings": {"runs": args.runs, "warmup": args.warmup, "full": args.full,
                                          "devices": devices}, "rows": rows}, indent=2))
    print(f"wrote {args.out / 'bench_models.csv'} and {args.out / 'bench_models.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
