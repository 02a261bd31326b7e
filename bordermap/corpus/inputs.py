"""The input of a corpus run: files found, cut into partitions, and the records of one partition checked.

INPUT is a folder tree of ``.txt`` article files, JSON Lines (``.jsonl``, ``.ndjson``), CSV or Parquet
files with ``id``, ``date`` and ``text`` columns (and optional ``url``, ``source``, ``title``), one such
file, or a glob of them.  :func:`plan_partitions` cuts it into :class:`Partition` specs without reading the
articles (only Parquet footers and, for CSV, where records end); :func:`read_partition` reads one
partition, on a worker, and returns its raw bytes' hash, its good records and its rejected ones.

A record is rejected (never fatal) when its text is empty, its date is not a calendar date
(``YYYY-MM-DD``, optionally followed by a time) between 1900 and 2100 (a Parquet date Python cannot
hold, past year 9999, included), it is not valid UTF-8, it is larger than ``max_bytes`` (a CSV record
or JSON line is bounded before it is parsed), its JSON nests deeper than :data:`MAX_JSON_DEPTH`, it
has no id or an id that is not text or an integer, its id was seen before in the run (the first is
kept), or its line is not a JSON object / its CSV row is malformed.  A record without a date is kept
(it counts everywhere except in the tables per day).

A whole file is rejected (one row naming it, never fatal) when it is no regular file, a link out of
its folder, unreadable, gone during the run, a damaged Parquet file, or a CSV or Parquet file
without the ``id`` and ``text`` columns or with one of them twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exc import DataError, InputFileError
from ..text.articles import Article, has_date_line, sentences
from .files import FORMATS, find_inputs, open_regular

#: Columns a record may have (``id``, ``date`` and ``text`` are the required ones).
COLUMNS = ("id", "date", "text", "url", "source", "title")
#: Default limit of one article's text, in bytes of UTF-8.
MAX_ARTICLE_BYTES = 1_000_000
#: Dates outside these years are rejected as bad dates.
YEARS = (1900, 2100)
#: The date line an article file may begin with (as :meth:`bordermap.Article.from_text` reads it).
_DATE_LINE = re.compile(r"^\s*date\s+(\S+)\s*")
#: A date as the docs give it: ``YYYY-MM-DD``, optionally followed by a time (``T`` or a space, then
#: ``HH:MM[:SS[.fff]]`` and an optional ``Z`` or ``+HH:MM`` offset).  Nothing else: not ``20210712``,
#: not ``2021-W27-1``.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.ASCII)
#: JSON Lines records nested deeper than this (objects and arrays) are rejected unparsed.
MAX_JSON_DEPTH = 32


@dataclass(frozen=True)
class Partition:
    """A piece of the input that one task reads and processes.

    Attributes
    ----------
    index : int
        Position in the run (tables are assembled in this order).
    fmt : str
        ``txt``, ``jsonl``, ``csv`` or ``parquet``.
    paths : tuple of str
        The ``.txt`` files of the partition, or the one file it is a piece of.
    start, end : int
        Byte range (JSON Lines, CSV: the records that start inside it) or row range (Parquet); 0 for ``txt``.
    root : str
        The folder ``.txt`` ids are relative to.
    """

    index: int
    fmt: str
    paths: tuple[str, ...]
    start: int = 0
    end: int = 0
    root: str = ""


@dataclass
class Record:
    """One article as read, before it is checked."""

    origin: str
    id: Any = None
    date: Any = None
    text: Any = None
    url: Any = None
    source: Any = None
    title: Any = None
    reason: str = ""  # set when it cannot be read at all (non-UTF-8, malformed line...)


@dataclass
class Good:
    """A record that passed the checks: the article and its metadata."""

    article: Article
    source: str = ""
    url: str = ""
    origin: str = ""


@dataclass
class PartitionInput:
    """What :func:`read_partition` returns."""

    digest: str
    good: list[Good] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


def find_files(inputs: list[str]) -> list[Path]:
    """The input files that can be read (see :func:`bordermap.corpus.files.find_inputs`; skipped ones left out).

    Raises
    ------
    InputFileError
        An input matches nothing, or no file of a known format.
    """
    return [f for f, _ in find_inputs(inputs).files]


def plan_partitions(inputs: list[str], *, articles_per_partition: int = 1000) -> list[Partition]:
    """Cut the input into partitions of about ``articles_per_partition`` articles each.

    ``.txt`` files are grouped (in sorted order, ids relative to the INPUT folder); a JSON Lines or CSV
    file is cut into byte ranges of about that many records (their size estimated from the file's
    first MB); a Parquet file into row ranges.  Nothing but Parquet footers and, for CSV, the bytes
    around each cut is read, so planning costs little however large the input.

    A file that cannot be an input (not a regular file, a link out of its folder, an unreadable file or
    Parquet footer, a Parquet file with a column twice) becomes a partition of format ``skip`` whose
    ``root`` is the reason: its task writes one ``rejected`` row naming the file, and the run goes on.

    Raises
    ------
    InputFileError
        See :func:`bordermap.corpus.files.find_inputs`.
    """
    from ..exc import ArgumentError

    if articles_per_partition < 1:
        raise ArgumentError(f"articles per partition {articles_per_partition!r}: must be at least 1")
    parts: list[Partition] = []
    txt: list[tuple[str, str]] = []
    for inp in inputs:
        root = Path(inp) if Path(inp).is_dir() else None
        found = find_inputs([inp])
        for name, reason in found.skipped:
            parts.append(Partition(len(parts), "skip", (name,), root=reason))
        for f, _ in found.files:
            fmt = FORMATS[f.suffix.lower()]
            if fmt == "txt":
                txt.append((str(f), str(root if root is not None else f.parent)))
                continue
            try:
                if fmt == "parquet":
                    ranges = _row_ranges(f, articles_per_partition)
                else:
                    ranges = _byte_ranges(f, articles_per_partition, csv=fmt == "csv")
            except (OSError, DataError) as err:
                parts.append(Partition(len(parts), "skip", (str(f),), root=file_reason(err)))
                continue
            for a, b in ranges:
                parts.append(Partition(len(parts), fmt, (str(f),), a, b))
    for k in range(0, len(txt), articles_per_partition):
        group = txt[k : k + articles_per_partition]
        roots = {r for _, r in group}
        for folder in sorted(roots):
            files = tuple(f for f, r in group if r == folder)
            parts.append(Partition(len(parts), "txt", files, root=folder))
    if not parts:
        raise InputFileError(f"{' '.join(inputs)}: no article files")
    return parts


def file_reason(err: BaseException) -> str:
    """The one-line reason a whole input file is rejected.

    Examples
    --------
    >>> file_reason(FileNotFoundError(2, "No such file or directory"))
    'unreadable file: No such file or directory'
    >>> file_reason(DataError("x.parquet: the column text twice"))
    'x.parquet: the column text twice'
    """
    if isinstance(err, DataError):
        text = str(err)
    elif isinstance(err, OSError) and err.strerror:
        text = f"unreadable file: {err.strerror}"
    else:
        text = f"unreadable file: {type(err).__name__}: {err}"
    line = " ".join(text.split())
    return line if len(line) <= 300 else line[:297] + "..."


def _row_ranges(path: Path, n: int) -> list[tuple[int, int]]:
    import pyarrow as pa

    try:
        with open_regular(path) as fh:
            pf = _parquet_file(path, fh)
            rows = pf.metadata.num_rows
    except DataError:
        raise
    except (pa.ArrowException, ValueError, EOFError) as err:  # pyarrow raises several kinds for a damaged footer
        raise DataError(f"not a readable Parquet file ({' '.join(str(err).split())[:200]})") from err
    return [(a, min(a + n, rows)) for a in range(0, rows, n)]


def _parquet_file(path: str | Path, fh: Any) -> Any:
    """The Parquet file open on ``fh``, its columns checked: each of :data:`COLUMNS` at most once.

    Raises
    ------
    DataError
        A column the records are made of is there twice (which one is the text?).
    """
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(fh)
    names = pf.schema_arrow.names
    twice = [c for c in COLUMNS if names.count(c) > 1]
    if twice:
        raise DataError(f"Parquet file with the column(s) {', '.join(twice)} twice (which one to read?)")
    return pf


def _byte_ranges(path: Path, n: int, *, csv: bool) -> list[tuple[int, int]]:
    """Byte ranges of about ``n`` records; for CSV each cut lies at the end of a record (quotes balanced)."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(1 << 20)
        lines = head.count(b"\n") or 1
        block = max(4096, int(len(head) / lines * n))
        start = 0
        if csv:  # the header row is no record: each partition reads it again
            fh.seek(0)
            _read_csv_record(fh)
            start = fh.tell()
        if start >= size:
            return []
        cuts = [start]
        pos = start
        while pos + block < size:
            if csv:
                fh.seek(pos)
                quotes = 0
                target = pos + block
                # the records from pos to the target: count quotes, then finish the record in progress
                while fh.tell() < target:
                    chunk = fh.read(min(1 << 20, target - fh.tell()))
                    if not chunk:
                        break
                    quotes += chunk.count(b'"')
                while quotes % 2:
                    line = fh.readline()
                    if not line:
                        break
                    quotes += line.count(b'"')
                if quotes % 2 == 0:
                    rest = fh.readline() if not _at_line_start(fh) else b""
                    while rest and rest.count(b'"') % 2:  # a quoted field opened on this line spans lines
                        more = fh.readline()
                        if not more:
                            break
                        rest += more
                pos = fh.tell()
            else:
                pos += block
            if pos >= size:
                break
            cuts.append(pos)
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _at_line_start(fh: Any) -> bool:
    pos = fh.tell()
    if pos == 0:
        return True
    fh.seek(pos - 1)
    ok = bool(fh.read(1) == b"\n")
    return ok


