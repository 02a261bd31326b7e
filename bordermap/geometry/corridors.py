"""Narrow corridors (isthmuses) of a territory: where its polygon pinches.

Method (general geometry, no country-specific rule): the territory is first cut to land:
the bundled sea mask (:mod:`bordermap.geometry.seas`) is taken out of it, so territorial
sea never counts as width and a chord never crosses the sea.  Each large land part is
projected to an azimuthal equidistant projection centred on it and its outer ring is
sampled every ``spacing`` metres, where ``spacing = search_radius / 10`` and
``search_radius = radius_share * max(sqrt(area), length)``, ``length`` being the long side
of the part's minimum rotated rectangle (so the same defaults scale from Lithuania to India,
and reach across long, thin countries such as Chile or Vietnam); the spacing is at most
``radius_share * sqrt(area) / 10``.  A spatial index (STR-tree) pairs samples that are close in space (within the
search radius) but far apart along the ring (at least ``3 *`` their distance).  Pairs
are taken narrowest first; each is refined to the exact nearest points of the two
stretches of boundary, kept only if the chord lies inside the territory and cuts off
a substantial area (the smaller side is at least ``min_side_share`` of the part and
at least ``4 * width**2``), and nearby pairs of the same pinch are suppressed.
Widths are geodesic (WGS84).

Names on a corridor's smaller side come from the caller (``places=``, a GeoDataFrame of
points): the geometry layer does not read the gazetteer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..data.countries import country_row, load_countries
from ..exc import ArgumentError, DataError
from .linear import as_lonlat, distances_to_segments
from .projection import distance_km, local_crs, to_lonlat, to_metric, to_metric_area

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import numpy as np
    from shapely.geometry import LineString, Polygon
    from shapely.geometry.base import BaseGeometry


def territory(
    country: str | BaseGeometry,
    *,
    countries: gpd.GeoDataFrame | None = None,
    part_near: Any = None,
) -> BaseGeometry:
    """A country's polygon (lon/lat), or the polygon part nearest to ``part_near``.

    Parameters
    ----------
    country : str or shapely geometry
        ISO code or English name (looked up in ``countries``), or a geometry.
    countries : GeoDataFrame, optional
        Default the bundled world.
    part_near : shapely Point (lon, lat), geopy Point, or an object with ``lat`` and ``lon``, optional
        Keep only the polygon part nearest to that position (an exclave such as
        Kaliningrad: ``part_near=Point(20.5, 54.7)``).  A bare tuple is refused.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(territory("RUS", part_near=Point(20.5, 54.7)).bounds[0], 1)  # Kaliningrad's west end
    19.4
    """
    import shapely
    from shapely.geometry import Point
    from shapely.geometry.base import BaseGeometry

    near = None if part_near is None else as_lonlat(part_near, what="part_near", keywords=False)
    if isinstance(country, BaseGeometry):
        geom = country
    else:
        frame = load_countries() if countries is None else countries
        geom = country_row(frame, country).geometry
    if near is None:
        return geom
    parts = list(shapely.get_parts(geom))
    p = Point(*near)
    nearest: BaseGeometry = min(parts, key=lambda g: g.distance(p))
    return nearest


def narrowest_corridors(
    country: str | BaseGeometry,
    *,
    countries: gpd.GeoDataFrame | None = None,
    radius_share: float = 0.05,
    min_side_share: float = 0.001,
    max_results: int = 10,
    min_part_share: float = 0.02,
    places: gpd.GeoDataFrame | Callable[[tuple[float, float, float, float]], gpd.GeoDataFrame] | None = None,
    near: BaseGeometry | None = None,
    reach_km: float = 25.0,
    land_only: bool = True,
) -> gpd.GeoDataFrame:
    """Find where a country's land pinches, narrowest first.

    Parameters
    ----------
    country : str or shapely geometry
        ISO code/name looked up in ``countries``, or a (Multi)Polygon in lon/lat.
    countries : GeoDataFrame, optional
        Default the bundled world (every country).
    radius_share : float
        Widest corridor looked for, as a share of ``max(sqrt(area), length)`` of each land part
        (``length``: the long side of its minimum rotated rectangle).
    min_side_share : float
        Smallest area cut off by a corridor, as a share of the part's area.
    max_results : int
        At most this many corridors.
    min_part_share : float
        Land parts smaller than this share of the largest are skipped (islands).
    places : GeoDataFrame, optional
        Points (EPSG:4326, or any CRS it can be converted from) with a ``name`` column and
        optionally ``population``, e.g. the gazetteer's populated places: each corridor's
        ``places`` lists the names of those on its smaller side, most populous first (at
        most 10).  It may also be a function of a box ``(min_lon, min_lat, max_lon, max_lat)``
        that returns such a GeoDataFrame for that box (e.g. a gazetteer query): then only the
        places near each smaller side are asked for.  Without it the ``places`` column holds
        empty lists.
    near : shapely geometry, optional
        Only corridors whose chord comes within ``reach_km`` of this geometry (lon/lat, e.g. a
        border line: :func:`bordermap.border_measures` passes its border), and ``max_results``
        of those: pairs of samples too far from it to give such a chord are never refined.
    reach_km : float
        See ``near`` (geodesic distance between the chord and ``near``).
    land_only : bool
        Cut the territory to land with the bundled sea mask first (the default): the
        territorial sea of the maritime polygons is not width, and no chord crosses the sea.
        False measures the polygon as given.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per corridor, narrowest first, EPSG:4326: ``geometry`` (the chord,
        (lon, lat)), ``width_km`` (geodesic), ``lat``, ``lon`` (chord middle),
        ``smaller_side_km2`` (area of the smaller side), ``part`` (index of the
        land part, in the order of :func:`land_parts`), ``places`` (list of names, see above).

    Raises
    ------
    ArgumentError
        Parameters out of range; ``places`` not a GeoDataFrame of points with a ``name`` column.

    Examples
    --------
    >>> import bordermap
    >>> c = bordermap.narrowest_corridors("LTU").iloc[0]
    >>> bool(2.2 < c.width_km < 2.9), round(float(c.lat), 1), round(float(c.lon), 1), c.places
    (True, 54.3, 25.5, [])
    """
    import math

    import geopandas as gpd
    import shapely

    for name, val, hi in (("radius_share", radius_share, 1.0), ("min_side_share", min_side_share, 0.5)):
        if isinstance(val, bool) or not isinstance(val, (int, float)) or math.isnan(val) or not 0 < val <= hi:
            raise ArgumentError(f"{name}={val!r}: must be in (0, {hi}]")
    if isinstance(max_results, bool) or not isinstance(max_results, int) or max_results < 1:
        raise ArgumentError(f"max_results={max_results!r}: must be a positive integer")
    if isinstance(reach_km, bool) or not isinstance(reach_km, (int, float)) or not 0 <= reach_km < math.inf:
        raise ArgumentError(f"reach_km={reach_km!r}: must be a distance in km >= 0")
    pool = _place_points(places) if places is not None and not callable(places) else None  # checked before work
    if not isinstance(land_only, bool):
        raise ArgumentError(f"land_only={land_only!r}: must be True or False")
    geom = territory(country, countries=countries)
    if not any(g.geom_type == "Polygon" for g in shapely.get_parts(geom)):
        raise DataError(f"narrowest_corridors: {country!r} has no polygon")
    polys = land_parts(geom, min_part_share=min_part_share, land_only=land_only)
    rows: list[dict[str, Any]] = []
    for k, poly in enumerate(polys):
        c = poly.centroid
        crs = local_crs(lon=c.x, lat=c.y)
        metric: Any = to_metric_area(poly, crs)
        near_m = None if near is None else (to_metric(near, crs), reach_km * 1000.0)
        rows.extend(_part_corridors(metric, crs, k, radius_share, min_side_share, max_results, near=near_m))
    if near is not None:
        rows = [r for r in rows if _line_distance_km(r["geometry"], near) <= reach_km]
    rows.sort(key=lambda r: r["width_km"])
    for r in rows:
        for key in ("_chord", "_width", "_small"):
            r.pop(key, None)
    rows = rows[:max_results]
    for r in rows:
        outline, side_crs = r.pop("_side")
        if places is None:
            r["places"] = []
        else:
            side = shapely.make_valid(to_lonlat(shapely.Polygon(outline), side_crs))
            r["places"] = _names_inside(pool if pool is not None else _place_points(places(side.bounds)), side)
    cols = ["width_km", "lat", "lon", "smaller_side_km2", "part", "places"]
    frame = gpd.GeoDataFrame(
        [{c: r[c] for c in cols} for r in rows],
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
        columns=cols,
    )
    return frame.reset_index(drop=True)


def land_parts(geom: BaseGeometry, *, min_part_share: float = 0.02, land_only: bool = True) -> list[Polygon]:
    """The polygon parts of ``geom`` (lon/lat) on land, small islands left out.

    With ``land_only`` the bundled sea mask is taken out of each part (territorial sea and the
    water of bays and fjords go); parts smaller than ``min_part_share`` of the largest are left
    out (islands).  Sizes are compared in a rough equal-area sense (degrees² times cos(lat)).

    Examples
    --------
    >>> from bordermap.data.countries import country_row, load_countries
    >>> hrv = country_row(load_countries(), "HRV").geometry
    >>> land = land_parts(hrv)
    >>> len(land), bool(land[0].area < 0.7 * hrv.area)  # the Adriatic territorial sea is cut away
    (1, True)
    """
    import math

    import shapely

    from .seas import sea_mask

    def size(p: BaseGeometry) -> float:
        return float(p.area * math.cos(math.radians(p.centroid.y)))

    polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]
    if not polys:
        return []
    biggest = max(size(p) for p in polys)
    polys = [p for p in polys if size(p) >= min_part_share * biggest]
    if land_only:
        cut: list[Polygon] = []
        for p in polys:
            sea = sea_mask(p.bounds)
            land = shapely.make_valid(shapely.difference(p, sea)) if not sea.is_empty else p
            cut.extend(g for g in shapely.get_parts(land) if g.geom_type == "Polygon" and not g.is_empty)
        polys = cut
        if not polys:
            return []
        biggest = max(size(p) for p in polys)
        polys = [p for p in polys if size(p) >= min_part_share * biggest]
    return polys


def _ring_samples(ring: np.ndarray, spacing: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Points every ``spacing`` m along a closed ring, their chainage, and the ring length."""
    import numpy as np

    seg = np.hypot(*np.diff(ring, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    total = float(cum[-1])
    n = max(int(total / spacing), 8)
    at = np.linspace(0.0, total, n, endpoint=False)
    x = np.interp(at, cum, ring[:, 0])
    y = np.interp(at, cum, ring[:, 1])
    return np.column_stack([x, y]), at, total


def _line_distance_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Geodesic distance (km) between the nearest points of two lon/lat geometries (found in lon/lat)."""
    from shapely.ops import nearest_points

    pa, pb = nearest_points(a, b)
    return distance_km(lat1=pa.y, lon1=pa.x, lat2=pb.y, lon2=pb.x)


def _part_corridors(
    poly: Polygon,
    crs: str,
    part: int,
    radius_share: float,
    min_side_share: float,
    max_results: int,
    *,
    near: tuple[BaseGeometry, float] | None = None,
) -> list[dict[str, Any]]:
    import numpy as np
    import shapely
    from shapely.geometry import LineString
    from shapely.ops import nearest_points

    area = poly.area
    box = shapely.get_coordinates(shapely.minimum_rotated_rectangle(poly))
    length = float(np.hypot(*np.diff(box[:3], axis=0).T).max()) if len(box) >= 3 else 0.0
    radius = radius_share * max(area**0.5, length)
    spacing = radius / 10.0
    ring = shapely.get_coordinates(poly.exterior)
    seg = np.hypot(*np.diff(ring, axis=0).T)
    rcum = np.concatenate([[0.0], np.cumsum(seg)])
    pts, at, total = _ring_samples(ring, spacing)
    i, j = _close_pairs(pts, radius)
    if len(i) == 0:
        return []
    d = np.hypot(*(pts[i] - pts[j]).T)
    along = np.abs(at[i] - at[j])
    along = np.minimum(along, total - along)
    keep = along >= np.maximum(3.0 * d, 3.0 * spacing)
    if near is not None:
        # A chord within ``reach`` of ``near`` has a sample end within reach + the refinement window
        # (3 spacings + d) + its width (<= d); 10 % and 1 km more for the projection's scale error.
        geom, reach = near
        to_near = distances_to_segments(pts, geom)
        keep &= np.minimum(to_near[i], to_near[j]) <= 1.1 * (reach + 3.0 * spacing + 2.0 * d) + 1000.0
    i, j, d = i[keep], j[keep], d[keep]
    order = np.lexsort((j, i, d))  # narrowest first; ties in a fixed order
    i, j, d = i[order], j[order], d[order]
    ai, bj = at[i], at[j]
    suppressed = np.zeros(len(d), dtype=bool)
    shapely.prepare(poly)
    found: list[dict[str, Any]] = []
    min_side = min_side_share * area
    whole = abs(_shoelace(ring))
    checked = 0
    for idx in range(len(d)):
        if suppressed[idx]:
            continue
        a_at, b_at, dist = ai[idx], bj[idx], d[idx]
        checked += 1
        if checked > 200 or len(found) >= max_results:
            break
        r = max(4.0 * dist, 6.0 * spacing)
        suppressed[idx:] |= _near_mask(ai[idx:], bj[idx:], a_at, b_at, r, total)  # only later pairs matter
        # refine: exact nearest points between the two stretches of boundary around the samples
        win = 3.0 * spacing + dist
        sa = _stretch(ring, rcum, a_at - win, a_at + win, total)
        sb = _stretch(ring, rcum, b_at - win, b_at + win, total)
        shapely.prepare(sa)  # nearest points through an index of sa's segments (GEOS prepared distance)
        pa, pb = nearest_points(sa, sb)
        chord = LineString([pa, pb])
        width = chord.length
        if width <= 0:
            continue
        # (prepared) covers: the whole chord inside, the usual case, without computing the intersection;
        # else at most 0.5 % of it outside the land (rounding at the boundary), never a crossing of the sea
        if not shapely.covers(poly, chord) and shapely.intersection(chord, poly).length < 0.995 * width:
            continue
        small, outline = _smaller_side(ring, rcum, sa.project(pa), sb.project(pb), a_at, b_at, win, whole, total)
        if small < min_side or small < 4.0 * width**2:
            continue
        if any(chord.distance(f["_chord"]) < 5.0 * f["_width"] and _similar(small, f["_small"]) for f in found):
            continue  # the same pinch seen at another place along its neck
        ll = to_lonlat(chord, crs)
        (x0, y0), (x1, y1) = ll.coords
        mid = to_lonlat(chord.interpolate(0.5, normalized=True), crs)
        found.append(
            {
                "geometry": ll,
                "width_km": distance_km(lat1=y0, lon1=x0, lat2=y1, lon2=x1),
                "lat": mid.y,  # type: ignore[attr-defined]
                "lon": mid.x,  # type: ignore[attr-defined]
                "smaller_side_km2": small / 1e6,
                "part": part,
                "_chord": chord,
                "_width": width,
                "_small": small,
                "_side": (outline, crs),
            }
        )
    return found


def _close_pairs(pts: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``i < j`` of points (an ``(n, 2)`` array) at most ``radius`` apart."""
    import numpy as np
    import shapely

    geoms = np.asarray(shapely.points(pts))
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="dwithin", distance=radius)
    keep = i < j
    i, j = i[keep], j[keep]
    close = np.hypot(*(pts[i] - pts[j]).T) <= radius
    return i[close], j[close]


def _near_mask(ai: np.ndarray, bj: np.ndarray, sa: float, sb: float, r: float, total: float) -> np.ndarray:
    """Candidates whose two ends both lie within ``r`` (along the ring) of an accepted pair's ends."""
    import numpy as np

    def cd(u: np.ndarray, v: float) -> np.ndarray:
        x = np.abs(u - v) % total
        return np.minimum(x, total - x)

    return ((cd(ai, sa) < r) & (cd(bj, sb) < r)) | ((cd(ai, sb) < r) & (cd(bj, sa) < r))


def _similar(x: float, y: float) -> bool:
    return max(x, y) <= 1.5 * min(x, y)


def _stretch(ring: np.ndarray, rcum: np.ndarray, lo: float, hi: float, total: float) -> LineString:
    """The part of the closed ring between chainages ``lo`` and ``hi`` (may wrap)."""
    import numpy as np
    from shapely.geometry import LineString

    def piece(a: float, b: float) -> np.ndarray:
        x = np.interp([a, b], rcum, ring[:, 0])
        y = np.interp([a, b], rcum, ring[:, 1])
        inside = (rcum > a) & (rcum < b)
        return np.vstack([[x[0], y[0]], ring[inside], [x[1], y[1]]])

    if hi - lo >= total:
        return LineString(ring)
    if lo < 0:
        coords = np.vstack([piece(lo + total, total), piece(0.0, hi)])
    elif hi > total:
        coords = np.vstack([piece(lo, total), piece(0.0, hi - total)])
    else:
        coords = piece(lo, hi)
    return LineString(coords)


def _smaller_side(
    ring: np.ndarray,
    rcum: np.ndarray,
    pa_off: float,
    pb_off: float,
    a_at: float,
    b_at: float,
    win: float,
    whole: float,
    total: float,
) -> tuple[float, np.ndarray]:
    """Area (m²) and outline of the smaller of the two pieces the chord cuts the outer ring into."""
    import numpy as np

    ca = (a_at - win + pa_off) % total
    cb = (b_at - win + pb_off) % total
    lo, hi = min(ca, cb), max(ca, cb)
    inside = (rcum > lo) & (rcum < hi)
    x = np.interp([lo, hi], rcum, ring[:, 0])
    y = np.interp([lo, hi], rcum, ring[:, 1])
    one = np.vstack([[x[0], y[0]], ring[inside], [x[1], y[1]]])
    a1 = abs(_shoelace(one))
    if a1 <= whole - a1:
        return float(a1), one
    other = np.vstack([[x[1], y[1]], ring[rcum >= hi][:-1], ring[rcum <= lo], [x[0], y[0]]])
    return float(whole - a1), other


def _shoelace(xy: np.ndarray) -> float:
    import numpy as np

    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _place_points(places: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat, names and populations of a GeoDataFrame of points; ArgumentError otherwise."""
    import numpy as np

    if isinstance(places, bool) or not (hasattr(places, "geometry") and hasattr(places, "to_crs")):
        raise ArgumentError(
            f"places={type(places).__name__}: expected a GeoDataFrame of points with a 'name' column "
            "(e.g. the gazetteer's populated places), or None"
        )
    if "name" not in places.columns:
        raise ArgumentError("places: the GeoDataFrame has no 'name' column")
    frame = places
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    geoms = frame.geometry
    if len(frame) and not (geoms.geom_type == "Point").all():
        raise ArgumentError("places: every geometry must be a Point (lon, lat)")
    lon = np.asarray(geoms.x, dtype=float) if len(frame) else np.zeros(0)
    lat = np.asarray(geoms.y, dtype=float) if len(frame) else np.zeros(0)
    pop = (
        np.nan_to_num(np.asarray(frame["population"], dtype=float))
        if "population" in frame.columns
        else np.zeros(len(frame))
    )
    return lon, lat, np.asarray(frame["name"], dtype=object), pop


def _names_inside(
    pool: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], side: BaseGeometry, limit: int = 10
) -> list[str]:
    """Names of the ``pool`` points inside a smaller side (lon/lat), most populous first."""
    import numpy as np
    import shapely

    lon, lat, names, pop = pool
    x0, y0, x1, y1 = side.bounds
    cand = np.nonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))[0]
    inside = cand[shapely.contains_xy(side, lon[cand], lat[cand])] if len(cand) else cand
    chosen = sorted(inside.tolist(), key=lambda i: (-pop[i], str(names[i])))
    out: list[str] = []
    for i in chosen:
        name = str(names[i])
        if name not in out:
            out.append(name)
    return out[:limit]
