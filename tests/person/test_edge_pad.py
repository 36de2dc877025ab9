"""``MediaPipePerson(edge_pad=...)``: people cut by the frame's side looked at again on the
image padded past its left, right and top sides (``pad_sides``, ``edge_pieces``, ``_edge_maps``)."""

import inspect

import numpy as np
import pytest
from conftest import DATA, needs_pose_models

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M


#: (since the flip: the options the checks below are about, turned off by hand)
_PEOPLE_OFF = {"edge_people": None, "edge_coarse": False}
_CUE_OFF = {"edge_cue": None, **_PEOPLE_OFF}


def test_off_by_default():
    p = inspect.signature(M.MediaPipePerson).parameters
    assert p["edge_pad"].default == 0.25  # on since the flip (edge_pad=None: one look)
    assert p["edge_pad_mode"].default == "reflect"
    assert p["edge_new"].default is True and p["edge_follow"].default == 0.2
    assert p["edge_swallow"].default is True
    assert p["edge_cue"].default == 0.15 and p["edge_confirm"].default is None
    assert p["edge_strip"].default is None and p["edge_sides"].default is False
    assert p["edge_people"].default == 0.5 and p["edge_windows"].default is False
    assert p["edge_coarse"].default is True


def test_pad_sides_reflects_left_right_and_top_not_bottom():
    im = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    big, (top, left) = M.pad_sides(im, 2)
    assert big.shape == (4, 7, 3) and (top, left) == (2, 2)
    assert (big[2:, 2:5] == im).all()
    # mirrored without repeating the side's own pixels (cv2's BORDER_REFLECT_101)
    assert (big[2:, 1] == im[:, 1]).all() and (big[2:, 0] == im[:, 2]).all()
    assert (big[2:, 5] == im[:, 1]).all() and (big[2:, 6] == im[:, 0]).all()
    assert (big[1, 2:5] == im[1]).all()  # the top row mirrored: row 1 above row 0
    rep, _ = M.pad_sides(im, 2, mode="replicate")
    assert (rep[2:, 0] == im[:, 0]).all() and (rep[0, 2:5] == im[0]).all()


def test_pad_sides_wider_than_the_image_and_bad_input():
    im = np.zeros((3, 2, 3), np.uint8)
    big, at = M.pad_sides(im, 5)
    assert big.shape == (8, 12, 3) and at == (5, 5)
    with pytest.raises(ContractError, match="mode must be one of"):
        M.pad_sides(im, 2, mode="wrap")
    with pytest.raises(ContractError, match="pad must be at least 1"):
        M.pad_sides(im, 0)


@pytest.mark.parametrize("h, w, pad", [(2, 3, 1), (3, 2, 5), (1, 4, 3), (4, 1, 2), (5, 7, 9), (6, 6, 6), (9, 2, 20)])
def test_pad_sides_gives_numpys_reflect_and_edge_bytes(h, w, pad):
    # (cv2.copyMakeBorder since session 35: the bytes np.pad gave, margins wider than
    # the image and one-pixel sides included)
    im = np.random.default_rng(h * 100 + w * 10 + pad).integers(0, 256, (h, w, 3), dtype=np.uint8)
    big, at = M.pad_sides(im, pad)
    want = np.pad(im, ((pad, 0), (pad, pad), (0, 0)), mode="reflect")
    assert at == (pad, pad) and big.dtype == np.uint8 and big.shape == want.shape and (big == want).all()
    rep, _ = M.pad_sides(im, pad, mode="replicate")
    assert (rep == np.pad(im, ((pad, 0), (pad, pad), (0, 0)), mode="edge")).all()


def test_edge_pieces_keeps_the_pieces_on_the_left_right_and_top_sides():
    m = np.zeros((8, 8), bool)
    m[2:4, 0:2] = True   # left side
    m[0:2, 4:6] = True   # top
    m[3:5, 6:8] = True   # right side
    m[6:8, 3:5] = True   # bottom only: a bust on the bottom edge is everyone
    m[3:5, 3:5] = True   # inside
    got = M.edge_pieces(m, grow=0)
    want = np.zeros_like(m)
    want[2:4, 0:2] = want[0:2, 4:6] = want[3:5, 6:8] = True
    assert (got == want).all()
    assert M.edge_pieces(np.zeros((4, 4), bool)).sum() == 0
    grown = M.edge_pieces(m, grow=1)
    assert grown[2:4, 0:2].all() and grown[4, 2] and not grown[6, 0]


def _fake(edge_pad, second, *, first=None, edge_new=False, swallow=True, cue=None, answers=()):
    """A backend without models whose _maps_one gives ``first(h, w)`` (default nothing)
    on the image as it is and ``second(h, w)`` on a padded one; with ``cue``
    (``edge_cue``) its detector's answers on the image as it is are ``answers``
    (``(x0, y0, x1, y1, score)`` rows)."""
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.threshold, seg.edge_pad, seg.edge_pad_mode = 0.5, edge_pad, "reflect"
    seg.edge_new, seg.edge_swallow, seg.edge_follow, seg.edge_cue = edge_new, swallow, None, cue
    seg.edge_confirm, seg.edge_strip, seg.edge_sides = None, None, False
    shapes = []

    def maps_one(image, *, answers=None):
        h, w = image.shape[:2]
        if answers is not None:
            a = np.asarray(answers_given, np.float32).reshape(-1, 5)
            answers.append((a[:, :4], a[:, 4]))
        shapes.append((h, w))
        if len(shapes) == 1:
            return (np.zeros((h, w), np.float32) if first is None else first(h, w)), None
        return second(h, w), None

    answers_given = [r for r in answers if r[4] >= (cue or 0.0)]  # the detector's choice by score
    seg._maps_one = maps_one
    return seg, shapes


