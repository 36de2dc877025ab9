"""Pictures shared by the objects tests."""

import cv2
import numpy as np
import pytest


@pytest.fixture
def box_on_floor():
    """A flat box standing on a gradient floor, a blurred ellipse (opacity 0.55, sigma 5 px)
    darkening the floor under its base: ``(img, box, alpha)``, the box's mask and the
    shadow's alpha (its truth: ``alpha > 0.1`` off the box)."""
    yy, xx = np.mgrid[0:240, 0:320].astype(np.float32)
    plate = np.stack([200 - 0.1 * yy, 190 - 0.05 * xx, 170 + 0.05 * yy], -1)
    e = np.zeros((240, 320), np.float32)
    cv2.ellipse(e, (160, 172), (70, 10), 0, 0, 360, 1.0, -1)
    a = cv2.GaussianBlur(e, (0, 0), 5) * 0.55
    img = plate * (1 - a[..., None])
    box = np.zeros((240, 320), bool)
    box[80:170, 100:220] = True
    img[box] = (40, 90, 200)
    return np.clip(img, 0, 255).round().astype(np.uint8), box, a
