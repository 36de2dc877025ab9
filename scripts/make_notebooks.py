"""Write notebooks/*.ipynb from the cell sources below (outputs empty, parameters tagged).

Run ``.venv/bin/python scripts/make_notebooks.py`` after editing; commit the .ipynb files.
Keeping the notebooks here as Python makes them diff-able and keeps the five consistent.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"


def md(s: str):
    return new_markdown_cell(s.strip("\n"))


def code(s: str):
    return new_code_cell(s.strip("\n"))


def hidden_md(s: str):
    """A markdown cell for notebook users only: left out of the HTML report."""
    c = md(s)
    c.metadata["tags"] = ["remove_cell"]
    return c


def hidden_code(s: str):
    """A code cell left out of the HTML report (with its outputs)."""
    c = code(s)
    c.metadata["tags"] = ["remove_cell"]
    return c


def params(s: str):
    c = code(s)
    c.metadata["tags"] = ["parameters"]
    return c


SETUP = """
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import creative_tools as ct
from creative_tools import masks as M
from creative_tools.io import load_image, save_image, save_mask
from creative_tools.pipeline import Pipeline, PipelineConfig
from creative_tools.report import first_image, resolve_path
from creative_tools.viz import overlay

image_path = first_image(image)        # a folder -> its first image
out = resolve_path(out_dir)            # relative paths are taken from the repo root
out.mkdir(parents=True, exist_ok=True)
img = load_image(image_path)           # (H, W, 3) uint8 RGB, EXIF-rotated, alpha flattened
print(f"{image_path.name}: {img.shape[1]}x{img.shape[0]} px -> outputs in {out}")
"""


def show_row(panels: str, size: str = "(15, 4.5)") -> str:
    """Source of a figure with one axis per (title, image) pair in ``panels``."""
    return f"""
panels = {panels}
fig, axes = plt.subplots(1, len(panels), figsize={size})
for ax, (title, picture) in zip(axes, panels):
    ax.imshow(picture, cmap="gray")
    ax.set_title(title)
    ax.axis("off")
plt.tight_layout()
plt.show()
"""


NOTEBOOKS = {}

# ----------------------------------------------------------------------------------------------
NOTEBOOKS["01_person_segmentation"] = [
    md("""
# 1. Person segmentation

Find the people in a creative. A person model gives every pixel a **probability** of being
part of a person; a **threshold** turns the probabilities into a yes/no mask, and a small
**dilation** grows that mask so it also covers hair, soft edges and halos that would
otherwise be left behind when the person is removed.

Edit the parameters below (or pass them with `papermill -p NAME VALUE`), then run all cells.
"""),
    params("""
image: str = "data/rocket_landscape.png"  # creative to segment: an image file, or a folder (its first image is used)
person: str = "mediapipe"  # person backend; list them with `python -m creative_tools backends --task person`
person_threshold: float = 0.5  # person probability cut-off: higher gives a tighter mask, fewer false people
person_dilate: "Optional[int]" = None  # grow the person mask by this many pixels; None: long side / 200
out_dir: str = "out/notebooks/01_person_segmentation"  # where the masks are written (relative to the repo root)
interactive: bool = False  # True: sliders to tune threshold and dilation live (needs a Jupyter front end)
"""),
    md("## Load the creative\nPaths are resolved from the repository root, so the notebook runs from any folder."),
    code(SETUP),
    md("""
## The probability map
The backend is loaded once (`ct.load`) and can be reused for many images. Bright pixels are
where the model is sure it sees a person; grey ones are uncertain (edges, hair, motion blur).
"""),
    code("""
segmenter = ct.load("person", person)
prob = segmenter.probability(img)      # (H, W) float32 in [0, 1]
print(segmenter, f"- max probability {prob.max():.2f}, pixels above 0.5: {100 * (prob > 0.5).mean():.1f}%")

fig, axes = plt.subplots(1, 2, figsize=(13, 5))
axes[0].imshow(img); axes[0].set_title("creative"); axes[0].axis("off")
im = axes[1].imshow(prob, cmap="magma", vmin=0, vmax=1); axes[1].set_title("person probability"); axes[1].axis("off")
fig.colorbar(im, ax=axes[1], fraction=0.046)
plt.tight_layout(); plt.show()
"""),
    md("""
