"""People found by BlazePose: detection on the frame and tiles, the rotated square
crop (ROI) around each body, and the pose-landmark model's segmentation of each crop
warped back into the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._anchors import box_overlap, decode_detections, weighted_nms
from .runtime import _TFLite

__all__ = ["PoseDetection", "PersonCrop", "detect_people", "segment_person"]

_DET_SIZE = 224  # pose detector input side
_LMK_SIZE = 256  # pose landmark / segmentation input side


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
    zoomed : bool
        Found on a zoom window around an uncertain answer (:func:`detect_people`'s
        ``zoom_above``) or on the finer grid, not on the frame or the first grid.
    fine : bool
        Found on the finer grid (:func:`detect_people`'s ``fine_tiles``; then
        ``zoomed`` too).
    """

    box: np.ndarray
    keypoints: np.ndarray
    score: float
    zoomed: bool = False
    fine: bool = False

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

    def upper_roi(self, *, scale: float = 1.25) -> tuple[float, float, float, float]:
        """Rotated square ROI ``(cx, cy, side, rotation)`` of the upper body.

        The detector's other pair of keypoints (shoulder centre, upper-body scale
        point; mediapipe's upper-body pose used them): centred on the shoulders, side
        twice the distance to the scale point times ``scale``. For a bust or a person
        in an avatar, whose hips are not in the picture, the whole-body ROI is centred
        below the person and the landmark model sees mostly background.
        """
        (x0, y0), (x1, y1) = self.keypoints[2], self.keypoints[3]
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


def _roi_polygon(roi: tuple[float, float, float, float], grow: float) -> np.ndarray:
    """Corners ``(4, 2)`` in image pixel-centre coords of a rotated square ROI."""
    cx, cy, side, rot = roi
    c, s, hs = math.cos(rot), math.sin(rot), side * grow / 2.0
    corners = [(-hs, -hs), (hs, -hs), (hs, hs), (-hs, hs)]
    return np.array([[cx + dx * c - dy * s - 0.5, cy + dx * s + dy * c - 0.5] for dx, dy in corners])


def _squares(h: int, w: int, tiles: int, *, overlap: float = 0.0) -> list[tuple[float, float, float]]:
    """Square detector windows ``(x0, y0, side)``: the letterboxed frame, then a grid.

    ``tiles=k`` (k >= 2) adds a k x k grid of overlapping squares, each
    ``1.3 * max(h, w) / k`` wide (never wider than the frame's short side when that
    allows the grid), so people k times smaller reach the detector at the same size.
    A window that repeats an earlier one is listed once: a tile as tall as a 16:9
    frame gives one row, not two identical ones (the detector is the person stage's
    fixed cost, and a person seen twice would count twice in the weighted merge).

    ``overlap`` (in [0, 1)): neighbouring windows along an axis share at least this
    fraction of a window's side; more than ``k`` windows run along an axis where ``k``
    would share less. Capped at the short side, the 2 x 2 grid of a 2:1 frame has two
    windows that only touch (a 3:1 or 4:1 banner too): a person on the seam is cut in
    half in both, and the detector finds neither half. With ``overlap=0.2`` a 2:1
    frame gets three windows along its long side; 16:9, 3:2, 4:3 and square frames
    (22-46 % shared) keep their grid.

    >>> len(_squares(500, 1000, 2)), len(_squares(500, 1000, 2, overlap=0.2))
    (3, 4)
    >>> _squares(608, 1080, 2) == _squares(608, 1080, 2, overlap=0.2)
    True
    """
    side = max(h, w)
    out = [((w - side) / 2.0, (h - side) / 2.0, float(side))]
    if tiles >= 2:
        t = min(1.3 * side / tiles, max(min(h, w), side / tiles))

        def starts(length: int) -> list[float]:
            n = tiles
            # the step between neighbours, (length - t) / (n - 1), may not pass t * (1 - overlap)
            while length > t and (n - 1) * t * (1.0 - overlap) < length - t:
                n += 1
            return [(length - t) * k / (n - 1) for k in range(n)]

        for y0 in starts(h):
            for x0 in starts(w):
                if (x0, y0, float(t)) not in out:
                    out.append((x0, y0, float(t)))
    return out


