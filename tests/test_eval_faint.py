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
        m = ev.draw_busy("heldout", i, ("bokeh", "grass"))["meta"]
        lo, hi = (0.20, 0.40) if m["ink"] == "white" else (0.15, 0.30)
        assert lo <= m["opacity"] <= hi and m["ground"] in ("bokeh", "grass")
        assert 24 <= m["size"] <= 200
    # a busy ground: far more local variation than the faint set's gradients
    g = ev._ground("bokeh", np.random.default_rng(0), ev.BUSY_H, ev.BUSY_W)
    assert g.shape == (ev.BUSY_H, ev.BUSY_W, 3) and np.abs(np.diff(g, axis=1)).mean() > 0.3


def test_busy_box_is_clipped_to_the_busy_frame(ev):
    quad = np.float32([[5, 4], [950, 4], [950, 390], [5, 390]])
    box = ev._box(quad, 0.2, (ev.BUSY_H, ev.BUSY_W))
    assert box[:, 0].max() == ev.BUSY_W - 1 and box[:, 1].max() == ev.BUSY_H - 1


def test_busy_grounds_are_refused_without_busy(ev):
    with pytest.raises(SystemExit):
        ev.main(["--grounds", "bokeh", "--n", "1"])
