"""creative_tools.text._blas: thin products in row blocks equal the one product.

Bit for bit on the OpenBLAS kernel this project was measured on (session 24, AMD EPYC / Zen),
but which kernel a product of a given size takes is the BLAS's choice (OpenBLAS's small-matrix
kernels on other CPUs, MKL, Accelerate), so the tests hold the values to float rounding; the
bit identity on this project's machine is checked by its exactness runs, not here.
"""

import numpy as np
import pytest

from creative_tools.text import _blas
from creative_tools.text._blas import tall_matmul
from creative_tools.text.glyphs import _plane_design


def _same(got, want):
    # the platform decides the last bit (see the module docstring); the values must agree to
    # the dtype's rounding over a few multiply-adds
    assert got.dtype == want.dtype and got.shape == want.shape
    tol = 1e-5 if got.dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * float(np.abs(want).max(initial=1.0)))


@pytest.mark.parametrize("n", [1, 2, 4097, 4098, 8192, 8193, 9000, 12289, 30001])
def test_tall_matmul_by_a_matrix_is_the_product(n):
    rng = np.random.default_rng(n)
    for dtype, k, m in ((np.float32, 6, 3), (np.float32, 3, 2), (np.float32, 3, 8), (np.float64, 6, 3)):
        a = (rng.standard_normal((n, k)) * 10.0 ** rng.integers(-3, 4, (n, 1))).astype(dtype)
        b = rng.standard_normal((m, k)).astype(dtype).T  # transposed, as _sq_dist passes it
        got, want = tall_matmul(a, b), a @ b
        assert got.dtype == want.dtype and got.shape == (n, m)
        _same(got, want)
    # a plane design and its fit, as the glyph masks use them
    gy, gx = np.divmod(np.arange(n), 317)
    d = _plane_design(gy, gx, 400.0)
    coef = rng.standard_normal((6, 3)).astype(np.float32)
    _same(tall_matmul(d, coef), d @ coef)


@pytest.mark.parametrize("n", [1, 2049, 2050, 4096, 4097, 409600])
def test_tall_matmul_by_a_vector_is_the_product(n):
    rng = np.random.default_rng(n)
    x = rng.integers(0, 256, (n, 3)).astype(np.float32)
    u = np.linalg.eigh(np.cov(rng.standard_normal((3, 50))))[1][:, 0].astype(np.float32)
    got, want = tall_matmul(x, u), x @ u
    assert got.shape == (n,)
    _same(got, want)


def test_tall_matmul_blocks_never_hold_one_row(monkeypatch):
    seen = []
    real = np.concatenate
    monkeypatch.setattr(_blas.np, "concatenate", lambda parts: seen.extend(len(p) for p in parts) or real(parts))
    a = np.ones((2 * _blas._GEMM_ROWS + 1, 6), np.float32)
    tall_matmul(a, np.ones((6, 3), np.float32))
    assert seen == [_blas._GEMM_ROWS, _blas._GEMM_ROWS + 1]
    seen.clear()
    tall_matmul(np.ones((3 * _blas._GEMV_ROWS + 5, 3), np.float32), np.ones(3, np.float32))
    assert seen == [_blas._GEMV_ROWS] * 3 + [5]
