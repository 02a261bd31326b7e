"""Quantities articles state: lengths and distances to check against geometry, counts and money.

:func:`extract_claims` finds lengths ("a border of about 680 kilometers", "550-kilometer
razor-wire barrier", "a 2.5-kilometer-wide isthmus", "680 km", metres, miles), distances
("Białystok, about 50 km west of the frontier"), heights and widths of structures ("5.5 metres
high"), areas, counts of people ("more than 3,000 illegal migrants") and sums of money
("530,000 euros ($630,000)").  The sentence analysis is here: each claim's kind, its subject
(the countries of the border it is about, the place a distance is measured from) and its
reference (the border or the place it is measured to), and the range its wording allows
(:func:`claimed_range`: the rounding of the number, "more than", "nearly").

The verdicts (:class:`Verdict`, :func:`judge_claims`, :func:`claimed_range`...) are in
:mod:`bordermap.text.verdicts`; they are importable from here too.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, NamedTuple

from .. import settings
from ..exc import DataError
from .articles import Article, body_of, sentences
from .kinds import AREA_KINDS
from .quantities import AREA, COUNT, LENGTH, MONEY_AFTER, MONEY_BEFORE, Quantity, scan
from .subjects import BORDER as _BORDER
from .subjects import BORDER_MODIFIER_NEXT as _BORDER_MODIFIER_NEXT
from .subjects import PlaceAt, claim_countries, phrase_countries, place_mentions, word_rest
from .verdicts import (
    ClaimCheck,
    Measured,
    Verdict,
    check_claims,
    claimed_range,
    claims_table,
    format_checks,
    judge_claim,
    judge_claims,
)

#: Kinds of claims.  The geographic ones (:data:`GEOGRAPHIC_KINDS`) are lengths on the ground, in km; ``height``
#: and ``width`` are dimensions of structures ("5.5 metres high"), not geographic lengths; ``area`` is in
#: square km (``value`` and ``unit`` as stated).
KINDS = (
    "border_length",
    "fence_length",
    "corridor_width",
    "zone_depth",
    "distance",
    "length",
    "height",
    "width",
    "area",
    "count",
    "money",
)
GEOGRAPHIC_KINDS = ("border_length", "fence_length", "corridor_width", "zone_depth", "distance", "length")

_UNITS = {
    "km": 1.0,
    "kilometer": 1.0,
    "kilometre": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "m": 0.001,
    "meter": 0.001,
    "metre": 0.001,
    "meters": 0.001,
    "metres": 0.001,
    "mi": 1.609344,
    "mile": 1.609344,
    "miles": 1.609344,
}
_CURRENCY_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "pounds": "GBP",
    "zloty": "PLN",
    "zlotys": "PLN",
}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}

_FENCE = re.compile(r"\b(fenc(?:e|ing)|barrier|wall|razor[- ]wire|barbed[- ]wire|concertina(?:[- ]wire)?|berms?)", re.I)
_CORRIDOR = re.compile(r"\b(isthmus|corridor|gap|strip|passage|neck)\b", re.I)
_ZONE = re.compile(r"\b(zone|buffer|exclusion|area)\b", re.I)
_DISTANCE = re.compile(r"\b(from|away|between|distance|off)\b", re.I)
_DIRECTION = r"(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ward|erly)?|inland|upstream|downstream)"
#: Right after a length: a distance ("west of the frontier", "from Minsk", "away", "inside Belarus").
_DISTANCE_AFTER = re.compile(
    rf"^\s*(?:\)\s*)?(?:\([^)]*\)\s*)?(?:(?:to the\s+)?{_DIRECTION}\s+(?:of|from)\b|(?:away\s+)?from\b|away\b|"
    r"inside\b|into\b|beyond\b|short of\b|outside(?:\s+of)?\b|off\s+the\s+coast\b)",
    re.I,
)
#: "from X to Y" after a length is the length of something, not a distance.
_FROM_TO = re.compile(r"^\s*from\b[^.;]{0,80}?\bto\b", re.I)
#: Right after a length: a part of something ("186 km of the 418 km border", "1,100 km of it").
_PORTION_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?of\s+(?:it|them|this|that|the|its|their|which|[A-Z][\w-]*'s?)\b", re.I
)
#: Right before a length: an extension ("extend the fence by another 35 kilometres").
_EXTENSION_BEFORE = re.compile(r"\bby\s+(?:another|a further|an additional|a further|an extra)?\s*$", re.I)
#: Right before a length: a zone ("within 5 km of the border").
_WITHIN_BEFORE = re.compile(r"\b(?:within|no closer than|inside a|in a)\s+$", re.I)
#: A reference that is the border itself, right after "of"/"from".
_BORDER_REFERENCE = re.compile(
    r"^\s*(?:\)\s*)?(?:\([^)]*\)\s*)?(?:(?:to the\s+)?\w+\s+)?(?:of|from)\s+(?:the|its|their|a|[A-Z][\w-]*'s?)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:border|frontier|boundary|line of control)\b",
    re.I,
)
#: A reference that is a crossing named before ("40 km north of the crossing", "from the border post").
_CROSSING_REFERENCE = re.compile(
    rf"^\s*(?:\)\s*)?(?:\([^)]*\)\s*)?(?:(?:to the\s+)?{_DIRECTION}\s+)?(?:of|from)\s+the\s+"
    r"(?:(?:main|nearest|border|frontier)\s+)?(?:crossing|checkpoint|check\s+point|post|crossing\s+point)\b",
    re.I,
)
#: The reference of a distance to "the crossing" when the article places no crossing before it.
CROSSING_UNPLACED = "the crossing"
#: Words before a number that make it a name, not a quantity ("Title 42", "Route 66", "Article 5").
_NAMING_WORD = re.compile(
    r"\b(?:title|section|article|chapter|rule|resolution|no\.|route|highway|paragraph|phase|gate|pillar|marker|exit|"
    r"flight|brigade|battalion|regiment|act|amendment|protocol|annex|covid)[\s-]*$",
    re.I,
)
_AREA_UNITS = {"km2": 1.0, "mi2": 2.589988110336, "ha": 0.01}
#: A "fence" shorter than this (km) is a height ("a 5.5-metre fence").
_SHORTEST_FENCE_KM = 0.02


@dataclass(frozen=True)
class Claim:
    """A quantity stated in an article.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    value : float
        The number as stated (``680``, ``2.5``, ``530000``).
    unit : str
        ``km``, ``m``, ``mi`` for lengths; the counted noun (``migrants``) for counts;
        an ISO 4217 code (``EUR``, ``USD``) for money.
    km : float or None
        The value in kilometres for lengths, else None.
    qualifier : str
        ``about``, ``nearly``, ``more than``... ('' if none).
    subject : tuple of str
        What it is about: ISO3 codes of the countries whose border it is (lengths), else ().
    noun : str
        The thing measured or counted (``border``, ``razor-wire barrier``, ``isthmus``, ``migrants``).
    text : str
        The matched text.
    start, end : int
        Character offsets into the text: the string given (date line included), or ``Article.text``.
    sentence : str
        The sentence containing it, cut to at most :data:`CONTEXT_CHARS` characters either side of
        the match (``…`` marks a cut): the claims of a long article do not each copy its text.
    article_id : str
        Id of the article.
    place : str
        For a distance: the place it is measured from ("Białystok" in "Białystok, about 50 km west of
        the frontier"), '' if the sentence names none.
    reference : str
        For a distance: what it is measured to: ``"border"`` (the border of ``subject``, or of the
        article's pair if ``subject`` is empty), a place name, or '' if not understood.
    rounding_km : float
        Half the unit of the number's last significant digit, in km ("680" ±5, "4,096" ±0.5,
        "2.5" ±0.05): how precisely the figure is stated.
    """

    kind: str
    value: float
    unit: str
    km: float | None
    qualifier: str
    subject: tuple[str, ...]
    noun: str
    text: str
    start: int
    end: int
    sentence: str
    article_id: str = ""
    place: str = ""
    reference: str = ""
    rounding_km: float = 0.0

    @property
    def geographic(self) -> bool:
        """Whether it is a length that geometry can check."""
        return self.kind in GEOGRAPHIC_KINDS

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "km": self.km,
            "qualifier": self.qualifier,
            "subject": list(self.subject),
            "noun": self.noun,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "article_id": self.article_id,
            "place": self.place,
            "reference": self.reference,
            "rounding_km": self.rounding_km,
        }


def _number(m: Quantity) -> float:
    value = float(m.group("num").replace(",", ""))
    scale = (m.groupdict().get("scale") or "").lower()
    return value * _SCALES.get(scale, 1.0)


def _qualifier(m: Quantity) -> str:
    return (m.group("qual") or "").lower()


def _clause(text: str, sent: tuple[int, int], pos: int) -> tuple[int, int]:
    """The part of the sentence around ``pos`` between semicolons (or dashes set off by spaces)."""
    a, b = sent
    for sep in (";", " – ", " — "):
        left = text.rfind(sep, a, pos)
        if left >= 0:
            a = max(a, left + len(sep))
        right = text.find(sep, pos, b)
        if right >= 0:
            b = min(b, right)
    return a, b


#: A border word used as a place ("on the border", "along its border"): where something is, not what is measured.
_AT_BORDER = re.compile(
    r"\b(?:at|on|along|near|across|over|to|into|by|in|through|via|past|around|beside|within|inside|from|under|beyond)"
    r"\s+(?:the|its|their|our|a|this|that)?\s*(?:[\w'’-]+\s+){0,2}$",
    re.I,
)
#: Words that make a border phrase a part of the border (a water section, a stretch), not its whole length.
_BORDER_PART = re.compile(
    r"\b(?:water|river|riverine|lake|lagoon|reservoir|sea|maritime|marine|swamps?|marsh(?:es)?|bogs?)\b"
    r"|\b(?:border|frontier|boundary)\s+(?:sections?|stretch(?:es)?|segments?|parts?)\b",
    re.I,
)
_PARENTHESIS = r"(?:\([^)]*\)\s*)?"
#: "... km, has been fenced": the figure is a fenced length.
_FENCED_AFTER = re.compile(
    r"^\W*(?:has|have|had|is|are|was|were|will be)\s+(?:been\s+|being\s+|already\s+)*(?:fenced|walled)\b", re.I
)
_STRETCH_OF_BORDER = re.compile(
    r"^\s*(?:stretch|section|part|segment)\s+of\s+(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:border|frontier|boundary)\b",
    re.I,
)
#: Words that end the noun phrase after a figure.
_PHRASE_END = re.compile(
    r"(?:and|but|or|while|whereas|which|that|who|is|are|was|were|has|have|had|will|would|said|says)$", re.I
)


def _is_location(text: str, start: int, floor: int) -> bool:
    """Whether the border word at ``start`` follows a preposition of place ("on the border")."""
    return bool(_AT_BORDER.search(text[max(floor, start - 40) : start]))


class _Reading(NamedTuple):
    """What a length measures: its kind, the noun, whether the noun is attached to the figure, and where it is."""

    kind: str
    noun: str
    attached: bool
    at: tuple[int, int] | None = None


#: Things whose lengths are never a border's or a fence's: queues, roads, rivers, ranges, routes...
_THING = re.compile(
    r"\b(?:queues?|tailbacks?|traffic\s+jams?|jams?|lines?\s+of\s+(?:lorries|trucks|cars|vehicles|people|migrants)|"
    r"convoys?|columns?|roads?|highways?|motorways?|expressways?|routes?|railways?|rail\s+lines?|railroads?|tracks?|"
    r"pipelines?|rivers?|canals?|tunnels?|trench(?:es)?|ditch(?:es)?|ranges?|missiles?|rockets?|drones?|patrols?|"
    r"coast(?:line)?s?|shorelines?|beach(?:es)?|runways?|bridges?|journeys?|marches|march|treks?|walks?|drives?|"
    r"flights?|trips?|voyages?|swims?|cables?|power\s+lines?|belts?|convoy|lakes?|valleys?|mountains?|ridges?)\b",
    re.I,
)
#: After a length: a distance inland or offshore ("20 km inland"): not a length of the border.
_INLAND_AFTER = re.compile(r"^\s*(?:inland|offshore|upstream|downstream|deep\s+into|into|inside|away)\b", re.I)
#: A relative clause that measures the noun before it ("its border with Belarus, which is 679 km long").
_RELATIVE_BEFORE = re.compile(
    r"\b(?:which|that)\s+(?:is|was|are|were|runs?|ran|stretch(?:es)?|stretched|extends?|extended|measures?|"
    r"measured|spans?|spanned|covers?|covered)\s+(?:(?:about|around|approximately|roughly|some|nearly|almost|over|"
    r"more\s+than|less\s+than|just|only|for|a\s+total\s+of)\s+)*$",
    re.I,
)


def _length_kind(text: str, m: Quantity, sent: tuple[int, int]) -> _Reading:
    """What a length measures, from the words around it (:class:`_Reading`).

    ``attached``: the noun is right after the figure ("a 418 km border") or the figure is
    qualified directly; False when the noun was found by looking back through the clause.
    A length of a queue, road, river, range or route (:data:`_THING`) is never a border's; a border word
    that says where something is ("at the border") or modifies another noun ("border guards") is not
    the thing measured.
    """
    dim = (m.group("dim") or "").lower().strip("- ")
    after = text[m.end() : min(sent[1], m.end() + 40)]
    before = text[max(sent[0], m.start() - 80) : m.start()]
    window_after = " ".join(after.split()[:4])
    ca, cb = _clause(text, sent, m.start())

    def first(pattern: re.Pattern[str], a: int, b: int) -> tuple[str, tuple[int, int] | None]:
        h = pattern.search(text, a, b)
        return (h.group(0), (h.start(), h.end())) if h else ("", None)

    if dim in ("high", "tall") or re.match(r"\s*-?\s*(?:high|tall)\b", after):
        return _Reading("height", first(_FENCE, ca, cb)[0] or "height", True)
    if dim == "wide" or re.search(r"\bwide\b", window_after) or re.search(r"\bwidth\s+of\s+$", before):
        noun = _corridor_word(window_after) or _corridor_word(text[max(ca, m.start() - 200) : m.start()], last=True)
        return _Reading("corridor_width", noun, True) if noun else _Reading("width", "width", True)
    if dim == "deep":
        return _Reading("zone_depth", _first_word(_ZONE, window_after) or "depth", True)
    rest = text[m.end() : cb]
    # "to 40km from 12.5km": a change, not a distance; "from X to Y": a length along something
    not_distance = bool(_FROM_TO.match(rest) or re.match(rf"^\s*{_PARENTHESIS}from\s+\d", rest))
    if dim == "long" or _COURSE_BEFORE.search(text, ca, m.start()):
        # "650 km long, runs from the Mediterranean", "which stretches 200 km south from the border": the
        # extent of a thing along its course, whatever follows, not a distance between places
        not_distance = True
    if _DISTANCE_AFTER.match(rest) and not not_distance:
        return _Reading("distance", "distance", True)
    if _INLAND_AFTER.match(rest):
        return _Reading("distance", "distance", True)
    if _WITHIN_BEFORE.search(text[ca : m.start()]):
        return _Reading("zone_depth", first(_ZONE, ca, cb)[0] or "zone", True)
    fence, fence_at = first(_FENCE, ca, cb)
    if _PORTION_AFTER.match(rest):  # "186 km of the 418 km border", "1,100 km of it has some form of barrier"
        return _Reading("fence_length", fence, True, fence_at) if fence else _Reading("length", "stretch", True)
    if _EXTENSION_BEFORE.search(text[ca : m.start()]):  # "extend the fence ... by another 35 kilometres"
        return (
            _Reading("fence_length", f"{fence} extension", True, fence_at)
            if fence
            else _Reading("length", "extension", True)
        )
    if _FENCED_AFTER.match(rest):
        return _Reading("fence_length", "fenced", True)  # "3196.705 km, has been fenced"
    if _STRETCH_OF_BORDER.match(rest):  # "a 44.6 km stretch of the Lithuanian-Russian border": a part of it
        return _Reading("fence_length", fence, True, fence_at) if fence else _Reading("length", "stretch", True)
    of = _OF_NOUN_AFTER.match(rest)
    if of and not (_FENCE.search(of.group(0)) or _BORDER.search(of.group(0))):
        return _Reading("length", of.group("noun"), True)  # "100 km of roadless jungle", "30 km of queues"
    words_after: list[re.Match[str]] = []
    bracket = False
    # "runs for 1,544 km from the Caprivi Strip to the river": the words after are the course's ends, not the
    # thing measured (that one comes before)
    ends_after = _FROM_TO.match(rest) is not None and _COURSE_BEFORE.search(text, ca, m.start()) is not None
    for w in _WORD_OR_HYPHEN.finditer(text, m.end(), m.end() if ends_after else min(sent[1], m.end() + 60)):
        word = w.group(0)
        if word.startswith("(") or bracket:  # "4,096 km (2,545 miles) border": a conversion, skipped
            bracket = not word.endswith(")")
            continue
        if not words_after and (word == ")" or (word == "," and _APPOSITIVE.match(text, w.end()))):
            continue  # "three kilometer (1.8 mile) stretch", "4,096 km, the longest border": the same phrase
        if _PHRASE_END.match(word) or len(words_after) == 8 or word[0] in ",;:.)":
            break  # "124.2 km long and the border ...", "runs for 966 km, crosses the border": another phrase
        words_after.append(w)
        if word[-1] in ",;:.)":
            break
    for k, w in enumerate(words_after):
        word = w.group(0)
        following = words_after[k + 1].group(0) if k + 1 < len(words_after) else ""
        if _THING.match(word) and not (_FENCE.match(following) or _BORDER.match(following)):
            # "a 30 km queue" (but "the 11-kilometre river fence": the river names the fence)
            return _Reading("length", word.rstrip(",;:.)"), True, (w.start(), w.end()))
        for pattern, kind in ((_FENCE, "fence_length"), (_BORDER, "border_length"), (_CORRIDOR, "corridor_width")):
            if not pattern.match(word) or (
                kind == "corridor_width"
                and (
                    not _corridor_word(" ".join(x.group(0) for x in words_after[k:]))
                    or _is_location(text, w.start(), words_after[0].start())  # "from the Wakhan corridor": where
                )
            ):
                continue
            phrase = text[words_after[0].start() : w.end()].lstrip("- ").rstrip(",;:.)")
            at = (w.start(), w.end())
            if kind == "border_length":
                if _FENCE.match(following):  # "border fence", "boundary wall": a fence
                    return _Reading("fence_length", f"{word} {following}".rstrip(",;:.)"), True, at)
                if re.match(r"(?:sections?|stretch|segments?|parts?)\b", following) or _BORDER_PART.search(phrase):
                    return _Reading("length", phrase, True)  # "water frontier", "border section": a part
                if _is_location(text, w.start(), words_after[0].start()):
                    continue  # "150 km at the border are protected": where, not what
            if re.search(r"[,;:()]", phrase):
                phrase = word.rstrip(",;:.)")
            return _Reading(kind, re.sub(r"^(long|wide)\s+", "", phrase), True, at)
    phrase_after = " ".join(w.group(0) for w in words_after[:4])  # the figure's own phrase, up to punctuation
    if _ZONE.search(phrase_after) and re.search(r"\b(deep|depth)\b", text[sent[0] : sent[1]]):
        return _Reading("zone_depth", _first_word(_ZONE, phrase_after), True)
    if _DISTANCE.search(phrase_after) and not not_distance and not _COURSE_BEFORE.search(text, ca, m.start()):
        return _Reading("distance", "distance", True)
    # nothing after: the nearest noun before, in the same clause ("a border with Belarus of about 680 kilometers");
    # a border word that says where ("queues at the border stretched for 30 km") or modifies another noun
    # ("border guards") is not what is measured, unless a relative clause measures it ("its border with
    # Belarus, which is 679 km long")
    floor = max(ca, m.start() - 200)
    relative = _RELATIVE_BEFORE.search(text, floor, m.start())
    found: list[tuple[int, int, str, str]] = []
    for pattern, kind in ((_FENCE, "fence_length"), (_BORDER, "border_length"), (_THING, "length")):
        for h in pattern.finditer(text, floor, m.start()):
            if kind == "border_length" and _BORDER_MODIFIER_NEXT.match(text, h.end() + word_rest(text, h.end())):
                continue
            # a relative clause measures the border it follows, even one that says where ("on its border ... which")
            measured = relative and kind == "border_length" and not _THING.search(text, h.end(), relative.start())
            if kind != "fence_length" and not measured and _is_location(text, h.start(), floor):
                continue
            found.append((h.start(), h.end(), kind, h.group(0)))
    corridor = _corridor_word(text[floor : m.start()], last=True)
    if corridor:
        pos = text.rfind(corridor, floor, m.start())
        found.append((pos, pos + len(corridor), "corridor_width", corridor))
    if not found and _PRONOUN_SUBJECT.match(text, ca):
        # "It now stretches for about 700 km": "it" is the last fence or border the sentence before named
        before = text[max(0, ca - 300) : ca]
        for pattern, kind in ((_FENCE, "fence_length"), (_BORDER, "border_length")):
            for h in pattern.finditer(before):
                a = ca - len(before) + h.start()
                b = a + len(h.group(0))
                if kind == "border_length" and (
                    _is_location(text, a, max(0, ca - 300)) or _BORDER_MODIFIER_NEXT.match(text, b + word_rest(text, b))
                ):
                    continue
                found.append((a, b, kind, h.group(0)))
    if not found:
        return _Reading("length", "", False)
    start, end, kind, noun = max(found)
    if kind == "length":
        return _Reading("length", noun, False, (start, end))
    if kind == "border_length" and _BORDER_PART.search(text[start : m.start()]):
        return _Reading("length", f"{noun} part", False)  # "the border along the Narva River is 76.4 km"
    return _Reading(kind, noun, False, (start, end))


#: "N km of <noun>": a length of that noun ("100 km of roadless jungle"), not of a border or fence.
_OF_NOUN_AFTER = re.compile(
    r"^\s*of\s+(?:(?!the\b|its\b|their\b|it\b|them\b|this\b|that\b|which\b)[a-z][\w-]*\s+){0,2}?"
    r"(?P<noun>(?!the\b|its\b|their\b|it\b|them\b|this\b|that\b|which\b)[a-z][\w-]*)\b(?=\s*(?:[,.;:)]|$|\s+"
    r"(?:on|in|at|along|across|near|between|from|to|and|or|with|is|was|are|were|has|have|had)\b))"
)
#: Before a figure: the course of a line ("runs for", "stretches"), so "from X to Y" after it is no distance.
_COURSE_BEFORE = re.compile(
    r"\b(?:runs?|ran|running|stretch(?:es|ed|ing)?|extends?|extended|extending|flows?|flowed|flowing|winds?|"
    r"winding|meanders?|meandered)\b[^,;]*$",
    re.I,
)
#: After "N km,": an appositive that names what the figure measures ("4,096 km, the longest border ...").
_APPOSITIVE = re.compile(
    r"\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:border|frontier|boundary|fence|barrier|wall)\b", re.I
)
#: A clause opened by a pronoun: what it measures was named in the sentence before.
_PRONOUN_SUBJECT = re.compile(r"\s*(?:It|This|That|They)\b")
#: Words and hyphens after a figure ("km-long border" -> "km", "-", "long", "border").
_WORD_OR_HYPHEN = re.compile(r"[^\s-]+|-")


def _first_word(pattern: re.Pattern[str], where: str) -> str:
    h = pattern.search(where)
    return h.group(0) if h else ""


def _corridor_word(where: str, *, last: bool = False) -> str:
    """A corridor word in ``where`` ("isthmus", "corridor", "strip"...); "gap" only as "gap between"."""
    hits = [
        h
        for h in _CORRIDOR.finditer(where)
        if h.group(0).lower() != "gap" or re.match(r"\s+between\b", where[h.end() :])
    ]
    if not hits:
        return ""
    return (hits[-1] if last else hits[0]).group(0)


def _rounding(num: str, scale: float) -> float:
    """Half the unit of the last significant digit of a number as written ("680" -> 5, "2.5" -> 0.05)."""
    digits = num.replace(",", "")
    if "." in digits:
        frac = digits.split(".", 1)[1]
        unit = 10.0 ** -len(frac)
    else:
        stripped = digits.rstrip("0")
        unit = 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0
    return unit / 2 * scale


def extract_claims(text_or_article: str | Article, *, mentions: list[Any] | None = None) -> list[Claim]:
    """Find the lengths, distances, counts and sums of money an article states.

    Parameters
    ----------
    text_or_article : str or Article
    mentions : list of Mention, optional
        The article's place mentions (from :func:`bordermap.extract_places`), used to
        name the countries a border claim is about; found here if not given.

    Returns
    -------
    list of Claim
        In text order.

    Examples
    --------
    >>> c = extract_claims("Lithuania has a nearly 680 km-long border with Belarus.")[0]
    >>> c.kind, c.value, c.unit, c.km, c.qualifier, c.subject
    ('border_length', 680.0, 'km', 680.0, 'nearly', ('LTU', 'BLR'))
    >>> [(c.kind, c.value, c.unit) for c in extract_claims("It pledged 530,000 euros ($630,000) for 171 people.")]
    [('money', 530000.0, 'EUR'), ('money', 630000.0, 'USD'), ('count', 171.0, 'people')]
    """
    article, shift = body_of(text_or_article)  # a str's " date YYYY-MM-DD" line is no part of the text
    if shift:  # offsets into the string given, for the claims and the mentions passed in
        if mentions is not None:
            mentions = [
                SimpleNamespace(start=m.start - shift, end=m.end - shift, text=m.text, place=m.place) for m in mentions
            ]
        return [
            dataclasses.replace(c, start=c.start + shift, end=c.end + shift)
            for c in extract_claims(article, mentions=mentions)
        ]
    text = article.text
    sents: list[tuple[int, int]] = []
    sent_starts: list[int] = []
    limit = settings.max_claims_per_article

    def sentence_of(pos: int) -> tuple[int, int]:  # the sentence holding ``pos`` (log n)
        if not sent_starts:  # the sentences split only once a figure is found
            sents.extend(sentences(text))
            sent_starts.extend([a for a, _ in sents] or [len(text) + 1])
        k = bisect.bisect_right(sent_starts, pos) - 1
        if k >= 0 and sents[k][0] <= pos < sents[k][1]:
            return sents[k]
        return max(0, pos - 200), min(len(text), pos + 200)

    def claim(
        m: Quantity, kind: str, value: float, unit: str, km: float | None, subject: tuple[str, ...], noun: str
    ) -> Claim:
        if len(claims) >= limit:
            raise DataError(
                f"{article.path or article.id}: more than {limit} quantities stated "
                "(settings.max_claims_per_article); split the article"
            )
        a, b = sentence_of(m.start())
        return Claim(
            kind,
            value,
            unit,
            km,
            _qualifier(m),
            subject,
            noun,
            m.group(0),
            m.start(),
            m.end(),
            _context(text, a, b, m.start(), m.end()),
            article.id,
        )

    claims: list[Claim] = []
    taken = _Spans()
    places: list[PlaceAt] | None = None
    starts: list[int] = []  # of places, for bisect
    bordered: dict[tuple[int, int], int] = {}  # sentences with a border length already: where it ends

    def overlaps(m: Quantity) -> bool:
        return taken.overlaps(m.start(), m.end())

    def near(sent: tuple[int, int], pos: int) -> tuple[tuple[int, int], list[PlaceAt]]:
        """The sentence cut to :data:`WINDOW_CHARS` around ``pos``, and the places in it (log n, not all places)."""
        window = (max(sent[0], pos - WINDOW_CHARS), min(sent[1], pos + WINDOW_CHARS))
        assert places is not None
        return window, places[bisect.bisect_left(starts, window[0]) : bisect.bisect_left(starts, window[1])]

    def a_name(m: Quantity) -> bool:  # "Title 42", "Route 66": a name, not a quantity
        return bool(_NAMING_WORD.search(text[max(0, m.start() - 20) : m.start()]))

    for m in scan(AREA, text):
        if a_name(m) or not math.isfinite(_number(m)):
            continue
        unit = m.group("unit").lower()
        symbol = "ha" if unit.startswith("h") else ("mi2" if "mi" in unit else "km2")
        claims.append(claim(m, "area", _number(m), symbol, None, (), "area"))
        taken.add(m.start(), m.end())
    for m in scan(LENGTH, text):
        unit = m.group("unit").lower()
        if overlaps(m) or a_name(m):
            continue
        if unit == "m" and m.group("dim") is None and not _METRE_AFTER.match(text, m.end()):
            continue  # "500 m" alone is often "million" in money contexts; keep only clear metre lengths
        sent = sentence_of(m.start())
        # the words around it, within WINDOW_CHARS: bounded work however long the sentence
        local = (max(sent[0], m.start() - WINDOW_CHARS), min(sent[1], m.end() + WINDOW_CHARS))
        reading = _length_kind(text, m, local)
        kind, noun, attached = reading.kind, reading.noun, reading.attached
        value = _number(m)
        factor = _UNITS[unit if unit in _UNITS else unit.rstrip("s")]
        km = value * factor
        if not math.isfinite(km):
            continue  # hundreds of digits: not a quantity (and not JSON)
        if kind == "fence_length" and km < _SHORTEST_FENCE_KM:
            kind = "height"  # "a 5.5-metre fence", "a height of 2.5 meters": metres on a fence are its height
        previous = claims[-1] if claims and claims[-1].km is not None else None
        if previous is not None and re.fullmatch(r"\s*\(\s*", text[previous.end : m.start()]):
            # "1,340 kilometers (832 miles)": the same figure in other units
            kind, noun, attached = previous.kind, previous.noun, True
        if places is None and (kind in ("border_length", "fence_length", "distance")):
            if mentions is None:
                from .extractor import extract_places

                mentions = extract_places(article)
            places = place_mentions(article, mentions)
            starts = [p.start for p in places]
        if kind == "border_length" and not attached and sent in bordered:
            assert places is not None
            between = places[bisect.bisect_left(starts, bordered[sent]) : bisect.bisect_left(starts, m.start())]
            if not any(p.kind == "country" for p in between):
                kind, noun = "length", f"{noun} part"  # "... is 678.8 km, 379.9 km is overland": a part of it
        if kind == "border_length":
            bordered[sent] = m.end()
        subject: tuple[str, ...] = ()
        place = reference = ""
        if kind in ("border_length", "fence_length", "distance"):
            window, here = near(sent, m.start())
            if previous is not None and re.fullmatch(r"\s*\(\s*", text[previous.end : m.start()]):
                place, reference, subject = previous.place, previous.reference, previous.subject
            elif kind == "distance":
                place, reference, subject = _distance_ends(text, m, window, here, every=places)
            else:
                subject = claim_countries(text, here, _clause(text, window, m.start()), kind, reading.at)
        c = claim(m, kind, value, _unit_symbol(unit), round(km, 6), subject, noun)
        claims.append(
            dataclasses.replace(
                c, place=place, reference=reference, rounding_km=round(_rounding(m.group("num"), factor), 6)
            )
        )
        taken.add(m.start(), m.end())
    for m in [*scan(MONEY_AFTER, text), *scan(MONEY_BEFORE, text)]:
        if overlaps(m) or not math.isfinite(_number(m)):
            continue
        cur = _SYMBOLS[m.group("sym")] if m.groupdict().get("sym") else _CURRENCY_WORDS[m.group("cur").lower()]
        claims.append(claim(m, "money", _number(m), cur, None, (), "money"))
        taken.add(m.start(), m.end())
    for m in scan(COUNT, text):
        if overlaps(m) or a_name(m) or not math.isfinite(_number(m)):
            continue
        noun = m.group("noun").lower()
        claims.append(claim(m, "count", _number(m), noun, None, (), f"{m.group('adj').strip()} {noun}".strip()))
    return sorted(claims, key=lambda c: c.start)


#: Words after "500 m" that make it a length in metres.
_METRE_AFTER = re.compile(r"\s+(?:long|wide|deep|high|tall|from|away)")
#: Most characters of the sentence kept with a claim (its context), before and after the match each.
CONTEXT_CHARS = 160
#: How far (characters, either side) from a figure its subject and places are looked for within its sentence:
#: the work per claim stays bounded in a sentence of any length.
WINDOW_CHARS = 1000


def _context(text: str, a: int, b: int, start: int, end: int) -> str:
    """The claim's sentence ``text[a:b]``, cut to :data:`CONTEXT_CHARS` either side of the match (``…`` marks a cut)."""
    lo, hi = max(a, start - CONTEXT_CHARS), min(b, end + CONTEXT_CHARS)
    return ("…" if lo > a else "") + text[lo:hi].strip() + ("…" if hi < b else "")


class _Spans:
    """Non-overlapping ``[start, end)`` spans, sorted: is a new span free? (``log n`` per question)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # spans starting before ``end``: only the last can reach in
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _unit_symbol(unit: str) -> str:
    u = unit.lower()
    if u.startswith("k"):
        return "km"
    if u.startswith("mi"):
        return "mi"
    return "m"


#: Place kinds that are areas: a distance is never measured from them.
_AREA_KINDS = AREA_KINDS


def _distance_ends(
    text: str, m: Quantity, sent: tuple[int, int], places: list[PlaceAt], *, every: list[PlaceAt] | None = None
) -> tuple[str, str, tuple[str, ...]]:
    """(place, reference, subject) of a distance: where from, to what, and the countries of a border reference.

    The place is the nearest place (not a country or region) named before the figure in its sentence
    ("Białystok, about 50 km west of the frontier"); the reference is ``"border"`` when the figure is
    followed by "of/from the border/frontier/boundary" (``subject``: the countries named in that phrase),
    else the place named right after it ("20 km from Minsk"); a country named there means its border; "the
    crossing" is the last place before the figure (in ``every`` place of the article) that the text presents
    as a crossing.
    """
    cb = _clause(text, sent, m.start())[1]
    before = [p for p in places if sent[0] <= p.start and p.end <= m.start() and p.kind not in _AREA_KINDS]
    place = before[-1].name if before and m.start() - before[-1].end <= 120 else ""
    rest = text[m.end() : cb]
    ref = _BORDER_REFERENCE.match(rest)
    if ref:  # "50 km west of the frontier", "10 km from the Russian border", "from its border with Egypt"
        *_, noun = re.finditer(r"border|frontier|boundary|line of control", ref.group(0), re.I)
        at = (m.end() + noun.start(), m.end() + noun.end())
        named = phrase_countries(text, places, at, (sent[0], cb))[0]
        return place, "border", named
    if _CROSSING_REFERENCE.match(rest):  # "110 km north of the crossing": the crossing the article named last
        from .unresolved import presented_as_crossing

        crossings = [
            p
            for p in (places if every is None else every)
            if p.end <= m.start() and p.kind not in _AREA_KINDS and presented_as_crossing(text, p.start, p.end)
        ]
        return place, crossings[-1].name if crossings else CROSSING_UNPLACED, ()
    after = [p for p in places if m.end() <= p.start <= m.end() + 40 and p.start < cb]
    if after:
        p = after[0]
        if p.kind == "country":
            return place, "border", (p.country,)
        return place, p.name, ()
    return place, "", ()


__all__ = [
    "GEOGRAPHIC_KINDS",
    "KINDS",
    "Claim",
    "ClaimCheck",
    "Measured",
    "Verdict",
    "check_claims",
    "claimed_range",
    "claims_table",
    "extract_claims",
    "format_checks",
    "judge_claim",
    "judge_claims",
]
