"""Leaflet maps (folium) of a border situation, that work with no network.

Everything that comes from an article (place names, sentences, claims, titles) is
handed to the page as JSON data and put into the page with ``textContent`` by the
map's own script: it is always text, never markup, whatever characters it holds
(``<script>``, quotes, backticks, ``${}``).  That script, the distance tool and the page's
styles are package data files, ``templates/situation.js``, ``templates/measure.js`` and
``templates/situation.css`` (Jinja templates, read once).

:func:`make_map` takes result objects and GeoDataFrames: a :class:`bordermap.FenceCoverage`,
:attr:`bordermap.BorderMeasures.corridors`, a :class:`bordermap.Zone`, places as a GeoDataFrame
of points (:attr:`bordermap.Report.places`) and :class:`bordermap.ClaimCheck`-like claims.

Pages are self-contained by default: Leaflet comes inlined from the PyPI package
``xstatic-leaflet`` (:mod:`bordermap.publish._assets`); ``cdn=True`` writes the smaller page that
loads it from a CDN.  A tile basemap is an online extra, off by default: the map draws the
countries itself.

Display geometry is simplified once for all countries drawn as a polygonal *coverage*
(:func:`shapely.coverage_simplify`), so shared edges stay identical and no gap or overlap
appears between neighbours at any zoom; the border line drawn is the simplified shared edge
itself.  For the bundled world the coverage is clean already: ``world-display.parquet``
(:func:`bordermap.data.world.world_display_geometries`) holds the countries cleaned once, when
the package was built, so a map only clips and simplifies them; other countries are cleaned
when drawn (:func:`shapely.coverage_clean`).  Simplification never yields an empty or invalid
geometry (see :func:`simplify_countries`), and labels do not stack: the page moves or hides the
lower-ranked of two labels that would overlap.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, ClassVar

from .. import settings
from ..exc import OptionalDependencyError

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from ..geometry.borders import Border
    from ..geometry.fence import FenceCoverage
    from ..geometry.measures import Zone

#: Colours and line styles of the map's layers (also used for the legend).
STYLES: dict[str, dict[str, Any]] = {
    "a": {"color": "#8c8c8c", "weight": 1, "fillColor": "#f2e3bd", "fillOpacity": 0.6},
    "b": {"color": "#8c8c8c", "weight": 1, "fillColor": "#d9e2ec", "fillOpacity": 0.6},
    "context": {"color": "#a6a6a6", "weight": 1, "fillColor": "#f5f5f2", "fillOpacity": 0.45},
    "border": {"color": "#c0392b", "weight": 4, "opacity": 0.95},
    "fence": {"color": "#1d3557", "weight": 11, "opacity": 0.55, "lineCap": "butt"},
    "uncovered": {"color": "#f4a300", "weight": 11, "opacity": 0.75, "lineCap": "butt"},
    "corridor": {"color": "#111111", "weight": 3, "dashArray": "6 4"},
    "zone": {"color": "#7b2cbf", "weight": 1, "dashArray": "3 4", "fillColor": "#7b2cbf", "fillOpacity": 0.1},
    "place": {"radius": 6, "color": "#ffffff", "weight": 2, "fillColor": "#1f6fb2", "fillOpacity": 0.95},
}


def _folium() -> Any:
    try:
        import folium
    except ImportError as err:  # pragma: no cover - folium is a dependency
        raise OptionalDependencyError("make_map needs folium: pip install folium") from err
    return folium


def _text(value: Any) -> str:
    """Escape arbitrary text for HTML."""
    return html.escape(str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element and inside a Jinja template.

    No ``<``, ``>``, ``&``, U+2028/9, and no ``{{``, ``{%``, ``{#``: branca renders a macro's
    output a second time as a Jinja template (the situation element no longer lets it, but any
    other element would), so text such as ``{{ 7*7 }}`` in an article would otherwise be
    evaluated (as Python, on the machine drawing the map).  In JSON these
    pairs can only occur inside strings, where ``\\u007b`` is the same character.

    Examples
    --------
    >>> script_json({"s": "</script><b>"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    >>> script_json({"s": "{{ 7*7 }}"})
    '{"s":"\\\\u007b{ 7*7 }}"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return re.sub(r"\{(?=[{%#])", lambda _: "\\u007b", text)


# --------------------------------------------------------------------------- display geometry


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
    from ..geometry.projection import geod

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
    from ..geometry.projection import local_crs, to_lonlat, to_metric

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

    from ..geometry.linear import distances_to_segments

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

    from ..geometry.projection import to_metric

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


# --------------------------------------------------------------------------- the map


def make_map(
    countries: gpd.GeoDataFrame,
    border: Border | None = None,
    places: gpd.GeoDataFrame | None = None,
    *,
    title: str | None = None,
    simplify_m: float | None = None,
    fence: FenceCoverage | gpd.GeoDataFrame | None = None,
    uncovered: gpd.GeoDataFrame | None = None,
    corridors: gpd.GeoDataFrame | None = None,
    zone: Zone | gpd.GeoDataFrame | BaseGeometry | None = None,
    claims: Iterable[Any] = (),
    unresolved: Iterable[Mapping[str, Any]] = (),
    tiles: str | bool | None = None,
    fence_assumption: str | None = None,
    articles: Mapping[str, str] | None = None,
    precision: int = 5,
    context_margin_deg: float = 0.5,
    pair_clip_deg: float | None = 10.0,
    height: str = "100%",
    display: DisplayGeometry | None = None,
) -> folium.Map:
    """Draw a border situation on a Leaflet map, each part a layer of the layer control.

    Parameters
    ----------
    countries : GeoDataFrame
        Countries (``iso_a3``, ``name``, ``geometry``), any CRS.  With a ``border``,
        countries other than its pair are drawn as lighter context, clipped around the pair.
    border : Border, optional
        Drawn emphasised (its simplified shared edge, within :attr:`DisplayGeometry.hausdorff_m`
        of the computed line); the view fits it.
    places : GeoDataFrame, optional
        Points (any CRS) with ``name`` and optionally ``country``, ``kind`` and ``mentions`` (a list
        per place of objects or dicts with ``article_id``, ``date``, ``sentence``, ``text``), such as
        :attr:`bordermap.Report.places`.  Drawn as labelled markers with a tooltip and a popup (articles,
        dates, sentences); places of kind ``country`` or ``continent`` are not (their point is a
        capital, not the place).
    title : str, optional
        Shown at the top of the map and as the page title.
    simplify_m : float, optional
        Display simplification tolerance in metres (default :func:`auto_simplify_m`: 30 m for a
        border up to about 300 km across, more for longer ones).
    fence : FenceCoverage or GeoDataFrame, optional
        A :class:`bordermap.FenceCoverage` (its sections, and its uncovered stretches unless
        ``uncovered`` is given), or fence sections (lines, any CRS) with ``start_km``, ``end_km``,
        ``length_km`` (see :func:`coverage_frames`).
    uncovered : GeoDataFrame, optional
        Stretches of the border without fence (lines), same columns.
    corridors : GeoDataFrame, optional
        Narrow-corridor chords (lines) with ``width_km`` (shown as a label) and optionally ``name``
        and ``country``, such as :attr:`bordermap.BorderMeasures.corridors`.
    zone : Zone, GeoDataFrame or shapely geometry, optional
        A border buffer zone (:class:`bordermap.Zone`, or polygons; lon/lat if a bare geometry).
    claims : iterable
        Checked claims, listed in a compact panel: :class:`bordermap.ClaimCheck`-like objects
        (``claim`` with ``text``, ``km`` and ``article_id``; ``computed_km``, ``difference_pct``,
        ``verdict``), or rows (dicts, or a DataFrame) with ``text``, ``claimed``, ``computed``,
        ``difference_pct``, ``verdict`` and optionally ``unit`` and ``article_id``.
    unresolved : iterable of mapping
        Names that could not be placed (:attr:`bordermap.Report.unresolved`: ``name``, ``reason``,
        optionally ``sentence``), listed in a side panel "Not on the map".
    fence_assumption : str, optional
        How the fence was placed when its placement is assumed (:attr:`bordermap.BorderMeasures.fence_assumption`):
        the legend, the layer and each section's popup then say "assumed placement" and give it.
    articles : mapping of str to str, optional
        Article id -> title: popups and the claims panel name articles by title.
    tiles : str, optional
        A tile basemap, an online extra: the name of an :mod:`xyzservices` provider
        (``"OpenStreetMap"``, ``"OpenTopoMap"``...; ``True`` means OpenStreetMap).  Off by
        default: the map draws the countries itself and needs no network.  With tiles, the page
        says that the basemap needs a connection (and says so again if tiles fail to load).
    precision : int
        Decimals of the coordinates written into the page (5: about 1 m).
    context_margin_deg, pair_clip_deg : float
        See :func:`simplify_countries`.
    height : str
        CSS height of the map (``"100%"`` for a page, e.g. ``"600px"`` in a notebook).
    display : DisplayGeometry, optional
        The countries and border as :func:`simplify_countries` of these ``countries`` and ``border``
        with these options gave them (a report reads them from its cache); computed when not given.

    Returns
    -------
    folium.Map
        A :class:`folium.Map` whose ``save(path)`` writes the page atomically, self-contained
        (Leaflet inlined from the ``xstatic-leaflet`` package: it works with no network);
        ``save(path, cdn=True)`` writes the smaller page that loads Leaflet from a CDN.  Either
        page shows a message, not a blank page, if Leaflet cannot load.

    Raises
    ------
    ArgumentError
        ``places`` is not a GeoDataFrame, or ``tiles`` names no tile provider.

    Examples
    --------
    >>> import bordermap
    >>> c = bordermap.load_countries()
    >>> b = bordermap.shared_border("LTU", "BLR", c)
    >>> m = bordermap.make_map(c, b, title="LTU–BLR", fence=bordermap.fence_coverage(b, [(60.9, 610.9)]))
    >>> html = m.get_root().render()
    >>> "L.map" in html, "Fence km 60.9–610.9 (550.0 km)" in html
    (True, True)
    """
    _folium()
    from ..geometry.fence import FenceCoverage

    _check_places(places)
    tiles_data = tile_info(tiles)
    fence_lines: gpd.GeoDataFrame | None
    if isinstance(fence, FenceCoverage):
        fence_lines, gaps = coverage_frames(fence)
        uncovered = gaps if uncovered is None else uncovered
    else:
        fence_lines = fence
    if fence_assumption and fence_lines is not None and len(fence_lines):
        fence_lines = fence_lines.assign(placement="assumed", assumption=str(fence_assumption))
    titles = dict(articles or {})
    if zone is not None and hasattr(zone, "geometry") and not hasattr(zone, "to_crs"):
        zone = zone.geometry  # a Zone
    shown = display or simplify_countries(
        countries, border, simplify_m=simplify_m, context_margin_deg=context_margin_deg, pair_clip_deg=pair_clip_deg
    )
    crs = shown.crs
    line_tol_m = shown.simplify_m if simplify_m is None else simplify_m
    layers: list[dict[str, Any]] = []
    legend: list[dict[str, Any]] = []

    def gj(geom: BaseGeometry) -> dict[str, Any]:
        return map_geojson(geom, precision)

    # Countries (basemap when there are no tiles): light fill, labelled within the square around the focus.
    if border is not None:
        x0, y0, x1, y1 = border.geometry.bounds
    else:
        x0, y0, x1, y1 = shown.countries.total_bounds
    label_box = view_box((x0, y0, x1, y1), 0.0, scale=0.5)
    feats = []
    for _, row in shown.countries.iterrows():
        geom = row.geometry
        iso = str(row.get("iso_a3", ""))
        role = "context" if row["context"] else ("b" if border is not None and iso == border.b else "a")
        label = _label_point(geom, label_box) if role != "context" else None
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(row.get("name", row.get("iso_a3", ""))),
                    "iso_a3": iso,
                    "role": role,
                    "label": [round(label[1], 4), round(label[0], 4)] if label is not None else None,
                },
                "geometry": gj(geom),
            }
        )
    layers.append({"id": "countries", "name": "Countries", "kind": "countries", "features": feats})
    if border is not None:
        legend.append({"label": border.names[0], "kind": "area", **STYLES["a"]})
        legend.append({"label": border.names[1], "kind": "area", **STYLES["b"]})
    else:
        legend.append({"label": "Country", "kind": "area", **STYLES["a"]})

    if zone is not None:
        zfeats = _line_features(zone, crs, line_tol_m, precision, kind="zone")
        if zfeats:
            layers.append({"id": "zone", "name": "Border zone", "kind": "zone", "features": zfeats})
            legend.append({"label": "Border zone", "kind": "area", **STYLES["zone"]})

    bounds: list[tuple[float, float, float, float]] = []
    assumed = " (assumed placement)" if fence_assumption else ""
    for layer_kind, lines, layer_name, legend_label in (
        ("fence", fence_lines, f"Fence sections{assumed}", f"Fence{assumed}"),
        ("uncovered", uncovered, f"No fence{assumed}", f"No fence{assumed}"),
    ):
        if lines is not None and len(lines):
            feats = _line_features(lines, crs, line_tol_m, precision, kind=layer_kind)
            layers.append({"id": layer_kind, "name": layer_name, "kind": layer_kind, "features": feats})
            legend.append({"label": legend_label, "kind": "line", **STYLES[layer_kind]})
    if border is not None and shown.border is not None:
        layers.append(
            {
                "id": "border",
                "name": f"Border {border.a}–{border.b}",
                "kind": "border",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "tip": f"{border.names[0]}–{border.names[1]} border: {border.length_km:.1f} km",
                            "name": f"{border.names[0]}–{border.names[1]}",
                            "length_km": round(border.length_km, 1),
                        },
                        "geometry": gj(shown.border),
                    }
                ],
            }
        )
        legend.append({"label": f"Border ({border.length_km:.0f} km)", "kind": "line", **STYLES["border"]})
        bounds.append(border.geometry.bounds)
    if corridors is not None and len(corridors):
        cfeats = _line_features(corridors, crs, 0.0, precision, kind="corridor")
        layers.append({"id": "corridors", "name": "Narrowest corridor", "kind": "corridor", "features": cfeats})
        legend.append({"label": "Corridor width", "kind": "line", **STYLES["corridor"]})
    pfeats = _place_features(places, titles) if places is not None else []
    if pfeats:
        layers.append({"id": "places", "name": "Places in the articles", "kind": "places", "features": pfeats})
        legend.append({"label": "Place in the articles", "kind": "point", **STYLES["place"]})
    if not bounds:
        bounds.append(tuple(shown.countries.total_bounds) if len(shown.countries) else (-10.0, 35.0, 40.0, 70.0))
    view = _fit_view(bounds[0], layers)

    fmap = _map_class()(
        location=[(view[1] + view[3]) / 2, (view[0] + view[2]) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=False,
        height=height,
    )
    fmap.get_root().title = _text(title) if title else "bordermap"
    data = {
        "title": title,
        "layers": layers,
        "legend": legend,
        "claims": [_claim_row(c, titles) for c in _claim_items(claims)],
        "unresolved": [
            {"name": str(u.get("name", "")), "reason": str(u.get("reason", "")), "sentence": str(u.get("sentence", ""))}
            for u in unresolved
        ],
        "styles": STYLES,
        "bounds": [[view[1], view[0]], [view[3], view[2]]],
        "tiles": tiles_data,
        "attribution": _text(settings.attribution),
    }
    situation = _situation_class()(data)
    situation.add_to(fmap)
    return fmap  # type: ignore[no-any-return]


def _label_point(geom: BaseGeometry | None, focus: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """(lon, lat) of a label: inside the largest part of the country within the focus box (else anywhere).

    The point is the centre of the largest circle inside that part (away from its edges, the
    box's edges included), else a point on its surface.  None for an empty geometry.  Tiny or
    degenerate parts (a sliver, a polygon of no area) are handled: the label then sits on the
    largest part, or on the geometry's own point.

    Examples
    --------
    >>> import shapely
    >>> [round(v, 6) for v in _label_point(shapely.box(0, 0, 2, 2), (0, 0, 1, 1))]
    [0.5, 0.5]
    >>> _label_point(shapely.Polygon(), (0, 0, 1, 1)) is None
    True
    >>> [round(v, 7) for v in _label_point(shapely.box(5, 5, 5.0000001, 5.0000001), (0, 0, 1, 1))]
    [5.0000001, 5.0000001]
    """
    import shapely

    if geom is None or geom.is_empty:
        return None
    x0, y0, x1, y1 = focus
    inside = shapely.clip_by_rect(geom, x0, y0, x1, y1) if x0 < x1 and y0 < y1 else shapely.Polygon()
    for source in (inside, geom):
        parts = [g for g in shapely.get_parts(source) if not g.is_empty]
        polys = [g for g in parts if g.geom_type == "Polygon" and g.area > 0]
        for candidate in sorted(polys, key=lambda g: -g.area) + parts:
            p = _inside_point(candidate)
            if p is not None:
                return p
    return None


def _inside_point(geom: BaseGeometry) -> tuple[float, float] | None:
    """The centre of the largest circle inside a polygon (a point's own point), else None."""
    import shapely
    from shapely.errors import GEOSException

    if geom.geom_type == "Polygon" and geom.area > 0:
        bx0, by0, bx1, by1 = geom.bounds
        try:
            polygon: Any = geom
            centre = shapely.get_point(shapely.maximum_inscribed_circle(polygon, max(bx1 - bx0, by1 - by0) / 100), 0)
        except GEOSException:  # pragma: no cover - a valid polygon always has one
            centre = None
        if centre is not None and not centre.is_empty and geom.covers(centre):
            return (centre.x, centre.y)
    p = geom.representative_point()
    if not p.is_empty and math.isfinite(p.x) and math.isfinite(p.y):
        return (p.x, p.y)
    return None


#: Decimals shown for the numbers of a line's popup (the page shows them as given otherwise).
_DISPLAY_DECIMALS = {
    "start_km": 3,
    "end_km": 3,
    "length_km": 3,
    "width_km": 3,
    "lat": 5,
    "lon": 5,
    "smaller_side_km2": 1,
}


def coverage_frames(coverage: FenceCoverage) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """A fence coverage's sections and uncovered stretches as two GeoDataFrames (EPSG:4326).

    Each has one row per :class:`bordermap.Section`: ``start_km``, ``end_km``, ``length_km``,
    ``label`` and the line as ``geometry``; the form :func:`make_map` draws.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> fence, gaps = coverage_frames(bordermap.fence_coverage(b, [(100, 200)]))
    >>> list(fence.columns), len(gaps), gaps.crs.to_epsg()
    (['start_km', 'end_km', 'length_km', 'label', 'geometry'], 2, 4326)
    """
    import geopandas as gpd

    def frame(sections: Iterable[Any]) -> gpd.GeoDataFrame:
        secs = list(sections)
        return gpd.GeoDataFrame(
            [{"start_km": s.start_km, "end_km": s.end_km, "length_km": s.length_km, "label": s.label} for s in secs],
            columns=["start_km", "end_km", "length_km", "label"],
            geometry=[s.geometry for s in secs],
            crs="EPSG:4326",
        )

    return frame(coverage.sections), frame(coverage.uncovered)


def _line_features(
    data: gpd.GeoDataFrame | BaseGeometry, crs: str, simplify_m: float, precision: int, *, kind: str
) -> list[dict[str, Any]]:
    """Features of lines/polygons from a frame, simplified in metres, with a text tooltip and a label."""
    import shapely

    from ..geometry.projection import to_lonlat, to_metric
    from .geojson import _clean

    if hasattr(data, "geometry") and hasattr(data, "to_crs"):
        given: Any = data
        frame = given.to_crs("EPSG:4326") if given.crs is not None else given
        rows = [
            ({k: v for k, v in row.items() if k != frame.geometry.name}, row[frame.geometry.name])
            for _, row in frame.iterrows()
        ]
    else:
        rows = [({}, data)]
    feats = []
    for props, geom in rows:
        if geom is None or geom.is_empty:
            continue
        shown = geom
        if simplify_m > 0:
            shown = to_lonlat(shapely.simplify(to_metric(geom, crs), simplify_m / 3), crs)
            if shown.is_empty or not shown.is_valid:  # a polygon simplified away: draw it as given
                shown = geom
        p = {str(k): _display_number(str(k), _clean(v)) for k, v in props.items()}
        _describe(kind, p)
        info = {k: v for k, v in p.items() if isinstance(v, (str, int, float, bool)) and v is not None}
        feat_props: dict[str, Any] = {"info": info, "tip": _line_tip(kind, p)}
        if kind == "corridor" and p.get("width_km") is not None:
            linear = geom.geom_type in ("LineString", "MultiLineString", "LinearRing")
            mid = shapely.line_interpolate_point(geom, 0.5, normalized=True) if linear else geom.representative_point()
            feat_props["label"] = f"{float(p['width_km']):.1f} km"
            feat_props["label_at"] = [round(mid.y, 5), round(mid.x, 5)]
        feats.append(
            {
                "type": "Feature",
                "properties": feat_props,
                "geometry": map_geojson(shown, precision),
            }
        )
    return feats


def map_geojson(geom: BaseGeometry, precision: int) -> dict[str, Any]:
    """A geometry as the page draws it: GeoJSON dict, rounded to ``precision`` decimals, still valid.

    What :func:`bordermap.publish.geojson.geometry_to_geojson` writes (CCW exteriors, rounded,
    repeated positions dropped), vectorised: rounding is done on all coordinates at once
    (identical vertices of neighbours stay identical), and a polygon that rounding would make
    invalid is snapped to the grid instead (:func:`shapely.set_precision`), and one too small
    for the grid gets more decimals.

    Examples
    --------
    >>> import shapely
    >>> map_geojson(shapely.box(0, 0, 1.0000004, 1), 6)["coordinates"]
    [[[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]]
    >>> map_geojson(shapely.box(5, 5, 5.0000001, 5.0000001), 5)["coordinates"][0][:2]  # 1 cm: 8 decimals
    [[5.0000001, 5.0], [5.0000001, 5.0000001]]
    """
    import numpy as np
    import shapely
    from shapely.errors import GEOSException

    from .geojson import check_precision, coordinate_lists, geometry_to_geojson

    nd = check_precision(precision)
    polygonal = geom.geom_type in ("Polygon", "MultiPolygon")
    if polygonal:
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    out: BaseGeometry | None
    try:
        out = shapely.remove_repeated_points(shapely.transform(geom, lambda xy: np.round(xy, nd)))
    except GEOSException:  # a ring collapsed
        out = None
    if polygonal and (out is None or out.is_empty or not out.is_valid):
        snapped = shapely.set_precision(geom, 10.0**-nd)
        if snapped.is_empty or snapped.geom_type not in ("Polygon", "MultiPolygon"):  # too small for the grid
            return map_geojson(geom, nd + 1) if nd < 15 else geometry_to_geojson(geom, precision=nd, snap=False)
        out = shapely.transform(shapely.orient_polygons(snapped, exterior_cw=False), lambda xy: np.round(xy, nd))
    if out is None:  # pragma: no cover - only polygon rings collapse
        return geometry_to_geojson(geom, precision=nd, snap=False)
    if out.is_empty or out.geom_type == "GeometryCollection":
        return json.loads(shapely.to_geojson(out))  # type: ignore[no-any-return]
    return {"type": out.geom_type, "coordinates": coordinate_lists(out)}  # as to_geojson writes it, unparsed


def _display_number(key: str, value: Any) -> Any:
    if isinstance(value, float) and key in _DISPLAY_DECIMALS:
        return round(value, _DISPLAY_DECIMALS[key])
    return value


def _describe(kind: str, p: dict[str, Any]) -> None:
    """Add ``kind`` and a one-line ``label`` to the popup of a fence, uncovered or corridor line."""
    if kind in ("fence", "uncovered"):
        p["kind"] = kind
        if all(isinstance(p.get(k), (int, float)) for k in ("start_km", "end_km", "length_km")):
            p["label"] = f"{p.get('label') or kind}: km {p['start_km']:.1f}–{p['end_km']:.1f} ({p['length_km']:.1f} km)"
    elif kind == "corridor":
        p["kind"] = kind
        if isinstance(p.get("width_km"), (int, float)):
            country = f" ({p['country']})" if p.get("country") else ""
            p["label"] = f"corridor {p['width_km']:.1f} km wide{country}"


def _km(v: Any) -> str:
    try:
        return f"{float(v):.1f}"
    except (TypeError, ValueError):
        return str(v)


def _line_tip(kind: str, p: Mapping[str, Any]) -> str:
    span = ""
    if p.get("start_km") is not None and p.get("end_km") is not None:
        span = f" km {_km(p['start_km'])}–{_km(p['end_km'])}"
    length = f" ({_km(p['length_km'])} km)" if p.get("length_km") is not None else ""
    if kind == "fence":
        assumed = " (assumed placement)" if p.get("placement") == "assumed" else ""
        return f"Fence{assumed}{span}{length}"
    if kind == "uncovered":
        return f"No fence{span}{length}"
    if kind == "corridor":
        name = f"{p['name']}: " if p.get("name") else ""
        return f"{name}narrowest width {_km(p.get('width_km'))} km"
    if kind == "zone":
        return str(p.get("name") or "Border zone")
    return kind


#: Place kinds not drawn as markers: their point is a capital or a centroid, not the place.
_NOT_MARKED = frozenset({"country", "continent"})


def _check_places(places: Any) -> None:
    from ..exc import ArgumentError

    if places is not None and not (hasattr(places, "geometry") and hasattr(places, "to_crs")):
        raise ArgumentError(
            f"places: expected a GeoDataFrame of points (name, geometry, ...), got {type(places).__name__}"
        )


def _field(item: Any, name: str) -> Any:
    """``item[name]`` of a mapping, else ``item.name``; None if missing or NaN."""
    value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _place_features(places: gpd.GeoDataFrame, titles: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    frame: Any = places.to_crs("EPSG:4326") if places.crs is not None else places
    geom_col = frame.geometry.name
    feats = []
    for p in frame.to_dict("records"):
        if _field(p, "kind") in _NOT_MARKED:
            continue
        point = p[geom_col]
        if point is None or point.is_empty:
            continue
        if point.geom_type != "Point":
            point = point.representative_point()
        lon, lat = point.x, point.y
        if not (math.isfinite(float(lat)) and math.isfinite(float(lon))):
            continue
        mentions = []
        given = _field(p, "mentions")
        for m in given if isinstance(given, (list, tuple)) else []:
            sentence = str(_field(m, "sentence") or "")
            surface = str(_field(m, "text") or "")
            i = sentence.find(surface) if surface else -1
            parts = [sentence[:i], surface, sentence[i + len(surface) :]] if i >= 0 else [sentence, "", ""]
            aid = str(_field(m, "article_id") or "")
            mentions.append(
                {"article": (titles or {}).get(aid, aid), "date": str(_field(m, "date") or ""), "parts": parts}
            )
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(_field(p, "name") or ""),
                    "country": str(_field(p, "country") or ""),
                    "kind": str(_field(p, "kind") or ""),
                    "note": str(_field(p, "note") or ""),
                    "mentions": mentions,
                },
                "geometry": {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]},
            }
        )
    return feats


