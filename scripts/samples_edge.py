"""People cut by the frame's side: a tune and a held-out set, with negatives cut the same way.

Issue 8 item 1 ("still find every person"): the hard ``person_scales`` family places
people at x 0.25-0.75 of the width only, so no tune set holds a person cut by the frame's
left, right or top side, a common crop in real ads. This script draws them (data/ layout,
``index.json``; ``meta.json`` has ``split`` and ``family`` like :mod:`samples_hard`, so
``eval_person_hard.py --hard DIR --only hard`` reads it):

* ``person_edge``: one person cut by the left, right or top side (left / right: 0.3-1.3
  image heights, 20-70 % of the cut-out's width outside; top: 1.25-1.9 image heights,
  the bust standing on the bottom edge, so 20-47 % of its height outside), alone or
  beside a whole person (0.4-0.9 image heights, away from the cut side), graded in
  colour (as is), warm, cool or black-and-white (the grade is applied to the creative and
  its plate alike, so the truth stays exact).
* ``negative_edge``: no person: the cat photo or shaded products as a panel or shapes cut
  by the frame's side, graded the same way.

Tune and held-out differ in rules, not only seeds: tune draws the outside share uniformly
in 0.2-0.7 and the side from {left, right, top} with weights (0.4, 0.4, 0.2); held-out
takes the shares from a fixed ladder (0.25, 0.33, 0.42, 0.5, 0.58, 0.66) and the side
weights (0.35, 0.35, 0.3), its own plates (:func:`samples_hard._plate`'s held-out
sources) and its own seeds. Nothing here is drawn from ``samples_fresh.py``.

Usage::

    python scripts/samples_edge.py --out /tmp/edge            # 48 + 48 people, 8 + 8 negatives
    python scripts/eval_person_hard.py --hard /tmp/edge --only hard --by-family --missed
    python scripts/samples_edge.py --out /tmp/blind --seed 20261208 -n 24 --negatives 8   # a blind draw
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as ms  # noqa: E402
import samples_hard as sh  # noqa: E402

EDGE_SEED = 20261207
DEFAULT_SEED = EDGE_SEED
SIDES = ("left", "right", "top")
GRADES = ("colour", "warm", "cool", "bw")
#: Side weights and the outside share by split (the held-out rules differ from tune's).
SIDE_WEIGHTS = {"tune": (0.4, 0.4, 0.2), "heldout": (0.35, 0.35, 0.3)}
HELDOUT_SHARES = (0.25, 0.33, 0.42, 0.5, 0.58, 0.66)


def rng_for(name: str, split: str) -> np.random.Generator:
    """The random generator of one family and split (independent of samples_hard's)."""
    if split not in sh.SPLITS:
        raise ValueError(f"split must be one of {sh.SPLITS}, got {split!r}")
    return np.random.default_rng([EDGE_SEED, len(name), sum(map(ord, name)), sh.SPLITS.index(split)])


def grade(img: np.ndarray, kind: str) -> np.ndarray:
    """A colour grade applied pixel by pixel (so plate and creative stay equal outside people)."""
    if kind == "colour":
        return img
    f = img.astype(np.float64)
    if kind == "bw":
        y = f @ np.array([0.299, 0.587, 0.114])
        f = np.repeat(y[..., None], 3, -1)
    elif kind == "warm":
        f = f * np.array([1.12, 1.0, 0.8]) + np.array([8, 2, 0])
    elif kind == "cool":
        f = f * np.array([0.82, 0.97, 1.12]) + np.array([0, 2, 10])
    else:
        raise ValueError(f"grade must be one of {GRADES}, got {kind!r}")
    return np.clip(np.round(f), 0, 255).astype(np.uint8)


def _graded(r: dict, kind: str) -> dict:
    r["creative"], r["background"] = grade(r["creative"], kind), grade(r["background"], kind)
    r["meta"]["grade"] = kind
    return r


def edge_placement(rng, H: int, W: int, side: str, height_frac: float, out_share: float) -> ms.Placement:
    """A cut-out ``height_frac`` image heights tall with ``out_share`` of it past ``side``.

    Left / right: that share of the cut-out's width lies outside; top: the bust stands on
    the bottom edge, so ``height_frac`` > 1 puts ``1 - 1 / height_frac`` of its height
    above the frame (``out_share`` is then ignored).
    """
    name = ["astronaut", "grace_hopper"][int(rng.integers(2))]
    _, soft = ms.cutout(name)
    scale = height_frac * H / soft.shape[0]
    nw = soft.shape[1] * scale
    if side == "left":
        x = -out_share * nw
    elif side == "right":
        x = W - (1 - out_share) * nw
    else:
        x = float(rng.uniform(0.15, 0.85)) * W - nw / 2
    return ms.Placement(name, scale=float(scale), x=int(round(x)), bottom=H, mirror=bool(rng.integers(2)))


def _whole(rng, H: int, W: int, side: str) -> ms.Placement:
    """A whole person beside the cut one, on the far half from the cut side."""
    f = float(rng.uniform(0.4, 0.9))
    xc = {"left": rng.uniform(0.6, 0.8), "right": rng.uniform(0.2, 0.4), "top": rng.choice([0.2, 0.8])}[side]
    pl = sh._placement(rng, H, W, f, float(xc))
    width = ms.cutout(pl.cutout)[1].shape[1] * pl.scale
    return ms.Placement(pl.cutout, scale=pl.scale, x=int(np.clip(pl.x, 0, W - width)), bottom=H, mirror=pl.mirror)


def person_edge(split: str, n: int = 48) -> list:
    """``n`` creatives with one person cut by the frame's side (see the module doc)."""
    rng = rng_for("person_edge", split)
    out = []
    for i, size in enumerate(sh._sizes(rng, n)):
        W, H = size
        side = SIDES[int(rng.choice(3, p=SIDE_WEIGHTS[split]))]
        if split == "tune":
            share = float(rng.uniform(0.2, 0.7))
        else:
            share = HELDOUT_SHARES[int(rng.integers(len(HELDOUT_SHARES)))]
        f = float(rng.uniform(1.25, 1.9)) if side == "top" else float(rng.uniform(0.3, 1.3))
        g = GRADES[i % len(GRADES)]
        beside = bool(rng.random() < 0.35)
        bg, src = sh._plate(rng, size, split)
        pls = [edge_placement(rng, H, W, side, f, share)]
        if beside:
            pls.append(_whole(rng, H, W, side))
        note = (f"person {f:.2f} x image height cut by the {side} side"
                + (f", {share:.2f} of its width outside" if side != "top" else f", {1 - 1 / f:.2f} of its height outside")
                + (", beside a whole person" if beside else "") + f", grade {g}")
        r = sh.compose_people(bg, pls, stem=f"edge_person_{split}_{i:02d}", split=split, fam="person_edge",
                              background=src, notes=note)
        r["meta"]["edge"] = {"side": side, "height": round(f, 3), "share": round(share, 3), "beside": beside}
        out.append(_graded(r, g))
    return out


def negative_edge(split: str, n: int = 8) -> list:
    """``n`` creatives without people: an animal panel or products cut by the frame's side."""
    rng = rng_for("negative_edge", split)
    out = []
    for i, size in enumerate(sh._sizes(rng, n)):
        W, H = size
        side = SIDES[i % 3]
        g = GRADES[i % len(GRADES)]
        bg, src = sh._plate(rng, size, split)
        if i % 2 == 0:  # the cat (tune) / the coffee cup (held-out) as a panel cut by the side
            name = "chelsea" if split == "tune" else "coffee"
            pw = int(rng.uniform(0.35, 0.6) * (H if side == "top" else W))
            if side == "top":
                panel = sh.cover(sh.source_rgb(name), (W, pw), zoom=float(rng.uniform(1.2, 2.0)), centre=(0.5, 0.9))
                bg[:pw] = panel
            else:
                panel = sh.cover(sh.source_rgb(name), (pw, H), zoom=float(rng.uniform(1.2, 2.0)),
                                 centre=(0.1 if side == "left" else 0.9, 0.5))
                if side == "left":
                    bg[:, :pw] = panel
                else:
                    bg[:, W - pw:] = panel
            src = name
        else:  # shaded products half outside
            pool = sh.STRONG + sh.SKIN
            for j in range(int(rng.integers(1, 3))):
                ow, oh = rng.uniform(0.25, 0.5) * W, rng.uniform(0.5, 1.0) * H
                share = float(rng.uniform(0.2, 0.7))
                if side == "left":
                    x0 = -share * ow
                elif side == "right":
                    x0 = W - (1 - share) * ow
                else:
                    x0 = rng.uniform(0.1, 0.6) * W
                y0 = -share * oh if side == "top" else H - oh
                bg = sh.shaded_shape(bg, ["bottle", "box", "ellipse"][j % 3], (x0, y0, x0 + ow, y0 + oh),
                                     pool[int(rng.integers(len(pool)))], seed=j)
        r = sh._negative(bg, stem=f"edge_negative_{split}_{i:02d}", split=split, fam="negative_edge",
                         background=src if src in sh.SOURCES else "generated",
                         notes=f"no person: {'panel' if i % 2 == 0 else 'products'} cut by the {side} side, grade {g}")
        out.append(_graded(r, g))
    return out


def write_edge_set(out: Path, *, splits=sh.SPLITS, n: int = 48, n_neg: int = 8) -> list:
    """Write the edge set under ``out`` (data/ layout and ``index.json``); returns metas."""
    out = Path(out)
    cv2.setNumThreads(1)
    metas = []
    for split in splits:
        for r in person_edge(split, n) + negative_edge(split, n_neg):
            if EDGE_SEED != DEFAULT_SEED:
                r["meta"]["stem"] = f"seed{EDGE_SEED}_{r['meta']['stem']}"
            r["meta"]["edge_seed"] = EDGE_SEED
            ms.write_sample(out, r)
            metas.append(r["meta"])
    index = [{"stem": m["stem"], "split": m["split"], "family": m["family"], "notes": m["notes"],
              "person_fraction": m["fraction"]["person"]} for m in metas]
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    return metas


def main(argv=None) -> int:
    global EDGE_SEED
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--split", choices=sh.SPLITS, nargs="*", default=list(sh.SPLITS))
    ap.add_argument("-n", type=int, default=48, help="people creatives per split")
    ap.add_argument("--negatives", type=int, default=8, help="negatives per split")
    ap.add_argument("--seed", type=int, default=EDGE_SEED,
                    help=f"the draw's seed (default {EDGE_SEED}, the tune and held-out sets; another one is a "
                         "blind draw by the same rules, its stems prefixed seed<N>_)")
    args = ap.parse_args(argv)
    EDGE_SEED = args.seed
    metas = write_edge_set(args.out, splits=tuple(args.split), n=args.n, n_neg=args.negatives)
    print(f"{len(metas)} creatives in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
