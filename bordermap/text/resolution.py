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

The scores of entries (:func:`base_score`, :func:`score_place`, :func:`rank_entries`, :func:`same_spelling`)
are in :mod:`bordermap.text.scoring`; the rules applied once every name is resolved (places stay with the
story, the article's regions, names in lists and in organisations' names) in :mod:`bordermap.text.story`.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections import Counter
from collections.abc import Mapping

from .abbreviations import abbreviation_after, reading_after
from .candidates import (
    _FORM_ACRONYM,
    _FORM_WORD,
    IN_PERSON,
    _Cand,
)
from .gazetteer import Gazetteer, Place, fold
from .kinds import POPULATED
from .scoring import (
    _BROAD_KINDS,
    _COUNTRY_KINDS,
    _KIND_PRIOR,
    _LOCAL_KINDS,
    _MAX_BONUS,
    _TOWNS,
    MIN_SCORE,
    REGION_BONUS,
    UNKNOWN_WORD_BONUS,
    _Checked,
    _confidence,
    _Free,
    _lone_confidence,
    _neighbours,
    _region_key,
    _Scored,
    _speaks_of_crossings,
    expected_zipf,
)
from .scoring import _distance_km as _distance_km
from .scoring import _Resolved as _Resolved
from .scoring import rank_entries as rank_entries
from .scoring import same_spelling as same_spelling
from .story import (
    _countries_in_one_region,
    _keep_with_story,
    _organisations_of_places,
    _region_context,
    _regions_in_lists,
)

#: Memos (of the extractor, and :data:`_FarMemo`) are emptied when they grow past this many entries.
MEMO_MAX = 200_000


def _static_candidates(gaz: Gazetteer, key: str, *, regional: bool = False) -> _Scored:
    """Entries called ``key`` with their scores (:func:`rank_entries`), only those that can win, at most 25."""
    scored = rank_entries(gaz, key, regional=regional)
    if len(scored) <= 1:
        return scored
    # best first: keep those within _MAX_BONUS of the best (the others can never win), at most 25
    keep = bisect.bisect_right(scored, _MAX_BONUS - scored[0][0], key=_minus_score)
    return scored[: min(keep, 25)]


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


#: Right before a name: "the Paraguayan town of", "the Afghan border city of": a demonym places it.
_DEMONYM_TOWN_OF = re.compile(
    r"\b[Tt]he\s+(?P<demonym>[A-Z][\w'’-]+)\s+(?:(?:border|frontier|northern|southern|eastern|western|small|"
    r"remote|coastal|capital|port)\s+)?(?:town|city|village|hamlet|port|capital|settlement|municipality|"
    r"district|province|region|county)\s+of\s+$"
)


def _within_pairs(text: str, cands: list[_Cand], ctx: _Ctx) -> dict[str, str]:
    """Names the article places in a country: "Santa Ana, California", "Athens, Georgia".

    A place followed by a comma and the region or country it lies in is in that country, there and
    wherever the article names it again; so is a place after "the <demonym> town of" (or city, village,
    district...).  Returns the ISO3 country by folded name.
    """
    within: dict[str, str] = {}
    gaz = ctx.gaz
    starts = text.startswith
    for c in cands:  # "the Paraguayan town of Hernandarias": the demonym says where
        of = _DEMONYM_TOWN_OF.search(text, max(0, c[0] - 60), c[0]) if text.endswith("of ", 0, c[0]) else None
        if of is not None and c[3] not in within and c[9].name.entries[0][1].kind not in _COUNTRY_KINDS:
            from .countrynames import demonyms

            country = demonyms().get(fold(of.group("demonym")))
            if country:
                within[c[3]] = country
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


_POPULATED = POPULATED


_KEY = operator.itemgetter(3)
_SIG_OF = operator.itemgetter(9)
_SCORE = operator.itemgetter(0)
