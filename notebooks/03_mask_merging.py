# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Merging the masks
#
# The fill mask is the union of the person mask and the text mask, each grown by its own
# dilation radius, then cleaned: **closing** bridges hairline gaps between nearby pieces (a
# caption touching a shoulder), and components smaller than **min_area** pixels are dropped
# (isolated specks are usually false alarms, and filling them only blurs the background).

# %% tags=["parameters"]
image: str = "data/rocket_landscape.png"  # creative: an image file, or a folder (its first image is used)
person: "Optional[str]" = "mediapipe"  # person backend (list: `python -m creative_tools backends --task person`), or None to skip
text: "Optional[str]" = "ppocr"  # text backend (list: `python -m creative_tools backends --task text`), or None to skip
person_threshold: float = 0.5  # person probability cut-off: higher gives a tighter mask, fewer false people
person_dilate: "Optional[int]" = None  # person mask dilation in pixels; None: long side / 200
text_dilate: "Optional[int]" = None  # text mask dilation in pixels; None: long side / 250
close: int = 0  # closing radius of the merged mask in pixels: bridges gaps up to about twice this
min_area: int = 16  # drop mask components smaller than this many pixels
out_dir: str = "out/notebooks/03_mask_merging"  # where the merged mask is written (relative to the repo root)
interactive: bool = False  # True: sliders for every merge parameter with a live preview

# %% [markdown]
# ## Load the creative

# %%
# %matplotlib inline
from IPython.display import display

from creative_tools import masks as M
from creative_tools.io import load_image, save_image, save_mask
from creative_tools.pipeline import Pipeline
from creative_tools.report import first_image, resolve_path
from creative_tools.viz import overlay, show_row

image_path = first_image(image)        # a folder -> its first image
out = resolve_path(out_dir)            # relative paths are taken from the repo root
out.mkdir(parents=True, exist_ok=True)
img = load_image(image_path)           # (H, W, 3) uint8 RGB, EXIF-rotated, alpha flattened
print(f"{image_path.name}: {img.shape[1]}x{img.shape[0]} px -> outputs in {out}")

# %% [markdown]
# ## Run the two detectors
# `Pipeline` keeps the loaded models and exposes each stage, so we can look at the pieces
# before they are merged. (`inpaint="telea"` only because a pipeline needs one; it is not used here.)

# %%
pipe = Pipeline(person=person, text=text, inpaint="telea", person_threshold=person_threshold,
                            person_dilate=person_dilate, text_dilate=text_dilate, close=close, min_area=min_area)
masks = pipe.masks(img)                # each source's mask and the merged fill mask
person_mask, text_mask, fill = masks.person, masks.text, masks.fill
print("dilation radii:", pipe.config.dilation(img.shape))

panels = [("people (red) and text (blue)", overlay(img, {"person": person_mask, "text": text_mask})), ("merged fill mask", fill), ("fill mask over the creative", overlay(img, {"mask": fill}))]
show_row(panels, size=(15, 4.5));

# %% [markdown]
# ## What closing and min_area change
# Left to right: the plain union of the dilated masks, then with a closing radius, then also
# without the small components. The numbers are the mask area and the number of separate pieces.

# %%
radii = pipe.config.dilation(img.shape)
union = M.merge({"person": masks.person, "text": masks.text, "objects": masks.objects}, dilate_px=radii)
closed = M.close(union, max(close, 4))
cleaned = M.remove_small(closed, max(min_area, 64))
steps = [("union", union), (f"closed (radius {max(close, 4)})", closed), (f"min_area {max(min_area, 64)}", cleaned)]
panels = [(f"{name}: {100 * m.mean():.2f}%, {M.area_stats(m)['components']} pieces", overlay(img, {"mask": m}))
          for name, m in steps]

show_row(panels, size=(15, 4.5));

# %% [markdown]
# ## Save the results
# `mask.png` is the fill mask the inpainting notebook can take (`-p mask ...`).

# %%
save_mask(out / "mask.png", fill)
save_mask(out / "person_mask.png", person_mask)
save_mask(out / "text_mask.png", text_mask)
save_image(out / "overlay.png", overlay(img, {"person": person_mask, "text": text_mask}))
print({name: M.area_stats(m) for name, m in [("person", person_mask), ("text", text_mask), ("fill", fill)]})
print(sorted(p.name for p in out.iterdir()))

# %% [markdown]
# ## Tune it interactively
# With `interactive = True`: sliders for the threshold, both dilations, closing and min_area.
# Both models' outputs are cached, so every slider updates the preview without re-running them.

# %%
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params=pipe.config.to_dict(),
                  controls=["person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                  view="merge", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
