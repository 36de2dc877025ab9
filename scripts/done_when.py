#!/usr/bin/env python
"""Every "Done when" figure of issues 8 and 9 in one table (tune / held-out / fresh / public).

    nice -n 10 python scripts/done_when.py --out out/done_when            # everything but speed
    python scripts/done_when.py --sets tune public --issues 8             # a part
    python scripts/done_when.py --speed                                   # + bench speed --typical

Columns: ``tune`` and ``heldout`` = the splits of ``scripts/samples_hard.py`` and of
``creative_tools.bench.artifacts`` (looked at while tuning); ``fresh`` =
``scripts/samples_fresh.py`` (reserved: nobody tunes on it); ``public`` = ``data/``, ICDAR
2015, the VOC photos and the real ads (self-check) from the shared folder. The synthetic
sets are written under ``--out`` (regenerated when their generator's source changes).
Issue 8's tune and heldout columns also score the same half of ``textcheck2``
(``scripts/samples_textcheck2.py``: text drawn by a third hand, 24 creatives per half; rows
labelled ``textcheck2``; ``--no-textcheck2`` skips it, as do missing fonts), and the same half of
``textcheck3`` (``scripts/samples_textcheck3.py``: ad text styles no other generator draws, by
a third hand, 24 creatives per half; rows labelled ``textcheck3``; ``--no-textcheck3`` skips it).
Issue 8 runs the default CLI pipeline (``Pipeline()``), issue 9 the same with ``objects="auto"``
(``--text-options`` adds options of the text backend to both, ``--inpaint-options`` those of the fill).
The PSNR "before" is the issue's
commit (``--before-commit``, default d424cf8), exported with ``git archive`` under ``--out`` and run
on the same images; both are scored by this checkout's metric code. The metrics:
``creative_tools/bench/scoreboard.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from creative_tools.bench import scoreboard as SB  # noqa: E402

SETS = ("tune", "heldout", "fresh", "public")
NO_ARTIFACT_FAMILIES = ("negative_animal", "negative_surfaces", "negative_patterns")


def _log(quiet):
    return None if quiet else (lambda s: print(s, file=sys.stderr, flush=True))


def _fingerprint(*files) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()[:16]


def ensure_set(name: str, folder: Path, log) -> Path:
    """Write a synthetic set unless ``folder`` holds it from the same generator source."""
    gens = [ROOT / "scripts" / "samples_hard.py", ROOT / "scripts" / "make_samples.py"]
    if name == "fresh":
        gens.append(ROOT / "scripts" / "samples_fresh.py")
    stamp = folder / ".generator"
    fp = _fingerprint(*gens)
    if stamp.is_file() and stamp.read_text().strip() == fp and (folder / "index.json").is_file():
        return folder
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    if log:
        log(f"writing the {name} set into {folder}")
    if name == "fresh":
        import samples_fresh

        if not (samples_fresh.have_fonts() and samples_fresh.have_cjk()):
            # without them the text families come out empty and the artifacts cannot be drawn:
            # a scoreboard on that set would look complete and be wrong
            raise SystemExit("done_when: the fresh set needs the URW base35, Liberation and Noto CJK faces: "
                             "apt-get install fonts-urw-base35 fonts-liberation fonts-noto-cjk")
        samples_fresh.write_fresh_set(folder)
    else:
        import samples_hard

        samples_hard.write_hard_set(folder, splits=(name,))
    stamp.write_text(fp + "\n")
    return folder


def _ensure_text_set(name: str, packages: str, split: str, folder: Path, log, *sources: str) -> Path | None:
    """Write text set ``name``'s ``split`` half (``scripts/samples_<name>.py``) unless it is there.

    It is drawn again when its generator (or ``sources``, other scripts it loads) changed; None (and a
    message naming the Debian ``packages``) when its fonts are missing: the row is left out, not faked.
    """
    import importlib

    gen = importlib.import_module(f"samples_{name}")
    stamp = folder / ".generator"
    fp = _fingerprint(*(ROOT / "scripts" / f for f in (f"samples_{name}.py", *sources)))
    if stamp.is_file() and stamp.read_text().strip() == fp and (folder / "index.json").is_file():
        return folder
    if not gen.fonts_ok():
        print(f"{name}: skipped (needs {packages})", file=sys.stderr)
        return None
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    if log:
        log(f"writing {name}'s {split} half into {folder}")
    gen.main(["--out", str(folder), "--split", split])
    stamp.write_text(fp + "\n")
    return folder


def ensure_textcheck2(split: str, folder: Path, log) -> Path | None:
    """``textcheck2``'s ``split`` half (a text set drawn by a third hand): :func:`_ensure_text_set`."""
    return _ensure_text_set("textcheck2", "fonts-urw-base35 fonts-liberation fonts-noto-cjk", split, folder, log)


