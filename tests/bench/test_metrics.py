"""Metrics on hand-made arrays with hand-computed answers."""

import math

import numpy as np
import pytest

from creative_tools.bench import metrics as E
from creative_tools.errors import ContractError


def square(x, y, s):
    return np.array([[x, y], [x + s, y], [x + s, y + s], [x, y + s]], np.float64)


def box_mask(shape, y0, y1, x0, x1):
    m = np.zeros(shape, bool)
    m[y0:y1, x0:x1] = True
    return m


# -- masks -------------------------------------------------------------------------------------
def test_mask_iou_two_known_squares():
    a = box_mask((20, 20), 0, 10, 0, 10)   # 100 px
    b = box_mask((20, 20), 5, 15, 5, 15)   # 100 px, overlap 5x5 = 25
    assert E.mask_iou(a, b) == pytest.approx(25 / 175)
    assert E.mask_iou(a, a) == 1.0
    assert E.mask_iou(a, ~a) == 0.0


def test_mask_iou_ignore_and_empty():
    a = box_mask((10, 10), 0, 4, 0, 4)     # 16
    b = box_mask((10, 10), 0, 4, 0, 2)     # 8 inside a
    ign = box_mask((10, 10), 0, 4, 2, 4)   # the part of a not in b
    assert E.mask_iou(a, b) == pytest.approx(0.5)
    assert E.mask_iou(a, b, ignore=ign) == 1.0
    assert math.isnan(E.mask_iou(np.zeros((3, 3), bool), np.zeros((3, 3), bool)))


def test_mask_iou_rejects_bad_shapes():
    with pytest.raises(ContractError, match=r"\(4, 4\)"):
        E.mask_iou(np.zeros((4, 4), bool), np.zeros((4, 5), bool))
    with pytest.raises(ContractError):
        E.mask_iou(np.zeros((4, 4), np.uint8), np.zeros((4, 4), bool))


def test_false_alarm_counts_negatives_only():
    truth = box_mask((10, 10), 0, 5, 0, 10)         # 50 positives, 50 negatives
    pred = box_mask((10, 10), 0, 7, 0, 10)          # 20 px beyond the truth
    ign = box_mask((10, 10), 6, 7, 0, 10)           # 10 of them ignored
    assert E.false_alarm(pred, truth) == (20, 20 / 50)
    assert E.false_alarm(pred, truth, ignore=ign) == (10, 10 / 40)


def test_glyph_recall_and_precision():
    truth = box_mask((10, 10), 0, 2, 0, 10)         # 20 glyph px
    mask = box_mask((10, 10), 1, 5, 0, 10)          # 40 px, 10 of them on glyphs
    assert E.glyph_recall(mask, truth) == pytest.approx(0.5)
    assert E.glyph_precision(mask, truth) == pytest.approx(0.25)
    assert math.isnan(E.glyph_precision(np.zeros_like(mask), truth))


def test_glyph_scores_skip_ignored_pixels():
    truth = box_mask((10, 10), 0, 2, 0, 10)         # 20 glyph px (rows 0-1)
    mask = box_mask((10, 10), 1, 5, 0, 10)          # rows 1-4: 10 on glyphs, 30 off
    ignore = box_mask((10, 10), 0, 1, 0, 10)        # row 0: the 10 glyph px the mask misses
    assert E.glyph_recall(mask, truth, ignore=ignore) == pytest.approx(1.0)
    assert E.glyph_precision(mask, truth, ignore=ignore) == pytest.approx(0.25)  # row 0 not in M
    ignore2 = box_mask((10, 10), 1, 2, 0, 10)       # row 1: the 10 glyph px the mask hits
    assert E.glyph_recall(mask, truth, ignore=ignore2) == pytest.approx(0.0)
    assert E.glyph_precision(mask, truth, ignore=ignore2) == pytest.approx(0.0)
    assert math.isnan(E.glyph_recall(mask, truth, ignore=truth))
    with pytest.raises(ContractError, match="ignore"):
        E.glyph_recall(mask, truth, ignore=np.zeros((10, 9), bool))


