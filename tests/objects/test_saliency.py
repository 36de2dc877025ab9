"""Salient blobs become products only when cut out sharply on a calm plate (no network needed)."""

import numpy as np
import pytest

from creative_tools.objects.saliency import salient_proposals


def _blob(h=300, w=400):
    m = np.zeros((h, w), bool)
    m[90:210, 160:240] = True
    return m


def _prob(m):
    return np.where(m, 0.95, 0.02).astype(np.float32)


def _shaded_object_on(plate, m):
    img = plate.copy()
    xx = np.linspace(0, np.pi, m.shape[1])[None, :, None]
    body = (np.array([40, 120, 200]) * (0.6 + 0.4 * np.sin(xx))).astype(np.uint8)
    img[m] = np.broadcast_to(body, img.shape)[m]
    return img


def test_product_cut_out_on_a_flat_plate_is_kept():
    m = _blob()
    img = _shaded_object_on(np.full((300, 400, 3), 230, np.uint8), m)
    props = salient_proposals(_prob(m), image=img)
    assert len(props) == 1 and props[0].kind == "product" and (props[0].mask == m).all()


def test_salient_object_in_a_textured_scene_is_not_a_product():
    # the photo's own subject: the plate around it is a photographed, textured scene
    rng = np.random.default_rng(1)
    plate = np.clip(rng.normal(120, 25, (300, 400, 3)), 0, 255).astype(np.uint8)
    m = _blob()
    img = _shaded_object_on(plate, m)
    assert salient_proposals(_prob(m), image=img) == []
    assert len(salient_proposals(_prob(m))) == 1  # without the image, only the shape tests


def test_soft_edged_object_is_not_a_cut_out():
    import cv2

    m = _blob()
    img = _shaded_object_on(np.full((300, 400, 3), 230, np.uint8), m)
    img = cv2.GaussianBlur(img, (0, 0), 4)  # a defocused, photographed edge
    assert salient_proposals(_prob(m), image=img) == []


@pytest.mark.parametrize("where", ["frame", "huge"])
def test_blobs_at_the_frame_or_too_large_are_not_products(where):
    m = np.zeros((300, 400), bool)
    if where == "frame":
        m[0:120, 0:80] = True
    else:
        m[20:280, 20:380] = True
    img = _shaded_object_on(np.full((300, 400, 3), 230, np.uint8), m)
    assert salient_proposals(_prob(m), image=img) == []
