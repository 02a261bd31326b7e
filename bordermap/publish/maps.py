"""Leaflet maps (folium) of a border situation.

Everything that comes from an article (place names, sentences, claims, titles) is
handed to the page as JSON data and put into the page with ``textContent`` by the
map's own script: it is always text, never markup, whatever characters it holds
(``<script>``, quotes, backticks, ``${}``).

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
from collections.abc import Mapping, Sequence
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
    places: Sequence[Mapping[str, Any]] = (),
    *,
    title: str | None = None,
    simplify_m: float = 30.0,
    fence: gpd.GeoDataFrame | None = None,
    uncovered: gpd.GeoDataFrame | None = None,
    corridors: gpd.GeoDataFrame | None = None,
    zone: gpd.GeoDataFrame | BaseGeometry | None = None,
    claims: Sequence[Mapping[str, Any]] = (),
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
    places : sequence of dict
        Each with ``name``, ``lat``, ``lon``, optionally ``country``, ``kind`` and
        ``mentions`` (dicts with ``article_id``, ``date``, ``sentence``, ``text``).
        Drawn as labelled markers with a tooltip and a popup (articles, dates, sentences); places
        of kind ``country`` or ``continent`` are not (their point is a capital, not the place).
    title : str, optional
        Shown at the top of the map and as the page title.
    simplify_m : float
        Display simplification tolerance in metres.
    fence : GeoDataFrame, optional
        Fence sections (lines, EPSG:4326 or any CRS) with ``start_km``, ``end_km``, ``length_km``.
    uncovered : GeoDataFrame, optional
        Stretches of the border without fence (lines), same columns.
    corridors : GeoDataFrame, optional
        Narrow-corridor chords (lines) with ``width_km`` (shown as a label) and optionally ``name``.
    zone : GeoDataFrame or shapely geometry, optional
        A border buffer zone (polygon, lon/lat if a bare geometry).
    claims : sequence of dict
        ``text``, ``claimed``, ``computed``, ``difference_pct``, ``verdict`` (optionally ``unit``,
        ``article_id``): listed in a compact panel.
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

    Examples
    --------
    >>> import bordermap
    >>> c = bordermap.load_countries()
    >>> m = bordermap.make_map(c, bordermap.shared_border("LTU", "BLR", c), title="LTU–BLR")
    >>> "L.map" in m.get_root().render()
    True
    """
    _folium()
    from folium.plugins import MeasureControl

    from .geojson import geometry_to_geojson

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
        ("fence", fence, "Fence sections", "Fence"),
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
    pfeats = _place_features(places)
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
        "claims": [_claim_row(c) for c in claims],
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


def _line_features(
    data: gpd.GeoDataFrame | BaseGeometry, crs: str, simplify_m: float, precision: int, *, kind: str
) -> list[dict[str, Any]]:
    """Features of lines/polygons from a frame, simplified in metres, with a text tooltip and a label."""
    import shapely

    from .geojson import _clean, geometry_to_geojson
    from ..geometry.projection import to_lonlat, to_metric

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
        p = {str(k): _clean(v) for k, v in props.items()}
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


def _place_features(places: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    feats = []
    for p in places:
        if p.get("kind") in _NOT_MARKED:
            continue
        lat, lon = p.get("lat"), p.get("lon")
        if lat is None or lon is None or not (math.isfinite(float(lat)) and math.isfinite(float(lon))):
            continue
        mentions = []
        for m in p.get("mentions", []) or []:
            sentence = str(m.get("sentence") or "")
            surface = str(m.get("text") or "")
            i = sentence.find(surface) if surface else -1
            parts = [sentence[:i], surface, sentence[i + len(surface) :]] if i >= 0 else [sentence, "", ""]
            mentions.append(
                {"article": str(m.get("article_id") or ""), "date": str(m.get("date") or ""), "parts": parts}
            )
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(p.get("name", "")),
                    "country": str(p.get("country") or ""),
                    "kind": str(p.get("kind") or ""),
                    "mentions": mentions,
                },
                "geometry": {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]},
            }
        )
    return feats


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
    from .geojson import write_text

    text = render_html(fmap, self_contained=self_contained, assets=assets)
    if isinstance(outfile, (str, os.PathLike)):
        write_text(outfile, text)
    else:
        outfile.write(text.encode("utf-8"))
        if close_file:
            outfile.close()


