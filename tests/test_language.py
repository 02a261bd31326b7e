"""Which language an article is in: detection, the report's warning, and the pair chosen from foreign names."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import bordermap
from bordermap.data.countries import seeds_dir
from bordermap.exc import LanguageWarning
from bordermap.text.language import Language, detect_language

# Written for these tests (own words; the figures are rounded public ones).
FRENCH = (
    "La Lituanie a achevé la clôture qui longe sa frontière avec la Biélorussie. "
    "Selon le gouvernement lituanien, plus de quatre mille migrants ont franchi la frontière l'an dernier. "
    "Vilnius accuse Minsk d'organiser ces passages pour faire pression sur l'Union européenne. "
    "Les gardes-frontières de la Lituanie patrouillent désormais jour et nuit près de la Biélorussie."
)
GERMAN = (
    "Polen hat an der Grenze zu Weißrussland einen neuen Zaun gebaut. "
    "Nach Angaben der polnischen Regierung versuchten in diesem Jahr Tausende Menschen, die Grenze zu überqueren. "
    "Warschau wirft Minsk vor, die Migranten gezielt an die Grenze zu bringen. "
    "Die Soldaten Polens bewachen den Zaun auch nachts, während Weißrussland jede Verantwortung bestreitet."
)
SPANISH = (
    "Colombia y Venezuela reabrieron el paso fronterizo entre Cúcuta y San Antonio del Táchira. "
    "Miles de personas cruzaron el puente a pie durante la primera mañana, según las autoridades colombianas. "
    "El gobierno de Venezuela afirmó que el comercio entre los dos países volverá a crecer este año. "
    "Los camiones de carga esperan todavía los permisos para atravesar la frontera hacia Colombia."
)
# Names no city: the pair can come only from the countries' French names.
FRENCH_NAMES_ONLY = (
    "La Lituanie a prolongé l'état d'urgence le long de sa frontière avec la Biélorussie. "
    "Le ministère de l'Intérieur de la Lituanie affirme que les passages ont doublé en un mois. "
    "La Biélorussie dément toute responsabilité et accuse l'Union européenne d'hypocrisie."
)
ENGLISH = (
    "Lithuania has finished the fence along its border with Belarus. "
    "Border guards say thousands of migrants tried to cross from Belarus last year. "
    "Vilnius accuses Minsk of organising the crossings to put pressure on the European Union."
)


def test_detect_language_returns_a_language() -> None:
    lang = detect_language(FRENCH)
    assert isinstance(lang, Language)
    assert (lang.code, lang.name) == ("fr", "French") and 0.9 < lang.confidence <= 1.0
    assert detect_language(GERMAN).code == "de"
    assert detect_language(SPANISH).code == "es"
    assert detect_language("Россия закрыла границу с Финляндией.").code == "ru"
    assert detect_language("123 456 ...").code == "und"
    assert detect_language("").code == "und"
    assert detect_language("Lone \ud800 surrogate in an English sentence about the border.").code == "en"
    assert detect_language("MIGRANTS CROSSED THE RIVER NEAR THE VILLAGE AT NIGHT, GUARDS SAID.").code == "en"


@pytest.mark.parametrize("path", sorted(seeds_dir().glob("*.txt")), ids=lambda p: p.name)
def test_seed_articles_are_english(path: Path) -> None:
    lang = detect_language(path.read_text(encoding="utf-8"))
    assert lang.code == "en" and lang.confidence > 0.9


def _report(tmp_path: Path, text: str) -> tuple[bordermap.Report, list[warnings.WarningMessage]]:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article.txt").write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = bordermap.run_report([folder], out=None)
    return report, [w for w in caught if issubclass(w.category, LanguageWarning)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "code", "name", "pair"),
    [
        (FRENCH, "fr", "French", {"LTU", "BLR"}),
        (GERMAN, "de", "German", {"POL", "BLR"}),
        (SPANISH, "es", "Spanish", {"COL", "VEN"}),
        (FRENCH_NAMES_ONLY, "fr", "French", {"LTU", "BLR"}),
    ],
    ids=["fr", "de", "es", "fr-names-only"],
)
def test_foreign_article_warns_and_chooses_the_pair(
    tmp_path: Path, text: str, code: str, name: str, pair: set[str]
) -> None:
    report, caught = _report(tmp_path, text)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert f"seems to be in {name} ({code}), not English" in message
    assert message.startswith(report.articles[0].id + ": ")
    assert "\n" not in message
    assert {report.border.a, report.border.b} == pair
    assert report.languages == {report.articles[0].id: code}
    assert report.to_dict()["articles"][0]["language"] == code


@pytest.mark.slow
def test_english_article_gets_no_warning(tmp_path: Path) -> None:
    report, caught = _report(tmp_path, ENGLISH)
    assert caught == []
    assert {report.border.a, report.border.b} == {"LTU", "BLR"}
    assert list(report.languages.values()) == ["en"]


def test_report_json_names_each_article_language(tmp_path: Path) -> None:
    report = bordermap.run_report(out=tmp_path / "out")
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {a["language"] for a in data["articles"]} == {"en"}
    assert set(report.languages) == {a.id for a in report.articles}


@pytest.mark.slow
def test_cli_prints_the_warning_as_one_line(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "lituanie.txt").write_text(FRENCH, encoding="utf-8")
    proc = run_cli("report", str(folder), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if "seems to be in" in ln]
    assert len(warned) == 1
    assert warned[0].startswith("bordermap: warning: ")
    assert (
        "the article seems to be in French (fr), not English: places and figures are read with English rules"
        in warned[0]
    )
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["countries"] in (["LTU", "BLR"], ["BLR", "LTU"])
    assert data["articles"][0]["language"] == "fr"


def test_choose_pair_counts_foreign_names_as_country_mentions() -> None:
    from bordermap.data.countries import load_countries
    from bordermap.exc import NoSharedBorderError
    from bordermap.report import choose_pair
    from bordermap.text.articles import Article
    from bordermap.text.countrynames import country_name_counts
    from bordermap.text.extractor import extract_places

    mentions = extract_places(Article(id="x", text=FRENCH_NAMES_ONLY))
    assert not {m.place.country for m in mentions} >= {"LTU", "BLR"}
    frame = load_countries()
    with pytest.raises(NoSharedBorderError):
        choose_pair(mentions, frame)
    pair = choose_pair(mentions, frame, name_counts=country_name_counts(FRENCH_NAMES_ONLY))
    assert set(pair) == {"LTU", "BLR"}
