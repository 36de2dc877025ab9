"""One contract test over every registered backend (STYLE tier b).

Backends that need published weights run with weights made here (random init, saved in
the checkpoint layout each loader expects), so the contract is checked for every name the
registry lists, not just the embedded ones. One case per backend: a failure names it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import creative_tools as ct
from creative_tools import weights as W

H, W_ = 61, 83  # odd sizes on purpose


@pytest.fixture(scope="module")
def image():
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:H, 0:W_]
    img = np.stack([x * 3, y * 4, (x + y) * 2], -1).clip(0, 255).astype(np.uint8)
    img[20:30, 10:70] = 250 - img[20:30, 10:70]  # a bright band, text-like contrast
    return (img ^ rng.integers(0, 8, img.shape, dtype=np.uint8)).astype(np.uint8)


@pytest.fixture(scope="module")
def made_weights(tmp_path_factory):
    """Random weights in each loader's checkpoint layout, made once per module."""
    torch = pytest.importorskip("torch")
    from torchvision.models import segmentation

    from creative_tools.inpaint.lama_net import big_lama
    from creative_tools.text.psenet_net import psenet_fpn_r50

    d = tmp_path_factory.mktemp("weights")
    torch.manual_seed(0)
    out = {}
    sd = psenet_fpn_r50().state_dict()
    torch.save({"state_dict": {"module." + k: v for k, v in sd.items()}}, d / "psenet.pth")
    out["psenet"] = d / "psenet.pth"
    sd = big_lama().state_dict()
    torch.save({"state_dict": {"generator." + k: v for k, v in sd.items()}}, d / "lama.ckpt")
    out["lama"] = d / "lama.ckpt"
    for arch in ("fcn_resnet50", "deeplabv3_resnet50", "deeplabv3_mobilenet_v3_large"):
        m = getattr(segmentation, arch)(weights=None, weights_backbone=None, num_classes=21, aux_loss=True)
        torch.save(m.state_dict(), d / f"{arch}.pth")
        out[arch] = d / f"{arch}.pth"
    return out


# Fast settings for the heavy models; the defaults are tested in each backend's own file.
FAST = {
    ("text", "psenet"): {"long_side": 128},
    ("person", "fcn_resnet50"): {"resize": 64},
    ("person", "deeplabv3_resnet50"): {"resize": 64},
    ("person", "deeplabv3_mobilenet_v3_large"): {"resize": 64},
}


def _build(task, name, request, monkeypatch):
    spec = ct.registry.spec(task, name)
    opts = dict(FAST.get((task, name), {}))
    if spec.weights:  # made only when a backend needs them (the module fixture is slow)
        path = request.getfixturevalue("made_weights")[name]
        rec = W.get(spec.weights[0])
        if rec.sha256:  # a made file cannot match the published hash: declare its own
            monkeypatch.setitem(W._WEIGHTS, rec.name, dataclasses.replace(rec, sha256=W.sha256sum(path)))
        opts["weights"] = path
    return ct.load(task, name, **opts)


def _cases(task):
    return [pytest.param(n, id=f"{task}/{n}") for n in ct.available(task)]


@pytest.mark.parametrize("name", _cases("person"))
def test_person_contract(name, image, request, monkeypatch):
    model = _build("person", name, request, monkeypatch)
    before = image.copy()
    prob = model.probability(image)
    assert prob.shape == (H, W_) and prob.dtype == np.float32
    assert np.isfinite(prob).all() and prob.min() >= 0 and prob.max() <= 1
    m = model.segment(image)
    assert m.dtype == bool and m.shape == (H, W_)
    assert (image == before).all()  # input untouched
    assert len(model.probability_batch([image, image[:40, :50]])) == 2
    # the fill's map (session 26): the person map itself, and at least it everywhere
    maps = model.maps(image)
    assert np.array_equal(maps.prob, prob)
    assert maps.fill.shape == (H, W_) and maps.fill.dtype == np.float32 and (maps.fill >= maps.prob).all()
    assert maps.fill.max() <= 1 and (image == before).all()


@pytest.mark.parametrize("name", _cases("text"))
def test_text_contract(name, image, request, monkeypatch):
    model = _build("text", name, request, monkeypatch)
    before = image.copy()
    det = model.detect(image)
    assert det.mask.shape == (H, W_) and det.mask.dtype == bool
    assert det.prob.shape == (H, W_) and det.prob.dtype == np.float32 and np.isfinite(det.prob).all()
    assert len(det.polygons) == len(det.scores)
    for p in det.polygons:
        assert p.dtype == np.float32 and p.ndim == 2 and p.shape[1] == 2
    assert (image == before).all()


@pytest.mark.parametrize("name", _cases("inpaint"))
def test_inpaint_contract(name, image, request, monkeypatch):
    model = _build("inpaint", name, request, monkeypatch)
    mask = np.zeros((H, W_), bool)
    mask[15:40, 20:60] = True   # a wide hole
    mask[50, 5:80] = True       # a 1-px stroke
    before = image.copy()
    out = model.inpaint(image, mask)
    assert out.shape == image.shape and out.dtype == np.uint8
    assert (out[~mask] == image[~mask]).all()
    assert (image == before).all()
    assert (model.inpaint(image, np.zeros_like(mask)) == image).all()
