"""Labelled images to measure the package on, read into one :class:`Sample` type.

Three layouts are read:

``creatives`` -- the repository's ``data/`` samples, and the layout to follow for your own
labelled creatives::

    <root>/<stem>.png                      the creative (any of .png .jpg .jpeg .webp ...)
    <root>/truth/<stem>/person_mask.png    people: 255 (or any value > 127 except 128) = person,
                                           0 = not, 128 = ignore when scoring (optional)
    <root>/truth/<stem>/text_mask.png      the glyph pixels to remove, > 127 = text (optional)
    <root>/truth/<stem>/background.png     the creative without people and text (optional)
    <root>/truth/<stem>/words.txt          word quads, ICDAR 2015 format (optional)
    <root>/truth/<stem>/meta.json          anything else; word quads are read from
                                           ``"words": [{"points": [[x, y] x4], "text": "..."}]``
                                           or from ``"texts"`` as written by
                                           ``scripts/make_samples.py`` (``lines[].quad_xy``,
                                           else the item's ``quad_xy``; a multi-line item
                                           without ``lines`` is a ``###`` don't-care region)

Every truth file is optional; metrics that need a missing one are skipped for that image.
Only creatives with a ``truth/<stem>/`` folder are read.

``icdar15`` -- ``<shared>/eval/text_icdar15``: ``img_N.jpg`` + ``gt_img_N.txt`` (one word a
line, ``x1,y1,...,x4,y4,transcription``, UTF-8 BOM possible, the transcription may
contain commas, ``###`` = don't care).

``voc`` -- ``<shared>/eval/person_voc``: ``<stem>.jpg`` + ``<stem>_person.png`` (255 =
person, 0 = not, 128 = VOC "void" band, ignored when scoring).

The shared folder is, in order: the ``shared`` argument, the ``CREATIVE_TOOLS_SHARED``
environment variable, ``../shared`` next to the repository root.

Examples
--------
>>> ds = open_dataset("voc")  # doctest: +SKIP
>>> for s in ds:  # doctest: +SKIP
...     print(s.name, s.image.shape, s.person.sum())
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from PIL import Image

from ..errors import ContractError, ImageLoadError
from ..io import IMAGE_SUFFIXES, load_image

__all__ = ["Sample", "Dataset", "REPO_ROOT", "shared_dir", "read_icdar_words", "read_label_png",
           "creatives", "icdar15", "voc_person", "open_dataset", "DATASETS"]

#: The repository root (the folder holding ``creative_tools/`` and ``data/``).
REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir(shared: str | os.PathLike | None = None) -> Path:
    """The shared folder: ``shared`` > ``$CREATIVE_TOOLS_SHARED`` > ``<repo>/../shared``."""
    if shared is not None:
        return Path(shared)
    env = os.environ.get("CREATIVE_TOOLS_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


@dataclass
class Sample:
    """One labelled image. Truth fields are None when the dataset has no such label.

    Attributes
    ----------
    name : str
    image : (H, W, 3) uint8 RGB
    person : (H, W) bool or None
        True = person.
    person_ignore : (H, W) bool or None
        Pixels left out of person scores (VOC void band).
    text : (H, W) bool or None
        True = glyph pixel to remove.
    background : (H, W, 3) uint8 or None
        The clean background.
    words : list of (4, 2) float32
        Word quads (clockwise, pixels); empty when unlabelled.
    transcriptions : list of str
        One per word; ``###`` = don't care.
    meta : dict
    """

    name: str
    image: np.ndarray
    person: np.ndarray | None = None
    person_ignore: np.ndarray | None = None
    text: np.ndarray | None = None
    background: np.ndarray | None = None
    words: list = field(default_factory=list)
    transcriptions: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @property
    def dont_care(self) -> list[bool]:
        """One flag per word: True for ``###``."""
        return [t == "###" for t in self.transcriptions]

    @property
    def removal(self) -> np.ndarray | None:
        """The ground-truth removal region, ``(H, W) bool``, or None without a background.

        The pixels where the creative differs from its clean background (any channel),
        united with the person and text masks.
        """
        if self.background is None:
            return None
        out = (self.image != self.background).any(axis=2)
        for m in (self.person, self.text):
            if m is not None:
                out |= m
        return out


