"""One click segments an object: segment_at / ClickSegmenter."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

import creative_tools as ct
from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter, segment_at


def _badge_with_text():
    img = Image.new("RGB", (300, 200), (240, 236, 220))
    d = ImageDraw.Draw(img)
    d.ellipse((50, 40, 170, 160), fill=(200, 20, 40))
    d.rectangle((80, 90, 140, 108), fill=(255, 255, 255))  # a "word" inside
    truth = Image.new("L", (300, 200), 0)
    ImageDraw.Draw(truth).ellipse((50, 40, 170, 160), fill=1)
    return np.asarray(img), np.asarray(truth).astype(bool)


def _iou(a, b):
    return (a & b).sum() / (a | b).sum()


def test_click_on_fill_or_on_text_gives_the_badge():
    img, truth = _badge_with_text()
    for pt in [(70, 100), (110, 99)]:  # on the red fill; on the white text
        m = segment_at(img, [pt], saliency=False)
        assert m.dtype == bool and m.shape == truth.shape
        assert _iou(m, truth) > 0.95, pt


def test_two_clicks_give_the_union_and_the_public_name():
    img, truth = _badge_with_text()
    img = img.copy()
    img[20:60, 200:280] = (20, 90, 200)  # a button-like block
    m = ct.segment_at(img, [(70, 100), (240, 40)], saliency=False)
    assert m[truth].mean() > 0.97 and m[20:60, 200:280].all()
    assert not m[180:, :].any()


def test_click_on_the_plate_floods_the_plate_not_the_badge():
    img, truth = _badge_with_text()
    m = segment_at(img, [(250, 180)], saliency=False)
    assert not (m & truth).any()


def test_bad_clicks_are_named():
    img, _ = _badge_with_text()
    with pytest.raises(ContractError, match="outside the image"):
        segment_at(img, [(300, 10)], saliency=False)
    with pytest.raises(ContractError, match="at least one"):
        segment_at(img, [], saliency=False)
    with pytest.raises(ContractError, match=r"\(x, y\)"):
        segment_at(img, [5], saliency=False)


def _canvas(size=(320, 200), colour=(235, 228, 214)):
    img = Image.new("RGB", size, colour)
    return img, ImageDraw.Draw(img)


def _truth(size, draw_fn):
    t = Image.new("L", size, 0)
    draw_fn(ImageDraw.Draw(t))
    return np.asarray(t) > 0


def test_ring_mark_leaves_its_inside_to_the_plate():
    """The plate seen through a ring is not the ring (a filled disc scores 0.57 IoU)."""
    img, d = _canvas((200, 120))
    d.ellipse((20, 20, 100, 100), outline=(20, 60, 160), width=14)
    truth = _truth((200, 120), lambda t: t.ellipse((20, 20, 100, 100), outline=1, width=14))
    for pt in [(27, 60), (60, 27)]:
        assert _iou(segment_at(np.asarray(img), [pt], saliency=False), truth) > 0.95, pt


def test_button_takes_its_drop_shadow_and_a_click_on_the_shadow_gives_the_button():
    img, _ = _canvas()
    plate = np.asarray(img).copy()
    sh = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(sh).rounded_rectangle((64, 64, 244, 114), 10, fill=(0, 0, 0, 110))
    img = Image.alpha_composite(img.convert("RGBA"), sh).convert("RGB")
    ImageDraw.Draw(img).rounded_rectangle((60, 60, 240, 110), 10, fill=(30, 120, 60))
    a = np.asarray(img)
    truth = (a != plate).any(-1)  # button and shadow: every pixel that differs from the plate
    for pt in [(150, 85), (150, 112), (242, 85)]:  # the button; its shadow below and right of it
        m = segment_at(a, [pt], saliency=False)
        assert _iou(m, truth) > 0.93, pt


def _logo():
    """A square mark and a wordmark of the mark's colour on a gradient that passes through
    the same colour further right (a flood or colour match leaks into it)."""
    W, H = 420, 240
    xx = np.linspace(0, 1, W)[None, :, None]
    a, b = np.array([240, 235, 220.0]), np.array([200, 40, 40.0])
    grad = np.broadcast_to(a + (b - a) * xx, (H, W, 3))
    img = Image.fromarray(np.round(grad).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.rectangle((20, 90, 70, 140), fill=(200, 40, 40))
    font = __import__("creative_tools.bench.artifacts", fromlist=["_font"])._font("DejaVuSans-Bold.ttf", 34)
    d.text((84, 98), "kite", font=font, fill=(200, 40, 40))
    before = np.round(grad).astype(np.uint8)
    truth = (np.asarray(img) != before).any(-1)
    return np.asarray(img), truth


def test_logo_click_on_the_mark_or_a_letter_gives_mark_and_name_and_nothing_of_the_plate():
    img, truth = _logo()
    for pt in [(45, 115), (90, 115)]:  # the mark; the stem of the "k"
        m = segment_at(img, [pt], saliency=False)
        assert _iou(m, truth) > 0.85, pt
        assert not m[:, 300:].any(), pt  # the gradient's red end is not a letter


def test_text_in_the_plates_colour_stays_in_its_button():
    """Letters with counters ("O") in the plate's colour are thin holes, not see-through."""
    from creative_tools.bench.artifacts import _font

    img, d = _canvas((480, 320), colour=(200, 40, 40))
    d.rectangle((40, 50, 280, 150), fill=(245, 245, 245))
    d.text((70, 70), "OOO", font=_font("DejaVuSans-Bold.ttf", 56), fill=(200, 40, 40))
    truth = np.zeros((320, 480), bool)
    truth[50:151, 40:281] = True
    assert _iou(segment_at(np.asarray(img), [(50, 60)], saliency=False), truth) > 0.97


