"""The one I/O and cache layer: where caches live, atomic writes, and checked data files.

Everything bordermap keeps between runs goes through this module:

* :func:`cache_dir` is the one cache folder (:data:`bordermap.settings.cache_folder`);
* :func:`cache_path` names a cache file by what it holds, its format version and the Python
  version (``gazetteer-<hash>-f9-py311.bmc``), so a new layout or interpreter never reads an old file;
* :func:`atomic_write` writes any file all at once (temporary file, ``fsync``, rename): a reader
  sees the old file or the new one, never half of one;
* :func:`write_arrays` / :func:`read_arrays` store numpy arrays (never Python objects) with a
  SHA-256 checksum of the payload, memory-mapped on load so that several processes share the pages;
* :func:`write_json` / :func:`read_json` store JSON data with the same checksum.

Only data formats that cannot run code are used: raw numbers and UTF-8 text.  A file that is
damaged, truncated or edited by hand fails its checksum and raises :class:`CacheError`; callers
rebuild it (or ask again) and never use it.

A checksum proves nothing against someone who can write the folder: they can write a file with a
valid one.  So, as ssh and pip do, a cache file is read only if the cache folder (and the folder
the file is in) belongs to the current user and is not writable by the group or others, and the
file itself too (:func:`distrust`); otherwise it raises :class:`CacheError`, with a one-line warning
(once per folder), and the caller computes the result instead.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import settings
from .exc import DataError, OutputError

if TYPE_CHECKING:
    import numpy as np

#: Magic bytes at the start of an array file.
MAGIC = b"BORDERMAP-ARRAYS\n"
#: Python version tag in cache file names (``py311``).
PY_TAG = f"py{sys.version_info.major}{sys.version_info.minor}"
#: Payload alignment in array files (bytes).
_ALIGN = 64


class CacheError(DataError):
    """A cache file is missing, damaged, of another format, or fails its checksum."""


def cache_dir() -> Path:
    """The cache folder: :data:`settings.cache_folder`, ``$BORDERMAP_CACHE`` or ``~/.cache/bordermap``.

    Examples
    --------
    >>> cache_dir().is_absolute()
    True
    """
    return settings.cache_root().absolute()


def distrust(path: str | os.PathLike[str]) -> str:
    """Why a file or folder of the cache cannot be trusted (``""`` if it can): not ours, or writable by others.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> distrust(d)
    ''
    >>> os.chmod(d, 0o777)
    >>> distrust(d)
    'writable by others (mode 0o777)'
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ""
    except OSError as err:
        return f"cannot be checked ({err.strerror or err})"
    if st.st_uid != os.geteuid():
        return f"owned by another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"writable by others (mode {oct(stat.S_IMODE(st.st_mode))})"
    return ""


def check_trusted(path: str | os.PathLike[str]) -> None:
    """Refuse to read ``path`` from the cache folder if the folder, its subfolder or the file is not trusted.

    Files outside the cache folder (a wheel's shipped index) are not checked here.

    Raises
    ------
    CacheError
        One of them belongs to another user or is writable by others (a one-line warning, once per folder).
    """
    p = Path(path).absolute()
    root = cache_dir()
    if root != p and root not in p.parents:
        return
    for folder in dict.fromkeys([root, *[q for q in p.parents if root in q.parents]]):
        why = distrust(folder)
        if why:
            _warn_untrusted(str(folder), why)
            raise CacheError(f"cache folder {folder}: {why}; not used")
    why = distrust(p)
    if why:
        raise CacheError(f"cache file {p}: {why}; not used")


@functools.lru_cache(maxsize=64)
def _warn_untrusted(folder: str, why: str) -> None:
    warnings.warn(
        f"cache folder {folder}: {why}; not used, results are computed instead (chmod go-w, or set BORDERMAP_CACHE)",
        stacklevel=4,
    )


