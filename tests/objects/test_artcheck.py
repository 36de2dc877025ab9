"""scripts/samples_artcheck.py: artifacts drawn apart from the generator, with exact truth."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import samples_artcheck as AC


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_truth_is_exact_and_regenerable(split):
    a, b = AC.make_artcheck(1, split=split), AC.make_artcheck(1, split=split)
    assert np.array_equal(a.image, b.image) and a.name == f"artcheck_{split}_001"
    # the creative is the plate wherever nothing was laid over it
    assert not ((a.image != a.background).any(-1) & ~a.removal).any()
    assert 2 <= len(a.artifacts) <= 4
    for art in a.artifacts:
        assert art.kind in AC.SHAPES and art.shape in AC.SHAPES[art.kind]
        assert art.mask.any() and not (art.mask & a.person).any()


def test_the_halves_differ_and_cover_every_kind():
    tune, held = AC.make_artcheck(0, split="tune"), AC.make_artcheck(0, split="heldout")
    assert not np.array_equal(tune.image, held.image)
    kinds = {art.kind for i in range(4) for art in AC.make_artcheck(i, split="tune").artifacts}
    assert kinds >= {"badge", "button", "logo", "product"}
    with pytest.raises(ValueError, match="split must be one of"):
        AC.make_artcheck(0, split="fresh")


def test_script_writes_the_data_layout(tmp_path):
    metas = AC.write_artcheck(tmp_path, splits=("heldout",), count=1)
    stem = metas[0]["stem"]
    assert (tmp_path / f"{stem}.png").is_file()
    for name in ("background.png", "artifact_mask.png", "person_mask.png", "text_mask.png", "meta.json"):
        assert (tmp_path / "truth" / stem / name).is_file()
    assert json.loads((tmp_path / "index.json").read_text())[0]["split"] == "heldout"


def test_the_larger_halves_keep_session_8s_creatives_and_stay_apart():
    # session 9 draws COUNT (42) per half instead of 14: the same rules, seeds one per index,
    # so the first 14 are session 8's (their images pinned by hash) and the halves' seed
    # ranges do not meet
    assert AC.COUNT == 42
    tune = range(AC.SPLITS["tune"], AC.SPLITS["tune"] + AC.COUNT)
    held = range(AC.SPLITS["heldout"], AC.SPLITS["heldout"] + AC.COUNT)
    assert not set(tune) & set(held)
    import hashlib

    for split, i, digest in (("tune", 0, "900ddb2c58d66a2d"), ("heldout", 13, "dd0a3a6c9e971e16")):
        assert hashlib.sha1(AC.make_artcheck(i, split=split).image.tobytes()).hexdigest()[:16] == digest


@pytest.mark.parametrize("size", [3, 2 * (3 * AC.SS) + 1])
def test_max_filter_equals_pils_rank_filter_exactly(size):
    # the sticker border's dilation (cv2, separable) gives PIL's MaxFilter bytes, edges included
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(size)
    noise = Image.fromarray((rng.random((61, 83)) < 0.02).astype(np.uint8) * rng.integers(1, 256, (61, 83),
                                                                                             dtype=np.uint8), "L")
    blob = Image.new("L", (90, 70), 0)
    ImageDraw.Draw(blob).rounded_rectangle([2, 10, 80, 69], radius=20, fill=255)  # touches two edges
    for sil in (noise, blob):
        want = np.asarray(sil.filter(ImageFilter.MaxFilter(size)))
        assert np.array_equal(np.asarray(AC._max_filter(sil, size)), want)
    with pytest.raises(ValueError, match="odd size"):
        AC._max_filter(blob, 4)
