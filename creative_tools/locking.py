"""One run per output folder: a lock file that a dead run does not leave stuck.

The lock is an ``fcntl.flock`` on ``OUT/.creative_tools.lock``. The kernel drops it when
the holding process ends, however it ends (kill -9 included), so a stale file never
blocks the next run; the file's text (pid, host, start time) only serves the message.
On a network file system without ``flock`` the lock degrades to "no lock" with a
warning rather than refusing every run.
"""

from __future__ import annotations

import errno
import os
import socket
import time
import warnings
from pathlib import Path

from .errors import OutputLocked

__all__ = ["OutputLock", "LOCK_NAME"]

LOCK_NAME = ".creative_tools.lock"


class OutputLock:
    """Exclusive lock on an output folder for the length of a ``with`` block.

    Parameters
    ----------
    folder : path-like
        The batch's ``--out`` (must exist).

    Raises
    ------
    OutputLocked
        On entry, when a live process holds the lock; the message names it.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> with OutputLock(d):
    ...     OutputLock(d).acquire()
    Traceback (most recent call last):
    ...
    creative_tools.errors.OutputLocked: ...
    """

    def __init__(self, folder):
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> "OutputLock":
        try:
            import fcntl
        except ImportError:  # Windows: no flock; O_EXCL would go stale after a crash
            warnings.warn("no fcntl on this platform: two runs into one folder are not prevented")
            return self
        for _ in range(10):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                os.close(fd)
                if e.errno in (errno.EWOULDBLOCK, errno.EACCES, errno.EAGAIN):
                    raise OutputLocked(
                        f"{self.path.parent}: another run is writing into this folder "
                        f"({self._holder()}); wait for it to finish or choose another --out") from None
                warnings.warn(f"{self.path}: cannot lock ({e.strerror}); two runs into this folder "
                              "are not prevented")
                return self
            # The file may have been removed and re-created between open and flock by a
            # run that just finished: hold the lock only on the file that is at the path.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}, "
                             f"started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
                self._fd = fd
                return self
            os.close(fd)
        raise OutputLocked(f"{self.path}: could not take the lock (it keeps being replaced)")

    def _holder(self) -> str:
        try:
            return self.path.read_text().strip() or "holder unknown"
        except OSError:
            return "holder unknown"

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)  # while still holding it: see the inode check above
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
