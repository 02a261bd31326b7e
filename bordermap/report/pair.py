"""Stage 1 of a report: the pair of countries the articles are about (:func:`choose_pair`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ..data.countries import country_row
from ..exc import NoSharedBorderError
from ..geometry.borders import Border, within_distance
from ..text.articles import Article
from ..text.extractor import Mention
from ..text.subjects import PlaceAt, border_phrases, place_mentions

if TYPE_CHECKING:
    import geopandas as gpd


#: A place below country level counts for choosing the pair only with at least this confidence (a margin of one
#: point over its best rival far away): one uncertain homonym never decides the pair.
PAIR_MIN_CONFIDENCE = 0.73


def choose_pair(
    mentions: list[Mention],
    countries: gpd.GeoDataFrame,
    *,
    words: Iterable[PlaceAt] = (),
    phrases: Iterable[tuple[str, ...]] = (),
    lede_end: Mapping[str, int] | None = None,
    name_counts: Mapping[str, int] | None = None,
    neighbours: Callable[[str, str], bool] | None = None,
) -> tuple[str, str]:
    """The neighbouring pair of countries the articles are about.

    Each country is counted by its names (2 each), its demonyms and adjectives ("Russian", "Turkish": 2
    each, ``words``), the places in it that were placed with confidence (1 each, at least
    :data:`PAIR_MIN_CONFIDENCE`), and the border phrases that name it (3 each, ``phrases``: "the
    Norwegian-Russian border", "its border with Egypt"; 3 more for the pair a phrase names).  Names and
    places in an article's title and first paragraph count twice (``lede_end``: where each article's
    lede ends, by article id): news says there what the story is about.  A natural feature counts once
    for each of its countries when it has at most two (a border river names both sides; the Sahara names
    none).  The pair whose countries count most wins among those that are both in the dataset and share
    a land border.

    Parameters
    ----------
    mentions : list of Mention
    countries : GeoDataFrame
    words : iterable of PlaceAt, optional
        Demonyms of the text (:func:`bordermap.text.subjects.country_words`).
    phrases : iterable of tuple of str, optional
        The countries of each border phrase (:func:`bordermap.text.subjects.border_phrases`).
    lede_end : mapping of str to int, optional
        Offset where each article's title and first paragraph end (:func:`lede_end`).
    name_counts : mapping of str to int, optional
        More mentions of countries by ISO3 code, each weighing as a country mention: the names an article
        not in English uses (:func:`bordermap.text.countrynames.country_name_counts`).
    neighbours : callable, optional
        ``neighbours(a, b)``: whether two countries of ``countries`` come within 0.01° of each other; default
        :func:`bordermap.geometry.borders.within_distance` on their polygons (a caller that chooses many
        pairs may pass a memo of it).

    Raises
    ------
    NoSharedBorderError
        No two mentioned countries of the dataset are neighbours.
    """
    from ..text.gazetteer import place_countries

    lede_end = lede_end or {}
    counts: Counter[str] = Counter()
    local: Counter[str] = Counter()  # places of the story: towns, villages, crossings
    for m in mentions:
        p = m.place
        lede = 2 if m.start < lede_end.get(m.article_id, 0) else 1
        if p.kind == "feature":
            codes = place_countries(p)
            for code in codes if len(codes) <= 2 else ():
                counts[code] += lede
            continue
        if not p.country:
            continue
        if p.kind == "country":
            counts[p.country] += 2 * lede
        elif m.confidence >= PAIR_MIN_CONFIDENCE:
            counts[p.country] += lede
            if p.kind != "continent":
                local[p.country] += 1
    for w in words:
        counts[w.country] += 2
    for code, n in (name_counts or {}).items():
        counts[code] += 2 * n
    named_pairs: Counter[frozenset[str]] = Counter()
    for codes in phrases:
        for c in codes:
            counts[c] += 3
        if len(codes) == 2:
            named_pairs[frozenset(codes)] += 3
    codes_in = set(countries["iso_a3"])
    present = [c for c, _ in counts.most_common() if c in codes_in]
    pairs = sorted(
        ((a, b) for i, a in enumerate(present) for b in present[i + 1 :]),
        key=lambda ab: -(counts[ab[0]] + counts[ab[1]] + named_pairs[frozenset(ab)]),
    )
    # Within the pair, the country where the story's places are comes first: ("LTU", "BLR") for articles
    # about Lithuania's border.
    for a, b in pairs:
        if (neighbours or (lambda x, y: _neighbours(countries, x, y)))(a, b):
            return (a, b) if (local[a], counts[a]) >= (local[b], counts[b]) else (b, a)
    raise NoSharedBorderError(
        "the articles name no two neighbouring countries of the dataset "
        f"(named: {', '.join(present) or 'none'}); pass --countries A B"
    )


def _neighbours(countries: gpd.GeoDataFrame, a: str, b: str) -> bool:
    """Whether two countries of the dataset come within 0.01° of each other (the test of :func:`choose_pair`)."""
    return within_distance(country_row(countries, a).geometry, country_row(countries, b).geometry, 0.01)


def lede_end(text: str) -> int:
    """Where an article's title and first paragraph end: the end of its second non-empty line.

    Examples
    --------
    >>> text = "Title here" + chr(10) * 2 + "First paragraph." + chr(10) + "Second paragraph."
    >>> text[: lede_end(text)]
    'Title here\\n\\nFirst paragraph.'
    """
    seen = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            seen += 1
        pos += len(line)
        if seen == 2:
            return pos - (len(line) - len(line.rstrip("\r\n")))
    return len(text)


#: What an article says of its countries besides place mentions: its demonyms, its border phrases, where its lede ends.
_Evidence = tuple[list[PlaceAt], list[tuple[str, ...]], int]


def _pair_evidence(article: Article, found: list[Mention]) -> _Evidence:
    """What an article says of its countries besides place mentions (:data:`_Evidence`)."""
    places = place_mentions(article, found)
    return [p for p in places if p.demonym], border_phrases(article.text, places), lede_end(article.text)


def _article_pair(
    found: list[Mention],
    frame: gpd.GeoDataFrame,
    border: Border,
    evidence: _Evidence,
) -> tuple[str, str]:
    """An article's own border: the neighbouring pair it is about (:func:`choose_pair`), else the report's."""
    try:
        ends = {m.article_id: evidence[2] for m in found[:1]}
        return choose_pair(found, frame, words=evidence[0], phrases=evidence[1], lede_end=ends)
    except NoSharedBorderError:
        return (border.a, border.b)
