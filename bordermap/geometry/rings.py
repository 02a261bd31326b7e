"""Rings of a polygon dataset as flat coordinate arrays: :class:`Rings`, for :func:`border_table`.

:func:`read_rings` reads a GeoJSON FeatureCollection of (Multi)Polygons straight into arrays
(no GeoDataFrame, no shapely objects, no pandas); :func:`rings_from_frame` flattens a countries
GeoDataFrame.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np


#: Number and ring separators to line ends, for the coordinate parse of :func:`read_rings`.
_TO_LINES = bytes.maketrans(b",;", b"\n\n")
#: Coordinate text parsed at once by :func:`read_rings`.
_BATCH_BYTES = 4 << 20


@dataclass
class Rings:
    """All rings of a dataset as flat arrays (lon/lat, WGS84).

    Attributes
    ----------
    xy : ndarray (n, 2)
        Vertex coordinates (lon, lat); every ring is closed (last vertex = first).
    offsets : ndarray (m + 1,)
        Ring ``k`` is ``xy[offsets[k]:offsets[k + 1]]``.
    country : ndarray (m,)
        Index into ``iso`` of each ring's country.
    iso, names : list of str
        ISO alpha-3 codes and names, in dataset order.
    """

    xy: np.ndarray
    offsets: np.ndarray
    country: np.ndarray
    iso: list[str]
    names: list[str]


def rings_from_frame(frame: gpd.GeoDataFrame) -> Rings:
    """Flatten a countries GeoDataFrame (as from :func:`load_countries`) into :class:`Rings`."""
    import numpy as np
    import shapely

    geoms = np.asarray(frame.geometry.values, dtype=object)
    parts, part_idx = shapely.get_parts(geoms, return_index=True)
    polys = np.array([g.geom_type == "Polygon" for g in parts])
    parts, part_idx = parts[polys], part_idx[polys]
    rings, ring_idx = shapely.get_rings(parts, return_index=True)
    xy, coord_ring = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(coord_ring, minlength=len(rings))
    offsets = np.concatenate([[0], np.cumsum(counts)])
    return Rings(
        xy=xy,
        offsets=offsets,
        country=part_idx[ring_idx],
        iso=[str(x) for x in frame["iso_a3"]],
        names=[str(x) for x in frame["name"]],
    )


def read_rings(path: str | os.PathLike[str]) -> Rings:
    """Read the rings of a GeoJSON FeatureCollection of (Multi)Polygons, fast.

    The text of each feature's ``coordinates`` is cut into rings (ring structure only:
    which ring is a hole does not matter for boundaries) and all numbers are parsed in one
    pass by pyarrow's CSV reader (correctly rounded: the floats ``json`` gives), straight
    into float64 arrays; no GeoDataFrame, shapely object or pandas is made.  Country codes
    come from the first code property found (``A3``, ``iso_a3``, ...).  Files this reader
    cannot follow are read with :func:`load_countries` instead.

    Parameters
    ----------
    path : str or path
        A GeoJSON file.

    Returns
    -------
    Rings
    """
    import re

    import numpy as np

    from ..data.countries import _ISO_COLUMNS, _NAME_COLUMNS, country_names

    raw = Path(path).read_bytes()
    feats = list(re.finditer(rb'"coordinates"\s*:\s*(\[)', raw))
    props = re.findall(rb'"properties"\s*:\s*(\{[^{}]*\})', raw)
    if not feats or len(feats) != len(props) or b'"GeometryCollection"' in raw:
        return rings_from_frame(_load(path))
    import json

    iso: list[str] = []
    names: list[str] = []
    cn = country_names()
    for p in props:
        d = json.loads(p)
        code = next((str(d[c]) for c in _ISO_COLUMNS if c in d), None)
        name = next((str(d[c]) for c in _NAME_COLUMNS if c in d), None)
        iso.append((code or name or "?").upper())
        names.append(name or cn.get((code or "").upper(), code or "?"))
    ring_country: list[int] = []
    ring_sizes: list[int] = []
    batch: list[bytes] = []  # text of a few features, parsed together (memory stays small)
    batch_bytes = 0
    parsed: list[np.ndarray] = []
    for k, start in enumerate([m.start(1) for m in feats]):
        end = raw.index(b"}", start)
        body = raw[start:end].translate(None, b" \n\r\t")
        body = re.sub(rb"\]\]+,\[\[+", b";", body).strip(b"[]")
        for ring in body.split(b";"):
            ring_sizes.append(ring.count(b",") + 1)
            ring_country.append(k)
        batch.append(body.translate(_TO_LINES, b"[]"))
        batch_bytes += len(body)
        if batch_bytes >= _BATCH_BYTES or k == len(feats) - 1:
            values = _parse_lines(b"\n".join(batch))
            if values is None:
                return rings_from_frame(_load(path))
            parsed.append(values)
            batch, batch_bytes = [], 0
    del raw, feats, body
    flat = np.concatenate(parsed)
    del parsed
    sizes = np.asarray(ring_sizes)
    if flat.size != sizes.sum() or np.any(sizes % 2):
        return rings_from_frame(_load(path))
    xy = flat.reshape(-1, 2)
    offsets = np.concatenate([[0], np.cumsum(sizes // 2)])
    return Rings(xy=xy, offsets=offsets, country=np.asarray(ring_country), iso=iso, names=names)


def _parse_lines(text: bytes) -> np.ndarray | None:
    """The decimal numbers of ``text``, one a line; None if it holds anything else.

    Parsed by pyarrow's CSV reader (multi-threaded; correctly rounded, so the very floats
    ``float()`` gives), read out of its buffers without pandas.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        col = pcsv.read_csv(
            pa.py_buffer(text),
            read_options=pcsv.ReadOptions(column_names=["v"], block_size=1 << 20),
            parse_options=pcsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types={"v": pa.float64()}),
            memory_pool=pa.system_memory_pool(),
        ).column("v")
    except pa.ArrowInvalid:
        return None
    if col.null_count:
        return None
    out = np.empty(len(col))
    at = 0
    for chunk in col.chunks:  # float64 without nulls: the values buffer, read in place
        n = len(chunk)
        out[at : at + n] = np.frombuffer(chunk.buffers()[1], dtype=np.float64, count=n, offset=chunk.offset * 8)
        at += n
    return out


def _load(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    from ..data.countries import load_countries

    return load_countries(path)
