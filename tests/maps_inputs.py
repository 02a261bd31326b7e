"""Inputs for map tests built from the real LTU–BLR border (not from bordermap's map code).

The fence sections are stretches of the real border chosen for testing (not the real
fence); the corridor chord is measured on the real polygons at the Dieveniškės neck
(about 54.31 N 25.53 E); claims mix real figures with injection payloads.
"""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.ops import substring

from bordermap.geometry.projection import geodesic_length_km, local_crs, to_lonlat, to_metric

#: Text that must stay text: HTML, script end tags, attributes, backticks, template literals, quotes.
PAYLOAD = (
    "<script>window.__pwned='script'</script> <img src=x onerror=\"window.__pwned='img'\"> "
    "`${window.__pwned='template'}` </script><script>window.__pwned='end'</script> \"q\" 'q' & &amp;"
)


def fence_frames(border) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Two 'fence' sections (km 20–180 and 300–520 along the border) and the stretches between."""
    line = shapely.line_merge(border.geometry)
    if line.geom_type != "LineString":
        line = max(line.geoms, key=lambda g: g.length)
    crs = local_crs(*line.centroid.coords[0])
    m = to_metric(line, crs)
    total = m.length / 1000
    cuts = [(0.0, 20.0, False), (20.0, 180.0, True), (180.0, 300.0, False), (300.0, 520.0, True), (520.0, total, False)]
    fence, gaps = [], []
    for a, b, fenced in cuts:
        piece = to_lonlat(substring(m, a * 1000, b * 1000), crs)
        row = {"start_km": a, "end_km": b, "length_km": round(geodesic_length_km(piece), 3), "geometry": piece}
        (fence if fenced else gaps).append(row)
    return (gpd.GeoDataFrame(fence, crs="EPSG:4326"), gpd.GeoDataFrame(gaps, crs="EPSG:4326"))


def corridor_frame(countries) -> gpd.GeoDataFrame:
    """The narrowest chord across Lithuania's Dieveniškės neck, measured on the real polygon."""
    ltu = countries.set_index("iso_a3").geometry["LTU"]
    centre = (25.53, 54.31)  # (lon, lat)
    crs = local_crs(*centre)
    ring = to_metric(ltu.boundary, crs)
    disc = shapely.Point(0, 0).buffer(4000)
    parts = sorted(shapely.get_parts(shapely.line_merge(ring.intersection(disc))), key=lambda g: -g.length)
    a, b = shapely.ops.nearest_points(parts[0], parts[1])
    chord = to_lonlat(shapely.LineString([a, b]), crs)
    width = geodesic_length_km(chord)
    return gpd.GeoDataFrame(
        [{"name": "Dieveniškės neck", "width_km": round(width, 2), "geometry": chord}], crs="EPSG:4326"
    )


def zone_geometry(border, km: float = 5.0):
    """A buffer of ``km`` around the border (lon/lat polygon)."""
    crs = local_crs(*border.geometry.centroid.coords[0])
    return to_lonlat(to_metric(border.geometry, crs).buffer(km * 1000), crs)


def claims(border, corridors) -> list[dict]:
    width = float(corridors["width_km"].iloc[0])
    return [
        {
            "text": "The border with Belarus is 679 km long",
            "claimed": 679.0,
            "computed": round(border.length_km, 1),
            "difference_pct": (679.0 - border.length_km) / border.length_km * 100,
            "verdict": "consistent",
            "unit": "km",
        },
        {
            "text": "At Dieveniškės Lithuania is only 2.5 km wide",
            "claimed": 2.5,
            "computed": width,
            "difference_pct": (2.5 - width) / width * 100,
            "verdict": "consistent" if abs(2.5 - width) / width < 0.25 else "inaccurate",
            "unit": "km",
        },
        {"text": PAYLOAD, "claimed": 1.0, "computed": 2.0, "difference_pct": -50.0, "verdict": PAYLOAD},
    ]


def payload_places() -> gpd.GeoDataFrame:
    """One place whose name and sentence are injection attempts, at Medininkai (54.53889 N, 25.65 E)."""
    return gpd.GeoDataFrame(
        [
            {
                "name": "Medininkai " + PAYLOAD,
                "country": "LTU",
                "kind": "village",
                "mentions": [
                    {
                        "article_id": "evil-<b>1</b>",
                        "date": "2021-07-09",
                        "sentence": "Near " + PAYLOAD + " end.",
                        "text": "`",
                    }
                ],
            }
        ],
        geometry=[shapely.Point(25.65, 54.53889)],
        crs="EPSG:4326",
    )
