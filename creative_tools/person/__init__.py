"""Person backends: ``mediapipe`` (default, embedded), torchvision's ``fcn_resnet50``,
``deeplabv3_resnet50`` and ``deeplabv3_mobilenet_v3_large``."""

from .base import PersonSegmenter
from . import mediapipe  # noqa: F401  (registers mediapipe, selfie)
from . import torchvision_seg  # noqa: F401  (registers the torchvision models)

__all__ = ["PersonSegmenter"]