def _read_csv_record(fh: Any) -> bytes:
    """One CSV record's bytes from a binary file (a quoted field may span lines)."""
    out = fh.readline()
    while out and out.count(b'"') % 2:
        more = fh.readline()
        if not more:
            break
        out += more
    return bytes(out)


def read_partition(part: Partition, *, max_bytes: int = MAX_ARTICLE_BYTES, salt: str = "") -> PartitionInput:
    """Read a partition: the SHA-256 of its raw input (and ``salt``), the good records, the rejected ones.

    Rejected rows have ``file``, ``record`` (where in the file: a byte offset, a row number, or the
    file itself), ``id`` (if known) and ``reason``.  Each record is parsed and checked on its own, with
    bounded work (nesting depth, field size, date range); a file that cannot be read at all (gone,
    unreadable, damaged, planned as ``skip``) gives one rejected row naming the file.
    """

    def digest_of(*extra: str) -> Any:
        h = hashlib.sha256(salt.encode())
        # the file names too: two identical files are two partitions, each with its own origins
        h.update(json.dumps([part.fmt, part.start, part.end, list(part.paths), *extra]).encode())
        return h

    digest = digest_of()
    try:
        if part.fmt == "skip":
            raise _SkippedFileError(part.root)
        if part.fmt == "txt":
            records = _txt_records(part, max_bytes, digest)
        elif part.fmt == "jsonl":
            records = _jsonl_records(part, max_bytes, digest)
        elif part.fmt == "csv":
            records = _csv_records(part, max_bytes, digest)
        else:
            records = _parquet_records(part, digest)
    except Exception as err:
        if not isinstance(err, _file_errors()):
            raise
        reason = str(err) if isinstance(err, _SkippedFileError) else file_reason(err)
        name = part.paths[0]
        return PartitionInput(
            digest_of("rejected", reason).hexdigest()[:32],
            rejected=[{"file": name, "record": name, "id": "", "reason": reason}],
        )
    out = PartitionInput("")
    seen: set[str] = set()
    for r in records:
        checked = check_record(r, max_bytes=max_bytes)
        if isinstance(checked, Good) and checked.article.id in seen:
            checked = f"duplicate id {checked.article.id[:80]!r} (the first record with it is kept)"
        if isinstance(checked, Good):
            seen.add(checked.article.id)
            out.good.append(checked)
        else:
            out.rejected.append(
                {"file": r.origin.rsplit("#", 1)[0], "record": r.origin, "id": _plain(r.id), "reason": checked}
            )
    out.digest = digest.hexdigest()[:32]
    return out


