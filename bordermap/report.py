"""The main job: articles -> places; countries -> border; both -> map and files.

This is the only module that joins the text layer (articles, places, claims, geocoding)
and the geometry layer (border, fence, corridors, zone).  Geometry functions take points
and km: the names a caller gives (``extra_places``, fence ends) are geocoded here first.
The :class:`Report` holds typed results (objects and GeoDataFrames); :meth:`Report.to_dict`
is the one place where they are shaped into JSON (``report.json``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._coords import lat_lon_text
from ._pair_cache import PairEntry, load_entry, pair_key, store_entry
from .data.countries import country_row, load_countries
from .data.world import world_countries_path
from .exc import LanguageWarning, NoSharedBorderError, OutputError
from .geometry.borders import Border, shared_border, within_distance
from .publish.geojson import feature, feature_collection
from .text.articles import Article, read_articles
from .text.claims import Claim, ClaimCheck, extract_claims, format_checks, judge_claim
from .text.extractor import Mention, extract_places
from .text.subjects import PlaceAt, border_phrases, place_mentions

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from .geometry.borders import Section, Tripoint
    from .geometry.fence import BorderMeasures, FenceCoverage
    from .geometry.measures import Zone
    from .text.gazetteer import Place

#: Files the report writes (and ``zone.geojson`` when a zone is asked for).
OUTPUT_FILES = (
    "map.html",
    "border.geojson",
    "places.geojson",
    "mentions.geojson",
    "report.json",
    "fence.geojson",
    "corridors.geojson",
    "claims.csv",
)

#: Every file a report may write (``zone.geojson`` only with a zone).
ALL_OUTPUT_FILES = (*OUTPUT_FILES, "zone.geojson")

#: Columns of ``claims.csv`` (one row per claim of every article; the run is named in ``report.json``, not here).
CLAIM_COLUMNS = (
    "text",
    "kind",
    "subject",
    "value",
    "unit",
    "km",
    "qualifier",
    "computed_km",
    "band_low_km",
    "band_high_km",
    "verdict",
    "reason",
    "article",
    "article_id",
    "sentence",
)

#: Columns of :attr:`Report.places` (besides ``geometry``, a Point (lon, lat) in EPSG:4326).
PLACE_COLUMNS = (
    "name",
    "country",
    "kind",
    "source",
    "precision_m",
    "confidence",
    "note",
    "mentions",
    "border_distance_km",
    "nearest_crossing",
    "crossing_distance_km",
)

#: Place kinds that are areas, not points: no distance to the border, no zone membership, not a corridor's town.
AREA_KINDS = frozenset({"country", "continent", "region", "feature"})


@dataclass(frozen=True)
class PlaceMention:
    """Where an article mentions a place (a row of :attr:`Report.places`'s ``mentions`` lists).

    Attributes
    ----------
    article_id : str
    date : datetime.date or None
        The article's date.
    text : str
        The surface form as written.
    sentence : str
        The sentence containing it.
    start, end : int
        Character offsets into the article's text.
    """

    article_id: str
    date: dt.date | None
    text: str
    sentence: str
    start: int
    end: int


@dataclass
class Report:
    """Result of :func:`run_report`.

    Attributes
    ----------
    articles : list of Article
    mentions : list of Mention
    border : Border
    measures : BorderMeasures
        :func:`bordermap.border_measures`: ``tripoints``, ``fence`` (coverage of the fence,
        or None when neither the articles nor the caller give one), ``fence_assumption``
        and ``corridors`` (narrow corridors next to the border, a GeoDataFrame).
    places : GeoDataFrame
        One row per distinct place (most mentioned first, then the caller's ``extra_places``),
        EPSG:4326: ``name``, ``country``, ``kind``, ``source``, ``precision_m``, ``confidence``,
        ``note``, ``mentions`` (a list of :class:`PlaceMention`), ``border_distance_km``,
        ``nearest_crossing``, ``crossing_distance_km`` (NaN/None for countries, continents and
        regions) and ``geometry`` (a Point (lon, lat)).
    claims : list of Claim
        Every quantity the articles state (lengths, counts, money).
    computed : dict of str to float
        What bordermap computed for the report's border, in km (``border_length``, ``corridor_width``).
        Claims are not checked against these alone: each claim is measured on its own subject
        (:mod:`bordermap.checks`, see :meth:`verdicts`).
    article_pairs : dict of str to (str, str)
        Each article's own border (the neighbouring pair it names most; the report's pair if none):
        a claim that names no country is about it.
    languages : dict of str to str
        Each article's language (ISO 639-1 code, :func:`bordermap.text.language.detect_language`);
        an article not in English gets a :class:`bordermap.exc.LanguageWarning` from :func:`run_report`.
    zone : Zone or None
        The border zone, if asked for (:func:`bordermap.border_zone`).
    unresolved : list of dict
        Names that could not be placed: those the caller asked for (``extra_places=``, ``--place``)
        that could not be geocoded, and names the articles present as places (``the village of X``,
        ``X border crossing``) that the offline gazetteer lacks: ``name`` and ``reason`` (one line),
        and for article names ``article_id`` and ``sentence``.  Online geocoding
        (``--place NAME --geocoder nominatim``) is the opt-in way to place them.
    crossings : GeoDataFrame or None
        The border crossings used for ``nearest_crossing`` (:func:`border_crossings`).
    out : Path or None
        Folder written, if any.
    run_id : str or None
        The id of the run that wrote :attr:`out`: ``report.json``'s ``run_id`` (with ``files``, the
        SHA-256 of every other file of the set) and ``map.html``'s ``bordermap-run`` meta tag.  The
        GeoJSON and CSV files do not carry it: two runs on the same input write them byte for byte.
    """

    articles: list[Article]
    mentions: list[Mention]
    border: Border
    measures: BorderMeasures
    places: gpd.GeoDataFrame
    claims: list[Claim] = field(default_factory=list)
    computed: dict[str, float] = field(default_factory=dict)
    zone: Zone | None = None
    out: Path | None = None
    unresolved: list[dict[str, str]] = field(default_factory=list)
    crossings: gpd.GeoDataFrame | None = None
    run_id: str | None = None
    article_pairs: dict[str, tuple[str, str]] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    _measurer: Any = field(default=None, repr=False, compare=False)
    _checks: list[ClaimCheck] | None = field(default=None, repr=False, compare=False)
    _display: Any = field(default=None, repr=False, compare=False)  # the map's geometry, from the pair cache

    def measurer(self) -> Any:
        """The :class:`bordermap.checks.ClaimMeasurer` of this report (made once)."""
        if self._measurer is None:
            from .checks import claim_measurer

            self._measurer = claim_measurer(
                countries=load_countries(),
                border=self.border,
                mentions=self.mentions,
                article_pairs=self.article_pairs,
                corridors=self.measures.corridors,
            )
        return self._measurer

    def checks(self) -> list[ClaimCheck]:
        """Every claim (counts and money too) with its verdict, band and reason, in article order."""
        if self._checks is None:
            measure = self.measurer()
            self._checks = [judge_claim(c, measure(c) if c.geographic else None) for c in self.claims]
        return self._checks

    def to_map(self, countries: gpd.GeoDataFrame | None = None, *, tiles: str | None = None) -> Any:
        """The report's Leaflet map (:func:`bordermap.make_map` with every layer of the report).

        Parameters
        ----------
        countries : GeoDataFrame, optional
            Country polygons to draw (default the bundled world).
        tiles : str, optional
            An online tile basemap (e.g. ``"OpenStreetMap"``); default none (works offline).

        Returns
        -------
        folium.Map
            Displays inline in Jupyter; ``.save(path)`` writes a self-contained page,
            ``.save(path, cdn=True)`` the smaller one that loads Leaflet online.
        """
        return self._map(load_countries() if countries is None else countries, tiles=tiles)

    def _map(self, frame: gpd.GeoDataFrame, *, tiles: str | None = None, display: Any = None) -> Any:
        from .publish.maps import make_map

        b = self.border
        return make_map(
            frame,
            b,
            self.places,
            title=f"{b.names[0]}–{b.names[1]} border: {b.length_km:.0f} km",
            fence=self.measures.fence,
            corridors=self.measures.corridors,
            zone=self.zone,
            claims=self.verdicts(),
            unresolved=self.unresolved,
            tiles=tiles,
            fence_assumption=self.measures.fence_assumption,
            articles={a.id: a.title or a.id for a in self.articles},
            display=display,
        )

    def verdicts(self) -> list[ClaimCheck]:
        """Every geographic claim with its verdict (:func:`bordermap.text.claims.judge_claims`), one per claim.

        Each claim is measured on its own subject (:mod:`bordermap.checks`): a border length against
        the band of the border it names (whatever pair the report maps), a distance against the
        geodesic distance from its place, a fence length against the border it stands on (``plausible``
        if it is no longer than the border), a corridor width against the corridor near its places.
        """
        return [ch for ch in self.checks() if ch.claim.geographic]

    def to_dict(self) -> dict[str, Any]:
        """The content of ``report.json``: plain JSON, numbers rounded, geometries as GeoJSON."""
        from .publish.geojson import geometry_to_geojson

        b = self.border
        m = self.measures
        return {
            **({"run_id": self.run_id} if self.run_id else {}),
            "countries": [b.a, b.b],
            "country_names": list(b.names),
            "border": {
                "length_km": round(b.length_km, 3),
                "maritime_km": round(b.maritime_km, 3),
                "tolerance_m": b.tolerance_m,
                "tripoints": [_tripoint_json(t) for t in b.tripoints],
            },
            "articles": [
                {
                    "id": a.id,
                    "title": a.title,
                    "date": a.date.isoformat() if a.date else None,
                    "path": a.path,
                    "language": self.languages.get(a.id),
                }
                for a in self.articles
            ],
            "places": _places_json(self.places),
            "claims": [_verdict_json(v) for v in self.verdicts()],
            "quantities": [
                _claim_json(ch.claim) | {"verdict": str(ch.verdict), "reason": ch.reason}
                for ch in self.checks()
                if not ch.claim.geographic
            ],
            "fence": None if m.fence is None else _fence_json(m.fence, m.fence_assumption),
            "corridors": _corridors_json(m.corridors),
            "zone": None
            if self.zone is None
            else {
                "width_km": self.zone.width_km,
                "within": self.zone.within,
                "places": list(self.zone.places),
                "geometry": geometry_to_geojson(self.zone.geometry),
            },
            "unresolved": self.unresolved,
            "crossings": []
            if self.crossings is None
            else [
                {"name": str(c.name), "lat": round(float(c.lat), 6), "lon": round(float(c.lon), 6)}
                for c in self.crossings[["name", "lat", "lon"]].itertuples()
            ],
        }

    def summary(self) -> str:
        """A short human summary."""
        b = self.border
        named = [
            f"{p.name} ({p.country or '-'}, {len(p.mentions)}x)"
            for p in self.places[["name", "country", "mentions"]].itertuples()
        ]
        lines = [
            f"{len(self.articles)} article(s), {len(self.mentions)} place mention(s), "
            f"{len(self.places)} distinct place(s)",
            f"border {b.names[0]} ({b.a}) – {b.names[1]} ({b.b}): {b.length_km:.1f} km"
            + (f" (+{b.maritime_km:.1f} km at sea, not counted)" if b.maritime_km > 0.05 else ""),
            "places: " + ", ".join(named),
        ]
        fence = self.measures.fence
        if fence is not None:
            lines.append(
                f"fence: {fence.covered_km:.1f} km covers {100 * fence.share:.1f} % of the border, "
                f"{_length_km(fence.uncovered):.1f} km uncovered"
                + (" (assumed placement, see report.json)" if self.measures.fence_assumption else "")
            )
        for c in self.measures.corridors.head(3).itertuples():
            lines.append(f"corridor: {c.country} narrows to {c.width_km:.2f} km at {lat_lon_text(c.lat, c.lon)}")
        if self.zone is not None:
            lines.append(
                f"zone: {self.zone.width_km:g} km strip; places inside: {', '.join(self.zone.places) or 'none'}"
            )
        checked = format_checks(self.verdicts())
        if checked:
            lines.append(checked)
        for u in self.unresolved:
            lines.append(f"unresolved: {u['name']!r}: {u['reason']}")
        if self.out:
            lines.append(f"written to {self.out}/: " + ", ".join(self.output_files()))
        return "\n".join(lines)

    def output_files(self) -> tuple[str, ...]:
        """The files :func:`run_report` writes for this report."""
        return OUTPUT_FILES + (("zone.geojson",) if self.zone is not None else ())

    def claims_rows(self) -> list[dict[str, Any]]:
        """``claims.csv``'s rows: one per claim (:data:`CLAIM_COLUMNS`), the article named by its title."""
        titles = {a.id: a.title or a.id for a in self.articles}
        rows = []
        for ch in self.checks():
            c = ch.claim
            rows.append(
                {
                    "text": c.text,
                    "kind": c.kind,
                    "subject": ch.subject or _claim_subject(c),
                    "value": c.value,
                    "unit": c.unit,
                    "km": c.km,
                    "qualifier": c.qualifier,
                    "computed_km": _rounded(ch.computed_km, 3),
                    "band_low_km": _rounded(ch.band_km[0], 3) if ch.band_km else None,
                    "band_high_km": _rounded(ch.band_km[1], 3) if ch.band_km else None,
                    "verdict": str(ch.verdict),
                    "reason": ch.reason,
                    "article": titles.get(c.article_id, c.article_id),
                    "article_id": c.article_id,
                    "sentence": c.sentence,
                }
            )
        return rows