def _claim_items(claims: Any) -> list[Mapping[str, Any]]:
    """Claims as rows: a DataFrame's records, mappings as given, ClaimCheck-like objects read by attribute."""
    if hasattr(claims, "to_dict") and hasattr(claims, "columns"):  # a DataFrame
        return [{str(k): _field(r, str(k)) for k in r} for r in claims.to_dict("records")]
    rows: list[Mapping[str, Any]] = []
    for c in claims:
        if isinstance(c, Mapping):
            rows.append(c)
            continue
        claim = c.claim
        band = getattr(c, "band_km", None)
        rows.append(
            {
                "text": claim.text,
                "claimed": claim.value if getattr(claim, "unit", "km") != "km" else claim.km,
                "claimed_unit": getattr(claim, "unit", "km"),
                "computed": c.computed_km,
                "difference_pct": c.difference_pct,
                "verdict": str(c.verdict),
                "unit": "km",
                "band": list(band) if band else None,
                "reason": getattr(c, "reason", ""),
                "kind": getattr(claim, "kind", ""),
                "article_id": claim.article_id,
            }
        )
    return rows


def _claim_row(c: Mapping[str, Any], titles: Mapping[str, str] | None = None) -> dict[str, str]:
    def num(v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, float):
            return f"{v:,.1f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"
        return str(v)

    unit = f" {c['unit']}" if c.get("unit") else ""
    claimed_unit = f" {c['claimed_unit']}" if c.get("claimed_unit") else unit
    diff = c.get("difference_pct")
    band = c.get("band")
    aid = str(c.get("article_id") or "")
    reason, _, basis = str(c.get("reason") or "").partition("; ")
    return {
        "text": str(c.get("text", "")),
        "kind": str(c.get("kind") or "").replace("_", " "),
        "claimed": num(c.get("claimed")) + claimed_unit if c.get("claimed") is not None else "–",
        "computed": num(c.get("computed")) + unit if c.get("computed") is not None else "–",
        "band": f"{num(float(band[0]))}–{num(float(band[1]))}{unit}" if band else "",
        "difference": f"{float(diff):+.1f} %" if isinstance(diff, (int, float)) and math.isfinite(diff) else "",
        "verdict": str(c.get("verdict", "")),
        "tone": _verdict_tone(str(c.get("verdict", ""))),
        "reason": reason,
        "basis": basis,  # how the band was made: a tooltip
        "source": (titles or {}).get(aid, aid),
    }


