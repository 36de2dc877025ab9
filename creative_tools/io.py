"""Reading and writing images under the array contract.

:func:`load_image` turns whatever a creative folder holds into ``(H, W, 3) uint8`` RGB,
or raises :class:`~creative_tools.errors.ImageLoadError` naming the file and the reason.
:func:`save_image` writes atomically and never over a protected input.
"""

from __future__ import annotations

import hashlib
import io as _io
import os
import stat
import tempfile
import warnings
from pathlib import Path
from typing import Iterable

import numpy as np
from PIL import Image, ImageFile, ImageOps, PngImagePlugin, UnidentifiedImageError

from .contract import check_image, check_mask
from .errors import ContractError, ImageLoadError, ImageWriteError

__all__ = ["load_image", "load_mask", "decode_image", "read_input", "save_image", "save_mask", "encode_image", "encode_mask",
           "IMAGE_SUFFIXES", "DEFAULT_MAX_PIXELS", "list_images", "Protected", "file_mode", "is_url",
           "jpeg_quality", "jpeg_quality_of", "load_image_quality"]

#: Refuse images above this many pixels (decompression-bomb guard): 16k x 10k.
DEFAULT_MAX_PIXELS = 160_000_000

#: File suffixes picked up when a folder is given.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif")

# PIL must never silently pad a truncated file with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# Pillow refuses PNG text/ICC chunks that inflate past 1 MB; print-ready creatives carry
# ICC profiles of several MB (a 2 MB one was refused as "corrupt"). 32 MB still stops a
# zip bomb in a metadata chunk.
PngImagePlugin.MAX_TEXT_CHUNK = max(PngImagePlugin.MAX_TEXT_CHUNK, 32 * 1024 * 1024)


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


def is_url(path) -> bool:
    """True for an fsspec URL (``s3://...``, ``memory://...``); False for a local path."""
    return isinstance(path, str) and "://" in path and not path.startswith("file://")


