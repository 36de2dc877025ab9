#!/usr/bin/env python
"""One-click IoU with two option sets A and B of :class:`ClickSegmenter`, click by click.

For every artifact of creatives ``--start .. --start + --count - 1`` of a split (the splits
of ``scripts/eval_click.py``): the most-interior click (``click_point``, name ``c``) and
``--random`` further clicks drawn inside the artifact's truth (``random_click_points`` with
eval_click's seeds, names ``r0``, ``r1``, ...), each segmented alone under option set A and
under option set B (JSON objects of ``ClickSegmenter`` keyword options, checked against its
signature before any creative is built)::

    python scripts/ab_click.py --split SPLIT [--start 0] [--count 24] [--random 3] \\
        [--a '{"silhouette_thin": 0}'] [--b '{}'] [--tag NAME] [--out DIR] [--below 0.7]

One segmenter per option set per creative (saliency "auto", one shared saliency session),
so an option that shapes the per-image analysis is honoured as well as one read per click.
``--only-if METHOD`` (repeatable) is the cheap form for rules gated by one method each
(session 21's ``ab3.py`` did this for ``_silhouette``): one segmenter with B's options; A
runs (its options set on that segmenter for the click) only where such a method returned
something during B's click, else A = B; the rows then carry ``fired``.
Output: one line per click (``LOSS`` / ``gain`` where B differs from A by >= 0.005 IoU),
the means of A and B over most-interior and over random clicks and the count of clicks B
raises / lowers; a crop (``eval_click``'s picture: mask magenta, missed truth green, click
a yellow cross) of every click whose A IoU is under ``--below`` or that changed, under
``OUT/TAG/pics/SPLIT`` (file names end ``_a0.53.png`` / ``_b0.71.png``); the rows as JSON
in ``OUT/TAG/SPLIT_START.json``, each with ``cover_a`` / ``spill_a`` (share of the truth
the A mask covers / A-mask pixels outside the truth per truth pixel; the same for B), which
say whether a low click is too small (which part is missed) or too large (what it leaks
into).

Without ``--b`` only A runs and B is A: a way to list the low clicks of one option set
(``--a '{}'``: the defaults). The CPU times in the JSON (``t_a``, ``t_b``) include
each segmenter's one-time lazy analysis on its first click: quote
``scripts/eval_click.py`` for time per click.

Session 21 ran this loop from a scratch copy (``ab3.py``) with A = ``{"silhouette_thin":
0}`` and B = ``{"silhouette_thin": 3}``; session 22 committed it (docs/results.md).
``scripts/ab_click_silhouette.py`` (``silhouette`` off vs on, sessions 19 - 20) is kept
for its documented commands.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

SPLITS = ("tuned", "extra", "heldout", "click_tune", "click_heldout", "click_texture_tune",
          "click_texture_heldout", "artcheck_tune", "artcheck_heldout", "artcheck2_tune",
          "artcheck2_heldout", "artcheck3_tune", "artcheck3_heldout", "artcheck4_tune",
          "artcheck4_heldout", "artcheck5_tune", "artcheck5_heldout", "fresh")

#: |B - A| IoU at and above which a click counts as changed (the loops of sessions 20 - 21)
CHANGED = 0.005


def sample(split: str, i: int):
    """Creative ``i`` of ``split`` (the generators of ``scripts/eval_click.py``)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    if split.startswith("artcheck"):
        import artcheck_sets

        return artcheck_sets.make(split, i)
    if split == "fresh":  # the reserved split: look at its figure, never tune on it
        import samples_fresh

        return samples_fresh.fresh_artifact(i)
    if split.startswith("click_"):
        from creative_tools.bench.click_styles import make_click_creative

        return make_click_creative(i, split=split[6:])
    from creative_tools.bench.artifacts import make_creative

    return make_creative(i, split=split)


def parse_options(text: str, *, known) -> dict:
    """A JSON object of ClickSegmenter options, each name one of ``known``.

    Raises ``ValueError`` naming the fault (not JSON, not an object, an unknown name), so a
    misspelt option fails before minutes of sampling.

    >>> parse_options('{"silhouette_thin": 0}', known=("silhouette_thin",))
    {'silhouette_thin': 0}
    """
    try:
        opts = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"options must be a JSON object such as '{{\"silhouette\": false}}', "
                         f"got {text!r} ({e.msg})") from None
    if not isinstance(opts, dict):
        raise ValueError(f"options must be a JSON object, got {type(opts).__name__}: {text!r}")
    bad = [k for k in opts if k not in known]
    if bad:
        raise ValueError(f"ClickSegmenter has no option {bad[0]!r}; options: {', '.join(known)}")
    return opts


