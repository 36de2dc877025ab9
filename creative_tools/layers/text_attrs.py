"""Text layer attributes: recognised strings, lines grouped into blocks, colour, size.

The reader is anything with ``read(image, polygons)`` (:class:`TextReader`); the default
is the PP-OCR recogniser of :mod:`creative_tools.text.recognize` (PP-OCRv4, shipped in
``rapidocr_onnxruntime``).
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

__all__ = ["TextReader", "make_reader", "read_lines", "same_row", "join_lines", "group_lines", "text_colour", "ink_height", "font_size_px"]


class TextReader(Protocol):
    """Reads the text inside polygons of an image (e.g. :class:`creative_tools.text.recognize.Recognizer`)."""

    def read(self, image: np.ndarray, polygons: Sequence[np.ndarray]) -> list:
        """Per polygon, a reading with ``.text`` and ``.confidence`` (or a ``(text, confidence)`` pair)."""


def make_reader(reader: "TextReader | str | None") -> "TextReader | None":
    """A reader from a name (a :data:`creative_tools.text.recognize.REC_MODELS` key) or as given."""
    if reader is None or not isinstance(reader, str):
        return reader
    from ..text.recognize import REC_MODELS, Recognizer

    name = "ppocrv4" if reader == "ppocr" else reader
    if name not in REC_MODELS:
        raise ValueError(f"unknown text recogniser {reader!r}; valid: {['ppocr', *REC_MODELS]}")
    return Recognizer(model=name)


def read_lines(reader: "TextReader", image: np.ndarray, polygons: Sequence[np.ndarray]) -> list[tuple[str, float]]:
    """``(text, confidence)`` per polygon, whatever the reader returns."""
    out = []
    for r in reader.read(image, [np.asarray(p, np.float32) for p in polygons]) if len(polygons) else []:
        if hasattr(r, "text"):
            out.append((str(r.text).strip(), float(r.confidence)))
        else:
            out.append((str(r[0]).strip(), float(r[1])))
    return out


def _line_geometry(poly: np.ndarray) -> tuple[float, float, float, float, float]:
    """``(x0, y0, x1, y1, height)``: axis-aligned box and the short side of the quad."""
    import cv2

    p = np.asarray(poly, np.float32).reshape(-1, 2)
    (_, _), (w, h), _ = cv2.minAreaRect(p)
    return float(p[:, 0].min()), float(p[:, 1].min()), float(p[:, 0].max()), float(p[:, 1].max()), float(min(w, h))


def same_row(a, b) -> bool:
    """Two line boxes ``(x0, y0, x1, y1, ...)`` overlap vertically by over half the lower one."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def join_lines(polygons: Sequence[np.ndarray], texts: Sequence[str]) -> str:
    """The text of a block: pieces on one row joined by spaces (left to right), rows by newlines.

    Examples
    --------
    >>> box = lambda x, y, w, h: np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)
    >>> print(join_lines([box(0, 0, 50, 20), box(60, 2, 40, 20), box(0, 30, 80, 20)], ["Pioneers", "Week", "2026"]))
    Pioneers Week
    2026
    """
    geo = [_line_geometry(p) for p in polygons]
    rows: list[list[int]] = []
    for i in sorted(range(len(geo)), key=lambda k: (geo[k][1], geo[k][0])):
        for r in rows:
            if same_row(geo[r[0]], geo[i]):
                r.append(i)
                break
        else:
            rows.append([i])
    return "\n".join(" ".join(texts[i] for i in sorted(r, key=lambda k: geo[k][0]) if texts[i]) for r in rows).strip()


def group_lines(polygons: Sequence[np.ndarray], *, max_gap: float = 0.8, max_ratio: float = 1.6) -> list[list[int]]:
    """Group text lines into blocks (a headline's lines, a paragraph).

    Two lines join when their heights differ by at most ``max_ratio`` times and either
    they sit on one row (:func:`same_row`) with a horizontal gap of at most ``max_gap``
    times the taller one's height, or their columns overlap and the vertical gap between
    them is at most ``max_gap`` times that height. Blocks come sorted top to bottom, lines within a block too.

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
    >>> group_lines([box(10, 10, 100, 40), box(130, 12, 80, 40), box(400, 10, 50, 40)])
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
            if same_row(a, b):  # words of one line, side by side
                if max(a[0], b[0]) - min(a[2], b[2]) <= max_gap * max(ha, hb):
                    parent[find(i)] = find(j)
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
    """Height of a line's ink across the line's direction (0.5th to 99.5th percentile).

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
    lo, hi = np.percentile(t, [0.5, 99.5])
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
