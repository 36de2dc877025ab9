"""The layer stack: RGBA layers placed on a canvas, bottom to top, and ``layers.json``.

A :class:`Layer` is a straight (not premultiplied) RGBA ``uint8`` image cropped to its
box, its offset on the canvas and its labels. A :class:`LayerStack` composites them with
the Porter-Duff "over" operator (what OpenRaster calls ``svg:src-over``) and reads and
writes the ``layers/`` folder with its ``layers.json``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..contract import check_image
from ..errors import ContractError

__all__ = ["KINDS", "Layer", "LayerStack", "over", "psnr"]

#: Layer kinds, in their usual order from the bottom.
KINDS = ("background", "object", "person", "text")


@dataclass
class Layer:
    """One layer.

    Attributes
    ----------
    name : str
        Unique within the stack (``background``, ``person_1``, ``text_3``, ...).
    kind : str
        One of :data:`KINDS`.
    rgba : (h, w, 4) uint8
        Straight RGBA, cropped to the layer's box.
    x, y : int
        Offset of ``rgba``'s top-left pixel on the canvas.
    attrs : dict
        JSON-ready labels per kind: text layers ``text``, ``lines``, ``color``,
        ``font_size_px``; people ``score``; objects ``object_kind``.
    """

    name: str
    kind: str
    rgba: np.ndarray
    x: int = 0
    y: int = 0
    attrs: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ContractError(f"layer {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")
        a = self.rgba
        if not isinstance(a, np.ndarray) or a.ndim != 3 or a.shape[2] != 4 or a.dtype != np.uint8:
            raise ContractError(f"layer {self.name!r}: rgba must be an (h, w, 4) uint8 array, got "
                                f"{getattr(a, 'shape', type(a))} {getattr(a, 'dtype', '')}")
        self.x, self.y = int(self.x), int(self.y)

    @property
    def box(self) -> list[int]:
        """``[x0, y0, x1, y1]`` on the canvas (x1, y1 exclusive)."""
        h, w = self.rgba.shape[:2]
        return [self.x, self.y, self.x + w, self.y + h]

    @property
    def file(self) -> str:
        """The PNG's path relative to the creative's output folder."""
        return f"layers/{self.name}.png"

    def moved(self, dx: int, dy: int) -> "Layer":
        """A copy placed ``dx``, ``dy`` pixels further right and down."""
        return replace(self, x=self.x + int(dx), y=self.y + int(dy), attrs=dict(self.attrs))

    def recolored(self, rgb, *, source=None, tolerance: float = 60.0) -> "Layer":
        """A copy whose ``source`` colour (default: ``attrs["color"]``, the text fill) becomes ``rgb``.

        Pixels within ``tolerance`` (RGB distance) of the source colour are shifted by
        ``rgb - source`` (shading and anti-aliasing kept); others (an outline, a shadow)
        stay. Alpha is unchanged.

        Examples
        --------
        >>> la = Layer("t", "text", np.full((1, 2, 4), 255, np.uint8), attrs={"color": [255, 255, 255]})
        >>> la.rgba[0, 1, :3] = 0   # an outline pixel
        >>> la.recolored([255, 0, 0]).rgba[0, :, :3].tolist()
        [[255, 0, 0], [0, 0, 0]]
        """
        src = self.attrs.get("color") if source is None else source
        if src is None:
            raise ContractError(f"layer {self.name!r} has no 'color'; pass source=[r, g, b]")
        src = np.asarray(src, np.float32)
        rgb = np.asarray(rgb, np.float32)
        c = self.rgba[..., :3].astype(np.float32)
        near = np.linalg.norm(c - src, axis=-1) <= tolerance
        out = self.rgba.copy()
        out[..., :3][near] = np.clip(c[near] + (rgb - src), 0, 255).round().astype(np.uint8)
        attrs = dict(self.attrs)
        attrs["color"] = [int(v) for v in rgb]
        return replace(self, rgba=out, attrs=attrs)

    def record(self) -> dict:
        """The layer's ``layers.json`` entry."""
        return {"name": self.name, "kind": self.kind, "file": self.file, "x": self.x, "y": self.y,
                "box": self.box, **self.attrs}


def over(below: np.ndarray, layer: np.ndarray, x: int = 0, y: int = 0, *, opacity: float = 1.0) -> np.ndarray:
    """Composite a straight RGBA layer over an opaque float canvas (in place and returned).

    Parameters
    ----------
    below : (H, W, 3) float32 in [0, 1]
        The canvas (modified).
    layer : (h, w, 4) uint8
    x, y : int
        Offset of the layer; parts off the canvas are ignored.
    opacity : float
        Multiplies the layer's alpha.

    Returns
    -------
    (H, W, 3) float32, the same array as ``below``.
    """
    H, W = below.shape[:2]
    h, w = layer.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
    if x0 >= x1 or y0 >= y1:
        return below
    sub = layer[y0 - y:y1 - y, x0 - x:x1 - x].astype(np.float32) / 255.0
    a = sub[..., 3:4] * np.float32(opacity)
    below[y0:y1, x0:x1] = a * sub[..., :3] + (1.0 - a) * below[y0:y1, x0:x1]
    return below


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """PSNR in dB between two uint8 images (inf when identical)."""
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0 ** 2 / mse))