#: The detector's input of each uint8 value, ``v / 127.5 - 1.0`` in float32 (``_run_windows``).
_DET_NORM = (np.arange(256) / 127.5 - 1.0).astype(np.float32)

# A zoom window whose scale would make the whole frame larger than this is cut from the
# frame first (the grid's windows and ordinary zooms resize the whole frame, cached per scale).
_ZOOM_FRAME_PIXELS = 16_000_000


def _run_windows(net: _TFLite, image: np.ndarray, anchors: np.ndarray, windows, *,
                 score_threshold: float, resized: dict) -> list:
    """The detector on each square window ``(x0, y0, side)`` (black outside the image):
    ``(boxes, keypoints, scores)`` per window in image pixels. ``resized`` caches the
    normalised image per scale (windows of one side share it)."""
    import cv2

    h, w = image.shape[:2]
    found = []
    for x0, y0, side in windows:
        scale = _DET_SIZE / side
        if scale not in resized:
            nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
            interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
            # normalised once per scale (the tiles share one), as each window had it; by a
            # 256-entry table of the same float32 values ``small / 127.5 - 1.0`` gives
            # (bit-identical, about 1.4 of 1.6 ms less on a 517 x 431 window image)
            small = cv2.resize(image, (nw, nh), interpolation=interp)
            resized[scale] = cv2.LUT(small, _DET_NORM)
        small = resized[scale]
        # window origin in the resized image, then the overlap with it
        ox, oy = int(round(x0 * scale)), int(round(y0 * scale))
        canvas = np.full((_DET_SIZE, _DET_SIZE, 3), -1.0, np.float32)  # black border
        sx0, sy0 = max(ox, 0), max(oy, 0)
        sx1 = min(ox + _DET_SIZE, small.shape[1])
        sy1 = min(oy + _DET_SIZE, small.shape[0])
        if sx1 <= sx0 or sy1 <= sy0:
            continue
        canvas[sy0 - oy : sy1 - oy, sx0 - ox : sx1 - ox] = small[sy0:sy1, sx0:sx1]
        out = net(canvas)
        b, k, sc = decode_detections(
            out["Identity"], out["Identity_1"], anchors,
            input_size=_DET_SIZE, score_threshold=score_threshold,
        )
        # normalised window coords -> image pixels (with the window's rounded origin)
        b = ((b * _DET_SIZE + np.array([ox, oy, ox, oy])) / scale).astype(np.float32)
        k = ((k * _DET_SIZE + np.array([ox, oy])) / scale).astype(np.float32)
        found.append((b, k, sc.astype(np.float32)))
    return found