## What the threshold changes
Each pixel whose probability is above `person_threshold` becomes part of the mask. A low
threshold catches more of the person (and more false alarms); a high one keeps only the
confident core. Below: the mask (red) at three thresholds around the one you chose.
"""),
    code("""
thresholds = sorted({round(max(0.05, person_threshold - 0.25), 2), person_threshold,
                     round(min(0.95, person_threshold + 0.25), 2)})
panels = [(f"threshold {t:.2f}: {100 * (prob > t).mean():.1f}% of pixels", overlay(img, {"person": prob > t}))
          for t in thresholds]
""" + show_row("panels")),
    md("""
## What the dilation changes
The raw mask stops exactly where the model's confidence drops, which often leaves a thin
outline of the person after inpainting. Dilation grows the mask by `person_dilate` pixels
in every direction (a disc). Red: the raw mask; yellow: the ring the dilation adds. The
right panel zooms on the top of the mask, where the ring is easier to see.
"""),
    code("""
raw = prob > person_threshold
radius = PipelineConfig(person=person, text=None, person_dilate=person_dilate).dilation(img.shape)["person"]
person_mask = M.dilate(raw, radius)
print(f"dilation radius {radius} px: mask grows from {raw.sum():,} to {person_mask.sum():,} pixels")
ring = overlay(img, {"person": raw, "mask": person_mask & ~raw}, alpha=0.6)
panels = [("raw mask", overlay(img, {"person": raw})), (f"dilated by {radius} px", ring)]
if person_mask.any():  # zoom: the top third of the mask's bounding box, with a margin
    ys, xs = np.nonzero(person_mask)
    top, h = ys.min(), ys.max() - ys.min()
    margin = 4 * radius + 10
    panels.append(("zoom", ring[max(0, top - margin): top + h // 3 + margin,
                               max(0, xs.min() - margin): xs.max() + margin]))
""" + show_row("panels")),
    md("## Save the results\n`person_prob.png` (probability x 255), `person_mask.png` (white = person) and `person_overlay.png`."),
    code("""
save_image(out / "person_prob.png", np.repeat((prob[..., None] * 255).round().astype(np.uint8), 3, axis=2))
save_mask(out / "person_mask.png", person_mask)
save_image(out / "person_overlay.png", overlay(img, {"person": person_mask}))
print(M.area_stats(person_mask))
print(sorted(p.name for p in out.iterdir()))
"""),
    md("""
## Tune it interactively
With `interactive = True` (in Jupyter) you get sliders for the threshold and the dilation and
a dropdown for the backend. Moving a slider only re-thresholds the cached probability map, so
the preview is instant; the model runs again only when you change the backend. **save values**
writes `tuned_params.yaml` to the output folder; replay it with
`papermill notebooks/01_person_segmentation.ipynb out.ipynb -f <out_dir>/tuned_params.yaml`.
"""),
    code("""
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params={"person": person, "text": None, "person_threshold": person_threshold,
                               "person_dilate": person_dilate},
                  controls=["person", "person_threshold", "person_dilate"], view="person",
                  save_path=out / "tuned_params.yaml")
    display(tuner.widget())
"""),
]

# ----------------------------------------------------------------------------------------------
NOTEBOOKS["02_text_masking"] = [
    md("""
# 2. Text masking

Find the text in a creative (headlines, prices, legal lines) and build the mask that removes
it. A text **detector** outputs a probability map and one **polygon** per word or line. The
mask is then either the whole polygon, or only the **glyph strokes** inside it (`tight`), which
keeps the background between the letters so the inpainting has less to invent.
"""),
    params("""
image: str = "data/rocket_landscape.png"  # creative to read: an image file, or a folder (its first image is used)
text: str = "ppocr"  # text backend; list them with `python -m creative_tools backends --task text`
tight: bool = True  # True: mask only the glyph strokes inside each box; False: fill the whole box
text_dilate: "Optional[int]" = None  # grow the text mask by this many pixels; None: long side / 400
out_dir: str = "out/notebooks/02_text_masking"  # where the masks are written (relative to the repo root)
interactive: bool = False  # True: backend dropdown and dilation slider with a live preview
"""),
    md("## Load the creative"),
    code(SETUP),
    md("""
