"""A creative as labelled layers: the recovered plate, then objects, people, text.

The construction guarantees the round trip. Every layer above the background is zero
outside the fill mask, so compositing gives the input there bit for bit. Inside, layers
are solved bottom to top against what lies below them (the plate and the lower layers,
as 8-bit files store them): each gets a matte (:mod:`.matting`) and then the colour that
reproduces the creative exactly for that alpha (:func:`.matting.solve_colour`), so the
only error left is 8-bit rounding.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
from scipy import ndimage

from ..contract import check_image, check_mask
from .matting import guided_filter, known_background_alpha, solve_colour
from .sources import Source, sources_from_result
from .stack import Layer, LayerStack, over
from .text_attrs import TextReader, font_size_px, ink_height, make_reader, text_colour

__all__ = ["decompose", "decompose_arrays"]

#: Colour distance (RGB in [0, 1], Euclidean) above which a pixel differs from what lies below.
CORE_DIFF = 0.1
#: Probability above which a soft source (a person) may still cover a pixel.
REACH_PROB = 0.05


def _bbox(mask: np.ndarray, margin: int, shape) -> tuple[slice, slice] | None:
    ys, xs = np.nonzero(mask)
    if not len(ys):
        return None
    H, W = shape
    return (slice(max(ys.min() - margin, 0), min(ys.max() + 1 + margin, H)),
            slice(max(xs.min() - margin, 0), min(xs.max() + 1 + margin, W)))


def decompose_arrays(image: np.ndarray, background: np.ndarray, fill_mask: np.ndarray,
                     sources: Sequence[Source], *, radius: int | None = None) -> LayerStack:
    """Layers from the creative, its recovered background, the fill mask and the sources.

    Parameters
    ----------
    image, background : (H, W, 3) uint8 RGB
        ``background`` equals ``image`` outside ``fill_mask``.
    fill_mask : (H, W) bool
        What was removed; no layer above the background reaches outside it. Its pixels
        that no source reaches (claim, or prior > ``REACH_PROB``) are the real background
        seen around the removed things: the bottom layer takes the input there (it is
        ``background`` everywhere else).
    sources : list of Source
        Bottom to top.
    radius : int, optional
        Guided-filter radius for probability priors (default long side / 200, at least 2).

    Returns
    -------
    LayerStack
        Compositing it gives ``image`` exactly outside ``fill_mask`` and up to 8-bit
        rounding inside.
    """
    check_image(image, "image")
    check_image(background, "background")
    check_mask(fill_mask, "fill_mask", like=image)
    if background.shape != image.shape:
        raise ValueError(f"background must have shape {image.shape} like image, got {background.shape}")
    H, W = image.shape[:2]
    radius = max(2, round(max(H, W) / 200)) if radius is None else int(radius)
    sources = [_tight_text(s, image, background) if s.kind == "text" else s for s in sources]
    sources = [s for s in sources if (s.claim & fill_mask).any()]
    # Pixels of the fill mask that no source reaches (the dilation ring) show the real
    # background: the plate takes the input there, so no layer carries the difference
    # between the inpainted and the real background around a glyph or a person.
    reach = np.zeros((H, W), bool)
    for s in sources:
        reach |= s.claim if s.prior is None else s.claim | (s.prior > REACH_PROB)
    fill_mask = fill_mask & reach
    plate = np.where(fill_mask[..., None], background, image)
    stack = LayerStack.from_background(plate)
    canvas = plate.astype(np.float32) / 255.0
    target_all = image.astype(np.float32) / 255.0

    # Partition the fill mask: every pixel goes to the nearest claim (upper claims win ties).
    lab = np.zeros((H, W), np.int32)
    for k, s in enumerate(sources, start=1):
        lab[s.claim & fill_mask] = k
    if sources:
        _, (iy, ix) = ndimage.distance_transform_edt(lab == 0, return_indices=True)
        cell = np.where(fill_mask, lab[iy, ix], 0)
    else:
        cell = lab
    counts: dict[str, int] = {}
    for k, s in enumerate(sources, start=1):
        support = (cell == k) | (s.claim & fill_mask)
        above = np.zeros((H, W), bool)
        for t in sources[k:]:
            above |= t.claim
        box = _bbox(support, 2 * radius + 2, (H, W))
        if box is None:
            continue
        sup, claim = support[box], s.claim[box]
        I, C = target_all[box], canvas[box]
        # under an upper layer's pixels this layer shows what it would without them
        hidden = above[box] & sup
        if hidden.any():
            u8 = image[box]
            T = cv2.inpaint(np.ascontiguousarray(u8), cv2.dilate(hidden.astype(np.uint8), np.ones((3, 3), np.uint8)),
                            3, cv2.INPAINT_TELEA).astype(np.float32) / 255.0
            T = np.where(hidden[..., None], T, I)
        else:
            T = I
        diff = np.linalg.norm(T - C, axis=-1)
        if s.prior is not None:
            prior = guided_filter(I, s.prior[box], radius=radius, eps=1e-3) * sup
            core = claim & (prior >= 0.95)
            eroded = cv2.erode(core.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=2).astype(bool)
            core = eroded if eroded.any() else core
        else:
            core = claim & (diff > CORE_DIFF)
            if not core.any():
                core = claim.copy()
            prior = core.astype(np.float32)
        alpha, _ = known_background_alpha(T, C, prior, core)
        alpha = np.where(sup, alpha, 0.0).astype(np.float32)
        # nothing outside the support, even where T differs from C (the solve below raises
        # alpha to what the colours need, and only inside the support)
        Tm = np.where(sup[..., None], T, C)
        a8, c8 = solve_colour(Tm, C, alpha)
        a8[~sup] = 0
        c8[~sup] = 0
        nz = _bbox(a8 > 0, 0, a8.shape)
        if nz is None:
            continue
        rgba = np.dstack([c8, a8])[nz]
        y0, x0 = box[0].start + nz[0].start, box[1].start + nz[1].start
        over(canvas, rgba, x0, y0)
        counts[s.kind] = counts.get(s.kind, 0) + 1
        attrs = dict(s.attrs)
        if s.kind == "text":
            attrs.update(_text_attrs(T, core, s, box))
        stack.layers.append(Layer(f"{s.kind}_{counts[s.kind]}", s.kind, rgba, x0, y0, attrs))
    return stack


def _tight_text(s: Source, image: np.ndarray, background: np.ndarray) -> Source:
    """Keep the text claim's pixels near strokes of the text's fill colour.

    The glyph mask may hold background detail that differs from the ring around the
    text (a tower behind a headline). Text is strokes of one fill colour with an
    outline or shadow next to them: pixels farther than ``0.15 x`` the line height from
    a fill-coloured stroke are left to the background.
    """
    from dataclasses import replace

    box = _bbox(s.claim, 0, s.claim.shape)
    if box is None:
        return s
    claim = s.claim[box]
    I = image[box].astype(np.float32) / 255.0
    B = background[box].astype(np.float32) / 255.0
    ink = claim & (np.linalg.norm(I - B, axis=-1) > CORE_DIFF)
    if ink.sum() < 8:
        return s
    depth = ndimage.distance_transform_edt(np.pad(ink, 1))[1:-1, 1:-1]
    fill = np.float32(text_colour(np.round(I[ink] * 255).astype(np.uint8), depth[ink])) / 255.0
    strokes = ink & (np.linalg.norm(I - fill, axis=-1) < np.linalg.norm(I - B, axis=-1))
    if not strokes.any():
        return s
    heights = [cv2.minAreaRect(np.asarray(p, np.float32))[1] for p in s.polygons]
    h = float(np.median([min(w_, h_) for w_, h_ in heights])) if heights else 10.0
    near = ndimage.distance_transform_edt(~strokes) <= max(3.0, 0.15 * h)
    tight = np.zeros_like(s.claim)
    tight[box] = claim & near
    return replace(s, claim=tight)


def _text_attrs(T: np.ndarray, core: np.ndarray, s: Source, box) -> dict:
    """Colour and font size of a text block from its ink (``core``) pixels."""
    if not core.any():
        return {"color": None, "font_size_px": None}
    depth = ndimage.distance_transform_edt(np.pad(core, 1))[1:-1, 1:-1]
    colour = text_colour(np.round(T[core] * 255).astype(np.uint8), depth[core])
    ys, xs = np.nonzero(core)
    pts = np.stack([xs + box[1].start, ys + box[0].start], 1).astype(np.float32)
    sizes = []
    for line, poly in zip(s.attrs.get("lines", []), s.polygons):
        inside = np.zeros(core.shape, np.uint8)
        shifted = np.asarray(poly, np.float32) - np.float32([box[1].start, box[0].start])
        cv2.fillPoly(inside, [np.round(shifted).astype(np.int32)], 1)
        h = ink_height(poly, pts[inside[ys, xs] > 0])
        line["ink_height_px"] = round(h, 1)
        fs = font_size_px(h, line.get("text") or "")
        if fs:
            sizes.append(fs)
    return {"color": colour, "font_size_px": round(float(np.median(sizes)), 1) if sizes else None}


def decompose(result, *, recognizer: TextReader | None | str = "ppocr", extra: Sequence[Source] = (),
              radius: int | None = None) -> LayerStack:
    """The layers of a pipeline result (``Pipeline.run`` / ``recover_background``).

    Parameters
    ----------
    result : creative_tools.pipeline.Result
    recognizer : TextReader, str or None
        Reads the text layers' strings: a :class:`creative_tools.text.recognize.Recognizer`
        (pass one to reuse it), a model name (``"ppocr"`` = ``"ppocrv4"``, the recogniser
        that ships with the detector; ``"ppocrv6_small"``) or None (no text read).
    extra : list of Source
        More sources (e.g. objects) added to the stack by kind.
    radius : int, optional
        Guided-filter radius (default long side / 200).

    Returns
    -------
    LayerStack

    Examples
    --------
    >>> import creative_tools as ct  # doctest: +SKIP
    >>> stack = ct.decompose(ct.recover_background(image))  # doctest: +SKIP
    >>> stack.save("out/creative")  # layers/, layers.json, layers.ora  # doctest: +SKIP
    """
    recognizer = make_reader(recognizer)
    sources = sources_from_result(result, recognizer=recognizer, extra=extra)
    return decompose_arrays(result.image, result.background, result.mask, sources, radius=radius)
