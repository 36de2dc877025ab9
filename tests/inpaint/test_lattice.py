"""Periodic fill from the texture's lattice (creative_tools.inpaint.lattice)."""

import numpy as np
import pytest

import creative_tools as ct
from creative_tools.inpaint.lattice import (
    Lattice,
    find_lattice,
    lattice_fill,
    lattice_predict,
)


def tiles(h=200, w=260, tw=24, th=15, seed=0):
    """Offset rows of tiles (th x tw px) with 2-px grout, tinted per tile, light noise: a 2-D lattice."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    row = y // th
    xx = x + (tw // 2) * (row % 2)
    img = np.zeros((h, w, 3), np.float32) + (180, 110, 80)
    img[((y % th) < 2) | ((xx % tw) < 2)] = (235, 228, 215)
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def ellipse(h, w, cy, cx, ry, rx):
    y, x = np.mgrid[0:h, 0:w]
    return ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 < 1


def psnr(a, b, m):
    mse = float(((a.astype(float) - b.astype(float))[m] ** 2).mean())
    return 10 * np.log10(255 ** 2 / max(mse, 1e-9))


def test_lattice_vectors_of_offset_tiles_span_the_tiling():
    img = tiles()
    hole = ellipse(200, 260, 100, 130, 40, 30)
    lat = find_lattice(img, hole)
    assert lat is not None and lat.b is not None
    # every true translate (0, 24) and (15, 12) is an integer combination of a and b
    # (found on a 96-px copy: within a small pixel, 2.7 px here)
    basis = np.array([lat.a, lat.b]).T
    for v in [(0.0, 24.0), (15.0, 12.0)]:
        c = np.linalg.solve(basis, np.array(v))
        assert np.allclose(c, np.rint(c), atol=0.25), (lat, v, c)
    # ... and the cell they span is one tile (area 15 * 24)
    area = abs(lat.a[0] * lat.b[1] - lat.a[1] * lat.b[0])
    assert abs(area - 15 * 24) < 0.2 * 15 * 24, lat


@pytest.mark.parametrize("kind", ["noise", "blurred_noise", "gradient", "flat"])
def test_no_lattice_on_textures_that_do_not_repeat(kind):
    import cv2

    rng = np.random.default_rng(1)
    h, w = 200, 260
    if kind == "noise":
        img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    elif kind == "blurred_noise":  # a photo-like texture: correlated, but no repeat
        img = cv2.GaussianBlur(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), (0, 0), 3)
        img = cv2.normalize(img, None, 0, 255, cv2.NORM_MINMAX)
    elif kind == "gradient":
        y, x = np.mgrid[0:h, 0:w]
        img = np.dstack([x, y, x + y]).astype(np.uint8)
    else:
        img = np.full((h, w, 3), 120, np.uint8)
    hole = ellipse(h, w, 100, 130, 40, 30)
    assert find_lattice(img, hole) is None
    assert lattice_fill(img, hole)[0] is None


def test_lattice_fill_predicts_a_tiled_wall_in_phase():
    img = tiles()
    hole = ellipse(200, 260, 100, 130, 50, 40)
    shown = img.copy()
    shown[hole] = 30
    filled, ratio = lattice_fill(shown, hole)
    assert filled is not None and ratio < 0.5
    np.testing.assert_array_equal(filled[~hole], shown[~hole])
    assert psnr(filled, img, hole) > 30  # the noise alone is ~38 dB; a flat fill ~13 dB
    auto_old = ct.load("inpaint", "auto", lattice=0.0)(shown, hole)
    assert psnr(auto_old, img, hole) < psnr(filled, img, hole) - 8


def test_stripes_are_a_one_dimensional_lattice():
    h, w = 160, 200
    x = np.mgrid[0:h, 0:w][1]
    img = np.repeat((68 + 120 * ((x // 6) % 2))[..., None], 3, 2).astype(np.uint8)
    hole = ellipse(h, w, 80, 100, 40, 30)
    lat = find_lattice(img, hole)
    # a period of 12 across the stripes (any step along them is a translate too)
    assert lat is not None and abs(abs(lat.a[1]) - 12) < 2.5, lat
    filled, _ = lattice_fill(img, hole)
    assert filled is not None and psnr(filled, img, hole) > 35


def test_lattice_fill_leaves_a_hole_it_cannot_reach():
    img = tiles(60, 60)
    hole = np.ones((60, 60), bool)
    hole[0, 0] = False
    assert lattice_fill(img, hole)[0] is None


def test_shifts_are_nearest_first_and_predict_takes_the_k_nearest_known():
    lat = Lattice((0.0, 4.0), None, 1.0)
    sh = lat.shifts(10)
    assert sh.tolist() == [[0, -4], [0, 4], [0, -8], [0, 8]]
    img = np.arange(20, dtype=np.float32).reshape(1, 20, 1)
    known = np.ones((1, 20), bool)
    known[0, 6] = False
    pred, cnt = lattice_predict(img, np.array([0, 0]), np.array([10, 2]), known, sh, k=2)
    # x=10: 6 is unknown, so 14 and 2; x=2: -2 and -6 outside, 6 unknown, only 10
    assert cnt.tolist() == [2, 1]
    assert pred[:, 0].tolist() == [8.0, 10.0]


def test_auto_fills_a_tiled_wall_from_its_lattice_and_changes_nothing_else():
    img = tiles(240, 320)
    hole = ellipse(240, 320, 130, 160, 60, 45)
    hole |= ellipse(240, 320, 30, 40, 6, 30)  # a text-like stroke: not a lattice hole
    shown = img.copy()
    shown[hole] = 20
    out = ct.load("inpaint", "auto")(shown, hole)
    np.testing.assert_array_equal(out[~hole], shown[~hole])
    big = ellipse(240, 320, 130, 160, 60, 45)
    assert psnr(out, img, big) > 28


@pytest.mark.parametrize("opts", [{"lattice": -0.1}, {"floor": 1.5}, {"floor": -0.2}])
def test_auto_rejects_bad_lattice_and_floor_options(opts):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=next(iter(opts))):
        ct.load("inpaint", "auto", **opts)


def test_lattice_fill_checks_shapes():
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match="hole must have shape"):
        lattice_fill(np.zeros((10, 10, 3), np.uint8), np.zeros((10, 11), bool))


def test_auto_lattice_with_a_haloed_ring_changes_only_the_mask():
    """A dark 2-px halo left around the hole: the guard band is read by nobody and never written."""
    import cv2

    img = tiles(240, 320)
    hole = ellipse(240, 320, 120, 160, 55, 45)
    halo = (cv2.dilate(hole.view(np.uint8), np.ones((5, 5), np.uint8)) > 0) & ~hole
    shown = img.copy()
    shown[hole] = 20
    shown[halo] = (shown[halo] * 0.3).astype(np.uint8)
    auto = ct.load("inpaint", "auto")
    assert auto.haloed(shown, hole).any()
    out = auto(shown, hole)
    np.testing.assert_array_equal(out[~hole], shown[~hole])
    assert psnr(out, img, hole) > 26


def _strokes(h, w):
    """Thin text-like strokes (3 px wide), too thin for the wide-hole fill."""
    m = np.zeros((h, w), bool)
    for i in range(5):
        m[60 + 2 * i:63 + 2 * i, 40 + 30 * i:60 + 30 * i] = True
        m[50:80, 45 + 30 * i:48 + 30 * i] = True
    return m


def test_auto_fills_text_strokes_on_a_tiled_plate_from_the_lattice():
    img = tiles(200, 260)
    m = _strokes(200, 260)
    shown = img.copy()
    shown[m] = (250, 250, 250)
    new = ct.load("inpaint", "auto")(shown, m)
    old = ct.load("inpaint", "auto", lattice=0.0)(shown, m)
    np.testing.assert_array_equal(new[~m], shown[~m])
    assert psnr(new, img, m) > psnr(old, img, m) + 6, (psnr(new, img, m), psnr(old, img, m))


def test_auto_leaves_text_strokes_on_a_photo_to_the_membrane():
    import cv2

    rng = np.random.default_rng(2)
    img = cv2.GaussianBlur(rng.integers(0, 256, (200, 260, 3), dtype=np.uint8), (0, 0), 3)
    m = _strokes(200, 260)
    new = ct.load("inpaint", "auto")(img, m)
    old = ct.load("inpaint", "auto", lattice=0.0)(img, m)
    np.testing.assert_array_equal(new, old)


def test_lattice_retry_fills_the_hole_on_tiles_when_its_group_is_refused():
    """Two nearby holes, one on tiles and a larger one on noise: the group fails, the tile hole alone does not."""
    rng = np.random.default_rng(5)
    img = tiles(240, 400)
    img[:, 200:] = rng.integers(0, 256, (240, 200, 3), dtype=np.uint8)
    tile_hole = ellipse(240, 400, 120, 110, 30, 25)
    noise_hole = ellipse(240, 400, 120, 290, 80, 60)
    m = tile_hole | noise_hole
    shown = img.copy()
    shown[m] = 0
    plain = ct.load("inpaint", "auto")(shown, m)
    retry = ct.load("inpaint", "auto", lattice_retry=True)(shown, m)
    np.testing.assert_array_equal(retry[~m], shown[~m])
    assert psnr(retry, img, tile_hole) > 28
    assert psnr(retry, img, tile_hole) > psnr(plain, img, tile_hole) + 5


def receding_tiles(h=240, w=400, tw=30, th=20, k=2.0, seed=0):
    """Offset rows of tiles whose width shrinks from ``tw`` at the left to ``tw / (1 + k)`` at the right.

    A wall seen at an angle: its lattice changes across the image, so no one lattice
    predicts the whole ring of a large hole.
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    u = x + 0.5 * k * x * x / w  # du/dx = 1 + k x / w
    uu = u + (tw / 2) * (np.floor(y / th) % 2)
    img = np.zeros((h, w, 3), np.float32) + (180, 110, 80)
    img[((y % th) < 2) | ((uu % tw) < 2 * (1 + k * x / w))] = (235, 228, 215)
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def test_lattice_cells_fill_a_perspective_texture_the_whole_hole_lattice_refuses():
    """Failure class: a large hole on a receding tiled wall (one lattice fails its band check)."""
    img = receding_tiles()
    hole = ellipse(240, 400, 120, 200, 84, 120)
    shown = img.copy()
    shown[hole] = 20
    whole, ratio = lattice_fill(shown, hole, accept=0.5)
    assert whole is None and 0.5 < ratio < 4.0  # a lattice, refused for the whole hole
    plain = ct.load("inpaint", "auto", lattice_cells=0)(shown, hole)
    cells = ct.load("inpaint", "auto", lattice_cells=64)(shown, hole)
    default = ct.load("inpaint", "auto")(shown, hole)  # lattice_cells=96
    for out in (cells, default):
        np.testing.assert_array_equal(out[~hole], shown[~hole])
    assert psnr(cells, img, hole) > psnr(plain, img, hole) + 3
    assert psnr(default, img, hole) > psnr(plain, img, hole) + 2