def _claim_subject(c: Claim) -> str:
    if c.kind == "distance":
        return f"{c.place or '?'} to {c.reference or '?'}"
    return "–".join(c.subject)


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

    Raises
    ------
    NoSharedBorderError
        No two mentioned countries of the dataset are neighbours.
    """
    from .text.gazetteer import place_countries

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
        ga, gb = country_row(countries, a).geometry, country_row(countries, b).geometry
        if within_distance(ga, gb, 0.01):
            return (a, b) if (local[a], counts[a]) >= (local[b], counts[b]) else (b, a)
    raise NoSharedBorderError(
        "the articles name no two neighbouring countries of the dataset "
        f"(named: {', '.join(present) or 'none'}); pass --countries A B"
    )


def populated_places(bounds: tuple[float, float, float, float] | None = None) -> gpd.GeoDataFrame:
    """The bundled gazetteer's places that are points (not countries, continents or regions).

    Parameters
    ----------
    bounds : (float, float, float, float), optional
        ``(min_lon, min_lat, max_lon, max_lat)``: only the places in this box.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, in gazetteer order: ``name``, ``country``, ``kind``, ``population`` and
        ``geometry`` (a Point (lon, lat)); what :func:`bordermap.border_measures` takes as ``places``.

    Examples
    --------
    >>> towns = populated_places((25.5, 54.1, 25.8, 54.3))
    >>> "Dieveniškės" in set(towns["name"]), towns.crs.to_epsg()
    (True, 4326)
    """
    from .text.gazetteer import KINDS, default_gazetteer

    towns = default_gazetteer().to_gdf(bounds=bounds, kinds=[k for k in KINDS if k not in AREA_KINDS])
    return towns[["name", "country", "kind", "population", "geometry"]]


def _place_record(p: Place, *, confidence: float, note: str) -> dict[str, Any]:
    """A row of :attr:`Report.places` (its ``mentions`` still empty, no distances yet)."""
    return {
        "name": p.name,
        "lon": p.lon,
        "lat": p.lat,
        "country": p.country,
        "kind": p.kind,
        "source": p.source,
        "precision_m": p.precision_m,
        "confidence": confidence,
        "note": note,
        "mentions": [],
        "border_distance_km": math.nan,
        "nearest_crossing": None,
        "crossing_distance_km": math.nan,
    }


def _mentioned_places(mentions: list[Mention], articles: list[Article]) -> list[dict[str, Any]]:
    """One record per distinct place mentioned, most mentioned first."""
    dates = {a.id: a.date for a in articles}
    by_id: dict[str, dict[str, Any]] = {}
    for m in mentions:
        p = m.place
        entry = by_id.setdefault(p.id or p.name, _place_record(p, confidence=m.confidence, note=p.note))
        entry["confidence"] = max(entry["confidence"], m.confidence)
        entry["mentions"].append(
            PlaceMention(m.article_id, dates.get(m.article_id), m.text, m.sentence, m.start, m.end)
        )
    return sorted(by_id.values(), key=lambda e: (-len(e["mentions"]), e["name"]))


def _places_frame(records: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame(
        [{k: r[k] for k in PLACE_COLUMNS} for r in records],
        columns=list(PLACE_COLUMNS),
        geometry=shapely.points([(r["lon"], r["lat"]) for r in records]) if records else [],
        crs="EPSG:4326",
    )


def _points_frame(items: Iterable[tuple[str, float, float]]) -> gpd.GeoDataFrame:
    """Named points (name, lon, lat) as a GeoDataFrame with ``name``, ``lat``, ``lon`` and ``geometry``."""
    import geopandas as gpd
    import shapely

    rows = list(items)
    return gpd.GeoDataFrame(
        {"name": [n for n, _, _ in rows], "lat": [y for _, _, y in rows], "lon": [x for _, x, _ in rows]},
        geometry=shapely.points([(x, y) for _, x, y in rows]) if rows else [],
        crs="EPSG:4326",
    )


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
    from .geometry.fence import border_measures

    if zone_km is not None:
        _check_zone_km(zone_km)  # before any work
    out_dir = _check_out(out) if out is not None else None
    if isinstance(crossings, (str, os.PathLike)):
        from .data.points import read_points

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
    mentions = [m for _, found in per_article for m in found]
    claims = [c for a, found in per_article for c in extract_claims(a, mentions=found)]
    if countries is not None or len(per_article) == 1:
        # the caller fixed the pair, or it was chosen from this one article: "the border" of every claim is it
        article_pairs = {a.id: (border.a, border.b) for a, _ in per_article}
    else:
        article_pairs = {a.id: _article_pair(found, frame, border, evidence[a.id]) for a, found in per_article}
    from .checks import claim_measurer

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
    unresolved = _article_unresolved(per_article) + _add_named_places(records, extra_places or [], geocoder)
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
            from .publish.maps import simplify_countries

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

    from .text.language import detect_language

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
    from .text.countrynames import country_name_counts

    total: Counter[str] = Counter()
    for a in articles:
        if languages.get(a.id) not in ("en", "und"):
            total.update(country_name_counts(a.text))
    return total


def _json_text(obj: Any) -> str:
    """``report.json``'s text: objects, and lists holding objects, indented by two spaces; other lists
    (positions, coordinates, codes) on one line.

    Readable where it matters, and written by the C encoder where the bulk is (a fence's coordinates
    indented one number per line made ``report.json`` three times larger and slow to write).

    Examples
    --------
    >>> print(_json_text({"a": [1, 2], "b": [{"c": None}], "d": {}}), end="")
    {
      "a": [1, 2],
      "b": [
        {
          "c": null
        }
      ],
      "d": {}
    }
    """

    def text(value: Any, level: int) -> str:
        pad, end = "  " * (level + 1), "  " * level
        if isinstance(value, dict) and value:
            items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {text(v, level + 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + end + "}"
        if isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
            return "[\n" + ",\n".join(pad + text(v, level + 1) for v in value) + "\n" + end + "]"
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    return text(obj, 0) + "\n"


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
    from .geometry.fence import fence_coverage, read_fence

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

    from .text.geocoding import geocode

    res = geocode(end, geocoder=geocoder)
    return Point(res.lon, res.lat)


def _article_unresolved(per_article: list[tuple[Article, list[Mention]]]) -> list[dict[str, str]]:
    """Names the articles present as places (``the village of X``, ``X border crossing``) that the gazetteer lacks.

    One entry per distinct name, in order of first appearance, with the first article and
    sentence that name it and the cue that marks it as a place.
    """
    from .text.unresolved import unresolved_names

    seen: dict[str, dict[str, str]] = {}
    for a, found in per_article:
        for u in unresolved_names(a, mentions=found):
            if u.text not in seen:
                seen[u.text] = {
                    "name": u.text,
                    "reason": f"named as a place ({u.cue}) but not in the offline gazetteer; "
                    "try --place NAME --geocoder nominatim",
                    "article_id": u.article_id,
                    "sentence": u.sentence,
                }
    return list(seen.values())


def _add_named_places(records: list[dict[str, Any]], names: list[str], geocoder: str | None) -> list[dict[str, str]]:
    """Geocode the caller's extra place names into ``records``; the ones that fail, with the reason."""
    if not names:
        return []  # and geopy is not even imported
    import warnings

    from .exc import GeocodingError
    from .text.geocoding import geocode

    unresolved: list[dict[str, str]] = []
    known = {(r["name"], r["country"]) for r in records}
    for name in names:
        try:
            p = geocode(name, geocoder=geocoder).place
        except GeocodingError as err:
            reason = " ".join(str(err).split())  # one line whatever the service said
            warnings.warn(f"place {name!r}: unresolved ({reason})", stacklevel=3)
            unresolved.append({"name": name, "reason": reason})
            continue
        if (p.name, p.country) in known:
            continue
        known.add((p.name, p.country))
        records.append(_place_record(p, confidence=1.0, note=p.note or f"asked for as {name!r}"))
    return unresolved


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


