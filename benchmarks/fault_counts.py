"""Counts for the closing notes of issues 6 and 15: cases tried, failures, outputs mixed or lost, code executed.

Runs, side by side in one go:

1. the bad-input catalogue (``tests/test_bad_input.py``, real CLI and API runs) through pytest;
2. the geocoding fault scenario (``tests/nominatim_faults.py``): 200 names looked up with
   geopy's Nominatim client against a seeded faulty server on 127.0.0.1, the client killed with
   SIGKILL after 80 answers, then run again to the end and once more from the cache;
3. the hostile corpus (``tests/hostile.py``) through article files (``bordermap report``), place
   names (``make_map``) and a user dataset's country names, each page opened in headless Chromium.

4. issue 15's hardening cases: the hardening tests (``tests/test_hardening_*.py``) through pytest;
   a full ``bordermap report`` killed (SIGKILL, ``strace -e inject``) at each rename of its swap,
   with the exchange and file by file, two concurrent reports (one stalled at its swap), a failed
   swap and an immutable ``report.json``: the run ids in the four files say whether they are mixed;
5. the largest inputs (peak memory and time, each in a fresh process): 30,000 and 100,000 claims,
   10 MB and 49.99 MB articles, a 10,000-vertex fence, 100,000 nested brackets, a 100 MB and an
   endless Nominatim body, and a planted pickle (code executed or not).

6. issue 24's cases (``tests/corpus_faults.py``): each bad record or file of a corpus, CSV formulas,
   deterministic outputs, concurrent and failing corpus runs, cache trust, out-of-range options and
   network waits, printed as a table (case, outcome, pass/fail); ``--only-issue24`` runs only these.

Usage: ``PYTHONPATH=. python benchmarks/fault_counts.py [--skip-catalogue] [--skip-hostile] [--only-issue24]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
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
    given_up = {ln.split()[1] for ln in r["failed2"]}  # an unreadable answer: reported, not cached, asked next run
    lost_at_end = [q for q in truth if q not in given_up and r["cache2"].get(q) != truth[q]]
    wrong_cached = [q for q in given_up if q in r["cache2"]]
    third_wrong = [
        q
        for q, loc in r["third"].items()
        if not isinstance(loc, Exception) and (loc.raw if loc else None) != (truth[q][0] if truth[q] else None)
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
        "names given up (unreadable answer, not retried; asked again next run)": len(given_up),
        "results lost": len(set(lost_at_kill) | set(lost_at_end) | set(third_wrong) | set(wrong_cached)),
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


# --------------------------------------------------------------------------- issue 15: hardening

SEED = ROOT / "seeds" / "004_08f2487d190f4389.txt"


def hardening_tests() -> dict[str, int]:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_hardening_*.py"))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    got = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|error)", last)}
    return {
        "tried": sum(got.values()),
        "passed": got.get("passed", 0),
        "failed": got.get("failed", 0) + got.get("error", 0),
    }


def _report(out: Path, *inject: str, article: Path = SEED) -> subprocess.CompletedProcess[str]:
    from tests.outputs_driver import strace_cmd

    cmd = [sys.executable, "-m", "bordermap", "report", str(article), "--countries", "LTU", "BLR", "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        (strace_cmd(*inject) if inject else []) + cmd, cwd=ROOT, env=env, capture_output=True, text=True
    )


def _state(out: Path) -> str:
    """'whole' (one run id in all four files), 'mixed', or 'lost' (a file missing or without a run id)."""
    from bordermap.report import OUTPUT_FILES
    from tests.outputs_driver import run_ids

    ids = run_ids(out, OUTPUT_FILES)
    if None in ids.values():
        return "lost"
    return "whole" if len(set(ids.values())) == 1 else "mixed"


def outputs(tmp: Path) -> dict[str, object]:
    from bordermap import _outputs
    from bordermap.report import ALL_OUTPUT_FILES

    res: Counter[str] = Counter()
    rows: dict[str, str] = {}
    out = tmp / "out"
    assert _report(out).returncode == 0
    # the exchange: one rename (renameat2) for the whole set
    proc = _report(out, "renameat2:signal=KILL:when=1")
    rows["exchange, killed at its rename"] = f"rc {proc.returncode}, {_state(out)}"
    res["cases"] += 1
    res[_state(out)] += 1
    # file by file (a file system without the exchange): 8 renames, killed at each, finished by the next run
    for n in range(1, 9):
        proc = _report(out, "renameat2:error=EINVAL", f"rename:signal=KILL:when={n}")
        right_after = _state(out)
        with _outputs.locked(out):
            _outputs.clean_orphans(out, ALL_OUTPUT_FILES)  # what the next run does first
        after = _state(out)
        rows[f"file by file, killed at rename {n}"] = (
            f"rc {proc.returncode}, right after: {right_after}, after the next run: {after}"
        )
        res["cases"] += 1
        res[after] += 1
        res["mixed right after a kill (file by file, finished by the next run)"] += right_after != "whole"
    # failed swap: previous set kept
    before = _state(out)
    proc = _report(out, "renameat2:error=EPERM")
    rows["swap fails (EPERM)"] = f"rc {proc.returncode}, {_state(out)} (before: {before})"
    res["cases"] += 1
    res[_state(out)] += 1
    for n in (1, 4, 8):
        proc = _report(out, "renameat2:error=EINVAL", f"rename:error=EACCES:when={n}")
        rows[f"file by file, rename {n} fails"] = f"rc {proc.returncode}, {_state(out)}"
        res["cases"] += 1
        res[_state(out)] += 1
    # an immutable report.json (needs root for chattr)
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(out / "report.json")], check=True)
        try:
            proc = _report(out)
            rows["immutable report.json"] = f"rc {proc.returncode}, {_state(out)}, stderr: {proc.stderr.strip()[:120]}"
        finally:
            for p in [out / "report.json", *(q / "report.json" for q in _outputs.orphans(out))]:
                subprocess.run(["chattr", "-i", str(p)], check=False, capture_output=True)
        res["cases"] += 1
        res[_state(out)] += 1
    # two concurrent reports, the first stalled 3 s at its swap
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    from tests.outputs_driver import strace_cmd

    cmd = [sys.executable, "-m", "bordermap", "report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out)]
    slow = subprocess.Popen(strace_cmd("renameat2:delay_enter=3000000") + cmd, cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    fast = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    slow.wait()
    rows["two concurrent reports"] = f"rc {slow.returncode}/{fast.returncode}, {_state(out)}"
    res["cases"] += 1
    res[_state(out)] += 1
    assert _report(out).returncode == 0
    res["orphans left after the last run"] = len(_outputs.orphans(out))
    return {"cases": rows, "counts": dict(res)}


def _measure(code: str, timeout: float = 900) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter: seconds, peak RSS (MB) and what it printed or raised."""
    wrapped = (
        "import re, sys, time\nt0 = time.perf_counter()\ntry:\n"
        + "\n".join("    " + ln for ln in code.strip().splitlines())
        + "\n    outcome = result\nexcept Exception as err:\n"
        "    outcome = f'{type(err).__name__}: {err}'[:160]\n"
        "hwm = int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"
        "print(repr((time.perf_counter() - t0, hwm, str(outcome))))\n"
    )  # VmHWM: this process's own peak resident memory (ru_maxrss would include the parent's at fork)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", wrapped], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["?"]}
    import ast

    seconds, peak, outcome = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    return {"seconds": round(seconds, 2), "peak MB": round(peak), "outcome": outcome}


