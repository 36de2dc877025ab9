"""The FRESH split (scripts/samples_fresh.py): deterministic, exact truth, and different from
the tune / held-out splits by construction (fonts, words, photos, sizes, shapes), not by
seed only. Only metadata and small families are built here (fast)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import script_module


@pytest.fixture(scope="module")
def fresh(hard):
    """``scripts/samples_fresh.py`` as a module (it imports samples_hard, loaded by ``hard``)."""
    with script_module("samples_fresh") as mod:
        yield mod


def test_every_hard_family_kind_has_a_fresh_counterpart(hard, fresh):
    prefixes = {n.split("_")[0] for n in hard.FAMILIES}
    assert prefixes == {n.split("_")[0] for n in fresh.FRESH_FAMILIES} == {"person", "negative", "text"}
    # every text failure class of the hard set is in the fresh split
    assert {n for n in hard.FAMILIES if n.startswith("text_")} <= set(fresh.FRESH_FAMILIES)
    with pytest.raises(ValueError, match="start"):
        fresh.fresh_family("cats")


def test_material_is_disjoint_from_tune_and_heldout(hard, fresh):
    from creative_tools.bench.artifacts import FONTS as ART_FONTS, NEGATIVE_PLATES, SPLITS as ART_SPLITS

    hard_fonts = {f for fs in hard.TEXT_FONTS.values() for f in fs} | set(ART_FONTS)
    assert not {Path(f).name for f in fresh.FONTS + fresh.FINE_FONTS} & hard_fonts
    assert not {Path(f).name for f, _ in fresh.CJK.values()} & {f for f, _ in hard.CJK_FONTS.values()}
    hard_words = {w.casefold() for ws in hard.TEXT_WORDS.values() for w in ws}
    assert not {w.casefold() for w in fresh.WORDS} & hard_words
    assert not {w for ws in fresh.CJK_WORDS.values() for w in ws} & {w for ws in hard.CJK_WORDS.values() for w in ws}
    assert not set(fresh.FINE) & {w for ws in hard.FINE_PRINT.values() for w in ws}
    hard_photos = {p for ps in hard.TEXT_PHOTOS.values() for p in ps} | {
        "rocket", "coffee", "chelsea", "clock", "hubble", "gravel", "grass", "ihc", "brick", "astronaut"}
    art_photos = {p for cfg in ART_SPLITS.values() for p in cfg["photos"]}
    art_photos |= {p for ps in NEGATIVE_PLATES.values() for p in ps}
    used = hard_photos | art_photos | {"motorcycle_left", "hubble_deep_field"}
    assert not set(fresh.PHOTOS) & used
    assert not set(fresh.TEXT_PHOTOS) & used
    assert not set(fresh.ART_PHOTOS) & used
    for kind, shapes in fresh.ART_SHAPES.items():
        old = {s for cfg in ART_SPLITS.values() for s in cfg[kind]}
        assert not set(shapes) & old, kind


def test_negatives_repeat_exactly_and_differ_from_the_hard_splits(hard, fresh):
    a = fresh.FRESH_FAMILIES["negative_patterns"]()
    again = fresh.FRESH_FAMILIES["negative_patterns"]()
    assert a and all(r["meta"]["split"] == "fresh" and r["meta"]["stem"].startswith("fresh_") for r in a)
    for x, y in zip(a, again):
        np.testing.assert_array_equal(x["creative"], y["creative"])
        assert not x["person"].any() and not x["text"].any()
    old = hard.FAMILIES["negative_patterns"]("tune") + hard.FAMILIES["negative_patterns"]("heldout")
    assert {r["meta"]["stem"] for r in a}.isdisjoint({r["meta"]["stem"] for r in old})
    old_sizes = {r["creative"].shape for r in old}
    assert not {r["creative"].shape for r in a} & old_sizes


def test_text_family_truth_is_exact(fresh):
    if not fresh.have_fonts():
        pytest.skip("URW base35 / Liberation fonts not installed (fonts-urw-base35, fonts-liberation)")
    rs = fresh.FRESH_FAMILIES["text_stripes"]()
    assert len(rs) == 2
    for r in rs:
        c, bg, text = r["creative"], r["background"], r["text"]
        np.testing.assert_array_equal(c[~text], bg[~text])
        assert text.mean() > 0.005 and not r["person"].any()
        words = [w for w in r["meta"]["words"] if w["text"] != "###"]
        assert words and all(Path(w["font"]).name in {Path(f).name for f in fresh.FONTS} for w in words)
    np.testing.assert_array_equal(rs[0]["creative"], fresh.FRESH_FAMILIES["text_stripes"]()[0]["creative"])


def test_fresh_artifact_is_exact_and_repeats(fresh):
    s = fresh.fresh_artifact(0)
    assert s.split == "fresh" and len(s.artifacts) >= 2
    outside = ~s.removal
    np.testing.assert_array_equal(s.image[outside], s.background[outside])
    assert {a.shape for a in s.artifacts} <= {sh for v in fresh.ART_SHAPES.values() for sh in v}
    np.testing.assert_array_equal(s.image, fresh.fresh_artifact(0).image)
    assert not np.array_equal(s.image.shape, fresh.fresh_artifact(1).image.shape) or \
        not np.array_equal(s.image, fresh.fresh_artifact(1).image)
