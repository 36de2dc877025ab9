"""Reading and writing images under the array contract.

:func:`load_image` turns whatever a creative folder holds into ``(H, W, 3) uint8`` RGB,
or raises :class:`~creative_tools.errors.ImageLoadError` naming the file and the reason.
:func:`save_image` writes atomically and never over a protected input.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from typing import Iterable

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .contract import check_image, check_mask
from .errors import ContractError, ImageLoadError, ImageWriteError

__all__ = ["load_image", "save_image", "save_mask", "IMAGE_SUFFIXES", "DEFAULT_MAX_PIXELS", "list_images"]

#: Refuse images above this many pixels (decompression-bomb guard): 16k x 10k.
DEFAULT_MAX_PIXELS = 160_000_000

#: File suffixes picked up when a folder is given.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif")

# PIL must never silently pad a truncated file with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def _parse_colour(background) -> tuple[int, int, int]:
    if isinstance(background, str):
        from PIL import ImageColor

        try:
            return ImageColor.getrgb(background)[:3]
        except ValueError as e:
            raise ContractError(f"background must be a colour name or #rrggbb, got {background!r}") from e
    bg = tuple(int(c) for c in background)
    if len(bg) != 3 or not all(0 <= c <= 255 for c in bg):
        raise ContractError(f"background must be 3 ints in [0, 255], got {background!r}")
    return bg


def _to_rgb(im: Image.Image, bg: tuple[int, int, int]) -> np.ndarray:
    mode = im.mode
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode == "PA":
        im = im.convert("RGBA")
    elif mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        a = np.asarray(im, dtype=np.float64)
        # 16-bit data: map the full 16-bit range to 8 bits (not a clip at 255).
        a = a / 257.0 if a.max(initial=0) > 255 else a
        return np.repeat(np.clip(np.rint(a), 0, 255).astype(np.uint8)[..., None], 3, axis=2)
    elif mode == "F":
        a = np.asarray(im, dtype=np.float64)
        a = np.nan_to_num(a, nan=0.0)
        a = a * 255.0 if a.max(initial=0) <= 1.0 else a
        return np.repeat(np.clip(np.rint(a), 0, 255).astype(np.uint8)[..., None], 3, axis=2)
    elif mode == "LA":
        im = im.convert("RGBA")
    if im.mode == "RGBA" or im.mode == "RGBa":
        base = Image.new("RGBA", im.size, bg + (255,))
        im = Image.alpha_composite(base, im.convert("RGBA"))
    if im.mode != "RGB":
        im = im.convert("RGB")  # L, 1, CMYK, YCbCr, LAB, HSV ...
    return np.asarray(im, dtype=np.uint8).copy()


def load_image(path: str | os.PathLike, *, background="white",
               max_pixels: int | None = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Read an image file as ``(H, W, 3) uint8`` RGB.

    Applies the EXIF orientation; flattens transparency (RGBA, LA, palette with a
    transparent colour) onto ``background``; converts CMYK, greyscale, bilevel and
    16-bit images; takes the first frame of animations.

    Parameters
    ----------
    path : path-like
    background : str or (r, g, b)
        Colour that transparent pixels are flattened onto (default white).
    max_pixels : int or None
        Refuse images with more pixels than this (decompression bombs); None = no limit.

    Returns
    -------
    (H, W, 3) uint8 ndarray

    Raises
    ------
    ImageLoadError
        Missing, a folder, empty, not an image, truncated or corrupt, or over the
        pixel budget; the message names the file and the reason.
    """
    p = Path(path)
    bg = _parse_colour(background)
    if not p.exists():
        raise ImageLoadError(p, "no such file")
    if p.is_dir():
        raise ImageLoadError(p, "is a folder, not an image file")
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ImageLoadError(p, f"cannot read ({e.strerror or e})") from e
    if size == 0:
        raise ImageLoadError(p, "empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            # We apply our own budget below; Pillow's hard limit (2x its warning level)
            # still stands above it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(p) as im:
                w, h = im.size
                if w <= 0 or h <= 0:
                    raise ImageLoadError(p, f"image has no pixels ({w}x{h})")
                if max_pixels is not None and w * h > max_pixels:
                    raise ImageLoadError(
                        p, f"too large: {w}x{h} = {w * h:,} pixels exceeds max_pixels={max_pixels:,} "
                        "(a decompression bomb guard; raise max_pixels if this image is genuine)")
                if getattr(im, "n_frames", 1) > 1:
                    im.seek(0)  # animations: the first frame
                im.load()
                im = ImageOps.exif_transpose(im) or im
                return _to_rgb(im, bg)
    except ImageLoadError:
        raise
    except UnidentifiedImageError as e:
        raise ImageLoadError(p, "not an image, or a format Pillow cannot read") from e
    except Image.DecompressionBombError as e:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0)
        raise ImageLoadError(p, f"too large: over Pillow's hard limit of {limit:,} pixels "
                                "(a decompression bomb guard)") from e
    except PermissionError as e:
        raise ImageLoadError(p, "permission denied") from e
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as e:
        # PIL reports truncation and corrupt streams as OSError / SyntaxError / ValueError.
        raise ImageLoadError(p, f"truncated or corrupt image data ({e})") from e
    except MemoryError as e:
        raise ImageLoadError(p, "not enough memory to decode it") from e


