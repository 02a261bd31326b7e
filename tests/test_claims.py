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
    ("000_6cfea482763423c4", "border_length", 680.0, "km", 680.0, "about", ("BLR",), "border"),
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
        ("the fence is 4 m high", "height", 0.004, ""),
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
    assert by_kind["border_length"][0].band_km == pytest.approx((671.8 * 0.9, 671.8 * 1.1), abs=1e-3)
    strict = check_claims(seed_claims, computed, tolerances={"corridor_width": 1.0})
    assert [ch.verdict for ch in strict if ch.claim.kind == "corridor_width"] == ["inconsistent"]
    table = bordermap.claims_table(seed_claims, computed)
    assert {"kind", "km", "computed_km", "difference_pct", "verdict", "band_low_km", "reason", "sentence"} <= set(
        table.columns
    )


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
    assert rows[2]["share_of_border"] == pytest.approx(550.0 / 671.8) and rows[0]["band_high_km"] > 671.8
    alone = claims_table(seed_claims, {"corridor_width": 2.6}, pair=("BLR", "LTU")).to_dict("records")
    assert alone[2]["verdict"] == "unchecked" and math.isnan(alone[2]["computed_km"]) and alone[2]["reason"]
    text = format_checks(check_claims(seed_claims, {"border_length": 671.8}))
    assert text.splitlines()[0].startswith(
        'claims: consistent: border_length "about 680 kilometers" = 680 km vs 671.8 km (band 604.6–739.0 km): '
        "680 km (about), read as 675–685 km, is within 604.6–739 km"
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

    assert [v.value for v in Verdict] == ["consistent", "inconsistent", "plausible", "unchecked"]
    checks = check_claims(seed_claims, {"border_length": 671.8, "fence_length": 400.0})
    assert {ch.verdict for ch in checks} == {Verdict.CONSISTENT, Verdict.INCONSISTENT}
    assert all(type(ch.verdict) is Verdict for ch in checks)
    rows = claims_table(seed_claims, {"border_length": 671.8}, pair=("LTU", "POL")).to_dict("records")
    # the second and third claims name Lithuania and Belarus: another border than LTU–POL, not checked against it
    assert [r["verdict"] for r in rows] == [Verdict.CONSISTENT, Verdict.UNCHECKED, Verdict.UNCHECKED, Verdict.UNCHECKED]
    assert "LTU–BLR" in rows[1]["reason"]
    assert json.loads(json.dumps([r["verdict"] for r in rows]))[1] == "unchecked"
    assert f"{Verdict.UNCHECKED}" == str(Verdict.UNCHECKED) == "unchecked"


# --------------------------------------------------------------------------- the sentences of issue 14


def _one(text, kind):
    (c,) = [c for c in extract_claims(text) if c.kind == kind]
    return c


def test_a_distance_to_the_frontier_is_a_distance_from_its_place():
    text = "Białystok, about 50 km west of the frontier, became the base of the aid groups."
    (c,) = extract_claims(text)
    assert (c.kind, c.place, c.reference, c.qualifier, c.km) == ("distance", "Białystok", "border", "about", 50.0)
    assert not c.subject  # "the frontier": the article's own border
    c = _one("The village of Rudninkai, 20 km from Vilnius, hosts a camp.", "distance")
    assert (c.place, c.reference) == ("Rūdninkai", "Vilnius")
    c = _one("Poland sent troops to Hajnówka, 20 km from the border with Belarus.", "distance")
    assert (c.place, c.reference, c.subject) == ("Hajnówka", "border", ("BLR",))


def test_heights_and_widths_of_structures_are_not_lengths():
    c = _one("Poland has finished building a 5.5 metres high steel wall along its border with Belarus.", "height")
    assert not c.geographic and c.value == 5.5 and c.unit == "m"
    c = _one("The wall is 8 metres tall.", "height")
    assert c.value == 8.0
    assert [k.kind for k in extract_claims("a 4-metre-high fence")] == ["height"]
    assert [k.kind for k in extract_claims("a patrol road 6 metres wide")] == ["width"]


def test_a_part_of_the_border_with_a_barrier_is_a_fence_length():
    text = "The border is about 3,145 kilometres long, and around 1,100 km of it has some form of barrier."
    assert [(c.kind, c.km, c.qualifier) for c in extract_claims(text)] == [
        ("border_length", 3145.0, "about"),
        ("fence_length", 1100.0, "around"),
    ]
    text = "The barrier runs for 186 km of the 418 km border; the rest of the frontier follows the Bug river."
    assert [(c.kind, c.km) for c in extract_claims(text)] == [("fence_length", 186.0), ("border_length", 418.0)]
    text = "Greece will extend the steel fence along its land border with Turkey by another 35 kilometres."
    (c,) = extract_claims(text)
    # its border: the owner is the country named before it
    assert (c.kind, c.noun, c.subject) == ("fence_length", "fence extension", ("GRC", "TUR"))


def test_names_with_numbers_are_not_counts():
    assert extract_claims("Under Title 42 expulsions of migrants were ordered at the border.") == []
    assert extract_claims("Article 5 troops were not deployed.") == []
    (c,) = extract_claims("Agents expelled 42 migrants under the rule.")
    assert (c.kind, c.value) == ("count", 42.0)


def test_a_claim_about_another_border_names_it():
    c = _one("Finland's 90-kilometre border with Russia was closed.", "border_length")
    assert c.subject == ("FIN", "RUS") and c.km == 90.0


def test_areas_are_their_own_kind():
    (c,) = extract_claims("The zone covers 2,000 square kilometres of forest.")
    assert (c.kind, c.value, c.unit, c.km) == ("area", 2000.0, "km2", None)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a border of about 680 km", 675.0, 685.0),
        ("a border of 4,096 km", 4095.5, 4096.5),
        ("a border of 1,340 km", 1335.0, 1345.0),
        ("a 2.5-kilometre-wide isthmus", 2.45, 2.55),
        ("a fence of more than 500 km", 450.0, math.inf),
        ("a fence of up to 200 km", 0.0, 250.0),
        ("a nearly 680 km-long border", 612.0, 685.0),
    ],
)
def test_claimed_range_from_rounding_and_qualifier(text, low, high):
    from bordermap.text.claims import claimed_range

    lo, hi = claimed_range(extract_claims(text)[0])
    assert lo == pytest.approx(low) and hi == pytest.approx(high)


