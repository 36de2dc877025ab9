"""A faint button with a soft border (``faint_soft``, session 29, off by default): blurred,
upscaled or saved as JPEG its border steps under ``faint_button`` between neighbours, and
a gradient fill is not flat by its std, so :meth:`ClickSegmenter._faint_button` keeps the
off answer (the letters); :meth:`ClickSegmenter._faint_soft` runs the same tests on an edge
map of the image smoothed at sigma 1 with the step taken across two pixels
(:func:`_soft_edges`) and judges the fill flat about its plane (:func:`_plane_residual`).
Small synthetic images (``test_click_faint_button._button``), saliency off."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter, _edges, _plane_residual, _soft_edges

from test_click import _iou
from test_click_faint_button import _button, _card, _soft


def _up(mask):
    return cv2.resize(mask.view(np.uint8), None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST).astype(bool)


def _gradient(img, truth, slope=0.12):
    """The button's fill (not the plate) shaded left to right, ``slope`` levels a pixel."""
    xx = np.arange(img.shape[1])[None, :, None]
    return np.where(truth[..., None], img + (xx - 200) * slope, img).clip(0, 255).astype(np.uint8)


def _three(img, click):
    off = ClickSegmenter(img, saliency=False, faint_button=0).segment([click])
    sharp = ClickSegmenter(img, saliency=False).segment([click])
    soft = ClickSegmenter(img, saliency=False, faint_soft=True).segment([click])
    return off, sharp, soft


@pytest.mark.parametrize("d", [(12, -12, 12), (-10, 10, -10), (10, 10, 10)])
@pytest.mark.parametrize("how", ["blur", "nearest2x", "bilinear2x"])
def test_a_soft_border_takes_the_button(how, d):
    img, truth = _button(d)
    click = (170, 122)
    if how == "bilinear2x":
        img = cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    else:
        img = _soft(img, how)
    if how != "blur":
        truth, click = _up(truth), (340, 244)
    off, sharp, soft = _three(img, click)
    assert _iou(off, truth) < 0.3 and np.array_equal(off, sharp)  # the letters: faint_button alone leaves it
    assert _iou(soft, truth) > 0.9


@pytest.mark.parametrize("d", [(12, -12, 12), (-10, 10, -10), (10, 10, 10)])
def test_a_blurred_button_reaches_its_border(d):
    # the soft map's edge band lies up to 2 px beyond the fill: the second ring nearer the
    # fill's colour than the plate's is the button's (without it 0.93 - 0.95, with 0.976)
    img, truth = _button(d)
    soft = ClickSegmenter(_soft(img, "blur"), saliency=False, faint_soft=True).segment([(170, 122)])
    assert _iou(soft, truth) > 0.96


@pytest.mark.parametrize("d", [(12, -12, 12), (-10, 10, -10)])
def test_a_sharp_upscaled_border_is_not_overgrown(d):
    # 2x nearest: the border stays a sharp step, the second ring is the plate's colour and
    # stays out (0.986; the whole ring taken: 0.976)
    img, truth = _button(d)
    soft = ClickSegmenter(_soft(img, "nearest2x"), saliency=False, faint_soft=True).segment([(340, 244)])
    assert _iou(soft, _up(truth)) > 0.98


def test_a_jpeg_button_takes_the_button():
    # JPEG q60's blocks: the encoder is the platform's (libjpeg builds differ), so one
    # colouring that reads 0.95 here, and a tolerant floor
    img, truth = _button((10, 10, 10))
    img = _soft(img, "jpeg")
    off, sharp, soft = _three(img, (170, 122))
    assert _iou(off, truth) < 0.3 and np.array_equal(off, sharp)
    assert _iou(soft, truth) > 0.85


@pytest.mark.parametrize("d", [(12, -12, 12), (-10, 10, -10)])
def test_a_gradient_fill_is_flat_about_its_plane(d):
    img, truth = _button(d)
    img = _gradient(img, truth)
    off, sharp, soft = _three(img, (170, 122))
    assert _iou(off, truth) < 0.3 and np.array_equal(off, sharp)  # std 5.7: refused as a photo patch
    assert _iou(soft, truth) > 0.9


