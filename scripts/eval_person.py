"""Measure person backends: a thin caller of ``python -m creative_tools.bench quality``.

The metrics (person IoU with the VOC void band ignored, false-alarm pixels on images
without people) have one implementation, in :mod:`creative_tools.bench.metrics`; this
script only picks the datasets and backends::

    python scripts/eval_person.py [--backend mediapipe ...] [--limit N] [other bench quality options]

is ``python -m creative_tools.bench quality --data voc data --person mediapipe selfie --text none``.
Timings: ``python -m creative_tools.bench speed --text none``.
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
    data = [] if "--data" in argv else ["--data", "voc", "data"]
    return bench(["quality", *data, "--person", *(backends or ["mediapipe", "selfie"]), "--text", "none", *argv])


if __name__ == "__main__":
    raise SystemExit(main())
