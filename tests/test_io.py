import os

import numpy as np
import pytest
from PIL import Image

from creative_tools.errors import ContractError, ImageLoadError, ImageWriteError
from creative_tools.io import list_images, load_image, save_image, save_mask

from bad_inputs import BAD_INPUTS, write_bad_input


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_raises_typed_error_naming_file(tmp_path, kind):
    p = write_bad_input(tmp_path, kind)
    with pytest.raises(ImageLoadError) as e:
        load_image(p)
    msg = str(e.value)
    assert str(p) in msg and e.value.path == p
    assert BAD_INPUTS[kind][2] in msg
    assert "\n" not in msg and len(msg) < 400  # one clear line


def test_max_pixels_is_configurable(tmp_path):
    p = tmp_path / "a.png"
    Image.new("RGB", (100, 50)).save(p)
    assert load_image(p, max_pixels=5000).shape == (50, 100, 3)
    with pytest.raises(ImageLoadError, match="100x50 = 5,000 pixels exceeds max_pixels=4,999"):
        load_image(p, max_pixels=4999)


def test_exif_orientation_applied(tmp_path):
    a = np.zeros((20, 40, 3), np.uint8)
    a[:, :20] = 255                     # left half white
    im = Image.fromarray(a)
    exif = im.getexif()
    exif[0x0112] = 6                    # rotate 90 CW on display
    p = tmp_path / "o.jpg"
    im.save(p, exif=exif, quality=100)
    out = load_image(p)
    assert out.shape == (40, 20, 3)
    assert out[:15].mean() > 200 and out[25:].mean() < 50  # left half is now the top


def test_rgba_flattened_on_background(tmp_path):
    a = np.zeros((4, 4, 4), np.uint8)
    a[..., 0] = 200
    a[:2, :, 3] = 255                   # top opaque red-ish, bottom transparent
    p = tmp_path / "t.png"
    Image.fromarray(a, "RGBA").save(p)
    out = load_image(p)
    assert out[0, 0].tolist() == [200, 0, 0] and out[3, 3].tolist() == [255, 255, 255]
    assert load_image(p, background=(0, 10, 20))[3, 3].tolist() == [0, 10, 20]
    assert load_image(p, background="#ff0000")[3, 3].tolist() == [255, 0, 0]
    with pytest.raises(ContractError, match="background"):
        load_image(p, background=(0, 0, 300))


def test_la_and_palette_transparency(tmp_path):
    la = Image.fromarray(np.array([[[50, 255], [50, 0]]], np.uint8), "LA")
    la.save(tmp_path / "la.png")
    assert load_image(tmp_path / "la.png").tolist() == [[[50, 50, 50], [255, 255, 255]]]
    pal = Image.new("P", (2, 1))
    pal.putpalette([10, 20, 30, 200, 100, 0] + [0] * 762)
    pal.putpixel((1, 0), 1)
    pal.save(tmp_path / "p.png", transparency=1)
    assert load_image(tmp_path / "p.png", background="black").tolist() == [[[10, 20, 30], [0, 0, 0]]]


def test_cmyk_grey_bilevel(tmp_path):
    Image.new("CMYK", (3, 2), (0, 255, 255, 0)).save(tmp_path / "c.jpg", quality=100)
    c = load_image(tmp_path / "c.jpg")
    assert c.shape == (2, 3, 3) and c[0, 0, 0] > 200 and c[0, 0, 1] < 60
    Image.new("L", (3, 2), 77).save(tmp_path / "g.png")
    assert load_image(tmp_path / "g.png")[1, 2].tolist() == [77, 77, 77]
    Image.new("1", (3, 2), 1).save(tmp_path / "b.png")
    assert load_image(tmp_path / "b.png")[0, 0].tolist() == [255, 255, 255]


def test_16_bit_greyscale_scaled_not_clipped(tmp_path):
    a = np.array([[0, 32896, 65535]], np.uint16)
    Image.fromarray(a).save(tmp_path / "d.png")
    assert load_image(tmp_path / "d.png")[0, :, 0].tolist() == [0, 128, 255]


def test_animation_first_frame(tmp_path):
    frames = [Image.new("RGB", (4, 4), c) for c in ("red", "blue")]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:])
    assert load_image(tmp_path / "a.gif")[0, 0].tolist() == [255, 0, 0]


def test_save_is_atomic_and_protects_inputs(tmp_path):
    img = np.full((5, 6, 3), 7, np.uint8)
    p = save_image(tmp_path / "sub" / "x.png", img)
    assert (load_image(p) == img).all()
    assert [f.name for f in p.parent.iterdir()] == ["x.png"]  # no temp file left
    before = p.read_bytes()
    with pytest.raises(ImageWriteError, match="refusing to overwrite an input"):
        save_image(p, np.zeros_like(img), protect=[p])
    assert p.read_bytes() == before
    m = np.zeros((5, 6), bool)
    m[1, 2] = True
    q = save_mask(tmp_path / "m.png", m)
    arr = np.asarray(Image.open(q))
    assert arr.dtype == np.uint8 and set(np.unique(arr)) == {0, 255} and arr[1, 2] == 255
    with pytest.raises(ImageWriteError, match="unsupported output format"):
        save_image(tmp_path / "x.gifx", img)
    with pytest.raises(ContractError):
        save_image(tmp_path / "y.png", img[..., 0])


def test_list_images(tmp_path):
    (tmp_path / "b.png").write_bytes(b"")
    (tmp_path / "a.JPG").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.png").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.png").write_bytes(b"")
    names = [p.name for p in list_images([tmp_path])]
    assert names == ["a.JPG", "b.png"]
    assert [p.name for p in list_images([tmp_path], recursive=True)] == ["a.JPG", "b.png", "c.png"]
    # explicit files are kept whatever they are, duplicates once
    got = list_images([tmp_path / "notes.txt", tmp_path / "b.png", tmp_path])
    assert [p.name for p in got] == ["notes.txt", "b.png", "a.JPG"]


