"""JPEG compression noise: an estimate of it, and a levelled copy of a compressed creative.

Session 35 (jpeg): after JPEG q70 / q85 the ``auto`` backend's region stage refuses most of the
artifacts it finds at 1x (artcheck4 tune share 0.787 -> 0.311 at either quality). The codec's noise
inside a fill lifts its standard deviation over ``max_std`` (a flat laurel 0.2 -> 6.8) and its 5x5
roughness over ``max_rough`` (a shaded pouch 0.57 -> 1.73), and smears the steps between neighbours
so that regions merge. :func:`blockiness` tells a compressed image by its 8x8 block seams;
:func:`level_compressed` reads such an image through ``cv2.pyrMeanShiftFiltering`` (the levelling
``lone_scale`` uses for its own parts), and hands any other image back untouched, so PNG inputs stay
bit-identical.

Session 36 (jpeg): :func:`noise_floor` estimates the codec's own noise from the same seams (the step
energy across them over that within the blocks), so the region stage's flatness tests can subtract it
(``GraphicParams.noise_floor`` / ``noise_rough``) instead of reading a levelled copy.

Session 36 (quant): where the file is at hand, :func:`creative_tools.io.jpeg_quality` reads whether
(and how hard) it went through JPEG from its own quantisation table, exactly (PIL / OpenCV q1..100;
artcheck4 tune 0..11: 12/12 PNG None, 12/12 q85 and q70 read as such, where :func:`blockiness` over
:data:`JPEG_GATE` passes 0/12, 6/12, 12/12); :func:`creative_tools.io.load_image_quality` returns it with
the pixels. Nothing here reads it yet (no default changed).
"""

from __future__ import annotations

import cv2
import numpy as np

from ..errors import ContractError

#: Seam ratio over which an image is taken as JPEG-compressed (:func:`blockiness`). artcheck4 tune
#: 0..11 (session 35): 0.89 - 1.16 as PNG, 0.98 - 2.47 at q85, 1.23 - 3.70 at q70; neg_extra 0..11
#: 0.99 - 1.06 as PNG, 1.10 - 2.16 at q70. A compromise: some q85 creatives (busy plates) stay under it.
JPEG_GATE = 1.2
#: ``cv2.pyrMeanShiftFiltering``'s spatial reach (px) and colour radius (:func:`levelled`; ``lone_scale`` reads
#: the same): under ``min_contrast`` 40, so a part's step to its plate stays, while JPEG's block and chroma
#: noise (up to ~20 a channel at q70) is levelled.
JPEG_LEVEL = (3, 32)
#: Steps up to this (luma) are read: a block seam inside a fill, not a drawn edge.
SEAM_STEP = 24.0


def blockiness(image: np.ndarray) -> float:
    """The mean small luma step across the 8x8 block seams over the mean within the blocks.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB

    Returns
    -------
    float
        About 1 for an image never JPEG-compressed (its steps fall anywhere), over it for a JPEG
        (the codec quantises each 8x8 block apart, so its steps gather on the seams); the mean of the
        two axes. 1.0 for an image under 16 px a side.

    Raises
    ------
    ContractError
        If ``image`` is not (H, W, 3) uint8.
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ContractError(f"image must be (H, W, 3) uint8, got {getattr(image, 'shape', None)} "
                            f"{getattr(image, 'dtype', type(image).__name__)}")
    if min(image.shape[:2]) < 16:
        return 1.0
    g = image.astype(np.float32) @ np.float32([0.299, 0.587, 0.114])
    out = []
    for d in (np.abs(np.diff(g, axis=1)), np.abs(np.diff(g, axis=0)).T):
        seam = np.arange(d.shape[1]) % 8 == 7
        small = d <= SEAM_STEP
        a, b = d[:, seam][small[:, seam]], d[:, ~seam][small[:, ~seam]]
        out.append(float(a.mean()) / max(float(b.mean()), 1e-3) if a.size and b.size else 1.0)
    return float(np.mean(out))


def level_compressed(image: np.ndarray, *, gate: float = JPEG_GATE, level: tuple = JPEG_LEVEL) -> np.ndarray:
    """``image`` levelled by mean shift when its :func:`blockiness` is over ``gate``; else ``image`` itself.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    gate : float
        The blockiness over which the image is levelled (:data:`JPEG_GATE`).
    level : (int, int)
        ``cv2.pyrMeanShiftFiltering``'s spatial reach and colour radius (:data:`JPEG_LEVEL`).

    Returns
    -------
    (H, W, 3) uint8 RGB
        A new array when levelled; the same object when not (a PNG input reads as before, bit for bit).
    """
    if blockiness(image) <= gate:
        return image
    return levelled(image, level=level)


def levelled(image: np.ndarray, *, level: tuple = JPEG_LEVEL) -> np.ndarray:
    """``image`` levelled by ``cv2.pyrMeanShiftFiltering`` of spatial reach and colour radius ``level``
    (:data:`JPEG_LEVEL`): flat parts lose the codec's block and chroma steps, a drawn step to the plate
    stays. A new (H, W, 3) uint8 array; :func:`level_compressed` and ``lone_scale``
    (:func:`creative_tools.objects.marks.lone_mark_proposals`) read it."""
    return cv2.pyrMeanShiftFiltering(np.ascontiguousarray(image), level[0], level[1])


def noise_floor(image: np.ndarray, *, gate: float = JPEG_GATE) -> float:
    """The codec's block noise in ``image``: 0 unless its :func:`blockiness` is over ``gate``.

    JPEG quantises each 8x8 block apart, so the error of two neighbouring pixels is nearly the same
    inside a block and independent across a seam: a small step across a seam carries about twice the
    block error's variance more than a step inside a block, whatever the picture's own texture (which
    falls on seams and inside blocks alike). The floor is ``sqrt((E[d_seam^2] - E[d_in^2]) / 2)`` over
    the steps up to :data:`SEAM_STEP`, per RGB channel, averaged over the two axes; the largest channel.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
        Read at its own size (the block grid is the file's).
    gate : float
        The blockiness over which the image is read as compressed (:data:`JPEG_GATE`); at or under it
        the floor is 0 (a PNG: the flatness tests unchanged, bit for bit).

    Returns
    -------
    float
        In grey levels (0 - 255): artcheck4 tune 0..7 (session 36) 0.6 - 1.6 at q85, 0.7 - 2.0 at q70
        (0 - 0.3 as PNG, where the gate holds it at 0).

    Raises
    ------
    ContractError
        If ``image`` is not (H, W, 3) uint8.

    Examples
    --------
    >>> noise_floor(np.zeros((32, 32, 3), np.uint8))
    0.0
    """
    if blockiness(image) <= gate:  # (checks the image)
        return 0.0
    f = image.astype(np.float32)
    per = np.zeros((2, 3))
    for k, d in enumerate((np.diff(f, axis=1), np.diff(f, axis=0).transpose(1, 0, 2))):
        seam = np.arange(d.shape[1]) % 8 == 7
        for c in range(3):
            dc = d[..., c]
            a, b = dc[:, seam], dc[:, ~seam]
            a, b = a[np.abs(a) <= SEAM_STEP], b[np.abs(b) <= SEAM_STEP]
            if a.size and b.size:
                per[k, c] = np.sqrt(max(0.0, float((a ** 2).mean() - (b ** 2).mean())) / 2)
    return float(per.mean(0).max())
