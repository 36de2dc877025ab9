"""Text layer attributes: recognised strings, lines grouped into blocks, colour, size.

The recogniser is anything with ``read(image, polygons) -> list[(text, confidence)]``
(:class:`Recognizer`). :class:`PPOCRReader` is the default: the PP-OCRv4 recogniser that
ships in ``rapidocr_onnxruntime`` (the file ``text/ppocr.py`` uses to verify boxes), with
its CTC greedy decode and the character list stored in the ONNX file's metadata.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

__all__ = ["Recognizer", "PPOCRReader", "group_lines", "text_colour", "ink_height", "font_size_px"]


class Recognizer(Protocol):
    """Reads the text inside polygons of an image."""

    def read(self, image: np.ndarray, polygons: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """Per polygon, the string read and its confidence in [0, 1]."""


def _ctc_decode(probs: np.ndarray, chars: list[str]) -> tuple[str, float]:
    idx = probs.argmax(1)
    keep = idx != 0
    keep[1:] &= idx[1:] != idx[:-1]
    if not keep.any():
        return "", 0.0
    text = "".join(chars[i] if i < len(chars) else "" for i in idx[keep])
    return text, float(probs.max(1)[keep].mean())


class PPOCRReader:
    """The PP-OCRv4 recogniser (onnxruntime, CPU) reading rectified polygon crops.

    Parameters
    ----------
    model_file : path-like, optional
        An explicit ``*_rec_infer.onnx``; default the one in ``rapidocr_onnxruntime``.
    threads : int
        onnxruntime intra-op threads.

    Examples
    --------
    >>> reader = PPOCRReader()  # doctest: +SKIP
    >>> reader.read(image, detection.polygons)  # doctest: +SKIP
    [('REACH', 0.99), ('HIGHER', 0.99)]
    """

    def __init__(self, *, model_file=None, threads: int = 1):
        import onnxruntime as ort

        from ..text.ppocr import REC_MODEL, _package_file

        path = str(model_file) if model_file is not None else str(_package_file(*REC_MODEL))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(threads)
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        if "character" not in meta:
            from ..errors import BackendUnavailableError

            raise BackendUnavailableError(f"{path}: the recogniser has no 'character' list in its metadata")
        # PaddleOCR's CTCLabelDecode: blank first, the dictionary, then the space character
        self.chars = ["<blank>"] + meta["character"].splitlines() + [" "]

    def read(self, image: np.ndarray, polygons: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """Read each polygon (4 points, clockwise from top-left) of the RGB ``image``."""
        from ..text.ppocr import _rec_batch, _rectify

        if not len(polygons):
            return []
        crops = [_rectify(image, np.asarray(p, np.float32).reshape(-1, 2)[:4]) for p in polygons]
        name = self.session.get_inputs()[0].name
        out: list[tuple[str, float]] = []
        for i in range(0, len(crops), 8):
            probs = self.session.run(None, {name: _rec_batch(crops[i:i + 8])})[0]
            out.extend(_ctc_decode(p, self.chars) for p in probs)
        return [(t.strip(), c) for t, c in out]


def _line_geometry(poly: np.ndarray) -> tuple[float, float, float, float, float]:
    """``(x0, y0, x1, y1, height)``: axis-aligned box and the short side of the quad."""
    import cv2

    p = np.asarray(poly, np.float32).reshape(-1, 2)
    (_, _), (w, h), _ = cv2.minAreaRect(p)
    return float(p[:, 0].min()), float(p[:, 1].min()), float(p[:, 0].max()), float(p[:, 1].max()), float(min(w, h))


def group_lines(polygons: Sequence[np.ndarray], *, max_gap: float = 0.8, max_ratio: float = 1.6) -> list[list[int]]:
    """Group text lines into blocks (a headline's lines, a paragraph).

    Two lines join when their heights differ by at most ``max_ratio`` times, their
    columns overlap, and the vertical gap between them is at most ``max_gap`` times the
    taller one's height. Blocks come sorted top to bottom, lines within a block too.

    Parameters
    ----------
    polygons : list of (N, 2) float arrays

    Returns
    -------
    list of lists of indices into ``polygons``

    Examples
    --------
    >>> box = lambda x, y, w, h: np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)
    >>> group_lines([box(10, 10, 200, 40), box(10, 60, 150, 40), box(10, 300, 100, 12)])
    [[0, 1], [2]]
    """
    geo = [_line_geometry(p) for p in polygons]
    parent = list(range(len(geo)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(geo):
        for j in range(i + 1, len(geo)):
            b = geo[j]
            ha, hb = max(a[4], 1.0), max(b[4], 1.0)
            if max(ha, hb) / min(ha, hb) > max_ratio:
                continue
            if min(a[2], b[2]) <= max(a[0], b[0]):  # columns do not overlap
                continue
            gap = max(a[1], b[1]) - min(a[3], b[3])
            if gap > max_gap * max(ha, hb):
                continue
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(geo)):
        groups.setdefault(find(i), []).append(i)
    blocks = [sorted(g, key=lambda k: (geo[k][1], geo[k][0])) for g in groups.values()]
    return sorted(blocks, key=lambda g: (geo[g[0]][1], geo[g[0]][0]))


def text_colour(colours: np.ndarray, depth: np.ndarray) -> list[int]:
    """The fill colour of a text block from its ink pixels.

    The ink holds the fill and possibly an outline or a shadow; the fill is the part
    deepest inside the strokes. The pixels are split in two colour clusters (2-means)
    and the cluster with the larger mean ``depth`` (distance to the ink's edge) wins.

    Parameters
    ----------
    colours : (n, 3) uint8
        Ink pixel colours.
    depth : (n,) float
        Each pixel's distance to the nearest non-ink pixel.

    Returns
    -------
    [r, g, b] ints (the winning cluster's median).

    Examples
    --------
    >>> c = np.array([[255, 255, 255]] * 6 + [[0, 0, 128]] * 6, np.uint8)
    >>> d = np.array([3.0] * 6 + [1.0] * 6)
    >>> text_colour(c, d)
    [255, 255, 255]
    """
    c = np.asarray(colours, np.float32).reshape(-1, 3)
    if len(c) == 0:
        return [0, 0, 0]
    if len(c) < 8:
        return [int(v) for v in np.median(c, 0).round()]
    lo, hi = c[np.argmin(c.sum(1))], c[np.argmax(c.sum(1))]
    centres = np.stack([lo, hi])
    for _ in range(10):
        lab = ((c[:, None] - centres[None]) ** 2).sum(-1).argmin(1)
        for k in range(2):
            if (lab == k).any():
                centres[k] = c[lab == k].mean(0)
    sizes = np.bincount(lab, minlength=2)
    if min(sizes) < 0.1 * len(c):  # one colour really
        return [int(v) for v in np.median(c, 0).round()]
    deep = [np.asarray(depth)[lab == k].mean() for k in range(2)]
    k = int(np.argmax(deep))
    return [int(v) for v in np.median(c[lab == k], 0).round()]


def ink_height(poly: np.ndarray, ink_xy: np.ndarray) -> float:
    """Height of a line's ink across the line's direction (2nd to 98th percentile).

    Parameters
    ----------
    poly : (4, 2) float
        The line's quad, clockwise from top-left.
    ink_xy : (n, 2) float
        Ink pixel coordinates inside it.
    """
    p = np.asarray(poly, np.float32).reshape(-1, 2)[:4]
    if len(ink_xy) < 4:
        return 0.0
    along = p[1] - p[0]
    n = np.linalg.norm(along)
    if n < 1e-6:
        return 0.0
    normal = np.array([-along[1], along[0]]) / n
    t = np.asarray(ink_xy, np.float32) @ normal
    lo, hi = np.percentile(t, [2, 98])
    return float(hi - lo + 1.0)


# Typographic proportions of Latin fonts, as fractions of the em (the font size):
# cap height / ascender ~0.72, x-height ~0.52, descender ~0.21.
_CAP, _XH, _DESC = 0.72, 0.52, 0.21
_TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhklti!?%&$#@/\\|()[]{}'\"")
_DEEP = set("gjpqyQ,;()[]{}|$@")


def font_size_px(ink_px: float, text: str) -> float | None:
    """The font size (em, px) a line's ink height suggests, given what it reads.

    The ink spans from the top of the tallest glyph (cap height when the line has a
    capital, digit or ascender; x-height otherwise) to the bottom of the lowest (the
    descender when it has g, j, p, q, y, ...). Typical Latin proportions turn that into
    the em size. Unread lines give None.

    Examples
    --------
    >>> round(font_size_px(72.0, "REACH"), 1)   # caps only: 72 / 0.72
    100.0
    """
    s = text.strip()
    if not s or ink_px <= 0:
        return None
    top = _CAP if any(ch in _TALL for ch in s) else _XH
    bottom = _DESC if any(ch in _DEEP for ch in s) else 0.0
    return float(ink_px / (top + bottom))