#: A homonym this close to the report's border (km) beats the reading chosen from the text alone when that
#: one lies farther than :data:`HOMONYM_FAR_KM` from it: the story is about this border.
HOMONYM_NEAR_KM = 25.0
HOMONYM_FAR_KM = 100.0


def _near_the_border(found: list[Mention], border: Border) -> list[Mention]:
    """The mentions, each homonym read as the place of its name near the report's border when there is one.

    A town, village or crossing the text alone placed more than :data:`HOMONYM_FAR_KM` from the border,
    whose name also belongs to a place of one of the border's two countries within :data:`HOMONYM_NEAR_KM`
    of it (among the alternatives extraction kept), is that place: among places of one name, the one near
    the border the article is about.
    """
    import dataclasses

    pair = {border.a, border.b}
    local = ("city", "town", "village", "crossing")
    far: dict[tuple[str, float, float], bool] = {}

    def away(p: Place) -> float:
        return border.project(lat=p.lat, lon=p.lon)[1]

    out = []
    for m in found:
        p = m.place
        if p.kind in local and m.alternatives:
            near = [a for a in m.alternatives if a.kind in local and a.country in pair]
            if near:
                key = (p.name, p.lon, p.lat)
                if key not in far:
                    far[key] = away(p) > HOMONYM_FAR_KM
                if far[key]:
                    close = [(away(a), k, a) for k, a in enumerate(near)]
                    km, _, best = min(close)
                    if km <= HOMONYM_NEAR_KM:
                        rest = tuple(a for a in m.alternatives if a is not best)
                        m = dataclasses.replace(m, place=best, alternatives=(p, *rest), sentence=m.sentence)
        out.append(m)
    return out


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