_CSS = """
.bm-title{position:absolute;top:10px;left:50%;transform:translateX(-50%);z-index:1000;background:#fff;
 padding:5px 14px;border-radius:4px;font:600 16px/1.3 system-ui,sans-serif;box-shadow:0 1px 5px #0005;
 max-width:60%;text-align:center;pointer-events:none}
.bm-panel{background:#fffffff2;padding:6px 10px;border-radius:4px;box-shadow:0 1px 5px #0005;
 font:12px/1.35 system-ui,sans-serif;max-width:300px;overflow-wrap:anywhere}
.bm-panel h4{margin:0 0 4px;font-size:12px}
.bm-legend .row{display:flex;align-items:center;gap:6px;margin:2px 0}
.bm-sw{display:inline-block;width:22px;height:12px;box-sizing:border-box}
.bm-claims{max-height:40vh;overflow:auto}
.bm-claims summary{font-weight:600;cursor:pointer}
.bm-claims table{border-collapse:collapse;margin-top:4px}
.bm-claims td{border-top:1px solid #ddd;padding:3px 4px;vertical-align:top}
.bm-verdict{font-weight:600;border-radius:3px;padding:0 4px;overflow-wrap:anywhere}
.bm-claims .meta{color:#555}
.bm-ok{background:#d8f0dc;color:#185c27}.bm-bad{background:#f8d7d3;color:#8a1c12}.bm-mid{background:#fdf0c9;color:#6b4e00}
.bm-label{background:transparent;border:0;box-shadow:none;color:#555;font:600 13px system-ui,sans-serif;
 letter-spacing:.12em;text-transform:uppercase;text-shadow:0 0 3px #fff,0 0 3px #fff}
.bm-label::before{display:none}
.bm-width{font:600 12px system-ui,sans-serif}
.bm-place-label{background:transparent;border:0;box-shadow:none;padding:0 2px;color:#123;font:600 12px system-ui,
 sans-serif;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}
.bm-place-label::before{display:none}
.bm-popup{font:13px/1.4 system-ui,sans-serif}
.bm-popup .name{font-weight:700;font-size:15px}
.bm-popup .meta{color:#666;margin-bottom:4px}
.bm-popup .src{color:#444;font-style:italic;margin-top:5px}
.bm-popup blockquote{margin:2px 0 0;padding-left:6px;border-left:3px solid #1f6fb2}
.bm-popup table td{padding:1px 6px 1px 0;vertical-align:top}
"""

