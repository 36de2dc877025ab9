"""creative_tools.widgets.Tuner driven without a browser: set -> preview -> save."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from creative_tools.errors import ContractError
from creative_tools.io import load_image
from creative_tools.widgets import CONTROLS, Tuner

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "rocket_landscape.png"


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} not present")
    import cv2

    return cv2.resize(load_image(SAMPLE), (360, 240), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="module")
def merge_tuner(image) -> Tuner:
    return Tuner(image, params={"person": "mediapipe", "text": "ppocr", "inpaint": "telea"},
                 controls=["person_threshold", "person_dilate", "text_dilate", "close", "min_area"],
                 view="merge")


def test_threshold_changes_the_preview_without_rerunning_the_model(merge_tuner):
    t = merge_tuner
    t.set(person_threshold=0.5, person_dilate=0, text_dilate=0, close=0, min_area=0)
    before = t.preview["person_mask"].copy()
    runs = dict(t.model_runs)
    assert runs == {"person": 1, "text": 1}
    t.set(person_threshold=0.98)
    after = t.preview["person_mask"]
    assert before.sum() > after.sum() > 0, (before.sum(), after.sum())
    assert np.array_equal(after, t.person_prob() > 0.98)
    assert dict(t.model_runs) == runs, "a post-processing change must not re-run the models"


def test_dilation_grows_the_merged_mask(merge_tuner):
    t = merge_tuner
    t.set(person_threshold=0.5, person_dilate=0, text_dilate=0, close=0, min_area=0)
    small = t.preview["mask"].copy()
    t.set(person_dilate=6, text_dilate=3)
    big = t.preview["mask"]
    assert big.sum() > small.sum()
    assert np.all(big[small]), "a dilated mask contains the original"


def test_save_writes_the_tuned_values_as_yaml(merge_tuner, tmp_path):
    t = merge_tuner
    t.set(person_threshold=0.35, close=3)
    path = t.save(tmp_path / "sub" / "tuned.yaml")
    data = yaml.safe_load(path.read_text())
    assert list(data) == t.controls  # only the notebook's parameters, in order
    assert data["person_threshold"] == 0.35 and data["close"] == 3
    assert all(isinstance(v, (int, float)) for v in data.values())


def test_invalid_values_raise_and_leave_the_state_alone(merge_tuner):
    t = merge_tuner
    t.set(person_threshold=0.4)
    with pytest.raises(ContractError, match="person_threshold"):
        t.set(person_threshold=1.5)
    with pytest.raises(ContractError, match="not a control"):
        t.set(inpaint="telea")  # a pipeline field, but not exposed by this tuner
    assert t.values["person_threshold"] == 0.4


def test_bad_construction_raises(image):
    with pytest.raises(ContractError, match="unknown control"):
        Tuner(image, params={}, controls=["threshold"])
    with pytest.raises(ContractError, match="view"):
        Tuner(image, params={}, controls=[], view="everything")
    with pytest.raises(ContractError, match="save needs a path"):
        Tuner(image, params={}, controls=[]).save()
    with pytest.raises(ContractError, match="images"):
        Tuner({}, params={}, controls=[])


def test_auto_dilation_is_resolved_to_the_radius_it_means(image):
    t = Tuner(image, params={"person": "mediapipe", "text": None}, controls=["person_dilate"], view="person")
    assert t.values["person_dilate"] == max(1, round(max(image.shape[:2]) / 200))


def test_backend_change_reruns_only_that_model(image):
    t = Tuner(image, params={"person": "mediapipe", "text": None}, controls=["person", "person_threshold"],
              view="person")
    t.preview
    t.set(person="selfie")
    t.preview
    t.set(person="mediapipe", person_threshold=0.7)
    t.preview
    assert t.model_runs["person"] == 2  # mediapipe's output came back from the cache
    assert t.model_runs["text"] == 0


def test_inpaint_view_reruns_inpainting_only_when_the_mask_changes(image):
    t = Tuner(image, params={"person": "mediapipe", "text": "ppocr", "inpaint": "telea"},
              controls=["inpaint", "person_dilate", "person_threshold"], view="inpaint")
    bg = t.preview["background"]
    assert bg.shape == image.shape and bg.dtype == np.uint8
    mask = t.preview["mask"]
    assert np.array_equal(bg[~mask], image[~mask])
    t.set(person_threshold=t.values["person_threshold"])  # same values: same preview
    t.preview
    assert t.model_runs["inpaint"] == 1
    t.set(person_dilate=t.values["person_dilate"] + 4)
    t.preview
    assert t.model_runs["inpaint"] == 2 and t.model_runs["person"] == 1


def test_widget_drives_the_controller(image, tmp_path):
    W = pytest.importorskip("ipywidgets")
    t = Tuner({"a": image, "b": image[:, ::-1].copy()},
              params={"person": "mediapipe", "text": "ppocr", "inpaint": "telea"},
              controls=["person_threshold", "text_dilate"], view="merge", save_path=tmp_path / "t.yaml")
    box = t.widget()
    assert isinstance(box, W.VBox)
    ctrls = t._ui["controls"]
    assert set(ctrls) == {"creative", "person_threshold", "text_dilate"}
    png0 = t._ui["image"].value
    assert png0[:8] == b"\x89PNG\r\n\x1a\n"
    ctrls["text_dilate"].value = 12  # what moving the slider does
    assert t.values["text_dilate"] == 12
    assert t._ui["image"].value != png0, "the preview must update"
    ctrls["creative"].value = "b"
    assert t.creative == "b"
    button = next(c for c in box.children if isinstance(c, W.HBox)).children[0]
    button.click()
    assert yaml.safe_load((tmp_path / "t.yaml").read_text())["text_dilate"] == 12


def test_every_control_is_a_pipeline_field():
    from dataclasses import fields

    from creative_tools.pipeline import PipelineConfig

    assert set(CONTROLS) <= {f.name for f in fields(PipelineConfig)}
