"""PSENet backend: published layout, reference vector, checkpoint loading, detection."""

from __future__ import annotations

import copy
import json
import zlib

import cv2
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from creative_tools import load, weights  # noqa: E402
from creative_tools.contract import check_mask, check_prob  # noqa: E402
from creative_tools.errors import WeightsError, WeightsNotFoundError  # noqa: E402
from creative_tools.text.psenet import PSENET_R50, PSENetText, boxes_from_labels  # noqa: E402
from creative_tools.text.psenet_net import psenet_fpn_r50  # noqa: E402
from recipe import recipe_state_dict  # noqa: E402

from test_pse import reference_pse  # noqa: E402  (tests/text is on sys.path: prepend import mode)


# -- the shared vector ---------------------------------------------------------------
@pytest.fixture(scope="module")
def keys(vectors_dir):
    return json.loads((vectors_dir / "psenet_fpn_r50.keys.json").read_text())


@pytest.fixture(scope="module")
def vector(vectors_dir):
    return dict(np.load(vectors_dir / "psenet_fpn_r50.npz"))


@pytest.fixture(scope="module")
def recipe_sd(keys, vector):
    return recipe_state_dict(keys, float(vector["gain"]))


@pytest.fixture(scope="module")
def ckpt_path(tmp_path_factory, recipe_sd):
    """The recipe weights saved the way psenet_best.pth is (DataParallel prefix)."""
    path = tmp_path_factory.mktemp("psenet") / "psenet_best.pth"
    torch.save({"epoch": 3, "state_dict": {"module." + k: v for k, v in recipe_sd.items()}}, path)
    return path


@pytest.fixture(scope="module")
def detector(ckpt_path):
    return PSENetText(weights=ckpt_path, long_side=160)


def _no_tf32(device):
    if str(device).startswith("cuda"):
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False


def test_state_dict_layout_equals_published(keys):
    with torch.device("meta"):
        net = psenet_fpn_r50()
    got = [[k, list(v.shape), str(v.dtype).removeprefix("torch.")] for k, v in net.state_dict().items()]
    assert len(got) == len(keys) == 376
    assert got == keys


def test_recipe_fill_is_bit_exact(recipe_sd, vector):
    crc = np.array([zlib.crc32(v.numpy().tobytes()) for v in recipe_sd.values()], np.uint32)
    np.testing.assert_array_equal(crc, vector["fill_crc32"])


def test_forward_matches_reference_vector(recipe_sd, vector, device):
    _no_tf32(device)
    net = psenet_fpn_r50().eval()
    net.load_state_dict(recipe_sd, strict=True)
    net.to(device)
    with torch.inference_mode():
        out = net(torch.from_numpy(vector["input"]).to(device)).cpu()
    expected = torch.from_numpy(vector["expected"])
    assert out.shape == expected.shape == (1, 7, 160, 224)
    err = (out - expected).abs().max().item()
    assert err <= float(vector["atol"]), f"max |out - expected| = {err:.3g} > atol {float(vector['atol'])}"


def test_bn_eps_mistake_would_fail(recipe_sd, vector):
    # The vector is sensitive: a BatchNorm eps of 1e-3 instead of 1e-5 is caught.
    net = psenet_fpn_r50().eval()
    net.load_state_dict(recipe_sd, strict=True)
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eps = 1e-3
    with torch.inference_mode():
        out = net(torch.from_numpy(vector["input"]))
    assert (out - torch.from_numpy(vector["expected"])).abs().max().item() > 10 * float(vector["atol"])


# -- the weight record and checkpoint loading --------------------------------------
def test_record():
    w = weights.get("psenet_r50")
    assert w is PSENET_R50
    assert w.filename == "psenet_best.pth"
    assert any("1w2IgRkQXX49AbOARitO5xCr8-N93JHDd" in u for u in w.urls)
    assert w.sha256 is None and w.hash_status == "no hash published"
    assert w.preprocessing["long_side"] == 1280
    assert w.preprocessing["mean"] == (0.0618, 0.1206, 0.2677)
    assert w.preprocessing["std"] == (1.0214, 1.0212, 1.0242)
    assert w.preprocessing["channel_order"] == "RGB"


def _assert_loaded_recipe(backend, vector):
    with torch.inference_mode():
        out = backend.net(torch.from_numpy(vector["input"]).to(backend.device))
    err = (out.cpu() - torch.from_numpy(vector["expected"])).abs().max().item()
    assert err <= float(vector["atol"]), err


def test_load_from_cache(ct_home, ckpt_path, vector):
    target = weights.expected_path("psenet_r50")
    assert target == ct_home / "weights" / "psenet_best.pth"
    target.parent.mkdir(parents=True)
    target.symlink_to(ckpt_path)
    backend = load("text", "psenet")
    assert backend.weights_path == target
    _assert_loaded_recipe(backend, vector)


