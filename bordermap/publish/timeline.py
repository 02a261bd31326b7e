"""The map of a border situation over time: places sized by their mentions on the day a slider picks.

A self-contained page like the report's map, made by the same page builder (:mod:`.page`: Leaflet
inlined from the ``xstatic-leaflet`` package, one JSON escaper, one template reader), the slider and
its player in ``templates/timeline.js`` and ``timeline.css`` (package data), the data as JSON inside the
page, the chart (SVG) below the map.  Nothing is fetched: it renders with no network.  The slider shows
one day or the sum over a window of days ending on it (7 or 30 days, or every day so far); *Play* steps
through the days.
"""

from __future__ import annotations

import html as htmllib
import math
import re
from typing import Any

from ..text.kinds import AREA_KINDS
from .page import leaflet_page

#: At most this many places are drawn (the most mentioned).
MAX_PLACES = 3000
#: Borders and countries are simplified to this tolerance (degrees) for the page.
SIMPLIFY_DEG = 0.01


def _geometry_json(geom: Any, tolerance: float) -> dict[str, Any]:
    from .geojson import geometry_to_geojson

    return geometry_to_geojson(geom.simplify(tolerance, preserve_topology=True), precision=4, snap=False)


def timeline_data(
    series: dict[str, Any],
    day_rows: list[dict[str, Any]],
    borders: list[dict[str, Any]],
    *,
    countries: Any = None,
    area_kinds: frozenset[str] = AREA_KINDS,
) -> dict[str, Any]:
    """The JSON the page draws from.

    Parameters
    ----------
    series : dict
        The per-day series of the chart (``days``, ``mentions``, ``stated_counts``...).
    day_rows : list of dict
        Places per day: ``date``, ``place_id``, ``name``, ``kind``, ``country``, ``lat``, ``lon``, ``mentions``.
    borders : list of dict
        ``name``, ``geometry`` (lines, lon/lat), ``length_km``.
    countries : GeoDataFrame, optional
        Country polygons drawn under the places (those of the borders' countries and the places').

    Returns
    -------
    dict
        ``days``, ``places`` (``[name, country, kind, lat, lon, total]``), ``counts`` (per day a flat
        list ``[place, mentions, place, mentions, ...]``), ``series``, ``borders`` and ``countries``
        (GeoJSON FeatureCollections).

    Examples
    --------
    >>> rows = [{"date": "2021-07-01", "place_id": "g:1", "name": "Vilnius", "kind": "city", "country": "LTU",
    ...          "lat": 54.69, "lon": 25.28, "mentions": 3}]
    >>> d = timeline_data({"days": ["2021-07-01"], "mentions": [3], "stated_counts": [0]}, rows, [])
    >>> d["places"], d["counts"]
    ([['Vilnius', 'LTU', 'city', 54.69, 25.28, 3]], [[0, 3]])
    """
    days = [str(d) for d in series["days"]]
    day_index = {d: k for k, d in enumerate(days)}
    totals: dict[str, int] = {}
    info: dict[str, dict[str, Any]] = {}
    for r in day_rows:
        if r["kind"] in area_kinds or not (math.isfinite(r["lat"]) and math.isfinite(r["lon"])):
            continue
        totals[r["place_id"]] = totals.get(r["place_id"], 0) + int(r["mentions"])
        info.setdefault(r["place_id"], r)
    chosen = sorted(totals, key=lambda p: (-totals[p], p))[:MAX_PLACES]
    index = {p: k for k, p in enumerate(chosen)}
    places = [
        [
            info[p]["name"],
            info[p]["country"],
            info[p]["kind"],
            round(info[p]["lat"], 4),
            round(info[p]["lon"], 4),
            totals[p],
        ]
        for p in chosen
    ]
    counts: list[list[int]] = [[] for _ in days]
    for r in day_rows:
        k = index.get(r["place_id"])
        d = day_index.get(str(r["date"]))
        if k is not None and d is not None:
            counts[d] += [k, int(r["mentions"])]
    border_fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": b["name"], "length_km": b.get("length_km"), "names": b.get("names", [])},
                "geometry": _geometry_json(b["geometry"], SIMPLIFY_DEG),
            }
            for b in borders
        ],
    }
    country_fc: dict[str, Any] = {"type": "FeatureCollection", "features": []}
    if countries is not None and len(countries):
        wanted = {b["a"] for b in borders} | {b["b"] for b in borders} | {p[1] for p in places}
        for row in countries[countries["iso_a3"].isin(wanted)].itertuples():
            country_fc["features"].append(
                {
                    "type": "Feature",
                    "properties": {"iso_a3": row.iso_a3, "name": str(row.name)},
                    "geometry": _geometry_json(row.geometry, SIMPLIFY_DEG * 2),
                }
            )
    plain_series = {k: v for k, v in series.items() if k != "days"}
    return {
        "days": days,
        "places": places,
        "counts": counts,
        "series": plain_series,
        "borders": border_fc,
        "countries": country_fc,
    }


def timeline_html(
    series: dict[str, Any],
    day_rows: list[dict[str, Any]],
    borders: list[dict[str, Any]],
    *,
    title: str = "Border situation over time",
    chart_svg: str = "",
    countries: Any = None,
) -> str:
    """The self-contained page (see the module docstring); arguments as for :func:`timeline_data`.

    Examples
    --------
    >>> page = timeline_html({"days": [], "mentions": [], "stated_counts": []}, [], [], title="A <b>")
    >>> from bordermap.publish._assets import external_urls
    >>> "<title>A &lt;b&gt;</title>" in page, external_urls(page)
    (True, [])
    """
    data = timeline_data(series, day_rows, borders, countries=countries)
    svg = chart_svg
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :]
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg).strip()
    return leaflet_page(
        title=title,
        style="timeline.css",
        body=f'<header class="bm-tl-head"><h1>{htmllib.escape(title)}</h1></header>\n'
        '<div id="bm-tl-map" class="bm-tl-map" role="region" aria-label="map"></div>\n'
        '<div class="bm-tl-controls">'
        '<button id="bm-tl-play" type="button">Play</button>'
        '<input id="bm-tl-slider" type="range" min="0" max="0" value="0" step="1" aria-label="day">'
        '<label>window <select id="bm-tl-window"><option value="1">1 day</option>'
        '<option value="7">7 days</option><option value="30">30 days</option>'
        '<option value="0" selected>all so far</option></select></label>'
        '<output id="bm-tl-label" aria-live="polite"></output></div>\n'
        f'<figure class="bm-tl-chart">{svg}</figure>\n',
        data_name="BORDERMAP_TIMELINE",
        data=data,
        script="timeline.js",
    )
