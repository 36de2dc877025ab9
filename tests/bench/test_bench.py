"""Bench smoke tests on one tiny synthetic creative with the fast backends."""

import json

import cv2
import numpy as np
import pytest
from PIL import Image

from creative_tools.bench import Baseline, run_quality, synthetic_creative
from creative_tools.bench.__main__ import main
from creative_tools.bench.report import fmt, table
from creative_tools.bench.datasets import creatives
from creative_tools.errors import ContractError
from creative_tools.pipeline import Pipeline


@pytest.fixture(scope="module")
def creative_dir(tmp_path_factory):
    """data/ layout: a gradient backdrop with one line of big text, truth by construction."""
    root = tmp_path_factory.mktemp("creatives")
    h, w = 192, 320
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    bg = np.stack([80 + x / 4, 120 + y / 4, np.full_like(x, 170)], axis=2).astype(np.uint8)
    im = bg.copy()
    cv2.putText(im, "SALE 50%", (20, 110), cv2.FONT_HERSHEY_DUPLEX, 2.0, (255, 255, 255), 5, cv2.LINE_AA)
    text = (im != bg).any(axis=2)
    Image.fromarray(im).save(root / "tiny.png")
    t = root / "truth" / "tiny"
    t.mkdir(parents=True)
    Image.fromarray(bg).save(t / "background.png")
    Image.fromarray(text.astype(np.uint8) * 255).save(t / "text_mask.png")
    Image.fromarray(np.zeros((h, w), np.uint8)).save(t / "person_mask.png")
    ys, xs = np.nonzero(text)
    quad = [[int(xs.min()), int(ys.min())], [int(xs.max()), int(ys.min())], [int(xs.max()), int(ys.max())],
            [int(xs.min()), int(ys.max())]]
    (t / "meta.json").write_text(json.dumps({"words": [{"points": quad, "text": "SALE 50%"}]}))
    return root


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(person=None, text="ppocr", inpaint="telea")


def test_baseline_squashes_and_changes_unmasked_pixels(pipe):
    im = synthetic_creative(300)[:, :200].copy()            # 300 x 200, not square
    b = Baseline(pipe).run(im)
    assert b.background.shape == im.shape and b.mask.shape == im.shape[:2]
    assert b.mask.dtype == bool and b.mask.any()
    # resized back from 512x512: pixels outside the mask change too (the flaw it stands for)
    assert ((b.background != im).any(axis=2) & ~b.mask).mean() > 0.3
    assert set(b.timings) == {"resize", "person", "text", "merge", "inpaint", "total"}
    with pytest.raises(ContractError, match="threshold"):
        Baseline(pipe, threshold=2)


def test_quality_rows_on_tiny_creative(creative_dir):
    rows = run_quality([creatives(creative_dir)], persons=[None], texts=["ppocr"], inpaints=["telea"], baseline=True)
    got = {r.metric: r for r in rows}
    assert {"glyph_recall", "glyph_precision", "word_f", "psnr_removed", "ssim_image", "changed_outside",
            "removal_iou", "seconds"} <= set(got)
    assert "person_iou" not in got                          # no person backend
    assert got["changed_outside"].pipeline == 0.0           # the pipeline keeps unmasked pixels
    assert got["changed_outside"].baseline > 0.01           # the baseline does not
    assert got["changed_outside"].ratio == 0.0
    assert got["glyph_recall"].pipeline > 0.5               # big white text on a gradient
    assert got["word_recall"].pipeline == 1.0 and got["word_recall"].n == 1
    assert got["psnr_image"].pipeline > got["psnr_image"].baseline
    for r in rows:
        assert r.dataset == "creatives" or r.dataset.startswith("creatives")
        assert (r.person, r.text, r.inpaint) == ("-", "ppocr", "telea")


def test_cli_quality_writes_files(creative_dir, tmp_path, capsys):
    out = tmp_path / "out"
    rc = main(["quality", "--data", str(creative_dir), "--person", "none", "--text", "ppocr",
               "--inpaint", "telea", "--out", str(out), "--quiet"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "glyph_recall" in text and "command: python -m creative_tools.bench quality" in text
    for name in ("quality.csv", "quality.json", "quality.png"):
        assert (out / name).stat().st_size > 0
    data = json.loads((out / "quality.json").read_text())
    assert data["rows"][0]["baseline"] is None              # no --baseline: nan written as null


def test_cli_speed_tiny(tmp_path, capsys):
    rc = main(["speed", "--sizes", "128", "--repeat", "1", "--person", "none", "--text", "ppocr",
               "--inpaint", "telea", "--devices", "cpu", "--data", str(tmp_path / "none"),
               "--out", str(tmp_path), "--quiet"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "threads (cpu): cpu_count=" in out and "baseline" in out
    rows = json.loads((tmp_path / "speed.json").read_text())["rows"]
    assert [(r["method"], r["input"]) for r in rows] == [("pipeline", "128x128"), ("baseline", "128x128")]
    assert rows[1]["ratio_total"] == 1.0 and rows[0]["peak_rss_mb"] > 10


def test_cli_bad_dataset_exits_2(capsys):
    assert main(["quality", "--data", "nope", "--quiet"]) == 2
    assert "skipped nope" in capsys.readouterr().err


def test_table_and_fmt():
    assert fmt(float("nan")) == "-" and fmt(0.12345) == "0.123" and fmt(12345.0) == "12345"
    t = table(["a", "v"], [["x", 1.5]], left=1)
    assert t.splitlines() == ["a      v", "-  -----", "x  1.500"]


def test_psnr_is_pooled_over_mean_mse_not_mean_of_infinite_psnr():
    from creative_tools.bench.quality import _Acc
    from creative_tools.bench.metrics import psnr_from_mse

    acc = _Acc()
    acc.add("mse_image", 0.0)                               # a perfect image (PSNR inf)
    acc.add("mse_image", 100.0)
    acc.add("glyph_recall", float("nan"))                   # undefined: skipped, not counted
    acc.add("glyph_recall", 0.5)
    res = acc.result()
    assert res["psnr_image"] == (pytest.approx(psnr_from_mse(50.0)), 2)
    assert res["glyph_recall"] == (0.5, 1)
