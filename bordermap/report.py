"""The main job: articles -> places; countries -> border; both -> map and files."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .exc import NoSharedBorderError, OutputError
from .text.articles import Article, read_articles
from .geometry.borders import Border, shared_border
from .text.claims import Claim, check_claims, claims_table, extract_claims, format_checks
from .data.countries import country_row, load_countries
from .publish.geojson import feature, feature_collection, write_json
from .text.extractor import Mention, extract_places

if TYPE_CHECKING:
    import geopandas as gpd

    from .text.gazetteer import Place

#: Files the report writes.
OUTPUT_FILES = ("map.html", "border.geojson", "places.geojson", "report.json")


@dataclass
class Report:
    """Result of :func:`run_report`.

    Attributes
    ----------
    articles : list of Article
    mentions : list of Mention
    border : Border
    places : list of dict
        One per distinct place: ``name``, ``lat``, ``lon``, ``country``, ``kind``,
        ``source``, ``mentions`` (article id, date, sentence, surface text).
    claims : list of Claim
        Every quantity the articles state (lengths, counts, money).
    computed : dict of str to float
        What bordermap computed per claim kind, in km (``border_length``,
        ``corridor_width``); claims of those kinds are checked against it.
    measures : dict
        :func:`bordermap.border_measures`: ``tripoints``, ``fence`` (coverage of the
        fence, or None when neither the articles nor the caller give one) and
        ``corridors`` (narrow corridors next to the border).
    zone : dict or None
        The border zone, if asked for: ``width_km``, ``within``, ``places`` inside, and
        ``geometry`` (GeoJSON).
    unresolved : list of dict
        Names the caller asked to place (``extra_places=``, ``--place``) that could not be geocoded:
        ``name`` and ``reason`` (one line).  Article mentions are never unresolved: the offline
        extractor only reports names its gazetteer resolves; other words are not mentions.
    out : Path or None
        Folder written, if any.
    """

    articles: list[Article]
    mentions: list[Mention]
    border: Border
    places: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    computed: dict[str, float] = field(default_factory=dict)
    measures: dict[str, Any] = field(default_factory=dict)
    zone: dict[str, Any] | None = None
    out: Path | None = None
    unresolved: list[dict[str, str]] = field(default_factory=list)

    def to_map(self, countries: gpd.GeoDataFrame | None = None) -> Any:
        """The report's Leaflet map (:func:`bordermap.make_map` with every layer of the report).

        Parameters
        ----------
        countries : GeoDataFrame, optional
            Country polygons to draw (default the bundled extract).

        Returns
        -------
        folium.Map
            Displays inline in Jupyter; ``.save(path, self_contained=...)`` writes it.
        """
        from .publish.maps import make_map

        b = self.border
        frame = load_countries() if countries is None else countries
        title = f"{b.names[0]}–{b.names[1]} border: {b.length_km:.0f} km"
        return make_map(frame, b, self.places, title=title, **_map_layers(self))

    def claim_rows(self) -> list[dict[str, Any]]:
        """Every geographic claim with the computed value, difference in % and verdict.

        A fence (or barrier) length cannot be measured on country polygons; it is
        checked against the border it stands on: ``plausible`` if it is no longer than
        the border (``share_of_border`` says how much it would cover), else
        ``inconsistent``.
        """
        b = self.border
        rows = claims_table(self.claims, self.computed, pair=(b.a, b.b))
        for r in rows:
            if r["kind"] == "fence_length" and r["verdict"] == "not computed" and r.get("km"):
                r["computed_km"] = round(b.length_km, 3)
                r["share_of_border"] = round(r["km"] / b.length_km, 4)
                r["verdict"] = "plausible" if r["km"] <= b.length_km else "inconsistent"
                r["note"] = "checked against the border length (upper bound); the fence itself is not in the data"
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The content of ``report.json``."""
        b = self.border
        return {
            "countries": [b.a, b.b],
            "country_names": list(b.names),
            "border": {
                "length_km": round(b.length_km, 3),
                "maritime_km": round(b.maritime_km, 3),
                "tolerance_m": b.tolerance_m,
                "tripoints": [t.to_dict() for t in b.tripoints],
            },
            "articles": [
                {"id": a.id, "title": a.title, "date": a.date.isoformat() if a.date else None, "path": a.path}
                for a in self.articles
            ],
            "places": self.places,
            "claims": self.claim_rows(),
            "quantities": [c.to_dict() for c in self.claims if not c.geographic],
            "fence": self.measures.get("fence"),
            "corridors": self.measures.get("corridors", []),
            "zone": self.zone,
            "unresolved": self.unresolved,
        }

    def summary(self) -> str:
        """A short human summary."""
        b = self.border
        lines = [
            f"{len(self.articles)} article(s), {len(self.mentions)} place mention(s), "
            f"{len(self.places)} distinct place(s)",
            f"border {b.names[0]} ({b.a}) – {b.names[1]} ({b.b}): {b.length_km:.1f} km"
            + (f" (+{b.maritime_km:.1f} km at sea, not counted)" if b.maritime_km > 0.05 else ""),
            "places: " + ", ".join(f"{p['name']} ({p['country'] or '-'}, {len(p['mentions'])}x)" for p in self.places),
        ]
        fence = self.measures.get("fence")
        if fence:
            lines.append(
                f"fence: {fence['covered_km']:.1f} km covers {100 * fence['share']:.1f} % of the border, "
                f"{fence['uncovered_km']:.1f} km uncovered"
                + (" (assumed placement, see report.json)" if fence.get("assumption") else "")
            )
        for c in self.measures.get("corridors", [])[:3]:
            lines.append(
                f"corridor: {c['country']} narrows to {c['width_km']:.2f} km at {c['lat']:.3f} N, {c['lon']:.3f} E"
            )
        if self.zone:
            lines.append(
                f"zone: {self.zone['width_km']:g} km strip; places inside: {', '.join(self.zone['places']) or 'none'}"
            )
        checked = format_checks(check_claims(self.claims, self.computed))
        if checked:
            lines.append(checked)
        for r in self.claim_rows():
            if r["verdict"] in ("plausible", "not computed", "other border"):
                extra = f" ({100 * r['share_of_border']:.1f} % of the border)" if "share_of_border" in r else ""
                lines.append(f'claims: {r["kind"]} "{r["text"]}" = {r["km"]:g} km: {r["verdict"]}{extra}')
        for u in self.unresolved:
            lines.append(f"unresolved: {u['name']!r}: {u['reason']}")
        if self.out:
            lines.append(f"written to {self.out}/: " + ", ".join(OUTPUT_FILES))
        return "\n".join(lines)


