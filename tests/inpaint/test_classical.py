import numpy as np
import pytest

import creative_tools as ct
from creative_tools.inpaint.classical import AutoInpainter, hole_width


def gradient(h=120, w=160):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // w, y * 255 // h, np.full_like(x, 90)], -1).astype(np.uint8)


@pytest.mark.parametrize("name", ["telea", "ns", "patchmatch", "twoscale", "auto"])
def test_fills_a_smooth_gradient_plausibly(name):
    img = gradient()
    m = np.zeros(img.shape[:2], bool)
    m[50:70, 40:120] = True
    out = ct.load("inpaint", name)(img, m)
    assert (out[~m] == img[~m]).all()
    err = np.abs(out[m].astype(int) - img[m].astype(int)).mean()
    assert err < 12, f"{name}: mean abs error {err:.1f} inside the hole"


def test_hole_width_tells_strokes_from_blobs():
    stroke = np.zeros((60, 60), bool)
    stroke[30:33, 5:55] = True
    blob = np.zeros((60, 60), bool)
    blob[10:50, 10:50] = True
    assert hole_width(stroke) < 4 < 12 < hole_width(blob)
    assert hole_width(np.zeros((3, 3), bool)) == 0.0


def test_patchmatch_is_deterministic():
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    m = np.zeros((64, 64), bool)
    m[20:40, 20:40] = True
    a = ct.load("inpaint", "patchmatch", seed=1)(img, m)
    b = ct.load("inpaint", "patchmatch", seed=1)(img, m)
    assert (a == b).all()


def test_twoscale_keeps_the_trend_patchmatch_loses():
    """On a gradient, the two-scale fill follows the shading better than PatchMatch alone."""
    img = gradient(160, 200)
    m = np.zeros(img.shape[:2], bool)
    m[40:120, 60:140] = True
    err = {}
    for name in ("patchmatch", "twoscale"):
        out = ct.load("inpaint", name)(img, m)
        err[name] = np.abs(out[m].astype(int) - img[m].astype(int)).mean()
    assert err["twoscale"] < err["patchmatch"], err


