"""Layers: matting with a known background, the stack, OpenRaster, the round trip."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.layers import (Layer, LayerStack, Source, decompose_arrays, layer_strip, psnr,
                                   read_ora, write_ora)
from creative_tools.layers.matting import min_alpha, solve_colour

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def _scene(rng, h=64, w=96):
    """A textured background, a soft-edged red disc (known alpha) and a white bar over it."""
    yy, xx = np.mgrid[:h, :w]
    bg = np.dstack([(xx * 2) % 256, (yy * 3) % 256, ((xx + yy) * 5) % 256]).astype(np.float32) / 255
    bg = np.clip(bg + rng.normal(0, 0.03, bg.shape), 0, 1).astype(np.float32)
    r = np.hypot(yy - 32, xx - 40)
    alpha = np.clip(20 - r, 0, 1).astype(np.float32)  # 1 px soft edge
    fg = np.array([0.9, 0.1, 0.1], np.float32)
    img = alpha[..., None] * fg + (1 - alpha[..., None]) * bg
    return bg, alpha, fg, img


def test_solve_colour_reproduces_the_target_exactly_in_8_bits(rng):
    below = rng.random((50, 50, 3)).astype(np.float32)
    target = rng.random((50, 50, 3)).astype(np.float32)
    a8, c8 = solve_colour(target, below, rng.random((50, 50)).astype(np.float32) * 0.5)
    assert (a8 / 255.0 >= min_alpha(target, below) - 1e-5).all()  # quantise() allows 1e-3 / 255
    a = a8[..., None] / 255.0
    out = a * c8 / 255.0 + (1 - a) * below
    assert np.abs(out - target).max() <= 0.5 / 255 + 1e-6


def test_decontaminated_cut_out_on_a_new_background(rng):
    bg, alpha, fg, img = _scene(rng)
    u8 = lambda x: np.round(x * 255).astype(np.uint8)  # noqa: E731
    image, plate = u8(img), u8(bg)
    from scipy import ndimage

    fill = ndimage.binary_dilation(alpha > 0, iterations=2)
    # a probability map: the thresholded disc, blurred (soft where the edge is)
    prob = ndimage.gaussian_filter((alpha > 0.5).astype(np.float32), 1.5)
    src = Source("object", alpha > 0.5, prob, {"object_kind": "disc"})
    stack = decompose_arrays(image, plate, fill, [src], radius=2)
    assert [la.kind for la in stack.layers] == ["background", "object"]
    comp = stack.composite()
    assert (comp == image).all()  # exact: the known background is exact here
    # the object's alpha is the true one (the disc's colour differs from the background)
    la = stack["object_1"]
    a = np.zeros(alpha.shape, np.float32)
    a[la.y:la.y + la.rgba.shape[0], la.x:la.x + la.rgba.shape[1]] = la.rgba[..., 3] / 255.0
    assert np.abs(a - alpha).max() < 0.1
    # pasted on grey, the edge shows red over grey, not the old background
    grey = np.full_like(image, 128)
    other = LayerStack(stack.size, [Layer("grey", "background", np.dstack([grey, np.full(alpha.shape, 255, np.uint8)])), la])
    truth = u8(alpha[..., None] * fg + (1 - alpha[..., None]) * 0.502)
    assert psnr(other.composite(), truth) > 35


def test_layers_stay_inside_the_fill_mask(rng):
    image = rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)
    plate = image.copy()
    fill = np.zeros((40, 60), bool)
    fill[10:30, 20:40] = True
    plate[fill] = 77
    claim = np.zeros_like(fill)
    claim[14:26, 24:36] = True
    stack = decompose_arrays(image, plate, fill, [Source("person", claim, claim.astype(np.float32))])
    comp = stack.composite()
    assert (comp[~fill] == image[~fill]).all()
    assert psnr(comp, image) >= 40
    for la in stack.layers[1:]:
        x0, y0, x1, y1 = la.box
        assert 20 <= x0 and x1 <= 40 and 10 <= y0 and y1 <= 30


def test_stack_json_ora_and_spec_reader_agree(tmp_path, rng):
    bg = rng.integers(0, 256, (30, 50, 3), dtype=np.uint8)
    stack = LayerStack.from_background(bg)
    top = np.zeros((10, 12, 4), np.uint8)
    top[..., 0] = 255
    top[..., 3] = np.linspace(0, 255, 12).astype(np.uint8)
    stack.layers.append(Layer("text_1", "text", top, 5, 7, {"text": "HI", "lines": [], "color": [255, 0, 0]}))
    path = stack.save(tmp_path)
    rec = json.loads(path.read_text())
    assert rec["size"] == [50, 30]
    assert [r["name"] for r in rec["layers"]] == ["background", "text_1"]
    want = {"kind": "text", "file": "layers/text_1.png", "x": 5, "y": 7, "box": [5, 7, 17, 17], "text": "HI"}
    assert {k: rec["layers"][1][k] for k in want} == want
    assert (LayerStack.load(tmp_path).composite() == stack.composite()).all()
    # the OpenRaster file, checked against the spec
    with zipfile.ZipFile(tmp_path / "layers.ora") as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"image/openraster"
        names = set(z.namelist())
        assert {"stack.xml", "mergedimage.png", "Thumbnails/thumbnail.png", "data/text_1.png"} <= names
    ora = read_ora(tmp_path / "layers.ora")
    assert ora.size == (50, 30)
    assert [la.name for la in ora.layers] == ["background", "text_1"]  # bottom to top
    assert (ora.render()[..., :3] == stack.composite()).all()
    assert (ora.merged[..., :3] == stack.composite()).all()
    assert max(ora.thumbnail.shape[:2]) <= 256


def test_reader_rejects_files_against_the_spec(tmp_path):
    bad = tmp_path / "bad.ora"
    with zipfile.ZipFile(bad, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", b"image/openraster")  # compressed: not allowed
        z.writestr("stack.xml", b"<image w='1' h='1'><stack/></image>")
    with pytest.raises(ContractError, match="stored uncompressed"):
        read_ora(bad)
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("stack.xml", b"<image w='1' h='1'><stack/></image>")
        z.writestr("mimetype", b"image/openraster")
    with pytest.raises(ContractError, match="first entry must be 'mimetype'"):
        read_ora(bad)
    (tmp_path / "x.ora").write_bytes(b"nope")
    with pytest.raises(ContractError, match="not an OpenRaster"):
        read_ora(tmp_path / "x.ora")


def test_reader_handles_nested_stacks_opacity_and_hidden_layers(tmp_path):
    import io

    from PIL import Image

    def png(rgba):
        b = io.BytesIO()
        Image.fromarray(rgba, "RGBA").save(b, format="PNG")
        return b.getvalue()

    red = np.zeros((2, 2, 4), np.uint8)
    red[..., 0], red[..., 3] = 255, 255
    blue = np.zeros((1, 1, 4), np.uint8)
    blue[..., 2], blue[..., 3] = 255, 255
    xml = (b"<image w='2' h='2' version='0.0.5'><stack>"
           b"<layer src='data/hidden.png' visibility='hidden'/>"
           b"<stack x='1' y='1'><layer src='data/blue.png' opacity='0.5'/></stack>"
           b"<layer src='data/red.png'/></stack></image>")
    p = tmp_path / "n.ora"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), b"image/openraster")
        z.writestr("stack.xml", xml)
        z.writestr("data/red.png", png(red))
        z.writestr("data/blue.png", png(blue))
        z.writestr("data/hidden.png", png(np.full((2, 2, 4), 255, np.uint8)))
    out = read_ora(p).render()
    assert out[0, 0].tolist() == [255, 0, 0, 255]
    assert out[1, 1].tolist() == [128, 0, 128, 255]  # half blue over red, the hidden white ignored


def test_layer_checks():
    with pytest.raises(ContractError, match="kind must be one of"):
        Layer("x", "logo", np.zeros((1, 1, 4), np.uint8))
    with pytest.raises(ContractError, match=r"\(h, w, 4\) uint8"):
        Layer("x", "text", np.zeros((1, 1, 3), np.uint8))
    with pytest.raises(ContractError, match="unique"):
        LayerStack((1, 1), [Layer("a", "text", np.zeros((1, 1, 4), np.uint8))] * 2)


@pytest.fixture(scope="module")
def rocket_stack():
    import creative_tools as ct
    from creative_tools.layers import decompose

    image = ct.load_image(DATA / "rocket_landscape.png")
    res = ct.Pipeline().run(image)
    return image, res, decompose(res)


def test_round_trip_on_a_sample(rocket_stack, tmp_path):
    image, res, stack = rocket_stack
    comp = stack.composite()
    assert psnr(comp, image) >= 40
    assert (comp[~res.mask] == image[~res.mask]).all()
    kinds = [la.kind for la in stack.layers]
    assert kinds[0] == "background" and "person" in kinds and kinds.count("text") >= 2
    stack.save(tmp_path)
    assert (read_ora(tmp_path / "layers.ora").render()[..., :3] == comp).all()
    strip = layer_strip(tmp_path, height=50)
    assert strip.shape[0] == 50 and strip.dtype == np.uint8


def test_text_layers_carry_the_recognised_text(rocket_stack):
    _, _, stack = rocket_stack
    texts = [la.attrs["text"] for la in stack.of_kind("text")]
    assert "REACH\nHIGHER" in texts
    head = stack.of_kind("text")[0]
    assert head.attrs["color"] == [255, 255, 255]  # white fill, navy outline
    assert 70 <= head.attrs["font_size_px"] <= 100  # set at 84 px
    assert all(la.attrs["score"] > 0.5 for la in stack.of_kind("person"))


def test_cli_run_layers_writes_the_three_outputs(tmp_path):
    from creative_tools.cli import main

    rc = main(["run", str(DATA / "banner_gradient.png"), "--out", str(tmp_path), "--layers",
               "--person", "none", "--inpaint", "telea", "--no-progress"])
    assert rc == 0
    d = tmp_path / "banner_gradient"
    rec = json.loads((d / "layers.json").read_text())
    assert rec["size"] == [900, 300]
    assert all((d / r["file"]).is_file() for r in rec["layers"])
    assert any(r["kind"] == "text" and r["text"] for r in rec["layers"])
    ora = read_ora(d / "layers.ora")
    from creative_tools.io import load_image

    assert psnr(ora.render()[..., :3], load_image(DATA / "banner_gradient.png")) >= 40
    assert json.loads((d / "result.json").read_text())["layers"]["file"] == "layers.json"


def test_object_proposals_become_object_layers_below_text(rng):
    from creative_tools.layers.sources import object_sources
    from creative_tools.objects.base import ObjectDetection, ObjectProposal

    m = np.zeros((30, 40), bool)
    m[5:20, 5:25] = True
    det = ObjectDetection([ObjectProposal(m, (5, 5, 25, 20), 0.8, "badge")], m.astype(np.float32), m)
    (src,) = object_sources(det)
    assert src.kind == "object" and src.attrs == {"object_kind": "badge", "score": 0.8}
    image = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    plate = image.copy()
    plate[m] = 0
    text = np.zeros_like(m)
    text[10:14, 8:20] = True
    stack = decompose_arrays(image, plate, m, [src, Source("text", text, None, {"text": "-50%"})])
    assert [la.kind for la in stack.layers] == ["background", "object", "text"]
    assert stack["object_1"].attrs["object_kind"] == "badge"
    assert (stack.composite() == image).all()


def test_bench_text_metrics_on_a_hand_made_record():
    from creative_tools.bench.layers import char_accuracy, font_size_errors

    meta = {"texts": [{"size_px": 40, "box_xyxy": [10, 10, 110, 50],
                       "lines": [{"text": "SALE NOW", "quad_xy": [[10, 10], [110, 10], [110, 50], [10, 50]]}]}]}
    layers = [{"kind": "background", "box": [0, 0, 200, 100]},
              {"kind": "text", "box": [8, 8, 112, 52], "font_size_px": 44.0,
               "lines": [{"text": "SALE", "quad": [[10, 10], [55, 10], [55, 50], [10, 50]]},
                         {"text": "NOW", "quad": [[65, 10], [110, 10], [110, 50], [65, 50]]}]}]
    assert char_accuracy(meta, layers) == {"chars": 8, "errors": 0, "chars_nospace": 7, "errors_nospace": 0}
    layers[1]["lines"][1]["text"] = "N0W"
    assert char_accuracy(meta, layers)["errors"] == 1
    assert font_size_errors(meta, layers) == [0.1]
