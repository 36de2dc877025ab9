"""One image's shared measures (person/measures.py ``ImageMeasures``, session 32): grey, Canny
edges, CIELAB and the bodies' own masks made once per image and handed to every person zone
(occluder, parted, plate, outline), with every zone the same bit for bit as when each makes
its own."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models, one_body_backend

from creative_tools.errors import ContractError
from creative_tools.person import measures as MS
from creative_tools.person import mediapipe as M
from creative_tools.person import refine as R
from creative_tools.person.measures import ImageMeasures

# the framed bust of test_outline_cut: a face and a suit in a teal disc on a red saucer, the
# body the models make up below the disc (rows to 220): outline_zone cuts it
H, W = 240, 200
YY, XX = np.mgrid[:H, :W]
DISC = np.hypot(YY - 80, XX - 100) <= 50
HEAD = np.hypot(YY - 70, XX - 100) <= 16
BAND = (YY >= 92) & (np.abs(XX - 100) <= 30)
MADE_UP = BAND & ~DISC & (YY < 220)


def _bust():
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = (200, 60, 40)
    img[DISC] = (40, 150, 170)
    img[BAND & DISC] = (30, 30, 60)
    img[HEAD] = (230, 190, 160)
    return img, (HEAD | (BAND & DISC) | MADE_UP).astype(np.float32)


def _crop(prob):
    from creative_tools.person.pose import PersonCrop

    marks = np.zeros((33, 2), np.float32)
    marks[:] = (100, 180)
    marks[0], marks[1:7] = (100, 72), (100, 66)
    marks[7], marks[8] = (86, 68), (114, 68)
    marks[11], marks[12] = (125, 105), (75, 105)
    marks[23], marks[24] = (118, 170), (82, 170)
    return PersonCrop(prob.copy(), (0, 0, W, H), 0.9, marks, np.ones(33, np.float32), np.ones(33, np.float32))


def _noise(h=150, w=170, seed=0):
    rng = np.random.default_rng(seed)
    img = np.repeat(np.repeat(rng.integers(0, 256, (h // 5 + 1, w // 5 + 1, 3)), 5, 0), 5, 1)[:h, :w]
    return np.ascontiguousarray(img.astype(np.uint8))


def test_each_measure_is_opencvs_on_the_whole_image():
    import cv2

    img = _noise()
    m = ImageMeasures(img)
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    assert np.array_equal(m.grey(), grey)
    assert np.array_equal(m.canny(50, 150), cv2.Canny(grey, 50, 150) > 0)
    assert np.array_equal(m.edges(50, 150), cv2.dilate(cv2.Canny(grey, 50, 150), np.ones((3, 3), np.uint8)) > 0)
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB).astype(np.float32)
    rng = np.random.default_rng(1)
    for _ in range(20):  # windows across the tiles' borders and past the image's
        y0, x0 = rng.integers(-5, 140), rng.integers(-5, 160)
        y1, x1 = y0 + rng.integers(1, 90), x0 + rng.integers(1, 90)
        got = m.lab(y0, y1, x0, x1)
        assert got.dtype == np.float32 and np.array_equal(got, lab[max(0, y0):y1, max(0, x0):x1])
    assert np.array_equal(m.lab(), lab)


def test_each_measure_is_made_once():
    img = _noise()
    m = ImageMeasures(img)
    for _ in range(3):
        m.edges(50, 150), m.canny(50, 150), m.grey()
    assert (m.made["grey"], m.made["canny"]) == (1, 1)
    m.canny(10, 40)  # other thresholds: other edges
    assert m.made["canny"] == 2
    m.lab(0, 10, 0, 10)
    m.lab(3, 12, 5, 60)
    assert m.made["lab_px"] == MS.LAB_TILE * MS.LAB_TILE  # one tile, once
    m.lab()
    assert m.made["lab_px"] == 150 * 170  # every pixel once, no more


def test_the_own_masks_are_kept_for_the_same_bodies():
    img, prob = _bust()
    bodies = [_crop(prob), _crop(prob)]
    m = ImageMeasures(img)
    owns, count = m.own_masks(bodies)
    assert m.own_masks(bodies)[1] is count and m.made["own_masks"] == 1
    assert np.array_equal(owns[0], prob > 0.5) and int(count.max()) == 2
    m.own_masks(bodies[:1])  # other bodies: made again
    assert m.made["own_masks"] == 2
    with pytest.raises(ValueError):
        owns[0][0, 0] = True  # (shared: read-only)


def test_the_shared_arrays_are_read_only():
    m = ImageMeasures(_noise())
    for a in (m.grey(), m.canny(50, 150), m.edges(50, 150), m.lab(0, 20, 0, 20)):
        with pytest.raises(ValueError):
            a[0, 0] = 0


def test_measures_of_another_image_are_refused():
    img, prob = _bust()
    m = ImageMeasures(img)
    for zone in (R.occluder_zone, R.parted_zone, R.plate_zone, R.outline_zone):
        with pytest.raises(ContractError, match="another image"):
            zone(img.copy(), prob, [_crop(prob)], measures=m)
        with pytest.raises(ContractError, match="ImageMeasures"):
            zone(img, prob, [_crop(prob)], measures="grey")


DEFAULT = (R.parted_zone, R.plate_zone, R.outline_zone)  # the backend's, on by default


def _chain(img, prob, bodies, measures=None, zones_on=DEFAULT):
    zones = []
    for zone in zones_on:
        z = zone(img, prob, bodies, measures=measures)
        zones.append(z)
        prob = np.where(z, np.float32(0.0), prob)
    return zones


def _counting(monkeypatch):
    made = []
    real = ImageMeasures.__init__

    def init(self, image):
        real(self, image)
        made.append(self)

    monkeypatch.setattr(ImageMeasures, "__init__", init)
    return made


def test_the_zones_sharing_one_measure_cut_what_each_alone_cuts(monkeypatch):
    img, prob = _bust()
    bodies = [_crop(prob)]
    for zones_on in (DEFAULT, (R.occluder_zone,) + DEFAULT):
        alone = _chain(img, prob, bodies, zones_on=zones_on)
        made = _counting(monkeypatch)
        shared = _chain(img, prob, bodies, ImageMeasures(img), zones_on=zones_on)
        assert alone[-1].sum() > 0  # a real cut: the body below the frame (all of it without the occluder's)
        if len(zones_on) == 3:
            assert alone[-1][MADE_UP & (YY > 140)].all()
        for a, b in zip(alone, shared):
            assert np.array_equal(a, b)
        (m,) = made  # no zone made its own
        assert (m.made["grey"], m.made["canny"], m.made["own_masks"]) == (1, 1, 1)
        assert 0 < m.made["lab_px"] <= H * W
        monkeypatch.undo()


def _uncached(monkeypatch):
    """The backend's zones each making their own measures (the measures it hands them dropped)."""
    for name in ("occluder_zone", "parted_zone", "plate_zone", "outline_zone"):
        real = getattr(R, name)
        monkeypatch.setattr(M, name, lambda *a, measures=None, _real=real, **k: _real(*a, **k))


