"""creative_tools: take an advertising creative apart.

Find the people and the text in a creative, merge them into one mask and inpaint it
away to recover the clean background, at full resolution.

>>> import creative_tools as ct
>>> sorted(ct.available("person"))  # doctest: +SKIP
['deeplabv3_mobilenet_v3_large', 'deeplabv3_resnet50', 'fcn_resnet50', 'mediapipe', 'selfie']
"""

from __future__ import annotations

from .contract import as_mask, check_image, check_mask, check_prob
from .errors import (
    BackendUnavailableError,
    ContractError,
    CreativeToolsError,
    ImageLoadError,
    UnknownBackendError,
    WeightsError,
    WeightsHashMismatch,
    WeightsNotFoundError,
)
from .registry import available, load

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "available",
    "load",
    "check_image",
    "check_mask",
    "check_prob",
    "as_mask",
    "CreativeToolsError",
    "ContractError",
    "ImageLoadError",
    "UnknownBackendError",
    "BackendUnavailableError",
    "WeightsError",
    "WeightsNotFoundError",
    "WeightsHashMismatch",
    "load_image",
    "save_image",
    "recover_background",
    "Pipeline",
    "Result",
    "decompose",
]


def __getattr__(name):
    # Keep `import creative_tools` light: the pipeline and I/O load on first use.
    if name in ("load_image", "save_image"):
        from . import io

        return getattr(io, name)
    if name in ("recover_background", "Pipeline", "Result"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "decompose":
        from .layers import decompose

        return decompose
    if name == "segment_at":
        from .objects.click import segment_at

        return segment_at
    raise AttributeError(f"module 'creative_tools' has no attribute {name!r}")
