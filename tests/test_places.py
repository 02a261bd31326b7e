"""Place mentions on the seed articles: the exact expected places, no persons or organisations."""

import pytest

import bordermap
from bordermap.text.gazetteer import default_gazetteer, fold
from tests.conftest import SEEDS

#: Every place a careful reader would put on the map, per article (gazetteer preferred names).
EXPECTED_BY_ARTICLE = {
    "000_6cfea482763423c4": {
        "Czechia",
        "Lithuania",
        "Belarus",
        "Minsk",
        "Poland",
        "Latvia",
        "Estonia",
        "Vilnius",
        "Athens",
    },
    "001_f190c4bb986fbafd": {"Lithuania", "Belarus", "Vilnius", "Minsk", "Slovenia", "Padvarionys"},
    "002_dff4eb9fc50d8db5": {"Belarus", "Lithuania", "Latvia", "Poland", "Iraq", "Minsk", "Middle East"},
    "003_84c36a338603c5ea": {"Brussels", "Lithuania", "Belarus", "Iraq", "Europe", "Latvia", "Minsk"},
    "004_08f2487d190f4389": {"Lithuania", "Belarus", "Vilnius", "Minsk", "Brussels", "Dieveniškės"},
}
EXPECTED = set().union(*EXPECTED_BY_ARTICLE.values())
#: Where each expected place is (ISO3 country; '' for continents and macro-regions).
COUNTRY_OF = {
    "Czechia": "CZE",
    "Lithuania": "LTU",
    "Belarus": "BLR",
    "Minsk": "BLR",
    "Poland": "POL",
    "Latvia": "LVA",
    "Estonia": "EST",
    "Vilnius": "LTU",
    "Athens": "GRC",
    "Slovenia": "SVN",
    "Padvarionys": "LTU",
    "Iraq": "IRQ",
    "Middle East": "",
    "Brussels": "BEL",
    "Europe": "",
    "Dieveniškės": "LTU",
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
    "Sapega",
    "Janez",
    "Jansa",
    "Ylva",
    "Johansson",
    "Gitanas",
    "Nauseda",
    "Fabrice",
    "Leggeri",
    "Gabrielius",
    "Landsbergis",
    "Raman",
    "Pratasevich",
    "Alexander",
    "Alyaksandr",
    "Reuters",
    "NATO",
    "EU",
    "TRT",
    "AP",
}


@pytest.fixture(scope="module")
def seed_mentions():
    articles = bordermap.read_articles([SEEDS])
    return {a.id: bordermap.extract_places(a) for a in articles}


def test_seed_places_exact_per_article(seed_mentions):
    for art_id, expected in EXPECTED_BY_ARTICLE.items():
        assert {m.place.name for m in seed_mentions[art_id]} == expected, art_id


def test_seed_precision_recall(seed_mentions):
    found = {(a, m.place.name) for a, ms in seed_mentions.items() for m in ms}
    gold = {(a, n) for a, names in EXPECTED_BY_ARTICLE.items() for n in names}
    precision = len(found & gold) / len(found)
    recall = len(found & gold) / len(gold)
    assert (precision, recall) == (1.0, 1.0)


def test_places_in_the_right_country(seed_mentions):
    for ms in seed_mentions.values():
        for m in ms:
            assert m.place.country == COUNTRY_OF[m.place.name], m


def test_no_person_or_organisation(seed_mentions):
    surfaces = {w for ms in seed_mentions.values() for m in ms for w in m.text.split()}
    assert not surfaces & NOT_PLACES


def test_mentions_have_spans_and_sentences(seed_mentions):
    articles = {a.id: a for a in bordermap.read_articles([SEEDS])}
    for art_id, ms in seed_mentions.items():
        for m in ms:
            assert articles[art_id].text[m.start : m.end] == m.text
            assert m.text in m.sentence
            assert m.article_id == art_id
            assert 0.0 < m.confidence <= 1.0


def test_inflected_and_transliterated_forms():
    text = "Wilno and Vilna are old names; Dieveniskes lies south-east; BRUSSELS reported."
    names = [m.place.name for m in bordermap.extract_places(text)]
    assert names == ["Vilnius", "Vilnius", "Dieveniškės", "Brussels"]


def test_padvarionys_is_flagged_unverified(seed_mentions):
    (m,) = [m for m in seed_mentions["001_f190c4bb986fbafd"] if m.place.name == "Padvarionys"]
    assert m.place.source == "curated" and "NOT VERIFIED" in m.place.note
    assert m.confidence <= 0.5
    assert m.place.kind == "crossing"  # "border crossing of Padvarionys" in the sentence


