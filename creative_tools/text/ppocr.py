"""``ppocr``: the PP-OCR DB text detector run with onnxruntime (default text backend).

The ONNX file ships inside the ``rapidocr_onnxruntime`` 1.4.4 wheel, found by
:mod:`creative_tools.packaged` (``python -m creative_tools models fetch`` extracts it
without installing the package, which is never imported). Pre- and post-processing are re-implemented here
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

Beyond rapidocr: optional passes at more scales whose maps are fused by maximum
(``scales``, since DB is sensitive to scale), and a check by the PP-OCRv4 recogniser
from the same wheel that drops uncertain boxes nothing can be read in (``verify``,
``confident``). All are options.

By default a second detector, ``models/PP-OCRv6_det_small.onnx`` from the
``rapidocr==3.10.0`` wheel (``models fetch ppocrv6_det_small``), runs once on the same
input with its own DB post-processing, and its *boxes* are added to PP-OCRv4's
(``union``): the two fail on different text (v4 misses tiled semi-transparent
watermarks, vertical CJK and some fine print; v6 small misses scene text in photos that
v4 finds), and a box either one finds is kept. Fusing their probability maps instead
(``model="ppocrv4+ppocrv6_small"``) does not work: v4's response merges vertical
columns into one box that is then rejected. ``model="ppocrv6_small"`` runs v6 alone.
"""

from __future__ import annotations

import math
import weakref
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..errors import BackendUnavailableError
from ..onnx_session import cpu_session
from ..packaged import runtime_file
from ..registry import register
from .base import TextDetector
from .db import db_boxes, order_clockwise, thin_candidates
from .recognize import Recognizer, ctc_confidence
from .repeat import (
    contrast_view,
    lattice_average,
    lattice_basis,
    lattice_copies,
    lattice_evidence,
    repeated_polygons,
    tiling_evidence,
)

# db_boxes, order_clockwise (now in .db) and ctc_confidence (now in .recognize) stay
# importable from here for existing callers.
__all__ = ["PPOCRText", "MODELS", "UNION", "model_path", "unite_boxes", "db_boxes", "order_clockwise", "ctc_confidence"]

#: Known detector ONNX files: name -> :data:`creative_tools.packaged.FILES` key.
MODELS: dict[str, str] = {
    "ppocrv4": "ppocrv4_det",
    "ppocrv6_small": "ppocrv6_det_small",
}

# Normalisation the PP-OCR detectors expect (rapidocr config.yaml), in BGR order.
_MEAN = np.float32(0.5)
_STD = np.float32(0.5)


_RESCAN_CELL = 64  # px of the scaled map per cell of the rescan grid
_RESCAN_WHOLE = 0.6  # rescan the whole image when regions cover more than this
_COARSE = {"work": 320, "crop": 320}  # the faint_coarse lattice: the whole image at 320 px
#: Default ``union``: detectors whose boxes are added to the main model's.
UNION = ("ppocrv6_small",)


def _table() -> np.ndarray:
    """The detector input of every uint8 value, ``(v / 255 - 0.5) / 0.5`` in float32,
    computed with the same float32 operations in the same order as :func:`_blob`
    has always used (multiply by ``float32(1 / 255)``, subtract the mean, divide by
    the std), so that a look-up in it gives the same values bit for bit."""
    t = np.empty(256, np.float32)
    np.multiply(np.arange(256, dtype=np.uint8), np.float32(1 / 255.0), out=t)
    t -= _MEAN
    t /= _STD
    return t


_TABLE = _table()
_TABLE.setflags(write=False)  # shared by every thread: read only
_GREY = 128  # the padding value: the normalisation mean, which the network reads as ~0


def _blob(bgr: np.ndarray, *, pad: tuple[int, int] = (0, 0),
          rgb: bool = False) -> np.ndarray:
    """The detector input: ``(bgr / 255 - 0.5) / 0.5`` as a (1, 3, h, w) float32 array.

    One table look-up per pixel (``cv2.LUT`` with :data:`_TABLE`) written into the NCHW
    array, with the padding to the network's modulus written there too, instead of
    padding the image first (``cv2.copyMakeBorder`` with grey) and normalising in three
    float passes: the same values bit for bit (the table holds what those passes give
    for each of the 256 input values), in about 0.4x the time and without the padded
    uint8 copy. The image is split into its three uint8 planes first and each plane
    looked up straight into its channel of the NCHW array (``dst=``, a view whose rows
    are padded: OpenCV writes it in place), not into an interleaved float copy that is
    then taken apart: the same values, about 0.55x the time (3.7 -> 2.1 ms at
    1350 x 1350 with its padding, one thread, session 25).

    Parameters
    ----------
    bgr : (h, w, 3) uint8
        BGR, or RGB with ``rgb=True`` (the channels are swapped while writing: no
        reversed copy of the image is made).
    pad : (int, int)
        Rows added at the bottom and columns at the right, filled with the input of grey
        (128), as ``cv2.copyMakeBorder(..., BORDER_CONSTANT, value=(128, 128, 128))``.
    rgb : bool
        The image's channels are R, G, B (default False: B, G, R).

    Returns
    -------
    (1, 3, h + pad[0], w + pad[1]) float32
        Channels in B, G, R order (what the network was trained on).

    Examples
    --------
    >>> x = _blob(np.array([[[0, 128, 255]]], np.uint8), pad=(1, 0))
    >>> x.shape, [round(float(v), 4) for v in x[0, :, 0, 0]]
    ((1, 3, 2, 1), [-1.0, 0.0039, 1.0])
    >>> round(float(x[0, 0, 1, 0]), 4)  # the padding row: grey
    0.0039
    """
    h, w = bgr.shape[:2]
    ph, pw = (int(pad[0]), int(pad[1]))
    x = np.empty((1, 3, h + ph, w + pw), np.float32)
    planes = cv2.split(bgr)
    table = _TABLE.reshape(1, 256)
    for c in range(3):
        dst = x[0, c, :h, :w]
        out = cv2.LUT(planes[2 - c if rgb else c], table, dst=dst)
        if not np.may_share_memory(out, dst):  # an OpenCV that copied the view instead
            dst[...] = out
    if ph:
        x[0, :, h:, :] = _TABLE[_GREY]
    if pw:
        x[0, :, :h, w:] = _TABLE[_GREY]
    return x


def model_path(model: str = "ppocrv4", *, fused: bool = False) -> Path:
    """Locate the ONNX file of ``model`` (:func:`creative_tools.packaged.packaged_file`).

    ``fused=True``: its fused derivation when written (:func:`creative_tools.packaged.runtime_file`).

    Raises
    ------
    ValueError
        For an unknown model name.
    BackendUnavailableError
        When the file is neither in its installed package nor in the cache (the message
        gives the ``models fetch`` command).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, got {model!r}")
    return runtime_file(MODELS[model], fused=fused)


def _box_areas(polys) -> np.ndarray:
    """Area (px) of each polygon's bounding box, float64 ``(N,)``."""
    if not len(polys):
        return np.zeros(0)
    return np.array([float(np.ptp(q[:, 0]) * np.ptp(q[:, 1])) for q in (np.asarray(q, np.float64) for q in polys)])


def _without_regions(main: np.ndarray, others, regions, scale) -> np.ndarray:
    """``main`` with each map of ``others`` added (max) outside ``regions``.

    ``regions``: polygons in image pixels, ``scale``: (sx, sy) from image to map pixels.
    """
    out = np.zeros(main.shape, np.uint8)
    for q in regions:
        pts = np.round(np.asarray(q, np.float64) * np.asarray(scale)).astype(np.int32)
        cv2.fillPoly(out, [pts], 1)
    pred = main
    for p in others:
        pred = np.maximum(pred, np.where(out.astype(bool), np.float32(0), p))
    return pred


# the gate's structure test (``low_contrast_lit``): a pixel has structure where the
# image's 5 x 5 standard deviation is at least 1 level in some channel (uint8 rounding
# alone is 0.29; colour, not luminance: a faint red word can differ from its ground by
# under 1 grey level); the lit, dark part must have at least 0.5 % of the frame with
# structure. On eval_faint's tune draws 0-59 every draw whose share opens the gate has
# 0.014 or more there (tune 27, a paper ground); a flat frame of any grey has 0.
STRUCTURE_FLOOR = 1.0
STRUCTURE_SHARE = 0.005


def local_structure(image: np.ndarray, shape) -> np.ndarray:
    """The image's local standard deviation (levels, 5 x 5 px, the largest channel's), at ``shape``.

    Examples
    --------
    >>> im = np.full((8, 8, 3), 250, np.uint8); im[4:, :] = 200
    >>> s = local_structure(im, (8, 8)); float(s[0, 0]), float(s[4, 0]) > 20
    (0.0, True)
    """
    g = np.asarray(image).astype(np.float32)
    m = cv2.blur(g, (5, 5))
    # per channel, the largest: a faint red word on a vignette differs in colour more
    # than in luminance (eval_faint tune 59: dE 2.5, luminance std at the word 0.2-0.8)
    sd = np.sqrt(np.maximum(cv2.blur(g * g, (5, 5)) - m * m, 0))
    # the channels' largest as two maxima: the values of ``max(axis=2)`` (max is
    # np.maximum's reduction), without numpy's slow path for a short last axis (about
    # 12x the time: 11 vs 143 ms at 1000 x 1000, session 24, loaded machine)
    sd = np.maximum(np.maximum(sd[..., 0], sd[..., 1]), sd[..., 2]) if sd.shape[2] == 3 else sd.max(axis=2)
    h, w = shape
    if sd.shape != (h, w):
        sd = cv2.resize(sd, (w, h), interpolation=cv2.INTER_AREA if h < sd.shape[0] else cv2.INTER_LINEAR)
    return sd


def lit_share(main: np.ndarray, others, thresh: float, *, image: np.ndarray | None = None,
              floor: float = STRUCTURE_FLOOR) -> float:
    """The share of the frame where another model sees text and the main model does not.

    A cost heuristic about the ground, not a word detector: PP-OCRv6 small lights the
    ground around a faint word (3-10 % opacity) that PP-OCRv4 does not see at all (its map
    is 0 there), and it lights a flat light ground by its brightness alone (a plain frame
    of grey 245-255 gives ~0.4-0.57), with or without a word on it (on eval_faint's tune
    draws the share with and without the word is within 0.03). With ``image``, only the
    pixels with local structure (:func:`local_structure` >= ``floor``) count: a region
    with no variation cannot hold a word. The share is of the whole frame (the count is
    divided by the map's size), not of the part the main model leaves dark.

    Parameters
    ----------
    main : (h, w) float32
        The main model's map.
    others : sequence of (h, w) float32
        The other models' maps (none: the share is 0).
    thresh : float
        The map level that counts as text (the DB threshold).
    image : (H, W, 3) uint8 RGB or None
        If given, count only where :func:`local_structure` finds structure (in whichever
        colour channel varies most).
    floor : float
        Levels, in the channel that varies most (default :data:`STRUCTURE_FLOOR`, 1.0).

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> main = np.zeros((4, 4), np.float32); main[0] = 0.9
    >>> other = np.full((4, 4), 0.5, np.float32)
    >>> lit_share(main, [other], 0.3), lit_share(main, [], 0.3)
    (0.75, 0.0)
    >>> lit_share(main, [other], 0.3, image=np.full((4, 4, 3), 255, np.uint8))
    0.0
    """
    if not len(others):
        return 0.0
    lit = np.zeros(main.shape, bool)
    for p in others:
        lit |= p >= thresh
    lit &= main < thresh
    if image is not None:
        lit &= local_structure(image, main.shape) >= float(floor)
    return float(lit.mean())


