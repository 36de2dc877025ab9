"""A reproducible set of typical creatives (about 1 MP each) for ``bench speed --typical``.

Speed depends on what is in the picture (how many people and words, how large the holes
are), so one flat image says little. The set mixes, in a fixed order:

* the 4 synthetic creatives of ``data/``;
* the 9 real e-commerce ads of ``<shared>/eval/ads_nogt`` (read at bench time, never
  copied);
* the 4 PASCAL VOC photos of ``<shared>/eval/person_voc`` (people, one without);
* the first 3 ICDAR 2015 frames of ``<shared>/eval/text_icdar15`` (scene text);
* generated creatives (:func:`~creative_tools.bench.speed.synthetic_creative` with
  different seeds and shapes) to make up the count, more of them when the shared folder
  is absent.

Every image is resized (aspect ratio kept, area interpolation when shrinking, cubic when
growing) so that its area is ``megapixels`` million pixels.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import cv2
import numpy as np

from ..errors import ContractError

__all__ = ["typical_creatives", "to_megapixels"]

# (width, height) aspect shapes for the generated creatives, cycled.
_SHAPES = ((1, 1), (16, 9), (4, 5), (3, 1), (9, 16), (4, 3))


def to_megapixels(image: np.ndarray, megapixels: float) -> np.ndarray:
    """``image`` resized (aspect kept) to about ``megapixels`` million pixels.

    Examples
    --------
    >>> to_megapixels(np.zeros((300, 900, 3), np.uint8), 1.0).shape
    (577, 1732, 3)
    """
    h, w = image.shape[:2]
    k = math.sqrt(megapixels * 1e6 / (h * w))
    size = (max(1, round(w * k)), max(1, round(h * k)))
    if size == (w, h):
        return image.copy()
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC)


def _generated(i: int, megapixels: float) -> np.ndarray:
    from .speed import synthetic_creative

    aw, ah = _SHAPES[i % len(_SHAPES)]
    side = int(round(math.sqrt(megapixels * 1e6)))
    sq = synthetic_creative(side, seed=i)
    # Crop the square to the aspect (the figure and the text stay in the top-left part).
    k = math.sqrt(aw * ah)
    w, h = min(side, round(side * aw / k)), min(side, round(side * ah / k))
    im = np.ascontiguousarray(sq[:h, :w])
    return to_megapixels(im, megapixels)


def typical_creatives(*, n: int = 24, megapixels: float = 1.0, data: str | os.PathLike | None = None,
                      shared: str | os.PathLike | None = None) -> list[tuple[str, np.ndarray]]:
    """The typical-creatives set: ``n`` named RGB images of about ``megapixels`` MP.

    Parameters
    ----------
    n : int
        Number of creatives (the real ones first, then generated ones).
    megapixels : float
        Target area of every image, in millions of pixels.
    data : path, optional
        Folder of synthetic creatives (default: the repository's ``data/``).
    shared : path, optional
        The shared folder (default: ``$CREATIVE_TOOLS_SHARED`` or ``../shared``); when
        it is missing, generated creatives take the place of the real ones.

    Returns
    -------
    list of (str, (H, W, 3) uint8)
        ``(name, image)`` pairs; names say where each came from (``data/``, ``ads/``,
        ``voc/``, ``icdar15/``, ``generated/``).
    """
    from .datasets import REPO_ROOT, shared_dir
    from ..io import load_image

    if int(n) < 1:
        raise ContractError(f"n must be >= 1, got {n}")
    if not 0.01 <= float(megapixels) <= 100:
        raise ContractError(f"megapixels must lie in [0.01, 100], got {megapixels}")
    paths: list[tuple[str, Path]] = []
    root = Path(data) if data is not None else REPO_ROOT / "data"
    paths += [(f"data/{p.stem}", p) for p in sorted(root.glob("*.png"))]
    ev = shared_dir(shared) / "eval"  # absent: generated creatives take the real ones' place
    if ev.is_dir():
        paths += [(f"ads/{p.stem}", p) for p in sorted((ev / "ads_nogt").glob("*.jpg"))]
        paths += [(f"voc/{p.stem}", p) for p in sorted((ev / "person_voc").glob("*.jpg"))]
        icdar = sorted((ev / "text_icdar15").glob("img_*.jpg"), key=lambda p: int(p.stem.split("_")[1]))
        paths += [(f"icdar15/{p.stem}", p) for p in icdar[:3]]
    out = [(name, to_megapixels(load_image(p), megapixels)) for name, p in paths[: int(n)]]
    i = 0
    while len(out) < int(n):
        out.append((f"generated/{i}", _generated(i, megapixels)))
        i += 1
    return out
