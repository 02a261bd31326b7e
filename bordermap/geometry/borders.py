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

Sea mask: see :mod:`bordermap.geometry.seas` (bundled mask in the Baltic window, cached
tiles of the world sea polygon elsewhere).

Orientation: every line runs with country ``a`` on its left, i.e. in the
counter-clockwise direction around ``a``; when the border has several lines they are
stored longest first.  Chainage (km along the border, :meth:`Border.locate`,
:meth:`Border.project`, :meth:`Border.section`) counts geodesic km from the start
of the first line and continues through the next lines in stored order (the gaps
between lines are not counted).  ``shared_border(b, a)`` is the same line reversed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import settings
from ..data.antimeridian import cut_at_antimeridian
from ..data.countries import country_row, load_countries
from ..exc import NoSharedBorderError
from . import linear, seas
from ._metres import check_metres as check_metres
from .linear import Section as Section
from .projection import geodesic_length_km, local_crs, shortest_link, to_lonlat, to_metric, to_metric_area

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
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

    @property
    def point(self) -> Point:
        """The end as a shapely Point (lon, lat)."""
        from shapely.geometry import Point

        return Point(self.lon, self.lat)


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
        Length of the shared boundary that lies at sea (between territorial waters): dropped from
        ``geometry`` and ``length_km`` by the sea mask (the default); with ``sea_mask=False`` it is
        kept in them, and this is how much of ``length_km`` is at sea.
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
        """The point (lon, lat) at chainage ``km`` (geodesic km from the start, see the module notes).

        Raises
        ------
        ArgumentError
            ``km`` is NaN or outside ``[0, length_km]``.

        Examples
        --------
        >>> import bordermap
        >>> b = bordermap.shared_border("LTU", "BLR")
        >>> p = b.locate(0)
        >>> (round(p.x, 2), round(p.y, 2)) == (round(b.tripoints[0].lon, 2), round(b.tripoints[0].lat, 2))
        True
        """
        return linear.locate(self, km)

    def project(self, point: Any = None, *, lat: float | None = None, lon: float | None = None) -> tuple[float, float]:
        """Snap a position onto the border: ``(km, distance_km)``.

        Parameters
        ----------
        point : shapely Point (lon, lat), geopy Point/Location, or an object with ``lat`` and ``lon``
            E.g. a :class:`bordermap.Place`.  A bare tuple or list is refused (its order is
            ambiguous), a place name too (geocode it first).
        lat, lon : float, optional
            WGS84 degrees, instead of ``point``.

        Returns
        -------
        tuple of float
            Chainage of the nearest border point and the geodesic distance to it (km).

        Raises
        ------
        ArgumentError
            Not a position (see :func:`bordermap.geometry.linear.as_lonlat`) or out of range.

        Examples
        --------
        >>> import bordermap
        >>> b = bordermap.shared_border("LTU", "BLR")
        >>> km, dist = b.project(lat=54.539, lon=25.65)  # Medininkai
        >>> 0 < km < b.length_km and dist < 5
        True
        """
        return linear.project(self, point, lat=lat, lon=lon)

    def section(self, start: Any, end: Any, *, label: str = "") -> Section:
        """The stretch between two chainages (km) or two points.

        ``start`` and ``end`` may each be a number (km along the border) or a point as
        :meth:`project` takes it (snapped onto the border).  Points are ordered along the
        border; numbers must satisfy ``0 <= start <= end <= length_km``.  A place name is
        refused: geocode it first (``bordermap.geocode(name).place``) and pass the place.

        Raises
        ------
        ArgumentError
            NaN, out-of-range or reversed chainages; a place name, tuple or other non-position.

        Examples
        --------
        >>> import bordermap
        >>> b = bordermap.shared_border("LTU", "BLR")
        >>> round(b.section(100, 150).length_km, 3)
        50.0
        """
        return linear.section(self, start, end, label=label)


def _resolve_pair(a: str, b: str, countries: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, Any, Any]:
    frame = load_countries() if countries is None else countries
    ra, rb = country_row(frame, a), country_row(frame, b)
    if ra["iso_a3"] == rb["iso_a3"]:
        raise NoSharedBorderError(f"{a!r} and {b!r} are the same country ({ra['iso_a3']})")
    return frame, ra, rb


