"""Draw the README's picture of what ``--objects auto`` leaves alone and what it misses.

Top row: patterned creatives without artifacts (tuning negatives that drew false badges
before session 4: rings round a centre, a target, a many-coloured mosaic); nothing should be
magenta. Bottom row: known misses on the ``extra`` tuning split (truth outlined in green):
an outline-only button on a photo, a small glossy mark, an outlined button on a gradient.

Usage: ``python scripts/make_patterns_figure.py [--out docs/objects_limits.png]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench.artifacts import make_creative, make_negative  # noqa: E402
from creative_tools.pipeline import Pipeline  # noqa: E402


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs/objects_limits.png"))
    ap.add_argument("--negatives", nargs="+", default=["tuned:1", "tuned:7", "tuned:6"], help="SPLIT:INDEX")
    ap.add_argument("--misses", nargs="+", default=["extra:3", "extra:5", "extra:10"], help="SPLIT:INDEX")
    a = ap.parse_args(argv)
    pipe = Pipeline(objects="auto")
    rows = [[make_negative(int(i), split=s) for s, i in (c.split(":") for c in a.negatives)],
            [make_creative(int(i), split=s) for s, i in (c.split(":") for c in a.misses)]]
    fig, axes = plt.subplots(2, 3, figsize=(13, 9), squeeze=False)
    for r, (row, samples) in enumerate(zip(axes, rows)):
        for ax, s in zip(row, samples):
            res = pipe.run(s.image)
            ov = res.overlay()
            if s.artifacts:
                edge = cv2.morphologyEx(s.artifact_mask.view(np.uint8), cv2.MORPH_GRADIENT,
                                        np.ones((3, 3), np.uint8)).astype(bool)
                ov[edge] = (0, 255, 0)
            ax.imshow(ov)
            found = 100 * float((res.object_mask & ~(s.person | s.text)).mean())
            ax.set_title(f"{s.name} ({s.meta['photo'] or s.meta['background']}): objects {found:.2f} %"
                         if not s.artifacts else
                         f"{s.name}: " + ", ".join(f"{x.shape} {100 * (res.mask & x.mask).sum() / x.mask.sum():.0f} %"
                                                   for x in s.artifacts), fontsize=8)
            ax.axis("off")
    fig.tight_layout()
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(a.out, dpi=60)
    print(a.out)


if __name__ == "__main__":
    main()
