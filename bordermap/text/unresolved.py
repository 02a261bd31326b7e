"""Place names the gazetteer lacks: capitalised names the text presents as places.

:func:`unresolved_names` finds names like *Vaalimaa*, *Raja-Jooseppi*, *Petrapole* or *Pazarkule*
that :func:`~bordermap.text.extractor.extract_places` cannot put on a map, so that a report can list
them (and an online geocoder may place them).  Only the words around a name say it is a place; each
rule is a rule of English news text:

1. After *the village / town / city / hamlet / settlement / port / municipality / district / region /
   province / county / oblast of* comes a place's name ("the village of Lukerya").
2. Before *border crossing, crossing point, checkpoint, border post, border gate, land port,
   crossing* (a noun: not followed by *the*, *into*, *over*...), or after *crossing / checkpoint /
   border post at* or *of*, comes the name of the place the crossing is named after ("the Vaalimaa
   border crossing", "Pazarkule checkpoint", "the crossing at Raja-Jooseppi").
3. Directly after *near*, *in*, *at*, *from*, *to*, *into*, *towards*, *via* or *between* comes a place's
   name ("near Nuijamaa", "at Zosin", "from Liboi"; "between Wutung and Skouw": both), unless it is
   possessive (*near Kovalenko's house* is a person's) or begins with a common given name (*from Ahmed
   Hussein*).  So does a name followed by an appositive that calls it a place ("Las Cuevas, the last
   village before the frontier").
4. Before *district, region, village, province, oblast, county, raion, upazila, sub-district*, after
   *in / of / from / near / at / to / the*, comes a place's name ("in Darjeeling district").
5. After *at* and before *border* comes a place's name ("at Pazarkule border").
7. Between *the* and the word of a natural feature or a part of a country (*valley, peninsula, desert,
   river, mountains, lake, sea, strip, enclave...*) comes its name ("the Pasvik valley", "the Negev desert").
6. Two names joined by a dash or slash before a crossing word are the places on either side
   ("the Petrapole–Benapole crossing"); a hyphen joins them only when one side is a place of a country
   the article names (``Kuźnica-Bruzgi``), otherwise it is one name (``Raja-Jooseppi``).

A name is listed when the extractor did not place it: the gazetteer lacks it, or has only a place the
text gives no reason to choose (a village in a country the article does not name, ``Nuijamaa``
without Finland; a part of ``Kuźnica-Bruzgi``), so that a geocoder may place it.
It is never listed when it is one the extractor resolved in the text (anywhere in it), a country,
continent or region of the gazetteer, a person's (after a title such as *President*), a month or
weekday, a name with an organisation word (*Ministry, Guard, Service, Agency, Union, Council...*),
an acronym (*EU*), an ordinary English word or a demonym (*Finnish*, *Belarusian*; words of the
gazetteer's word frequencies, :attr:`Gazetteer.zipf`), or a run of such words.  Leading words of that
kind are cut off ("Finnish Vaalimaa" is *Vaalimaa*).  Precision matters more than recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .articles import Article, body_of, has_date_line
from .candidates import _DAYS, _MONTHS, _UPPER, PLACE_HEADS, TITLES, given_names
from .countrynames import demonyms
from .extractor import Mention, _Sentences, extract_places
from .gazetteer import Gazetteer, default_gazetteer, fold

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


@dataclass(frozen=True)
class UnresolvedName:
    """A name the text presents as a place that the extractor did not place (see the module docstring).

    Attributes
    ----------
    text : str
        The name as written.
    start, end : int
        Character offsets into the text: the string given (date line included), or ``Article.text``.
    sentence : str
        The sentence containing it.
    article_id : str
        Id of the article it came from.
    cue : str
        The words that present it as a place (``"border crossing"``, ``"village of"``, ``"near"``...).
    """

    text: str
    start: int
    end: int
    sentence: str
    article_id: str
    cue: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "article_id": self.article_id,
            "cue": self.cue,
        }


#: A capitalised word (letters, apostrophes, hyphens inside: ``Raja-Jooseppi``, ``Kuźnica``).
_W = rf"[{_UPPER}][^\W\d_]*(?:['’-][^\W\d_]+)*(?:['’]s)?"
#: Lower-case words inside place names (``Ciudad del Este``).
_CONN = r"de|del|da|do|dos|das|du|la|le|el|y|di"
#: A name: up to four capitalised words, with those connectors between them.
_NAME = rf"(?<![\w'’-]){_W}(?: (?:(?:{_CONN}) )?{_W}){{0,3}}"
_NAME_AT = re.compile(_NAME)
_NAME_BEFORE = re.compile(rf"{_NAME}$")

#: Rule 1: "the village of X".
_OF_WORDS = (
    "village|town|city|hamlet|settlement|township|port|municipality|district|region|province|county|oblast|"
    "resort|oasis|island|enclave|exclave|temple|monastery|shrine|mosque|church|fortress|castle|ruins|groves?|"
    "plains?|mines?|camp|outskirts"
)
_PRE_OF = re.compile(rf"\b(?:border )?(?P<cue>{_OF_WORDS}) of (?=[{_UPPER}])", re.I)
#: Rule 2, the other way round: "the crossing at X", "the border crossing of X".
_PRE_CROSSING = re.compile(
    rf"\b(?P<cue>(?:border )?crossings?(?: points?)?|check ?points?|border posts?) (?P<of>at|of) (?=[{_UPPER}])", re.I
)
#: Rule 3: "near X"; rule 7: "in X", "at X", "from X".
_PRE_NEAR = re.compile(
    rf"\b(?P<cue>[Nn]ear|[Ii]n|[Aa]t|[Ff]rom|[Tt]o|[Ii]nto|[Tt]owards?|[Vv]ia|[Bb]etween|[Aa]round|[Oo]utside|"
    rf"[Bb]eyond) (?=[{_UPPER}])"
)
#: "to" after these words introduces a source or a cause, not a place ("according to Frontex").
_NOT_PLACE_TO = re.compile(
    r"\b(?:according|thanks|due|owing|compared|similar|addition|contrast|contrary|reference|response|"
    r"letter|appeal|subject|ambassador|envoy|adviser|advisor|spokesman|spokeswoman|spokesperson)\s$",
    re.I,
)
#: Rule 9: "between X and Y": the second name; "X, the last village before the frontier": an appositive.
_AND_AFTER = re.compile(rf" and (?=[{_UPPER}])")
_APPOSITIVE_AFTER = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?P<cue>village|town|city|hamlet|settlement|port|resort|oasis|"
    r"crossing|border town|border post|outpost|enclave)\b",
    re.I,
)
#: Rule 8: "the X valley", "the Negev desert", "the Kola Peninsula": a natural feature's name (or a site's:
#: "the Ok Tedi mine", "the Dadaab camp").
_POST_FEATURE = re.compile(
    r" (?P<cue>valley|peninsula|desert|river|mountains|range|hills|highlands|plateau|lake|sea|gulf|strait|bay|"
    r"delta|basin|forest|steppe|pass|gorge|canyon|enclave|exclave|strip|isthmus|island|islands|fjord|marshes|"
    r"mine|dam|camp|airport|oilfield|gas\s+field)\b",
    re.I,
)
_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
#: "the X" right before a word: the word is a noun ("the Storskog crossing").
_THE_NAME_BEFORE = re.compile(rf"\b[Tt]he\s{_NAME}$")
#: Words after a name that make it a border crossing ("X border crossing", "X checkpoint"; longest first).
_CROSSING_NOUNS = (
    r"border crossing points?|border crossings?|border check ?points?|border checkposts?|border posts?|"
    r"border gates?|border stations?|border points?|crossing points?|check ?points?|checkposts?|"
    r"frontier posts?|frontier stations?|frontier crossings?|land ports?|integrated check ?posts?|crossings?"
)
#: Rule 2: a crossing word, or a station, after a name.
_CROSSING_WORDS = rf"{_CROSSING_NOUNS}|(?:railway |train )?stations?"
_POST_CROSSING = re.compile(rf" (?P<cue>{_CROSSING_WORDS})\b", re.I)
#: "crossing" as a verb: followed by its object or an adverb of direction.
_VERB_NEXT = re.compile(r" (?:the|a|an|into|over|through|towards?|across|illegally|back|out|borders?)\b", re.I)


def _crossing_is_verb(text: str, at: int, end: int) -> bool:
    """Whether the crossing word at ``text[at:end]`` (``at``: the blank before it) is the verb "crossing".

    "migrants crossing the border" is; "the Storskog crossing into Russia" is not (a noun after "the <name>").
    """
    return (
        text[at:end].lower().strip().startswith("crossing")
        and _VERB_NEXT.match(text, end) is not None
        and not _THE_NAME_BEFORE.search(text, max(0, at - 80), at)
    )


#: Rule 4: "in X district".
_DIVISION_WORDS = (
    "district|region|village|province|oblast|county|raion|rayon|upazila|sub-district|subdistrict|governorate"
)
_POST_DIVISION = re.compile(rf" (?P<cue>{_DIVISION_WORDS})\b", re.I)
_DIVISION_BEFORE = re.compile(r"\b(?:in|of|from|near|at|to|the)\s$", re.I)
#: Rule 5: "at X border".
_POST_BORDER = re.compile(r" (?P<cue>border)\b", re.I)
_AT_BEFORE = re.compile(r"\b[Aa]t\s$")
#: Rule 6: the joint of two names of one crossing.
_JOINT = re.compile(r"(?:\s?[–—/]\s?| - | and |, )$")

#: Words of organisations' names (folded): a name with one of them is no place.
ORGANISATION_WORDS = frozenset(
    (
        "ministry",
        "minister",
        "guard",
        "guards",
        "service",
        "services",
        "agency",
        "union",
        "council",
        "commission",
        "committee",
        "office",
        "department",
        "police",
        "army",
        "force",
        "forces",
        "bank",
        "company",
        "corporation",
        "group",
        "university",
        "institute",
        "party",
        "parliament",
        "government",
        "court",
        "embassy",
        "authority",
        "administration",
        "organisation",
        "organization",
        "association",
        "foundation",
        "centre",
        "center",
        "hospital",
        "school",
        "news",
        "times",
        "post",
        "press",
        "airlines",
        "airways",
        "inc",
        "ltd",
        "headquarters",
        "border",
        "crossing",
        "checkpoint",
        "district",
        "region",
        "province",
        "county",
        "village",
        "town",
        "city",
        "oblast",
        "republic",
        "state",
        "kingdom",
        "federation",
    )
)
#: Endings of demonyms and adjectives of place (``Karelian``, ``Bengali``...) in a single-word name.
_ADJECTIVE_END = ("ian", "ean", "ese", "ish", "ians", "eans")
#: A single word this common in English (Zipf) is an ordinary word, not a place name the gazetteer lacks.
COMMON_ZIPF = 2.5
#: The same where a word calls it a place ("the Negev desert", "Upper Lars, the crossing"; not a preposition
#: alone): only words as common as *migrant* (3.75) or more are no name.
FEATURE_ZIPF = 3.5
#: The cues that are prepositions only.
_PREPOSITION_CUES = frozenset(
    ("near", "in", "at", "from", "to", "into", "toward", "towards", "via", "between", "around", "outside", "beyond")
)


def unresolved_names(
    text_or_article: str | Article,
    *,
    gazetteer: Gazetteer | None = None,
    mentions: list[Mention] | None = None,
) -> list[UnresolvedName]:
    """Names the text presents as places (the rules of the module docstring) that the extractor did not place.

    Parameters
    ----------
    text_or_article : str or Article
    gazetteer : Gazetteer, optional
        Default: :func:`~bordermap.text.gazetteer.default_gazetteer`.
    mentions : list of Mention, optional
        The places :func:`~bordermap.text.extractor.extract_places` found in this text (found here if
        not given).

    Returns
    -------
    list of UnresolvedName
        In text order, every occurrence in a place context (a report groups them by ``text``).

    Examples
    --------
    >>> [(u.text, u.cue) for u in unresolved_names("Finland closed the Vaalimaa border crossing near Minsk.")]
    [('Vaalimaa', 'border crossing')]
    >>> [u.text for u in unresolved_names("Trucks queued at the Petrapole–Benapole crossing in March.")]
    ['Petrapole', 'Benapole']
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    if isinstance(text_or_article, str) and not has_date_line(text_or_article):
        text, art_id, shift = text_or_article, "text", 0
    else:
        article, shift = body_of(text_or_article)
        text, art_id = article.text, article.id
    if mentions is None:
        mentions = extract_places(text_or_article, gazetteer=gaz)
    resolved_spans = sorted((m.start - shift, m.end - shift) for m in mentions)
    resolved_keys = {fold(m.text) for m in mentions} | {fold(m.place.name) for m in mentions}
    countries = {m.place.country for m in mentions if m.place.country}
    judge = _Judge(text, gaz, resolved_spans, resolved_keys, countries)
    found: dict[tuple[int, int], str] = {}
    for start, end, cue in _places_in_context(text, gaz, countries):
        # a word that calls it a place (crossing, village, valley...) says so more surely than a preposition: a
        # name English uses often stays a name there ("Upper Lars, the only road crossing")
        common = COMMON_ZIPF if cue in _PREPOSITION_CUES else FEATURE_ZIPF
        if (start, end) not in found and judge.is_unknown_place(start, end, common=common):
            found[(start, end)] = cue
    sentences = _Sentences(text)
    return [
        UnresolvedName(text[s:e], s + shift, e + shift, sentences.sentence_at(s), art_id, cue)
        for (s, e), cue in sorted(found.items())
    ]


