"""Smooth fills: membrane (harmonic) interpolation and the ring's polynomial surface."""

import cv2
import numpy as np
import pytest

import creative_tools as ct
from creative_tools.errors import ContractError
from creative_tools.inpaint.smooth import (
    membrane_fill,
    ring,
    surface_fit,
    surface_split,
)


def plate(h=120, w=160, *, radial=False):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    if radial:
        r = np.hypot(x - 0.3 * w, y - 0.2 * h) / np.hypot(w, h)
        return np.dstack([40 + 180 * r, 200 - 120 * r, 90 + 0 * r]).round().astype(np.uint8)
    return np.dstack([x * 255 / w, y * 255 / h, 90 + 0 * x]).round().astype(np.uint8)


def test_membrane_reproduces_a_flat_colour_and_a_linear_gradient():
    m = np.zeros((120, 160), bool)
    m[30:90, 40:130] = True
    flat = np.full((120, 160, 3), (12, 200, 77), np.uint8)
    assert np.abs(membrane_fill(flat, m) - flat).max() < 0.01
    img = plate()
    err = np.abs(membrane_fill(img, m)[m] - img[m].astype(np.float32))
    assert err.mean() < 1.0, err.mean()


def _jacobi_whole(values, hole, iterations):
    """The sweeps over the whole array: the definition the bounding-box sweeps must equal."""
    from creative_tools.inpaint.smooth import _LAPLACE

    known = values.copy()
    for _ in range(iterations):
        avg = cv2.filter2D(values, -1, _LAPLACE, borderType=cv2.BORDER_REPLICATE)
        values = np.where(hole[..., None], avg, known)
    return values


@pytest.mark.parametrize("where", ["inside", "corner", "edge", "scattered", "none"])
def test_jacobi_on_the_holes_box_equals_the_whole_array_sweeps(where):
    from creative_tools.inpaint.smooth import _jacobi

    rng = np.random.default_rng(7)
    v = (rng.random((37, 53, 3)) * 255).astype(np.float32)
    hole = np.zeros((37, 53), bool)
    if where == "inside":
        hole[10:20, 15:31] = True
    elif where == "corner":
        hole[0:6, 45:53] = True  # the replicated border is read
    elif where == "edge":
        hole[:, 20:22] = True
    elif where == "scattered":
        hole = rng.random((37, 53)) < 0.2
    out = _jacobi(v.copy(), hole, 9)
    assert np.array_equal(out, _jacobi_whole(v.copy(), hole, 9))  # bit for bit
    assert np.array_equal(out[~hole], v[~hole])


def test_membrane_of_a_single_channel_non_square_image():
    # an (H, W) image with H != W used to fail to broadcast in the sweeps
    y, x = np.mgrid[0:30, 0:50]
    img = (2 * x + y).astype(np.float32)
    m = np.zeros((30, 50), bool)
    m[8:22, 10:40] = True
    out = membrane_fill(img, m, iterations=300)
    assert out.shape == (30, 50, 1)
    assert np.abs(out[..., 0] - img).max() < 0.5


def test_membrane_blends_two_sides_of_a_hole():
    img = np.zeros((20, 41, 3), np.uint8)
    img[:, 21:] = 200
    m = np.zeros((20, 41), bool)
    m[:, 10:31] = True
    out = membrane_fill(img, m, iterations=400)
    row = out[10, :, 0]
    assert np.all(np.diff(row[9:32]) >= -1e-3)          # monotone across the hole
    assert row[20] == pytest.approx(100, abs=12)         # half-way in the middle


def test_membrane_refuses_a_mask_without_known_pixels():
    with pytest.raises(ContractError, match="whole image"):
        membrane_fill(np.zeros((8, 8, 3), np.uint8), np.ones((8, 8), bool))
    with pytest.raises(ContractError, match=r"shape \(8, 8\)"):
        membrane_fill(np.zeros((8, 8, 3), np.uint8), np.ones((8, 9), bool))