def segmenter_options() -> tuple[str, ...]:
    """The keyword-only options of ``ClickSegmenter`` an option set may name (saliency and
    session are this script's)."""
    from creative_tools.objects.click import ClickSegmenter

    ps = inspect.signature(ClickSegmenter).parameters
    return tuple(k for k, p in ps.items() if p.kind == p.KEYWORD_ONLY and k not in ("saliency", "session"))


def resolved_options(opts: dict, names) -> dict:
    """The values of options ``names`` that a ``ClickSegmenter`` built with ``opts`` holds:
    the defaults for those ``opts`` leaves out, as ``__init__`` resolves them (the default
    ``rim_blend_scope=None`` is ``"answer"`` with ``rim_blend`` on, ``"shape"`` with
    ``rim_blend=0``), so setting them on another segmenter runs the click ``opts`` asks for."""
    from creative_tools.objects.click import ClickSegmenter

    seg = ClickSegmenter(np.zeros((8, 8, 3), np.uint8), saliency=False, **opts)
    return {k: getattr(seg, k) for k in names}


def shares(mask: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """(cover, spill): the share of ``truth`` that ``mask`` covers, and ``mask``'s pixels
    outside ``truth`` per truth pixel (0 for an empty truth).

    >>> t = np.zeros((4, 4), bool); t[:2] = True
    >>> m = np.zeros((4, 4), bool); m[1:3] = True
    >>> shares(m, t)
    (0.5, 0.5)
    """
    n = int(truth.sum())
    if n == 0:
        return 0.0, 0.0
    return float((mask & truth).sum()) / n, float((mask & ~truth).sum()) / n


def flag(a: float, b: float, *, eps: float = CHANGED) -> str:
    """``""`` when B is within ``eps`` of A, ``"gain"`` when B is higher, ``"LOSS"`` when lower."""
    if abs(b - a) < eps:
        return ""
    return "gain" if b > a else "LOSS"


def summarize(rows, *, eps: float = CHANGED) -> dict:
    """Means of A and B over the most-interior clicks (``click == "c"``) and over the random
    ones (None where there are none), and the count of clicks B raises / lowers by ``eps``.

    >>> summarize([dict(click="c", a=0.5, b=0.9), dict(click="r0", a=0.8, b=0.8)])
    {'n': 1, 'interior_a': 0.5, 'interior_b': 0.9, 'random_a': 0.8, 'random_b': 0.8, 'up': 1, 'down': 0}
    """
    c = [r for r in rows if r["click"] == "c"]
    rr = [r for r in rows if r["click"] != "c"]

    def mean(v):
        return float(np.mean(v)) if v else None

    return dict(n=len(c), interior_a=mean([r["a"] for r in c]), interior_b=mean([r["b"] for r in c]),
                random_a=mean([r["a"] for r in rr]), random_b=mean([r["b"] for r in rr]),
                up=sum(flag(r["a"], r["b"], eps=eps) == "gain" for r in rows),
                down=sum(flag(r["a"], r["b"], eps=eps) == "LOSS" for r in rows))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", required=True, choices=SPLITS)
    ap.add_argument("--start", type=int, default=0, help="first creative index")
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--random", type=int, default=3, help="random clicks per artifact (besides the most-interior)")
    ap.add_argument("--a", default="{}", help="option set A (JSON object of ClickSegmenter options)")
    ap.add_argument("--b", help="option set B (JSON object); left out, only A runs (B = A): the low "
                    "clicks of one option set")
    ap.add_argument("--tag", default="ab", help="folder under --out for this comparison")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "ab_click")
    ap.add_argument("--below", type=float, default=0.7, help="draw every click whose A IoU is under this")
    ap.add_argument("--no-pictures", action="store_true")
    ap.add_argument("--only-if", action="append", default=[], metavar="METHOD",
                    help="one segmenter per creative built with B's options (B must name every option A "
                    "sets); each click runs B, and A (A's options set on it for the click, B's back after) "
                    "only when one of these ClickSegmenter methods returned something other than None "
                    "during B's click; else A = B. Valid only when A and B differ by rules that act "
                    "through those methods' returns (repeatable)")
    a = ap.parse_args(argv)
    known = segmenter_options()
    try:
        sets = {"a": parse_options(a.a, known=known)}
        if a.b is not None:
            sets["b"] = parse_options(a.b, known=known)
    except ValueError as e:
        ap.error(str(e))
    if a.only_if:
        from creative_tools.objects.click import ClickSegmenter as _CS

        bad = [m for m in a.only_if if not callable(getattr(_CS, m, None))]
        if bad:
            ap.error(f"--only-if {bad[0]!r}: ClickSegmenter has no method of that name")
        if "b" not in sets or set(sets["a"]) - set(sets["b"]):
            ap.error("--only-if needs --b naming every option --a sets (B's segmenter is reused for A)")
        # A on B's segmenter: B's options as a segmenter built with A's options holds them
        # (a default read from the signature would skip __init__'s resolution: rim_blend_scope
        # None would run with the blend off), then B's back as B's own segmenter holds them
        a_on_b = resolved_options(sets["a"], sets["b"])
        b_back = resolved_options(sets["b"], sets["b"])
    if a.count < 1 or a.start < 0 or a.random < 0:
        ap.error(f"need --count >= 1, --start >= 0, --random >= 0; got {a.count}, {a.start}, {a.random}")

    import eval_click as ec
    from creative_tools.bench.metrics import mask_iou
    from creative_tools.bench.objects import click_point, random_click_points
    from creative_tools.objects.click import ClickSegmenter
    from creative_tools.objects.saliency import Saliency

    out = a.out / a.tag
    pics = out / "pics" / a.split
    sess = Saliency()
    rows = []
    for i in range(a.start, a.start + a.count):
        s = sample(a.split, i)
        fired = []
        if a.only_if:
            seg = ClickSegmenter(s.image, saliency="auto", session=sess, **sets["b"])
            for meth in a.only_if:
                def spy(*args, _f=getattr(seg, meth), **kw):
                    r = _f(*args, **kw)
                    if r is not None:
                        fired.append(1)
                    return r
                setattr(seg, meth, spy)
            segs = {"b": seg}
        else:
            segs = {k: ClickSegmenter(s.image, saliency="auto", session=sess, **o) for k, o in sets.items()}
        for j, art in enumerate(s.artifacts):
            pts = [("c", click_point(art.mask))]
            pts += [(f"r{t}", q) for t, q in enumerate(random_click_points(art.mask, a.random, seed=1000 * i + j))]
            for name, pt in pts:
                row = dict(split=a.split, name=s.name, i=i, j=j, kind=art.kind, shape=art.shape, click=name,
                           pt=[int(pt[0]), int(pt[1])], area=int(art.mask.sum()))
                masks = {}
                fired.clear()
                for k, seg in segs.items():
                    t = time.process_time()
                    masks[k] = seg.segment([pt])
                    row[f"t_{k}"] = time.process_time() - t
                    row[k] = float(mask_iou(masks[k], art.mask))
                    row[f"cover_{k}"], row[f"spill_{k}"] = shares(masks[k], art.mask)
                if a.only_if:
                    row["fired"] = bool(fired)
                    if fired:  # A on the same analysis, then B's options back
                        seg = segs["b"]
                        for o, v in a_on_b.items():
                            setattr(seg, o, v)
                        t = time.process_time()
                        masks["a"] = seg.segment([pt])
                        row["t_a"] = time.process_time() - t
                        for o, v in b_back.items():
                            setattr(seg, o, v)
                        row["a"] = float(mask_iou(masks["a"], art.mask))
                        row["cover_a"], row["spill_a"] = shares(masks["a"], art.mask)
                    else:
                        masks["a"] = masks["b"]
                        row.update({f"{f}_a": row[f"{f}_b"] for f in ("t", "cover", "spill")}, a=row["b"])
                elif "b" not in segs:  # A alone: B = A
                    masks["b"] = masks["a"]
                    row.update({f"{f}_b": row[f"{f}_a"] for f in ("t", "cover", "spill")}, b=row["a"])
                rows.append(row)
                f = flag(row["a"], row["b"])
                print(f"{s.name} {j} {art.kind}/{art.shape} {name} a={row['a']:.3f} b={row['b']:.3f}"
                      f" cover_a={row['cover_a']:.2f} spill_a={row['spill_a']:.2f}{'  ' + f if f else ''}",
                      flush=True)
                if a.no_pictures:
                    continue
                stem = f"{s.name}_{j}_{art.kind}_{art.shape}_{name}"
                if row["a"] < a.below or f:
                    ec._picture(pics / f"{stem}_a{row['a']:.2f}.png", s.image, art.mask, masks["a"], pt)
                if f:
                    ec._picture(pics / f"{stem}_b{row['b']:.2f}.png", s.image, art.mask, masks["b"], pt)
    sm = summarize(rows)

    def fmt(v):
        return "-" if v is None else f"{v:.4f}"

    print(f"== {a.split} creatives {a.start}..{a.start + a.count - 1} n={sm['n']} A={a.a} B={a.b or a.a}")
    print(f"   interior a {fmt(sm['interior_a'])} b {fmt(sm['interior_b'])} | random a {fmt(sm['random_a'])}"
          f" b {fmt(sm['random_b'])} | up {sm['up']} down {sm['down']}")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / f"{a.split}_{a.start}.json", "w") as fh:
        json.dump(dict(a=sets["a"], b=sets.get("b", sets["a"]), summary=sm, rows=rows), fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
