"""PP-OCR text recognition: read the text inside polygons or boxes of an image.

The recogniser is a CTC network run with onnxruntime. Two packaged ONNX files are
known (each found by :mod:`creative_tools.packaged`; ``python -m creative_tools models
fetch`` extracts them from their wheels without installing the packages):

* ``"ppocrv4"``: ``models/ch_PP-OCRv4_rec_infer.onnx`` of ``rapidocr_onnxruntime``
  1.4.4 (Chinese + English, 6623 symbols);
* ``"ppocrv6_small"``: ``models/PP-OCRv6_rec_small.onnx`` of ``rapidocr`` 3.10.0
  (multilingual, 18708 symbols).

Both carry their symbol list in the ONNX metadata (``character``); the class list is
``blank`` + symbols + ``" "`` (PaddleOCR's ``CTCLabelDecode`` with ``use_space_char``).

Pre-processing follows PaddleOCR/rapidocr: each region is warped upright from its
quadrilateral (regions at least 1.5x taller than wide are vertical lines, turned by
90 degrees counter-clockwise), converted to BGR, resized to height 48 keeping its aspect
ratio, scaled to [-1, 1] and zero-padded on the right to the widest crop of its batch
(at least 320 px; ``Recognizer(pad="own")``: to its own width, so that a region's reading
does not depend on the regions read beside it). Decoding is greedy CTC: best class per step, repeats merged, blanks
dropped; the confidence is the mean probability of the characters read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..contract import check_image
from ..errors import BackendUnavailableError
from ..packaged import runtime_file

__all__ = [
    "REC_MODELS", "Reading", "Recognizer", "recognize", "rec_model_path", "rec_width",
    "ctc_confidence", "ctc_decode", "rectify", "to_quad",
]

#: Known recogniser ONNX files: name -> :data:`creative_tools.packaged.FILES` key.
REC_MODELS: dict[str, str] = {
    "ppocrv4": "ppocrv4_rec",
    "ppocrv6_small": "ppocrv6_rec_small",
}

_HEIGHT = 48
_MIN_WIDTH = 320


def rec_model_path(model: str = "ppocrv4", *, fused: bool = False) -> Path:
    """Locate the recogniser ONNX file of ``model`` (:func:`creative_tools.packaged.packaged_file`).

    ``fused=True``: its fused derivation when written (:func:`creative_tools.packaged.runtime_file`).

    Raises
    ------
    ValueError
        For an unknown model name.
    BackendUnavailableError
        When the file is neither in its installed package nor in the cache (the message
        gives the ``models fetch`` command).
    """
    if model not in REC_MODELS:
        raise ValueError(f"model must be one of {sorted(REC_MODELS)}, got {model!r}")
    return runtime_file(REC_MODELS[model], fused=fused)


def to_quad(region) -> np.ndarray:
    """A region as a clockwise quadrilateral (top-left first).

    Parameters
    ----------
    region : (4,) box ``x0, y0, x1, y1``, (4, 2) quadrilateral or (N, 2) polygon
        A polygon with other than 4 points is replaced by its minimum-area rectangle.

    Returns
    -------
    (4, 2) float32

    Raises
    ------
    ValueError
        For an array of another shape.

    Examples
    --------
    >>> to_quad([2, 3, 12, 8]).tolist()
    [[2.0, 3.0], [12.0, 3.0], [12.0, 8.0], [2.0, 8.0]]
    """
    from .db import order_clockwise

    r = np.asarray(region, np.float32)
    if r.shape == (4,):
        x0, y0, x1, y1 = r
        return np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    if r.ndim != 2 or r.shape[1] != 2 or len(r) < 3:
        raise ValueError(
            f"a region must be a box (4,) or a polygon (N>=3, 2), got shape {r.shape}"
        )
    if len(r) != 4:
        r = cv2.boxPoints(cv2.minAreaRect(r.reshape(-1, 1, 2)))
    return order_clockwise(r)


def rectify(image: np.ndarray, region, *, clockwise: bool = False) -> np.ndarray:
    """The region's content warped upright (PaddleOCR's rotate-crop).

    Parameters
    ----------
    image : (H, W, 3) uint8
    region : box, quadrilateral or polygon (see :func:`to_quad`)
    clockwise : bool
        How a vertical region is turned (see below): False (default, PaddleOCR's way)
        counter-clockwise, which sets upright a line written top to bottom; True
        clockwise, for a line written bottom to top (a legal line up an ad's edge).

    Returns
    -------
    (h, w, 3) uint8
        Regions at least 1.5x taller than wide are turned 90 degrees (``clockwise``),
        so vertical lines read left to right.
    """
    q = to_quad(region)
    w, h = _quad_size(q)
    M = cv2.getPerspectiveTransform(q, np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
    crop = cv2.warpPerspective(image, M, (w, h), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    if is_vertical(w, h):  # vertical text line
        crop = np.ascontiguousarray(np.rot90(crop, -1 if clockwise else 1))
    return crop


def _was_turned(region) -> bool:
    """True when :func:`rectify` turns ``region``."""
    return is_vertical(*_quad_size(to_quad(region)))


def _quad_size(q: np.ndarray) -> tuple[int, int]:
    """(w, h) of the upright crop of a clockwise quadrilateral (top-left first)."""
    w = max(2, int(round(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))))
    h = max(2, int(round(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))))
    return w, h


def is_vertical(w: float, h: float) -> bool:
    """True for a region :func:`rectify` turns: at least 1.5x taller than wide."""
    return h >= 1.5 * w


def rec_width(crop: np.ndarray, *, max_ratio: float = 25.0) -> int:
    """Width of a crop resized to the recogniser's height 48, at most ``max_ratio`` x 48.

    Examples
    --------
    >>> rec_width(np.zeros((24, 100, 3), np.uint8)), rec_width(np.zeros((10, 900, 3), np.uint8))
    (200, 1200)
    """
    return min(int(np.ceil(_HEIGHT * crop.shape[1] / max(crop.shape[0], 1))), int(_HEIGHT * max_ratio))


def rec_batch(crops: Sequence[np.ndarray], *, max_ratio: float = 25.0) -> np.ndarray:
    """Recogniser input from RGB crops.

    Parameters
    ----------
    crops : sequence of (h, w, 3) uint8 RGB
    max_ratio : float
        Crops wider than ``max_ratio`` x their height are squeezed to that ratio.

    Returns
    -------
    (n, 3, 48, W) float32
        BGR, in [-1, 1], zero-padded to one width ``W >= 320``.
    """
    widths = [rec_width(c, max_ratio=max_ratio) for c in crops]
    W = max(_MIN_WIDTH, max(widths))
    x = np.zeros((len(crops), 3, _HEIGHT, W), np.float32)
    for i, (c, w) in enumerate(zip(crops, widths)):
        r = cv2.resize(np.ascontiguousarray(c[..., ::-1]), (max(w, 4), _HEIGHT),
                       interpolation=cv2.INTER_LINEAR)
        x[i, :, :, : r.shape[1]] = (r.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)
    return x


def ctc_decode(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Greedy CTC decode: class indices read and their probabilities.

    Parameters
    ----------
    probs : (T, C) float
        Per time step class probabilities, class 0 = blank.

    Returns
    -------
    indices : (k,) int
        Classes read (repeats merged, blanks dropped).
    conf : (k,) float32

    Examples
    --------
    >>> p = np.array([[0.1, 0.9, 0], [0.1, 0.8, 0.1], [1, 0, 0], [0.3, 0, 0.7]])
    >>> [int(i) for i in ctc_decode(p)[0]]
    [1, 2]
    """
    probs = np.asarray(probs)
    idx = probs.argmax(1)
    keep = idx != 0
    keep[1:] &= idx[1:] != idx[:-1]
    return idx[keep], probs.max(1)[keep].astype(np.float32)


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
    _, conf = ctc_decode(probs)
    return float(conf.mean()) if len(conf) else 0.0


@dataclass(frozen=True)
class Reading:
    """What the recogniser read in one region.

    Attributes
    ----------
    text : str
        The characters read ("" when nothing), without leading or trailing spaces.
    confidence : float
        Mean probability of the characters read, in [0, 1]; 0 when nothing is read.
    char_conf : (k,) float32
        Probability of each character of ``text``.
    """

    text: str
    confidence: float
    char_conf: np.ndarray


class Recognizer:
    """A loaded PP-OCR recogniser (onnxruntime, CPU by default).

    Parameters
    ----------
    model : {"ppocrv4", "ppocrv6_small"}
        Which packaged ONNX file to run (default ``"ppocrv4"``).
    model_file : path-like or None
        An explicit ONNX file (with a ``character`` metadata entry) instead.
    batch_size : int
        Crops per network call (default 8; crops are sorted by aspect ratio first,
        so a batch pads little).
    pad : {"batch", "own"}
        How far a crop is padded (:func:`rec_batch`). ``"batch"`` (default, as PaddleOCR
        and rapidocr): to the widest crop of its batch, at least 320 px; SVTR's attention
        reads the padding, so a region's confidence depends on which regions share its
        batch. ``"own"``: to its own width (at least 320 px), the input PaddleOCR gives it
        read alone; crops of the same padded width still share a network call, so each
        reading depends on its own crop only.
    providers : list of str or None
        onnxruntime execution providers (default: CPU).
    threads : int or None
        onnxruntime intra-op threads (default: onnxruntime's choice).
    spinning : bool
        Let onnxruntime's idle worker threads busy-wait (default False: they sleep;
        same output, see :mod:`creative_tools.onnx_session`).
    denormal_as_zero : bool
        Flush subnormal floats to zero inside the network (default True; the session
        runs on a private thread, see :mod:`creative_tools.onnx_session`).
    both_ways : bool
        Read a vertical region (:func:`is_vertical`) turned both ways and keep the more
        confident reading (default True). PaddleOCR turns it counter-clockwise only,
        which sets a line written bottom to top (the usual legal line up an ad's edge)
        upside down: it was read as nothing. False: one way, as PaddleOCR.
    fused : bool
        Run PP-OCRv4's recogniser as its fused derivation when ``models fetch`` wrote it
        (default True: same network, element-wise chains folded; else the original with
        one log line; :func:`creative_tools.packaged.runtime_file`). False: the original.

    Raises
    ------
    BackendUnavailableError
        When the model file cannot be found or has no symbol list.
    ValueError
        For an unknown model or ``batch_size < 1``.

    Examples
    --------
    >>> rec = Recognizer()
    >>> im = np.full((40, 200, 3), 255, np.uint8)
    >>> _ = cv2.putText(im, "HELLO", (10, 32), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)
    >>> rec.read(im, [[0, 0, 200, 40]])[0].text
    'HELLO'
    """

    def __init__(
        self,
        *,
        model: str = "ppocrv4",
        model_file: str | Path | None = None,
        batch_size: int = 8,
        pad: str = "batch",
        providers: Sequence[str] | None = None,
        threads: int | None = None,
        spinning: bool = False,
        denormal_as_zero: bool = True,
        both_ways: bool = True,
        fused: bool = True,
    ):
        if model_file is None:
            path = rec_model_path(model, fused=fused)
        else:
            path = Path(model_file)
            if not path.is_file():
                raise BackendUnavailableError(
                    f"text recogniser: model_file {str(path)!r} does not exist"
                )
        if int(batch_size) < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        if pad not in ("batch", "own"):
            raise ValueError(f"pad must be 'batch' or 'own', got {pad!r}")
        from ..onnx_session import cpu_session

        self.session = cpu_session(path, providers=providers, threads=threads, spinning=spinning,
                                   denormal_as_zero=denormal_as_zero)
        meta = self.session.get_modelmeta().custom_metadata_map
        if "character" not in meta:
            raise BackendUnavailableError(
                f"text recogniser: {path} has no 'character' metadata (symbol list)"
            )
        self.characters = ["<blank>"] + meta["character"].splitlines() + [" "]
        self.input_name = self.session.get_inputs()[0].name
        self.model = model if model_file is None else str(path)
        self.model_file = path
        self.batch_size = int(batch_size)
        self.pad = pad
        self.both_ways = bool(both_ways)

    def _decode(self, probs: np.ndarray) -> Reading:
        idx, conf = ctc_decode(probs)
        n = len(self.characters)
        chars = [self.characters[i] if 0 < i < n else "" for i in idx]
        # padding on the right is sometimes read as a (full-width) space: trim spaces
        # at both ends, with their confidences
        a, b = 0, len(chars)
        while a < b and not chars[a].strip():
            a += 1
        while b > a and not chars[b - 1].strip():
            b -= 1
        conf = conf[a:b]
        return Reading("".join(chars[a:b]), float(conf.mean()) if len(conf) else 0.0, conf)

    def read_crops(self, crops: Sequence[np.ndarray]) -> list[Reading]:
        """Read upright RGB crops (one text line each).

        Parameters
        ----------
        crops : sequence of (h, w, 3) uint8 RGB

        Returns
        -------
        list of Reading, one per crop, in order.
        """
        crops = list(crops)
        for i, c in enumerate(crops):
            if not (isinstance(c, np.ndarray) and c.ndim == 3 and c.shape[2] == 3
                    and c.shape[0] > 0 and c.shape[1] > 0):
                got = getattr(c, "shape", type(c).__name__)
                raise ValueError(f"crops[{i}] must be a (h, w, 3) array, got {got}")
        out: list[Reading | None] = [None] * len(crops)
        order = np.argsort([c.shape[1] / c.shape[0] for c in crops], kind="stable")
        if self.pad == "batch":
            batches = [order[b:b + self.batch_size] for b in range(0, len(order), self.batch_size)]
        else:  # one padded width per batch: the widths in aspect order are non-decreasing
            padded = [max(_MIN_WIDTH, rec_width(crops[i])) for i in order]
            batches, b = [], 0
            while b < len(order):
                e = b + 1
                while e < len(order) and e - b < self.batch_size and padded[e] == padded[b]:
                    e += 1
                batches.append(order[b:e])
                b = e
        for sel in batches:
            probs = self.session.run(None, {self.input_name: rec_batch([crops[i] for i in sel])})[0]
            for i, p in zip(sel, probs):
                out[i] = self._decode(p)
        return out  # type: ignore[return-value]

    def read(self, image: np.ndarray, regions: Sequence) -> list[Reading]:
        """Read the text in each region of an image.

        Parameters
        ----------
        image : (H, W, 3) uint8 RGB
        regions : sequence of boxes (4,) ``x0, y0, x1, y1``, quadrilaterals (4, 2) or
            polygons (N, 2), in image pixels

        Returns
        -------
        list of Reading, one per region. A vertical region is read turned both ways
        (``both_ways``): the more confident reading.
        """
        image = check_image(image, "image")
        crops = [rectify(image, r) for r in regions]
        if not self.both_ways:
            return self.read_crops(crops)
        tall = [i for i, r in enumerate(regions) if _was_turned(r)]
        out = self.read_crops(crops + [rectify(image, regions[i], clockwise=True) for i in tall])
        for k, i in enumerate(tall):
            other = out[len(crops) + k]
            if other.confidence > out[i].confidence:
                out[i] = other
        return out[:len(crops)]

    def __repr__(self) -> str:
        return f"<Recognizer {self.model!r} {len(self.characters) - 2} symbols>"


def recognize(image: np.ndarray, regions: Sequence, *, model: str = "ppocrv4") -> list[Reading]:
    """One-off recognition (loads the model each call; keep a :class:`Recognizer` for more).

    Examples
    --------
    >>> im = np.full((40, 200, 3), 255, np.uint8)
    >>> _ = cv2.putText(im, "SALE 50", (10, 32), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)
    >>> recognize(im, [[0, 0, 200, 40]])[0].text
    'SALE 50'
    """
    return Recognizer(model=model).read(image, regions)