def test_surface_fit_is_exact_on_a_quadratic_and_poor_on_noise():
    y, x = np.mgrid[0:60, 0:80].astype(np.float32)
    img = np.dstack([0.02 * (x - 30) ** 2 + y, 3 * x, 0 * x + 5])
    m = np.zeros((60, 80), bool)
    m[20:40, 25:55] = True
    surf, rms = surface_fit(img, m, degree=2)
    assert rms < 1e-2 and np.abs(surf[m] - img[m]).max() < 0.05
    noise = np.random.default_rng(0).integers(0, 256, (60, 80, 3)).astype(np.uint8)
    assert surface_fit(noise, m)[1] > 50
    with pytest.raises(ContractError, match="degree"):
        surface_fit(img, m, degree=3)


def test_ring_is_the_known_band_around_the_hole():
    m = np.zeros((9, 9), bool)
    m[3:6, 3:6] = True
    r = ring(m, 2)
    assert r.sum() == 7 * 7 - 9 and not (r & m).any()
    with pytest.raises(ContractError):
        ring(m, 0)


@pytest.mark.parametrize("radial", [False, True], ids=["linear", "radial"])
def test_auto_fills_a_gradient_plate_to_within_a_grey_level(radial):
    """A wide hole on a gradient plate: the surface fitted on its ring is the fill."""
    img = plate(200, 300, radial=radial)
    m = np.zeros(img.shape[:2], bool)
    m[50:170, 80:220] = True
    out = ct.load("inpaint", "auto")(img, m)
    assert (out[~m] == img[~m]).all()
    err = np.abs(out[m].astype(int) - img[m].astype(int)).mean()
    assert err < 1.0, err


def test_auto_fills_thin_strokes_on_a_flat_plate_exactly():
    """Thin text holes on a flat colour come back as that colour (Telea smudged them)."""
    img = np.full((80, 200, 3), (30, 140, 220), np.uint8)
    m = np.zeros((80, 200), bool)
    for x in range(20, 180, 12):
        m[20:60, x:x + 3] = True
    out = ct.load("inpaint", "auto")(img, m)
    assert (out == img).all()


def test_membrane_backend_keeps_unmasked_pixels():
    rng = np.random.default_rng(2)
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    m = np.zeros((64, 80), bool)
    m[10:30, 20:50] = True
    out = ct.load("inpaint", "membrane")(img, m)
    assert (out[~m] == img[~m]).all() and out.dtype == np.uint8


def two_grounds(h=160, w=240, split_x=130, seed=0):
    """A flat plate on the left, a busy ground (blurred noise) from ``split_x`` on."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(0, 256, (h, w, 3)).astype(np.float32)
    busy = cv2.GaussianBlur(noise, (0, 0), 1.5)
    busy = np.clip((busy - busy.mean()) * 6 + 128, 0, 255).astype(np.uint8)
    img = busy.copy()
    img[:, :split_x] = (96, 22, 64)
    return img


def test_surface_split_keeps_the_plate_side_of_a_hole_on_two_grounds():
    """A hole across the boundary of a flat plate and a busy ground: the plate's side, exactly."""
    img = two_grounds()
    m = np.zeros(img.shape[:2], bool)
    m[40:120, 80:180] = True
    surf, on = surface_split(img, m)
    plate_side = m.copy()
    plate_side[:, 130:] = False
    assert (on & ~m).sum() == 0
    # the boundary is a straight line between the two sides of the ring: within 2 px of x=130
    assert on[:, :128].sum() == plate_side[:, :128].sum() and not on[:, 132:].any()
    assert np.abs(surf[on] - img[on].astype(np.float32)).max() < 0.5


