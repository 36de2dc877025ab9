"""The end-to-end job: people + text -> one mask -> the clean background.

The stages are separate, batched methods of :class:`Pipeline` so a scheduler (a
notebook, the CLI, a Dask task) can run or cache them independently:

``person_maps(images)`` -> ``detect_text(images)`` -> ``merge_masks(...)`` ->
``inpaint(images, masks)``. :meth:`Pipeline.run_batch` chains them. A pipeline keeps its
loaded models and nothing else: no global state, safe to reuse across images.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass
from typing import Any, Sequence

import numpy as np

from . import masks as M
from .contract import check_image
from .errors import ContractError, DeviceIgnoredWarning
from .objects.base import KINDS as OBJECT_KINDS
from .params import attributes_doc, check, check_all, param, params
from .person.base import PersonMaps
from .registry import check_backend, load, spec
from .text.base import TextDetection

__all__ = ["PipelineConfig", "Pipeline", "FillMasks", "Result", "recover_background", "fill_mask"]

DEFAULTS = {"person": "mediapipe", "text": "ppocr", "objects": None, "inpaint": "auto"}


@dataclass(frozen=True)
class PipelineConfig:
    """Every parameter of a pipeline run, each declared once, with its default.

    A field declared with :func:`~creative_tools.params.param` is, with no other edit:
    checked on construction (type, range, ``none``; one-line errors naming the field, what
    is allowed and what came in), a command-line option of ``run`` and ``report``
    (``--field-name``; ``--x-options KEY=VALUE`` for a mapping), a key of the YAML config
    (``--config``), a notebook widget when it declares ``widget=``
    (:data:`creative_tools.widgets.CONTROLS`), a line of this docstring, and the text the
    notebooks' parameter comments are checked against.

    **Adding a parameter, in this one place.** Add a field here, e.g.::

        text_min_score: float = param(0.0, kind="float", low=0, high=1,
                                      widget=("float", 0.0, 1.0, 0.05),
                                      help="drop text regions scored below this")

    then use it where the pipeline runs (``self.config.text_min_score``). ``kind`` is one
    of ``backend`` (with ``task=``; ``nullable=True`` lets ``none`` switch the source off),
    ``options`` (keyword options of the ``task`` backend), ``float``, ``int``, ``str``,
    ``bool``, ``choice`` (one of ``choices=``), ``list`` (some of ``choices=``; comma-separated
    on the command line); ``low``/``high`` bound numbers; a nullable
    number says what None means with ``none_means=``. A new backend task also needs its
    name in :mod:`creative_tools.registry`. Run-level options (``--out``, ``--workers``,
    ``--skip-existing`` ...) are not pipeline parameters and stay in :mod:`creative_tools.cli`.
    A notebook that exposes the parameter copies ``creative_tools.params.notebook_line``'s
    line into its parameters cell (``tests/notebooks`` checks it is the same).

