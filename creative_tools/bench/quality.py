"""``bench quality``: the metrics of :mod:`creative_tools.bench.metrics` per dataset and backends.

Datasets and what is run on them:

* ``data`` (and any folder in the creatives layout): the whole pipeline; every metric
  whose truth file exists.
* ``icdar15``: the text stage only; word precision / recall / F (counts pooled over the
  images, as the protocol does), word coverage and mask-inside-words.
* ``voc``: the person stage only; person IoU (mean over images with people, void band
  ignored) and false-alarm pixels on the images without a person.

Per-image ratios are averaged over the images where they are defined. PSNR is computed
from the mean over images of the per-image MSE (each image weighs the same, and a
perfectly recovered image, whose own PSNR is infinite, does not make the mean infinite). With a baseline (:mod:`.baseline`), each
metric gets the baseline's value from the same run and the ratio pipeline / baseline.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from ..pipeline import Pipeline
from . import metrics as E
from .baseline import Baseline
from .datasets import Dataset, Sample
from .residual import Residual, default_readers, residual_words
from .table import METRICS, Row

__all__ = ["METRICS", "Row", "evaluate_dataset", "run_quality"]

@dataclass
class _Acc:
    values: dict = field(default_factory=dict)
    words: E.WordMatch = field(default_factory=lambda: E.WordMatch(0, 0, 0))
    has_words: bool = False
    false_px: int = 0
    false_den: int = 0
    false_images: int = 0
    residual: Residual = field(default_factory=Residual)
    has_residual: bool = False

    def add_residual(self, r: Residual) -> None:
        self.residual = self.residual + r
        self.has_residual = True

    def add(self, name: str, v: float) -> None:
        if v is None:
            return
        v = float(v)
        if not math.isnan(v):
            self.values.setdefault(name, []).append(v)

    def add_words(self, m: E.WordMatch) -> None:
        self.words = self.words + m
        self.has_words = True

    def add_false(self, pred: np.ndarray, ignore) -> None:
        n, _ = E.false_alarm(pred, np.zeros_like(pred), ignore=ignore)
        self.false_px += n
        self.false_den += int(pred.size if ignore is None else np.count_nonzero(~ignore))
        self.false_images += 1

    def result(self) -> dict:
        out = {}
        for k, v in self.values.items():
            if k.startswith("mse_"):
                out["psnr_" + k[4:]] = (E.psnr_from_mse(float(np.mean(v))), len(v))
            else:
                out[k] = (float(np.mean(v)), len(v))
        if self.has_words:
            p, r, f = E.prf(self.words)
            n = self.words.words
            out.update(word_precision=(p, n), word_recall=(r, n), word_f=(f, n))
        if self.has_residual:
            n = self.residual.words
            out.update(residual_text=(self.residual.rate, n), legible_words=(float(self.residual.legible), n))
        if self.false_images:
            n = self.false_images
            out["person_false_px"] = (float(self.false_px), n)
            out["person_false_frac"] = (self.false_px / self.false_den if self.false_den else float("nan"), n)
        return out


def _person_scores(acc: _Acc, pred: np.ndarray, s: Sample) -> None:
    if s.person is None:
        return
    if s.person.any():
        acc.add("person_iou", E.mask_iou(pred, s.person, ignore=s.person_ignore))
    else:
        acc.add_false(pred, s.person_ignore)


def _text_scores(acc: _Acc, mask: np.ndarray, polygons: Sequence[np.ndarray], s: Sample,
                 removed: np.ndarray | None = None) -> None:
    """Text metrics; ``removed`` is the text part of the fill mask (what is inpainted)."""
    if s.text is not None and s.text.any():
        acc.add("glyph_recall", E.glyph_recall(mask, s.text))
        acc.add("glyph_precision", E.glyph_precision(mask, s.text))
    if s.words:
        dc = s.dont_care
        polys = [p for p in polygons if len(p) >= 3]
        acc.add_words(E.match_words(polys, s.words, dont_care=dc))
        acc.add("word_coverage", E.word_coverage(mask, s.words, dont_care=dc))
        acc.add("mask_inside_words", E.mask_inside_words(mask, s.words))
        if removed is not None:
            acc.add("removed_word_coverage", E.word_coverage(removed, s.words, dont_care=dc))
            acc.add("removed_inside_words", E.mask_inside_words(removed, s.words))


def _residual_scores(acc: _Acc, s: Sample, background: np.ndarray, readers) -> None:
    if readers and s.words:
        acc.add_residual(residual_words(readers, s.image, background, s.words, s.transcriptions))


def _background_scores(acc: _Acc, s: Sample, fill: np.ndarray, background: np.ndarray) -> None:
    acc.add("changed_outside", E.changed_outside(s.image, background, fill))
    if s.background is None:
        return
    region = s.removal
    if region.any():
        acc.add("removal_iou", E.mask_iou(fill, region))
        acc.add("removal_recall", E.glyph_recall(fill, region))
        acc.add("mse_removed", E.mse(background, s.background, region=region))
        acc.add("ssim_removed", E.ssim(background, s.background, region=region))
    acc.add("mse_image", E.mse(background, s.background))
    acc.add("ssim_image", E.ssim(background, s.background))


def _mode(ds: Dataset) -> str:
    if ds.tasks == ("words",):
        return "text"
    if ds.tasks == ("person",):
        return "person"
    return "full"


def evaluate_dataset(ds: Dataset, pipe: Pipeline, *, baseline: Baseline | None = None,
                     readers: Sequence | None = None, log=None) -> tuple[dict, dict | None]:
    """Score a pipeline (and optionally the baseline) on every sample of ``ds``.

    Parameters
    ----------
    ds : Dataset
    pipe : Pipeline
    baseline : Baseline, optional
        Built on ``pipe`` (same backends).
    readers : sequence of Recognizer, optional
        Recognisers for ``residual_text`` (:mod:`.residual`); on text-only datasets the
        text mask is filled with the pipeline's inpainter first (not timed).
    log : callable, optional
        Called with one progress line per image.

    Returns
    -------
    pipeline, baseline : dict
        metric -> (value, number of images it was averaged over); baseline is None
        without a baseline.
    """
    mode = _mode(ds)
    acc, bacc = _Acc(), (_Acc() if baseline is not None else None)
    for i, s in enumerate(ds):
        t0 = time.perf_counter()
        if mode == "text":
            det = pipe.detect_text([s.image])[0]
            acc.add("seconds", time.perf_counter() - t0)
            removed = pipe.merge_masks(np.zeros_like(det.mask), det.mask)
            _text_scores(acc, det.mask, det.polygons, s, removed=removed)
            if readers:
                _residual_scores(acc, s, pipe.inpaint([s.image], [removed])[0], readers)
        elif mode == "person":
            prob = pipe.segment_people([s.image])
            pm = pipe.person_masks(prob, [s.image])[0]
            acc.add("seconds", time.perf_counter() - t0)
            _person_scores(acc, pm, s)
        else:
            r = pipe.run(s.image)
            acc.add("seconds", time.perf_counter() - t0)
            if pipe.person_model is not None:
                _person_scores(acc, r.person_mask, s)
            if pipe.text_model is not None:
                _text_scores(acc, r.text_mask, [] if r.text is None else r.text.polygons, s,
                             removed=pipe.merge_masks(np.zeros_like(r.text_mask), r.text_mask))
                _residual_scores(acc, s, r.background, readers)
            _background_scores(acc, s, r.mask, r.background)
        if baseline is not None:
            h, w = s.image.shape[:2]
            t0 = time.perf_counter()
            if mode == "full":
                b = baseline.run(s.image)
                bacc.add("seconds", time.perf_counter() - t0)
                if pipe.person_model is not None:
                    _person_scores(bacc, b.person_mask, s)
                if pipe.text_model is not None:
                    _text_scores(bacc, b.text_mask, b.polygons, s, removed=b.text_mask)
                    _residual_scores(bacc, s, b.background, readers)
                _background_scores(bacc, s, b.mask, b.background)
            else:
                from .baseline import _up

                _, pm, tm, polys, _ = baseline.masks(s.image, person=mode == "person", text=mode == "text")
                bacc.add("seconds", time.perf_counter() - t0)
                if mode == "person":
                    _person_scores(bacc, _up(pm, w, h), s)
                else:
                    _text_scores(bacc, _up(tm, w, h), polys, s, removed=_up(tm, w, h))
                    if readers:
                        _residual_scores(bacc, s, pipe.inpaint([s.image], [_up(tm, w, h)])[0], readers)
        if log is not None:
            log(f"  {ds.name} {i + 1}/{len(ds)} {s.name}")
    return acc.result(), (bacc.result() if bacc is not None else None)


def _combos(persons, texts, inpaints, mode):
    for p, t, i in itertools.product(persons, texts, inpaints):
        if p is None and t is None:
            continue
        if mode == "text" and t is None or mode == "person" and p is None:
            continue
        yield p, t, i


def run_quality(datasets: Iterable[Dataset], *, persons: Sequence[str | None] = ("mediapipe",),
                texts: Sequence[str | None] = ("ppocr",), inpaints: Sequence[str] = ("auto",),
                baseline: bool = False, device: str = "cpu", residual: bool = True,
                log=None) -> list[Row]:
    """Run every backend combination on every dataset.

    Parameters
    ----------
    datasets : iterable of Dataset
    persons, texts : sequence of str or None
        Backend names (None skips that source); every combination is run.
    inpaints : sequence of str
    baseline : bool
        Also run :class:`~creative_tools.bench.baseline.Baseline` with the same backends.
    device : str
        torch device for torch backends.
    residual : bool
        Score ``residual_text`` with :func:`.residual.default_readers` (default True).
    log : callable, optional
        Progress lines.

    Returns
    -------
    list of Row
        One per dataset, combination and metric. The ``text`` stage alone runs on text-only
        datasets and the ``person`` stage alone on person-only ones, so their rows show
        the unused backends as ``-``.
    """
    rows: list[Row] = []
    cache: dict = {}
    readers = default_readers() if residual and any(t is not None for t in texts) else None
    for ds in datasets:
        mode = _mode(ds)
        seen = set()
        for p, t, i in _combos(persons, texts, inpaints, mode):
            # text-only / person-only datasets do not depend on the other backends
            key = (p if mode != "text" else None, t if mode != "person" else None, i if mode == "full" else None)
            if key in seen:
                continue
            seen.add(key)
            label = (key[0] or "-", key[1] or "-", key[2] or "-")
            pk = (p if mode != "text" else None, t if mode != "person" else None, i)
            if pk not in cache:
                cache[pk] = Pipeline(person=pk[0], text=pk[1], inpaint=i, device=device)
            pipe = cache[pk]
            if log:
                log(f"{ds.name}: person={label[0]} text={label[1]} inpaint={label[2]} ({len(ds)} images)")
            res, bres = evaluate_dataset(ds, pipe, baseline=Baseline(pipe) if baseline else None,
                                          readers=readers, log=log)
            for m in METRICS:
                if m in res or (bres and m in bres):
                    v, n = res.get(m, (float("nan"), 0))
                    b = bres.get(m, (float("nan"), 0))[0] if bres else float("nan")
                    rows.append(Row(ds.name, *label, m, n, v, b))
    return rows
