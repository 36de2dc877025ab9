"""Interactive tuning for the notebooks: a controller that works without a browser.

:class:`Tuner` holds one or more creatives, the parameters a notebook step exposes
(thresholds, dilation, backends) and a cache of the model outputs. Changing a
post-processing value (a threshold, a dilation radius, the closing radius) recomputes
only the masks from the cached person probability map and text detection; the models
run again only when their backend changes. :meth:`Tuner.save` writes the tuned values
to a YAML file whose keys are the notebook's parameter names, so
``papermill NOTEBOOK OUT -f tuned.yaml`` replays them.

:meth:`Tuner.widget` wraps the controller in ipywidgets (sliders, dropdowns, a live
preview and a *save* button). Only that method imports ipywidgets; headless runs (papermill,
tests) drive the controller directly and never create a widget.

Examples
--------
>>> import numpy as np
>>> img = np.full((64, 80, 3), 255, np.uint8); img[20:40, 10:70] = 0
>>> t = Tuner(img, params={"person": None, "text": "ppocr", "text_dilate": 2},
...           controls=["text_dilate"], view="text")          # doctest: +SKIP
>>> t.set(text_dilate=6).preview["mask"].sum() > 0            # doctest: +SKIP
True
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import fields
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from . import masks as M
from .contract import check_image
from .errors import ContractError
from .params import widget_controls
from .person.base import PersonMaps
from .pipeline import PipelineConfig, backend_options, fill_mask

__all__ = ["CONTROLS", "VIEWS", "Tuner"]

#: The parameters a :class:`Tuner` can expose, with the widget that sets each one:
#: ``("dropdown", task)`` lists that task's backends; ``(kind, min, max, step)`` a slider.
#: Generated from the ``widget=`` hints of :class:`PipelineConfig`'s fields
#: (:func:`creative_tools.params.widget_controls`): declare a field there and it is here.
CONTROLS: dict[str, tuple] = widget_controls(PipelineConfig)

#: What a preview shows: the person mask, the text mask, the merged fill mask, or the
#: merged mask and the inpainted background.
VIEWS = ("person", "text", "merge", "inpaint")

_CONFIG_FIELDS = {f.name for f in fields(PipelineConfig)}


class Tuner:
    """Tune one notebook step's parameters on cached model outputs.

    Parameters
    ----------
    images : (H, W, 3) uint8 ndarray, or mapping name -> ndarray
        The creative(s) to preview; with several, ``creative`` picks the one shown.
    params : mapping
        The notebook's parameter values. Keys that are :class:`PipelineConfig` fields
        set the pipeline (backends, thresholds, dilation); others are ignored.
    controls : sequence of str
        The parameter names the widget exposes and :meth:`save` writes; each must be a
        key of :data:`CONTROLS`.
    view : {"person", "text", "merge", "inpaint"}
        Which stages the preview runs and shows.
    save_path : path-like, optional
        Default YAML path of :meth:`save`.

    Attributes
    ----------
    values : dict
        Current value of every pipeline parameter (dilation radii resolved to ints).
    model_runs : collections.Counter
        How many times each model (``person``, ``text``, ``inpaint``) actually ran.

    Raises
    ------
    ContractError
        For an unknown control or view, or a parameter value the pipeline rejects.
    """

    def __init__(self, images, *, params: Mapping[str, Any], controls: Sequence[str],
                 view: str = "merge", save_path=None):
        if isinstance(images, np.ndarray):
            images = {"image": images}
        if not isinstance(images, Mapping) or not images:
            raise ContractError(f"images must be an (H, W, 3) uint8 array or a non-empty mapping "
                                f"name -> array, got {type(images).__name__}")
        self.images = {str(k): check_image(v, f"images[{k!r}]") for k, v in images.items()}
        if view not in VIEWS:
            raise ContractError(f"view must be one of {list(VIEWS)}, got {view!r}")
        unknown = [c for c in controls if c not in CONTROLS]
        if unknown:
            raise ContractError(f"unknown control(s) {unknown}; valid: {sorted(CONTROLS)}")
        self.view = view
        self.controls = list(controls)
        self.save_path = None if save_path is None else Path(save_path)
        self.creative = next(iter(self.images))
        cfg = {k: v for k, v in params.items() if k in _CONFIG_FIELDS}
        self._base = PipelineConfig.from_dict(cfg)
        values = self._base.to_dict()
        radii = self._base.dilation(self.image.shape)  # None = auto -> the int it means here
        values["person_dilate"], values["text_dilate"] = radii["person"], radii["text"]
        self.values: dict[str, Any] = values
        self.model_runs: Counter = Counter()
        self._models: dict[tuple[str, str], Any] = {}
        self._outputs: dict[tuple, Any] = {}
        self._preview: tuple[tuple, dict] | None = None
        self._ui = None
        # clicks (objects, issue 9): each adds the object under it to the fill mask
        self._has_clicks = "clicks" in params
        self.clicks: list[tuple[int, int]] = []
        for p in params.get("clicks") or []:
            self.add_click(*p)

    # -- state -------------------------------------------------------------------------
    @property
    def image(self) -> np.ndarray:
        """The creative shown now, ``(H, W, 3) uint8``."""
        return self.images[self.creative]

    def set(self, **values) -> "Tuner":
        """Change parameters (names from :attr:`controls`, or ``creative``); returns self.

        Raises
        ------
        ContractError
            For a name that is not a control, or a value the pipeline rejects; the
            state is left unchanged.
        """
        new = dict(self.values)
        creative = values.pop("creative", self.creative)
        if creative not in self.images:
            raise ContractError(f"creative must be one of {list(self.images)}, got {creative!r}")
        for k, v in values.items():
            if k not in self.controls:
                raise ContractError(f"{k!r} is not a control of this tuner; controls: {self.controls}")
            new[k] = v
        PipelineConfig.from_dict(new)  # validates ranges and types before anything changes
        self.values, self.creative = new, creative
        if self._ui is not None:
            self._refresh()
        return self

    @property
    def config(self) -> PipelineConfig:
        return PipelineConfig.from_dict(self.values)

    def tuned(self) -> dict:
        """The values of the controls: what :meth:`save` writes."""
        out = {}
        for k in self.controls:
            v = self.values[k]
            out[k] = v.item() if isinstance(v, np.generic) else v
        if self._has_clicks:
            out["clicks"] = [[int(x), int(y)] for x, y in self.clicks]
        return out

    # -- cached model outputs --------------------------------------------------------------
    def _model(self, task: str, name: str):
        key = (task, name)
        if key not in self._models:
            from .registry import load

            opts = backend_options(PipelineConfig.from_dict({**self.values, task: name}), task)
            if "threshold" not in (self.values.get(f"{task}_options") or {}):
                opts.pop("threshold", None)  # the tuner thresholds the cached probability map itself
            self._models[key] = load(task, name, **opts)
        return self._models[key]

    def person_maps(self):
        """:class:`~creative_tools.person.base.PersonMaps` of the shown creative (cached;
        None when people are off): the person map and the one the fill takes people from."""
        name = self.values["person"]
        if name is None:
            return None
        key = ("person", self.creative, name)
        if key not in self._outputs:
            model = self._model("person", name)
            if hasattr(model, "maps"):
                self._outputs[key] = model.maps(self.image)
            else:  # a registered backend with one map (Pipeline.person_maps does the same)
                prob = model.probability(self.image)
                self._outputs[key] = PersonMaps(prob, prob)
            self.model_runs["person"] += 1
        return self._outputs[key]

    def person_prob(self) -> np.ndarray | None:
        """Person probability map ``(H, W) float32`` of the shown creative (cached)."""
        maps = self.person_maps()
        return None if maps is None else maps.prob

    def text_detection(self):
        """:class:`~creative_tools.text.TextDetection` of the shown creative (cached)."""
        name = self.values["text"]
        if name is None:
            return None
        key = ("text", self.creative, name)
        if key not in self._outputs:
            self._outputs[key] = self._model("text", name).detect(self.image)
            self.model_runs["text"] += 1
        return self._outputs[key]

    # -- clicks (the object under each one joins the fill mask) ---------------------------
    def add_click(self, x, y) -> "Tuner":
        """Add a positive click at pixel ``(x, y)``: the object under it (found by
        :func:`creative_tools.segment_at`) joins the fill mask of the merge and inpaint
        views. Clicks are saved by :meth:`save` when the notebook has a ``clicks`` parameter."""
        h, w = self.image.shape[:2]
        x, y = int(x), int(y)
        if not (0 <= x < w and 0 <= y < h):
            raise ContractError(f"click ({x}, {y}) lies outside the image ({w} x {h})")
        self.clicks.append((x, y))
        if self._ui is not None:
            self._refresh()
        return self

    def clear_clicks(self) -> "Tuner":
        """Forget every click."""
        self.clicks = []
        if self._ui is not None:
            self._refresh()
        return self

    def clicked_mask(self) -> np.ndarray:
        """``(H, W) bool``: the objects under the clicks (before dilation)."""
        if not self.clicks:
            return np.zeros(self.image.shape[:2], bool)
        key = ("clicks", self.creative, tuple(self.clicks))
        if key not in self._outputs:
            self._outputs = {k: o for k, o in self._outputs.items() if k[0] != "clicks"}
            self._outputs[key] = self.click_segmenter().segment(self.clicks)
        return self._outputs[key]

    def click_segmenter(self):
        """The shown creative's :class:`~creative_tools.objects.click.ClickSegmenter` (kept:
        built once per creative, as :func:`creative_tools.segment_at` builds it; the same masks)."""
        key = ("segmenter", self.creative)
        if key not in self._outputs:
            from .objects.click import ClickSegmenter

            self._outputs = {k: o for k, o in self._outputs.items() if k[0] != "segmenter"}
            self._outputs[key] = ClickSegmenter(self.image, saliency="auto")
        return self._outputs[key]

    # -- preview ---------------------------------------------------------------------------
    @property
    def preview(self) -> dict:
        """Masks (and background for ``view="inpaint"``) for the current values.

        Keys: ``person_mask``, ``text_mask``, ``mask`` (the merged fill mask, each
        ``(H, W) bool``), ``person_prob`` (or None) and ``background`` (``(H, W, 3)
        uint8``, only for the inpaint view, else None).
        """
        v = self.values
        key = (self.creative, self.view, tuple(sorted((k, repr(x)) for k, x in v.items())), tuple(self.clicks))
        if self._preview is not None and self._preview[0] == key:
            return self._preview[1]
        hw = self.image.shape[:2]
        use_person = self.view in ("person", "merge", "inpaint")
        use_text = self.view in ("text", "merge", "inpaint")
        maps = self.person_maps() if use_person else None
        prob = None if maps is None else maps.prob
        pm = np.zeros(hw, bool) if prob is None else prob > float(v["person_threshold"])
        # the fill's people: the mask plus the rim a finer pass took off it (Pipeline.person_fills)
        pf = np.zeros(hw, bool) if maps is None else maps.fill > float(v["person_threshold"])
        det = self.text_detection() if use_text else None
        tm = np.zeros(hw, bool) if det is None else det.mask
        radii = {"person": int(v["person_dilate"]), "text": int(v["text_dilate"])}
        if self.view == "person":
            mask = M.dilate(pm, radii["person"])
        elif self.view == "text":
            mask = M.dilate(tm, radii["text"])
        else:
            mask = fill_mask(self.config, pf, tm, self.clicked_mask() if self.clicks else None)
        background = None
        if self.view == "inpaint":
            bkey = ("inpaint", self.creative, v["inpaint"], mask.tobytes())
            if bkey not in self._outputs:
                self._outputs = {k: o for k, o in self._outputs.items() if k[0] != "inpaint"}
                self._outputs[bkey] = self._model("inpaint", v["inpaint"]).inpaint(self.image, mask)
                self.model_runs["inpaint"] += 1
            background = self._outputs[bkey]
        out = {"person_mask": pm, "text_mask": tm, "mask": mask, "person_prob": prob, "background": background}
        self._preview = (key, out)
        return out

    def preview_image(self, *, max_side: int = 900) -> np.ndarray:
        """The preview as one RGB picture: the masks over the creative (and the background).

        Returns
        -------
        (h, w, 3) uint8, its long side at most ``max_side`` (per panel).
        """
        from .viz import overlay

        p = self.preview
        if self.view == "person":
            layers = {"person": p["mask"]}
        elif self.view == "text":
            layers = {"text": p["mask"]}
        else:
            layers = {"mask": p["mask"]}
        panels = [overlay(self.image, layers, alpha=0.45)]
        if p["background"] is not None:
            panels.append(p["background"])
        import cv2

        h, w = self.image.shape[:2]
        s = min(1.0, max_side / max(h, w))
        if s < 1.0:
            panels = [cv2.resize(x, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
                      for x in panels]
        gap = np.full((panels[0].shape[0], 8, 3), 255, np.uint8)
        out = panels[0]
        for x in panels[1:]:
            out = np.concatenate([out, gap, x], axis=1)
        return out

    def stats(self) -> str:
        """One line: mask area and how often each model ran."""
        p = self.preview
        runs = ", ".join(f"{k} {n}x" for k, n in sorted(self.model_runs.items())) or "none"
        return f"mask: {100 * p['mask'].mean():.2f}% of the image; model runs: {runs}"

    # -- saving ------------------------------------------------------------------------------
    def save(self, path=None) -> Path:
        """Write :meth:`tuned` to YAML (keys = the notebook's parameter names).

        Parameters
        ----------
        path : path-like, optional
            Defaults to ``save_path`` given at construction.

        Returns
        -------
        Path
            The file written; ``papermill NOTEBOOK OUT -f PATH`` replays the values.

        Raises
        ------
        ContractError
            If neither ``path`` nor ``save_path`` is given.
        """
        import yaml

        target = path if path is not None else self.save_path
        if target is None:
            raise ContractError("save needs a path (none given and no save_path set)")
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(self.tuned(), sort_keys=False))
        return target

    # -- ipywidgets ----------------------------------------------------------------------------
    def _make_control(self, name: str):
        import ipywidgets as W

        kind = CONTROLS[name]
        style = {"description_width": "140px"}
        layout = W.Layout(width="480px")
        if kind[0] == "dropdown":
            from .params import params
            from .registry import available

            p = params(PipelineConfig)[name]
            names = available(kind[1]) if p.kind == "backend" else list(kind[1])
            opts = ([("none", None)] if p.nullable else []) + [(n, n) for n in names]
            return W.Dropdown(options=opts, value=self.values[name], description=name, style=style,
                              layout=layout)
        cls = W.FloatSlider if kind[0] == "float" else W.IntSlider
        hi = max(kind[2], self.values[name])
        return cls(value=self.values[name], min=kind[1], max=hi, step=kind[3], description=name,
                   continuous_update=False, style=style, layout=layout)

    def _refresh(self) -> None:
        ui = self._ui
        try:
            ui["image"].value = _png(self.preview_image())
            ui["status"].value = self.stats()
            if self._has_clicks:
                # the image is shown: its clicks' shared work (saliency map, proposals) now,
                # not in the first click that needs it (ClickSegmenter.prepare; the same masks)
                self.click_segmenter().prepare()
        except Exception as e:  # show backend errors in the widget instead of a dead callback
            ui["status"].value = f"error: {e}"

    def widget(self):
        """An ipywidgets box: one control per parameter, the preview and a save button.

        Call only in an interactive session (``interactive=True`` in the notebooks).
        """
        import ipywidgets as W

        ctrls = {}
        if len(self.images) > 1:
            ctrls["creative"] = W.Dropdown(options=list(self.images), value=self.creative,
                                           description="creative", layout=W.Layout(width="480px"))
        for name in self.controls:
            ctrls[name] = self._make_control(name)
        image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        status = W.Label()
        button = W.Button(description="save values", icon="save", button_style="success")
        saved = W.Label(value=f"-> {self.save_path}" if self.save_path else "")
        self._ui = {"image": image, "status": status, "controls": ctrls}

        def on_change(change, name):
            try:
                self.set(**{name: change["new"]})
            except ContractError as e:
                status.value = f"error: {e}"

        for name, c in ctrls.items():
            c.observe(lambda ch, n=name: on_change(ch, n), names="value")

        def on_save(_):
            try:
                saved.value = f"saved {self.save()}"
            except Exception as e:
                saved.value = f"error: {e}"

        button.on_click(on_save)
        extra = self._click_events(image, W) if self._has_clicks else []
        self._refresh()
        return W.VBox([*ctrls.values(), W.HBox([button, saved, *extra]), status, image])

    def _click_events(self, image, W) -> list:
        """Clicks on the preview add objects (needs ``ipyevents``; else a note says so)."""
        clear = W.Button(description="clear clicks", icon="eraser")
        clear.on_click(lambda _: self.clear_clicks())
        try:
            from ipyevents import Event
        except ImportError:
            return [clear, W.Label("(pip install ipyevents to click on the preview)")]
        ev = Event(source=image, watched_events=["click"])

        def on_click(e):
            h, w = self.image.shape[:2]
            s = max(h, w) / min(max(h, w), 900)  # preview_image's scale
            try:
                self.add_click(e["dataX"] * s, e["dataY"] * s)
            except ContractError:
                pass  # a click on the background panel of the inpaint view

        ev.on_dom_event(on_click)
        self._events = ev
        return [clear]


def _png(rgb: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, format="PNG")
    return buf.getvalue()
