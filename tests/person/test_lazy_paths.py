"""The person stage's shortcuts give the answers of the long way: windows run once,
dilation on a crop, the 3 x 3 solve, the guided filter, the painted view's skip and the
selfie map restricted to a box (session 5, runtime)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from creative_tools.errors import BackendUnavailableError
from creative_tools.person import mediapipe as M
from creative_tools.person import pose as P
from creative_tools.person.refine import _solve_sym3, guided_filter
from creative_tools.person.selfie_gate import _dilate, _disk


def _have_models() -> bool:
    if importlib.util.find_spec("ai_edge_litert") is None:
        return False
    try:
        M.model_path("selfie")
    except BackendUnavailableError:
        return False
    return True


needs_models = pytest.mark.skipif(not _have_models(), reason="mediapipe tflite files or ai-edge-litert missing")


@pytest.mark.parametrize("shape, n", [((750, 1333), 3), ((1333, 750), 3), ((1000, 1000), 5), ((300, 900), 5)])
def test_detector_windows_are_listed_once(shape, n):
    # a 16:9 frame: the tiles are as tall as the frame, so the grid's two rows coincide
    wins = P._squares(*shape, 2)
    assert len(wins) == n and len(set(wins)) == n
    assert wins[0][2] == max(shape)  # the letterboxed frame still comes first


@pytest.mark.parametrize("radius", [1, 3, 7, 8, 13, 38, 70])
def test_dilate_on_the_crop_is_the_whole_frame_dilation(rng, radius):
    import cv2

    for case in range(6):
        m = np.zeros((60, 80), bool)
        if case == 1:
            m[0, 0] = m[59, 79] = True         # corners: the crop is the whole frame
        elif case == 2:
            m[20:24, 30:33] = True             # one blob in the middle
        elif case >= 3:
            m = rng.random((60, 80)) > 0.995   # scattered pixels
        want = cv2.dilate(m.astype(np.uint8), _disk(radius)) > 0
        assert np.array_equal(_dilate(m, radius), want), (case, radius)


@pytest.mark.parametrize("radius", [1, 2, 8, 21, 38])
@pytest.mark.parametrize("shape", [(60, 80), (5, 90), (90, 5), (1, 1)])
def test_disk_rows_give_the_disk_dilation(rng, radius, shape):
    # every row of the disk is a centred run (what the row-by-row dilation relies on),
    # and the union of the shifted line dilations is cv2.dilate's, borders included
    # (frames shorter than the disk: shifts beyond the frame are skipped)
    import cv2

    from creative_tools.person.selfie_gate import _dilate_by_rows

    for row in _disk(radius):
        cols = np.flatnonzero(row)
        assert len(cols) == cols[-1] - cols[0] + 1 and cols[0] + cols[-1] == 2 * radius
    for density in (0.0005, 0.02, 0.5):
        m = (rng.random(shape) < density).astype(np.uint8)
        m[0, -1] = 1  # a pixel on the border
        assert np.array_equal(_dilate_by_rows(m, radius), cv2.dilate(m, _disk(radius))), (radius, density)


def test_symmetric_3x3_solve_matches_numpy(rng):
    a = rng.normal(size=(5, 7, 3, 3)).astype(np.float32)
    v = a @ np.swapaxes(a, -1, -2) + 0.1 * np.eye(3, dtype=np.float32)   # symmetric, positive
    y = rng.normal(size=(5, 7, 3)).astype(np.float32)
    got = _solve_sym3({(i, j): v[..., i, j] for i in range(3) for j in range(i, 3)}, y)
    want = np.linalg.solve(v.astype(np.float64), y[..., None].astype(np.float64))[..., 0]
    assert got.dtype == np.float32 and got.shape == y.shape
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-3)


def _guided_reference(image, prob, radius, eps):
    """He et al.'s colour guided filter written out in float64 (no subsampling)."""
    import cv2

    I = image.astype(np.float64) / 255.0
    p = prob.astype(np.float64)
    k = (2 * radius + 1, 2 * radius + 1)

    def box(x):
        return cv2.boxFilter(x, -1, k, borderType=cv2.BORDER_REFLECT)

    mI, mp = box(I), box(p)
    cov = box(I * p[..., None]) - mI * mp[..., None]
    var = np.empty(p.shape + (3, 3))
    for i in range(3):
        for j in range(3):
            var[..., i, j] = box(I[..., i] * I[..., j]) - mI[..., i] * mI[..., j]
    a = np.linalg.solve(var + eps * np.eye(3), cov[..., None])[..., 0]
    b = mp - (a * mI).sum(-1)
    q = (box(a) * I).sum(-1) + box(b)
    return np.clip(q, 0, 1)


