"""The naive-script baseline and the typical-creatives speed comparison (issue 8, item 6)."""

import json
import os

import numpy as np
import pytest

from creative_tools.bench import synthetic_creative
from creative_tools.bench.__main__ import main
from creative_tools.bench.typical import to_megapixels, typical_creatives
from creative_tools.bench.datasets import REPO_ROOT
from creative_tools.errors import ContractError


@pytest.fixture(scope="module")
def naive():
    pytest.importorskip("rapidocr", reason="the naive script needs rapidocr 3.10 (requirements-dev.txt)")
    pytest.importorskip("ai_edge_litert")
    from creative_tools.bench.naive import NaiveScript

    return NaiveScript()


def test_naive_script_masks_text_and_fills_only_the_mask(naive):
    im = synthetic_creative(512)
    res = naive.run(im)
    assert res.mask.shape == im.shape[:2] and res.mask.dtype == bool
    assert (res.mask == (res.person_mask | res.text_mask)).all()  # union, no dilation
    assert (res.background[~res.mask] == im[~res.mask]).all()
    # "SUMMER SALE" sits at rows ~70-105 (x 30-330 at 512 px): its boxes are filled.
    assert res.text_mask[75:100, 40:300].mean() > 0.5
    assert set(res.timings) == {"person", "text", "merge", "inpaint"}


def test_naive_script_stays_detector_only_across_calls(naive):
    """rapidocr keeps use_det/use_cls/use_rec on the engine: a later call must not recognise."""
    naive._ocr(np.zeros((64, 64, 3), np.uint8), use_det=True, use_cls=True, use_rec=True)
    im = synthetic_creative(256)
    out = naive._ocr(im[..., ::-1].copy(), use_det=True, use_cls=False, use_rec=False)
    assert type(out).__name__ == "TextDetOutput"
    assert naive.text_mask(im).any()


def test_to_megapixels_keeps_aspect():
    out = to_megapixels(np.zeros((100, 400, 3), np.uint8), 0.04)
    assert out.shape == (100, 400, 3)
    out = to_megapixels(np.zeros((100, 400, 3), np.uint8), 0.16)
    assert out.shape == (200, 800, 3)


def test_typical_set_without_shared_folder(tmp_path):
    ims = typical_creatives(n=6, megapixels=0.05, shared=tmp_path)
    names = [n for n, _ in ims]
    data = sorted(p.stem for p in (REPO_ROOT / "data").glob("*.png"))
    assert names[:len(data)] == [f"data/{s}" for s in data]
    assert all(n.startswith("generated/") for n in names[len(data):]) and len(ims) == 6
    for _, im in ims:
        assert im.dtype == np.uint8 and im.ndim == 3 and abs(im.shape[0] * im.shape[1] / 5e4 - 1) < 0.02
    again = typical_creatives(n=6, megapixels=0.05, shared=tmp_path)
    assert all((a == b).all() for (_, a), (_, b) in zip(ims, again))  # reproducible
    with pytest.raises(ContractError, match="n must be >= 1"):
        typical_creatives(n=0)


