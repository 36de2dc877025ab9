"""The inpainting protocol and the high-resolution strategy, written once.

Every inpainter implements only :meth:`Inpainter._inpaint` on a small image whose size
suits it. :meth:`Inpainter.inpaint` does the rest for all of them:

1. split the mask into regions: connected components whose context boxes (bounding
   box grown by a margin) overlap are merged, so the crops never overlap;
2. crop each region with its margin; when the crop is larger than the backend's
   ``working_size``, shrink it (and re-grow the result) so the model sees the hole at a
   size it was trained for;
3. pad to the backend's ``pad_modulo`` (mirror padding) and call ``_inpaint``;
4. paste back **only the masked pixels**: every unmasked pixel of the output is the
   input's, bit for bit, and the output has the input's size.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from ..contract import check_image, check_mask
from ..errors import ContractError
from ..masks import components

__all__ = ["Inpainter", "Region", "plan_regions", "regions_from_stats", "merge_boxes", "STRATEGIES"]

STRATEGIES = ("crop", "resize", "full")


@dataclass(frozen=True)
class Region:
    """A crop ``image[y0:y1, x0:x1]`` that holds whole mask components."""

    y0: int
    y1: int
    x0: int
    x1: int

    @property
    def slices(self) -> tuple[slice, slice]:
        return slice(self.y0, self.y1), slice(self.x0, self.x1)


def _grow(box, margin_ratio, min_margin, h, w):
    y0, y1, x0, x1 = box
    m = max(int(min_margin), int(round(margin_ratio * max(y1 - y0, x1 - x0))))
    return (max(0, y0 - m), min(h, y1 + m), max(0, x0 - m), min(w, x1 + m))


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def plan_regions(mask: np.ndarray, *, margin_ratio: float = 0.25, min_margin: int = 32) -> list[Region]:
    """Split ``mask`` into non-overlapping crop regions with context margins.

    Parameters
    ----------
    mask : (H, W) bool
    margin_ratio : float
        Context margin as a fraction of the component's longer side.
    min_margin : int
        Smallest margin in pixels.

    Returns
    -------
    list of Region
        Crops that together hold every True pixel exactly once; empty for an empty mask.

    Examples
    --------
    >>> m = np.zeros((100, 100), bool); m[10:20, 10:20] = True; m[80:90, 80:90] = True
    >>> [r.slices for r in plan_regions(m, min_margin=5, margin_ratio=0)]
    [(slice(5, 25, None), slice(5, 25, None)), (slice(75, 95, None), slice(75, 95, None))]
    """
    check_mask(mask)
    h, w = mask.shape
    n, _, stats = components(mask)
    return regions_from_stats(stats[1:], (h, w), margin_ratio=margin_ratio, min_margin=min_margin)


def regions_from_stats(stats: np.ndarray, shape: tuple[int, int], *, margin_ratio: float = 0.25,
                       min_margin: int = 32) -> list[Region]:
    """:func:`plan_regions` from components already labelled (no pass over the image).

    Parameters
    ----------
    stats : (n, >=4) int
        One row ``(x, y, width, height, ...)`` per component, in label order (the rows of
        ``cv2.connectedComponentsWithStats`` without the background row).
    shape : (int, int)
        ``(H, W)`` of the mask.
    margin_ratio, min_margin :
        As in :func:`plan_regions`.

    Returns
    -------
    list of Region
        The same crops :func:`plan_regions` gives for the mask these components make up.
    """
    h, w = shape
    boxes = []
    for x, y, bw, bh in np.asarray(stats)[:, :4]:
        boxes.append(_grow((int(y), int(y + bh), int(x), int(x + bw)), margin_ratio, min_margin, h, w))
    return [Region(*b) for b in merge_boxes(boxes)]


def merge_boxes(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Merge ``(y0, y1, x0, x1)`` boxes until no two overlap; sorted.

    Examples
    --------
    >>> merge_boxes([(0, 5, 0, 5), (20, 30, 20, 30), (4, 8, 4, 8)])
    [(0, 8, 0, 8), (20, 30, 20, 30)]
    """
    # Merge until no two boxes overlap (boxes only grow, so this terminates).
    merged = True
    while merged:
        merged = False
        out: list[tuple[int, int, int, int]] = []
        for b in boxes:
            for i, o in enumerate(out):
                if _overlap(b, o):
                    out[i] = (min(b[0], o[0]), max(b[1], o[1]), min(b[2], o[2]), max(b[3], o[3]))
                    merged = True
                    break
            else:
                out.append(b)
        boxes = out
    boxes.sort()
    return boxes


