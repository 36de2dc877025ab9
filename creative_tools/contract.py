"""The array contract, checked at every public door.

* images: ``(H, W, 3) uint8`` RGB
* masks: ``(H, W) bool``, True = remove / fill
* probability maps: ``(H, W) float32`` in [0, 1]

The checks raise :class:`~creative_tools.errors.ContractError` naming the argument,
what was expected and what came in. They never copy or convert: callers that want a
conversion ask for it explicitly (:func:`as_mask`).
"""

from __future__ import annotations

import numpy as np

from .errors import ContractError

__all__ = ["check_image", "check_mask", "check_prob", "as_mask"]


def _describe(x) -> str:
    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__}"


def check_image(image, name: str = "image") -> np.ndarray:
    """Check that ``image`` is an ``(H, W, 3) uint8`` RGB array and return it.

    Raises
    ------
    ContractError
        If it is not an ndarray, has the wrong shape or dtype, or is empty.

    Examples
    --------
    >>> check_image(np.zeros((2, 3, 3), np.uint8)).shape
    (2, 3, 3)
    >>> check_image(np.zeros((2, 3), np.uint8))
    Traceback (most recent call last):
    ...
    creative_tools.errors.ContractError: image must be an (H, W, 3) uint8 RGB array, got array of shape (2, 3) and dtype uint8
    """
    if (
        not isinstance(image, np.ndarray)
        or image.ndim != 3
        or image.shape[2] != 3
        or image.dtype != np.uint8
    ):
        raise ContractError(
            f"{name} must be an (H, W, 3) uint8 RGB array, got {_describe(image)}"
        )
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ContractError(f"{name} must not be empty, got shape {image.shape}")
    return image


def _check_hw(arr, name: str, like, like_name: str) -> None:
    if like is not None:
        hw = tuple(like.shape[:2])
        if tuple(arr.shape) != hw:
            raise ContractError(
                f"{name} must have shape {hw} like {like_name}, got {tuple(arr.shape)}"
            )


def check_mask(mask, name: str = "mask", *, like=None, like_name: str = "image") -> np.ndarray:
    """Check that ``mask`` is an ``(H, W) bool`` array (matching ``like`` if given).

    Examples
    --------
    >>> check_mask(np.zeros((2, 3), bool), like=np.zeros((2, 4, 3), np.uint8))
    Traceback (most recent call last):
    ...
    creative_tools.errors.ContractError: mask must have shape (2, 4) like image, got (2, 3)
    """
    if not isinstance(mask, np.ndarray) or mask.ndim != 2 or mask.dtype != np.bool_:
        raise ContractError(f"{name} must be an (H, W) bool array, got {_describe(mask)}")
    _check_hw(mask, name, like, like_name)
    return mask


def check_prob(prob, name: str = "prob", *, like=None, like_name: str = "image") -> np.ndarray:
    """Check that ``prob`` is an ``(H, W) float32`` array with values in [0, 1]."""
    if not isinstance(prob, np.ndarray) or prob.ndim != 2 or prob.dtype != np.float32:
        raise ContractError(
            f"{name} must be an (H, W) float32 array in [0, 1], got {_describe(prob)}"
        )
    _check_hw(prob, name, like, like_name)
    if prob.size:
        lo, hi = float(np.min(prob)), float(np.max(prob))
        if not (0.0 <= lo and hi <= 1.0):  # also catches NaN
            raise ContractError(f"{name} values must lie in [0, 1], got range [{lo}, {hi}]")
    return prob


def as_mask(arr, name: str = "mask") -> np.ndarray:
    """Convert a 0/255 or 0/1 single-channel array to a bool mask (nonzero = True).

    Examples
    --------
    >>> as_mask(np.array([[0, 255]], np.uint8))
    array([[False,  True]])
    """
    arr = np.asarray(arr)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[..., 0]
    if arr.ndim != 2:
        raise ContractError(f"{name} must be 2-D (H, W), got shape {arr.shape}")
    return arr != 0
