"""The "Done when" scoreboard of issues 8 and 9: every goal, every set, one table.

Each criterion is measured with the default CLI pipeline (``Pipeline()``; issue 9 with
``objects="auto"``) on the sets the issue names, with the metric definitions of
:mod:`.metrics`, :mod:`.residual` and :mod:`.objects`:

* person IoU (mean over creatives with people; VOC: void band ignored) and, on every
  creative *without* people, the share of its pixels marked person: the issue's "no
  creative gets more than 0.5 %" is scored per image (how many exceed it, and the worst);
* residual text (:func:`.residual.residual_words`, pooled over the words legible in the
  input) on the synthetic ads and ICDAR 2015; on the real ads without labels the
  label-free :func:`.residual.self_check` with PP-OCRv6-small detector boxes;
* glyph recall and precision (mean over creatives with text);
* PSNR inside the true removal region (of the mean per-image MSE) now and at the issue's
  "before" commit, on the same images, scored by the same code here (the old pipeline
  only renders the backgrounds, :data:`BEFORE_SNIPPET`);
* the artifact metrics of :mod:`.objects` (issue 9), and false object pixels per image
  on creatives without artifacts (the hard sets' animal, surface and pattern negatives;
  the VOC / ICDAR photos and ``data/``).

:func:`score_creatives` returns one record per image; :func:`summarise` turns records
into set figures; :func:`criteria` into table rows with goals and a yes/no. The command
is ``scripts/done_when.py`` (it also writes the synthetic sets).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from . import metrics as E
from .datasets import Dataset
from .residual import Residual, residual_words, self_check

__all__ = ["Goal", "GOALS", "score_creatives", "summarise", "score_icdar", "score_voc", "score_ads",
           "score_no_artifacts", "render_before", "before_psnr", "criteria", "format_table", "write_json",
           "BEFORE_SNIPPET"]

NEGATIVE_PERSON_FRAC = 0.005  # issue 8: "more than 0.5 % of its pixels marked as person"


@dataclass(frozen=True)
class Goal:
    """One "Done when" criterion: issue, words, comparison and threshold."""

    key: str
    issue: int
    text: str
    op: str  # ">=" or "<="
    threshold: float
    unit: str = ""

    def met(self, value: float) -> bool | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return value >= self.threshold if self.op == ">=" else value <= self.threshold

    @property
    def goal(self) -> str:
        t = self.threshold
        return f"{self.op} {t * 100:g} %" if self.unit == "%" else f"{self.op} {t:g}{self.unit}"


GOALS = [
    Goal("person_iou", 8, "person IoU, creatives with people", ">=", 0.92),
    Goal("person_iou_voc", 8, "person IoU, VOC photos", ">=", 0.85),
    Goal("negatives_over", 8, "creatives without people over 0.5 % person pixels (count / n; worst)", "<=", 0),
    Goal("residual_synthetic", 8, "residual text, synthetic ads (legible words left / legible)", "<=", 0.03, "%"),
    Goal("residual_icdar", 8, "residual text, ICDAR 2015", "<=", 0.08, "%"),
    Goal("residual_ads", 8, "real ads self-check (pseudo-words still legible; label-free, no goal in the issue)",
         "<=", 0.03, "%"),
    Goal("residual_chars", 8, "characters still read after removal, of the legible words (info; CJK lines "
                              "count whole above)", "<=", 0.03, "%"),
    Goal("glyph_recall", 8, "glyph recall", ">=", 0.98),
    Goal("glyph_precision", 8, "glyph precision", ">=", 0.95),
    Goal("psnr_before", 8, "PSNR inside the removed region (dB), before = d424cf8", ">=", -math.inf),
    Goal("psnr_now", 8, "PSNR inside the removed region (dB), now", ">=", -math.inf),
    Goal("psnr_gain", 8, "PSNR gain now - before (dB)", ">=", 1.5, " dB"),
    Goal("speed_ratio", 8, "default CLI / naive script time (bench speed --typical)", "<=", 1.5, "x"),
    Goal("artifacts_removed_90", 9, "artifacts >= 90 % removed (share; --objects auto)", ">=", 0.95),
    Goal("artifact_px_removed", 9, "artifact pixels removed", ">=", 0.97),
    Goal("fill_precision", 9, "fill precision (fill within the truth grown by the largest dilation; strict: "
                              "within the truth)", ">=", 0.85),
    Goal("click_iou", 9, "one click: mean IoU", ">=", 0.9),
    Goal("click_seconds", 9, "one click: seconds per click (median, 2 cores)", "<=", 0.3, " s"),
    Goal("false_object_max", 9, "creatives without artifacts: false object pixels (worst image; mean)", "<=", 0.01,
         "%"),
]
INFO_ONLY = {"psnr_before", "psnr_now", "residual_ads", "residual_chars"}  # shown, not judged


# ---------------------------------------------------------------------------------------
# Synthetic creatives (data/ layout): one record per image
# ---------------------------------------------------------------------------------------
def score_creatives(ds: Dataset, pipe, *, readers=None, log=None) -> list[dict]:
    """Run ``pipe`` on every creative of ``ds``; one record of raw scores per image.

    Returns
    -------
    list of dict
        ``name``, ``family``; ``person_iou`` (creatives with people) or ``person_frac``
        (without); ``glyph_recall`` / ``glyph_precision`` (with text truth);
        ``words`` / ``legible`` / ``residual`` counts and the words left legible
        (with labelled words and ``readers``); ``mse_removed`` (with a clean
        background and a non-empty removal region); ``seconds``.
    """
    import time

    out = []
    for i, s in enumerate(ds):
        t0 = time.perf_counter()
        r = pipe.run(s.image)
        rec = {"name": s.name, "family": s.meta.get("family", ""), "seconds": time.perf_counter() - t0}
        if s.person is not None:
            if s.person.any():
                rec["person_iou"] = E.mask_iou(r.person_mask, s.person, ignore=s.person_ignore)
            else:
                rec["person_frac"] = float(r.person_mask.mean())
        if s.text is not None and s.text.any():
            rec["glyph_recall"] = E.glyph_recall(r.text_mask, s.text)
            rec["glyph_precision"] = E.glyph_precision(r.text_mask, s.text)
        if readers and s.words:
            res = residual_words(readers, s.image, r.background, s.words, s.transcriptions)
            rec.update(words=res.words, legible=res.legible, residual=res.residual,
                       left=[w.label for w in res.readings if w.legible_after],
                       chars=res.chars, chars_left=res.chars_left)
        if s.background is not None and s.removal.any():
            rec["mse_removed"] = E.mse(r.background, s.background, region=s.removal)
        out.append(rec)
        if log is not None:
            log(f"  {ds.name} {i + 1}/{len(ds)} {s.name}")
    return out


def _mean(vals) -> float:
    vals = [v for v in vals if v is not None and not math.isnan(v)]
    return float(np.mean(vals)) if vals else float("nan")


def summarise(records: Sequence[dict]) -> dict:
    """Set figures from :func:`score_creatives` records (keys as in :data:`GOALS`).

    Values are ``(value, n, detail)``: ``detail`` is a short string for the table.
    """
    out = {}
    ious = [r["person_iou"] for r in records if "person_iou" in r]
    if ious:
        out["person_iou"] = (_mean(ious), len(ious), f"min {min(ious):.3f}")
    negs = [r["person_frac"] for r in records if "person_frac" in r]
    if negs:
        over = sum(f > NEGATIVE_PERSON_FRAC for f in negs)
        out["negatives_over"] = (float(over), len(negs), f"{over}/{len(negs)}; worst {100 * max(negs):.2f} %")
    legible = sum(r.get("legible", 0) for r in records)
    if any("legible" in r for r in records):
        left = sum(r.get("residual", 0) for r in records)
        out["residual_synthetic"] = (left / legible if legible else float("nan"), legible, f"{left}/{legible}")
    if any("chars" in r for r in records):
        n, k = sum(r.get("chars", 0) for r in records), sum(r.get("chars_left", 0) for r in records)
        out["residual_chars"] = (k / n if n else float("nan"), n, f"{k}/{n}")
    gr = [r["glyph_recall"] for r in records if "glyph_recall" in r]
    if gr:
        out["glyph_recall"] = (_mean(gr), len(gr), "")
        out["glyph_precision"] = (_mean([r["glyph_precision"] for r in records if "glyph_precision" in r]), len(gr), "")
    mses = [r["mse_removed"] for r in records if "mse_removed" in r]
    if mses:
        out["psnr_now"] = (E.psnr_from_mse(float(np.mean(mses))), len(mses), "")
    return out


# ---------------------------------------------------------------------------------------
# Public sets
# ---------------------------------------------------------------------------------------
def score_icdar(ds: Dataset, pipe, readers, *, log=None) -> dict:
    """Residual text on ICDAR 2015: text stage, its fill mask inpainted (as ``bench quality``)."""
    total = Residual()
    for i, s in enumerate(ds):
        det = pipe.detect_text([s.image])[0]
        removed = pipe.merge_masks(np.zeros_like(det.mask), det.mask)
        bg = pipe.inpaint([s.image], [removed])[0]
        total = total + residual_words(readers, s.image, bg, s.words, s.transcriptions)
        if log is not None:
            log(f"  icdar15 {i + 1}/{len(ds)} {s.name}")
    return {"residual_icdar": (total.rate, total.legible, f"{total.residual}/{total.legible}"),
            "residual_chars": (total.char_rate, total.chars, f"{total.chars_left}/{total.chars}")}


def score_voc(ds: Dataset, pipe, *, log=None) -> dict:
    """Person IoU (void ignored) and the no-person photos on VOC: the person stage only."""
    ious, negs = [], []
    for s in ds:
        pm = pipe.person_masks(pipe.segment_people([s.image]), [s.image])[0]
        if s.person.any():
            ious.append(E.mask_iou(pm, s.person, ignore=s.person_ignore))
        else:
            negs.append(float(pm[~s.person_ignore].mean()) if s.person_ignore is not None else float(pm.mean()))
        if log is not None:
            log(f"  voc {s.name}")
    out = {}
    if ious:
        out["person_iou_voc"] = (_mean(ious), len(ious), f"min {min(ious):.3f}")
    if negs:
        over = sum(f > NEGATIVE_PERSON_FRAC for f in negs)
        out["negatives_over"] = (float(over), len(negs), f"{over}/{len(negs)} (VOC); worst {100 * max(negs):.2f} %")
    return out


def score_ads(paths: Sequence[Path], pipe, readers, checker, *, log=None) -> dict:
    """Label-free self-check on real ads: ``checker``'s boxes read >= 0.8 as pseudo-labels.

    ``pipe`` (the default CLI) makes the background; ``checker`` is a text backend
    independent of the default detector (PP-OCRv6 small).
    """
    from ..io import load_image

    total = Residual()
    for p in paths:
        im = load_image(p)
        bg = pipe.run(im).background
        polys = checker.detect_text([im])[0].polygons
        total = total + self_check(readers, im, bg, polys)
        if log is not None:
            log(f"  ads {p.name}")
    return {"residual_ads": (total.rate, total.legible, f"{total.residual}/{total.legible} pseudo-words"),
            "residual_chars": (total.char_rate, total.chars, f"{total.chars_left}/{total.chars}")}


def score_no_artifacts(items, pipe, *, log=None) -> dict:
    """False object pixels per image on creatives without artifacts (``(name, image, known)`` items).

    ``known`` (H, W) bool marks true person / text pixels (not false), or None.
    """
    fracs = []
    for name, image, known in items:
        texts = pipe.detect_text([image])
        pms = pipe.person_masks(pipe.segment_people([image]), [image])
        det = pipe.detect_objects([image], texts, pms)[0]
        om = np.zeros(image.shape[:2], bool) if det is None else det.mask
        fracs.append(float((om if known is None else om & ~known).mean()))
        if log is not None:
            log(f"  no artifacts {name}: {fracs[-1]:.4f}")
    if not fracs:
        return {}
    return {"false_object_max": (max(fracs), len(fracs), f"mean {100 * float(np.mean(fracs)):.2f} %")}


# ---------------------------------------------------------------------------------------
# Before: the old commit renders backgrounds, this code scores them
# ---------------------------------------------------------------------------------------
#: Run with ``python -c`` inside a checkout of the old commit: argv = folders..., out root.
BEFORE_SNIPPET = r"""
import os, re, sys, pathlib, numpy as np
from PIL import Image
from creative_tools.pipeline import Pipeline
*folders, out = sys.argv[1:]
limit = int(os.environ.get("CT_BEFORE_LIMIT") or 0) or None
pipe = Pipeline()
for f in map(pathlib.Path, folders):
    dest = pathlib.Path(out) / f.name
    dest.mkdir(parents=True, exist_ok=True)
    for t in sorted((f / "truth").iterdir(), key=lambda p: [int(x) if x.isdigit() else x
                                                                for x in re.split(r"(\d+)", p.name)])[:limit]:
        p = f / (t.name + ".png")
        if not p.is_file() or (dest / p.name).is_file():
            continue
        im = np.asarray(Image.open(p).convert("RGB"))
        Image.fromarray(pipe.run(im).background).save(dest / p.name)
        print("before", f.name, p.name, flush=True)
