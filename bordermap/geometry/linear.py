"""Linear referencing along a border: chainage (km) -> point, point -> chainage, sections.

Chainage is geodesic (WGS84) km from the start of the border's first line, continuing
through its next lines in stored order (see :mod:`bordermap.geometry.borders` for the
orientation).  The functions here read only ``border.geometry``; they import no other
geometry module but :mod:`~bordermap.geometry.projection`.

Positions follow the one coordinate rule: a shapely Point is (lon, lat); an object with
``latitude``/``longitude`` (a geopy Point or Location) or with ``lat``/``lon`` (a
:class:`bordermap.Place`, a mapping) names its numbers; separate numbers are the keywords
``lat=`` and ``lon=``.  A bare tuple or list is refused (:func:`as_lonlat`): ``(54.5, 25.6)``
could be (lat, lon) or (lon, lat), and reading it the wrong way lands thousands of km away.
"""

from __future__ import annotations

import functools
import math
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exc import ArgumentError
from .projection import geod, geodesic_length_km, local_crs, to_metric

if TYPE_CHECKING:
    import numpy as np
    from shapely.geometry import LineString, MultiLineString, Point
    from shapely.geometry.base import BaseGeometry

    from .borders import Border

_SHORT = reprlib.Repr()
_SHORT.maxstring = 60
_SHORT.maxother = 60


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


