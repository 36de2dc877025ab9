import numpy as np
import pytest

import creative_tools as ct
from creative_tools import registry
from creative_tools.errors import ContractError
from creative_tools.person.base import PersonSegmenter
from creative_tools.pipeline import Pipeline, PipelineConfig, fill_mask
from creative_tools.text.base import TextDetector


class SquarePerson(PersonSegmenter):
    """A fake model: 'the person' is the square [10:30, 10:30]."""

    name = "square"

    def _predict(self, images):
        out = []
        for im in images:
            p = np.zeros(im.shape[:2], np.float32)
            p[10:30, 10:30] = 0.9
            p[40:42, 40:42] = 0.4      # below the default threshold
            out.append(p)
        return out


@pytest.fixture
def square_backend():
    registry.register("person", "test-square")(lambda **o: SquarePerson(**{k: v for k, v in o.items() if k == "threshold"}))
    yield "test-square"
    del registry._REGISTRY["person"]["test-square"]


def test_stages_merge_and_keep_unmasked_pixels(square_backend, rng):
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    res = Pipeline(person=square_backend, text=None, inpaint="telea", person_dilate=2, min_area=0)(img)
    assert res.person_mask.sum() == 400
    # the 20x20 square grown by a radius-2 disc: 24x24 minus 3 pixels per corner
    assert res.mask.sum() == 24 * 24 - 12
    assert not res.text_mask.any() and res.text is None
    assert (res.background[~res.mask] == img[~res.mask]).all()
    assert res.background.shape == img.shape
    assert set(res.timings) == {"person", "text", "merge", "inpaint", "total", "wall"}
    assert res.backends == {"person": square_backend, "text": None, "objects": None, "inpaint": "telea"}
    assert res.params["dilation_px"] == {"person": 2, "text": 1, "objects": 1}
    s = res.summary()
    assert s["area"]["person"]["pixels"] == 400 and s["text_polygons"] == []
    assert res.overlay().shape == img.shape


def test_threshold_reaches_the_backend(square_backend, rng):
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    res = Pipeline(person=square_backend, text=None, inpaint="telea", person_threshold=0.3, min_area=0)(img)
    assert res.person_mask.sum() == 404


def test_config_validation():
    with pytest.raises(ContractError, match="unknown pipeline option"):
        PipelineConfig.from_dict({"treshold": 0.5})
    with pytest.raises(ContractError, match="person_threshold"):
        PipelineConfig(person_threshold=2)
    with pytest.raises(ContractError, match="text_dilate"):
        PipelineConfig(text_dilate=-1)
    with pytest.raises(ContractError, match="at least one of person, text and objects"):
        PipelineConfig(person=None, text=None)
    with pytest.raises(ct.UnknownBackendError, match="Available"):
        Pipeline(person="nope")


def test_auto_dilation_scales_with_image():
    c = PipelineConfig()
    # text: long side / 250 since 2026-12-02 (the text mask is the glyph pixels alone;
    # the removal margin is this dilation)
    assert c.dilation((1024, 1024)) == {"person": 5, "text": 4, "objects": 4}
    assert c.dilation((1000, 600))["text"] == 4 and c.dilation((2000, 2000))["text"] == 8
    assert c.dilation((100, 60)) == {"person": 1, "text": 1, "objects": 1}
    assert PipelineConfig(text_dilate=0).dilation((4000, 3000))["text"] == 0