def test_guided_filter_is_the_reference_filter(rng):
    image = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    image[:, 25:] //= 3                                      # an edge to follow
    prob = np.zeros((40, 50), np.float32)
    prob[5:35, 10:30] = 1.0
    got = guided_filter(image, prob, radius=4, eps=1e-2)
    assert got.dtype == np.float32 and got.shape == prob.shape
    np.testing.assert_allclose(got, _guided_reference(image, prob, 4, 1e-2), atol=1e-4)


class _Recorder:
    """A stand-in for the landmark net: records its input, answers zeros."""

    def __init__(self):
        self.inputs = []

    def __call__(self, x):
        self.inputs.append(x.copy())
        return {"Identity": np.zeros((195,), np.float32), "Identity_1": np.zeros((1,), np.float32),
                "Identity_2": np.zeros((256, 256, 1), np.float32)}


@pytest.mark.parametrize("roi", [(60.0, 50.0, 40.0, 0.0), (30.0, 70.0, 50.0, 0.7), (5.0, 5.0, 30.0, 0.0),
                                 (110.0, 90.0, 60.0, -2.0)])
def test_the_crop_reads_only_its_sample_box(rng, roi):
    # the gate skips the painted view when no painted pixel lies in this box: the crop
    # the landmark model would see is then the image's own crop
    image = rng.integers(0, 256, (100, 120, 3), dtype=np.uint8)
    rows, cols = M._sample_box(roi, 100, 120)
    outside = np.ones((100, 120), bool)
    outside[rows, cols] = False
    assert outside.any() and not outside.all()
    other = image.copy()
    other[outside] = 255 - other[outside]
    net = _Recorder()
    P.segment_person(net, image, roi)
    P.segment_person(net, other, roi)
    assert np.array_equal(net.inputs[0], net.inputs[1])
    # and it is not vacuous: changing a pixel inside the box changes the crop
    cy, cx = (rows.start + rows.stop) // 2, (cols.start + cols.stop) // 2
    other[cy - 2:cy + 3, cx - 2:cx + 3] = 255 - image[cy - 2:cy + 3, cx - 2:cx + 3]
    P.segment_person(net, other, roi)
    assert not np.array_equal(net.inputs[0], net.inputs[2])


@needs_models
@pytest.mark.parametrize("shape, box", [((300, 900), (40, 30, 200, 250)), ((900, 300), (10, 600, 290, 890)),
                                        ((400, 400), (100, 100, 150, 150)), ((300, 900), (0, 0, 900, 300)),
                                        ((300, 900), (850, 0, 900, 300)), ((200, 500), (0, 199, 1, 200))])
def test_selfie_map_in_a_box_is_the_whole_map_there(rng, shape, box):
    from creative_tools.person.runtime import load_nets

    nets = load_nets(["selfie", "selfie_landscape"], num_threads=None)
    image = rng.integers(0, 256, shape + (3,), dtype=np.uint8)
    full = M.selfie_ensemble_prob(nets, image)
    part = M.selfie_ensemble_prob(nets, image, box=box)
    x0, y0, x1, y1 = box
    assert part.shape == full.shape and part.dtype == np.float32
    assert np.array_equal(part[y0:y1, x0:x1], full[y0:y1, x0:x1])
    outside = np.ones(shape, bool)
    outside[y0:y1, x0:x1] = False
    assert not part[outside].any()  # nothing outside the box (it is computed there only)
    # the mirrored view: the mean of the frame's map and its mirror's map mirrored back
    mirror = M.selfie_ensemble_prob(nets, np.ascontiguousarray(image[:, ::-1]), flip=False)
    direct = M.selfie_ensemble_prob(nets, image, flip=False)
    assert np.array_equal(full, ((direct + mirror[:, ::-1]) * 0.5).astype(np.float32))
    for flip in (False, True):  # each branch (the mirrored view's box is the box mirrored)
        whole = M.selfie_ensemble_prob(nets, image, flip=flip)
        assert np.array_equal(M.selfie_ensemble_prob(nets, image, flip=flip, box=box)[y0:y1, x0:x1],
                              whole[y0:y1, x0:x1])


