import csv
import hashlib
import json

import numpy as np
import pytest
from PIL import Image, ImageDraw

from creative_tools.cli import main

from bad_inputs import BAD_INPUTS, write_bad_input


def _creative(path, seed):
    y, x = np.mgrid[0:160, 0:240]
    bg = np.stack([x + 10, y + 40, np.full_like(x, 120 + seed)], -1).clip(0, 255).astype(np.uint8)
    im = Image.fromarray(bg)
    ImageDraw.Draw(im).text((20, 60), "BIG SALE", fill=(255, 255, 255), font_size=36)
    im.save(path)
    return path


def _digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None


@pytest.fixture
def batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good = [_creative(src / "a.png", 0), _creative(src / "b.jpg", 1)]
    bad = [write_bad_input(src, k) for k in sorted(BAD_INPUTS)]  # "folder" is an empty folder
    return src, good, bad


def test_run_reports_every_bad_input_and_finishes_the_good(batch, tmp_path, capsys):
    src, good, bad = batch
    before = {p: _digest(p) for p in src.iterdir()}
    out = tmp_path / "out"
    rc = main(["run", *map(str, good + bad), "--out", str(out), "--inpaint", "telea", "--no-progress"])
    assert rc == 1                                   # something failed
    err = capsys.readouterr().err
    rows = list(csv.DictReader(open(out / "manifest.csv")))
    assert len(rows) == len(good) + len(bad)
    by_input = {r["input"]: r for r in rows}
    for p in bad:
        r = by_input[str(p)]
        assert r["status"] == "error" and str(p) in r["reason"]
        assert str(p) in err                         # one clear line naming the file
    for p in good:
        r = by_input[str(p)]
        assert r["status"] == "ok", r["reason"]
        d = out / p.stem
        for f in ("background.png", "mask.png", "person_mask.png", "text_mask.png", "overlay.png", "result.json"):
            assert (d / f).is_file()
        img = np.asarray(Image.open(p).convert("RGB"))
        bg = np.asarray(Image.open(d / "background.png"))
        mask = np.asarray(Image.open(d / "mask.png")) > 0
        assert bg.shape == img.shape and mask.any()
        assert (bg[~mask] == img[~mask]).all()       # unmasked pixels bit-identical
        summary = json.loads((d / "result.json").read_text())
        assert summary["backends"]["inpaint"] == "telea" and summary["text_polygons"]
    assert {p: _digest(p) for p in src.iterdir()} == before  # no input touched


def test_folder_input_config_and_resume(batch, tmp_path):
    src, good, _ = batch
    folder = tmp_path / "only_good"
    folder.mkdir()
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("inpaint: ns\nperson: null\ntext_dilate: 4\n")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--config", str(cfg), "--no-progress"]) == 0
    s = json.loads((out / "a" / "result.json").read_text())
    assert s["backends"] == {"person": None, "text": "ppocr", "objects": None, "inpaint": "ns"}
    assert s["params"]["text_dilate"] == 4
    # command-line options override the config
    assert main(["run", str(folder), "--out", str(out), "--config", str(cfg), "--text-dilate", "2",
                 "--no-progress"]) == 0
    assert json.loads((out / "a" / "result.json").read_text())["params"]["text_dilate"] == 2
    # resume with the same parameters: nothing is redone
    same = ["--config", str(cfg), "--text-dilate", "2"]
    assert main(["run", str(folder), "--out", str(out), *same, "--skip-existing", "--no-progress"]) == 0
    rows = list(csv.DictReader(open(out / "manifest.csv")))
    assert [r["status"] for r in rows] == ["skipped", "skipped"]
    # other parameters: redone, and the manifest says why
    assert main(["run", str(folder), "--out", str(out), "--skip-existing", "--no-progress"]) == 0
    rows = list(csv.DictReader(open(out / "manifest.csv")))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert all("redone: parameters changed:" in r["reason"] and "text_dilate 2 -> None" in r["reason"]
               for r in rows), rows


def test_bad_config_is_a_usage_error(tmp_path, capsys):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("treshold: 0.3\n")
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "o"), "--config", str(cfg)]) == 2
    assert "unknown pipeline option(s) ['treshold']" in capsys.readouterr().err
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "o"), "--inpaint", "nope"]) == 2
    assert "Unsupported inpaint backend: 'nope'" in capsys.readouterr().err


def test_backends_and_weights_listing(capsys, ct_home):
    assert main(["backends"]) == 0
    out = capsys.readouterr().out
    assert "person/mediapipe" in out and "text/ppocr" in out and "inpaint/auto" in out
    assert main(["weights", "list"]) == 0
    out = capsys.readouterr().out
    assert "absent; would go to" in out
    assert main(["weights", "download", "nope"]) == 2


