"""A second, finer guided-filter pass on the edge tiles (person/refine.py ``fine_edge``,
MediaPipePerson's ``refine_fine`` options; session 25): the coarse pass (2 % of the long
side, fitted on a 4x coarser grid) leaves a map's edge a pixel off where a fine window
near full resolution puts it on the image's edge. Tiny synthetic arrays with the
expected edges written in the test."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import needs_pose_models

from creative_tools.errors import ContractError
from creative_tools.person import mediapipe as M
from creative_tools.person import refine as R
from creative_tools.person.pose import PersonCrop


def _step(size: int = 300, at: int = 150) -> np.ndarray:
    """A noisy image: the 'person' (its own colour) left of column ``at``."""
    rng = np.random.default_rng(0)
    img = np.full((size, size, 3), (200, 120, 150), np.uint8)
    img[:, :at] = (60, 80, 200)
    return np.clip(img + rng.normal(0, 4, img.shape), 0, 255).astype(np.uint8)


def _width(q: np.ndarray) -> int:
    """Columns of the middle row above 0.5 (the person's width from the left border)."""
    return int((q[q.shape[0] // 2] > 0.5).sum())


def test_a_one_pixel_halo_goes_onto_the_image_edge():
    img = _step()
    p = np.zeros((300, 300), np.float32)
    p[:, :150] = 1.0
    p[:, 150] = 0.7  # the halo's last pixel over the plate, as the coarse pass leaves it
    assert _width(p) == 151
    q = R.fine_edge(img, p, radius=3, eps=1e-3, subsample=1)
    assert _width(q) == 150
    assert q[150, 140] > 0.95 and q[150, 160] < 0.05


def test_sure_tiles_are_left_as_they_are_and_the_input_untouched():
    img = _step()
    p = np.zeros((300, 300), np.float32)
    p[:, :150] = 1.0
    p[:, 150] = 0.7
    before = p.copy()
    q = R.fine_edge(img, p, radius=3, eps=1e-3, subsample=1)
    assert np.array_equal(p, before)
    t = R.FINE_TILE
    # only the tiles the unsure column 150 crosses (columns 128-255) change
    assert np.array_equal(q[:, :t], p[:, :t]) and np.array_equal(q[:, 2 * t:], p[:, 2 * t:])
    assert not np.array_equal(q[:, t:2 * t], p[:, t:2 * t])
    flat = np.ones((300, 300), np.float32)
    assert np.array_equal(R.fine_edge(img, flat, radius=3), flat)


def test_the_tiles_give_what_one_filter_over_the_whole_image_gives():
    # each tile is filtered with the filter's whole reach around it, so at full
    # resolution the tiled result is the whole image's
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (300, 280, 3), dtype=np.uint8)
    p = rng.random((300, 280)).astype(np.float32)
    whole = R.guided_filter(img, p, radius=4, eps=1e-3, subsample=1)
    tiled = R.fine_edge(img, p, radius=4, eps=1e-3, subsample=1)
    np.testing.assert_allclose(tiled, whole, atol=1e-4)


def test_at_the_default_2x_grid_the_tiles_share_one_grid_on_an_odd_size():
    # the tiles' crops start on even pixels and the image is padded (edge pixels) to
    # even sides: one whole-image pass at 2x over that padded image, cropped back.
    # Each tile on its own grid (the first version) was up to 0.44 off here.
    rng = np.random.default_rng(2)
    h, w = 301, 263
    img = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
    p = rng.random((h, w)).astype(np.float32)
    padded = (np.pad(img, ((0, 1), (0, 1), (0, 0)), mode="edge"), np.pad(p, ((0, 1), (0, 1)), mode="edge"))
    whole = R.guided_filter(*padded, radius=5, eps=1e-3, subsample=2)[:h, :w]
    tiled = R.fine_edge(img, p, radius=5, eps=1e-3, subsample=2)
    np.testing.assert_allclose(tiled, whole, atol=1e-5)
    # (and the 2x grid is used: the full-resolution filter is elsewhere)
    full = R.guided_filter(img, p, radius=5, eps=1e-3, subsample=1)
    assert np.abs(tiled - full).max() > 0.01


def test_a_tile_the_next_tiles_edge_reaches_is_filtered_too():
    # unsure columns 126-127 (the last of the first tile), the image's edge at 133:
    # the filter pulls the map over the tile border to the image's edge, as one
    # whole-image pass does (the first version cut it at column 128)
    img = _step(300, 133)
    p = np.zeros((300, 300), np.float32)
    p[:, :126] = 1.0
    p[:, 126:128] = 0.6
    whole = R.guided_filter(img, p, radius=4, eps=1e-3, subsample=1)
    tiled = R.fine_edge(img, p, radius=4, eps=1e-3, subsample=1)
    np.testing.assert_allclose(tiled, whole, atol=1e-4)
    assert tiled[150, 129] > 0.2  # past the tile border


def test_a_hard_edge_with_no_unsure_pixel_is_refined():
    # a 0 / 1 map (no pixel strictly between 0.02 and 0.98) one pixel off the image's edge
    img = _step()
    p = np.zeros((300, 300), np.float32)
    p[:, :151] = 1.0
    q = R.fine_edge(img, p, radius=3, eps=1e-3, subsample=1)
    assert _width(p) == 151 and _width(q) == 150


def test_only_the_tiles_near_the_edge_are_filtered(monkeypatch):
    # 300 x 300: 3 x 3 tiles of 128 px; an edge at column 60, reach 2 * 3 + 2 = 8 px:
    # only the three tiles of the first column run the filter
    img = _step(300, 60)
    p = np.zeros((300, 300), np.float32)
    p[:, :60] = 1.0
    p[:, 60] = 0.7
    calls = []
    real = R.guided_filter

    def spy(image, prob, **kw):
        calls.append(image.shape[:2])
        return real(image, prob, **kw)

    monkeypatch.setattr(R, "guided_filter", spy)
    q = R.fine_edge(img, p, radius=3, eps=1e-3, subsample=1)
    assert len(calls) == 3
    assert _width(q) == 60
    # the tiles left alone come back exactly (here: all 0 or all 1)
    assert np.array_equal(q[:, 128:], p[:, 128:])


@pytest.mark.parametrize("opts", [
    {"radius": 0},
    {"eps": 0.0},
    {"subsample": 0},
])
def test_fine_edge_checks_its_options(opts):
    kw = {"radius": 3, "eps": 1e-3, "subsample": 1, **opts}
    with pytest.raises(ContractError):
        R.fine_edge(_step(40, 20), np.zeros((40, 40), np.float32), **kw)


@pytest.mark.parametrize("opts", [
    {"refine_fine": 0.0},
    {"refine_fine": -0.01},
    {"refine_fine": 0.3},
    {"refine_fine": float("nan")},
    {"refine_fine": float("inf")},
    {"refine_fine": 0.01, "refine_fine_eps": 0.0},
    {"refine_fine": 0.01, "refine_fine_subsample": 0},
])
def test_refine_fine_options_are_checked(opts):
    with pytest.raises(ContractError, match="refine_fine"):
        M.MediaPipePerson(**opts)


def test_the_default_fine_pass_is_the_measured_one():
    d = M.MediaPipePerson.__init__.__kwdefaults__
    assert (d["refine_fine"], d["refine_fine_eps"], d["refine_fine_subsample"]) == (0.01, 3e-4, 2)


def _body(right):
    """A 200 x 400 frame (the image's step at x = 200), a hand-made body's map (rows 40..160,
    columns 100..``right``) and the PersonCrop that hands it over (no network runs)."""
    h, w = 200, 400
    crop_prob = np.zeros((h, w), np.float32)
    crop_prob[40:160, 100:right] = 1.0
    body = PersonCrop(crop_prob, (0, 0, w, h), 0.99, np.zeros((33, 2), np.float32),
                      np.ones(33, np.float32), np.ones(33, np.float32))
    return _step(400, 200)[:h], crop_prob, body


@needs_pose_models
def test_refine_fine_runs_after_the_coarse_pass(monkeypatch):
    # one hand-made body on a 200 x 400 frame (no network runs: people() is replaced)
    img, crop_prob, body = _body(201)
    calls = []

    def spy(image, prob, **kw):
        calls.append((prob.copy(), kw))
        return R.fine_edge(image, prob, **kw)

    monkeypatch.setattr(M, "fine_edge", spy)
    outs = {}
    for fine in (None, 0.01):
        seg = M.MediaPipePerson(refine_fine=fine, selfie="never", colour_cut=False, face_check=None,
                                edge_pad=None)  # (one look: the stand-in takes one argument)
        monkeypatch.setattr(seg, "people", lambda image: [(None, None, body, None)])
        outs[fine] = seg._predict_one(img)
        if fine is None:
            assert calls == []  # off: not called
    (seen, kw), = calls
    # on the coarse pass's output (what the off setting returns), with the window 1 %
    # of the long side and the 2x grid
    assert kw == {"radius": 4, "eps": seg.refine_fine_eps, "subsample": 2}
    assert np.array_equal(seen, outs[None]) and not np.array_equal(seen, crop_prob)
    assert np.array_equal(outs[0.01], R.fine_edge(img, seen, **kw))
    assert not np.array_equal(outs[0.01], outs[None])


@needs_pose_models
def test_the_fill_keeps_the_rim_the_fine_pass_takes_off_the_mask():
    # a hand-made body 4 px past the person's colour (the image's step at x = 200): the
    # fine pass takes rim pieces off the mask; the fill's map (PersonMaps.fill) keeps
    # what either pass calls person (session 26, pfill)
    img, _, body = _body(204)
    segs = {}
    for fine, fill in ((None, True), (0.01, True), (0.01, False)):
        segs[fine, fill] = M.MediaPipePerson(refine_fine=fine, refine_fine_fill=fill, selfie="never",
                                             colour_cut=False, face_check=None, edge_pad=None)
        segs[fine, fill].people = lambda image: [(None, None, body, None)]
    on, off, alone = segs[0.01, True].maps(img), segs[None, True].maps(img), segs[0.01, False].maps(img)
    C, F = off.prob > 0.5, on.prob > 0.5
    assert (C & ~F).sum() > 50  # the fine pass takes rim pixels off the mask (129 here)
    assert np.array_equal(on.prob, segs[0.01, True].probability(img))  # the mask is the fine one
    assert np.array_equal(on.fill > 0.5, C | F)  # the fill's people: what either pass kept
    assert off.fill is off.prob  # the pass off: one map, the mask's fill
    assert alone.fill is alone.prob and np.array_equal(alone.prob, on.prob)  # refine_fine_fill=False: session 25's


def test_the_fill_keeps_the_fine_pass_rim_by_default():
    assert M.MediaPipePerson.__init__.__kwdefaults__["refine_fine_fill"] is True


@pytest.mark.parametrize("bad", ["false", "true", 0, 1, None])
def test_refine_fine_fill_must_be_a_bool(bad):
    # bool("false") is True: a string (or a number) would silently turn the fill's rim on
    with pytest.raises(ContractError, match="refine_fine_fill must be a bool"):
        M.MediaPipePerson(refine_fine_fill=bad)
    assert M.MediaPipePerson(refine_fine_fill=np.bool_(False)).refine_fine_fill is False


def test_refine_fine_fill_false_on_the_command_line_reaches_the_backend():
    from creative_tools.cli import _pipeline_options, build_parser
    from creative_tools.pipeline import Pipeline, backend_options

    args = build_parser().parse_args(["run", "x", "--out", "o", "--person-options", "refine_fine_fill=false"])
    opts = _pipeline_options(args)
    assert opts["person_options"] == {"refine_fine_fill": False}
    pipe = Pipeline(**opts)
    seg = M.MediaPipePerson(**backend_options(pipe.config, "person"))
    assert seg.refine_fine_fill is False
