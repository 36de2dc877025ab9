"""scripts/samples_ruled.py: artifacts on rules, tables and stripes (the plate's lines are no truth)."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import samples_ruled as R  # noqa: E402


@pytest.mark.parametrize("split, index", [("tune", 0), ("heldout", 5), ("tune", 9)])
def test_truth_is_exact_and_regenerable(split, index):
    a, b = R.make_ruled(index, split=split), R.make_ruled(index, split=split)
    assert np.array_equal(a.image, b.image) and a.name == f"ruled_{split}_{index:03d}"
    # the creative is the plate (rules and stripes included) wherever nothing was laid over it
    assert not ((a.image != a.background).any(-1) & ~a.removal).any()
    assert a.meta["role"] == "neg" and 1 <= len(a.artifacts) <= 2
    for art in a.artifacts:
        assert art.kind in R.SHAPES and art.shape in R.SHAPES[art.kind] and art.mask.any()
    # the structure is drawn: the plate differs from a flat colour along its lines
    assert a.background.reshape(-1, 3).std(0).max() > 5


def test_roles_cycle_no_artifact_and_own_bars():
    none = R.make_ruled(2, split="tune")
    assert none.meta["role"] == "none" and none.artifacts == []
    assert not ((none.image != none.background).any(-1) & ~none.text).any()
    bars = [R.make_ruled(i, split="tune") for i in (4, 12, 20)]
    assert {a.shape for s in bars for a in s.artifacts} == set(R.BAR_SHAPES)


def test_the_halves_differ_and_an_unknown_split_is_refused():
    assert not np.array_equal(R.make_ruled(0, split="tune").image, R.make_ruled(0, split="heldout").image)
    tune = range(R.SPLITS["tune"], R.SPLITS["tune"] + R.COUNT)
    held = range(R.SPLITS["heldout"], R.SPLITS["heldout"] + R.COUNT)
    assert not set(tune) & set(held) and R.COUNT >= 24
    with pytest.raises(ValueError, match="split must be one of"):
        R.make_ruled(0, split="fresh")


def test_script_writes_the_data_layout(tmp_path):
    metas = R.write_ruled(tmp_path, splits=("heldout",), count=1)
    stem = metas[0]["stem"]
    assert (tmp_path / f"{stem}.png").is_file()
    for name in ("background.png", "artifact_mask.png", "text_mask.png", "meta.json"):
        assert (tmp_path / "truth" / stem / name).is_file()
    assert json.loads((tmp_path / "index.json").read_text())[0]["structure"] == "rules"