def choose_pair(mentions: list[Mention], countries: gpd.GeoDataFrame) -> tuple[str, str]:
    """The neighbouring pair of countries mentioned most often.

    Countries are counted by country mentions and by the country of each mentioned
    place; a pair qualifies if both are in the dataset and share a land border.

    Raises
    ------
    NoSharedBorderError
        No two mentioned countries of the dataset are neighbours.
    """
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.place.country:
            counts[m.place.country] += 2 if m.place.kind == "country" else 1
    present = [c for c, _ in counts.most_common() if c in set(countries["iso_a3"])]
    pairs = sorted(
        ((a, b) for i, a in enumerate(present) for b in present[i + 1 :]),
        key=lambda ab: -(counts[ab[0]] + counts[ab[1]]),
    )
    # Within the pair, the country where the story's places are (towns, villages,
    # crossings) comes first: ("LTU", "BLR") for articles about Lithuania's border.
    local: Counter[str] = Counter(m.place.country for m in mentions if m.place.kind not in ("country", "continent"))
    for a, b in pairs:
        ga, gb = country_row(countries, a).geometry, country_row(countries, b).geometry
        if ga.buffer(0.01).intersects(gb):
            return (a, b) if (local[a], counts[a]) >= (local[b], counts[b]) else (b, a)
    raise NoSharedBorderError(
        "the articles name no two neighbouring countries of the dataset "
        f"(named: {', '.join(present) or 'none'}); pass --countries A B"
    )


def _place_row(p: Place, *, confidence: float, note: str) -> dict[str, Any]:
    """A row of ``report.json``'s ``places`` (its ``mentions`` still empty)."""
    return {
        "name": p.name,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "kind": p.kind,
        "source": p.source,
        "precision_m": p.precision_m,
        "confidence": confidence,
        "note": note,
        "mentions": [],
    }


def _places_table(mentions: list[Mention], articles: list[Article]) -> list[dict[str, Any]]:
    dates = {a.id: (a.date.isoformat() if a.date else None) for a in articles}
    by_id: dict[str, dict[str, Any]] = {}
    for m in mentions:
        p = m.place
        entry = by_id.setdefault(p.id or p.name, _place_row(p, confidence=m.confidence, note=p.note))
        entry["confidence"] = max(entry["confidence"], m.confidence)
        entry["mentions"].append(
            {
                "article_id": m.article_id,
                "date": dates.get(m.article_id),
                "text": m.text,
                "sentence": m.sentence,
                "start": m.start,
                "end": m.end,
            }
        )
    return sorted(by_id.values(), key=lambda e: (-len(e["mentions"]), e["name"]))


