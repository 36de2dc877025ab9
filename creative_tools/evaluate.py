"""Deprecated alias of :mod:`creative_tools.bench.metrics` (moved in 0.1; goes in 0.3).

Every public name of the new module is re-exported here (any other attribute is looked up
there too), with one :class:`DeprecationWarning` on import.
New code: ``from creative_tools.bench import metrics``.
"""

import warnings

from .bench import metrics as _new
from .bench.metrics import *  # noqa: F401,F403
from .bench.metrics import __all__  # noqa: F401

warnings.warn("creative_tools.evaluate moved to creative_tools.bench.metrics; the old name goes in 0.3",
              DeprecationWarning, stacklevel=2)


def __getattr__(name):
    return getattr(_new, name)
