"""Object (artifact) metrics for ``bench quality``: removal, precision, PSNR, false pixels, clicks.

Datasets (``--data`` specs):

* ``artifacts`` / ``artifacts_extra`` / ``artifacts_heldout`` (optionally ``:N`` for the
  first N creatives, default 24): the synthetic creatives of :mod:`.artifacts` (tuned /
  extra tuning variety / held-out split),
  run through the whole pipeline with the objects source on. Metrics:

  - ``artifacts_removed_90``: share of artifacts with >= 90 % of their pixels in the fill
    mask;
  - ``artifact_px_removed``: |fill & artifacts| / |artifacts|, pooled over the set;
  - ``fill_precision``: |fill & truth grown by the pipeline's largest dilation| / |fill|,
    pooled (truth = person | text | artifacts; the dilation is by design, so pixels within
    it are not false); ``fill_precision_strict`` without the allowance; ``object_precision``
    the same for the objects source's own mask (what the objects add: pixels that the person
    or text source remove in error are theirs, not the objects'); the plates show no person
    (a person in a plate photo, removed rightly by the person source, used to count against
    the fill's precision);
  - ``psnr_artifacts``: PSNR (dB) of the background inside the artifacts' pixels, of the
    mean MSE;
  - ``click_iou``: IoU of :func:`~creative_tools.objects.segment_at` with one click at
    each artifact's most interior pixel (where a person clicks), mean over artifacts;
  - ``click_seconds``: wall time per click (median), the per-image analysis included, with
    the saliency session loaded once (as in a notebook); ``click_cpu_seconds`` the CPU
    time of this process for the same clicks (a guide to an idle machine when the wall
    time is taken on a shared one);
  - ``click_iou_random``: as ``click_iou`` with a click at each of 3 random pixels at least
    2 px inside the artifact (:func:`random_click_points`, seeded), where a person may
    click too (text, rims, shadows); ``click_further_seconds``: wall time of those clicks,
    the per-image analysis kept (:class:`ClickSegmenter`), median.

* ``patterns`` / ``patterns_extra`` / ``patterns_heldout`` (optionally ``:N``, default
  16): creatives without artifacts on patterned and textured plates (tiles, stripes,
  concentric and repeated shapes, textured photos; :func:`.artifacts.make_negative`), with a
  headline and, in every other one, a person: ``false_object_frac`` / ``false_object_max``
  outside ``person | text``.
* ``noartifacts``: photos and creatives without artifacts (VOC and ICDAR 2015 photos from
  the shared folder, the samples in ``data/``). ``false_object_frac``: the objects
  source's pixels outside any truth (all of them on the photos; outside person | text on
  ``data/``) / image pixels, mean over images; ``false_object_max``: the worst image.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from . import metrics as E
from .table import OBJECT_METRICS, Row

__all__ = ["OBJECT_METRICS", "is_objects_spec", "run_objects_quality", "click_point", "random_click_points"]

def is_objects_spec(spec: str) -> bool:
    """True for the ``--data`` specs this module handles."""
    return spec.split(":")[0] in ("artifacts", "artifacts_extra", "artifacts_heldout", "noartifacts", "patterns",
                                  "patterns_extra", "patterns_heldout")


def click_point(mask: np.ndarray) -> tuple[int, int]:
    """The most interior pixel ``(x, y)`` of ``mask`` (largest distance to its border)."""
    d = cv2.distanceTransform(np.pad(mask, 1).view(np.uint8), cv2.DIST_L2, 5)[1:-1, 1:-1]
    y, x = np.unravel_index(int(np.argmax(d)), d.shape)
    return int(x), int(y)


def random_click_points(mask: np.ndarray, n: int, *, seed: int = 0, inset: float = 2.0) -> list[tuple[int, int]]:
    """``n`` random pixels ``(x, y)`` of ``mask`` at least ``inset`` px inside its border.

    Where a person might click: anywhere on the object, text included, not on its rim.
    Deterministic for a given ``seed``; an object too thin for the inset gives its most
    interior pixel ``n`` times.
    """
    d = cv2.distanceTransform(np.pad(mask, 1).view(np.uint8), cv2.DIST_L2, 5)[1:-1, 1:-1]
    ys, xs = np.nonzero(d > inset)
    if not len(ys):
        return [click_point(mask)] * n
    k = np.random.default_rng(seed).choice(len(ys), size=n, replace=len(ys) < n)
    return [(int(xs[i]), int(ys[i])) for i in k]


def _shared(shared) -> Path:
    return Path(shared or os.environ.get("CREATIVE_TOOLS_SHARED") or Path(__file__).resolve().parents[3] / "shared")


def _no_artifact_images(shared, data_dir: Path):
    from ..io import load_image

    root = _shared(shared) / "eval"
    for p in sorted((root / "person_voc").glob("*.jpg")) + sorted((root / "text_icdar15").glob("*.jpg")):
        yield p.name, load_image(p), None
    for p in sorted(data_dir.glob("*.png")):
        t = data_dir / "truth" / p.stem
        if not t.is_dir():
            continue
        known = np.zeros(load_image(p).shape[:2], bool)
        for name in ("person_mask.png", "text_mask.png"):
            if (t / name).is_file():
                known |= load_image(t / name)[..., 0] > 127
        yield p.name, load_image(p), known


def _artifact_rows(creatives, pipe, *, clicks: bool, log=None) -> dict:
    from ..objects.click import ClickSegmenter

    session = None
    if clicks:
        try:
            from ..objects.saliency import Saliency

            session = Saliency()
        except Exception:  # the click tool works without saliency; say so in the timings
            session = None
    removed90, n_art = 0, 0
    art_px = art_hit = 0
    fill_px = fill_ok = fill_ok_strict = obj_px = obj_ok = 0
    mses, ious, secs, cpu, further, ious_random = [], [], [], [], [], []
    for i, s in enumerate(creatives):
        r = pipe.run(s.image)
        truth = s.removal
        grow = max(r.params["dilation_px"].values())
        grown = cv2.dilate(truth.view(np.uint8), cv2.getStructuringElement(
            cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))).astype(bool) if grow else truth
        fill_px += int(r.mask.sum())
        fill_ok += int((r.mask & grown).sum())
        fill_ok_strict += int((r.mask & truth).sum())
        obj_px += int(r.object_mask.sum())
        obj_ok += int((r.object_mask & grown).sum())
        am = s.artifact_mask
        if am.any():
            mses.append(E.mse(r.background, s.background, region=am))
        for j, a in enumerate(s.artifacts):
            hit = int((r.mask & a.mask).sum())
            n = int(a.mask.sum())
            art_px += n
            art_hit += hit
            removed90 += hit >= 0.9 * n
            n_art += 1
            if clicks:
                t0, c0 = time.perf_counter(), time.process_time()
                seg = ClickSegmenter(s.image, saliency=session is not None, session=session)
                m = seg.segment([click_point(a.mask)])
                secs.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                ious.append(E.mask_iou(m, a.mask))
                for q in random_click_points(a.mask, 3, seed=1000 * i + j):
                    t0 = time.perf_counter()
                    m = seg.segment([q])
                    further.append(time.perf_counter() - t0)
                    ious_random.append(E.mask_iou(m, a.mask))
        if log is not None:
            log(f"  {s.name} {i + 1}/{len(creatives)}")
    nan = float("nan")
    out = {
        "artifacts_removed_90": (removed90 / n_art if n_art else nan, n_art),
        "artifact_px_removed": (art_hit / art_px if art_px else nan, n_art),
        "fill_precision": (fill_ok / fill_px if fill_px else nan, len(creatives)),
        "fill_precision_strict": (fill_ok_strict / fill_px if fill_px else nan, len(creatives)),
        "object_precision": (obj_ok / obj_px if obj_px else nan, len(creatives)),
        "psnr_artifacts": (E.psnr_from_mse(float(np.mean(mses))) if mses else nan, len(mses)),
    }
    if clicks:
        out["click_iou"] = (float(np.mean(ious)) if ious else nan, len(ious))
        out["click_seconds"] = (float(np.median(secs)) if secs else nan, len(secs))
        out["click_cpu_seconds"] = (float(np.median(cpu)) if cpu else nan, len(cpu))
        out["click_iou_random"] = (float(np.mean(ious_random)) if ious_random else nan, len(ious_random))
        out["click_further_seconds"] = (float(np.median(further)) if further else nan, len(further))
    return out


def _false_rows(items, pipe, *, log=None) -> dict:
    fracs = []
    for name, image, known in items:
        probs = pipe.segment_people([image])
        texts = pipe.detect_text([image])
        pms = pipe.person_masks(probs, [image])
        det = pipe.detect_objects([image], texts, pms)[0]
        om = np.zeros(image.shape[:2], bool) if det is None else det.mask
        false = om if known is None else om & ~known
        fracs.append(float(false.mean()))
        if log is not None:
            log(f"  noartifacts {name}: {fracs[-1]:.4f}")
    nan = float("nan")
    return {"false_object_frac": (float(np.mean(fracs)) if fracs else nan, len(fracs)),
            "false_object_max": (float(np.max(fracs)) if fracs else nan, len(fracs))}


def run_objects_quality(specs: Sequence[str], *, person: str | None = "mediapipe", text: str | None = "ppocr",
                        inpaint: str = "auto", objects: str = "auto", objects_options: dict | None = None,
                        clicks: bool = True, shared=None, data_dir=None, limit: int | None = None,
                        log=None) -> list:
    """Rows of the object metrics (see the module docstring) for each spec.

    Parameters
    ----------
    specs : sequence of str
        ``artifacts[:N]``, ``artifacts_extra[:N]``, ``artifacts_heldout[:N]``, ``patterns[:N]``,
        ``patterns_extra[:N]``, ``patterns_heldout[:N]``, ``noartifacts``.
    person, text, inpaint, objects : str or None
        The pipeline's backends (objects must be a backend name).
    objects_options : dict, optional
        Options of the objects backend (e.g. ``{"saliency": True}``).
    clicks : bool
        Also score the one-click tool on the artifact sets.
    limit : int, optional
        At most this many creatives/images per spec.

    Returns
    -------
    list of :class:`~creative_tools.bench.table.Row`
    """
    from ..pipeline import Pipeline
    from .artifacts import make_set

    data_dir = Path(data_dir) if data_dir else Path(__file__).resolve().parents[2] / "data"
    pipe = Pipeline(person=person, text=text, objects=objects, inpaint=inpaint,
                    objects_options=dict(objects_options or {}))
    rows = []
    for spec in specs:
        name, _, n = spec.partition(":")
        n = int(n) if n else (16 if name.startswith("patterns") else 24)
        if limit:
            n = min(n, limit)
        if name == "noartifacts":
            items = list(_no_artifact_images(shared, data_dir))[: limit or None]
            res = _false_rows(items, pipe, log=log)
            label = "noartifacts"
        elif name.startswith("patterns"):
            from .artifacts import make_negatives

            split = {"patterns_heldout": "heldout", "patterns_extra": "extra"}.get(name, "tuned")
            negs = make_negatives(split, n, data_dir=data_dir)
            res = _false_rows([(s.name, s.image, s.person | s.text) for s in negs], pipe, log=log)
            label = f"patterns_{split}"
        else:
            split = {"artifacts_heldout": "heldout", "artifacts_extra": "extra"}.get(name, "tuned")
            res = _artifact_rows(make_set(split, n, data_dir=data_dir), pipe, clicks=clicks, log=log)
            label = f"artifacts_{split}"
        for metric, (value, count) in res.items():
            v = value if value is None or not math.isnan(value) else float("nan")
            rows.append(Row(label, person or "-", text or "-", inpaint, metric, count, v))
    return rows