{attributes}
    """

    person: str | None = param(DEFAULTS["person"], kind="backend", task="person", nullable=True,
                               widget=("dropdown",), help="person backend")
    text: str | None = param(DEFAULTS["text"], kind="backend", task="text", nullable=True,
                             widget=("dropdown",), help="text backend")
    objects: str | None = param(DEFAULTS["objects"], kind="backend", task="objects", nullable=True,
                                widget=("dropdown",),
                                help="objects backend for badges, buttons, logos, products (README: Unknown artifacts)")
    inpaint: str = param(DEFAULTS["inpaint"], kind="backend", task="inpaint", widget=("dropdown",),
                         help="inpaint backend")
    person_threshold: float = param(0.5, kind="float", low=0, high=1, widget=("float", 0.0, 1.0, 0.05),
                                    help="person probability cut-off: higher gives a tighter mask, fewer false people")
    person_dilate: int | None = param(None, kind="int", low=0, nullable=True, none_means="long side / 200",
                                      widget=("int", 0, 40, 1), help="person mask dilation in pixels")
    text_dilate: int | None = param(None, kind="int", low=0, nullable=True, none_means="long side / 250",
                                    widget=("int", 0, 20, 1), help="text mask dilation in pixels")
    objects_dilate: int | None = param(None, kind="int", low=0, nullable=True, none_means="long side / 250",
                                       widget=("int", 0, 40, 1),
                                       help="objects mask dilation in pixels (auto's neon halo is cut to the default)")
    objects_kinds: list | None = param(None, kind="list", choices=OBJECT_KINDS, nullable=True, none_means="all",
                                       help="object kinds to remove")
    close: int = param(0, kind="int", low=0, widget=("int", 0, 20, 1),
                       help="closing radius of the merged mask in pixels: bridges gaps up to about twice this")
    min_area: int = param(16, kind="int", low=0, widget=("int", 0, 2000, 8),
                          help="drop mask components smaller than this many pixels")
    fill_holes: int = param(0, kind="int", low=0, widget=("int", 0, 5000, 50),
                            help="fill holes of the merged mask up to this many pixels (0: none)")
    device: str = param("cpu", kind="str", metavar="DEVICE",
                        help="torch device (cpu, cuda, cuda:1) for the backends that take one")
    person_options: dict = param({}, kind="options", task="person", help="extra option of the person backend")
    text_options: dict = param({}, kind="options", task="text", help="extra option of the text backend")
    objects_options: dict = param({}, kind="options", task="objects", help="extra option of the objects backend")
    inpaint_options: dict = param({}, kind="options", task="inpaint", help="extra option of the inpaint backend")

    def __post_init__(self):
        for name in params(type(self)):
            object.__setattr__(self, name, check(type(self), name, getattr(self, name)))
        if self.person is None and self.text is None and self.objects is None:
            raise ContractError("at least one of person, text and objects must be a backend name, got none for all")

    @classmethod
    def from_dict(cls, d: dict) -> "PipelineConfig":
        """Build from a dict (a YAML file); unknown keys raise, listing the valid ones."""
        return cls(**check_all(cls, d))

    def to_dict(self) -> dict:
        return asdict(self)

    def dilation(self, shape: tuple[int, int]) -> dict[str, int]:
        """The per-source dilation radii for an image of ``shape``."""
        long_side = max(shape[:2])
        auto = {"person": max(1, round(long_side / 200)), "text": max(1, round(long_side / 250)),
                "objects": max(1, round(long_side / 250))}
        return {
            "person": auto["person"] if self.person_dilate is None else int(self.person_dilate),
            "text": auto["text"] if self.text_dilate is None else int(self.text_dilate),
            "objects": auto["objects"] if self.objects_dilate is None else int(self.objects_dilate),
        }


@dataclass
class FillMasks:
    """The masks of one creative before inpainting (:meth:`Pipeline.masks`).

    Attributes
    ----------
    fill : (H, W) bool
        The merged fill mask: each source dilated by its radius, united, cleaned.
    person, text, objects : (H, W) bool
        Each source's own mask before dilation (all False when the source is off).
    person_prob : (H, W) float32 or None
    text_detection : TextDetection or None
    objects_detection : ObjectDetection or None
    person_fill : (H, W) bool
        The people the fill covers, before dilation (:meth:`Pipeline.person_fills`):
        ``person`` plus what the person backend's second map calls person (the rim
        ``refine_fine`` thins off the mask); ``person`` itself where there is none.
    """

    fill: np.ndarray
    person: np.ndarray
    text: np.ndarray
    objects: np.ndarray
    person_prob: np.ndarray | None
    text_detection: TextDetection | None
    objects_detection: Any
    person_fill: np.ndarray


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
    person_fill : (H, W) bool or None
        The people the fill covers, before dilation (:attr:`FillMasks.person_fill`:
        ``person_mask`` plus the rim a finer pass took off it), so ``mask`` can be rebuilt
        from a Result (:meth:`Pipeline.merge_masks`); None where the maker did not set it
        (a Result built by hand): then the fill's people are ``person_mask``.
    person_prob : (H, W) float32 or None
    text : TextDetection or None
        Polygons, scores and the text probability map.
    backends : dict
        Backend name per stage.
    params : dict
        The full :class:`PipelineConfig` and the dilation radii used.
    timings : dict
        Seconds per stage (``person``, ``text``, ``objects``, ``merge``, ``inpaint``),
        ``total`` (their sum) and ``wall`` (the time waited; less than ``total`` where
        the person and text stages ran side by side, :meth:`Pipeline.side_by_side`).
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
    person_fill: np.ndarray | None = None

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


def _person_map(m, field: str) -> np.ndarray:
    """``m``'s map ``field`` (``prob`` or ``fill``) when ``m`` is a :class:`PersonMaps`,
    else ``m`` itself (a bare probability map: no second map)."""
    if isinstance(m, PersonMaps):
        return getattr(m, field)
    if isinstance(m, np.ndarray):
        return m
    raise ContractError(f"a person map must be a PersonMaps, an (H, W) float32 array or None, got {type(m).__name__}")


def fill_mask(config: PipelineConfig, person_mask: np.ndarray, text_mask: np.ndarray,
              object_mask: np.ndarray | None = None) -> np.ndarray:
    """The merged fill mask under ``config``: the one place the merge parameters act.

    Each source's ``(H, W) bool`` mask is dilated by its radius (:meth:`PipelineConfig.
    dilation`), the results united, closed by ``close`` and cleared of components under
    ``min_area`` pixels. :meth:`Pipeline.merge_masks` and the notebook tuner's preview
    both call this, so a new merge parameter acts in both. ``person_mask`` is the people
    to fill: :meth:`Pipeline.person_fills` (the person mask and the rim its backend's
    finer pass thinned off it), not only :meth:`Pipeline.person_masks`.

    Returns
    -------
    (H, W) bool
    """
    c = config
    masks = {"person": person_mask, "text": text_mask}
    if object_mask is not None:
        masks["objects"] = object_mask
    radii = c.dilation(person_mask.shape)
    fill = M.merge(masks, dilate_px={k: radii[k] for k in masks}, close_px=c.close, min_area=c.min_area)
    return M.fill_holes(fill, max_area=c.fill_holes) if c.fill_holes else fill


#: The stages that load a backend, in running order (each a field naming its backend).
STAGES = ("person", "text", "objects", "inpaint")
#: When the person stage starts beside the text stage (:class:`Pipeline` ``person_start``).
PERSON_STARTS = ("after_networks", "with_text")


def backend_options(config: PipelineConfig, task: str) -> dict:
    """The keyword options ``task``'s backend is built with under ``config``.

    The ``<task>_options`` field, plus ``threshold`` for people (``person_threshold``),
    ``kinds`` for objects (``objects_kinds``, when set) and ``device`` for backends
    registered with ``accepts_device``.
    """
    opts = dict(getattr(config, f"{task}_options"))
    if task == "person":
        opts.setdefault("threshold", config.person_threshold)
    if task == "objects" and config.objects_kinds is not None:
        opts.setdefault("kinds", config.objects_kinds)
    if spec(task, getattr(config, task)).accepts_device:
        opts.setdefault("device", config.device)
    return opts


def _warn_ignored_device(config: PipelineConfig) -> None:
    if config.device == "cpu":
        return
    names = {t: getattr(config, t) for t in STAGES if getattr(config, t) is not None}
    deaf = [f"{t} {n!r}" for t, n in names.items() if not spec(t, n).accepts_device]
    if deaf:
        import warnings

        takers = [f"{t} {n!r}" for t, n in names.items() if spec(t, n).accepts_device]
        warnings.warn(f"device={config.device!r} is ignored by {', '.join(deaf)}: "
                      f"{'they run' if len(deaf) > 1 else 'it runs'} on the CPU"
                      + (f" (used by {', '.join(takers)})" if takers else
                         "; backends that take a device: python -m creative_tools backends"),
                      DeviceIgnoredWarning, stacklevel=3)


class Pipeline:
    """Backends plus a :class:`PipelineConfig`; each model loads when first needed.

    Construction checks everything that can be checked without loading a model (the
    config, the backend names, their packages and option keywords), so a bad option fails
    at once; each model is then built on first use and kept for the next call. A
    pipeline that is never run (every file already done) loads nothing. :meth:`load`
    builds them all now.

    Parameters
    ----------
    config : PipelineConfig, optional
    concurrent : bool or None
        Run the person and text stages at the same time (the person stage on a helper
        thread while the text stage runs here): they need nothing from each other, so
        the masks are the same, and each leaves the cores idle part of the time (a
        run-level option like the CLI's ``--workers``, not a :class:`PipelineConfig`
        field: it changes the time, not the result). Default None: whenever the text
        backend runs its own steps concurrently (its ``concurrent`` attribute:
        ``ppocr``'s is off at ``threads=1``, the CLI's pool workers, which share the
        cores among themselves), so a batch on 2 cores runs as before. With it on,
        :attr:`Result.timings` holds each stage's own time and ``wall``, the time the
        caller waited (less than the stages' sum).
    person_start : {"after_networks", "with_text"}
        With the stages side by side, when the person stage starts: ``"after_networks"``
        (default) once the text backend's detector networks free a core on the first
        image (``after_networks`` of :meth:`~creative_tools.text.base.TextDetector.detect_batch`:
        ``ppocr`` signals when the first of its two whole-image passes, v4 and v6 small,
        one thread each, ends; other backends count as done at once), so it runs beside
        the text stage's lighter steps (the recogniser on a few crops, the glyph masks),
        which leave a core idle, instead of taking a share of the cores from the two
        detector passes that already fill them; ``"with_text"``: at the start, beside the
        networks (session 12). The same masks either way (a run-level option, like
        ``concurrent``; measured in docs/results.md, "Speed, session 14").
    **options
        Fields of :class:`PipelineConfig`, overriding ``config``.

    Raises
    ------
    ContractError
        For a bad config field, a ``concurrent`` that is not None or a bool, or an
        unknown ``person_start``.

    Warns
    -----
    DeviceIgnoredWarning
        When ``device`` is not ``cpu`` and a backend in use takes no device (it runs on
        the CPU).

    Examples
    --------
    >>> p = Pipeline(person=None, text="ppocr", inpaint="telea")  # doctest: +SKIP
    >>> result = p.run(image)  # doctest: +SKIP
    """

    def __init__(self, config: PipelineConfig | None = None, *, concurrent: bool | None = None,
                 person_start: str = "after_networks", **options):
        base = (config or PipelineConfig()).to_dict()
        base.update(check_all(PipelineConfig, options))
        self.config = PipelineConfig.from_dict(base)
        if concurrent is not None and not isinstance(concurrent, bool):
            raise ContractError(f"concurrent must be None, True or False, got {concurrent!r}")
        self.concurrent = concurrent
        if person_start not in PERSON_STARTS:
            raise ContractError(f"person_start must be one of {list(PERSON_STARTS)}, got {person_start!r}")
        self.person_start = person_start
        self._helper = None  # (pid, ThreadPoolExecutor) of the person stage, made on first use
        self._models: dict[str, Any] = {}
        for task in STAGES:
            if getattr(self.config, task) is not None:
                check_backend(task, getattr(self.config, task), backend_options(self.config, task),
                              option_name=f"{task}_options")
        _warn_ignored_device(self.config)

    def _model(self, task: str):
        if task not in self._models:
            name = getattr(self.config, task)
            self._models[task] = None if name is None else load(task, name, **backend_options(self.config, task))
        return self._models[task]

    @property
    def person_model(self):
        """The person backend (loaded on first access), or None when people are skipped."""
        return self._model("person")

    @property
    def text_model(self):
        """The text backend (loaded on first access), or None when text is skipped."""
        return self._model("text")

    @property
    def objects_model(self):
        """The objects backend (loaded on first access), or None when objects are skipped."""
        return self._model("objects")

    @property
    def inpainter(self):
        """The inpaint backend (loaded on first access)."""
        return self._model("inpaint")

    @property
    def loaded(self) -> list[str]:
        """The stages whose model is loaded now."""
        return [t for t in STAGES if self._models.get(t) is not None]

    def load(self) -> "Pipeline":
        """Load every backend now (instead of on first use); returns self."""
        for task in STAGES:
            self._model(task)
        return self

    @property
    def backends(self) -> dict:
        c = self.config
        return {"person": c.person, "text": c.text, "objects": c.objects, "inpaint": c.inpaint}

    def side_by_side(self) -> bool:
        """Whether :meth:`masks_batch` runs the person and text stages at the same time
        (``concurrent``, or by default the text backend's own ``concurrent``); loads the
        text model to ask it."""
        if self.config.person is None or self.config.text is None:
            return False
        if self.concurrent is not None:
            return self.concurrent
        return bool(getattr(self.text_model, "concurrent", False))

    def _helper_pool(self):
        """The person stage's helper thread (made in this process on first use: a
        thread does not follow a fork)."""
        import os
        import weakref
        from concurrent.futures import ThreadPoolExecutor

        if self._helper is None or self._helper[0] != os.getpid():
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pipeline-person")
            weakref.finalize(self, pool.shutdown, wait=False)
            self._helper = (os.getpid(), pool)
        return self._helper[1]

    def _people_and_text(self, images: list, t: dict):
        """``person_maps`` and ``detect_text`` of ``images``, side by side where
        :meth:`side_by_side` says so; ``t`` receives each stage's own seconds."""

        def people():
            t0 = time.perf_counter()
            maps = self.person_maps(images)
            return maps, time.perf_counter() - t0

        if self.side_by_side():
            self.person_model  # noqa: B018 - loaded here, not raced for on the helper
            pool = self._helper_pool()
            future, closed, lock = [], [], threading.Lock()

            def start():  # called by the text backend, possibly on its helper thread
                with lock:
                    if not future and not closed:
                        future.append(pool.submit(people))

            if self.person_start == "with_text":
                start()
            try:
                t0 = time.perf_counter()
                texts = self.detect_text(images, after_networks=start)
                t["text"] = time.perf_counter() - t0
            except BaseException:
                with lock:
                    closed.append(True)  # the text stage failed: a late signal starts nothing
                if future:  # started: waited for, so nothing is left running on the helper
                    try:
                        future[0].result()
                    except Exception:
                        pass  # the text stage's error is the one raised
                raise
            start()  # the backend has signalled before returning; in case it did not
            probs, t["person"] = future[0].result()  # the person stage's error, if any, raised here
            return probs, texts
        probs, t["person"] = people()
        t0 = time.perf_counter()
        texts = self.detect_text(images)
        t["text"] = time.perf_counter() - t0
        return probs, texts

    # -- stages ---------------------------------------------------------------------------
    def person_maps(self, images: Sequence[np.ndarray]) -> list[PersonMaps | None]:
        """The person stage: :class:`~creative_tools.person.base.PersonMaps` per image
        (the person map and the map the fill takes people from; None for every image
        when people are skipped). :meth:`person_masks` and :meth:`person_fills` take
        them. A registered backend without ``maps_batch`` (one that implements only
        ``probability_batch``, as every person backend did before session 26) has one
        map: ``PersonMaps(p, p)``, the fill takes its mask."""
        if self.person_model is None:
            return [None] * len(images)
        maps_batch = getattr(self.person_model, "maps_batch", None)
        if maps_batch is None:
            return [PersonMaps(p, p) for p in self.person_model.probability_batch(images)]
        return maps_batch(images)

    def segment_people(self, images: Sequence[np.ndarray]) -> list[np.ndarray | None]:
        """Person probability maps (None for every image when people are skipped); a
        fill needs :meth:`person_maps` (:meth:`person_fills`)."""
        if self.person_model is None:
            return [None] * len(images)
        return self.person_model.probability_batch(images)

    def detect_text(self, images: Sequence[np.ndarray], *,
                    after_networks=None) -> list[TextDetection | None]:
        """Text detections (None for every image when text is skipped); ``after_networks``
        as :meth:`~creative_tools.text.base.TextDetector.detect_batch` (called at once when
        text is skipped or there is no image)."""
        if self.text_model is None or not images:
            if after_networks is not None:
                after_networks()
            return [None] * len(images)
        return self.text_model.detect_batch(images, after_networks=after_networks)

    def detect_objects(self, images: Sequence[np.ndarray], texts: Sequence[TextDetection | None] | None = None,
                       person_masks: Sequence[np.ndarray] | None = None) -> list:
        """Artifact proposals per image (:class:`~creative_tools.objects.ObjectDetection`,
        None for every image when objects are skipped). The text detections and person
        masks, when given, let text inside a badge or beside a logo mark join it and keep
        people and text out of the objects."""
        if self.objects_model is None:
            return [None] * len(images)
        return self.objects_model.detect_batch(images, texts=texts, person_masks=person_masks)

    def person_masks(self, probs: Sequence[PersonMaps | np.ndarray | None], images) -> list[np.ndarray]:
        """The person masks: each map above ``person_threshold`` (a
        :class:`~creative_tools.person.base.PersonMaps`'s ``prob``; all False for None)."""
        t = self.config.person_threshold
        return [np.zeros(im.shape[:2], bool) if p is None else _person_map(p, "prob") > t
                for p, im in zip(probs, images)]

    def person_fills(self, maps: Sequence[PersonMaps | np.ndarray | None], images) -> list[np.ndarray]:
        """The people the fill covers (the ``person_mask`` of :meth:`merge_masks`): each
        :class:`~creative_tools.person.base.PersonMaps`'s ``fill`` above
        ``person_threshold``, so the person mask plus the rim a backend's finer pass took
        off it (a bare probability map: its mask; None: all False).

        Session 26 (pfill), ``mediapipe``'s ``refine_fine`` rim kept in the fill
        (``refine_fine_fill``), on its cached maps: true person left outside the fill
        (px, summed) hard held-out 40038 -> 39523, look-alike held-out 255401 -> 253231
        (fewer than with the pass off on every set), glow 3.68 -> 3.66 and 3.03 -> 2.97;
        the fill takes 0.5 - 4.0 % more pixels that are not person (0.5 - 1.7 % outside
        the tiny sets); see docs/results.md, Session 26, pfill.

        Examples
        --------
        >>> import numpy as np
        >>> from creative_tools.person.base import PersonMaps
        >>> fine, before = np.float32([[0.9, 0.2]]), np.float32([[0.9, 0.7]])
        >>> pipe = Pipeline(person="mediapipe", text=None, inpaint="telea")  # loads nothing
        >>> pipe.person_fills([PersonMaps(fine, np.maximum(fine, before))], [np.zeros((1, 2, 3), np.uint8)])[0]
        array([[ True,  True]])
        """
        t = self.config.person_threshold
        return [np.zeros(im.shape[:2], bool) if p is None else _person_map(p, "fill") > t
                for p, im in zip(maps, images)]

    def merge_masks(self, person_mask: np.ndarray, text_mask: np.ndarray,
                    object_mask: np.ndarray | None = None) -> np.ndarray:
        """The fill mask: each source dilated by its radius, united, cleaned (:func:`fill_mask`)."""
        return fill_mask(self.config, person_mask, text_mask, object_mask)

    def inpaint(self, images: Sequence[np.ndarray], fill_masks: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Backgrounds with the masks filled (unmasked pixels untouched)."""
        return self.inpainter.inpaint_batch(images, fill_masks)

    # -- whole runs -------------------------------------------------------------------------
    def masks_batch(self, images: Sequence[np.ndarray], *, timings: dict | None = None) -> list[FillMasks]:
        """Every source's mask and the merged fill mask, per image: the fill-mask recipe.

        People (probability map, thresholded; the fill takes the people of
        :meth:`person_fills`), text, objects (given the text and people), then each
        dilated by its radius, united and cleaned (:meth:`merge_masks`).

        Parameters
        ----------
        images : sequence of (H, W, 3) uint8
        timings : dict, optional
            Receives the seconds of each stage for the whole batch (``person``, ``text``,
            ``objects`` when that source is on, ``merge``); with :meth:`side_by_side` the
            person and text stages overlap, so their sum is more than the wait.

        Returns
        -------
        list of FillMasks
        """
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        t = timings if timings is not None else {}
        maps, texts = self._people_and_text(images, t)
        probs = [None if m is None else m.prob for m in maps]
        pms = self.person_masks(probs, images)
        t0 = time.perf_counter()
        objs = self.detect_objects(images, texts, pms)
        if self.config.objects is not None:
            t["objects"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        tms = [np.zeros(im.shape[:2], bool) if d is None else d.mask for d, im in zip(texts, images)]
        oms = [np.zeros(im.shape[:2], bool) if o is None else o.mask for o, im in zip(objs, images)]
        pfs = self.person_fills(maps, images)
        fills = [self.merge_masks(p, q, o) for p, q, o in zip(pfs, tms, oms)]
        t["merge"] = time.perf_counter() - t0
        return [FillMasks(*x) for x in zip(fills, pms, tms, oms, probs, texts, objs, pfs)]

    def masks(self, image: np.ndarray) -> "FillMasks":
        """:meth:`masks_batch` for one image (named ``image`` in errors).

        Examples
        --------
        >>> m = Pipeline(person=None, text="ppocr", inpaint="telea").masks(image)  # doctest: +SKIP
        >>> m.fill.shape == image.shape[:2]  # doctest: +SKIP
        True
        """
        return self.masks_batch([check_image(image, "image")])[0]

    def run_batch(self, images: Sequence[np.ndarray]) -> list[Result]:
        """Run every stage on a batch; timings are per image (batch time / n): each
        stage's, ``total`` (their sum) and ``wall`` (the time waited: less than
        ``total`` where the person and text stages ran side by side)."""
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        n = max(1, len(images))
        t: dict = {}
        start = time.perf_counter()
        ms = self.masks_batch(images, timings=t)
        t0 = time.perf_counter()
        backs = self.inpaint(images, [m.fill for m in ms])
        t["inpaint"] = time.perf_counter() - t0
        wall = time.perf_counter() - start
        per = {k: v / n for k, v in t.items()}
        per["total"] = sum(per.values())
        per["wall"] = wall / n
        out = []
        for im, bg, m in zip(images, backs, ms):
            params = self.config.to_dict()
            params["dilation_px"] = self.config.dilation(im.shape)
            out.append(Result(im, bg, m.fill, m.person, m.text, m.person_prob, m.text_detection, self.backends,
                              params, dict(per), object_mask=m.objects, objects=m.objects_detection,
                              person_fill=m.person_fill))
        return out

    def run(self, image: np.ndarray) -> Result:
        """Run every stage on one image."""
        return self.run_batch([check_image(image, "image")])[0]

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
    image = check_image(image, "image")  # before any model loads
    return Pipeline(**options).run(image)


if PipelineConfig.__doc__:  # None under python -OO
    PipelineConfig.__doc__ = PipelineConfig.__doc__.replace("{attributes}", attributes_doc(PipelineConfig))
