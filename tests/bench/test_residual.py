"""The residual-text metric: normalisation, legibility rule, counts with a real reader."""

from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pytest

from creative_tools import packaged
from creative_tools.bench import residual as RS

needs_rec = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None or packaged.find("ppocrv4_rec") is None,
    reason="onnxruntime or ppocrv4_rec missing (python -m creative_tools models fetch)")


def test_normalise_and_ned():
    assert RS.normalise("Summer-Sale 2026!") == "summersale2026"
    assert RS.normalise("限时 特惠") == "限时特惠"
    assert RS.edit_distance("", "abc") == 3 and RS.edit_distance("abc", "abc") == 0
    assert RS.ned("abcde", "abcdx") == pytest.approx(0.2)
    assert RS.ned("", "") == 1.0


@pytest.mark.parametrize("read,label,ok", [
    ("SALE", "sale", True), ("SALF", "sale", False),  # 4 letters: exact only
    ("SUMMFR", "summer", True), ("SUMM", "summer", False), ("", "x", False),
    ("50%OFF", "50% off", True),
])
def test_legible_rule(read, label, ok):
    assert RS.legible(read, label) is ok


class _Reader:
    """Reads a fixed text where the region's mean is dark, nothing elsewhere."""

    def __init__(self, text):
        self.text = text

    def read(self, image, regions):
        from creative_tools.text.recognize import Reading, rectify

        return [Reading(self.text if rectify(image, r).mean() < 128 else "", 1.0, np.ones(1))
                for r in regions]


def test_residual_counts_with_a_fake_reader():
    im = np.zeros((20, 60, 3), np.uint8)
    bg = np.full_like(im, 255)
    quad = np.float32([[5, 5], [55, 5], [55, 15], [5, 15]])
    words, labels = [quad, quad, quad], ["WORD", "###", "OTHER"]
    r = RS.residual_words(_Reader("WORD"), im, bg, words, labels)
    assert (r.words, r.legible, r.residual, r.rate) == (2, 1, 0, 0.0)
    r = RS.residual_words(_Reader("WORD"), im, im, words, labels)
    assert (r.legible, r.residual, r.rate) == (1, 1, 1.0)
    # two readers: legible when either reads it
    r = RS.residual_words([_Reader("X"), _Reader("OTHER")], im, im, words, labels)
    assert (r.legible, r.residual) == (1, 1)
    assert np.isnan(RS.Residual().rate)
    with pytest.raises(ValueError, match="same length"):
        RS.residual_words(_Reader(""), im, im, words, labels[:2])


@needs_rec
def test_residual_with_the_recogniser():
    from creative_tools.text.recognize import Recognizer

    im = np.full((80, 400, 3), 230, np.uint8)
    cv2.putText(im, "FLASH SALE", (20, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (200, 20, 20), 3)
    quad = np.float32([[15, 20], [300, 20], [300, 62], [15, 62]])
    rec = Recognizer()
    clean = np.full_like(im, 230)
    half = im.copy()
    half[:, 20:160] = 230  # "FLASH" erased, "SALE" left
    r = RS.residual_words(rec, im, clean, [quad], ["FLASH SALE"])
    assert (r.legible, r.residual) == (1, 0)
    assert RS.residual_words(rec, im, im, [quad], ["FLASH SALE"]).residual == 1
    assert RS.residual_words(rec, im, half, [quad], ["FLASH SALE"]).residual == 0
    # label-free: the detector's own confident readings become the labels
    sc = RS.self_check(rec, im, im, [quad])
    assert (sc.words, sc.legible, sc.residual) == (1, 1, 1)


def test_chars_left_counts_the_characters_of_a_line_still_read():
    """A CJK line with its last four characters still read is not legible, yet 4 of 15 are left."""
    line = "温岭市金盾工程机械制造有限公司"
    res = RS.Residual(2, 2, 0, [RS.WordReading(line, line, "有限公司", True, False),
                                RS.WordReading("SALE", "SALE", "", True, False),
                                RS.WordReading("NEW", "", "NEW", False, False)])
    assert not RS.legible("有限公司", line)
    assert (res.chars, res.chars_left) == (19, 4)  # the word illegible in the input counts nowhere
    assert res.char_rate == pytest.approx(4 / 19)
    assert np.isnan(RS.Residual().char_rate)
    assert (res + res).chars_left == 8


def test_an_illegible_word_keeps_the_reading_with_most_of_it():
    """Illegible to both readers: ``after`` is the one that kept more characters (chars_left)."""
    from types import SimpleNamespace as NS

    class Reader:
        def __init__(self, text):
            self.text = text

        def read(self, image, regions):
            return [NS(text=self.text, confidence=0.9) for _ in regions]

    line = "温岭市金盾工程机械制造有限公司"
    res = RS._read_any([Reader("9"), Reader("有限公司")], None, [None], [line], 0.2)
    assert res == [(False, "有限公司")]
    assert RS._read_any([Reader("x"), Reader("y")], None, [None], [line], 0.2) == [(False, "x")]  # tie: reader 0
