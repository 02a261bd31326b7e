"""Linear referencing along a border, sections, fences, distances and zones."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point

import bordermap


@pytest.fixture(scope="module")
def ltu_blr(countries):
    return bordermap.shared_border("LTU", "BLR", countries)


def test_locate_ends_are_the_tripoints(ltu_blr):
    start, end = ltu_blr.locate(0), ltu_blr.locate(ltu_blr.length_km)
    assert (start.x, start.y) == pytest.approx((ltu_blr.tripoints[0].lon, ltu_blr.tripoints[0].lat), abs=1e-6)
    assert (end.x, end.y) == pytest.approx((ltu_blr.tripoints[-1].lon, ltu_blr.tripoints[-1].lat), abs=1e-6)
    assert ltu_blr.tripoints[0].countries == ("POL",)


def test_project_inverts_locate(ltu_blr):
    for km in (0.5, 123.4, 400.0, 670.0):
        got, dist = ltu_blr.project(ltu_blr.locate(km))
        assert got == pytest.approx(km, abs=0.01)
        assert dist < 0.01


def test_project_accepts_lat_lon_tuple_and_point(ltu_blr):
    a = ltu_blr.project((54.539, 25.65))
    b = ltu_blr.project(Point(25.65, 54.539))
    assert a == pytest.approx(b)
    assert 1 < a[1] < 5  # Medininkai village lies ~2-3 km from the line


def test_section_lengths_add_up(ltu_blr):
    parts = [ltu_blr.section(a, b) for a, b in ((0, 100), (100, 333.3), (333.3, ltu_blr.length_km))]
    assert sum(p.length_km for p in parts) == pytest.approx(ltu_blr.length_km, rel=1e-6)
    assert parts[1].length_km == pytest.approx(233.3, abs=1e-3)


def test_section_from_place_names_is_ordered(ltu_blr):
    s1 = ltu_blr.section("Medininkai", "Šumskas")
    s2 = ltu_blr.section("Šumskas", "Medininkai")
    assert s1.start_km == s2.start_km and s1.end_km == s2.end_km
    assert 5 < s1.length_km < 60


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        (-1, 10, "outside"),
        (10, 5000, "outside"),
        (200, 100, "reversed"),
        (float("nan"), 10, "number"),
        ((95.0, 25.0), 10, "out of range"),
    ],
)
def test_bad_sections_are_clear_errors(ltu_blr, start, end, match):
    with pytest.raises(bordermap.ArgumentError, match=match) as err:
        ltu_blr.section(start, end)
    assert isinstance(err.value, ValueError) and "\n" not in str(err.value)


def test_unknown_place_name_is_a_geocoding_error(ltu_blr):
    with pytest.raises(bordermap.GeocodingError):
        ltu_blr.section("Nowhere-on-earth-xyz", 10)


def test_fence_coverage_merges_overlaps_and_reports_gaps(ltu_blr):
    cov = bordermap.fence_coverage(ltu_blr, [(0, 100), (50, 150), (300, 400)])
    assert cov.covered_km == pytest.approx(250.0, abs=1e-3)
    assert cov.share == pytest.approx(250.0 / ltu_blr.length_km, rel=1e-6)
    assert [(round(s.start_km, 3), round(s.end_km, 3)) for s in cov.uncovered] == [
        (150.0, 300.0),
        (400.0, round(ltu_blr.length_km, 3)),
    ]
    d = cov.to_dict()
    assert d["sections"][0]["geometry"]["type"] == "LineString"
    assert d["uncovered_km"] == pytest.approx(ltu_blr.length_km - 250.0, abs=0.01)


def test_reported_fence_is_centred_and_validated(ltu_blr):
    s = bordermap.reported_fence(ltu_blr, 550)
    assert s.length_km == pytest.approx(550.0, abs=1e-3)
    assert s.start_km == pytest.approx(ltu_blr.length_km - s.end_km, abs=1e-6)
    with pytest.raises(ValueError, match="length_km"):
        bordermap.reported_fence(ltu_blr, 900)
    with pytest.raises(ValueError, match="length_km"):
        bordermap.reported_fence(ltu_blr, float("nan"))


def test_read_fence_snaps_a_geojson_line(ltu_blr, tmp_path):
    line = [[p.x + 0.002, p.y + 0.001] for p in (ltu_blr.locate(k) for k in range(200, 281, 4))]
    path = tmp_path / "fence.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": line}}
                ],
            }
        )
    )
    cov = bordermap.read_fence(ltu_blr, path)
    assert cov.covered_km == pytest.approx(80.0, abs=1.0)
    assert cov.sections[0].start_km == pytest.approx(200.0, abs=1.0)
    far = tmp_path / "far.geojson"
    far.write_text(json.dumps({"type": "LineString", "coordinates": [[10.0, 50.0], [10.1, 50.1]]}))
    with pytest.raises(bordermap.DataError, match="within"):
        bordermap.read_fence(ltu_blr, far)
    with pytest.raises(bordermap.InputFileError):
        bordermap.read_fence(ltu_blr, tmp_path / "missing.geojson")


def test_border_measures_for_the_report(ltu_blr, countries):
    m = bordermap.border_measures(ltu_blr, countries)
    json.dumps(m)  # plain JSON
    assert [t["countries"] for t in m["tripoints"]] == [["POL"], ["LVA"]]
    assert m["fence"]["sections"][0]["length_km"] == pytest.approx(550.0, abs=0.01)
    assert m["fence"]["share"] == pytest.approx(550.0 / ltu_blr.length_km, abs=1e-3)
    assert "centred" in m["fence"]["assumption"]
    assert len(m["fence"]["uncovered"]) == 2
    top = m["corridors"][0]
    assert top["country"] == "LTU" and 2.2 < top["width_km"] < 2.9
    assert top["geometry"]["type"] == "LineString"


def test_distances_to_border_and_crossings(ltu_blr):
    places = [("Vilnius", 54.687, 25.28), ("Dieveniškės", 54.19444, 25.625)]
    crossings = [("Medininkai", 54.53889, 25.65), ("Šumskas", 54.60, 25.75)]
    t = bordermap.distances_to_border(ltu_blr, places, crossings=crossings)
    assert list(t.name) == ["Vilnius", "Dieveniškės"]
    assert 20 < t.border_km[0] < 40  # Vilnius is ~30 km from Belarus
    assert t.border_km[1] < 5
    assert t.crossing[0] == "Medininkai"
    with pytest.raises(ValueError, match="places"):
        bordermap.distances_to_border(ltu_blr, [("bad", 200.0, 25.0)])


def test_border_zone_contains_nearby_places_only(ltu_blr, countries):
    places = [("Medininkai", 54.53889, 25.65), ("Vilnius", 54.687, 25.28), ("Dieveniškės", 54.19444, 25.625)]
    zone = bordermap.border_zone(ltu_blr, 5, within="LTU", countries=countries, places=places)
    assert set(zone.places) == {"Medininkai", "Dieveniškės"}
    ltu = countries.set_index("iso_a3").geometry["LTU"]
    assert zone.geometry.difference(ltu.buffer(1e-6)).area < 1e-9  # inside Lithuania
    # the strip is ~5 km wide on one side: area ≈ 5 km × length, in degrees² roughly
    assert zone.geometry.is_valid and not zone.geometry.is_empty
    with pytest.raises(ValueError, match="width_km"):
        bordermap.border_zone(ltu_blr, -5)
    with pytest.raises(ValueError, match="within"):
        bordermap.border_zone(ltu_blr, 5, within="POL", countries=countries)
