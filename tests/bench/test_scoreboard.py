"""The Done-when scoreboard (creative_tools/bench/scoreboard.py): set figures from per-image
records, goals judged per cell, the table. Hand-made records with the expected values."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from creative_tools.bench import scoreboard as SB
from conftest import script_module


def test_summarise_counts_negatives_per_image_and_pools_residual():
    recs = [
        {"name": "a", "person_iou": 0.9},
        {"name": "b", "person_iou": 0.96},
        {"name": "n1", "person_frac": 0.006},  # over 0.5 %: one failing creative
        {"name": "n2", "person_frac": 0.004},
        {"name": "t1", "glyph_recall": 1.0, "glyph_precision": 0.5, "words": 4, "legible": 4, "residual": 1},
        {"name": "t2", "glyph_recall": 0.5, "glyph_precision": 1.0, "words": 6, "legible": 0, "residual": 0,
         "mse_removed": 255.0 ** 2 / 100},
    ]
    s = SB.summarise(recs)
    assert s["person_iou"][:2] == (pytest.approx(0.93), 2)
    assert s["negatives_over"][:2] == (1.0, 2) and "1/2" in s["negatives_over"][2] and "0.60 %" in s["negatives_over"][2]
    assert s["residual_synthetic"][:2] == (0.25, 4)  # pooled: 1 of 4 legible words left
    assert s["glyph_recall"][0] == pytest.approx(0.75) and s["glyph_precision"][0] == pytest.approx(0.75)
    assert s["psnr_now"][0] == pytest.approx(20.0)


def test_goals_judge_each_cell_and_the_row():
    g = {x.key: x for x in SB.GOALS}
    assert g["person_iou"].met(0.92) and not g["person_iou"].met(0.9199)
    assert g["residual_icdar"].met(0.08) and not g["residual_icdar"].met(0.081)
    assert g["negatives_over"].met(0) and not g["negatives_over"].met(1)
    assert g["person_iou"].met(float("nan")) is None
    results = {
        "tune": [("", {"person_iou": (0.95, 10, ""), "psnr_gain": (2.0, 5, ""), "psnr_now": (25.0, 5, "")})],
        "fresh": [("", {"person_iou": (0.91, 8, "min 0.5"), "psnr_gain": (1.0, 5, "")})],
        "public": [("VOC", {"person_iou_voc": (0.86, 3, "")})],
    }
    rows = {r["criterion"]: r for r in SB.criteria(results, ["tune", "fresh", "public"])}
    iou = rows["person IoU, creatives with people"]
    assert iou["met"] == "no" and "✗" in iou["fresh"] and "✓" in iou["tune"] and iou["public"] == "-"
    assert rows["PSNR gain now - before (dB)"]["met"] == "no"
    assert rows["person IoU, VOC photos"]["met"] == "yes" and rows["person IoU, VOC photos"]["public"].startswith("VOC: ")
    assert rows["PSNR inside the removed region (dB), now"]["met"] == "-"  # shown, not judged
    assert not any("glyph" in k for k in rows)  # rows without any value are left out
    table = SB.format_table(list(rows.values()), ["tune", "fresh", "public"])
    assert table.splitlines()[0] == "| issue | criterion | goal | tune | fresh | public | met |"


def test_write_json_turns_nan_into_null(tmp_path):
    import json

    SB.write_json(tmp_path / "x.json", {"a": float("nan"), "b": [1.0, math.inf], "c": ("x", 2)})
    assert json.loads((tmp_path / "x.json").read_text()) == {"a": None, "b": [1.0, None], "c": ["x", 2]}


def test_render_before_runs_another_checkout_on_relative_paths(tmp_path, monkeypatch):
    """The old code renders (here a stub pipeline that inverts the image), this code scores."""
    import numpy as np
    from PIL import Image

    from creative_tools.bench.datasets import creatives

    old = tmp_path / "old" / "creative_tools"
    old.mkdir(parents=True)
    (old / "__init__.py").write_text("")
    (old / "pipeline.py").write_text(
        "class _R:\n    def __init__(self, bg):\n        self.background = bg\n"
        "class Pipeline:\n    def run(self, im):\n        return _R(255 - im)\n")
    data = tmp_path / "set"
    for stem in ("a", "b"):
        (data / "truth" / stem).mkdir(parents=True)
        im = np.full((4, 5, 3), 100, np.uint8)
        bg = im.copy()
        im[1, 1] = 0  # the removal region: one pixel, true value 100
        Image.fromarray(im).save(data / f"{stem}.png")
        Image.fromarray(bg).save(data / "truth" / stem / "background.png")
    monkeypatch.chdir(tmp_path)
    SB.render_before(Path("old"), [Path("set")], Path("rendered"), limit=1)
    assert sorted(p.name for p in (tmp_path / "rendered" / "set").iterdir()) == ["a.png"]  # limit=1
    value, n = SB.before_psnr(creatives(data), tmp_path / "rendered" / "set")
    # the stub returns 255 - 0 = 255 where the truth is 100: MSE = 155**2
    assert n == 1 and value == pytest.approx(20 * math.log10(255 / 155))


def test_done_when_joins_parts_and_hides_columns(tmp_path, capsys):
    """``scripts/done_when.py --table-from`` joins runs made side by side; hidden columns stay out."""
    with script_module("done_when") as dw:
        a, b = tmp_path / "a.json", tmp_path / "b.json"
        SB.write_json(a, {"command": "a", "timings": {"tune": 1.0}, "results": {
            "tune": [("", {"person_iou": (0.95, 3, "")})], "fresh": [("", {"person_iou": (0.5, 3, "")})]}})
        SB.write_json(b, {"command": "b", "timings": {"public": 2.0}, "results": {
            "public": [("VOC", {"person_iou_voc": (0.8, 3, "")})]}})
        assert dw.main(["--table-from", str(a), str(b), "--columns", "tune", "public"]) == 0
        out = capsys.readouterr().out
        assert "| issue | criterion | goal | tune | public | met |" in out and "0.500" not in out
        row = next(line for line in out.splitlines() if "creatives with people" in line)
        assert row.endswith("| yes |")  # the hidden fresh column's 0.5 does not count
        assert next(line for line in out.splitlines() if "VOC photos" in line).endswith("| no |")


def test_done_when_textcheck2_half_is_skipped_without_its_fonts(tmp_path, monkeypatch, capsys):
    """No fonts, no textcheck2 row: the set is not written half-drawn, and the run says why."""
    with script_module("done_when") as dw:
        import samples_textcheck2 as tc2

        monkeypatch.setattr(tc2, "fonts_ok", lambda: False)
        assert dw.ensure_textcheck2("tune", tmp_path / "tc2", None) is None
        assert not (tmp_path / "tc2").exists()
        assert "textcheck2: skipped" in capsys.readouterr().err


def test_done_when_textcheck3_half_is_skipped_without_its_fonts(tmp_path, monkeypatch, capsys):
    """No fonts, no textcheck3 row: the set is not written half-drawn, and the run says why."""
    with script_module("done_when") as dw:
        import samples_textcheck3 as tc3

        monkeypatch.setattr(tc3, "fonts_ok", lambda: False)
        assert dw.ensure_textcheck3("tune", tmp_path / "tc3", None) is None
        assert not (tmp_path / "tc3").exists()
        assert "textcheck3: skipped" in capsys.readouterr().err


def test_done_when_textcheck3_half_is_reused_when_its_generator_is_unchanged(tmp_path, monkeypatch):
    """A half written by the same generator source is reused, not redrawn (a stale one is)."""
    with script_module("done_when") as dw:
        import samples_textcheck3 as tc3

        calls = []

        def fake_main(argv):  # stands in for drawing the half: records the call, writes an index
            calls.append(argv)
            out = Path(argv[argv.index("--out") + 1])
            out.mkdir(parents=True, exist_ok=True)
            (out / "index.json").write_text("[]")
            return 0

        monkeypatch.setattr(tc3, "fonts_ok", lambda: True)
        monkeypatch.setattr(tc3, "main", fake_main)
        assert dw.ensure_textcheck3("heldout", tmp_path / "tc3", None) == tmp_path / "tc3"
        assert calls == [["--out", str(tmp_path / "tc3"), "--split", "heldout"]]
        assert dw.ensure_textcheck3("heldout", tmp_path / "tc3", None) == tmp_path / "tc3"
        assert len(calls) == 1  # same generator: reused
        (tmp_path / "tc3" / ".generator").write_text("stale\n")
        dw.ensure_textcheck3("heldout", tmp_path / "tc3", None)
        assert len(calls) == 2  # another generator: redrawn


def test_done_when_says_when_only_leaves_a_set_empty(tmp_path, capsys):
    """``--only _text_`` keeps no textcheck3 creative: the run says so instead of scoring none silently."""
    import argparse

    from creative_tools.bench.datasets import Dataset

    with script_module("done_when") as dw:
        ds = Dataset("textcheck3_tune", tmp_path, ["textcheck3_stamp_tune_0", "textcheck3_sticker_tune_1"],
                     None, ())
        kept = dw._subset(ds, argparse.Namespace(only=["_text_"], every=1))
        assert not dw._kept(kept, "textcheck3", "tune")
        assert "textcheck3: skipped on tune (--only / --every left no creatives" in capsys.readouterr().err
        assert dw._kept(dw._subset(ds, argparse.Namespace(only=["_stamp_"], every=1)), "textcheck3", "tune")
        assert capsys.readouterr().err == ""


def test_done_when_subset_takes_only_and_every(tmp_path):
    """``--only`` / ``--every`` pick the same creatives in every synthetic set (names sorted)."""
    import argparse

    from creative_tools.bench.datasets import Dataset

    with script_module("done_when") as dw:
        ds = Dataset("s", tmp_path, [f"x_text_{i}" for i in range(4)] + ["x_person_0"], lambda k: k, ())
        keys = dw._subset(ds, argparse.Namespace(only=["_text_"], every=2)).keys
        assert list(keys) == ["x_text_0", "x_text_2"]
        assert dw._subset(ds, argparse.Namespace(only=None, every=1)) is ds


def test_done_when_inpaint_options_reach_the_pipeline(monkeypatch):
    """``--inpaint-options`` goes to ``Pipeline(inpaint_options=...)`` beside ``--text-options``;
    a JSON value that is not an object is refused by name."""
    import creative_tools.pipeline as pipeline

    seen = {}

    class Stop(Exception):
        pass

    def fake_pipeline(**kwargs):
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(pipeline, "Pipeline", fake_pipeline)
    with script_module("done_when") as dw:
        with pytest.raises(Stop):
            dw.main(["--issues", "8", "--inpaint-options", '{"budget": 2048}', "--text-options", '{"ground": false}'])
        assert seen == {"inpaint_options": {"budget": 2048}, "text_options": {"ground": False}}
        with pytest.raises(SystemExit, match="--inpaint-options must be a JSON object, got \\[1\\]"):
            dw.main(["--inpaint-options", "[1]"])
