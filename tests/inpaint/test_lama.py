"""LaMa (big-lama): network equivalence with the shared vector, file loading, the backend.

The network is filled with the weight recipe of ``shared/vectors/README.md`` (gain 0.7),
so no published weight file is needed; checkpoints and TorchScript files are made here.
"""

from __future__ import annotations

import json
import pickle
import zlib

import numpy as np
import pytest

torch = pytest.importorskip("torch")

# torch 2.14 marks torch.jit as deprecated; the published big-lama.pt is TorchScript.
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit:FutureWarning")

from creative_tools import registry  # noqa: E402
from creative_tools.errors import ContractError, WeightsError, WeightsNotFoundError  # noqa: E402
from creative_tools.inpaint import lama  # noqa: E402
from creative_tools.inpaint.lama_net import big_lama  # noqa: E402
from recipe import recipe_state_dict  # noqa: E402


@pytest.fixture(scope="module")
def vector(vectors_dir):
    keys = json.loads((vectors_dir / "lama_ffc_big.keys.json").read_text())
    z = dict(np.load(vectors_dir / "lama_ffc_big.npz"))
    return keys, z


@pytest.fixture(scope="module")
def recipe_sd(vector):
    keys, z = vector
    return recipe_state_dict(keys, float(z["gain"]))


@pytest.fixture(scope="module")
def recipe_net(recipe_sd):
    net = big_lama()
    net.load_state_dict(recipe_sd, strict=True)
    return net


class FakeCallback:
    """A class pickled into the checkpoint, as Lightning does with its callbacks."""

    def __init__(self, monitor):
        self.monitor = monitor


@pytest.fixture(scope="module")
def lightning_ckpt(recipe_sd, tmp_path_factory):
    """A Lightning-style checkpoint: generator + discriminator + pickled non-tensors."""
    path = tmp_path_factory.mktemp("lama") / "best.ckpt"
    sd = {"generator." + k: v for k, v in recipe_sd.items()}
    sd["discriminator.model0.0.weight"] = torch.ones(2, 2, 3, 3)
    sd["loss_resnet_pl.impl.mean"] = torch.zeros(3)
    torch.save({"epoch": 3, "state_dict": sd, "callbacks": {FakeCallback: {"best": 1.0}},
                "hparams": FakeCallback("val_loss")}, path)
    return path


