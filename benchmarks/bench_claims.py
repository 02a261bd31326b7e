"""Claims benchmark: real news sentences about borders, checked as a report checks them.

Each row of ``benchmarks/claims/sentences.csv`` is one figure in one sentence: the border its article
is about (``border``, the pair a report would map), the figure as written, its kind and subject, the
truth from an authoritative source (``truth``, ``truth_source``), whether the figure is true, false
(a variant derived from a real sentence by changing the number, said in ``note``) or was published
wrong, and the verdict a careful checker expects.  The sentence is read as the body of an article
titled with the border's two countries (the context a whole article gives the gazetteer), places from
the offline gazetteer, claims from :func:`bordermap.extract_claims` (only those of the sentence), and
judged by the report's own rules (:class:`bordermap.checks.ClaimMeasurer` on the bundled world,
:func:`bordermap.judge_claim`).

Printed, per labelled kind: the share of correct verdicts, the true figures called inconsistent
(goal 0) and the false figures flagged (goal all); then every row whose verdict differs.

    python benchmarks/bench_claims.py [--csv benchmarks/claims/sentences.csv]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "claims" / "sentences.csv"


def _pair(code: str) -> tuple[str, str]:
    a, b = code.split("-")
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DATA)
    args = parser.parse_args()

    import bordermap
    from bordermap.checks import ClaimMeasurer, places_by_article
    from bordermap.geometry.fence import border_measures
    from bordermap.report import populated_places

    rows = list(csv.DictReader(args.csv.open(encoding="utf-8")))
    world = bordermap.load_countries()
    measurers: dict[str, ClaimMeasurer] = {}
    t0 = time.perf_counter()
    results = []
    for r in rows:
        pair = _pair(r["border"])
        if r["border"] not in measurers:
            border = bordermap.shared_border(*pair, world)
            measurers[r["border"]] = ClaimMeasurer(countries=world, border=border)
        measurer = measurers[r["border"]]
        # the sentence as the body of an article about its border: a title naming the two countries stands for
        # the rest of the article (place names are resolved in their article's context); claims only from it
        names = measurer.border.names
        article = bordermap.Article.from_text(f"{names[0]} and {names[1]}\n\n{r['sentence']}", id=r["id"])
        mentions = bordermap.extract_places(article)
        # the claims of the sentence, by offset (a claim's ``sentence`` is cut to CONTEXT_CHARS either side)
        at = article.text.index(r["sentence"])
        claims = [
            c
            for c in bordermap.extract_claims(article, mentions=mentions)
            if r["figure"] in c.text and at <= c.start < at + len(r["sentence"])
        ]
        if not claims:
            results.append((r, None, "missed", "figure not found as a claim"))
            continue
        c = claims[0]
        if c.kind == "corridor_width" and measurer.corridors is None:
            measurer.corridors = border_measures(
                measurer.border, world, fence_km=None, places=populated_places
            ).corridors
        measurer.article_pairs = {r["id"]: pair}
        measurer.places = places_by_article(mentions)
        check = bordermap.judge_claim(c, measurer(c) if c.geographic else None)
        results.append((r, c, str(check.verdict), check.reason))
    seconds = time.perf_counter() - t0

    by_kind: dict[str, list[tuple]] = defaultdict(list)
    for res in results:
        by_kind[res[0]["kind"]].append(res)
    print(
        f"claims benchmark: {len(rows)} figures in {len({r['sentence'] for r in rows})} sentences, "
        f"{len({r['border'] for r in rows})} article borders, {seconds:.1f} s"
    )
    print()
    print("| kind | figures | correct verdict | kind read right | true called inconsistent | false flagged |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0, 0, 0]
    for kind in sorted(by_kind):
        items = by_kind[kind]
        n = len(items)
        correct = sum(v == r["expected"] for r, _, v, _ in items)
        kind_ok = sum(c is not None and c.kind == r["kind"] for r, c, _, _ in items)
        true_items = [(r, v) for r, _, v, _ in items if r["label"] == "true"]
        false_items = [(r, v) for r, _, v, _ in items if r["label"] in ("false", "published wrong")]
        true_bad = sum(v == "inconsistent" for _, v in true_items)
        flagged = sum(v == "inconsistent" for _, v in false_items)
        for k, x in enumerate((n, correct, kind_ok, true_bad, flagged, len(false_items))):
            totals[k] += x
        print(
            f"| {kind} | {n} | {correct}/{n} ({100 * correct / n:.0f} %) | {kind_ok}/{n} | "
            f"{true_bad}/{len(true_items)} | {flagged}/{len(false_items)} |"
        )
    n, correct, kind_ok, true_bad, flagged, n_false = totals
    n_true = sum(r["label"] == "true" for r in rows)
    print(
        f"| **all** | {n} | {correct}/{n} ({100 * correct / n:.0f} %) | {kind_ok}/{n} | "
        f"{true_bad}/{n_true} | {flagged}/{n_false} |"
    )
    print()
    print("rows whose verdict differs from the expected one:")
    for r, c, v, reason in results:
        if v != r["expected"]:
            got = f"{c.kind} {c.text!r}" if c is not None else "no claim"
            print(f"  {r['id']} [{r['label']}] expected {r['expected']}, got {v} ({got}): {reason[:160]}")


if __name__ == "__main__":
    main()
