"""Geocoding and place extraction that prefer what people mean: a city before the region named after it,
designators ("Brest region"), "NAME, REGION" and the country option."""

import math

import pytest

import bordermap
from bordermap.text.gazetteer import default_gazetteer
from bordermap.text.geocoding import OfflineGeocoder, country_code
from bordermap.text.resolution import rank_entries, same_spelling
from tests.conftest import run_cli


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


#: Cities that share their name with the first-level region around them: (query, country, lat, lon).
NAMESAKE_CITIES = [
    ("Brest", "BLR", 52.10, 23.70),
    ("Grodno", "BLR", 53.68, 23.83),
    ("Hrodna", "BLR", 53.68, 23.83),
    ("Vitebsk", "BLR", 55.19, 30.20),
    ("Minsk", "BLR", 53.90, 27.57),
    ("Mogilev", "BLR", 53.91, 30.34),
    ("Gomel", "BLR", 52.43, 30.98),
    ("Kharkiv", "UKR", 49.98, 36.25),
    ("Kaunas", "LTU", 54.90, 23.91),
    ("Lublin", "POL", 51.25, 22.57),
    ("Chihuahua", "MEX", 28.64, -106.09),
    ("Van", "TUR", 38.49, 43.38),
]


@pytest.mark.parametrize(("name", "country", "lat", "lon"), NAMESAKE_CITIES)
def test_a_city_beats_the_region_named_after_it(name, country, lat, lon):
    r = bordermap.geocode(name)
    assert (r.kind, r.country) == ("city", country), r.place
    assert km(r.lat, r.lon, lat, lon) < 10


def test_brest_is_the_city_not_the_region_110_km_away():
    city, region = bordermap.geocode("Brest"), bordermap.geocode("Brest region")
    assert (city.kind, region.kind) == ("city", "region")
    assert km(city.lat, city.lon, region.lat, region.lon) > 100  # what was printed before
    assert region.place in city.alternatives


@pytest.mark.parametrize(
    "query",
    ["Brest region", "Brest Oblast", "brest oblast", "Region of Brest", "Brest province", "the province of Brest"],
)
def test_a_designator_asks_for_the_region(query):
    r = bordermap.geocode(query.removeprefix("the "))
    assert (r.place.name, r.kind, r.country) == ("Brest", "region", "BLR")


def test_designators_in_other_countries():
    assert bordermap.geocode("Grodno Oblast").place.name == "Grodnenskaya"  # GeoNames' name of the region
    assert bordermap.geocode("Vitebsk region").kind == "region"
    assert bordermap.geocode("Washington State").kind == "region"
    assert bordermap.geocode("New York State").kind == "region"
    assert bordermap.geocode("State of Mexico").place.admin1 == "Mexico"
    assert bordermap.geocode("Quebec City").kind == "city"
    assert bordermap.geocode("Brest city").kind == "city"
    # a name the gazetteer knows whole is taken as it is
    assert bordermap.geocode("Vilnius County").place.name == "Vilnius County"
    with pytest.raises(bordermap.GeocodingError, match="no place called 'Dieveniskes region'"):
        bordermap.geocode("Dieveniskes region")  # a village, no region


def test_a_city_in_another_region_does_not_take_its_name():
    # Washington, D.C. is not in Washington State; Ibaraki (Osaka) is not in Ibaraki Prefecture
    assert bordermap.geocode("Washington").kind == "region"
    assert bordermap.geocode("Ibaraki").kind == "region"
    dc = bordermap.geocode("Washington, D.C.")
    assert dc.kind == "city" and km(dc.lat, dc.lon, 38.9, -77.0) < 10


def test_same_country_after_a_comma():
    assert (bordermap.geocode("Brest, Belarus").kind, bordermap.geocode("Brest, Belarus").country) == ("city", "BLR")
    fr = bordermap.geocode("Brest, France")
    assert (fr.kind, fr.country) == ("city", "FRA") and km(fr.lat, fr.lon, 48.39, -4.49) < 5
    assert bordermap.geocode("Brest, FR").country == "FRA"


@pytest.mark.parametrize(
    ("query", "admin1"),
    [
        ("Paris, Texas", "TX"),
        ("Paris, TX", "TX"),
        ("Paris, Tennessee", "TN"),
        ("Athens, Georgia", "GA"),
        ("Portland, Maine", "ME"),
        ("Portland, OR", "OR"),
        ("Springfield, Illinois", "IL"),
    ],
)
def test_a_region_after_a_comma(query, admin1):
    r = bordermap.geocode(query)
    assert (r.country, r.place.admin1) == ("USA", admin1), r.place


def test_paris_alone_is_still_paris_france():
    assert bordermap.geocode("Paris").country == "FRA"
    assert bordermap.geocode("Paris", country="USA").place.admin1 == "TX"  # the largest Paris there


def test_unknown_region_after_a_comma_is_an_error():
    with pytest.raises(bordermap.GeocodingError, match="'Narnia' is no country or region"):
        bordermap.geocode("Paris, Narnia")
    with pytest.raises(bordermap.GeocodingError, match="no place called 'Dieveniskes, France'"):
        bordermap.geocode("Dieveniskes, France")  # a known country without a place of that name