def _resolved(paths: Iterable) -> set[Path]:
    out = set()
    for q in paths:
        try:
            out.add(Path(q).resolve())
        except OSError:
            pass
    return out


def _atomic_write_png(path: Path, pil: Image.Image, protect: Iterable) -> Path:
    path = Path(path)
    if path.resolve() in _resolved(protect):
        raise ImageWriteError(f"{path}: refusing to overwrite an input file")
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".tif": "TIFF",
           ".tiff": "TIFF", ".bmp": "BMP"}.get(path.suffix.lower())
    if fmt is None:
        raise ImageWriteError(f"{path}: unsupported output format {path.suffix!r}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            pil.save(f, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
        os.replace(tmp, path)
    except OSError as e:
        raise ImageWriteError(f"{path}: cannot write ({e})") from e
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def save_image(path: str | os.PathLike, image: np.ndarray, *, protect: Iterable = ()) -> Path:
    """Write an ``(H, W, 3) uint8`` RGB image atomically (temporary file + rename).

    Parameters
    ----------
    path : path-like
        Target; its suffix picks the format (PNG recommended: lossless).
    image : (H, W, 3) uint8
    protect : iterable of path-like
        Files that must never be overwritten (the inputs of a batch).

    Raises
    ------
    ImageWriteError
        If ``path`` is a protected input or cannot be written.
    """
    check_image(image)
    return _atomic_write_png(Path(path), Image.fromarray(image, "RGB"), protect)


def save_mask(path: str | os.PathLike, mask: np.ndarray, *, protect: Iterable = ()) -> Path:
    """Write an ``(H, W) bool`` mask as a 0/255 greyscale PNG, atomically."""
    check_mask(mask)
    return _atomic_write_png(Path(path), Image.fromarray(mask.astype(np.uint8) * 255, "L"), protect)


def list_images(inputs: Iterable[str | os.PathLike], *, recursive: bool = False) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of paths.

    Files given explicitly are kept whatever their suffix (so a bad one is reported,
    not silently skipped); folders contribute files with an :data:`IMAGE_SUFFIXES` suffix.
    Paths that do not exist are kept too, so the caller reports them.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            it = p.rglob("*") if recursive else p.iterdir()
            files = sorted(q for q in it if q.is_file() and q.suffix.lower() in IMAGE_SUFFIXES
                           and not q.name.startswith("."))
        else:
            files = [p]
        for q in files:
            key = q.resolve() if q.exists() else q.absolute()
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out