@pytest.mark.parametrize("method", ["telea", "ns"])
def test_opencv_fill_on_tight_crops_equals_the_whole_image_fill(method):
    """Telea/NS read only pixels within their radius: tight crops give cv2.inpaint's result exactly."""
    import cv2

    rng = np.random.default_rng(0)
    img = cv2.GaussianBlur(rng.integers(0, 256, (200, 300, 3), dtype=np.uint8), (0, 0), 2)
    m = np.zeros(img.shape[:2], bool)
    m[20:23, 10:120] = True
    m[60:90, 200:204] = True
    m[150:160, 40:60] = True
    flag = {"telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}[method]
    whole = cv2.inpaint(img, m.view(np.uint8), 5, flag)
    inp = ct.load("inpaint", method)
    assert inp.margin_ratio == 0.0 and inp.min_margin == 8
    assert len(inp.regions(m)) == 3
    assert (inp(img, m) == whole).all()


def test_component_widths_one_per_hole():
    from creative_tools.inpaint.classical import component_widths

    m = np.zeros((60, 60), bool)
    m[5:8, 5:55] = True       # a 3-px stroke
    m[20:50, 10:40] = True    # a 30-px blob
    labels, widths = component_widths(m)
    assert labels.max() == 2 and widths[0] == 0
    assert widths[labels[6, 30]] == pytest.approx(hole_width(m & (labels == labels[6, 30])))
    assert widths[labels[30, 30]] == pytest.approx(hole_width(m & (labels == labels[30, 30])))


def test_auto_fills_each_hole_by_its_own_width():
    """A stroke far from a blob gets Telea's fill, the blob twoscale's, in one call."""
    img = gradient(240, 320)
    rng = np.random.default_rng(1)
    img = np.clip(img.astype(int) + rng.integers(-8, 9, img.shape), 0, 255).astype(np.uint8)
    stroke = np.zeros(img.shape[:2], bool)
    stroke[20:23, 20:140] = True
    blob = np.zeros(img.shape[:2], bool)
    blob[150:210, 220:290] = True
    auto = ct.load("inpaint", "auto", copy=0)  # no offset copies: every hole by its width
    thin, wide = auto.split(stroke | blob)
    assert (thin == stroke).all() and (wide == blob).all()
    out = auto(img, stroke | blob)
    assert (out[stroke] == auto._thin(img, stroke)[stroke]).all()
    assert (out[blob] == auto._wide(img, blob)[blob]).all()
    assert (out[stroke] != auto._wide(img, stroke)[stroke]).any()
    assert (out[~(stroke | blob)] == img[~(stroke | blob)]).all()


def test_auto_fills_text_beside_a_person_from_the_filled_background():
    """A stroke touching the wide hole's crop is filled after it, never from the removed blob."""
    img = np.full((200, 200, 3), 200, np.uint8)
    img[60:140, 60:140] = (0, 0, 255)  # the "person", removed
    m = np.zeros((200, 200), bool)
    m[55:145, 55:145] = True
    m[50:52, 100:190] = True           # a thin stroke 3 px above it
    out = ct.load("inpaint", "auto")(img, m)
    assert np.abs(out[m].astype(int) - 200).max() < 30  # no blue pulled into either hole


def test_twoscale_skips_patchmatch_on_a_flat_surrounding():
    """No texture around the hole: the blurred trend is the fill (and PatchMatch is not called)."""
    img = gradient(160, 200)
    m = np.zeros(img.shape[:2], bool)
    m[40:120, 60:140] = True
    ts = ct.load("inpaint", "twoscale")
    assert ts.texture_level(img, m) < ts.flat
    ts._pm._inpaint = None  # would raise if called
    out = ts(img, m)
    assert np.abs(out[m].astype(int) - img[m].astype(int)).mean() < 6
    rng = np.random.default_rng(0)
    busy = np.clip(img.astype(int) + rng.integers(-30, 31, img.shape), 0, 255).astype(np.uint8)
    assert ts.texture_level(busy, m) > 4 * ts.flat  # uniform noise of std 17.6


def _haloed_scene():
    """A dark box whose mask misses its 2-px rim (a halo), and a clean dark box."""
    img = np.full((100, 200, 3), 200, np.uint8)
    m = np.zeros((100, 200), bool)
    img[38:62, 18:62] = 60          # rim left outside the mask
    img[40:60, 20:60] = 0
    m[40:60, 20:60] = True
    img[40:60, 120:160] = 0         # masked exactly
    m[40:60, 120:160] = True
    return img, m


def test_auto_guard_skips_a_halo_left_by_the_mask():
    """With guard/halo, the hole whose ring is the object's rim is filled from beyond the rim."""
    img, m = _haloed_scene()
    guarded = ct.load("inpaint", "auto")  # guard=2, halo=12 by default
    flags = guarded.haloed(img, m)
    assert flags[50, 30] and not flags[50, 140]
    out = guarded(img, m)
    assert (out[~m] == img[~m]).all()                       # the rim itself stays
    assert np.abs(out[m].astype(int) - 200).max() <= 2      # no dark rim spread inside
    plain = ct.load("inpaint", "auto", guard=0)(img, m)
    assert np.abs(plain[45:55, 30:50].astype(int) - 200).mean() > 20  # the rim's colour spread in


@pytest.mark.parametrize("opts, match", [({"guard": -1}, "guard"), ({"halo": -2}, "halo"),
                                         ({"thin": "lama"}, "thin"), ({"copy": -1}, "copy"),
                                         ({"deep": 1.5}, "deep"), ({"trend": "x"}, "trend"),
                                         ({"split": 3}, "split"), ({"convex": 3}, "convex")])
def test_auto_rejects_bad_options(opts, match):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=match):
        ct.load("inpaint", "auto", **opts)