def test_edge_maps_adds_only_the_second_looks_pieces_on_a_side():
    def second(h, w):  # padded 5 px (0.25 x 20) left, right and top
        p = np.zeros((h, w), np.float32)
        p[5 + 4:5 + 10, 0:5 + 3] = 0.9     # a person reaching past the left side
        p[5 + 4:5 + 8, 5 + 8:5 + 11] = 0.9  # a made-up piece inside: not taken
        return p

    seg, shapes = _fake(0.25, second)
    prob, fill = seg._edge_maps(np.zeros((20, 16, 3), np.uint8))
    assert shapes == [(20, 16), (25, 26)]
    assert prob.dtype == np.float32 and prob.shape == (20, 16) and fill is None
    assert (prob[4:10, 0:3] == np.float32(0.9)).all()
    assert prob[4:8, 8:11].max() == 0.0
    assert prob[12:, :].max() == 0.0


def test_edge_maps_off_is_the_first_look_alone():
    seg, shapes = _fake(None, lambda h, w: np.ones((h, w), np.float32))
    prob, fill = seg._edge_maps(np.zeros((20, 16, 3), np.uint8))
    assert shapes == [(20, 16)] and prob.max() == 0.0 and fill is None


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, True, float("nan"), "0.2"])
def test_edge_pad_refuses_bad_values(bad):
    with pytest.raises(ContractError, match="edge_pad must be None or a number"):
        M.MediaPipePerson(edge_pad=bad)


def test_edge_pad_mode_refuses_unknown_modes():
    with pytest.raises(ContractError, match="edge_pad_mode must be one of"):
        M.MediaPipePerson(edge_pad_mode="wrap")


def test_new_pieces_takes_only_people_the_first_look_missed():
    first = np.zeros((12, 12), bool)
    first[0:4, 0:3] = True                # a bust found at the left side
    first[6:12, 9:12] = True              # a person found at the right side
    second = np.zeros((12, 12), bool)
    second[0:10, 0:3] = True              # the bust with a made-up body below: swallows it
    second[5:12, 8:12] = True             # the right person and its twin's band: mostly held
    second[0:3, 6:8] = True               # a person cut by the top, missed by the first look
    assert np.array_equal(M.new_pieces(first, second), second & (np.arange(12) < 3)[:, None]
                          & (np.arange(12) >= 6)[None, :] & (np.arange(12) < 8)[None, :])
    assert not M.new_pieces(first, np.zeros((12, 12), bool)).any()
    big = np.zeros((12, 12), bool)
    big[0:10, 0:10] = True                # a large person found
    inner = np.zeros((12, 12), bool)
    inner[0:2, 0:2] = True                # a small piece the first look holds whole
    assert not M.new_pieces(big, inner).any()
    assert np.array_equal(M.new_pieces(np.zeros((12, 12), bool), second), second)
    bust = second & (np.arange(12) < 3)[None, :] & (np.arange(12) < 10)[:, None]
    bust &= ~((np.arange(12) >= 6)[None, :])
    # without swallow only the first test: the bust's piece (first holds 12 of 30) is taken
    assert np.array_equal(M.new_pieces(first, second, swallow=False) & bust, bust)
    assert not (M.new_pieces(first, second, swallow=False) & (np.arange(12) >= 8)[None, :]).any()


def test_edge_new_keeps_found_people_exactly_and_adds_a_missed_one():
    def first(h, w):
        p = np.zeros((h, w), np.float32)
        p[0:6, 0:3] = 0.8                  # a bust found at the left side
        p[10:20, 12:16] = 0.7              # a person found at the right side
        return p

    def second(h, w):  # padded 5 px (0.25 x 20) left, right and top
        p = np.zeros((h, w), np.float32)
        p[5 + 0:5 + 14, 0:5 + 3] = 0.95    # the bust with a made-up body below it
        p[5 + 9:5 + 20, 5 + 11:w] = 0.95   # the right person with a band its twin spills
        p[0:5 + 3, 5 + 6:5 + 9] = 0.9      # a person cut by the top the first look missed
        return p

    image = np.zeros((20, 16, 3), np.uint8)
    old, _ = _fake(0.25, second, first=first)[0]._edge_maps(image)
    new, fill = _fake(0.25, second, first=first, edge_new=True)[0]._edge_maps(image)
    base = first(20, 16)
    assert old[6:14, 0:3].min() == np.float32(0.95)       # person3's rule takes the made-up body
    assert new[6:14, 0:3].max() == 0.0 and fill is None   # edge_new does not
    changed = np.zeros((20, 16), bool)
    changed[0:5, 5:11] = True                             # the top person grown 2 px, off the found ones' ring
    assert np.array_equal(new[~changed], base[~changed])  # the found people keep their map exactly
    assert (new[0:3, 6:9] == np.float32(0.9)).all()       # the missed top person is added
    held, _ = _fake(0.25, second, first=first, edge_new=True, swallow=False)[0]._edge_maps(image)
    assert (held[8:14, 0:3] == np.float32(0.95)).all()    # without swallow the body below is taken
    assert np.array_equal(held[0:6, 0:3], base[0:6, 0:3])  # but not over the found bust


