"""TextDetector.detect_batch's ``after_networks``: when the caller hears the networks are done."""

import numpy as np
import pytest

from creative_tools.text.base import TextDetector


class _Logged(TextDetector):
    """A fake backend that logs its steps; ``signal`` times it calls ``_networks_done``."""

    name = "logged"

    def __init__(self, log, *, signals, signal=1):
        super().__init__(tight=False)
        self.log, self.signals_networks, self.signal = log, signals, signal

    def _detect(self, images):
        self.log.append("networks")
        for _ in range(self.signal):
            self._networks_done()
        self.log.append("after the networks")
        return [(np.zeros(im.shape[:2], np.float32), [], np.zeros(0, np.float32)) for im in images]

    def make_mask(self, image, polygons, prob):
        self.log.append("mask")
        return super().make_mask(image, polygons, prob)


def _run(det, log, n=1):
    ims = [np.zeros((16, 24, 3), np.uint8)] * n
    return det.detect_batch(ims, after_networks=lambda: log.append("hook"))


def test_after_networks_called_where_the_backend_signals_not_before():
    log = []
    _run(_Logged(log, signals=True), log)
    assert log == ["networks", "hook", "after the networks", "mask"]


def test_after_networks_called_once_when_signalled_twice():
    log = []
    _run(_Logged(log, signals=True, signal=2), log, n=2)
    assert log == ["networks", "hook", "after the networks", "mask", "mask"]


def test_after_networks_called_at_the_start_for_a_backend_without_the_signal():
    log = []
    _run(_Logged(log, signals=False, signal=0), log)
    assert log == ["hook", "networks", "after the networks", "mask"]


def test_after_networks_never_lost_when_the_backend_does_not_signal():
    """A signalling backend that returned before its signal: the hook still runs, before the masks."""
    log = []
    _run(_Logged(log, signals=True, signal=0), log)
    assert log == ["networks", "after the networks", "hook", "mask"]


def test_after_networks_not_called_without_images_or_outside_a_call():
    log = []
    det = _Logged(log, signals=True)
    assert det.detect_batch([], after_networks=lambda: log.append("hook")) == []
    det._networks_done()  # no detect_batch running: nobody to tell
    assert log == []
    det.detect_batch([np.zeros((16, 24, 3), np.uint8)])  # no hook given
    assert log == ["networks", "after the networks", "mask"]


def test_after_networks_error_reaches_the_caller():
    def boom():
        raise RuntimeError("hook failed")

    with pytest.raises(RuntimeError, match="hook failed"):
        _Logged([], signals=True).detect_batch([np.zeros((16, 24, 3), np.uint8)], after_networks=boom)


class _FromHelper(_Logged):
    """Signals from another thread (as ppocr's done-callback on its helper thread does)."""

    def _detect(self, images):
        import threading

        sig = self._networks_signal()
        th = threading.Thread(target=sig)
        th.start()
        th.join()
        self.log.append("after the networks")
        return [(np.zeros(im.shape[:2], np.float32), [], np.zeros(0, np.float32)) for im in images]


def test_after_networks_error_on_the_helper_thread_reaches_the_caller():
    """The hook failing on the backend's helper thread is raised by detect_batch, not only logged."""
    def boom():
        raise RuntimeError("hook failed on the helper")

    log = []
    with pytest.raises(RuntimeError, match="hook failed on the helper"):
        _FromHelper(log, signals=True).detect_batch([np.zeros((16, 24, 3), np.uint8)], after_networks=boom)
    assert log == ["after the networks"]


def test_after_networks_has_returned_before_the_masks_when_signalled_from_a_helper():
    """A slow hook started on the helper thread has finished before detect_batch goes on (no second call)."""
    import threading
    import time

    log, seen = [], []

    def slow():
        seen.append(threading.current_thread().name)
        time.sleep(0.2)
        log.append("hook done")

    class _Late(_Logged):
        def _detect(self, images):
            sig = self._networks_signal()
            threading.Thread(target=sig, name="helper").start()
            time.sleep(0.05)  # the helper holds the hook; the caller's own call must wait for it
            self.log.append("after the networks")
            return [(np.zeros(im.shape[:2], np.float32), [], np.zeros(0, np.float32)) for im in images]

    _Late(log, signals=True).detect_batch([np.zeros((16, 24, 3), np.uint8)], after_networks=slow)
    assert seen == ["helper"]
    assert log == ["after the networks", "hook done", "mask"]


