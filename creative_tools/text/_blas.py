"""Thin matrix products kept off OpenBLAS's threads, with the same values.

A product of a tall ``(n, k)`` array by a small ``(k, m)`` matrix or ``(k,)`` vector
(colours times a 3 x 3 basis, a plane design times its six coefficients) is a few
multiply-adds per row, but one call over a whole image goes to OpenBLAS's threads,
whose start-up and spinning cost 5-40x the arithmetic on the loaded 2-core machine
(session 24: 7.7 vs 0.2 ms of the caller's CPU for 90,000 x 6 x 3, 4 vs 0.1 ms for
409,600 x 3 by a vector; the other thread spins as long). In row blocks under
OpenBLAS's threading thresholds each call stays on the caller's thread.

A row of a product depends on that row of ``a`` only, and OpenBLAS computes it with the
same kernel whichever block it falls in: checked on every row of the 24 typical
creatives' glyph-mask products (3.3 million rows) and colour views (33 million, at three
scales), and on random arrays. Which kernel a product of a given size takes is the BLAS's
choice (OpenBLAS's small-matrix kernels on other CPUs, MKL, Accelerate), so elsewhere the
blocks may differ from the one product in the last bit; ``tests/text/test_blas.py`` holds
them to float rounding. A block of one row is never made: numpy sends a one-row product to
another routine (other roundings).
"""

from __future__ import annotations

import numpy as np

__all__ = ["tall_matmul"]

# OpenBLAS runs a product on one thread when m n k <= 4 x 65536 (gemm) and m n < 4 x 2304
# (gemv); the blocks (one row more at most) stay under both for k, m <= 8 and k <= 4
_GEMM_ROWS = 4096
_GEMV_ROWS = 2048


def tall_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a 2-D ``a`` ``(n, k)`` and a small ``b`` (``(k, m)`` or ``(k,)``),
    in row blocks: the same values (bit for bit on the OpenBLAS kernel measured here).

    Parameters
    ----------
    a : (n, k) array
    b : (k, m) or (k,) array

    Returns
    -------
    (n, m) or (n,) array
        ``a @ b``.

    Examples
    --------
    >>> a = np.arange(20000, dtype=np.float32).reshape(-1, 2)
    >>> np.array_equal(tall_matmul(a, np.float32([0.5, 2.0])), a @ np.float32([0.5, 2.0]))
    True
    """
    rows = _GEMV_ROWS if b.ndim == 1 else _GEMM_ROWS
    n = a.shape[0]
    if a.ndim != 2 or b.ndim not in (1, 2) or n <= rows + 1:
        return a @ b
    at = list(range(0, n, rows))
    if n - at[-1] == 1:  # the last row goes with the block before it
        at.pop()
    ends = at[1:] + [n]
    return np.concatenate([a[i:j] @ b for i, j in zip(at, ends)])
