"""``gate_between`` (session 36): a selfie part the landmark model cannot verify is kept
when it touches two or more verified people (a person hidden behind a crowd). By hand,
no models: :func:`between_people`, then the backend's gate with the landmark model
stubbed to refuse every part."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.person.selfie_gate import between_people


def _person(x0, y0, x1, y1, ears=20.0):
    return (x0, y0, x1, y1), np.ones((y1 - y0, x1 - x0), bool), ears


def _part(shape=(60, 100), box=(40, 10, 60, 50)):
    m = np.zeros(shape, bool)
    x0, y0, x1, y1 = box
    m[y0:y1, x0:x1] = True
    return m


# --- between_people -----------------------------------------------------------------------

def test_a_part_between_two_people_touches_both():
    part = _part()                                    # columns 40..59
    left, right = _person(10, 10, 38, 50), _person(62, 10, 90, 50)   # 2 px gaps: the band
    assert between_people(part, [left, right], band=2)
    assert not between_people(part, [left], band=2)          # one person: an object beside them
    assert not between_people(part, [left, right], band=1)   # a band of 1 px: the 2 px gaps stay
    assert between_people(part, [left, _person(0, 0, 5, 5), right], band=2)  # a far one in between


def test_one_person_verified_twice_counts_once():
    part = _part()
    left = _person(10, 10, 38, 50) + ((24.0, 20.0),)
    twice = _person(8, 5, 38, 55) + ((27.0, 22.0),)   # the same face from another window
    assert not between_people(part, [left, twice], band=2)
    assert between_people(part, [left, twice, _person(62, 10, 90, 50)], band=2)
    apart = _person(8, 5, 38, 55) + ((24.0, 40.0),)   # a face 20 px below: another person
    assert between_people(part, [left, apart], band=2)
    assert between_people(part, [left, twice[:3] + (None,)], band=2)          # unknown: another
    assert between_people(part, [left, twice[:3] + ((np.nan, 1.0),)], band=2)


def test_least_counts_the_people_touched():
    part = _part()
    people = [_person(10, 10, 38, 50), _person(62, 10, 90, 50)]
    assert between_people(part, people, band=2, least=1)
    assert not between_people(part, people, band=2, least=3)


def test_a_person_only_touches_with_its_own_pixels_not_its_box():
    part = _part()
    box, mask, ears = _person(10, 10, 45, 50)        # the box overlaps the part ...
    mask[:, 25:] = False                              # ... its mask ends 15 px short of it
    right = _person(62, 10, 90, 50)
    assert not between_people(part, [(box, mask, ears), right], band=2)
    mask[:, 25:] = True
    assert between_people(part, [(box, mask, ears), right], band=2)


def test_boxes_past_the_frame_are_clipped():
    part = _part(box=(0, 0, 20, 20))
    left = _person(-10, 0, 2, 40, ears=10.0)          # mostly left of the frame, on the part
    below = _person(-5, 22, 30, 80, ears=10.0)        # from 2 px below the part
    assert between_people(part, [left, below], band=2)
    assert not between_people(part, [left, below], band=1)
    box, mask, ears = below
    mask[:3] = False                                  # its mask's rows 22..24 empty: 5 px below
    assert not between_people(part, [left, (box, mask, ears)], band=2)


def test_a_hidden_person_shows_a_head_and_less_than_its_neighbours():
    part = _part()                                    # 20 x 40 = 800 px
    left, right = _person(10, 10, 38, 50), _person(62, 10, 90, 50)   # 1120 px each
    assert between_people(part, [left, right], band=2)               # ears 20: a head is 471 px
    small = [_person(10, 10, 38, 50, ears=30.0), right]              # ears 20 and 30: 20 counts
    assert between_people(part, small, band=2)
    big = [_person(10, 10, 38, 50, ears=27.0), _person(62, 10, 90, 50, ears=27.0)]  # 859 px
    assert not between_people(part, big, band=2)                     # a sliver, not a head
    assert between_people(part, big, band=2, head=None)
    narrow = [_person(10, 10, 38, 50), (right[0], np.zeros((40, 28), bool), 20.0)]
    narrow[1][1][:, :10] = True                                      # 400 px, touching
    assert not between_people(part, narrow, band=2)                  # more than a neighbour shows
    nan = float("nan")                                 # ears unknown: the other's count, else no
    assert between_people(part, [(left[0], left[1], nan), right], band=2)
    assert between_people(part, [right, (left[0], left[1], nan)], band=2)
    assert not between_people(part, [(left[0], left[1], nan), (right[0], right[1], nan)], band=2)


def test_between_people_checks_its_inputs():
    part = _part()
    with pytest.raises(ContractError, match="band"):
        between_people(part, [], band=-1)
    with pytest.raises(ContractError, match="like its box"):
        between_people(part, [((0, 0, 10, 10), np.ones((9, 10), bool), 5.0)], band=1)
    with pytest.raises(ContractError, match="part must be"):
        between_people(part[None], [], band=1)


# --- the backend's gate --------------------------------------------------------------------

def _gate_backend(monkeypatch, **options):
    """The mediapipe backend without models, its landmark model refusing every crop."""
    from creative_tools.person import mediapipe as M

    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.gate_band, seg.gate_min_area, seg.gate_roi_scale, seg.gate_presence = 0.02, 0.002, 1.6, 0.2
    seg.face_threshold, seg.shoulder_threshold, seg.roi_scale, seg.gate_legs = 0.7, 0.5, 1.25, None
    seg._nets = {"pose_landmark": None}
    for name, value in options.items():
        setattr(seg, name, value)
    monkeypatch.setattr(M, "segment_person", lambda net, view, roi: SimpleNamespace())
    monkeypatch.setattr(M, "verify_person", lambda crop, shape, **kw: SimpleNamespace(ok=False))
    return seg


def _crowd(one: bool = False):
    """Two found people (``one``: only the left) and the selfie map over both and over
    what lies between them."""
    image = np.full((100, 200, 3), 128, np.uint8)
    prob = np.zeros((100, 200), np.float32)
    prob[20:100, 20:80] = 1.0                        # the left person's pose mask
    prob[20:100, 120:180] = 1.0                      # the right one's (``_crowd(one=True)``: not found)
    if one:
        prob[:, 100:] = 0.0
    sp = np.zeros((100, 200), np.float32)
    sp[20:100, 20:180] = 0.9                         # the selfie map: both and the gap
    marks = np.zeros((33, 2), np.float32)
    marks[7], marks[8] = (0, 0), (30, 0)              # ears 30 px apart: a head is 1060 px
    far = marks.copy()
    far[0] = (150, 40)                                # the right one's nose (the left's at 0, 0)
    crops = [SimpleNamespace(box=(20, 20, 80, 100), prob=np.ones((80, 60), np.float32), landmarks=marks),
             SimpleNamespace(box=(120, 20, 180, 100), prob=np.ones((80, 60), np.float32), landmarks=far)]
    return image, sp, prob, crops


def test_the_gate_keeps_a_part_between_two_people_with_gate_between(monkeypatch):
    image, sp, prob, crops = _crowd()
    seg = _gate_backend(monkeypatch, gate_between=True)
    out = seg._gate(image, sp, prob.copy(), legs=crops)
    assert out[60, 100] == pytest.approx(0.9)         # the middle of the gap: kept
    off = _gate_backend(monkeypatch, gate_between=False)._gate(image, sp, prob.copy(), legs=crops)
    assert off[60, 100] == 0.0                        # off: dropped, as before
    assert off[60, 50] == pytest.approx(0.9) and out[60, 50] == pytest.approx(0.9)


def test_the_gate_drops_a_part_beside_one_person_with_gate_between(monkeypatch):
    image, sp, prob, crops = _crowd(one=True)
    seg = _gate_backend(monkeypatch, gate_between=True)
    out = seg._gate(image, sp, prob.copy(), legs=crops[:1])   # only the left person found
    assert out[60, 100] == 0.0 and out[60, 150] == 0.0
    assert out[60, 50] == pytest.approx(0.9)


def test_gate_between_is_off_by_default_and_checked():
    import inspect

    from creative_tools.person.mediapipe import MediaPipePerson

    assert inspect.signature(MediaPipePerson.__init__).parameters["gate_between"].default is False
    with pytest.raises(ContractError, match="gate_between"):
        MediaPipePerson(gate_between="yes")
