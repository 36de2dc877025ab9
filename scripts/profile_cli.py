"""Where a default CLI run's time goes: fixed costs and each step of a creative.

``python -m creative_tools run IN --out OUT`` starts an interpreter, imports the package,
starts its workers (each loads the models once), then per creative reads and decodes the
file, runs the four stages, builds ``result.json``, draws the overlay, encodes six PNG
files and writes them. This script times each of those steps the way one single-threaded
pool worker runs them (``threaded_config(..., 1)``), in CPU seconds of this process
(``time.process_time``: less sensitive to a shared machine than wall time), on the typical
creatives of ``bench speed --typical``::

    python scripts/profile_cli.py --count 24
    python scripts/profile_cli.py --count 4 --json out/profile_cli.json

Fixed costs are measured in fresh interpreters (one per import, so nothing is cached):
the CLI module, the pipeline, the executors (what a spawned pool worker imports), and
``distributed`` (imported by nothing on the local path since session 10).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORTS = ("creative_tools.cli", "creative_tools.pipeline", "creative_tools.executors", "distributed.diagnostics.plugin")
STEPS = ("read + hash", "decode", "person", "text", "merge", "fill", "summary", "overlay", "encode background",
         "encode overlay", "encode 4 masks", "result.json + write")


def import_cpu(module: str) -> float:
    """CPU seconds a fresh interpreter spends importing ``module`` (NaN when it cannot),
    run from the root of the ``creative_tools`` this script imported (the same code)."""
    import creative_tools

    code = (f"import time; c = time.process_time(); import {module}; "
            "print(time.process_time() - c)")
    root = Path(creative_tools.__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root)
    try:
        return float(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def profile(paths, *, imports: bool = True) -> dict:
    """Per-step CPU seconds summed over the files ``paths``, plus the fixed costs.

    Returns
    -------
    dict
        ``{"files": n, "steps": {step: s}, "total": s, "fixed": {name: s}}``.
    """
    from creative_tools import io as cio
    from creative_tools.executors import threaded_config
    from creative_tools.job import OutputFile, Task, _write_outputs
    from creative_tools.pipeline import Pipeline, PipelineConfig, Result

    fixed: dict[str, float] = {}
    if imports:
        for m in IMPORTS:
            fixed[f"import {m}"] = import_cpu(m)
    pipe = Pipeline(threaded_config(PipelineConfig(), 1))
    for task in ("person", "text", "objects", "inpaint"):
        c = time.process_time()
        pipe._model(task)
        fixed[f"load {task}"] = time.process_time() - c
    steps = dict.fromkeys(STEPS, 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        for k, p in enumerate(paths):
            c = time.process_time()

            def lap(step):
                nonlocal c
                now = time.process_time()
                steps[step] += now - c
                c = now

            data = cio.read_input(str(p))
            cio.sha256_bytes(data)
            lap("read + hash")
            image = cio.decode_image(data, name=str(p))
            lap("decode")
            maps = pipe.person_maps([image])
            lap("person")
            texts = pipe.detect_text([image])
            lap("text")
            pm, pf = pipe.person_masks(maps, [image])[0], pipe.person_fills(maps, [image])[0]
            tm = texts[0].mask
            fill = pipe.merge_masks(pf, tm, None)
            lap("merge")
            bg = pipe.inpaint([image], [fill])[0]
            lap("fill")
            prob = None if maps[0] is None else maps[0].prob
            result = Result(image, bg, fill, pm, tm, prob, texts[0], pipe.backends, {}, {})
            summary = result.summary()
            lap("summary")
            ov = result.overlay()
            lap("overlay")
            files = [OutputFile("background.png", cio.encode_image(bg))]
            lap("encode background")
            files.append(OutputFile("overlay.png", cio.encode_image(ov)))
            lap("encode overlay")
            for name, m in (("mask", fill), ("person_mask", pm), ("text_mask", tm),
                            ("object_mask", result.object_mask)):
                files.append(OutputFile(f"{name}.png", cio.encode_mask(m)))
            lap("encode 4 masks")
            _write_outputs(Task(str(p), str(Path(tmp) / f"c{k}")), files, summary)
            lap("result.json + write")
    return {"files": len(paths), "steps": steps, "total": sum(steps.values()), "fixed": fixed}


def markdown(res: dict) -> str:
    n = max(1, res["files"])
    lines = ["| step | ms CPU per creative |", "|---|---|"]
    lines += [f"| {k} | {1000 * v / n:.1f} |" for k, v in res["steps"].items()]
    lines += [f"| **total** | **{1000 * res['total'] / n:.1f}** |", "", "| fixed | s CPU |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in res["fixed"].items()]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=24, help="typical creatives (default 24)")
    ap.add_argument("--folder", help="PNG/JPEG files to profile instead of the typical creatives")
    ap.add_argument("--no-imports", action="store_true", help="skip the fresh-interpreter import timings")
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if a.folder:
            paths = sorted(p for p in Path(a.folder).iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
        else:
            from creative_tools.bench.endtoend import write_creatives
            from creative_tools.bench.typical import typical_creatives

            paths = write_creatives(typical_creatives(n=a.count), tmp)
        res = profile(paths, imports=not a.no_imports)
    print(markdown(res))
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