def detect_people(
    net: _TFLite,
    image: np.ndarray,
    anchors: np.ndarray,
    *,
    score_threshold: float,
    iou_threshold: float = 0.3,
    max_people: int | None = None,
    tiles: int = 0,
    tile_overlap: float = 0.0,
    zoom_above: float | None = None,
    zoom_size: float = 3.0,
    zoom_max: int = 2,
    zoom_apart: float = 1.0,
    zoom_fit: float = 2.5,
    zoom_confirm: float = 0.6,
    zoom_ladder: tuple = (),
    fine_tiles: int = 0,
    fine_confirm: float = 0.7,
    fine_fit: float = 1.0,
    fine_above: float | None = None,
    answers: list | None = None,
    answers_above: float | None = None,
    where=None,
) -> list[PoseDetection]:
    """All people the BlazePose detector finds, on the letterboxed frame (and tiles).

    Each window is scaled to 224 x 224 (black outside the image, as mediapipe's
    letterbox); detections of all windows are mapped to image pixels and merged by
    weighted non-maximum suppression.

    ``zoom_above`` (None: off): the detector's uncertain answers, scoring in
    ``[zoom_above, score_threshold)`` and farther than ``zoom_apart`` box sides from every
    person found, are looked at again on a window ``zoom_size`` times their box's longer
    side, centred on the box (at most ``zoom_max`` of them, best first). A small person
    is a few pixels of the 224-pixel input in every window of the grid, and scores
    0.12-0.45 there; on a window around it the detector sees it at its own scale. What a
    zoom window finds at ``zoom_confirm`` or more (a second chance must be a clear
    answer: small people scored 0.62-0.91 there, a cat's cheek and a lamp on a launch
    pad that passed every later check 0.51-0.56), overlapping the uncertain box, with
    a whole-body crop at most ``zoom_fit`` windows wide (the window is there for a small
    person), and not over a person already found (IoU at most ``iou_threshold``), is
    added with ``zoomed=True``; it is checked downstream like any other
    detection. Without ``zoom_above`` the answer is the grid's alone, as before.
    ``zoom_ladder`` (empty: off): tighter window sizes (box sides) tried in turn on an
    uncertain answer whose ``zoom_size`` window found nothing that counts: a bust of
    0.3-1 % of the frame is still small in a window three boxes wide (the box of an
    uncertain answer is often larger than the person) and is found on a tighter one.

    ``fine_tiles`` (0: off; else >= 2 and more than ``tiles``): a second, finer grid of
    ``fine_tiles x fine_tiles`` windows (:func:`_squares`, its letterboxed frame left
    out), for people too small to give even an uncertain answer on the first grid (a
    bust of 1 % of a frame covered by a close-up). Like a zoom window's, its answers
    count only when clear (``fine_confirm`` or more), when the body fits the window it
    was found in (whole-body crop at most ``fine_fit`` windows wide: a larger body is
    one the first grid could see, and it is left to it and to the selfie gate) and when
    not over a person already found; they are added with ``zoomed=True``.
    ``fine_above`` (None: every window of the finer grid): a finer window runs only
    where the first grid gave a faint answer, scoring in ``[fine_above,
    score_threshold)``, whose box centre lies in the window and whose whole-body crop
    fits it (``fine_fit``): a person the finer grid finds already draws a faint answer
    there (0.20-0.45 for the small people of the look-alike tune set), while the first
    grid's faint answers on a typical creative mostly score under 0.1, so most finer
    windows, each a detector pass, are not run.

    ``answers`` (None: not asked): a list that gets one ``(boxes, scores)`` pair, every
    answer of the frame and the first grid (before the merge) scoring ``answers_above``
    or more (default: the lowest score the grid is decoded at), in image pixels; the
    people returned are the same either way (``MediaPipePerson``'s ``edge_cue`` reads
    them).

    ``where`` (None: every answer): a callable taking boxes ``(N, 4)`` (image pixels)
    and giving ``(N,) bool``: only the uncertain and faint answers it keeps open zoom
    and finer-grid windows (``MediaPipePerson``'s ``edge_windows``: the second look's
    windows only on answers across a side).
    """
    h, w = image.shape[:2]
    low = score_threshold if zoom_above is None else min(score_threshold, zoom_above)
    if fine_tiles and fine_above is not None:
        low = min(low, fine_above)
    resized: dict[float, np.ndarray] = {}
    # (decoded lower only for ``answers``: every list below filters by its own score)
    floor = low if answers is None or answers_above is None else min(low, float(answers_above))
    found = _run_windows(net, image, anchors, _squares(h, w, tiles, overlap=tile_overlap),
                         score_threshold=floor, resized=resized)
    if answers is not None:
        above = floor if answers_above is None else float(answers_above)
        ab = np.concatenate([b for b, _, _ in found]) if found else np.zeros((0, 4), np.float32)
        asc = np.concatenate([s for _, _, s in found]) if found else np.zeros(0, np.float32)
        answers.append((ab[asc >= above], asc[asc >= above]))
    if floor < low:
        found = [(b[s >= low], k[s >= low], s[s >= low]) for b, k, s in found]
    if not found:
        return []
    # the finer grid's cue: the faint answers in [fine_above, score_threshold) (the
    # grid is decoded down to the lower of fine_above and zoom_above: a zoom_above
    # under fine_above must not open finer windows on answers under fine_above)
    faint = None
    if fine_tiles and fine_above is not None:
        faint = []
        for b, k, s in found:
            f = (s < score_threshold) & (s >= fine_above)
            if where is not None and len(b):
                f &= np.asarray(where(b), bool)
            faint.append((b[f], k[f], s[f]))
    zlow = low if zoom_above is None else zoom_above
    weak = []
    for b, k, s in found:
        z = (s < score_threshold) & (s >= zlow)
        if where is not None and len(b):
            z &= np.asarray(where(b), bool)
        weak.append((b[z], k[z], s[z]))
    found = [(b[s >= score_threshold], k[s >= score_threshold], s[s >= score_threshold]) for b, k, s in found]
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
    first = len(fs)
    if zoom_above is not None:
        fb, fk, fs = _zoom(net, image, anchors, weak, (fb, fk, fs), score_threshold=score_threshold,
                           iou_threshold=iou_threshold, size=zoom_size, most=zoom_max, apart=zoom_apart,
                           fit=zoom_fit, confirm=zoom_confirm, resized=resized, ladder=zoom_ladder)
    zoom_end = len(fs)
    if fine_tiles:
        fb, fk, fs = _fine(net, image, anchors, (fb, fk, fs), tiles=fine_tiles,
                           overlap=tile_overlap,
                           confirm=max(score_threshold, fine_confirm),
                           iou_threshold=iou_threshold, fit=fine_fit, resized=resized,
                           faint=faint)
    order = np.argsort(-fs, kind="stable")[:max_people]
    return [PoseDetection(fb[i], fk[i], float(fs[i]), zoomed=bool(i >= first),
                          fine=bool(i >= zoom_end)) for i in order]