def _local(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] not in AREA_KINDS]


#: Curated crossings farther than this from the border measured are another border's (km).
CROSSING_REACH_KM = 25.0


def border_crossings(border: Border, crossings: Any = None) -> gpd.GeoDataFrame:
    """The crossings of ``border``: the caller's, or the curated ones that lie on this border.

    Parameters
    ----------
    border : Border
    crossings : path-like, GeoDataFrame, or False, optional
        A GeoJSON/CSV file of named points (:func:`bordermap.data.points.read_points`), a
        GeoDataFrame of points with a ``name`` column, or ``False`` for none.  Default: the
        curated crossings (``geodata/places.csv``) of the two countries that lie within
        :data:`CROSSING_REACH_KM` of this border, so that another border's crossings never appear.

    Returns
    -------
    GeoDataFrame
        ``name``, ``lat``, ``lon``, ``geometry`` (Point (lon, lat)); possibly empty.

    Examples
    --------
    >>> import bordermap
    >>> sorted(border_crossings(bordermap.shared_border("LTU", "BLR")).name)[:2]
    ['Kena', 'Lavoriškės']
    >>> len(border_crossings(bordermap.shared_border("POL", "BLR")))  # none curated there
    0
    """
    from .data.points import read_points
    from .geometry.measures import distances_to_border
    from .text.gazetteer import curated_places

    if crossings is False:
        return _points_frame([])
    if isinstance(crossings, (str, os.PathLike)):
        return read_points(crossings)
    if crossings is not None:
        return crossings
    pair = {border.a, border.b}
    mine = [(c.name, c.lon, c.lat) for c in curated_places() if c.kind == "crossing" and c.country in pair]
    frame = _points_frame(mine)
    if not mine:
        return frame
    near = distances_to_border(border, frame)["border_km"].to_numpy() <= CROSSING_REACH_KM
    return frame[near].reset_index(drop=True)


