"""The report's results shaped as JSON (``report.json``, GeoJSON properties): one function per object."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..text.claims import Claim, ClaimCheck

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from ..geometry.borders import Section, Tripoint
    from ..geometry.fence import FenceCoverage
    from .model import PlaceMention


def _json_text(obj: Any) -> str:
    """``report.json``'s text: objects, and lists holding objects, indented by two spaces; other lists
    (positions, coordinates, codes) on one line.

    Readable where it matters, and written by the C encoder where the bulk is (a fence's coordinates
    indented one number per line made ``report.json`` three times larger and slow to write).

    Examples
    --------
    >>> print(_json_text({"a": [1, 2], "b": [{"c": None}], "d": {}}), end="")
    {
      "a": [1, 2],
      "b": [
        {
          "c": null
        }
      ],
      "d": {}
    }
    """

    def text(value: Any, level: int) -> str:
        pad, end = "  " * (level + 1), "  " * level
        if isinstance(value, dict) and value:
            items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {text(v, level + 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + end + "}"
        if isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
            return "[\n" + ",\n".join(pad + text(v, level + 1) for v in value) + "\n" + end + "]"
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    return text(obj, 0) + "\n"


def _rounded(value: float | None, ndigits: int) -> float | None:
    return None if value is None else round(value, ndigits)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _geojson6(geom: BaseGeometry) -> dict[str, Any]:
    """A geometry as GeoJSON on a 1e-6 degree grid (fence sections and corridor chords of ``report.json``)."""
    import shapely
    from shapely.geometry import mapping

    return dict(mapping(shapely.set_precision(geom, 1e-6) if not geom.is_empty else geom))


def _length_km(sections: Iterable[Section]) -> float:
    return sum(s.length_km for s in sections)


def _tripoint_json(t: Tripoint) -> dict[str, Any]:
    return {"lon": t.lon, "lat": t.lat, "countries": list(t.countries), "kind": str(t.kind)}


def _section_json(s: Section) -> dict[str, Any]:
    return {
        "start_km": round(s.start_km, 3),
        "end_km": round(s.end_km, 3),
        "length_km": round(s.length_km, 3),
        "label": s.label,
        "geometry": _geojson6(s.geometry),
    }


def _fence_json(cov: FenceCoverage, assumption: str | None) -> dict[str, Any]:
    return {
        "covered_km": round(cov.covered_km, 3),
        "length_km": round(cov.length_km, 3),
        "share": round(cov.share, 4),
        "sections": [_section_json(s) for s in cov.sections],
        "uncovered": [_section_json(s) for s in cov.uncovered],
        "uncovered_km": round(_length_km(cov.uncovered), 3),
        "assumption": assumption,
    }


def _corridors_json(corridors: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    out = []
    for c in corridors.itertuples():
        row = {
            "country": c.country,
            "width_km": round(float(c.width_km), 3),
            "lat": round(float(c.lat), 5),
            "lon": round(float(c.lon), 5),
            "smaller_side_km2": round(float(c.smaller_side_km2), 1),
        }
        if not _missing(c.places):
            row["places"] = list(c.places)
        row["geometry"] = _geojson6(c.geometry)
        out.append(row)
    return out


def _claim_json(c: Claim) -> dict[str, Any]:
    return {
        "kind": str(c.kind),
        "value": c.value,
        "unit": c.unit,
        "km": c.km,
        "qualifier": c.qualifier,
        "subject": list(c.subject),
        "noun": c.noun,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "sentence": c.sentence,
        "article_id": c.article_id,
        "place": c.place,
        "reference": c.reference,
        "rounding_km": c.rounding_km,
    }


def _verdict_json(v: ClaimCheck) -> dict[str, Any]:
    row = {
        **_claim_json(v.claim),
        "computed_km": _rounded(v.computed_km, 3),
        "difference_pct": _rounded(v.difference_pct, 1),
        "verdict": str(v.verdict),
        "band_km": None if v.band_km is None else [round(v.band_km[0], 3), round(v.band_km[1], 3)],
        "claimed_km": None
        if v.claimed_km is None
        else [round(v.claimed_km[0], 3), None if math.isinf(v.claimed_km[1]) else round(v.claimed_km[1], 3)],
        "measured": v.subject,
        "reason": v.reason,
    }
    if v.share_of_border is not None:
        row["share_of_border"] = round(v.share_of_border, 4)
    return row


def _mention_json(m: PlaceMention) -> dict[str, Any]:
    return {
        "article_id": m.article_id,
        "date": m.date.isoformat() if m.date else None,
        "text": m.text,
        "sentence": m.sentence,
        "start": m.start,
        "end": m.end,
    }


def _places_json(places: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The rows of :attr:`Report.places` as ``report.json`` lists them (distances only where computed)."""
    out = []
    geom_col = places.geometry.name
    for r in places.to_dict("records"):
        point = r[geom_col]
        row = {
            "name": r["name"],
            "lat": float(point.y),
            "lon": float(point.x),
            "country": r["country"],
            "kind": str(r["kind"]),
            "source": r["source"],
            "precision_m": r["precision_m"],
            "confidence": r["confidence"],
            "note": r["note"],
            "mentions": [_mention_json(m) for m in r["mentions"]],
        }
        if not _missing(r["border_distance_km"]):
            row["border_distance_km"] = round(float(r["border_distance_km"]), 3)
        if not _missing(r["nearest_crossing"]):
            row["nearest_crossing"] = r["nearest_crossing"]
            row["crossing_distance_km"] = round(float(r["crossing_distance_km"]), 3)
        out.append(row)
    return out
