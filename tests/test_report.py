"""creative_tools.report: path helpers, the report's tables, and the HTML report end to end."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from creative_tools import report as R
from creative_tools.batch import FileOutcome
from creative_tools.errors import CreativeToolsError
from creative_tools.io import load_image, save_image

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "square_flat.png"


def test_project_root_is_found_from_anywhere(tmp_path, monkeypatch):
    assert R.project_root(ROOT / "notebooks") == ROOT
    monkeypatch.chdir(tmp_path)  # outside the repo: falls back to the package's parent
    assert R.project_root() == ROOT
    assert R.notebooks_dir() == ROOT / "notebooks"


def test_resolve_path(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    assert R.resolve_path("data/README.md") == ROOT / "data" / "README.md"
    assert R.resolve_path(tmp_path) == tmp_path
    assert R.resolve_path("out/x") == ROOT / "out" / "x"  # outputs go under the repo root
    with pytest.raises(CreativeToolsError, match="nope.png"):
        R.resolve_path("nope.png", must_exist=True)


def test_first_image(tmp_path):
    img = np.zeros((4, 5, 3), np.uint8)
    save_image(tmp_path / "b.png", img)
    save_image(tmp_path / "a.png", img)
    (tmp_path / "notes.txt").write_text("x")
    assert R.first_image(tmp_path) == tmp_path / "a.png"
    assert R.first_image(tmp_path / "b.png") == tmp_path / "b.png"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CreativeToolsError, match="no image"):
        R.first_image(empty)


def test_notebook_path():
    assert R.notebook_path("05_batch_report").is_file()
    with pytest.raises(CreativeToolsError, match="available"):
        R.notebook_path("06_nope")


def _ok_outcome(tmp_path, name="a.png"):
    d = tmp_path / Path(name).stem
    d.mkdir()
    img = np.full((20, 30, 3), 90, np.uint8)
    for f in ("overlay.png", "background.png"):
        save_image(d / f, img)
    save_image(tmp_path / name, img)
    area = {"pixels": 60, "fraction": 0.1, "components": 2, "largest": 40}
    summary = {"size": {"height": 20, "width": 30}, "area": {"mask": area, "person": area, "text": area},
               "timings_s": {"person": 0.1, "text": 0.2, "merge": 0.0, "inpaint": 0.3, "total": 0.6},
               "text_polygons": [{"points": [], "score": 0.9}] * 3}
    return FileOutcome(str(tmp_path / name), "ok", "", str(d), 0.6, 20, 30, 0.1, 0.1, 0.1, 3, summary)


def test_collect_table_and_gallery(tmp_path):
    bad = FileOutcome(str(tmp_path / "bad.png"), "error", "bad.png: not an image <&>", str(tmp_path / "bad"))
    rows = R.collect([_ok_outcome(tmp_path), bad])
    assert [r["status"] for r in rows] == ["ok", "error"]
    assert rows[0]["people"] == 2 and rows[0]["text_boxes"] == 3 and rows[0]["mask_pct"] == pytest.approx(10)
    table = R.table_html(rows)
    assert table.count("<tr class=") == 2
    assert "not an image &lt;&amp;&gt;" in table  # reasons are escaped, not injected
    gallery = R.gallery_html(rows)
    assert gallery.count("data:image/jpeg;base64,") == 3  # creative, background, overlay (mask.png missing)
    assert "(missing)" in gallery and "failed: bad.png" in gallery
    # few creatives: no distributions (they say nothing); from MIN_FOR_DISTRIBUTIONS on, four
    assert R.distributions_figure(rows) is None
    assert len(R.distributions_figure(rows, min_creatives=1).axes) == 4
    assert R.distributions_figure(rows * R.MIN_FOR_DISTRIBUTIONS) is not None
    assert rows[0]["seconds"] == pytest.approx(0.6)  # no wall (an older result.json): the stages' sum


def test_seconds_are_the_wall_time_where_stages_overlapped(tmp_path):
    """People beside text: the stages' sum (total) is more than the wait (wall), which the report shows."""
    o = _ok_outcome(tmp_path)
    o.summary["timings_s"].update(wall=0.45)
    assert R.collect([o])[0]["seconds"] == pytest.approx(0.45)


