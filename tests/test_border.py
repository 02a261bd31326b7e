import re

import pytest

import bordermap


def test_ltu_blr_length_matches_official(countries):
    border = bordermap.shared_border("LTU", "BLR", countries)
    # official 678.8 km; the bundled polygons give ~672 km at 50 m tolerance
    assert 660 < border.length_km < 690
    assert border.geometry.geom_type == "LineString"
    assert border.maritime_km == 0
    ends = {t.countries for t in border.tripoints}
    assert ends == {("LVA",), ("POL",)}


def test_names_and_order_do_not_change_the_border(countries):
    a = bordermap.shared_border("Lithuania", "belarus", countries)
    b = bordermap.shared_border("BLR", "LTU", countries)
    assert a.length_km == pytest.approx(b.length_km, rel=1e-9)
    assert (a.a, a.b) == ("LTU", "BLR") and (b.a, b.b) == ("BLR", "LTU")


def test_orientation_keeps_a_on_the_left(countries):
    import math

    from shapely.geometry import Point

    border = bordermap.shared_border("LTU", "BLR", countries)
    ltu = countries.set_index("iso_a3").geometry["LTU"]
    coords = list(border.geometry.coords)
    i = len(coords) // 2
    (x0, y0), (x1, y1) = coords[i], coords[i + 1]
    n = math.hypot(x1 - x0, y1 - y0)
    left = Point((x0 + x1) / 2 - (y1 - y0) / n * 0.01, (y0 + y1) / 2 + (x1 - x0) / n * 0.01)
    assert ltu.contains(left)


def test_maritime_part_is_dropped_and_reported(countries):
    border = bordermap.shared_border("LTU", "LVA", countries)
    assert border.maritime_km > 5
    assert any(t.kind == "coast" for t in border.tripoints)


def test_unknown_country_suggests(countries):
    with pytest.raises(bordermap.UnknownCountryError, match="Lithuania") as err:
        bordermap.shared_border("Lithuana", "BLR", countries)
    assert isinstance(err.value, KeyError)


def test_same_country_and_no_border(countries):
    with pytest.raises(bordermap.NoSharedBorderError, match="same country"):
        bordermap.shared_border("LTU", "Lithuania", countries)
    with pytest.raises(bordermap.NoSharedBorderError, match=r"km apart"):
        bordermap.shared_border("EST", "BLR", countries)


def test_gap_suwalki(countries):
    from shapely.geometry import Point

    c = countries.set_index("iso_a3").geometry
    kaliningrad = next(p for p in c["RUS"].geoms if p.contains(Point(20.51, 54.71)))
    g = bordermap.gap(kaliningrad, c["BLR"])
    # the Suwałki gap between Kaliningrad and Belarus is about 65 km
    assert 55 < g.distance_km < 75


@pytest.mark.parametrize(("small", "official_km"), [("VAT", 3.2), ("SMR", 39.0)])
def test_enclave_border_is_its_whole_outline(world, small, official_km):
    """An enclave's border is one closed ring; bridging gaps must not lose it (it did: no border at all)."""
    border = bordermap.shared_border("ITA", small, world)
    assert border.geometry.is_closed and border.maritime_km == 0.0
    assert border.length_km == pytest.approx(official_km, rel=0.2)


@pytest.mark.parametrize("a, b", [("RUS", "USA"), ("FRA", "GBR")])
def test_pairs_that_meet_only_at_sea_are_no_shared_border(a, b):
    """They ended in shapely's EmptyPartError; now the one-line NoSharedBorderError that says it is at sea."""
    from bordermap.exc import NoSharedBorderError

    with pytest.raises(NoSharedBorderError, match="sea") as err:
        bordermap.shared_border(a, b)
    assert "\n" not in str(err.value)


def test_maritime_km_with_the_sea_mask_off(countries):
    """Without the mask the sea part stays in the line, and maritime_km says how much of it is at sea (not 0)."""
    with pytest.raises(bordermap.NoSharedBorderError):
        bordermap.shared_border("RUS", "USA", countries)  # the Bering Strait: only a maritime boundary
    sea = bordermap.shared_border("RUS", "USA", countries, sea_mask=False)
    assert 50 < sea.length_km < 60 and sea.maritime_km == pytest.approx(sea.length_km, rel=0.01)
    masked = bordermap.shared_border("LTU", "LVA", countries)
    unmasked = bordermap.shared_border("LTU", "LVA", countries, sea_mask=False)
    assert unmasked.maritime_km == pytest.approx(masked.maritime_km, rel=1e-6) and masked.maritime_km > 5
    assert unmasked.length_km == pytest.approx(masked.length_km + masked.maritime_km, rel=0.005)


def test_the_border_command_prints_south_and_west(tmp_path):
    """Coordinates read as degrees S and W, never as negative degrees N or E."""
    from tests.conftest import run_cli

    proc = run_cli("border", "URY", "BRA", timeout=300)
    assert proc.returncode == 0, proc.stderr
    ends = [ln for ln in proc.stdout.splitlines() if ln.strip().startswith("end ")]
    assert ends and all(re.search(r"end \d+\.\d{5} S \d+\.\d{5} W: ", ln) for ln in ends), proc.stdout
    assert "-" not in "".join(ln.split(":")[0] for ln in ends)