def _add_distances(border: Border, records: list[dict[str, Any]], crossings: gpd.GeoDataFrame) -> None:
    """Distance to the border, and to the nearest crossing of this border within settings.nearest_crossing_max_km."""
    from . import settings
    from .geometry.measures import distances_to_border

    local = _local(records)
    if not local:
        return
    table = distances_to_border(
        border,
        _points_frame((r["name"], r["lon"], r["lat"]) for r in local),
        crossings=crossings if len(crossings) else None,
    )
    for r, row in zip(local, table.to_dict("records"), strict=True):
        r["border_distance_km"] = float(row["border_km"])
        if len(crossings) and float(row["crossing_km"]) <= settings.nearest_crossing_max_km:
            r["nearest_crossing"] = row["crossing"]
            r["crossing_distance_km"] = float(row["crossing_km"])


#: The widest border zone (km): wider strips leave the country and the geodesic buffer breaks down.
MAX_ZONE_KM = 1000.0


def _check_zone_km(zone_km: Any) -> None:
    from .exc import ArgumentError

    if isinstance(zone_km, bool) or not isinstance(zone_km, (int, float)) or not math.isfinite(zone_km) or zone_km <= 0:
        raise ArgumentError(f"zone_km={zone_km!r}: must be a positive, finite number of km")
    if zone_km > MAX_ZONE_KM:
        raise ArgumentError(f"zone_km={zone_km!r}: out of range (allowed: more than 0 and at most {MAX_ZONE_KM:g} km)")