def ensure_textcheck3(split: str, folder: Path, log) -> Path | None:
    """``textcheck3``'s ``split`` half (ad text styles no other set draws): :func:`_ensure_text_set`."""
    return _ensure_text_set("textcheck3", "fonts-urw-base35 fonts-liberation fonts-dejavu fonts-noto-cjk",
                            split, folder, log, "make_samples.py")


TEXT_SETS = {"textcheck2": ensure_textcheck2, "textcheck3": ensure_textcheck3}


def _subset(ds, args):
    """``--only`` / ``--every`` applied to a synthetic set (its names sorted by family)."""
    if not (args.only or args.every > 1):
        return ds
    from creative_tools.bench.datasets import Dataset

    keys = [k for k in ds.keys if not args.only or any(o in k for o in args.only)][:: args.every]
    return Dataset(ds.name, ds.root, keys, ds._reader, ds.tasks)


def _kept(ds, what: str, column: str) -> bool:
    """Whether ``--only`` / ``--every`` left any creatives of ``what``; if none, say so (its rows are left out)."""
    if len(ds):
        return True
    print(f"{what}: skipped on {column} (--only / --every left no creatives; its rows are left out)",
          file=sys.stderr)
    return False


def artifact_set(name: str, n: int):
    if name == "fresh":
        import samples_fresh

        return samples_fresh.fresh_artifacts(n)
    from creative_tools.bench.artifacts import make_set

    return make_set("tuned" if name == "tune" else "heldout", n)


