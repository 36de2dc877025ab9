"""Label-free residual text on real ads: what a recogniser still reads after removal.

Runs the default pipeline (people, text, fill) with each text setting on every image of
a folder without labels (default ``$CREATIVE_TOOLS_SHARED/eval/ads_nogt``) and scores
:func:`creative_tools.bench.residual.self_check`: the pseudo-labels are the confident
readings (>= 0.8) of boxes from a *checker* detector run at another scale (1.5x) than
the pipeline's, with both PP-OCR detectors' boxes united, so it sees text the pipeline's
own pass may miss. Backgrounds and a side-by-side strip are written to ``--out`` to be
looked at::

    python scripts/selfcheck_ads.py --out out/ads_selfcheck
    python scripts/selfcheck_ads.py --config "v4=dict(union=())" "v4+v6=dict()"

A label-free view biased towards what detectors find: words neither detector sees
are not counted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

DEFAULT = {
    "before: v4 alone": {"union": ()},
    "after: v4 + v6 small boxes": {},
}


def main(argv=None) -> int:
    from creative_tools.bench.datasets import shared_dir
    from creative_tools.bench.residual import default_readers, self_check
    from creative_tools.io import load_image, save_image
    from creative_tools.pipeline import Pipeline
    from creative_tools.text.ppocr import PPOCRText

    shared = shared_dir()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=Path, default=shared / "eval" / "ads_nogt", help="folder of images")
    ap.add_argument("--out", type=Path, default=Path("out/ads_selfcheck"), help="backgrounds and strips")
    ap.add_argument("--config", nargs="*", default=None,
                    help="NAME=dict(...) of PPOCRText options (default: the former and the current default)")
    args = ap.parse_args(argv)
    cfgs = DEFAULT if not args.config else {
        k: eval(v, {"dict": dict}) for k, v in (c.split("=", 1) for c in args.config)}
    paths = sorted(p for p in args.images.glob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not paths:
        raise SystemExit(f"no images in {args.images}")
    checker = PPOCRText(scales=(1.5,), verify=0)
    readers = default_readers()
    pipes = {k: Pipeline(text_options=v) for k, v in cfgs.items()}
    args.out.mkdir(parents=True, exist_ok=True)
    total = {k: None for k in cfgs}
    for p in paths:
        im = load_image(p)
        boxes = checker.detect(im).polygons
        strip = [im]
        line = [p.name]
        for i, (k, pipe) in enumerate(pipes.items()):
            bg = pipe.run(im).background
            r = self_check(readers, im, bg, boxes)
            total[k] = r if total[k] is None else total[k] + r
            save_image(args.out / f"{p.stem}_{i}.png", bg)
            strip.append(bg)
            left = [w.label for w in r.readings if w.legible_after]
            line.append(f"{k}: {r.residual}/{r.legible} {left}")
        save_image(args.out / f"{p.stem}_strip.png", np.concatenate(strip, axis=1))
        print(" | ".join(line), flush=True)
    for k, r in total.items():
        print(f"{k}: {r.residual} of {r.legible} pseudo-labelled words still legible ({r.rate:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
