"""Derived ONNX files: the same network with its exporter's element-wise chains fused.

The PP-OCRv4 detector (``ch_PP-OCRv4_det_infer.onnx``) spends about half its time in
element-wise passes that come from how the exporter wrote its backbone (PPLCNetV3):

* every hard-swish as four passes, ``Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)``; written
  here as ``Mul(x, HardSigmoid(x, alpha=1/6, beta=1/2))`` (the same function, two passes);
* every "learnable affine block" right after a convolution, ``Add(Mul(Conv(x), s), b)``
  with scalar ``s`` and ``b``, folded into that convolution (weights ``s W``, bias
  ``s c + b``: the same function);
* every affine block whose only consumer is an unpadded convolution (after a hard-swish,
  before a 1 x 1 convolution), folded into that one (weights ``s W``, bias
  ``c + b sum W``: the same function, since no kernel tap reads padding);
* every affine block left whose readers are all convolutions (those before a padded
  depthwise convolution, which cannot take it: its border would read 0, not ``b``),
  written as one 1 x 1 depthwise convolution (weight ``s``, bias ``b`` per channel).
  It computes the same bytes as the ``Mul`` and ``Add`` it replaces (one product
  rounded, then the bias added), but onnxruntime keeps it in the blocked layout of
  the convolutions around it, so the block no longer costs a layout change out, a
  ``Mul`` pass, an ``Add`` pass and a layout change back in (docs/results.md,
  "Session 29, speed").

Only floating-point rounding differs from the original (maps within about 1e-4 of the
original's; the figures in docs/results.md, "Speed, session 5" and "Speed, session 8");
the last rewrite changes no byte of the maps of the rewrites before it.

The file is read and written with ``protobuf`` alone (already installed with
onnxruntime): the few ONNX message fields the rewrite touches are declared here with
their numbers from ``onnx.proto``; every other field is kept as it came (protobuf keeps
unknown fields and writes them back), so no ``onnx`` package is needed.
:func:`derive` writes the file (``python -m creative_tools models fetch`` calls it),
:func:`derived_path` says where it lives: named by the source file's sha256, so a
derivation of another source file is never used.
"""

from __future__ import annotations

import collections
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["FLOAT", "derive", "derived_path", "fuse", "load_model"]

FLOAT = 1  # TensorProto.DataType.FLOAT
#: In the derived file's name: a new tag whenever :func:`fuse` rewrites differently, so a
#: cache written by an earlier version is never used ("fused": session 8, the hard-swish
#: chains and the affine blocks after a convolution; "fused2": also those before an
#: unpadded convolution; "fused3": also the affine blocks left, as depthwise convolutions).
REWRITE = "fused3"
#: Earlier rewrites whose derivation gives the same maps, bit for bit, as :data:`REWRITE`'s
#: (only slower): used where the current one has not been written yet.
SAME_MAPS = ("fused2",)
_ATTR_FLOAT, _ATTR_INT, _ATTR_INTS = 1, 2, 7  # AttributeProto.AttributeType FLOAT, INT, INTS
_classes = None


