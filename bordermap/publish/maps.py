"""Leaflet maps (folium) of a border situation.

Everything that comes from an article (place names, sentences, claims, titles) is
handed to the page as JSON data and put into the page with ``textContent`` by the
map's own script: it is always text, never markup, whatever characters it holds
(``<script>``, quotes, backticks, ``${}``).  That script and the page's styles are package data
files, ``templates/situation.js`` and ``templates/situation.css`` (Jinja templates, read once).

:func:`make_map` takes result objects and GeoDataFrames: a :class:`bordermap.FenceCoverage`,
:attr:`bordermap.BorderMeasures.corridors`, a :class:`bordermap.Zone`, places as a GeoDataFrame
of points (:attr:`bordermap.Report.places`) and :class:`bordermap.ClaimCheck`-like claims.

Display geometry is simplified once for all countries as a polygonal *coverage*
(:func:`shapely.coverage_clean` then :func:`shapely.coverage_simplify`), so shared
edges stay identical and no gap or overlap appears between neighbours at any zoom;
the border line drawn is the simplified shared edge itself.
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
from pathlib import Path
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
    output a second time as a Jinja template, so text such as ``{{ 7*7 }}`` in an article
    would otherwise be evaluated (as Python, on the machine drawing the map).  In JSON these
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
        EPSG:4326; a valid coverage (shared edges identical), context countries clipped.
    border : shapely geometry or None
        The drawn border (lon/lat): the shared edge of the simplified pair.
    hausdorff_m : float or None
        Hausdorff distance in metres between the drawn and the computed border.
    crs : str
        The local metric CRS used.
    """

    countries: gpd.GeoDataFrame
    border: BaseGeometry | None
    hausdorff_m: float | None
    crs: str


