"""One partition on a worker: its articles through the extractor, its tables written to their own folder.

:func:`process_partition` is the task a Dask worker runs.  It reads its partition
(:func:`bordermap.corpus.inputs.read_partition`), and the SHA-256 of that input names the partition's
folder ``parts/<hash>/``: if the folder exists, the partition was finished by an earlier run and
is skipped.  Otherwise it extracts the places (:class:`bordermap.PlaceExtractor`), the names the
gazetteer lacks (:func:`bordermap.unresolved_names`) and the claims (:func:`bordermap.extract_claims`)
of each article, writes the partition's tables as Parquet into a temporary folder and renames it
into place (a rename is atomic: a kill leaves a finished folder or none).

The extractor (and its gazetteer, memory-mapped from the index file: the pages are shared by every
worker process of the machine) is created once per worker process, on its first task, and kept for
the next ones (:func:`worker_extractor`): its memos of names and runs of words persist across tasks.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import tempfile
import time
import typing
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs import Partition, read_partition

if TYPE_CHECKING:
    import pyarrow as pa

    from ..text.claims import ClaimCheck
    from ..text.extractor import PlaceExtractor

#: Version of the partition folder layout (part of every partition's hash: a new layout redoes the work).
#: 2: ``judging``: what the report's judge needs of each article with a claim to measure (judged at assembly).
PART_FORMAT = 2
#: The tables each partition folder holds.
PART_TABLES = ("articles", "mentions", "claims", "places_by_day", "rejected", "judging")


@functools.cache
def worker_extractor() -> PlaceExtractor:
    """The extractor of this process: created on first use (the default gazetteer, memory-mapped), then kept."""
    from ..text.extractor import PlaceExtractor

    return PlaceExtractor()


def schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each partition table (the same for every partition, empty or not)."""
    import pyarrow as pa

    s, f, i, b, d = pa.string(), pa.float64(), pa.int64(), pa.bool_(), pa.date32()
    # a resolved place, as both the mentions and the daily counts give it
    place = [("place_id", s), ("name", s), ("kind", s), ("country", s), ("admin1", s), ("lat", f), ("lon", f)]
    return {
        "articles": pa.schema(
            [
                ("article_id", s),
                ("date", d),
                ("source", s),
                ("url", s),
                ("title", s),
                ("chars", i),
                ("mentions", i),
                ("countries", s),
                ("origin", s),
            ]
        ),
        "mentions": pa.schema(
            [
                ("article_id", s),
                ("date", d),
                ("source", s),
                ("text", s),
                ("start", i),
                ("end", i),
                *place,
                ("confidence", f),
                ("unresolved", b),
                ("cue", s),
            ]
        ),
        "claims": pa.schema([*_claim_fields(), ("date", d), ("source", s)]),
        "places_by_day": pa.schema(
            [
                ("date", d),
                *place,
                ("mentions", i),
                ("articles", i),
            ]
        ),
        "rejected": pa.schema([("file", s), ("record", s), ("id", s), ("reason", s)]),
        # an article with a claim geometry can measure: its text and its mentions (JSON), for the judge
        "judging": pa.schema([("article_id", s), ("text", s), ("mentions", s)]),
    }


def check_fields() -> list[tuple[str, pa.DataType]]:
    """The columns of a claim's check, as :func:`bordermap.text.verdicts.claims_table` names them."""
    import pyarrow as pa

    s, f = pa.string(), pa.float64()
    return [
        ("verdict", s),
        ("computed_km", f),
        ("difference_pct", f),
        ("band_low_km", f),
        ("band_high_km", f),
        ("reason", s),
        ("measured", s),
    ]


def check_row(ch: ClaimCheck) -> dict[str, Any]:
    """A claim's check as the columns :func:`check_fields` names."""
    return {
        "verdict": str(ch.verdict),
        "computed_km": ch.computed_km,
        "difference_pct": ch.difference_pct,
        "band_low_km": ch.band_km[0] if ch.band_km else None,
        "band_high_km": ch.band_km[1] if ch.band_km else None,
        "reason": ch.reason,
        "measured": ch.subject,
    }


