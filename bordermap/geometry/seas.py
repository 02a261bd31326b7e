"""The sea mask: which parts of a border lie at sea.

Inside the bundled window (lon 19–33 E, lat 51–60.5 N) the bundled ``geodata/seas.geojson``
is used.  Elsewhere the world sea polygon (``@geo-maps/earth-seas-10m`` 0.6.0, fetched like the
world file into :func:`bordermap._cache.cache_dir`) is cut once into 1.40625° tiles
(``clip_by_rect`` first, then ``make_valid`` per tile; one to two minutes, once) and cached
through :mod:`bordermap._cache` as arrays (WKB bytes, offsets, tile keys; checksummed) in
``seas-tiles-f3-pyXY.bmc``.  A damaged cache file fails its checksum and is rebuilt, never
used; nothing here reads Python pickles.  Without the world sea file no sea mask is applied
outside the bundled window and ``maritime_km`` is 0 there.
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING

from .._cache import CacheError, cache_dir, cache_path, read_arrays, write_arrays
from ..data.countries import load_seas
from ..exc import OutputError

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    from shapely.geometry.base import BaseGeometry

BUNDLED_SEA_WINDOW = (19.0, 51.0, 33.0, 60.5)
SEAS_FILE_NAME = "geo-maps-earth-seas-10m-0.6.0/map.geo.json"
#: Tile size in degrees: 360 / 2**8 and 180 / 2**7.
TILE_DEG = 1.40625
#: Format version of the sea-tiles cache file.
TILES_FORMAT = 3


def sea_mask(bounds: tuple[float, float, float, float], *, pad: float = 0.01) -> BaseGeometry | None:
    """The sea polygon (lon/lat) around ``bounds`` = (lon0, lat0, lon1, lat1), or None if unknown.

    Inside the bundled window the bundled mask is used; elsewhere the cached tiles of the
    world sea polygon (see the module notes); None when neither covers ``bounds``.

    Examples
    --------
    >>> sea_mask((20.9, 55.2, 21.0, 55.3)).area > 0  # Baltic off Klaipėda
    True
    """
    import shapely

    parts = sea_parts(bounds, pad=pad)
    if parts is None:
        return None
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def sea_parts(bounds: tuple[float, float, float, float], *, pad: float = 0.01) -> list[BaseGeometry] | None:
    """Pieces of the sea mask (one per tile) covering ``bounds``; None if no mask covers it."""
    import math

    import shapely

    x0, y0, x1, y1 = bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad
    bx0, by0, bx1, by1 = BUNDLED_SEA_WINDOW
    if x0 >= bx0 and y0 >= by0 and x1 <= bx1 and y1 <= by1:
        return [shapely.clip_by_rect(load_seas(), x0, y0, x1, y1)]
    tiles = sea_tiles()
    if tiles is None:
        return None
    parts = []
    for i in range(math.floor((x0 + 180) / TILE_DEG), math.floor((x1 + 180) / TILE_DEG) + 1):
        for j in range(math.floor((y0 + 90) / TILE_DEG), math.floor((y1 + 90) / TILE_DEG) + 1):
            tile = tiles.get((i, j))
            if tile is not None:
                parts.append(shapely.clip_by_rect(tile, x0, y0, x1, y1))
    return parts


def at_sea(points: np.ndarray) -> np.ndarray:
    """True for (lon, lat) points (an ``(n, 2)`` array) inside the sea mask.

    Examples
    --------
    >>> import numpy as np
    >>> at_sea(np.array([[20.95, 55.25], [25.28, 54.69]])).tolist()  # off Klaipėda, Vilnius
    [True, False]
    """
    import numpy as np
    import shapely

    res = np.zeros(len(points), dtype=bool)
    tiles = sea_tiles()
    if tiles is None:
        bx0, by0, bx1, by1 = BUNDLED_SEA_WINDOW
        inside = (points[:, 0] >= bx0) & (points[:, 0] <= bx1) & (points[:, 1] >= by0) & (points[:, 1] <= by1)
        sea = load_seas()
        shapely.prepare(sea)
        res[inside] = shapely.contains_xy(sea, points[inside, 0], points[inside, 1])
        return res
    ti = np.floor((points[:, 0] + 180.0) / TILE_DEG).astype(int)
    tj = np.floor((points[:, 1] + 90.0) / TILE_DEG).astype(int)
    code = ti * 1000 + tj
    order = np.argsort(code, kind="stable")
    sc = code[order]
    cuts = np.flatnonzero(np.diff(sc)) + 1
    for grp in np.split(order, cuts):
        c = int(code[grp[0]])
        tile = tiles.get((c // 1000, c % 1000))
        if tile is None:
            continue
        shapely.prepare(tile)
        res[grp] = shapely.contains_xy(tile, points[grp, 0], points[grp, 1])
    return res


def tiles_cache_path() -> Path:
    """Where the sea tiles are cached (``seas-tiles-f3-pyXY.bmc`` in the cache folder)."""
    return cache_path("seas-tiles", fmt=TILES_FORMAT, suffix="bmc")


@functools.lru_cache(maxsize=1)
def sea_tiles() -> dict[tuple[int, int], BaseGeometry] | None:
    """The world sea polygon cut into 1.40625° tiles keyed by (column, row); None if not fetched.

    Read from the checked cache file (:func:`tiles_cache_path`) when it is valid and made from
    the present source file (same size and modification time); otherwise built from
    ``@geo-maps/earth-seas-10m`` in the cache folder (quad-tree of ``clip_by_rect`` calls,
    ``make_valid`` on each tile) and cached.
    A damaged cache file is rebuilt (with a warning), never used.
    """
    path = tiles_cache_path()
    src = cache_dir() / SEAS_FILE_NAME
    stamp = None
    if src.is_file():
        st = src.stat()
        stamp = {"source_bytes": st.st_size, "source_mtime_ns": st.st_mtime_ns}
    if path.is_file():
        try:
            tiles, meta = _read_tiles(path)
            if stamp is None or all(meta.get(k) == v for k, v in stamp.items()):
                return tiles
        except CacheError as err:
            warnings.warn(f"{err}; rebuilding the sea tiles", stacklevel=2)
    if stamp is None:
        return None
    tiles = _build_tiles(src)
    try:
        _write_tiles(path, tiles, stamp=stamp)
    except OutputError as err:
        warnings.warn(f"sea tiles not cached: {err}", stacklevel=2)
    return tiles


def _read_tiles(path: Path) -> tuple[dict[tuple[int, int], BaseGeometry], dict[str, object]]:
    """Tiles from the cache file; CacheError if it is damaged or of another layout."""
    import itertools

    import numpy as np
    import shapely

    arrays, meta = read_arrays(path)
    try:
        keys, offsets, blob = arrays["keys"], arrays["offsets"], arrays["wkb"]
    except KeyError as err:
        raise CacheError(f"cache file {path}: no array {err}") from err
    if meta.get("tile_deg") != TILE_DEG or meta.get("source") != SEAS_FILE_NAME:
        raise CacheError(f"cache file {path}: made for another tiling or source")
    n = len(keys)
    if (
        keys.ndim != 2
        or keys.shape[1] != 2
        or offsets.shape != (n + 1,)
        or blob.dtype != np.uint8
        or (n and (offsets[0] != 0 or offsets[-1] != len(blob) or np.any(np.diff(offsets) <= 0)))
    ):
        raise CacheError(f"cache file {path}: inconsistent tile arrays")
    raw = [blob[a:b].tobytes() for a, b in itertools.pairwise(offsets.tolist())]
    try:
        geoms: list[BaseGeometry] = list(shapely.from_wkb(raw)) if raw else []
    except shapely.errors.GEOSException as err:
        raise CacheError(f"cache file {path}: a tile is not valid WKB") from err
    return {(int(i), int(j)): g for (i, j), g in zip(keys.tolist(), geoms, strict=True)}, meta


def _write_tiles(path: Path, tiles: dict[tuple[int, int], BaseGeometry], *, stamp: dict[str, int]) -> None:
    import numpy as np
    import shapely

    order = sorted(tiles)
    wkb = [shapely.to_wkb(tiles[k]) for k in order]
    offsets = np.concatenate([[0], np.cumsum([len(w) for w in wkb], dtype=np.int64)]).astype(np.int64)
    blob = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    keys = np.array(order, dtype=np.int32).reshape(-1, 2)
    meta = {"tile_deg": TILE_DEG, "source": SEAS_FILE_NAME, **stamp}
    write_arrays(path, {"keys": keys, "offsets": offsets, "wkb": blob}, meta)


def _build_tiles(src: Path) -> dict[tuple[int, int], BaseGeometry]:
    import shapely

    world_sea = _read_any_geometry(src)
    tiles: dict[tuple[int, int], BaseGeometry] = {}

    def split(geom: BaseGeometry, i0: int, j0: int, ni: int, nj: int) -> None:
        if geom.is_empty:
            return
        if ni == 1 and nj == 1:
            tiles[(i0, j0)] = shapely.make_valid(geom)
            return
        halves_i = [(i0, ni // 2), (i0 + ni // 2, ni - ni // 2)] if ni > 1 else [(i0, 1)]
        halves_j = [(j0, nj // 2), (j0 + nj // 2, nj - nj // 2)] if nj > 1 else [(j0, 1)]
        for ci, cni in halves_i:
            for cj, cnj in halves_j:
                rect = (
                    -180 + ci * TILE_DEG,
                    -90 + cj * TILE_DEG,
                    -180 + (ci + cni) * TILE_DEG,
                    -90 + (cj + cnj) * TILE_DEG,
                )
                split(shapely.clip_by_rect(geom, *rect), ci, cj, cni, cnj)

    split(world_sea, 0, 0, 256, 128)
    return tiles


def _read_any_geometry(path: Path) -> BaseGeometry:
    """Union of the geometries of a GeoJSON file (FeatureCollection, Feature, collection or geometry)."""
    import json

    import shapely
    from shapely.geometry import shape

    data = json.loads(path.read_bytes())
    if data.get("type") == "FeatureCollection":
        geoms = [shape(f["geometry"]) for f in data["features"] if f.get("geometry")]
    elif data.get("type") == "Feature":
        geoms = [shape(data["geometry"])]
    elif data.get("type") == "GeometryCollection":
        geoms = [shape(g) for g in data["geometries"]]
    else:
        geoms = [shape(data)]
    return geoms[0] if len(geoms) == 1 else shapely.GeometryCollection(geoms)
