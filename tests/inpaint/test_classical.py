import numpy as np
import pytest

import creative_tools as ct
from creative_tools.inpaint.classical import hole_width


def gradient(h=120, w=160):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // w, y * 255 // h, np.full_like(x, 90)], -1).astype(np.uint8)


@pytest.mark.parametrize("name", ["telea", "ns", "patchmatch", "twoscale", "auto"])
def test_fills_a_smooth_gradient_plausibly(name):
    img = gradient()
    m = np.zeros(img.shape[:2], bool)
    m[50:70, 40:120] = True
    out = ct.load("inpaint", name)(img, m)
    assert (out[~m] == img[~m]).all()
    err = np.abs(out[m].astype(int) - img[m].astype(int)).mean()
    assert err < 12, f"{name}: mean abs error {err:.1f} inside the hole"


def test_hole_width_tells_strokes_from_blobs():
    stroke = np.zeros((60, 60), bool)
    stroke[30:33, 5:55] = True
    blob = np.zeros((60, 60), bool)
    blob[10:50, 10:50] = True
    assert hole_width(stroke) < 4 < 12 < hole_width(blob)
    assert hole_width(np.zeros((3, 3), bool)) == 0.0


def test_patchmatch_is_deterministic():
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    m = np.zeros((64, 64), bool)
    m[20:40, 20:40] = True
    a = ct.load("inpaint", "patchmatch", seed=1)(img, m)
    b = ct.load("inpaint", "patchmatch", seed=1)(img, m)
    assert (a == b).all()


def test_twoscale_keeps_the_trend_patchmatch_loses():
    """On a gradient, the two-scale fill follows the shading better than PatchMatch alone."""
    img = gradient(160, 200)
    m = np.zeros(img.shape[:2], bool)
    m[40:120, 60:140] = True
    err = {}
    for name in ("patchmatch", "twoscale"):
        out = ct.load("inpaint", name)(img, m)
        err[name] = np.abs(out[m].astype(int) - img[m].astype(int)).mean()
    assert err["twoscale"] < err["patchmatch"], err
