"""Classical inpainters that need no learned weights.

* ``telea`` / ``ns``: OpenCV's fast marching (Telea 2004) and Navier-Stokes fills.
  Good on thin holes (text strokes); they smudge body-sized holes.
* ``patchmatch``: PatchMatch (Barnes et al. 2009, the ``pypatchmatch`` wheel). Copies
  texture from around the hole: the most plausible classical fill for large holes, but
  slow, so it works at ``working_size`` 384 by default and the result is pasted back.
* ``twoscale``: PatchMatch's texture over Navier-Stokes' colour trend (large holes), at
  256 px; the trend alone where the hole's surroundings have no texture.
* ``membrane``: harmonic interpolation from the hole's ring (:mod:`.smooth`): exact on
  flat colours and linear gradients, smooth elsewhere.
* ``auto`` (default): picks per hole: the membrane for thin holes (text), ``twoscale``
  for wide ones (people, filled text boxes) with a membrane trend, and a polynomial
  surface where the ring is a flat colour or a gradient. Its cost follows the holes,
  not the image. A wide hole on a regular texture (bricks, tiles, stripes) whose
  lattice predicts its ring is filled from the lattice, in phase (:mod:`.lattice`); on a
  texture seen in perspective, its parts near the ring, square by square.
  Optionally (``copy=``) a hole whose ring repeats elsewhere is first copied from there
  by one offset (:mod:`.shift`).

``twoscale`` and ``auto`` take ``threads=`` (default: the cores, at most 4): the parts of
a fill that need nothing from each other (the lattice squares, the wide crops, a crop's
PatchMatch and its trend) run side by side on that many threads, with the same output
bit for bit; PatchMatch, NumPy and OpenCV release the GIL.
"""

from __future__ import annotations

import math
import numbers
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np

from ..contract import check_image, check_mask
from ..errors import ContractError
from ..masks import components
from ..registry import register
from .base import Inpainter, _paste, merge_boxes, regions_from_stats
from .fsr import BLOCK as FSR_BLOCK
from .fsr import METHODS as FSR_METHODS
from .fsr import _require_xphoto, fsr_fill
from .lattice import find_lattice, lattice_fill
from .lines import continue_lines
from .shift import find_offset, offset_fill
from .smooth import membrane_fill, surface_fit, surface_split

__all__ = ["OpenCVInpainter", "MembraneInpainter", "PatchMatchInpainter", "TwoScaleInpainter", "AutoInpainter",
           "hole_width", "component_widths"]

# the band (px) of known ring pixels each lattice square is checked on (lattice_fill's
# default, passed explicitly: the squares pre-check that band before the search)
_CELL_BAND = 6


_MAX_THREADS = 4  # the default's cap: the pieces run side by side are few and short


def _check_threads(threads) -> int:
    """``threads`` as the worker count of the fill's thread pools: None = the cores this
    process may use, at most 4; else an integer >= 1 (1 = no pool, everything on the
    calling thread)."""
    if threads is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(1, min(cores, _MAX_THREADS))
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or threads < 1:
        raise ContractError(f"threads must be None or an integer >= 1, got {threads!r}")
    return int(threads)


def _map(fn, args: list, threads: int) -> list:
    """``[fn(a) for a in args]``, on up to ``threads`` threads where there is more than one
    argument (results in the order of ``args``; the work is NumPy, OpenCV and PatchMatch's
    native code, which release the GIL). The caller combines the results in that order, so
    the output does not depend on the thread count."""
    if threads <= 1 or len(args) <= 1:
        return [fn(a) for a in args]
    with ThreadPoolExecutor(max_workers=min(threads, len(args)), thread_name_prefix="fill") as pool:
        return list(pool.map(fn, args))


