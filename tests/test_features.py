"""Named natural features (``geodata/features.csv``) and parts of countries in the gazetteer.

The sentences are written for these tests (none comes from a benchmark).
"""

import csv
import math
import subprocess
import sys

import pytest

import bordermap
from bordermap.data.countries import geodata_dir
from bordermap.text.gazetteer import KINDS, default_gazetteer, natural_features
from tests.conftest import ROOT


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _places(text: str) -> list[bordermap.Place]:
    return [m.place for m in bordermap.extract_places(text)]


def _only(text: str, name: str) -> bordermap.Place:
    found = [m.place for m in bordermap.extract_places(text) if name in m.text]
    assert len(found) == 1, (text, found)
    return found[0]


def test_feature_is_a_kind():
    assert "feature" in KINDS
    sinai = default_gazetteer().lookup("Sinai Peninsula")
    assert [(p.kind, p.country) for p in sinai] == [("feature", "EGY")]


def test_peninsula_in_egypt():
    p = _only("Troops moved across the Sinai Peninsula overnight.", "Sinai")
    assert (p.kind, p.country) == ("feature", "EGY")
    assert 27.5 < p.lat < 31.5 and 32.5 < p.lon < 35.0


def test_desert_with_its_designator_in_lower_case():
    p = _only("Smugglers were seen in the Negev desert last week.", "Negev")
    assert (p.kind, p.country) == ("feature", "ISR")


def test_valley_and_peninsula_names():
    assert _only("Reindeer graze in the Pasvik valley in summer.", "Pasvik").kind == "feature"
    kola = _only("The Kola Peninsula is home to the Northern Fleet.", "Kola")
    assert (kola.kind, kola.country) == ("feature", "RUS")
    sahara = _only("Hundreds of migrants crossed the Sahara on foot.", "Sahara")
    assert sahara.kind == "feature" and 15 < sahara.lat < 30


def test_short_name_needs_context_and_the_feature_country_gives_it():
    # "Sinai" alone is a short form of the Sinai Peninsula: with Egypt named, it is the peninsula
    p = _only("Egypt sent more troops to Sinai after the attack.", "Sinai")
    assert (p.kind, p.country) == ("feature", "EGY")


def test_town_beats_a_river_of_its_name():
    town = _only("She grew up in the town of Narva, near the border.", "Narva")
    assert town.kind in ("town", "city") and town.country == "EST"
    river = _only("Two men swam across the Narva river at night.", "Narva")
    assert river.kind == "feature" and river.name == "Narva River"


def test_gaza_strip_is_a_region_not_the_country():
    for text in ("Rockets were fired from the Gaza Strip on Monday.", "Aid trucks entered Gaza Strip crossings."):
        p = _only(text, "Gaza Strip")
        assert p.kind == "region" and p.country == "PSE"
        assert _km(p.lat, p.lon, 31.42, 34.38) < 20
    west_bank = _only("Settlers in the West Bank clashed with villagers.", "West Bank")
    assert west_bank.kind == "region" and _km(west_bank.lat, west_bank.lon, 31.42, 34.38) > 50


def test_gaza_in_an_article_about_israel_is_the_city():
    p = _only("Israel said two rockets were fired from Gaza at dawn.", "Gaza")
    assert p.country == "PSE" and _km(p.lat, p.lon, 31.5, 34.45) < 20


def test_parts_of_countries():
    kal = _only("Kaliningrad Oblast lies between Poland and Lithuania.", "Kaliningrad")
    assert (kal.kind, kal.country) == ("region", "RUS")
    nakh = _only("Nakhchivan is cut off from the rest of the country.", "Nakhchivan")
    assert (nakh.kind, nakh.country) == ("region", "AZE")
    for name, country in (("Transnistria", "MDA"), ("South Ossetia", "GEO"), ("Nagorno-Karabakh", "AZE")):
        p = _only(f"Observers returned to {name} in the spring.", name)
        assert (p.kind, p.country) == ("region", country), name


def test_features_are_areas_for_reports():
    from bordermap.report import AREA_KINDS

    assert "feature" in AREA_KINDS


def test_features_csv_rows():
    with open(geodata_dir() / "features.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["name", "alt_names", "kind", "feature", "lat", "lon", "precision_m", "countries", "source"]
    assert {r["kind"] for r in rows} == {"feature"}
    assert all(r["source"] and 0 < float(r["precision_m"]) <= 1_000_000 for r in rows)
    kinds = {r["feature"] for r in rows}
    assert {"peninsula", "desert", "valley", "river", "sea", "mountain range"} <= kinds
    assert len(natural_features()) == len(rows)


def test_features_readme_cites_the_file():
    readme = (geodata_dir() / "README.md").read_text(encoding="utf-8")
    assert "`features.csv`" in readme and "build_features.py" in readme


def test_build_features_check_is_byte_for_byte():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "geodata" / "build_features.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "identical" in proc.stdout


@pytest.mark.parametrize("text", ["The Bug River floods in spring.", "Hikers crossed the Alps."])
def test_feature_names_in_ordinary_sentences(text):
    kinds = {p.kind for p in _places(text)}
    assert kinds == {"feature"}


def test_a_border_river_names_both_sides_and_a_desert_none(countries):
    from bordermap.report import choose_pair

    river = bordermap.extract_places("Smugglers crossed the Narva river at night.")
    assert set(choose_pair(river, countries)) == {"EST", "RUS"}
    sahara = bordermap.extract_places("Libya says migrants crossed the Sahara from Niger.")
    assert set(choose_pair(sahara, countries)) == {"LBY", "NER"}