def test_the_backend_makes_one_measure_for_every_zone(monkeypatch):
    img, prob = _bust()
    opts = {"occluder_cut": False, "parted_cut": True, "plate_cut": True, "outline_cut": True,
            "parted_ground": True}
    made = _counting(monkeypatch)
    on = one_body_backend(monkeypatch, lambda: _crop(prob), (70, 40, 130, 0.0), **opts)._predict_one(img)
    assert len(made) == 1
    assert (made[0].made["grey"], made[0].made["canny"], made[0].made["own_masks"]) == (1, 1, 1)
    assert (on[MADE_UP & (YY > 140)] == 0.0).all() and (on[HEAD] == 1.0).all()
    _uncached(monkeypatch)
    made.clear()
    alone = one_body_backend(monkeypatch, lambda: _crop(prob), (70, 40, 130, 0.0), **opts)._predict_one(img)
    assert len(made) == 1 + 3 and np.array_equal(on, alone)  # (the backend's, unread, and each zone's own)


@pytest.mark.slow
@needs_pose_models
def test_the_default_backend_shares_one_measure_on_a_framed_bust(hard, monkeypatch):
    # session 31's look-alike whose made-up body below the frame outline_cut takes (0.241 -> 0.617)
    r = next(r for r in hard.build_lookalikes("tune", only=("person_frames",))
             if r["meta"]["stem"] == "look3000_hard_person_frames_tune_2")
    image = r["creative"]
    cut = []
    real = R.outline_zone
    monkeypatch.setattr(M, "outline_zone", lambda *a, **k: cut.append(real(*a, **k)) or cut[-1])
    made = _counting(monkeypatch)
    seg = M.MediaPipePerson()
    shared = seg.probability(image)
    assert len(made) == 1 and made[0].made["canny"] == 1 and made[0].made["grey"] == 1
    assert len(cut) == 1 and cut[0].sum() > 1000  # a real cut
    _uncached(monkeypatch)
    assert np.array_equal(shared, seg.probability(image))


def test_the_squares_are_the_norms_to_the_bit():
    rng = np.random.default_rng(0)
    x = (rng.random((64, 80, 3)) * 255).astype(np.float32)
    for med in (np.median(x.reshape(-1, 3), 0), x[3, 4], np.float32([0.1, 254.9, 17.3])):
        planes = [np.ascontiguousarray(x[..., j]) for j in range(3)]
        assert np.array_equal(np.sqrt(R._squares(planes, med)), np.linalg.norm(x - med, axis=2))


def test_the_bins_are_the_unique_bins():
    rng = np.random.default_rng(0)
    for n in (1, 5, 300):
        ang = np.concatenate([rng.uniform(-180, 180, n), [-180.0, 180.0, 0.0, 9.999, 10.0]][: n + 5])
        assert R._bins(ang) == len(np.unique(((ang + 180.0) // 10.0).astype(int)))


@pytest.mark.parametrize("seed", range(4))
def test_the_frames_disc_is_the_disc_over_the_whole_window(seed):
    import cv2

    rng = np.random.default_rng(seed)
    gh, gw = 170, 160
    yy, xx = np.mgrid[:gh, :gw]
    cy, cx, r = 85 + rng.integers(-8, 9), 80 + rng.integers(-8, 9), float(rng.uniform(40, 60))
    inside = np.hypot(yy - cy, xx - cx) <= r
    mask = inside & (np.hypot(yy - cy + 0.2 * r, xx - cx) <= 0.35 * r) | inside & (yy > cy) & (np.abs(xx - cx) < 0.4 * r)
    g = inside & ~mask & (rng.random((gh, gw)) > 0.1)
    got = R._plate_frame(g, mask, (cx, cy), (20, 30), (400, 400), fill=0.9, rim_in=0.8, rim_out=0.2, gap=170.0,
                         side=0.1)
    assert got is not None and got[0] == "disc"
    ys, xs = np.nonzero(g)
    pts = np.concatenate([np.stack([xs, ys], 1)]).astype(np.float32)
    (ccx, ccy), rad = cv2.minEnclosingCircle(cv2.convexHull(pts))
    assert np.array_equal(got[1], np.hypot(xx - ccx, yy - ccy) <= rad)
