"""scripts/samples_artcheck4.py: a fifth hand's artifacts with exact truth.

Peeled stickers, laurels, play discs, gradient rings, line logos, pouches, tilted cards,
notification cards."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import samples_artcheck4 as A4


def _contract(c, split, index):
    assert c.name == f"artcheck4_{split}_{index:03d}"
    assert c.image.shape == c.background.shape and c.image.dtype == np.uint8
    # the creative is the plate wherever nothing was laid over it
    assert not ((c.image != c.background).any(-1) & ~c.removal).any()
    assert 1 <= len(c.artifacts) <= 3
    for art in c.artifacts:
        assert art.kind in A4.SHAPES and art.shape in A4.SHAPES[art.kind]
        assert (
            art.mask.any()
            and not (art.mask & c.person).any()
            and not (art.mask & c.text).any()
        )
        ys, xs = np.nonzero(art.mask)
        assert art.box == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
        # an artifact's truth is what it changed: somewhere in it image != plate
        assert (c.image[art.mask] != c.background[art.mask]).any()


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_truth_is_exact_and_regenerable(split):
    a, b = A4.make_artcheck4(1, split=split), A4.make_artcheck4(1, split=split)
    assert np.array_equal(a.image, b.image) and np.array_equal(
        a.artifact_mask, b.artifact_mask
    )
    _contract(a, split, 1)


def test_the_halves_differ_every_style_is_drawn_and_no_seed_is_shared():
    assert not np.array_equal(
        A4.make_artcheck4(0, split="tune").image,
        A4.make_artcheck4(0, split="heldout").image,
    )
    shapes = set()
    for i in range(8):  # the first two artifacts of a creative walk through the styles
        c = A4.make_artcheck4(i, split="tune")
        _contract(c, "tune", i)
        shapes |= {art.shape for art in c.artifacts}
    assert shapes == {s for v in A4.SHAPES.values() for s in v}
    ours = [set(range(v, v + A4.COUNT)) for v in A4.SPLITS.values()]
    assert not ours[0] & ours[1]
    others = {
        1000,
        5000,
        9000,
        20000,
        31000,
        40000,
        47000,
        61000,
        70000,
        73000,
        80000,
        83000,
        97000,
    }
    assert not (ours[0] | ours[1]) & {s + i for s in others for i in range(64)}
    with pytest.raises(ValueError, match="split must be one of"):
        A4.make_artcheck4(0, split="fresh")


def test_translucent_discs_and_soft_shadows_are_truth_down_to_the_cut():
    # a play button's see-through disc and a card's drop shadow are laid where alpha >
    # CUT and are truth there; fainter alpha is left to the plate
    rng = np.random.default_rng(0)
    for shape in ("play", "card", "notice", "pouch"):
        rgb, a = A4._sprite(shape, rng, np.array([200.0, 200.0, 200.0]), 480)
        assert (
            rgb.shape == a.shape + (3,)
            and 0 <= a.min()
            and a.max() <= 1
            and np.isfinite(rgb).all()
        )
        assert ((a > A4.CUT) & (a < 0.7)).mean() > 0.03, (
            shape
        )  # translucent or shadow pixels that are truth
        assert ((a > 0) & (a <= A4.CUT)).any(), shape  # a soft fringe below the cut


def test_without_the_data_folder_there_is_no_person_and_the_contract_holds(tmp_path):
    c = A4.make_artcheck4(
        2, split="heldout", data_dir=tmp_path
    )  # index 2: the photo plate
    assert not c.person.any() and c.meta["background"] == "photo"
    _contract(c, "heldout", 2)
