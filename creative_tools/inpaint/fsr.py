"""Frequency-selective reconstruction (OpenCV contrib's ``cv2.xphoto.inpaint``), an opt-in.

FSR (Seiler and Kaup; Genser et al. 2018) models each block around the hole as a sparse
sum of 2-D Fourier basis functions fitted to the known pixels, so a straight structure
or a texture that crosses a block is continued into it. It is built for holes a few
blocks wide; on person-sized holes it smears and scores below ``auto``'s trend.

``cv2.xphoto`` ships only in ``opencv-contrib-python(-headless)``, not in the
``opencv-python-headless`` of ``requirements.txt`` (the two wheels both provide ``cv2``
and must not be installed side by side): :func:`fsr_fill` raises
:class:`~creative_tools.errors.BackendUnavailableError` with the command to run when it
is missing.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..contract import check_image, check_mask
from ..errors import BackendUnavailableError, ContractError

__all__ = ["BLOCK", "METHODS", "fsr_fill", "xphoto_available"]

#: ``method`` names and their ``cv2.xphoto`` flags.
METHODS = {"fast": "INPAINT_FSR_FAST", "best": "INPAINT_FSR_BEST"}

#: FSR's block size in pixels (``fsr_parameters::block_size`` of OpenCV contrib's
#: ``inpainting_fsr.impl.hpp``): each block is modelled from its neighbourhood.
BLOCK = 16

#: Mirror padding (px) around the crop: FSR leaves a wrong-coloured band on a crop's
#: last rows and columns when the hole touches them (a person on the creative's edge).
PAD = 16


def xphoto_available() -> bool:
    """True when this OpenCV has the contrib module ``cv2.xphoto`` with its ``inpaint``."""
    return hasattr(cv2, "xphoto") and hasattr(cv2.xphoto, "inpaint")


def _require_xphoto() -> None:
    if not xphoto_available():
        version = cv2.__version__.split("-")[0]
        raise BackendUnavailableError(
            "the FSR fill needs OpenCV's contrib module cv2.xphoto, which this OpenCV "
            f"({version}, {cv2.__file__}) lacks; install it with `pip uninstall -y opencv-python-headless "
            f"&& pip install opencv-contrib-python-headless=={version}.*` (the contrib wheel replaces the "
            "plain one; both provide cv2)"
        )


def fsr_fill(image: np.ndarray, mask: np.ndarray, *, method: str = "fast") -> np.ndarray:
    """Fill ``mask`` by frequency-selective reconstruction.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    mask : (H, W) bool
        True = fill.
    method : {"fast", "best"}
        ``cv2.xphoto.INPAINT_FSR_FAST`` or ``INPAINT_FSR_BEST`` (about 25x slower).

    Returns
    -------
    (H, W, 3) uint8 RGB
        A new image; unmasked pixels equal ``image``.

    Raises
    ------
    BackendUnavailableError
        When ``cv2.xphoto`` is missing (the message gives the install command).
    ContractError
        For a bad array or an unknown ``method``.

    Examples
    --------
    >>> im = np.full((32, 32, 3), 90, np.uint8); m = np.zeros((32, 32), bool); m[10:20, 10:20] = True
    >>> bool((fsr_fill(im, m) == 90).all()) if xphoto_available() else True
    True
    """
    check_image(image)
    check_mask(mask, like=image)
    if method not in METHODS:
        raise ContractError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    _require_xphoto()
    if not mask.any():
        return image.copy()
    src = cv2.copyMakeBorder(np.ascontiguousarray(image), PAD, PAD, PAD, PAD, cv2.BORDER_REFLECT)
    hole = cv2.copyMakeBorder(mask.view(np.uint8), PAD, PAD, PAD, PAD, cv2.BORDER_REFLECT)
    valid = np.where(hole > 0, 0, 255).astype(np.uint8)  # xphoto: 0 = missing
    dst = np.zeros_like(src)
    cv2.xphoto.inpaint(src, valid, dst, getattr(cv2.xphoto, METHODS[method]))
    out = image.copy()
    out[mask] = dst[PAD:-PAD, PAD:-PAD][mask]
    return out
