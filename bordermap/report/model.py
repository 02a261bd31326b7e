"""The report's typed results: :class:`Report`, :class:`PlaceMention`, and the columns of its files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._coords import lat_lon_text
from ..data.countries import load_countries
from ..geometry.borders import Border
from ..text.articles import Article
from ..text.claims import Claim, ClaimCheck, format_checks, judge_claim
from ..text.extractor import Mention
from ..text.kinds import AREA_KINDS as _AREA_KINDS
from .shape import (
    _claim_json,
    _corridors_json,
    _fence_json,
    _length_km,
    _places_json,
    _rounded,
    _tripoint_json,
    _verdict_json,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from ..geometry.fence import BorderMeasures
    from ..geometry.measures import Zone

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
AREA_KINDS = _AREA_KINDS


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
            from ..checks import claim_measurer

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
        from ..publish.maps import make_map

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
        from ..publish.geojson import geometry_to_geojson

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