def test_none_reaches_both_commands():
    from creative_tools.cli import _pipeline_options, build_parser

    for cmd in ("run", "report"):
        args = build_parser().parse_args([cmd, "x", "--out", "o", "--person", "none"])
        assert _pipeline_options(args) == {"person": None}, cmd
        args = build_parser().parse_args([cmd, "x", "--out", "o"])
        assert _pipeline_options(args) == {}, cmd


def test_same_stem_inputs_get_separate_folders(tmp_path):
    from creative_tools.batch import output_dir_for

    taken = set()
    dirs = [output_dir_for(tmp_path / n, tmp_path / "out", taken) for n in ("a.png", "a.jpg", "x/a.png", "y/a.png")]
    assert [d.name for d in dirs] == ["a", "a_jpg", "a_png", "a_2"]


# -- option and config errors: one line naming the option, what is allowed and what came in, exit 2
def _main(argv):
    try:
        return main(argv)
    except SystemExit as e:  # argparse usage errors
        return e.code


@pytest.fixture
def one_creative(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _creative(src / "a.png", 0)
    return src


def _cfg(tmp_path, content: bytes | str):
    p = tmp_path / "cfg.yaml"
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return ["--config", str(p)]


@pytest.mark.parametrize("extra, words", [
    (lambda t: _cfg(t, b"person: caf\xe9\n"), ["cfg.yaml", "UTF-8", "0xe9"]),
    (lambda t: _cfg(t, "person_threshold: high\n"), ["cfg.yaml", "person_threshold", "a number in [0, 1]", "'high'"]),
    (lambda t: _cfg(t, "person_options: 5\n"), ["cfg.yaml", "person_options", "a mapping", "5 (int)"]),
    (lambda t: _cfg(t, "min_area: true\n"), ["cfg.yaml", "min_area", "an integer >= 0", "True (bool)"]),
    (lambda t: _cfg(t, "person_dilate: true\n"), ["cfg.yaml", "person_dilate", "an integer >= 0", "True (bool)"]),
    (lambda t: _cfg(t, "text_options: {nope: 1}\n"), ["text_options", "'ppocr'", "no option ['nope']", "box_thresh"]),
    (lambda t: ["--text-options", "nope=1"], ["text_options", "'ppocr'", "no option ['nope']", "box_thresh"]),
    (lambda t: ["--person-options", "selfie_flip"], ["--person-options", "KEY=VALUE", "'selfie_flip'"]),
    (lambda t: ["--person-threshold", "high"], ["--person-threshold", "a number in [0, 1]", "'high'"]),
    (lambda t: ["--min-area", "-1"], ["--min-area", "an integer >= 0", "'-1'"]),
    (lambda t: ["--max-pixels", "-5"], ["--max-pixels", "an integer >= 1", "'-5'"]),
    (lambda t: ["--inpaint", "telea", "--inpaint-options", "nope=1"], ["inpaint backend 'telea'", "nope"]),
])
def test_option_and_config_errors_are_one_line_exit_2(extra, words, one_creative, tmp_path, capsys):
    rc = _main(["run", str(one_creative), "--out", str(tmp_path / "o"), "--person", "none", "--no-progress",
                *extra(tmp_path)])
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert rc == 2, err
    assert len(lines) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in lines[0], lines[0]
    assert not (tmp_path / "o" / "a").exists()  # nothing was processed


def test_none_in_yaml_and_backend_options_reach_the_run(one_creative, tmp_path):
    out = tmp_path / "o"
    rc = main(["run", str(one_creative), "--out", str(out), "--no-progress", "--inpaint", "telea",
               *_cfg(tmp_path, "person: none\ntext_options:\n  box_thresh: 0.55\n"), "--text-options", "tight=false"])
    assert rc == 0
    s = json.loads((out / "a" / "result.json").read_text())
    assert s["backends"]["person"] is None
    assert s["params"]["text_options"] == {"box_thresh": 0.55, "tight": False}  # file and command line merged


def test_device_for_backends_that_take_none_says_so(one_creative, tmp_path, capsys):
    rc = main(["run", str(one_creative), "--out", str(tmp_path / "o"), "--no-progress", "--person", "none",
               "--inpaint", "telea", "--device", "cuda"])
    err = capsys.readouterr().err
    assert rc == 0
    warn = [ln for ln in err.splitlines() if ln.startswith("warning:")]
    assert len(warn) == 1 and "device='cuda'" in warn[0] and "'ppocr'" in warn[0] and "'telea'" in warn[0], err
    assert "run on the CPU" in warn[0]


def test_every_config_field_is_an_option_of_run_and_report(capsys):
    import dataclasses

    from creative_tools.pipeline import PipelineConfig

    for cmd in ("run", "report"):
        assert _main([cmd, "--help"]) == 0
        out = capsys.readouterr().out
        for f in dataclasses.fields(PipelineConfig):
            assert "--" + f.name.replace("_", "-") + " " in out, (cmd, f.name)
