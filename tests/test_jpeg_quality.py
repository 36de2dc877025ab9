"""The JPEG quality read from a file's own luma quantisation table (session 36, quant)."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from creative_tools.errors import ContractError, ImageLoadError
from creative_tools.io import ANNEX_K_LUMA, jpeg_quality, jpeg_quality_of, load_image, load_image_quality


def _img() -> np.ndarray:
    rng = np.random.default_rng(0)
    return (rng.random((24, 32, 3)) * 255).astype(np.uint8)


@pytest.mark.parametrize("q", [95, 85, 70, 50, 10])
def test_pil_quality_read_back(tmp_path, q):
    p = tmp_path / f"x{q}.jpg"
    Image.fromarray(_img()).save(p, quality=q)
    assert jpeg_quality(p) == q
    assert jpeg_quality(p.read_bytes()) == q


@pytest.mark.parametrize("q", [90, 60])
def test_opencv_quality_read_back(tmp_path, q):
    p = tmp_path / f"x{q}.jpg"
    assert cv2.imwrite(str(p), _img()[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, q])
    assert jpeg_quality(p) == q


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "BMP"])
def test_other_formats_read_none(tmp_path, fmt):
    p = tmp_path / f"x.{fmt.lower()}"
    Image.fromarray(_img()).save(p, format=fmt)
    assert jpeg_quality(p) is None


def test_jpeg_pixels_in_a_png_read_none(tmp_path):
    """The file tells its format, not its pixels' history."""
    b = io.BytesIO()
    Image.fromarray(_img()).save(b, "JPEG", quality=50)
    p = tmp_path / "was_jpeg.png"
    Image.open(io.BytesIO(b.getvalue())).save(p)
    assert jpeg_quality(p) is None


@pytest.mark.parametrize("data", [b"not an image at all" * 4, b"\xff\xd8\xff\xdb\x00\x43\x00\x10\x0b"])
def test_corrupt_file_raises_naming_it(tmp_path, data):
    p = tmp_path / "broken.jpg"
    p.write_bytes(data)
    with pytest.raises(ImageLoadError, match="broken.jpg"):
        jpeg_quality(p)


def test_missing_file_raises(tmp_path):
    with pytest.raises(ImageLoadError, match="nope.jpg: no such file"):
        jpeg_quality(tmp_path / "nope.jpg")


def test_table_scaling():
    assert jpeg_quality_of(ANNEX_K_LUMA) == 50
    assert jpeg_quality_of(np.ones(64, int)) == 100
    assert jpeg_quality_of(np.full(64, 255)) == 1
    # A table of its own (not IJG-scaled) reads as the nearest IJG quality.
    assert jpeg_quality_of(np.clip(ANNEX_K_LUMA // 2 + 1, 1, 255)) == 75
    with pytest.raises(ContractError, match="64 entries, got 63"):
        jpeg_quality_of(range(63))


def test_custom_tables_read_nearest(tmp_path):
    p = tmp_path / "own.jpg"
    own = [int(v) for v in np.clip(ANNEX_K_LUMA // 2 + 1, 1, 255)]
    Image.fromarray(_img()).save(p, qtables=[own, own])
    assert jpeg_quality(p) == 75


def test_load_image_quality_keeps_both(tmp_path):
    p = tmp_path / "x.jpg"
    Image.fromarray(_img()).save(p, quality=85)
    img, q = load_image_quality(p)
    assert q == 85
    np.testing.assert_array_equal(img, load_image(p))
    q2 = tmp_path / "x.png"
    Image.fromarray(_img()).save(q2)
    assert load_image_quality(q2)[1] is None