@pytest.fixture(scope="module")
def poland():
    """A measurer for claims in an article about Poland–Belarus: the world data, real geometry."""
    from bordermap.checks import claim_measurer

    border = bordermap.shared_border("POL", "BLR")

    def measure(text):
        mentions = bordermap.extract_places(text)
        measurer = claim_measurer(
            countries=bordermap.load_countries(),
            border=border,
            mentions=mentions,
            article_pairs={"text": ("POL", "BLR")},
        )
        return [bordermap.judge_claim(c, measurer(c)) for c in extract_claims(text, mentions=mentions)]

    return measure


def test_bialystok_is_checked_as_a_distance(poland):
    (ok,) = poland("Białystok, about 50 km west of the frontier, hosts aid groups.")
    assert ok.verdict == "consistent" and "Białystok to the POL–BLR border" in ok.subject
    assert 40 < ok.computed_km < 50 and ok.band_km[0] < ok.computed_km < ok.band_km[1]
    (far,) = poland("Białystok, about 150 km west of the frontier, hosts aid groups.")
    assert far.verdict == "inconsistent" and "above" in far.reason


def test_a_claim_about_another_border_is_checked_against_that_border(poland):
    (finland,) = poland("Finland's 1,340-kilometre border with Russia is the EU's longest.")
    assert finland.verdict == "consistent" and "FIN–RUS" in finland.subject
    assert 1250 < finland.computed_km < 1320
    (wrong,) = poland("Finland's 90-kilometre border with Russia is the EU's longest.")
    assert wrong.verdict == "inconsistent" and "FIN–RUS" in wrong.subject
    (india,) = poland("India's border with Bangladesh is 4,096 km long.")
    assert india.verdict == "consistent" and india.band_km[1] > 4096.5 > india.computed_km


def test_fences_are_plausible_up_to_their_border(poland):
    (wall,) = poland("The barrier runs for 186 km of the border.")
    assert wall.verdict == "plausible" and wall.share_of_border == pytest.approx(186 / wall.computed_km)
    (too_long,) = poland("Poland built a 900-km fence on its border with Belarus.")
    assert too_long.verdict == "inconsistent" and "longer than" in too_long.reason


def test_what_cannot_be_understood_is_unchecked_never_inconsistent(poland):
    (nowhere,) = poland("The camp is 30 miles from Vilnius.")  # no place named before: from where?
    assert nowhere.verdict == "unchecked" and nowhere.reason
    (height,) = poland("Poland has finished building a 5.5 metres high steel wall along its border with Belarus.")
    assert height.verdict == "unchecked" and height.claim.kind == "height"
    (unknown,) = poland("Kuźnica lies 3 km beyond the ridge.")
    assert unknown.verdict == "unchecked"


def _line_border(coords):
    from shapely.geometry import LineString

    from bordermap.geometry.projection import geodesic_length_km

    line = LineString(coords)
    return bordermap.Border("AAA", "BBB", ("A", "B"), line, geodesic_length_km(line), 0.0, 50.0)


def test_length_band_of_a_straight_line_is_its_length_within_the_floor():
    from bordermap.geometry.measures import FLOOR_SHARE, length_band

    straight = _line_border([(20.0 + k * 0.001, 50.0) for k in range(2000)])  # about 143 km, vertices every 71 m
    band = length_band(straight)
    assert band.dimension == pytest.approx(1.0, abs=1e-4)  # a parallel of latitude is nearly straight when projected
    assert band.low_km == pytest.approx(straight.length_km * (1 - FLOOR_SHARE))
    assert band.high_km == pytest.approx(straight.length_km * (1 + FLOOR_SHARE))
    assert 60 < band.resolution_m < 80 and len(band.lengths_km) == 5


def test_length_band_of_a_winding_line_grows_with_finer_detail():
    import math

    from bordermap.geometry.measures import length_band

    # a meander at several scales (a Weierstrass-like curve): its length grows as it is measured more finely
    pts = [
        (20.0 + k * 0.0005, 50.0 + sum(0.02 / 2**j * math.sin(k * 0.0005 * 3**j * 40) for j in range(6)))
        for k in range(4000)
    ]
    winding = _line_border(pts)
    band = length_band(winding)
    assert band.dimension > 1.02
    assert band.low_km < winding.length_km < band.high_km
    assert list(band.lengths_km) == sorted(band.lengths_km, reverse=True)  # coarser tolerance, shorter line
    assert "Richardson dimension" in band.describe()


def test_a_distance_between_two_places_is_their_geodesic_distance(poland):
    (near,) = poland("Lithuania's guards met at Medininkai, about 30 km from Vilnius, on Monday.")
    assert near.verdict == "consistent" and near.subject == "Medininkai to Vilnius"
    assert 20 < near.computed_km < 35 and near.band_km[0] < 30 < near.band_km[1]
    (far,) = poland("Lithuania's guards met at Medininkai, about 300 km from Vilnius, on Monday.")
    assert far.verdict == "inconsistent"
