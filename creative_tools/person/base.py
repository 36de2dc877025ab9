"""The person-segmentation protocol shared by every person backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

import numpy as np

from ..contract import check_image, check_prob
from ..errors import ContractError

__all__ = ["PersonSegmenter"]


class PersonSegmenter(ABC):
    """A loaded person model: image in, person probability map out.

    Subclasses load their model in ``__init__`` and implement :meth:`_predict` on a
    list of validated images, returning full-resolution probability maps. Validation,
    thresholding and batching live here, once.

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

    def probability_batch(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Person probability maps for a batch of ``(H, W, 3) uint8`` RGB images."""
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        if not images:
            return []
        probs = self._predict(images)
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
