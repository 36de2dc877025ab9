"""Draw the README's objects picture: creative -> proposals with kinds -> background with and
without the objects source, on generated artifact creatives (tuned, extra tuning variety, held-out).

Usage: ``python scripts/make_objects_figure.py [--out docs/objects.png]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from creative_tools.bench.artifacts import make_creative  # noqa: E402
from creative_tools.pipeline import Pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs/objects.png"))
    ap.add_argument("--creatives", nargs="+", default=["tuned:5", "extra:2", "heldout:0"], help="SPLIT:INDEX")
    args = ap.parse_args(argv)
    with_objects = Pipeline(objects="auto")
    without = Pipeline()
    samples = [make_creative(int(i), split=s) for s, i in (c.split(":") for c in args.creatives)]
    ratios = [s.image.shape[0] / s.image.shape[1] for s in samples]
    fig, axes = plt.subplots(len(samples), 3, figsize=(13, 4.3 * sum(ratios) + 0.4 * len(samples)),
                             squeeze=False, gridspec_kw={"height_ratios": ratios})
    for row, s in zip(axes, samples):
        r = with_objects(s.image)
        r0 = without(s.image)
        row[0].imshow(r.overlay())
        for p in r.objects.proposals:
            x0, y0, x1, y1 = p.box
            row[0].add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, color="magenta", lw=1.2))
            row[0].text(x0, y0 - 4, f"{p.kind} {p.score:.2f}", color="black", fontsize=7,
                        bbox=dict(facecolor="white", edgecolor="none", pad=1))
        row[0].set_title(f"{s.name}: people red, text blue, objects magenta", fontsize=9)
        row[1].imshow(r0.background)
        row[1].set_title("background, people + text only (default)", fontsize=9)
        row[2].imshow(r.background)
        row[2].set_title("background with --objects auto", fontsize=9)
        for ax in row:
            ax.axis("off")
    fig.tight_layout()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=72)
    print(args.out)


if __name__ == "__main__":
    main()
