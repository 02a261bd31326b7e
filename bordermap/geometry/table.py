"""Every land border of a dataset at once: :func:`border_table`.

Method (array-based, no pairwise polygon overlay): all polygon rings are flattened
into one coordinate array.  Vertices at exactly the same position in two countries'
rings are shared (the OpenStreetMap-derived polygons are built from common boundary
ways, so most of a border's vertices coincide).  A ring segment whose two ends are
shared with the same country belongs to that border.  Stretches where the vertices do
not coincide are bridged as in :func:`bordermap.shared_border`: a gap between two
shared stretches of one ring is added when it is at most ``max_gap_m`` long and every
vertex of it lies within ``bridge_m`` of the other country's boundary vertices.  Each
border is measured along the ring of the alphabetically first country (as
:func:`shared_border` does), geodesically on WGS84.  Segments whose middle lies at sea
(the sea mask of :mod:`bordermap.geometry.seas`) are counted as maritime, not land.  Pieces
shorter than :data:`settings.min_piece_m` are dropped.  Pairs that meet only at sea
are left out.

Inputs: the bundled world by default (GeoParquet, read in a fraction of a second); a GeoJSON
path is parsed by a streamlined ring reader (:func:`read_rings`).
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd


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

    Coordinates are parsed in one NumPy pass over the text of each feature's
    ``coordinates`` (ring structure only: which ring is a hole does not matter for
    boundaries).  Country codes come from the first code property found
    (``A3``, ``iso_a3``, ...).  Files this reader cannot follow are read with
    :func:`load_countries` instead.
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
    texts = []
    ring_country: list[int] = []
    ring_sizes: list[int] = []
    for k, m in enumerate(feats):
        start = m.start(1)
        end = raw.index(b"}", start)
        body = raw[start:end].rstrip()
        body = re.sub(rb"\]\s*\]\s*(\]\s*)*,\s*(\[\s*)*\[\s*\[", b";", body)
        body = body.strip(b"[] \n\r\t")
        for ring in body.split(b";"):
            ring_sizes.append(ring.count(b",") + 1)
            ring_country.append(k)
        texts.append(body.replace(b"]", b" ").replace(b"[", b" ").replace(b";", b","))
    flat = np.array(b",".join(texts).split(b","), dtype=np.float64)
    sizes = np.asarray(ring_sizes)
    if flat.size != sizes.sum() or np.any(sizes % 2):
        return rings_from_frame(_load(path))
    xy = flat.reshape(-1, 2)
    offsets = np.concatenate([[0], np.cumsum(sizes // 2)])
    return Rings(xy=xy, offsets=offsets, country=np.asarray(ring_country), iso=iso, names=names)


def _load(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    from ..data.countries import load_countries

    return load_countries(path)


@overload
def border_table(
    countries: gpd.GeoDataFrame | str | os.PathLike[str] | Rings | None = ...,
    *,
    tolerance_m: float | None = ...,
    bridge_m: float = ...,
    max_gap_m: float = ...,
    sea_mask: bool = ...,
    progress: bool | None = ...,
    geometry: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def border_table(
    countries: gpd.GeoDataFrame | str | os.PathLike[str] | Rings | None = ...,
    *,
    tolerance_m: float | None = ...,
    bridge_m: float = ...,
    max_gap_m: float = ...,
    sea_mask: bool = ...,
    progress: bool | None = ...,
    geometry: Literal[True],
) -> gpd.GeoDataFrame: ...


def border_table(
    countries: gpd.GeoDataFrame | str | os.PathLike[str] | Rings | None = None,
    *,
    tolerance_m: float | None = None,
    bridge_m: float = 1000.0,
    max_gap_m: float = 10_000.0,
    sea_mask: bool = True,
    progress: bool | None = None,
    geometry: bool = False,
) -> pd.DataFrame | gpd.GeoDataFrame:
    """All pairs of countries sharing a land border, with lengths and tripoints.

    Parameters
    ----------
    countries : GeoDataFrame, str, path or Rings, optional
        Default (or ``"world"``) the bundled world; a path of a GeoJSON file (read by a fast
        ring reader) or of any dataset :func:`load_countries` reads; or a GeoDataFrame as from
        :func:`load_countries`.
    tolerance_m : float, optional
        Gaps of any length are bridged where they stay within this distance (metres)
        of the other country; default :data:`settings.tolerance_m`.
    bridge_m, max_gap_m : float
        Gap bridging, as in :func:`bordermap.shared_border` (metres).
    sea_mask : bool
        Leave the segments at sea out of ``length_km`` (the default); False keeps them in it.
        Either way ``maritime_km`` is the length of the segments at sea.
    progress : bool, optional
        Show a tqdm progress bar over the pairs (default: when there are more than 50
        countries).
    geometry : bool
        Also give each border's line: the result is then a GeoDataFrame in EPSG:4326 whose
        ``geometry`` is a MultiLineString (lon, lat) of the pieces counted in ``length_km``,
        ready for ``to_file`` (GeoJSON, GeoPackage, ...) in one call.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        One row per pair, longest first: ``a``, ``b`` (ISO alpha-3, ``a < b``),
        ``name_a``, ``name_b``, ``length_km`` (land; with ``sea_mask=False`` also the sea part),
        ``maritime_km`` (the part at sea), ``pieces``
        (number of lines), ``tripoints`` (ISO codes of the third countries met at the
        ends, ``;``-separated), ``ends`` (number of line ends); with ``geometry=True`` also
        ``geometry``.

    Raises
    ------
    ArgumentError
        ``geometry`` or ``sea_mask`` not a bool, or a bad distance.
    InputFileError
        ``countries`` names a file that does not exist.

    Examples
    --------
    >>> t = border_table()
    >>> row = t[(t.a == "BLR") & (t.b == "LTU")].iloc[0]
    >>> bool(660 < row.length_km < 690), row.tripoints
    (True, 'LVA;POL')
    >>> len(t[(t.a == "EST") & (t.b == "LTU")])  # no land border
    0
    >>> g = border_table(geometry=True)
    >>> g.crs.to_epsg(), g.geometry.iloc[0].geom_type
    (4326, 'MultiLineString')
    """
    import numpy as np
    import pandas as pd

    from .. import settings
    from ..exc import ArgumentError
    from .borders import check_metres

    for flag, value in (("geometry", geometry), ("sea_mask", sea_mask)):
        if not isinstance(value, bool):
            raise ArgumentError(f"{flag}={value!r}: must be True or False")
    bridge = check_metres(bridge_m, name="bridge_m", allow_zero=True)
    max_gap = check_metres(max_gap_m, name="max_gap_m", allow_zero=True)
    if isinstance(countries, Rings):
        rings = countries
    elif countries is None or (isinstance(countries, str) and countries == "world"):
        from ..data.countries import load_countries

        rings = rings_from_frame(load_countries())
    elif isinstance(countries, (str, os.PathLike)):
        p = Path(countries)
        if not p.is_file():
            from ..exc import InputFileError

            raise InputFileError(f"{p}: no such file")
        rings = read_rings(p) if p.suffix.lower() in (".geojson", ".json") else rings_from_frame(_load(p))
    else:
        rings = rings_from_frame(countries)
    # Country ids in alphabetical order of ISO code: each border is measured on the first.
    order = np.argsort(np.asarray(rings.iso), kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    xy = rings.xy
    n = len(xy)
    ring_of = np.repeat(np.arange(len(rings.offsets) - 1), np.diff(rings.offsets))
    cid = rank[rings.country[ring_of]]
    nb = _shared_neighbour(xy, cid)
    # segments i -> i+1 within a ring
    last = np.zeros(n, dtype=bool)
    last[rings.offsets[1:] - 1] = True
    seg_ok = ~last
    a_nb, b_nb = nb[:-1], nb[1:]
    other = np.where(a_nb >= 0, a_nb, b_nb)
    shared = seg_ok[:-1] & (other >= 0) & ((a_nb == other) | (a_nb == -2)) & ((b_nb == other) | (b_nb == -2))
    shared &= other > cid[:-1]  # measure each border once, on the first country's ring
    seg_other = np.where(shared, other, -1)
    seg_other = np.append(seg_other, -1)
    if bridge > 0 and max_gap > 0:
        tol = check_metres(settings.tolerance_m if tolerance_m is None else tolerance_m)
        seg_other = _bridge(xy, rings, cid, ring_of, seg_other, bridge, max_gap, tol)
    idx = np.nonzero(seg_other >= 0)[0]
    seg_len = np.zeros(n)
    seg_len[idx] = segment_lengths_m(xy[idx], xy[idx + 1]) / 1000.0
    at_sea = np.zeros(n, dtype=bool)
    if len(idx):  # measured with the mask off too: maritime_km is then the part of length_km at sea
        mid = (xy[idx] + xy[idx + 1]) / 2.0
        from .seas import at_sea as at_sea_points

        at_sea[idx] = at_sea_points(mid)
    land = (seg_other >= 0) & ~at_sea if sea_mask else seg_other >= 0
    names_sorted = [rings.iso[i] for i in order]
    full_names = [rings.names[i] for i in order]
    rows = _pairs(seg_other, land, at_sea, seg_len, cid, ring_of, names_sorted, full_names, progress, rings.offsets)
    _add_tripoints(rows, xy, cid, nb, names_sorted)
    cols = ["a", "b", "name_a", "name_b", "length_km", "maritime_km", "pieces", "tripoints", "ends"]
    out = pd.DataFrame(rows, columns=cols)
    if geometry:
        import geopandas as gpd
        import shapely

        lines = [
            shapely.multilinestrings([shapely.linestrings(xy[_run_vertices(run)]) for run in r["_runs"]]) for r in rows
        ]
        out = gpd.GeoDataFrame(out, geometry=lines, crs="EPSG:4326")
    return out.sort_values("length_km", ascending=False, kind="stable").reset_index(drop=True)


def _run_vertices(run: np.ndarray) -> np.ndarray:
    """Vertex indices of a run of segments (each segment ``i`` goes from vertex ``i`` to ``i + 1``)."""
    import numpy as np

    return np.append(run, run[-1] + 1)


def _join_across_ring_start(runs: list[np.ndarray], ring_of: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    """Join a run ending at a ring's last segment with one starting at its first segment."""
    import numpy as np

    first_seg = {int(r[0]): i for i, r in enumerate(runs)}
    out = list(runs)
    drop: set[int] = set()
    for i, r in enumerate(runs):
        ring = int(ring_of[r[-1]])
        if int(r[-1]) == int(offsets[ring + 1]) - 2:  # last segment of its ring
            j = first_seg.get(int(offsets[ring]))
            if j is not None and j != i and j not in drop:
                out[i] = np.concatenate([r, runs[j]])
                drop.add(j)
    return [r for i, r in enumerate(out) if i not in drop]