def _verdict_tone(verdict: str) -> str:
    """``"ok"``, ``"bad"`` or ``"mid"``: the colour of a verdict badge.

    Examples
    --------
    >>> [_verdict_tone(v) for v in ("consistent", "inaccurate", "not correct", "unclear")]
    ['ok', 'bad', 'bad', 'mid']
    """
    import re

    v = verdict.casefold()
    if re.search(r"\b(in|un|not )(accurate|correct|consistent|confirmed|true)", v):
        return "bad"
    if re.search(r"\b(accurate|correct|consistent|confirmed|true|ok)\b", v):
        return "ok"
    if re.search(r"false|wrong|exaggerat|mislead|overstat|understat", v):
        return "bad"
    return "mid"


def _fit_view(focus: tuple[float, float, float, float], layers: list[dict[str, Any]]) -> tuple[float, ...]:
    """Bounds (lon0, lat0, lon1, lat1) of the focus plus layer features within a degree of it."""
    x0, y0, x1, y1 = focus
    near = (x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0)
    for layer in layers:
        if layer["id"] not in ("places", "fence", "uncovered", "corridors", "zone"):
            continue
        for f in layer["features"]:
            for lon, lat in _coords(f["geometry"]["coordinates"]):
                if near[0] <= lon <= near[2] and near[1] <= lat <= near[3]:
                    x0, y0, x1, y1 = min(x0, lon), min(y0, lat), max(x1, lon), max(y1, lat)
    return (x0, y0, x1, y1)


