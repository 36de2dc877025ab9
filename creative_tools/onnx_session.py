"""onnxruntime sessions for the CPU backends, with one set of runtime options.

Every ONNX backend creates its :class:`onnxruntime.InferenceSession` here, so a runtime
setting is chosen once:

* ``spinning`` (default False): onnxruntime's intra-op worker threads normally busy-wait
  ("spin") between operators and after a run, waiting for the next piece of work. Where
  the cores are shared (several batch workers, other processes, or the pipeline's own
  OpenCV and TFLite stages right after a network), that spinning burns the cores the
  other work needs. With it off, idle workers sleep. Outputs are identical either way
  (only the scheduling differs); measured in ``docs/results.md`` ("Speed on typical
  creatives").
* ``threads``: the intra-op thread count (default: onnxruntime's choice, one per
  physical core).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

__all__ = ["session_options", "cpu_session"]


def session_options(*, threads: int | None = None, spinning: bool = False):
    """An ``onnxruntime.SessionOptions`` with the project's settings.

    Parameters
    ----------
    threads : int or None
        Intra-op threads (None or 0: onnxruntime's default).
    spinning : bool
        Let idle intra-op threads busy-wait (onnxruntime's default); False (the
        default here) makes them sleep.

    Raises
    ------
    ValueError
        For a negative ``threads``.

    Examples
    --------
    >>> o = session_options(threads=1)
    >>> o.intra_op_num_threads, o.get_session_config_entry("session.intra_op.allow_spinning")
    (1, '0')
    """
    import onnxruntime as ort

    if threads is not None and int(threads) < 0:
        raise ValueError(f"threads must be None or >= 0, got {threads!r}")
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    if threads:
        opts.intra_op_num_threads = int(threads)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    return opts


def cpu_session(path: str | Path, *, providers: Sequence[str] | None = None, threads: int | None = None,
                spinning: bool = False):
    """An ``onnxruntime.InferenceSession`` of ``path`` (CPU unless ``providers`` says otherwise).

    Parameters
    ----------
    path : path-like
        The ONNX file.
    providers : list of str or None
        Execution providers (default ``["CPUExecutionProvider"]``).
    threads, spinning
        See :func:`session_options`.
    """
    import onnxruntime as ort

    return ort.InferenceSession(
        str(path), sess_options=session_options(threads=threads, spinning=spinning),
        providers=list(providers) if providers else ["CPUExecutionProvider"],
    )
