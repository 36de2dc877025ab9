"""``jpeg_level`` and ``noise_floor`` (``creative_tools/objects/codec.py``): the auto backend reads a JPEG through a levelled copy, or its flatness tests net of the codec's noise."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from creative_tools.errors import ContractError
from creative_tools.objects import auto as auto_mod
from creative_tools.objects.auto import AutoObjects
from creative_tools.objects.codec import JPEG_GATE, blockiness, level_compressed, noise_floor
from creative_tools.objects.graphic import GraphicParams, graphic_proposals


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


# (session 36) the codec's noise floor, taken off the region stage's flatness tests (noise_floor / noise_rough /
# noise_ring): a flat disc after q70 found again, a photographed texture far above the floor still refused

_FLOOR = dict(noise_floor=5.0, noise_rough=2.0, noise_ring=True)


def _disc(patch: bool = False):
    """A flat blue disc (radius 33) on a cream plate, off the 8 px seams; with ``patch`` a grainy photo-like patch
    (blurred noise, 16 grey levels) beside it. The image, the disc's truth and the patch's."""
    h, w = 120, 260 if patch else 140
    im = np.zeros((h, w, 3), np.uint8)
    im[:] = (235, 228, 210)
    cv2.circle(im, (60, 60), 33, (30, 90, 170), -1, cv2.LINE_AA)
    disc = np.zeros((h, w), np.uint8)
    cv2.circle(disc, (60, 60), 33, 1, -1)
    grain = np.zeros((h, w), bool)
    if patch:
        n = cv2.GaussianBlur(np.random.default_rng(1).normal(0, 1, (70, 80)).astype(np.float32), (0, 0), 1.0)
        n *= 16 / n.std()
        im[27:97, 153:233] = np.clip(np.float32([150, 110, 80]) + n[..., None] * np.float32([1, 0.9, 0.8]), 0, 255)
        grain[27:97, 153:233] = True
    return im, disc.astype(bool), grain


def _taken(image, truth, **options) -> float:
    """The largest share of ``truth`` one region-stage proposal over the auto backend's score covers."""
    params = GraphicParams(**{**auto_mod.AUTO_PARAMS, **options})
    props = [p for p in graphic_proposals(image, params=params) if p.score >= 0.85]
    return max([float((p.mask & truth).sum()) / truth.sum() for p in props], default=0.0)


def test_noise_floor_is_zero_on_a_png_and_rises_after_jpeg():
    im, _, _ = _disc()
    assert noise_floor(im) == 0.0  # under the gate: the flatness tests as before, bit for bit
    assert 0.5 < noise_floor(_jpeg(im, 70)) < 4.0  # 1.4 here: the block error, in grey levels


def test_noise_floor_finds_the_disc_after_jpeg():
    im, disc, _ = _disc()
    q = _jpeg(im, 70)
    assert _taken(im, disc) == 1.0 and _taken(im, disc, **_FLOOR) == 1.0
    assert _taken(q, disc) < 0.5  # its std 2 - 3 (flatness score down) and its ring's sharp share 0.88 -> 0.55
    assert _taken(q, disc, **_FLOOR) >= 0.9
    # both parts are needed: the ring read within 1 px, and the std without the codec's
    assert _taken(q, disc, **{**_FLOOR, "noise_ring": False}) < 0.5
    assert _taken(q, disc, **{**_FLOOR, "noise_floor": 0.01}) < 0.5


def test_noise_floor_leaves_a_photographed_texture_rough():
    im, disc, grain = _disc(patch=True)
    q = _jpeg(im, 70)
    assert _taken(q, disc, **_FLOOR) >= 0.9
    assert _taken(q, grain, **_FLOOR) == 0.0  # its roughness ~8, the floor's ~4.5: still a photo
    assert _taken(im, grain, **_FLOOR) == 0.0


def test_noise_floor_png_proposals_unchanged():
    im, _, grain = _disc(patch=True)
    a = graphic_proposals(im, params=GraphicParams(**auto_mod.AUTO_PARAMS))
    b = graphic_proposals(im, params=GraphicParams(**{**auto_mod.AUTO_PARAMS, **_FLOOR}))
    assert len(a) == len(b) and all(np.array_equal(p.mask, r.mask) and p.score == r.score for p, r in zip(a, b))


def test_noise_floor_checked():
    for bad in (-1.0, 9.0, float("nan"), True, "2"):
        with pytest.raises(ContractError, match="noise_floor"):
            GraphicParams(noise_floor=bad)
        with pytest.raises(ContractError, match="noise_rough"):
            GraphicParams(noise_rough=bad)
    with pytest.raises(ContractError, match="noise_ring"):
        GraphicParams(noise_ring="yes")
    with pytest.raises(ContractError, match="image must be"):
        noise_floor(np.zeros((20, 20), np.uint8))