def test_cli_speed_typical(naive, tmp_path, capsys):
    rc = main(["speed", "--typical", "--count", "2", "--megapixels", "0.05", "--repeat", "1",
               "--shared", str(tmp_path / "none"), "--data", str(tmp_path / "none"), "--inpaint", "telea",
               "--out", str(tmp_path), "--quiet"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "pipeline / naive: " in out and "(median of per-creative ratios)" in out
    data = json.loads((tmp_path / "speed_typical.json").read_text())
    assert [(r["name"], r["method"]) for r in data["rows"]] == [
        ("generated/0", "pipeline"), ("generated/0", "naive"), ("generated/1", "pipeline"), ("generated/1", "naive")]
    s = data["summary"]
    # wall with wall: the pipeline's person and text stages may overlap, so their sum is not the wait
    assert s["pipeline"]["n"] == 2 and s["ratio_total"] == pytest.approx(
        s["pipeline"]["wall_ms"] / s["naive"]["wall_ms"])
    assert "wall ms" in out and "total ms" in out
    for r in data["rows"]:
        assert r["wall_ms"] > 0 and r["ratio_total"] == pytest.approx(
            r["wall_ms"] / next(x["wall_ms"] for x in data["rows"] if x["method"] == "naive" and x["name"] == r["name"]))
    naive_rows = [r for r in data["rows"] if r["method"] == "naive"]
    assert all(r["wall_ms"] >= r["total_ms"] for r in naive_rows)  # one stage after the other

    assert s["pipeline"]["median_ratio"] == pytest.approx(np.median(
        [r["ratio_total"] for r in data["rows"] if r["method"] == "pipeline"]))
    if hasattr(os, "getloadavg"):  # the load the timings were taken under, start and end
        m = data["machine"]
        assert m["load_avg_1min_start"] >= 0 and m["load_avg_1min"] >= 0 and m["load_avg_15min_end"] >= 0
        assert "load_avg_1min_start=" in out


def test_cli_speed_typical_before_configuration_side_by_side(naive, tmp_path, capsys):
    """--before-text-options and --before-pipeline-options time a second pipeline in the same loop, every
    method on every creative."""
    rc = main(["speed", "--typical", "--count", "2", "--megapixels", "0.05", "--repeat", "1",
               "--shared", str(tmp_path / "none"), "--data", str(tmp_path / "none"), "--inpaint", "telea",
               "--before-text-options", '{"spinning": true}', "--before-pipeline-options", '{"concurrent": false}',
               "--out", str(tmp_path), "--quiet"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "before / naive: " in out and "per group (median): generated" in out
    data = json.loads((tmp_path / "speed_typical.json").read_text())
    assert [r["method"] for r in data["rows"]] == ["pipeline", "before", "naive"] * 2
    s = data["summary"]
    for m in ("pipeline", "before"):
        assert s[m]["ratio_total"] == pytest.approx(s[m]["wall_ms"] / s["naive"]["wall_ms"])
    # same detections: only the thread scheduling differs (onnxruntime's; people beside text or not)
    by = {(r["name"], r["method"]): r for r in data["rows"]}
    assert by[("generated/0", "pipeline")]["mask_frac"] == by[("generated/0", "before")]["mask_frac"]


class _Reached(Exception):
    """Raised by the stubbed run_typical: only the pipelines' construction is under test."""


def _before_pipeline(monkeypatch, tmp_path, *flags):
    """Run ``bench speed --typical`` with *flags* up to run_typical (stubbed: no timing loop, no naive script)
    and return the keywords the "before" Pipeline was built with."""
    from creative_tools import pipeline as P
    from creative_tools.bench import speed

    seen = []
    orig = P.Pipeline.__init__

    def spy(self, *a, **kw):
        seen.append(kw)
        orig(self, *a, **kw)

    def stub(creatives, **kw):
        raise _Reached(kw["others"])

    monkeypatch.setattr(P.Pipeline, "__init__", spy)
    monkeypatch.setattr(speed, "run_typical", stub)
    with pytest.raises(_Reached) as got:
        main(["speed", "--typical", "--count", "1", "--megapixels", "0.05", "--repeat", "1",
              "--shared", str(tmp_path / "none"), "--data", str(tmp_path / "none"), "--inpaint", "telea",
              *flags, "--out", str(tmp_path), "--quiet"])
    assert set(got.value.args[0]) == {"before"} and len(seen) == 2
    return seen[1]


def test_cli_speed_typical_before_pipeline_options_may_hold_text_options(monkeypatch, tmp_path):
    """Failure class: a crash on a documented use. ``text_options`` inside
    --before-pipeline-options raised "got multiple values for keyword argument
    'text_options'"; now they are merged with --before-text-options (which win)."""
    kw = _before_pipeline(monkeypatch, tmp_path,
                          "--before-pipeline-options", '{"text_options": {"spinning": true, "verify": 0.3}}',
                          "--before-text-options", '{"verify": 0.4}')
    assert kw["text_options"] == {"spinning": True, "verify": 0.4}


@pytest.mark.parametrize("opts, key, value", [('{"person": null}', "person", None),
                                              ('{"text": "ppocr", "concurrent": false}', "text", "ppocr"),
                                              ('{"inpaint": "telea"}', "inpaint", "telea")])
def test_cli_speed_typical_before_pipeline_options_may_set_backends(monkeypatch, tmp_path, opts, key, value):
    """Failure class: a crash on a documented use. ``person``, ``text`` or ``inpaint`` inside
    --before-pipeline-options raised "got multiple values for keyword argument"; the JSON's value now
    replaces the CLI's for the before pipeline only."""
    kw = _before_pipeline(monkeypatch, tmp_path, "--before-pipeline-options", opts)
    assert kw[key] == value and kw["text_options"] == {}
    assert {k: kw[k] for k in ("person", "text", "inpaint") if k != key} == {
        k: v for k, v in {"person": "mediapipe", "text": "ppocr", "inpaint": "telea"}.items() if k != key}


@pytest.mark.parametrize("bad", ["[1]", "[]", "0", '""', "false"])
def test_cli_speed_typical_before_text_options_not_an_object_is_rejected(monkeypatch, tmp_path, bad):
    """Failure class: a wrong input accepted silently. A falsy non-object ``text_options`` ([], 0, "")
    skipped the "must be a JSON object" check (``or {}`` replaced it); only null means none."""
    from creative_tools.bench import speed

    monkeypatch.setattr(speed, "run_typical", lambda *a, **k: pytest.fail("run_typical reached"))
    with pytest.raises(SystemExit, match="text_options must be a JSON object"):
        main(["speed", "--typical", "--count", "1", "--megapixels", "0.05", "--repeat", "1",
              "--shared", str(tmp_path / "none"), "--data", str(tmp_path / "none"), "--inpaint", "telea",
              "--before-pipeline-options", '{"text_options": %s}' % bad, "--out", str(tmp_path), "--quiet"])


def test_cli_speed_typical_before_text_options_null_means_none(monkeypatch, tmp_path):
    kw = _before_pipeline(monkeypatch, tmp_path, "--before-pipeline-options", '{"text_options": null}')
    assert kw["text_options"] == {}


def test_run_typical_rejects_reserved_method_names():
    from creative_tools.bench.speed import run_typical

    with pytest.raises(ContractError, match="others must not use the names 'pipeline' or 'naive', got 'naive'"):
        run_typical([("x", np.zeros((8, 8, 3), np.uint8))], naive=False, pipeline=object(), others={"naive": object()})