class _SkippedFileError(Exception):
    """A partition planned as ``skip``: its message is the reason."""


def _file_errors() -> tuple[type[BaseException], ...]:
    """What reading a whole file may raise when the file (not bordermap) is at fault."""
    import pyarrow as pa

    return (_SkippedFileError, OSError, DataError, ValueError, EOFError, csv.Error, pa.ArrowException)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _txt_records(part: Partition, max_bytes: int, digest: Any) -> list[Record]:
    records = []
    for name in part.paths:
        p = Path(name)
        rel = os.path.relpath(p, part.root) if part.root else p.name
        rid = rel[: -len(p.suffix)] if p.suffix else rel
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open_regular(p) as fh:
                st = os.fstat(fh.fileno())
                size = st.st_size
                if size > max_bytes + 64:  # (a date line and a BOM are no part of the text)
                    digest.update(f"size {size} {st.st_mtime_ns}".encode())
                    records.append(Record(str(p), id=rid, reason=f"oversized: {size:,} bytes (limit {max_bytes:,})"))
                    continue
                raw = fh.read(max_bytes + 65)
        except OSError as err:
            records.append(Record(str(p), id=rid, reason=f"unreadable: {err.strerror or err}"))
            continue
        digest.update(len(raw).to_bytes(8, "little") + raw)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            records.append(Record(str(p), id=rid, reason=f"not UTF-8 (byte {err.start})"))
            continue
        date: Any = None
        m = _DATE_LINE.match(text) if has_date_line(text) else None
        if m:  # the `` date YYYY-MM-DD`` first line of an article file
            date, text = m.group(1), text[m.end() :]
        records.append(Record(str(p), id=rid, date=date, text=text))
    return records


