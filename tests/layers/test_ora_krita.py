"""layers.ora opened by Krita (Debian's krita, under Xvfb): its own flattening must equal
the creative. Slow (Krita starts in ~10-60 s); skipped where Krita or Xvfb is missing."""

from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest

from creative_tools.layers import Layer, LayerStack, psnr

pytestmark = pytest.mark.slow


@pytest.fixture
def display():
    if not (shutil.which("krita") and shutil.which("Xvfb")):
        pytest.skip("krita and Xvfb are not installed (apt-get install krita xvfb)")
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24", "-ac", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r) as f:
        num = f.readline().strip()
    try:
        yield f":{num}"
    finally:
        proc.terminate()
        proc.wait(10)


def test_krita_flattens_the_ora_to_the_composite(display, tmp_path, rng):
    from PIL import Image

    bg = rng.integers(0, 256, (60, 80, 3), dtype=np.uint8)
    stack = LayerStack.from_background(bg)
    top = np.zeros((20, 30, 4), np.uint8)
    top[..., :3] = (250, 200, 10)
    top[..., 3] = np.linspace(0, 255, 30).astype(np.uint8)[None, :]
    stack.layers.append(Layer("text_1", "text", top, 10, 15))
    stack.save(tmp_path)
    out = tmp_path / "krita.png"
    env = dict(os.environ, DISPLAY=display)
    subprocess.run(["krita", "--nosplash", "--export", "--export-filename", str(out), str(tmp_path / "layers.ora")],
                   env=env, timeout=300, check=True, capture_output=True)
    got = np.asarray(Image.open(out).convert("RGB"))
    assert got.shape == (60, 80, 3)
    # Krita blends in its own arithmetic: within 8-bit rounding of ours
    assert psnr(got, stack.composite()) >= 45
