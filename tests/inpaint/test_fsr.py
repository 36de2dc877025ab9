"""FSR (``inpaint/fsr.py``, ``auto``'s ``fsr=`` opt-in): the missing-module error, the option
checks, and, where OpenCV's contrib module is installed, the fill itself on tiny arrays."""

import cv2
import numpy as np
import pytest

from creative_tools.errors import BackendUnavailableError, ContractError
from creative_tools.inpaint import fsr as F
from creative_tools.registry import load

needs_xphoto = pytest.mark.skipif(not F.xphoto_available(), reason="cv2.xphoto (opencv-contrib) not installed")


def _stripes():
    """Vertical stripes 6 px apart (dark on light) with a 10 x 10 hole across three of them."""
    im = np.full((64, 64, 3), 200, np.uint8)
    im[:, ::6] = (40, 60, 80)
    m = np.zeros((64, 64), bool)
    m[27:37, 27:37] = True
    return im, m


@pytest.fixture
def no_xphoto(monkeypatch):
    monkeypatch.setattr(F, "xphoto_available", lambda: False)


def test_missing_xphoto_names_the_contrib_wheel(no_xphoto):
    im, m = _stripes()
    with pytest.raises(BackendUnavailableError, match=r"opencv-contrib-python-headless==\d+\.\d+\.\d+"):
        F.fsr_fill(im, m)


def test_auto_with_fsr_fails_at_construction_without_xphoto(no_xphoto):
    with pytest.raises(BackendUnavailableError, match="cv2.xphoto"):
        load("inpaint", "auto", fsr=0.5)
    load("inpaint", "auto")  # off by default: no contrib module needed


@pytest.mark.parametrize(
    "opts, word",
    [
        ({"fsr": 1.5}, "fsr must be in"),
        ({"fsr": -0.1}, "fsr must be in"),
        ({"fsr_width": 0}, "fsr_width"),
        ({"fsr_method": "shiftmap"}, "fsr_method"),
    ],
)
def test_bad_options_are_refused(opts, word):
    with pytest.raises(ContractError, match=word):
        load("inpaint", "auto", **opts)


def test_unknown_method_is_refused_before_the_module_is_needed(no_xphoto):
    im, m = _stripes()
    with pytest.raises(ContractError, match="method must be one of"):
        F.fsr_fill(im, m, method="best!")


@needs_xphoto
def test_flat_ground_is_exact_and_known_pixels_kept():
    im = np.full((48, 48, 3), (30, 120, 200), np.uint8)
    m = np.zeros((48, 48), bool)
    m[10:30, 15:25] = True
    hidden = im.copy()
    hidden[m] = 0
    out = F.fsr_fill(hidden, m)
    assert np.abs(out.astype(int) - im).max() <= 1
    assert np.array_equal(out[~m], hidden[~m])


@needs_xphoto
def test_stripes_continued_through_a_narrow_hole():
    im, m = _stripes()
    hidden = im.copy()
    hidden[m] = 128
    out = F.fsr_fill(hidden, m)
    err = np.abs(out[m].astype(float) - im[m]).mean()
    # the membrane (harmonic interpolation of the ring) greys the stripes out
    flat = load("inpaint", "membrane").inpaint(hidden, m)
    err_flat = np.abs(flat[m].astype(float) - im[m]).mean()
    assert err < 0.5 * err_flat, (err, err_flat)


@needs_xphoto
def test_hole_on_the_crop_edge_has_no_coloured_band():
    """Without the mirror padding FSR left a wrong-coloured band on a crop's last rows."""
    im = np.full((48, 40, 3), (20, 40, 120), np.uint8)
    m = np.zeros((48, 40), bool)
    m[30:, 10:30] = True  # down to the bottom edge
    hidden = im.copy()
    hidden[m] = 255
    out = F.fsr_fill(hidden, m)
    assert np.abs(out[-1].astype(int) - im[-1]).max() <= 2


@needs_xphoto
def test_auto_mixes_fsr_only_into_holes_narrower_than_fsr_width():
    rng = np.random.default_rng(0)
    im = cv2.GaussianBlur(rng.integers(0, 255, (128, 128, 3), dtype=np.uint8), (0, 0), 1.0)
    m = np.zeros((128, 128), bool)
    m[16:44, 8:120] = True  # a filled text line: hole width 13.8 px (a wide hole for auto)
    m[60:120, 30:90] = True  # a block: hole width 21.0 px
    base = load("inpaint", "auto").inpaint(im, m)
    mixed = load("inpaint", "auto", fsr=0.5, fsr_width=16).inpaint(im, m)
    changed = np.any(mixed != base, axis=-1)
    assert changed[16:44, 8:120].mean() > 0.5
    assert not changed[60:120, 30:90].any()
    assert np.array_equal(mixed[~m], im[~m])


def test_auto_mixes_its_fsr_fill_only_into_narrow_holes_without_xphoto(monkeypatch):
    """The mixing rule itself (``AutoInpainter._fsr_mix``) runs everywhere: the FSR fill is a
    stand-in here (a constant), so no opencv-contrib is needed; the real fill is tested above."""
    from creative_tools.inpaint import classical

    monkeypatch.setattr(classical, "_require_xphoto", lambda: None)
    monkeypatch.setattr(classical, "fsr_fill", lambda im, m, method="fast": np.full_like(im, 7))
    rng = np.random.default_rng(0)
    im = cv2.GaussianBlur(rng.integers(0, 255, (128, 128, 3), dtype=np.uint8), (0, 0), 1.0)
    m = np.zeros((128, 128), bool)
    m[16:44, 8:120] = True  # a filled text line: hole width 13.8 px
    m[60:120, 30:90] = True  # a block: hole width 21.0 px
    base = load("inpaint", "auto").inpaint(im, m)
    mixed = load("inpaint", "auto", fsr=0.5, fsr_width=16).inpaint(im, m)
    changed = np.any(mixed != base, axis=-1)
    assert changed[16:44, 8:120].mean() > 0.5
    assert not changed[60:120, 30:90].any()
    assert np.array_equal(mixed[~m], im[~m])
