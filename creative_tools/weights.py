"""Weight files: each declared once, found in one place.

A :class:`WeightFile` record (all of them in :mod:`creative_tools.weight_files`, a
data-only catalogue) names a file, where it is published, its hash, licence and the
preprocessing the network expects. :func:`resolve` is the only code that finds a file on
disk, in this order:

1. an explicit ``path`` argument;
2. the cache directory: ``$CREATIVE_TOOLS_HOME/weights`` (default
   ``~/.cache/creative_tools/weights``), or torch hub's ``checkpoints`` folder for
   torchvision's own weights, so files torchvision already downloaded are reused;
3. a download with a progress bar into a temporary file next to the target, checked
   against the hash, then renamed into place (never when
   ``CREATIVE_TOOLS_OFFLINE=1``).

Publishers that give no sha256 (only an MD5, or nothing) are recorded as such; once a
user has checked a file, ``python -m creative_tools weights verify --pin`` records its
sha256 in ``$CREATIVE_TOOLS_HOME/pins.json`` and every later use is checked against it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from typing import Mapping

from .errors import WeightsError, WeightsHashMismatch, WeightsNotFoundError
from .weight_files import CATALOGUE, WeightFile

__all__ = [
    "WeightFile",
    "register_weights",
    "get",
    "all_weights",
    "home",
    "cache_dir",
    "expected_path",
    "find",
    "resolve",
    "sha256sum",
    "verify",
    "pin",
    "offline",
    "check_state_dict",
]

HOME_ENV = "CREATIVE_TOOLS_HOME"
OFFLINE_ENV = "CREATIVE_TOOLS_OFFLINE"


#: Every known record: the catalogue (:mod:`creative_tools.weight_files`) plus any a
#: caller declares with :func:`register_weights`.
_WEIGHTS: dict[str, WeightFile] = dict(CATALOGUE)


def register_weights(w: WeightFile) -> WeightFile:
    """Declare a weight file (once). Returns it, so modules can keep a constant."""
    if w.name in _WEIGHTS and _WEIGHTS[w.name] != w:
        raise ValueError(f"weights {w.name!r} are already declared differently")
    _WEIGHTS[w.name] = w
    return w


def get(name: str) -> WeightFile:
    """The record called ``name``; an unknown name lists the known ones."""
    if name not in _WEIGHTS:
        raise WeightsError(f"Unknown weights: {name!r}. Available: {sorted(_WEIGHTS)}")
    return _WEIGHTS[name]


def all_weights() -> list[WeightFile]:
    """Every declared weight file, sorted by name."""
    return [_WEIGHTS[k] for k in sorted(_WEIGHTS)]


def offline() -> bool:
    """True when ``CREATIVE_TOOLS_OFFLINE`` is set to something other than 0/empty."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def home() -> Path:
    """``$CREATIVE_TOOLS_HOME``, else ``$XDG_CACHE_HOME/creative_tools`` (~/.cache)."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "creative_tools"


def cache_dir(w: WeightFile) -> Path:
    """Folder that holds ``w`` in the cache."""
    if w.cache == "torch_hub":
        if os.environ.get(HOME_ENV):
            # An explicit home keeps everything together (tests, shared caches).
            return home() / "torch_hub" / "checkpoints"
        import torch.hub

        return Path(torch.hub.get_dir()) / "checkpoints"
    return home() / "weights"


def expected_path(name: str) -> Path:
    """Where the cached file for ``name`` lives (whether or not it exists)."""
    w = get(name)
    return cache_dir(w) / w.filename


def _pins_path() -> Path:
    return home() / "pins.json"


def _pins() -> dict[str, str]:
    p = _pins_path()
    if not p.is_file():
        return {}
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError) as e:
        raise WeightsError(f"{p}: unreadable pins file ({e}); fix or delete it") from e


def find(name: str) -> Path | None:
    """The cached file for ``name`` if it exists, else None (no hashing, no network)."""
    p = expected_path(name)
    return p if p.is_file() else None


def sha256sum(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def _expected_sha(w: WeightFile) -> str | None:
    return w.sha256 or _pins().get(w.name)


def verify(name: str, path: str | Path) -> str:
    """Check ``path`` against the declared (or pinned) sha256; return its digest.

    Raises
    ------
    WeightsHashMismatch
        If the digest differs. The file is left where it is.
    """
    w = get(name)
    digest = sha256sum(path)
    expected = _expected_sha(w)
    if expected and not digest.startswith(expected.lower()):
        raise WeightsHashMismatch(
            f"{path}: sha256 {digest} does not match the {w.name} weights' "
            f"{'declared' if w.sha256 else 'pinned'} sha256 {expected}. The file was "
            "left in place; replace it with the published file "
            f"({' or '.join(w.urls) or 'see the backend docs'})"
        )
    return digest


def pin(name: str, path: str | Path | None = None) -> str:
    """Record the sha256 of a file the user has checked, for a record without one."""
    w = get(name)
    p = Path(path) if path else expected_path(name)
    digest = verify(name, p)
    pins = _pins()
    pins[w.name] = digest
    _pins_path().parent.mkdir(parents=True, exist_ok=True)
    tmp = _pins_path().with_suffix(".tmp")
    tmp.write_text(json.dumps(pins, indent=2, sort_keys=True))
    os.replace(tmp, _pins_path())
    return digest


def _not_found(w: WeightFile, looked: list[Path], why: str) -> WeightsNotFoundError:
    target = cache_dir(w) / w.filename
    urls = "\n  ".join(w.urls) or "(no public URL)"
    extract = f" and extract {w.archive_member!r} from it" if w.archive_member else ""
    return WeightsNotFoundError(
        f"weights {w.name!r} ({w.filename}) not found: {why}.\n"
        f"Looked in: {', '.join(str(p) for p in looked)}\n"
        f"Download from:\n  {urls}\n"
        f"then place it by hand{extract} at {target} "
        f"(or pass its path explicitly, or run `python -m creative_tools weights download {w.name}` "
        "on a machine with internet)."
    )


def _download(w: WeightFile, target: Path, progress: bool) -> None:
    from tqdm.auto import tqdm

    target.parent.mkdir(parents=True, exist_ok=True)
    errors = []
    for url in w.urls:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{w.filename}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=60) as resp:
                ctype = (resp.headers.get("Content-Type") or "").lower()
                if ctype.startswith("text/html"):
                    # e.g. a Google Drive "can't scan for viruses" page instead of the file
                    raise WeightsError(f"served an HTML page ({ctype}), not the file; "
                                       "download it in a browser and place it by hand")
                total = int(resp.headers.get("Content-Length") or 0) or None
                md5 = hashlib.md5()
                with tqdm(total=total, unit="B", unit_scale=True, desc=w.filename,
                          disable=not progress) as bar:
                    for block in iter(lambda: resp.read(1 << 20), b""):
                        out.write(block)
                        md5.update(block)
                        bar.update(len(block))
            if w.md5 and not w.archive_member and md5.hexdigest() != w.md5:
                raise WeightsHashMismatch(f"{url}: md5 {md5.hexdigest()} != published {w.md5}")
            if w.archive_member:
                with zipfile.ZipFile(tmp) as z, z.open(w.archive_member) as src:
                    fd2, tmp2 = tempfile.mkstemp(dir=target.parent, suffix=".part")
                    with os.fdopen(fd2, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                os.replace(tmp2, tmp)
            verify(w.name, tmp)  # before the rename: a bad download never lands
            os.replace(tmp, target)
            return
        except Exception as e:  # try the next mirror, report all
            errors.append(f"{url}: {e}")
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    raise _not_found(w, [target], "download failed (" + "; ".join(errors) + ")")


def resolve(name: str, path: str | Path | None = None, *, download: bool | None = None,
            progress: bool = True) -> Path:
    """Find (or fetch) the weight file ``name`` and return its path.

    Parameters
    ----------
    name : str
        A declared record (see ``python -m creative_tools weights list``).
    path : path-like, optional
        An explicit file; used as is after the hash check.
    download : bool, optional
        Allow a download when nothing is cached. Default: yes unless
        ``CREATIVE_TOOLS_OFFLINE`` is set.
    progress : bool
        Show a progress bar while downloading.

    Raises
    ------
    WeightsNotFoundError
        Nothing at the explicit path, nothing cached and no download possible; the
        message says where it looked, the URL and where to put the file.
    WeightsHashMismatch
        The file's sha256 differs from the declared or pinned one (nothing is deleted).
    """
    w = get(name)
    if path is not None:
        p = Path(path).expanduser()
        if not p.is_file():
            raise _not_found(w, [p], f"no file at the given path {p}")
        verify(name, p)
        return p
    target = cache_dir(w) / w.filename
    if target.is_file():
        verify(name, target)
        return target
    if download is None:
        download = not offline()
    if not download or offline():
        raise _not_found(w, [target], f"offline ({OFFLINE_ENV}=1) and nothing cached"
                         if offline() else "nothing cached and downloads are disabled")
    if not w.urls:
        raise _not_found(w, [target], "nothing cached and it has no download URL")
    _download(w, target, progress)
    return target


def _few(keys, n: int = 3) -> str:
    keys = list(keys)
    return ", ".join(keys[:n]) + (f", ... ({len(keys)} in all)" if len(keys) > n else "")


def check_state_dict(state: Mapping, expected: Mapping, path: str | Path, what: str) -> None:
    """Raise unless ``state`` has exactly ``expected``'s keys and shapes.

    Torch's own strict-loading error is a long traceback from deep inside torch; this
    one names the file, what it should have been, and a few keys of each kind.

    Parameters
    ----------
    state : mapping of name -> tensor
        What the file holds (prefixes already stripped).
    expected : mapping of name -> tensor
        The model's ``state_dict()``.
    path : path-like
        The file, for the message.
    what : str
        What the file should be, e.g. ``"a big-lama generator"``.

    Raises
    ------
    WeightsError
        Listing the number of missing and unexpected keys and of shape mismatches.
    """
    def shape(v):
        return tuple(getattr(v, "shape", ()))

    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    bad = [f"{k}: file {shape(state[k])} != model {shape(v)}"
           for k, v in expected.items() if k in state and shape(state[k]) != shape(v)]
    parts = []
    if missing:
        parts.append(f"missing {len(missing)} keys ({_few(missing)})")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected keys ({_few(unexpected)})")
    if bad:
        parts.append(f"{len(bad)} shape mismatches ({_few(bad)})")
    if parts:
        raise WeightsError(f"{path}: not {what}: " + "; ".join(parts))
