"""The gazetteer's values and its store: typed places, a checked, memory-mapped file that is rebuilt when damaged."""

from __future__ import annotations

import dataclasses
import random
import shutil
import warnings
from pathlib import Path

import pytest

import bordermap
from bordermap._cache import PY_TAG, CacheError, cache_dir
from bordermap.text.gazetteer import (
    INDEX_FORMAT,
    KINDS,
    Gazetteer,
    Place,
    default_gazetteer,
    gazetteer_cache_path,
    kind_of,
    load_or_build,
)

VILNIUS = Place(
    name="Vilnius", lon=25.2798, lat=54.68916, country="LTU", kind="city", population=542366, id="geonames:593116"
)


def small_gazetteer() -> Gazetteer:
    gaz = Gazetteer(
        [
            (VILNIUS, ["Vilnius", "Wilno"]),
            (Place(name="Vilnius", lon=25.2, lat=54.7, country="LTU", kind="district", population=579366), ["Vilnius"]),
            (
                Place(name="Medininkai", lon=25.65, lat=54.5389, country="LTU", kind="crossing", source="curated"),
                ["Medininkai", "Miedniki", "Medininkai border crossing"],
            ),
        ]
    )
    gaz.zipf = {"most": 6.5, "guard": 4.9}
    return gaz


def test_place_is_lon_lat_keywords_and_typed():
    assert [f.name for f in dataclasses.fields(Place)][:3] == ["name", "lon", "lat"]
    with pytest.raises(TypeError):
        Place("Vilnius", 25.2798, 54.68916, "LTU", "city")
    assert (VILNIUS.point.x, VILNIUS.point.y) == (25.2798, 54.68916)
    assert KINDS == ("continent", "country", "region", "district", "city", "town", "village", "crossing", "feature")
    assert kind_of("village", where="x") == "village"
    with pytest.raises(bordermap.DataError, match=r"^places\.csv, 'X': unknown place kind 'hamlet' \(expected one"):
        kind_of("hamlet", where="places.csv, 'X'")
    assert {p.kind for p in default_gazetteer().lookup("Vilnius")} <= set(KINDS)
    assert VILNIUS.to_dict()["lat"] == 54.68916 and VILNIUS.to_dict()["lon"] == 25.2798


def test_rows_keep_every_field(tmp_path):
    odd = Place(
        name="Ąžuolynė",
        lon=179.25,
        lat=-54.5,
        country="LTU",
        kind="village",
        population=2**40,
        source="curated",
        precision_m=12.5,
        id="curated:x",
        note="NOT VERIFIED \x1e ok",
        admin1="Vilnius",
    )
    small = Gazetteer(
        [(odd, ["Azuolyne"]), (Place(name="", lon=0.0, lat=0.0, country="", kind="continent"), ["Nowhere"])]
    )
    loaded = Gazetteer.load(small.save(tmp_path / "a.bmc"))
    assert [loaded.place(i).to_dict() for i in range(2)] == [small.place(i).to_dict() for i in range(2)]
    assert loaded.place(0) == odd and loaded.lookup("AZUOLYNE") == [odd]
    assert len(Gazetteer.load(Gazetteer().save(tmp_path / "empty.bmc"))) == 0
    with pytest.raises(bordermap.DataError, match="separator"):
        Gazetteer([(dataclasses.replace(odd, name="A\x1fB"), ["A"])]).save(tmp_path / "b.bmc")


def test_store_answers_as_the_gazetteer_it_was_written_from(tmp_path):
    small = small_gazetteer()
    loaded = Gazetteer.load(small.save(tmp_path / "g.bmc"))
    for name in ("WILNO", "vilnius", "Miedniki", "Medininkai border crossing", "Kaunas", ""):
        assert loaded.lookup(name) == small.lookup(name), name
        assert (name in loaded) == (name in small)
    assert [p.kind for p in loaded.lookup("Vilnius")] == ["district", "city"]  # regions before towns
    assert loaded.lookup("Vilnius", country="LVA") == []
    assert loaded.zipf == {"most": 6.5, "guard": 4.9} and loaded.zipf.get("most") == 6.5
    assert loaded.zipf.get("kaunas", 0.0) == 0.0 and "guard" in loaded.zipf and "kaunas" not in loaded.zipf
    assert loaded.max_words == small.max_words == 3 and len(loaded) == 3
    # a loaded gazetteer grows in memory, and writes itself whole again
    kaunas = Place(name="Kaunas", lon=23.9, lat=54.9, country="LTU", kind="city", population=300000)
    loaded.add(kaunas, ["Kaunas", "Kovno", "Wilno"])
    assert loaded.lookup("Kovno") == [kaunas] and len(loaded) == 4
    assert [p.name for p in loaded.lookup("Wilno")] == ["Vilnius", "Kaunas"]
    again = Gazetteer.load(loaded.save(tmp_path / "h.bmc"))
    assert [p.to_dict() for p in again.places] == [p.to_dict() for p in loaded.places]
    assert again.lookup("Wilno") == loaded.lookup("Wilno") and again.zipf == loaded.zipf