def _jsonl_records(part: Partition, max_bytes: int, digest: Any) -> list[Record]:
    path = part.paths[0]
    records = []
    with open_regular(path) as fh:
        if part.start > 0:
            fh.seek(part.start - 1)
            fh.readline()  # the line in progress belongs to the partition before
        while fh.tell() < part.end:
            offset = fh.tell()
            line = fh.readline(max_bytes * 6 + 4096)  # (JSON escapes take up to 6 bytes a character)
            if not line:
                break
            origin = f"{path}#byte {offset}"
            if not line.endswith(b"\n") and fh.tell() < os.fstat(fh.fileno()).st_size:
                size = len(line)
                while True:  # the rest of an oversized line, read and dropped in pieces
                    more = fh.readline(1 << 20)
                    size += len(more)
                    digest.update(more)
                    if not more or more.endswith(b"\n"):
                        break
                digest.update(line)
                records.append(Record(origin, reason=f"oversized: a line of {size:,} bytes (limit {max_bytes:,})"))
                continue
            digest.update(line)
            if not line.strip():
                continue
            depth = json_depth(line)
            if depth > MAX_JSON_DEPTH:
                records.append(Record(origin, reason=f"nested too deep: {depth:,} levels (limit {MAX_JSON_DEPTH})"))
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as err:
                records.append(Record(origin, id=_id_of(line), reason=f"not UTF-8 (byte {offset + err.start})"))
                continue
            except (ValueError, RecursionError):
                records.append(Record(origin, reason="not JSON"))
                continue
            if not isinstance(obj, dict):
                records.append(Record(origin, reason="not a JSON object"))
                continue
            records.append(_record(origin, obj))
    return records