"""


def render_before(checkout: Path, folders: Sequence[Path], out: Path, *, python: str | None = None,
                  nice: int = 10, limit: int | None = None) -> None:
    """Render the backgrounds of ``folders`` with the pipeline of another checkout.

    Images already rendered under ``out`` are kept; ``limit`` renders only the first
    ``limit`` creatives of each folder (in the order :func:`.datasets.creatives` reads them).

    Raises
    ------
    RuntimeError
        When the old pipeline fails (its stderr tail in the message).
    """
    env = dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()), CT_BEFORE_LIMIT=str(limit or ""))
    paths = [str(Path(f).resolve()) for f in folders] + [str(Path(out).resolve())]  # it runs in the checkout
    cmd = ["nice", "-n", str(nice), python or sys.executable, "-c", BEFORE_SNIPPET, *paths]
    p = subprocess.run(cmd, cwd=str(checkout), env=env, capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"the pipeline at {checkout} failed (exit {p.returncode}): {p.stderr[-2000:]}")


def before_psnr(ds: Dataset, rendered: Path) -> tuple[float, int]:
    """PSNR inside the true removal region of backgrounds rendered by :func:`render_before`."""
    from ..io import load_image

    mses = []
    for s in ds:
        p = Path(rendered) / f"{s.name}.png"
        if s.background is None or not s.removal.any() or not p.is_file():
            continue
        mses.append(E.mse(load_image(p), s.background, region=s.removal))
    return (E.psnr_from_mse(float(np.mean(mses))) if mses else float("nan")), len(mses)


# ---------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------
def _fmt(key: str, v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if key == "negatives_over":
        return ""
    g = next(g for g in GOALS if g.key == key)
    if g.unit == "%":
        return f"{100 * v:.1f} %" if key != "false_object_max" else f"{100 * v:.2f} %"
    if key.startswith("psnr") or key == "speed_ratio":
        return f"{v:+.2f}" if key == "psnr_gain" else f"{v:.2f}"
    if key == "click_seconds":
        return f"{v:.3f}"
    return f"{v:.3f}"


def criteria(results: dict, columns: Sequence[str]) -> list[dict]:
    """Rows of the table: one per goal that has a value in some column.

    Parameters
    ----------
    results : dict
        column -> {goal key -> (value, n, detail)} (several public sets may share the
        ``public`` column as a list of ``(label, figures)``).
    columns : sequence of str

    Returns
    -------
    list of dict
        ``criterion``, ``goal``, one cell string per column, ``met`` ("yes" / "no" / "-").
    """
    rows = []
    for g in GOALS:
        cells, verdicts = {}, []
        for c in columns:
            parts = []
            for label, figs in results.get(c, []):
                if g.key not in figs:
                    continue
                v, n, detail = figs[g.key]
                ok = None if g.key in INFO_ONLY else g.met(v)
                if ok is not None:
                    verdicts.append(ok)
                mark = "" if ok is None else (" ✓" if ok else " ✗")
                text = " ".join(t for t in (_fmt(g.key, v), f"({detail})" if detail else "") if t)
                parts.append(f"{label + ': ' if label else ''}{text}{mark}")
            cells[c] = "; ".join(parts) if parts else "-"
        if all(v == "-" for v in cells.values()):
            continue
        met = "-" if g.key in INFO_ONLY or not verdicts else ("yes" if all(verdicts) else "no")
        rows.append({"issue": g.issue, "criterion": g.text, "goal": "-" if g.key in INFO_ONLY else g.goal,
                     **cells, "met": met})
    return rows


def format_table(rows: Sequence[dict], columns: Sequence[str], *, markdown: bool = True) -> str:
    """The rows as a Markdown (or plain, tab-separated) table."""
    head = ["issue", "criterion", "goal", *columns, "met"]
    body = [[str(r[h]) for h in head] for r in rows]
    if not markdown:
        return "\n".join("\t".join(x) for x in [head, *body])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(b) + " |" for b in body]
    return "\n".join(lines)


def _plain(o):
    if isinstance(o, float) and not math.isfinite(o):
        return None
    if isinstance(o, dict):
        return {str(k): _plain(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_plain(v) for v in o]
    return o


def write_json(path: Path, obj) -> None:
    """``obj`` as JSON (NaN and infinities as null)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(obj), indent=1, default=str) + "\n")

