"""The backdrop cut (person/mediapipe.py ``backdrop_cut``, ``head_backdrop``; refine.colour_cut
``backdrop``): an avatar's or a card's fill behind the head, which both models take for
the person and the plate outside never shows, is cut where the body cannot be."""

from __future__ import annotations

import math

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.person.mediapipe import MediaPipePerson, head_backdrop
from creative_tools.person.pose import PersonCrop
from creative_tools.person.refine import colour_cut


def _landmarks(mid=(50.0, 60.0), sw=40.0, angle=0.0) -> np.ndarray:
    """A body's nose, ears and shoulders around the shoulders' middle ``mid``, the head
    ``angle`` radians from upright (counter-clockwise on the screen)."""
    up = np.array([-math.sin(angle), -math.cos(angle)])      # image y grows downwards
    across = np.array([math.cos(angle), -math.sin(angle)])
    mid = np.asarray(mid, np.float64)
    lm = np.zeros((33, 2))
    lm[11], lm[12] = mid - across * sw / 2, mid + across * sw / 2
    lm[0] = mid + up * 0.6 * sw
    lm[7], lm[8] = mid + up * 0.65 * sw - across * 0.2 * sw, mid + up * 0.65 * sw + across * 0.2 * sw
    return lm


def _painted(shape, landmarks, **kw) -> np.ndarray:
    box, m = head_backdrop(shape, landmarks, **kw)
    out = np.zeros(shape, bool)
    out[box] = m
    return out


def test_head_backdrop_is_beside_the_head_above_the_shoulders():
    b = _painted((120, 100), _landmarks())     # shoulders' middle (50, 60), sw 40
    assert b[40, 20] and b[40, 80]             # 30 px = 0.75 sw beside the head, 0.5 sw up
    assert not b[40, 50] and not b[20, 55]     # the head, hair above it
    assert not b[40, 68]                       # 18 px = 0.45 sw across: still the head's
    assert not b[62, 20] and not b[90, 50]     # beside the shoulders, the torso
    assert b[40, 5]                            # 49 px = 1.2 sw from the shoulders' middle
    near = _painted((120, 100), _landmarks(), reach=1.0)
    assert not near[40, 5] and near[40, 20]    # beyond / within 1 sw of it


def test_head_backdrop_turns_with_the_body():
    # a body lying on its side (head to the left): "beside the head" is above and below it
    b = _painted((120, 120), _landmarks(mid=(70, 60), angle=math.pi / 2))
    assert b[30, 50] and b[90, 50]             # 30 px across the axis, 20 px towards the head
    assert not b[60, 50] and not b[30, 80]     # the head itself; beside the torso


def test_head_backdrop_of_a_degenerate_body_is_empty():
    lm = np.zeros((33, 2))
    assert not _painted((50, 50), lm).any()


def _avatar():
    """A blue disk fill on a green plate with a red-and-skin bust in it; both models'
    mask is the whole disk (the fill included), as on the look-alike avatars."""
    h, w = 120, 120
    img = np.full((h, w, 3), (40, 150, 60), np.uint8)           # plate
    yy, xx = np.mgrid[:h, :w]
    disk = (yy - 60) ** 2 + (xx - 60) ** 2 <= 40 ** 2
    img[disk] = (30, 60, 220)                                   # the avatar's fill
    head = ((yy - 48) / 12.0) ** 2 + ((xx - 60) / 9.0) ** 2 <= 1
    body = disk & (yy >= 64) & (np.abs(xx - 60) <= 26)
    img[head] = (225, 180, 150)
    img[body] = (200, 30, 40)
    truth = head | body
    prob = disk.astype(np.float32)
    lm = _landmarks(mid=(60, 68), sw=40.0)
    seeds = np.zeros((h, w), bool)
    seeds[44:52, 56:64] = True                                  # the face
    seeds[66:72, 44:76] = True                                  # the shoulders
    return img, prob, seeds, lm, truth


def _iou(a, b):
    return float((a & b).sum() / max(1, (a | b).sum()))


def test_colour_cut_with_a_backdrop_cuts_an_avatars_fill():
    img, prob, seeds, lm, truth = _avatar()
    plain = colour_cut(img, prob, seeds, max_side=120, iterations=3, removed_prob=0.0) > 0.5
    assert _iou(plain, truth) < 0.7            # the plate never shows the fill's blue: kept
    bd = _painted(prob.shape, lm) & (prob > 0.5)
    cut = colour_cut(img, prob, seeds, max_side=120, iterations=3, removed_prob=0.0, backdrop=bd) > 0.5
    assert _iou(cut, truth) > 0.9
    assert cut[seeds].all() and not cut[prob == 0].any()


def test_colour_cut_keeps_a_backdrop_that_looks_like_the_person():
    # hair or a raised hand beside the head: the person's own colours, not cut
    img, prob, seeds, lm, truth = _avatar()
    img[prob > 0.5] = (200, 30, 40)
    img[30:70, 25:95][truth[30:70, 25:95]] = (225, 180, 150)
    bd = _painted(prob.shape, lm) & (prob > 0.5)
    cut = colour_cut(img, prob, seeds, max_side=120, iterations=3, removed_prob=0.0, backdrop=bd) > 0.5
    assert cut[bd].mean() > 0.9


def test_colour_cut_checks_the_backdrop():
    img, prob, seeds, _, _ = _avatar()
    with pytest.raises(ContractError, match="backdrop"):
        colour_cut(img, prob, seeds, backdrop=np.zeros((3, 3), bool))
    with pytest.raises(ContractError, match="backdrop"):
        colour_cut(img, prob, seeds, backdrop=np.zeros(prob.shape, np.uint8))


def test_backdrop_leaves_a_neighbours_own_mask():
    # two people side by side: the second's head is beside the first's
    shape = (100, 160)
    a, b = _landmarks(mid=(50, 60)), _landmarks(mid=(95, 60))
    full = np.zeros(shape, np.float32)
    full[10:100, 75:115] = 1.0                 # the second person's own mask
    crops = [PersonCrop(np.zeros(shape, np.float32), (0, 0, 160, 100), 1.0, a, np.ones(33), np.ones(33)),
             PersonCrop(full, (0, 0, 160, 100), 1.0, b, np.ones(33), np.ones(33))]
    bd = MediaPipePerson._backdrop(shape, crops, 2.0)
    assert not bd[40, 80]                      # beside the first head, on the second's mask
    assert bd[40, 20]                          # beside the first head, on nobody's mask
    assert bd[40, 125]                         # beside the second head, beyond its own mask
    assert MediaPipePerson._backdrop(shape, [], 2.0) is None


@pytest.mark.parametrize("opts, match", [
    ({"backdrop_reach": 0.0}, "backdrop_reach"),
    ({"backdrop_side": 8}, "backdrop_side"),
    ({"backdrop_iterations": 0}, "backdrop_iterations"),
])
def test_backdrop_options_are_checked(opts, match):
    with pytest.raises(ContractError, match=match):
        MediaPipePerson(**opts)


@pytest.mark.parametrize("bad", [-1, 0.5, 20.5, True, "20"])
def test_colour_cut_pieces_option_is_checked(bad):
    # a fraction used to pass and turn the piece test on with a floor of 0 pixels
    with pytest.raises(ContractError, match=r"colour_cut_pieces must be an integer >= 0 \(pixels; 0 = off\)"):
        MediaPipePerson(colour_cut_pieces=bad)
