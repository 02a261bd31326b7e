"""Lint, format and strict typing hold for the package (ruff, mypy --strict via pyproject)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "cmd",
    [
        ["ruff", "check", "bordermap", "tests", "geodata", "benchmarks", "notebooks", "setup.py"],
        ["ruff", "format", "--check", "bordermap", "tests", "geodata", "notebooks/build_notebooks.py", "setup.py"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_quality(cmd):
    proc = subprocess.run([sys.executable, "-m", *cmd], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
