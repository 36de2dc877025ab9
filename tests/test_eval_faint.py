"""scripts/eval_faint.py: its default comparison, the draw and the box (no model)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from conftest import script_module


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_faint") as mod:
        yield mod


def test_default_options_compare_ground_off_with_the_default(ev):
    # since session 20 ``{}`` is ground ON: a plain run must compare off with on, not on with on
    opts = ev._options(ev._parser().parse_args([]).options)
    assert opts == {"off": {"ground": False}, "on": {}}


def test_draw_is_deterministic_per_seed_and_de_is_measured_after_jpeg(ev):
    a, b = ev.draw("tune", 3, ("radial",)), ev.draw("tune", 3, ("radial",))
    assert a["meta"] == b["meta"] and np.array_equal(a["image"], b["image"])
    assert not np.array_equal(a["image"], ev.draw("tune", 4, ("radial",))["image"])
    assert a["image"].shape == (ev.H, ev.W, 3) and a["image"].dtype == np.uint8
    # the first draw of the tune split with a JPEG step: its dE is the encoded word's contrast
    c = next(c for c in (ev.draw("tune", i, ("radial",)) for i in range(40)) if c["meta"]["jpeg"] is not None)
    lab = lambda z: cv2.cvtColor(z.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)  # noqa: E731
    de = np.sqrt(((lab(c["image"]) - lab(c["clean"])) ** 2).sum(-1))[c["core"]].mean()
    assert c["meta"]["dE"] == pytest.approx(de, abs=0.006)


def test_box_is_padded_and_clipped_to_the_image(ev):
    quad = np.float32([[5, 4], [790, 4], [790, 274], [5, 274]])  # 270 px high: pad 54 px each side
    box = ev._box(quad, 0.2)
    assert box.min() == 0 and box[:, 0].max() == ev.W - 1 and box[:, 1].max() == ev.H - 1
    inner = ev._box(np.float32([[100, 100], [200, 100], [200, 150], [100, 150]]), 0.2)
    np.testing.assert_array_equal(inner, [[90, 90], [210, 90], [210, 160], [90, 160]])


def test_empty_core_counts_as_uncovered_not_nan(ev):
    mask = np.ones((4, 4), bool)
    assert ev._core_cover(mask, np.zeros((4, 4), bool)) == 0.0
    core = np.zeros((4, 4), bool)
    core[:2, :2] = True
    mask[0, :] = False
    assert ev._core_cover(mask, core) == 0.5


def test_differ_compares_each_option_set_with_the_first(ev):
    a = np.zeros((3, 3), bool)
    b = a.copy()
    b[1, 1] = True
    assert ev._differ({"off": a, "on": a.copy(), "x": b}) == {"off": False, "on": False, "x": True}


def test_faint_draws_are_those_of_session_21(ev):
    # --busy (session 22) shares the placing code: the faint draws must not move
    meta = {k: v for k, v in ev.draw("tune", 0)["meta"].items() if k != "dE"}
    assert meta == {"i": 0, "word": "SALE 30%", "face": "URWBookman-Demi.otf", "ink": "black", "opacity": 0.09,
                    "jpeg": 90, "ground": "chelsea", "grain": 2.0, "size": 92}
    meta = {k: v for k, v in ev.draw("heldout", 5)["meta"].items() if k != "dE"}
    assert meta == {"i": 5, "word": "velvet", "face": "NimbusSans-Italic.otf", "ink": "navy", "opacity": 0.1,
                    "jpeg": 80, "ground": "paper", "grain": 2.0, "size": 44}


def test_busy_draws_large_semi_transparent_headlines_on_their_own_seeds(ev):
    a, b = ev.draw_busy("tune", 2), ev.draw_busy("tune", 2)
    assert a["meta"] == b["meta"] and np.array_equal(a["image"], b["image"])
    assert a["image"].shape == (ev.BUSY_H, ev.BUSY_W, 3) and a["image"].dtype == np.uint8
    assert set(ev.BUSY_SPLITS.values()).isdisjoint(ev.SPLITS.values())
    for i in range(12):
        m = ev.draw_busy("heldout", i, ("bokeh_warm", "coins"))["meta"]
        lo, hi = (0.20, 0.40) if m["ink"] == "white" else (0.15, 0.30)
        assert lo <= m["opacity"] <= hi and m["ground"] in ("bokeh_warm", "coins")
        assert 80 <= m["size"] <= 200  # the fit to the frame's width never shrinks a headline below 80
    # a busy ground: far more local variation than the faint set's gradients (radial 0.215; tune's bokeh
    # 1.19, the least busy of both splits' grounds retina 0.99, at this seed)
    for kind in ev.BUSY_GROUNDS["tune"] + ev.BUSY_GROUNDS["heldout"]:
        g = ev._ground(kind, np.random.default_rng(0), ev.BUSY_H, ev.BUSY_W)
        assert g.shape == (ev.BUSY_H, ev.BUSY_W, 3) and np.abs(np.diff(g, axis=1)).mean() > 0.8, kind
    g = ev._ground("radial", np.random.default_rng(0), ev.BUSY_H, ev.BUSY_W)
    assert np.abs(np.diff(g, axis=1)).mean() < 0.8  # the check tells a quiet ground from a busy one


def test_busy_tune_draws_are_those_of_session_22_faint(ev):
    # the held-out split got its own grounds and words (fbusy): tune's draws must not move
    meta = {k: v for k, v in ev.draw_busy("tune", 0)["meta"].items() if k != "dE"}
    assert meta == {"i": 0, "word": "fresh bread", "face": "NimbusSans-Italic.otf", "ink": "brown", "opacity": 0.23,
                    "jpeg": 65, "ground": "brick", "grain": 0.0, "size": 82}


def test_busy_heldout_shares_no_ground_or_word_with_tune_or_the_faint_set(ev):
    tune, held = ev.BUSY_GROUNDS["tune"], ev.BUSY_GROUNDS["heldout"]
    assert set(held).isdisjoint(tune) and set(held).isdisjoint(ev.GROUNDS)
    assert set(ev.BUSY_WORDS["heldout"]).isdisjoint(ev.BUSY_WORDS["tune"])
    assert set(ev.BUSY_WORDS["heldout"]).isdisjoint(ev.WORDS)
    metas = [ev.draw_busy("heldout", i)["meta"] for i in range(40)]
    assert {m["ground"] for m in metas} == set(held)
    assert {m["word"] for m in metas} <= set(ev.BUSY_WORDS["heldout"])
    # a held-out draw on a tune ground is refused at the door
    with pytest.raises(ValueError, match="heldout split's busy grounds"):
        ev.draw_busy("heldout", 0, ("bokeh",))


def test_busy_box_is_clipped_to_the_busy_frame(ev):
    quad = np.float32([[5, 4], [950, 4], [950, 390], [5, 390]])
    box = ev._box(quad, 0.2, (ev.BUSY_H, ev.BUSY_W))
    assert box[:, 0].max() == ev.BUSY_W - 1 and box[:, 1].max() == ev.BUSY_H - 1


@pytest.mark.parametrize("argv", [["--grounds", "bokeh"], ["--busy", "--split", "heldout", "--grounds", "bokeh"],
                                  ["--busy", "--split", "tune", "--grounds", "coins"]])
def test_grounds_outside_the_class_and_split_are_refused_before_any_model(ev, argv):
    # the faint class on a busy ground, or a busy split on the other split's ground
    with pytest.raises(SystemExit, match="not all in"):
        ev._drawer(ev._parser().parse_args(argv + ["--n", "1"]))
    make, grounds = ev._drawer(ev._parser().parse_args(["--busy", "--split", "heldout", "--grounds", "coins"]))
    assert make is ev.draw_busy and grounds == ("coins",)