def _pieces(border: Border) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per line: its (n, 2) lon/lat coordinates and the chainage (km) of each vertex (read-only arrays)."""
    return list(_pieces_of(border.geometry))


@functools.lru_cache(maxsize=16)
def _pieces_of(geometry: BaseGeometry) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """:func:`_pieces` of a border line, computed once per line (geometries hash and compare by value)."""
    import numpy as np
    import shapely

    out = []
    offset = 0.0
    for line in shapely.get_parts(geometry):
        xy = shapely.get_coordinates(line)
        _, _, d = geod().inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        cum = offset + np.concatenate([[0.0], np.cumsum(np.asarray(d) / 1000.0)])
        xy.flags.writeable = False
        cum.flags.writeable = False
        out.append((xy, cum))
        offset = float(cum[-1])
    return tuple(out)


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


def _pass(keywords: bool) -> str:
    what = "a shapely Point(lon, lat), a geopy Point or an object with lat and lon"
    return what + (", or the keywords lat=..., lon=..." if keywords else "")


def as_lonlat(
    point: Any = None, *, lat: float | None = None, lon: float | None = None, what: str = "point", keywords: bool = True
) -> tuple[float, float]:
    """(lon, lat) of a position given as a point object or as the keywords ``lat=``, ``lon=``.

    Parameters
    ----------
    point : object, optional
        A shapely Point (lon, lat); an object with ``latitude`` and ``longitude`` (geopy
        Point or Location); an object or mapping with ``lat`` and ``lon`` (a
        :class:`bordermap.Place`, a :class:`bordermap.GeocodeResult`, ``{"lat": .., "lon": ..}``).
    lat, lon : float, optional
        WGS84 degrees, instead of ``point``.
    what : str
        The parameter's name, for error messages.
    keywords : bool
        Whether the caller accepts ``lat=``/``lon=`` (only changes the advice in errors).

    Returns
    -------
    tuple of float
        ``(lon, lat)``, as shapely has them.

    Raises
    ------
    ArgumentError
        A bare tuple or list (ambiguous order), a place name (geocode it first), anything
        else, a missing or extra keyword, or numbers out of range.  One line, naming ``what``.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> as_lonlat(Point(25.65, 54.539)) == as_lonlat(lat=54.539, lon=25.65) == (25.65, 54.539)
    True
    >>> as_lonlat((54.539, 25.65))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bordermap.exc.ArgumentError: point=(54.539, 25.65): a bare coordinate pair is ambiguous ...
    """
    from shapely.geometry import Point

    if point is None:
        if lat is None or lon is None:
            given = "lat" if lat is not None else "lon" if lon is not None else None
            if given is None:
                raise ArgumentError(f"{what}: no position given; pass {_pass(keywords)}")
            raise ArgumentError(f"{what}: {given}= given alone; pass both lat= and lon=")
        x, y = lon, lat
    elif lat is not None or lon is not None:
        raise ArgumentError(f"{what}={_SHORT.repr(point)}: give either a point or lat=/lon=, not both")
    elif isinstance(point, Point):
        if point.is_empty:
            raise ArgumentError(f"{what}: an empty Point; pass {_pass(keywords)}")
        x, y = point.x, point.y
    elif hasattr(point, "latitude") and hasattr(point, "longitude"):  # geopy Point / Location
        x, y = point.longitude, point.latitude
    elif isinstance(point, Mapping) and "lat" in point and "lon" in point:
        x, y = point["lon"], point["lat"]
    elif not isinstance(point, (str, bytes)) and hasattr(point, "lat") and hasattr(point, "lon"):
        x, y = point.lon, point.lat
    elif isinstance(point, str):
        raise ArgumentError(
            f"{what}={_SHORT.repr(point)}: a place name; geocode it first (bordermap.geocode(name).place) "
            "and pass that place or its shapely Point(lon, lat)"
        )
    elif isinstance(point, (tuple, list)) or type(point).__name__ == "ndarray":
        raise ArgumentError(
            f"{what}={_SHORT.repr(point)}: a bare coordinate pair is ambiguous ((lat, lon) or (lon, lat)?); "
            f"pass {_pass(keywords)}"
        )
    else:
        raise ArgumentError(f"{what}={_SHORT.repr(point)}: not a position; pass {_pass(keywords)}")
    if isinstance(x, bool) or isinstance(y, bool):
        raise ArgumentError(f"{what}: lat={y!r}, lon={x!r}: coordinates are not numbers")
    try:
        fx, fy = float(x), float(y)
    except (TypeError, ValueError) as err:
        raise ArgumentError(f"{what}: lat={_SHORT.repr(y)}, lon={_SHORT.repr(x)}: coordinates are not numbers") from err
    if not (-90.0 <= fy <= 90.0 and -180.0 <= fx <= 180.0):
        raise ArgumentError(f"{what}: lat={fy:g}, lon={fx:g} out of range (lat -90 to 90, lon -180 to 180)")
    return fx, fy


def project(
    border: Border, point: Any = None, *, lat: float | None = None, lon: float | None = None, what: str = "point"
) -> tuple[float, float]:
    """Chainage (km) of the border point nearest to a position, and the distance to it (km).

    The position is ``point`` or ``lat=``, ``lon=`` (see :func:`as_lonlat`).  The nearest
    point is found in an azimuthal equidistant projection centred on the position (true
    distances from the centre), the distance is geodesic.

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

    x, y = as_lonlat(point, lat=lat, lon=lon, what=what)
    crs = local_crs(lon=x, lat=y)
    best: tuple[float, float] | None = None
    origin = shapely.Point(0.0, 0.0)
    pieces = _pieces(border)
    for (xy, cum), span in zip(pieces, _near_spans(pieces, lon=x, lat=y), strict=True):
        if span is None:
            continue  # no part of this line can be the nearest
        i0, i1 = span
        line = to_metric(LineString(xy[i0 : i1 + 1]), crs)
        d = line.distance(origin)
        if best is not None and d >= best[1]:
            continue
        mxy = shapely.get_coordinates(line)
        mcum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(mxy, axis=0).T))])
        along = line.project(origin)
        i = min(max(int(np.searchsorted(mcum, along, side="right")) - 1, 0), len(mcum) - 2)
        seg = mcum[i + 1] - mcum[i]
        frac = 0.0 if seg <= 0 else (along - mcum[i]) / seg
        best = (float(cum[i0 + i] + frac * (cum[i0 + i + 1] - cum[i0 + i])), d)
    if best is None:
        raise ArgumentError("border has no geometry")
    km = best[0]
    snapped = locate(border, min(max(km, 0.0), _total(pieces)))
    _, _, dist = geod().inv(x, y, snapped.x, snapped.y)
    return km, float(dist) / 1000.0


