import hashlib
import json

import pytest

from creative_tools import weights as W
from creative_tools.errors import WeightsError, WeightsHashMismatch, WeightsNotFoundError


@pytest.fixture
def record(tmp_path):
    """A declared weight file served from a file:// URL (a real download, no network)."""
    src = tmp_path / "published" / "tiny.bin"
    src.parent.mkdir()
    src.write_bytes(b"weights!" * 100)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    w = W.WeightFile(name=f"tiny-{tmp_path.name}", filename="tiny.bin", urls=(src.as_uri(),),
                     sha256=digest, license="MIT", preprocessing={"mean": (0.5,)})
    W.register_weights(w)
    yield w, src
    W._WEIGHTS.pop(w.name, None)


def test_record_is_frozen_and_describes_hash():
    w = W.WeightFile("x", "x.pth", ("http://e/x.pth",), md5="ab")
    with pytest.raises(Exception):
        w.name = "y"
    with pytest.raises(TypeError):
        w.preprocessing["mean"] = 1
    assert w.hash_status.startswith("md5 only")
    assert W.WeightFile("x", "x", ()).hash_status == "no hash published"
    assert W.WeightFile("x", "x", (), sha256="abcd1234").hash_status == "sha256 prefix abcd1234"


def test_offline_missing_names_file_path_and_url(ct_home, record):
    w, src = record
    with pytest.raises(WeightsNotFoundError) as e:
        W.resolve(w.name)
    msg = str(e.value)
    assert "tiny.bin" in msg and str(ct_home / "weights" / "tiny.bin") in msg
    assert src.as_uri() in msg and "place it by hand" in msg and "offline" in msg


def test_download_checks_hash_then_renames(ct_home, monkeypatch, record):
    w, src = record
    monkeypatch.delenv("CREATIVE_TOOLS_OFFLINE")
    p = W.resolve(w.name, progress=False)
    assert p == ct_home / "weights" / "tiny.bin" and p.read_bytes() == src.read_bytes()
    assert [f.name for f in p.parent.iterdir()] == ["tiny.bin"]  # no partial file left
    assert W.find(w.name) == p
    # cached: found again without the source
    src.unlink()
    assert W.resolve(w.name) == p


def test_bad_download_never_lands(ct_home, monkeypatch, record):
    w, src = record
    src.write_bytes(b"tampered")
    monkeypatch.delenv("CREATIVE_TOOLS_OFFLINE")
    with pytest.raises(WeightsNotFoundError, match="does not match"):
        W.resolve(w.name, progress=False)
    assert not (ct_home / "weights").exists() or not any((ct_home / "weights").iterdir())


def test_hash_mismatch_keeps_users_file(ct_home, record):
    w, _ = record
    target = W.expected_path(w.name)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone else's file")
    with pytest.raises(WeightsHashMismatch, match="left in place"):
        W.resolve(w.name)
    assert target.read_bytes() == b"someone else's file"


def test_explicit_path_wins_and_is_checked(ct_home, tmp_path, record):
    w, src = record
    assert W.resolve(w.name, path=src) == src
    with pytest.raises(WeightsNotFoundError, match="no file at the given path"):
        W.resolve(w.name, path=tmp_path / "nope.bin")
    other = tmp_path / "other.bin"
    other.write_bytes(b"x")
    with pytest.raises(WeightsHashMismatch):
        W.resolve(w.name, path=other)


def test_pin_records_sha_for_unhashed_files(ct_home, tmp_path):
    w = W.register_weights(W.WeightFile(f"nohash-{tmp_path.name}", "n.bin", ("http://example.invalid/n.bin",)))
    try:
        f = tmp_path / "n.bin"
        f.write_bytes(b"verified by a user")
        digest = W.pin(w.name, f)
        assert json.loads((ct_home / "pins.json").read_text())[w.name] == digest
        f.write_bytes(b"changed later")
        with pytest.raises(WeightsHashMismatch, match="pinned"):
            W.verify(w.name, f)
    finally:
        W._WEIGHTS.pop(w.name, None)


def test_unknown_name_lists_known():
    with pytest.raises(WeightsError, match="Unknown weights: 'nope'. Available:"):
        W.get("nope")


def test_home_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("CREATIVE_TOOLS_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert W.home() == tmp_path / "creative_tools"
    monkeypatch.setenv("CREATIVE_TOOLS_OFFLINE", "0")
    assert not W.offline()
    monkeypatch.setenv("CREATIVE_TOOLS_OFFLINE", "1")
    assert W.offline()


def test_conflicting_redeclaration_raises(record):
    w, _ = record
    W.register_weights(w)  # the same record again is fine
    with pytest.raises(ValueError, match="already declared"):
        W.register_weights(W.WeightFile(w.name, "other.bin", ()))
