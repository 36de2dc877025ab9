"""scripts/samples_links.py: text links (words, an underline, a mark in one ink) with exact truth, and look-alikes.

Session 36 (links): the largest miss class of ``--objects auto`` on the lead's final check."""

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import samples_links as L  # noqa: E402

_FONTS = [L.URW / f for r in L.RULES.values() for f in r["fonts"]]
pytestmark = pytest.mark.skipif(
    not all(p.is_file() for p in _FONTS), reason="a URW font samples_links draws with is not installed (Debian: "
    "fonts-urw-base35)")


def _contract(c, split, index):
    assert c.name == f"links_{split}_{index:03d}"
    assert c.image.shape == c.background.shape and c.image.dtype == np.uint8
    # the creative is the plate wherever nothing was laid over it (a look-alike rule is the plate's own)
    assert not ((c.image != c.background).any(-1) & ~c.removal).any()
    for art in c.artifacts:
        assert art.kind in L.SHAPES and art.shape in L.SHAPES[art.kind]
        assert not (art.mask & c.person).any() and not (art.mask & c.text).any()
        ys, xs = np.nonzero(art.mask)
        assert art.box == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
        assert (c.image[art.mask] != c.background[art.mask]).any()  # its truth is what it changed
    for d in c.meta["decoys"]:  # a look-alike is the plate's: no truth of any layer on it
        x0, y0, x1, y1 = d["box"]
        assert not c.removal[y0:y1, x0:x1].any()
        assert (c.image[y0:y1, x0:x1] == c.background[y0:y1, x0:x1]).all()


def _digest(c) -> str:
    h = hashlib.sha256(c.image.tobytes())
    for m in [c.person, c.text] + [a.mask for a in c.artifacts]:
        h.update(np.packbits(m).tobytes())
    h.update(repr(c.meta).encode())
    return h.hexdigest()


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_truth_is_exact_and_regenerable(split):
    a, b = L.make_links(1, split=split), L.make_links(1, split=split)
    assert _digest(a) == _digest(b)
    _contract(a, split, 1)
    assert any(art.shape.startswith("link") for art in a.artifacts)


def test_a_creative_without_links_holds_look_alikes_only():
    c = L.make_links(2, split="tune")  # every third creative: no link, the plate's rules / horizons
    _contract(c, "tune", 2)
    assert not c.artifacts and c.meta["decoys"]


def test_the_halves_differ_and_no_seed_is_shared():
    assert not np.array_equal(L.make_links(0, split="tune").image, L.make_links(0, split="heldout").image)
    assert not set(L.RULES["tune"]["marks"]) & set(L.RULES["heldout"]["marks"])
    assert not set(L.RULES["tune"]["fonts"]) & set(L.RULES["heldout"]["fonts"])
    ours = [set(range(v, v + 64)) for v in L.SPLITS.values()]
    others = {1000, 5000, 9000, 31000, 35000, 39000, 47000, 41000, 53000, 61000, 67000, 73000, 83000, 97000,
              113000, 131000, 149000, 163000}  # the other generators' first seeds
    assert not ours[0] & ours[1] and not (ours[0] | ours[1]) & {s + i for s in others for i in range(64)}
    with pytest.raises(ValueError, match="split must be one of"):
        L.make_links(0, split="fresh")


def test_the_set_is_registered_for_eval_objects():
    import artcheck_sets

    assert artcheck_sets.split_name("links_heldout") == ("links", "heldout")
    assert artcheck_sets.count("links_tune") == L.COUNT
