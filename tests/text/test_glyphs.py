"""Tight text masks (creative_tools.text.glyphs): synthetic text with known glyph pixels."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.text.glyphs import polygon_height, text_mask


def _render(background: np.ndarray, text: str, org, scale: float, thickness: int, color):
    """Draw ``text`` on a copy of ``background``; return image and glyph pixels."""
    layer = np.zeros(background.shape[:2], np.uint8)
    cv2.putText(layer, text, org, cv2.FONT_HERSHEY_DUPLEX, scale, 255, thickness, cv2.LINE_AA)
    alpha = layer.astype(np.float32)[..., None] / 255.0
    im = background.astype(np.float32) * (1 - alpha) + np.float32(color) * alpha
    return np.round(im).astype(np.uint8), layer > 127


def _box_around(glyphs: np.ndarray, pad: int) -> np.ndarray:
    ys, xs = np.nonzero(glyphs)
    x0, x1, y0, y1 = xs.min() - pad, xs.max() + pad, ys.min() - pad, ys.max() + pad
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def _gradient(h: int, w: int) -> np.ndarray:
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    a, b = np.float32([250, 230, 120]), np.float32([120, 200, 250])
    return np.broadcast_to(a * (1 - 0.7 * x - 0.3 * y) + b * (0.7 * x + 0.3 * y), (h, w, 3)).copy()


@pytest.mark.parametrize("background", ["flat", "gradient"])
def test_tight_mask_covers_glyphs_not_box(background):
    h, w = 160, 640
    bg = np.full((h, w, 3), 235, np.float32) if background == "flat" else _gradient(h, w)
    im, glyphs = _render(bg, "Summer SALE", (20, 110), 2.6, 6, (10, 10, 10))
    box = _box_around(glyphs, pad=8)
    tight = text_mask(im, [box])
    filled = text_mask(im, [box], tight=False)
    recall = np.count_nonzero(tight & glyphs) / np.count_nonzero(glyphs)
    assert recall >= 0.97
    assert np.count_nonzero(tight) < 0.6 * np.count_nonzero(filled)
    assert not (tight & ~filled).any() or np.count_nonzero(tight & ~filled) < 0.02 * tight.sum()


def test_outlined_text_keeps_outline():
    bg = np.full((140, 520, 3), (40, 90, 200), np.float32)
    layer = np.zeros((140, 520), np.uint8)
    cv2.putText(layer, "NEW", (20, 110), cv2.FONT_HERSHEY_DUPLEX, 3.5, 255, 16, cv2.LINE_AA)
    im = bg.copy()
    im[layer > 127] = (255, 255, 255)  # white outline
    inner = np.zeros_like(layer)
    cv2.putText(inner, "NEW", (20, 110), cv2.FONT_HERSHEY_DUPLEX, 3.5, 255, 6, cv2.LINE_AA)
    im[inner > 127] = (230, 30, 30)  # red fill
    im = im.astype(np.uint8)
    glyphs = layer > 127
    mask = text_mask(im, [_box_around(glyphs, pad=6)])
    assert np.count_nonzero(mask & glyphs) / np.count_nonzero(glyphs) >= 0.97


def test_small_text_gets_filled_polygon():
    im, glyphs = _render(np.full((40, 200, 3), 240, np.float32), "mini", (10, 25), 0.45, 1, (0, 0, 0))
    box = _box_around(glyphs, pad=1)
    assert polygon_height(box) < 14
    np.testing.assert_array_equal(text_mask(im, [box]), text_mask(im, [box], tight=False))


def test_busy_background_falls_back_to_polygon(rng):
    noise = rng.integers(0, 256, (120, 400, 3)).astype(np.float32)
    im, glyphs = _render(noise, "NOISE", (20, 95), 2.5, 6, (255, 255, 255))
    box = _box_around(glyphs, pad=6)
    np.testing.assert_array_equal(text_mask(im, [box]), text_mask(im, [box], tight=False))


def test_no_polygons_and_contract():
    im = np.zeros((7, 9, 3), np.uint8)
    out = text_mask(im, [])
    assert out.shape == (7, 9) and out.dtype == bool and not out.any()
    with pytest.raises(ContractError, match="polygons\\[0\\]"):
        text_mask(im, [np.zeros((2, 2), np.float32)])
    with pytest.raises(ContractError, match="prob"):
        text_mask(im, [], prob=np.zeros((7, 8), np.float32))
    with pytest.raises(ContractError, match="image"):
        text_mask(im[..., 0], [])


def test_polygon_outside_image_is_harmless():
    im = np.full((50, 60, 3), 200, np.uint8)
    far = np.array([[100, 100], [180, 100], [180, 140], [100, 140]], np.float32)
    edge = np.array([[-20, -10], [30, -10], [30, 20], [-20, 20]], np.float32)
    out = text_mask(im, [far, edge])
    assert out.shape == (50, 60)
    assert not out[25:].any()
