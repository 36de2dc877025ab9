"""``ppocr``: the PP-OCR DB text detector run with onnxruntime (default text backend).

The ONNX file ships inside the ``rapidocr_onnxruntime`` wheel (installed with
``pip install --no-deps rapidocr_onnxruntime==1.4.4``, only for its model files; the
package itself is never imported). Pre- and post-processing are re-implemented here
with numpy, OpenCV and pyclipper, following rapidocr's ``ch_ppocr_det`` module and its
``config.yaml``:

* the network was trained on BGR images (PaddleOCR reads with ``cv2.imread``), scaled
  to [0, 1] and normalised with mean 0.5 and std 0.5 per channel;
* the image is scaled so that its short side approaches ``limit_side_len`` (736) and
  its long side at most ``max_side_len`` (2000), then padded to a multiple of 32;
  long banners whose short side would fall below ``limit_side_len`` are run in
  overlapping tiles along their long side instead of being shrunk;
* DB post-processing: probability > ``thresh`` (0.3), 2x2 dilation, contours, minimum
  area rectangles scored by their mean probability (kept when >= ``box_thresh``, 0.5),
  expanded by the Vatti offset ``area * unclip_ratio / perimeter`` (1.6).

Beyond rapidocr: two passes (1x and 1.25x) whose maps are fused by maximum, since DB
is sensitive to scale, and a check by the PP-OCRv4 recogniser from the same wheel that
drops boxes nothing can be read in (``verify``). Both are options.

Optionally ``model="ppocrv6_small"`` runs ``models/PP-OCRv6_det_small.onnx`` from the
``rapidocr==3.10.0`` wheel (if installed) with the same processing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..errors import BackendUnavailableError
from ..registry import register
from .base import TextDetector

__all__ = ["PPOCRText", "MODELS", "model_path", "db_boxes", "order_clockwise", "ctc_confidence"]

#: Known ONNX files: name -> (package, path inside the package, pip command).
MODELS: dict[str, tuple[str, str, str]] = {
    "ppocrv4": (
        "rapidocr_onnxruntime",
        "models/ch_PP-OCRv4_det_infer.onnx",
        "pip install --no-deps rapidocr_onnxruntime==1.4.4",
    ),
    "ppocrv6_small": (
        "rapidocr",
        "models/PP-OCRv6_det_small.onnx",
        "pip install --no-deps rapidocr==3.10.0",
    ),
}

#: The recogniser used by ``verify`` (CTC over 6625 symbols, input height 48, BGR).
REC_MODEL = ("rapidocr_onnxruntime", "models/ch_PP-OCRv4_rec_infer.onnx",
             "pip install --no-deps rapidocr_onnxruntime==1.4.4")

# Normalisation the PP-OCR detectors expect (rapidocr config.yaml), in BGR order.
_MEAN = np.float32(0.5)
_STD = np.float32(0.5)


def _package_file(package: str, rel: str, pip: str) -> Path:
    found = importlib.util.find_spec(package)
    locations = list(found.submodule_search_locations or []) if found else []
    if not locations:
        raise BackendUnavailableError(
            f"text backend 'ppocr' needs the package {package!r} for its model file "
            f"{rel}; install it with `{pip}`"
        )
    path = Path(locations[0]) / rel
    if not path.is_file():
        raise BackendUnavailableError(
            f"text backend 'ppocr': model file {path} not found; reinstall with `{pip}`"
        )
    return path


def model_path(model: str = "ppocrv4") -> Path:
    """Locate the ONNX file of ``model`` inside its package, without importing it.

    Raises
    ------
    ValueError
        For an unknown model name.
    BackendUnavailableError
        When the package or the file is missing (the message says what to install).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, got {model!r}")
    return _package_file(*MODELS[model])


def order_clockwise(pts: np.ndarray) -> np.ndarray:
    """Order 4 points as top-left, top-right, bottom-right, bottom-left.

    In image coordinates (y down) this order runs clockwise on screen.

    Parameters
    ----------
    pts : (4, 2) array
        Corner points ``(x, y)``.

    Returns
    -------
    (4, 2) float32

    Examples
    --------
    >>> order_clockwise(np.array([[0, 5], [9, 0], [0, 0], [9, 5]])).tolist()
    [[0.0, 0.0], [9.0, 0.0], [9.0, 5.0], [0.0, 5.0]]
    """
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    xs = pts[np.argsort(pts[:, 0], kind="stable")]
    left = xs[:2][np.argsort(xs[:2, 1], kind="stable")]
    right = xs[2:][np.argsort(xs[2:, 1], kind="stable")]
    return np.stack([left[0], right[0], right[1], left[1]]).astype(np.float32)