## Detect the text
`detect` returns a `TextDetection`: the polygons with a confidence score each, the
probability map and the mask. Green outlines: the detected polygons with their scores.
"""),
    code("""
from matplotlib.patches import Polygon

detector = ct.load("text", text, tight=tight)
det = detector.detect(img)
print(f"{len(det)} text regions; scores {[round(float(s), 2) for s in det.scores]}")

fig, axes = plt.subplots(1, 2, figsize=(14, 5))
axes[0].imshow(img); axes[0].set_title(f"{len(det)} detected text regions"); axes[0].axis("off")
for poly, score in zip(det.polygons, det.scores):
    axes[0].add_patch(Polygon(poly, closed=True, fill=False, edgecolor="lime", linewidth=1.5))
    axes[0].text(*poly[0], f"{score:.2f}", color="black", fontsize=7, backgroundcolor="lime")
im = axes[1].imshow(det.prob, cmap="magma", vmin=0, vmax=1); axes[1].set_title("text probability"); axes[1].axis("off")
fig.colorbar(im, ax=axes[1], fraction=0.046)
plt.tight_layout(); plt.show()
"""),
    md("""
## Tight glyph mask or filled boxes
`tight=False` removes the whole box: simple and safe, but the inpainting must then invent a
large area. `tight=True` keeps the background between and around the letters when the
text stands out clearly from it (small or low-contrast text still gets the filled box).
"""),
    code("""
from creative_tools.text.glyphs import text_mask

filled = text_mask(img, det.polygons, tight=False)
glyphs = text_mask(img, det.polygons, tight=True)
print(f"filled boxes: {100 * filled.mean():.2f}% of the image; glyph-tight: {100 * glyphs.mean():.2f}%")
""" + show_row('[("filled boxes (tight=False)", overlay(img, {"text": filled})), '
               '("glyph strokes (tight=True)", overlay(img, {"text": glyphs}))]', "(14, 5)")),
    md("""
## What the dilation changes
Anti-aliased edges, outlines and drop shadows sit just outside the strokes. `text_dilate`
grows the mask by that many pixels so they go too. The strip shows three radii.
"""),
    code("""
radius = PipelineConfig(person=None, text=text, text_dilate=text_dilate).dilation(img.shape)["text"]
radii = sorted({0, radius, 3 * radius})
panels = [(f"dilate {r} px: {100 * M.dilate(det.mask, r).mean():.2f}%", overlay(img, {"text": M.dilate(det.mask, r)}))
          for r in radii]
""" + show_row("panels")),
    md("## Save the results\n`text_mask.png` (white = text, dilated) and `text_regions.json` (polygons and scores)."),
    code("""
import json

text_mask_final = M.dilate(det.mask, radius)
save_mask(out / "text_mask.png", text_mask_final)
save_image(out / "text_overlay.png", overlay(img, {"text": text_mask_final}))
(out / "text_regions.json").write_text(json.dumps(
    [{"points": p.round(1).tolist(), "score": round(float(s), 3)} for p, s in zip(det.polygons, det.scores)], indent=1))
print(M.area_stats(text_mask_final))
print(sorted(p.name for p in out.iterdir()))
"""),
    md("""
## Tune it interactively
With `interactive = True`: a backend dropdown and a dilation slider. The detection is cached,
so the slider only re-dilates; **save values** writes `tuned_params.yaml` for `papermill -f`.
"""),
    code("""
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params={"person": None, "text": text, "text_dilate": text_dilate,
                               "text_options": {"tight": tight}},
                  controls=["text", "text_dilate"], view="text", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
"""),
]

# ----------------------------------------------------------------------------------------------
NOTEBOOKS["03_mask_merging"] = [
    md("""
# 3. Merging the masks

The fill mask is the union of the person mask and the text mask, each grown by its own
dilation radius, then cleaned: **closing** bridges hairline gaps between nearby pieces (a
caption touching a shoulder), and components smaller than **min_area** pixels are dropped
(isolated specks are usually false alarms, and filling them only blurs the background).
"""),
    params("""
