"""Progressive scale expansion (PSE): grow text instances from their smallest kernels.

This is PSENet's post-processing, with the exact semantics of the queue
implementation that ships with ``psenet_text_detector`` (one FIFO queue shared by all
labels, a carry list between kernel levels). It is written as a breadth-first
expansion that handles one whole frontier per numpy step instead of one pixel per
Python step; the order rules below make the two give the same labels pixel for pixel.

A frontier is the part of the queue pushed during the previous step, in queue order.
In one step every frontier pixel ``p`` tries its four neighbours in the order up, down,
left, right; a neighbour that is on in the current kernel and still unlabelled is
claimed. When several claims hit the same pixel, the claim of the frontier pixel that
comes first in the queue wins (a pixel's own four claims never collide). The winners,
ordered by (position of ``p`` in the queue, direction), are the next frontier; the
pixels that won no claim are appended to the carry list, which becomes the queue of
the next (larger) kernel.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..errors import ContractError

__all__ = ["pse"]


def _seeds(smallest: np.ndarray, min_area: float) -> np.ndarray:
    # OpenCV numbers 4-connected components in row-major order of first pixel; the
    # numbers of dropped components are not reused.
    _, labels = cv2.connectedComponents(smallest.astype(np.uint8), connectivity=4, ltype=cv2.CV_32S)
    labels = labels.astype(np.int32, copy=False)
    area = np.bincount(labels.ravel())
    small = area < min_area
    small[0] = False
    if small.any():
        labels[small[labels]] = 0
    return labels


def _step(front: np.ndarray, lab: np.ndarray, on: np.ndarray, h: int, w: int):
    """One BFS step over the frontier ``front`` (flat indices, queue order).

    Labels the claimed pixels in ``lab`` (flat, in place) and returns
    ``(next_frontier, carried)``, both flat indices in queue order.
    """
    r, c = np.divmod(front, w)
    # (n, 4) candidate targets in direction order up, down, left, right; -1 = invalid.
    tgt = np.stack([front - w, front + w, front - 1, front + 1], axis=1)
    inside = np.stack([r > 0, r < h - 1, c > 0, c < w - 1], axis=1)
    tgt = np.where(inside, tgt, 0)
    ok = inside & on[tgt] & (lab[tgt] == 0)
    flat_ok = ok.ravel()  # row-major: candidate order = (queue position, direction)
    cand = tgt.ravel()[flat_ok]
    src = np.repeat(np.arange(front.size), 4)[flat_ok]
    if cand.size == 0:
        return cand.astype(front.dtype), front
    # np.unique's return_index gives the first occurrence: the earliest claim wins.
    _, first = np.unique(cand, return_index=True)
    first.sort()
    won_t, won_s = cand[first], src[first]
    lab[won_t] = lab[front[won_s]]
    claimed = np.zeros(front.size, bool)
    claimed[won_s] = True
    return won_t, front[~claimed]


def pse(kernels: np.ndarray, *, min_area: float = 10) -> np.ndarray:
    """Progressive scale expansion of text kernels into instance labels.

    Parameters
    ----------
    kernels : (K, H, W) array, any numeric or bool dtype
        Binary kernel maps, nonzero = on. Index 0 is the largest kernel (the full text
        region), index K-1 the smallest (the seeds), as in PSENet's output order.
    min_area : int or float, default 10
        Seed components (4-connected components of ``kernels[K-1]``) with strictly
        fewer pixels are dropped; their numbers are not reused.

    Returns
    -------
    labels : (H, W) int32
        0 = background, ``i > 0`` = the instance grown from the i-th seed component in
        row-major order of first pixel (``cv2.connectedComponents`` numbering); dropped
        seeds leave gaps in the numbering.

    Raises
    ------
    ContractError
        If ``kernels`` is not a non-empty 3-D array or ``min_area`` is negative.

    Notes
    -----
    For each level K-2, ..., 0 the queued pixels label their unlabelled on-neighbours
    breadth first (shared FIFO queue, neighbours up, down, left, right; the first label
    to reach a pixel keeps it). A pixel that labelled a neighbour is not queued again
    for the next level; the others are carried over in queue order. So a pixel whose
    only labelled neighbours expanded at an earlier level stays 0.

    Examples
    --------
    >>> k = np.zeros((2, 3, 7), np.uint8)
    >>> k[0, 1, :] = 1                   # one text line
    >>> k[1, 1, [0, 6]] = 1              # two seeds at its ends
    >>> pse(k, min_area=1)
    array([[0, 0, 0, 0, 0, 0, 0],
           [1, 1, 1, 1, 2, 2, 2],
           [0, 0, 0, 0, 0, 0, 0]], dtype=int32)
    """
    kernels = np.asarray(kernels)
    if kernels.ndim != 3 or 0 in kernels.shape:
        raise ContractError(f"kernels must be a non-empty (K, H, W) array, got shape {kernels.shape}")
    if not np.isfinite(min_area) or min_area < 0:
        raise ContractError(f"min_area must be a number >= 0, got {min_area!r}")
    n_levels, h, w = kernels.shape
    on = kernels != 0
    labels = _seeds(on[-1], float(min_area))
    lab = labels.ravel()  # a view: steps write into labels
    queue = np.flatnonzero(lab)
    for level in range(n_levels - 2, -1, -1):
        on_l = on[level].ravel()
        carry = []
        front = queue
        while front.size:
            front, kept = _step(front, lab, on_l, h, w)
            carry.append(kept)
        queue = np.concatenate(carry) if carry else front
    return labels