def _mini_box(points) -> tuple[np.ndarray, float]:
    rect = cv2.minAreaRect(np.asarray(points, np.float32).reshape(-1, 1, 2))
    return order_clockwise(cv2.boxPoints(rect)), float(min(rect[1]))


def _box_score(pred: np.ndarray, box: np.ndarray) -> float:
    """Mean of ``pred`` inside the quadrilateral ``box`` (rapidocr's "fast" score)."""
    h, w = pred.shape
    x0 = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    m = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillPoly(m, [(box - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(pred[y0:y1 + 1, x0:x1 + 1], m)[0])


def _unclip(box: np.ndarray, ratio: float) -> np.ndarray:
    import pyclipper

    area = abs(cv2.contourArea(box.astype(np.float32)))
    length = cv2.arcLength(box.astype(np.float32).reshape(-1, 1, 2), True)
    if length <= 0:
        return box
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    out = offset.Execute(area * ratio / length)
    if not out:
        return box
    return np.concatenate([np.asarray(o, np.float32).reshape(-1, 2) for o in out])


def db_boxes(
    pred: np.ndarray,
    *,
    thresh: float = 0.3,
    box_thresh: float = 0.5,
    unclip_ratio: float = 1.6,
    max_candidates: int = 1000,
    min_size: float = 3.0,
    dilate: bool = True,
    scale: tuple[float, float] = (1.0, 1.0),
    size: tuple[int, int] | None = None,
) -> tuple[list[np.ndarray], np.ndarray]:
    """DB post-processing: text boxes from a probability map.

    Parameters
    ----------
    pred : (h, w) float32
        The network's text probability map.
    thresh : float
        Binarisation threshold of ``pred`` (default 0.3).
    box_thresh : float
        Minimum mean probability inside a box (default 0.5).
    unclip_ratio : float
        Expansion of each box: offset distance ``area * unclip_ratio / perimeter``
        (default 1.6).
    max_candidates : int
        At most this many contours are examined (default 1000).
    min_size : float
        Boxes whose short side (in map pixels) is below this are dropped (default 3;
        ``min_size + 2`` after expansion, as in PaddleOCR).
    dilate : bool
        Dilate the binary map with a 2x2 kernel first (default True).
    scale : (sx, sy)
        Map pixels per output pixel; box coordinates are divided by it.
    size : (W, H) or None
        Output image size; boxes are clipped to ``[0, W] x [0, H]``.

    Returns
    -------
    polygons : list of (4, 2) float32
        Clockwise boxes (top-left first) in output pixels.
    scores : (n,) float32

    Examples
    --------
    >>> p = np.zeros((64, 128), np.float32); p[20:40, 20:100] = 0.9
    >>> polys, scores = db_boxes(p)
    >>> len(polys), round(float(scores[0]), 2)
    (1, 0.85)
    """
    pred = np.asarray(pred, np.float32)
    if pred.ndim != 2:
        raise ValueError(f"pred must be a 2-D (h, w) map, got shape {pred.shape}")
    bitmap = (pred > thresh).astype(np.uint8)
    if dilate:
        bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = scale
    polys, scores = [], []
    for contour in contours[:max_candidates]:
        box, sside = _mini_box(contour)
        if sside < min_size:
            continue
        score = _box_score(pred, box)
        if score < box_thresh:
            continue
        box, sside = _mini_box(_unclip(box, unclip_ratio))
        if sside < min_size + 2:
            continue
        box = box / np.float32([sx, sy])
        if size is not None:
            box[:, 0] = np.clip(box[:, 0], 0, size[0])
            box[:, 1] = np.clip(box[:, 1], 0, size[1])
        # drop slivers left after clipping (rapidocr drops sides <= 3 px)
        if min(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        polys.append(box.astype(np.float32))
        scores.append(score)
    return polys, np.asarray(scores, np.float32)


def _rectify(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The quadrilateral's content warped upright (PaddleOCR's rotate-crop)."""
    q = quad.astype(np.float32)
    w = max(2, int(round(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))))
    h = max(2, int(round(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))))
    M = cv2.getPerspectiveTransform(q, np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
    crop = cv2.warpPerspective(image, M, (w, h), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    if h >= 1.5 * w:  # vertical text line
        crop = np.ascontiguousarray(np.rot90(crop))
    return crop


def _rec_batch(crops: list[np.ndarray], max_ratio: float = 25.0) -> np.ndarray:
    """Recogniser input: BGR crops at height 48, normalised, zero-padded to one width."""
    widths = [min(int(np.ceil(48 * c.shape[1] / c.shape[0])), int(48 * max_ratio)) for c in crops]
    W = max(320, max(widths))
    x = np.zeros((len(crops), 3, 48, W), np.float32)
    for i, (c, w) in enumerate(zip(crops, widths)):
        r = cv2.resize(c[..., ::-1], (max(w, 4), 48), interpolation=cv2.INTER_LINEAR)
        x[i, :, :, : r.shape[1]] = ((r.astype(np.float32) / 255.0 - _MEAN) / _STD).transpose(2, 0, 1)
    return x


def ctc_confidence(probs: np.ndarray) -> float:
    """Mean confidence of the characters a CTC greedy decode reads (0 if none).

    Parameters
    ----------
    probs : (T, C) float
        Per time step class probabilities, class 0 = blank.

    Examples
    --------
    >>> p = np.array([[0.1, 0.9, 0], [0.1, 0.8, 0.1], [1, 0, 0], [0.3, 0, 0.7]])
    >>> round(ctc_confidence(p), 3)  # reads 1 (0.9, repeat merged) and 2 (0.7)
    0.8
    """
    idx = probs.argmax(1)
    keep = idx != 0
    keep[1:] &= idx[1:] != idx[:-1]
    return float(probs.max(1)[keep].mean()) if keep.any() else 0.0


class PPOCRText(TextDetector):
    """PP-OCR DB text detector (onnxruntime, CPU by default).

    Parameters
    ----------
    model : {"ppocrv4", "ppocrv6_small"}
        Which ONNX file to run (default ``"ppocrv4"`` from rapidocr_onnxruntime 1.4.4;
        ``"ppocrv6_small"`` needs rapidocr 3.10.0).
    model_file : path-like or None
        An explicit ONNX file instead of the packaged one.
    limit_side_len : int
        The short side is scaled up towards this many pixels (default 736, as
        rapidocr), as long as the long side stays within ``max_side_len``.
    max_side_len : int
        The long side is scaled down to at most this many pixels (default 2000),
        unless that would bring the short side under ``limit_side_len`` (long
        banners, e.g. 3000x250): then the image keeps its scale and is run in
        overlapping tiles of this length.
    max_upscale : float
        Never enlarge the image by more than this factor (default 3).
    thresh, box_thresh, unclip_ratio, max_candidates
        DB post-processing, see :func:`db_boxes` (defaults 0.3, 0.5, 1.6, 1000).
    scales : sequence of float
        Extra passes at these multiples of the chosen scale, fused before the DB
        post-processing (default ``(1.0, 1.25)``). DB is sensitive to scale (a
        64 px headline can vanish at one scale and be clear at 1.3x); ``(1.0,)``
        is one pass, rapidocr's behaviour, at about 1/2.6 of the cost.
    fuse : {"max", "mean"}
        How the passes' maps are combined (default "max": text seen at any scale).
    verify : float
        If > 0, boxes whose PP-OCRv4 recogniser confidence (:func:`ctc_confidence`)
        is below this are dropped (removes texture false alarms the second scale
        brings; default 0.2; 0 turns it off and skips loading the recogniser).
    tight : bool
        Glyph-tight masks (default True) or filled polygons.
    providers : list of str or None
        onnxruntime execution providers (default: CPU).
    threads : int or None
        onnxruntime intra-op threads (default: onnxruntime's choice).

    Raises
    ------
    BackendUnavailableError
        When the model file cannot be found.
    ValueError
        For inconsistent sizes, empty or non-positive ``scales``, an unknown ``fuse``.

    Examples
    --------
    >>> det = PPOCRText(scales=(1.0,), verify=0)
    >>> im = np.full((64, 96, 3), 255, np.uint8)
    >>> d = det.detect(im)
    >>> len(d), d.mask.shape, d.prob.dtype
    (0, (64, 96), dtype('float32'))
    """

    name = "ppocr"

    def __init__(
        self,
        *,
        model: str = "ppocrv4",
        model_file: str | Path | None = None,
        limit_side_len: int = 736,
        max_side_len: int = 2000,
        max_upscale: float = 3.0,
        thresh: float = 0.3,
        box_thresh: float = 0.5,
        unclip_ratio: float = 1.6,
        max_candidates: int = 1000,
        scales: Sequence[float] = (1.0, 1.25),
        fuse: str = "max",
        verify: float = 0.2,
        tight: bool = True,
        providers: Sequence[str] | None = None,
        threads: int | None = None,
    ):
        super().__init__(tight=tight)
        if model_file is None:
            path = model_path(model)
        else:
            path = Path(model_file)
            if not path.is_file():
                raise BackendUnavailableError(
                    f"text backend 'ppocr': model_file {str(path)!r} does not exist; "
                    f"the packaged model comes with `{MODELS['ppocrv4'][2]}`"
                )
        if limit_side_len < 32 or max_side_len < limit_side_len:
            raise ValueError(
                "need 32 <= limit_side_len <= max_side_len, got "
                f"limit_side_len={limit_side_len}, max_side_len={max_side_len}"
            )
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        if threads:
            opts.intra_op_num_threads = int(threads)
        self.session = ort.InferenceSession(
            str(path), sess_options=opts,
            providers=list(providers) if providers else ["CPUExecutionProvider"],
        )
        self.input_name = self.session.get_inputs()[0].name
        self.model_file = path
        self.limit_side_len = int(limit_side_len)
        self.max_side_len = int(max_side_len)
        self.max_upscale = float(max_upscale)
        self.scales = tuple(float(m) for m in scales)
        if not self.scales or min(self.scales) <= 0:
            raise ValueError(f"scales must be positive factors, got {scales!r}")
        if fuse not in ("mean", "max"):
            raise ValueError(f"fuse must be 'mean' or 'max', got {fuse!r}")
        self.fuse = fuse
        self.verify = float(verify)
        self.rec_session = None
        if self.verify > 0:
            self.rec_session = ort.InferenceSession(
                str(_package_file(*REC_MODEL)), sess_options=opts,
                providers=list(providers) if providers else ["CPUExecutionProvider"],
            )
        self.post = dict(
            thresh=float(thresh), box_thresh=float(box_thresh),
            unclip_ratio=float(unclip_ratio), max_candidates=int(max_candidates),
        )

    # -- network ---------------------------------------------------------------------
    def _scale(self, h: int, w: int) -> float:
        """Resize factor: short side up to the limit, long side down to the max.

        Enlarging stops where the long side would pass ``max_side_len`` (a banner
        is not blown up to a 736-pixel height). Shrinking to ``max_side_len`` happens
        only while the short side stays at or above ``limit_side_len``; otherwise
        (long banners) the image keeps its scale and is run in tiles.
        """
        short, long = min(h, w), max(h, w)
        s = min(max(1.0, self.limit_side_len / short), self.max_upscale,
                max(1.0, self.max_side_len / long))
        if long * s > self.max_side_len:
            s_cap = self.max_side_len / long
            s = max(s_cap, min(s, self.limit_side_len / short))
        return s

    def _run(self, bgr: np.ndarray) -> np.ndarray:
        """Probability map of an image whose sides are multiples of 32."""
        x = (bgr.astype(np.float32) * np.float32(1 / 255.0) - _MEAN) / _STD
        x = np.ascontiguousarray(x.transpose(2, 0, 1)[None])
        return self.session.run(None, {self.input_name: x})[0][0, 0]

    def _run_padded(self, bgr: np.ndarray) -> np.ndarray:
        h, w = bgr.shape[:2]
        ph, pw = -h % 32, -w % 32
        if ph or pw:
            # pad with the normalisation mean (grey), which the network reads as 0
            bgr = cv2.copyMakeBorder(bgr, 0, ph, 0, pw, cv2.BORDER_CONSTANT, value=(128, 128, 128))
        return self._run(bgr)[:h, :w]

    def _prob_scaled(self, bgr: np.ndarray) -> np.ndarray:
        """Probability map at the scaled size, tiling along the long side if needed."""
        h, w = bgr.shape[:2]
        transpose = h > w
        if transpose:
            bgr = bgr.transpose(1, 0, 2)
            h, w = w, h
        if w <= self.max_side_len:
            prob = self._run_padded(bgr)
        else:
            tile = self.max_side_len
            overlap = min(max(h, 128), tile // 2)
            step = tile - overlap
            starts = list(range(0, w - tile, step)) + [w - tile]
            prob = np.zeros((h, w), np.float32)
            for i, x0 in enumerate(starts):
                p = self._run_padded(bgr[:, x0:x0 + tile])
                # keep each tile's centre: cut half the overlap at inner edges
                a = 0 if i == 0 else overlap // 2
                b = tile if i == len(starts) - 1 else tile - overlap // 2
                # the next tile may start earlier (last one is right-aligned)
                prob[:, x0 + a:x0 + b] = p[:, a:b]
        return prob.T if transpose else prob

    def _pred_at(self, image: np.ndarray, s: float) -> np.ndarray:
        """The network's map for ``image`` (RGB) resized by ``s``."""
        H, W = image.shape[:2]
        h, w = max(1, int(round(H * s))), max(1, int(round(W * s)))
        bgr = image[..., ::-1]
        if (h, w) != (H, W):
            interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
            bgr = cv2.resize(bgr, (w, h), interpolation=interp)
        else:
            bgr = np.ascontiguousarray(bgr)
        return self._prob_scaled(bgr)

    def _detect_one(self, image: np.ndarray):
        H, W = image.shape[:2]
        s = self._scale(H, W)
        h, w = max(1, int(round(H * s))), max(1, int(round(W * s)))
        pred = None
        for m in self.scales:
            p = self._pred_at(image, s * m)
            if p.shape != (h, w):
                p = cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA if m > 1 else cv2.INTER_LINEAR)
            if pred is None:
                pred = p
            elif self.fuse == "max":
                pred = np.maximum(pred, p)
            else:
                pred = pred + p
        if self.fuse == "mean" and len(self.scales) > 1:
            pred = pred / np.float32(len(self.scales))
        polys, scores = db_boxes(pred, scale=(w / W, h / H), size=(W, H), **self.post)
        if self.rec_session is not None and polys:
            conf = self.recognition_confidence(image, polys)
            keep = conf >= self.verify
            polys = [p for p, k in zip(polys, keep) if k]
            scores = scores[keep]
        if (h, w) != (H, W):
            prob = cv2.resize(pred, (W, H), interpolation=cv2.INTER_LINEAR)
        else:
            prob = pred
        prob = np.clip(prob, 0.0, 1.0).astype(np.float32, copy=False)
        return prob, polys, scores

    def recognition_confidence(self, image: np.ndarray, polygons) -> np.ndarray:
        """CTC confidence of the PP-OCRv4 recogniser reading each polygon.

        Parameters
        ----------
        image : (H, W, 3) uint8 RGB
        polygons : list of (4, 2) float32

        Returns
        -------
        (n,) float32
            In [0, 1]; 0 where nothing is read. Needs ``verify > 0`` at construction.
        """
        if self.rec_session is None:
            raise BackendUnavailableError("recognition_confidence needs PPOCRText(verify=...) > 0")
        if not len(polygons):
            return np.zeros(0, np.float32)
        crops = [_rectify(image, np.asarray(p, np.float32)) for p in polygons]
        name = self.rec_session.get_inputs()[0].name
        out = []
        for i in range(0, len(crops), 8):
            probs = self.rec_session.run(None, {name: _rec_batch(crops[i:i + 8])})[0]
            out.extend(ctc_confidence(p) for p in probs)
        return np.asarray(out, np.float32)

    def _detect(self, images):
        return [self._detect_one(im) for im in images]


@register(
    "text",
    "ppocr",
    description="PP-OCRv4 DB text detector (onnxruntime; model file from rapidocr_onnxruntime)",
    requires=("onnxruntime", "rapidocr_onnxruntime"),
    embedded=True,
)
def _factory(**options) -> PPOCRText:
    return PPOCRText(**options)