def test_a_sharp_button_is_the_sharp_pass():
    # where faint_button finds the button, the soft pass does not run
    img, truth = _button()
    _, sharp, soft = _three(img, (170, 122))
    assert _iou(sharp, truth) > 0.95 and np.array_equal(sharp, soft)


def test_the_soft_pass_keeps_the_refusals():
    # an L, the plate inside an outline, a button at the frame: the soft pass refuses
    # each as the sharp one does
    cases = [(_button(shape="L")[0], (172, 152)), (_button(shape="outline")[0], (170, 122)),
             (_button(at=(240, 95, 400, 145))[0], (255, 100))]
    for img, click in cases:
        off, _, soft = _three(img, click)
        assert np.array_equal(off, soft)


@pytest.mark.parametrize("shade, taken", [(20.0, False), (30.0, True)])
def test_a_shaded_fill(shade, taken):
    # a smooth bump inside the fill (a glossy patch): where its slope lies under the soft
    # map's step on part of it, the region holds it and is not flat about its plane
    # (refused, as the sharp pass refuses every such fill by its std); where its slope
    # rings it with edges (30 levels), the bump is a hole of the region, as a letter is,
    # and the button is taken: a known difference from the sharp pass, written down
    img, truth = _button(shade=shade)
    off, sharp, soft = _three(img, (170, 122))
    assert _iou(off, truth) < 0.3 and np.array_equal(off, sharp)
    assert (_iou(soft, truth) > 0.9) == taken
    if not taken:
        assert np.array_equal(off, soft)


@pytest.mark.parametrize("click", [(104, 92), (135, 180), (220, 170), (225, 250), (77, 246)])
def test_a_blurred_pale_cards_item_is_not_the_card(click):
    # the pale card of session 28's review, blurred: its items keep their own masks
    img, card = _card()
    img = cv2.GaussianBlur(img, (0, 0), 1.0)
    _, _, soft = _three(img, click)
    assert soft.sum() < 0.5 * card.sum()


def test_soft_edges_on_made_up_steps():
    # a sharp step reads 0.68 of itself across two pixels of the smoothed image: 5 levels
    # is an edge at step 4 (as in _edges), 3 is not; a step of 12 blurred at sigma 1.5 is
    # an edge here and not in _edges; +-2 levels of noise is none
    for lv, sigma, soft_edge, sharp_edge in [(5, 0, True, True), (3, 0, False, False), (12, 1.5, True, False)]:
        img = np.full((40, 60, 3), 100, np.uint8)
        img[:, 30:] += lv
        if sigma:
            img = cv2.GaussianBlur(img, (0, 0), sigma)
        assert _soft_edges(img, 4)[:, 29:31].all(1).all() == soft_edge, (lv, sigma)
        assert _edges(img, 4)[5:-5, 25:35].any() == sharp_edge, (lv, sigma)
    noise = (100 + np.random.default_rng(0).integers(-2, 3, (40, 60, 3))).astype(np.uint8)
    assert not _soft_edges(noise, 4).any()


def test_plane_residual_on_made_up_fills():
    reg = np.zeros((20, 30), bool)
    reg[2:18, 3:27] = True
    yy, xx = np.nonzero(reg)
    plane = np.column_stack([100 + 0.5 * xx, 80 - 0.3 * yy, np.full(len(xx), 50.0)])
    assert _plane_residual(reg, plane).max() < 1e-9
    bump = plane + 20 * np.exp(-((xx - 15) ** 2 + (yy - 10) ** 2) / 20.0)[:, None]
    assert _plane_residual(reg, bump).min() > 2


def test_off_by_default():
    img, _ = _button()
    assert ClickSegmenter(img, saliency=False).faint_soft is False
    # without faint_button (0) the soft pass never runs either
    img, truth = _button()
    img = _soft(img, "blur")
    a = ClickSegmenter(img, saliency=False, faint_button=0).segment([(170, 122)])
    b = ClickSegmenter(img, saliency=False, faint_button=0, faint_soft=True).segment([(170, 122)])
    assert np.array_equal(a, b)


@pytest.mark.parametrize("bad", [1, 0, "yes", None])
def test_the_door(bad):
    img, _ = _button()
    with pytest.raises(ContractError, match="faint_soft"):
        ClickSegmenter(img, saliency=False, faint_soft=bad)
