"""The end-to-end job: people + text -> one mask -> the clean background.

The stages are separate, batched methods of :class:`Pipeline` so a scheduler (a
notebook, the CLI, a Dask task) can run or cache them independently:

``segment_people(images)`` -> ``detect_text(images)`` -> ``merge_masks(...)`` ->
``inpaint(images, masks)``. :meth:`Pipeline.run_batch` chains them. A pipeline keeps its
loaded models and nothing else: no global state, safe to reuse across images.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Sequence

import numpy as np

from . import masks as M
from .contract import check_image
from .errors import ContractError
from .registry import load, spec
from .text.base import TextDetection

__all__ = ["PipelineConfig", "Pipeline", "Result", "recover_background"]

DEFAULTS = {"person": "mediapipe", "text": "ppocr", "objects": None, "inpaint": "auto"}


@dataclass(frozen=True)
class PipelineConfig:
    """Every parameter of a pipeline run, with its default.

    Attributes
    ----------
    person, text, objects, inpaint : str or None
        Backend names (see ``python -m creative_tools backends``); None skips that source.
        ``objects`` (badges, buttons, logos, products) is off by default: see the README,
        "Unknown artifacts", for the measurement behind that.
    person_threshold : float
        Person probability cut-off.
    person_dilate, text_dilate, objects_dilate : int or None
        Dilation of each source's mask in pixels before the union. None scales with the
        image: long side / 200 for people (5 px at 1024), / 400 for text (3 px at 1024),
        / 250 for objects (4 px at 1024), at least 1.
    objects_kinds : list of str or None
        Object kinds to remove (``logo``, ``badge``, ``button``, ``product``, ``other``);
        None = all.
    close : int
        Closing radius on the union (bridges hairline gaps between sources).
    min_area : int
        Components of the union smaller than this many pixels are dropped.
    device : str
        torch device for torch backends (``cpu``, ``cuda``, ``cuda:1``).
    person_options, text_options, objects_options, inpaint_options : dict
        Extra keyword options for each backend's constructor.
    """

    person: str | None = DEFAULTS["person"]
    text: str | None = DEFAULTS["text"]
    objects: str | None = DEFAULTS["objects"]
    inpaint: str = DEFAULTS["inpaint"]
    person_threshold: float = 0.5
    person_dilate: int | None = None
    text_dilate: int | None = None
    objects_dilate: int | None = None
    objects_kinds: list | None = None
    close: int = 0
    min_area: int = 16
    device: str = "cpu"
    person_options: dict = field(default_factory=dict)
    text_options: dict = field(default_factory=dict)
    objects_options: dict = field(default_factory=dict)
    inpaint_options: dict = field(default_factory=dict)

    def __post_init__(self):
        if not 0.0 <= self.person_threshold <= 1.0:
            raise ContractError(f"person_threshold must lie in [0, 1], got {self.person_threshold}")
        for name in ("person_dilate", "text_dilate", "objects_dilate"):
            v = getattr(self, name)
            if v is not None and (not isinstance(v, (int, np.integer)) or v < 0):
                raise ContractError(f"{name} must be a non-negative int or None, got {v!r}")
        for name in ("close", "min_area"):
            v = getattr(self, name)
            if not isinstance(v, (int, np.integer)) or v < 0:
                raise ContractError(f"{name} must be a non-negative int, got {v!r}")
        if self.person is None and self.text is None and self.objects is None:
            raise ContractError("at least one of person, text and objects must be a backend name")
        if self.objects_kinds is not None:
            from .objects.base import parse_kinds

            try:
                kinds = list(parse_kinds(self.objects_kinds))
            except ValueError as e:
                raise ContractError(str(e)) from None
            object.__setattr__(self, "objects_kinds", kinds)

    @classmethod
    def from_dict(cls, d: dict) -> "PipelineConfig":
        """Build from a dict (a YAML file); unknown keys raise, listing the valid ones."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - names)
        if unknown:
            raise ContractError(f"unknown pipeline option(s) {unknown}; valid: {sorted(names)}")
        return cls(**d)

    def to_dict(self) -> dict:
        return asdict(self)

    def dilation(self, shape: tuple[int, int]) -> dict[str, int]:
        """The per-source dilation radii for an image of ``shape``."""
        long_side = max(shape[:2])
        auto = {"person": max(1, round(long_side / 200)), "text": max(1, round(long_side / 400)),
                "objects": max(1, round(long_side / 250))}
        return {
            "person": auto["person"] if self.person_dilate is None else int(self.person_dilate),
            "text": auto["text"] if self.text_dilate is None else int(self.text_dilate),
            "objects": auto["objects"] if self.objects_dilate is None else int(self.objects_dilate),
        }


