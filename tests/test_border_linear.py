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


def test_project_point_keywords_and_named_objects_agree(ltu_blr):
    from types import SimpleNamespace

    import geopy

    a = ltu_blr.project(Point(25.65, 54.539))  # Medininkai, (lon, lat)
    b = ltu_blr.project(lat=54.539, lon=25.65)
    c = ltu_blr.project(geopy.Point(54.539, 25.65))  # geopy is (latitude, longitude)
    d = ltu_blr.project(SimpleNamespace(name="Medininkai", lat=54.539, lon=25.65))  # like bordermap.Place
    e = ltu_blr.project({"lat": 54.539, "lon": 25.65})
    for other in (b, c, d, e):
        assert other == pytest.approx(a, abs=1e-9)
    assert 1 < a[1] < 5  # Medininkai village lies ~2-3 km from the line


@pytest.mark.parametrize("pair", [(25.65, 54.539), (54.539, 25.65), [25.65, 54.539]])
def test_project_refuses_a_bare_pair_instead_of_misreading_it(ltu_blr, pair):
    """(lon, lat) read as (lat, lon) used to be answered ~3,950 km from the border, silently."""
    with pytest.raises(bordermap.ArgumentError, match=r"ambiguous.*Point\(lon, lat\).*lat=") as err:
        ltu_blr.project(pair)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(f"point={pair!r}")


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("Medininkai",), {}, "geocode it first"),
        ((), {}, "no position"),
        ((), {"lat": 54.5}, "lat= given alone"),
        ((Point(25.65, 54.539),), {"lat": 54.5}, "not both"),
        ((), {"lat": 95.0, "lon": 25.0}, "out of range"),
        ((), {"lat": float("nan"), "lon": 25.0}, "out of range"),
        ((Point(),), {}, "empty"),
        ((42,), {}, "not a position"),
    ],
)
def test_project_bad_positions_are_one_line_errors(ltu_blr, args, kwargs, match):
    with pytest.raises(bordermap.ArgumentError, match=match) as err:
        ltu_blr.project(*args, **kwargs)
    assert isinstance(err.value, ValueError) and "\n" not in str(err.value)


def test_section_lengths_add_up(ltu_blr):
    parts = [ltu_blr.section(a, b) for a, b in ((0, 100), (100, 333.3), (333.3, ltu_blr.length_km))]
    assert sum(p.length_km for p in parts) == pytest.approx(ltu_blr.length_km, rel=1e-6)
    assert parts[1].length_km == pytest.approx(233.3, abs=1e-3)


def test_section_from_points_is_ordered(ltu_blr):
    medininkai, sumskas = Point(25.65, 54.539), Point(25.75, 54.60)
    s1 = ltu_blr.section(medininkai, sumskas)
    s2 = ltu_blr.section(sumskas, medininkai)
    assert s1.start_km == s2.start_km and s1.end_km == s2.end_km
    assert 5 < s1.length_km < 60
    km = ltu_blr.project(medininkai)[0]
    assert km == pytest.approx(s1.start_km) or km == pytest.approx(s1.end_km)
    mixed = ltu_blr.section(100, sumskas)  # km and a point
    assert mixed.length_km == pytest.approx(abs(ltu_blr.project(sumskas)[0] - 100), abs=1e-6)


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        (-1, 10, "outside"),
        (10, 5000, "outside"),
        (200, 100, "reversed"),
        (float("nan"), 10, "number"),
        (True, 10, "number of km"),
        ((95.0, 25.0), 10, "ambiguous"),
        (Point(25.0, 95.0), 10, "out of range"),
        ("Medininkai", 10, r"start='Medininkai': a place name; geocode it first \(bordermap.geocode"),
        (10, "Šumskas", "end='Šumskas': a place name"),
    ],
)
def test_bad_sections_are_clear_errors(ltu_blr, start, end, match):
    with pytest.raises(bordermap.ArgumentError, match=match) as err:
        ltu_blr.section(start, end)
    assert isinstance(err.value, ValueError) and "\n" not in str(err.value)


def test_sections_and_tripoints_are_objects_not_json(ltu_blr):
    s = ltu_blr.section(0, 10, label="x")
    assert isinstance(s, bordermap.Section) and s.geometry.geom_type == "LineString"
    assert not hasattr(s, "to_dict") and not hasattr(ltu_blr.tripoints[0], "to_dict")
    t = ltu_blr.tripoints[0]
    assert (t.point.x, t.point.y) == (t.lon, t.lat)


