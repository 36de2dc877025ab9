"""The hole's size: each source's dilation radius measured against the fill.

The default pipeline's masks are computed ONCE per creative (person, text and objects
before dilation, cached as ``.npz`` under ``--cache``); then for a grid of variants of the
merge (each source's radius as a factor of its default, ``PipelineConfig.dilation``; the
closing radius; the minimum component area) the masks are merged
(:func:`creative_tools.masks.merge`), filled by the default inpainter and scored side by
side, per set:

* **PSNR removed**: inside the true removal region, of the mean over images of the
  per-image MSE (the scoreboard's definition, :mod:`creative_tools.bench.scoreboard`);
* **residual**: the words legible in the input still legible in the fill (the scoreboard's
  readers, :func:`creative_tools.bench.residual.residual_words`; sets with word labels);
* **halo**: on the ring of ``HALO_RING`` px just outside the fill mask, near a source's
  mask (within its radius + the ring), the mean colour distance (Euclidean RGB) of the
  creative to the true background: the object's soft edge left outside the hole (0 =
  nothing left; a person's glow, a glyph's anti-aliasing or shadow show here), pooled
  per source over the set; ``person halo`` and ``text halo`` columns;
* **fill ms**: the inpainter's time per creative (all variants in one process).

A variant whose merged mask equals another's on a creative reuses its scores (the fill is
deterministic), so a person radius costs nothing on creatives without people.

Sets (``--sets``): ``data`` (the repository's ``data/``), ``hard_tune`` / ``hard_heldout``
(``scripts/samples_hard.py``, written under ``--hard`` when missing), ``art_tune`` /
``art_heldout`` (:func:`creative_tools.bench.artifacts.make_set`, ``tuned`` / ``heldout``,
``--artifacts`` creatives each, masks with ``objects="auto"``). Tune on ``data`` and
``hard_tune`` (and ``art_tune``); read the held-out sets beside them, never tune on them.

Usage::

    python scripts/eval_dilation.py --sets data hard_tune hard_heldout --hard out/fill/s13 \\
        --variants base person=0.5 person=1.5 text=0.5 text=2 close=2 min_area=0
    python scripts/eval_dilation.py --sets art_tune art_heldout --variants base objects=0.5 objects=2

A variant is ``base`` or ``key=value[,key=value...]`` with keys ``person``, ``text``,
``objects`` (factors of the default radius, rounded, at least 0), ``close`` and
``min_area`` (pixels).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools import masks as M
from creative_tools.bench import metrics as E

SOURCES = ("person", "text", "objects")
HALO_RING = 3  # px outside the fill mask
DEFAULT_VARIANTS = ("base", "person=0", "person=0.5", "person=1.5", "person=2", "text=0", "text=0.5",
                    "text=1.5", "text=2", "close=2", "min_area=0", "min_area=64")


def parse_variant(spec: str) -> dict:
    """``"person=0.5,close=2"`` -> ``{"person": 0.5, "close": 2}``; ``"base"`` -> ``{}``.

    Raises
    ------
    ValueError
        For an unknown key or a negative value.
    """
    if spec in ("base", ""):
        return {}
    out = {}
    for part in spec.split(","):
        key, _, value = part.partition("=")
        if key not in (*SOURCES, "close", "min_area"):
            raise ValueError(f"variant key must be one of {(*SOURCES, 'close', 'min_area')}, got {key!r} in {spec!r}")
        v = float(value)
        if v < 0:
            raise ValueError(f"variant value must be >= 0, got {key}={value} in {spec!r}")
        out[key] = v if key in SOURCES else int(v)
    return out


def variant_merge(variant: dict, default_radii: dict, *, close: int = 0, min_area: int = 16) -> dict:
    """The merge arguments of ``variant``: radii (factors of ``default_radii``), close, min_area.

    Examples
    --------
    >>> variant_merge({"person": 0.5, "close": 2}, {"person": 3, "text": 3, "objects": 3})
    {'dilate_px': {'person': 2, 'text': 3, 'objects': 3}, 'close_px': 2, 'min_area': 16}
    """
    radii = {k: max(0, int(np.floor(variant.get(k, 1.0) * r + 0.5))) for k, r in default_radii.items()}  # half up
    return {"dilate_px": radii, "close_px": int(variant.get("close", close)),
            "min_area": int(variant.get("min_area", min_area))}


def variant_fill(srcs: dict, kw: dict, fill_holes: int = 0) -> np.ndarray:
    """The fill mask of one variant: :func:`variant_merge`'s arguments, then the holes up
    to ``fill_holes`` px filled, as :func:`creative_tools.pipeline.fill_mask` does."""
    fm = M.merge(srcs, **kw)
    return M.fill_holes(fm, max_area=fill_holes) if fill_holes else fm


def halo(image: np.ndarray, background: np.ndarray, fill: np.ndarray, source: np.ndarray, radius: int,
         *, ring: int = HALO_RING) -> tuple[float, int]:
    """The soft edge of ``source`` left outside the fill: colour distance on the ring.

    The ring is the pixels within ``ring`` px outside ``fill`` (a square neighbourhood)
    that lie within ``radius + ring`` px of ``source``; there the creative should already
    equal the clean background.

    Returns
    -------
    (sum, count)
        The summed Euclidean RGB distance of ``image`` to ``background`` over the ring,
        and the ring's pixel count (pool sums over a set, divide at the end).
    """
    if not source.any():
        return 0.0, 0
    k = np.ones((2 * ring + 1, 2 * ring + 1), np.uint8)
    band = (cv2.dilate(fill.view(np.uint8), k) > 0) & ~fill
    reach = radius + ring
    near = cv2.dilate(source.view(np.uint8), np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)) > 0
    band &= near
    n = int(band.sum())
    if not n:
        return 0.0, 0
    d = image[band].astype(np.float32) - background[band].astype(np.float32)
    return float(np.sqrt((d ** 2).sum(axis=1)).sum()), n


def residual_memo(readers, image: np.ndarray, out: np.ndarray, words, labels, memo: dict,
                  *, max_ned: float = 0.2, pad: float = 0.15) -> tuple[int, int]:
    """``(legible, residual)`` of :func:`~creative_tools.bench.residual.residual_words`, reading less.

    The same definitions (regions, readers, rule); per creative (``memo``, empty at first)
    the input is read once, and a word whose region has no pixel changed from the first
    fill scored keeps that fill's reading instead of being read again.
    """
    from creative_tools.bench.residual import _read_any, _regions, normalise

    if "keep" not in memo:
        keep = [i for i, t in enumerate(labels) if t != "###" and normalise(t)]
        memo["keep"] = keep
        if keep:
            regions = _regions(image, [words[i] for i in keep], pad)
            lab = [labels[i] for i in keep]
            before = _read_any(readers, image, regions, lab, max_ned)
            idx = [j for j, (ok, _) in enumerate(before) if ok]
            boxes = []
            for j in idx:
                x0, y0 = np.floor(regions[j].min(axis=0)).astype(int)
                x1, y1 = np.ceil(regions[j].max(axis=0)).astype(int) + 1
                boxes.append((max(0, x0), max(0, y0), x1, y1))
            memo.update(regions=regions, lab=lab, idx=idx, boxes=boxes)
    if not memo["keep"] or not memo["idx"]:
        return 0, 0
    idx, boxes = memo["idx"], memo["boxes"]
    if "first" not in memo:
        todo = list(range(len(idx)))
        known = {}
    else:
        diff = (out != memo["first"]).any(axis=2)
        todo = [k for k, (x0, y0, x1, y1) in enumerate(boxes) if diff[y0:y1, x0:x1].any()]
        known = memo["after"]
    after = dict(known)
    if todo:
        read = _read_any(readers, out, [memo["regions"][idx[k]] for k in todo],
                         [memo["lab"][idx[k]] for k in todo], max_ned)
        after.update({k: ok for k, (ok, _) in zip(todo, read)})
    if "first" not in memo:
        memo["first"], memo["after"] = out, after
    return len(idx), int(sum(after[k] for k in range(len(idx))))


# ---------------------------------------------------------------------------------------
# Sets and the masks cache
# ---------------------------------------------------------------------------------------
def iter_set(name: str, hard: Path, n_art: int):
    """``(name, image, background, removal, words, transcriptions)`` per creative of a set."""
    if name in ("data", "hard_tune", "hard_heldout"):
        from creative_tools.bench.datasets import creatives

        if name == "data":
            folder = ROOT / "data"
        else:
            folder = hard / name
            if not (folder / "truth").is_dir():
                sys.path.insert(0, str(ROOT / "scripts"))
                import samples_hard

                samples_hard.write_hard_set(folder, splits=(name.split("_", 1)[1],))
        for s in creatives(folder, name=name):
            if s.background is None:
                continue
            yield s.name, s.image, s.background, s.removal, s.words, s.transcriptions
    elif name in ("art_tune", "art_heldout"):
        from creative_tools.bench.artifacts import make_creative

        split = "tuned" if name == "art_tune" else "heldout"
        for i in range(n_art):
            c = make_creative(i, split=split)
            removal = (c.image != c.background).any(axis=2) | c.removal
            yield c.name, c.image, c.background, removal, [], []
    else:
        raise SystemExit(f"eval_dilation: unknown set {name!r} (data, hard_tune, hard_heldout, art_tune, art_heldout)")


def cached_masks(path: Path, image: np.ndarray, pipe_for) -> dict:
    """Each source's undilated mask (and the person probability, uint8) of ``image``, cached;
    ``person_fill`` the people the fill covers (:meth:`~creative_tools.pipeline.Pipeline.
    person_fills`; a cache written before session 26, without it, is made again)."""
    key = hashlib.sha1(image.tobytes()).hexdigest()[:12]
    if path.is_file():
        z = np.load(path)
        if str(z["key"]) == key and "person_fill" in z.files:
            return {k: z[k] for k in z.files if k != "key"}
    m = pipe_for().masks(image)
    prob = np.zeros(image.shape[:2], np.uint8) if m.person_prob is None else \
        np.round(np.clip(m.person_prob, 0, 1) * 255).astype(np.uint8)
    out = {"person": m.person, "text": m.text, "objects": m.objects, "person_prob": prob, "fill": m.fill,
           "person_fill": m.person_fill}
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, key=key, **out)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=["data", "hard_tune", "hard_heldout"])
    ap.add_argument("--variants", nargs="+", default=list(DEFAULT_VARIANTS))
    ap.add_argument("--hard", type=Path, default=ROOT / "out" / "hard", help="folder of hard_tune / hard_heldout")
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "dilation_cache")
    ap.add_argument("--artifacts", type=int, default=24, help="creatives per artifacts split")
    ap.add_argument("--inpaint", default="auto")
    ap.add_argument("--every", type=int, default=1, help="every n-th creative")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-residual", action="store_true", help="skip the readers")
    ap.add_argument("--per-image", action="store_true")
    args = ap.parse_args(argv)

    from creative_tools.pipeline import Pipeline, PipelineConfig
    from creative_tools.registry import load

    variants = [(v, parse_variant(v)) for v in args.variants]
    fill = load("inpaint", args.inpaint)
    readers = None
    if not args.no_residual:
        from creative_tools.bench.residual import default_readers

        readers = default_readers()
    pipes: dict = {}

    def pipe_for(objects):
        def get():
            if objects not in pipes:
                pipes[objects] = Pipeline(objects=objects)
            return pipes[objects]
        return get

    cfg = PipelineConfig()
    print("| set | variant | n | PSNR removed (dB) | residual | person halo | text halo | objects halo | "
          "fill px (rel.) | fill ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for set_name in args.sets:
        objects = "auto" if set_name.startswith("art_") else None
        acc = {v: {"mse": [], "leg": 0, "res": 0, "halo": {s: [0.0, 0] for s in SOURCES}, "px": 0, "t": 0.0}
               for v, _ in variants}
        per = []
        items = iter_set(set_name, args.hard, args.artifacts)
        for i, (name, image, bg, removal, words, trans) in enumerate(items):
            if i % args.every or (args.limit is not None and i // args.every >= args.limit):
                continue
            if not removal.any():
                continue
            ms = cached_masks(args.cache / set_name / f"{name}.npz", image, pipe_for(objects))
            radii = cfg.dilation(image.shape)
            srcs = {s: ms["person_fill" if s == "person" else s] for s in SOURCES}  # the fill's people
            seen: dict = {}
            memo: dict = {}
            row = {}
            for k, (v, var) in enumerate(variants if i % 2 == 0 else variants[::-1]):
                kw = variant_merge(var, radii, close=cfg.close, min_area=cfg.min_area)
                fm = variant_fill(srcs, kw, cfg.fill_holes)
                h = hashlib.sha1(np.packbits(fm).tobytes()).hexdigest()
                if h not in seen:
                    t0 = time.perf_counter()
                    out = fill.inpaint(image, fm)
                    dt = time.perf_counter() - t0
                    rec = {"mse": E.mse(out, bg, region=removal), "t": dt, "px": int(fm.sum())}
                    rec["halo"] = {s: halo(image, bg, fm, srcs[s], kw["dilate_px"][s]) for s in SOURCES}
                    if readers and words:
                        rec["leg"], rec["res"] = residual_memo(readers, image, out, words, trans, memo)
                    seen[h] = rec
                rec = seen[h]
                a = acc[v]
                a["mse"].append(rec["mse"])
                a["t"] += rec["t"]
                a["px"] += rec["px"]
                a["leg"] += rec.get("leg", 0)
                a["res"] += rec.get("res", 0)
                for s in SOURCES:
                    a["halo"][s][0] += rec["halo"][s][0]
                    a["halo"][s][1] += rec["halo"][s][1]
                row[v] = E.psnr_from_mse(rec["mse"])
            per.append((name, row))
        base_px = acc[variants[0][0]]["px"] or 1
        for v, _ in variants:
            a = acc[v]
            if not a["mse"]:
                continue
            hs = [f"{a['halo'][s][0] / a['halo'][s][1]:.1f}" if a["halo"][s][1] else "-" for s in SOURCES]
            res = f"{a['res']}/{a['leg']}" if a["leg"] else "-"
            print(f"| {set_name} | `{v}` | {len(a['mse'])} | {E.psnr_from_mse(float(np.mean(a['mse']))):.2f} | {res} | "
                  f"{' | '.join(hs)} | {a['px'] / base_px:.3f} | {1000 * a['t'] / len(a['mse']):.0f} |", flush=True)
        if args.per_image:
            print("  " + " ".join(f"{v:>12s}" for v, _ in variants))
            for name, row in per:
                print(f"  {name:40s} " + " ".join(f"{row[v]:12.2f}" for v, _ in variants))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