def _messages():
    """The ONNX message classes (only the fields used here), built once from a descriptor."""
    global _classes
    if _classes is not None:
        return _classes
    from google.protobuf import descriptor_pb2, descriptor_pool

    try:
        from google.protobuf.message_factory import GetMessageClass
    except ImportError:  # protobuf < 4.21
        from google.protobuf.message_factory import MessageFactory

        GetMessageClass = MessageFactory().GetPrototype

    F = descriptor_pb2.FieldDescriptorProto
    fdp = descriptor_pb2.FileDescriptorProto(
        name="creative_tools_onnx_subset.proto",
        package="creative_tools_onnx",
        syntax="proto2",
    )
    # (message, [(field name, number, type, repeated, message type)]); numbers from onnx.proto
    spec = [
        (
            "TensorProto",
            [
                ("dims", 1, F.TYPE_INT64, True, None),
                ("data_type", 2, F.TYPE_INT32, False, None),
                ("float_data", 4, F.TYPE_FLOAT, True, None),
                ("name", 8, F.TYPE_STRING, False, None),
                ("raw_data", 9, F.TYPE_BYTES, False, None),
                ("data_location", 14, F.TYPE_INT32, False, None),
            ],
        ),
        (
            "AttributeProto",
            [
                ("name", 1, F.TYPE_STRING, False, None),
                ("f", 2, F.TYPE_FLOAT, False, None),
                ("i", 3, F.TYPE_INT64, False, None),
                ("s", 4, F.TYPE_BYTES, False, None),
                ("t", 5, F.TYPE_MESSAGE, False, "TensorProto"),
                ("ints", 8, F.TYPE_INT64, True, None),
                ("type", 20, F.TYPE_INT32, False, None),
            ],
        ),
        (
            "NodeProto",
            [
                ("input", 1, F.TYPE_STRING, True, None),
                ("output", 2, F.TYPE_STRING, True, None),
                ("name", 3, F.TYPE_STRING, False, None),
                ("op_type", 4, F.TYPE_STRING, False, None),
                ("attribute", 5, F.TYPE_MESSAGE, True, "AttributeProto"),
                ("domain", 7, F.TYPE_STRING, False, None),
            ],
        ),
        (
            "GraphProto",
            [
                ("node", 1, F.TYPE_MESSAGE, True, "NodeProto"),
                ("initializer", 5, F.TYPE_MESSAGE, True, "TensorProto"),
            ],
        ),
        ("ModelProto", [("graph", 7, F.TYPE_MESSAGE, False, "GraphProto")]),
    ]
    for msg, fields in spec:
        m = fdp.message_type.add(name=msg)
        for name, number, typ, repeated, sub in fields:
            f = m.field.add(
                name=name,
                number=number,
                type=typ,
                label=F.LABEL_REPEATED if repeated else F.LABEL_OPTIONAL,
            )
            if sub:
                f.type_name = f".creative_tools_onnx.{sub}"
            if repeated and typ == F.TYPE_FLOAT:
                f.options.packed = True  # as onnx.proto declares float_data
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    _classes = {
        msg: GetMessageClass(pool.FindMessageTypeByName(f"creative_tools_onnx.{msg}"))
        for msg, _ in spec
    }
    return _classes


def load_model(path):
    """Parse an ONNX file into the subset's ``ModelProto`` (unknown fields kept).

    Raises
    ------
    ValueError
        When the file is not a protobuf message of that shape.
    """
    from google.protobuf.message import DecodeError

    model = _messages()["ModelProto"]()
    try:
        model.ParseFromString(Path(path).read_bytes())
    except DecodeError as e:
        raise ValueError(f"{path}: not an ONNX file ({e})") from None
    return model


def _to_array(t) -> np.ndarray:
    if t.data_location == 1:
        raise ValueError(
            f"tensor {t.name!r} keeps its data in an external file; not supported"
        )
    if t.data_type != FLOAT:
        raise ValueError(
            f"tensor {t.name!r} has data_type {t.data_type}, only FLOAT (1) is read here"
        )
    data = (
        np.frombuffer(t.raw_data, "<f4")
        if t.raw_data
        else np.asarray(t.float_data, np.float32)
    )
    return data.astype(np.float32).reshape(tuple(t.dims))


def _from_array(a: np.ndarray, name: str):
    a = np.ascontiguousarray(a, dtype="<f4")
    return _messages()["TensorProto"](
        dims=a.shape, data_type=FLOAT, name=name, raw_data=a.tobytes()
    )


