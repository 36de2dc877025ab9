"""Legs the pose model paints over what hides them (person/mediapipe.py ``legs_veto``,
``hidden_legs``; session 14): a person seated behind a table gets legs over the table
when the pose model cannot see its knees (VOC's cafeteria photo); they are dropped where
the selfie model sees no one, never on another person."""

from __future__ import annotations

import math

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.person.mediapipe import MediaPipePerson, hidden_legs
from creative_tools.person.pose import PersonCrop


def _body(box=(0, 0, 60, 100), mid=(30.0, 20.0), sw=20.0, angle=0.0, knees=0.1, knees_in=0.9) -> PersonCrop:
    """A body with shoulders around ``mid`` and hips 1.5 sw below them (turned by
    ``angle`` radians), its mask the whole ``box``; knee visibility ``knees``."""
    down = np.array([-math.sin(angle), math.cos(angle)])
    across = np.array([math.cos(angle), math.sin(angle)])
    mid = np.asarray(mid, np.float64)
    lm = np.zeros((33, 2), np.float32)
    lm[11], lm[12] = mid + across * sw / 2, mid - across * sw / 2
    hips = mid + down * 1.5 * sw
    lm[23], lm[24] = hips + across * sw / 3, hips - across * sw / 3
    lm[0] = mid - down * 0.6 * sw
    lm[25:29] = hips + down * sw
    vis, inf = np.ones(33, np.float32), np.ones(33, np.float32)
    vis[[25, 26]], inf[[25, 26]] = knees, knees_in
    x0, y0, x1, y1 = box
    return PersonCrop(np.ones((y1 - y0, x1 - x0), np.float32), box, 0.9, lm, vis, inf)


# --- (a) the zone, by hand --------------------------------------------------------------


def test_hidden_legs_zone_starts_past_the_hips_along_the_body():
    box, m = hidden_legs((100, 60), _body())             # hips at y = 50, sw 20
    assert box == (slice(0, 100), slice(0, 60))
    assert not m[:55].any()                               # within 0.25 sw of the hips
    assert m[56:].all()
    # a body lying on its side: "below the hips" follows the body, not the image
    _, m = hidden_legs((100, 60), _body(mid=(10.0, 50.0), angle=-math.pi / 2))
    assert m[:, 46:].all() and not m[:, :44].any()


@pytest.mark.parametrize("knees, knees_in", [(0.9, 0.9), (0.5, 0.9), (0.1, 0.2)])
def test_hidden_legs_needs_knees_in_the_crop_and_unseen(knees, knees_in):
    # seen knees, or knees out of the crop (a bust cut by the frame): no zone
    _, m = hidden_legs((100, 60), _body(knees=knees, knees_in=knees_in))
    assert not m.any()


# --- the veto on a frame ------------------------------------------------------------------


def _veto(bodies, seen, seeds=None, legs=0.25):
    seg = MediaPipePerson.__new__(MediaPipePerson)  # no model files: only the rule runs
    seg.legs_veto = legs
    prob = np.zeros((100, 60), np.float32)
    for c in bodies:
        x0, y0, x1, y1 = c.box
        np.maximum(prob[y0:y1, x0:x1], c.prob, out=prob[y0:y1, x0:x1])
    seg._legs_veto(prob, seen, np.zeros((100, 60), np.uint8) if seeds is None else seeds, bodies)
    return prob


def test_legs_painted_over_a_table_go_where_the_selfie_model_sees_no_one():
    seen = np.ones((100, 60), np.float32)
    seen[70:, :] = 0.2  # the table: the selfie model is unsure
    prob = _veto([_body()], seen)
    assert not prob[70:].any()                 # made-up legs over the table
    assert (prob[:70] == 1.0).all()            # the body, and legs the selfie model sees


def test_legs_veto_never_cuts_another_person_or_a_seed():
    seen = np.zeros((100, 60), np.float32)
    below = _body(box=(0, 75, 60, 100), mid=(30.0, 85.0), knees=0.9)   # someone in front
    seeds = np.zeros((100, 60), np.uint8)
    seeds[60:64, 28:32] = 1
    prob = _veto([_body(), below], seen, seeds)
    assert (prob[75:] == 1.0).all() and (prob[60:64, 28:32] == 1.0).all()
    assert not prob[56:60].any() and not prob[64:75].any()


def test_legs_veto_is_checked():
    # (checked before any model file is looked for)
    with pytest.raises(ContractError, match="legs_veto must be None or >= 0"):
        MediaPipePerson(legs_veto=-0.1)
    # inert without the bodies and the selfie map it reads: refused, not silently ignored
    with pytest.raises(ContractError, match="legs_veto needs colour_cut=True and selfie='near'"):
        MediaPipePerson(legs_veto=0.25, colour_cut=False)
    with pytest.raises(ContractError, match="legs_veto needs colour_cut=True and selfie='near'"):
        MediaPipePerson(legs_veto=0.25, selfie="never")