def test_twoscale_deep_fades_the_copied_texture_inside_wide_holes():
    """deep=0 keeps PatchMatch's texture at the hole's edge and leaves the trend in its middle."""
    rng = np.random.default_rng(4)
    img = np.clip(gradient(160, 200).astype(int) + rng.integers(-40, 41, (160, 200, 3)), 0, 255).astype(np.uint8)
    m = np.zeros(img.shape[:2], bool)
    m[30:130, 50:150] = True
    full = ct.load("inpaint", "twoscale", trend="membrane")(img, m).astype(float)
    faded = ct.load("inpaint", "twoscale", trend="membrane", deep=0.0)(img, m).astype(float)
    centre = (slice(65, 95), slice(85, 115))
    assert faded[centre].std(axis=(0, 1)).mean() < 0.5 * full[centre].std(axis=(0, 1)).mean()
    edge = np.abs(faded[30, 60:140] - full[30, 60:140]).mean()
    middle = np.abs(faded[80, 60:140] - full[80, 60:140]).mean()
    assert edge < 0.5 * middle, (edge, middle)


@pytest.mark.parametrize("name", ["auto", "twoscale"])
def test_mask_over_the_whole_image_is_filled_not_an_error(name):
    """A fill mask that eats the creative is reported by the pipeline (warning status); the
    inpainter must still return an image (the membrane trend has no ring to start from)."""
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)
    mask = np.ones((40, 60), bool)
    out = ct.load("inpaint", name)(img, mask)
    assert out.shape == img.shape and out.dtype == np.uint8


def _scattered_holes(seed):
    """A photo-like image and a mask of glyph-sized, stroke and blob holes, some haloed."""
    import cv2

    rng = np.random.default_rng(seed)
    img = cv2.GaussianBlur(rng.integers(0, 256, (160, 200, 3), dtype=np.uint8), (0, 0), 2)
    m = np.zeros((160, 200), bool)
    for _ in range(25):
        y, x = rng.integers(0, 150), rng.integers(0, 190)
        m[y:y + rng.integers(1, 12), x:x + rng.integers(1, 30)] = True
    m[60:120, 70:120] = True  # a blob
    img[59:121, 69:121] = (250, 20, 20)  # a halo around the blob the mask leaves
    img[m] = 0
    return img, m


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auto_holes_on_crops_equal_the_whole_image_definitions(seed):
    from creative_tools.inpaint.classical import AutoInpainter, component_widths

    img, m = _scattered_holes(seed)
    auto = AutoInpainter()
    holes = auto.holes(img, m)
    labels, widths = component_widths(m)
    assert np.array_equal(holes.labels, labels)
    assert np.array_equal(holes.widths, widths)  # exact: same pixels summed in the same order
    assert np.array_equal(holes.halo[holes.labels], auto.haloed(img, m))
    assert holes.halo[holes.labels[90, 95]]  # the blob's red band is a halo


def test_regions_from_stats_equal_plan_regions():
    import cv2

    from creative_tools.inpaint.base import plan_regions, regions_from_stats

    _, m = _scattered_holes(3)
    _, _, stats, _ = cv2.connectedComponentsWithStats(m.view(np.uint8), connectivity=8)
    for ratio, margin in ((0.25, 32), (0.0, 8), (0.1, 3)):
        assert regions_from_stats(stats[1:], m.shape, margin_ratio=ratio, min_margin=margin) == \
            plan_regions(m, margin_ratio=ratio, min_margin=margin)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_auto_thin_regions_from_the_clusters_equal_plan_regions(seed):
    from creative_tools.inpaint.base import plan_regions

    img, m = _scattered_holes(seed)
    if seed >= 2:  # strokes far apart, one on the image's edge, one haloed (grown by the guard)
        img = np.pad(img, ((0, 140), (0, 200), (0, 0)), mode="reflect")
        m = np.pad(m, ((0, 140), (0, 200)))
        m[297:300, 250:300] = True
        m[200:203, 300:340] = True
        img[198:205, 298:342] = (20, 240, 20)
        m[180:184, 230:236] = True
    auto = AutoInpainter()
    holes = auto.holes(img, m)
    _, thin, _, _ = auto._masks(m, holes)
    regions = auto._thin_regions(thin, holes)
    assert regions and (seed < 2 or len(regions) >= 3)
    assert regions == plan_regions(thin, margin_ratio=0.0, min_margin=8)


