"""DB post-processing's exact speed-ups: the bent regions' rectangles from the ends of
their rows give the same rectangles, pieces and boxes bit for bit as from every pixel."""

import cv2
import numpy as np
import pytest

from creative_tools.text import db


def _plain_rect(pts):
    return cv2.minAreaRect(np.asarray(pts, np.float32).reshape(-1, 1, 2))


def _reference_pieces(pts, *, bent=0.7, depth=3, cuts=15, min_pixels=12):
    """``straight_pieces`` as first written: every pixel into ``cv2.minAreaRect``, the parts copied."""
    def fill(p):
        (_, _), (rw, rh), _ = _plain_rect(p)
        return len(p) / max((rw + 1.0) * (rh + 1.0), 1.0)

    pts = np.asarray(pts, np.float32).reshape(-1, 2)
    if len(pts) < min_pixels:
        return []
    if depth <= 0 or fill(pts) >= bent:
        return [pts]
    a = np.deg2rad(_plain_rect(pts)[2])
    best, parts = -1.0, None
    for u in (np.float32([np.cos(a), np.sin(a)]), np.float32([-np.sin(a), np.cos(a)])):
        t = pts @ u
        for c in np.quantile(t, np.linspace(0.1, 0.9, cuts)):
            lo, hi = pts[t <= c], pts[t > c]
            if len(lo) < min_pixels or len(hi) < min_pixels:
                continue
            f = (len(lo) * fill(lo) + len(hi) * fill(hi)) / len(pts)
            if f > best:
                best, parts = f, (lo, hi)
    if parts is None:
        return [pts]
    return [q for part in parts for q in _reference_pieces(part, bent=bent, depth=depth - 1, cuts=cuts,
                                                            min_pixels=min_pixels)]


def _random_mask(rng, i):
    h, w = (int(v) for v in rng.integers(2, 90, 2))
    m = np.zeros((h, w), np.uint8)
    kind = i % 4
    if kind == 0:  # speckle
        m[:] = rng.random((h, w)) < rng.random()
    elif kind == 1:  # a turned rectangle
        box = cv2.boxPoints(((float(rng.uniform(0, w)), float(rng.uniform(0, h))),
                             (float(rng.uniform(1, w)), float(rng.uniform(1, h))), float(rng.uniform(-90, 90))))
        cv2.fillPoly(m, [box.astype(np.int32)], 1)
    elif kind == 2:  # bars that touch
        for _ in range(3):
            x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
            m[y0:y0 + int(rng.integers(1, 20)), x0:x0 + int(rng.integers(1, 40))] = 1
    else:  # an ellipse
        cv2.ellipse(m, (int(rng.integers(0, w)), int(rng.integers(0, h))),
                    (int(rng.integers(1, 40)), int(rng.integers(1, 40))), float(rng.uniform(0, 180)), 0, 360, 1, -1)
    return m


def _pixels(m, shift=(0, 0)):
    return np.argwhere(m)[:, ::-1].astype(np.float32) + np.float32(shift)


def test_rect_from_row_ends_is_min_area_rect_bit_for_bit():
    rng = np.random.default_rng(13)
    reduced = 0
    for i in range(400):
        pts = _pixels(_random_mask(rng, i), rng.integers(0, 900, 2))
        if not len(pts):
            continue
        reduced += len(db._outline(pts)) < len(pts)
        assert db._rect(pts) == _plain_rect(pts), i
    assert reduced > 200  # the outline branch was taken


@pytest.mark.parametrize("name, m", [
    ("one row", np.pad(np.ones((1, 30), np.uint8), 2)),
    ("one column", np.pad(np.ones((30, 1), np.uint8), 2)),
    ("a diagonal, one pixel a row", np.pad(np.eye(20, dtype=np.uint8), 2)),
    ("an L", np.pad(np.block([[np.ones((10, 100)), np.zeros((10, 0))], [np.zeros((40, 95)), np.ones((40, 5))]]), 1)),
    ("a filled square", np.pad(np.ones((20, 20), np.uint8), 3)),
])
def test_rect_named_cases(name, m):
    pts = _pixels(m.astype(np.uint8))
    assert db._rect(pts) == _plain_rect(pts), name


def test_outline_keeps_each_rows_ends_once():
    m = np.zeros((5, 8), np.uint8)
    m[1, 2:7] = 1
    m[2, 3] = 1  # a row of one pixel: once
    m[3, [1, 4, 6]] = 1  # a gap-toothed row: its two ends
    # in the input's order: cv2.convexHull starts the hull where the corners' input order says
    assert db._outline(_pixels(m)).tolist() == [[2, 1], [6, 1], [3, 2], [1, 3], [6, 3]]


def test_outline_leaves_points_out_of_row_order_unchanged():
    pts = _pixels(np.ones((6, 6), np.uint8))[::-1].copy()  # rows falling
    assert db._outline(pts) is pts
    assert db._rows(pts) is None
    small = _pixels(np.ones((2, 3), np.uint8))  # too few points to gain anything
    assert db._outline(small) is small