def test_default_stack_on_synthetic_creative():
    """Text on a gradient: the default pipeline finds it and paints it out."""
    from PIL import Image, ImageDraw, ImageFont

    y, x = np.mgrid[0:240, 0:400]
    bg = np.stack([x * 200 // 400 + 30, y * 150 // 240 + 50, np.full_like(x, 160)], -1).astype(np.uint8)
    im = Image.fromarray(bg)
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 40) if _has_font() else ImageFont.load_default(size=40)
    ImageDraw.Draw(im).text((30, 90), "SALE 50%", fill=(255, 255, 255), font=font)
    img = np.asarray(im)
    drawn = (img != bg).any(-1)
    res = ct.recover_background(img, person=None)
    assert res.text is not None and len(res.text) >= 1
    assert (res.mask & drawn).sum() / drawn.sum() > 0.97
    assert (res.background[~res.mask] == img[~res.mask]).all()
    err = np.abs(res.background.astype(int) - bg.astype(int))[drawn].mean()
    assert err < 15, f"text not painted out: mean error {err:.1f} on the glyph pixels"


def _has_font():
    from PIL import ImageFont

    try:
        ImageFont.truetype("DejaVuSans-Bold.ttf", 10)
        return True
    except OSError:
        return False


def test_recover_background_errors_name_image():
    with pytest.raises(ContractError, match=r"^image must"):
        ct.recover_background(np.zeros((8, 8), np.uint8), person=None, inpaint="telea")


def test_models_load_when_first_needed(square_backend, rng):
    p = Pipeline(person=square_backend, text=None, inpaint="telea")
    assert p.loaded == []
    p.segment_people([rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)])
    assert p.loaded == ["person"]
    assert p.load().loaded == ["person", "inpaint"]


def test_bad_options_fail_before_any_model_loads():
    with pytest.raises(ContractError, match=r"text_options: text backend 'ppocr' takes no option \['nope'\]"):
        Pipeline(person=None, text="ppocr", text_options={"nope": 1})
    with pytest.raises(ct.UnknownBackendError, match="Available"):
        Pipeline(person="nope")


def test_glyph_ground_is_on_by_default_and_text_options_turn_it_off():
    # ground ON by default since session 20; text_options={"ground": False} reaches the backend
    assert Pipeline(person=None).text_model.ground is True
    assert Pipeline(person=None, text_options={"ground": False}).text_model.ground is False
    with pytest.raises(ContractError, match="ground must be a bool"):
        Pipeline(person=None, text_options={"ground": "false"}).text_model


def test_device_warning_names_the_backends_that_ignore_it():
    with pytest.warns(UserWarning, match=r"device='cuda:1' is ignored by text 'ppocr', inpaint 'telea'"):
        Pipeline(person=None, text="ppocr", inpaint="telea", device="cuda:1")


def test_masks_is_the_fill_recipe_of_run(square_backend, rng):
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    p = Pipeline(person=square_backend, text=None, inpaint="telea", person_dilate=2, min_area=0)
    m = p.masks(img)
    r = p.run(img)
    assert np.array_equal(m.fill, r.mask) and np.array_equal(m.person, r.person_mask)
    assert m.fill.sum() == 24 * 24 - 12 and not m.text.any() and not m.objects.any()
    assert m.text_detection is None and m.person_prob.dtype == np.float32
    assert p.loaded == ["person", "inpaint"]
    with pytest.raises(ContractError, match=r"^image must"):
        p.masks(np.zeros((4, 4), np.uint8))


def test_fill_holes_fills_enclosed_islands_up_to_its_size():
    ring = np.zeros((40, 40), bool)
    ring[5:35, 5:35] = True
    ring[15:20, 15:20] = False                         # a 25-pixel hole
    none = np.zeros_like(ring)
    kw = dict(person_dilate=0, text_dilate=0, min_area=0)
    assert not fill_mask(PipelineConfig(**kw), ring, none)[15:20, 15:20].any()
    assert fill_mask(PipelineConfig(fill_holes=25, **kw), ring, none)[15:20, 15:20].all()
    assert not fill_mask(PipelineConfig(fill_holes=24, **kw), ring, none)[15:20, 15:20].any()


# -- person and text stages side by side (Pipeline(concurrent=...)) ---------------------------
class _Threads:
    """The names of the threads each fake stage ran on, and a delay per stage."""

    def __init__(self, delay=0.0, fail=False):
        self.person, self.text, self.delay, self.fail = [], [], delay, fail


class ThreadPerson(SquarePerson):
    name = "thread-person"

    def __init__(self, log, **kw):
        super().__init__(**kw)
        self.log = log

    def _predict(self, images):
        import threading
        import time

        self.log.person.append(threading.current_thread().name)
        time.sleep(self.log.delay)
        if self.log.fail:
            raise RuntimeError("person stage failed")
        return super()._predict(images)


