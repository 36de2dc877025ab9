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


class _Reader:
    """Reads "SALE" where the region's red mean is high; counts the regions it was asked."""

    def __init__(self):
        self.asked = 0

    def read(self, image, regions):
        from types import SimpleNamespace

        self.asked += len(regions)
        out = []
        for q in regions:
            x0, y0 = q.min(axis=0).astype(int)
            x1, y1 = q.max(axis=0).astype(int) + 1
            red = image[y0:y1, x0:x1, 0].mean()
            out.append(SimpleNamespace(text="SALE" if red > 150 else ""))
        return out


def test_residual_memo_reads_the_input_once_and_only_words_whose_pixels_changed(ev):
    image = np.full((40, 80, 3), 50, np.uint8)
    image[10:20, 5:25, 0] = 220  # word 0
    image[10:20, 45:65, 0] = 220  # word 1
    words = [np.array([[5, 10], [25, 10], [25, 20], [5, 20]], np.float32),
             np.array([[45, 10], [65, 10], [65, 20], [45, 20]], np.float32),
             np.array([[0, 30], [10, 30], [10, 38], [0, 38]], np.float32)]
    labels = ["sale", "sale", "###"]
    reader, memo = _Reader(), {}
    first = image.copy()
    first[10:20, 5:25] = 50  # word 0 removed, word 1 left
    assert ev.residual_memo([reader], image, first, words, labels, memo) == (2, 1)
    assert reader.asked == 2 + 2  # the input, then both legible words in the fill
    assert ev.residual_memo([reader], image, first.copy(), words, labels, memo) == (2, 1)
    assert reader.asked == 4  # nothing changed: nothing read
    both = first.copy()
    both[10:20, 45:65] = 50
    assert ev.residual_memo([reader], image, both, words, labels, memo) == (2, 0)
    assert reader.asked == 5  # only word 1's region changed


def test_a_variant_fills_the_holes_the_pipeline_would(ev):
    """``fill_holes`` acts on every variant as in ``pipeline.fill_mask``: a ring's hole closes."""
    ring = np.zeros((40, 40), bool)
    ring[10:30, 10:30] = True
    ring[15:25, 15:25] = False
    srcs = {"person": ring, "text": np.zeros_like(ring), "objects": np.zeros_like(ring)}
    kw = ev.variant_merge({}, {"person": 0, "text": 0, "objects": 0}, min_area=0)
    assert not ev.variant_fill(srcs, kw)[20, 20]
    assert ev.variant_fill(srcs, kw, fill_holes=200)[20, 20]
    assert not ev.variant_fill(srcs, kw, fill_holes=50)[20, 20]  # a hole of 100 px stays under 50
