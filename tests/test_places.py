import pytest

import bordermap
from tests.conftest import SEEDS

EXPECTED = {
    "Lithuania",
    "Belarus",
    "Latvia",
    "Poland",
    "Estonia",
    "Czechia",
    "Iraq",
    "Vilnius",
    "Minsk",
    "Athens",
    "Dieveniškės",
    "Padvarionys",
    "Slovenia",
    "Brussels",
    "Europe",
}
NOT_PLACES = {
    "Agne",
    "Bilotaite",
    "Ingrida",
    "Simonyte",
    "Svyatlana",
    "Tsikhanouskaya",
    "Jakub",
    "Kulhanek",
    "Frontex",
    "Ryanair",
    "Lukashenka",
    "Lukashenko",
    "Sofia",
    "Janez",
    "Jansa",
    "Ylva",
    "Johansson",
}


@pytest.fixture(scope="module")
def seed_mentions():
    articles = bordermap.read_articles([SEEDS])
    return [m for a in articles for m in bordermap.extract_places(a)]


def test_seed_places_found(seed_mentions):
    found = {m.place.name for m in seed_mentions}
    assert found == EXPECTED


def test_no_person_or_organisation(seed_mentions):
    assert not {m.text for m in seed_mentions} & NOT_PLACES


def test_mentions_have_spans_and_sentences(seed_mentions):
    articles = {a.id: a for a in bordermap.read_articles([SEEDS])}
    for m in seed_mentions:
        assert articles[m.article_id].text[m.start : m.end] == m.text
        assert m.text in m.sentence


def test_dates_parsed():
    dated = {a.id: a.date for a in bordermap.read_articles([SEEDS])}
    assert str(dated["004_08f2487d190f4389"]) == "2021-07-12"
    assert dated["000_6cfea482763423c4"] is None


def test_geocode_offline():
    r = bordermap.geocode("Dieveniskes")
    assert r.place.name == "Dieveniškės" and r.country == "LTU"
    assert r.lat == pytest.approx(54.19444) and r.lon == pytest.approx(25.625)
    assert bordermap.geocode("Wilno").place.name == "Vilnius"
    with pytest.raises(bordermap.GeocodingError, match="empty"):
        bordermap.geocode("  ")
    with pytest.raises(LookupError):
        bordermap.geocode("Frontex")
