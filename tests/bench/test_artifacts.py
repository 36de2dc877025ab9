"""The synthetic artifact creatives: exact truth, deterministic, two disjoint splits."""

import numpy as np
import pytest

from creative_tools.bench.artifacts import KINDS_MADE, make_creative


@pytest.mark.parametrize("split", ["tuned", "extra", "heldout"])
@pytest.mark.parametrize("index", [0, 1, 2])
def test_truth_is_exact(split, index):
    s = make_creative(index, split=split)
    H, W = s.image.shape[:2]
    assert s.background.shape == s.image.shape and s.image.dtype == np.uint8
    changed = (s.image != s.background).any(-1)
    assert not (changed & ~s.removal).any()  # only the layers change pixels
    assert s.artifacts and all(a.kind in KINDS_MADE for a in s.artifacts)
    for a in s.artifacts:
        x0, y0, x1, y1 = a.box
        assert 0 <= x0 < x1 <= W and 0 <= y0 < y1 <= H
        assert a.mask[y0:y1, x0:x1].sum() == a.mask.sum() > 0
        assert changed[a.mask].mean() > 0.5  # an artifact is visible


def test_deterministic_and_splits_differ():
    a, b = make_creative(4, split="tuned"), make_creative(4, split="tuned")
    assert (a.image == b.image).all() and a.meta == b.meta
    c = make_creative(4, split="heldout")
    assert a.meta != c.meta
    e = make_creative(4, split="extra")
    assert {x.shape for x in e.artifacts}.isdisjoint({"hexagon", "rosette", "pill", "ring", "diamond", "box"})


def test_without_artifacts_and_bad_split():
    s = make_creative(0, split="tuned", artifacts=0)
    assert not s.artifacts and not s.artifact_mask.any()
    with pytest.raises(ValueError, match="split must be one of"):
        make_creative(0, split="train")


def test_script_writes_the_data_layout(tmp_path):
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "scripts"))
    import samples_artifacts

    metas = samples_artifacts.write_artifact_set(tmp_path, splits=("heldout",), count=1)
    stem = metas[0]["stem"]
    assert (tmp_path / f"{stem}.png").is_file()
    for name in ("background.png", "artifact_mask.png", "person_mask.png", "text_mask.png", "meta.json"):
        assert (tmp_path / "truth" / stem / name).is_file()
    assert json.loads((tmp_path / "index.json").read_text())[0]["split"] == "heldout"
