"""The report's pair cache and the world's array cache: results as computed, checked on load, rebuilt if damaged."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely

import bordermap
from bordermap import _pair_cache
from bordermap._cache import file_digest, read_arrays
from bordermap.data import countries as dc
from bordermap.data.world import world_countries_path

OUTPUTS = (
    "report.json",
    "border.geojson",
    "places.geojson",
    "mentions.geojson",
    "fence.geojson",
    "corridors.geojson",
    "claims.csv",
)
ARTICLES = Path(__file__).resolve().parent / "articles"


def _normalised(folder: Path, name: str) -> str:
    """A written file without what differs from run to run (run id, folium's random ids, map.html's hash)."""
    text = (folder / name).read_text(encoding="utf-8")
    text = re.sub(r"\d{8}T\d{6}Z-[0-9a-f]{8}", "RUN", text)
    text = re.sub(r'"map\.html": "[0-9a-f]{64}"', '"map.html": "SHA256"', text)  # (report.json's files)
    return re.sub(r"\b(map|feature_group|layer_control|tile_layer)_[0-9a-f]{32}\b", r"\1_ID", text)


@pytest.fixture
def fresh_entry():
    """The pair cache entry of the Greece–Turkey report (the article makes it TUR–GRC) removed before and after."""
    key = _pair_cache.pair_key(world_countries_path(), "TUR", "GRC")
    path = _pair_cache.entry_path(key)
    path.unlink(missing_ok=True)
    yield key, path
    path.unlink(missing_ok=True)


def test_a_report_from_the_cache_is_the_report_computed(tmp_path, fresh_entry, restore_settings):
    key, path = fresh_entry
    folder = ARTICLES / "greece_turkey"
    restore_settings.use_cache = False
    computed = bordermap.run_report(folder, out=tmp_path / "computed")
    assert not path.exists()  # use_cache=False neither reads nor writes
    restore_settings.use_cache = True
    first = bordermap.run_report(folder, out=tmp_path / "first")  # computes, and keeps
    entry = _pair_cache.load_entry(key)
    assert entry is not None and entry.display is not None and entry.corridors is not None
    second = bordermap.run_report(folder, out=tmp_path / "second")  # reads the entry
    assert second._display is not None and second._display.simplify_m == entry.display.simplify_m
    for name in (*OUTPUTS, "map.html"):
        want = _normalised(tmp_path / "computed", name)
        assert _normalised(tmp_path / "first", name) == want, name
        assert _normalised(tmp_path / "second", name) == want, name
    assert second.border.length_km == computed.border.length_km == first.border.length_km
    assert shapely.equals_exact(second.border.geometry, computed.border.geometry, 0.0)
    assert second.border.tripoints == computed.border.tripoints


def test_the_report_reads_what_the_entry_holds(tmp_path, fresh_entry):
    """A (hand-edited) entry with another length is what the next report says: proof that the cache is read."""
    key, _ = fresh_entry
    folder = ARTICLES / "greece_turkey"
    bordermap.run_report(folder, out=tmp_path / "a")
    entry = _pair_cache.load_entry(key)
    assert entry is not None
    edited = round(entry.border.length_km - 1.25, 3)
    entry.border = dataclasses.replace(entry.border, length_km=edited)
    _pair_cache.store_entry(key, entry)
    rep = bordermap.run_report(folder, out=tmp_path / "b")
    assert rep.border.length_km == edited
    assert json.loads((tmp_path / "b" / "report.json").read_text())["border"]["length_km"] == edited


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped"])
def test_a_damaged_entry_is_computed_again_and_rewritten(tmp_path, fresh_entry, damage):
    key, path = fresh_entry
    folder = ARTICLES / "greece_turkey"
    good = bordermap.run_report(folder, out=tmp_path / "a")
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a cache file at all")
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    else:
        flipped = bytearray(raw)
        flipped[-100] ^= 0xFF  # inside a geometry's WKB
        path.write_bytes(bytes(flipped))
    assert _pair_cache.load_entry(key) is None
    again = bordermap.run_report(folder, out=tmp_path / "b")
    assert again.border.length_km == good.border.length_km
    assert _normalised(tmp_path / "b", "report.json") == _normalised(tmp_path / "a", "report.json")
    assert _pair_cache.load_entry(key) is not None  # rewritten


def test_an_entry_written_for_another_key_is_not_used(tmp_path, fresh_entry):
    key, path = fresh_entry
    bordermap.run_report(ARTICLES / "greece_turkey", out=tmp_path / "a")
    other = _pair_cache.pair_key(world_countries_path(), "GRC", "TUR")
    entry = _pair_cache.load_entry(key)
    assert entry is not None
    _pair_cache.store_entry(other, entry)
    moved = _pair_cache.entry_path(other)
    try:
        path.write_bytes(moved.read_bytes())  # the right name, the wrong content
        assert _pair_cache.load_entry(key) is None
    finally:
        moved.unlink(missing_ok=True)


def test_the_key_holds_the_pair_order_the_settings_and_the_dataset(tmp_path, restore_settings):
    world = world_countries_path()
    base = _pair_cache.pair_key(world, "LTU", "BLR")
    assert base == _pair_cache.pair_key(world, "LTU", "BLR")
    assert base != _pair_cache.pair_key(world, "BLR", "LTU")  # the line runs with a on its left
    copy = tmp_path / "world-copy.parquet"
    copy.write_bytes(world.read_bytes())
    assert _pair_cache.pair_key(copy, "LTU", "BLR") == base  # the bytes count, not the path
    copy.write_bytes(world.read_bytes() + b"\0")
    assert _pair_cache.pair_key(copy, "LTU", "BLR") != base
    restore_settings.tolerance_m = 75.0
    assert _pair_cache.pair_key(world, "LTU", "BLR") != base
    restore_settings.tolerance_m = 50.0
    restore_settings.min_piece_m = 100.0
    assert _pair_cache.pair_key(world, "LTU", "BLR") != base


def test_a_changed_tolerance_gives_another_border_not_the_cached_one(tmp_path, restore_settings):
    folder = ARTICLES / "greece_turkey"
    default = bordermap.run_report(folder)
    restore_settings.tolerance_m = 500.0
    wide = bordermap.run_report(folder)
    assert wide.border.tolerance_m == 500.0 and default.border.tolerance_m == 50.0
    assert wide.border.length_km != default.border.length_km


def test_entries_hold_no_python_objects():
    key = _pair_cache.pair_key(world_countries_path(), "LTU", "BLR")
    bordermap.run_report(out=None)  # the seeds: LTU–BLR (written by earlier reports, or now without display)
    arrays, meta = read_arrays(_pair_cache.entry_path(key))
    assert set(arrays) == {"wkb"} and arrays["wkb"].dtype == np.uint8
    json.dumps(meta, allow_nan=False)  # plain JSON only
    assert meta["key"] == key


def test_the_world_arrays_give_the_world_file_exactly(tmp_path, restore_settings):
    path = world_countries_path()
    from_parquet = dc._read_bundled_world(path)
    restore_settings.cache_folder = tmp_path
    first = dc._bundled_world(path)  # reads the GeoParquet file, keeps the arrays
    kept = list(tmp_path.glob("world-*.bmc"))
    assert len(kept) == 1
    second = dc._bundled_world(path)  # from the arrays
    for frame in (first, second):
        assert list(frame.columns) == list(from_parquet.columns)
        assert (frame.dtypes == from_parquet.dtypes).all()
        assert frame["iso_a3"].tolist() == from_parquet["iso_a3"].tolist()
        assert frame["name"].tolist() == from_parquet["name"].tolist()
        assert frame.crs == from_parquet.crs
        assert shapely.to_wkb(frame.geometry.values).tolist() == shapely.to_wkb(from_parquet.geometry.values).tolist()
    raw = bytearray(kept[0].read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # a coordinate changed: the checksum fails, the file is rebuilt
    kept[0].write_bytes(bytes(raw))
    third = dc._bundled_world(path)
    assert shapely.to_wkb(third.geometry.values).tolist() == shapely.to_wkb(from_parquet.geometry.values).tolist()
    read_arrays(kept[0])  # rewritten, whole again


def test_the_arrays_a_wheel_ships_are_read_and_nothing_is_cached(tmp_path, restore_settings):
    """As in an installed wheel: the arrays lie beside the world file (setup.py puts them there)."""
    package = tmp_path / "geodata"
    package.mkdir()
    world = package / dc.WORLD_COUNTRIES_FILE
    world.write_bytes(world_countries_path().read_bytes())
    shipped = dc.build_world_arrays(package)  # what setup.py does with the wheel's geodata folder
    assert shipped.name == dc.world_arrays_name(file_digest(world))
    cache = tmp_path / "cache"
    restore_settings.cache_folder = cache
    frame = dc._bundled_world(world)
    assert not (cache.exists() and any(cache.iterdir()))  # nothing built: the shipped arrays were read
    want = dc._read_bundled_world(world)
    assert frame["iso_a3"].tolist() == want["iso_a3"].tolist() and frame["name"].tolist() == want["name"].tolist()
    assert shapely.to_wkb(frame.geometry.values).tolist() == shapely.to_wkb(want.geometry.values).tolist()
    other = package / "other.parquet"  # arrays are only used for the very file they were made from
    other.write_bytes(world.read_bytes() + b"\0")
    assert dc.world_arrays_name(file_digest(other)) != shipped.name


def test_the_report_draws_the_same_display_without_measuring_it(countries):
    from bordermap.publish.maps import simplify_countries

    border = bordermap.shared_border("TUR", "GRC", countries)
    measured = simplify_countries(countries, border)
    unmeasured = simplify_countries(countries, border, measure=False)  # what run_report keeps
    assert measured.hausdorff_m is not None and unmeasured.hausdorff_m is None
    assert shapely.equals_exact(measured.border, unmeasured.border, 0.0)
    assert measured.countries.iso_a3.tolist() == unmeasured.countries.iso_a3.tolist()
    assert all(shapely.equals_exact(measured.countries.geometry.values, unmeasured.countries.geometry.values, 0.0))
