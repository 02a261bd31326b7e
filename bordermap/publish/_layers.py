"""The map's layers and panels as plain data: GeoJSON features of lines, places and labels, rows of claims.

:func:`bordermap.publish.maps.make_map` puts what these functions return into the page's JSON; the
page's script draws it (text only, never markup).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..text.kinds import COUNTRY_KINDS

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from ..geometry.fence import FenceCoverage


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
_NOT_MARKED = COUNTRY_KINDS


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