@pytest.fixture(scope="module")
def backend(lightning_ckpt, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREATIVE_TOOLS_HOME", str(tmp_path_factory.mktemp("home")))
        mp.setenv("CREATIVE_TOOLS_OFFLINE", "1")
        return registry.load("inpaint", "lama", weights=lightning_ckpt, strategy="full")


def _scene(h, w, seed):
    """A smooth RGB image with a rectangular hole."""
    yy, xx = np.mgrid[0:h, 0:w]
    rng = np.random.default_rng(seed)
    img = np.stack([(yy * 255 // h), (xx * 255 // w), 128 + 60 * np.sin(xx / 7.0 + seed)], -1)
    img = np.clip(img + rng.integers(-10, 10, img.shape), 0, 255).astype(np.uint8)
    mask = np.zeros((h, w), bool)
    mask[h // 4: h // 2, w // 3: w // 3 + w // 4] = True
    return img, mask


# -- the network --------------------------------------------------------------------------
def test_state_dict_layout_matches_vector(vector):
    keys, _ = vector
    mine = [[k, list(v.shape), str(v.dtype).removeprefix("torch.")] for k, v in big_lama().state_dict().items()]
    assert mine == keys


def test_recipe_fill_is_bit_exact(vector, recipe_sd):
    _, z = vector
    crc = np.array([zlib.crc32(v.numpy().tobytes()) for v in recipe_sd.values()], dtype=np.uint32)
    assert np.array_equal(crc, z["fill_crc32"])


def test_recipe_output_matches_vector(vector, recipe_net):
    _, z = vector
    with torch.inference_mode():
        out = recipe_net(torch.from_numpy(z["input"]))
    err = (out - torch.from_numpy(z["expected"])).abs().max().item()
    assert err <= float(z["atol"]), f"max |out - expected| = {err:.3g} > atol {float(z['atol'])}"


def test_network_rejects_sizes_not_multiple_of_8(recipe_net):
    with pytest.raises(ValueError, match="multiples of 8"):
        recipe_net(torch.zeros(1, 4, 60, 64))


@pytest.mark.gpu
def test_recipe_output_on_device(vector, recipe_net, device, monkeypatch):
    if device == "cpu":
        pytest.skip("run with --device cuda")
    _, z = vector
    # cuDNN uses TF32 by default, which misses the atol (README: 3e-4 on an H200).
    monkeypatch.setattr(torch.backends.cudnn, "allow_tf32", False)
    monkeypatch.setattr(torch.backends.cuda.matmul, "allow_tf32", False)
    net = big_lama()
    net.load_state_dict(recipe_net.state_dict())
    net.to(device)
    with torch.inference_mode():
        out = net(torch.from_numpy(z["input"]).to(device)).cpu()
    assert (out - torch.from_numpy(z["expected"])).abs().max().item() <= float(z["atol"])


# -- loading files ------------------------------------------------------------------------
def test_lightning_checkpoint_loads_generator_only(backend, recipe_sd, lightning_ckpt):
    assert backend.format == "checkpoint" and backend.path == lightning_ckpt
    # The pickled class makes plain weights_only loading fail; the backend still loads it.
    with pytest.raises(pickle.UnpicklingError, match="FakeCallback"):
        torch.load(lightning_ckpt, weights_only=True)
    assert not lama.is_torchscript(lightning_ckpt)
    loaded = backend._net.state_dict()
    assert list(loaded) == list(recipe_sd)
    assert all(torch.equal(loaded[k], recipe_sd[k]) for k in recipe_sd)


def test_model_folder_is_accepted(ct_home, tmp_path):
    # LaMa's model folder layout: big-lama/config.yaml + big-lama/models/best.ckpt
    (tmp_path / "big-lama" / "models").mkdir(parents=True)
    sd = big_lama().state_dict()
    torch.save({"state_dict": {"generator." + k: v for k, v in list(sd.items())[:4]}},
               tmp_path / "big-lama" / "models" / "best.ckpt")
    # It finds models/best.ckpt (and then complains about the missing keys, not the folder).
    with pytest.raises(WeightsError, match=r"best\.ckpt: not a big-lama generator"):
        lama.LamaInpainter(weights=tmp_path / "big-lama")


def test_missing_generator_keys_raise(ct_home, tmp_path):
    sd = big_lama().state_dict()
    first = list(sd)[:5]
    path = tmp_path / "partial.ckpt"
    torch.save({"state_dict": {"generator." + k: sd[k] for k in first}}, path)
    with pytest.raises(WeightsError, match=rf"partial\.ckpt: not a big-lama generator: missing {len(sd) - 5} keys"):
        lama.LamaInpainter(weights=path)


def test_wrong_shapes_raise(ct_home, tmp_path):
    sd = dict(big_lama().state_dict())
    sd["model.34.bias"] = torch.zeros(4)
    path = tmp_path / "wrong.ckpt"
    torch.save(sd, path)  # a plain generator state_dict (no prefix) is accepted too
    with pytest.raises(WeightsError, match=r"1 shape mismatches \(model\.34\.bias: file \(4,\) != model \(3,\)\)"):
        lama.LamaInpainter(weights=path)


class _MeanFill(torch.nn.Module):
    """IOPaint's calling convention: model(image [0,1], mask {0,1}) -> blended [0,1]."""

    def forward(self, image, mask):
        keep = 1 - mask
        mean = (image * keep).sum(dim=(2, 3), keepdim=True) / keep.sum(dim=(2, 3), keepdim=True)
        return mask * mean + keep * image


def test_torchscript_file_loads_and_runs(ct_home, tmp_path):
    path = tmp_path / "big-lama.pt"
    torch.jit.script(_MeanFill()).save(str(path))
    assert lama.is_torchscript(path)
    inp = lama.LamaInpainter(weights=path, strategy="full")
    assert inp.format == "torchscript"
    img, mask = _scene(40, 56, seed=1)  # not multiples of 8: the base pads
    out = inp.inpaint(img, mask)
    assert out.dtype == np.uint8 and out.shape == img.shape
    assert np.array_equal(out[~mask], img[~mask])
    # 40x56 needs no padding: the hole is filled with the mean colour of the known
    # pixels, per RGB channel (their means differ, so a BGR mix-up would show).
    expected = img[~mask].astype(np.float64).mean(0)
    assert np.abs(out[mask] - expected).max() <= 1.0


@pytest.mark.gpu
def test_torchscript_rejects_half(ct_home, tmp_path):
    path = tmp_path / "big-lama.pt"
    torch.jit.script(_MeanFill()).save(str(path))
    if not torch.cuda.is_available():
        pytest.skip("half needs CUDA; the CPU refusal is tested elsewhere")
    with pytest.raises(ContractError, match="checkpoint format only"):
        lama.LamaInpainter(weights=path, device="cuda", half=True)


@pytest.mark.parametrize("kind", ["garbage", "truncated-checkpoint", "truncated-torchscript"])
def test_corrupted_file_raises_weights_error_naming_it(ct_home, tmp_path, kind):
    path = tmp_path / f"{kind}.bin"
    if kind == "garbage":
        path.write_bytes(np.random.default_rng(0).bytes(4096))
    else:
        whole = tmp_path / "whole"
        if kind == "truncated-checkpoint":
            torch.save({"state_dict": {"generator.x": torch.zeros(1000)}}, whole)
        else:
            torch.jit.script(_MeanFill()).save(str(whole))
        data = whole.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsError, match=str(path).replace(".", r"\.")):
        lama.LamaInpainter(weights=path)


def test_offline_without_weights_raises_not_found(ct_home):
    with pytest.raises(WeightsNotFoundError, match=r"(?s)'big-lama'.*huggingface\.co/smartywu/big-lama"):
        registry.load("inpaint", "lama")


def test_missing_explicit_path_raises_not_found(ct_home, tmp_path):
    with pytest.raises(WeightsNotFoundError, match="no file at the given path"):
        lama.LamaInpainter(weights=tmp_path / "nope.ckpt")


def test_cached_torchscript_is_used_when_checkpoint_absent(ct_home):
    target = ct_home / "weights" / "big-lama.pt"
    target.parent.mkdir(parents=True)
    torch.jit.script(_MeanFill()).save(str(target))
    inp = lama.LamaInpainter()
    assert inp.format == "torchscript" and inp.path == target


@pytest.mark.parametrize("opts, match", [
    (dict(format="onnx"), "format must be one of"),
    (dict(half=True), "half=True needs a CUDA device"),
    (dict(device="gpu0"), "device must be a torch device"),
    (dict(batch_size=0), "batch_size must be >= 1"),
])
def test_bad_options_raise(ct_home, opts, match):
    with pytest.raises(ContractError, match=match):
        lama.LamaInpainter(**opts)


def test_weight_records():
    ck, ts = lama.BIG_LAMA, lama.BIG_LAMA_TORCHSCRIPT
    assert ck.archive_member == "big-lama/models/best.ckpt" and ck.sha256 is None and ck.md5 is None
    assert ck.hash_status == "no hash published"
    assert ts.md5 == "e3aa4aaa15225a33ec84f9f4bc47e500" and ts.filename == "big-lama.pt"
    assert registry.spec("inpaint", "lama").weights == ("big-lama",)


# -- the backend --------------------------------------------------------------------------
def test_backend_matches_direct_pipeline(backend, recipe_net):
    img, mask = _scene(64, 96, seed=0)
    out = backend._inpaint(img, mask)
    # LaMa's pipeline written out: RGB/255, cat(image*(1-mask), mask), blend, *255, truncate.
    x = torch.from_numpy(img).permute(2, 0, 1)[None].float() / 255
    m = torch.from_numpy(mask)[None, None].float()
    with torch.inference_mode():
        pred = recipe_net(torch.cat([x * (1 - m), m], 1))
    ref = ((m * pred + (1 - m) * x) * 255).clamp(0, 255).to(torch.uint8)[0].permute(1, 2, 0).numpy()
    assert out.dtype == np.uint8 and out.shape == img.shape
    assert np.array_equal(out[~mask], img[~mask])
    assert np.array_equal(out[mask], ref[mask])
    assert np.abs(out[mask].astype(int) - img[mask]).mean() > 5  # the hole was really filled


def test_backend_inpaint_contract(backend):
    img, mask = _scene(50, 70, seed=2)  # padded to 56x72 by the base
    out = backend.inpaint(img, mask)
    assert out.dtype == np.uint8 and out.shape == img.shape
    assert np.array_equal(out[~mask], img[~mask])
    assert not np.array_equal(out[mask], img[mask])
    assert np.array_equal(img, _scene(50, 70, seed=2)[0])  # input untouched


def test_batch_equals_singles(backend):
    items = [_scene(48, 64, seed=s) for s in (3, 4)] + [_scene(40, 40, seed=5)]
    batched = backend._inpaint_many(items)
    singles = [backend._inpaint(im, m) for im, m in items]
    for b, s in zip(batched, singles):
        assert b.shape == s.shape and np.array_equal(b, s)


@pytest.mark.gpu
def test_half_on_cuda_close_to_float32(lightning_ckpt, device, ct_home):
    if device == "cpu":
        pytest.skip("run with --device cuda")
    img, mask = _scene(64, 96, seed=0)
    full = lama.LamaInpainter(weights=lightning_ckpt, device=device, strategy="full").inpaint(img, mask)
    half = lama.LamaInpainter(weights=lightning_ckpt, device=device, half=True, strategy="full").inpaint(img, mask)
    diff = np.abs(full.astype(int) - half.astype(int))[mask]
    assert diff.mean() < 2.0 and diff.max() <= 16
