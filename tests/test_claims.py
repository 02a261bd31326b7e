"""Claims on the seed articles: exact expected lengths, counts and money; checking against geometry."""

import math

import pytest

import bordermap
from bordermap.text.claims import GEOGRAPHIC_KINDS, check_claims, extract_claims
from tests.conftest import SEEDS

#: (article, kind, value, unit, km, qualifier, subject, noun) of every claim in the seeds.
EXPECTED = [
    ("000_6cfea482763423c4", "money", 530000.0, "EUR", None, "", (), "money"),
    ("000_6cfea482763423c4", "money", 630000.0, "USD", None, "", (), "money"),
    ("000_6cfea482763423c4", "count", 3000.0, "migrants", None, "more than", (), "illegal migrants"),
    ("000_6cfea482763423c4", "border_length", 680.0, "km", 680.0, "about", ("LTU", "BLR"), "border"),
    ("001_f190c4bb986fbafd", "border_length", 680.0, "km", 680.0, "nearly", ("LTU", "BLR"), "border"),
    ("001_f190c4bb986fbafd", "count", 2000.0, "people", None, "more than", (), "people"),
    ("002_dff4eb9fc50d8db5", "count", 4100.0, "migrants", None, "at least", (), "migrants"),
    ("002_dff4eb9fc50d8db5", "money", 500e6, "EUR", None, "more than", (), "money"),
    ("002_dff4eb9fc50d8db5", "money", 585e6, "USD", None, "", (), "money"),
    ("002_dff4eb9fc50d8db5", "money", 37e6, "EUR", None, "", (), "money"),
    ("002_dff4eb9fc50d8db5", "count", 4124.0, "people", None, "a total of", (), "people"),
    ("002_dff4eb9fc50d8db5", "count", 900.0, "troops", None, "more than", (), "troops"),
    ("003_84c36a338603c5ea", "count", 171.0, "people", None, "", (), "people"),
    ("003_84c36a338603c5ea", "count", 35.0, "officers", None, "", (), "officers"),
    ("003_84c36a338603c5ea", "money", 12e6, "EUR", None, "", (), "money"),
    ("003_84c36a338603c5ea", "money", 14.3e6, "USD", None, "", (), "money"),
    ("003_84c36a338603c5ea", "count", 500.0, "passengers", None, "up to", (), "passengers"),
    ("004_08f2487d190f4389", "fence_length", 550.0, "km", 550.0, "", ("LTU", "BLR"), "razor-wire barrier"),
    ("004_08f2487d190f4389", "count", 800.0, "crossings", None, "more than", (), "illegal crossings"),
    ("004_08f2487d190f4389", "count", 500.0, "migrants", None, "", (), "illegal migrants"),
    ("004_08f2487d190f4389", "corridor_width", 2.5, "km", 2.5, "", (), "isthmus"),
]


@pytest.fixture(scope="module")
def seed_claims():
    return [c for a in bordermap.read_articles([SEEDS]) for c in bordermap.extract_claims(a)]


def test_seed_claims_exact(seed_claims):
    got = [(c.article_id, c.kind, c.value, c.unit, c.km, c.qualifier, c.subject, c.noun) for c in seed_claims]
    assert got == [(*e[:2], pytest.approx(e[2]), *e[3:]) for e in EXPECTED]


def test_claim_spans_and_sentences(seed_claims):
    articles = {a.id: a for a in bordermap.read_articles([SEEDS])}
    for c in seed_claims:
        assert articles[c.article_id].text[c.start : c.end] == c.text
        assert c.text in c.sentence
    (isthmus,) = [c for c in seed_claims if c.kind == "corridor_width"]
    assert isthmus.text == "2.5-kilometer-wide" and "Dieveniskes" not in isthmus.sentence
    assert "isthmus" in isthmus.sentence


@pytest.mark.parametrize(
    ("text", "kind", "km", "qualifier"),
    [
        ("a border of about 680 kilometers", "border_length", 680.0, "about"),
        ("the 418 km border between Poland and Belarus", "border_length", 418.0, ""),
        ("a 508-km fence, 4 m high", "fence_length", 508.0, ""),
        ("a wall more than 100 miles long", "fence_length", 160.9344, "more than"),
        ("a 65-kilometre gap between Kaliningrad and Belarus", "corridor_width", 65.0, ""),
        ("a zone 5 km deep along the border", "zone_depth", 5.0, ""),
        ("The camp is 30 miles from Vilnius.", "distance", 48.28032, ""),
        ("an exclusion strip 200 metres wide", "corridor_width", 0.2, ""),
        ("the fence is 4 m high", "length", 0.004, ""),
    ],
)
def test_length_forms(text, kind, km, qualifier):
    c = extract_claims(text)[0]
    assert (c.kind, c.qualifier) == (kind, qualifier)
    assert c.km == pytest.approx(km)


def test_border_subject_from_sentence_countries():
    c = extract_claims("Poland has a 418 km border with Belarus.")[0]
    assert c.subject == ("POL", "BLR")


