#!/usr/bin/env python
"""The objects source alone, from cached person and text detections: fast A/B of its options.

The person and text stages are the slow part of a run and the objects source does not
change them, so their outputs are computed once per creative with the default pipeline and
cached under ``--cache`` (keyed by the image's bytes). Each ``--variant`` (JSON options of
the ``auto`` backend; ``{}`` = defaults) then runs the objects source and the pipeline's own
merge (:meth:`Pipeline.merge_masks`) and is scored as ``bench quality`` scores it:

* artifact sets (``tuned``, ``extra``, ``heldout``; ``heldout_v1`` = the held-out split as
  it was before session 4, whose ``astronaut`` plate shows a person; ``busy_tuned``,
  ``busy_extra``, ``busy_heldout`` = the split's creatives each on one of the split's busy
  plates, :data:`~creative_tools.bench.artifacts.BUSY_KINDS`; ``artcheck_tune``,
  ``artcheck_heldout`` = artifacts drawn apart from the generator, ``scripts/samples_artcheck.py``,
  42 each by default, ``samples_artcheck.COUNT``; ``artcheck2_tune``, ``artcheck2_heldout`` = real
  ad formats drawn a third way, ``scripts/samples_artcheck2.py``, ``samples_artcheck2.COUNT``;
  ``artcheck3_tune``, ``artcheck3_heldout`` = surfaces that are no fill (stamps, striped and
  extruded badges, frosted and neon buttons, brush blobs, photo prints and die-cuts),
  ``scripts/samples_artcheck3.py``; ``artcheck4_tune``, ``artcheck4_heldout`` =
  styles no other generator draws (peeled stickers, laurels, play discs, gradient
  rings, line logos, pouches, tilted cards, notification cards),
  ``scripts/samples_artcheck4.py``; ``artcheck5_tune``, ``artcheck5_heldout`` = a sixth
  hand's styles, ``scripts/samples_artcheck5.py``; ``links_tune``, ``links_heldout`` = text links
  (words, an underline, a chevron or arrow in one ink) among look-alike rules, ``scripts/samples_links.py``,
  whose link-free creatives give ``none_false_*``): artifacts >= 90 %
  removed, artifact pixels removed, fill precision (fill within the truth grown by the
  largest dilation) and, new, **object precision**: the objects source's own pixels within
  that grown truth (what the objects add; pixels the person or text source remove are
  theirs to answer for);
* negatives (``neg_tuned``, ``neg_extra``, ``neg_heldout``: patterned and textured plates
  without artifacts, :func:`~creative_tools.bench.artifacts.make_negative`), ``public``
  (VOC + ICDAR 2015 photos, ``data/``) and ``ads`` (the 9 real ads, no truth: every object
  pixel counts) and ``hard`` (issue 8's hard set in ``out/hard``, made by
  ``scripts/samples_hard.py``; it has no artifacts, so object pixels outside its person and
  text truth are false): false object pixels per image, mean and worst.

::

    python scripts/eval_objects.py --sets tuned extra neg_tuned neg_extra --variant '{}' --variant '{"min_score": 0.9}'
    python scripts/eval_objects.py --sets artcheck2_heldout --start 24 --count 24 ...   # creatives 24..47 only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from dataclasses import fields
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench import artifacts as A  # noqa: E402
from creative_tools.io import load_image  # noqa: E402
from creative_tools.objects.auto import AUTO_PARAMS, AutoObjects  # noqa: E402
from creative_tools.pipeline import Pipeline  # noqa: E402

import artcheck_sets  # noqa: E402  (scripts/: the held-out sets drawn by other hands)

ART_SETS = ("tuned", "extra", "heldout", "heldout_v1", "busy_tuned", "busy_extra", "busy_heldout", "artcheck_tune",
            "artcheck_heldout", "artcheck2_tune", "artcheck2_heldout", "artcheck3_tune", "artcheck3_heldout",
            "artcheck4_tune", "artcheck4_heldout", "artcheck5_tune",
            "artcheck5_heldout", "ruled_tune", "ruled_heldout", "logobars_tune", "logobars_heldout",
            "artcheck6_tune", "artcheck6_heldout", "links_tune", "links_heldout")
NEG_SETS = ("neg_tuned", "neg_extra", "neg_heldout", "public", "ads", "hard")



def _known(truth_dir: Path, shape: tuple) -> np.ndarray:
    """(H, W) bool: the person and text truth in ``truth_dir`` (pixels another source removes)."""
    known = np.zeros(shape, bool)
    for f in ("person_mask.png", "text_mask.png"):
        if (truth_dir / f).is_file():
            known |= load_image(truth_dir / f)[..., 0] > 127
    return known

def items(name: str, n: int, start: int = 0):
    """``(stem, image, truth_removal or None, artifacts or None, known or None)`` per creative.

    The generated sets yield creatives ``start .. start + n - 1``; ``public``, ``ads`` and
    ``hard`` are fixed files and ignore ``start``."""
    if name in ART_SETS:
        if name == "heldout_v1":
            A.SPLITS["heldout_v1"] = dict(A.SPLITS["heldout"], photos=("motorcycle_left", "astronaut", "grass",
                                                                         "hubble_deep_field"))
        for i in range(start, start + n):
            if artcheck_sets.is_artcheck(name):  # drawn by other hands (scripts/artcheck_sets.py)
                s = artcheck_sets.make(name, i)
            elif name.startswith("busy_"):  # the split's creatives, each on one of its busy plates
                split = name[5:]
                kinds = A.BUSY_KINDS[split]
                s = A.make_creative(i, split=split, plate_name="pattern:" + kinds[i % len(kinds)])
                s.name = f"busy_{s.name}"
            else:
                s = A.make_creative(i, split=name)
            yield s.name, s.image, s.removal, s.artifacts, None
    elif name.startswith("neg_"):
        for i in range(start, start + n):
            s = A.make_negative(i, split=name[4:])
            yield s.name, s.image, None, None, s.person | s.text
    elif name == "public":
        root = Path(os.environ.get("CREATIVE_TOOLS_SHARED", ROOT.parent / "shared")) / "eval"
        for p in sorted((root / "person_voc").glob("*.jpg")) + sorted((root / "text_icdar15").glob("*.jpg")):
            yield p.stem, load_image(p), None, None, np.zeros(load_image(p).shape[:2], bool)
        for p in sorted((ROOT / "data").glob("*.png")):
            t = ROOT / "data" / "truth" / p.stem
            if t.is_dir():
                im = load_image(p)
                yield p.stem, im, None, None, _known(t, im.shape[:2])
    elif name == "hard":  # issue 8's hard set (scripts/samples_hard.py --out out/hard): no artifacts in it
        root = ROOT / "out" / "hard"
        if not (root / "truth").is_dir():
            raise SystemExit(f"--sets hard: no {root}/truth; run python scripts/samples_hard.py --out out/hard")
        for p in sorted(root.glob("*.png"))[:n]:
            t = root / "truth" / p.stem
            im = load_image(p)
            yield p.stem, im, None, None, _known(t, im.shape[:2])
    elif name == "ads":
        root = Path(os.environ.get("CREATIVE_TOOLS_SHARED", ROOT.parent / "shared")) / "eval" / "ads_nogt"
        for p in sorted(root.glob("*.jpg")):
            im = load_image(p)
            yield p.stem, im, None, None, np.zeros(im.shape[:2], bool)
    else:
        raise SystemExit(f"--sets: unknown set {name!r}; valid: {ART_SETS + NEG_SETS}")


def detector(options: dict) -> AutoObjects:
    """The ``auto`` backend with ``options``; ``"_graphic": PATH`` runs another version of
    ``creative_tools/objects/graphic.py`` (e.g. ``git show REV:...`` saved to a file): the
    before/after of a code change in one process."""
    options = dict(options)
    path = options.pop("_graphic", None)
    det = AutoObjects(**options)
    if path:
        import importlib.util

        spec = importlib.util.spec_from_file_location("creative_tools.objects._graphic_variant", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
        # the variant's params as auto builds them: auto's own defaults (smooth_fit on) under
        # the options (AUTO_PARAMS, where the variant has the field: an older graphic.py may not)
        names = {f.name for f in fields(mod.GraphicParams)}
        own = {k: v for k, v in AUTO_PARAMS.items() if k in names}
        det.params = mod.GraphicParams(**{**own, **options})

        def _propose(image, *, text_polygons=(), text_mask=None, person_mask=None):
            return mod.graphic_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                         person_mask=person_mask, params=det.params)

        det._propose = _propose
    return det


def cached(pipe: Pipeline, cache: Path, stem: str, image: np.ndarray):
    key = hashlib.sha1(image.tobytes()).hexdigest()[:16]
    f = cache / f"{stem}_{key}_pf.pkl"  # (_pf: with the person fill; session 26)
    if f.is_file():
        return pickle.loads(f.read_bytes())
    maps = pipe.person_maps([image])
    pm, pf = pipe.person_masks(maps, [image])[0], pipe.person_fills(maps, [image])[0]
    td = pipe.detect_text([image])[0]
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(pickle.dumps((pm, td, pf)))
    return pm, td, pf


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=["tuned", "extra", "neg_tuned", "neg_extra"])
    ap.add_argument("--count", type=int, default=None, help="creatives per set (default 24 artifacts, 16 negatives)")
    ap.add_argument("--start", type=int, default=0,
                    help="first creative index: --start 24 --count 24 scores creatives 24..47 (a draw apart from "
                         "the first 24); public, ads and hard ignore it")
    ap.add_argument("--variant", action="append", default=None, help="JSON options of the auto backend")
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "objects_cache")
    ap.add_argument("--show", type=float, default=0.003, help="list negatives above this false share")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.start < 0:
        ap.error(f"--start must be >= 0, got {a.start}")
    variants = [json.loads(v) for v in (a.variant or ["{}"])]
    pipe = Pipeline(objects=None)
    dets = [detector(v) for v in variants]
    report = {}
    for name in a.sets:
        n = a.count or (artcheck_sets.count(name) if artcheck_sets.is_artcheck(name) else 24 if name in ART_SETS
                        else 16 if name.startswith("neg_") else 99)
        acc = [dict(r90=0, n=0, hit=0, px=0, fill=0, fill_ok=0, fill_in=0, none_fr=[], obj=0, obj_ok=0, fr=[],
                    secs=0.0, misses=[], worst=[]) for _ in variants]
        for stem, image, truth, arts, known in items(name, n, a.start):
            pm, td, pf = cached(pipe, a.cache, stem, image)
            for v, (det, r) in enumerate(zip(dets, acc)):
                t0 = time.process_time()
                om = det.detect(image, text_polygons=td.polygons, text_mask=td.mask, person_mask=pm).mask
                r["secs"] += time.process_time() - t0
                if arts is not None:
                    fill = pipe.merge_masks(pf, td.mask, om)
                    grow = max(pipe.config.dilation(image.shape).values())
                    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
                    grown = cv2.dilate(truth.view(np.uint8), k).astype(bool)
                    r["fill"] += int(fill.sum())
                    r["fill_ok"] += int((fill & grown).sum())
                    r["fill_in"] += int((fill & truth).sum())
                    if not arts:  # a creative without an artifact: every object pixel off the truth is false
                        r["none_fr"].append(float((om & ~truth).mean()))
                    r["obj"] += int(om.sum())
                    r["obj_ok"] += int((om & grown).sum())
                    for art in arts:
                        hit, m = int((fill & art.mask).sum()), int(art.mask.sum())
                        r["hit"] += hit
                        r["px"] += m
                        r["n"] += 1
                        r["r90"] += hit >= 0.9 * m
                        if hit < 0.9 * m:
                            r["misses"].append(f"{stem}:{art.kind}/{art.shape}:{hit / m:.2f}")
                else:
                    fr = float((om & ~known).mean())
                    r["fr"].append(fr)
                    if fr > a.show:
                        r["worst"].append(f"{stem}:{100 * fr:.2f}%")
        if not acc[0]["n"] and not acc[0]["fr"]:
            shared = os.environ.get("CREATIVE_TOOLS_SHARED", ROOT.parent / "shared")
            print(f"{name:12s} no images (the public photos and real ads are read from {shared}/eval; "
                  "set CREATIVE_TOOLS_SHARED)")
            continue
        for v, r in enumerate(acc):
            cnt = r["n"] or len(r["fr"])
            if arts is not None or r["n"]:
                row = dict(removed90=r["r90"] / max(1, r["n"]), px_removed=r["hit"] / max(1, r["px"]),
                           fill_precision=r["fill_ok"] / max(1, r["fill"]),
                           fill_strict=r["fill_in"] / max(1, r["fill"]),
                           object_precision=r["obj_ok"] / max(1, r["obj"]), artifacts=r["n"], misses=r["misses"])
                if r["none_fr"]:
                    row.update(none_false_mean=float(np.mean(r["none_fr"])), none_false_max=float(np.max(r["none_fr"])),
                               none_images=len(r["none_fr"]))
            else:
                row = dict(false_mean=float(np.mean(r["fr"])), false_max=float(np.max(r["fr"])), images=len(r["fr"]),
                           over=r["worst"])
            row["cpu_s_per_image"] = r["secs"] / max(1, len(r["fr"]) or n)
            report.setdefault(name, []).append(row)
            nums = {k: (round(x, 4) if isinstance(x, float) else x) for k, x in row.items() if not isinstance(x, list)}
            print(f"{name:12s} v{v} {nums}")
            lst = row.get("misses") or row.get("over")
            if lst and "heldout" not in name:  # held-out: totals only (never tuned on)
                print("     ", " ".join(lst))
        sys.stdout.flush()
    if a.json:
        a.json.write_text(json.dumps({"variants": variants, "report": report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