def distances_to_segments(xy: np.ndarray, geom: BaseGeometry) -> np.ndarray:
    """Planar distance from each point of an ``(n, 2)`` array to the nearest segment of a line geometry.

    The segments (and lone points) of every part of ``geom`` go into a spatial index (STR-tree),
    so that long lines cost ``n log m``, not ``n * m``.  Coordinates in one metric CRS.  A
    geometry with no segment gives ``inf`` everywhere.

    Examples
    --------
    >>> import numpy as np, shapely
    >>> distances_to_segments(np.array([[5.0, 3.0], [0.0, -2.0]]), shapely.LineString([(0, 0), (10, 0)])).tolist()
    [3.0, 2.0]
    """
    import numpy as np
    import shapely

    pieces: list[Any] = []
    for part in shapely.get_parts(geom):
        coords = shapely.get_coordinates(part)
        if len(coords) == 1:
            pieces.append(shapely.points(coords))
        elif len(coords) > 1:
            pieces.append(shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1)))
    out = np.full(len(xy), np.inf)
    if not pieces or not len(xy):
        return out
    tree = shapely.STRtree(np.concatenate(pieces))
    which, dist = tree.query_nearest(shapely.points(xy), return_distance=True, all_matches=False)
    out[which[0]] = dist
    return out


def _near_spans(pieces: list[tuple[np.ndarray, np.ndarray]], *, lon: float, lat: float) -> list[tuple[int, int] | None]:
    """Per line, the range of vertices (first, last) that can hold the point nearest to (lon, lat); None: none.

    A cheap bound, so that :func:`project` projects a stretch, not the whole border: vertex
    distances on the sphere by the equirectangular formula (longitudes wrapped), within a few
    per cent of the geodesic ones below 3,000 km and 70° of latitude.  The nearest point lies on
    a segment with an end within the nearest vertex's distance plus half the longest segment;
    every segment with an end within 1.2 times that plus 1 km is kept.  Far away or near the
    poles, whole lines are kept.
    """
    import numpy as np

    km_per_deg = 111.195
    near: list[np.ndarray] = []
    longest = 0.0
    closest = math.inf
    for xy, _ in pieces:
        dx = ((xy[:, 0] - lon + 180.0) % 360.0 - 180.0) * np.cos(np.radians((xy[:, 1] + lat) / 2.0))
        d = km_per_deg * np.hypot(dx, xy[:, 1] - lat)
        near.append(d)
        if len(d) > 1:
            seg = km_per_deg * np.hypot(np.diff(dx), np.diff(xy[:, 1]))
            longest = max(longest, float(seg.max()))
        closest = min(closest, float(d.min()) if len(d) else math.inf)
    whole = [(0, len(xy) - 1) if len(xy) else None for xy, _ in pieces]
    if (
        not math.isfinite(closest)
        or closest > 3000.0
        or abs(lat) > 70.0
        or bool(any(np.abs(xy[:, 1]).max() > 70.0 for xy, _ in pieces if len(xy)))
    ):
        return whole
    reach = 1.2 * (closest + longest / 2.0) + 1.0
    spans: list[tuple[int, int] | None] = []
    for d in near:
        idx = np.flatnonzero(d <= reach)
        if not len(idx):
            spans.append(None)
            continue
        spans.append((max(int(idx[0]) - 1, 0), min(int(idx[-1]) + 1, len(d) - 1)))
    return spans


