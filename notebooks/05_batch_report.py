# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["remove_cell"]
# # 5. Batch report
#
# Runs the whole pipeline over a folder of creatives and lays the results out for people who
# will not read code: the HTML made by `python -m creative_tools report FOLDER --out report.html`
# (or `creative_tools.report.build_report`) is this notebook, executed, with the code hidden.
# This cell is tagged `remove_cell`, so it is not in the HTML. Everything below runs headless;
# `interactive = True` adds a tuner at the end.

# %% tags=["parameters"]
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

# %%
# %matplotlib inline
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

# %%
seconds = sum(r["seconds"] or 0 for r in ok)
display(Markdown(f"""# {title}

**{len(rows)} creatives**: {len(ok)} processed, **{len(failed)} failed**.
Backends: people `{person}`, text `{text}`, inpainting `{inpaint}`;
person threshold {person_threshold}; total pipeline time {seconds:.1f} s
({seconds / max(1, len(ok)):.2f} s per creative). Outputs and `manifest.csv`: `{out}`."""))

# %% [markdown]
# Every creative went through the same pipeline: the people and the text in it were found,
# merged into one **fill mask** and removed, leaving the **recovered background**. Below: the
# results side by side, a table of numbers per creative (including any that failed, and why),
# and how those numbers are spread across the batch.

# %% [markdown]
# ## Gallery
# For each creative: the original, what was found (people in red, text in blue), the fill mask
# (white = removed) and the recovered background. Failed creatives are listed with the reason.

# %%
display(HTML(gallery_html(rows, limit=gallery_limit)))

# %% [markdown]
# ## Per-creative numbers
# *person regions*: separate areas of people found (people who touch count as one); *person %*, *text %*, *mask %*: share of the image
# covered by each mask (the fill mask includes the dilation); *text boxes*: detected text
# regions; timings in seconds per stage. Failed rows are red, with the reason.

# %%
display(HTML(table_html(rows)))

# %% [markdown]
# ## Across the batch
# How much of each creative is removed, how much of it is text, how many person regions each
# one holds, and how long each took. The red line is the median.

# %%
if ok:
    distributions_figure(rows)
    plt.show()
else:
    display(Markdown("*No creative was processed successfully, so there is nothing to plot.*"))

# %% [markdown] tags=["remove_cell"]
# ## Try other parameters
# With `interactive = True` (in Jupyter): pick a creative and tune the mask parameters on it;
# **save values** writes a YAML file to pass back with `papermill -f`. (Left out of the HTML.)

# %% tags=["remove_cell"]
if interactive and ok:
    from creative_tools.io import load_image
    from creative_tools.widgets import Tuner

    tuner = Tuner({r["name"]: load_image(r["input"]) for r in ok[:gallery_limit]}, params=config.to_dict(),
                  controls=["person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="merge", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
