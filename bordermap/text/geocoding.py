"""Geocoding place names: offline from the bundled gazetteer (default), or online through geopy's Nominatim.

Both are geopy geocoders (:class:`OfflineGeocoder`, :class:`bordermap._nominatim.CachedNominatim`):
``geocode(query, exactly_one=True, ...)`` returns :class:`geopy.location.Location` objects, so
``geopy.extra.rate_limiter.RateLimiter`` and other code written for geopy work unchanged.
:func:`geocode` is the simple front door returning a :class:`GeocodeResult`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exc import GeocodingError
from .gazetteer import Gazetteer, Kind, Place, default_gazetteer

if TYPE_CHECKING:
    from geopy.location import Location
    from shapely.geometry import Point


@dataclass(frozen=True)
class GeocodeResult:
    """A geocoded name.

    Attributes
    ----------
    query : str
        The name asked for.
    place : Place
        The chosen place (``place.lon``, ``place.lat`` in WGS84 degrees; ``point`` as a shapely Point).
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

    @property
    def point(self) -> Point:
        """The place as a shapely ``Point(lon, lat)``."""
        return self.place.point

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"query": self.query, **self.place.to_dict()}


def _geopy_base() -> Any:
    from geopy.geocoders.base import Geocoder

    return Geocoder


class OfflineGeocoder(_geopy_base()):  # type: ignore[misc]
    """A geopy ``Geocoder`` backed by the offline gazetteer (no network, ever).

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default :func:`default_gazetteer`.

    Examples
    --------
    >>> loc = OfflineGeocoder().geocode("Wilno")
    >>> loc.address, round(loc.latitude, 2), round(loc.longitude, 2), loc.raw["country"]
    ('Vilnius, LTU', 54.69, 25.28, 'LTU')
    >>> from geopy.extra.rate_limiter import RateLimiter
    >>> RateLimiter(OfflineGeocoder().geocode, min_delay_seconds=0)("Dieveniskes").raw["name"]
    'Dieveniškės'
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(user_agent="bordermap-offline")
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (loaded on first use)."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def places(self, query: str, *, country: str | None = None) -> list[Place]:
        """All gazetteer places called ``query``, best first (by :func:`bordermap.text.resolution.base_score`)."""
        if not isinstance(query, str) or not query.strip():
            raise GeocodingError("geocode: empty place name")
        from .gazetteer import fold
        from .resolution import base_score

        key = fold(query)
        hits = self.gazetteer.lookup_key(key, country=country)
        # the same prior as place extraction: "Vilnius" is the city before "Vilnius County"
        return sorted(hits, key=lambda p: -base_score(p, key))

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        limit: int | None = None,
        country_codes: str | list[str] | None = None,
        **_: Any,
    ) -> Location | list[Location] | None:
        """Geocode a name like any geopy geocoder.

        Parameters
        ----------
        query : str
        exactly_one : bool
            One :class:`~geopy.location.Location` (or None) instead of a list.
        timeout : float, optional
            Ignored (offline).
        limit : int, optional
            Maximum number of results when ``exactly_one`` is False.
        country_codes : str or list of str, optional
            ISO 3166-1 alpha-2 or alpha-3 codes to restrict to.

        Returns
        -------
        Location, list of Location, or None
            ``address`` is ``"name, ISO3"``; ``raw`` is :meth:`Place.to_dict`.
        """
        from geopy.location import Location

        del timeout
        hits = self.places(query)
        if country_codes:
            codes = {_iso3(c) for c in ([country_codes] if isinstance(country_codes, str) else country_codes)}
            hits = [p for p in hits if p.country in codes]
        locs = [
            Location(f"{p.name}, {p.country}" if p.country else p.name, (p.lat, p.lon), p.to_dict())
            for p in hits[: (limit or len(hits))]
        ]
        if exactly_one:
            return locs[0] if locs else None
        return locs or None


def _iso3(code: str) -> str:
    code = code.upper()
    if len(code) == 2:
        from .gazetteer import _iso2_to_iso3

        return _iso2_to_iso3().get(code, code)
    return code


def make_geocoder(kind: str | None = None) -> Any:
    """A geopy geocoder: ``"offline"`` (default from :data:`settings.geocoder`) or ``"nominatim"``.

    Raises
    ------
    GeocodingError
        Unknown kind.
    """
    from .. import settings

    kind = (kind or settings.geocoder).lower()
    if kind == "offline":
        return OfflineGeocoder()
    if kind == "nominatim":
        from .._nominatim import CachedNominatim

        return CachedNominatim()
    raise GeocodingError(f"geocoder {kind!r}: unknown (expected 'offline' or 'nominatim')")


def geocode(name: str, *, country: str | None = None, geocoder: str | None = None) -> GeocodeResult:
    """Geocode a place name (offline by default; see :data:`bordermap.settings.geocoder`).

    Parameters
    ----------
    name : str
        Any known name (case- and accent-insensitive offline).
    country : str, optional
        Restrict to this ISO alpha-3 country.
    geocoder : str, optional
        ``"offline"`` or ``"nominatim"``; default :data:`settings.geocoder`.

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
    gc = make_geocoder(geocoder)
    if isinstance(gc, OfflineGeocoder):
        hits = gc.places(name, country=country)
        if not hits:
            where = f" in {country}" if country else ""
            raise GeocodingError(f"geocode: no place called {name!r}{where} in the offline gazetteer")
        return GeocodeResult(name, hits[0], tuple(hits[1:6]))
    codes = [_iso2(country)] if country else None
    locs = gc.geocode(name, exactly_one=False, limit=5, country_codes=codes)
    if not locs:
        raise GeocodingError(f"geocode: no place called {name!r} found by Nominatim")
    places = [_nominatim_place(loc) for loc in locs]
    return GeocodeResult(name, places[0], tuple(places[1:]))


def _iso2(iso3: str) -> str:
    from .gazetteer import _iso2_to_iso3

    inverse = {v: k for k, v in _iso2_to_iso3().items()}
    return inverse.get(iso3.upper(), iso3).lower()


def _nominatim_place(loc: Location) -> Place:
    raw = loc.raw
    cc = str((raw.get("address") or {}).get("country_code", "")).upper()
    kind = _NOMINATIM_KINDS.get(str(raw.get("addresstype") or raw.get("type") or ""), "village")
    return Place(
        name=str(raw.get("name") or loc.address.split(",")[0]),
        lat=float(loc.latitude),
        lon=float(loc.longitude),
        country=_iso3(cc) if cc else "",
        kind=kind,
        population=0,
        source="nominatim",
        precision_m=1000.0,
        id=f"osm:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}",
        note=str(raw.get("display_name", "")),
    )


#: Kinds of Nominatim's ``addresstype`` values; any other feature (hamlet, suburb, road, peak...) is a
#: ``village``, the smallest populated-place kind (a local place, as the report treats villages).
_NOMINATIM_KINDS: dict[str, Kind] = {
    "continent": "continent",
    "country": "country",
    "state": "region",
    "region": "region",
    "province": "region",
    "state_district": "district",
    "county": "district",
    "district": "district",
    "municipality": "district",
    "city": "city",
    "town": "town",
    "village": "village",
    "border_control": "crossing",
}
