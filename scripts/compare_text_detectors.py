"""Glyph recall / precision of text-detector settings on the named failure cases, side by side.

Every setting runs in one process on the same 24 small creatives (the 12 classes of
``samples_hard.TEXT_CASES`` x tune / heldout), so timings compare within one run::

    python scripts/compare_text_detectors.py
    python scripts/compare_text_detectors.py --config "v6=dict(model='ppocrv6_small')"
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import samples_hard as h  # noqa: E402

DEFAULT = {
    "v4": {},
    "v6": {"model": "ppocrv6_small"},
    "v4+v6": {"model": "ppocrv4+ppocrv6_small"},
    "v4 no recogniser check": {"verify": 0},
}


def main(argv=None) -> int:
    from creative_tools.bench import metrics as E
    from creative_tools.text.ppocr import PPOCRText

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", nargs="*", default=None,
                    help="NAME=dict(...) of PPOCRText options (default: v4, v6, v4+v6, v4 without the check)")
    args = ap.parse_args(argv)
    cfgs = DEFAULT if not args.config else {
        k: eval(v, {"dict": dict}) for k, v in (c.split("=", 1) for c in args.config)}  # noqa: S307
    cases = [(s, k, h.text_case(k, split=s)) for s in h.SPLITS for k in h.TEXT_CASES
             if k != "cjk_vertical" or h.have_cjk()]
    for name, opts in cfgs.items():
        det = PPOCRText(**opts)
        t0 = time.perf_counter()
        rows = []
        for s, k, r in cases:
            m = det.detect(r["creative"]).mask
            rows.append((s, k, E.glyph_recall(m, r["text"]), E.glyph_precision(m, r["text"])))
        rec = np.array([x[2] for x in rows])
        prec = np.array([x[3] for x in rows], float)
        worst = rows[int(np.argmin(rec))]
        print(f"{name:24s} glyph recall {rec.mean():.3f} precision {np.nanmean(prec):.3f} "
              f"worst {worst[2]:.2f} ({worst[1]}, {worst[0]}) {time.perf_counter() - t0:.0f} s", flush=True)
        print("   " + " ".join(f"{k}/{s[0]}:{r:.2f}" for s, k, r, _ in rows), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
