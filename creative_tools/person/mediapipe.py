"""Person segmentation with mediapipe's bundled tflite models, run by ai-edge-litert.

Two backends are registered here:

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

The models are files inside the ``mediapipe`` 0.10.14 wheel (``pip install --no-deps
mediapipe==0.10.14``); mediapipe itself is never imported. They run with
``ai_edge_litert``'s tflite interpreter, loaded once per backend object.

Examples
--------
>>> import numpy as np, creative_tools as ct
>>> seg = ct.load("person", "mediapipe")                       # doctest: +SKIP
>>> seg.probability(np.zeros((64, 48, 3), np.uint8)).shape     # doctest: +SKIP
(64, 48)
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import BackendUnavailableError, ContractError
from ..registry import register
from ._anchors import box_overlap, decode_detections, ssd_anchors, weighted_nms
from .base import PersonSegmenter

__all__ = [
    "MediaPipePerson",
    "SelfiePerson",
    "PoseDetection",
    "model_path",
    "selfie_ensemble_prob",
    "MODEL_FILES",
]

INSTALL_HINT = "pip install --no-deps mediapipe==0.10.14"

#: The tflite files used, relative to ``mediapipe/modules/``.
MODEL_FILES = {
    "pose_detection": "pose_detection/pose_detection.tflite",
    "pose_landmark": "pose_landmark/pose_landmark_full.tflite",
    "selfie": "selfie_segmentation/selfie_segmentation.tflite",
    "selfie_landscape": "selfie_segmentation/selfie_segmentation_landscape.tflite",
}

_DET_SIZE = 224  # pose detector input side
_LMK_SIZE = 256  # pose landmark / segmentation input side
_SELFIE_SIZE = 256
_LANDSCAPE_SIZE = (256, 144)  # (width, height) of the landscape selfie model's input


def model_path(key: str) -> Path:
    """Path of one of mediapipe's bundled tflite files, without importing mediapipe.

    Parameters
    ----------
    key : {"pose_detection", "pose_landmark", "selfie", "selfie_landscape"}

    Raises
    ------
    BackendUnavailableError
        If the ``mediapipe`` package is not installed or lacks the file (wheels after
        0.10.14 ship no tflite files); the message says how to install it.
    """
    if key not in MODEL_FILES:
        raise ContractError(f"key must be one of {sorted(MODEL_FILES)}, got {key!r}")
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailableError(
            f"the person backend needs mediapipe's model files; install them with `{INSTALL_HINT}`"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "modules" / MODEL_FILES[key]
    if not path.is_file():
        raise BackendUnavailableError(
            f"{path} is missing (mediapipe releases after 0.10.14 carry no tflite files); "
            f"install them with `{INSTALL_HINT}`"
        )
    return path


class _TFLite:
    """One tflite interpreter with named outputs."""

    def __init__(self, path: Path, *, num_threads: int | None):
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise BackendUnavailableError(
                f"running {path.name} needs ai-edge-litert; `pip install ai-edge-litert` ({e})"
            ) from e
        self.interpreter = Interpreter(model_path=str(path), num_threads=num_threads)
        self.interpreter.allocate_tensors()
        (inp,) = self.interpreter.get_input_details()
        self.input_index = inp["index"]
        self.input_shape = tuple(int(v) for v in inp["shape"])
        self.outputs = {d["name"]: d["index"] for d in self.interpreter.get_output_details()}

    def __call__(self, x: np.ndarray) -> dict[str, np.ndarray]:
        self.interpreter.set_tensor(self.input_index, np.ascontiguousarray(x[None], np.float32))
        self.interpreter.invoke()
        return {k: self.interpreter.get_tensor(i)[0] for k, i in self.outputs.items()}


@dataclass(frozen=True, eq=False)
class PoseDetection:
    """One detected person, in image pixel coordinates (pixel i spans [i, i+1)).

    Attributes
    ----------
    box : ndarray, shape (4,), float32
        ``(xmin, ymin, xmax, ymax)`` of the detector's box (roughly the face).
    keypoints : ndarray, shape (4, 2), float32
        Hip centre, full-body scale point, shoulder centre, upper-body scale point.
    score : float
        Detector confidence in [0, 1].
    """

    box: np.ndarray
    keypoints: np.ndarray
    score: float

    def roi(self, *, scale: float = 1.25) -> tuple[float, float, float, float]:
        """Rotated square ROI ``(cx, cy, side, rotation)`` of the whole body.

        As mediapipe's ``PoseDetectionToRoi``: centred on the hip centre, side twice the
        distance from it to the scale point times ``scale``, rotation (radians,
        clockwise) that turns the hip-to-scale-point vector upright.
        """
        (x0, y0), (x1, y1) = self.keypoints[0], self.keypoints[1]
        side = 2.0 * math.hypot(x1 - x0, y1 - y0) * float(scale)
        rot = math.pi / 2 - math.atan2(-(y1 - y0), x1 - x0)
        rot = rot - 2 * math.pi * math.floor((rot + math.pi) / (2 * math.pi))
        return float(x0), float(y0), float(side), float(rot)


def _roi_matrix(cx: float, cy: float, side: float, rot: float, size: int) -> np.ndarray:
    """2x3 affine map from crop pixel centres to image pixel-centre coordinates."""
    c, s = math.cos(rot), math.sin(rot)
    k = side / size
    # crop pixel (u, v) -> continuous crop coords (u + .5, v + .5) -> offsets from the
    # ROI centre along its rotated axes -> continuous image coords -> pixel centres
    a = np.array([[k * c, -k * s], [k * s, k * c]])
    t = np.array([cx, cy]) - a @ np.array([size / 2.0, size / 2.0]) + a @ np.array([0.5, 0.5]) - 0.5
    return np.hstack([a, t[:, None]]).astype(np.float64)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-np.clip(x, -60.0, 60.0)))).astype(np.float32)


def _load_nets(keys: Sequence[str], *, num_threads: int | None) -> dict[str, _TFLite]:
    """One interpreter per model file (an interpreter is not thread-safe: one backend
    object per thread)."""
    return {k: _TFLite(model_path(k), num_threads=num_threads) for k in keys}


def _selfie_prob(net: _TFLite, image: np.ndarray) -> np.ndarray:
    """The selfie model on the whole frame, stretched to 256 x 256 (mediapipe's way)."""
    import cv2

    h, w = image.shape[:2]
    interp = cv2.INTER_AREA if (h > _SELFIE_SIZE or w > _SELFIE_SIZE) else cv2.INTER_LINEAR
    x = cv2.resize(image, (_SELFIE_SIZE, _SELFIE_SIZE), interpolation=interp).astype(np.float32) / 255.0
    out = next(iter(net(x).values()))[..., 0]
    prob = cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(prob, 0.0, 1.0).astype(np.float32)


def _selfie_squares_prob(net: _TFLite, image: np.ndarray, *, max_windows: int = 4) -> np.ndarray:
    """The selfie model on undistorted square windows spanning the long side, by ``max``.

    Windows are ``min(H, W)`` wide (wider, with black padding, when more than
    ``max_windows`` would be needed), evenly spread from one end to the other. Unlike
    the stretched frame this keeps people's proportions (on person_voc: 0.79 mean IoU
    with the pose maps instead of 0.77).
    """
    import cv2

    h, w = image.shape[:2]
    long_, short = max(h, w), min(h, w)
    side = max(short, int(math.ceil(long_ / max_windows)))
    n = max(1, int(math.ceil(long_ / side)))
    if n > 1 and n * side - long_ < 0.1 * side:  # make neighbours overlap a little
        n += 1
    prob = np.zeros((h, w), np.float32)
    for i in range(n):
        off = 0 if n == 1 else int(round((long_ - side) * i / (n - 1)))
        if w >= h:
            x0, y0 = off, (h - side) // 2
        else:
            x0, y0 = (w - side) // 2, off
        win = np.zeros((side, side, 3), np.uint8)
        ix0, iy0, ix1, iy1 = max(x0, 0), max(y0, 0), min(x0 + side, w), min(y0 + side, h)
        win[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0] = image[iy0:iy1, ix0:ix1]
        interp = cv2.INTER_AREA if side > _SELFIE_SIZE else cv2.INTER_LINEAR
        x = cv2.resize(win, (_SELFIE_SIZE, _SELFIE_SIZE), interpolation=interp).astype(np.float32) / 255.0
        out = next(iter(net(x).values()))[..., 0]
        up = cv2.resize(out, (side, side), interpolation=cv2.INTER_LINEAR)
        sub = prob[iy0:iy1, ix0:ix1]
        np.maximum(sub, up[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0], out=sub)
    return np.clip(prob, 0.0, 1.0)


def _selfie_landscape_prob(net: _TFLite, image: np.ndarray) -> np.ndarray:
    """The landscape selfie model (256 x 144 input) on the whole frame, stretched."""
    import cv2

    h, w = image.shape[:2]
    tw, th = _LANDSCAPE_SIZE
    interp = cv2.INTER_AREA if (h > th or w > tw) else cv2.INTER_LINEAR
    x = cv2.resize(image, (tw, th), interpolation=interp).astype(np.float32) / 255.0
    out = next(iter(net(x).values()))[..., 0]
    prob = cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(prob, 0.0, 1.0).astype(np.float32)


def selfie_ensemble_prob(nets: dict, image: np.ndarray, *, flip: bool = True) -> np.ndarray:
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

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
    """
    if flip:
        mirrored = selfie_ensemble_prob(nets, np.ascontiguousarray(image[:, ::-1]), flip=False)
        direct = selfie_ensemble_prob(nets, image, flip=False)
        return ((direct + mirrored[:, ::-1]) * 0.5).astype(np.float32)
    h, w = image.shape[:2]
    squares = _selfie_squares_prob(nets["selfie"], image)
    if w <= h or "selfie_landscape" not in nets:
        return squares
    frame = _selfie_landscape_prob(nets["selfie_landscape"], image)
    return ((squares + frame) * 0.5).astype(np.float32)


def _roi_polygon(roi: tuple[float, float, float, float], grow: float) -> np.ndarray:
    """Corners ``(4, 2)`` in image pixel-centre coords of a rotated square ROI."""
    cx, cy, side, rot = roi
    c, s, hs = math.cos(rot), math.sin(rot), side * grow / 2.0
    corners = [(-hs, -hs), (hs, -hs), (hs, hs), (-hs, hs)]
    return np.array([[cx + dx * c - dy * s - 0.5, cy + dx * s + dy * c - 0.5] for dx, dy in corners])


def _squares(h: int, w: int, tiles: int) -> list[tuple[float, float, float]]:
    """Square detector windows ``(x0, y0, side)``: the letterboxed frame, then a grid.

    ``tiles=k`` (k >= 2) adds a k x k grid of overlapping squares, each
    ``1.3 * max(h, w) / k`` wide (never wider than the frame's short side when that
    allows the grid), so people k times smaller reach the detector at the same size.
    """
    side = max(h, w)
    out = [((w - side) / 2.0, (h - side) / 2.0, float(side))]
    if tiles >= 2:
        t = min(1.3 * side / tiles, max(min(h, w), side / tiles))
        for i in range(tiles):
            for j in range(tiles):
                x0 = 0.0 if tiles == 1 else (w - t) * j / (tiles - 1)
                y0 = 0.0 if tiles == 1 else (h - t) * i / (tiles - 1)
                out.append((x0, y0, float(t)))
    return out


def detect_people(
    net: _TFLite,
    image: np.ndarray,
    anchors: np.ndarray,
    *,
    score_threshold: float,
    iou_threshold: float = 0.3,
    max_people: int | None = None,
    tiles: int = 0,
) -> list[PoseDetection]:
    """All people the BlazePose detector finds, on the letterboxed frame (and tiles).

    Each window is scaled to 224 x 224 (black outside the image, as mediapipe's
    letterbox); detections of all windows are mapped to image pixels and merged by
    weighted non-maximum suppression.
    """
    import cv2

    h, w = image.shape[:2]
    found = []  # (boxes, keypoints, scores) per window, image pixels
    resized: dict[float, np.ndarray] = {}
    for x0, y0, side in _squares(h, w, tiles):
        scale = _DET_SIZE / side
        if scale not in resized:
            nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
            interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
            resized[scale] = cv2.resize(image, (nw, nh), interpolation=interp)
        small = resized[scale]
        # window origin in the resized image, then the overlap with it
        ox, oy = int(round(x0 * scale)), int(round(y0 * scale))
        canvas = np.full((_DET_SIZE, _DET_SIZE, 3), -1.0, np.float32)  # black border
        sx0, sy0 = max(ox, 0), max(oy, 0)
        sx1 = min(ox + _DET_SIZE, small.shape[1])
        sy1 = min(oy + _DET_SIZE, small.shape[0])
        if sx1 <= sx0 or sy1 <= sy0:
            continue
        canvas[sy0 - oy : sy1 - oy, sx0 - ox : sx1 - ox] = small[sy0:sy1, sx0:sx1] / 127.5 - 1.0
        out = net(canvas)
        b, k, sc = decode_detections(
            out["Identity"], out["Identity_1"], anchors,
            input_size=_DET_SIZE, score_threshold=score_threshold,
        )
        # normalised window coords -> image pixels (with the window's rounded origin)
        b = ((b * _DET_SIZE + np.array([ox, oy, ox, oy])) / scale).astype(np.float32)
        k = ((k * _DET_SIZE + np.array([ox, oy])) / scale).astype(np.float32)
        found.append((b, k, sc.astype(np.float32)))
    if not found:
        return []
    # The whole frame sees whole bodies, so its keypoints (hence crops) are trusted;
    # a tile may cut a body and misjudge its extent: tile detections only add people
    # the frame missed.
    fb, fk, fs = weighted_nms(*found[0], iou_threshold=iou_threshold)
    if len(found) > 1:
        tb, tk, ts = (np.concatenate(a) for a in zip(*found[1:]))
        if len(fb) and len(tb):
            new = np.array([_iou_max(b, fb) <= iou_threshold for b in tb], bool)
            tb, tk, ts = tb[new], tk[new], ts[new]
        tb, tk, ts = weighted_nms(tb, tk, ts, iou_threshold=iou_threshold)
        fb, fk, fs = np.concatenate([fb, tb]), np.concatenate([fk, tk]), np.concatenate([fs, ts])
    order = np.argsort(-fs, kind="stable")[:max_people]
    return [PoseDetection(fb[i], fk[i], float(fs[i])) for i in order]


def _iou_max(box: np.ndarray, boxes: np.ndarray) -> float:
    """Largest IoU between ``box`` and the rows of ``boxes``, also counting a box
    that lies mostly inside another (the same face seen at two scales)."""
    inter, a, bs = box_overlap(box, boxes)
    iou = inter / np.maximum(a + bs - inter, 1e-9)
    inside = inter / np.maximum(np.minimum(a, bs), 1e-9)
    return float(max(iou.max(), (inside > 0.7).max() * 1.0))


def _person_prob(
    net: _TFLite, image: np.ndarray, roi: tuple[float, float, float, float]
) -> tuple[np.ndarray, tuple[int, int, int, int], float]:
    """Segmentation of one person, pasted into the image frame.

    Returns the probability patch, its place ``(x0, y0, x1, y1)`` in the image and the
    landmark model's presence score.
    """
    import cv2

    h, w = image.shape[:2]
    cx, cy, side, rot = roi
    m = _roi_matrix(cx, cy, side, rot, _LMK_SIZE)
    crop = cv2.warpAffine(
        image, m, (_LMK_SIZE, _LMK_SIZE),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE,
    )
    out = net(crop.astype(np.float32) / 255.0)
    presence = float(np.asarray(out["Identity_1"]).reshape(-1)[0])
    seg = _sigmoid(out["Identity_2"][..., 0])
    # the ROI's axis-aligned bounding box, clipped to the image
    half = side / 2 * (abs(math.cos(rot)) + abs(math.sin(rot)))
    x0, y0 = max(0, int(math.floor(cx - half))), max(0, int(math.floor(cy - half)))
    x1, y1 = min(w, int(math.ceil(cx + half))), min(h, int(math.ceil(cy + half)))
    if x1 <= x0 or y1 <= y0:
        return np.zeros((0, 0), np.float32), (0, 0, 0, 0), presence
    m_sub = m.copy()
    m_sub[:, 2] -= (x0, y0)  # crop -> sub-image pixel centres
    patch = cv2.warpAffine(
        seg, m_sub, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT, borderValue=0.0,
    )
    return patch, (x0, y0, x1, y1), presence


def _check_unit(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ContractError(f"{name} must lie in [0, 1], got {value}")
    return value


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
    num_threads : int or None
        Threads of each tflite interpreter (default None: the runtime's choice).

    Raises
    ------
    BackendUnavailableError
        If mediapipe's model files or ai-edge-litert are missing.
    ContractError
        For an option outside its range.
    """

    name = "mediapipe"

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        score_threshold: float = 0.5,
        presence_threshold: float = 0.5,
        max_people: int | None = None,
        tiles: int = 2,
        selfie: str = "near",
        near_scale: float = 1.5,
        roi_scale: float = 1.25,
        selfie_ensemble: bool = True,
        selfie_flip: bool = True,
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
        if selfie not in ("near", "never", "always"):
            raise ContractError(f"selfie must be one of 'near', 'never', 'always', got {selfie!r}")
        self.selfie = selfie
        if not float(near_scale) > 0:
            raise ContractError(f"near_scale must be > 0, got {near_scale}")
        self.near_scale = float(near_scale)
        if not float(roi_scale) > 0:
            raise ContractError(f"roi_scale must be > 0, got {roi_scale}")
        self.roi_scale = float(roi_scale)
        self.selfie_ensemble = bool(selfie_ensemble)
        self.selfie_flip = bool(selfie_flip)
        keys = ["pose_detection", "pose_landmark"]
        if selfie != "never":
            keys += ["selfie"] + (["selfie_landscape"] if selfie_ensemble else [])
        self._nets = _load_nets(keys, num_threads=num_threads)
        self._anchors = ssd_anchors()

    def detect(self, image: np.ndarray) -> list[PoseDetection]:
        """The people the detector finds in one ``(H, W, 3) uint8`` RGB image."""
        from ..contract import check_image

        check_image(image)
        return detect_people(
            self._nets["pose_detection"], image, self._anchors,
            score_threshold=self.score_threshold, max_people=self.max_people,
            tiles=self.tiles,
        )

    def _predict_one(self, image: np.ndarray) -> np.ndarray:
        import cv2

        h, w = image.shape[:2]
        prob = np.zeros((h, w), np.float32)
        near = np.zeros((h, w), np.uint8)
        for det in self.detect(image):
            roi = det.roi(scale=self.roi_scale)
            patch, (x0, y0, x1, y1), presence = _person_prob(self._nets["pose_landmark"], image, roi)
            if presence < self.presence_threshold or patch.size == 0:
                continue
            np.maximum(prob[y0:y1, x0:x1], patch, out=prob[y0:y1, x0:x1])
            if self.selfie == "near":
                poly = np.round(_roi_polygon(roi, self.near_scale)).astype(np.int32)
                cv2.fillPoly(near, [poly], 1)
        if self.selfie == "always" or (self.selfie == "near" and near.any()):
            # the windows alone without the landscape net (selfie_ensemble=False)
            sp = selfie_ensemble_prob(self._nets, image, flip=self.selfie_flip)
            if self.selfie == "near":
                sp *= near
            np.maximum(prob, sp, out=prob)
        return prob

    def _predict(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [self._predict_one(im) for im in images]


class SelfiePerson(PersonSegmenter):
    """mediapipe's selfie segmentation on the whole frame (256x256, stretched).

    Good on large, close people; misses people under about a third of the image
    height and bleeds onto nearby text. Kept for comparison with ``mediapipe``.

    Parameters
    ----------
    threshold : float
        Probability above which a pixel is "person" (default 0.5).
    num_threads : int or None
        Threads of the tflite interpreter.
    """

    name = "selfie"

    def __init__(self, *, threshold: float = 0.5, num_threads: int | None = None):
        super().__init__(threshold=threshold)
        self._net = _load_nets(["selfie"], num_threads=num_threads)["selfie"]

    def _predict(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [_selfie_prob(self._net, im) for im in images]


@register(
    "person", "mediapipe",
    description="BlazePose detector + per-person pose segmentation (+ selfie near people); tflite",
    requires=("ai_edge_litert", "mediapipe"), embedded=True,
    install="pip install ai-edge-litert==2.3.0 && pip install --no-deps mediapipe==0.10.14",
)
def _make_mediapipe(**options) -> MediaPipePerson:
    return MediaPipePerson(**options)


@register(
    "person", "selfie",
    description="mediapipe selfie segmentation on the whole frame (large, close people); tflite",
    requires=("ai_edge_litert", "mediapipe"), embedded=True,
    install="pip install ai-edge-litert==2.3.0 && pip install --no-deps mediapipe==0.10.14",
)
def _make_selfie(**options) -> SelfiePerson:
    return SelfiePerson(**options)