def fuse(model, *, hardswish: bool = True, affine: bool = True, affine_in: bool = True,
         affine_dw: bool = True):
    """Rewrite the hard-swish chains and fold the affine blocks into their convolutions.

    Parameters
    ----------
    model : ModelProto
        A parsed detector (:func:`load_model`); changed in place.
    hardswish, affine, affine_in, affine_dw : bool
        Which of the four rewrites to make (default all): the hard-swish chains, the
        affine blocks right after a convolution (folded into it), the affine blocks
        whose only consumer is an unpadded convolution (folded into that one), the
        affine blocks left whose readers are all convolutions (each written as a 1 x 1
        depthwise convolution, the same bytes).

    Returns
    -------
    model : ModelProto
    counts : dict
        ``hardswish``, ``affine``, ``affine_in`` and ``affine_dw`` rewrites made (all 0 for
        a network without the patterns: the file is then the same function, unchanged).
    """
    msgs = _messages()
    g = model.graph
    consts = {}
    for n in g.node:
        if (
            n.op_type == "Constant"
            and len(n.attribute) == 1
            and n.attribute[0].name == "value"
        ):
            t = n.attribute[0].t
            if t.data_type == FLOAT:
                consts[n.output[0]] = _to_array(t)
    inits = {i.name: i for i in g.initializer}

    def array(name):
        if name in inits:
            t = inits[name]
            return _to_array(t) if t.data_type == FLOAT else None
        return consts.get(name)

    def scalar(name):
        v = array(name)
        return None if v is None or v.size != 1 else float(v.reshape(-1)[0])

    def links():
        prod = {o: n for n in g.node for o in n.output}
        cons = collections.defaultdict(list)
        for n in g.node:
            for i in n.input:
                cons[i].append(n)
        return prod, cons

    def node(op, inputs, outputs, **floats):
        attrs = [
            msgs["AttributeProto"](name=k, f=v, type=_ATTR_FLOAT)
            for k, v in floats.items()
        ]
        return msgs["NodeProto"](
            op_type=op, input=inputs, output=outputs, name=outputs[0], attribute=attrs
        )

    # 1. hard-swish: Add(x, 3) -> Clip(0, 6) -> Mul(x, .) -> Div(., 6)
    prod, cons = links()
    drop, replace = set(), {}
    for clip in g.node if hardswish else []:
        if clip.op_type != "Clip" or len(clip.input) != 3:
            continue
        add = prod.get(clip.input[0])
        if add is None or add.op_type != "Add" or scalar(add.input[1]) != 3.0:
            continue
        if [scalar(clip.input[1]), scalar(clip.input[2])] != [0.0, 6.0] or len(
            cons[clip.output[0]]
        ) != 1:
            continue
        x = add.input[0]
        mul = cons[clip.output[0]][0]
        if mul.op_type != "Mul" or x not in mul.input or len(cons[mul.output[0]]) != 1:
            continue
        div = cons[mul.output[0]][0]
        if div.op_type != "Div" or scalar(div.input[1]) != 6.0:
            continue
        hs = node(
            "HardSigmoid", [x], [div.output[0] + "_hsig"], alpha=1.0 / 6.0, beta=0.5
        )
        out = node("Mul", [x, hs.output[0]], [div.output[0]])
        drop |= {id(add), id(clip), id(mul)}
        replace[id(div)] = [hs, out]
    nodes = []
    for n in g.node:
        if id(n) in replace:
            nodes += replace[id(n)]
        elif id(n) not in drop:
            nodes.append(msgs["NodeProto"].FromString(n.SerializeToString()))
    n_hs = len(replace)
    del g.node[:]
    g.node.extend(nodes)

    # 2. Conv -> Mul(scalar) -> Add(scalar), each the only consumer of the one before
    prod, cons = links()
    drop, replaced = set(), set()
    for conv in g.node if affine else []:
        if conv.op_type != "Conv" or len(cons[conv.output[0]]) != 1:
            continue
        mul = cons[conv.output[0]][0]
        other = [i for i in mul.input if i != conv.output[0]]
        if (
            mul.op_type != "Mul"
            or len(other) != 1
            or scalar(other[0]) is None
            or len(cons[mul.output[0]]) != 1
        ):
            continue
        add = cons[mul.output[0]][0]
        other_b = [i for i in add.input if i != mul.output[0]]
        if add.op_type != "Add" or len(other_b) != 1 or scalar(other_b[0]) is None:
            continue
        w = array(conv.input[1])
        if w is None or (len(conv.input) > 2 and array(conv.input[2]) is None):
            continue
        s, b = np.float32(scalar(other[0])), np.float32(scalar(other_b[0]))
        c = (
            array(conv.input[2])
            if len(conv.input) > 2
            else np.zeros(w.shape[0], np.float32)
        )
        g.initializer.append(
            _from_array((w * s).astype(np.float32), conv.output[0] + "_fused_w")
        )
        g.initializer.append(
            _from_array((c * s + b).astype(np.float32), conv.output[0] + "_fused_b")
        )
        replaced.update([*conv.input[1:3], other[0], other_b[0]])
        conv.input[1] = conv.output[0] + "_fused_w"
        if len(conv.input) > 2:
            conv.input[2] = conv.output[0] + "_fused_b"
        else:
            conv.input.append(conv.output[0] + "_fused_b")
        conv.output[0] = add.output[0]
        drop |= {id(mul), id(add)}
    nodes = [
        msgs["NodeProto"].FromString(n.SerializeToString())
        for n in g.node
        if id(n) not in drop
    ]
    n_aff = len(drop) // 2
    del g.node[:]
    g.node.extend(nodes)

    def scalar_affine(mul, cons):
        """``mul`` as the head of a block ``x * s + b`` (a Mul by one scalar, read by one Add
        of one scalar alone): ``(s, x, add, [b's name])``, or None (steps 3 and 4)."""
        if mul.op_type != "Mul" or len(mul.input) != 2 or len(cons[mul.output[0]]) != 1:
            return None
        ss = [scalar(i) for i in mul.input]
        if (ss[0] is None) == (ss[1] is None):
            return None
        s, x = (ss[1], mul.input[0]) if ss[1] is not None else (ss[0], mul.input[1])
        add = cons[mul.output[0]][0]
        other_b = [i for i in add.input if i != mul.output[0]]
        if add.op_type != "Add" or len(other_b) != 1 or scalar(other_b[0]) is None:
            return None
        return s, x, add, other_b

    # 3. Mul(scalar) -> Add(scalar) -> unpadded Conv, each the only consumer of the one
    # before: W (s x + b) + c = (s W) x + (c + b sum W) at every output pixel, because
    # without padding every kernel tap reads the input (a padded border would read 0,
    # not b: those blocks are left alone)
    prod, cons = links()
    inits.update({i.name: i for i in g.initializer})  # step 2's folded weights
    drop = set()
    for mul in g.node if affine_in else []:
        block = scalar_affine(mul, cons)
        if block is None:
            continue
        s, x, add, other_b = block
        if len(cons[add.output[0]]) != 1:
            continue
        conv = cons[add.output[0]][0]
        if (
            conv.op_type != "Conv"
            or conv.input[0] != add.output[0]
            or add.output[0] in conv.input[1:]
            or not _unpadded(conv)
        ):
            continue
        w = array(conv.input[1])
        if w is None or (len(conv.input) > 2 and array(conv.input[2]) is None):
            continue
        s, b = np.float32(s), np.float32(scalar(other_b[0]))
        c = (
            array(conv.input[2])
            if len(conv.input) > 2
            else np.zeros(w.shape[0], np.float32)
        )
        name = conv.output[0] + "_infused"
        g.initializer.append(_from_array((w * s).astype(np.float32), name + "_w"))
        g.initializer.append(
            _from_array(
                (c + b * w.reshape(w.shape[0], -1).sum(1, dtype=np.float64)).astype(
                    np.float32
                ),
                name + "_b",
            )
        )
        replaced.update([*conv.input[1:3], *mul.input, other_b[0]])
        conv.input[0] = x
        conv.input[1] = name + "_w"
        if len(conv.input) > 2:
            conv.input[2] = name + "_b"
        else:
            conv.input.append(name + "_b")
        drop |= {id(mul), id(add)}
    n_in = len(drop) // 2
    if drop:
        nodes = [
            msgs["NodeProto"].FromString(n.SerializeToString())
            for n in g.node
            if id(n) not in drop
        ]
        del g.node[:]
        g.node.extend(nodes)

    # 4. Mul(scalar) -> Add(scalar), the Mul read by the Add alone, the Add read only by
    # convolutions as their data: one Conv(group C, 1 x 1, weight s, bias b). The same
    # bytes (one product rounded, then b added, as Mul then Add), but onnxruntime keeps
    # it in the convolutions' blocked layout (no layout change out and back in, no Mul
    # and Add passes). A block read by anything else (a squeeze-and-excitation average,
    # a product) is left alone: its reader would then run in the blocked layout too and
    # sum in another order (maps within 1e-4, not equal).
    prod, cons = links()
    inits.update({i.name: i for i in g.initializer})
    attr = msgs["AttributeProto"]
    replace = {}
    for mul in g.node if affine_dw else []:
        block = scalar_affine(mul, cons)
        if block is None:
            continue
        s, x, add, other_b = block
        readers = cons[add.output[0]]
        channels = set()
        for conv in readers:
            w = array(conv.input[1]) if conv.op_type == "Conv" and len(conv.input) > 1 else None
            if w is None or conv.input[0] != add.output[0] or add.output[0] in conv.input[1:] or w.ndim != 4:
                break
            group = next((a.i for a in conv.attribute if a.name == "group"), 1) or 1
            channels.add(int(w.shape[1]) * int(group))
        else:
            if len(channels) != 1:
                continue
            (c,) = channels
            name = add.output[0] + "_affine_dw"
            g.initializer.append(_from_array(np.full((c, 1, 1, 1), s, np.float32), name + "_w"))
            g.initializer.append(_from_array(np.full(c, scalar(other_b[0]), np.float32), name + "_b"))
            replace[id(add)] = msgs["NodeProto"](
                op_type="Conv", input=[x, name + "_w", name + "_b"], output=[add.output[0]], name=name,
                attribute=[attr(name="group", i=c, type=_ATTR_INT),
                           attr(name="kernel_shape", ints=[1, 1], type=_ATTR_INTS)])
            replace[id(mul)] = None
            replaced.update([*mul.input, other_b[0]])
    n_dw = len(replace) // 2
    if replace:
        nodes = []
        for n in g.node:
            if id(n) not in replace:
                nodes.append(msgs["NodeProto"].FromString(n.SerializeToString()))
            elif replace[id(n)] is not None:
                nodes.append(replace[id(n)])
        del g.node[:]
        g.node.extend(nodes)

    # the constants and weights only the rewritten nodes read (scalars, the unscaled W)
    used = {i for n in g.node for i in n.input}
    nodes = [
        n for n in g.node if n.op_type != "Constant" or any(o in used for o in n.output)
    ]
    if len(nodes) < len(g.node):
        nodes = [msgs["NodeProto"].FromString(n.SerializeToString()) for n in nodes]
        del g.node[:]
        g.node.extend(nodes)
    kept = [t for t in g.initializer if t.name in used or t.name not in replaced]
    if len(kept) < len(g.initializer):
        kept = [msgs["TensorProto"].FromString(t.SerializeToString()) for t in kept]
        del g.initializer[:]
        g.initializer.extend(kept)
    return model, {"hardswish": n_hs, "affine": n_aff, "affine_in": n_in, "affine_dw": n_dw}


