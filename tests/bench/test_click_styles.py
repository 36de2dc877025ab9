"""The click styles generator: every style drawn, exact truth, held-out apart from tune."""

import numpy as np
import pytest

from creative_tools.bench.click_styles import CLICK_STYLES, make_click_creative


def test_every_style_is_drawn_with_exact_truth():
    seen = set()
    for i in range(len(CLICK_STYLES)):  # the first style of creative i is CLICK_STYLES[i]
        s = make_click_creative(i, split="tune")
        assert s.artifacts, s.name
        seen |= {a.shape.split("_")[0] if a.shape.startswith("stacked") else a.shape for a in s.artifacts}
        for a in s.artifacts:
            assert a.mask.dtype == bool and a.mask.any(), (s.name, a.shape)
        # outside the artifacts the creative is the plate, pixel for pixel
        outside = ~s.artifact_mask
        assert np.array_equal(s.image[outside], s.background[outside]), s.name
    assert seen == set(CLICK_STYLES)


def test_splits_differ_and_are_deterministic():
    a, b = make_click_creative(3, split="tune"), make_click_creative(3, split="tune")
    assert np.array_equal(a.image, b.image)
    h = make_click_creative(3, split="heldout")
    assert a.image.shape != h.image.shape or not np.array_equal(a.image, h.image)
    with pytest.raises(ValueError, match="split must be one of"):
        make_click_creative(0, split="fresh")


def test_texture_splits_draw_busy_plates_with_exact_truth():
    from creative_tools.bench.click_styles import TEXTURES, texture

    assert not set(TEXTURES["texture_tune"]) & set(TEXTURES["texture_heldout"])
    for split in TEXTURES:
        s = make_click_creative(len(CLICK_STYLES), split=split)  # the blob comes round first
        assert s.meta["background"] == "texture" and s.meta["photo"] in TEXTURES[split]
        assert s.artifacts[0].shape == "blob" and s.artifacts[0].mask.any(), s.name
        outside = ~s.artifact_mask
        assert np.array_equal(s.image[outside], s.background[outside]), s.name
        # busy: most pixels differ from a neighbour (a flat or gradient plate does not)
        g = np.abs(np.diff(s.background.astype(int), axis=1)).max(-1)
        assert (g > 2).mean() > 0.3, (s.name, s.meta["photo"])
    a = texture("clouds", (64, 48), np.random.default_rng(0))
    assert a.shape == (48, 64, 3) and a.dtype == np.uint8
    with pytest.raises(ValueError, match="unknown texture"):
        texture("marble", (64, 48), np.random.default_rng(0))