def _keys(xy: np.ndarray) -> np.ndarray:
    import numpy as np

    bits = np.ascontiguousarray(xy).view(np.int64)
    with np.errstate(over="ignore"):
        return bits[:, 0] * np.int64(1_000_003) ^ bits[:, 1]


def _shared_neighbour(xy: np.ndarray, cid: np.ndarray) -> np.ndarray:
    """Per vertex: the one other country at exactly that position, -2 if several, -1 if none."""
    import numpy as np

    key = _keys(xy)
    order = np.argsort(key)
    k, c = key[order], cid[order]
    start = np.concatenate([[True], k[1:] != k[:-1]])
    starts = np.nonzero(start)[0]
    size = np.diff(np.append(starts, len(k)))
    multi = size > 1
    res_sorted = np.full(len(k), -1, dtype=np.int64)
    # only groups of two or more vertices can be shared
    mstarts = starts[multi]
    in_multi = np.repeat(multi, size)
    pos = np.nonzero(in_multi)[0]
    if len(pos):
        gid = np.repeat(np.arange(len(mstarts)), size[multi])
        cm = c[pos]
        local_starts = np.concatenate([[0], np.cumsum(size[multi])[:-1]])
        cmin = np.minimum.reduceat(cm, local_starts)[gid]
        cmax = np.maximum.reduceat(cm, local_starts)[gid]
        third = np.add.reduceat(((cm != cmin) & (cm != cmax)).astype(np.int64), local_starts)[gid] > 0
        val = np.where(cmin == cmax, -1, np.where(third, -2, cmin + cmax - cm))
        res_sorted[pos] = val
    out = np.empty_like(res_sorted)
    out[order] = res_sorted
    return out