def test_surface_split_refuses_texture_and_a_plate_that_wraps_around():
    """Busy texture everywhere: no plate; a plate around a square island: no straight boundary."""
    img = two_grounds(split_x=0)
    m = np.zeros(img.shape[:2], bool)
    m[40:120, 80:180] = True
    assert surface_split(img, m) is None
    island = np.full((160, 240, 3), (96, 22, 64), np.uint8)
    island[60:100, 110:150] = two_grounds()[60:100, 160:200]   # texture inside the hole's ring, all round
    m2 = np.zeros((160, 240), bool)
    m2[64:96, 114:146] = True
    assert surface_split(island, m2) is None
    with pytest.raises(ContractError, match="boundary"):
        surface_split(img, m, boundary=3)


@pytest.mark.parametrize("split", [0, 1], ids=["off", "straight"])
def test_auto_fills_the_plate_side_of_a_person_on_two_grounds(split):
    """Named case: a person half on a flat banner, half on a photo. With the split the
    banner's side comes back exact (the membrane ramped from the photo into it)."""
    img = two_grounds(200, 300, split_x=150)
    m = np.zeros(img.shape[:2], bool)
    m[50:170, 90:210] = True
    out = ct.load("inpaint", "auto", split=split)(img, m)
    assert (out[~m] == img[~m]).all()
    side = m.copy()
    side[:, 146:] = False
    err = np.abs(out[side].astype(int) - img[side].astype(int)).mean()
    if split:
        assert err < 0.5, err
    else:
        assert err > 2.0, err      # the regression this guards: the ramp is back


def test_lstsq_from_the_normal_equations_equals_numpys_and_falls_back_when_degenerate():
    from creative_tools.inpaint.smooth import _basis, _lstsq

    rng = np.random.default_rng(3)
    ys, xs = rng.integers(0, 200, 5000).astype(float), rng.integers(0, 300, 5000).astype(float)
    a = _basis(ys, xs, 300.0, 2)
    b = rng.normal(120, 40, (5000, 3))
    assert np.abs(_lstsq(a, b) - np.linalg.lstsq(a, b, rcond=None)[0]).max() < 1e-9
    # a ring on one row: y and y^2 are constant columns, the Gram matrix is singular
    line = _basis(np.full(50, 7.0), np.arange(50.0), 60.0, 2)
    vals = (3 + 0.5 * np.arange(50.0))[:, None]
    coef = _lstsq(line, vals)
    assert np.isfinite(coef).all()
    np.testing.assert_allclose(line @ coef, vals, atol=1e-6)
    np.testing.assert_allclose(coef, np.linalg.lstsq(line, vals, rcond=None)[0], atol=1e-6)