def test_twoscale_budget_bounds_the_hole_patchmatch_fills():
    from creative_tools.inpaint.classical import TwoScaleInpainter

    rng = np.random.default_rng(5)
    img = rng.integers(0, 256, (200, 200, 3), dtype=np.uint8)  # textured: PatchMatch runs
    m = np.zeros((200, 200), bool)
    m[40:160, 50:150] = True  # 12000 hole pixels
    seen = []
    for budget in (0, 3000):
        fill = TwoScaleInpainter(budget=budget, working_size=0, trend="membrane")
        real = fill._pm._inpaint
        fill._pm._inpaint = lambda im, mk, real=real: (seen.append((budget, int(mk.sum()), mk.shape)), real(im, mk))[1]
        out = fill(img, m)
        assert out.shape == img.shape and np.array_equal(out[~m], img[~m])
    assert seen[0][:2] == (0, 12000)  # the whole hole, on its context crop
    assert seen[1][0] == 3000 and 2500 <= seen[1][1] <= 3300  # shrunk to about the budget
    assert seen[1][2][0] < seen[0][2][0] and seen[1][2][1] < seen[0][2][1]


def test_auto_budget_is_shared_among_the_holes_of_an_image():
    from creative_tools.inpaint.classical import AutoInpainter

    rng = np.random.default_rng(6)
    img = rng.integers(0, 256, (240, 400, 3), dtype=np.uint8)
    m = np.zeros((240, 400), bool)
    m[30:110, 30:130] = True   # 8000 px
    m[130:210, 250:350] = True  # 8000 px, far enough for its own crop
    auto = AutoInpainter(budget=4000, wide_size=0)
    seen = []
    real = auto._wide._pm._inpaint
    auto._wide._pm._inpaint = lambda im, mk: (seen.append(int(mk.sum())), real(im, mk))[1]
    out = auto(img, m)
    assert len(seen) == 2 and 3400 <= sum(seen) <= 4600  # about 2000 each, not 4000 each
    assert np.array_equal(out[~m], img[~m])


def test_auto_inpaint_batch_takes_planned_regions():
    """``AutoInpainter.inpaint_batch`` accepts the base's ``regions=`` (it raised TypeError):
    crops planned beforehand give what planning them from the mask gives."""
    from creative_tools.inpaint.classical import AutoInpainter

    rng = np.random.default_rng(3)
    img = rng.integers(0, 255, (96, 128, 3), dtype=np.uint8)
    m = np.zeros((96, 128), bool)
    m[20:30, 20:60] = True
    m[60:80, 90:110] = True
    auto = AutoInpainter()
    planned = auto.inpaint_batch([img], [m], regions=[auto.regions(m)])[0]
    np.testing.assert_array_equal(planned, auto.inpaint_batch([img], [m], around=[m])[0])
    np.testing.assert_array_equal(planned[~m], img[~m])
    assert not np.array_equal(planned[m], img[m])


def _stripes_and_noise(h=128, w=128):
    y, x = np.mgrid[0:h, 0:w]
    stripes = np.repeat((128 + 50 * np.sin(2 * np.pi * x / 8))[..., None], 3, 2).astype(np.uint8)
    rng = np.random.default_rng(0)
    noise = np.clip(128 + rng.normal(0, 30, (h, w, 1)).repeat(3, 2), 0, 255).astype(np.uint8)
    m = np.zeros((h, w), bool)
    m[44:84, 44:84] = True
    return stripes, noise, m