def _places_in_context(text: str, gaz: Gazetteer, countries: set[str]) -> Iterator[tuple[int, int, str]]:
    """Spans of names in place contexts (rules 1-6), with their cue, leading ordinary words cut off."""
    zipf = gaz.zipf
    for m in _PRE_OF.finditer(text):
        got = _name_after(text, m.end(), zipf)
        if got:
            yield (*got, f"{m.group('cue').lower()} of")
    for m in _PRE_CROSSING.finditer(text):
        got = _name_after(text, m.end(), zipf)
        if got:
            yield (*got, f"{m.group('cue').lower()} {m.group('of').lower()}")
    for m in _APPOSITIVE_AFTER.finditer(text):
        got = _name_before(text, m.start(), zipf)
        if got:
            yield (*got, f"…, the {m.group('cue').lower()}")
    for m in _POST_FEATURE.finditer(text):
        whole = _NAME_BEFORE.search(text, max(0, m.start() - 120), m.start())
        got = _trimmed(text, whole.start(), whole.end(), zipf) if whole is not None else None  # (_name_before)
        if (
            whole is not None
            and got is not None
            and whole.start() < got[0]
            and _THE_BEFORE.search(text, max(0, whole.start() - 4), whole.start())
            and fold(text[whole.start() : got[0]].split(" ")[0]) not in demonyms()
        ):
            got = (whole.start(), got[1])  # "the Ok Tedi mine": between "the" and the feature word, all is name
        if got and _THE_BEFORE.search(text, max(0, got[0] - 4), got[0]):
            # a capitalised feature word is part of the name ("the Khyber Pass"; "the Pasvik valley": Pasvik)
            end = m.end() if m.group("cue")[0].isupper() else got[1]
            yield got[0], end, f"the … {m.group('cue').lower()}"
    for m in _POST_CROSSING.finditer(text):
        if _crossing_is_verb(text, m.start(), m.end()):
            continue  # "migrants crossing the border": a verb (but "the Storskog crossing into Russia": a noun)
        yield from _names_before(text, m.start(), m.group("cue").lower(), gaz, countries, pairs=True)
    for m in _POST_DIVISION.finditer(text):
        got = _name_before(text, m.start(), zipf)
        if got and _DIVISION_BEFORE.search(text, max(0, got[0] - 8), got[0]):
            yield (*got, m.group("cue").lower())
    for m in _POST_BORDER.finditer(text):
        got = _name_before(text, m.start(), zipf)
        if got and _AT_BEFORE.search(text, max(0, got[0] - 4), got[0]):
            yield (*got, "at … border")
    # the prepositions last: a name they present that a rule above presents too keeps that rule's cue
    for m in _PRE_NEAR.finditer(text):
        got = _name_after(text, m.end(), zipf)
        if got and not text.startswith(("'s", "’s"), got[1]):
            cue = m.group("cue").lower()
            if cue == "to" and _NOT_PLACE_TO.search(text, max(0, m.start() - 16), m.start()):
                continue  # "according to Frontex", "thanks to Kyiv's allies": a source or a cause
            yield (*got, cue)
            # "between Wutung and Skouw", "in Hemmingford and Saint-Bernard-de-Lacolle": the preposition
            # presents both names
            joint = _AND_AFTER.match(text, got[1])
            other = _name_after(text, joint.end(), zipf) if joint else None
            if other:
                yield (*other, f"{cue} … and")


