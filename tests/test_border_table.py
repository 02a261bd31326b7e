"""border_table: every land border of a dataset, checked against shared_border and official lengths."""

from __future__ import annotations

import pytest

import bordermap

OFFICIAL_KM = {("BLR", "LTU"): 678.8, ("BLR", "POL"): 418.0, ("BLR", "UKR"): 1084.0}  # see test_border_extraction


@pytest.fixture(scope="module")
def regional(countries):
    return bordermap.border_table(countries)


def test_regional_table_lists_land_borders_only(regional):
    pairs = set(zip(regional.a, regional.b, strict=True))
    assert ("BLR", "LTU") in pairs and ("LTU", "POL") in pairs
    assert ("EST", "LTU") not in pairs and ("BLR", "EST") not in pairs
    assert all(a < b for a, b in pairs)
    assert list(regional.length_km) == sorted(regional.length_km, reverse=True)
    assert set(regional.columns) >= {"a", "b", "length_km", "maritime_km", "tripoints"}


@pytest.mark.parametrize("pair", [("BLR", "LTU"), ("BLR", "POL"), ("BLR", "UKR"), ("LTU", "LVA"), ("LTU", "RUS")])
def test_regional_table_agrees_with_shared_border(regional, countries, pair):
    row = regional[(regional.a == pair[0]) & (regional.b == pair[1])].iloc[0]
    border = bordermap.shared_border(*pair, countries)
    assert row.length_km == pytest.approx(border.length_km, rel=0.01)
    assert row.maritime_km == pytest.approx(border.maritime_km, abs=1.0)
    assert set(row.tripoints.split(";")) == {c for t in border.tripoints for c in t.countries}


def test_table_rejects_bad_input(tmp_path):
    with pytest.raises(bordermap.InputFileError):
        bordermap.border_table(tmp_path / "missing.geojson")
    with pytest.raises(ValueError, match="bridge_m"):
        bordermap.border_table(bridge_m=float("nan"))


def test_world_table(world, tmp_path):
    table = bordermap.border_table("world", progress=False)
    assert len(table) > 250
    for (a, b), official in OFFICIAL_KM.items():
        row = table[(table.a == a) & (table.b == b)].iloc[0]
        assert abs(row.length_km - official) / official < 0.03, (a, b, row.length_km)
    ltu = table[(table.a == "LTU") | (table.b == "LTU")]
    assert {x for ab in zip(ltu.a, ltu.b, strict=True) for x in ab} - {"LTU"} == {"BLR", "LVA", "POL", "RUS"}
    # the same countries written as GeoJSON and read by the fast ring reader give the same table
    path = tmp_path / "world.geojson"
    world[["iso_a3", "name", "geometry"]].to_file(path, driver="GeoJSON")
    raw = bordermap.border_table(path, progress=False)
    assert raw.length_km.sum() == pytest.approx(table.length_km.sum(), rel=1e-9)


def test_table_with_the_sea_mask_off_keeps_and_measures_the_sea_part(countries):
    masked = bordermap.border_table(countries, progress=False)
    unmasked = bordermap.border_table(countries, sea_mask=False, progress=False)

    def row(table, a, b):
        return table[(table.a == a) & (table.b == b)].iloc[0]

    sea = row(unmasked, "RUS", "USA")  # only at sea: absent from the masked table
    assert masked[(masked.a == "RUS") & (masked.b == "USA")].empty
    assert 50 < sea.length_km < 60 and sea.maritime_km == pytest.approx(sea.length_km, rel=0.01)
    on, off = row(masked, "LTU", "LVA"), row(unmasked, "LTU", "LVA")
    assert on.maritime_km > 5 and off.maritime_km == pytest.approx(on.maritime_km)
    assert off.length_km == pytest.approx(on.length_km + on.maritime_km, rel=1e-6)


