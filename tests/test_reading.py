"""Reading any article right (issue 22): one test per principle, on sentences written for these tests.

1. A figure is checked against a subject only when its own phrase names it; lengths of other things are
   never border lengths; ``countries=`` fixes "the border"; a reason is true of its numbers.
2. Places stay with the story: homonyms near the article's places win; far and alternate-name matches go.
3. Nothing silently dropped: names presented as places are placed or listed as unresolved.
4. Demonyms are mentions of their country.
5. No country's rules fire in another country's context (abbreviations after a place).
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bordermap
from bordermap.text.claims import Measured, judge_claim
from bordermap.text.gazetteer import Gazetteer, Place

# ---------------------------------------------------------------- 1. claims that never cry wolf


def _claims(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.text, c.kind, c.subject) for c in bordermap.extract_claims(text)]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # another territory in the sentence does not count
        ("Israel's 208 km border with Egypt runs from the Gaza Strip to Eilat.", ("ISR", "EGY")),
        ("The 208 km border was sealed in 2013, officials said, as rockets fell on the Gaza Strip.", ()),
        # the countries of the phrase, by name, possessive, relative clause or demonym
        ("Israel and Egypt share a 208 km border.", ("ISR", "EGY")),
        ("Mali, which has a 1,376 km border with Algeria, closed it.", ("MLI", "DZA")),
        ("The Norwegian-Russian border is 196 km long.", ("NOR", "RUS")),
        ("The border Finland shares with Russia is 1,340 km long.", ("FIN", "RUS")),
        ("The border between Kenya and Somalia runs for 684 km.", ("KEN", "SOM")),
        ("Patrols watch the Russian border, 196 km of tundra and river.", ()),
    ],
)
def test_a_border_length_is_about_the_countries_of_its_own_phrase(text, subject):
    (claim,) = [c for c in bordermap.extract_claims(text) if c.kind == "border_length"] or [None]
    if subject == () and "tundra" in text:
        assert claim is None  # "196 km of tundra and river": a length of something else
        return
    assert claim is not None and claim.subject == subject


@pytest.mark.parametrize(
    "text",
    [
        "Queues of lorries at the Medyka border crossing stretched back for 30 kilometres on Monday.",
        "A traffic jam of 40 km formed at the border with Poland.",
        "The road from the border to Kirkenes is 15 km long.",
        "The Prut, which flows for 953 km, marks the border with Moldova.",
        "The missiles have a range of 300 km, enough to reach the border.",
        "Soldiers patrol 20 km inland from the frontier.",
        "Most cross the Darién Gap, about 100 km of roadless jungle on Panama's border with Colombia.",
        "A pipeline of 120 km runs along the border with Turkey.",
    ],
)
def test_lengths_of_other_things_are_never_border_lengths(text):
    assert all(kind not in ("border_length", "fence_length") for _, kind, _ in _claims(text)), _claims(text)


def test_a_barrier_is_a_fence_whatever_its_word():
    got = _claims("Finland will build a barrier of about 200 kilometres along its border with Russia.")
    assert got == [("about 200 kilometres", "fence_length", ("FIN", "RUS"))]
    got = _claims("Tunisia built a sand barrier along its frontier. It now stretches for about 250 km.")
    assert [(t, k) for t, k, _ in got] == [("about 250 km", "fence_length")]


def test_countries_fix_the_border_of_a_claim_that_names_none(tmp_path):
    text = (
        "Norway tightens the Storskog crossing\n\n"
        "KIRKENES, Norway — Norway will keep the Storskog crossing with Russia open only to lorries, the "
        "justice ministry said. The 196 km border is guarded by about 100 soldiers. A second article says "
        "Finland's border guards are watching.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    rep = bordermap.run_report([tmp_path], countries=("NOR", "RUS"))
    (check,) = [v for v in rep.verdicts() if v.claim.kind == "border_length"]
    assert "NOR–RUS" in check.subject and str(check.verdict) == "consistent"


def test_what_is_not_understood_is_unchecked_with_a_reason():
    (claim,) = bordermap.extract_claims("Hungary and Germany share a 900 km border.")
    from bordermap.checks import ClaimMeasurer

    border = bordermap.shared_border("HUN", "SRB")
    measurer = ClaimMeasurer(countries=bordermap.load_countries(), border=border)
    check = judge_claim(claim, measurer(claim))
    assert str(check.verdict) == "unchecked" and "share no land border" in check.reason


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|∞")


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(0.5, 5000),
    digits=st.integers(0, 2),
    low=st.floats(0.1, 5000),
    width=st.floats(0.0, 2000),
    qualifier=st.sampled_from(["", "about", "nearly", "more than", "up to", "just over"]),
)
def test_a_reason_is_true_of_the_numbers_it_prints(value, digits, low, width, qualifier):
    """Whatever the figure and the band, the relation a reason states holds between the numbers it prints."""
    value = round(value, digits)
    text = f"The border is {qualifier + ' ' if qualifier else ''}{value:.{digits}f} km long."
    (claim,) = bordermap.extract_claims(text)
    check = judge_claim(claim, Measured(low + width / 2, low, low + width, "the X–Y border's length"))
    m = re.search(r"read as (\S+)–(\S+) km, (is within|overlaps|is above|is below) (\S+)–(\S+) km", check.reason)
    assert m, check.reason

    def num(s: str) -> float:
        return math.inf if s == "∞" else float(s.replace(",", ""))

    lo, hi, rel, blo, bhi = num(m[1]), num(m[2]), m[3], num(m[4]), num(m[5])
    assert lo <= hi and blo <= bhi
    if rel == "is within":
        assert blo <= lo and hi <= bhi
    elif rel == "overlaps":
        assert lo <= bhi and hi >= blo and not (blo <= lo and hi <= bhi)
    elif rel == "is above":
        assert lo > bhi
    else:
        assert hi < blo
    assert (str(check.verdict) == "consistent") == (rel in ("is within", "overlaps"))


# ---------------------------------------------------------------- 2. places stay with the story


def _gazetteer_with_homonyms() -> Gazetteer:
    """A small gazetteer: a story in northern Norway, and two places called Fjellby (one far and larger)."""
    gaz = Gazetteer()
    rows = [
        ("Norway", 10.0, 62.0, "NOR", "country", 5_000_000),
        ("Russia", 100.0, 60.0, "RUS", "country", 140_000_000),
        ("Kirkenes", 30.05, 69.73, "NOR", "village", 3_500),
        ("Vadsø", 29.75, 70.07, "NOR", "town", 5_800),
        ("Fjellby", 30.2, 69.6, "NOR", "village", 800),  # near the story
        ("Fjellby", 10.4, 59.9, "NOR", "town", 9_000),  # far away, larger
    ]
    for name, lon, lat, country, kind, pop in rows:
        place = Place(name=name, lon=lon, lat=lat, country=country, kind=kind, population=pop, id=f"t:{name}:{lat}")
        gaz.add(place, [name])
    return gaz


def test_the_homonym_near_the_story_wins():
    gaz = _gazetteer_with_homonyms()
    text = "Traffic from Kirkenes and Vadsø to Fjellby grew, Norway said."
    (m,) = [m for m in bordermap.extract_places(text, gazetteer=gaz) if m.text == "Fjellby"]
    assert m.place.lat == pytest.approx(69.6) and m.alternatives[0].lat == pytest.approx(59.9)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a town on another continent, in a country the story neither names nor borders
        ("Refugees from Somalia reached Dadaab and Garissa; aid also went to Kiunga, near the coast.", "Kiunga"),
        # "X, Country" and the gazetteer has no X there: not the X of another country
        ("Officials in Kiunga, Kenya, said the road to Dadaab was cut.", "Kiunga"),
        # a word of another language that names a town far away
        ("In Görlitz, Germany, near the Polish border, a sign read: Die Grenze ist am Ende.", "Ende"),
    ],
)
def test_a_place_far_from_the_story_is_not_taken(text, name):
    assert all(m.text != name for m in bordermap.extract_places(text))


def test_an_alternate_name_far_from_the_story_is_not_taken():
    text = "KIRKENES, Norway — Traffic at the Storskog crossing into Russia fell, Norwegian police said."
    got = {m.text: m.place for m in bordermap.extract_places(text)}
    assert "Storskog" not in got and got["KIRKENES"].country == "NOR"
    assert "Storskog" in [u.text for u in bordermap.text.unresolved.unresolved_names(text)]


def test_one_uncertain_place_never_decides_the_pair(tmp_path):
    text = (
        "Norway keeps one crossing open\n\n"
        "KIRKENES, Norway — Norway will keep the Storskog crossing with Russia open to lorries only, the "
        "Norwegian justice ministry said on Friday. Traffic across the Norwegian-Russian border has fallen "
        "since 2022. Russian lorries wait at the crossing near Nikel.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    rep = bordermap.run_report([tmp_path])
    assert {rep.border.a, rep.border.b} == {"NOR", "RUS"}


def test_the_lede_names_what_the_story_is_about():
    from bordermap.report import lede_end

    text = "Costa Rica and Panama agree\n\nSAN JOSÉ — Buses will run.\nColombia's border was quiet."
    assert text[: lede_end(text)].endswith("Buses will run.")


# ---------------------------------------------------------------- 3. nothing silently dropped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Refugees walked from Liboi to Dadaab in the dry season.", ["Liboi"]),
        ("Lorries queued at Zosin overnight.", ["Zosin"]),
        ("Reindeer graze in the Tverrelv valley all year.", ["Tverrelv"]),
        ("Troops moved through the Kavrak desert towards Eilat.", ["Kavrak"]),
        ("The crossing between Wutung and Skouw reopened.", ["Wutung", "Skouw"]),
        ("Snow closed the road to Las Cuevas, the last village before the frontier.", ["Las Cuevas"]),
        ("Help came, according to Frontex, from Alexander Lukashenko's rivals.", []),
    ],
)
def test_names_presented_as_places_are_listed_when_unknown(text, expected):
    from bordermap.text.unresolved import unresolved_names

    assert [u.text for u in unresolved_names(text)] == expected


def test_natural_features_are_places():
    got = {
        m.text: m.place
        for m in bordermap.extract_places("Reindeer graze in the Pasvik valley; the Negev desert is dry.")
    }
    assert got["Pasvik valley"].kind == "feature" and got["Pasvik valley"].country == "NOR"
    assert got["Negev desert"].kind == "feature" and got["Negev desert"].country == "ISR"


def test_a_place_name_head_makes_one_name():
    """ "Ras Ajdir" is no mention of a town called Ajdir elsewhere: it is one name, listed if unknown."""
    text = "The barrier runs south from Ras Ajdir into the desert."
    assert all("Ajdir" not in m.text for m in bordermap.extract_places(text))
    from bordermap.text.unresolved import unresolved_names

    assert [u.text for u in unresolved_names(text)] == ["Ras Ajdir"]


# ---------------------------------------------------------------- 4. demonyms


def test_demonyms_are_mentions_of_their_country_when_asked():
    text = "Somali militants crossed; Turkish troops and the Kenyan army answered. Latin American envoys watched."
    plain = bordermap.extract_places(text)
    with_demonyms = bordermap.extract_places(text, demonyms=True)
    assert [m.text for m in plain] == []
    assert [(m.text, m.place.country, m.place.kind) for m in with_demonyms] == [
        ("Somali", "SOM", "country"),
        ("Turkish", "TUR", "country"),
        ("Kenyan", "KEN", "country"),
    ]


def test_demonyms_count_for_the_subject_of_a_claim_and_the_pair(tmp_path):
    assert _claims("Patrols on the 684 km Kenyan-Somali border were doubled.")[0][2] == ("KEN", "SOM")
    text = (
        "Patrols doubled\n\nKenyan officers and Somali elders met at the crossing. The Kenyan-Somali border "
        "has been closed to refugees, Kenyan police said, and Somali traders complained.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    rep = bordermap.run_report([tmp_path])
    assert {rep.border.a, rep.border.b} == {"KEN", "SOM"}


def test_embedded_toponyms_are_an_option():
    text = "The Los Angeles Times said Kenya's ministry and the Nairobi Health Bureau disagreed."
    assert [m.text for m in bordermap.extract_places(text)] == ["Los Angeles", "Kenya", "Nairobi"]
    assert [m.text for m in bordermap.extract_places(text, embedded=False)] == ["Kenya"]


# ---------------------------------------------------------------- 5. no country's rules abroad


@pytest.mark.parametrize(
    ("text", "country", "region"),
    [
        ("BERLIN, DE — Talks ended.", "DEU", ""),
        ("Mumbai, IN — Floods hit.", "IND", ""),
        ("Toronto, CA — Snow fell.", "CAN", ""),
        ("London, Ont. — The river rose.", "CAN", "Ontario"),
        ("Québec, Que. — Ice.", "CAN", "Quebec"),
        ("Sydney, NSW — Fires spread.", "AUS", "New South Wales"),
        ("Perth, WA — Heat.", "AUS", "Western Australia"),
        ("Seattle, WA — Rain.", "USA", "Washington"),
        ("Boise, ID — Snow.", "USA", "Idaho"),
        ("Portland, ME — Fog.", "USA", "Maine"),
        ("Richmond, Ky. — Floods.", "USA", "Kentucky"),
    ],
)
def test_an_abbreviation_after_a_place_is_read_in_that_places_country(text, country, region):
    ms = bordermap.extract_places(text)
    assert ms[0].place.country == country
    if region:
        assert ms[1].place.kind == "region" and ms[1].place.name == region
    else:
        assert ms[1].place.kind == "country" and ms[1].place.country == country


def test_every_us_postal_code_is_known():
    from bordermap.text.abbreviations import AP_STATES, abbreviations

    assert len(AP_STATES) == 51  # the 50 states and DC
    assert all(("USA", key) for code in AP_STATES for _, key in abbreviations()[code])
    assert all(any(c == "USA" for c, _ in abbreviations()[code]) for code in AP_STATES)


def test_the_homonym_near_the_reports_border_wins(tmp_path):
    """Two Nemyrivs in Ukraine: the text alone takes the larger, far from Poland; a Poland–Ukraine report takes
    the village by the border."""
    text = "Officials meet at the border\n\nPolish and Ukrainian officials met in Nemyriv to discuss the border.\n"
    alone = [m for m in bordermap.extract_places(text) if m.text == "Nemyriv"]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    rep = bordermap.run_report([tmp_path], countries=("POL", "UKR"))
    (m,) = [m for m in rep.mentions if m.text == "Nemyriv"]
    assert rep.border.project(lat=m.place.lat, lon=m.place.lon)[1] < 25
    assert alone and rep.border.project(lat=alone[0].place.lat, lon=alone[0].place.lon)[1] > 100


def test_a_surname_reading_does_not_spread_into_place_contexts():
    """Whatever "Kenya Transporters" is, "Kenya and Uganda" and "in Kenya" are the country."""
    text = "The Kenya Transporters Association complained. Kenya and Uganda met. Trade in Kenya grew; Kenya said."
    starts = [m.start for m in bordermap.extract_places(text) if m.text == "Kenya"]
    assert text.index("Kenya and") in starts and text.index("in Kenya") + 3 in starts
    assert text.rindex("Kenya") not in starts  # a lone use with no place context stays the person's