def run_report(
    paths: list[str | os.PathLike[str]] | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    countries: tuple[str, str] | None = None,
    dataset: str | os.PathLike[str] | None = None,
    self_contained: bool = False,
    fence: Any = None,
    zone_km: float | None = None,
    extra_places: list[str] | None = None,
    geocoder: str | None = None,
) -> Report:
    """Run the main job: read articles, find places, compute the border, write the outputs.

    Parameters
    ----------
    paths : list of path-like, optional
        Article files or folders of ``.txt`` files; default the bundled seeds.
    out : path-like, optional
        Folder to write ``map.html``, ``border.geojson``, ``places.geojson`` and
        ``report.json`` into (created if needed; files are replaced atomically and
        nothing is written if any stage fails).  ``None``: write nothing.
    countries : (str, str), optional
        The pair; default the neighbouring pair the articles mention most.
    dataset : path-like, optional
        Country polygons (see :func:`load_countries`); default the bundled extract.
    self_contained : bool
        Write ``map.html`` with Leaflet and all scripts/stylesheets inlined (no network
        needed to view it); the npm packages must be fetched once (``bordermap fetch-assets``).
    fence : sequence of (start_km, end_km), or path-like, optional
        The fence: sections in km along the border, or a GeoJSON file of lines snapped to
        the border.  Default: the longest fence length the articles state, drawn as one
        section centred on the border (an assumption the report states); none if the
        articles state no fence length.
    zone_km : float, optional
        Also compute a geodesic strip of this width along the border (inside the first
        country) and list the article places inside it.
    extra_places : list of str, optional
        More place names to show (e.g. a crossing the articles do not name; ``--place`` on the
        command line), geocoded with ``geocoder``.  A name that cannot be geocoded (unknown,
        empty, or the service failing after its retries) is listed in :attr:`Report.unresolved`
        with the reason, with a warning, and the run goes on.
    geocoder : str, optional
        ``"offline"`` or ``"nominatim"`` for ``extra_places``; default :data:`settings.geocoder`.

    Returns
    -------
    Report

    Examples
    --------
    >>> rep = run_report()
    >>> rep.border.a, rep.border.b
    ('LTU', 'BLR')
    """
    from .geometry.fence import border_measures

    if zone_km is not None:
        _check_zone_km(zone_km)  # before any work
    out_dir = _check_out(out) if out is not None else None
    articles = read_articles(paths)
    frame = load_countries(dataset)
    border = shared_border(*countries, frame) if countries else None  # fail fast on a bad pair
    user_fence = _user_fence(border, fence) if border is not None and fence is not None else None
    mentions = [m for a in articles for m in extract_places(a)]
    if border is None:
        border = shared_border(*choose_pair(mentions, frame), frame)
        user_fence = _user_fence(border, fence) if fence is not None else None
    claims = [c for a in articles for c in extract_claims(a, mentions=[m for m in mentions if m.article_id == a.id])]
    fence_km = _fence_claim_km(claims, border)
    measures = border_measures(border, frame, fence=user_fence, fence_km=fence_km)
    computed = {"border_length": border.length_km}
    if measures["corridors"]:
        computed["corridor_width"] = measures["corridors"][0]["width_km"]
    places = _places_table(mentions, articles)
    unresolved = _add_named_places(places, extra_places or [], geocoder)
    _add_distances(border, places)
    report = Report(articles, mentions, border, places, claims, computed, measures, unresolved=unresolved)
    if zone_km is not None:
        report.zone = _zone(border, frame, zone_km, places)
    if out_dir is not None:
        _write_outputs(report, frame, out_dir, self_contained=self_contained)
        report.out = out_dir
    return report


def _user_fence(border: Border, fence: Any) -> Any:
    """A caller's fence: a GeoJSON path snapped to the border, or km sections."""
    from .geometry.fence import fence_coverage, read_fence

    if isinstance(fence, (str, os.PathLike)):
        return read_fence(border, fence)
    if isinstance(fence, bytes) or not hasattr(fence, "__iter__"):
        return fence_coverage(border, fence, label="fence")  # raises the one-line ArgumentError
    return fence_coverage(border, [tuple(s) if hasattr(s, "__iter__") else s for s in fence], label="fence")


def _add_named_places(places: list[dict[str, Any]], names: list[str], geocoder: str | None) -> list[dict[str, str]]:
    """Geocode the caller's extra place names into ``places``; the ones that fail, with the reason."""
    import warnings

    from .exc import GeocodingError
    from .text.geocoding import geocode

    unresolved: list[dict[str, str]] = []
    known = {(p["name"], p["country"]) for p in places}
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
        places.append(_place_row(p, confidence=1.0, note=p.note or f"asked for as {name!r}"))
    return unresolved


