"""Claims extraction on real news: the same claims as the scan it replaced, and articles per CPU-second.

Usage::

    PYTHONPATH=. python benchmarks/bench_claims_speed.py [--rounds 3] [--save claims.json] [--against claims.json]

Texts: the 229 GeoVirus and 588 LGL articles, read from ``../shared/benchmarks`` (never copied into the
repository; see ``bench_corpus.real_texts``) and the bundled seeds.

Contenders, on the same texts, each the best of ``--rounds`` rounds of CPU time (``time.process_time``):

* ``extract_places``: the place extractor alone (the peer of issue 23);
* ``claims, old scan``: :func:`bordermap.extract_claims` with the scan of issue 23's measurement: each
  quantity pattern led by an optional ``(?:about|around|...)\\s+`` group (``re.I``), ``finditer`` over
  the text (:func:`old_patterns`, kept here only, for this comparison);
* ``claims``: :func:`bordermap.extract_claims` as it is (:func:`bordermap.text.quantities.scan`: the
  patterns start at the number; the qualifier is looked for behind it);
* ``worker path`` (and ``worker path, old scan``): what a corpus worker does per article (places,
  unresolved names, claims, the partition's tables; :func:`bordermap.corpus.partition.extract_tables`),
  in batches of 1,000 articles.

Both claim lists are compared on every article (every field of every claim); any difference is printed
and the script exits with status 1.  ``--save FILE`` writes the claims as JSON (run it with ``PYTHONPATH``
at another checkout, e.g. the main branch, to keep its claims); ``--against FILE`` compares with such a file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import real_texts

#: The qualifier group that led each pattern before (issue 23), tried at every character.
OLD_QUALIFIER = (
    r"(?P<qual>about|around|approximately|roughly|some|nearly|almost|close to|over|more than|less than|fewer than|"
    r"under|up to|at least|at most|just over|just under|some|an estimated|a total of)\s+"
)
OLD_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def old_patterns() -> dict[re.Pattern[str], re.Pattern[str]]:
    """Each quantity pattern of :mod:`bordermap.text.quantities` -> the pattern as it was (qualifier group first)."""
    from bordermap.text import quantities as q

    out = {}
    for new in (q.AREA, q.LENGTH, q.MONEY_AFTER, q.MONEY_BEFORE, q.COUNT):
        body = new.pattern.replace(q.NUMBER, OLD_NUMBER)
        out[new] = re.compile(f"(?:{OLD_QUALIFIER})?{body}", new.flags)
    return out


def old_scan() -> Callable[[re.Pattern[str], str], Iterator[re.Match[str]]]:
    old = old_patterns()

    def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        return old[pattern].finditer(text)

    return scan


def all_claims(articles: list[Any], mentions: list[Any]) -> list[list[dict[str, Any]]]:
    from bordermap.text.claims import extract_claims

    return [[c.to_dict() for c in extract_claims(a, mentions=m)] for a, m in zip(articles, mentions, strict=True)]


def best(fn: Callable[[], object], rounds: int) -> tuple[float, Any]:
    """The least CPU seconds of ``rounds`` calls, and the last result."""
    times, out = [], None
    for _ in range(rounds):
        t0 = time.process_time()
        out = fn()
        times.append(time.process_time() - t0)
    return min(times), out


def worker_path(texts: list[str]) -> None:
    from bordermap.corpus.inputs import Record, check_record
    from bordermap.corpus.partition import extract_tables

    records = []
    for k, t in enumerate(texts):
        good = check_record(Record("bench", id=f"a{k:07d}", date="2021-01-01", text=t, source="bench"))
        assert not isinstance(good, str)
        records.append(good)
    for k in range(0, len(records), 1000):
        extract_tables(records[k : k + 1000], [])


def compare(label: str, old: list[list[dict[str, Any]]], new: list[list[dict[str, Any]]], ids: list[str]) -> int:
    """Print the articles whose claims differ; their number."""
    bad = 0
    for aid, a, b in zip(ids, old, new, strict=True):
        if a != b:
            bad += 1
            if bad <= 5:
                print(f"  {label}: article {aid} differs:\n    old {a}\n    new {b}")
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--save", type=Path, help="write the claims of every article as JSON")
    ap.add_argument("--against", type=Path, help="compare with claims saved by --save")
    args = ap.parse_args()

    from bordermap.text.articles import Article
    from bordermap.text.extractor import extract_places

    texts = real_texts()
    articles = [Article(id=f"a{k:04d}", text=t) for k, t in enumerate(texts)]
    ids = [a.id for a in articles]
    extract_places(articles[0])  # the gazetteer warm
    n = len(articles)
    t_places, mentions = best(lambda: [extract_places(a) for a in articles], args.rounds)
    t_new, new = best(lambda: all_claims(articles, mentions), args.rounds)
    claims = sum(map(len, new))
    print(f"texts: {n} (GeoVirus, LGL, seeds); {claims} claims")
    if args.save:
        args.save.write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
        print(f"claims saved to {args.save}")
    bad = 0
    rows = [("extract_places", t_places)]
    try:
        from bordermap.text import claims as claims_module
        from bordermap.text import quantities  # noqa: F401
    except ImportError:  # a checkout from before the scan: only --save
        print(f"{'claims':<20} {n / t_new:>10,.0f} articles/s")
        return
    scan = claims_module.scan
    claims_module.scan = old_scan()  # type: ignore[assignment]
    try:
        t_old, old = best(lambda: all_claims(articles, mentions), args.rounds)
        t_worker_old, _ = best(lambda: worker_path(texts), args.rounds)
    finally:
        claims_module.scan = scan
    bad += compare("old scan", old, new, ids)
    print(f"old scan vs scan: {n - bad}/{n} articles with identical claims ({sum(map(len, old))} claims before)")
    if args.against:
        saved = json.loads(args.against.read_text(encoding="utf-8"))
        diff = compare(str(args.against), saved, new, ids)
        print(f"{args.against} vs scan: {n - diff}/{n} articles with identical claims")
        bad += diff
    t_worker, _ = best(lambda: worker_path(texts), args.rounds)
    rows += [("claims, old scan", t_old), ("claims", t_new), ("worker path, old scan", t_worker_old)]
    rows += [("worker path", t_worker)]
    print(f"\n{'contender':<22} {'articles/s':>10} (per CPU-second, best of {args.rounds})")
    for label, t in rows:
        print(f"{label:<22} {n / t:>10,.0f}")
    print(
        f"claims: {t_old / t_new:.1f}x the old scan; worker path / extract_places: {t_places / t_worker:.2f} "
        f"({t_places / t_worker_old:.2f} with the old scan)"
    )
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
