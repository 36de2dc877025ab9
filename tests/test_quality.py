"""Quality floors of the default pipeline on the sample creatives in data/ (STYLE tier c).

The floors: person IoU >= 0.85, glyph recall of what is removed for text >= 0.98, and the recovered
background closer to the truth (PSNR inside the removed region) than a plain Telea fill
of the same masks on the whole image, without the crop strategy.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from creative_tools.bench import metrics as E
from creative_tools.bench.datasets import creatives
from creative_tools.pipeline import Pipeline

from conftest import DATA


@pytest.fixture(scope="module")
def runs():
    ds = creatives(DATA)
    if len(ds) == 0:
        pytest.skip("no samples in data/")
    pipe = Pipeline()
    return [(s, pipe(s.image)) for s in ds]


def test_person_iou_floor(runs):
    ious = {s.name: E.mask_iou(r.person_mask, s.person) for s, r in runs}
    assert min(ious.values()) >= 0.85, ious


def test_glyph_recall_floor(runs):
    """What is removed for text covers the glyphs: the text mask after the pipeline's text
    dilation (the removal margin since the text mask became the glyph pixels alone)."""
    pipe = Pipeline()
    rec = {}
    for s, r in runs:
        removed = pipe.merge_masks(np.zeros_like(r.text_mask), r.text_mask)
        rec[s.name] = E.glyph_recall(removed, s.text)
    assert np.mean(list(rec.values())) >= 0.98 and min(rec.values()) >= 0.95, rec


def test_text_mask_is_tight(runs):
    """The text mask itself is mostly glyph pixels (measured 0.80-1.0 per creative) and
    still holds most of them before dilation (0.85-1.0)."""
    prec = {s.name: E.glyph_precision(r.text_mask, s.text) for s, r in runs}
    rec = {s.name: E.glyph_recall(r.text_mask, s.text) for s, r in runs}
    assert np.mean(list(prec.values())) >= 0.85 and min(prec.values()) >= 0.75, prec
    assert np.mean(list(rec.values())) >= 0.88 and min(rec.values()) >= 0.80, rec


def test_unmasked_pixels_identical(runs):
    for s, r in runs:
        assert E.changed_outside(s.image, r.background, r.mask) == 0.0, s.name
        assert r.background.shape == s.image.shape


def test_background_beats_plain_telea(runs):
    """Inside the fill mask, PSNR to the clean plate beats a full-image Telea fill."""
    worse = {}
    for s, r in runs:
        telea = cv2.inpaint(s.image, r.mask.astype(np.uint8) * 255, 5, cv2.INPAINT_TELEA)
        ours = E.psnr(r.background, s.background, region=r.mask)
        plain = E.psnr(telea, s.background, region=r.mask)
        if not ours > plain:
            worse[s.name] = (ours, plain)
    assert not worse, f"PSNR (ours, plain Telea) where ours is not better: {worse}"


def test_removed_region_is_covered(runs):
    """Almost every truly changed pixel is inside the fill mask."""
    for s, r in runs:
        truth = s.removal
        assert (r.mask & truth).sum() / truth.sum() >= 0.95, s.name


def test_icdar15_text_removal_floor(eval_dir):
    """ICDAR 2015: what the pipeline removes for text covers >= 0.80 of the word area,
    and >= 0.80 of it lies inside the (dilated) word boxes. Pooled over the 10 images.

    This scores the text part of the fill mask (the glyph mask after the pipeline's text
    dilation). Box ground truth counts the background between letters as missed, so a
    glyph-tight mask cannot reach 1: measured 0.83 since the text mask became the glyph
    pixels alone (>= 0.85 with the former haloed mask), with 0 of the 16 legible words still
    legible after removal either way (``bench quality`` residual_text).
    """
    from creative_tools.bench.datasets import icdar15

    pipe = Pipeline(person=None)
    cov = [0, 0]
    inside = [0, 0]
    for s in icdar15(eval_dir / "text_icdar15"):
        text = pipe.detect_text([s.image])[0].mask
        removed = pipe.merge_masks(np.zeros_like(text), text)
        g = E.words_mask([w for w, dc in zip(s.words, s.dont_care) if not dc], text.shape)
        d = E.words_mask(s.words, text.shape, dilate=True)
        cov[0] += (removed & g).sum()
        cov[1] += g.sum()
        inside[0] += (removed & d).sum()
        inside[1] += removed.sum()
    assert cov[0] / cov[1] >= 0.80, cov[0] / cov[1]
    assert inside[0] / inside[1] >= 0.80, inside[0] / inside[1]

