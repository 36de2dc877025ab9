"""``filled_ring`` (session 22, opt-in): a found ring round something unlike the plate (a
die-cut's white edge round its photo) is taken with what it rings; a ring round the plate
(an outline, a stamp's frame) is not. Small synthetic arrays, saliency off."""

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter


def _ring(photo=True):
    """A white ring (r 50 - 58 px) on a green plate; inside, a blue shaded print or the plate."""
    yy, xx = np.mgrid[:200, :240]
    img = np.full((200, 240, 3), (120, 190, 170), np.uint8)
    r = np.hypot(xx - 120, yy - 100)
    if photo:
        inside = np.stack([40 + 60 * yy / 200, 50 + 30 * xx / 240, 110 + 0 * xx], -1)
        img[r <= 50] = inside[r <= 50].astype(np.uint8)
    band = (r > 50) & (r <= 58)
    img[band] = 250
    return img, band, r <= 58


def test_a_ring_round_a_print_is_filled():
    img, band, disc = _ring()
    seg = ClickSegmenter(img, saliency=False, filled_ring=True)
    assert np.array_equal(seg._filled_ring(band), disc)


def test_a_ring_round_the_plate_is_not_filled():
    img, band, _ = _ring(photo=False)
    seg = ClickSegmenter(img, saliency=False, filled_ring=True)
    assert seg._filled_ring(band) is None


def test_an_open_or_thick_piece_is_not_a_ring():
    img, band, _ = _ring()
    seg = ClickSegmenter(img, saliency=False, filled_ring=True)
    cut = band.copy()
    cut[:, 115:125] = False  # opened: no hole
    assert seg._filled_ring(cut) is None
    thick = np.zeros_like(band)
    thick[60:140, 60:180] = True
    thick[95:105, 115:125] = False  # a hole far smaller than the piece
    assert seg._filled_ring(thick) is None


def test_filled_ring_is_checked():
    img, _, _ = _ring()
    for bad in (1, 0, "yes", None):
        with pytest.raises(ContractError, match="filled_ring"):
            ClickSegmenter(img, saliency=False, filled_ring=bad)
    assert ClickSegmenter(img, saliency=False).filled_ring is False
