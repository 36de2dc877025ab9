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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ContractError

__all__ = [
    "FACE_POINTS",
    "FACE_SIZE",
    "FaceCheck",
    "FaceMesh",
    "eye_angle",
    "face_crop",
    "face_roi",
    "mesh_roi",
    "unseen_body_problem",
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
        raise ContractError(f"landmarks must have shape (N, 2) with N >= 13 (the pose model's 33), got {p.shape}")
    if not min_side > 0:
        raise ContractError(f"min_side must be > 0, got {min_side}")
    cx, cy = p[list(FACE_POINTS)].mean(0)
    ear = float(np.linalg.norm(p[7] - p[8]))
    shoulders = float(np.linalg.norm(p[11] - p[12]))
    side = max(2.0 * ear, 0.7 * shoulders, float(min_side))
    return float(cx), float(cy), float(side)


def eye_angle(landmarks: np.ndarray) -> float:
    """The angle (radians) of the line from the right eye (5) to the left eye (2) of
    BlazePose's landmarks: 0 on an upright face, positive when the face is turned
    clockwise in the image (y down).

    >>> lm = np.zeros((33, 2), np.float32); lm[5], lm[2] = (40, 40), (60, 60)
    >>> round(math.degrees(eye_angle(lm)), 1)
    45.0
    """
    p = np.asarray(landmarks, np.float64)
    return float(math.atan2(p[2][1] - p[5][1], p[2][0] - p[5][0]))


def mesh_roi(
    points: np.ndarray, *, scale: float = 1.5
) -> tuple[float, float, float, float]:
    """The crop mediapipe's face tracker takes next from the face mesh's own landmarks:
    ``(cx, cy, side, angle)`` in image pixels and radians.

    The angle is that of the line between the outer eye corners (mesh points 33 and
    263); the centre the middle of the points' box, the side ``scale`` times the
    points' largest extent in the turned frame.

    >>> pts = np.zeros((468, 2)); pts[:, 0] = np.linspace(0, 100, 468); pts[:, 1] = 50
    >>> pts[33], pts[263] = (20, 50), (80, 50)
    >>> mesh_roi(pts)
    (50.0, 50.0, 150.0, 0.0)
    """
    p = np.asarray(points, np.float64)
    if p.ndim != 2 or p.shape[0] < 264 or p.shape[1] != 2:
        raise ContractError(f"points must have shape (N, 2) with N >= 264 (the face mesh's 468), got {p.shape}")
    a = math.atan2(p[263][1] - p[33][1], p[263][0] - p[33][0])
    ctr = (p.min(0) + p.max(0)) / 2
    c, s = math.cos(-a), math.sin(-a)
    turned = (p - ctr) @ np.array([[c, -s], [s, c]]).T
    side = float((turned.max(0) - turned.min(0)).max()) * float(scale)
    return float(ctr[0]), float(ctr[1]), side, float(a)


def face_crop(
    image: np.ndarray,
    roi: tuple[float, float, float],
    *,
    size: int = FACE_SIZE,
    angle: float = 0.0,
) -> np.ndarray:
    """The ``(size, size, 3) float32`` RGB crop in [0, 1] that the face mesh reads.

    Bilinear; outside the image is black (as the lead's probe measured it). With
    ``angle`` (radians, :func:`eye_angle`) the crop is turned about its centre so that
    a face turned by that angle comes out upright.

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
    if angle:
        m = cv2.getRotationMatrix2D((cx, cy), math.degrees(float(angle)), s)
        m[0, 2] += size / 2 - cx
        m[1, 2] += size / 2 - cy
    else:
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
        return self._run(image, face_roi(landmarks))[0]

    def _run(
        self, image: np.ndarray, roi: tuple, angle: float = 0.0
    ) -> tuple[float, np.ndarray]:
        """The presence logit and the 468 mesh points (image pixels) on one crop."""
        import cv2

        if self._net is None:
            from .runtime import load_nets

            self._net = load_nets(["face_landmark"], num_threads=self.num_threads)[
                "face_landmark"
            ]
        out = self._net(face_crop(image, roi, angle=angle))
        logit = float(np.asarray(out["conv2d_31"]).ravel()[0])
        cx, cy, side = (float(v) for v in roi[:3])
        m = cv2.getRotationMatrix2D(
            (cx, cy), math.degrees(float(angle)), FACE_SIZE / side
        )
        m[0, 2] += FACE_SIZE / 2 - cx
        m[1, 2] += FACE_SIZE / 2 - cy
        inv = cv2.invertAffineTransform(m)
        pts = np.asarray(out["conv2d_21"], np.float64).reshape(-1, 3)[:, :2]
        return logit, pts @ inv[:, :2].T + inv[:, 2]

    def best_logit(
        self, image: np.ndarray, landmarks: np.ndarray, *, enough: float = math.inf
    ) -> float:
        """The largest face-presence logit over the views a face tracker would try.

        In order: :func:`face_roi`'s crop upright and turned by :func:`eye_angle`, each
        at its side and at 1.5 x; then the crop the face mesh's own points on the best
        of those give (:func:`mesh_roi`, mediapipe's tracking step). Stops at the first
        view at or over ``enough``. A person half hidden behind another, or with a
        25-pixel face, is missed on the first crop (logits -7.5 to -0.25) and seen on
        one of these (1.02 to 8.58); the false bodies of the real ads stay under -2.6
        but on one ad (a red hand truck: seen on a turned crop).
        """
        cx, cy, side = face_roi(landmarks)
        turn = eye_angle(landmarks)
        best, pts = -math.inf, None
        for k, (scale, angle) in enumerate(
            ((1.0, 0.0), (1.0, turn), (1.5, 0.0), (1.5, turn))
        ):
            if k in (1, 3) and not turn:  # the same view as the upright one
                continue
            logit, p = self._run(image, (cx, cy, side * scale), angle)
            if logit > best:
                best, pts = logit, p
            if best >= enough:
                return best
        if pts is not None and np.isfinite(pts).all():
            tx, ty, tside, tangle = mesh_roi(pts)
            if tside > 1.0:
                best = max(best, self._run(image, (tx, ty, tside), tangle)[0])
        return best


def unseen_body_problem(
    logit: float,
    best: Callable[[], float],
    agree: Callable[[], float],
    *,
    score: float = 0.0,
    min_best: float = 0.0,
    min_agree: float = 0.15,
    min_score: float = 0.75,
) -> str:
    """Why a verified body is not a person, from three witnesses besides the pose
    landmark model (``""`` when it is one).

    The face mesh on the pose's own face crop (``logit``) is the first; a face seen
    there (``logit >= 0``, the model's own 0.5) keeps the body and nothing else runs.
    Where it misses the face, the body is refused when

    1. the selfie model does not see a person on the body's own pose mask either
       (``agree()``, its mean probability there, ``< min_agree``), or
    2. the detector was unsure (``score < min_score``) and no view a face tracker
       would try sees a face (``best() < min_best``).

    A person seen from behind (no face on any view) stays when the selfie model sees
    them and the detector is sure (ICDAR 2015 ``img_2``: 0.96, agreement 0.43).
    ``min_best`` is the face mesh's own line (0, its 0.5): -2.5 at first, the middle of
    the gap measured below; a motorbike's headlamp on textcheck2's held-out half
    (detector 0.55, selfie agreement 0.78, best view -0.30) fell in that gap.

    Measured (docs/results.md, People, session 13) on the 414 verified people of the
    hard and look-alike sets, VOC and data/: 6 not seen on the first crop, each seen on
    another view (1.02 or more) and agreed by the selfie model (0.36 or more); the 7
    false bodies of the real ads at the sweep's sizes: selfie agreement 0.069 or less
    (5, among them a red hand truck whose "face" a turned crop sees, 5.08), or every
    view at -5.87 or less with the detector at 0.57 or less (2).

    Parameters
    ----------
    logit : float
        The face mesh's presence logit on :func:`face_roi`'s crop.
    best, agree : callable
        ``() -> float``: the best logit over the tracker's views
        (:meth:`FaceMesh.best_logit`) and the selfie model's mean probability on the
        body's pose mask, each called only when needed.
    score : float
        The detector's score of the body.
    min_best, min_agree, min_score : float

    Examples
    --------
    >>> unseen_body_problem(12.0, lambda: 1 / 0, lambda: 1 / 0)   # a face: nothing else runs
    ''
    >>> unseen_body_problem(-0.5, lambda: 5.1, lambda: 0.04)
    'no face on the pose crop (logit -0.50) and the selfie map agrees 0.04 < 0.15'
    >>> unseen_body_problem(-8.0, lambda: -7.7, lambda: 0.63, score=0.54)
    'no face on any view of the face mesh (best logit -7.70 < 0) and the detector unsure (0.54 < 0.75)'
    >>> unseen_body_problem(-5.9, lambda: -5.9, lambda: 0.43, score=0.96)  # seen from behind
    ''
    >>> unseen_body_problem(-4.65, lambda: 1.02, lambda: 0.99)     # half hidden, kept
    ''
    """
    if logit >= 0.0:
        return ""
    a = float(agree())
    if a < min_agree:
        return f"no face on the pose crop (logit {logit:.2f}) and the selfie map agrees {a:.2f} < {min_agree:g}"
    if score >= min_score:
        return ""
    b = float(best())
    if b < min_best:
        return (
            f"no face on any view of the face mesh (best logit {b:.2f} < {min_best:g}) "
            f"and the detector unsure ({score:.2f} < {min_score:g})"
        )
    return ""


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