def test_part_fill_equals_fill_of_the_copied_part():
    rng = np.random.default_rng(5)
    for i in range(200):
        pts = _pixels(_random_mask(rng, i))
        if len(pts) < 2:
            continue
        keep = rng.random(len(pts)) < rng.uniform(0.05, 0.95)
        if i % 3 == 0:  # a half plane, as straight_pieces cuts
            keep = pts @ np.float32([np.cos(i), np.sin(i)]) <= np.median(pts @ np.float32([np.cos(i), np.sin(i)]))
        k = int(keep.sum())
        if k == 0:
            continue
        want = db._fill(pts[keep].copy())
        assert db._part_fill(pts, keep, k, db._rows(pts)) == want, i
        assert db._part_fill(pts, keep, k, None) == want, i  # the copying branch


def _arch():
    m = np.zeros((120, 200), np.uint8)
    cv2.ellipse(m, (100, 110), (80, 80), 0, 180, 360, 1, 12)
    return m


def _vee():
    m = np.zeros((100, 160), np.uint8)
    cv2.line(m, (10, 10), (80, 90), 1, 9)
    cv2.line(m, (80, 90), (150, 20), 1, 9)
    return m


@pytest.mark.parametrize("name, make", [
    ("L", lambda: np.pad(np.block([[np.ones((10, 105))], [np.pad(np.ones((40, 10)), ((0, 0), (95, 0)))]]), 4)),
    ("arch", _arch),
    ("vee", _vee),
])
def test_straight_pieces_same_as_first_written(name, make):
    pts = _pixels(make().astype(np.uint8), (17, 3))
    got, want = db.straight_pieces(pts), _reference_pieces(pts)
    assert len(got) == len(want) > 1, name
    assert all(np.array_equal(a, b) for a, b in zip(got, want)), name
    shuffled = pts[np.random.default_rng(0).permutation(len(pts))]  # rows out of order: the copying branch
    got = db.straight_pieces(shuffled)
    want = _reference_pieces(shuffled)
    assert len(got) == len(want) and all(np.array_equal(a, b) for a, b in zip(got, want)), name


def test_straight_pieces_random_regions_same_as_first_written():
    rng = np.random.default_rng(7)
    for i in range(60):
        pts = _pixels(_random_mask(rng, i))
        got, want = db.straight_pieces(pts, bent=0.8), _reference_pieces(pts, bent=0.8)
        assert len(got) == len(want) and all(np.array_equal(a, b) for a, b in zip(got, want)), i


def test_db_boxes_with_bent_same_as_every_pixel(monkeypatch):
    """The whole of db_boxes(bent=...) on maps with bent regions, against the path that
    gives every pixel to cv2.minAreaRect and copies every part."""
    maps = []
    for make in (_arch, _vee):
        p = make().astype(np.float32) * np.float32(0.9)
        p[::7] *= np.float32(0.6)  # uneven, so the rectangle's mean falls under box_thresh
        maps.append(np.pad(p, ((300, 300), (300, 300))))  # a map large enough for the height rule
    fast = [db.db_boxes(p, bent=0.7, bent_cap=0.79) for p in maps]
    monkeypatch.setattr(db, "_rect", _plain_rect)
    monkeypatch.setattr(db, "_rows", lambda pts: None)
    slow = [db.db_boxes(p, bent=0.7, bent_cap=0.79) for p in maps]
    assert sum(len(f[0]) for f in fast) >= 2  # pieces were found
    for (fp, fs), (sp, ss) in zip(fast, slow):
        assert len(fp) == len(sp) and all(np.array_equal(a, b) for a, b in zip(fp, sp))
        assert np.array_equal(fs, ss)


def _ends_placed(lo, hi, ys):
    """``db._ends`` as first written: each row's left end placed by a cumulative sum."""
    two = hi > lo
    at = np.arange(len(lo)) + np.cumsum(two) - two
    out = np.empty((len(lo) + int(np.count_nonzero(two)), 2), np.float32)
    out[at, 0], out[at, 1] = lo, ys
    out[at[two] + 1, 0], out[at[two] + 1, 1] = hi[two], ys[two]
    return out


def test_ends_hand_case_and_same_as_placed_by_cumsum():
    lo, hi, ys = np.float32([1, 4, 2, 0]), np.float32([3, 4, 7, 0]), np.float32([0, 1, 2, 5])
    assert db._ends(lo, hi, ys).tolist() == [[1, 0], [3, 0], [4, 1], [2, 2], [7, 2], [0, 5]]
    rng = np.random.default_rng(3)
    for _ in range(50):
        m = int(rng.integers(0, 40))
        lo = rng.integers(0, 9, m).astype(np.float32)
        hi = lo + rng.integers(0, 3, m).astype(np.float32)
        ys = np.arange(m, dtype=np.float32)
        got, want = db._ends(lo, hi, ys), _ends_placed(lo, hi, ys)
        assert got.dtype == want.dtype and got.shape == want.shape and (got == want).all()