def cache_path(name: str, *, fmt: int, suffix: str, key: str = "") -> Path:
    """Path of a cache file for ``name``: the key, the format version and the Python version in its name.

    Examples
    --------
    >>> cache_path("gazetteer", fmt=9, suffix="bmc", key="ab12").name.startswith("gazetteer-ab12-f9-py3")
    True
    """
    stem = f"{name}-{key}-f{fmt}-{PY_TAG}" if key else f"{name}-f{fmt}-{PY_TAG}"
    return cache_dir() / f"{stem}.{suffix}"


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` all at once: a temporary file in the same folder, ``fsync``, then rename.

    The previous file, if any, stays intact when anything fails; no temporary file is left behind.
    Text is written as UTF-8 with ``\\n`` line ends.  ``mode`` defaults to ``0o666`` less the umask.

    Raises
    ------
    OutputError
        The folder cannot be created or written (one line, naming the file).
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise OutputError(f"{target}: cannot write ({err.strerror or err})") from err
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({err.strerror or err})") from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _cache_mode() -> int:
    """A cache file's mode: readable as the umask allows, writable by its owner only (see :func:`check_trusted`)."""
    return 0o644 & ~_umask()


def _private(path: str | os.PathLike[str]) -> Path:
    """``path``, its folder created writable by its owner only (a umask of 002 would make a cache not trusted)."""
    p = Path(path)
    missing = [q for q in (p.parent, *p.parent.parents) if not q.exists()]
    for q in reversed(missing):  # each level (Path.mkdir(parents=True) gives the parents the umask's mode)
        try:
            q.mkdir(mode=0o755)
        except FileExistsError:
            pass
        except OSError:
            break  # atomic_write says why, in one line
    return p


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_arrays(path: str | os.PathLike[str], arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any]) -> Path:
    """Store numpy arrays of plain numbers or bytes, with JSON ``meta`` and a checksum, atomically.

    Parameters
    ----------
    path : path-like
    arrays : mapping of str to ndarray
        Arrays of a fixed-size dtype (numbers, fixed-width bytes); object arrays are refused.
    meta : mapping
        JSON data stored beside the arrays (and covered by the checksum).

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.bmc")
    >>> _ = write_arrays(p, {"x": np.arange(3)}, {"what": "demo"})
    >>> arrays, meta = read_arrays(p)
    >>> arrays["x"].tolist(), meta["what"]
    ([0, 1, 2], 'demo')
    """
    import numpy as np

    entries = []
    chunks: list[bytes] = []
    offset = 0
    for name, arr in arrays.items():
        a = np.ascontiguousarray(arr)
        if a.dtype.hasobject:
            raise TypeError(f"array {name!r}: object arrays cannot be cached")
        pad = (-offset) % _ALIGN
        chunks.append(b"\0" * pad)
        offset += pad
        raw = a.tobytes()
        entries.append({"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "offset": offset})
        chunks.append(raw)
        offset += len(raw)
    payload = b"".join(chunks)
    digest = hashlib.sha256(payload)
    header_obj = {"arrays": entries, "meta": dict(meta), "python": PY_TAG, "payload_bytes": len(payload)}
    header = json.dumps(header_obj, ensure_ascii=False, sort_keys=True, allow_nan=False).encode()
    digest.update(header)
    head = MAGIC + digest.hexdigest().encode() + b"\n" + len(header).to_bytes(8, "little") + header
    head += b"\0" * ((-len(head)) % _ALIGN)
    return atomic_write(_private(path), head + payload, mode=_cache_mode())


def read_arrays(path: str | os.PathLike[str], *, mmap: bool = True) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Load what :func:`write_arrays` stored, after checking its checksum.

    With ``mmap`` the arrays are read-only views of a memory map of the file: processes that load
    the same file share its pages.

    Raises
    ------
    CacheError
        The file is missing, not an array file, truncated, or fails its checksum.
    """
    import numpy as np

    p = Path(path)
    check_trusted(p)
    try:
        buf: Any = np.memmap(p, dtype=np.uint8, mode="r") if mmap else np.fromfile(p, dtype=np.uint8)
    except (OSError, ValueError) as err:
        raise CacheError(f"cache file {p}: cannot be read ({err})") from err
    view = memoryview(buf)
    n = len(MAGIC)
    if len(buf) < n + 65 + 8 or bytes(view[:n]) != MAGIC:
        raise CacheError(f"cache file {p}: not a bordermap array file")
    expected = bytes(view[n : n + 64]).decode("ascii", "replace")
    hlen = int.from_bytes(bytes(view[n + 65 : n + 73]), "little")
    start = n + 73 + hlen
    if hlen <= 0 or start > len(buf):
        raise CacheError(f"cache file {p}: truncated header")
    header_bytes = bytes(view[n + 73 : start])
    start += (-start) % _ALIGN
    try:
        header = json.loads(header_bytes)
        size = int(header["payload_bytes"])
        entries = header["arrays"]
    except (ValueError, KeyError, TypeError) as err:
        raise CacheError(f"cache file {p}: damaged header") from err
    if start + size != len(buf):
        raise CacheError(f"cache file {p}: {len(buf) - start} bytes of data, expected {size}")
    digest = hashlib.sha256(view[start:])
    digest.update(header_bytes)
    if digest.hexdigest() != expected:
        raise CacheError(f"cache file {p}: checksum mismatch (damaged or edited)")
    arrays: dict[str, np.ndarray] = {}
    payload = buf[start:]
    for e in entries:
        dtype = np.dtype(e["dtype"])
        if dtype.hasobject:
            raise CacheError(f"cache file {p}: array {e['name']!r} holds objects")
        count = int(np.prod(e["shape"], dtype=np.int64))
        arrays[e["name"]] = np.frombuffer(payload, dtype=dtype, count=count, offset=int(e["offset"])).reshape(
            e["shape"]
        )
    return arrays, dict(header["meta"])


def file_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes (hex), remembered per path, size and modification time within a process.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = atomic_write(p, "abc")
    >>> file_digest(p)[:16]
    'ba7816bf8f01cfea'
    """
    p = Path(path).resolve()
    stat = p.stat()
    return _digest(str(p), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json(path: str | os.PathLike[str], obj: Any) -> Path:
    """Store JSON data with a SHA-256 checksum, atomically (see :func:`read_json`)."""
    body = json.dumps(obj, ensure_ascii=False, sort_keys=True, allow_nan=False)
    digest = hashlib.sha256(body.encode()).hexdigest()
    text = json.dumps({"sha256": digest, "data": body}, ensure_ascii=False) + "\n"
    return atomic_write(_private(path), text, mode=_cache_mode())


def read_json(path: str | os.PathLike[str]) -> Any:
    """Load what :func:`write_json` stored, after checking its checksum.

    Raises
    ------
    CacheError
        The file is missing, not JSON of that shape, or fails its checksum.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.json")
    >>> _ = write_json(p, {"answer": [1, 2]})
    >>> read_json(p)
    {'answer': [1, 2]}
    """
    p = Path(path)
    check_trusted(p)
    try:
        outer = json.loads(p.read_text(encoding="utf-8"))
        body, expected = outer["data"], outer["sha256"]
        if not isinstance(body, str) or hashlib.sha256(body.encode()).hexdigest() != expected:
            raise CacheError(f"cache file {p}: checksum mismatch (damaged or edited)")
        return json.loads(body)
    except CacheError:
        raise
    except FileNotFoundError as err:
        raise CacheError(f"cache file {p}: missing") from err
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise CacheError(f"cache file {p}: damaged ({type(err).__name__})") from err
