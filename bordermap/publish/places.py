"""The report's places as two flat GeoJSON layers: ``places.geojson`` and ``mentions.geojson``.

Desktop GIS (QGIS, ArcGIS, GDAL) reads a property holding a list of objects as one string, so a
place's mentions are not nested in its feature: ``places.geojson`` has one point per place with
plain properties (``mention_count``, ``first_sentence``, the article ids and dates as lists of
text, which GDAL reads as string lists), and ``mentions.geojson`` has one point per mention (at
its place) with the article, the words and the sentence.  Both carry ``place_id``, the place's
position in ``places.geojson``, to join them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .geojson import feature, feature_collection

#: Properties of a mention (``mentions.geojson``), in this order after ``place_id`` and ``place``.
MENTION_PROPERTIES = ("article_id", "date", "text", "sentence", "start", "end")


def place_layers(places: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``places.geojson`` and ``mentions.geojson`` from the report's place rows (as ``report.json`` lists them).

    Parameters
    ----------
    places : sequence of mappings
        Rows with ``lat``, ``lon``, ``name`` and ``mentions`` (mappings with the keys of
        :data:`MENTION_PROPERTIES`), and any other plain properties.

    Returns
    -------
    (dict, dict)
        The two FeatureCollections.

    Examples
    --------
    >>> row = {"name": "Vilnius", "lat": 54.69, "lon": 25.28, "country": "LTU", "mentions": [
    ...     {"article_id": "a1", "date": "2021-08-02", "text": "Vilnius", "sentence": "In Vilnius.", "start": 3,
    ...      "end": 10}]}
    >>> places, mentions = place_layers([row])
    >>> places["features"][0]["properties"]
    {'place_id': 0, 'name': 'Vilnius', 'country': 'LTU', 'mention_count': 1, 'first_sentence': 'In Vilnius.', \
'article_ids': ['a1'], 'dates': ['2021-08-02']}
    >>> mentions["features"][0]["properties"]["sentence"], mentions["features"][0]["geometry"]["coordinates"]
    ('In Vilnius.', [25.28, 54.69])
    """
    from shapely.geometry import Point

    place_features = []
    mention_features = []
    for i, p in enumerate(places):
        point = Point(p["lon"], p["lat"])
        said = list(p.get("mentions") or ())
        flat = {"place_id": i} | {k: v for k, v in p.items() if k not in ("lat", "lon", "mentions")}
        flat |= {
            "mention_count": len(said),
            "first_sentence": said[0]["sentence"] if said else None,
            "article_ids": sorted({m["article_id"] for m in said}),
            "dates": sorted({m["date"] for m in said if m["date"]}),
        }
        place_features.append(feature(point, flat))
        for m in said:
            props = {"place_id": i, "place": p["name"]} | {k: m[k] for k in MENTION_PROPERTIES}
            mention_features.append(feature(point, props))
    return feature_collection(place_features), feature_collection(mention_features)
