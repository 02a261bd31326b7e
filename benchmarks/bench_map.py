"""Benchmark the seeds map and save its screenshot (docs/map.png).

Prints, side by side in one run:

* bordermap's map (coverage simplification, shared edge drawn): HTML size of the default
  (self-contained, Leaflet from xstatic-leaflet) page and of the ``--cdn`` page, Hausdorff
  distance (metres) between the drawn and the computed border, overlap and gap area between
  Lithuania and Belarus as drawn;
* the peer: the foundation's approach, each polygon simplified alone with
  ``GeoSeries.simplify(preserve_topology=True)`` at the same tolerance and drawn with
  ``folium.GeoJson`` (default folium assets), and the unsimplified polygons;
* time to interactive in headless Chromium (Debian's ``/usr/bin/chromium``, network blocked):
  median of 5 loads of the default page, from navigation to the map's ready flag.

Usage::

    PYTHONPATH=. BORDERMAP_CACHE=$PWD/.cache python benchmarks/bench_map.py [--no-screenshot]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shapely  # noqa: E402

import bordermap  # noqa: E402
from bordermap.geometry.projection import local_crs, to_metric  # noqa: E402
from bordermap.publish.maps import simplify_countries  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def pair_quality(drawn, drawn_border, border, crs) -> tuple[float, float, float]:
    """(Hausdorff m, LTU/BLR overlap m², uncovered m² within 500 m of the border) of drawn polygons.

    ``drawn``: a Series of polygons indexed by ISO code (all countries drawn).
    """
    a, b = to_metric(drawn[border.a], crs), to_metric(drawn[border.b], crs)
    bm = to_metric(border.geometry, crs)
    overlap = a.intersection(b).area
    every = shapely.union_all([to_metric(g, crs) for g in drawn])
    gap = shapely.buffer(bm, 500).difference(every).area
    haus = shapely.hausdorff_distance(to_metric(drawn_border, crs), bm)
    return haus, overlap, gap


def peer_page(frame, border, simplify_m: float, out: Path) -> int:
    """The foundation's map: each polygon simplified alone, folium.GeoJson, folium's default assets."""
    import folium

    shown = frame.copy()
    shown["geometry"] = shown.geometry.simplify(simplify_m / 111_000.0, preserve_topology=True)
    m = folium.Map(tiles=None)
    folium.GeoJson(shown[["iso_a3", "name", "geometry"]].to_json()).add_to(m)
    folium.GeoJson(border.to_gdf().to_json()).add_to(m)
    m.save(out)
    return out.stat().st_size


def time_to_interactive(path: Path, runs: int = 5, screenshot: Path | None = None) -> tuple[float, float]:
    """Median (wall seconds from navigation to ready, page's own performance.now() at ready in ms)."""
    from playwright.sync_api import sync_playwright

    walls, marks = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for i in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-bordermap-ready]", timeout=60_000)
            walls.append(time.perf_counter() - t0)
            marks.append(page.evaluate("bordermap.readyMs"))
            if screenshot is not None and i == 0:
                page.wait_for_timeout(300)
                page.screenshot(path=str(screenshot))
            page.close()
        browser.close()
    return statistics.median(walls), statistics.median(marks)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-screenshot", action="store_true")
    ap.add_argument("--simplify-m", type=float, default=30.0)
    args = ap.parse_args()

    frame = bordermap.load_countries()
    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    t0 = time.perf_counter()
    rep = bordermap.run_report(out=tmp / "plain")
    t_report = time.perf_counter() - t0
    border = rep.border
    rep.to_map(frame).save(tmp / "cdn.html", cdn=True)
    html = (tmp / "plain" / "map.html").stat().st_size
    html_cdn = (tmp / "cdn.html").stat().st_size

    crs = local_crs(*border.geometry.centroid.coords[0])
    t0 = time.perf_counter()
    shown = simplify_countries(frame, border, simplify_m=args.simplify_m)
    t_simplify = time.perf_counter() - t0
    geo = shown.countries.set_index("iso_a3").geometry
    ours = pair_quality(geo, shown.border, border, crs)

    raw = frame.set_index("iso_a3").geometry
    naive = frame.set_index("iso_a3").geometry.simplify(args.simplify_m / 111_000.0, preserve_topology=True)
    theirs = pair_quality(naive, border.geometry, border, crs)
    peer = peer_page(frame[frame.iso_a3.isin([border.a, border.b])], border, args.simplify_m, tmp / "peer.html")
    raw_q = pair_quality(raw, border.geometry, border, crs)

    shot = None if args.no_screenshot else ROOT / "docs" / "map.png"
    if shot is not None:
        shot.parent.mkdir(exist_ok=True)
    wall, mark = time_to_interactive(tmp / "plain" / "map.html", screenshot=shot)

    print(f"seeds report: {len(rep.places)} places, border {border.length_km:.1f} km (report ran in {t_report:.1f} s)")
    print(f"{'':38}{'HTML bytes':>12}{'Hausdorff m':>13}{'overlap m²':>13}{'gap m²':>11}")
    print(f"{'bordermap map.html (self-contained)':38}{html:>12,}{ours[0]:>13.1f}{ours[1]:>13.1f}{ours[2]:>11.1f}")
    print(f"{'bordermap map.html --cdn':38}{html_cdn:>12,}{'':>13}{'':>13}{'':>11}")
    print(f"{'peer: per-polygon simplify (pair only)':38}{peer:>12,}{'':>13}{theirs[1]:>13.0f}{theirs[2]:>11.0f}")
    print(f"{'raw polygons, no simplification':38}{'':>12}{raw_q[0]:>13.1f}{raw_q[1]:>13.0f}{raw_q[2]:>11.0f}")
    print(f"targets: map.html <= 1,500,000 bytes: {'OK' if html <= 1_500_000 else 'MISSED'}; "
          f"Hausdorff <= 100 m: {'OK' if ours[0] <= 100 else 'MISSED'}")  # fmt: skip
    print(f"coverage clean+simplify of {len(frame)} countries: {t_simplify:.2f} s")
    print(f"time to interactive (headless Chromium, offline, default page, median of 5): "
          f"{wall * 1000:.0f} ms wall from navigation; page ready at performance.now() = {mark:.0f} ms")  # fmt: skip
    if shot is not None:
        print(f"screenshot: {shot.relative_to(ROOT)}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
