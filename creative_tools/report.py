"""The batch report: run a folder of creatives and write a self-contained HTML page.

:func:`build_report` runs the pipeline over the inputs (a progress bar per creative),
then executes ``notebooks/05_batch_report.ipynb`` with papermill to lay out the results
(gallery, table, distributions) and converts it to HTML with nbconvert: images embedded
as base64, code cells hidden. A creative that fails appears in the report with its
reason; it does not stop the report.

The helpers below (:func:`collect`, :func:`table_html`, :func:`gallery_html`,
:func:`distributions_figure`) are what the notebook calls, so the notebook holds no logic.
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
           "first_image", "collect", "table_html", "gallery_html", "distributions_figure",
           "notebook_to_html", "build_report"]

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


def collect(outcomes: Sequence) -> list[dict]:
    """One flat record per creative from :func:`creative_tools.batch.run_files` outcomes.

    Creatives skipped because they were already done are read back from their
    ``result.json``, so a report over a resumed run is complete.

    Returns
    -------
    list of dict
        Keys: ``name``, ``input``, ``status`` (``ok`` / ``error``), ``reason``,
        ``output_dir``, ``height``, ``width``, ``people`` (separate person regions:
        people who touch count as one),
        ``person_pct``, ``text_pct``, ``mask_pct`` (percent of the image),
        ``text_boxes``, ``seconds`` (total per image) and ``timings`` (per stage).
    """
    rows = []
    for o in outcomes:
        summary = o.summary or {}
        status = o.status
        if status == "skipped":
            summary = _read_json(Path(o.output_dir) / "result.json") or {}
            status = "ok" if summary else "error"
        row = {"name": Path(o.input).name, "input": o.input, "status": status,
               "reason": o.reason if status == "error" else "", "output_dir": o.output_dir,
               "height": None, "width": None, "people": None, "person_pct": None, "text_pct": None,
               "mask_pct": None, "text_boxes": None, "seconds": None, "timings": {}}
        if status == "ok" and summary:
            a = summary["area"]
            t = summary.get("timings_s", {})
            row.update(height=summary["size"]["height"], width=summary["size"]["width"],
                       people=a["person"]["components"], person_pct=100 * a["person"]["fraction"],
                       text_pct=100 * a["text"]["fraction"], mask_pct=100 * a["mask"]["fraction"],
                       text_boxes=len(summary.get("text_polygons", [])), seconds=t.get("total"),
                       timings=t)
        rows.append(row)
    return rows


def _fmt(v, spec="") -> str:
    if v is None:
        return "&ndash;"
    return format(v, spec)


_CSS = """
<style>
table.ct {border-collapse: collapse; font: 13px/1.35 system-ui, sans-serif; margin: 8px 0}
table.ct th, table.ct td {border: 1px solid #ddd; padding: 4px 8px; text-align: right; vertical-align: top}
table.ct th {background: #f3f3f3}
table.ct td.l {text-align: left}
table.ct tr.error td {background: #fff0f0}
table.ct td.reason {color: #a00; text-align: left; max-width: 520px; word-break: break-word}
table.gallery td, table.gallery th {text-align: center}
table.gallery img {max-width: 260px; max-height: 220px; border: 1px solid #ccc}
</style>
"""


def table_html(rows: Sequence[Mapping[str, Any]]) -> str:
    """An HTML table: one row per creative, failures highlighted with their reason."""
    head = ("<tr><th>#</th><th>creative</th><th>status</th><th>size</th><th>person regions</th>"
            "<th>person %</th><th>text boxes</th><th>text %</th><th>mask %</th><th>person s</th>"
            "<th>text s</th><th>inpaint s</th><th>total s</th><th>failure reason</th></tr>")
    body = []
    for i, r in enumerate(rows, 1):
        t = r.get("timings") or {}
        size = f"{r['width']}&times;{r['height']}" if r.get("width") else "&ndash;"
        body.append(
            f"<tr class='{html.escape(r['status'])}'><td>{i}</td><td class='l'>{html.escape(r['name'])}</td>"
            f"<td class='l'>{html.escape(r['status'])}</td><td>{size}</td><td>{_fmt(r['people'])}</td>"
            f"<td>{_fmt(r['person_pct'], '.1f')}</td><td>{_fmt(r['text_boxes'])}</td>"
            f"<td>{_fmt(r['text_pct'], '.1f')}</td><td>{_fmt(r['mask_pct'], '.1f')}</td>"
            f"<td>{_fmt(t.get('person'), '.2f')}</td><td>{_fmt(t.get('text'), '.2f')}</td>"
            f"<td>{_fmt(t.get('inpaint'), '.2f')}</td><td>{_fmt(r['seconds'], '.2f')}</td>"
            f"<td class='reason'>{html.escape(r['reason'])}</td></tr>")
    return _CSS + f"<table class='ct'>{head}{''.join(body)}</table>"


def _thumb_uri(path: Path, max_side: int) -> str | None:
    from PIL import Image

    try:
        with Image.open(path) as im:
            im = im.convert("RGB")
            im.thumbnail((max_side, max_side))
            buf = io.BytesIO()
            im.save(buf, format="JPEG", quality=85)
    except (OSError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def gallery_html(rows: Sequence[Mapping[str, Any]], *, max_side: int = 260, limit: int | None = None) -> str:
    """An HTML gallery with embedded thumbnails: creative | masks overlay | mask | background.

    A failed creative gets one row with its reason instead of pictures.

    Parameters
    ----------
    rows : records from :func:`collect`
    max_side : int
        Long side of each thumbnail in pixels.
    limit : int, optional
        Show at most this many creatives (failures are always shown).
    """
    th = "<th style='text-align:center'>{}</th>"  # inline: the nbconvert theme right-aligns th
    cells = ["<tr>" + "".join(th.format(h) for h in ("creative", "people (red) + text (blue)", "fill mask",
                                                       "recovered background")) + "</tr>"]
    shown = 0
    for r in rows:
        name = html.escape(r["name"])
        if r["status"] != "ok":
            cells.append(f"<tr class='error'><td class='l'><b>{name}</b></td>"
                         f"<td colspan='3' class='reason'>failed: {html.escape(r['reason'])}</td></tr>")
            continue
        if limit is not None and shown >= limit:
            continue
        shown += 1
        d = Path(r["output_dir"])
        srcs = [Path(r["input"]), d / "overlay.png", d / "mask.png", d / "background.png"]
        tds = []
        for j, s in enumerate(srcs):
            uri = _thumb_uri(s, max_side)
            img = f"<img src='{uri}' alt='{html.escape(s.stem)} of {name}'/>" if uri else "(missing)"
            cap = f"<br/><b>{name}</b>" if j == 0 else ""
            tds.append(f"<td>{img}{cap}</td>")
        cells.append("<tr>" + "".join(tds) + "</tr>")
    return _CSS + f"<table class='ct gallery'>{''.join(cells)}</table>"


def distributions_figure(rows: Sequence[Mapping[str, Any]], *, figsize=(14, 3.6)):
    """Histograms across the batch: mask %, text %, person regions and seconds per creative.

    Failed creatives are left out (they have no numbers); returns a matplotlib figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    ok = [r for r in rows if r["status"] == "ok"]
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


# -- build ------------------------------------------------------------------------------------
def build_report(inputs: Iterable, out_html, *, work_dir=None, options: Mapping | None = None,
                 progress: bool = True, recursive: bool = False, kernel_name: str = "python3",
                 keep_notebook: bool = True) -> Path:
    """Run the pipeline over ``inputs`` and write a self-contained HTML report.

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

    # 1. the batch itself, with a progress bar per creative (the notebook then reuses it)
    run_files(inputs, work, Pipeline(cfg), recursive=recursive, progress=progress)

    params = {"inputs": inputs, "out_dir": str(work), "reuse": True, "recursive": recursive,
              "title": f"Creative batch report: {', '.join(Path(p).name for p in inputs)[:120]}"}
    params.update({k: v for k, v in cfg.to_dict().items()})
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
