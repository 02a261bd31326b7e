"""What a figure is about: the countries of the phrase it measures, and the ends of a distance.

A claim is checked against a subject only when its own phrase names it (:func:`phrase_countries`):

* the noun the number measures (*border*, *frontier*, *boundary*, *fence*, *barrier*...), with
* the words before it in the same noun phrase ("Russia's 1,340 km border", "the Norwegian-Russian
  border", "the 208 km Israel–Egypt border"),
* the countries after it joined by *with*, *between*, *of*, *separating* ("its border with Egypt", "the
  border between India and Bangladesh", "the border Lithuania shares with Belarus"), and
* the subject of *has* / *shares* right before the phrase ("Lithuania has a 680 km border with
  Belarus", "Israel and Egypt share a 208 km border").

Countries are named by their names (place mentions of kind ``country``) or by their demonyms and
adjectives ("the Russian border", "Turkish troops": :func:`country_words`).  Any other territory in the
sentence does not count: "the 208 km border" next to "Gaza Strip" is about the article's own border.

This module reads text only; :mod:`bordermap.text.claims` uses it for each claim.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .articles import Article

#: A border word: the noun a border phrase is built on.
BORDER = re.compile(r"\b(border|frontier|boundary)", re.I)
#: A border word that modifies another noun ("border crossing", "border guards"): not the border line itself.
BORDER_MODIFIER_NEXT = re.compile(
    r"\s+(?:crossings?|checkpoints?|check\s+points?|posts?|points?|guards?|police|forces?|troops|towns?|city|cities|"
    r"villages?|areas?|regions?|zones?|districts?|provinces?|authorities|officials?|agency|service|control|controls|"
    r"security|stations?|gates?|markers?|pillars?|residents|communities|trade|traffic|closures?|disputes?|"
    r"incidents?|clashes|officers?|patrols?|crisis|situation|regime|management|infrastructure)\b",
    re.I,
)


def word_rest(text: str, pos: int) -> int:
    """How many word characters follow ``pos`` (the rest of a word a pattern matched the start of)."""
    k = pos
    while k < len(text) and (text[k].isalnum() or text[k] == "_"):
        k += 1
    return k - pos


@dataclass(frozen=True)
class PlaceAt:
    """A place named in the text: offsets, name, kind and ISO3 country; ``demonym`` for "Russian", "Turkish"."""

    start: int
    end: int
    name: str
    kind: str
    country: str
    demonym: bool = False


def place_mentions(article: Article, mentions: list[Any], *, demonyms: bool = True) -> list[PlaceAt]:
    """Each place mention (offset, name, kind, ISO3) in text order, with the demonyms of the text as countries.

    ``mentions``: the article's place mentions (:func:`bordermap.extract_places`).  A demonym inside a
    mention's name is not counted again.
    """
    out = []
    for m in mentions:
        end = getattr(m, "end", m.start + len(getattr(m, "text", "") or m.place.name))
        out.append(PlaceAt(m.start, end, m.place.name, str(m.place.kind), m.place.country or ""))
    if demonyms:
        taken = sorted((p.start, p.end) for p in out)
        starts = [a for a, _ in taken]
        for w in country_words(article.text):
            k = bisect.bisect_right(starts, w.start) - 1
            if k >= 0 and taken[k][1] > w.start:
                continue  # inside a place's name
            out.append(w)
    return sorted(out, key=lambda p: p.start)


def country_words(text: str, *, zipf: Mapping[str, float] | None = None) -> list[PlaceAt]:
    """The demonyms and national adjectives of the text ("Russian", "Turks", "Sri Lankan"), as countries.

    Capitalised words only (a demonym is written with a capital in English); the longest name wins
    ("South Sudanese" before "Sudanese"), and a demonym right after another capitalised word that is
    none is part of a longer name ("Latin American", "Native American"), unless that word is an ordinary
    word opening the sentence ("The Russian border"; ``zipf``: word frequencies, default the bundled
    gazetteer's).  From
    :func:`bordermap.text.countrynames.demonyms`.

    Examples
    --------
    >>> [(w.name, w.country) for w in country_words("Turkish troops crossed the Norwegian-Russian line.")]
    [('Turkish', 'TUR'), ('Norwegian', 'NOR'), ('Russian', 'RUS')]
    >>> [w.name for w in country_words("Latin American leaders met South Sudanese officials.")]
    ['South Sudanese']
    """
    from .candidates import _sentence_initial
    from .countrynames import demonyms
    from .gazetteer import default_gazetteer, fold

    table = demonyms()
    if zipf is None:
        zipf = default_gazetteer().zipf
    words = list(_CAPITALISED.finditer(text))
    out: list[PlaceAt] = []
    k = 0
    while k < len(words):
        w = words[k]
        found = 0
        for n in (3, 2, 1):
            if k + n > len(words):
                continue
            run = words[k : k + n]
            if any(text[x.end() : y.start()] != " " for x, y in itertools.pairwise(run)):
                continue
            key = fold(text[run[0].start() : run[-1].end()])
            code = table.get(key)
            if code:
                prev = words[k - 1] if k else None
                after_name = (
                    prev is not None
                    and text[prev.end() : w.start()] in (" ", "-")
                    and fold(prev.group(0)) not in table
                    and not (_sentence_initial(text, prev.start()) and zipf.get(fold(prev.group(0)), 0.0) >= 5.0)
                )
                if not after_name:
                    out.append(
                        PlaceAt(w.start(), run[-1].end(), text[w.start() : run[-1].end()], "country", code, True)
                    )
                found = n
                break
        k += found or 1
    return out


#: A capitalised word (a hyphen or dash ends it: "Norwegian-Russian" is two).
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’][^\W\d_]+)?")


#: Words that end a noun phrase on its left: prepositions, verbs, conjunctions, punctuation.
_STOP_LEFT = frozenset(
    [
        "with",
        "at",
        "on",
        "along",
        "of",
        "from",
        "to",
        "in",
        "into",
        "across",
        "near",
        "by",
        "for",
        "over",
        "under",
        "between",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "said",
        "says",
        "say",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "whereas",
        "but",
        "or",
        "and",
        "as",
        "than",
        "nor",
        "if",
        "when",
        "where",
        "built",
        "build",
        "building",
        "shares",
        "share",
        "shared",
        "sharing",
        "separates",
        "separate",
        "separating",
        "divides",
        "divide",
        "dividing",
        "run",
        "runs",
        "running",
        "ran",
        "stretch",
        "stretches",
        "stretched",
        "stretching",
        "extend",
        "extends",
        "extended",
        "extending",
        "reinforce",
        "reinforced",
        "reinforcing",
        "guard",
        "guarded",
        "guarding",
        "patrol",
        "patrolled",
        "patrolling",
        "cross",
        "crossed",
        "crossing",
        "close",
        "closed",
        "closing",
        "seal",
        "sealed",
        "sealing",
        "fence",
        "fenced",
        "fencing",
        "protect",
        "protected",
        "protecting",
        "maintain",
        "maintains",
        "maintained",
        "complete",
        "completed",
        "completing",
        "erect",
        "erected",
        "erecting",
        "via",
        "through",
    ]
)
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+[^\s,;:()“”\"\[\]]*|[^\s,;:()“”\"\[\]]+|[,;:()“”\"\[\]]")
#: Determiners that may open a noun phrase.
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "our", "his", "her", "this", "that", "these", "those", "whose"]
)
#: After the noun: the countries it is between or with ("border with Egypt", "border between X and Y").
_AFTER_NOUN = re.compile(
    r"^(?:s|es)?(?:\s*\([^)]{0,40}\))?\s*,?\s*(?:(?:which|that)\s+)?"
    r"(?:(?:it|they)\s+(?:shares?|has|have)\s+|(?:jointly\s+)?(?:shared\s+)?)"
    r"(?:with|between|of|separating|dividing|linking|joining)\s+(?:the\s+)?",
    re.I,
)
#: "the border Lithuania shares with Belarus": a country, a verb of sharing, "with".
_SHARES_WITH = re.compile(r"\s+(?:shares?|has|had|have)\s+with\s+(?:the\s+)?", re.I)
#: What may stand between the countries of a list ("India and Bangladesh", "Norway, Finland and Russia").
_LIST_GAP = re.compile(r"^(?:\s*(?:,|and|or|&|the)\s*)*$", re.I)
#: Between a country and its verb: "Lithuania, which has ...".
_RELATIVE_GAP = re.compile(r"^\s*,?\s*(?:which|that|who)?\s*$", re.I)
#: Verbs of having a border, right before its phrase ("Lithuania has a ... border").
_HAS_BEFORE = re.compile(
    r"(?:has|have|had|shares?|shared|maintains?|possess(?:es)?)\s+(?:(?:also|now|long|still|already|jointly)\s+)?$",
    re.I,
)
#: Possessive determiners whose owner is the article's own country ("its border with Egypt").
_OWN = frozenset(("its", "their", "our"))


def _left_edge(text: str, floor: int, noun_start: int) -> int:
    """Where the noun phrase ending at ``noun_start`` begins: the words before it up to a stop word, in the clause."""
    tokens = list(_TOKEN.finditer(text, max(floor, noun_start - 120), noun_start))
    edge = noun_start
    for t in reversed(tokens):
        word = t.group(0)
        low = word.lower().strip("'’")
        if word in ',;:()“”"[]' or low in _STOP_LEFT:
            break
        edge = t.start()
        if low in _DETERMINERS:
            break  # the phrase's determiner opens it (a possessive, "Russia's", may come after one)
    return edge


def _following_list(text: str, places: list[PlaceAt], at: int, limit: int) -> list[PlaceAt]:
    """Countries named in a list that starts at ``at`` ("India and Bangladesh"), in text order."""
    out: list[PlaceAt] = []
    pos = at
    for p in places:
        if p.start < at or p.kind != "country" or not p.country:
            continue
        if p.start >= limit or not _LIST_GAP.match(text[pos : p.start]):
            break
        out.append(p)
        pos = p.end
        if len(out) == 2:
            break
    return out


def phrase_countries(
    text: str, places: list[PlaceAt], noun: tuple[int, int], clause: tuple[int, int]
) -> tuple[tuple[str, ...], bool]:
    """The countries named in the phrase of the noun at ``noun`` (offsets), and whether it is the article's own.

    Parameters
    ----------
    text : str
    places : list of PlaceAt
        The text's places and country words, in text order (:func:`place_mentions`).
    noun : (int, int)
        Offsets of the measured noun ("border", "fence").
    clause : (int, int)
        The clause around it (nothing outside it counts).

    Returns
    -------
    (tuple of str, bool)
        ISO3 codes in text order (at most two), and whether a possessive (*its*, *their*, *our*) opens
        the phrase: its owner is the country named last before it in the clause ("Finland closed its border
        with Russia": ``("FIN", "RUS")``), or the article's own country if none is ("its border with Egypt":
        ``("EGY",)``).

    Examples
    --------
    >>> def at(text, name, country):
    ...     i = text.index(name)
    ...     return PlaceAt(i, i + len(name), name, "country", country)
    >>> s = "Israel shares a 208 km border with Egypt, while the Gaza Strip lies to the north."
    >>> places = [at(s, "Israel", "ISR"), at(s, "Egypt", "EGY")]
    >>> phrase_countries(s, places, (s.index("border"), s.index("border") + 6), (0, len(s)))
    (('ISR', 'EGY'), False)
    >>> s = "Queues at Poland's crossings grew, and the 535 km border was quiet."
    >>> phrase_countries(s, [at(s, "Poland", "POL")], (s.index("border"), s.index("border") + 6), (0, len(s)))
    ((), False)
    """
    a, b = clause
    start, end = noun
    left = _left_edge(text, a, start)
    named: list[PlaceAt] = [p for p in places if left <= p.start and p.end <= start and p.country]
    own = text[left : left + 6].split(" ")[0].lower() in _OWN
    rest = text[end:b]
    after = _AFTER_NOUN.match(rest)
    if after:
        named += _following_list(text, places, end + after.end(), min(b, end + after.end() + 80))
    else:  # "the border Lithuania shares with Belarus"
        first = next((p for p in places if p.start >= end and p.kind == "country" and p.country), None)
        if first is not None and not text[end : first.start].strip(" the"):
            shares = _SHARES_WITH.match(text, first.end, b)
            if shares:
                named += [first, *_following_list(text, places, shares.end(), min(b, shares.end() + 80))[:1]]
    if len({p.country for p in named}) < 2 and not own:
        # "Lithuania has a nearly 680 km-long border with Belarus", "Israel and Egypt share a 208 km border"
        before = text[a:left]
        verb = _HAS_BEFORE.search(before)
        if verb:
            subject = [p for p in places if a <= p.start and p.end <= a + verb.start() and p.country]
            tail: list[PlaceAt] = []
            pos = a + verb.start()
            for p in reversed(subject):
                gap = text[p.end : pos]
                if not (_LIST_GAP.match(gap) or (not tail and _RELATIVE_GAP.match(gap))):
                    break
                tail.insert(0, p)
                pos = p.start
            named = tail[-2:] + named
    if own and len({p.country for p in named}) < 2:
        # "Finland closed its border with Russia": its owner is the country named last before the phrase
        owner = [p for p in places if a <= p.start and p.end <= left and p.country]
        if owner:
            named = [owner[-1], *named]
    codes: list[str] = []
    for p in named:
        if p.country not in codes:
            codes.append(p.country)
    return tuple(codes[:2]), own


def border_phrases(text: str, places: list[PlaceAt]) -> list[tuple[str, ...]]:
    """The countries of each border phrase of the text ("the Norwegian-Russian border", "its border with Egypt").

    Border words that modify another noun ("border guards", "border crossing") are not border phrases;
    phrases that name no country are left out.  What a text says of its border, for choosing its pair.

    Examples
    --------
    >>> def at(text, name, country):
    ...     i = text.index(name)
    ...     return PlaceAt(i, i + len(name), name, "country", country)
    >>> s = "Finland closed its border with Russia. Border guards from Sweden came."
    >>> border_phrases(s, [at(s, "Finland", "FIN"), at(s, "Russia", "RUS"), at(s, "Sweden", "SWE")])
    [('FIN', 'RUS')]
    """
    from .articles import sentences

    out: list[tuple[str, ...]] = []
    for a, b in sentences(text):
        for h in BORDER.finditer(text, a, b):
            end = h.end() + word_rest(text, h.end())
            if BORDER_MODIFIER_NEXT.match(text, end):
                continue
            codes, _ = phrase_countries(text, places, (h.start(), end), (a, b))
            if codes:
                out.append(codes)
    return out


def claim_countries(
    text: str, places: list[PlaceAt], clause: tuple[int, int], kind: str, at: tuple[int, int] | None
) -> tuple[str, ...]:
    """The countries of a border or fence claim: those its own phrase names (:func:`phrase_countries`).

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
            for h in BORDER.finditer(text, clause[0], clause[1])
            if not BORDER_MODIFIER_NEXT.match(text, h.end() + word_rest(text, h.end()))
        ]
        if borders:
            pivot = at[0] if at is not None else clause[0]
            h = min(borders, key=lambda h: abs(h.start() - pivot))
            codes += phrase_countries(text, places, (h.start(), h.end() + word_rest(text, h.end())), clause)[0]
    return tuple(dict.fromkeys(codes))[:2]


__all__ = [
    "BORDER",
    "PlaceAt",
    "border_phrases",
    "claim_countries",
    "country_words",
    "phrase_countries",
    "place_mentions",
]
