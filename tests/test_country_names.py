"""Country names in other languages and English demonyms (geodata/country_names.csv, bordermap.text.countrynames)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from bordermap.data.countries import geodata_dir
from bordermap.text.countrynames import country_name_counts, country_names, demonyms
from bordermap.text.gazetteer import fold


@pytest.mark.parametrize(
    ("demonym", "iso3"),
    [
        ("Turkish", "TUR"),
        ("Turk", "TUR"),
        ("Turks", "TUR"),
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("Somali", "SOM"),
        ("Somalis", "SOM"),
        ("British", "GBR"),
        ("Dutch", "NLD"),
        ("American", "USA"),
        ("Lithuanian", "LTU"),
        ("Belarusian", "BLR"),
        ("Poles", "POL"),
        ("Kenyan", "KEN"),
    ],
)
def test_demonyms(demonym: str, iso3: str) -> None:
    assert demonyms()[fold(demonym)] == iso3


@pytest.mark.parametrize(
    ("lang", "name", "iso3"),
    [
        ("fr", "Lituanie", "LTU"),
        ("fr", "Biélorussie", "BLR"),
        ("de", "Weißrussland", "BLR"),
        ("de", "Belarus", "BLR"),
        ("de", "Litauen", "LTU"),
        ("es", "Bielorrusia", "BLR"),
        ("pt", "Lituânia", "LTU"),
        ("it", "Turchia", "TUR"),
        ("ru", "Россия", "RUS"),
        ("pl", "Białoruś", "BLR"),
        ("tr", "Rusya", "RUS"),
        ("ar", "روسيا", "RUS"),
        ("zh", "俄罗斯", "RUS"),
        ("zh", "中国", "CHN"),
    ],
)
def test_names_by_language(lang: str, name: str, iso3: str) -> None:
    assert iso3 in country_names(lang)[fold(name)]
    assert iso3 in country_names()[fold(name)]


def test_required_languages_cover_most_countries() -> None:
    for lang in ("en", "fr", "de", "es", "pt", "it", "ru", "pl", "tr", "ar", "zh"):
        codes = {c for codes in country_names(lang).values() for c in codes}
        assert len(codes) > 230, lang


def test_no_english_ordinary_word_maps_to_a_country() -> None:
    for word in ("the", "man", "can", "will", "border", "fence", "president", "police", "army", "chad"):
        assert word not in demonyms()
    for lang in ("fr", "de", "es", "pt", "it", "ru", "pl", "tr", "nl", "sv", "fi", "cs", "hu", "ro"):
        for word in ("man", "can", "will", "border", "fence", "police", "army", "main", "fast", "general"):
            assert word not in country_names(lang), (lang, word)


def test_the_file_follows_its_rules() -> None:
    with open(geodata_dir() / "country_names.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [tuple(r.values()) for r in rows] == sorted({tuple(r.values()) for r in rows})  # sorted, unique
    english: dict[str, set[str]] = {}
    for r in rows:
        if r["kind"] == "name" and r["lang"] == "en":
            english.setdefault(r["iso3"], set()).add(fold(r["name"]))
    for r in rows:
        assert r["kind"] in ("name", "demonym")
        assert len(r["name"]) >= 2
        if r["kind"] == "name" and r["lang"] != "en" and fold(r["name"]) not in english[r["iso3"]]:
            assert zipf_frequency(r["name"], "en") < 4.0, r  # an ordinary English word is left out


def test_country_name_counts_french() -> None:
    text = "La Lituanie a renforcé sa frontière avec la Biélorussie. Vilnius accuse Minsk; la Lituanie insiste."
    assert country_name_counts(text) == {"LTU": 2, "BLR": 1}


def test_country_name_counts_other_scripts() -> None:
    assert country_name_counts("Россия и Белоруссия закрыли границу с Литвой.") == {"RUS": 1, "BLR": 1}
    assert country_name_counts("أغلقت روسيا الحدود") == {"RUS": 1}
    assert country_name_counts("赤道几内亚和几内亚") == {"GNQ": 1, "GIN": 1}  # the longer name first


def test_country_name_counts_english_text() -> None:
    text = (
        "The Czech Republic sent Turkish engineers to the Russian border; Somalis and Poles joined. "
        "Polish troops arrived, polish the boots. The Dominican Republic is far away. Chile and China agreed."
    )
    # English names are left to the gazetteer ("Czech Republic", "Dominican Republic", Spanish "Chile")
    assert country_name_counts(text) == {"TUR": 1, "RUS": 1, "SOM": 1, "POL": 2}
    assert country_name_counts(text, lang="en") == {"TUR": 1, "RUS": 1, "SOM": 1, "POL": 2}


def test_country_name_counts_lang_restricts_names() -> None:
    assert country_name_counts("Litauen und Russland", lang="fr") == {}
    assert country_name_counts("Litauen und Russland", lang="de") == {"LTU": 1, "RUS": 1}
    assert country_name_counts("Litauen und Russland", lang="en") == {}


@pytest.mark.slow
def test_country_names_rebuild_identically() -> None:
    script = Path(__file__).resolve().parent.parent / "geodata" / "build_country_names.py"
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "country_names.csv: identical" in proc.stdout
