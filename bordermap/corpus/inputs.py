"""The input of a corpus run: files found, cut into partitions, and the records of one partition checked.

INPUT is a folder tree of ``.txt`` article files, JSON Lines (``.jsonl``, ``.ndjson``), CSV or Parquet
files with ``id``, ``date`` and ``text`` columns (and optional ``url``, ``source``, ``title``), one such
file, or a glob of them.  :func:`plan_partitions` cuts it into :class:`Partition` specs without reading the
articles (only Parquet footers and, for CSV, where records end); :func:`read_partition` reads one
partition, on a worker, and returns its raw bytes' hash, its good records and its rejected ones.

A record is rejected (never fatal) when its text is empty, its date is not a calendar date
(``YYYY-MM-DD``, optionally followed by a time) between 1900 and 2100, it is not valid UTF-8, it is
larger than ``max_bytes``, it has no id, or its line is not a JSON object / its CSV row is malformed.
A record without a date is kept (it counts everywhere except in the tables per day).
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import hashlib
import io
import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exc import InputFileError
from ..text.articles import Article, has_date_line, sentences

#: File name endings of each input format.
FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
#: Columns a record may have (``id``, ``date`` and ``text`` are the required ones).
COLUMNS = ("id", "date", "text", "url", "source", "title")
#: Default limit of one article's text, in bytes of UTF-8.
MAX_ARTICLE_BYTES = 1_000_000
#: Dates outside these years are rejected as bad dates.
YEARS = (1900, 2100)
#: The date line an article file may begin with (as :meth:`bordermap.Article.from_text` reads it).
_DATE_LINE = re.compile(r"^\s*date\s+(\S+)\s*")


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
    """The input files: each INPUT a file, a folder (searched recursively) or a glob, sorted, duplicates dropped.

    Raises
    ------
    InputFileError
        An input matches nothing, or no file of a known format.
    """
    files: list[Path] = []
    for inp in inputs:
        p = Path(inp)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS)
            if not found:
                raise InputFileError(f"{p}: folder holds no .txt, .jsonl, .csv or .parquet file")
            files.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in FORMATS:
                raise InputFileError(f"{p}: unknown format (expected .txt, .jsonl, .ndjson, .csv or .parquet)")
            files.append(p)
        elif glob.has_magic(inp):
            found = sorted(Path(f) for f in glob.glob(inp, recursive=True) if Path(f).suffix.lower() in FORMATS)
            if not found:
                raise InputFileError(f"{inp}: the pattern matches no .txt, .jsonl, .csv or .parquet file")
            files.extend(found)
        else:
            raise InputFileError(f"{p}: no such file or folder")
    seen: set[Path] = set()
    out = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def plan_partitions(inputs: list[str], *, articles_per_partition: int = 1000) -> list[Partition]:
    """Cut the input into partitions of about ``articles_per_partition`` articles each.

    ``.txt`` files are grouped (in sorted order, ids relative to the INPUT folder); a JSON Lines or CSV
    file is cut into byte ranges of about that many records (their size estimated from the file's
    first MB); a Parquet file into row ranges.  Nothing but Parquet footers and, for CSV, the bytes
    around each cut is read, so planning costs little however large the input.

    Raises
    ------
    InputFileError
        See :func:`find_files`; a Parquet file that cannot be read.
    """
    from ..exc import ArgumentError

    if articles_per_partition < 1:
        raise ArgumentError(f"articles per partition {articles_per_partition!r}: must be at least 1")
    parts: list[Partition] = []
    txt: list[tuple[str, str]] = []
    for inp in inputs:
        root = Path(inp) if Path(inp).is_dir() else None
        for f in find_files([inp]):
            fmt = FORMATS[f.suffix.lower()]
            if fmt == "txt":
                txt.append((str(f), str(root if root is not None else f.parent)))
                continue
            if fmt == "parquet":
                for a, b in _row_ranges(f, articles_per_partition):
                    parts.append(Partition(len(parts), fmt, (str(f),), a, b))
            else:
                for a, b in _byte_ranges(f, articles_per_partition, csv=fmt == "csv"):
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


def _row_ranges(path: Path, n: int) -> list[tuple[int, int]]:
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except Exception as err:  # pyarrow raises several kinds for a damaged footer
        raise InputFileError(f"{path}: not a readable Parquet file ({err})") from err
    return [(a, min(a + n, rows)) for a in range(0, rows, n)]


def _byte_ranges(path: Path, n: int, *, csv: bool) -> list[tuple[int, int]]:
    """Byte ranges of about ``n`` records; for CSV each cut lies at the end of a record (quotes balanced)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
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
    file itself), ``id`` (if known) and ``reason``.
    """
    digest = hashlib.sha256(salt.encode())
    digest.update(json.dumps([part.fmt, part.start, part.end]).encode())
    if part.fmt == "txt":
        records = _txt_records(part, max_bytes, digest)
    elif part.fmt == "jsonl":
        records = _jsonl_records(part, max_bytes, digest)
    elif part.fmt == "csv":
        records = _csv_records(part, max_bytes, digest)
    else:
        records = _parquet_records(part, digest)
    out = PartitionInput("")
    for r in records:
        checked = check_record(r, max_bytes=max_bytes)
        if isinstance(checked, Good):
            out.good.append(checked)
        else:
            out.rejected.append(
                {"file": r.origin.rsplit("#", 1)[0], "record": r.origin, "id": _plain(r.id), "reason": checked}
            )
    out.digest = digest.hexdigest()[:32]
    return out


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
            size = p.stat().st_size
            if size > max_bytes + 64:  # (a date line and a BOM are no part of the text)
                digest.update(f"size {size} {p.stat().st_mtime_ns}".encode())
                records.append(Record(str(p), id=rid, reason=f"oversized: {size:,} bytes (limit {max_bytes:,})"))
                continue
            raw = p.read_bytes()
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
    with open(path, "rb") as fh:
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
            try:
                obj = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as err:
                records.append(Record(origin, id=_id_of(line), reason=f"not UTF-8 (byte {offset + err.start})"))
                continue
            except ValueError:
                records.append(Record(origin, reason="not JSON"))
                continue
            if not isinstance(obj, dict):
                records.append(Record(origin, reason="not a JSON object"))
                continue
            records.append(_record(origin, obj))
    return records


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
    path = part.paths[0]
    with open(path, "rb") as fh:
        header = _read_csv_record(fh)
        fh.seek(part.start)
        body = fh.read(part.end - part.start)
    digest.update(header + body)
    records = []
    names = next(csv.reader([header.decode("utf-8-sig", "replace")]), [])
    names = [n.strip().lower() for n in names]
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        from ..exc import DataError

        raise DataError(f"{path}: CSV without the column(s) {', '.join(missing)} (columns: {', '.join(names)})")
    text = body.decode("utf-8", "surrogateescape")
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes * 4 + 1024))
    reader = csv.reader(io.StringIO(text, newline=""))
    row_no = 0
    for row in reader:
        row_no += 1
        origin = f"{path}#bytes {part.start}-{part.end} row {row_no}"
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(names):
            records.append(Record(origin, reason=f"malformed CSV row: {len(row)} fields, expected {len(names)}"))
            continue
        values = dict(zip(names, row, strict=True))
        if any(_has_surrogates(v) for v in values.values()):
            records.append(Record(origin, id=values.get("id"), reason="not UTF-8"))
            continue
        records.append(_record(origin, values))
    return records


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _parquet_records(part: Partition, digest: Any) -> list[Record]:
    import pyarrow.parquet as pq

    path = part.paths[0]
    pf = pq.ParquetFile(path)
    names = [c for c in COLUMNS if c in pf.schema_arrow.names]
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        from ..exc import DataError

        raise DataError(f"{path}: Parquet file without the column(s) {', '.join(missing)}")
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
        piece = table.slice(a, b - a).to_pylist()
        for k, r in enumerate(piece):
            values = {c: r.get(c) for c in names}
            for c, v in values.items():
                if isinstance(v, bytes):
                    values[c] = v.decode("utf-8", "surrogateescape")
            digest.update(json.dumps(values, default=str, ensure_ascii=False).encode("utf-8", "surrogateescape"))
            origin = f"{path}#row {row + a + k}"
            if any(isinstance(v, str) and _has_surrogates(v) for v in values.values()):
                records.append(Record(origin, id=values.get("id"), reason="not UTF-8"))
                continue
            records.append(_record(origin, values))
        row += n
    return records


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
    """
    if r.reason:
        return r.reason
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
