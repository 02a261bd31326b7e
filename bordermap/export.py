"""GeoJSON (RFC 7946) and JSON output: deterministic, atomic writes.

Coordinates are written in (lon, lat) order, WGS84, rounded to
:data:`settings.geojson_precision` decimals; polygon exterior rings are
counter-clockwise and holes clockwise; there is no ``crs`` member.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import settings
from ._errors import OutputError

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry


def _round_coords(coords: Any, nd: int) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [_num(c, nd) for c in coords[:2]]
        return [_round_coords(c, nd) for c in coords]
    return coords


def _num(x: float, nd: int) -> float | int:
    r = round(float(x), nd)
    return 0.0 if r == 0 else r


def geometry_to_geojson(geom: BaseGeometry, *, precision: int | None = None) -> dict[str, Any]:
    """A shapely geometry (lon/lat) as an RFC 7946 geometry dict (CCW exteriors, rounded).

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> geometry_to_geojson(Polygon([(0, 0), (0, 1), (1, 1)]))["coordinates"][0]
    [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    """
    import shapely
    from shapely.geometry import mapping

    nd = settings.geojson_precision if precision is None else precision
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    gj = dict(mapping(geom))
    if "coordinates" in gj:
        gj["coordinates"] = _round_coords(gj["coordinates"], nd)
    else:  # GeometryCollection
        gj["geometries"] = [geometry_to_geojson(g, precision=nd) for g in geom.geoms]  # type: ignore[attr-defined]
    return gj


def _clean(value: Any) -> Any:
    """JSON-safe property value (NaN -> None, numpy -> Python, dates -> ISO)."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        return _clean(value.item())
    return str(value)


def feature(
    geom: BaseGeometry | None, properties: Mapping[str, Any], *, precision: int | None = None
) -> dict[str, Any]:
    """One GeoJSON Feature."""
    return {
        "type": "Feature",
        "properties": _clean(dict(properties)),
        "geometry": None if geom is None or geom.is_empty else geometry_to_geojson(geom, precision=precision),
    }


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ready features."""
    return {"type": "FeatureCollection", "features": list(features)}


def to_geojson(
    data: gpd.GeoDataFrame | Iterable[dict[str, Any]] | Any,
    path: str | os.PathLike[str] | None = None,
    *,
    precision: int | None = None,
) -> dict[str, Any]:
    """Convert to an RFC 7946 FeatureCollection, and write it if ``path`` is given.

    Parameters
    ----------
    data : GeoDataFrame, Border, or iterable of Feature dicts
        A GeoDataFrame in any CRS (reprojected to EPSG:4326), an object with
        ``to_gdf()`` (such as :class:`Border`), or features.
    path : path-like, optional
        Written atomically (temporary file + rename); same input gives the same bytes.
    precision : int, optional
        Decimals of coordinates; default :data:`settings.geojson_precision` (6).

    Returns
    -------
    dict
        The FeatureCollection.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> gdf = gpd.GeoDataFrame({"name": ["Vilnius"]}, geometry=[Point(25.2798, 54.68916)], crs=4326)
    >>> to_geojson(gdf)["features"][0]["geometry"]
    {'type': 'Point', 'coordinates': [25.2798, 54.68916]}
    """
    if hasattr(data, "to_gdf"):
        data = data.to_gdf()
    if hasattr(data, "geometry") and hasattr(data, "to_crs"):
        gdf = data.to_crs("EPSG:4326") if data.crs is not None else data
        geom_col = gdf.geometry.name
        feats = [
            feature(row[geom_col], {k: v for k, v in row.items() if k != geom_col}, precision=precision)
            for _, row in gdf.iterrows()
        ]
    else:
        feats = list(data)
    fc = feature_collection(feats)
    if path is not None:
        write_json(path, fc)
    return fc


def dumps(obj: Any) -> str:
    """Deterministic JSON text (UTF-8, sorted keys are not used: key order is the builder's)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_json(path: str | os.PathLike[str], obj: Any, *, indent: int | None = None) -> Path:
    """Write JSON atomically: a temporary file in the same folder, then ``os.replace``.

    Raises
    ------
    OutputError
        The folder cannot be written (the previous file, if any, is left intact).
    """
    text = dumps(obj) if indent is None else json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
    return write_text(path, text)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write text atomically (temporary file + rename); the old file stays intact on failure."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise OutputError(f"{target}: cannot write ({err.strerror})") from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({err.strerror or err})") from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
