"""Which parts of the selfie map may join the people: each needs a verified body.

The selfie model's map is what finds people the pose detector misses (a face turned
away, a person half hidden in a group), but near a person it also takes in whatever
touches them: a red bottle, a tray, a chair. Its map alone cannot tell the two apart.
The pose-landmark model can: it is asked about each part of the selfie map that lies
beyond a thin band around the verified people's own (pose) masks. A part is kept only
if the landmark model, on a square crop around that part, finds a body that passes
:func:`~creative_tools.person.verify.verify_person` (face and shoulder landmarks, face
layout), the same test every detected person passes. The band keeps the selfie map's
edges on hair and hands of people already found; everything else it adds must be a
person in its own right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..errors import ContractError

__all__ = ["SelfiePart", "selfie_parts", "gate_selfie", "between_people"]


@dataclass(frozen=True)
class SelfiePart:
    """One connected part of the selfie map beyond the band around the known people.

    Attributes
    ----------
    mask : ndarray, shape (H, W), bool
        The part's pixels (selfie probability > 0.5).
    box : tuple of int
        ``(x0, y0, x1, y1)`` bounding box, exclusive ends.
    area : int
        Number of pixels.
    """

    mask: np.ndarray
    box: tuple
    area: int

    def roi(self, *, scale: float = 1.25) -> tuple[float, float, float, float]:
        """Upright square crop ``(cx, cy, side, rotation=0)`` around the part (image pixels)."""
        x0, y0, x1, y1 = self.box
        side = float(max(x1 - x0, y1 - y0)) * float(scale)
        return (x0 + x1) / 2.0, (y0 + y1) / 2.0, side, 0.0


def _disk(radius: int) -> np.ndarray:
    import cv2

    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """``mask`` (H, W) bool grown by a disk of ``radius`` pixels (:func:`_disk`).

    The same pixels as ``cv2.dilate`` on the whole frame, computed on the mask's
    bounding box padded by the radius (nothing farther can change): a few people in a
    large frame cost their own area, not the frame's. A large disk is taken row by row
    (:func:`_dilate_by_rows`, the same pixels in a fraction of the time).
    """
    import cv2

    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    out = np.zeros(mask.shape, bool)
    if not len(rows):
        return out
    h, w = mask.shape
    y0, y1 = max(0, rows[0] - radius - 1), min(h, rows[-1] + radius + 2)
    x0, x1 = max(0, cols[0] - radius - 1), min(w, cols[-1] + radius + 2)
    crop = mask[y0:y1, x0:x1].astype(np.uint8)
    if int(radius) >= _ROWS_FROM:
        out[y0:y1, x0:x1] = _dilate_by_rows(crop, int(radius)) > 0
    else:
        out[y0:y1, x0:x1] = cv2.dilate(crop, _disk(int(radius))) > 0
    return out


_ROWS_FROM = 8  # radius from which the row-by-row dilation is the faster


def _dilate_by_rows(mask: np.ndarray, radius: int) -> np.ndarray:
    """``cv2.dilate(mask, _disk(radius))`` (uint8, same pixels) as the union of the
    disk's rows: each row of the disk is a centred run of ones, so the dilation is
    the maximum over rows ``dy`` of the mask dilated by that row's run (a flat line,
    which OpenCV dilates in time independent of its length) and shifted by ``dy``.
    ``cv2.dilate`` visits every one of the disk's ~3 r^2 points per pixel; this
    does 2 r + 1 line dilations (one per distinct run) and shifts. Pixels beyond the
    frame count as empty, as in ``cv2.dilate``'s default border.
    """
    import cv2

    disk = _disk(radius)
    h, w = mask.shape
    out = np.zeros((h, w), np.uint8)
    runs: dict[int, list[int]] = {}
    for i in range(2 * radius + 1):
        width = int(np.count_nonzero(disk[i]))
        if width:
            runs.setdefault(width, []).append(i - radius)
    for width, shifts in runs.items():
        line = cv2.dilate(mask, np.ones((1, width), np.uint8))
        for dy in shifts:  # out[y] = max(out[y], line[y + dy])
            if abs(dy) >= h:
                continue
            if dy >= 0:
                np.maximum(out[: h - dy], line[dy:], out=out[: h - dy])
            else:
                np.maximum(out[-dy:], line[: h + dy], out=out[-dy:])
    return out


def selfie_parts(selfie: np.ndarray, person: np.ndarray, *, band: int, min_area: int) -> tuple[np.ndarray, list[SelfiePart]]:
    """The band around the known people and the selfie parts beyond it.

    Parameters
    ----------
    selfie : ndarray, shape (H, W), float32 in [0, 1]
        The selfie map.
    person : ndarray, shape (H, W), bool
        The verified people's own masks.
    band : int
        Width in pixels of the band around ``person`` where the selfie map is trusted
        as it is (>= 0).
    min_area : int
        Parts smaller than this (pixels) are returned in no list: they are dropped.

    Returns
    -------
    near : ndarray, shape (H, W), bool
        ``person`` grown by ``band``.
    parts : list of SelfiePart
        Largest first.

    Examples
    --------
    >>> s = np.zeros((40, 60), np.float32); s[10:30, 5:25] = 1; s[10:30, 40:55] = 1
    >>> p = np.zeros((40, 60), bool); p[10:30, 5:20] = True
    >>> near, parts = selfie_parts(s, p, band=6, min_area=20)
    >>> [q.box for q in parts]                   # the first block is inside the band
    [(40, 10, 55, 30)]
    """
    import cv2

    if selfie.shape != person.shape:
        raise ContractError(f"person must have shape {selfie.shape} like selfie, got {person.shape}")
    if int(band) < 0:
        raise ContractError(f"band must be >= 0, got {band}")
    near = _dilate(person, int(band)) if band > 0 else person.astype(bool)
    rest = (selfie > 0.5) & ~near
    rows, cols = np.flatnonzero(rest.any(1)), np.flatnonzero(rest.any(0))
    if not len(rows):
        return near, []
    # the parts are labelled on the box of ``rest`` (nothing lies outside it), its
    # corner on even coordinates: OpenCV's labelling scans 2 x 2 blocks, so the
    # labels come in the same order as on the whole frame (ties in area keep it)
    by, bx = int(rows[0]) & ~1, int(cols[0]) & ~1
    _, labels, stats, _ = cv2.connectedComponentsWithStats(
        rest[by:rows[-1] + 1, bx:cols[-1] + 1].astype(np.uint8), connectivity=8)
    parts = []
    for i in np.argsort(-stats[1:, cv2.CC_STAT_AREA], kind="stable") + 1:
        area = int(stats[i, cv2.CC_STAT_AREA])
        if area < int(min_area):
            break
        x, y, w, h = (int(v) for v in stats[i, :4])
        mask = np.zeros(selfie.shape, bool)
        mask[by + y:by + y + h, bx + x:bx + x + w] = labels[y:y + h, x:x + w] == i
        parts.append(SelfiePart(mask, (bx + x, by + y, bx + x + w, by + y + h), area))
    return near, parts


def gate_selfie(
    selfie: np.ndarray,
    person: np.ndarray,
    is_person: Callable[[SelfiePart], bool],
    *,
    band: int,
    min_area: int,
) -> np.ndarray:
    """The selfie map kept only in the band around ``person`` and on verified parts.

    Parameters
    ----------
    selfie : ndarray, shape (H, W), float32 in [0, 1]
    person : ndarray, shape (H, W), bool
        The verified people's own masks.
    is_person : callable
        ``is_person(part) -> bool``: whether a part beyond the band is a person (the
        backend runs the landmark model on ``part.roi()`` and verifies it).
    band, min_area : int
        As in :func:`selfie_parts`. A kept part also keeps its soft edge: the part
        grown by ``band``.

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]
        ``selfie`` with every other pixel set to 0 (a new array).

    Examples
    --------
    >>> s = np.zeros((40, 60), np.float32); s[10:30, 5:25] = 1; s[10:30, 40:55] = 0.9
    >>> p = np.zeros((40, 60), bool); p[10:30, 5:20] = True
    >>> float(gate_selfie(s, p, lambda part: False, band=6, min_area=20)[20, 45])
    0.0
    >>> round(float(gate_selfie(s, p, lambda part: True, band=6, min_area=20)[20, 45]), 3)
    0.9
    """
    near, parts = selfie_parts(selfie, person, band=band, min_area=min_area)
    keep = near.copy()
    kept = np.zeros(selfie.shape, bool)
    for part in parts:
        if is_person(part):
            kept |= part.mask
    if kept.any():
        if band > 0:
            kept = _dilate(kept, int(band))
        keep |= kept
    return np.where(keep, selfie, 0.0).astype(np.float32)



#: A head's area in squared ears' distances: an ellipse one ears' distance wide and 1.5
#: tall (pi / 4 * 1.5). The least a person hidden behind others shows of itself.
HEAD_AREA = 1.178


def between_people(part: np.ndarray, people: list, *, band: int, least: int = 2,
                   head: float | None = HEAD_AREA) -> bool:
    """Whether a selfie part is a person hidden between ``least`` or more verified
    people: it touches them, shows at least a head and no more than the least of them.

    Parameters
    ----------
    part : ndarray, shape (H, W), bool
        The part's pixels (:attr:`SelfiePart.mask`).
    people : list of (box, mask, ears) or (box, mask, ears, nose)
        Each verified person's own mask: ``box`` ``(x0, y0, x1, y1)`` (exclusive ends,
        may reach past the frame), ``mask`` of shape ``(y1 - y0, x1 - x0)`` bool,
        ``ears``, the distance between its ears in pixels, and ``nose`` ``(x, y)`` (or
        None: unknown, another person).
    band : int
        The gate's band in pixels (>= 0): a person's mask grown by ``band + 1`` pixels
        (a square) touches the part. The part lies beyond the band, so the extra pixel
        makes a part that borders the band touch.
    least : int
        How many people the part must touch (default 2). Two whose noses lie within half
        the smaller ears' distance count as one (one face the detector verified twice).
    head : float or None
        The part must hold at least ``head`` x the squared ears' distance of the
        smallest touched person (the smallest finite ears; none finite: False; default
        :data:`HEAD_AREA`) and at most as many pixels as the smallest touched person's
        own mask: a person hidden
        behind others shows a head at least and less of itself than they do. None: no
        size test.

    Returns
    -------
    bool

    Session 36 (``MediaPipePerson(gate_between=True)``): of the tune parts the gate
    drops that touch two verified people, the two that are a person (a cap between two
    heads, 1.6 ears^2, 0.13 of the smaller neighbour; a suit between two astronauts, 1.4,
    0.12) pass; a spoon's and a plate's sliver between framed busts (0.9, 1.1 ears^2)
    and the ground below two busts (1.6 x the smaller bust) do not.

    Examples
    --------
    >>> part = np.zeros((20, 30), bool); part[5:15, 12:18] = True      # 60 px
    >>> left = ((0, 0, 11, 20), np.ones((20, 11), bool), 5.0)  # a 1 px gap left of the part
    >>> right = ((19, 0, 30, 20), np.ones((20, 11), bool), 6.0)  # and one right of it
    >>> between_people(part, [left, right], band=1), between_people(part, [left], band=1)
    (True, False)
    >>> between_people(part, [left, right], band=0)           # grown by 1 px: no touch
    False
    >>> big_ears = ((0, 0, 11, 20), np.ones((20, 11), bool), 8.0)     # a head: 75 px
    >>> between_people(part, [big_ears, (right[0], right[1], 8.0)], band=1)
    False
    """
    import cv2

    if int(band) < 0:
        raise ContractError(f"band must be >= 0, got {band}")
    if part.ndim != 2:
        raise ContractError(f"part must be an (H, W) mask, got shape {part.shape}")
    h, w = part.shape
    g = int(band) + 1
    kernel = np.ones((2 * g + 1, 2 * g + 1), np.uint8)
    touched = []  # (own pixels, ears) of each person the part touches
    for box, mask, ears, *rest in people:
        nose = rest[0] if rest else None
        x0, y0, x1, y1 = (int(v) for v in box)
        if mask.shape != (y1 - y0, x1 - x0):
            raise ContractError(f"a person's mask must have shape {(y1 - y0, x1 - x0)} like its box {box}, "
                                f"got {mask.shape}")
        # the part's pixels within g of the box, grown by g, against the person's mask
        ry0, ry1, rx0, rx1 = max(0, y0 - g), min(h, y1 + g), max(0, x0 - g), min(w, x1 + g)
        if ry0 >= ry1 or rx0 >= rx1:
            continue
        sub = part[ry0:ry1, rx0:rx1]
        if not sub.any():
            continue
        own = np.zeros(sub.shape, bool)
        cy0, cy1, cx0, cx1 = max(y0, ry0), min(y1, ry1), max(x0, rx0), min(x1, rx1)
        if cy0 < cy1 and cx0 < cx1:
            own[cy0 - ry0:cy1 - ry0, cx0 - rx0:cx1 - rx0] = mask[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
        if not own.any():
            continue
        grown = cv2.dilate(sub.astype(np.uint8), kernel) > 0
        if (grown & own).any():
            touched.append((int(np.count_nonzero(mask)), float(ears), (x0, y0, x1, y1), mask, nose))
    if _distinct(touched) < int(least):
        return False
    if head is None:
        return True
    area = int(np.count_nonzero(part))
    ears = [t[1] for t in touched if np.isfinite(t[1]) and t[1] > 0]  # (a landmark off the crop: NaN)
    return bool(ears and head * min(ears) ** 2 <= area <= min(t[0] for t in touched))



def _distinct(touched: list) -> int:
    """How many people ``touched`` (``(pixels, ears, box, mask, nose)`` each) holds: two
    whose noses lie within half the smaller ears' distance of each other are one face,
    one body the detector verified twice (the frame and a tile); an unknown nose or
    ears count as another person. Their masks cannot tell: in a crowd the pose model's
    mask of one person takes in the neighbour it leans on."""
    reps: list = []
    for _, ears, _, _, nose in touched:
        if nose is not None and np.isfinite(ears) and np.all(np.isfinite(nose)):
            if any(float(np.hypot(*(np.asarray(nose, float) - q))) <= 0.5 * min(ears, e) for q, e in reps):
                continue
            reps.append((np.asarray(nose, float), float(ears)))
        else:
            reps.append((np.array([np.nan, np.nan]), np.nan))
    return len(reps)
