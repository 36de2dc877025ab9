"""OpenRaster (``.ora``): the open layered format GIMP, Krita and MyPaint read.

Written and read from the OpenRaster specification (version 0.0.5,
https://www.openraster.org/baseline/file-layout-spec.html):

* a ZIP file whose **first** entry is ``mimetype``, **stored** (not compressed), holding
  the ASCII bytes ``image/openraster`` and nothing else;
* ``stack.xml``: ``<image w= h= version=>`` with one root ``<stack>``; its children are
  ``<layer src= name= x= y= opacity= visibility= composite-op=>`` or nested ``<stack>``
  elements, the **first child on top**;
* the layer PNGs (``data/*.png``, straight i.e. non-premultiplied RGBA);
* ``mergedimage.png``: the full-size composite; ``Thumbnails/thumbnail.png``: the
  composite scaled to at most 256x256.

The reader is independent of the writer (it follows the spec, not our file layout) so a
test of one against the other checks both.
"""

from __future__ import annotations

import io
import os
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ..errors import ContractError

__all__ = ["MIMETYPE", "write_ora", "read_ora", "OraImage", "OraLayer"]

MIMETYPE = b"image/openraster"
THUMB_MAX = 256


def _png(arr: np.ndarray, mode: str) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr, mode).save(buf, format="PNG")
    return buf.getvalue()


