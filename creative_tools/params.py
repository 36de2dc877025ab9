"""One declaration per parameter: the field metadata every front end is generated from.

A pipeline parameter is a field of :class:`~creative_tools.pipeline.PipelineConfig`
declared with :func:`param`, which stores a :class:`Param` in the dataclass field's
``metadata["param"]``. From that one declaration come:

* validation of every value (:func:`check`, called by ``PipelineConfig.__post_init__``):
  types (a bool is not an int here), ranges, ``none`` for fields that may be off, and
  one-line errors that name the field, what is allowed and what came in;
* the command-line options of ``run`` and ``report`` (:func:`add_cli_options`,
  :func:`cli_values`), ``--person-options KEY=VALUE`` style for backend options;
* the YAML config (:func:`read_config`: the same names and checks);
* the notebook widgets (:func:`widget_controls`, i.e. ``creative_tools.widgets.CONTROLS``);
* the notebooks' parameter lines (:func:`notebook_line`, checked by the notebook tests)
  and the ``Attributes`` section of ``PipelineConfig``'s docstring (:func:`attributes_doc`).

Examples
--------
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class C:
...     level: float = param(0.5, kind="float", low=0, high=1, help="how much")
>>> check(C, "level", "high")
Traceback (most recent call last):
...
creative_tools.errors.ContractError: level must be a number in [0, 1], got 'high' (str)
>>> notebook_line(C, "level")
'level: float = 0.5  # how much'
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path
from typing import Any, Mapping

from .errors import ContractError, CreativeToolsError

__all__ = ["Param", "param", "params", "check", "check_all", "read_config", "add_cli_options",
           "cli_values", "widget_controls", "notebook_line", "attributes_doc", "NONE_WORDS"]

#: Strings that mean "off" (None) for a field declared ``nullable``, on the command line and in YAML.
NONE_WORDS = ("none", "off", "null", "~")

KINDS = ("backend", "float", "int", "str", "options", "bool", "choice", "list")


@dataclass(frozen=True)
class Param:
    """What one parameter is, how it is checked and shown.

    Attributes
    ----------
    help : str
        One line, used by ``--help``, the notebooks' parameter comments and the docs.
    kind : {"backend", "float", "int", "str", "options", "bool", "choice", "list"}
        ``backend``: a backend name of registry task ``task``; ``options``: a mapping of
        keyword options for the backend of ``task``; ``choice``: one of ``choices``;
        ``list``: a non-empty list of ``choices`` (``a,b`` on the command line).
    task : str or None
        Registry task of a ``backend`` or ``options`` field.
    low, high : float or None
        Inclusive bounds of a number.
    nullable : bool
        None is allowed (``none`` on the command line and in YAML).
    none_means : str
        What None does (``"long side / 200"``), shown after the help.
    choices : tuple
        The allowed values of a ``choice`` field, or items of a ``list`` field.
    widget : tuple or None
        Notebook control: ``("float", min, max, step)`` / ``("int", min, max, step)``
        sliders (the range is a UI hint, not a limit), ``("dropdown",)`` for backends and
        choices, ``("checkbox",)`` for bools. None: no widget.
    metavar : str
        Placeholder in ``--help``.
    """

    help: str
    kind: str
    task: str | None = None
    low: float | None = None
    high: float | None = None
    nullable: bool = False
    none_means: str = ""
    choices: tuple = ()
    widget: tuple | None = None
    metavar: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.kind in ("backend", "options") and not self.task:
            raise ValueError(f"a {self.kind} parameter needs task=")
        if self.kind in ("choice", "list") and not self.choices:
            raise ValueError(f"a {self.kind} parameter needs choices=")

    def allowed(self) -> str:
        """What the field accepts, in words (the middle of every error message)."""
        k = self.kind
        if k == "backend":
            art = "an" if self.task[0] in "aeiou" else "a"
            s = f"{art} {self.task} backend name (python -m creative_tools backends --task {self.task})"
        elif k == "options":
            s = f"a mapping of {self.task} backend keyword: value"
        elif k == "bool":
            s = "true or false"
        elif k == "choice":
            s = "one of " + ", ".join(map(str, self.choices))
        elif k == "list":
            s = "a list of some of " + ", ".join(map(str, self.choices))
        elif k == "str":
            s = "a string"
        else:
            noun = "a number" if k == "float" else "an integer"
            if self.low is not None and self.high is not None:
                s = f"{noun} in [{_num(self.low)}, {_num(self.high)}]"
            elif self.low is not None:
                s = f"{noun} >= {_num(self.low)}"
            elif self.high is not None:
                s = f"{noun} <= {_num(self.high)}"
            else:
                s = noun
        if self.nullable:
            s += " or none" + (f" ({self.none_means})" if self.none_means else "")
        return s


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def param(default: Any, *, help: str, kind: str, **meta) -> Any:
    """A dataclass field declared once: default, help, checks, CLI and widget hints.

    Parameters
    ----------
    default
        The default value (a mutable one, such as ``{}``, is copied for each instance).
    help, kind, **meta
        The :class:`Param` attributes.

    Returns
    -------
    dataclasses.Field
    """
    p = Param(help=help, kind=kind, **meta)
    if isinstance(default, (dict, list, set)):
        return dataclasses.field(default_factory=lambda d=default: type(d)(d), metadata={"param": p})
    return dataclasses.field(default=default, metadata={"param": p})


def params(cls) -> dict[str, Param]:
    """``name -> Param`` of every declared field of the dataclass ``cls``, in order."""
    return {f.name: f.metadata["param"] for f in dataclasses.fields(cls) if "param" in f.metadata}


def default(cls, name: str) -> Any:
    f = {f.name: f for f in dataclasses.fields(cls)}[name]
    return f.default_factory() if f.default is dataclasses.MISSING else f.default


def _got(value) -> str:
    return f"{value!r} ({type(value).__name__})"


def _option_value(value: Any) -> Any:
    """A backend option's value with the word ``none`` (any case) read as None.

    YAML reads ``null`` and ``~`` as None but leaves ``none`` a string, which an option that
    takes None (``low_contrast: none``) refused only when the model loaded; ``off`` is not
    mapped: YAML reads it as False, which a bool option (``ground: off``) needs.
    """
    if isinstance(value, str) and value.strip().lower() == "none":
        return None
    return value


def check(cls, name: str, value: Any) -> Any:
    """The value of field ``name`` of ``cls`` after checking (``"none"`` -> None, int -> float).

    Raises
    ------
    ContractError
        One line: ``NAME must be ALLOWED, got VALUE (TYPE)``.
    """
    p = params(cls)[name]
    words = NONE_WORDS + (("all",) if p.kind == "list" else ())  # a list field's None means "all of them"
    if p.nullable and (value is None or (isinstance(value, str) and value.strip().lower() in words)):
        return None
    bad = ContractError(f"{name} must be {p.allowed()}, got {_got(value)}")
    k = p.kind
    if k in ("backend", "str"):
        if not isinstance(value, str) or not value.strip() or value.strip().lower() in NONE_WORDS:
            raise bad
        return value.strip()
    if k == "options":
        if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
            raise bad
        return {key: _option_value(v) for key, v in value.items()}
    if k == "bool":
        if not isinstance(value, bool):
            raise bad
        return value
    if k == "choice":
        if value not in p.choices:
            raise bad
        return value
    if k == "list":
        items = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not items or not all(isinstance(v, str) for v in items):
            raise bad
        unknown = [v for v in items if v not in p.choices]
        if unknown:
            raise ContractError(f"{name} must be {p.allowed()}, got {_got(value)}: unknown {unknown}")
        return list(items)
    if isinstance(value, bool) or not isinstance(value, Real):  # a bool is not a number here
        raise bad
    if k == "int":
        if not isinstance(value, Integral):
            raise bad
        value = int(value)
    else:
        value = float(value)
        if math.isnan(value):
            raise bad
    if (p.low is not None and value < p.low) or (p.high is not None and value > p.high):
        raise bad
    return value


def check_all(cls, values: Mapping[str, Any], *, where: str = "") -> dict:
    """Check a partial mapping of field values (a YAML config, keyword options).

    Parameters
    ----------
    cls : dataclass type
    values : mapping
    where : str
        Prefix of error messages (a file name).

    Returns
    -------
    dict
        The checked values.

    Raises
    ------
    ContractError
        For an unknown key (listing the valid ones) or a bad value.
    """
    pre = f"{where}: " if where else ""
    if not isinstance(values, Mapping):
        raise ContractError(f"{pre}options must be a mapping of option: value, got {_got(values)}")
    known = params(cls)
    unknown = sorted(str(k) for k in set(values) - set(known))
    if unknown:
        raise ContractError(f"{pre}unknown pipeline option(s) {unknown}; valid: {sorted(known)}")
    out = {}
    for k, v in values.items():
        try:
            out[k] = check(cls, k, v)
        except ContractError as e:
            raise ContractError(f"{pre}{e}") from None
    return out


def read_config(path: str | Path, cls) -> dict:
    """Read a YAML config of ``cls`` fields: UTF-8, a mapping, known keys, checked values.

    Raises
    ------
    CreativeToolsError
        One line naming the file: unreadable, not UTF-8, not YAML, not a mapping, an
        unknown key or a bad value.
    """
    import yaml

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise CreativeToolsError(f"{p}: cannot read config ({e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CreativeToolsError(f"{p}: config must be UTF-8 text, got byte 0x{raw[e.start]:02x} "
                                 f"at offset {e.start}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        raise CreativeToolsError(f"{p}: not valid YAML{at} ({getattr(e, 'problem', None) or e})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CreativeToolsError(f"{p}: config must be a mapping of option: value, got {_got(data)}")
    return check_all(cls, data, where=str(p))


# -- command line ---------------------------------------------------------------------------------
def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _cli_type(cls, name: str, p: Param):
    def parse(text: str):
        value: Any = text
        if p.kind in ("float", "int"):
            if p.nullable and text.strip().lower() in NONE_WORDS + ("auto",):
                return None
            try:
                value = int(text) if p.kind == "int" else float(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"must be {p.allowed()}, got {text!r}") from None
        elif p.kind == "bool":
            low = text.strip().lower()
            if low not in ("true", "false", "yes", "no", "1", "0"):
                raise argparse.ArgumentTypeError(f"must be {p.allowed()}, got {text!r}")
            value = low in ("true", "yes", "1")
        try:
            return check(cls, name, value)
        except ContractError:
            raise argparse.ArgumentTypeError(f"must be {p.allowed()}, got {text!r}") from None

    parse.__name__ = p.kind  # argparse names the type in some messages
    return parse


def _kv(task: str):
    def parse(text: str):
        import yaml

        key, sep, raw = text.partition("=")
        if not sep or not key.strip() or not key.strip().isidentifier():
            raise argparse.ArgumentTypeError(f"must be KEY=VALUE (a {task} backend keyword, "
                                             f"the value read as YAML), got {text!r}")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        return key.strip(), _option_value(value)  # none -> None, as in a YAML config

    parse.__name__ = "KEY=VALUE"
    return parse


def _show(v) -> str:
    if v is None:
        return "none"
    if isinstance(v, dict):
        return "{}" if not v else json.dumps(v)
    return str(v).lower() if isinstance(v, bool) else str(v)


def cli_help(cls, name: str) -> str:
    p = params(cls)[name]
    d = default(cls, name)
    text = p.help
    if p.kind == "options":
        return f"{text}; repeat for several; VALUE is read as YAML (2, 0.4, true, [a, b])"
    if p.nullable and p.kind == "backend":
        text += ", or 'none' to skip"
    if p.kind == "choice":
        text += " (" + "|".join(map(str, p.choices)) + ")"
    if p.kind == "list":
        text += ", comma-separated: " + ",".join(map(str, p.choices))
    if d is None and p.none_means:
        return f"{text} (default: {p.none_means})"
    return f"{text} (default: {_show(d)})"


def add_cli_options(group, cls) -> None:
    """Add one ``--field-name`` option per declared field of ``cls`` to ``group``.

    Options that are not given do not appear in the parsed namespace (so ``--text none``
    is told apart from "not given"); :func:`cli_values` collects those that were.
    """
    for name, p in params(cls).items():
        kw: dict[str, Any] = dict(dest=name, default=argparse.SUPPRESS, help=cli_help(cls, name))
        if p.kind == "options":
            kw.update(action="append", type=_kv(p.task), metavar="KEY=VALUE")
        else:
            kw.update(type=_cli_type(cls, name, p),
                      metavar=p.metavar or {"backend": "NAME", "float": "X", "int": "N", "bool": "BOOL",
                                            "choice": "{" + ",".join(map(str, p.choices)) + "}",
                                            "list": "A,B"}.get(p.kind, "S"))
        group.add_argument(_flag(name), **kw)


def cli_values(args: argparse.Namespace, cls) -> dict:
    """The fields given on the command line (options fields as dicts)."""
    out = {}
    for name, p in params(cls).items():
        if hasattr(args, name):
            v = getattr(args, name)
            out[name] = dict(v) if p.kind == "options" else v
    return out


# -- notebooks and docs ---------------------------------------------------------------------------
def widget_controls(cls) -> dict[str, tuple]:
    """``name -> widget hint`` for the fields that declare one.

    ``("dropdown", task)`` for backend fields (the task's backends, plus ``none`` when the
    field is nullable), ``("dropdown", choices)`` for choices, ``("checkbox",)`` for bools
    and ``(kind, min, max, step)`` for sliders.
    """
    out = {}
    for name, p in params(cls).items():
        if p.widget is None:
            continue
        if p.widget[0] == "dropdown":
            out[name] = ("dropdown", p.task) if p.kind == "backend" else ("dropdown", tuple(p.choices))
        else:
            out[name] = tuple(p.widget)
    return out


def _literal(v) -> str:
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(x)}" for k, x in v.items()) + "}"
    return repr(v)


def _annotation(p: Param) -> str:
    base = {"backend": "str", "float": "float", "int": "int", "str": "str", "options": "dict",
            "bool": "bool", "choice": "str", "list": "list"}[p.kind]
    return f'"Optional[{base}]"' if p.nullable else base


def notebook_help(cls, name: str) -> str:
    p = params(cls)[name]
    text = p.help
    if p.kind == "backend":
        text += f" (list: `python -m creative_tools backends --task {p.task}`)"
    if p.nullable and p.kind == "backend":
        text += ", or None to skip"
    elif p.nullable and p.none_means:
        text += f"; None: {p.none_means}"
    return text


def notebook_line(cls, name: str, value: Any = dataclasses.MISSING) -> str:
    """The line of a notebook's parameters cell for field ``name``.

    ``value`` (default: the field's default) is written as a literal, so the line is a
    typed assignment papermill can override, with the field's help as its comment.
    """
    p = params(cls)[name]
    v = default(cls, name) if value is dataclasses.MISSING else value
    return f"{name}: {_annotation(p)} = {_literal(v)}  # {notebook_help(cls, name)}"


def attributes_doc(cls, indent: str = "    ") -> str:
    """A numpydoc ``Attributes`` section listing every declared field of ``cls``."""
    lines = ["Attributes", "----------"]
    for name, p in params(cls).items():
        d = default(cls, name)
        typ = {"backend": "str", "options": "dict", "choice": "str", "list": "list of str"}.get(p.kind, p.kind)
        lines.append(f"{name} : {typ}{' or None' if p.nullable else ''}, default {_show(d)}")
        lines.append(f"    {p.help}; {p.allowed()}.")
    return "\n".join(indent + s if s else s for s in lines)
