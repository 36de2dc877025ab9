"""scripts/eval_dilation.py: variants, their merge arguments and the halo ring, on tiny
synthetic arrays (expected values written here)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_dilation") as mod:
        yield mod


def test_variant_specs_parse_and_bad_ones_raise(ev):
    assert ev.parse_variant("base") == {}
    assert ev.parse_variant("person=0.5,close=2") == {"person": 0.5, "close": 2}
    with pytest.raises(ValueError, match="variant key"):
        ev.parse_variant("hair=2")
    with pytest.raises(ValueError, match=">= 0"):
        ev.parse_variant("text=-1")


def test_variant_radii_are_factors_of_the_default_rounded(ev):
    default = {"person": 5, "text": 4, "objects": 4}
    kw = ev.variant_merge({}, default)
    assert kw == {"dilate_px": {"person": 5, "text": 4, "objects": 4}, "close_px": 0, "min_area": 16}
    kw = ev.variant_merge({"person": 0.5, "text": 0, "objects": 1.5, "min_area": 0}, default)
    assert kw["dilate_px"] == {"person": 3, "text": 0, "objects": 6}  # 2.5 rounds half up
    assert kw["min_area"] == 0


def _square_with_soft_edge():
    bg = np.full((30, 30, 3), 100, np.uint8)
    image = bg.copy()
    src = np.zeros((30, 30), bool)
    src[10:20, 10:20] = True
    image[src] = (200, 100, 100)
    ring1 = np.zeros((30, 30), bool)
    ring1[9:21, 9:21] = True
    ring1 &= ~src
    image[ring1] = (130, 100, 100)  # the anti-aliased edge: 30 levels off, one pixel wide
    return image, bg, src, ring1


def test_halo_sees_the_soft_edge_left_outside_the_hole(ev):
    image, bg, src, ring1 = _square_with_soft_edge()
    total, n = ev.halo(image, bg, src, src, 0, ring=3)
    # the 3-px ring outside the 10 x 10 square: 16 x 16 - 10 x 10 = 156 pixels, 44 of them at 30 levels
    assert n == 156
    assert total == pytest.approx(44 * 30.0)
    grown = src | ring1  # a hole one pixel wider holds the whole edge: no halo
    total, n = ev.halo(image, bg, grown, src, 1, ring=3)
    assert total == 0.0 and n > 0


def test_halo_counts_only_near_its_source(ev):
    image, bg, src, _ = _square_with_soft_edge()
    far = np.zeros((30, 30), bool)
    far[0:3, 25:28] = True  # another source's hole far away: its ring is not this source's
    fill = src | far
    _, n_all = ev.halo(image, bg, fill, src, 0, ring=3)
    _, n_src = ev.halo(image, bg, src, src, 0, ring=3)
    assert n_all == n_src
    assert ev.halo(image, bg, fill, np.zeros((30, 30), bool), 3) == (0.0, 0)
