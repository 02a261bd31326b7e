import json

import pytest
from shapely.geometry import Point

import bordermap
from tests.conftest import SEEDS, run_cli


def test_report_on_seeds(seeds_report, countries):
    out = seeds_report.out
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["countries"] == ["LTU", "BLR"]
    assert 660 < data["border"]["length_km"] < 690
    by_name = {p["name"]: p for p in data["places"]}
    polys = countries.set_index("iso_a3").geometry
    for name, iso in [("Vilnius", "LTU"), ("Minsk", "BLR"), ("Dieveniškės", "LTU"), ("Padvarionys", "LTU")]:
        p = by_name[name]
        assert p["country"] == iso
        assert polys[iso].contains(Point(p["lon"], p["lat"])), name
        assert p["mentions"]
    for f in ("map.html", "border.geojson", "places.geojson"):
        assert (out / f).stat().st_size > 1000
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert places["type"] == "FeatureCollection" and "crs" not in places
    assert {f["properties"]["name"] for f in places["features"]} == set(by_name)


def test_map_html_has_layers(seeds_report):
    html = (seeds_report.out / "map.html").read_text(encoding="utf-8")
    assert "L.map" in html and "Dieveni" in html and "Border LTU" in html


def test_cli_report_and_summary(tmp_path):
    proc = run_cli("report", str(SEEDS), "--out", str(tmp_path / "o"), "--countries", "LTU", "BLR")
    assert proc.returncode == 0, proc.stderr
    assert "Lithuania (LTU)" in proc.stdout and "km" in proc.stdout
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "border.geojson",
        "claims.csv",
        "corridors.geojson",
        "fence.geojson",
        "map.html",
        "mentions.geojson",
        "places.geojson",
        "report.json",
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "--countries", "LTX", "BLR"], "unknown country 'LTX'"),
        (["report", "/no/such/file.txt"], "no such file"),
        (["report", "{empty}"], "no .txt"),
    ],
)
def test_cli_errors_are_one_line(tmp_path, args, needle):
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [a.replace("{empty}", str(empty)) for a in args]
    proc = run_cli(*args, "--out", str(tmp_path / "out"))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_report_holds_typed_values(seeds_report):
    """Objects and GeoDataFrames until the publish step; report.json is their one JSON form."""
    import geopandas as gpd

    from bordermap.report import PLACE_COLUMNS, PlaceMention
    from bordermap.text.claims import ClaimCheck

    rep = seeds_report
    m = rep.measures
    assert isinstance(m, bordermap.BorderMeasures) and isinstance(m.fence, bordermap.FenceCoverage)
    assert m.tripoints == rep.border.tripoints and "centred on the border" in m.fence_assumption
    assert isinstance(m.corridors, gpd.GeoDataFrame) and m.corridors.crs.to_epsg() == 4326
    assert list(m.corridors.columns) == ["country", "width_km", "lat", "lon", "smaller_side_km2", "places", "geometry"]
    assert round(float(m.corridors.width_km.iloc[0]), 2) == 2.64
    places = rep.places
    assert isinstance(places, gpd.GeoDataFrame) and places.crs.to_epsg() == 4326
    assert list(places.columns) == [*PLACE_COLUMNS, "geometry"]
    assert places.name.is_unique and set(places.geometry.geom_type) == {"Point"}
    vilnius = places.set_index("name").loc["Vilnius"]
    assert (round(vilnius.geometry.x, 2), round(vilnius.geometry.y, 2)) == (25.28, 54.69)  # (lon, lat)
    assert all(isinstance(x, PlaceMention) for x in vilnius.mentions) and 20 < vilnius.border_distance_km < 40
    assert places.set_index("name").border_distance_km.isna()["Belarus"]  # countries: no distance
    verdicts = rep.verdicts()
    assert all(isinstance(v, ClaimCheck) and isinstance(v.claim, bordermap.Claim) for v in verdicts)
    assert [v.verdict for v in verdicts] == ["consistent", "consistent", "plausible", "consistent"]
    data = json.loads((rep.out / "report.json").read_text(encoding="utf-8"))
    files = data.pop("files")  # the manifest: the SHA-256 of every other file written (issue 24)
    assert json.loads(json.dumps(rep.to_dict(), allow_nan=False)) == data  # written: to_dict(), strict JSON
    assert sorted(files) == sorted(n for n in rep.output_files() if n != "report.json")
    assert data["fence"]["share"] == 0.8187 and data["fence"]["uncovered_km"] == 121.786
    assert data["corridors"][0]["width_km"] == 2.641 and "Dieveniškės" in data["corridors"][0]["places"]
    assert data["corridors"][0]["geometry"]["type"] == "LineString"


def test_fence_ends_given_by_name_are_geocoded_by_the_report():
    """Names are geocoded by the report (geometry takes points): Medininkai and Šumskas crossings, km 395.7–407.3."""
    rep = bordermap.run_report([SEEDS], countries=("LTU", "BLR"), fence=[("Medininkai", "Šumskas")])
    (got,) = rep.measures.fence.sections
    assert (round(got.start_km, 1), round(got.end_km, 1)) == (395.7, 407.3)
    assert rep.measures.fence_assumption is None
