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
    assert counts == {"hardswish": 1, "affine": 1}
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
    assert counts == {"hardswish": 0, "affine": 0}
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
    assert first.parent == tmp_path / "derived" and first.name.startswith("net.fused.")
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
    assert counts == {"hardswish": 24, "affine": 28}
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
    assert counts == {"hardswish": 28, "affine": 28}
    im = np.full((60, 320, 3), 255, np.uint8)
    cv2.putText(im, "SALE 50%", (8, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    a = Recognizer(fused=False).read(im, [[0, 0, 320, 60]])[0]
    b = Recognizer(model_file=path).read(im, [[0, 0, 320, 60]])[0]
    assert a.text == b.text and a.text.replace(" ", "") == "SALE50%"
    assert abs(a.confidence - b.confidence) < 1e-3


def test_each_rewrite_can_be_made_alone():
    _, counts = F.fuse(_tiny(), affine=False)
    assert counts == {"hardswish": 1, "affine": 0}
    model, counts = F.fuse(_tiny(), hardswish=False)
    assert counts == {"hardswish": 0, "affine": 1}
    assert [n.op_type for n in model.graph.node] == [
        "Conv",
        "Add",
        "Clip",
        "Mul",
        "Div",
    ]
