"""How long ``bordermap report`` takes, against ``python -c "import geopandas, folium"`` in the same run.

Usage::

    python benchmarks/bench_report_speed.py [--repeat 3]

Each timing is a whole process (``python -m bordermap report FOLDER --out TMP``), as a user runs it:

* the peer: ``python -c "import geopandas, folium"`` (best of ``--repeat``);
* warm: the bundled seeds and one-article folders about five borders (``tests/articles``), after one
  run that warms the page cache and the cache folder (best of ``--repeat``); ratio to the peer
  (target: at most 2);
* new pair: the same folders with a warm cache folder that holds everything but the reports' pair
  entries (``bordermap._pair_cache``: each report computes its border, corridors and map geometry,
  as for a border never reported on before); best of ``--repeat``, the entries removed before each run;
* first run: the seeds into an empty cache folder (``BORDERMAP_CACHE`` a new temporary folder), as
  right after ``pip install .``; ratio to the warm seeds run (target: at most 1.5).  Whether the
  wheel's gazetteer index was used is printed: an editable install has none and builds it once.
  Run it from a wheel install (``pip install .`` in a fresh venv) for the figure a user sees.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["seeds", "finland_russia", "us_mexico", "india_bangladesh", "greece_turkey", "poland_belarus"]


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds of one process, run outside the source tree (so ``-m bordermap`` is the installed package)."""
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    py = sys.executable
    peer = min(_timed([py, "-c", "import geopandas, folium"]) for _ in range(args.repeat))
    print(f'peer: python -c "import geopandas, folium": {peer:.2f} s (best of {args.repeat})')
    print("\n| articles | warm report (s) | ratio to the peer | new pair (s) | ratio to the peer |")
    print("|---|---|---|---|---|")
    warm_seeds = 0.0
    cache = Path(os.environ.get("BORDERMAP_CACHE") or Path.home() / ".cache" / "bordermap")
    with tempfile.TemporaryDirectory() as tmp:
        no_pairs = Path(tmp) / "cache-without-pairs"
        no_pairs.mkdir()
        for name in FOLDERS:
            folder = ROOT / "seeds" if name == "seeds" else ROOT / "tests" / "articles" / name
            cmd = [py, "-m", "bordermap", "report", str(folder), "--out", str(Path(tmp) / name)]
            _timed(cmd)  # warm-up
            best = min(_timed(cmd) for _ in range(args.repeat))
            if name == "seeds":
                warm_seeds = best
                for f in cache.iterdir():  # the warm cache, less the pair entries
                    if f.is_file() and not f.name.startswith("pair-"):
                        (no_pairs / f.name).symlink_to(f)
            env = {**os.environ, "BORDERMAP_CACHE": str(no_pairs)}
            fresh = []
            for _ in range(args.repeat):
                for entry in no_pairs.glob("pair-*"):
                    entry.unlink()
                fresh.append(_timed(cmd, env=env))
            print(f"| {name} | {best:.2f} | {best / peer:.2f} | {min(fresh):.2f} | {min(fresh) / peer:.2f} |")
        cold_cache = Path(tmp) / "empty-cache"
        env = {**os.environ, "BORDERMAP_CACHE": str(cold_cache)}
        cmd = [py, "-m", "bordermap", "report", str(ROOT / "seeds"), "--out", str(Path(tmp) / "first")]
        first = _timed(cmd, env=env)
        built = sorted(p.name for p in cold_cache.glob("gazetteer-*")) if cold_cache.exists() else []
    shipped = "built into the empty cache: " + ", ".join(built) if built else "the wheel's index (nothing built)"
    print(f"\nfirst run, empty cache: {first:.2f} s; warm {warm_seeds:.2f} s; ratio {first / warm_seeds:.2f}")
    print(f"gazetteer index used on the first run: {shipped}")


if __name__ == "__main__":
    main()