def test_thread_count_is_checked():
    from creative_tools.errors import ContractError
    from creative_tools.person.runtime import load_nets, usable_cores

    assert usable_cores() >= 1
    with pytest.raises(ContractError, match="num_threads"):
        load_nets(["selfie"], num_threads=0)


@needs_models
def test_threads_do_not_change_the_mask(hard):
    # the default runs each interpreter on every usable core; one thread gives the same mask
    r = hard.FAMILIES["person_groups"]("tune")[1]
    one = M.MediaPipePerson(num_threads=1).segment(r["creative"])
    two = M.MediaPipePerson(num_threads=2).segment(r["creative"])
    assert one.any() and np.array_equal(one, two)


def _parts_on_the_whole_frame(selfie, person, band, min_area):
    # selfie_parts as it was: the labels of the whole frame
    import cv2

    near = _dilate(person, band) if band > 0 else person.astype(bool)
    rest = ((selfie > 0.5) & ~near).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    order = np.argsort(-stats[1:, cv2.CC_STAT_AREA], kind="stable") + 1
    return near, [(labels == i, (int(stats[i, 0]), int(stats[i, 1]), int(stats[i, 0] + stats[i, 2]),
                                 int(stats[i, 1] + stats[i, 3])), int(stats[i, 4]))
                  for i in order if stats[i, 4] >= min_area]


@pytest.mark.parametrize("seed", range(6))
def test_selfie_parts_on_their_box_are_the_whole_frame_parts(seed):
    # parts labelled on the box of the map beyond the band: the same parts, boxes,
    # areas and order (equal areas too: squares of one size at odd offsets) as on
    # the whole frame
    from creative_tools.person.selfie_gate import selfie_parts

    rng = np.random.default_rng(seed)
    h, w = 90 + seed, 120 - seed
    selfie = np.zeros((h, w), np.float32)
    for _ in range(6):  # equal squares: ties in area
        y, x = rng.integers(1, h - 6), rng.integers(1, w - 6)
        selfie[y:y + 4, x:x + 4] = 0.9
    selfie[rng.random((h, w)) > 0.97] = 0.8  # specks (below min_area, some touching squares)
    person = np.zeros((h, w), bool)
    person[rng.integers(0, h - 10):, :5] = True
    near, parts = selfie_parts(selfie, person, band=3, min_area=4)
    want_near, want = _parts_on_the_whole_frame(selfie, person, 3, 4)
    assert np.array_equal(near, want_near)
    assert len(parts) == len(want) and len(parts) >= 2
    for part, (mask, box, area) in zip(parts, want):
        assert part.box == box and part.area == area
        assert np.array_equal(part.mask, mask)
    # nothing beyond the band: no part
    assert selfie_parts(np.zeros((h, w), np.float32), person, band=3, min_area=1)[1] == []


@pytest.mark.parametrize("top", [10, 11])
def test_selfie_parts_keep_the_order_of_equal_parts(top):
    # two parts of one area: the left one a row lower. OpenCV labels 2 x 2 blocks, so
    # on a box whose corner row is odd the left part would come first; on the whole
    # frame (and on the box cornered on even coordinates) the upper one does
    from creative_tools.person.selfie_gate import selfie_parts

    selfie = np.zeros((40, 90), np.float32)
    selfie[top:top + 4, 50:54] = 0.9      # upper, right
    selfie[top + 1:top + 5, 20:24] = 0.9  # lower, left
    person = np.zeros((40, 90), bool)
    person[38:, 85:] = True
    _, parts = selfie_parts(selfie, person, band=1, min_area=4)
    _, want = _parts_on_the_whole_frame(selfie, person, 1, 4)
    assert [p.box for p in parts] == [b for _, b, _ in want]
