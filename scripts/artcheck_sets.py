"""The held-out artifact sets drawn by other hands, by name: one table for the scripts.

``artcheck_tune``, ``artcheck2_heldout``, ... name a generator in ``scripts/`` and a half.
:func:`make` draws creative ``i`` of a set, :func:`count` says how many its generator draws
per half by default. A new set is one row of :data:`GENERATORS`.
"""

from __future__ import annotations

import importlib

#: set-name prefix -> (module in scripts/, its creative function); a set's name is its prefix,
#: ``_`` and the half (``tune`` / ``heldout``).
GENERATORS = {
    "artcheck": ("samples_artcheck", "make_artcheck"),  # drawn apart from the generator
    "artcheck2": ("samples_artcheck2", "make_artcheck2"),  # a third hand: real ad formats
    "artcheck3": ("samples_artcheck3", "make_artcheck3"),  # surfaces that are no fill
    "artcheck4": ("samples_artcheck4", "make_artcheck4"),
    "artcheck5": ("samples_artcheck5", "make_artcheck5"),
    "ruled": ("samples_ruled", "make_ruled"),
    "logobars": ("samples_logobars", "make_logobars"),  # marks of several parts, beside a wordmark or alone  # artifacts on rules, tables, stripes; no-artifact plates
    "artcheck6": ("samples_artcheck6", "make_artcheck6"),  # frosted pills, nameplates, shaded badges, emblems left of words
    "links": ("samples_links", "make_links"),  # text links: words, an underline, a chevron / arrow in one ink
}


def split_name(name: str) -> tuple[str, str]:
    """``"artcheck3_tune"`` -> ``("artcheck3", "tune")``; a name no generator draws raises.

    >>> split_name("artcheck_heldout"), split_name("artcheck5_tune")
    (('artcheck', 'heldout'), ('artcheck5', 'tune'))
    """
    prefix, _, half = name.rpartition("_")
    if prefix not in GENERATORS or not half:
        raise ValueError(f"not an artcheck set: {name!r} (known: {', '.join(f'{p}_<half>' for p in GENERATORS)})")
    return prefix, half


def is_artcheck(name: str) -> bool:
    """Whether ``name`` is one of these sets (``artcheckN_<half>``)."""
    try:
        split_name(name)
    except ValueError:
        return False
    return True


def make(name: str, i: int):
    """Creative ``i`` of the set ``name`` (its generator's own creative object)."""
    prefix, half = split_name(name)
    module, func = GENERATORS[prefix]
    return getattr(importlib.import_module(module), func)(i, split=half)


def count(name: str) -> int:
    """How many creatives the generator of ``name`` draws per half by default (its ``COUNT``)."""
    prefix, _ = split_name(name)
    return importlib.import_module(GENERATORS[prefix][0]).COUNT
