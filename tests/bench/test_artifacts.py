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


@pytest.mark.parametrize("name", sorted(set(sum(__import__("creative_tools.bench.artifacts",
                                                          fromlist=["PATTERN_KINDS"]).PATTERN_KINDS.values(), ()))))
def test_pattern_plates_render_and_repeat(name):
    from creative_tools.bench.artifacts import plate

    a = plate(f"pattern:{name}", (160, 120), np.random.default_rng(3))
    b = plate(f"pattern:{name}", (160, 120), np.random.default_rng(3))
    assert a.shape == (120, 160, 3) and a.dtype == np.uint8 and (a == b).all()
    assert a.reshape(-1, 3).std(0).max() > 10  # a pattern, not a flat plate


def test_unknown_pattern_and_negative_split():
    from creative_tools.bench.artifacts import make_negative, plate

    with pytest.raises(ValueError, match="unknown pattern 'zebra'"):
        plate("pattern:zebra", (50, 50), np.random.default_rng(0))
    with pytest.raises(ValueError, match="split must be one of"):
        make_negative(0, split="fresh_x")


@pytest.mark.parametrize("split", ["tuned", "extra", "heldout"])
def test_negatives_have_no_artifacts_and_exact_truth(split):
    from creative_tools.bench.artifacts import NEGATIVE_PLATES, make_negative

    s = make_negative(0, split=split)
    assert not s.artifacts and s.meta["photo"] == NEGATIVE_PLATES[split][0]
    assert not ((s.image != s.background).any(-1) & ~(s.person | s.text)).any()


def test_new_shapes_keep_exact_truth():
    # tilted stickers, price tags with a punched hole, monograms with a cut-out letter
    seen = set()
    for i in range(24):
        s = make_creative(i, split="extra")
        changed = (s.image != s.background).any(-1)
        assert not (changed & ~s.removal).any()
        seen |= {a.shape for a in s.artifacts}
    assert {"price_tag", "notched_banner", "letter_mark"} <= seen


def _plates_in_use():
    """Every (split, plate, size) the generator draws: photo plates (make_creative gives
    them the index's (640, 480)) and the first 16 negatives' plates at their sizes."""
    from creative_tools.bench.artifacts import NEGATIVE_PLATES, SPLITS

    sizes = ((640, 480), (480, 640), (600, 600))  # make_creative's cycle
    used = {(split, p, (640, 480)) for split, c in SPLITS.items() for p in c["photos"]}
    for split, plates in NEGATIVE_PLATES.items():
        used |= {(split, plates[i % len(plates)], sizes[(1000 + i) % 3]) for i in range(16)}
    return sorted(used)


@pytest.mark.parametrize("split", ["tuned", "extra", "heldout"])
def test_no_plate_shows_a_person(split):
    # a person in a plate is removed by the person source and would count against the
    # fill's precision: every plate the generator uses, as the default person source sees
    # it, has no person (at most 0.5 % of its pixels, issue 8's bar for person-free images)
    from creative_tools.bench.artifacts import SPLITS, plate
    from creative_tools.errors import BackendUnavailableError
    import creative_tools as ct

    pytest.importorskip("skimage")
    try:
        seg = ct.load("person", "mediapipe")
    except BackendUnavailableError as e:
        pytest.skip(f"default person backend unavailable: {e}")
    found = {}
    for sp, name, size in _plates_in_use():
        if sp == split:
            rng = np.random.default_rng([SPLITS[split]["seed0"], 17])
            found[name, size] = float(seg.segment(plate(name, size, rng)).mean())
    assert len(found) >= 8
    assert max(found.values()) <= 0.005, {k: v for k, v in found.items() if v > 0.005}


def test_bench_quality_scores_patterned_negatives_and_object_precision():
    from creative_tools.bench.objects import is_objects_spec, run_objects_quality

    assert is_objects_spec("patterns_heldout:4") and is_objects_spec("patterns") and not is_objects_spec("pattern")
    rows = run_objects_quality(["patterns:2", "artifacts:1"], person=None, text=None, inpaint="telea", clicks=False)
    got = {(r.dataset, r.metric): r for r in rows}
    neg = got[("patterns_tuned", "false_object_max")]
    # text and person off (fast): a headline then cuts pattern tiles with nothing to say it
    # occludes them, so a little is found; with the default sources it is 0 on these two
    assert neg.n == 2 and 0.0 <= neg.pipeline <= 0.05
    prec = got[("artifacts_tuned", "object_precision")]
    assert prec.n == 1 and 0.5 <= prec.pipeline <= 1.0