def test_badge_beside_a_button_stays_alone():
    img, d = _canvas()
    d.ellipse((20, 40, 120, 140), fill=(220, 40, 40))
    d.rounded_rectangle((126, 70, 280, 110), 8, fill=(40, 200, 120))  # 6 px away
    truth = _truth(img.size, lambda t: t.ellipse((20, 40, 120, 140), fill=1))
    m = segment_at(np.asarray(img), [(70, 90)], saliency=False)
    assert _iou(m, truth) > 0.95 and not m[:, 130:].any()


def test_bottle_split_by_its_label_is_one_object():
    """Smooth shading above and below a flat label: one product, from any of its parts."""
    W, H = 240, 260
    img = np.full((H, W, 3), (225, 225, 230), np.uint8)
    xx = np.linspace(-1, 1, 70)
    shade = (0.55 + 0.45 * np.cos(np.clip(xx * 1.3 - 0.3, -np.pi / 2, np.pi / 2)))[None, :, None]
    body = np.round(np.array([30, 90, 200.0]) * shade).astype(np.uint8)
    img[40:220, 85:155] = body
    img[110:150, 85:155] = (250, 210, 40)  # the label, flat
    truth = np.zeros((H, W), bool)
    truth[40:220, 85:155] = True
    for pt in [(120, 130), (120, 70), (120, 190)]:
        assert _iou(segment_at(img, [pt], saliency=False), truth) > 0.95, pt


def _split_logo():
    """A mark of three separate parts in two colours and a name in a third colour, on a
    flat plate, and a button far to the right (a separate artifact)."""
    from creative_tools.bench.artifacts import _font

    img, d = _canvas((480, 200), colour=(236, 232, 220))
    d.ellipse((20, 60, 44, 84), fill=(220, 40, 40))
    d.ellipse((52, 60, 76, 84), fill=(30, 90, 200))
    d.ellipse((36, 90, 60, 114), fill=(220, 40, 40))
    d.text((92, 70), "tidal", font=_font("DejaVuSans-Bold.ttf", 30), fill=(40, 40, 40))
    d.rounded_rectangle((330, 70, 460, 110), 8, fill=(40, 160, 90))
    a = np.asarray(img)
    truth = (a != np.asarray(_canvas((480, 200), colour=(236, 232, 220))[0])).any(-1)
    truth[:, 300:] = False
    return a, truth


def test_a_mark_of_separate_parts_gives_every_part_and_the_name_not_the_button():
    img, truth = _split_logo()
    for pt in [(32, 72), (64, 72), (48, 102)]:  # each part of the mark
        m = segment_at(img, [pt], saliency=False)
        assert _iou(m, truth) > 0.85, pt  # one part alone (main at febf7b9) scores 0.20
        assert not m[:, 300:].any(), pt


def test_outline_only_button_gives_outline_and_text_not_the_plate_inside():
    from creative_tools.bench.artifacts import _font

    img, d = _canvas((400, 200), colour=(60, 70, 160))
    d.rounded_rectangle((60, 60, 300, 120), 14, outline=(240, 200, 60), width=2)
    d.text((92, 74), "Learn more", font=_font("DejaVuSans.ttf", 28), fill=(240, 200, 60))
    a = np.asarray(img)
    truth = (a != np.asarray(_canvas((400, 200), colour=(60, 70, 160))[0])).any(-1)
    inside = np.zeros_like(truth)
    inside[66:115, 66:295] = True
    for pt in [(61, 90), (180, 61), (96, 90)]:  # on the outline (left side, top side); on the "L"
        m = segment_at(a, [pt], saliency=False)
        assert _iou(m, truth) > 0.85, pt
        assert (m & inside & ~truth).sum() < 0.1 * (inside & ~truth).sum(), pt  # the plate inside stays


