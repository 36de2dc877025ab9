"""A button whose fill is close to the plate (``faint_button``, session 28, on by default):
its border steps under the region map's 14 levels, so the click takes its letters alone or
floods through the border to the frame; with ``faint_button`` the flat, closed, convex
region round the click in an edge map of a lower step is the button
(:meth:`ClickSegmenter._faint_button`). Small synthetic images, saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter

from test_click import _iou

PLATE = (150, 120, 170)


def _button(d=(12, -12, 12), *, shape="rect", shade=0.0, at=(120, 95, 280, 145)):
    """A 400 x 240 flat plate with a rounded button of the plate's colour plus ``d``, drawn
    at 4x and shrunk (an anti-aliased border), "Book now" on it in a colour 70 levels off
    the fill. ``shape="L"``: an L of the fill instead, the text on its foot; ``"outline"``:
    only a 3 px outline of the fill's colour, the plate inside; ``shade``: a smooth bump of
    that many levels inside the fill (a glossy or photographed patch: the border as faint,
    the inside not flat). Returns the image and the truth (alpha > 0.1)."""
    H, W = 240, 400
    img = np.full((H, W, 3), PLATE, np.uint8)
    fill = np.clip(np.asarray(PLATE) + d, 0, 255)
    big = np.zeros((H * 4, W * 4), np.uint8)
    x0, y0, x1, y1 = at
    if shape in ("rect", "outline"):
        r = 10
        cv2.rectangle(big, (4 * (x0 + r), 4 * y0), (4 * (x1 - r), 4 * y1), 255, -1)
        cv2.rectangle(big, (4 * x0, 4 * (y0 + r)), (4 * x1, 4 * (y1 - r)), 255, -1)
        for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
            cv2.circle(big, (4 * cx, 4 * cy), 4 * r, 255, -1)
    if shape == "outline":
        cv2.rectangle(big, (4 * (x0 + 3), 4 * (y0 + 3)), (4 * (x1 - 3), 4 * (y1 - 3)), 0, -1)
    if shape == "L":
        cv2.rectangle(big, (4 * 120, 4 * 60), (4 * 170, 4 * 180), 255, -1)
        cv2.rectangle(big, (4 * 120, 4 * 130), (4 * 300, 4 * 180), 255, -1)
    a = cv2.resize(big, (W, H), interpolation=cv2.INTER_AREA).astype(np.float64)[..., None] / 255
    col = np.broadcast_to(fill.astype(np.float64), (H, W, 3))
    if shade:
        yy, xx = np.mgrid[:H, :W]
        cx, cy = (at[0] + at[2]) / 2, (at[1] + at[3]) / 2
        col = col + shade * np.exp(-(((xx - cx) / 40.0) ** 2 + ((yy - cy) / 12.0) ** 2))[..., None]
    img = np.clip(img * (1 - a) + col * a, 0, 255).round().astype(np.uint8)
    truth = a[..., 0] > 0.1
    ink = tuple(int(v) for v in np.clip(fill + 70, 0, 255))
    cv2.putText(img, "Book now", (at[0] + 30, at[1] + 35) if shape != "L" else (160, 165),
                cv2.FONT_HERSHEY_SIMPLEX, 0.8, ink, 2, cv2.LINE_AA)
    return img, truth


def _both(img, click, **kw):
    off = ClickSegmenter(img, saliency=False, faint_button=0, **kw).segment([click])
    on = ClickSegmenter(img, saliency=False, faint_button=4, **kw).segment([click])
    return off, on


@pytest.mark.parametrize("d", [(12, -12, 12), (-10, 10, -10), (10, 10, 10)])
def test_a_click_on_the_letters_takes_the_button(d):
    img, truth = _button(d)
    off, on = _both(img, (170, 122))  # on the "o" of "Book"
    assert _iou(off, truth) < 0.3  # the letters alone: the border is under the region map's step
    assert _iou(on, truth) > 0.95


@pytest.mark.parametrize("click", [(135, 100), (260, 140)])
def test_a_click_on_the_fill_takes_the_button_not_the_plate(click):
    img, truth = _button()
    off, on = _both(img, click)
    assert off.sum() > 5 * truth.sum()  # the flood through the faint border to the frame
    assert _iou(on, truth) > 0.95


def test_a_non_convex_region_is_no_button():
    img, truth = _button(shape="L")
    off, on = _both(img, (172, 152))  # on the "o" of "Book" on the L's foot
    assert _iou(off, truth) < 0.3
    assert np.array_equal(off, on)


def test_the_plate_inside_a_faint_outline_is_no_fill():
    # a faint outline round text (its line 12 levels off the plate): inside it the plate
    # itself, no fill of its own; the region inside is not taken as a button
    img, _ = _button(shape="outline")
    off, on = _both(img, (170, 122))
    assert np.array_equal(off, on)


def test_a_shaded_fill_is_no_button():
    # a faint border round a fill that is not flat (a photographed or glossy patch)
    img, truth = _button(shade=30.0)
    off, on = _both(img, (170, 122))
    assert _iou(off, truth) < 0.3
    assert np.array_equal(off, on)


def test_a_button_at_the_frame_is_left_alone():
    # a region touching the frame: the plate's own band as likely as a button (as in
    # the region map's _enclosing)
    img, truth = _button(at=(240, 95, 400, 145))
    off, on = _both(img, (255, 100))
    assert np.array_equal(off, on)


def test_a_border_the_region_map_sees_is_left_to_it():
    # a clear button: the region map closes it; the faint pass does not touch its mask
    img, truth = _button((60, -60, 60))
    for click in [(170, 122), (135, 100)]:
        off, on = _both(img, click)
        assert _iou(off, truth) > 0.9
        assert np.array_equal(off, on)


def test_on_by_default():
    img, truth = _button()
    seg = ClickSegmenter(img, saliency=False)
    assert seg.faint_button == 4
    assert np.array_equal(seg.segment([(170, 122)]),
                          ClickSegmenter(img, saliency=False, faint_button=4).segment([(170, 122)]))


@pytest.mark.parametrize("bad", [-1, 1, 14, 4.5, True, float("nan"), "4"])
def test_the_door(bad):
    img, _ = _button()
    with pytest.raises(ContractError, match="faint_button"):
        ClickSegmenter(img, saliency=False, faint_button=bad)


def _letters(img):
    """The made-up mask of a click on the letters: the ink (70 levels off the fill)."""
    return np.abs(img.astype(int) - (np.asarray(PLATE) + (12, -12, 12))).sum(-1) > 100


def test_made_up_masks_the_letters_and_a_piece_beside():
    img, truth = _button()
    seg = ClickSegmenter(img, saliency=False, faint_button=4)
    ink = _letters(img)
    got = seg._faint_button(ink, 170, 122)
    assert got is not None and _iou(got, truth) > 0.95
    # the letters joined to a piece of what lies beside the button (under half of the
    # mask): the button alone
    piece = np.zeros_like(ink)
    piece[150:170, 60:60 + int(ink.sum() // 40)] = True
    got = seg._faint_button(ink | piece, 170, 122)
    assert got is not None and _iou(got, truth) > 0.95 and not (got & piece).any()
    # mostly beside the button: not a click on it
    big = np.zeros_like(ink)
    big[150:200, 20:20 + int(ink.sum() // 20)] = True
    assert seg._faint_button(ink | big, 170, 122) is None


def test_made_up_masks_a_flood_must_reach_the_frame():
    img, truth = _button()
    seg = ClickSegmenter(img, saliency=False, faint_button=4)
    flood = np.zeros(truth.shape, bool)
    flood[20:220, 40:360] = True  # the button and the plate round it, inside the frame
    assert seg._faint_button(flood, 135, 100) is None
    flood[:, 40:] = True  # to the frame
    got = seg._faint_button(flood, 135, 100)
    assert got is not None and _iou(got, truth) > 0.95


def test_made_up_masks_a_border_the_region_map_sees():
    # the letters of a clear button as the click's mask: its border is the region map's,
    # not the faint pass's
    img, truth = _button((60, -60, 60))
    seg = ClickSegmenter(img, saliency=False, faint_button=4)
    ink = np.abs(img.astype(int) - (np.asarray(PLATE) + (60, -60, 60))).sum(-1) > 100
    ink &= truth
    assert ink.any() and seg._faint_button(ink, 170, 122) is None


def _card():
    """An 800 x 600 plate at 246 with a pale card at 234 (a faint border, 12 % of the
    image) holding a headline, a ring icon, a red tile, a photo and small print. Returns
    the image and the card (alpha > 0.1)."""
    H, W = 600, 800
    big = np.zeros((4 * H, 4 * W), np.uint8)
    x0, y0, x1, y1, r = 60, 60, 300, 300, 12
    cv2.rectangle(big, (4 * (x0 + r), 4 * y0), (4 * (x1 - r), 4 * y1), 255, -1)
    cv2.rectangle(big, (4 * x0, 4 * (y0 + r)), (4 * x1, 4 * (y1 - r)), 255, -1)
    for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
        cv2.circle(big, (4 * cx, 4 * cy), 4 * r, 255, -1)
    a = cv2.resize(big, (W, H), interpolation=cv2.INTER_AREA).astype(np.float64)[..., None] / 255
    img = np.clip(np.full((H, W, 3), 246.0) * (1 - a) + 234 * a, 0, 255).round().astype(np.uint8)
    cv2.putText(img, "Summer sale", (80, 100), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (30, 30, 30), 3, cv2.LINE_AA)
    cv2.circle(img, (110, 180), 25, (40, 90, 200), 3, cv2.LINE_AA)
    cv2.line(img, (95, 180), (125, 180), (40, 90, 200), 3, cv2.LINE_AA)
    cv2.rectangle(img, (170, 140), (280, 200), (200, 60, 60), -1)
    ph = np.clip(np.random.default_rng(1).normal(120, 25, (100, 140, 3)), 0, 255).astype(np.uint8)
    img[215:285, 170:280] = cv2.GaussianBlur(ph, (5, 5), 0)[:70, :110]
    cv2.putText(img, "Shop the new collection today", (75, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.35,
                (90, 90, 90), 1, cv2.LINE_AA)
    return img, a[..., 0] > 0.1


@pytest.mark.parametrize("click", [(104, 92), (135, 180), (220, 170), (225, 250), (77, 246)])
def test_a_click_on_an_item_of_a_pale_card_is_not_the_card(click):
    # (review of session 28, click2, item 1: each of these clicks took the whole card, 58k px)
    img, card = _card()
    off, on = _both(img, click)
    assert on.sum() < 0.5 * card.sum()
    assert np.array_equal(off, on)


def test_a_click_on_a_pale_cards_fill_takes_the_card():
    # (between its items: the flood through the faint border to the frame without it)
    img, card = _card()
    off, on = _both(img, (118, 140))
    assert off.sum() > 5 * card.sum()
    assert _iou(on, card) > 0.95


@pytest.mark.parametrize("rows, button", [((145, 170), False), ((75, 98), True)])
def test_made_up_masks_an_item_off_the_labels_row(rows, button):
    # a dark tile drawn on the fill beside the letters: on their row (an icon beside a
    # label) still the button; below them (a second item on a card) no button
    img, truth = _button(at=(120, 60, 300, 180))
    ink = _letters(img) & truth
    img[rows[0]:rows[1], 255:285] = 20
    got = ClickSegmenter(img, saliency=False, faint_button=4)._faint_button(ink, 170, 86)
    assert (got is not None) == button
    if button:
        assert _iou(got, truth) > 0.95


def test_a_step_at_or_over_the_region_maps_is_refused():
    img, _ = _button()
    for fb, es in [(4, 4), (10, 8)]:
        with pytest.raises(ContractError, match="edge_step"):
            ClickSegmenter(img, saliency=False, faint_button=fb, edge_step=es)
    assert ClickSegmenter(img, saliency=False, faint_button=0, edge_step=4).faint_button == 0
    assert ClickSegmenter(img, saliency=False, faint_button=4, edge_step=5).faint_button == 4


def test_made_up_masks_an_empty_mask_takes_the_region():
    # the default stages found nothing under the click: the faint region round it is taken
    img, truth = _button()
    got = ClickSegmenter(img, saliency=False, faint_button=4)._faint_button(np.zeros(truth.shape, bool), 135, 100)
    assert got is not None and _iou(got, truth) > 0.95


def _soft(img, how):
    if how == "blur":
        return cv2.GaussianBlur(img, (0, 0), 1.0)
    if how == "jpeg":
        _, b = cv2.imencode(".jpg", np.ascontiguousarray(img[..., ::-1]), [cv2.IMWRITE_JPEG_QUALITY, 60])
        return np.ascontiguousarray(cv2.imdecode(b, cv2.IMREAD_COLOR)[..., ::-1])
    return cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)


@pytest.mark.parametrize("how", ["blur", "jpeg", "nearest2x"])
def test_a_soft_border_is_left_to_the_default_stages(how):
    # a known limit (review of session 28, click2, item 3): the default's gain needs a sharp
    # border; blurred (sigma 1), JPEG q60 or 2x nearest, the click keeps the off answer (the
    # letters). Session 29 (click2): ``faint_soft`` takes the blurred and upscaled ones (this
    # colouring's JPEG q60 reads 0.88, tested apart on another); it is opt-in (off: measured,
    # docs/results.md "Session 29, click2"), so the default stays pinned here, and the soft
    # pass's answer beside it (tests/objects/test_click_faint_soft.py has the rest)
    img, truth = _button()
    click = (340, 244) if how == "nearest2x" else (170, 122)
    soft = _soft(img, how)
    off, on = _both(soft, click)
    assert np.array_equal(off, on)
    assert on.sum() < 0.5 * truth.sum() * (4 if how == "nearest2x" else 1)
    if how != "jpeg":
        big = truth if how == "blur" else cv2.resize(truth.view(np.uint8), None, fx=2, fy=2,
                                                     interpolation=cv2.INTER_NEAREST).astype(bool)
        got = ClickSegmenter(soft, saliency=False, faint_soft=True).segment([click])
        assert _iou(got, big) > 0.9


def test_made_up_masks_a_region_over_max_area_is_no_button():
    img, truth = _button()
    ink = _letters(img) & truth
    assert ClickSegmenter(img, saliency=False, faint_button=4, max_area=0.1)._faint_button(ink, 170, 122) is not None
    assert ClickSegmenter(img, saliency=False, faint_button=4, max_area=0.05)._faint_button(ink, 170, 122) is None


def test_made_up_masks_a_flood_under_four_times_the_button_is_left():
    img, truth = _button()
    seg = ClickSegmenter(img, saliency=False, faint_button=4)
    flood = np.zeros(truth.shape, bool)
    flood[85:155, 110:] = True  # the button and a strip of plate to the frame, under 4x the button
    assert seg._faint_button(flood, 135, 100) is None


def test_made_up_masks_larger_than_the_button_is_no_piece_of_it():
    # the button and as much again beside it (not to the frame): not a piece inside the button
    img, truth = _button()
    seg = ClickSegmenter(img, saliency=False, faint_button=4)
    m = truth.copy()
    m[150:150 + int(truth.sum() * 0.8) // 300, 60:360] = True
    assert m.sum() > truth.sum() and (m & truth).sum() >= 0.5 * m.sum()
    assert seg._faint_button(m, 135, 100) is None


def test_the_smallest_faint_region_round_the_click_is_taken():
    # a faint button on a faint card on the plate: a click on its letters takes the button
    H, W = 300, 400
    img = np.full((H, W, 3), 246, np.uint8)
    img[30:270, 40:360] = 234
    img[120:170, 100:300] = 222
    cv2.putText(img, "Book now", (130, 155), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (150, 150, 150), 2, cv2.LINE_AA)
    truth = np.zeros((H, W), bool)
    truth[120:170, 100:300] = True
    ink = (img < 200).all(-1)
    got = ClickSegmenter(img, saliency=False, faint_button=4)._faint_button(ink, 170, 145)
    assert got is not None and _iou(got, truth) > 0.9


@pytest.mark.parametrize("bars", [0, 3])
def test_made_up_masks_a_flood_holding_drawn_shapes(bars):
    # the click's mask: the button, the plate to the frame and, with bars, three flat dark
    # bars (a chart) it took too; the flood branch would keep the button alone (review of
    # session 28, click2, item 2: fresh 013)
    img, truth = _button()
    for i in range(bars):
        img[170:230, 60 + 40 * i:85 + 40 * i] = (40, 40, 40)
    seg = ClickSegmenter(img, saliency=False, faint_button=4)
    flood = np.zeros(truth.shape, bool)
    flood[:, 40:] = True
    got = seg._faint_button(flood, 135, 100)
    if bars:
        assert got is None
    else:
        assert got is not None and _iou(got, truth) > 0.95