def _fine(net: _TFLite, image: np.ndarray, anchors: np.ndarray, kept: tuple, *,
          tiles: int, overlap: float, confirm: float, iou_threshold: float, fit: float,
          resized: dict, faint: list | None = None) -> tuple:
    """``kept`` (boxes, keypoints, scores) plus the clear answers of a finer grid that
    fit their window and lie over no one found (see :func:`detect_people`'s
    ``fine_tiles``). ``faint`` (the first grid's answers under the score threshold, per
    window; None: every window runs): only the windows holding the centre of a faint
    answer whose body fits them run (``fine_above``)."""
    fb, fk, fs = kept
    h, w = image.shape[:2]
    windows = _squares(h, w, tiles, overlap=overlap)[1:]  # the frame was seen already
    if faint is not None:
        wb, wk = (np.concatenate(a) for a in zip(*[(b, k) for b, k, _ in faint]))
        if not len(wb):
            return kept
        centre = (wb[:, :2] + wb[:, 2:]) / 2
        body = 2.5 * np.hypot(*(wk[:, 1] - wk[:, 0]).T)
        windows = [(x0, y0, side) for x0, y0, side in windows
                   if np.any((centre[:, 0] >= x0) & (centre[:, 0] < x0 + side)
                             & (centre[:, 1] >= y0) & (centre[:, 1] < y0 + side)
                             & (body <= fit * side))]
        if not windows:
            return kept
    parts = []
    answers = _run_windows(net, image, anchors, windows, score_threshold=confirm,
                           resized=resized)
    for (_, _, side), (b, k, sc) in zip(windows, answers):
        if not len(sc):
            continue
        # the body fits the window (the whole-body crop's side: roi, scale 1.25)
        ok = 2.5 * np.hypot(*(k[:, 1] - k[:, 0]).T) <= fit * side
        parts.append((b[ok], k[ok], sc[ok]))
    if not parts:
        return kept
    nb, nk, ns = (np.concatenate(a) for a in zip(*parts))
    if len(fb) and len(nb):
        new = np.array([_iou_max(b, fb) <= iou_threshold for b in nb], bool)
        nb, nk, ns = nb[new], nk[new], ns[new]
    if not len(ns):
        return kept
    nb, nk, ns = weighted_nms(nb, nk, ns, iou_threshold=iou_threshold)
    if not len(fb):
        return nb, nk, ns
    return np.concatenate([fb, nb]), np.concatenate([fk, nk]), np.concatenate([fs, ns])


