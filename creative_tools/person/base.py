"""The person-segmentation protocol shared by every person backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..contract import check_image, check_prob
from ..errors import ContractError

__all__ = ["PersonMaps", "PersonSegmenter"]


@dataclass(frozen=True)
class PersonMaps:
    """One image's person maps: the person's own and the one the fill takes people from.

    Attributes
    ----------
    prob : (H, W) float32 in [0, 1]
        The person probability map (the person mask is ``prob > threshold``).
    fill : (H, W) float32 in [0, 1]
        The map the fill takes its people from: at least ``prob`` everywhere. A backend
        whose last pass takes pixels out of the person (``mediapipe``'s ``refine_fine``
        thins the rim) hands over the map before that pass too, and ``fill`` is the
        larger of the two: what either pass calls person is removed, so a rim piece the
        finer pass drops from the mask still goes under the fill instead of glowing
        beside it. ``prob`` itself (the same array) for a backend with one map.

    Examples
    --------
    >>> import numpy as np
    >>> m = PersonMaps(np.float32([[0.9, 0.2]]), np.float32([[0.9, 0.7]]))
    >>> (m.prob > 0.5).tolist(), (m.fill > 0.5).tolist()
    ([[True, False]], [[True, True]])
    """

    prob: np.ndarray
    fill: np.ndarray


def _check_count(name: str, maps, images) -> None:
    """A backend's output holds one map per image: a short list would pair the rest of
    the images with nothing (``zip`` stops at the shorter), so it raises instead."""
    if len(maps) != len(images):
        raise ContractError(f"{name} output must hold one person map per image: "
                            f"{len(images)} images, got {len(maps)} maps")


class PersonSegmenter(ABC):
    """A loaded person model: image in, person probability map out.

    Subclasses load their model in ``__init__`` and implement :meth:`_predict` on a
    list of validated images, returning full-resolution probability maps. Validation,
    thresholding and batching live here, once. A backend with a second map for the fill
    (:class:`PersonMaps`) also overrides :meth:`_predict_maps`.

    Parameters
    ----------
    threshold : float
        Probability above which a pixel is "person" (default 0.5).
    """

    name: str = "person"

    def __init__(self, *, threshold: float = 0.5):
        if not 0.0 <= float(threshold) <= 1.0:
            raise ContractError(f"threshold must lie in [0, 1], got {threshold}")
        self.threshold = float(threshold)

    @abstractmethod
    def _predict(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Probability maps ``(H, W) float32`` in [0, 1], one per image, full size."""

    def _predict_maps(self, images: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray | None]]:
        """``(prob, second)`` per image: :meth:`_predict`'s map and a second ``(H, W)
        float32`` map whose person pixels the fill must cover too (None: no second map,
        the fill takes the person map alone; the default). A backend that does not
        override this has no second map, and :meth:`maps_batch` takes its maps from
        :meth:`probability_batch` (which a subclass may override to cache or batch)."""
        return [(p, None) for p in self._predict(images)]

    def maps_batch(self, images: Sequence[np.ndarray]) -> list[PersonMaps]:
        """:class:`PersonMaps` (the person map and the fill's) for a batch of
        ``(H, W, 3) uint8`` RGB images; each ``prob`` is :meth:`probability_batch`'s.

        Raises
        ------
        ContractError
            For a bad image, a bad map, or a backend output holding another number of
            maps than images.
        """
        if type(self)._predict_maps is PersonSegmenter._predict_maps:
            # one map: probability_batch's own (an override that caches or batches is
            # honoured, not bypassed through _predict), and the fill takes the same array
            return [PersonMaps(p, p) for p in self.probability_batch(images)]
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        if not images:
            return []
        pairs = self._predict_maps(images)
        _check_count(self.name, pairs, images)
        out = []
        for i, ((p, second), im) in enumerate(zip(pairs, images)):
            p = check_prob(p, f"{self.name} output", like=im)
            if second is None:
                out.append(PersonMaps(p, p))
            else:
                second = check_prob(second, f"{self.name} second map [{i}]", like=im)
                out.append(PersonMaps(p, np.maximum(p, second)))
        return out

    def maps(self, image: np.ndarray) -> PersonMaps:
        """:class:`PersonMaps` of one image (:meth:`maps_batch`)."""
        return self.maps_batch([image])[0]

    def probability_batch(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Person probability maps for a batch of ``(H, W, 3) uint8`` RGB images."""
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        if not images:
            return []
        probs = self._predict(images)
        _check_count(self.name, probs, images)
        return [check_prob(p, f"{self.name} output", like=im) for p, im in zip(probs, images)]

    def probability(self, image: np.ndarray) -> np.ndarray:
        """Person probability map ``(H, W) float32`` in [0, 1] of one image."""
        return self.probability_batch([image])[0]

    def segment(self, image: np.ndarray, *, threshold: float | None = None) -> np.ndarray:
        """Person mask ``(H, W) bool`` (probability > threshold)."""
        t = self.threshold if threshold is None else float(threshold)
        return self.probability(image) > t

    __call__ = segment

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} threshold={self.threshold}>"
