"""creative_tools.onnx_fuse: the fused derivations compute the same function.

(a) a tiny hand-made graph with the two exporter patterns and the values expected after
the rewrite; (b) the real PP-OCRv4 detector and recogniser against their originals on
synthetic images (skipped without the model files).
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from creative_tools import onnx_fuse as F
from creative_tools import packaged


def _tiny():
    """x -> Conv(W=2, c=0.5) -> Mul(3) -> Add(1) -> hard-swish (Add 3, Clip 0 6, Mul, Div 6)."""
    m = F._messages()
    t = F._from_array
    g = m["GraphProto"](
        initializer=[
            t(np.full((1, 1, 1, 1), 2, np.float32), "W"),
            t(np.array([0.5], np.float32), "c"),
            t(np.array(3, np.float32), "three"),
            t(np.array(1, np.float32), "one"),
            t(np.array(0, np.float32), "zero"),
            t(np.array(6, np.float32), "six"),
        ],
        node=[
            m["NodeProto"](op_type="Conv", input=["x", "W", "c"], output=["conv"]),
            m["NodeProto"](op_type="Mul", input=["conv", "three"], output=["scaled"]),
            m["NodeProto"](op_type="Add", input=["scaled", "one"], output=["y"]),
            m["NodeProto"](op_type="Add", input=["y", "three"], output=["y3"]),
            m["NodeProto"](
                op_type="Clip", input=["y3", "zero", "six"], output=["clip"]
            ),
            m["NodeProto"](op_type="Mul", input=["y", "clip"], output=["ymul"]),
            m["NodeProto"](op_type="Div", input=["ymul", "six"], output=["z"]),
        ],
    )
    return m["ModelProto"](graph=g)


def test_tiny_graph_rewritten_to_expected_nodes_and_weights():
    model, counts = F.fuse(_tiny())
    assert counts == {"hardswish": 1, "affine": 1, "affine_in": 0, "affine_dw": 0}
    g = model.graph
    assert [n.op_type for n in g.node] == ["Conv", "HardSigmoid", "Mul"]
    conv, hs, mul = g.node
    assert (
        list(conv.output) == ["y"]
        and list(mul.input) == ["y", hs.output[0]]
        and list(mul.output) == ["z"]
    )
    assert {a.name: round(a.f, 6) for a in hs.attribute} == {
        "alpha": round(1 / 6, 6),
        "beta": 0.5,
    }
    arrays = {t.name: F._to_array(t) for t in g.initializer}
    assert arrays[conv.input[1]].reshape(-1).tolist() == [6.0]  # s W = 3 * 2
    assert arrays[conv.input[2]].tolist() == [2.5]  # s c + b = 3 * 0.5 + 1
    assert "W" not in arrays and "c" not in arrays  # the unscaled weights are dropped


def test_graph_without_the_patterns_is_left_alone(tmp_path):
    m = F._messages()
    model = m["ModelProto"](
        graph=m["GraphProto"](
            node=[m["NodeProto"](op_type="Relu", input=["x"], output=["y"])]
        )
    )
    before = model.SerializeToString()
    model, counts = F.fuse(model)
    assert counts == {"hardswish": 0, "affine": 0, "affine_in": 0, "affine_dw": 0}
    assert model.SerializeToString() == before
    src = tmp_path / "relu.onnx"
    src.write_bytes(before)
    with pytest.raises(ValueError, match="no hard-swish chain"):
        F.derive(src, tmp_path / "out.onnx")
    assert not (tmp_path / "out.onnx").exists()


def test_unknown_fields_survive_the_round_trip():
    # ir_version (ModelProto field 1 = 8) is not declared in the subset: written back after the graph
    graph = _tiny().SerializeToString()
    out = (
        F._messages()["ModelProto"]
        .FromString(bytes([0x08, 0x08]) + graph)
        .SerializeToString()
    )
    assert out == graph + bytes([0x08, 0x08])


def test_derived_path_is_named_by_the_source_checksum(tmp_path):
    src = tmp_path / "net.onnx"
    src.write_bytes(b"one")
    first = F.derived_path(src, home=tmp_path)
    assert first.parent == tmp_path / "derived" and first.name.startswith(
        f"net.{F.REWRITE}."
    )
    src.write_bytes(b"two")
    assert F.derived_path(src, home=tmp_path) != first


needs_models = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None
    or any(packaged.find(k) is None for k in ("ppocrv4_det", "ppocrv4_rec")),
    reason="onnxruntime or the PP-OCRv4 files missing (python -m creative_tools models fetch)",
)


@needs_models
def test_fused_detector_keeps_the_map(tmp_path):
    from creative_tools.bench.speed import synthetic_creative
    from creative_tools.onnx_session import cpu_session
    from creative_tools.text.ppocr import PPOCRText

    path, counts = F.derive(packaged.find("ppocrv4_det"), tmp_path / "det.onnx")
    assert counts == {"hardswish": 24, "affine": 28, "affine_in": 10, "affine_dw": 13}
    ops = [n.op_type for n in F.load_model(path).graph.node]
    assert "Clip" not in ops and "Div" not in ops  # every hard-swish chain rewritten
    det = PPOCRText(verify=0, repeats=False, fused=False)
    im = synthetic_creative(320, seed=4)
    a = det._pred_at(im, 1.25, [cpu_session(packaged.find("ppocrv4_det"))])
    b = det._pred_at(im, 1.25, [cpu_session(path)])
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, atol=1e-3)
    assert ((a > 0.3) == (b > 0.3)).mean() > 0.999


@needs_models
def test_fused_recogniser_reads_the_same(tmp_path):
    import cv2

    from creative_tools.text.recognize import Recognizer

    path, counts = F.derive(packaged.find("ppocrv4_rec"), tmp_path / "rec.onnx")
    assert counts == {"hardswish": 28, "affine": 28, "affine_in": 12, "affine_dw": 13}
    im = np.full((60, 320, 3), 255, np.uint8)
    cv2.putText(im, "SALE 50%", (8, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    a = Recognizer(fused=False).read(im, [[0, 0, 320, 60]])[0]
    b = Recognizer(model_file=path).read(im, [[0, 0, 320, 60]])[0]
    assert a.text == b.text and a.text.replace(" ", "") == "SALE50%"
    assert abs(a.confidence - b.confidence) < 1e-3


def test_each_rewrite_can_be_made_alone():
    _, counts = F.fuse(_tiny(), affine=False)
    assert counts == {"hardswish": 1, "affine": 0, "affine_in": 0, "affine_dw": 0}
    model, counts = F.fuse(_tiny(), hardswish=False)
    assert counts == {"hardswish": 0, "affine": 1, "affine_in": 0, "affine_dw": 0}
    assert [n.op_type for n in model.graph.node] == [
        "Conv",
        "Add",
        "Clip",
        "Mul",
        "Div",
    ]


def _affine_before_conv(pads=(0, 0, 0, 0), kernel=1, consumers=1):
    """x -> Relu -> Mul(2) -> Add(0.5) -> Conv(W, c, pads) [-> a second reader of the Add]."""
    m = F._messages()
    t = F._from_array
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 2, kernel, kernel)).astype(np.float32)
    nodes = [
        m["NodeProto"](op_type="Relu", input=["x"], output=["r"]),
        m["NodeProto"](op_type="Mul", input=["two", "r"], output=["scaled"]),
        m["NodeProto"](op_type="Add", input=["scaled", "half"], output=["a"]),
        m["NodeProto"](
            op_type="Conv",
            input=["a", "W", "c"],
            output=["y"],
            attribute=[m["AttributeProto"](name="pads", ints=list(pads), type=7)],
        ),
    ]
    if consumers > 1:
        nodes.append(m["NodeProto"](op_type="Relu", input=["a"], output=["z"]))
    g = m["GraphProto"](
        initializer=[
            t(w, "W"),
            t(np.array([0.25, -1.0, 2.0], np.float32), "c"),
            t(np.array(2, np.float32), "two"),
            t(np.array(0.5, np.float32), "half"),
        ],
        node=nodes,
    )
    return m["ModelProto"](graph=g), w


def test_affine_block_before_an_unpadded_conv_is_folded_into_it():
    model, w = _affine_before_conv()
    model, counts = F.fuse(model)
    assert counts == {"hardswish": 0, "affine": 0, "affine_in": 1, "affine_dw": 0}
    g = model.graph
    assert [n.op_type for n in g.node] == ["Relu", "Conv"]
    conv = g.node[1]
    assert conv.input[0] == "r" and list(conv.output) == ["y"]
    arrays = {t.name: F._to_array(t) for t in g.initializer}
    assert set(arrays) == {conv.input[1], conv.input[2]}  # W, c, 2, 0.5 dropped
    np.testing.assert_array_equal(arrays[conv.input[1]], 2 * w)  # s W
    # c + b sum W
    expected = np.array([0.25, -1.0, 2.0]) + 0.5 * w.reshape(3, -1).sum(1)
    np.testing.assert_allclose(arrays[conv.input[2]], expected, rtol=1e-6)


@pytest.mark.parametrize(
    "case",
    ["padded_conv", "second_reader"],
)
def test_affine_block_before_a_padded_or_shared_input_is_left_alone(case):
    # a padded border reads 0, not the block's b (not exact); a second reader needs the block
    if case == "padded_conv":
        model, _ = _affine_before_conv(pads=(1, 1, 1, 1), kernel=3)
    else:
        model, _ = _affine_before_conv(consumers=2)
    before = [n.op_type for n in model.graph.node]
    model, counts = F.fuse(model, affine_dw=False)
    assert counts["affine_in"] == 0
    assert [n.op_type for n in model.graph.node] == before


@pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime missing"
)
@pytest.mark.parametrize("kernel", [1, 3])
def test_affine_block_fold_computes_the_same_function(tmp_path, kernel):
    import onnxruntime as ort

    model, _ = _affine_before_conv(kernel=kernel)
    raw = model.SerializeToString()
    fused, counts = F.fuse(F._messages()["ModelProto"].FromString(raw))
    assert counts["affine_in"] == 1
    x = np.random.default_rng(1).normal(size=(1, 2, 7, 9)).astype(np.float32)
    outs = []
    for body in (raw, fused.SerializeToString()):
        # a minimal ONNX header: ir_version 8, opset 13, graph inputs/outputs by name
        outs.append(_run(ort, body, x, tmp_path))
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-5, atol=1e-5)


def _varint(n: int) -> bytes:
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def _len_field(num: int, payload: bytes) -> bytes:
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def _run(ort, body: bytes, x: np.ndarray, tmp_path):
    """Run a subset-built model: add the fields the subset does not declare, by hand.

    GraphProto input (11) / output (12) as ValueInfoProto(name 1, type 2 = TypeProto(
    tensor_type 1 = (elem_type 1 = FLOAT))); ModelProto ir_version (1) = 8, opset_import (8)
    = (domain 1 = "", version 2 = 13), graph (7).
    """
    model = F._messages()["ModelProto"].FromString(body)
    # tensor_type { elem_type: FLOAT }
    ftype = _len_field(1, _varint(1 << 3) + _varint(1))

    def value_info(name):
        return _len_field(1, name.encode()) + _len_field(2, ftype)

    graph = (
        model.graph.SerializeToString()
        + _len_field(2, b"g")
        + _len_field(11, value_info("x"))
        + _len_field(12, value_info("y"))
    )
    raw = (
        _varint(1 << 3)
        + _varint(8)
        + _len_field(8, _varint(2 << 3) + _varint(13))
        + _len_field(7, graph)
    )
    sess = ort.InferenceSession(raw, providers=["CPUExecutionProvider"])
    return sess.run(None, {"x": x})[0]


def _affine_before_depthwise(readers=("conv",), channels=16):
    """x -> Relu -> Mul(s) -> Add(b) -> padded 3 x 3 depthwise Conv (PP-OCRv4's block that
    no fold takes) [and other readers of the Add: "gap" a global average, "conv2" a second
    convolution]; s and b not powers of two, so a fused multiply-add would round otherwise."""
    m = F._messages()
    t = F._from_array
    rng = np.random.default_rng(2)
    c = channels
    attrs = [
        m["AttributeProto"](name="pads", ints=[1, 1, 1, 1], type=7),
        m["AttributeProto"](name="group", i=c, type=2),
        m["AttributeProto"](name="kernel_shape", ints=[3, 3], type=7),
    ]
    nodes = [
        m["NodeProto"](op_type="Relu", input=["x"], output=["r"]),
        m["NodeProto"](op_type="Mul", input=["s", "r"], output=["scaled"]),
        m["NodeProto"](op_type="Add", input=["scaled", "b"], output=["a"]),
        m["NodeProto"](op_type="Conv", input=["a", "W", "c"], output=["y" if readers == ("conv",) else "d"],
                       attribute=attrs),
    ]
    if "gap" in readers:
        nodes += [m["NodeProto"](op_type="GlobalAveragePool", input=["a"], output=["g"]),
                  m["NodeProto"](op_type="Add", input=["d", "g"], output=["y"])]
    if "conv2" in readers:
        nodes += [m["NodeProto"](op_type="Conv", input=["a", "W2"], output=["e"]),
                  m["NodeProto"](op_type="Add", input=["d", "e"], output=["y"])]
    g = m["GraphProto"](
        initializer=[
            t(rng.normal(size=(c, 1, 3, 3)).astype(np.float32), "W"),
            t(rng.normal(size=c).astype(np.float32), "c"),
            t(rng.normal(size=(c, c, 1, 1)).astype(np.float32), "W2"),
            t(np.array(0.7310586, np.float32), "s"),
            t(np.array(-0.1234567, np.float32), "b"),
        ],
        node=nodes,
    )
    return m["ModelProto"](graph=g)


def test_affine_block_before_a_padded_conv_becomes_a_depthwise_conv():
    model, counts = F.fuse(_affine_before_depthwise())
    assert counts == {"hardswish": 0, "affine": 0, "affine_in": 0, "affine_dw": 1}
    g = model.graph
    assert [n.op_type for n in g.node] == ["Relu", "Conv", "Conv"]
    dw = g.node[1]
    assert list(dw.input[:1]) == ["r"] and list(dw.output) == ["a"]
    assert {a.name: (a.i, list(a.ints)) for a in dw.attribute} == {"group": (16, []), "kernel_shape": (0, [1, 1])}
    arrays = {t.name: F._to_array(t) for t in g.initializer}
    np.testing.assert_array_equal(arrays[dw.input[1]], np.full((16, 1, 1, 1), np.float32(0.7310586)))
    np.testing.assert_array_equal(arrays[dw.input[2]], np.full(16, np.float32(-0.1234567)))
    assert "s" not in arrays and "b" not in arrays
    # two convolutions reading it agree on its channels: rewritten too
    assert F.fuse(_affine_before_depthwise(readers=("conv", "conv2")))[1]["affine_dw"] == 1


def test_affine_block_read_by_other_than_convolutions_is_left_alone():
    # a global average read from the blocked layout would sum in another order
    model = _affine_before_depthwise(readers=("conv", "gap"))
    before = [n.op_type for n in model.graph.node]
    model, counts = F.fuse(model)
    assert counts["affine_dw"] == 0 and [n.op_type for n in model.graph.node] == before


@pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime missing"
)
@pytest.mark.parametrize("readers", [("conv",), ("conv", "conv2")])
def test_depthwise_affine_block_computes_the_same_bytes(tmp_path, readers):
    import onnxruntime as ort

    raw = _affine_before_depthwise(readers=readers).SerializeToString()
    fused, counts = F.fuse(F._messages()["ModelProto"].FromString(raw))
    assert counts["affine_dw"] == 1
    x = np.random.default_rng(3).normal(size=(1, 16, 23, 37)).astype(np.float32)
    a = _run(ort, raw, x, tmp_path)
    b = _run(ort, fused.SerializeToString(), x, tmp_path)
    # bit for bit on the machine this was built on (onnxruntime's blocked 1 x 1 depthwise
    # kernel rounds s * x, then adds b, as Mul then Add do); the kernel is onnxruntime's and
    # the CPU's, not the project's, so another build may fuse the two roundings: one ulp
    np.testing.assert_array_max_ulp(a, b, maxulp=1)


@needs_models
def test_depthwise_affine_blocks_keep_the_maps(tmp_path):
    # fused3 (this rewrite) against fused2 (without it): the detector's map and the
    # recogniser's reading are the same bytes (the CLI's outputs stay), only faster
    from creative_tools.bench.speed import synthetic_creative
    from creative_tools.onnx_session import cpu_session
    from creative_tools.text.ppocr import PPOCRText
    from creative_tools.text.recognize import Recognizer

    paths = {}
    for key in ("ppocrv4_det", "ppocrv4_rec"):
        for dw in (False, True):
            model, counts = F.fuse(F.load_model(packaged.find(key)), affine_dw=dw)
            assert counts["affine_dw"] == (13 if dw else 0)
            paths[key, dw] = tmp_path / f"{key}_{dw}.onnx"
            paths[key, dw].write_bytes(model.SerializeToString())
    det = PPOCRText(verify=0, repeats=False, fused=False)
    im = synthetic_creative(320, seed=4)
    a, b = (det._pred_at(im, 1.25, [cpu_session(paths["ppocrv4_det", dw])]) for dw in (False, True))
    assert a.max() > 0.5  # the creative has text: the map is not trivially equal
    # the same bytes here; within what a kernel that fuses s * x + b into one rounding would
    # move through the net elsewhere (the original model differs from fused2 by up to 1e-4)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-5)
    boxes = [[0, 0, im.shape[1], 40], [0, 40, 200, 90]]
    ra, rb = (Recognizer(model_file=paths["ppocrv4_rec", dw]).read(im, boxes) for dw in (False, True))
    assert [r.text for r in ra] == [r.text for r in rb]
    assert [r.confidence for r in ra] == pytest.approx([r.confidence for r in rb], abs=1e-5)
