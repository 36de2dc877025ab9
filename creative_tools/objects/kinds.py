"""A kind for each proposal, from a few documented shape features.

=========  ================================================================================
kind       rule (first that holds)
=========  ================================================================================
logo       a mark with a wordmark beside it (text on the mark's line, outside it), or a
           small mark (long side <= 12 % of the image's) with no text inside
button     wider than tall (aspect >= 1.8), box-like (fills >= 80 % of its box) and text
           inside: a call to action
badge      about as wide as tall (aspect 0.6 - 1.6), fills >= 55 % of its box (a circle
           fills 79 %, a 16-point starburst about 70 %), with text inside
product    a salient object (from the saliency network), or a shaded drawn shape (most of
           its fill a smooth shading, not one colour) that is none of the above: a
           bottle, a can, a box
other      anything else
=========  ================================================================================
"""

from __future__ import annotations

import numpy as np

__all__ = ["classify"]


def classify(mask: np.ndarray, box, *, text_inside: bool, wordmark: bool, holes: float = 0.0,
             mark_box=None, salient: bool = False, shaded: bool = False) -> str:
    """The kind of one proposal (see the table in this module's docstring).

    Parameters
    ----------
    mask : (H, W) bool
    box : (x0, y0, x1, y1)
    text_inside, wordmark, salient : bool
    shaded : bool
        Most of the fill is a smooth shading rather than one colour.
    holes : float
        Share of the filled shape that was holes in the flat fill (text, inner rings).
    mark_box : tuple, optional
        Box of the flat mark alone (before text joined it).

    Examples
    --------
    >>> m = np.zeros((100, 100), bool); m[40:60, 20:80] = True
    >>> classify(m, (20, 40, 80, 60), text_inside=True, wordmark=False)
    'button'
    """
    H, W = mask.shape
    x0, y0, x1, y1 = box
    bw, bh = max(1, x1 - x0), max(1, y1 - y0)
    aspect = bw / bh
    extent = float(mask[y0:y1, x0:x1].mean()) if bw and bh else 0.0
    mb = mark_box or box
    mark_side = max(mb[2] - mb[0], mb[3] - mb[1])
    if salient:
        return "product"
    if wordmark:
        return "logo"
    if text_inside and aspect >= 1.8 and extent >= 0.8:
        return "button"
    if text_inside and 0.6 <= aspect <= 1.6 and extent >= 0.55:
        return "badge"
    if shaded:
        return "product"
    if not text_inside and mark_side <= 0.12 * max(H, W):
        return "logo"
    return "other"
