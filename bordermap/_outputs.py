"""Output folders replaced as one unit: a lock, a run id, a staged set of files swapped in at once.

:func:`replace_outputs` writes a report's files so that a reader never sees a mix of two runs:

1. an exclusive lock (``filelock``: ``flock`` on POSIX) on ``.<out>.bordermap-lock`` beside the output folder
   serialises concurrent writers (a second run waits, at most :data:`settings.output_lock_timeout_s`);
2. orphans of an earlier run that was killed (hidden ``.bordermap-*`` folders) are finished or removed;
3. every file is written (and ``fsync``-ed) into a hidden staging folder beside the output folder;
4. the staging folder and the output folder are exchanged in one ``renameat2(RENAME_EXCHANGE)``
   call: the output folder holds the old set or the new set, whatever happens, even ``SIGKILL``;
   the old set (now in the staging path) is then deleted.

Where the exchange cannot be used (the folder holds other files than the outputs, is the current
folder or a mount point, or the file system lacks the call) the files are renamed one by one and
every rename is rolled back if one fails; a run killed in the middle of those renames is finished
by the next run (its staging folder is complete before the first rename).  The set's manifest
(``report.json``, ``corpus.json``) names the run (see :func:`new_run_id`) and holds the SHA-256 of
every other file (:func:`file_hashes`), so a mix would show; the data files themselves carry no run
id, so two runs on the same input write them byte for byte.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import hashlib
import os
import re
import secrets
import shutil
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from . import settings
from .exc import OutputError

#: Prefix of the hidden staging folders (``.bordermap-<out>-<run id>``, ``-old`` for a folder being replaced).
PREFIX = ".bordermap-"
_RUN_ID = r"\d{8}T\d{6}Z-[0-9a-f]{8}"
#: In a staging folder swapped file by file: the names it installs.
MANIFEST = ".bordermap-names"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def new_run_id() -> str:
    """A run id: UTC time and 8 random hex digits (``20261201T121500Z-1f2e3d4c``).

    Examples
    --------
    >>> re.fullmatch(_RUN_ID, new_run_id()) is not None
    True
    """
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def file_hashes(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """The SHA-256 (hex) of each file ``names`` of ``folder`` (those present), for a set's manifest."""
    out: dict[str, str] = {}
    for name in names:
        h = hashlib.sha256()
        try:
            with open(folder / name, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        except FileNotFoundError:
            continue
        out[name] = h.hexdigest()
    return out


def lock_path(out: Path) -> Path:
    """The lock file of an output folder: beside it if its parent is writable, else inside it."""
    out = Path(os.path.abspath(out))
    if os.access(out.parent, os.W_OK):
        return out.parent / f".{out.name}.bordermap-lock"
    return out / ".bordermap-lock"


@contextmanager
def locked(out: Path, *, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock (waiting up to ``timeout_s``, default :data:`settings.output_lock_timeout_s`).

    The lock is ``filelock``'s (``flock`` on POSIX): the kernel drops it when the process ends, even
    by ``SIGKILL``, so a killed run never leaves the folder locked.

    Raises
    ------
    OutputError
        The lock cannot be taken in time (another run is writing) or the lock file cannot be created.
    """
    import filelock

    path = lock_path(out)
    wait = settings.output_lock_timeout_s if timeout_s is None else timeout_s
    lock = filelock.FileLock(path, timeout=wait, mode=0o666, thread_local=False)
    try:
        lock.acquire(poll_interval=0.05)
    except filelock.Timeout:
        raise OutputError(
            f"{out}: another bordermap run is writing to this folder (waited {wait:g} s for its lock)"
        ) from None
    except OSError as err:
        raise OutputError(f"{out}: cannot create the lock file {path.name} ({err.strerror or err})") from err
    try:
        yield
    finally:
        lock.release()


def check_targets(out: Path, names: tuple[str, ...]) -> None:
    """Refuse, before any work, an output folder whose output names are taken by something else than files.

    Raises
    ------
    OutputError
        ``out`` is not a folder, or e.g. ``out/report.json`` is a folder or a link.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: exists and is not a folder")
    for name in names:
        p = out / name
        if p.is_symlink() or (p.exists() and not p.is_file()):
            raise OutputError(f"--out {out}: {name} exists and is not a file bordermap wrote (remove it first)")


def replace_outputs(
    out: Path,
    names: tuple[str, ...],
    write: Callable[[Path, str], None],
    *,
    ours: tuple[str, ...] | None = None,
    lock: bool = True,
) -> str:
    """Write ``names`` with ``write(staging_folder, run_id)`` and swap them into ``out`` as one unit.

    Parameters
    ----------
    out : Path
        The output folder (created if needed).
    names : tuple of str
        The files ``write`` creates in the folder it is given; they replace those of ``out``.
    write : callable
        Writes every file of ``names`` into the folder given, each carrying the run id given.
    ours : tuple of str, optional
        Every name a run may write (default ``names``): those of an earlier run that this one does
        not write are removed with the rest of the earlier set, never left beside the new one.
    lock : bool
        Take the folder's lock (:func:`locked`) for the swap; False where the caller holds it already
        (a corpus run holds it from its start, so that a second run into the folder waits).

    Returns
    -------
    str
        The run id.

    Raises
    ------
    OutputError
        The folder cannot be locked, staged or swapped; ``out`` is left as it was.
    """
    out = Path(os.path.realpath(out))  # a link to a folder: the folder is replaced, the link stays
    ours = tuple(dict.fromkeys((*names, *(ours or ()))))
    check_targets(out, ours)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"--out {out}: cannot create folder ({err.strerror or err})") from err
    with locked(out) if lock else nullcontext():
        clean_orphans(out, ours)
        run = new_run_id()
        beside = os.access(out.parent, os.W_OK)
        staging = out.parent / f"{PREFIX}{out.name}-{run}" if beside else out / f"{PREFIX}{run}"
        try:
            staging.mkdir()
            write(staging, run)
            missing = [n for n in names if not (staging / n).is_file()]
            if missing:
                raise OutputError(f"{out}: {', '.join(missing)} not written")
            _fsync_dir(staging)
            os.chmod(staging, out.stat().st_mode & 0o7777)
        except BaseException as err:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(err, OSError) and not isinstance(err, OutputError):
                raise OutputError(f"{out}: cannot write outputs ({err.strerror or err})") from err
            raise
        if beside and _may_exchange(out, ours) and _exchange(staging, out):
            _fsync_dir(out.parent)
            _remove(staging)  # now the old set
            return run
        swap_files(staging, out, ours)
        return run


def _may_exchange(out: Path, names: tuple[str, ...]) -> bool:
    """Whether the whole folder may be exchanged: it holds only the outputs and is not in use as a folder."""
    cwd = Path.cwd()
    if out == cwd or out in cwd.parents or os.path.ismount(out):
        return False
    return all(e.name in names for e in os.scandir(out))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (``renameat2(RENAME_EXCHANGE)``); False where the system lacks the call.

    Raises
    ------
    OutputError
        The call exists but failed: nothing was changed.
    """
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False  # no such call, or not on this file system: rename the files one by one
    shutil.rmtree(a, ignore_errors=True)
    raise OutputError(f"{b}: cannot replace outputs ({os.strerror(code)}); previous outputs kept")


def swap_files(staging: Path, out: Path, names: tuple[str, ...]) -> None:
    """Move the staged files into ``out`` one by one, the previous ones aside; roll every rename back on failure.

    ``names``: every name a run may write; a previous file that the staging folder lacks is moved aside too.

    The previous files go to ``<staging>-old``; its existence marks a swap in progress, which
    :func:`clean_orphans` finishes if the process dies before the end.
    """
    old = staging.with_name(staging.name + "-old")
    done: list[tuple[str, bool]] = []  # (name, had a previous file)
    try:
        installing = [n for n in names if (staging / n).exists()]
        write_file(staging / MANIFEST, "\n".join(installing) + "\n")  # what a run finishing this swap installs
        _fsync_dir(staging)
        old.mkdir()
        _fsync_dir(old.parent)
        for name in names:
            staged = (staging / name).exists()
            had = (out / name).exists()
            if not staged and not had:
                continue
            if had:
                os.rename(out / name, old / name)
            done.append((name, had))
            if staged:
                os.rename(staging / name, out / name)
        _fsync_dir(out)
    except OSError as err:
        for name, had in reversed(done):
            try:
                if not (staging / name).exists() and (out / name).exists() and not (had and (old / name).exists()):
                    os.rename(out / name, staging / name)
                if had:
                    os.rename(old / name, out / name)
            except OSError as undo_err:  # pragma: no cover - a second failure while undoing
                raise OutputError(
                    f"{out}: cannot replace outputs ({err.strerror or err}) nor restore {name} "
                    f"({undo_err.strerror or undo_err}); the previous files are in {old}"
                ) from err
        _remove(staging)
        _remove(old)
        raise OutputError(f"{out}: cannot replace outputs ({err.strerror or err}); previous outputs kept") from err
    _remove(staging)
    _remove(old)


def orphans(out: Path) -> list[Path]:
    """Hidden staging folders of ``out`` left by earlier runs (beside it and inside it)."""
    out = Path(os.path.abspath(out))
    found = []
    beside = re.compile(re.escape(f"{PREFIX}{out.name}-") + _RUN_ID + "(-old)?")
    inside = re.compile(re.escape(PREFIX) + _RUN_ID + "(-old)?")
    for folder, pattern in ((out.parent, beside), (out, inside)):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        found += [Path(e.path) for e in entries if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    return sorted(found)


def clean_orphans(out: Path, names: tuple[str, ...]) -> None:
    """Finish or remove what a killed run left (call with the lock held).

    A staging folder with its ``-old`` folder was being swapped in file by file: the swap is
    finished (the staged set was complete).  Any other orphan (a staging folder never swapped in,
    or the previous set after an exchange) is removed.
    """
    found = orphans(out)
    for staging in found:
        if staging.name.endswith("-old") or not staging.with_name(staging.name + "-old").is_dir():
            continue
        old = staging.with_name(staging.name + "-old")
        try:
            staged = set((staging / MANIFEST).read_text(encoding="utf-8").split())
        except OSError:
            staged = {n for n in names if (staging / n).is_file()}
        for name in names:
            if (staging / name).is_file():  # not installed yet
                if (out / name).exists() and not (old / name).exists():
                    os.rename(out / name, old / name)
                os.rename(staging / name, out / name)
            elif name not in staged and (out / name).exists() and not (old / name).exists():
                os.rename(out / name, old / name)  # a file of the previous set the new one lacks
        _fsync_dir(out)
    for p in found:
        _remove(p)


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    if path.exists():
        warnings.warn(f"{path}: could not remove this leftover folder (it is retried at the next run)", stacklevel=3)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(path: Path, data: str | bytes) -> None:
    """Write a staged file (UTF-8 for text) and ``fsync`` it: the staging folder is not visible, no rename needed."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open(path, "xb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