class OpenCVInpainter(Inpainter):
    """``cv2.inpaint`` with the Telea or Navier-Stokes method.

    Parameters
    ----------
    method : {"telea", "ns"}
    radius : float
        Neighbourhood radius in pixels (default 5).
    **kwargs
        Strategy options of :class:`~creative_tools.inpaint.base.Inpainter`. Both
        methods read only pixels within ``radius`` of the hole, so the crops default to a
        tight context (``margin_ratio=0``, ``min_margin=ceil(radius) + 3``): the result
        equals ``cv2.inpaint`` on the whole image, bit for bit, at a cost that follows the
        holes.
    """

    _FLAGS = {"telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}

    def __init__(self, *, method: str = "telea", radius: float = 5.0, **kwargs):
        if radius <= 0:
            raise ContractError(f"radius must be > 0, got {radius}")
        kwargs.setdefault("margin_ratio", 0.0)
        kwargs.setdefault("min_margin", int(math.ceil(radius)) + 3)
        super().__init__(**kwargs)
        if method not in self._FLAGS:
            raise ContractError(f"method must be one of {sorted(self._FLAGS)}, got {method!r}")
        self.name, self.method, self.radius = method, method, float(radius)

    def _inpaint(self, image, mask):
        return cv2.inpaint(image, mask.view(np.uint8) * 255, self.radius, self._FLAGS[self.method])


class PatchMatchInpainter(Inpainter):
    """PatchMatch fill through the ``pypatchmatch`` wheel.

    Parameters
    ----------
    patch_size : int
        Patch radius (patches span (2r+1)^2 pixels); default 3, as in its examples.
    seed : int
        Seed of the randomized search, so equal inputs give equal outputs.
    """

    name = "patchmatch"
    default_working_size = 384

    def __init__(self, *, patch_size: int = 3, seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        import patchmatch

        if not patchmatch.patchmatch_available:
            from ..errors import BackendUnavailableError

            raise BackendUnavailableError("the patchmatch native library failed to load")
        self._pm = patchmatch
        self.patch_size, self.seed = int(patch_size), int(seed)

    def _inpaint(self, image, mask):
        self._pm.set_random_seed(self.seed)
        return self._pm.inpaint(image, mask, patch_size=self.patch_size)


def hole_width(mask: np.ndarray) -> float:
    """Typical width of a hole in pixels: twice the mean distance to its border.

    Examples
    --------
    >>> m = np.zeros((20, 20), bool); m[5:15, 9:11] = True   # a 2-px stroke
    >>> round(hole_width(m), 1)
    2.0
    """
    if not mask.any():
        return 0.0
    d = cv2.distanceTransform(np.pad(mask, 1).view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return float(2.0 * d[1:-1, 1:-1][mask].mean())


class TwoScaleInpainter(Inpainter):
    """PatchMatch texture on a Navier-Stokes base: ``lowpass(NS) + highpass(PatchMatch)``.

    PatchMatch copies plausible texture but often from patches of the wrong shade (a
    gradient behind a person comes back blotchy); Navier-Stokes diffusion gets the slow
    colour trend right but has no texture. Splitting at ``sigma`` pixels keeps the best
    of each. Both run at ``working_size`` (256 by default: PatchMatch's cost grows with
    the crop's pixels, and on ``data/`` 256 scored as well as 384 inside the removed
    region, 22.92 vs 22.84 dB PSNR, in 0.63x the time).

    Where the known pixels around a hole have no texture finer than ``sigma`` (a flat
    colour or a smooth gradient), PatchMatch has nothing to copy and is skipped: the
    blurred trend is the fill, at a fraction of the cost. Where a polynomial surface
    (degree 2, per colour) fits the ring to within ``fit`` grey levels RMS, that surface
    is the fill (flat plates, linear and radial gradients come back exact).

    Parameters
    ----------
    sigma : float
        Gaussian scale (pixels, at working size) separating "trend" from "texture".
    flat : float
        RMS of the fine texture around the hole (:meth:`texture_level`, grey levels)
        below which the trend alone fills it; 0 always runs PatchMatch. On ``data/`` the
        default 2.5 changed only the gradient banner (36.45 -> 36.50 dB inside the removed
        region) and cut the fill time to 0.69x.
    trend : {"ns", "membrane"}
        The colour trend under the texture: Navier-Stokes (``cv2.inpaint``) or the
        harmonic interpolation of :func:`~.smooth.membrane_fill`, both blurred by
        ``sigma`` inside the hole.
    fit : float
        RMS residual (grey levels) of the ring's polynomial surface below which the
        surface is the fill (:func:`~.smooth.surface_fit`); 0 never fits.
    budget : int
        Hole pixels PatchMatch may fill per call (:meth:`texture`), shared among the
        call's crops in proportion to their holes; larger holes get their texture from a
        shrunk copy. PatchMatch costs about 40 us per hole pixel on one core, so this
        bounds the fill's cost; 0 = no limit.
    gain : float or "ring"
        Weight of PatchMatch's texture (its detail finer than ``sigma``) over the trend.
        A number is used as is (1, the default here, adds the texture unchanged).
        ``"ring"`` estimates it per hole from the ring (:meth:`ring_gain`): PatchMatch
        fills the hole grown by ``band`` px, and the least-squares weight of its detail
        against the true detail of that band of known pixels, clipped to [0, 1], is the
        weight inside the hole. PSNR is an MSE measure: where the texture under a hole
        cannot be predicted (most photos), copied texture of the right look but the
        wrong phase costs about twice the texture's variance and the trend alone (the
        conditional mean) half that, so the weight goes to 0; where the ring shows it is
        predictable (the copy continues the band's texture) it stays.
    band : int
        Width (px, at working size) of the ring band that ``gain="ring"`` fills to measure
        the texture's predictability.
    floor : float
        Least weight of the texture with ``gain="ring"`` (in [0, 1]; 0 here). The ring's
        gain is MSE-optimal, but where it is ~0 a large hole on gravel or foliage comes
        back as a flat silhouette of the trend; a floor ``f`` keeps the texture at ``f``
        times its amplitude, which costs at most a factor ``1 + f^2`` in squared error
        where the texture is unpredictable (copy uncorrelated with the truth), against
        ``2`` for the full copy.
    split : {0, 1, 2}
        Where the ring's surface does not fit (``fit``), look for a smooth plate on part
        of the ring (:func:`~.smooth.surface_split`: a trimmed surface fit and the
        boundary between the plate and the rest continued through the hole, a straight
        line for 1, a conic for 2); the hole pixels on the plate's side get the plate's
        surface, the rest the usual fill. 0 (here) = off.
    convex : {0, 1, 2}
        With ``split``: where no boundary of that degree separates the ring because the
        plate wraps round the hole (a person inside a card or a round avatar whose mask
        cuts into the frame from inside), take the plate as convex
        (:func:`~.smooth.surface_split`'s ``convex``; the ring's three most common
        colours tried as its start): 1 its known pixels' convex hull, 2 also a
        rectangle or an ellipse fitted to them where it fits the known pixels as well,
        which continues the outline past the chord where the hole cuts it; the outline
        is preferred to a straight boundary where both fit the ring. 0 (here) = off.
    split_each : bool
        With ``split``: a crop that holds several holes (people side by side, each in
        their own avatar or card, whose rings together fit no plate) is split hole by
        hole, each hole's ring read without the other holes. False (here) = the crop's
        holes together.
    lines : bool
        Where the surface is not the fill, draw the straight edges that enter the hole
        on one side and leave it on the other through it first
        (:func:`~.lines.continue_lines`: collinear ring segments with the same colours on
        their sides, paired; an unpaired edge is left out), then fill the rest of the
        hole around them. False (here) = off.
    line_colour : float
        With ``lines``: how far (Euclidean, RGB grey levels) the colours on an edge's two
        ends may differ, side by side, for the two ends to be one edge.
    threads : int or None
        Threads of the fill (None, the default: the cores this process may use, at most
        4; :func:`~creative_tools.executors.threaded_config` gives each CLI / Dask worker
        its share of the cores, at most 4: 1 for ``--workers auto``).
        The crops of one call are filled side by side, and with ``gain="ring"`` (``auto``'s
        setting; not this class's default) a lone textured crop's PatchMatch runs beside
        its trend; the output is the same for every value (each
        PatchMatch call starts from ``seed``, the results are combined in order).
    """

    name = "twoscale"
    default_working_size = 256

    def __init__(self, *, sigma: float = 4.0, radius: float = 5.0, patch_size: int = 3,
                 seed: int = 0, flat: float = 2.5, trend: str = "ns", fit: float = 0.0, deep: float = 1.0,
                 budget: int = 0, gain: float | str = 1.0, band: int = 3, floor: float = 0.0, split: int = 0,
                 convex: int = 0, split_each: bool = False, lines: bool = False, line_colour: float = 30.0,
                 fsr: float = 0.0, fsr_width: float = 24.0, fsr_method: str = "fast",
                 threads: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.threads = _check_threads(threads)
        if not 0.0 <= fsr <= 1.0:
            raise ContractError(f"fsr must be in [0, 1], got {fsr}")
        if fsr_width <= 0:
            raise ContractError(f"fsr_width must be > 0, got {fsr_width}")
        if fsr_method not in FSR_METHODS:
            raise ContractError(f"fsr_method must be one of {sorted(FSR_METHODS)}, got {fsr_method!r}")
        self.fsr, self.fsr_width, self.fsr_method = float(fsr), float(fsr_width), fsr_method
        if self.fsr:
            _require_xphoto()  # fail at construction, not on the first textured hole
        if line_colour <= 0:
            raise ContractError(f"line_colour must be > 0, got {line_colour}")
        if lines not in (True, False):  # 0 / 1 too; not a string such as "false"
            raise ContractError(f"lines must be True or False, got {lines!r}")
        self.lines, self.line_colour = bool(lines), float(line_colour)
        if convex not in (0, 1, 2):
            raise ContractError(f"convex must be 0, 1 or 2, got {convex!r}")
        self.convex = int(convex)
        self.split_each = bool(split_each)
        if split not in (0, 1, 2):
            raise ContractError(f"split must be 0, 1 or 2, got {split!r}")
        self.split = int(split)
        if not 0.0 <= floor <= 1.0:
            raise ContractError(f"floor must be in [0, 1], got {floor}")
        self.floor = float(floor)
        if isinstance(gain, str) and gain != "ring" or not isinstance(gain, str) and not 0.0 <= gain <= 1.0:
            raise ContractError(f"gain must be a number in [0, 1] or 'ring', got {gain!r}")
        if band < 1:
            raise ContractError(f"band must be >= 1, got {band}")
        self.gain, self.band = (gain if isinstance(gain, str) else float(gain)), int(band)
        if budget < 0:
            raise ContractError(f"budget must be >= 0, got {budget}")
        self.budget = int(budget)
        if sigma <= 0:
            raise ContractError(f"sigma must be > 0, got {sigma}")
        if flat < 0:
            raise ContractError(f"flat must be >= 0, got {flat}")
        if trend not in ("ns", "membrane"):
            raise ContractError(f"trend must be 'ns' or 'membrane', got {trend!r}")
        if fit < 0:
            raise ContractError(f"fit must be >= 0, got {fit}")
        self.sigma, self.flat, self.trend, self.fit = float(sigma), float(flat), trend, float(fit)
        if not 0.0 <= deep <= 1.0:
            raise ContractError(f"deep must be in [0, 1], got {deep}")
        self.deep = float(deep)
        self._pm = PatchMatchInpainter(patch_size=patch_size, seed=seed, working_size=0)
        self._ns = OpenCVInpainter(method="ns", radius=radius, working_size=0)

    def texture_level(self, image: np.ndarray, mask: np.ndarray) -> float:
        """RMS of the fine texture (finer than ``sigma``) in a ring of known pixels around the hole.

        The blur that separates texture from trend ignores the hole's pixels, so what is
        being removed does not count as texture.
        """
        known = (~mask).astype(np.float32)
        ring = cv2.dilate(mask.view(np.uint8), np.ones((3, 3), np.uint8), iterations=int(3 * self.sigma)) > 0
        ring &= ~mask
        if not ring.any():
            return float("inf")
        im = image.astype(np.float32)
        blur = lambda a: cv2.GaussianBlur(a, (0, 0), self.sigma, borderType=cv2.BORDER_REFLECT)  # noqa: E731
        w = blur(known)
        low = blur(im * known[..., None]) / np.maximum(w, 1e-6)[..., None]
        hp = (im - low)[ring]
        return float(np.sqrt(np.mean(hp * hp)))

    def texture(self, image: np.ndarray, mask: np.ndarray, *, budget: int = 0) -> np.ndarray:
        """PatchMatch's fill of ``mask``, on a copy shrunk until the hole has at most ``budget`` pixels.

        PatchMatch's cost follows the number of hole pixels it fills (about 40 us each on
        one core), so a hole larger than ``budget`` is filled on a shrunk copy and the
        result is grown back (bicubic) to ``image``'s size; 0 = no limit.

        Returns
        -------
        (H, W, 3) float32
        """
        n = int(mask.sum())
        if not budget or n <= budget:
            return self._pm._inpaint(image, mask).astype(np.float32)
        h, w = mask.shape
        s = math.sqrt(budget / n)
        size = (max(1, round(w * s)), max(1, round(h * s)))
        small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        small_mask = cv2.resize(mask.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0
        tex = self._pm._inpaint(small, small_mask)
        return cv2.resize(tex, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.float32)

    def ring_gain(self, image: np.ndarray, mask: np.ndarray, *, budget: int = 0) -> tuple[float, np.ndarray]:
        """How much of PatchMatch's texture to keep in ``mask``, measured on the ring, and that texture.

        PatchMatch fills ``mask`` grown by ``band`` px (:meth:`texture`, same ``budget``),
        so the band, whose true pixels are known, is predicted as the hole is. With
        ``p`` the predicted detail there (finer than ``sigma``) and ``t`` the true detail
        (the band minus the blur of the known pixels beyond it), the weight is
        ``clip(<p, t> / <p, p>, 0, 1)``: the least-squares (Wiener) shrink of the copy.

        Parameters
        ----------
        image : (H, W, 3) uint8
        mask : (H, W) bool
        budget : int
            PatchMatch's pixel budget for the grown hole (:meth:`texture`).

        Returns
        -------
        gain : float
            In [0, 1]; 0 when the grown hole leaves no known pixel or no band.
        detail : (H, W, 3) float32
            The texture's detail (PatchMatch's fill of the grown hole minus its blur).
        """
        blur = lambda a: cv2.GaussianBlur(a, (0, 0), self.sigma, borderType=cv2.BORDER_REFLECT)  # noqa: E731
        k = np.ones((2 * self.band + 1,) * 2, np.uint8)
        grown = cv2.dilate(mask.view(np.uint8), k) > 0
        band = grown & ~mask
        if grown.all() or not band.any():
            return 0.0, np.zeros(image.shape, np.float32)
        tex = self.texture(image, grown, budget=budget)
        detail = tex - blur(tex)
        im = image.astype(np.float32)
        known = (~grown).astype(np.float32)
        low = blur(im * known[..., None]) / np.maximum(blur(known), 1e-6)[..., None]
        p = detail[band].astype(np.float64).ravel()
        t = (im - low)[band].astype(np.float64).ravel()
        return float(np.clip(p @ t / max(float(p @ p), 1e-9), 0.0, 1.0)), detail

    def _plan(self, image, mask):
        """``(surface, textured, plate)``: the fitted surface if it is the fill, whether PatchMatch
        runs, and the plate ``(surface, on_plate)`` of :func:`~.smooth.surface_split` or None."""
        plate = None
        if self.fit:
            surf, rms = surface_fit(image, mask)
            if rms < self.fit:
                return surf, False, None
            if self.split:
                opts = {"fit": self.fit, "boundary": self.split, "convex": self.convex > 0, "shapes": self.convex > 1}
                plate = self._split_each(image, mask, opts) if self.split_each else None
                if plate is None:
                    plate = surface_split(image, mask, **opts)
        return None, not (self.flat and self.texture_level(image, mask) < self.flat), plate

    def _split_each(self, image, mask, opts):
        """:func:`~.smooth.surface_split` hole by hole where a crop holds several holes (people side
        by side, each on their own plate, whose rings together fit none): the union of the plates
        found, or None (one hole, or no plate found)."""
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.view(np.uint8), connectivity=8)
        area = stats[1:, cv2.CC_STAT_AREA]
        # the holes that matter beside the largest (people, not the text strokes around them)
        big = [k + 1 for k in np.nonzero(area >= max(64, 0.1 * area.max()))[0]] if n > 2 else []
        if len(big) < 2:
            return None
        surf, on = None, None
        for k in big:
            hole = labels == k
            found = surface_split(image, hole, others=mask & ~hole, **opts)
            if found is None:
                continue
            if surf is None:
                surf, on = found
            else:
                surf[found[1]] = found[0][found[1]]
                on |= found[1]
        return None if surf is None else (surf, on)

    def _inpaint_many(self, items):
        plans = _map(lambda item: self._plan(*item), items, self.threads)
        need = [int(m.sum()) if tex else 0 for (im, m), (_, tex, _) in zip(items, plans)]
        total = sum(need)
        # One budget for the call, shared among the crops in proportion to their holes.
        share = 1.0 if not self.budget or total <= self.budget else self.budget / total
        # Several crops: side by side, each on one thread; one crop: its PatchMatch beside
        # its trend (``_fill``). The budgets are shared out above, so no crop's fill
        # depends on another's.
        inner = self.threads if len(items) == 1 else 1

        def one(job):
            (im, m), (surf, tex, plate), n = job
            b = max(1, int(n * share)) if share < 1.0 else 0
            if plate is None:
                return self._fill(im, m, surf, tex, b, inner) if surf is not None else \
                    self._lined(im, m, tex, b, inner)
            # The plate's side is known from here on: the rest of the hole is filled from
            # its own ground and the plate, so the two meet without a seam.
            on = plate[1]
            known = im.copy()
            known[on] = np.clip(np.rint(plate[0][on]), 0, 255).astype(np.uint8)
            rest = m & ~on
            return self._lined(known, rest, tex, b, inner) if rest.any() else known

        return _map(one, list(zip(items, plans, need)), self.threads)

    def _lined(self, image, mask, textured, budget, threads=1):
        """The fill of ``mask`` with its paired straight edges drawn first (``lines``), the rest
        filled around them."""
        if self.lines:
            image, drawn = continue_lines(image, mask, colour=self.line_colour)
            if drawn.any():
                mask = mask & ~drawn
                if not mask.any():
                    return image
        return self._fill(image, mask, None, textured, budget, threads)

    def _inpaint(self, image, mask):
        return self._inpaint_many([(image, mask)])[0]

    def _fill(self, image, mask, surf, textured, budget, threads=1):
        if surf is not None:
            return np.clip(np.rint(surf), 0, 255).astype(np.uint8)
        blur = lambda a: cv2.GaussianBlur(a, (0, 0), self.sigma, borderType=cv2.BORDER_REFLECT)  # noqa: E731
        ring = textured and self.gain == "ring"
        # PatchMatch (most of the fill's time, on one core) beside the trend: neither
        # reads the other's result
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fill") if ring and threads > 1 else None
        try:
            gained = pool.submit(self.ring_gain, image, mask, budget=budget) if pool is not None else None
            if self.trend == "membrane" and not mask.all():
                out = membrane_fill(image, mask)
                out = np.where(mask[..., None], blur(out), out)
            else:  # also a mask over the whole (working) image: no ring to interpolate from
                trend = self._ns._inpaint(image, mask).astype(np.float32)
                out = blur(trend)
            if gained is not None:
                gained = gained.result()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        if textured:
            if ring:
                g, detail = gained if gained is not None else self.ring_gain(image, mask, budget=budget)
                detail *= max(g, self.floor)
            else:
                texture = self.texture(image, mask, budget=budget)
                detail = texture - blur(texture)
                if self.gain != 1.0:
                    detail *= self.gain
            if self.deep != 1.0:
                d = cv2.distanceTransform(mask.view(np.uint8), cv2.DIST_L2, 3)
                gain = self.deep + (1.0 - self.deep) * np.exp(-d / (3.0 * self.sigma))
                detail *= gain[..., None]
            out += detail
            if self.fsr:
                out = self._fsr_mix(image, mask, out)
        # else: no texture around the hole for PatchMatch to copy; the trend is the fill
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)

    def _fsr_mix(self, image, mask, out):
        """``out`` with the holes narrower than ``fsr_width`` (working px) mixed with FSR's fill."""
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.view(np.uint8), connectivity=8,
                                                               ltype=cv2.CV_32S)
        d = cv2.distanceTransform(np.pad(mask, 1).view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)[1:-1, 1:-1]
        widths = 2.0 * np.bincount(labels.ravel(), weights=d.ravel(), minlength=n) / np.maximum(stats[:, 4], 1)
        near = widths < self.fsr_width
        near[0] = False
        if not near.any():
            return out
        # FSR's cost follows the missing blocks of what it is given: only boxes around the
        # narrow holes (a 2-block margin), the other holes in them still unknown.
        h, w = mask.shape
        pad = 2 * FSR_BLOCK
        boxes = [(max(0, y - pad), min(h, y + bh + pad), max(0, x - pad), min(w, x + bw + pad))
                 for x, y, bw, bh in stats[np.nonzero(near)[0], :4]]
        for y0, y1, x0, x1 in merge_boxes(boxes):
            sel = near[labels[y0:y1, x0:x1]]
            f = fsr_fill(image[y0:y1, x0:x1], mask[y0:y1, x0:x1], method=self.fsr_method).astype(np.float32)
            o = out[y0:y1, x0:x1]
            o[sel] = self.fsr * f[sel] + (1.0 - self.fsr) * o[sel]
        return out


class MembraneInpainter(Inpainter):
    """Harmonic interpolation from the hole's ring (:func:`~.smooth.membrane_fill`)."""

    name = "membrane"

    def _inpaint(self, image, mask):
        return np.clip(np.rint(membrane_fill(image, mask)), 0, 255).astype(np.uint8)


def component_widths(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Label the holes of ``mask`` and give each its :func:`hole_width`.

    One distance transform for the whole mask, then per-label means, so the cost is one
    pass over the image whatever the number of holes (8-connected components).

    Parameters
    ----------
    mask : (H, W) bool

    Returns
    -------
    labels : (H, W) int32
        0 outside the mask, ``1..n`` per component.
    widths : (n + 1,) float64
        ``widths[k]`` is the hole width of component ``k`` (``widths[0]`` = 0).

    Examples
    --------
    >>> m = np.zeros((40, 40), bool); m[5:7, 5:35] = True; m[15:35, 10:30] = True
    >>> labels, widths = component_widths(m)
    >>> [round(float(w), 1) for w in widths[1:]]
    [2.0, 7.7]
    """
    n, labels = cv2.connectedComponents(mask.view(np.uint8), connectivity=8, ltype=cv2.CV_32S)
    d = cv2.distanceTransform(np.pad(mask, 1).view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)[1:-1, 1:-1]
    counts = np.bincount(labels.ravel(), minlength=n)
    sums = np.bincount(labels.ravel(), weights=d.ravel(), minlength=n)
    widths = np.zeros(n, np.float64)
    widths[1:] = 2.0 * sums[1:] / np.maximum(counts[1:], 1)
    return labels, widths


class AutoInpainter(Inpainter):
    """Per hole: a membrane for thin holes (text), two-scale PatchMatch for wide ones (people).

    Each connected hole is judged on its own width (:func:`hole_width`, at full
    resolution). Two passes, so the cost follows the holes rather than the image:

    1. the wide holes: first, at full resolution, those on a regular texture whose
       lattice predicts their ring (:meth:`lattice_pass`, ``lattice=``; on a texture
       seen in perspective, their parts near the ring square by square,
       ``lattice_cells=``); then the rest
       with ``twoscale`` on context crops around them (shrunk to its working size);
       every masked pixel inside such a crop is filled too, so no text near a person is
       copied into the person's hole;
    2. the thin holes: the harmonic interpolation of their ring (``thin="membrane"``,
       :func:`~.smooth.membrane_fill`) at full resolution on tight crops (8 px of
       context), after pass 1, so a stroke next to a person is filled from the filled
       background and not from the person. On a flat plate it is exact where Telea left
       smudges; on ``data/`` and the hard tune set it scored as well or better inside the
       removed region, at lower cost.

    With ``copy > 0`` a pass 0 runs first: every hole of at least ``copy_min`` pixels
    whose ring is carried by one offset onto a matching ring elsewhere
    (:func:`~.shift.find_offset`, error below ``copy`` times the ring's texture
    variance) is copied from there and seamed by a membrane (:func:`~.shift.offset_fill`).
    Off by default: it restores brick walls and tiles (text holes on the brick wall of
    ``data/`` +3 to +13 dB with true masks) but costs 1.3-1.8x and did not move the
    pooled PSNR of ``data/`` or the hard tune set with the pipeline's masks.

    Masks that miss a soft edge leave a band of the removed object's colour around the
    hole (anti-aliased fine print, shadows, glows). Holes whose first ``guard`` px of
    ring differ from the ring beyond by more than ``halo`` grey levels
    (:meth:`haloed`) are filled as if ``guard`` px wider, so the fill reads the clean
    background beyond the band; only the mask's own pixels change. On the hard tune set
    (pipeline masks) this took fine print from 8.6 / 11.2 to 13.8 / 13.4 dB and changed
    no other creative by more than 0.7 dB; ``data/`` unchanged.

    Parameters
    ----------
    wide : float
        Hole width in pixels from which the wide-hole fill is used.
    radius : float
        Telea's (and the trend's Navier-Stokes) neighbourhood radius.
    sigma, flat, trend, fit :
        Trend/texture split, flat-context shortcut, trend method and surface-fit
        tolerance of the wide-hole fill (see :class:`TwoScaleInpainter`).
    thin : {"membrane", "telea", "ns"}
        The thin-hole fill.
    copy : float
        Offset-copy acceptance (ring error / ring texture variance); 0 = off.
    copy_min : int
        Smallest hole (pixels) tried for an offset copy.
    deep : float
        Gain of PatchMatch's texture deep inside wide holes (1 at the edge, ``deep``
        beyond about ``3 * sigma`` px): below 1 trades texture contrast for fidelity
        (``data/``: 0.5 gave +0.4 dB, the brick wall's middle fades). 1 by default.
    guard : int
        Width in pixels of the ring band that is skipped around haloed holes; 0 = off.
    halo : float
        Colour difference (grey levels) between that band and the ring beyond from which
        a hole counts as haloed; 0 treats every hole as haloed.
    patch_size, seed :
        PatchMatch options of the wide-hole fill.
    wide_size : int
        Working size (longest side, px) of the wide-hole fill's crops.
    budget : int
        Hole pixels PatchMatch may fill per image, shared among its wide holes (see
        :class:`TwoScaleInpainter`); 0 = no limit. PatchMatch's time follows it (about
        35 us per pixel; almost every typical creative spends it whole). 4096 (session
        4, at the 256-px working size) cut the fill's time on typical creatives to about
        0.4x; the default 3072 (session 9) another 0.84x (-38 ms per typical creative),
        PSNR inside the removed region unchanged (pipeline masks: ``data/`` 23.53 ->
        23.67 dB, hard tune 19.61 -> 19.61, held-out 17.93 -> 17.93); large textured
        holes come back softer (the bricks behind the person of ``brick_portrait`` are
        shorter and blurrier; 2048 turns them to mush at the same PSNR).
    gain, band :
        Weight of PatchMatch's texture in wide holes (see :class:`TwoScaleInpainter`).
        The default ``"ring"`` measures per hole how well the copied texture predicts a
        ``band``-px band of the known ring and keeps only that share (the MSE-optimal
        shrink): on photos whose texture cannot be predicted (gravel, foliage, a tower's
        lattice) the hole comes back as the smooth colour trend, which scores higher
        inside the removed region (``data/`` 23.25 -> 23.78 dB, hard tune 18.24 -> 18.42,
        pipeline masks) but looks flatter than copied texture; ``gain=1`` gives the
        former look.
    floor : float
        Least weight of the texture in wide holes (see :class:`TwoScaleInpainter`). The
        default 0.5 keeps half the texture's amplitude where the ring's gain is lower
        (gravel, foliage, bricks the fill cannot keep in phase), so a large hole reads as
        the ground and not as a flat silhouette: at most ``10 log10(1.25) = 0.97`` dB
        inside such a hole against the trend alone (the full copy: 3 dB); measured,
        pipeline masks, lattice off, ``data/`` 23.77 -> 23.49 dB, hard tune 18.41 ->
        18.37, held-out 16.88 -> 16.85. 0 = the session-5 fill (MSE-optimal, flat).
    lattice : float
        Periodic fill of wide holes on a regular texture (:mod:`.lattice`: bricks, tiles,
        stripes, checks): the texture's lattice from the autocorrelation of the hole's
        surroundings, each hole pixel the mean of its nearest known lattice translates at
        full resolution, seamed by a membrane. Used for a hole when its error on a band of
        the known ring, predicted as the hole is, is below ``lattice`` times that of the
        band's smooth trend; 0 = off. Such holes skip PatchMatch.
    lattice_min : int
        Smallest wide hole (pixels) tried for the periodic fill.
    lattice_retry : bool
        Try the smaller holes of a group one by one when the group has a lattice that
        fails the band check (a person on a perspective brick wall with text boxes on
        it: ``data/`` 23.49 -> 23.67 dB), at about +10 ms per typical creative (+126 ms
        on ``brick_portrait``); off by default to keep the fill's time budget. A hole
        the ``lattice_cells`` squares filled part of is not retried (the retry refilled
        it whole over them: ``brick_portrait``, pipeline mask, with retry 20.92 -> 21.21
        dB, the same as without).
    lattice_cells : int
        A large hole on a texture seen in perspective (a brick wall or a tiled floor
        receding: the lattice changes across the image, so one lattice for the whole hole
        fails its band check): its parts near the ring are filled square by square,
        ``lattice_cells`` px squares overlapping by half, each from its own local lattice
        and band check, the squares' predictions blended (:meth:`_lattice_cells`); the
        rest of the hole is left to PatchMatch, which reads them as its ring. 0 = off,
        else at least 16. Needs ``lattice > 0`` (with ``lattice=0`` the lattice
        pass, and so the squares, is skipped).
        Session 15, 0 -> 96 (the default): ``data/`` 23.68 -> 24.23 dB with the
        pipeline's masks (23.78 -> 24.04 with the true regions; ``brick_portrait``
        20.19 -> 21.21, its bricks continued in phase near the ring; 128 scored 24.00 /
        24.18, the grid's phase moves a single wall by +-0.2 dB), hard tune 20.15 ->
        20.16 (one creative changed, +0.47 dB), held-out, ``photo:voc``,
        ``photo:icdar`` and textcheck2 unchanged (no creative changed); at a cost: the
        fill's CPU time on the 24 typical creatives (1 MP, pipeline masks, one run
        under load) 207 -> 281 ms per creative, all of it on the two that try squares
        (``brick_portrait`` 275 -> 1954 ms: each square searches and refines its own
        lattice; an ICDAR 2015 frame 215 -> 323 ms, 10 squares tried, 5 accepted).
        The lattice helpers were then made faster with the same output bit for bit
        (:func:`~.lattice.lattice_predict`, the refinement's pair errors): 280 -> 259
        ms per typical creative, ``brick_portrait`` 1852 -> 1417 ms (old and new
        alternating in one process; the squares cost about 5 ms each).
    cell_gate : float
        With ``lattice_cells``: the squares are tried only where the whole hole's lattice
        came within ``cell_gate`` times the trend's error on its ring (a lattice that
        nearly holds; photos, whose ratio is far above or have no lattice, cost nothing).
    cell_size : int
        With ``lattice_cells``: the longest side of the copy each square's lattice is
        looked for on (``size`` of :func:`~.lattice.lattice_fill`).
    split : {0, 1, 2}
        A wide hole on two grounds, one of them a smooth plate (a person half on a flat
        banner and half on a photo or an object, a person inside a card frame against
        its rim): the plate's side of the hole, cut by the plate's boundary continued
        as a straight line (1, the default) or a conic (2), gets the plate's surface
        instead of a membrane that ramps between the grounds (see
        :class:`TwoScaleInpainter`). Hard tune, pipeline masks: 19.26 -> 19.34 dB, no
        creative worse; the conic gained more on some (+2.7 dB) but rounded a bar
        crossing a person's hole off (-3 dB) and drew wrong shapes. 0 = off.
    convex : {0, 1, 2}
        With ``split``: a plate that wraps round the hole (a person inside a card or a
        round avatar, the mask cutting through the frame's rim from inside) is taken as
        convex (see :class:`TwoScaleInpainter`): 1 the convex hull of its known pixels,
        2 (the default) also a rectangle or an ellipse fitted to them that continues the
        outline through the hole, preferred to a straight boundary. Pipeline masks
        (session 10): hard tune 19.61 -> 20.42 dB (0 -> 2; the hull alone, tried after
        the line: 20.11), held-out 17.92 -> 18.11, ``data/`` unchanged, no creative worse
        by more than 0.3 dB; no typical creative's fill changed, its time flat. 0 = the
        session-9 fill.
    split_each : bool
        With ``split``: a crop holding several large holes (people side by side, each in
        their own avatar or card) is split hole by hole (see :class:`TwoScaleInpainter`).
        Off by default: hard tune 20.42 -> 20.55 dB, held-out 18.11 -> 18.45, but about
        +7 ms (3 %) of split tests per typical creative, where it changes nothing.
    lines : bool
        A straight edge cut by a wide hole (a door frame, a handrail, a platform's
        stripe, a window's bar) is drawn through it before the fill
        (:func:`~.lines.continue_lines`): ring segments found by OpenCV's line segment
        detector that enter the hole from opposite sides, collinear, with the same colours
        on their sides, are joined as a step; an edge without a partner is left out.
        Session 11 round 2: ``photo:icdar`` 17.58 -> 17.58 dB (door and window frames,
        a platform's edge: 3 of 30 holes +0.13 to +1.14 dB, one -0.46), ``photo:voc``
        (tune), ``data/`` and the hard sets unchanged. Off by default: it pairs few
        edges, one wrongly, and its line detection costs ~5 ms (2 %) per typical
        creative.
    line_colour : float
        With ``lines``: the largest difference (Euclidean, RGB) between the colours on
        the same side of an edge's two ends; 50 pairs more (``photo:icdar`` 17.67 dB, one
        hole -0.48), chosen after seeing it, so not the default.
    fsr : float
        Weight of OpenCV contrib's frequency-selective reconstruction
        (:func:`~.fsr.fsr_fill`, ``cv2.xphoto``) mixed into the textured wide holes
        narrower than ``fsr_width`` at the working size (filled text boxes over photos);
        0 = off (the default: it needs ``opencv-contrib-python-headless`` and raises
        :class:`~creative_tools.errors.BackendUnavailableError` without it; measured in
        docs/results.md, "Fill, session 12").
    fsr_width : float
        With ``fsr``: the widest hole (:func:`hole_width`, working-size pixels) it is used
        for; person-sized holes are wider and keep the trend.
    fsr_method : {"fast", "best"}
        With ``fsr``: ``cv2.xphoto.INPAINT_FSR_FAST`` or ``INPAINT_FSR_BEST``.
    threads : int or None
        Threads of the fill's single-core parts (None, the default: the cores this
        process may use, at most 4; :func:`~creative_tools.executors.threaded_config`
        gives each CLI / Dask worker its share of the cores, at most 4: 1 for
        ``--workers auto``, so its single-thread workers are not oversubscribed): the
        lattice squares are searched side by side,
        the wide crops filled side by side, a lone textured crop's PatchMatch run beside
        its trend (:class:`TwoScaleInpainter`). The output is the same for every value,
        bit for bit (each PatchMatch call starts from ``seed``; the squares' predictions
        are added in the squares' order).
    """

    name = "auto"

    def __init__(self, *, wide: float = 12.0, radius: float = 5.0, patch_size: int = 3,
                 seed: int = 0, sigma: float = 4.0, flat: float = 2.5, trend: str = "membrane", fit: float = 2.0,
                 thin: str = "membrane", copy: float = 0.0, copy_min: int = 64, deep: float = 1.0,
                 guard: int = 2, halo: float = 12.0, wide_size: int = 256, budget: int = 3072,
                 gain: float | str = "ring", band: int = 3, floor: float = 0.5, lattice: float = 0.5,
                 lattice_min: int = 256, lattice_retry: bool = False,
                 lattice_cells: int = 96, cell_gate: float = 4.0, cell_size: int = 96,
                 split: int = 1, convex: int = 2,
                 split_each: bool = False, lines: bool = False, line_colour: float = 30.0,
                 fsr: float = 0.0, fsr_width: float = 24.0, fsr_method: str = "fast",
                 threads: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.threads = _check_threads(threads)
        self.wide = float(wide)
        if lattice < 0:
            raise ContractError(f"lattice must be >= 0, got {lattice}")
        self.lattice, self.lattice_min, self.lattice_retry = float(lattice), int(lattice_min), bool(lattice_retry)
        if lattice_cells < 0 or 0 < lattice_cells < 16:
            # a square under 16 px never holds lattice_min pixels (and at 1 px the pass
            # walks every pixel): such a value would silently fill nothing
            raise ContractError(
                f"lattice_cells must be 0 (off) or >= 16, got {lattice_cells}")
        self.lattice_cells = int(lattice_cells)
        if cell_gate < 0 or cell_size < 16:
            raise ContractError(f"cell_gate must be >= 0 and cell_size >= 16, got cell_gate={cell_gate}, "
                                f"cell_size={cell_size}")
        self.cell_gate, self.cell_size = float(cell_gate), int(cell_size)
        if copy < 0:
            raise ContractError(f"copy must be >= 0, got {copy}")
        self.copy, self.copy_min = float(copy), int(copy_min)
        if guard < 0 or halo < 0:
            raise ContractError(f"guard and halo must be >= 0, got guard={guard}, halo={halo}")
        self.guard, self.halo = int(guard), float(halo)
        if thin not in ("membrane", "telea", "ns"):
            raise ContractError(f"thin must be one of ['membrane', 'ns', 'telea'], got {thin!r}")
        if thin == "membrane":
            self._thin = MembraneInpainter(working_size=0, margin_ratio=0.0, min_margin=8)
        else:
            self._thin = OpenCVInpainter(method=thin, radius=radius, working_size=0)
        self._wide = TwoScaleInpainter(sigma=sigma, radius=radius, patch_size=patch_size, seed=seed, flat=flat,
                                       trend=trend, fit=fit, deep=deep, working_size=wide_size, budget=budget,
                                       gain=gain, band=band, floor=floor, split=split, convex=convex,
                                       split_each=split_each, lines=lines,
                                       line_colour=line_colour, fsr=fsr, fsr_width=fsr_width,
                                       fsr_method=fsr_method, threads=self.threads,
                                       margin_ratio=self.margin_ratio, min_margin=self.min_margin)

    def split(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(thin, wide)``: the holes of ``mask`` narrower than ``wide`` px, and the rest."""
        labels, widths = component_widths(mask)
        is_wide = widths >= self.wide
        is_wide[0] = False
        wide = is_wide[labels]
        return mask & ~wide, wide

    def _inpaint(self, image, mask):
        return self._two_pass([image], [mask])[0]

    def inpaint_batch(self, images, masks, *, around=None, regions=None):
        if len(images) != len(masks):
            raise ContractError(f"got {len(images)} images but {len(masks)} masks")
        if around is not None or regions is not None or self.strategy != "crop":
            # Another plan or strategy: the base crops, then two passes inside each crop.
            return super().inpaint_batch(images, masks, around=around, regions=regions)
        for i, (im, m) in enumerate(zip(images, masks)):
            check_image(im, f"images[{i}]")
            check_mask(m, f"masks[{i}]", like=im, like_name=f"images[{i}]")
        return self._two_pass(images, masks)

    def copy_pass(self, image: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Fill the holes whose ring repeats elsewhere by one offset copy (:mod:`.shift`).

        Returns the image with those holes filled and the mask of the holes left.
        """
        if not self.copy or not mask.any():
            return image, mask
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.view(np.uint8), connectivity=8)
        out, left = image, mask.copy()
        for k in range(1, n):
            if stats[k, cv2.CC_STAT_AREA] < self.copy_min:
                continue
            x, y, bw, bh = stats[k, :4]
            hole = np.zeros_like(mask)
            sub = labels[y:y + bh, x:x + bw] == k
            hole[y:y + bh, x:x + bw] = sub
            off = find_offset(image, hole, mask)
            if off is None or off.ratio >= self.copy:
                continue
            out = offset_fill(out, hole, off, forbidden=mask)
            left[y:y + bh, x:x + bw] &= ~sub
        return out, left

    def haloed(self, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The holes of ``mask`` whose first ``guard`` px of ring differ in colour from the ring beyond.

        A mask that misses a soft edge (anti-aliased glyphs, a shadow, a person's glow)
        leaves a band of the removed object's colour around the hole; any fill that reads
        that band spreads it inside. Per hole: the mean colour of the inner band (``guard``
        px) against that of the next 4 px; holes where they differ by more than ``halo``
        grey levels (RGB distance) are returned.
        """
        n, labels = cv2.connectedComponents(mask.view(np.uint8), connectivity=8, ltype=cv2.CV_32S)
        if n <= 1:
            return np.zeros_like(mask)
        flag = self._halo_flags(image, labels, mask, 0, n - 1)
        flag[0] = False
        return flag[labels]

    def _halo_flags(self, image: np.ndarray, labels: np.ndarray, mask: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Halo test of the holes labelled ``lo..hi`` in ``labels`` (one crop or the whole image).

        The mean colour of each hole's inner band (``guard`` px) against that of the next
        4 px; ``(hi - lo + 1,) bool``, True where they differ by more than ``halo`` grey
        levels and both bands hold pixels. Written once for :meth:`haloed` (whole image)
        and :meth:`holes` (crops).
        """
        g = self.guard
        labf = labels.astype(np.float32)
        lab_in = cv2.dilate(labf, np.ones((2 * g + 1,) * 2, np.uint8)).astype(np.int32)
        lab_out = cv2.dilate(labf, np.ones((2 * g + 9,) * 2, np.uint8)).astype(np.int32)
        inner = (lab_in > 0) & ~mask
        outer = (lab_out > 0) & (lab_in == 0)
        size = hi - lo + 1
        mu = []
        for band, lb in ((inner, lab_in), (outer, lab_out)):
            li = lb[band] - lo
            keep = (li >= 0) & (li < size)
            li = li[keep]
            c = np.bincount(li, minlength=size)
            # the band's colours read once (uint8); bincount takes its weights as float64,
            # the values the float64 copy of the whole crop held: the same sums
            px = image[band][keep]
            sm = np.stack([np.bincount(li, weights=px[:, ch], minlength=size) for ch in range(3)], -1)
            mu.append((sm / np.maximum(c, 1)[:, None], c))
        diff = np.linalg.norm(mu[0][0] - mu[1][0], axis=1)
        return (diff > self.halo) & (mu[0][1] > 0) & (mu[1][1] > 0)

    def holes(self, image: np.ndarray, mask: np.ndarray) -> "Holes":
        """Label the holes of ``mask`` once and judge each on a crop around it.

        One connected-component pass over the image; everything else (each hole's width,
        :func:`hole_width`, and whether its ring is haloed, :meth:`haloed`) is computed on
        crops around clusters of nearby holes, so the cost follows the holes. The results
        equal those of the whole-image definitions exactly.

        Parameters
        ----------
        image : (H, W, 3) uint8
        mask : (H, W) bool

        Returns
        -------
        Holes
        """
        h, w = mask.shape
        # OpenCV's labels and stats, the stats counted on the rows' runs (a fifth of the CPU)
        n, labels, stats = components(mask)
        widths = np.zeros(n, np.float64)
        halo = np.zeros(n, bool)
        g = self.guard
        # Crops hold every pixel whose band or dilated label can involve a hole of theirs.
        reach = 2 * (g + 4) + 1
        boxes = [(max(0, int(y) - reach), min(h, int(y + bh) + reach), max(0, int(x) - reach),
                  min(w, int(x + bw) + reach)) for x, y, bw, bh in stats[1:, :4]]
        clusters = merge_boxes(boxes)
        for y0, y1, x0, x1 in clusters:
            lab = labels[y0:y1, x0:x1]
            mk = mask[y0:y1, x0:x1]
            # the crop's hole labels read once; their range and which of them are here
            # (``cnt > 0``) without sorting them (np.unique)
            lk = lab[mk]
            lo, hi = int(lk.min()), int(lk.max())
            # The width: a hole's nearest non-hole pixel is never another hole (they are
            # not 8-connected), so the crop's distance transform is the image's.
            d = cv2.distanceTransform(np.pad(mk, 1).view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)[1:-1, 1:-1]
            li = lk - lo
            cnt = np.bincount(li, minlength=hi - lo + 1)
            sums = np.bincount(li, weights=d[mk], minlength=hi - lo + 1)
            widths[lo:hi + 1] = np.where(cnt > 0, 2.0 * sums / np.maximum(cnt, 1), widths[lo:hi + 1])
            if g and self.halo:
                flag = self._halo_flags(image[y0:y1, x0:x1], lab, mk, lo, hi)
                halo[lo:hi + 1] |= flag & (cnt > 0)
        if g and not self.halo:
            halo[1:] = True
        halo[0] = False
        return Holes(labels, stats, widths, halo, clusters)

    def _masks(self, mask: np.ndarray, holes: "Holes"):
        """``(fill, thin, wide)`` full-size masks, built on the clusters' crops only."""
        is_wide = holes.widths >= self.wide
        is_wide[0] = False
        wide = np.zeros_like(mask)
        fill = mask.copy()
        thin = np.zeros_like(mask)
        g = self.guard
        k = np.ones((2 * g + 1,) * 2, np.uint8) if g else None
        for y0, y1, x0, x1 in holes.clusters:
            lab = holes.labels[y0:y1, x0:x1]
            mk = mask[y0:y1, x0:x1]
            w = is_wide[lab]
            wide[y0:y1, x0:x1] |= w
            if g:
                hal = holes.halo[lab]
                f = mk | (cv2.dilate(hal.view(np.uint8), k) > 0)
                near_wide = cv2.dilate(w.view(np.uint8), k) > 0
                fill[y0:y1, x0:x1] |= f
                thin[y0:y1, x0:x1] |= f & ~(w | (near_wide & f & ~mk))
            else:
                thin[y0:y1, x0:x1] |= mk & ~w
        return fill, thin, wide, is_wide

    def lattice_pass(self, image: np.ndarray, mask: np.ndarray, holes: "Holes", built: tuple) -> np.ndarray:
        """Fill the wide holes on a regular texture from its lattice (:func:`~.lattice.lattice_fill`).

        The wide holes of at least ``lattice_min`` pixels (grown by ``guard`` where
        haloed, as the other passes see it) are tried on crops around them (holes whose
        crops overlap together, one lattice search per group); where the lattice
        predicts the ring well enough they are filled and taken out of ``built``'s fill
        and wide masks and wide flags (changed in place), so the later passes read them
        as background. Where a group's lattice came close (``cell_gate``), its holes'
        parts near the ring are tried square by square (:meth:`_lattice_cells`). Then,
        only where the image itself has a lattice (one search on a 96-px copy of the
        whole image), the thin holes (text strokes) the same way, on
        crops around clusters of them, taken out of ``built``'s thin mask.

        Returns
        -------
        (H, W, 3) uint8
            ``image`` with those holes filled (a copy when any was).
        """
        fill, _, wide, is_wide = built
        h, w = mask.shape
        g = self.guard
        out = image
        ks = [int(k) for k in np.nonzero(is_wide)[0] if holes.stats[k, cv2.CC_STAT_AREA] >= self.lattice_min]
        boxes = {}
        for k in ks:
            x, y, bw, bh = (int(v) for v in holes.stats[k, :4])
            pad = min(max(bw, bh), 160) + g + 8
            boxes[k] = (max(0, y - pad), min(h, y + bh + pad), max(0, x - pad), min(w, x + bw + pad))
        # Holes whose contexts overlap share one lattice (one search per group, not per hole).
        for y0, y1, x0, x1 in merge_boxes(list(boxes.values())):
            group = [k for k in ks if boxes[k][0] >= y0 and boxes[k][1] <= y1 and boxes[k][2] >= x0
                     and boxes[k][3] <= x1]
            lab = holes.labels[y0:y1, x0:x1]
            hole = np.isin(lab, group)
            haloed = [k for k in group if holes.halo[k]]
            if g and haloed:
                grown = cv2.dilate(np.isin(lab, haloed).view(np.uint8), np.ones((2 * g + 1,) * 2, np.uint8)) > 0
                hole |= grown & fill[y0:y1, x0:x1]
            tries = [(group, hole, (y0, y1, x0, x1))]
            while tries:
                part, hole, (y0, y1, x0, x1) = tries.pop()
                filled, ratio = lattice_fill(out[y0:y1, x0:x1], hole, fill[y0:y1, x0:x1], accept=self.lattice)
                if filled is None:
                    if self.lattice_cells and ratio < self.cell_gate:
                        # a lattice, but not one for the whole hole (perspective bends it):
                        # the hole's cells next to the ring, each from its own local lattice
                        out = self._lattice_cells(out, mask, holes, fill, wide, part)
                    if self.lattice_retry and len(part) > 1 and not np.isnan(ratio):
                        # a lattice, but not for the whole group: each smaller hole on its own
                        # (one that is most of the group was just refused with it;
                        # one the squares just filled part of keeps their fill: a
                        # retry would refill it whole over them)
                        area = holes.stats[part, cv2.CC_STAT_AREA]
                        tries += [([k], self._one_hole(holes, fill, k, boxes[k]), boxes[k])
                                  for k, a in zip(part, area) if a < 0.5 * area.sum()
                                  and not self._touched(holes, fill, k, boxes[k])]
                    continue
                if out is image:
                    out = image.copy()
                own = hole & mask[y0:y1, x0:x1]  # the guard band is read by nobody and changes nowhere
                out[y0:y1, x0:x1][own] = filled[own]
                fill[y0:y1, x0:x1] &= ~hole
                wide[y0:y1, x0:x1] &= ~hole
                is_wide[part] = False
        thin = built[1]
        if not thin.any() or find_lattice(out, fill, fill) is None:
            # Text strokes: only when the image itself repeats (one search on a 96-px copy;
            # text over a photo, most creatives, costs nothing more).
            return out
        pad = 48
        boxes = [(max(0, y0 - pad), min(h, y1 + pad), max(0, x0 - pad), min(w, x1 + pad))
                 for y0, y1, x0, x1 in holes.clusters]
        for y0, y1, x0, x1 in merge_boxes(boxes):
            hole = thin[y0:y1, x0:x1]
            if hole.sum() < self.lattice_min:
                continue
            hole = hole.copy()
            filled, _ = lattice_fill(out[y0:y1, x0:x1], hole, fill[y0:y1, x0:x1], accept=self.lattice)
            if filled is None:
                continue
            if out is image:
                out = image.copy()
            own = hole & mask[y0:y1, x0:x1]
            out[y0:y1, x0:x1][own] = filled[own]
            fill[y0:y1, x0:x1] &= ~hole
            thin[y0:y1, x0:x1] &= ~hole
        return out

    def _lattice_cells(self, out: np.ndarray, mask: np.ndarray, holes: "Holes", fill: np.ndarray,
                       wide: np.ndarray, part: list) -> np.ndarray:
        """Fill the parts of the large holes ``part`` whose local lattice predicts their ring.

        A texture seen in perspective (a brick wall receding, tiles on a floor) repeats
        with a lattice that changes across the image, so one lattice for a large hole
        fails its band check. Each hole of at least ``lattice_min`` pixels whose box is
        longer than ``lattice_cells`` (``c``) is covered by ``c``-px squares every
        ``c / 2`` px (image-aligned, so each pixel lies in four); each square's share of
        the hole is tried on its own crop (``c`` px of context each side) with its own
        lattice and band check (:func:`~.lattice.lattice_fill`, ``accept=lattice``),
        reading only the pixels known before any square (no square is predicted from
        another: chained squares drift, measured worse). A pixel takes the mean of its
        accepted squares' predictions, weighted by a tent that is highest at each
        square's centre (no seams along the squares' edges). The pixels so filled are
        taken out of ``fill`` and ``wide`` (in place); the hole's rest (far from the
        ring, or where no lattice held) is left to the later passes, which read them as
        its ring.

        Returns
        -------
        (H, W, 3) uint8
            ``out`` with those pixels filled (a copy when any was).
        """
        h, w = mask.shape
        c = self.lattice_cells
        st = max(1, c // 2)
        known_fill = fill.copy()  # frozen: every square reads the same known pixels
        src = out
        tent = np.minimum(np.arange(c) + 0.5, c - np.arange(c) - 0.5).astype(np.float32)
        tent = np.outer(tent, tent)
        g = self.guard
        band = np.ones((2 * _CELL_BAND + 1,) * 2, np.uint8)  # lattice_fill's band
        for k in part:
            x, y, bw, bh, area = (int(v) for v in holes.stats[k])
            if area < self.lattice_min or max(bw, bh) <= c:
                continue
            by0, by1, bx0, bx1 = max(0, y - g), min(h, y + bh + g), max(0, x - g), min(w, x + bw + g)
            hole = self._one_hole(holes, known_fill, k, (by0, by1, bx0, bx1))
            acc = np.zeros((by1 - by0, bx1 - bx0, 3), np.float32)
            wsum = np.zeros((by1 - by0, bx1 - bx0), np.float32)
            squares = []
            for cy in range((by0 // st) * st - st, by1, st):
                for cx in range((bx0 // st) * st - st, bx1, st):
                    # the square, clipped to the hole's box, in box coordinates
                    sy0, sy1 = max(cy, by0) - by0, min(cy + c, by1) - by0
                    sx0, sx1 = max(cx, bx0) - bx0, min(cx + c, bx1) - bx0
                    if sy1 <= sy0 or sx1 <= sx0:
                        continue
                    sq = hole[sy0:sy1, sx0:sx1]
                    if sq.sum() < self.lattice_min:
                        continue
                    squares.append((cy, cx, sy0, sy1, sx0, sx1, sq))

            def square(args):
                cy, cx, sy0, sy1, sx0, sx1, sq = args
                y0, y1, x0, x1 = max(0, cy - c), min(h, cy + 2 * c), max(0, cx - c), min(w, cx + 2 * c)
                cell = np.zeros((y1 - y0, x1 - x0), bool)
                oy, ox = by0 + sy0 - y0, bx0 + sx0 - x0
                cell[oy:oy + sy1 - sy0, ox:ox + sx1 - sx0] = sq
                # lattice_fill's own refusal (a band of under 32 known pixels), before its search
                if ((cv2.dilate(cell.view(np.uint8), band) > 0) & ~known_fill[y0:y1, x0:x1]).sum() < 32:
                    return None
                filled, _ = lattice_fill(src[y0:y1, x0:x1], cell, known_fill[y0:y1, x0:x1],
                                         accept=self.lattice, band=_CELL_BAND, size=self.cell_size)
                return None if filled is None else filled[oy:oy + sy1 - sy0, ox:ox + sx1 - sx0]

            # the squares read only the frozen known pixels: searched side by side, their
            # predictions added in the squares' order (the same sums for any thread count)
            for (cy, cx, sy0, sy1, sx0, sx1, sq), filled in zip(squares, _map(square, squares, self.threads)):
                if filled is None:
                    continue
                wt = tent[by0 + sy0 - cy:by0 + sy1 - cy, bx0 + sx0 - cx:bx0 + sx1 - cx] * sq
                acc[sy0:sy1, sx0:sx1] += wt[..., None] * filled
                wsum[sy0:sy1, sx0:sx1] += wt
            done = wsum > 0
            if not done.any():
                continue
            if out is src:
                out = src.copy()
            view = out[by0:by1, bx0:bx1]
            own = done & mask[by0:by1, bx0:bx1]
            view[own] = np.clip(np.rint(acc[own] / wsum[own][:, None]), 0, 255).astype(np.uint8)
            fill[by0:by1, bx0:bx1] &= ~done
            wide[by0:by1, bx0:bx1] &= ~done
        return out

    def _thin_regions(self, thin: np.ndarray, holes: Holes) -> list:
        """The thin pass's crops (:meth:`~.base.Inpainter.regions` of ``thin``), labelled on the clusters' crops."""
        if self._thin.strategy != "crop":
            return self._thin.regions(thin)
        stats = []
        for y0, y1, x0, x1 in holes.clusters:
            n, _, st = components(thin[y0:y1, x0:x1])
            if n > 1:
                st = st[1:, :4].copy()
                st[:, 0] += x0
                st[:, 1] += y0
                stats.append(st)
        if not stats:
            return []
        return regions_from_stats(np.concatenate(stats), thin.shape, margin_ratio=self._thin.margin_ratio,
                                  min_margin=self._thin.min_margin)

    @staticmethod
    def _touched(holes: "Holes", fill: np.ndarray, k: int, box: tuple) -> bool:
        """Whether a pixel of hole ``k`` (on the crop ``box``) is no longer in ``fill``
        (an earlier pass, the lattice squares, filled it)."""
        y0, y1, x0, x1 = box
        return bool((~fill[y0:y1, x0:x1] & (holes.labels[y0:y1, x0:x1] == k)).any())

    def _one_hole(self, holes: "Holes", fill: np.ndarray, k: int, box: tuple) -> np.ndarray:
        """Hole ``k`` on the crop ``box``, grown by ``guard`` inside ``fill`` where haloed."""
        y0, y1, x0, x1 = box
        hole = holes.labels[y0:y1, x0:x1] == k
        if self.guard and holes.halo[k]:
            k2 = np.ones((2 * self.guard + 1,) * 2, np.uint8)
            hole = (cv2.dilate(hole.view(np.uint8), k2) > 0) & fill[y0:y1, x0:x1]
        return hole

    def _two_pass(self, images, masks):
        if self.copy:
            done = [self.copy_pass(im, m) for im, m in zip(images, masks)]
            images, masks = [d[0] for d in done], [d[1] for d in done]
        holes = [self.holes(im, m) for im, m in zip(images, masks)]
        built = [self._masks(m, hs) for m, hs in zip(masks, holes)]
        fill_masks = [b[0] for b in built]
        thin = [b[1] for b in built]
        wide = [b[2] for b in built]
        out = list(images)
        if self.lattice:
            out = [self.lattice_pass(o, m, hs, b) for o, m, hs, b in zip(out, masks, holes, built)]
        wide_regions = []
        for m, hs, b in zip(masks, holes, built):
            sel = np.nonzero(b[3][1:])[0] + 1
            wide_regions.append(regions_from_stats(hs.stats[sel], m.shape, margin_ratio=self._wide.margin_ratio,
                                                   min_margin=self._wide.min_margin))
        if any(wide_regions):
            # One call per image: the PatchMatch budget is per image.
            out = [self._wide.inpaint_batch([o], [f], around=[w], regions=[r])[0] if r else o
                   for o, f, w, r in zip(out, fill_masks, wide, wide_regions)]
        # The thin pass's crops planned from the clusters' crops: thin pixels lie within
        # ``guard`` px of their holes, well inside their cluster, so no stroke spans two
        # clusters and the crops equal :func:`~.base.plan_regions` of the whole thin mask.
        thin_regions = [self._thin_regions(t, hs) for t, hs in zip(thin, holes)]
        out = self._thin.inpaint_batch(out, thin, regions=thin_regions)
        if self.guard:
            # Only the mask's own pixels change: undo the guard band, crop by crop.
            for o, im, m, f, hs in zip(out, images, masks, fill_masks, holes):
                for y0, y1, x0, x1 in hs.clusters:
                    sl = (slice(y0, y1), slice(x0, x1))
                    _paste(o[sl], im[sl], f[sl] & ~m[sl])
        return out


@dataclass(frozen=True)
class Holes:
    """The holes of one mask, labelled once (:meth:`AutoInpainter.holes`).

    Attributes
    ----------
    labels : (H, W) int32
        0 outside the mask, ``1..n`` per 8-connected hole.
    stats : (n + 1, 5) int32
        ``cv2.connectedComponentsWithStats`` rows (x, y, width, height, area).
    widths : (n + 1,) float64
        :func:`hole_width` of each hole (0 for the background).
    halo : (n + 1,) bool
        Holes whose ring is haloed (:meth:`AutoInpainter.haloed`), grown by ``guard``.
    clusters : list of (y0, y1, x0, x1)
        Non-overlapping crops that hold every hole with the context its tests need.
    """

    labels: np.ndarray
    stats: np.ndarray
    widths: np.ndarray
    halo: np.ndarray
    clusters: list


@register("inpaint", "telea", description="OpenCV fast-marching fill (Telea); fast, for thin holes",
          requires=("cv2",), embedded=True)
def _telea(**options) -> OpenCVInpainter:
    return OpenCVInpainter(method="telea", **options)


@register("inpaint", "ns", description="OpenCV Navier-Stokes fill; fast, for thin holes",
          requires=("cv2",), embedded=True)
def _ns(**options) -> OpenCVInpainter:
    return OpenCVInpainter(method="ns", **options)


@register("inpaint", "membrane", description="harmonic interpolation from the hole's ring; flat colours, gradients, thin holes",
          requires=("cv2",), embedded=True)
def _membrane(**options) -> MembraneInpainter:
    return MembraneInpainter(**options)


@register("inpaint", "patchmatch", description="PatchMatch texture fill (pypatchmatch); large holes",
          requires=("patchmatch",), embedded=True)
def _patchmatch(**options) -> PatchMatchInpainter:
    return PatchMatchInpainter(**options)


@register("inpaint", "twoscale", description="PatchMatch texture over a Navier-Stokes colour trend; large holes",
          requires=("cv2", "patchmatch"), embedded=True)
def _twoscale(**options) -> TwoScaleInpainter:
    return TwoScaleInpainter(**options)


@register("inpaint", "auto", description="membrane for thin holes, surface or two-scale PatchMatch for wide ones (default)",
          requires=("cv2", "patchmatch"), embedded=True)
def _auto(**options) -> AutoInpainter:
    return AutoInpainter(**options)
