"""Straight edges continued through a hole (``inpaint/lines.py``), on tiny synthetic arrays."""

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.inpaint.lines import continue_lines, pair_segments, ring_segments
from creative_tools.registry import load


def _cross():
    """A light ground crossed by a dark vertical bar (x 28..35) and a green horizontal one (y 38..43)."""
    im = np.full((80, 80, 3), 210, np.uint8)
    im[38:44] = (90, 140, 60)
    im[:, 28:36] = (30, 30, 120)  # the dark bar over the green one
    m = np.zeros((80, 80), bool)
    m[24:56, 18:50] = True
    return im, m


def test_two_crossing_edges_continued():
    im, m = _cross()
    hidden = im.copy()
    hidden[m] = 128  # the hole's truth is not there to be kept
    out, drawn = continue_lines(hidden, m)
    assert drawn.any() and not drawn[~m].any()
    # both sides of the vertical bar drawn across the hole: the bar's colour inside its
    # edge, the ground outside
    assert drawn[30, 28] and tuple(out[30, 28]) == (30, 30, 120)
    assert drawn[30, 36] and tuple(out[30, 36]) == (210, 210, 210)
    # the green bar's edges, away from the crossing: ground outside, green inside
    assert drawn[36, 44] and tuple(out[36, 44]) == (210, 210, 210)
    assert drawn[42, 22] and tuple(out[42, 22]) == (90, 140, 60)
    # what is drawn is close to the truth (the grey it replaced is 67 levels off)
    assert np.abs(out[drawn].astype(int) - im[drawn]).mean() < 25
    # the known pixels are untouched
    assert np.array_equal(out[~m], im[~m])


def test_unpaired_edge_invents_nothing():
    im = np.full((64, 64, 3), 200, np.uint8)
    im[:, 30:] = 60  # a vertical edge ...
    im[40:, :] = (
        200  # ... that stops above the hole: it enters the hole but never leaves it
    )
    m = np.zeros((64, 64), bool)
    m[20:48, 14:48] = True
    out, drawn = continue_lines(im, m)
    assert len(ring_segments(im, m)) >= 1
    assert not drawn.any()
    assert out is im


def test_colours_must_agree():
    # an edge whose sides swap colours across the hole is two edges, not one
    im = np.full((64, 64, 3), 200, np.uint8)
    im[:20, 32:] = 40
    im[44:, :32] = 40
    m = np.zeros((64, 64), bool)
    m[20:44, 12:52] = True
    assert pair_segments(ring_segments(im, m), m) == []


def test_offset_edges_do_not_pair():
    # parallel edges 8 px apart across the hole: a jog, not a line
    im = np.full((64, 64, 3), 200, np.uint8)
    im[:20, 24:] = 40
    im[44:, 32:] = 40
    m = np.zeros((64, 64), bool)
    m[20:44, 12:52] = True
    assert pair_segments(ring_segments(im, m), m) == []


def test_width_checked():
    im, m = _cross()
    with pytest.raises(ContractError, match="width"):
        continue_lines(im, m, width=0)


def test_auto_lines_option_draws_the_bar():
    # twice the size: a hole wide enough for the wide-hole fill
    im, m = (np.repeat(np.repeat(a, 2, axis=0), 2, axis=1) for a in _cross())
    plain = load("inpaint", "auto", lines=False).inpaint(im, m)
    lined = load("inpaint", "auto", lines=True).inpaint(im, m)
    bar = (slice(52, 108), slice(60, 68))
    err = lambda out: float(np.mean((out[bar].astype(float) - im[bar]) ** 2))
    assert err(lined) < 0.5 * err(plain)  # measured 0.36
    assert np.array_equal(lined[~m], im[~m])


def test_line_colour_checked():
    with pytest.raises(ContractError, match="line_colour"):
        load("inpaint", "auto", line_colour=0)


@pytest.mark.parametrize("bad", [{"angle": 0}, {"offset": -1}, {"colour": 0}, {"through": 1.5},
                                 {"min_length": 0}, {"reach": 0}, {"side": -2}])
def test_line_options_are_checked(bad):
    im, m = _cross()
    with pytest.raises(ContractError, match=next(iter(bad))):
        continue_lines(im, m, **bad)


def test_auto_refuses_a_lines_switch_that_is_not_a_bool():
    from creative_tools.inpaint.classical import TwoScaleInpainter

    with pytest.raises(ContractError, match="lines"):
        TwoScaleInpainter(lines="false")
