"""The ``textcheck2`` creatives (scripts/samples_textcheck2.py): ad text drawn by a third
hand (its own glyph rendering, layers, compositing and grounds), exact truth, pinned bits."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]

# The pinned hashes hold for this stack; another FreeType / Pillow / OpenCV / numpy / scikit-image
# may move anti-aliased edge pixels, so the pin skips there (and says which version moved).
PINNED_WITH = {
    "pillow": "13.0.0",
    "freetype2": "2.14.3",
    "cv2": "4.14.0",
    "numpy": "2.4.6",
    "skimage": "0.26.0",
}
PINNED = {
    ("price_tag", "tune"): "2719e90df204b7c5",
    ("cjk_latin", "heldout"): "64c27b6880133cbe",
    ("percent_badge", "tune"): "dd49a4e682ec0f33",
}


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tc2():
    pytest.importorskip("skimage")
    mod = _load("samples_textcheck2")
    if not mod.fonts_ok():
        pytest.skip(
            "textcheck2's fonts are missing: apt-get install fonts-urw-base35 fonts-liberation fonts-noto-cjk"
        )
    return mod


def _versions() -> dict:
    import cv2
    import PIL
    import skimage
    from PIL import features

    return {
        "pillow": PIL.__version__,
        "freetype2": features.version("freetype2"),
        "cv2": cv2.__version__,
        "numpy": np.__version__,
        "skimage": skimage.__version__,
    }


def test_drawn_apart_from_the_other_text_sets(tc2):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        hard, tc = _load("samples_hard"), _load("samples_textcheck")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    src = (ROOT / "scripts" / "samples_textcheck2.py").read_text()
    assert (
        "import samples_hard" not in src and "samples_textcheck import" not in src
    )  # its own hand
    others = set(hard.TEXT_FONTS["tune"] + hard.TEXT_FONTS["heldout"]) | {
        f if isinstance(f, str) else f[0]
        for sp in tc.FONTS.values()
        for f in sp.values()
    }
    other_cjk = set(hard.CJK_FONTS.values()) | {tc.FONTS[s]["cjk"] for s in tc.SPLITS}
    other_words = set(
        hard.TEXT_WORDS["tune"]
        + hard.TEXT_WORDS["heldout"]
        + tc.WORDS["tune"]
        + tc.WORDS["heldout"]
    )
    other_cjk_words = set(
        hard.CJK_WORDS["tune"]
        + hard.CJK_WORDS["heldout"]
        + tc.CJK["tune"]
        + tc.CJK["heldout"]
    )
    for split in tc2.SPLITS:
        faces = {f for f in tc2.FACES[split].values() if isinstance(f, str)}
        assert not faces & others
        assert tc2.FACES[split]["cjk"] not in other_cjk
        assert not set(tc2.WORDS[split]) & other_words
        assert not set(tc2.CJK[split]) & other_cjk_words
    a, b = tc2.FACES["tune"], tc2.FACES["heldout"]
    assert not {str(v) for v in a.values()} & {str(v) for v in b.values()}
    assert not set(tc2.WORDS["tune"]) & set(tc2.WORDS["heldout"])
    assert not set(tc2.PHOTOS["tune"]) & set(tc2.PHOTOS["heldout"])
    assert len(tc2.CLASSES) >= 12
    with pytest.raises(ValueError, match="twice"):
        tc2.register(next(iter(tc2.CLASSES)))(lambda split, rng: None)


@pytest.mark.parametrize("cls, split", sorted(PINNED))
def test_truth_is_exact_and_pinned(tc2, cls, split):
    r = next(tc2.build(splits=(split,), only=[cls], per_class=1))
    c, bg, text = r["creative"], r["background"], r["text"]
    assert (
        c.dtype == np.uint8
        and c.shape == bg.shape
        and text.shape == c.shape[:2]
        and text.dtype == bool
    )
    np.testing.assert_array_equal(
        c[~text], bg[~text]
    )  # the creative is the plate outside the text
    assert text.any() and (np.abs(c.astype(int) - bg)[text].sum(-1) > 0).mean() > 0.5
    words = r["meta"]["words"]
    assert words and all(len(w["points"]) == 4 for w in words)
    assert (
        r["meta"]["family"] == f"textcheck2_{cls}"
        and r["meta"]["stem"] == f"textcheck2_{cls}_{split}_0"
    )
    for w in words:  # every word quad holds text pixels
        x0, y0 = np.min(w["points"], 0).astype(int)
        x1, y1 = np.max(w["points"], 0).astype(int) + 1
        assert text[max(0, y0) : y1, max(0, x0) : x1].any(), w
    moved = {k: v for k, v in _versions().items() if v != PINNED_WITH[k]}
    if moved:
        pytest.skip(f"pinned with {PINNED_WITH}; here {moved}")
    h = hashlib.sha256(c.tobytes() + np.packbits(text).tobytes()).hexdigest()[:16]
    assert h == PINNED[(cls, split)]


def test_glyph_alpha_and_star_units(tc2):
    a = tc2.glyph_alpha("II", tc2.FACES["tune"]["sans"], 40)
    assert a.dtype == np.float32 and a.min() == 0.0 and a.max() == 1.0
    tight = tc2.glyph_alpha("II", tc2.FACES["tune"]["sans"], 40, tracking=-0.05)
    loose = tc2.glyph_alpha("II", tc2.FACES["tune"]["sans"], 40, tracking=0.3)
    assert loose.shape[1] - tight.shape[1] == pytest.approx(
        0.35 * 40, abs=2
    )  # tracking moves the letters
    s = tc2.star(10)
    assert s.shape == (25, 25) and s[12, 12] == 1.0 and s[0, 0] == 0.0
    p = tc2.place(
        np.ones((3, 5), np.float32), (20, 30), (10, 7), 90.0
    )  # turned: 5 tall, 3 wide
    ys, xs = np.nonzero(p > 0.5)
    assert (ys.max() - ys.min() + 1, xs.max() - xs.min() + 1) == (5, 3) and (
        xs.mean(),
        ys.mean(),
    ) == (10, 7)
    quad = tc2._clockwise([[10, 0], [10, 5], [0, 5], [0, 0]])
    np.testing.assert_array_equal(quad, [[0, 0], [10, 0], [10, 5], [0, 5]])