def _add_tripoints(
    rows: list[dict[str, Any]], xy: np.ndarray, cid: np.ndarray, nb: np.ndarray, iso: list[str], reach_m: float = 500.0
) -> None:
    """Third countries at each line end: those with a border vertex within ``reach_m`` of it."""
    import numpy as np
    from scipy.spatial import cKDTree

    ends = np.array(sorted({v for r in rows for v in r["_ends"]}), dtype=np.int64)
    at: dict[int, set[int]] = {}
    if len(ends):
        on_border = np.nonzero(nb != -1)[0]
        cell = 0.02  # degrees; > reach_m everywhere but near the poles
        ex = np.floor(xy[ends] / cell).astype(np.int64)
        wanted = {(int(i) + di, int(j) + dj) for i, j in ex for di in (-1, 0, 1) for dj in (-1, 0, 1)}
        vc = np.floor(xy[on_border] / cell).astype(np.int64)
        code = vc[:, 0] * 100_000 + vc[:, 1]
        want = np.array([i * 100_000 + j for i, j in wanted], dtype=np.int64)
        on_border = on_border[np.isin(code, want)]
        tree = cKDTree(_unit(xy[on_border]))
        for v, near in zip(ends, tree.query_ball_point(_unit(xy[ends]), reach_m / _R), strict=True):
            at[int(v)] = {int(c) for c in cid[on_border[near]]}
    for r in rows:
        a, b = r.pop("_ab")
        third: set[int] = set()
        for v in r.pop("_ends"):
            third |= at.get(v, set()) - {a, b}
        r["tripoints"] = ";".join(sorted(iso[c] for c in third))


