#!/usr/bin/env python
"""One-click IoU and time per click on the generated artifact creatives.

For every artifact of the first ``--count`` creatives of a split (see
:mod:`creative_tools.bench.artifacts`): the IoU of :class:`ClickSegmenter` with one click
at the artifact's most interior pixel, and with ``--random`` clicks at random interior
pixels (at least 2 px inside its border; each scored alone), per kind and shape; the time
of the first click on an image (per-image analysis included) and of further clicks, as
wall time and as CPU time of this process::

    python scripts/eval_click.py --split tuned --count 24 [--random 3] [--baseline old_click.py]

``--grabcut`` measures ``ClickSegmenter(grabcut=True)`` (the opt-in GrabCut step); with
``--baseline FILE`` and the same file as this tree's click.py it compares on and off.

``--second`` adds, for every most-interior click under 0.9 IoU, a second positive click
at the most interior pixel of the largest part of the artifact the first click missed,
and reports the IoU of both clicks together (``segment([first, second])``: the union of
their objects), as a user would fix a miss.

``--prepare`` calls :meth:`ClickSegmenter.prepare` (the saliency map, the graphic proposals:
the per-image work the first click that needs it pays otherwise) after building each segmenter,
as the notebook widget does when it shows an image, and reports its time apart
(``prepare_*``), the first click without it (``first_*``) and the sum (``first_with_prepare_*``):
the prepared cost is moved, never dropped.

``--option NAME=VALUE`` (repeatable; VALUE read as JSON) passes an option to the new
``ClickSegmenter`` (``--option silhouette=true``). ``--split fresh`` measures the reserved
fresh artifact creatives of ``scripts/samples_fresh.py`` (``done_when.py``'s fresh column;
look at its figure, never tune on it).

``--baseline FILE`` loads another version of ``objects/click.py`` (e.g. ``git show
main~5:creative_tools/objects/click.py > /tmp/old.py``) and measures both in the same
process, interleaved, so that the time ratio is fair on a busy machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench.artifacts import make_creative
from creative_tools.bench.click_styles import make_click_creative
from creative_tools.bench.metrics import mask_iou
from creative_tools.bench.objects import click_point, random_click_points


def _load(path: str | None):
    if path is None:
        from creative_tools.objects import click

        return click
    spec = importlib.util.spec_from_file_location("creative_tools.objects._click_baseline", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _timed(fn, *args, **kw):
    w, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - w, time.process_time() - c


def _picture(path: Path, image: np.ndarray, truth: np.ndarray, mask: np.ndarray, pt) -> None:
    """Save a crop around ``truth | mask``: the image beside it with the mask in magenta, the
    missed truth in green and the click as a yellow cross."""
    from PIL import Image

    ys, xs = np.nonzero(truth | mask)
    H, W = truth.shape
    y0, y1, x0, x1 = max(0, ys.min() - 12), min(H, ys.max() + 13), max(0, xs.min() - 12), min(W, xs.max() + 13)
    img = image[y0:y1, x0:x1].astype(np.float32)
    ov = img.copy()
    ov[mask[y0:y1, x0:x1]] = 0.45 * ov[mask[y0:y1, x0:x1]] + 0.55 * np.array([255, 0, 255])
    miss = truth[y0:y1, x0:x1] & ~mask[y0:y1, x0:x1]
    ov[miss] = 0.45 * ov[miss] + 0.55 * np.array([0, 255, 0])
    cx, cy = pt[0] - x0, pt[1] - y0
    ov[max(0, cy - 4):cy + 5, cx] = ov[cy, max(0, cx - 4):cx + 5] = (255, 255, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.concatenate([img, ov], 1).astype(np.uint8)).save(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="tuned", choices=("tuned", "extra", "heldout", "click_tune", "click_heldout", "click_texture_tune",
                                                          "click_texture_heldout", "artcheck_tune", "artcheck_heldout",
                                                          "artcheck2_tune", "artcheck2_heldout", "artcheck3_tune",
                                                          "artcheck3_heldout",
                             "artcheck4_tune", "artcheck4_heldout", "artcheck5_tune",
                             "artcheck5_heldout", "fresh"),
                    help="artifacts.py splits, or click_tune / click_heldout / click_texture_tune / "
                    "click_texture_heldout (bench/click_styles.py), artcheck_tune / artcheck_heldout "
                    "(scripts/samples_artcheck.py, its COUNT each), artcheck2_tune / artcheck2_heldout "
                    "(scripts/samples_artcheck2.py), artcheck3_tune / artcheck3_heldout (scripts/samples_artcheck3.py), "
                    "artcheck4_tune / artcheck4_heldout (samples_artcheck4.py), "
                    "artcheck5_tune / artcheck5_heldout (samples_artcheck5.py), fresh (samples_fresh.py's "
                    "artifact creatives, the reserved split of done_when.py)")
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--start", type=int, default=0, help="first creative index")
    ap.add_argument("--random", type=int, default=3, help="random interior clicks per artifact")
    ap.add_argument("--saliency", default="auto", choices=("auto", "on", "off"))
    ap.add_argument("--baseline", help="another click.py to measure side by side")
    ap.add_argument("--verbose", action="store_true", help="one line per artifact")
    ap.add_argument("--pictures", type=Path, help="write a crop (click, mask, missed truth) for each "
                    "most-interior click below --below IoU into this folder")
    ap.add_argument("--second", action="store_true",
                    help="a second click on the largest missed part of each artifact "
                    "under 0.9 IoU; report the two clicks' IoU")
    ap.add_argument("--below", type=float, default=0.9, help="IoU under which --pictures draws a crop")
    ap.add_argument("--grabcut", action="store_true",
                    help="ClickSegmenter(grabcut=True): the opt-in GrabCut step (for the "
                    "new click.py only; a --baseline keeps its own default)")
    ap.add_argument("--prepare", action="store_true",
                    help="call ClickSegmenter.prepare() after building each segmenter (what the widget "
                    "does when it shows an image) and time it apart: prepare_* is that per-image work, "
                    "first_* then the build and the first click without it, first_with_prepare_* all "
                    "three (first_*: each creative's first artifact; prepare_*: every artifact, the script "
                    "builds a segmenter per artifact)")
    ap.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                    help="a ClickSegmenter option for the new click.py (VALUE read as JSON: "
                    "--option silhouette=true); repeatable")
    a = ap.parse_args(argv)
    mods = {"new": _load(None)}
    # every option is checked before the samples are built (minutes): a misspelt name or a
    # Python spelling (True) fails at once, naming the option
    known = inspect.signature(mods["new"].ClickSegmenter).parameters
    named = [k for k, p in known.items()  # (saliency and session: --saliency sets them)
             if p.kind == p.KEYWORD_ONLY and k not in ("saliency", "session")]
    extra = {}
    for kv in a.option:
        k, sep, v = kv.partition("=")
        if not sep or not k:
            ap.error(f"--option takes NAME=VALUE, got {kv!r}")
        if k not in named:
            ap.error(f"--option {kv!r}: ClickSegmenter has no option {k!r}; options: {', '.join(named)}")
        try:
            extra[k] = json.loads(v)
        except json.JSONDecodeError:
            ap.error(f"--option {kv!r}: VALUE must be JSON (true, false, 1.5, \"text\"), got {v!r}")
    sal = {"auto": "auto", "on": True, "off": False}[a.saliency]
    session = None
    if sal:
        try:
            from creative_tools.objects.saliency import Saliency

            session = Saliency()
        except Exception as e:  # noqa: BLE001
            print(f"saliency unavailable ({e}); clicks run without it")
            sal = False
    if a.baseline:
        mods = {"base": _load(a.baseline), **mods}
    res = {k: defaultdict(list) for k in mods}
    for i in range(a.start, a.start + a.count):
        if a.split.startswith("artcheck"):  # drawn by other hands (scripts/artcheck_sets.py)
            import artcheck_sets

            s = artcheck_sets.make(a.split, i)
        elif a.split == "fresh":  # the reserved split (scripts/samples_fresh.py): never tuned on
            import samples_fresh

            s = samples_fresh.fresh_artifact(i)
        elif a.split.startswith("click_"):
            s = make_click_creative(i, split=a.split[6:])
        else:
            s = make_creative(i, split=a.split)
        for name, mod in mods.items():
            r = res[name]
            for j, art in enumerate(s.artifacts):
                pt = click_point(art.mask)
                opts = {"grabcut": True} if a.grabcut and name == "new" else {}
                if name == "new":
                    opts.update(extra)
                seg, w, c = _timed(mod.ClickSegmenter, s.image, saliency=sal, session=session,
                                   **opts)
                if a.prepare and hasattr(seg, "prepare"):
                    _, wp, cp = _timed(seg.prepare)
                    r["prepare_wall"].append(wp)
                    r["prepare_cpu"].append(cp)
                m, w2, c2 = _timed(seg.segment, [pt])
                if j == 0:
                    r["first_wall"].append(w + w2)
                    r["first_cpu"].append(c + c2)
                    if a.prepare and hasattr(seg, "prepare"):
                        r["first_with_prepare_wall"].append(w + wp + w2)
                        r["first_with_prepare_cpu"].append(c + cp + c2)
                else:
                    r["further_wall"].append(w2)
                    r["further_cpu"].append(c2)
                iou = mask_iou(m, art.mask)
                if a.pictures and iou < a.below and name == "new":
                    _picture(a.pictures / f"{s.name}_{j}_{art.kind}_{art.shape}_{iou:.2f}.png", s.image, art.mask, m, pt)
                r["iou"].append(iou)
                if a.second:
                    two = iou
                    miss = art.mask & ~m
                    if iou < 0.9 and miss.any():
                        n_, cc = cv2.connectedComponents(miss.view(np.uint8))
                        big = np.argmax(np.bincount(cc.ravel(), minlength=n_)[1:]) + 1
                        m2 = seg.segment([pt, click_point(cc == big)])
                        two = mask_iou(m2, art.mask)
                        r["iou_two_fixed"].append(two)
                        r["iou_one_fixed"].append(iou)
                    r["iou_two"].append(two)
                r[f"iou:{art.kind}/{art.shape}"].append(iou)
                rnd = []
                for q in random_click_points(art.mask, a.random, seed=1000 * i + j):
                    mr, w3, c3 = _timed(seg.segment, [q])
                    r["further_wall"].append(w3)
                    r["further_cpu"].append(c3)
                    rnd.append(mask_iou(mr, art.mask))
                r["iou_random"].extend(rnd)
                r[f"rnd:{art.kind}/{art.shape}"].extend(rnd)
                if a.verbose:
                    print(f"{name} {s.name} {art.kind}/{art.shape} iou={iou:.3f} random="
                          + " ".join(f"{v:.2f}" for v in rnd), flush=True)
    for name, r in res.items():
        gc = ", grabcut=True" if a.grabcut and name == "new" else ""
        if name == "new" and extra:
            gc += "".join(f", {k}={v!r}" for k, v in extra.items())
        print(f"== {name} ({a.split}, creatives {a.start}..{a.start + a.count - 1}, "
              f"saliency={bool(sal)}{gc})")
        print(f"  IoU most-interior click: {np.mean(r['iou']):.3f} (n={len(r['iou'])})")
        def mean(v):  # "-" for no clicks (--random 0), not numpy's empty-slice warning
            return f"{np.mean(v):.3f}" if len(v) else "-"

        if a.second:
            print(f"  IoU with a second click on the missed part (clicks under 0.9): "
                  f"{mean(r['iou_one_fixed'])} -> {mean(r['iou_two_fixed'])} "
                  f"(n={len(r['iou_two_fixed'])}); all artifacts {mean(r['iou_two'])}")
        rnd = r["iou_random"]
        print(f"  IoU random interior clicks: {mean(rnd)} (n={len(rnd)})")
        for key in sorted(k for k in r if k.startswith("iou:")):
            rk = "rnd:" + key[4:]
            print(f"    {key[4:]:18s} interior {np.mean(r[key]):.3f} (n={len(r[key])})"
                  f"  random {mean(r[rk])}")
        for key in ("first_wall", "first_cpu", "further_wall", "further_cpu", "prepare_wall", "prepare_cpu",
                    "first_with_prepare_wall", "first_with_prepare_cpu"):
            if key not in r:
                continue  # (prepare_*: only with --prepare)
            v = np.asarray(r[key])
            print(f"  {key:13s} median {np.median(v):.3f} s  p90 {np.quantile(v, 0.9):.3f} s  max {v.max():.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
