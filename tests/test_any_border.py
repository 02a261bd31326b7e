"""Any border, out of the box: one-article folders about five borders, offline, with no npm on PATH.

Each run is the real command line, in a network namespace with no network (``unshare -n``),
with only the interpreter's folder on PATH (no npm, no node), into a cache folder that starts
empty (the first run builds the gazetteer index there; the bundled world needs no fetching).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_browser import ARGS, CHROMIUM, Page

ARTICLES = ROOT / "tests" / "articles"

#: Article folder -> the pair the report must choose (first the country where the story's places are).
PAIRS = {
    "finland_russia": {"FIN", "RUS"},
    "us_mexico": {"USA", "MEX"},
    "india_bangladesh": {"IND", "BGD"},
    "greece_turkey": {"GRC", "TUR"},
    "poland_belarus": {"POL", "BLR"},
}
OUTPUTS = ("map.html", "border.geojson", "places.geojson", "report.json")


def _offline(args: list[str], *, cache: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    unshare = shutil.which("unshare")
    assert unshare, "util-linux's unshare is needed to run without a network"
    env = {
        "PATH": str(Path(sys.executable).parent),  # no npm, no node
        "HOME": str(cache.parent),
        "BORDERMAP_CACHE": str(cache),
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }
    assert shutil.which("npm", path=env["PATH"]) is None and shutil.which("node", path=env["PATH"]) is None
    return subprocess.run(
        [unshare, "-n", sys.executable, "-m", "bordermap", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict]:
    """report.json of each article folder, run offline into one cache folder that starts empty."""
    base = tmp_path_factory.mktemp("any-border")
    cache = base / "cache"
    got = {}
    for name in PAIRS:
        out = base / name
        proc = _offline(["report", str(ARTICLES / name), "--out", str(out)], cache=cache, cwd=base)
        assert proc.returncode == 0, (name, proc.stderr[-2000:])
        assert "written to" in proc.stdout
        for f in OUTPUTS:
            assert (out / f).is_file() and (out / f).stat().st_size > 0, (name, f)
        got[name] = json.loads((out / "report.json").read_text(encoding="utf-8"))
        got[name]["_out"] = str(out)
    assert not list(cache.rglob("*.tgz")), "nothing was fetched"
    return got


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_the_report_chooses_the_pair_and_writes_everything(reports, name):
    rep = reports[name]
    assert set(rep["countries"]) == PAIRS[name]
    assert rep["border"]["length_km"] > 100
    feats = json.loads((Path(rep["_out"]) / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert feats and all(f["geometry"]["type"] == "Point" for f in feats)


@pytest.mark.slow
def test_siliguri_corridor_is_in_the_india_bangladesh_report(reports):
    corridors = reports["india_bangladesh"]["corridors"]
    siliguri = [c for c in corridors if c["country"] == "IND"]
    assert siliguri and 19.0 < siliguri[0]["width_km"] < 25.0  # about 22 km
    assert 26.0 < siliguri[0]["lat"] < 27.2 and 87.8 < siliguri[0]["lon"] < 88.8
    assert "Siliguri" in siliguri[0]["places"]


#: Names each article presents as places that the offline gazetteer lacks.
UNRESOLVED = {
    "finland_russia": {"Vaalimaa", "Raja-Jooseppi"},
    "india_bangladesh": {"Petrapole", "Benapole"},
    "greece_turkey": {"Pazarkule"},
}


@pytest.mark.slow
def test_names_the_gazetteer_lacks_are_listed_as_unresolved(reports):
    for name, rep in reports.items():
        got = {u["name"] for u in rep["unresolved"]}
        assert got == UNRESOLVED.get(name, set()), name
        for u in rep["unresolved"]:
            assert u["name"] in u["sentence"] and "nominatim" in u["reason"] and "\n" not in u["reason"]


@pytest.mark.slow
def test_crossings_are_never_another_borders(reports):
    lithuanian = {"Medininkai", "Šalčininkai", "Raigardas", "Lavoriškės", "Šumskas", "Tverečius", "Kena"}
    for name, rep in reports.items():
        named = {p.get("nearest_crossing") for p in rep["places"]} | {c["name"] for c in rep["crossings"]}
        assert not named & lithuanian, name


def test_crossings_from_a_file(tmp_path):
    import bordermap

    path = tmp_path / "crossings.csv"
    path.write_text("name,lat,lon\nVaalimaa,60.5755,27.8296\nNuijamaa,60.9651,28.5446\n", encoding="utf-8")
    rep = bordermap.run_report([ARTICLES / "finland_russia"], crossings=path)
    imatra = rep.places.set_index("name").loc["Imatra"]
    assert imatra["nearest_crossing"] == "Nuijamaa" and 15 < imatra["crossing_distance_km"] < 40
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nVaalimaa,160.5,27.8\n", encoding="utf-8")
    with pytest.raises(bordermap.DataError, match=r"bad.csv: row 2: coordinates out of range") as err:
        bordermap.run_report([ARTICLES / "finland_russia"], crossings=bad)
    assert "\n" not in str(err.value)


def test_errors_suggest_the_country_from_the_world():
    import bordermap

    with pytest.raises(bordermap.UnknownCountryError, match=r"Finland \(FIN\)"):
        bordermap.shared_border("FNI", "RUS")
    assert bordermap.shared_border("Finland", "Russia").a == "FIN"


def test_no_network_namespace_really_has_no_network(tmp_path):
    proc = _offline(["geocode", "Vilnius"], cache=tmp_path / "cache", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    unshare = shutil.which("unshare")
    probe = subprocess.run(
        [unshare, "-n", sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 443), timeout=2)"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert probe.returncode != 0  # unreachable: the runs above really had no network


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_the_default_map_renders_offline_in_chromium(reports, chromium, name):
    page = Page(chromium, Path(reports[name]["_out"]) / "map.html")  # every non-file request is aborted
    try:
        pg = page.page
        assert page.errors == [] and page.blocked == []
        a, b = reports[name]["countries"]
        assert pg.locator("path[stroke='#c0392b']").count() == 1  # the border
        assert f"Border {a}–{b}" in " ".join(pg.locator(".leaflet-control-layers-overlays label").all_inner_texts())
        missing = pg.locator(".bm-unresolved")
        expected = UNRESOLVED.get(name, set())
        assert missing.count() == (1 if expected else 0)
        if expected:
            text = missing.inner_text(timeout=5_000)
            assert f"Not on the map ({len(expected)})" in text
    finally:
        page.page.close()