@dataclass
class Result:
    """Everything a run produced for one creative.

    Attributes
    ----------
    image, background : (H, W, 3) uint8
        The input and the recovered background (same size; unmasked pixels identical).
    mask, person_mask, text_mask : (H, W) bool
        The merged fill mask and each source's own mask (before dilation).
    object_mask : (H, W) bool
        The objects source's mask (all False when objects are off).
    objects : ObjectDetection or None
        The artifact proposals (box, area, score, kind) when the objects source ran.
    person_prob : (H, W) float32 or None
    text : TextDetection or None
        Polygons, scores and the text probability map.
    backends : dict
        Backend name per stage.
    params : dict
        The full :class:`PipelineConfig` and the dilation radii used.
    timings : dict
        Seconds per stage (``person``, ``text``, ``objects``, ``merge``, ``inpaint``, ``total``).
    """

    image: np.ndarray
    background: np.ndarray
    mask: np.ndarray
    person_mask: np.ndarray
    text_mask: np.ndarray
    person_prob: np.ndarray | None
    text: TextDetection | None
    backends: dict
    params: dict
    timings: dict
    object_mask: np.ndarray | None = None
    objects: Any = None

    def __post_init__(self):
        if self.object_mask is None:
            self.object_mask = np.zeros(self.image.shape[:2], bool)

    def summary(self) -> dict:
        """JSON-ready record: backends, parameters, timings, areas, text polygons."""
        polys = [] if self.text is None else [
            {"points": np.round(p, 2).tolist(), "score": round(float(s), 4)}
            for p, s in zip(self.text.polygons, self.text.scores)
        ]
        return {
            "size": {"height": int(self.image.shape[0]), "width": int(self.image.shape[1])},
            "backends": dict(self.backends),
            "params": self.params,
            "timings_s": {k: round(v, 4) for k, v in self.timings.items()},
            "area": {
                "mask": M.area_stats(self.mask),
                "person": M.area_stats(self.person_mask),
                "text": M.area_stats(self.text_mask),
                "objects": M.area_stats(self.object_mask),
            },
            "text_polygons": polys,
            "objects": [] if self.objects is None else [p.summary() for p in self.objects.proposals],
        }

    def overlay(self, *, alpha: float = 0.5) -> np.ndarray:
        """The creative with people in red, text in blue, objects in magenta over it (RGB uint8)."""
        from .viz import overlay

        return overlay(self.image, {"person": self.person_mask, "text": self.text_mask,
                                    "objects": self.object_mask}, alpha=alpha)


