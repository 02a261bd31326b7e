"""Measures between territories and places: gaps, distances to a border."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .projection import distance_km, local_crs, to_metric

if TYPE_CHECKING:
    from shapely.geometry import LineString
    from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Gap:
    """The shortest link between two territories.

    Attributes
    ----------
    distance_km : float
        Geodesic length of the link, in km (0 where they touch).
    geometry : shapely LineString
        The link, lon/lat (EPSG:4326), from the first territory to the second.
    """

    distance_km: float
    geometry: LineString


def gap(first: BaseGeometry, second: BaseGeometry) -> Gap:
    """Shortest distance between two lon/lat geometries (e.g. the Suwałki gap).

    The nearest points are found in a local equidistant projection centred between
    the two territories, then measured geodesically on WGS84.

    Parameters
    ----------
    first, second : shapely geometry
        Territories in EPSG:4326 (lon, lat).

    Returns
    -------
    Gap

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(gap(Point(25.0, 54.0), Point(25.0, 55.0)).distance_km)
    111
    """
    import shapely
    from shapely.geometry import LineString

    # Nearest points in degrees give a good first guess; refine in a local projection.
    pa, pb = shapely.ops.nearest_points(first, second)
    crs = local_crs((pa.x + pb.x) / 2, (pa.y + pb.y) / 2)
    box = shapely.geometry.box(
        min(pa.x, pb.x) - 1.0, min(pa.y, pb.y) - 1.0, max(pa.x, pb.x) + 1.0, max(pa.y, pb.y) + 1.0
    )
    la = to_metric(shapely.clip_by_rect(first, *box.bounds), crs)
    lb = to_metric(shapely.clip_by_rect(second, *box.bounds), crs)
    if not la.is_empty and not lb.is_empty:
        ma, mb = shapely.ops.nearest_points(la, lb)
        from .projection import to_lonlat

        pa, pb = to_lonlat(ma, crs), to_lonlat(mb, crs)
    if first.intersects(second):
        return Gap(0.0, LineString([(pa.x, pa.y), (pa.x, pa.y)]))
    return Gap(distance_km(pa.y, pa.x, pb.y, pb.x), LineString([(pa.x, pa.y), (pb.x, pb.y)]))
