"""``bordermap --version`` and ``bordermap.__version__``: the installed distribution's version."""

from __future__ import annotations

import re
from importlib.metadata import version

import bordermap
from tests.conftest import run_cli


def test_version_is_the_package_metadata():
    assert bordermap.__version__ == version("bordermap")
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?([.+-]?\w+)*", bordermap.__version__)


def test_version_on_the_command_line():
    proc = run_cli("--version", timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == f"bordermap {bordermap.__version__}\n"
