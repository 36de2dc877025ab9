"""A gentler refusal for ``word_line`` (``word_keep``, session 28, opt-in, off): where the
chain of a drawn shape's name climbs out of its line into a busy photo, ``word_line``
drops the whole chain, the name with it; with ``word_keep`` the glyphs on the shape's own
rows stay (:meth:`ClickSegmenter._name_on_rows`), unless they stand in a texture (chips
in rows over rows, a pill on gravel of its grey). Small synthetic images, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter

from test_click import _iou
from test_click_word_line import _pill_on_gravel


def _name_then_climb():
    """A green disc and its name "GREENLEAF" on one line, then, past the name's end, three
    staggered columns of chips of the same green (a busy photo's pieces) up and down the
    image, each overlapping the rows of the one beside it by over half. Returns the image,
    the logo's mask (disc and name) and a click on the disc."""
    col = (30, 140, 60)
    img = np.full((300, 480, 3), 255, np.uint8)
    cv2.circle(img, (90, 150), 18, col, -1)
    cv2.putText(img, "GREENLEAF", (118, 161), cv2.FONT_HERSHEY_SIMPLEX, 0.9, col, 2)
    truth = np.abs(img.astype(int) - col).sum(-1) < 60
    for c in range(3):
        for y in range(8 + 4 * c, 296, 12):
            cv2.ellipse(img, (290 + 14 * c, y), (5, 4), 0, 0, 360, col, -1)
    return img, truth, (90, 150)


def test_a_name_whose_chain_climbs_keeps_the_name():
    img, truth, click = _name_then_climb()
    off = ClickSegmenter(img, saliency=False, word_line=0).segment([click])
    line = ClickSegmenter(img, saliency=False).segment([click])
    keep = ClickSegmenter(img, saliency=False, word_keep=True).segment([click])
    assert (off & ~truth).sum() > 2 * truth.sum()  # without word_line: the chips up and down the image
    assert _iou(line, truth) < 0.6  # word_line: the disc alone, the name dropped with the climb
    assert _iou(keep, truth) > 0.9 and (keep & ~truth).sum() < 0.1 * truth.sum()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_pill_on_gravel_still_takes_no_stones(seed):
    # the stones on the pill's own rows have stones straight above and below them: a texture
    img, pill, click = _pill_on_gravel(seed)
    line = ClickSegmenter(img, saliency=False).segment([click])
    keep = ClickSegmenter(img, saliency=False, word_keep=True).segment([click])
    assert np.array_equal(keep, line)
    assert (keep & ~pill).sum() < 0.5 * pill.sum()


def test_word_keep_needs_word_line():
    # word_keep acts only where word_line refused a chain
    img, truth, click = _name_then_climb()
    off = ClickSegmenter(img, saliency=False, word_line=0).segment([click])
    both = ClickSegmenter(img, saliency=False, word_line=0, word_keep=True).segment([click])
    assert np.array_equal(off, both)


def test_the_default_is_off():
    img, truth, click = _name_then_climb()
    seg = ClickSegmenter(img, saliency=False)
    assert seg.word_keep is False
    assert np.array_equal(seg.segment([click]),
                          ClickSegmenter(img, saliency=False, word_keep=False).segment([click]))


def _boxes(rows):
    """Component boxes (x, y, w, h) as the arrays :meth:`_name_on_rows` takes, every one a candidate."""
    b = np.array(rows, np.float64)
    return np.ones(len(b), bool), b[:, 0], b[:, 1], b[:, 2], b[:, 3]


def test_name_on_rows_keeps_letters_beside_the_shape():
    # a shape at x 0..20, y 0..20; letters on its rows 3 px apart; a letter far away; a speck
    cand, sx, sy, bw, bh = _boxes([(23, 4, 10, 14), (36, 4, 10, 14), (49, 2, 10, 16), (120, 4, 10, 14), (62, 8, 2, 2)])
    first = np.array([True, False, False, False, False])
    keep = ClickSegmenter._name_on_rows(first, cand, sx, sy, bw, bh, (0, 0, 20, 20), 0.6)
    assert keep.tolist() == [True, True, True, False, False]


def test_name_on_rows_refuses_letters_in_rows_over_rows():
    # the same letters, each with a glyph of its size straight above it: a texture's chips
    cand, sx, sy, bw, bh = _boxes([(23, 4, 10, 14), (36, 4, 10, 14), (49, 2, 10, 16),
                                   (23, -22, 10, 14), (36, -22, 10, 14), (49, -22, 10, 14)])
    first = np.array([True] + [False] * 5)
    assert ClickSegmenter._name_on_rows(first, cand, sx, sy, bw, bh, (0, 0, 20, 20), 0.6) is None
    # one of three stacked: still a name (most letters stand alone)
    cand, sx, sy, bw, bh = _boxes([(23, 4, 10, 14), (36, 4, 10, 14), (49, 2, 10, 16), (23, -22, 10, 14)])
    keep = ClickSegmenter._name_on_rows(np.array([True, False, False, False]), cand, sx, sy, bw, bh,
                                        (0, 0, 20, 20), 0.6)
    assert keep.tolist() == [True, True, True, False]


@pytest.mark.parametrize("bad", [1, 0, "yes", None, 1.0])
def test_word_keep_door(bad):
    img = np.full((20, 20, 3), 200, np.uint8)
    with pytest.raises(ContractError, match="word_keep"):
        ClickSegmenter(img, saliency=False, word_keep=bad)


def test_name_on_rows_refuses_chips_off_a_baseline():
    # five chips on the shape's rows, none stacked, their bottoms at 10, 18, 14, 20, 9: no baseline
    cand, sx, sy, bw, bh = _boxes([(23, 2, 8, 8), (34, 10, 8, 8), (45, 5, 8, 9), (56, 12, 8, 8), (67, 1, 8, 8)])
    first = np.array([True] + [False] * 4)
    assert ClickSegmenter._name_on_rows(first, cand, sx, sy, bw, bh, (0, 0, 20, 20), 0.6) is None
    # the same chips on one baseline (a descender aside), set on a slant: a name
    cand, sx, sy, bw, bh = _boxes([(23, 2, 8, 8), (34, 3, 8, 8), (45, 3, 8, 9), (56, 9, 8, 8), (67, 6, 8, 8)])
    keep = ClickSegmenter._name_on_rows(first, cand, sx, sy, bw, bh, (0, 0, 20, 20), 0.6)
    assert keep.tolist() == [True] * 5


def test_name_on_rows_wants_three_glyphs():
    cand, sx, sy, bw, bh = _boxes([(23, 4, 10, 14), (36, 4, 10, 14)])
    assert ClickSegmenter._name_on_rows(np.array([True, False]), cand, sx, sy, bw, bh, (0, 0, 20, 20), 0.6) is None
