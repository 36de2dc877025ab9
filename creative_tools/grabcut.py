"""GrabCut with a fixed seed that leaves the caller's OpenCV random state alone.

``cv2.grabCut`` seeds its colour mixtures by k-means from OpenCV's random generator, so
the same call gives a slightly different cut after other OpenCV code has drawn from it.
Seeding it (``cv2.setRNGSeed``) before each call makes the cut reproducible but resets
the caller's stream. OpenCV's generator is per thread (``cv::theRNG()`` is
thread-local), so :func:`seeded_grab_cut` seeds and cuts in a short-lived worker thread:
the cut is the one a seeded call in the caller's thread gives, bit for bit, and the
caller's generator is left where it was.
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["seeded_grab_cut"]


def seeded_grab_cut(image: np.ndarray, mask: np.ndarray, bgd_model: np.ndarray,
                    fgd_model: np.ndarray, iterations: int, *, seed: int = 0) -> None:
    """``cv2.grabCut(image, mask, None, bgd_model, fgd_model, iterations,
    cv2.GC_INIT_WITH_MASK)`` after ``cv2.setRNGSeed(seed)``, in a worker thread.

    Parameters
    ----------
    image : ndarray, shape (h, w, 3), uint8
        The image to cut (contiguous).
    mask : ndarray, shape (h, w), uint8
        GrabCut's labels (``cv2.GC_*``), updated in place.
    bgd_model, fgd_model : ndarray, shape (1, 65), float64
        The colour mixtures, updated in place.
    iterations : int
        GrabCut's iterations.
    seed : int
        The seed of the worker thread's OpenCV generator.

    Raises
    ------
    cv2.error
        As ``cv2.grabCut`` raises it (e.g. no colour mixture to fit), in the caller's
        thread.

    Examples
    --------
    >>> import cv2
    >>> img = np.zeros((20, 20, 3), np.uint8); img[5:15, 5:15] = 200
    >>> lab = np.full((20, 20), cv2.GC_BGD, np.uint8); lab[3:17, 3:17] = cv2.GC_PR_FGD
    >>> lab[9:11, 9:11] = cv2.GC_FGD
    >>> bgm, fgm = np.zeros((1, 65)), np.zeros((1, 65))
    >>> seeded_grab_cut(img, lab, bgm, fgm, 2)
    >>> int(((lab == cv2.GC_FGD) | (lab == cv2.GC_PR_FGD)).sum())
    100
    """
    import cv2

    raised: list[BaseException] = []

    def cut() -> None:
        try:
            cv2.setRNGSeed(int(seed))
            cv2.grabCut(image, mask, None, bgd_model, fgd_model, int(iterations),
                        cv2.GC_INIT_WITH_MASK)
        except BaseException as e:  # (re-raised in the caller's thread)
            raised.append(e)

    worker = threading.Thread(target=cut, name="seeded_grab_cut")
    worker.start()
    worker.join()
    if raised:
        raise raised[0]
