"""frame_cut (person/refine.py): what a person mask takes outside the convex closed
edge round the person's face and shoulders (the frame a bust is pasted in) is taken out;
no frame, a frame that is not convex or not closed in the box, small pieces and pieces
with a seed stay. Tiny arrays, values by hand."""

from __future__ import annotations

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.person.mediapipe import MediaPipePerson
from creative_tools.person.refine import frame_cut


def _framed(card=(20, 60, 20, 60)):
    """A light card (rows/cols ``card``) with a rim on a dark plate; a dark bust in it
    down to the rim; the map goes on over the plate to row 100 (the made-up body, the
    plate's colour: the colour cut could not part them)."""
    y0, y1, x0, x1 = card
    img = np.full((120, 80, 3), 40, np.uint8)
    img[y0:y1, x0:x1] = 200
    img[y1 - 2:y1, x0:x1] = 250                 # the rim under the bust
    img[30:y1 - 2, 32:48] = 40                  # the bust
    prob = np.zeros((120, 80), np.float32)
    prob[30:100, 32:48] = 1.0
    seeds = np.zeros((120, 80), bool)
    seeds[34:40, 35:45] = True
    return img, prob, seeds


def test_the_made_up_body_below_the_frame_is_cut():
    img, prob, seeds = _framed()
    q = frame_cut(img, prob, seeds)
    assert (q[30:58, 32:48] == 1.0).all()       # the bust, in the card
    assert (q[58:60, 32:48] == 1.0).all()       # the rim (a frame's outline counts as inside)
    assert (q[65:100, 32:48] == 0.0).all()      # below the card
    assert q.dtype == np.float32 and (q <= prob).all()
    assert (prob[65:100, 32:48] == 1.0).all()   # the input is not touched


def test_no_frame_nothing_is_cut():
    img, prob, seeds = _framed()
    img[:] = 40
    img[30:100, 32:48] = 120                    # a cut-out body, no card round it
    assert np.array_equal(frame_cut(img, prob, seeds), prob)


def test_a_frame_that_is_not_convex_is_no_frame():
    img, prob, seeds = _framed()
    img[30:40, 4:76] = 200                      # the card is a cross, not a card
    img[30:58, 32:48] = 200                     # and the bust a T (a head on shoulders)
    img[30:44, 38:42] = 40
    img[44:58, 24:56] = 40
    q = frame_cut(img, prob, seeds)
    assert np.array_equal(q, prob)
    assert (frame_cut(img, prob, seeds, solidity=0.5)[80, 32:48] == 0.0).all()


def test_a_frame_open_at_the_top_is_no_frame_but_the_bust_outline_is():
    # the card runs off the image's top: not closed; the bust's own outline, closed
    # by the rim under it, is (a rectangle holding the seeds): the body below goes
    img, prob, seeds = _framed(card=(0, 60, 20, 60))
    q = frame_cut(img, prob, seeds)
    assert (q[30:57, 32:48] == 1.0).all() and (q[65:100, 32:48] == 0.0).all()
    img[56:60, 32:48] = 40                      # no rim under the bust: nothing closed
    assert np.array_equal(frame_cut(img, prob, seeds), prob)


def test_small_pieces_and_seeded_pieces_stay():
    img, prob, seeds = _framed()
    # the piece below is rows 60-99 of 30-99: 40 of 70 rows (~0.57 of the mask)
    assert np.array_equal(frame_cut(img, prob, seeds, min_part=0.7), prob)
    assert (frame_cut(img, prob, seeds, min_part=0.5)[80, 32:48] == 0.0).all()
    other = seeds.copy()
    other[85:90, 36:44] = True                  # someone else's face down there
    assert np.array_equal(frame_cut(img, prob, other), prob)


def test_a_frame_the_person_pokes_out_of_is_not_theirs():
    img, prob, seeds = _framed()
    seeds[36:38, 35:75] = True                  # a quarter of the blob lies beyond the card
    assert np.array_equal(frame_cut(img, prob, seeds), prob)


def test_another_person_without_seeds_is_not_cut():
    # a second bust elsewhere that only the selfie map found (no seed): its own part
    # of the mask, not the framed person's made-up body
    img, prob, seeds = _framed()
    img[104:118, 60:76] = 120
    prob[104:118, 60:76] = 1.0
    q = frame_cut(img, prob, seeds, min_part=0.05)
    assert (q[104:118, 60:76] == 1.0).all()
    assert (q[65:100, 32:48] == 0.0).all()


def test_removed_prob_and_no_seed():
    img, prob, seeds = _framed()
    assert (frame_cut(img, prob, seeds, removed_prob=0.2)[80, 32:48] == np.float32(0.2)).all()
    assert np.array_equal(frame_cut(img, prob, np.zeros_like(seeds)), prob)
    assert np.array_equal(frame_cut(img, np.zeros_like(prob), seeds), np.zeros_like(prob))


@pytest.mark.parametrize("opts, match", [
    ({"min_part": 0.0}, "min_part"), ({"min_part": 1.5}, "min_part"),
    ({"solidity": 0.0}, "solidity"), ({"solidity": 1.5}, "solidity"),
    ({"low": 0.0}, "low"), ({"low": 90.0, "high": 50.0}, "low"),
    ({"removed_prob": 0.5}, "removed_prob"),
])
def test_frame_cut_checks_its_options(opts, match):
    img, prob, seeds = _framed()
    with pytest.raises(ContractError, match=match):
        frame_cut(img, prob, seeds, **opts)


def test_frame_cut_checks_its_seeds():
    img, prob, seeds = _framed()
    with pytest.raises(ContractError, match="seeds"):
        frame_cut(img, prob, seeds[:-1])
    with pytest.raises(ContractError, match="seeds"):
        frame_cut(img, prob, seeds.astype(np.uint8))


@pytest.mark.parametrize("bad", [0, 0.0, 1.5, -0.1, True, "0.05"])
def test_the_backend_option_is_checked(bad):
    with pytest.raises(ContractError, match="frame_cut"):
        MediaPipePerson(frame_cut=bad)


def test_the_backend_option_defaults():
    # on by default, so colour_cut=False alone must still build (frame_cut is inert
    # then: it has no seeds, like selfie_veto)
    assert MediaPipePerson(colour_cut=False).frame_cut == 0.05
    assert MediaPipePerson(frame_cut=None).frame_cut is None
    assert MediaPipePerson().frame_cut == 0.05       # on by default since session 22
