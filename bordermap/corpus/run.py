"""Run a corpus on Dask: a ``distributed.LocalCluster`` by default, or a running cluster's scheduler.

:func:`run_corpus` plans the partitions (:func:`bordermap.corpus.inputs.plan_partitions`), maps
:func:`bordermap.corpus.partition.process_partition` over them on the cluster (one task per
partition; the workers write the partition tables themselves, only a small summary comes back), then
assembles the outputs (:func:`bordermap.corpus.tables.assemble`).

Resumable: a partition's folder is named by the hash of its input (and of what the results depend
on: the partition layout, the gazetteer's sources, the size limit), written whole or not at all;
a re-run after a crash or a kill skips the partitions whose folder exists and redoes only the
others.  The tables are assembled from the folders of this run's partitions, in input order, so a
re-run gives the same tables as an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exc import ArgumentError, OptionalDependencyError, OutputError
from .inputs import MAX_ARTICLE_BYTES, plan_partitions
from .partition import PART_FORMAT, process_partition


@dataclass
class CorpusResult:
    """What :func:`run_corpus` did.

    Attributes
    ----------
    out : Path
        The output folder.
    info : dict
        The content of ``corpus.json``: ``run_id``, ``articles``, ``rejected``, ``mentions``, ``claims``,
        ``days``, ``borders``, ``files`` (the SHA-256 of every other file written), and ``run``
        (partitions, skipped, seconds, workers' memory).
    dashboard : str or None
        The Dask dashboard's address during the run.
    """

    out: Path
    info: dict[str, Any] = field(default_factory=dict)
    dashboard: str | None = None

    def summary(self) -> str:
        """A few lines for a terminal."""
        i, r = self.info, self.info.get("run", {})
        lines = [
            f"{i['articles']:,} article(s), {i['rejected']:,} rejected, {i['mentions']:,} mention(s), "
            f"{i['claims']:,} claim(s), {i['days']} day(s)"
            + (f" ({i['first_day']} to {i['last_day']})" if i.get("first_day") else ""),
            f"{r.get('partitions', 0)} partition(s), {r.get('skipped', 0)} done by an earlier run; "
            f"{r.get('seconds', 0):.1f} s on {r.get('workers', 0)} worker(s), "
            f"peak resident memory per worker {r.get('peak_rss_mb_max', 0):.0f} MB",
        ]
        for b in i.get("borders", []):
            lines.append(
                f"border {b['name']}: named together in {b['articles']:,} article(s), "
                f"{b['places_near']} place(s) within {i['near_km']:g} km"
            )
        lines.append(f"written to {self.out}/: " + ", ".join([*i.get("files", {}), "corpus.json"]))
        return "\n".join(lines)


def _client_modules() -> Any:
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as err:
        raise OptionalDependencyError(
            f"bordermap corpus needs dask and distributed ({err.name} is missing): pip install bordermap[corpus]"
        ) from err
    return distributed


def _check_out(out: str | os.PathLike[str]) -> Path:
    """The output folder, created, its output names checked (before any work)."""
    from .._outputs import check_targets
    from .tables import output_files

    path = Path(out)
    check_targets(path, output_files())
    try:
        (path / "parts").mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"--out {path}: cannot create folder ({err.strerror})") from err
    if not os.access(path, os.W_OK):
        raise OutputError(f"--out {path}: folder is not writable")
    return path


def _clean(path: Path) -> None:
    """What a killed run left in the folder (call with its lock held: no other run is using it)."""
    for stale in (path / "parts").glob(".*.tmp"):  # a killed run's partition in flight
        shutil.rmtree(stale, ignore_errors=True)
    for stale in path.glob(".bordermap-corpus-*"):  # a killed run's assembly (before issue 24)
        shutil.rmtree(stale, ignore_errors=True)


def run_salt(*, max_bytes: int) -> str:
    """What a partition's results depend on besides its input (part of each partition's hash)."""
    from ..text.gazetteer import packaged_index_name

    return json.dumps({"format": PART_FORMAT, "max_bytes": max_bytes, "gazetteer": packaged_index_name()})


def run_corpus(
    inputs: list[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str],
    scheduler: str | None = None,
    workers: int | None = None,
    articles_per_partition: int = 1000,
    near_km: float = 25.0,
    max_borders: int = 8,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    title: str = "",
    connect_timeout_s: float = 20.0,
    on_start: Callable[[str | None, int], None] | None = None,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
) -> CorpusResult:
    """Run a corpus of articles on Dask and write its tables, time-slider map and chart into ``out``.

    Parameters
    ----------
    inputs : list of path-like or glob
        Folders of ``.txt`` files (searched recursively), JSON Lines, CSV or Parquet files with
        ``id``, ``date``, ``text`` (and optional ``url``, ``source``, ``title``), or globs.
    out : path-like
        Output folder (created); ``parts/`` inside it keeps the partitions' tables for re-runs.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:port``); default a ``LocalCluster`` of
        ``workers`` processes of one thread each, started and stopped here.
    workers : int, optional
        Worker processes of the local cluster (default the machine's cores); with ``scheduler``, wait
        until the cluster has this many workers.
    articles_per_partition : int
        About this many articles per task.
    near_km : float
        The per-border table counts mentions of places within this distance of the border.
    max_borders : int
        At most this many borders (the pairs of neighbours the articles name together most).
    max_article_bytes : int
        Longer articles are rejected.
    title : str
        Title of the map and chart.
    connect_timeout_s : float
        How long to try to reach ``scheduler``.
    on_start : callable, optional
        Called with the dashboard address (or None) and the number of partitions once the cluster is up.
    on_progress : callable, optional
        Called with each partition's summary as it finishes.

    Returns
    -------
    CorpusResult

    Raises
    ------
    InputFileError
        An input is missing or holds no article file.
    ArgumentError
        A parameter is out of range, or the scheduler cannot be reached.
    OptionalDependencyError
        dask or distributed is not installed.
    """

    if isinstance(near_km, bool) or not (isinstance(near_km, (int, float)) and 0 <= near_km <= 1000):
        raise ArgumentError(f"near_km={near_km!r}: out of range (allowed: at least 0 and at most 1000 km)")
    if workers is not None and workers < 1:
        raise ArgumentError(f"--workers {workers}: must be at least 1")
    distributed = _client_modules()
    names = [os.fspath(p) for p in inputs]
    parts = plan_partitions(names, articles_per_partition=articles_per_partition)
    out_dir = _check_out(out)
    from .._outputs import locked

    with locked(out_dir):  # held to the end: a second run into the folder waits, and never clears this one's files
        _clean(out_dir)
        return _run(
            distributed,
            parts,
            out_dir,
            scheduler=scheduler,
            workers=workers,
            max_article_bytes=max_article_bytes,
            near_km=near_km,
            max_borders=max_borders,
            title=title,
            connect_timeout_s=connect_timeout_s,
            on_start=on_start,
            on_progress=on_progress,
        )


def _run(
    distributed: Any,
    parts: list[Any],
    out_dir: Path,
    *,
    scheduler: str | None,
    workers: int | None,
    max_article_bytes: int,
    near_km: float,
    max_borders: int,
    title: str,
    connect_timeout_s: float,
    on_start: Callable[[str | None, int], None] | None,
    on_progress: Callable[[dict[str, Any]], None] | None,
) -> CorpusResult:
    """The run itself, the output folder's lock held (see :func:`run_corpus`)."""
    parts_dir = out_dir / "parts"
    salt = run_salt(max_bytes=max_article_bytes)
    t0 = time.perf_counter()
    cluster = None
    if scheduler is None:
        import logging

        n = workers or os.cpu_count() or 1
        cluster = distributed.LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,  # Dask's own tracebacks go to the log file, not the terminal
        )
        client = distributed.Client(cluster)
        from ._workerlog import LogToFile

        client.register_plugin(LogToFile(str((out_dir / WORKER_LOG).absolute())), name="bordermap-log")
    else:
        probe_scheduler(scheduler, connect_timeout_s)  # bounded: a silent or hostile peer fails here, in time
        try:
            client = distributed.Client(scheduler, timeout=f"{connect_timeout_s}s")
        except Exception as err:
            what = " ".join(str(err).split())[:200] or type(err).__name__
            raise ArgumentError(f"--scheduler {scheduler}: cannot connect ({what})") from err
    summaries: dict[int, dict[str, Any]] = {}
    try:
        if scheduler is not None and workers:
            client.wait_for_workers(workers, timeout=120)
        dashboard = _dashboard(client)
        if on_start is not None:
            on_start(dashboard, len(parts))
        futures = client.map(
            process_partition,
            parts,
            parts_dir=str(parts_dir.absolute()),
            max_bytes=max_article_bytes,
            salt=salt,
            pure=False,
        )
        try:
            for fut in distributed.as_completed(futures):
                try:
                    s = fut.result()
                except OSError as err:  # a full disk, a folder gone: the worker could not write its tables
                    raise OutputError(
                        f"--out {out_dir}: cannot write the partition tables ({err.strerror or err})"
                        + (f"; Dask's report in {out_dir / WORKER_LOG}" if scheduler is None else "")
                    ) from err
                summaries[s["index"]] = s
                if on_progress is not None:
                    on_progress(s)
                fut.release()
        except BaseException:
            client.cancel(futures)
            raise
        n_workers = len(client.scheduler_info().get("workers", {}))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    seconds = time.perf_counter() - t0
    digests = [summaries[p.index]["digest"] for p in parts]
    run = _run_info(summaries, seconds=seconds, workers=n_workers, scheduler=scheduler)
    from .tables import assemble

    info = assemble(
        parts_dir, digests, out_dir, near_km=near_km, max_borders=max_borders, title=title, run=run, locked=True
    )
    info["run"]["seconds_total"] = round(time.perf_counter() - t0, 3)
    return CorpusResult(out_dir, info, dashboard)