class BarText(TextDetector):
    """A fake text model: 'the text' is the bar [50:56, 5:60]; ``concurrent`` as ppocr's."""

    name = "bar-text"

    def __init__(self, log, concurrent=True):
        super().__init__(tight=False)
        self.log, self.concurrent = log, concurrent

    def _detect(self, images):
        import threading
        import time

        self.log.text.append(threading.current_thread().name)
        time.sleep(self.log.delay)
        out = []
        for im in images:
            p = np.zeros(im.shape[:2], np.float32)
            p[50:56, 5:60] = 0.9
            out.append((p, [np.array([[5, 50], [59, 50], [59, 55], [5, 55]], np.float32)], np.array([0.9])))
        return out


def _registered(log, person_name, person_cls, text_name, text_cls):
    """Register a logging person and text backend pair, yield ``log``, then unregister both."""
    registry.register("person", person_name)(
        lambda **o: person_cls(log, **{k: v for k, v in o.items() if k == "threshold"}))
    registry.register("text", text_name)(lambda concurrent=True: text_cls(log, concurrent))
    try:
        yield log
    finally:
        del registry._REGISTRY["person"][person_name]
        del registry._REGISTRY["text"][text_name]


@pytest.fixture
def thread_backends():
    yield from _registered(_Threads(), "test-thread-person", ThreadPerson, "test-bar-text", BarText)


def _pipe(concurrent=None, text_concurrent=True):
    return Pipeline(person="test-thread-person", text="test-bar-text", inpaint="telea", min_area=0,
                    text_options={"concurrent": text_concurrent}, concurrent=concurrent)


@pytest.mark.parametrize("concurrent", [True, False])
def test_side_by_side_gives_the_same_masks(thread_backends, rng, concurrent):
    import threading

    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    p = _pipe(concurrent)
    assert p.side_by_side() is concurrent
    r = p.run(img)
    main = threading.current_thread().name
    assert thread_backends.text == [main]
    assert (thread_backends.person[0] != main) is concurrent  # a helper thread only when side by side
    assert r.person_mask.sum() == 400 and r.text_mask.sum() == 6 * 55 and not (r.person_mask & r.text_mask).any()
    ref = _pipe(not concurrent).run(img)
    for a in ("mask", "person_mask", "text_mask", "background", "person_prob"):
        assert np.array_equal(getattr(r, a), getattr(ref, a)), a


def test_side_by_side_follows_the_text_backend_by_default(thread_backends):
    assert _pipe(None, text_concurrent=True).side_by_side() is True
    assert _pipe(None, text_concurrent=False).side_by_side() is False  # threads=1: the CLI's pool workers
    assert _pipe(True, text_concurrent=False).side_by_side() is True
    no_person = Pipeline(person=None, text="test-bar-text", inpaint="telea", concurrent=True)
    assert no_person.side_by_side() is False  # nothing to overlap
    with pytest.raises(ContractError, match="concurrent must be None, True or False, got 'yes'"):
        Pipeline(person=None, text="test-bar-text", inpaint="telea", concurrent="yes")


def test_side_by_side_wall_is_less_than_the_stages_sum(thread_backends, rng):
    thread_backends.delay = 0.3
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    t = _pipe(True).run(img).timings
    assert t["person"] >= 0.3 and t["text"] >= 0.3
    assert t["wall"] < t["person"] + t["text"]  # the stages overlapped
    assert t["total"] == pytest.approx(sum(v for k, v in t.items() if k not in ("total", "wall")))
    s = _pipe(False).run(img).timings
    assert s["wall"] >= s["person"] + s["text"]  # one after the other


def test_side_by_side_raises_the_person_stage_error(thread_backends, rng):
    thread_backends.fail = True
    with pytest.raises(RuntimeError, match="person stage failed"):
        _pipe(True).run(rng.integers(0, 256, (64, 80, 3), dtype=np.uint8))


def test_side_by_side_helper_remade_after_fork(thread_backends, rng):
    """A thread does not follow a fork: the helper is made again in a process with another id."""
    p = _pipe(True)
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    p.run(img)
    pid, pool = p._helper
    p._helper = (pid + 1, pool)  # as a forked child sees it
    p.run(img)
    assert p._helper[0] == pid and p._helper[1] is not pool


