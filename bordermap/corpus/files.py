"""The input files of a corpus run, found and opened with the same checks whatever named them.

A folder, a glob and a file named on the command line all go through :func:`find_inputs`: only
regular files are kept (a FIFO, a device or a socket is never opened, so never waited for nor read
without end), and a link is followed only if it stays inside the folder it was found in (the folder
given, or for a glob the folder its pattern starts from).  A file left out is no error: it becomes a
``rejected`` row naming the file and the reason, and the run goes on.

:func:`open_regular` opens a file for reading without blocking on a FIFO swapped in after planning,
and checks again that it is a regular file.
"""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..exc import InputFileError

#: File name endings of each input format.
FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}


@dataclass
class Found:
    """What :func:`find_inputs` found.

    Attributes
    ----------
    files : list of (Path, Path or None)
        Each input file, with the folder it was found in (None for a file named on its own).
    skipped : list of (str, str)
        Each file left out, with the reason (one line).
    """

    files: list[tuple[Path, Path | None]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def glob_root(pattern: str) -> Path:
    """The folder a glob starts from: its leading components without a wildcard.

    Examples
    --------
    >>> str(glob_root("data/2021/*.jsonl")), str(glob_root("*.csv")), str(glob_root("a/**/b*.txt"))
    ('data/2021', '.', 'a')
    """
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def why_not(path: Path, root: Path | None) -> str:
    """Why ``path`` cannot be read as an input file (``""`` if it can); nothing is opened.

    Examples
    --------
    >>> why_not(Path("/dev/zero"), None)
    'not a regular file (character device)'
    """
    try:
        st = os.stat(path)  # follows links; never blocks, even on a FIFO
    except OSError as err:
        return f"unreadable: {err.strerror or err}"
    if not stat.S_ISREG(st.st_mode):
        return f"not a regular file ({_kind(st.st_mode)})"
    if root is not None and path.is_symlink():
        real, top = os.path.realpath(path), os.path.realpath(root)
        if os.path.commonpath([real, top]) != top:
            return "a link to a file outside the folder (not read)"
    return ""


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"


def find_inputs(inputs: list[str]) -> Found:
    """The input files of ``inputs`` (files, folders searched recursively, globs), sorted, duplicates dropped.

    Raises
    ------
    InputFileError
        An input matches nothing, or no file of a known format.
    """
    found = Found()
    seen: set[str] = set()

    def add(f: Path, root: Path | None) -> None:
        reason = why_not(f, root)
        key = str(f.absolute()) if reason else os.path.realpath(f)  # a file read once, however many names it has
        if key in seen:
            return
        seen.add(key)
        if reason:
            found.skipped.append((str(f), reason))
        else:
            found.files.append((f, root))

    for inp in inputs:
        p = Path(inp)
        if p.is_dir():
            matches = sorted(f for f in p.rglob("*") if f.suffix.lower() in FORMATS and not f.is_dir())
            if not matches:
                raise InputFileError(f"{p}: folder holds no .txt, .jsonl, .csv or .parquet file")
            for f in matches:
                add(f, p)
        elif os.path.lexists(p) and not glob.has_magic(inp):
            if p.suffix.lower() not in FORMATS:
                raise InputFileError(f"{p}: unknown format (expected .txt, .jsonl, .ndjson, .csv or .parquet)")
            add(p, None)
        elif glob.has_magic(inp):
            root = glob_root(inp)
            matches = sorted(
                Path(f)
                for f in glob.glob(inp, recursive=True)
                if Path(f).suffix.lower() in FORMATS and not Path(f).is_dir()
            )
            if not matches:
                raise InputFileError(f"{inp}: the pattern matches no .txt, .jsonl, .csv or .parquet file")
            for f in matches:
                add(f, root)
        else:
            raise InputFileError(f"{p}: no such file or folder")
    return found


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open an input file for reading in binary: never blocks on a FIFO, refuses anything not a regular file.

    Raises
    ------
    OSError
        The file cannot be opened, or is not a regular file (``strerror`` says which).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(0, f"not a regular file ({_kind(mode)})", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
