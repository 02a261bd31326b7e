"""Shared-border extraction: gap bridging, slivers, tolerances, world file accuracy."""

from __future__ import annotations

import math

import pytest

import bordermap

#: Official lengths (km) with their sources (see ../shared/DATA.md).
OFFICIAL_KM = {
    ("LTU", "BLR"): (678.8, "Lithuanian interior ministry, July 2021 (LRT English)"),
    ("BLR", "POL"): (418.0, "Polish Border Guard; CIA World Factbook, Poland"),
    ("BLR", "UKR"): (1084.0, "Ukrainian figure, CIA World Factbook, Belarus"),
}


def _pieces(border):
    return len(getattr(border.geometry, "geoms", [border.geometry]))


def test_blr_ukr_is_one_line_after_bridging(countries):
    bridged = bordermap.shared_border("BLR", "UKR", countries)
    raw = bordermap.shared_border("BLR", "UKR", countries, bridge_m=0)
    assert _pieces(raw) >= 5  # misaligned stretches leave gaps without bridging
    assert _pieces(bridged) == 1
    assert bridged.length_km > raw.length_km
    assert abs(bridged.length_km - 1084.0) / 1084.0 < 0.03
    assert {t.countries for t in bridged.tripoints} == {("POL",), ("RUS",)}


def test_slivers_are_dropped(countries, restore_settings):
    border = bordermap.shared_border("LTU", "RUS", countries)
    for piece in getattr(border.geometry, "geoms", [border.geometry]):
        assert bordermap.geometry.projection.geodesic_length_km(piece) * 1000 >= restore_settings.min_piece_m


@pytest.mark.parametrize("bad", [float("nan"), -1.0, 0, float("inf"), "50", True])
def test_bad_tolerance_is_a_clear_error(countries, bad):
    with pytest.raises(bordermap.ArgumentError, match="tolerance_m"):
        bordermap.shared_border("LTU", "BLR", countries, tolerance_m=bad)


@pytest.mark.parametrize("kw", ["bridge_m", "max_gap_m"])
def test_bad_bridging_distances_are_clear_errors(countries, kw):
    with pytest.raises(ValueError, match=kw):
        bordermap.shared_border("LTU", "BLR", countries, **{kw: float("nan")})
    with pytest.raises(ValueError, match=kw):
        bordermap.shared_border("LTU", "BLR", countries, **{kw: -5})


def test_larger_tolerance_never_shortens_the_border(countries):
    small = bordermap.shared_border("LTU", "BLR", countries, tolerance_m=20)
    large = bordermap.shared_border("LTU", "BLR", countries, tolerance_m=200)
    assert large.length_km >= small.length_km - 0.01


def test_reverse_pair_is_the_same_line_reversed(countries):
    ab = bordermap.shared_border("LTU", "BLR", countries)
    ba = bordermap.shared_border("BLR", "LTU", countries)
    assert ab.geometry.coords[0] == pytest.approx(ba.geometry.coords[-1])
    assert ab.tripoints[0].countries == ba.tripoints[-1].countries


@pytest.mark.world
@pytest.mark.parametrize("pair", sorted(OFFICIAL_KM))
def test_world_lengths_within_3_percent_of_official(world, pair):
    official, _source = OFFICIAL_KM[pair]
    border = bordermap.shared_border(*pair, world)
    assert abs(border.length_km - official) / official < 0.03, border.length_km
    assert _pieces(border) == 1


@pytest.mark.world
def test_world_sea_mask_outside_the_bundled_window(world):
    # Poland–Germany reaches the Baltic in the Szczecin Lagoon / Pomeranian Bay.
    border = bordermap.shared_border("POL", "DEU", world)
    assert border.maritime_km > 5
    assert 430 < border.length_km < 490  # 467 km (CIA World Factbook, Poland)
    assert any(t.kind == "coast" for t in border.tripoints)
    assert any(t.countries == ("CZE",) for t in border.tripoints)
    assert not math.isnan(border.length_km)
