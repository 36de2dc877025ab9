"""A press row's caption set further off than a stacked line (``row_caption``, session 26,
on by default, issue 9 item 3): an "as seen on" in small letter-spaced capitals about one
row height over the mastheads joins the row; off, the row alone (the behaviour before). A line as tall as
the row, a caption further than the reach and a click on a lone word are left as they were.
Small synthetic images, saliency off."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from creative_tools.bench.artifacts import _font
from creative_tools.bench.objects import click_point
from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter

INK = (40, 40, 46)


def _captioned(gap: int = 24, size: int = 12, text: str = "AS SEEN ON", spaced: bool = True, height: int = 150):
    """Three names in one dark ink set 22 px apart on a plain plate (a row ``_row`` joins),
    and ``text`` (letter-spaced when ``spaced``) in ``size`` px centred over them, its
    baseline ``gap`` px over the row's top. Returns the image, the click (the first
    name's most interior pixel), the names' ink and the caption's ink."""
    im = Image.new("RGB", (480, height), (200, 200, 200))
    d = ImageDraw.Draw(im)
    x, boxes = 20, []
    for name, fs in (("Ledger", 24), ("KITE", 26), ("Parlour", 22)):
        f = _font("DejaVuSans.ttf", fs)
        d.text((x, 110), name, font=f, fill=INK, anchor="ls")
        boxes.append(d.textbbox((x, 110), name, font=f, anchor="ls"))
        x = boxes[-1][2] + 22
    top = min(b[1] for b in boxes)
    cap = " ".join(text) if spaced else text
    d.text(((20 + x - 22) / 2, top - gap), cap, font=_font("DejaVuSans.ttf", size), fill=INK, anchor="ms")
    img = np.asarray(im).copy()
    ink = np.abs(img.astype(int) - 200).sum(-1) > 150
    names, caption = ink.copy(), ink.copy()
    names[:top - 2] = False
    caption[top - 2:] = False
    first = names.copy()
    first[:, boxes[0][2]:] = False
    return img, click_point(first), names, caption


def test_the_caption_over_a_press_row_joins_it():
    # the caption's bottom 24 px (one row height) over the names: beyond _stacked's reach
    # (0.8 of the taller height, 1.5 of the shorter + 4)
    img, click, names, caption = _captioned()
    off = ClickSegmenter(img, saliency=False, row_caption=0).segment([click])
    on = ClickSegmenter(img, saliency=False, row_caption=1.5).segment([click])
    assert off[names].mean() == 1.0 and not off[caption].any()  # the row alone (before)
    assert on[names].mean() == 1.0 and on[caption].mean() >= 0.95
    assert not on[10, 240] and not on[140, 240]  # the plate above and below


def test_the_default_is_on():
    # on since session 26 (row_caption=1.5); 0 turns it off
    img, click, names, caption = _captioned()
    assert ClickSegmenter(img, saliency=False).row_caption == 1.5
    assert ClickSegmenter(img, saliency=False).segment([click])[caption].mean() >= 0.95
    assert not ClickSegmenter(img, saliency=False, row_caption=0).segment([click])[caption].any()


def test_a_line_as_tall_as_the_row_is_not_its_caption():
    # a headline of the names' size over the row: another line of text, not a caption
    img, click, names, caption = _captioned(gap=28, size=24, text="Read more", spaced=False)
    on = ClickSegmenter(img, saliency=False, row_caption=1.5).segment([click])
    assert on[names].mean() == 1.0 and not on[caption].any()


def test_a_caption_beyond_the_reach_stays_out():
    # 40 px from the row's top: its bottom about 1.6 row heights away
    img, click, names, caption = _captioned(gap=40)
    assert caption.any()
    on = ClickSegmenter(img, saliency=False, row_caption=1.5).segment([click])
    assert on[names].mean() == 1.0 and not on[caption].any()
    wide = ClickSegmenter(img, saliency=False, row_caption=2.5).segment([click])
    assert wide[caption].mean() >= 0.95


def test_a_lone_word_takes_no_caption():
    # one name, no row: _row joins nothing, so no caption is looked for
    im = Image.new("RGB", (480, 150), (200, 200, 200))
    d = ImageDraw.Draw(im)
    d.text((20, 110), "Ledger", font=_font("DejaVuSans.ttf", 24), fill=INK, anchor="ls")
    d.text((70, 67), " ".join("AS SEEN ON"), font=_font("DejaVuSans.ttf", 12), fill=INK, anchor="ms")
    img = np.asarray(im).copy()
    ink = np.abs(img.astype(int) - 200).sum(-1) > 150
    word, caption = ink.copy(), ink.copy()
    word[:88] = False
    caption[88:] = False
    on = ClickSegmenter(img, saliency=False, row_caption=1.5).segment([click_point(word)])
    assert on[word].mean() == 1.0 and not on[caption].any()


@pytest.mark.parametrize("bad", [-1, 0.5, 3.5, float("nan"), True, "1.5"])
def test_row_caption_is_validated(bad):
    img = np.full((40, 40, 3), 200, np.uint8)
    with pytest.raises(ContractError, match="row_caption must be"):
        ClickSegmenter(img, saliency=False, row_caption=bad)


def test_a_stray_piece_of_the_row_does_not_stretch_its_height():
    # the row with a 1 px line of the plate taken with it (75 px tall): its box is three
    # times its type; a line of other text 32 px under it (1.6 type heights) is not its
    # caption (before the type height, the box let it pass: gap <= 1.5 x 76, height
    # <= 0.6 x 76; artcheck5 tune 046)
    img, click, names, caption = _captioned(height=300)
    im = Image.fromarray(img)
    ImageDraw.Draw(im).text((150, 162), "Read more", font=_font("DejaVuSans.ttf", 20), fill=INK, anchor="ls")
    img = np.asarray(im).copy()
    seg = ClickSegmenter(img, saliency=False)
    ref = names.copy()
    ref[40:116, 300] = True
    assert seg._line_beyond(ref, ref, np.array(INK, np.float64), True, caption=1.5) is None
    over = seg._line_beyond(names, names, np.array(INK, np.float64), False, caption=1.5)
    assert over is not None and over[caption].mean() >= 0.75  # (the caption over it still found)