def test_edge_new_refuses_non_booleans():
    with pytest.raises(ContractError, match="edge_new must be True or False"):
        M.MediaPipePerson(edge_new=1)
    with pytest.raises(ContractError, match="edge_swallow must be True or False"):
        M.MediaPipePerson(edge_swallow=None)


def test_new_pieces_refuses_a_piece_whose_outline_follows_no_edge():
    second = np.zeros((24, 20), bool)
    second[4:10, 0:6] = True              # a person at the left side: the image draws its outline
    second[15:21, 0:6] = True             # a body made up on a flat plate: no edge along it
    edges = np.zeros((24, 20), bool)
    edges[3, 0:7] = edges[10, 0:7] = True
    edges[3:11, 6] = True
    first = np.zeros((24, 20), bool)
    took = M.new_pieces(first, second, edges=edges)
    assert np.array_equal(took, second & (np.arange(24) < 11)[:, None])
    assert np.array_equal(M.new_pieces(first, second), second)  # without edges both are taken


def test_edge_follow_drops_a_made_up_body_on_a_flat_plate():
    def second(h, w):  # padded 5 px (0.25 x 20) left, right and top
        p = np.zeros((h, w), np.float32)
        p[5 + 2:5 + 8, 0:5 + 5] = 0.9      # over the dark square at the left side
        p[5 + 12:5 + 18, 0:5 + 5] = 0.9    # on the flat plate below it
        return p

    image = np.full((20, 16, 3), 200, np.uint8)
    image[2:8, 0:5] = 20
    with_follow = _fake(0.25, second, edge_new=True)[0]
    with_follow.edge_follow = 0.2
    prob, _ = with_follow._edge_maps(image)
    assert prob[3:7, 0:4].min() == np.float32(0.9) and prob[12:18, :].max() == 0.0
    without = _fake(0.25, second, edge_new=True)[0]
    prob, _ = without._edge_maps(image)
    assert prob[13:17, 0:4].min() == np.float32(0.9)


def test_edge_follow_refuses_bad_values():
    with pytest.raises(ContractError, match="edge_follow must lie in"):
        M.MediaPipePerson(edge_follow=1.5)


def test_side_answers_are_faint_answers_on_a_side_where_no_one_was_found():
    first = np.zeros((10, 20), bool)
    first[:, 15:] = True                      # a person found at the right side
    boxes = np.array([[-3, 2, 4, 6],          # over the left side: kept
                      [16, 2, 22, 6],         # over the right side, on the found person
                      [12, 2, 22, 6],         # over the right side, held 7 / 10 of its width
                      [8, 4, 12, 8],          # inside
                      [6, -2, 9, 3],          # over the top
                      [0, 3, 3, 9],           # touching the left side
                      [30, 2, 35, 6]],        # wholly outside
                     np.float32)
    got = M.side_answers(boxes, np.ones(len(boxes)), first)
    assert got.tolist() == [True, False, False, False, True, True, False]
    assert M.side_answers(boxes[2:3], np.ones(1), first, hold=0.8).tolist() == [True]
    assert M.side_answers(np.zeros((0, 4)), np.zeros(0), first).shape == (0,)
    with pytest.raises(ContractError, match="same length"):
        M.side_answers(boxes, np.ones(2), first)


def _second_left(h, w):  # padded 5 px (0.25 x 20): a person reaching past the left side
    p = np.zeros((h, w), np.float32)
    p[5 + 4:5 + 10, 0:5 + 3] = 0.9
    return p


@pytest.mark.parametrize("answers, looks", [
    ([(-2, 4, 3, 9, 0.3)], 2),                 # a faint answer over the left side: the second look runs
    ([(5, -1, 9, 2, 0.25)], 2),                # over the top
    ([], 1),                                   # no answer: the first look is the answer
    ([(-2, 4, 3, 9, 0.1)], 1),                 # on the side but under the cue
    ([(6, 6, 10, 10, 0.9)], 1),                # a clear answer inside the frame
    ([(12, 0, 17, 5, 0.4)], 1),                # over the right side, where a person was found
])
def test_edge_cue_runs_the_second_look_only_where_it_can_matter(answers, looks):
    def first(h, w):
        p = np.zeros((h, w), np.float32)
        p[0:8, 12:16] = 0.8                    # a person found at the right side
        return p

    image = np.zeros((20, 16, 3), np.uint8)
    seg, shapes = _fake(0.25, _second_left, first=first, edge_new=True, cue=0.2, answers=answers)
    prob, fill = seg._edge_maps(image)
    assert len(shapes) == looks and shapes[0] == (20, 16)
    if looks == 1:
        assert np.array_equal(prob, first(20, 16)) and fill is None
    else:
        assert shapes[1] == (25, 26) and (prob[4:10, 0:3] == np.float32(0.9)).all()
    # without the cue the second look runs on every image and takes the left person
    seg, shapes = _fake(0.25, _second_left, first=first, edge_new=True, answers=answers)
    prob, _ = seg._edge_maps(image)
    assert len(shapes) == 2 and (prob[4:10, 0:3] == np.float32(0.9)).all()


def test_edge_cue_refuses_bad_values():
    with pytest.raises(ContractError, match="edge_cue must lie in"):
        M.MediaPipePerson(edge_cue=-0.1)