def _fence_claim_km(claims: list[Claim], border: Border) -> float | None:
    """The longest fence length the articles state about this border (or about no named border)."""
    lengths = [
        c.km
        for c in claims
        if c.kind == "fence_length" and c.km and (len(c.subject) != 2 or set(c.subject) == {border.a, border.b})
    ]
    return max(lengths) if lengths else None


def _add_distances(border: Border, places: list[dict[str, Any]]) -> None:
    """Distance to the border and to the nearest curated crossing, for places near it."""
    from .text.gazetteer import curated_places
    from .geometry.measures import distances_to_border

    local = [p for p in places if p["kind"] not in ("country", "continent", "region")]
    if not local:
        return
    crossings = [(c.name, c.lat, c.lon) for c in curated_places() if c.kind == "crossing"]
    table = distances_to_border(border, local, crossings=crossings or None)
    for p, row in zip(local, table.to_dict("records"), strict=True):
        p["border_distance_km"] = round(float(row["border_km"]), 3)
        if crossings:
            p["nearest_crossing"] = row["crossing"]
            p["crossing_distance_km"] = round(float(row["crossing_km"]), 3)


def _check_zone_km(zone_km: Any) -> None:
    import math

    from .exc import ArgumentError

    if isinstance(zone_km, bool) or not isinstance(zone_km, (int, float)) or not math.isfinite(zone_km) or zone_km <= 0:
        raise ArgumentError(f"zone_km={zone_km!r}: must be a positive, finite number of km")


def _zone(border: Border, frame: gpd.GeoDataFrame, zone_km: float, places: list[dict[str, Any]]) -> dict[str, Any]:
    from .publish.geojson import geometry_to_geojson
    from .geometry.measures import border_zone

    local = [p for p in places if p["kind"] not in ("country", "continent", "region")]
    z = border_zone(border, zone_km, within=border.a, countries=frame, places=local)
    return {
        "width_km": z.width_km,
        "within": z.within,
        "places": list(z.places),
        "geometry": geometry_to_geojson(z.geometry),
    }


def _check_out(out: str | os.PathLike[str]) -> Path:
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out {path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"--out {path}: cannot create folder ({err.strerror})") from err
    if not os.access(path, os.W_OK):
        raise OutputError(f"--out {path}: folder is not writable")
    return path


def _write_outputs(report: Report, frame: gpd.GeoDataFrame, out: Path, *, self_contained: bool = False) -> None:
    """Render everything into a staging folder first, then move each file into place."""

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
    places_fc = feature_collection(
        [
            feature(
                _point(p["lon"], p["lat"]),
                {k: v for k, v in p.items() if k not in ("lat", "lon")}
                | {
                    "article_ids": sorted({m["article_id"] for m in p["mentions"]}),
                    "dates": sorted({m["date"] for m in p["mentions"] if m["date"]}),
                },
            )
            for p in report.places
        ]
    )
    fmap = report.to_map(frame)
    staging = Path(tempfile.mkdtemp(prefix=".bordermap-", dir=out))
    try:
        write_json(staging / "border.geojson", border_fc)
        write_json(staging / "places.geojson", places_fc)
        write_json(staging / "report.json", report.to_dict(), indent=2)
        fmap.save(staging / "map.html", self_contained=self_contained)
        for name in OUTPUT_FILES:
            os.replace(staging / name, out / name)
    except OSError as err:
        raise OutputError(f"{out}: cannot write outputs ({err})") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _map_layers(report: Report) -> dict[str, Any]:
    """Fence, uncovered stretches, corridor chords, zone and claims for :func:`make_map`."""
    import geopandas as gpd
    from shapely.geometry import shape

    from .geometry.fence import measure_features

    layers: dict[str, Any] = {}
    feats = measure_features(report.measures)
    for kind, key in (("fence", "fence"), ("uncovered", "uncovered"), ("corridor", "corridors")):
        chosen = [f for f in feats if f["properties"]["kind"] == kind]
        if chosen:
            layers[key] = gpd.GeoDataFrame.from_features(chosen, crs="EPSG:4326")
    if report.zone:
        layers["zone"] = shape(report.zone["geometry"])
    layers["claims"] = [
        {
            "text": r["text"],
            "claimed": r["km"],
            "computed": r["computed_km"],
            "difference_pct": r["difference_pct"],
            "verdict": r["verdict"],
            "unit": "km",
            "article_id": r.get("article_id"),
        }
        for r in report.claim_rows()
    ]
    return layers


def _point(lon: float, lat: float) -> Any:
    from shapely.geometry import Point

    return Point(lon, lat)
