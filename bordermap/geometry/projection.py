"""Projections: a local metric CRS for a region, geodesic lengths and distances (WGS84)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from pyproj import Geod
    from shapely.geometry.base import BaseGeometry

    Coords = npt.NDArray[np.float64]


@functools.lru_cache(maxsize=1)
def geod() -> Geod:
    """The WGS84 ellipsoid as a :class:`pyproj.Geod`."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def local_crs(lon: float, lat: float) -> str:
    """A PROJ string of an azimuthal equidistant projection centred on (lon, lat), in metres."""
    return f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs"


@functools.lru_cache(maxsize=64)
def _transformers(crs: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    from pyproj import Transformer

    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd.transform, inv.transform


def to_metric(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """Project a lon/lat geometry into the metric ``crs``."""
    import shapely

    fwd, _ = _transformers(crs)
    return shapely.transform(geom, lambda xy: _apply(fwd, xy))


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
    if geom.is_empty:
        return 0.0
    return float(geod().geometry_length(geom)) / 1000.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in km between (lat1, lon1) and (lat2, lon2) on WGS84."""
    _, _, dist = geod().inv(lon1, lat1, lon2, lat2)
    return float(dist) / 1000.0