def test_detect_people_hands_its_answers_and_finds_the_same_people(monkeypatch):
    # edge_cue reads the frame's and first grid's answers: decoded down to answers_above
    # where that is lower, the people found (and the zoom's and finer grid's own
    # answers) are the same as without
    from creative_tools.person import pose as P

    rows = [((10, 10, 30, 30), 0.9), ((-8, 100, 12, 130), 0.12), ((200, 200, 220, 220), 0.35),
            ((300, 300, 320, 320), 0.17)]
    thresholds, seen = [], []

    def fake(net, image, anchors, wins, *, score_threshold, resized):
        thresholds.append(score_threshold)
        b = np.array([r[0] for r in rows], np.float32)
        k = np.repeat(((b[:, :2] + b[:, 2:]) / 2)[:, None, :], 4, axis=1)
        sc = np.array([r[1] for r in rows], np.float32)
        keep = sc >= score_threshold
        return [(b[keep], k[keep], sc[keep])] + [(np.zeros((0, 4), np.float32), np.zeros((0, 4, 2), np.float32),
                                                  np.zeros(0, np.float32))] * (len(wins) - 1)

    def zoom(net, image, anchors, weak, kept, **kw):
        seen.append(sorted(float(s) for *_, ss in weak for s in ss))
        return kept

    def fine(net, image, anchors, kept, *, faint=None, **kw):
        seen.append(sorted(float(s) for *_, ss in faint for s in ss))
        return kept

    monkeypatch.setattr(P, "_run_windows", fake)
    monkeypatch.setattr(P, "_zoom", zoom)
    monkeypatch.setattr(P, "_fine", fine)
    frame = np.zeros((400, 400, 3), np.uint8)
    opts = {"score_threshold": 0.5, "tiles": 2, "zoom_above": 0.3, "fine_tiles": 3, "fine_above": 0.15}
    plain = P.detect_people(None, frame, None, **opts)
    answers = []
    low = P.detect_people(None, frame, None, answers=answers, answers_above=0.1, **opts)
    assert thresholds == [0.15, 0.1]
    assert [(d.box.tolist(), d.score) for d in plain] == [(d.box.tolist(), d.score) for d in low]
    assert seen[0] == seen[2] and seen[1] == seen[3]  # the zoom's and the finer grid's answers
    (boxes, scores), = answers
    assert sorted(round(float(s), 2) for s in scores) == [0.12, 0.17, 0.35, 0.9]
    assert boxes.shape == (4, 4)
    answers = []
    P.detect_people(None, frame, None, answers=answers, answers_above=0.3, **opts)
    assert thresholds[-1] == 0.15 and sorted(round(float(s), 2) for s in answers[0][1]) == [0.35, 0.9]


def test_side_confirmed_needs_an_answer_across_a_side():
    # the image (20 x 16) lies at (top 5, left 5) of the padded one
    asked = []

    def run_with(found):
        def run(wins):
            asked.extend(wins)
            b = np.asarray(found, np.float32).reshape(-1, 4)
            return [(b, np.zeros((len(b), 4, 2), np.float32), np.ones(len(b), np.float32))]
        return run

    box = np.array([[-2, 4, 2, 8]], np.float32)           # a side answer over the left side, 4 px
    assert M.side_confirmed(run_with([[2, 8, 8, 14]]), box, (20, 16), (5, 5))  # padded x 2..8: across x = 5
    (x0, y0, side), = asked
    assert side == 12.0 and (x0, y0) == (5 - 6, 11 - 6)  # 3 x the box's side, centred on it (padded pixels)
    assert not M.side_confirmed(run_with([[6, 8, 12, 14]]), box, (20, 16), (5, 5))   # inside the image
    assert not M.side_confirmed(run_with([[0, 8, 4, 14]]), box, (20, 16), (5, 5))    # in the margin
    assert M.side_confirmed(run_with([[18, 8, 24, 14]]), box, (20, 16), (5, 5))      # across the right side
    assert M.side_confirmed(run_with([[8, 2, 12, 7]]), box, (20, 16), (5, 5))        # across the top
    assert not M.side_confirmed(run_with([]), box, (20, 16), (5, 5))
    assert not M.side_confirmed(run_with([[2, 8, 8, 14]]), np.zeros((0, 4)), (20, 16), (5, 5))


@pytest.mark.parametrize("confirmed, looks", [(True, 2), (False, 1)])
def test_edge_confirm_runs_the_second_look_only_where_a_window_confirms(monkeypatch, confirmed, looks):
    def first(h, w):
        return np.zeros((h, w), np.float32)

    seg, shapes = _fake(0.25, _second_left, first=first, edge_new=True, cue=0.2, answers=[(-2, 4, 3, 9, 0.3)])
    seg.edge_confirm, seg.zoom_size = 0.2, 3.0
    seg._nets, seg._anchors = {"pose_detection": None}, None
    seen = []

    def run_windows(net, image, anchors, wins, *, score_threshold, resized):
        seen.append((image.shape[:2], score_threshold))
        b = np.array([[2, 8, 8, 14]] if confirmed else [[7, 8, 12, 14]], np.float32)  # across the left side or not
        return [(b, np.zeros((1, 4, 2), np.float32), np.ones(1, np.float32))]

    monkeypatch.setattr(M, "_run_windows", run_windows)
    prob, _ = seg._edge_maps(np.zeros((20, 16, 3), np.uint8))
    assert seen == [((25, 26), 0.2)] and len(shapes) == looks
    assert (prob[4:10, 0:3] == np.float32(0.9)).all() == confirmed


