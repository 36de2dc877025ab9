"""``broken_stroke`` (session 22, opt-in): a click on one piece of a distressed stamp's frame
takes the frame's other pieces across the grunge's gaps and the letters it encloses; a
solid shape and a group that reaches the frame are left as they were. Small synthetic
images, saliency off."""

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter

INK = (240, 100, 30)


def _stamp(breaks=(120, 160, 200), gap=4):
    """An orange rectangular frame (10 px strokes) on a grey plate, its top and bottom bars
    broken by ``gap``-px cuts at ``breaks``, with three letter bars inside."""
    img = np.full((240, 320, 3), (200, 205, 210), np.uint8)
    ink = np.zeros((240, 320), bool)
    ink[60:70, 80:240] = ink[170:180, 80:240] = True
    ink[60:180, 80:90] = ink[60:180, 230:240] = True
    for x in breaks:
        ink[55:75, x:x + gap] = ink[165:185, x:x + gap] = False
    for x in (110, 150, 190):
        ink[110:130, x:x + 6] = True
    img[ink] = INK
    return img, ink


def test_a_click_on_a_stamp_piece_takes_the_whole_stamp():
    img, ink = _stamp()
    off = ClickSegmenter(img, saliency=False, broken_stroke=0).segment([(100, 64)])
    assert (off & ink).sum() < 0.5 * ink.sum()  # the piece up to the first cut (the behaviour before)
    on = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 64)])
    assert (on & ink).sum() == ink.sum()  # every piece and the three letters inside
    assert (on & ~ink).sum() <= 0.02 * ink.sum()  # (no plate but an anti-aliased rim)


def test_a_cut_wider_than_the_gap_is_not_crossed():
    img, ink = _stamp(gap=12)
    m = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 64)])
    assert (m & ink).sum() < 0.5 * ink.sum()


def test_a_group_reaching_the_frame_is_refused():
    # the same ink continues (across cuts) to the image's edge: a pattern or a plate's band
    img, ink = _stamp()
    img[64:66, 240:] = INK
    img[60:70, 244:] = INK
    img[60:70, 280:284] = (200, 205, 210)
    base = ClickSegmenter(img, saliency=False, broken_stroke=0).segment([(100, 64)])
    m = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 64)])
    assert np.array_equal(m, base)


def test_the_ink_colour_on_the_plate_round_the_group_is_refused():
    # the same ink just beyond the gap round the gathered frame (a pattern of one colour,
    # not one stamp): the plate's colours round the group hold the ink's
    img, ink = _stamp()
    img[60:180, 247:249] = INK
    base = ClickSegmenter(img, saliency=False, broken_stroke=0).segment([(100, 64)])
    m = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 64)])
    assert np.array_equal(m, base)


def test_gaps_of_another_colour_are_not_crossed():
    # the cuts hold a blue the plate lacks: not the plate showing through grunge but
    # another part of one drawing (a candy badge's other stripes, artcheck3 tune 002)
    img, ink = _stamp()
    for x in (120, 160, 200):
        img[60:70, x:x + 4] = img[170:180, x:x + 4] = (40, 60, 200)
    base = ClickSegmenter(img, saliency=False, broken_stroke=0).segment([(100, 64)])
    m = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 64)])
    assert np.array_equal(m, base)


def test_a_rough_piece_is_a_photo_not_ink():
    # the same frame with a grain of +-4 per channel (mean |Laplacian| 5.2 > 2): a piece of
    # a photo (a motorbike's tank in a washi-taped photo, artcheck5 tune 005) is left alone
    img, ink = _stamp()
    grain = np.random.default_rng(0).integers(-4, 5, img.shape)
    img = np.where(ink[..., None], (img.astype(int) + grain).clip(0, 255), img).astype(np.uint8)
    base = ClickSegmenter(img, saliency=False, broken_stroke=0).segment([(100, 64)])
    m = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 64)])
    assert np.array_equal(m, base)


def test_a_solid_shape_is_left_alone():
    img = np.full((200, 200, 3), (200, 205, 210), np.uint8)
    img[60:140, 60:140] = INK  # a square: inscribed radius 40 of its 80 px side
    img[60:140, 144:148] = INK  # a bar 4 px away
    base = ClickSegmenter(img, saliency=False, broken_stroke=0).segment([(100, 100)])
    m = ClickSegmenter(img, saliency=False, broken_stroke=6).segment([(100, 100)])
    assert np.array_equal(m, base)


def test_broken_stroke_is_checked():
    img, _ = _stamp()
    for bad in (-1, 2.5, 17, True, float("nan"), "6"):
        with pytest.raises(ContractError, match="broken_stroke"):
            ClickSegmenter(img, saliency=False, broken_stroke=bad)
    assert ClickSegmenter(img, saliency=False, broken_stroke=6).broken_stroke == 6
    assert ClickSegmenter(img, saliency=False).broken_stroke == 0
