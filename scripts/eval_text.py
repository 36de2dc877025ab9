"""Measure text backends: a thin caller of ``python -m creative_tools.bench quality``.

The metrics (ICDAR 2015 word precision / recall / F, word coverage, mask inside words,
glyph recall / precision on ``data/``) have one implementation, in
:mod:`creative_tools.bench.metrics`; this script only picks the datasets and backends::

    python scripts/eval_text.py [--backend ppocr ...] [--limit N] [other bench quality options]

is ``python -m creative_tools.bench quality --data icdar15 data --person none --text ppocr``.
Timings: ``python -m creative_tools.bench speed --person none``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from creative_tools.bench.__main__ import main as bench  # noqa: E402


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    backends = []
    while "--backend" in argv:
        i = argv.index("--backend")
        backends.append(argv[i + 1])
        del argv[i:i + 2]
    data = [] if "--data" in argv else ["--data", "icdar15", "data"]
    return bench(["quality", *data, "--person", "none", "--text", *(backends or ["ppocr"]), *argv])


if __name__ == "__main__":
    raise SystemExit(main())
