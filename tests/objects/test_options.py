"""The objects backend's options reach GraphicParams from the CLI, the YAML config and Python."""

from dataclasses import fields

import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.graphic import GraphicParams
from creative_tools.registry import check_backend, load, option_names


def test_option_names_are_every_graphic_param_and_the_backend_own():
    names = option_names("objects", "auto")
    assert names is not None
    assert set(names) == {f.name for f in fields(GraphicParams)} | {
        "kinds",
        "min_score",
        "saliency",
    }


def test_check_backend_accepts_a_graphic_param():
    check_backend(
        "objects",
        "auto",
        {"edge_laid": 0, "min_score": 0.9},
        option_name="objects_options",
    )
    assert load("objects", "auto", edge_laid=0).params.edge_laid == 0


def test_misspelt_option_is_named_with_the_near_one():
    with pytest.raises(
        ContractError,
        match=r"objects_options: .*\['edge_layd'\].*did you mean 'edge_laid'",
    ):
        check_backend(
            "objects", "auto", {"edge_layd": 0}, option_name="objects_options"
        )


def test_pipeline_passes_objects_options():
    from creative_tools.pipeline import Pipeline

    p = Pipeline(
        person=None,
        text=None,
        objects="auto",
        inpaint="telea",
        objects_options={"edge_laid": 0},
    )
    assert p._model("objects").params.edge_laid == 0
    with pytest.raises(ContractError, match=r"objects_options: .*\['edge_layd'\]"):
        Pipeline(objects="auto", objects_options={"edge_layd": 0})


def test_cli_and_yaml_reach_graphic_params(tmp_path):
    from creative_tools.cli import _pipeline_options, build_parser
    from creative_tools.pipeline import Pipeline

    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "objects: auto\nobjects_options:\n  edge_laid: 0\n  min_score: 0.9\n"
    )
    args = build_parser().parse_args(
        [
            "run",
            "x.png",
            "--out",
            str(tmp_path / "o"),
            "--config",
            str(cfg),
            "--objects-options",
            "max_std=7",
        ]
    )
    opts = _pipeline_options(args)
    assert opts["objects_options"] == {"edge_laid": 0, "min_score": 0.9, "max_std": 7}
    model = Pipeline(**{**opts, "person": None, "text": None})._model("objects")
    assert (model.params.edge_laid, model.params.max_std, model.min_score) == (
        0,
        7,
        0.9,
    )
