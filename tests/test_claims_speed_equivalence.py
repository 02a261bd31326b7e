"""The scan anchored on numbers finds what the qualifier-first patterns found (issue 23): same spans, same claims.

The reference is each quantity pattern as it was, led by an optional ``(?:about|around|...)\\s+`` group
and scanned with ``finditer`` (written out here); the sentences are written for the test.
"""

from __future__ import annotations

import random
import re

import pytest

from bordermap.text import claims as claims_module
from bordermap.text import quantities as q
from bordermap.text.claims import extract_claims

_QUALIFIER = (
    r"(?P<qual>about|around|approximately|roughly|some|nearly|almost|close to|over|more than|less than|fewer than|"
    r"under|up to|at least|at most|just over|just under|some|an estimated|a total of)\s+"
)
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|bn|m)\b)?"
_COUNTED = (
    r"people|persons|migrants|refugees|asylum[- ]seekers|troops|soldiers|officers|guards|border guards|passengers|"
    r"crossings|entries|cases|deaths|workers|members|personnel|children|detainees|arrivals"
)
#: The patterns before issue 23, as they were written.
REFERENCE = {
    q.LENGTH: re.compile(
        rf"(?:{_QUALIFIER})?{_NUMBER}\s?-?\s?(?P<unit>kilomet(?:er|re)s?|km|met(?:er|re)s?|m|miles?|mi)\b"
        r"(?P<dim>-?\s?(?:long|wide|deep|high|tall))?",
        re.I,
    ),
    q.COUNT: re.compile(
        rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?P<adj>(?:[a-z-]+\s+){{0,2}}?)(?P<noun>{_COUNTED})\b", re.I
    ),
    q.MONEY_AFTER: re.compile(
        rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?P<cur>euros?|eur|dollars?|usd|pounds|zlotys?)\b", re.I
    ),
    q.MONEY_BEFORE: re.compile(rf"(?:{_QUALIFIER})?(?P<sym>[$€£])\s?{_NUMBER}{_SCALE}", re.I),
    q.AREA: re.compile(
        rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s?-?\s?(?P<unit>square\s+kilomet(?:er|re)s?|sq\.?\s?km|km2|km²|"
        r"square\s+miles?|sq\.?\s?mi(?:les?)?|hectares?|ha)\b",
        re.I,
    ),
}

SENTENCES = [
    "Lithuania has a nearly 680 km-long border with Belarus.",
    "The fence runs for about 550 kilometres; a further 35 kilometres are planned.",
    "Białystok, about 50 km west of the frontier, took in more than 3,000 illegal migrants.",
    "It pledged 530,000 euros ($630,000) for 171 people and over €2.5 million for guards.",
    "The isthmus is a 2.5-kilometer-wide strip, just over 4,096 km of border lies beyond.",
    "Just under 12 miles separate the towns; at least 40 km of queues; at most 7 km.",
    "A handsome 5 km walk, moreover 6 km, thunder 7 km: words ending in a qualifier.",
    "ABOUT 10 KM of the border; Approximately   20\tkm;  roughly\n30 km away.",
    "More than 1,234,56 km and 1234,567 km and 12,345.5 km and 1,2345 km.",
    "A total of 300 troops, an estimated 2 million refugees, close to 40 asylum seekers.",
    "Up to 5,000 square kilometres, 30 sq km, 12 hectares and 7 km2 of forest; some 4 ha.",
    "Title 42 and Route 66, about 5 m high, 500 m from the river and 3 metres deep.",
    "Fewer than 10 deaths, less than £3 bn, about $ 4 m, around€5 thousand.",
    "about about 5 km, over over 6 km, some some 7 people, just 8 km, just  over 9 km.",
    "5 km about 6 km about 7 km, 5 kmabout 6 km, 10about 5 km.",
    "The wall is 3.5 metres tall and the 1.5 m-high fence 200 kilometers long.",
    "Some\u00a05 km, nearly\u20036 km, over\u200b7 km: other blanks.",
    "Aroundabout 5 km; ſome 6 km; \u212am 8 and 9 \u212am; near 10 km.",
]


def _reference_scan(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in REFERENCE[pattern].finditer(text)]


def _scan(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    out = []
    for m in q.scan(pattern, text):
        assert m.group(0) == text[m.start() : m.end()]
        out.append(((m.start(), m.end()), m.groupdict()))
    return out


@pytest.mark.parametrize("pattern", list(REFERENCE), ids=["length", "count", "money_after", "money_before", "area"])
def test_scan_finds_what_the_qualifier_first_pattern_found(pattern: re.Pattern[str]) -> None:
    for text in [*SENTENCES, " ".join(SENTENCES)]:
        assert _scan(pattern, text) == _reference_scan(pattern, text), text


def test_scan_on_random_text_of_figures_and_qualifiers() -> None:
    """Token soup made to hit the edges: qualifiers inside words, blanks, digits grouped and not, units glued."""
    tokens = [
        *q.QUALIFIERS,
        *(w.upper() for w in q.QUALIFIERS[:5]),
        "handsome",
        "moreover",
        "just",
        "5",
        "12",
        "1,234",
        "1234,567",
        "2.5",
        "0",
        "$",
        "€",
        "£",
        "km",
        "m",
        "miles",
        "sq km",
        "ha",
        "people",
        "border guards",
        "euros",
        "million",
        "bn",
        "-",
        "long",
        "high",
        ",",
        ".",
        "(",
        ")",
        "the",
        "illegal",
    ]
    blanks = [" ", " ", " ", "", "  ", "\n", "\t", "\u00a0"]
    rng = random.Random(23)
    for _ in range(400):
        text = "".join(rng.choice(tokens) + rng.choice(blanks) for _ in range(rng.randint(1, 30)))
        for pattern in REFERENCE:
            assert _scan(pattern, text) == _reference_scan(pattern, text), (pattern.pattern[:20], text)


def test_claims_are_those_of_the_qualifier_first_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole extraction (kinds, subjects, references, contexts) on the test's sentences, against the reference."""
    texts = [*SENTENCES, " ".join(SENTENCES), "\n\n".join(SENTENCES), " date 2021-07-12 " + SENTENCES[2]]
    new = [[c.to_dict() for c in extract_claims(t)] for t in texts]
    monkeypatch.setattr(claims_module, "scan", lambda pattern, text: REFERENCE[pattern].finditer(text))
    old = [[c.to_dict() for c in extract_claims(t)] for t in texts]
    assert new == old
    assert sum(map(len, new)) > 60  # the sentences do state figures


def test_claims_of_a_text_without_figures() -> None:
    assert extract_claims("Migrants reached Vilnius from Minsk, about a day away.") == []
    assert extract_claims("") == []