def test_no_claims_in_dates_and_plain_numbers():
    assert extract_claims("On July 12, 2021, the 27-member bloc met; 81 all of last year.") == []


def test_check_claims_verdicts(seed_claims):
    computed = {"border_length": 671.8, "fence_length": 671.8 * 0.6, "corridor_width": 2.6}
    checks = check_claims(seed_claims, computed)
    assert all(ch.claim.kind in GEOGRAPHIC_KINDS for ch in checks)
    by_kind = {}
    for ch in checks:
        by_kind.setdefault(ch.claim.kind, []).append(ch)
    assert [ch.verdict for ch in by_kind["border_length"]] == ["consistent", "consistent"]
    assert by_kind["border_length"][0].difference_pct == pytest.approx(100 * (680 - 671.8) / 671.8)
    assert by_kind["fence_length"][0].verdict == "inconsistent"  # 550 vs 403 km
    assert by_kind["corridor_width"][0].verdict == "consistent"  # 2.5 vs 2.6 km: -3.8 %
    assert all(ch.tolerance_pct == 10.0 for ch in checks)
    strict = check_claims(seed_claims, computed, tolerances={"corridor_width": 1.0})
    assert [ch.verdict for ch in strict if ch.claim.kind == "corridor_width"] == ["inconsistent"]
    table = bordermap.claims_table(seed_claims, computed)
    assert {"kind", "km", "computed_km", "difference_pct", "verdict", "tolerance_pct", "sentence"} <= set(table.columns)


def test_qualified_claims():
    (more,) = extract_claims("a fence of more than 500 km")
    assert more.kind == "fence_length" and more.qualifier == "more than"
    assert check_claims([more], {"fence_length": 520.0})[0].verdict == "consistent"
    assert check_claims([more], {"fence_length": 400.0})[0].verdict == "inconsistent"


def test_claims_table_for_report(seed_claims):
    from bordermap.text.claims import claims_table, format_checks

    rows = claims_table(seed_claims, {"border_length": 671.8, "corridor_width": 2.6}, pair=("BLR", "LTU"))
    rows = rows.to_dict("records")
    assert [(r["kind"], r["km"], r["verdict"]) for r in rows] == [
        ("border_length", 680.0, "consistent"),
        ("border_length", 680.0, "consistent"),
        ("fence_length", 550.0, "plausible"),  # checked against the border it stands on
        ("corridor_width", 2.5, "consistent"),
    ]
    assert rows[2]["share_of_border"] == pytest.approx(550.0 / 671.8) and rows[0]["tolerance_pct"] == 10.0
    alone = claims_table(seed_claims, {"corridor_width": 2.6}, pair=("BLR", "LTU")).to_dict("records")
    assert alone[2]["verdict"] == "not computed" and math.isnan(alone[2]["computed_km"])
    text = format_checks(check_claims(seed_claims, {"border_length": 671.8}))
    assert text.splitlines()[0] == (
        'claims: border_length LTU–BLR "about 680 kilometers" = 680 km vs computed 671.8 km: +1.2 % consistent (±10 %)'
    )


def test_offsets_index_the_string_given_with_a_date_line():
    # a str may begin with an article file's date line: offsets still index that str
    s = " date 2021-07-12 Lithuania has a 680 km border with Belarus."
    (claim,) = [c for c in bordermap.extract_claims(s) if c.kind == "border_length"]
    assert s[claim.start : claim.end] == claim.text == "680 km"
    assert claim.subject == ("LTU", "BLR")
    mentions = bordermap.extract_places(s)
    assert [s[m.start : m.end] for m in mentions] == ["Lithuania", "Belarus"]
    assert mentions[0].sentence == "Lithuania has a 680 km border with Belarus."
    # the mentions of the same str name the border's countries
    (again,) = [c for c in bordermap.extract_claims(s, mentions=mentions) if c.kind == "border_length"]
    assert again == claim


def test_verdicts_are_a_str_enum_with_the_words_of_report_json(seed_claims):
    import json

    from bordermap.text.claims import Verdict, claims_table

    assert [v.value for v in Verdict] == ["consistent", "inconsistent", "plausible", "not computed", "other border"]
    checks = check_claims(seed_claims, {"border_length": 671.8, "fence_length": 400.0})
    assert {ch.verdict for ch in checks} == {Verdict.CONSISTENT, Verdict.INCONSISTENT}
    assert all(type(ch.verdict) is Verdict for ch in checks)
    rows = claims_table(seed_claims, {"border_length": 671.8}, pair=("LTU", "POL")).to_dict("records")
    assert [r["verdict"] for r in rows] == [Verdict.OTHER_BORDER] * 3 + [Verdict.NOT_COMPUTED]
    assert json.loads(json.dumps([r["verdict"] for r in rows]))[0] == "other border"
    assert f"{Verdict.NOT_COMPUTED}" == str(Verdict.NOT_COMPUTED) == "not computed"