def _unpadded(conv) -> bool:
    """Whether ``conv`` reads no padding (``pads`` all 0, ``auto_pad`` absent or VALID)."""
    for a in conv.attribute:
        if a.name == "pads" and any(a.ints):
            return False
        if a.name == "auto_pad" and a.s not in (b"", b"NOTSET", b"VALID"):
            return False
    return True


def sha256_of(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def derived_path(source, *, home: Path | None = None, rewrite: str = REWRITE) -> Path:
    """Where the fused derivation of ``source`` lives (whether or not it exists).

    ``$CREATIVE_TOOLS_HOME/derived/<source stem>.<rewrite>.<first 16 hex of its sha256>.onnx``
    (``rewrite``: :data:`REWRITE`, or one of :data:`SAME_MAPS` to find an earlier one): a
    changed source file or rewrite has another name, so a stale derivation is never
    picked up.
    """
    if home is None:
        from .weights import home as _home

        home = _home()
    source = Path(source)
    return (
        Path(home)
        / "derived"
        / f"{source.stem}.{rewrite}.{sha256_of(source)[:16]}.onnx"
    )


def derive(source, target=None) -> tuple[Path, dict]:
    """Write the fused derivation of ``source`` (atomic rename); return its path and counts.

    Raises
    ------
    ValueError
        When the network has none of the patterns (nothing to gain: no file is written).
    """
    target = Path(target) if target is not None else derived_path(source)
    model, counts = fuse(load_model(source))
    if not counts["hardswish"] and not counts["affine"]:
        raise ValueError(f"{source}: no hard-swish chain or affine block to fuse")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=target.name + ".", suffix=".part"
    )
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(model.SerializeToString())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target, counts