def test_load_explicit_bare_state_dict(ct_home, tmp_path, recipe_sd, vector):
    path = tmp_path / "bare.pt"
    torch.save(recipe_sd, path)  # no 'state_dict' wrapper, no 'module.' prefix
    backend = load("text", "psenet", weights=path)
    assert backend.weights_path == path
    _assert_loaded_recipe(backend, vector)


def test_offline_nothing_cached(ct_home):
    with pytest.raises(WeightsNotFoundError) as e:
        load("text", "psenet")
    msg = str(e.value)
    assert "psenet_best.pth" in msg and "1w2IgRkQXX49AbOARitO5xCr8-N93JHDd" in msg


def test_explicit_missing_path(ct_home, tmp_path):
    with pytest.raises(WeightsNotFoundError, match="nope.pth"):
        PSENetText(weights=tmp_path / "nope.pth")


@pytest.mark.parametrize("content", [b"\x80\x02garbage" * 10, b"<!DOCTYPE html><html>virus scan"])
def test_corrupt_file(ct_home, tmp_path, content):
    path = tmp_path / "psenet_best.pth"
    path.write_bytes(content)
    with pytest.raises(WeightsError, match="psenet_best.pth: not a readable PyTorch checkpoint") as e:
        PSENetText(weights=path)
    assert ("HTML page" in str(e.value)) == content.startswith(b"<")


def test_truncated_checkpoint(ct_home, tmp_path, ckpt_path):
    path = tmp_path / "cut.pth"
    path.write_bytes(ckpt_path.read_bytes()[:100_000])
    with pytest.raises(WeightsError, match="cut.pth: not a readable"):
        PSENetText(weights=path)


def test_wrong_keys_and_shapes(ct_home, tmp_path, recipe_sd):
    sd = dict(recipe_sd)
    sd["extra.weight"] = sd.pop("conv1.weight")
    sd["conv3.weight"] = torch.zeros(6, 256, 1, 1)
    path = tmp_path / "other.pth"
    torch.save({"state_dict": sd}, path)
    with pytest.raises(WeightsError) as e:
        PSENetText(weights=path)
    msg = str(e.value)
    assert "other.pth: not a PSENet" in msg and "missing 1 keys (conv1.weight)" in msg
    assert "1 unexpected keys (extra.weight)" in msg
    assert "1 shape mismatches (conv3.weight: file (6, 256, 1, 1) != model (7, 256, 1, 1))" in msg


def test_not_a_state_dict(ct_home, tmp_path):
    path = tmp_path / "list.pth"
    torch.save([1, 2, 3], path)
    with pytest.raises(WeightsError, match="list.pth: expected a dict"):
        PSENetText(weights=path)


@pytest.mark.parametrize("opts, match", [
    ({"half": True}, "half=True needs a CUDA device"),
    ({"kernel_num": 8}, "kernel_num must be in 1..7"),
    ({"long_side": 8}, "long_side must be >= 32"),
])
def test_bad_options(ckpt_path, opts, match):
    with pytest.raises(ValueError, match=match):
        PSENetText(weights=ckpt_path, **opts)


def test_repr_shows_the_glyph_options(ckpt_path):
    # the review of session 21: PSENetText's repr hid tight / ground / blobs, which
    # every other text backend shows
    r = repr(PSENetText(weights=ckpt_path, long_side=160, ground=False, blobs=0.3))
    assert "tight=True ground=False blobs=0.3" in r and "long_side=160" in r


# -- pre- and post-processing --------------------------------------------------------
def test_resize_rounds_like_opencv(detector):
    im = np.zeros((100, 150, 3), np.uint8)
    assert detector._resized(im).shape == (107, 160, 3)  # 100 * 160 / 150 = 106.7
    big = copy.copy(detector)
    big.long_side = 1280
    assert big._resized(im).shape == (853, 1280, 3)  # small images are upscaled


def test_logits_use_record_normalisation(detector, rng):
    im = rng.integers(0, 256, (48, 64, 3), dtype=np.uint8)
    mean = torch.tensor([0.0618, 0.1206, 0.2677]).view(1, 3, 1, 1)
    std = torch.tensor([1.0214, 1.0212, 1.0242]).view(1, 3, 1, 1)
    x = (torch.from_numpy(im).permute(2, 0, 1)[None].float() / 255 - mean) / std
    with torch.inference_mode():
        expected = detector.net(x).numpy()
    got = detector.logits([im])
    assert got.shape == (1, 7, 48, 64) and got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)


