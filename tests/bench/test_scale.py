"""bench scale on a tiny batch: every measurement runs and the kill drill passes."""

import json

from creative_tools.bench.__main__ import main
from creative_tools.bench.scale import make_creatives


def test_make_creatives_is_deterministic(tmp_path):
    a = make_creatives(tmp_path / "a", 3)
    b = make_creatives(tmp_path / "b", 3)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_scale_on_a_tiny_batch(tmp_path, capsys):
    rc = main(["scale", "--n", "6", "--small-n", "3", "--workers", "1", "--no-dask", "--drill-n", "6",
               "--person", "selfie", "--work", str(tmp_path / "work"), "--out", str(tmp_path / "out"), "--quiet"])
    assert rc == 0
    res = json.loads((tmp_path / "out" / "scale.json").read_text())
    assert [r["n"] for r in res["runs"]] == [3, 6, 3] and all(r["ok"] == r["n"] for r in res["runs"])
    assert res["per_creative_ratio_n_vs_small_n"] > 0
    k = res["kill_drill"]
    assert k["passed"] and k["rows_before_kill"] >= 2 and k["skipped_on_resume"] >= k["rows_before_kill"] - 1
    assert "kill -9 drill:" in capsys.readouterr().out