class Dataset:
    """A named, ordered list of samples, each read from disk when iterated.

    Parameters
    ----------
    name : str
    root : Path
    keys : list of str
        One per sample, in order.
    reader : callable
        ``reader(key) -> Sample``.
    tasks : tuple of str
        What the dataset labels: ``person``, ``text``, ``words``, ``background``.
    """

    def __init__(self, name: str, root: Path, keys: list[str], reader: Callable[[str], Sample],
                 tasks: tuple[str, ...]):
        self.name, self.root, self.keys, self._reader, self.tasks = name, Path(root), list(keys), reader, tuple(tasks)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: int) -> Sample:
        return self._reader(self.keys[i])

    def __iter__(self) -> Iterator[Sample]:
        for k in self.keys:
            yield self._reader(k)

    def limit(self, n: int | None) -> "Dataset":
        """The first ``n`` samples (all when None)."""
        return self if n is None else Dataset(self.name, self.root, self.keys[:n], self._reader, self.tasks)

    def __repr__(self) -> str:
        return f"<Dataset {self.name!r} {len(self)} samples from {self.root} tasks={list(self.tasks)}>"


def _natural(s: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def read_label_png(path: str | os.PathLike) -> tuple[np.ndarray, np.ndarray]:
    """Read a label PNG: ``(positive, ignore)`` bool masks.

    128 = ignore, values > 127 (other than 128) = positive, the rest negative. An RGB(A)
    file is read as its first channel.

    Raises
    ------
    ImageLoadError
        If the file cannot be read.
    """
    try:
        with Image.open(path) as im:
            a = np.asarray(im)
    except (OSError, ValueError) as e:
        raise ImageLoadError(f"cannot read label {path}: {e}") from e
    if a.ndim == 3:
        a = a[..., 0]
    if a.dtype == bool:
        return a.copy(), np.zeros(a.shape, bool)
    ignore = a == 128
    return (a > 127) & ~ignore, ignore


def read_icdar_words(path: str | os.PathLike) -> tuple[list[np.ndarray], list[str]]:
    """Read an ICDAR 2015 ground-truth file.

    Each non-empty line is ``x1,y1,x2,y2,x3,y3,x4,y4,transcription``; the transcription is
    everything after the eighth comma (it may contain commas). A UTF-8 byte-order mark
    is skipped.

    Returns
    -------
    quads : list of (4, 2) float32
    transcriptions : list of str

    Raises
    ------
    ContractError
        On a line with fewer than eight numbers, naming the file and line.
    """
    quads, texts = [], []
    text = Path(path).read_text(encoding="utf-8-sig")
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        parts = line.split(",", 8)
        try:
            coords = [float(v) for v in parts[:8]]
            if len(coords) != 8:
                raise ValueError
        except ValueError:
            raise ContractError(f"{path}:{n}: expected 'x1,y1,...,x4,y4,transcription', got {line!r}") from None
        quads.append(np.array(coords, np.float32).reshape(4, 2))
        texts.append(parts[8] if len(parts) > 8 else "")
    return quads, texts


# -- readers ---------------------------------------------------------------------------------
def _find_image(root: Path, stem: str) -> Path | None:
    for suf in IMAGE_SUFFIXES:
        p = root / f"{stem}{suf}"
        if p.is_file():
            return p
    return None


def _label_same_size(path: Path, image: np.ndarray, what: str):
    pos, ign = read_label_png(path)
    if pos.shape != image.shape[:2]:
        raise ContractError(f"{path}: {what} must have shape {image.shape[:2]} like the image, got {pos.shape}")
    return pos, ign


def _meta_words(meta: dict) -> tuple[list[np.ndarray], list[str]]:
    """Word quads from a meta.json: ``words`` or the ``texts`` of scripts/make_samples.py."""
    quads, texts = [], []
    if isinstance(meta.get("words"), list):
        for w in meta["words"]:
            pts = w.get("points", w.get("quad_xy")) if isinstance(w, dict) else w
            quads.append(np.asarray(pts, np.float32).reshape(-1, 2))
            texts.append(str(w.get("text", "")) if isinstance(w, dict) else "")
    elif isinstance(meta.get("texts"), list):
        for item in meta["texts"]:
            lines = item.get("lines")
            if lines:  # one ink quad per line
                for ln in lines:
                    quads.append(np.asarray(ln["quad_xy"], np.float32).reshape(-1, 2))
                    texts.append(str(ln.get("text", "")))
            elif "quad_xy" in item:
                # Without per-line quads a multi-line block cannot be matched line by line:
                # it becomes a don't-care region.
                multi = "\n" in str(item.get("text", ""))
                quads.append(np.asarray(item["quad_xy"], np.float32).reshape(-1, 2))
                texts.append("###" if multi else str(item.get("text", "")))
    return quads, texts


def creatives(root: str | os.PathLike, *, name: str | None = None) -> Dataset:
    """Labelled creatives in the ``data/`` layout (see the module docstring).

    Raises
    ------
    ContractError
        If ``root`` is not a folder.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContractError(f"creatives root must be a folder, got {root} (missing)")
    truth = root / "truth"
    stems = sorted((d.name for d in truth.iterdir() if d.is_dir() and _find_image(root, d.name)), key=_natural) \
        if truth.is_dir() else []

    def read(stem: str) -> Sample:
        t = truth / stem
        image = load_image(_find_image(root, stem))
        s = Sample(stem, image)
        if (t / "person_mask.png").is_file():
            s.person, s.person_ignore = _label_same_size(t / "person_mask.png", image, "person_mask")
        if (t / "text_mask.png").is_file():
            s.text, _ = _label_same_size(t / "text_mask.png", image, "text_mask")
        if (t / "background.png").is_file():
            bg = load_image(t / "background.png")
            if bg.shape != image.shape:
                raise ContractError(f"{t / 'background.png'} must have shape {image.shape}, got {bg.shape}")
            s.background = bg
        if (t / "meta.json").is_file():
            s.meta = json.loads((t / "meta.json").read_text(encoding="utf-8"))
        if (t / "words.txt").is_file():
            s.words, s.transcriptions = read_icdar_words(t / "words.txt")
        else:
            s.words, s.transcriptions = _meta_words(s.meta)
        return s

    return Dataset(name or root.name, root, stems, read, ("person", "text", "words", "background"))


def icdar15(root: str | os.PathLike | None = None, *, shared: str | os.PathLike | None = None) -> Dataset:
    """The ICDAR 2015 sample (``<shared>/eval/text_icdar15`` unless ``root`` is given)."""
    root = Path(root) if root is not None else shared_dir(shared) / "eval" / "text_icdar15"
    if not root.is_dir():
        raise ContractError(f"icdar15 folder not found: {root} (set CREATIVE_TOOLS_SHARED or pass a path)")
    stems = sorted((p.stem for p in root.glob("img_*.jpg") if (root / f"gt_{p.stem}.txt").is_file()), key=_natural)

    def read(stem: str) -> Sample:
        quads, texts = read_icdar_words(root / f"gt_{stem}.txt")
        return Sample(stem, load_image(root / f"{stem}.jpg"), words=quads, transcriptions=texts)

    return Dataset("icdar15", root, stems, read, ("words",))


def voc_person(root: str | os.PathLike | None = None, *, shared: str | os.PathLike | None = None) -> Dataset:
    """The VOC person sample (``<shared>/eval/person_voc`` unless ``root`` is given)."""
    root = Path(root) if root is not None else shared_dir(shared) / "eval" / "person_voc"
    if not root.is_dir():
        raise ContractError(f"person_voc folder not found: {root} (set CREATIVE_TOOLS_SHARED or pass a path)")
    stems = sorted((p.name[: -len("_person.png")] for p in root.glob("*_person.png")
                    if _find_image(root, p.name[: -len("_person.png")])), key=_natural)

    def read(stem: str) -> Sample:
        image = load_image(_find_image(root, stem))
        person, ignore = _label_same_size(root / f"{stem}_person.png", image, "person label")
        return Sample(stem, image, person=person, person_ignore=ignore)

    return Dataset("voc", root, stems, read, ("person",))


#: Dataset names understood by :func:`open_dataset`.
DATASETS = ("data", "icdar15", "voc")


def open_dataset(spec: str, *, shared: str | os.PathLike | None = None) -> Dataset:
    """Open a dataset by name or path.

    Parameters
    ----------
    spec : str
        ``data`` (the repository's ``data/``), ``icdar15``, ``voc``, ``NAME=PATH`` (one of
        those names read from another folder), or a folder in the creatives layout.
    shared : path, optional
        The shared folder (see :func:`shared_dir`).

    Raises
    ------
    ContractError
        For an unknown name that is not a folder.
    """
    name, _, path = spec.partition("=")
    if name == "data":
        return creatives(path or REPO_ROOT / "data", name="data")
    if name == "icdar15":
        return icdar15(path or None, shared=shared)
    if name == "voc":
        return voc_person(path or None, shared=shared)
    if not path and Path(spec).is_dir():
        return creatives(spec)
    raise ContractError(f"dataset must be one of {list(DATASETS)}, NAME=PATH or a folder, got {spec!r}")
