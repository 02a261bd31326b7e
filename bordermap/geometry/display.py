"""Countries and a border simplified for the screen, consistently: the display geometry of a map.

Display geometry is simplified once for all countries drawn as a polygonal *coverage*
(:func:`shapely.coverage_simplify`), so shared edges stay identical and no gap or overlap
appears between neighbours at any zoom; the border line drawn is the simplified shared edge
itself.  For the bundled world the coverage is clean already: ``world-display.parquet``
(:func:`bordermap.data.world.world_display_geometries`) holds the countries cleaned once, when
the package was built, so a map only clips and simplifies them; other countries are cleaned
when drawn (:func:`shapely.coverage_clean`).  Simplification never yields an empty or invalid
geometry (see :func:`simplify_countries`).

:func:`bordermap.publish.maps.make_map` draws what :func:`simplify_countries` returns; this module
knows nothing of pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import settings

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from .borders import Border


@dataclass(frozen=True)
class DisplayGeometry:
    """Countries and border simplified for the screen, consistently.

    Attributes
    ----------
    countries : GeoDataFrame
        EPSG:4326; a valid coverage (shared edges identical) where simplification allowed it,
        every geometry a non-empty valid (Multi)Polygon; countries around the pair clipped.
    border : shapely geometry or None
        The drawn border (lon/lat): the shared edge of the simplified pair.
    hausdorff_m : float or None
        Hausdorff distance in metres between the drawn and the computed border (None without a
        border, or when :func:`simplify_countries` was asked not to measure it).
    crs : str
        The local metric CRS of the view (centred on the border).
    simplify_m : float
        The simplification tolerance used, in metres.
    fallbacks : tuple of str
        ISO codes of countries that cleaning (or simplification) would have left empty: drawn
        simplified alone, or unsimplified, or (a territory wholly inside the pair's polygons, when
        cleaned at run time) not drawn apart.
    prebuilt : bool
        True if the countries came from the bundled display coverage (``world-display.parquet``,
        cleaned once when the package was built: the rows of the bundled world, unchanged), only
        clipped and simplified; False if they were cleaned here (any other countries).
    """

    countries: gpd.GeoDataFrame
    border: BaseGeometry | None
    hausdorff_m: float | None
    crs: str
    simplify_m: float = 30.0
    fallbacks: tuple[str, ...] = ()
    prebuilt: bool = False


#: Metres per degree of latitude (WGS84 mean): display tolerances in metres become degrees with it.
_M_PER_DEG = 111_320.0


def auto_simplify_m(bounds: tuple[float, float, float, float]) -> float:
    """The display tolerance for a view of ``bounds`` (lon0, lat0, lon1, lat1): 30 m, or 1/10,000 of its diagonal.

    A map of a border a few hundred kilometres long keeps 30 m; a continental one (Russia–Kazakhstan,
    Canada–USA) is simplified more, to what a screen can show, so that the page stays small.

    Examples
    --------
    >>> auto_simplify_m((23.51, 53.9, 26.84, 55.68))  # Lithuania–Belarus
    30.0
    >>> round(auto_simplify_m((46.49, 46.27, 87.32, 55.48)))  # Kazakhstan–Russia
    300
    """
    from .projection import geod

    x0, y0, x1, y1 = bounds
    diag_m = float(geod().inv(x0, y0, x1, y1)[2]) if (x0, y0) != (x1, y1) else 0.0
    return max(30.0, round(diag_m / 10_000.0, 1))


def _mercator_y(lat: float) -> float:
    """Web Mercator northing of a latitude, in degrees (as longitude degrees on the screen)."""
    phi = math.radians(min(85.0, max(-85.0, lat)))
    return math.degrees(math.log(math.tan(math.pi / 4 + phi / 2)))


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def view_box(
    focus: tuple[float, float, float, float], min_deg: float, *, scale: float = 1.0
) -> tuple[float, float, float, float]:
    """A box around ``focus``, square on screen (Web Mercator): its centre ± max(size, min(``min_deg``, 2 + 2 size)).

    ``size`` is the larger side of ``focus`` on the screen, in degrees, times ``scale``: the box
    holds the focus and as much again around it, and at least ``min_deg`` degrees each way for a
    focus of more than a few degrees (2 degrees for a point).  With ``scale=0.5`` and
    ``min_deg=0`` it is the smallest square (on the screen) holding the focus.

    Examples
    --------
    >>> [round(v, 1) for v in view_box((23.51, 53.9, 26.84, 55.68), 10.0)]  # Lithuania–Belarus: ± 8.7 degrees
    [16.5, 49.5, 33.8, 59.5]
    >>> [round(v, 1) for v in view_box((7.41, 43.72, 7.44, 43.75), 10.0)]  # France–Monaco: about ± 2 degrees
    [5.3, 42.2, 9.5, 45.2]
    """
    x0, y0, x1, y1 = focus
    my0, my1 = _mercator_y(y0), _mercator_y(y1)
    size = max(x1 - x0, my1 - my0) * scale
    half = max(size, min(min_deg, 2.0 + 2.0 * size))
    cx, cy = (x0 + x1) / 2, (my0 + my1) / 2
    return (
        max(-180.0, cx - half),
        max(-90.0, _mercator_lat(cy - half)),
        min(180.0, cx + half),
        min(90.0, _mercator_lat(cy + half)),
    )


def _polygonal(geom: Any) -> BaseGeometry | None:
    """The valid, non-empty polygonal part of a geometry (empty parts dropped), else None.

    Examples
    --------
    >>> import shapely
    >>> _polygonal(shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.LineString([(1, 0), (2, 0)])]))
    <POLYGON ((1 0, 1 1, 0 1, 0 0, 1 0))>
    >>> _polygonal(shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])).is_valid  # a bow-tie, repaired
    True
    >>> _polygonal(shapely.Polygon()) is None and _polygonal(shapely.LineString([(0, 0), (1, 1)])) is None
    True
    """
    import shapely

    if geom is None or geom.is_empty:
        return None
    valid = bool(shapely.is_valid(geom))
    if valid and geom.geom_type == "Polygon":
        return geom if geom.area > 0 else None
    if valid and geom.geom_type == "MultiPolygon":
        parts = list(shapely.get_parts(geom))
        good = [q for q in parts if not q.is_empty and q.area > 0]
        if len(good) == len(parts):
            return geom  # type: ignore[no-any-return]
        kept: BaseGeometry = good[0] if len(good) == 1 else shapely.MultiPolygon(good)
        return kept if good else None
    if not valid:
        geom = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p) if not q.is_empty and q.area > 0]
    if not polys:
        return None
    out: BaseGeometry = shapely.union_all(polys) if len(polys) > 1 else polys[0]
    if out.geom_type not in ("Polygon", "MultiPolygon") or out.is_empty or not out.is_valid:  # pragma: no cover
        return None
    return out


def simplify_countries(
    countries: gpd.GeoDataFrame,
    border: Border | None = None,
    *,
    simplify_m: float | None = None,
    context_margin_deg: float = 0.5,
    pair_clip_deg: float | None = 10.0,
    measure: bool = True,
) -> DisplayGeometry:
    """Simplify countries for display as one coverage, keeping neighbours' shared edges identical.

    The polygons are simplified together, each shared edge once (Visvalingam–Whyatt,
    :func:`shapely.coverage_simplify`), in longitude/latitude, so countries crossing the
    antimeridian stay split there, as a clean coverage (shared edges identical, no overlaps,
    gaps narrower than twice the border tolerance closed).  Two ways to that coverage:

    * The bundled world's rows, unchanged (each row's geometry has the fingerprint recorded in
      ``world-display.parquet``), with the border tolerance at most the default
      (``settings.tolerance_m``, 50 m): their polygons come from that file, cleaned once at build
      time (:attr:`DisplayGeometry.prebuilt` is True); they are only clipped (the points clipping
      makes shared again) and simplified.  Where two countries overlap (a territory inside its
      parent's polygon, Åland in Finland's), the smaller country keeps the overlap.
    * Any other countries (a user's dataset, edited geometry, a wider tolerance): simplified,
      then cleaned here (edges the source does not share exactly snapped together, overlaps
      removed, gaps narrower than the border tolerance or twice the display tolerance closed).
      Where two countries overlap, the border's pair keeps the overlap, else the smaller country.

    Nothing vanishes or breaks: every geometry drawn is a valid, non-empty (Multi)Polygon, with
    empty parts dropped; a country that cleaning or simplification would leave empty is drawn
    simplified alone, or as given (listed in :attr:`DisplayGeometry.fallbacks`), less what the
    pair's polygons hold when cleaned here (a territory inside the pair's polygon is drawn as the
    pair's).  The drawn border is the pair's shared edge, completed by the computed line wherever
    the edge misses it.

    With a ``border``, the view is the border's neighbourhood: the pair is clipped to a box,
    square on the screen, around the border (:func:`view_box` with ``pair_clip_deg``: the
    border and as much again around it, at least ``pair_clip_deg`` degrees each way for a
    border more than a few degrees across), and the other countries to the pair's part of that
    box plus ``context_margin_deg`` degrees.

    Parameters
    ----------
    countries : GeoDataFrame
        ``iso_a3``, ``name``, ``geometry``; any CRS.
    border : Border, optional
        Its countries form the pair; the drawn border is their simplified shared edge.
    simplify_m : float, optional
        Tolerance in metres (roughly the square root of the triangle areas removed); default
        :func:`auto_simplify_m` of the border (30 m for a border up to about 300 km across).
    context_margin_deg : float
        Margin, in degrees, around the pair within which other countries are kept.
    pair_clip_deg : float or None
        Least half-size, in degrees, of the box the pair is clipped to (see :func:`view_box`);
        None draws the pair whole.
    measure : bool
        Measure :attr:`DisplayGeometry.hausdorff_m` (the drawn border against the computed one);
        ``False`` leaves it None and saves the time (a report, which only draws the map).

    Returns
    -------
    DisplayGeometry

    Examples
    --------
    >>> import bordermap
    >>> c = bordermap.load_countries()
    >>> d = simplify_countries(c, bordermap.shared_border("LTU", "BLR", c))
    >>> d.hausdorff_m < 100, d.simplify_m, d.fallbacks, d.prebuilt
    (True, 30.0, (), True)
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    from ..exc import DataError
    from .projection import local_crs, to_lonlat, to_metric

    if simplify_m is not None and not (
        isinstance(simplify_m, (int, float)) and math.isfinite(simplify_m) and simplify_m >= 0
    ):
        raise ValueError(f"simplify_m={simplify_m!r}: must be a number of metres >= 0")
    if not hasattr(countries, "geometry") or "iso_a3" not in getattr(countries, "columns", ()):
        raise DataError("countries: expected a GeoDataFrame with iso_a3, name and geometry (see load_countries)")
    frame = countries.to_crs("EPSG:4326") if countries.crs is not None else countries
    geoms = frame.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    pair: tuple[str, ...] = (border.a, border.b) if border is not None else ()
    is_pair = (frame["iso_a3"].isin(pair).to_numpy() & present) if pair else present.copy()
    box: tuple[float, float, float, float] | None = None  # where the pair is drawn
    ctx: tuple[float, float, float, float] | None = None  # where the other countries are drawn
    focus: tuple[float, float, float, float] | None = border.geometry.bounds if border is not None else None
    if pair and is_pair.any():
        pb = tuple(float(v) for v in shapely.total_bounds(geoms[is_pair]))
        if pair_clip_deg is not None and focus is not None:
            vb = view_box(focus, pair_clip_deg)
            box = (max(pb[0], vb[0]), max(pb[1], vb[1]), min(pb[2], vb[2]), min(pb[3], vb[3]))
            pb = box
        m = context_margin_deg
        ctx = (pb[0] - m, pb[1] - m, pb[2] + m, pb[3] + m)
        # Only what can reach the view is looked at (a cheap bounding-box test first).
        bounds = shapely.bounds(np.where(present, geoms, None))
        near = (bounds[:, 0] <= ctx[2]) & (bounds[:, 2] >= ctx[0]) & (bounds[:, 1] <= ctx[3]) & (bounds[:, 3] >= ctx[1])
        present &= is_pair | near
    frame, geoms, is_pair = frame[present].reset_index(drop=True), geoms[present], is_pair[present]
    gap_m = 2.0 * (border.tolerance_m if border is not None else settings.tolerance_m)

    def clipped(geoms: Any, *, snap: bool) -> Any:
        """The polygonal part of each geometry in the view (the pair in its box, the others in the context box)."""
        if ctx is not None:
            if box is not None:
                geoms = np.where(is_pair, shapely.clip_by_rect(geoms, *box), geoms)
            geoms = np.where(is_pair, geoms, shapely.clip_by_rect(geoms, *ctx))
            if snap:  # the edges clipping made, identical again: the clipped polygons stay a coverage
                geoms = _snap_to_clip_lines(geoms, [r for r in (box, ctx) if r is not None])
        return np.array([_polygonal(g) for g in geoms], dtype=object)

    # The bundled world's rows, unchanged: its display coverage, cleaned once at build time.
    prebuilt = _prebuilt_rows(frame, geoms, simplify_m=simplify_m, gap_m=gap_m)
    polys = clipped(prebuilt, snap=True) if prebuilt is not None else None
    if polys is not None and pair and any(p is None for p in polys[is_pair]):
        polys = prebuilt = None  # a pair country the display coverage gives away in view (to a smaller overlapping one)
    if polys is None:
        polys = clipped(geoms, snap=False)
    keep = np.array([g is not None for g in polys], dtype=bool)
    frame, geoms, is_pair = frame[keep].reset_index(drop=True), polys[keep], is_pair[keep]
    if frame.empty:
        raise DataError("countries: no polygon to draw" + (" around the border" if pair else ""))
    if focus is None:
        fx0, fy0, fx1, fy1 = (float(v) for v in shapely.total_bounds(geoms))
        focus = (fx0, fy0, fx1, fy1)
    tol_m = float(simplify_m) if simplify_m is not None else auto_simplify_m(focus)
    crs = local_crs((focus[0] + focus[2]) / 2, (focus[1] + focus[3]) / 2)
    simple: Any = None
    if prebuilt is not None:
        simple, fallbacks = _simplify_clean(geoms, tol_m / _M_PER_DEG)
    if simple is None:
        prebuilt = None
        simple, fallbacks = _coverage(geoms, is_pair if pair else None, gap_m / _M_PER_DEG, tol_m / _M_PER_DEG)
    codes = [str(c) for c in frame["iso_a3"]]
    fell_back = tuple(codes[i] for i in fallbacks)
    shown = np.array([g is not None for g in simple], dtype=bool)
    frame, simple, is_pair = frame[shown].reset_index(drop=True), simple[shown], is_pair[shown]
    codes = [str(c) for c in frame["iso_a3"]]
    drawn: BaseGeometry | None = None
    hausdorff: float | None = None
    if border is not None:
        border_m = to_metric(border.geometry, crs)
        reach_m = max(gap_m, 3 * tol_m, 100.0)
        drawn_m = _shared_edge(simple, codes, border, border_m, crs, reach_m=reach_m)
        drawn_m = _complete_line(drawn_m, border_m, tol_m, reach_m)
        if not drawn_m.is_empty:
            hausdorff = hausdorff_m(drawn_m, border_m) if measure else None
            drawn = to_lonlat(drawn_m, crs)
    out = gpd.GeoDataFrame(
        frame.drop(columns=frame.geometry.name).assign(context=~is_pair),
        geometry=list(simple),
        crs="EPSG:4326",
    )
    return DisplayGeometry(out, drawn, hausdorff, crs, tol_m, fell_back, prebuilt is not None)


def _prebuilt_rows(frame: gpd.GeoDataFrame, geoms: Any, *, simplify_m: float | None, gap_m: float) -> Any | None:
    """The bundled display coverage's polygons for these rows, or None if they are not the bundled world's.

    All rows must be countries of the bundled world with their geometry unchanged (the same
    :func:`~bordermap.data.world.display_fingerprint` as the row the display coverage was made
    from), the display tolerance (``simplify_m``, else at least :func:`auto_simplify_m`'s 30 m)
    at least the file's base simplification, and the gaps to close (``gap_m``) no wider than the
    file closed.
    """
    import numpy as np

    from ..data.world import (
        display_fingerprint,
        world_display_fingerprints,
        world_display_geometries,
        world_display_info,
    )
    from ..exc import DataError, InputFileError

    codes = [str(c) for c in frame["iso_a3"]]
    if not codes or len(set(codes)) != len(codes):
        return None
    try:
        base_m, file_gap_m = world_display_info()
        if (30.0 if simplify_m is None else simplify_m) < base_m or gap_m > file_gap_m:
            return None
        known = world_display_fingerprints()
        if any(known.get(c) != display_fingerprint(g) for c, g in zip(codes, geoms, strict=True)):
            return None
        return np.array(world_display_geometries(codes), dtype=object)
    except (DataError, InputFileError):  # a damaged or missing display file: clean at run time instead
        return None


def _snap_to_clip_lines(geoms: Any, rects: list[tuple[float, float, float, float]]) -> Any:
    """Coverage polygons clipped to rectangles, with the vertices the clipping made on the rectangles' sides shared.

    Clipping two neighbours computes the point where their shared edge leaves a rectangle once
    for each (its two copies can differ in the last bit), and clipping one country but not its
    neighbour (the pair to its box, the others to the larger context box) gives the point to one
    of them only: each polygon gets the one copy of every such point on its edges
    (:func:`shapely.snap` within 1e-9 degrees), so that the clipped polygons are again a
    coverage (shared edges identical).  A polygon that snapping would make invalid is left as it is.
    """
    import numpy as np
    import shapely

    tol = 1e-9
    xy = shapely.get_coordinates(geoms)
    found = []
    for x0, y0, x1, y1 in rects:
        for axis, value in ((0, x0), (0, x1), (1, y0), (1, y1)):
            on = xy[xy[:, axis] == value]
            if not len(on):
                continue
            on = on[np.argsort(on[:, 1 - axis], kind="stable")]
            keep = np.concatenate([[True], np.diff(on[:, 1 - axis]) > tol])  # one copy of each point
            found.append(on[keep])
    if not found:
        return geoms
    pts = np.unique(np.concatenate(found), axis=0)
    out = np.array(geoms, dtype=object)
    bounds = shapely.bounds(out)
    for k, g in enumerate(out):
        if g is None or g.is_empty:
            continue
        x0, y0, x1, y1 = bounds[k]
        inside = (pts[:, 0] >= x0 - tol) & (pts[:, 0] <= x1 + tol) & (pts[:, 1] >= y0 - tol) & (pts[:, 1] <= y1 + tol)
        near = pts[inside]
        if len(near):
            snapped = shapely.snap(g, shapely.multipoints(near), tol)
            if snapped.is_valid:
                out[k] = snapped
    return out


def _simplify_clean(geoms: Any, tol_deg: float) -> tuple[Any, list[int]]:
    """Simplify polygons that are already a clean coverage (no cleaning); (None, []) if GEOS refuses.

    A polygon that simplification would leave empty is drawn as given (listed as a fallback).
    """
    import numpy as np
    import shapely
    from shapely.errors import GEOSException

    try:
        simple = shapely.coverage_simplify(geoms, tol_deg) if tol_deg > 0 else geoms
    except GEOSException:  # not expected; then the run-time cleaning path
        return None, []
    shown = np.empty(len(geoms), dtype=object)
    fallbacks = []
    for i, g in enumerate(simple):
        got = _polygonal(g)
        if got is None:
            fallbacks.append(i)
            got = _polygonal(geoms[i])
        shown[i] = got
    return shown, fallbacks


def _coverage(geoms: Any, first: Any, gap_deg: float, tol_deg: float) -> tuple[Any, list[int]]:
    """Simplify and clean polygons as a coverage here; every result non-empty, valid (see :func:`simplify_countries`).

    ``first``: a boolean mask of polygons that keep overlaps (the pair), or None.  The polygons
    are simplified as a coverage (each shared edge once), then cleaned: edges the source does not
    share exactly, simplified apart, are snapped together and gaps narrower than ``gap_deg`` (or
    twice the tolerance) closed.  Returns the geometries, in the given order, and the indexes of
    those that fell back to less simplification.  A polygon cleaning leaves empty is drawn
    simplified alone, else as given, less what the pair's polygons hold (a territory inside the
    pair's polygon); None if nothing is left (the caller drops it).
    """
    import numpy as np
    import shapely
    from shapely.errors import GEOSException

    # Overlaps go to the first polygon: the pair, then the smallest (a territory inside its parent's polygon).
    areas = shapely.area(geoms)
    order = np.lexsort((areas, ~first if first is not None else np.zeros(len(geoms), dtype=bool)))
    ordered = geoms[order]
    try:
        pre = shapely.coverage_simplify(ordered, tol_deg) if tol_deg > 0 else ordered
        pre = np.array([_polygonal(g) or ordered[k] for k, g in enumerate(pre)], dtype=object)
        clean = shapely.coverage_clean(  # type: ignore[attr-defined]
            pre, gap_width=max(gap_deg, 2 * tol_deg), merge_strategy="min_index"
        )
    except GEOSException:  # not expected; then each polygon is simplified alone rather than fail
        pre = shapely.simplify(ordered, tol_deg, preserve_topology=True)
        clean = pre
    shown = np.empty(len(geoms), dtype=object)
    fallbacks = []
    pair_area: BaseGeometry | None = None
    for k, i in enumerate(order):
        got = _polygonal(clean[k])
        if got is None:  # it would vanish: less simplified, else as given
            fallbacks.append(int(i))
            if first is not None and not first[i] and pair_area is None:  # the pair comes first in the order
                pair_area = shapely.union_all([shown[j] for j in np.flatnonzero(first)])
            for cand in (pre[k], ordered[k]):
                if pair_area is not None:  # what the pair's polygons hold is drawn as the pair's
                    cand = shapely.difference(cand, pair_area)
                got = _polygonal(cand)
                if got is not None:
                    break
        shown[i] = got
    return shown, sorted(fallbacks)


def hausdorff_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Discrete Hausdorff distance between two metric geometries (vertices to the other's segments).

    As :func:`shapely.hausdorff_distance` measures it, but with a spatial index: fast for long lines.

    Examples
    --------
    >>> import shapely
    >>> hausdorff_m(shapely.LineString([(0, 0), (10, 0)]), shapely.LineString([(0, 1), (5, 3), (10, 1)]))
    3.0
    """
    import shapely

    from .linear import distances_to_segments

    def directed(src: BaseGeometry, dst: BaseGeometry) -> float:
        xy = shapely.get_coordinates(src)
        return float(distances_to_segments(xy, dst).max()) if len(xy) else math.inf

    return max(directed(a, b), directed(b, a))


def _complete_line(drawn_m: BaseGeometry | None, border_m: BaseGeometry, tol_m: float, reach_m: float) -> BaseGeometry:
    """The drawn border: the shared edge, plus the computed border (simplified) where the edge misses it.

    The shared edge misses a stretch where the pair does not touch after display cleaning (an
    overlap given to one of them, a part drawn unsimplified): that stretch is drawn from the
    computed line instead, so the drawn border always covers the whole border.
    """
    import shapely

    if drawn_m is None or drawn_m.is_empty:
        return shapely.simplify(border_m, tol_m)
    missing = shapely.difference(border_m, _reach_zone(drawn_m, reach_m))
    lines = [g for g in shapely.get_parts(missing) if g.geom_type == "LineString" and g.length > reach_m]
    if not lines:
        return drawn_m
    extra = shapely.simplify(shapely.union_all(lines), tol_m)
    return shapely.line_merge(shapely.union_all([drawn_m, extra]))


def _reach_zone(line_m: BaseGeometry, reach_m: float) -> BaseGeometry:
    """The zone within about ``reach_m`` of a metric line: its buffer, of the line simplified at a quarter of the reach.

    Within ``reach_m / 4`` of the exact buffer, at a fraction of its cost for a long, detailed line.
    """
    import shapely

    return shapely.buffer(shapely.simplify(line_m, reach_m / 4), reach_m, quad_segs=2)


def _shared_edge(
    simple: Any, codes: list[str], border: Border, border_m: BaseGeometry, crs: str, *, reach_m: float
) -> BaseGeometry | None:
    """The shared edge of the simplified pair near the computed border, in the metric ``crs``."""
    import shapely

    from .projection import to_metric

    if border.a not in codes or border.b not in codes:
        return None
    ga, gb = simple[codes.index(border.a)], simple[codes.index(border.b)]
    edge = shapely.intersection(shapely.boundary(ga), shapely.boundary(gb))
    lines = [g for g in shapely.get_parts(edge) if g.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        return None
    merged = to_metric(shapely.line_merge(shapely.union_all(lines)), crs)
    # Keep the shared edge only where the computed border is (not a maritime boundary the border dropped).
    near = shapely.intersection(merged, _reach_zone(border_m, reach_m))
    parts = [g for g in shapely.get_parts(near) if g.geom_type == "LineString" and g.length > 0]
    return shapely.line_merge(shapely.union_all(parts)) if parts else None
