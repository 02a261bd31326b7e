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

Display geometry (the countries and the border simplified as one coverage) comes from
:mod:`bordermap.geometry.display` (:func:`simplify_countries`); the pair and its neighbours are labelled,
and labels do not stack: the page moves or hides the lower-ranked of two labels that would overlap (or a
label under a panel).  The panels (layers, legend, claims) fold: open when the window has room (at least
1000 x 700 pixels), folded on a smaller one, and a click on a panel's heading opens or folds it.
The layers' features and the panels' rows are shaped in :mod:`bordermap.publish._layers`, the
folium/branca classes are in :mod:`bordermap.publish._elements`, and the page is rendered and written
by :mod:`bordermap.publish.page`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .. import settings
from ..geometry.display import (
    DisplayGeometry,
    auto_simplify_m,
    hausdorff_m,
    simplify_countries,
    view_box,
)
from ._elements import _folium, _map_class, _situation_class
from ._layers import (
    _check_places,
    _claim_items,
    _claim_row,
    _fit_view,
    _label_point,
    _line_features,
    _place_features,
    coverage_frames,
    map_geojson,
)
from .page import TEMPLATES, render_html, save_map, script_json, template_text

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from ..geometry.borders import Border
    from ..geometry.fence import FenceCoverage
    from ..geometry.measures import Zone

__all__ = [
    "STYLES",
    "TEMPLATES",
    "DisplayGeometry",
    "auto_simplify_m",
    "coverage_frames",
    "hausdorff_m",
    "make_map",
    "map_geojson",
    "render_html",
    "save_map",
    "script_json",
    "simplify_countries",
    "template_text",
    "tile_info",
    "view_box",
]

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


def _text(value: Any) -> str:
    """Escape arbitrary text for HTML."""
    return html.escape(str(value), quote=True)


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
    # Neighbours (the context countries) are labelled too, in a box a little wider than the pair's.
    near_box = view_box((x0, y0, x1, y1), 0.0, scale=0.75)
    feats = []
    for _, row in shown.countries.iterrows():
        geom = row.geometry
        iso = str(row.get("iso_a3", ""))
        role = "context" if row["context"] else ("b" if border is not None and iso == border.b else "a")
        label = _label_point(geom, near_box if role == "context" else label_box)
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
