"""Claims against geometry: what each claim's subject measures on the world data (the report layer).

:mod:`bordermap.text.claims` reads the sentence (kind, subject, reference, rounding) and holds the
verdict rules; :mod:`bordermap.geometry` measures (border lengths and their band, distances,
corridors).  This module joins the two for one claim at a time, so that

* a border length is compared with the band of *that pair's* border (:func:`bordermap.geometry.measures.length_band`),
  whatever pair the report maps;
* a fence length with the border it stands on (no longer than it: ``plausible``);
* a distance from a place to a border with the geodesic distance from that place to that border, and a
  distance between two places with their geodesic distance, each ± the extent of the towns;
* a corridor width with the narrowest corridor near the places named in its sentence.

A subject it cannot resolve gives a reason, and the claim is ``unchecked``, never ``inconsistent``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._coords import lat_lon_text
from .text.claims import CROSSING_UNPLACED, Claim, Measured
from .text.kinds import COUNTRY_KINDS

if TYPE_CHECKING:
    import geopandas as gpd

    from .geometry.borders import Border
    from .geometry.measures import LengthBand
    from .text.gazetteer import Place

#: People per km² used to give a town an extent from its population (a round urban density; see docs/claims.md).
URBAN_DENSITY = 2000.0
#: Largest town radius used (km).
MAX_TOWN_RADIUS_KM = 30.0
#: A fence may run longer than the border line it guards (detours round terrain and water, double lines):
#: up to this factor times the border's computed length (or the band's high end, if longer) it is still plausible.
FENCE_SLACK = 1.25
#: A corridor width is compared within this share of the computed width (where along the neck it is taken).
CORRIDOR_SHARE = 0.15
#: ... plus this (km): the polygons' resolution at both sides of the chord.
CORRIDOR_RESOLUTION_KM = 0.2
#: A corridor claim is about the corridor nearest to the places named, if within this distance (km).
CORRIDOR_REACH_KM = 100.0


def town_radius_km(population: float) -> float:
    """The radius (km) of a disc holding ``population`` people at :data:`URBAN_DENSITY`.

    Examples
    --------
    >>> round(town_radius_km(295_683), 1), round(town_radius_km(0), 1)
    (6.9, 0.0)
    """
    if not population or population <= 0 or not math.isfinite(population):
        return 0.0
    return min(math.sqrt(population / (math.pi * URBAN_DENSITY)), MAX_TOWN_RADIUS_KM)


def place_uncertainty_km(place: Place) -> float:
    """How far a distance measured from ``place``'s point can be off: its extent and its precision (km)."""
    precision = float(place.precision_m or 0.0) / 1000.0
    return town_radius_km(float(place.population or 0)) + min(precision, 50.0)


#: Sections of a boundary at sea (cut off by the sea mask) widen a border-length band's high end when they
#: are at least this share of the land length: published figures often include them.
SEA_SHARE_NOTED = 0.01


