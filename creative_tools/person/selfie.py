"""mediapipe's selfie segmentation models: the square model on undistorted windows,
averaged with the landscape model on wide frames and with the mirrored frame's map.

Registers the ``selfie`` backend (the square model on the stretched frame, for
comparison); the ``mediapipe`` backend uses :func:`selfie_ensemble_prob` near the
people it detects.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..registry import register
from .base import PersonSegmenter
from .runtime import _TFLite, load_nets

__all__ = ["SelfiePerson", "selfie_ensemble_prob"]

_SELFIE_SIZE = 256
_LANDSCAPE_SIZE = (256, 144)  # (width, height) of the landscape selfie model's input


def _selfie_prob(net: _TFLite, image: np.ndarray) -> np.ndarray:
    """The selfie model on the whole frame, stretched to 256 x 256 (mediapipe's way)."""
    import cv2

    h, w = image.shape[:2]
    interp = cv2.INTER_AREA if (h > _SELFIE_SIZE or w > _SELFIE_SIZE) else cv2.INTER_LINEAR
    x = cv2.resize(image, (_SELFIE_SIZE, _SELFIE_SIZE), interpolation=interp).astype(np.float32) / 255.0
    out = next(iter(net(x).values()))[..., 0]
    prob = cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(prob, 0.0, 1.0).astype(np.float32)


def _selfie_squares_prob(net: _TFLite, image: np.ndarray, *, max_windows: int = 4,
                         box: tuple | None = None) -> np.ndarray:
    """The selfie model on undistorted square windows spanning the long side, by ``max``.

    Windows are ``min(H, W)`` wide (wider, with black padding, when more than
    ``max_windows`` would be needed), evenly spread from one end to the other. Unlike
    the stretched frame this keeps people's proportions (on person_voc: 0.79 mean IoU
    with the pose maps instead of 0.77). With ``box`` ``(x0, y0, x1, y1)`` (exclusive
    ends) only the windows that reach it run: the map is the same inside the box, 0
    outside it.
    """
    h, w = image.shape[:2]
    prob = np.zeros((h, w), np.float32)
    full = (0, 0, w, h)
    bx0, by0, bx1, by1 = full if box is None else box
    prob[by0:by1, bx0:bx1] = _squares_in_box(net, image, box=full if box is None else box,
                                             max_windows=max_windows)
    return prob


def _squares_in_box(net: _TFLite, image: np.ndarray, *, box: tuple, max_windows: int = 4) -> np.ndarray:
    """:func:`_selfie_squares_prob`'s map inside ``box`` only, shape ``(y1 - y0, x1 - x0)``:
    each window's upsampled map is read on the box alone (the same values, pixel for
    pixel: the maximum and the clip are per pixel)."""
    import cv2

    h, w = image.shape[:2]
    bx0, by0, bx1, by1 = box
    long_, short = max(h, w), min(h, w)
    side = max(short, math.ceil(long_ / max_windows))
    n = max(1, math.ceil(long_ / side))
    if n > 1 and n * side - long_ < 0.1 * side:  # make neighbours overlap a little
        n += 1
    prob = np.zeros((by1 - by0, bx1 - bx0), np.float32)
    for i in range(n):
        off = 0 if n == 1 else round((long_ - side) * i / (n - 1))
        if w >= h:
            x0, y0 = off, (h - side) // 2
        else:
            x0, y0 = (w - side) // 2, off
        ix0, iy0, ix1, iy1 = max(x0, 0), max(y0, 0), min(x0 + side, w), min(y0 + side, h)
        if not (ix0 < bx1 and bx0 < ix1 and iy0 < by1 and by0 < iy1):
            continue
        win = np.zeros((side, side, 3), np.uint8)
        win[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0] = image[iy0:iy1, ix0:ix1]
        interp = cv2.INTER_AREA if side > _SELFIE_SIZE else cv2.INTER_LINEAR
        x = cv2.resize(win, (_SELFIE_SIZE, _SELFIE_SIZE), interpolation=interp).astype(np.float32) / 255.0
        out = next(iter(net(x).values()))[..., 0]
        up = cv2.resize(out, (side, side), interpolation=cv2.INTER_LINEAR)
        # the window, clipped to the image and to the box
        cx0, cy0, cx1, cy1 = max(ix0, bx0), max(iy0, by0), min(ix1, bx1), min(iy1, by1)
        sub = prob[cy0 - by0 : cy1 - by0, cx0 - bx0 : cx1 - bx0]
        np.maximum(sub, up[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0], out=sub)
    return np.clip(prob, 0.0, 1.0, out=prob)


def _selfie_landscape_prob(net: _TFLite, image: np.ndarray, *, box: tuple | None = None) -> np.ndarray:
    """The landscape selfie model (256 x 144 input) on the whole frame, stretched; with
    ``box`` ``(x0, y0, x1, y1)`` the map inside the box only."""
    import cv2

    h, w = image.shape[:2]
    tw, th = _LANDSCAPE_SIZE
    interp = cv2.INTER_AREA if (h > th or w > tw) else cv2.INTER_LINEAR
    x = cv2.resize(image, (tw, th), interpolation=interp).astype(np.float32) / 255.0
    out = next(iter(net(x).values()))[..., 0]
    prob = cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)
    if box is not None:
        prob = prob[box[1]:box[3], box[0]:box[2]]
    return np.clip(prob, 0.0, 1.0).astype(np.float32)