class _Boxes(TextDetector):
    """A fake backend that finds one fixed box (the glyph masks are the base's)."""

    name = "boxes"

    def __init__(self, box, **kw):
        super().__init__(**kw)
        self.box = box

    def _detect(self, images):
        return [(np.zeros(im.shape[:2], np.float32), [self.box], np.ones(1, np.float32)) for im in images]


def test_ground_option_reaches_the_glyph_masks():
    """``ground`` of a backend is ``text_mask``'s: an empty box over a smooth gradient
    masks nothing with it (the two-layer model), its filled box without it; on by
    default since session 20."""
    x = np.linspace(0.0, 1.0, 200, dtype=np.float32)
    im = np.repeat((150 + 60 * x)[None, :, None], 60, 0).repeat(3, 2).round().astype(np.uint8)
    box = np.array([[40, 10], [160, 10], [160, 50], [40, 50]], np.float32)
    assert _Boxes(box, ground=True).segment(im).sum() == 0
    assert _Boxes(box, ground=False).segment(im).sum() > 0
    assert _Boxes(box).segment(im).sum() == 0  # the default: on


def test_drop_shadow_option_reaches_the_glyph_masks():
    """``drop_shadow`` of a backend (``--text-options drop_shadow=0.1``) is ``text_mask``'s,
    on every backend's signature with the default 0.1 (on since session 36; 0 = off); a bad value fails when the
    backend is built (``check_glyph_options``); the repr names it only when on."""
    from creative_tools.errors import ContractError

    _assert_keyword_default("drop_shadow", 0.1)
    assert _text_mask_options(drop_shadow=0.0)["drop_shadow"] == 0.0
    assert _text_mask_options()["drop_shadow"] == 0.1
    assert "drop_shadow=0.0" in repr(_Several([_BOX], drop_shadow=0.0))
    assert "drop_shadow" not in repr(_Several([_BOX]))
    for bad in (-0.1, 0.6, True, "0.1"):
        with pytest.raises(ContractError, match="drop_shadow must be a number in \\[0, 0.5\\]"):
            _Several([_BOX], drop_shadow=bad)


def test_ground_is_on_by_default_in_every_text_backend():
    import inspect

    from creative_tools.text.base import TextDetector
    from creative_tools.text.glyphs import text_mask
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.psenet import PSENetText

    for f in (text_mask, TextDetector.__init__, PPOCRText.__init__, PSENetText.__init__):
        assert inspect.signature(f).parameters["ground"].default is True, f


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_ground_option_must_be_a_bool(bad):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match="ground must be a bool"):
        _Boxes(np.zeros((4, 2), np.float32), ground=bad)


@pytest.mark.parametrize("bad", ["false", 0, None])
def test_tight_option_must_be_a_bool(bad):
    # bool("false") is True: the string must be refused at the door, not read as tight masks
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match="tight must be a bool"):
        _Boxes(np.zeros((4, 2), np.float32), tight=bad)
    assert _Boxes(np.zeros((4, 2), np.float32), tight=np.bool_(False)).tight is False


def _cap_and_word():
    """A flat dark cap the detector boxed (no letters) and a word beside it, on a flat
    yellow ground; their boxes and the cap's pixels."""
    import cv2

    im = np.full((120, 320, 3), (250, 215, 120), np.uint8)
    im[40:80, 30:90] = (60, 60, 65)
    cv2.putText(im, "SALE", (150, 78), cv2.FONT_HERSHEY_DUPLEX, 1.4, (30, 120, 40), 4, cv2.LINE_AA)
    cap = np.zeros(im.shape[:2], bool)
    cap[40:80, 30:90] = True
    boxes = [np.array([[25, 35], [95, 35], [95, 85], [25, 85]], np.float32),
             np.array([[145, 35], [280, 35], [280, 85], [145, 85]], np.float32)]
    return im, cap, boxes


