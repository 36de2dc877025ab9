"""Objects backends: artifacts that are neither people nor text (badges, buttons, logos,
products). ``auto`` (default off, embedded): graphic elements, optional saliency.
:func:`segment_at` segments the object under one or more clicks."""

from .base import KINDS, ObjectDetection, ObjectDetector, ObjectProposal, parse_kinds
from . import auto  # noqa: F401  (registers auto)

__all__ = ["KINDS", "ObjectDetection", "ObjectDetector", "ObjectProposal", "parse_kinds"]
