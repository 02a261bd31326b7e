"""Untrusted text in published maps: shown literally, run never (headless Chromium, network blocked).

The hostile corpus (``tests/hostile.py``) goes in through article files (a real
``bordermap report`` run), place names (:func:`bordermap.make_map`) and a user GeoJSON
dataset's country names (``bordermap report --dataset``).  Each test reads back what the
page shows (``textContent``) and checks that no payload ran and no element was injected.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import hostile as hc
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    assert Path(hc.CHROMIUM).exists(), "chromium missing: scripts/test installs the Debian package"
    pw, b = hc.launch()
    yield b
    b.close()
    pw.stop()


def _clean(seen):
    assert seen["errors"] == [] and seen["blocked"] == []
    assert seen["paths"] >= 3  # the map rendered: countries and the border at least
    assert hc.executed(seen) == 0, seen


@pytest.fixture(scope="module")
def articles_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-articles")
    hc.write_articles(tmp / "arts")
    proc = hc.run_report_cli(
        str(tmp / "arts"), "--out", str(tmp / "out"), "--self-contained", "--countries", "LTU", "BLR"
    )
    assert proc.returncode == 0, proc.stderr
    return tmp / "out"


def test_hostile_articles_show_literally_in_popups(browser, articles_run):
    rep = json.loads((articles_run / "report.json").read_text(encoding="utf-8"))
    seen = hc.inspect(browser, articles_run / "map.html")
    _clean(seen)
    shown = {p["name"]: p for p in seen["places"]}
    for k, (payload, place) in enumerate(zip(hc.HOSTILE, hc.PLACES, strict=True)):
        hits = [
            (p["name"], m)
            for p in rep["places"]
            for m in p["mentions"]
            if m["article_id"] == f"hostile_{k:02d}" and m["text"] == place
        ]
        assert hits, f"{place} not found in article {k} ({hc.LABELS[k]})"
        name, mention = hits[0]
        assert f"at {place} {payload} on Tuesday." in mention["sentence"], hc.LABELS[k]
        assert mention["sentence"] in shown[name]["quotes"], hc.LABELS[k]  # the sentence, character for character
        assert place in shown[name]["marks"]
        assert set(shown[name]["popupElements"]) <= {"div", "blockquote", "mark"}
    assert f"{hc.HOSTILE_FILE_STEM}, 2021-08-01" in shown["Vilnius"]["sources"]  # a hostile title too
    assert sorted(seen["placeLabels"]) == sorted(shown)
    raw = (articles_run / "map.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" not in raw and "49" not in "".join(shown["Varėna"]["quotes"])  # no template evaluation


def test_hostile_place_names_and_claims(browser, tmp_path):
    path = tmp_path / "places.html"
    hc.places_map(path)
    seen = hc.inspect(browser, path)
    _clean(seen)
    assert sorted(seen["placeLabels"]) == sorted(hc.HOSTILE)
    assert len(seen["places"]) == len(hc.HOSTILE)
    for p in seen["places"]:
        h = p["name"]
        assert h in hc.HOSTILE
        assert p["popupName"] == h
        assert p["quotes"] == [f"Near {h} today"] and p["marks"] == [h]
        assert p["sources"] == [f"{h}, 2021-07-09"]
        assert set(p["popupElements"]) <= {"div", "blockquote", "mark"}
    for h in hc.HOSTILE:
        assert h in seen["claimsText"]
    title = " ".join(hc.HOSTILE[:12])
    assert seen["title"] == title
    assert seen["pageTitle"] == " ".join(title.split())  # the browser collapses white space in <title>


def test_hostile_country_names_from_a_user_dataset(browser, tmp_path):
    dataset = tmp_path / "hostile.geojson"
    name_a, name_b = hc.write_dataset(dataset)
    out = tmp_path / "out"
    proc = hc.run_report_cli(
        str(SEEDS / "004_08f2487d190f4389.txt"), "--dataset", str(dataset), "--countries", "LTU", "BLR",
        "--out", str(out), "--self-contained",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rep["country_names"] == [name_a, name_b]
    seen = hc.inspect(browser, out / "map.html")
    _clean(seen)
    assert sorted(seen["countryLabels"]) == sorted([name_a, name_b])
    assert "LVA" in seen["neighbourLabels"]  # the dataset's neighbours are labelled too, as text
    assert seen["title"] == f"{name_a}–{name_b} border: 672 km"
    assert name_a in seen["legend"] and name_b in seen["legend"]
