"""Every creative as labelled, editable layers.

``decompose(result)`` turns a pipeline result into a :class:`LayerStack`: the recovered
background at the bottom, then objects, people and text blocks, each an RGBA layer with
a real alpha (matte + colour decontaminated against the known background) and its
labels (text layers carry the recognised text, lines, colour and font size). The stack
saves as ``layers/*.png`` + ``layers.json`` + ``layers.ora`` (OpenRaster).

Files: :mod:`.stack` (the model, ``layers.json``), :mod:`.ora` (OpenRaster writer and
spec reader), :mod:`.matting` (alpha and colour solve), :mod:`.sources` (people, text,
objects as sources), :mod:`.text_attrs` (recognition, line grouping, colour, size),
:mod:`.construct` (the construction: `decompose`), :mod:`.strip` (a picture of the stack).
"""

from __future__ import annotations

from .construct import decompose, decompose_arrays
from .ora import read_ora, write_ora
from .sources import Source, sources_from_result
from .stack import KINDS, Layer, LayerStack, over, psnr
from .strip import layer_strip
from .text_attrs import TextReader, make_reader

__all__ = ["decompose", "decompose_arrays", "read_ora", "write_ora", "Source", "sources_from_result",
           "KINDS", "Layer", "LayerStack", "over", "psnr", "layer_strip", "TextReader", "make_reader"]
