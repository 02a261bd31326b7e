"""GeoJSON (RFC 7946) and JSON output: deterministic, atomic writes.

Coordinates are written in (lon, lat) order, WGS84, rounded to
:data:`settings.geojson_precision` decimals; polygon exterior rings are
counter-clockwise and holes clockwise; there is no ``crs`` member.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import settings
from .._cache import atomic_write
from ..exc import DataError

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry


#: Where the bundled and world country polygons come from (carried into exported properties).
DATA_SOURCE = "geo-maps countries-maritime-10m 0.6.0 (ODbL, OpenStreetMap contributors)"


def _round_coords(coords: Any, nd: int) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [_num(c, nd) for c in coords[:2]]
        return [_round_coords(c, nd) for c in coords]
    return coords


def _rounded(geom: BaseGeometry, nd: int) -> Any:
    """A non-empty geometry's positions as GeoJSON nests them (lists of [x, y]), rounded to ``nd`` decimals.

    Exactly what :func:`_round_coords` gives for ``mapping(geom)["coordinates"]``, vectorised per
    ring: ``x * 10**nd`` rounded to the nearest whole number, divided back (the nearest float, as
    :func:`round` gives), except near a tie (a fraction within 1e-6 of one half), where the
    product's own rounding could tip it: those few positions go through :func:`round` itself.
    -0.0 becomes 0.0.
    """
    import numpy as np

    scale = 10.0**nd

    def rounded(xy: Any) -> Any:
        scaled = xy * scale
        out = np.rint(scaled) / scale
        tie = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6
        if tie.any():
            out[tie] = [round(float(v), nd) for v in xy[tie]]
        return out + 0.0

    return coordinate_lists(geom, rounded)


def coordinate_lists(geom: BaseGeometry, positions: Any = None) -> Any:
    """A non-empty geometry's (x, y) positions nested as GeoJSON nests them, as lists of floats.

    What ``json.loads(shapely.to_geojson(geom))["coordinates"]`` gives for a point, line or
    polygon (or a multi-part one), without writing and parsing text; ``positions``, if given,
    maps each ring's or line's ``(n, 2)`` array first (e.g. rounds it).

    Examples
    --------
    >>> import shapely
    >>> coordinate_lists(shapely.Point(1, 2)), coordinate_lists(shapely.LineString([(0, 0), (1, 1)]))
    ([1.0, 2.0], [[0.0, 0.0], [1.0, 1.0]])
    """
    import shapely

    def ring(g: Any) -> list[list[float]]:
        xy = shapely.get_coordinates(g)
        out: list[list[float]] = (xy if positions is None else positions(xy)).tolist()
        return out

    def polygon(p: Any) -> list[Any]:
        return [ring(p.exterior)] + [ring(r) for r in p.interiors]

    kind = geom.geom_type
    if kind == "Point":
        return ring(geom)[0]
    if kind in ("LineString", "LinearRing"):
        return ring(geom)
    if kind == "Polygon":
        return polygon(geom)
    parts = list(geom.geoms)  # type: ignore[attr-defined]
    if kind == "MultiPoint":
        return [ring(g)[0] for g in parts]
    if kind == "MultiLineString":
        return [ring(g) for g in parts]
    return [polygon(g) for g in parts]  # MultiPolygon


def _dedupe(line: list[list[float]], minimum: int) -> list[list[float]] | None:
    """Drop repeated consecutive positions that rounding made; ``None`` if fewer than ``minimum`` remain."""
    out = [p for i, p in enumerate(line) if i == 0 or p != line[i - 1]]
    return out if len(out) >= minimum else None


def _polygon(rings: list[Any]) -> list[Any] | None:
    exterior = _dedupe(rings[0], 4)
    if exterior is None:
        return None
    return [exterior] + [r for r in (_dedupe(x, 4) for x in rings[1:]) if r]


def _round_geometry(kind: str, coords: Any, nd: int, *, rounded: bool = False) -> Any:
    """Round positions (unless ``rounded``); drop repeated positions and holes/parts that collapse at this precision."""
    c = coords if rounded else _round_coords(coords, nd)
    if kind == "LineString":
        return _dedupe(c, 2) or c
    if kind == "MultiLineString":
        return [x for x in (_dedupe(x, 2) for x in c) if x] or c
    if kind == "Polygon":
        return _polygon(c) or c
    if kind == "MultiPolygon":
        return [p for p in (_polygon(x) for x in c) if p] or c
    return c


def _num(x: float, nd: int) -> float | int:
    r = round(float(x), nd)
    return 0.0 if r == 0 else r


def geometry_to_geojson(geom: BaseGeometry, *, precision: int | None = None, snap: bool = True) -> dict[str, Any]:
    """A shapely geometry (lon/lat) as an RFC 7946 geometry dict (CCW exteriors, rounded).

    Positions are rounded to ``precision`` decimals.  With ``snap`` (default), a valid
    polygon that rounding would make invalid is instead snapped to the grid keeping it
    valid (:func:`shapely.set_precision`); ``snap=False`` only rounds (what maps need to
    keep neighbours' identical edges identical).

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> geometry_to_geojson(Polygon([(0, 0), (0, 1), (1, 1)]))["coordinates"][0]
    [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    """
    import shapely
    from shapely.geometry import mapping, shape

    nd = check_precision(settings.geojson_precision if precision is None else precision)
    polygonal = geom.geom_type in ("Polygon", "MultiPolygon")
    if polygonal:
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    gj = dict(mapping(geom))
    if "coordinates" in gj:
        if geom.is_empty:
            gj["coordinates"] = _round_geometry(gj["type"], gj["coordinates"], nd)
        else:
            gj["coordinates"] = _round_geometry(gj["type"], _rounded(geom, nd), nd, rounded=True)
        if snap and polygonal and not shapely.is_valid(shape(gj)) and geom.is_valid:
            snapped = shapely.set_precision(geom, 10.0**-nd)
            if not snapped.is_empty:
                return geometry_to_geojson(snapped, precision=nd, snap=False)
    else:  # GeometryCollection
        gj["geometries"] = [geometry_to_geojson(g, precision=nd, snap=snap) for g in geom.geoms]  # type: ignore[attr-defined]
    return gj


def check_precision(precision: Any) -> int:
    """Validate a number of decimals (0–15).

    Examples
    --------
    >>> check_precision(6)
    6
    """
    if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 15:
        raise ValueError(f"precision={precision!r}: must be a whole number of decimals from 0 to 15")
    return precision


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
    data : GeoDataFrame, Border, shapely geometry, or iterable of Feature dicts
        A GeoDataFrame in any CRS (reprojected to EPSG:4326; without a CRS it must be
        lon/lat), a :class:`Border` (properties: codes, names, lengths, tolerance, source),
        another object with ``to_gdf()``, a lon/lat geometry, or ready features.
    path : path-like, optional
        Written atomically (temporary file + rename); same input gives the same bytes.
    precision : int, optional
        Decimals of coordinates; default :data:`settings.geojson_precision` (6).

    Returns
    -------
    dict
        The FeatureCollection.

    Raises
    ------
    ValueError
        ``precision`` is not a whole number from 0 to 15.
    DataError
        A GeoDataFrame without CRS holds coordinates that are not lon/lat.
    OutputError
        ``path`` cannot be written (an existing file is left intact).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> gdf = gpd.GeoDataFrame({"name": ["Vilnius"]}, geometry=[Point(25.2798, 54.68916)], crs=4326)
    >>> to_geojson(gdf)["features"][0]["geometry"]
    {'type': 'Point', 'coordinates': [25.2798, 54.68916]}
    """
    from shapely.geometry.base import BaseGeometry

    check_precision(settings.geojson_precision if precision is None else precision)
    if all(hasattr(data, k) for k in ("a", "b", "names", "length_km", "geometry")):  # a Border
        data = [border_feature(data, precision=precision)]
    elif hasattr(data, "to_gdf"):
        data = data.to_gdf()
    if isinstance(data, BaseGeometry):
        feats = [feature(data, {}, precision=precision)]
    elif hasattr(data, "geometry") and hasattr(data, "to_crs"):
        frame: Any = data
        gdf: Any = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
        if len(gdf) and gdf.crs is None:
            x0, y0, x1, y1 = gdf.total_bounds
            if x0 < -180.5 or x1 > 180.5 or y0 < -90.5 or y1 > 90.5:
                raise DataError(
                    f"GeoDataFrame without CRS has coordinates out of lon/lat range ({x0:.0f}, {y0:.0f}, "
                    f"{x1:.0f}, {y1:.0f}): set its CRS"
                )
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


def border_feature(border: Any, *, precision: int | None = None) -> dict[str, Any]:
    """A :class:`Border` as one Feature with its codes, names, lengths, tolerance and source.

    Examples
    --------
    >>> import bordermap
    >>> f = border_feature(bordermap.shared_border("LTU", "BLR"))
    >>> f["properties"]["names"], f["geometry"]["type"]
    (['Lithuania', 'Belarus'], 'LineString')
    """
    props = {
        "a": border.a,
        "b": border.b,
        "names": list(border.names),
        "length_km": round(float(border.length_km), 3),
        "maritime_km": round(float(getattr(border, "maritime_km", 0.0)), 3),
        "tolerance_m": getattr(border, "tolerance_m", None),
        "source": DATA_SOURCE,
    }
    return feature(border.geometry, props, precision=precision)


def dumps(obj: Any) -> str:
    """Deterministic JSON text (UTF-8, sorted keys are not used: key order is the builder's)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_json(path: str | os.PathLike[str], obj: Any, *, indent: int | None = None) -> Path:
    """Write JSON atomically (:func:`bordermap._cache.atomic_write`): the old file stays intact on failure.

    Raises
    ------
    ValueError
        ``obj`` is not strict JSON (e.g. holds NaN); nothing is written.
    OutputError
        The folder cannot be written (one line naming the file; the previous file, if any, is left intact).
    """
    text = dumps(obj) if indent is None else json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
    return write_text(path, text)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    r"""Write UTF-8 text atomically (:func:`bordermap._cache.atomic_write`); the old file stays intact on failure.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_text(os.path.join(tempfile.mkdtemp(), "a.txt"), "één\n")
    >>> p.read_bytes()
    b'\xc3\xa9\xc3\xa9n\n'
    """
    return atomic_write(path, text)
