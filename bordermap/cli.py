"""The ``bordermap`` command line.

Errors print one line ``bordermap: error: ...`` and exit with status 2 (1 for an
unexpected failure); ``--debug`` shows the traceback.  Warnings print one line each.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from .exc import BordermapError


class _VersionAction(argparse.Action):
    """``--version``, reading the version only when asked for (``importlib.metadata`` takes 50 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from . import __version__

        formatter = parser._get_formatter()
        formatter.add_text(f"{parser.prog} {__version__}")
        parser._print_message(formatter.format_help(), sys.stdout)
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bordermap", description="Map border situations from the news.")
    p.add_argument("--version", action=_VersionAction)
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("report", help="read articles, compute the border, write map and GeoJSON")
    r.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: bundled seeds)")
    r.add_argument("--out", default="bordermap-out", help="output folder (default: ./bordermap-out)")
    r.add_argument("--countries", nargs=2, metavar=("A", "B"), help="the country pair (ISO3 or names)")
    r.add_argument("--dataset", help="country polygons file (default: the bundled world)")
    r.add_argument(
        "--cdn",
        action="store_true",
        help="write the smaller map.html that loads Leaflet from a CDN (needs a connection to view); "
        "default: Leaflet inlined, the map works offline",
    )
    r.add_argument(
        "--self-contained",
        action="store_true",
        help="map.html with Leaflet inlined, working offline (the default; kept for old commands)",
    )
    r.add_argument(
        "--tiles",
        metavar="NAME",
        help="add an online tile basemap to map.html, e.g. OpenStreetMap or OpenTopoMap "
        "(default: none; the map draws the countries itself)",
    )
    r.add_argument(
        "--fence",
        action="append",
        metavar="START:END|FILE",
        help="your fence: a section in km along the border (repeatable, e.g. --fence 0:120 --fence 200:450) "
        "or a GeoJSON file of lines snapped to the border (default: the fence length the articles state)",
    )
    r.add_argument("--zone-km", type=float, metavar="KM", help="also compute a border strip this wide (e.g. 5)")
    r.add_argument(
        "--place",
        action="append",
        metavar="NAME",
        help="also show this place (repeatable); a name that cannot be geocoded is reported as unresolved",
    )
    r.add_argument("--geocoder", choices=("offline", "nominatim"), default=None, help="geocoder for --place")
    r.add_argument(
        "--crossings",
        metavar="FILE",
        help="the border's crossings, a GeoJSON or CSV file of named points (default: the curated crossings "
        "that lie on this border, if any)",
    )

    c = sub.add_parser(
        "corpus",
        help="a news archive on Dask: mentions, claims, places per day, per-border counts, a time-slider map",
    )
    c.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="folder tree of .txt files, JSON Lines / CSV / Parquet files with id, date, text columns, or a glob",
    )
    c.add_argument("--out", required=True, help="output folder (parts/ inside it makes re-runs resume)")
    c.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://127.0.0.1:8786")
    c.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes of the local cluster (default: the cores); with --scheduler, wait for N workers",
    )
    c.add_argument(
        "--partition-size", type=int, default=1000, metavar="ARTICLES", help="articles per task (default 1000)"
    )
    c.add_argument(
        "--near-km", type=float, default=25.0, metavar="KM", help="per-border counts within KM of it (default 25)"
    )
    c.add_argument("--max-borders", type=int, default=8, metavar="N", help="at most N borders (default 8)")
    c.add_argument(
        "--max-article-bytes", type=int, default=1_000_000, metavar="BYTES", help="longer articles are rejected"
    )
    c.add_argument("--title", default="", help="title of the map and chart")
    c.add_argument("--quiet", action="store_true", help="no progress bar")

    g = sub.add_parser(
        "geocode",
        help="geocode place names (offline gazetteer by default): prints name, lat, lon, country, kind, source",
    )
    g.add_argument("names", nargs="+", metavar="NAME")
    g.add_argument("--country", help="restrict to this country (ISO3 or ISO2 code, or name)")
    g.add_argument(
        "--geocoder",
        choices=("offline", "nominatim"),
        default=None,
        help="offline gazetteer (default) or Nominatim online (rate-limited, cached)",
    )

    b = sub.add_parser("border", help="print the shared border of two countries")
    b.add_argument("a")
    b.add_argument("b")
    b.add_argument("--dataset")
    b.add_argument("--tolerance-m", type=float, default=None)

    t = sub.add_parser(
        "table",
        help="every land border of a dataset as CSV (the columns of border_table), without pandas",
    )
    t.add_argument("path", nargs="?", metavar="PATH", help="country polygons file (default: the bundled world)")
    t.add_argument("--out", metavar="FILE", help="CSV file to write (default: standard output)")
    t.add_argument("--tolerance-m", type=float, default=None)
    t.add_argument("--no-sea-mask", action="store_true", help="count the parts at sea in length_km too")

    return p