def _claim_fields() -> list[tuple[str, pa.DataType]]:
    """Columns for the fields of :class:`bordermap.Claim`, whatever they are (tuples become space-joined text)."""
    import pyarrow as pa

    from ..text.claims import Claim

    hints = typing.get_type_hints(Claim)
    out: list[tuple[str, pa.DataType]] = []
    for fld in dataclasses.fields(Claim):
        t = hints.get(fld.name)
        args = set(typing.get_args(t)) - {type(None)}
        if t is float or args == {float}:
            out.append((fld.name, pa.float64()))
        elif t is int or args == {int}:
            out.append((fld.name, pa.int64()))
        elif t is bool:
            out.append((fld.name, pa.bool_()))
        else:
            out.append((fld.name, pa.string()))
    return out


def claim_row(claim: Any) -> dict[str, Any]:
    """A claim as a row of the claims table (tuples space-joined, anything else not a number as text)."""
    row: dict[str, Any] = {}
    for fld in dataclasses.fields(claim):
        v = getattr(claim, fld.name)
        if isinstance(v, tuple):
            v = " ".join(str(x) for x in v)
        elif v is not None and not isinstance(v, (str, int, float, bool)):
            v = str(v)
        row[fld.name] = v
    return row


def row_claim(row: dict[str, Any]) -> Any:
    """The :class:`bordermap.Claim` of a row of the claims table (the inverse of :func:`claim_row`)."""
    cls, fields = _claim_fields_kinds()
    values: dict[str, Any] = {}
    for name, kind in fields:
        v = row.get(name)
        if kind == "tuple":
            v = tuple(str(v).split()) if v else ()
        elif kind == "str" and v is None:
            v = ""
        values[name] = v
    return cls(**values)


@functools.cache
def _claim_fields_kinds() -> tuple[Any, tuple[tuple[str, str], ...]]:
    """:class:`bordermap.Claim` and, per field, ``tuple``, ``str`` or ``other`` (worked out once)."""
    from ..text.claims import Claim

    hints = typing.get_type_hints(Claim)
    kinds = []
    for fld in dataclasses.fields(Claim):
        t = hints.get(fld.name)
        kinds.append((fld.name, "tuple" if typing.get_origin(t) is tuple else "str" if t is str else "other"))
    return Claim, tuple(kinds)


def process_partition(part: Partition, parts_dir: str, *, max_bytes: int, salt: str) -> dict[str, Any]:
    """Run one partition (see the module docstring) and return its summary.

    Returns
    -------
    dict
        ``index``, ``digest`` (the folder name), ``skipped`` (finished by an earlier run),
        ``articles``, ``rejected``, ``mentions``, ``claims``, ``seconds`` (wall clock), ``cpu_seconds`` (CPU time
        of the worker process: what the task cost on a shared machine), and the worker's ``pid``,
        ``rss`` (resident bytes now), ``peak_rss`` (peak resident bytes of the process) and
        ``uss`` (bytes private to it: the gazetteer's shared pages are not counted).
    """
    t0, c0 = time.perf_counter(), time.process_time()
    got = read_partition(part, max_bytes=max_bytes, salt=salt)
    folder = Path(parts_dir) / got.digest
    summary: dict[str, Any] = {"index": part.index, "digest": got.digest}
    if (folder / "summary.json").is_file():
        done = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        summary.update({k: done[k] for k in ("articles", "rejected", "mentions", "claims")}, skipped=True)
    else:
        tables = extract_tables(got.good, got.rejected)
        counts = {k: len(tables[k]) for k in ("articles", "rejected", "mentions", "claims")}
        write_part(folder, tables, counts)
        summary.update(counts, skipped=False)
    summary["seconds"] = time.perf_counter() - t0
    summary["cpu_seconds"] = time.process_time() - c0
    summary.update(memory_now())
    return summary


def memory_now() -> dict[str, int]:
    """This process's ``pid``, ``rss``, ``peak_rss`` and ``uss`` (bytes)."""
    import resource

    import psutil

    proc = psutil.Process()
    try:
        uss = int(proc.memory_full_info().uss)
    except (psutil.Error, AttributeError):  # pragma: no cover - no /proc/PID/smaps
        uss = 0
    return {"pid": os.getpid(), "rss": int(proc.memory_info().rss), "peak_rss": _peak_rss(resource), "uss": uss}


