"""Alpha matting with a known background, and the colour solve that makes layers exact.

A creative ``I`` is, inside the fill mask, a foreground ``F`` laid "over" the recovered
background ``B`` with an alpha ``a``: ``I = a F + (1 - a) B``. Because ``B`` is known
(the inpainted plate), the three colour equations leave one unknown per pixel once a
foreground colour is guessed, which gives

* :func:`known_background_alpha`: ``a = ((I - B) . (F - B)) / |F - B|^2`` with ``F`` the
  colour of the nearest confident foreground pixel, trusted where ``F`` and ``B`` differ
  and blended with a prior alpha (the refined probability map) where they do not;
* :func:`solve_colour`: the layer colour that reproduces ``I`` exactly for a given alpha,
  ``c = B + (I - B) / a``, with alpha raised to the least value for which ``c`` stays in
  the colour cube (:func:`min_alpha`). This is the foreground estimation
  (decontamination): the old background is divided out, not left as a fringe.
* :func:`guided_filter`: He et al.'s colour guided filter, which snaps a soft
  probability map to the image's edges (hair, anti-aliased glyph edges).

All colours here are float32 in [0, 1]; images ``(h, w, 3)``, alphas ``(h, w)``.
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import ndimage

__all__ = ["guided_filter", "min_alpha", "known_background_alpha", "solve_colour", "quantise"]

_EPS = 1e-6


def _box(x: np.ndarray, r: int) -> np.ndarray:
    return cv2.boxFilter(x, -1, (2 * r + 1, 2 * r + 1), normalize=True, borderType=cv2.BORDER_REFLECT)


def guided_filter(guide: np.ndarray, src: np.ndarray, *, radius: int = 8, eps: float = 1e-3) -> np.ndarray:
    """Colour guided filter (He, Sun, Tang 2010) of ``src`` with the RGB ``guide``.

    Parameters
    ----------
    guide : (h, w, 3) float32 in [0, 1]
    src : (h, w) float32
        The map to filter (a probability map).
    radius : int
        Window radius in pixels.
    eps : float
        Regularisation; smaller follows the guide's edges more closely.

    Returns
    -------
    (h, w) float32, clipped to [0, 1].

    Examples
    --------
    >>> g = np.zeros((20, 20, 3), np.float32); g[:, 10:] = 1
    >>> p = np.zeros((20, 20), np.float32); p[:, 8:] = 1   # the map is off by 2 px
    >>> q = guided_filter(g, p, radius=4, eps=1e-4)
    >>> bool(q[:, 10:].min() > 0.95 and q[5, 10] - q[5, 9] > 0.4)  # a step at the guide's edge
    True
    """
    I = guide.astype(np.float32)
    p = src.astype(np.float32)
    mI = _box(I, radius)
    mp = _box(p, radius)
    cov = _box(I * p[..., None], radius) - mI * mp[..., None]
    # 3x3 covariance of the guide per pixel
    II = np.einsum("hwi,hwj->hwij", I, I)
    var = _box(II.reshape(*I.shape[:2], 9), radius).reshape(*I.shape[:2], 3, 3)
    var -= np.einsum("hwi,hwj->hwij", mI, mI)
    var += eps * np.eye(3, dtype=np.float32)
    a = np.linalg.solve(var, cov[..., None])[..., 0]
    b = mp - np.einsum("hwi,hwi->hw", a, mI)
    q = np.einsum("hwi,hwi->hw", _box(a, radius), I) + _box(b, radius)
    return np.clip(q, 0.0, 1.0).astype(np.float32)


def min_alpha(target: np.ndarray, below: np.ndarray) -> np.ndarray:
    """The least alpha for which some colour in [0, 1] laid over ``below`` gives ``target``.

    Per channel, ``c = below + (target - below) / a`` must stay in [0, 1]:
    ``a >= (t - b) / (1 - b)`` where the target is brighter, ``(b - t) / b`` where darker.

    Parameters
    ----------
    target, below : (h, w, 3) float32 in [0, 1]

    Returns
    -------
    (h, w) float32 in [0, 1]

    Examples
    --------
    >>> t = np.array([[[1.0, 0.5, 0.5]]], np.float32); b = np.full((1, 1, 3), 0.5, np.float32)
    >>> float(min_alpha(t, b)[0, 0])   # half-way from grey to full red needs alpha 1
    1.0
    """
    d = target - below
    up = np.where(d > 0, d / np.maximum(1.0 - below, _EPS), 0.0)
    down = np.where(d < 0, -d / np.maximum(below, _EPS), 0.0)
    return np.clip(np.maximum(up, down).max(-1), 0.0, 1.0).astype(np.float32)


def known_background_alpha(target: np.ndarray, below: np.ndarray, prior: np.ndarray, core: np.ndarray,
                           *, trust: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    """Alpha from the compositing equation with a known background.

    Parameters
    ----------
    target : (h, w, 3) float32
        The colours to reproduce (the creative).
    below : (h, w, 3) float32
        What lies under the layer (the background and any lower layers).
    prior : (h, w) float32 in [0, 1]
        Alpha to fall back on where foreground and background colours are alike.
    core : (h, w) bool
        Confident foreground pixels (alpha 1); their colours are spread to the rest.
    trust : float
        Colour distance (RGB, [0, 1] units) from which the equation is fully trusted.

    Returns
    -------
    alpha : (h, w) float32 in [0, 1]
    fg : (h, w, 3) float32
        The foreground colour guess (nearest core pixel's colour).
    """
    if not core.any():
        return prior.astype(np.float32), target.copy()
    _, idx = ndimage.distance_transform_edt(~core, return_indices=True)
    fg = target[idx[0], idx[1]]
    d = fg - below
    n2 = (d * d).sum(-1)
    a_eq = np.clip(((target - below) * d).sum(-1) / np.maximum(n2, _EPS), 0.0, 1.0)
    w = np.clip(np.sqrt(n2) / trust, 0.0, 1.0)
    alpha = w * a_eq + (1.0 - w) * prior
    alpha[core] = 1.0
    return alpha.astype(np.float32), fg


def quantise(alpha: np.ndarray) -> np.ndarray:
    """Alpha rounded UP to the next 1/255 step (keeps :func:`min_alpha` feasible)."""
    return (np.ceil(np.clip(alpha, 0, 1) * 255.0 - 1e-3) / 255.0).astype(np.float32)


def solve_colour(target: np.ndarray, below: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The straight (unpremultiplied) colour that reproduces ``target`` over ``below``.

    Alpha is first raised to :func:`min_alpha` and quantised to 8 bits (up), so the
    colour is feasible; the returned alpha and colour are what to store.

    Parameters
    ----------
    target, below : (h, w, 3) float32 in [0, 1]
    alpha : (h, w) float32 in [0, 1]
        The matte; 0 stays 0 only where ``target == below``.

    Returns
    -------
    alpha8 : (h, w) uint8
    colour8 : (h, w, 3) uint8 (0 where alpha8 is 0)

    Examples
    --------
    >>> b = np.full((1, 2, 3), 0.2, np.float32); t = b.copy(); t[0, 1] = 0.6
    >>> a8, c8 = solve_colour(t, b, np.array([[0.0, 0.5]], np.float32))
    >>> a8.tolist(), c8[0, 1].tolist()   # 0.2 + 0.4 / (128/255) = 0.997
    ([[0, 128]], [254, 254, 254])
    """
    a = quantise(np.maximum(alpha, min_alpha(target, below)))
    safe = np.maximum(a, _EPS)[..., None]
    c = np.clip(below + (target - below) / safe, 0.0, 1.0)
    a8 = np.round(a * 255.0).astype(np.uint8)
    c8 = np.round(c * 255.0).astype(np.uint8)
    c8[a8 == 0] = 0
    return a8, c8