def test_one_click_iou_on_generated_artifacts():
    from creative_tools.bench.artifacts import make_creative
    from creative_tools.bench.objects import click_point

    ious = []
    for i in range(3):
        s = make_creative(i, split="tuned")
        seg = ClickSegmenter(s.image, saliency=False)
        for a in s.artifacts:
            ious.append(_iou(seg.segment([click_point(a.mask)]), a.mask))
    # measured 0.98 mean on the first 24 tuned creatives (0.90 before the region rules of
    # 2026-12-02); a floor with room for platforms
    assert np.mean(ious) >= 0.9, ious


def test_tuner_clicks_are_saved_and_replayed_by_papermill(tmp_path):
    """A click in the widget's controller joins the fill mask; the saved YAML replays it."""
    pm = pytest.importorskip("papermill")
    import yaml

    from creative_tools.io import load_image, save_image
    from creative_tools.widgets import Tuner

    img, truth = _badge_with_text()
    tuner = Tuner(img, params={"person": "mediapipe", "text": None, "clicks": []}, controls=[], view="merge")
    assert not tuner.preview["mask"][truth].any()
    tuner.add_click(70, 100)
    assert tuner.preview["mask"][truth].all()
    with pytest.raises(ContractError, match="outside the image"):
        tuner.add_click(400, 10)
    saved = yaml.safe_load(tuner.save(tmp_path / "tuned.yaml").read_text())
    assert saved == {"clicks": [[70, 100]]}
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    save_image(tmp_path / "badge.png", img)
    out = tmp_path / "out"
    pm.execute_notebook(str(root / "notebooks" / "06_unknown_artifacts.ipynb"), str(tmp_path / "run.ipynb"),
                        parameters={"image": str(tmp_path / "badge.png"), "text": None, "objects": None,
                                    "inpaint": "telea", "out_dir": str(out), **saved},
                        cwd=str(root / "notebooks"), progress_bar=False, kernel_name="python3")
    replayed = load_image(out / "object_mask.png")[..., 0] > 127
    assert _iou(replayed, truth) > 0.95


