"""Claims end to end: the report on each test article and the seeds, its verdicts and its GIS files.

Each article folder is reported once (module fixture, in-process); the false variants change one
figure of a real sentence and are reported without writing files.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import bordermap
from tests.conftest import ROOT

ARTICLES = ROOT / "tests" / "articles"

#: Article folder -> (claim text, kind, verdict) of every geographic claim: the true official figures
#: are consistent (or plausible, for fences), distances are checked as distances.
EXPECTED = {
    "finland_russia": [("1,340-kilometre", "border_length", "consistent")],
    "us_mexico": [
        ("about 3,145 kilometres long", "border_length", "consistent"),
        ("around 1,100 km", "fence_length", "plausible"),
    ],
    "india_bangladesh": [("4,096 kilometres", "border_length", "consistent")],
    "greece_turkey": [("35 kilometres", "fence_length", "plausible")],
    "poland_belarus": [
        ("186 km", "fence_length", "plausible"),
        ("418 km", "border_length", "consistent"),
        ("about 50 km", "distance", "consistent"),
    ],
}

#: Article folder -> (true figure as written, false figure, kind): each false variant must be flagged.
FALSE = {
    "finland_russia": ("1,340-kilometre", "2,340-kilometre", "border_length"),
    "us_mexico": ("about 3,145 kilometres", "about 1,145 kilometres", "border_length"),
    "india_bangladesh": ("4,096 kilometres", "6,096 kilometres", "border_length"),
    "greece_turkey": ("by another 35 kilometres", "by another 350 kilometres", "fence_length"),
    "poland_belarus": ("about 50 km west", "about 150 km west", "distance"),
}


pytestmark = pytest.mark.slow  # five reports written (about 20 s in all)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[bordermap.Report, Path]]:
    base = tmp_path_factory.mktemp("claims-report")
    got = {}
    for name in EXPECTED:
        out = base / name
        zone = 5 if name == "poland_belarus" else None
        got[name] = (bordermap.run_report([ARTICLES / name], out=out, zone_km=zone), out)
    return got


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_true_figures_are_not_inconsistent_and_distances_are_distances(reports, name):
    rep, out = reports[name]
    verdicts = [(v.claim.text, v.claim.kind, str(v.verdict)) for v in rep.verdicts()]
    assert verdicts == EXPECTED[name]
    for v in rep.verdicts():
        assert v.reason and (v.band_km is not None) == (v.verdict != "unchecked")
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(c["text"], c["verdict"]) for c in data["claims"]] == [(t, verdict) for t, _, verdict in EXPECTED[name]]
    assert all(c["reason"] and len(c["band_km"]) == 2 for c in data["claims"])
    assert all(q["verdict"] == "unchecked" for q in data["quantities"])
    summary = rep.summary()
    for text, _, verdict in EXPECTED[name]:
        assert f"{verdict}: " in summary and f'"{text}"' in summary


@pytest.mark.parametrize("name", sorted(FALSE))
def test_false_figures_are_flagged(reports, name):
    """The article with one figure changed, measured as its report measures it (same places, same borders)."""
    rep, _ = reports[name]
    true, false, kind = FALSE[name]
    (article,) = rep.articles
    assert true in article.text
    changed = bordermap.Article.from_text(article.text.replace(true, false), id=article.id)
    claims = bordermap.extract_claims(changed, mentions=bordermap.extract_places(changed))
    measure = rep.measurer()
    checks = [bordermap.judge_claim(c, measure(c)) for c in claims if c.geographic]
    (flagged,) = [v for v in checks if v.claim.kind == kind and (v.claim.text in false or false in v.claim.text)]
    assert flagged.verdict == "inconsistent", flagged.reason
    assert all(v.verdict != "inconsistent" for v in checks if v is not flagged)


def test_new_gis_files_open_in_geopandas(reports):
    import geopandas as gpd

    rep, out = reports["poland_belarus"]
    fence = gpd.read_file(out / "fence.geojson")
    assert set(fence["kind"]) == {"fence", "uncovered"} and set(fence["placement"]) == {"assumed"}
    assert {"start_km", "end_km", "length_km", "assumption"} <= set(fence.columns)
    assert fence.loc[fence.kind == "fence", "length_km"].sum() == pytest.approx(186.0, abs=0.01)
    assert fence["length_km"].sum() == pytest.approx(rep.border.length_km, abs=0.01)
    rows = list(csv.DictReader((out / "claims.csv").open(encoding="utf-8")))
    assert [r["text"] for r in rows] == [c.text for c in rep.claims]
    assert set(rows[0]) == set(bordermap.report.CLAIM_COLUMNS)
    dist = next(r for r in rows if r["kind"] == "distance")
    assert dist["article"] == "Poland finishes its wall on the border with Belarus"
    assert "Białystok" in dist["subject"] and float(dist["band_low_km"]) < float(dist["computed_km"])
    corridors = gpd.read_file(reports["india_bangladesh"][1] / "corridors.geojson")
    india = corridors[corridors["country"] == "IND"].iloc[0]
    assert "Siliguri" in india["places"] and 19 < india["width_km"] < 25
    assert india["connects"].startswith("the part of IND with") and india.geometry.length > 0
    for name in EXPECTED:
        for f in ("fence.geojson", "corridors.geojson"):
            frame = gpd.read_file(reports[name][1] / f)
            assert frame.crs is None or frame.crs.to_epsg() == 4326


def test_zone_geojson_when_a_zone_is_asked(reports):
    import geopandas as gpd

    rep, out = reports["poland_belarus"]  # run with zone_km=5
    assert "zone.geojson" in rep.output_files()
    zone = gpd.read_file(out / "zone.geojson")
    assert len(zone) == 1 and zone.iloc[0]["width_km"] == 5 and zone.geometry.iloc[0].area > 0
    assert not (reports["greece_turkey"][1] / "zone.geojson").exists()


def test_countries_fix_the_border_a_claim_says_only_the_border_of():
    """--countries LTU BLR on a Poland–Belarus article: "the 418 km border" is then the LTU–BLR border.

    The caller's pair is what "the border" means in every article (one verdict per claim, in the summary
    once); a claim whose own phrase names its countries would keep them.
    """
    rep = bordermap.run_report([ARTICLES / "poland_belarus"], countries=("LTU", "BLR"))
    border = next(v for v in rep.verdicts() if v.claim.text == "418 km")
    assert border.claim.subject == () and "LTU–BLR" in border.subject
    assert str(border.verdict) == "inconsistent" and "418 km" in border.reason
    assert rep.summary().count('"418 km"') == 1
    own = bordermap.run_report([ARTICLES / "poland_belarus"], countries=("POL", "BLR"))
    verdicts = [(v.claim.text, v.claim.kind, str(v.verdict)) for v in own.verdicts()]
    assert verdicts == EXPECTED["poland_belarus"]
    assert all("POL–BLR" in v.subject for v in own.verdicts())


def test_the_map_labels_the_assumed_fence_and_names_articles_by_title(reports, seeds_report):
    rep, out = reports["poland_belarus"]
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "Fence (assumed placement)" in html
    assert "Poland finishes its wall on the border with Belarus" in html
    assert f'"article":"{rep.articles[0].id}"' not in html.replace(" ", "")  # popups name the title, not the id
    page = (seeds_report.out / "map.html").read_text(encoding="utf-8")
    assert "NOT VERIFIED" in page  # Padvarionys' note in its popup
    assert "Fence (assumed placement)" in page
