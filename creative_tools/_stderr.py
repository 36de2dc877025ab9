"""Drop known noise lines that native runtimes write straight to file descriptor 2.

The tflite runtime (ai-edge-litert) prints ``INFO: Created TensorFlow Lite XNNPACK
delegate for CPU.`` from C++ when an interpreter is built; no Python log setting
reaches it. :func:`filtered_stderr` redirects fd 2 into a temporary file for the few
calls that print it and writes every other line back.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from typing import Iterator

__all__ = ["filtered_stderr", "TFLITE_NOISE"]

#: Lines the tflite runtime prints on every interpreter it builds.
TFLITE_NOISE = ("INFO: Created TensorFlow Lite XNNPACK delegate",)


@contextmanager
def filtered_stderr(*drop: str) -> Iterator[None]:
    """Inside the block, drop lines written to fd 2 that contain any of ``drop``.

    Everything else written to stderr in the block (Python's ``sys.stderr`` included) is
    written back, in order, when the block ends. Keep the block short: output from other
    threads during it is delayed until then.

    Parameters
    ----------
    *drop : str
        Substrings; a line containing one of them is not written back.

    Examples
    --------
    >>> with filtered_stderr("noise"):
    ...     _ = os.write(2, b"noise line\\n")
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no fd 2 (embedded interpreters): do nothing
        yield
        return
    needles = [d.encode() for d in drop]
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            try:
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            kept = [line for line in tmp.read().splitlines(keepends=True)
                    if not any(n in line for n in needles)]
            if kept:
                os.write(2, b"".join(kept))
