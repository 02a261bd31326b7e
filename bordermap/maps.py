"""Leaflet maps (folium) of a border situation.

Everything that comes from an article is inserted as text (HTML-escaped), never as markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import settings
from ._errors import OptionalDependencyError

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from .border import Border


def _folium() -> Any:
    try:
        import folium
    except ImportError as err:  # pragma: no cover - folium is a dependency
        raise OptionalDependencyError("make_map needs folium: pip install folium") from err
    return folium


def _text(value: Any) -> str:
    """Escape arbitrary text for HTML."""
    return html.escape(str(value), quote=True)


def make_map(
    countries: gpd.GeoDataFrame,
    border: Border | None = None,
    places: Sequence[dict[str, Any]] = (),
    *,
    title: str | None = None,
    simplify_m: float = 30.0,
) -> folium.Map:
    """Draw countries, their shared border and article places on a Leaflet map.

    Parameters
    ----------
    countries : GeoDataFrame
        Countries to draw (``iso_a3``, ``name``, ``geometry``), any CRS (reprojected to EPSG:4326).
    border : Border, optional
        Drawn emphasised; the view fits it.
    places : sequence of dict
        Each with ``name``, ``lat``, ``lon``, ``country`` and optionally ``mentions``
        (dicts with ``article_id``, ``date``, ``sentence``).
    title : str, optional
        Shown at the top of the map.
    simplify_m : float
        Display simplification tolerance in metres.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import bordermap
    >>> m = bordermap.make_map(bordermap.load_countries())
    >>> "leaflet" in m.get_root().render()
    True
    """
    folium = _folium()
    countries = countries.to_crs("EPSG:4326") if countries.crs is not None else countries
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=settings.attribution).add_to(fmap)
    shown = countries.copy()
    deg = simplify_m / 111_000.0
    shown["geometry"] = shown.geometry.simplify(deg, preserve_topology=True)
    fg_c = folium.FeatureGroup(name="Countries")
    folium.GeoJson(
        shown[["iso_a3", "name", "geometry"]].to_json(),
        style_function=lambda f: {"fillColor": "#e8e2d0", "color": "#888", "weight": 1, "fillOpacity": 0.35},
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["Country"]),
    ).add_to(fg_c)
    fg_c.add_to(fmap)
    if border is not None:
        from .export import to_geojson

        fg_b = folium.FeatureGroup(name=f"Border {border.a}–{border.b}")
        folium.GeoJson(
            to_geojson(border),
            style_function=lambda f: {"color": "#c0392b", "weight": 4},
            tooltip=_text(f"{border.names[0]}–{border.names[1]} border: {border.length_km:.1f} km"),
        ).add_to(fg_b)
        fg_b.add_to(fmap)
        x0, y0, x1, y1 = border.geometry.bounds
        fmap.fit_bounds([[y0, x0], [y1, x1]])
    elif len(countries):
        x0, y0, x1, y1 = countries.total_bounds
        fmap.fit_bounds([[y0, x0], [y1, x1]])
    fg_p = folium.FeatureGroup(name="Places in the articles")
    for p in places:
        folium.Marker(
            location=[p["lat"], p["lon"]],
            popup=folium.Popup(_popup_html(p), max_width=360),
            tooltip=_text(p["name"]),
        ).add_to(fg_p)
    fg_p.add_to(fmap)
    if title:
        fmap.get_root().html.add_child(
            folium.Element(
                '<div style="position:fixed;top:10px;left:60px;z-index:1000;background:white;'
                'padding:4px 10px;border-radius:4px;font:600 16px sans-serif;box-shadow:0 1px 4px #0004">'
                f"{_text(title)}</div>"
            )
        )
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def _popup_html(place: dict[str, Any]) -> str:
    lines = [f"<b>{_text(place['name'])}</b> ({_text(place.get('country', ''))})"]
    for m in place.get("mentions", [])[:5]:
        when = f", {_text(m['date'])}" if m.get("date") else ""
        lines.append(f"<div><i>{_text(m.get('article_id', ''))}{when}</i>: {_text(m.get('sentence', ''))}</div>")
    return "".join(lines)