_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class LayerStack:
    """Layers bottom to top on a ``(W, H)`` canvas.

    Attributes
    ----------
    size : (W, H)
    layers : list of Layer
        ``layers[0]`` is the bottom (the background plate).
    """

    size: tuple[int, int]
    layers: list[Layer] = field(default_factory=list)

    def __post_init__(self):
        names = [la.name for la in self.layers]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ContractError(f"layer names must be unique, repeated: {dup}")
        bad = [n for n in names if not _NAME.match(n)]
        if bad:
            raise ContractError(f"layer names may hold only letters, digits, '_', '-', '.': {bad}")

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, key):
        if isinstance(key, str):
            for la in self.layers:
                if la.name == key:
                    return la
            raise KeyError(f"no layer {key!r}; layers: {[la.name for la in self.layers]}")
        return self.layers[key]

    def of_kind(self, kind: str) -> list[Layer]:
        return [la for la in self.layers if la.kind == kind]

    def composite(self, *, skip=()) -> np.ndarray:
        """Composite bottom to top ("over") on black; returns ``(H, W, 3) uint8``.

        Parameters
        ----------
        skip : iterable of str
            Names of layers to leave out.
        """
        W, H = self.size
        canvas = np.zeros((H, W, 3), np.float32)
        for la in self.layers:
            if la.name not in skip:
                over(canvas, la.rgba, la.x, la.y)
        return np.round(canvas * 255.0).astype(np.uint8)

    def record(self) -> dict:
        """The ``layers.json`` content."""
        return {"size": [int(self.size[0]), int(self.size[1])], "layers": [la.record() for la in self.layers]}

    # -- files ---------------------------------------------------------------------------
    def save(self, folder, *, ora: bool = True) -> Path:
        """Write ``layers/*.png``, ``layers.json`` and (``ora=True``) ``layers.ora`` into ``folder``.

        Returns the path of ``layers.json``.
        """
        from PIL import Image

        from .ora import write_ora

        folder = Path(folder)
        (folder / "layers").mkdir(parents=True, exist_ok=True)
        for la in self.layers:
            Image.fromarray(la.rgba, "RGBA").save(folder / la.file)
        if ora:
            write_ora(folder / "layers.ora", self)
        path = folder / "layers.json"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".layers.json.", suffix=".part")
        with os.fdopen(fd, "w") as f:
            json.dump(self.record(), f, indent=2)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, folder) -> "LayerStack":
        """Read a stack written by :meth:`save` (``folder/layers.json`` and its PNGs)."""
        from PIL import Image

        folder = Path(folder)
        path = folder / "layers.json" if folder.is_dir() else folder
        folder = path.parent
        try:
            rec = json.loads(path.read_text())
        except (OSError, ValueError) as e:
            raise ContractError(f"{path}: cannot read a layers.json ({e})") from e
        layers = []
        for r in rec["layers"]:
            with Image.open(folder / r["file"]) as im:
                rgba = np.asarray(im.convert("RGBA"))
            attrs = {k: v for k, v in r.items() if k not in ("name", "kind", "file", "x", "y", "box")}
            layers.append(Layer(r["name"], r["kind"], rgba, r["x"], r["y"], attrs))
        return cls(tuple(rec["size"]), layers)

    def replaced(self, layer: Layer) -> "LayerStack":
        """A new stack with the layer of the same name swapped for ``layer``."""
        names = [la.name for la in self.layers]
        if layer.name not in names:
            raise KeyError(f"no layer {layer.name!r}; layers: {names}")
        return LayerStack(self.size, [layer if la.name == layer.name else la for la in self.layers])

    def with_background(self, image: np.ndarray) -> "LayerStack":
        """A new stack on another background (resized to the canvas if needed)."""
        import cv2

        check_image(image, "image")
        W, H = self.size
        if image.shape[:2] != (H, W):
            image = cv2.resize(image, (W, H), interpolation=cv2.INTER_AREA)
        bg = Layer(self.layers[0].name, "background", np.dstack([image, np.full((H, W), 255, np.uint8)]))
        return LayerStack(self.size, [bg] + self.layers[1:])

    @classmethod
    def from_background(cls, background: np.ndarray) -> "LayerStack":
        """A stack holding only the opaque background plate."""
        check_image(background, "background")
        H, W = background.shape[:2]
        rgba = np.dstack([background, np.full((H, W), 255, np.uint8)])
        return cls((W, H), [Layer("background", "background", rgba)])