class Pipeline:
    """Loaded backends plus a :class:`PipelineConfig`.

    Parameters
    ----------
    config : PipelineConfig, optional
    **options
        Fields of :class:`PipelineConfig`, overriding ``config``.

    Examples
    --------
    >>> p = Pipeline(person=None, text="ppocr", inpaint="telea")  # doctest: +SKIP
    >>> result = p.run(image)  # doctest: +SKIP
    """

    def __init__(self, config: PipelineConfig | None = None, **options):
        base = (config or PipelineConfig()).to_dict()
        base.update(options)
        self.config = PipelineConfig.from_dict(base)
        c = self.config
        self.person_model = self._load("person", c.person, c.person_options) if c.person else None
        self.text_model = self._load("text", c.text, c.text_options) if c.text else None
        self.objects_model = self._load("objects", c.objects, c.objects_options) if c.objects else None
        self.inpainter = self._load("inpaint", c.inpaint, c.inpaint_options)

    def _load(self, task: str, name: str, options: dict):
        opts = dict(options)
        if task == "person":
            opts.setdefault("threshold", self.config.person_threshold)
        if task == "objects" and self.config.objects_kinds is not None:
            opts.setdefault("kinds", self.config.objects_kinds)
        if "torch" in spec(task, name).requires:  # torch backends take a device option
            opts.setdefault("device", self.config.device)
        return load(task, name, **opts)

    @property
    def backends(self) -> dict:
        c = self.config
        return {"person": c.person, "text": c.text, "objects": c.objects, "inpaint": c.inpaint}

    # -- stages ---------------------------------------------------------------------------
    def segment_people(self, images: Sequence[np.ndarray]) -> list[np.ndarray | None]:
        """Person probability maps (None for every image when people are skipped)."""
        if self.person_model is None:
            return [None] * len(images)
        return self.person_model.probability_batch(images)

    def detect_text(self, images: Sequence[np.ndarray]) -> list[TextDetection | None]:
        """Text detections (None for every image when text is skipped)."""
        if self.text_model is None:
            return [None] * len(images)
        return self.text_model.detect_batch(images)

    def detect_objects(self, images: Sequence[np.ndarray], texts: Sequence[TextDetection | None] | None = None,
                       person_masks: Sequence[np.ndarray] | None = None) -> list:
        """Artifact proposals per image (:class:`~creative_tools.objects.ObjectDetection`,
        None for every image when objects are skipped). The text detections and person
        masks, when given, let text inside a badge or beside a logo mark join it and keep
        people and text out of the objects."""
        if self.objects_model is None:
            return [None] * len(images)
        return self.objects_model.detect_batch(images, texts=texts, person_masks=person_masks)

    def person_masks(self, probs: Sequence[np.ndarray | None], images) -> list[np.ndarray]:
        t = self.config.person_threshold
        return [np.zeros(im.shape[:2], bool) if p is None else p > t for p, im in zip(probs, images)]

    def merge_masks(self, person_mask: np.ndarray, text_mask: np.ndarray,
                    object_mask: np.ndarray | None = None) -> np.ndarray:
        """The fill mask: each source dilated by its radius, united, cleaned."""
        c = self.config
        masks = {"person": person_mask, "text": text_mask}
        if object_mask is not None:
            masks["objects"] = object_mask
        return M.merge(masks, dilate_px=c.dilation(person_mask.shape), close_px=c.close, min_area=c.min_area)

    def inpaint(self, images: Sequence[np.ndarray], fill_masks: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Backgrounds with the masks filled (unmasked pixels untouched)."""
        return self.inpainter.inpaint_batch(images, fill_masks)

    # -- whole runs -------------------------------------------------------------------------
    def run_batch(self, images: Sequence[np.ndarray]) -> list[Result]:
        """Run every stage on a batch; timings are per image (batch time / n)."""
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        n = max(1, len(images))
        t = {}
        t0 = time.perf_counter()
        probs = self.segment_people(images)
        t["person"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        texts = self.detect_text(images)
        t["text"] = time.perf_counter() - t0
        pms = self.person_masks(probs, images)
        t0 = time.perf_counter()
        objs = self.detect_objects(images, texts, pms)
        if self.objects_model is not None:
            t["objects"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        tms = [np.zeros(im.shape[:2], bool) if d is None else d.mask for d, im in zip(texts, images)]
        oms = [np.zeros(im.shape[:2], bool) if o is None else o.mask for o, im in zip(objs, images)]
        fills = [self.merge_masks(p, q, o) for p, q, o in zip(pms, tms, oms)]
        t["merge"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        backs = self.inpaint(images, fills)
        t["inpaint"] = time.perf_counter() - t0
        per = {k: v / n for k, v in t.items()}
        per["total"] = sum(per.values())
        out = []
        for im, bg, fill, pm, tm, prob, det, om, ob in zip(images, backs, fills, pms, tms, probs, texts, oms, objs):
            params = self.config.to_dict()
            params["dilation_px"] = self.config.dilation(im.shape)
            out.append(Result(im, bg, fill, pm, tm, prob, det, self.backends, params, dict(per),
                              object_mask=om, objects=ob))
        return out

    def run(self, image: np.ndarray) -> Result:
        """Run every stage on one image."""
        return self.run_batch([image])[0]

    __call__ = run

    def __repr__(self) -> str:
        return f"<Pipeline {self.backends}>"


def recover_background(image: np.ndarray, **options: Any) -> Result:
    """One-off call: load the backends, run the pipeline on ``image``.

    For many images build a :class:`Pipeline` once and call it (models stay loaded).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    **options
        Fields of :class:`PipelineConfig` (backends, thresholds, dilation, ...).

    Returns
    -------
    Result
    """
    return Pipeline(**options).run(image)
