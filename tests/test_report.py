import json

import pytest
from shapely.geometry import Point

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
        "map.html",
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