def test_default_gazetteer_is_a_memory_mapped_cache_file():
    gaz = default_gazetteer()
    path = gazetteer_cache_path()
    assert path.parent == cache_dir() and path.is_file()
    assert path.name.startswith("gazetteer-") and path.name.endswith(f"-f{INDEX_FORMAT}-{PY_TAG}.bmc")
    maps = Path("/proc/self/maps")
    if maps.exists():  # Linux: the file is mapped into the process, not read into its memory
        assert str(path) in maps.read_text()
    assert gaz.lookup("Dieveniskes")[0].name == "Dieveniškės"
    assert Gazetteer.load(path).lookup("Wilno")[0].country == "LTU"


def test_no_gc_freeze_in_the_library():
    import gc

    default_gazetteer()
    bordermap.extract_places("Migrants reached Vilnius from Minsk.")
    assert gc.get_freeze_count() == 0


def _damaged(data: bytes, how: str, rng: random.Random) -> bytes:
    if how == "random bytes":  # up to 4 KiB of random bytes somewhere in the file
        n = min(4096, len(data) // 4)
        at = rng.randrange(len(data) - n)
        return data[:at] + rng.randbytes(n) + data[at + n :]
    if how == "one bit":
        at = rng.randrange(len(data))
        return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]
    if how == "truncated":
        return data[: rng.randrange(len(data))]
    if how == "appended":
        return data + b"\0" * 64
    if how == "name edited":
        assert data.count(b"Medininkai") >= 1
        return data.replace(b"Medininkai", b"Medinmnkai", 1)
    if how == "header edited":
        return data.replace(b'"max_words": 3', b'"max_words": 9', 1)
    return b""  # emptied


HOW = ["random bytes", "one bit", "truncated", "appended", "name edited", "header edited", "emptied"]


@pytest.mark.parametrize("how", HOW)
def test_damaged_cache_file_is_detected_and_rebuilt(tmp_path, restore_settings, how):
    restore_settings.cache_folder = tmp_path / "cache"
    path = gazetteer_cache_path()  # the default gazetteer's file name, in the test's cache folder
    assert path.parent == tmp_path / "cache"
    built = []

    def build() -> Gazetteer:
        built.append(1)
        return small_gazetteer()

    good = load_or_build(path, build).lookup("Medininkai")
    assert built == [1] and path.is_file() and good[0].kind == "crossing"
    original = path.read_bytes()
    if how == "header edited":
        assert b'"max_words": 3' in original
    rng = random.Random(f"{how}-12")
    for _ in range(3 if how in ("random bytes", "one bit", "truncated") else 1):
        damaged = _damaged(original, how, rng)
        assert damaged != original
        path.write_bytes(damaged)
        with pytest.raises(CacheError):
            Gazetteer.load(path)
        gaz = load_or_build(path, build)  # rebuilt and written again, never used
        assert gaz.lookup("Medininkai") == good and gaz.lookup("Wilno")[0] == VILNIUS
        assert path.read_bytes() == original
    assert not [p for p in path.parent.iterdir() if p != path]  # no temporary files left


def test_damaged_copy_of_the_real_cache_is_refused(tmp_path, restore_settings):
    default_gazetteer()
    real = gazetteer_cache_path()
    restore_settings.cache_folder = tmp_path
    copy = gazetteer_cache_path()
    assert copy != real and copy.name == real.name
    shutil.copyfile(real, copy)
    assert Gazetteer.load(copy).lookup("Minsk")[0].country == "BLR"
    data = bytearray(copy.read_bytes())
    rng = random.Random(4096)
    at = rng.randrange(len(data) - 4096)
    data[at : at + 4096] = rng.randbytes(4096)
    copy.write_bytes(bytes(data))
    with pytest.raises(CacheError, match="checksum"):
        Gazetteer.load(copy)


def test_unwritable_cache_builds_in_memory_with_a_warning(tmp_path, restore_settings):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    restore_settings.cache_folder = blocker
    with pytest.warns(UserWarning, match="gazetteer cache not written"):
        gaz = load_or_build(gazetteer_cache_path(), small_gazetteer)
    assert gaz.lookup("Wilno") == [VILNIUS]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bordermap.extract_places("Migrants reached Wilno.", gazetteer=gaz)[0].place == VILNIUS