def test_lattice_cells_leave_photos_to_the_other_fills():
    """No lattice near the hole (noise): the cells are not tried and the fill is the same."""
    rng = np.random.default_rng(3)
    img = cv2_blur(rng.integers(0, 256, (200, 300, 3), dtype=np.uint8))
    hole = ellipse(200, 300, 100, 150, 70, 90)
    shown = img.copy()
    shown[hole] = 0
    plain = ct.load("inpaint", "auto", lattice_cells=0)(shown, hole)
    cells = ct.load("inpaint", "auto", lattice_cells=64)(shown, hole)
    np.testing.assert_array_equal(cells, plain)


def cv2_blur(img):
    import cv2

    return cv2.GaussianBlur(img, (0, 0), 2.0)


@pytest.mark.parametrize("opts", [{"lattice_cells": -1}, {"cell_gate": -1.0}, {"cell_size": 8}])
def test_auto_rejects_bad_lattice_cell_options(opts):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=next(iter(opts))):
        ct.load("inpaint", "auto", **opts)


def _predict_one_shift_at_a_time(image, ys, xs, known, shifts, k):
    """lattice_predict as first written: each shift's known translates added in turn."""
    h, w = known.shape
    acc = np.zeros((len(ys), image.shape[2]), np.float64)
    cnt = np.zeros(len(ys), np.int64)
    active = np.arange(len(ys))
    for dy, dx in shifts:
        ty, tx = ys[active] + dy, xs[active] + dx
        ok = (ty >= 0) & (ty < h) & (tx >= 0) & (tx < w)
        ok[ok] &= known[ty[ok], tx[ok]]
        acc[active[ok]] += image[ty[ok], tx[ok]]
        cnt[active[ok]] += 1
        active = active[cnt[active] < k]
    pred = (acc / np.maximum(cnt, 1)[:, None]).astype(np.float32)
    pred[cnt == 0] = np.nan
    return pred, cnt


