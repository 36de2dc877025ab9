"""A framed bust whose mask runs on past its frame (a body made up below an avatar's disc,
over a saucer): the mask beyond the frame's outline, which the image draws across the body,
is cut (person/refine.py ``outline_zone``, person/mediapipe.py ``outline_cut``; session 31)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models, one_body_backend

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person import refine as R
from creative_tools.person.pose import PersonCrop
from creative_tools.person.refine import outline_zone

H, W = 240, 200
GROUND, PLATE, SKIN, SUIT = (200, 60, 40), (40, 150, 170), (230, 190, 160), (30, 30, 60)
YY, XX = np.mgrid[:H, :W]
DISC = np.hypot(YY - 80, XX - 100) <= 50
HEAD = np.hypot(YY - 70, XX - 100) <= 16
BAND = (YY >= 92) & (np.abs(XX - 100) <= 30)           # the suit's columns, from the chin down
MADE_UP = BAND & ~DISC & (YY < 220)                    # the body the models make up below the disc


def _bust(halo=False):
    """A bust in a teal disc (radius 50 round (100, 80)) on a red saucer: a face, a dark suit
    inside the disc; the map is the bust and a body made up below the disc (rows to 220).
    With ``halo`` the suit runs on below the disc in the image too (a person before a halo
    disc: the body is real)."""
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = GROUND
    img[DISC] = PLATE
    img[(BAND & DISC) | (MADE_UP if halo else False)] = SUIT
    img[HEAD] = SKIN
    m = HEAD | (BAND & DISC) | MADE_UP
    return img, m.astype(np.float32)


def _crop(prob, nose=(100, 72), face=28, box=(0, 0, W, H)) -> PersonCrop:
    x0, y0, x1, y1 = box
    marks = np.zeros((33, 2), np.float32)
    marks[:] = (100, 180)
    marks[0] = nose
    marks[1:7] = (nose[0], nose[1] - 6)
    marks[7], marks[8] = (nose[0] - face / 2, nose[1] - 4), (nose[0] + face / 2, nose[1] - 4)
    marks[11], marks[12] = (125, 105), (75, 105)
    return PersonCrop(prob[y0:y1, x0:x1].copy(), box, 0.9, marks, np.ones(33, np.float32), np.ones(33, np.float32))


def test_the_body_below_the_frame_is_cut():
    img, prob = _bust()
    z = outline_zone(img, prob, [_crop(prob)])
    below = MADE_UP & (np.hypot(YY - 80, XX - 100) > 53)   # past the frame's outline and its 2 px rim
    assert z[below].all()
    assert not z[DISC & (np.hypot(YY - 80, XX - 100) <= 48)].any()   # the bust inside the frame
    assert not z[prob <= 0.5].any()                                   # only the mask


def test_a_person_before_a_halo_disc_keeps_the_body():
    # the suit runs on below the disc in the image: no edge draws the disc's outline
    # across the body, so the disc is behind the person
    img, prob = _bust(halo=True)
    assert not outline_zone(img, prob, [_crop(prob)]).any()
    # the disc's rim drawn in front of the body (the frame before it): cut
    rim = (np.abs(np.hypot(YY - 80, XX - 100) - 51.5) <= 1.5) & BAND
    img[rim] = (250, 250, 250)
    assert outline_zone(img, prob, [_crop(prob)])[MADE_UP & (YY > 150)].all()


def test_a_textured_cross_not_along_the_outline_is_not_seen():
    # vertical stripes across the suit where it crosses the outline: edges, but across the
    # outline, not along it
    img, prob = _bust(halo=True)
    stripes = BAND & (YY >= 100) & (XX % 6 < 3)
    img[stripes] = (200, 200, 210)
    assert not outline_zone(img, prob, [_crop(prob)]).any()


def test_another_bodys_own_mask_stays():
    img, prob = _bust()
    other = np.zeros((H, W), np.float32)
    other[180:220, 70:100] = 1.0
    o = PersonCrop(other.copy(), (0, 0, W, H), 0.9, np.full((33, 2), np.nan, np.float32),
                   np.ones(33, np.float32), np.ones(33, np.float32))
    z = outline_zone(img, prob, [_crop(prob), o])
    assert not z[180:220, 70:100].any()
    assert z[180:220, 101:131].all()


@pytest.mark.parametrize("mark", [0, 7, 8, 11, 12])
def test_a_body_with_nan_landmarks_is_skipped(mark):
    img, prob = _bust()
    c = _crop(prob)
    c.landmarks[mark] = np.nan
    assert not outline_zone(img, prob, [c]).any()


def test_a_plate_of_the_clothes_colour_is_no_plate():
    # a hood or a backdrop of the suit's colour round the head is not told from the suit
    img, prob = _bust()
    img[DISC & ~(prob > 0.5)] = SUIT
    assert not outline_zone(img, prob, [_crop(prob)]).any()


def test_the_doors():
    img, prob = _bust()
    assert not outline_zone(img, prob, []).any()
    with pytest.raises(ContractError, match="prob"):
        outline_zone(img, prob[:-1], [_crop(prob)])
    for name, bad in (("cover", 0.0), ("fill", 1.5), ("rim_in", 0.0), ("gap", 400.0), ("seen", 0.0),
                      ("rim_out", -0.1), ("side", 1.1), ("near", 0.0), ("same", -1.0), ("tol", 0.0),
                      ("differ", -1.0), ("margin", -1), ("margin", 1.5), ("seeds", 0)):
        with pytest.raises(ContractError, match=name):
            outline_zone(img, prob, [_crop(prob)], **{name: bad})
    with pytest.raises(ContractError, match="low"):
        outline_zone(img, prob, [_crop(prob)], low=200, high=10)


@pytest.mark.parametrize("bad", [1, "yes", None, 0.5])
def test_the_backend_option_is_a_bool(bad):
    with pytest.raises(ContractError, match="outline_cut"):
        M.MediaPipePerson(outline_cut=bad)


def test_the_backend_option_defaults_on():
    assert M.MediaPipePerson().outline_cut is True
    assert M.MediaPipePerson(outline_cut=False).outline_cut is False


def test_the_backend_cuts_the_finished_map_when_on(monkeypatch):
    img, prob = _bust()

    def body():
        return _crop(prob)

    opts = {"parted_cut": False, "plate_cut": False}
    off = one_body_backend(monkeypatch, body, (70, 40, 130, 0.0), outline_cut=False, **opts)._predict_one(img)
    assert (off[prob > 0.5] == 1.0).all()
    on = one_body_backend(monkeypatch, body, (70, 40, 130, 0.0), outline_cut=True, **opts)._predict_one(img)
    assert (on[MADE_UP & (YY > 140)] == 0.0).all() and (on[HEAD] == 1.0).all()
    assert on.dtype == np.float32


def _frame_from_every_pixel(g, mask, nose, win, shape, **kw):
    """``_plate_frame`` as session 31 first wrote it: the hull of every plate pixel."""
    import cv2

    real = cv2.convexHull

    def every(points, *a, **k):
        ys, xs = np.nonzero(g)
        return real(np.stack([xs, ys], 1).astype(np.float32), *a, **k)

    try:
        cv2.convexHull = every
        return R._plate_frame(g, mask, nose, win, shape, **kw)
    finally:
        cv2.convexHull = real


FRAME_KW = {"fill": 0.9, "rim_in": 0.8, "rim_out": 0.2, "gap": 170.0, "side": 0.1}


@pytest.mark.parametrize("seed", range(6))
def test_the_frame_from_each_rows_ends_is_the_frame_from_every_pixel(seed):
    # the hull of a plate is the hull of each row's first and last pixel: the same frame, exactly
    rng = np.random.default_rng(seed)
    gh, gw = 160, 150
    yy, xx = np.mgrid[:gh, :gw]
    cy, cx, r = 80 + rng.integers(-6, 7), 75 + rng.integers(-6, 7), int(rng.integers(40, 60))
    inside = np.hypot(yy - cy, xx - cx) <= r if seed % 2 else (np.abs(yy - cy) <= r) & (np.abs(xx - cx) <= 0.7 * r)
    mask = inside & (np.hypot(yy - cy + 0.2 * r, xx - cx) <= 0.35 * r) | inside & (yy > cy) & (np.abs(xx - cx) < 0.4 * r)
    g = inside & ~mask & (rng.random((gh, gw)) > 0.1)   # a speckled plate round the bust
    got = R._plate_frame(g, mask, (cx, cy), (20, 30), (400, 400), **FRAME_KW)
    want = _frame_from_every_pixel(g, mask, (cx, cy), (20, 30), (400, 400), **FRAME_KW)
    assert (got is None) == (want is None)
    if got is not None:
        assert got[0] == want[0] and np.array_equal(got[1], want[1])


def test_the_frames_hull_takes_at_most_two_points_a_row(monkeypatch):
    # the hull of every plate pixel was outline_zone's dearest step (session 31 person2)
    import cv2

    seen = []
    real = cv2.convexHull

    def spy(points, *a, **k):
        seen.append(len(points))
        return real(points, *a, **k)

    monkeypatch.setattr(cv2, "convexHull", spy)
    img, prob = _bust()
    outline_zone(img, prob, [_crop(prob)])
    assert seen and max(seen) <= 2 * H


def _iou(pred, gt):
    return float((pred & gt).sum()) / max(float((pred | gt).sum()), 1.0)


@needs_pose_models
def test_the_default_backend_cuts_a_framed_busts_made_up_body(hard):
    # session 31: a bust in a disc over a red saucer, its body made up below the frame
    # (look-alike tune, 0.241 with the cut off, 0.617 with it on)
    r = next(r for r in hard.build_lookalikes("tune", only=("person_frames",))
             if r["meta"]["stem"] == "look3000_hard_person_frames_tune_2")
    gt, image = r["person"], r["creative"]
    on = _iou(M.MediaPipePerson().segment(image), gt)
    off = _iou(M.MediaPipePerson(outline_cut=False).segment(image), gt)
    assert on > off + 0.2 and on > 0.5
