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
    assert np.array_equal(res.person_fill, m.person_fill)  # a Result keeps the fill's people
    assert np.array_equal(p.merge_masks(res.person_fill, res.text_mask, res.object_mask), res.mask)
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


# --- session 26, pmends: the review's mends ------------------------------------------------
class CachedPerson(PersonSegmenter):
    """One map, its ``probability_batch`` overridden (a cache, say): what it returns is the
    person map, ``_predict`` is never the source."""

    name = "cached"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.calls = 0

    def _predict(self, images):
        raise AssertionError("_predict bypassed the probability_batch override")

    def probability_batch(self, images):
        self.calls += 1
        out = []
        for im in images:
            p = np.zeros(im.shape[:2], np.float32)
            p[5:15, 5:25] = 0.8
            out.append(p)
        return out


class ProbOnly:
    """A registered person backend from before session 26: ``probability_batch`` only."""

    threshold = 0.5

    def probability_batch(self, images):
        return [RimPerson._maps(im.shape[:2])[0] for im in images]

    def probability(self, image):
        return self.probability_batch([image])[0]


@pytest.fixture
def register_person():
    names = []

    def reg(name, factory):
        registry.register("person", name)(factory)
        names.append(name)
        return name

    yield reg
    for n in names:
        registry._REGISTRY["person"].pop(n, None)


def test_maps_batch_honours_an_overridden_probability_batch(rng):
    img = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    seg = CachedPerson()
    [m] = seg.maps_batch([img])
    assert seg.calls == 1 and m.fill is m.prob
    assert np.array_equal(m.prob, seg.probability_batch([img])[0]) and m.prob.sum() == np.float32(0.8) * 200


def test_a_backend_with_only_probability_batch_still_runs(register_person, rng):
    name = register_person("test-prob-only", lambda **o: ProbOnly())
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    p = Pipeline(person=name, text=None, inpaint="telea", person_dilate=0, close=0, min_area=0)
    [m] = p.person_maps([img])
    fine = RimPerson._maps((40, 50))[0]
    assert np.array_equal(m.prob, fine) and m.fill is m.prob
    res = p(img)
    assert res.person_mask.sum() == 400 and np.array_equal(res.mask, res.person_mask)


@pytest.mark.parametrize("method", ["maps_batch", "probability_batch"])
def test_a_short_backend_output_is_a_contract_error(method, rng):
    class Short(RimPerson):
        def _predict(self, images):
            return super()._predict(images)[:1]

        def _predict_maps(self, images):
            return super()._predict_maps(images)[:1]

    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    with pytest.raises(ContractError, match="one person map per image: 2 images, got 1 maps"):
        getattr(Short(), method)([img, img])


def test_the_tuners_merge_preview_is_the_pipelines_fill(rim_backend, rng):
    from creative_tools.widgets import Tuner

    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    params = {"person": rim_backend, "text": None, "inpaint": "telea", "person_dilate": 1, "close": 0,
              "min_area": 0}
    t = Tuner(img, params=params, controls=["person_dilate"], view="merge")
    fill = Pipeline(**params).masks(img).fill
    assert fill[RIM].all() and np.array_equal(t.preview["mask"], fill)
    assert not t.preview["person_mask"][RIM].any()  # the person view stays the mask's


def test_the_tuner_takes_a_backend_with_only_probability(register_person, rng):
    from creative_tools.widgets import Tuner

    name = register_person("test-prob-only-t", lambda **o: ProbOnly())
    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    t = Tuner(img, params={"person": name, "text": None, "inpaint": "telea", "person_dilate": 0, "close": 0,
                           "min_area": 0}, controls=["person_dilate"], view="merge")
    assert t.preview["mask"].sum() == 400


def test_eval_objects_cache_keeps_the_person_fill(rim_backend, rng, tmp_path):
    from conftest import script_module

    img = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    pipe = Pipeline(person=rim_backend, text=None, inpaint="telea")
    with script_module("eval_objects") as ev:
        for _ in range(2):  # made, then read back from the cache
            pm, td, pf = ev.cached(pipe, tmp_path, "x", img)
            assert pm.sum() == 400 and pf.sum() == 416 and pf[RIM].all() and td is None
