"""GeoJSON as RFC 7946 wants it, written atomically and deterministically, read back by GDAL."""

from __future__ import annotations

import itertools
import json
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Polygon, shape

import bordermap
from bordermap.publish.geojson import border_feature, to_geojson, write_json


def ring_area2(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def positions(coords):
    if isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from positions(c)


def test_countries_ccw_precision_and_valid_rings(countries):
    fc = to_geojson(countries, precision=3)
    assert "crs" not in fc and fc["type"] == "FeatureCollection"
    n_rings = 0
    for f in fc["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in polys:
            assert ring_area2(rings[0]) > 0  # exterior counter-clockwise
            for hole in rings[1:]:
                assert ring_area2(hole) < 0  # holes clockwise
            for r in rings:
                n_rings += 1
                assert len(r) >= 4 and r[0] == r[-1]
                assert all(a != b for a, b in itertools.pairwise(r))  # no repeated positions after rounding
        for lon, lat in positions(g["coordinates"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert round(lon, 3) == lon and round(lat, 3) == lat
        assert shape(g).is_valid, f["properties"]["iso_a3"]
    assert n_rings > 7


def test_default_precision_is_six_decimals(countries):
    text = json.dumps(to_geojson(bordermap.shared_border("LTU", "BLR", countries)))
    decimals = {len(m) for m in re.findall(r"\d+\.(\d+)", text)}
    assert max(decimals) == 6


def test_border_feature_properties(countries):
    border = bordermap.shared_border("LTU", "BLR", countries)
    f = to_geojson(border)["features"][0]
    assert f["properties"]["names"] == ["Lithuania", "Belarus"]
    assert f["properties"]["length_km"] == pytest.approx(border.length_km, abs=1e-3)
    assert "geo-maps" in f["properties"]["source"] and f["properties"]["tolerance_m"] == border.tolerance_m
    assert f == border_feature(border)


def test_report_files_are_rfc7946(seeds_report):
    out = seeds_report.out
    for name in ("border.geojson", "places.geojson", "mentions.geojson"):
        data = json.loads((out / name).read_text(encoding="utf-8"))
        # no foreign member: the run that wrote the file is named in report.json, with the file's SHA-256
        assert set(data) == {"type", "features"}
        for f in data["features"]:
            assert set(f) == {"type", "properties", "geometry"}
            for pos in positions(f["geometry"]["coordinates"]):
                assert len(pos) == 2 and -180 <= pos[0] <= 180 and -90 <= pos[1] <= 90
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"]["name"]: f for f in places}
    d = by_name["Dieveniškės"]
    assert d["geometry"]["coordinates"] == pytest.approx([25.625, 54.19444], abs=1e-4)  # (lon, lat)
    assert d["properties"]["article_ids"] and all(re.fullmatch(r"\d{4}-\d\d-\d\d", x) for x in d["properties"]["dates"])


def test_places_geojson_is_flat_and_mentions_are_their_own_layer(seeds_report):
    """No property holds objects (GIS shows them as one string): counts and the first sentence; mentions apart."""
    out = seeds_report.out
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"]
    mentions = json.loads((out / "mentions.geojson").read_text(encoding="utf-8"))["features"]
    for f in places:
        for value in f["properties"].values():
            assert not isinstance(value, dict) and not (
                isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
            )
    assert all(set(f["properties"]) >= {"place_id", "name", "mention_count", "first_sentence"} for f in places)
    assert [f["properties"]["place_id"] for f in places] == list(range(len(places)))
    report = seeds_report.to_dict()
    for f, row in zip(places, report["places"], strict=True):
        assert f["properties"]["name"] == row["name"] and f["properties"]["mention_count"] == len(row["mentions"])
        assert f["properties"]["first_sentence"] == (row["mentions"][0]["sentence"] if row["mentions"] else None)
    assert len(mentions) == sum(len(row["mentions"]) for row in report["places"])
    for m in mentions:  # each mention at its place, joined by place_id
        place = places[m["properties"]["place_id"]]
        assert m["geometry"] == place["geometry"] and m["properties"]["place"] == place["properties"]["name"]
        assert m["properties"]["text"] in m["properties"]["sentence"]
    d = next(f for f in places if f["properties"]["name"] == "Dieveniškės")
    said = [m for m in mentions if m["properties"]["place_id"] == d["properties"]["place_id"]]
    assert said and said[0]["properties"]["sentence"] == d["properties"]["first_sentence"]


def test_roundtrip_through_pyogrio(tmp_path, seeds_report, countries):
    path = tmp_path / "countries.geojson"
    to_geojson(countries, path)
    back = gpd.read_file(path, engine="pyogrio")
    assert list(back["iso_a3"]) == list(countries["iso_a3"])
    assert back.crs.to_epsg() == 4326
    written = [shape(f["geometry"]) for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    for a, w, b in zip(back.geometry, written, countries.geometry, strict=True):
        assert shapely.equals_exact(a, w, tolerance=0)  # exactly what was written
        assert a.area == pytest.approx(b.area, rel=1e-6)  # which is the input to 6 decimals
        assert shapely.get_num_coordinates(a) == pytest.approx(shapely.get_num_coordinates(b), rel=0.01)
    places = gpd.read_file(seeds_report.out / "places.geojson", engine="pyogrio")
    written = json.loads((seeds_report.out / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert list(places["name"]) == [f["properties"]["name"] for f in written]
    for (_, row), f in zip(places.iterrows(), written, strict=True):
        assert list(row["article_ids"]) == f["properties"]["article_ids"]
        assert [row.geometry.x, row.geometry.y] == f["geometry"]["coordinates"]


def test_deterministic_bytes(tmp_path, countries):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    to_geojson(countries, a)
    to_geojson(countries.copy(), b)
    assert a.read_bytes() == b.read_bytes()


def test_atomic_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.geojson"
    write_json(target, {"v": 1})
    with pytest.raises(ValueError):
        write_json(target, {"v": float("nan")})  # fails while serialising
    assert json.loads(target.read_text(encoding="utf-8")) == {"v": 1}
    (tmp_path / "dir.geojson").mkdir()
    with pytest.raises(bordermap.OutputError, match=r"dir\.geojson: cannot write"):
        write_json(tmp_path / "dir.geojson", {"v": 2})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.geojson", "out.geojson"]


def test_collapsing_rings_are_dropped():
    tiny_hole = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)], [[(0.5, 0.5), (0.5000001, 0.5), (0.5, 0.5000001)]])
    g = to_geojson(tiny_hole, precision=3)["features"][0]["geometry"]
    assert len(g["coordinates"]) == 1 and shape(g).is_valid
    line = to_geojson(LineString([(0, 0), (0.0000001, 0), (1, 1)]), precision=3)["features"][0]["geometry"]
    assert line["coordinates"] == [[0.0, 0.0], [1.0, 1.0]]


@pytest.mark.parametrize("bad", [-1, 16, 2.5, "6", True])
def test_bad_precision(bad, countries):
    with pytest.raises(ValueError, match="precision="):
        to_geojson(countries.iloc[:1], precision=bad)


def test_projected_frame_without_crs_is_rejected(countries):
    projected = countries.iloc[:1].to_crs(3857).set_crs(None, allow_override=True)
    with pytest.raises(bordermap.DataError, match="out of lon/lat range"):
        to_geojson(projected)


def test_a_nearest_crossing_only_within_the_stated_distance():
    """Athens is 1,780 km from the Lithuania–Belarus crossings: no "nearest crossing"; Vilnius (about 30 km) has one."""
    import math

    import bordermap
    from bordermap.report.places import _add_distances, border_crossings

    border = bordermap.shared_border("LTU", "BLR")
    crossings = border_crossings(border)
    assert len(crossings)

    def rows():
        base = {"kind": "city", "nearest_crossing": None, "crossing_distance_km": math.nan}
        return [
            base | {"name": "Athens", "lat": 37.98, "lon": 23.73},
            base | {"name": "Vilnius", "lat": 54.69, "lon": 25.28},
        ]

    athens, vilnius = rows()
    _add_distances(border, [athens, vilnius], crossings)
    assert athens["nearest_crossing"] is None and math.isnan(athens["crossing_distance_km"])
    assert athens["border_distance_km"] > 1_500  # the distance to the border is still given
    assert vilnius["nearest_crossing"] and vilnius["crossing_distance_km"] <= bordermap.settings.nearest_crossing_max_km
    with bordermap.options(nearest_crossing_max_km=5_000):
        athens, _ = rows()
        _add_distances(border, [athens], crossings)
        assert athens["nearest_crossing"] and athens["crossing_distance_km"] > 1_500


def test_the_written_places_respect_the_crossing_distance(seeds_report):
    limit = seeds_report.places["crossing_distance_km"].dropna()
    assert len(limit) and (limit <= 100.0).all()
    assert seeds_report.places.loc[seeds_report.places["crossing_distance_km"].isna(), "nearest_crossing"].isna().all()
