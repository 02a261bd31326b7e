"""Shared borders between two countries.

A border is extracted from two country polygons whose vertices need not coincide:
the boundary of one country is kept where it lies within ``tolerance_m`` metres of
the other country (computed in a local azimuthal equidistant projection, so the
tolerance is in metres everywhere).  Pieces at sea (a maritime boundary between
territorial waters) are removed with the sea mask and reported separately; slivers
shorter than :data:`settings.min_piece_m` are dropped.  Lengths are geodesic (WGS84).

Orientation: the border line runs with country ``a`` on its left, i.e. in the
counter-clockwise direction around ``a``; chainage (km) counts from the start of
that line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import settings
from ._errors import NoSharedBorderError
from .data import country_row, load_countries, load_seas
from .projection import geodesic_length_km, local_crs, to_lonlat, to_metric

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry import LineString, MultiLineString
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
class Border:
    """The land border shared by countries ``a`` and ``b``.

    Attributes
    ----------
    a, b : str
        ISO alpha-3 codes; the line runs with ``a`` on its left.
    names : tuple of str
        English names of ``a`` and ``b``.
    geometry : shapely LineString or MultiLineString
        The border in EPSG:4326, coordinates in (lon, lat) order.
    length_km : float
        Geodesic length on the WGS84 ellipsoid.
    maritime_km : float
        Length dropped because it lies at sea (boundary between territorial waters).
    tolerance_m : float
        The tolerance used for the extraction.
    tripoints : tuple of Tripoint
        What lies at the ends of the line(s).
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


def _resolve_pair(a: str, b: str, countries: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, Any, Any]:
    frame = load_countries() if countries is None else countries
    ra, rb = country_row(frame, a), country_row(frame, b)
    if ra["iso_a3"] == rb["iso_a3"]:
        raise NoSharedBorderError(f"{a!r} and {b!r} are the same country ({ra['iso_a3']})")
    return frame, ra, rb


def _check_tolerance(tolerance_m: float) -> float:
    import math

    if not isinstance(tolerance_m, (int, float)) or math.isnan(tolerance_m) or tolerance_m <= 0:
        raise ValueError(f"tolerance_m={tolerance_m!r}: must be a positive number of metres")
    return float(tolerance_m)


def shared_border(
    a: str,
    b: str,
    countries: gpd.GeoDataFrame | None = None,
    *,
    tolerance_m: float | None = None,
    sea_mask: bool = True,
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
        Remove the parts that lie at sea (bundled sea mask; covers the bundled window).

    Returns
    -------
    Border

    Raises
    ------
    UnknownCountryError
        ``a`` or ``b`` is not in the dataset.
    NoSharedBorderError
        The countries are the same, or share no land border (the message gives their distance).

    Examples
    --------
    >>> import bordermap
    >>> border = bordermap.shared_border("LTU", "BLR")
    >>> 660 < border.length_km < 690
    True
    """
    import shapely
    from shapely.geometry import box

    tol = _check_tolerance(settings.tolerance_m if tolerance_m is None else tolerance_m)
    frame, ra, rb = _resolve_pair(a, b, countries)
    ga, gb = ra.geometry, rb.geometry
    # Work in a window around where the two countries can meet.
    ax0, ay0, ax1, ay1 = ga.bounds
    bx0, by0, bx1, by1 = gb.bounds
    pad = 0.05
    wx0, wy0 = max(ax0, bx0) - pad, max(ay0, by0) - pad
    wx1, wy1 = min(ax1, bx1) + pad, min(ay1, by1) + pad
    if wx0 > wx1 or wy0 > wy1:
        raise _no_border(ra, rb)
    crs = local_crs((wx0 + wx1) / 2, (wy0 + wy1) / 2)
    window = box(wx0, wy0, wx1, wy1)
    pa = to_metric(shapely.clip_by_rect(ga, wx0, wy0, wx1, wy1), crs)
    pb = to_metric(shapely.clip_by_rect(gb, wx0, wy0, wx1, wy1), crs)
    if pa.is_empty or pb.is_empty or pa.distance(pb) > tol:
        raise _no_border(ra, rb)
    # Canonical order (alphabetical) makes border(a, b) and border(b, a) the same line.
    first, second = (pa, pb) if ra["iso_a3"] <= rb["iso_a3"] else (pb, pa)
    boundary = shapely.intersection(first.boundary, window_metric := to_metric(window, crs))
    raw = shapely.intersection(boundary, second.buffer(tol, quad_segs=4))
    lines = _lines_only(raw)
    lines = shapely.line_merge(lines)
    lines = _drop_short(lines, settings.min_piece_m)
    del window_metric
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
    tripoints = _tripoints(lonlat, frame, {ra["iso_a3"], rb["iso_a3"]}, tol)
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


def _no_border(ra: Any, rb: Any, at_sea_km: float = 0.0) -> NoSharedBorderError:
    from .measure import gap

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

    sea = load_seas()
    x0, y0, x1, y1 = lonlat.bounds
    local_sea = shapely.clip_by_rect(sea, x0 - 0.01, y0 - 0.01, x1 + 0.01, y1 + 0.01)
    if local_sea.is_empty:
        return lonlat
    return _lines_only(shapely.difference(lonlat, local_sea))


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
    lines: LineString | MultiLineString, frame: gpd.GeoDataFrame, pair: set[str], tol_m: float
) -> list[Tripoint]:
    import shapely
    from shapely.geometry import Point

    out: list[Tripoint] = []
    others = frame[~frame["iso_a3"].isin(pair)]
    reach = max(3 * tol_m, 500.0)
    for piece in _lines_only(lines).geoms:
        for lon, lat in (piece.coords[0][:2], piece.coords[-1][:2]):
            crs = local_crs(lon, lat)
            p = to_metric(Point(lon, lat), crs)

            def near(geom: BaseGeometry, crs: str = crs, p: Point = p, lon: float = lon, lat: float = lat) -> bool:
                local = shapely.clip_by_rect(geom, lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05)
                return not local.is_empty and to_metric(local, crs).distance(p) <= reach

            hits = tuple(sorted(str(r.iso_a3) for r in others.itertuples() if near(r.geometry)))
            kind = "tripoint" if hits else ("coast" if near(load_seas()) else "end")
            out.append(Tripoint(lon=round(lon, 6), lat=round(lat, 6), countries=hits, kind=kind))
    return out
