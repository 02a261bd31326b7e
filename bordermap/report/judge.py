"""The report's judge for one article at a time: what a corpus gives each claim (one judge for both).

:class:`ArticleJudge` gives an article's claims the verdicts, bands and reasons :func:`bordermap.run_report`
gives them in a report on that article alone: the same choice of the article's border
(:func:`bordermap.report.pair.choose_pair` on its places, demonyms, border phrases and lede), the same
reading of its places (homonyms near that border, crossings far inside a country dropped), the same
measures (:class:`bordermap.checks.ClaimMeasurer`: border-length bands, geodesic distances, corridors) and
the same rules (:func:`bordermap.text.verdicts.judge_claim`).  Borders, their bands and corridors are
computed once per judge, whatever the number of articles: a corpus worker keeps one judge.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..checks import ClaimMeasurer, places_by_article
from ..data.countries import load_countries
from ..data.world import world_countries_path
from ..exc import LanguageWarning, NoSharedBorderError
from ..geometry.borders import Border
from ..text.articles import Article
from ..text.claims import Claim, ClaimCheck, judge_claim
from .pair import _pair_evidence, choose_pair
from .places import _crossings_off_the_boundary, _near_the_border

if TYPE_CHECKING:
    import geopandas as gpd

    from ..geometry.measures import LengthBand
    from ..text.extractor import Mention


#: Most places' distances to borders an :class:`ArticleJudge` keeps.
_MOST_DISTANCES = 100_000


@dataclass
class ArticleJudge:
    """Verdicts for an article's claims as a report on that article alone gives them.

    Attributes
    ----------
    countries : GeoDataFrame, optional
        The dataset (default the bundled world, loaded on first use).

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
    >>> from bordermap.text.extractor import extract_places
    >>> from bordermap.text.articles import Article
    >>> a = Article("a1", "Lithuania's border with Belarus is about 680 km long. It holds 200 migrants.")
    >>> [str(ch.verdict) for ch in ArticleJudge().checks(a, extract_places(a), extract_claims(a))]
    ['consistent', 'unchecked']
    """

    countries: gpd.GeoDataFrame | None = None
    _pairs: dict[tuple[str, str], Border | str] = field(default_factory=dict, repr=False)
    _bands: dict[tuple[str, str], LengthBand] = field(default_factory=dict, repr=False)
    _corridors: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    _neighbours: dict[frozenset[str], bool] = field(default_factory=dict, repr=False)
    _distances: dict[tuple[str, str, float, float], float] = field(default_factory=dict, repr=False)

    def frame(self) -> gpd.GeoDataFrame:
        if self.countries is None:
            self.countries = load_countries()
        return self.countries

    def checks(self, article: Article, found: list[Mention], claims: list[Claim]) -> list[ClaimCheck]:
        """One :class:`ClaimCheck` per claim, in order (counts and money ``unchecked``, as in a report).

        Parameters
        ----------
        article : Article
        found : list of Mention
            The article's places (:func:`bordermap.extract_places`).
        claims : list of Claim
            Its claims (:func:`bordermap.extract_claims`).
        """
        if not any(c.geographic for c in claims):
            return [judge_claim(c, None) for c in claims]
        border = self.article_border(article, found)
        if isinstance(border, str):
            return [judge_claim(c, border if c.geographic else None) for c in claims]
        frame = self.frame()
        near = _near_the_border(found, border, distance_km=lambda p: self.distance_km(border, p.lon, p.lat))
        kept = _crossings_off_the_boundary([(article, near)], frame)[0][0][1]
        measure = _SharedMeasurer(
            countries=frame,
            border=border,
            article_pairs={article.id: (border.a, border.b)},
            places=places_by_article(kept),
            shared=self._pairs,
            shared_bands=self._bands,
        )
        if any(c.kind == "corridor_width" for c in claims):
            measure.corridors = self.corridors(border)
        return [judge_claim(c, measure(c) if c.geographic else None) for c in claims]

    def article_border(self, article: Article, found: list[Mention]) -> Border | str:
        """The border a report on this article alone would map (its pair's), or why there is none."""
        from .run import _country_name_counts, _pair_border

        frame = self.frame()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LanguageWarning)
            from .run import _article_languages

            languages = _article_languages([article])
        words, phrases, lede = _pair_evidence(article, found)
        try:
            pair = choose_pair(
                found,
                frame,
                words=words,
                phrases=phrases,
                lede_end={article.id: lede},
                name_counts=_country_name_counts([article], languages),
                neighbours=self.neighbours,
            )
        except NoSharedBorderError:
            return "the article names no pair of neighbouring countries"
        if pair not in self._pairs:
            self._pairs[pair] = _pair_border(pair, frame, world_countries_path())[0]
        got = self._pairs[pair]
        return got if isinstance(got, Border) else f"which border is meant could not be resolved ({got})"

    def neighbours(self, a: str, b: str) -> bool:
        """Whether two countries are neighbours, as :func:`choose_pair` tells (once per pair)."""
        from .pair import _neighbours

        key = frozenset((a, b))
        if key not in self._neighbours:
            self._neighbours[key] = _neighbours(self.frame(), a, b)
        return self._neighbours[key]

    def distance_km(self, border: Border, lon: float, lat: float) -> float:
        """A place's distance to a border (:meth:`Border.project`), once per border and point."""
        key = (border.a, border.b, lon, lat)
        if key not in self._distances:
            if len(self._distances) >= _MOST_DISTANCES:
                self._distances.clear()  # memory stays bounded over a million articles
            self._distances[key] = border.project(lat=lat, lon=lon)[1]
        return self._distances[key]

    def corridors(self, border: Border) -> Any:
        """The narrow corridors next to a border, as a report measures them (once per border)."""
        from ..geometry.fence import border_measures
        from .places import populated_places

        key = (border.a, border.b)
        if key not in self._corridors:
            self._corridors[key] = border_measures(border, self.frame(), places=populated_places).corridors
        return self._corridors[key]


@dataclass
class _SharedMeasurer(ClaimMeasurer):
    """A report's measurer for one article, whose borders and bands are computed once per judge.

    A border's orientation (``LTU–BLR`` or ``BLR–LTU``) shows in the reasons and in the last digits of its
    length: in an article, the first use of a pair fixes it, as in a report on that article alone, and the
    judge's borders (``shared``) and bands (``shared_bands``) are kept by ordered pair, so that a verdict does
    not depend on the articles judged before it.
    """

    shared: dict[tuple[str, str], Border | str] = field(default_factory=dict, repr=False)
    shared_bands: dict[tuple[str, str], LengthBand] = field(default_factory=dict, repr=False)

    def border_of(self, pair: tuple[str, str]) -> Border | str:
        key, ordered = frozenset(pair), (pair[0], pair[1])
        if key == frozenset((self.border.a, self.border.b)) or key in self._borders:
            return super().border_of(pair)
        if ordered not in self.shared:
            self.shared[ordered] = super().border_of(pair)
        self._borders[key] = self.shared[ordered]
        return self._borders[key]

    def band_of(self, border: Border) -> LengthBand:
        from ..geometry.measures import length_band

        key, ordered = frozenset((border.a, border.b)), (border.a, border.b)
        if key not in self._bands:
            if ordered not in self.shared_bands:
                self.shared_bands[ordered] = length_band(border)
            self._bands[key] = self.shared_bands[ordered]
        return self._bands[key]


__all__ = ["ArticleJudge"]
