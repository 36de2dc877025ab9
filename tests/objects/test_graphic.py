"""Objects source: graphic-element proposals, kinds, the backend and its options."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects import KINDS, parse_kinds
from creative_tools.objects.graphic import graphic_proposals
from creative_tools.objects.kinds import classify
from creative_tools.pipeline import PipelineConfig


def _gradient(h=300, w=400):
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([40 + 150 * xx / w, 60 + 100 * yy / h, 200 - 120 * xx / w], -1)
    return np.round(img).astype(np.uint8)


def _with_badge(img, box=(60, 60, 160, 160), fill=(230, 30, 40)):
    im = Image.fromarray(img)
    ImageDraw.Draw(im).ellipse(box, fill=fill)
    truth = np.zeros(img.shape[:2], np.uint8)
    t = Image.fromarray(truth)
    ImageDraw.Draw(t).ellipse(box, fill=1)
    return np.asarray(im), np.asarray(t).astype(bool)


def test_flat_disc_on_gradient_is_found_tightly():
    img, truth = _with_badge(_gradient())
    props = graphic_proposals(img)
    assert len(props) == 1
    p = props[0]
    inter = (p.mask & truth).sum()
    assert inter / truth.sum() >= 0.97  # covers the disc
    assert inter / p.mask.sum() >= 0.9  # and little else
    assert p.box[0] <= 61 and p.box[2] >= 160
    assert 0.5 <= p.score <= 1.0


def test_nothing_on_plain_gradient_or_flat_plate():
    assert graphic_proposals(_gradient()) == []
    assert graphic_proposals(np.full((200, 300, 3), 128, np.uint8)) == []


def test_texture_repeats_are_not_objects():
    # a grid of identical tiles (bricks, windows) is background, not 12 badges
    img = np.full((300, 400, 3), 90, np.uint8)
    for y in range(20, 280, 70):
        for x in range(20, 380, 90):
            img[y:y + 50, x:x + 70] = (200, 180, 160)
    assert graphic_proposals(img) == []


def test_text_polygon_inside_joins_and_makes_a_badge():
    img, truth = _with_badge(_gradient())
    poly = np.array([[85, 100], [135, 100], [135, 120], [85, 120]], np.float32)
    img = img.copy()
    img[104:116, 90:130] = 255  # "text" inside the badge
    props = graphic_proposals(img, text_polygons=[poly])
    assert [p.kind for p in props] == ["badge"]


def test_classify_rules():
    m = np.zeros((200, 200), bool)
    m[90:110, 40:160] = True
    assert classify(m, (40, 90, 160, 110), text_inside=True, wordmark=False) == "button"
    assert classify(m, (40, 90, 160, 110), text_inside=False, wordmark=True) == "logo"
    assert classify(m, (40, 90, 160, 110), text_inside=False, wordmark=False, salient=True) == "product"
    assert classify(m, (40, 90, 160, 110), text_inside=False, wordmark=False) == "other"


def test_parse_kinds_and_config_errors():
    assert parse_kinds("badge,logo") == ("badge", "logo")
    assert parse_kinds(None) == KINDS
    with pytest.raises(ValueError, match="unknown kind.*'sticker'.*valid"):
        parse_kinds("sticker")
    with pytest.raises(ContractError, match="sticker"):
        PipelineConfig(objects="auto", objects_kinds=["sticker"])
    assert PipelineConfig(objects="auto", objects_kinds="badge, button").objects_kinds == ["badge", "button"]
    with pytest.raises(ContractError, match="objects_dilate"):
        PipelineConfig(objects_dilate=-1)


def test_backend_filters_kinds_and_rejects_unknown_options():
    img, _ = _with_badge(_gradient())
    det = load("objects", "auto").detect(img)
    assert det.mask.shape == img.shape[:2] and det.mask.dtype == bool
    assert det.prob.dtype == np.float32 and 0 <= det.prob.min() and det.prob.max() <= 1
    kind = det.proposals[0].kind
    only_other = load("objects", "auto", kinds=[k for k in KINDS if k != kind]).detect(img)
    assert not only_other.mask.any() and [p.kind for p in only_other.rejected] == [kind]
    with pytest.raises(ContractError, match=r"takes no option \['nope'\]"):  # checked by the registry
        load("objects", "auto", nope=1)


def test_objects_in_pipeline_outputs():
    from creative_tools.pipeline import Pipeline

    img, truth = _with_badge(_gradient())
    res = Pipeline(person=None, text=None, objects="auto", inpaint="telea").run(img)
    assert res.object_mask[truth].mean() > 0.97
    assert res.mask[truth].all()  # dilated into the fill mask
    s = res.summary()
    assert s["backends"]["objects"] == "auto" and s["area"]["objects"]["pixels"] == int(res.object_mask.sum())
    assert set(s["objects"][0]) == {"box", "area", "score", "kind", "source"}
    assert res.params["dilation_px"]["objects"] == 2  # 400 / 250, rounded
    # unmasked pixels are the input's
    assert (res.background[~res.mask] == img[~res.mask]).all()
