"""Counts that mean something (issue 23): kept by what they count, with units; populations and money never summed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from bordermap.corpus.counts import SERIES_UNITS, count_series
from bordermap.text.claims import extract_claims

SENTENCES = [
    ("More than 3,000 migrants crossed from Belarus in July.", "people"),
    ("Guards detained 300 migrants near the border.", "arrests"),
    ("Some 200 people were arrested at the crossing.", "arrests"),
    ("At least 12 migrants drowned off Lesbos.", "deaths"),
    ("The death toll rose to 40 people.", "deaths"),
    ("It reported 19 deaths in the camps.", "deaths"),
    ("Poland sent 10,000 troops to the border.", "personnel"),
    ("About 500 border guards patrol the line.", "personnel"),
    ("The ministry counted 1,200 cases of the virus.", "cases"),
    ("Narva, a town of 57,000 people, lies on the river.", None),
    ("Nairobi is home to 4 million people.", None),
    ("The region has a population of 2 million people.", None),
    ("About 300,000 people live in Grodno.", None),
]


@pytest.mark.parametrize(("sentence", "series"), SENTENCES)
def test_each_count_goes_into_the_series_of_what_it_counts(sentence: str, series: str | None) -> None:
    (c,) = [c for c in extract_claims(sentence) if c.kind == "count"]
    assert count_series(c.kind, c.unit, c.text, c.sentence) == series


def test_money_areas_and_lengths_are_no_counts() -> None:
    text = "It paid 5 million euros for a 186 km fence around 3 square kilometres; 5.5 metres high."
    claims = extract_claims(text)
    assert {c.kind for c in claims} >= {"money", "fence_length", "area", "height"}
    assert {count_series(c.kind, c.unit, c.text, c.sentence) for c in claims} == {None}


def test_the_corpus_adds_up_each_series_alone() -> None:
    """A town's population and a sum of money stated on the same day as migrants are not added to them."""
    import pyarrow as pa

    from bordermap.corpus.partition import check_fields, claim_row, schemas
    from bordermap.corpus.tables import _judged
    from bordermap.report.judge import ArticleJudge

    day = dt.date(2021, 7, 12)
    text = (
        "More than 3,000 migrants crossed. Narva, a town of 57,000 people, lies on the river. It paid 5 million "
        "euros. At least 12 migrants drowned. Guards detained 300 migrants."
    )
    rows = [claim_row(c) | {"date": day, "source": "s"} for c in extract_claims(text)]
    sch = schemas()
    table = pa.Table.from_pylist(rows, schema=sch["claims"])
    schema = sch["claims"]
    for name, typ in [*check_fields(), ("series", pa.string())]:
        schema = schema.append(pa.field(name, typ))
    stated: Counter[tuple[str, dt.date]] = Counter()
    out = _judged(table, sch["judging"].empty_table(), schema, stated, ArticleJudge())
    assert stated == {("people", day): 3000, ("deaths", day): 12, ("arrests", day): 300}
    assert out.column("series").to_pylist() == ["people", None, None, "deaths", "arrests"]
    assert set(SERIES_UNITS) >= {k for k, _ in stated}


def test_the_chart_draws_each_series_with_its_unit() -> None:
    from bordermap.publish.chart import chart_figure

    series = {
        "days": ["2021-07-01", "2021-07-02"],
        "mentions": [3, 5],
        "articles": [1, 2],
        "stated_counts": {"people": [0, 3000], "deaths": [12, 0]},
        "stated_units": SERIES_UNITS,
    }
    fig = chart_figure(series)
    (legend,) = [
        ax.get_legend()
        for ax in fig.axes
        if ax.get_legend() and ax.get_legend().get_title().get_text().startswith("counts")
    ]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [SERIES_UNITS["people"], SERIES_UNITS["deaths"]]
