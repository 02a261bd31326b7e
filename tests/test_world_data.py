"""The bundled world (geodata/world-countries.parquet, world-seas.parquet): content, provenance, look-ups, rebuild."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

ISSUE_COUNTRIES = ("FIN", "RUS", "USA", "MEX", "IND", "BGD", "GRC", "TUR", "ESP", "MAR")


@pytest.fixture(scope="module")
def world():
    from bordermap.data.world import load_world

    return load_world()


def test_world_has_every_country_valid_and_non_empty(world):
    import shapely

    assert len(world) == 250
    assert world["iso_a3"].is_unique
    assert list(world.columns) == ["iso_a3", "name", "geometry", "clipped"]
    assert world.crs.to_epsg() == 4326
    geoms = world.geometry.values
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(world.geom_type) == {"Polygon", "MultiPolygon"}
    assert not world["clipped"].any()
    assert (world["name"].str.strip() == world["name"]).all() and (world["name"] != "").all()
    minx, miny, maxx, maxy = world.total_bounds
    assert -180 <= minx < -179 and 179 < maxx <= 180 and -90 <= miny < -60 and 80 < maxy <= 90


def test_the_issue_countries_are_there(world):
    by_code = world.set_index("iso_a3")
    assert set(ISSUE_COUNTRIES) <= set(by_code.index)
    assert by_code.loc["FIN", "name"] == "Finland"
    assert by_code.loc["USA", "name"] == "United States"
    # whole countries, not the regional extract's window: Vladivostok, Alaska, Ceuta and Melilla
    from shapely.geometry import Point

    assert by_code.loc["RUS", "geometry"].contains(Point(131.9, 43.1))
    assert by_code.loc["USA", "geometry"].contains(Point(-149.9, 61.2))
    esp = by_code.loc["ESP", "geometry"]
    assert esp.contains(Point(-5.32, 35.89)) and esp.contains(Point(-2.94, 35.29))


def test_load_world_equals_the_full_normalisation(world):
    """The fast path (no validity re-check) gives what load_countries' normalisation gives for the same file."""
    import geopandas as gpd
    import shapely
    from pandas.testing import assert_frame_equal

    from bordermap.data.countries import _normalise, load_countries
    from bordermap.data.world import world_countries_path

    path = world_countries_path()
    for other in (_normalise(gpd.read_parquet(path), path), load_countries(path)):
        assert other.crs == world.crs
        assert_frame_equal(world.drop(columns="geometry"), other.drop(columns="geometry"))
        assert list(other.columns) == list(world.columns)
        assert list(shapely.to_wkb(other.geometry.values)) == list(shapely.to_wkb(world.geometry.values))


def test_load_world_returns_copies(world):
    from bordermap.data.world import load_world

    first = load_world()
    first.loc[0, "name"] = "changed"
    first.geometry.values[1] = None
    again = load_world()
    assert again.loc[0, "name"] == world.loc[0, "name"] and again.geometry.values[1] is not None