def _format_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
) -> str:
    from .data.inputs import printable

    return f"bordermap: warning: {printable(str(message))}\n"


def _text_arg(value: str) -> str:
    """A name given on the command line as text: bytes that were not UTF-8 become U+FFFD."""
    import os

    return os.fsencode(value).decode("utf-8", "replace") if any(0xDC80 <= ord(c) <= 0xDCFF for c in value) else value


def _safe_streams() -> None:
    """Print anything: a character the terminal cannot encode is escaped, never an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change stays as it is
                reconfigure(errors="backslashreplace")


def _joined_values(argv: list[str]) -> list[str]:
    """``--fence -5:10`` as ``--fence=-5:10``: argparse would read a value starting with '-' as an option."""
    out: list[str] = []
    it = iter(argv)
    for a in it:
        if a == "--fence":
            value = next(it, None)
            out.append(a if value is None else f"{a}={value}")
        else:
            out.append(a)
    return out


#: The numeric options and their ranges: (command, option, low, high, low included, unit).
RANGES: tuple[tuple[str, str, float, float, bool, str], ...] = (
    ("report", "--zone-km", 0, 1000, False, "km"),
    ("corpus", "--workers", 1, 1024, True, "processes"),
    ("corpus", "--partition-size", 1, 10_000_000, True, "articles"),
    ("corpus", "--near-km", 0, 1000, True, "km"),
    ("corpus", "--max-borders", 0, 1000, True, "borders"),
    ("corpus", "--max-article-bytes", 1, 50_000_000, True, "bytes"),
    ("border", "--tolerance-m", 0, 1_000_000, False, "metres"),
    ("table", "--tolerance-m", 0, 1_000_000, False, "metres"),
)


def check_ranges(args: argparse.Namespace) -> None:
    """Refuse, before any work, a numeric option out of its range (NaN and infinities included).

    Raises
    ------
    ArgumentError
        One line naming the option, the value and the range allowed.

    Examples
    --------
    >>> check_ranges(argparse.Namespace(command="report", zone_km=1e9))
    Traceback (most recent call last):
    ...
    bordermap.exc.ArgumentError: --zone-km 1e+09: out of range (allowed: more than 0 and at most 1,000 km)
    """
    import math

    from .exc import ArgumentError

    for command, option, low, high, closed, unit in RANGES:
        value = getattr(args, option[2:].replace("-", "_"), None)
        if args.command != command or value is None:
            continue
        if math.isnan(value) or not (low <= value <= high) or (not closed and value == low):
            lower = f"at least {low:,g}" if closed else f"more than {low:,g}"
            raise ArgumentError(f"{option} {value:g}: out of range (allowed: {lower} and at most {high:,.0f} {unit})")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    _safe_streams()
    args = _parser().parse_args(_joined_values(sys.argv[1:] if argv is None else list(argv)))
    for name in ("place", "names", "countries", "a", "b", "country"):
        value = getattr(args, name, None)
        if isinstance(value, str):
            setattr(args, name, _text_arg(value))
        elif isinstance(value, list):
            setattr(args, name, [_text_arg(v) for v in value])
    warnings.formatwarning = _format_warning
    try:
        check_ranges(args)
        return _run(args)
    except BordermapError as err:
        if args.debug:
            raise
        print(f"bordermap: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bordermap: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # an unexpected failure: still one line unless --debug
        if args.debug:
            raise
        what = f"{type(err).__name__}: {_one_line(err)}"
        print(f"bordermap: internal error: {what} (rerun with --debug)", file=sys.stderr)
        return 1


def _one_line(err: BaseException) -> str:
    """An error's message as one printable line (a file name with a newline cannot forge a second line)."""
    from .data.inputs import printable

    return printable(str(err))


