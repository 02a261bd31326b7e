"""Linear referencing along a border: chainage (km) -> point, point -> chainage, sections.

Chainage is geodesic (WGS84) km from the start of the border's first line, continuing
through its next lines in stored order (see :mod:`bordermap.border` for the orientation).
Points are shapely Points in (lon, lat) order or tuples in (lat, lon) order.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..exc import ArgumentError
from .projection import geod, local_crs, to_lonlat, to_metric

if TYPE_CHECKING:
    import numpy as np
    from shapely.geometry import LineString, MultiLineString, Point

    from .borders import Border, Section


def _pieces(border: Border) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per line: its (n, 2) lon/lat coordinates and the chainage (km) of each vertex."""
    import numpy as np
    import shapely

    out = []
    offset = 0.0
    for line in shapely.get_parts(border.geometry):
        xy = shapely.get_coordinates(line)
        _, _, d = geod().inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        cum = offset + np.concatenate([[0.0], np.cumsum(np.asarray(d) / 1000.0)])
        out.append((xy, cum))
        offset = float(cum[-1])
    return out


def _total(pieces: list[tuple[np.ndarray, np.ndarray]]) -> float:
    return float(pieces[-1][1][-1]) if pieces else 0.0


def _check_km(km: Any, total: float, what: str) -> float:
    if isinstance(km, bool) or not isinstance(km, (int, float)) or math.isnan(km):
        raise ArgumentError(f"{what}={km!r}: must be a number of km along the border")
    eps = 1e-9 * max(1.0, total)
    if km < -eps or km > total + eps:
        raise ArgumentError(f"{what}={km:g} km: outside the border (0 to {total:.3f} km)")
    return min(max(float(km), 0.0), total)


def _point_at(xy: np.ndarray, cum: np.ndarray, km: float) -> tuple[float, float]:
    """(lon, lat) at chainage ``km`` on one line (geodesic interpolation within the segment)."""
    import numpy as np

    i = int(np.searchsorted(cum, km, side="right")) - 1
    i = min(max(i, 0), len(cum) - 2)
    seg = cum[i + 1] - cum[i]
    if seg <= 0:
        return float(xy[i, 0]), float(xy[i, 1])
    az, _, _ = geod().inv(xy[i, 0], xy[i, 1], xy[i + 1, 0], xy[i + 1, 1])
    lon, lat, _ = geod().fwd(xy[i, 0], xy[i, 1], az, (km - cum[i]) * 1000.0)
    return float(lon), float(lat)


def locate(border: Border, km: float) -> Point:
    """The point (lon, lat) at chainage ``km``; see :meth:`Border.locate`.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> p = locate(b, b.length_km)
    >>> round(p.y, 1), round(p.x, 1)
    (55.7, 26.6)
    """
    from shapely.geometry import Point

    pieces = _pieces(border)
    total = _total(pieces)
    km = _check_km(km, total, "km")
    for xy, cum in pieces:
        if km <= cum[-1] + 1e-12:
            return Point(*_point_at(xy, cum, km))
    xy, cum = pieces[-1]
    return Point(*_point_at(xy, cum, km))


def as_lonlat(point: Any, what: str = "point") -> tuple[float, float]:
    """(lon, lat) of a shapely Point (lon, lat) or a ``(lat, lon)`` tuple; ValueError otherwise."""
    from shapely.geometry import Point

    if isinstance(point, Point):
        lon, lat = point.x, point.y
    elif isinstance(point, (tuple, list)) and len(point) == 2:
        lat, lon = point
    else:
        raise ArgumentError(f"{what}={point!r}: expected a shapely Point (lon, lat) or a (lat, lon) tuple")
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError) as err:
        raise ArgumentError(f"{what}={point!r}: coordinates are not numbers") from err
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ArgumentError(f"{what}={point!r}: (lat, lon) out of range")
    return lon, lat