def simplify_countries(
    countries: gpd.GeoDataFrame,
    border: Border | None = None,
    *,
    simplify_m: float = 30.0,
    context_margin_deg: float = 0.5,
) -> DisplayGeometry:
    """Simplify countries for display as one coverage, keeping neighbours' shared edges identical.

    The polygons are made a clean coverage (overlaps and gaps narrower than the border
    tolerance removed, shared vertices snapped) and simplified together, each shared
    edge once (Visvalingam–Whyatt, :func:`shapely.coverage_simplify`).  With a
    ``border``, countries other than its pair are clipped to the pair's bounding box
    plus ``context_margin_deg`` degrees.

    Parameters
    ----------
    countries : GeoDataFrame
        ``iso_a3``, ``name``, ``geometry``; any CRS.
    border : Border, optional
        Its countries form the pair; the drawn border is their simplified shared edge.
    simplify_m : float
        Tolerance in metres (roughly the square root of the triangle areas removed).
    context_margin_deg : float
        Margin, in degrees, around the pair within which other countries are kept.

    Returns
    -------
    DisplayGeometry

    Examples
    --------
    >>> import bordermap
    >>> c = bordermap.load_countries()
    >>> d = simplify_countries(c, bordermap.shared_border("LTU", "BLR", c))
    >>> d.hausdorff_m < 100
    True
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    from ..geometry.projection import local_crs, to_lonlat, to_metric

    if not (isinstance(simplify_m, (int, float)) and math.isfinite(simplify_m) and simplify_m >= 0):
        raise ValueError(f"simplify_m={simplify_m!r}: must be a number of metres >= 0")
    from ..exc import DataError

    if not hasattr(countries, "geometry") or "iso_a3" not in getattr(countries, "columns", ()):
        raise DataError("countries: expected a GeoDataFrame with iso_a3, name and geometry (see load_countries)")
    frame = countries.to_crs("EPSG:4326") if countries.crs is not None else countries
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)].reset_index(drop=True)
    if frame.empty:
        raise DataError("countries: no polygon to draw")
    pair: tuple[str, ...] = (border.a, border.b) if border is not None else ()
    is_pair = frame["iso_a3"].isin(pair).to_numpy() if pair else np.ones(len(frame), dtype=bool)
    if pair and is_pair.any():
        x0, y0, x1, y1 = frame[is_pair].total_bounds
        m = context_margin_deg
        clipped = shapely.clip_by_rect(frame.geometry.to_numpy(), x0 - m, y0 - m, x1 + m, y1 + m)
        geoms = np.where(is_pair, frame.geometry.to_numpy(), clipped)
        keep = ~shapely.is_empty(geoms) & np.isin(shapely.get_type_id(geoms), (3, 6))
        frame, geoms, is_pair = frame[keep].reset_index(drop=True), geoms[keep], is_pair[keep]
    else:
        geoms = frame.geometry.to_numpy()
    bx = (border.geometry if border is not None else shapely.box(*frame.total_bounds)).bounds
    crs = local_crs((bx[0] + bx[2]) / 2, (bx[1] + bx[3]) / 2)
    metric = np.array([to_metric(g, crs) for g in geoms], dtype=object)
    gap_m = 2.0 * (border.tolerance_m if border is not None else settings.tolerance_m)
    clean = shapely.coverage_clean(metric, gap_width=gap_m)  # type: ignore[attr-defined]
    simple = shapely.coverage_simplify(clean, simplify_m) if simplify_m > 0 else clean
    drawn: BaseGeometry | None = None
    hausdorff: float | None = None
    if border is not None:
        border_m = to_metric(border.geometry, crs)
        drawn_m = _shared_edge(simple, frame, border, border_m, reach_m=max(gap_m, 3 * simplify_m, 100.0))
        if drawn_m is None:  # the pair does not touch after cleaning: simplify the line alone
            drawn_m = shapely.simplify(border_m, simplify_m)
        hausdorff = float(shapely.hausdorff_distance(drawn_m, border_m))
        drawn = to_lonlat(drawn_m, crs)
    out = gpd.GeoDataFrame(
        frame.drop(columns=frame.geometry.name).assign(context=~is_pair),
        geometry=[to_lonlat(g, crs) for g in simple],
        crs="EPSG:4326",
    )
    return DisplayGeometry(out, drawn, hausdorff, crs)


def _shared_edge(
    simple: Any, frame: gpd.GeoDataFrame, border: Border, border_m: BaseGeometry, *, reach_m: float
) -> BaseGeometry | None:
    import shapely

    codes = list(frame["iso_a3"])
    if border.a not in codes or border.b not in codes:
        return None
    ga, gb = simple[codes.index(border.a)], simple[codes.index(border.b)]
    edge = shapely.intersection(shapely.boundary(ga), shapely.boundary(gb))
    lines = [g for g in shapely.get_parts(edge) if g.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        return None
    merged = shapely.line_merge(shapely.union_all(lines))
    # Keep the shared edge only where the computed border is (not a maritime boundary the border dropped).
    near = shapely.intersection(merged, shapely.buffer(border_m, reach_m))
    parts = [g for g in shapely.get_parts(near) if g.geom_type == "LineString" and g.length > 0]
    return shapely.line_merge(shapely.union_all(parts)) if parts else None


# --------------------------------------------------------------------------- the map


def make_map(
    countries: gpd.GeoDataFrame,
    border: Border | None = None,
    places: gpd.GeoDataFrame | None = None,
    *,
    title: str | None = None,
    simplify_m: float = 30.0,
    fence: FenceCoverage | gpd.GeoDataFrame | None = None,
    uncovered: gpd.GeoDataFrame | None = None,
    corridors: gpd.GeoDataFrame | None = None,
    zone: Zone | gpd.GeoDataFrame | BaseGeometry | None = None,
    claims: Iterable[Any] = (),
    tiles: bool = True,
    precision: int = 5,
    context_margin_deg: float = 0.5,
    height: str = "100%",
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
    simplify_m : float
        Display simplification tolerance in metres.
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
    tiles : bool
        Offer OpenStreetMap tiles (shown unless the file is saved self-contained); the country
        polygons are the basemap without them.
    precision : int
        Decimals of the coordinates written into the page (5: about 1 m).
    context_margin_deg : float
        See :func:`simplify_countries`.
    height : str
        CSS height of the map (``"100%"`` for a page, e.g. ``"600px"`` in a notebook).

    Returns
    -------
    folium.Map
        A :class:`folium.Map` whose ``save(path, self_contained=False)`` writes the page
        atomically; with ``self_contained=True`` every script and stylesheet is inlined.

    Raises
    ------
    ArgumentError
        ``places`` is not a GeoDataFrame.

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
    from folium.plugins import MeasureControl

    from ..geometry.fence import FenceCoverage
    from .geojson import geometry_to_geojson

    _check_places(places)
    fence_lines: gpd.GeoDataFrame | None
    if isinstance(fence, FenceCoverage):
        fence_lines, gaps = coverage_frames(fence)
        uncovered = gaps if uncovered is None else uncovered
    else:
        fence_lines = fence
    if zone is not None and hasattr(zone, "geometry") and not hasattr(zone, "to_crs"):
        zone = zone.geometry  # a Zone
    shown = simplify_countries(countries, border, simplify_m=simplify_m, context_margin_deg=context_margin_deg)
    crs = shown.crs
    layers: list[dict[str, Any]] = []
    legend: list[dict[str, Any]] = []

    def gj(geom: BaseGeometry) -> dict[str, Any]:
        return geometry_to_geojson(geom, precision=precision, snap=False)

    # Countries (basemap when there are no tiles): light fill, labelled.
    if border is not None:
        x0, y0, x1, y1 = border.geometry.bounds
    else:
        x0, y0, x1, y1 = shown.countries.total_bounds
    feats = []
    for _, row in shown.countries.iterrows():
        geom = row.geometry
        iso = str(row.get("iso_a3", ""))
        role = "context" if row["context"] else ("b" if border is not None and iso == border.b else "a")
        label = _label_point(geom, (x0, y0, x1, y1))
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(row.get("name", row.get("iso_a3", ""))),
                    "iso_a3": iso,
                    "role": role,
                    "label": [round(label[1], 4), round(label[0], 4)],
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
        zfeats = _line_features(zone, crs, simplify_m, precision, kind="zone")
        if zfeats:
            layers.append({"id": "zone", "name": "Border zone", "kind": "zone", "features": zfeats})
            legend.append({"label": "Border zone", "kind": "area", **STYLES["zone"]})

    bounds: list[tuple[float, float, float, float]] = []
    for layer_kind, lines, layer_name, legend_label in (
        ("fence", fence_lines, "Fence sections", "Fence"),
        ("uncovered", uncovered, "No fence", "No fence"),
    ):
        if lines is not None and len(lines):
            feats = _line_features(lines, crs, simplify_m, precision, kind=layer_kind)
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
    pfeats = _place_features(places) if places is not None else []
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
    tile_info = None
    if tiles:
        tile_info = _tile_info()
    data = {
        "title": title,
        "layers": layers,
        "legend": legend,
        "claims": [_claim_row(c) for c in _claim_items(claims)],
        "styles": STYLES,
        "bounds": [[view[1], view[0]], [view[3], view[2]]],
        "tiles": tile_info,
        "attribution": _text(settings.attribution),
    }
    situation = _situation_class()(data)
    situation.add_to(fmap)
    MeasureControl(  # type: ignore[no-untyped-call]
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="meters",
        primary_area_unit="sqkilometers",
        secondary_area_unit="hectares",
    ).add_to(fmap)
    return fmap  # type: ignore[no-any-return]


def _label_point(geom: BaseGeometry, focus: tuple[float, float, float, float]) -> tuple[float, float]:
    """(lon, lat) of a label: inside the largest part of the country within the focus box (else anywhere)."""
    import shapely

    inside = shapely.clip_by_rect(geom, *focus)
    parts = [g for g in shapely.get_parts(inside) if g.geom_type == "Polygon" and not g.is_empty]
    if not parts:
        parts = list(shapely.get_parts(geom))
    big = max(parts, key=lambda g: g.area) if parts else geom
    p = big.representative_point()
    return (p.x, p.y)


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
    from .geojson import _clean, geometry_to_geojson

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
        p = {str(k): _display_number(str(k), _clean(v)) for k, v in props.items()}
        _describe(kind, p)
        info = {k: v for k, v in p.items() if isinstance(v, (str, int, float, bool)) and v is not None}
        feat_props: dict[str, Any] = {"info": info, "tip": _line_tip(kind, p)}
        if kind == "corridor" and p.get("width_km") is not None:
            mid = shapely.line_interpolate_point(geom, 0.5, normalized=True)
            feat_props["label"] = f"{float(p['width_km']):.1f} km"
            feat_props["label_at"] = [round(mid.y, 5), round(mid.x, 5)]
        feats.append(
            {
                "type": "Feature",
                "properties": feat_props,
                "geometry": geometry_to_geojson(shown, precision=precision, snap=False),
            }
        )
    return feats


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
        return f"Fence{span}{length}"
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


def _place_features(places: gpd.GeoDataFrame) -> list[dict[str, Any]]:
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
            mentions.append(
                {"article": str(_field(m, "article_id") or ""), "date": str(_field(m, "date") or ""), "parts": parts}
            )
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(_field(p, "name") or ""),
                    "country": str(_field(p, "country") or ""),
                    "kind": str(_field(p, "kind") or ""),
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
        rows.append(
            {
                "text": claim.text,
                "claimed": claim.km,
                "computed": c.computed_km,
                "difference_pct": c.difference_pct,
                "verdict": str(c.verdict),
                "unit": "km",
                "article_id": claim.article_id,
            }
        )
    return rows


def _claim_row(c: Mapping[str, Any]) -> dict[str, str]:
    def num(v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, float):
            return f"{v:,.1f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"
        return str(v)

    unit = f" {c['unit']}" if c.get("unit") else ""
    diff = c.get("difference_pct")
    return {
        "text": str(c.get("text", "")),
        "claimed": num(c.get("claimed")) + unit if c.get("claimed") is not None else "–",
        "computed": num(c.get("computed")) + unit if c.get("computed") is not None else "–",
        "difference": f"{float(diff):+.1f} %" if isinstance(diff, (int, float)) and math.isfinite(diff) else "",
        "verdict": str(c.get("verdict", "")),
        "tone": _verdict_tone(str(c.get("verdict", ""))),
        "source": str(c.get("article_id") or ""),
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


def _tile_info() -> dict[str, Any] | None:
    try:
        import xyzservices.providers as xyz
    except ImportError:  # pragma: no cover - folium depends on xyzservices
        return None
    osm = xyz.OpenStreetMap.Mapnik
    return {"url": osm.build_url(), "attribution": str(osm.html_attribution), "max_zoom": int(osm.get("max_zoom", 19))}


# --------------------------------------------------------------------------- folium classes


@functools.cache
def _map_class() -> type:
    """folium.Map that needs only Leaflet (no jQuery/Bootstrap) and saves atomically, optionally self-contained."""
    folium = _folium()

    class BorderMap(folium.Map):  # type: ignore[misc,name-defined]
        default_js: ClassVar[list[tuple[str, str]]] = [js for js in folium.Map.default_js if js[0] == "leaflet"]
        default_css: ClassVar[list[tuple[str, str]]] = [c for c in folium.Map.default_css if c[0] == "leaflet_css"]

        def to_html(self, *, self_contained: bool = False, assets: str | os.PathLike[str] | None = None) -> str:
            """The page as one HTML string; ``self_contained`` inlines every script and stylesheet."""
            return render_html(self, self_contained=self_contained, assets=assets)

        def save(
            self,
            outfile: str | os.PathLike[str] | IO[bytes],
            close_file: bool = True,
            *,
            self_contained: bool = False,
            assets: str | os.PathLike[str] | None = None,
            **kwargs: Any,
        ) -> None:
            """Write the page (atomically to a path); ``self_contained=True``: no network needed."""
            save_map(self, outfile, self_contained=self_contained, assets=assets, close_file=close_file)

    BorderMap.__name__ = BorderMap.__qualname__ = "BorderMap"
    BorderMap.__module__ = __name__
    return BorderMap


def render_html(fmap: folium.Map, *, self_contained: bool = False, assets: str | os.PathLike[str] | None = None) -> str:
    """Render any folium map to HTML; ``self_contained`` inlines its scripts/stylesheets (from npm packages).

    Raises
    ------
    OutputError
        Self-contained: an asset is missing from the assets folder (run ``bordermap fetch-assets``).
    """
    root = fmap.get_root()
    for child in fmap._children.values():
        if getattr(child, "_name", "") == "BordermapSituation":
            child.offline = self_contained  # type: ignore[attr-defined]
    text = root.render()
    if self_contained:
        from ._assets import inline_assets

        text = inline_assets(text, folder=Path(assets) if assets is not None else None)
    return str(text)


def save_map(
    fmap: folium.Map,
    outfile: str | os.PathLike[str] | IO[bytes],
    *,
    self_contained: bool = False,
    assets: str | os.PathLike[str] | None = None,
    close_file: bool = True,
) -> None:
    """Write a map's page: to a path atomically (temporary file + rename), or to a binary file object."""
    from .._cache import atomic_write

    text = render_html(fmap, self_contained=self_contained, assets=assets)
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
            + template_text("situation.js")
            + "{% endmacro %}"
        )

        def __init__(self, data: dict[str, Any]) -> None:
            super().__init__()  # type: ignore[no-untyped-call]
            self._name = "BordermapSituation"
            self.data = data
            self.offline = False

        def data_json(self) -> str:
            return script_json(self.data)

        def offline_json(self) -> str:
            return "true" if self.offline else "false"

    return BordermapSituation
