"""scripts/samples_artcheck2.py: real ad formats drawn a third way, with exact truth."""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import samples_artcheck2 as A2


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_truth_is_exact_and_regenerable(split):
    a, b = A2.make_artcheck2(2, split=split), A2.make_artcheck2(2, split=split)
    assert np.array_equal(a.image, b.image) and a.name == f"artcheck2_{split}_002"
    # the creative is the plate wherever nothing was laid over it
    assert not ((a.image != a.background).any(-1) & ~a.removal).any()
    assert 1 <= len(a.artifacts) <= 4
    for art in a.artifacts:
        assert art.kind in A2.SHAPES and art.shape in A2.SHAPES[art.kind]
        assert art.mask.any() and not (art.mask & a.person).any()
        x0, y0, x1, y1 = art.box
        ys, xs = np.nonzero(art.mask)
        assert (x0, y0, x1, y1) == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def test_the_halves_differ_and_cover_every_kind():
    tune, held = (
        A2.make_artcheck2(0, split="tune"),
        A2.make_artcheck2(0, split="heldout"),
    )
    assert not np.array_equal(tune.image, held.image)
    kinds = {
        art.kind
        for i in range(5)
        for art in A2.make_artcheck2(i, split="tune").artifacts
    }
    assert kinds == set(A2.SHAPES)
    assert not set(range(A2.SPLITS["tune"], A2.SPLITS["tune"] + A2.COUNT)) & set(
        range(A2.SPLITS["heldout"], A2.SPLITS["heldout"] + A2.COUNT)
    )
    with pytest.raises(ValueError, match="split must be one of"):
        A2.make_artcheck2(0, split="fresh")


def test_the_creatives_are_pinned():
    # the split is a measuring stick: a change to the drawing code must be a decision
    # (on a machine without its fonts the drawing falls back to DejaVu: nothing to pin)
    missing = [f for f in (*(A2.LIB / f for f in A2.FONTS), A2.CJK / "NotoSansCJK-Bold.ttc") if not f.is_file()]
    if missing:
        pytest.skip(f"fonts missing (fonts-liberation, fonts-noto-cjk): {missing[0]}")
    for split, i, digest in (
        ("tune", 0, "ba417c15f08f2399"),
        ("heldout", 5, "12121f4a36fcd7ce"),
    ):
        assert (
            hashlib.sha1(A2.make_artcheck2(i, split=split).image.tobytes()).hexdigest()[
                :16
            ]
            == digest
        )


def test_alpha_at_the_cut_is_dropped_so_the_truth_is_exact():
    canvas = np.full((1, 3, 3), 100.0)
    colour = np.full((1, 3, 3), 200.0)
    full = A2._lay(canvas, colour, np.array([[0.1, 0.5, 1.0]]), 0, 0)
    assert full.tolist() == [[False, True, True]]
    assert canvas[0, :, 0].tolist() == [100.0, 150.0, 200.0]


def test_sprite_layers_compose_as_over():
    sp = A2.Sprite(2, 1)
    sp.over(np.array([[1.0, 0.5]]), (200, 0, 0))
    sp.over(np.array([[0.5, 0.5]]), (0, 0, 100))
    # alpha: 1 and 0.5 + 0.5 * 0.5; colour weighted by what each layer shows
    assert np.allclose(sp.a, [[1.0, 0.75]])
    assert np.allclose(sp.rgb[0, 0], (100, 0, 50)) and np.allclose(
        sp.rgb[0, 1], (200 * 0.25 / 0.75, 0, 50 / 0.75)
    )


def test_edge_formats_lie_on_the_frame():
    seen = set()
    for split in A2.SPLITS:
        for i in range(A2.COUNT):
            meta = A2.make_artcheck2(i, split=split).meta
            W, H = meta["size_wh"]
            for art in meta["artifacts"]:
                x0, y0, x1, y1 = art["box"]
                if art["shape"] == "strip":
                    assert (x0, x1) == (0, W) and (y0 == 0 or y1 == H)
                elif art["shape"] == "corner":
                    assert x0 == 0 or x1 == W
                    assert y0 == 0 or y1 == H
                seen.add(art["shape"])
            if {"strip", "corner"} <= seen:
                return
    pytest.fail(f"no strip and corner among the creatives: {sorted(seen)}")


def test_script_writes_the_data_layout(tmp_path):
    metas = A2.write_artcheck2(tmp_path, splits=("heldout",), count=1)
    stem = metas[0]["stem"]
    assert (tmp_path / f"{stem}.png").is_file()
    for name in (
        "background.png",
        "artifact_mask.png",
        "person_mask.png",
        "text_mask.png",
        "meta.json",
    ):
        assert (tmp_path / "truth" / stem / name).is_file()
    assert json.loads((tmp_path / "index.json").read_text())[0]["split"] == "heldout"
