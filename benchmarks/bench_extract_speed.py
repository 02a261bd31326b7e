"""Extraction throughput of bordermap's ``PlaceExtractor`` against ``geotext``, side by side on one core.

Usage::

    PYTHONPATH=. taskset -c 0 python benchmarks/bench_extract_speed.py [--articles 2000] [--seed 7]

Corpus: ``--articles`` synthetic articles (default 2,000).  Each article has 8 to 16
sentences; each sentence is, with probability 2/3, a sentence drawn at random from the
five seed articles (split with ``bordermap.text.articles.sentences``), else a neutral filler
sentence built from the templates in :data:`FILLER` (no place names; numbers, dates and
capitalised organisation words, so the extractors have to reject things).  The random
generator is seeded, so the corpus is the same on every run.

Both extractors are warmed up first (the gazetteer loaded, geotext imported and run once),
then run over the same corpus in the same process, one after the other, each repeated
``--repeat`` times; the best run counts (timed in CPU time of the process, :data:`CLOCK`).
bordermap is pure Python (one implementation of its rules).  Each timed run of bordermap uses a
fresh :class:`bordermap.PlaceExtractor`, so its memos (analysis of each run of capitalised words,
scored candidates of each name, context-free evaluations of each signature, distances between
candidate places) start cold and only help within the run: the corpus reuses seed sentences, so they
help more here than on real news.  The process is pinned to one core.  Reported: articles per second,
mean and 95th percentile latency per article, and the ratio bordermap / geotext.  On GeoVirus (real
news, read from ``../shared`` when it is there) it times all 229 articles with cold memos, then the
test half of ``bench_geovirus.halves`` after the tune half has been read by the same extractor, as
in a stream of news where the memos hold what earlier articles taught; on LGL (local news, from
``../shared`` too) it times all 588 articles with cold memos.  On the five seed articles it
also reports precision and recall of each extractor's place surfaces against the hand-made list
:data:`SEED_GOLD`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FILLER = [
    "The committee will meet again on {day} to discuss the {noun} budget.",
    "Officials said {n} new {noun} rules would come into force in {month}.",
    "According to the {org}, the figures for {month} were {adj} than expected.",
    "The {org} spokesperson declined to comment on Tuesday.",
    "Analysts expect the {noun} market to grow by {n} percent next year.",
    "Several ministers attended the meeting, which lasted {n} hours.",
    "The report, published on {month} {d}, was widely criticised by the {org}.",
    "Most of the {noun} funding will be spent before the end of the year.",
    "A spokesman for the {org} said the decision was final.",
    "Prices rose by {n} percent in {month}, the statistics office said.",
]
WORDS = {
    "day": ["Monday", "Tuesday", "Friday", "Sunday"],
    "noun": ["energy", "health", "transport", "security", "housing", "trade"],
    "month": ["January", "March", "May", "June", "August", "October"],
    "org": ["European Commission", "Council", "Interior Ministry", "Red Cross", "Border Guard Service", "World Bank"],
    "adj": ["higher", "lower", "better", "worse"],
}

#: Place surfaces a careful reader marks in each seed article (for precision/recall).
SEED_GOLD = {
    "000_6cfea482763423c4": {
        "Czech Republic",
        "Lithuania",
        "Belarus",
        "Minsk",
        "Poland",
        "Latvia",
        "Estonia",
        "Vilnius",
        "Athens",
    },
    "001_f190c4bb986fbafd": {"Lithuania", "Belarus", "Vilnius", "Minsk", "Slovenia", "Padvarionys"},
    "002_dff4eb9fc50d8db5": {"Belarus", "Lithuania", "Latvia", "Poland", "Iraq", "Minsk", "Middle East"},
    "003_84c36a338603c5ea": {"BRUSSELS", "Lithuania", "Belarus", "Iraq", "Europe", "Latvia", "Minsk"},
    "004_08f2487d190f4389": {"Lithuania", "Belarus", "Vilnius", "Minsk", "Brussels", "Dieveniskes"},
}


def build_corpus(n: int, seed: int) -> list[str]:
    """``n`` synthetic articles from seed sentences and neutral filler (see the module docstring)."""
    from bordermap.text.articles import read_articles, sentences

    pool = [a.text[s:e].strip() for a in read_articles() for s, e in sentences(a.text)]
    rng = random.Random(seed)

    def filler() -> str:
        t = rng.choice(FILLER)
        return t.format(n=rng.randint(2, 99), d=rng.randint(1, 28), **{k: rng.choice(v) for k, v in WORDS.items()})

    out = []
    for _ in range(n):
        k = rng.randint(8, 16)
        out.append(" ".join(rng.choice(pool) if rng.random() < 2 / 3 else filler() for _ in range(k)))
    return out


#: The clock of the timed runs: CPU time of this process (on a shared machine, wall time also counts the
#: time other processes hold the core; with the core to itself the two agree).
CLOCK = time.process_time


def run(fn, corpus: list[str], repeat: int, reset=None) -> tuple[float, list[float]]:
    """Best total seconds over ``repeat`` runs, and the per-article latencies of that run."""
    best_total, best_lat = float("inf"), []
    for _ in range(repeat):
        if reset is not None:
            reset()
        lat = []
        t0 = CLOCK()
        for text in corpus:
            t = CLOCK()
            fn(text)
            lat.append(CLOCK() - t)
        total = CLOCK() - t0
        if total < best_total:
            best_total, best_lat = total, lat
    return best_total, best_lat


def seeds_pr(found: dict[str, set[str]]) -> tuple[float, float]:
    """Precision and recall of found surfaces against :data:`SEED_GOLD` (case- and accent-insensitive)."""
    from bordermap.text.gazetteer import fold

    gold = {(a, fold(s)) for a, ss in SEED_GOLD.items() for s in ss}
    got = {(a, fold(s)) for a, ss in found.items() for s in ss}
    tp = len(gold & got)
    return (tp / len(got) if got else 0.0), tp / len(gold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    try:
        from geotext import GeoText
    except ImportError:
        print("bench_extract_speed: geotext is not installed (pip install geotext)", file=sys.stderr)
        return 2
    from bordermap.text.articles import read_articles
    from bordermap.text.extractor import PlaceExtractor
    from bordermap.text.gazetteer import default_gazetteer

    t = time.perf_counter()
    gaz = default_gazetteer()
    print(f"bordermap gazetteer load: {time.perf_counter() - t:.2f} s (warm cache)")
    corpus = build_corpus(args.articles, args.seed)
    words = sum(len(a.split()) for a in corpus)
    print(f"corpus: {len(corpus)} articles, {words} words (seed {args.seed}); 1 core; best of {args.repeat}")
    PlaceExtractor(gaz).extract(corpus[0])
    GeoText(corpus[0])

    class Cold:
        """bordermap with cold memos: a fresh PlaceExtractor at the start of each timed run."""

        def __init__(self) -> None:
            self.extractor = PlaceExtractor(gaz)

        def reset(self) -> None:
            self.extractor = PlaceExtractor(gaz)

        def __call__(self, text: str) -> object:
            return self.extractor.extract(text)

    ours = Cold()
    contestants = [("bordermap", ours, ours.reset), ("geotext", GeoText, None)]
    results = {}
    for name, fn, reset in contestants:
        total, lat = run(fn, corpus, args.repeat, reset)
        lat_ms = sorted(x * 1000 for x in lat)
        results[name] = len(corpus) / total
        print(
            f"{name:23} {len(corpus) / total:8.0f} articles/s   mean {statistics.mean(lat_ms):6.3f} ms   "
            f"p95 {lat_ms[int(0.95 * (len(lat_ms) - 1))]:6.3f} ms per article"
        )
    print(f"throughput ratio bordermap/geotext: {results['bordermap'] / results['geotext']:.2f}")

    # the same on real news nobody here wrote (GeoVirus, if ../shared is there): no repeated sentences
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_geovirus import geovirus_path, halves, load

    if geovirus_path().is_file():
        news = [text for text, _ in load(geovirus_path())]
        rates = {}
        for name, fn, reset in contestants:
            total, lat = run(fn, news, max(args.repeat, 3), reset)
            rates[name] = len(news) / total
            print(f"GeoVirus {len(news)} articles: {name:23} {rates[name]:8.0f} articles/s")
        print(f"throughput ratio bordermap/geotext on GeoVirus: {rates['bordermap'] / rates['geotext']:.2f}")
        # a stream of news: bordermap has already read other articles (the tune half) when it reads these
        tune, test = halves(len(news))
        first, later = [news[i] for i in sorted(tune)], [news[i] for i in sorted(test)]
        warm = {}
        for name, fn, reset in contestants:
            best = float("inf")
            for _ in range(max(args.repeat, 3)):

                def read_first(fn=fn, reset=reset) -> None:
                    if reset is not None:
                        reset()
                    for text in first:
                        fn(text)

                best = min(best, run(fn, later, 1, read_first)[0])
            warm[name] = len(later) / best
            print(f"GeoVirus {len(later)} articles after {len(first)} others: {name:23} {warm[name]:8.0f} articles/s")
        print(f"throughput ratio bordermap/geotext, GeoVirus after others: {warm['bordermap'] / warm['geotext']:.2f}")

    # local news (LGL, if ../shared holds it): US towns, counties and states, where the rules on first-level
    # regions do their work
    from bench_lgl import lgl_path, load_lgl

    if lgl_path().is_file():
        local = [text for text, _ in load_lgl(lgl_path())]
        rates = {}
        for name, fn, reset in contestants:
            total, lat = run(fn, local, max(args.repeat, 3), reset)
            rates[name] = len(local) / total
            print(f"LGL {len(local)} articles: {name:23} {rates[name]:8.0f} articles/s")
        print(f"throughput ratio bordermap/geotext on LGL: {rates['bordermap'] / rates['geotext']:.2f}")

    seeds = read_articles()
    found_ours = {a.id: {m.text for m in PlaceExtractor(gaz).extract(a)} for a in seeds}
    found_theirs = {}
    for a in seeds:
        g = GeoText(a.text)
        found_theirs[a.id] = set(g.cities) | set(g.countries)
    for name, found in (("bordermap", found_ours), ("geotext", found_theirs)):
        p, r = seeds_pr(found)
        print(f"seeds, distinct place surfaces per article: {name:10} precision {p:.2f} recall {r:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