def _zoom(net: _TFLite, image: np.ndarray, anchors: np.ndarray, weak: list, kept: tuple, *,
          score_threshold: float, iou_threshold: float, size: float, most: int, apart: float,
          fit: float, confirm: float, resized: dict, ladder: tuple = ()) -> tuple:
    """``kept`` (boxes, keypoints, scores) plus what zoom windows on the ``weak`` answers
    find (see :func:`detect_people`'s ``zoom_above``; ``ladder``: its ``zoom_ladder``)."""
    fb, fk, fs = kept
    wb, wk, ws = (np.concatenate(a) for a in zip(*weak))
    if not len(ws):
        return kept
    wb, _, ws = weighted_nms(wb, wk, ws, iou_threshold=iou_threshold)
    if len(fb):
        # beside a person found (within ``apart`` of its box's sides): most often that
        # person again, whose second crop puts a body between two people
        wc, fc = (wb[:, :2] + wb[:, 2:]) / 2, (fb[:, :2] + fb[:, 2:]) / 2
        reach = apart * (fb[:, 2:] - fb[:, :2]).max(1)
        dist = np.hypot(*(wc[:, None, :] - fc[None, :, :]).transpose(2, 0, 1))
        fresh = (dist > reach[None, :]).all(1)
        wb, ws = wb[fresh], ws[fresh]
    for i in np.argsort(-ws, kind="stable")[:most]:
        for sz in (size, *ladder):
            got = _zoom_window(net, image, anchors, wb[i], fb, size=sz,
                               score_threshold=score_threshold, iou_threshold=iou_threshold,
                               fit=fit, confirm=confirm, resized=resized)
            if got is not None:
                fb, fk, fs = (np.concatenate([a, g]) if len(a) else g for a, g in zip((fb, fk, fs), got))
                break
    return fb, fk, fs