def _coords(c: Any) -> list[tuple[float, float]]:
    if isinstance(c[0], (int, float)):
        return [(float(c[0]), float(c[1]))]
    return [xy for part in c for xy in _coords(part)]


def tile_info(tiles: str | bool | None) -> dict[str, Any] | None:
    """The tile basemap of ``tiles`` (an :mod:`xyzservices` provider name; ``True``: OpenStreetMap), or None.

    Examples
    --------
    >>> tile_info(None) is None and tile_info(False) is None
    True
    >>> info = tile_info("OpenStreetMap")
    >>> info["name"], info["url"]
    ('OpenStreetMap.Mapnik', 'https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    >>> tile_info("opentopomap")["name"]
    'OpenTopoMap'
    """
    from ..exc import ArgumentError

    if tiles is None or tiles is False:
        return None
    name = "OpenStreetMap" if tiles is True else tiles
    if not isinstance(name, str) or not name.strip():
        raise ArgumentError(f"tiles={tiles!r}: expected the name of a tile provider such as 'OpenStreetMap'")
    import xyzservices.providers as xyz

    try:
        provider = xyz.query_name(name)
    except ValueError:
        flat = xyz.flatten()
        group = [p for key, p in flat.items() if key.split(".")[0].casefold() == name.strip().casefold()]
        if not group:
            raise ArgumentError(
                f"tiles={name!r}: no such tile provider (try OpenStreetMap, OpenTopoMap or another xyzservices name)"
            ) from None
        provider = group[0]
    if provider.requires_token():
        raise ArgumentError(f"tiles={name!r}: the provider {provider.name} needs an API key; choose another")
    return {
        "name": str(provider.name),
        "url": provider.build_url(),
        "attribution": str(provider.html_attribution),
        "max_zoom": int(provider.get("max_zoom", 19)),
    }


