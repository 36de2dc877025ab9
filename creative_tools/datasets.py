"""Deprecated alias of :mod:`creative_tools.bench.datasets` (moved in 0.1; goes in 0.3).

Every public name of the new module is re-exported here (any other attribute is looked up
there too), with one :class:`DeprecationWarning` on import.
New code: ``from creative_tools.bench import datasets``.
"""

import warnings

from .bench import datasets as _new
from .bench.datasets import *  # noqa: F401,F403
from .bench.datasets import __all__  # noqa: F401

warnings.warn("creative_tools.datasets moved to creative_tools.bench.datasets; the old name goes in 0.3",
              DeprecationWarning, stacklevel=2)


def __getattr__(name):
    return getattr(_new, name)