def _name_after(text: str, at: int, zipf: Mapping[str, float]) -> tuple[int, int] | None:
    """The name starting at ``at`` (trimmed, see :func:`_trimmed`), or None."""
    m = _NAME_AT.match(text, at)
    return _trimmed(text, m.start(), m.end(), zipf) if m else None


def _name_before(text: str, end: int, zipf: Mapping[str, float]) -> tuple[int, int] | None:
    """The name ending at ``end`` (trimmed), or None."""
    m = _NAME_BEFORE.search(text, max(0, end - 120), end)
    return _trimmed(text, m.start(), m.end(), zipf) if m else None


def _names_before(
    text: str, end: int, cue: str, gaz: Gazetteer, countries: set[str], *, pairs: bool
) -> Iterator[tuple[int, int, str]]:
    """The name(s) of a crossing ending at ``end``: one, or the two of a pair (rule 6)."""
    got = _name_before(text, end, gaz.zipf)
    if not got:
        return
    start, stop = got
    word = text[start:stop]
    if "-" in word and " " not in word:
        parts = word.split("-")
        if any(_is_place_of(gaz, part, countries) for part in parts):
            at = start
            for part in parts:
                yield at, at + len(part), cue
                at += len(part) + 1
            return
    yield start, stop, cue
    if pairs:
        joint = _JOINT.search(text, max(0, start - 5), start)
        if joint and (joint.group().strip() in "–—/-" or cue.endswith("s")):
            other = _name_before(text, joint.start(), gaz.zipf)
            if other:
                yield (*other, cue)