class _Several(TextDetector):
    """A fake backend that finds fixed boxes (the glyph masks are the base's)."""

    name = "several"

    def __init__(self, boxes, **kw):
        super().__init__(**kw)
        self.boxes = boxes

    def _detect(self, images):
        n = len(self.boxes)
        return [(np.zeros(im.shape[:2], np.float32), list(self.boxes), np.ones(n, np.float32)) for im in images]


def test_blobs_option_reaches_the_glyph_masks():
    """``blobs`` of a backend is ``text_mask``'s: the flat cap a box holds is dropped with
    it, masked whole without it; the word beside it is masked the same either way."""
    im, cap, boxes = _cap_and_word()
    off = _Several(boxes, blobs=0.0).segment(im)
    on = _Several(boxes, blobs=0.3).segment(im)
    assert off[cap].mean() > 0.95  # without the option: the cap is one big "glyph"
    assert not on[cap].any()
    assert on[:, 140:].sum() > 500 and np.array_equal(on[:, 140:], off[:, 140:])
    assert "blobs=0.3" in repr(_Several(boxes, blobs=0.3))


@pytest.mark.parametrize("bad", [-0.1, float("nan"), 1.5, True, "0.3", None])
def test_blobs_option_is_refused_when_built(bad):
    # the rule of text_mask's blobs, checked when the backend is built, not at its first image
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=r"blobs must be a number in \[0, 1\].*got"):
        _Several([], blobs=bad)


def test_blobs_is_a_keyword_of_every_text_backend():
    import inspect

    from creative_tools.text.glyphs import text_mask
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.psenet import PSENetText

    defaults = set()
    for f in (text_mask, TextDetector.__init__, PPOCRText.__init__, PSENetText.__init__):
        p = inspect.signature(f).parameters["blobs"]
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, f
        defaults.add(p.default)
    assert defaults == {0.0}  # one default at every door: off (on briefly in session 21)


def test_blobs_is_off_by_default():
    # off again after a review found real text the rule drops whole (session 21, bmends)
    im, cap, boxes = _cap_and_word()
    assert _Several(boxes).blobs == 0.0
    assert _Several(boxes).segment(im)[cap].mean() > 0.95
    assert not _Several(boxes, blobs=0.3).segment(im)[cap].any()


def _word_on_plate_over_photo():
    """Blue letters on a yellow plate across a green grainy photo, drawn at 4x and reduced
    (antialiased, composited like the generators): the letters' rim mixes into a green like the photo's, which the glyph
    rule's hysteresis takes for background. ``(image, box, truth)``."""
    import cv2

    H, W = 200, 560
    rng = np.random.default_rng(0)
    n = cv2.GaussianBlur(rng.normal(0, 1, (H, W)).astype(np.float32), (0, 0), 2)
    bg = np.empty((H, W, 3), np.float32)
    bg[:] = (60, 150, 90)
    bg += (25.0 * n / n.std())[..., None] * np.float32([0.6, 1.0, 0.5])
    bg[70:140] = (255, 204, 0)
    layer = np.zeros((H * 4, W * 4), np.uint8)
    cv2.putText(layer, "SALE 50%", (160, 472), cv2.FONT_HERSHEY_SIMPLEX, 6.4, 255, 12, cv2.LINE_AA)
    cover = cv2.resize(layer, (W, H), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    # composited as the generators do (scripts/make_samples.py): coverage at or below 0.1 is
    # dropped, the rest rescaled to an opacity, and the truth is what is left
    alpha = np.clip((cover - 0.1) / 0.9, 0.0, 1.0)
    im = bg * (1 - alpha[..., None]) + np.float32((0, 114, 206)) * alpha[..., None]
    truth = alpha > 0
    ys, xs = np.nonzero(truth)
    box = np.array([[xs.min() - 3, ys.min() - 3], [xs.max() + 3, ys.min() - 3],
                    [xs.max() + 3, ys.max() + 3], [xs.min() - 3, ys.max() + 3]], np.float32)
    return np.clip(np.round(im), 0, 255).astype(np.uint8), box, truth


def test_rim_alpha_option_reaches_the_glyph_masks():
    """``rim_alpha`` of a backend is ``text_mask``'s: the antialiased rim the hysteresis left
    out is added with it (the same mask as ``text_mask(..., rim_alpha=0.05)``), only added."""
    from creative_tools.text.glyphs import text_mask

    im, box, truth = _word_on_plate_over_photo()
    off = _Several([box]).segment(im)
    on = _Several([box], rim_alpha=0.05).segment(im)
    assert np.array_equal(on, text_mask(im, [box], rim_alpha=0.05))
    assert np.array_equal(off, text_mask(im, [box]))
    assert (on >= off).all()
    gained = np.count_nonzero(on & truth) - np.count_nonzero(off & truth)
    assert gained >= 50 and np.count_nonzero(on & ~off & ~truth) <= 0.1 * gained
    assert "rim_alpha=0.05" in repr(_Several([box], rim_alpha=0.05))


@pytest.mark.parametrize("bad", [-0.1, float("nan"), 1.5, True, "0.05", None])
def test_rim_alpha_option_is_refused_when_built(bad):
    # the rule of text_mask's rim_alpha, checked when the backend is built, not at its first image
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=r"rim_alpha must be a number in \[0, 1\].*got"):
        _Several([], rim_alpha=bad)


