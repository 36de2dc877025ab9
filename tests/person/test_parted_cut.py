"""A body the models complete past an image edge that parts it from its shoulders (a
frame's lower rim, a table's edge): the parted piece is cut where it looks like what lies
beside the mask and unlike the clothes before it (person/refine.py ``parted_zone``,
person/mediapipe.py ``parted_cut``; session 29)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import one_body_backend

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person.pose import PersonCrop
from creative_tools.person.refine import parted_zone

H, W = 300, 200
SUIT, PLATE, SKY, RIM = (30, 30, 40), (200, 200, 200), (90, 140, 220), (120, 120, 120)


def _scene(left=PLATE, right=PLATE):
    """A dark suit (rows 30-149, columns 50-149) on a sky; a frame's rim (rows 150-151)
    and below it a plate (``left`` of column 150, ``right`` from it)."""
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = SKY
    img[152:, :150], img[152:, 150:] = left, right
    img[150:152, 10:190] = RIM
    img[30:150, 50:150] = SUIT
    return img


def _body(rows=(30, 280), cols=(50, 150), lm=True) -> PersonCrop:
    """Shoulders at y = 60 (sw 90), hips at y = 180; its own pose mask ``rows`` x ``cols``:
    down to row 280, a body made up over the plate below the rim."""
    marks = np.zeros((33, 2), np.float32)
    if lm:
        marks[0] = (100, 40)
        marks[11], marks[12] = (145, 60), (55, 60)
        marks[23], marks[24] = (140, 180), (60, 180)
    own = np.zeros((H, W), np.float32)
    own[rows[0]:rows[1], cols[0]:cols[1]] = 1.0
    return PersonCrop(own, (0, 0, W, H), 0.9, marks, np.ones(33, np.float32), np.ones(33, np.float32))


def _prob(*bodies):
    prob = np.zeros((H, W), np.float32)
    for c in bodies:
        np.maximum(prob, c.prob, out=prob)
    return prob


def test_the_body_made_up_below_a_frames_rim_is_cut():
    c = _body()
    zone = parted_zone(_scene(), _prob(c), [c])
    assert zone[160:275, 55:145].all()               # the made-up body over the plate
    assert not zone[:148].any()                      # the suit, the head
    assert not zone[:, :50].any() and not zone[:, 150:].any()   # only the mask


def test_one_side_suffices():
    # the plate on the body's left only (something else on its right): the rim says
    # where the body ends (occluder_zone wants the occluder on both sides)
    c = _body()
    assert parted_zone(_scene(right=(40, 160, 60)), _prob(c), [c])[160:275, 55:145].all()


def test_trousers_unlike_what_lies_beside_them_stay():
    img = _scene()
    img[152:280, 50:150] = (120, 60, 40)
    c = _body()
    assert not parted_zone(img, _prob(c), [c]).any()


def test_a_body_like_its_clothes_stays():
    # a light grey suit over the plate's grey: the piece past the rim could be either
    img = _scene()
    img[30:150, 50:150] = (185, 185, 185)
    c = _body()
    assert not parted_zone(img, _prob(c), [c]).any()


def test_a_patch_inside_the_clothes_stays():
    # a patch of the sky's colour on the jacket, past the chest, parted by its edges:
    # it does not reach the mask's outline, so it is no made-up body
    img = _scene()
    img[110:145, 80:120] = SKY
    c = _body(rows=(30, 150))
    assert not parted_zone(img, _prob(c), [c]).any()


def test_a_piece_far_from_the_shoulders_piece_stays():
    # the same made-up body, 15 px of plate off the mask between it and the rim (more
    # than a tenth of the shoulders' width): not parted by the edge, another piece
    c = _body()
    prob = _prob(c)
    prob[150:165] = 0.0
    own = c.prob.copy()
    own[150:165] = 0.0
    c = PersonCrop(own, c.box, 0.9, c.landmarks, c.visibility, c.in_frame)
    assert not parted_zone(_scene(), prob, [c]).any()


def test_another_bodys_own_mask_stays():
    c = _body()
    other = _body(rows=(200, 280), cols=(60, 140), lm=False)   # no landmarks: not measured
    zone = parted_zone(_scene(), _prob(c, other), [c, other])
    assert zone[160:195, 55:145].all()
    assert not zone[200:280, 60:140].any()


def test_the_doors():
    img, c = _scene(), _body()
    assert not parted_zone(img, _prob(c), []).any()
    with pytest.raises(ContractError, match="prob"):
        parted_zone(img, _prob(c)[:-1], [c])
    with pytest.raises(ContractError):
        parted_zone(img[..., :2], _prob(c), [c])


@pytest.mark.parametrize("bad", [1, "yes", None, 0.5])
def test_the_backend_option_is_a_bool(bad):
    with pytest.raises(ContractError, match="parted_cut"):
        M.MediaPipePerson(parted_cut=bad)


def test_the_backend_option_defaults_on():
    assert M.MediaPipePerson().parted_cut is True
    assert M.MediaPipePerson(parted_cut=False).parted_cut is False


class _Ok:
    ok, rescued, reason = True, False, "ok"


def _stub(monkeypatch, on: bool):
    """The backend without its models, one verified body (:func:`_body`), ``parted_cut`` on or off."""
    return one_body_backend(monkeypatch, _body, (100, 40, 100, 0.0), parted_cut=on)


def test_the_backend_cuts_the_finished_map_when_on(monkeypatch):
    img = _scene()
    off = _stub(monkeypatch, False)._predict_one(img)
    assert (off[30:280, 50:150] == 1.0).all()
    on = _stub(monkeypatch, True)._predict_one(img)
    assert (on[160:275, 55:145] == 0.0).all() and (on[30:148, 50:150] == 1.0).all()
    assert on.dtype == np.float32


# --- session 29, pmends: the review's counter-examples and the guards' own tests ---------

def _full_body(ground, top, bottom, *, skin=(200, 160, 130)):
    """A full-body person in flat colours on a plain ``ground``: a head, a ``top`` from the
    shoulders (y = 70) to the hips (y = 175), two legs in ``bottom`` to y = 295; the map is
    the person exactly (the review's cx.py)."""
    import cv2

    img = np.zeros((H, W, 3), np.uint8)
    img[:] = ground
    mask = np.zeros((H, W), np.uint8)
    cv2.circle(img, (100, 40), 20, skin, -1)
    cv2.circle(mask, (100, 40), 20, 1, -1)
    img[60:175, 55:145], mask[60:175, 55:145] = top, 1
    for x0, x1 in ((65, 98), (102, 135)):
        img[175:295, x0:x1], mask[175:295, x0:x1] = bottom, 1
    img[175:200, 65:135], mask[175:200, 65:135] = bottom, 1
    return img, mask.astype(np.float32)


def _full_crop(prob):
    marks = np.zeros((33, 2), np.float32)
    marks[0] = (100, 40)
    marks[11], marks[12] = (140, 70), (60, 70)
    marks[23], marks[24] = (130, 170), (70, 170)
    return PersonCrop(prob.copy(), (0, 0, W, H), 0.9, marks, np.ones(33, np.float32), np.ones(33, np.float32))


def _dress():
    img, prob = _full_body((205, 165, 135), (170, 30, 50), (200, 160, 130))
    img[175:240, 60:140], prob[175:240, 60:140] = (170, 30, 50), 1.0   # a dress to the knees, bare legs below
    return img, prob


@pytest.mark.parametrize("scene", [
    lambda: _full_body((235, 235, 235), (40, 40, 60), (238, 238, 236)),   # white jeans on a white studio
    lambda: _full_body((15, 15, 15), (230, 230, 230), (20, 20, 22)),      # black trousers on black
    _dress,                                                               # bare legs on a skin-toned wall
], ids=["white-jeans", "black-on-black", "dress"])
def test_legs_of_the_grounds_colour_stay(scene):
    # the hem parts the legs and they look like the ground beside them, but the ground does
    # not change at the hem (a frame's rim or a table's edge would change it)
    img, prob = scene()
    c = _full_crop(prob)
    assert not parted_zone(img, prob, [c]).any()
    assert parted_zone(img, prob, [c], ground=False)[250:290, 70:95].all()   # session 29's rule cut them


def test_a_piece_near_but_not_the_plates_colour_stays():
    # a warm beige of the plate's grey (no edge between them): unlike the suit, nearer the
    # plate than the suit, the ground changes at the rim, but 21.6 from the plate in
    # CIELAB: more than `same`
    img = _scene()
    img[152:280, 50:150] = (230, 195, 165)
    c = _body()
    assert not parted_zone(img, _prob(c), [c]).any()
    assert parted_zone(img, _prob(c), [c], same=25.0)[160:275, 55:145].all()


def test_a_piece_parted_at_mid_chest_stays():
    # a rim across the chest (y = 80, 0.17 torso lengths past the shoulders) and the plate
    # below it in the mask down to y = 115: its median lies 0.3 torso lengths past the
    # shoulders, the chest, not the legs
    img = _scene()
    img[:, :] = SKY
    img[82:, :] = PLATE
    img[80:82, 10:190] = RIM
    img[30:80, 50:150] = SUIT
    c = _body(rows=(30, 116))
    assert not parted_zone(img, _prob(c), [c]).any()
    assert parted_zone(img, _prob(c), [c], past=0.2)[85:112, 55:145].all()


def test_a_piece_mostly_like_the_clothes_stays():
    # below the rim, a dark grey band like the suit, then a soft ramp (no Canny edge) to
    # the plate's grey: the piece's median is the plate's, but a third of its pixels are
    # nearer the suit than the plate
    img = _scene()
    img[152:190, 50:150] = 100
    img[190:210, 50:150] = np.linspace(100, 200, 20, dtype=np.uint8)[:, None, None]
    c = _body()
    assert not parted_zone(img, _prob(c), [c]).any()
    assert parted_zone(img, _prob(c), [c], share=0.6)[160:275, 55:145].all()


def test_only_the_mask_is_cut():
    # an all-zero map: the body's own pose mask is split into pieces, but nothing of the
    # mask (the map > 0.5) is there to cut
    c = _body()
    assert not parted_zone(_scene(), np.zeros((H, W), np.float32), [c]).any()
    prob = _prob(c)
    prob[200:280] = 0.3                                  # the map low over the made-up legs' lower part
    zone = parted_zone(_scene(), prob, [c])
    assert zone[160:195, 55:145].all() and not zone[200:].any()


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_the_backend_ground_option_is_a_bool(bad):
    with pytest.raises(ContractError, match="parted_ground"):
        M.MediaPipePerson(parted_ground=bad)


def test_the_backend_passes_the_ground_option(monkeypatch):
    img, prob = _full_body((235, 235, 235), (40, 40, 60), (238, 238, 236))
    seg = _stub(monkeypatch, True)
    monkeypatch.setattr(seg, "people", lambda image: [(None, (100, 40, 100, 0.0), _full_crop(prob), _Ok())],
                        raising=False)
    assert (seg._predict_one(img)[200:290, 70:95] == 1.0).all()
    seg.parted_ground = False
    assert (seg._predict_one(img)[200:290, 70:95] == 0.0).all()


def test_a_working_size_reads_a_large_creative_like_a_small_one():
    # the frame-rim scene at 5x (1000 x 1500, linear): at full resolution Canny's fixed
    # thresholds miss the rim's softened edge and nothing is cut (the review's scale.py);
    # read at a long side of 512 it is cut as at 1x, and the zone stays inside the mask
    import cv2

    s = 5
    img = cv2.resize(_scene(), (W * s, H * s), interpolation=cv2.INTER_LINEAR)
    c = _body()
    own = cv2.resize(c.prob, (W * s, H * s), interpolation=cv2.INTER_NEAREST)
    big = PersonCrop(own, (0, 0, W * s, H * s), 0.9, c.landmarks * s, c.visibility, c.in_frame)
    zone = parted_zone(img, own, [big], work=512)
    assert zone[160 * s:275 * s, 55 * s:145 * s].all()
    assert not zone[:148 * s].any() and not zone[own <= 0.5].any()


def test_a_working_size_leaves_a_small_creative_as_it_is():
    c = _body()
    assert (parted_zone(_scene(), _prob(c), [c], work=512) == parted_zone(_scene(), _prob(c), [c])).all()


@pytest.mark.parametrize("bad", [True, 63, 100.0, "512"])
def test_the_working_size_is_an_int_of_64_or_more(bad):
    c = _body()
    with pytest.raises(ContractError, match="work"):
        parted_zone(_scene(), _prob(c), [c], work=bad)