def project(border: Border, point: Any) -> tuple[float, float]:
    """Chainage (km) of the border point nearest to ``point``, and the distance to it (km).

    The nearest point is found in an azimuthal equidistant projection centred on
    ``point`` (true distances from the centre), the distance is geodesic.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> km, d = project(b, b.locate(200))
    >>> round(km, 3), round(d, 3)
    (200.0, 0.0)
    """
    import numpy as np
    import shapely
    from shapely.geometry import LineString

    lon, lat = as_lonlat(point)
    crs = local_crs(lon, lat)
    best: tuple[float, float] | None = None
    origin = shapely.Point(0.0, 0.0)
    for xy, cum in _pieces(border):
        line = to_metric(LineString(xy), crs)
        d = line.distance(origin)
        if best is not None and d >= best[1]:
            continue
        mxy = shapely.get_coordinates(line)
        mcum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(mxy, axis=0).T))])
        along = line.project(origin)
        i = min(max(int(np.searchsorted(mcum, along, side="right")) - 1, 0), len(mcum) - 2)
        seg = mcum[i + 1] - mcum[i]
        frac = 0.0 if seg <= 0 else (along - mcum[i]) / seg
        best = (float(cum[i] + frac * (cum[i + 1] - cum[i])), d)
    if best is None:
        raise ArgumentError("border has no geometry")
    km = best[0]
    snapped = locate(border, min(max(km, 0.0), _total(_pieces(border))))
    _, _, dist = geod().inv(lon, lat, snapped.x, snapped.y)
    return km, float(dist) / 1000.0


def to_km(border: Border, where: Any, what: str) -> tuple[float, bool]:
    """Chainage of a km value, point or place name; second item True if it was snapped."""
    if isinstance(where, str):
        from ..text.geocoding import geocode

        res = geocode(where)
        return project(border, (res.lat, res.lon))[0], True
    if isinstance(where, (int, float)) and not isinstance(where, bool):
        return _check_km(where, _total(_pieces(border)), what), False
    if isinstance(where, bool):
        raise ArgumentError(f"{what}={where!r}: expected km, a point or a place name")
    return project(border, as_lonlat(where, what))[0], True


def section(border: Border, start: Any, end: Any, *, label: str = "") -> Section:
    """The stretch of ``border`` between two chainages, points or place names.

    See :meth:`Border.section`.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> s = section(b, "Medininkai", "Šumskas")
    >>> s.start_km < s.end_km and abs(s.length_km - (s.end_km - s.start_km)) < 1e-6
    True
    """
    from .borders import Section

    s_km, s_snap = to_km(border, start, "start_km")
    e_km, e_snap = to_km(border, end, "end_km")
    if s_snap or e_snap:
        s_km, e_km = min(s_km, e_km), max(s_km, e_km)
    elif e_km < s_km:
        raise ArgumentError(f"section {s_km:g}–{e_km:g} km is reversed: start_km must not exceed end_km")
    geom = _substring(border, s_km, e_km)
    from .projection import geodesic_length_km

    return Section(geometry=geom, start_km=s_km, end_km=e_km, length_km=geodesic_length_km(geom), label=label)


def _substring(border: Border, s_km: float, e_km: float) -> LineString | MultiLineString:
    from shapely.geometry import LineString, MultiLineString

    parts: list[LineString] = []
    for xy, cum in _pieces(border):
        lo, hi = max(s_km, cum[0]), min(e_km, cum[-1])
        if hi < lo or (hi == lo and s_km != e_km):
            continue
        inner = [tuple(p) for p, c in zip(xy, cum, strict=True) if lo < c < hi]
        coords = [_point_at(xy, cum, lo), *inner, _point_at(xy, cum, hi)]
        parts.append(LineString(coords))
    if not parts:
        return LineString()
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def complement(border: Border, sections: list[Section]) -> list[Section]:
    """The stretches of ``border`` covered by none of ``sections``, in chainage order."""
    from .borders import Section
    from .projection import geodesic_length_km

    total = _total(_pieces(border))
    spans = sorted((s.start_km, s.end_km) for s in sections)
    out: list[Section] = []
    pos = 0.0
    for s, e in [*spans, (total, total)]:
        if s > pos + 1e-9:
            g = _substring(border, pos, s)
            out.append(Section(g, pos, s, geodesic_length_km(g), "uncovered"))
        pos = max(pos, e)
    return out


def vertex_to_lonlat(x: float, y: float, crs: str) -> tuple[float, float]:
    """Helper: a metric (x, y) in ``crs`` back to (lon, lat)."""
    from shapely.geometry import Point

    p = to_lonlat(Point(x, y), crs)
    return p.x, p.y  # type: ignore[attr-defined]