def test_edge_confirm_needs_edge_cue():
    with pytest.raises(ContractError, match="edge_confirm needs edge_cue"):
        M.MediaPipePerson(edge_confirm=0.2, **_CUE_OFF)
    with pytest.raises(ContractError, match="edge_confirm must lie in"):
        M.MediaPipePerson(edge_cue=0.15, edge_confirm=2.0)


def test_segment_and_probability_take_the_edge_look_as_maps_does():
    # segment() / probability() went through _maps_one alone: edge_pad's people were
    # only in maps() (the pipeline's and eval_person_hard's path), not in segment()
    seg, shapes = _fake(0.25, _second_left)
    seg.name = "mediapipe"
    image = np.zeros((20, 16, 3), np.uint8)
    prob = seg.probability(image)
    assert shapes == [(20, 16), (25, 26)] and (prob[4:10, 0:3] == np.float32(0.9)).all()
    assert seg.segment(image)[4:10, 0:3].all()
    shapes.clear()
    assert np.array_equal(seg.maps(image).prob, prob) and len(shapes) == 2


def test_side_strips_are_the_margin_and_depth_along_each_side_with_an_answer():
    # image 10 x 20, margin 5: padded 15 x 30, the image at rows 5.., columns 5..25
    left, right, top = (slice(0, 15), slice(0, 9)), (slice(0, 15), slice(21, 30)), (slice(0, 9), slice(0, 30))
    assert M.side_strips(np.array([[-3, 2, 4, 6]]), (10, 20), 5, 4) == [left]
    assert M.side_strips(np.array([[16, 2, 20, 6]]), (10, 20), 5, 4) == [right]       # touching the right side
    assert M.side_strips(np.array([[8, -1, 12, 3]]), (10, 20), 5, 4) == [top]
    assert M.side_strips(np.array([[-3, -1, 4, 6], [16, 2, 21, 6]]), (10, 20), 5, 4) == [left, right, top]
    assert M.side_strips(np.array([[8, 2, 12, 6]]), (10, 20), 5, 4) == []             # inside: no strip
    # a depth past the image's size stops at its far side
    assert M.side_strips(np.array([[-3, 2, 4, 6]]), (10, 20), 5, 50) == [(slice(0, 15), slice(0, 25))]
    with pytest.raises(ContractError, match="depth must be at least 1"):
        M.side_strips(np.array([[-3, 2, 4, 6]]), (10, 20), 5, 0)


@pytest.mark.parametrize("answers, strip", [
    ([(-2, 4, 3, 9, 0.3)], (25, 10)),            # left side: the margin (5) and 5 px inside, the padded height
    ([(5, -1, 9, 2, 0.25)], (10, 26)),           # top: the margin and 5 px inside, the padded width
])
def test_edge_strip_looks_only_at_the_strip_along_the_answers_side(answers, strip):
    seg, shapes = _fake(0.25, _second_left, edge_new=True, cue=0.2, answers=answers)
    seg.edge_strip = 1.0
    prob, fill = seg._edge_maps(np.zeros((20, 16, 3), np.uint8))
    assert shapes == [(20, 16), strip]            # one second look, on the strip at its own size
    assert prob.shape == (20, 16) and fill is None
    if strip == (25, 10):                         # the left person comes back in place
        assert (prob[4:10, 0:3] == np.float32(0.9)).all() and prob[:, 3:].max() == 0.0
    else:                                         # the top strip holds only the person's top rows, off the side
        assert prob[5:, :].max() == 0.0


def test_strip_maps_puts_each_strip_back_in_place_and_fills_with_the_person_map():
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    calls = []

    def maps_one(image):
        calls.append(image.shape[:2])
        p = np.full(image.shape[:2], 0.5 if len(calls) == 1 else 0.7, np.float32)
        return p, (None if len(calls) == 1 else np.full(image.shape[:2], 0.2, np.float32))

    seg._maps_one = maps_one
    big = np.zeros((15, 30, 3), np.uint8)
    prob, pre = seg._strip_maps(big, [(slice(0, 15), slice(0, 9)), (slice(0, 9), slice(0, 30))])
    assert calls == [(15, 9), (9, 30)]
    assert prob[10, 2] == np.float32(0.5) and prob[2, 2] == np.float32(0.7) and prob[12, 20] == 0.0
    # the left strip has no fill map: its person map fills there; the maximum where they overlap
    assert pre[10, 2] == np.float32(0.5) and pre[2, 2] == np.float32(0.5) and pre[2, 20] == np.float32(0.2)


def test_edge_strip_needs_edge_cue_and_a_positive_depth():
    with pytest.raises(ContractError, match="edge_strip needs edge_cue"):
        M.MediaPipePerson(edge_strip=1.0, **_CUE_OFF)
    for bad in (0, -1.0, True):
        with pytest.raises(ContractError, match="edge_strip must be None or a number > 0"):
            M.MediaPipePerson(edge_cue=0.15, edge_strip=bad, **_PEOPLE_OFF)


