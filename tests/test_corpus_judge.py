"""One judge (issue 23): the corpus gives a claim the verdict, band and reason ``bordermap report`` gives it.

The corpus path: the worker's tables (:func:`bordermap.corpus.partition.extract_tables`: the claims, and the
text and mentions of the articles with a claim to measure), judged as the assembly judges them.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import bordermap
from bordermap.corpus.inputs import Record, check_record
from bordermap.corpus.partition import extract_tables

ARTICLES = {
    "ltu": (
        "Lithuania builds a fence on its border with Belarus.\n\n"
        "Lithuania's border with Belarus is about 680 km long, and the razor-wire barrier will run for 550 "
        "kilometres. Vilnius, about 30 km from the Belarusian border, sent guards to Medininkai. Vilnius lies "
        "some 170 km from Minsk. Lithuania has a 1,500 km border with Belarus, a minister said. More than 3,000 "
        "migrants crossed, and the fence cost 152 million euros. The border with Poland is 104 km long."
    ),
    "pol": (
        "Poland closes crossings on its border with Belarus.\n\n"
        "Poland has a 418 km border with Belarus, and Białystok, about 50 km west of the frontier, took in 200 "
        "people. A 5.5-metre fence now stands along 186 km of the border. Poland's border with Ukraine is "
        "535 km long, its border with Germany 467 km."
    ),
}


def _report_checks(tmp_path: Path, name: str, text: str) -> list[tuple[str, str, str, str, object, object]]:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    rep = bordermap.run_report(path)
    return [
        (c.claim.text, c.claim.kind, str(c.verdict), c.reason, c.band_km, c.computed_km)
        for c in rep.checks()
        if c.claim.geographic
    ]


def _corpus_rows(name: str, text: str) -> list[dict[str, object]]:
    """The corpus path: a worker's tables of the article, judged as the assembly judges them."""
    from collections import Counter

    from bordermap.corpus.partition import check_fields
    from bordermap.corpus.tables import _judged
    from bordermap.report.judge import ArticleJudge

    good = check_record(Record("test", id=name, date="2021-07-12", text=text, source="test"))
    assert not isinstance(good, str)
    tables = extract_tables([good], [])
    schema = tables["claims"].schema
    for field, typ in [*check_fields(), ("series", pa.string())]:
        schema = schema.append(pa.field(field, typ))
    return _judged(tables["claims"], tables["judging"], schema, Counter(), ArticleJudge()).to_pylist()


def _corpus_checks(name: str, text: str) -> list[tuple[str, str, str, str, object, object]]:
    rows = _corpus_rows(name, text)
    return [
        (
            r["text"],
            r["kind"],
            r["verdict"],
            r["reason"],
            None if r["band_low_km"] is None else (r["band_low_km"], r["band_high_km"]),
            r["computed_km"],
        )
        for r in rows
        if r["kind"] in bordermap.text.claims.GEOGRAPHIC_KINDS
    ]


@pytest.mark.parametrize("name", list(ARTICLES))
def test_report_and_corpus_give_the_same_verdicts(tmp_path: Path, name: str) -> None:
    report = _report_checks(tmp_path, name, ARTICLES[name])
    corpus = _corpus_checks(name, ARTICLES[name])
    assert corpus == report
    verdicts = {v for _, _, v, _, _, _ in report}
    assert len(report) >= 5 and len(verdicts) >= 2, report  # the sentences do get different verdicts
    assert any(kind == "distance" and band is not None for _, kind, _, _, band, _ in report)  # distances measured


def test_counts_and_money_are_unchecked_with_the_reports_reason() -> None:
    rows = [r for r in _corpus_rows("c", ARTICLES["ltu"]) if r["kind"] in ("count", "money")]
    assert rows and {r["verdict"] for r in rows} == {"unchecked"} and all(r["reason"] for r in rows)


def test_a_verdict_does_not_depend_on_the_articles_judged_before() -> None:
    """One judge per worker: borders and bands kept by ordered pair (their last digits depend on the orientation)."""
    from bordermap.report.judge import ArticleJudge
    from bordermap.text.articles import Article
    from bordermap.text.claims import extract_claims
    from bordermap.text.extractor import extract_places

    texts = [
        ("blr", "Belarus has a 679 km border with Lithuania. Belarus's border with Poland is 418 km long."),
        ("ltu", ARTICLES["ltu"]),
        ("pol", ARTICLES["pol"]),
    ]
    articles = [Article(i, t) for i, t in texts]

    def judged(order: list[Article], judge: ArticleJudge) -> dict[str, list[tuple[str, str, object, object]]]:
        out = {}
        for a in order:
            found = extract_places(a)
            checks = judge.checks(a, found, extract_claims(a, mentions=found))
            out[a.id] = [(str(c.verdict), c.reason, c.band_km, c.computed_km) for c in checks]
        return out

    alone = {a.id: judged([a], ArticleJudge())[a.id] for a in articles}
    assert judged(articles, ArticleJudge()) == alone
    assert judged(articles[::-1], ArticleJudge()) == alone
