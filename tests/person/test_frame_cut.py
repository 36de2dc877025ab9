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


@pytest.mark.parametrize("bad", [0, 0.0, 1.5, -0.1, True, "x", "nan", [0.05]])
def test_the_backend_option_is_checked(bad):
    with pytest.raises(ContractError, match="frame_cut"):
        MediaPipePerson(frame_cut=bad)


@pytest.mark.parametrize("good, value", [("1e-2", 0.01), ("0.05", 0.05), (1, 1.0), (np.float32(0.25), 0.25)])
def test_the_backend_option_takes_what_float_takes(good, value):
    # as its siblings (selfie_veto, colour_cut_ratio): YAML reads 1e-2 as a string
    assert MediaPipePerson(frame_cut=good).frame_cut == pytest.approx(value)


def test_the_backend_option_defaults():
    # off by default since session 22's mends (a tune-only gain); on, colour_cut=False
    # must still build (frame_cut is inert then: it has no seeds, like selfie_veto)
    assert MediaPipePerson().frame_cut is None
    assert MediaPipePerson(colour_cut=False, frame_cut=0.05).frame_cut == 0.05
    assert MediaPipePerson(frame_cut=None).frame_cut is None


# --- a person's own outline is no frame (session 22 review) ---------------------------

def _person(belt_y=150, hair=False, top=(200, 60, 60), legs=(40, 40, 120), sign=None):
    """A cut-out person on a light plate, 240 x 160, the mask exactly their outline:
    head (skin), a torso with rounded shoulders in ``top`` down to ``belt_y``, trousers
    in ``legs`` to the bottom; ``hair``: a rounder head outline; ``sign``: a radius,
    a round yellow sign held at the chest (in the mask: hands hold it). Seeds as the
    colour cut draws them (face points, shoulders and the line between, shoulder
    width 70). Returns image, prob, seeds and the legs."""
    import cv2

    H, W, cx = 240, 160, 80
    img = np.full((H, W, 3), 230, np.uint8)
    m = np.zeros((H, W), np.uint8)
    cv2.ellipse(m, (cx, 50), (16, 20), 0, 0, 360, 1, -1)
    cv2.rectangle(m, (cx - 8, 65), (cx + 8, 78), 1, -1)
    cv2.rectangle(m, (cx - 40, 85), (cx + 40, belt_y), 1, -1)
    if hair:
        cv2.ellipse(m, (cx, 62), (24, 34), 0, 0, 360, 1, -1)
    cv2.ellipse(m, (cx - 30, 88), (12, 12), 0, 0, 360, 1, -1)
    cv2.ellipse(m, (cx + 30, 88), (12, 12), 0, 0, 360, 1, -1)
    cv2.rectangle(m, (cx - 30, 76), (cx + 30, 90), 1, -1)
    legm = np.zeros_like(m)
    cv2.rectangle(legm, (cx - 32, belt_y), (cx + 32, H - 1), 1, -1)
    img[m > 0] = top
    img[25:75][m[25:75] > 0] = (200, 170, 140)
    img[legm > 0] = legs
    prob = ((m | legm) > 0).astype(np.float32)
    if sign is not None:
        cv2.circle(img, (cx, 130), sign, (250, 220, 40), -1)
        cv2.circle(prob, (cx, 130), sign, 1.0, -1)
    seeds = np.zeros((H, W), np.uint8)
    pts = [(cx, 52), (cx - 7, 45), (cx + 7, 45), (cx - 15, 48), (cx + 15, 48), (cx - 35, 88), (cx + 35, 88)]
    for p in pts:
        cv2.circle(seeds, p, 8, 1, -1)
    cv2.line(seeds, pts[5], pts[6], 1, 14)
    cv2.line(seeds, pts[0], (cx, 88), 1, 14)
    return img, prob, (seeds > 0) & (prob > 0.5), legm > 0


