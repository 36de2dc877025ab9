"""The hard synthetic set (scripts/samples_hard.py): exact truth by construction, splits kept
apart, deterministic, families registered under their owner's prefix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_families_are_prefixed(hard):
    assert hard.FAMILIES
    for name in hard.FAMILIES:
        assert name.startswith(("person_", "negative_", "text_")), name
    with pytest.raises(ValueError, match="prefix|start"):
        hard.family("cats")
    with pytest.raises(ValueError, match="twice"):
        hard.family(next(iter(hard.FAMILIES)))(lambda split: [])


@pytest.mark.parametrize("fam", ["person_groups", "negative_surfaces"])
def test_truth_is_exact(hard, fam):
    for split in hard.SPLITS:
        for r in hard.FAMILIES[fam](split):
            c, bg, person, text = r["creative"], r["background"], r["person"], r["text"]
            assert c.shape == bg.shape and c.dtype == np.uint8 and person.shape == c.shape[:2]
            outside = ~(person | text)
            np.testing.assert_array_equal(c[outside], bg[outside])
            assert r["meta"]["split"] == split and r["meta"]["family"] == fam
            if fam.startswith("negative_"):
                assert not person.any()
            else:
                assert person.mean() > 0.01 and len(r["meta"]["people"]) >= 2
                # every person pixel differs from the plate somewhere (the person is really there)
                assert (np.abs(c.astype(int) - bg)[person].sum(-1) > 0).mean() > 0.5


def test_splits_differ_and_repeat(hard):
    a = hard.FAMILIES["negative_patterns"]("tune")
    b = hard.FAMILIES["negative_patterns"]("heldout")
    again = hard.FAMILIES["negative_patterns"]("tune")
    assert {r["meta"]["stem"] for r in a}.isdisjoint({r["meta"]["stem"] for r in b})
    for x, y in zip(a, again):
        np.testing.assert_array_equal(x["creative"], y["creative"])
    assert not any(np.array_equal(x["creative"], y["creative"]) for x in a for y in b if x["creative"].shape == y["creative"].shape)


@pytest.mark.parametrize("fam", ["person_small", "person_frames"])
def test_small_and_framed_people_truth_is_exact(hard, fam):
    for split in hard.SPLITS:
        rs = hard.FAMILIES[fam](split)
        assert len(rs) == 5
        for r in rs:
            c, bg, person = r["creative"], r["background"], r["person"]
            np.testing.assert_array_equal(c[~person], bg[~person])
            assert person.any() and r["meta"]["family"] == fam
            H = c.shape[0]
            if fam == "person_small":   # every person at most a quarter of the frame high
                assert all(p["height_fraction"] <= 0.26 for p in r["meta"]["people"])
                assert person.mean() < 0.06
            else:                       # clipped by its frame: the plate differs there
                assert all(p.get("clipped") for p in r["meta"]["people"])
                ys = np.nonzero(person.any(1))[0]
                assert ys.max() < H - 1 or ys.min() > 0


def test_clips_must_match_the_placements(hard):
    bg = np.zeros((40, 40, 3), np.uint8)
    with pytest.raises(ValueError, match="one entry per placement"):
        hard.compose_people(bg, [], stem="x", split="tune", fam="person_small", background="generated",
                            clips=[None])
