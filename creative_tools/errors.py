"""Exceptions raised by creative_tools.

Every error a user can trigger derives from :class:`CreativeToolsError`, so a batch
can catch one type, record the message and move on to the next file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CreativeToolsError",
    "ContractError",
    "ImageLoadError",
    "ImageWriteError",
    "UnknownBackendError",
    "BackendUnavailableError",
    "WeightsError",
    "WeightsNotFoundError",
    "WeightsHashMismatch",
    "BatchAborted",
    "BatchInterrupted",
    "OutputLocked",
    "DeviceIgnoredWarning",
]


class CreativeToolsError(Exception):
    """Base class of every error raised on purpose by creative_tools."""


class ContractError(CreativeToolsError, ValueError):
    """An array handed to a public function breaks the array contract."""


class ImageLoadError(CreativeToolsError, OSError):
    """A file could not be read as an image.

    Parameters
    ----------
    path : path-like
        The offending file.
    reason : str
        What was wrong with it, in words a user can act on.
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # keep pickling (multiprocessing, Dask) working
        return (type(self), (self.path, self.reason))


class ImageWriteError(CreativeToolsError, OSError):
    """An output file could not be written (or would overwrite an input)."""


class UnknownBackendError(CreativeToolsError, KeyError):
    """A backend name is not registered for a task."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class BackendUnavailableError(CreativeToolsError, RuntimeError):
    """A registered backend cannot run here (missing package or weights)."""


class WeightsError(CreativeToolsError, RuntimeError):
    """Base class for weight-file problems."""


class WeightsNotFoundError(WeightsError, FileNotFoundError):
    """A weight file is neither given, cached, nor downloadable."""


class WeightsHashMismatch(WeightsError):
    """A weight file's sha256 is not the one declared for it."""


class BatchAborted(CreativeToolsError):
    """A batch stopped because its output cannot be written (full disk, read-only folder).

    Raised once for the whole batch, not per creative: every creative after it would fail
    the same way. The message names the folder and what was finished.
    """


class BatchInterrupted(CreativeToolsError):
    """A batch was stopped by Ctrl-C (``signal`` 2) or SIGTERM (15); the manifest lists what
    finished. ``signal`` holds the number."""

    def __init__(self, message: str, signal: int = 2):
        self.signal = signal
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (str(self), self.signal))


class OutputLocked(CreativeToolsError):
    """Another live run is writing into the same output folder."""


class DeviceIgnoredWarning(UserWarning):
    """A ``device`` was asked for that a backend in use does not take (it runs on the CPU)."""
