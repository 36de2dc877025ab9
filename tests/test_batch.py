"""Batch runs: safe output names, crash-proof outputs, resume, interruption, budgets.

Most tests use a model-free pipeline (bright pixels are "text") so they stay fast; the
process-pool, Dask and kill tests use a real one (selfie + telea, the cheapest models).
"""

import csv
import io
import json
import os
import pathlib
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

import creative_tools.batch as B
import creative_tools.job as J
from creative_tools.batch import process_file, run_files
from creative_tools.cli import main
from creative_tools.pipeline import PipelineConfig, Result

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("background.png", "mask.png", "person_mask.png", "text_mask.png", "object_mask.png", "overlay.png", "result.json")


class FakePipeline:
    """No models: pixels brighter than ``level`` are the mask, filled with black."""

    def __init__(self, level=200, **options):
        self.level = level
        self.config = PipelineConfig(person=None, text="ppocr", inpaint="telea", **options)
        self.calls = 0

    def run(self, image):
        self.calls += 1
        mask = image.mean(-1) > self.level
        bg = image.copy()
        bg[mask] = 0
        params = self.config.to_dict()
        return Result(image, bg, mask, np.zeros_like(mask), mask, None, None,
                      {"person": None, "text": "ppocr", "inpaint": "telea"}, params, {"total": 0.01})

    def run_batch(self, images):
        return [self.run(im) for im in images]