def _run(args: argparse.Namespace) -> int:
    if args.command == "report":
        from .report import run_report

        rep = run_report(
            args.paths or None,
            fence=_fence_arg(args.fence),
            zone_km=args.zone_km,
            out=args.out,
            countries=tuple(args.countries) if args.countries else None,
            dataset=args.dataset,
            extra_places=args.place,
            geocoder=args.geocoder,
            crossings=args.crossings,
            **_map_args(args),
        )
        print(rep.summary())
        return 0
    if args.command == "corpus":
        return _corpus(args)
    if args.command == "geocode":
        from .exc import GeocodingError
        from .text.geocoding import country_code, geocode

        for name in args.names:
            if not name.strip():
                raise GeocodingError("geocode: empty place name (give a name such as 'Vilnius')")
        if args.country is not None:
            country_code(args.country)  # an unknown country is one error, not one per name
        status = 0
        header = "name\tlat\tlon\tcountry\tkind\tsource"  # printed before the first row
        for name in args.names:
            try:
                r = geocode(name, country=args.country, geocoder=args.geocoder)
            except BordermapError as err:
                print(f"bordermap: error: {_one_line(err)}", file=sys.stderr, flush=True)
                status = 2
                continue
            if header:
                print(header)
                header = ""
            print(f"{r.place.name}\t{r.lat:.5f}\t{r.lon:.5f}\t{r.country or '-'}\t{r.kind}\t{r.place.source}")
        return status
    if args.command == "border":
        from ._coords import lat_lon_text
        from .data.countries import load_countries
        from .geometry.borders import shared_border

        frame = load_countries(args.dataset)
        bd = shared_border(args.a, args.b, frame, tolerance_m=args.tolerance_m)
        print(f"{bd.a}–{bd.b}: {bd.length_km:.1f} km (maritime dropped: {bd.maritime_km:.1f} km)")
        for t in bd.tripoints:
            print(f"  end {lat_lon_text(t.lat, t.lon, digits=5, sep=' ')}: {t.kind} {' '.join(t.countries)}")
        return 0
    if args.command == "table":
        return _table(args)
    raise AssertionError(args.command)  # pragma: no cover


def _table(args: argparse.Namespace) -> int:
    """``bordermap table``: :func:`~bordermap.geometry.table.border_records` written as CSV."""
    import csv

    from .geometry.table import COLUMNS, border_records

    rows = border_records(args.path, tolerance_m=args.tolerance_m, sea_mask=not args.no_sea_mask, progress=False)
    with contextlib.ExitStack() as stack:
        out = sys.stdout if args.out is None else stack.enter_context(open(args.out, "w", newline="", encoding="utf-8"))
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if args.out is not None:
        print(f"{len(rows)} borders -> {args.out}", file=sys.stderr)
    return 0


def _corpus(args: argparse.Namespace) -> int:
    """``bordermap corpus``: the dashboard address, a progress bar on stderr, then the summary."""
    from tqdm import tqdm

    from .corpus.run import run_corpus

    bar: list[Any] = []

    def on_start(dashboard: str | None, partitions: int) -> None:
        print(f"bordermap: dashboard: {dashboard or 'none (pip install bokeh for it)'}", file=sys.stderr, flush=True)
        bar.append(tqdm(total=partitions, unit="part", desc="partitions", disable=args.quiet, file=sys.stderr))

    def on_progress(summary: dict[str, Any]) -> None:
        bar[0].update(1)
        if bar[0].n >= bar[0].total:  # the partitions are done: the tables, borders, map and chart follow
            bar[0].close()
            if not args.quiet:
                print("bordermap: assembling the tables, the map and the chart", file=sys.stderr, flush=True)

    try:
        result = run_corpus(
            args.inputs,
            out=args.out,
            scheduler=args.scheduler,
            workers=args.workers,
            articles_per_partition=args.partition_size,
            near_km=args.near_km,
            max_borders=args.max_borders,
            max_article_bytes=args.max_article_bytes,
            title=args.title,
            on_start=on_start,
            on_progress=on_progress,
        )
    finally:
        if bar:
            bar[0].close()
    print(result.summary())
    return 0


def _map_args(args: argparse.Namespace) -> dict[str, Any]:
    """run_report's map options from ``--cdn``, ``--self-contained`` and ``--tiles`` (only those given)."""
    from .exc import ArgumentError

    if args.cdn and args.self_contained:
        raise ArgumentError("--cdn and --self-contained: choose one (self-contained is the default)")
    out: dict[str, Any] = {}
    if args.cdn:
        out["cdn"] = True
    if args.tiles is not None:
        from .publish.maps import tile_info

        tile_info(args.tiles)  # a wrong name fails now, not after the report's work
        out["tiles"] = args.tiles
    return out


def _fence_arg(values: list[str] | None) -> str | list[tuple[float, float]] | None:
    """``--fence`` values: one GeoJSON path, or START:END sections in km."""
    from .exc import ArgumentError

    if not values:
        return None
    if len(values) == 1 and ":" not in values[0]:
        return values[0]
    sections = []
    for v in values:
        try:
            start, end = (float(x) for x in v.split(":"))
        except ValueError as err:
            raise ArgumentError(f"--fence {v!r}: expected START:END in km (e.g. 10:120) or one GeoJSON file") from err
        sections.append((start, end))
    return sections


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
