"""Exact cuts in the click's slow tail (session 30, ctime): each gives the same answer as
the work it replaces and skips work that cannot change it. Small synthetic arrays,
saliency off."""

import cv2
import numpy as np
from scipy import ndimage as ndi
from scipy.spatial import cKDTree

from creative_tools.objects import click as click_mod
from creative_tools.objects.base import box_of
from creative_tools.objects.click import ClickSegmenter, _plate_like


def _plate_like_before(add, plate, *, near=90.0, twin=24.0, most=0.6):
    # _plate_like as it was before session 30: a k-d tree of every sampled plate pixel
    a, p = add.astype(np.float64), plate.astype(np.float64)
    if not len(a) or not len(p):
        return False
    if np.abs(np.median(a, 0) - np.median(p, 0)).sum() < near:
        return True
    tree = cKDTree(p[:: max(1, len(p) // 3000)])
    d, _ = tree.query(a[:: max(1, len(a) // 3000)], p=1)
    return bool((d < twin).mean() > most)


def test_plate_like_equals_the_tree_of_every_pixel():
    rng = np.random.default_rng(0)
    seen = set()
    for t in range(300):
        # few colours (a flat plate, a two-tone pattern) or many (noise), 1 - 9000 pixels
        k = int(rng.choice([1, 2, 5, 40, 256]))
        pal_p = rng.integers(0, 256, (k, 3)).astype(np.uint8)
        pal_a = np.clip(pal_p.astype(int) + rng.integers(-40, 41, (k, 3)), 0, 255).astype(np.uint8)
        pal_a[: k // 2] = rng.integers(0, 256, (k // 2, 3))
        p = pal_p[rng.integers(0, k, int(rng.integers(1, 9000)))]
        a = pal_a[rng.integers(0, k, int(rng.integers(1, 9000)))]
        twin = float(rng.choice([5.0, 24.0, 60.0]))
        want = _plate_like_before(a, p, near=0.0, twin=twin, most=0.3)
        assert _plate_like(a, p, near=0.0, twin=twin, most=0.3) == want
        assert _plate_like(a, p) == _plate_like_before(a, p)
        seen.add(want)
    assert seen == {True, False}  # both verdicts were met


def test_plate_like_builds_its_tree_on_the_distinct_colours(monkeypatch):
    sizes = []

    class Tree(cKDTree):
        def __init__(self, data, *args, **kwargs):
            sizes.append(len(data))
            super().__init__(data, *args, **kwargs)

    monkeypatch.setattr(click_mod, "cKDTree", Tree)
    plate = np.full((6000, 3), (200, 200, 200), np.uint8)  # a flat plate: one colour
    plate[::3] = (10, 10, 10)
    add = np.full((500, 3), (250, 0, 250), np.uint8)
    assert not _plate_like(add, plate)
    assert sizes == [2]  # 3000 sampled pixels, two colours


def _dots_round_a_knob():
    """A white knob (r 12) on a purple plate, ringed by 2 x 2 dark dots 4 - 10 px off
    its edge (far under a quarter of the knob), and a dark blue bubble pointing at it
    from above (as ``test_click_callout``'s slider; the near dots keep it out)."""
    h, w = 200, 400
    yy, xx = np.mgrid[:h, :w]
    img = np.full((h, w, 3), (120, 60, 160), np.uint8)
    img[(yy >= 78) & (yy < 96) & (xx >= 170) & (xx < 230)] = (20, 40, 200)
    img[(yy >= 96) & (yy <= 102) & (np.abs(xx - 200) <= 102 - yy)] = (20, 40, 200)
    for a in np.linspace(0, 2 * np.pi, 24, endpoint=False):
        if np.sin(a) < -0.5:
            continue  # (not under the bubble's pointer)
        for r in (18, 21):
            x, y = int(round(200 + r * np.cos(a))), int(round(120 + r * np.sin(a)))
            img[y:y + 2, x:x + 2] = (30, 30, 30)
    knob = np.hypot(xx - 200, yy - 120) <= 12
    img[knob] = 255
    return img, knob


def test_callout_fills_no_piece_the_area_test_refuses(monkeypatch):
    img, knob = _dots_round_a_knob()
    seg = ClickSegmenter(img, saliency=False)
    calls = []
    real = click_mod._fill_holes  # (session 30, ctime2: the click's fills; scipy's before)

    def counted(x, *a, **k):
        calls.append(x.shape)
        return real(x, *a, **k)

    monkeypatch.setattr(click_mod, "_fill_holes", counted)
    out = seg._callout(knob)
    monkeypatch.undo()
    # the first window holds near pieces (the dots) and takes none: no callout, as before
    assert out is None
    # the knob's own fill; before, one for each of the 30 dots near the knob as well
    assert len(calls) <= 2, calls


def test_container_beside_skips_the_fill_of_a_region_that_fills_its_box(monkeypatch):
    img = np.full((80, 80, 3), 230, np.uint8)
    img[20:40, 20:40] = (200, 30, 30)
    img[30, 30] = (30, 30, 200)  # a one-pixel hole: 1 of 400 px
    img[50:60, 20:60] = (30, 200, 30)
    seg = ClickSegmenter(img, saliency=False)
    k = int(seg.lab[25, 25])
    shape = seg.lab == int(seg.lab[55, 40])
    calls = []
    real = click_mod._fill_holes
    monkeypatch.setattr(click_mod, "_fill_holes", lambda x, *a, **kw: calls.append(1) or real(x, *a, **kw))
    assert not seg._container_beside(k, shape)
    assert not calls  # before: filled, then refused for holes under 5 % of it


def test_container_beside_skips_the_fill_where_no_hole_can_reach_half_the_region(monkeypatch):
    img = np.full((80, 80, 3), 230, np.uint8)
    img[20:40, 20:40] = (200, 30, 30)
    img[20:30, 30:40] = 230  # an L: its box holds a third more than it, no hole
    img[50:60, 20:60] = (30, 200, 30)
    seg = ClickSegmenter(img, saliency=False)
    k = int(seg.lab[35, 25])
    calls = []
    real = click_mod._fill_holes
    monkeypatch.setattr(click_mod, "_fill_holes", lambda x, *a, **kw: calls.append(1) or real(x, *a, **kw))
    assert not seg._container_beside(k, seg.lab == int(seg.lab[55, 40]))
    assert not calls  # before: filled, then refused (no hole holds half its area)


def test_container_beside_still_finds_a_ring_beside_the_shape():
    img = np.full((90, 120, 3), 230, np.uint8)
    yy, xx = np.mgrid[:90, :120]
    d = np.hypot(xx - 30, yy - 45)
    img[(d <= 20) & (d > 12)] = (200, 30, 30)  # a ring round its disc
    img[d <= 9] = (30, 30, 200)
    img[30:60, 60:110] = (30, 200, 30)  # the shape, beside it
    seg = ClickSegmenter(img, saliency=False)
    k = int(seg.lab[45, 14])
    assert seg._container_beside(k, seg.lab == int(seg.lab[45, 85]))


def test_box_of_equals_the_box_of_every_pixel():
    rng = np.random.default_rng(1)
    for _ in range(2000):
        h, w = (int(v) for v in rng.integers(1, 50, 2))
        m = rng.random((h, w)) < rng.choice([0.0, 0.002, 0.05, 0.5, 1.0])
        if rng.random() < 0.3:
            m = m.astype(np.uint8) * int(rng.integers(0, 3))
        ys, xs = np.nonzero(m)
        want = (0, 0, 0, 0) if not len(xs) else (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
        assert box_of(m) == want


def test_sum3_equals_numpys_sum_over_the_channels_bit_for_bit():
    # floats: numpy adds a 3-long last axis in order, (d0 + d1) + d2; the other order
    # differs on many of these values, so a numpy that changed its order fails here
    rng = np.random.default_rng(2)
    for dt in (np.float32, np.float64):
        d = np.abs((rng.random((300, 400, 3)) * 255).astype(dt) - np.asarray((12.3, 200.7, 99.9), dt))
        other = d[..., 0] + (d[..., 1] + d[..., 2])
        assert (other != d.sum(-1)).sum() > 1000
        got = click_mod._sum3(d)
        assert got.dtype == dt and np.array_equal(got, d.sum(-1))
        assert np.array_equal(click_mod._sum3(d[7:290, 3:333]), d[7:290, 3:333].sum(-1))  # a view
    small16 = rng.integers(0, 256, (50, 60, 3)).astype(np.int16)
    d = np.abs(small16 - np.array((255, 0, 128), np.int16))
    assert np.array_equal(click_mod._sum3(d), d.sum(-1))


def test_glass_pairs_lists_the_bottom_rows_once_a_pair(monkeypatch):
    from test_click_glass_plate import BOX, _box_at, _glass

    img, _ = _glass(alpha=0.6)
    calls = {"top": 0, "bottom": 0}
    real = click_mod._glass_peaks

    def counted(rows, f, at, *a, **k):
        calls["top" if rows[0] < at else "bottom"] += 1
        return real(rows, f, at, *a, **k)

    monkeypatch.setattr(click_mod, "_glass_peaks", counted)
    assert tuple(int(v) for v in _box_at(img, 110, 90)) == BOX
    # one top and one bottom list a pair of sides; before, the bottom's again for each top row
    assert calls["top"] > 0 and calls["bottom"] == calls["top"], calls


def test_glass_peaks_pads_as_np_pad():
    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 10, 200):
        f = np.round(rng.random(n), 1)  # ties: plateaus
        rows = np.arange(50, 50 + n)
        g = np.pad(f, 1)
        k = np.flatnonzero((f >= 0.6) & (f >= g[:-2]) & (f > g[2:]))
        want = rows[k[np.lexsort((-np.abs(rows[k] - 60), -f[k]))[:8]]]
        assert np.array_equal(click_mod._glass_peaks(rows, f, 60), want)


def test_callout_near_pieces_distance_equals_ndimage_minimum():
    import cv2

    rng = np.random.default_rng(4)
    fg = rng.random((120, 150)) < 0.3
    k, cc = cv2.connectedComponents(fg.view(np.uint8), connectivity=8)
    d = cv2.distanceTransform((rng.random((120, 150)) < 0.98).view(np.uint8), cv2.DIST_L2, 3)
    dmin = np.full(k, np.inf, d.dtype)
    np.minimum.at(dmin, cc.ravel(), d.ravel())
    assert np.array_equal(dmin, ndi.minimum(d, cc, np.arange(k)))


def test_glass_counts_give_the_slices_shares_bit_for_bit():
    # session 30, ctime2: the rows' shares of stepping columns read from per-image counts
    rng = np.random.default_rng(7)
    for _ in range(40):
        h, w = (int(v) for v in rng.integers(12, 90, 2))
        sx, sy = (rng.normal(0, 0.4, (h, w)).astype(np.float32) for _ in range(2))
        t = click_mod._GLASS_STEP
        (ct, cb), (cl, cr) = click_mod._glass_counts(sx, sy, t)
        assert ct.shape == cb.shape == (h, w + 1) and cl.shape == cr.shape == (w, h + 1)
        for c, E in ((ct, sy < -t), (cb, sy > t), (cl, sx.T < -t), (cr, sx.T > t)):
            for _ in range(20):
                a, b = sorted(int(v) for v in rng.choice(E.shape[0] + 1, 2, replace=False))
                c0 = int(rng.integers(0, E.shape[1]))
                c1 = int(rng.integers(c0 + 1, E.shape[1] + 1))
                want = E[a:b, c0:c1].mean(1)
                got = (c[a:b, c1] - c[a:b, c0]) / (c1 - c0)
                assert got.dtype == want.dtype and np.array_equal(got, want)


def test_glass_box_with_counts_equals_the_box_counted_per_pair(monkeypatch):
    from test_click_glass_plate import _glass

    seen = {"with": 0, "found": 0}
    real, real_peaks = click_mod._glass_pairs, click_mod._glass_peaks
    shares = []

    def counted(*a, **k):
        seen["with"] += (a[9] if len(a) > 9 else k.get("counts")) is not None
        return real(*a, **k)

    def peaks(rows, f, at, *a, **k):  # (every row's share as the search saw it)
        shares.append((rows.copy(), f.copy()))
        return real_peaks(rows, f, at, *a, **k)

    monkeypatch.setattr(click_mod, "_glass_pairs", counted)
    monkeypatch.setattr(click_mod, "_glass_peaks", peaks)
    rng = np.random.default_rng(3)
    for seed, (alpha, light) in enumerate([(0.45, False), (0.75, True), (0.6, False), (0.6, True)]):
        img, truth = _glass(alpha=alpha, light=light, seed=seed)
        seg = ClickSegmenter(img, saliency=False, glass_plate=True).prepare()
        ys, xs = np.nonzero(truth)
        pick = rng.choice(len(xs), 6, replace=False)
        for x, y in [(int(xs[k]), int(ys[k])) for k in pick] + [(20, 20), (300, 200)]:
            for (G, sx, sy, runs), cnt in zip(seg._glass_maps(), seg._glass_cnt):
                shares.clear()
                plain = click_mod._glass_box(G, sx, sy, runs, x, y)
                counted_here, shares[:] = list(shares), []
                assert click_mod._glass_box(G, sx, sy, runs, x, y, counts=cnt) == plain
                assert len(shares) == len(counted_here)  # the same rows, the same shares, bit for bit
                for (r0, f0), (r1, f1) in zip(counted_here, shares):
                    assert np.array_equal(r0, r1) and f0.dtype == f1.dtype and np.array_equal(f0, f1)
                seen["found"] += plain is not None
    assert seen["found"] >= 10  # (boxes found, not only Nones compared)
    with_before = seen["with"]
    seg.segment([(110, 90)])  # the click itself reads the per-image counts
    assert seen["with"] > with_before


def test_fill_holes_equals_scipys_on_random_masks():
    # session 30, ctime2: one flood fill from a frame round the mask for scipy's iterated dilation
    rng = np.random.default_rng(11)
    shapes = [(1, 1), (1, 9), (9, 1), (2, 2), (3, 5), (17, 23), (64, 48), (121, 97)]
    for h, w in shapes:
        for _ in range(60):
            noise = rng.uniform(0, 1, (h, w)).astype(np.float32)
            if min(h, w) > 3 and rng.uniform() < 0.7:  # (blobs with holes, diagonal gaps, rings)
                noise = cv2.GaussianBlur(noise, (0, 0), float(rng.choice([0.6, 1.0, 2.5])))
            m = noise > np.quantile(noise, rng.uniform(0.1, 0.9))
            got = click_mod._fill_holes(m)
            assert got.dtype == bool and np.array_equal(got, ndi.binary_fill_holes(m))
    ring = np.zeros((9, 9), bool)
    ring[1:8, 1:8] = True
    ring[3:6, 3:6] = False
    ring[4, 1:3] = False  # a gap to the hole through the ring's side: open only 4-connected
    ring[4, 0] = False
    assert np.array_equal(click_mod._fill_holes(ring), ndi.binary_fill_holes(ring))
    diag = np.ones((5, 5), bool)
    diag[2, 2] = False
    diag[1, 1] = diag[0, 0] = False  # reaches the frame only diagonally: still a hole
    assert click_mod._fill_holes(diag)[2, 2] and ndi.binary_fill_holes(diag)[2, 2]


def test_the_click_fills_holes_without_scipys_dilation(monkeypatch):
    calls = []
    real = ndi.binary_fill_holes

    def counted(m, *a, **k):
        calls.append(np.asarray(m).ndim)
        return real(m, *a, **k)

    fills = []
    ours = click_mod._fill_holes

    def ours_counted(m):
        fills.append(1)
        return ours(m)

    monkeypatch.setattr(click_mod.ndi, "binary_fill_holes", counted)
    monkeypatch.setattr(click_mod, "_fill_holes", ours_counted)
    img = np.full((120, 160, 3), 235, np.uint8)
    cv2.circle(img, (80, 60), 35, (200, 40, 40), -1)
    cv2.circle(img, (80, 60), 12, (235, 235, 235), -1)  # a ring
    seg = ClickSegmenter(img, saliency=False)
    assert seg.segment([(80, 30)])[30, 80]
    assert fills and calls == []  # (holes filled, none by scipy)


def _repeats_before(seg, i, far=0.0):
    # ClickSegmenter._repeats as it was before session 30, ctime2: every test on every region
    a = seg.stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    same = (np.abs(seg.mean - seg.mean[i]).sum(1) < 30) & (np.abs(np.log(np.maximum(a, 1) / a[i])) < np.log(2))
    if far > 0:
        c = seg.stats[:, :2] + seg.stats[:, 2:4] / 2
        same &= np.hypot(*(c - c[i]).T) > far
        same[i] = True
    same[0] = False
    return int(same.sum()) - 1


def test_repeats_on_the_colours_regions_equals_every_regions_test():
    # session 30, ctime2: the area and distance tests only on the regions of the colour
    rng = np.random.default_rng(5)
    for seed, chip, levels in [(2, 4, 256), (3, 3, 2), (4, 6, 4)]:
        n = 192 // chip
        img = np.kron(rng.integers(0, levels, (n, n, 3)) * (255 // max(1, levels - 1)), np.ones((chip, chip, 1)))
        img = img.astype(np.uint8)
        for r in (40, 28, 16, 6):  # concentric discs: regions that share a box centre
            cv2.circle(img, (96, 96), r, (40 * (r % 7), 200 - r, 30 + 4 * r), -1)
        seg = ClickSegmenter(img, saliency=False)
        ks = rng.choice(np.arange(seg.n), min(150, seg.n), replace=False)
        counts = []
        for k in ks:
            for far in (0.0, 0.5, 3.0, 40.0, 150.0):
                want = _repeats_before(seg, int(k), far)
                assert seg._repeats(int(k), far=far) == want, (seed, int(k), far)
                counts.append(want)
        assert max(counts) >= 4  # (look-alikes counted, not only zeros compared)