def framed(shape="disc", h=200, w=260, seed=1):
    """A framed plate (a round avatar or a card) with a 3-px rim, on a busy ground.

    Returns the image and the plate's own pixels (inside the rim)."""
    img = two_grounds(h, w, split_x=0, seed=seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    if shape == "disc":
        r = np.hypot(yy - 100, xx - 120)
        outer, inner = r <= 63, r <= 60
    else:   # a card 70 x 130 px
        outer = (yy >= 37) & (yy < 163) & (xx >= 82) & (xx < 158)
        inner = (yy >= 40) & (yy < 160) & (xx >= 85) & (xx < 155)
    img[outer] = (230, 200, 90)
    grad = np.dstack([150 + 0.4 * (xx - 120), 40 + 0.3 * (yy - 100), 120 + 0 * xx])
    img[inner] = np.rint(grad[inner]).astype(np.uint8)
    return img, inner


@pytest.mark.parametrize("shape,box", [("disc", (90, 190, 110, 200)), ("card", (90, 190, 100, 180))],
                         ids=["round_avatar", "card"])
def test_surface_split_continues_a_framed_plate_that_the_hole_cuts_from_inside(shape, box):
    """Named case: a person in a round avatar or a card, the mask cutting through the frame's
    rim into the ground beyond. No straight boundary separates the ring (the plate wraps
    round the hole); the plate's outline, a circle or a rectangle, is continued through it."""
    img, inner = framed(shape)
    m = np.zeros(img.shape[:2], bool)
    y0, y1, x0, x1 = box
    m[y0:y1, x0:x1] = True
    assert surface_split(img, m) is None                       # the straight line refuses it
    surf, on = surface_split(img, m, convex=True)
    want = m & inner
    # the continued outline lies within about 2 px of the true one
    assert (on ^ want).sum() < 0.05 * want.sum(), ((on & ~want).sum(), (want & ~on).sum())
    ok = on & want
    assert np.abs(surf[ok] - img[ok].astype(np.float32)).max() < 1.5   # the plate was rounded to uint8
    # the hull alone stops at the chord where the hole cuts the outline: less of the plate
    _, on_hull = surface_split(img, m, convex=True, shapes=False)
    assert (on_hull & want).sum() < (on & want).sum() and not (on_hull & ~want).sum() > 0.02 * want.sum()


def test_surface_split_convex_refuses_texture_and_a_plate_around_the_hole():
    """The convex plate is no licence to fill a hole on a photo or inside a plate's island."""
    img = two_grounds(split_x=0)
    m = np.zeros(img.shape[:2], bool)
    m[40:120, 80:180] = True
    assert surface_split(img, m, convex=True) is None
    island = np.full((160, 240, 3), (96, 22, 64), np.uint8)
    island[50:110, 100:160] = two_grounds()[50:110, 150:210]   # texture all round the hole, 10 px wide
    m2 = np.zeros((160, 240), bool)
    m2[60:100, 110:150] = True
    assert surface_split(island, m2, convex=True) is None


def _plate_error(img, m, inner, **options):
    """``auto`` with ``options`` on ``img`` and the hole ``m``: nothing outside the hole
    changes; returns the mean absolute error on the plate ``inner`` inside the hole,
    3 px in from the plate's rim."""
    out = ct.load("inpaint", "auto", **options)(img, m)
    assert (out[~m] == img[~m]).all()
    part = m & cv2.erode(inner.view(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    return np.abs(out[part].astype(int) - img[part].astype(int)).mean()


@pytest.mark.parametrize("convex", [0, 2], ids=["off", "shapes"])
def test_auto_keeps_a_round_avatars_plate_under_the_person(convex):
    """Named case: a person in a round avatar whose mask reaches over the rim. With the
    convex plate the avatar's plate comes back (the membrane smeared the ground into it)."""
    img, inner = framed("disc", 240, 320, seed=3)
    img = np.ascontiguousarray(img)
    m = np.zeros(img.shape[:2], bool)
    m[80:200, 110:200] = True
    err = _plate_error(img, m, inner, convex=convex)
    if convex:
        assert err < 1.0, err
    else:
        assert err > 5.0, err      # the regression this guards: the ground is smeared in


@pytest.mark.parametrize("each", [False, True], ids=["whole_crop", "hole_by_hole"])
def test_auto_keeps_each_avatars_plate_when_several_share_a_crop(each):
    """Named case: two round avatars side by side on a gradient, a person in each, the
    masks reaching over their rims. Their crops merge, and the ring of both holes together
    is two plates and the ground: only hole by hole (``split_each``) is each plate found."""
    h, w = 240, 420
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.dstack([200 - 0.1 * xx, 150 + 0.1 * yy, 190 + 0 * xx])
    inner = np.zeros((h, w), bool)
    m = np.zeros((h, w), bool)
    for cx, colour in ((110, (60, 180, 70)), (250, (230, 60, 190))):
        r = np.hypot(yy - 120, xx - cx)
        img[r <= 63] = (160, 140, 40)
        img[r <= 60] = colour
        inner |= r <= 60
        m[110:200, cx - 30:cx + 50] = True
    img = np.rint(img).astype(np.uint8)
    err = _plate_error(img, m, inner, split_each=each)
    if each:
        assert err < 1.0, err
    else:
        assert err > 5.0, err      # the regression this guards: one ring, no plate found
