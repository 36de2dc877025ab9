"""scripts/eval_glyphs.py --gap: the split of glyph losses on a tiny synthetic creative
with every term known by construction (no model, no shared data)."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import script_module
from creative_tools.bench.datasets import Sample


@pytest.fixture(scope="module")
def ev():
    with script_module("eval_glyphs") as mod:
        yield mod


def test_gap_row_splits_detector_box_and_unseen_losses(ev):
    bg = np.full((100, 200, 3), 12, np.uint8)
    im = bg.copy()
    T = np.zeros((100, 200), bool)
    T[40:60, 20:60] = True          # word A: in the detector's box, found
    im[40:60, 20:60] = 230
    T[40:60, 60:62] = True          # its shadow: 1 grey level (invisible), in the box, missed
    im[40:60, 60:62] = 11
    T[40:60, 150:170] = True        # word B: no box (the detector's miss)
    im[40:60, 150:170] = 230
    M = np.zeros_like(T)
    M[40:60, 20:60] = True
    M[39:40, 20:60] = True          # 40 false px on the rim (touching the truth)
    M[10:12, 20:60] = True          # 80 false px far from it
    box = np.array([[15, 35], [70, 35], [70, 65], [15, 65]], np.float32)
    r = ev.gap_row(Sample("t", im, text=T, background=bg), [box], M)
    nT, nM = T.sum(), M.sum()       # 1240, 920
    assert r["R"] == pytest.approx(800 / nT)
    assert r["P"] == pytest.approx(800 / nM)
    assert r["det"] == pytest.approx(400 / nT)
    assert r["in-box"] == pytest.approx(40 / nT)
    assert r["unseen"] == pytest.approx(40 / nT)
    assert r["Rv"] == pytest.approx(800 / 1200)   # the invisible shadow left out
    assert r["edge"] == pytest.approx(40 / nM) and r["far"] == pytest.approx(80 / nM)
    assert 800 / nT < r["Rrem"] < 1.0             # dilation reaches the shadow, not word B
    assert r["rim"] == pytest.approx(20 / nT)     # the shadow's column next to the mask
    assert r["rim-vis"] == 0.0                    # ... changed by 1 grey level: unseen
    assert r["stroke"] == pytest.approx(20 / nT)  # its second column, 2 px from the mask
    assert r["box"] == 0.0 and r["boxes"] == (0, 1)  # the mask is the word, not the box


def test_gap_row_rim_counts_the_visible_outer_rim_only(ev):
    bg = np.full((60, 80, 3), 200, np.uint8)
    im = bg.copy()
    T = np.zeros((60, 80), bool)
    T[20:40, 20:40] = True          # a square glyph, dark
    im[20:40, 20:40] = 20
    T[20:40, 40] = True             # its antialiased rim, half-way: visible
    im[20:40, 40] = 110
    T[20:40, 41:43] = True          # a soft shadow beyond it: not within 1 px of the mask
    im[20:40, 41:43] = 150
    M = np.zeros_like(T)
    M[20:40, 20:40] = True
    box = np.array([[10, 10], [60, 10], [60, 50], [10, 50]], np.float32)
    r = ev.gap_row(Sample("t", im, text=T, background=bg), [box], M)
    nT = T.sum()                    # 460
    assert r["in-box"] == pytest.approx(60 / nT)
    assert r["rim"] == pytest.approx(20 / nT) and r["rim-vis"] == pytest.approx(20 / nT)


def test_gap_row_box_counts_false_pixels_of_a_filled_polygon_only(ev):
    bg = np.full((60, 200, 3), 200, np.uint8)
    im = bg.copy()
    T = np.zeros((60, 200), bool)
    T[20:40, 20:30] = T[20:40, 40:50] = True        # line 1: two letters, its box filled
    T[20:40, 120:130] = T[20:40, 140:150] = True    # line 2: two letters, the glyphs masked
    im[T] = 20
    M = np.zeros_like(T)
    M[15:45, 15:55] = True                          # 1200 px, 400 of them text
    M[T] = True
    M[20:40, 130:131] = True                        # 20 false px beside a letter of line 2
    box1 = np.array([[15, 15], [54, 15], [54, 44], [15, 44]], np.float32)
    box2 = np.array([[115, 15], [154, 15], [154, 44], [115, 44]], np.float32)
    r = ev.gap_row(Sample("t", im, text=T, background=bg), [box1, box2], M)
    nM = M.sum()                                    # 1200 + 400 + 20
    assert r["boxes"] == (1, 2)
    assert r["box"] == pytest.approx(800 / nM)      # line 1's box less its letters
    assert r["edge"] + r["far"] == pytest.approx(820 / nM)


def test_options_compare_text_mask_settings_on_the_same_polygons(ev):
    bg = np.full((40, 120, 3), 230, np.uint8)
    im = bg.copy()
    T = np.zeros((40, 120), bool)
    T[10:15, 10:100:4] = True       # fine print 5 px high: under min_height 8 it is its box
    im[T] = 20
    box = np.array([[8, 9], [101, 9], [101, 15], [8, 15]], np.float32)
    configs = ev.parse_options(["main={}", 'filled={"tight": false}', 'glyphs={"min_height": 4}'])
    scores, secs, names = ev.ab_rows([(Sample("t", im, text=T, background=bg), [box])], configs)
    assert names == ["t"] and set(secs) == {"main", "filled", "glyphs"}
    assert scores["main"] == scores["filled"]          # small text: the box either way
    assert scores["main"][0][0] == 1.0 and scores["main"][0][1] < 0.5
    assert scores["glyphs"][0][1] > 0.9                # allowed to look at 5 px text: its strokes
    with pytest.raises(SystemExit, match="NAME=JSON"):
        ev.parse_options(["nokwargs"])
