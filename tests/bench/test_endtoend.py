"""End-to-end timing: the default CLI and the naive script as fresh processes (issue 8, item 6)."""

import cv2
import numpy as np
import pytest

from creative_tools.bench import endtoend as E
from creative_tools.bench import synthetic_creative
from creative_tools.errors import ContractError


def test_write_creatives_round_trips_rgb_and_names_files_in_order(tmp_path):
    a = np.zeros((8, 10, 3), np.uint8)
    a[..., 0] = 200  # red in RGB
    b = np.full((6, 6, 3), 7, np.uint8)
    paths = E.write_creatives([("data/x y", a), ("ads/img.jpg", b)], tmp_path / "in")
    assert [p.name for p in paths] == ["000_data_x_y.png", "001_ads_img_jpg.png"]
    back = cv2.cvtColor(cv2.imread(str(paths[0])), cv2.COLOR_BGR2RGB)
    assert (back == a).all()


def test_commands_name_the_cli_defaults_and_the_naive_program(tmp_path):
    cmd = E.cli_command(tmp_path / "in", tmp_path / "out")
    assert cmd[1:4] == ["-m", "creative_tools", "run"] and "--workers" not in cmd  # the default: auto
    assert E.cli_command("i", "o", workers=2)[-2:] == ["--workers", "2"]
    assert E.naive_command("i", "o")[1:] == ["-m", "creative_tools.bench.endtoend", "i", "o"]


def test_run_endtoend_refuses_zero_repeats():
    with pytest.raises(ContractError, match="repeat"):
        E.run_endtoend([("x", np.zeros((4, 4, 3), np.uint8))], repeat=0)


def test_naive_program_writes_one_background_per_image_and_skips_other_files(tmp_path):
    pytest.importorskip("rapidocr", reason="the naive script needs rapidocr 3.10 (requirements-dev.txt)")
    pytest.importorskip("ai_edge_litert")
    E.write_creatives([("a", synthetic_creative(256)), ("b", synthetic_creative(256, seed=1))], tmp_path / "in")
    (tmp_path / "in" / "notes.txt").write_text("not an image")
    (tmp_path / "in" / "broken.png").write_bytes(b"not a png")
    n = E.naive_main(tmp_path / "in", tmp_path / "out")
    assert n == 2
    outs = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert outs == ["000_a.png", "001_b.png"]
    bg = cv2.imread(str(tmp_path / "out" / "000_a.png"))
    assert bg.shape == (256, 256, 3)


def test_bench_flag_prints_the_ratios_of_the_end_to_end_runs(tmp_path, monkeypatch, capsys):
    from creative_tools.bench import typical
    from creative_tools.bench.__main__ import main

    seen = {}

    def fake(creatives, *, repeat, log=None, **kw):
        seen["n"], seen["repeat"] = len(creatives), repeat
        runs = {"naive": [10.0, 12.0], "cli": [15.0, 15.0], "cli_workers_1": [24.0, 26.0]}
        med = {"naive": 11.0, "cli": 15.0, "cli_workers_1": 25.0}
        return {"files": len(creatives), "runs": runs, "median": med,
                "ratio": {"cli": 15 / 11, "cli_workers_1": 25 / 11}}

    monkeypatch.setattr(E, "run_endtoend", fake)
    monkeypatch.setattr(typical, "typical_creatives",
                        lambda **kw: [(f"generated/{k}", np.zeros((8, 8, 3), np.uint8)) for k in range(kw["n"])])
    assert main(["speed", "--typical", "--end-to-end", "--count", "3", "--repeat", "2", "--quiet",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert seen == {"n": 3, "repeat": 2}
    assert "1.36" in out and "2.27" in out  # cli and cli_workers_1 over the naive median
    assert (tmp_path / "speed_endtoend.json").exists()


@pytest.mark.slow
def test_run_endtoend_times_real_processes(tmp_path):
    pytest.importorskip("rapidocr", reason="the naive script needs rapidocr 3.10 (requirements-dev.txt)")
    res = E.run_endtoend([("a", synthetic_creative(256)), ("b", synthetic_creative(256, seed=2))],
                         repeat=1, workers=(1,))
    assert set(res["runs"]) == {"naive", "cli_workers_1"} and res["files"] == 2
    assert all(v > 0 for v in res["median"].values())