def package_postprocess(out, image_hw, *, th=1.0, kernel_num=3, min_kernel_area=10,
                        min_area=300, min_score=0.93):
    """psenet_text_detector 0.1.1 get_prediction after the network, as its README says."""
    t = torch.from_numpy(out[None])
    score = torch.sigmoid(t[:, 0]).numpy()[0].astype(np.float32)
    b = (torch.sign(t - th) + 1) / 2
    kernels = (b[:, :kernel_num] * b[:, 0]).numpy()[0].astype(np.uint8)
    label = reference_pse(kernels, min_kernel_area)
    scale = (image_hw[1] / label.shape[1], image_hw[0] / label.shape[0])
    boxes, scores = [], []
    for i in range(1, label.max() + 1):
        pts = np.array(np.where(label == i)).T[:, ::-1]
        if pts.shape[0] < min_area or np.mean(score[label == i]) < min_score:
            continue
        box = cv2.boxPoints(cv2.minAreaRect(pts.astype(np.int32))) * scale
        boxes.append(box.astype("int32"))
        scores.append(np.mean(score[label == i]))
    return boxes, scores


def _synthetic_logits(h, w):
    """Three text lines (one rotated, one faint), kernels shrinking inwards, plus noise."""
    out = np.full((7, h, w), -4.0, np.float32)
    rects = [((60, 30), (90, 20), 0.0, 4.0), ((70, 80), (100, 24), -15.0, 3.5),
             ((150, 35), (40, 22), 0.0, 1.8)]  # the last one scores < 0.93
    for (cx, cy), (rw, rh), ang, level in rects:
        for i in range(7):
            shrink = 1.0 - 0.12 * i
            box = cv2.boxPoints(((cx, cy), (rw * shrink, rh * shrink), ang)).astype(np.int32)
            cv2.fillPoly(out[i], [box], level)
    noise = np.random.default_rng(3).normal(0, 0.3, out.shape).astype(np.float32)
    return out + noise


def test_postprocess_matches_package(detector):
    out = _synthetic_logits(120, 200)
    size = (517, 150)  # (W, H): non-integer, anisotropic scale back
    prob, polys, scores = detector._post(out, size)
    ref_boxes, ref_scores = package_postprocess(out, (150, 517))
    assert len(polys) == len(ref_boxes) == 2
    for p, r in zip(polys, ref_boxes):
        assert p.dtype == np.float32 and p.shape == (4, 2)
        assert sorted(map(tuple, p.tolist())) == sorted(map(tuple, r.astype(np.float32).tolist()))
    np.testing.assert_allclose(scores, ref_scores, rtol=1e-5)
    check_prob(prob, like=np.zeros((150, 517)))


def test_polygons_clockwise_from_top_left():
    lab = np.zeros((50, 80), np.int32)
    cv2.fillPoly(lab, [cv2.boxPoints(((40, 25), (60, 16), 20.0)).astype(np.int32)], 1)
    polys, _ = boxes_from_labels(lab, np.ones((50, 80), np.float32), size=(80, 50), min_area=1)
    p = polys[0]
    x, y = p[:, 0], p[:, 1]
    assert float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) > 0  # clockwise on screen
    assert np.argmin(p.sum(1)) == 0


def test_detect_end_to_end_contract(detector, rng):
    image = rng.integers(0, 256, (90, 130, 3), dtype=np.uint8)
    det = detector.detect(image)
    check_prob(det.prob, like=image)
    check_mask(det.mask, like=image)
    assert det.scores.dtype == np.float32 and len(det.scores) == len(det.polygons)
    # Low thresholds make the recipe weights produce instances: exercise the whole path.
    loose = copy.copy(detector)
    loose.binary_th, loose.min_kernel_area, loose.min_area, loose.min_score = 0.0, 1, 1, 0.0
    det = loose.detect(image)
    assert len(det.polygons) > 0
    for p in det.polygons:
        assert p.dtype == np.float32 and p.shape == (4, 2)
        assert (p >= -2).all() and (p[:, 0] <= 132).all() and (p[:, 1] <= 92).all()
    assert ((det.scores >= 0) & (det.scores <= 1)).all()
    assert det.mask.any() and det.prob.dtype == np.float32


def test_batches_group_same_size(detector, rng, monkeypatch):
    ims = [rng.integers(0, 256, s, dtype=np.uint8) for s in [(60, 80, 3), (90, 120, 3), (64, 96, 3)]]
    single = [detector.detect(im) for im in ims]
    calls = []
    real = detector.logits
    monkeypatch.setattr(detector, "logits", lambda batch: calls.append(len(batch)) or real(batch))
    batch = detector.detect_batch(ims)
    # 60x80 and 90x120 both resize to 120x160: one pass of 2; 64x96 -> 107x160 alone.
    assert sorted(calls) == [1, 2]
    for a, b in zip(single, batch):
        np.testing.assert_allclose(a.prob, b.prob, atol=1e-5)
        assert len(a.polygons) == len(b.polygons)


@pytest.mark.gpu
def test_half_precision_on_cuda(ckpt_path, vector, device):
    if not device.startswith("cuda"):
        pytest.skip("needs --device cuda")
    backend = PSENetText(weights=ckpt_path, device=device, half=True)
    x = torch.from_numpy(vector["input"]).to(device).half()
    with torch.inference_mode():
        out = backend.net(x).float().cpu()
    err = (out - torch.from_numpy(vector["expected"])).abs().max().item()
    assert err < 5e-2, err
