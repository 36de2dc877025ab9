"""The PP-OCR recogniser: region geometry, CTC decoding, reading drawn words."""

from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pytest

from creative_tools import packaged
from creative_tools.errors import BackendUnavailableError
from creative_tools.text import recognize as R

HAVE_V4 = importlib.util.find_spec("onnxruntime") is not None and packaged.find("ppocrv4_rec") is not None
HAVE_V6 = packaged.find("ppocrv6_rec_small") is not None and HAVE_V4
needs_v4 = pytest.mark.skipif(
    not HAVE_V4, reason="onnxruntime or ppocrv4_rec missing (python -m creative_tools models fetch)")
MODELS = [pytest.param("ppocrv4", marks=needs_v4),
          pytest.param("ppocrv6_small", marks=pytest.mark.skipif(
              not HAVE_V6, reason="ppocrv6_rec_small missing (python -m creative_tools models fetch)"))]


def _word(text: str = "HELLO", *, size=(60, 260)) -> np.ndarray:
    im = np.full((*size, 3), 255, np.uint8)
    cv2.putText(im, text, (12, size[0] - 16), cv2.FONT_HERSHEY_SIMPLEX, 1.3, (20, 30, 160), 3)
    return im


# -- (a) geometry and decoding ---------------------------------------------------------
def test_to_quad_box_quad_polygon():
    assert R.to_quad([1, 2, 11, 7]).tolist() == [[1, 2], [11, 2], [11, 7], [1, 7]]
    q = R.to_quad(np.array([[10, 5], [0, 0], [10, 0], [0, 5]]))
    assert q.tolist() == [[0, 0], [10, 0], [10, 5], [0, 5]]
    # an 8-point polygon becomes its minimum-area rectangle
    poly = np.array([[0, 0], [5, 0], [10, 0], [10, 2], [10, 4], [5, 4], [0, 4], [0, 2]])
    q = R.to_quad(poly)
    assert q.shape == (4, 2)
    assert np.allclose(q.min(0), [0, 0], atol=1e-4) and np.allclose(q.max(0), [10, 4], atol=1e-4)
    with pytest.raises(ValueError, match=r"got shape \(5,\)"):
        R.to_quad([1, 2, 3, 4, 5])


def test_rectify_turns_vertical_lines():
    im = np.zeros((100, 40, 3), np.uint8)
    im[:10] = 255  # top of the column
    crop = R.rectify(im, [0, 0, 40, 100])
    assert crop.shape == (40, 100, 3)
    assert crop[:, :10].min() == 255 and crop[:, 20:].max() == 0  # top -> left
    assert R.rectify(im, [0, 0, 40, 20]).shape == (20, 40, 3)


def test_ctc_decode_merges_repeats_and_drops_blanks():
    p = np.zeros((6, 4), np.float32)
    for t, c in enumerate([1, 1, 0, 1, 3, 0]):
        p[t, c] = 0.9
    idx, conf = R.ctc_decode(p)
    assert idx.tolist() == [1, 1, 3] and np.allclose(conf, 0.9)
    assert R.ctc_confidence(np.eye(3)[[0, 0]]) == 0.0


def test_rec_batch_shape_and_range():
    x = R.rec_batch([np.zeros((10, 20, 3), np.uint8), np.full((10, 500, 3), 255, np.uint8)])
    assert x.shape == (2, 3, 48, 1200)  # 50:1 squeezed to max_ratio 25 and x.dtype == np.float32
    assert x[0, :, :, :96].max() == -1.0 and x[0, :, :, 96:].max() == 0.0  # zero padding
    assert x[1].min() == 1.0


def test_unknown_model_lists_valid_ones():
    with pytest.raises(ValueError, match="ppocrv4"):
        R.rec_model_path("nope")
    with pytest.raises(BackendUnavailableError, match="does not exist"):
        R.Recognizer(model_file="/nonexistent/rec.onnx")


