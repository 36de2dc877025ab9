"""``jpeg_level`` (``creative_tools/objects/codec.py``): the auto backend reads a JPEG through a levelled copy."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from creative_tools.errors import ContractError
from creative_tools.objects import auto as auto_mod
from creative_tools.objects.auto import AutoObjects
from creative_tools.objects.codec import JPEG_GATE, blockiness, level_compressed
from creative_tools.objects.graphic import GraphicParams


def _creative():
    """A flat red badge, a blue panel and a green ramp on a cream plate (no edge on an 8 px seam), and the badge's truth."""
    h, w = 240, 320
    im = np.zeros((h, w, 3), np.uint8)
    im[:] = (235, 228, 210)
    cv2.circle(im, (100, 120), 50, (200, 40, 60), -1, cv2.LINE_AA)
    cv2.rectangle(im, (187, 61), (291, 181), (30, 90, 170), -1)
    im[43:197, 203:277, 1] = np.arange(60, 60 + 154, dtype=np.uint8)[:, None]
    badge = np.zeros((h, w), np.uint8)
    cv2.circle(badge, (100, 120), 50, 1, -1)
    return im, badge.astype(bool)


def _jpeg(im: np.ndarray, quality: int) -> np.ndarray:
    b = io.BytesIO()
    Image.fromarray(im).save(b, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(b.getvalue())).convert("RGB"))


def test_blockiness_tells_a_jpeg():
    im, _ = _creative()
    assert blockiness(im) < JPEG_GATE  # 0.84 here
    assert blockiness(_jpeg(im, 70)) > JPEG_GATE  # 1.28 here (the codec's steps gather on the 8x8 seams)


def test_level_compressed_leaves_a_png_as_it_is():
    im, _ = _creative()
    assert level_compressed(im) is im
    q = _jpeg(im, 70)
    out = level_compressed(q)
    assert out is not q and out.shape == q.shape and out.dtype == np.uint8
    # the badge's inside, noisy after the codec, is evener again
    inside = (slice(90, 150), slice(70, 130))
    assert out[inside].reshape(-1, 3).std(0).max() < 0.5 * q[inside].reshape(-1, 3).std(0).max()


def test_jpeg_level_finds_the_badge_after_jpeg():
    im, badge = _creative()
    q = _jpeg(im, 70)
    off = AutoObjects().detect(q).mask
    on = AutoObjects(jpeg_level=True).detect(q).mask
    assert (off & badge).sum() < 0.5 * badge.sum()  # the codec's noise: over max_std inside the badge
    assert (on & badge).sum() >= 0.9 * badge.sum()


def test_jpeg_level_png_reads_the_image_itself(monkeypatch):
    im, _ = _creative()
    seen = []
    real = auto_mod.graphic_proposals

    def spy(image, **kw):
        seen.append(image)
        return real(image, **kw)

    monkeypatch.setattr(auto_mod, "graphic_proposals", spy)
    AutoObjects(jpeg_level=True).detect(im)
    AutoObjects(jpeg_level=True).detect(_jpeg(im, 70))
    assert seen[0] is im or np.array_equal(seen[0], im)
    assert not np.array_equal(seen[1], _jpeg(im, 70))


def test_jpeg_level_checked():
    with pytest.raises(ContractError, match="jpeg_level"):
        GraphicParams(jpeg_level="yes")
    with pytest.raises(ContractError, match="image must be"):
        blockiness(np.zeros((20, 20), np.uint8))
