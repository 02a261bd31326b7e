"""The main job: articles -> places; countries -> border; both -> measures, verdicts, map and files.

This is the only module that joins the text layer (articles, places, claims, geocoding) and the
geometry layer (border, fence, corridors, zone), stage by stage: :mod:`.pair`, :mod:`.places`, the
measures and verdicts (:mod:`bordermap.checks`), :mod:`.outputs`.  Geometry functions take points and
km: the names a caller gives (``extra_places``, fence ends) are geocoded here first.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._pair_cache import PairEntry, load_entry, pair_key, store_entry
from ..data.countries import country_row, load_countries
from ..data.world import world_countries_path
from ..exc import LanguageWarning
from ..geometry.borders import Border, shared_border
from ..text.articles import Article, read_articles
from ..text.claims import Claim, extract_claims
from ..text.extractor import extract_places
from .model import Report
from .outputs import _check_out, _write_outputs
from .pair import _article_pair, _pair_evidence, choose_pair
from .places import (
    _add_distances,
    _add_named_places,
    _article_unresolved,
    _by_the_border,
    _crossings_off_the_boundary,
    _local,
    _mentioned_places,
    _near_the_border,
    _places_frame,
    _points_frame,
    border_crossings,
    populated_places,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from ..geometry.measures import Zone


def run_report(
    paths: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    countries: tuple[str, str] | None = None,
    dataset: str | os.PathLike[str] | None = None,
    self_contained: bool | None = None,
    cdn: bool = False,
    tiles: str | None = None,
    fence: Any = None,
    zone_km: float | None = None,
    extra_places: list[str] | None = None,
    geocoder: str | None = None,
    crossings: Any = None,
) -> Report:
    """Run the main job: read articles, find places, compute the border, write the outputs.

    What depends only on the dataset and the pair (the border, its corridors, the map's simplified
    countries) is kept in the cache folder and read back by the next report on the same pair
    (``bordermap._pair_cache``; :data:`bordermap.settings.use_cache` ``= False`` always computes).

    Parameters
    ----------
    paths : path-like or list of path-like, optional
        Article files or folders of ``.txt`` files (one path: that file or folder); default the
        bundled seeds.
    out : path-like, optional
        Folder to write ``map.html``, ``border.geojson``, ``places.geojson`` and
        ``report.json`` into (created if needed; nothing is written if any stage fails).  The four
        files replace the previous ones as one unit, under a lock on the folder; ``report.json``
        names the run (:attr:`Report.run_id`) and holds the SHA-256 of every other file: a reader
        never sees two runs mixed, even if the process is killed, and can check that it does not
        (see the "Limits and safety" page).  ``None``: write nothing.
    countries : (str, str), optional
        The pair; default the neighbouring pair the articles mention most.
    dataset : path-like, optional
        Country polygons (see :func:`load_countries`); default the bundled world.
    self_contained : bool, optional
        Kept for old callers: ``map.html`` is self-contained by default (Leaflet and every script
        and stylesheet inlined, from the ``xstatic-leaflet`` package: it renders with no network).
    cdn : bool
        Write the smaller ``map.html`` that loads Leaflet from a CDN (``--cdn``; needs a connection
        to view).
    tiles : str, optional
        Add an online tile basemap (``--tiles``, e.g. ``"OpenStreetMap"``); default none: the map
        draws the countries itself.
    fence : sequence of (start, end), or path-like, optional
        The fence: sections along the border whose ends are km, shapely Points or place names
        (geocoded with ``geocoder``), or a GeoJSON file of lines snapped to the border.  Default:
        the longest fence length the articles state, drawn as one section centred on the border
        (an assumption the report states); none if the articles state no fence length.
    zone_km : float, optional
        Also compute a geodesic strip of this width along the border (inside the first
        country) and list the article places inside it.
    extra_places : list of str, optional
        More place names to show (e.g. a crossing the articles do not name; ``--place`` on the
        command line), geocoded with ``geocoder``.  A name that cannot be geocoded (unknown,
        empty, or the service failing after its retries) is listed in :attr:`Report.unresolved`
        with the reason, with a warning, and the run goes on.
    geocoder : str, optional
        ``"offline"`` or ``"nominatim"`` for ``extra_places`` and fence ends given by name;
        default :data:`settings.geocoder`.
    crossings : path-like, GeoDataFrame or False, optional
        The border's crossings, for each place's nearest crossing (``--crossings FILE`` on the
        command line): see :func:`border_crossings`.  Default: the curated crossings that lie on
        the border measured (none for most borders); never another border's.

    Returns
    -------
    Report

    Warns
    -----
    LanguageWarning
        Once per article that seems not to be in English (:attr:`Report.languages`; detected with a
        confidence of at least :data:`LANGUAGE_WARNING_CONFIDENCE`): its places and figures are read with
        English rules.  The pair is chosen from the countries' names in that language too.

    Examples
    --------
    >>> rep = run_report()
    >>> rep.border.a, rep.border.b
    ('LTU', 'BLR')
    >>> rep.places.crs.to_epsg(), rep.places.set_index("name").loc["Vilnius", "country"]
    (4326, 'LTU')
    """
    from ..geometry.fence import border_measures

    if zone_km is not None:
        _check_zone_km(zone_km)  # before any work
    out_dir = _check_out(out) if out is not None else None
    if isinstance(crossings, (str, os.PathLike)):
        from ..data.points import read_points

        crossings = read_points(crossings)  # a bad file fails before any work
    articles = read_articles(paths)
    frame = load_countries(dataset)
    dataset_file = world_countries_path() if dataset is None or str(dataset) == "world" else Path(dataset)
    cached: PairEntry | None = None
    if countries:  # fail fast on a bad pair
        border, cached, key = _pair_border(countries, frame, dataset_file)
    else:
        border = None
    user_fence = _user_fence(border, fence, geocoder) if border is not None and fence is not None else None
    languages = _article_languages(articles)
    per_article = [(a, extract_places(a)) for a in articles]
    mentions = [m for _, found in per_article for m in found]
    evidence = {a.id: _pair_evidence(a, found) for a, found in per_article}
    if border is None:
        words = [w for got in evidence.values() for w in got[0]]
        phrases = [p for got in evidence.values() for p in got[1]]
        ledes = {a_id: got[2] for a_id, got in evidence.items()}
        named = _country_name_counts(articles, languages)
        pair = choose_pair(mentions, frame, words=words, phrases=phrases, lede_end=ledes, name_counts=named)
        border, cached, key = _pair_border(pair, frame, dataset_file)
        user_fence = _user_fence(border, fence, geocoder) if fence is not None else None
    per_article = [(a, _near_the_border(found, border)) for a, found in per_article]
    per_article, far_crossings = _crossings_off_the_boundary(per_article, frame)
    per_article, unplaced = _by_the_border(per_article, border)
    mentions = [m for _, found in per_article for m in found]
    claims = [c for a, found in per_article for c in extract_claims(a, mentions=found)]
    if countries is not None or len(per_article) == 1:
        # the caller fixed the pair, or it was chosen from this one article: "the border" of every claim is it
        article_pairs = {a.id: (border.a, border.b) for a, _ in per_article}
    else:
        article_pairs = {a.id: _article_pair(found, frame, border, evidence[a.id]) for a, found in per_article}
    from ..checks import claim_measurer

    measurer = claim_measurer(countries=frame, border=border, mentions=mentions, article_pairs=article_pairs)
    fence_km = _fence_claim_km(claims, border, measurer.pair_of)
    measures = border_measures(
        border,
        frame,
        fence=user_fence,
        fence_km=fence_km,
        places=populated_places,
        corridors=cached.corridors if cached is not None else None,
    )
    measurer.corridors = measures.corridors
    computed = {"border_length": border.length_km}
    if len(measures.corridors):
        # the width as report.json gives it (to the metre): claims are compared with the published figure
        computed["corridor_width"] = round(float(measures.corridors["width_km"].iloc[0]), 3)
    records = _mentioned_places(mentions, articles)
    listed = {u["name"] for u in far_crossings}
    unresolved = far_crossings + [u for u in _article_unresolved(unplaced) if u["name"] not in listed]
    unresolved += _add_named_places(records, extra_places or [], geocoder)
    crossing_points = border_crossings(border, crossings)
    _add_distances(border, records, crossing_points)
    report = Report(
        articles,
        mentions,
        border,
        measures,
        _places_frame(records),
        claims=claims,
        computed=computed,
        unresolved=unresolved,
        crossings=crossing_points,
        article_pairs=article_pairs,
        languages=languages,
        _measurer=measurer,
    )
    if zone_km is not None:
        report.zone = _zone(border, frame, zone_km, records)
    if out_dir is not None:
        if cached is not None and cached.display is not None:
            report._display = cached.display
        else:
            from ..publish.maps import simplify_countries

            # as make_map would draw it (less the Hausdorff distance, a measure the map does not use)
            report._display = simplify_countries(frame, border, measure=False)
        _write_outputs(report, frame, out_dir, self_contained=self_contained, cdn=cdn, tiles=tiles)
        report.out = out_dir
    if cached is None or cached.corridors is None or (cached.display is None and report._display is not None):
        store_entry(key, PairEntry(border, measures.corridors, report._display))
    return report


#: An article detected as not English with at least this confidence gets a :class:`LanguageWarning`:
#: the model's top language holds most of the probability (the seed and test articles are English at 0.96-0.98;
#: a French, German or Spanish paragraph is detected at 0.9 and above).
LANGUAGE_WARNING_CONFIDENCE = 0.5


def _article_languages(articles: list[Article]) -> dict[str, str]:
    """Each article's language (ISO 639-1), with one :class:`LanguageWarning` per article not in English."""
    import warnings

    from ..text.language import detect_language

    languages = {}
    for a in articles:
        lang = detect_language(a.text)
        languages[a.id] = lang.code
        if lang.code not in ("en", "und") and lang.confidence >= LANGUAGE_WARNING_CONFIDENCE:
            warnings.warn(
                f"{a.id}: the article seems to be in {lang.name} ({lang.code}), not English: "
                "places and figures are read with English rules; check the results",
                LanguageWarning,
                stacklevel=3,
            )
    return languages


