"""The bundled world: all 250 countries of ``@geo-maps/countries-maritime-10m`` 0.6.0 and the sea mask.

Both are GeoParquet files (WKB, zstd) shipped as package data in the geodata folder
(:func:`bordermap.data.countries.geodata_dir`), built byte for byte by
``geodata/build_world.py`` from the npm packages; nothing is fetched at run time.
Reading them needs pyarrow.

* ``world-countries.parquet``: one row per country, in source order: ``iso_a3``, ``name``,
  ``geometry`` at full resolution (no simplification), already valid (the 32 features the
  source publishes invalid are repaired at build time exactly as
  :func:`~bordermap.data.countries.load_countries` repairs them), so reading needs no repair.
* ``world-seas.parquet``: the sea mask of ``@geo-maps/earth-seas-10m`` 0.6.0 cut into tiles of
  :data:`SEA_TILE_DEG` degrees, each made valid (polygonal part kept): ``tile_i`` =
  floor((lon + 180) / 1.40625), ``tile_j`` = floor((lat + 90) / 1.40625), ``geometry``.  A
  point is at sea if the tile holding it contains it; tiles with no sea are absent.
* ``world-display.parquet``: the countries of ``world-countries.parquet`` as one clean polygonal
  coverage for maps (overlaps given to the smaller country, gaps narrower than 100 m closed,
  shared edges identical), made once by ``geodata/build_display.py``: ``iso_a3``,
  ``source_sha256`` (the fingerprint, :func:`display_fingerprint`, of the row it was made from),
  ``geometry``.  Read by :func:`world_display_geometries`, a row group at a time.

Both derive from OpenStreetMap data (ODbL 1.0): publish :data:`ATTRIBUTION` with what is
made from them.  All coordinates are WGS84 (EPSG:4326), (lon, lat) inside geometries.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..exc import DataError, InputFileError
from .countries import WORLD_COUNTRIES_FILE, WORLD_SEAS_FILE, _read_geoparquet, geodata_dir, load_countries

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

#: Side of a sea-mask tile, degrees (360 / 2**8 = 180 / 2**7).
SEA_TILE_DEG = 1.40625
#: The notice to publish with maps and files made from the bundled world.
ATTRIBUTION = "© OpenStreetMap contributors (ODbL), geo-maps 0.6.0"

#: The display coverage (see the module notes).
WORLD_DISPLAY_FILE = "world-display.parquet"

_FILES = {"countries": WORLD_COUNTRIES_FILE, "seas": WORLD_SEAS_FILE, "display": WORLD_DISPLAY_FILE}


def _bundled(name: str) -> Path:
    path = geodata_dir() / name
    if not path.is_file():
        raise InputFileError(f"{path}: the bundled world file is missing (reinstall bordermap)")
    return path


def world_countries_path() -> Path:
    """Path of the bundled ``world-countries.parquet`` (GeoParquet, all 250 countries)."""
    return _bundled(WORLD_COUNTRIES_FILE)


def world_seas_path() -> Path:
    """Path of the bundled ``world-seas.parquet`` (GeoParquet, the sea mask in tiles)."""
    return _bundled(WORLD_SEAS_FILE)


def load_world() -> gpd.GeoDataFrame:
    """All 250 countries of the bundled world, at full resolution.

    ``load_countries(world_countries_path())``: columns ``iso_a3``, ``name``, ``geometry``,
    ``clipped`` (all False); EPSG:4326; every geometry valid and non-empty.  Read without
    re-checking validity (the build script guarantees it), once per process; each call
    returns a copy.

    Returns
    -------
    geopandas.GeoDataFrame

    Examples
    --------
    >>> world = load_world()
    >>> len(world), world.crs.to_epsg()
    (250, 4326)
    >>> world.set_index("iso_a3").loc["FIN", "name"]
    'Finland'
    """
    return load_countries(world_countries_path())


@functools.lru_cache(maxsize=1)
def _seas() -> gpd.GeoDataFrame:
    path = world_seas_path()
    frame = _read_geoparquet(path)
    if list(frame.columns) != ["tile_i", "tile_j", "geometry"]:
        raise DataError(f"{path}: not the bundled sea mask (columns {list(frame.columns)})")
    return frame


def load_world_seas() -> gpd.GeoDataFrame:
    """The bundled sea mask: one row per tile (``tile_i``, ``tile_j``, ``geometry``), EPSG:4326.

    Read once per process; each call returns a copy.  See :func:`world_sea_tiles` for the
    look-up by tile and :func:`is_at_sea` for points.

    Examples
    --------
    >>> seas = load_world_seas()
    >>> list(seas.columns), bool(seas.geometry.is_valid.all())
    (['tile_i', 'tile_j', 'geometry'], True)
    """
    return _seas().copy()


class _SeaTiles:
    """The sea tiles, read one row group at a time and decoded one tile at a time, when first asked for.

    The file's rows are sorted by tile; only the small ``tile_i``/``tile_j`` columns are read
    up front, so a border in one part of the world reads only the row groups around it and
    decodes only its tiles.
    """

    def __init__(self) -> None:
        import numpy as np
        import pyarrow.parquet as pq

        path = world_seas_path()
        try:
            self._file = pq.ParquetFile(path)
            keys = self._file.read(columns=["tile_i", "tile_j"])
        except Exception as err:  # pyarrow's ArrowInvalid family
            raise DataError(f"{path}: cannot be read as the bundled sea mask ({' '.join(str(err).split())})") from err
        self._path = path
        # to_pylist, not to_numpy: pyarrow's to_numpy imports pandas (0.7 s)
        tile_i = np.array(keys.column("tile_i").to_pylist(), dtype=np.int64)
        codes = tile_i * 1000 + np.array(keys.column("tile_j").to_pylist(), dtype=np.int64)
        order = np.argsort(codes, kind="stable")  # the file is sorted by tile already; this makes sure
        self._codes, self._rows = codes[order], order
        sizes = [self._file.metadata.row_group(g).num_rows for g in range(self._file.num_row_groups)]
        self._starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self._groups: dict[int, Any] = {}
        self._decoded: dict[int, BaseGeometry] = {}

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((int(c) // 1000, int(c) % 1000) for c in self._codes)

    def get(self, key: tuple[int, int]) -> BaseGeometry | None:
        import numpy as np

        code = key[0] * 1000 + key[1]
        k = int(np.searchsorted(self._codes, code))
        if k == len(self._codes) or self._codes[k] != code:
            return None
        row = int(self._rows[k])
        tile: BaseGeometry | None = self._decoded.get(row)
        if tile is None:
            import shapely

            group = int(np.searchsorted(self._starts, row, side="right")) - 1
            wkb = self._groups.get(group)
            if wkb is None:  # the group's WKB stays in Arrow memory; a tile is decoded when asked for
                wkb = self._groups[group] = self._file.read_row_group(group, columns=["geometry"]).column("geometry")
            tile = self._decoded[row] = shapely.from_wkb(wkb[row - int(self._starts[group])].as_py())
        return tile

    def decode(self, keys: Iterable[tuple[int, int]]) -> None:
        """Decode the tiles ``keys`` ahead (unknown keys are ignored), reading each row group once
        and keeping only those tiles, not the group (less memory than :meth:`get` one by one)."""
        import numpy as np
        import shapely

        codes = np.array(sorted({i * 1000 + j for i, j in keys}), dtype=np.int64)
        k = np.searchsorted(self._codes, codes)
        k = k[(k < len(self._codes)) & (self._codes[np.minimum(k, len(self._codes) - 1)] == codes)]
        rows = [int(r) for r in np.sort(self._rows[k]) if int(r) not in self._decoded]
        by_group: dict[int, list[int]] = {}
        for row in rows:
            by_group.setdefault(int(np.searchsorted(self._starts, row, side="right")) - 1, []).append(row)
        for group, members in by_group.items():
            wkb = self._groups.get(group)
            if wkb is None:
                wkb = self._file.read_row_group(group, columns=["geometry"]).column("geometry")
            start = int(self._starts[group])
            tiles = shapely.from_wkb(np.array([wkb[r - start].as_py() for r in members], dtype=object))
            self._decoded.update(zip(members, tiles, strict=True))
            del wkb


@functools.lru_cache(maxsize=1)
def _tiles() -> _SeaTiles:
    return _SeaTiles()


def world_sea_tile(i: int, j: int) -> BaseGeometry | None:
    """The sea polygon (lon/lat) inside tile (``i``, ``j``), or None if that tile holds no sea.

    ``i`` = floor((lon + 180) / :data:`SEA_TILE_DEG`), ``j`` = floor((lat + 90) / :data:`SEA_TILE_DEG`).
    Only the part of the file around the tile is decoded (once per process).

    Examples
    --------
    >>> world_sea_tile(142, 103).geom_type  # the Baltic off Klaipėda
    'MultiPolygon'
    >>> world_sea_tile(146, 103) is None  # inland Lithuania and Belarus
    True
    """
    return _tiles().get((i, j))


def decode_sea_tiles(keys: Iterable[tuple[int, int]]) -> None:
    """Decode the sea tiles ``keys`` (``(i, j)`` as for :func:`world_sea_tile`) ahead, at once.

    For many tiles: each row group of the file is read once and dropped after, so
    :func:`world_sea_tile` then returns them without reading.
    """
    _tiles().decode(keys)


def world_sea_tiles() -> dict[tuple[int, int], BaseGeometry]:
    """The sea mask as a dict (tile_i, tile_j) -> sea polygon inside that tile (lon/lat).

    Decodes the whole mask (23,379 tiles); :func:`world_sea_tile` reads one tile.  A new dict
    each call; the geometries are shared.
    """
    tiles = _tiles()
    out = {}
    for key in tiles:
        tile = tiles.get(key)
        if tile is not None:
            out[key] = tile
    return out


def is_at_sea(*, lon: float, lat: float) -> bool:
    """True if the point (WGS84 degrees) lies inside the bundled sea mask.

    Examples
    --------
    >>> is_at_sea(lat=55.0, lon=19.0), is_at_sea(lat=54.9, lon=23.9)  # Baltic Sea; Kaunas
    (True, False)
    """
    import math

    import shapely

    tile = world_sea_tile(math.floor((lon + 180.0) / SEA_TILE_DEG), math.floor((lat + 90.0) / SEA_TILE_DEG))
    return tile is not None and bool(shapely.intersects_xy(tile, lon, lat))


def world_metadata(which: Literal["countries", "seas", "display"] = "countries") -> dict[str, str]:
    """Provenance of a bundled world file: its key-value metadata (source, version, licence...).

    The GeoParquet ``geo`` entry is left out.  Only the file's footer is read.

    Examples
    --------
    >>> meta = world_metadata()
    >>> meta["source_package"], meta["source_version"], meta["licence"]
    ('@geo-maps/countries-maritime-10m', '0.6.0', 'ODbL-1.0')
    """
    import pyarrow.parquet as pq

    if which not in _FILES:
        from ..exc import ArgumentError

        raise ArgumentError(f"world_metadata: which={which!r}, expected 'countries', 'seas' or 'display'")
    raw = pq.read_metadata(_bundled(_FILES[which])).metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if k != b"geo"}


# --------------------------------------------------------------------------- the display coverage


def world_display_path() -> Path:
    """Path of the bundled ``world-display.parquet`` (GeoParquet, the countries cleaned as one coverage)."""
    return _bundled(WORLD_DISPLAY_FILE)


def display_fingerprint(geom: BaseGeometry) -> str:
    """The fingerprint of a country geometry: SHA-256 (hex) of its WKB as the bundled world stores it.

    2D, little-endian, ISO WKB: for a row of :func:`load_world` it is the SHA-256 of that row's
    bytes in ``world-countries.parquet``, which ``world-display.parquet`` records per row.

    Examples
    --------
    >>> import shapely
    >>> display_fingerprint(shapely.box(0, 0, 1, 1))[:12]
    '263617cf4a06'
    """
    import hashlib

    import shapely

    wkb = shapely.to_wkb(geom, output_dimension=2, byte_order=1, include_srid=False, flavor="iso")
    return hashlib.sha256(wkb).hexdigest()


class _DisplayRows:
    """The display coverage, its geometry decoded one row group at a time, when first asked for."""

    def __init__(self) -> None:
        import pyarrow.parquet as pq

        path = world_display_path()
        try:
            self._file = pq.ParquetFile(path)
            keys = self._file.read(columns=["iso_a3", "source_sha256"])
            meta = {k.decode(): v.decode() for k, v in (self._file.schema_arrow.metadata or {}).items()}
            self.base_simplify_m = float(meta["base_simplify_m"])
            self.gap_width_m = float(meta["gap_width_m"])
        except Exception as err:  # pyarrow's ArrowInvalid family, a missing column or metadata entry
            raise DataError(f"{path}: cannot be read as the bundled display coverage ({err!r})") from err
        codes = [str(c) for c in keys["iso_a3"].to_pylist()]
        self.fingerprints = dict(zip(codes, (str(f) for f in keys["source_sha256"].to_pylist()), strict=True))
        self._rows = {c: i for i, c in enumerate(codes)}
        self._size = self._file.metadata.row_group(0).num_rows if self._file.num_row_groups else 1
        self._groups: dict[int, Any] = {}

    def geometries(self, codes: list[str]) -> list[BaseGeometry]:
        rows = [self._rows[c] for c in codes]
        for group in sorted({r // self._size for r in rows} - set(self._groups)):
            import shapely

            wkb = self._file.read_row_group(group, columns=["geometry"])["geometry"].to_numpy(zero_copy_only=False)
            self._groups[group] = shapely.from_wkb(wkb)
        return [self._groups[r // self._size][r % self._size] for r in rows]


@functools.lru_cache(maxsize=1)
def _display() -> _DisplayRows:
    return _DisplayRows()


def world_display_fingerprints() -> dict[str, str]:
    """ISO code -> fingerprint (:func:`display_fingerprint`) of the source row each display row was made from.

    Only the small columns are read (once per process); a new dict each call.

    Examples
    --------
    >>> len(world_display_fingerprints())
    250
    """
    return dict(_display().fingerprints)


def world_display_info() -> tuple[float, float]:
    """(base simplification, gap width closed), in metres, of the bundled display coverage."""
    rows = _display()
    return rows.base_simplify_m, rows.gap_width_m


def world_display_geometries(iso_a3: list[str]) -> list[BaseGeometry]:
    """The display polygons (lon/lat, valid, non-empty) of these countries of the bundled world, in that order.

    The countries of ``world-countries.parquet`` cleaned as one coverage (an overlap given to the
    smaller country, gaps narrower than the file's gap width closed, shared edges identical), not
    simplified beyond the file's base tolerance.  Only the row groups holding them are decoded
    (each once per process).

    Raises
    ------
    KeyError
        A code that is not a row of the bundled world.

    Examples
    --------
    >>> import shapely
    >>> ltu, blr = world_display_geometries(["LTU", "BLR"])
    >>> bool(shapely.coverage_is_valid([ltu, blr])), ltu.intersection(blr).area
    (True, 0.0)
    """
    return _display().geometries(list(iso_a3))
