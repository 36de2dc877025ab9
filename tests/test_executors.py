"""Where pool workers come from: forked from a fork server that imported the package once."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

pytestmark = pytest.mark.skipif("forkserver" not in mp.get_all_start_methods(), reason="no fork server here")


def _probe():
    import sys

    return os.getppid(), "creative_tools.pipeline" in sys.modules, os.environ.get("OPENBLAS_NUM_THREADS")


def test_pool_workers_start_with_the_pipeline_imported():
    """A worker is forked from the server (not this process, not a fresh interpreter): the
    pipeline's modules are there before its first task; this process's environment is
    left as it was."""
    from creative_tools.executors import _pool_context

    before = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    ctx = _pool_context(1)
    assert ctx.get_start_method() == "forkserver"
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        ppid, preloaded, blas = pool.submit(_probe).result(timeout=120)
    assert ppid not in (os.getpid(), 1)
    assert preloaded
    assert blas is not None and blas.isdigit()  # the server's libraries saw a thread count
    assert {k: os.environ.get(k) for k in before} == before


@pytest.mark.parametrize("workers, files, started", [(1, 20, False), ("auto", 3, False), (2, 3, True)])
def test_the_cli_starts_the_fork_server_only_for_a_pool(tmp_path, monkeypatch, workers, files, started):
    import argparse

    from creative_tools import cli, executors

    for i in range(files):
        (tmp_path / f"c{i}.png").write_bytes(b"")
    calls = []
    monkeypatch.setattr(executors, "start_fork_server", lambda threads=1: calls.append(threads) or True)
    args = argparse.Namespace(executor="local", workers=workers, inputs=[str(tmp_path)], recursive=False)
    cli._start_workers_early(args)
    assert bool(calls) == started
    assert all(t >= 1 for t in calls)


def test_the_local_executors_do_not_import_dask():
    """``distributed`` (about half a second to import) is imported only for ``--executor
    dask``: not by the batch process nor by a pool worker, which imports this module."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = ("import sys, creative_tools.cli, creative_tools.batch, creative_tools.executors, "
            "creative_tools.pipeline; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('distributed', 'dask')))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]", out.stdout[:300]


def test_the_dask_plugin_is_built_on_first_use():
    pytest.importorskip("distributed")
    import pickle

    from distributed.diagnostics.plugin import WorkerPlugin

    from creative_tools import executors

    cls = executors.PipelinePlugin
    assert issubclass(cls, WorkerPlugin) and executors.PipelinePlugin is cls
    assert cls.__module__ == "creative_tools.executors" and cls.name == "creative_tools-pipeline"
    p = pickle.loads(pickle.dumps(cls({"person": None}, 3, 2)))
    assert type(p) is cls and (p.config, p.threads, p.batch_size) == ({"person": None}, 3, 2)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        executors.Nope  # noqa: B018
