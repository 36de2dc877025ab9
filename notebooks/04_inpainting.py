# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4. Inpainting: recover the background
#
# Fill the masked pixels with plausible background. The inpainter only works on crops around
# the mask (at a working resolution suited to the backend) and pastes back **only the masked
# pixels**, so everything outside the mask is bit-for-bit the original creative.
#
# Backends: `telea` / `ns` are fast and good for thin holes (text strokes); `membrane`
# interpolates the hole's ring smoothly (exact on flat colours and gradients); `patchmatch`
# copies texture into wide holes; `twoscale` lays PatchMatch's texture over the smooth colour
# trend of the hole; `auto` (the default) uses the membrane for thin holes and, for wide ones,
# the ring's fitted surface on flat or gradient plates and `twoscale` elsewhere, hole by hole;
# `lama` (if its weights are installed) is a neural network for large holes.

# %% tags=["parameters"]
image: str = "data/rocket_landscape.png"  # creative: an image file, or a folder (its first image is used)
mask: str = ""  # fill-mask PNG (white pixels get filled), e.g. mask.png from notebook 03; empty: compute it below
inpaint: str = "auto"  # inpaint backend (list: `python -m creative_tools backends --task inpaint`)
person: "Optional[str]" = "mediapipe"  # person backend (list: `python -m creative_tools backends --task person`), or None to skip
text: "Optional[str]" = "ppocr"  # text backend (list: `python -m creative_tools backends --task text`), or None to skip
person_threshold: float = 0.5  # person probability cut-off: higher gives a tighter mask, fewer false people
person_dilate: "Optional[int]" = None  # person mask dilation in pixels; None: long side / 200
text_dilate: "Optional[int]" = None  # text mask dilation in pixels; None: long side / 250
close: int = 0  # closing radius of the merged mask in pixels: bridges gaps up to about twice this
min_area: int = 16  # drop mask components smaller than this many pixels
out_dir: str = "out/notebooks/04_inpainting"  # where the background is written (relative to the repo root)
interactive: bool = False  # True: backend dropdown and mask sliders with a live before/after preview

# %% [markdown]
# ## Load the creative

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

from creative_tools import masks as M
from creative_tools.io import load_image, load_mask, save_image, save_mask
from creative_tools.pipeline import Pipeline
from creative_tools.report import first_image, resolve_path
from creative_tools.viz import overlay, show_row

image_path = first_image(image)        # a folder -> its first image
out = resolve_path(out_dir)            # relative paths are taken from the repo root
out.mkdir(parents=True, exist_ok=True)
img = load_image(image_path)           # (H, W, 3) uint8 RGB, EXIF-rotated, alpha flattened
print(f"{image_path.name}: {img.shape[1]}x{img.shape[0]} px -> outputs in {out}")

# %% [markdown]
# ## The fill mask
# Either read from `mask` (a PNG from notebook 3) or computed with the same pipeline stages.

# %%
pipe = Pipeline(person=person, text=text, inpaint=inpaint, person_threshold=person_threshold,
                            person_dilate=person_dilate, text_dilate=text_dilate, close=close, min_area=min_area)
if mask:
    fill = load_mask(resolve_path(mask, must_exist=True), like=img)   # white = fill
else:
    fill = pipe.masks(img).fill        # people + text, dilated, united, cleaned
print(f"fill mask: {100 * fill.mean():.2f}% of the image, {M.area_stats(fill)['components']} pieces")

# %% [markdown]
# ## Fill it

# %%
import time

t0 = time.perf_counter()
background = pipe.inpaint([img], [fill])[0]
print(f"{inpaint}: {time.perf_counter() - t0:.2f} s")

panels = [("before", img), ("fill mask", overlay(img, {"mask": fill})), ("after", background)]
show_row(panels, size=(16, 5));

# %% [markdown]
# ## What changed
# The absolute difference between before and after (brightened). It is black everywhere
# outside the mask: the inpainter never touches pixels it was not asked to fill.

# %%
diff = np.abs(background.astype(np.int16) - img.astype(np.int16)).max(axis=2)
print(f"pixels changed outside the mask: {int((diff[~fill] > 0).sum())}")
plt.figure(figsize=(7, 5)); plt.imshow(np.minimum(255, diff * 3), cmap="inferno"); plt.axis("off")
plt.title("|after - before| x 3"); plt.show()

# %% [markdown]
# ## Save the results

# %%
save_image(out / "background.png", background)
save_mask(out / "mask.png", fill)
print(sorted(p.name for p in out.iterdir()))

# %% [markdown]
# ## Tune it interactively
# With `interactive = True`: the backend dropdown and the mask sliders, with a side-by-side
# preview. The person and text models run once; the inpainting reruns when the mask or the
# backend changes. **save values** writes `tuned_params.yaml` for `papermill -f`.

# %%
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params=pipe.config.to_dict(),
                  controls=["inpaint", "person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="inpaint", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