def write_ora(path, stack) -> Path:
    """Write a :class:`~creative_tools.layers.stack.LayerStack` as an OpenRaster file.

    Parameters
    ----------
    path : path-like
        The ``.ora`` file to write (atomically: a temporary file, then renamed).
    stack : LayerStack

    Returns
    -------
    Path
    """
    path = Path(path)
    W, H = (int(v) for v in stack.size)
    root = ET.Element("image", {"version": "0.0.5", "w": str(W), "h": str(H)})
    top = ET.SubElement(root, "stack")
    for la in reversed(stack.layers):  # the first child is the top layer
        ET.SubElement(top, "layer", {
            "name": la.name, "src": f"data/{la.name}.png", "x": str(la.x), "y": str(la.y),
            "opacity": "1.0", "visibility": "visible", "composite-op": "svg:src-over",
        })
    merged = stack.composite()
    thumb = Image.fromarray(merged)
    thumb.thumbnail((THUMB_MAX, THUMB_MAX), Image.LANCZOS)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
            z.writestr("stack.xml", ET.tostring(root, encoding="UTF-8", xml_declaration=True))
            for la in stack.layers:  # PNG is compressed already
                z.writestr(f"data/{la.name}.png", _png(la.rgba, "RGBA"), compress_type=zipfile.ZIP_STORED)
            z.writestr("mergedimage.png", _png(merged, "RGB"), compress_type=zipfile.ZIP_STORED)
            z.writestr("Thumbnails/thumbnail.png", _png(np.asarray(thumb), "RGB"),
                       compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


@dataclass
class OraLayer:
    """A layer as the file declares it (bottom to top in :attr:`OraImage.layers`)."""

    name: str
    src: str
    x: int
    y: int
    opacity: float
    visible: bool
    composite_op: str
    rgba: np.ndarray  # (h, w, 4) uint8, straight alpha


@dataclass
class OraImage:
    """What :func:`read_ora` found.

    Attributes
    ----------
    size : (W, H)
    layers : list of OraLayer, bottom to top (nested stacks flattened, offsets added)
    merged : (H, W, 4) uint8 or None
        ``mergedimage.png``.
    thumbnail : (h, w, 4) uint8 or None
    """

    size: tuple[int, int]
    layers: list[OraLayer]
    merged: np.ndarray | None
    thumbnail: np.ndarray | None

    def render(self) -> np.ndarray:
        """Composite the visible layers with ``svg:src-over`` on a transparent canvas.

        Returns
        -------
        (H, W, 4) uint8 straight RGBA.
        """
        W, H = self.size
        acc = np.zeros((H, W, 4), np.float64)  # premultiplied
        for la in self.layers:
            if not la.visible:
                continue
            if la.composite_op not in ("svg:src-over", ""):
                raise ContractError(f"layer {la.name!r}: composite-op {la.composite_op!r} is not supported "
                                    "by this reader (only svg:src-over)")
            h, w = la.rgba.shape[:2]
            x0, y0, x1, y1 = max(la.x, 0), max(la.y, 0), min(la.x + w, W), min(la.y + h, H)
            if x0 >= x1 or y0 >= y1:
                continue
            s = la.rgba[y0 - la.y:y1 - la.y, x0 - la.x:x1 - la.x].astype(np.float64) / 255.0
            a = s[..., 3:4] * la.opacity
            src = np.concatenate([s[..., :3] * a, a], -1)
            acc[y0:y1, x0:x1] = src + (1.0 - a) * acc[y0:y1, x0:x1]
        alpha = acc[..., 3:4]
        rgb = np.where(alpha > 0, acc[..., :3] / np.maximum(alpha, 1e-12), 0.0)
        return np.round(np.concatenate([rgb, alpha], -1) * 255.0).astype(np.uint8)


def _read_png(z: zipfile.ZipFile, name: str, where: str) -> np.ndarray:
    try:
        data = z.read(name)
    except KeyError:
        raise ContractError(f"{where}: {name} is named in stack.xml but not in the archive") from None
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGBA"))


def read_ora(path) -> OraImage:
    """Read an OpenRaster file, checking the parts of the spec a reader depends on.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    OraImage

    Raises
    ------
    ContractError
        Not a ZIP, ``mimetype`` missing / not first / compressed / wrong content, no or bad
        ``stack.xml``, or a layer file missing.
    """
    path = Path(path)
    where = str(path)
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        raise ContractError(f"{where}: not an OpenRaster (ZIP) file ({e})") from e
    with z:
        infos = z.infolist()
        if not infos or infos[0].filename != "mimetype":
            first = infos[0].filename if infos else "nothing"
            raise ContractError(f"{where}: the first entry must be 'mimetype', got {first!r}")
        if infos[0].compress_type != zipfile.ZIP_STORED:
            raise ContractError(f"{where}: 'mimetype' must be stored uncompressed")
        if z.read("mimetype") != MIMETYPE:
            raise ContractError(f"{where}: mimetype must be {MIMETYPE!r}, got {z.read('mimetype')[:40]!r}")
        try:
            root = ET.fromstring(z.read("stack.xml"))
        except KeyError:
            raise ContractError(f"{where}: no stack.xml") from None
        except ET.ParseError as e:
            raise ContractError(f"{where}: stack.xml is not XML ({e})") from e
        if root.tag != "image" or "w" not in root.attrib or "h" not in root.attrib:
            raise ContractError(f"{where}: stack.xml root must be <image w= h=>, got <{root.tag} {root.attrib}>")
        stacks = root.findall("stack")
        if len(stacks) != 1:
            raise ContractError(f"{where}: <image> must hold exactly one root <stack>, found {len(stacks)}")
        layers: list[OraLayer] = []

        def walk(node, dx: int, dy: int, visible: bool, opacity: float) -> None:
            # children are listed top first; collect bottom first
            for child in reversed(list(node)):
                x = dx + int(float(child.get("x", 0)))
                y = dy + int(float(child.get("y", 0)))
                vis = visible and child.get("visibility", "visible") != "hidden"
                op = opacity * float(child.get("opacity", 1.0))
                if child.tag == "stack":
                    walk(child, x, y, vis, op)
                elif child.tag == "layer":
                    src = child.get("src")
                    if not src:
                        raise ContractError(f"{where}: a <layer> has no src")
                    layers.append(OraLayer(child.get("name", src), src, x, y, op, vis,
                                           child.get("composite-op", "svg:src-over"),
                                           _read_png(z, src, where)))

        walk(stacks[0], 0, 0, True, 1.0)
        names = set(z.namelist())
        merged = _read_png(z, "mergedimage.png", where) if "mergedimage.png" in names else None
        thumb = (_read_png(z, "Thumbnails/thumbnail.png", where)
                 if "Thumbnails/thumbnail.png" in names else None)
    return OraImage((int(root.get("w")), int(root.get("h"))), layers, merged, thumb)
