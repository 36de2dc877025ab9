"""The notebooks: parameters, committed without outputs, executed headless by papermill."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest

pm = pytest.importorskip("papermill")
nbformat = pytest.importorskip("nbformat")

from creative_tools.io import load_image, save_image  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
SAMPLE = ROOT / "data" / "rocket_landscape.png"

EXPECTED_PARAMETERS = {
    "01_person_segmentation": ["image", "person", "person_threshold", "person_dilate", "out_dir", "interactive"],
    "02_text_masking": ["image", "text", "tight", "ground", "blobs", "text_dilate", "out_dir", "interactive"],
    "03_mask_merging": ["image", "person", "text", "person_threshold", "person_dilate", "text_dilate",
                        "close", "min_area", "out_dir", "interactive"],
    "04_inpainting": ["image", "mask", "inpaint", "person", "text", "person_threshold", "person_dilate",
                      "text_dilate", "close", "min_area", "out_dir", "interactive"],
    "05_batch_report": ["batch_dir", "title", "embed", "link_base", "gallery_limit", "interactive"],
    "06_unknown_artifacts": ["image", "person", "text", "objects", "objects_kinds", "objects_dilate", "saliency",
                             "clicks", "inpaint", "out_dir", "interactive"],
    "07_layers": ["image", "person", "text", "inpaint", "recognizer", "move_dx", "move_dy", "recolor",
                  "new_background", "out_dir", "interactive"],
}

#: Files each notebook writes into out_dir.
EXPECTED_OUTPUTS = {
    "01_person_segmentation": {"person_prob.png", "person_mask.png", "person_overlay.png"},
    "02_text_masking": {"text_mask.png", "text_overlay.png", "text_regions.json"},
    "03_mask_merging": {"mask.png", "person_mask.png", "text_mask.png", "overlay.png"},
    "04_inpainting": {"background.png", "mask.png"},
    "05_batch_report": {"manifest.csv", "small"},
    "06_unknown_artifacts": {"object_mask.png", "mask.png", "background.png", "objects.json"},
    "07_layers": {"layers", "layers.json", "layers.ora", "edited.png", "swapped.png"},
}

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _nb(stem):
    return nbformat.read(NB_DIR / f"{stem}.ipynb", as_version=4)


def test_the_five_notebooks_exist():
    assert sorted(p.stem for p in NB_DIR.glob("*.ipynb")) == sorted(EXPECTED_PARAMETERS)


def test_every_notebook_has_its_percent_source():
    assert sorted(p.stem for p in NB_DIR.glob("[0-9][0-9]_*.py")) == sorted(EXPECTED_PARAMETERS)


def _cells(nb):
    return [(c.cell_type, c.source, sorted(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_source_and_notebook_in_sync(stem):
    """notebooks/NN_name.py (jupytext percent, the source) and its .ipynb hold the same cells."""
    jupytext = pytest.importorskip("jupytext", reason="jupytext is in requirements.txt")
    source = jupytext.read(NB_DIR / f"{stem}.py")
    nb = _nb(stem)
    got, want = _cells(nb), _cells(source)
    for i, (a, b) in enumerate(zip(got, want)):
        assert a == b, (f"notebooks/{stem}.ipynb cell {i} differs from notebooks/{stem}.py; "
                        f"run `jupytext --sync notebooks/{stem}.py`")
    assert len(got) == len(want), (f"notebooks/{stem}.ipynb has {len(got)} cells, its .py {len(want)}; "
                                   f"run `jupytext --sync notebooks/{stem}.py`")
    assert nb.metadata["kernelspec"] == source.metadata["kernelspec"]


def test_sync_check_catches_a_drifted_copy(tmp_path):
    """The comparison above fails on a one-character edit (so it can fail at all)."""
    jupytext = pytest.importorskip("jupytext", reason="jupytext is in requirements.txt")
    stem = sorted(EXPECTED_PARAMETERS)[0]
    text = (NB_DIR / f"{stem}.py").read_text(encoding="utf-8")
    edited = text.replace("person_threshold: float = 0.5", "person_threshold: float = 0.6", 1)
    assert edited != text
    (tmp_path / "x.py").write_text(edited, encoding="utf-8")
    assert _cells(jupytext.read(tmp_path / "x.py")) != _cells(_nb(stem))


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_parameter_names(stem):
    # papermill only warns about unknown names, so a renamed parameter must fail here
    params = pm.inspect_notebook(str(NB_DIR / f"{stem}.ipynb"))
    assert list(params) == EXPECTED_PARAMETERS[stem]
    assert all(p["help"].strip() for p in params.values()), "every parameter needs a comment"
    assert params["interactive"]["default"] == "False"


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_parameters_cell_holds_only_typed_literals(stem):
    nb = _nb(stem)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    first = code_cells[0]
    assert "parameters" in first.metadata.get("tags", []), "first code cell must be tagged parameters"
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    for stmt in ast.parse(first.source).body:
        assert isinstance(stmt, ast.AnnAssign), f"not a typed assignment: {ast.unparse(stmt)}"
        ast.literal_eval(stmt.value)  # raises if anything is computed
    for line in first.source.splitlines():
        assert "  # " in line, f"parameter without a comment: {line!r}"


#: Notebooks whose pipeline parameters are documented from the schema (05 reads a finished batch).
SCHEMA_NOTEBOOKS = ["01_person_segmentation", "02_text_masking", "03_mask_merging", "04_inpainting"]


@pytest.mark.parametrize("stem", SCHEMA_NOTEBOOKS)
def test_pipeline_parameters_are_documented_from_the_schema(stem):
    """Type, default and comment of each PipelineConfig field come from its one declaration."""
    from creative_tools.params import notebook_line, params
    from creative_tools.pipeline import PipelineConfig

    first = next(c for c in _nb(stem).cells if c.cell_type == "code")
    lines = {ln.split(":", 1)[0]: ln for ln in first.source.splitlines()}
    shared = [n for n in lines if n in params(PipelineConfig)]
    assert shared, "no pipeline parameter in this notebook?"
    for name in shared:
        assert lines[name] == notebook_line(PipelineConfig, name), (
            f"{stem}: the {name} line differs from PipelineConfig; run `python scripts/sync_notebook_params.py`")


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_committed_without_outputs(stem):
    nb = _nb(stem)
    nbformat.validate(nb)
    for c in nb.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None, f"cell {c.get('id')} has outputs"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_no_widget_outside_an_interactive_branch(stem):
    # widgets are created only under `if interactive`; headless runs never build one
    for c in _nb(stem).cells:
        if c.cell_type == "code" and ("Tuner(" in c.source or "widget()" in c.source):
            assert c.source.lstrip().startswith("if interactive"), c.source


@pytest.fixture(scope="module")
def small_image(tmp_path_factory) -> Path:
    """A 360x240 copy of a sample creative (fast to run every notebook on)."""
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} not present")
    import cv2

    img = cv2.resize(load_image(SAMPLE), (360, 240), interpolation=cv2.INTER_AREA)
    p = tmp_path_factory.mktemp("nbdata") / "small.png"
    save_image(p, img)
    return p


def _execute(stem, out_nb, params, cwd=None):
    return pm.execute_notebook(str(NB_DIR / f"{stem}.ipynb"), str(out_nb), parameters=params,
                               kernel_name="python3", cwd=None if cwd is None else str(cwd),
                               progress_bar=False)


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_notebook_runs_headless(stem, small_image, tmp_path):
    out_dir = tmp_path / "out"
    if stem == "05_batch_report":  # the report reads a batch made beforehand
        _batch([small_image], out_dir)
        params = {"batch_dir": str(out_dir)}
    else:
        params = {"image": str(small_image), "out_dir": str(out_dir)}
        if stem in ("04_inpainting", "06_unknown_artifacts", "07_layers"):
            params["inpaint"] = "telea"
    nb = _execute(stem, tmp_path / "run.ipynb", params, cwd=NB_DIR)
    written = {p.name for p in out_dir.iterdir()}
    assert EXPECTED_OUTPUTS[stem] <= written, written
    outs = _outputs(nb)
    assert not any(WIDGET_MIME in o.get("data", {}) for o in outs), "a headless run created a widget"
    figures = sum("image/png" in o.get("data", {}) for o in outs)
    if stem == "05_batch_report":  # one creative: no distributions; the gallery embeds the pictures
        assert figures == 0
        assert any("data:image/jpeg;base64," in o.get("data", {}).get("text/html", "") for o in outs)
    else:
        assert figures >= 2, "figures missing"
    assert not any(o.get("output_type") == "error" for o in outs)


def _batch(inputs, out_dir):
    from creative_tools.batch import run_files
    from creative_tools.pipeline import Pipeline

    run_files([str(p) for p in inputs], out_dir, Pipeline(inpaint="telea"), progress=False)


def test_batch_report_loads_no_model(small_image, tmp_path, monkeypatch):
    """Notebook 05 reads the batch: its kernel cannot import a model runtime and still runs."""
    out_dir = tmp_path / "out"
    _batch([small_image, small_image.parent / "missing.png"], out_dir)
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('onnxruntime', 'ai_edge_litert', 'torch', 'torchvision', 'patchmatch'):\n"
        "            raise ImportError(f'notebook 05 must not load a model ({name})')\n"
        "sys.meta_path.insert(0, _Block())\n")
    import os

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(blocker), str(ROOT), os.environ.get("PYTHONPATH", "")]))
    nb = _execute("05_batch_report", tmp_path / "run.ipynb", {"batch_dir": str(out_dir)}, cwd=NB_DIR)
    html = "".join(o.get("data", {}).get("text/html", "") for o in _outputs(nb))
    assert "small.png" in html and "missing.png" in html and "ct-slide" in html
    text = "".join(o.get("data", {}).get("text/markdown", "") for o in _outputs(nb))
    assert "**2 creatives**: 1 processed, **1 failed**" in text
    # the block works: the same kernel set-up cannot build the pipeline
    with pytest.raises(pm.PapermillExecutionError, match="must not load a model"):
        _execute("04_inpainting", tmp_path / "run4.ipynb",
                 {"image": str(small_image), "out_dir": str(tmp_path / "o4"), "inpaint": "telea"}, cwd=NB_DIR)


def test_inpainting_fills_a_given_mask_and_nothing_else(small_image, tmp_path):
    from creative_tools.io import save_mask

    img = load_image(small_image)
    given = np.zeros(img.shape[:2], bool)
    given[40:90, 100:220] = True
    save_mask(tmp_path / "given.png", given)
    out_dir = tmp_path / "out"
    _execute("04_inpainting", tmp_path / "run.ipynb",
             {"image": str(small_image), "mask": str(tmp_path / "given.png"), "out_dir": str(out_dir),
              "inpaint": "telea"})
    bg = load_image(out_dir / "background.png")
    assert np.array_equal(load_image(out_dir / "mask.png")[..., 0] > 127, given)
    assert np.array_equal(bg[~given], img[~given])
    assert not np.array_equal(bg[given], img[given])


def test_relative_paths_resolve_from_the_repo_root(tmp_path):
    # papermill runs in notebooks/; "data/..." must still be found (relative to the repo root)
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} not present")
    out_dir = tmp_path / "rel"
    _execute("02_text_masking", tmp_path / "run.ipynb",
             {"image": f"data/{SAMPLE.name}", "out_dir": str(out_dir)}, cwd=NB_DIR)
    regions = json.loads((out_dir / "text_regions.json").read_text())
    assert len(regions) >= 2, "the rocket sample has a headline, a subhead and body text"


def test_tuned_yaml_replays_through_papermill(small_image, tmp_path):
    """Tuner.save writes keys papermill -f accepts; the replayed run uses the values."""
    import yaml

    from creative_tools.widgets import Tuner

    img = load_image(small_image)
    tuner = Tuner(img, params={"person": "mediapipe", "text": None, "person_threshold": 0.5},
                  controls=["person", "person_threshold", "person_dilate"], view="person")
    tuner.set(person_threshold=0.95, person_dilate=0)
    saved = yaml.safe_load(tuner.save(tmp_path / "tuned.yaml").read_text())
    assert set(saved) <= set(pm.inspect_notebook(str(NB_DIR / "01_person_segmentation.ipynb")))
    out_dir = tmp_path / "out"
    _execute("01_person_segmentation", tmp_path / "run.ipynb",
             {"image": str(small_image), "out_dir": str(out_dir), **saved})
    written = load_image(out_dir / "person_mask.png")[..., 0] > 127
    assert np.array_equal(written, tuner.preview["mask"])


@pytest.mark.slow
@pytest.mark.parametrize("stem", sorted(EXPECTED_PARAMETERS))
def test_notebook_runs_with_its_defaults(stem, tmp_path):
    """`papermill notebooks/X.ipynb out.ipynb` with nothing but an output folder."""
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} not present")
    out_dir = tmp_path / "out"
    if stem == "05_batch_report":  # its default batch_dir is `out`, what the README's run writes
        _batch([SAMPLE], out_dir)
        _execute(stem, tmp_path / "run.ipynb", {"batch_dir": str(out_dir)}, cwd=NB_DIR)
    else:
        _execute(stem, tmp_path / "run.ipynb", {"out_dir": str(out_dir)}, cwd=NB_DIR)
    assert EXPECTED_OUTPUTS[stem] - {"small"} <= {p.name for p in out_dir.iterdir()}


def test_text_masking_passes_ground_to_the_detector_and_the_tuner():
    """``ground`` of 02_text_masking reaches ``ct.load`` and the tuner's ``text_options``, so
    ``papermill -p ground False`` turns the glyph masks' two-layer model off (an unused
    parameter would leave it on)."""
    tree = ast.parse("\n".join(c.source for c in _nb("02_text_masking").cells if c.cell_type == "code"
                               and not c.source.lstrip().startswith("%")).replace("# %matplotlib", "#"))
    loads = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and ast.unparse(c.func) == "ct.load"
             and c.args and ast.unparse(c.args[0]) == "'text'"]
    assert loads and all(any(k.arg == "ground" and ast.unparse(k.value) == "ground" for k in c.keywords)
                         for c in loads)
    options = [d for d in ast.walk(tree) if isinstance(d, ast.Dict)
               and "'tight'" in [ast.unparse(k) for k in d.keys if k is not None]]
    assert options and all("'ground'" in [ast.unparse(k) for k in d.keys] for d in options)


def test_text_masking_passes_blobs_to_the_detector_the_glyphs_and_the_tuner():
    """``blobs`` of 02_text_masking reaches ``ct.load``, ``text_mask`` and the tuner's
    ``text_options`` (``papermill -p blobs 0.3`` drops the flat blobs in every view)."""
    tree = ast.parse("\n".join(c.source for c in _nb("02_text_masking").cells if c.cell_type == "code"
                               and not c.source.lstrip().startswith("%")).replace("# %matplotlib", "#"))
    calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and (
        (ast.unparse(c.func) == "ct.load" and c.args and ast.unparse(c.args[0]) == "'text'")
        or ast.unparse(c.func) == "text_mask")
        and not any(k.arg == "tight" and ast.unparse(k.value) == "False" for k in c.keywords)]  # filled: no pieces
    assert len(calls) >= 2 and all(any(k.arg == "blobs" and ast.unparse(k.value) == "blobs" for k in c.keywords)
                                   for c in calls)
    options = [d for d in ast.walk(tree) if isinstance(d, ast.Dict)
               and "'tight'" in [ast.unparse(k) for k in d.keys if k is not None]]
    assert options and all("'blobs'" in [ast.unparse(k) for k in d.keys] for d in options)
