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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from .rings import Rings, _load, read_rings, rings_from_frame

__all__ = ["COLUMNS", "Rings", "border_records", "border_table", "read_rings", "rings_from_frame", "segment_lengths_m"]

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd


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
    import pandas as pd

    from ..exc import ArgumentError

    if not isinstance(geometry, bool):
        raise ArgumentError(f"geometry={geometry!r}: must be True or False")
    rows, xy = _records(countries, tolerance_m, bridge_m, max_gap_m, sea_mask, progress)
    out = pd.DataFrame([{c: r[c] for c in COLUMNS} for r in rows], columns=list(COLUMNS))
    if geometry:
        import geopandas as gpd
        import shapely

        lines = [
            shapely.multilinestrings([shapely.linestrings(xy[_run_vertices(run)]) for run in r["_runs"]]) for r in rows
        ]
        out = gpd.GeoDataFrame(out, geometry=lines, crs="EPSG:4326")
    return out.sort_values("length_km", ascending=False, kind="stable").reset_index(drop=True)


#: The columns of :func:`border_table` and :func:`border_records` (without ``geometry``).
COLUMNS = ("a", "b", "name_a", "name_b", "length_km", "maritime_km", "pieces", "tripoints", "ends")


def border_records(
    countries: gpd.GeoDataFrame | str | os.PathLike[str] | Rings | None = None,
    *,
    tolerance_m: float | None = None,
    bridge_m: float = 1000.0,
    max_gap_m: float = 10_000.0,
    sea_mask: bool = True,
    progress: bool | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`border_table` as plain dicts, without importing pandas.

    Same parameters and rows (longest first) as :func:`border_table` without ``geometry``;
    each dict has the keys of :data:`COLUMNS`.  A GeoJSON path is read by :func:`read_rings`
    into arrays, so the whole computation needs only NumPy, shapely and pyproj (what
    ``bordermap table`` runs).

    Examples
    --------
    >>> rows = border_records()
    >>> sorted(rows[0]) == sorted(COLUMNS), rows[0]["length_km"] >= rows[1]["length_km"]
    (True, True)
    """
    rows, _ = _records(countries, tolerance_m, bridge_m, max_gap_m, sea_mask, progress)
    return [{c: r[c] for c in COLUMNS} for r in rows]


def _records(
    countries: gpd.GeoDataFrame | str | os.PathLike[str] | Rings | None,
    tolerance_m: float | None,
    bridge_m: float,
    max_gap_m: float,
    sea_mask: bool,
    progress: bool | None,
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """The table's rows, longest first (with their runs of segments), and the vertices."""
    import numpy as np

    from .. import settings
    from ..exc import ArgumentError
    from ._metres import check_metres

    if not isinstance(sea_mask, bool):
        raise ArgumentError(f"sea_mask={sea_mask!r}: must be True or False")
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
    rank = np.empty(len(order), dtype=np.int32)  # per-vertex arrays in int32: half the memory
    rank[order] = np.arange(len(order))
    xy = rings.xy
    n = len(xy)
    ring_of = np.repeat(np.arange(len(rings.offsets) - 1, dtype=np.int32), np.diff(rings.offsets))
    cid = rank[rings.country][ring_of]
    nb = _shared_neighbour(xy, cid)
    # segments i -> i+1 within a ring
    seg_ok = np.ones(n - 1, dtype=bool)
    seg_ok[rings.offsets[1:-1] - 1] = False
    a_nb, b_nb = nb[:-1], nb[1:]
    other = np.where(a_nb >= 0, a_nb, b_nb)
    shared = seg_ok & (other >= 0) & ((a_nb == other) | (a_nb == -2)) & ((b_nb == other) | (b_nb == -2))
    del seg_ok
    shared &= other > cid[:-1]  # measure each border once, on the first country's ring
    seg_other = np.full(n, -1, dtype=np.int32)
    seg_other[:-1][shared] = other[shared]
    del other, shared
    if bridge > 0 and max_gap > 0:
        tol = check_metres(settings.tolerance_m if tolerance_m is None else tolerance_m)
        seg_other = _bridge(xy, rings, cid, ring_of, seg_other, bridge, max_gap, tol)
    idx = np.nonzero(seg_other >= 0)[0]
    seg_len = np.zeros(n)
    for part in np.array_split(idx, max(1, len(idx) // _CHUNK)):  # in parts: less memory at once
        seg_len[part] = segment_lengths_m(xy[part], xy[part + 1]) / 1000.0
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
    del nb, seg_other, seg_len, at_sea, land
    rows.sort(key=lambda r: -r["length_km"])  # stable: ties keep their order
    return rows, xy


#: Vertices handled at once where a step works in parts.
_CHUNK = 1 << 18


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
        key = bits[:, 0] * np.int64(1_000_003)
        key ^= bits[:, 1]
        return key


def _shared_neighbour(xy: np.ndarray, cid: np.ndarray) -> np.ndarray:
    """Per vertex: the one other country at exactly that position, -2 if several, -1 if none."""
    import numpy as np

    n = len(xy)
    key = _keys(xy)
    order = np.argsort(key)
    k = key[order]
    del key
    start = np.empty(n, dtype=bool)
    start[:1] = True
    np.not_equal(k[1:], k[:-1], out=start[1:])
    del k
    starts = np.flatnonzero(start)
    del start
    size = np.diff(np.append(starts, n))
    # only groups of two or more vertices can be shared
    multi = size > 1
    mstarts, msize = starts[multi], size[multi]
    del starts, size, multi
    out = np.full(n, -1, dtype=np.int32)
    if len(mstarts):
        local_starts = np.cumsum(msize) - msize
        pos = np.arange(int(msize.sum())) + np.repeat(mstarts - local_starts, msize)
        gid = np.repeat(np.arange(len(mstarts), dtype=np.int32), msize)
        where = order[pos]
        del order, pos
        cm = cid[where]
        cmin = np.minimum.reduceat(cm, local_starts)[gid]
        cmax = np.maximum.reduceat(cm, local_starts)[gid]
        third = np.add.reduceat(((cm != cmin) & (cm != cmax)).astype(np.int32), local_starts)[gid] > 0
        out[where] = np.where(cmin == cmax, -1, np.where(third, -2, cmin + cmax - cm))
    return out


def _add_tripoints(
    rows: list[dict[str, Any]], xy: np.ndarray, cid: np.ndarray, nb: np.ndarray, iso: list[str], reach_m: float = 500.0
) -> None:
    """Third countries at each line end: those with a border vertex within ``reach_m`` of it."""
    import numpy as np

    from ._neighbours import unit, within

    ends = np.array(sorted({v for r in rows for v in r["_ends"]}), dtype=np.int64)
    at: dict[int, set[int]] = {}
    if len(ends):
        cell = 0.02  # degrees: a cheap first cut of the border vertices near some line end
        ex = np.floor(xy[ends] / cell).astype(np.int64)
        step = np.array([-1, 0, 1], dtype=np.int64)
        want = np.unique(((ex[:, 0, None] + step)[:, :, None] * 100_000 + (ex[:, 1, None] + step)[:, None, :]).ravel())
        kept = []
        for lo in range(0, len(nb), _CHUNK):  # the border vertices in the cells around the ends, in parts
            on_border = np.nonzero(nb[lo : lo + _CHUNK] != -1)[0] + lo
            vc = np.floor(xy[on_border] / cell).astype(np.int64)
            code = vc[:, 0] * 100_000 + vc[:, 1]
            kept.append(on_border[want[np.minimum(np.searchsorted(want, code), len(want) - 1)] == code])
        on_border = np.concatenate(kept)
        near_sets = within(unit(xy[on_border]), unit(xy[ends]), reach_m / _R)
        for v, near in zip(ends, near_sets, strict=True):
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
        tree = _country_tree(xy, rings.offsets, ring_country, int(other), pts, bridge_m)
        d = _distance_to_country(pts, xy, tree, max(bridge_m, tolerance_m))
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


def _country_tree(
    xy: np.ndarray, offsets: np.ndarray, ring_country: np.ndarray, country: int, near: np.ndarray, reach_m: float
) -> Any:
    """One country's vertices around the points ``near`` as unit vectors, with the ``xy`` row of each."""
    import numpy as np

    from ._neighbours import unit

    pad = reach_m / 111_000.0 * 5 + 0.05
    x0, y0 = near.min(axis=0) - pad
    x1, y1 = near.max(axis=0) + pad
    rings = np.nonzero(ring_country == country)[0]  # its vertices, in order: those of its rings
    ids = np.concatenate([np.arange(offsets[r], offsets[r + 1]) for r in rings])
    box = (xy[ids, 0] >= x0) & (xy[ids, 0] <= x1) & (xy[ids, 1] >= y0) & (xy[ids, 1] <= y1)
    ids = ids[box] if box.sum() >= 3 else ids
    return unit(xy[ids]), ids


_R = 6_371_008.8


def _distance_to_country(pts: np.ndarray, xy: np.ndarray, tree: Any, limit_m: float) -> np.ndarray:
    """Distance (m) from (lon, lat) points to a country's boundary: nearest of the segments
    next to its 3 nearest vertices (exact enough where vertices are dense).

    Exact (by that rule) up to ``limit_m``; a larger distance may be given as any value over
    ``limit_m`` (inf): vertices farther than ``limit_m`` plus the longest segment next to a
    vertex of the tree are not searched, as none of their segments comes within ``limit_m``.
    """
    import numpy as np

    from ._neighbours import nearest, unit

    vecs, ids = tree
    u = unit(pts)
    n = len(xy)
    # the vertices before and after each tree vertex, and the lengths of the segments to them
    ends = [unit(xy[np.clip(w, 0, n - 1)]) for w in (ids - 1, ids + 1)]
    lengths = [np.linalg.norm(e - vecs, axis=1) * _R for e in ends]
    looked_at = np.concatenate(lengths)
    looked_at = looked_at[looked_at < 50_000]  # segments of 50 km or more are not looked at
    longest = float(looked_at.max()) if len(looked_at) else 0.0
    d, j = nearest(vecs, u, 3, 1000.0 / _R, (limit_m + longest) * (1 + 1e-9) / _R + 1e-12)
    best = d[:, 0] * _R
    for col in range(d.shape[1]):
        jj = np.minimum(j[:, col], len(ids) - 1)
        a = vecs[jj]
        for end, length in zip(ends, lengths, strict=True):
            ab = end[jj] - a
            t = np.clip(np.einsum("ij,ij->i", u - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-30), 0, 1)
            proj = a + ab * t[:, None]
            dd = np.linalg.norm(u - proj, axis=1) * _R
            ok = length[jj] < 50_000  # not a jump between rings
            ok &= np.isfinite(d[:, col])  # a neighbour beyond the search
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
    spans: Any = list(itertools.pairwise(bounds))
    if show:  # tqdm only when shown (its import is a tenth of the table's time)
        from tqdm.auto import tqdm

        spans = tqdm(spans, desc="borders", unit="pair")
    for s, e in spans:
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