def project_many(border: Border, *, lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    """:func:`project` for many positions at once: chainage (km) and geodesic distance (km) of each.

    All positions and the border are projected once, into an azimuthal equidistant projection
    centred on the border (nearest points and chainage from it; distances geodesic), so that a
    fence line of 10,000 vertices costs one pass, not 10,000 projections of the border.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> p, q = b.locate(100), b.locate(200)
    >>> km, d = project_many(b, lon=[p.x, q.x], lat=[p.y, q.y])
    >>> [round(float(k), 1) for k in km], [round(float(x), 3) for x in d]
    ([100.0, 200.0], [0.0, 0.0])
    """
    import numpy as np
    import shapely

    from .projection import _transformers

    x = np.asarray(lon, dtype=np.float64).ravel()
    y = np.asarray(lat, dtype=np.float64).ravel()
    if x.shape != y.shape or not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ArgumentError("project_many: lon and lat must be finite numbers of the same length")
    pieces = _pieces(border)
    if not pieces:
        raise ArgumentError("border has no geometry")
    bx0, by0, bx1, by1 = border.geometry.bounds
    fwd, inv = _transformers(local_crs(lon=(bx0 + bx1) / 2, lat=(by0 + by1) / 2))
    px, py = fwd(x, y)
    p = np.column_stack([px, py])
    # every segment of every line, projected once; the nearest segment of each point from an R-tree
    starts, ends, c0, c1 = [], [], [], []
    for xy, cum in pieces:
        mx, my = fwd(xy[:, 0], xy[:, 1])
        mxy = np.column_stack([mx, my])
        starts.append(mxy[:-1])
        ends.append(mxy[1:])
        c0.append(cum[:-1])
        c1.append(cum[1:])
    sa, sb, k0, k1 = (np.concatenate(v) for v in (starts, ends, c0, c1))
    tree = shapely.STRtree(np.asarray(shapely.linestrings(np.stack([sa, sb], axis=1)), dtype=object))
    which, seg = tree.query_nearest(shapely.points(p), all_matches=False)
    order = np.argsort(which)
    seg = seg[order]
    a0, ab = sa[seg], sb[seg] - sa[seg]
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.einsum("ij,ij->i", p - a0, ab) / np.where(denom > 0, denom, 1.0), 0.0, 1.0)
    near = a0 + t[:, None] * ab
    best_km = k0[seg] + t * (k1[seg] - k0[seg])
    near_x, near_y = near[:, 0], near[:, 1]
    slon, slat = inv(near_x, near_y)
    _, _, dist = geod().inv(x, y, np.asarray(slon), np.asarray(slat))
    return best_km, np.asarray(dist) / 1000.0


def to_km(border: Border, where: Any, what: str) -> tuple[float, bool]:
    """Chainage of a km value or a point; second item True if it was a point (snapped).

    A place name is refused: geocode it first and pass the point (geometry never geocodes).
    """
    if isinstance(where, (int, float)) and not isinstance(where, bool):
        return _check_km(where, _total(_pieces(border)), what), False
    if isinstance(where, bool):
        raise ArgumentError(f"{what}={where!r}: expected a number of km along the border or a point")
    return project(border, where, what=what)[0], True


def section(border: Border, start: Any, end: Any, *, label: str = "") -> Section:
    """The stretch of ``border`` between two chainages (km) or two points.

    See :meth:`Border.section`.

    Examples
    --------
    >>> import bordermap
    >>> from shapely.geometry import Point
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> s = section(b, Point(25.75, 54.60), Point(25.65, 54.539))  # Šumskas, Medininkai
    >>> s.start_km < s.end_km and abs(s.length_km - (s.end_km - s.start_km)) < 1e-6
    True
    """
    s_km, s_snap = to_km(border, start, "start")
    e_km, e_snap = to_km(border, end, "end")
    if s_snap or e_snap:
        s_km, e_km = min(s_km, e_km), max(s_km, e_km)
    elif e_km < s_km:
        raise ArgumentError(f"section {s_km:g}–{e_km:g} km is reversed: start must not exceed end")
    geom = _substring(border, s_km, e_km)
    return Section(geometry=geom, start_km=s_km, end_km=e_km, length_km=geodesic_length_km(geom), label=label)


def _substring(border: Border, s_km: float, e_km: float) -> LineString | MultiLineString:
    import numpy as np
    from shapely.geometry import LineString, MultiLineString

    parts: list[LineString] = []
    for xy, cum in _pieces(border):
        lo, hi = max(s_km, cum[0]), min(e_km, cum[-1])
        if hi < lo or (hi == lo and s_km != e_km):
            continue
        inner = xy[(cum > lo) & (cum < hi)]
        coords = np.vstack([_point_at(xy, cum, lo), inner, _point_at(xy, cum, hi)])
        parts.append(LineString(coords))
    if not parts:
        return LineString()
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def complement(border: Border, sections: list[Section]) -> list[Section]:
    """The stretches of ``border`` covered by none of ``sections``, in chainage order."""
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
