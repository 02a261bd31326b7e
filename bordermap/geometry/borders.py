"""Shared borders between two countries.

A border is extracted from two country polygons whose vertices need not coincide:
the boundary of one country is kept where it lies within ``tolerance_m`` metres of
the other country (computed in a local azimuthal equidistant projection, so the
tolerance is in metres everywhere).  Pieces at sea (a maritime boundary between
territorial waters) are removed with the sea mask and reported separately; slivers
shorter than :data:`settings.min_piece_m` are dropped.  Lengths are geodesic (WGS84).

Gap bridging: where the two polygons' boundaries drift apart by more than the
tolerance for a short stretch (misaligned vertices, a river drawn differently), the
extraction leaves a gap.  Such a gap is bridged along country ``a``'s boundary when
the other country stays within ``bridge_m`` (default 1 km) all along it and the gap is
at most ``max_gap_m`` long (default 10 km); BLR–UKR goes from 14 pieces to one line.

Sea mask: inside the bundled window (lon 19–33 E, lat 51–60.5 N) the bundled
``geodata/seas.geojson`` is used.  Elsewhere the world sea polygon
(``@geo-maps/earth-seas-10m`` 0.6.0, fetched like the world file into
:func:`cache_dir`) is cut once into 1.40625° tiles (``clip_by_rect`` first, then
``make_valid`` per tile; one to two minutes, once) and cached as ``seas-tiles-v2.pkl``.
Without that file no sea mask is applied outside the bundled window and
``maritime_km`` is 0 there.

Orientation: every line runs with country ``a`` on its left, i.e. in the
counter-clockwise direction around ``a``; when the border has several lines they are
stored longest first.  Chainage (km along the border, :meth:`Border.locate`,
:meth:`Border.project`, :meth:`Border.section`) counts geodesic km from the start
of the first line and continues through the next lines in stored order (the gaps
between lines are not counted).  ``shared_border(b, a)`` is the same line reversed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import settings
from ..exc import ArgumentError, NoSharedBorderError
from ..data.countries import country_row, load_countries, load_seas
from .projection import geodesic_length_km, local_crs, to_lonlat, to_metric

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd
    from shapely.geometry import LineString, MultiLineString, Point
    from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Tripoint:
    """An end of a border line and what lies there.

    Attributes
    ----------
    lon, lat : float
        Position of the end (WGS84 degrees).
    countries : tuple of str
        ISO alpha-3 codes of the other countries within reach of that end
        (empty where the border ends at the coast or at the dataset's edge).
    kind : str
        ``"tripoint"``, ``"coast"`` or ``"end"``.
    """

    lon: float
    lat: float
    countries: tuple[str, ...]
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"lon": self.lon, "lat": self.lat, "countries": list(self.countries), "kind": self.kind}


@dataclass(frozen=True)
class Section:
    """A stretch of a border between two chainages.

    Attributes
    ----------
    geometry : shapely LineString or MultiLineString
        The stretch, EPSG:4326, (lon, lat) coordinates, in the border's orientation.
    start_km, end_km : float
        Chainage of its ends along the border (``start_km <= end_km``).
    length_km : float
        Geodesic length (WGS84) of ``geometry``; equals ``end_km - start_km``.
    label : str
        Free text (e.g. ``"reported fence"``).
    """

    geometry: LineString | MultiLineString
    start_km: float
    end_km: float
    length_km: float
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (without the geometry)."""
        return {
            "start_km": round(self.start_km, 3),
            "end_km": round(self.end_km, 3),
            "length_km": round(self.length_km, 3),
            "label": self.label,
        }


@dataclass(frozen=True)
class Border:
    """The land border shared by countries ``a`` and ``b``.

    Attributes
    ----------
    a, b : str
        ISO alpha-3 codes; the line runs with ``a`` on its left.
    names : tuple of str
        English names of ``a`` and ``b``.
    geometry : shapely LineString or MultiLineString
        The border in EPSG:4326, coordinates in (lon, lat) order; several lines are
        stored longest first, each with ``a`` on its left.
    length_km : float
        Geodesic length on the WGS84 ellipsoid.
    maritime_km : float
        Length dropped because it lies at sea (boundary between territorial waters).
    tolerance_m : float
        The tolerance used for the extraction.
    tripoints : tuple of Tripoint
        What lies at the ends of the line(s), in line order (start, end of each line).
    """

    a: str
    b: str
    names: tuple[str, str]
    geometry: LineString | MultiLineString
    length_km: float
    maritime_km: float
    tolerance_m: float
    tripoints: tuple[Tripoint, ...] = field(default=())

    def to_gdf(self) -> gpd.GeoDataFrame:
        """The border as a one-row GeoDataFrame (EPSG:4326)."""
        import geopandas as gpd

        return gpd.GeoDataFrame(
            [{"a": self.a, "b": self.b, "length_km": self.length_km, "maritime_km": self.maritime_km}],
            geometry=[self.geometry],
            crs="EPSG:4326",
        )

    def locate(self, km: float) -> Point:
        """The point at chainage ``km`` (geodesic km from the start, see the module notes).

        Raises
        ------
        ValueError
            ``km`` is NaN or outside ``[0, length_km]``.

        Examples
        --------
        >>> import bordermap
        >>> b = bordermap.shared_border("LTU", "BLR")
        >>> p = b.locate(0)
        >>> (round(p.y, 2), round(p.x, 2)) == (round(b.tripoints[0].lat, 2), round(b.tripoints[0].lon, 2))
        True
        """
        from .linear import locate

        return locate(self, km)

    def project(self, point: Any) -> tuple[float, float]:
        """Snap a point onto the border: ``(km, distance_km)``.

        Parameters
        ----------
        point : shapely Point (lon, lat) or tuple ``(lat, lon)``

        Returns
        -------
        tuple of float
            Chainage of the nearest border point and the geodesic distance to it (km).

        Examples
        --------
        >>> import bordermap
        >>> b = bordermap.shared_border("LTU", "BLR")
        >>> km, dist = b.project((54.539, 25.65))  # Medininkai, (lat, lon)
        >>> 0 < km < b.length_km and dist < 5
        True
        """
        from .linear import project

        return project(self, point)

    def section(self, start: Any, end: Any, *, label: str = "") -> Section:
        """The stretch between two chainages (km), two points or two place names.

        ``start`` and ``end`` may each be a number (km), a shapely Point (lon, lat), a
        ``(lat, lon)`` tuple or a place name (geocoded with :func:`bordermap.geocode`
        and snapped onto the border).  Points are ordered along the border; numbers
        must satisfy ``0 <= start <= end <= length_km``.

        Raises
        ------
        ValueError
            NaN, out-of-range or reversed chainages.
        GeocodingError
            A place name is unknown.

        Examples
        --------
        >>> import bordermap
        >>> b = bordermap.shared_border("LTU", "BLR")
        >>> round(b.section(100, 150).length_km, 3)
        50.0
        """
        from .linear import section

        return section(self, start, end, label=label)


def _resolve_pair(a: str, b: str, countries: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, Any, Any]:
    frame = load_countries() if countries is None else countries
    ra, rb = country_row(frame, a), country_row(frame, b)
    if ra["iso_a3"] == rb["iso_a3"]:
        raise NoSharedBorderError(f"{a!r} and {b!r} are the same country ({ra['iso_a3']})")
    return frame, ra, rb


def _check_tolerance(tolerance_m: float, *, name: str = "tolerance_m", allow_zero: bool = False) -> float:
    import math

    bad = (
        isinstance(tolerance_m, bool)
        or not isinstance(tolerance_m, (int, float))
        or math.isnan(tolerance_m)
        or math.isinf(tolerance_m)
        or tolerance_m < 0
        or (tolerance_m == 0 and not allow_zero)
    )
    if bad:
        kind = "a non-negative" if allow_zero else "a positive"
        raise ArgumentError(f"{name}={tolerance_m!r}: must be {kind} finite number of metres")
    return float(tolerance_m)


def shared_border(
    a: str,
    b: str,
    countries: gpd.GeoDataFrame | None = None,
    *,
    tolerance_m: float | None = None,
    sea_mask: bool = True,
    bridge_m: float = 1000.0,
    max_gap_m: float = 10_000.0,
) -> Border:
    """Extract the land border shared by two countries.

    Parameters
    ----------
    a, b : str
        ISO alpha-3 codes, alpha-2 codes or English names (case-insensitive).
    countries : GeoDataFrame, optional
        As returned by :func:`load_countries`; default the bundled extract.
    tolerance_m : float, optional
        How far apart (metres) the two boundaries may lie and still count as shared;
        default :data:`settings.tolerance_m` (50 m).
    sea_mask : bool
        Remove the parts that lie at sea (see the module notes for the mask used).
    bridge_m : float
        Gaps between border pieces are bridged along ``a``'s boundary where the other
        country stays within this distance (metres); ``0`` turns bridging off.
    max_gap_m : float
        Longest gap (metres, along the boundary) that is bridged.

    Returns
    -------
    Border

    Raises
    ------
    UnknownCountryError
        ``a`` or ``b`` is not in the dataset.
    NoSharedBorderError
        The countries are the same, or share no land border (the message gives their distance).
    ValueError
        A tolerance is NaN, negative or zero (``bridge_m``/``max_gap_m`` may be 0).

    Examples
    --------
    >>> import bordermap
    >>> border = bordermap.shared_border("LTU", "BLR")
    >>> 660 < border.length_km < 690
    True
    """
    import shapely

    tol = _check_tolerance(settings.tolerance_m if tolerance_m is None else tolerance_m)
    bridge = _check_tolerance(bridge_m, name="bridge_m", allow_zero=True)
    max_gap = _check_tolerance(max_gap_m, name="max_gap_m", allow_zero=True)
    frame, ra, rb = _resolve_pair(a, b, countries)
    ga, gb = ra.geometry, rb.geometry
    # Work in a window around where the two countries can meet.
    ax0, ay0, ax1, ay1 = ga.bounds
    bx0, by0, bx1, by1 = gb.bounds
    pad = 0.1
    wx0, wy0 = max(ax0, bx0) - pad, max(ay0, by0) - pad
    wx1, wy1 = min(ax1, bx1) + pad, min(ay1, by1) + pad
    if wx0 > wx1 or wy0 > wy1:
        raise _no_border(ra, rb)
    crs = local_crs((wx0 + wx1) / 2, (wy0 + wy1) / 2)
    pa = to_metric(shapely.clip_by_rect(ga, wx0, wy0, wx1, wy1), crs)
    pb = to_metric(shapely.clip_by_rect(gb, wx0, wy0, wx1, wy1), crs)
    if pa.is_empty or pb.is_empty or pa.distance(pb) > tol:
        raise _no_border(ra, rb)
    # Canonical order (alphabetical) makes border(a, b) and border(b, a) the same line.
    first, second = (pa, pb) if ra["iso_a3"] <= rb["iso_a3"] else (pb, pa)
    boundary = _lines_only(first.boundary)
    lines = shapely.line_merge(_lines_only(shapely.intersection(boundary, second.buffer(tol, quad_segs=4))))
    if bridge > tol and max_gap > 0 and not lines.is_empty:
        reach = shapely.line_merge(_lines_only(shapely.intersection(boundary, second.buffer(bridge, quad_segs=4))))
        lines = _bridge_gaps(_lines_only(lines), _lines_only(reach), max_gap)
    lines = _drop_short(lines, settings.min_piece_m)
    lonlat = to_lonlat(lines, crs)
    maritime_km = 0.0
    if sea_mask and not lonlat.is_empty:
        land = _remove_sea(lonlat)
        maritime_km = geodesic_length_km(lonlat) - geodesic_length_km(land)
        lonlat = land
    lonlat = _drop_short_lonlat(lonlat, settings.min_piece_m)
    if lonlat.is_empty:
        raise _no_border(ra, rb, at_sea_km=maritime_km)
    lonlat = _orient(lonlat, ra.geometry)
    tripoints = _tripoints(lonlat, frame, {ra["iso_a3"], rb["iso_a3"]}, tol, use_sea=sea_mask)
    return Border(
        a=ra["iso_a3"],
        b=rb["iso_a3"],
        names=(str(ra["name"]), str(rb["name"])),
        geometry=lonlat,
        length_km=geodesic_length_km(lonlat),
        maritime_km=max(0.0, maritime_km),
        tolerance_m=tol,
        tripoints=tuple(tripoints),
    )


def _bridge_gaps(tight: MultiLineString, reach: MultiLineString, max_gap_m: float) -> MultiLineString:
    """Join pieces of ``tight`` lying on one line of ``reach`` when their gap is short.

    Every line of ``reach`` is a continuous stretch of the boundary along which the
    other country stays within the bridging distance; the pieces found on it are
    replaced by the substrings spanning them, split where a gap exceeds ``max_gap_m``.
    """
    import shapely
    from shapely.geometry import MultiLineString, Point
    from shapely.ops import substring

    out: list[LineString] = []
    used = [False] * len(tight.geoms)
    reach_lines = list(reach.geoms)
    tree = shapely.STRtree(reach_lines)
    spans: dict[int, list[tuple[float, float]]] = {}
    for k, piece in enumerate(tight.geoms):
        mid = piece.interpolate(0.5, normalized=True)
        hits = tree.query(mid, predicate="dwithin", distance=1e-6)
        if len(hits) == 0:
            continue
        j = int(hits[0])
        line = reach_lines[j]
        s, e = line.project(Point(piece.coords[0])), line.project(Point(piece.coords[-1]))
        if line.is_closed and abs(e - s) > line.length / 2 and piece.length < line.length / 2:
            continue  # the piece wraps the seam of a closed ring: keep it as it is
        spans.setdefault(j, []).append((min(s, e), max(s, e)))
        used[k] = True
    for j, intervals in spans.items():
        intervals.sort()
        cur_s, cur_e = intervals[0]
        for s, e in intervals[1:]:
            if s - cur_e <= max_gap_m:
                cur_e = max(cur_e, e)
            else:
                out.append(substring(reach_lines[j], cur_s, cur_e))  # type: ignore[arg-type]
                cur_s, cur_e = s, e
        out.append(substring(reach_lines[j], cur_s, cur_e))  # type: ignore[arg-type]
    out.extend(p for k, p in enumerate(tight.geoms) if not used[k])
    return _lines_only(shapely.line_merge(MultiLineString([g for g in out if g.length > 0])))


def _no_border(ra: Any, rb: Any, at_sea_km: float = 0.0) -> NoSharedBorderError:
    from .measures import gap

    if at_sea_km > 0:
        return NoSharedBorderError(
            f"{ra['iso_a3']} and {rb['iso_a3']} share no land border (they meet only at sea, over {at_sea_km:.1f} km)"
        )
    dist = gap(ra.geometry, rb.geometry).distance_km
    return NoSharedBorderError(f"{ra['iso_a3']} and {rb['iso_a3']} share no land border (they are {dist:.1f} km apart)")


def _lines_only(geom: BaseGeometry) -> MultiLineString:
    import shapely
    from shapely.geometry import LineString, MultiLineString

    parts: list[LineString] = []
    for g in shapely.get_parts(geom):
        if isinstance(g, LineString):
            parts.append(g)
        elif isinstance(g, MultiLineString):
            parts.extend(g.geoms)
        elif hasattr(g, "geoms"):
            parts.extend(p for p in g.geoms if isinstance(p, LineString))
    return MultiLineString(parts)


def _drop_short(geom: BaseGeometry, min_m: float) -> MultiLineString:
    from shapely.geometry import MultiLineString

    lines = _lines_only(geom)
    return MultiLineString([g for g in lines.geoms if g.length >= min_m])


def _drop_short_lonlat(geom: BaseGeometry, min_m: float) -> LineString | MultiLineString:
    import shapely
    from shapely.geometry import MultiLineString

    lines = [g for g in _lines_only(geom).geoms if geodesic_length_km(g) * 1000.0 >= min_m]
    merged = shapely.line_merge(MultiLineString(lines)) if lines else MultiLineString()
    return _single_if_possible(merged)


def _single_if_possible(geom: BaseGeometry) -> LineString | MultiLineString:

    lines = _lines_only(geom)
    return lines.geoms[0] if len(lines.geoms) == 1 else lines


def _remove_sea(lonlat: BaseGeometry) -> BaseGeometry:
    import shapely

    parts = _sea_parts(lonlat.bounds)
    if parts is None:
        return lonlat
    for part in parts:
        if not part.is_empty and part.intersects(lonlat):
            lonlat = shapely.difference(lonlat, part)
    return _lines_only(lonlat)


_BUNDLED_SEA_WINDOW = (19.0, 51.0, 33.0, 60.5)
SEAS_FILE_NAME = "geo-maps-earth-seas-10m-0.6.0/map.geo.json"
_TILE = 1.40625  # degrees: 360 / 2**8 and 180 / 2**7


def sea_mask(bounds: tuple[float, float, float, float], *, pad: float = 0.01) -> BaseGeometry | None:
    """The sea polygon (lon/lat) around ``bounds`` = (lon0, lat0, lon1, lat1), or None if unknown.

    Inside the bundled window the bundled mask is used; elsewhere the cached tiles of the
    world sea polygon (see the module notes); None when neither covers ``bounds``.

    Examples
    --------
    >>> sea_mask((20.9, 55.2, 21.0, 55.3)).area > 0  # Baltic off Klaipėda
    True
    """
    import shapely

    parts = _sea_parts(bounds, pad=pad)
    if parts is None:
        return None
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _sea_parts(bounds: tuple[float, float, float, float], *, pad: float = 0.01) -> list[BaseGeometry] | None:
    """Pieces of the sea mask (one per tile) covering ``bounds``; None if no mask covers it."""
    import math

    import shapely

    x0, y0, x1, y1 = bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad
    bx0, by0, bx1, by1 = _BUNDLED_SEA_WINDOW
    if x0 >= bx0 and y0 >= by0 and x1 <= bx1 and y1 <= by1:
        return [shapely.clip_by_rect(load_seas(), x0, y0, x1, y1)]
    tiles = sea_tiles()
    if tiles is None:
        return None
    parts = []
    for i in range(math.floor((x0 + 180) / _TILE), math.floor((x1 + 180) / _TILE) + 1):
        for j in range(math.floor((y0 + 90) / _TILE), math.floor((y1 + 90) / _TILE) + 1):
            tile = tiles.get((i, j))
            if tile is not None:
                parts.append(shapely.clip_by_rect(tile, x0, y0, x1, y1))
    return parts


def _read_any_geometry(path: Path) -> BaseGeometry:
    """Union of the geometries of a GeoJSON file (FeatureCollection, Feature, collection or geometry)."""
    import json

    import shapely
    from shapely.geometry import shape

    data = json.loads(path.read_bytes())
    if data.get("type") == "FeatureCollection":
        geoms = [shape(f["geometry"]) for f in data["features"] if f.get("geometry")]
    elif data.get("type") == "Feature":
        geoms = [shape(data["geometry"])]
    elif data.get("type") == "GeometryCollection":
        geoms = [shape(g) for g in data["geometries"]]
    else:
        geoms = [shape(data)]
    return geoms[0] if len(geoms) == 1 else shapely.GeometryCollection(geoms)


@functools.lru_cache(maxsize=1)
def sea_tiles() -> dict[tuple[int, int], BaseGeometry] | None:
    """The world sea polygon cut into 1.40625° tiles keyed by (column, row); None if not fetched.

    Built once from ``@geo-maps/earth-seas-10m`` in :func:`cache_dir` (quad-tree of
    ``clip_by_rect`` calls, ``make_valid`` on each tile) and cached there as a pickle.
    """
    import pickle

    import shapely

    from ..data.countries import cache_dir

    cache = cache_dir() / "seas-tiles-v2.pkl"
    if cache.is_file():
        with cache.open("rb") as fh:
            raw = pickle.load(fh)
        return {k: shapely.from_wkb(v) for k, v in raw.items()}
    src = cache_dir() / SEAS_FILE_NAME
    if not src.is_file():
        return None
    world_sea = _read_any_geometry(src)
    tiles: dict[tuple[int, int], BaseGeometry] = {}

    def split(geom: BaseGeometry, i0: int, j0: int, ni: int, nj: int) -> None:
        if geom.is_empty:
            return
        if ni == 1 and nj == 1:
            tiles[(i0, j0)] = shapely.make_valid(geom)
            return
        halves_i = [(i0, ni // 2), (i0 + ni // 2, ni - ni // 2)] if ni > 1 else [(i0, 1)]
        halves_j = [(j0, nj // 2), (j0 + nj // 2, nj - nj // 2)] if nj > 1 else [(j0, 1)]
        for ci, cni in halves_i:
            for cj, cnj in halves_j:
                rect = (-180 + ci * _TILE, -90 + cj * _TILE, -180 + (ci + cni) * _TILE, -90 + (cj + cnj) * _TILE)
                split(shapely.clip_by_rect(geom, *rect), ci, cj, cni, cnj)

    split(world_sea, 0, 0, 256, 128)
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as out:
        pickle.dump({k: shapely.to_wkb(v) for k, v in tiles.items()}, out, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return tiles


def _orient(lines: LineString | MultiLineString, country_a: BaseGeometry) -> LineString | MultiLineString:
    """Orient every piece counter-clockwise around ``country_a`` (``a`` on the left); order pieces."""
    from shapely.geometry import LineString, MultiLineString
    from shapely.ops import substring  # noqa: F401  (documented companion of chainage)

    pieces = list(_lines_only(lines).geoms)
    oriented: list[LineString] = []
    for piece in pieces:
        if _a_is_left(piece, country_a):
            oriented.append(piece)
        else:
            oriented.append(LineString(list(piece.coords)[::-1]))
    oriented.sort(key=lambda g: -g.length)
    return oriented[0] if len(oriented) == 1 else MultiLineString(oriented)


def _a_is_left(piece: LineString, country_a: BaseGeometry) -> bool:
    """True if ``country_a`` lies to the left of the line (tested at several points)."""
    import math

    from shapely.geometry import Point

    votes = 0
    coords = list(piece.coords)
    step = max(1, len(coords) // 12)
    for i in range(0, len(coords) - 1, step):
        (x0, y0), (x1, y1) = coords[i][:2], coords[i + 1][:2]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        if norm == 0:
            continue
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        off = 0.002  # degrees, about 150-200 m: beyond the tolerance, inside the country
        left = Point(mx - dy / norm * off, my + dx / norm * off)
        right = Point(mx + dy / norm * off, my - dx / norm * off)
        in_left, in_right = country_a.contains(left), country_a.contains(right)
        votes += int(in_left and not in_right) - int(in_right and not in_left)
    return votes >= 0


def _tripoints(
    lines: LineString | MultiLineString, frame: gpd.GeoDataFrame, pair: set[str], tol_m: float, *, use_sea: bool = True
) -> list[Tripoint]:
    import shapely
    from shapely.geometry import Point

    out: list[Tripoint] = []
    reach = max(3 * tol_m, 500.0)
    for piece in _lines_only(lines).geoms:
        for lon, lat in (piece.coords[0][:2], piece.coords[-1][:2]):
            crs = local_crs(lon, lat)
            p = to_metric(Point(lon, lat), crs)
            near_rows = frame.sindex.query(shapely.box(lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05))
            others = frame.iloc[sorted(near_rows)]
            others = others[~others["iso_a3"].isin(pair)]

            def near(
                geom: BaseGeometry, crs: str = crs, p: BaseGeometry = p, lon: float = lon, lat: float = lat
            ) -> bool:
                local = shapely.clip_by_rect(geom, lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05)
                return not local.is_empty and to_metric(local, crs).distance(p) <= reach

            hits = tuple(sorted(str(r.iso_a3) for r in others.itertuples() if near(r.geometry)))
            sea = sea_mask((lon, lat, lon, lat), pad=0.05) if use_sea and not hits else None
            kind = "tripoint" if hits else ("coast" if sea is not None and near(sea) else "end")
            out.append(Tripoint(lon=round(lon, 6), lat=round(lat, 6), countries=hits, kind=kind))
    return out