def _country_name_counts(articles: list[Article], languages: Mapping[str, str]) -> Counter[str]:
    """Countries named by their names in other languages, in the articles not in English.

    (An English article's country names are place mentions, and its demonyms are counted as such.)
    """
    from ..text.countrynames import country_name_counts

    total: Counter[str] = Counter()
    for a in articles:
        if languages.get(a.id) not in ("en", "und"):
            total.update(country_name_counts(a.text))
    return total


def _pair_border(
    pair: tuple[str, str], frame: gpd.GeoDataFrame, dataset_file: Path
) -> tuple[Border, PairEntry | None, str]:
    """The pair's border, from the pair cache if a report has computed it before; the entry and its key.

    Unknown countries fail here as :func:`shared_border` fails (one line, with suggestions).
    """
    a, b = (str(country_row(frame, code)["iso_a3"]) for code in pair)
    key = pair_key(dataset_file, a, b)
    cached = load_entry(key)
    if cached is not None:
        return cached.border, cached, key
    return shared_border(*pair, frame), None, key


def _user_fence(border: Border, fence: Any, geocoder: str | None) -> Any:
    """A caller's fence: a GeoJSON path snapped to the border, or sections (place names geocoded here)."""
    from ..geometry.fence import fence_coverage, read_fence

    if isinstance(fence, (str, os.PathLike)):
        return read_fence(border, fence)
    if isinstance(fence, bytes) or not hasattr(fence, "__iter__"):
        return fence_coverage(border, fence, label="fence")  # raises the one-line ArgumentError
    sections = [
        tuple(_where(end, geocoder) for end in s) if hasattr(s, "__iter__") and not isinstance(s, (str, bytes)) else s
        for s in fence
    ]
    return fence_coverage(border, sections, label="fence")


