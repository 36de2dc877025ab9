"""A drawn shape's name is one line of glyphs (``word_line``, session 27, on by default
(2.0), issue 9 item 3): with it, the glyphs :meth:`ClickSegmenter._wordmark` chains beside a
clicked shape join only when their box stays within ``word_line`` times the tallest glyph. A
grey pill on gravel of its own grey (click tune 009's low-contrast button) chained the stones
up and down the window into its "name"; with the rule the pill stays alone, and a logo's
mark still takes its name. Small synthetic images, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter

from test_click import _iou, _logo


def _pill_on_gravel(seed: int = 0, w: int = 420, h: int = 300):
    """A flat grey pill with a dark word, lined by 4 px of the dark plate, on rows of
    grey stones (140 - 171, the pill's 156 within 60) staggered so that each row overlaps
    the next by half a stone. Returns the image, the pill's mask and a click on the pill."""
    rng = np.random.default_rng(seed)
    img = np.full((h, w, 3), 70, np.uint8)
    for y in range(4, h, 11):
        for x in range(4 + (y // 11 % 2) * 7, w, 15):
            g = int(rng.integers(140, 172))
            c = (x + int(rng.integers(-2, 3)), y + int(rng.integers(-2, 3)))
            cv2.ellipse(img, c, (6, 4), float(rng.integers(-20, 20)), 0, 360, (g, g, g), -1)
    cv2.rectangle(img, (150, 130), (270, 166), (70, 70, 70), -1)
    pill = np.zeros((h, w), bool)
    pill[134:163, 154:267] = True
    img[pill] = (156, 156, 156)
    cv2.putText(img, "Book", (180, 155), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (100, 100, 100), 2)
    return img, pill, (160, 140)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_pill_on_gravel_of_its_colour_takes_no_stones(seed):
    img, pill, click = _pill_on_gravel(seed)
    off = ClickSegmenter(img, saliency=False, word_line=0).segment([click])
    on = ClickSegmenter(img, saliency=False, word_line=2.0).segment([click])
    assert off[pill].all() and (off & ~pill).sum() > 3 * pill.sum()  # the stones as its name (before)
    assert on[pill].all() and (on & ~pill).sum() < 0.5 * pill.sum()  # the pill, its rim and lining
    ys, xs = np.nonzero(on)
    assert ys.min() >= 125 and ys.max() <= 171 and xs.min() >= 145 and xs.max() <= 275


def test_a_logos_mark_still_takes_its_name():
    img, truth = _logo()
    for wl in (0, 2.0):
        m = ClickSegmenter(img, saliency=False, word_line=wl).segment([(45, 115)])  # the mark
        assert _iou(m, truth) > 0.85, wl


def _slanted_logo(angle: float):
    """A green disc and its 9-letter name "GREENLEAF" beside it, turned ``angle`` degrees
    about the disc. Returns the image, the logo's mask and a click on the disc."""
    col = (30, 140, 60)
    img = np.full((300, 480, 3), 255, np.uint8)
    cv2.circle(img, (90, 150), 18, col, -1)
    cv2.putText(img, "GREENLEAF", (118, 161), cv2.FONT_HERSHEY_SIMPLEX, 0.9, col, 2)
    rot = cv2.getRotationMatrix2D((90, 150), angle, 1.0)
    img = cv2.warpAffine(img, rot, (480, 300), flags=cv2.INTER_NEAREST, borderValue=(255, 255, 255))
    return img, np.abs(img.astype(int) - col).sum(-1) < 60, (90, 150)


@pytest.mark.parametrize("angle", [15, 20, -20, 30])
def test_a_slanted_name_is_still_one_line(angle):
    # the line's height is measured about its slope: upright, the box of a name turned
    # 15 - 30 degrees is over twice its tallest glyph and the name was refused whole
    img, truth, click = _slanted_logo(angle)
    off = ClickSegmenter(img, saliency=False, word_line=0).segment([click])
    on = ClickSegmenter(img, saliency=False, word_line=2.0).segment([click])
    assert _iou(off, truth) > 0.75
    assert _iou(on, truth) >= _iou(off, truth) - 0.01


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_pill_on_gravel_at_half_size_takes_no_stones(seed):
    # at half size the click reaches the pill through _attached, whose _wordmark keeps the rule too
    img, pill, (cx, cy) = _pill_on_gravel(seed)
    img = cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    pill = cv2.resize(pill.astype(np.uint8), (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    click = (cx // 2, cy // 2)
    off = ClickSegmenter(img, saliency=False, word_line=0).segment([click])
    on = ClickSegmenter(img, saliency=False, word_line=2.0).segment([click])
    assert (off & ~pill).sum() > 3 * pill.sum()  # the stones as its name (before)
    assert on[pill].mean() > 0.7 and (on & ~pill).sum() < 0.5 * pill.sum()


def test_the_default_is_on():
    img, pill, click = _pill_on_gravel()
    assert ClickSegmenter(img, saliency=False).word_line == 2.0
    default = ClickSegmenter(img, saliency=False).segment([click])
    assert np.array_equal(default, ClickSegmenter(img, saliency=False, word_line=2.0).segment([click]))
    assert not np.array_equal(default, ClickSegmenter(img, saliency=False, word_line=0).segment([click]))


def test_chips_is_the_line_over_its_tallest_glyph():
    assert ClickSegmenter._chips(41, 20, 2.0) is True
    assert ClickSegmenter._chips(40, 20, 2.0) is None  # exactly twice: still one line


@pytest.mark.parametrize("edge", [0, 1.2, 10, np.float32(2.0), np.int64(3)])
def test_word_line_door_accepts_its_edges(edge):
    img = np.full((20, 20, 3), 200, np.uint8)
    seg = ClickSegmenter(img, saliency=False, word_line=edge)
    assert type(seg.word_line) is float and seg.word_line == pytest.approx(float(edge))


@pytest.mark.parametrize("bad", [-1, 1.0, 1.19999, 10.0001, 11, float("nan"), float("inf"), True, "2"])
def test_word_line_door(bad):
    img = np.full((20, 20, 3), 200, np.uint8)
    with pytest.raises(ContractError, match="word_line"):
        ClickSegmenter(img, saliency=False, word_line=bad)