def _zone(border: Border, frame: gpd.GeoDataFrame, zone_km: float, records: list[dict[str, Any]]) -> Zone:
    from .geometry.measures import border_zone

    local = _points_frame((r["name"], r["lon"], r["lat"]) for r in _local(records))
    return border_zone(border, zone_km, within=border.a, countries=frame, places=local)


def _check_out(out: str | os.PathLike[str]) -> Path:
    from ._outputs import check_targets

    path = Path(out)
    check_targets(path, ALL_OUTPUT_FILES)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"--out {path}: cannot create folder ({err.strerror})") from err
    if not os.access(path, os.W_OK):
        raise OutputError(f"--out {path}: folder is not writable")
    return path


def _write_outputs(
    report: Report,
    frame: gpd.GeoDataFrame,
    out: Path,
    *,
    self_contained: bool | None = None,
    cdn: bool = False,
    tiles: str | None = None,
) -> None:
    """Render everything into a staging folder, then swap the set into ``out`` as one unit (see ``_outputs``).

    The GeoJSON and CSV files are the same bytes for the same input (no run id, no time in them);
    ``report.json`` is the manifest: the run id and ``files``, the SHA-256 of every other file of the
    set (``map.html`` also names the run, in ``<meta name="bordermap-run">``).
    """
    from ._outputs import file_hashes, replace_outputs, write_file
    from .publish.geojson import dumps
    from .publish.places import place_layers

    b = report.border
    border_fc = feature_collection(
        [
            feature(
                b.geometry,
                {
                    "a": b.a,
                    "b": b.b,
                    "names": list(b.names),
                    "length_km": round(b.length_km, 3),
                    "maritime_km": round(b.maritime_km, 3),
                    "source": "geo-maps countries-maritime-10m 0.6.0 (ODbL)",
                },
            )
        ]
    )
    places_fc, mentions_fc = place_layers(_places_json(report.places))
    page = report._map(frame, tiles=tiles, display=report._display).to_html(cdn=cdn, self_contained=self_contained)

    def write(staging: Path, run_id: str) -> None:
        report.run_id = run_id
        write_file(staging / "border.geojson", dumps(border_fc))
        write_file(staging / "places.geojson", dumps(places_fc))
        write_file(staging / "mentions.geojson", dumps(mentions_fc))
        write_file(staging / "fence.geojson", dumps(_fence_fc(report)))
        write_file(staging / "corridors.geojson", dumps(_corridors_fc(report)))
        write_file(staging / "claims.csv", _claims_csv(report))
        if report.zone is not None:
            write_file(staging / "zone.geojson", dumps(_zone_fc(report.zone)))
        write_file(staging / "map.html", _with_run_id(page, run_id))
        files = file_hashes(staging, [n for n in report.output_files() if n != "report.json"])
        write_file(staging / "report.json", _json_text(report.to_dict() | {"files": files}))

    try:
        replace_outputs(out, report.output_files(), write, ours=ALL_OUTPUT_FILES)
    except BaseException as err:
        report.run_id = None
        if isinstance(err, OSError) and not isinstance(err, OutputError):
            raise OutputError(f"{out}: cannot write outputs ({err.strerror or err})") from err
        raise


def _with_run_id(page: str, run_id: str) -> str:
    """The page with ``<meta name="bordermap-run" content="RUN">`` as the first element of its head."""
    tag = f'<meta name="bordermap-run" content="{run_id}">'
    i = page.find("<head>")
    return page[: i + 6] + "\n    " + tag + page[i + 6 :] if i >= 0 else f"<!-- bordermap-run {run_id} -->\n" + page


def _fence_fc(report: Report) -> dict[str, Any]:
    """``fence.geojson``: the fence's sections and the uncovered stretches, with km from/to (empty if no fence)."""
    m = report.measures
    cov = m.fence
    if cov is None:
        return feature_collection([])
    assumed = m.fence_assumption is not None
    feats = []
    for kind, sections in (("fence", cov.sections), ("uncovered", cov.uncovered)):
        for s in sections:
            feats.append(
                feature(
                    s.geometry,
                    {
                        "kind": kind,
                        "start_km": round(s.start_km, 3),
                        "end_km": round(s.end_km, 3),
                        "length_km": round(s.length_km, 3),
                        "label": s.label,
                        "border": f"{report.border.a}–{report.border.b}",
                        "placement": "assumed" if assumed else "given",
                        "assumption": m.fence_assumption or "",
                    },
                )
            )
    return feature_collection(feats)


def _corridors_fc(report: Report) -> dict[str, Any]:
    """``corridors.geojson``: each corridor's chord, with its width and what it connects."""
    feats = []
    for c in report.measures.corridors.itertuples():
        places = [] if _missing(c.places) else list(c.places)
        side = ", ".join(places[:5]) if places else "its smaller side"
        feats.append(
            feature(
                c.geometry,
                {
                    "country": c.country,
                    "width_km": round(float(c.width_km), 3),
                    "lat": round(float(c.lat), 5),
                    "lon": round(float(c.lon), 5),
                    "smaller_side_km2": round(float(c.smaller_side_km2), 1),
                    "places": ", ".join(places),
                    "connects": f"the part of {c.country} with {side} (about {float(c.smaller_side_km2):,.0f} km²) "
                    f"and the rest of {c.country}",
                },
            )
        )
    return feature_collection(feats)


