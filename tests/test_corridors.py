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
    assert distance_km(top.lat, top.lon, 54.31, 25.53) < 5
    assert table.crs.to_epsg() == 4326
    assert list(table.width_km) == sorted(table.width_km)
    # the chord lies inside Lithuania and joins two points of its boundary
    ltu = countries.set_index("iso_a3").geometry["LTU"]
    assert top.geometry.length > 0 and ltu.buffer(1e-6).contains(top.geometry)
    assert 50 < top.smaller_side_km2 < 1000


@pytest.mark.world
def test_siliguri_corridor_with_the_same_defaults(world):
    table = bordermap.narrowest_corridors("IND", countries=world)
    near = table[[distance_km(r.lat, r.lon, 26.7, 88.4) < 40 for r in table.itertuples()]]
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


def test_suwalki_gap_by_codes_and_part(countries):
    g = bordermap.gap("RUS", "BLR", countries=countries, part_near=(54.71, 20.51))
    assert 55 < g.distance_km < 75
    (x0, y0), (_x1, _y1) = g.geometry.coords
    assert Point(x0, y0).distance(bordermap.territory("RUS", countries=countries, part_near=(54.7, 20.5))) < 1e-6
    # the whole of Russia touches Belarus
    assert bordermap.gap("RUS", "BLR", countries=countries).distance_km == 0


def test_part_near_is_checked(countries):
    with pytest.raises(ValueError, match="part_near"):
        bordermap.gap("RUS", "BLR", countries=countries, part_near=(200, 20))


def test_corridor_places_on_the_smaller_side(countries):
    table = bordermap.narrowest_corridors("LTU", countries=countries, places=True, max_results=1)
    assert "Dieveniškės" in table.places.iloc[0]
    assert "Vilnius" not in table.places.iloc[0]
