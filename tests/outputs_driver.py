"""A small process that writes an output set with bordermap's real swap code (``bordermap._outputs``).

``python -m tests.outputs_driver OUT`` writes the report's four file names into ``OUT`` through
:func:`bordermap._outputs.replace_outputs`, each file holding the run id, and prints the run id.
Used by ``tests/test_hardening_outputs.py`` and ``benchmarks/fault_counts.py`` to kill a writer at
each rename (with ``strace -e inject=...``) at a fraction of a full report's cost.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The report's output files.
NAMES = ("map.html", "border.geojson", "places.geojson", "report.json")


def write(staging: Path, run_id: str) -> None:
    """The four files, each naming the run (as the report writes them: JSON member or a meta tag)."""
    from bordermap._outputs import write_file

    for name in NAMES:
        if name.endswith(".html"):
            write_file(staging / name, f'<html><head><meta name="bordermap-run" content="{run_id}"></head></html>\n')
        else:
            write_file(staging / name, json.dumps({"run_id": run_id, "bordermap_run": run_id, "pad": "x" * 5000}))


def run_ids(out: Path, names: tuple[str, ...] = NAMES) -> dict[str, str | None]:
    """The run id each output file of ``out`` belongs to (None: missing or unreadable).

    A file the manifest (``report.json`` or ``corpus.json`` with ``files``) lists belongs to the
    manifest's run if its SHA-256 is the one listed, else to an unknown run (``"other run"``).
    Otherwise, HTML: the ``bordermap-run`` meta tag; JSON: ``run_id`` or ``bordermap_run``.
    """
    import hashlib

    listed: dict[str, str] = {}
    manifest_run = None
    for m in ("report.json", "corpus.json"):
        try:
            data = json.loads((out / m).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("files"), dict):
            listed, manifest_run = data["files"], data.get("run_id")
            break
    ids: dict[str, str | None] = {}
    for name in names:
        p = out / name
        try:
            raw = p.read_bytes()
        except OSError:
            ids[name] = None
            continue
        if name in listed:
            ids[name] = manifest_run if hashlib.sha256(raw).hexdigest() == listed[name] else "other run"
            continue
        text = raw.decode("utf-8", "replace")
        if name.endswith(".html"):
            m = re.search(r'<meta name="bordermap-run" content="([^"]+)">', text)
            ids[name] = m.group(1) if m else None
        else:
            try:
                data = json.loads(text)
            except ValueError:
                ids[name] = None
                continue
            ids[name] = data.get("run_id") or data.get("bordermap_run") if isinstance(data, dict) else None
    return ids


def strace_cmd(*inject: str, log: Path | None = None) -> list[str]:
    """``strace -f -qq`` with the given ``-e inject=...`` rules, ready to prefix a command."""
    strace = shutil.which("strace")
    assert strace, "strace is missing: scripts/test installs it"
    cmd = [strace, "-f", "-qq", "-o", str(log or os.devnull)]
    for rule in inject:
        cmd += ["-e", f"inject={rule}"]
    return [*cmd, "--"]


def run_driver(out: Path, *inject: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the driver into ``out`` (under strace if ``inject`` rules are given)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "tests.outputs_driver", str(out)]
    if inject:
        cmd = strace_cmd(*inject) + cmd
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def main(argv: list[str]) -> int:
    from bordermap._outputs import replace_outputs

    print(replace_outputs(Path(argv[0]), NAMES, write), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