class SignalText(BarText):
    """BarText whose networks signal they are done (as ppocr's), logging the order of events:
    the person stage must start after that signal, while the text stage still runs."""

    name = "signal-text"
    signals_networks = True

    def _detect(self, images):
        self.log.events.append("networks")
        self._networks_done()
        # the later steps: the person stage gets going beside them (or the test times out here)
        self.log.events.append(f"person beside the later steps: {self.log.person_started.wait(5.0)}")
        return super()._detect(images)


class EventPerson(ThreadPerson):
    def _predict(self, images):
        self.log.events.append("person")
        self.log.person_started.set()
        return super()._predict(images)


@pytest.fixture
def signal_backends():
    import threading

    log = _Threads()
    log.events, log.person_started = [], threading.Event()
    yield from _registered(log, "test-event-person", EventPerson, "test-signal-text", SignalText)


def _signal_pipe(**kw):
    return Pipeline(person="test-event-person", text="test-signal-text", inpaint="telea", min_area=0, **kw)


def test_person_stage_not_started_beside_the_text_networks(signal_backends, rng):
    """person_start="after_networks" (the default): the person stage takes no share of the cores
    from the detector passes; it starts at their signal and runs beside the text stage's later steps."""
    img = rng.integers(0, 256, (64, 80, 3), dtype=np.uint8)
    r = _signal_pipe().run(img)
    assert signal_backends.events == ["networks", "person", "person beside the later steps: True"]
    signal_backends.events.clear()
    ref = _signal_pipe(person_start="with_text", concurrent=False).run(img)
    for a in ("mask", "person_mask", "text_mask", "background", "person_prob"):
        assert np.array_equal(getattr(r, a), getattr(ref, a)), a


def test_person_stage_with_text_starts_before_the_networks_signal(signal_backends, rng):
    import time

    signal_backends.delay = 0.0
    p = _signal_pipe(person_start="with_text")
    orig = SignalText._detect

    def late(self, images):  # give the helper time to start first
        time.sleep(0.3)
        return orig(self, images)

    SignalText._detect = late
    try:
        p.run(rng.integers(0, 256, (64, 80, 3), dtype=np.uint8))
    finally:
        SignalText._detect = orig
    assert signal_backends.events[:2] == ["person", "networks"]


def test_person_start_unknown_raises(signal_backends):
    with pytest.raises(ContractError, match=r"person_start must be one of \['after_networks', 'with_text'\], "
                                            r"got 'later'"):
        _signal_pipe(person_start="later")


def test_text_stage_failing_before_its_signal_starts_no_person_stage(signal_backends, rng):
    """The text stage's error before its signal is raised at once: no person stage is started for it."""
    orig = SignalText._detect

    def fail(self, images):
        raise RuntimeError("text stage failed")

    SignalText._detect = fail
    try:
        with pytest.raises(RuntimeError, match="text stage failed"):
            _signal_pipe().run(rng.integers(0, 256, (64, 80, 3), dtype=np.uint8))
    finally:
        SignalText._detect = orig
    assert signal_backends.events == []


def test_side_by_side_same_masks_with_the_default_models():
    """The default backends (mediapipe people beside ppocr text): the same maps and masks bit for bit."""
    pytest.importorskip("ai_edge_litert")
    from creative_tools.bench.speed import speed_input

    img, _ = speed_input(480, sample="brick_portrait")  # a person and text
    seq, par = Pipeline(inpaint="telea", concurrent=False), Pipeline(inpaint="telea")
    assert par.side_by_side() and not seq.side_by_side()
    a, b = seq.masks(img), par.masks(img)
    assert a.person.any() and a.text.any()
    for f in ("fill", "person", "text", "person_prob"):
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert np.array_equal(a.text_detection.prob, b.text_detection.prob)


def test_detect_text_without_a_text_model_still_calls_after_networks(square_backend):
    """No text stage: the person stage waiting for the text networks' signal is started at once."""
    calls = []
    p = Pipeline(person=square_backend, text=None, inpaint="telea")
    assert p.detect_text([np.zeros((8, 8, 3), np.uint8)], after_networks=lambda: calls.append(1)) == [None]
    assert calls == [1]