def test_gallery_shows_the_layer_strip_of_a_layers_run(tmp_path):
    from creative_tools.layers.stack import LayerStack

    o = _ok_outcome(tmp_path)
    assert "ct-strip" not in R.gallery_html(R.collect([o]))  # no --layers: no strip
    LayerStack.from_background(np.full((20, 30, 3), 90, np.uint8)).save(Path(o.output_dir))
    gallery = R.gallery_html(R.collect([o]))
    assert gallery.count("class='ct-strip'") == 1 and "alt='layers of a.png'" in gallery
    (Path(o.output_dir) / "layers.json").write_text("{not json")
    assert "unreadable" in R.gallery_html(R.collect([o]))


def test_table_is_sortable_by_numbers(tmp_path):
    bad = FileOutcome(str(tmp_path / "bad.png"), "error", "broken", str(tmp_path / "bad"))
    rows = R.collect([_ok_outcome(tmp_path), bad])
    table = R.table_html(rows)
    assert "class='ct ct-sort'" in table and "<thead>" in table and "<tbody>" in table
    assert "data-v='0.6'" in table  # total seconds, sorted as a number
    assert "data-v='600'" in table  # size as pixels
    assert "data-v=''" in table  # the failed row sorts last (no numbers)
    assert "href='#ct-c1'" in table  # the name jumps to the creative's card
    assert "table.ct-sort th" in R.PAGE_ASSETS and "ct-lightbox" in R.PAGE_ASSETS


def test_objects_column_only_when_the_source_was_on(tmp_path):
    ok = _ok_outcome(tmp_path)
    assert "objects %" not in R.table_html(R.collect([ok]))
    area = dict(ok.summary["area"], objects={"pixels": 6, "fraction": 0.01, "components": 1, "largest": 6})
    ok.summary.update(area=area, backends={"objects": "auto"})
    rows = R.collect([ok])
    assert rows[0]["objects_pct"] == pytest.approx(1.0)
    assert "<th>objects %</th>" in R.table_html(rows) and "objects (magenta)" in R.gallery_html(rows)


def test_gallery_full_size_one_click_away(tmp_path):
    rows = R.collect([_ok_outcome(tmp_path)])
    gallery = R.gallery_html(rows)
    ids = set(re.findall(r"<img[^>]* id='([^']+)'", gallery))
    targets = re.findall(r"class='ct-full' data-img='([^']+)'", gallery)
    assert len(targets) == 3 and set(targets) <= ids  # creative, background, overlay
    assert "ct-slide" in gallery and "ct-top" in gallery  # before/after slider
    # embedded at full resolution (no downscaling unless asked)
    from PIL import Image
    import base64
    import io

    uri = re.search(r"id='ct-b1' src='data:image/jpeg;base64,([^']+)'", gallery).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(uri))).size == (30, 20)


def test_gallery_can_link_instead_of_embedding(tmp_path):
    rows = R.collect([_ok_outcome(tmp_path)])
    gallery = R.gallery_html(rows, embed=False, link_base=tmp_path)
    assert "data:image" not in gallery
    assert "src='a/background.png'" in gallery and "href='a/overlay.png'" in gallery
    assert "src='a.png'" in gallery


def test_transparent_creative_over_a_checkerboard(tmp_path):
    ok = _ok_outcome(tmp_path, name="t.png")
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[..., 0] = 255  # red, but hidden under alpha 0 on the left half
    rgba[:, 15:, 3] = 255
    from PIL import Image

    Image.fromarray(rgba, "RGBA").save(ok.input)
    gallery = R.gallery_html(R.collect([ok]))
    assert "ct-top ct-check" in gallery  # the checkerboard shows through the creative's hidden pixels
    assert re.search(r"id='ct-b1' src='data:image/png;base64,", gallery)  # alpha kept, not flattened