def within_distance(a: BaseGeometry, b: BaseGeometry, distance: float) -> bool:
    """True if two (multi)polygons come within ``distance`` (in their coordinate units) of each other.

    Exact, and fast on detailed country polygons where GEOS's ``distance``/``dwithin`` can take
    seconds: a bounding-box test, then ``intersects`` (touching neighbours), then the vertices of
    each near the other's bounding box against the other's boundary segments (the least distance
    between two polylines is reached at a vertex of one of them).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> within_distance(box(0, 0, 1, 1), box(1.005, 0, 2, 1), 0.01)
    True
    >>> within_distance(box(0, 0, 1, 1), box(1.02, 0, 2, 1), 0.01)
    False
    """
    import shapely

    ax0, ay0, ax1, ay1 = a.bounds
    bx0, by0, bx1, by1 = b.bounds
    if ax0 > bx1 + distance or bx0 > ax1 + distance or ay0 > by1 + distance or by0 > ay1 + distance:
        return False
    if shapely.intersects(a, b):
        return True
    return _vertices_near(a, b, distance) or _vertices_near(b, a, distance)


def _vertices_near(a: BaseGeometry, b: BaseGeometry, distance: float) -> bool:
    """True if a vertex of ``a`` lies within ``distance`` of a boundary segment of ``b``."""
    import numpy as np
    import shapely

    x0, y0, x1, y1 = b.bounds
    xy = shapely.get_coordinates(a)
    xy = xy[(xy[:, 0] >= x0 - distance) & (xy[:, 0] <= x1 + distance)]
    xy = xy[(xy[:, 1] >= y0 - distance) & (xy[:, 1] <= y1 + distance)]
    if not len(xy):
        return False
    segs = []
    for ring in shapely.get_rings(shapely.get_parts(b)):
        c = shapely.get_coordinates(ring)
        segs.append(np.stack([c[:-1], c[1:]], axis=1))
    tree = shapely.STRtree(np.asarray(shapely.points(xy)))
    hits = tree.query(shapely.linestrings(np.concatenate(segs)), predicate="dwithin", distance=distance)
    return bool(hits.shape[1])


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
        As returned by :func:`load_countries`; default the bundled world.
    tolerance_m : float, optional
        How far apart (metres) the two boundaries may lie and still count as shared;
        default :data:`settings.tolerance_m` (50 m).
    sea_mask : bool
        Remove the parts that lie at sea (see the module notes for the mask used); False keeps
        them in the line and its length, and ``maritime_km`` says how much of it is at sea.
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

    tol = check_metres(settings.tolerance_m if tolerance_m is None else tolerance_m)
    bridge = check_metres(bridge_m, name="bridge_m", allow_zero=True)
    max_gap = check_metres(max_gap_m, name="max_gap_m", allow_zero=True)
    frame, ra, rb = _resolve_pair(a, b, countries)
    ga, gb = ra.geometry, rb.geometry
    across = _at_antimeridian(ga) and _at_antimeridian(gb)
    if across:  # both reach 180° from either side: work in 0..360° so that the window is continuous
        ga, gb = _eastward(ga), _eastward(gb)
    # Work in a window around where the two countries can meet.
    ax0, ay0, ax1, ay1 = ga.bounds
    bx0, by0, bx1, by1 = gb.bounds
    pad = 0.1
    wx0, wy0 = max(ax0, bx0) - pad, max(ay0, by0) - pad
    wx1, wy1 = min(ax1, bx1) + pad, min(ay1, by1) + pad
    if wx0 > wx1 or wy0 > wy1:
        raise _no_border(ra, rb)
    crs = local_crs(lon=(wx0 + wx1) / 2, lat=(wy0 + wy1) / 2)
    pa = to_metric_area(shapely.clip_by_rect(ga, wx0, wy0, wx1, wy1), crs)
    pb = to_metric_area(shapely.clip_by_rect(gb, wx0, wy0, wx1, wy1), crs)
    if pa.is_empty or pb.is_empty or pa.distance(pb) > tol:
        raise _no_border(ra, rb)
    # Canonical order (alphabetical) makes border(a, b) and border(b, a) the same line.
    first, second = (pa, pb) if ra["iso_a3"] <= rb["iso_a3"] else (pb, pa)
    boundary = _lines_only(first.boundary)
    lines = shapely.line_merge(_lines_only(shapely.intersection(boundary, second.buffer(tol, quad_segs=4))))
    if bridge > tol and max_gap > 0 and not lines.is_empty:
        # Where the other country stays within the bridging distance: a coarse test (it only decides
        # which gaps to bridge; the line kept is ``boundary``'s own), so ``second`` is first simplified
        # by 2.5 % of that distance, which makes the buffer several times faster.
        coarse = shapely.simplify(second, 0.025 * bridge)
        reach = shapely.line_merge(_lines_only(shapely.intersection(boundary, coarse.buffer(bridge, quad_segs=4))))
        lines = _bridge_gaps(_lines_only(lines), _lines_only(reach), max_gap)
    lines = _drop_short(lines, settings.min_piece_m)
    lonlat = to_lonlat(lines, crs)
    if across:
        lonlat = _cut_at_antimeridian(_eastward(lonlat))
    maritime_km = 0.0
    if not lonlat.is_empty:  # measured with the mask off too: then the part of length_km at sea
        land = _remove_sea(lonlat)
        maritime_km = geodesic_length_km(lonlat) - geodesic_length_km(land)
        if sea_mask:
            lonlat = land
    lonlat = _drop_short_lonlat(lonlat, settings.min_piece_m)
    if lonlat.is_empty:
        raise _no_border(ra, rb, at_sea_km=maritime_km)
    lonlat = _orient(lonlat, ra.geometry)
    tripoints = _tripoints(lonlat, frame, {ra["iso_a3"], rb["iso_a3"]}, tol, use_sea=sea_mask)
    if across:  # the cut at 180° is no end of the border
        tripoints = [t for t in tripoints if abs(abs(t.lon) - 180.0) > 1e-9]
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


