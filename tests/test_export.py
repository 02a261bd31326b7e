import itertools
import json

import geopandas as gpd
from shapely.geometry import Polygon

import bordermap
from bordermap.publish.geojson import geometry_to_geojson


def test_rfc7946_ccw_and_precision():
    cw = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    ring = geometry_to_geojson(cw)["coordinates"][0]
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    assert area2 > 0  # counter-clockwise
    pt = geometry_to_geojson(Polygon([(0.123456789, 0), (1, 0), (1, 1)]), precision=3)
    assert pt["coordinates"][0][0][0] == 0.123


def test_deterministic_atomic_write_and_roundtrip(tmp_path, countries):
    border = bordermap.shared_border("LTU", "BLR", countries)
    p1, p2 = tmp_path / "a.geojson", tmp_path / "b.geojson"
    bordermap.to_geojson(border, p1)
    bordermap.to_geojson(border, p2)
    assert p1.read_bytes() == p2.read_bytes()
    assert not list(tmp_path.glob(".*tmp"))
    data = json.loads(p1.read_text(encoding="utf-8"))
    assert "crs" not in data and data["features"][0]["properties"]["a"] == "LTU"
    back = gpd.read_file(p1)
    assert back.geometry.iloc[0].hausdorff_distance(border.geometry) < 1e-5
