"""The original design end to end: `--person fcn_resnet50 --text psenet --inpaint lama`.

No published weights can be downloaded here, so weights in each published layout are made
in the test (random init for torchvision, the vectors' recipe for PSENet and big-lama) and
saved where the resolver looks (the cache), then the CLI runs offline.
"""

from __future__ import annotations

import csv
import dataclasses
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from creative_tools import weights as W  # noqa: E402
from creative_tools.cli import main  # noqa: E402

from recipe import recipe_state_dict  # noqa: E402


@pytest.fixture
def cached_weights(ct_home, vectors_dir, monkeypatch):
    from torchvision.models import segmentation

    torch.manual_seed(0)
    fcn = segmentation.fcn_resnet50(weights=None, weights_backbone=None, num_classes=21, aux_loss=True)
    target = W.expected_path("fcn_resnet50")
    target.parent.mkdir(parents=True)
    torch.save(fcn.state_dict(), target)
    # A made file cannot carry torchvision's published hash: declare this one's instead.
    rec = dataclasses.replace(W.get("fcn_resnet50"), sha256=W.sha256sum(target))
    monkeypatch.setitem(W._WEIGHTS, "fcn_resnet50", rec)

    keys = json.loads((vectors_dir / "psenet_fpn_r50.keys.json").read_text())
    sd = recipe_state_dict(keys, 1.0)
    target = W.expected_path("psenet_r50")
    target.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": {"module." + k: v for k, v in sd.items()}}, target)

    keys = json.loads((vectors_dir / "lama_ffc_big.keys.json").read_text())
    sd = recipe_state_dict(keys, 0.7)
    torch.save({"state_dict": {"generator." + k: v for k, v in sd.items()}}, W.expected_path("big-lama"))
    return ct_home


def test_backends_report_the_cached_weights(cached_weights, capsys):
    assert main(["backends"]) == 0
    out = capsys.readouterr().out
    for name in ("person/fcn_resnet50", "text/psenet", "inpaint/lama"):
        line = out[out.index(name):].splitlines()
        assert "runnable: yes" in line[0], line
        assert str(cached_weights) in line[1], line


def test_cli_runs_the_original_models_offline(cached_weights, tmp_path):
    rng = np.random.default_rng(0)
    from PIL import Image

    img = rng.integers(0, 256, (96, 128, 3), dtype=np.uint8)
    src = tmp_path / "creative.png"
    Image.fromarray(img).save(src)
    cfg = tmp_path / "fast.yaml"
    # Small working sizes keep the CPU test quick; the defaults are tested per backend.
    cfg.write_text("person_options: {resize: 96}\ntext_options: {long_side: 160, min_area: 1, min_score: 0.0}\n")
    out = tmp_path / "out"
    rc = main(["run", str(src), "--out", str(out), "--person", "fcn_resnet50", "--text", "psenet",
               "--inpaint", "lama", "--config", str(cfg), "--no-progress"])
    rows = list(csv.DictReader(open(out / "manifest.csv")))
    assert rc == 0, rows
    s = json.loads((out / "creative" / "result.json").read_text())
    assert s["backends"] == {"person": "fcn_resnet50", "text": "psenet", "objects": None, "inpaint": "lama"}
    bg = np.asarray(Image.open(out / "creative" / "background.png"))
    mask = np.asarray(Image.open(out / "creative" / "mask.png")) > 0
    assert bg.shape == img.shape
    assert (bg[~mask] == img[~mask]).all()


def test_offline_without_weights_is_a_clear_error(ct_home, tmp_path, capsys):
    from PIL import Image

    Image.new("RGB", (32, 32)).save(tmp_path / "a.png")
    rc = main(["run", str(tmp_path / "a.png"), "--out", str(tmp_path / "o"), "--inpaint", "lama", "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err
    assert "big-lama" in err and "not found" in err and "Download from" in err