# --------------------------------------------------------------------------- folium classes


@functools.cache
def _map_class() -> type:
    """folium.Map that needs only Leaflet (no jQuery/Bootstrap) and saves atomically, self-contained by default."""
    folium = _folium()
    from ._assets import cdn_url

    class BorderMap(folium.Map):  # type: ignore[misc,name-defined]
        default_js: ClassVar[list[tuple[str, str]]] = [("leaflet", cdn_url("leaflet.js"))]
        default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_css", cdn_url("leaflet.css"))]

        def to_html(self, *, cdn: bool = False, self_contained: bool | None = None) -> str:
            """The page as one HTML string: Leaflet inlined, or with ``cdn=True`` loaded from a CDN."""
            return render_html(self, cdn=cdn, self_contained=self_contained)

        def save(
            self,
            outfile: str | os.PathLike[str] | IO[bytes],
            close_file: bool = True,
            *,
            cdn: bool = False,
            self_contained: bool | None = None,
            **kwargs: Any,
        ) -> None:
            """Write the page (atomically to a path): self-contained, or with ``cdn=True`` loading Leaflet online."""
            save_map(self, outfile, cdn=cdn, self_contained=self_contained, close_file=close_file)

        def _repr_html_(self, **kwargs: Any) -> str:
            """The self-contained page in an iframe (Jupyter), as folium shows maps, but with no network."""
            page = html.escape(render_html(self))
            fig = self.get_root()
            if getattr(fig, "height", None) is None:
                return (
                    f'<div style="width:{fig.width};"><div style="position:relative;width:100%;height:0;'
                    f'padding-bottom:{fig.ratio};"><span style="color:#565656">Make this Notebook Trusted to load '
                    f'map: File -> Trust Notebook</span><iframe srcdoc="{page}" style="position:absolute;width:100%;'
                    'height:100%;left:0;top:0;border:none !important;" allowfullscreen webkitallowfullscreen '
                    "mozallowfullscreen></iframe></div></div>"
                )
            return (
                f'<iframe srcdoc="{page}" width="{fig.width}" height="{fig.height}" style="border:none !important;" '
                "allowfullscreen webkitallowfullscreen mozallowfullscreen></iframe>"
            )

    BorderMap.__name__ = BorderMap.__qualname__ = "BorderMap"
    BorderMap.__module__ = __name__
    return BorderMap