def _pad_to(arr: np.ndarray, modulo: int) -> np.ndarray:
    if modulo <= 1:
        return arr
    h, w = arr.shape[:2]
    ph, pw = (-h) % modulo, (-w) % modulo
    if not (ph or pw):
        return arr
    pad = ((0, ph), (0, pw)) + ((0, 0),) * (arr.ndim - 2)
    return np.pad(arr, pad, mode="symmetric")


def _paste(dst: np.ndarray, src: np.ndarray, mask: np.ndarray) -> None:
    """``dst[mask] = src[mask]`` in place (``dst`` may be a view), by ``cv2.copyTo``: the same bytes.

    Examples
    --------
    >>> dst = np.zeros((2, 3, 3), np.uint8); src = np.full((2, 3, 3), 9, np.uint8)
    >>> _paste(dst, src, np.array([[True, False, False], [False, False, True]]))
    >>> dst[..., 0].tolist()
    [[9, 0, 0], [0, 0, 9]]
    """
    target = np.ascontiguousarray(dst)
    out = cv2.copyTo(np.ascontiguousarray(src), np.ascontiguousarray(mask).view(np.uint8), target)
    if out is not dst:
        dst[...] = out.reshape(dst.shape)


def _shrink_mask(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    # Area resize then "any": a thin stroke never disappears from the small mask.
    small = cv2.resize(mask.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    return small > 0


class Inpainter(ABC):
    """A loaded inpainting method with the shared high-resolution strategy.

    Parameters
    ----------
    strategy : {"crop", "resize", "full"}
        ``crop`` (default): work on context crops around each mask region;
        ``resize``: the whole image, shrunk to ``working_size``;
        ``full``: the whole image at full size (slow for big images).
    working_size : int or None
        Longest side the method works at; larger crops are shrunk first. None keeps
        the backend's default (``default_working_size``), 0 means never shrink.
    margin_ratio, min_margin :
        Context around each region (see :func:`plan_regions`).
    """

    name: str = "inpaint"
    default_working_size: int = 0  # 0 = no limit
    pad_modulo: int = 1

    def __init__(self, *, strategy: str = "crop", working_size: int | None = None,
                 margin_ratio: float = 0.25, min_margin: int = 32):
        if strategy not in STRATEGIES:
            raise ContractError(f"strategy must be one of {list(STRATEGIES)}, got {strategy!r}")
        if working_size is not None and int(working_size) < 0:
            raise ContractError(f"working_size must be >= 0, got {working_size}")
        self.strategy = strategy
        self.working_size = self.default_working_size if working_size is None else int(working_size)
        self.margin_ratio = float(margin_ratio)
        self.min_margin = int(min_margin)

    @abstractmethod
    def _inpaint(self, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Fill ``mask`` in ``image`` (both already cropped/resized/padded); RGB uint8 out."""

    def _inpaint_many(self, items: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """Fill several crops; batched backends override this."""
        return [self._inpaint(im, m) for im, m in items]

    # -- the strategy -------------------------------------------------------------------
    def _prepare(self, image: np.ndarray, mask: np.ndarray):
        """Shrink (if needed) and pad one crop; return what _inpaint sees and how to undo it."""
        h, w = mask.shape
        scale = 1.0
        if self.working_size and max(h, w) > self.working_size:
            scale = self.working_size / max(h, w)
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
            mask = _shrink_mask(mask, size)
        return _pad_to(image, self.pad_modulo), _pad_to(mask, self.pad_modulo), (h, w, scale)

    @staticmethod
    def _finish(result: np.ndarray, undo) -> np.ndarray:
        h, w, scale = undo
        if scale != 1.0:
            sh, sw = round(h * scale), round(w * scale)
            result = cv2.resize(np.ascontiguousarray(result[:sh, :sw]), (w, h), interpolation=cv2.INTER_CUBIC)
        return result[:h, :w]

    def regions(self, mask: np.ndarray) -> list[Region]:
        """The crops this inpainter will work on for ``mask``."""
        h, w = mask.shape
        if self.strategy != "crop":
            return [Region(0, h, 0, w)] if mask.any() else []
        return plan_regions(mask, margin_ratio=self.margin_ratio, min_margin=self.min_margin)

    def inpaint_batch(self, images: Sequence[np.ndarray], masks: Sequence[np.ndarray], *,
                      around: Sequence[np.ndarray] | None = None,
                      regions: Sequence[Sequence[Region]] | None = None) -> list[np.ndarray]:
        """Inpaint several images; crops from all of them go to the backend together.

        Parameters
        ----------
        images : sequence of (H, W, 3) uint8 RGB
        masks : sequence of (H, W) bool
            What to fill.
        around : sequence of (H, W) bool, optional
            Plan the crops around these pixels only (default: around ``masks``); inside
            each crop every pixel of ``masks`` is filled. Masked pixels outside all crops
            stay as they are (a later pass fills them).
        regions : sequence of lists of Region, optional
            The crops per image, already planned (e.g. by :func:`regions_from_stats`
            around ``around``), so no pass over the image is spent planning them.
        """
        if len(images) != len(masks):
            raise ContractError(f"got {len(images)} images but {len(masks)} masks")
        if around is not None and len(around) != len(masks):
            raise ContractError(f"got {len(masks)} masks but {len(around)} around masks")
        if regions is not None and len(regions) != len(masks):
            raise ContractError(f"got {len(masks)} masks but {len(regions)} region lists")
        outs, jobs, items = [], [], []
        for i, (im, m) in enumerate(zip(images, masks)):
            check_image(im, f"images[{i}]")
            check_mask(m, f"masks[{i}]", like=im, like_name=f"images[{i}]")
            if around is not None:
                check_mask(around[i], f"around[{i}]", like=im, like_name=f"images[{i}]")
            outs.append(im.copy())
            plan = regions[i] if regions is not None else self.regions(m if around is None else around[i])
            for r in plan:
                crop_im, crop_m = im[r.slices], m[r.slices]
                if self.strategy == "full":
                    pim, pm, undo = _pad_to(crop_im, self.pad_modulo), _pad_to(crop_m, self.pad_modulo), (*crop_m.shape, 1.0)
                else:
                    pim, pm, undo = self._prepare(crop_im, crop_m)
                jobs.append((i, r, undo))
                items.append((np.ascontiguousarray(pim), np.ascontiguousarray(pm)))
        for (i, r, undo), res in zip(jobs, self._inpaint_many(items)):
            res = self._finish(np.asarray(res), undo)
            check_image(res, f"{self.name} output")
            # Only the masked pixels change: ``cv2.copyTo`` with the mask gives the same
            # bytes as ``out[m] = res[m]`` in a fraction of the time (0.1 vs 19 ms for a
            # person-sized hole on a 900 x 720 crop).
            _paste(outs[i][r.slices], res, masks[i][r.slices])
        return outs

    def inpaint(self, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Fill the True pixels of ``mask`` in ``image``.

        Parameters
        ----------
        image : (H, W, 3) uint8 RGB
        mask : (H, W) bool, True = fill

        Returns
        -------
        (H, W, 3) uint8 RGB
            A new image; pixels where ``mask`` is False equal ``image`` exactly.
        """
        return self.inpaint_batch([image], [mask])[0]

    __call__ = inpaint

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} strategy={self.strategy} working_size={self.working_size}>"
