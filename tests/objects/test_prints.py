"""Objects source: photo prints laid on the plate (``prints``), with their tapes and shadow."""

import cv2
import numpy as np
import pytest

from creative_tools import load
from creative_tools.errors import ContractError
from creative_tools.objects.graphic import (
    GraphicParams,
    graphic_proposals,
    print_proposals,
)


def _print(turn=7.0, busy=True, tapes=True, shadow=True, at=(200, 150), size=(110, 90), ground=None):
    """A 400 x 300 creative: a vertical gradient plate, a print (a "photo" of smooth random blobs, or one
    flat colour with ``busy=False``) of ``size`` turned by ``turn`` degrees about ``at``, a soft
    shadow under it (offset 3 px, blur 3 px, opacity 0.4) and two translucent striped strips
    across its top corners. Returns the image and the print's truth (print, tapes and the
    shadow where its opacity is over 0.1). ``ground``, a (300, 400, 3) array, replaces the gradient plate."""
    rng = np.random.default_rng(3)
    H, W = 300, 400
    plate = np.zeros((H, W, 3), np.float64)
    plate[:] = np.linspace(170, 210, H)[:, None, None] * np.array([0.8, 0.9, 1.0])
    if ground is not None:
        plate = ground.astype(np.float64)
    pw, ph = size
    cx, cy = at
    R = cv2.getRotationMatrix2D((float(cx), float(cy)), turn, 1.0)  # drawn upright, then turned
    up = np.zeros((H, W), np.float32)
    up[cy - ph // 2:cy + ph // 2, cx - pw // 2:cx + pw // 2] = 1
    alpha = cv2.warpAffine(up, R, (W, H), flags=cv2.INTER_LINEAR)
    corners = np.c_[[(cx - pw // 2, cy - ph // 2), (cx + pw // 2, cy - ph // 2)], np.ones(2)] @ R.T
    img = plate.copy()
    truth = alpha > 0.1
    if shadow:
        sh = np.zeros((H, W), np.float32)
        sh[3:, 3:] = alpha[:-3, :-3]
        sh = cv2.GaussianBlur(sh, (0, 0), 3) * 0.4
        img *= (1 - sh)[..., None]
        truth |= sh > 0.1
    if busy:  # a photo's busy inside: smooth random blobs
        noise = cv2.GaussianBlur(rng.uniform(0, 255, (H, W, 3)), (0, 0), 4.0)
        photo = np.clip((noise - noise.mean()) * 12 + 128, 0, 255)
    else:
        photo = np.full((H, W, 3), (60.0, 90.0, 150.0))
    img = img * (1 - alpha[..., None]) + photo * alpha[..., None]
    if tapes:
        yy, xx = np.mgrid[0:H, 0:W]
        for (px, py), deg in zip(corners, (40 - turn, -40 - turn)):  # across the two top corners
            strip = np.zeros((H, W), np.uint8)
            cv2.fillPoly(strip, [np.round(cv2.boxPoints(((px, py), (44, 14), deg))).astype(np.int32)], 1)
            strip = strip.astype(bool)
            stripes = ((xx + yy) % 8) < 4
            colour = np.where(stripes[..., None], (230.0, 120.0, 160.0), (250.0, 230.0, 120.0))
            img[strip] = 0.3 * img[strip] + 0.7 * colour[strip]
            truth |= strip
    return np.clip(np.round(img), 0, 255).astype(np.uint8), truth


def _union(props, shape):
    m = np.zeros(shape, bool)
    for p in props:
        m |= p.mask
    return m


def _beyond(got, truth, grow=3):
    k = np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)
    return int((got & ~cv2.dilate(truth.view(np.uint8), k).astype(bool)).sum())


@pytest.mark.parametrize("turn", [0.0, 7.0, -9.0])
def test_print_taken_with_its_tapes_and_shadow(turn):
    img, truth = _print(turn=turn)
    props = print_proposals(img, params=GraphicParams(prints=True))
    assert len(props) == 1 and props[0].kind == "other" and props[0].score >= 0.85
    got = props[0].mask
    assert got[truth].mean() >= 0.95
    assert _beyond(got, truth) <= 0.06 * truth.sum()  # (the strips' torn ends, the shadow's fade under 0.1)


def test_print_without_tapes_is_still_a_print():
    img, truth = _print(tapes=False)
    assert _union(print_proposals(img, params=GraphicParams()), truth.shape)[truth].mean() >= 0.95


def test_the_tapes_and_shadow_are_taken_round_the_rectangle():
    """The rectangle alone is under 90 % of the truth here: the rest is ``_print_rest``'s."""
    img, truth = _print()
    rect = np.zeros(truth.shape, np.uint8)
    cv2.fillPoly(rect, [np.round(cv2.boxPoints(((200, 150), (110, 90), 7.0))).astype(np.int32)], 1)
    assert rect.astype(bool)[truth].mean() < 0.9
    assert _union(print_proposals(img, params=GraphicParams()), truth.shape)[truth].mean() >= 0.95


def test_a_flat_rectangle_is_no_print():
    """A button (one flat colour inside) is the ordinary candidates' to judge."""
    img, _ = _print(busy=False, tapes=False)
    assert print_proposals(img, params=GraphicParams()) == []


def test_a_rectangle_cut_by_the_frame_is_no_print():
    img, _ = _print(at=(45, 150), turn=0.0, tapes=False)  # its left side beyond the frame
    assert print_proposals(img, params=GraphicParams()) == []


def test_a_rectangle_under_the_text_mask_is_no_print():
    img, truth = _print()
    assert print_proposals(img, text_mask=truth.copy(), params=GraphicParams()) == []


def test_a_busy_plate_of_rectangles_gives_no_print():
    """A wall of bricks (flat rectangles with mortar between) and a photo plate of random
    blocks: sides everywhere, but no rectangle is busier than the plate round it."""
    rng = np.random.default_rng(0)
    bricks = np.full((300, 400, 3), (200, 200, 190), np.uint8)
    for r, y in enumerate(range(0, 300, 40)):
        for x in range(-60 * (r % 2), 400, 120):
            cv2.rectangle(bricks, (x + 3, y + 3), (x + 117, y + 37), tuple(int(v) for v in rng.integers(90, 160, 3)), -1)
    assert print_proposals(bricks, params=GraphicParams()) == []
    blocks = rng.integers(0, 255, (30, 40, 3)).astype(np.uint8)
    photo = cv2.resize(blocks, (400, 300), interpolation=cv2.INTER_NEAREST)
    assert print_proposals(photo, params=GraphicParams()) == []


def test_prints_reach_graphic_proposals_and_auto_and_stay_off_by_default():
    img, truth = _print()
    off = _union(graphic_proposals(img, params=GraphicParams()), truth.shape)
    on = _union(graphic_proposals(img, params=GraphicParams(prints=True)), truth.shape)
    assert off[truth].mean() < 0.5 and on[truth].mean() >= 0.95
    assert GraphicParams().prints is False
    det = load("objects", "auto", prints=True)
    assert det.detect(img).mask[truth].mean() >= 0.95
    assert load("objects", "auto").detect(img).mask[truth].mean() < 0.5  # off in auto (opt-in)


@pytest.mark.parametrize("bad", [1, 0, "true", None])
def test_prints_must_be_a_bool(bad):
    with pytest.raises(ContractError, match="prints must be True or False"):
        GraphicParams(prints=bad)


def _table(busy=True):
    """A 400 x 300 table: a dark 3 px grid of 3 x 4 cells on a flat plate, each cell with a
    few dark marks (words), as a chart or a price table draws it."""
    rng = np.random.default_rng(5)
    img = np.full((300, 400, 3), (40, 110, 90), np.uint8)
    for x in range(60, 341, 70):
        cv2.line(img, (x, 40), (x, 260), (60, 30, 120), 3)
    for y in range(40, 261, 55):
        cv2.line(img, (60, y), (340, y), (60, 30, 120), 3)
    if busy:
        for cx in range(95, 340, 70):
            for cy in range(67, 260, 55):
                for _ in range(6):
                    x, y = cx + int(rng.integers(-25, 20)), cy + int(rng.integers(-15, 12))
                    cv2.rectangle(img, (x, y), (x + 4, y + 8), (235, 235, 225), -1)
    return img


def test_a_table_is_no_print(monkeypatch):
    """A table's cells are the plate's colour (``PRINT_PLATE_SHARE`` refuses it, with the split
    test off too); with both guards off a rectangle of its cells is taken."""
    import creative_tools.objects.graphic as G

    img = _table()
    assert print_proposals(img, params=GraphicParams()) == []
    monkeypatch.setattr(G, "PRINT_SPLIT", 2.0)  # no line splits
    assert print_proposals(img, params=GraphicParams()) == []
    monkeypatch.setattr(G, "PRINT_PLATE_SHARE", 1.0)  # and no plate share refuses
    assert print_proposals(img, params=GraphicParams()) != []


# -- prints_mend (session 29, prints2): the two tune faults of prints ------------------------------


def _tile_with_headline():
    """A 400 x 300 flat plate, a flat tile (120 x 90, sharp sides) and a headline's white script
    strokes over it, two lines (the text mask: the strokes themselves). Returns the image and
    the text mask."""
    img = np.full((300, 400, 3), (225, 120, 40), np.uint8)
    cv2.rectangle(img, (140, 100), (259, 189), (60, 150, 200), -1)
    ink = np.zeros((300, 400), np.uint8)
    for y in (135, 170):
        cv2.putText(ink, "Big day", (150, y), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 0.9, 1, 2)
    img[ink > 0] = (255, 255, 255)
    return img, ink > 0


def test_a_flat_tile_busy_only_by_its_headline_is_no_print_with_the_mend():
    """Fails without the mend: the letters' edges make the flat tile busy (neg_extra 029, 040)."""
    img, text = _tile_with_headline()
    assert print_proposals(img, text_mask=text, params=GraphicParams(prints=True)) != []
    assert print_proposals(img, text_mask=text, params=GraphicParams(prints=True, prints_mend=True)) == []


def test_a_print_with_words_on_it_stays_a_print_with_the_mend():
    img, truth = _print()
    text = np.zeros(truth.shape, bool)
    text[140:150, 170:230] = True  # a caption across the photo: the rest of it stays busy
    got = _union(print_proposals(img, text_mask=text, params=GraphicParams(prints_mend=True)), truth.shape)
    assert got[truth & ~text].mean() >= 0.95


def _print_on_wall_and_table():
    """``_print``'s print (upright) with its tapes and shadow on a wall that meets a table top
    (a darker brown) 12 px under the print, within the reach round it (artcheck5_tune 002)."""
    img, truth = _print(turn=0.0)
    table = np.zeros(truth.shape, bool)
    table[207:] = True  # the print's bottom side at y = 195 (+ 3 px shadow)
    img[table & ~truth] = (120, 80, 50)
    return img, truth


def test_the_plate_changing_within_the_reach_is_not_taken_with_the_mend():
    """Fails without the mend: the wall between the print and the table top differs from the
    plate read further out (the table) and was taken with the print."""
    img, truth = _print_on_wall_and_table()
    old = _union(print_proposals(img, params=GraphicParams(prints=True)), truth.shape)
    new = _union(print_proposals(img, params=GraphicParams(prints=True, prints_mend=True)), truth.shape)
    assert old[truth].mean() >= 0.95 and _beyond(old, truth) > 0.1 * truth.sum()
    assert new[truth].mean() >= 0.95 and _beyond(new, truth) <= 0.03 * truth.sum()


@pytest.mark.parametrize("turn", [0.0, 7.0, -9.0])
def test_the_mend_keeps_the_tapes_and_shadow(turn):
    img, truth = _print(turn=turn)
    got = _union(print_proposals(img, params=GraphicParams(prints_mend=True)), truth.shape)
    assert got[truth].mean() >= 0.95 and _beyond(got, truth) <= 0.06 * truth.sum()


def test_prints_mend_is_off_by_default_and_a_bool():
    assert GraphicParams().prints_mend is False
    with pytest.raises(ContractError, match="prints_mend must be True or False"):
        GraphicParams(prints_mend=1)


@pytest.mark.parametrize("seed", range(4))
def test_a_busy_print_is_one_proposal(seed):
    # a photo of sharp blocks: rectangles inside it pass the four sides' test too, so a
    # piece at the print's edge must be seen as taken with the first one's tapes and
    # shadow grown round it, not proposed again with its own (3 - 7 proposals before)
    rng = np.random.default_rng(seed)
    img = np.full((300, 200, 3), 200, np.uint8)
    blocks = rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)
    img[40:200, 30:170] = cv2.resize(blocks, (140, 160), interpolation=cv2.INTER_NEAREST)
    assert len(print_proposals(img, params=GraphicParams(prints=True))) == 1


@pytest.mark.parametrize("shape", [(50, 50), (50, 50, 4)])
def test_print_proposals_refuse_a_grey_or_rgba_image(shape):
    with pytest.raises(ContractError):
        print_proposals(np.zeros(shape, np.uint8), params=GraphicParams(prints=True))


# -- prints_sharp (session 30): a print on a blurred photo plate -----------------------------------


def _blurred_photo(seed, blur):
    """A 300 x 400 blurred photo plate: random colours blurred by ``blur`` px and stretched, so
    it changes a lot within a print's reach but has no sharp step (artcheck3's polaroids on a
    blurred cup, a blurred motorbike)."""
    rng = np.random.default_rng(seed)
    g = cv2.GaussianBlur(rng.uniform(0, 255, (300, 400, 3)), (0, 0), blur)
    return np.clip((g - g.mean()) * 1.2 * blur + 150, 0, 255)


@pytest.mark.parametrize("seed, blur", [(1, 16), (3, 16), (3, 24)])
def test_a_blurred_photo_plate_is_not_taken_with_sharp(seed, blur):
    """Fails without ``prints_sharp``: the mended rule takes pieces of the blurred plate round
    the print (no colour there is held by a fifth of a side's band, the far ring's interpolation
    misses them); with it the plate reaches them without crossing a sharp step."""
    img, truth = _print(ground=_blurred_photo(seed, blur))
    mend = _union(print_proposals(img, params=GraphicParams(prints=True, prints_mend=True)), truth.shape)
    sharp = _union(print_proposals(img, params=GraphicParams(prints=True, prints_mend=True, prints_sharp=True)),
                   truth.shape)
    assert mend[truth].mean() >= 0.95 and _beyond(mend, truth) > 0.2 * truth.sum()
    assert sharp[truth].mean() >= 0.95 and _beyond(sharp, truth) <= 0.03 * truth.sum()


@pytest.mark.parametrize("turn", [0.0, 7.0, -9.0])
def test_sharp_keeps_the_tapes_and_shadow(turn):
    """The strips have sharp outlines of their own; the soft shadow lies within ``PRINT_SHADOW``."""
    img, truth = _print(turn=turn)
    got = _union(print_proposals(img, params=GraphicParams(prints_mend=True, prints_sharp=True)), truth.shape)
    assert got[truth].mean() >= 0.95 and _beyond(got, truth) <= 0.06 * truth.sum()


def test_sharp_keeps_the_shadow_that_only_the_shadow_band_holds(monkeypatch):
    """Fails without the shadow band: the soft shadow has no sharp outline, the plate reaches it."""
    import creative_tools.objects.graphic as G

    img, truth = _print(turn=0.0, tapes=False)
    on = GraphicParams(prints_mend=True, prints_sharp=True)
    assert _union(print_proposals(img, params=on), truth.shape)[truth].mean() >= 0.97
    monkeypatch.setattr(G, "PRINT_SHADOW", 0.0)
    assert _union(print_proposals(img, params=on), truth.shape)[truth].mean() < 0.97


def test_sharp_on_the_wall_and_table():
    img, truth = _print_on_wall_and_table()
    got = _union(print_proposals(img, params=GraphicParams(prints_mend=True, prints_sharp=True)), truth.shape)
    assert got[truth].mean() >= 0.95 and _beyond(got, truth) <= 0.03 * truth.sum()


def test_prints_sharp_is_off_by_default_and_a_bool():
    assert GraphicParams().prints_sharp is False
    with pytest.raises(ContractError, match="prints_sharp must be True or False"):
        GraphicParams(prints_sharp="yes")


# -- prints_run and prints_margin (session 31): a sharp photo plate, a polaroid's lower band --------


def _print_beside_a_stripe():
    """The print of :func:`_print` (upright, no shadow) laid across a white stripe 8 px wide with
    sharp edges that runs across the whole plate (a cup's rim on a sharp photo): the stripe's
    pieces beside the print differ from the plate and are walled in by their own edges, which
    run on past the print."""
    ground = np.zeros((300, 400, 3), np.float64)
    ground[:] = np.linspace(170, 210, 300)[:, None, None] * np.array([0.5, 0.35, 0.3])
    ground[146:154] = 250.0
    return _print(turn=0.0, shadow=False, ground=ground)


def test_a_stripe_of_a_sharp_plate_is_not_taken_with_run():
    """Fails without ``prints_run``: the stripe beside the print is neither a fifth of a side's band
    nor reached by the plate's flood (its edges wall it in), so sharp takes it."""
    img, truth = _print_beside_a_stripe()
    sharp = GraphicParams(prints_mend=True, prints_sharp=True)
    old = _union(print_proposals(img, params=sharp), truth.shape)
    new = _union(print_proposals(img, params=GraphicParams(prints_mend=True, prints_sharp=True, prints_run=True)),
                 truth.shape)
    assert old[truth].mean() >= 0.95 and _beyond(old, truth) >= 200
    assert new[truth].mean() >= 0.95 and _beyond(new, truth) <= 20


@pytest.mark.parametrize("turn", [0.0, 7.0, -9.0])
def test_run_and_margin_keep_the_tapes_and_shadow(turn):
    """A strip's outline closes round it within the reach: not the plate's line; a taped print on a
    plate has no margin."""
    img, truth = _print(turn=turn)
    got = _union(print_proposals(img, params=GraphicParams(prints_mend=True, prints_sharp=True, prints_run=True,
                                                            prints_margin=True)), truth.shape)
    assert got[truth].mean() >= 0.95 and _beyond(got, truth) <= 0.06 * truth.sum()


def _polaroid(turn=0.0, plate=(40.0, 30.0, 35.0), panel=False):
    """A 400 x 300 creative: a polaroid (a white card 104 x 124 px, its photo of smooth random blobs
    inset 6 px at the top and sides and 30 px at the bottom) turned by ``turn`` degrees on a flat
    ``plate``. Returns the image and the card's truth. With ``panel`` no card: the photo alone on
    the plate with a white panel 300 x 48 px from 20 px below it, turned with it (a band of plate
    between them, up to a straight step along the photo's side)."""
    rng = np.random.default_rng(5)
    H, W = 300, 400
    img = np.zeros((H, W, 3), np.float64)
    img[:] = plate
    cx, cy = 200, 150
    card = np.zeros((H, W), np.float32)
    card[cy - 62:cy + 62, cx - 52:cx + 52] = 1
    photo = np.zeros((H, W), np.float32)
    photo[cy - 56:cy + 32, cx - 46:cx + 46] = 1
    pan = np.zeros((H, W), np.float32)
    if panel:
        pan[cy + 52:cy + 100, cx - 150:cx + 150] = 1
        card[:] = 0
    R = cv2.getRotationMatrix2D((float(cx), float(cy)), turn, 1.0)
    pan = cv2.warpAffine(pan, R, (W, H), flags=cv2.INTER_LINEAR)
    img = img * (1 - pan[..., None]) + 245.0 * pan[..., None]
    card = cv2.warpAffine(card, R, (W, H), flags=cv2.INTER_LINEAR)
    photo = cv2.warpAffine(photo, R, (W, H), flags=cv2.INTER_LINEAR)
    noise = cv2.GaussianBlur(rng.uniform(0, 255, (H, W, 3)), (0, 0), 4.0)
    busy = np.clip((noise - noise.mean()) * 8 + 110, 0, 220)
    img = img * (1 - card[..., None]) + 250.0 * card[..., None]
    img = img * (1 - photo[..., None]) + busy * photo[..., None]
    truth = (card > 0.1) | (photo > 0.1)
    return np.clip(np.round(img), 0, 255).astype(np.uint8), truth


@pytest.mark.parametrize("turn", [-8.0, -3.0])
def test_a_polaroids_lower_band_is_taken_with_margin(turn):
    """Fails without ``prints_margin``: the photo's lower edge splits the card (a cell wall), so the
    rectangle found is the photo with the card's thin sides, and the wide lower band, one flat
    colour over most of the band beside that side, is read as plate."""
    img, truth = _polaroid(turn)
    on = GraphicParams(prints_mend=True, prints_sharp=True, prints_run=True)
    old = _union(print_proposals(img, params=on), truth.shape)
    new = _union(print_proposals(img, params=GraphicParams(prints_mend=True, prints_sharp=True, prints_run=True,
                                                            prints_margin=True)), truth.shape)
    assert old[truth].mean() < 0.9
    assert new[truth].mean() >= 0.95 and _beyond(new, truth) <= 0.02 * truth.sum()


def test_the_plate_between_a_print_and_a_panel_is_no_margin():
    """A band of the plate's own colour up to a straight step (a panel's edge) is no card's margin:
    the band has the colour of the plate past the other sides, and the photo's sides do not run on
    as steps along it (fails with both guards removed: 1435 px of plate taken; either holds it)."""
    img, truth = _polaroid(-8.0, panel=True)
    got = _union(print_proposals(img, params=GraphicParams(prints_mend=True, prints_sharp=True, prints_run=True,
                                                            prints_margin=True)), truth.shape)
    assert got[truth].mean() >= 0.95 and _beyond(got, truth) <= 0.02 * truth.sum()


@pytest.mark.parametrize("name", ["prints_run", "prints_margin"])
def test_prints_run_and_margin_are_off_by_default_and_bools(name):
    assert getattr(GraphicParams(), name) is False
    with pytest.raises(ContractError, match=f"{name} must be True or False"):
        GraphicParams(**{name: "yes"})


# -- prints_shade (session 31, objects3): a soft shadow drawn in by the pipeline's dilation -------

_ALL = {"prints": True, "prints_mend": True, "prints_sharp": True, "prints_run": True, "prints_margin": True}


def _filled(got, r):
    """``got`` grown as the pipeline grows an objects mask by radius ``r`` (an ellipse)."""
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return cv2.dilate(got.view(np.uint8), k).astype(bool)


@pytest.mark.parametrize("turn", [0.0, 7.0, -9.0])
def test_shade_keeps_the_grown_shadow_within_the_truth(turn):
    """Fails without ``prints_shade``: the shadow is taken out to where it fades under the tolerance,
    and the pipeline's dilation (2 px at 400 x 300) grows it past the shadow's truth."""
    img, truth = _print(turn, tapes=False)
    r = 2  # PipelineConfig.dilation: max(1, round(400 / 250))
    old = _filled(_union(print_proposals(img, params=GraphicParams(**_ALL)), truth.shape), r)
    new = _filled(_union(print_proposals(img, params=GraphicParams(**_ALL, prints_shade=True)), truth.shape), r)
    assert _beyond(new, truth, grow=r) <= 0.7 * _beyond(old, truth, grow=r)
    assert new[truth].mean() >= 0.98


@pytest.mark.parametrize("turn", [0.0, 7.0])
def test_shade_keeps_the_tapes(turn):
    img, truth = _print(turn)
    got = _filled(_union(print_proposals(img, params=GraphicParams(**_ALL, prints_shade=True)), truth.shape), 2)
    assert got[truth].mean() >= 0.97


def _rounded_card(turn, r=10):
    """A 400 x 300 creative: a photo of smooth random blobs, 120 x 120 px with corners rounded by
    ``r``, turned by ``turn`` degrees on a flat plate, no shadow. Returns the image and its truth."""
    H, W = 300, 400
    card = np.zeros((H, W), np.uint8)
    x0, y0, x1, y1 = 140, 90, 260, 210
    cv2.rectangle(card, (x0 + r, y0), (x1 - r, y1), 1, -1)
    cv2.rectangle(card, (x0, y0 + r), (x1, y1 - r), 1, -1)
    for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
        cv2.circle(card, (cx, cy), r, 1, -1)
    alpha = cv2.warpAffine(card.astype(np.float32), cv2.getRotationMatrix2D((200.0, 150.0), turn, 1.0), (W, H),
                           flags=cv2.INTER_LINEAR)
    noise = cv2.GaussianBlur(np.random.default_rng(5).uniform(0, 255, (H, W, 3)), (0, 0), 4.0)
    photo = np.clip((noise - noise.mean()) * 12 + 128, 0, 255)
    img = np.array((150.0, 200.0, 190.0)) * (1 - alpha[..., None]) + photo * alpha[..., None]
    return np.clip(np.round(img), 0, 255).astype(np.uint8), alpha > 0.1


@pytest.mark.parametrize("turn", [0.0, 7.0])
def test_shade_cuts_a_rounded_cards_square_corners(turn):
    """Fails without ``prints_shade``: the rectangle's square corners lie on the plate past the
    card's rounded ones."""
    img, truth = _rounded_card(turn)
    old = _union(print_proposals(img, params=GraphicParams(**_ALL)), truth.shape)
    new = _union(print_proposals(img, params=GraphicParams(**_ALL, prints_shade=True)), truth.shape)
    assert old[truth].mean() >= 0.99 and new[truth].mean() >= 0.99
    assert int((new & ~truth).sum()) <= int((old & ~truth).sum()) - 15


def test_prints_shade_is_off_by_default_and_a_bool():
    assert GraphicParams().prints_shade is False
    with pytest.raises(ContractError, match="prints_shade"):
        GraphicParams(prints_shade=1)


# -- prints_tip (session 32, prints4): a plate's line that runs on past the reach ------------------

_SHADE = dict(_ALL, prints_shade=True)


def _print_across_a_white_line(turn, tapes):
    """The print of :func:`_print` (with its shadow) laid across a white line 6 px wide that runs
    across the whole gradient plate (a cup's rim beside a polaroid): the line's pieces beside the
    print differ from the interpolated plate, join the shadow (so ``prints_run`` reads them with
    it) and run on past the reach."""
    ground = np.zeros((300, 400, 3), np.float64)
    ground[:] = np.linspace(170, 210, 300)[:, None, None] * np.array([0.8, 0.9, 1.0])
    ground[150:156] = 250.0
    return _print(turn=turn, ground=ground, tapes=tapes)


@pytest.mark.parametrize("turn, tapes", [(0.0, True), (-9.0, False)])
def test_a_plates_line_running_past_the_reach_is_not_taken_with_tip(turn, tapes):
    """Fails without ``prints_tip``: all-on takes the white line beside the print out to the reach
    (116 / 128 px past the truth grown by 3 px); with it the pieces past the shadow band, whose
    one-colour tips run on past the reach, are plate (20 / 21 px left, where the line meets the
    shadow band), and the print's truth is covered as before."""
    img, truth = _print_across_a_white_line(turn, tapes)
    old = _union(print_proposals(img, params=GraphicParams(**_SHADE)), truth.shape)
    new = _union(print_proposals(img, params=GraphicParams(**_SHADE, prints_tip=True)), truth.shape)
    assert _beyond(old, truth) >= 100
    assert _beyond(new, truth) <= 30
    assert new[truth].mean() >= old[truth].mean() - 0.005 and new[truth].mean() >= 0.95


@pytest.mark.parametrize("turn", [0.0, 7.0, -9.0])
def test_tip_keeps_the_tapes_and_shadow(turn):
    """A tape ends in a step to the plate: its tip does not run on out of the window. At -9 degrees
    the rectangle found leaves the print's upper band out (cover 0.92), so the band and both tapes
    are one piece that runs past the reach (the first form of the rule, past the reach rather than
    out of the window, cut it: cover 0.75)."""
    img, truth = _print(turn)
    old = _union(print_proposals(img, params=GraphicParams(**_SHADE)), truth.shape)
    new = _union(print_proposals(img, params=GraphicParams(**_SHADE, prints_tip=True)), truth.shape)
    assert (new == old).all()
    assert new[truth].mean() >= 0.9


def test_prints_tip_is_off_by_default_and_a_bool():
    assert GraphicParams().prints_tip is False
    with pytest.raises(ContractError, match="prints_tip"):
        GraphicParams(prints_tip=1)
