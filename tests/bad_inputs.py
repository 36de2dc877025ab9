"""Twenty kinds of bad input files, written on demand (shared by the I/O and CLI tests)."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def _png_bytes(w=8, h=6, mode="RGB"):
    buf = io.BytesIO()
    Image.fromarray(np.full((h, w, 3), 120, np.uint8)).convert(mode).save(buf, "PNG")
    return buf.getvalue()


def _jpeg_bytes():
    buf = io.BytesIO()
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def _png_header_only(w, h) -> bytes:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _bad_idat() -> bytes:
    png = _png_bytes(16, 16)
    i = png.index(b"IDAT") + 4
    return png[:i] + bytes(b ^ 0x5A for b in png[i:i + 20]) + png[i + 20:]


def _gif_bytes(frames=2):
    buf = io.BytesIO()
    ims = [Image.new("P", (10, 10), i) for i in range(frames)]
    ims[0].save(buf, "GIF", save_all=True, append_images=ims[1:])
    return buf.getvalue()


def _tiff_bytes():
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buf, "TIFF")
    return buf.getvalue()


def _bmp_bytes():
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buf, "BMP")
    return buf.getvalue()


# name -> (file name, bytes or None for special cases, words expected in the reason)
BAD_INPUTS = {
    "missing": ("missing.png", None, "no such file"),
    "folder": ("folder.png", None, "is a folder"),
    "empty": ("empty.png", b"", "empty file"),
    "text": ("notes.png", b"hello, this is not an image\n", "not an image"),
    "truncated_png": ("trunc.png", _png_bytes(64, 64)[:60], "truncated or corrupt"),
    "truncated_jpeg": ("trunc.jpg", _jpeg_bytes()[:400], "truncated or corrupt"),
    "bad_signature": ("sig.png", b"\x89PNX\r\n\x1a\n" + _png_bytes()[8:], "not an image"),
    "random_bytes": ("noise.jpg", np.random.default_rng(1).integers(0, 256, 2048, dtype=np.uint8).tobytes(), "not an image"),
    "bomb": ("bomb.png", _png_header_only(100_000, 100_000), "too large"),
    "zero_width": ("zero.png", _png_header_only(0, 10), ""),
    "pdf": ("doc.png", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "not an image"),
    "svg": ("vector.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "not an image"),
    "html": ("page.jpg", b"<!doctype html><html><body>404</body></html>", "not an image"),
    "truncated_gif": ("anim.gif", _gif_bytes()[:30], ""),
    "garbage_webp": ("img.webp", b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 24, ""),
    "broken_tiff": ("img.tif", _tiff_bytes()[:12] + b"\xff" * 40, ""),
    "truncated_bmp": ("img.bmp", _bmp_bytes()[:200], "truncated or corrupt"),
    "broken_link": ("link.png", None, "no such file"),
    "zip": ("archive.png", b"PK\x03\x04" + b"\x00" * 60, "not an image"),
    "corrupt_idat": ("idat.png", _bad_idat(), "truncated or corrupt"),
}


def write_bad_input(folder: Path, kind: str) -> Path:
    """Create the bad input ``kind`` in ``folder`` and return its path."""
    name, data, _ = BAD_INPUTS[kind]
    p = Path(folder) / name
    if kind == "missing":
        return p
    if kind == "folder":
        p.mkdir()
        return p
    if kind == "broken_link":
        os.symlink(Path(folder) / "does-not-exist.png", p)
        return p
    p.write_bytes(data)
    return p