def render_html(fmap: folium.Map, *, cdn: bool = False, self_contained: bool | None = None) -> str:
    """Render a folium map to HTML: self-contained (Leaflet inlined), or with ``cdn=True`` loading Leaflet online.

    Self-contained pages take Leaflet from the ``xstatic-leaflet`` package and need no network.
    ``cdn=True`` pages load the same Leaflet version from a CDN (with its integrity hash).  Either
    page writes a visible message if Leaflet did not load.  ``self_contained`` is accepted for
    compatibility and changes nothing (``True`` is the default; it cannot be combined with ``cdn=True``).

    Raises
    ------
    ArgumentError
        ``self_contained=True`` with ``cdn=True``.
    OutputError
        Self-contained: the page loads an external script other than Leaflet (a plain folium map
        with plugins: save it with ``cdn=True``), or ``xstatic-leaflet`` is missing.
    """
    from ..exc import ArgumentError
    from ._assets import cdn_assets, inline_assets

    if cdn and self_contained:
        raise ArgumentError("self_contained=True and cdn=True: a page either inlines Leaflet or loads it from a CDN")
    text = str(fmap.get_root().render())
    return cdn_assets(text) if cdn else inline_assets(text)


def save_map(
    fmap: folium.Map,
    outfile: str | os.PathLike[str] | IO[bytes],
    *,
    cdn: bool = False,
    self_contained: bool | None = None,
    close_file: bool = True,
) -> None:
    """Write a map's page (see :func:`render_html`): to a path atomically (temporary file + rename), or to a file."""
    from .._cache import atomic_write

    text = render_html(fmap, cdn=cdn, self_contained=self_contained)
    if isinstance(outfile, (str, os.PathLike)):
        atomic_write(outfile, text)
    else:
        outfile.write(text.encode("utf-8"))
        if close_file:
            outfile.close()


