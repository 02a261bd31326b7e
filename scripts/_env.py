"""What the running Python has of bordermap: the helper of ``scripts/test`` and ``scripts/extras``.

Standard library only (run by the Python of the environment being looked at, before anything is
installed in it).  Commands, each printing its answer on standard output:

``state ROOT``
    How bordermap is installed: ``absent``; ``editable-here`` (an editable install of the checkout
    at ``ROOT``); ``editable-elsewhere URL``; or ``installed URL`` (a wheel, e.g. ``pip install .``).
``requirements EXTRA...``
    The requirements of those extras, one a line, read from the installed bordermap's metadata
    (so nothing is built).  Exit status 1 and a one-line message when bordermap is absent or an
    extra is unknown.
``missing EXTRA...``
    The requirements of bordermap and those extras (read from ``ROOT/pyproject.toml``: ``missing``
    takes ``ROOT`` first) that the environment does not satisfy, one a line.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def state(root: str) -> str:
    """How bordermap is installed in this environment (see the module notes)."""
    try:
        dist = md.distribution("bordermap")
    except md.PackageNotFoundError:
        return "absent"
    raw = dist.read_text("direct_url.json")
    info = json.loads(raw) if raw else {}
    url = str(info.get("url", "")) or "(no record of where from)"
    if info.get("dir_info", {}).get("editable"):
        here = Path(root).resolve().as_uri()
        return "editable-here" if url.rstrip("/") == here.rstrip("/") else f"editable-elsewhere {url}"
    return f"installed {url}"


def requirements(extras: list[str]) -> list[str]:
    """The requirements of ``extras`` from the installed metadata; SystemExit(2) with a message otherwise."""
    try:
        dist = md.distribution("bordermap")
    except md.PackageNotFoundError:
        raise SystemExit(
            f"bordermap is not installed in {sys.prefix}: install it with its extras in one go, "
            f"pip install '.[{','.join(extras)}]' (builds the wheel once)"
        ) from None
    known = set(dist.metadata.get_all("Provides-Extra") or [])
    unknown = [e for e in extras if e not in known]
    if unknown:
        raise SystemExit(
            f"bordermap {dist.version} in {sys.prefix} has no extra {', '.join(map(repr, unknown))} "
            f"(it has: {', '.join(sorted(known)) or 'none'}); a newer checkout may: pip install '.[{','.join(extras)}]'"
        )
    out = []
    for line in dist.requires or []:
        req, _, marker = line.partition(";")
        found = _EXTRA.search(marker)
        if found and found.group(1) in extras and req.strip() not in out:
            out.append(req.strip())
    return out


def missing(root: str, extras: list[str]) -> list[str]:
    """Requirements of bordermap and ``extras`` (from ``root``'s pyproject.toml) this environment lacks."""
    project = tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    known = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in known:
            raise SystemExit(f"{root}/pyproject.toml: no extra {extra!r} (it has: {', '.join(sorted(known))})")
        reqs += known[extra]
    out = []
    for text in reqs:
        name, spec = _parse(text)
        try:
            version = md.version(name)
        except md.PackageNotFoundError:
            out.append(text)
            continue
        if spec and not spec.contains(version, prereleases=True):
            out.append(text)
    return out


def _parse(text: str) -> tuple[str, Any]:
    """A requirement's name and version specifier (None when no ``packaging`` is at hand: then presence only)."""
    try:
        from packaging.requirements import Requirement
    except ImportError:
        try:  # pip's own copy
            from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
        except ImportError:  # no pip either
            return re.split(r"[\s\[<>=!~;]", text, maxsplit=1)[0], None
    req = Requirement(text)
    return req.name, req.specifier


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "state" and len(args) == 1:
        print(state(args[0]))
    elif command == "requirements" and args:
        for line in requirements(args):
            print(line)
    elif command == "missing" and args:
        for line in missing(args[0], args[1:]):
            print(line)
    else:
        print(f"scripts/_env.py: unknown command {' '.join(argv)!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
