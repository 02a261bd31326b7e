"""Benchmark: border_table on the world file vs mapshaper -innerlines and a plain geopandas pipeline.

Run from the repository root:

    PYTHONPATH=. BORDERMAP_CACHE=$PWD/.cache python benchmarks/bench_border_table.py

Everything is measured side by side in this one run, each contender in its own
subprocess (wall time, peak resident memory of that process):

* mapshaper ``-innerlines`` on the raw world GeoJSON (npm package ``mapshaper``,
  installed with npm into ``<cache>/mapshaper`` if missing);
* bordermap ``bordermap table PATH --out table.csv`` from the raw GeoJSON (process start to
  finish: the command line, which writes the table as CSV without importing pandas);
* bordermap ``border_table(path)`` from the raw GeoJSON (process start to finish; the
  DataFrame it returns costs the pandas import);
* bordermap ``border_table("world")`` with the coordinate cache (``world-rings-f2-pyXY.bmc``)
  and sea tiles (``seas-tiles-f3-pyXY.bmc``) already built, both checked array files of
  :mod:`bordermap._cache`: time of the call (median of 3) in a warm process;
* a straightforward geopandas pipeline on the already-loaded GeoDataFrame: buffer
  every country by 50 m, spatial join, pairwise boundary intersection, geodesic length.

Then the growth with 10, 50 and 250 countries, and the accuracy against official lengths.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_KM = {  # sourced in ../shared/DATA.md
    ("BLR", "LTU"): 678.8,
    ("BLR", "POL"): 418.0,
    ("BLR", "UKR"): 1084.0,
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _child(code: str) -> dict:
    """Run Python code in a fresh process; it prints one JSON line; add wall time and peak RSS."""
    wrapper = textwrap.dedent(
        """
        import json, resource, sys, time
        t0 = time.perf_counter()
        out = {}
        exec(compile(sys.argv[1], "<bench>", "exec"))
        out["wall_s"] = time.perf_counter() - t0
        out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out))
        """
    )
    t = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", wrapper, code], env=_env(), capture_output=True, text=True, cwd=ROOT, check=False
    )
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["process_s"] = time.perf_counter() - t
    return out


def _mapshaper(cache: Path) -> Path:
    exe = cache / "mapshaper" / "node_modules" / ".bin" / "mapshaper"
    if not exe.exists():
        if shutil.which("npm") is None:
            raise SystemExit("mapshaper is missing and npm is not available")
        (cache / "mapshaper").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache / "mapshaper"),
                "mapshaper",
            ],
            check=True,
        )
    return exe


def _run_mapshaper(exe: Path, src: Path) -> dict:
    out = Path(tempfile.mkdtemp()) / "inner.json"
    t = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", str(exe), str(src), "-innerlines", "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    lines = json.loads(out.read_text())
    feats = lines.get("features") or lines.get("geometries") or []
    return {"wall_s": wall, "peak_mb": peak_kb / 1024, "n": len(feats)}


def _run_table_cli(src: Path) -> dict:
    """``python -m bordermap table SRC --out table.csv`` in its own process: wall time, peak RSS, rows."""
    out = Path(tempfile.mkdtemp()) / "table.csv"
    t = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "bordermap", "table", str(src), "--out", str(out)],
        env=_env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    wall = time.perf_counter() - t
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return {"wall_s": wall, "peak_mb": peak_kb / 1024, "pairs": len(out.read_text().splitlines()) - 1}


def main() -> None:
    from bordermap._cache import cache_dir

    cache = cache_dir()
    # mapshaper reads the source GeoJSON of the bundled world (fetched by scripts/test for the build checks)
    src = cache / "geo-maps-countries-maritime-10m-0.6.0" / "map.geo.json"
    if not src.is_file():
        sys.exit(f"{src}: missing; run 'python geodata/build_world.py --fetch-only' first")
    exe = _mapshaper(cache)
    print(f"world file: {src} ({src.stat().st_size / 1e6:.1f} MB)")
    # warm-up: the page cache of the bundled files, and node's module cache
    _child("import bordermap; bordermap.border_table(progress=False)")
    _run_mapshaper(exe, src)

    ms = [_run_mapshaper(exe, src) for _ in range(3)]
    ms_wall = statistics.median(m["wall_s"] for m in ms)
    raw = [
        _child(f"import bordermap\nt = bordermap.border_table({str(src)!r}, progress=False)\nout['pairs'] = len(t)")
        for _ in range(3)
    ]
    raw_wall = statistics.median(r["process_s"] for r in raw)
    cli = [_run_table_cli(src) for _ in range(3)]
    cli_wall = statistics.median(c["wall_s"] for c in cli)
    cli_peak = statistics.median(c["peak_mb"] for c in cli)
    ms_peak = statistics.median(m["peak_mb"] for m in ms)
    cached = _child(
        textwrap.dedent(
            """
            import statistics, time, bordermap
            from bordermap.geometry.table import rings_from_frame
            t = time.perf_counter()
            rings = rings_from_frame(bordermap.load_countries())
            out["load_s"] = time.perf_counter() - t
            bordermap.border_table(rings, progress=False)  # warm: sea tiles loaded and prepared
            times = []
            for _ in range(3):
                t = time.perf_counter(); table = bordermap.border_table(rings, progress=False)
                times.append(time.perf_counter() - t)
            out["call_s"] = statistics.median(times)
            t = time.perf_counter(); bordermap.border_table(progress=False)
            out["load_and_call_s"] = time.perf_counter() - t
            out["pairs"] = len(table)
            """
        )
    )
    gpd_run = _child(
        textwrap.dedent(
            """
            import time, geopandas as gpd, bordermap, shapely
            from bordermap.geometry.projection import geodesic_length_km
            w = bordermap.load_countries()
            t = time.perf_counter()
            buf = w.copy(); buf["geometry"] = w.geometry.buffer(0.0005, quad_segs=2)  # ~50 m
            pairs = gpd.sjoin(buf, w, predicate="intersects")
            pairs = pairs[pairs.index < pairs.index_right]
            total = {}
            for i, j in zip(pairs.index, pairs.index_right):
                line = shapely.intersection(w.geometry.iloc[i].boundary, buf.geometry.iloc[j])
                km = geodesic_length_km(line) if not line.is_empty else 0.0
                if km > 0.2:
                    total[(w.iso_a3.iloc[i], w.iso_a3.iloc[j])] = km
            out["call_s"] = time.perf_counter() - t
            out["pairs"] = len(total)
            """
        )
    )
    print()
    print("| contender | time (s) | peak memory (MB) | time ratio to mapshaper | memory ratio |")
    print("|---|---|---|---|---|")
    print(f"| mapshaper -innerlines, raw GeoJSON (median of 3) | {ms_wall:.2f} | {ms_peak:.0f} | 1.00 | 1.00 |")
    print(
        f"| bordermap table PATH --out CSV, raw GeoJSON, whole process (median of 3) | {cli_wall:.2f} | "
        f"{cli_peak:.0f} | {cli_wall / ms_wall:.2f} (target <= 1.2) | {cli_peak / ms_peak:.2f} (target <= 2) |"
    )
    raw_peak = statistics.median(r["peak_mb"] for r in raw)
    print(
        f"| bordermap border_table(path) -> DataFrame, raw GeoJSON, whole process (median of 3) | {raw_wall:.2f} | "
        f"{raw_peak:.0f} | {raw_wall / ms_wall:.2f} | {raw_peak / ms_peak:.2f} |"
    )
    print(
        f"| bordermap border_table, cached/loaded (call only, median of 3) | {cached['call_s']:.2f} | "
        f"{cached['peak_mb']:.0f} | {cached['call_s'] / ms_wall:.2f} (target <= 1) | |"
    )
    print(
        f"| bordermap border_table('world'), cache load + call | {cached['load_and_call_s']:.2f} | "
        f"{cached['peak_mb']:.0f} | {cached['load_and_call_s'] / ms_wall:.2f} | |"
    )
    print(
        f"| geopandas buffer + sjoin + pairwise intersection (loaded) | {gpd_run['call_s']:.2f} | "
        f"{gpd_run['peak_mb']:.0f} | {gpd_run['call_s'] / ms_wall:.2f} | |"
    )
    print(
        f"\nmapshaper inner lines: {ms[0]['n']}; bordermap pairs: {cached['pairs']} "
        f"(raw GeoJSON: border_table {raw[0]['pairs']}, bordermap table {cli[0]['pairs']}); "
        f"geopandas pairs: {gpd_run['pairs']}"
    )

    scaling = _child(
        textwrap.dedent(
            """
            import time, numpy as np, bordermap
            from bordermap.geometry.table import Rings, rings_from_frame
            r = rings_from_frame(bordermap.load_countries())
            # the N countries whose first vertex lies nearest to Lithuania (neighbours share borders)
            first = r.xy[r.offsets[:-1]]
            per_country = {}
            for k, c in enumerate(r.country):
                per_country.setdefault(int(c), first[k])
            d = {c: np.hypot(p[0] - 24.0, p[1] - 55.0) for c, p in per_country.items()}
            ranked = sorted(d, key=d.get)
            res = {}
            bordermap.border_table(r, progress=False)
            for n in (10, 50, 250):
                keep = set(ranked[:n])
                sel = np.array([c in keep for c in r.country])
                sizes = np.diff(r.offsets)[sel]
                idx = np.concatenate([np.arange(a, b) for a, b in zip(r.offsets[:-1][sel], r.offsets[1:][sel])])
                sub = Rings(r.xy[idx], np.concatenate([[0], np.cumsum(sizes)]), r.country[sel], r.iso, r.names)
                times = []
                for _ in range(3):
                    t = time.perf_counter(); tb = bordermap.border_table(sub, progress=False)
                    times.append(time.perf_counter() - t)
                res[n] = (min(times), len(tb), int(len(idx)))
            out["scaling"] = res
            """
        )
    )
    print("\n| countries | vertices | pairs | time (s, best of 3) |")
    print("|---|---|---|---|")
    for n, (t, pairs, verts) in scaling["scaling"].items():
        print(f"| {n} | {verts:,} | {pairs} | {t:.3f} |")

    import bordermap

    table = bordermap.border_table(progress=False)
    errors = []
    print("\n| pair | official km | bordermap km | error |")
    print("|---|---|---|---|")
    for (a, b), official in OFFICIAL_KM.items():
        row = table[(table.a == a) & (table.b == b)].iloc[0]
        err = (row.length_km - official) / official
        errors.append(abs(err))
        print(f"| {a}–{b} | {official:.1f} | {row.length_km:.1f} | {err * 100:+.2f}% |")
    print(f"\nmedian absolute error vs official: {statistics.median(errors) * 100:.2f}%")


if __name__ == "__main__":
    main()
