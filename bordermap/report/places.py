"""Stage 2 of a report: the places the articles name, read against the border (homonyms, crossings, unresolved)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..geometry.borders import Border
from ..text.articles import Article
from ..text.extractor import Mention
from ..text.kinds import POPULATED
from .model import AREA_KINDS, PLACE_COLUMNS, PlaceMention

if TYPE_CHECKING:
    import geopandas as gpd

    from ..text.gazetteer import Place
    from ..text.unresolved import UnresolvedName


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
    from ..text.gazetteer import KINDS, default_gazetteer

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


#: Kinds of the places a homonym, a crossing or a village by the border can be: populated places and crossings.
_LOCAL_KINDS = POPULATED | {"crossing"}
#: Confidence given to a place found by :func:`_by_the_border` (below the pair threshold: it never decides the pair).
BORDER_PLACE_CONFIDENCE = 0.5


def _by_the_border(
    per_article: list[tuple[Article, list[Mention]]], border: Border
) -> tuple[list[tuple[Article, list[Mention]]], list[UnresolvedName]]:
    """Place the names the text presents as places but extraction left out, when the border settles them.

    A name after "in", "near", "the village of"... (:func:`bordermap.text.unresolved.unresolved_names`) whose
    gazetteer entries include a town, village or crossing of that very name (not an alternate name) in one of
    the border's two countries within
    :data:`HOMONYM_FAR_KM` of it is that place (the nearest such entry), with confidence
    :data:`BORDER_PLACE_CONFIDENCE`: the story is about this border.  The others stay unresolved: they are
    returned too, every name the articles present as a place and no mention places (read once per article).
    """
    from ..text.gazetteer import default_gazetteer, fold
    from ..text.unresolved import unresolved_names

    gaz = default_gazetteer()
    pair = {border.a, border.b}
    out = []
    left: list[UnresolvedName] = []
    for a, found in per_article:
        added: list[Mention] = []
        names = unresolved_names(a, mentions=found)
        for u in names:
            key = fold(u.text)  # its own name, not an alternate one ("Seme" is not the town of Semi)
            near = [
                (border.project(lat=p.lat, lon=p.lon)[1], k, p)
                for k, p in enumerate(gaz.lookup(u.text))
                if p.country in pair and p.kind in _LOCAL_KINDS and fold(p.name) == key
            ]
            near = [t for t in near if t[0] <= HOMONYM_FAR_KM]
            if near:
                added.append(
                    Mention(
                        text=u.text,
                        start=u.start,
                        end=u.end,
                        sentence=u.sentence,
                        place=min(near)[2],
                        confidence=BORDER_PLACE_CONFIDENCE,
                        article_id=u.article_id,
                    )
                )
        out.append((a, sorted([*found, *added], key=lambda m: m.start)) if added else (a, found))
        placed = {fold(m.text) for m in added}
        left += [u for u in names if fold(u.text) not in placed]
    return out, left


def _article_unresolved(names: list[UnresolvedName]) -> list[dict[str, str]]:
    """Names the articles present as places (``the village of X``, ``X border crossing``) that were not placed.

    One entry per distinct name, in order of first appearance, with the first article and
    sentence that name it and the cue that marks it as a place.
    """
    from ..text.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    seen: dict[str, dict[str, str]] = {}
    for u in names:
        if u.text not in seen:
            known = gaz.lookup(u.text)[:3]
            why = (
                "its places of that name in the offline gazetteer ("
                + ", ".join(f"{p.kind} in {p.country}" for p in known)
                + ") were not read as this one with confidence"
                if known
                else "not in the offline gazetteer"
            )
            seen[u.text] = {
                "name": u.text,
                "reason": f"named as a place ({u.cue}) but {why}; try --place NAME --geocoder nominatim",
                "article_id": u.article_id,
                "sentence": u.sentence,
            }
    return list(seen.values())


def _add_named_places(records: list[dict[str, Any]], names: list[str], geocoder: str | None) -> list[dict[str, str]]:
    """Geocode the caller's extra place names into ``records``; the ones that fail, with the reason."""
    if not names:
        return []  # and geopy is not even imported
    import warnings

    from ..exc import GeocodingError
    from ..text.geocoding import geocode

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


#: A homonym this close to the report's border (km) beats the reading chosen from the text alone when that
#: one lies farther than :data:`HOMONYM_FAR_KM` from it: the story is about this border.
HOMONYM_NEAR_KM = 25.0


HOMONYM_FAR_KM = 100.0


#: ... or within :data:`HOMONYM_FAR_KM` of it, when the text's reading lies this many times as far away.
HOMONYM_RATIO = 10.0


