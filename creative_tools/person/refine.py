"""Edge refinement of a person probability map against the image (guided filter).

The person maps come from 256 x 256 (pose crops) or 256 x 144 (selfie) model outputs
upsampled to the image: their edges are smooth ramps a few pixels wide that do not
follow hair, hands or collars. The guided filter (He, Sun and Tang, "Guided Image
Filtering", ECCV 2010 / TPAMI 2013) fits the probability locally as a linear function
of the image colour, so the ramp snaps to the image's own edges, in O(pixels) time.
"""

from __future__ import annotations

import numpy as np

from ..contract import check_image, check_prob
from ..errors import ContractError

__all__ = ["guided_filter"]


def guided_filter(image: np.ndarray, prob: np.ndarray, *, radius: int, eps: float = 1e-3,
                  subsample: int = 1) -> np.ndarray:
    """Colour guided filter of ``prob`` with ``image`` as the guide.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
        The guide (RGB).
    prob : ndarray, shape (H, W), float32 in [0, 1]
        The map to refine.
    radius : int
        Window radius in pixels (>= 1).
    eps : float
        Regularisation (> 0; on guide values in [0, 1]): larger keeps more of ``prob``.
    subsample : int
        Fit the local linear models on a grid this many times coarser and apply them
        at full resolution (He and Sun, "Fast Guided Filter", 2015); ``subsample**2``
        times less work, edges still follow the full-resolution image (default 1).

    Returns
    -------
    ndarray, shape (H, W), float32 in [0, 1]

    Raises
    ------
    ContractError
        For arrays that break the contract or options out of range.

    Examples
    --------
    >>> img = np.zeros((20, 20, 3), np.uint8); img[:, 10:] = 255
    >>> p = np.zeros((20, 20), np.float32); p[:, 8:] = 1.0   # edge 2 px off the image's
    >>> q = guided_filter(img, p, radius=6, eps=1e-4)
    >>> bool(q[10, 9] < 0.5 < q[10, 10])
    True
    """
    import cv2

    check_image(image)
    check_prob(prob, "prob", like=image)
    if int(radius) < 1:
        raise ContractError(f"radius must be >= 1, got {radius}")
    if not float(eps) > 0:
        raise ContractError(f"eps must be > 0, got {eps}")
    s = int(subsample)
    if s < 1:
        raise ContractError(f"subsample must be >= 1, got {subsample}")
    h, w = prob.shape
    I_full = image.astype(np.float32) / 255.0
    if s > 1 and min(h, w) >= 4 * s:
        size = (max(1, round(w / s)), max(1, round(h / s)))
        I = cv2.resize(I_full, size, interpolation=cv2.INTER_AREA)
        p = cv2.resize(prob.astype(np.float32), size, interpolation=cv2.INTER_AREA)
        r = max(1, int(round(radius / s)))
    else:
        I, p, r, s = I_full, prob.astype(np.float32), int(radius), 1
    k = (2 * r + 1, 2 * r + 1)

    def box(x):
        return cv2.boxFilter(x, -1, k, borderType=cv2.BORDER_REFLECT)

    mI = box(I)
    mp = box(p)
    cov_Ip = box(I * p[..., None]) - mI * mp[..., None]
    # 3 x 3 covariance of the guide in each window, regularised
    var = np.empty(I.shape[:2] + (3, 3), np.float32)
    for i in range(3):
        for j in range(i, 3):
            v = box(I[..., i] * I[..., j]) - mI[..., i] * mI[..., j]
            var[..., i, j] = var[..., j, i] = v
    var += float(eps) * np.eye(3, dtype=np.float32)
    a = np.linalg.solve(var, cov_Ip[..., None])[..., 0]
    b = mp - np.einsum("...c,...c->...", a, mI)
    ma, mb = box(a), box(b)
    if s > 1:
        ma = cv2.resize(ma, (w, h), interpolation=cv2.INTER_LINEAR)
        mb = cv2.resize(mb, (w, h), interpolation=cv2.INTER_LINEAR)
    q = np.einsum("...c,...c->...", ma, I_full) + mb
    return np.clip(q, 0.0, 1.0).astype(np.float32)
