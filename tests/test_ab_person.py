"""scripts/ab_person.py: an older commit's person backend beside this tree's, one process."""

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import script_module

ROOT = Path(__file__).resolve().parents[1]


def _git_ok() -> bool:
    if shutil.which("git") is None:
        return False
    r = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, check=False)
    return r.returncode == 0


@pytest.mark.skipif(not _git_ok(), reason="needs git and a git checkout")
def test_old_package_is_importable_beside_the_tree(tmp_path):
    with script_module("ab_person") as ab:
        old = ab._old_package("HEAD", tmp_path)
    assert old.__name__ == "ct_old.person.mediapipe"
    assert (tmp_path / "ct_old" / "person" / "mediapipe.py").exists()
    import creative_tools.person.mediapipe as new

    assert old.MediaPipePerson is not new.MediaPipePerson


@pytest.mark.skipif(not _git_ok(), reason="needs git and a git checkout")
def test_same_commit_gives_the_same_masks(capsys):
    pytest.importorskip("ai_edge_litert")
    from creative_tools.errors import BackendUnavailableError
    from creative_tools.person.runtime import model_path

    try:
        model_path("pose_detection")
    except BackendUnavailableError as e:
        pytest.skip(str(e))
    diff = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "creative_tools/person"], check=False)
    if diff.returncode != 0:
        pytest.skip("creative_tools/person has uncommitted changes: HEAD is not this tree")
    with script_module("ab_person") as ab:
        assert ab.main(["--old", "HEAD", "--groups", "data"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| data |"))
    assert "| 0 (0.00%) |" in row, row
