"""The fd-level stderr filter that drops the tflite runtime's INFO line."""

from __future__ import annotations

import os
import sys

from creative_tools._stderr import TFLITE_NOISE, filtered_stderr


def test_drops_matching_lines_and_keeps_the_rest_in_order(capfd):
    with filtered_stderr(*TFLITE_NOISE):
        os.write(2, b"first\n")
        os.write(2, b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n")
        os.write(2, b"last, no newline")
    assert capfd.readouterr().err == "first\nlast, no newline"


def test_python_level_stderr_is_kept(capfd):
    with filtered_stderr(*TFLITE_NOISE):
        print("from python", file=sys.stderr)
    assert "from python" in capfd.readouterr().err


def test_stderr_is_restored_after_an_exception(capfd):
    try:
        with filtered_stderr("x"):
            os.write(2, b"kept\n")
            raise KeyError("boom")
    except KeyError:
        pass
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "kept\nafter\n"