def _at_antimeridian(geom: BaseGeometry) -> bool:
    """Whether a (lon, lat) geometry has parts on both sides of 180° that reach it (as RFC 7946 splits them)."""
    x0, _, x1, _ = geom.bounds
    return bool(x0 <= -179.99 and x1 >= 179.99)


def _eastward(geom: BaseGeometry) -> BaseGeometry:
    """Western longitudes (< 0) moved by +360°: a geometry split at 180° made continuous (lon 0 to 360)."""
    import numpy as np
    import shapely

    def shift(xy: np.ndarray) -> np.ndarray:
        out = xy.copy()
        out[:, 0] = np.where(out[:, 0] < 0, out[:, 0] + 360.0, out[:, 0])
        return out

    return shapely.transform(geom, shift)


def _cut_at_antimeridian(lines: BaseGeometry) -> BaseGeometry:
    """Lines in 0..360° of longitude cut at 180° and brought back to -180..180° (RFC 7946)."""
    import shapely

    parts = cut_at_antimeridian(lines)
    return _lines_only(shapely.union_all(parts)) if parts else lines


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
        if piece.is_closed:
            continue  # a whole ring (an enclave's outline, e.g. Vatican City in Italy): nothing to bridge
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
    if at_sea_km > 0:
        return NoSharedBorderError(
            f"{ra['iso_a3']} and {rb['iso_a3']} share no land border (they meet only at sea, over {at_sea_km:.1f} km)"
        )
    dist, _ = shortest_link(ra.geometry, rb.geometry)
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
    # a difference can leave empty pieces (a border wholly at sea): MultiLineString refuses them
    return MultiLineString([g for g in parts if not g.is_empty])


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

    for part in seas.sea_parts(lonlat.bounds):
        if not part.is_empty and part.intersects(lonlat):
            lonlat = shapely.difference(lonlat, part)
    return _lines_only(lonlat)


def _orient(lines: LineString | MultiLineString, country_a: BaseGeometry) -> LineString | MultiLineString:
    """Orient every piece counter-clockwise around ``country_a`` (``a`` on the left); order pieces."""
    import shapely
    from shapely.geometry import LineString, MultiLineString

    pieces = list(_lines_only(lines).geoms)
    oriented: list[LineString] = []
    for piece in pieces:
        if _a_is_left(piece, country_a):
            oriented.append(piece)
        else:
            oriented.append(LineString(shapely.get_coordinates(piece)[::-1]))
    oriented.sort(key=lambda g: -g.length)
    return oriented[0] if len(oriented) == 1 else MultiLineString(oriented)


def _a_is_left(piece: LineString, country_a: BaseGeometry) -> bool:
    """True if ``country_a`` lies to the left of the line (tested at several points)."""
    import numpy as np
    import shapely

    coords = shapely.get_coordinates(piece)
    step = max(1, len(coords) // 12)
    starts = np.arange(0, len(coords) - 1, step)
    d = coords[starts + 1] - coords[starts]
    norm = np.hypot(d[:, 0], d[:, 1])
    ok = norm != 0
    mid, d, norm = ((coords[starts] + coords[starts + 1]) / 2)[ok], d[ok], norm[ok]
    off = 0.002  # degrees, about 150-200 m: beyond the tolerance, inside the country
    nx, ny = -d[:, 1] / norm * off, d[:, 0] / norm * off  # the left normal
    in_left = shapely.contains_xy(country_a, mid[:, 0] + nx, mid[:, 1] + ny)
    in_right = shapely.contains_xy(country_a, mid[:, 0] - nx, mid[:, 1] - ny)
    votes = int(np.sum(in_left & ~in_right)) - int(np.sum(in_right & ~in_left))
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
            crs = local_crs(lon=lon, lat=lat)
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
            sea = seas.sea_mask((lon, lat, lon, lat), pad=0.05) if use_sea and not hits else None
            kind = "tripoint" if hits else ("coast" if sea is not None and near(sea) else "end")
            out.append(Tripoint(lon=round(lon, 6), lat=round(lat, 6), countries=hits, kind=kind))
    return out