def _bridge(
    xy: np.ndarray,
    rings: Rings,
    cid: np.ndarray,
    ring_of: np.ndarray,
    seg_other: np.ndarray,
    bridge_m: float,
    max_gap_m: float,
    tolerance_m: float,
) -> np.ndarray:
    """Fill gaps between stretches shared with the same country along a ring.

    Within a gap, segments whose ends lie within ``tolerance_m`` of the other country
    (or inside it) are shared; the remaining runs are bridged when at most
    ``max_gap_m`` long and within ``bridge_m`` of the other country all along.
    """
    import numpy as np

    out = seg_other.copy()
    idx = np.nonzero(seg_other >= 0)[0]
    if len(idx) < 2:
        return out
    # consecutive shared segments on the same ring, same neighbour, with a gap between them
    prev, nxt = idx[:-1], idx[1:]
    cand = (nxt - prev > 1) & (ring_of[prev] == ring_of[nxt]) & (seg_other[prev] == seg_other[nxt])
    prev, nxt = prev[cand], nxt[cand]
    if len(prev) == 0:
        return out
    # gap g covers vertices prev+1 .. nxt (both ends shared) and segments prev+1 .. nxt-1
    sizes = nxt - prev  # vertices per gap
    gstart = np.concatenate([[0], np.cumsum(sizes)])
    verts = np.concatenate([np.arange(p + 1, q + 1) for p, q in zip(prev, nxt, strict=True)])
    gid = np.repeat(np.arange(len(prev)), sizes)
    seg_m = segment_lengths_m(xy[verts[:-1]], xy[verts[1:]])
    gap_total = np.add.reduceat(np.append(seg_m, 0.0), gstart[:-1]) - 0.0
    # the segment after each gap's last vertex belongs to the next gap: subtract it
    last_seg = gstart[1:] - 1
    gap_total = gap_total - np.where(last_seg < len(seg_m), seg_m[np.minimum(last_seg, len(seg_m) - 1)], 0.0)
    ok_gap = gap_total <= 500_000.0  # half a continent's coast between two stretches: not a gap
    other_of = seg_other[prev]
    dist = np.zeros(len(verts))
    interior = np.ones(len(verts), dtype=bool)
    interior[gstart[:-1]] = False
    interior[gstart[1:] - 1] = False
    starts = rings.offsets[:-1]
    ring_box = np.column_stack(
        [
            np.minimum.reduceat(xy[:, 0], starts),
            np.minimum.reduceat(xy[:, 1], starts),
            np.maximum.reduceat(xy[:, 0], starts),
            np.maximum.reduceat(xy[:, 1], starts),
        ]
    )
    ring_country = cid[starts]
    polys: dict[int, Any] = {}
    for other in np.unique(other_of[ok_gap]):
        sel = interior & ok_gap[gid] & (other_of[gid] == other)
        if not sel.any():
            continue
        pts = xy[verts[sel]]
        tree = _country_tree(xy, cid, int(other), pts, bridge_m)
        d = _distance_to_country(pts, xy, tree, bridge_m)
        d[_inside(pts, xy, rings.offsets, ring_country, ring_box, int(other), polys)] = 0.0
        dist[sel] = d
    for g in np.nonzero(ok_gap)[0]:
        a, b = gstart[g], gstart[g + 1]
        dg = dist[a:b]
        sm = seg_m[a : b - 1]
        near = (dg[:-1] <= tolerance_m) & (dg[1:] <= tolerance_m)
        if near.all():
            out[prev[g] + 1 : nxt[g]] = other_of[g]
            continue
        far = np.maximum(dg[:-1], dg[1:])
        fill = near.copy()
        # runs of segments beyond the tolerance: bridge the short ones that stay within reach
        edges = np.flatnonzero(np.diff(np.concatenate([[0], (~near).astype(np.int8), [0]])))
        for k, m in zip(edges[::2], edges[1::2], strict=True):
            if sm[k:m].sum() <= max_gap_m and far[k:m].max() <= bridge_m:
                fill[k:m] = True
        out[prev[g] + 1 : nxt[g]][fill] = other_of[g]
    return out


