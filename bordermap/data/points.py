"""Named points a user brings: border crossings, extra places (GeoJSON or CSV files).

Coordinates are WGS84.  GeoJSON points are (lon, lat) as RFC 7946 says; CSV columns are named
(``lat``/``latitude`` and ``lon``/``lng``/``longitude``), so their order does not matter.
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import settings
from ..exc import DataError, InputFileError

if TYPE_CHECKING:
    import geopandas as gpd

_LAT = ("lat", "latitude", "y")
_LON = ("lon", "lng", "long", "longitude", "x")
_NAME = ("name", "title", "label")


def read_points(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read named points from a GeoJSON (Point features with a ``name`` property) or CSV file.

    Parameters
    ----------
    path : path-like
        ``.geojson``/``.json``: a FeatureCollection of Points (other geometries are an error);
        ``.csv``: a header with a name column (``name``, ``title`` or ``label``) and
        ``lat``/``latitude`` and ``lon``/``lng``/``longitude`` columns.

    Returns
    -------
    GeoDataFrame
        EPSG:4326: ``name``, ``lat``, ``lon`` and ``geometry`` (Point (lon, lat)), in file order.

    Raises
    ------
    InputFileError
        The file is missing or a folder.
    DataError
        Not readable as such a file, a missing column, a point without a name, or coordinates
        out of range (one line, naming the file and the row or feature).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "crossings.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("name,latitude,longitude\\nVaalimaa,60.58,27.83\\n")
    >>> read_points(p)[["name", "lat", "lon"]].values.tolist()
    [['Vaalimaa', 60.58, 27.83]]
    """
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file")
    if p.is_dir():
        raise InputFileError(f"{p}: is a directory, expected a GeoJSON or CSV file of points")
    from .inputs import read_limited

    raw = read_limited(p, settings.max_data_file_bytes, what="a GeoJSON or CSV file of points")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(f"{p}: cannot be read as UTF-8 text ({err})") from err
    rows = _csv_rows(p, text) if p.suffix.lower() == ".csv" else _geojson_rows(p, text)
    if len(rows) > settings.max_features:
        raise DataError(f"{p}: {len(rows):,} points, more than settings.max_features ({settings.max_features:,})")
    return _frame(rows)


def _check(p: Path, where: str, name: Any, lat: Any, lon: Any) -> tuple[str, float, float]:
    if not isinstance(name, str) or not name.strip():
        raise DataError(f"{p}: {where}: a point without a name")
    try:
        y, x = float(lat), float(lon)
    except (TypeError, ValueError) as err:
        raise DataError(f"{p}: {where}: coordinates {lat!r}, {lon!r} are not numbers") from err
    if not (math.isfinite(y) and math.isfinite(x) and -90 <= y <= 90 and -180 <= x <= 180):
        raise DataError(f"{p}: {where}: coordinates out of range (lat {y}, lon {x})")
    return " ".join(name.split()), y, x


def _pick(columns: list[str], names: tuple[str, ...], p: Path, what: str) -> str:
    by_fold = {c.strip().lower(): c for c in columns}
    for n in names:
        if n in by_fold:
            return by_fold[n]
    raise DataError(f"{p}: no {what} column (one of {', '.join(names)}); columns: {', '.join(columns)}")


def _csv_rows(p: Path, text: str) -> list[tuple[str, float, float]]:
    reader = csv.DictReader(text.splitlines())
    cols = list(reader.fieldnames or [])
    name_c, lat_c, lon_c = (
        _pick(cols, _NAME, p, "name"),
        _pick(cols, _LAT, p, "latitude"),
        _pick(cols, _LON, p, "longitude"),
    )
    return [_check(p, f"row {i}", r.get(name_c), r.get(lat_c), r.get(lon_c)) for i, r in enumerate(reader, start=2)]


def _geojson_rows(p: Path, text: str) -> list[tuple[str, float, float]]:
    def constant(name: str) -> Any:
        raise DataError(f"{p}: {name} is not a number JSON allows (coordinates must be finite)")

    try:
        data = json.loads(text, parse_constant=constant)
    except RecursionError as err:
        raise DataError(f"{p}: JSON nested too deeply (thousands of levels); not a GeoJSON file of points") from err
    except ValueError as err:
        if isinstance(err, DataError):
            raise
        raise DataError(f"{p}: not valid JSON ({err.args[0] if err.args else err})") from err
    feats = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(feats, list):
        raise DataError(f"{p}: not a GeoJSON FeatureCollection")
    rows = []
    for i, f in enumerate(feats):
        geom = f.get("geometry") if isinstance(f, dict) else None
        if not isinstance(geom, dict) or geom.get("type") != "Point":
            raise DataError(f"{p}: feature {i}: not a Point")
        coords = geom.get("coordinates")
        if not isinstance(coords, list) or len(coords) < 2:
            raise DataError(f"{p}: feature {i}: a Point without (lon, lat) coordinates")
        props = f.get("properties") or {}
        name = next((props[k] for k in _NAME if isinstance(props, dict) and k in props), None)
        rows.append(_check(p, f"feature {i}", name, coords[1], coords[0]))
    return rows


def _frame(rows: list[tuple[str, float, float]]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame(
        {"name": [n for n, _, _ in rows], "lat": [y for _, y, _ in rows], "lon": [x for _, _, x in rows]},
        geometry=shapely.points([x for _, _, x in rows], [y for _, y, _ in rows]) if rows else [],
        crs="EPSG:4326",
    )