def _point_sets(rng, n):
    """``(i, pts, rows)`` of the random masks ``0..n-1`` with at least 40 pixels (lazily: a
    caller drawing from ``rng`` between them keeps its draws in order)."""
    for i in range(n):
        pts = _pixels(_random_mask(rng, i))
        if len(pts) >= 40:
            yield i, pts, db._rows(pts)


def _cuts(t, qs):
    """The cuts ``t <= quantile`` at the shares ``qs`` and their kept counts."""
    keeps = [t <= c for c in np.quantile(t, qs)]
    return keeps, [int(np.count_nonzero(k)) for k in keeps]


def _one_cut_at_a_time(pts, keeps, ks, rows):
    return [(db._part_fill(pts, k, n, rows), db._part_fill(pts, ~k, len(pts) - n, rows)) for k, n in zip(keeps, ks)]


def test_part_fills_all_cuts_at_once_equal_one_cut_at_a_time():
    rng = np.random.default_rng(11)
    tried = 0
    for i, pts, rows in _point_sets(rng, 80):
        keeps, ks = _cuts(pts @ np.float32([0.6, 0.8]), [0.2, 0.5, 0.7])
        assert db._part_fills(pts, keeps, ks, rows) == _one_cut_at_a_time(pts, keeps, ks, rows), i
        tried += 1
    assert tried > 20
    assert db._part_fills(pts, [], [], rows) == []


def test_order_clockwise_equals_numpys_stable_argsorts():
    # failure class: the four points sorted another way than numpy's stable argsort
    # (ties kept in input order, -0.0 equal to 0.0, NaN last): another box corner first
    rng = np.random.default_rng(13)
    cases = [np.float32([[0, -0.0], [0.0, 0], [-0.0, 1], [1, 1]]), np.float32([[1, 1]] * 4),
             np.float32([[np.nan, 0], [1, 2], [0, np.nan], [3, 1]])]
    cases += [rng.integers(0, 3, (4, 2)).astype(np.float32) for _ in range(300)]  # many ties
    cases += [rng.normal(0, 50, (4, 2)).astype(np.float32) for _ in range(300)]
    cases += [cv2.boxPoints(((50.0, 40.0), (30.0, 8.0), float(a))) for a in (-90, -45, 0, 30, 45, 90)]
    for q in cases:
        got, want = db.order_clockwise(q), db._order_clockwise_np(np.float32(q))
        assert got.dtype == np.float32 and got.shape == (4, 2)
        assert got.tobytes() == want.tobytes(), q


def test_runs_reads_the_order_of_t_along_each_row():
    m = np.zeros((4, 6), np.uint8)
    m[1, 1:5] = 1
    m[2, 0:3] = 1
    pts = _pixels(m)  # rows (1, 1..4), (2, 0..2)
    rows = db._rows(pts)
    assert rows.tolist() == [0, 4]
    x, y = pts[:, 0], pts[:, 1]
    assert db._runs(x, rows) == 1  # rises along each row: a cut keeps a prefix
    assert db._runs(-x + 10 * y, rows) == -1  # falls along each row (the rows' own step ignored)
    assert db._runs(y, rows) == 1  # flat rows: prefix and suffix are the same
    bent = x.copy()
    bent[1] = 9.0  # falls once inside the first row: neither way
    assert db._runs(bent, rows) == 0
    assert db._runs(x, None) == 0


def test_part_fills_from_runs_equal_the_general_way():
    # failure class: the kept run's ends read off by one (a row's first or last point),
    # a row without kept points taken as a part's row, prefix and suffix swapped
    rng = np.random.default_rng(12)
    seen = set()
    for i, pts, rows in _point_sets(rng, 120):
        a = rng.uniform(-np.pi, np.pi)
        t = pts @ np.float32([np.cos(a), np.sin(a)])
        runs = db._runs(t, rows)
        seen.add(runs)
        keeps, ks = _cuts(t, [0.15, 0.4, 0.6, 0.85])
        want = db._part_fills(pts, keeps, ks, rows)
        assert db._part_fills(pts, keeps, ks, rows, runs=runs) == want, i
        if runs:
            assert want == _one_cut_at_a_time(pts, keeps, ks, rows), i
    assert {1, -1} <= seen


def test_straight_pieces_tries_each_part_once(monkeypatch):
    # an L three pixels thick: along one axis 15 quantiles give 6 distinct cuts
    m = np.zeros((32, 62), np.uint8)
    m[1:4, 2:60] = 1
    m[4:30, 2:5] = 1
    pts = _pixels(m)
    calls = []
    real = db._part_fills
    monkeypatch.setattr(db, "_part_fills",
                        lambda p, keeps, ks, rows, **kw: calls.append(list(ks)) or real(p, keeps, ks, rows, **kw))
    got = db.straight_pieces(pts)
    assert calls[0] == [27, 42, 54, 69, 136, 194]
    assert all(len(ks) == len(set(ks)) for ks in calls)
    assert [q.tolist() for q in got] == [q.tolist() for q in _reference_pieces(pts)]