def _zoom_window(net: _TFLite, image: np.ndarray, anchors: np.ndarray, box: np.ndarray, fb: np.ndarray, *,
                 size: float, score_threshold: float, iou_threshold: float, fit: float, confirm: float,
                 resized: dict) -> tuple | None:
    """The answer (boxes, keypoints, scores; one row) a window ``size`` times ``box``'s
    longer side, centred on it, gives for the uncertain ``box``, or None (see :func:`_zoom`);
    ``fb``: the boxes kept so far (an answer on one of them is not this box's)."""
    h, w = image.shape[:2]
    side = size * float(max(box[2] - box[0], box[3] - box[1]))
    if not side >= 1.0:  # a degenerate (or non-finite) box: nothing to look at
        return None
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    x0, y0 = float(cx - side / 2), float(cy - side / 2)
    scale = _DET_SIZE / side
    if h * w * scale * scale <= _ZOOM_FRAME_PIXELS:
        got = _run_windows(net, image, anchors, [(x0, y0, side)],
                           score_threshold=max(score_threshold, confirm), resized=resized)
    else:
        # a small box on a large frame: the window's part alone is resized, not the
        # whole frame (1 px of a 10 px box is 7.5 px of the window)
        ix0, iy0 = max(0, int(np.floor(x0)) - 2), max(0, int(np.floor(y0)) - 2)
        ix1, iy1 = min(w, int(np.ceil(x0 + side)) + 2), min(h, int(np.ceil(y0 + side)) + 2)
        if ix1 <= ix0 or iy1 <= iy0:
            return None
        got = _run_windows(net, image[iy0:iy1, ix0:ix1], anchors, [(x0 - ix0, y0 - iy0, side)],
                           score_threshold=max(score_threshold, confirm), resized={})
        got = [(b + np.float32([ix0, iy0, ix0, iy0]), k + np.float32([ix0, iy0]), sc) for b, k, sc in got]
    if not got or not len(got[0][2]):
        return None
    zb, zk, zs = weighted_nms(*got[0], iou_threshold=iou_threshold)
    # the zoom window's own answer on the uncertain box, not a neighbour it shows
    mine = np.array([_iou_max(b, box[None]) > iou_threshold for b in zb], bool)
    if len(fb):
        mine &= np.array([_iou_max(b, fb) <= iou_threshold for b in zb], bool)
    # the body must fit the window it was found in: the window is there for a small
    # person; a "body" whose crop is several windows wide (a cat's cheek, a group's
    # neighbour) is what the grid already saw, and did not find
    k0, k1 = zk[:, 0], zk[:, 1]
    mine &= 2.5 * np.hypot(*(k1 - k0).T) <= fit * side  # the whole-body crop's side (roi, scale 1.25)
    if not mine.any():
        return None
    j = int(np.flatnonzero(mine)[np.argmax(zs[mine])])
    return zb[j:j + 1], zk[j:j + 1], zs[j:j + 1]


def _iou_max(box: np.ndarray, boxes: np.ndarray) -> float:
    """Largest IoU between ``box`` and the rows of ``boxes``, also counting a box
    that lies mostly inside another (the same face seen at two scales)."""
    inter, a, bs = box_overlap(box, boxes)
    iou = inter / np.maximum(a + bs - inter, 1e-9)
    inside = inter / np.maximum(np.minimum(a, bs), 1e-9)
    return float(max(iou.max(), (inside > 0.7).max() * 1.0))


@dataclass(frozen=True, eq=False)
class PersonCrop:
    """The pose-landmark model's view of one person, in image pixel coordinates.

    Attributes
    ----------
    prob : ndarray, shape (h, w), float32
        Segmentation probability warped back onto the image, clipped to ``box``.
    box : tuple of int
        ``(x0, y0, x1, y1)``: where ``prob`` lies in the image.
    presence : float
        The model's person-presence flag in [0, 1].
    landmarks : ndarray, shape (33, 2), float32
        BlazePose body landmarks (0 nose, 2/5 eyes, 7/8 ears, 11/12 shoulders,
        23/24 hips, ...) in image pixel-centre coordinates.
    visibility, in_frame : ndarray, shape (33,), float32 in [0, 1]
        The model's per-landmark visibility (not occluded) and presence (inside the
        crop) probabilities.
    upright : ndarray, shape (33, 2), float32, or None
        The same landmarks in the upright crop's own pixel coordinates (the body's
        frame: y grows from head to hips), for checks of body proportions.
    alignment : ndarray, shape (2, 2), float32, or None
        The model's two auxiliary ROI landmarks (hip centre, full-body scale point) in
        image pixel-centre coordinates: the crop mediapipe's tracker would use next
        (:meth:`next_roi`).
    """

    prob: np.ndarray
    box: tuple
    presence: float
    landmarks: np.ndarray
    visibility: np.ndarray
    in_frame: np.ndarray
    upright: np.ndarray | None = None
    alignment: np.ndarray | None = None

    def next_roi(self, *, scale: float = 1.25) -> tuple[float, float, float, float] | None:
        """The ROI ``(cx, cy, side, rotation)`` from the model's own alignment points
        (as mediapipe's ``PoseLandmarksToRoi``), or None without them."""
        if self.alignment is None:
            return None
        return PoseDetection(np.zeros(4, np.float32), self.alignment, 1.0).roi(scale=scale)


