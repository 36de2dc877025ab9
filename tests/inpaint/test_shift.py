"""Offset fill: one copy of the hole from where its ring repeats, seamed by a membrane."""

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.inpaint.shift import Offset, find_offset, offset_fill


def bricks(h=240, w=320, period=(24, 40)):
    """A periodic pattern with a slow shade: rows of bricks with mortar lines."""
    y, x = np.mgrid[0:h, 0:w]
    py, px = period
    shift = (y // py) % 2 * (px // 2)
    mortar = ((y % py) < 3) | (((x + shift) % px) < 3)
    base = np.dstack([150 + 0.1 * x, 70 + 0.05 * y, 50 + 0 * x])
    return np.where(mortar[..., None], 215, base).round().astype(np.uint8)


def test_a_periodic_wall_is_copied_back_exactly():
    img = bricks()
    m = np.zeros(img.shape[:2], bool)
    m[90:150, 100:170] = True
    off = find_offset(img, m)
    assert off is not None and off.ratio < 0.05, off
    # a vector of the brick lattice: whole rows, and half a brick sideways per odd row
    assert off.dy % 24 == 0 and (off.dx - 20 * (off.dy // 24 % 2)) % 40 == 0, off
    out = offset_fill(img, m, off)
    assert (out[~m] == img[~m]).all()
    assert np.abs(out[m].astype(int) - img[m].astype(int)).mean() < 1.5


def test_noise_has_no_matching_offset():
    img = np.random.default_rng(0).integers(0, 256, (160, 200, 3), dtype=np.uint8)
    m = np.zeros(img.shape[:2], bool)
    m[60:100, 80:120] = True
    off = find_offset(img, m)
    assert off is not None and off.ratio > 1.5, off  # unrelated content: about twice the variance


def test_the_copy_never_reads_a_masked_pixel():
    img = bricks()
    m = np.zeros(img.shape[:2], bool)
    m[90:150, 100:170] = True
    other = np.zeros_like(m)
    other[:, 200:] = True                 # everything right of x=200 is being removed too
    off = find_offset(img, m, m | other)
    assert off is not None
    assert 100 + off.dx >= 0 and 170 + 8 + off.dx <= 200


def test_no_offset_when_the_hole_is_nearly_the_image():
    img = bricks(60, 80)
    m = np.ones((60, 80), bool)
    m[:2] = False
    assert find_offset(img, m) is None
    with pytest.raises(ContractError, match="hole must have shape"):
        find_offset(img, m[:, :10])


def test_offset_outside_the_image_is_refused():
    img = bricks(60, 80)
    m = np.zeros((60, 80), bool)
    m[20:30, 20:30] = True
    with pytest.raises(ContractError, match="outside the image"):
        offset_fill(img, m, Offset(0, 70, 0.0, 1.0))


def test_auto_copy_pass_fills_a_hole_in_a_wall_from_the_wall():
    import creative_tools as ct

    img = bricks()
    m = np.zeros(img.shape[:2], bool)
    m[90:150, 100:170] = True
    auto = ct.load("inpaint", "auto", copy=0.6)
    out = auto(img, m)
    assert (out[~m] == img[~m]).all()
    err = np.abs(out[m].astype(int) - img[m].astype(int)).mean()
    assert err < 2.0, err
    plain = ct.load("inpaint", "auto")(img, m)  # copy off (the default): PatchMatch's bricks
    assert np.abs(plain[m].astype(int) - img[m].astype(int)).mean() > 2 * err