def big_inputs(tmp: Path) -> dict[str, object]:
    seed = SEED.read_text(encoding="utf-8")
    big10 = tmp / "big10.txt"
    big50 = tmp / "big50.txt"
    for path, size in ((big10, 10_000_000), (big50, 49_990_000)):
        n = size // len(seed.encode())
        path.write_text(seed * n + "x" * (size - n * len(seed.encode())), encoding="utf-8")
    fence = tmp / "fence.geojson"
    deep = tmp / "deep.geojson"
    deep.write_text('{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}")
    pkl_cache = tmp / "cache"
    marker = tmp / "code-ran"
    from bordermap._cache import cache_dir

    pkl_cache.mkdir()
    for entry in cache_dir().iterdir():
        if entry.suffix not in (".pkl", ".npz") and entry.name not in ("assets", "nominatim"):
            (pkl_cache / entry.name).symlink_to(entry)
    import pickle

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.mkdir, (str(marker),))

    (pkl_cache / "seas-tiles-v2.pkl").write_bytes(pickle.dumps(Payload()))
    cases = {
        "'680 km' x 30,000 (210 KB) claims": "import bordermap\nresult = len(bordermap.extract_claims('680 km ' * 30_000))",  # noqa: E501
        "'680 km' x 100,000 (700 KB) claims": "import bordermap\nresult = len(bordermap.extract_claims('680 km ' * 100_000))",  # noqa: E501
        "'680 km' x 9,999, limit kept (70 KB, one sentence)": (
            "import bordermap\nc = bordermap.extract_claims('Lithuania has a border of ' + '680 km, ' * 9_999)\n"
            "result = f'{len(c)} claims, {sum(len(x.sentence) for x in c):,} characters of context'"
        ),
        "10 MB article: read + claims (default limits)": (
            f"import bordermap\na = bordermap.Article.from_path({str(big10)!r})\nresult = len(bordermap.extract_claims(a))"  # noqa: E501
        ),
        "10 MB article: read + claims (limit raised to 100,000)": (
            f"import bordermap\nbordermap.settings.max_claims_per_article = 100_000\n"
            f"a = bordermap.Article.from_path({str(big10)!r})\nresult = f'{{len(bordermap.extract_claims(a))}} claims'"
        ),
        "49.99 MB article: read + claims (default limits)": (
            f"import bordermap\na = bordermap.Article.from_path({str(big50)!r})\nresult = len(bordermap.extract_claims(a))"  # noqa: E501
        ),
        "49.99 MB article: read + claims (limit raised to 100,000)": (
            f"import bordermap\nbordermap.settings.max_claims_per_article = 100_000\n"
            f"a = bordermap.Article.from_path({str(big50)!r})\nresult = f'{{len(bordermap.extract_claims(a))}} claims'"
        ),
        "fence line of 10,000 vertices": (
            "import bordermap, json, shapely, numpy as np\nb = bordermap.shared_border('LTU', 'BLR')\n"
            "xy = shapely.get_coordinates(max(shapely.get_parts(b.geometry), key=lambda g: g.length))\n"
            "t = np.linspace(0, len(xy) - 1, 10_000)\n"
            "line = np.column_stack([np.interp(t, np.arange(len(xy)), xy[:, 0]) + 0.0007, np.interp(t, np.arange(len(xy)), xy[:, 1])])\n"  # noqa: E501
            f"open({str(fence)!r}, 'w').write(json.dumps({{'type': 'LineString', 'coordinates': line.tolist()}}))\n"
            "t1 = time.perf_counter()\n"
            f"cov = bordermap.read_fence(b, {str(fence)!r})\n"
            "result = f'{cov.covered_km:.1f} km covered; read_fence {time.perf_counter() - t1:.2f} s'"
        ),
        "100,000 nested [ in a dataset": f"import bordermap\nresult = bordermap.load_countries({str(deep)!r})",
        "planted pickle in the cache (bordermap border FRA ESP --dataset world)": (
            "import subprocess, os\n"
            f"env = dict(os.environ, BORDERMAP_CACHE={str(pkl_cache)!r})\n"
            "p = subprocess.run([sys.executable, '-m', 'bordermap', 'border', 'FRA', 'ESP', '--dataset', 'world'], env=env, capture_output=True, text=True)\n"  # noqa: E501
            f"ran = int(os.path.exists({str(marker)!r}))\n"
            "result = 'exit ' + str(p.returncode) + ', code executed: ' + str(ran)"
        ),
    }
    out = {name: _measure(code) for name, code in cases.items()}
    out["code executed (pickle)"] = int(marker.exists())
    out.update(_nominatim_bodies())
    return out


