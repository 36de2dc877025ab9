"""A second witness for a verified person: does mediapipe's face mesh see a face?

BlazePose can verify a body that is not there: a jeweled jacket on a hanger (a real ad,
``img_10009``) passes every check of :mod:`.verify` (detector 0.63, face landmarks 1.00,
shoulders 1.00, presence ok), and the selfie map near it, taken through the gate, grows
its mask to 45 % of the frame, 12.5 times what the body's own pose mask covers. Two
signals, independent of each other and of the checks the body already passed, tell it
apart, and a person is refused only when BOTH say so (:func:`unseen_face_check`):

1. **the mask's extension**: the connected part of the final mask (probability >
   ``threshold``) is more than ``max_ratio`` times the union of the pose masks of the
   detector's verified bodies on it (the selfie gate's bodies are found on the
   extension itself: they do not explain it). On the evaluation sets' people
   (hard, look-alike, VOC, data/) the ratio stays at or under 5.34 (a seated group
   whose selfie map takes people the pose cannot verify); the jacket's is 12.5. The
   default 8 is 1.5 x the first and 0.64 x the second. Cheap: counted on every image
   with people, the parts labelled only when the whole mask could be over the ratio.
2. **the face mesh's presence flag**: mediapipe's face landmark model
   (``mediapipe/modules/face_landmark/face_landmark.tflite``, 192x192 RGB in [0, 1];
   output ``conv2d_31`` is the face-presence logit) run on a square crop around the
   body's face landmarks (:func:`face_roi`) sees no face (logit < 0, the model's own
   0.5) on any of the part's bodies. On the 415 verified people 409 score above 0 (the
   others: a person half hidden behind another, a 25-pixel face); the jacket -9.6.
   Run only where the first signal fires: typical creatives never load the model.

The refused part's probability, and the probability nearer to it than to any kept part,
is set to 0 (a refused person leaves no soft edge that a lower threshold would take).

Examples
--------
>>> lm = np.zeros((33, 2), np.float32)
>>> lm[[0, 2, 5]] = (50, 40); lm[7], lm[8] = (60, 40), (40, 40); lm[11], lm[12] = (80, 80), (20, 80)
>>> face_roi(lm)                                   # centre and side of the face crop
(50.0, 40.0, 42.0)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ContractError

__all__ = [
    "FACE_POINTS",
    "FACE_SIZE",
    "FaceCheck",
    "FaceMesh",
    "face_crop",
    "face_roi",
    "unseen_face_check",
]

#: BlazePose landmarks the face crop is centred on: 0 nose, 2 and 5 the eyes, 7 and 8
#: the ears.
FACE_POINTS = (0, 2, 5, 7, 8)
#: The face mesh model's input side (pixels).
FACE_SIZE = 192


def face_roi(
    landmarks: np.ndarray, *, min_side: float = 16.0
) -> tuple[float, float, float]:
    """The square crop around one body's face: ``(cx, cy, side)`` in image pixels.

    Centred on the mean of :data:`FACE_POINTS`; its side the largest of twice the ear
    distance, 0.7 x the shoulder distance (a face seen side-on has its ears close) and
    ``min_side``.

    Parameters
    ----------
    landmarks : ndarray, shape (33, 2)
        BlazePose landmarks in image pixels.
    min_side : float
        Smallest side (pixels, > 0).

    Raises
    ------
    ContractError
        For landmarks of another shape or a side that is not positive.
    """
    p = np.asarray(landmarks, np.float64)
    if p.ndim != 2 or p.shape[0] < 13 or p.shape[1] != 2:
        raise ContractError(f"landmarks must have shape (33, 2), got {p.shape}")
    if not min_side > 0:
        raise ContractError(f"min_side must be > 0, got {min_side}")
    cx, cy = p[list(FACE_POINTS)].mean(0)
    ear = float(np.linalg.norm(p[7] - p[8]))
    shoulders = float(np.linalg.norm(p[11] - p[12]))
    side = max(2.0 * ear, 0.7 * shoulders, float(min_side))
    return float(cx), float(cy), float(side)


def face_crop(
    image: np.ndarray, roi: tuple[float, float, float], *, size: int = FACE_SIZE
) -> np.ndarray:
    """The ``(size, size, 3) float32`` RGB crop in [0, 1] that the face mesh reads.

    Axis-aligned, bilinear; outside the image is black (as the lead's probe measured it).

    >>> img = np.full((100, 100, 3), 255, np.uint8)
    >>> c = face_crop(img, (50.0, 50.0, 20.0), size=8)
    >>> c.shape, c.dtype, float(c.min()), float(c.max())
    ((8, 8, 3), dtype('float32'), 1.0, 1.0)
    """
    import cv2

    from ..contract import check_image

    check_image(image)
    cx, cy, side = (float(v) for v in roi)
    if not side > 0:
        raise ContractError(f"roi's side must be > 0, got {side}")
    s = size / side
    x0, y0 = cx - side / 2, cy - side / 2
    m = np.float32([[s, 0, -x0 * s], [0, s, -y0 * s]])
    crop = cv2.warpAffine(
        image, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
    )
    return crop.astype(np.float32) / np.float32(255.0)


class FaceMesh:
    """mediapipe's face mesh model, loaded on its first call.

    The file is located when the object is made (a missing file raises at once, with
    the ``models fetch`` command); the interpreter is built on the first :meth:`logit`,
    so a backend that never needs it pays nothing.

    Parameters
    ----------
    num_threads : int or None
        Threads of the interpreter (:func:`~creative_tools.person.runtime.load_nets`).

    Raises
    ------
    BackendUnavailableError
        When ``face_landmark.tflite`` is neither installed nor cached.
    """

    def __init__(self, *, num_threads: int | None = None):
        from .runtime import model_path

        self.path = model_path("face_landmark")
        self.num_threads = num_threads
        self._net = None

    def logit(self, image: np.ndarray, landmarks: np.ndarray) -> float:
        """The face-presence logit on :func:`face_roi` of ``landmarks`` (> 0: a face)."""
        if self._net is None:
            from .runtime import load_nets

            self._net = load_nets(["face_landmark"], num_threads=self.num_threads)[
                "face_landmark"
            ]
        out = self._net(face_crop(image, face_roi(landmarks)))
        return float(np.asarray(out["conv2d_31"]).ravel()[0])


@dataclass(frozen=True)
class FaceCheck:
    """What :func:`unseen_face_check` found on one connected part of the mask.

    Attributes
    ----------
    area : int
        Pixels of the part.
    own : int
        Pixels of the union of the pose masks of the verified bodies on it.
    logits : tuple of float
        The face-presence logit of each of those bodies (empty when the ratio did not
        call for them).
    refused : bool
        Whether the part was taken out.
    """

    area: int
    own: int
    logits: tuple = ()
    refused: bool = False

    @property
    def ratio(self) -> float:
        return self.area / max(self.own, 1)


def _body_mask(crop, shape: tuple) -> np.ndarray:
    h, w = shape
    m = np.zeros((h, w), bool)
    x0, y0, x1, y1 = crop.box
    if crop.prob.size:
        m[y0:y1, x0:x1] = crop.prob > 0.5
    return m


def unseen_face_check(
    prob: np.ndarray,
    bodies: Sequence,
    face_logit: Callable[[object], float],
    *,
    witnesses: Sequence = (),
    max_ratio: float = 8.0,
    threshold: float = 0.5,
    record: list | None = None,
) -> np.ndarray:
    """Take out every part of the person mask far larger than its bodies and faceless.

    A connected part of ``prob > threshold`` is refused when both hold: its area is more
    than ``max_ratio`` times the union of the pose masks (``crop.prob > 0.5``) of the
    verified bodies that overlap it, and none of the faces of those bodies and of the
    ``witnesses`` on it is seen (``face_logit(crop) < 0`` for each). A part no body
    overlaps is left alone (nothing to compare with). ``face_logit`` is called only for
    parts over the ratio.

    Parameters
    ----------
    prob : (H, W) float32
        The person probability map; not modified.
    bodies : sequence of PersonCrop
        The verified bodies whose pose masks explain a part (``prob``, ``box``,
        ``landmarks``): the detector's people.
    witnesses : sequence of PersonCrop
        Further verified bodies whose face, seen, keeps the part they overlap, but whose
        pose masks do not count in the ratio: the bodies the selfie gate verified on the
        selfie map's own parts (the extension the ratio measures; on the jacket the gate
        verified a 130,000-pixel body on it).
    face_logit : callable
        ``crop -> float``: the face mesh's presence logit on that body's face.
    max_ratio : float
        The extension a part may have over its bodies' own pose masks (> 1).
    threshold : float
        The person cut-off the parts are taken at.
    record : list, optional
        One :class:`FaceCheck` per part with bodies is appended (for measurements).

    Returns
    -------
    (H, W) float32
        ``prob`` itself when nothing is refused; else a copy with the refused parts,
        and every pixel nearer to them than to a kept part, set to 0.

    Raises
    ------
    ContractError
        For ``max_ratio`` <= 1.

    Examples
    --------
    >>> class Body:  # a pose mask of 10 x 10 pixels, at the top left
    ...     prob = np.ones((10, 10), np.float32); box = (0, 0, 10, 10)
    >>> prob = np.zeros((40, 40), np.float32); prob[:30, :30] = 0.9     # 900 px: ratio 9
    >>> out = unseen_face_check(prob, [Body()], lambda c: -9.6)          # no face: refused
    >>> float(out.max())
    0.0
    >>> out = unseen_face_check(prob, [Body()], lambda c: 12.0)          # a face: kept
    >>> out is prob
    True
    """
    import cv2

    if not float(max_ratio) > 1.0:
        raise ContractError(f"max_ratio must be > 1, got {max_ratio}")
    if not bodies:
        return prob
    mask = prob > threshold
    total = int(np.count_nonzero(mask))
    areas = [int(np.count_nonzero(c.prob > 0.5)) for c in bodies]
    # a part over the ratio has at least one body: the whole mask must exceed the
    # ratio times the smallest body, or no part can (the usual case: no labelling)
    if total <= max_ratio * max(min(areas), 1) and record is None:
        return prob
    shape = prob.shape
    owns = [_body_mask(c, shape) for c in bodies]
    nb = len(owns)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    on: dict[
        int, list[int]
    ] = {}  # part -> the bodies (then witnesses) whose pose mask overlaps it
    everyone = list(bodies) + list(witnesses)
    for k, m in enumerate(owns + [_body_mask(c, shape) for c in witnesses]):
        for i in np.unique(lab[m]):
            if i:
                on.setdefault(int(i), []).append(k)
    refused = np.zeros(n, bool)
    for i, both in sorted(on.items()):
        ks = [k for k in both if k < nb]
        if not ks:
            continue
        area = int(stats[i, cv2.CC_STAT_AREA])
        # the union is at least the largest body: count it only when that is not enough
        if area <= max_ratio * max(areas[k] for k in ks) and record is None:
            continue
        own = int(np.count_nonzero(np.logical_or.reduce([owns[k] for k in ks])))
        if area <= max_ratio * max(own, 1):
            if record is not None:
                record.append(FaceCheck(area, own))
            continue
        logits = []
        for k in both:  # stop at the first face seen
            logits.append(float(face_logit(everyone[k])))
            if logits[-1] >= 0.0:
                break
        refused[i] = all(v < 0.0 for v in logits)
        if record is not None:
            record.append(FaceCheck(area, own, tuple(logits), bool(refused[i])))
    if not refused.any():
        return prob
    gone = refused[lab]
    kept = mask & ~gone
    out = prob.copy()
    if kept.any():
        # the soft edge goes with the nearer part
        d_gone = cv2.distanceTransform((~gone).astype(np.uint8), cv2.DIST_L2, 3)
        d_kept = cv2.distanceTransform((~kept).astype(np.uint8), cv2.DIST_L2, 3)
        out[d_gone < d_kept] = 0.0
    else:
        out[:] = 0.0
    return out