@dataclass
class ClaimMeasurer:
    """Measures claims for a report: call it with a claim to get its :class:`Measured` band or a reason.

    Attributes
    ----------
    countries : GeoDataFrame
        The dataset (borders of other pairs are extracted from it, once each).
    border : Border
        The border the report maps (reused for claims about it).
    article_pairs : mapping of str to (str, str)
        Each article's own border (the pair it names most): claims naming no country are about it.
    places : mapping of (str, str) to Place
        ``(article_id, name)`` of each place mentioned -> the resolved place.
    corridors : GeoDataFrame, optional
        Narrow corridors of the report's border (:attr:`bordermap.BorderMeasures.corridors`).
    """

    countries: gpd.GeoDataFrame
    border: Border
    article_pairs: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    places: Mapping[tuple[str, str], Place] = field(default_factory=dict)
    corridors: gpd.GeoDataFrame | None = None
    _borders: dict[frozenset[str], Border | str] = field(default_factory=dict, repr=False)
    _bands: dict[frozenset[str], LengthBand] = field(default_factory=dict, repr=False)

    def __call__(self, claim: Claim) -> Measured | str | None:
        if claim.kind == "border_length":
            return self._border_length(claim)
        if claim.kind == "fence_length":
            return self._fence_length(claim)
        if claim.kind == "distance":
            return self._distance(claim)
        if claim.kind == "corridor_width":
            return self._corridor(claim)
        return None

    # ----------------------------------------------------------------- borders

    def pair_of(self, claim: Claim, *, hint: str = "") -> tuple[str, str] | str:
        """The pair of countries a border claim is about, or why it cannot be told.

        Two countries named (in the claim's own phrase): that pair, or why not if they share no border.
        One: with the other country of the article's pair if it is in it, else with ``hint`` (the country
        of a distance's place) or a country of the article's pair that borders it.  None: the article's
        pair (the report's ``countries`` when the caller fixed them).
        """
        own = self.article_pairs.get(claim.article_id, (self.border.a, self.border.b))
        named = list(claim.subject)
        if len(named) >= 2:
            got = self.border_of((named[0], named[1]))
            if isinstance(got, str):
                return f"the phrase names {named[0]} and {named[1]}, which share no land border in the data"
            return (named[0], named[1])
        if not named:
            return own
        x = named[0]
        if x in own:
            return own
        for other in dict.fromkeys([hint, *own]):
            if other and other != x and not isinstance(self.border_of((other, x)), str):
                return (other, x)
        return f"the border of {x} that is meant could not be told (no neighbour of {x} among {', '.join(own)})"

    def border_of(self, pair: tuple[str, str]) -> Border | str:
        """The border of a pair (the report's own, or extracted once from the dataset), or why there is none."""
        from .exc import BordermapError
        from .geometry.borders import shared_border

        key = frozenset(pair)
        if key == frozenset((self.border.a, self.border.b)):
            return self.border
        if key not in self._borders:
            try:
                self._borders[key] = shared_border(pair[0], pair[1], self.countries)
            except BordermapError as err:
                self._borders[key] = f"{'–'.join(pair)}: {' '.join(str(err).split())}"
        return self._borders[key]

    def band_of(self, border: Border) -> LengthBand:
        from .geometry.measures import length_band

        key = frozenset((border.a, border.b))
        if key not in self._bands:
            self._bands[key] = length_band(border)
        return self._bands[key]

    def _resolved_border(self, claim: Claim, *, hint: str = "") -> Border | str:
        pair = self.pair_of(claim, hint=hint)
        if isinstance(pair, str):
            return pair
        return self.border_of(pair)

    def _border_length(self, claim: Claim) -> Measured | str:
        border = self._resolved_border(claim)
        if isinstance(border, str):
            return f"which border is meant could not be resolved ({border})"
        band = self.band_of(border)
        subject = f"the {border.a}–{border.b} border's length"
        also: tuple[Measured, ...] = ()
        if border.maritime_km >= SEA_SHARE_NOTED * band.length_km:
            # published lengths often run the boundary out to sea (straits, bays, river mouths): the same band
            # with the sections the sea mask took off added is a second honest reading, not a wider one
            grow = 1.0 + border.maritime_km / band.length_km
            also = (
                Measured(
                    band.length_km * grow,
                    band.low_km * grow,
                    band.high_km * grow,
                    f"{subject} with its {border.maritime_km:,.0f} km at sea",
                    f"{band.describe()}, each with the boundary's sections at sea added, which published figures "
                    "may include",
                ),
            )
        return Measured(band.length_km, band.low_km, band.high_km, subject, band.describe(), also=also)

    def _fence_length(self, claim: Claim) -> Measured | str:
        border = self._resolved_border(claim)
        if isinstance(border, str):
            return f"the border the fence stands on could not be resolved ({border})"
        band = self.band_of(border)
        return Measured(
            band.length_km,
            0.0,
            max(band.high_km, FENCE_SLACK * band.length_km),
            f"the {border.a}–{border.b} border it stands on",
            f"a fence's own line is not in the data; with its detours it may run up to {FENCE_SLACK:g} times the "
            "border's computed length, or the band's high end if longer",
            upper_only=True,
        )

    # ----------------------------------------------------------------- distances

    def place_named(self, claim: Claim, name: str) -> Place | None:
        """The place an article's mention of ``name`` resolved to (any article's, failing that)."""
        got = self.places.get((claim.article_id, name))
        if got is None:
            got = next((p for (_, n), p in self.places.items() if n == name), None)
        return got

    def _distance(self, claim: Claim) -> Measured | str:
        if not claim.place:
            return "the place this distance is measured from is not named in the sentence"
        place = self.place_named(claim, claim.place)
        if place is None:
            return f"{claim.place!r} could not be placed"
        u_place = place_uncertainty_km(place)
        if claim.reference == "border":
            border = self._resolved_border(claim, hint=place.country or "")
            if isinstance(border, str):
                return f"the border this distance is measured to could not be resolved ({border})"
            _, km = border.project(lat=place.lat, lon=place.lon)
            return Measured(
                km,
                max(0.0, km - u_place),
                km + u_place,
                f"{place.name} to the {border.a}–{border.b} border",
                f"geodesic distance from {place.name}'s point to the nearest point of the border, "
                f"±{u_place:.1f} km for the town's extent and the point's precision",
            )
        if claim.reference == CROSSING_UNPLACED:
            return "measured to a crossing that the article does not place (no crossing it names was found)"
        if claim.reference:
            other = self.place_named(claim, claim.reference)
            if other is None:
                return f"{claim.reference!r} could not be placed"
            from .geometry.projection import distance_km

            km = distance_km(lat1=place.lat, lon1=place.lon, lat2=other.lat, lon2=other.lon)
            u = u_place + place_uncertainty_km(other)
            return Measured(
                km,
                max(0.0, km - u),
                km + u,
                f"{place.name} to {other.name}",
                f"geodesic distance between their points, ±{u:.1f} km for the towns' extent and the points' precision",
            )
        return "what this distance is measured to was not understood"

    # ----------------------------------------------------------------- corridors

    def _corridor(self, claim: Claim) -> Measured | str:
        corridors = self.corridors
        if corridors is None or not len(corridors):
            return "no narrow corridor was found next to the border measured"
        local = [p for (aid, _), p in self.places.items() if aid == claim.article_id and p.kind not in COUNTRY_KINDS]
        named = [p for p in local if p.name in claim.sentence] or local  # the sentence's places, else the article's
        best, why = 0, "the narrowest corridor next to the border"
        if named:
            from .geometry.projection import distance_km

            def nearest(i: int) -> tuple[float, str]:
                c = corridors.iloc[i]
                return min(
                    (distance_km(lat1=p.lat, lon1=p.lon, lat2=float(c.lat), lon2=float(c.lon)), p.name) for p in named
                )

            best = min(range(len(corridors)), key=nearest)
            km, name = nearest(best)
            if km > CORRIDOR_REACH_KM:
                names = ", ".join(sorted({p.name for p in named}))
                return f"no corridor lies within {CORRIDOR_REACH_KM:g} km of the places named ({names})"
            why = f"the corridor nearest to {name}"
        c = corridors.iloc[best]
        w = float(c.width_km)
        u = CORRIDOR_SHARE * w + CORRIDOR_RESOLUTION_KM
        return Measured(
            w,
            max(0.0, w - u),
            w + u,
            f"{why} ({c.country}, at {lat_lon_text(float(c.lat), float(c.lon), digits=2, sep=' ')})",
            f"its narrowest chord, ±{100 * CORRIDOR_SHARE:g} % for where along the neck a width is taken "
            f"and ±{CORRIDOR_RESOLUTION_KM:g} km for the polygons' resolution",
        )


def places_by_article(mentions: Iterable[Any]) -> dict[tuple[str, str], Place]:
    """``(article_id, name) -> Place`` of each mention (the first resolution of a name wins)."""
    out: dict[tuple[str, str], Place] = {}
    for m in mentions:
        out.setdefault((m.article_id, m.place.name), m.place)
    return out


def claim_measurer(
    *,
    countries: gpd.GeoDataFrame,
    border: Border,
    mentions: Iterable[Any],
    article_pairs: Mapping[str, tuple[str, str]] | None = None,
    corridors: gpd.GeoDataFrame | None = None,
) -> ClaimMeasurer:
    """A :class:`ClaimMeasurer` for a report (what :func:`bordermap.judge_claims` takes as ``computed``)."""
    return ClaimMeasurer(
        countries=countries,
        border=border,
        article_pairs=dict(article_pairs or {}),
        places=places_by_article(mentions),
        corridors=corridors,
    )


__all__ = ["ClaimMeasurer", "claim_measurer", "place_uncertainty_km", "places_by_article", "town_radius_km"]
