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
* ``denormal_as_zero`` (default True): subnormal floats (below about 1.2e-38) are
  flushed to zero inside the network. PP-OCRv6-small's detector computes many of them,
  and the CPU handles each one in microcode: on the typical creatives its pass takes
  about 0.4-0.6x the time with them flushed, with the same probability map (max
  difference 0.0 on the creatives measured, docs/results.md "Speed, session 5").
  onnxruntime sets the flag on the session's worker threads, and on the thread that
  creates the *first* session of the process, where it would stay and change every
  later float computation of that thread (numpy included). So such a session is
  created and run on a private thread of its own (:class:`OwnThreadSession`), which
  flushes too (the thread that runs a session does part of its work); the caller's
  floating-point state is never touched.
"""

from __future__ import annotations

import os
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

__all__ = ["session_options", "cpu_session", "OwnThreadSession", "flush_subnormals_here"]


def session_options(*, threads: int | None = None, spinning: bool = False, denormal_as_zero: bool = False):
    """An ``onnxruntime.SessionOptions`` with the project's settings.

    Parameters
    ----------
    threads : int or None
        Intra-op threads (None or 0: onnxruntime's default).
    spinning : bool
        Let idle intra-op threads busy-wait (onnxruntime's default); False (the
        default here) makes them sleep.
    denormal_as_zero : bool
        Ask onnxruntime to flush subnormal floats to zero (``session.set_denormal_as_zero``;
        default False here: the flag also stays on the thread that creates the
        session, so use :func:`cpu_session`, which confines it).

    Raises
    ------
    ValueError
        For a negative ``threads``.

    Examples
    --------
    >>> o = session_options(threads=1)
    >>> o.intra_op_num_threads, o.get_session_config_entry("session.intra_op.allow_spinning")
    (1, '0')
    >>> session_options(denormal_as_zero=True).get_session_config_entry("session.set_denormal_as_zero")
    '1'
    """
    import onnxruntime as ort

    if threads is not None and int(threads) < 0:
        raise ValueError(f"threads must be None or >= 0, got {threads!r}")
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    if threads:
        opts.intra_op_num_threads = int(threads)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    if denormal_as_zero:
        opts.add_session_config_entry("session.set_denormal_as_zero", "1")
    return opts


_FTZ_DAZ = 0x8040  # SSE MXCSR bits: flush-to-zero (15) and denormals-are-zero (6)


def _subnormal_product() -> float:
    """1e-38 * 0.01 in float32 on the calling thread: about 1e-40, or 0.0 where subnormals are flushed."""
    import numpy as np

    return float((np.array([1e-38], np.float32) * np.float32(0.01))[0])


def flush_subnormals_here() -> bool:
    """Flush subnormal floats to zero on the calling thread, as onnxruntime does on its workers.

    Sets the SSE flush-to-zero and denormals-are-zero bits through the C library's
    ``fegetenv`` / ``fesetenv`` (on x86-64 with glibc the last 32-bit word of ``fenv_t``
    is MXCSR). Elsewhere (other CPUs or C libraries) it does nothing. Checked after
    setting: if the thread does not then flush, the former state is restored.

    Returns
    -------
    bool
        Whether the calling thread now flushes subnormals to zero.
    """
    import ctypes
    import ctypes.util
    import platform
    import sys

    if _subnormal_product() == 0.0:
        return True
    if sys.platform != "linux" or platform.machine() != "x86_64" or platform.libc_ver()[0] != "glibc":
        return False
    name = ctypes.util.find_library("m")
    if name is None:
        return False
    libm = ctypes.CDLL(name)
    env, saved = (ctypes.c_uint32 * 8)(), (ctypes.c_uint32 * 8)()  # fenv_t: 32 bytes on x86-64
    if libm.fegetenv(env) != 0 or libm.fegetenv(saved) != 0:
        return False
    env[7] |= _FTZ_DAZ
    if libm.fesetenv(env) != 0 or _subnormal_product() != 0.0:
        libm.fesetenv(saved)
        return False
    return True


class OwnThreadSession:
    """An ``onnxruntime.InferenceSession`` created, and always run, on a private thread.

    Settings onnxruntime applies to the thread that creates or runs a session (the
    flush-to-zero flags of ``session.set_denormal_as_zero``) stay on that thread, not on
    the caller's. The session's own worker threads are onnxruntime's as usual. Calls
    from several threads are served one at a time, in order.

    When ``options`` ask for ``session.set_denormal_as_zero``, the private thread flushes
    subnormals too (:func:`flush_subnormals_here`): onnxruntime itself sets that only on
    the thread creating the process's first session, and the thread that runs a session
    does part of the work.

    Parameters
    ----------
    path : path-like
        The ONNX file.
    options : onnxruntime.SessionOptions
    providers : list of str

    Attributes
    ----------
    session : onnxruntime.InferenceSession
        The session itself; any attribute not defined here (``get_inputs``,
        ``get_modelmeta``, ``get_providers``, ...) is read from it.
    flushes : bool
        Whether the private thread flushes subnormals to zero.
    """

    def __init__(self, path, options, providers: Sequence[str]):
        import onnxruntime as ort

        self._pid = os.getpid()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onnxruntime-session")
        # the thread ends when this object is collected (the finaliser holds no reference to it)
        weakref.finalize(self, self._thread.shutdown, wait=False)
        try:
            daz = options.get_session_config_entry("session.set_denormal_as_zero") == "1"
        except RuntimeError:  # not set
            daz = False
        self.flushes = self._thread.submit(flush_subnormals_here).result() if daz else False
        self.session = self._thread.submit(ort.InferenceSession, str(path), sess_options=options,
                                           providers=list(providers)).result()

    def run(self, output_names, input_feed, run_options=None):
        """``InferenceSession.run`` on the session's own thread (same arguments and result).

        Raises
        ------
        RuntimeError
            In a process forked after the session was made: its thread did not follow
            (and onnxruntime's own threads do not survive a fork either), so the call
            would wait forever. Make sessions in the worker, or start workers with
            ``spawn`` (as :mod:`creative_tools.executors` does).
        """
        if os.getpid() != self._pid:
            raise RuntimeError(
                f"this onnxruntime session was made in process {self._pid} and is used in a forked "
                f"child ({os.getpid()}): its thread did not follow the fork; make the session in the "
                "worker process, or start workers with the 'spawn' method")
        return self._thread.submit(self.session.run, output_names, input_feed, run_options).result()

    def __getattr__(self, name):
        if name in ("session", "_thread", "_pid", "flushes"):  # not set yet (a failed __init__): no recursion
            raise AttributeError(name)
        return getattr(self.session, name)

    def __repr__(self) -> str:
        return f"<OwnThreadSession {self.session.get_providers()}>"


def cpu_session(path: str | Path, *, providers: Sequence[str] | None = None, threads: int | None = None,
                spinning: bool = False, denormal_as_zero: bool = True):
    """An onnxruntime session of ``path`` (CPU unless ``providers`` says otherwise).

    Parameters
    ----------
    path : path-like
        The ONNX file.
    providers : list of str or None
        Execution providers (default ``["CPUExecutionProvider"]``).
    threads, spinning
        See :func:`session_options`.
    denormal_as_zero : bool
        Flush subnormal floats to zero inside the network (default True; see the module
        notes): the session is then an :class:`OwnThreadSession`, which is used like an
        ``InferenceSession``. False: a plain ``InferenceSession`` run on the caller's
        thread, subnormals computed exactly.

    Returns
    -------
    OwnThreadSession or onnxruntime.InferenceSession
    """
    import onnxruntime as ort

    opts = session_options(threads=threads, spinning=spinning, denormal_as_zero=denormal_as_zero)
    providers = list(providers) if providers else ["CPUExecutionProvider"]
    if denormal_as_zero:
        return OwnThreadSession(path, opts, providers)
    return ort.InferenceSession(str(path), sess_options=opts, providers=providers)