def test_ring_gain_keeps_predictable_texture_and_drops_unpredictable_noise():
    """Stripes continue into the band PatchMatch predicts (weight ~1); white noise cannot be predicted (~0)."""
    from creative_tools.inpaint.classical import TwoScaleInpainter

    stripes, noise, m = _stripes_and_noise()
    ts = TwoScaleInpainter(working_size=0)
    g_stripes, detail = ts.ring_gain(stripes, m)
    g_noise, _ = ts.ring_gain(noise, m)
    assert detail.shape == stripes.shape and detail.dtype == np.float32
    assert g_stripes > 0.8, g_stripes
    assert g_noise < 0.2, g_noise


def test_auto_ring_gain_halves_the_error_of_copied_noise_and_keeps_stripes():
    """Inside a hole in white noise the trend (conditional mean) has about half the MSE of copied noise."""
    stripes, noise, m = _stripes_and_noise()
    mse = lambda out, ref: float(((out.astype(float) - ref)[m] ** 2).mean())  # noqa: E731
    ring = ct.load("inpaint", "auto", floor=0.0, lattice=0.0)
    copied = ct.load("inpaint", "auto", gain=1.0, floor=0.0, lattice=0.0)
    assert mse(ring(noise, m), noise) < 0.6 * mse(copied(noise, m), noise)
    # the stripes keep their texture: far below the error of a flat fill (variance 50^2 / 2)
    assert mse(ring(stripes, m), stripes) < 0.3 * 1250


def test_auto_floor_keeps_part_of_the_texture_at_a_bounded_cost():
    """``floor=0.5``: copied noise at half its amplitude, between the trend and the full copy.

    Uncorrelated detail of variance v weighted by g costs about v (1 + g^2): 1.25 v at 0.5
    against v for the trend alone and 2 v for the full copy; its contrast is kept at half.
    """
    _, noise, m = _stripes_and_noise()
    mse = lambda out: float(((out.astype(float) - noise)[m] ** 2).mean())  # noqa: E731
    std = lambda out: float(out[m].astype(float).std())  # noqa: E731
    opts = dict(lattice=0.0)
    trend, half, full = (ct.load("inpaint", "auto", floor=f, **opts)(noise, m) for f in (0.0, 0.5, 1.0))
    assert mse(trend) < mse(half) < mse(full)
    assert mse(half) < 0.75 * mse(full)
    assert std(trend) < std(half) < std(full)


@pytest.mark.parametrize("opts", [{"gain": 1.5}, {"gain": "x"}, {"gain": -0.1}, {"band": 0}])
def test_twoscale_and_auto_reject_bad_gain_options(opts):
    from creative_tools.errors import ContractError

    for name in ("twoscale", "auto"):
        with pytest.raises(ContractError, match=next(iter(opts))):
            ct.load("inpaint", name, **opts)


# --- threads: the fill's thread pools give the same bytes (issue 8, item 6) -----------------