def test_load_batch_reads_the_manifest_and_results(tmp_path):
    import json

    from creative_tools.batch import write_manifest

    ok = _ok_outcome(tmp_path)
    (Path(ok.output_dir) / "result.json").write_text(json.dumps({**ok.summary, "backends": {"text": "ppocr"}}))
    gone = _ok_outcome(tmp_path, name="gone.png")  # listed ok, but its result.json is missing
    bad = FileOutcome(str(tmp_path / "bad.png"), "error", "bad.png: not an image", "")
    write_manifest(tmp_path / "manifest.csv", [ok, gone, bad])
    rows = R.load_batch(tmp_path)
    assert [r["status"] for r in rows] == ["ok", "error", "error"]
    assert rows[0]["seconds"] == 0.6 and rows[0]["backends"] == {"text": "ppocr"}
    assert "result.json is missing" in rows[1]["reason"] and rows[2]["reason"] == "bad.png: not an image"
    md = R.summary_markdown(rows, title="T", batch_dir=tmp_path)
    assert "**3 creatives**: 1 processed, **2 failed**" in md and "text `ppocr`" in md
    with pytest.raises(CreativeToolsError, match=r"no batch manifest.*creative_tools run"):
        R.load_batch(tmp_path / "empty")


def test_collect_reads_skipped_creatives_back(tmp_path):
    import json

    ok = _ok_outcome(tmp_path)
    (Path(ok.output_dir) / "result.json").write_text(json.dumps(ok.summary))
    rows = R.collect([FileOutcome(ok.input, "skipped", "already processed", ok.output_dir)])
    assert rows[0]["status"] == "ok" and rows[0]["seconds"] == 0.6


def test_unknown_option_fails_before_any_work(tmp_path):
    with pytest.raises(CreativeToolsError, match="unknown pipeline option"):
        R.build_report([tmp_path], tmp_path / "r.html", options={"treshold": 0.3})
    assert not (tmp_path / "r_files").exists()


def test_report_command_lists_every_input_and_the_failure(tmp_path):
    """`python -m creative_tools report` -> one HTML file, one entry per input, reasons shown."""
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} not present")
    import cv2

    from creative_tools.cli import main

    inputs = tmp_path / "in"
    inputs.mkdir()
    img = cv2.resize(load_image(SAMPLE), (240, 240), interpolation=cv2.INTER_AREA)
    save_image(inputs / "flat_small.png", img)
    save_image(inputs / "flat_mirror.png", img[:, ::-1].copy())
    (inputs / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not really a png")
    out = tmp_path / "report" / "report.html"
    rc = main(["report", str(inputs), "--out", str(out), "--inpaint", "telea", "--no-progress"])
    assert rc == 0
    html = out.read_text()
    for name in ("flat_small.png", "flat_mirror.png", "broken.png"):
        assert name in html
    table = re.search(r"""<table class=["']ct ct-sort["']>.*?</table>""", html, re.S).group(0)
    assert len(re.findall(r"""<tr class=["']ok["']>""", table)) == 2
    assert len(re.findall(r"""<tr class=["']error["']>""", table)) == 1
    assert "broken.png: not an image, or a format Pillow cannot read" in table
    assert "3 creatives" in html and "1 failed" in html
    # self-contained: pictures embedded once each (creative, background, overlay as JPEG, the
    # mask as PNG), no code shown, no links to local files; 3 creatives: no histograms
    assert html.count("data:image/jpeg;base64,") == 6 and len(re.findall(r"""id=["']ct-f""", html)) == 4  # overlays, masks
    assert "ct-lightbox" in html and "ct-sort" in html and "from 10 processed creatives on" in html
    assert "run_files(" not in html and "import matplotlib" not in html
    assert not re.search(r"""src=["']?(file:|/)""", html)
    assert (tmp_path / "report" / "report_files" / "manifest.csv").is_file()


def test_installed_without_the_source_tree_gives_a_clear_error(tmp_path, monkeypatch):
    fake = tmp_path / "site-packages" / "creative_tools" / "report.py"
    monkeypatch.setattr(R, "__file__", str(fake))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CreativeToolsError, match="notebooks/ and creative_tools/.*pip install -e"):
        R.notebook_path("05_batch_report")
