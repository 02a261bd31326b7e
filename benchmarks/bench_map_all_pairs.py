"""Render the map of every land-border pair of the bundled world and count failures (must be 0).

For each pair of ``bordermap.border_table(load_world())``: ``shared_border`` on the world, then the
report's map of countries and border (``make_map`` with the report's title) rendered to the
self-contained HTML the report writes.  A pair fails if anything raises, or if the page's data is
not drawable: a country geometry empty or invalid, a pair country without its label, no border
line, or coordinates outside lon/lat.  Prints the number of pairs, the failures (each with its
error, and whether ``shared_border`` or the map failed), total and mean time, the slowest pairs
and the largest pages; exits 1 if a map failed.

Usage::

    PYTHONPATH=. python benchmarks/bench_map_all_pairs.py [--pairs FIN-RUS USA-MEX ...] [--csv out.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bordermap  # noqa: E402
from bordermap.data.world import load_world  # noqa: E402

_DATA = re.compile(r"var D = (\{.*?\});\n")


def check_page(page: str, a: str, b: str) -> None:
    """Raise AssertionError if the page's situation data is not drawable."""
    import shapely
    from shapely.geometry import shape

    m = _DATA.search(page)
    assert m, "no situation data in the page"
    data = json.loads(m.group(1))
    layers = {x["id"]: x for x in data["layers"]}
    feats = layers["countries"]["features"]
    codes = {f["properties"]["iso_a3"] for f in feats}
    assert {a, b} <= codes, f"pair missing from the countries layer: {sorted({a, b} - codes)}"
    for f in feats:
        g = shape(f["geometry"])
        iso = f["properties"]["iso_a3"]
        assert not g.is_empty, f"{iso}: empty geometry"
        assert g.geom_type in ("Polygon", "MultiPolygon"), f"{iso}: {g.geom_type}"
        assert g.is_valid, f"{iso}: invalid geometry ({shapely.is_valid_reason(g)})"
        x0, y0, x1, y1 = g.bounds
        assert -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90, f"{iso}: bounds {g.bounds}"
        if f["properties"]["role"] != "context":
            assert f["properties"]["label"] is not None, f"{iso}: no label point"
    assert "border" in layers and layers["border"]["features"], "no border line"
    line = shape(layers["border"]["features"][0]["geometry"])
    assert not line.is_empty and line.length > 0, "empty border line"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", nargs="*", metavar="A-B", help="only these pairs (default: every land-border pair)")
    ap.add_argument("--csv", type=Path, help="write one row per pair (times, page bytes, error)")
    ap.add_argument("--debug", action="store_true", help="print the traceback of each failure")
    args = ap.parse_args()

    t0 = time.perf_counter()
    world = load_world()
    table = bordermap.border_table(world, progress=False)
    t_setup = time.perf_counter() - t0
    pairs = [(str(r.a), str(r.b)) for r in table.itertuples()]
    if args.pairs:
        wanted = {tuple(sorted(p.upper().split("-"))) for p in args.pairs}
        pairs = [p for p in pairs if tuple(sorted(p)) in wanted]

    rows: list[dict[str, object]] = []
    failures: list[tuple[str, str]] = []
    start = time.perf_counter()
    for a, b in pairs:
        t = time.perf_counter()
        size, error, kind, t_border = 0, "", "", 0.0
        try:
            kind = "border"
            border = bordermap.shared_border(a, b, world)
            t_border = time.perf_counter() - t
            kind = "map"
            fmap = bordermap.make_map(
                world, border, title=f"{border.names[0]}–{border.names[1]} border: {border.length_km:.0f} km"
            )
            page = fmap.to_html()
            size = len(page.encode("utf-8"))
            check_page(page, border.a, border.b)
        except Exception as err:  # every failure is counted and shown
            error = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
            if isinstance(err, AssertionError):
                error = f"bad page: {err}"
            failures.append((f"{a}–{b}", f"[{kind}] {error}"))
            if args.debug:
                traceback.print_exc()
        seconds = time.perf_counter() - t
        rows.append(
            {
                "a": a,
                "b": b,
                "seconds": round(seconds, 3),
                "border_s": round(t_border, 3),
                "map_s": round(seconds - t_border, 3) if kind == "map" else 0.0,
                "bytes": size,
                "stage": kind if error else "",
                "error": error,
            }
        )
    total = time.perf_counter() - start

    times = [float(r["seconds"]) for r in rows]  # type: ignore[arg-type]
    print(
        f"world: {len(world)} countries, border table of {len(table)} land-border pairs ({t_setup:.1f} s with loading)"
    )
    map_failures = [f for f in failures if f[1].startswith("[map]")]
    print(
        f"pairs: {len(rows)}   failures: {len(failures)} ({len(map_failures)} drawing the map, "
        f"{len(failures) - len(map_failures)} in shared_border before any map)"
    )
    for pair, error in failures:
        print(f"  FAILED {pair}: {error}")
    if rows:
        print(
            f"time: total {total:.1f} s, mean {statistics.mean(times):.2f} s, median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s per pair (shared_border + make_map + self-contained HTML, one process)"
        )
        maps = [float(r["map_s"]) for r in rows if not r["error"]]  # type: ignore[arg-type]
        if maps:
            print(
                f"map alone (make_map + HTML): total {sum(maps):.1f} s, mean {statistics.mean(maps):.2f} s, "
                f"max {max(maps):.2f} s"
            )
        slow = sorted(rows, key=lambda r: -float(r["seconds"]))[:5]  # type: ignore[arg-type]
        print("slowest: " + ", ".join(f"{r['a']}–{r['b']} {r['seconds']} s" for r in slow))
        sizes = [int(r["bytes"]) for r in rows if r["bytes"]]  # type: ignore[call-overload]
        big = sorted(rows, key=lambda r: -int(r["bytes"]))[:5]  # type: ignore[call-overload]
        if sizes:
            print(
                f"page size: median {statistics.median(sizes) / 1e6:.2f} MB, max {max(sizes) / 1e6:.2f} MB ("
                + ", ".join(f"{r['a']}–{r['b']} {int(r['bytes']) / 1e6:.2f} MB" for r in big)  # type: ignore[call-overload]
                + ")"
            )
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["a", "b"])
            w.writeheader()
            w.writerows(rows)
    sys.exit(1 if map_failures else 0)


if __name__ == "__main__":
    main()
