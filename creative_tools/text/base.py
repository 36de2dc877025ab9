"""The text-detection protocol shared by every text backend."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..contract import check_image, check_mask, check_prob
from ..errors import ContractError

__all__ = ["TextDetection", "TextDetector"]

# The caller's ``after_networks`` of the :meth:`TextDetector.detect_batch` call running in
# this context (a context variable: each thread and call sees its own), wrapped to run once.
_after_networks: ContextVar = ContextVar("after_networks", default=None)


@dataclass
class TextDetection:
    """What a text detector found in one image.

    Attributes
    ----------
    polygons : list of (N, 2) float32 arrays
        Word/line outlines as (x, y) points in image pixels, clockwise.
    scores : (n,) float32
        Confidence of each polygon.
    prob : (H, W) float32
        The network's text probability map at full image size.
    mask : (H, W) bool
        The text mask to remove: tight around the glyphs (strokes, outlines,
        shadows) where the background around letters can be kept.
    texts : list of str or None
        Recognised text per polygon, when an OCR step ran.
    """

    polygons: list[np.ndarray]
    scores: np.ndarray
    prob: np.ndarray
    mask: np.ndarray
    texts: list[str] | None = field(default=None)

    def __len__(self) -> int:
        return len(self.polygons)


class TextDetector(ABC):
    """A loaded text model.

    Subclasses implement :meth:`_detect` (network + box post-processing). The mask
    step (:func:`creative_tools.text.glyphs.text_mask`) is shared by all backends.
    A subclass whose networks run first and whose later steps leave cores idle sets
    ``signals_networks = True`` and calls :meth:`_networks_done` where its networks'
    passes over an image are done (see ``after_networks`` of :meth:`detect_batch`).

    Parameters
    ----------
    tight : bool
        True (default): mask the glyphs inside each polygon; False: fill polygons.
    ground : bool
        The glyph masks' two-layer model (``ground`` of
        :func:`~creative_tools.text.glyphs.text_mask`; default True since session 20).
    blobs : float
        Drop a glyph-mask piece that is a flat convex blob (an object the detector
        boxed: a battery's cap, a bokeh disk), ``blobs`` of
        :func:`~creative_tools.text.glyphs.text_mask`: a number in [0, 1], 0 = off (the
        default: on for a few hours of session 21, off again after a review found real text
        it dropped whole; 0.3 is the opt-in value).
    rim_alpha : float
        Add the glyphs' antialiased rim the masks left out: the mask's outer 1 px ring
        judged pixel by pixel as a mix of the glyph colour and the quiet ground beside it,
        kept at opacity ``rim_alpha`` or more (``rim_alpha`` of
        :func:`~creative_tools.text.glyphs.text_mask`): a number in [0, 1], 0 = off (the
        default); 0.05 is the measured opt-in value (docs/results.md, "Session 23, glyphs").
    piece_contrast : float
        Drop a small glyph-mask piece that stands out from its own surroundings less than
        ``piece_contrast`` x its box's letters do (texture the ground model took;
        ``piece_contrast`` of :func:`~creative_tools.text.glyphs.text_mask`): a number in
        [0, 1], 0 = off (the default); 0.3 is the measured opt-in value (docs/results.md,
        "Session 24, glyphs").
    box_letters : float
        Replace a filled fallback box by its letters, grown by ``box_letters`` x the text
        height, where the letters depart from a smooth ground in one ink direction with
        confidence (``box_letters`` of :func:`~creative_tools.text.glyphs.text_mask`): a
        number in [0, 0.5], 0 = off (the default; docs/results.md, "Session 25, glyphs").
    blend : float
        Take a piece's glyphs as a translucent ink blended over a textured ground, where the
        smooth ground decides nothing, instead of filling its box (``blend`` of
        :func:`~creative_tools.text.glyphs.text_mask`: its smoothing over text height): a
        number in [0, 0.5], 0 = off (the default; docs/results.md, "Session 29, glyphs").
    blend_colours : int
        With ``blend``, the ring's colours cut into this many ground colours, each its own
        density, the piece's shares of them fitted with the ink (``blend_colours`` of
        :func:`~creative_tools.text.glyphs.text_mask`): an integer in 1..4, 1 = one density
        (the default; docs/results.md, "Session 31, glyphs").
    blend_thin : float
        With ``blend``, strokes too thin for its smoothing judged at their own width, along
        a segment of about twice ``blend_thin`` x the text height (``blend_thin`` of
        :func:`~creative_tools.text.glyphs.text_mask`): a number in [0, 0.5], 0 = off (the
        default; docs/results.md, "Session 32, glyphs").
    blend_thin_after : bool
        With ``blend_thin``, the thin strokes joined only once every guard of ``blend`` has
        passed (``blend_thin_after`` of :func:`~creative_tools.text.glyphs.text_mask`): False
        (the default) joins them before the guards (docs/results.md, "Session 33, glyphs2").
    blend_refit : float
        With ``blend``, once every guard has passed, the ink fitted again per run of about
        ``blend_refit`` x the text height along a piece of two such runs or more, over the
        ring beside each run, its glyphs added (``blend_refit`` of
        :func:`~creative_tools.text.glyphs.text_mask`): 0 = off (the default) or a number in
        [1, 20] (docs/results.md, "Session 34, glyphs3").
    drop_shadow : float
        After every other step, each line's drop shadow added: its letters shifted by the
        one offset of at most ``drop_shadow`` x the text height at which they land on a
        second ink the opposite offset does not show (``drop_shadow`` of
        :func:`~creative_tools.text.glyphs.text_mask`): a number in [0, 0.5], 0.1 (the
        default since session 36), 0 = off (docs/results.md, "Session 36, glyphs"
        and "Session 36, shadowplumb").

    Raises
    ------
    ContractError
        When ``tight`` or ``ground`` is not a bool, or ``blobs``, ``rim_alpha`` or
        ``piece_contrast`` is not a number in [0, 1], or ``box_letters``, ``blend`` or
        ``blend_thin`` not one in [0, 0.5], or ``blend_colours`` is not an integer in 1..4,
        or ``blend_thin_after`` is not a bool, or ``blend_refit`` is neither 0 nor a number
        in [1, 20], or ``drop_shadow`` is not a number in [0, 0.5].
    """

    name: str = "text"
    #: Whether :meth:`_detect` calls :meth:`_networks_done` itself (else it counts as
    #: done when :meth:`detect_batch` starts).
    signals_networks: bool = False

    def __init__(self, *, tight: bool = True, ground: bool = True, blobs: float = 0.0,
                 rim_alpha: float = 0.0, piece_contrast: float = 0.0, box_letters: float = 0.0,
                 blend: float = 0.0, blend_colours: int = 1, blend_thin: float = 0.0,
                 blend_thin_after: bool = False, blend_refit: float = 0.0, drop_shadow: float = 0.1):
        if not isinstance(tight, (bool, np.bool_)):
            # bool("false") is True: a string from a config would silently keep the tight masks
            raise ContractError(f"tight must be a bool (glyph-tight masks or filled polygons), got {tight!r}")
        from .glyphs import check_glyph_options

        # text_mask's own checker: a bad option fails when the backend is built, not at its first mask
        check_glyph_options(ground=ground, blobs=blobs, rim_alpha=rim_alpha, piece_contrast=piece_contrast,
                            box_letters=box_letters, blend=blend, blend_colours=blend_colours,
                            blend_thin=blend_thin, blend_thin_after=blend_thin_after, blend_refit=blend_refit,
                            drop_shadow=drop_shadow)
        self.tight = bool(tight)
        self.ground = bool(ground)
        self.blobs = float(blobs)
        self.rim_alpha = float(rim_alpha)
        self.piece_contrast = float(piece_contrast)
        self.box_letters = float(box_letters)
        self.blend = float(blend)
        self.blend_colours = int(blend_colours)
        self.blend_thin = float(blend_thin)
        self.blend_thin_after = bool(blend_thin_after)
        self.blend_refit = float(blend_refit)
        self.drop_shadow = float(drop_shadow)

    @abstractmethod
    def _detect(self, images: Sequence[np.ndarray]) -> list[tuple[np.ndarray, list[np.ndarray], np.ndarray]]:
        """Per image: ``(prob (H, W) float32, polygons, scores)`` at full size."""

    def _networks_done(self) -> None:
        """Tell the caller of :meth:`detect_batch` that the detector networks have run
        (its ``after_networks``, once per call; nothing outside such a call)."""
        hook = _after_networks.get()
        if hook is not None:
            hook()

    def _networks_signal(self) -> Callable[[], None] | None:
        """:meth:`_networks_done` of the :meth:`detect_batch` call running here, as a callable
        another thread can call (it does not see this thread's context), or None."""
        return _after_networks.get()

    def make_mask(self, image: np.ndarray, polygons: list[np.ndarray], prob: np.ndarray) -> np.ndarray:
        """The text mask from polygons (override to change the mask rule)."""
        from .glyphs import text_mask

        return text_mask(image, polygons, prob=prob, tight=self.tight, ground=self.ground,
                         blobs=self.blobs, rim_alpha=self.rim_alpha, piece_contrast=self.piece_contrast,
                         box_letters=self.box_letters, blend=self.blend, blend_colours=self.blend_colours,
                         blend_thin=self.blend_thin, blend_thin_after=self.blend_thin_after,
                         blend_refit=self.blend_refit, drop_shadow=self.drop_shadow)

    def detect_batch(self, images: Sequence[np.ndarray], *,
                     after_networks: Callable[[], None] | None = None) -> list[TextDetection]:
        """Detect text in a batch of ``(H, W, 3) uint8`` RGB images.

        Parameters
        ----------
        images : sequence of (H, W, 3) uint8
        after_networks : callable, optional
            Called once, with no argument, as soon as the backend's detector networks
            leave a core free on the first image (backends with ``signals_networks``:
            ``ppocr`` when the first of its two whole-image passes is done, possibly on
            its helper thread; for the others at the start; for every backend at the
            latest before the glyph masks, on the calling thread): a caller can start
            other work on the cores that the lighter steps after the networks leave idle
            (:class:`~creative_tools.pipeline.Pipeline` starts its person stage there).
            Not called when ``images`` is empty. The detections do not depend on it.
        """
        images = [check_image(im, f"images[{i}]") for i, im in enumerate(images)]
        if not images:
            return []
        once, errors = None, []
        if after_networks is not None:
            called, lock, caller = [], threading.Lock(), threading.current_thread()

            def once():
                # under the lock: a second signal (the backend may signal from two threads at
                # about the same time) waits until the first call has returned, so the hook has
                # run, whole, before this method goes on past its own call below
                with lock:
                    if called:
                        return
                    called.append(True)
                    try:
                        after_networks()
                    except BaseException as e:
                        if threading.current_thread() is caller:
                            raise
                        errors.append(e)  # a helper thread's done-callback would only log it

            if not self.signals_networks:
                once()
        token = _after_networks.set(once)
        try:
            found = self._detect(images)
        finally:
            _after_networks.reset(token)
        if once is not None:
            once()  # a backend that did not reach its signal (it returned early)
            if errors:
                raise errors[0]  # the hook's error, raised on the calling thread
        out = []
        for im, (prob, polys, scores) in zip(images, found):
            check_prob(prob, f"{self.name} probability map", like=im)
            polys = [np.asarray(p, np.float32).reshape(-1, 2) for p in polys]
            scores = np.asarray(scores, np.float32).reshape(-1)
            mask = check_mask(self.make_mask(im, polys, prob), f"{self.name} mask", like=im)
            out.append(TextDetection(polys, scores, prob, mask))
        return out

    def detect(self, image: np.ndarray) -> TextDetection:
        """Detect text in one image."""
        return self.detect_batch([image])[0]

    def segment(self, image: np.ndarray) -> np.ndarray:
        """The text mask ``(H, W) bool`` of one image."""
        return self.detect(image).mask

    __call__ = segment

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.name!r} tight={self.tight} ground={self.ground} blobs={self.blobs} "
                f"rim_alpha={self.rim_alpha} piece_contrast={self.piece_contrast} box_letters={self.box_letters}"
                # named only when on: the repr of every backend built with the defaults is as before
                + (f" blend={self.blend}" if self.blend else "")
                + (f" blend_colours={self.blend_colours}" if self.blend_colours != 1 else "")
                + (f" blend_thin={self.blend_thin}" if self.blend_thin else "")
                + (" blend_thin_after=True" if self.blend_thin_after else "")
                + (f" blend_refit={self.blend_refit}" if self.blend_refit else "")
                + (f" drop_shadow={self.drop_shadow}" if self.drop_shadow != 0.1 else "") + ">")
