"""Nothing in the cache folder can run code: a pickle written where a cache is read is refused, never loaded.

Each case plants the payload at the very path bordermap reads (the world's arrays, the gazetteer
index, a pair entry), so that a reader which unpickled (``pickle.load``, ``np.load(allow_pickle=True)``)
would run it and leave the marker; bordermap's reader refuses the file and computes the result again.
"""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

from bordermap._cache import MAGIC, CacheError, cache_path, file_digest, read_arrays


class _Planted:
    """Unpickling this creates a marker file: proof that a pickle was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _payloads(marker) -> list[bytes]:
    """A pickle, and a numpy file of objects (what ``np.load(allow_pickle=True)`` would unpickle)."""
    npy = io.BytesIO()
    np.save(npy, np.array([_Planted(str(marker))], dtype=object), allow_pickle=True)
    return [pickle.dumps(_Planted(str(marker))), npy.getvalue()]


@pytest.fixture
def cache(tmp_path, restore_settings):
    restore_settings.cache_folder = tmp_path / "cache"
    (tmp_path / "cache").mkdir(mode=0o755)
    return tmp_path / "cache"


@pytest.mark.parametrize("payload", [0, 1], ids=["pickle", "npy"])
def test_the_world_arrays_path_holding_a_pickle(cache, tmp_path, payload):
    from bordermap.data.countries import WORLD_ARRAYS_FORMAT, _bundled_world
    from bordermap.data.world import world_countries_path

    marker = tmp_path / "pickle-was-loaded"
    src = world_countries_path()
    path = cache_path("world", fmt=WORLD_ARRAYS_FORMAT, suffix="bmc", key=file_digest(src)[:32])
    assert path.parent == cache
    path.write_bytes(_payloads(marker)[payload])
    with pytest.raises(CacheError, match="not a bordermap array file"):
        read_arrays(path)
    world = _bundled_world(src)  # refused, read from the GeoParquet file, and stored again in bordermap's format
    assert len(world) == 250 and {"LTU", "BLR"} <= set(world.iso_a3)
    assert path.read_bytes().startswith(MAGIC) and read_arrays(path)[1]
    assert not marker.exists()


@pytest.mark.parametrize("payload", [0, 1], ids=["pickle", "npy"])
def test_the_gazetteer_index_path_holding_a_pickle(cache, tmp_path, payload):
    from bordermap.text.gazetteer import Gazetteer, Place, gazetteer_cache_path, load_or_build

    marker = tmp_path / "pickle-was-loaded"
    path = gazetteer_cache_path()
    assert path.parent == cache
    path.write_bytes(_payloads(marker)[payload])
    place = Place(name="Vaalimaa", lon=27.83, lat=60.58, country="FIN", kind="crossing", source="curated")
    built = []

    def build() -> Gazetteer:
        built.append(1)
        return Gazetteer([(place, ["Vaalimaa"])])

    gaz = load_or_build(path, build)
    assert built == [1] and len(gaz) == 1  # refused, so built again
    assert path.read_bytes().startswith(MAGIC)
    assert len(load_or_build(path, build)) == 1 and built == [1]  # the rebuilt file is read: no third build
    assert not marker.exists()


@pytest.mark.parametrize("payload", [0, 1], ids=["pickle", "npy"])
def test_a_pair_entry_path_holding_a_pickle(cache, tmp_path, payload):
    import bordermap
    from bordermap._pair_cache import PairEntry, entry_path, load_entry, pair_key, store_entry
    from bordermap.data.world import world_countries_path

    marker = tmp_path / "pickle-was-loaded"
    key = pair_key(world_countries_path(), "LTU", "BLR")
    path = entry_path(key)
    assert path.parent == cache
    path.write_bytes(_payloads(marker)[payload])
    assert load_entry(key) is None  # refused: the report computes the border again
    border = bordermap.shared_border("LTU", "BLR")
    store_entry(key, PairEntry(border=border, corridors=None, display=None))
    again = load_entry(key)  # the entry written over it is read back
    assert again is not None and again.border.length_km == pytest.approx(border.length_km)
    assert not marker.exists()