@pytest.mark.slow
@pytest.mark.world
def test_coordinates_are_exactly_as_parsed(world, world_file):
    """No simplification: every geometry the source publishes valid is stored bit for bit (WKB of the parsed JSON)."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    from bordermap.data.world import world_metadata

    repaired = set(world_metadata()["repaired"].rsplit(": ", 1)[1].split(","))
    assert len(repaired) == 32 and {"IND", "ESP", "MAR", "BEL", "NLD"} <= repaired
    source = json.loads(world_file.read_bytes())["features"]
    assert [f["properties"]["A3"] for f in source] == list(world["iso_a3"])  # source order
    for feat, geom in zip(source, world.geometry, strict=True):
        code = feat["properties"]["A3"]
        parsed = shape(feat["geometry"])
        if code in repaired:
            assert not parsed.is_valid, code
            # make_valid re-nodes the rings but moves nothing: same extent, (almost) only source vertices
            assert geom.bounds == parsed.bounds, code
            ours, theirs = (shapely.get_coordinates(g) @ np.array([1, 1j]) for g in (geom, parsed))
            assert np.isin(ours, theirs).mean() > 0.999, code
        else:
            assert shapely.to_wkb(geom) == shapely.to_wkb(parsed), code


def test_sea_mask_loads_and_tells_land_from_sea():
    import shapely

    from bordermap.data.world import SEA_TILE_DEG, is_at_sea, load_world_seas, world_sea_tiles

    seas = load_world_seas()
    assert list(seas.columns) == ["tile_i", "tile_j", "geometry"]
    assert len(seas) > 20_000 and seas.crs.to_epsg() == 4326
    assert shapely.is_valid(seas.geometry.values).all()
    assert set(seas.geom_type) <= {"Polygon", "MultiPolygon"}
    # each tile's sea lies inside its tile
    x0 = -180 + seas["tile_i"].to_numpy() * SEA_TILE_DEG
    y0 = -90 + seas["tile_j"].to_numpy() * SEA_TILE_DEG
    b = seas.geometry.bounds
    eps = 1e-9
    assert ((b.minx >= x0 - eps) & (b.maxx <= x0 + SEA_TILE_DEG + eps)).all()
    assert ((b.miny >= y0 - eps) & (b.maxy <= y0 + SEA_TILE_DEG + eps)).all()
    assert len(world_sea_tiles()) == len(seas)
    at_sea = [(19.0, 55.0), (26.0, 59.9), (-96.5, 25.9), (89.0, 21.0), (25.0, 36.5), (-5.5, 35.95)]
    on_land = [(23.9, 54.9), (28.0, 62.0), (-99.1, 19.4), (77.2, 28.6), (90.4, 23.8), (32.9, 39.9)]
    assert all(is_at_sea(lon=x, lat=y) for x, y in at_sea)
    assert not any(is_at_sea(lon=x, lat=y) for x, y in on_land)


def test_provenance_in_the_files_and_the_readme():
    import pyarrow.parquet as pq
    import pyproj

    from bordermap.data.countries import geodata_dir
    from bordermap.data.world import ATTRIBUTION, world_countries_path, world_metadata, world_seas_path

    for which, package in (("countries", "@geo-maps/countries-maritime-10m"), ("seas", "@geo-maps/earth-seas-10m")):
        meta = world_metadata(which)  # type: ignore[arg-type]
        assert meta["source_package"] == package
        assert meta["source_version"] == "0.6.0"
        assert meta["licence"] == "ODbL-1.0"
        assert "OpenStreetMap" in meta["source"] and meta["attribution"] == ATTRIBUTION
        assert re.fullmatch(r"[0-9a-f]{64}", meta["source_sha256"])
    for path in (world_countries_path(), world_seas_path()):
        pf = pq.ParquetFile(path)
        geo = json.loads(pf.metadata.metadata[b"geo"])
        assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry"
        assert geo["columns"]["geometry"]["encoding"] == "WKB"
        assert pyproj.CRS.from_json_dict(geo["columns"]["geometry"]["crs"]).equals("EPSG:4326")
        assert all(pf.metadata.row_group(i).column(0).compression == "ZSTD" for i in range(pf.num_row_groups))
    readme = (geodata_dir() / "README.md").read_text(encoding="utf-8")
    for name in ("world-countries.parquet", "world-seas.parquet", "build_world.py"):
        assert name in readme
    rows = [line for line in readme.splitlines() if line.startswith("| `world-")]
    assert len(rows) == 3 and all("0.6.0" in r and "ODbL 1.0" in r and "OpenStreetMap" in r for r in rows)


@pytest.mark.world
def test_recorded_source_hashes_match_the_fetched_packages(world_file):
    import hashlib

    from bordermap.data.world import world_metadata

    seas_file = world_file.parent.parent / "geo-maps-earth-seas-10m-0.6.0" / "map.geo.json"
    assert world_metadata("countries")["source_sha256"] == hashlib.sha256(world_file.read_bytes()).hexdigest()
    assert world_metadata("seas")["source_sha256"] == hashlib.sha256(seas_file.read_bytes()).hexdigest()


def test_the_wheel_ships_the_world_and_pyarrow_is_a_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.parquet" in project["tool"]["setuptools"]["package-data"]["bordermap.geodata"]
    assert any(re.match(r"pyarrow\b", d) for d in project["project"]["dependencies"])


@pytest.mark.parametrize(
    ("key", "iso"),
    [
        ("Finland", "FIN"),
        ("finland", "FIN"),
        ("FIN", "FIN"),
        ("United States", "USA"),
        ("USA", "USA"),
        ("US", "USA"),
        ("Bangladesh", "BGD"),
        ("russian federation", "RUS"),
        ("Türkiye", "TUR"),
        ("Greece", "GRC"),
        ("Morocco", "MAR"),
    ],
)
def test_country_lookup_over_the_world(world, key, iso):
    from bordermap.data.countries import country_row

    assert country_row(world, key).iso_a3 == iso


@pytest.mark.parametrize(
    ("key", "first"),
    [
        ("FNI", "Finland (FIN)"),
        ("Finlnd", "Finland (FIN)"),
        ("Bangldesh", "Bangladesh (BGD)"),
        ("Mexcio", "Mexico (MEX)"),
    ],
)
def test_unknown_country_suggests_the_right_one(world, key, first):
    import bordermap
    from bordermap.data.countries import country_row

    with pytest.raises(bordermap.UnknownCountryError) as err:
        country_row(world, key)
    hint = str(err.value).split("did you mean ", 1)[1]
    assert hint.startswith(first), str(err.value)
    assert isinstance(err.value, KeyError)


def test_a_country_missing_from_a_smaller_dataset_points_to_the_world(countries):
    import bordermap
    from bordermap.data.countries import country_row

    countries = countries[countries.iso_a3.isin(["LTU", "BLR", "LVA", "EST", "POL", "RUS", "UKR"])]

    with pytest.raises(bordermap.UnknownCountryError, match=r"Finland \(FIN\) is not one of its 7 countries.*world"):
        country_row(countries, "FIN")
    with pytest.raises(bordermap.UnknownCountryError, match=r"did you mean Lithuania \(LTU\)"):
        country_row(countries, "Lithuana")


def test_load_countries_reads_geoparquet(tmp_path):
    import geopandas as gpd

    import bordermap
    from bordermap.data.world import load_world

    small = load_world()
    small = small[small.iso_a3.isin(["FIN", "EST"])].rename(columns={"iso_a3": "A3"}).drop(columns=["name", "clipped"])
    path = tmp_path / "two.parquet"
    small.to_parquet(path)
    frame = bordermap.load_countries(path)
    assert sorted(frame.iso_a3) == ["EST", "FIN"]
    assert set(frame.name) == {"Estonia", "Finland"}
    # a projected GeoParquet goes to EPSG:4326
    small.to_crs(3067).to_parquet(tmp_path / "metric.parquet")
    metric = bordermap.load_countries(tmp_path / "metric.parquet")
    assert metric.crs.to_epsg() == 4326 and metric.set_index("iso_a3").loc["FIN", "geometry"].is_valid
    # a plain Parquet file (no 'geo' metadata) and a file that is not Parquet: one-line DataError
    gpd.pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "plain.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    for name in ("plain.parquet", "junk.parquet"):
        with pytest.raises(bordermap.DataError, match=re.escape(name)) as err:
            bordermap.load_countries(tmp_path / name)
        assert "\n" not in str(err.value)


@pytest.mark.slow
@pytest.mark.world
def test_build_world_check_is_byte_for_byte(world_file):
    """geodata/build_world.py --check rebuilds both files in memory (about 3 minutes) and compares the bytes."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "geodata" / "build_world.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("identical sha256=") == 2, proc.stdout
