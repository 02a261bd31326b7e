"""Names the text presents as places but the gazetteer lacks (``unresolved_names``): precision first."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bordermap
from bordermap import UnresolvedName, unresolved_names
from tests.conftest import SEEDS


def names(text):
    return [(u.text, u.cue) for u in unresolved_names(text)]


#: Realistic sentences naming places the gazetteer lacks (or that the extractor cannot resolve there).
POSITIVES = [
    (
        "Finland closed the Vaalimaa border crossing on Thursday, a day after Russia protested.",
        [("Vaalimaa", "border crossing")],
    ),
    (
        "The Raja-Jooseppi crossing in Lapland, the northernmost, will stay open to cargo.",
        [("Raja-Jooseppi", "crossing")],
    ),
    (
        "Trade through the Petrapole–Benapole crossing, the busiest between India and Bangladesh, resumed.",
        [("Petrapole", "crossing"), ("Benapole", "crossing")],
    ),
    ("Thousands of migrants gathered at Pazarkule border gate, near Edirne, Turkey.", [("Pazarkule", "border gate")]),
    ("Hundreds waited at Pazarkule border on the Turkish side.", [("Pazarkule", "at … border")]),
    ("Russia closed the Nuijamaa and Vaalimaa crossings.", [("Nuijamaa", "crossings"), ("Vaalimaa", "crossings")]),
    # Nuijamaa is a Finnish village of the gazetteer: resolved once the article names Finland
    ("Russia and Finland closed the Nuijamaa and Vaalimaa crossings.", [("Vaalimaa", "crossings")]),
    ("Finland's Vaalimaa checkpoint was quiet.", [("Vaalimaa", "checkpoint")]),
    ("Only the northern crossing at Raja-Jooseppi, in Lapland, remained open.", [("Raja-Jooseppi", "crossing at")]),
    ("Russia opened a border checkpoint of Torfyanovka to trucks.", [("Torfyanovka", "checkpoint of")]),
    (
        "The Finnish Border Guard said the Vaalimaa Border Crossing Point was closed.",
        [("Vaalimaa", "border crossing point")],
    ),
    ("Refugees reached the village of Lukerya after a night in the forest.", [("Lukerya", "village of")]),
    (
        "Estonian guards said the Koidula checkpoint, near Luhamaa, was busy.",
        [("Koidula", "checkpoint"), ("Luhamaa", "near")],
    ),
    (
        "Greek police at the Kipoi crossing fired tear gas, officials in the Evros region said.",
        [("Kipoi", "crossing"), ("Evros", "region")],
    ),
    (
        "Guards at the Kuźnica-Bruzgi checkpoint on the Poland–Belarus border said.",
        [("Kuźnica", "checkpoint"), ("Bruzgi", "checkpoint")],
    ),
    ("Floods struck villages in Wedza district of Zimbabwe.", [("Wedza", "district")]),
    ("The outbreak spread near Lake Tonle Kiri in Cambodia.", [("Lake Tonle Kiri", "near")]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_place_names_the_gazetteer_lacks_are_found(text, expected):
    assert names(text) == expected


NEGATIVES = [
    "Migrants crossed from Belarus near Minsk into Lithuania.",  # resolved, so not unresolved
    "Talks near Monday's deadline failed.",  # a weekday
    "The summit near March was postponed.",  # a month
    "Protesters gathered at President Biden's residence.",  # a person after a title
    "Officials met near the European Commission building.",  # "near the", and an organisation
    "The Border Guard Service near Frontex Agency said so.",  # organisation words
    "A rally took place near Kovalenko's house.",  # a possessive after "near": a person's property
    "Migrants crossing the border were stopped by Lithuanian guards.",  # "crossing" as a verb
    "Afghans crossing into Iran were turned back.",  # a demonym, and a verb
    "The EU checkpoint plan was criticised.",  # an acronym
    "The Finnish checkpoint was closed.",  # a demonym
    "Thousands crossed at the Medininkai checkpoint in Lithuania.",  # curated, resolved
    "Lithuania's guards near Padvarionys and the Dieveniškės village were alert.",  # curated, resolved
    "The Brest region and the Grodno region border Poland.",  # regions the gazetteer knows
    "Trucks queued at Poland's Terespol crossing.",  # in the gazetteer and resolved
    "International crossing points were closed.",  # ordinary words
    "Green Line crossing points were shut by the UN.",  # ordinary words
    "The Latvia border crossing reopened.",  # a country
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_false_unresolved_names(text):
    assert names(text) == []


def test_seed_articles_have_no_unresolved_names():
    for article in bordermap.read_articles([SEEDS]):
        assert unresolved_names(article) == [], article.id


def test_offsets_sentences_and_ids():
    text = " date 2023-11-24 Finland shut its border. Guards closed the Vaalimaa crossing at night."
    (u,) = unresolved_names(text)
    assert isinstance(u, UnresolvedName)
    assert text[u.start : u.end] == "Vaalimaa"
    assert u.sentence == "Guards closed the Vaalimaa crossing at night."
    assert u.article_id == "text" and u.cue == "crossing"
    article = bordermap.Article.from_text(text, id="fin-1")
    (v,) = unresolved_names(article)
    assert article.text[v.start : v.end] == "Vaalimaa" and v.article_id == "fin-1"
    assert u.to_dict() == {**v.to_dict(), "start": u.start, "end": u.end, "article_id": "text"}


def test_mentions_given_are_used():
    text = "Migrants gathered near Brest and at the Vaalimaa checkpoint."
    mentions = bordermap.extract_places(text)
    assert unresolved_names(text, mentions=mentions) == unresolved_names(text)
    # what the caller says was resolved is never listed
    assert unresolved_names("Guards near Nuijamaa said.", mentions=[]) == unresolved_names("Guards near Nuijamaa said.")
    assert [u.text for u in unresolved_names("Guards near Nuijamaa said.")] == ["Nuijamaa"]


def test_every_occurrence_in_a_place_context():
    text = "The Vaalimaa crossing closed. Later the Vaalimaa checkpoint reopened, but Vaalimaa stayed quiet."
    assert [(u.text, u.cue) for u in unresolved_names(text)] == [("Vaalimaa", "crossing"), ("Vaalimaa", "checkpoint")]


NEWS_WORDS = [
    "Vaalimaa",
    "Raja-Jooseppi",
    "Minsk",
    "near",
    "the",
    "village",
    "of",
    "crossing",
    "border",
    "checkpoint",
    "at",
    "district",
    "–",
    "-",
    "and",
    ",",
    ".",
    "President",
    "'s",
    "Kuźnica-Bruzgi",
    "\u202e",
    "date",
]


@pytest.mark.filterwarnings("ignore:text. malformed date line")
@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(NEWS_WORDS), max_size=25), st.text(max_size=40))
def test_unresolved_names_on_word_soup(words, noise):
    s = " ".join(words) + noise
    for u in unresolved_names(s):
        assert u.text and u.text[0].isupper()
        assert u.text in u.sentence
        assert s[u.start : u.end] == u.text