image: str = "data/rocket_landscape.png"  # creative: an image file, or a folder (its first image is used)
person: str = "mediapipe"  # person backend, or None to ignore people
text: str = "ppocr"  # text backend, or None to ignore text
person_threshold: float = 0.5  # person probability cut-off
person_dilate: "Optional[int]" = None  # person mask dilation in pixels; None: long side / 200
text_dilate: "Optional[int]" = None  # text mask dilation in pixels; None: long side / 400
close: int = 0  # closing radius of the union in pixels: bridges gaps narrower than about twice this
min_area: int = 16  # drop mask components smaller than this many pixels
out_dir: str = "out/notebooks/03_mask_merging"  # where the merged mask is written (relative to the repo root)
interactive: bool = False  # True: sliders for every merge parameter with a live preview
"""),
    md("## Load the creative"),
    code(SETUP),
    md("""
## Run the two detectors
`Pipeline` keeps the loaded models and exposes each stage, so we can look at the pieces
before they are merged. (`inpaint="telea"` only because a pipeline needs one; it is not used here.)
"""),
    code("""
pipe = Pipeline(person=person, text=text, inpaint="telea", person_threshold=person_threshold,
                            person_dilate=person_dilate, text_dilate=text_dilate, close=close, min_area=min_area)
person_mask = pipe.person_masks(pipe.segment_people([img]), [img])[0]
detection = pipe.detect_text([img])[0]
text_mask = np.zeros(img.shape[:2], bool) if detection is None else detection.mask
fill = pipe.merge_masks(person_mask, text_mask)
print("dilation radii:", pipe.config.dilation(img.shape))
""" + show_row('[("people (red) and text (blue)", overlay(img, {"person": person_mask, "text": text_mask})), '
               '("merged fill mask", fill), ("fill mask over the creative", overlay(img, {"mask": fill}))]')),
    md("""
## What closing and min_area change
Left to right: the plain union of the dilated masks, then with a closing radius, then also
without the small components. The numbers are the mask area and the number of separate pieces.
"""),
    code("""
radii = pipe.config.dilation(img.shape)
union = M.merge({"person": person_mask, "text": text_mask}, dilate_px=radii)
closed = M.close(union, max(close, 4))
cleaned = M.remove_small(closed, max(min_area, 64))
steps = [("union", union), (f"closed (radius {max(close, 4)})", closed), (f"min_area {max(min_area, 64)}", cleaned)]
panels = [(f"{name}: {100 * m.mean():.2f}%, {M.area_stats(m)['components']} pieces", overlay(img, {"mask": m}))
          for name, m in steps]
""" + show_row("panels")),
    md("## Save the results\n`mask.png` is the fill mask the inpainting notebook can take (`-p mask ...`)."),
    code("""
save_mask(out / "mask.png", fill)
save_mask(out / "person_mask.png", person_mask)
save_mask(out / "text_mask.png", text_mask)
save_image(out / "overlay.png", overlay(img, {"person": person_mask, "text": text_mask}))
print({name: M.area_stats(m) for name, m in [("person", person_mask), ("text", text_mask), ("fill", fill)]})
print(sorted(p.name for p in out.iterdir()))
"""),
    md("""
