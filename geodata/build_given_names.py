"""Write ``geodata/given_names.csv``: the US Census Bureau's 1990 first-name frequencies.

Usage::

    python geodata/build_given_names.py              # fetch the sdist (pip download) into the cache, rewrite the file
    python geodata/build_given_names.py --check      # build it in memory and compare byte for byte
    python geodata/build_given_names.py --fetch-only # only download the sdist (scripts/test does this)

Source: the sdist of the PyPI package ``names`` 0.3.0 (Trey Hunner, MIT licence; sha256
:data:`SDIST_SHA256`), downloaded with ``pip download --no-deps`` into ``$BORDERMAP_CACHE/names``
(default ``.cache/``), never installed.  It ships the Census Bureau's lists of the 1990 census
(public domain) as ``names/dist.male.first`` and ``names/dist.female.first``: one name a line, in
upper case, then the per cent of people (men or women) with that first name, the cumulative per
cent, and the rank.  Only those two files of the archive are read; bordermap itself does not
depend on the package.

The output keeps every row of both lists, in their order (male first), as ``name,sex,percent``:
the name as given (upper case), ``male`` or ``female``, and the per cent as written in the source.
bordermap reads it with :func:`bordermap.text.candidates.given_names`, which keeps the names of at
least 0.01 % of people.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "given_names.csv"
CACHE = Path(os.environ.get("BORDERMAP_CACHE", ROOT / ".cache"))
VERSION = "0.3.0"
SDIST = f"names-{VERSION}.tar.gz"
SDIST_SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"
#: The source's files, and the sex each lists.
PARTS = (("dist.male.first", "male"), ("dist.female.first", "female"))


def fetch() -> Path:
    """Download the sdist into ``CACHE/names`` (once) with pip's own client; check its SHA-256; return its path."""
    path = CACHE / "names" / SDIST
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", str(path.parent)]
        subprocess.run([*cmd, f"names=={VERSION}"], check=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        raise SystemExit(f"{path}: sha256 {digest}, expected {SDIST_SHA256}")
    return path


def _member(archive: tarfile.TarFile, name: str) -> str:
    fh = archive.extractfile(f"names-{VERSION}/names/{name}")
    if fh is None:
        raise SystemExit(f"{SDIST}: names/{name} is not a file")
    return fh.read().decode("ascii")


def build() -> str:
    """The file's text, from the ``names`` sdist in the cache."""
    with tarfile.open(fetch()) as archive:
        texts = {part: _member(archive, part) for part, _ in PARTS}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["name", "sex", "percent"])
    for part, sex in PARTS:
        for line in texts[part].splitlines():
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 4:
                raise SystemExit(f"names/{part}: unexpected line {line!r}")
            float(fields[1])  # a number, or a ValueError naming it
            writer.writerow([fields[0], sex, fields[1]])
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    parser.add_argument("--fetch-only", action="store_true", help="only download the sdist into the cache")
    args = parser.parse_args(argv)
    if args.fetch_only:
        print(fetch())
        return 0
    text = build()
    if args.check:
        same = OUT.read_text(encoding="ascii") == text
        print(f"{OUT.name}: {'up to date' if same else 'differs from the names sdist'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="ascii", newline="")
    print(f"{OUT.name}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