def _pair_error_one_shift(img, ys, xs, known, dy, dx):
    h, w = known.shape
    ty, tx = ys + dy, xs + dx
    ok = (ty >= 0) & (ty < h) & (tx >= 0) & (tx < w)
    ok[ok] &= known[ty[ok], tx[ok]]
    if ok.sum() < 32:
        return float("inf")
    d = img[ys[ok], xs[ok]] - img[ty[ok], tx[ok]]
    return float(np.mean(d * d))


@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_fast_predict_is_bit_exact_against_one_shift_at_a_time_wrong_sum_order(
        dtype):
    # lattice_predict gathers all shifts and sums by bincount: the float64 sums must be
    # the ones of adding each shift's translate in turn (same order, from 0.0), bit for
    # bit, on float images too (where a different order rounds differently), with
    # translates outside the crop (negative ones included) and unknown pixels skipped.
    from creative_tools.inpaint.lattice import lattice_predict

    rng = np.random.default_rng(5)
    for t in range(40):
        h, w = (int(v) for v in rng.integers(12, 90, 2))
        if dtype is np.uint8:
            image = (rng.random((h, w, 3)) * 255).astype(dtype)
        else:  # magnitudes far apart: a float64 sum of four depends on the order
            image = (10.0 ** rng.uniform(-12, 12, (h, w, 3))).astype(dtype)
        if t % 3 == 0:
            image = np.pad(image, ((2, 2), (2, 2), (0, 0)))[2:-2, 2:-2]  # a view
        known = rng.random((h, w)) < rng.uniform(0.2, 0.95)
        ys, xs = np.nonzero(rng.random((h, w)) < 0.4)
        b = tuple(rng.uniform(-15, 15, 2)) if t % 2 else None
        lat = Lattice(tuple(rng.uniform(-15, 15, 2)), b, 1.0)
        sh = lat.shifts(float(rng.uniform(4, 120)))
        k = int(rng.integers(1, 6))
        want, wcnt = _predict_one_shift_at_a_time(image, ys, xs, known, sh, k)
        got, gcnt = lattice_predict(image, ys, xs, known, sh, k=k)
        assert np.array_equal(gcnt, wcnt)
        assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_fast_pair_errors_are_bit_exact_against_one_shift_at_a_time_wrong_mean():
    # _refine's pair errors for a grid of shifts in one gather: each shift's mean over
    # its own known pairs must equal the one-shift computation exactly (inf below 32
    # pairs), so the refined lattice, and every fill from it, is unchanged.
    from creative_tools.inpaint.lattice import _pair_errors

    rng = np.random.default_rng(6)
    seen = []
    for _ in range(30):
        h, w = (int(v) for v in rng.integers(10, 120, 2))
        img = (rng.random((h, w)) * 255).astype(np.float32)
        known = rng.random((h, w)) < rng.uniform(0.05, 0.95)
        ys, xs = np.nonzero(rng.random((h, w)) < 0.3)
        shifts = rng.integers(-w, w, (25, 2))
        got = _pair_errors(img, ys, xs, known, shifts)
        want = [_pair_error_one_shift(img, ys, xs, known, int(dy), int(dx))
                for dy, dx in shifts]
        assert got == want
        seen += want
    assert np.isinf(seen).any() and np.isfinite(seen).any()  # both branches compared


