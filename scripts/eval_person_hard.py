"""Person masks on the hard set, VOC and data/, by split, for two settings side by side.

For each setting of the ``mediapipe`` backend (default: ``before`` = without the selfie
gate and the second look, i.e. the backend as of commit b82464f; ``after`` = the
defaults; ``--setting NAME JSON`` replaces them, e.g. ``--setting stress
'{"tiles": 3, "score_threshold": 0.4}'``) and each group (``hard-tune``,
``hard-heldout``, ``voc``, ``data``):

* person IoU (mean, min) on images with people (VOC void band ignored);
* on images without people: the largest share of pixels marked person and how many
  images exceed 0.5 %;
* glow: the mean absolute colour difference (0-255) between the creative and its true
  clean plate in the 3 px ring just outside the fill mask (the fill's people,
  ``PersonMaps.fill`` above the threshold: the person mask and the rim ``refine_fine``
  thins off it, as :meth:`~creative_tools.pipeline.Pipeline.person_fills` since session
  26; dilated by the pipeline's default ``long side / 200``, union the true text mask). Pixels outside the
  fill mask are never changed by the fill, so whatever of the person is left there is
  exactly what shows as a glow after inpainting; 0 is perfect (creatives only);
* seconds per image, the two settings run alternately on each image in one process.

Groups ``sweep-tune`` and ``sweep-heldout`` (``--only sweep``; not in the default run):
pictures without people at every size of :data:`SWEEP_SIZES` (portrait, landscape,
square, large square, 16:9, banner, skyscraper, story), each covered and centre-cropped to the size: the hard set's
negatives of that split and photos bundled with scikit-image (:data:`SWEEP_PHOTOS`; the
tune photos are the plates of the tune splits, the held-out ones appear nowhere else).
The detector's windows change with the size, and so do its false people.

Usage::

    python scripts/samples_hard.py --out out/hard          # once
    python scripts/eval_person_hard.py --hard out/hard [--only voc data]
    python scripts/eval_person_hard.py --hard out/hard --only sweep --verbose
    python scripts/eval_person_hard.py --hard out/hard --errors   # 1 - IoU by kind of error
    python scripts/eval_person_hard.py --only voc --missed   # who is missed and why
    python scripts/eval_person_hard.py --only voc --sources   # ... by the map behind it
    python scripts/samples_hard.py --out out/look --lookalike tune heldout   # once
    python scripts/eval_person_hard.py --look out/look --only look --by-family --errors

Groups ``ads-tune`` and ``ads-heldout`` (``--ads DIR --only ads``; not in the default run):
every picture of a folder of real ads without labels (``*.jpg``, ``*.png``), at its own
size and at every :data:`SWEEP_SIZES`, split by position in name order (even: tune, odd:
held-out, :func:`ads`). Scored as pictures without people: person share of the frame.
Made for ``../shared/eval/ads_nogt`` (9 ads, none with a person in it).

Groups ``look-tune`` and ``look-heldout`` (``--only look``; not in the default run): the
tune rules of the person and negative families drawn again with other seeds
(``samples_hard.LOOKALIKE_OFFSETS``); the fixed five draws per family flatter the backend.
Tune on ``look-tune``, report ``look-heldout`` beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.bench.datasets import shared_dir  # noqa: E402
from creative_tools.bench.metrics import mask_iou  # noqa: E402
from creative_tools.masks import dilate  # noqa: E402
from creative_tools.person.mediapipe import MediaPipePerson  # noqa: E402

SETTINGS = {"before": {"selfie_gate": False, "second_look": False}, "after": {}}

#: (W, H) of the size sweep: portrait 3:4, landscape 16:10, square, large square, 16:9,
#: then a 4:1 banner, a 1:4 skyscraper and a 9:16 story.
SWEEP_SIZES = ((480, 640), (640, 400), (600, 600), (1000, 1000), (1600, 900),
               (1200, 300), (300, 1200), (1080, 1920))
#: scikit-image photos without people, by split of the size sweep.
SWEEP_PHOTOS = {
    "tune": ("rocket", "motorcycle_left", "coffee", "chelsea", "brick", "gravel"),
    "heldout": ("hubble_deep_field", "grass", "clock_motion", "immunohistochemistry", "retina", "coins",
                "horse", "logo", "page", "color"),
}


#: The parts of 1 - IoU that :func:`error_parts` returns, in order.
ERROR_PARTS = ("missed", "fn_band", "fn_far", "fp_band", "fp_far")


def error_parts(pred: np.ndarray, gt: np.ndarray, void: np.ndarray | None = None, *,
                band: float = 0.01, missed_below: float = 0.2) -> dict:
    """Where a person mask loses IoU: ``1 - IoU`` split into additive parts.

    Each part is a pixel count over the union of truth and mask (void pixels ignored), so
    the parts sum to ``1 - IoU``: ``missed`` (false negatives on a connected part of the
    truth covered less than ``missed_below``: a person not found), ``fn_band`` /
    ``fp_band`` (false negatives / positives within ``band`` x the long side of the true
    outline: the edge), ``fn_far`` (a body part left out) and ``fp_far`` (an object or a
    made-up body swallowed, a false person).

    >>> gt = np.zeros((100, 100), bool); gt[20:80, 20:60] = True
    >>> pred = gt.copy(); pred[20:80, 60:62] = True        # a 2 px halo
    >>> {k: round(v, 3) for k, v in error_parts(pred, gt).items()}
    {'missed': 0.0, 'fn_band': 0.0, 'fn_far': 0.0, 'fp_band': 0.048, 'fp_far': 0.0}
    """
    import cv2

    valid = np.ones_like(gt) if void is None else ~void
    g8 = gt.astype(np.uint8)
    b = max(2, round(band * max(gt.shape)))
    inside = cv2.distanceTransform(g8, cv2.DIST_L2, 5)
    outside = cv2.distanceTransform(1 - g8, cv2.DIST_L2, 5)
    near = np.where(gt, inside, outside) <= b
    fn, fp = gt & ~pred & valid, pred & ~gt & valid
    union = max(int(((gt | pred) & valid).sum()), 1)
    n, lab = cv2.connectedComponents(g8, connectivity=8)
    missed = np.zeros_like(gt)
    for i in range(1, n):
        part = lab == i
        if (pred & part).sum() < missed_below * part.sum():
            missed |= part
    masks = (fn & missed, fn & near & ~missed, fn & ~near & ~missed, fp & near, fp & ~near)
    return {k: float(m.sum()) / union for k, m in zip(ERROR_PARTS, masks)}


#: The parts of ``fp_far`` that :func:`made_up_parts` returns, in order.
MADE_UP_PARTS = ("fp_obj", "fp_below", "fp_level")


def made_up_parts(pred: np.ndarray, gt: np.ndarray, void: np.ndarray | None = None, *,
                  band: float = 0.01) -> dict:
    """Where the far false positives lie: :func:`error_parts`' ``fp_far`` in three parts.

    A false pixel farther than ``band`` x the long side from the truth lies in a connected
    piece of the mask (8-connectivity). ``fp_obj``: the piece touches no true person (an
    object taken for one). Else the piece hangs from the true people it touches, and the
    pixel is ``fp_below`` when it lies under the lowest row of those people's truth (a
    body completed below a frame's lower edge or over a table in front of it) or
    ``fp_level`` when not (a frame's plate, an arm or a body completed beside them). Pixel
    counts over the union of truth and mask, void ignored, like :func:`error_parts`: the
    three parts add up to its ``fp_far``.

    >>> gt = np.zeros((100, 100), bool); gt[10:40, 40:60] = True    # a bust
    >>> pred = gt.copy(); pred[40:90, 35:65] = True                  # a body made up below it
    >>> pred[20:30, 60:80] = True; pred[90:95, 0:5] = True           # a plate beside it, a speck
    >>> {k: round(v, 3) for k, v in made_up_parts(pred, gt).items()}
    {'fp_obj': 0.011, 'fp_below': 0.627, 'fp_level': 0.077}
    """
    import cv2

    valid = np.ones_like(gt) if void is None else ~void
    g8 = gt.astype(np.uint8)
    b = max(2, round(band * max(gt.shape)))
    far = pred & ~gt & valid & (cv2.distanceTransform(1 - g8, cv2.DIST_L2, 5) > b)
    union = max(int(((gt | pred) & valid).sum()), 1)
    out = dict.fromkeys(MADE_UP_PARTS, 0)
    if not far.any():
        return {k: 0.0 for k in MADE_UP_PARTS}
    _, pieces = cv2.connectedComponents(pred.astype(np.uint8), connectivity=8)
    _, people = cv2.connectedComponents(g8, connectivity=8)
    rows = np.arange(gt.shape[0])[:, None]
    for i in np.unique(pieces[far]):
        piece = pieces == i
        mine = far & piece
        touched = np.unique(people[piece & gt])
        if touched.size == 0:
            out["fp_obj"] += int(mine.sum())
            continue
        lowest = int(np.nonzero(np.isin(people, touched).any(1))[0].max())
        below = int((mine & (rows > lowest)).sum())
        out["fp_below"] += below
        out["fp_level"] += int(mine.sum()) - below
    return {k: v / union for k, v in out.items()}


#: The parts of 1 - IoU that :func:`error_sources` returns, in order.
SOURCE_PARTS = ("fp_pose", "fp_selfie", "fp_filter", "fn_pose", "fn_selfie", "fn_none")


def error_sources(pred: np.ndarray, gt: np.ndarray, void: np.ndarray | None,
                  pose: np.ndarray, selfie: np.ndarray) -> dict:
    """Which map a person mask's errors come from: ``1 - IoU`` in additive parts.

    ``pose`` and ``selfie`` are ``(H, W) bool``: the verified bodies' own pose masks
    and the gated selfie map, each above 0.5 (:class:`TracedPerson`). A false positive
    is ``fp_pose`` when the pose map had it, else ``fp_selfie`` when the selfie map
    did, else ``fp_filter`` (neither: the edge filter or the colour cut's soft edge
    made it); a false negative is ``fn_pose`` / ``fn_selfie`` when a map had it and a
    later step (veto, colour cut, filter) took it out, ``fn_none`` when neither map had
    it (a person or a part both models missed). Pixel counts over the union of truth
    and mask, void ignored: they sum to ``1 - IoU``.

    >>> gt = np.zeros((10, 10), bool); gt[2:8, 2:6] = True
    >>> pose = gt.copy(); pose[2:8, 6] = True           # a column of halo
    >>> selfie = np.zeros_like(gt); selfie[0, :] = True # a strip on the frame's top
    >>> pred = pose | selfie; pred[7, 2:6] = False      # a row lost after the maps
    >>> parts = error_sources(pred, gt, None, pose, selfie)
    >>> [(k, round(v, 3)) for k, v in parts.items() if v]
    [('fp_pose', 0.15), ('fp_selfie', 0.25), ('fn_pose', 0.1)]
    """
    valid = np.ones_like(gt) if void is None else ~void
    fp, fn = pred & ~gt & valid, gt & ~pred & valid
    union = max(int(((gt | pred) & valid).sum()), 1)
    masks = (fp & pose, fp & ~pose & selfie, fp & ~pose & ~selfie,
             fn & pose, fn & ~pose & selfie, fn & ~pose & ~selfie)
    return {k: float(m.sum()) / union for k, m in zip(SOURCE_PARTS, masks)}


class TracedPerson(MediaPipePerson):
    """The default backend that keeps, per image, the maps :func:`error_sources` reads:
    ``traced["pose"]`` (the verified bodies' own pose masks as the selfie gate saw them:
    the detector's people and the gate's; face-rescued bodies, added later, count as
    neither map) and ``traced["selfie"]`` (the selfie map after the gate), each > 0.5;
    both empty when the selfie map did not run (no one detected)."""

    def _maps_one(self, image: np.ndarray):
        empty = np.zeros(image.shape[:2], bool)
        self.traced = {"pose": empty, "selfie": empty}
        return super()._maps_one(image)

    def _gate(self, image, sp, prob, *args, **kwargs):
        out = super()._gate(image, sp, prob, *args, **kwargs)
        # before the veto and the maximum of the two maps
        self.traced = {"pose": prob > 0.5, "selfie": out > 0.5}
        return out


#: Sides of :func:`own_scale`'s windows, in the true person's box's longer sides.
OWN_SCALE_SIZES = (1.5, 2.0, 3.0)


def own_scale_windows(box: tuple, sizes=OWN_SCALE_SIZES) -> list[tuple]:
    """Square detector windows ``(x0, y0, side)`` centred on ``box``
    ``(x0, y0, x1, y1)`` (exclusive ends), ``sizes`` times its longer side.

    >>> own_scale_windows((10, 20, 30, 60), sizes=(1.5, 2.0))
    [(-10.0, 10.0, 60.0), (-20.0, 0.0, 80.0)]
    """
    x0, y0, x1, y1 = box
    cx, cy, long = (x0 + x1) / 2.0, (y0 + y1) / 2.0, float(max(x1 - x0, y1 - y0))
    return [(cx - f * long / 2, cy - f * long / 2, f * long) for f in sizes]


class _UpscaledWindow:
    """Stands for ``cv2.resize(image, (nw, nh))`` (an upscale, INTER_LINEAR) in
    :func:`~creative_tools.person.pose._run_windows`' ``resized`` cache, but resizes only
    the slice asked for (one window's overlap with the image), from a source crop whose
    start lands on the whole resize's grid (``start * nw / w`` an integer, or the nearest
    of ``align`` candidates): the same sampling positions as the whole resize, so the
    same pixels, bit-exact where the start is on the grid and within one grey level
    otherwise (the interpolation weights' last bits; 235 of 300 random windows were
    bit-exact)."""

    def __init__(self, image: np.ndarray, nw: int, nh: int, *, align: int = 256, margin: int = 2):
        self.image, self.align, self.margin = image, align, margin
        h, w = image.shape[:2]
        self.shape = (nh, nw, 3)
        self.fx, self.fy = nw / w, nh / h  # cv2.resize's own inv_scale for dsize=(nw, nh)

    def _source(self, d0: int, d1: int, n_src: int, f: float) -> tuple[int, int, int]:
        import math

        lo = max(0, math.floor((d0 + 0.5) / f - 0.5) - self.margin)
        hi = min(n_src, math.ceil((d1 - 0.5) / f - 0.5) + 1 + self.margin)
        # the start nearest the whole resize's grid among the `align` ones at or before lo
        start = min(range(max(0, lo - self.align), lo + 1), key=lambda a: (abs(a * f - round(a * f)), -a))
        return start, hi, round(start * f)

    def __getitem__(self, key):
        import cv2

        ys, xs = key
        h, w = self.image.shape[:2]
        y0, y1, sy = self._source(ys.start, ys.stop, h, self.fy)
        x0, x1, sx = self._source(xs.start, xs.stop, w, self.fx)
        out = cv2.resize(self.image[y0:y1, x0:x1], None, fx=self.fx, fy=self.fy, interpolation=cv2.INTER_LINEAR)
        out = out[ys.start - sy:ys.stop - sy, xs.start - sx:xs.stop - sx]
        return (out / 127.5 - 1.0).astype(np.float32)


def _window_detections(seg, image: np.ndarray, win: tuple, low_score: float) -> list:
    """The detector's answers ``[(boxes, keypoints, scores)]`` (image pixels) on one square
    window ``(x0, y0, side)``, as :func:`~creative_tools.person.pose._run_windows` gives them.

    A window smaller than the detector's input (a small person's) upscales the image:
    resizing all of it cost 4.2 s and 836 MiB per window for a 63-pixel person in a
    2000 x 2000 frame. There only the window's overlap with the image is resized
    (:class:`_UpscaledWindow`, on the whole resize's grid); a downscale resizes the whole
    image as before (it is smaller than the image).
    """
    from creative_tools.person.pose import _DET_SIZE, _run_windows

    h, w = image.shape[:2]
    scale = _DET_SIZE / win[2]
    resized = {}
    if scale > 1:
        resized[scale] = _UpscaledWindow(image, max(1, round(w * scale)), max(1, round(h * scale)))
    return _run_windows(seg._nets["pose_detection"], image, seg._anchors, [win],
                        score_threshold=low_score, resized=resized)


def own_scale(seg, image: np.ndarray, part: np.ndarray, *, sizes=OWN_SCALE_SIZES,
              low_score: float = 0.1) -> list[dict]:
    """What the detector and the landmark model say about a true person ``part`` (H, W)
    bool on a window at its own scale: an oracle (the window is placed with the truth),
    the headroom of any crop the pipeline could offer the detector there.

    For each of :func:`own_scale_windows`: ``score``, the detector's best answer on it
    (down to ``low_score``; None when nothing), ``verdict`` (``"ok"``, the reason
    ``seg``'s own ``_look`` refuses that answer's whole-body crop for, or
    ``"unchecked"`` when ``seg.verify`` is off), ``on`` (whether that body's nose lies
    on the person: a verified body on another thing does not) and ``iou``, its pose
    mask (> 0.5) against the person (a bust's made-up body lowers it).

    ``_look`` is :meth:`MediaPipePerson.people`'s verdict on one crop:
    :func:`~creative_tools.person.verify.verify_person` with ``seg``'s thresholds, the
    second look, the upright and the mirror checks, as ``seg`` sets them. Left out,
    because they need the detection's place among the others or a retry's crop:
    the upper-body and track retries of a refused crop (a bust refused here may pass
    there), the face-mesh verdict and the finer grid's face check, and the merge of
    zoomed detections.
    """
    from creative_tools.person.pose import PoseDetection

    ys, xs = np.nonzero(part)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    h, w = part.shape
    out = []
    for f, win in zip(sizes, own_scale_windows(box, sizes)):
        got = _window_detections(seg, image, win, low_score)
        row = {"size": f, "score": None, "verdict": None, "on": None, "iou": None}
        if got and len(got[0][2]):
            b, k, sc = got[0]
            j = int(np.argmax(sc))
            det = PoseDetection(b[j], k[j], float(sc[j]))
            # the backend's own look: verify_person, second look, upright and mirror checks
            crop, v = seg._look(image, det, det.roi(scale=seg.roi_scale))
            pm = np.zeros((h, w), bool)
            if crop.prob.size:
                x0, y0, x1, y1 = crop.box
                pm[y0:y1, x0:x1] = crop.prob > 0.5
            iou = float((pm & part).sum()) / max(1, int((pm | part).sum()))
            nx, ny = (int(round(float(c))) for c in crop.landmarks[0])
            on = bool(0 <= nx < w and 0 <= ny < h and part[ny, nx])
            row.update(score=round(float(sc[j]), 2),
                       verdict="unchecked" if v is None else "ok" if v.ok else v.reason,
                       on=on, iou=round(iou, 3))
        out.append(row)
    return out


def with_unfound(pred: np.ndarray, gt: np.ndarray, void: np.ndarray | None = None, *,
                 cover: float = 0.5, min_area: float = 0.001) -> tuple[np.ndarray, int]:
    """``pred`` with every true person it holds less than ``cover`` of added whole, and
    how many were added: the mask a perfect finder of the people not found would give
    (the headroom of recall, apart from edges and made-up parts; session 28).

    A true person is a connected part of ``gt`` (8-connected) of at least ``min_area``
    of the frame, measured on its valid pixels (``void`` left out), as
    :func:`missed_people` measures ``cover``.
    """
    import cv2

    valid = np.ones_like(gt) if void is None else ~void
    n, lab = cv2.connectedComponents(gt.astype(np.uint8), connectivity=8)
    out, added = pred.copy(), 0
    for i in range(1, n):
        part = lab == i
        if part.sum() < min_area * gt.size:
            continue
        if (part & pred & valid).sum() < cover * max(1, int((part & valid).sum())):
            out |= part
            added += 1
    return out, added


def missed_people(seg, image: np.ndarray, pred: np.ndarray, gt: np.ndarray, void: np.ndarray | None = None, *,
                  below: float = 0.5, min_area: float = 0.001, low_score: float = 0.1) -> list[dict]:
    """Every true person (connected part of ``gt``, at least ``min_area`` of the frame)
    whose IoU with the mask's parts that touch it is under ``below``, and why.

    ``why`` is the first that holds: ``"verified, joined to people"`` /
    ``"verified, joined to false pixels"`` (a verified detection's face lies on the
    person and the mask covers at least half of it, but the mask's pieces that touch it
    reach beyond it: onto other true people (a crowd's single piece) or onto pixels that
    are nobody's (a made-up part), whichever is larger), ``"verified, mask lost"`` (a
    verified detection lies on the person and the mask covers less than half of it: the
    map or the cuts lost it), ``"refused: REASON"`` (a
    detection's face lies on it, every verdict refused; the reasons), ``"detector
    SCORE"`` (no detection at the default threshold; the best score of a detection on the
    person down to ``low_score``, on the same windows) or ``"detector: nothing"``. A
    person the detector missed also gets ``own_scale``: what windows at its own scale
    would give (:func:`own_scale`).

    Every row has ``cover`` (the share of the person's valid pixels the mask holds) and
    ``joined_people`` / ``joined_false`` (the valid pixels of those touching pieces on
    other true people / on no true person, in units of the person's own area): an IoU
    under ``below`` with ``cover`` near 1 is a person found whose piece is shared.
    """
    import cv2

    from creative_tools.person.pose import detect_people

    valid = np.ones_like(gt) if void is None else ~void
    n, lab = cv2.connectedComponents(gt.astype(np.uint8), connectivity=8)
    _, plab = cv2.connectedComponents(pred.astype(np.uint8), connectivity=8)
    h, w = gt.shape
    out = []
    people = None
    for i in range(1, n):
        part = lab == i
        area = int(part.sum())
        if area < min_area * gt.size:
            continue
        touching = np.unique(plab[part & pred])
        mine = np.isin(plab, touching[touching > 0])
        own = max(1, int((part & valid).sum()))
        iou = float((part & mine & valid).sum()) / max(1, int(((part | mine) & valid).sum()))
        if iou >= below:
            continue
        cover = float((part & pred & valid).sum()) / own
        joined_people = float((mine & gt & ~part & valid).sum()) / own
        joined_false = float((mine & ~gt & valid).sum()) / own
        if people is None:
            people = seg.people(image)
        grown = cv2.dilate(part.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0

        def on(x, y, grown=grown):
            x, y = round(float(x)), round(float(y))
            return 0 <= x < w and 0 <= y < h and grown[y, x]

        verdicts = [v for det, roi, crop, v in people
                    if on(*((det.box[:2] + det.box[2:]) / 2)) or (crop.prob.size and on(*crop.landmarks[0]))]
        if any(v is None or v.ok for v in verdicts):
            if cover < 0.5:
                why = "verified, mask lost"
            else:
                why = "verified, joined to " + ("people" if joined_people >= joined_false else "false pixels")
        elif verdicts:
            why = "refused: " + "; ".join(v.reason for v in verdicts)
        else:
            low = detect_people(seg._nets["pose_detection"], image, seg._anchors, score_threshold=low_score,
                                tiles=seg.tiles, tile_overlap=seg.tile_overlap)
            sc = [d.score for d in low if on(*((d.box[:2] + d.box[2:]) / 2))]
            why = f"detector {max(sc):.2f}" if sc else "detector: nothing"
        row = {"area": round(area / gt.size, 4), "iou": round(iou, 3), "why": why, "cover": round(cover, 3),
               "joined_people": round(joined_people, 3), "joined_false": round(joined_false, 3)}
        if why.startswith("detector"):
            row["own_scale"] = own_scale(seg, image, part, low_score=low_score)
        out.append(row)
    return out


def _rgb(p: Path) -> np.ndarray:
    return np.asarray(Image.open(p).convert("RGB"))


def _creatives(root: Path, group_of):
    for img in sorted(root.glob("*.png")):
        t = root / "truth" / img.stem
        if not (t / "person_mask.png").exists():
            continue
        meta = json.loads((t / "meta.json").read_text()) if (t / "meta.json").exists() else {}
        group = group_of(meta)
        if group is None:
            continue
        gt = np.asarray(Image.open(t / "person_mask.png").convert("L")) > 127
        text = np.asarray(Image.open(t / "text_mask.png").convert("L")) > 127
        yield group, img.stem, _rgb(img), gt, np.zeros_like(gt), _rgb(t / "background.png"), text


def _cover(img: np.ndarray, size: tuple) -> np.ndarray:
    """``img`` scaled to cover ``size`` (W, H) and centre-cropped to it."""
    import cv2

    W, H = size
    h, w = img.shape[:2]
    s = max(W / w, H / h)
    big = cv2.resize(img, (max(W, round(w * s)), max(H, round(h * s))),
                     interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    y0, x0 = (big.shape[0] - H) // 2, (big.shape[1] - W) // 2
    return np.ascontiguousarray(big[y0:y0 + H, x0:x0 + W])


def _skimage_photo(name: str) -> np.ndarray:
    """(H, W, 3) uint8 of a photo bundled with scikit-image (read from its folder: no download)."""
    import skimage.data as D

    path = next(Path(D.__file__).parent.glob(f"{name}.*"), None)
    if path is None and name == "immunohistochemistry":
        path = next(Path(D.__file__).parent.glob("ihc.*"))
    if path is None:
        raise FileNotFoundError(f"scikit-image has no bundled photo {name!r} in {Path(D.__file__).parent}")
    img = np.asarray(Image.open(path))
    if img.ndim == 2:
        img = np.stack([img] * 3, -1)
    if img.dtype == bool:
        img = img.astype(np.uint8) * 255
    return np.ascontiguousarray(img[..., :3]).astype(np.uint8)


def sweep(hard: Path | None, split: str):
    """Pictures without people of ``split`` at every :data:`SWEEP_SIZES` (see the module doc)."""
    sources = []
    if hard is not None and hard.is_dir():
        for img in sorted(hard.glob(f"hard_negative_*_{split}_*.png")):
            sources.append((img.stem, _rgb(img)))
    sources += [(name, _skimage_photo(name)) for name in SWEEP_PHOTOS[split]]
    for name, img in sources:
        for size in SWEEP_SIZES:
            im = _cover(img, size)
            gt = np.zeros(im.shape[:2], bool)
            yield f"sweep-{split}", f"{name}@{size[0]}x{size[1]}", im, gt, gt, None, None


def ads(folder: Path, split: str):
    """The pictures of ``folder`` of ``split`` (``"tune"``: even positions in name order,
    ``"heldout"``: odd) at their own size and at every :data:`SWEEP_SIZES`."""
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    for i, path in enumerate(files):
        if (i % 2 == 0) != (split == "tune"):
            continue
        img = _rgb(path)
        for size in (None,) + SWEEP_SIZES:
            im = img if size is None else _cover(img, size)
            gt = np.zeros(im.shape[:2], bool)
            tag = "own" if size is None else f"{size[0]}x{size[1]}"
            yield f"ads-{split}", f"{path.stem}@{tag}", im, gt, gt, None, None


def items(hard: Path | None, groups: list[str] | None, *, by_family: bool = False, look: Path | None = None,
          ads_dir: Path | None = None):
    def want(g):
        g = g.split("/")[0]
        return groups is None or g in groups or g.split("-")[0] in groups

    def group_of(m):
        fam = m.get("family", "")
        if not fam.startswith(("person_", "negative_")):
            return None
        return f"hard-{m.get('split', 'tune')}" + (f"/{fam}" if by_family else "")

    if hard is not None and hard.is_dir():
        for it in _creatives(hard, group_of):
            if want(it[0]):
                yield it
    if look is not None and look.is_dir() and (groups is None or any(g.startswith("look") for g in groups)):
        def look_of(m):
            part = m.get("lookalike", {}).get("part")
            return None if part is None else f"look-{part}" + (f"/{m['family']}" if by_family else "")

        for it in _creatives(look, look_of):
            if want(it[0]):
                yield it
    voc = shared_dir() / "eval" / "person_voc"
    if want("voc") and voc.is_dir():
        for gt_path in sorted(voc.glob("*_person.png")):
            stem = gt_path.name[: -len("_person.png")]
            m = np.asarray(Image.open(gt_path).convert("L"))
            yield "voc", stem, _rgb(voc / f"{stem}.jpg"), m == 255, m == 128, None, None
    if want("data"):
        yield from _creatives(ROOT / "data", lambda m: "data")
    for split in ("tune", "heldout"):
        if groups is not None and ("sweep" in groups or f"sweep-{split}" in groups):
            yield from sweep(hard, split)
    for split in ("tune", "heldout"):
        if ads_dir is not None and groups is not None and ("ads" in groups or f"ads-{split}" in groups):
            yield from ads(ads_dir, split)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hard", type=Path, default=ROOT / "out" / "hard", help="the hard set (samples_hard.py)")
    ap.add_argument("--look", type=Path, default=ROOT / "out" / "look",
                    help="the look-alikes (samples_hard.py --lookalike tune heldout --out DIR)")
    ap.add_argument("--ads", type=Path, default=None,
                    help="a folder of real ads without people (groups ads, ads-tune, ads-heldout; e.g. ../shared/eval/ads_nogt)")
    ap.add_argument("--only", nargs="*", default=None,
                    help="groups: hard, hard-tune, hard-heldout, voc, data; sweep, sweep-tune, sweep-heldout, "
                         "look, look-tune, look-heldout, ads, ads-tune, ads-heldout (only when named)")
    ap.add_argument("--verbose", action="store_true", help="one line per image")
    ap.add_argument("--by-family", action="store_true", help="hard-set groups split by family (hard-tune/person_small, ...)")
    ap.add_argument("--errors", action="store_true",
                    help="also split 1 - IoU by kind of error (missed person, edge band, far; error_parts)")
    ap.add_argument("--made-up", action="store_true",
                    help="also split the far false positives by where they lie (an object, below the true "
                         "people their piece hangs from, level with them; made_up_parts)")
    ap.add_argument("--sources", action="store_true",
                    help="also split 1 - IoU by the map each error comes from "
                         "(pose, selfie, neither; error_sources)")
    ap.add_argument("--missed", action="store_true",
                    help="list every true person under IoU 0.5 and why (detector, refusal, a verified "
                         "person's mask lost or its piece joined to others; missed_people), and per group "
                         "the IoU with the people the mask holds less than half of added (with_unfound); "
                         "one the detector missed also gets own_scale "
                         "(the backend's verdict on one crop, _look, on windows at its true scale; "
                         "without the retries, the face-mesh checks and the zoom merge)")
    ap.add_argument("--setting", nargs=2, action="append", metavar=("NAME", "JSON"),
                    help="a setting: name and backend options as JSON (repeatable; replaces the defaults)")
    args = ap.parse_args(argv)
    if args.only and any(o.startswith("ads") for o in args.only) and args.ads is None:
        ap.error("the ads groups need --ads DIR (a folder of pictures without people)")
    settings = SETTINGS
    if args.setting:
        settings = {}
        for name, text in args.setting:
            try:
                settings[name] = json.loads(text)
            except json.JSONDecodeError as e:
                ap.error(f"--setting {name}: options must be a JSON object, got {text!r} ({e})")
            if not isinstance(settings[name], dict):
                ap.error(f"--setting {name}: options must be a JSON object, got {text!r}")
    make = TracedPerson if args.sources else MediaPipePerson
    segs = {k: make(**o) for k, o in settings.items()}
    rows = {k: {} for k in segs}
    for n, (group, stem, image, gt, void, plate, text) in enumerate(items(args.hard, args.only, by_family=args.by_family, look=args.look,
                                                                     ads_dir=args.ads)):
        order = list(segs) if n % 2 == 0 else list(segs)[::-1]
        for k in order:
            t = time.perf_counter()
            maps = segs[k].maps(image)
            sec = time.perf_counter() - t
            pred, people = maps.prob > segs[k].threshold, maps.fill > segs[k].threshold
            valid = ~void
            row = {"stem": stem, "seconds": sec}
            if gt.any():
                row["iou"] = mask_iou(pred, gt, ignore=void)
                if args.errors:
                    row.update(error_parts(pred, gt, void))
                if args.made_up:
                    row.update(made_up_parts(pred, gt, void))
                if args.sources:
                    tr = segs[k].traced
                    row.update(error_sources(pred, gt, void, tr["pose"], tr["selfie"]))
                if args.missed:
                    miss = missed_people(segs[k], image, pred, gt, void)
                    found, row["unfound"] = with_unfound(pred, gt, void)
                    row["iou_found"] = mask_iou(found, gt, ignore=void)
                    row["under"] = len(miss)
                    if miss:
                        print(k, group, stem, "MISSED", json.dumps(miss), flush=True)
            else:
                row["false"] = float(pred[valid].mean())
            if plate is not None and gt.any():
                fill = dilate(people | text, max(1, max(image.shape[:2]) // 200))  # the fill's people
                ring = dilate(fill, 3) & ~fill & ~text
                diff = np.abs(image.astype(int) - plate).mean(-1)
                row["glow"] = float(diff[ring].mean()) if ring.any() else 0.0
            rows[k].setdefault(group, []).append(row)
            if args.verbose or row.get("false", 0.0) > 0.005:
                print(k, group, row, flush=True)
    print("| setting | group | person IoU mean (min, n) | no-person images > 0.5 % (max) | glow | s / image |")
    print("|---|---|---|---|---|---|")
    for k in segs:
        for group, rs in sorted(rows[k].items()):
            ious = [r["iou"] for r in rs if "iou" in r]
            fps = [r["false"] for r in rs if "false" in r]
            glows = [r["glow"] for r in rs if "glow" in r]
            iou = f"{np.mean(ious):.3f} ({np.min(ious):.3f}, {len(ious)})" if ious else "-"
            fp = f"{sum(f > 0.005 for f in fps)}/{len(fps)} ({max(fps):.2%})" if fps else "-"
            glow = f"{np.mean(glows):.2f}" if glows else "-"
            print(f"| {k} | {group} | {iou} | {fp} | {glow} | {np.median([r['seconds'] for r in rs]):.3f} |")
    if args.missed:  # recall's headroom: the people the mask holds less than half of, added whole
        print()
        print("| setting | group | person IoU | with the people not found added | people under IoU 0.5 | "
              "of them not found (cover < 0.5) |")
        print("|---|---|---|---|---|---|")
        for k in segs:
            for group, rs in sorted(rows[k].items()):
                rs = [r for r in rs if "iou" in r]
                if rs:
                    print(f"| {k} | {group} | {np.mean([r['iou'] for r in rs]):.4f} | "
                          f"{np.mean([r['iou_found'] for r in rs]):.4f} | {sum(r['under'] for r in rs)} | "
                          f"{sum(r['unfound'] for r in rs)} |")
    for wanted, names in ((args.errors, ERROR_PARTS), (args.made_up, MADE_UP_PARTS), (args.sources, SOURCE_PARTS)):
        if not wanted:  # the split of 1 - IoU by kind of error, or by the map each error comes from
            continue
        print()
        print("| setting | group | person IoU | " + " | ".join(names) + " |")
        print("|---|---|---|" + "---|" * len(names))
        for k in segs:
            for group, rs in sorted(rows[k].items()):
                rs = [r for r in rs if "iou" in r]
                if rs:
                    parts = " | ".join(f"{np.mean([r[p] for r in rs]):.4f}" for p in names)
                    print(f"| {k} | {group} | {np.mean([r['iou'] for r in rs]):.4f} | {parts} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