def test_context_resolves_ambiguous_names():
    us = bordermap.extract_places("Officials in Atlanta, Georgia said the United States will help.")
    geo = bordermap.extract_places("Georgia and Armenia signed a deal in Tbilisi.")
    assert [m.place.country for m in us if m.text == "Georgia"] == ["USA"]
    assert [m.place.kind for m in us if m.text == "Georgia"] == ["region"]
    assert [m.place.country for m in geo if m.text == "Georgia"] == ["GEO"]
    athens = bordermap.extract_places("A flight from Athens to Minsk.")[0]
    assert athens.place.country == "GRC"
    assert any(p.country == "USA" for p in athens.alternatives)


def test_ordinary_words_and_dates_are_not_places():
    text = "Most of the migrants arrived in May. She said the Union will act on March 5."
    assert bordermap.extract_places(text) == []


def test_regions_and_continents_have_coordinates():
    gaz = default_gazetteer()
    texas = gaz.lookup("Texas")[0]
    assert texas.kind == "region" and texas.country == "USA"
    assert 29 < texas.lat < 33 and -101 < texas.lon < -97
    bulacan = gaz.lookup("Bulacan")[0]
    assert bulacan.country == "PHL" and abs(bulacan.lat - 15.0) < 0.6
    assert gaz.lookup("Africa")[0].kind == "continent"


def test_fold_is_case_and_accent_insensitive():
    assert fold("Šalčininkai") == fold("SALCININKAI") == "salcininkai"
    assert fold("Łódź") == "lodz"


def test_place_comma_region_is_resolved_inside_that_country():
    text = "The meeting was held in Santa Ana, California. Santa Ana officials said the school would reopen."
    got = [(m.text, m.place.name, m.place.country) for m in bordermap.extract_places(text)]
    assert got == [
        ("Santa Ana", "Santa Ana", "USA"),
        ("California", "California", "USA"),
        ("Santa Ana", "Santa Ana", "USA"),  # the same reading for the later mention
    ]
    paris = bordermap.extract_places("A storm hit Paris, Texas overnight.")[0]
    assert (paris.place.name, paris.place.country) == ("Paris", "USA")
    # a list of countries is not "place, container"
    assert [m.place.country for m in bordermap.extract_places("Lithuania, Latvia and Estonia agreed.")] == [
        "LTU",
        "LVA",
        "EST",
    ]


def test_main_name_beats_alternate_name():
    # GeoNames lists "Santa Ana" among the alternate names of Taguig (Philippines, 1.3 million people)
    (m,) = bordermap.extract_places("Flights to Santa Ana were cancelled.")
    assert m.place.name == "Santa Ana" and "Taguig" not in m.place.name
    # exonyms with no place of that main name still resolve
    assert [m.place.name for m in bordermap.extract_places("Wilno was the old name.")] == ["Vilnius"]


def test_mention_sentence_is_cut_out_on_first_use():
    import copy
    import dataclasses
    import pickle

    text = "Migrants crossed from Belarus. Lithuania closed the border near Medininkai."
    m = bordermap.extract_places(text)[1]
    assert (m.text, m.sentence) == ("Lithuania", "Lithuania closed the border near Medininkai.")
    assert vars(m)["sentence"] == m.sentence and "_sentences" not in vars(m)
    eager = bordermap.Mention(m.text, m.start, m.end, m.sentence, m.place, m.confidence, m.alternatives, m.article_id)
    assert eager == m and hash(eager) == hash(m) and repr(eager) == repr(m) and eager.to_dict() == m.to_dict()
    fresh = bordermap.extract_places(text)  # sentences not asked for yet: copies and pickles still carry them
    for clone in (pickle.loads(pickle.dumps(fresh[0])), copy.deepcopy(fresh[0]), dataclasses.replace(fresh[0])):
        assert clone == fresh[0] and clone.sentence == "Migrants crossed from Belarus."
    assert [x.sentence for x in fresh] == [x.sentence for x in bordermap.extract_places(text)]
    with pytest.raises(AttributeError):
        _ = m.no_such_field  # type: ignore[attr-defined]


def test_words_of_a_run_are_its_blank_separated_words():
    # analyse_run splits runs with str.split(); the token regex it replaced must find the same words
    import itertools

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bordermap.text import candidates

    pieces = st.sampled_from([*"ABCÉŁabcs.-'’ \t\n\u00a0,0é", "of", " the ", " de la ", "U.S.", "A.", "'s"])

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def check(text: str) -> None:
        for run in candidates._SEQ.findall(text):
            tokens = list(candidates._TOKEN.finditer(run))
            words = [t.group() for t in tokens]
            assert words == run.split()
            assert all(a.end() + 1 == b.start() for a, b in itertools.pairwise(tokens))
            caps = [bool(candidates._WORD_RE.fullmatch(w)) for w in words]
            assert caps == [w not in candidates._CONNECTOR_WORDS for w in words]
            assert [candidates._POSSESSIVE.sub("", w) for w in words] == [
                candidates._strip_possessive(w) for w in words
            ]

    check()