def _near_the_border(
    found: list[Mention], border: Border, *, distance_km: Callable[[Place], float] | None = None
) -> list[Mention]:
    """The mentions, each homonym read as the place of its name near the report's border when there is one.

    A town, village or crossing the text alone placed more than :data:`HOMONYM_FAR_KM` from the border,
    whose name also belongs to a place of one of the border's two countries within :data:`HOMONYM_NEAR_KM`
    of it (or within :data:`HOMONYM_FAR_KM`, :data:`HOMONYM_RATIO` times nearer than the text's reading), among
    the alternatives extraction kept, is that place: among places of one name, the one near the border the
    article is about.  ``distance_km(place)``: the place's distance to ``border`` (default
    :meth:`Border.project`'s; a caller that reads many articles may pass a memo of it).
    """
    import dataclasses

    pair = {border.a, border.b}
    local = _LOCAL_KINDS
    far: dict[tuple[str, float, float], bool] = {}

    def away(p: Place) -> float:
        if distance_km is not None:
            return distance_km(p)
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
                    if km <= HOMONYM_NEAR_KM or (km <= HOMONYM_FAR_KM and away(p) >= HOMONYM_RATIO * km):
                        rest = tuple(a for a in m.alternatives if a is not best)
                        m = dataclasses.replace(m, place=best, alternatives=(p, *rest), sentence=m.sentence)
        out.append(m)
    return out


#: A place the text presents as a border crossing ("the Santa Rosa post") lies on its country's boundary: a town
#: or village of that name farther than this (km) inside its country is another place of the same name.
CROSSING_FAR_KM = 100.0


def _crossings_off_the_boundary(
    per_article: list[tuple[Article, list[Mention]]], frame: gpd.GeoDataFrame
) -> tuple[list[tuple[Article, list[Mention]]], list[dict[str, str]]]:
    """Drop the names an article presents as border crossings whose place lies far inside its country.

    Returns the articles with the mentions kept, and one ``unresolved`` entry per name dropped (every
    mention of that name in that article goes: one name in one story is one place).
    """
    from ..geometry.projection import shortest_link
    from ..text.unresolved import presented_as_crossing

    rows = frame.set_index("iso_a3").geometry
    inside: dict[tuple[str, float, float], float] = {}
    kept: list[tuple[Article, list[Mention]]] = []
    dropped: list[dict[str, str]] = []
    for a, found in per_article:
        far: dict[str, float] = {}
        for m in found:
            p = m.place
            if p.kind not in POPULATED or p.country not in rows.index:
                continue
            if not presented_as_crossing(a.text, m.start, m.end):
                continue
            key = (p.country, p.lon, p.lat)
            if key not in inside:
                from shapely.geometry import Point

                inside[key] = shortest_link(Point(p.lon, p.lat), rows[p.country].boundary)[0]
            if inside[key] > CROSSING_FAR_KM:
                far[p.name] = inside[key]
        kept.append((a, [m for m in found if m.place.name not in far]))
        for m in found:
            if m.place.name in far and not any(d["name"] == m.text for d in dropped):
                dropped.append(
                    {
                        "name": m.text,
                        "reason": f"named as a border crossing, but the only {m.place.name} in the offline gazetteer "
                        f"({m.place.country}) lies {far[m.place.name]:,.0f} km inside its country; "
                        "try --place NAME --geocoder nominatim",
                        "article_id": a.id,
                        "sentence": m.sentence,
                    }
                )
    return kept, dropped


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
    from ..data.points import read_points
    from ..geometry.measures import distances_to_border
    from ..text.gazetteer import curated_places

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
    near = distances_to_border(border, frame)["border_distance_km"].to_numpy() <= CROSSING_REACH_KM
    return frame[near].reset_index(drop=True)


def _add_distances(border: Border, records: list[dict[str, Any]], crossings: gpd.GeoDataFrame) -> None:
    """Distance to the border, and to the nearest crossing of this border within settings.nearest_crossing_max_km."""
    from .. import settings
    from ..geometry.measures import distances_to_border

    local = _local(records)
    if not local:
        return
    table = distances_to_border(
        border,
        _points_frame((r["name"], r["lon"], r["lat"]) for r in local),
        crossings=crossings if len(crossings) else None,
    )
    for r, row in zip(local, table.to_dict("records"), strict=True):
        r["border_distance_km"] = float(row["border_distance_km"])
        if len(crossings) and float(row["crossing_distance_km"]) <= settings.nearest_crossing_max_km:
            r["nearest_crossing"] = row["nearest_crossing"]
            r["crossing_distance_km"] = float(row["crossing_distance_km"])
