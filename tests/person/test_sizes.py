"""False people that appear at some image sizes only (issue 8 item 1, session 6).

The detector's windows (the letterboxed frame and its tiles) change with the image's size
and aspect, and so do its false people: pictures without anyone in them that the hard
set's sizes never showed as "person" were 2-12 % person at other sizes (a motorcycle at
480x640, 640x400 and 1600x900, a launch pad at 600x600, a saucer's rim at 640x400, a cat
at 480x640). Two causes, two fixes in :class:`~creative_tools.person.mediapipe.MediaPipePerson`:
a body the landmark model confirms in a crop tilted far from upright must be found on an
upright view too (``upright_check``), and a strong detector score no longer skips the
second look (``second_look_below=1.0``).
"""

from __future__ import annotations

import numpy as np
import pytest

from creative_tools.errors import ContractError

from conftest import needs_pose_models, script_module


@pytest.fixture(scope="module")
def ev():
    """``scripts/eval_person_hard.py`` as a module (the size sweep's pictures)."""
    pytest.importorskip("skimage")
    with script_module("eval_person_hard") as mod:
        yield mod


@pytest.fixture(scope="module")
def seg():
    from creative_tools.person.mediapipe import MediaPipePerson

    return MediaPipePerson()


def test_upright_above_is_checked():
    from creative_tools.person.mediapipe import MediaPipePerson

    with pytest.raises(ContractError, match="upright_above"):
        MediaPipePerson(upright_above=-0.1)
    with pytest.raises(ContractError, match="upright_above"):
        MediaPipePerson(upright_above=4.0)


def test_sweep_pictures_have_the_sizes_asked(ev):
    # no hard set: the scikit-image photos only, each at every size of the sweep
    rows = list(ev.sweep(None, "tune"))
    assert len(rows) == len(ev.SWEEP_PHOTOS["tune"]) * len(ev.SWEEP_SIZES)
    for (group, stem, im, gt, void, plate, text), (W, H) in zip(rows, ev.SWEEP_SIZES * 99):
        assert group == "sweep-tune" and stem.endswith(f"@{W}x{H}")
        assert im.shape == (H, W, 3) and im.dtype == np.uint8 and not gt.any()
    assert not set(ev.SWEEP_PHOTOS["tune"]) & set(ev.SWEEP_PHOTOS["heldout"])


# Before session 6 (ace7dc3): 4.1 %, 9.5 %, 1.7 % and 2.2 % of the first four frames were "person";
# the logo 22.4 % with upright_above=0.5 (20f7fe4).
@needs_pose_models
@pytest.mark.parametrize("photo, size", [
    ("motorcycle_left", (480, 640)),   # headlamp taken for a body lying on its side (and upside down)
    ("motorcycle_left", (640, 400)),   # ... 73 degrees; the upper-body retry then found one upright
    ("motorcycle_left", (1600, 900)),
    ("rocket", (600, 600)),            # the launch pad's lights, 52 degrees
    ("logo", (300, 1200)),             # 22.4 %: 22 degrees, under the first threshold (0.5 rad)
])
def test_no_person_in_photos_at_the_sizes_that_made_one(ev, seg, photo, size):
    im = ev._cover(ev._skimage_photo(photo), size)
    frac = seg.segment(im).mean()
    assert frac <= 0.005, f"{photo} at {size[0]}x{size[1]}: {frac:.2%} marked as person"


@needs_pose_models
def test_the_tilted_body_is_what_the_upright_check_refuses(ev, seg):
    # the check, not chance: without it the motorcycle is a person again
    from creative_tools.person.mediapipe import MediaPipePerson

    im = ev._cover(ev._skimage_photo("motorcycle_left"), (640, 400))
    # (face_views, session 13, refuses that body too: off here, so the upright check is alone)
    assert MediaPipePerson(upright_check=False, backdrop_cut=False, face_views=False).segment(im).mean() > 0.05
    # (the backdrop cut of session 10 takes most of that body away, not all: 1.3 %)
    assert MediaPipePerson(upright_check=False, face_views=False).segment(im).mean() > 0.005
    assert MediaPipePerson(upright_check=False).segment(im).mean() <= 0.005  # the face mesh sees no face
    verdicts = [v for _, _, _, v in seg.people(im)]
    assert verdicts and all(not v.ok for v in verdicts)
    assert any(v.reason.startswith("a body tilted") for v in verdicts)


@needs_pose_models
def test_a_confident_false_person_gets_the_second_look(hard, ev, seg):
    # a saucer's rim at 640x400: detector score 0.77, presence 1.0; only the second
    # look (its face laid out unlike a face) refuses it
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["negative_products"]("tune")[0]
    im = ev._cover(r["creative"], (640, 400))
    # (face_views off: since session 13 the face mesh refuses it too, a second witness)
    off = {"second_look_below": 0.75, "face_views": False}
    assert MediaPipePerson(**off, backdrop_cut=False).segment(im).mean() > 0.005
    # (the backdrop cut of session 10 alone takes it under 0.5 %: 0.31 %, not to 0)
    assert MediaPipePerson(**off).segment(im).mean() > 0.001
    assert seg.segment(im).mean() <= 0.005
    assert MediaPipePerson(second_look_below=0.75).segment(im).mean() <= 0.005  # the face mesh alone


@needs_pose_models
def test_a_tilted_person_in_a_crowd_is_kept(hard, seg):
    # a half-hidden person whose detected hips are off: the crop is tilted 58 degrees,
    # the person is upright in the image and found again on an upright view (the
    # landmark model's own square). tests/person/test_mediapipe.py's small VOC group
    # has the other case: a crouching man tilted 77 degrees, found on the square
    # around his shoulders.
    r = hard.FAMILIES["person_crowd"]("tune")[2]
    tilted = [(roi, v) for _, roi, _, v in seg.people(r["creative"]) if abs(roi[3]) > seg.upright_above]
    assert tilted, "the crowd no longer has a tilted detection: the test needs another case"
    assert any(v.ok for _, v in tilted), [v.reason for _, v in tilted]


