"""Rules for local news (issue 16): each one stated in one sentence, tested on sentences written here."""

from __future__ import annotations

from bordermap.text.extractor import extract_places


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.place.country, m.place.admin1) for m in extract_places(text)]


def test_a_place_in_an_organisation_name_is_a_mention_and_stays_a_place():
    # a place followed by capitalised words that name no place names an organisation after the place:
    # the place is mentioned, and its later lone uses are places too (not a person's surname)
    text = (
        "The Lyon Opera Orchestra will tour in spring. Tickets went on sale on Monday. "
        "Rehearsals take place in Lyon, the orchestra said."
    )
    got = _found(text)
    assert [t for t, *_ in got] == ["Lyon", "Lyon"]
    assert {c for _, c, _ in got} == {"FRA"}


def test_an_ordinary_word_is_no_town_through_the_towns_alternate_name():
    # "She", "Democrat" and "Opera" are alternate names of Shenyang, Sumiton and a Paris quarter in GeoNames
    text = "She met a Democrat at the Opera in Lyon after her visit to Beijing."
    assert [t for t, *_ in _found(text)] == ["Lyon", "Beijing"]