def json_depth(line: bytes) -> int:
    """How deep arrays and objects nest in a line of JSON (strings skipped), counted without parsing it.

    Examples
    --------
    >>> json_depth(b'{"id": "[[[", "tags": [["a"]]}'), json_depth(b"[" * 100_000)
    (3, 100000)
    """
    import numpy as np

    bare = line.replace(b"\\\\", b"").replace(b'\\"', b"")  # escapes gone: every quote left opens or closes
    codes = np.frombuffer(bare, dtype=np.uint8)
    outside = np.cumsum(codes == ord('"')) % 2 == 0
    opens = (codes == ord("[")) | (codes == ord("{"))
    closes = (codes == ord("]")) | (codes == ord("}"))
    steps = (opens & outside).astype(np.int64) - (closes & outside)
    return int(np.cumsum(steps).max(initial=0))


def _record(origin: str, values: dict[str, Any]) -> Record:
    g = values.get
    return Record(
        origin, id=g("id"), date=g("date"), text=g("text"), url=g("url"), source=g("source"), title=g("title")
    )


def _id_of(line: bytes) -> Any:
    """The id of a JSON line that is not UTF-8, if it can be read at all."""
    try:
        obj = json.loads(line.decode("utf-8", "replace"))
    except ValueError:
        return None
    return obj.get("id") if isinstance(obj, dict) else None


def _csv_records(part: Partition, max_bytes: int, digest: Any) -> list[Record]:
    """The records of a CSV partition, each parsed on its own: a record longer than its bound is rejected unparsed."""
    path = part.paths[0]
    cap = max_bytes * 6 + 4096  # (a quoted field doubles its quotes; an escape-heavy text grows)
    csv.field_size_limit(max(cap + 1, 131072))  # every field of a record within the bound fits
    records = []
    with open_regular(path) as fh:
        header, size = bounded_csv_record(fh, cap, digest)
        if header is None:
            raise DataError(f"CSV header row of {size:,} bytes (limit {cap:,})")
        names = next(csv.reader([header.decode("utf-8-sig", "replace")]), [])
        names = [n.strip().lower() for n in names]
        missing = [c for c in ("id", "text") if c not in names]
        if missing:
            raise DataError(f"CSV without the column(s) {', '.join(missing)} (columns: {', '.join(names)[:200]})")
        fh.seek(part.start)
        row_no = 0
        while fh.tell() < part.end:
            raw, size = bounded_csv_record(fh, cap, digest)
            if not size:
                break
            row_no += 1
            origin = f"{path}#bytes {part.start}-{part.end} row {row_no}"
            if raw is None:
                records.append(Record(origin, reason=f"oversized: a CSV record of {size:,} bytes (limit {cap:,})"))
                continue
            try:
                rows = list(csv.reader(io.StringIO(raw.decode("utf-8", "surrogateescape"), newline="")))
            except csv.Error as err:
                records.append(Record(origin, reason=f"malformed CSV row: {' '.join(str(err).split())[:120]}"))
                continue
            for row in rows:
                records.extend(_csv_row(origin, row, names))
    return records


def _csv_row(origin: str, row: list[str], names: list[str]) -> list[Record]:
    if not row or (len(row) == 1 and not row[0].strip()):
        return []
    if len(row) != len(names):
        return [Record(origin, reason=f"malformed CSV row: {len(row)} fields, expected {len(names)}")]
    values = dict(zip(names, row, strict=True))
    if any(_has_surrogates(v) for v in values.values()):
        return [Record(origin, id=values.get("id"), reason="not UTF-8")]
    return [_record(origin, values)]