#: The package-data folder of the map's script and stylesheet (Jinja templates).
TEMPLATES = "templates"


@functools.cache
def template_text(name: str) -> str:
    """The text of a file of ``bordermap/publish/templates/`` (package data, read once).

    Examples
    --------
    >>> "textContent" in template_text("situation.js")
    True
    """
    from importlib.resources import files

    return files(__package__).joinpath(TEMPLATES, name).read_text(encoding="utf-8")


@functools.cache
def _situation_class() -> type:
    """A folium element that draws all the situation's layers from one JSON blob with text-only DOM."""
    from branca.element import MacroElement
    from jinja2 import Template

    class BordermapSituation(MacroElement):
        _template = Template(
            "{% macro header(this, kwargs) %}<style>\n"
            + template_text("situation.css")
            + "</style>{% endmacro %}{% macro script(this, kwargs) %}\n"
            + template_text("dom.js")
            + template_text("situation.js")
            + template_text("measure.js")
            + "{% endmacro %}"
        )

        def __init__(self, data: dict[str, Any]) -> None:
            super().__init__()  # type: ignore[no-untyped-call]
            self._name = "BordermapSituation"
            self.data = data

        def data_json(self) -> str:
            return script_json(self.data)

        def render(self, **kwargs: Any) -> None:  # type: ignore[override]
            """As branca's ``MacroElement.render``, but the rendered text is added as is.

            branca wraps each rendered macro in a new ``Element``, which parses it again as a Jinja
            template: for this element's script (the situation's data) that took a third of a
            second and nothing in it is a template.
            """
            figure: Any = self.get_root()
            module = self._template.module.__dict__
            for part, target in (("header", figure.header), ("script", figure.script)):
                target.add_child(_RawElement(module[part](self, kwargs)), name=self.get_name())

    return BordermapSituation


@functools.cache
def _raw_element_class() -> type:
    from branca.element import Element

    class RawElement(Element):
        """Text added to a page as is (not a Jinja template)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self._name = "RawElement"
            self.text = text[:-1] if text.endswith("\n") else text  # as a Jinja template would drop it

        def render(self, **kwargs: Any) -> str:
            return self.text

    return RawElement


def _RawElement(text: str) -> Any:  # noqa: N802 - used as a class
    return _raw_element_class()(text)
