"""Residual text: how many words are still legible after removal.

Scored the way scene-text-removal work scores erasure with a recogniser: for every
labelled word (``###`` and empty labels skipped) the PP-OCR recogniser
(:class:`creative_tools.text.recognize.Recognizer`) reads the word's region in the
input and in the recovered background.

* **Normalisation** (:func:`normalise`): Unicode NFKC, case folded, and only letters and
  digits kept (``str.isalnum``, which includes CJK ideographs). Spaces, punctuation and
  symbols are ignored, so "SALE!" and "sale" are the same word.
* **Legible** (:func:`legible`): the normalised reading is not empty and its normalised
  edit distance to the normalised label, ``levenshtein(read, label) / max(len(read),
  len(label))``, is at most ``max_ned`` (default 0.2: at most one wrong character in
  five; a word of four or fewer characters must be read exactly).
* **Residual rate** = words legible after removal / words legible in the input.
  Words the recogniser cannot read in the input are not counted (they say nothing
  about removal); how many were counted is reported with the rate.

The region read is the word's quadrilateral grown by ``pad`` x its height on every
side (default 0.15), because ground-truth boxes are tight and a recogniser reads
better with a margin.

**Characters left** (:attr:`Residual.chars_left`): a word counts whole or not at all, and
a CJK "word" is often a whole line: a line of fifteen characters whose last four are still
read after removal is not legible by the rule above. So each word legible in the input
also counts its characters still read after removal: the longest common subsequence of
the normalised reading after removal and the normalised label (an upper bound: a reader
may match a character by chance); :attr:`Residual.char_rate` = those / the characters of
the words legible in the input.

Without labels (:func:`self_check`), the words are the confident readings of the
detector's own boxes on the input (pseudo-labels) and the same rule is applied: a
label-free view, biased towards what the detector finds, never a substitute for labels.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

__all__ = ["normalise", "edit_distance", "common_chars", "ned", "legible", "WordReading", "Residual",
           "residual_words", "self_check", "grow_quad", "default_readers"]


def normalise(text: str) -> str:
    """The form words are compared in: NFKC, case folded, letters and digits only.

    Examples
    --------
    >>> normalise("  Sale! 50 % ")
    'sale50'
    >>> normalise("ＳＡＬＥ 限时")
    'sale限时'
    """
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(ch for ch in t if ch.isalnum())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions of one character).

    Examples
    --------
    >>> edit_distance("kitten", "sitting")
    3
    """
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def common_chars(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b`` (characters in order).

    Examples
    --------
    >>> common_chars("有限公司", "温岭市有限公司"), common_chars("sxle", "sale"), common_chars("", "ab")
    (4, 3, 0)
    """
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def ned(read: str, label: str) -> float:
    """Normalised edit distance of the normalised strings, in [0, 1] (1 if both empty).

    Examples
    --------
    >>> ned("SALE", "sale!"), ned("SALF", "sale"), ned("", "sale")
    (0.0, 0.25, 1.0)
    """
    a, b = normalise(read), normalise(label)
    n = max(len(a), len(b))
    return 1.0 if n == 0 else edit_distance(a, b) / n


def legible(read: str, label: str, *, max_ned: float = 0.2) -> bool:
    """True when ``read`` is a non-empty reading of ``label`` within ``max_ned``.

    Examples
    --------
    >>> legible("SUMMER SALE", "summer sale"), legible("SUMMFR SALE", "summer sale")
    (True, True)
    >>> legible("SA", "sale"), legible("", "")
    (False, False)
    """
    return bool(normalise(read)) and ned(read, label) <= max_ned


def grow_quad(quad: np.ndarray, pad: float) -> np.ndarray:
    """A quadrilateral grown by ``pad`` x its height on every side (about its centre).

    Examples
    --------
    >>> grow_quad(np.float32([[0, 0], [40, 0], [40, 10], [0, 10]]), 0.5).tolist()
    [[-5.0, -5.0], [45.0, -5.0], [45.0, 15.0], [-5.0, 15.0]]
    """
    q = np.asarray(quad, np.float32).reshape(-1, 2)
    if len(q) != 4 or pad == 0:
        return q
    u = (q[1] - q[0] + q[2] - q[3]) / 2  # along the line
    v = (q[3] - q[0] + q[2] - q[1]) / 2  # across it
    lu, lv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if lu == 0 or lv == 0:
        return q
    h = min(lu, lv)
    du, dv = u / lu * pad * h, v / lv * pad * h
    return np.stack([q[0] - du - dv, q[1] + du - dv, q[2] + du + dv, q[3] - du + dv]).astype(np.float32)


@dataclass(frozen=True)
class WordReading:
    """One labelled word read before and after removal."""

    label: str
    before: str
    after: str
    legible_before: bool
    legible_after: bool


@dataclass
class Residual:
    """Counts of the residual-text metric (add them up over images with ``+``).

    Attributes
    ----------
    words : int
        Labelled words scored (``###`` and empty labels left out).
    legible : int
        Of those, legible in the input.
    residual : int
        Of the legible ones, still legible in the recovered background.
    readings : list of WordReading
    """

    words: int = 0
    legible: int = 0
    residual: int = 0
    readings: list = field(default_factory=list)

    def __add__(self, other: "Residual") -> "Residual":
        return Residual(self.words + other.words, self.legible + other.legible,
                        self.residual + other.residual, self.readings + other.readings)

    @property
    def rate(self) -> float:
        """residual / legible (NaN when no word is legible in the input)."""
        return self.residual / self.legible if self.legible else float("nan")

    @property
    def chars(self) -> int:
        """Characters (normalised) of the words legible in the input."""
        return sum(len(normalise(w.label)) for w in self.readings if w.legible_before)

    @property
    def chars_left(self) -> int:
        """Of :attr:`chars`, those still read after removal (see the module docstring)."""
        return sum(common_chars(normalise(w.after), normalise(w.label)) for w in self.readings if w.legible_before)

    @property
    def char_rate(self) -> float:
        """chars_left / chars (NaN when no word is legible in the input)."""
        n = self.chars
        return self.chars_left / n if n else float("nan")


def _regions(image, quads, pad):
    h, w = image.shape[:2]
    out = []
    for q in quads:
        g = grow_quad(q, pad)
        g[:, 0] = np.clip(g[:, 0], 0, w - 1)
        g[:, 1] = np.clip(g[:, 1], 0, h - 1)
        out.append(g)
    return out


def default_readers() -> list:
    """The recognisers the bench reads with: PP-OCRv4, plus PP-OCRv6 small if installed.

    A word counts as legible when any of them reads it, so a second reader makes the
    metric stricter, never more lenient.
    """
    from ..errors import BackendUnavailableError
    from ..text.recognize import Recognizer

    readers = [Recognizer(model="ppocrv4", fused=False)]  # the judge stays the original file
    try:
        readers.append(Recognizer(model="ppocrv6_small"))
    except BackendUnavailableError:
        pass
    return readers


def _read_any(readers, image, regions, labels, max_ned):
    """Per region: (legible by any reader, the first legible reading, else the reading
    with the most characters of the label in order: reader 0's on a tie)."""
    outs = [r.read(image, regions) for r in readers]
    res = []
    for j, t in enumerate(labels):
        texts = [o[j].text for o in outs]
        ok = [legible(x, t, max_ned=max_ned) for x in texts]
        # illegible to all: the reading that keeps most of the label (``chars_left``)
        res.append((any(ok), texts[ok.index(True)] if any(ok)
                    else max(texts, key=lambda x: common_chars(normalise(x), normalise(t)))))
    return res


def residual_words(recognizer, image: np.ndarray, background: np.ndarray,
                   words: Sequence[np.ndarray], labels: Sequence[str], *,
                   max_ned: float = 0.2, pad: float = 0.15) -> Residual:
    """Score one image: which labelled words are legible before and after removal.

    Parameters
    ----------
    recognizer : Recognizer or sequence of Recognizer
        With several, a word is legible when any of them reads it (stricter).
    image, background : (H, W, 3) uint8 RGB
        The input and the recovered background.
    words : sequence of (4, 2) float
        Word quadrilaterals (clockwise, pixels).
    labels : sequence of str
        One per word; ``###`` and empty ones are skipped.
    max_ned, pad : float
        See the module docstring (defaults 0.2 and 0.15).

    Returns
    -------
    Residual

    Raises
    ------
    ValueError
        When ``words`` and ``labels`` differ in length or the images differ in shape.
    """
    if len(words) != len(labels):
        raise ValueError(f"words and labels must have the same length, got {len(words)} and {len(labels)}")
    if np.shape(image) != np.shape(background):
        raise ValueError(f"background must have shape {np.shape(image)} like image, got {np.shape(background)}")
    keep = [i for i, t in enumerate(labels) if t != "###" and normalise(t)]
    if not keep:
        return Residual()
    readers = list(recognizer) if isinstance(recognizer, (list, tuple)) else [recognizer]
    regions = _regions(image, [words[i] for i in keep], pad)
    lab = [labels[i] for i in keep]
    before = _read_any(readers, image, regions, lab, max_ned)
    # only words legible in the input are read again
    idx = [j for j, (ok, _) in enumerate(before) if ok]
    after = dict(zip(idx, _read_any(readers, background, [regions[j] for j in idx],
                                    [lab[j] for j in idx], max_ned))) if idx else {}
    readings = []
    for j, ((ok, text), t) in enumerate(zip(before, lab)):
        ok_after, a = after.get(j, (False, ""))
        readings.append(WordReading(t, text, a, ok, ok_after))
    return Residual(len(keep), sum(w.legible_before for w in readings),
                    sum(w.legible_after for w in readings), readings)


def self_check(recognizer, image: np.ndarray, background: np.ndarray,
               polygons: Sequence[np.ndarray], *, min_conf: float = 0.8, min_chars: int = 2,
               max_ned: float = 0.2, pad: float = 0.15) -> Residual:
    """Label-free residual: the detector's own confident readings as pseudo-labels.

    Each polygon is read in the input; readings with confidence ``>= min_conf`` and at
    least ``min_chars`` letters or digits become labels, and :func:`residual_words`
    scores them. Pass polygons from a detector independent of the one that made the
    mask where possible (e.g. another model, or the union of two).

    Returns
    -------
    Residual
    """
    from ..text.recognize import to_quad

    quads = [to_quad(p) for p in polygons if len(np.asarray(p).reshape(-1, 2)) >= 3]
    if not quads:
        return Residual()
    first = recognizer[0] if isinstance(recognizer, (list, tuple)) else recognizer
    reads = first.read(image, _regions(image, quads, pad))
    labels = [r.text if r.confidence >= min_conf and len(normalise(r.text)) >= min_chars else "###"
              for r in reads]
    return residual_words(recognizer, image, background, quads, labels, max_ned=max_ned, pad=pad)
