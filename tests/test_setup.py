"""The set-up a newcomer follows: scripts/test says what it installs where and never replaces another
bordermap; scripts/extras adds an extra without building the wheel again; the notebooks have an extra.

Each case runs the scripts with ``--plan`` (they change nothing then) in a throwaway virtual
environment (``venv --without-pip``) where bordermap is present as pip records it: a wheel, or an
editable install of this checkout or of another.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _venv(tmp_path: Path, bordermap: str | None, *, extras: dict[str, list[str]] | None = None) -> Path:
    """A virtual environment with bordermap recorded as ``bordermap`` says: None, a wheel, or an editable URL."""
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    if bordermap is not None:
        purelib = subprocess.run(
            [str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        info = Path(purelib) / "bordermap-0.1.0.dist-info"
        info.mkdir(parents=True)
        lines = ["Metadata-Version: 2.1", "Name: bordermap", "Version: 0.1.0"]
        for extra, reqs in (extras or {}).items():
            lines.append(f"Provides-Extra: {extra}")
            lines += [f'Requires-Dist: {r} ; extra == "{extra}"' for r in reqs]
        (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (info / "RECORD").write_text("", encoding="utf-8")
        if bordermap == "wheel":
            url = {"url": "file:///home/someone/bordermap", "dir_info": {}}
        else:
            url = {"url": bordermap, "dir_info": {"editable": True}}
        (info / "direct_url.json").write_text(json.dumps(url), encoding="utf-8")
    return env


def _run(script: str, *args: str, env_dir: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    if env_dir is not None:
        env["VIRTUAL_ENV"] = str(env_dir)
        env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )


def test_scripts_test_leaves_a_wheel_install_alone_and_says_so(tmp_path):
    env = _venv(tmp_path, "wheel")
    had_venv = (ROOT / ".venv").exists()
    proc = _run("test", "--plan", "-k", "border", env_dir=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"the active environment {env} has bordermap file:///home/someone/bordermap (installed)" in out
    assert "left as it is" in out
    assert f"environment: {ROOT}/.venv (this checkout's own" in out  # its own environment instead
    # its own .venv is made and filled, or (already set up by an earlier run, as in CI) left as it is
    assert f"installing: bordermap editable from {ROOT}" in out or f"already installed editable from {ROOT}" in out
    assert "chromium: " in out and "strace: " in out and "source data: fetched (once) into " in out
    assert out.rstrip().endswith("tests: python -m pytest -k border")
    assert (ROOT / ".venv").exists() is had_venv  # --plan makes nothing


@pytest.mark.parametrize(
    ("recorded", "uses_active"),
    [(None, True), ("HERE", True), ("file:///elsewhere/bordermap", False)],
)
def test_scripts_test_uses_an_active_environment_only_when_it_is_free_or_this_checkout(tmp_path, recorded, uses_active):
    url = ROOT.resolve().as_uri() if recorded == "HERE" else recorded
    env = _venv(tmp_path, url)
    proc = _run("test", "--plan", env_dir=env)
    assert proc.returncode == 0, proc.stderr
    assert (f"environment: the active one, {env}" in proc.stdout) is uses_active
    assert ("left as it is" in proc.stdout) is not uses_active
    if recorded == "HERE":  # this checkout, but its requirements are missing in the bare environment
        assert "bordermap now: editable-here" in proc.stdout


def test_scripts_test_without_an_environment_uses_its_own(tmp_path):
    proc = _run("test", "--plan", env_dir=None)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"scripts/test: environment: {ROOT}/.venv (this checkout's own")


def test_scripts_extras_installs_only_what_the_extra_names(tmp_path):
    env = _venv(tmp_path, "wheel", extras={"corpus": ["dask>=2024.1", "bokeh>=3.1"], "test": ["pytest>=8"]})
    proc = _run("extras", "--plan", "corpus", env_dir=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"scripts/extras: into {env} ({env}/bin/python), for the extras corpus:",
        "  dask>=2024.1",
        "  bokeh>=3.1",
    ]
    bad = _run("extras", "--plan", "notebooks", env_dir=env)
    assert bad.returncode != 0 and "has no extra 'notebooks' (it has: corpus, test)" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_scripts_extras_without_bordermap_says_how_to_install_it(tmp_path):
    env = _venv(tmp_path, None)
    proc = _run("extras", "--plan", "corpus", env_dir=env)
    assert proc.returncode != 0
    assert proc.stderr.strip() == (
        f"bordermap is not installed in {env}: install it with its extras in one go, "
        "pip install '.[corpus]' (builds the wheel once)"
    )


def _third_party_imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "__future__"}


def _req_names(reqs: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower().replace("-", "_") for r in reqs}


def test_the_notebooks_extra_names_what_the_notebooks_need():
    extras = PYPROJECT["project"]["optional-dependencies"]
    base = _req_names(PYPROJECT["project"]["dependencies"]) | {"bordermap"}
    notebooks = _req_names(extras["notebooks"])
    assert {"notebook", "ipykernel"} <= notebooks  # a front end and the kernel
    needed: set[str] = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                needed |= _third_party_imports("".join(cell["source"]))
        assert nb["metadata"]["kernelspec"]["name"] == "python3"  # the kernel ipykernel installs
    needed |= _third_party_imports((ROOT / "notebooks" / "build_notebooks.py").read_text(encoding="utf-8"))
    assert "pandas" in needed  # the notebooks' imports were read
    assert needed <= base | notebooks, needed - base - notebooks
    assert notebooks <= _req_names(extras["test"]) | {"notebook"}  # the tests run them with the test extra


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Set-up: two commands\n\n```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert commands[1] == "scripts/test"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == commands[1]
    for script in ("test", "extras"):
        assert os.access(ROOT / "scripts" / script, os.X_OK)


def test_the_helper_finds_nothing_missing_where_the_tests_run():
    """The tests run where scripts/test installed the test extra: the check it skips reinstalling on agrees."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "_env.py"), "missing", str(ROOT), "test"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr
    both = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "_env.py"), "missing", str(ROOT), "test", "no-such-extra"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert both.returncode != 0 and both.stderr.strip().endswith(
        "pyproject.toml: no extra 'no-such-extra' (it has: corpus, dev, notebooks, test)"
    )