def test_rim_alpha_is_a_keyword_of_every_text_backend_and_off_by_default():
    import inspect

    from creative_tools.text.glyphs import text_mask
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.psenet import PSENetText

    defaults = set()
    for f in (text_mask, TextDetector.__init__, PPOCRText.__init__, PSENetText.__init__):
        p = inspect.signature(f).parameters["rim_alpha"]
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, f
        defaults.add(p.default)
    assert defaults == {0.0}
    assert _Several([]).rim_alpha == 0.0


def test_piece_contrast_option_reaches_the_glyph_masks():
    """``piece_contrast`` of a backend is ``text_mask``'s: a pale patch the ground model took
    beside a word is dropped with it (the same mask as ``text_mask(..., piece_contrast=0.3)``)."""
    import cv2

    from creative_tools.text.glyphs import text_mask

    im = np.full((80, 300, 3), 210, np.uint8)
    cv2.putText(im, "SALE NOW.", (10, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 120), 4, cv2.LINE_AA)
    im[22:40, 262:280] = 170
    box = np.array([[4, 10], [292, 10], [292, 70], [4, 70]], np.float32)
    off = _Several([box]).segment(im)
    on = _Several([box], piece_contrast=0.3).segment(im)
    assert np.array_equal(on, text_mask(im, [box], piece_contrast=0.3))
    assert np.array_equal(off, text_mask(im, [box]))
    assert off[22:40, 262:280].all() and not on[22:40, 262:280].any()
    assert (off >= on).all()
    assert "piece_contrast=0.3" in repr(_Several([box], piece_contrast=0.3))


@pytest.mark.parametrize("bad", [-0.1, float("nan"), 1.5, True, "0.3", None])
def test_piece_contrast_option_is_refused_when_built(bad):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=r"piece_contrast must be a number in \[0, 1\].*got"):
        _Several([], piece_contrast=bad)


def test_piece_contrast_is_a_keyword_of_every_text_backend_and_off_by_default():
    import inspect

    from creative_tools.text.glyphs import text_mask
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.psenet import PSENetText

    defaults = set()
    for f in (text_mask, TextDetector.__init__, PPOCRText.__init__, PSENetText.__init__):
        p = inspect.signature(f).parameters["piece_contrast"]
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, f
        defaults.add(p.default)
    assert defaults == {0.0}
    assert _Several([]).piece_contrast == 0.0


