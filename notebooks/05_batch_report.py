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
# Lays out a finished batch for people who will not read code. It reads the batch folder
# that `python -m creative_tools run INPUTS --out DIR` wrote (`DIR/manifest.csv` and
# `DIR/<stem>/...`) and loads no model: the pipeline ran once, in the batch. The HTML made by
# `python -m creative_tools report INPUTS --out report.html` (or
# `creative_tools.report.build_report`) is the batch followed by this notebook, executed,
# with the code hidden. This cell is tagged `remove_cell`, so it is not in the HTML.
# `interactive = True` adds a tuner at the end (that one does load the models).

# %% tags=["parameters"]
batch_dir: str = "out"  # a batch folder: manifest.csv + <stem>/ (relative to the repo root, or absolute)
title: str = "Creative batch report"  # heading of the report
embed: bool = True  # True: pictures inside the page (one file); False: links to the batch's files
link_base: str = ""  # when not embedding: links relative to this folder (the report folder); empty: absolute links
gallery_limit: int = 40  # show at most this many creatives in the gallery (failures are always listed)
interactive: bool = False  # True: a tuner to try other parameters on the batch's creatives

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from creative_tools.report import (MIN_FOR_DISTRIBUTIONS, PAGE_ASSETS, distributions_figure, gallery_html,
                                   load_batch, resolve_path, summary_markdown, table_html)

batch = resolve_path(batch_dir, must_exist=True)
rows = load_batch(batch)
ok = [r for r in rows if r["status"] in ("ok", "warning")]
display(HTML(PAGE_ASSETS))  # style, lightbox and table sorting: inline, so the page stays one file
display(Markdown(summary_markdown(rows, title=title, batch_dir=batch)))

# %% [markdown]
# Every creative went through the same pipeline: the people and the text in it were found,
# merged into one **fill mask** and removed, leaving the **recovered background**. Below: each
# creative with a before/after slider and its masks, then a table of numbers per creative
# (including any that failed, and why). Click any picture, or a "full size" link, to see it at
# full resolution; click a column header to sort the table.

# %% [markdown]
# ## Gallery
# Drag the slider to compare the creative (left) with the recovered background (right). Beside
# it: what was found (people in red, text in blue) and the fill mask (white = removed).
# Transparent creatives are drawn over a checkerboard. Failed creatives are listed with the reason.

# %%
display(HTML(gallery_html(rows, embed=embed, link_base=resolve_path(link_base) if link_base else None,
                          limit=gallery_limit)))

# %% [markdown]
# ## Per-creative numbers
# *person regions*: separate areas of people found (people who touch count as one); *person %*,
# *text %*, *mask %*: share of the image covered by each mask (the fill mask includes the
# dilation); *text boxes*: detected text regions; timings in seconds per stage. Failed rows are
# red, with the reason. Click a creative's name to jump to its pictures.

# %%
display(HTML(table_html(rows)))

# %%
fig = distributions_figure(rows)
if fig is not None:
    display(Markdown("## Across the batch\nHow much of each creative is removed, how much of it is text, "
                     "how many person regions each one holds, and how long each took. "
                     "The red line is the median."))
    plt.show()
else:
    display(Markdown(f"*Distributions across the batch are shown from {MIN_FOR_DISTRIBUTIONS} processed "
                     f"creatives on; with {len(ok)}, the table says more.*"))

# %% [markdown] tags=["remove_cell"]
# ## Try other parameters
# With `interactive = True` (in Jupyter): pick a creative and tune the mask parameters on it,
# starting from the batch's own parameters; **save values** writes a YAML file for
# `python -m creative_tools run --config`. This loads the models. (Left out of the HTML.)

# %% tags=["remove_cell"]
if interactive and ok:
    import json
    from pathlib import Path

    from creative_tools.io import load_image
    from creative_tools.widgets import Tuner

    params = json.loads((Path(ok[0]["output_dir"]) / "result.json").read_text())["params"]
    params = {k: v for k, v in params.items() if k != "dilation_px"}
    tuner = Tuner({r["name"]: load_image(r["input"]) for r in ok[:gallery_limit]}, params=params,
                  controls=["person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="merge", save_path=batch / "tuned_params.yaml")
    display(tuner.widget())