def test_invisible_glyphs_is_the_unseen_part_of_the_truth():
    bg = np.full((4, 4, 3), 12, np.uint8)           # a near-black sky
    im = bg.copy()
    im[0] = 11                                      # a shadow: one grey level darker
    im[1] = 200                                     # a white fill
    im[2, :, 2] = 40                                # a blue outline, clearly visible
    truth = np.zeros((4, 4), bool)
    truth[:3] = True
    truth[3, 0] = True                              # the text layer changed nothing here
    inv = E.invisible_glyphs(im, bg, truth)
    assert inv.dtype == bool and inv.shape == (4, 4)
    assert inv[0].all() and not inv[1].any() and not inv[2].any()
    assert inv[3].tolist() == [True, False, False, False]  # only truth pixels are ignored
    assert E.invisible_glyphs(im, bg, truth, jnd=0.0).sum() == 0
    with pytest.raises(ContractError, match="background"):
        E.invisible_glyphs(im, bg[:3], truth)


# -- polygons and words ------------------------------------------------------------------------
def test_polygon_iou_exact():
    assert E.polygon_area(square(0, 0, 10)) == 100.0
    assert E.polygon_iou(square(0, 0, 10), square(5, 5, 10)) == pytest.approx(25 / 175)
    assert E.polygon_iou(square(0, 0, 10), square(20, 0, 10)) == 0.0
    tri = np.array([[0, 0], [10, 0], [0, 10]], float)   # half of the square
    assert E.polygon_iou(tri, square(0, 0, 10)) == pytest.approx(0.5)


def test_word_coverage_perfect_and_half_covered():
    word = np.array([[10, 10], [29, 10], [29, 19], [10, 19]], float)  # fills [10:20, 10:30]
    full = box_mask((40, 40), 10, 20, 10, 30)
    half = box_mask((40, 40), 10, 20, 10, 20)
    assert E.word_coverage(full, [word]) == 1.0
    assert E.word_coverage(half, [word]) == pytest.approx(0.5)
    # a ### word is not part of G
    other = np.array([[0, 30], [9, 30], [9, 39], [0, 39]], float)
    assert E.word_coverage(half, [word, other], dont_care=[False, True]) == pytest.approx(0.5)
    assert E.word_coverage(half, [word, other]) == pytest.approx(100 / 300)
    assert math.isnan(E.word_coverage(half, [other], dont_care=[True]))


def test_word_radius_and_mask_inside_words():
    word = np.array([[20, 20], [59, 20], [59, 39], [20, 39]], float)  # short side 19 -> r = 6
    assert E.quad_short_side(word) == pytest.approx(19.0)
    assert E.word_radius(word) == 6
    assert E.word_radius(square(0, 0, 4)) == 3
    m = np.zeros((80, 80), bool)
    m[30, 65] = True          # 6 px right of the word edge (x=59): inside D
    m[30, 66] = True          # 7 px: outside
    m[30, 30] = True          # on the word
    m[75, 5] = True           # far away
    assert E.mask_inside_words(m, [word]) == pytest.approx(0.5)
    assert math.isnan(E.mask_inside_words(np.zeros((80, 80), bool), [word]))


def test_match_words_duplicate_and_dont_care():
    gt = [square(0, 0, 10), square(100, 0, 10), square(200, 0, 20)]
    dc = [False, False, True]
    dets = [
        square(0, 0, 10),       # hit on word 0
        square(1, 0, 10),       # duplicate of word 0 (IoU 0.82): a false alarm
        square(205, 5, 10),     # entirely inside the ### region (IoU 0.25): ignored
        square(300, 300, 5),    # nowhere: a false alarm
    ]
    m = E.match_words(dets, gt, dont_care=dc)
    assert (m.hits, m.detections, m.words, m.ignored) == (1, 3, 2, 1)
    assert m.pairs == ((0, 0),)
    p, r, f = E.prf(m)
    assert (p, r) == (pytest.approx(1 / 3), pytest.approx(1 / 2))
    assert f == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_match_words_iou_threshold_and_one_to_one():
    gt = [square(0, 0, 10)]
    half = np.array([[0, 0], [10, 0], [10, 5], [0, 5]], float)    # IoU exactly 0.5
    less = np.array([[0, 0], [10, 0], [10, 4.9], [0, 4.9]], float)
    assert E.match_words([half], gt).hits == 1
    assert E.match_words([less], gt).hits == 0
    # the better pair wins, not the first detection
    m = E.match_words([square(2, 0, 10), square(0, 0, 10)], gt)
    assert m.pairs == ((1, 0),)


