"""Narrow corridors and gaps between territories, on real data."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

import bordermap
from bordermap.geometry.projection import distance_km


def test_dieveniskes_corridor(countries):
    table = bordermap.narrowest_corridors("LTU", countries=countries)
    top = table.iloc[0]
    assert 2.2 < top.width_km < 2.9
    assert distance_km(lat1=top.lat, lon1=top.lon, lat2=54.31, lon2=25.53) < 5
    assert table.crs.to_epsg() == 4326
    assert list(table.width_km) == sorted(table.width_km)
    # the chord lies inside Lithuania and joins two points of its boundary
    ltu = countries.set_index("iso_a3").geometry["LTU"]
    assert top.geometry.length > 0 and ltu.buffer(1e-6).contains(top.geometry)
    assert 50 < top.smaller_side_km2 < 1000
    assert round(top.width_km, 2) == 2.64 and (round(top.lat, 3), round(top.lon, 3)) == (54.312, 25.533)
    assert all(p == [] for p in table.places)  # no places given: empty lists


@pytest.mark.world
def test_siliguri_corridor_with_the_same_defaults(world):
    table = bordermap.narrowest_corridors("IND", countries=world)
    near = table[[distance_km(lat1=r.lat, lon1=r.lon, lat2=26.7, lon2=88.4) < 40 for r in table.itertuples()]]
    assert len(near) >= 1
    assert 15 < near.width_km.min() < 25  # the "Chicken's Neck", ~20-22 km
    assert near.smaller_side_km2.iloc[0] > 100_000  # Northeast India


def test_a_country_without_a_pinch_has_no_corridor():
    from shapely.geometry import box

    assert len(bordermap.narrowest_corridors(box(20, 50, 22, 51))) == 0


def test_corridor_parameters_are_checked(countries):
    with pytest.raises(ValueError, match="radius_share"):
        bordermap.narrowest_corridors("LTU", countries=countries, radius_share=0)
    with pytest.raises(ValueError, match="max_results"):
        bordermap.narrowest_corridors("LTU", countries=countries, max_results=0)
    with pytest.raises(bordermap.UnknownCountryError):
        bordermap.narrowest_corridors("Atlantis", countries=countries)


KALININGRAD = Point(20.51, 54.71)  # (lon, lat)


def test_suwalki_gap_by_codes_and_part(countries):
    g = bordermap.gap("RUS", "BLR", countries=countries, part_near=KALININGRAD)
    assert round(g.distance_km, 1) == 65.4
    (x0, y0), (_x1, _y1) = g.geometry.coords
    assert Point(x0, y0).distance(bordermap.territory("RUS", countries=countries, part_near=KALININGRAD)) < 1e-6
    # a geopy point or a named object picks the same part
    import geopy

    for near in (geopy.Point(54.71, 20.51), {"lat": 54.71, "lon": 20.51}):
        assert bordermap.gap("RUS", "BLR", countries=countries, part_near=near).distance_km == g.distance_km
    # the whole of Russia touches Belarus
    assert bordermap.gap("RUS", "BLR", countries=countries).distance_km == 0


@pytest.mark.parametrize(
    ("near", "match"),
    [
        ((54.71, 20.51), r"part_near=\(54.71, 20.51\): a bare coordinate pair is ambiguous"),
        ((20.51, 54.71), "ambiguous"),
        (Point(20.0, 200.0), "out of range"),
        ("Kaliningrad", "geocode it first"),
    ],
)
def test_part_near_is_checked(countries, near, match):
    with pytest.raises(bordermap.ArgumentError, match=match) as err:
        bordermap.gap("RUS", "BLR", countries=countries, part_near=near)
    assert "\n" not in str(err.value) and "lat=..." not in str(err.value)  # no keywords to offer here
    with pytest.raises(bordermap.ArgumentError, match="part_near"):
        bordermap.territory("RUS", countries=countries, part_near=near)


def _populated_places():
    """The gazetteer's populated places as a GeoDataFrame, as the report passes them."""
    import geopandas as gpd

    from bordermap.text.gazetteer import default_gazetteer

    pool = [p for p in default_gazetteer().places if p.kind not in ("country", "continent", "region")]
    return gpd.GeoDataFrame(
        {"name": [p.name for p in pool], "population": [p.population for p in pool]},
        geometry=gpd.points_from_xy([p.lon for p in pool], [p.lat for p in pool]),
        crs="EPSG:4326",
    )


def test_corridor_places_on_the_smaller_side(countries):
    table = bordermap.narrowest_corridors("LTU", countries=countries, places=_populated_places(), max_results=1)
    names = table.places.iloc[0]
    assert "Dieveniškės" in names and "Vilnius" not in names
    assert 0 < len(names) <= 10 and len(set(names)) == len(names)


def test_corridor_places_most_populous_first_and_checked(countries):
    import geopandas as gpd

    side = [("Small", 25.60, 54.22, 10), ("Big", 25.62, 54.20, 5000), ("NoPop", 25.61, 54.21, 0)]
    outside = [("Vilnius", 25.28, 54.687, 500_000)]
    frame = gpd.GeoDataFrame(
        {"name": [r[0] for r in side + outside], "population": [r[3] for r in side + outside]},
        geometry=gpd.points_from_xy([r[1] for r in side + outside], [r[2] for r in side + outside]),
        crs="EPSG:4326",
    )
    table = bordermap.narrowest_corridors("LTU", countries=countries, places=frame, max_results=1)
    assert table.places.iloc[0] == ["Big", "Small", "NoPop"]
    no_pop = bordermap.narrowest_corridors("LTU", countries=countries, places=frame.drop(columns="population"))
    assert no_pop.places.iloc[0] == ["Big", "NoPop", "Small"]  # by name when no population is given
    for bad, match in (
        (True, "GeoDataFrame"),
        (frame.drop(columns="name"), "'name'"),
        ([("Big", 54.2, 25.6)], "GeoDataFrame"),
    ):
        with pytest.raises(bordermap.ArgumentError, match=match):
            bordermap.narrowest_corridors("LTU", countries=countries, places=bad)


def test_corridors_near_a_border_are_those_within_reach(countries):
    from bordermap.geometry.corridors import _line_distance_km

    border = bordermap.shared_border("IND", "BGD", countries)
    near = bordermap.narrowest_corridors("IND", countries=countries, near=border.geometry, reach_km=25.0)
    assert len(near) >= 1
    assert all(_line_distance_km(g, border.geometry) <= 25.0 for g in near.geometry)
    siliguri = near[(near.lat.between(26.3, 27.0)) & (near.lon.between(87.8, 88.8))]
    assert len(siliguri) == 1 and 18 < float(siliguri.width_km.iloc[0]) < 26
    everywhere = bordermap.narrowest_corridors("IND", countries=countries)
    kept = everywhere[[_line_distance_km(g, border.geometry) <= 25.0 for g in everywhere.geometry]]
    assert set(kept.width_km.round(6)) <= set(near.width_km.round(6))  # nothing near the border is lost


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), True, "25"])
def test_a_bad_reach_is_a_one_line_error(bad):
    from shapely.geometry import LineString

    with pytest.raises(bordermap.exc.ArgumentError, match="reach_km"):
        bordermap.narrowest_corridors("LTU", near=LineString([(25, 54), (26, 55)]), reach_km=bad)
