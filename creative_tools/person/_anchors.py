"""SSD anchors and detection decoding for mediapipe's BlazePose detector.

Written from the semantics of mediapipe's ``SsdAnchorsCalculator``,
``TensorsToDetectionsCalculator`` and the weighted ``NonMaxSuppressionCalculator``
(options as set in ``pose_detection_cpu.pbtxt``), in numpy, so the detector runs
without mediapipe's graph runtime.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..errors import ContractError

__all__ = ["ssd_anchors", "decode_detections", "weighted_nms"]


def ssd_anchors(
    *,
    input_size: int = 224,
    strides: Sequence[int] = (8, 16, 32, 32, 32),
    offset: float = 0.5,
) -> np.ndarray:
    """Anchor centres of a square SSD detector with fixed anchor size.

    Follows mediapipe's ``SsdAnchorsCalculator`` with one aspect ratio (1.0),
    ``interpolated_scale_aspect_ratio=1.0`` (so two anchors per cell and layer) and
    ``fixed_anchor_size=true`` (every anchor is 1 x 1 in normalised units, so only the
    centres matter: the graph's ``min_scale=0.1484375``, ``max_scale=0.75`` change
    nothing here and are not parameters). Consecutive layers with the same stride share one feature map and
    their anchors are interleaved per cell, in mediapipe's order (row, column, anchor).

    Parameters
    ----------
    input_size : int
        Side of the square model input in pixels (224 for the pose detector).
    strides : sequence of int
        Stride of each layer.
    offset : float
        Position of the centre inside a cell, in cells (0.5 = cell centre).

    Returns
    -------
    anchors : ndarray, shape (N, 2), float32
        ``(x_center, y_center)`` in [0, 1] of the model input. N = 2254 for the
        pose detector's defaults.

    Examples
    --------
    >>> a = ssd_anchors()
    >>> a.shape
    (2254, 2)
    >>> [round(float(v), 6) for v in a[2]]  # third anchor: second cell of the stride-8 map
    [0.053571, 0.017857]
    """
    if int(input_size) <= 0:
        raise ContractError(f"input_size must be a positive int, got {input_size}")
    strides = [int(s) for s in strides]
    if not strides or min(strides) <= 0:
        raise ContractError(f"strides must be positive ints, got {strides}")
    out = []
    layer = 0
    n = len(strides)
    while layer < n:
        per_cell = 0
        last = layer
        while last < n and strides[last] == strides[layer]:
            # per layer: one anchor for aspect ratio 1.0 and one at the scale
            # interpolated with the next layer's (interpolated_scale_aspect_ratio=1.0)
            per_cell += 2
            last += 1
        fm = int(math.ceil(input_size / strides[layer]))
        ys, xs = np.meshgrid(np.arange(fm), np.arange(fm), indexing="ij")
        centres = np.stack([(xs + offset) / fm, (ys + offset) / fm], axis=-1).reshape(-1, 2)
        out.append(np.repeat(centres, per_cell, axis=0))
        layer = last
    return np.concatenate(out).astype(np.float32)


def decode_detections(
    raw_boxes: np.ndarray,
    raw_scores: np.ndarray,
    anchors: np.ndarray,
    *,
    input_size: int = 224,
    score_threshold: float = 0.5,
    num_keypoints: int = 4,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decode raw SSD outputs (box centre/size + keypoints relative to the anchors).

    The layout is mediapipe's ``reverse_output_order`` one: ``[x, y, w, h, kx0, ky0,
    ...]`` in input pixels, offsets from the anchor centre; scores are logits clipped
    to +-100 and passed through a sigmoid.

    Parameters
    ----------
    raw_boxes : ndarray, shape (N, 4 + 2 * num_keypoints), float32
    raw_scores : ndarray, shape (N,) or (N, 1), float32
    anchors : ndarray, shape (N, 2), float32
        From :func:`ssd_anchors`.
    input_size : int
        Model input side (the scale of the raw offsets).
    score_threshold : float
        Keep detections with a sigmoid score at or above this.

    Returns
    -------
    boxes : ndarray, shape (K, 4), float32
        ``(xmin, ymin, xmax, ymax)`` normalised to the model input.
    keypoints : ndarray, shape (K, num_keypoints, 2), float32
        Normalised ``(x, y)``.
    scores : ndarray, shape (K,), float32
    """
    raw_boxes = np.asarray(raw_boxes, np.float32).reshape(len(anchors), -1)
    if raw_boxes.shape[1] < 4 + 2 * num_keypoints:
        raise ContractError(
            f"raw_boxes must have {4 + 2 * num_keypoints} values per anchor, got {raw_boxes.shape[1]}"
        )
    logits = np.clip(np.asarray(raw_scores, np.float64).reshape(-1), -100.0, 100.0)
    scores = 1.0 / (1.0 + np.exp(-logits))
    keep = scores >= score_threshold
    rb, an, sc = raw_boxes[keep], anchors[keep], scores[keep]
    s = float(input_size)
    cx = rb[:, 0] / s + an[:, 0]
    cy = rb[:, 1] / s + an[:, 1]
    w = rb[:, 2] / s
    h = rb[:, 3] / s
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    kp = rb[:, 4 : 4 + 2 * num_keypoints].reshape(-1, num_keypoints, 2) / s + an[:, None, :]
    return boxes.astype(np.float32), kp.astype(np.float32), sc.astype(np.float32)