def test_side_crop_pads_only_the_sides_with_an_answer():
    # image 10 x 20, margin 5: padded 15 x 30, the image at rows 5.., columns 5..25
    assert M.side_crop(np.array([[-3, 2, 4, 6]]), (10, 20), 5) == (slice(5, 15), slice(0, 25))
    assert M.side_crop(np.array([[16, 2, 20, 6]]), (10, 20), 5) == (slice(5, 15), slice(5, 30))
    assert M.side_crop(np.array([[8, -1, 12, 3]]), (10, 20), 5) == (slice(0, 15), slice(5, 25))
    assert M.side_crop(np.array([[-3, -1, 4, 6], [16, 2, 21, 6]]), (10, 20), 5) == (slice(0, 15), slice(0, 30))


@pytest.mark.parametrize("answers, crop", [
    ([(-2, 4, 3, 9, 0.3)], (20, 21)),            # left side: the image and the left margin only
    ([(5, -1, 9, 2, 0.25)], (25, 16)),           # top: the image and the top margin only
])
def test_edge_sides_pads_only_the_answers_side(answers, crop):
    def second(h, w):                            # a person reaching past the left side, in the crop's pixels
        p = np.zeros((h, w), np.float32)
        dy, dx = h - 20, w - 16 if w > 16 else 0
        p[dy + 4:dy + 10, 0:dx + 3] = 0.9
        return p

    seg, shapes = _fake(0.25, second, edge_new=True, cue=0.2, answers=answers)
    seg.edge_sides = True
    prob, fill = seg._edge_maps(np.zeros((20, 16, 3), np.uint8))
    assert shapes == [(20, 16), crop] and prob.shape == (20, 16) and fill is None
    assert (prob[4:10, 0:3] == np.float32(0.9)).all() and prob[:, 3:].max() == 0.0


def test_edge_sides_needs_edge_cue_and_no_edge_strip():
    with pytest.raises(ContractError, match="edge_sides needs edge_cue"):
        M.MediaPipePerson(edge_sides=True, **_CUE_OFF)
    with pytest.raises(ContractError, match="edge_sides needs edge_cue and no edge_strip"):
        M.MediaPipePerson(edge_cue=0.15, edge_strip=1.0, edge_sides=True, **_PEOPLE_OFF)
    with pytest.raises(ContractError, match="edge_sides must be True or False"):
        M.MediaPipePerson(edge_cue=0.15, edge_sides=1, **_PEOPLE_OFF)


