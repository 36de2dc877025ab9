"""The shared high-resolution strategy, checked with a recording fake inpainter."""

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.inpaint.base import Inpainter, Region, plan_regions


class Recorder(Inpainter):
    """Fills holes with a constant and records what it was given."""

    name = "recorder"
    pad_modulo = 8
    default_working_size = 64

    def __init__(self, **kw):
        super().__init__(**kw)
        self.calls = []

    def _inpaint(self, image, mask):
        self.calls.append((image.shape, mask.shape, int(mask.sum())))
        out = image.copy()
        out[mask] = (10, 200, 30)
        return out


def test_plan_regions_merges_overlapping_context():
    m = np.zeros((100, 200), bool)
    m[10:20, 10:20] = True
    m[10:20, 40:50] = True       # context boxes overlap the first -> merged
    m[80:90, 150:190] = True     # far away -> own region
    regions = plan_regions(m, margin_ratio=0.0, min_margin=12)
    assert regions == [Region(0, 32, 0, 62), Region(68, 100, 138, 200)]
    # every mask pixel is in exactly one region
    cover = np.zeros(m.shape, int)
    for r in regions:
        cover[r.slices] += 1
    assert (cover[m] == 1).all()
    assert plan_regions(np.zeros((5, 5), bool)) == []


def test_only_masked_pixels_change_and_size_is_kept(rng):
    img = rng.integers(0, 256, (123, 257, 3), dtype=np.uint8)
    m = np.zeros((123, 257), bool)
    m[5:9, 3:200] = True
    m[100:120, 240:257] = True   # touching the border
    inp = Recorder(min_margin=4, margin_ratio=0.1)
    out = inp(img, m)
    assert out.shape == img.shape and out.dtype == np.uint8
    assert (out[~m] == img[~m]).all()
    # crops were shrunk to the working size, and padded to a multiple of 8
    assert len(inp.calls) == 2
    for (ish, msh, _) in inp.calls:
        assert ish[:2] == msh and ish[0] % 8 == 0 and ish[1] % 8 == 0
        assert max(ish[:2]) <= 64 + 7
    # without shrinking, every masked pixel is exactly the model's output
    exact = Recorder(min_margin=4, margin_ratio=0.1, working_size=0)(img, m)
    assert (exact[~m] == img[~m]).all() and (exact[m] == (10, 200, 30)).all()


def test_shrunk_result_is_grown_back(rng):
    img = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    m = np.zeros((300, 400), bool)
    m[50:250, 100:300] = True
    out = Recorder(working_size=64)(img, m)
    inner = np.zeros_like(m)
    inner[60:240, 110:290] = True     # away from the blend at the hole's edge
    assert (np.abs(out[inner].astype(int) - (10, 200, 30)) <= 2).all()
    assert (out[~m] == img[~m]).all()


def test_thin_strokes_survive_shrinking():
    img = np.full((40, 600, 3), 128, np.uint8)
    m = np.zeros((40, 600), bool)
    m[20, 10:590] = True         # a 1-px line, shrunk ~10x
    inp = Recorder(min_margin=4, margin_ratio=0.0)
    out = inp(img, m)
    assert inp.calls[0][2] > 0
    assert (out[m] != 128).all() and (out[~m] == 128).all()


@pytest.mark.parametrize("strategy", ["crop", "resize", "full"])
def test_strategies_keep_contract(strategy, rng):
    img = rng.integers(0, 256, (50, 70, 3), dtype=np.uint8)
    m = np.zeros((50, 70), bool)
    m[10:30, 10:30] = True
    inp = Recorder(strategy=strategy, working_size=0 if strategy != "resize" else 32)
    out = inp(img, m)
    assert (out[~m] == img[~m]).all()
    assert len(inp.calls) == 1
    if strategy == "resize":
        assert max(inp.calls[0][0][:2]) <= 32 + 7
    else:
        assert (out[m] == (10, 200, 30)).all()
    if strategy == "full":
        assert inp.calls[0][0][:2] == (56, 72)   # padded to 8, no shrink


def test_empty_mask_returns_copy_without_calling_model(rng):
    img = rng.integers(0, 256, (10, 10, 3), dtype=np.uint8)
    inp = Recorder()
    out = inp(img, np.zeros((10, 10), bool))
    assert out is not img and (out == img).all() and inp.calls == []


def test_batch_equals_singles(rng):
    imgs = [rng.integers(0, 256, (40, 50, 3), dtype=np.uint8) for _ in range(3)]
    masks = [np.zeros((40, 50), bool) for _ in range(3)]
    masks[0][5:10, 5:10] = True
    masks[2][30:35, 1:40] = True
    inp = Recorder()
    batch = inp.inpaint_batch(imgs, masks)
    for im, m, b in zip(imgs, masks, batch):
        assert (Recorder()(im, m) == b).all()


def test_validation_errors(rng):
    img = rng.integers(0, 256, (10, 10, 3), dtype=np.uint8)
    with pytest.raises(ContractError, match=r"masks\[0\] must have shape \(10, 10\)"):
        Recorder()(img, np.zeros((10, 9), bool))
    with pytest.raises(ContractError, match="strategy must be one of"):
        Recorder(strategy="tile")
    with pytest.raises(ContractError, match="got 1 images but 2 masks"):
        Recorder().inpaint_batch([img], [np.zeros((10, 10), bool)] * 2)


@pytest.mark.parametrize("where", ["whole", "view"])
def test_paste_sets_only_the_masked_pixels_like_boolean_indexing(where):
    from creative_tools.inpaint.base import _paste

    rng = np.random.default_rng(2)
    big = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    src = rng.integers(0, 256, (12, 17, 3), dtype=np.uint8)
    mask = rng.random((12, 17)) < 0.4
    if where == "whole":
        big = big[:12, :17].copy()
        sl = (slice(0, 12), slice(0, 17))
    else:  # a crop of a larger image: not contiguous, written through
        sl = (slice(5, 17), slice(9, 26))
    ref = big.copy()
    ref[sl][mask] = src[mask]
    _paste(big[sl], src, mask)
    np.testing.assert_array_equal(big, ref)
