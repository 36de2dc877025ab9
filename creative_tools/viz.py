"""Pictures a person would rather look at than read: mask overlays, rows of panels."""

from __future__ import annotations

from typing import Mapping

import cv2
import numpy as np

from .contract import check_image, check_mask

__all__ = ["COLOURS", "overlay", "show_row"]

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



def show_row(panels, *, size: tuple[float, float] | None = None, cmap: str = "gray"):
    """One matplotlib figure: the ``(title, picture)`` pairs side by side, axes off.

    Parameters
    ----------
    panels : sequence of (str, ndarray)
        Titles and pictures: ``(H, W, 3) uint8`` RGB, or ``(H, W)`` bool / float
        (drawn with ``cmap``).
    size : (width, height) in inches, optional
        Default: 5 inches wide per panel (at most 16), 4.5 high.
    cmap : str
        Colour map of single-channel pictures.

    Returns
    -------
    matplotlib.figure.Figure
        In a notebook it is shown at the end of the cell.

    Raises
    ------
    ContractError
        For no panels, or a panel that is not a ``(title, picture)`` pair.
    """
    import matplotlib.pyplot as plt

    from .errors import ContractError

    panels = list(panels)
    if not panels or not all(isinstance(p, (tuple, list)) and len(p) == 2 for p in panels):
        raise ContractError(f"panels must be a non-empty sequence of (title, picture) pairs, got {panels!r:.80}")
    fig, axes = plt.subplots(1, len(panels), figsize=size or (min(16.0, 5.0 * len(panels)), 4.5), squeeze=False)
    for ax, (title, picture) in zip(axes[0], panels):
        ax.imshow(np.asarray(picture), cmap=cmap)
        ax.set_title(str(title))
        ax.axis("off")
    fig.tight_layout()
    return fig