_JS = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var D = {{ this.data_json() }};
  var offline = {{ this.offline_json() }};
  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function infoTable(info, parent) {
    var t = el('table', null, null, parent);
    Object.keys(info).forEach(function (k) {
      var r = el('tr', null, null, t); el('td', null, k, r); el('td', null, info[k], r);
    });
    return t;
  }
  function placePopup(p) {
    var box = el('div', 'bm-popup');
    el('div', 'name', p.name, box);
    el('div', 'meta', [p.country, p.kind].filter(Boolean).join(' · '), box);
    p.mentions.slice(0, 6).forEach(function (m) {
      el('div', 'src', [m.article, m.date].filter(Boolean).join(', '), box);
      var q = el('blockquote', null, null, box);
      q.appendChild(document.createTextNode(m.parts[0]));
      if (m.parts[1]) el('mark', null, m.parts[1], q);
      q.appendChild(document.createTextNode(m.parts[2]));
    });
    if (p.mentions.length > 6) el('div', 'meta', '+ ' + (p.mentions.length - 6) + ' more mention(s)', box);
    return box;
  }
  function linePopup(p) {
    var box = el('div', 'bm-popup');
    el('div', 'name', p.tip, box);
    infoTable(p.info || {}, box);
    return box;
  }
  var S = D.styles, overlays = {}, layers = {};
  D.layers.forEach(function (L_) {
    var group, markers = null;
    if (L_.kind === 'countries') {
      group = L.featureGroup();
      L.geoJSON(L_.features, {
        style: function (f) { return S[f.properties.role] || S.a; },
        onEachFeature: function (f, lyr) { lyr.bindTooltip(el('span', null, f.properties.name), {sticky: true}); }
      }).addTo(group);
      L_.features.forEach(function (f) {
        if (f.properties.role === 'context') return;
        group.addLayer(L.tooltip({permanent: true, direction: 'center', className: 'bm-label', interactive: false})
          .setLatLng(f.properties.label).setContent(el('span', null, f.properties.name)));
      });
    } else if (L_.kind === 'places') {
      group = L.featureGroup();
      markers = L.geoJSON(L_.features, {
        pointToLayer: function (f, ll) { return L.circleMarker(ll, S.place); },
        onEachFeature: function (f, lyr) {
          var n = f.properties.mentions.length;
          lyr.bindTooltip(el('span', null, f.properties.name + ' — ' + n + ' mention' + (n === 1 ? '' : 's') +
            ' (click for the sentences)'), {direction: 'top', offset: [0, -6]});
          lyr.bindPopup(placePopup(f.properties), {maxWidth: 360});
        }
      }).addTo(group);
      L_.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        group.addLayer(L.tooltip({permanent: true, direction: 'right', className: 'bm-place-label',
          offset: [6, 0], interactive: false}).setLatLng([c[1], c[0]]).setContent(el('span', null, f.properties.name)));
      });
    } else {
      var style = S[L_.kind] || S.border;
      group = L.featureGroup();
      L.geoJSON(L_.features, {
        style: function () { return style; },
        onEachFeature: function (f, lyr) {
          lyr.bindTooltip(el('span', null, f.properties.tip), {sticky: true});
          if (L_.kind !== 'border') lyr.bindPopup(linePopup(f.properties), {maxWidth: 360});
        }
      }).addTo(group);
      L_.features.forEach(function (f) {
        if (!f.properties.label) return;
        group.addLayer(L.tooltip({permanent: true, direction: 'right', className: 'bm-width', offset: [8, 0]})
          .setLatLng(f.properties.label_at).setContent(el('span', null, f.properties.label)));
      });
    }
    group.addTo(map);
    overlays[L_.name] = group;
    layers[L_.id] = markers || group;  // places: the markers themselves
  });
  var bases = null;
  if (D.tiles) {
    var none = L.layerGroup();
    var osm = L.tileLayer(D.tiles.url, {attribution: D.tiles.attribution, maxZoom: D.tiles.max_zoom});
    bases = {};
    bases['Countries only (offline)'] = none;
    bases['OpenStreetMap (online)'] = osm;
    (offline ? none : osm).addTo(map);
  }
  map.attributionControl.addAttribution(D.attribution);
  L.control.layers(bases, overlays, {collapsed: false, position: 'topright'}).addTo(map);
  L.control.scale({metric: true, imperial: false, position: 'bottomleft'}).addTo(map);
  if (D.title) el('div', 'bm-title', D.title, map.getContainer());
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var box = el('div', 'bm-panel bm-legend');
    el('h4', null, 'Legend', box);
    D.legend.forEach(function (it) {
      var row = el('div', 'row', null, box), sw = el('span', 'bm-sw', null, row);
      if (it.kind === 'line') {
        sw.style.height = '0'; sw.style.borderTop = Math.min(it.weight, 8) + 'px ' +
          (it.dashArray ? 'dashed ' : 'solid ') + it.color; sw.style.opacity = it.opacity || 1;
      } else if (it.kind === 'point') {
        sw.style.width = sw.style.height = '12px'; sw.style.borderRadius = '50%';
        sw.style.background = it.fillColor; sw.style.border = '2px solid ' + it.color;
        sw.style.boxShadow = '0 0 0 1px #888';
      } else {
        sw.style.background = it.fillColor; sw.style.border = '1px solid ' + it.color;
        sw.style.opacity = Math.max(it.fillOpacity || 1, 0.35);
      }
      el('span', null, it.label, row);
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
  if (D.claims.length) {
    var panel = L.control({position: 'bottomleft'});
    panel.onAdd = function () {
      var box = el('div', 'bm-panel bm-claims');
      var det = el('details', null, null, box); det.open = true;
      el('summary', null, 'Claims checked (' + D.claims.length + ')', det);
      var t = el('table', null, null, det);
      D.claims.forEach(function (c) {
        var td = el('td', null, null, el('tr', null, null, t));
        el('span', 'bm-verdict bm-' + c.tone, c.verdict, td);
        td.appendChild(document.createTextNode(' '));
        el('span', null, c.text, td);
        el('div', 'meta', 'claimed ' + c.claimed + ' · computed ' + c.computed +
          (c.difference ? ' (' + c.difference + ')' : '') + (c.source ? ' · ' + c.source : ''), td);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    panel.addTo(map);
  }
  // Keep the situation clear of the panels in the corners.
  var size = map.getSize(), cont = map.getContainer();
  function widest(sel) {
    var w = 0;
    cont.querySelectorAll(sel).forEach(function (e) { w = Math.max(w, e.offsetWidth); });
    return Math.min(w, size.x * 0.3);
  }
  var left = widest('.leaflet-bottom.leaflet-left .bm-panel'), right = widest('.leaflet-right .leaflet-control');
  map.options.zoomSnap = 0.25;
  // no animation: the view is final before the page says it is ready
  map.fitBounds(D.bounds, {paddingTopLeft: [left + 15, D.title ? 45 : 15], paddingBottomRight: [right + 15, 15],
                           animate: false});
  window.bordermap = {map: map, layers: layers, data: D, ready: true, readyMs: performance.now()};
  document.documentElement.setAttribute('data-bordermap-ready', '1');
})();
"""


@functools.cache
def _situation_class() -> type:
    """A folium element that draws all the situation's layers from one JSON blob with text-only DOM."""
    from branca.element import MacroElement
    from jinja2 import Template

    class BordermapSituation(MacroElement):
        _template = Template(
            "{% macro header(this, kwargs) %}<style>" + _CSS + "</style>{% endmacro %}"
            "{% macro script(this, kwargs) %}" + _JS + "{% endmacro %}"
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
