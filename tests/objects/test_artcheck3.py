"""scripts/samples_artcheck3.py: artifacts whose surface is no fill, with exact truth."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import samples_artcheck3 as A3


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_truth_is_exact_and_regenerable(split):
    a, b = A3.make_artcheck3(1, split=split), A3.make_artcheck3(1, split=split)
    assert np.array_equal(a.image, b.image) and a.name == f"artcheck3_{split}_001"
    # the creative is the plate wherever nothing was laid over it
    assert not ((a.image != a.background).any(-1) & ~a.removal).any()
    assert 1 <= len(a.artifacts) <= 3
    for art in a.artifacts:
        assert art.kind in A3.SHAPES and art.shape in A3.SHAPES[art.kind]
        assert art.mask.any() and not (art.mask & a.person).any()
        ys, xs = np.nonzero(art.mask)
        assert art.box == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def test_the_halves_differ_and_every_style_is_drawn():
    assert not np.array_equal(A3.make_artcheck3(0, split="tune").image, A3.make_artcheck3(0, split="heldout").image)
    shapes = {art.shape for i in range(A3.COUNT) for art in A3.make_artcheck3(i, split="tune").artifacts}
    assert shapes == {s for v in A3.SHAPES.values() for s in v}
    assert not set(range(A3.SPLITS["tune"], A3.SPLITS["tune"] + A3.COUNT)) & set(
        range(A3.SPLITS["heldout"], A3.SPLITS["heldout"] + A3.COUNT))
    with pytest.raises(ValueError, match="split must be one of"):
        A3.make_artcheck3(0, split="fresh")


def test_a_glow_and_a_shadow_are_truth_down_to_the_cut():
    # a neon button's halo and a print's soft shadow are laid at alpha > CUT only, and the
    # truth is exactly there: wider than the drawn stroke or card
    rng = np.random.default_rng(0)
    photo = np.full((50, 50, 3), 128, np.uint8)
    for shape in ("neon", "polaroid"):
        rgb, a = A3._sprite(shape, rng, np.array([200.0, 200.0, 200.0]), photo)
        assert rgb.shape == a.shape + (3,) and 0 <= a.min() and a.max() <= 1
        assert ((a > 0) & (a <= A3.CUT)).any()  # a soft fringe, left to the plate
