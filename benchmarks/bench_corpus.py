"""``bordermap corpus`` at scale: 1 and 2 Dask worker processes against the single-process ``extract_places`` loop.

Usage::

    PYTHONPATH=. python benchmarks/bench_corpus.py [--articles 100000] [--small 20000] [--partition-size 1000]

Corpus (built in a temporary folder outside the repository, never copied into it): the real texts the
project may use, read from ``../shared/benchmarks`` -- the 229 GeoVirus articles (Wikinews, CC-BY 2.5) and
the 588 LGL articles -- and the five bundled seed articles: 822 texts, repeated in turn with distinct ids
(``a0000000``...) and dates spread over 120 days (article ``k`` is dated day ``k mod 120`` from 2021-01-01)
and three sources, written as one JSON Lines file of ``--articles`` records.  The repetition helps the
extractor's memos (names, runs of words) more than a stream of distinct news would, for every contender alike.

Contenders, one after the other in this process's run:

1. ``loop``: one process, ``extract_places(article)`` for every article (the gazetteer warm), the peer;
2. ``loop+ small``: one process, the same work as a worker's (places, unresolved names, claims; tables
   built), without Dask or files, on the ``--small`` corpus (to save time: its rate does not depend on size);
3. ``dask 1w`` and ``dask 2w``: :func:`bordermap.corpus.run.run_corpus` on a ``LocalCluster`` of 1 and 2
   worker processes (one thread each), into a fresh folder each (nothing skipped).  ``articles/s`` counts
   the partitions' phase (cluster up to the last partition written); ``total s`` adds the cluster's start
   and the assembly of the outputs (tables, borders, map, chart).

Scaling efficiency = (articles/s with 2 workers) / (2 x articles/s with 1 worker); goal >= 0.8.  Peak
resident memory per worker is the worker process's peak RSS (``ru_maxrss``) and its USS (memory private to
it: the memory-mapped gazetteer's pages are shared between the workers and not in the USS); measured at
``--small`` and ``--articles`` articles to show it does not grow with the corpus.

Machine: figures are of this machine as it is during the run; the script prints the cores and the load
average before and after (the machine may be shared: another user's work on the same cores lowers the
2-worker figure most).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
DAYS = 120


def real_texts() -> list[str]:
    """GeoVirus, LGL (from ../shared/benchmarks) and the seeds: the bodies of the articles."""
    import xml.etree.ElementTree as ET

    from bordermap.text.articles import Article

    texts: list[str] = []
    for path in (SHARED / "geovirus" / "GeoVirus.xml", SHARED / "lgl" / "lgl.xml"):
        if not path.is_file():
            sys.exit(f"bench_corpus: {path} missing (the shared benchmark data)")
        for art in ET.parse(path).getroot().iter("article"):
            t = art.findtext("text")
            if t and t.strip():
                texts.append(t)
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        texts.append(Article.from_text(f.read_text(encoding="utf-8")).text)
    return texts


def write_corpus(path: Path, texts: list[str], n: int) -> Path:
    start = dt.date(2021, 1, 1)
    with open(path, "w", encoding="utf-8") as fh:
        for k in range(n):
            rec = {
                "id": f"a{k:07d}",
                "date": (start + dt.timedelta(days=k % DAYS)).isoformat(),
                "text": texts[k % len(texts)],
                "source": f"outlet{k % 3}",
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def loads() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_loop(path: Path, *, full: bool) -> dict[str, float]:
    """The single-process loop over the corpus file (read record by record, as a worker does)."""
    from bordermap.corpus.inputs import Record, check_record
    from bordermap.corpus.partition import extract_tables
    from bordermap.text.extractor import extract_places
    from bordermap.text.gazetteer import default_gazetteer

    default_gazetteer()
    extract_places("Migrants reached Vilnius from Minsk.")  # warm
    n = 0
    batch = []
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            good = check_record(Record("bench", id=r["id"], date=r["date"], text=r["text"], source=r["source"]))
            assert not isinstance(good, str)
            if full:
                batch.append(good)
                if len(batch) == 1000:
                    extract_tables(batch, [])
                    batch = []
            else:
                extract_places(good.article)
            n += 1
    if batch:
        extract_tables(batch, [])
    seconds = time.perf_counter() - t0
    return {
        "articles": n,
        "seconds": seconds,
        "rate": n / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_dask(path: Path, workers: int, partition_size: int, out: Path) -> dict[str, float]:
    from bordermap.corpus.run import run_corpus

    shutil.rmtree(out, ignore_errors=True)
    marks: dict[str, float] = {}

    def on_start(dashboard: str | None, partitions: int) -> None:
        marks["start"] = time.perf_counter()

    def on_progress(summary: dict[str, object]) -> None:
        marks["last"] = time.perf_counter()

    t0 = time.perf_counter()
    res = run_corpus(
        [path],
        out=out,
        workers=workers,
        articles_per_partition=partition_size,
        on_start=on_start,
        on_progress=on_progress,
    )
    total = time.perf_counter() - t0
    run = res.info["run"]
    mem = run["worker_memory"]
    n = res.info["articles"]
    phase = marks["last"] - marks["start"]
    return {
        "articles": n,
        "seconds": phase,
        "rate": n / phase,
        "total_seconds": total,
        "workers": len(mem),
        "peak_rss_mb": max(w["peak_rss"] for w in mem.values()) / 1e6,
        "uss_mb": max(w["uss"] for w in mem.values()) / 1e6,
        "cpu_seconds": run["cpu_seconds"],
        "mentions": res.info["mentions"],
        "claims": res.info["claims"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=20_000, help="the smaller corpus for the memory comparison")
    ap.add_argument("--partition-size", type=int, default=1000)
    ap.add_argument("--skip-loop", action="store_true")
    ap.add_argument(
        "--alternate",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="only the scaling: ROUNDS rounds of 1 then 2 workers on the --small corpus, back to back "
        "(on a shared machine, so that both see the same load)",
    )
    args = ap.parse_args()
    if args.alternate:
        alternate(args.small, args.partition_size, args.alternate)
        return
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    texts = real_texts()
    tmp = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    print(f"cores: {os.cpu_count()}, load average before: {loads()}")
    mean = sum(map(len, texts)) / len(texts)
    print(f"texts: {len(texts)} real articles (GeoVirus, LGL, seeds), {mean:.0f} chars mean")
    results: dict[str, dict[str, float]] = {}
    try:
        big = write_corpus(tmp / "big.jsonl", texts, args.articles)
        small = write_corpus(tmp / "small.jsonl", texts, args.small)
        print(
            f"corpus: {args.articles:,} articles, {big.stat().st_size / 1e6:.0f} MB JSON Lines; "
            f"small: {args.small:,} articles"
        )
        for label, fn in (
            ("dask 1w", lambda: run_dask(big, 1, args.partition_size, tmp / "o1")),
            ("dask 2w", lambda: run_dask(big, 2, args.partition_size, tmp / "o2")),
            ("dask 2w small", lambda: run_dask(small, 2, args.partition_size, tmp / "o3")),
        ):
            results[label] = fn()
            print(f"  {label}: {json.dumps({k: round(v, 2) for k, v in results[label].items()})}", flush=True)
        if not args.skip_loop:
            for label, path, full in (("loop", big, False), ("loop+ small", small, True)):
                results[label] = run_loop(path, full=full)
                print(f"  {label}: {json.dumps({k: round(v, 2) for k, v in results[label].items()})}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average after: {loads()}")
    print()
    print(
        f"{'contender':<15} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'total s':>8} {'peak RSS MB':>12} "
        f"{'USS MB':>7}"
    )
    for label, r in results.items():
        print(
            f"{label:<15} {r['articles']:>9,.0f} {r['seconds']:>8.1f} {r['rate']:>11.0f} "
            f"{r.get('total_seconds', r['seconds']):>8.1f} {r['peak_rss_mb']:>12.0f} {r.get('uss_mb', 0):>7.0f}"
        )
    one, two = results["dask 1w"], results["dask 2w"]
    print(f"scaling efficiency 1 -> 2 workers: {two['rate'] / (2 * one['rate']):.2f} (goal >= 0.8)")
    print(
        f"peak RSS per worker: {results['dask 2w small']['peak_rss_mb']:.0f} MB at {args.small:,} articles, "
        f"{two['peak_rss_mb']:.0f} MB at {args.articles:,}"
    )
    if "loop" in results:
        print(
            f"dask 1w / loop (extract_places only): {one['rate'] / results['loop']['rate']:.2f}; "
            f"dask 1w / loop+ (the same work, small corpus): {one['rate'] / results['loop+ small']['rate']:.2f}; "
            f"dask 2w / loop: {two['rate'] / results['loop']['rate']:.2f}"
        )


def alternate(n: int, partition_size: int, rounds: int) -> None:
    """The same-work loop, then 1 and 2 workers, in turn on the same corpus: each round's efficiency, their median."""
    import statistics

    texts = real_texts()
    tmp = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    effs = []
    try:
        path = write_corpus(tmp / "corpus.jsonl", texts, n)
        print(f"cores: {os.cpu_count()}; {n:,} articles; load average before: {loads()}")
        for k in range(rounds):
            loop = run_loop(path, full=True)
            print(f"round {k + 1}: loop+ (one process, the same work) {loop['rate']:.0f} articles/s; load {loads()}")
            one = run_dask(path, 1, partition_size, tmp / "o1")
            la1 = loads()
            two = run_dask(path, 2, partition_size, tmp / "o2")
            eff = two["rate"] / (2 * one["rate"])
            effs.append(eff)
            print(
                f"round {k + 1}: 1 worker {one['rate']:.0f} articles/s ({one['articles'] / one['cpu_seconds']:.0f} "
                f"per CPU-s; load {la1}), 2 workers {two['rate']:.0f} articles/s "
                f"({two['articles'] / two['cpu_seconds']:.0f} per CPU-s; load {loads()}); efficiency {eff:.2f}; "
                f"peak RSS per worker {one['peak_rss_mb']:.0f} / {two['peak_rss_mb']:.0f} MB",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"scaling efficiency 1 -> 2 workers, median of {rounds}: {statistics.median(effs):.2f} (goal >= 0.8)")


if __name__ == "__main__":
    main()