def test_lattice_retry_keeps_the_squares_fill_overwritten_retry():
    """Failure class ``overwritten retry``: with ``lattice_retry`` a group refused on a
    receding wall had its holes' squares filled, then the retry refilled the smaller
    hole whole over them (21.52 dB there against the squares' 22.65)."""
    img = receding_tiles(240, 480)
    big = ellipse(240, 480, 120, 310, 90, 130)
    small = ellipse(240, 480, 100, 70, 30, 60) & ~big
    m = big | small
    shown = img.copy()
    shown[m] = 20
    plain = ct.load("inpaint", "auto")(shown, m)
    retry = ct.load("inpaint", "auto", lattice_retry=True)(shown, m)
    none = ct.load("inpaint", "auto", lattice_cells=0)(shown, m)
    assert psnr(plain, img, small) > psnr(none, img, small) + 5  # the squares filled it
    np.testing.assert_array_equal(retry, plain)  # and the retry left it to them


@pytest.mark.parametrize("cells", [1, 8, 15])
def test_auto_rejects_lattice_cells_too_small_to_fill_anything(cells):
    """Failure class ``silent no-op``: squares under 16 px never hold ``lattice_min``
    pixels (at 1 px the pass walked every pixel and filled nothing)."""
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match="lattice_cells"):
        ct.load("inpaint", "auto", lattice_cells=cells)
    ct.load("inpaint", "auto", lattice_cells=16)  # the smallest allowed


def test_lattice_cells_on_holes_at_the_border_and_haloed_change_only_the_mask():
    """Squares clipped by the image's edges (a hole in the top-left corner, one on the
    right and bottom edges) and a haloed hole (``fill`` wider than ``mask``): no crash,
    nothing outside the mask changes, and the squares fill each hole."""
    import cv2

    h, w = 300, 480
    img = receding_tiles(h, w)
    corner = ellipse(h, w, 0, 0, 90, 130)
    edge = ellipse(h, w, h, w, 90, 150)
    mid = ellipse(h, w, 140, 250, 60, 80) & ~edge & ~corner
    halo = (cv2.dilate(mid.view(np.uint8), np.ones((5, 5), np.uint8)) > 0) & ~mid
    m = corner | edge | mid
    shown = img.copy()
    shown[m] = 20
    shown[halo] = (shown[halo] * 0.3).astype(np.uint8)
    auto = ct.load("inpaint", "auto")
    assert auto.haloed(shown, m)[mid].all()
    out = auto(shown, m)
    none = ct.load("inpaint", "auto", lattice_cells=0)(shown, m)
    np.testing.assert_array_equal(out[~m], shown[~m])
    for part in (corner, edge, mid):
        assert (out[part] != none[part]).any()
