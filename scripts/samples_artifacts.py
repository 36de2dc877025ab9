#!/usr/bin/env python
"""Write the artifact creatives (badges, buttons, logos, products; exact truth) to a folder.

The generator is :mod:`creative_tools.bench.artifacts` (``bench quality --data artifacts``
builds them in memory, nothing is committed); this script writes them in the ``data/``
layout so that any tool can read them::

    python scripts/samples_artifacts.py --out out/artifacts [--split tuned heldout] [--count 24]

Per creative ``<split>_NNN``: ``<stem>.png``, ``truth/<stem>/background.png``,
``artifact_mask.png``, ``person_mask.png``, ``text_mask.png`` (0/255) and ``meta.json``
(background, photo, per artifact its kind, shape and box). ``index.json`` lists them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench.artifacts import SPLITS, make_creative  # noqa: E402
from creative_tools.io import save_image, save_mask  # noqa: E402


def write_artifact_set(out: Path, *, splits=("tuned", "heldout"), count: int = 24, make=make_creative) -> list[dict]:
    """Write ``count`` creatives of each split into ``out``; returns their metadata.

    ``make(i, split=split)`` draws creative ``i`` of a split (``scripts/samples_artcheck.py``
    passes its own generator and writes the same layout).
    """
    out = Path(out)
    metas = []
    for split in splits:
        for i in range(count):
            s = make(i, split=split)
            t = out / "truth" / s.name
            t.mkdir(parents=True, exist_ok=True)
            save_image(out / f"{s.name}.png", s.image)
            save_image(t / "background.png", s.background)
            save_mask(t / "artifact_mask.png", s.artifact_mask)
            save_mask(t / "person_mask.png", s.person)
            save_mask(t / "text_mask.png", s.text)
            meta = {"stem": s.name, "split": split, **s.meta}
            (t / "meta.json").write_text(json.dumps(meta, indent=2))
            metas.append(meta)
    (out / "index.json").write_text(json.dumps(metas, indent=2))
    return metas


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--split", nargs="+", default=list(SPLITS), choices=list(SPLITS))
    ap.add_argument("--count", type=int, default=24, help="creatives per split (default 24)")
    args = ap.parse_args(argv)
    metas = write_artifact_set(args.out, splits=args.split, count=args.count)
    print(f"{len(metas)} artifact creatives in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