def bounded_csv_record(fh: Any, cap: int, digest: Any = None) -> tuple[bytes | None, int]:
    """The next CSV record of a binary file (a quoted field may span lines), and its size in bytes.

    A record longer than ``cap`` bytes is read through in pieces of 1 MB and dropped: ``(None, size)``.
    ``(b"", 0)`` at the end of the file.  Every byte read is added to ``digest`` (if given).
    """
    kept = bytearray()
    size = quotes = 0
    keep = True
    while True:
        line = fh.readline(1 << 20)
        if not line:
            break
        size += len(line)
        quotes += line.count(b'"')
        if digest is not None:
            digest.update(line)
        if keep and size <= cap:
            kept += line
        elif keep:
            keep = False
            kept = bytearray()
        if line.endswith(b"\n") and quotes % 2 == 0:
            break
    return (bytes(kept) if keep else None), size


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _parquet_records(part: Partition, digest: Any) -> list[Record]:
    path = part.paths[0]
    with open_regular(path) as fh:
        pf = _parquet_file(path, fh)
        names = [c for c in COLUMNS if c in pf.schema_arrow.names]
        missing = [c for c in ("id", "text") if c not in names]
        if missing:
            raise DataError(f"Parquet file without the column(s) {', '.join(missing)}")
        records = []
        row = 0
        for g in range(pf.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            if row + n <= part.start:
                row += n
                continue
            if row >= part.end:
                break
            table = pf.read_row_group(g, columns=names)
            a, b = max(part.start - row, 0), min(part.end - row, n)
            piece = table.slice(a, b - a)
            columns = {c: _column_values(piece.column(c)) for c in names}
            for k in range(b - a):
                values = {c: columns[c][k] for c in names}
                bad = {c: v.reason for c, v in values.items() if isinstance(v, _Unreadable)}
                values = {c: (v.text if isinstance(v, _Unreadable) else v) for c, v in values.items()}
                for c, v in values.items():
                    if isinstance(v, bytes):
                        values[c] = v.decode("utf-8", "surrogateescape")
                digest.update(json.dumps(values, default=str, ensure_ascii=False).encode("utf-8", "surrogateescape"))
                origin = f"{path}#row {row + a + k}"
                if bad:
                    c, why = next(iter(bad.items()))
                    reason = f"bad date {values[c]!r}: {why}" if c == "date" else f"unreadable {c}: {why}"
                    records.append(Record(origin, id=None if "id" in bad else values.get("id"), reason=reason))
                    continue
                if any(isinstance(v, str) and _has_surrogates(v) for v in values.values()):
                    records.append(Record(origin, id=values.get("id"), reason="not UTF-8"))
                    continue
                records.append(_record(origin, values))
            row += n
    return records


@dataclass(frozen=True)
class _Unreadable:
    """A Parquet value Python cannot hold (a date past year 9999...): its raw text and why."""

    text: str
    reason: str


def _column_values(column: Any) -> list[Any]:
    """A column's values as Python objects; a value that has none (out of range) as :class:`_Unreadable`.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _column_values(pa.chunked_array([pa.array([0, 10**8], type=pa.date32())]))
    [datetime.date(1970, 1, 1), _Unreadable(text='<value out of range: 100000000>', reason='out of range')]
    """
    try:
        return list(column.to_pylist())
    except (OverflowError, ValueError):
        pass
    out: list[Any] = []
    for chunk in column.chunks:
        for scalar in chunk:
            try:
                out.append(scalar.as_py())
            except (OverflowError, ValueError):
                raw = _raw_text(scalar)
                out.append(_Unreadable(raw, "out of range"))
    return out


def _raw_text(scalar: Any) -> str:
    """A value's text as Arrow prints it (``<value out of range: 100000000>`` for a date Python cannot hold)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return str(pc.cast(pa.array([scalar]), pa.string())[0].as_py())[:60]
    except (pa.ArrowException, ValueError, TypeError):
        return "?"


def parse_date(value: Any) -> dt.date | None:
    """A record's date: ``None`` if missing; a :class:`datetime.date` for a valid one.

    Raises
    ------
    ValueError
        Not a calendar date between the years of :data:`YEARS` (the message is the rejection reason).

    Examples
    --------
    >>> parse_date("2021-07-12"), parse_date("2021-07-12T08:30:00Z"), parse_date("")
    (datetime.date(2021, 7, 12), datetime.date(2021, 7, 12), None)
    >>> parse_date("2021-02-30")
    Traceback (most recent call last):
    ...
    ValueError: bad date '2021-02-30'
    >>> parse_date("20210712")
    Traceback (most recent call last):
    ...
    ValueError: bad date '20210712'
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        s = str(value).strip()
        if not s or s.lower() in ("nan", "nat", "none", "null"):
            return None
        try:
            if not _DATE.fullmatch(s):  # only YYYY-MM-DD (and a time): not 20210712, not 2021-W27-1
                raise ValueError
            d = dt.date.fromisoformat(s[:10])
            if len(s) > 10:
                dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"bad date {s[:40]!r}") from None
    if not YEARS[0] <= d.year <= YEARS[1]:
        raise ValueError(f"bad date {d.isoformat()!r}: outside {YEARS[0]}–{YEARS[1]}")
    return d