@pytest.mark.parametrize("case", [
    {"belt_y": 185},                                     # waist 1.25 shoulder widths down
    {"hair": True},                                      # a rounder head outline
    {"legs": (200, 60, 60), "sign": 44},                 # one colour, a round sign at the chest
])
def test_a_persons_own_outline_closed_across_the_body_is_no_frame(case):
    # the upper body's outline, closed by the belt or the sign's rim, is convex and
    # holds every seed, but it is all person (2 % of it is not mask): no plate, no
    # frame; before the plate test the legs went (3439, 5714, 4344 pixels)
    img, prob, seeds, legs = _person(**case)
    assert np.array_equal(frame_cut(img, prob, seeds), prob)
    assert (frame_cut(img, prob, seeds, plate=0.0)[legs] == 0.0).any()   # what it did


def test_the_bust_outline_closed_by_the_rim_alone_is_no_frame():
    # the card runs off the image's top (not closed); the bust's own outline closed by
    # the rim is all mask: no frame (it was one before the plate test)
    img, prob, seeds = _framed(card=(0, 60, 20, 60))
    assert np.array_equal(frame_cut(img, prob, seeds), prob)
    assert (frame_cut(img, prob, seeds, plate=0.0)[65:100, 32:48] == 0.0).all()


def test_plate_share_is_what_decides():
    # the card: 1600 px, the bust in it 448 (0.72 of the card is not person)
    img, prob, seeds = _framed()
    assert (frame_cut(img, prob, seeds, plate=0.7)[80, 32:48] == 0.0).all()
    assert np.array_equal(frame_cut(img, prob, seeds, plate=0.75), prob)


# --- the same at any size ----------------------------------------------------------------

