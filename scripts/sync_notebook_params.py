"""Rewrite the notebooks' parameter lines for PipelineConfig fields from the schema.

In each ``notebooks/NN_name.py`` (jupytext source) whose parameters cell names a
:class:`~creative_tools.pipeline.PipelineConfig` field, that line becomes
:func:`creative_tools.params.notebook_line` (type, default and comment declared once, in
the field), then the paired ``.ipynb`` is updated with ``jupytext --sync``::

    python scripts/sync_notebook_params.py [notebooks/01_person_segmentation.py ...]

``tests/notebooks/test_notebooks.py`` fails when a line differs from the schema.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from creative_tools.params import notebook_line, params  # noqa: E402
from creative_tools.pipeline import PipelineConfig  # noqa: E402

#: The notebooks whose parameter lines follow the schema (05 reads a finished batch).
NOTEBOOKS = ("01_person_segmentation", "02_text_masking", "03_mask_merging", "04_inpainting")


def sync_text(text: str) -> str:
    """``text`` of a percent source with its schema parameter lines regenerated."""
    out, in_params = [], False
    fields = params(PipelineConfig)
    for line in text.splitlines(keepends=True):
        if line.startswith("# %%"):
            in_params = 'tags=["parameters"]' in line
        m = re.match(r"([A-Za-z_]\w*)\s*:", line)
        if in_params and m and m.group(1) in fields:
            line = notebook_line(PipelineConfig, m.group(1)) + "\n"
        out.append(line)
    return "".join(out)


def main(argv=None) -> int:
    paths = [Path(p) for p in (argv if argv else sys.argv[1:])] or [ROOT / "notebooks" / f"{n}.py" for n in NOTEBOOKS]
    changed = []
    for p in paths:
        old = p.read_text(encoding="utf-8")
        new = sync_text(old)
        if new != old:
            p.write_text(new, encoding="utf-8")
            changed.append(p)
    if changed:
        subprocess.run([sys.executable, "-m", "jupytext", "--sync", *map(str, changed)], check=True)
    print(f"updated {len(changed)} of {len(paths)}: " + ", ".join(p.name for p in changed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
