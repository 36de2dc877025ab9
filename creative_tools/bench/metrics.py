"""Quality metrics, each with one written definition.

All metrics take arrays under the package contract (images ``(H, W, 3) uint8`` RGB, masks
``(H, W) bool``) and return plain floats. A ratio whose denominator is empty is ``nan``
(undefined), never a guessed 0 or 1, so averages can skip it with ``np.nanmean``.

Masks
    * :func:`mask_iou` -- ``|P & T| / |P | T|`` over the pixels not ignored.
    * :func:`false_alarm` -- ``|P & ~T|`` over the pixels not ignored (count and fraction).
    * :func:`glyph_recall` -- ``|M & T| / |T|``; :func:`glyph_precision` -- ``|M & T| / |M|``
      (text mask ``M`` against the true glyph pixels ``T``). With ``ignore`` (VOC's "void"
      convention), ignored pixels count in neither: ``|M & T & ~I| / |T & ~I|`` and
      ``|M & T & ~I| / |M & ~I|``.
    * :func:`invisible_glyphs` -- the ignore set of the *visible-glyph* variant: true glyph
      pixels whose colour the text changed by less than a just-noticeable difference
      (CIE76 ``dE*ab < 2.3`` between creative and clean background): a shadow over black, an
      outline the colour of the plate, the far end of an anti-aliased rim.

Words (ICDAR 2015 protocol)
    * :func:`match_words` -- one-to-one matching of detected polygons to ground-truth words
      at polygon IoU >= 0.5. A ``###`` word is "don't care": a detection whose IoU with
      one is >= 0.5, or that lies mostly inside one (``|D & G| / |D| > 0.5``), is dropped
      before matching (neither hit nor false alarm), and ``###`` words are never counted
      as misses. :func:`prf` turns the counts into precision, recall and F-measure.
    * :func:`word_coverage` -- ``|M & G| / |G|``, ``G`` = union of the filled non-``###``
      quads: how much of each word the mask removes.
    * :func:`mask_inside_words` -- ``|M & D| / |M|``, ``D`` = union of all quads (``###``
      included), each dilated by ``r = max(3, round(0.3 * s))`` px where ``s`` is the short
      side of the quad's minimum-area rectangle: how much of the mask stays near words.

Background recovery
    * :func:`psnr` -- ``10 log10(255^2 / MSE)``, MSE (:func:`mse`) over the selected pixels
      and the three channels (``inf`` when identical).
    * :func:`ssim` -- the mean SSIM (Wang et al. 2004; 7x7 uniform window, K1 = 0.01,
      K2 = 0.03, data range 255, computed per channel by :func:`skimage.metrics.
      structural_similarity`) of the SSIM map averaged over the selected pixels.
    * :func:`changed_outside` -- the fraction of pixels outside the fill mask whose value
      changed in any channel (0 for a correct inpainter).

Examples
--------
>>> a = np.zeros((4, 4), bool); a[:2] = True
>>> b = np.zeros((4, 4), bool); b[:, :2] = True
>>> mask_iou(a, b)  # 4 common pixels out of 12
0.3333333333333333
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from ..contract import check_image, check_mask
from ..errors import ContractError

__all__ = [
    "mask_iou", "false_alarm", "glyph_recall", "glyph_precision", "invisible_glyphs", "JND_LAB",
    "polygon_area", "polygon_iou", "polygon_intersection", "quad_short_side", "word_radius",
    "words_mask", "word_coverage", "mask_inside_words", "WordMatch", "match_words", "prf",
    "mse", "psnr", "psnr_from_mse", "ssim", "changed_outside", "DONT_CARE",
]

#: Transcription that marks an ICDAR "don't care" word.
DONT_CARE = "###"


def _ratio(num: int, den: int) -> float:
    return float(num) / float(den) if den else float("nan")


def _pair(pred, truth, pred_name, truth_name):
    check_mask(pred, pred_name)
    check_mask(truth, truth_name, like=pred, like_name=pred_name)


def _ignore(ignore, like, like_name):
    if ignore is None:
        return np.ones(like.shape, bool)
    check_mask(ignore, "ignore", like=like, like_name=like_name)
    return ~ignore


# -- masks -----------------------------------------------------------------------------------
def mask_iou(pred: np.ndarray, truth: np.ndarray, *, ignore: np.ndarray | None = None) -> float:
    """Intersection over union of two masks, skipping ignored pixels.

    Parameters
    ----------
    pred, truth : (H, W) bool
    ignore : (H, W) bool, optional
        Pixels left out of both counts (VOC's "void" band).

    Returns
    -------
    float
        ``|pred & truth| / |pred | truth|`` over the kept pixels; ``nan`` when both masks
        are empty there.

    Raises
    ------
    ContractError
        If a mask is not ``(H, W) bool`` or the shapes differ.

    Examples
    --------
    >>> p = np.array([[1, 1, 0]], bool); t = np.array([[0, 1, 1]], bool)
    >>> mask_iou(p, t), mask_iou(p, t, ignore=np.array([[1, 0, 0]], bool))
    (0.3333333333333333, 0.5)
    """
    _pair(pred, truth, "pred", "truth")
    keep = _ignore(ignore, pred, "pred")
    inter = np.count_nonzero(pred & truth & keep)
    union = np.count_nonzero((pred | truth) & keep)
    return _ratio(inter, union)


def false_alarm(pred: np.ndarray, truth: np.ndarray, *, ignore: np.ndarray | None = None) -> tuple[int, float]:
    """Predicted pixels where the truth says "no": count and fraction of the negatives.

    Parameters
    ----------
    pred, truth : (H, W) bool
    ignore : (H, W) bool, optional

    Returns
    -------
    (int, float)
        ``|pred & ~truth|`` over kept pixels, and that divided by ``|~truth|`` over kept
        pixels (``nan`` if there are no negatives).

    Examples
    --------
    >>> false_alarm(np.array([[1, 1, 0, 0]], bool), np.array([[1, 0, 0, 0]], bool))
    (1, 0.3333333333333333)
    """
    _pair(pred, truth, "pred", "truth")
    keep = _ignore(ignore, pred, "pred")
    neg = ~truth & keep
    n = int(np.count_nonzero(pred & neg))
    return n, _ratio(n, np.count_nonzero(neg))


def glyph_recall(mask: np.ndarray, truth: np.ndarray, *, ignore: np.ndarray | None = None) -> float:
    """Share of the true glyph pixels that the text mask covers: ``|M & T| / |T|``.

    Pixels in ``ignore`` ``(H, W) bool`` (e.g. :func:`invisible_glyphs`) count in neither
    term. ``nan`` when no true glyph pixel is left.

    >>> glyph_recall(np.array([[1, 0, 0, 0]], bool), np.array([[1, 1, 0, 0]], bool))
    0.5
    >>> glyph_recall(np.array([[1, 0, 0, 0]], bool), np.array([[1, 1, 0, 0]], bool),
    ...              ignore=np.array([[0, 1, 0, 0]], bool))
    1.0
    """
    _pair(mask, truth, "mask", "truth")
    keep = _ignore(ignore, mask, "mask")
    t = truth & keep
    return _ratio(np.count_nonzero(mask & t), np.count_nonzero(t))


def glyph_precision(mask: np.ndarray, truth: np.ndarray, *, ignore: np.ndarray | None = None) -> float:
    """Share of the text mask that lies on true glyph pixels: ``|M & T| / |M|``.

    Pixels in ``ignore`` ``(H, W) bool`` count in neither term. ``nan`` when no mask
    pixel is left.

    >>> glyph_precision(np.array([[1, 1, 1, 1]], bool), np.array([[1, 0, 0, 0]], bool))
    0.25
    """
    _pair(mask, truth, "mask", "truth")
    m = mask & _ignore(ignore, mask, "mask")
    return _ratio(np.count_nonzero(m & truth), np.count_nonzero(m))


#: CIE76 colour difference commonly taken as just noticeable (Sharma, *Digital Color
#: Imaging Handbook*, 2003).
JND_LAB = 2.3


def invisible_glyphs(image: np.ndarray, background: np.ndarray, truth: np.ndarray, *,
                     jnd: float = JND_LAB) -> np.ndarray:
    """True glyph pixels that the text did not visibly change: the ignore set of the
    visible-glyph scores.

    The generators' truth is "text-layer alpha > 0.1", fill, outline and shadow alike, so
    it holds pixels no one can see: a dark shadow over a near-black sky changes a pixel
    by one or two grey levels, an outline the colour of the plate not at all. Such a
    pixel can neither be found from the image nor leave a ghost, so (as VOC's void band)
    the visible-glyph variant scores neither a hit nor a miss nor a false pixel there.

    Parameters
    ----------
    image, background : (H, W, 3) uint8
        The creative and its clean background (RGB).
    truth : (H, W) bool
        The true glyph pixels.
    jnd : float
        CIE76 ``dE*ab`` (8-bit sRGB -> CIELAB, D65) below which a change is invisible
        (default :data:`JND_LAB` = 2.3).

    Returns
    -------
    (H, W) bool
        ``truth`` pixels with ``dE*ab(image, background) < jnd``.

    Examples
    --------
    >>> bg = np.full((1, 3, 3), 12, np.uint8); im = bg.copy(); im[0, 1] = 11; im[0, 2] = 200
    >>> invisible_glyphs(im, bg, np.array([[0, 1, 1]], bool)).tolist()
    [[False, True, False]]
    """
    check_image(image, "image")
    check_image(background, "background")
    if background.shape != image.shape:
        raise ContractError(f"background must have shape {image.shape} like image, got {background.shape}")
    check_mask(truth, "truth", like=image, like_name="image")
    lab = [cv2.cvtColor(x.astype(np.float32) * np.float32(1 / 255.0), cv2.COLOR_RGB2Lab)
           for x in (image, background)]
    de = np.sqrt(((lab[0] - lab[1]) ** 2).sum(axis=2))
    return truth & (de < jnd)


# -- polygons --------------------------------------------------------------------------------
_CLIP_SCALE = 1024.0  # pyclipper works on integers: 1/1024 px resolution


def _poly(p, name="polygon") -> np.ndarray:
    a = np.asarray(p, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 2 or a.shape[0] < 3:
        raise ContractError(f"{name} must be an (N, 2) array of (x, y) points with N >= 3, got shape {a.shape}")
    return a


def polygon_area(p: np.ndarray) -> float:
    """Area of a simple polygon ``(N, 2)`` (shoelace formula, absolute value).

    >>> polygon_area(np.array([[0, 0], [4, 0], [4, 3], [0, 3]]))
    12.0
    """
    a = _poly(p)
    x, y = a[:, 0], a[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def polygon_intersection(a: np.ndarray, b: np.ndarray) -> float:
    """Exact area of the intersection of two polygons (via pyclipper).

    >>> sq = lambda x, y, s: np.array([[x, y], [x + s, y], [x + s, y + s], [x, y + s]])
    >>> polygon_intersection(sq(0, 0, 10), sq(5, 0, 10))
    50.0
    """
    import pyclipper

    pa = np.round(_poly(a, "a") * _CLIP_SCALE).astype(np.int64).tolist()
    pb = np.round(_poly(b, "b") * _CLIP_SCALE).astype(np.int64).tolist()
    pc = pyclipper.Pyclipper()
    try:
        pc.AddPath(pa, pyclipper.PT_SUBJECT, True)
        pc.AddPath(pb, pyclipper.PT_CLIP, True)
    except pyclipper.ClipperException:  # degenerate (zero-area) polygon
        return 0.0
    out = pc.Execute(pyclipper.CT_INTERSECTION, pyclipper.PFT_NONZERO, pyclipper.PFT_NONZERO)
    return float(sum(pyclipper.Area(p) for p in out)) / _CLIP_SCALE ** 2


def polygon_iou(a: np.ndarray, b: np.ndarray) -> float:
    """Exact IoU of two polygons ``(N, 2)``; 0 when both have zero area.

    >>> sq = lambda x, y, s: np.array([[x, y], [x + s, y], [x + s, y + s], [x, y + s]])
    >>> polygon_iou(sq(0, 0, 10), sq(5, 0, 10))  # 50 / 150
    0.3333333333333333
    """
    inter = polygon_intersection(a, b)
    union = polygon_area(a) + polygon_area(b) - inter
    return inter / union if union > 0 else 0.0


def quad_short_side(quad: np.ndarray) -> float:
    """Short side of the minimum-area rectangle around a polygon (its text height).

    >>> quad_short_side(np.array([[0, 0], [40, 0], [40, 10], [0, 10]]))
    10.0
    """
    q = _poly(quad, "quad").astype(np.float32).reshape(-1, 1, 2)
    return float(min(cv2.minAreaRect(q)[1]))


def word_radius(quad: np.ndarray) -> int:
    """Dilation radius of a word for :func:`mask_inside_words`: ``max(3, round(0.3 * s))``.

    >>> word_radius(np.array([[0, 0], [40, 0], [40, 30], [0, 30]])), word_radius(np.array([[0, 0], [9, 0], [9, 5], [0, 5]]))
    (9, 3)
    """
    return max(3, int(round(0.3 * quad_short_side(quad))))


def _fill(shape, quad) -> np.ndarray:
    m = np.zeros(shape, np.uint8)
    cv2.fillPoly(m, [np.round(np.asarray(quad, np.float64)).astype(np.int32).reshape(-1, 1, 2)], 1)
    return m.astype(bool)


def words_mask(quads: Sequence[np.ndarray], shape: tuple[int, int], *, dilate: bool = False) -> np.ndarray:
    """Union of filled word polygons, optionally each dilated by :func:`word_radius`.

    Parameters
    ----------
    quads : sequence of (N, 2) arrays
        Polygons in pixel coordinates (vertices rounded to the nearest pixel).
    shape : (H, W)
    dilate : bool
        Grow each polygon by its own radius with a disc (:func:`creative_tools.masks.dilate`).

    Returns
    -------
    (H, W) bool
    """
    from ..masks import dilate as _dilate

    out = np.zeros(tuple(shape[:2]), bool)
    for i, q in enumerate(quads):
        one = _fill(out.shape, _poly(q, f"quads[{i}]"))
        out |= _dilate(one, word_radius(q)) if dilate else one
    return out


def _split_words(words, dont_care):
    quads = [np.asarray(q, np.float64) for q in words]
    if dont_care is None:
        dc = [False] * len(quads)
    else:
        dc = [bool(d) for d in dont_care]
        if len(dc) != len(quads):
            raise ContractError(f"dont_care must have one flag per word ({len(quads)}), got {len(dc)}")
    return quads, dc


def word_coverage(mask: np.ndarray, words: Sequence[np.ndarray], *,
                  dont_care: Sequence[bool] | None = None) -> float:
    """Share of the word areas that the mask removes: ``|M & G| / |G|``.

    Parameters
    ----------
    mask : (H, W) bool
    words : sequence of (N, 2) arrays
        Ground-truth word polygons.
    dont_care : sequence of bool, optional
        True for ``###`` words, which are left out of ``G``.

    Returns
    -------
    float
        ``nan`` when there is no cared-for word.

    Examples
    --------
    >>> m = np.zeros((10, 20), bool); m[:, :5] = True
    >>> word_coverage(m, [np.array([[0, 0], [9, 0], [9, 9], [0, 9]])])  # 5 of 10 columns
    0.5
    """
    check_mask(mask)
    quads, dc = _split_words(words, dont_care)
    G = words_mask([q for q, d in zip(quads, dc) if not d], mask.shape)
    return _ratio(np.count_nonzero(mask & G), np.count_nonzero(G))


def mask_inside_words(mask: np.ndarray, words: Sequence[np.ndarray]) -> float:
    """Share of the mask within the dilated word areas: ``|M & D| / |M|``.

    ``D`` is the union of all word polygons (``###`` included), each dilated by
    :func:`word_radius`. ``nan`` when the mask is empty.

    Parameters
    ----------
    mask : (H, W) bool
    words : sequence of (N, 2) arrays
    """
    check_mask(mask)
    quads, _ = _split_words(words, None)
    D = words_mask(quads, mask.shape, dilate=True)
    return _ratio(np.count_nonzero(mask & D), np.count_nonzero(mask))


@dataclass(frozen=True)
class WordMatch:
    """Counts of one ICDAR matching.

    Attributes
    ----------
    hits : int
        Detections matched one-to-one to a cared-for word.
    detections : int
        Detections counted (after dropping the don't-care ones).
    words : int
        Cared-for ground-truth words.
    ignored : int
        Detections dropped because they match a ``###`` word.
    pairs : tuple of (int, int)
        (detection index, word index) of each hit, in the caller's numbering.
    """

    hits: int
    detections: int
    words: int
    ignored: int = 0
    pairs: tuple = ()

    def __add__(self, other: "WordMatch") -> "WordMatch":
        return WordMatch(self.hits + other.hits, self.detections + other.detections,
                         self.words + other.words, self.ignored + other.ignored, ())

    @property
    def precision(self) -> float:
        return prf(self)[0]

    @property
    def recall(self) -> float:
        return prf(self)[1]

    @property
    def f_measure(self) -> float:
        return prf(self)[2]


def match_words(detections: Sequence[np.ndarray], words: Sequence[np.ndarray], *,
                dont_care: Sequence[bool] | None = None, iou: float = 0.5,
                inside: float = 0.5) -> WordMatch:
    """ICDAR 2015 one-to-one matching of detected polygons to ground-truth words.

    1. A detection is dropped (neither hit nor false alarm) if, for some ``###`` word,
       its polygon IoU is >= ``iou`` or more than ``inside`` of its area lies in the word.
    2. The remaining detections and the cared-for words are paired greedily by
       decreasing IoU, each at most once, pairs with IoU >= ``iou`` only.

    Parameters
    ----------
    detections : sequence of (N, 2) arrays
    words : sequence of (N, 2) arrays
    dont_care : sequence of bool, optional
        One flag per word, True for ``###``.
    iou : float
        Matching threshold (0.5 in the protocol).
    inside : float
        Share of a detection inside a ``###`` word above which it is dropped.

    Returns
    -------
    WordMatch

    Examples
    --------
    >>> sq = lambda x, y, s: np.array([[x, y], [x + s, y], [x + s, y + s], [x, y + s]])
    >>> m = match_words([sq(0, 0, 10), sq(1, 0, 10), sq(50, 50, 5)], [sq(0, 0, 10), sq(50, 50, 6)],
    ...                 dont_care=[False, True])
    >>> m.hits, m.detections, m.words, m.ignored
    (1, 2, 1, 1)
    """
    dets = [_poly(d, f"detections[{i}]") for i, d in enumerate(detections)]
    quads, dc = _split_words(words, dont_care)
    quads = [_poly(q, f"words[{i}]") for i, q in enumerate(quads)]
    care = [i for i, d in enumerate(dc) if not d]
    dont = [i for i, d in enumerate(dc) if d]
    kept = []
    for di, d in enumerate(dets):
        area = polygon_area(d)
        drop = False
        for gi in dont:
            inter = polygon_intersection(d, quads[gi])
            union = area + polygon_area(quads[gi]) - inter
            if (union > 0 and inter / union >= iou) or (area > 0 and inter / area > inside):
                drop = True
                break
        if not drop:
            kept.append(di)
    pairs = []
    if kept and care:
        ious = np.array([[polygon_iou(dets[d], quads[g]) for g in care] for d in kept])
        order = np.argsort(-ious, axis=None, kind="stable")
        used_d, used_g = set(), set()
        for flat in order:
            a, b = divmod(int(flat), len(care))
            if ious[a, b] < iou:
                break
            if a in used_d or b in used_g:
                continue
            used_d.add(a)
            used_g.add(b)
            pairs.append((kept[a], care[b]))
    return WordMatch(len(pairs), len(kept), len(care), len(dets) - len(kept), tuple(sorted(pairs)))


def prf(match: WordMatch) -> tuple[float, float, float]:
    """Precision ``hits / detections``, recall ``hits / words`` and their harmonic mean.

    Precision is ``nan`` without detections, recall ``nan`` without words; F is 0 when
    both are 0 and ``nan`` when either is undefined.

    >>> prf(WordMatch(hits=1, detections=2, words=4))
    (0.5, 0.25, 0.3333333333333333)
    """
    p = _ratio(match.hits, match.detections)
    r = _ratio(match.hits, match.words)
    if np.isnan(p) or np.isnan(r):
        f = float("nan")
    else:
        f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# -- background recovery ---------------------------------------------------------------------
def _images(a, b, region):
    check_image(a, "a")
    check_image(b, "b")
    if a.shape != b.shape:
        raise ContractError(f"b must have shape {a.shape} like a, got {b.shape}")
    if region is not None:
        check_mask(region, "region", like=a, like_name="a")
    return a, b


def mse(a: np.ndarray, b: np.ndarray, *, region: np.ndarray | None = None) -> float:
    """Mean squared error over ``region`` (default: the whole image) and the 3 channels.

    Parameters
    ----------
    a, b : (H, W, 3) uint8 RGB
    region : (H, W) bool, optional

    Returns
    -------
    float
        ``nan`` for an empty region.

    Examples
    --------
    >>> a = np.zeros((2, 2, 3), np.uint8); b = a.copy(); b[0, 0] = 10
    >>> mse(a, b), mse(a, b, region=np.eye(2, dtype=bool))
    (25.0, 50.0)
    """
    _images(a, b, region)
    d = a.astype(np.float64) - b.astype(np.float64)
    if region is not None:
        d = d[region]
    return float(np.mean(d * d)) if d.size else float("nan")


def psnr_from_mse(value: float) -> float:
    """``10 * log10(255**2 / value)`` dB; ``inf`` for 0, ``nan`` for ``nan``.

    >>> psnr_from_mse(255.0 ** 2 / 100)
    20.0
    """
    if np.isnan(value):
        return float("nan")
    return float("inf") if value == 0 else float(10.0 * np.log10(255.0 ** 2 / value))


def psnr(a: np.ndarray, b: np.ndarray, *, region: np.ndarray | None = None) -> float:
    """Peak signal-to-noise ratio in dB, over ``region`` (default: the whole image).

    Parameters
    ----------
    a, b : (H, W, 3) uint8 RGB
    region : (H, W) bool, optional
        Pixels to compare (all three channels of each).

    Returns
    -------
    float
        ``10 * log10(255**2 / MSE)`` (:func:`mse`); ``inf`` when identical there, ``nan``
        for an empty region.

    Examples
    --------
    >>> a = np.zeros((2, 2, 3), np.uint8); b = a.copy(); b[0, 0] = 10  # MSE = 100 / 4
    >>> round(psnr(a, b), 4), round(psnr(a, b, region=np.eye(2, dtype=bool)), 4)
    (34.1514, 31.1411)
    """
    return psnr_from_mse(mse(a, b, region=region))


def ssim(a: np.ndarray, b: np.ndarray, *, region: np.ndarray | None = None) -> float:
    """Mean structural similarity over ``region`` (default: the whole image).

    The SSIM map is computed on the whole image (7x7 uniform window, ``K1=0.01``,
    ``K2=0.03``, data range 255, per channel, averaged over channels); the result is its
    mean over the region's pixels, so windows at the region's edge see some context.

    Parameters
    ----------
    a, b : (H, W, 3) uint8 RGB, at least 7x7
    region : (H, W) bool, optional

    Returns
    -------
    float
        1 for identical images; ``nan`` for an empty region.

    Examples
    --------
    >>> a = np.full((8, 8, 3), 100, np.uint8)
    >>> ssim(a, a), round(ssim(a, a + 20), 5)  # (2*100*120 + C1) / (100**2 + 120**2 + C1)
    (1.0, 0.98361)
    """
    from skimage.metrics import structural_similarity

    _images(a, b, region)
    if min(a.shape[:2]) < 7:
        raise ContractError(f"ssim needs images of at least 7x7 pixels, got {a.shape[:2]}")
    if region is not None and not region.any():
        return float("nan")
    _, smap = structural_similarity(a, b, channel_axis=2, data_range=255, full=True)
    smap = smap.mean(axis=2)
    return float(smap.mean() if region is None else smap[region].mean())


def changed_outside(original: np.ndarray, result: np.ndarray, mask: np.ndarray) -> float:
    """Fraction of the pixels outside ``mask`` that differ between the two images.

    A pixel counts as changed when any channel differs. 0 for a correct inpainter.

    Parameters
    ----------
    original, result : (H, W, 3) uint8 RGB
    mask : (H, W) bool
        The fill mask (True = allowed to change).

    Returns
    -------
    float
        ``nan`` when the mask covers the whole image.

    Examples
    --------
    >>> a = np.zeros((2, 2, 3), np.uint8); b = a.copy(); b[0, 1, 2] = 1; b[1, 1] = 5
    >>> changed_outside(a, b, np.array([[0, 0], [0, 1]], bool))  # 1 of 3 unmasked pixels
    0.3333333333333333
    """
    _images(original, result, mask)
    changed = (original != result).any(axis=2)
    return _ratio(np.count_nonzero(changed & ~mask), np.count_nonzero(~mask))