## Tune it interactively
With `interactive = True`: sliders for the threshold, both dilations, closing and min_area.
Both models' outputs are cached, so every slider updates the preview without re-running them.
"""),
    code("""
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params=pipe.config.to_dict(),
                  controls=["person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="merge", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
"""),
]

# ----------------------------------------------------------------------------------------------
NOTEBOOKS["04_inpainting"] = [
    md("""
# 4. Inpainting: recover the background

Fill the masked pixels with plausible background. The inpainter only works on crops around
the mask (at a working resolution suited to the backend) and pastes back **only the masked
pixels**, so everything outside the mask is bit-for-bit the original creative.

Backends: `telea` / `ns` are fast and good for thin holes (text strokes); `patchmatch` copies
texture into wide holes; `twoscale` lays PatchMatch's texture over the smooth colour trend of
a Navier-Stokes fill; `auto` (the default) uses Telea for thin holes and `twoscale` for wide
ones, region by region; `lama` (if its weights are installed) is a neural network for large
holes.
"""),
    params("""
image: str = "data/rocket_landscape.png"  # creative: an image file, or a folder (its first image is used)
mask: str = ""  # fill-mask PNG (white pixels get filled), e.g. mask.png from notebook 03; empty: compute it below
inpaint: str = "auto"  # inpaint backend; list them with `python -m creative_tools backends --task inpaint`
person: str = "mediapipe"  # person backend for the mask (when mask is empty), or None
text: str = "ppocr"  # text backend for the mask (when mask is empty), or None
person_threshold: float = 0.5  # person probability cut-off
person_dilate: "Optional[int]" = None  # person mask dilation in pixels; None: long side / 200
text_dilate: "Optional[int]" = None  # text mask dilation in pixels; None: long side / 400
close: int = 0  # closing radius of the merged mask in pixels
min_area: int = 16  # drop mask components smaller than this many pixels
out_dir: str = "out/notebooks/04_inpainting"  # where the background is written (relative to the repo root)
interactive: bool = False  # True: backend dropdown and mask sliders with a live before/after preview
"""),
    md("## Load the creative"),
    code(SETUP),
    md("""
## The fill mask
Either read from `mask` (a PNG from notebook 3) or computed with the same pipeline stages.
"""),
    code("""
pipe = Pipeline(person=person, text=text, inpaint=inpaint, person_threshold=person_threshold,
                            person_dilate=person_dilate, text_dilate=text_dilate, close=close, min_area=min_area)
if mask:
    fill = load_image(resolve_path(mask, must_exist=True))[..., 0] > 127
else:
    person_mask = pipe.person_masks(pipe.segment_people([img]), [img])[0]
    detection = pipe.detect_text([img])[0]
    text_mask = np.zeros(img.shape[:2], bool) if detection is None else detection.mask
    fill = pipe.merge_masks(person_mask, text_mask)
print(f"fill mask: {100 * fill.mean():.2f}% of the image, {M.area_stats(fill)['components']} pieces")
"""),
    md("## Fill it"),
    code("""
import time

t0 = time.perf_counter()
background = pipe.inpaint([img], [fill])[0]
print(f"{inpaint}: {time.perf_counter() - t0:.2f} s")
""" + show_row('[("before", img), ("fill mask", overlay(img, {"mask": fill})), ("after", background)]', "(16, 5)")),
    md("""
## What changed
The absolute difference between before and after (brightened). It is black everywhere
outside the mask: the inpainter never touches pixels it was not asked to fill.
"""),
    code("""
diff = np.abs(background.astype(np.int16) - img.astype(np.int16)).max(axis=2)
print(f"pixels changed outside the mask: {int((diff[~fill] > 0).sum())}")
plt.figure(figsize=(7, 5)); plt.imshow(np.minimum(255, diff * 3), cmap="inferno"); plt.axis("off")
plt.title("|after - before| x 3"); plt.show()
"""),
    md("## Save the results"),
    code("""
save_image(out / "background.png", background)
save_mask(out / "mask.png", fill)
print(sorted(p.name for p in out.iterdir()))
"""),
    md("""
## Tune it interactively
With `interactive = True`: the backend dropdown and the mask sliders, with a side-by-side
preview. The person and text models run once; the inpainting reruns when the mask or the
backend changes. **save values** writes `tuned_params.yaml` for `papermill -f`.
"""),
    code("""
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params=pipe.config.to_dict(),
                  controls=["inpaint", "person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="inpaint", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
"""),
]

# ----------------------------------------------------------------------------------------------
NOTEBOOKS["05_batch_report"] = [
    hidden_md("""
# 5. Batch report

Runs the whole pipeline over a folder of creatives and lays the results out for people who
will not read code: the HTML made by `python -m creative_tools report FOLDER --out report.html`
(or `creative_tools.report.build_report`) is this notebook, executed, with the code hidden.
This cell is tagged `remove_cell`, so it is not in the HTML. Everything below runs headless;
`interactive = True` adds a tuner at the end.
"""),
    params("""
inputs: list = ["data"]  # image files and/or folders (relative to the repo root, or absolute)
out_dir: str = "out/notebooks/05_batch_report"  # per-creative outputs (DIR/<stem>/...) and manifest.csv
title: str = "Creative batch report"  # heading of the report
recursive: bool = False  # look into sub-folders of the input folders too
reuse: bool = False  # True: creatives already done in out_dir (result.json present) are read, not re-run
person: str = "mediapipe"  # person backend, or None
text: str = "ppocr"  # text backend, or None
inpaint: str = "auto"  # inpaint backend
person_threshold: float = 0.5  # person probability cut-off
person_dilate: "Optional[int]" = None  # person mask dilation in pixels; None: long side / 200
text_dilate: "Optional[int]" = None  # text mask dilation in pixels; None: long side / 400
close: int = 0  # closing radius of the merged mask in pixels
min_area: int = 16  # drop mask components smaller than this many pixels
device: str = "cpu"  # torch device for torch backends
person_options: dict = {}  # extra options for the person backend
text_options: dict = {}  # extra options for the text backend
inpaint_options: dict = {}  # extra options for the inpaint backend
gallery_limit: int = 40  # show at most this many creatives in the gallery (failures are always listed)
interactive: bool = False  # True: a tuner to try other parameters on the batch's creatives
"""),
    code("""
%matplotlib inline
import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from creative_tools.batch import run_files
from creative_tools.pipeline import Pipeline, PipelineConfig
from creative_tools.report import collect, distributions_figure, gallery_html, resolve_path, table_html

config = PipelineConfig(person=person, text=text, inpaint=inpaint, person_threshold=person_threshold,
                        person_dilate=person_dilate, text_dilate=text_dilate, close=close, min_area=min_area,
                        device=device, person_options=person_options, text_options=text_options,
                        inpaint_options=inpaint_options)
out = resolve_path(out_dir)
outcomes = run_files([resolve_path(p) for p in inputs], out, Pipeline(config), recursive=recursive,
                     skip_existing=reuse, progress=False)
rows = collect(outcomes)
ok = [r for r in rows if r["status"] == "ok"]
failed = [r for r in rows if r["status"] != "ok"]
"""),
    code("""
seconds = sum(r["seconds"] or 0 for r in ok)
display(Markdown(f\"\"\"# {title}

**{len(rows)} creatives**: {len(ok)} processed, **{len(failed)} failed**.
Backends: people `{person}`, text `{text}`, inpainting `{inpaint}`;
person threshold {person_threshold}; total pipeline time {seconds:.1f} s
({seconds / max(1, len(ok)):.2f} s per creative). Outputs and `manifest.csv`: `{out}`.\"\"\"))
"""),
    md("""
Every creative went through the same pipeline: the people and the text in it were found,
merged into one **fill mask** and removed, leaving the **recovered background**. Below: the
results side by side, a table of numbers per creative (including any that failed, and why),
and how those numbers are spread across the batch.
"""),
    md("""
## Gallery
For each creative: the original, what was found (people in red, text in blue), the fill mask
(white = removed) and the recovered background. Failed creatives are listed with the reason.
"""),
    code("""
display(HTML(gallery_html(rows, limit=gallery_limit)))
"""),
    md("""
## Per-creative numbers
*person regions*: separate areas of people found (people who touch count as one); *person %*, *text %*, *mask %*: share of the image
covered by each mask (the fill mask includes the dilation); *text boxes*: detected text
regions; timings in seconds per stage. Failed rows are red, with the reason.
"""),
    code("""
display(HTML(table_html(rows)))
"""),
    md("""
## Across the batch
How much of each creative is removed, how much of it is text, how many person regions each
one holds, and how long each took. The red line is the median.
"""),
    code("""
if ok:
    distributions_figure(rows)
    plt.show()
else:
    display(Markdown("*No creative was processed successfully, so there is nothing to plot.*"))
"""),
    hidden_md("""
## Try other parameters
With `interactive = True` (in Jupyter): pick a creative and tune the mask parameters on it;
**save values** writes a YAML file to pass back with `papermill -f`. (Left out of the HTML.)
"""),
    hidden_code("""
if interactive and ok:
    from creative_tools.io import load_image
    from creative_tools.widgets import Tuner

    tuner = Tuner({r["name"]: load_image(r["input"]) for r in ok[:gallery_limit]}, params=config.to_dict(),
                  controls=["person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="merge", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
"""),
]


def build(stem: str, cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, c in enumerate(nb.cells):
        c["id"] = f"{stem[:2]}-{i:02d}"
    return nb


def main() -> None:
    NB_DIR.mkdir(exist_ok=True)
    for stem, cells in NOTEBOOKS.items():
        nb = build(stem, cells)
        nbformat.validate(nb)
        nbformat.write(nb, NB_DIR / f"{stem}.ipynb")
        print(f"wrote notebooks/{stem}.ipynb ({len(cells)} cells)")


if __name__ == "__main__":
    main()