def _nominatim_bodies() -> dict[str, object]:
    code = """
import threading, time
from bordermap import settings
from tests.test_hardening_nominatim import _Server, client
srv = _Server()
threading.Thread(target=srv.serve_forever, daemon=True).start()
settings.nominatim_domain, settings.nominatim_scheme = f"127.0.0.1:{srv.server_address[1]}", "http"
settings.nominatim_min_delay_s = 0.0
settings.cache_folder = "%s"
srv.plans["place-1"] = ["%s"]
try:
    client(max_retries=0).geocode("place-1")
    result = "answered"
except Exception as err:
    result = f"{type(err).__name__}: {err}"
"""
    with tempfile.TemporaryDirectory() as d:
        return {
            f"Nominatim {label}": _measure(code % (d, kind))
            for label, kind in (("100 MB body", "huge"), ("endless fast body", "flood"), ("endless slow body", "drip"))
        }


def issue24() -> int:
    """Issue 24's cases, as a table; 0 if every one was handled."""
    from tests import corpus_faults

    with tempfile.TemporaryDirectory() as d:
        rows = corpus_faults.run_all(Path(d))
    print(corpus_faults.table(rows))
    return 0 if all(r[3] for r in rows) else 1


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--skip-catalogue", action="store_true", help="do not run the bad-input catalogue (about 70 s)")
    p.add_argument("--skip-hostile", action="store_true", help="do not run issue 6's fault and hostile-text runs")
    p.add_argument("--only-outputs", action="store_true", help="run only the outputs cases of issue 15")
    p.add_argument("--only-issue24", action="store_true", help="run only issue 24's cases (the table)")
    a = p.parse_args()
    if a.only_issue24:
        return issue24()
    if a.only_outputs:
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "o").mkdir()
            res = outputs(Path(d) / "o")
        print(json.dumps(res, indent=2, ensure_ascii=False))
        counts = res["counts"]
        assert isinstance(counts, dict)
        return 0 if counts.get("mixed", 0) + counts.get("lost", 0) == 0 else 1
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "h").mkdir()
        (tmp / "o").mkdir()
        (tmp / "b").mkdir()
        result = {
            "bad-input catalogue": None if a.skip_catalogue else catalogue(),
            "geocoding under faults": None if a.skip_hostile else faults(tmp),
            "hostile text in maps": None if a.skip_hostile else hostile(tmp / "h"),
            "hardening tests (issue 15)": hardening_tests(),
            "outputs under kills and failures (issue 15)": outputs(tmp / "o"),
            "largest inputs (issue 15)": big_inputs(tmp / "b"),
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ht, oc = result["hardening tests (issue 15)"], result["outputs under kills and failures (issue 15)"]["counts"]
    big = result["largest inputs (issue 15)"]
    mixed_or_lost = oc.get("mixed", 0) + oc.get("lost", 0)
    print(
        f"\nissue 15: cases tried: {ht['tried']} tests + {oc['cases']} output runs + {len(big) - 1} large inputs; "
        f"failures: {ht['failed']}; outputs mixed or lost: {mixed_or_lost}; code executed: {big['code executed (pickle)']}"  # noqa: E501
    )
    ok15 = ht["failed"] == 0 and mixed_or_lost == 0 and big["code executed (pickle)"] == 0
    if a.skip_hostile:
        print("\nissue 24:")
        return 0 if issue24() == 0 and ok15 else 1
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
    print("\nissue 24:")
    ok24 = issue24() == 0
    return 0 if ok and ok15 and ok24 else 1


if __name__ == "__main__":
    sys.exit(main())
