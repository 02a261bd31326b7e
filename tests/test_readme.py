"""The README's Python example runs and prints what its comments say."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

from tests.conftest import ROOT


def test_readme_example_runs(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", readme, re.S)[0]
    assert len(code.strip().splitlines()) <= 20
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout.splitlines()
    assert {"Vilnius", "Minsk", "Dieveniškės", "Padvarionys"} <= set(ast.literal_eval(out[0]))
    assert out[1:] == ["671.8 km", "82% covered", "2.64 km at 54.31 N, 25.53 E", "consistent"]
    assert (tmp_path / "bordermap-out" / "map.html").exists() and (tmp_path / "border.geojson").exists()
