# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. Person segmentation
#
# Find the people in a creative. A person model gives every pixel a **probability** of being
# part of a person; a **threshold** turns the probabilities into a yes/no mask, and a small
# **dilation** grows that mask so it also covers hair, soft edges and halos that would
# otherwise be left behind when the person is removed.
#
# Edit the parameters below (or pass them with `papermill -p NAME VALUE`), then run all cells.

# %% tags=["parameters"]
image: str = "data/rocket_landscape.png"  # creative to segment: an image file, or a folder (its first image is used)
person: "Optional[str]" = "mediapipe"  # person backend (list: `python -m creative_tools backends --task person`), or None to skip
person_threshold: float = 0.5  # person probability cut-off: higher gives a tighter mask, fewer false people
person_dilate: "Optional[int]" = None  # person mask dilation in pixels; None: long side / 200
out_dir: str = "out/notebooks/01_person_segmentation"  # where the masks are written (relative to the repo root)
interactive: bool = False  # True: sliders to tune threshold and dilation live (needs a Jupyter front end)

# %% [markdown]
# ## Load the creative
# Paths are resolved from the repository root, so the notebook runs from any folder.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import creative_tools as ct
from creative_tools import masks as M
from creative_tools.io import load_image, save_image, save_mask
from creative_tools.pipeline import PipelineConfig
from creative_tools.report import first_image, resolve_path
from creative_tools.viz import overlay, show_row

image_path = first_image(image)        # a folder -> its first image
out = resolve_path(out_dir)            # relative paths are taken from the repo root
out.mkdir(parents=True, exist_ok=True)
img = load_image(image_path)           # (H, W, 3) uint8 RGB, EXIF-rotated, alpha flattened
print(f"{image_path.name}: {img.shape[1]}x{img.shape[0]} px -> outputs in {out}")

# %% [markdown]
# ## The probability map
# The backend is loaded once (`ct.load`) and can be reused for many images. Bright pixels are
# where the model is sure it sees a person; grey ones are uncertain (edges, hair, motion blur).

# %%
segmenter = ct.load("person", person)
prob = segmenter.probability(img)      # (H, W) float32 in [0, 1]
print(segmenter, f"- max probability {prob.max():.2f}, pixels above 0.5: {100 * (prob > 0.5).mean():.1f}%")

fig, axes = plt.subplots(1, 2, figsize=(13, 5))
axes[0].imshow(img); axes[0].set_title("creative"); axes[0].axis("off")
im = axes[1].imshow(prob, cmap="magma", vmin=0, vmax=1); axes[1].set_title("person probability"); axes[1].axis("off")
fig.colorbar(im, ax=axes[1], fraction=0.046)
plt.tight_layout(); plt.show()

# %% [markdown]
# ## What the threshold changes
# Each pixel whose probability is above `person_threshold` becomes part of the mask. A low
# threshold catches more of the person (and more false alarms); a high one keeps only the
# confident core. Below: the mask (red) at three thresholds around the one you chose.

# %%
thresholds = sorted({round(max(0.05, person_threshold - 0.25), 2), person_threshold,
                     round(min(0.95, person_threshold + 0.25), 2)})
panels = [(f"threshold {t:.2f}: {100 * (prob > t).mean():.1f}% of pixels", overlay(img, {"person": prob > t}))
          for t in thresholds]

show_row(panels, size=(15, 4.5));

# %% [markdown]
# ## What the dilation changes
# The raw mask stops exactly where the model's confidence drops, which often leaves a thin
# outline of the person after inpainting. Dilation grows the mask by `person_dilate` pixels
# in every direction (a disc). Red: the raw mask; yellow: the ring the dilation adds. The
# right panel zooms on the top of the mask, where the ring is easier to see.

# %%
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

show_row(panels, size=(15, 4.5));

# %% [markdown]
# ## Save the results
# `person_prob.png` (probability x 255), `person_mask.png` (white = person) and `person_overlay.png`.

# %%
save_image(out / "person_prob.png", np.repeat((prob[..., None] * 255).round().astype(np.uint8), 3, axis=2))
save_mask(out / "person_mask.png", person_mask)
save_image(out / "person_overlay.png", overlay(img, {"person": person_mask}))
print(M.area_stats(person_mask))
print(sorted(p.name for p in out.iterdir()))

# %% [markdown]
# ## Tune it interactively
# With `interactive = True` (in Jupyter) you get sliders for the threshold and the dilation and
# a dropdown for the backend. Moving a slider only re-thresholds the cached probability map, so
# the preview is instant; the model runs again only when you change the backend. **save values**
# writes `tuned_params.yaml` to the output folder; replay it with
# `papermill notebooks/01_person_segmentation.ipynb out.ipynb -f <out_dir>/tuned_params.yaml`.

# %%
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params={"person": person, "text": None, "person_threshold": person_threshold,
                               "person_dilate": person_dilate},
                  controls=["person", "person_threshold", "person_dilate"], view="person",
                  save_path=out / "tuned_params.yaml")
    display(tuner.widget())