def segment_lengths_m(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Lengths (m) of segments p -> q given as (lon, lat) arrays, on the WGS84 ellipsoid.

    Short segments use the ellipsoid's local radii at the middle latitude (relative
    error below 1e-6 for segments of a few km); segments over 20 km use
    :meth:`pyproj.Geod.inv`.
    """
    import numpy as np

    from .projection import geod

    a, f = 6_378_137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    phi = np.radians((p[:, 1] + q[:, 1]) / 2.0)
    w = 1.0 - e2 * np.sin(phi) ** 2
    m_rad = a * (1 - e2) / w**1.5
    n_rad = a / np.sqrt(w)
    dlon = np.radians((q[:, 0] - p[:, 0] + 180.0) % 360.0 - 180.0)
    dlat = np.radians(q[:, 1] - p[:, 1])
    d = np.hypot(dlon * n_rad * np.cos(phi), dlat * m_rad)
    long_ = d > 20_000.0
    if long_.any():
        _, _, dd = geod().inv(p[long_, 0], p[long_, 1], q[long_, 0], q[long_, 1])
        d[long_] = dd
    return d  # type: ignore[no-any-return]


def _inside(
    pts: np.ndarray,
    xy: np.ndarray,
    offsets: np.ndarray,
    ring_country: np.ndarray,
    ring_box: np.ndarray,
    country: int,
    polys: dict[int, Any],
) -> np.ndarray:
    """True for points inside ``country`` (even-odd rule over its rings, so holes count)."""
    import numpy as np
    import shapely

    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    sel = np.nonzero(
        (ring_country == country)
        & (ring_box[:, 0] <= x1)
        & (ring_box[:, 2] >= x0)
        & (ring_box[:, 1] <= y1)
        & (ring_box[:, 3] >= y0)
    )[0]
    parity = np.zeros(len(pts), dtype=bool)
    for r in sel:
        poly = polys.get(int(r))
        if poly is None:
            ring = xy[offsets[r] : offsets[r + 1]]
            if len(ring) < 4:
                continue
            poly = polys[int(r)] = shapely.Polygon(ring)
            shapely.prepare(poly)
        bx0, by0, bx1, by1 = ring_box[r]
        m = (pts[:, 0] >= bx0) & (pts[:, 0] <= bx1) & (pts[:, 1] >= by0) & (pts[:, 1] <= by1)
        if m.any():
            parity[m] ^= shapely.contains_xy(poly, pts[m, 0], pts[m, 1])
    return parity


def _unit(lonlat: np.ndarray) -> np.ndarray:
    import numpy as np

    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _country_tree(xy: np.ndarray, cid: np.ndarray, country: int, near: np.ndarray, reach_m: float) -> Any:
    """KD-tree (unit-sphere coordinates) of one country's vertices around the points ``near``,
    with the ``xy`` row of each tree point."""
    import numpy as np
    from scipy.spatial import cKDTree

    pad = reach_m / 111_000.0 * 5 + 0.05
    x0, y0 = near.min(axis=0) - pad
    x1, y1 = near.max(axis=0) + pad
    ids = np.nonzero(cid == country)[0]
    box = (xy[ids, 0] >= x0) & (xy[ids, 0] <= x1) & (xy[ids, 1] >= y0) & (xy[ids, 1] <= y1)
    ids = ids[box] if box.sum() >= 3 else ids
    return cKDTree(_unit(xy[ids])), ids


_R = 6_371_008.8


def _distance_to_country(pts: np.ndarray, xy: np.ndarray, tree: Any, reach_m: float) -> np.ndarray:
    """Distance (m) from (lon, lat) points to a country's boundary: nearest of the segments
    next to its 3 nearest vertices (exact enough where vertices are dense)."""
    import numpy as np

    tree, ids = tree
    u = _unit(pts)
    k = min(3, tree.n)
    d, j = tree.query(u, k=k)
    d, j = np.atleast_2d(d.T).T if d.ndim == 1 else d, np.atleast_2d(j.T).T if j.ndim == 1 else j
    best = d[:, 0] * _R
    n = len(xy)
    for col in range(k):
        v = ids[np.minimum(j[:, col], len(ids) - 1)]
        for w in (v - 1, v + 1):
            w = np.clip(w, 0, n - 1)
            a, b = _unit(xy[v]), _unit(xy[w])
            ab = b - a
            t = np.clip(np.einsum("ij,ij->i", u - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-30), 0, 1)
            proj = a + ab * t[:, None]
            dd = np.linalg.norm(u - proj, axis=1) * _R
            ok = np.linalg.norm(ab, axis=1) * _R < 50_000  # not a jump between rings
            best = np.where(ok, np.minimum(best, dd), best)
    return best


def _pairs(
    seg_other: np.ndarray,
    land: np.ndarray,
    at_sea: np.ndarray,
    seg_len: np.ndarray,
    cid: np.ndarray,
    ring_of: np.ndarray,
    iso: list[str],
    names: list[str],
    progress: bool | None,
    ring_start: np.ndarray,
) -> list[dict[str, Any]]:
    import numpy as np

    from .. import settings

    idx = np.nonzero(seg_other >= 0)[0]
    pair_key = cid[idx].astype(np.int64) * 100_000 + seg_other[idx]
    order = np.argsort(pair_key, kind="stable")
    idx, pair_key = idx[order], pair_key[order]
    bounds = np.nonzero(np.concatenate([[True], pair_key[1:] != pair_key[:-1], [True]]))[0]
    rows: list[dict[str, Any]] = []
    show = progress if progress is not None else len(iso) > 50
    from tqdm.auto import tqdm

    # For tripoints: the countries sharing each line-end vertex.
    for s, e in tqdm(list(itertools.pairwise(bounds)), desc="borders", disable=not show, unit="pair"):
        segs = idx[s:e]
        a, b = int(cid[segs[0]]), int(seg_other[segs[0]])
        is_land = land[segs]
        maritime = float(seg_len[segs][at_sea[segs]].sum())
        segs = segs[is_land]
        if len(segs) == 0:
            continue
        # runs of consecutive land segments on one ring
        brk = np.nonzero((np.diff(segs) != 1) | (ring_of[segs[1:]] != ring_of[segs[:-1]]))[0]
        starts = np.concatenate([[0], brk + 1])
        ends = np.concatenate([brk, [len(segs) - 1]])
        runs = [segs[r0 : r1 + 1] for r0, r1 in zip(starts, ends, strict=True)]
        runs = _join_across_ring_start(runs, ring_of, ring_start)
        length = 0.0
        pieces = 0
        end_vertices: list[int] = []
        kept: list[np.ndarray] = []
        for run in runs:
            run_km = float(seg_len[run].sum())
            if run_km * 1000.0 < settings.min_piece_m:
                continue
            length += run_km
            pieces += 1
            end_vertices += [int(run[0]), int(run[-1]) + 1]
            kept.append(run)
        if pieces == 0:
            continue
        rows.append(
            {
                "a": iso[a],
                "b": iso[b],
                "name_a": names[a],
                "name_b": names[b],
                "length_km": length,
                "maritime_km": maritime,
                "pieces": pieces,
                "_ends": end_vertices,
                "_ab": (a, b),
                "_runs": kept,
                "tripoints": "",
                "ends": len(end_vertices),
            }
        )
    return rows
