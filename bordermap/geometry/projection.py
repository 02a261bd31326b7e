"""Projections: a local metric CRS for a region, geodesic lengths and distances (WGS84).

The bottom of the geometry layer: it imports no other bordermap module.  Positions given as
separate numbers are keywords (``lon=``, ``lat=``); geometries are (lon, lat) as shapely has them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from pyproj import Geod
    from shapely.geometry import LineString
    from shapely.geometry.base import BaseGeometry

    Coords = npt.NDArray[np.float64]


@functools.lru_cache(maxsize=1)
def geod() -> Geod:
    """The WGS84 ellipsoid as a :class:`pyproj.Geod`."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def local_crs(lon: float, lat: float) -> str:
    """A PROJ string of an azimuthal equidistant projection centred on ``lon``, ``lat``, in metres.

    Pass the centre as keywords (``local_crs(lon=..., lat=...)``), as every geometry module does;
    positional (lon, lat) still works for the callers outside geometry that have not switched yet.

    Examples
    --------
    >>> local_crs(lon=25.0, lat=54.5)
    '+proj=aeqd +lat_0=54.500000 +lon_0=25.000000 +datum=WGS84 +units=m +no_defs'
    """
    return f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs"


_LOCAL = re.compile(r"\+proj=aeqd \+lat_0=(-?[0-9.]+) \+lon_0=(-?[0-9.]+) \+datum=WGS84 \+units=m \+no_defs")


@functools.lru_cache(maxsize=64)
def _transformers(crs: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Forward (lon/lat -> ``crs``) and inverse transforms, both (x, y) = (lon, lat) order.

    A :func:`local_crs` string is built directly as the PROJ pipeline that
    ``Transformer.from_crs("EPSG:4326", crs, always_xy=True)`` resolves it to (the same
    operations, so the same numbers to the last bit), without the CRS database look-ups that
    make ``from_crs`` cost tens of milliseconds per new centre.
    """
    from pyproj import Transformer

    local = _LOCAL.fullmatch(crs)
    if local is not None:
        aeqd = f"+proj=aeqd +lat_0={local[1]} +lon_0={local[2]} +x_0=0 +y_0=0 +ellps=WGS84"
        deg = "+proj=unitconvert +xy_in=deg +xy_out=rad"
        fwd = Transformer.from_pipeline(f"+proj=pipeline +step {deg} +step {aeqd}")
        inv = Transformer.from_pipeline(f"+proj=pipeline +step +inv {aeqd} +step +inv {deg}")
        return fwd.transform, inv.transform
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd.transform, inv.transform


def to_metric(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """Project a lon/lat geometry into the metric ``crs``."""
    import shapely

    fwd, _ = _transformers(crs)
    return shapely.transform(geom, lambda xy: _apply(fwd, xy))


def to_metric_area(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """Project lon/lat (multi)polygons into the metric ``crs``, valid again if projecting broke them.

    Projection moves every vertex by a slightly different amount, so two vertices of a ring that
    almost touch in degrees can cross in metres.  Shapely's overlay and buffer operations on such
    an invalid polygon silently drop or add whole parts (the 630 km of the Alaska–Yukon line were
    lost this way), so the projected polygon is repaired with ``make_valid`` (its polygonal part
    kept) when, and only when, it is invalid.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> to_metric_area(box(24.0, 54.0, 25.0, 55.0), local_crs(lon=24.5, lat=54.5)).is_valid
    True
    """
    import shapely

    out = to_metric(geom, crs)
    if out.is_empty or shapely.is_valid(out):
        return out
    parts = [g for g in shapely.get_parts(shapely.make_valid(out)) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else out


def to_lonlat(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """Project a geometry from the metric ``crs`` back to lon/lat."""
    import shapely

    _, inv = _transformers(crs)
    return shapely.transform(geom, lambda xy: _apply(inv, xy))


def _apply(fn: Callable[..., Any], xy: Coords) -> Coords:
    import numpy as np

    x, y = fn(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def geodesic_length_km(geom: BaseGeometry) -> float:
    """Geodesic length on the WGS84 ellipsoid, in km, of a lon/lat (multi)line."""
    import shapely

    if geom.is_empty:
        return 0.0
    kind = geom.geom_type
    if kind in ("LineString", "LinearRing", "MultiLineString"):
        # as pyproj's Geod.geometry_length (each line's length, summed in order from 0.0), with the
        # coordinates taken as numpy arrays rather than through shapely's per-vertex ``.xy``
        total = 0.0
        for line in shapely.get_parts(geom):
            xy = shapely.get_coordinates(line)
            total += geod().line_length(xy[:, 0], xy[:, 1])
        return float(total) / 1000.0
    return float(geod().geometry_length(geom)) / 1000.0


def distance_km(*, lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in km between two positions on WGS84 (keywords only).

    Examples
    --------
    >>> round(distance_km(lat1=54.0, lon1=25.0, lat2=55.0, lon2=25.0), 1)
    111.3
    """
    _, _, dist = geod().inv(lon1, lat1, lon2, lat2)
    return float(dist) / 1000.0


def shortest_link(first: BaseGeometry, second: BaseGeometry) -> tuple[float, LineString]:
    """The shortest link between two lon/lat geometries: its geodesic length (km) and the line.

    The nearest points are found in degrees first, then refined in an azimuthal equidistant
    projection centred between them (true distances near the centre); the length is geodesic.
    The line runs from ``first`` to ``second``; where they touch it is of zero length.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> km, line = shortest_link(Point(25.0, 54.0), Point(25.0, 55.0))
    >>> round(km), line.coords[0]
    (111, (25.0, 54.0))
    """
    import shapely
    from shapely.geometry import LineString
    from shapely.ops import nearest_points

    pa, pb = nearest_points(first, second)
    crs = local_crs(lon=(pa.x + pb.x) / 2, lat=(pa.y + pb.y) / 2)
    x0, y0 = min(pa.x, pb.x) - 1.0, min(pa.y, pb.y) - 1.0
    x1, y1 = max(pa.x, pb.x) + 1.0, max(pa.y, pb.y) + 1.0
    la = to_metric(shapely.clip_by_rect(first, x0, y0, x1, y1), crs)
    lb = to_metric(shapely.clip_by_rect(second, x0, y0, x1, y1), crs)
    if not la.is_empty and not lb.is_empty:
        ma, mb = nearest_points(la, lb)
        pa, pb = to_lonlat(ma, crs), to_lonlat(mb, crs)  # type: ignore[assignment]
    if first.intersects(second):
        return 0.0, LineString([(pa.x, pa.y), (pa.x, pa.y)])
    return distance_km(lat1=pa.y, lon1=pa.x, lat2=pb.y, lon2=pb.x), LineString([(pa.x, pa.y), (pb.x, pb.y)])
