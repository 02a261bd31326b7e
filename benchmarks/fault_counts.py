"""Counts for issue 6's closing note: bad inputs tried, fault look-ups made, results lost, scripts executed.

Runs, side by side in one go:

1. the bad-input catalogue (``tests/test_bad_input.py``, real CLI and API runs) through pytest;
2. the geocoding fault scenario (``tests/nominatim_faults.py``): 200 names looked up with
   geopy's Nominatim client against a seeded faulty server on 127.0.0.1, the client killed with
   SIGKILL after 80 answers, then run again to the end and once more from the cache;
3. the hostile corpus (``tests/hostile.py``) through article files (``bordermap report``), place
   names (``make_map``) and a user dataset's country names, each page opened in headless Chromium.

Usage: ``PYTHONPATH=. python benchmarks/fault_counts.py [--skip-catalogue]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def catalogue() -> dict[str, int]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_bad_input.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    got = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|error)", last)}
    return {"tried": sum(got.values()), "passed": got.get("passed", 0), "failed": got.get("failed", 0)}


def faults(tmp: Path) -> dict[str, object]:
    from tests import nominatim_faults as nf

    start = time.perf_counter()
    r = nf.kill_and_rerun(tmp / "cache", count=200, kill_after=80)
    seconds = time.perf_counter() - start
    log = r["log1"] + r["log2"]
    kinds = Counter(o for _, _, o in log)
    truth = {q: nf.answer_for(q) for q in nf.names(200)}
    lost_at_kill = [q for q in r["done1"] if r["cache1"].get(q) != truth[q]]
    lost_at_end = [q for q in truth if r["cache2"].get(q) != truth[q]]
    third_wrong = [
        q for q, loc in r["third"].items() if (loc.raw if loc else None) != (truth[q][0] if truth[q] else None)
    ]
    in_flight = {q for _, q, o in r["log1"] if o in ("ok", "slow_ok")} - set(r["cache1"])
    gaps = [b[0] - a[0] for lg in (r["log1"], r["log2"]) for a, b in itertools.pairwise(lg)]
    return {
        "lookups (names)": 200,
        "requests made (fault look-ups)": len(log),
        "faults injected": sum(n for k, n in kinds.items() if k not in ("ok", "slow_ok")),
        "by kind": dict(sorted(kinds.items())),
        "killed mid-run": r["killed"],
        "answers on disk at kill": len(r["cache1"]),
        "answer in flight at kill, asked again": len(in_flight),
        "cached requests repeated by the re-run": len({q for _, q, _ in r["log2"]} & set(r["cache1"])),
        "gave up (re-run)": len(r["failed2"]),
        "requests by the cache-only third run": len(r["log3"]),
        "results lost": len(set(lost_at_kill) | set(lost_at_end) | set(third_wrong)),
        "min gap between requests (s)": round(min(gaps), 4),
        "configured min delay (s)": nf.MIN_DELAY_S,
        "seconds": round(seconds, 1),
    }


def hostile(tmp: Path) -> dict[str, object]:
    from tests import hostile as hc

    pages = {}
    hc.write_articles(tmp / "arts")
    proc = hc.run_report_cli(
        str(tmp / "arts"), "--out", str(tmp / "a"), "--self-contained", "--countries", "LTU", "BLR"
    )
    assert proc.returncode == 0, proc.stderr
    pages["articles (bordermap report)"] = tmp / "a" / "map.html"
    hc.places_map(tmp / "places.html")
    pages["place names and claims (make_map)"] = tmp / "places.html"
    hc.write_dataset(tmp / "d.geojson")
    seed = ROOT / "seeds" / "004_08f2487d190f4389.txt"
    proc = hc.run_report_cli(
        str(seed), "--dataset", str(tmp / "d.geojson"), "--countries", "LTU", "BLR", "--out", str(tmp / "d"),
        "--self-contained",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    pages["user GeoJSON country names (report --dataset)"] = tmp / "d" / "map.html"
    pw, browser = hc.launch()
    out: dict[str, object] = {"payloads": len(hc.HOSTILE) + 1}
    total = 0
    try:
        for label, path in pages.items():
            seen = hc.inspect(browser, path)
            n = hc.executed(seen)
            total += n
            out[label] = (
                f"{len(seen['places'])} popups opened, {n} executed, "
                f"{len(seen['errors'])} page errors, {len(seen['blocked'])} network requests"
            )
    finally:
        browser.close()
        pw.stop()
    out["scripts executed"] = total
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--skip-catalogue", action="store_true", help="do not run the bad-input catalogue (about 70 s)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "h").mkdir()
        result = {
            "bad-input catalogue": None if a.skip_catalogue else catalogue(),
            "geocoding under faults": faults(tmp),
            "hostile text in maps": hostile(tmp / "h"),
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    cat = result["bad-input catalogue"]
    f, h = result["geocoding under faults"], result["hostile text in maps"]
    print(
        f"\nbad inputs tried: {cat['tried'] if cat else 'skipped'}"
        + (f" ({cat['failed']} failed)" if cat else "")
        + f"; fault look-ups made: {f['requests made (fault look-ups)']} requests for {f['lookups (names)']} names "
        f"({f['faults injected']} faults); results lost: {f['results lost']}; "
        f"scripts executed: {h['scripts executed']}"
    )
    ok = f["results lost"] == 0 and h["scripts executed"] == 0 and (not cat or cat["failed"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
