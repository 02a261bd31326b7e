"""Geocoding place names: offline from the bundled gazetteer (default), or online with geopy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._errors import GeocodingError
from .gazetteer import Place, default_gazetteer


@dataclass(frozen=True)
class GeocodeResult:
    """A geocoded name.

    Attributes
    ----------
    query : str
        The name asked for.
    place : Place
        The chosen place (``place.lat``, ``place.lon`` in WGS84 degrees).
    alternatives : tuple of Place
        Other places of that name, most important first.
    """

    query: str
    place: Place
    alternatives: tuple[Place, ...] = ()

    @property
    def lat(self) -> float:
        """Latitude (WGS84 degrees)."""
        return self.place.lat

    @property
    def lon(self) -> float:
        """Longitude (WGS84 degrees)."""
        return self.place.lon

    @property
    def country(self) -> str:
        """ISO alpha-3 code of the place's country."""
        return self.place.country

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"query": self.query, **self.place.to_dict()}


def geocode(name: str, *, country: str | None = None) -> GeocodeResult:
    """Geocode a place name with the offline gazetteer.

    Parameters
    ----------
    name : str
        Any known name (case- and accent-insensitive).
    country : str, optional
        Restrict to this ISO alpha-3 country.

    Returns
    -------
    GeocodeResult

    Raises
    ------
    GeocodingError
        Empty name, or no place of that name.

    Examples
    --------
    >>> r = geocode("Dieveniskes")
    >>> r.place.name, r.country, round(r.lat, 2), round(r.lon, 2)
    ('Dieveniškės', 'LTU', 54.19, 25.62)
    """
    if not isinstance(name, str) or not name.strip():
        raise GeocodingError("geocode: empty place name")
    hits = default_gazetteer().lookup(name, country=country)
    if not hits:
        where = f" in {country}" if country else ""
        raise GeocodingError(f"geocode: no place called {name!r}{where} in the offline gazetteer")
    return GeocodeResult(name, hits[0], tuple(hits[1:6]))
