"""A framed bust whose mask swallowed its frame's plate whole (an avatar's disc): the flat
plate round the head, inside a mask piece that is the frame's convex outline, is cut
(person/refine.py ``plate_zone``, person/mediapipe.py ``plate_cut``; session 30)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import one_body_backend

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person.pose import PersonCrop
from creative_tools.person.refine import plate_zone

H, W = 240, 240
GROUND, PLATE, SKIN, SUIT = (200, 120, 60), (40, 90, 220), (230, 190, 160), (30, 30, 30)
YY, XX = np.mgrid[:H, :W]


def _disc_scene(plate=PLATE):
    """An avatar's disc (radius 70 round (120, 120)) on an orange ground: a ``plate``, a face
    (radius 20 round (120, 100)), a dark suit below it to the disc's rim; the map is the
    whole disc (the plate swallowed)."""
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = GROUND
    disc = np.hypot(YY - 120, XX - 120) <= 70
    img[disc] = plate
    img[disc & (YY >= 128) & (np.abs(XX - 120) <= 42)] = SUIT
    img[np.hypot(YY - 100, XX - 120) <= 20] = SKIN
    return img, disc.astype(np.float32)


def _crop(prob, nose=(120, 104), face=30) -> PersonCrop:
    marks = np.zeros((33, 2), np.float32)
    marks[:] = (120, 180)
    marks[0] = nose
    marks[1:7] = (nose[0], nose[1] - 8)
    marks[7], marks[8] = (nose[0] - face / 2, nose[1] - 4), (nose[0] + face / 2, nose[1] - 4)
    marks[11], marks[12] = (155, 135), (85, 135)
    return PersonCrop(prob.copy(), (0, 0, W, H), 0.9, marks, np.ones(33, np.float32), np.ones(33, np.float32))


def test_the_swallowed_plate_is_cut():
    img, prob = _disc_scene()
    z = plate_zone(img, prob, [_crop(prob)])
    plate = (prob > 0.5) & np.all(img == PLATE, axis=2)
    assert z[plate].mean() > 0.8   # the plate above and beside the head (less the edges grown by one pixel)
    assert not z[np.all(img == SKIN, axis=2)].any()   # the face
    assert not z[np.all(img == SUIT, axis=2)].any()   # the suit
    assert not z[prob <= 0.5].any()                   # only the mask


def test_a_person_whose_outline_is_not_convex_keeps_it():
    # the same plate, but the mask is the head on the shoulders and a strip of plate
    # beside the neck: the mask's piece is no frame (solidity under 0.95)
    img, disc = _disc_scene()
    prob = np.zeros((H, W), np.float32)
    prob[(np.hypot(YY - 100, XX - 120) <= 32)] = 1.0                   # the head with a rim of plate
    prob[(YY >= 128) & (YY <= 190) & (np.abs(XX - 120) <= 42)] = 1.0   # the suit
    prob[(YY >= 100) & (YY < 128) & (np.abs(XX - 120) <= 10)] = 1.0    # the neck
    prob[disc < 0.5] = 0.0
    assert not plate_zone(img, prob, [_crop(prob)]).any()
    assert plate_zone(img, prob, [_crop(prob)], solidity=0.5, shape=0.0).any()   # the convexity test keeps it


def test_a_convex_outline_that_is_no_disc_nor_card_keeps_it():
    # a pyramid of flat hair and shoulders round the face: convex, but it fills neither
    # its smallest circle (0.42) nor its smallest rectangle (0.51)
    import cv2

    img, _ = _disc_scene()
    tri = np.zeros((H, W), np.uint8)
    cv2.fillPoly(tri, [np.array([[120, 45], [45, 190], [195, 190]], np.int32)], 1)
    m = tri > 0
    img[~m] = GROUND
    img[m & np.all(img == GROUND, axis=2)] = PLATE
    p = m.astype(np.float32)
    assert not plate_zone(img, p, [_crop(p)]).any()
    assert plate_zone(img, p, [_crop(p)], shape=0.0).any()          # the frame's shape test keeps it


def test_a_card_with_a_bite_out_of_its_side_is_no_frame():
    # a card (rows and columns 50-189) with a notch in its top side: it fills 0.93 of its
    # rectangle (a frame's shape) but only 0.93 of its convex hull (a frame is convex)
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = GROUND
    card = (YY >= 50) & (YY < 190) & (XX >= 50) & (XX < 190)
    img[card] = PLATE
    img[card & (YY >= 128) & (np.abs(XX - 120) <= 42)] = SUIT
    img[np.hypot(YY - 100, XX - 120) <= 20] = SKIN
    bite = (YY >= 50) & (YY < 70) & (XX >= 80) & (XX < 160)
    img[bite] = GROUND
    p = (card & ~bite).astype(np.float32)
    assert not plate_zone(img, p, [_crop(p)]).any()
    assert plate_zone(img, p, [_crop(p)], solidity=0.5).any()      # the convexity test keeps it


def test_a_plate_of_the_faces_colour_stays():
    img, prob = _disc_scene(plate=(225, 185, 160))                  # near the skin: could be a neck, an arm
    img[np.abs(np.hypot(YY - 100, XX - 120) - 20) < 1.5] = (120, 60, 40)   # (the face's outline, an edge)
    assert not plate_zone(img, prob, [_crop(prob)]).any()
    assert plate_zone(img, prob, [_crop(prob)], differ=0).any()     # the face's colour is what keeps it


def test_a_textured_plate_stays():
    img, prob = _disc_scene()
    rng = np.random.default_rng(0)
    noise = rng.integers(-40, 41, size=(H, W, 3))
    plate = np.all(img == PLATE, axis=2)
    img[plate] = np.clip(img[plate].astype(int) + noise[plate], 0, 255).astype(np.uint8)
    z = plate_zone(img, prob, [_crop(prob)])
    assert z.sum() < 0.05 * plate.sum()


def test_a_plate_of_many_colours_stays():
    # a slow ramp (no edge inside it) from blue to green: no flat colour
    img, prob = _disc_scene()
    plate = np.all(img == PLATE, axis=2)
    t = (XX[plate] - 50) / 140.0
    img[plate] = np.stack([40 + 0 * t, 90 + 120 * t, 220 - 160 * t], 1).astype(np.uint8)
    assert not plate_zone(img, prob, [_crop(prob)]).any()
    assert plate_zone(img, prob, [_crop(prob)], uniform=0.01).any()   # the flatness test is what keeps it


def test_a_piece_below_the_face_only_stays():
    # the plate only beside the suit (the head reaches the disc's top): under 270 degrees
    img, prob = _disc_scene()
    top = (np.hypot(YY - 120, XX - 120) <= 70) & (YY < 128)
    img[top] = SKIN
    img[np.abs(np.hypot(YY - 100, XX - 120) - 20) < 1.5] = (120, 60, 40)
    z = plate_zone(img, prob, [_crop(prob)])
    assert not z.any()
    assert plate_zone(img, prob, [_crop(prob)], cover=60).any()     # the angle test is what keeps it


def test_another_bodys_own_mask_stays():
    img, prob = _disc_scene()
    other_own = np.zeros((H, W), np.float32)
    other_own[50:80, 60:180] = 1.0                                  # another body's own mask over the plate
    far = np.zeros((33, 2), np.float32)
    far[:] = (5, 5)
    other = PersonCrop(other_own, (0, 0, W, H), 0.9, far, np.ones(33, np.float32), np.ones(33, np.float32))
    z = plate_zone(img, prob, [_crop(prob), other])
    assert not z[50:80, 60:180].any() and z.any()


def _small(scale):
    import cv2

    img, prob = _disc_scene()
    img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    prob = cv2.resize(prob, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    c = _crop(_disc_scene()[1])
    h, w = prob.shape
    return img, prob, PersonCrop(prob, (0, 0, w, h), 0.9, c.landmarks * scale, c.visibility, c.in_frame)


def test_a_small_face_is_skipped():
    img, prob, c = _small(0.19)                       # ears 5.7 px apart: too small to measure
    assert not plate_zone(img, prob, [c]).any()
    img, prob, c = _small(0.2)                        # 6.0 px: the same scene is cut
    assert plate_zone(img, prob, [c]).any()


def test_the_doors():
    img, prob = _disc_scene()
    assert not plate_zone(img, prob, []).any()
    with pytest.raises(ContractError, match="prob"):
        plate_zone(img, prob[:-1], [_crop(prob)])
    with pytest.raises(ContractError, match="solidity"):
        plate_zone(img, prob, [_crop(prob)], solidity=0.0)
    with pytest.raises(ContractError, match="cover"):
        plate_zone(img, prob, [_crop(prob)], cover=400)
    with pytest.raises(ContractError, match="uniform"):
        plate_zone(img, prob, [_crop(prob)], uniform=0.0)
    with pytest.raises(ContractError, match="shape"):
        plate_zone(img, prob, [_crop(prob)], shape=1.5)   # a share: over 1 would never cut
    with pytest.raises(ContractError, match="low"):
        plate_zone(img, prob, [_crop(prob)], low=200, high=10)
    with pytest.raises(ContractError, match="low"):
        plate_zone(img, prob, [_crop(prob)], low=-1)


@pytest.mark.parametrize("bad", [1, "yes", None, 0.5])
def test_the_backend_option_is_a_bool(bad):
    with pytest.raises(ContractError, match="plate_cut"):
        M.MediaPipePerson(plate_cut=bad)


def test_the_backend_option_defaults_on():
    assert M.MediaPipePerson().plate_cut is True
    assert M.MediaPipePerson(plate_cut=False).plate_cut is False


def test_the_backend_cuts_the_finished_map_when_on(monkeypatch):
    img, prob = _disc_scene()

    def body():
        return _crop(prob)

    off = one_body_backend(monkeypatch, body, (90, 70, 150, 0.0), parted_cut=False, plate_cut=False)._predict_one(img)
    assert (off[prob > 0.5] == 1.0).all()
    on = one_body_backend(monkeypatch, body, (90, 70, 150, 0.0), parted_cut=False, plate_cut=True)._predict_one(img)
    plate = (prob > 0.5) & np.all(img == PLATE, axis=2)
    assert (on[plate] == 0.0).mean() > 0.8 and (on[np.all(img == SKIN, axis=2)] == 1.0).all()
    assert on.dtype == np.float32


def test_a_hood_of_the_clothes_colour_stays():
    # the plate is the suit's colour: a hood or a collar wraps the head as a plate does
    img, prob = _disc_scene()
    img[np.all(img == SUIT, axis=2)] = PLATE
    assert not plate_zone(img, prob, [_crop(prob)]).any()
    assert plate_zone(img, prob, [_crop(prob)], clothes=False).any()   # the clothes' test is what keeps it


def test_a_piece_the_border_cuts_is_no_frame():
    # the same disc moved up 60 px: the image's top border cuts it
    img, prob = _disc_scene()
    up_img, up_prob = np.roll(img, -60, axis=0), np.roll(prob, -60, axis=0)
    up_img[-60:], up_prob[-60:] = GROUND, 0.0
    c = _crop(up_prob, nose=(120, 44))
    c.landmarks[11:13, 1] -= 60
    assert up_prob[0].any()
    assert not plate_zone(up_img, up_prob, [c]).any()
    assert plate_zone(img, prob, [_crop(prob)]).any()


def test_a_piece_running_on_below_the_face_is_no_frame():
    # the disc ends 86 px (2.9 face widths) below the nose; a reach of 2 says it runs on
    img, prob = _disc_scene()
    assert not plate_zone(img, prob, [_crop(prob)], reach=2.0).any()
    assert plate_zone(img, prob, [_crop(prob)], reach=3.0).any()


@pytest.mark.parametrize("mark", [0, 7, 8, 11, 12, 3])
def test_a_body_with_nan_landmarks_is_skipped(mark):
    # a body whose nose, ears or shoulders are not finite is skipped (no crash); a NaN
    # eye only leaves that eye out of the face's pieces (pmends, review finding 3)
    img, prob = _disc_scene()
    c = _crop(prob)
    c.landmarks[mark] = np.nan
    z = plate_zone(img, prob, [c])
    assert z.any() == (mark == 3)


HEAD = np.hypot(YY - 100, XX - 120) <= 20


def test_a_helmet_the_grey_edges_join_to_the_plate_stays():
    # a red helmet of almost the plate's grey level: Canny on grey does not part it from the
    # plate, so it joins the plate's piece; only the plate's colour is cut (review finding 1)
    img, prob = _disc_scene()
    helmet = (np.hypot(XX - 120, YY - 92) <= 30) & (YY < 92) & ~(HEAD & (YY > 88))
    img[helmet] = (200, 40, 60)
    img[HEAD] = SKIN
    z = plate_zone(img, prob, [_crop(prob)])
    plate = (prob > 0.5) & np.all(img == PLATE, axis=2)
    assert z[plate].mean() > 0.8
    assert not z[helmet].any()


def test_long_flat_hair_inside_the_frame_stays():
    # white hair over the head and down both sides to the shoulders, inside a swallowed
    # disc: flat, unlike the face and the suit, round the nose over 270 degrees, but it
    # does not reach the frame's rim, as a plate does (review finding 2)
    img, prob = _disc_scene()
    top = (np.hypot(XX - 120, YY - 98) <= 32) & ~HEAD & (YY < 100)
    sides = (np.abs(XX - 120) > 16) & (np.abs(XX - 120) < 32) & (YY >= 100) & (YY < 150)
    hair = top | sides
    img[hair] = (245, 245, 245)
    img[HEAD] = SKIN
    z = plate_zone(img, prob, [_crop(prob)])
    plate = (prob > 0.5) & np.all(img == PLATE, axis=2)
    assert z[plate].mean() > 0.8
    assert not z[hair].any()


def test_a_piece_holding_an_eye_stays():
    # the outer eye's landmark on the flat piece round the head (as the pose model puts it
    # on a scarf or hair): a piece holding a nose or an eye of any body is the people's
    img, prob = _disc_scene()
    c = _crop(prob)
    c.landmarks[6] = (120, 60)                        # on the plate above the head
    assert not plate_zone(img, prob, [c]).any()
    assert plate_zone(img, prob, [_crop(prob)]).any()


def test_a_group_under_least_stays():
    # the plate holds about 8.5 squared face widths: a least above that keeps it
    img, prob = _disc_scene()
    assert not plate_zone(img, prob, [_crop(prob)], least=10.0).any()
    assert plate_zone(img, prob, [_crop(prob)], least=5.0).any()


def test_only_the_window_round_the_nose_is_looked_at():
    # a face 12 px wide: the window is 5 face widths (60 px) round the nose, so the plate
    # left of x = 60 and right of x = 180 stays while the plate inside it goes
    img, prob = _disc_scene()
    z = plate_zone(img, prob, [_crop(prob, face=12)], reach=10.0)
    assert z[40:70, 100:140].any()
    assert not z[:, :60].any() and not z[:, 181:].any()


def test_the_backend_cuts_the_coarse_map_too(monkeypatch):
    # with the fine pass's coarse map kept for the fill, the plate leaves both maps
    img, prob = _disc_scene()

    def body():
        return _crop(prob)

    monkeypatch.setattr(M, "guided_filter", lambda image, p, **kw: p)
    monkeypatch.setattr(M, "fine_edge", lambda image, p, **kw: p.copy())
    seg = one_body_backend(monkeypatch, body, (90, 70, 150, 0.0), parted_cut=False, plate_cut=True, refine=True,
                           refine_radius=0.01, refine_eps=1e-4, refine_subsample=1, refine_fine=0.005,
                           refine_fine_eps=1e-4, refine_fine_subsample=1, refine_fine_fill=True)
    fine, coarse = seg._maps_one(img)
    plate = (prob > 0.5) & np.all(img == PLATE, axis=2)
    assert coarse is not None
    for m in (fine, coarse):
        assert (m[plate] == 0.0).mean() > 0.8 and (m[np.all(img == SKIN, axis=2)] == 1.0).all()


def test_a_tiny_speck_of_the_plates_colour_stays():
    # an 8 x 8 badge of the plate's colour on the suit: the edges leave a piece under
    # 0.05 f² inside it, too small to measure, so it does not join the plate's group
    img, prob = _disc_scene()
    img[160:168, 117:125] = PLATE
    z = plate_zone(img, prob, [_crop(prob)])
    assert z.any() and not z[150:180, 105:140].any()
