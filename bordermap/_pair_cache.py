"""The report's cache of what it computes for one pair of countries: the border, its corridors, the map's geometry.

:func:`bordermap.run_report` spends most of its time on geometry that depends only on the
dataset and the pair: the shared border (:func:`bordermap.shared_border`), the narrow corridors
near it (:func:`bordermap.border_measures`) and the countries simplified for the map
(:func:`bordermap.geometry.display.simplify_countries`).  A report on new articles about a border
already reported on reads them back from the cache folder instead
(:data:`bordermap.settings.use_cache`; ``False`` always computes).

An entry is found by a key that hashes everything the result is computed from:

* the dataset file's bytes (the bundled world by default) and the pair, in order;
* every setting (:mod:`bordermap.settings`) of a plain type;
* the source of bordermap itself (every ``.py`` file of the package) and the gazetteer's sources
  (the key of its index: the GeoNames and wordfreq versions and the bundled CSV files; corridors
  list the places on their smaller side);
* the versions of shapely and GEOS, pyproj and PROJ, numpy, pandas and geopandas.

Entries are :func:`bordermap._cache.write_arrays` files: WKB bytes and JSON, never Python
objects, with a checksum.  One that fails its checksum, was written for another key or cannot be
rebuilt into the objects is ignored and computed again (and rewritten).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import settings
from ._cache import CacheError, cache_path, file_digest, read_arrays, write_arrays
from .exc import OutputError

if TYPE_CHECKING:
    import geopandas as gpd

    from .geometry.borders import Border
    from .geometry.display import DisplayGeometry

#: Format of an entry; a new layout gets a new number (and file names).
FORMAT = 1


@dataclass
class PairEntry:
    """What the cache keeps for one pair: the border, its corridors table and, once drawn, the map's geometry.

    Attributes
    ----------
    border : Border
    corridors : GeoDataFrame or None
        :attr:`bordermap.BorderMeasures.corridors` for the report's default corridor options.
    display : DisplayGeometry or None
        :func:`bordermap.geometry.display.simplify_countries` of the dataset and the border, default options.
    """

    border: Border
    corridors: gpd.GeoDataFrame | None = None
    display: DisplayGeometry | None = None


@functools.lru_cache(maxsize=1)
def _code_and_versions() -> str:
    """Hash of bordermap's own source, the gazetteer's sources, and the geometry libraries' versions."""
    import geopandas
    import numpy
    import pandas
    import pyproj
    import shapely

    from .text.gazetteer import packaged_index_name

    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    h.update(packaged_index_name().encode())
    versions = (
        f"shapely={shapely.__version__};geos={shapely.geos_version_string};pyproj={pyproj.__version__};"
        f"proj={pyproj.proj_version_str};numpy={numpy.__version__};pandas={pandas.__version__};"
        f"geopandas={geopandas.__version__}"
    )
    h.update(versions.encode())
    return h.hexdigest()


def _settings_snapshot() -> dict[str, Any]:
    """Every setting of a plain type (numbers, text, flags; the cache folder left out)."""
    return {
        name: value
        for name, value in sorted(settings.current().items())
        if name not in ("cache_folder", "use_cache") and (value is None or isinstance(value, (bool, int, float, str)))
    }


