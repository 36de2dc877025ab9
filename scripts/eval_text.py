"""Measure a text backend: ICDAR 2015 sample, synthetic creatives in data/, speed.

Usage::

    .venv/bin/python scripts/eval_text.py [--backend ppocr] [--loose] [--icdar DIR]
        [--data DIR] [--speed] [--limit N] [--opt key=value ...]

ICDAR (``../shared/eval/text_icdar15``):

* coverage = |mask AND G| / |G|, G = union of the filled non-``###`` GT quads;
* inside = |mask AND D| / |mask|, D = union of all GT quads (``###`` included), each
  dilated by ``r = max(3, round(0.3 * short side))`` px;
* word detection precision / recall / F (one-to-one, polygon IoU >= 0.5, ``###``
  regions are don't-care: detections matching them, or lying mostly inside them, are
  not counted).

data/ (``data/*.png`` + ``data/truth/<stem>/text_mask.png``): glyph recall
``|mask AND T| / |T|`` and precision ``|mask AND T| / |mask|`` (pooled over pixels and
per image means).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools import registry  # noqa: E402
from creative_tools.text.glyphs import text_mask  # noqa: E402


def read_rgb(path: Path) -> np.ndarray:
    im = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if im is None:
        raise SystemExit(f"cannot read {path}")
    return np.ascontiguousarray(im[..., ::-1])


def read_icdar_gt(path: Path):
    """List of ((4, 2) float32 quad, is_dont_care)."""
    out = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.strip().split(",")
        if len(parts) < 9:
            continue
        quad = np.array([float(v) for v in parts[:8]], np.float32).reshape(4, 2)
        text = ",".join(parts[8:])
        out.append((quad, text == "###"))
    return out


def _short_side(quad: np.ndarray) -> float:
    return float(min(cv2.minAreaRect(quad.reshape(-1, 1, 2).astype(np.float32))[1]))


def poly_iou(a: np.ndarray, b: np.ndarray) -> float:
    """IoU of two polygons, by rasterising them on a 4x grid around both."""
    pts = np.concatenate([a, b])
    x0, y0 = np.floor(pts.min(0)) - 1
    x1, y1 = np.ceil(pts.max(0)) + 1
    s = 4.0
    w, h = int((x1 - x0) * s) + 1, int((y1 - y0) * s) + 1
    ma = np.zeros((h, w), np.uint8)
    mb = np.zeros((h, w), np.uint8)
    cv2.fillPoly(ma, [np.round((a - [x0, y0]) * s).astype(np.int32)], 1)
    cv2.fillPoly(mb, [np.round((b - [x0, y0]) * s).astype(np.int32)], 1)
    inter = np.count_nonzero(ma & mb)
    union = np.count_nonzero(ma | mb)
    return inter / union if union else 0.0


def _poly_area(p: np.ndarray) -> float:
    return abs(float(cv2.contourArea(p.astype(np.float32))))


def match_words(dets, gts):
    """ICDAR 2015 one-to-one matching; returns (true positives, n_det counted, n_gt counted)."""
    care = [g for g, dc in gts if not dc]
    dont = [g for g, dc in gts if dc]
    # detections mostly inside a don't-care region are ignored (ICDAR 2015 rule: > 0.5)
    kept = []
    for d in dets:
        area = _poly_area(d)
        ignored = False
        for g in dont:
            pts = np.concatenate([d, g])
            x0, y0 = np.floor(pts.min(0)) - 1
            x1, y1 = np.ceil(pts.max(0)) + 1
            w, h = int(x1 - x0) + 1, int(y1 - y0) + 1
            md = np.zeros((h, w), np.uint8)
            mg = np.zeros((h, w), np.uint8)
            cv2.fillPoly(md, [np.round(d - [x0, y0]).astype(np.int32)], 1)
            cv2.fillPoly(mg, [np.round(g - [x0, y0]).astype(np.int32)], 1)
            inter = np.count_nonzero(md & mg)
            if area > 0 and inter / max(1, np.count_nonzero(md)) > 0.5:
                ignored = True
                break
        if not ignored:
            kept.append(d)
    if not kept or not care:
        return 0, len(kept), len(care)
    iou = np.array([[poly_iou(d, g) for g in care] for d in kept])
    tp, used_d, used_g = 0, set(), set()
    for di, gi in sorted(np.argwhere(iou >= 0.5).tolist(), key=lambda ij: -iou[ij[0], ij[1]]):
        if di in used_d or gi in used_g:
            continue
        used_d.add(di)
        used_g.add(gi)
        tp += 1
    return tp, len(kept), len(care)


def eval_icdar(det, icdar: Path, tight: bool, limit: int | None):
    rows = []
    tp = nd = ng = 0
    cov_num = cov_den = in_num = in_den = 0
    files = sorted(icdar.glob("img_*.jpg"), key=lambda p: int(p.stem.split("_")[1]))[:limit]
    for path in files:
        im = read_rgb(path)
        H, W = im.shape[:2]
        gts = read_icdar_gt(icdar / f"gt_{path.stem}.txt")
        prob, polys, scores = det._detect([im])[0]
        mask = text_mask(im, polys, prob=prob, tight=tight)
        G = np.zeros((H, W), np.uint8)
        D = np.zeros((H, W), np.uint8)
        for q, dc in gts:
            qi = [np.round(q).astype(np.int32)]
            if not dc:
                cv2.fillPoly(G, qi, 1)
            one = np.zeros((H, W), np.uint8)
            cv2.fillPoly(one, qi, 1)
            r = max(3, int(round(0.3 * _short_side(q))))
            one = cv2.dilate(one, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
            D |= one
        G, D = G.astype(bool), D.astype(bool)
        c_n, c_d = np.count_nonzero(mask & G), np.count_nonzero(G)
        i_n, i_d = np.count_nonzero(mask & D), np.count_nonzero(mask)
        cov_num += c_n; cov_den += c_d; in_num += i_n; in_den += i_d
        t, a, b = match_words(polys, gts)
        tp += t; nd += a; ng += b
        rows.append((path.name, len(polys), c_n / max(c_d, 1), i_n / max(i_d, 1), t, a, b))
    print(f"ICDAR15 sample ({len(files)} images, tight={tight})")
    print(f"  {'image':<12} {'dets':>4} {'cover':>6} {'inside':>6}  tp/det/gt")
    for name, n, c, i, t, a, b in rows:
        print(f"  {name:<12} {n:>4} {c:6.3f} {i:6.3f}  {t}/{a}/{b}")
    P = tp / nd if nd else 0.0
    R = tp / ng if ng else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    print(f"  coverage (pooled) {cov_num / max(cov_den, 1):.3f}   inside (pooled) {in_num / max(in_den, 1):.3f}")
    print(f"  coverage (mean)   {np.mean([r[2] for r in rows]):.3f}   inside (mean)   {np.mean([r[3] for r in rows]):.3f}")
    print(f"  words: precision {P:.3f} recall {R:.3f} F {F:.3f}  (tp {tp}, det {nd}, gt {ng})")
    return dict(coverage=cov_num / max(cov_den, 1), inside=in_num / max(in_den, 1), P=P, R=R, F=F)


def eval_data(det, data: Path, tight: bool, limit: int | None):
    pairs = []
    for p in sorted(data.glob("*.png")):
        t = data / "truth" / p.stem / "text_mask.png"
        if t.is_file():
            pairs.append((p, t))
    pairs = pairs[:limit]
    if not pairs:
        print(f"data: no images with truth/<stem>/text_mask.png in {data}")
        return None
    tp = nm = nt = 0
    rec, prec = [], []
    print(f"data/ ({len(pairs)} images, tight={tight})")
    for p, t in pairs:
        im = read_rgb(p)
        T = cv2.imread(str(t), cv2.IMREAD_GRAYSCALE)
        if T is None or T.shape != im.shape[:2]:
            print(f"  {p.name}: truth unreadable or wrong size, skipped")
            continue
        T = T > 127
        prob, polys, scores = det._detect([im])[0]
        mask = text_mask(im, polys, prob=prob, tight=tight)
        a, m, g = np.count_nonzero(mask & T), np.count_nonzero(mask), np.count_nonzero(T)
        tp += a; nm += m; nt += g
        r = a / g if g else float("nan")
        pr = a / m if m else float("nan")
        rec.append(r); prec.append(pr)
        print(f"  {p.name:<28} {im.shape[1]}x{im.shape[0]} dets {len(polys):3d} "
              f"glyph recall {r:.3f} precision {pr:.3f}")
    print(f"  pooled: glyph recall {tp / max(nt, 1):.3f} precision {tp / max(nm, 1):.3f}; "
          f"mean: recall {np.nanmean(rec):.3f} precision {np.nanmean(prec):.3f}")
    return dict(recall=tp / max(nt, 1), precision=tp / max(nm, 1))


def eval_speed(det, tight: bool, icdar: Path | None, repeats: int = 3):
    if icdar is not None and (icdar / "img_1.jpg").is_file():
        im = cv2.resize(read_rgb(icdar / "img_1.jpg"), (1024, 1024), interpolation=cv2.INTER_AREA)
    else:
        im = np.full((1024, 1024, 3), 230, np.uint8)
        cv2.putText(im, "SALE 50% OFF", (80, 500), cv2.FONT_HERSHEY_DUPLEX, 3, (20, 20, 20), 6)
    det._detect([im])
    td, tm = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        prob, polys, _ = det._detect([im])[0]
        t1 = time.perf_counter()
        text_mask(im, polys, prob=prob, tight=tight)
        t2 = time.perf_counter()
        td.append(t1 - t0); tm.append(t2 - t1)
    print(f"speed 1024x1024 ({len(polys)} polygons): detect {1000 * min(td):.0f} ms, "
          f"mask {1000 * min(tm):.1f} ms (best of {repeats})")
    # big creative and long banner: small words spread along them, glyph recall reported
    for H, W in [(4000, 3000), (250, 3000)]:
        big = np.full((H, W, 3), (30, 60, 140), np.uint8)
        layer = np.zeros((H, W), np.uint8)
        scale = 0.6 if H < 1000 else 2.0
        for y in range(H // 2, H, max(H // 4, 1)) if H >= 1000 else [H // 2 + 10]:
            for x in range(40, W - 400, 480):
                cv2.putText(layer, "Shop 20%", (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale,
                            255, 1 if H < 1000 else 4, cv2.LINE_AA)
        big[layer > 127] = 255
        t0 = time.perf_counter()
        prob, polys, _ = det._detect([big])[0]
        t1 = time.perf_counter()
        m = text_mask(big, polys, prob=prob, tight=tight)
        t2 = time.perf_counter()
        T = layer > 127
        print(f"  {W}x{H} synthetic: detect {1000 * (t1 - t0):.0f} ms, mask {1000 * (t2 - t1):.0f} ms, "
              f"{len(polys)} polygons, glyph recall {np.count_nonzero(m & T) / np.count_nonzero(T):.3f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="ppocr")
    ap.add_argument("--loose", action="store_true", help="filled polygons instead of glyph masks")
    ap.add_argument("--icdar", type=Path, default=ROOT.parent / "shared" / "eval" / "text_icdar15")
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--skip-icdar", action="store_true")
    ap.add_argument("--skip-data", action="store_true")
    ap.add_argument("--opt", nargs="*", default=[], help="backend options key=value")
    args = ap.parse_args(argv)
    opts = {}
    for kv in args.opt:
        k, v = kv.split("=", 1)
        try:
            v = float(v) if "." in v else int(v)
        except ValueError:
            pass
        opts[k] = v
    det = registry.load("text", args.backend, **opts)
    tight = not args.loose
    if not args.skip_icdar and args.icdar.is_dir():
        eval_icdar(det, args.icdar, tight, args.limit)
    if not args.skip_data and args.data.is_dir():
        eval_data(det, args.data, tight, args.limit)
    if args.speed:
        eval_speed(det, tight, args.icdar if args.icdar.is_dir() else None)


if __name__ == "__main__":
    main()