def test_table_with_geometry_is_a_geodataframe_of_the_measured_lines(countries):
    from bordermap.geometry.projection import geodesic_length_km

    plain = bordermap.border_table(countries, progress=False)
    table = bordermap.border_table(countries, progress=False, geometry=True)
    assert type(plain).__name__ == "DataFrame" and table.crs.to_epsg() == 4326
    assert list(table.drop(columns="geometry").columns) == list(plain.columns)
    assert table.drop(columns="geometry").equals(plain)  # the same rows, in the same order
    assert set(table.geom_type) == {"MultiLineString"}
    for r in table.itertuples():  # each line is what length_km measures, piece by piece
        assert len(r.geometry.geoms) == r.pieces
        assert geodesic_length_km(r.geometry) == pytest.approx(r.length_km, abs=0.01)
    blr_ltu = table[(table.a == "BLR") & (table.b == "LTU")].geometry.iloc[0]
    lt = countries.set_index("iso_a3").geometry
    assert blr_ltu.distance(lt["LTU"].boundary) < 1e-3 and blr_ltu.distance(lt["BLR"].boundary) < 1e-3
    assert blr_ltu.hausdorff_distance(lt["LTU"].boundary.intersection(lt["BLR"].buffer(0.01))) < 0.05


@pytest.mark.parametrize(("suffix", "driver"), [(".geojson", "GeoJSON"), (".gpkg", "GPKG")])
def test_table_with_geometry_round_trips_through_a_file(countries, tmp_path, suffix, driver):
    import geopandas as gpd

    table = bordermap.border_table(countries, progress=False, geometry=True)
    path = tmp_path / f"borders{suffix}"
    table.to_file(path, driver=driver)  # one call
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 4326 and len(back) == len(table)
    assert list(back.columns) == list(table.columns)
    assert list(zip(back.a, back.b, strict=True)) == list(zip(table.a, table.b, strict=True))
    assert back.length_km.to_numpy() == pytest.approx(table.length_km.to_numpy(), rel=1e-9)
    assert list(back.tripoints.fillna("")) == list(table.tripoints)
    for got, want in zip(back.geometry, table.geometry, strict=True):
        assert got.equals_exact(want, tolerance=1e-6)


def test_table_flags_are_checked():
    with pytest.raises(bordermap.ArgumentError, match="geometry"):
        bordermap.border_table(geometry="yes")


def test_records_and_the_table_command_give_the_table_without_pandas(world_file, tmp_path):
    """The raw world GeoJSON: border_records, ``bordermap table`` (CSV) and border_table agree row for row,
    and the command imports neither pandas nor scipy."""
    import csv
    import json
    import os
    import subprocess
    import sys

    table = bordermap.border_table(world_file, progress=False)
    records = bordermap.border_records(world_file, progress=False)
    assert len(records) == len(table) == 319
    assert records == table.to_dict("records")
    out = tmp_path / "table.csv"
    code = (
        "import json, sys; from bordermap.cli import main; status = main(sys.argv[1:]); "
        "print(json.dumps(sorted(m for m in ('pandas', 'geopandas', 'scipy') if m in sys.modules))); sys.exit(status)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-c", code, "table", str(world_file), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["a"], r["b"], float(r["length_km"]), r["tripoints"]) for r in rows] == [
        (r["a"], r["b"], r["length_km"], r["tripoints"]) for r in records
    ]
    assert out.read_text(encoding="utf-8") == table.to_csv(index=False)


def test_read_rings_parses_the_coordinates_exactly(tmp_path):
    import json

    import numpy as np

    from bordermap.geometry.table import read_rings

    ring = [[24.123456789012, 54.5], [-0.1, 1e-3], [25.0, 55.0], [24.123456789012, 54.5]]
    hole = [[24.2, 54.6], [24.3, 54.6], [24.2, 54.7], [24.2, 54.6]]
    feats = [
        {"type": "Feature", "properties": {"iso_a3": "AAA", "name": "A"},
         "geometry": {"type": "Polygon", "coordinates": [ring, hole]}},
        {"type": "Feature", "properties": {"iso_a3": "BBB", "name": "B"},
         "geometry": {"type": "MultiPolygon", "coordinates": [[ring], [hole]]}},
    ]  # fmt: skip
    path = tmp_path / "two.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, indent=1))
    rings = read_rings(path)
    assert rings.iso == ["AAA", "BBB"] and rings.country.tolist() == [0, 0, 1, 1]
    assert rings.offsets.tolist() == [0, 4, 8, 12, 16]
    assert np.array_equal(rings.xy, np.array(ring + hole + ring + hole, dtype=float))


def test_table_command_refuses_bad_input(tmp_path, capsys):
    from bordermap.cli import main

    assert main(["table", str(tmp_path / "missing.geojson")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["table", "--tolerance-m", "nan"]) == 2
    assert "--tolerance-m nan: out of range" in capsys.readouterr().err
