"""Placeholder: tight glyph masks are being written."""

import cv2
import numpy as np


def text_mask(image, polygons, *, prob=None, tight=True):
    mask = np.zeros(image.shape[:2], np.uint8)
    for p in polygons:
        cv2.fillPoly(mask, [np.round(p).astype(np.int32)], 1)
    return mask.astype(bool)
