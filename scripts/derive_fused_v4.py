"""A derived PP-OCRv4 detector with its element-wise chains fused (measured, NOT the default).

onnxruntime's profile of the PP-OCRv4 detector (``ch_PP-OCRv4_det_infer.onnx``) on a
1 MP creative: ``Conv`` 30 % of the time, ``Add`` 18 %, ``Mul`` 16 %, ``Clip`` 9 %,
``Div`` 3 %, layout reorders 15 %. The element-wise part comes from how the exporter
wrote the backbone (PPLCNetV3):

* every hard-swish as four passes, ``Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)``; written
  here as ``Mul(x, HardSigmoid(x, alpha=1/6, beta=1/2))`` (the same function, two passes);
* every "learnable affine block" right after a convolution, ``Add(Mul(Conv(x), s), b)``
  with scalar ``s`` and ``b``, folded into that convolution (weights ``s W``, bias
  ``s c + b``: the same function).

Only floating-point rounding differs. Measured on 6 typical creatives, same process,
alternating (load ~19): 24 hard-swishes and 28 affine blocks rewritten, the v4 pass at
**0.76x** its time, probability maps within 7e-5 of the original's, no map pixel on the
other side of the 0.3 threshold; ``scripts/eval_text_residual.py`` gives the same
residual text, glyph and word figures on the hard tune / held-out sets, ``data/`` and
ICDAR 2015 (docs/results.md, "Speed, session 5"). Not wired into the default: it needs
the ``onnx`` package (not a dependency) to write the file. Usage::

    pip install onnx
    python scripts/derive_fused_v4.py --out out/ppocrv4_det_fused.onnx --check 6
    # then e.g. PPOCRText(model_file="out/ppocrv4_det_fused.onnx")
"""

from __future__ import annotations

import argparse
import collections
import os
import time

import numpy as np


def fuse(model):
    """Rewrite the hard-swish chains and fold the affine blocks that follow a convolution.

    Parameters
    ----------
    model : onnx.ModelProto
        The PP-OCRv4 detector (changed in place).

    Returns
    -------
    model : onnx.ModelProto
    counts : dict
        ``hardswish`` and ``affine`` rewrites made.
    """
    from onnx import helper, numpy_helper

    g = model.graph
    consts = {n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in g.node if n.op_type == "Constant"}
    inits = {i.name: i for i in g.initializer}

    def scalar(name):
        v = consts.get(name)
        if v is None and name in inits:
            v = numpy_helper.to_array(inits[name])
        return None if v is None or v.size != 1 else float(v.reshape(-1)[0])

    def links():
        prod = {o: n for n in g.node for o in n.output}
        cons = collections.defaultdict(list)
        for n in g.node:
            for i in n.input:
                cons[i].append(n)
        return prod, cons

    # 1. hard-swish: Add(x, 3) -> Clip(0, 6) -> Mul(x, .) -> Div(., 6)
    prod, cons = links()
    drop, replace = set(), {}
    for clip in g.node:
        if clip.op_type != "Clip" or len(clip.input) != 3:
            continue
        add = prod.get(clip.input[0])
        if add is None or add.op_type != "Add" or scalar(add.input[1]) != 3.0:
            continue
        if [scalar(clip.input[1]), scalar(clip.input[2])] != [0.0, 6.0] or len(cons[clip.output[0]]) != 1:
            continue
        x = add.input[0]
        mul = cons[clip.output[0]][0]
        if mul.op_type != "Mul" or x not in mul.input or len(cons[mul.output[0]]) != 1:
            continue
        div = cons[mul.output[0]][0]
        if div.op_type != "Div" or scalar(div.input[1]) != 6.0:
            continue
        hs = helper.make_node("HardSigmoid", [x], [div.output[0] + "_hsig"], alpha=1.0 / 6.0, beta=0.5)
        out = helper.make_node("Mul", [x, hs.output[0]], [div.output[0]])
        drop |= {id(add), id(clip), id(mul)}
        replace[id(div)] = [hs, out]
    nodes = []
    for n in g.node:
        if id(n) in replace:
            nodes += replace[id(n)]
        elif id(n) not in drop:
            nodes.append(n)
    n_hs = len(replace)
    del g.node[:]
    g.node.extend(nodes)

    # 2. Conv -> Mul(scalar) -> Add(scalar), each the only consumer of the one before
    prod, cons = links()

    def array(name):
        return numpy_helper.to_array(inits[name]) if name in inits else consts[name]

    drop = set()
    for conv in g.node:
        if conv.op_type != "Conv" or len(cons[conv.output[0]]) != 1:
            continue
        mul = cons[conv.output[0]][0]
        other = [i for i in mul.input if i != conv.output[0]]
        if mul.op_type != "Mul" or len(other) != 1 or scalar(other[0]) is None or len(cons[mul.output[0]]) != 1:
            continue
        add = cons[mul.output[0]][0]
        other_b = [i for i in add.input if i != mul.output[0]]
        if add.op_type != "Add" or len(other_b) != 1 or scalar(other_b[0]) is None:
            continue
        s, b = np.float32(scalar(other[0])), np.float32(scalar(other_b[0]))
        w = array(conv.input[1])
        c = array(conv.input[2]) if len(conv.input) > 2 else np.zeros(w.shape[0], np.float32)
        g.initializer.append(numpy_helper.from_array((w * s).astype(np.float32), conv.output[0] + "_fused_w"))
        g.initializer.append(numpy_helper.from_array((c * s + b).astype(np.float32), conv.output[0] + "_fused_b"))
        conv.input[1] = conv.output[0] + "_fused_w"
        if len(conv.input) > 2:
            conv.input[2] = conv.output[0] + "_fused_b"
        else:
            conv.input.append(conv.output[0] + "_fused_b")
        conv.output[0] = add.output[0]
        drop |= {id(mul), id(add)}
    nodes = [n for n in g.node if id(n) not in drop]
    n_aff = len(drop) // 2
    del g.node[:]
    g.node.extend(nodes)
    return model, {"hardswish": n_hs, "affine": n_aff}


def main(argv=None) -> int:
    import onnx

    from creative_tools.onnx_session import cpu_session
    from creative_tools.text.ppocr import PPOCRText, model_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="where to write the derived ONNX file")
    ap.add_argument("--check", type=int, default=0, metavar="N",
                    help="compare maps and time with the original on N typical creatives")
    args = ap.parse_args(argv)
    model, counts = fuse(onnx.load(str(model_path("ppocrv4"))))
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(model, args.out)
    print(f"wrote {args.out}: {counts['hardswish']} hard-swish chains, {counts['affine']} affine blocks fused")
    if args.check:
        from creative_tools.bench.typical import typical_creatives

        det = PPOCRText(verify=0, repeats=False)
        sessions = {"original": cpu_session(model_path("ppocrv4")), "fused": cpu_session(args.out)}
        secs = {k: 0.0 for k in sessions}
        for i, (name, im) in enumerate(typical_creatives(n=args.check)):
            maps = {}
            for k in (list(sessions) if i % 2 == 0 else list(sessions)[::-1]):
                t0 = time.perf_counter()
                maps[k] = det._pred_at(im, det._scale(*im.shape[:2]) * det.scales[0], [sessions[k]])
                secs[k] += time.perf_counter() - t0
            a, b = maps["original"], maps["fused"]
            print(f"{name}: max |diff| {float(np.abs(a - b).max()):.1e}, "
                  f"pixels across 0.3: {int(((a > 0.3) != (b > 0.3)).sum())}")
        print(f"time fused / original: {secs['fused'] / secs['original']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
