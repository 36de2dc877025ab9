"""Pictures a person would rather look at than read: mask overlays."""

from __future__ import annotations

from typing import Mapping

import cv2
import numpy as np

from .contract import check_image, check_mask

__all__ = ["COLOURS", "overlay"]

#: Colour of each mask source in overlays (RGB).
COLOURS = {"person": (230, 50, 50), "text": (40, 110, 240), "objects": (220, 50, 220), "mask": (250, 200, 0),
           "other": (40, 200, 90)}


def overlay(image: np.ndarray, masks: Mapping[str, np.ndarray], *, alpha: float = 0.5,
            outline: bool = True) -> np.ndarray:
    """Tint each named mask over ``image`` in its :data:`COLOURS` colour, with an outline.

    Returns a new ``(H, W, 3) uint8`` RGB image.
    """
    check_image(image)
    out = image.astype(np.float32)
    for name, m in masks.items():
        check_mask(m, f"masks[{name!r}]", like=image)
        colour = np.array(COLOURS.get(name, COLOURS["other"]), np.float32)
        out[m] = (1 - alpha) * out[m] + alpha * colour
    out = np.clip(np.rint(out), 0, 255).astype(np.uint8)
    if outline:
        for name, m in masks.items():
            contours, _ = cv2.findContours(m.view(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
            cv2.drawContours(out, contours, -1, COLOURS.get(name, COLOURS["other"]),
                             max(1, round(max(image.shape[:2]) / 500)))
    return out