#: The log file (in ``--out``) of the local cluster's workers: Dask's errors and tracebacks, never the terminal.
WORKER_LOG = "dask-workers.log"


#: The largest first message a scheduler may send when a client connects (its handshake is a few hundred bytes).
MAX_HANDSHAKE_BYTES = 1 << 20


def probe_scheduler(address: str, timeout_s: float) -> None:
    """Check, within ``timeout_s`` in all, that ``address`` answers as a Dask scheduler does on connecting.

    A scheduler sends its handshake first: an 8-byte length, then that many bytes.  A peer that
    accepts the connection and stays silent, or announces a message larger than
    :data:`MAX_HANDSHAKE_BYTES` (a 2**40 length prefix), is refused here, before Dask's client (which
    waits for the handshake without a deadline, and would allocate what the prefix says) meets it.
    Only ``tcp://`` addresses are probed.

    Raises
    ------
    ArgumentError
        No connection, no answer in time, or not a Dask scheduler's answer (one line naming the address).
    """
    import socket
    import struct
    from urllib.parse import urlsplit

    if not address.startswith("tcp://"):
        return
    try:
        parts = urlsplit(address)
        host, port = parts.hostname or "127.0.0.1", parts.port or 8786
    except ValueError as err:
        raise ArgumentError(f"--scheduler {address}: not an address ({err})") from err
    deadline = time.monotonic() + timeout_s

    def recv(sock: socket.socket, n: int) -> bytes:
        got = bytearray()
        while len(got) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
            chunk = sock.recv(min(n - len(got), 1 << 16))
            if not chunk:
                raise ConnectionResetError(0, "connection closed before the handshake")
            got += chunk
        return bytes(got)

    try:
        with socket.create_connection((host, port), timeout=timeout_s) as sock:
            (size,) = struct.unpack("<Q", recv(sock, 8))
            if size > MAX_HANDSHAKE_BYTES:
                raise ArgumentError(
                    f"--scheduler {address}: not a Dask scheduler (its first message says {size:,} bytes, "
                    f"at most {MAX_HANDSHAKE_BYTES:,} expected)"
                )
            recv(sock, size)
    except TimeoutError as err:
        raise ArgumentError(f"--scheduler {address}: no answer within {timeout_s:g} s (connect_timeout_s)") from err
    except OSError as err:
        raise ArgumentError(f"--scheduler {address}: cannot connect ({err.strerror or err})") from err


