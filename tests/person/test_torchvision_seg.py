"""torchvision person backends: weight records, resolver errors, preprocessing, batching.

No published checkpoint is needed: a randomly drawn state dict with the published
layout (aux head included) stands in for it. Its sha256 cannot match the prefix
torchvision publishes, so tests that load it swap the record's hash for the file's own
full sha256 (``_accept``) -- the hash check itself still runs.
"""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest

torch = pytest.importorskip("torch")
segmentation = pytest.importorskip("torchvision.models.segmentation")

import creative_tools as ct  # noqa: E402
from creative_tools import registry  # noqa: E402
from creative_tools import weights as W  # noqa: E402
from creative_tools.errors import (  # noqa: E402
    BackendUnavailableError,
    ContractError,
    WeightsError,
    WeightsHashMismatch,
    WeightsNotFoundError,
)
from creative_tools.person.torchvision_seg import (  # noqa: E402
    ARCHITECTURES,
    PERSON_CLASS,
    working_size,
)

ARCHS = sorted(ARCHITECTURES)
FAST = "deeplabv3_mobilenet_v3_large"
ENUMS = {
    "fcn_resnet50": "FCN_ResNet50_Weights",
    "deeplabv3_resnet50": "DeepLabV3_ResNet50_Weights",
    "deeplabv3_mobilenet_v3_large": "DeepLabV3_MobileNet_V3_Large_Weights",
}


def _enum(arch):
    return getattr(segmentation, ENUMS[arch]).COCO_WITH_VOC_LABELS_V1


def _random_state_dict(arch: str, *, seed: int = 0, size: int = 64, n: int = 16) -> dict:
    """A state dict with the published layout (aux head included), drawn at random.

    torchvision's own init, run in eval mode with fresh BatchNorm statistics (mean 0,
    var 1), lets the activations vanish or explode: the person map would be constant
    and every comparison below would pass vacuously. One train-mode pass over ``n``
    synthetic scenes preprocessed at short side ``size`` sets the BatchNorm statistics
    to the activations' own (a data-dependent init, no learning), which keeps the map
    varying for inputs of that size. (The ASPP pooling branch sees one value per image:
    too few images there leave a near-zero variance that saturates the output.)
    """
    torch.manual_seed(seed)
    model = getattr(segmentation, arch)(weights=None, weights_backbone=None, num_classes=21, aux_loss=True)
    rng = np.random.default_rng(seed)
    tf = _enum(arch).transforms(resize_size=size)
    x = torch.stack([tf(torch.from_numpy(_scene(rng)).permute(2, 0, 1).float() / 255) for _ in range(n)])
    for mod in model.modules():
        if isinstance(mod, torch.nn.modules.batchnorm._BatchNorm):
            mod.reset_running_stats()
            mod.momentum = None  # cumulative average over the calibration pass
    model.train()
    with torch.no_grad():
        model(x)
    return model.eval().state_dict()


def _checkpoint(tmp_path_factory, size, n):
    sd = _random_state_dict(FAST, size=size, n=n)
    path = tmp_path_factory.mktemp("ckpt") / f"random_mobilenet_{size}.pth"
    torch.save(sd, path)
    return path, sd


@pytest.fixture(scope="module")
def fast_ckpt(tmp_path_factory):
    """Path and state dict of a random ``deeplabv3_mobilenet_v3_large``, tuned for resize=64."""
    return _checkpoint(tmp_path_factory, 64, 16)


@pytest.fixture(scope="module")
def fast_ckpt_520(tmp_path_factory):
    """The same, tuned for the weights' own working size (short side 520)."""
    return _checkpoint(tmp_path_factory, 520, 2)


def _accept(monkeypatch, arch, path):
    """Make the ``arch`` record expect ``path``'s full sha256 (still checked)."""
    rec = dataclasses.replace(W.get(arch), sha256=W.sha256sum(path))
    monkeypatch.setitem(W._WEIGHTS, arch, rec)


def _reference_model(arch, sd, device="cpu"):
    m = getattr(segmentation, arch)(weights=None, weights_backbone=None, num_classes=21, aux_loss=True)
    m.load_state_dict(sd, strict=True)
    return m.eval().to(device)