def selfie_ensemble_prob(nets: dict, image: np.ndarray, *, flip: bool = True,
                         box: tuple | None = None) -> np.ndarray:
    """Selfie map of a frame: square windows, averaged with the landscape model on wide frames.

    The square windows (:func:`_selfie_squares_prob`) see people undistorted but each
    window only part of a wide frame. On a frame wider than high, mediapipe's landscape
    selfie model (256 x 144 input, made for wide frames) sees the whole frame at once,
    and the two maps are averaged: two models that err in different places
    (over-reach onto tables and props in one, gaps in the other) keep what both agree
    on. On person_voc (all four photos are wide) the ``mediapipe`` backend goes from
    0.789 to 0.807 mean IoU with no false pixels on the person-free photo; on data/
    the mean stays 0.980 (the wide banner 0.991 -> 0.989, the wide rocket 0.982 ->
    0.982). Portrait
    and square frames have no model of their shape (the square model on the stretched
    frame distorts people, which the windows exist to avoid), so they get the windows
    alone.

    With ``flip`` the map is also averaged with the map of the mirrored frame,
    mirrored back (test-time augmentation): a person mirrored left-right is still a
    person, so the mean of the two predictions keeps the evidence and halves the
    errors that depend on the exact pixel layout (bleeding onto one side of a table,
    a hole in one view). The detector is not mirrored (people seen in one view only
    stay found); on person_voc this takes the backend from 0.807 to 0.818, data/ 0.980
    -> 0.981, still no false pixels on the person-free photo.

    Parameters
    ----------
    nets : dict
        Interpreters under ``"selfie"`` and ``"selfie_landscape"`` (without the latter
        a wide frame gets the square windows alone).
    image : ndarray, shape (H, W, 3), uint8
    flip : bool
        Also average with the mirrored frame's map (default True; twice the time).
    box : tuple of int, optional
        ``(x0, y0, x1, y1)`` (exclusive ends): the only pixels the caller needs. Square
        windows that do not reach it are not run; inside it the map is the same, outside
        it 0 (the clip, the means and the mirroring run on the box alone).

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
    """
    h, w = image.shape[:2]
    full = (0, 0, w, h)
    crop = _ensemble_in_box(nets, image, flip=flip, box=full if box is None else box)
    if box is None or tuple(box) == full:
        return crop
    prob = np.zeros((h, w), np.float32)
    prob[box[1]:box[3], box[0]:box[2]] = crop
    return prob


def _ensemble_in_box(nets: dict, image: np.ndarray, *, flip: bool, box: tuple) -> np.ndarray:
    """:func:`selfie_ensemble_prob` inside ``box`` only, shape ``(y1 - y0, x1 - x0)``: the
    nets and their upsampling run as on the whole frame; the clip, the means and the
    mirroring back are per pixel, so they run on the box alone (same values)."""
    import cv2

    h, w = image.shape[:2]
    if flip:
        mbox = (w - box[2], box[1], w - box[0], box[3])
        # cv2.flip: the same bytes as a copy of image[:, ::-1], 10-30x faster on a
        # 3-channel frame (numpy copies a reversed view element by element)
        mirrored = _ensemble_in_box(nets, cv2.flip(image, 1), flip=False, box=mbox)
        direct = _ensemble_in_box(nets, image, flip=False, box=box)
        return ((direct + mirrored[:, ::-1]) * 0.5).astype(np.float32)
    squares = _squares_in_box(nets["selfie"], image, box=box)
    if w <= h or "selfie_landscape" not in nets:
        return squares
    frame = _selfie_landscape_prob(nets["selfie_landscape"], image, box=box)
    return ((squares + frame) * 0.5).astype(np.float32)


class SelfiePerson(PersonSegmenter):
    """mediapipe's selfie segmentation on the whole frame (256x256, stretched).

    Good on large, close people; misses people under about a third of the image
    height and bleeds onto nearby text. Kept for comparison with ``mediapipe``.

    Parameters
    ----------
    threshold : float
        Probability above which a pixel is "person" (default 0.5).
    num_threads : int or None
        Threads of the tflite interpreter (default None: one per usable core).
    """

    name = "selfie"

    def __init__(self, *, threshold: float = 0.5, num_threads: int | None = None):
        super().__init__(threshold=threshold)
        self._net = load_nets(["selfie"], num_threads=num_threads)["selfie"]

    def _predict(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [_selfie_prob(self._net, im) for im in images]


@register(
    "person", "selfie",
    description="mediapipe selfie segmentation on the whole frame (large, close people); tflite",
    requires=("ai_edge_litert",), embedded=True,
    packaged=("selfie", "selfie_landscape"),
    install="pip install ai-edge-litert==2.3.0",
)
def _make_selfie(**options) -> SelfiePerson:
    return SelfiePerson(**options)
