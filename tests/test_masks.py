import cv2
import numpy as np
import pytest

from creative_tools import ContractError
from creative_tools import masks as M


def square(h=20, w=20, y0=5, y1=10, x0=5, x1=10):
    m = np.zeros((h, w), bool)
    m[y0:y1, x0:x1] = True
    return m


def test_dilate_erode_by_exact_radius():
    m = square()
    d = M.dilate(m, 2)
    # A disc of radius 2 grows a 5x5 square to 9x9 minus the rounded corners.
    assert d[3:12, 3:12].sum() == 81 - 4 * 3
    assert d.sum() == 81 - 12 and not d[2].any() and not d[:, 12].any()
    assert (M.erode(d, 2) == m).all()
    assert M.erode(m, 3).sum() == 0


def test_functions_are_pure():
    m = square()
    before = m.copy()
    for out in (M.dilate(m, 1), M.erode(m, 1), M.close(m, 1), M.open_(m, 1), M.remove_small(m, 3),
                M.fill_holes(m), M.merge([m], dilate_px=1)):
        assert out is not m
    assert (m == before).all()
    assert M.dilate(m, 0) is not m and (M.dilate(m, 0) == m).all()


def test_close_bridges_gap_but_not_border():
    m = np.zeros((10, 20), bool)
    m[3:7, 2:8] = True
    m[3:7, 10:16] = True  # 2-px gap at columns 8-9
    c = M.close(m, 2)
    assert c[4:6, 8:10].all()
    assert not c[:, 0].any() and not c[0].any()  # nothing glued to the border


def test_remove_small_and_fill_holes():
    m = np.zeros((10, 10), bool)
    m[0, 0] = True            # 1 px
    m[2:5, 2:5] = True        # 9 px with a hole below
    m[3, 3] = False
    assert M.remove_small(m, 2).sum() == 8
    assert M.remove_small(m, 9).sum() == 0  # 8 px < 9
    f = M.fill_holes(m)
    assert f[3, 3] and f.sum() == 10
    assert M.fill_holes(m, max_area=0)[3, 3] == False  # noqa: E712


def test_feather_range_and_identity():
    m = square(y0=2, y1=18, x0=2, x1=18)
    f = M.feather(m, 3)
    assert f.dtype == np.float32 and f.min() >= 0 and f.max() <= 1
    assert 0 < f[10, 1] < 0.5 < f[10, 2] < 1 and f[10, 10] > 0.99 and f[0, 0] < 0.05
    assert (M.feather(m, 0) == m).all()


def test_merge_per_source_dilation_and_min_area():
    person = square(y0=2, y1=4, x0=2, x1=4)          # 4 px
    text = np.zeros((20, 20), bool)
    text[15, 15] = True                              # 1 px
    out = M.merge({"person": person, "text": text}, dilate_px={"person": 1, "text": 0}, min_area=2)
    assert out.sum() == 4 + 8 and not out[15, 15]    # 2x2 grown by a radius-1 disc = 12 px
    with pytest.raises(ContractError, match="unknown masks"):
        M.merge({"person": person}, dilate_px={"logo": 1})
    with pytest.raises(ContractError, match=r"like masks\['person'\]"):
        M.merge({"person": person, "text": np.zeros((3, 3), bool)})
    with pytest.raises(ContractError, match="at least one"):
        M.merge({})


def test_bad_radius():
    for r in (-1, 1.5, True):
        with pytest.raises(ContractError, match="radius"):
            M.dilate(square(), r)


def test_area_stats():
    m = square()
    m[15, 15] = True
    assert M.area_stats(m) == {"pixels": 26, "fraction": 0.065, "components": 2, "largest": 25}
    assert M.area_stats(np.zeros((3, 3), bool))["largest"] == 0


@pytest.mark.parametrize("case, expected", [
    ("empty", {"pixels": 0, "fraction": 0.0, "components": 0, "largest": 0}),
    ("no_pixels_at_all", {"pixels": 0, "fraction": 0.0, "components": 0, "largest": 0}),
    ("full", {"pixels": 12, "fraction": 1.0, "components": 1, "largest": 12}),
    ("diagonal_touch", {"pixels": 2, "fraction": 0.166667, "components": 1, "largest": 2}),
    ("far_corners", {"pixels": 3, "fraction": 0.25, "components": 2, "largest": 2}),
    ("strided", {"pixels": 3, "fraction": 0.5, "components": 2, "largest": 2}),
])
def test_area_stats_cases(case, expected):
    """Counts on the mask's bounding box (session 10) are those of the whole mask."""
    m = np.zeros((3, 4), bool)
    if case == "no_pixels_at_all":
        m = np.zeros((0, 4), bool)
    elif case == "full":
        m[:] = True
    elif case == "diagonal_touch":  # 8-connected: one component
        m[0, 1] = m[1, 2] = True
    elif case == "far_corners":
        m[0, 0] = m[2, 3] = m[2, 2] = True
    elif case == "strided":  # a view with strides: rows 0 and 2, columns 0, 2 and 4 of a 3x6
        big = np.zeros((3, 6), bool)
        big[0, 0] = big[0, 4] = big[2, 4] = True
        m = big[::2, ::2]
    assert M.area_stats(m) == expected


def test_components_small_case_by_hand():
    m = np.zeros((5, 7), bool)
    m[0, 0] = True            # a lone pixel
    m[1:4, 3:6] = True        # a 3 x 3 square ...
    m[4, 6] = True            # ... with a diagonal neighbour (8- but not 4-connected)
    n, labels, st = M.components(m)
    assert n == 3
    assert st.tolist() == [[0, 0, 7, 5, 24], [0, 0, 1, 1, 1], [3, 1, 4, 4, 10]]
    assert labels[4, 6] == labels[2, 4] == 2
    n4, _, st4 = M.components(m, connectivity=4)
    assert n4 == 4 and st4[3].tolist() == [6, 4, 1, 1, 1]
    _, _, area_only = M.components(m, stats=False)
    assert area_only[:, 4].tolist() == [24, 1, 10] and not area_only[:, :4].any()


@pytest.mark.parametrize("connectivity", [4, 8])
def test_components_equal_opencv_labels_and_stats(connectivity):
    rng = np.random.default_rng(24)
    shapes = [(1, 1), (1, 9), (9, 1), (37, 53), (120, 90)]
    for t in range(60):
        h, w = shapes[t % len(shapes)]
        m = rng.random((h, w)) < rng.random() ** 2
        if t % 4 == 1:
            m = cv2.dilate(m.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        if t % 10 == 3:
            m[:] = True   # no background: OpenCV's empty row
        if t % 10 == 7:
            m[:] = False
        src = m.astype(np.uint8) * 255 if t % 3 == 0 else m   # uint8 non-zero is foreground too
        n, labels, st, _ = cv2.connectedComponentsWithStats(m.view(np.uint8), connectivity=connectivity,
                                                            ltype=cv2.CV_32S)
        n2, labels2, st2 = M.components(src, connectivity=connectivity)
        assert n2 == n
        np.testing.assert_array_equal(labels2, labels)
        np.testing.assert_array_equal(st2, st)
        assert st2.dtype == np.int32 and labels2.dtype == np.int32


def test_components_bad_input():
    with pytest.raises(ContractError, match="connectivity"):
        M.components(np.zeros((3, 3), bool), connectivity=6)
    with pytest.raises(ContractError, match="2-D"):
        M.components(np.zeros((3, 3, 1), bool))
    with pytest.raises(ContractError, match="2-D"):
        M.components(np.zeros((3, 3), np.float32))