def check_record(r: Record, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Good | str:
    """The record as an article, or the reason it is rejected (one line).

    Examples
    --------
    >>> check_record(Record("x", id="a1", date="2021-07-12", text="Migrants reached Vilnius.")).article.date
    datetime.date(2021, 7, 12)
    >>> check_record(Record("x", id="a1", date="12/07/2021", text="Migrants reached Vilnius."))
    "bad date '12/07/2021'"
    >>> check_record(Record("x", id="a2", text="   "))
    'empty text'
    >>> check_record(Record("x", id=True, text="Migrants reached Vilnius."))
    'id is not text nor an integer (bool)'
    """
    if r.reason:
        return r.reason
    if isinstance(r.id, float) and r.id != r.id:
        r.id = None  # NaN: no id
    if isinstance(r.id, float) and r.id.is_integer():
        r.id = int(r.id)  # (a column of integers with a gap, as pandas writes it)
    if r.id is not None and (isinstance(r.id, bool) or not isinstance(r.id, (str, int))):
        return f"id is not text nor an integer ({type(r.id).__name__})"
    rid = "" if r.id is None else str(r.id).strip()
    if not rid or rid.lower() == "nan":
        return "no id"
    if not isinstance(r.text, str):
        return "empty text" if r.text is None else f"text is not a string ({type(r.text).__name__})"
    if not r.text.strip():
        return "empty text"
    if _has_surrogates(r.text) or _has_surrogates(rid):
        return "not valid Unicode text"
    size = len(r.text.encode("utf-8"))
    if size > max_bytes:
        return f"oversized: {size:,} bytes (limit {max_bytes:,})"
    try:
        date = parse_date(r.date)
    except ValueError as err:
        return str(err)
    text = r.text
    title = _text_of(r.title) or _first_sentence(text)
    article = Article(id=rid, text=text, date=date, title=title, path=r.origin)
    return Good(article, source=_text_of(r.source), url=_text_of(r.url), origin=r.origin)


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    s = str(value)
    return "" if s.lower() == "nan" or _has_surrogates(s) else s.strip()


def _first_sentence(text: str) -> str:
    """The title an article file gets: its first sentence, at most 120 characters."""
    first_line = text.strip().split("\n", 1)[0]
    spans = sentences(first_line[:2000])
    first = first_line[spans[0][0] : spans[0][1]] if spans else ""
    return first if len(first) <= 120 else first[:117].rstrip() + "..."