def unite_boxes(polys, scores, more, more_scores, shape, *, margin: float = 0.25):
    """Boxes of two detectors together: a box of ``more`` is added where it adds text.

    A polygon of ``more`` is kept when its part outside the polygons of ``polys``,
    eroded by ``margin`` x its own height (a disc), is not empty: the same line seen
    again, with a box a little larger or smaller, adds nothing; a word the first
    detector missed (at least about ``2 * margin`` x the height wide and tall) is added.

    Parameters
    ----------
    polys, more : list of (N, 2) float32
        Polygons in image pixels (the first detector's, then the second's).
    scores, more_scores : (n,) and (m,) float
    shape : (H, W)
        The image size.
    margin : float
        See above (default 0.25).

    Returns
    -------
    polygons : list of (N, 2) float32
        ``polys`` followed by the kept polygons of ``more``, in order.
    scores : (k,) float32

    Examples
    --------
    >>> a = [np.float32([[0, 0], [40, 0], [40, 10], [0, 10]])]
    >>> b = [np.float32([[0, 0], [42, 0], [42, 12], [0, 12]]),  # the same line, a larger box
    ...      np.float32([[0, 20], [30, 20], [30, 30], [0, 30]])]  # a new line
    >>> p, s = unite_boxes(a, [0.9], b, [0.7, 0.6], (40, 50))
    >>> len(p), [round(float(x), 2) for x in s]
    (2, [0.9, 0.6])
    """
    from .glyphs import polygon_height

    scores = np.asarray(scores, np.float32).reshape(-1)
    more_scores = np.asarray(more_scores, np.float32).reshape(-1)
    if len(scores) != len(polys) or len(more_scores) != len(more):
        raise ValueError(f"need one score per polygon, got {len(polys)} polygons and {len(scores)} scores, "
                         f"{len(more)} and {len(more_scores)}")
    if not more:
        return list(polys), scores
    H, W = shape
    seen = np.zeros((H, W), np.uint8)
    for p in polys:
        cv2.fillPoly(seen, [np.round(p).astype(np.int32).reshape(-1, 1, 2)], 1)
    keep = []
    for i, p in enumerate(more):
        q = np.round(np.asarray(p, np.float32).reshape(-1, 2)).astype(np.int32)
        x0, y0 = np.clip(q.min(0), 0, [W - 1, H - 1])
        x1, y1 = np.clip(q.max(0), 0, [W - 1, H - 1])
        m = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
        cv2.fillPoly(m, [(q - [x0, y0]).reshape(-1, 1, 2)], 1)
        new = m & (1 - seen[y0:y1 + 1, x0:x1 + 1])
        r = int(round(margin * polygon_height(p)))
        if r > 0 and new.any():
            # the same answer as the part eroded by the disc is empty or not
            adds = _kernel_fits(new, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
        else:
            adds = bool(new.any())
        if adds:
            keep.append(i)
    return list(polys) + [more[i] for i in keep], np.concatenate([scores, more_scores[keep]])


def _kernel_fits(a: np.ndarray, kernel: np.ndarray) -> bool:
    """Whether ``cv2.erode(a, kernel)``, with 0 outside ``a``, keeps any pixel.

    The same answer as the erosion, most often without computing it: a part with fewer
    pixels than the kernel, or a bounding box narrower or lower than the kernel's (the
    kernels used here, an ellipse's, fill their middle row and column), cannot hold it; a
    part that holds the kernel's whole box holds the kernel (a smaller set), and that
    erosion is separable (cheap); only the parts in between are eroded by the kernel
    itself, on their bounding box (with 0 outside, what an erosion keeps lies in it).

    Examples
    --------
    >>> a = np.zeros((9, 40), np.uint8); a[2:7, 5:30] = 1
    >>> k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    >>> _kernel_fits(a, k), _kernel_fits(a[:6], k)  # 4 rows left: a 5 x 5 disc does not fit
    (True, False)
    """
    if cv2.countNonZero(a) < cv2.countNonZero(kernel):
        return False
    x, y, w, h = cv2.boundingRect(a)
    kh, kw = kernel.shape
    if w < kw or h < kh:
        return False
    a = a[y:y + h, x:x + w]
    box = np.ones_like(kernel)
    if cv2.erode(a, box, borderType=cv2.BORDER_CONSTANT, borderValue=0).any():
        return True
    return bool(cv2.erode(a, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0).any())


class PPOCRText(TextDetector):
    """PP-OCR DB text detector (onnxruntime, CPU by default).

    Parameters
    ----------
    model : {"ppocrv4", "ppocrv6_small", "ppocrv4+ppocrv6_small"}
        The main ONNX file (default ``"ppocrv4"`` from rapidocr_onnxruntime 1.4.4;
        ``"ppocrv6_small"`` from rapidocr 3.10.0). Names joined by ``+`` run an
        ensemble: every model on the same input, probability maps fused by maximum
        before the DB post-processing (not useful for v4 + v6: use ``union``).
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
    bent : float or None
        Regions of the map that fill less than this share of their rectangle, whose
        rectangle scores under ``box_thresh`` while their own pixels do not, are split
        into straight pieces instead of dropped (:func:`creative_tools.text.db.db_boxes`):
        two lines meeting at an angle (a headline and a slanted label touching at a
        corner) are two lines, not none; only line-shaped pieces are kept, and each is
        read by the recogniser before it is kept. Default 0.7; None drops them, as PaddleOCR.
    union : sequence of str
        More detector models (names of :data:`MODELS`), each run once at the chosen
        scale with its own DB post-processing; their boxes are added to the main
        model's where they add text (:func:`unite_boxes`, ``union_margin``). They pass the same recogniser check. Default ``("ppocrv6_small",)``;
        ``()`` runs the main model alone. On the hard synthetic text set (tune half)
        v4 + v6 small boxes left 2 of 161 legible words legible, v4 alone 39 (see
        docs/results.md).
    union_scale : float
        The ``union`` models' pass over the whole image runs at this multiple of the
        chosen scale, in (0, 4] (default 1.0, rapidocr's own scale; the map is resized
        to the chosen scale before its DB post-processing). Below 1 they see fewer
        pixels (cost about its square). Above 1 the pass is capped by
        ``scale_side_len`` as the main passes of ``scales`` are (:meth:`_pass_scale`;
        with ``scale_side_len=None`` nothing caps it: 4 on a 2000 x 2000 creative is
        an 8000 x 8000 input). The crop passes (fine print, turned lines) run the union
        models at the main model's scale whatever this is.
        Off because v6 at 1.0x finds corner fine print the v4 pass at 1.25x misses:
        textcheck2's ``corner_fineprint_heldout_0`` left 0 -> 2 of 5 words legible at
        0.75 and at 0.875 (glyph recall 0.94 -> 0.73; ``corner_fineprint_tune_0`` 0.96
        -> 0.74), while the hard sets' first 25 / 24 text creatives were unchanged (2 of
        216, 4 of 162 words left). The text detector's CPU per typical creative
        (24 creatives, interleaved, load 20-26): 0.75 0.81-0.84x, 0.875 0.90-0.91x
        in two runs (a third gave 0.75 at 1.03x).
    union_margin : float
        A box of a ``union`` model is kept when its part outside the boxes already
        kept, eroded by this x its height, is not empty (default 0.25: the same line
        seen again with a slightly larger box adds nothing).
    scales : sequence of float
        Passes of the main model at these multiples of the chosen scale, fused by
        ``fuse`` before the DB post-processing (default ``(1.25,)``: one pass at
        1.25x). DB is sensitive to scale (a 64 px headline can vanish at one scale
        and be clear at 1.3x). With the v6 union beside it (v6 runs at 1.0x),
        ``(1.25,)`` leaves no more text legible than the former ``(1.0, 1.25)``
        (``scripts/eval_text_residual.py``, former vs now: hard tune 4 vs 2 of 161
        words, hard held-out 32 vs 32 of 151, ``data/`` 0 vs 0 of 19 with the same
        glyph recall, ICDAR 2015 0 vs 0 of 16) in 0.75-0.93x the detection time; ``(1.0,)``
        (rapidocr's one pass) lost the text on a brick wall in ``data/`` (glyph
        recall 0.87 vs 0.92 over the four creatives).
    view_scale : float or None
        The multiple of the chosen scale at which the main model reads the locally
        contrast-normalised views of the ``tiled`` and ``low_contrast`` passes, in (0, 4]
        (default None: the first of ``scales``, as before). It lets the whole-image pass
        run at 1.0x (``scales=(1.0,)``, sharing v6 small's input: 0.88x the pipeline's CPU
        per typical creative, session 21) while a dense tiled mark is still read at
        1.25x: with ``scales=(1.0,)`` alone the tiled pass ran at 1.0x too, and the hard
        tune creative ``watermark_dense_tune_2`` went from 0 to 57 characters still read
        after removal; with ``view_scale=1.25`` it keeps 0 (session 22, docs/results.md
        "Session 22, speed"). ``{"scales": [1.0], "view_scale": 1.25}`` is not the default:
        on the held-out hard set legible words left 8 -> 18 of 585 and characters still
        read 4.4 -> 6.2 %, ``data/``'s glyph recall 0.925 -> 0.868 (8-14 px lines that
        v4's 1.0x map leaves at 0 and its 1.25x pass finds). The coarse look of
        ``low_contrast_coarse`` is not moved by it (its own multiple of the chosen scale).
    scale_side_len : int or None
        Where a pass of the main model at a multiple above 1 of the chosen scale
        (``scales``, and the colour views of ``tiled``) would have a short side
        above this many pixels, it runs at the scale that gives this short side
        instead, never below the chosen scale (default None: no limit). 920 (1.25
        x ``limit_side_len``) leaves every image whose short side is at most
        ``limit_side_len`` as it was (its 1.25x pass has a 920-px short side
        already) and runs large creatives' v4 pass at fewer pixels: a 1000x1000
        creative's at 1.0x (1.0 MP) instead of 1.25x (1.56 MP). Off by default:
        text keeps its pixel size in a large canvas, and small text there is
        what the 1.25x pass finds. Session 15, at 920 against None on the hard
        sets' 40 creatives with a short side above 736 (the only ones it changes):
        legible words tune 1/546 -> 0/546, held-out 32/149 -> 11/149, but glyph
        precision tune 0.805 -> 0.773, textcheck2 held-out glyph recall 0.956 ->
        0.939, and the hard tune text creatives padded to a 1000-px short side
        left 4 of 392 words legible (0 without; fine vertical print); 0.95x the
        wall time of ``bench speed --typical``.
    fuse : {"max", "mean"}
        How the passes' maps are combined (default "max": text seen at any scale).
    verify : float
        If > 0, boxes whose PP-OCRv4 recogniser confidence (:func:`ctc_confidence`)
        is below this are dropped (removes texture false alarms the second scale
        brings; default 0.2; 0 turns it off and skips loading the recogniser).
    confident : float
        Boxes whose DB score (mean text probability inside the box) is at least this
        are kept without asking the recogniser: recognition confirms uncertain boxes,
        it never drops confident ones; the recogniser also runs only on the uncertain
        boxes, so a lower value is faster. Default 0.8: on ``data/``, the 10 ICDAR 2015
        frames and the hard text set's held-out half, no box the recogniser dropped had
        a DB score above 0.75, and 0.8 gives the same scores as 1.0 (every box checked,
        the former default) at about 1/3 fewer recogniser calls, see docs/results.md.
    confident_main : float or None
        Like ``confident`` for the boxes of the main model's own map (those a ``union``
        model alone found keep ``confident``). Default None: ``confident`` for both, the
        same outputs. Opt-in, measured in session 27 (docs/results.md, "Session 27,
        speed"): on the 24 typical creatives 0.75 spares 29 of the recogniser's 183
        boxes with the same outputs (boxes only PP-OCRv6 small found are dropped up to
        0.79, so they keep ``confident``), but on textcheck2's tune half it keeps a
        main box at 0.79 the recogniser reads at 0.00 (a price tag's false box: glyph
        precision of that creative 0.985 -> 0.966), so it is not the default.
    confident_area : float
        A box covering more than this share of the image is checked by the recogniser
        whatever its DB score (default 0.25). A line of text that large is rare and reads
        clearly; a detector's box over the whole frame of a star field or a texture
        (PP-OCRv6 small returns one on some fine-print creatives, at DB score 0.83-0.85)
        does not, and filling it would erase the creative. Where such a box is refused,
        the ``union`` models' maps inside it are left out of the map the fine-print pass
        reads (PP-OCRv6 small's map is then high over half the frame and hides the faint
        line under it).
    union_verify : float
        Like ``verify`` for the uncertain boxes (DB score under ``confident``) that
        only a ``union`` model found: a box one detector alone finds needs a firmer
        reading (default 0.5). On the hard tune set, ICDAR 2015 and ``data/``, 20 of
        the 21 such boxes read at >= 0.5 lay on text, and 3 of the 4 read below it
        did not (a building facade, a brick wall, a gradient); used only when
        ``verify > 0``.
    rescan : float or None
        If set, the passes after the first run only on crops around the cells where
        the earlier map reaches this probability (64-px cells grown by one cell; the
        whole image when they cover more than 60% of it). Default None: every pass
        sees the whole image. Faster (about 0.73x the detector's time at 0.02) but
        NOT equivalent: a crop loses the network's wider context, and on the ICDAR
        2015 frames it lost 1 of 21 words, so it is off by default. No margin makes it
        equivalent: PP-OCRv4's detector has squeeze-and-excitation blocks (global
        average pooling), so each output depends on the whole input; with 256 px of
        context around a 256-px window at 1.25x, 11.8 % of the window's text pixels
        still fall on the other side of 0.3 (16 typical creatives, session 17,
        ``scripts/where_v4_matters.py --crop``).
    repeats : bool
        After the recogniser check, look for further copies of the text found, moved by
        the shifts of a tiled watermark (:func:`creative_tools.text.repeat.repeated_polygons`:
        a normalised cross-correlation of the found text with the image at a 400-px
        working size; copies are added only when at least 4 shifts peak, in 2 directions: the text
        tiles, and each copy correlates with its source). Default True: on the hard
        set's held-out watermarks the networks miss most semi-transparent copies over
        busy photos; on text that does not tile it adds nothing and costs one small
        correlation (see docs/results.md). Where the image tiles (``tiled``), a mark of
        many small copies gets a second attempt at a finer working size.
    tiled : float or None
        Dense tiled watermarks over busy texture: when the image's fine detail repeats
        on a 2-D lattice (:func:`creative_tools.text.repeat.tiling_evidence` at least
        this, default 0.3; one autocorrelation per colour view at 256 px), the main
        model runs once more on a locally contrast-normalised grey view
        (:func:`creative_tools.text.repeat.contrast_view`: a light mark has there the
        texture's contrast), once per colour view that repeats, and the boxes it adds
        that the recogniser reads there at ``tiled_verify`` or more are kept (before the
        repeat step, which extends them).
        On the hard set's dense watermarks the evidence was 0.58-0.98 where the networks
        missed the mark, on ``data/``, ICDAR 2015, the 9 real ads, the VOC photos and 24
        typical creatives at most 0.18. None turns it off.
    tiled_verify : float
        See ``tiled`` (default 0.5, as ``union_verify``: a box only this pass finds
        needs a firm reading).
    fine_print : int
        Fine print: a line a few map pixels high can score under ``box_thresh`` (the
        scoring rectangle's rim and the gaps between letters are a large share of it).
        Up to this many such thin, elongated rejected regions
        (:func:`creative_tools.text.db.thin_candidates`, score in [0.3, ``box_thresh``))
        are cropped with a margin and run again at 2x the chosen scale; the boxes found
        there that the recogniser reads at ``union_verify`` or more are added (default 4;
        0 turns it off). Nothing runs where no region is near the threshold.
    fine_follow : bool
        A level ``fine_print`` candidate is read the way a vertical one is (default
        True): the main and the ``union`` models both run on the 2x crop, and where the
        line found reaches an end of the crop, the crop follows it along the line
        (twice at most). The DB rule often keeps only pieces of a small line whose
        letters a busy ground cuts (8-px print over a brick wall: v6 at 2x reads the
        whole line where v4 at 2x finds pieces). False: the main model alone on the
        candidate's crop, as before (session 6).
    tiled_views : bool
        Where the image tiles (``tiled``) and the repeat step finds no lattice in the
        luminance, it correlates the found text in the colour views that repeat
        (saturation, the minor colour axis: ``views`` of
        :func:`creative_tools.text.repeat.repeated_polygons`), where a coloured mark over
        a busy photo is most of the detail (default True; False: luminance only).
    faint : float or None
        Faint tiled marks over busy random grounds (confetti, bokeh, fabric), whose fine
        detail the ground dominates (:func:`creative_tools.text.repeat.tiling_evidence`
        ~0) and whose copies no model boxes (no seed for the repeat step): where the
        tiling evidence is under ``tiled`` and the whitened-spectrum lattice evidence
        (:func:`creative_tools.text.repeat.lattice_evidence`, in standard deviations of
        a random ground's, ~5) reaches ``faint``, the image is treated as tiled (the
        ``tiled`` pass over the views whose lattice evidence passes, the repeat step's
        finer attempt and colour views) and reads the image averaged over that lattice
        (:func:`creative_tools.text.repeat.lattice_average`: the mark stays, the ground
        averages out). Default 18 (typical
        creatives, `data/`, ICDAR 2015, VOC, the 9 real ads: at most 13.6); None: off.
    faint_coarse : float or None
        Where ``faint`` stays shut, the same lattice evidence read once more on the
        whole image at 320 px (``lattice_evidence(image, work=320, crop=320)``): a long
        mark ("ARRIVALS DEALS" every 322 px) has its second lattice direction beyond the
        fine window's reach, where the coarse view still holds two periods. At
        ``faint_coarse`` or more the image is treated as ``faint`` does, with the coarse
        lattice averaged over. Default 16 (the untiled creatives of every set but the
        reserved one: at most 13.1); None: off.
    faint_tiled : bool
        Where the image already tiles (``tiled``), also read the lattice average after
        the ``tiled`` pass (a light mark over a periodic fabric: on the tune creative of
        that kind 273 -> 13 words left). Default False: not yet measured on the dense
        tiled hard creatives, whose results it would change.
    faint_image : bool
        Where ``faint`` or ``faint_coarse`` opens, also run the ``tiled`` pass on the
        image itself (its locally contrast-normalised views), not only on the lattice
        average: over bokeh or a long lattice the average blurs the mark, while the
        image's own contrast view shows its copies (default True; False: the average
        alone, as session 9).
    faint_clip : float or None
        ``faint`` and ``faint_coarse`` also read the lattice evidence with each view's
        high-pass clipped at this many robust noise levels (1.4826 x its median absolute
        deviation), and keep the stronger reading; the lattice averaged over is the one
        that reading found (:func:`creative_tools.text.repeat.lattice_evidence`'s
        ``clip``). A faint mark over confetti (a flat ground with a few sharp-edged
        patches) is lost in the patches' broad spectrum; clipped, the patches weigh no
        more than the ground's noise and the mark's lattice stands out. Default 3.0 (a
        usual robust cut-off, the first value tried; the gates' thresholds unchanged);
        None: the plain reading alone, as session 13.
    faint_copies : float or None
        Where ``faint`` or ``faint_coarse`` opens, the boxes read there (on the average
        and on the image's contrast views) are the mark's copies: each, best score first,
        is moved to every point of the lattice found in the spectrum and kept where the
        image there shows what the average shows (the correlation of their high-passes
        inside it, the image's clipped as ``faint_clip``, in a view whose lattice passed,
        at least ``faint_copies``; :func:`creative_tools.text.repeat.lattice_copies`).
        Over confetti the repeat step, which checks copies against the image's own detail
        alone, keeps under half of them. A correlation in (0, 1); default 0.3 (three times
        the chance spread of a word-sized polygon); None turns the step off (as session 15).
        The moved copies' entries in ``scores`` are those correlations (``faint_copies``
        to 1, in practice 0.3-1), not detector probabilities: do not compare them with
        the DB boxes' scores or cut them at a detector threshold.
    turned_frames : bool
        Where the recogniser refused a frame-sized box (``confident_area``: PP-OCRv6
        small lights up a dark star field), run the main and ``union`` models once more
        on the whole image turned upright and add the boxes the recogniser reads
        (``union_verify``): a 12-px line running down such a photo has no map left for
        the fine-print pass (held-out ``fine_vertical_heldout_3``). Default False: it
        opens on no tune creative (no frame-sized box is refused there), so it cannot be
        tuned; chosen after seeing that held-out creative.
    low_contrast : float or None
        Faint words (3-10 % opacity, issue 8): the main model sees nothing there (its map
        is 0 at the word) while PP-OCRv6 small lights the whole ground, a region left
        without a box. Where ``low_contrast_lit`` opens, the main model runs once more on
        the image's locally contrast-normalised luminance
        (:func:`creative_tools.text.repeat.contrast_view`, where a faint word has its
        ground's contrast) and the boxes it adds that the recogniser reads on the image
        (not on the view, which lends any texture a word's contrast) at ``low_contrast``
        or more are kept. Default 0.8 (from eval_faint's tune split, no sweep; on by
        default since session 21): held-out faint words left legible after the fill 62
        -> 25 of 73 (17 with the pass on every image); on the scoreboard's sets, ICDAR
        2015, the real ads, ``data/`` and the ruled negatives it adds no box (it runs on
        17 of 175 held-out / fresh / ICDAR images, textured negatives mostly, and on none
        of the 24 typical creatives; docs/results.md "Session 21, faint"). One more
        main-model pass where it runs (+0.4-0.5 s CPU at 280 x 800). None: off
        (``--text-options low_contrast=null`` or ``none``).
    low_contrast_lit : float or None
        A cost heuristic about the ground (the pass costs +0.4-0.5 s CPU): the
        ``low_contrast`` pass runs only where the ``union`` models light at least this
        share of the frame that the main model leaves dark (:func:`lit_share`; PP-OCRv6
        small lights the ground around a faint word PP-OCRv4 does not see, and a flat
        light ground too), and where at least 0.5 % of the frame in that part has local
        structure (``STRUCTURE_SHARE`` at ``STRUCTURE_FLOOR``: 1 level in some channel, session 21
        fmends: a plain white frame lights 0.57 of the frame but has no structure). Chosen
        on eval_faint's tune split (the share is 0.48-0.66 at 25 of its 28 legible words),
        the 24 typical creatives (at most 0.25) and textcheck2 / textcheck3's tune halves
        (under 0.06, where the ungated pass added its 2 false boxes): default 0.4, between
        them (no sweep). It opens on none of the typical creatives and none of the 9 real
        ads (docs/results.md "Session 21, faint"). None: on every image (session 20).
        Without a ``union`` model the share is 0.
    low_contrast_coarse : float or None
        Large semi-transparent headlines on busy photos (issue 8 item 3), where the
        ``low_contrast_lit`` gate stays closed (a busy ground does not light PP-OCRv6 small
        the way a quiet one does): the ``low_contrast`` pass looks once more, cheaply, at
        the contrast view of the image resized to this multiple of the chosen scale (a
        headline's 20-40 px strokes come within the view's 4-px high-pass there), and
        keeps the new boxes the recogniser reads on the image at ``low_contrast`` or more.
        Default 0.35 (session 22; on at 0.5 first): it runs on nearly every image, and at
        0.5 it cost 100 +- 7 ms CPU per typical creative in ``Pipeline()`` (one-process
        interleaved A/B against None, 24 typical creatives, 2 rounds), about two thirds of
        it on the wall, against issue 8's speed goal; at 0.35 it costs about 26 ms (the
        network sees half the pixels; 28 ms of the look alone at ``threads`` 1) and keeps
        the gains: eval_faint held-out faint words left legible after the fill 25 -> 18 of
        73 (0.5: 19; the ungated full pass: 17), ``--busy`` held-out (large headlines at
        15-40 % on photos) 11 -> 9 of 42 (0.5: 9; grounds shared with tune; on the busy
        held-out's own grounds and words, at 0.5: 8 -> 6 of 43); tune: faint 12 -> 10 of
        28, busy 5 -> 2 of 22, as 0.5. It adds boxes only on text on every set looked at (watermark copies,
        real ads' stamp and wrapper text, a price, a button's words; none on the
        negatives; docs/results.md "Session 22, fcost"). Runs only where ``low_contrast``
        is on and the full pass does not run; with ``concurrent`` its view, map and boxes
        are made on a helper thread beside the recogniser (session 23: the caller's part of
        it ~22 -> ~2-3 ms per typical creative in the thread timeline, scaled to a quiet
        machine; the same CPU and boxes). None: off
        (``--text-options low_contrast_coarse=null``).
    vertical : bool
        Vertical text (default True): the recogniser reads a vertical box turned both
        ways (:class:`creative_tools.text.recognize.Recognizer` ``both_ways``: a line
        written bottom to top, up an ad's edge, was read upside down as nothing), and a
        ``fine_print`` candidate that runs up and down is cropped, turned upright and run
        through the main and the ``union`` models at 2x (the networks read a turned
        9-11 px line worse than a level one). False: both as before (one way, no turn).
    tight : bool
        Glyph-tight masks (default True) or filled polygons.
    ground : bool
        The glyph masks' two-layer model (``ground`` of
        :func:`~creative_tools.text.glyphs.text_mask`; default True since session 20).
    blobs : float
        Drop a glyph-mask piece that is a flat convex blob, not strokes (``blobs`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0 = off, the default; 0.3 opt-in).
    rim_alpha : float
        Add the glyphs' antialiased rim by a two-colour mixing test (``rim_alpha`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0 = off, the default; 0.05 opt-in).
    piece_contrast : float
        Drop a small glyph-mask piece that stands out from its surroundings far less than
        its box's letters (``piece_contrast`` of :func:`~creative_tools.text.glyphs.text_mask`;
        0 = off, the default; 0.3 opt-in).
    box_letters : float
        Replace a filled fallback box by its letters grown by ``box_letters`` x the text
        height where they are found with confidence (``box_letters`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0 = off, the default).
    blend : float
        Take a piece's glyphs as a translucent ink blended over a textured ground where the
        smooth ground decides nothing (``blend`` of :func:`~creative_tools.text.glyphs.text_mask`;
        0 = off, the default).
    blend_colours : int
        With ``blend``, the ring's colours cut into this many ground colours, each its own
        density (``blend_colours`` of :func:`~creative_tools.text.glyphs.text_mask`; 1 = one
        density, the default).
    blend_thin : float
        With ``blend``, strokes too thin for its smoothing judged at their own width
        (``blend_thin`` of :func:`~creative_tools.text.glyphs.text_mask`; 0 = off, the default).
    blend_thin_after : bool
        With ``blend_thin``, the thin strokes joined only once every guard of ``blend`` has
        passed (``blend_thin_after`` of :func:`~creative_tools.text.glyphs.text_mask`; False,
        the default, joins them before the guards).
    blend_refit : float
        With ``blend``, the ink fitted again per word-long run of a piece once its guards
        have passed (``blend_refit`` of :func:`~creative_tools.text.glyphs.text_mask`; 0 = off,
        the default).
    drop_shadow : float
        Each line's drop shadow added: its letters shifted by one offset of at most
        ``drop_shadow`` x the text height, in a second ink (``drop_shadow`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0.1, the default since session 36; 0 = off).
    providers : list of str or None
        onnxruntime execution providers (default: CPU).
    threads : int or None
        onnxruntime intra-op threads (default: onnxruntime's choice).
    spinning : bool
        Let onnxruntime's idle worker threads busy-wait (its own default). Default
        False: they sleep, which leaves shared cores to other work; the output is the
        same (:mod:`creative_tools.onnx_session`).
    denormal_as_zero : bool
        Flush subnormal floats to zero inside the networks (default True: the
        PP-OCRv6-small pass takes about half the time, same map; each session then runs
        on a private thread so the caller's floating-point state is untouched;
        :mod:`creative_tools.onnx_session`).
    concurrent : bool or None
        Run the steps that need nothing from each other at the same time (default None:
        on, unless ``threads`` is 1, a request for one core's worth, which the CLI's
        workers make when they share the cores among themselves):
        the ``union`` models' passes (when the main model does not run at 1.0x, where they
        share its input) and the image's tiling and lattice evidence (``tiled``,
        ``faint``, ``faint_coarse``) are started on helper threads while the main model
        runs, and collected where the sequential order used them; once the maps have
        chosen the ``low_contrast`` look (the full pass or ``low_contrast_coarse``), its
        view, map and candidate boxes are made on a helper thread beside the recogniser and
        the fine-print pass, and read where the sequential order reads them (session 23). The same
        arithmetic on the same inputs, so the same boxes and maps; onnxruntime's and
        OpenCV's kernels leave the cores idle part of the time (small late layers, the
        gaps between operators), which the other pass fills. False: one after the other.
    overlap_threads : int or None
        Intra-op threads of the main and ``union`` models' passes that run at the same
        time (``concurrent``). Default 1: where that differs from ``threads``, the two
        models are loaded once more with one thread for those passes alone (two passes of
        2 threads each on 2 cores wait for each other's threads: 0.97x the stage's wall in
        three side-by-side runs, docs/results.md "Speed, session 12"); every other pass
        keeps ``threads`` (the recogniser: ``rec_threads``). The same maps
        (onnxruntime's kernels give the same result with any thread count). None:
        ``threads``, the same sessions.
    rec_threads : int or None
        Intra-op threads of the recogniser (default None: ``threads``). 1 reads the same
        (every reading of the 24 typical creatives' recogniser calls equal) for less CPU
        time: 0.87x CPU and 0.89x wall in that replay at load ~18, the whole pipeline
        0.95x CPU at load ~5 but 1.01x wall there, and on a quieter machine the second
        core it leaves idle costs wall time (docs/results.md "Speed, session 14"), so it
        is not the default; worth it where the cores are busy with other work.
    rec_pad : {"batch", "own"}
        How the recogniser pads a box (:class:`creative_tools.text.recognize.Recognizer`
        ``pad``). Default ``"batch"`` (PaddleOCR's): to the widest box of its batch, so a
        box's keep / drop can change with the boxes read beside it (session 27). ``"own"``:
        to its own width, each box's answer its own, and ~20 % less recogniser CPU (fewer
        padded columns). Off: of ~1,950 boxes read on the typical, tune and held-out text
        and faint sets 4 change side of their threshold, two false boxes dropped on tune,
        none on held-out, but a false box kept on ``data/banner_gradient``
        (docs/results.md "Session 28, speed").
    fused : bool
        Run PP-OCRv4's detector and recogniser as their fused derivations (default True:
        the same networks with the exporter's element-wise chains folded, maps within
        1e-4, less time; written by ``models fetch``, :mod:`creative_tools.onnx_fuse`).
        Where the derivation is absent the originals run, with one log line. False: the
        original files always.

    Raises
    ------
    BackendUnavailableError
        When the model file cannot be found.
    ValueError
        For inconsistent sizes, empty or non-positive ``scales``, an unknown ``fuse``, a
        ``rec_threads`` below 1.

    Examples
    --------
    >>> det = PPOCRText(scales=(1.0,), verify=0)
    >>> im = np.full((64, 96, 3), 255, np.uint8)
    >>> d = det.detect(im)
    >>> len(d), d.mask.shape, d.prob.dtype
    (0, (64, 96), dtype('float32'))
    """

    name = "ppocr"
    signals_networks = True

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
        bent: float | None = 0.7,
        union: Sequence[str] = UNION,
        union_margin: float = 0.25,
        union_scale: float = 1.0,
        union_verify: float = 0.5,
        scales: Sequence[float] = (1.25,),
        view_scale: float | None = None,
        scale_side_len: int | None = None,
        fuse: str = "max",
        verify: float = 0.2,
        confident: float = 0.8,
        confident_area: float = 0.25,
        confident_main: float | None = None,
        rescan: float | None = None,
        repeats: bool = True,
        tiled: float | None = 0.3,
        tiled_verify: float = 0.5,
        fine_print: int = 4,
        vertical: bool = True,
        fine_follow: bool = True,
        tiled_views: bool = True,
        faint: float | None = 18.0,
        faint_coarse: float | None = 16.0,
        faint_tiled: bool = False,
        faint_image: bool = True,
        faint_clip: float | None = 3.0,
        faint_copies: float | None = 0.3,
        turned_frames: bool = False,
        low_contrast: float | None = 0.8,
        low_contrast_lit: float | None = 0.4,
        low_contrast_coarse: float | None = 0.35,
        tight: bool = True,
        ground: bool = True,
        blobs: float = 0.0,
        rim_alpha: float = 0.0,
        piece_contrast: float = 0.0,
        box_letters: float = 0.0,
        blend: float = 0.0,
        blend_colours: int = 1,
        blend_thin: float = 0.0,
        blend_thin_after: bool = False,
        blend_refit: float = 0.0,
        drop_shadow: float = 0.1,
        providers: Sequence[str] | None = None,
        threads: int | None = None,
        spinning: bool = False,
        denormal_as_zero: bool = True,
        concurrent: bool | None = None,
        overlap_threads: int | None = 1,
        rec_threads: int | None = None,
        rec_pad: str = "batch",
        fused: bool = True,
    ):
        super().__init__(tight=tight, ground=ground, blobs=blobs, rim_alpha=rim_alpha,
                         piece_contrast=piece_contrast, box_letters=box_letters, blend=blend,
                         blend_colours=blend_colours, blend_thin=blend_thin,
                         blend_thin_after=blend_thin_after, blend_refit=blend_refit, drop_shadow=drop_shadow)
        # options checked before any model is looked up (a bad value is a ValueError, with or without the files)
        if rec_threads is not None and (int(rec_threads) != rec_threads or int(rec_threads) < 1):
            raise ValueError(f"rec_threads must be None or an integer >= 1, got {rec_threads!r}")
        if rec_pad not in ("batch", "own"):
            raise ValueError(f"rec_pad must be 'batch' or 'own', got {rec_pad!r}")
        if low_contrast is not None and not 0 < float(low_contrast) <= 1:
            raise ValueError(f"low_contrast must be None or in (0, 1], got {low_contrast!r}")
        if low_contrast_lit is not None and not 0 <= float(low_contrast_lit) <= 1:
            raise ValueError(f"low_contrast_lit must be None or in [0, 1], got {low_contrast_lit!r}")
        if low_contrast_coarse is not None and not 0 < float(low_contrast_coarse) < 1:
            raise ValueError(f"low_contrast_coarse must be None or in (0, 1), got {low_contrast_coarse!r}")
        if faint_clip is not None and not float(faint_clip) > 0:
            raise ValueError(f"faint_clip must be None or > 0, got {faint_clip!r}")
        if scale_side_len is not None and (
                # (int() of inf or nan raises without naming the argument)
                not math.isfinite(float(scale_side_len))
                or int(scale_side_len) != scale_side_len or int(scale_side_len) < 32):
            raise ValueError("scale_side_len must be None or an integer >= 32, "
                             f"got {scale_side_len!r}")
        if view_scale is not None and not (math.isfinite(float(view_scale)) and 0 < float(view_scale) <= 4):
            raise ValueError(f"view_scale must be None or in (0, 4], got {view_scale!r}")
        if not (math.isfinite(float(union_scale)) and 0 < float(union_scale) <= 4):
            raise ValueError(f"union_scale must be in (0, 4], got {union_scale!r}")
        names = [m.strip() for m in str(model).split("+")]
        if model_file is None:
            paths = [model_path(m, fused=fused) for m in names]
            path = paths[0]
        else:
            path = Path(model_file)
            if not path.is_file():
                raise BackendUnavailableError(
                    f"text backend 'ppocr': model_file {str(path)!r} does not exist; "
                    f"the packaged model comes with `python -m creative_tools models fetch`"
                )
            paths = [path]
        if limit_side_len < 32 or max_side_len < limit_side_len:
            raise ValueError(
                "need 32 <= limit_side_len <= max_side_len, got "
                f"limit_side_len={limit_side_len}, max_side_len={max_side_len}"
            )
        rt = dict(providers=providers, threads=threads, spinning=spinning, denormal_as_zero=denormal_as_zero)
        self.sessions = [cpu_session(p, **rt) for p in paths]
        self.session = self.sessions[0]
        self.input_name = self.session.get_inputs()[0].name
        if isinstance(union, str):
            union = (union,) if union else ()
        # a model already in the main ensemble is not run twice
        self.union = tuple(str(u) for u in union if model_file is not None or str(u) not in names)
        unknown = [u for u in self.union if u not in MODELS]
        if unknown:
            raise ValueError(f"union must name models of {sorted(MODELS)}, got {unknown}")
        if not 0 <= float(union_margin) < 1:
            raise ValueError(f"union_margin must be in [0, 1), got {union_margin!r}")
        self.union_margin = float(union_margin)
        self.union_scale = float(union_scale)
        self.union_sessions = [cpu_session(model_path(u, fused=fused), **rt) for u in self.union]
        self.model = "+".join(names) if model_file is None else str(path)
        self.model_file = path
        self.limit_side_len = int(limit_side_len)
        self.max_side_len = int(max_side_len)
        self.max_upscale = float(max_upscale)
        self.scales = tuple(float(m) for m in scales)
        if not self.scales or min(self.scales) <= 0:
            raise ValueError(f"scales must be positive factors, got {scales!r}")
        self.view_scale = None if view_scale is None else float(view_scale)
        self.scale_side_len = None if scale_side_len is None else int(
            scale_side_len)
        if fuse not in ("mean", "max"):
            raise ValueError(f"fuse must be 'mean' or 'max', got {fuse!r}")
        self.fuse = fuse
        self.verify = float(verify)
        self.confident = float(confident)
        if not 0 < float(confident_area) <= 1:
            raise ValueError(f"confident_area must be in (0, 1], got {confident_area!r}")
        self.confident_area = float(confident_area)
        if confident_main is not None and (isinstance(confident_main, (bool, np.bool_))
                                           or not 0 <= float(confident_main) <= 1):  # (also refuses nan)
            raise ValueError(f"confident_main must be None or a DB score in [0, 1], got {confident_main!r}")
        self.confident_main = None if confident_main is None else float(confident_main)
        self.union_verify = float(union_verify)
        if rescan is not None and not 0 <= float(rescan) < 1:
            raise ValueError(f"rescan must be None or in [0, 1), got {rescan!r}")
        self.rescan = None if rescan is None else float(rescan)
        self.repeats = bool(repeats)
        if bent is not None and not 0 < float(bent) <= 1:
            raise ValueError(f"bent must be None or in (0, 1], got {bent!r}")
        if tiled is not None and not 0 < float(tiled) <= 1:
            raise ValueError(f"tiled must be None or in (0, 1], got {tiled!r}")
        self.tiled = None if tiled is None else float(tiled)
        self.tiled_verify = float(tiled_verify)
        if int(fine_print) < 0:
            raise ValueError(f"fine_print must be >= 0, got {fine_print!r}")
        self.fine_print = int(fine_print)
        self.vertical = bool(vertical)
        self.fine_follow = bool(fine_follow)
        self.tiled_views = bool(tiled_views)
        if faint is not None and not float(faint) > 0:
            raise ValueError(f"faint must be None or > 0, got {faint!r}")
        self.faint = None if faint is None else float(faint)
        if faint_coarse is not None and not float(faint_coarse) > 0:
            raise ValueError(f"faint_coarse must be None or > 0, got {faint_coarse!r}")
        self.faint_coarse = None if faint_coarse is None else float(faint_coarse)
        self.faint_tiled = bool(faint_tiled)
        self.faint_image = bool(faint_image)
        self.faint_clip = None if faint_clip is None else float(faint_clip)
        if faint_copies is not None and not 0 < float(faint_copies) < 1:
            raise ValueError(f"faint_copies must be None or in (0, 1), got {faint_copies!r}")
        self.faint_copies = None if faint_copies is None else float(faint_copies)
        self.turned_frames = bool(turned_frames)
        self.low_contrast = None if low_contrast is None else float(low_contrast)
        self.low_contrast_lit = None if low_contrast_lit is None else float(low_contrast_lit)
        self.low_contrast_coarse = None if low_contrast_coarse is None else float(low_contrast_coarse)
        self.concurrent = (threads != 1) if concurrent is None else bool(concurrent)
        if overlap_threads is not None and int(overlap_threads) < 1:
            raise ValueError(f"overlap_threads must be None or >= 1, got {overlap_threads!r}")
        self.overlap_threads = None if overlap_threads is None else int(overlap_threads)
        # the main and union models again, with overlap_threads intra-op threads, for the
        # two passes that run at the same time; every other pass keeps the sessions above
        self._overlap = None  # (main, union) sessions they copy, (main, union) copies
        if self.concurrent and self.overlap_threads is not None and self.overlap_threads != threads \
                and self.union_sessions and not self._union_shares_input():
            ot = dict(rt, threads=self.overlap_threads)
            self._overlap = ((list(self.sessions), list(self.union_sessions)),
                             ([cpu_session(p, **ot) for p in paths],
                              [cpu_session(model_path(u, fused=fused), **ot) for u in self.union]))
        self._helpers = None  # (pid, ThreadPoolExecutor), made on first use (not across a fork)
        self.recognizer = None
        if self.verify > 0:
            self.recognizer = Recognizer(model="ppocrv4", both_ways=self.vertical, fused=fused, pad=rec_pad,
                                         **dict(rt, threads=threads if rec_threads is None else int(rec_threads)))
        self.post = dict(
            thresh=float(thresh), box_thresh=float(box_thresh),
            unclip_ratio=float(unclip_ratio), max_candidates=int(max_candidates),
            bent=None if bent is None else float(bent),
            # a piece of a split region is read before it is kept (the recogniser
            # confirms boxes under ``confident`` only)
            bent_cap=float(np.nextafter(np.float32(confident), np.float32(0))) if self.verify > 0 else 1.0,
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

    def _pass_scale(self, H: int, W: int, s: float, m: float) -> float:
        """The scale of a main-model pass (or the union models' whole-image pass, at
        ``union_scale``) at multiple ``m`` of the chosen scale ``s``: ``s * m``, lowered where its short side would pass ``scale_side_len``
        (never below ``s``; within a millionth of a pixel of the limit counts as
        within it, so an image at the limit keeps ``s * m`` bit for bit)."""
        short = min(H, W)
        limit = self.scale_side_len
        if limit is None or m <= 1 or short * s * m <= limit + 1e-6:
            return s * m
        return max(s, self.scale_side_len / short)

    def _view_multiple(self) -> float:
        """The multiple of the chosen scale of the passes over contrast views (``tiled``,
        ``low_contrast``): ``view_scale``, else the first of ``scales``."""
        return self.scales[0] if self.view_scale is None else self.view_scale

    def _run(self, bgr: np.ndarray, sessions=None) -> np.ndarray:
        """Probability map of an image whose sides are multiples of 32.

        ``sessions``: the models to run (default the main ones, maps fused by max).
        """
        return self._run_groups(bgr, [self.sessions if sessions is None else sessions])[0]

    def _run_groups(self, bgr: np.ndarray, groups, *, pad=(0, 0),
                    rgb: bool = False) -> list[np.ndarray]:
        """One map per group of sessions (each group's maps fused by max), all from
        one normalised input: models that see the same pixels share the pre-processing.
        ``pad`` and ``rgb``: see :func:`_blob` (the maps keep the padded size)."""
        x = _blob(bgr, pad=pad, rgb=rgb)
        maps = []
        for sessions in groups:
            out = None
            for sess in sessions:  # text seen by any model of the group
                p = sess.run(None, {sess.get_inputs()[0].name: x})[0][0, 0]
                out = p if out is None else np.maximum(out, p)
            maps.append(out)
        return maps

    def _run_padded_groups(self, bgr: np.ndarray, groups, *,
                           rgb: bool = False) -> list[np.ndarray]:
        h, w = bgr.shape[:2]
        # padded to a multiple of 32 with the normalisation mean (grey), which the
        # network reads as ~0; the padding is written into the input (:func:`_blob`)
        maps = self._run_groups(bgr, groups, pad=(-h % 32, -w % 32), rgb=rgb)
        return [p[:h, :w] for p in maps]

    def _prob_scaled(self, bgr: np.ndarray, sessions=None) -> np.ndarray:
        """Probability map at the scaled size, tiling along the long side if needed."""
        return self._prob_scaled_groups(bgr, [self.sessions if sessions is None else sessions])[0]

    def _prob_scaled_groups(self, bgr: np.ndarray, groups, *,
                            rgb: bool = False) -> list[np.ndarray]:
        """:meth:`_prob_scaled` for each group of sessions, one input shared
        (``rgb``: the image's channels are R, G, B, swapped while normalising, see
        :func:`_blob`)."""
        h, w = bgr.shape[:2]
        transpose = h > w
        if transpose:
            bgr = bgr.transpose(1, 0, 2)
            h, w = w, h
        if w <= self.max_side_len:
            probs = self._run_padded_groups(bgr, groups, rgb=rgb)
        else:
            tile = self.max_side_len
            overlap = min(max(h, 128), tile // 2)
            step = tile - overlap
            starts = list(range(0, w - tile, step)) + [w - tile]
            probs = [np.zeros((h, w), np.float32) for _ in groups]
            for i, x0 in enumerate(starts):
                ps = self._run_padded_groups(bgr[:, x0:x0 + tile], groups, rgb=rgb)
                # keep each tile's centre: cut half the overlap at inner edges
                a = 0 if i == 0 else overlap // 2
                b = tile if i == len(starts) - 1 else tile - overlap // 2
                # the next tile may start earlier (last one is right-aligned)
                for prob, p in zip(probs, ps):
                    prob[:, x0 + a:x0 + b] = p[:, a:b]
        return [p.T for p in probs] if transpose else probs

    def _pred_at(self, image: np.ndarray, s: float, sessions=None) -> np.ndarray:
        """The network's map for ``image`` (RGB) resized by ``s`` (``sessions``: see :meth:`_run`)."""
        return self._pred_at_groups(image, s, [self.sessions if sessions is None else sessions])[0]

    def _pred_at_groups(self, image: np.ndarray, s: float, groups) -> list[np.ndarray]:
        """:meth:`_pred_at` for each group of sessions: one resize and one normalised
        input for all (the same maps as one call per group)."""
        H, W = image.shape[:2]
        h, w = max(1, int(round(H * s))), max(1, int(round(W * s)))
        # the RGB image resized as it is (OpenCV resizes each channel alone, so this is
        # the resized BGR image with its channels swapped, bit for bit); the swap to the
        # network's BGR happens while normalising, without a reversed copy
        if (h, w) != (H, W):
            interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
            image = cv2.resize(image, (w, h), interpolation=interp)
        return self._prob_scaled_groups(image, groups, rgb=True)

    def _pred_regions(self, image: np.ndarray, s: float, m: float, size, seen: np.ndarray) -> np.ndarray:
        """The map at :meth:`_pass_scale` ``(s, m)`` (``s * m`` unless
        ``scale_side_len`` caps it) computed only around ``seen`` pixels, 0 elsewhere.

        Parameters
        ----------
        image : (H, W, 3) uint8 RGB
        s, m : float
            The chosen scale and this pass's multiple of it.
        size : (h, w)
            The map's size at scale ``s``.
        seen : (h, w) bool
            Where the earlier passes saw any text evidence.

        Returns
        -------
        (h, w) float32
            This pass's map resized to ``size``; 0 outside the regions run.
        """
        h, w = size
        H, W = image.shape[:2]
        scale = self._pass_scale(H, W, s, m)  # (capped on the whole image's short side)
        cell = _RESCAN_CELL
        gh, gw = -(-h // cell), -(-w // cell)
        grid = np.zeros((gh * cell, gw * cell), bool)
        grid[:h, :w] = seen
        grid = grid.reshape(gh, cell, gw, cell).any(axis=(1, 3)).astype(np.uint8)
        out = np.zeros((h, w), np.float32)
        if not grid.any():
            return out
        grid = cv2.dilate(grid, np.ones((3, 3), np.uint8))  # context: one cell around
        if grid.mean() > _RESCAN_WHOLE:
            p = self._pred_at(image, scale)
            return p if p.shape == (h, w) else cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA)
        n, _, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
        for x, y, cw, ch, _a in stats[1:n]:
            # the cell box in original pixels, then this pass's map of that crop
            X0, Y0 = int(x * cell * W / w), int(y * cell * H / h)
            X1 = min(W, int(np.ceil((x + cw) * cell * W / w)))
            Y1 = min(H, int(np.ceil((y + ch) * cell * H / h)))
            x0, y0 = int(round(X0 * w / W)), int(round(Y0 * h / H))
            x1, y1 = min(w, int(round(X1 * w / W))), min(h, int(round(Y1 * h / H)))
            if x1 <= x0 or y1 <= y0:
                continue
            p = self._pred_at(image[Y0:Y1, X0:X1], scale)
            out[y0:y1, x0:x1] = cv2.resize(p, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
        return out

    def _overlapping(self):
        """The (main, union) sessions of the two passes that run side by side: the
        ``overlap_threads`` copies where they were made for the sessions in use, else
        those sessions (none made, or the sessions replaced since)."""
        if self._overlap is not None:
            (main, union), copies = self._overlap
            if len(main) == len(self.sessions) and len(union) == len(self.union_sessions) and \
                    all(a is b for a, b in zip(main + union, list(self.sessions) + list(self.union_sessions))):
                return copies
        return self.sessions, self.union_sessions

    def _union_shares_input(self) -> bool:
        """Whether the union models run on the main model's input (a main pass at
        1.0x and ``union_scale`` 1): one resize and normalisation for both."""
        return bool(self.union_sessions) and 1.0 in self.scales \
            and self.union_scale == 1.0

    def _helper_pool(self):
        """The helper threads of ``concurrent`` (made in this process on first use)."""
        import os
        from concurrent.futures import ThreadPoolExecutor

        if self._helpers is None or self._helpers[0] != os.getpid():
            pool = ThreadPoolExecutor(max_workers=len(self.union_sessions) + 1, thread_name_prefix="ppocr-helper")
            weakref.finalize(self, pool.shutdown, wait=False)
            self._helpers = (os.getpid(), pool)
        return self._helpers[1]

    def _tiling(self, image: np.ndarray):
        """What the image's repetition says, from the image alone (``tiled``, ``faint``,
        ``faint_coarse``): ``(tiled, per_view, faint_only, average)``; ``average`` is the
        lattice average (:func:`lattice_average`) where it is read, else None."""
        evidence, per_view = tiling_evidence(image)
        tiled, faint_only, coarse, average = evidence >= self.tiled, False, False, None
        if self.faint is not None and not tiled:
            # a faint mark over a busy random ground: its lattice shows only once the
            # ground's broad spectrum is flattened (ordinary creatives: at most 13.6)
            z, z_view = lattice_evidence(image, clip=self.faint_clip)
            if z >= self.faint:
                tiled, faint_only = True, True
                per_view = [self.tiled if zv >= self.faint else 0.0 for zv in z_view]
            elif self.faint_coarse is not None:
                # a long mark: its second lattice direction lies beyond the fine window
                z, z_view = lattice_evidence(image, clip=self.faint_clip, **_COARSE)
                if z >= self.faint_coarse:
                    tiled, faint_only, coarse = True, True, True
                    per_view = [self.tiled if zv >= self.faint_coarse else 0.0 for zv in z_view]
        if self.faint is not None and (faint_only or (tiled and self.faint_tiled)):
            # the image averaged over its lattice: the mark stays, the ground under it
            # (random, or a fabric's period that is not the mark's) averages out
            average = lattice_average(image, clip=self.faint_clip, **(_COARSE if coarse else {}))
        return tiled, per_view, faint_only, average

    def _detect_one(self, image: np.ndarray):
        H, W = image.shape[:2]
        s = self._scale(H, W)
        pending = {}  # union model index (or "tiling") -> the helper thread's future
        if self.concurrent:
            pool = self._helper_pool()
            signal = self._networks_signal()
            if not self._union_shares_input():
                for k, sess in enumerate(self._overlapping()[1]):
                    su = self._pass_scale(H, W, s, self.union_scale)
                    pending[k] = pool.submit(self._pred_at, image, su, [sess])
                    if signal is not None:
                        # the first of the two whole-image passes to end frees a core (v6
                        # small may end before v4 at 1.25x, which signals below)
                        pending[k].add_done_callback(lambda f: signal())
            if self.tiled is not None:
                pending["tiling"] = pool.submit(self._tiling, image)
        try:
            return self._detect_with(image, s, pending)
        finally:
            for f in pending.values():  # left uncollected by an error: not started, not run
                f.cancel()

    def _detect_with(self, image: np.ndarray, s: float, pending: dict):
        """:meth:`_detect_one` at scale ``s``; ``pending`` holds the helper threads' futures
        (collected, and removed, where the sequential order uses them)."""
        H, W = image.shape[:2]
        h, w = max(1, int(round(H * s))), max(1, int(round(W * s)))
        pred = None
        union_maps = {}  # union model index -> its map, when run with the main pass at scale s
        for m in self.scales:
            if pred is not None and self.rescan is not None:
                p = self._pred_regions(image, s, m, (h, w), pred >= self.rescan)
            elif m == 1.0 and self._union_shares_input() and not union_maps:
                # the union models see the same input: one resize and normalisation (only
                # when 1.0 is among the scales: the default v4 pass at 1.25 has its own input)
                p, *more_maps = self._pred_at_groups(image, s, [self.sessions] + [[u] for u in self.union_sessions])
                union_maps = dict(enumerate(more_maps))
            else:
                # the first pass runs beside the union models' (``overlap_threads``)
                overlap = pred is None and any(isinstance(k, int) for k in pending)
                p = self._pred_at(image, self._pass_scale(H, W, s, m),
                                  self._overlapping()[0] if overlap else None)
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
        if any(isinstance(k, int) for k in pending):
            # the main pass is done while the union models' run on the helper: a core is free
            self._networks_done()
        polys, scores = db_boxes(pred, scale=(w / W, h / H), size=(W, H), **self.post)
        n_main = len(polys)
        pred_main, union_ps = pred, []
        for k, sess in enumerate(self.union_sessions):
            if k in union_maps:
                p = union_maps[k]
            else:
                p = pending.pop(k).result() if k in pending else \
                    self._pred_at(image, self._pass_scale(H, W, s, self.union_scale), [sess])
            if p.shape != (h, w):
                p = cv2.resize(p, (w, h), interpolation=cv2.INTER_LINEAR)
            more, more_scores = db_boxes(p, scale=(w / W, h / H), size=(W, H), **self.post)
            polys, scores = unite_boxes(polys, scores, more, more_scores, (H, W),
                                        margin=self.union_margin)
            pred = np.maximum(pred, p)
            union_ps.append(p)
        # the passes over the whole image are done: what follows (the recogniser on a few
        # crops, glyph masks) leaves a core idle for the caller's other work (where the
        # passes ran side by side, the first to end has signalled already)
        self._networks_done()
        look = None  # the faint pass to run (``low_contrast``): (its coarse multiple or None,)
        if self.low_contrast is not None and self.recognizer is not None:
            if self.low_contrast_lit is None or self._faint_ground(image, pred_main, union_ps):
                look = (None,)
            elif self.low_contrast_coarse is not None:
                # the gate is closed (a busy ground): large semi-transparent headlines from
                # a cheap look at the contrast view at a low scale
                look = (self.low_contrast_coarse,)
        if look is not None and self.concurrent:
            # its view, map and boxes need only the image (the gate reads the maps above):
            # made on a helper thread beside the recogniser and the fine-print pass, with
            # the one-thread copy where there is one (the same map); on the caller, after
            # them, they lengthened the critical path (session 22's timeline: +27 ms wall)
            pending["look"] = self._helper_pool().submit(self._low_contrast_boxes, image, s, coarse=look[0],
                                                         sessions=self._overlapping()[0])
        if self.recognizer is not None and polys:
            big = _box_areas(polys) > self.confident_area * H * W
            if self.confident_main is None:
                keep = (scores >= self.confident) & ~big
            else:
                main = np.arange(len(polys)) < n_main
                keep = (scores >= np.where(main, self.confident_main, self.confident)) & ~big
            unsure = np.flatnonzero(~keep)
            if len(unsure):
                conf = self.recognition_confidence(image, [polys[i] for i in unsure])
                keep[unsure] = conf >= np.where(unsure < n_main, self.verify, self.union_verify)
            dropped = [polys[i] for i in np.flatnonzero(big & ~keep)]
            if dropped and union_ps:
                # a frame-sized region the recogniser refused (PP-OCRv6 small lights up a
                # dark star field): the union maps there are not text evidence, and would
                # hide the faint lines the fine-print pass looks for under them
                pred = _without_regions(pred_main, union_ps, dropped, (w / W, h / H))
            polys = [p for p, k in zip(polys, keep) if k]
            scores = scores[keep]
            if dropped and self.turned_frames:
                polys, scores = self._turned_frame(image, s, polys, scores)
        if self.fine_print and self.recognizer is not None:
            polys, scores = self._fine_pass(image, s, pred, polys, scores)
        if look is not None:
            # read here, in the sequential order: its boxes are judged against those found so far
            boxes = pending.pop("look").result() if "look" in pending else None
            polys, scores = self._low_contrast_pass(image, s, polys, scores, coarse=look[0], boxes=boxes)
        tiled, views, average, faint_only = False, (), None, False
        if self.tiled is not None:
            tiling = pending.pop("tiling").result() if "tiling" in pending else self._tiling(image)
            tiled, per_view, faint_only, average = tiling
            if tiled and self.recognizer is not None:
                if not faint_only:
                    polys, scores = self._tiled_pass(image, s, polys, scores, per_view)
                if average is not None:
                    n = len(polys)
                    polys, scores = self._tiled_pass(average[0], s, polys, scores, per_view)
                    polys, scores = _without_ghosts(polys, scores, n, average[1])
                if faint_only and self.faint_image:
                    # after the average (its ghost filter judges its boxes against the
                    # first look's alone): the copies the image's own contrast view shows
                    polys, scores = self._tiled_pass(image, s, polys, scores, per_view)
                if faint_only and average is not None and self.faint_copies is not None and len(polys) > n:
                    # the copies read on this path are the mark's: the lattice says where
                    # the others are; each is kept where the image shows the average's mark
                    seeds = [polys[n + i] for i in np.argsort(-np.asarray(scores[n:]), kind="stable")]
                    more, more_scores = lattice_copies(
                        image, average[0], seeds, lattice_basis(average[1]), min_ncc=self.faint_copies,
                        views=tuple(int(k) for k in np.argsort(per_view)[::-1] if per_view[k] >= self.tiled),
                        clip=self.faint_clip)
                    polys, scores = unite_boxes(polys, scores, more, more_scores, (H, W),
                                                margin=self.union_margin)
            if tiled and self.tiled_views:
                # the colour views that repeat, the strongest first
                views = tuple(int(k) for k in np.argsort(per_view)[::-1] if k and per_view[k] >= self.tiled)
        if self.repeats and polys:
            # tiled watermarks: the copies the networks missed, found from the ones they saw
            # (the finer second attempt for small copies, and the colour views, only where
            # the image tiles). Copies are checked on the image, not on the lattice average,
            # which repeats any text faintly at every lattice shift.
            more, more_scores = repeated_polygons(image, polys, fine=16.0 if tiled else 0.0, views=views)
            polys, scores = unite_boxes(polys, scores, more, more_scores, (H, W), margin=self.union_margin)
        if (h, w) != (H, W):
            prob = cv2.resize(pred, (W, H), interpolation=cv2.INTER_LINEAR)
        else:
            prob = pred
        prob = np.clip(prob, 0.0, 1.0).astype(np.float32, copy=False)
        return prob, polys, scores

    def _fine_pass(self, image: np.ndarray, s: float, pred: np.ndarray, polys, scores):
        """Fine print the DB rule just rejected, looked at again at 2x (``fine_print``)."""
        from .glyphs import polygon_height

        H, W = image.shape[:2]
        h, w = pred.shape
        cands = thin_candidates(pred, thresh=self.post["thresh"], box_thresh=self.post["box_thresh"],
                                scale=(w / W, h / H), size=(W, H))[:self.fine_print]
        new, new_scores = [], []
        for c in cands:
            m = int(np.ceil(2 * polygon_height(c))) + 8  # context around the line
            X0, Y0 = np.maximum(np.floor(c.min(0)).astype(int) - m, 0)
            X1, Y1 = np.minimum(np.ceil(c.max(0)).astype(int) + m, [W, H])
            crop = image[Y0:Y1, X0:X1]
            if crop.shape[0] < 4 or crop.shape[1] < 4:
                continue
            if self.vertical and _runs_vertically(c):
                # the DB rule may have kept only a piece of a faint line: where the line
                # found reaches an end of the crop, the crop follows it (twice at most)
                ps, sc, (X0, Y0, X1, Y1) = follow_line(
                    (H, W), (X0, Y0, X1, Y1), m, 1,
                    lambda x0, y0, x1, y1: self._turned_boxes(image[y0:y1, x0:x1], 2 * s))
            elif self.fine_follow:
                # the same for a level line, along x; only the boxes on the candidate's
                # line count (the crop's margin shows the ground's own edges above and below)
                def level(x0, y0, x1, y1, c=c):
                    ps, sc = self._crop_boxes(image[y0:y1, x0:x1], 2 * s)
                    on = [on_line(c, q + np.float32([x0, y0])) for q in ps]
                    return [q for q, o in zip(ps, on) if o], [v for v, o in zip(sc, on) if o]

                ps, sc, (X0, Y0, X1, Y1) = follow_line((H, W), (X0, Y0, X1, Y1), m, 0, level)
            else:
                p = self._pred_at(crop, 2 * s)
                ps, sc = db_boxes(p, scale=(p.shape[1] / crop.shape[1], p.shape[0] / crop.shape[0]),
                                  size=(crop.shape[1], crop.shape[0]), **self.post)
            new += [q + np.float32([X0, Y0]) for q in ps]
            new_scores += list(sc)
        return self._add_read(image, polys, scores, new, new_scores, self.union_verify)

    def _add_read(self, read_on: np.ndarray, polys, scores, more, more_scores, verify: float):
        """``polys`` and the boxes of ``more`` that add text (:func:`unite_boxes`) and that the
        recogniser reads on ``read_on`` at ``verify`` or more; ``polys`` unchanged if none."""
        if not more:
            return polys, scores
        n = len(polys)
        united, united_scores = unite_boxes(polys, scores, more, more_scores, read_on.shape[:2],
                                            margin=self.union_margin)
        new, new_scores = united[n:], united_scores[n:]
        if not new:
            return polys, scores
        ok = self.recognition_confidence(read_on, new) >= verify
        if not ok.any():
            return polys, scores
        return list(polys) + [q for q, o in zip(new, ok) if o], np.concatenate([united_scores[:n], new_scores[ok]])

    def _turned_frame(self, image: np.ndarray, s: float, polys, scores):
        """Boxes of the whole image turned upright, where a frame-sized box was refused
        (``turned_frames``): a detector's map lit up over a whole frame (a star field)
        hides a line running up or down the image from every later pass. Boxes over
        ``confident_area`` are left out; those that add text (:func:`unite_boxes`) and
        the recogniser reads at ``union_verify`` or more are added."""
        H, W = image.shape[:2]
        more, more_scores = self._turned_boxes(image, s)
        small = [i for i, q in enumerate(more) if _box_areas([q])[0] <= self.confident_area * H * W]
        if not small:
            return polys, scores
        return self._add_read(image, polys, scores, [more[i] for i in small], [more_scores[i] for i in small],
                              self.union_verify)

    def _crop_boxes(self, crop: np.ndarray, s: float):
        """Boxes of a level crop from the main and the ``union`` models at scale ``s``
        (one input, boxes united as :func:`unite_boxes`), in the crop's own pixels.

        Returns
        -------
        polygons : list of (4, 2) float32
        scores : list of float
        """
        ch, cw = crop.shape[:2]
        maps = self._pred_at_groups(crop, s, [self.sessions] + [[u] for u in self.union_sessions])
        polys, scores = [], np.zeros(0, np.float32)
        for p in maps:
            more, more_scores = db_boxes(p, scale=(p.shape[1] / cw, p.shape[0] / ch), size=(cw, ch), **self.post)
            polys, scores = unite_boxes(polys, scores, more, more_scores, (ch, cw), margin=self.union_margin)
        return polys, list(scores)

    def _turned_boxes(self, crop: np.ndarray, s: float):
        """Boxes of a vertical crop, found with it turned upright (``vertical``).

        The crop is turned 90 degrees clockwise (a line written bottom to top reads
        level; DB finds a line upside down as well), the main and the ``union`` models
        run on it at scale ``s`` from one input, and their boxes (:func:`unite_boxes`)
        come back in the crop's own pixels.

        Returns
        -------
        polygons : list of (4, 2) float32
        scores : list of float
        """
        ch, cw = crop.shape[:2]
        turned = np.ascontiguousarray(np.rot90(crop, -1))  # (cw, ch): turned clockwise
        polys, scores = self._crop_boxes(turned, s)
        return [turn_back(q, ch) for q in polys], scores

    def _tiled_pass(self, image: np.ndarray, s: float, polys, scores, per_view):
        """Boxes of a dense tiled mark, from the contrast-normalised views (``tiled``).

        ``per_view``: :func:`tiling_evidence`'s evidence per colour view; the views at
        ``self.tiled`` or above are read. Returns ``(polys, scores)`` with the new boxes
        the recogniser confirms on the view added.
        """
        H, W = image.shape[:2]
        h, w = max(1, int(round(H * s))), max(1, int(round(W * s)))
        # every view that repeats: a periodic texture repeats in all of them, and the
        # mark stands out in the one its colour differs from the texture's along
        for k in np.argsort(per_view)[::-1]:
            if per_view[k] < self.tiled:
                break
            view = contrast_view(image, int(k))
            p = self._pred_at(view, self._pass_scale(H, W, s, self._view_multiple()))
            if p.shape != (h, w):
                p = cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA)
            more, more_scores = db_boxes(p, scale=(w / W, h / H), size=(W, H), **self.post)
            if not more:
                continue
            # only the boxes that add text are read (the union's rule; it keeps their order)
            polys, scores = self._add_read(view, polys, scores, more, more_scores, self.tiled_verify)
        return polys, scores

    def _faint_ground(self, image, main, others) -> bool:
        """Whether the ``low_contrast`` pass runs (``low_contrast_lit``): a cost heuristic.

        The ``union`` models light at least ``low_contrast_lit`` of the frame that the main
        model leaves dark (the ground around a faint word), and some of that part has local
        structure (:data:`STRUCTURE_SHARE` of the frame at :data:`STRUCTURE_FLOOR`): a
        flat ground, which PP-OCRv6 small lights by its brightness alone, holds no word.
        """
        thresh = self.post["thresh"]
        return (lit_share(main, others, thresh) >= self.low_contrast_lit
                and lit_share(main, others, thresh, image=image) >= STRUCTURE_SHARE)

    def _low_contrast_pass(self, image: np.ndarray, s: float, polys, scores, *, coarse: float | None = None,
                           boxes=None):
        """Faint words from the contrast-normalised luminance (``low_contrast``): the new
        boxes the recogniser reads on the image at ``low_contrast`` or more are added.

        ``coarse`` (``low_contrast_coarse``): the view is made of the image resized to
        ``coarse * s`` and the main model runs on it at that size (a large word's strokes
        come within the view's 4-px high-pass, and the pass costs ``coarse ** 2 / 1.56``
        of the full one's network time at ``scales`` 1.25x). ``boxes``: the candidate
        boxes ``(polys, scores)`` of :meth:`_low_contrast_boxes` made beforehand (on a
        helper thread, ``concurrent``), else made here."""
        if boxes is None:
            boxes = self._low_contrast_boxes(image, s, coarse=coarse)
        more, more_scores = boxes
        # read on the image, not the view: the view lends any texture a word's contrast
        return self._add_read(image, polys, scores, more, more_scores, self.low_contrast)

    def _low_contrast_boxes(self, image: np.ndarray, s: float, *, coarse: float | None = None, sessions=None):
        """The candidate boxes ``(polys, scores)`` of :meth:`_low_contrast_pass`: the contrast
        view, the main model's map of it (on ``sessions``, see :meth:`_run`) and its DB
        boxes, from the image alone (none of them read yet)."""
        H, W = image.shape[:2]
        h, w = max(1, int(round(H * s))), max(1, int(round(W * s)))
        if coarse is None:
            view = contrast_view(image, 0)
            p = self._pred_at(view, self._pass_scale(H, W, s, self._view_multiple()), sessions)
        else:
            f = coarse * s
            small = cv2.resize(image, (max(1, int(round(W * f))), max(1, int(round(H * f)))),
                               interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR)
            p = self._pred_at(contrast_view(small, 0), 1.0, sessions)
        if p.shape != (h, w):
            p = cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA if coarse is None else cv2.INTER_LINEAR)
        return db_boxes(p, scale=(w / W, h / H), size=(W, H), **self.post)

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
        if self.recognizer is None:
            raise BackendUnavailableError("recognition_confidence needs PPOCRText(verify=...) > 0")
        if not len(polygons):
            return np.zeros(0, np.float32)
        readings = self.recognizer.read(image, [np.asarray(p, np.float32) for p in polygons])
        return np.asarray([r.confidence for r in readings], np.float32)

    def _detect(self, images):
        return [self._detect_one(im) for im in images]


def follow_line(shape: tuple, box: tuple, margin: float, axis: int, boxes, looks: int = 3):
    """Boxes of a line found in a crop that follows it along ``axis`` (0: x, 1: y).

    ``boxes(x0, y0, x1, y1)`` gives the boxes found in the crop ``[y0:y1, x0:x1]`` of an
    image of ``shape`` (crop coordinates) and their scores. While they come within
    ``margin`` of an end of the crop that is not the image's, the crop grows by its own
    length that way and is looked at again, ``looks`` times in all; the last look's boxes
    are returned with the crop they were found in, ``(polys, scores, (x0, y0, x1, y1))``.

    Examples
    --------
    A line that reaches both ends of every crop: the crop grows twice, and the boxes come
    with the crop they were found in.

    >>> line = lambda x0, y0, x1, y1: ([np.float32([[0, 0], [x1 - x0, 0], [x1 - x0, 5], [0, 5]])], [0.9])
    >>> ps, sc, box = follow_line((100, 1000), (400, 10, 500, 30), 8, 0, line)
    >>> box, float(ps[0][1, 0])
    ((0, 10, 900, 30), 900.0)
    """
    H, W = shape[:2]
    end = (W, H)[axis]
    b = list(box)
    ps, sc = [], []
    for look in range(looks):
        ps, sc = boxes(*b)
        if not ps:
            break
        a0, a1 = b[axis], b[axis + 2]
        first = min(float(q[:, axis].min()) for q in ps)
        last = max(float(q[:, axis].max()) for q in ps)
        length = a1 - a0
        lo, hi = a0 > 0 and first < margin, a1 < end and last > length - margin
        if not (lo or hi) or look == looks - 1:  # the last look's boxes stay in its own crop
            break
        b[axis], b[axis + 2] = (max(0, a0 - length) if lo else a0), (min(end, a1 + length) if hi else a1)
    return ps, sc, tuple(b)


def on_line(line: np.ndarray, box: np.ndarray) -> bool:
    """True when ``box`` lies on the text line of the rectangle ``line`` (both (4, 2)).

    The box's centre is within half a line height of the line's long axis (the height
    is the larger of the two boxes'), and the box is at most 4 times the line's height
    plus 8 px tall (``line`` may be a DB region before its unclip offset, a few pixels
    high, and ``box`` a found box after it): a piece of the same line, not the ground's
    edge above or below it, nor a box that merged it with other lines.

    Examples
    --------
    >>> ln = np.float32([[0, 0], [100, 0], [100, 10], [0, 10]])
    >>> on_line(ln, ln + np.float32([150, 2])), on_line(ln, ln + np.float32([0, 14]))
    (True, False)
    >>> on_line(ln, np.float32([[0, -30], [100, -30], [100, 40], [0, 40]]))  # merged lines
    False
    """
    from .glyphs import polygon_height

    line = np.asarray(line, np.float32).reshape(-1, 2)
    box = np.asarray(box, np.float32).reshape(-1, 2)
    e1, e2 = line[1] - line[0], line[2] - line[1]
    u = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    u = u / max(float(np.hypot(*u)), 1e-6)
    normal = np.float32([-u[1], u[0]])
    hl, hb = polygon_height(line), polygon_height(box)
    off = abs(float((box.mean(0) - line.mean(0)) @ normal))
    return off <= 0.5 * max(hl, hb) and hb <= 4 * hl + 8


def _without_ghosts(polys, scores, n: int, shifts: np.ndarray):
    """Drop the boxes from ``n`` on that sit one lattice shift away from a box before ``n``.

    The lattice average (:func:`creative_tools.text.repeat.lattice_average`) repeats any
    text faintly at every shift: a box read there at a found box's position plus a shift
    is that box's ghost (a fine line over a texture that happens to pass the faint gate).
    A real copy of the mark there is not lost: the repeat step copies the found boxes.
    """
    from .geometry import polygon_height

    if n == 0 or len(polys) == n or not len(shifts):
        return polys, scores
    old = [(np.asarray(p, np.float32).reshape(-1, 1, 2), max(4.0, 0.5 * polygon_height(p))) for p in polys[:n]]
    keep = list(range(n))
    for i in range(n, len(polys)):
        c = np.asarray(polys[i], np.float32).mean(0)
        # the centre moved back by a shift lands in (or within half a line of) a found box
        ghost = any(cv2.pointPolygonTest(q, (float(x), float(y)), True) >= -tol
                    for x, y in c[None] - shifts for q, tol in old)
        if not ghost:
            keep.append(i)
    return [polys[i] for i in keep], np.asarray(scores)[keep]


def _runs_vertically(box: np.ndarray) -> bool:
    """True when the long side of a rectangle (4, 2) is closer to vertical than to level."""
    e1, e2 = box[1] - box[0], box[2] - box[1]
    d = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    return abs(float(d[1])) > abs(float(d[0]))


def turn_back(points: np.ndarray, height: int) -> np.ndarray:
    """Points of an image turned 90 degrees clockwise (``np.rot90(a, -1)``) in the
    pixels of the image before the turn, whose height is ``height``.

    Pixel ``(x', y')`` of the turned image shows pixel ``(y', height - x')`` of the
    original (continuous coordinates, pixel edges at integers).

    Examples
    --------
    >>> a = np.zeros((3, 5)); a[2, 0] = 1  # bottom-left pixel
    >>> np.argwhere(np.rot90(a, -1) == 1).tolist()  # row 0, column 0 once turned
    [[0, 0]]
    >>> turn_back(np.float32([[0.5, 0.5]]), 3).tolist()  # its centre, back
    [[0.5, 2.5]]
    """
    p = np.asarray(points, np.float32).reshape(-1, 2)
    return np.stack([p[:, 1], np.float32(height) - p[:, 0]], axis=1)


@register(
    "text",
    "ppocr",
    description="PP-OCRv4 + PP-OCRv6 small DB text detectors, boxes united (onnxruntime; model files "
                "from rapidocr_onnxruntime and rapidocr)",
    requires=("onnxruntime",),
    packaged=("ppocrv4_det", "ppocrv4_rec", "ppocrv6_det_small"),
    embedded=True,
)
def _factory(**options) -> PPOCRText:
    return PPOCRText(**options)