def test_fence_coverage_merges_overlaps_and_reports_gaps(ltu_blr):
    cov = bordermap.fence_coverage(ltu_blr, [(0, 100), (50, 150), (300, 400)])
    assert cov.covered_km == pytest.approx(250.0, abs=1e-3)
    assert cov.share == pytest.approx(250.0 / ltu_blr.length_km, rel=1e-6)
    assert [(round(s.start_km, 3), round(s.end_km, 3)) for s in cov.uncovered] == [
        (150.0, 300.0),
        (400.0, round(ltu_blr.length_km, 3)),
    ]
    assert cov.sections[0].geometry.geom_type == "LineString"
    assert sum(s.length_km for s in cov.uncovered) == pytest.approx(ltu_blr.length_km - 250.0, abs=0.01)


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
    assert isinstance(m, bordermap.BorderMeasures)
    assert [t.countries for t in m.tripoints] == [("POL",), ("LVA",)]
    assert m.fence is not None and m.fence.sections[0].length_km == pytest.approx(550.0, abs=0.01)
    assert m.fence.share == pytest.approx(550.0 / ltu_blr.length_km, abs=1e-3)
    assert m.fence_assumption is not None and "centred" in m.fence_assumption
    assert len(m.fence.uncovered) == 2
    assert m.corridors.crs.to_epsg() == 4326
    top = m.corridors.iloc[0]
    assert top["country"] == "LTU" and 2.2 < top["width_km"] < 2.9
    assert top.geometry.geom_type == "LineString"


PLACES = [
    {"name": "Vilnius", "lat": 54.687, "lon": 25.28},
    {"name": "Dieveniškės", "lat": 54.19444, "lon": 25.625},
]
CROSSINGS = [
    {"name": "Medininkai", "lat": 54.53889, "lon": 25.65},
    {"name": "Šumskas", "lat": 54.60, "lon": 25.75},
]


def _gdf(rows):
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"name": [r["name"] for r in rows]},
        geometry=gpd.points_from_xy([r["lon"] for r in rows], [r["lat"] for r in rows]),
        crs="EPSG:4326",
    )


def test_distances_to_border_and_crossings(ltu_blr):
    t = bordermap.distances_to_border(ltu_blr, PLACES, crossings=CROSSINGS)
    assert t.crs.to_epsg() == 4326 and list(t.geometry.x) == [25.28, 25.625]
    assert list(t.name) == ["Vilnius", "Dieveniškės"]
    assert list(t.columns) == [
        "name",
        "lat",
        "lon",
        "border_distance_km",
        "chainage_km",
        "nearest_crossing",
        "crossing_distance_km",
        "geometry",
    ]
    assert 20 < t.border_distance_km[0] < 40  # Vilnius is ~30 km from Belarus
    assert t.border_distance_km[1] < 5
    assert t.nearest_crossing[0] == "Medininkai"
    assert t.chainage_km[0] == pytest.approx(ltu_blr.project(lat=54.687, lon=25.28)[0])


def test_the_old_column_names_still_read_with_a_warning(ltu_blr):
    t = bordermap.distances_to_border(ltu_blr, PLACES, crossings=CROSSINGS)
    with pytest.warns(DeprecationWarning, match="'border_km' is now 'border_distance_km'"):
        assert list(t.border_km) == list(t.border_distance_km)
    with pytest.warns(DeprecationWarning, match="'crossing' is now 'nearest_crossing'"):
        assert list(t["crossing"]) == list(t.nearest_crossing)
    with pytest.warns(DeprecationWarning, match="'crossing_km' is now 'crossing_distance_km'"):
        assert list(t["crossing_km"]) == list(t.crossing_distance_km)
    with pytest.raises(AttributeError):
        t.not_a_column  # noqa: B018  (other names are not aliased)
    import pickle

    back = pickle.loads(pickle.dumps(t))
    assert back.equals(t) and back.border_distance_km.tolist() == t.border_distance_km.tolist()
    cov = bordermap.fence_coverage(ltu_blr, [(0, 100)])
    with pytest.warns(DeprecationWarning, match="length_km"):
        assert cov.border_km == cov.length_km == pytest.approx(ltu_blr.length_km)


