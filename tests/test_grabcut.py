"""GrabCut seeded in a worker thread (``creative_tools.grabcut``)."""

import threading

import cv2
import numpy as np
import pytest

from creative_tools.grabcut import seeded_grab_cut


@pytest.fixture(autouse=True)
def _reseed():
    yield
    cv2.setRNGSeed(0)  # (these tests move the generator: leave it at a fixed state)


def _case():
    """A noisy disc on a noisy plate: k-means' start matters to the cut."""
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:80, :100]
    img = np.full((80, 100, 3), (150, 190, 170), np.int32)
    disc = np.hypot(xx - 50, yy - 40) < 25
    img[disc] = (200, 60, 150)
    img = np.clip(img + rng.integers(-40, 41, img.shape), 0, 255).astype(np.uint8)
    lab = np.full((80, 100), cv2.GC_BGD, np.uint8)
    lab[8:72, 12:88] = cv2.GC_PR_FGD
    lab[35:45, 45:55] = cv2.GC_FGD
    return img, lab


def _draws(n=4):
    a = np.zeros(n, np.float32)
    cv2.randu(a, 0, 1)
    return a


def test_the_callers_opencv_random_state_is_left_alone():
    """Failure class *a side effect on the caller*: ``cv2.setRNGSeed`` before each cut
    reset the caller's OpenCV random stream; the cut is seeded in its own thread."""
    cv2.setRNGSeed(7)
    _draws()
    expected = _draws()
    cv2.setRNGSeed(7)
    _draws()
    img, lab = _case()
    seeded_grab_cut(img, lab, np.zeros((1, 65)), np.zeros((1, 65)), 2)
    assert np.array_equal(_draws(), expected)


def test_the_cut_is_a_seeded_cut_bit_for_bit():
    """The cut equals ``cv2.setRNGSeed(seed)`` then ``cv2.grabCut`` in the caller's
    thread (the person path's masks must not change), whatever state it is in."""
    img, lab0 = _case()
    for seed in (0, 5):
        cv2.setRNGSeed(seed)
        ref = lab0.copy()
        cv2.grabCut(img, ref, None, np.zeros((1, 65)), np.zeros((1, 65)), 2,
                    cv2.GC_INIT_WITH_MASK)
        for state in (1, 1000):
            cv2.setRNGSeed(state)
            lab = lab0.copy()
            seeded_grab_cut(img, lab, np.zeros((1, 65)), np.zeros((1, 65)), 2,
                            seed=seed)
            assert np.array_equal(lab, ref)


def test_the_seed_is_set_in_the_cutting_thread_before_the_cut(monkeypatch):
    """Failure class *a mask that depends on what ran before*: the seed must reach the
    generator GrabCut draws from (its own thread's), before the cut."""
    calls = []
    seed, cut = cv2.setRNGSeed, cv2.grabCut
    monkeypatch.setattr(cv2, "setRNGSeed", lambda s: (
        calls.append(("seed", s, threading.get_ident())), seed(s))[1])
    monkeypatch.setattr(cv2, "grabCut", lambda *a: (
        calls.append(("cut", None, threading.get_ident())), cut(*a))[1])
    img, lab = _case()
    seeded_grab_cut(img, lab, np.zeros((1, 65)), np.zeros((1, 65)), 2, seed=3)
    assert [c[:2] for c in calls] == [("seed", 3), ("cut", None)]
    assert calls[0][2] == calls[1][2] != threading.get_ident()


def test_an_opencv_error_reaches_the_caller():
    """GrabCut's own error (here labels of another shape than the image) is raised in
    the caller's thread, not lost in the worker."""
    img, _ = _case()
    lab = np.full((30, 30), cv2.GC_PR_FGD, np.uint8)
    with pytest.raises(cv2.error):
        seeded_grab_cut(img, lab, np.zeros((1, 65)), np.zeros((1, 65)), 2)
