"""A body the models complete where something in front of it hides it (a table, the
plate below a framed bust): cut past the first line across the body where the mask looks
like what lies beside it on both sides and unlike the clothes before it
(person/refine.py ``occluder_zone``, person/mediapipe.py ``occluder_cut``; session 27)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import one_body_backend

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person.pose import PersonCrop
from creative_tools.person.refine import occluder_zone

H, W = 120, 80
SUIT, PLATE, SKY = (30, 30, 40), (200, 200, 200), (90, 140, 220)


def _scene(left=PLATE, right=PLATE):
    """A dark suit (rows 10-59, columns 25-54) on a sky; below row 60 a plate (``left``
    of column 55, ``right`` from it) hides the rest of the body."""
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = SKY
    img[60:, :55], img[60:, 55:] = left, right
    img[10:60, 25:55] = SUIT
    return img


def _body(box=(0, 0, W, H), rows=(10, 100), cols=(25, 55), shoulders=30.0, hips=60.0) -> PersonCrop:
    """Shoulders at y = ``shoulders`` (sw 20), hips at y = ``hips``; its own pose mask
    ``rows`` x ``cols``: down to row 100, a body made up over the plate."""
    lm = np.zeros((33, 2), np.float32)
    lm[0] = (40, 18)
    lm[11], lm[12] = (50, shoulders), (30, shoulders)
    lm[23], lm[24] = (46, hips), (34, hips)
    x0, y0, x1, y1 = box
    own = np.zeros((y1 - y0, x1 - x0), np.float32)
    own[rows[0] - y0:rows[1] - y0, cols[0] - x0:cols[1] - x0] = 1.0
    return PersonCrop(own, box, 0.9, lm, np.ones(33, np.float32), np.ones(33, np.float32))


def _prob(*bodies):
    prob = np.zeros((H, W), np.float32)
    for c in bodies:
        x0, y0, x1, y1 = c.box
        np.maximum(prob[y0:y1, x0:x1], c.prob, out=prob[y0:y1, x0:x1])
    return prob


def test_the_body_made_up_over_a_plate_is_cut_at_the_plates_edge():
    c = _body()
    zone = occluder_zone(_scene(), _prob(c), [c])
    assert zone[60:100, 25:55].all()                 # the made-up body over the plate
    assert not zone[:60].any()                       # the suit, the head
    assert not zone[60:, :25].any() and not zone[60:, 55:].any()   # only the mask


def test_a_body_unlike_what_lies_beside_it_stays():
    img = _scene()
    img[60:100, 25:55] = (120, 60, 40)               # trousers, not the plate
    c = _body()
    assert not occluder_zone(img, _prob(c), [c]).any()


def test_the_occluder_must_go_on_across_the_body():
    # the plate under the body and on its left only: on the right of the mask lies
    # something else (the plate is a backdrop the body ends on, not something in front)
    c = _body()
    assert not occluder_zone(_scene(right=(40, 160, 60)), _prob(c), [c]).any()


def test_a_body_only_partly_the_occluders_colour_stays():
    # a striped garment: three columns in five the plate's grey (its median), two the
    # suit's: most of it is not the occluder
    img = _scene()
    for x in range(25, 55, 5):
        img[60:100, x:x + 2] = SUIT
    c = _body()
    assert not occluder_zone(img, _prob(c), [c]).any()


def test_a_line_the_colour_barely_changes_at_is_no_occluders_edge():
    # a light grey jacket ending on a plate a little lighter (CIELAB ~20 apart, under
    # ``differ``): nothing says the body ends there
    img = _scene()
    img[10:60, 25:55] = (180, 180, 180)
    c = _body()
    assert not occluder_zone(img, _prob(c), [c]).any()
    assert occluder_zone(img, _prob(c), [c], differ=15.0)[60:100, 25:55].all()


def test_what_looks_like_the_clothes_past_the_line_stays():
    img = _scene()
    img[70:76, 30:50] = SUIT                         # an arm resting on the table
    c = _body()
    zone = occluder_zone(img, _prob(c), [c])
    assert not zone[70:76, 30:50].any()
    assert zone[80:100, 25:55].all() and zone[60:70, 25:55].all()


def test_another_bodys_own_mask_stays():
    c = _body()
    # a second body in front (degenerate landmarks: it is not measured itself)
    other = _body(rows=(80, 100), cols=(25, 40), shoulders=60.0, hips=60.0)
    zone = occluder_zone(_scene(), _prob(c, other), [c, other])
    assert not zone[80:100, 25:40].any()
    assert zone[80:100, 40:55].all() and zone[60:80, 25:55].all()


def test_too_little_beside_the_mask_is_no_occluder():
    # the mask fills the frame's width past the line: nothing beside it to compare
    c = _body(rows=(10, 100), cols=(0, W))
    img = _scene()
    img[10:60] = SUIT
    assert not occluder_zone(img, _prob(c), [c]).any()


def test_no_bodies_and_the_doors():
    img, c = _scene(), _body()
    assert not occluder_zone(img, _prob(c), []).any()
    with pytest.raises(ContractError, match="prob"):
        occluder_zone(img, _prob(c)[:-1], [c])
    with pytest.raises(ContractError):
        occluder_zone(img[..., :2], _prob(c), [c])


@pytest.mark.parametrize("bad", [1, "yes", None, 0.5])
def test_the_backend_option_is_a_bool(bad):
    with pytest.raises(ContractError, match="occluder_cut"):
        M.MediaPipePerson(occluder_cut=bad)


def test_the_backend_option_defaults_off():
    assert M.MediaPipePerson().occluder_cut is False
    assert M.MediaPipePerson(occluder_cut=True).occluder_cut is True


def _stub(monkeypatch, on: bool):
    """The backend without its models, one verified body (:func:`_body`), ``occluder_cut`` on or off."""
    return one_body_backend(monkeypatch, _body, (40, 60, 100, 0.0), occluder_cut=on)


def test_the_backend_cuts_the_finished_map_when_on(monkeypatch):
    img = _scene()
    off = _stub(monkeypatch, False)._predict_one(img)
    assert (off[10:100, 25:55] == 1.0).all()
    on = _stub(monkeypatch, True)._predict_one(img)
    assert (on[60:100, 25:55] == 0.0).all() and (on[10:60, 25:55] == 1.0).all()
    assert on.dtype == np.float32