def _is_place_of(gaz: Gazetteer, name: str, countries: set[str]) -> bool:
    """Whether the gazetteer has a place called ``name`` in one of ``countries``."""
    return any(p.country in countries for p in gaz.lookup(name))


def _trimmed(text: str, start: int, end: int, zipf: Mapping[str, float]) -> tuple[int, int] | None:
    """A name without a possessive ending and without leading words that are no part of it.

    Cut off: words up to a possessive (``Finland's Vaalimaa``), and leading ordinary words, demonyms,
    months and titles (``Finnish Vaalimaa``, ``The Vaalimaa``) but not :data:`NAME_WORDS` (``Lake
    Titicaca``).  None if nothing is left.
    """
    name = text[start:end]
    if name.endswith(("'s", "’s")):
        end -= 2
        name = name[:-2]
    words = name.split(" ")
    k = 0
    for i, w in enumerate(words[:-1]):
        if w.endswith(("'s", "’s")):
            k = i + 1
    while k < len(words) - 1 and _leading_word(words[k], zipf):
        k += 1
    if k:
        start += len(" ".join(words[:k])) + 1
    return (start, end) if start < end else None


#: Right after a name: a word that makes it a border crossing ("the Santa Rosa post", "Torkham crossing").
_CROSSING_NEXT = re.compile(rf" (?:{_CROSSING_NOUNS}|posts?)\b", re.I)
#: Right before a name: "the crossing at X", "the border post of X".
_CROSSING_BEFORE = re.compile(
    r"\b(?:(?:border )?crossings?(?: points?)?|check ?points?|(?:border |frontier )?posts?) (?:at|of) $", re.I
)