def test_distances_to_border_accepts_every_named_form(ltu_blr):
    from types import SimpleNamespace

    import pandas as pd

    want = bordermap.distances_to_border(ltu_blr, PLACES, crossings=CROSSINGS)
    forms = [
        _gdf(PLACES),
        _gdf(PLACES).to_crs(3346),  # Lithuanian grid: converted back to lon/lat
        pd.DataFrame(PLACES),
        [SimpleNamespace(**p) for p in PLACES],  # like bordermap.Place
    ]
    for form in forms:
        got = bordermap.distances_to_border(ltu_blr, form, crossings=_gdf(CROSSINGS))
        assert list(got.name) == list(want.name)
        assert list(got.border_distance_km) == pytest.approx(list(want.border_distance_km), abs=1e-6)
        assert list(got.crossing_distance_km) == pytest.approx(list(want.crossing_distance_km), abs=1e-6)


@pytest.mark.parametrize(
    ("places", "match"),
    [
        ([("Vilnius", 54.687, 25.28)], r"places\[0\]=\('Vilnius', 54.687, 25.28\): a bare tuple"),
        ([{"name": "bad", "lat": 200.0, "lon": 25.0}], "out of range"),
        ([{"lat": 54.687, "lon": 25.28}], "no name"),
        ([{"name": "Vilnius"}], "not a position"),
        ("Vilnius", "expected several places"),
    ],
)
def test_distances_to_border_refuses_unnamed_or_bare_positions(ltu_blr, places, match):
    with pytest.raises(bordermap.ArgumentError, match=match) as err:
        bordermap.distances_to_border(ltu_blr, places)
    assert "\n" not in str(err.value)


def test_border_zone_contains_nearby_places_only(ltu_blr, countries):
    rows = [*PLACES, CROSSINGS[0]]
    zone = bordermap.border_zone(ltu_blr, 5, within="LTU", countries=countries, places=_gdf(rows))
    assert set(zone.places) == {"Medininkai", "Dieveniškės"}
    assert bordermap.border_zone(ltu_blr, 5, within="LTU", countries=countries, places=rows).places == zone.places
    ltu = countries.set_index("iso_a3").geometry["LTU"]
    assert zone.geometry.difference(ltu.buffer(1e-6)).area < 1e-9  # inside Lithuania
    assert zone.geometry.is_valid and not zone.geometry.is_empty
    with pytest.raises(ValueError, match="width_km"):
        bordermap.border_zone(ltu_blr, -5)
    with pytest.raises(ValueError, match="within"):
        bordermap.border_zone(ltu_blr, 5, within="POL", countries=countries)
    with pytest.raises(bordermap.ArgumentError, match="bare tuple"):
        bordermap.border_zone(ltu_blr, 5, places=[("Medininkai", 54.53889, 25.65)])


@pytest.mark.parametrize("pair", [("LTU", "BLR"), ("USA", "MEX"), ("IND", "BGD"), ("ESP", "MAR"), ("NOR", "RUS")])
def test_project_finds_the_nearest_point_of_the_whole_border(countries, pair):
    """project() projects only the stretch that can hold the nearest point: it must find the whole line's."""
    import random

    import shapely

    from bordermap.geometry.projection import geod, local_crs, to_lonlat, to_metric

    border = bordermap.shared_border(*pair, countries)
    x0, y0, x1, y1 = border.geometry.bounds
    rng = random.Random(f"{pair}")
    for _ in range(12):
        span = rng.choice([0.05, 1.0, 8.0])
        lon, lat = rng.uniform(x0 - span, x1 + span), min(89.0, rng.uniform(y0 - span, y1 + span))
        crs = local_crs(lon=lon, lat=lat)
        line = to_metric(border.geometry, crs)
        origin = shapely.Point(0.0, 0.0)
        nearest = to_lonlat(shapely.line_interpolate_point(line, shapely.line_locate_point(line, origin)), crs)
        _, _, want = geod().inv(lon, lat, nearest.x, nearest.y)
        km, dist = bordermap.geometry.linear.project(border, lat=lat, lon=lon)
        assert dist == pytest.approx(want / 1000.0, abs=1e-3), (lon, lat)
        assert 0.0 <= km <= border.length_km + 1e-6