def read_input(path, *, fs_options: dict | None = None) -> bytes:
    """Read one input's bytes (a local path, ``file://`` or any fsspec URL).

    Raises
    ------
    ImageLoadError
        Missing, a folder, not a regular file (a FIFO, a device, a socket: opening one
        would block or stream forever), empty, or unreadable.
    """
    if is_url(path):
        import fsspec

        try:
            with fsspec.open(path, "rb", **(fs_options or {})) as f:
                data = f.read()
        except FileNotFoundError as e:
            raise ImageLoadError(path, "no such file") from e
        except IsADirectoryError as e:
            raise ImageLoadError(path, "is a folder, not an image file") from e
        except OSError as e:
            raise ImageLoadError(path, f"cannot read ({e})") from e
        if not data:
            raise ImageLoadError(path, "empty file (0 bytes)")
        return data
    p = Path(str(path)[len("file://"):] if str(path).startswith("file://") else path)
    try:
        st = p.stat()
    except FileNotFoundError as e:
        raise ImageLoadError(p, "no such file") from e
    except OSError as e:
        raise ImageLoadError(p, f"cannot read ({e.strerror or e})") from e
    if stat.S_ISDIR(st.st_mode):
        raise ImageLoadError(p, "is a folder, not an image file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise ImageLoadError(p, f"is {kind}, not an image file")
    if st.st_size == 0:
        raise ImageLoadError(p, "empty file (0 bytes)")
    try:
        return p.read_bytes()
    except PermissionError as e:
        raise ImageLoadError(p, "permission denied") from e
    except OSError as e:
        raise ImageLoadError(p, f"cannot read ({e.strerror or e})") from e


def load_image(path: str | os.PathLike, *, background="white",
               max_pixels: int | None = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Read an image file as ``(H, W, 3) uint8`` RGB.

    Applies the EXIF orientation; flattens transparency (RGBA, LA, palette with a
    transparent colour) onto ``background``; converts CMYK, greyscale, bilevel and
    16-bit images; takes the first frame of animations.

    Parameters
    ----------
    path : path-like or str
        A local file, or an fsspec URL (``s3://bucket/a.png``, ``memory://a.png``).
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
        Missing, a folder, a FIFO or device, empty, not an image, truncated or corrupt,
        or over the pixel budget; the message names the file and the reason.
    """
    _parse_colour(background)
    return decode_image(read_input(path), name=path, background=background, max_pixels=max_pixels)


#: The JPEG standard's example luma quantisation table (ITU-T T.81 Annex K, Table K.1), row-major: the
#: table libjpeg (IJG; so Pillow and OpenCV) scales for its ``quality`` setting.
ANNEX_K_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], dtype=np.int64)


def _ijg_tables() -> np.ndarray:
    """(100, 64) int: the luma table libjpeg writes at quality 1..100 (``jpeg_quality_scaling``, baseline)."""
    q = np.arange(1, 101, dtype=np.int64)[:, None]
    scale = np.where(q < 50, 5000 // q, 200 - 2 * q)
    return np.clip((ANNEX_K_LUMA[None] * scale + 50) // 100, 1, 255)


def jpeg_quality_of(table) -> int:
    """The IJG quality (1..100) whose scaled Annex K luma table is nearest ``table``.

    Parameters
    ----------
    table : sequence of 64 ints
        A luma quantisation table in row-major (natural) order, as Pillow's
        ``Image.quantization[0]`` gives it.

    Returns
    -------
    int
        Exact for a libjpeg-written file (Pillow, OpenCV, most cameras' "quality"); for an
        encoder with its own tables (Photoshop, some phones) the nearest IJG quality by the
        summed absolute difference (ties: the higher quality), a rough reading of how hard it
        quantised.

    Raises
    ------
    ContractError
        If ``table`` does not hold 64 entries.

    Examples
    --------
    >>> jpeg_quality_of(ANNEX_K_LUMA)
    50
    """
    t = np.asarray(list(table), dtype=np.int64).ravel()
    if t.size != 64:
        raise ContractError(f"table must hold 64 entries, got {t.size}")
    err = np.abs(_ijg_tables() - t[None]).sum(axis=1)
    return int(100 - np.argmin(err[::-1]))


def jpeg_quality(source: str | os.PathLike | bytes, *, name: str | None = None) -> int | None:
    """A file's JPEG quality read from its own luma quantisation table; None if it is not a JPEG.

    The tables sit in the header, so nothing is decoded. Session 36 (quant): the 8x8 seam
    :func:`~creative_tools.objects.codec.blockiness` gate reads some PNGs as JPEG and misses
    some q85 JPEGs; the file's own table says whether, and how hard, it was quantised.

    Parameters
    ----------
    source : path-like, str (a path or fsspec URL) or bytes
        The file, or its bytes.
    name : str, optional
        What errors call ``source`` when it is bytes (default ``<bytes>``).

    Returns
    -------
    int or None
        :func:`jpeg_quality_of` the file's first table (the luma one, id 0); None for any other
        format Pillow reads (PNG, WebP, ...). A JPEG re-saved as PNG reads None: this tells the
        file, not the pixels' history.

    Raises
    ------
    ImageLoadError
        The file is missing or unreadable, not an image Pillow can open, or a JPEG whose
        header is corrupt or carries no quantisation table; the message names the file.
    """
    if isinstance(source, (bytes, bytearray)):
        data, label = bytes(source), name or "<bytes>"
    else:
        data, label = read_input(source), name or source
    p = label if is_url(label) else Path(label)
    if not data:
        raise ImageLoadError(p, "empty file (0 bytes)")
    try:
        with Image.open(_io.BytesIO(data)) as im:
            if im.format != "JPEG":
                return None
            tables = getattr(im, "quantization", None) or {}
    except UnidentifiedImageError as e:
        raise ImageLoadError(p, "not an image, or a format Pillow cannot read") from e
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as e:
        raise ImageLoadError(p, f"corrupt JPEG header ({e})") from e
    if not tables:
        raise ImageLoadError(p, "a JPEG with no quantisation table (corrupt header)")
    luma = tables.get(0, tables[min(tables)])
    if len(luma) != 64:
        raise ImageLoadError(p, f"corrupt JPEG quantisation table ({len(luma)} entries, not 64)")
    return jpeg_quality_of(luma)


def load_image_quality(path: str | os.PathLike, *, background="white",
                       max_pixels: int | None = DEFAULT_MAX_PIXELS) -> tuple[np.ndarray, int | None]:
    """:func:`load_image` and :func:`jpeg_quality` from one read of the file.

    For callers that want to know whether (and how hard) an input went through JPEG next to
    its pixels; :func:`load_image` itself is unchanged. Options and errors as :func:`load_image`.

    Returns
    -------
    image : (H, W, 3) uint8 ndarray
    quality : int or None
        The IJG quality of a JPEG file, None for any other format.
    """
    _parse_colour(background)
    data = read_input(path)
    image = decode_image(data, name=path, background=background, max_pixels=max_pixels)
    return image, jpeg_quality(data, name=path)


def load_mask(path: str | os.PathLike, *, like: np.ndarray | None = None) -> np.ndarray:
    """Read a mask image (white = True, e.g. ``mask.png``) as ``(H, W) bool``.

    Parameters
    ----------
    path : path-like or str
        Any image :func:`load_image` reads; a pixel is True where its first channel is
        above 127 (transparent pixels count as black).
    like : (H, W, ...) ndarray, optional
        The image the mask belongs to: its height and width must match.

    Returns
    -------
    (H, W) bool ndarray

    Raises
    ------
    ImageLoadError
        As :func:`load_image`.
    ContractError
        When the mask's size differs from ``like``'s.
    """
    mask = load_image(path, background="black")[..., 0] > 127
    if like is not None and mask.shape != np.asarray(like).shape[:2]:
        from .errors import ContractError

        h, w = np.asarray(like).shape[:2]
        raise ContractError(f"{path}: mask is {mask.shape[1]}x{mask.shape[0]} px, the image {w}x{h}")
    return mask


def decode_image(data: bytes, *, name="<bytes>", background="white",
                 max_pixels: int | None = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Decode an encoded image (the bytes of a file) as ``(H, W, 3) uint8`` RGB.

    Same conversions and errors as :func:`load_image`; ``name`` is what errors call it.
    """
    p = name if is_url(name) else Path(name)
    bg = _parse_colour(background)
    if not data:
        raise ImageLoadError(p, "empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            # We apply our own budget below; Pillow's hard limit (2x its warning level)
            # still stands above it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(_io.BytesIO(data)) as im:
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
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as e:
        # PIL reports truncation and corrupt streams as OSError / SyntaxError / ValueError.
        raise ImageLoadError(p, f"truncated or corrupt image data ({e})") from e
    except MemoryError as e:
        raise ImageLoadError(p, "not enough memory to decode it") from e


def image_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` from an encoded image's header, without decoding; None if unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(_io.BytesIO(data)) as im:
                return im.size
    except Exception:  # the full decode reports what is wrong
        return None


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data`` (the identity of an input for resumed runs)."""
    return hashlib.sha256(data).hexdigest()


class Protected(frozenset):
    """Resolved paths that must never be written over, resolved once.

    Build one per batch and pass it as ``protect=``: a plain list of paths is resolved
    on every write (with 20,000 inputs, 0.8 s per file written).
    """

    def __new__(cls, paths: Iterable = ()):
        return super().__new__(cls, _resolve_all(paths))


def _resolve_all(paths: Iterable) -> set[Path]:
    out = set()
    for q in paths:
        try:
            out.add(Path(q).resolve())
        except OSError:
            pass
    return out


def file_mode() -> int:
    """The mode a new file gets under the current umask (0o666 & ~umask)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    old = os.umask(0o022)  # no /proc: read it the portable way (sets and restores)
    os.umask(old)
    return 0o666 & ~old


_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".tif": "TIFF",
            ".tiff": "TIFF", ".bmp": "BMP"}


# Pillow's options for the formats it encodes (PNG goes through OpenCV: :func:`_png_bytes`).
_SAVE_OPTIONS = {"JPEG": {"quality": 95}}


def _encode(pil: Image.Image, name: str) -> bytes:
    fmt = _FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise ImageWriteError(f"{name}: unsupported output format {Path(name).suffix!r}")
    buf = _io.BytesIO()
    pil.save(buf, format=fmt, **_SAVE_OPTIONS.get(fmt, {}))
    return buf.getvalue()


def _png_bytes(array: np.ndarray) -> bytes:
    """A PNG of ``(H, W, 3) uint8`` RGB or ``(H, W) uint8`` grey, encoded by OpenCV's libpng.

    The same pixels as Pillow's PNG at zlib level 1, at less than half its CPU time (on
    the 24 typical creatives: 25 against 61-70 ms per RGB image, files within a few
    percent; docs/results.md "Speed, session 10"): one row filter for the whole image
    (colour: "up", the row above; a 0/255 mask: none) and zlib's run-length strategy,
    where Pillow tries every filter on every row.
    """
    import cv2

    if array.ndim == 3:
        array = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
        flt = cv2.IMWRITE_PNG_FILTER_UP
    else:
        flt = cv2.IMWRITE_PNG_FILTER_NONE
    ok, buf = cv2.imencode(".png", np.ascontiguousarray(array),
                           [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY,
                            cv2.IMWRITE_PNG_STRATEGY_RLE, cv2.IMWRITE_PNG_FILTER, flt])
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 array of these shapes
        raise ImageWriteError(f"PNG encoding failed for an array of shape {array.shape}")
    return buf.tobytes()


def _encode_array(array: np.ndarray, name: str) -> bytes:
    """``array`` (RGB or grey uint8) in the format ``name``'s suffix names."""
    if Path(name).suffix.lower() == ".png":
        return _png_bytes(array)
    return _encode(Image.fromarray(array, "RGB" if array.ndim == 3 else "L"), name)


def write_bytes_atomic(path: str | os.PathLike, data: bytes, *, protect: Iterable = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The file gets the umask's mode (``mkstemp`` alone gives 0600). A failed write leaves
    no ``.part`` file behind.

    Raises
    ------
    ImageWriteError
        If ``path`` is a protected input, or on any OS error (``errno`` kept in
        ``__cause__``: ENOSPC is a full disk).
    """
    path = Path(path)
    prot = protect if isinstance(protect, Protected) else Protected(protect)
    if prot and path.resolve() in prot:
        raise ImageWriteError(f"{path}: refusing to overwrite an input file")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), file_mode())
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        raise ImageWriteError(f"{path}: cannot write ({e.strerror or e})") from e
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)
    return path


def _atomic_write(path: Path, array: np.ndarray, protect: Iterable) -> Path:
    return write_bytes_atomic(path, _encode_array(array, str(path)), protect=protect)


def encode_image(image: np.ndarray, name: str = "x.png") -> bytes:
    """An ``(H, W, 3) uint8`` RGB image encoded in the format ``name``'s suffix names."""
    check_image(image)
    return _encode_array(image, name)


def encode_mask(mask: np.ndarray, name: str = "x.png") -> bytes:
    """An ``(H, W) bool`` mask encoded as a 0/255 greyscale image."""
    check_mask(mask)
    return _encode_array(mask.view(np.uint8) * np.uint8(255), name)


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
    return _atomic_write(Path(path), image, protect)


def save_mask(path: str | os.PathLike, mask: np.ndarray, *, protect: Iterable = ()) -> Path:
    """Write an ``(H, W) bool`` mask as a 0/255 greyscale PNG, atomically."""
    check_mask(mask)
    return _atomic_write(Path(path), mask.view(np.uint8) * np.uint8(255), protect)


#: A folder holding this file is a creative_tools output folder: never read as input.
OUTPUT_MARKER = ".creative_tools_output"


def _walk(folder: Path, recursive: bool, exclude: set[Path], errors: list | None) -> list[Path]:
    files: list[Path] = []
    stack = [folder]
    while stack:
        d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError as e:
            if errors is None:
                raise
            errors.append((d, f"cannot list folder ({e.strerror or e})"))
            continue
        if d != folder and any(e.name == OUTPUT_MARKER for e in entries):
            continue  # our own outputs (--out inside the input tree)
        for e in entries:
            if e.name.startswith("."):
                continue
            q = Path(e.path)
            try:
                if e.is_dir(follow_symlinks=True):
                    if recursive and q.resolve() not in exclude:
                        stack.append(q)
                elif e.is_file(follow_symlinks=True) and q.suffix.lower() in IMAGE_SUFFIXES:
                    files.append(q)
            except OSError:
                continue
    return sorted(files)


def list_images(inputs: Iterable[str | os.PathLike], *, recursive: bool = False,
                exclude: Iterable = (), errors: list | None = None) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of paths.

    Files given explicitly are kept whatever their suffix (so a bad one is reported,
    not silently skipped); folders contribute regular files with an
    :data:`IMAGE_SUFFIXES` suffix (FIFOs, devices and hidden files are left out).
    Paths that do not exist are kept too, so the caller reports them.

    Parameters
    ----------
    exclude : iterable of path-like
        Folders never descended into (a batch's own ``--out``); folders holding an
        :data:`OUTPUT_MARKER` file are skipped too.
    errors : list or None
        Receives ``(folder, reason)`` for folders that cannot be listed; None raises.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    excl = _resolve_all(exclude)
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files = _walk(p, recursive, excl, errors)
        else:
            files = [p]
        for q in files:
            key = q.resolve() if q.exists() else q.absolute()
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out
