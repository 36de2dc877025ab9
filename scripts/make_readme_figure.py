"""Draw the README's picture: creative -> people + text masks -> background.

Usage: ``python scripts/make_readme_figure.py [--sample data/rocket_landscape.png] [--out docs/pipeline.png]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import creative_tools as ct  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", nargs="+", default=[str(ROOT / "data/rocket_landscape.png"),
                                                  str(ROOT / "data/banner_gradient.png")])
    ap.add_argument("--out", default=str(ROOT / "docs/pipeline.png"))
    args = ap.parse_args(argv)
    pipe = ct.Pipeline()
    images = [ct.load_image(p) for p in args.sample]
    # Row heights follow the images' aspect ratios, so no row is padded with white.
    ratios = [im.shape[0] / im.shape[1] for im in images]
    fig, axes = plt.subplots(len(images), 3, figsize=(15, 5 * sum(ratios) + 0.4 * len(images)),
                             squeeze=False, gridspec_kw={"height_ratios": ratios})
    for row, path, image in zip(axes, args.sample, images):
        res = pipe(image)
        for ax, (title, img) in zip(row, [("creative", res.image),
                                          ("people (red) + text (blue) masks", res.overlay()),
                                          ("recovered background", res.background)]):
            ax.imshow(img)
            ax.set_title(f"{title}  ({Path(path).name})" if title == "creative" else title, fontsize=10)
            ax.axis("off")
    fig.tight_layout()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=80)
    print(args.out)


if __name__ == "__main__":
    main()
