"""The click and the objects source's evidence: shadows fitted on the object, proposals that enclose it."""

import sys
from pathlib import Path

import numpy as np
import pytest

import creative_tools.objects.click as C
from creative_tools.bench.objects import click_point


def _iou(a, b):
    return (a & b).sum() / (a | b).sum()


def _box_with_reflection():
    # a flat box on a gradient floor, its faded mirror image below its base (alpha 0.5 -> 0)
    yy, xx = np.mgrid[0:240, 0:320].astype(np.float32)
    img = np.stack([200 - 0.1 * yy, 190 - 0.05 * xx, 170 + 0.05 * yy], -1)
    box = np.zeros((240, 320), bool)
    box[60:140, 100:220] = True
    img[box] = (40, 90, 200)
    for k in range(40):
        a = 0.5 * (1 - k / 40)
        img[140 + k, 100:220] = a * np.array((40, 90, 200)) + (1 - a) * img[140 + k, 100:220]
    return np.clip(img, 0, 255).round().astype(np.uint8), box


def test_contact_shadow_is_fitted_under_the_object_not_under_its_reflection(monkeypatch):
    # failure class: wrong order. The click merged the floor reflection first and fitted the
    # contact shadow under the merged mask, i.e. 40 rows too low, below the reflection's end
    img, box = _box_with_reflection()
    seen = []
    fit = C._contact_shadow

    def spy(small, shape, **kw):
        seen.append(shape.copy())
        return fit(small, shape, **kw)

    monkeypatch.setattr(C, "_contact_shadow", spy)
    m = C.ClickSegmenter(img, saliency=False).segment([(160, 100)])
    assert m[box].all() and m[150:170, 120:200].all()  # the reflection is taken
    assert len(seen) == 1 and np.nonzero(seen[0].any(1))[0].max() <= 141  # the box's own base (row 139)


def test_a_click_on_a_plain_plate_computes_no_proposals():
    # the proposals cost a pass of the objects source: only where something could enclose the click
    img = np.full((120, 160, 3), 230, np.uint8)
    img[30:80, 40:120] = (200, 30, 30)
    seg = C.ClickSegmenter(img, saliency=False)
    assert seg.segment([(80, 55)])[30:80, 40:120].all()
    assert seg._props is None


def test_a_whole_badge_on_a_busy_plate_computes_no_proposals():
    # off the plain plate (a busy one is many small regions) but over 1 % of the image:
    # a whole object, not a piece that something could enclose
    rng = np.random.default_rng(1)
    img = rng.integers(0, 256, (12, 16, 3)).astype(np.uint8).repeat(10, 0).repeat(10, 1)
    img[30:80, 40:120] = (200, 30, 30)
    seg = C.ClickSegmenter(img, saliency=False)
    assert seg.segment([(80, 55)])[32:78, 42:118].all()
    assert seg._props is None


def _artcheck2(i):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import samples_artcheck2 as A2

    missing = [f for f in (A2.LIB / f for f in A2.FONTS) if not f.is_file()]
    if missing:
        pytest.skip(f"fonts missing (fonts-liberation): {missing[0]}")
    return A2.make_artcheck2(i, split="tune")


@pytest.mark.parametrize("case, shape", [(0, "corner"), (23, "glassy_icon")])
def test_a_click_on_an_inner_part_takes_the_proposal_that_encloses_it(case, shape):
    # failure class: the click stops on an inner part (the words' band of a corner ribbon,
    # the highlight of a glassy button); the objects source proposes the whole artifact
    s = _artcheck2(case)
    art = next(a for a in s.artifacts if a.shape == shape)
    pt = click_point(art.mask)
    assert _iou(C.ClickSegmenter(s.image, saliency=False).segment([pt]), art.mask) >= 0.8
    assert _iou(C.ClickSegmenter(s.image, saliency=False, proposals=0).segment([pt]), art.mask) < 0.5