def _upscaled(k=8):
    import cv2

    img, prob, seeds = _framed()
    size = (80 * k, 120 * k)
    big = cv2.resize(img, size, interpolation=cv2.INTER_LINEAR)        # soft edges
    big = cv2.GaussianBlur(big, (0, 0), k / 2)
    p = cv2.resize(prob, size, interpolation=cv2.INTER_NEAREST)
    s = cv2.resize(seeds.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    return big, p, s


def test_an_upscaled_framed_bust_is_cut_as_the_small_one():
    img, prob, seeds = _upscaled()
    q = frame_cut(img, prob, seeds)
    assert (q[35 * 8:55 * 8, 34 * 8:46 * 8] == 1.0).all()        # the bust
    assert (q[65 * 8:100 * 8, 32 * 8:48 * 8] == 0.0).all()       # below the card
    # at full size (no working size) the soft edges close no card
    assert np.array_equal(frame_cut(img, prob, seeds, max_side=None), prob)


def test_an_upscaled_cut_out_person_with_noise_is_not_cut():
    # the no-frame case at 8x with noise: nothing closes round the seeds
    rng = np.random.default_rng(0)
    img, prob, seeds = _framed()
    img[:] = 40
    img[30:100, 32:48] = 120
    import cv2
    size = (640, 960)
    big = cv2.resize(img, size, interpolation=cv2.INTER_LINEAR)
    big = np.clip(big + rng.normal(0, 12, big.shape), 0, 255).astype(np.uint8)
    p = cv2.resize(prob, size, interpolation=cv2.INTER_NEAREST)
    s = cv2.resize(seeds.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    assert np.array_equal(frame_cut(big, p, s), p)


@pytest.mark.parametrize("opts, match", [
    ({"plate": -0.1}, "plate"), ({"plate": 1.0}, "plate"),
    ({"max_side": 16}, "max_side"), ({"max_side": 100.5}, "max_side"), ({"max_side": True}, "max_side"),
])
def test_frame_cut_checks_its_new_options(opts, match):
    img, prob, seeds = _framed()
    with pytest.raises(ContractError, match=match):
        frame_cut(img, prob, seeds, **opts)


# --- the wiring -----------------------------------------------------------------------

def _stub(monkeypatch, frame):
    """A MediaPipePerson whose people() gives one upright body (landmarks by hand),
    colour cut an identity, no selfie, no refine: what reaches frame_cut is recorded."""
    from creative_tools.person import mediapipe as M
    from creative_tools.person.pose import PersonCrop

    lm = np.zeros((33, 2), np.float32)
    lm[0] = (40, 18)
    lm[11], lm[12] = (50, 30), (30, 30)
    lm[23], lm[24] = (46, 60), (34, 60)
    body = np.zeros((120, 80), np.float32)
    body[10:100, 25:55] = 1.0
    crop = PersonCrop(body, (0, 0, 80, 120), 0.9, lm, np.full(33, 0.9, np.float32), np.ones(33, np.float32))

    class _Ok:
        ok, rescued, reason = True, False, "ok"

    seg = M.MediaPipePerson.__new__(M.MediaPipePerson)
    seg.presence_threshold, seg.selfie = 0.5, "never"
    seg.colour_cut, seg.backdrop_cut, seg.face_check, seg.refine = True, False, None, False
    seg.colour_cut_side, seg.colour_cut_ratio, seg.colour_cut_removed = 200, 4.0, 0.1
    seg.colour_cut_pieces, seg.frame_cut, seg.threshold = 0, frame, 0.5
    seg.frame_plate = False
    seg._nets = {}
    monkeypatch.setattr(seg, "people", lambda image: [(None, (40, 60, 100, 0.0), crop, _Ok())], raising=False)
    monkeypatch.setattr(M, "colour_cut", lambda image, prob, seeds, **k: prob)
    calls = []

    def spy(image, prob, seeds, **k):
        calls.append((seeds.copy(), k))
        out = prob.copy()
        out[80:] = 0.0
        return out

    monkeypatch.setattr(M, "frame_cut", spy)
    return seg, calls


def test_predict_calls_frame_cut_with_the_seeds(monkeypatch):
    seg, calls = _stub(monkeypatch, 0.05)
    out = seg._predict_one(np.full((120, 80, 3), 128, np.uint8))
    assert len(calls) == 1
    seeds, k = calls[0]
    assert seeds.dtype == bool and seeds[30, 30] and seeds[30, 50] and seeds[18, 40]   # shoulders, nose
    assert k == {"min_part": 0.05, "removed_prob": 0.1, "plate_frames": False}
    assert (out[80:] == 0.0).all() and (out[20:70, 30:50] == 1.0).all()   # its result is used


def test_predict_skips_frame_cut_when_off_or_without_seeds(monkeypatch):
    seg, calls = _stub(monkeypatch, None)
    seg._predict_one(np.full((120, 80, 3), 128, np.uint8))
    assert calls == []
    seg, calls = _stub(monkeypatch, 0.05)
    seg.colour_cut = False                                # no seeds drawn
    seg._predict_one(np.full((120, 80, 3), 128, np.uint8))
    assert calls == []


def test_predict_passes_frame_plate(monkeypatch):
    seg, calls = _stub(monkeypatch, 0.05)
    seg.frame_plate = True
    seg._predict_one(np.full((120, 80, 3), 128, np.uint8))
    assert calls[0][1]["plate_frames"] is True


def _avatar(disc: bool = True, bar: bool = True):
    """An avatar's light disc (centre (100, 80), radius 40) on a grey plate, a dark bust
    in it (head and shoulders down to the disc's rim) and a made-up body below the disc
    (the map goes on to row 190). ``bar``: a mid-grey bar whose outline touches the
    disc's rim (a cup's rim behind the avatar), so the holes the edges close are the
    disc and the bar together, not convex: the edge regions find no frame."""
    yy, xx = np.mgrid[:200, :200]
    img = np.full((200, 200, 3), 60, np.uint8)
    inside = np.hypot(xx - 100, yy - 80) <= 40
    if disc:
        img[inside] = 200
    else:
        img[:] = 200                                  # a plain backdrop, no frame
    if bar:
        img[66:80, 139:185] = 120
    head = np.hypot(xx - 100, yy - 72) <= 13
    shoulders = (yy >= 92) & (xx >= 76) & (xx < 124) & (inside if disc else yy < 121)
    img[head | shoulders] = 30
    prob = np.zeros((200, 200), np.float32)
    prob[head | shoulders] = 1.0
    prob[92:190, 76:124] = 1.0                        # the made-up body goes on below
    seeds = np.zeros((200, 200), bool)
    seeds[66:100, 97:103] = True                      # nose to the shoulders' middle
    seeds[96:100, 84:116] = True                      # the shoulder line
    return img, prob, seeds


def test_plate_frames_cut_the_body_below_an_avatar_disc_the_edges_miss():
    img, prob, seeds = _avatar()
    edges_only = frame_cut(img, prob, seeds)
    assert (edges_only == prob).all()                 # disc and bar close one region: no frame
    q = frame_cut(img, prob, seeds, plate_frames=True)
    assert (q[130:190, 80:120] == 0.0).all()          # below the disc: cut
    assert (q[64:80, 94:106] == 1.0).all()            # the head stays
    assert (q[92:115, 80:120] == 1.0).all()           # the shoulders in the disc stay
    assert (prob[130:190, 80:120] == 1.0).all()       # the input is not touched


def test_plate_frames_need_an_enclosed_plate():
    # the same bust on a plain backdrop that runs out of the box: no frame, nothing cut
    img, prob, seeds = _avatar(disc=False, bar=False)
    assert (frame_cut(img, prob, seeds, plate_frames=True) == prob).all()
    # a disc larger than the box round the mask (a backdrop's arc, radius 95): its
    # plate reaches the box's border, so it is no frame though its arc is a circle
    yy, xx = np.mgrid[:200, :200]
    img[:] = 60
    img[np.hypot(xx - 100, yy - 80) <= 95] = 200
    img[prob > 0] = 30
    img[150:, :] = 60
    assert (frame_cut(img, prob, seeds, plate_frames=True) == prob).all()


def test_plate_frames_need_a_disc():
    # an enclosed plate whose rim is no circle (a square card, a bar touching it so the
    # edge regions find nothing either): the circle round its rim reaches past the
    # card's corners, which plate and mask do not fill, so no frame (the plate does not
    # say where a card ends below)
    img, prob, seeds = _avatar(disc=False, bar=False)
    bust = img[..., 0] == 30
    img[:] = 60
    img[40:121, 50:150] = 200
    img[66:80, 150:185] = 120
    img[bust] = 30
    assert (frame_cut(img, prob, seeds) == prob).all()
    assert (frame_cut(img, prob, seeds, plate_frames=True) == prob).all()


def test_plate_frames_need_one_or_two_big_plate_pieces():
    # the disc's plate cut into six pieces by dark spokes (a pattern, a texture's
    # cells): no one piece holds 30 % of the ring round the head, no frame
    import cv2

    img, prob, seeds = _avatar()
    for a in np.linspace(0, np.pi, 3, endpoint=False):
        d = (int(round(45 * np.cos(a))), int(round(45 * np.sin(a))))
        cv2.line(img, (100 - d[0], 72 - d[1]), (100 + d[0], 72 + d[1]), (30, 30, 30), 2)
    img[prob > 0] = 30
    assert (frame_cut(img, prob, seeds, plate_frames=True) == prob).all()


@pytest.mark.parametrize("bad", [1, "yes", None, 0.5])
def test_plate_frames_door(bad):
    img, prob, seeds = _avatar()
    with pytest.raises(ContractError, match="plate_frames"):
        frame_cut(img, prob, seeds, plate_frames=bad)
    with pytest.raises(ContractError, match="frame_plate"):
        MediaPipePerson(frame_plate=bad)


def test_frame_plate_defaults_off():
    assert MediaPipePerson().frame_plate is False
    assert MediaPipePerson(frame_cut=0.05, frame_plate=True).frame_plate is True