def _receding_tiles(h=240, w=400, tw=30, th=20, k=2.0, seed=0):
    """A tiled wall seen at an angle (the tiles narrow to the right): the lattice squares' case."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    uu = x + 0.5 * k * x * x / w + (tw / 2) * (np.floor(y / th) % 2)
    img = np.zeros((h, w, 3), np.float32) + (180, 110, 80)
    img[((y % th) < 2) | ((uu % tw) < 2 * (1 + k * x / w))] = (235, 228, 215)
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def _ellipse(h, w, cy, cx, ry, rx):
    y, x = np.mgrid[0:h, 0:w]
    return ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 < 1


def _textured(h, w, seed=1):
    """Grass-like texture on a gradient: PatchMatch runs (texture over ``flat``)."""
    import cv2

    rng = np.random.default_rng(seed)
    noise = cv2.GaussianBlur(rng.normal(0, 40, (h, w, 3)).astype(np.float32), (0, 0), 1.2)
    return np.clip(gradient(h, w).astype(np.float32) + noise, 0, 255).astype(np.uint8)


def _fill_cases():
    tiles = _receding_tiles()
    tile_hole = _ellipse(240, 400, 120, 200, 84, 120)  # squares tried (perspective)
    photo = _textured(300, 900)
    two = _ellipse(300, 900, 150, 150, 60, 50) | _ellipse(300, 900, 150, 750, 50, 60)  # two crops
    one = _ellipse(300, 900, 140, 450, 70, 60)  # one textured crop
    return [("squares", tiles, tile_hole), ("two crops", photo, two), ("one crop", photo, one)]


@pytest.mark.parametrize("case", [0, 1, 2], ids=["squares", "two_crops", "one_crop"])
def test_fill_threads_give_the_same_bytes_and_use_a_pool_for_a_single_core_wall(case, monkeypatch):
    """Failure class: the fill's wall on one core (PatchMatch, the lattice squares) while the
    other core idles. Threads must not change one byte of the fill, and must be used."""
    import threading

    from creative_tools.inpaint import classical, lattice

    seen = set()
    for mod, name in ((classical.TwoScaleInpainter, "ring_gain"), (classical, "lattice_fill")):
        real = getattr(mod, name)

        def spy(*a, _real=real, **k):
            seen.add(threading.current_thread().name.split("_")[0])
            return _real(*a, **k)

        monkeypatch.setattr(mod, name, spy)
    assert lattice  # the squares' search is looked up in classical's namespace
    _, img, hole = _fill_cases()[case]
    shown = img.copy()
    shown[hole] = 0
    one = AutoInpainter(threads=1)(shown, hole)
    assert seen == {"MainThread"}
    seen.clear()
    many = AutoInpainter(threads=3)(shown, hole)
    np.testing.assert_array_equal(many, one)
    np.testing.assert_array_equal(many[~hole], shown[~hole])
    assert "fill" in seen, f"no fill thread used: {seen}"


@pytest.mark.parametrize("bad", [0, -1, 1.5, 2.0, True, "2", "two", None.__class__])
def test_fill_threads_reject_counts_that_are_not_positive_integers(bad):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match="threads must be None or an integer >= 1"):
        AutoInpainter(threads=bad)
    with pytest.raises(ContractError, match="threads must be None or an integer >= 1"):
        ct.load("inpaint", "twoscale", threads=bad)
    assert AutoInpainter(threads=np.int64(2)).threads == 2


def test_cli_pool_workers_give_the_fill_one_thread():
    """Failure class: the CLI's two single-thread workers oversubscribed by the fill's pools."""
    from creative_tools.executors import threaded_config
    from creative_tools.pipeline import Pipeline, PipelineConfig

    cfg = threaded_config(PipelineConfig(), 1)
    assert cfg.inpaint_options.get("threads") == 1
    assert Pipeline(cfg).inpainter.threads == 1
    assert Pipeline(cfg).inpainter._wide.threads == 1
    assert AutoInpainter(threads=2)._wide.threads == 2


def test_a_workers_share_of_many_cores_gives_the_fill_at_most_four_threads():
    """Failure class: a worker given 32 cores (a Dask worker's nthreads, one process on a
    big machine) passed them all to the fill's pools, past the default's cap; the other
    backends keep the whole share, and a user's own value is kept."""
    from creative_tools.executors import threaded_config
    from creative_tools.pipeline import Pipeline, PipelineConfig

    cfg = threaded_config(PipelineConfig(), 32)
    assert cfg.inpaint_options.get("threads") == 4
    assert cfg.text_options.get("threads") == 32
    assert Pipeline(cfg).inpainter._wide.threads == 4
    mine = threaded_config(PipelineConfig(inpaint_options={"threads": 8}), 32)
    assert mine.inpaint_options["threads"] == 8


def test_fill_threads_default_is_the_cores_capped_at_four(monkeypatch):
    """Failure class: a many-core machine given dozens of threads for a few short pieces."""
    import os

    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no os.sched_getaffinity here")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    assert AutoInpainter().threads == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert AutoInpainter().threads == 2
    assert AutoInpainter(threads=6).threads == 6  # an explicit count is kept