#: BlazePose's 33 landmarks with left and right swapped (nose 0 stays): the order of a
#: mirrored body's landmarks.
MIRRORED = np.array([0, 4, 5, 6, 1, 2, 3, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15, 18, 17, 20, 19,
                     22, 21, 24, 23, 26, 25, 28, 27, 30, 29, 32, 31])


def segment_person(net: _TFLite, image: np.ndarray, roi: tuple[float, float, float, float], *,
                   mirror: bool = False) -> PersonCrop:
    """Segmentation and landmarks of one person, mapped back into the image frame.

    With ``mirror`` the model sees the crop flipped left to right; its answer is flipped
    back and its left and right landmarks swapped (:data:`MIRRORED`), so that on a person
    it lands where the unflipped answer does (a symmetry check, :meth:`MediaPipePerson._look`).
    """
    import cv2

    h, w = image.shape[:2]
    cx, cy, side, rot = roi
    m = _roi_matrix(cx, cy, side, rot, _LMK_SIZE)
    crop = cv2.warpAffine(
        image, m, (_LMK_SIZE, _LMK_SIZE),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE,
    )
    if mirror:
        crop = np.ascontiguousarray(crop[:, ::-1])
    out = net(crop.astype(np.float32) / 255.0)
    presence = float(np.asarray(out["Identity_1"]).reshape(-1)[0])
    lm_all = np.asarray(out["Identity"], np.float32).reshape(-1, 5)
    if mirror:
        # continuous crop x runs over [0, size]: the flip is x -> size - x
        lm_all = lm_all.copy()
        lm_all[:, 0] = _LMK_SIZE - lm_all[:, 0]
        lm_all[:33] = lm_all[:33][MIRRORED]
    lm = lm_all[:33]
    # landmark x, y are continuous crop coordinates: to crop pixel centres, then the image
    pts_all = np.c_[lm_all[:, :2] - 0.5, np.ones(len(lm_all))] @ m.T
    pts = pts_all[:33]
    alignment = pts_all[33:35].astype(np.float32) if len(lm_all) >= 35 else None
    seg = _sigmoid(out["Identity_2"][..., 0])
    if mirror:
        seg = np.ascontiguousarray(seg[:, ::-1])
    # the ROI's axis-aligned bounding box, clipped to the image
    half = side / 2 * (abs(math.cos(rot)) + abs(math.sin(rot)))
    x0, y0 = max(0, int(math.floor(cx - half))), max(0, int(math.floor(cy - half)))
    x1, y1 = min(w, int(math.ceil(cx + half))), min(h, int(math.ceil(cy + half)))
    if x1 <= x0 or y1 <= y0:
        patch, box = np.zeros((0, 0), np.float32), (0, 0, 0, 0)
    else:
        m_sub = m.copy()
        m_sub[:, 2] -= (x0, y0)  # crop -> sub-image pixel centres
        patch = cv2.warpAffine(
            seg, m_sub, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT, borderValue=0.0,
        )
        box = (x0, y0, x1, y1)
    return PersonCrop(patch, box, presence, pts.astype(np.float32), _sigmoid(lm[:, 3]), _sigmoid(lm[:, 4]),
                      lm[:, :2].copy(), alignment)


def _person_prob(
    net: _TFLite, image: np.ndarray, roi: tuple[float, float, float, float]
) -> tuple[np.ndarray, tuple[int, int, int, int], float]:
    """Segmentation of one person, pasted into the image frame.

    Returns the probability patch, its place ``(x0, y0, x1, y1)`` in the image and the
    landmark model's presence score (:func:`segment_person` gives the landmarks too).
    """
    c = segment_person(net, image, roi)
    return c.prob, c.box, c.presence
