"""The bundled display coverage (geodata/world-display.parquet) and the maps drawn from it."""

from __future__ import annotations

import hashlib
import json

import pytest
import shapely

import bordermap
from bordermap.publish.maps import simplify_countries


@pytest.fixture(scope="module")
def world():
    from bordermap.data.world import load_world

    return load_world()


def test_display_file_provenance():
    import pyarrow.parquet as pq
    import pyproj

    from bordermap.data.countries import geodata_dir
    from bordermap.data.world import ATTRIBUTION, world_countries_path, world_display_path, world_metadata

    meta = world_metadata("display")
    assert meta["source_file"] == "world-countries.parquet"
    assert meta["source_file_sha256"] == hashlib.sha256(world_countries_path().read_bytes()).hexdigest()
    upstream = world_metadata("countries")
    for key in ("source_package", "source_version", "source_sha256", "licence", "attribution"):
        assert meta[key] == upstream[key], key
    assert meta["licence"] == "ODbL-1.0" and meta["attribution"] == ATTRIBUTION and "OpenStreetMap" in meta["source"]
    assert "coverage_clean" in meta["cleaning"] and "min_index" in meta["cleaning"]
    assert float(meta["gap_width_m"]) == 2 * bordermap.settings.tolerance_m and float(meta["base_simplify_m"]) >= 0
    pf = pq.ParquetFile(world_display_path())
    geo = json.loads(pf.metadata.metadata[b"geo"])
    assert geo["version"] == "1.1.0" and geo["columns"]["geometry"]["encoding"] == "WKB"
    assert pyproj.CRS.from_json_dict(geo["columns"]["geometry"]["crs"]).equals("EPSG:4326")
    assert all(pf.metadata.row_group(i).column(0).compression == "ZSTD" for i in range(pf.num_row_groups))
    readme = (geodata_dir() / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `world-display.parquet`"))
    assert "build_display.py" in row and "ODbL 1.0" in row and "world-countries.parquet" in row


def test_fingerprints_match_the_world_file(world):
    """Each display row records the SHA-256 of the WKB of the world row it was made from, in the same order."""
    import pyarrow.parquet as pq

    from bordermap.data.world import (
        display_fingerprint,
        world_countries_path,
        world_display_fingerprints,
        world_display_path,
    )

    src = pq.read_table(world_countries_path(), columns=["iso_a3", "geometry"])
    disp = pq.read_table(world_display_path(), columns=["iso_a3", "source_sha256"])
    assert disp["iso_a3"].to_pylist() == src["iso_a3"].to_pylist()
    expected = [hashlib.sha256(b).hexdigest() for b in src["geometry"].to_pylist()]
    assert disp["source_sha256"].to_pylist() == expected
    known = world_display_fingerprints()
    for iso in ("LTU", "RUS", "VAT", "FJI"):
        assert display_fingerprint(world.set_index("iso_a3").geometry[iso]) == known[iso]


def test_display_rows_are_clean_and_keep_territories(world):
    """Valid non-empty polygons; an overlap went to the smaller country (Vatican, Åland keep their area)."""
    from bordermap.data.world import world_display_geometries

    codes = ["ITA", "VAT", "SMR", "FRA", "CHE", "AUT", "SVN", "FIN", "ALA", "SWE"]
    got = dict(zip(codes, world_display_geometries(codes), strict=True))
    raw = world.set_index("iso_a3").geometry
    assert all(g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon") for g in got.values())
    assert shapely.coverage_is_valid(list(got.values()))
    for small, parent in (("VAT", "ITA"), ("SMR", "ITA"), ("ALA", "FIN")):
        assert got[small].area == pytest.approx(raw[small].area, rel=0.02)
        assert got[parent].intersection(raw[small]).area < 0.01 * raw[small].area


def test_prebuilt_path_for_the_bundled_world_only(world, restore_settings):
    border = bordermap.shared_border("LTU", "BLR", world)
    assert simplify_countries(world, border).prebuilt
    assert simplify_countries(world[world.iso_a3.isin(["LTU", "BLR", "POL", "LVA"])], border).prebuilt  # a subset
    assert simplify_countries(world, border, simplify_m=0).prebuilt  # the file is not simplified
    edited = world.copy()
    at = edited.iso_a3 == "LVA"  # a neighbour in view, its rings reordered: the same shape, not the bundled row
    edited.loc[at, "geometry"] = shapely.normalize(edited.geometry[at].values)
    shown = simplify_countries(edited, border)
    assert not shown.prebuilt and {"LTU", "BLR", "LVA"} <= set(shown.countries.iso_a3)
    moved = world[world.iso_a3.isin(["LTU", "BLR", "POL", "LVA", "RUS", "UKR"])].copy()
    moved["geometry"] = moved.geometry.translate(xoff=0.0, yoff=1e-7)  # edited geometry
    assert not simplify_countries(moved, bordermap.shared_border("LTU", "BLR", moved)).prebuilt
    restore_settings.tolerance_m = 100.0  # wider gaps to close than the file closed
    assert not simplify_countries(world, bordermap.shared_border("LTU", "BLR", world)).prebuilt


@pytest.mark.parametrize(
    ("a", "b"), [("LTU", "BLR"), ("ESP", "MAR"), ("IND", "BGD"), ("ITA", "VAT"), ("ITA", "SMR"), ("LIE", "CHE")]
)
def test_drawn_countries_are_a_valid_coverage(world, a, b):
    """Clipped (pair to its box, others to the context box) and simplified, with no cleaning: still a coverage."""
    border = bordermap.shared_border(a, b, world)
    shown = simplify_countries(world, border)
    assert shown.prebuilt and shown.fallbacks == ()
    geoms = shown.countries.geometry.to_numpy()
    assert all(g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon") for g in geoms)
    assert shapely.coverage_is_valid(geoms)  # no overlap, shared edges identical
    assert {a, b} <= set(shown.countries.iso_a3)
    assert shown.border is not None and shown.hausdorff_m is not None and shown.hausdorff_m < 5 * shown.simplify_m + 200
    got = shown.countries.set_index("iso_a3").geometry
    raw = world.set_index("iso_a3").geometry
    if (a, b) == ("ESP", "MAR"):  # Ceuta and Melilla are Spain's
        for town in (shapely.Point(-5.32, 35.89), shapely.Point(-2.95, 35.29)):
            assert got["ESP"].contains(town) and not got["MAR"].contains(town)
    if a == "ITA":  # the enclave keeps its area; Italy has the hole
        assert got[b].area == pytest.approx(raw[b].area, rel=0.1) and got["ITA"].intersection(got[b]).area == 0


def test_antimeridian_coverage(world):
    """Russia, the USA and Fiji (split at ±180) drawn whole: a valid coverage on both sides of the antimeridian."""
    frame = world[world.iso_a3.isin(["RUS", "USA", "FJI", "MNG", "CHN", "KAZ", "CAN"])]
    shown = simplify_countries(frame, simplify_m=2_000)
    assert shown.prebuilt and set(shown.countries.iso_a3) == set(frame.iso_a3)
    assert shapely.coverage_is_valid(shown.countries.geometry.to_numpy())
    for iso in ("RUS", "USA", "FJI"):
        x0, _, x1, _ = shown.countries.set_index("iso_a3").geometry[iso].bounds
        assert x0 < -179.9 and x1 > 179.9, iso


@pytest.mark.parametrize(("a", "b"), [("FRA", "GUF"), ("NLD", "SXM")])
def test_pair_given_away_by_the_display_coverage_is_cleaned_here(world, a, b):
    """France's polygon holds French Guiana (the Netherlands' Sint Maarten): the display coverage gives the overlap to
    the smaller country, leaving nothing of France in view; the map then cleans at run time, where the pair keeps it."""
    border = bordermap.shared_border(a, b, world)
    shown = simplify_countries(world, border)
    assert not shown.prebuilt and {a, b} <= set(shown.countries.iso_a3)
    assert all(g.is_valid and not g.is_empty for g in shown.countries.geometry)


@pytest.mark.slow
def test_build_display_check_is_byte_for_byte():
    """geodata/build_display.py --check rebuilds world-display.parquet in memory (about 30 s) and compares the bytes."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run(
        [sys.executable, str(ROOT / "geodata" / "build_display.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("identical sha256=") == 1, proc.stdout