def _where(end: Any, geocoder: str | None) -> Any:
    """A fence end as geometry takes it: a place name becomes its geocoded Point (lon, lat)."""
    if not isinstance(end, str):
        return end
    from shapely.geometry import Point

    from ..text.geocoding import geocode

    res = geocode(end, geocoder=geocoder)
    return Point(res.lon, res.lat)


def _fence_claim_km(claims: list[Claim], border: Border, pair_of: Any) -> float | None:
    """The longest fence length the articles state about this border (the pair each claim resolves to)."""
    pair = {border.a, border.b}
    lengths = []
    for c in claims:
        if c.kind == "fence_length" and c.km:
            got = pair_of(c)
            if not isinstance(got, str) and set(got) == pair:
                lengths.append(c.km)
    return max(lengths) if lengths else None


#: The widest border zone (km): wider strips leave the country and the geodesic buffer breaks down.
MAX_ZONE_KM = 1000.0


def _check_zone_km(zone_km: Any) -> None:
    from ..exc import ArgumentError

    if isinstance(zone_km, bool) or not isinstance(zone_km, (int, float)) or not math.isfinite(zone_km) or zone_km <= 0:
        raise ArgumentError(f"zone_km={zone_km!r}: must be a positive, finite number of km")
    if zone_km > MAX_ZONE_KM:
        raise ArgumentError(f"zone_km={zone_km!r}: out of range (allowed: more than 0 and at most {MAX_ZONE_KM:g} km)")


def _zone(border: Border, frame: gpd.GeoDataFrame, zone_km: float, records: list[dict[str, Any]]) -> Zone:
    from ..geometry.measures import border_zone

    local = _points_frame((r["name"], r["lon"], r["lat"]) for r in _local(records))
    return border_zone(border, zone_km, within=border.a, countries=frame, places=local)
