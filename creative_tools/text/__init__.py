"""Text backends: ``ppocr`` (default, embedded) and ``psenet`` (published weights)."""

from .base import TextDetection, TextDetector
from . import ppocr  # noqa: F401  (registers ppocr)
from . import psenet  # noqa: F401  (registers psenet)

__all__ = ["TextDetection", "TextDetector"]
