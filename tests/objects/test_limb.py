"""``limb`` (``creative_tools/objects/graphic.py``): a shaded badge whose region ends at its own steep shading."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects.graphic import GraphicParams, graphic_proposals

S = 4  # supersampling: the outline's anti-aliased rim


def _sphere(r: float = 30.0, colour=(200, 40, 160), plate=(225, 225, 215), outline: bool = True):
    """A lit sphere (diffuse light from up-left, a specular spot) of radius ``r`` px on a flat plate:
    the image and the sphere's truth (alpha > 0.1). ``outline=False`` blurs its outline away."""
    H, W = 160, 200
    n = 2 * int(r) + 8
    yy, xx = (np.mgrid[0:n * S, 0:n * S].astype(np.float64) / S - n / 2) / r
    rr = np.hypot(xx, yy)
    z = np.sqrt(np.clip(1 - rr ** 2, 0, 1))
    light = np.array((-0.45, -0.55, 0.7)) / np.linalg.norm((-0.45, -0.55, 0.7))
    diff = np.clip(xx * light[0] + yy * light[1] + z * light[2], 0, 1)
    rgb = np.array(colour, np.float64) * (0.25 + 0.8 * diff)[..., None] + 204 * (diff ** 28)[..., None]
    alpha = (rr <= 1).astype(np.float64)
    a = cv2.resize(alpha, (n, n), interpolation=cv2.INTER_AREA)
    c = cv2.resize(rgb * alpha[..., None], (n, n), interpolation=cv2.INTER_AREA) / np.maximum(a, 1e-9)[..., None]
    if not outline:
        a = cv2.GaussianBlur(a, (0, 0), 4.0)
    img = np.empty((H, W, 3), np.float64)
    img[:] = plate
    y0, x0 = (H - n) // 2, (W - n) // 2
    img[y0:y0 + n, x0:x0 + n] = np.clip(c, 0, 255) * a[..., None] + img[y0:y0 + n, x0:x0 + n] * (1 - a[..., None])
    truth = np.zeros((H, W), bool)
    truth[y0:y0 + n, x0:x0 + n] = a > 0.1
    return np.clip(np.round(img), 0, 255).astype(np.uint8), truth


def _taken(mask: np.ndarray, part: np.ndarray) -> float:
    return float((mask & part).sum() / part.sum())


def test_limb_takes_a_lit_sphere_the_region_stage_ends_short_of():
    img, truth = _sphere()
    off = load("objects", "auto").detect(img).mask
    on = load("objects", "auto", limb=0.15).detect(img).mask
    assert _taken(off, truth) < 0.5  # the region ends at the dark limb's steps: its ring is not framed
    assert _taken(on, truth) >= 0.9
    assert (on & ~cv2.dilate(truth.view(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)).sum() == 0


def test_limb_leaves_a_shaded_blob_without_an_outline():
    img, truth = _sphere(outline=False)  # a soft blob: nothing sharp where its shading ends
    props = graphic_proposals(img, params=GraphicParams(limb=0.15, smooth_fit=0.0))
    assert all(_taken(p.mask, truth) < 0.5 for p in props)


@pytest.mark.parametrize("bad", [-0.1, 0.6, float("nan"), True, "0.1"])
def test_limb_is_checked(bad):
    with pytest.raises(ContractError, match="limb"):
        GraphicParams(limb=bad)
