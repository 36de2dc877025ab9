"""Inpainting backends: ``auto`` (default), ``telea``, ``ns``, ``membrane``, ``patchmatch``, ``twoscale``, ``lama``."""

from .base import Inpainter, Region, plan_regions
from . import classical  # noqa: F401  (registers telea, ns, membrane, patchmatch, twoscale, auto)
from . import lama  # noqa: F401  (registers lama)

__all__ = ["Inpainter", "Region", "plan_regions"]