def box_overlap(box: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intersection areas of ``box`` (x0, y0, x1, y1) with each row of ``boxes``, and the areas.

    Returns ``(intersections, area of box, areas of boxes)``.
    """
    x0 = np.maximum(box[0], boxes[:, 0])
    y0 = np.maximum(box[1], boxes[:, 1])
    x1 = np.minimum(box[2], boxes[:, 2])
    y1 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area = lambda b: np.clip(b[..., 2] - b[..., 0], 0, None) * np.clip(b[..., 3] - b[..., 1], 0, None)  # noqa: E731
    return inter, area(box), area(boxes)


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    inter, a, bs = box_overlap(box, boxes)
    union = a + bs - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def weighted_nms(
    boxes: np.ndarray,
    keypoints: np.ndarray,
    scores: np.ndarray,
    *,
    iou_threshold: float = 0.3,
    max_detections: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted non-maximum suppression (mediapipe's ``WEIGHTED`` algorithm).

    Take the best remaining detection, gather every remaining one overlapping it by
    IoU above ``iou_threshold``, and replace the cluster by the score-weighted mean of
    its boxes and keypoints (keeping the best score).

    Returns
    -------
    boxes, keypoints, scores : ndarray
        Same layout as the inputs, one row per kept cluster, best score first.
    """
    order = np.argsort(-scores, kind="stable")
    boxes, keypoints, scores = boxes[order], keypoints[order], scores[order]
    out_b, out_k, out_s = [], [], []
    remaining = np.arange(len(scores))
    while remaining.size and (max_detections is None or len(out_s) < max_detections):
        top = remaining[0]
        ious = _iou(boxes[top], boxes[remaining])
        cluster = remaining[ious > iou_threshold]
        if cluster.size == 0 or cluster[0] != top:  # a degenerate (zero-area) top box
            cluster = np.concatenate([[top], cluster[cluster != top]])
        w = scores[cluster]
        wsum = float(w.sum())
        out_b.append((boxes[cluster] * w[:, None]).sum(0) / wsum)
        out_k.append((keypoints[cluster] * w[:, None, None]).sum(0) / wsum)
        out_s.append(scores[top])
        remaining = np.setdiff1d(remaining, cluster, assume_unique=True)
        remaining = remaining[np.argsort(-scores[remaining], kind="stable")]
    if not out_s:
        return (np.zeros((0, 4), np.float32), np.zeros((0,) + keypoints.shape[1:], np.float32),
                np.zeros((0,), np.float32))
    return (np.asarray(out_b, np.float32), np.asarray(out_k, np.float32),
            np.asarray(out_s, np.float32))
