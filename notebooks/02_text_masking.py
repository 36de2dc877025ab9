# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2. Text masking
#
# Find the text in a creative (headlines, prices, legal lines) and build the mask that removes
# it. A text **detector** outputs a probability map and one **polygon** per word or line. The
# mask is then either the whole polygon, or only the **glyph strokes** inside it (`tight`), which
# keeps the background between the letters so the inpainting has less to invent.

# %% tags=["parameters"]
image: str = "data/rocket_landscape.png"  # creative to read: an image file, or a folder (its first image is used)
text: "Optional[str]" = "ppocr"  # text backend (list: `python -m creative_tools backends --task text`), or None to skip
tight: bool = True  # True: mask only the glyph strokes inside each box; False: fill the whole box
ground: bool = True  # True: a box with no ink departing from its smooth ground masks nothing; False: off
blobs: float = 0.0  # > 0: drop a mask piece that is a flat convex blob, not strokes (text_mask blobs); 0: off
text_dilate: "Optional[int]" = None  # text mask dilation in pixels; None: long side / 250
out_dir: str = "out/notebooks/02_text_masking"  # where the masks are written (relative to the repo root)
interactive: bool = False  # True: backend dropdown and dilation slider with a live preview

# %% [markdown]
# ## Load the creative

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
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
# ## Detect the text
# `detect` returns a `TextDetection`: the polygons with a confidence score each, the
# probability map and the mask. Green outlines: the detected polygons with their scores.

# %%
from matplotlib.patches import Polygon

detector = ct.load("text", text, tight=tight, ground=ground, blobs=blobs)
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

# %% [markdown]
# ## Tight glyph mask or filled boxes
# `tight=False` removes the whole box: simple and safe, but the inpainting must then invent a
# large area. `tight=True` keeps the background between and around the letters when the
# text stands out clearly from it (small or low-contrast text still gets the filled box).

# %%
from creative_tools.text.glyphs import text_mask

filled = text_mask(img, det.polygons, tight=False)
glyphs = text_mask(img, det.polygons, tight=True, ground=ground, blobs=blobs)
print(f"filled boxes: {100 * filled.mean():.2f}% of the image; glyph-tight: {100 * glyphs.mean():.2f}%")

panels = [("filled boxes (tight=False)", overlay(img, {"text": filled})), ("glyph strokes (tight=True)", overlay(img, {"text": glyphs}))]
show_row(panels, size=(14, 5));

# %% [markdown]
# ## What the dilation changes
# Anti-aliased edges, outlines and drop shadows sit just outside the strokes. `text_dilate`
# grows the mask by that many pixels so they go too. The strip shows three radii.

# %%
radius = PipelineConfig(person=None, text=text, text_dilate=text_dilate).dilation(img.shape)["text"]
radii = sorted({0, radius, 3 * radius})
panels = [(f"dilate {r} px: {100 * M.dilate(det.mask, r).mean():.2f}%", overlay(img, {"text": M.dilate(det.mask, r)}))
          for r in radii]

show_row(panels, size=(15, 4.5));

# %% [markdown]
# ## Save the results
# `text_mask.png` (white = text, dilated) and `text_regions.json` (polygons and scores).

# %%
import json

text_mask_final = M.dilate(det.mask, radius)
save_mask(out / "text_mask.png", text_mask_final)
save_image(out / "text_overlay.png", overlay(img, {"text": text_mask_final}))
(out / "text_regions.json").write_text(json.dumps(
    [{"points": p.round(1).tolist(), "score": round(float(s), 3)} for p, s in zip(det.polygons, det.scores)], indent=1))
print(M.area_stats(text_mask_final))
print(sorted(p.name for p in out.iterdir()))

# %% [markdown]
# ## Tune it interactively
# With `interactive = True`: a backend dropdown and a dilation slider. The detection is cached,
# so the slider only re-dilates; **save values** writes `tuned_params.yaml` for `papermill -f`.

# %%
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params={"person": None, "text": text, "text_dilate": text_dilate,
                               "text_options": {"tight": tight, "ground": ground, "blobs": blobs}},
                  controls=["text", "text_dilate"], view="text", save_path=out / "tuned_params.yaml")
    display(tuner.widget())