def test_box_letters_option_reaches_the_glyph_masks():
    """``box_letters`` of a backend is ``text_mask``'s: a translucent word over texture
    that keeps its filled box gets its letters instead (the same mask as
    ``text_mask(..., box_letters=0.06)``)."""
    import cv2

    from creative_tools.text.glyphs import text_mask

    rng = np.random.default_rng(1)
    tex = cv2.GaussianBlur(rng.normal(0, 1, (120, 360)).astype(np.float32), (0, 0), 10)
    im = np.repeat((tex / tex.std() * 25 + 150).clip(0, 255)[..., None], 3, 2)
    ink = np.zeros((120, 360), np.uint8)
    cv2.putText(ink, "SALE NOW", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 255, 5, cv2.LINE_AA)
    a = ink.astype(np.float32)[..., None] / 255 * 0.45
    im = (im * (1 - a) + 255 * a).round().astype(np.uint8)
    box = np.array([[12, 36], [320, 36], [320, 92], [12, 92]], np.float32)
    off = _Several([box]).segment(im)
    on = _Several([box], box_letters=0.06).segment(im)
    assert np.array_equal(on, text_mask(im, [box], box_letters=0.06))
    assert np.array_equal(off, text_mask(im, [box]))
    assert on[ink > 25].all() and on.sum() < 0.6 * off.sum()
    assert "box_letters=0.06" in repr(_Several([box], box_letters=0.06))


_BOX = np.array([[10, 10], [150, 10], [150, 50], [10, 50]], np.float32)


def _assert_keyword_default(name, default):
    """``name`` is keyword-only with ``default`` on ``text_mask`` and every backend's signature."""
    import inspect

    from creative_tools.text.glyphs import text_mask
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.psenet import PSENetText

    for f in (text_mask, TextDetector.__init__, PPOCRText.__init__, PSENetText.__init__):
        p = inspect.signature(f).parameters[name]
        assert p.kind is inspect.Parameter.KEYWORD_ONLY and p.default == default, f


def _text_mask_options(**options) -> dict:
    """The keyword options ``text_mask`` receives when a backend built with ``options``
    segments a flat image with one box."""
    import creative_tools.text.glyphs as glyphs_module

    seen = {}
    orig = glyphs_module.text_mask

    def spy(image, polygons, **kw):
        seen.update(kw)
        return orig(image, polygons, **kw)

    glyphs_module.text_mask = spy
    try:
        _Several([_BOX], **options).segment(np.full((60, 200, 3), 200, np.uint8))
    finally:
        glyphs_module.text_mask = orig
    return seen


def test_blend_option_reaches_the_glyph_masks():
    """``blend`` of a backend is ``text_mask``'s, on every backend's signature with the
    default 0 (off); a bad value fails when the backend is built; the repr names it only
    when on."""
    from creative_tools.errors import ContractError

    _assert_keyword_default("blend", 0.0)
    box = _BOX
    seen = _text_mask_options(blend=0.04)
    assert seen["blend"] == 0.04
    assert "blend=0.04" in repr(_Several([box], blend=0.04)) and "blend" not in repr(_Several([box]))
    for bad in (-0.1, float("nan"), 0.6, True, "0.04"):
        with pytest.raises(ContractError, match="blend must be a number in \\[0, 0.5\\]"):
            _Several([box], blend=bad)


def test_blend_colours_option_reaches_the_glyph_masks():
    """``blend_colours`` of a backend is ``text_mask``'s, on every backend's signature with
    the default 1 (one density); a bad value fails when the backend is built; the repr
    names it only when it is not 1."""
    from creative_tools.errors import ContractError

    _assert_keyword_default("blend_colours", 1)
    box = _BOX
    seen = _text_mask_options(blend=0.04, blend_colours=2)
    assert seen["blend_colours"] == 2 and seen["blend"] == 0.04
    assert "blend_colours=2" in repr(_Several([box], blend=0.04, blend_colours=2))
    assert "blend_colours" not in repr(_Several([box], blend=0.04))
    for bad in (0, 5, 2.0, True, "2", None):
        with pytest.raises(ContractError, match="blend_colours must be an integer in 1..4"):
            _Several([box], blend_colours=bad)


def test_blend_thin_option_reaches_the_glyph_masks():
    """``blend_thin`` of a backend is ``text_mask``'s, on every backend's signature with
    the default 0 (off); a bad value fails when the backend is built; the repr names it
    only when it is on."""
    from creative_tools.errors import ContractError

    _assert_keyword_default("blend_thin", 0.0)
    box = _BOX
    seen = _text_mask_options(blend=0.04, blend_thin=0.04)
    assert seen["blend_thin"] == 0.04 and seen["blend"] == 0.04
    assert "blend_thin=0.04" in repr(_Several([box], blend=0.04, blend_thin=0.04))
    assert "blend_thin" not in repr(_Several([box], blend=0.04))
    for bad in (-0.1, 0.6, float("nan"), True, "0.04", None):
        with pytest.raises(ContractError, match="blend_thin must be a number in \\[0, 0.5\\]"):
            _Several([box], blend_thin=bad)


