"""scripts/ab_click.py: the A/B loop's helpers (option sets checked, shares, flags, means)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import script_module


@pytest.fixture(scope="module")
def ab():
    with script_module("ab_click") as mod:
        yield mod


@pytest.fixture
def no_creative(ab, monkeypatch):
    """Building a creative fails the test: option checks must come before any sampling."""
    def boom(*a, **k):
        raise AssertionError("a creative was built")

    monkeypatch.setattr(ab, "sample", boom)


def test_an_option_set_is_a_json_object_of_known_names(ab):
    known = ab.segmenter_options()
    assert "silhouette_thin" in known and "saliency" not in known and "session" not in known
    assert ab.parse_options('{"silhouette_thin": 0, "grabcut": true}', known=known) == {
        "silhouette_thin": 0, "grabcut": True}
    assert ab.parse_options("{}", known=known) == {}
    with pytest.raises(ValueError, match="no option 'silhouete_thin'"):
        ab.parse_options('{"silhouete_thin": 0}', known=known)
    with pytest.raises(ValueError, match="JSON object"):
        ab.parse_options("[1]", known=known)
    with pytest.raises(ValueError, match="JSON object"):
        ab.parse_options("{'grabcut': True}", known=known)


def test_a_bad_option_fails_before_any_creative_is_built(ab, no_creative, capsys):
    with pytest.raises(SystemExit):
        ab.main(["--split", "click_tune", "--a", "{}", "--b", '{"nope": 1}'])
    assert "no option 'nope'" in capsys.readouterr().err


def test_shares_say_too_small_or_too_large(ab):
    truth = np.zeros((10, 10), bool)
    truth[2:6, 2:6] = True  # 16 px
    small = np.zeros_like(truth)
    small[2:4, 2:6] = True  # half the truth, nothing outside
    assert ab.shares(small, truth) == (0.5, 0.0)
    large = np.zeros_like(truth)
    large[0:8, 0:8] = True  # all the truth and 48 px outside
    assert ab.shares(large, truth) == (1.0, 3.0)
    assert ab.shares(large, np.zeros_like(truth)) == (0.0, 0.0)


def test_flags_and_means(ab):
    assert ab.flag(0.5, 0.504) == ""
    assert ab.flag(0.5, 0.505) == "gain"
    assert ab.flag(0.5, 0.49) == "LOSS"
    rows = [dict(click="c", a=0.4, b=0.6), dict(click="c", a=0.8, b=0.8),
            dict(click="r0", a=0.9, b=0.5), dict(click="r1", a=0.5, b=0.5)]
    sm = ab.summarize(rows)
    assert sm["n"] == 2 and sm["up"] == 1 and sm["down"] == 1
    assert sm["interior_a"] == pytest.approx(0.6) and sm["interior_b"] == pytest.approx(0.7)
    assert sm["random_a"] == pytest.approx(0.7) and sm["random_b"] == pytest.approx(0.5)
    assert ab.summarize(rows[:2])["random_a"] is None


def test_only_if_is_checked_before_any_creative_is_built(ab, no_creative, capsys):
    with pytest.raises(SystemExit):
        ab.main(["--split", "click_tune", "--b", '{"broken_stroke": 6}', "--only-if", "_nope"])
    assert "no method of that name" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # A sets an option B's segmenter does not name
        ab.main(["--split", "click_tune", "--a", '{"grabcut": true}', "--b", '{"broken_stroke": 6}',
                 "--only-if", "_broken_stroke"])
    assert "naming every option --a sets" in capsys.readouterr().err


def test_a_on_b_reads_the_options_as_a_segmenter_resolves_them(ab):
    # session 33, cmends: the default rim_blend_scope=None is resolved by __init__ ("answer"
    # with the blend on, "shape" without); read from the signature, A ran with the blend off
    names = ("rim_blend", "rim_blend_scope", "answer_flat")
    assert ab.resolved_options({}, names) == {"rim_blend": 0.35, "rim_blend_scope": "answer", "answer_flat": True}
    assert ab.resolved_options({"rim_blend": 0}, names) == {"rim_blend": 0.0, "rim_blend_scope": "shape",
                                                             "answer_flat": True}
    assert ab.resolved_options({"answer_flat": False}, ["rim_blend_scope"]) == {"rim_blend_scope": "answer"}