def _det(x0, y0, x1, y1, *, hips=20.0, up=True):
    """A detection: the box, hips ``hips`` px below its centre (above when not ``up``),
    the scale point 10 px above the centre (below), so a whole-body ROI 60 px wide."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    s = 1.0 if up else -1.0
    k = np.float32([[cx, cy + s * hips], [cx, cy - s * 10], [cx, cy], [cx, cy - s * 5]])
    return M.PoseDetection(np.float32([x0, y0, x1, y1]), k, 0.9)


def test_side_people_keeps_only_detections_that_can_bring_a_person_cut_by_a_side():
    # image 200 x 200 at (100, 100) of the padded image; zones 1.25 x 1.5 x 60 = 112 px wide
    at, shape = (100, 100), (200, 200)
    across = _det(95, 105, 115, 125)             # across the left side: kept
    inside = _det(150, 150, 170, 170)            # its zone reaches no side: the first look saw it all
    margin = _det(20, 105, 40, 125)              # wholly past the left side: a mirror image
    above = _det(205, 5, 225, 25, up=False)      # wholly past the top, upside down
    right = _det(295, 150, 315, 170)             # across the right side
    top = _det(190, 95, 210, 110)                # across the top
    dets = [across, inside, margin, above, right, top]
    assert M.side_people(dets, [], shape, at) == [across, right, top]
    # a person the first look kept (image pixels) is not looked at again
    kept = [np.float32([-4, 6, 16, 26])]         # across's box, 1 px off
    assert M.side_people(dets, kept, shape, at) == [right, top]
    assert M.side_people(dets, kept, shape, at, iou=0.95) == [across, right, top]
    # a zone grown twice as far reaches past the left side from (150, 150)
    assert M.side_people([inside], [], shape, at, reach=3.0) == [inside]
    assert M.side_people([], kept, shape, at) == []


def _fake_people(second_dets, found_boxes):
    """``_fake``'s backend with ``edge_people``: its first look keeps people at
    ``found_boxes`` (image pixels) and finds a person at the right side; its detector
    on the padded image finds ``second_dets``; the second look's maps come from the
    detections it is handed (a person reaching past the left side for each)."""
    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.threshold, seg.edge_pad, seg.edge_pad_mode = 0.5, 0.25, "reflect"
    seg.edge_new, seg.edge_swallow, seg.edge_follow, seg.edge_cue = True, True, None, 0.2
    seg.edge_confirm, seg.edge_strip, seg.edge_sides, seg.edge_people = None, None, False, 0.5
    seg.near_scale = 1.5
    looks = []

    def maps_one(image, *, answers=None, dets=None, found=None):
        h, w = image.shape[:2]
        looks.append(((h, w), None if dets is None else list(dets)))
        p = np.zeros((h, w), np.float32)
        if len(looks) == 1:
            answers.append((np.float32([[-2, 4, 3, 9]]), np.float32([0.3])))  # a faint answer on the left side
            found.extend(M.PoseDetection(np.float32(b), np.zeros((4, 2), np.float32), 0.9) for b in found_boxes)
            p[0:8, 12:16] = 0.8
            return p, None
        for _ in dets:
            p[5 + 4:5 + 10, 0:5 + 3] = 0.9
        return p, None

    seg._maps_one = maps_one
    seg.detect = lambda image: list(second_dets)
    return seg, looks


def test_edge_people_runs_the_second_look_only_on_the_people_at_a_side():
    image = np.zeros((20, 16, 3), np.uint8)      # padded 5 px: the image at (5, 5) of 25 x 26
    across = _det(3, 9, 9, 13, hips=3)           # across the left side (image x -2..4)
    margin = _det(0, 9, 4, 13, hips=3)           # wholly in the left margin
    twin = _det(12, 5, 21, 13, hips=3)           # the person the first look kept, found again
    seg, looks = _fake_people([margin, twin, across], [np.float32([7, 0, 16, 8])])
    prob, fill = seg._edge_maps(image)
    assert [s for s, _ in looks] == [(20, 16), (25, 26)] and looks[1][1] == [across]
    assert (prob[4:10, 0:3] == np.float32(0.9)).all() and fill is None
    # nothing left at a side: the first look is the answer, no second look
    seg, looks = _fake_people([margin, twin], [np.float32([7, 0, 16, 8])])
    prob, fill = seg._edge_maps(image)
    assert len(looks) == 1 and prob[:, :3].max() == 0.0 and prob[0:8, 12:16].min() == np.float32(0.8)


def test_edge_people_needs_edge_cue_alone():
    with pytest.raises(ContractError, match="edge_people needs edge_cue"):
        M.MediaPipePerson(edge_people=0.5, edge_cue=None)
    with pytest.raises(ContractError, match="edge_people needs edge_cue and neither"):
        M.MediaPipePerson(edge_cue=0.15, edge_sides=True, edge_people=0.5)
    with pytest.raises(ContractError, match="edge_people must lie in"):
        M.MediaPipePerson(edge_cue=0.15, edge_people=1.5)


def test_detect_people_opens_windows_only_on_the_answers_where_keeps(monkeypatch):
    # edge_windows: the zoom's and the finer grid's uncertain / faint answers are only
    # those ``where`` keeps; the frame's and first grid's people are the same
    from creative_tools.person import pose as P

    rows = [((10, 10, 30, 30), 0.9), ((-8, 100, 12, 130), 0.35), ((200, 200, 220, 220), 0.35),
            ((300, -5, 320, 15), 0.2), ((300, 300, 320, 320), 0.2)]
    seen = []

    def fake(net, image, anchors, wins, *, score_threshold, resized):
        b = np.array([r[0] for r in rows], np.float32)
        k = np.repeat(((b[:, :2] + b[:, 2:]) / 2)[:, None, :], 4, axis=1)
        sc = np.array([r[1] for r in rows], np.float32)
        keep = sc >= score_threshold
        return [(b[keep], k[keep], sc[keep])]

    def zoom(net, image, anchors, weak, kept, **kw):
        seen.append(sorted(float(b[0]) for bb, _, _ in weak for b in bb))
        return kept

    def fine(net, image, anchors, kept, *, faint=None, **kw):
        seen.append(sorted(float(b[0]) for bb, _, _ in faint for b in bb))
        return kept

    monkeypatch.setattr(P, "_run_windows", fake)
    monkeypatch.setattr(P, "_zoom", zoom)
    monkeypatch.setattr(P, "_fine", fine)
    frame = np.zeros((400, 400, 3), np.uint8)
    opts = {"score_threshold": 0.5, "zoom_above": 0.3, "fine_tiles": 3, "fine_above": 0.15}
    plain = P.detect_people(None, frame, None, **opts)
    assert seen == [[-8.0, 200.0], [-8.0, 200.0, 300.0, 300.0]]

    def across(b):  # across the left or top side
        return ((b[:, 0] < 0) & (b[:, 2] > 0)) | ((b[:, 1] < 0) & (b[:, 3] > 0))

    seen.clear()
    kept = P.detect_people(None, frame, None, where=across, **opts)
    assert seen == [[-8.0], [-8.0, 300.0]]
    assert [(d.box.tolist(), d.score) for d in plain] == [(d.box.tolist(), d.score) for d in kept]


def test_edge_windows_needs_edge_people():
    with pytest.raises(ContractError, match="edge_windows needs edge_people"):
        M.MediaPipePerson(edge_cue=0.15, edge_windows=True, **_PEOPLE_OFF)
    with pytest.raises(ContractError, match="edge_windows must be True or False"):
        M.MediaPipePerson(edge_cue=0.15, edge_people=0.5, edge_windows=1)


def test_edge_windows_hands_the_detector_the_answers_across_a_side():
    image = np.zeros((20, 16, 3), np.uint8)      # padded 5 px: the image at (5, 5) of 25 x 26
    across = _det(3, 9, 9, 13, hips=3)
    seg, looks = _fake_people([across], [])
    got = []
    seg.edge_windows = True
    seg.detect = lambda image, where=None: got.append(where) or [across]
    seg._edge_maps(image)
    assert len(looks) == 2 and got[0] is not None
    boxes = np.float32([[3, 9, 9, 13], [7, 9, 12, 13], [0, 9, 4, 13], [18, 9, 23, 13], [8, 3, 12, 7]])
    # across the left side, inside, in the left margin, across the right side, across the top
    assert got[0](boxes).tolist() == [True, False, False, True, True]


def test_edge_coarse_needs_edge_people():
    with pytest.raises(ContractError, match="edge_coarse needs edge_people"):
        M.MediaPipePerson(edge_cue=0.15, edge_coarse=True, edge_people=None)
    with pytest.raises(ContractError, match="edge_coarse must be True or False"):
        M.MediaPipePerson(edge_cue=0.15, edge_people=0.5, edge_coarse=1)


def test_edge_coarse_runs_the_padded_pass_without_zoom_or_finer_windows(monkeypatch):
    image = np.zeros((20, 16, 3), np.uint8)      # padded 5 px: the image at (5, 5) of 25 x 26
    across = _det(3, 9, 9, 13, hips=3)
    seg, looks = _fake_people([across], [])
    got = []
    seg.edge_windows, seg.edge_coarse = True, True
    seg.detect = lambda image, where=None, coarse=False: got.append((where, coarse)) or [across]
    prob, _ = seg._edge_maps(image)
    assert got == [(None, True)] and len(looks) == 2 and looks[1][1] == [across]
    assert (prob[4:10, 0:3] == np.float32(0.9)).all()
    # detect(coarse=True): the frame and the first grid only (no zoom, no finer grid)
    calls = []
    monkeypatch.setattr(M, "detect_people", lambda net, im, anchors, **kw: calls.append(kw) or [])
    stub = M.MediaPipePerson.__new__(M.MediaPipePerson)
    for k, v in {"score_threshold": 0.5, "max_people": None, "tiles": 2, "tile_overlap": 0.2, "zoom_above": 0.3,
                 "zoom_size": 3.0, "zoom_max": 2, "zoom_apart": 1.0, "zoom_fit": 2.5, "zoom_confirm": 0.6,
                 "zoom_ladder": (), "fine_tiles": 3, "fine_confirm": 0.7, "fine_fit": 1.0, "fine_above": 0.15,
                 "_nets": {"pose_detection": None}, "_anchors": None}.items():
        setattr(stub, k, v)
    stub.detect(image)
    stub.detect(image, coarse=True)
    assert (calls[0]["zoom_above"], calls[0]["fine_tiles"]) == (0.3, 3)
    assert (calls[1]["zoom_above"], calls[1]["fine_tiles"]) == (None, 0)
    assert {k: v for k, v in calls[0].items() if k not in ("zoom_above", "fine_tiles")} == \
        {k: v for k, v in calls[1].items() if k not in ("zoom_above", "fine_tiles")}


#: person7's option set (session 34), the candidate for the default: opt-in, off.
EDGE_ON = {"edge_pad": 0.25, "edge_new": True, "edge_follow": 0.2, "edge_cue": 0.15, "edge_people": 0.5,
           "edge_windows": True}
#: the same with the padded pass's detector on its frame and first grid alone (session 35)
EDGE_COARSE = {**EDGE_ON, "edge_coarse": True}


@pytest.mark.slow
@needs_pose_models
@pytest.mark.parametrize("options", [EDGE_ON, EDGE_COARSE], ids=["windows", "coarse"])
@pytest.mark.parametrize("stem, side, share", [("brick_portrait", "left", 0.6), ("rocket_landscape", "right", 0.45)])
def test_the_edge_look_finds_a_person_cut_by_the_frames_side_that_one_look_misses(stem, side, share, options):
    """data/'s person cut by the frame's left or right side (``share`` of their width
    outside): the default backend (one look) finds no one (IoU 0.000 both, 2026-12-07),
    person7's options through the registry find them (0.983, 0.994), and so do they with
    ``edge_coarse`` (session 35)."""
    from PIL import Image

    from creative_tools import registry

    image = np.asarray(Image.open(DATA / f"{stem}.png").convert("RGB"))
    gt = np.asarray(Image.open(DATA / "truth" / stem / "person_mask.png").convert("L")) > 127
    xs = np.nonzero(gt.any(axis=0))[0]
    cut = int(xs.min() + share * (xs.max() - xs.min())) if side == "left" else \
        int(xs.max() - share * (xs.max() - xs.min()))
    cols = slice(cut, None) if side == "left" else slice(None, cut)
    image, gt = np.ascontiguousarray(image[:, cols]), np.ascontiguousarray(gt[:, cols])

    def iou(seg):
        m = seg.segment(image)
        return float((m & gt).sum() / max(1, (m | gt).sum()))

    # (edge_pad=None: one look, the default before the flip)
    off, on = iou(registry.load("person", "mediapipe", edge_pad=None)), iou(registry.load("person", "mediapipe", **options))
    assert off < 0.1 and on >= 0.9, (off, on)


def test_the_edge_options_on_the_command_line_and_in_yaml_reach_the_backend(tmp_path):
    from creative_tools.cli import _pipeline_options, build_parser
    from creative_tools.pipeline import Pipeline, backend_options

    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("person_options:\n" + "".join(f"  {k}: {str(v).lower()}\n" for k, v in EDGE_ON.items()))
    line = [a for k, v in EDGE_ON.items() for a in ("--person-options", f"{k}={str(v).lower()}")]
    for extra in (line, ["--config", str(cfg)]):
        opts = _pipeline_options(build_parser().parse_args(["run", "x", "--out", "o", *extra]))
        assert opts["person_options"] == EDGE_ON, extra
        seg = M.MediaPipePerson(**backend_options(Pipeline(**opts).config, "person"))
        assert {k: getattr(seg, k) for k in EDGE_ON} == EDGE_ON, extra
