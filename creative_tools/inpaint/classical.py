"""Classical inpainters that need no learned weights.

* ``telea`` / ``ns``: OpenCV's fast marching (Telea 2004) and Navier-Stokes fills.
  Good on thin holes (text strokes); they smudge body-sized holes.
* ``patchmatch``: PatchMatch (Barnes et al. 2009, the ``pypatchmatch`` wheel). Copies
  texture from around the hole: the most plausible classical fill for large holes, but
  slow, so it works at ``working_size`` 384 by default and the result is pasted back.
* ``auto``: picks per region: Telea for thin holes (text), PatchMatch for large ones.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..errors import ContractError
from ..registry import register
from .base import Inpainter

__all__ = ["OpenCVInpainter", "PatchMatchInpainter", "AutoInpainter"]


class OpenCVInpainter(Inpainter):
    """``cv2.inpaint`` with the Telea or Navier-Stokes method.

    Parameters
    ----------
    method : {"telea", "ns"}
    radius : float
        Neighbourhood radius in pixels (default 5).
    **kwargs
        Strategy options of :class:`~creative_tools.inpaint.base.Inpainter`.
    """

    _FLAGS = {"telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}

    def __init__(self, *, method: str = "telea", radius: float = 5.0, **kwargs):
        super().__init__(**kwargs)
        if method not in self._FLAGS:
            raise ContractError(f"method must be one of {sorted(self._FLAGS)}, got {method!r}")
        if radius <= 0:
            raise ContractError(f"radius must be > 0, got {radius}")
        self.name, self.method, self.radius = method, method, float(radius)

    def _inpaint(self, image, mask):
        return cv2.inpaint(image, mask.view(np.uint8) * 255, self.radius, self._FLAGS[self.method])


class PatchMatchInpainter(Inpainter):
    """PatchMatch fill through the ``pypatchmatch`` wheel.

    Parameters
    ----------
    patch_size : int
        Patch radius (patches span (2r+1)^2 pixels); default 3, as in its examples.
    seed : int
        Seed of the randomized search, so equal inputs give equal outputs.
    """

    name = "patchmatch"
    default_working_size = 384

    def __init__(self, *, patch_size: int = 3, seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        import patchmatch

        if not patchmatch.patchmatch_available:
            from ..errors import BackendUnavailableError

            raise BackendUnavailableError("the patchmatch native library failed to load")
        self._pm = patchmatch
        self.patch_size, self.seed = int(patch_size), int(seed)

    def _inpaint(self, image, mask):
        self._pm.set_random_seed(self.seed)
        return self._pm.inpaint(image, mask, patch_size=self.patch_size)


def hole_width(mask: np.ndarray) -> float:
    """Typical width of a hole in pixels: twice the mean distance to its border.

    Examples
    --------
    >>> m = np.zeros((20, 20), bool); m[5:15, 9:11] = True   # a 2-px stroke
    >>> round(hole_width(m), 1)
    2.0
    """
    if not mask.any():
        return 0.0
    d = cv2.distanceTransform(np.pad(mask, 1).view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return float(2.0 * d[1:-1, 1:-1][mask].mean())


class AutoInpainter(Inpainter):
    """Per region: Telea for thin holes, PatchMatch for wide ones.

    Parameters
    ----------
    wide : float
        Hole width (see :func:`hole_width`) in pixels from which PatchMatch is used.
    """

    name = "auto"

    def __init__(self, *, wide: float = 12.0, radius: float = 5.0, patch_size: int = 3,
                 seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.wide = float(wide)
        self._thin = OpenCVInpainter(method="telea", radius=radius, working_size=0)
        self._wide = PatchMatchInpainter(patch_size=patch_size, seed=seed)

    def _inpaint(self, image, mask):
        # Judge width at full resolution: shrinking below would make every hole thin.
        if hole_width(mask) >= self.wide:
            return self._wide.inpaint(image, mask)  # uses its own working size
        return self._thin._inpaint(image, mask)


@register("inpaint", "telea", description="OpenCV fast-marching fill (Telea); fast, for thin holes",
          requires=("cv2",), embedded=True)
def _telea(**options):
    return OpenCVInpainter(method="telea", **options)


@register("inpaint", "ns", description="OpenCV Navier-Stokes fill; fast, for thin holes",
          requires=("cv2",), embedded=True)
def _ns(**options):
    return OpenCVInpainter(method="ns", **options)


@register("inpaint", "patchmatch", description="PatchMatch texture fill (pypatchmatch); large holes",
          requires=("patchmatch",), embedded=True)
def _patchmatch(**options):
    return PatchMatchInpainter(**options)


@register("inpaint", "auto", description="Telea for thin holes, PatchMatch for wide ones (default)",
          requires=("cv2", "patchmatch"), embedded=True)
def _auto(**options):
    return AutoInpainter(**options)
