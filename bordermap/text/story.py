"""Places stay with the story: the rules applied after an article's names are resolved.

Homonyms near the places an article names with confidence win and far ones go (:func:`_keep_with_story`);
the article's first-level regions are counted (:func:`_region_context`) and a country's name may be the
town of that name in the article's one region (:func:`_countries_in_one_region`); a name inside an
organisation's name is the place the article names alone (:func:`_organisations_of_places`); a city listed
next to a region is the region of its name (:func:`_regions_in_lists`).  :func:`bordermap.text.resolution.resolve`
applies them.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .candidates import IN_ORGANISATION
from .gazetteer import Gazetteer, Place, fold
from .kinds import POPULATED as _POPULATED
from .scoring import (
    _COUNTRY_KINDS,
    _SCORE,
    _SURE,
    _TOWNS,
    _distance_km,
    _Free,
    _neighbours,
    _region_key,
    _Resolved,
    same_spelling,
)

if TYPE_CHECKING:
    from .candidates import _Cand
    from .resolution import _Sig

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
        rivals = [
            (sc, p)
            for sc, p in entries
            if p is not best
            and p.kind in _STORY_KINDS
            and sc + STORY_BONUS > top
            and not (p.kind == "region" and best.kind != "region" and p.country == best.country)
        ]  # (a town is not replaced by the region named after it, however near the story that region's point is)
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