def presented_as_crossing(text: str, start: int, end: int) -> bool:
    """Whether the text presents the name at ``start:end`` as a border crossing.

    "the Torkham crossing", "the Santa Rosa post", "the crossing at Raja-Jooseppi" (rule 2); not
    "crossing the river" (a verb) nor "Washington Post" (a capital *Post* is part of a name).

    Examples
    --------
    >>> t = "Soldiers went to the Santa Rosa post. Visitors from Santa Rosa crossing the river."
    >>> first, second = t.index("Santa Rosa"), t.rindex("Santa Rosa")
    >>> presented_as_crossing(t, first, first + 10), presented_as_crossing(t, second, second + 10)
    (True, False)
    """
    hit = _CROSSING_NEXT.match(text, end, end + 40)
    if hit and not _crossing_is_verb(text, end, hit.end()) and not hit.group(0).strip().startswith("Post"):
        return True
    return bool(_CROSSING_BEFORE.search(text, max(0, start - 40), start))


#: Ordinary words that begin place names (``Western Kasai``, ``Lake Titicaca``): never cut off.
NAME_WORDS = frozenset(
    (
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "greater",
        "great",
        "little",
        "new",
        "old",
        "lake",
        "mount",
        "port",
        "fort",
        "cape",
        "saint",
        "st",
        "san",
        "santa",
        "grand",
        "el",  # articles that begin names: El Arja, Al Qaim, La Paz, Le Havre, Los Angeles
        "al",
        "la",
        "le",
        "les",
        "los",
    )
).union(PLACE_HEADS)


