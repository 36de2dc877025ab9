"""Layer quality: round trip, exactness, recognised text and its accuracy, per creative.

``python -m creative_tools.bench.layers FOLDER... [--out DIR]`` runs the default pipeline
and :func:`creative_tools.layers.decompose` on every image of each folder (the ``data/``
layout: ``<stem>.png`` and, when present, ``truth/<stem>/meta.json`` with the text
strings and their line quads) and prints one row per creative and a summary:

* ``psnr``: composite of the layers vs the input (dB; inf when identical);
* ``exact_outside``: the composite equals the input outside the fill mask;
* ``text_layers``, ``read``: text layers, and how many carry a non-empty string;
* ``font_size_median_abs_rel_err``: median of ``|estimate / truth - 1|`` of the text
  items' font sizes (:func:`font_size_errors`);
* ``char_acc`` / ``char_acc_nospace``: ``1 - edit distance / length`` of the truth's
  text lines against the detected lines whose centres fall inside each truth line's
  quad, summed over lines (the second ignores spaces: the recogniser often drops them on
  small text).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from .residual import edit_distance

__all__ = ["levenshtein", "char_accuracy", "font_size_errors", "evaluate_folder", "summarise", "main"]


#: Edit distance (one implementation, shared with the residual-text metric).
levenshtein = edit_distance


def _inside(pt, quad) -> bool:
    import cv2

    return cv2.pointPolygonTest(np.asarray(quad, np.float32).reshape(-1, 1, 2), (float(pt[0]), float(pt[1])), False) >= 0


def char_accuracy(meta: dict, layers: list[dict]) -> dict:
    """Edit distances of the truth's lines against the lines read in the text layers.

    Parameters
    ----------
    meta : dict
        A sample's ``meta.json`` (``texts[].lines[]`` with ``text`` and ``quad_xy``).
    layers : list of dict
        ``layers.json`` records.

    Returns
    -------
    dict with ``chars`` (truth characters), ``errors``, ``errors_nospace``, ``chars_nospace``.
    """
    read = []
    for la in layers:
        if la.get("kind") != "text":
            continue
        for li in la.get("lines", []):
            q = np.asarray(li["quad"], np.float32)
            read.append((q.mean(0), q[:, 0].min(), li.get("text") or ""))
    chars = errs = chars_ns = errs_ns = 0
    for item in meta.get("texts", []):
        for line in item.get("lines", []):
            truth = line["text"]
            quad = np.asarray(line["quad_xy"], np.float32)
            c = quad.mean(0)
            # a little margin: detected quads are unclipped, centres may sit a bit off
            grown = c + (quad - c) * 1.15
            hits = sorted((x0, t) for ctr, x0, t in read if _inside(ctr, grown))
            pred = " ".join(t for _, t in hits)
            chars += len(truth)
            errs += min(levenshtein(pred, truth), len(truth))
            t_ns, p_ns = truth.replace(" ", ""), pred.replace(" ", "")
            chars_ns += len(t_ns)
            errs_ns += min(levenshtein(p_ns, t_ns), len(t_ns))
    return {"chars": chars, "errors": errs, "chars_nospace": chars_ns, "errors_nospace": errs_ns}


def font_size_errors(meta: dict, layers: list[dict]) -> list[float]:
    """Relative errors ``estimate / truth - 1`` of ``font_size_px`` per truth text item.

    Each item (``texts[]`` with ``size_px`` and ``box_xyxy``) is matched to the text layer
    whose box it overlaps most (at least 30% of the layer's box); unmatched items and
    layers without an estimate are left out.
    """
    out = []
    for item in meta.get("texts", []):
        x0, y0, x1, y1 = item["box_xyxy"]
        best, best_ov = None, 0.0
        for la in layers:
            if la.get("kind") != "text" or not la.get("font_size_px"):
                continue
            bx0, by0, bx1, by1 = la["box"]
            inter = max(0, min(x1, bx1) - max(x0, bx0)) * max(0, min(y1, by1) - max(y0, by0))
            ov = inter / max(1, (bx1 - bx0) * (by1 - by0))
            if ov > best_ov:
                best, best_ov = la, ov
        if best is not None and best_ov >= 0.3:
            out.append(round(best["font_size_px"] / item["size_px"] - 1.0, 4))
    return out


def evaluate_folder(folder, *, pipeline=None, reader=None, out=None, log=None) -> list[dict]:
    """One row per image of ``folder`` (see the module docstring)."""
    import creative_tools as ct
    from creative_tools.io import list_images
    from creative_tools.layers import decompose, make_reader, psnr

    folder = Path(folder)
    pipeline = pipeline or ct.Pipeline()
    reader = make_reader(reader or "ppocr")
    rows = []
    for path in list_images([folder]):
        image = ct.load_image(path)
        res = pipeline.run(image)
        t0 = time.perf_counter()
        stack = decompose(res, recognizer=reader)
        dt = time.perf_counter() - t0
        comp = stack.composite()
        rec = stack.record()
        texts = stack.of_kind("text")
        row = {"set": folder.name, "stem": path.stem, "layers": len(stack), "psnr": round(psnr(comp, image), 2),
               "exact_outside": bool((comp[~res.mask] == image[~res.mask]).all()),
               "text_layers": len(texts), "read": sum(bool(la.attrs.get("text")) for la in texts),
               "seconds": round(dt, 2)}
        meta_path = folder / "truth" / path.stem / "meta.json"
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text())
            row.update(char_accuracy(meta, rec["layers"]))
            row["font_size_rel_err"] = font_size_errors(meta, rec["layers"])
        if out is not None:
            stack.save(Path(out) / folder.name / path.stem)
        rows.append(row)
        if log:
            log(json.dumps(row))
    return rows


def summarise(rows: list[dict]) -> dict:
    """Totals over rows: min PSNR, all exact, share of text layers read, character accuracy."""
    tl = sum(r["text_layers"] for r in rows)
    s = {"creatives": len(rows), "min_psnr": min((r["psnr"] for r in rows), default=None),
         "all_exact_outside": all(r["exact_outside"] for r in rows),
         "text_layers": tl, "read_share": round(sum(r["read"] for r in rows) / tl, 4) if tl else None}
    ch = sum(r.get("chars", 0) for r in rows)
    if ch:
        s["char_acc"] = round(1 - sum(r["errors"] for r in rows) / ch, 4)
        s["char_acc_nospace"] = round(1 - sum(r["errors_nospace"] for r in rows)
                                      / sum(r["chars_nospace"] for r in rows), 4)
    fs = [abs(e) for r in rows for e in r.get("font_size_rel_err", [])]
    if fs:
        s["font_size_median_abs_rel_err"] = round(float(np.median(fs)), 4)
    return s


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m creative_tools.bench.layers", description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, help="also save each stack here (OUT/<set>/<stem>/)")
    ap.add_argument("--json", type=Path, help="write rows and summaries here")
    args = ap.parse_args(argv)
    import creative_tools as ct

    pipe = ct.Pipeline()
    report = {}
    for f in args.folders:
        rows = evaluate_folder(f, pipeline=pipe, out=args.out, log=lambda s: print(s, file=sys.stderr, flush=True))
        report[str(f)] = {"rows": rows, "summary": summarise(rows)}
        print(f"{f}: {json.dumps(report[str(f)]['summary'])}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