def _hand_run(model, image, *, resize=520, bgr=False, device="cpu"):
    """torchvision's own transform -> model -> softmax -> class 15 -> full size."""
    x = torch.from_numpy(image[..., ::-1].copy() if bgr else image).permute(2, 0, 1).float() / 255
    tf = _enum(FAST).transforms(resize_size=resize)
    x = tf(x)[None].to(device)  # resize (antialiased bilinear) on floats, then normalise
    with torch.inference_mode():
        p = model(x)["out"].softmax(1)[:, PERSON_CLASS:PERSON_CLASS + 1]
        p = torch.nn.functional.interpolate(p, size=image.shape[:2], mode="bilinear", align_corners=False)
    return p[0, 0].cpu().numpy()


def _scene(rng, h=90, w=160):
    """A structured RGB image: colour gradients, a red block, a blue disc, mild noise."""
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([xx * 255 / w, yy * 255 / h, np.full((h, w), 96.0)], -1)
    img[h // 4: h // 2, w // 8: w // 3] = (230, 20, 20)
    img[(yy - h * 0.6) ** 2 + (xx - w * 0.7) ** 2 < (h / 4) ** 2] = (20, 40, 220)
    img += rng.normal(0, 8, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


# -- weight records ---------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS)
def test_weight_record_matches_torchvision_enum(arch):
    e, rec = _enum(arch), W.get(arch)
    assert rec.urls == (e.url,)
    assert rec.filename == e.url.rsplit("/", 1)[-1]
    # The prefix torch.hub itself checks (check_hash=True) is the one we check.
    assert rec.sha256 == W_hash_prefix(rec.filename) and len(rec.sha256) >= 8
    assert rec.cache == "torch_hub"
    tf = e.transforms()
    assert list(rec.preprocessing["mean"]) == list(tf.mean)
    assert list(rec.preprocessing["std"]) == list(tf.std)
    assert [rec.preprocessing["resize_short_side"]] == list(tf.resize_size)
    assert len(e.meta["categories"]) == rec.preprocessing["num_classes"] == 21
    assert e.meta["categories"][rec.preprocessing["person_class"]] == "person"


def W_hash_prefix(filename):
    import torch.hub

    return torch.hub.HASH_REGEX.search(filename).group(1)


@pytest.mark.parametrize("arch", ARCHS)
def test_registered_with_requirements_and_weights(arch):
    s = registry.spec("person", arch)
    assert s.requires == ("torch", "torchvision")
    assert s.weights == (arch,)
    assert not s.embedded


def test_cache_is_torch_hub_checkpoints(ct_home):
    assert W.expected_path(FAST) == ct_home / "torch_hub" / "checkpoints" / "deeplabv3_mobilenet_v3_large-fc3c493d.pth"


# -- resolver errors ------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS)
def test_offline_nothing_cached_names_file_url_and_path(ct_home, arch):
    with pytest.raises(WeightsNotFoundError) as ei:
        ct.load("person", arch)
    msg, rec = str(ei.value), W.get(arch)
    assert rec.filename in msg
    assert rec.urls[0] in msg
    assert str(W.expected_path(arch)) in msg


def test_explicit_missing_path_names_it(ct_home, tmp_path):
    p = tmp_path / "nope.pth"
    with pytest.raises(WeightsNotFoundError, match="nope.pth"):
        ct.load("person", FAST, weights=p)


def test_cached_file_with_wrong_hash_is_refused_and_left_in_place(ct_home, fast_ckpt):
    src, _ = fast_ckpt
    target = W.expected_path(FAST)
    target.parent.mkdir(parents=True)
    shutil.copyfile(src, target)
    digest = W.sha256sum(target)
    with pytest.raises(WeightsHashMismatch) as ei:
        ct.load("person", FAST)
    assert "fc3c493d" in str(ei.value) and digest in str(ei.value)
    assert target.is_file() and W.sha256sum(target) == digest


def test_explicit_file_with_wrong_hash_is_refused(ct_home, fast_ckpt):
    src, _ = fast_ckpt
    with pytest.raises(WeightsHashMismatch, match="left in place"):
        ct.load("person", FAST, weights=src)
    assert src.is_file()


def test_explicit_path_loads_strictly(ct_home, fast_ckpt, monkeypatch):
    src, sd = fast_ckpt
    _accept(monkeypatch, FAST, src)
    seg = ct.load("person", FAST, weights=src, resize=64)
    assert seg.weights_path == src
    assert seg.model.aux_classifier is None  # loaded strictly, then dropped
    got = seg.model.state_dict()
    assert set(got) == {k for k in sd if not k.startswith("aux_classifier.")}
    assert torch.equal(got["classifier.4.weight"], sd["classifier.4.weight"])


def test_cached_file_is_found_without_a_path(ct_home, fast_ckpt, monkeypatch):
    src, _ = fast_ckpt
    _accept(monkeypatch, FAST, src)
    target = W.expected_path(FAST)
    target.parent.mkdir(parents=True)
    shutil.copyfile(src, target)
    assert ct.load("person", FAST, resize=64).weights_path == target


def test_not_a_state_dict_of_this_network(ct_home, tmp_path, monkeypatch):
    p = tmp_path / "other.pth"
    torch.save({"conv.weight": torch.zeros(2, 3, 1, 1)}, p)
    _accept(monkeypatch, FAST, p)
    with pytest.raises(WeightsError, match="other.pth"):
        ct.load("person", FAST, weights=p)


# -- options ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "opts, match",
    [
        (dict(half=True), "CUDA"),
        (dict(dtype="float16"), "CUDA"),
        (dict(half=True, dtype="bfloat16"), "half=True"),
        (dict(dtype="int8"), "dtype must be one of"),
        (dict(resize=0), "resize must be"),
        (dict(resize=2.5), "resize must be"),
        (dict(batch_size=0), "batch_size must be"),
        (dict(device="toaster"), "device must be"),
        (dict(threshold=1.5), "threshold"),
    ],
)
def test_bad_options_raise_before_loading(ct_home, opts, match):
    with pytest.raises(ContractError, match=match):
        ct.load("person", FAST, **opts)


def test_cuda_without_cuda_is_unavailable(ct_home):
    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    with pytest.raises(BackendUnavailableError, match="CUDA"):
        ct.load("person", FAST, device="cuda")


def test_working_size_keeps_aspect_short_side():
    assert working_size(720, 1280) == (520, 924)
    assert working_size(1280, 720) == (924, 520)
    assert working_size(100, 100) == (520, 520)
    assert working_size(10, 33, short_side=20) == (20, 66)
    assert working_size(37, 41, short_side=None) == (37, 41)


# -- inference --------------------------------------------------------------------------

def _seg_maker(ckpt, monkeypatch, device):
    src, sd = ckpt
    _accept(monkeypatch, FAST, src)

    def make(**opts):
        return ct.load("person", FAST, weights=src, device=device, **opts)

    return make, sd


@pytest.fixture
def fast_seg(ct_home, fast_ckpt, monkeypatch, device):
    return _seg_maker(fast_ckpt, monkeypatch, device)


@pytest.fixture
def fast_seg_520(ct_home, fast_ckpt_520, monkeypatch, device):
    return _seg_maker(fast_ckpt_520, monkeypatch, device)


def test_probability_matches_hand_run_and_is_rgb(fast_seg_520, rng, device):
    make, sd = fast_seg_520
    image = _scene(rng)  # 90x160 -> network sees 520x924, as the weights expect
    prob = make().probability(image)
    assert prob.shape == image.shape[:2] and prob.dtype == np.float32
    assert np.isfinite(prob).all() and prob.min() >= 0 and prob.max() <= 1

    ref_model = _reference_model(FAST, sd, device)
    ref = _hand_run(ref_model, image, device=device)
    # The comparison only means something if the map varies over the image.
    assert ref.max() - ref.min() > 1e-2
    np.testing.assert_allclose(prob, ref, rtol=0, atol=1e-5)
    # Fed BGR (the original project's bug), the same model gives a visibly other map.
    bgr = _hand_run(ref_model, image, bgr=True, device=device)
    assert np.abs(bgr - prob).max() > 1e-2


def test_small_resize_matches_hand_run(fast_seg, rng, device):
    make, sd = fast_seg
    image = _scene(rng, 75, 131)  # odd sizes: 64x111 for the network, then back
    prob = make(resize=64).probability(image)
    ref = _hand_run(_reference_model(FAST, sd, device), image, resize=64, device=device)
    assert ref.max() - ref.min() > 1e-3
    np.testing.assert_allclose(prob, ref, rtol=0, atol=1e-5)


def test_network_input_is_normalised_rgb(fast_seg):
    make, _ = fast_seg
    seg = make(resize=32)
    seen = []
    seg.model.register_forward_pre_hook(lambda m, args: seen.append(args[0].detach().cpu()))
    red = np.zeros((16, 24, 3), np.uint8)
    red[..., 0] = 255
    seg.probability(red)
    (x,) = seen
    assert tuple(x.shape) == (1, 3, 32, 48)  # short side 32, aspect 3:2 kept
    mean, std = _enum(FAST).transforms().mean, _enum(FAST).transforms().std
    expected = [(1 - mean[0]) / std[0], (0 - mean[1]) / std[1], (0 - mean[2]) / std[2]]
    np.testing.assert_allclose(x[0].mean(dim=(1, 2)).numpy(), expected, atol=1e-5)


def test_segment_thresholds_probability(fast_seg, rng):
    make, _ = fast_seg
    image = _scene(rng, 40, 52)
    seg = make(resize=64, threshold=0.5)
    p = seg.probability(image)
    t = float(np.median(p))
    m = seg.segment(image, threshold=t)
    assert m.dtype == np.bool_ and m.shape == image.shape[:2]
    np.testing.assert_array_equal(m, p > t)
    assert 0 < m.sum() < m.size


def test_batch_same_size_in_one_forward_order_kept(fast_seg, rng):
    make, _ = fast_seg
    seg = make(resize=64)
    calls = []
    seg.model.register_forward_pre_hook(lambda m, args: calls.append(tuple(args[0].shape)))
    a, b, c = (_scene(rng, 40, 60) for _ in range(3))
    d = _scene(rng, 50, 30)
    out = seg.probability_batch([a, d, b, c])
    assert sorted(calls) == sorted([(3, 3, 64, 96), (1, 3, 106, 64)])
    calls.clear()
    one = [seg.probability(im) for im in (a, d, b, c)]
    assert len(calls) == 4
    for got, ref in zip(out, one):
        np.testing.assert_allclose(got, ref, rtol=0, atol=1e-5)
    assert np.abs(out[0] - out[2]).max() > 1e-4  # different images, different maps


def test_batch_size_splits_forwards(fast_seg, rng):
    make, _ = fast_seg
    seg = make(resize=32, batch_size=2)
    calls = []
    seg.model.register_forward_pre_hook(lambda m, args: calls.append(args[0].shape[0]))
    seg.probability_batch([_scene(rng, 20, 20) for _ in range(5)])
    assert calls == [2, 2, 1]


def test_bfloat16_close_to_float32(fast_seg, rng):
    make, _ = fast_seg
    image = _scene(rng, 48, 64)
    p32 = make(resize=64).probability(image)
    p16 = make(resize=64, dtype="bfloat16").probability(image)
    assert p16.dtype == np.float32
    # bfloat16 keeps ~3 significant digits; a random net's large logits amplify that,
    # so compare the maps as a whole rather than pixel by pixel.
    assert np.abs(p16 - p32).mean() < 0.02
    assert np.corrcoef(p16.ravel(), p32.ravel())[0, 1] > 0.95


def test_half_on_cuda_close_to_float32(fast_seg_520, rng, device):
    if not device.startswith("cuda"):
        pytest.skip("float16 runs on CUDA only (run with --device cuda)")
    make, _ = fast_seg_520
    image = _scene(rng)
    p32 = make().probability(image)
    p16 = make(half=True).probability(image)
    assert p16.dtype == np.float32
    assert np.abs(p16 - p32).mean() < 0.01
    assert np.corrcoef(p16.ravel(), p32.ravel())[0, 1] > 0.98


@pytest.mark.parametrize("arch", ["fcn_resnet50", pytest.param("deeplabv3_resnet50", marks=pytest.mark.slow)])
def test_resnet_checkpoint_layout_loads_strictly(arch, ct_home, tmp_path, monkeypatch, rng):
    # Same layout as the published file (aux head included): strict load, tiny forward.
    p = tmp_path / f"{arch}.pth"
    torch.save(_random_state_dict(arch), p)
    _accept(monkeypatch, arch, p)
    seg = ct.load("person", arch, weights=p, resize=32)
    prob = seg.probability(_scene(rng, 24, 40))
    assert prob.shape == (24, 40) and prob.dtype == np.float32
