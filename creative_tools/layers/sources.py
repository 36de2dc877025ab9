"""What goes on the layers: one :class:`Source` per person, text block or object.

A source says which pixels are the thing (``claim``) and how opaque it probably is
(``prior``, e.g. the person probability map). :func:`sources_from_result` builds them
from a pipeline :class:`~creative_tools.pipeline.Result`; any other mask source (the
``objects`` stage, a hand-drawn mask) plugs in by adding :class:`Source` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import cv2
import numpy as np
from scipy import ndimage

from .stack import KINDS
from .text_attrs import TextReader, group_lines, join_lines, read_lines

__all__ = ["Source", "person_sources", "text_sources", "object_sources", "sources_from_result"]


@dataclass
class Source:
    """One thing to put on its own layer.

    Attributes
    ----------
    kind : str
        ``person``, ``text`` or ``object`` (see :data:`~creative_tools.layers.stack.KINDS`).
    claim : (H, W) bool
        The pixels that are this thing (its mask before dilation).
    prior : (H, W) float32 in [0, 1] or None
        Prior alpha (a probability map); None: the claim itself.
    attrs : dict
        JSON-ready labels copied onto the layer (``score``, ``object_kind``, ...).
    polygons : list of (4, 2) float32
        Text lines (text sources only).
    """

    kind: str
    claim: np.ndarray
    prior: np.ndarray | None = None
    attrs: dict = field(default_factory=dict)
    polygons: list = field(default_factory=list)

    def __post_init__(self):
        if self.kind not in KINDS or self.kind == "background":
            raise ValueError(f"Source kind must be one of {KINDS[1:]}, got {self.kind!r}")


def person_sources(prob: np.ndarray | None, mask: np.ndarray, *, min_area: int = 64) -> list[Source]:
    """One source per connected component of the person mask (score = its mean probability)."""
    if mask is None or not mask.any():
        return []
    n, lab, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    prior = mask.astype(np.float32) if prob is None else prob.astype(np.float32)
    out = []
    for i in sorted(range(1, n), key=lambda i: (stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP])):
        if stats[i, cv2.CC_STAT_AREA] < min_area:
            continue
        comp = lab == i
        out.append(Source("person", comp, prior, {"score": round(float(prior[comp].mean()), 4)}))
    return out


def text_sources(image: np.ndarray, detection, text_mask: np.ndarray, *,
                 recognizer: TextReader | None = None) -> list[Source]:
    """One source per text block (lines grouped by :func:`group_lines`).

    The glyph mask's pixels go to the block whose line polygon holds them, or to the
    nearest one. With a ``recognizer`` each line's string and confidence are read.
    """
    if detection is None or not len(detection.polygons):
        return []
    polys = [np.asarray(p, np.float32).reshape(-1, 2) for p in detection.polygons]
    scores = np.asarray(detection.scores, np.float32)
    read = read_lines(recognizer, image, polys) if recognizer is not None else [(None, None)] * len(polys)
    blocks = group_lines(polys)
    H, W = text_mask.shape
    lab = np.zeros((H, W), np.int32)
    for b, idx in enumerate(blocks, start=1):
        for i in idx:
            cv2.fillPoly(lab, [np.round(polys[i]).astype(np.int32)], b)
    if (lab > 0).any():
        _, (iy, ix) = ndimage.distance_transform_edt(lab == 0, return_indices=True)
        nearest = lab[iy, ix]
    else:
        nearest = lab
    out = []
    for b, idx in enumerate(blocks, start=1):
        claim = text_mask & (nearest == b)
        lines = []
        for i in idx:
            t, c = read[i]
            rec = {"quad": np.round(polys[i], 1).tolist(), "score": round(float(scores[i]), 4)}
            if t is not None:
                rec = {"text": t, "confidence": round(float(c), 4), **rec}
            lines.append(rec)
        attrs = {"text": join_lines([polys[i] for i in idx], [li.get("text", "") for li in lines])
                 if recognizer else None, "lines": lines}
        out.append(Source("text", claim, None, attrs, [polys[i] for i in idx]))
    return out


def object_sources(objects) -> list[Source]:
    """Sources from an ``objects`` stage's output (duck-typed, so it plugs in as it lands).

    ``objects`` is an :class:`~creative_tools.objects.base.ObjectDetection` (its
    ``proposals``) or a list. Each item may be a :class:`Source`, or a mapping / object
    (an ``ObjectProposal``) with a ``mask`` (H, W) bool,
    and optionally ``prob`` or ``alpha`` (H, W) float, ``kind`` / ``object_kind`` /
    ``label`` (str) and ``score`` (float).
    """
    if objects is not None and hasattr(objects, "proposals"):  # an ObjectDetection
        objects = objects.proposals
    out = []
    for o in objects or ():
        if isinstance(o, Source):
            out.append(o)
            continue
        get = o.get if isinstance(o, dict) else (lambda k, d=None, o=o: getattr(o, k, d))
        mask = get("mask")
        if mask is None or not np.asarray(mask).any():
            continue
        prior = get("prob", None)
        if prior is None:
            prior = get("alpha", None)
        attrs = {"object_kind": get("object_kind", None) or get("kind", None) or get("label", None) or "object"}
        if get("score", None) is not None:
            attrs["score"] = round(float(get("score")), 4)
        out.append(Source("object", np.asarray(mask, bool), None if prior is None else np.asarray(prior, np.float32),
                          attrs))
    return out


def sources_from_result(result, *, recognizer: TextReader | None = None,
                        extra: Sequence[Source] = ()) -> list[Source]:
    """Every source of a pipeline result, bottom to top: objects, people, text.

    Parameters
    ----------
    result : creative_tools.pipeline.Result
        Reads ``person_prob``, ``person_mask``, ``text``, ``text_mask`` and, when the
        result has them, ``objects``.
    recognizer : TextReader, optional
        Reads the text lines; None leaves ``text`` unset.
    extra : list of Source
        More sources (placed by kind with the others).
    """
    src = object_sources(getattr(result, "objects", None))
    src += person_sources(result.person_prob, result.person_mask)
    src += text_sources(result.image, result.text, result.text_mask, recognizer=recognizer)
    src += list(extra)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(src, key=lambda s: order[s.kind])  # stable: keeps order within a kind