@pytest.mark.slow
@needs_pose_models
@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_no_person_anywhere_in_the_size_sweep(hard, ev, seg, split, tmp_path):
    # the hard set's negatives of the split and the sweep's photos, at every size
    for fam in [f for f in hard.FAMILIES if f.startswith("negative_")]:
        for r in hard.FAMILIES[fam](split):
            from PIL import Image

            Image.fromarray(r["creative"]).save(tmp_path / f"{r['meta']['stem']}.png")
    bad = []
    for _, stem, im, *_ in ev.sweep(tmp_path, split):
        frac = float(seg.segment(im).mean())
        if frac > 0.005:
            bad.append(f"{stem} {frac:.2%}")
    assert not bad, bad


def test_mask_must_cover_the_neck_and_reach_the_face():
    from creative_tools.person.pose import PersonCrop
    from creative_tools.person.verify import mask_problem, verify_person

    p = np.zeros((33, 2), np.float32)
    p[0], p[11], p[12] = (20, 8), (10, 24), (30, 24)    # nose, shoulders 20 px apart
    ones = np.ones(33, np.float32)
    body = np.zeros((40, 40), np.float32)
    body[4:, 12:28] = 1.0
    assert mask_problem(PersonCrop(body, (0, 0, 40, 40), 1.0, p, ones, ones)) == ""
    low = body.copy()
    low[:12] = 0.0                                      # the mask starts 4 px below the nose
    assert "reach the face" in mask_problem(PersonCrop(low, (0, 0, 40, 40), 1.0, p, ones, ones))
    assert mask_problem(PersonCrop(low, (0, 0, 40, 40), 1.0, p, ones, ones), reach=0.25) == ""
    button = np.zeros((40, 40), np.float32)
    button[30:, :] = 1.0                                # a drawn button under the "body"
    crop = PersonCrop(button, (0, 0, 40, 40), 1.0, p, ones, ones)
    assert "neck" in mask_problem(crop)
    assert "neck" in verify_person(crop, (100, 100)).reason
    assert verify_person(crop, (100, 100), on_mask=False).ok
    # the box places the patch in the image: the same body 50 px to the right
    moved = PersonCrop(body, (50, 0, 90, 40), 1.0, p + (50, 0), ones, ones)
    assert mask_problem(moved) == ""


@needs_pose_models
def test_a_button_under_a_face_in_a_texture_is_not_a_person(seg, monkeypatch):
    # the objects' tuned artifact creative 10 (terrazzo plate, no person): the upper-body
    # retry's crop, 1.4x the frame, found a "face" in the texture and segmented the
    # button below it: 5.4 % of the frame. Its mask covers neither neck nor face.
    from creative_tools.bench.artifacts import make_creative

    import functools

    import creative_tools.person.mediapipe as M
    from creative_tools.person.verify import verify_person

    c = make_creative(10, split="tuned")
    assert not c.person.any()
    assert seg.segment(c.image).mean() <= 0.005
    # the check, not chance: without it the button is a person again
    monkeypatch.setattr(M, "verify_person", functools.partial(verify_person, on_mask=False))
    assert seg.segment(c.image).mean() <= 0.005  # the face mesh refuses it too (session 13)
    monkeypatch.setattr(seg, "face_views", False)
    assert seg.segment(c.image).mean() > 0.03


@needs_pose_models
def test_a_person_is_a_person_in_a_mirror(seg):
    # segment_person(mirror=True) flips the crop, then its answer back (left and right
    # swapped): on a real person the face and shoulders land where they were
    from PIL import Image

    from creative_tools.person.mediapipe import segment_person
    from creative_tools.person.verify import mirror_problem

    root = __import__("pathlib").Path(__file__).resolve().parents[2] / "data"
    im = np.asarray(Image.open(root / "square_flat.png").convert("RGB"))
    people = [(roi, c) for _, roi, c, v in seg.people(im) if v is not None and v.ok]
    assert people
    for roi, c in people:
        m = segment_person(seg._nets["pose_landmark"], im, roi, mirror=True)
        assert mirror_problem(c, m, max_drift=0.5) == ""
        assert m.prob.shape == c.prob.shape and np.abs(m.prob - c.prob).mean() < 0.1


@needs_pose_models
def test_the_mirror_refuses_the_cat_that_passes_every_other_check(hard, ev):
    # the stress setting (3x3 tiles, score 0.4) at 600x600: a cat close-up 35.6 % "person"
    # through the upright check, the second look and the mask rule; its mirrored view
    # moves the face and shoulders 1.55 shoulder widths (real people: 0.78 at most)
    from creative_tools.person.mediapipe import MediaPipePerson

    r = hard.FAMILIES["negative_animal"]("tune")[2]
    im = ev._cover(r["creative"], (600, 600))
    stress = {"tiles": 3, "score_threshold": 0.4}
    # (face_views off: since session 13 the face mesh refuses it too)
    assert MediaPipePerson(**stress, face_views=False).segment(im).mean() > 0.3
    assert MediaPipePerson(**stress, face_views=False, mirror_check=True).segment(im).mean() <= 0.005
    assert MediaPipePerson(**stress).segment(im).mean() <= 0.005


def test_mirror_drift_is_checked():
    from creative_tools.person.mediapipe import MediaPipePerson

    with pytest.raises(ContractError, match="mirror_drift"):
        MediaPipePerson(mirror_drift=0)
