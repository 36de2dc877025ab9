"""PSE: the shared vector case pixel for pixel, and agreement with a plain queue version."""

from __future__ import annotations

from collections import deque

import cv2
import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.text.pse import pse


def reference_pse(kernels: np.ndarray, min_area: int) -> np.ndarray:
    """The README semantics written literally: one pixel per Python step."""
    k = np.asarray(kernels) != 0
    n, h, w = k.shape
    _, seeds = cv2.connectedComponents(k[-1].astype(np.uint8), connectivity=4)
    labels = np.zeros((h, w), np.int32)
    queue = deque()
    area = np.bincount(seeds.ravel())
    for r, c in zip(*np.nonzero(seeds)):
        if area[seeds[r, c]] >= min_area:
            labels[r, c] = seeds[r, c]
            queue.append((r, c))
    for level in range(n - 2, -1, -1):
        carry = deque()
        while queue:
            r, c = queue.popleft()
            grew = False
            for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= rr < h and 0 <= cc < w and k[level, rr, cc] and labels[rr, cc] == 0:
                    labels[rr, cc] = labels[r, c]
                    queue.append((rr, cc))
                    grew = True
            if not grew:
                carry.append((r, c))
        queue = carry
    return labels


def test_shared_case_pixel_for_pixel(vectors_dir):
    case = np.load(vectors_dir / "pse_case.npz")
    out = pse(case["kernels"], min_area=int(case["min_area"]))
    assert out.dtype == np.int32 and out.shape == case["expected_labels"].shape
    mismatch = np.argwhere(out != case["expected_labels"])
    assert mismatch.size == 0, f"{len(mismatch)} pixels differ, first at {mismatch[:5].tolist()}"
    labels, counts = np.unique(out, return_counts=True)
    assert dict(zip(labels.tolist(), counts.tolist())) == {0: 3287, 1: 340, 2: 360, 3: 667, 5: 83, 6: 63}


def test_contested_pixels_go_to_the_earlier_seed():
    # One strip, seeds at both ends 4 columns apart: the middle column is reached by
    # both at the same step and goes to label 1 (first in the queue).
    k = np.zeros((2, 1, 7), np.uint8)
    k[0] = 1
    k[1, 0, [1, 5]] = 1
    np.testing.assert_array_equal(pse(k, min_area=1), [[1, 1, 1, 1, 2, 2, 2]])


def test_pixels_that_grew_are_not_requeued():
    # Level 1 extends the seed to the right; at level 0 only carried pixels expand, so
    # the notch above column 1 (whose only labelled neighbour grew at level 1) stays 0,
    # while the notch above the line's end pixel (carried) is labelled. A plain BFS
    # that re-queues every labelled pixel would label both notches.
    k = np.zeros((3, 3, 6), np.uint8)
    k[:, 1, 0] = 1                       # seed
    k[:2, 1, :4] = 1                     # level 1 extends it to column 3
    k[0, 0, 1] = 1                       # notch above column 1 (grew at level 1)
    k[0, 2, 3] = 1                       # notch below column 3 (the carried end)
    expected = np.zeros((3, 6), np.int32)
    expected[1, :4] = 1
    expected[2, 3] = 1
    np.testing.assert_array_equal(pse(k, min_area=1), expected)
    np.testing.assert_array_equal(reference_pse(k, 1), expected)


def test_small_seeds_dropped_without_renumbering():
    k = np.zeros((2, 4, 9), np.uint8)
    k[0] = 1
    k[1, 0, 0] = 1                        # component 1: 1 pixel, dropped (1 < 2)
    k[1, 0, 4:6] = 1                      # component 2: exactly min_area, kept
    out = pse(k, min_area=2)
    assert set(np.unique(out).tolist()) == {2}  # the whole strip, grown from seed 2 alone


def test_single_kernel_is_just_the_seeds():
    k = np.zeros((1, 3, 3), np.uint8)
    k[0, 0, :] = 1
    k[0, 2, 2] = 1
    np.testing.assert_array_equal(pse(k, min_area=2), [[1, 1, 1], [0, 0, 0], [0, 0, 0]])


@pytest.mark.parametrize("seed", range(6))
def test_matches_queue_reference_on_random_kernels(seed):
    rng = np.random.default_rng(seed)
    for _ in range(20):
        n, h, w = int(rng.integers(2, 5)), int(rng.integers(1, 25)), int(rng.integers(1, 25))
        field = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 1.0)
        thresholds = np.sort(rng.random(n))  # ascending: kernel i is nested in kernel i-1
        kernels = np.stack([field > t for t in np.quantile(field, thresholds)]).astype(np.uint8)
        min_area = int(rng.integers(0, 4))
        expected = reference_pse(kernels, min_area)
        np.testing.assert_array_equal(pse(kernels, min_area=min_area), expected)


def test_unnested_and_bool_kernels_accepted():
    rng = np.random.default_rng(7)
    kernels = rng.random((3, 20, 20)) > 0.4  # not nested: semantics still defined
    np.testing.assert_array_equal(pse(kernels, min_area=1), reference_pse(kernels, 1))


@pytest.mark.parametrize("bad", [np.zeros((4, 4), np.uint8), np.zeros((0, 4, 4), np.uint8)])
def test_bad_kernels_raise(bad):
    with pytest.raises(ContractError, match="kernels must be"):
        pse(bad, min_area=1)


def test_negative_min_area_raises():
    with pytest.raises(ContractError, match="min_area"):
        pse(np.ones((2, 2, 2), np.uint8), min_area=-1)
