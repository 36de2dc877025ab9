"""Write and check the fused PP-OCRv4 files (the default since session 8).

onnxruntime's profile of the PP-OCRv4 detector (``ch_PP-OCRv4_det_infer.onnx``) on a
1 MP creative: ``Conv`` 30 % of the time, ``Add`` 18 %, ``Mul`` 16 %, ``Clip`` 9 %,
``Div`` 3 %, layout reorders 15 %. The element-wise part comes from how the exporter
wrote the backbone (PPLCNetV3): hard-swishes as four passes and "learnable affine
blocks" after convolutions. :mod:`creative_tools.onnx_fuse` rewrites both (the same
function, only rounding differs); ``python -m creative_tools models fetch`` writes the
derived detector and recogniser into the model cache and the ``ppocr`` backend runs them
(``PPOCRText(fused=False)`` runs the originals). No ``onnx`` package is needed: the file
is read and written with ``protobuf``.

This script writes one derivation where you say and, with ``--check N``, compares its
probability maps and pass time with the original's on N typical creatives, same
process, alternating (docs/results.md, "Speed, session 5" and "Speed, session 8")::

    python scripts/derive_fused_v4.py --out out/ppocrv4_det_fused.onnx --check 6
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from creative_tools.onnx_fuse import derive, fuse, load_model  # noqa: F401  (fuse: the rewrite)


def main(argv=None) -> int:
    from creative_tools.onnx_session import cpu_session
    from creative_tools.text.ppocr import PPOCRText, model_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="where to write the derived ONNX file")
    ap.add_argument(
        "--check",
        type=int,
        default=0,
        metavar="N",
        help="compare maps and time with the original on N typical creatives",
    )
    args = ap.parse_args(argv)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    path, counts = derive(model_path("ppocrv4"), args.out)
    print(
        f"wrote {path}: {counts['hardswish']} hard-swish chains, {counts['affine']} affine blocks fused"
    )
    if args.check:
        from creative_tools.bench.typical import typical_creatives

        det = PPOCRText(verify=0, repeats=False, fused=False)
        sessions = {
            "original": cpu_session(model_path("ppocrv4")),
            "fused": cpu_session(args.out),
        }
        secs = {k: 0.0 for k in sessions}
        for i, (name, im) in enumerate(typical_creatives(n=args.check)):
            maps = {}
            for k in list(sessions) if i % 2 == 0 else list(sessions)[::-1]:
                t0 = time.perf_counter()
                maps[k] = det._pred_at(
                    im, det._scale(*im.shape[:2]) * det.scales[0], [sessions[k]]
                )
                secs[k] += time.perf_counter() - t0
            a, b = maps["original"], maps["fused"]
            print(
                f"{name}: max |diff| {float(np.abs(a - b).max()):.1e}, "
                f"pixels across 0.3: {int(((a > 0.3) != (b > 0.3)).sum())}"
            )
        print(f"time fused / original: {secs['fused'] / secs['original']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