def _zone_fc(zone: Zone) -> dict[str, Any]:
    """``zone.geojson``: the border zone asked for, with the places inside."""
    return feature_collection(
        [
            feature(
                zone.geometry,
                {"width_km": zone.width_km, "within": zone.within, "places": ", ".join(zone.places)},
            )
        ]
    )


def _claims_csv(report: Report) -> str:
    """``claims.csv``: :meth:`Report.claims_rows` as CSV (RFC 4180, UTF-8), formula cells neutralised."""
    import csv
    import io

    from ._csvcells import safe_cell

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CLAIM_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in report.claims_rows():
        writer.writerow({k: safe_cell("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()


# --------------------------------------------------------------------------- JSON (report.json) shaping


def _rounded(value: float | None, ndigits: int) -> float | None:
    return None if value is None else round(value, ndigits)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _geojson6(geom: BaseGeometry) -> dict[str, Any]:
    """A geometry as GeoJSON on a 1e-6 degree grid (fence sections and corridor chords of ``report.json``)."""
    import shapely
    from shapely.geometry import mapping

    return dict(mapping(shapely.set_precision(geom, 1e-6) if not geom.is_empty else geom))


def _length_km(sections: Iterable[Section]) -> float:
    return sum(s.length_km for s in sections)


def _tripoint_json(t: Tripoint) -> dict[str, Any]:
    return {"lon": t.lon, "lat": t.lat, "countries": list(t.countries), "kind": str(t.kind)}


def _section_json(s: Section) -> dict[str, Any]:
    return {
        "start_km": round(s.start_km, 3),
        "end_km": round(s.end_km, 3),
        "length_km": round(s.length_km, 3),
        "label": s.label,
        "geometry": _geojson6(s.geometry),
    }


def _fence_json(cov: FenceCoverage, assumption: str | None) -> dict[str, Any]:
    return {
        "covered_km": round(cov.covered_km, 3),
        "border_km": round(cov.border_km, 3),
        "share": round(cov.share, 4),
        "sections": [_section_json(s) for s in cov.sections],
        "uncovered": [_section_json(s) for s in cov.uncovered],
        "uncovered_km": round(_length_km(cov.uncovered), 3),
        "assumption": assumption,
    }


def _corridors_json(corridors: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    out = []
    for c in corridors.itertuples():
        row = {
            "country": c.country,
            "width_km": round(float(c.width_km), 3),
            "lat": round(float(c.lat), 5),
            "lon": round(float(c.lon), 5),
            "smaller_side_km2": round(float(c.smaller_side_km2), 1),
        }
        if not _missing(c.places):
            row["places"] = list(c.places)
        row["geometry"] = _geojson6(c.geometry)
        out.append(row)
    return out


def _claim_json(c: Claim) -> dict[str, Any]:
    return {
        "kind": str(c.kind),
        "value": c.value,
        "unit": c.unit,
        "km": c.km,
        "qualifier": c.qualifier,
        "subject": list(c.subject),
        "noun": c.noun,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "sentence": c.sentence,
        "article_id": c.article_id,
        "place": c.place,
        "reference": c.reference,
        "rounding_km": c.rounding_km,
    }


def _verdict_json(v: ClaimCheck) -> dict[str, Any]:
    row = {
        **_claim_json(v.claim),
        "computed_km": _rounded(v.computed_km, 3),
        "difference_pct": _rounded(v.difference_pct, 1),
        "verdict": str(v.verdict),
        "band_km": None if v.band_km is None else [round(v.band_km[0], 3), round(v.band_km[1], 3)],
        "claimed_km": None
        if v.claimed_km is None
        else [round(v.claimed_km[0], 3), None if math.isinf(v.claimed_km[1]) else round(v.claimed_km[1], 3)],
        "measured": v.subject,
        "reason": v.reason,
    }
    if v.share_of_border is not None:
        row["share_of_border"] = round(v.share_of_border, 4)
    return row


def _mention_json(m: PlaceMention) -> dict[str, Any]:
    return {
        "article_id": m.article_id,
        "date": m.date.isoformat() if m.date else None,
        "text": m.text,
        "sentence": m.sentence,
        "start": m.start,
        "end": m.end,
    }


def _places_json(places: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The rows of :attr:`Report.places` as ``report.json`` lists them (distances only where computed)."""
    out = []
    geom_col = places.geometry.name
    for r in places.to_dict("records"):
        point = r[geom_col]
        row = {
            "name": r["name"],
            "lat": float(point.y),
            "lon": float(point.x),
            "country": r["country"],
            "kind": str(r["kind"]),
            "source": r["source"],
            "precision_m": r["precision_m"],
            "confidence": r["confidence"],
            "note": r["note"],
            "mentions": [_mention_json(m) for m in r["mentions"]],
        }
        if not _missing(r["border_distance_km"]):
            row["border_distance_km"] = round(float(r["border_distance_km"]), 3)
        if not _missing(r["nearest_crossing"]):
            row["nearest_crossing"] = r["nearest_crossing"]
            row["crossing_distance_km"] = round(float(r["crossing_distance_km"]), 3)
        out.append(row)
    return out


# --------------------------------------------------------------------------- corpora (bordermap.corpus)


def corpus_borders(
    pair_counts: Mapping[tuple[str, str], int],
    *,
    max_borders: int = 8,
    countries: gpd.GeoDataFrame | None = None,
) -> list[Border]:
    """The borders a corpus talks about: the pairs of neighbouring countries most often named in one article.

    Parameters
    ----------
    pair_counts : mapping of (str, str) to int
        Number of articles that name both countries (ISO3), e.g. from the corpus's articles table.
    max_borders : int
        At most this many borders, the most named first.
    countries : GeoDataFrame, optional
        Default the bundled world.

    Returns
    -------
    list of Border
        Pairs that share a land border, most named first (pairs that are no neighbours are left out).

    Examples
    --------
    >>> [(b.a, b.b) for b in corpus_borders({("BLR", "LTU"): 7, ("FRA", "LTU"): 9, ("BLR", "POL"): 3})]
    [('BLR', 'LTU'), ('BLR', 'POL')]
    """
    import shapely

    frame = load_countries() if countries is None else countries
    codes = set(frame["iso_a3"])
    neighbours = _world_neighbours() if countries is None else None
    out: list[Border] = []
    for (a, b), _ in sorted(pair_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(out) >= max_borders:
            break
        if a == b or a not in codes or b not in codes:
            continue
        if neighbours is not None:
            found = _default_border(a, b) if (min(a, b), max(a, b)) in neighbours else None
        else:
            ga, gb = country_row(frame, a).geometry, country_row(frame, b).geometry
            if not shapely.dwithin(ga, gb, 0.01):
                continue
            try:
                found = shared_border(a, b, frame)
            except NoSharedBorderError:
                continue
        if found is not None:
            out.append(found)
    return out


@functools.lru_cache(maxsize=1)
def _world_neighbours() -> frozenset[tuple[str, str]]:
    """The pairs ``(a, b)``, ``a < b``, of countries of the bundled world that share a land border (one pass)."""
    from .geometry.table import border_table

    table = border_table(progress=False)
    return frozenset(zip(table["a"], table["b"], strict=True))


@functools.lru_cache(maxsize=256)
def _default_border(a: str, b: str) -> Border | None:
    """The border of two countries of the bundled world (None if they share none), computed once per process.

    A pair whose border cannot be extracted (a geometry error of the dataset) counts as sharing none, with
    a warning: one pair never stops a corpus run.
    """
    import warnings

    from shapely.errors import ShapelyError

    try:
        return shared_border(a, b, load_countries())
    except (NoSharedBorderError, KeyError):
        return None
    except (ShapelyError, ValueError) as err:
        warnings.warn(f"border {a}–{b}: cannot be extracted ({type(err).__name__}: {err}); left out", stacklevel=2)
        return None


def border_distances_km(border: Border, *, lon: Any, lat: Any) -> Any:
    """Geodesic distance (km) of each point to ``border`` (:func:`bordermap.distances_to_border`).

    Parameters
    ----------
    border : Border
    lon, lat : array-like of float
        The points, degrees.

    Returns
    -------
    numpy.ndarray of float

    Examples
    --------
    >>> import bordermap
    >>> km = border_distances_km(bordermap.shared_border("LTU", "BLR"), lon=[25.28], lat=[54.687])
    >>> bool(20 < km[0] < 40)
    True
    """
    import numpy as np

    from .geometry.measures import distances_to_border

    xs = np.asarray(lon, dtype=float)
    ys = np.asarray(lat, dtype=float)
    if not len(xs):
        return np.zeros(0)
    frame = _points_frame((str(k), float(x), float(y)) for k, (x, y) in enumerate(zip(xs, ys, strict=True)))
    return distances_to_border(border, frame)["border_km"].to_numpy(dtype=float)


def check_corpus_claims(claims: list[Claim], *, countries: gpd.GeoDataFrame | None = None) -> list[ClaimCheck | None]:
    """A verdict for each claim of a corpus where one can be given, else None (counts, money).

    A border or fence length about two countries (its ``subject``) is judged against that pair's border
    (:func:`bordermap.text.claims.judge_claims` with the computed border length); another geographic claim
    gets the verdict ``judge_claims`` gives a claim it has no value for.  Border lengths are computed once
    per pair.  (A report measures more, per article, with :mod:`bordermap.checks`; a corpus has no one
    border to measure against.)

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
    >>> cl = extract_claims("Lithuania's border with Belarus is about 680 km long. It holds 200 migrants.")
    >>> [None if v is None else str(v.verdict) for v in check_corpus_claims(cl)]
    ['consistent', None]
    """
    from .text.claims import judge_claims

    out: list[ClaimCheck | None] = []
    for c in claims:
        if not c.geographic:
            out.append(None)
            continue
        pair = tuple(c.subject)
        computed: dict[str, float] = {}
        if c.kind in ("border_length", "fence_length") and len(pair) == 2:
            border: Border | None = None
            if countries is None:
                if (min(pair), max(pair)) in _world_neighbours():
                    border = _default_border(pair[0], pair[1])
            else:
                try:
                    border = shared_border(pair[0], pair[1], countries)
                except (NoSharedBorderError, KeyError):
                    border = None
            if border is not None:
                computed["border_length"] = border.length_km
        checks = judge_claims([c], computed, pair=(pair[0], pair[1]) if len(pair) == 2 else None)
        out.append(checks[0] if checks else None)
    return out
