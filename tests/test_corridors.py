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


def _sea_share(chord):
    """The share of a chord's length (lon/lat) inside the bundled sea mask."""
    from bordermap.geometry.seas import sea_mask

    return chord.intersection(sea_mask(chord.bounds)).length / chord.length


def test_croatia_is_measured_on_land_not_across_the_adriatic(countries):
    table = bordermap.narrowest_corridors("HRV", countries=countries)
    assert len(table) >= 1
    assert all(_sea_share(g) < 1e-3 for g in table.geometry)  # no chord crosses the sea
    # the 12 km chord of the territorial sea in the open Adriatic (42.57 N 16.41 E) is gone
    assert all(distance_km(lat1=r.lat, lon1=r.lon, lat2=42.57, lon2=16.41) > 50 for r in table.itertuples())
    top = table.iloc[0]  # measured: 2.93 km at 45.22 N 19.32 E, the Ilok strip between the Danube and Serbia
    assert 2.0 < top.width_km < 4.0
    assert distance_km(lat1=top.lat, lon1=top.lon, lat2=45.22, lon2=19.35) < 10
    # the neck where Istria and Rijeka meet the rest (12.8 km at 45.41 N 14.33 E, land only)
    assert any(
        10 < r.width_km < 16 and distance_km(lat1=r.lat, lon1=r.lon, lat2=45.41, lon2=14.33) < 20
        for r in table.itertuples()
    )
    # with the territorial sea kept, the old open-sea chord comes back: the land cut is what removes it
    sea = bordermap.narrowest_corridors("HRV", countries=countries, land_only=False)
    assert any(_sea_share(g) > 0.5 for g in sea.geometry)


@pytest.mark.parametrize(
    ("iso", "lat", "lon", "low", "high"),
    [
        ("VNM", 17.45, 106.55, 35, 55),  # Quang Binh near Dong Hoi: ~50 km; measured 40.5 km at 17.40 N 106.46 E
        ("ISR", 32.25, 34.95, 11, 18),  # Netanya-Tulkarm: ~15 km; measured 13.7 km at 32.21 N 34.89 E
    ],
)
def test_long_thin_countries_have_their_known_neck(countries, iso, lat, lon, low, high):
    table = bordermap.narrowest_corridors(iso, countries=countries)
    near = table[[distance_km(lat1=r.lat, lon1=r.lon, lat2=lat, lon2=lon) < 30 for r in table.itertuples()]]
    assert len(near) >= 1, table
    assert low < near.width_km.min() < high
    assert all(_sea_share(g) < 1e-3 for g in table.geometry)


def test_chile_has_land_corridors(countries):
    table = bordermap.narrowest_corridors("CHL", countries=countries)
    assert len(table) >= 1
    assert all(_sea_share(g) < 1e-3 for g in table.geometry)
    # on the mainland: the strips between the Patagonian fjords and Argentina, a few km wide
    mainland = table[table.lat > -52.7]
    assert len(mainland) >= 1 and 1 < mainland.width_km.min() < 10


def test_land_only_is_a_flag(countries):
    with pytest.raises(bordermap.ArgumentError, match="land_only"):
        bordermap.narrowest_corridors("LTU", countries=countries, land_only="yes")


def test_border_measures_keep_each_sides_narrowest(countries):
    """IND–BGD: Bangladesh has three necks narrower than the Siliguri corridor (measured on land: 1.5 km in
    the Sundarbans, 3.7 km at Patgram, 4.6 km at Tetulia); of three corridors, India's narrowest is one."""
    border = bordermap.shared_border("IND", "BGD", countries)
    both = bordermap.narrowest_corridors("BGD", countries=countries, near=border.geometry, reach_km=25.0)
    assert (both.width_km < 10).sum() >= 3  # without the rule India's corridor would be crowded out
    m = bordermap.border_measures(border, countries, fence_km=None)
    table = m.corridors
    assert len(table) == 3 and list(table.width_km) == sorted(table.width_km)
    assert list(table.country).count("IND") == 1 and list(table.country).count("BGD") == 2
    siliguri = table[table.country == "IND"].iloc[0]
    assert 19 < siliguri.width_km < 25 and 26.0 < siliguri.lat < 27.2 and 87.8 < siliguri.lon < 88.8
    assert table[table.country == "BGD"].width_km.max() < 5  # the rest are still the narrowest, by width