@pytest.mark.parametrize("given", ["FRA", "fra", "FR", "fr", "France"])
def test_country_option_takes_codes_and_names(given):
    assert country_code(given) == "FRA"
    assert bordermap.geocode("Brest", country=given).country == "FRA"


def test_unknown_country_option():
    with pytest.raises(bordermap.GeocodingError, match="unknown country 'Narnia'"):
        bordermap.geocode("Brest", country="Narnia")
    with pytest.raises(bordermap.GeocodingError, match="unknown country 'ZZZ'"):
        bordermap.geocode("Brest", country="ZZZ")


def test_bare_names_people_know():
    assert bordermap.geocode("New York").place.name == "New York City"
    assert bordermap.geocode("Oklahoma").kind == "region"  # Oklahoma City is not what "Oklahoma" means
    assert bordermap.geocode("Mexico").kind == "country"
    assert bordermap.geocode("Santa Ana").country == "USA"


def test_geopy_interface_has_the_same_preference():
    gc = OfflineGeocoder()
    assert gc.geocode("Brest").raw["kind"] == "city"
    assert gc.geocode("Brest Oblast").raw["kind"] == "region"
    assert gc.geocode("Brest", country_codes="fr").raw["country"] == "FRA"
    kinds = [loc.raw["kind"] for loc in gc.geocode("Brest", exactly_one=False, country_codes=["BY"])]
    assert kinds == ["city", "region"]


def test_rank_entries_keeps_the_region_below_its_city():
    gaz = default_gazetteer()
    ranked = [(p.kind, p.country) for _, p in rank_entries(gaz, "vitebsk")]
    assert ranked == [("city", "BLR"), ("region", "BLR")]
    assert [p.kind for _, p in rank_entries(gaz, "vitebsk", regional=True)] == ["region"]


def test_same_spelling_is_about_transliterations():
    assert same_spelling("Mahilyow", "mogilev") and same_spelling("Homyel'", "gomel")
    assert same_spelling("Kyiv", "kiev") and same_spelling("Voronezh", "voronezj")
    assert not same_spelling("Salvador", "bahia")  # GeoNames lists "Bahia" among Salvador's names
    assert not same_spelling("Hengyang", "henan") and not same_spelling("Ecatepec de Morelos", "morelos")


def test_admin1_near_a_region_point():
    gaz = default_gazetteer()
    assert gaz.admin1_near(lon=-120.5, lat=47.5, country="USA") == "WA"
    assert gaz.admin1_near(lon=0.0, lat=-89.0, country="USA") == ""


def test_cli_geocode_country_option_and_kind():
    out = run_cli("geocode", "--country", "France", "Brest", "Paris, Texas")
    assert out.returncode == 2  # Paris, Texas is not in France
    lines = out.stdout.splitlines()
    assert lines[0].split("\t") == ["name", "lat", "lon", "country", "kind", "source"]
    assert lines[1].split("\t")[3:] == ["FRA", "city", "geonames"]
    assert "no place called 'Paris, Texas' in France" in out.stderr
    bad = run_cli("geocode", "--country", "Narnia", "Brest", "Minsk")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "unknown country 'Narnia'" in bad.stderr


def places(text):
    return [(m.text, m.place.name, m.place.kind, m.place.country) for m in bordermap.extract_places(text)]


def test_extraction_reads_a_bare_brest_as_the_city():
    text = "Poland closed the crossing at Terespol, opposite Brest, as migrants gathered on the Belarus side."
    assert ("Brest", "Brest", "city", "BLR") in places(text)
    got = places("Protesters gathered in Grodno, Vitebsk, Gomel and Mogilev, Belarus.")
    assert [(name, kind) for _, name, kind, _ in got[:4]] == [
        ("Hrodna", "city"),
        ("Vitebsk", "city"),
        ("Homyel'", "city"),
        ("Mahilyow", "city"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Guards in the Brest region detained migrants.",
        "Guards in the Brest Region detained migrants.",
        "Officials in Brest Oblast said so.",
        "Officials in the region of Brest said so.",
        "Officials in the Belarusian region of Brest said so.",
    ],
)
def test_extraction_reads_brest_region_as_the_region(text):
    assert [(m.text, m.place.kind) for m in bordermap.extract_places(text)] == [("Brest", "region")]


def test_extraction_region_words_elsewhere():
    assert ("Grodno", "Grodnenskaya", "region", "BLR") in places("Belarus said the Grodno Oblast was calm.")
    assert ("Quebec", "Quebec", "region", "CAN") in places("Officials in the province of Quebec said.")
    # "a county of Taiwan" is a part of Taiwan, not a region called Taiwan
    assert ("Taiwan", "Taiwan", "country", "TWN") in places("Kaohsiung is a county of Taiwan.")
    # "state" after a name is as often "state media": only "the state of" asks for a region
    assert ("Minsk", "Minsk", "city", "BLR") in places("Minsk state media said Belarus would respond.")
    assert ("Washington", "Washington", "region", "USA") in places("A cow in the U.S. state of Washington fell ill.")


def test_extraction_keeps_washington_the_state_in_a_list_of_states():
    got = places("Cases were found in Texas, Utah, Virginia, Washington and Wyoming.")
    assert ("Washington", "Washington", "region", "USA") in got
