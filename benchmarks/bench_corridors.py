"""Benchmark: narrowest_corridors vs a plain vertex-pairing prototype (and, optionally, erosion).

Run from the repository root:

    PYTHONPATH=. BORDERMAP_CACHE=$PWD/.cache python benchmarks/bench_corridors.py [--with-erosion]

Side by side in one run, on Lithuania (bundled extract, Dieveniškės, ~2.6 km near
54.31 N 25.53 E) and India (world file, Siliguri Corridor, ~21 km near 26.7 N 88.4 E):

* bordermap ``narrowest_corridors`` (same defaults for both);
* the prototype the issue describes: densify the outer ring every 200 m, pair all points
  within the same search radius with a KD-tree, keep pairs far apart along the ring,
  take the shortest chord that lies inside the territory;
* with ``--with-erosion`` (Lithuania only; minutes): the naive morphological approach,
  a binary search on the radius at which eroding the country splits it.

Targets (issue 3): under 0.2 s for Lithuania and under 3 s for India.
"""

from __future__ import annotations

import statistics
import sys
import time


def prototype(geom, radius_share: float = 0.05, spacing_m: float = 200.0):
    """Shortest inside chord between ring points close in space, far apart along the ring."""
    import numpy as np
    import shapely
    from scipy.spatial import cKDTree
    from shapely.geometry import LineString

    from bordermap.geometry.projection import distance_km, local_crs, to_lonlat, to_metric

    poly = max(shapely.get_parts(geom), key=lambda p: p.area)
    c = poly.centroid
    crs = local_crs(lon=c.x, lat=c.y)
    m = to_metric(poly, crs)
    radius = radius_share * m.area**0.5
    ring = m.exterior
    at = np.arange(0.0, ring.length, spacing_m)
    pts = shapely.get_coordinates(shapely.line_interpolate_point(ring, at))
    pairs = cKDTree(pts).query_pairs(radius, output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d = np.hypot(*(pts[i] - pts[j]).T)
    along = np.abs(at[i] - at[j])
    along = np.minimum(along, ring.length - along)
    keep = along > 3 * d
    i, j, d = i[keep], j[keep], d[keep]
    shapely.prepare(m)
    # area cut off by each chord, from prefix sums of the shoelace terms (vectorised)
    x, y = pts[:, 0], pts[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    pre = np.concatenate([[0.0], np.cumsum(cross)])
    whole = abs(pre[-1]) / 2
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    side = np.abs(pre[hi] - pre[lo] + x[hi] * y[lo] - x[lo] * y[hi]) / 2
    small = np.minimum(side, whole - side)
    ok = (small >= 0.001 * whole) & (small >= 4 * d**2)
    i, j, d = i[ok], j[ok], d[ok]
    for k in np.argsort(d):
        chord = LineString([pts[i[k]], pts[j[k]]])
        if shapely.intersection(chord, m).length >= 0.98 * chord.length:
            ll = to_lonlat(chord, crs)
            (x0, y0), (x1, y1) = ll.coords
            mid = ll.interpolate(0.5, normalized=True)
            return distance_km(lat1=y0, lon1=x0, lat2=y1, lon2=x1), mid.y, mid.x
    return None


def erosion(geom, lo_km: float = 0.5, hi_km: float = 10.0, tol_km: float = 0.05):
    """Binary search on the erosion radius at which the largest part splits (width = 2 r)."""
    import shapely

    from bordermap.geometry.projection import local_crs, to_metric

    poly = max(shapely.get_parts(geom), key=lambda p: p.area)
    c = poly.centroid
    m = to_metric(poly, local_crs(lon=c.x, lat=c.y))
    big = 0.01 * m.area

    def splits(r_km: float) -> bool:
        eroded = m.buffer(-r_km * 1000.0)
        return sum(1 for p in shapely.get_parts(eroded) if p.area > big) > 1

    while hi_km - lo_km > tol_km:
        mid = (lo_km + hi_km) / 2
        if splits(mid):
            hi_km = mid
        else:
            lo_km = mid
    return 2 * hi_km


def timed(fn, *args, repeat: int = 3, **kw):
    times, res = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        res = fn(*args, **kw)
        times.append(time.perf_counter() - t)
    return statistics.median(times), res


def main() -> None:
    import bordermap
    from bordermap.geometry.projection import distance_km

    regional = bordermap.load_countries()
    world = bordermap.load_countries("world")
    cases = [
        ("Lithuania", regional, "LTU", (54.31, 25.53), 0.2),
        ("India", world, "IND", (26.7, 88.4), 3.0),
    ]
    print("| country | method | time (s) | width (km) | at (lat, lon) | km from expected | ratio |")
    print("|---|---|---|---|---|---|---|")
    for label, frame, iso, (lat0, lon0), target in cases:
        geom = frame.set_index("iso_a3").geometry[iso]
        bordermap.narrowest_corridors(geom)  # warm imports
        t_ours, table = timed(bordermap.narrowest_corridors, geom)
        away = [distance_km(lat1=r.lat, lon1=r.lon, lat2=lat0, lon2=lon0) for r in table.itertuples()]
        near = table.iloc[away.index(min(away))]
        t_proto, proto = timed(prototype, geom, repeat=1)
        print(
            f"| {label} | bordermap (target < {target} s) | {t_ours:.3f} | {near.width_km:.2f} | "
            f"{near.lat:.3f}, {near.lon:.3f} | {min(away):.1f} | 1.00 |"
        )
        if proto:
            w, plat, plon = proto
            print(
                f"| {label} | vertex-pair prototype | {t_proto:.3f} | {w:.2f} | {plat:.3f}, {plon:.3f} | "
                f"{distance_km(lat1=plat, lon1=plon, lat2=lat0, lon2=lon0):.1f} | {t_proto / t_ours:.1f} |"
            )
        if label == "Lithuania" and "--with-erosion" in sys.argv:
            t_er, w = timed(erosion, geom, repeat=1)
            print(f"| {label} | erosion + binary search | {t_er:.1f} | {w:.2f} | – | – | {t_er / t_ours:.0f} |")


if __name__ == "__main__":
    main()
