"""The geometry caches (sea tiles, world rings) go through bordermap._cache: checked, rebuilt, never pickled."""

from __future__ import annotations

import json
import os
import pickle
import warnings

import pytest
from shapely.geometry import box, mapping

import bordermap
from bordermap._cache import read_arrays
from bordermap.geometry import seas


@pytest.fixture
def tmp_cache(tmp_path, restore_settings):
    """A fresh, empty cache folder; the sea tiles memo is cleared before and after."""
    restore_settings.cache_folder = tmp_path
    seas.sea_tiles.cache_clear()
    yield tmp_path
    seas.sea_tiles.cache_clear()


def _damage(path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    i = int(len(data) * at)
    data[i : i + 8] = bytes(b ^ 0xFF for b in data[i : i + 8])
    path.write_bytes(bytes(data))


def _write_sea_source(folder, geom) -> None:
    src = folder / seas.SEAS_FILE_NAME
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": mapping(geom)}))


@pytest.mark.world
def test_damaged_sea_tiles_cache_is_rebuilt_with_the_same_border(world, restore_settings, tmp_path):
    import shapely

    # Poland–Germany reaches the sea outside the bundled window: the world tiles are used.
    seas.sea_tiles.cache_clear()
    reference = bordermap.shared_border("POL", "DEU", world)
    tiles = seas.sea_tiles()
    assert tiles is not None and reference.maritime_km > 5
    # A small world sea source (the real sea around that border) keeps the rebuild fast.
    x0, y0, x1, y1 = reference.geometry.bounds
    keys = [k for k in tiles if box(*seas_tile_bounds(k)).intersects(box(x0 - 2, y0 - 2, x1 + 2, y1 + 2))]
    region = shapely.union_all([tiles[k] for k in keys])
    restore_settings.cache_folder = tmp_path
    seas.sea_tiles.cache_clear()
    try:
        _write_sea_source(tmp_path, region)
        first = bordermap.shared_border("POL", "DEU", world)
        path = seas.tiles_cache_path()
        assert path.parent == tmp_path and path.name.startswith("seas-tiles-f3-py") and path.suffix == ".bmc"
        read_arrays(path)  # a valid, checksummed array file
        assert first.length_km == pytest.approx(reference.length_km, abs=1e-6)
        assert first.maritime_km == pytest.approx(reference.maritime_km, abs=1e-6)
        _damage(path)
        seas.sea_tiles.cache_clear()
        with pytest.warns(UserWarning, match="checksum"):
            again = bordermap.shared_border("POL", "DEU", world)
        assert again.length_km == first.length_km and again.maritime_km == first.maritime_km
        read_arrays(path)  # rewritten whole
        seas.sea_tiles.cache_clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert bordermap.shared_border("POL", "DEU", world).length_km == first.length_km
    finally:
        seas.sea_tiles.cache_clear()


def seas_tile_bounds(key: tuple[int, int]) -> tuple[float, float, float, float]:
    i, j = key
    t = seas.TILE_DEG
    return (-180 + i * t, -90 + j * t, -180 + (i + 1) * t, -90 + (j + 1) * t)


class _Planted:
    """Unpickling this creates a marker file: proof that a pickle was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_old_pickle_is_never_read(tmp_cache):
    marker = tmp_cache / "pickle-was-loaded"
    planted = tmp_cache / "seas-tiles-v2.pkl"
    planted.write_bytes(pickle.dumps(_Planted(str(marker))))
    assert seas.sea_tiles() is None  # no world sea source here, and the pickle is not looked at
    _write_sea_source(tmp_cache, box(-30.0, 30.0, -29.0, 31.0))  # a patch of the Atlantic
    seas.sea_tiles.cache_clear()
    tiles = seas.sea_tiles()
    assert tiles is not None and set(tiles) == {(106, 85), (106, 86), (107, 85), (107, 86)}  # 2 x 2 tiles
    assert not marker.exists()
    assert sorted(p.name for p in tmp_cache.iterdir() if p.suffix == ".pkl") == ["seas-tiles-v2.pkl"]


def test_sea_tiles_cache_of_another_source_or_layout_is_not_used(tmp_cache):
    _write_sea_source(tmp_cache, box(-30.0, 30.0, -29.0, 31.0))
    first = seas.sea_tiles()
    assert first is not None
    # a new source file (other size): the cache is rebuilt from it
    _write_sea_source(tmp_cache, box(-30.0, 30.0, -27.5, 31.0))
    seas.sea_tiles.cache_clear()
    assert set(seas.sea_tiles() or {}) == set(first) | {(108, 85), (108, 86)}
    # a file that is not an array file at all: a warning, then rebuilt
    seas.tiles_cache_path().write_bytes(b"not a cache")
    seas.sea_tiles.cache_clear()
    with pytest.warns(UserWarning, match="not a bordermap array file"):
        assert seas.sea_tiles() is not None
    read_arrays(seas.tiles_cache_path())


@pytest.mark.world
def test_damaged_world_rings_cache_is_rebuilt(world_file, restore_settings, tmp_path):
    from bordermap.geometry import table

    os.symlink(world_file.parent, tmp_path / world_file.parent.name)
    restore_settings.cache_folder = tmp_path
    rings = table.world_rings()
    path = table.rings_cache_path()
    assert path.parent == tmp_path and path.suffix == ".bmc" and not list(tmp_path.glob("*.npz"))
    cached = table.world_rings()
    assert (cached.xy == rings.xy).all() and cached.iso == rings.iso and cached.names == rings.names
    _damage(path, at=0.9)
    with pytest.warns(UserWarning, match="checksum"):
        rebuilt = table.world_rings()
    assert (rebuilt.xy == rings.xy).all() and (rebuilt.offsets == rings.offsets).all() and rebuilt.iso == rings.iso
    read_arrays(path)
