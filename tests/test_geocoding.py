"""Offline geocoding through geopy's interface, and the ``bordermap geocode`` command."""

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

import bordermap
from bordermap.text.geocoding import OfflineGeocoder, make_geocoder
from tests.conftest import run_cli


def test_geocode_offline():
    r = bordermap.geocode("Dieveniskes")
    assert r.place.name == "Dieveniškės" and r.country == "LTU"
    assert r.lat == pytest.approx(54.19444) and r.lon == pytest.approx(25.625)
    assert bordermap.geocode("Wilno").place.name == "Vilnius"
    with pytest.raises(bordermap.GeocodingError, match="empty"):
        bordermap.geocode("  ")
    with pytest.raises(LookupError):
        bordermap.geocode("Frontex")


def test_offline_geocoder_is_a_geopy_geocoder():
    gc = OfflineGeocoder()
    assert isinstance(gc, Geocoder)
    loc = gc.geocode("Vilna")
    assert isinstance(loc, Location)
    assert loc.address == "Vilnius, LTU"
    assert (loc.latitude, loc.longitude) == pytest.approx((54.68916, 25.2798))
    assert loc.raw["source"] == "geonames" and loc.raw["kind"] == "city"
    assert gc.geocode("Frontex") is None


def test_offline_geocoder_lists_and_country_codes():
    gc = OfflineGeocoder()
    many = gc.geocode("Athens", exactly_one=False, limit=3)
    assert len(many) == 3 and many[0].raw["country"] == "GRC"
    us = gc.geocode("Athens", country_codes=["us"])
    assert us.raw["country"] == "USA"
    assert gc.geocode("Athens", country_codes="USA").raw["country"] == "USA"


def test_rate_limiter_wraps_offline_geocoder():
    geocode = RateLimiter(OfflineGeocoder().geocode, min_delay_seconds=0.0)
    assert [geocode(n).raw["name"] for n in ("Minsk", "Padvarionys")] == ["Minsk", "Padvarionys"]


def test_make_geocoder_rejects_unknown_kind():
    assert isinstance(make_geocoder("offline"), OfflineGeocoder)
    with pytest.raises(bordermap.GeocodingError, match="unknown"):
        make_geocoder("google")


def test_cli_geocode_prints_header_and_kind():
    out = run_cli("geocode", "Dieveniskes", "Wilno", "Texas", "Vilnius", "Europe")
    assert out.returncode == 0, out.stderr
    header, *rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert header == ["name", "lat", "lon", "country", "kind", "source"]
    assert rows[0] == ["Dieveniškės", "54.19444", "25.62500", "LTU", "village", "curated"]
    assert rows[1][0] == "Vilnius" and rows[1][3:] == ["LTU", "city", "geonames"]
    assert rows[2][0] == "Texas" and rows[2][3:5] == ["USA", "region"]
    assert rows[3][0] == "Vilnius" and rows[3][1:3] == ["54.68916", "25.27980"]  # the city, not the county
    assert rows[4][0] == "Europe" and rows[4][3:] == ["-", "continent", "geonames"]


def test_cli_geocode_errors_are_one_line():
    empty = run_cli("geocode", "  ")
    assert empty.returncode == 2 and empty.stdout == ""
    assert empty.stderr.count("\n") == 1 and "empty place name" in empty.stderr
    unknown = run_cli("geocode", "Frontex", "Minsk")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "bordermap: error: geocode: no place called 'Frontex' in the offline gazetteer"
    assert unknown.stdout.splitlines()[1].startswith("Minsk\t")
    nothing = run_cli("geocode", "Frontex")
    assert nothing.returncode == 2 and nothing.stdout == ""  # no header without a row
