"""Quantities articles state: lengths and distances to check against geometry, counts and money.

:func:`extract_claims` finds lengths ("a border of about 680 kilometers", "550-kilometer
razor-wire barrier", "a 2.5-kilometer-wide isthmus", "680 km", metres, miles), distances
("Białystok, about 50 km west of the frontier"), heights and widths of structures ("5.5 metres
high"), areas, counts of people ("more than 3,000 illegal migrants") and sums of money
("530,000 euros ($630,000)").  The sentence analysis is here: each claim's kind, its subject
(the countries of the border it is about, the place a distance is measured from) and its
reference (the border or the place it is measured to), and the range its wording allows
(:func:`claimed_range`: the rounding of the number, "more than", "nearly").

:func:`judge_claims` holds the one set of verdict rules: it compares a claim's range with a
:class:`Measured` band that the report layer computes from geometry (this module never
imports geometry).  :func:`check_claims` is the simple form, against one value per kind.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import settings
from ..exc import DataError
from .articles import Article, body_of, sentences
from .kinds import AREA_KINDS
from .subjects import BORDER as _BORDER
from .subjects import BORDER_MODIFIER_NEXT as _BORDER_MODIFIER_NEXT
from .subjects import PlaceAt, phrase_countries, place_mentions, word_rest

if TYPE_CHECKING:
    import pandas as pd

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

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|bn|m)\b)?"
_QUALIFIER = (
    r"(?P<qual>about|around|approximately|roughly|some|nearly|almost|close to|over|more than|less than|fewer than|"
    r"under|up to|at least|at most|just over|just under|some|an estimated|a total of)\s+"
)
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
_LENGTH = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}\s?-?\s?(?P<unit>kilomet(?:er|re)s?|km|met(?:er|re)s?|m|miles?|mi)\b"
    r"(?P<dim>-?\s?(?:long|wide|deep|high|tall))?",
    re.I,
)
_COUNTED = (
    r"people|persons|migrants|refugees|asylum[- ]seekers|troops|soldiers|officers|guards|border guards|passengers|"
    r"crossings|entries|cases|deaths|workers|members|personnel|children|detainees|arrivals"
)
_COUNT = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?P<adj>(?:[a-z-]+\s+){{0,2}}?)(?P<noun>{_COUNTED})\b",
    re.I,
)
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
_MONEY_AFTER = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?P<cur>euros?|eur|dollars?|usd|pounds|zlotys?)\b",
    re.I,
)
_MONEY_BEFORE = re.compile(rf"(?:{_QUALIFIER})?(?P<sym>[$€£])\s?{_NUMBER}{_SCALE}", re.I)
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
_AREA = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s?-?\s?(?P<unit>square\s+kilomet(?:er|re)s?|sq\.?\s?km|km2|km²|"
    r"square\s+miles?|sq\.?\s?mi(?:les?)?|hectares?|ha)\b",
    re.I,
)
_AREA_UNITS = {"km2": 1.0, "mi2": 2.589988110336, "ha": 0.01}
#: Qualifiers that make a claim one-sided, or approximate.
_AT_LEAST = ("more than", "over", "at least", "just over")
_AT_MOST = ("less than", "under", "up to", "at most", "fewer than", "just under")
_NEARLY = ("nearly", "almost", "close to", "just under")
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


class Verdict(StrEnum):
    """What a check says of a claim (the values are the words ``report.json`` writes).

    Never :attr:`INCONSISTENT` for lack of understanding: a claim whose subject could not be
    resolved, or with nothing to compare, is :attr:`UNCHECKED`.

    Examples
    --------
    >>> Verdict.CONSISTENT == "consistent", f"{Verdict.UNCHECKED}"
    (True, 'unchecked')
    """

    #: The range the claim's wording allows meets the band of the computed value.
    CONSISTENT = "consistent"
    #: The claim's range lies outside the band (or a fence is longer than its whole border).
    INCONSISTENT = "inconsistent"
    #: Cannot be measured but fits what was computed (a fence no longer than the border it stands on).
    PLAUSIBLE = "plausible"
    #: Not checked: the subject could not be resolved, or there is nothing to compare it with.
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class Measured:
    """What geometry gives for a claim's subject: a value and the band a true figure can lie in.

    The report layer computes it (:mod:`bordermap.checks`); this module only compares.

    Attributes
    ----------
    value_km : float
        The computed value (the border's length, the geodesic distance...).
    low_km, high_km : float
        The band: where a correct figure can lie given how the value was computed (the border's
        length measured at coarser and finer scales, the extent of a town...).
    subject : str
        What was measured, for people ("the BGD–IND border", "Białystok to the POL–BLR border").
    basis : str
        How the band was made (one sentence).
    upper_only : bool
        Only ``high_km`` bounds the claim (a fence or a stretch of a border is no longer than the
        border): a claim within it is :attr:`Verdict.PLAUSIBLE`, not consistent.
    also : tuple of Measured
        Other honest readings of the same subject (the border with its sections at sea counted): a claim
        outside this band but within one of them is consistent with that one, and its reason says so.
    """

    value_km: float
    low_km: float
    high_km: float
    subject: str = ""
    basis: str = ""
    upper_only: bool = False
    also: tuple[Measured, ...] = ()


@dataclass(frozen=True)
class ClaimCheck:
    """A claim and what was found about it.

    Attributes
    ----------
    claim : Claim
    computed_km : float or None
        bordermap's value for the claim's subject (the border's length for a fence claim); None
        when nothing was compared.
    difference_pct : float or None
        ``100 * (claim.km - computed_km) / computed_km`` for a claim checked against its own kind.
    verdict : Verdict
    tolerance_pct : float or None
        A fixed tolerance used (percent of the computed value), for :func:`check_claims`.
    share_of_border : float or None
        For a fence claim checked against its border: its length over the border's.
    reason : str
        Why this verdict, in one sentence (what was compared with what).
    band_km : (float, float) or None
        The band the claim was compared with (:attr:`Measured.low_km`, :attr:`Measured.high_km`).
    subject : str
        What was measured (:attr:`Measured.subject`), '' if nothing.
    claimed_km : (float, float) or None
        The range the claim's wording allows (:func:`claimed_range`).
    """

    claim: Claim
    computed_km: float | None
    difference_pct: float | None
    verdict: Verdict
    tolerance_pct: float | None = None
    share_of_border: float | None = None
    reason: str = ""
    band_km: tuple[float, float] | None = None
    subject: str = ""
    claimed_km: tuple[float, float] | None = None


def _number(m: re.Match[str]) -> float:
    value = float(m.group("num").replace(",", ""))
    scale = (m.groupdict().get("scale") or "").lower()
    return value * _SCALES.get(scale, 1.0)


def _qualifier(m: re.Match[str]) -> str:
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


def _length_kind(text: str, m: re.Match[str], sent: tuple[int, int]) -> _Reading:
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
    sents = sentences(text)
    sent_starts = [a for a, _ in sents]
    limit = settings.max_claims_per_article

    def sentence_of(pos: int) -> tuple[int, int]:  # the sentence holding ``pos`` (log n)
        k = bisect.bisect_right(sent_starts, pos) - 1
        if k >= 0 and sents[k][0] <= pos < sents[k][1]:
            return sents[k]
        return max(0, pos - 200), min(len(text), pos + 200)

    def claim(
        m: re.Match[str], kind: str, value: float, unit: str, km: float | None, subject: tuple[str, ...], noun: str
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

    def overlaps(m: re.Match[str]) -> bool:
        return taken.overlaps(m.start(), m.end())

    def near(sent: tuple[int, int], pos: int) -> tuple[tuple[int, int], list[PlaceAt]]:
        """The sentence cut to :data:`WINDOW_CHARS` around ``pos``, and the places in it (log n, not all places)."""
        window = (max(sent[0], pos - WINDOW_CHARS), min(sent[1], pos + WINDOW_CHARS))
        assert places is not None
        return window, places[bisect.bisect_left(starts, window[0]) : bisect.bisect_left(starts, window[1])]

    def a_name(m: re.Match[str]) -> bool:  # "Title 42", "Route 66": a name, not a quantity
        return bool(_NAMING_WORD.search(text[max(0, m.start() - 20) : m.start()]))

    for m in _AREA.finditer(text):
        if a_name(m) or not math.isfinite(_number(m)):
            continue
        unit = m.group("unit").lower()
        symbol = "ha" if unit.startswith("h") else ("mi2" if "mi" in unit else "km2")
        claims.append(claim(m, "area", _number(m), symbol, None, (), "area"))
        taken.add(m.start(), m.end())
    for m in _LENGTH.finditer(text):
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
                subject = _claim_subject(text, here, _clause(text, window, m.start()), kind, reading.at)
        c = claim(m, kind, value, _unit_symbol(unit), round(km, 6), subject, noun)
        claims.append(
            dataclasses.replace(
                c, place=place, reference=reference, rounding_km=round(_rounding(m.group("num"), factor), 6)
            )
        )
        taken.add(m.start(), m.end())
    for m in [*_MONEY_AFTER.finditer(text), *_MONEY_BEFORE.finditer(text)]:
        if overlaps(m) or not math.isfinite(_number(m)):
            continue
        cur = _SYMBOLS[m.group("sym")] if m.groupdict().get("sym") else _CURRENCY_WORDS[m.group("cur").lower()]
        claims.append(claim(m, "money", _number(m), cur, None, (), "money"))
        taken.add(m.start(), m.end())
    for m in _COUNT.finditer(text):
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


def _claim_subject(
    text: str, places: list[PlaceAt], clause: tuple[int, int], kind: str, at: tuple[int, int] | None
) -> tuple[str, ...]:
    """The countries of a border or fence claim: those its own phrase names (:func:`.subjects.phrase_countries`).

    A border length: the phrase of the border noun it measures.  A fence: the fence's phrase ("Lithuania's
    fence") and the phrase of the border it stands on in the same clause ("a fence on the border with
    Russia").  No country named there: ``()``, the article's own border.
    """
    codes: list[str] = []
    if at is not None:
        codes += phrase_countries(text, places, at, clause)[0]
    if kind == "fence_length":
        borders = [
            h
            for h in _BORDER.finditer(text, clause[0], clause[1])
            if not _BORDER_MODIFIER_NEXT.match(text, h.end() + word_rest(text, h.end()))
        ]
        if borders:
            pivot = at[0] if at is not None else clause[0]
            h = min(borders, key=lambda h: abs(h.start() - pivot))
            codes += phrase_countries(text, places, (h.start(), h.end() + word_rest(text, h.end())), clause)[0]
    return tuple(dict.fromkeys(codes))[:2]


def _distance_ends(
    text: str, m: re.Match[str], sent: tuple[int, int], places: list[PlaceAt], *, every: list[PlaceAt] | None = None
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


def claimed_range(claim: Claim) -> tuple[float, float]:
    """The range of km a claim's wording allows: its number's rounding, and its qualifier.

    "about 680 km" allows 675–685 (the rounding of 680 is ±5; "about" adds nothing more, see the
    docs); "4,096 km" 4,095.5–4,096.5; "more than 900 km" 895–inf; "up to 200 km" 0–200.5;
    "nearly 680 km" 612–685 (up to 10 % below); "just over 100 km" 99.5–110.

    Examples
    --------
    >>> [claimed_range(c) for c in extract_claims("a border of about 680 km and a fence of more than 500 km")]
    [(675.0, 685.0), (450.0, inf)]
    """
    v = float(claim.km or 0.0)
    r = claim.rounding_km
    q = claim.qualifier
    if q in _NEARLY:
        return (round(0.9 * v, 6), v + (0.0 if q == "just under" else r))
    if q == "just over":
        return (v, round(1.1 * v + r, 6))
    if q in _AT_LEAST:
        return (v - r, math.inf)
    if q in _AT_MOST:
        return (0.0, v + r)
    return (v - r, v + r)


#: Why a claim of a non-geographic kind is not checked.
_NOTHING_TO_COMPARE = {
    "height": "a height of a structure: nothing in the country polygons to compare",
    "width": "a width of a structure: nothing in the country polygons to compare",
    "area": "an area: not compared with geometry",
    "count": "a count: nothing in the geometry to compare",
    "money": "a sum of money: nothing in the geometry to compare",
    "zone_depth": "a zone's depth is decided, not measured: nothing to compare",
    "length": "a length of something bordermap does not measure: nothing to compare",
}


def _fmt(km: float, rounding: float = 0.0, *, extra: int = 0) -> str:
    """``km`` for a reason: to a tenth (a thousandth below 1 km), or to the digits of ``rounding`` if finer,
    and ``extra`` decimals more (:func:`_printed` adds them until a comparison stays true as printed)."""
    if math.isinf(km):
        return "∞"
    decimals = 1 if km >= 1 else 3
    if rounding > 0:
        decimals = max(decimals, min(6, len(f"{rounding:.6f}".rstrip("0").split(".")[1])))
    decimals += extra
    text = f"{km:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _relations(lo: float, hi: float, b_lo: float, b_hi: float) -> tuple[bool, ...]:
    return (lo <= b_hi, hi >= b_lo, b_lo <= lo, hi <= b_hi, lo < hi, b_lo < b_hi)


def _printed(lo: float, hi: float, b_lo: float, b_hi: float, rounding: float) -> tuple[str, str, str, str]:
    """A claim's range and a band as a reason prints them: with as many decimals as keep their comparison true.

    Examples
    --------
    >>> _printed(1.8, 1.98, 1.75, 1.75, 0.05)
    ('1.8', '1.98', '1.75', '1.75')
    """
    for extra in range(0, 6):
        got = tuple(_fmt(x, rounding, extra=extra) for x in (lo, hi, b_lo, b_hi))
        values = [math.inf if g == "∞" else float(g.replace(",", "")) for g in got]
        if _relations(*values) == _relations(lo, hi, b_lo, b_hi):
            return got  # type: ignore[return-value]
    return got  # type: ignore[return-value]


def judge_claim(claim: Claim, measured: Measured | str | None) -> ClaimCheck:
    """The verdict on one claim, given what geometry measured of its subject (the one set of rules).

    * a claim of a kind geometry cannot check (heights, counts, money, zone depths...) or whose subject
      could not be resolved (``measured`` is a reason, or None) is :attr:`Verdict.UNCHECKED`;
    * against an ``upper_only`` band (a fence on its border): :attr:`Verdict.PLAUSIBLE` when the claim's
      range starts below ``high_km``, else :attr:`Verdict.INCONSISTENT`;
    * otherwise :attr:`Verdict.CONSISTENT` when the claim's range (:func:`claimed_range`) meets the band
      ``[low_km, high_km]``, else :attr:`Verdict.INCONSISTENT`.

    Examples
    --------
    >>> (c,) = extract_claims("The two countries share a border of 4,096 kilometres.")
    >>> band = Measured(3208.5, 2630.0, 4168.0, "the BGD–IND border", "lengths at 1 km to 10 m detail")
    >>> ch = judge_claim(c, band)
    >>> str(ch.verdict), ch.band_km, round(ch.difference_pct, 1)
    ('consistent', (2630.0, 4168.0), 27.7)
    >>> str(judge_claim(c, "the border's countries could not be told").verdict)
    'unchecked'
    """
    if claim.km is None or claim.kind in _NOTHING_TO_COMPARE:
        reason = _NOTHING_TO_COMPARE.get(claim.kind, "not a length: nothing to compare")
        return ClaimCheck(claim, None, None, Verdict.UNCHECKED, reason=reason)
    if not isinstance(measured, Measured):
        reason = measured or _NOTHING_TO_COMPARE.get(claim.kind, "nothing computed to compare")
        return ClaimCheck(claim, None, None, Verdict.UNCHECKED, reason=reason)
    lo, hi = claimed_range(claim)
    km = float(claim.km or 0.0)
    value = measured.value_km
    band = (round(measured.low_km, 3), round(measured.high_km, 3))
    said = f"{_fmt(km)} km" + (f" ({claim.qualifier})" if claim.qualifier else "")
    if measured.upper_only:
        share = km / value if value > 0 else None
        ok = lo <= measured.high_km
        reason = (
            f"{said} is no longer than {measured.subject} ({_fmt(value)} km, at most {_fmt(measured.high_km)} km)"
            if ok
            else f"{said}, read as at least {_fmt(lo)} km, is longer than {measured.subject} itself "
            f"(at most {_fmt(measured.high_km)} km)"
        )
        return ClaimCheck(
            claim,
            value,
            None,
            Verdict.PLAUSIBLE if ok else Verdict.INCONSISTENT,
            share_of_border=share,
            reason=f"{reason}; {measured.basis}" if measured.basis else reason,
            band_km=(0.0, band[1]),
            subject=measured.subject,
            claimed_km=(lo, hi),
        )
    diff = 100.0 * (km - value) / value if value > 0 else None
    ok = lo <= measured.high_km and hi >= measured.low_km
    if not ok:
        for other in measured.also:
            got = judge_claim(claim, other)
            if got.verdict is Verdict.CONSISTENT:
                return got
    if ok:
        where = "is within" if measured.low_km <= lo and hi <= measured.high_km else "overlaps"
    else:
        where = "is above" if lo > measured.high_km else "is below"
    p_lo, p_hi, b_lo, b_hi = _printed(lo, hi, measured.low_km, measured.high_km, claim.rounding_km)
    reason = (
        f"{said}, read as {p_lo}–{p_hi} km, {where} {b_lo}–{b_hi} km, {measured.subject} (computed {_fmt(value)} km)"
    )
    return ClaimCheck(
        claim,
        value,
        diff,
        Verdict.CONSISTENT if ok else Verdict.INCONSISTENT,
        reason=f"{reason}; {measured.basis}" if measured.basis else reason,
        band_km=band,
        subject=measured.subject,
        claimed_km=(lo, hi),
    )


def check_claims(
    claims: list[Claim],
    computed: dict[str, float],
    *,
    tolerance_pct: float = 10.0,
    tolerances: dict[str, float] | None = None,
) -> list[ClaimCheck]:
    """Compare geographic claims with one value per kind, within a fixed tolerance (the simple form).

    Parameters
    ----------
    claims : list of Claim
        Claims of any kind; those whose kind is not in ``computed`` (or that are not
        lengths) are skipped.
    computed : dict of str to float
        Computed value in km per claim kind, e.g. ``{"border_length": border.length_km,
        "fence_length": ..., "corridor_width": ...}``.
    tolerance_pct : float
        Relative tolerance in percent of the computed value (default 10 %): the band is the
        computed value ± this.  :func:`judge_claims` with bands from the data is the honest check.
    tolerances : dict of str to float, optional
        Per-kind tolerances in percent overriding ``tolerance_pct``.

    Returns
    -------
    list of ClaimCheck
        A claim qualified "more than"/"over"/"at least" is consistent when the computed value
        is at least the claim less the tolerance; "less than"/"under"/"up to"/"at most" when it
        is at most the claim plus the tolerance; any other when its range (:func:`claimed_range`)
        meets the band.

    Examples
    --------
    >>> cl = extract_claims("Lithuania shares a border with Belarus of about 680 kilometers.")
    >>> [(str(c.verdict), round(c.difference_pct, 1)) for c in check_claims(cl, {"border_length": 671.8})]
    [('consistent', 1.2)]
    """
    out: list[ClaimCheck] = []
    for c in claims:
        if c.km is None or c.kind not in computed:
            continue
        value = float(computed[c.kind])
        if not value > 0:
            continue
        tol = (tolerances or {}).get(c.kind, tolerance_pct)
        band = Measured(value, value * (1 - tol / 100.0), value * (1 + tol / 100.0), f"the computed {c.kind}")
        ch = judge_claim(c, band)
        out.append(dataclasses.replace(ch, tolerance_pct=tol, reason=f"{ch.reason} (±{tol:g} %)"))
    return out


def judge_claims(
    claims: list[Claim],
    computed: Mapping[str, float | Measured] | Callable[[Claim], Measured | str | None],
    *,
    pair: tuple[str, str] | None = None,
    tolerance_pct: float = 10.0,
) -> list[ClaimCheck]:
    """A verdict for every geographic claim: the one set of rules behind ``report.json`` and the summary.

    Parameters
    ----------
    claims : list of Claim
    computed : mapping or function
        A function of a claim giving its :class:`Measured` band (or a reason it could not be measured):
        what :mod:`bordermap.checks` builds from geometry for a report.  Or a mapping per kind to a
        :class:`Measured` or a plain value in km, checked within ``tolerance_pct`` (a fence length, which
        country polygons cannot measure, against ``computed["border_length"]`` as an upper bound); with a
        mapping, a border or fence claim about another pair than ``pair`` is unchecked.
    pair : (str, str), optional
        The border the mapping's values are about (ISO3).
    tolerance_pct : float
        For plain values in a mapping.

    Returns
    -------
    list of ClaimCheck
        One per geographic claim, in order (see :func:`judge_claim` for the rules).

    Examples
    --------
    >>> text = "Poland has a 418 km border with Belarus. Lithuania's border with Belarus is about 680 km long."
    >>> cl = extract_claims(text)
    >>> [(c.claim.km, str(c.verdict)) for c in judge_claims(cl, {"border_length": 671.8}, pair=("LTU", "BLR"))]
    [(418.0, 'unchecked'), (680.0, 'consistent')]
    """
    if callable(computed):
        return [judge_claim(c, computed(c)) for c in claims if c.geographic]
    table = dict(computed)

    def measure(c: Claim) -> Measured | str | None:
        about = tuple(pair) if pair is not None else tuple(c.subject)
        if len(c.subject) == 2 and set(c.subject) != set(about) and c.kind in ("border_length", "fence_length"):
            return f"about the {'–'.join(c.subject)} border, not the {'–'.join(about)} border measured here"
        kind = c.kind
        if kind == "fence_length" and kind not in table and "border_length" in table:
            border = table["border_length"]
            km = border.value_km if isinstance(border, Measured) else float(border)
            high = border.high_km if isinstance(border, Measured) else km
            return Measured(km, 0.0, high, "the border it stands on", "a fence is no longer than its border", True)
        got = table.get(kind)
        if got is None:
            return None
        if isinstance(got, Measured):
            return got
        v = float(got)
        tol = tolerance_pct / 100.0
        return Measured(v, v * (1 - tol), v * (1 + tol), f"the computed {kind}", f"±{tolerance_pct:g} %")

    return [judge_claim(c, measure(c)) for c in claims if c.geographic]


def claims_table(
    claims: list[Claim],
    computed: Mapping[str, float | Measured] | Callable[[Claim], Measured | str | None],
    *,
    pair: tuple[str, str] | None = None,
    tolerance_pct: float = 10.0,
) -> pd.DataFrame:
    """:func:`judge_claims` as a table: one row per geographic claim.

    Returns
    -------
    DataFrame
        The claim's fields (``kind``, ``value``, ``unit``, ``km``, ``qualifier``, ``subject``, ``text``,
        ``article_id``, ...) and ``computed_km``, ``difference_pct``, ``verdict`` (a :class:`Verdict`),
        ``band_low_km``, ``band_high_km``, ``reason``, ``measured`` (what was measured) and ``share_of_border``.

    Examples
    --------
    >>> cl = extract_claims("Lithuania's border with Belarus is about 680 km long.")
    >>> row = claims_table(cl, {"border_length": 671.8}).iloc[0]
    >>> float(row.km), str(row.verdict)
    (680.0, 'consistent')
    """
    import pandas as pd

    rows = [
        {
            **dataclasses.asdict(ch.claim),
            "computed_km": ch.computed_km,
            "difference_pct": ch.difference_pct,
            "verdict": ch.verdict,
            "band_low_km": ch.band_km[0] if ch.band_km else None,
            "band_high_km": ch.band_km[1] if ch.band_km else None,
            "reason": ch.reason,
            "measured": ch.subject,
            "share_of_border": ch.share_of_border,
        }
        for ch in judge_claims(claims, computed, pair=pair, tolerance_pct=tolerance_pct)
    ]
    return pd.DataFrame(rows)


def format_checks(checks: list[ClaimCheck]) -> str:
    """Lines for a printed summary: one per claim, with its verdict, band and reason (without the band's basis).

    Examples
    --------
    >>> cl = extract_claims("Lithuania shares a border with Belarus of about 680 kilometers.")
    >>> line = format_checks(check_claims(cl, {"border_length": 671.8}))
    >>> line.split(": ")[:3]
    ['claims', 'consistent', 'border_length "about 680 kilometers" = 680 km vs 671.8 km (band 604.6–739.0 km)']
    """
    lines = []
    for ch in checks:
        c = ch.claim
        subject = ""  # what was measured is in the reason; else what the sentence names
        if not ch.subject and c.subject:
            subject = f" {'–'.join(c.subject)}"
        if not ch.subject and c.kind == "distance" and (c.place or c.reference):
            subject = f" {c.place or '?'} → {c.reference or '?'}{subject}"
        claimed = f"{c.value:g} {c.unit}"
        computed = f" vs {ch.computed_km:.1f} km" if ch.computed_km is not None else ""
        band = f" (band {ch.band_km[0]:.1f}–{ch.band_km[1]:.1f} km)" if ch.band_km else ""
        reason = ch.reason.split("; ")[0]  # the how (band's basis) is in report.json
        lines.append(f'claims: {ch.verdict}: {c.kind}{subject} "{c.text}" = {claimed}{computed}{band}: {reason}')
    return "\n".join(lines)


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
