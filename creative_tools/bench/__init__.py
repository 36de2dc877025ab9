"""The evaluation wing: metrics, labelled datasets and benchmarks in one place.

* :mod:`.metrics` -- every quality metric, one written definition each (mask IoU, glyph
  recall, the ICDAR 2015 word matcher, PSNR/SSIM ...).
* :mod:`.datasets` -- readers for labelled images (``data/``-style creatives, ICDAR 2015,
  VOC person) into one :class:`~.datasets.Sample` type.
* ``python -m creative_tools.bench {quality,speed}`` -- benchmarks built on both.

``quality`` runs the pipeline over labelled datasets (:mod:`.datasets`) and
scores it with :mod:`.metrics`; ``speed`` times each stage at several
sizes. Both can run the original fixed 512x512 approach (:class:`Baseline`) with the
same backends in the same run, so every number comes with its ratio to it.

Examples
--------
>>> from creative_tools.bench import run_quality, Baseline  # doctest: +SKIP
>>> rows = run_quality([open_dataset("voc")], persons=["mediapipe"], baseline=True)  # doctest: +SKIP
"""

from .baseline import BASELINE_SIZE, BASELINE_THRESHOLD, Baseline, BaselineResult
from .quality import METRICS, Row, evaluate_dataset, run_quality
from .speed import run_speed, synthetic_creative

__all__ = ["Baseline", "BaselineResult", "BASELINE_SIZE", "BASELINE_THRESHOLD", "METRICS", "Row",
           "evaluate_dataset", "run_quality", "run_speed", "synthetic_creative"]