def _leading_word(word: str, zipf: Mapping[str, float]) -> bool:
    """Whether a word before a name is no part of it (an ordinary word, a demonym, a title, a date word)."""
    key = fold(word)
    if key in NAME_WORDS:
        return False
    return (
        zipf.get(key, 0.0) >= COMMON_ZIPF
        or key.endswith(_ADJECTIVE_END)
        or key in TITLES
        or key in _MONTHS
        or key in _DAYS
        or key in _CONNECTOR_WORDS
    )


_CONNECTOR_WORDS = frozenset(_CONN.split("|"))


class _Judge:
    """Whether a name in a place context is a place the gazetteer lacks (the exclusions of the module docstring)."""

    def __init__(
        self,
        text: str,
        gaz: Gazetteer,
        resolved_spans: list[tuple[int, int]],
        resolved_keys: set[str],
        countries: set[str],
    ) -> None:
        self.text = text
        self.gaz = gaz
        self.resolved_spans = resolved_spans
        self.resolved_keys = resolved_keys
        self.countries = countries
        self._starts: list[int] | None = None

    def is_unknown_place(self, start: int, end: int, *, common: float = COMMON_ZIPF) -> bool:
        text = self.text
        name = text[start:end]
        key = fold(name)
        if not key or key in self.resolved_keys:
            return False
        if any(s < end and start < e for s, e in self.resolved_spans):
            return False  # part of a place the extractor found ("Minsk Airport")
        words = key.split()
        if any(w in ORGANISATION_WORDS for w in words) or words[0] in _MONTHS or words[0] in _DAYS:
            return False
        if len(name) <= 1 or (name.replace("-", "").isupper() and len(words) == 1):
            return False  # an initial or an acronym ("EU", "NATO")
        zipf = self.gaz.zipf
        if all(zipf.get(w, 0.0) >= common for w in words):
            return False  # ordinary words ("Green Line"), also at a sentence start
        if len(words) == 1 and key.endswith(_ADJECTIVE_END):
            return False  # a demonym or adjective ("Karelian")
        if self._after_title(start) or (len(words) > 1 and words[0] in given_names()):
            return False  # a person ("President Biden", "from Ahmed Hussein")
        return not any(p.kind in ("country", "continent", "region") for p in self.gaz.lookup_key(key))

    def _after_title(self, start: int) -> bool:
        """Whether a title or a capitalised common given name comes right before ("President Biden", "Alexander
        Lukashenko"): the name is a person's."""
        before = self.text[max(0, start - 30) : start].rstrip(" \t\n,").rsplit(None, 1)
        if not before:
            return False
        word = before[-1].rstrip(".").strip('"“(')
        return fold(word) in TITLES or (word[:1].isupper() and word.lower() in given_names())