def _creative(path, seed=0, size=(48, 64)):
    h, w = size
    y, x = np.mgrid[0:h, 0:w]
    a = np.stack([x * 3 % 200, y * 4 % 200, np.full_like(x, 60 + seed % 100)], -1).astype(np.uint8)
    a[h // 3:h // 2, w // 4:w // 2] = 255  # the "text"
    fmt = {".jpg": "JPEG", ".gif": "GIF"}.get(Path(path).suffix, "PNG")
    Image.fromarray(a).save(path, format=fmt)
    return Path(path)


def _rows(out):
    with open(Path(out) / "manifest.csv", newline="") as f:
        return list(csv.DictReader(f))


def _real_config():
    return PipelineConfig(person="selfie", text=None, inpaint="telea")


# --- item 7: defects ---------------------------------------------------------------------------
def test_input_names_never_write_outside_out(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    names = ["...png", "..png", "manifest.csv.png", ".creative_tools_output.png", "a b.png"]
    inputs = [_creative(src / n, i) for i, n in enumerate(names)]
    out = tmp_path / "sub" / "out"
    before = set(tmp_path.rglob("*"))
    outcomes = run_files(inputs, out, FakePipeline(), progress=False)
    assert [o.status for o in outcomes] == ["ok"] * len(names), [o.reason for o in outcomes]
    new = set(tmp_path.rglob("*")) - before
    assert all(out in p.parents or p == out or p in out.parents for p in new), sorted(new)
    dirs = {Path(o.output_dir) for o in outcomes}
    assert len(dirs) == len(names) and all(d.parent == out for d in dirs)
    assert all((d / "result.json").is_file() for d in dirs)
    rows = _rows(out)                                # the manifest survived
    assert [r["input"] for r in rows] == [str(p) for p in inputs]


def test_safe_folder_names():
    assert B.safe_folder_name("..") == "__"
    assert B.safe_folder_name(".") == "_"
    assert B.safe_folder_name("manifest.csv") == "manifest.csv_"
    assert B.safe_folder_name("..\\x") == "___x"


def test_per_file_cost_does_not_grow_with_the_batch(tmp_path, monkeypatch):
    """Every write used to resolve every input path: O(files x inputs) syscalls."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        _creative(src / f"c{i:02d}.png", i, size=(8, 8))
    calls = [0]
    orig = pathlib.Path.resolve

    def counting(self, *a, **k):
        calls[0] += 1
        return orig(self, *a, **k)

    monkeypatch.setattr(pathlib.Path, "resolve", counting)
    run_files([src], tmp_path / "out", FakePipeline(), progress=False)
    assert calls[0] < 10 * 40, f"{calls[0]} path resolutions for 40 files"


def test_resume_maps_by_content_not_by_name(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _creative(src / "a.jpg", 1)
    _creative(src / "a.png", 2)
    out = tmp_path / "out"
    run_files([src], out, FakePipeline(), progress=False)
    _creative(src / "a.gif", 3)
    outcomes = run_files([src], out, FakePipeline(), skip_existing=True, progress=False)
    status = {Path(o.input).name: o.status for o in outcomes}
    assert status == {"a.gif": "ok", "a.jpg": "skipped", "a.png": "skipped"}
    for o in outcomes:                               # every folder holds its own input's result
        assert json.loads((Path(o.output_dir) / "result.json").read_text())["input"] == o.input


def test_another_input_never_takes_over_a_listed_folder(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    _creative(one / "a.png", 1)
    _creative(two / "a.png", 2)
    out = tmp_path / "out"
    run_files([one / "a.png"], out, FakePipeline(), progress=False)
    o = run_files([two / "a.png"], out, FakePipeline(), skip_existing=True, progress=False)[0]
    assert o.status == "ok" and Path(o.output_dir).name == "a_png"
    assert json.loads((out / "a" / "result.json").read_text())["input"] == str(one / "a.png")


def test_recursive_does_not_read_its_own_outputs(tmp_path):
    src = tmp_path / "in"
    (src / "deeper").mkdir(parents=True)
    _creative(src / "a.png")
    _creative(src / "deeper" / "b.png")
    out = src / "results"
    first = run_files([src], out, FakePipeline(), recursive=True, progress=False)
    second = run_files([src], out, FakePipeline(), recursive=True, progress=False)
    assert len(first) == len(second) == 2
    # and not another run's outputs either (they carry the marker file)
    other = run_files([src], tmp_path / "other", FakePipeline(), recursive=True, progress=False)
    assert len(other) == 2


def _huge_png(path, w, h):
    """A valid greyscale PNG of w x h zeros in a few hundred KB."""
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    c = zlib.compressobj(9)
    row = b"\x00" * (w + 1)
    idat = b"".join(c.compress(row) for _ in range(h)) + c.flush()
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                          + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return Path(path)


def test_memory_budget_refuses_a_huge_creative_before_decoding(tmp_path):
    big = _huge_png(tmp_path / "bomb.png", 12600, 12600)     # 158.8 MP: under max_pixels
    assert big.stat().st_size < 1_000_000
    pipe = FakePipeline()
    t0 = time.perf_counter()
    o = process_file(big, tmp_path / "out" / "bomb", pipe, max_memory=8 * 2**30)
    assert o.status == "error" and "memory budget" in o.reason and "12600x12600" in o.reason
    assert pipe.calls == 0 and time.perf_counter() - t0 < 5


def test_memory_estimate_bounds_every_measured_peak_and_grows_with_the_pixels():
    from creative_tools.job import MEASURED_PEAKS, estimated_memory

    for px, peak in MEASURED_PEAKS:
        side = int(round(px ** 0.5))
        assert estimated_memory(side, side) >= 0.99 * peak     # an upper bound of what was measured
    sizes = [(240, 160), (1000, 1000), (2048, 2048), (4096, 4096), (12600, 12600), (20000, 20000)]
    est = [estimated_memory(w, h) for w, h in sizes]
    assert est == sorted(est) and est[-1] > est[-2]
    # session 20 measured 3.02 GB at 4.2 MP: the former 2 GiB + 64 B/px said 2.4 GB
    assert estimated_memory(2048, 2048) > 3.02e9


@pytest.mark.parametrize("free_gb", [2.0, 3.0, 3.7, 4.0, 6.0, 24.0])
def test_auto_workers_leave_the_auto_budget_room_for_a_typical_creative(monkeypatch, free_gb):
    """--workers auto and the automatic budget agree: with the workers chosen, a 1 MP creative
    fits the budget whenever one worker's share would (before session 20, 1.5 GB counted per
    worker and 2 GiB + 64 B/px estimated: 3 GB free on 2 cores refused every creative)."""
    import types

    import psutil

    from creative_tools import batch, cli
    from creative_tools.job import AUTO_BUDGET_SHARE, estimated_memory

    free = int(free_gb * 1e9)
    monkeypatch.setattr(psutil, "virtual_memory", lambda: types.SimpleNamespace(available=free))
    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    n = batch.default_workers()
    budget = cli._memory_budget(types.SimpleNamespace(max_memory_mb=None), "auto")
    assert budget == int(AUTO_BUDGET_SHARE * free / n)
    if AUTO_BUDGET_SHARE * free >= estimated_memory(1000, 1000):
        assert budget >= estimated_memory(1000, 1000)
    assert n == (2 if free_gb >= 4.0 else 1)


def test_full_disk_stops_the_batch_with_one_error_and_no_half_creative(tmp_path, monkeypatch, capsys):
    from creative_tools.errors import BatchAborted

    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        _creative(src / f"c{i}.png", i)
    out = tmp_path / "out"
    real_open, writes = open, [0]

    def filling(path, mode="r", *a, **k):
        if "w" in mode and ".tmp-" in str(path):
            writes[0] += 1
            if writes[0] > 8:                    # the second creative's third file: disk full
                raise OSError(28, "No space left on device", str(path))
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr(J, "open", filling, raising=False)
    with pytest.raises(BatchAborted) as e:
        run_files([src], out, FakePipeline(), progress=False)
    msg = str(e.value)
    assert str(out) in msg and "No space left" in msg and "\n" not in msg
    rows = _rows(out)
    assert [r["status"] for r in rows] == ["ok"]   # what finished is listed
    assert sorted(p.name for p in out.iterdir()) == [".creative_tools_output", "c0", "manifest.csv"]
    monkeypatch.setattr(J, "open", real_open, raising=False)
    writes[0] = -10**9
    # through the CLI: one line, exit 2
    monkeypatch.setattr(J, "open", filling, raising=False)
    writes[0] = 0
    rc = main(["run", str(src), "--out", str(tmp_path / "out2"), "--inpaint", "telea", "--person", "none",
               "--no-progress", "--workers", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len([ln for ln in err if ln.startswith("error:")]) == 1, err


def test_out_that_is_a_file_is_one_line(tmp_path, capsys):
    f = tmp_path / "out.txt"
    f.write_text("x")
    _creative(tmp_path / "a.png")
    assert main(["run", str(tmp_path / "a.png"), "--out", str(f), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: --out {f}: is a file, not a folder"
    assert main(["run", str(tmp_path / "a.png"), "--out", str(f / "sub"), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: --out {f / 'sub'}: cannot write there") and "\n" not in err


def test_unreadable_folder_is_a_manifest_row(tmp_path, monkeypatch):
    good, locked = tmp_path / "good", tmp_path / "locked"
    good.mkdir()
    locked.mkdir()
    _creative(good / "a.png")
    _creative(locked / "b.png")
    real = os.scandir

    def scandir(p="."):
        if Path(p) == locked:
            raise PermissionError(13, "Permission denied", str(p))
        return real(p)

    monkeypatch.setattr(os, "scandir", scandir)
    outcomes = run_files([good, locked], tmp_path / "out", FakePipeline(), progress=False)
    by = {o.input: o for o in outcomes}
    assert by[str(good / "a.png")].status == "ok"
    assert by[str(locked)].status == "error" and "cannot list folder (Permission denied)" in by[str(locked)].reason


def test_ctrl_c_keeps_the_manifest_of_what_finished(tmp_path, capsys):
    from creative_tools.errors import BatchInterrupted

    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        _creative(src / f"c{i}.png", i)

    class Interrupting(FakePipeline):
        def run(self, image):
            if self.calls == 2:
                raise KeyboardInterrupt
            return super().run(image)

    with pytest.raises(BatchInterrupted, match="stopped by Ctrl-C: 2 finished creatives of 5"):
        run_files([src], tmp_path / "out", Interrupting(), progress=False)
    assert [r["status"] for r in _rows(tmp_path / "out")] == ["ok", "ok"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".tmp-")]


def test_files_follow_the_umask_and_orphans_are_cleaned(tmp_path):
    out = tmp_path / "out"
    (out / "old").mkdir(parents=True)
    orphans = [out / ".manifest.abc.part", out / "old" / ".mask.png.xyz.part"]
    for p in orphans:
        p.write_bytes(b"half")
    (out / ".tmp-x-1-deadbeef").mkdir()
    _creative(tmp_path / "a.png")
    old = os.umask(0o002)
    try:
        run_files([tmp_path / "a.png"], out, FakePipeline(), progress=False)
    finally:
        os.umask(old)
    for f in OUTPUTS:
        assert (out / "a" / f).stat().st_mode & 0o777 == 0o664, f
    assert (out / "manifest.csv").stat().st_mode & 0o777 == 0o664
    assert (out / "a").stat().st_mode & 0o777 == 0o775
    assert not any(p.exists() for p in orphans) and not (out / ".tmp-x-1-deadbeef").exists()


def test_fifo_and_device_are_named_not_empty(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    outcomes = run_files([fifo, "/dev/null"], tmp_path / "out", FakePipeline(), progress=False)
    assert "is a FIFO (named pipe), not an image file" in outcomes[0].reason
    assert "is a device, not an image file" in outcomes[1].reason
    # inside a folder a FIFO is not listed at all
    assert run_files([tmp_path], tmp_path / "out2", FakePipeline(), progress=False)[0].reason.endswith(
        "folder holds no images (looked for .png, .jpg, .jpeg, .webp, .bmp, .tif, .tiff, .gif)")


# --- issue 12: skipped and error rows; issue 8 item 5: the mask warning -------------------------------
def test_skipped_rows_keep_their_stored_numbers(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _creative(src / "a.png")
    out = tmp_path / "out"
    first = _rows(out) if run_files([src], out, FakePipeline(), progress=False) else None
    run_files([src], out, FakePipeline(), skip_existing=True, progress=False)
    second = _rows(out)
    assert second[0]["status"] == "skipped"
    for k in ("seconds", "height", "width", "mask_fraction", "person_fraction", "text_fraction", "text_polygons"):
        assert second[0][k] == first[0][k] and first[0][k] != "", k


def test_error_rows_are_clean(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    o = run_files([bad], tmp_path / "out", FakePipeline(), progress=False)[0]
    row = _rows(tmp_path / "out")[0]
    assert o.status == "error" and row["output_dir"] == "" and not (tmp_path / "out" / "bad").exists()
    assert len(row["seconds"].split(".")[-1]) <= 3


def test_a_mask_that_eats_the_creative_is_a_warning(tmp_path):
    p = tmp_path / "white.png"
    Image.new("RGB", (40, 30), "white").save(p)
    _creative(tmp_path / "fine.png")
    out = tmp_path / "out"
    outcomes = run_files([p, tmp_path / "fine.png"], out, FakePipeline(), progress=False)
    assert [o.status for o in outcomes] == ["warning", "ok"]
    assert "fill mask covers 100.0% of the image" in outcomes[0].reason
    w = json.loads((out / "white" / "result.json").read_text())["warning"]
    assert w["code"] == "mask_covers_image" and w["fraction"] == 1.0 and w["threshold"] == B.MASK_WARNING_FRACTION
    assert _rows(out)[0]["status"] == "warning"


def test_resume_says_why_something_was_redone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    a, _b = _creative(src / "a.png", 1), _creative(src / "b.png", 2)
    out = tmp_path / "out"
    run_files([src], out, FakePipeline(), progress=False)
    _creative(a, 50)                                         # a's content changes
    outcomes = run_files([src], out, FakePipeline(), skip_existing=True, progress=False)
    assert [o.status for o in outcomes] == ["ok", "skipped"]
    assert outcomes[0].reason == "redone: input changed since its stored result"
    outcomes = run_files([src], out, FakePipeline(min_area=3), skip_existing=True, progress=False)
    assert all(o.reason == "redone: parameters changed: min_area 16 -> 3" for o in outcomes), outcomes


def test_a_second_run_into_the_same_folder_is_refused_and_a_dead_one_does_not_block(tmp_path):
    from creative_tools.errors import OutputLocked
    from creative_tools.locking import OutputLock

    out = tmp_path / "out"
    out.mkdir()
    _creative(tmp_path / "a.png")
    with OutputLock(out):
        with pytest.raises(OutputLocked, match="another run is writing into this folder"):
            run_files([tmp_path / "a.png"], out, FakePipeline(), progress=False)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from creative_tools.locking import "
                               "OutputLock; OutputLock(sys.argv[1]).acquire(); print('held', flush=True); "
                               "time.sleep(60)", str(out)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(OutputLocked, match=f"pid {holder.pid}"):
        run_files([tmp_path / "a.png"], out, FakePipeline(), progress=False)
    holder.kill()
    holder.wait()
    assert (out / ".creative_tools.lock").exists()          # the dead run's file is still there...
    assert run_files([tmp_path / "a.png"], out, FakePipeline(), progress=False)[0].status == "ok"  # ...and harmless


def test_batch_size_goes_through_run_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        _creative(src / f"c{i}.png", i)
    seen = []

    class Counting(FakePipeline):
        def run_batch(self, images):
            seen.append(len(images))
            return super().run_batch(images)

    one = run_files([src], tmp_path / "o1", FakePipeline(), progress=False)
    two = run_files([src], tmp_path / "o2", Counting(), batch_size=2, progress=False)
    assert seen == [2, 2] and [o.mask_fraction for o in one] == [o.mask_fraction for o in two]


# --- executors ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_batch(tmp_path_factory):
    src = tmp_path_factory.mktemp("creatives")
    for i in range(6):
        im = Image.fromarray(np.full((72, 96, 3), (40 + 20 * i, 90, 160), np.uint8))
        ImageDraw.Draw(im).ellipse((30, 10, 66, 70), fill=(220, 180, 150))
        im.save(src / f"c{i}.png")
    return src


def _masks(out):
    return {d.name: np.asarray(Image.open(d / "mask.png")) for d in Path(out).iterdir() if (d / "mask.png").is_file()}


def test_process_pool_gives_the_serial_results(small_batch, tmp_path):
    cfg = _real_config()
    serial = run_files([small_batch], tmp_path / "serial", cfg, workers=1, progress=False)
    pooled = run_files([small_batch], tmp_path / "pool", cfg, workers=2, progress=False)
    assert [o.status for o in pooled] == ["ok"] * 6 and [o.input for o in pooled] == [o.input for o in serial]
    a, b = _masks(tmp_path / "serial"), _masks(tmp_path / "pool")
    assert a.keys() == b.keys() and all((a[k] == b[k]).all() for k in a)


def test_batch_size_on_the_cpu_gives_the_one_by_one_results(small_batch, tmp_path):
    """The --batch-size path (a GPU batch for torch backends) on the CPU, real models."""
    cfg = _real_config()
    one = run_files([small_batch], tmp_path / "one", cfg, progress=False)
    three = run_files([small_batch], tmp_path / "three", cfg, batch_size=3, progress=False)
    assert [o.status for o in three] == ["ok"] * 6
    a, b = _masks(tmp_path / "one"), _masks(tmp_path / "three")
    assert a.keys() == b.keys() and all((a[k] == b[k]).all() for k in a)
    assert [o.mask_fraction for o in one] == [o.mask_fraction for o in three]


def test_dask_local_cluster_on_memory_urls_gives_the_local_masks(small_batch, tmp_path):
    pytest.importorskip("distributed")
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for p in sorted(small_batch.iterdir()):
        fs.pipe_file(f"/ct-in/{p.name}", p.read_bytes())
    cfg = _real_config()
    run_files([small_batch], tmp_path / "local", cfg, progress=False)
    dask = run_files(["memory://ct-in"], "memory://ct-out", cfg, executor="dask", workers=2,
                     dask_processes=False, progress=False)
    assert [o.status for o in dask] == ["ok"] * 6, [o.reason for o in dask]
    want = _masks(tmp_path / "local")
    for name, m in want.items():
        got = np.asarray(Image.open(io.BytesIO(fs.cat_file(f"/ct-out/{name}/mask.png"))))
        assert (got == m).all(), name
    rows = list(csv.DictReader(io.StringIO(fs.cat_file("/ct-out/manifest.csv").decode())))
    assert len(rows) == 6 and {r["status"] for r in rows} == {"ok"}
    # a running cluster, by its address (what `dask scheduler` + `dask worker` give)
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        again = run_files(["memory://ct-in"], "memory://ct-out", cfg, executor="dask",
                          scheduler=cluster.scheduler_address, skip_existing=True, progress=False)
    assert [o.status for o in again] == ["skipped"] * 6, [o.reason for o in again]
    fs.rm("/ct-in", recursive=True)
    fs.rm("/ct-out", recursive=True)


def _cli(args, **kw):
    return subprocess.Popen([sys.executable, "-m", "creative_tools", "run", *map(str, args)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _wait_rows(out, n, proc, timeout=120):
    t0 = time.time()
    while time.time() - t0 < timeout:
        rows = B.read_manifest(Path(out) / "manifest.csv")
        if len(rows) >= n:
            return rows
        if proc.poll() is not None:
            pytest.fail(f"run ended before {n} rows: {proc.stderr.read()}")
        time.sleep(0.05)
    pytest.fail("timed out")


def _check_complete_or_absent(out):
    for d in Path(out).iterdir():
        if d.is_dir() and not d.name.startswith("."):
            assert sorted(f.name for f in d.iterdir()) == sorted(OUTPUTS), d


def _descendants(pid: int) -> list[int]:
    """Linux: the processes under ``pid`` (children, their children, ...), read from /proc."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    found, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_then_resume(tmp_path, workers):
    src = tmp_path / "in"
    src.mkdir()
    n = 14
    for i in range(n):
        im = Image.fromarray(np.full((90 + i, 120, 3), (10 * i, 120, 200), np.uint8))
        ImageDraw.Draw(im).ellipse((40, 10, 80, 80), fill=(220, 180, 150))
        im.save(src / f"c{i:02d}.png")
    (src / "broken.png").write_bytes(b"\x89PNG broken")
    out = tmp_path / "out"
    # a fixed memory budget: the default one shares the machine's free memory at this moment, and a
    # loaded test machine with < 2 GB free would refuse a creative (status "error"), not this test's subject
    opts = ["--out", out, "--person", "selfie", "--text", "none", "--inpaint", "telea", "--no-progress",
            "--workers", workers, "--max-memory-mb", 4096]
    proc = _cli([src, *opts])
    before = _wait_rows(out, 4, proc)
    under = _descendants(proc.pid) if Path("/proc/self/stat").exists() else []
    if workers > 1 and under:
        assert len(under) >= workers, under                   # the pool's workers (and a fork server)
    proc.kill()                                               # kill -9, mid-batch
    proc.wait()
    t0 = time.time()                                          # no worker outlives the batch process
    while [p for p in under if _running(p)] and time.time() - t0 < 20:
        time.sleep(0.1)
    assert not [p for p in under if _running(p)], [Path(f"/proc/{p}/cmdline").read_bytes()[:120]
                                                  for p in under if _running(p)]
    _check_complete_or_absent(out)
    done_before = {r["input"] for r in before if r["status"] == "ok"}
    stamp = {i: os.stat(Path(r["output_dir"]) / "result.json").st_mtime_ns
             for i, r in ((r["input"], r) for r in before if r["status"] == "ok")}
    proc = _cli([src, *opts, "--skip-existing"])
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err                          # broken.png
    rows = _rows(out)
    assert sorted(r["input"] for r in rows) == sorted(str(p) for p in src.iterdir())   # one row per input
    by = {r["input"]: r for r in rows}
    assert by[str(src / "broken.png")]["status"] == "error"
    for i in done_before:                                     # nothing finished is redone
        assert by[i]["status"] == "skipped"
        assert os.stat(Path(by[i]["output_dir"]) / "result.json").st_mtime_ns == stamp[i]
    for i in range(n):
        r = by[str(src / f"c{i:02d}.png")]
        assert r["status"] in ("ok", "skipped")
        assert Image.open(Path(r["output_dir"]) / "background.png").size == (120, 90 + i)
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-") or p.name.endswith(".part")]
    _check_complete_or_absent(out)


def test_sigterm_ends_with_the_manifest_and_one_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        Image.fromarray(np.full((80, 100, 3), (5 * i, 100, 100), np.uint8)).save(src / f"c{i:02d}.png")
    out = tmp_path / "out"
    proc = _cli([src, "--out", out, "--person", "selfie", "--text", "none", "--inpaint", "telea",
                 "--no-progress", "--workers", "1"])
    _wait_rows(out, 2, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    lines = [ln for ln in err.splitlines() if not ln.startswith("INFO:")]
    assert len(lines) == 1 and lines[0].startswith("interrupted: stopped by SIGTERM:"), err
    rows = _rows(out)
    assert 2 <= len(rows) < 30 and {r["status"] for r in rows} == {"ok"}
    _check_complete_or_absent(out)


def test_an_unknown_backend_is_reported_before_workers_start():
    from creative_tools.errors import UnknownBackendError
    from creative_tools.executors import check_backends

    class Cfg:  # PipelineConfig itself may refuse the name earlier; the check must too
        person, text, inpaint = None, "ppocr", "nope"

    with pytest.raises(UnknownBackendError, match="Unsupported inpaint backend: 'nope'"):
        check_backends(Cfg())


def test_workers_get_one_share_of_the_cores_each():
    """Each worker's backends run on ``threads`` threads: N workers never oversubscribe.

    The default backends are registered as ``f(**options) -> Backend``; their thread
    options are read through to the class (they were silently left at "all cores").
    """
    from creative_tools.executors import threaded_config

    c = threaded_config(PipelineConfig(), 1)
    assert c.person_options == {"num_threads": 1} and c.text_options == {"threads": 1}
    mine = threaded_config(PipelineConfig(text_options={"threads": 3}), 1)
    assert mine.text_options == {"threads": 3}          # the user's own setting wins
    assert PipelineConfig().person_options == {}        # the user's config is not changed


def test_resume_redoes_results_stored_before_the_default_outputs_changed(tmp_path, monkeypatch):
    # session 26: the default fill changed with the package version unchanged; results
    # stored under another (or no) defaults revision are redone, not reused
    src = tmp_path / "in"
    src.mkdir()
    _creative(src / "a.png", 1)
    out = tmp_path / "out"
    run_files([src], out, FakePipeline(), progress=False)
    assert json.loads((out / "a" / "result.json").read_text())["batch"]["fingerprint"]["defaults"] == \
        J.DEFAULTS_REVISION
    assert run_files([src], out, FakePipeline(), skip_existing=True, progress=False)[0].status == "skipped"
    monkeypatch.setattr(J, "DEFAULTS_REVISION", "next")
    o = run_files([src], out, FakePipeline(), skip_existing=True, progress=False)[0]
    assert o.status == "ok"
    assert o.reason == "redone: default outputs changed since its stored result (revision s26 -> next)"
    r = json.loads((out / "a" / "result.json").read_text())  # a result from before the revision existed
    del r["batch"]["fingerprint"]["defaults"]
    (out / "a" / "result.json").write_text(json.dumps(r))
    monkeypatch.setattr(J, "DEFAULTS_REVISION", "s26")
    o = run_files([src], out, FakePipeline(), skip_existing=True, progress=False)[0]
    assert o.reason == "redone: default outputs changed since its stored result (revision None -> s26)"
