"""State owned by objects: each gazetteer and each PlaceExtractor keeps its own memos."""

from __future__ import annotations

import gc
import weakref

import bordermap
from bordermap.text.extractor import PlaceExtractor, extract_places
from bordermap.text.gazetteer import Gazetteer, Place, default_gazetteer


def _town(name: str, i: int, *, population: int = 1_000_000) -> Place:
    return Place(
        name=name, lon=-170.0 + i, lat=-60.0 + i / 10, country="LTU", kind="city", population=population, id=f"t:{i}"
    )


def test_300_gazetteers_each_answer_for_themselves():
    # every gazetteer calls its own place "Zorblax" (and by a name of its own): with memos keyed by
    # id(gazetteer), a new gazetteer at a freed one's address was answered from the freed one's memos
    wrong = []
    for i in range(300):
        gaz = Gazetteer()
        own = f"Quorvath{chr(65 + i % 26)}{chr(97 + i // 26)}"
        gaz.add(_town(own, i), [own, "Zorblax"])
        got = extract_places(f"Flights to Zorblax and {own} were cancelled.", gazetteer=gaz)
        if [(m.text, m.place.id, m.place.name) for m in got] != [("Zorblax", f"t:{i}", own), (own, f"t:{i}", own)]:
            wrong.append(i)
        del gaz, got
    assert wrong == []


def test_add_after_first_use_is_seen():
    gaz = Gazetteer([(_town("Vilnius", 1, population=500_000), ["Vilnius"])])
    extractor = PlaceExtractor(gaz)
    text = "From Vilnius to Kaunas."
    assert [m.text for m in extract_places(text, gazetteer=gaz)] == ["Vilnius"]
    assert [m.text for m in extractor.extract(text)] == ["Vilnius"]
    kaunas = _town("Kaunas", 2, population=300_000)
    gaz.add(kaunas, ["Kaunas"])
    assert [m.place for m in extract_places(text, gazetteer=gaz)][1:] == [kaunas]
    assert [m.place for m in extractor.extract(text)][1:] == [kaunas]
    # a better entry for a name already resolved wins from then on
    region = Place(name="Vilnius", lon=25.3, lat=54.8, country="LTU", kind="region")
    gaz.add(region, ["Vilnius"])
    assert extract_places(text, gazetteer=gaz)[0].place == region
    assert extractor.extract(text)[0].place == region
    # and so do new word frequencies: "Kaunas" becomes an ordinary word that needs its country named
    gaz.zipf = {"kaunas": 7.0}
    assert extract_places("Kaunas is far.", gazetteer=gaz) == []
    assert extractor.extract("Kaunas is far.") == []


def test_place_extractor_is_public_and_agrees_with_extract_places():
    assert bordermap.PlaceExtractor is PlaceExtractor
    text = "Officials in Atlanta, Georgia said the United States will help. Athens and Minsk too."
    a, b = PlaceExtractor(), PlaceExtractor(default_gazetteer())
    assert a.gazetteer is b.gazetteer is default_gazetteer()
    expected = [m.to_dict() for m in bordermap.extract_places(text)]
    assert [m.to_dict() for m in a.extract(text)] == expected == [m.to_dict() for m in b.extract(text)]
    dated = PlaceExtractor().extract(" date 2021-07-12 " + text)
    assert dated[0].start == len(" date 2021-07-12 ") + text.index("Atlanta") and dated[0].text == "Atlanta"


def test_memos_live_and_die_with_their_gazetteer():
    gaz = Gazetteer([(_town("Zorblax", 0), ["Zorblax"])])
    assert extract_places("To Zorblax.", gazetteer=gaz)[0].place.name == "Zorblax"
    gone = weakref.ref(gaz)
    was_enabled = gc.isenabled()
    gc.disable()  # freed by reference counting: no cycle between the gazetteer and its memos
    try:
        del gaz
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()
    extractor = PlaceExtractor(Gazetteer([(_town("Zorblax", 0), ["Zorblax"])]))
    assert extractor.extract("To Zorblax.")[0].place.id == "t:0"
