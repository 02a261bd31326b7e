"""The corpus's tables, assembled from the partition folders, and the time-slider map and chart.

Partitions are read one at a time, in input order, and appended to the output files (memory stays
flat whatever the number of partitions; only the per-day counts are held).  Everything is written
into the staging folder :func:`bordermap._outputs.replace_outputs` gives, which swaps the set into
``--out`` as one unit under the folder's lock (the report's machinery): a failure leaves the previous
outputs whole, and two runs never mix.  The tables carry no run id nor time (two runs on the same
input write the same bytes); ``corpus.json`` is the manifest: the run id and the SHA-256 of every
other file.

Files written (GeoParquet is Parquet with the ``geo`` metadata of GeoParquet 1.0, WKB points in
EPSG:4326, readable by geopandas, DuckDB and QGIS):

* ``mentions.parquet`` (GeoParquet) and ``mentions.csv``: one row per place mention (article id, date,
  source, surface text, offsets, place id, name, kind, country, admin1, lat, lon, confidence), and one
  per name the gazetteer lacks (``unresolved`` true, with the ``cue`` that presents it as a place);
* ``claims.parquet`` and ``claims.csv``: every quantity stated, with ``verdict``, ``computed_km``,
  ``difference_pct``, ``band_low_km``, ``band_high_km``, ``reason`` and ``measured``: what ``bordermap
  report`` gives the claim in a report on its article alone (:mod:`bordermap.corpus.judging`, one judge
  for the run; counts and money ``unchecked``), and ``series``: what a count counts (people, arrests,
  deaths, personnel, cases; :mod:`bordermap.corpus.counts`);
* ``places_by_day.parquet`` (GeoParquet) and ``places_by_day.csv``: mentions and articles per place per day;
* ``border_mentions_by_day.parquet`` and ``.csv``: for each border the articles name, the mentions of
  places within ``near_km`` of it per day;
* ``rejected.parquet`` and ``rejected.csv``: the records left out, with the reason;
* ``timeline.html`` (the map with a time slider, self-contained), ``chart.png`` and ``chart.svg``;
* ``corpus.json``: the run's counts, ``run_id`` and ``files``: the SHA-256 of every other file written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._csvcells import safe_table
from ..exc import OutputError
from ..text.kinds import AREA_KINDS as _AREA_KINDS
from .counts import SERIES_UNITS
from .partition import check_fields, check_row, schemas

if TYPE_CHECKING:
    import pyarrow as pa

    from ..report.judge import ArticleJudge

#: Place kinds that are areas (no point on a border's map, no distance to it).
AREA_KINDS = _AREA_KINDS
#: The tables written (each as ``.parquet`` and ``.csv``).
TABLES = ("mentions", "claims", "places_by_day", "border_mentions_by_day", "rejected")
#: The other files written.
OTHER_FILES = ("timeline.html", "chart.png", "chart.svg", "corpus.json")


class _Sink:
    """A table written partition by partition: Parquet (GeoParquet with ``geo``) and CSV."""

    def __init__(self, folder: Path, name: str, schema: pa.Schema, *, geo: bool) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        self.geo = geo
        self.csv_schema = schema
        if geo:
            schema = schema.append(pa.field("geometry", pa.binary())).with_metadata({b"geo": _geo_metadata()})
        self.schema = schema
        self.parquet = pq.ParquetWriter(folder / f"{name}.parquet", schema, compression="zstd")
        try:
            self.csv = pacsv.CSVWriter(folder / f"{name}.csv", self.csv_schema)
        except BaseException:  # a full disk: the Parquet writer closed now, not by the garbage collector's noise
            with contextlib.suppress(Exception):
                self.parquet.close()
            raise
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        import pyarrow as pa

        if not len(table):
            return
        table = table.select(self.csv_schema.names).cast(self.csv_schema)
        self.csv.write_table(safe_table(table))  # formula cells neutralised in the CSV (the Parquet keeps the text)
        if self.geo:
            table = table.append_column("geometry", pa.array(_wkb_points(table), type=pa.binary()))
            table = table.replace_schema_metadata(self.schema.metadata)
        self.parquet.write_table(table)
        self.rows += len(table)

    @classmethod
    def opened(cls, sinks: list[_Sink], folder: Path, name: str, schema: pa.Schema, *, geo: bool) -> _Sink:
        """A new sink, listed in ``sinks`` (so that a failure closes it: see :meth:`abort`)."""
        sink = cls(folder, name, schema, geo=geo)
        sinks.append(sink)
        return sink

    def close(self) -> None:
        self.parquet.close()
        self.csv.close()

    def abort(self) -> None:
        """Close after a failure, quietly (a full disk fails the close too: the first error is the one to tell)."""
        for writer in (self.parquet, self.csv):
            with contextlib.suppress(Exception):  # the staging folder is removed anyway
                writer.close()


def _geo_metadata() -> bytes:
    from pyproj import CRS

    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {"encoding": "WKB", "geometry_types": ["Point"], "crs": CRS("EPSG:4326").to_json_dict()}
        },
    }
    return json.dumps(geo).encode()


def _wkb_points(table: pa.Table) -> list[bytes | None]:
    """WKB of Point(lon, lat) per row; None where there is no position."""
    import numpy as np
    import shapely

    lon = table.column("lon").to_numpy(zero_copy_only=False).astype(float)
    lat = table.column("lat").to_numpy(zero_copy_only=False).astype(float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    wkb: list[bytes | None] = [None] * len(lon)
    if ok.any():
        points = shapely.points(np.column_stack([lon[ok], lat[ok]]))
        for k, w in zip(np.flatnonzero(ok).tolist(), list(shapely.to_wkb(points)), strict=True):
            wkb[k] = w
    return wkb


def output_files() -> tuple[str, ...]:
    """Every file a corpus run writes into ``--out`` (``corpus.json`` last)."""
    return tuple(f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")) + OTHER_FILES


def assemble(
    parts_dir: Path,
    digests: list[str],
    out: Path,
    *,
    near_km: float = 25.0,
    max_borders: int = 8,
    title: str = "",
    run: dict[str, Any] | None = None,
    locked: bool = False,
) -> dict[str, Any]:
    """Write the outputs of a corpus run from its partition folders (in the order given) and swap them into ``out``.

    The set replaces the previous one as one unit (:func:`bordermap._outputs.replace_outputs`: the
    folder's lock, a staging folder, roll-back on failure).  ``locked``: the caller holds the lock of
    ``out`` already (:func:`bordermap._outputs.locked`).

    Returns
    -------
    dict
        What ``corpus.json`` holds: counts, the borders, the files, the run id and the files' SHA-256.

    Raises
    ------
    OutputError
        The folder cannot be locked or the set cannot be written or swapped in; ``out`` keeps the previous set.
    """
    from .._outputs import replace_outputs

    info: dict[str, Any] = {}

    def write(staging: Path, run_id: str) -> None:
        info.update(
            write_set(parts_dir, digests, staging, near_km=near_km, max_borders=max_borders, title=title, run=run)
        )
        info["run_id"] = run_id
        _write_manifest(staging, info)

    try:
        replace_outputs(out, output_files(), write, lock=not locked)
    except OSError as err:
        if isinstance(err, OutputError):
            raise
        raise OutputError(f"{out}: cannot write the corpus outputs ({err.strerror or err})") from err
    return info


def _write_manifest(staging: Path, info: dict[str, Any]) -> None:
    """``corpus.json`` into the staging folder: the counts, ``run_id`` and the SHA-256 of every other file."""
    from .._outputs import file_hashes, write_file

    info["files"] = file_hashes(staging, [f for f in output_files() if f != "corpus.json"])
    manifest = {"run_id": info["run_id"], **{k: v for k, v in info.items() if k != "run_id"}}
    write_file(staging / "corpus.json", json.dumps(manifest, indent=2, default=str) + "\n")


def write_set(
    parts_dir: Path,
    digests: list[str],
    staging: Path,
    *,
    near_km: float = 25.0,
    max_borders: int = 8,
    title: str = "",
    run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write every output but ``corpus.json`` into ``staging`` from the partition folders (in the order given).

    Returns
    -------
    dict
        The counts and the borders (what ``corpus.json`` holds besides the run id and the files' hashes).
    """
    sinks: list[_Sink] = []
    try:
        return _write_tables(
            parts_dir, digests, staging, sinks, near_km=near_km, max_borders=max_borders, title=title, run=run
        )
    except BaseException:
        for sink in sinks:
            sink.abort()
        raise


def _write_tables(
    parts_dir: Path,
    digests: list[str],
    staging: Path,
    sinks: list[_Sink],
    *,
    near_km: float,
    max_borders: int,
    title: str,
    run: dict[str, Any] | None,
) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sch = schemas()
    mentions = _Sink.opened(sinks, staging, "mentions", sch["mentions"], geo=True)
    claims_schema = sch["claims"]
    for name, typ in [*check_fields(), ("series", pa.string())]:  # the report's judge; what a count counts
        claims_schema = claims_schema.append(pa.field(name, typ))
    from ..report.judge import ArticleJudge

    judge = ArticleJudge()  # the run's one judge: each border measured once
    claims = _Sink.opened(sinks, staging, "claims", claims_schema, geo=False)
    rejected = _Sink.opened(sinks, staging, "rejected", sch["rejected"], geo=False)
    pair_counts: Counter[tuple[str, str]] = Counter()
    articles_per_day: Counter[dt.date] = Counter()
    mentions_per_day: Counter[dt.date] = Counter()
    stated: Counter[tuple[str, dt.date]] = Counter()
    by_day: dict[tuple[dt.date, str], list[int]] = {}
    place_info: dict[str, dict[str, Any]] = {}
    n_articles = 0
    undated = 0
    seen_ids: set[str] = set()
    for digest in digests:
        folder = parts_dir / digest
        arts = pq.read_table(folder / "articles.parquet", columns=["article_id", "date", "countries", "origin"])
        arts_rows, dups = _first_ids(arts.to_pylist(), seen_ids)
        n_articles += len(arts_rows)
        for a in arts_rows:
            if a["date"] is None:
                undated += 1
            else:
                articles_per_day[a["date"]] += 1
            cs = a["countries"].split()
            for i, x in enumerate(cs):
                for y in cs[i + 1 :]:
                    pair_counts[(x, y)] += 1
        m = pq.read_table(folder / "mentions.parquet")
        part_claims = pq.read_table(folder / "claims.parquet")
        judging = pq.read_table(folder / "judging.parquet")
        day_table = pq.read_table(folder / "places_by_day.parquet")
        rejected.write(pq.read_table(folder / "rejected.parquet"))
        if dups:  # ids an earlier partition had: rejected, and left out of every table
            rejected.write(pa.Table.from_pylist(list(dups.values()), schema=sch["rejected"]))
            m, part_claims, day_table = _without(dups, m, part_claims, day_table)
        mentions.write(m)
        claims.write(_judged(part_claims, judging, claims_schema, stated, judge))
        for r in day_table.to_pylist():
            key = (r["date"], r["place_id"])
            got = by_day.setdefault(key, [0, 0])
            got[0] += r["mentions"]
            got[1] += r["articles"]
            mentions_per_day[r["date"]] += r["mentions"]
            if r["place_id"] not in place_info:
                place_info[r["place_id"]] = {k: r[k] for k in ("name", "kind", "country", "admin1", "lat", "lon")}
    for sink in (mentions, claims, rejected):
        sink.close()
    day_rows = [
        {"date": d, "place_id": pid, **place_info[pid], "mentions": n[0], "articles": n[1]}
        for (d, pid), n in sorted(by_day.items(), key=lambda kv: (kv[0][0], -kv[1][0], kv[0][1]))
    ]
    places = _Sink.opened(sinks, staging, "places_by_day", sch["places_by_day"], geo=True)
    places.write(pa.Table.from_pylist(day_rows, schema=sch["places_by_day"]))
    places.close()
    borders, border_rows = _border_counts(pair_counts, place_info, by_day, near_km=near_km, max_borders=max_borders)
    bsink = _Sink.opened(sinks, staging, "border_mentions_by_day", _border_schema(), geo=False)
    bsink.write(pa.Table.from_pylist(border_rows, schema=_border_schema()))
    bsink.close()
    days = sorted(set(articles_per_day) | set(mentions_per_day) | {d for _, d in stated})
    stated_counts = {k: [stated[(k, d)] for d in days] for k in SERIES_UNITS if any(s == k for s, _ in stated)}
    series = {
        "days": [d.isoformat() for d in days],
        "articles": [articles_per_day[d] for d in days],
        "mentions": [mentions_per_day[d] for d in days],
        # per series, with its unit: never added together
        "stated_counts": stated_counts,
        "stated_units": dict(SERIES_UNITS),
        "near_border": {
            b["name"]: [
                sum(r["mentions"] for r in border_rows if r["border"] == b["name"] and r["date"] == d) for d in days
            ]
            for b in borders
            if b["places_near"]
        },
    }
    _publish(staging, series, day_rows, borders, title=title or "Border situation over time", near_km=near_km)
    info: dict[str, Any] = {
        "articles": n_articles,
        "undated_articles": undated,
        "rejected": rejected.rows,
        "mentions": mentions.rows,
        "claims": claims.rows,
        "days": len(days),
        "first_day": days[0].isoformat() if days else None,
        "last_day": days[-1].isoformat() if days else None,
        "near_km": near_km,
        "borders": [{k: v for k, v in b.items() if k != "geometry"} for b in borders],
        "stated_counts": {k: sum(v) for k, v in stated_counts.items()},
        "run": run or {},
    }
    return info


def _first_ids(arts: list[dict[str, Any]], seen: set[str]) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """A partition's articles whose id no earlier partition had (``seen`` updated), and a rejected row per other one.

    Examples
    --------
    >>> seen = {"a1"}
    >>> kept, dups = _first_ids([{"article_id": "a1", "origin": "f.jsonl#byte 9"}, {"article_id": "a2"}], seen)
    >>> [a["article_id"] for a in kept], dups["a1"]["record"], sorted(seen)
    (['a2'], 'f.jsonl#byte 9', ['a1', 'a2'])
    """
    kept: list[dict[str, Any]] = []
    dups: dict[str, dict[str, str]] = {}
    for a in arts:
        rid = a["article_id"]
        if rid in seen:
            origin = a.get("origin") or ""
            dups[rid] = {
                "file": origin.rsplit("#", 1)[0],
                "record": origin,
                "id": rid,
                "reason": f"duplicate id {rid[:80]!r} (the first record with it is kept)",
            }
        else:
            seen.add(rid)
            kept.append(a)
    return kept, dups


def _without(
    dups: dict[str, dict[str, str]], mentions: pa.Table, claims: pa.Table, by_day: pa.Table
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """A partition's tables without the articles of ``dups``: their mentions, claims and daily counts taken out."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pa.array(sorted(dups), type=pa.string())
    gone = pc.is_in(mentions.column("article_id"), value_set=ids)
    dropped = mentions.filter(gone).to_pylist()
    mentions = mentions.filter(pc.invert(gone))
    claims = claims.filter(pc.invert(pc.is_in(claims.column("article_id"), value_set=ids)))
    minus: Counter[tuple[Any, str]] = Counter()
    minus_articles: dict[tuple[Any, str], set[str]] = defaultdict(set)
    for r in dropped:
        if not r["unresolved"] and r["date"] is not None:
            key = (r["date"], r["place_id"])
            minus[key] += 1
            minus_articles[key].add(r["article_id"])
    rows = []
    for r in by_day.to_pylist():
        key = (r["date"], r["place_id"])
        r["mentions"] -= minus[key]
        r["articles"] -= len(minus_articles.get(key, ()))
        if r["mentions"] > 0:
            rows.append(r)
    return mentions, claims, pa.Table.from_pylist(rows, schema=by_day.schema)


def _judged(
    table: pa.Table,
    judging: pa.Table,
    schema: pa.Schema,
    stated: Counter[tuple[str, dt.date]],
    judge: ArticleJudge,
) -> pa.Table:
    """A partition's claims with their verdicts (:mod:`bordermap.corpus.judging`) and the series each count is in.

    The counts they state are added up per series and day in ``stated`` (:func:`bordermap.corpus.counts.count_series`:
    people, arrests, deaths...; populations, money and measures in none).
    """
    import pyarrow as pa

    from .counts import count_series
    from .judging import judge_part

    rows = table.to_pylist()
    for r, ch in zip(rows, judge_part(table, judging, judge), strict=True):
        r.update(check_row(ch))
        r["series"] = got = count_series(r["kind"], r["unit"] or "", r["text"] or "", r["sentence"] or "")
        if got is not None and r["date"] is not None:
            stated[(got, r["date"])] += int(r["value"] or 0)
    return pa.Table.from_pylist(rows, schema=schema)


def _border_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("border", pa.string()),
            ("a", pa.string()),
            ("b", pa.string()),
            ("date", pa.date32()),
            ("mentions", pa.int64()),
            ("places", pa.int64()),
        ]
    )


def _border_counts(
    pair_counts: Counter[tuple[str, str]],
    place_info: dict[str, dict[str, Any]],
    by_day: dict[tuple[dt.date, str], list[int]],
    *,
    near_km: float,
    max_borders: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The borders the articles name, and per border and day the mentions of places within ``near_km`` of it."""
    import numpy as np

    from .borders import border_distances_km, corpus_borders

    if max_borders <= 0 or not pair_counts:
        return [], []
    found = corpus_borders(pair_counts, max_borders=max_borders)
    points = [pid for pid, p in place_info.items() if p["kind"] not in AREA_KINDS]
    lon = np.array([place_info[p]["lon"] for p in points], dtype=float)
    lat = np.array([place_info[p]["lat"] for p in points], dtype=float)
    borders: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for b in found:
        name = f"{b.a}–{b.b}"
        pair = {b.a, b.b}
        mine = np.array([place_info[p]["country"] in pair for p in points], dtype=bool)
        near: set[str] = set()
        if mine.any():
            km = border_distances_km(b, lon=lon[mine], lat=lat[mine], within_km=near_km)
            near = {
                p
                for p, k in zip(np.array(points, dtype=object)[mine].tolist(), km.tolist(), strict=True)
                if k <= near_km
            }
        per_day: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        for (d, pid), n in by_day.items():
            if pid in near:
                per_day[d][0] += n[0]
                per_day[d][1] += 1
        for d in sorted(per_day):
            rows.append(
                {"border": name, "a": b.a, "b": b.b, "date": d, "mentions": per_day[d][0], "places": per_day[d][1]}
            )
        borders.append(
            {
                "name": name,
                "a": b.a,
                "b": b.b,
                "names": list(b.names),
                "length_km": round(b.length_km, 1),
                "articles": int(pair_counts.get((b.a, b.b), 0) + pair_counts.get((b.b, b.a), 0)),
                "places_near": len(near),
                "geometry": b.geometry,
            }
        )
    return borders, rows


def _publish(
    folder: Path,
    series: dict[str, Any],
    day_rows: list[dict[str, Any]],
    borders: list[dict[str, Any]],
    *,
    title: str,
    near_km: float,
) -> None:
    """The chart (PNG, SVG) and the time-slider map, into ``folder``."""
    from ..publish.chart import write_chart
    from ..publish.timeline import timeline_html

    svg = write_chart(folder / "chart", series, title=title, near_km=near_km)
    from ..data.countries import load_countries

    html = timeline_html(series, day_rows, borders, title=title, chart_svg=svg, countries=load_countries())
    (folder / "timeline.html").write_text(html, encoding="utf-8")