def before_checkout(out: Path, commit: str, log) -> Path:
    """``git archive`` of ``commit`` under ``out`` (once)."""
    dest = out / f"before-{commit}"
    if (dest / "creative_tools" / "pipeline.py").is_file():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    if log:
        log(f"exporting {commit} into {dest}")
    arch = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=arch, check=True)
    return dest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS), help="columns to measure (default all)")
    ap.add_argument("--issues", nargs="+", type=int, choices=(8, 9), default=[8, 9])
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "done_when", help="sets, outputs and the table")
    ap.add_argument("--artifacts", type=int, default=24, help="artifact creatives per split (default 24)")
    ap.add_argument("--limit", type=int, help="at most N images per set (quick checks; not the scoreboard)")
    ap.add_argument("--only", nargs="+", metavar="PART", help="only creatives whose name contains one of these "
                    "(e.g. _text_ or _person_ _negative_: run parts side by side, join with --table-from)")
    ap.add_argument("--every", type=int, default=1, help="every K-th creative of each synthetic set (a sample "
                    "spread over the families, which are sorted by name; default 1 = all)")
    ap.add_argument("--no-textcheck2", dest="textcheck2", action="store_false",
                    help="issue 8 tune / heldout: skip textcheck2's half (scripts/samples_textcheck2.py)")
    ap.add_argument("--no-textcheck3", dest="textcheck3", action="store_false",
                    help="issue 8 tune / heldout: skip textcheck3's half (scripts/samples_textcheck3.py)")
    ap.add_argument("--before-commit", default="d424cf8", help="the issue's 'before' commit for PSNR")
    ap.add_argument("--no-before", dest="before", action="store_false", help="skip the before PSNR")
    ap.add_argument("--before-python", help="the Python that runs the before commit (default this one; that "
                    "commit's person backend imports mediapipe 0.10.14, e.g. a venv with "
                    "'pip install --no-deps mediapipe==0.10.14' beside its requirements)")
    ap.add_argument("--text-options", type=json.loads, metavar="JSON", help="extra options of the text backend "
                    "for issues 8 and 9's pipelines, e.g. '{\"ground\": false}' (the glyph model off; "
                    "default none: the default CLI)")
    ap.add_argument("--inpaint-options", type=json.loads, metavar="JSON", help="extra options of the inpaint "
                    "backend, as --text-options (e.g. '{\"budget\": 2048}')")
    ap.add_argument("--speed", action="store_true", help="also bench speed --typical (24 creatives; slow)")
    ap.add_argument("--shared", type=Path, help="shared folder (default $CREATIVE_TOOLS_SHARED or ../shared)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--table-from", type=Path, nargs="+", metavar="JSON",
                    help="only print the table of earlier runs' done_when.json (parts run side by side, e.g. "
                         "--issues 8 and --issues 9, are joined; with --columns)")
    ap.add_argument("--columns", nargs="+", choices=SETS, help="with --table-from: the columns to show "
                    "(e.g. without the reserved fresh one)")
    args = ap.parse_args(argv)
    if args.text_options is not None and not isinstance(args.text_options, dict):
        raise SystemExit(f"--text-options must be a JSON object, got {args.text_options!r}")
    topts = {"text_options": args.text_options} if args.text_options else {}
    if args.inpaint_options is not None and not isinstance(args.inpaint_options, dict):
        raise SystemExit(f"--inpaint-options must be a JSON object, got {args.inpaint_options!r}")
    if args.inpaint_options:
        topts["inpaint_options"] = args.inpaint_options
    if args.table_from:
        results: dict = {}
        for f in args.table_from:
            run = json.loads(f.read_text())
            for c, parts in run["results"].items():
                results.setdefault(c, []).extend(parts)
            print(f"command: {run['command']}\n  times (s): "
                  + ", ".join(f"{k} {v:.0f}" for k, v in run["timings"].items()))
        cols = [c for c in (args.columns or SETS) if c in results]
        print()
        print(SB.format_table(SB.criteria(results, cols), cols))
        return 0
    log = _log(args.quiet)
    t_start = time.perf_counter()

    from creative_tools.bench.datasets import creatives, icdar15, shared_dir, voc_person
    from creative_tools.bench.objects import _artifact_rows, _no_artifact_images
    from creative_tools.bench.report import machine
    from creative_tools.bench.residual import default_readers
    from creative_tools.errors import CreativeToolsError
    from creative_tools.pipeline import Pipeline

    shared = shared_dir(args.shared)
    pipe = Pipeline(**topts)
    readers = default_readers() if 8 in args.issues else None
    columns = [s for s in SETS if s in args.sets]
    results: dict = {c: [] for c in columns}
    records: dict = {}
    timings: dict = {}
    lim = (lambda ds: ds.limit(args.limit)) if args.limit else (lambda ds: ds)

    folders = {}
    for c in columns:
        if c == "public":
            folders[c] = ROOT / "data"
        else:
            folders[c] = ensure_set(c, args.out / "sets" / c, log)

    before_dir = None
    if 8 in args.issues and args.before:
        t0 = time.perf_counter()
        try:
            ck = before_checkout(args.out, args.before_commit, log)
            before_dir = args.out / "before_backgrounds"
            if log:
                log(f"rendering backgrounds with {args.before_commit} (slow: the whole old pipeline per image)")
            SB.render_before(ck, [folders[c] for c in columns], before_dir, limit=args.limit,
                             python=args.before_python)
        except (subprocess.CalledProcessError, RuntimeError) as e:
            print(f"before: skipped ({e})", file=sys.stderr)
            before_dir = None
        timings["before"] = time.perf_counter() - t0

    for c in columns:
        t0 = time.perf_counter()
        label = "data" if c == "public" else ""
        ds = lim(creatives(folders[c], name=c if c != "public" else "data"))
        if c != "public":
            ds = _subset(ds, args)
            if 8 in args.issues:
                _kept(ds, "the hard set", c)
        if 8 in args.issues:
            if log:
                log(f"{c}: default CLI on {len(ds)} creatives")
            recs = SB.score_creatives(ds, pipe, readers=readers, log=log)
            records[c] = recs
            figs = SB.summarise(recs)
            if before_dir is not None:
                b, n = SB.before_psnr(ds, before_dir / folders[c].name)
                figs["psnr_before"] = (b, n, "")
                if "psnr_now" in figs:
                    figs["psnr_gain"] = (figs["psnr_now"][0] - b, n, "")
            # the synthetic sets' residual is the "synthetic ads" goal; data/ is synthetic too
            results[c].append((label, figs))
            for tname, ensure in TEXT_SETS.items():
                folder = ensure(c, args.out / "sets" / f"{tname}_{c}", log) \
                    if c in ("tune", "heldout") and getattr(args, tname) else None
                if folder is None:
                    continue
                dst = _subset(lim(creatives(folder, name=f"{tname}_{c}")), args)
                if not _kept(dst, tname, c):
                    continue
                if log:
                    log(f"{c}: default CLI on {len(dst)} {tname} creatives")
                recs_t = SB.score_creatives(dst, pipe, readers=readers, log=log)
                records[f"{tname}_{c}"] = recs_t
                results[c].append((tname, SB.summarise(recs_t)))
        if 9 in args.issues:
            obj = Pipeline(objects="auto", **topts)
            n = args.artifacts if not args.limit else min(args.artifacts, args.limit)
            figs9 = {}
            if c != "public":
                if log:
                    log(f"{c}: --objects auto on {n} artifact creatives")
                res = _artifact_rows(artifact_set(c, n), obj, clicks=True, log=log)
                figs9 = {k: (v, cnt, "") for k, (v, cnt) in res.items()
                         if k in ("artifacts_removed_90", "artifact_px_removed", "fill_precision", "click_iou",
                                  "click_seconds")}
                if "fill_precision_strict" in res:  # the issue's words allow no dilation: show both
                    v, cnt = figs9["fill_precision"][:2]
                    figs9["fill_precision"] = (v, cnt, f"strict {res['fill_precision_strict'][0]:.3f}")
                results[c].append(("artifacts", figs9))
                negs = [(s.name, s.image, None) for s in ds if s.meta.get("family") in NO_ARTIFACT_FAMILIES]
                results[c].append(("animal/surface/pattern negatives", SB.score_no_artifacts(negs, obj, log=log)))
            else:
                items = list(_no_artifact_images(args.shared, ROOT / "data"))
                if args.limit:
                    items = items[: args.limit]
                results[c].append(("VOC+ICDAR+data", SB.score_no_artifacts(items, obj, log=log)))
        if c == "public" and 8 in args.issues:
            try:
                results[c].append(("ICDAR 2015", SB.score_icdar(lim(icdar15(shared=shared)), pipe, readers, log=log)))
            except CreativeToolsError as e:
                print(f"icdar15: skipped ({e})", file=sys.stderr)
            try:
                results[c].append(("VOC", SB.score_voc(lim(voc_person(shared=shared)), pipe, log=log)))
            except CreativeToolsError as e:
                print(f"voc: skipped ({e})", file=sys.stderr)
            ads = sorted((shared / "eval" / "ads_nogt").glob("*.jpg"))[: args.limit or None]
            if ads:
                checker = Pipeline(person=None, text="ppocr", text_options={"model": "ppocrv6_small"})
                try:
                    results[c].append(("real ads", SB.score_ads(ads, pipe, readers, checker, log=log)))
                except CreativeToolsError as e:
                    print(f"ads: skipped ({e})", file=sys.stderr)
            else:
                print(f"ads: skipped (no {shared / 'eval' / 'ads_nogt'})", file=sys.stderr)
        timings[c] = time.perf_counter() - t0

    if args.speed:
        from creative_tools.bench.speed import run_typical
        from creative_tools.bench.typical import typical_creatives

        t0 = time.perf_counter()
        _, summary = run_typical(typical_creatives(n=24, shared=args.shared), pipeline=Pipeline(**topts), log=log)
        results.setdefault("public", []).append(("24 typical", {"speed_ratio": (summary["ratio_total"], 24, "")}))
        if "public" not in columns:
            columns.append("public")
        timings["speed"] = time.perf_counter() - t0

    rows = SB.criteria(results, columns)
    m = machine()
    cmd = "python scripts/done_when.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    head = (f"command: {cmd}\nmachine: " + ", ".join(f"{k}={m.get(k)}" for k in ("cpu", "cpu_count", "load_avg_1min", "commit")
                                                      if m.get(k) is not None)
            + "\ntimes (s): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items())
            + f", total {time.perf_counter() - t_start:.0f}\n")
    table = SB.format_table(rows, columns)
    print(head)
    print(table)
    SB.write_json(args.out / "done_when.json", {"command": cmd, "machine": m, "timings": timings, "rows": rows,
                                                "results": results, "records": records})
    (args.out / "done_when.md").write_text(head + "\n" + table + "\n")
    print(f"\nwrote {args.out / 'done_when.md'}, {args.out / 'done_when.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
