"""The batch report: run a folder of creatives and write a self-contained HTML page.

:func:`build_report` runs the pipeline over the inputs once (a progress bar per
creative), then executes ``notebooks/05_batch_report.ipynb`` with papermill, which reads
that batch's ``manifest.csv`` and outputs (:func:`load_batch`; no model is loaded) and
lays them out: per creative a before/after slider and the masks, every picture one click
from full resolution (a lightbox), a sortable table, and distributions from
:data:`MIN_FOR_DISTRIBUTIONS` creatives on. nbconvert turns it into one HTML file: images
embedded (or linked, ``embed=False``, for big batches), code cells hidden. A creative
that fails appears in the report with its reason; it does not stop the report.

The helpers below (:func:`load_batch`, :func:`table_html`, :func:`gallery_html`,
:func:`distributions_figure`, :func:`summary_markdown`, :data:`PAGE_ASSETS`) are what the
notebook calls, so the notebook holds no logic.
:func:`project_root` and :func:`resolve_path` let the notebooks find ``data/`` whether
papermill runs them from the repo root or from ``notebooks/``.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from .errors import CreativeToolsError

__all__ = ["NOTEBOOKS", "project_root", "notebooks_dir", "notebook_path", "resolve_path",
           "first_image", "collect", "load_batch", "table_html", "gallery_html", "distributions_figure",
           "summary_markdown", "PAGE_ASSETS", "MIN_FOR_DISTRIBUTIONS", "notebook_to_html", "build_report"]

#: The notebooks shipped in ``notebooks/`` (stem -> what it teaches).
NOTEBOOKS = {
    "01_person_segmentation": "person probability map, threshold, dilation",
    "02_text_masking": "text polygons, glyph-tight text mask, dilation",
    "03_mask_merging": "union of person and text masks, closing, small components",
    "04_inpainting": "fill the mask, before/after",
    "05_batch_report": "a folder of creatives -> gallery, table, distributions",
}

_REPORT_NOTEBOOK = "05_batch_report"


def _is_root(d: Path) -> bool:
    return (d / "notebooks").is_dir() and (d / "creative_tools").is_dir()


def project_root(start=None) -> Path:
    """The repository root: the first folder holding ``notebooks/`` and ``creative_tools/``.

    Searched upwards from ``start`` (default: the current directory), then from this
    package's parent folder (an editable or in-repo install).

    Raises
    ------
    CreativeToolsError
        When neither search finds it (e.g. the package was installed from a wheel);
        the message names both places searched.
    """
    here = Path(start if start is not None else os.getcwd()).resolve()
    for d in (here, *here.parents):
        if _is_root(d):
            return d
    pkg_parent = Path(__file__).resolve().parent.parent
    if _is_root(pkg_parent):
        return pkg_parent
    raise CreativeToolsError(
        f"cannot find the creative_tools repository (a folder with notebooks/ and creative_tools/): "
        f"searched {here} and its parents, and the package's parent {pkg_parent}. The notebooks "
        "ship with the source tree: install with `pip install -e <repo>` or run from the repo")


def notebooks_dir() -> Path:
    """``<repo>/notebooks`` (see :func:`project_root`)."""
    return project_root(Path(__file__).resolve().parent) / "notebooks"


def notebook_path(stem: str) -> Path:
    """Path of the notebook ``stem`` (e.g. ``"05_batch_report"``).

    Raises
    ------
    CreativeToolsError
        For a name not in :data:`NOTEBOOKS` or a file that is missing.
    """
    if stem not in NOTEBOOKS:
        raise CreativeToolsError(f"unknown notebook {stem!r}; available: {sorted(NOTEBOOKS)}")
    p = notebooks_dir() / f"{stem}.ipynb"
    if not p.is_file():
        raise CreativeToolsError(f"notebook {p} is missing from the source tree")
    return p


def resolve_path(path, *, must_exist: bool = False) -> Path:
    """Resolve a notebook parameter path.

    Absolute paths are kept. A relative path is taken from the current directory when
    it exists there, else from the repository root (so ``data/x.png`` works whether
    papermill runs in the repo root or in ``notebooks/``).

    Raises
    ------
    CreativeToolsError
        With ``must_exist``, when neither place has it (the message names both).
    """
    p = Path(os.path.expanduser(str(path)))
    if p.is_absolute():
        if must_exist and not p.exists():
            raise CreativeToolsError(f"{p}: no such file or folder")
        return p
    if p.exists():
        return p.resolve()
    try:
        root = project_root()
    except CreativeToolsError:
        root = None
    if root is not None and (root / p).exists():
        return root / p
    if must_exist:
        raise CreativeToolsError(f"{path}: not found in {Path.cwd()} nor in the repo root {root}")
    # Outputs: relative to the repo root when there is one, so runs from any cwd agree.
    return (root / p) if root is not None else p.resolve()


def first_image(path) -> Path:
    """``path`` itself if it is a file, else the first image (sorted by name) in the folder.

    Raises
    ------
    CreativeToolsError
        If ``path`` does not exist or the folder holds no image.
    """
    from .io import list_images

    p = resolve_path(path, must_exist=True)
    if p.is_file():
        return p
    files = list_images([p])
    if not files:
        raise CreativeToolsError(f"{p}: no image files in this folder")
    return files[0]


# -- the report's content -----------------------------------------------------------------------
def _read_json(p: Path) -> dict | None:
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


_OK = ("ok", "warning")  # statuses that have outputs to show


def _row(input_path: str, status: str, reason: str, output_dir: str, summary: Mapping | None) -> dict:
    summary = summary or {}
    row = {"name": Path(input_path).name, "input": input_path, "status": status,
           "reason": reason if status != "ok" else "", "output_dir": output_dir,
           "height": None, "width": None, "people": None, "person_pct": None, "text_pct": None,
           "mask_pct": None, "objects_pct": None, "text_boxes": None, "seconds": None, "timings": {},
           "backends": dict(summary.get("backends") or {})}
    if status in _OK and summary:
        a = summary["area"]
        t = summary.get("timings_s", {})
        row.update(height=summary["size"]["height"], width=summary["size"]["width"],
                   people=a["person"]["components"], person_pct=100 * a["person"]["fraction"],
                   text_pct=100 * a["text"]["fraction"], mask_pct=100 * a["mask"]["fraction"],
                   objects_pct=(100 * a["objects"]["fraction"]
                                if (summary.get("backends") or {}).get("objects") and "objects" in a else None),
                   text_boxes=len(summary.get("text_polygons", [])), seconds=t.get("wall", t.get("total")),
                   timings=t)
    return row


def collect(outcomes: Sequence) -> list[dict]:
    """One flat record per creative from :func:`creative_tools.batch.run_files` outcomes.

    Creatives skipped because they were already done are read back from their
    ``result.json``, so a report over a resumed run is complete.

    Returns
    -------
    list of dict
        Keys: ``name``, ``input``, ``status`` (``ok`` / ``warning`` / ``error``),
        ``reason``, ``output_dir``, ``height``, ``width``, ``people`` (separate person
        regions: people who touch count as one), ``person_pct``, ``text_pct``,
        ``mask_pct``, ``objects_pct`` (percent of the image; ``objects_pct`` None when
        the objects source was off), ``text_boxes``, ``seconds`` (total per image),
        ``timings`` (per stage) and ``backends``.
    """
    rows = []
    for o in outcomes:
        summary, status = o.summary or {}, o.status
        if status == "skipped":
            summary = _read_json(Path(o.output_dir) / "result.json") or {}
            status = "ok" if summary else "error"
        rows.append(_row(o.input, status, o.reason or "", o.output_dir, summary))
    return rows


def load_batch(batch_dir) -> list[dict]:
    """The records of :func:`collect`, read from a finished batch folder: no model runs.

    Reads ``<batch_dir>/manifest.csv`` (written by ``python -m creative_tools run`` or
    :func:`~creative_tools.batch.run_files`) and each creative's ``result.json``.

    Raises
    ------
    CreativeToolsError
        When the folder has no readable ``manifest.csv`` (the message says how to make one).
    """
    from .batch import read_manifest

    d = Path(batch_dir)
    manifest = d / "manifest.csv"
    rows = read_manifest(manifest) if manifest.is_file() else []
    if not rows:
        raise CreativeToolsError(
            f"{manifest}: no batch manifest here; run `python -m creative_tools run INPUTS --out {d}` "
            "first (or `python -m creative_tools report INPUTS --out report.html`, which does both)")
    out = []
    for r in rows:
        out_dir = r.get("output_dir") or ""
        folder = Path(out_dir) if Path(out_dir).is_absolute() else d / Path(out_dir).name
        summary = _read_json(folder / "result.json") if out_dir else None
        status = r["status"]
        if status == "skipped":
            status = "ok" if summary else "error"
        if status in _OK and not summary:
            status, r["reason"] = "error", f"{folder / 'result.json'} is missing or unreadable"
        inp = Path(r["input"])
        if not inp.is_absolute() and not inp.exists() and (d.parent / inp).exists():
            inp = d.parent / inp
        out.append(_row(str(inp), status, r.get("reason") or "", str(folder), summary))
    return out


def _fmt(v, spec="") -> str:
    if v is None:
        return "&ndash;"
    return format(v, spec)


#: Style and script of the report page (one copy, inline: the HTML stays one file).
PAGE_ASSETS = """
<style>
.ct {font: 13px/1.35 system-ui, sans-serif}
table.ct {border-collapse: collapse; margin: 8px 0}
table.ct th, table.ct td {border: 1px solid #ddd; padding: 4px 8px; text-align: right; vertical-align: top}
table.ct th {background: #f3f3f3; cursor: pointer; user-select: none; white-space: nowrap}
table.ct th[aria-sort=ascending]::after {content: " \\25B2"}
table.ct th[aria-sort=descending]::after {content: " \\25BC"}
table.ct td.l {text-align: left}
table.ct tr.error td {background: #fff0f0}
table.ct tr.warning td {background: #fff8e0}
table.ct td.reason {color: #a00; text-align: left; max-width: 520px; word-break: break-word}
.ct-check {background-color: #fff; background-image:
  linear-gradient(45deg, #ccc 25%, transparent 25%), linear-gradient(-45deg, #ccc 25%, transparent 25%),
  linear-gradient(45deg, transparent 75%, #ccc 75%), linear-gradient(-45deg, transparent 75%, #ccc 75%);
  background-size: 16px 16px; background-position: 0 0, 0 8px, 8px -8px, -8px 0}
.ct-cards {display: flex; flex-direction: column; gap: 18px}
.ct-card {border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px}
.ct-card h3 {margin: 0 0 6px 0; font-size: 15px}
.ct-card.error {background: #fff0f0}
.ct-row {display: flex; gap: 12px; align-items: flex-start; flex-wrap: wrap}
.ct-left {flex: 0 0 auto; max-width: 462px}
.ct-fig {margin: 0; text-align: center}
.ct-fig figcaption {font-size: 12px; color: #555}
.ct-fig img {display: block; max-width: 200px; max-height: 200px; border: 1px solid #ccc; cursor: zoom-in}
.ct-ba {position: relative; display: inline-block; line-height: 0; border: 1px solid #ccc}
.ct-ba img {display: block; max-width: 460px; max-height: 360px; cursor: zoom-in}
.ct-ba img.ct-top {position: absolute; left: 0; top: 0; width: 100%; height: 100%; clip-path: inset(0 50% 0 0)}
.ct-ba input {position: absolute; left: 0; bottom: 4px; width: 100%; margin: 0}
.ct-ba .ct-line {position: absolute; top: 0; bottom: 0; left: 50%; width: 2px; background: #fff;
  box-shadow: 0 0 2px #000; pointer-events: none}
.ct-note {color: #555; font-size: 12px}
#ct-lightbox {display: none; position: fixed; inset: 0; background: rgba(0,0,0,.88); z-index: 9999;
  align-items: center; justify-content: center; flex-direction: column; cursor: zoom-out}
#ct-lightbox img {max-width: 96vw; max-height: 90vh}
#ct-lightbox div {color: #eee; font: 13px system-ui, sans-serif; margin-top: 6px}
</style>
<div id="ct-lightbox" title="click or Esc to close"><img class="ct-check" alt=""/><div></div></div>
<script>
(function () {
  if (window.ctReport) return;
  window.ctReport = true;
  document.addEventListener("click", function (e) {
    var box = document.getElementById("ct-lightbox");
    var a = e.target.closest ? e.target.closest("a.ct-full") : null;
    if (a) {
      e.preventDefault();
      var img = document.getElementById(a.getAttribute("data-img"));
      box.querySelector("img").src = img ? img.src : a.getAttribute("href");
      box.querySelector("div").textContent = a.getAttribute("title") || "";
      box.style.display = "flex";
    } else if (box && e.target.closest && e.target.closest("#ct-lightbox")) {
      box.style.display = "none";
    }
    var th = e.target.closest ? e.target.closest("table.ct-sort th") : null;
    if (th) {
      var table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var key = function (tr) {
        var c = tr.cells[i], v = c.getAttribute("data-v");
        return v === null ? c.textContent.toLowerCase() : (v === "" ? null : parseFloat(v));
      };
      Array.prototype.slice.call(body.rows).sort(function (p, q) {
        var x = key(p), y = key(q);
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * (asc ? 1 : -1);
      }).forEach(function (tr) { body.appendChild(tr); });
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { var b = document.getElementById("ct-lightbox"); if (b) b.style.display = "none"; }
  });
  document.addEventListener("input", function (e) {
    if (!e.target.classList || !e.target.classList.contains("ct-slide")) return;
    var v = e.target.value, ba = e.target.parentNode;
    ba.querySelector(".ct-top").style.clipPath = "inset(0 " + (100 - v) + "% 0 0)";
    ba.querySelector(".ct-line").style.left = v + "%";
  });
})();
</script>
"""

_COLUMNS = (  # (header, key, format, timing stage)
    ("creative", "name", None, None), ("status", "status", None, None), ("size", "size", None, None),
    ("person regions", "people", "", None), ("person %", "person_pct", ".1f", None),
    ("text boxes", "text_boxes", "", None), ("text %", "text_pct", ".1f", None),
    ("mask %", "mask_pct", ".1f", None), ("person s", None, ".2f", "person"),
    ("text s", None, ".2f", "text"), ("inpaint s", None, ".2f", "inpaint"),
    ("total s", "seconds", ".2f", None),
)


def table_html(rows: Sequence[Mapping[str, Any]]) -> str:
    """A sortable HTML table (click a header): one row per creative, failures with their reason.

    Sorting needs :data:`PAGE_ASSETS` on the page; without it the table is static.
    """
    columns = list(_COLUMNS)
    if any(r.get("objects_pct") is not None for r in rows):  # the objects source was on
        columns.insert(7, ("objects %", "objects_pct", ".1f", None))
    head = "<th>#</th>" + "".join(f"<th>{h}</th>" for h, *_ in columns) + "<th>reason</th>"
    body = []
    for i, r in enumerate(rows, 1):
        t = r.get("timings") or {}
        tds = [f"<td data-v='{i}'>{i}</td>"]
        for _h, key, spec, stage in columns:
            if key == "name":
                tds.append(f"<td class='l'><a href='#ct-c{i}'>{html.escape(r['name'])}</a></td>")
            elif key == "status":
                tds.append(f"<td class='l'>{html.escape(r['status'])}</td>")
            elif key == "size":
                px = (r["width"] or 0) * (r["height"] or 0)
                size = f"{r['width']}&times;{r['height']}" if r.get("width") else "&ndash;"
                tds.append(f"<td data-v='{px if px else ''}'>{size}</td>")
            else:
                v = t.get(stage) if stage else r.get(key)
                tds.append(f"<td data-v='{'' if v is None else v}'>{_fmt(v, spec)}</td>")
        tds.append(f"<td class='reason'>{html.escape(r.get('reason') or '')}</td>")
        body.append(f"<tr class='{html.escape(r['status'])}'>{''.join(tds)}</tr>")
    return (f"<table class='ct ct-sort'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _image_uri(path: Path, *, max_side: int | None = None, alpha: bool = False) -> str | None:
    """An image file as a data URI: PNG when it has transparency or is a mask, else JPEG."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            im.load()
            keep_alpha = alpha and (im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info)
            im = im.convert("RGBA" if keep_alpha else ("L" if im.mode in ("1", "L") else "RGB"))
            if max_side:
                im.thumbnail((max_side, max_side))
            buf = io.BytesIO()
            if keep_alpha or im.mode == "L":
                im.save(buf, format="PNG", optimize=True)
                kind = "png"
            else:
                im.save(buf, format="JPEG", quality=90)
                kind = "jpeg"
    except (OSError, ValueError):
        return None
    return f"data:image/{kind};base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _layer_strip_html(folder: Path, name: str) -> str:
    """The creative's layer strip (composite, then each layer on a checkerboard), when the
    batch ran with ``--layers``; empty otherwise or when the stack cannot be read."""
    if not (folder / "layers.json").is_file():
        return ""
    from PIL import Image

    from .errors import CreativeToolsError
    from .layers import layer_strip

    try:
        strip = layer_strip(folder, height=120)
    except (OSError, ValueError, KeyError, CreativeToolsError):
        return "<div class='reason'>(layers.json present but unreadable)</div>"
    buf = io.BytesIO()
    Image.fromarray(strip).save(buf, format="PNG", optimize=True)
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure class='ct-strip'><img src='{uri}' alt='layers of {name}' style='max-width:100%'/>"
            f"<figcaption>layers (layers.ora, layers.json): the composite, then each layer bottom to top"
            f"</figcaption></figure>")


def _has_alpha(path: Path) -> bool:
    from PIL import Image

    try:
        with Image.open(path) as im:
            return im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    except (OSError, ValueError):
        return False


def _src(path: Path, *, embed: bool, link_base: Path | None, alpha: bool = False,
         max_side: int | None = None) -> str | None:
    if not path.is_file():
        return None
    if embed:
        return _image_uri(path, alpha=alpha, max_side=max_side)
    target = path.resolve()
    if link_base is not None:
        try:
            return Path(os.path.relpath(target, Path(link_base).resolve())).as_posix()
        except ValueError:  # another drive (Windows)
            pass
    return target.as_uri()


def gallery_html(rows: Sequence[Mapping[str, Any]], *, embed: bool = True, link_base=None,
                 limit: int | None = None, max_side: int | None = None) -> str:
    """One card per creative: a before/after slider and the masks, full size one click away.

    The slider shows the creative over the recovered background (drag to compare); the
    overlay (people red, text blue), the fill mask and the background sit beside it.
    Clicking any picture opens it at full resolution (a lightbox, with
    :data:`PAGE_ASSETS` on the page; else the link opens the file). Transparent inputs
    are drawn over a checkerboard. A failed creative gets a card with its reason. A batch
    run with ``--layers`` also gets each creative's layer strip
    (:func:`creative_tools.layers.layer_strip`).

    Parameters
    ----------
    rows : records from :func:`collect` or :func:`load_batch`
    embed : bool
        True: images inside the HTML as data URIs (one self-contained file). False: links
        to the batch's files (small HTML for big batches; keep the files beside it).
    link_base : path-like, optional
        With ``embed=False``, links are relative to this folder (the report's folder).
    limit : int, optional
        Show at most this many creatives with pictures (failures are always shown).
    max_side : int, optional
        Downscale embedded pictures to this long side (default: full resolution).
    """
    cards, shown = [], 0
    for i, r in enumerate(rows, 1):
        name = html.escape(r["name"])
        if r["status"] not in _OK:
            cards.append(f"<div class='ct-card error' id='ct-c{i}'><h3>{i}. {name}</h3>"
                         f"<div class='reason'>failed: {html.escape(r.get('reason') or '')}</div></div>")
            continue
        if limit is not None and shown >= limit:
            continue
        shown += 1
        d = Path(r["output_dir"])
        inp = Path(r["input"])
        alpha = _has_alpha(inp)
        opts = dict(embed=embed, link_base=link_base, max_side=max_side)
        before = _src(inp, alpha=True, **opts)
        after = _src(d / "background.png", **opts)
        check = " ct-check" if alpha else ""
        def full(img_id: str, label: str, path: Path, src: str) -> str:
            title = html.escape(f"{r['name']}: {label} ({path.name}, full size)", quote=True)
            href = "#" if src.startswith("data:") else src  # embedded: the lightbox reads the <img>
            return f"<a class='ct-full' data-img='{img_id}' href='{href}' title='{title}'>{label}</a>"

        if before and after:
            ba = (f"<div class='ct-ba'><img class='ct-bottom' id='ct-a{i}' src='{after}' "
                  f"alt='background of {name}'/><img class='ct-top{check}' id='ct-b{i}' src='{before}' alt='{name}'/>"
                  f"<div class='ct-line'></div><input class='ct-slide' type='range' min='0' max='100' "
                  f"value='50' aria-label='before / after'/></div>"
                  f"<div class='ct-note'>Left of the line: the creative; right: the recovered background "
                  f"(drag the slider). Full size: {full(f'ct-b{i}', 'creative', inp, before)} &middot; "
                  f"{full(f'ct-a{i}', 'background', d / 'background.png', after)}</div>")
        else:
            ba = "<div class='reason'>(creative or background missing)</div>"
        figs = []
        found = "people (red) + text (blue)" + (" + objects (magenta)" if r.get("objects_pct") is not None else "")
        for j, (label, path) in enumerate(((found, d / "overlay.png"),
                                           ("fill mask (white = removed)", d / "mask.png"))):
            src = _src(path, **opts)
            if src is None:
                figs.append(f"<figure class='ct-fig'><div>(missing)</div><figcaption>{label}</figcaption></figure>")
                continue
            img_id = f"ct-f{i}-{j}"
            title = html.escape(f"{r['name']}: {label} ({path.name}, full size)", quote=True)
            href = "#" if src.startswith("data:") else src
            figs.append(f"<figure class='ct-fig'><a class='ct-full' data-img='{img_id}' href='{href}' "
                        f"title='{title}'><img id='{img_id}' src='{src}' alt='{html.escape(label)} of {name}'/></a>"
                        f"<figcaption>{label}</figcaption></figure>")
        size = f"{r['width']}&times;{r['height']}" if r.get("width") else ""
        facts = (f"{size} &middot; mask {_fmt(r['mask_pct'], '.1f')} % (people {_fmt(r['person_pct'], '.1f')} %, "
                 f"text {_fmt(r['text_pct'], '.1f')} %) &middot; {_fmt(r['seconds'], '.2f')} s")
        warn = (f"<div class='reason'>warning: {html.escape(r['reason'])}</div>"
                if r["status"] == "warning" and r.get("reason") else "")
        cards.append(f"<div class='ct-card' id='ct-c{i}'><h3>{i}. {name} <span class='ct-note'>{facts}</span></h3>"
                     f"{warn}<div class='ct-row'><div class='ct-left'>{ba}</div>{''.join(figs)}</div>"
                     f"{_layer_strip_html(d, name)}</div>")
    hidden = sum(r["status"] in _OK for r in rows) - shown
    more = (f"<p class='ct-note'>{hidden} more creatives are in the table below and in the batch folder "
            f"(gallery limit {limit}).</p>" if hidden > 0 else "")
    return f"<div class='ct ct-cards'>{''.join(cards)}</div>{more}"


#: Below this many processed creatives, distributions say nothing: the table is enough.
MIN_FOR_DISTRIBUTIONS = 10


def distributions_figure(rows: Sequence[Mapping[str, Any]], *, figsize=(14, 3.6),
                         min_creatives: int = MIN_FOR_DISTRIBUTIONS):
    """Histograms across the batch: mask %, text %, person regions and seconds per creative.

    Failed creatives are left out (they have no numbers). Returns a matplotlib figure,
    or None when fewer than ``min_creatives`` creatives were processed (a histogram of
    a handful of values says less than the table).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    ok = [r for r in rows if r["status"] in _OK]
    if len(ok) < min_creatives:
        return None
    series = [("fill mask, % of image", [r["mask_pct"] for r in ok]),
              ("text mask, % of image", [r["text_pct"] for r in ok]),
              ("person regions per creative", [r["people"] for r in ok]),
              ("seconds per creative", [r["seconds"] for r in ok])]
    fig, axes = plt.subplots(1, len(series), figsize=figsize)
    for ax, (title, vals) in zip(axes, series):
        vals = [v for v in vals if v is not None]
        if vals:
            integer = title.startswith("person regions")
            bins = np.arange(-0.5, max(vals) + 1.5) if integer else min(20, max(5, len(vals)))
            ax.hist(vals, bins=bins, color="#4a7bd0", edgecolor="white")
            ax.axvline(float(np.median(vals)), color="#d04a4a", lw=1.5, label=f"median {np.median(vals):.2f}")
            ax.legend(fontsize=8)
        else:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("creatives")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if title.startswith("person regions"):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def summary_markdown(rows: Sequence[Mapping[str, Any]], *, title: str, batch_dir) -> str:
    """The report's heading: counts, backends and time, read from the batch's records."""
    ok = [r for r in rows if r["status"] in _OK]
    failed = [r for r in rows if r["status"] not in _OK]
    warned = [r for r in ok if r["status"] == "warning"]
    seconds = sum(r["seconds"] or 0 for r in ok)
    backends = sorted({tuple(sorted((k, v) for k, v in (r.get("backends") or {}).items() if v is not None))
                       for r in ok})
    used = "; ".join(", ".join(f"{k} `{v}`" for k, v in b) for b in backends) or "&ndash;"
    return (f"# {title}\n\n**{len(rows)} creatives**: {len(ok)} processed"
            + (f" ({len(warned)} with a warning)" if warned else "")
            + f", **{len(failed)} failed**. Backends: {used}; total pipeline time {seconds:.1f} s "
              f"({seconds / max(1, len(ok)):.2f} s per creative). Outputs and `manifest.csv`: `{batch_dir}`.")


# -- build ------------------------------------------------------------------------------------
def build_report(inputs: Iterable, out_html, *, work_dir=None, options: Mapping | None = None,
                 progress: bool = True, recursive: bool = False, kernel_name: str = "python3",
                 keep_notebook: bool = True, embed: bool = True) -> Path:
    """Run the pipeline over ``inputs`` once and write the HTML report of that batch.

    The batch (``run_files``) writes ``work_dir``; notebook 05 then reads its manifest and
    outputs (it loads no model) and becomes the HTML.

    Parameters
    ----------
    inputs : iterable of path-like
        Image files and/or folders.
    out_html : path-like
        The report to write (its folder is created).
    work_dir : path-like, optional
        Where the per-creative outputs go (``<work_dir>/<stem>/...`` and
        ``manifest.csv``); default ``<out_html without suffix>_files`` next to the report.
    options : mapping, optional
        :class:`~creative_tools.pipeline.PipelineConfig` fields (backends, thresholds...).
    progress : bool
        Show a progress bar per creative, then one per notebook cell.
    recursive : bool
        Look into sub-folders of folder inputs.
    kernel_name : str
        Jupyter kernel that runs the notebook (must import creative_tools).
    keep_notebook : bool
        Also keep the executed notebook as ``<work_dir>/report.ipynb``.
    embed : bool
        True: pictures inside the HTML (one self-contained file, about 0.5 MB per
        creative at full resolution). False: the HTML links to the files in
        ``work_dir`` by relative paths (small page for big batches; move the folder with it).

    Returns
    -------
    Path
        ``out_html``.

    Raises
    ------
    CreativeToolsError
        Bad options (unknown field, missing backend), a missing notebook, or a notebook
        that fails to execute (the message names the cell's error). Failing creatives
        do not raise: they appear in the report with their reason.
    """
    import papermill as pm

    from .batch import run_files
    from .pipeline import Pipeline, PipelineConfig

    inputs = [str(Path(p).resolve()) for p in inputs]
    if not inputs:
        raise CreativeToolsError("build_report needs at least one input file or folder")
    out_html = Path(out_html).resolve()
    work = Path(work_dir).resolve() if work_dir else out_html.with_name(out_html.stem + "_files")
    cfg = PipelineConfig.from_dict(dict(options or {}))  # unknown keys fail here, before any work
    nb_in = notebook_path(_REPORT_NOTEBOOK)

    # 1. the batch itself, with a progress bar per creative: the only pass of the models
    run_files(inputs, work, Pipeline(cfg), recursive=recursive, progress=progress)

    # 2. the notebook reads the batch's manifest and outputs
    params = {"batch_dir": str(work), "embed": bool(embed), "link_base": str(out_html.parent),
              "title": f"Creative batch report: {', '.join(Path(p).name for p in inputs)[:120]}"}
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        nb_out = work / "report.ipynb" if keep_notebook else Path(scratch) / "report.ipynb"
        try:
            pm.execute_notebook(str(nb_in), str(nb_out), parameters=params, kernel_name=kernel_name,
                                cwd=str(nb_in.parent), progress_bar=progress, log_output=False)
        except pm.PapermillExecutionError as e:
            raise CreativeToolsError(f"report notebook failed in cell {e.exec_count}: {e.ename}: {e.evalue} "
                                     f"(executed notebook: {nb_out})") from e
        out_html.parent.mkdir(parents=True, exist_ok=True)
        _write_text(out_html, notebook_to_html(nb_out))
    return out_html


def notebook_to_html(path) -> str:
    """An executed notebook as stakeholder HTML: no code, no prompts, no stderr logs.

    Images are embedded (base64), so the page is one self-contained file; cells tagged
    ``remove_cell`` (notes for notebook users) are left out.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":  # library log lines (e.g. TFLite's INFO) are not for readers
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream"
                                                           and o.get("name") == "stderr")]
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    exporter = HTMLExporter(config=c, template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    body, _ = exporter.from_notebook_node(nb)
    return body


def _write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