def test_blend_thin_after_option_reaches_the_glyph_masks():
    """``blend_thin_after`` of a backend is ``text_mask``'s, on every backend's signature
    with the default False; a bad value fails when the backend is built; the repr names it
    only when it is on."""
    from creative_tools.errors import ContractError

    _assert_keyword_default("blend_thin_after", False)
    box = _BOX
    seen = _text_mask_options(blend=0.04, blend_thin=0.04, blend_thin_after=True)
    assert seen["blend_thin_after"] is True and seen["blend_thin"] == 0.04
    assert "blend_thin_after=True" in repr(_Several([box], blend=0.04, blend_thin=0.04, blend_thin_after=True))
    assert "blend_thin_after" not in repr(_Several([box], blend=0.04, blend_thin=0.04))
    for bad in (1, 0.0, "True", None):
        with pytest.raises(ContractError, match="blend_thin_after must be a bool"):
            _Several([box], blend_thin_after=bad)


def test_blend_refit_option_reaches_the_glyph_masks():
    """``blend_refit`` of a backend is ``text_mask``'s, on every backend's signature with
    the default 0 (off); a bad value fails when the backend is built; the repr names it
    only when it is on."""
    from creative_tools.errors import ContractError

    _assert_keyword_default("blend_refit", 0.0)
    box = _BOX
    seen = _text_mask_options(blend=0.04, blend_refit=2.0)
    assert seen["blend_refit"] == 2.0 and seen["blend"] == 0.04
    assert "blend_refit=2.0" in repr(_Several([box], blend=0.04, blend_refit=2.0))
    assert "blend_refit" not in repr(_Several([box], blend=0.04))
    for bad in (-1.0, 0.5, 21.0, float("nan"), True, "2", None):
        with pytest.raises(ContractError, match="blend_refit must be 0 \\(off\\) or a number in \\[1, 20\\]"):
            _Several([box], blend_refit=bad)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), 0.6, True, "0.06", None])
def test_box_letters_option_is_refused_when_built(bad):
    from creative_tools.errors import ContractError

    with pytest.raises(ContractError, match=r"box_letters must be a number in \[0, 0.5\].*got"):
        _Several([], box_letters=bad)


def test_box_letters_is_a_keyword_of_every_text_backend_and_off_by_default():
    import inspect

    from creative_tools.text.glyphs import text_mask
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.psenet import PSENetText

    defaults = set()
    for f in (text_mask, TextDetector.__init__, PPOCRText.__init__, PSENetText.__init__):
        p = inspect.signature(f).parameters["box_letters"]
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, f
        defaults.add(p.default)
    assert defaults == {0.0}
    assert _Several([]).box_letters == 0.0


@pytest.mark.parametrize("option, bad", [
    ("ground", "yes"), ("blobs", 1.5), ("rim_alpha", True), ("piece_contrast", float("nan")),
    ("box_letters", 0.6), ("blend", -0.1), ("blend_colours", 5), ("blend_thin", "0.1"),
    ("blend_thin_after", 1), ("blend_refit", 0.5), ("drop_shadow", 0.6)])
def test_a_bad_glyph_option_gives_text_masks_message_when_a_backend_is_built(option, bad):
    """D10: one checker (``glyphs.check_glyph_options``) at both doors: building a backend with a
    bad glyph option raises exactly the error ``text_mask`` raises for it."""
    from creative_tools.errors import ContractError
    from creative_tools.text.glyphs import text_mask

    with pytest.raises(ContractError) as built:
        _Boxes(np.zeros((4, 2), np.float32), **{option: bad})
    with pytest.raises(ContractError) as masked:
        text_mask(np.zeros((8, 8, 3), np.uint8), [], **{option: bad})
    assert str(built.value) == str(masked.value) and str(built.value).startswith(f"{option} must be ")
