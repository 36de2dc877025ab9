"""Batch runs over files: one function per file, a manifest, nothing lost on failure.

:func:`process_file` is the unit of work (pure apart from the files it writes), so a
scheduler such as Dask can map it over 100k paths; :func:`run_files` is the local loop
with a progress bar and the ``manifest.csv``. With ``skip_existing`` a crashed run resumes
where it stopped: a creative whose ``result.json`` is already written is not redone.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import CreativeToolsError
from .io import list_images, load_image, save_image, save_mask
from .pipeline import Pipeline

__all__ = ["FileOutcome", "process_file", "run_files", "output_dir_for"]

MANIFEST_FIELDS = ("input", "status", "reason", "output_dir", "seconds", "height", "width",
                   "mask_fraction", "person_fraction", "text_fraction", "text_polygons")


@dataclass
class FileOutcome:
    """One manifest row."""

    input: str
    status: str  # "ok", "skipped" (already done) or "error"
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


def output_dir_for(path: Path, out_dir: Path, taken: set[str]) -> Path:
    """``out_dir/<stem>``; a second input with the same stem gets ``<stem>_<suffix>``."""
    name = path.stem
    if name in taken:
        name = f"{path.stem}_{path.suffix.lstrip('.') or 'x'}"
        i = 2
        while name in taken:
            name = f"{path.stem}_{i}"
            i += 1
    taken.add(name)
    return out_dir / name


def _write_json(path: Path, obj) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with os.fdopen(fd, "w") as f:
        json.dump(obj, f, indent=2)
    os.replace(tmp, path)


def process_file(path: Path, dest: Path, pipeline: Pipeline, *, protect: Iterable = (),
                 skip_existing: bool = False, max_pixels: int | None = None,
                 layers=None) -> FileOutcome:
    """Run ``pipeline`` on one file and write its outputs into ``dest``.

    ``layers``: a text recogniser (or ``"ppocr"``) to also write ``layers/``,
    ``layers.json`` and ``layers.ora`` (:func:`creative_tools.layers.decompose`); None: no layers.

    Never raises for a bad input: the outcome says ``error`` and why. ``result.json`` is
    written last, so its presence marks a finished creative.
    """
    t0 = time.perf_counter()
    path, dest = Path(path), Path(dest)
    if skip_existing and (dest / "result.json").is_file():
        return FileOutcome(str(path), "skipped", "already processed", str(dest))
    try:
        kw = {} if max_pixels is None else {"max_pixels": max_pixels}
        image = load_image(path, **kw)
        res = pipeline.run(image)
        save_image(dest / "background.png", res.background, protect=protect)
        save_mask(dest / "mask.png", res.mask, protect=protect)
        save_mask(dest / "person_mask.png", res.person_mask, protect=protect)
        save_mask(dest / "text_mask.png", res.text_mask, protect=protect)
        save_image(dest / "overlay.png", res.overlay(), protect=protect)
        summary = res.summary()
        if layers is not None:
            from .layers import decompose

            stack = decompose(res, recognizer=layers)
            stack.save(dest)
            summary["layers"] = {"file": "layers.json", "count": len(stack)}
        summary["input"] = str(path)
        _write_json(dest / "result.json", summary)
    except CreativeToolsError as e:
        return FileOutcome(str(path), "error", str(e), str(dest), time.perf_counter() - t0)
    except MemoryError:
        return FileOutcome(str(path), "error", f"{path}: out of memory", str(dest), time.perf_counter() - t0)
    except Exception as e:  # a bug or a backend failure: report it, keep the batch going
        tb = traceback.format_exception_only(type(e), e)[-1].strip()
        return FileOutcome(str(path), "error", f"{path}: unexpected error: {tb}", str(dest),
                           time.perf_counter() - t0)
    a = summary["area"]
    return FileOutcome(
        str(path), "ok", "", str(dest), round(time.perf_counter() - t0, 3),
        image.shape[0], image.shape[1], a["mask"]["fraction"], a["person"]["fraction"],
        a["text"]["fraction"], len(summary["text_polygons"]), summary,
    )


def run_files(inputs: Iterable, out_dir, pipeline: Pipeline, *, recursive: bool = False,
              skip_existing: bool = False, progress: bool = True,
              max_pixels: int | None = None, layers: bool = False) -> list[FileOutcome]:
    """Process every image in ``inputs`` (files and folders) into ``out_dir``.

    Writes ``out_dir/manifest.csv`` (one row per input, with its status) and returns the
    outcomes. Bad inputs are reported, the rest still run.
    """
    from tqdm.auto import tqdm

    from .io import IMAGE_SUFFIXES

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = list(inputs)
    paths = list_images(inputs, recursive=recursive)
    protect = [p for p in paths if p.exists()]
    taken: set[str] = set()
    outcomes = [
        FileOutcome(str(d), "error", f"{d}: folder holds no images (looked for {', '.join(IMAGE_SUFFIXES)}"
                    f"{', recursively' if recursive else ''})")
        for d in map(Path, inputs) if d.is_dir() and not list_images([d], recursive=recursive)
    ]
    reader = None
    if layers:
        from .layers import make_reader

        reader = make_reader("ppocr")  # loaded once for the batch
    bar = tqdm(paths, desc="creatives", unit="img", disable=not progress)
    for p in bar:
        bar.set_postfix_str(p.name[:30])
        outcomes.append(process_file(p, output_dir_for(p, out_dir, taken), pipeline, protect=protect,
                                     skip_existing=skip_existing, max_pixels=max_pixels, layers=reader))
    write_manifest(out_dir / "manifest.csv", outcomes)
    return outcomes


def write_manifest(path: Path, outcomes: list[FileOutcome]) -> None:
    """Write the manifest CSV atomically."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".manifest.", suffix=".part")
    with os.fdopen(fd, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=MANIFEST_FIELDS)
        w.writeheader()
        for o in outcomes:
            w.writerow(o.row())
    os.replace(tmp, path)