def _busy_plate(h=240, w=320, seed=0):
    """A photographed-looking texture: blotches of many colours, blurred, with noise."""
    rng = np.random.default_rng(seed)
    cells = rng.integers(40, 200, (h // 8 + 1, w // 8 + 1, 3)).astype(np.float32)
    img = cv2.resize(cells, (w, h), interpolation=cv2.INTER_CUBIC)
    img = cv2.GaussianBlur(img, (0, 0), 1.2) + rng.normal(0, 3, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def test_badge_cut_by_a_band_on_a_busy_plate_is_whole():
    # disc, ring of another colour and a band across both that cuts the ring: on a busy
    # plate the ring joins because the plate around the badge has none of its colours
    img = Image.fromarray(_busy_plate())
    d = ImageDraw.Draw(img)
    d.ellipse((100, 60, 200, 160), fill=(250, 220, 0))
    d.ellipse((112, 72, 188, 148), fill=(20, 40, 230))
    d.rectangle((104, 118, 196, 134), fill=(250, 250, 250))
    truth = Image.new("L", img.size, 0)
    ImageDraw.Draw(truth).ellipse((100, 60, 200, 160), fill=1)
    img, truth = np.asarray(img), np.asarray(truth).astype(bool)
    m = segment_at(img, [(150, 95)], saliency=False)  # on the inner disc
    assert _iou(m, truth) > 0.9, _iou(m, truth)


def test_click_on_the_text_of_a_shaded_pill_on_a_busy_plate_gives_the_pill():
    plate = _busy_plate(seed=1)
    img = plate.copy()
    pill = Image.new("L", (320, 240), 0)
    ImageDraw.Draw(pill).rounded_rectangle((60, 90, 260, 150), 30, fill=255)
    a = np.asarray(pill) > 0
    t = np.clip((np.arange(320) - 60) / 200, 0, 1)[None, :, None]
    grad = np.array([230, 30, 60]) * (1 - t) + np.array([250, 200, 20]) * t  # a smooth two-colour fill
    img[a] = np.broadcast_to(grad, (240, 320, 3))[a].astype(np.uint8)
    img[110:130, 100:112] = 255  # a letter
    img[110:130, 130:142] = 255
    m = segment_at(img, [(105, 120)], saliency=False)
    assert _iou(m, a) > 0.9, _iou(m, a)


def test_more_ink_components_than_max_marks_are_a_texture_not_one_logo():
    # like squares 5 px apart on a plain plate: grouped as the parts of one mark while the
    # window around the clicked one holds at most max_marks components; above, a texture
    img = np.full((200, 300, 3), 235, np.uint8)
    for y in range(6, 195, 9):
        for x in range(6, 295, 9):
            img[y:y + 4, x:x + 4] = (30, 60, 200)
    grouped = ClickSegmenter(img, saliency=False).segment([(151, 97)])
    alone = ClickSegmenter(img, saliency=False, max_marks=5).segment([(151, 97)])
    assert alone[96:100, 150:154].all() and alone.sum() < 40, int(alone.sum())
    assert grouped.sum() > 3 * alone.sum(), (int(grouped.sum()), int(alone.sum()))


def test_outline_only_button_on_a_busy_plate_gives_outline_and_text_not_the_plate_inside():
    # the plate inside is no single colour, so the inside is not one plate region: the
    # outline is found as the ring of the clicked stroke's colour around marks of it
    from creative_tools.bench.artifacts import _font

    plate = _busy_plate(h=200, w=400, seed=2) // 2 + 60  # muted blotches, no bright yellow
    img = Image.fromarray(plate)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((60, 60, 300, 120), 14, outline=(250, 230, 40), width=3)
    d.text((92, 74), "Learn more", font=_font("DejaVuSans.ttf", 28), fill=(250, 230, 40))
    a = np.asarray(img)
    # session-5 code: IoU 0.19 on the outline (the plate inside taken)
    _assert_outline_and_text(a, (a != plate).any(-1), min_iou=0.8)


def _assert_outline_and_text(a, truth, *, min_iou):
    """A click on the outline button of the two tests (box 60-300 x 60-120) from its
    outline's left side or its "L" gives the outline and the text, not the plate inside."""
    inside = np.zeros_like(truth)
    inside[66:115, 66:295] = True
    for pt in [(61, 90), (97, 90)]:  # on the outline's left side; on the "L"
        m = segment_at(a, [pt], saliency=False)
        assert _iou(m, truth) > min_iou, (pt, _iou(m, truth))
        assert (m & inside & ~truth).sum() < 0.1 * (inside & ~truth).sum(), pt


def test_filled_button_whose_outline_and_text_share_a_colour_is_the_whole_button():
    from creative_tools.bench.artifacts import _font

    img, d = _canvas((400, 200), colour=(235, 235, 235))
    d.rounded_rectangle((60, 60, 300, 120), 14, fill=(40, 120, 60), outline=(250, 250, 250), width=3)
    d.text((92, 74), "Learn more", font=_font("DejaVuSans.ttf", 28), fill=(250, 250, 250))
    truth = np.zeros((200, 400), bool)
    truth[60:121, 60:301] = True
    m = segment_at(np.asarray(img), [(97, 90)], saliency=False)  # on the "L"
    assert m[90, 180] and _iou(m, truth) > 0.85, _iou(m, truth)  # the green inside is the button


def test_tinted_rim_takes_pixels_with_a_tenth_of_the_ink_or_more():
    img = np.full((40, 60, 3), 200, np.uint8)
    ink = np.array([0.0, 0.0, 200.0])
    core = np.zeros((40, 60), bool)
    core[15:25, 20:40] = True
    img[core] = ink.astype(np.uint8)
    for x, share in [(19, 0.5), (40, 0.15)]:  # left and right rim columns
        img[15:25, x] = np.round(share * ink + (1 - share) * 200).astype(np.uint8)
    img[14, 20:40] = np.round(0.05 * ink + 0.95 * 200).astype(np.uint8)  # too faint: plate
    rim = ClickSegmenter(img, saliency=False)._tinted(core, ink)
    assert rim[15:25, 19].all() and rim[15:25, 40].all()
    assert not rim[14].any() and not rim[25].any() and not rim[core].any()


def test_inner_ring_of_a_badge_with_text_of_its_colour_gives_the_badge():
    # a ring and a word of one colour drawn on the badge's fill: not an outline-only
    # button on the plate (the ring round the outline is the badge, away from the frame)
    from creative_tools.bench.artifacts import _font

    img, d = _canvas((600, 480), colour=(235, 228, 214))  # the badge well under max_area
    d.ellipse((50, 20, 250, 220), fill=(30, 90, 200))
    d.ellipse((64, 34, 236, 206), outline=(250, 250, 250), width=4)
    d.text((105, 105), "SALE", font=_font("DejaVuSans.ttf", 30), fill=(250, 250, 250))
    truth = _truth((600, 480), lambda t: t.ellipse((50, 20, 250, 220), fill=1))
    for pt in [(66, 120), (120, 115)]:  # on the inner ring; on the "S"
        m = segment_at(np.asarray(img), [pt], saliency=False)
        assert _iou(m, truth) > 0.9, (pt, _iou(m, truth))


def test_low_contrast_button_on_clouds_is_flooded_alone_not_with_the_plate():
    # a flat button a little lighter than smooth clouds around it: no colour step stops the
    # flood at 10 grey levels, a smaller tolerance stops at its border before the frame
    rng = np.random.default_rng(3)
    clouds = cv2.resize(rng.uniform(60, 160, (6, 8, 3)).astype(np.float32), (320, 240), interpolation=cv2.INTER_CUBIC)
    img = clouds.copy()
    img[100:140, 110:210] = clouds[100:140, 110:210].mean((0, 1)) + 14
    img = cv2.GaussianBlur(img, (0, 0), 2.0)  # photographed: the step spreads over pixels
    img = np.clip(img + rng.normal(0, 0.5, img.shape), 0, 255).astype(np.uint8)
    truth = np.zeros((240, 320), bool)
    truth[100:140, 110:210] = True
    m = segment_at(img, [(160, 120)], saliency=False)
    assert _iou(m, truth) > 0.8, _iou(m, truth)


def _split_logo_on(plate):
    """:func:`_split_logo`'s mark (three discs, two colours), name and button on ``plate``."""
    from creative_tools.bench.artifacts import _font

    img = Image.fromarray(plate)
    d = ImageDraw.Draw(img)
    d.ellipse((20, 60, 44, 84), fill=(220, 40, 40))
    d.ellipse((52, 60, 76, 84), fill=(30, 90, 200))
    d.ellipse((36, 90, 60, 114), fill=(220, 40, 40))
    d.text((92, 70), "tidal", font=_font("DejaVuSans-Bold.ttf", 30), fill=(250, 250, 250))
    d.rounded_rectangle((330, 70, 460, 110), 8, fill=(40, 160, 90))
    a = np.asarray(img)
    truth = (a != plate).any(-1)
    truth[:, 300:] = False
    return a, truth


def test_a_mark_of_separate_parts_on_a_busy_plate_gives_every_part_and_the_name():
    # no plain plate: the ink path cannot group, the parts are found as flat regions of like
    # size beside the clicked one whose colours the plate round them lacks
    plate = _busy_plate(h=200, w=480, seed=4)
    img, truth = _split_logo_on(plate)
    for pt in [(32, 72), (64, 72), (48, 102)]:  # each part of the mark
        m = segment_at(img, [pt], saliency=False)
        assert _iou(m, truth) > 0.8, (pt, _iou(m, truth))  # one part alone (main at 9c046a9): 0.19
        assert not m[:, 300:].any(), pt


def test_flat_chips_repeated_over_a_busy_plate_are_a_texture_not_one_mark():
    # flat discs of a few colours all over the plate (terrazzo): more than max_parts like-sized
    # flat shapes around the clicked one are a pattern, not the parts of one mark
    plate = _busy_plate(h=240, w=320, seed=5)
    img = Image.fromarray(plate)
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(6)
    cols = [(220, 40, 40), (30, 90, 200), (240, 240, 240)]
    for y in range(20, 230, 30):
        for x in range(20, 310, 30):
            r = int(rng.integers(7, 10))
            d.ellipse((x - r, y - r, x + r, y + r), fill=cols[int(rng.integers(3))])
    a = np.asarray(img)
    seg = ClickSegmenter(a, saliency=False)
    chip = seg._drawn_shape(140, 110)
    assert chip is not None and chip[105:116, 135:146].any()
    assert seg._drawn_siblings(chip) is chip  # nothing joins
    # on so small a plate the look-alikes are near: the cap on parts is what holds here
    assert seg._drawn_siblings(chip, max_parts=100).sum() > 3 * chip.sum()


def test_a_click_on_the_name_of_a_split_logo_on_foliage_gives_its_mark_too():
    # the mark stands beside the name as a group; no one part shares the name's rows
    from creative_tools.bench.click_styles import texture

    img, truth = _split_logo_on(texture("foliage", (480, 200), np.random.default_rng(2)))
    m = segment_at(img, [(100, 85)], saliency=False)  # on the "t"
    assert _iou(m, truth) > 0.7, _iou(m, truth)  # the name alone (main at 9c046a9): 0.31
    assert not m[:, 300:].any()


def test_small_marks_beside_a_badge_with_a_word_stay_out():
    # a disc with its word is a shape, not a name: two flat triangles beside it are another artifact
    from creative_tools.bench.artifacts import _font

    plate = _busy_plate(h=240, w=320, seed=7)
    img = Image.fromarray(plate)
    d = ImageDraw.Draw(img)
    d.ellipse((60, 70, 160, 170), fill=(150, 180, 190))
    d.text((82, 108), "NEW", font=_font("DejaVuSans.ttf", 24), fill=(20, 20, 20))
    d.polygon([(185, 100), (200, 100), (192, 88)], fill=(60, 200, 60))
    d.polygon([(185, 130), (200, 130), (192, 142)], fill=(60, 60, 230))
    a = np.asarray(img)
    truth = np.zeros(a.shape[:2], bool)
    truth[70:171, 60:161] = (np.hypot(*np.mgrid[70:171, 60:161][::-1] - np.array([110, 120])[:, None, None]) <= 50)
    m = segment_at(a, [(75, 120)], saliency=False)
    assert _iou(m, truth) > 0.85, _iou(m, truth)
    assert not m[85:145, 180:205].any()


def test_a_badge_stacked_on_a_card_stays_out_of_the_card():
    # a flat ring (the badge's outline) round its own disc and text touches the card: a
    # container of its own beside the card, another object (the badge stays clickable)
    from creative_tools.bench.artifacts import _font

    img, d = _canvas((400, 200), colour=(20, 80, 110))
    d.rounded_rectangle((20, 60, 240, 120), 30, fill=(150, 230, 90))
    d.text((45, 75), "Get the app", font=_font("DejaVuSans.ttf", 24), fill=(20, 20, 20))
    d.ellipse((200, 30, 300, 130), fill=(90, 250, 40))  # the ring's colour
    d.ellipse((212, 42, 288, 118), fill=(160, 20, 160))
    d.text((225, 65), "SALE", font=_font("DejaVuSans.ttf", 20), fill=(250, 250, 250))
    a = np.asarray(img)
    badge = np.zeros(a.shape[:2], bool)
    badge[30:131, 200:301] = np.hypot(*np.mgrid[30:131, 200:301][::-1] - np.array([250, 80])[:, None, None]) <= 50.5
    card = np.zeros_like(badge)
    card[60:121, 20:241] = True
    card &= ~badge
    m = segment_at(a, [(30, 90)], saliency=False)  # on the card's fill
    assert (m & badge).sum() < 0.1 * badge.sum(), int((m & badge).sum())  # main at 9c046a9: the whole badge
    assert m[card].mean() > 0.9
    # not yet: a click on the badge still takes the card with it (a card whose holes are
    # letters is taken for a part, like a bottle's label; main at 9c046a9 too, IoU 0.42)


def test_bottle_whose_label_holds_a_name_is_one_object():
    # the label is a flat region with holes (its letters): small holes, so a part of the
    # bottle, not a container of its own beside it (a badge's disc in its ring is a large hole)
    W, H = 240, 260
    img = np.full((H, W, 3), (225, 225, 230), np.uint8)
    xx = np.linspace(-1, 1, 70)
    shade = (0.55 + 0.45 * np.cos(np.clip(xx * 1.3 - 0.3, -np.pi / 2, np.pi / 2)))[None, :, None]
    img[40:220, 85:155] = np.round(np.array([30, 90, 200.0]) * shade).astype(np.uint8)
    img[110:150, 85:155] = (250, 210, 40)  # the label, flat
    for x in range(95, 145, 12):  # its "letters": small dark holes
        img[122:138, x:x + 5] = (20, 20, 20)
    truth = np.zeros((H, W), bool)
    truth[40:220, 85:155] = True
    for pt in [(120, 70), (120, 190)]:  # on the shaded halves
        assert _iou(segment_at(img, [pt], saliency=False), truth) > 0.95, pt


def test_a_click_on_a_packshot_takes_its_floor_reflection():
    # a shaded bottle on a pale floor and its mirror image below, fading from 0.5 to 0
    img = np.full((300, 400, 3), (235, 230, 220), np.float64)
    t = np.linspace(0, 1, 130)[:, None, None]
    img[40:170, 170:230] = (60, 160, 60) * (1 - t) + np.array((20, 70, 20)) * t
    for k in range(50):
        a = 0.5 * (1 - k / 50)
        img[170 + k, 170:230] = a * img[169 - k, 170:230] + (1 - a) * img[170 + k, 170:230]
    img = np.round(img).astype(np.uint8)
    m = ClickSegmenter(img, saliency=False).segment([(200, 100)])
    assert m[40:170, 170:230].mean() > 0.97
    assert m[170:200, 170:230].mean() > 0.9 and not m[230:].any()
    off = ClickSegmenter(img, saliency=False, reflection=0.0).segment([(200, 100)])
    assert off[180:200, 170:230].mean() < 0.2


def _two_halves(width_top: int) -> tuple[np.ndarray, np.ndarray]:
    """A 260 x 60 button shaded top to bottom on a plain plate, dark letters across its
    middle, whose upper half is a lighter band (a glossy highlight, as
    scripts/samples_artcheck.py draws it) ``width_top`` px wide, centred: the click tool
    sees two regions, the lower one shaded beyond ``max_std``."""
    img = np.full((160, 340, 3), 60, np.uint8)
    sil = Image.new("L", (340, 160), 0)
    ImageDraw.Draw(sil).rounded_rectangle((40, 50, 299, 109), radius=30, fill=255)
    body = np.asarray(sil) > 127
    t = np.clip((np.arange(160) - 50) / 60, 0, 1)[:, None, None]
    fill = np.array([200, 40, 40]) * (1 - t) + np.array([140, 28, 28]) * t
    fill = np.broadcast_to(fill, (160, 340, 3)).copy()
    top = np.zeros((160, 340), bool)
    top[50:79, 170 - width_top // 2:170 + width_top // 2] = True
    lower = body & (np.arange(160) >= 79)[:, None]
    img[lower] = fill[lower].astype(np.uint8)
    upper = body & top
    img[upper] = (fill[upper] * 0.6 + 102).astype(np.uint8)
    for x in range(110, 230, 16):  # dark letters across the cut
        img[66:93, x:x + 5] = (25, 22, 30)
    return img, lower | upper


def test_a_glossy_button_split_by_its_highlight_band_is_one_object():
    img, truth = _two_halves(340)
    seg = ClickSegmenter(img, saliency=False)
    # on the cut between the two halves (the most interior pixel of a glossy pill lies
    # there; main before session 9 round 2 gave one half: IoU 0.47 / 0.51), on either half
    for pt in ((183, 78), (183, 79), (170, 100), (170, 58)):
        m = seg.segment([pt])
        assert (m & truth).sum() / (m | truth).sum() > 0.95, pt


def test_a_narrower_block_on_a_button_is_not_its_other_half():
    img, _ = _two_halves(80)  # a tab on the button's top edge: no cut spans both
    m = ClickSegmenter(img, saliency=False).segment([(170, 58)])  # on the tab
    assert m[58, 170] and not m[100, 170]


def _lit_wall_outline_button(amp: float = 90.0):
    """An outline-only button (outline and text in one colour) on a wall lit from its middle:
    the inside is brighter than the ring round the outline, yet the same wall."""
    from creative_tools.bench.artifacts import _font

    yy, xx = np.mgrid[0:200, 0:400]
    v = 70 + amp * np.exp(-(((xx - 180) / 110.0) ** 2 + ((yy - 90) / 45.0) ** 2))
    plate = np.stack([v, 0.9 * v, 0.8 * v], -1) + np.random.default_rng(0).normal(0, 3, (200, 400, 3))
    plate = np.clip(plate, 0, 255).astype(np.uint8)
    img = Image.fromarray(plate)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((60, 60, 300, 120), 30, outline=(20, 100, 140), width=3)
    d.text((92, 74), "Learn more", font=_font("DejaVuSans.ttf", 28), fill=(20, 100, 140))
    a = np.asarray(img)
    return a, np.abs(a.astype(np.int16) - plate).sum(-1) > 30


def test_outline_only_button_on_a_lit_wall_gives_outline_and_text_not_the_plate_inside():
    # the inside's median colour is 78 (L1) from the ring's round the outline: main at de3ed4b
    # took it for a fill and returned the plate inside (IoU 0.19); across the stroke the
    # wall runs on (_seen_through), so the inside is the plate
    img, truth = _lit_wall_outline_button()
    _assert_outline_and_text(img, truth, min_iou=0.9)


def test_seen_through_only_where_the_plate_runs_on_across_the_stroke():
    img, truth = _lit_wall_outline_button()
    filled = np.zeros(truth.shape, bool)
    filled[60:121, 60:301] = True
    ink = truth[60:121, 60:301]
    assert ClickSegmenter(img, saliency=False)._seen_through(filled, ink, (60, 60))
    shaded = img.copy()  # the inside 60 darker than the wall next to it: a fill or a shadow
    shaded[63:118, 63:298] = (shaded[63:118, 63:298] * 0.55).astype(np.uint8)
    shaded[truth] = img[truth]
    assert not ClickSegmenter(shaded, saliency=False)._seen_through(filled, ink, (60, 60))


def _corner_ribbon():
    """A yellow band across the top-right corner of a gradient, dark letters on it (truth)."""
    yy, xx = np.mgrid[0:240, 0:360]
    img = np.stack([60 + 120 * xx / 360, 90 + 80 * yy / 240, 200 - 100 * xx / 360], -1).round().astype(np.uint8)
    band = ((359 - xx) + yy >= 40) & ((359 - xx) + yy <= 95)
    img[band] = (250, 200, 20)
    t = np.zeros((20, 90), np.uint8)  # Hershey letters: the same on every build (Pillow's default font is not)
    cv2.putText(t, "HOT -20%", (4, 15), cv2.FONT_HERSHEY_SIMPLEX, 0.4, 255, 1)
    t = np.asarray(Image.fromarray(t).rotate(-45, expand=True)) > 100
    ys, xs = np.nonzero(t)
    oy, ox = 34 - (ys.min() + ys.max()) // 2, 325 - (xs.min() + xs.max()) // 2
    keep = band[ys + oy, xs + ox]
    img[ys[keep] + oy, xs[keep] + ox] = (30, 30, 30)
    return img, band


def test_a_click_on_a_corner_ribbon_gives_the_ribbon():
    img, band = _corner_ribbon()
    m = segment_at(img, [(300, 12)], saliency=False)
    assert _iou(m, band) >= 0.95
    # main before the rule: the frame-touching band was the plate, flooded at a tolerance
    # (its letters' rims left out) or, with saliency, the salient object under the click
    # (proposals=0: the objects source's ribbon, enclosing that flood, completes it too)
    assert _iou(segment_at(img, [(300, 12)], saliency=False, edge_laid=0, proposals=0), band) < 0.9


def test_a_plate_area_on_the_frame_cut_by_a_figure_is_not_a_ribbon():
    img = np.full((400, 300, 3), 120, np.uint8)
    img[:50] = (40, 140, 200)  # 12.5 % of the image
    yy, xx = np.mgrid[0:50, 0:300]
    img[:50][np.hypot(xx - 150, yy - 50) < 35] = (20, 20, 20)  # a head over the band's lower side
    seg = ClickSegmenter(img, saliency=False)
    assert seg._laid_on_edge(40, 10) is None
    img[:50][np.hypot(xx - 150, yy - 50) < 35] = (40, 140, 200)
    assert ClickSegmenter(img, saliency=False)._laid_on_edge(40, 10) is not None  # straight-sided: a strip


def test_a_click_on_a_flat_border_around_a_photo_is_not_the_whole_image():
    # a flat frame-touching region that is no laid shape: a white passe-partout around a photo;
    # filled in, it encloses the photo (a straight-sided 100 % of the image). Before the mend
    # the edge rule returned the whole image; now the tool's usual answer (the border, as
    # with edge_laid=0)
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:300, 0:400]
    base = np.stack([90 + 60 * np.sin(xx / 23), 120 + 50 * np.cos(yy / 17), 100 + 40 * np.sin((xx + yy) / 31)], -1)
    img = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    border = np.ones((300, 400), bool)
    border[10:-10, 10:-10] = False
    img[border] = (245, 245, 240)
    assert ClickSegmenter(img, saliency=False)._laid_on_edge(200, 4) is None
    m = segment_at(img, [(200, 4)], saliency=False)
    assert m.mean() < 0.2 and _iou(m, border) >= 0.85
    assert np.array_equal(m, segment_at(img, [(200, 4)], saliency=False, edge_laid=0))


def test_a_click_on_a_box_takes_its_contact_shadow(box_on_floor):
    # a flat box standing on a gradient floor, its blurred contact shadow under its base
    # (the fixture in tests/conftest.py); truth: the shadow's alpha > 0.1
    img, box, a = box_on_floor
    shadow = (a > 0.1) & ~box
    m = segment_at(img, [(160, 120)], saliency=False)
    assert m[box].all() and m[shadow].mean() > 0.95 and (m & ~shadow & ~box).sum() < 0.05 * shadow.sum()
    assert not segment_at(img, [(160, 120)], saliency=False, contact_shadow=False)[shadow].any()