def _peak_rss(resource: Any) -> int:
    """Peak resident bytes of this process: ``VmHWM`` (Linux; reset by ``exec``, unlike ``ru_maxrss``, which a
    worker process spawned from a large parent inherits), else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def extract_tables(good: list[Any], rejected: list[dict[str, Any]]) -> dict[str, pa.Table]:
    """The partition's tables from its checked records (see :func:`schemas`)."""
    import pyarrow as pa

    from ..text.claims import extract_claims
    from ..text.unresolved import unresolved_names

    extractor = worker_extractor()
    judging: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    day_counts: Counter[tuple[Any, str]] = Counter()
    day_articles: Counter[tuple[Any, str]] = Counter()
    place_info: dict[str, dict[str, Any]] = {}
    for g in good:
        a = g.article
        found = extractor.extract(a)
        base = {"article_id": a.id, "date": a.date, "source": g.source}
        countries: set[str] = set()
        seen_here: set[str] = set()
        for m in found:
            p = m.place
            pid = p.id or f"{p.name}|{p.country}"
            mentions.append(
                base
                | {
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "place_id": pid,
                    "name": p.name,
                    "kind": str(p.kind),
                    "country": p.country,
                    "admin1": p.admin1,
                    "lat": p.lat,
                    "lon": p.lon,
                    "confidence": m.confidence,
                    "unresolved": False,
                    "cue": "",
                }
            )
            if p.country:
                countries.add(p.country)
            if a.date is not None:
                place_info.setdefault(
                    pid,
                    {"name": p.name, "kind": str(p.kind), "country": p.country}
                    | {"admin1": p.admin1, "lat": p.lat, "lon": p.lon},
                )
                day_counts[(a.date, pid)] += 1
                if pid not in seen_here:
                    seen_here.add(pid)
                    day_articles[(a.date, pid)] += 1
        for u in unresolved_names(a, mentions=found):
            mentions.append(
                base
                | {
                    "text": u.text,
                    "start": u.start,
                    "end": u.end,
                    "place_id": None,
                    "name": None,
                    "kind": None,
                    "country": None,
                    "admin1": None,
                    "lat": None,
                    "lon": None,
                    "confidence": None,
                    "unresolved": True,
                    "cue": u.cue,
                }
            )
        stated = extract_claims(a, mentions=found)
        claims.extend(claim_row(c) | {"date": a.date, "source": g.source} for c in stated)
        if any(c.geographic for c in stated):
            mentioned = json.dumps([m.to_dict() for m in found], ensure_ascii=False)
            judging.append({"article_id": a.id, "text": a.text, "mentions": mentioned})
        articles.append(
            base
            | {
                "url": g.url,
                "title": a.title,
                "chars": len(a.text),
                "mentions": len(found),
                "countries": " ".join(sorted(countries)),
                "origin": g.origin,
            }
        )
    mentions.sort(key=lambda r: (r["article_id"], r["start"], r["unresolved"]))  # text order in each article
    mentions.sort(key=_article_order({r["article_id"]: k for k, r in enumerate(articles)}))
    by_day = [
        {"date": d, "place_id": pid, **place_info[pid], "mentions": n, "articles": day_articles[(d, pid)]}
        for (d, pid), n in sorted(day_counts.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    ]
    sch = schemas()
    rows = {
        "articles": articles,
        "mentions": mentions,
        "claims": claims,
        "places_by_day": by_day,
        "rejected": rejected,
        "judging": judging,
    }
    return {k: pa.Table.from_pylist(rows[k], schema=sch[k]) for k in PART_TABLES}


def _article_order(order: dict[str, int]) -> Any:
    def key(r: dict[str, Any]) -> int:
        return order.get(r["article_id"], 0)

    return key


def write_part(folder: Path, tables: dict[str, pa.Table], counts: dict[str, int]) -> None:
    """Write the partition's tables into a temporary folder beside ``folder``, then rename it to ``folder``."""
    import pyarrow.parquet as pq

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        for name, table in tables.items():
            pq.write_table(table, tmp / f"{name}.parquet")
        (tmp / "summary.json").write_text(json.dumps(counts), encoding="utf-8")
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)  # (mkdtemp makes it private)
        try:
            os.rename(tmp, folder)
        except OSError:
            if not (folder / "summary.json").is_file():  # not another worker that finished the same input first
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