def test_match_words_big_detection_over_dont_care_counts():
    # a detection covering a ### word and much more: IoU < 0.5, mostly outside -> counted
    m = E.match_words([square(0, 0, 40)], [square(0, 0, 10)], dont_care=[True])
    assert (m.hits, m.detections, m.words, m.ignored) == (0, 1, 0, 0)


def test_prf_undefined_and_zero():
    assert E.prf(E.WordMatch(0, 3, 2)) == (0.0, 0.0, 0.0)
    p, r, f = E.prf(E.WordMatch(0, 0, 2))
    assert math.isnan(p) and r == 0.0 and math.isnan(f)
    total = E.WordMatch(1, 2, 3) + E.WordMatch(2, 2, 1)
    assert (total.hits, total.detections, total.words) == (3, 4, 4)


# -- background recovery -----------------------------------------------------------------------
def test_psnr_known_error():
    a = np.full((10, 10, 3), 100, np.uint8)
    b = a.copy()
    b[:5] = 110                                     # half the pixels off by 10: MSE 50
    assert E.psnr(a, b) == pytest.approx(10 * math.log10(255 ** 2 / 50))
    region = box_mask((10, 10), 0, 5, 0, 10)        # only the wrong half: MSE 100
    assert E.psnr(a, b, region=region) == pytest.approx(10 * math.log10(255 ** 2 / 100))
    assert E.psnr(a, b, region=~region) == math.inf


def test_ssim_identical_constant_and_region():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
    assert E.ssim(a, a) == pytest.approx(1.0)
    c1 = (0.01 * 255) ** 2
    flat = np.full((16, 16, 3), 100, np.uint8)
    assert E.ssim(flat, flat + 20) == pytest.approx((2 * 100 * 120 + c1) / (100 ** 2 + 120 ** 2 + c1))
    b = a.copy()
    b[:, 24:] = 0                                   # change only the right quarter
    left = box_mask((32, 32), 0, 32, 0, 16)         # > 3 px away from the change: windows unaffected
    assert E.ssim(a, b, region=left) == pytest.approx(1.0)
    assert E.ssim(a, b) < 0.9


def test_changed_outside_fraction():
    a = np.zeros((4, 5, 3), np.uint8)
    b = a.copy()
    mask = box_mask((4, 5), 0, 4, 0, 1)             # 4 masked, 16 unmasked
    b[:, 0] = 9                                     # inside the mask: allowed
    b[2, 3, 1] = 1                                  # one channel of one unmasked pixel
    b[3, 4] = 7
    assert E.changed_outside(a, b, mask) == pytest.approx(2 / 16)
    assert E.changed_outside(a, a, mask) == 0.0
    with pytest.raises(ContractError, match="b must have shape"):
        E.changed_outside(a, b[:3], mask)


def test_mse_and_psnr_from_mse():
    a = np.zeros((4, 4, 3), np.uint8)
    b = a.copy()
    b[0, 0] = (3, 6, 9)                              # (9 + 36 + 81) / (16 * 3)
    assert E.mse(a, b) == pytest.approx(126 / 48)
    assert E.mse(a, b, region=box_mask((4, 4), 0, 1, 0, 2)) == pytest.approx(126 / 6)
    assert E.psnr_from_mse(255.0 ** 2) == 0.0 and E.psnr_from_mse(0.0) == math.inf
