"""A picture of a layer stack: each layer on a checkerboard, side by side."""

from __future__ import annotations

import numpy as np

from .stack import LayerStack, over

__all__ = ["layer_strip"]


def _checker(h: int, w: int, cell: int = 8) -> np.ndarray:
    yy, xx = np.mgrid[:h, :w]
    v = np.where(((yy // cell) + (xx // cell)) % 2 == 0, 0.8, 0.62).astype(np.float32)
    return np.repeat(v[..., None], 3, axis=2)


def layer_strip(stack, *, height: int = 160, gap: int = 6, max_layers: int = 12) -> np.ndarray:
    """The composite followed by each layer (on a checkerboard, at its canvas position).

    Parameters
    ----------
    stack : LayerStack or path-like
        A stack, or a folder / ``layers.json`` written by :meth:`LayerStack.save`.
    height : int
        Height of each tile in pixels.
    gap : int
        White space between tiles.
    max_layers : int
        Show at most this many layers (the background and the first ones).

    Returns
    -------
    (height, W, 3) uint8 RGB

    Examples
    --------
    >>> s = LayerStack.from_background(np.zeros((20, 40, 3), np.uint8))
    >>> layer_strip(s, height=10).shape   # composite + background, 20 px wide each
    (10, 46, 3)
    """
    import cv2

    if not isinstance(stack, LayerStack):
        stack = LayerStack.load(stack)
    W, H = stack.size
    w = max(1, round(W * height / H))
    tiles = [stack.composite()]
    for la in stack.layers[:max_layers]:
        canvas = _checker(H, W, max(4, H // 40))
        over(canvas, la.rgba, la.x, la.y)
        tiles.append(np.round(canvas * 255).astype(np.uint8))
    tiles = [cv2.resize(t, (w, height), interpolation=cv2.INTER_AREA) for t in tiles]
    out = np.full((height, len(tiles) * w + gap * (len(tiles) - 1), 3), 255, np.uint8)
    for i, t in enumerate(tiles):
        out[:, i * (w + gap):i * (w + gap) + w] = t
    return out