def test_png_with_a_large_icc_profile_loads(tmp_path):
    p = tmp_path / "icc.png"
    Image.fromarray(np.full((6, 8, 3), 90, np.uint8)).save(p, icc_profile=os.urandom(2_000_000))
    assert load_image(p).shape == (6, 8, 3)


def test_fifo_is_refused_without_blocking(tmp_path):
    p = tmp_path / "pipe.png"
    os.mkfifo(p)
    with pytest.raises(ImageLoadError, match="is a FIFO"):
        load_image(p)


def test_load_mask_reads_white_as_true_and_checks_the_size(tmp_path):
    from creative_tools.errors import ContractError
    from creative_tools.io import load_mask, save_mask

    m = np.zeros((6, 9), bool)
    m[1:3, 2:7] = True
    save_mask(tmp_path / "m.png", m)
    got = load_mask(tmp_path / "m.png", like=np.zeros((6, 9, 3), np.uint8))
    assert got.dtype == bool and np.array_equal(got, m)
    with pytest.raises(ContractError, match=r"m\.png: mask is 9x6 px, the image 9x5"):
        load_mask(tmp_path / "m.png", like=np.zeros((5, 9, 3), np.uint8))


def test_png_written_fast_and_lossless(tmp_path):
    """PNGs are written at zlib level 1 (speed; issue 8 item 6) and read back exactly."""
    import zlib

    from creative_tools.io import encode_image, load_image

    rng = np.random.default_rng(3)
    im = rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)
    data = encode_image(im, "x.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / "x.png").write_bytes(data)
    assert (load_image(tmp_path / "x.png") == im).all()
    # the IDAT stream carries zlib's level-1 header flag (FLEVEL 0: fastest)
    i = data.index(b"IDAT")
    assert zlib.decompress(data[i + 4:data.index(b"IEND") - 8]) and (data[i + 5] >> 6) == 0


def _png_rows_filters(data: bytes, height: int, row_bytes: int) -> set[int]:
    """The filter byte of every row of a PNG's (single or split) IDAT stream."""
    import struct
    import zlib

    idat, i = b"", 8
    while i < len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        if kind == b"IDAT":
            idat += data[i + 8:i + 8 + n]
        i += 12 + n
    raw = zlib.decompress(idat)
    assert len(raw) == height * (row_bytes + 1)
    return {raw[r * (row_bytes + 1)] for r in range(height)}


@pytest.mark.parametrize("case", ["noise", "flat", "one_pixel", "strided"])
def test_png_encoding_keeps_every_pixel(case, tmp_path):
    """The OpenCV-encoded PNG of an RGB image decodes to the same pixels with Pillow and
    OpenCV, through encode_image and save_image (session 10: cv2 instead of Pillow)."""
    import cv2

    from creative_tools.io import encode_image, load_image

    rng = np.random.default_rng(7)
    im = {"noise": rng.integers(0, 256, (31, 47, 3), dtype=np.uint8),
          "flat": np.full((20, 30, 3), (250, 3, 128), np.uint8),
          "one_pixel": np.array([[[1, 2, 3]]], np.uint8),
          "strided": rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)[::2, ::3]}[case]
    data = encode_image(im)
    with Image.open(__import__("io").BytesIO(data)) as pil:
        assert pil.mode == "RGB" and np.array_equal(np.asarray(pil), im)
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(bgr[..., ::-1], im)
    save_image(tmp_path / "x.png", im)
    assert np.array_equal(load_image(tmp_path / "x.png"), im)
    assert (tmp_path / "x.png").read_bytes() == data
    # colour rows use one filter, "up" (2); libpng writes a lone row unfiltered (0)
    assert _png_rows_filters(data, im.shape[0], 3 * im.shape[1]) == ({2} if im.shape[0] > 1 else {0})


@pytest.mark.parametrize("case", ["empty", "full", "shapes", "strided", "fortran"])
def test_mask_png_is_0_255_grey(case, tmp_path):
    """A mask PNG is an 8-bit greyscale ("L") image of 0 and 255 exactly, rows unfiltered."""
    from creative_tools.io import encode_mask, load_mask

    rng = np.random.default_rng(8)
    m = {"empty": np.zeros((9, 13), bool), "full": np.ones((9, 13), bool),
         "shapes": np.pad(np.eye(12, 17, dtype=bool), 2),
         "strided": (rng.random((30, 40)) > 0.5)[1::2, ::3],
         "fortran": np.asfortranarray(rng.random((11, 7)) > 0.3)}[case]
    data = encode_mask(m)
    with Image.open(__import__("io").BytesIO(data)) as pil:
        assert pil.mode == "L"
        a = np.asarray(pil)
    assert a.dtype == np.uint8 and set(np.unique(a)) <= {0, 255} and np.array_equal(a == 255, m)
    save_mask(tmp_path / "m.png", m)
    assert (tmp_path / "m.png").read_bytes() == data
    assert np.array_equal(load_mask(tmp_path / "m.png"), m)
    assert _png_rows_filters(data, m.shape[0], m.shape[1]) == {0}


def test_other_formats_still_go_through_pillow(tmp_path):
    from creative_tools.io import encode_image, encode_mask

    im = np.full((8, 8, 3), 200, np.uint8)
    assert encode_image(im, "x.jpg")[:2] == b"\xff\xd8"
    assert encode_mask(np.eye(8, dtype=bool), "x.bmp")[:2] == b"BM"
    with pytest.raises(ImageWriteError, match="unsupported output format"):
        encode_image(im, "x.xyz")