def _dashboard(client: Any) -> str | None:
    try:
        link = client.dashboard_link
    except Exception:  # no dashboard (bokeh missing) or a scheduler without one
        return None
    return str(link) if link else None


def _run_info(
    summaries: dict[int, dict[str, Any]], *, seconds: float, workers: int, scheduler: str | None
) -> dict[str, Any]:
    """Counts and memory of the run, per worker process (``peak_rss`` is the process's peak)."""
    per_pid: dict[int, dict[str, int]] = {}
    for s in summaries.values():
        w = per_pid.setdefault(s["pid"], {"partitions": 0, "peak_rss": 0, "uss": 0, "rss": 0})
        w["partitions"] += 1
        w["peak_rss"] = max(w["peak_rss"], s["peak_rss"])
        w["uss"] = max(w["uss"], s["uss"])
        w["rss"] = max(w["rss"], s["rss"])
    done = [s for s in summaries.values() if not s["skipped"]]
    return {
        "partitions": len(summaries),
        "skipped": sum(1 for s in summaries.values() if s["skipped"]),
        "articles_processed": sum(s["articles"] for s in done),
        "cpu_seconds": round(sum(s.get("cpu_seconds", 0.0) for s in done), 3),
        "seconds": round(seconds, 3),
        "workers": workers,
        "scheduler": scheduler or "local",
        "worker_memory": {str(pid): w for pid, w in per_pid.items()},
        "peak_rss_mb_max": max((w["peak_rss"] for w in per_pid.values()), default=0) / 1e6,
    }