# -- (b) reading drawn words -------------------------------------------------------------
@pytest.mark.parametrize("model", MODELS)
def test_reads_a_word_from_box_quad_and_rotated_polygon(model):
    rec = R.Recognizer(model=model)
    im = _word("SALE 50")
    got = rec.read(im, [[0, 0, 260, 60], np.float32([[0, 0], [260, 0], [260, 60], [0, 60]])])
    assert [g.text for g in got] == ["SALE 50"] * 2
    assert all(g.confidence > 0.9 and len(g.char_conf) == 7 for g in got)
    # the same word turned by 30 degrees, read through a rotated quadrilateral
    big = cv2.copyMakeBorder(im, 100, 100, 100, 100, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    M = cv2.getRotationMatrix2D((230, 130), 30, 1.0)
    rot = cv2.warpAffine(big, M, (460, 260), borderValue=(255, 255, 255))
    quad = cv2.transform(np.float32([[100, 100], [360, 100], [360, 160], [100, 160]])[None], M)[0]
    assert rec.read(rot, [quad])[0].text == "SALE 50"


@pytest.mark.parametrize("model", MODELS)
def test_blank_and_noise_read_little(model, rng=np.random.default_rng(0)):
    rec = R.Recognizer(model=model)
    blank = rec.read(np.full((40, 200, 3), 200, np.uint8), [[0, 0, 200, 40]])[0]
    assert blank.text == "" and blank.confidence == 0.0
    noise = rng.integers(0, 256, (40, 200, 3), dtype=np.uint8)
    assert rec.read(noise, [[0, 0, 200, 40]])[0].confidence < 0.9
    assert rec.read(noise, []) == []


@needs_v4
def test_read_crops_keeps_order_and_checks_input():
    rec = R.Recognizer(batch_size=1)
    crops = [_word("BIG", size=(60, 120)), _word("SUMMER SALE", size=(60, 400))]
    assert [r.text for r in rec.read_crops(crops)] == ["BIG", "SUMMER SALE"]
    with pytest.raises(ValueError, match=r"crops\[0\]"):
        rec.read_crops([np.zeros((4, 4))])
    with pytest.raises(ValueError, match="batch_size"):
        R.Recognizer(batch_size=0)


def test_rectify_turns_clockwise_on_request():
    im = np.zeros((100, 40, 3), np.uint8)
    im[:10] = 255  # top of the column
    crop = R.rectify(im, [0, 0, 40, 100], clockwise=True)
    assert crop.shape == (40, 100, 3)
    assert crop[:, -10:].min() == 255 and crop[:, :80].max() == 0  # top -> right
    # a level region is never turned, either way
    np.testing.assert_array_equal(R.rectify(im, [0, 0, 40, 20], clockwise=True), R.rectify(im, [0, 0, 40, 20]))


@needs_v4
def test_reads_a_vertical_line_written_either_way():
    """Named failure class: a line written bottom to top (a legal line up an ad's edge)
    was turned upside down by PaddleOCR's counter-clockwise turn and read as nothing."""
    up = np.ascontiguousarray(np.rot90(_word("HELLO"), 1))  # bottom to top: (260, 60)
    down = np.ascontiguousarray(np.rot90(_word("HELLO"), -1))  # top to bottom
    box = [0, 0, 60, 260]
    one_way = R.Recognizer(both_ways=False)
    assert one_way.read(down, [box])[0].text == "HELLO"
    assert one_way.read(up, [box])[0].text != "HELLO"
    rec = R.Recognizer()
    got = rec.read(up, [box, [0, 0, 60, 40]]) + rec.read(down, [box])
    assert got[0].text == "HELLO" and got[2].text == "HELLO"
    assert got[0].confidence > one_way.read(up, [box])[0].confidence


def test_rec_width():
    assert R.rec_width(np.zeros((24, 100, 3), np.uint8)) == 200
    assert R.rec_width(np.zeros((10, 900, 3), np.uint8)) == 1200  # squeezed to 25:1
    assert R.rec_width(np.zeros((10, 900, 3), np.uint8), max_ratio=50) == 2400


class _Spy:
    """A recogniser session that records each call's input width and delegates."""

    def __init__(self, session):
        self.session, self.widths = session, []

    def run(self, names, feeds):
        self.widths.append([x.shape[-1] for x in feeds.values()][0])
        return self.session.run(names, feeds)


@needs_v4
def test_pad_own_pads_each_crop_to_its_own_width_and_reads_it_as_alone():
    """``pad="own"``: a crop's input (so its reading) does not depend on the crops read beside it."""
    short = _word("BIG", size=(60, 120))  # 96 px at height 48: padded to 320
    mid = _word("SUMMER SALE", size=(60, 400))  # 320
    wide = _word("FREE SHIPPING ON EVERY ORDER TODAY", size=(60, 1400))  # 1120
    crops = [wide, short, mid, short.copy()]
    batch, own = R.Recognizer(), R.Recognizer(pad="own")
    batch.session, own.session = _Spy(batch.session), _Spy(own.session)
    read = own.read_crops(crops)
    assert sorted(own.session.widths) == [320, 1120]  # the three narrow ones share a call, the wide one alone
    batch.read_crops(crops)
    assert batch.session.widths == [1120]  # the default: one batch, padded to the widest
    alone = [own.read_crops([c])[0] for c in crops]
    assert [r.text for r in read] == [r.text for r in alone]
    assert np.allclose([r.confidence for r in read], [r.confidence for r in alone], atol=1e-5)
    with pytest.raises(ValueError, match="pad must be"):
        R.Recognizer(pad="widest")
