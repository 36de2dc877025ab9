"""The parameter schema: one declaration per field feeds checks, CLI, YAML, widgets and docs."""

from __future__ import annotations

import argparse
import dataclasses

import pytest

from creative_tools import params as P
from creative_tools.errors import ContractError, CreativeToolsError
from creative_tools.pipeline import PipelineConfig


def test_every_field_is_declared_once_with_help():
    fields = [f.name for f in dataclasses.fields(PipelineConfig)]
    assert list(P.params(PipelineConfig)) == fields
    assert all(p.help.strip() for p in P.params(PipelineConfig).values())


@pytest.mark.parametrize("name, value, words", [
    ("person_threshold", "high", ["person_threshold", "a number in [0, 1]", "'high' (str)"]),
    ("person_threshold", 1.5, ["person_threshold", "[0, 1]", "1.5 (float)"]),
    ("person_threshold", float("nan"), ["person_threshold", "nan"]),
    ("min_area", True, ["min_area", "an integer >= 0", "True (bool)"]),
    ("person_dilate", True, ["person_dilate", "or none (long side / 200)", "True (bool)"]),
    ("close", 2.5, ["close", "an integer >= 0", "2.5 (float)"]),
    ("close", -1, ["close", ">= 0", "-1 (int)"]),
    ("person_options", 5, ["person_options", "a mapping of person backend keyword: value", "5 (int)"]),
    ("text_options", {1: 2}, ["text_options", "mapping"]),
    ("inpaint", None, ["inpaint", "an inpaint backend name", "None (NoneType)"]),
    ("inpaint", "none", ["inpaint", "'none' (str)"]),
    ("device", 0, ["device", "a string", "0 (int)"]),
    ("objects_kinds", "badge,cloud", ["objects_kinds", "a list of some of logo, badge", "unknown ['cloud']"]),
    ("objects_kinds", [], ["objects_kinds", "[] (list)"]),
])
def test_bad_values_get_one_line_naming_field_allowed_and_given(name, value, words):
    with pytest.raises(ContractError) as e:
        PipelineConfig(**{name: value})
    msg = str(e.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, msg


def test_none_words_switch_a_source_off_and_ints_stay_ints():
    c = PipelineConfig(person="none", text="ppocr", person_dilate="none", person_threshold=1)
    assert c.person is None and c.person_dilate is None
    assert c.person_threshold == 1.0 and isinstance(c.person_threshold, float)
    assert PipelineConfig.from_dict({"text": "None", "person": "mediapipe"}).text is None
    assert PipelineConfig(objects_kinds="badge, logo").objects_kinds == ["badge", "logo"]
    assert PipelineConfig(objects_kinds="all").objects_kinds is None
    with pytest.raises(ContractError, match="at least one of person, text and objects"):
        PipelineConfig(person=None, text="off")


def test_yaml_config(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("person: none\ntext_dilate: 4\ntext_options:\n  box_thresh: 0.6\n")
    assert P.read_config(p, PipelineConfig) == {"person": None, "text_dilate": 4, "text_options": {"box_thresh": 0.6}}
    p.write_bytes(b"person: caf\xe9\n")
    with pytest.raises(CreativeToolsError, match=r"c\.yaml: config must be UTF-8 text, got byte 0xe9 at offset 11"):
        P.read_config(p, PipelineConfig)
    p.write_text("person_threshold: high\n")
    with pytest.raises(CreativeToolsError, match=r"c\.yaml: person_threshold must be a number in \[0, 1\], got 'high'"):
        P.read_config(p, PipelineConfig)
    p.write_text("- 1\n- 2\n")
    with pytest.raises(CreativeToolsError, match="must be a mapping of option: value, got"):
        P.read_config(p, PipelineConfig)
    p.write_text("a: [\n")
    with pytest.raises(CreativeToolsError, match="not valid YAML at line"):
        P.read_config(p, PipelineConfig)
    p.write_text("")
    assert P.read_config(p, PipelineConfig) == {}


def test_attributes_doc_lists_every_field():
    doc = PipelineConfig.__doc__
    for name in P.params(PipelineConfig):
        assert f"    {name} : " in doc, name
    assert "{attributes}" not in doc


# -- a new parameter, declared in one place, appears everywhere ---------------------------------
@dataclasses.dataclass(frozen=True)
class WithNewField(PipelineConfig):
    text_min_score: float = P.param(0.0, kind="float", low=0, high=1, widget=("float", 0.0, 1.0, 0.05),
                                    help="drop text regions scored below this")


def test_one_declaration_reaches_checks_cli_yaml_widgets_and_docs(tmp_path):
    name = "text_min_score"
    # checks
    assert WithNewField(text_min_score=0.3).text_min_score == 0.3
    with pytest.raises(ContractError, match=r"text_min_score must be a number in \[0, 1\], got 2"):
        WithNewField(text_min_score=2)
    # command line
    ap = argparse.ArgumentParser()
    P.add_cli_options(ap, WithNewField)
    assert "--text-min-score X" in ap.format_help()
    assert "drop text regions scored below this (default: 0.0)" in " ".join(ap.format_help().split())
    assert P.cli_values(ap.parse_args(["--text-min-score", "0.25"]), WithNewField) == {name: 0.25}
    assert P.cli_values(ap.parse_args([]), WithNewField) == {}
    # YAML
    cfg = tmp_path / "c.yaml"
    cfg.write_text("text_min_score: 0.5\n")
    assert P.read_config(cfg, WithNewField) == {name: 0.5}
    # widgets and notebooks
    assert P.widget_controls(WithNewField)[name] == ("float", 0.0, 1.0, 0.05)
    assert P.notebook_line(WithNewField, name) == \
        "text_min_score: float = 0.0  # drop text regions scored below this"
    assert name in P.attributes_doc(WithNewField)


def test_cli_parses_types_and_key_values():
    ap = argparse.ArgumentParser()
    P.add_cli_options(ap, PipelineConfig)
    args = ap.parse_args(["--person", "none", "--person-dilate", "auto", "--text-options", "box_thresh=0.6",
                          "--text-options", "scales=[1, 0.5]", "--text-options", "model=v5", "--close", "3"])
    assert P.cli_values(args, PipelineConfig) == {
        "person": None, "person_dilate": None, "close": 3,
        "text_options": {"box_thresh": 0.6, "scales": [1, 0.5], "model": "v5"}}


@pytest.mark.parametrize("word", ["none", "None", "null", "~", " NONE "])
def test_backend_options_read_the_none_words_as_none(word):
    # low_contrast=none arrived as the string 'none' (YAML), refused only when the model
    # loaded ("could not convert string to float"); off stays False for a bool option
    ap = argparse.ArgumentParser()
    P.add_cli_options(ap, PipelineConfig)
    args = ap.parse_args(["--text-options", f"low_contrast={word}", "--text-options", "tight=false",
                          "--text-options", "ground=off"])
    assert P.cli_values(args, PipelineConfig)["text_options"] == {"low_contrast": None, "tight": False,
                                                                  "ground": False}



def test_yaml_config_reads_none_in_backend_options(tmp_path):
    # the CLI's low_contrast=none was read as None, a YAML config's `low_contrast: none` stayed
    # the string 'none' (refused when the model loaded); `off` stays False for a bool option
    p = tmp_path / "c.yaml"
    p.write_text("text_options:\n  low_contrast: none\n  ground: off\n  model: v5\n")
    assert P.read_config(p, PipelineConfig) == {
        "text_options": {"low_contrast": None, "ground": False, "model": "v5"}}
    assert PipelineConfig(text_options={"low_contrast": " None "}).text_options == {"low_contrast": None}

@pytest.mark.parametrize("argv, words", [
    (["--person-threshold", "high"], ["--person-threshold", "a number in [0, 1]", "'high'"]),
    (["--min-area", "-3"], ["--min-area", "an integer >= 0", "'-3'"]),
    (["--close", "1.5"], ["--close", "an integer", "'1.5'"]),
    (["--text-options", "nokey"], ["--text-options", "KEY=VALUE", "'nokey'"]),
    (["--inpaint", "none"], ["--inpaint", "an inpaint backend name", "'none'"]),
])
def test_cli_type_errors(argv, words, capsys):
    class Parser(argparse.ArgumentParser):
        def error(self, message):
            raise ValueError(message)

    ap = Parser()
    P.add_cli_options(ap, PipelineConfig)
    with pytest.raises(ValueError) as e:
        ap.parse_args(argv)
    for w in words:
        assert w in str(e.value), str(e.value)