def pair_key(dataset: Path, a: str, b: str) -> str:
    """The key of the entry for the pair ``(a, b)`` (ISO alpha-3, in the border's order) of a dataset file.

    Examples
    --------
    >>> from bordermap.data.world import world_countries_path
    >>> k = pair_key(world_countries_path(), "LTU", "BLR")
    >>> len(k), k == pair_key(world_countries_path(), "BLR", "LTU")
    (64, False)
    """
    key = {
        "format": FORMAT,
        "dataset": file_digest(dataset),
        "pair": [a, b],
        "settings": _settings_snapshot(),
        "code": _code_and_versions(),
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def entry_path(key: str) -> Path:
    """The cache file of an entry."""
    return cache_path("pair", fmt=FORMAT, suffix="bmc", key=key[:32])


def load_entry(key: str) -> PairEntry | None:
    """The entry for ``key``, or None if there is none or it cannot be used (checked: see the module notes)."""
    if not settings.use_cache:
        return None
    path = entry_path(key)
    if not path.exists():
        return None
    try:
        arrays, meta = read_arrays(path, mmap=False)
        if meta.get("key") != key:
            raise CacheError(f"cache file {path}: written for another key")
        return _entry_from(arrays["wkb"].tobytes(), meta)
    except (CacheError, KeyError, TypeError, ValueError, IndexError):
        return None  # damaged, edited or of another shape: computed again and rewritten


def store_entry(key: str, entry: PairEntry) -> None:
    """Write (or replace) the entry for ``key``; a cache folder that cannot be written is left alone."""
    if not settings.use_cache:
        return
    import numpy as np

    blobs = _Blobs()
    meta = {"key": key, "border": _border_meta(entry.border, blobs)}
    if entry.corridors is not None:
        meta["corridors"] = _frame_meta(entry.corridors, blobs)
    if entry.display is not None:
        d = entry.display
        meta["display"] = {
            "countries": _frame_meta(d.countries, blobs),
            "border": blobs.add(d.border),
            "hausdorff_m": d.hausdorff_m,
            "crs": d.crs,
            "simplify_m": d.simplify_m,
            "fallbacks": list(d.fallbacks),
        }
    # a read-only cache folder, or a value JSON cannot hold: the report is written all the same, only not kept
    with contextlib.suppress(OutputError, ValueError, TypeError):
        write_arrays(entry_path(key), {"wkb": np.frombuffer(blobs.data(), dtype=np.uint8)}, meta)


class _Blobs:
    """Geometries as WKB, concatenated; each is referred to by its (offset, length)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, geom: Any) -> list[int] | None:
        import shapely

        if geom is None:
            return None
        raw = shapely.to_wkb(geom, flavor="iso", include_srid=False)
        ref = [self.size, len(raw)]
        self.parts.append(raw)
        self.size += len(raw)
        return ref

    def data(self) -> bytes:
        return b"".join(self.parts)


def _geom(buf: bytes, ref: list[int] | None) -> Any:
    import shapely

    if ref is None:
        return None
    start, length = int(ref[0]), int(ref[1])
    if start < 0 or length <= 0 or start + length > len(buf):
        raise ValueError("geometry outside the entry")
    return shapely.from_wkb(buf[start : start + length])


def _border_meta(border: Border, blobs: _Blobs) -> dict[str, Any]:
    return {
        "a": border.a,
        "b": border.b,
        "names": list(border.names),
        "geometry": blobs.add(border.geometry),
        "length_km": border.length_km,
        "maritime_km": border.maritime_km,
        "tolerance_m": border.tolerance_m,
        "tripoints": [[t.lon, t.lat, list(t.countries), t.kind] for t in border.tripoints],
    }


def _frame_meta(frame: gpd.GeoDataFrame, blobs: _Blobs) -> dict[str, Any]:
    """A GeoDataFrame's columns as JSON lists (with their dtypes) and its geometries as WKB references."""
    geom_col = frame.geometry.name
    columns = [c for c in frame.columns if c != geom_col]
    return {
        "columns": columns,
        "dtypes": [str(frame[c].dtype) for c in columns],
        "values": [_json_values(frame[c].tolist()) for c in columns],
        "geometry_column": geom_col,
        "geometry": [blobs.add(g) for g in frame.geometry],
        "crs": frame.crs.to_string() if frame.crs is not None else None,
    }


def _json_values(values: list[Any]) -> list[Any]:
    """Plain JSON values (numpy scalars and tuples made Python floats, ints and lists)."""
    import numpy as np

    def plain(v: Any) -> Any:
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, (list, tuple, np.ndarray)):
            return [plain(x) for x in v]
        return v

    out = [plain(v) for v in values]
    json.dumps(out, allow_nan=True)  # anything else (an object) fails here, before the file is written
    return out


def _frame_from(buf: bytes, meta: dict[str, Any]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    data = {
        c: pd.Series(values, dtype=dtype if dtype != "object" else object)
        for c, dtype, values in zip(meta["columns"], meta["dtypes"], meta["values"], strict=True)
    }
    geoms = [_geom(buf, ref) for ref in meta["geometry"]]
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(geoms)))
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index), crs=meta["crs"])
    return out if meta["geometry_column"] == "geometry" else out.rename_geometry(meta["geometry_column"])


def _entry_from(buf: bytes, meta: dict[str, Any]) -> PairEntry:
    from .geometry.borders import Border, Tripoint
    from .geometry.display import DisplayGeometry

    m = meta["border"]
    border = Border(
        a=str(m["a"]),
        b=str(m["b"]),
        names=(str(m["names"][0]), str(m["names"][1])),
        geometry=_geom(buf, m["geometry"]),
        length_km=float(m["length_km"]),
        maritime_km=float(m["maritime_km"]),
        tolerance_m=float(m["tolerance_m"]),
        tripoints=tuple(Tripoint(float(x), float(y), tuple(c), str(k)) for x, y, c, k in m["tripoints"]),
    )
    corridors = _frame_from(buf, meta["corridors"]) if "corridors" in meta else None
    display = None
    if "display" in meta:
        d = meta["display"]
        display = DisplayGeometry(
            _frame_from(buf, d["countries"]),
            _geom(buf, d["border"]),
            None if d["hausdorff_m"] is None else float(d["hausdorff_m"]),
            str(d["crs"]),
            float(d["simplify_m"]),
            tuple(str(c) for c in d["fallbacks"]),
        )
    return PairEntry(border, corridors, display)