class CapAndWordText(TextDetector):
    """A fake text backend: one box over a flat cap (no letters), one over a word."""

    name = "cap-and-word"

    def __init__(self, *, tight=True, ground=True, blobs=0.0):
        super().__init__(tight=tight, ground=ground, blobs=blobs)

    def _detect(self, images):
        boxes = [np.array([[25, 35], [95, 35], [95, 85], [25, 85]], np.float32),
                 np.array([[145, 35], [280, 35], [280, 85], [145, 85]], np.float32)]
        return [(np.zeros(im.shape[:2], np.float32), boxes, np.ones(2, np.float32)) for im in images]


@pytest.fixture
def cap_and_word_text():
    registry.register("text", "test-cap-and-word")(CapAndWordText)
    yield "test-cap-and-word"
    del registry._REGISTRY["text"]["test-cap-and-word"]


def test_text_options_blobs_drop_a_flat_blob_in_the_text_stage(cap_and_word_text):
    import cv2

    im = np.full((120, 320, 3), (250, 215, 120), np.uint8)
    im[40:80, 30:90] = (60, 60, 65)
    cv2.putText(im, "SALE", (150, 78), cv2.FONT_HERSHEY_DUPLEX, 1.4, (30, 120, 40), 4, cv2.LINE_AA)
    masks = {b: Pipeline(person=None, text=cap_and_word_text, inpaint="telea",
                         text_options={"blobs": b}).masks(im) for b in (0.0, 0.3)}
    assert masks[0.0].text[40:80, 30:90].mean() > 0.95  # off: the cap is masked as a glyph
    assert not masks[0.3].text[40:80, 30:90].any()
    assert np.array_equal(masks[0.3].text[:, 140:], masks[0.0].text[:, 140:])
    assert masks[0.3].text[:, 140:].sum() > 500
    assert Pipeline(person=None, text_options={"blobs": 0.3}).text_model.blobs == 0.3
    assert Pipeline(person=None).text_model.blobs == 0.0  # off by default (on briefly in session 21)
    assert Pipeline(person=None, text_options={"blobs": 0}).text_model.blobs == 0.0
    with pytest.raises(ContractError, match=r"blobs must be a number in \[0, 1\]"):
        Pipeline(person=None, text_options={"blobs": "0.3"}).text_model


def test_text_options_rim_alpha_reach_the_text_model():
    # ``--text-options rim_alpha=0.05`` / ``text_options={"rim_alpha": 0.05}``: the backend's
    # glyph masks get text_mask's rim step (tests/text/test_text_base.py checks the masks)
    assert Pipeline(person=None, text_options={"rim_alpha": 0.05}).text_model.rim_alpha == 0.05
    assert Pipeline(person=None).text_model.rim_alpha == 0.0  # off by default
    with pytest.raises(ContractError, match=r"rim_alpha must be a number in \[0, 1\]"):
        Pipeline(person=None, text_options={"rim_alpha": "0.05"}).text_model


def test_text_options_piece_contrast_reach_the_text_model():
    # ``--text-options piece_contrast=0.3`` / ``text_options={"piece_contrast": 0.3}``: the
    # backend's glyph masks get text_mask's piece test (tests/text/test_text_base.py checks the masks)
    assert Pipeline(person=None, text_options={"piece_contrast": 0.3}).text_model.piece_contrast == 0.3
    assert Pipeline(person=None).text_model.piece_contrast == 0.0  # off by default
    with pytest.raises(ContractError, match=r"piece_contrast must be a number in \[0, 1\]"):
        Pipeline(person=None, text_options={"piece_contrast": "0.3"}).text_model


def test_text_options_box_letters_reach_the_text_model():
    # ``--text-options box_letters=0.06`` / ``text_options={"box_letters": 0.06}``: the
    # backend's glyph masks get text_mask's letters-in-boxes step (tests/text/test_text_base.py)
    assert Pipeline(person=None, text_options={"box_letters": 0.06}).text_model.box_letters == 0.06
    assert Pipeline(person=None).text_model.box_letters == 0.0  # off by default
    with pytest.raises(ContractError, match=r"box_letters must be a number in \[0, 0.5\]"):
        Pipeline(person=None, text_options={"box_letters": "0.06"}).text_model
