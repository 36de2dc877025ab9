"""The fill takes its people from both of a backend's maps (session 26, pfill): a person
backend may hand over a second map (``mediapipe``'s map before ``refine_fine`` thins the
rim); the person mask stays the first map's, the fill covers what either calls person.
Tiny synthetic arrays with the expected pixels written in the test."""

from __future__ import annotations

import numpy as np
import pytest

from creative_tools import registry
from creative_tools.errors import ContractError
from creative_tools.person.base import PersonSegmenter
from creative_tools.pipeline import Pipeline, fill_mask


class RimPerson(PersonSegmenter):
    """'The person' is the square [10:30, 10:30]; its last pass took the column x = 30,
    rows 12:28 (a rim piece), off the map: the second map still has it."""

    name = "rim"

    def __init__(self, *, second=True, **kw):
        super().__init__(**kw)
        self.second = second

    @staticmethod
    def _maps(hw):
        fine = np.zeros(hw, np.float32)
        fine[10:30, 10:30] = 0.9
        coarse = fine.copy()
        coarse[12:28, 30] = 0.7  # the rim piece: person before the last pass
        coarse[20, 20] = 0.1  # lower than the fine map: the fill's map is the larger
        return fine, coarse

    def _predict(self, images):
        return [self._maps(im.shape[:2])[0] for im in images]

    def _predict_maps(self, images):
        return [(f, c if self.second else None) for f, c in (self._maps(im.shape[:2]) for im in images)]


@pytest.fixture
def rim_backend():
    registry.register("person", "test-rim")(lambda **o: RimPerson(**o))
    yield "test-rim"
    del registry._REGISTRY["person"]["test-rim"]


RIM = (slice(12, 28), 30)


def test_maps_batch_takes_the_larger_of_the_two_maps(rng):
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    m = RimPerson().maps(img)
    fine, coarse = RimPerson._maps((40, 50))
    assert np.array_equal(m.prob, fine)
    assert np.array_equal(m.fill, np.maximum(fine, coarse))
    assert m.fill[20, 20] == np.float32(0.9) and m.fill[15, 30] == np.float32(0.7)
    assert np.array_equal(m.prob, RimPerson().probability(img))


def test_a_backend_with_one_map_fills_its_mask(rng):
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    m = RimPerson(second=False).maps(img)
    assert m.fill is m.prob  # no copy
    assert RimPerson(second=False).maps_batch([]) == []


def test_a_bad_second_map_is_named():
    class Bad(RimPerson):
        def _predict_maps(self, images):
            return [(f, c.astype(np.float64)) for f, c in (self._maps(im.shape[:2]) for im in images)]

    with pytest.raises(ContractError, match=r"rim second map \[0\] must be an \(H, W\) float32"):
        Bad().maps(np.zeros((40, 50, 3), np.uint8))


def test_the_fill_covers_the_rim_the_last_pass_took_off_the_mask(rim_backend, rng):
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    p = Pipeline(person=rim_backend, text=None, inpaint="telea", person_dilate=0, close=0, min_area=0)
    res = p(img)
    assert res.person_mask.sum() == 400 and not res.person_mask[RIM].any()  # the mask is the fine map's
    assert res.mask.sum() == 400 + 16 and res.mask[RIM].all()  # the fill has the rim too
    assert not (res.background[RIM] == img[RIM]).all()  # and it was filled
    m = p.masks(img)
    assert np.array_equal(m.person, res.person_mask) and np.array_equal(m.fill, res.mask)
    assert m.person_fill.sum() == 416 and np.array_equal(m.person_fill, m.fill)
    # the same pipeline whose backend has no second map: today's fill, the mask itself
    registry._REGISTRY["person"].pop(rim_backend)
    registry.register("person", rim_backend)(lambda **o: RimPerson(second=False, **o))
    one = Pipeline(person=rim_backend, text=None, inpaint="telea", person_dilate=0, close=0, min_area=0).masks(img)
    assert np.array_equal(one.fill, res.person_mask) and np.array_equal(one.person, res.person_mask)


def test_person_fills_and_masks_take_maps_arrays_and_none(rim_backend, rng):
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    p = Pipeline(person=rim_backend, text=None, inpaint="telea", person_threshold=0.8)
    maps = p.person_maps([img, img])
    fine, coarse = RimPerson._maps((40, 50))
    assert p.person_fills(maps, [img, img])[0].sum() == 400  # the rim is 0.7: under this threshold
    p = Pipeline(person=rim_backend, text=None, inpaint="telea")
    pf, pm = p.person_fills(maps, [img, img])[0], p.person_masks(maps, [img, img])[0]
    assert pf.sum() == 416 and pm.sum() == 400 and (pm <= pf).all()
    assert np.array_equal(p.person_fills([fine], [img])[0], fine > 0.5)  # a bare map: its mask
    assert not p.person_fills([None], [img])[0].any()
    with pytest.raises(ContractError, match="a person map must be a PersonMaps"):
        p.person_fills([[0.5]], [img])
    assert np.array_equal(p.segment_people([img])[0], fine)
    # the fill's merge dilates the people it is given, the fill's
    assert fill_mask(p.config, pf, np.zeros_like(pf), None).sum() > fill_mask(p.config, pm, np.zeros_like(pm)).sum()


def test_person_maps_is_none_per_image_without_people(rng):
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    p = Pipeline(person=None, text="ppocr", inpaint="telea")
    assert p.person_maps([img, img]) == [None, None]
    assert not p.person_fills([None], [img])[0].any() and p.loaded == []
