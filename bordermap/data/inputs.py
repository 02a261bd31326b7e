"""Reading input files safely: regular files only, bounded reads, strict JSON, finite coordinates.

Every file a user gives (articles, ``--dataset``, ``--fence``, ``--crossings``) is read through
:func:`read_limited`: it refuses FIFOs, devices and folders without blocking, and reads at most
the limit plus one byte.  JSON is parsed strictly (:func:`read_json`: no ``NaN``/``Infinity``,
no runaway nesting), and geometries are checked for finite coordinates and for the limits of
:mod:`bordermap.settings` (:func:`check_geometries`).  Names are shown escaped on one line
(:func:`shown`, :func:`printable`) so that a file name cannot forge output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import settings
from ..exc import DataError, InputFileError

if TYPE_CHECKING:
    from collections.abc import Sequence


def shown(path: str | os.PathLike[str]) -> str:
    r"""A path as one printable line: undecodable bytes and control characters (a newline...) escaped.

    Examples
    --------
    >>> shown("a\nbordermap: error: fake.txt"), shown(os.fsdecode(b"caf\xe9.txt"))
    ('a\\nbordermap: error: fake.txt', 'caf\\xe9.txt')
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return printable(text)


def printable(text: str) -> str:
    r"""``text`` safe to print on one line of any terminal: control characters and lone surrogates escaped.

    Examples
    --------
    >>> printable("Vilnius\r\n"), printable("\udcff"), printable("Dieveniškės")
    ('Vilnius\\r\\n', '\\xff', 'Dieveniškės')
    """
    if text.isprintable() and text.isascii():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable() and not 0xD800 <= code <= 0xDFFF:
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def read_limited(
    path: Path, limit: int, *, what: str = "a file", within: str | os.PathLike[str] | None = None
) -> bytes:
    """The bytes of a regular file, refusing anything else and anything over ``limit`` bytes (reads ``limit + 1``).

    The file is opened without blocking (a FIFO cannot hang the read) and checked with ``fstat``
    on the open file (no race between the check and the read).

    Raises
    ------
    InputFileError
        Missing, not a regular file, a link out of ``within``, unreadable or too large (one line).
    """
    import stat

    name = shown(path)
    if within is not None:
        real, root = os.path.realpath(path), os.path.realpath(within)
        if os.path.commonpath([real, root]) != root:
            raise InputFileError(f"{name}: a link to {shown(real)}, outside the folder {shown(within)}; not read")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as err:
        raise InputFileError(f"{name}: no such file") from err
    except IsADirectoryError as err:
        raise InputFileError(f"{name}: is a directory, expected {what} file") from err
    except OSError as err:
        raise InputFileError(f"{name}: cannot be read ({err.strerror or err})") from err
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputFileError(f"{name}: is a directory, expected {what} file")
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError(f"{name}: not a regular file (a pipe, socket or device), expected {what} file")
        if st.st_size > limit:
            raise InputFileError(f"{name}: {_size(st.st_size)} is too large for {what} (limit {_size(limit)})")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as err:
        raise InputFileError(f"{name}: cannot be read ({err.strerror or err})") from err
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise InputFileError(f"{name}: more than {_size(limit)}, too large for {what} (limit {_size(limit)})")
    return raw


def _size(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n:,} bytes"


def read_json(path: str | os.PathLike[str], *, what: str = "a GeoJSON file") -> Any:
    """Parse a JSON input file strictly: at most :data:`settings.max_data_file_bytes`, no NaN/Infinity.

    Raises
    ------
    InputFileError
        Missing, not a regular file, or too large.
    DataError
        Not UTF-8 JSON, ``NaN``/``Infinity`` in it, or nested too deeply for the parser (one line).
    """
    p = Path(path)
    raw = read_limited(p, settings.max_data_file_bytes, what=what)

    def constant(name: str) -> Any:
        raise DataError(f"{shown(p)}: {name} is not a number JSON allows (coordinates must be finite)")

    try:
        return json.loads(raw, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise DataError(f"{shown(p)}: not valid JSON ({err.msg} at line {err.lineno})") from err
    except UnicodeDecodeError as err:
        raise DataError(f"{shown(p)}: not UTF-8 JSON") from err
    except RecursionError as err:
        raise DataError(f"{shown(p)}: JSON nested too deeply (thousands of levels); not {what}") from err


def check_geometries(geoms: Sequence[Any], path: str | os.PathLike[str], *, what: str = "feature") -> None:
    """Refuse non-finite coordinates and more features or vertices than the settings allow.

    Raises
    ------
    DataError
        One line naming the file and the first offending feature.
    """
    import numpy as np
    import shapely

    arr = np.asarray(list(geoms), dtype=object)
    if len(arr) > settings.max_features:
        raise DataError(
            f"{shown(path)}: {len(arr):,} {what}s, more than settings.max_features ({settings.max_features:,})"
        )
    present = np.array([g is not None for g in arr], dtype=bool)
    counts = np.zeros(len(arr), dtype=np.int64)
    if present.any():
        counts[present] = shapely.get_num_coordinates(arr[present])
    total = int(counts.sum())
    if total > settings.max_vertices:
        raise DataError(
            f"{shown(path)}: {total:,} vertices, more than settings.max_vertices ({settings.max_vertices:,})"
        )
    if not present.any():
        return
    xy, idx = shapely.get_coordinates(arr[present], return_index=True)
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        k = int(np.flatnonzero(present)[idx[np.argmax(bad)]])
        raise DataError(f"{shown(path)}: {what} {k} has a coordinate that is not a finite number (NaN or Infinity)")
