"""How long ``bordermap report`` takes, against ``python -c "import geopandas, folium"`` in the same run.

Usage::

    python benchmarks/bench_report_speed.py [--repeat 3]

Each timing is a whole process (``python -m bordermap report FOLDER --out TMP``), as a user runs it,
after bordermap's modules are compiled to bytecode (``compileall``, as ``pip install`` does):

* the peer: ``python -c "import geopandas, folium"``, timed between the reports of each folder
  (best of ``--repeat``), so that each ratio compares runs made at the same moment;
* warm: the bundled seeds and one-article folders about five borders (``tests/articles``), after one
  run that warms the page cache and the cache folder (best of ``--repeat``); ratio to the peer
  (target: at most 2);
* new pair: the same folders with a warm cache folder that holds everything but the reports' pair
  entries (``bordermap._pair_cache``: each report computes its border, corridors and map geometry,
  as for a border never reported on before); best of ``--repeat``, the entries removed before each run;
* first run: the seeds into an empty cache folder (``BORDERMAP_CACHE`` a new temporary folder), as
  right after ``pip install .`` (best of ``--repeat``, a new folder each time); ratio to the warm
  seeds run (target: at most 1.5).  A wheel ships the gazetteer index and the world's arrays beside
  the code; an editable install builds them into the cache folder on first use instead, so from an
  editable install the empty folder is given this install's built copies of those two files
  (symbolic links), and nothing else: the figure ``pip install .`` gives.
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
    # As pip does on install: bytecode for bordermap's modules, so that a report loads them as the peer
    # loads geopandas and folium (an editable install run with PYTHONDONTWRITEBYTECODE set, as on these
    # machines, would otherwise compile every module from source at every run: about 0.1 s).
    where = subprocess.run(
        [py, "-c", "import bordermap, os; print(os.path.dirname(bordermap.__file__))"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    ).stdout.strip()
    subprocess.run([py, "-m", "compileall", "-q", where], check=True, capture_output=True)
    peer_cmd = [py, "-c", "import geopandas, folium"]
    print(f"peer: {' '.join(peer_cmd[1:])!r}, timed between the reports of each folder (best of {args.repeat})")
    print("\n| articles | peer (s) | warm report (s) | ratio to the peer | new pair (s) | ratio to the peer |")
    print("|---|---|---|---|---|---|")
    warm_seeds = 0.0
    cache = Path(os.environ.get("BORDERMAP_CACHE") or Path.home() / ".cache" / "bordermap")
    with tempfile.TemporaryDirectory() as tmp:
        no_pairs = Path(tmp) / "cache-without-pairs"
        no_pairs.mkdir()
        for name in FOLDERS:
            folder = ROOT / "seeds" if name == "seeds" else ROOT / "tests" / "articles" / name
            cmd = [py, "-m", "bordermap", "report", str(folder), "--out", str(Path(tmp) / name)]
            _timed(cmd)  # warm-up: the pair entry is written
            if not any(no_pairs.iterdir()):
                for f in cache.iterdir():  # the warm cache, less the pair entries
                    if f.is_file() and not f.name.startswith("pair-"):
                        (no_pairs / f.name).symlink_to(f)
            env = {**os.environ, "BORDERMAP_CACHE": str(no_pairs)}
            peer, warm, fresh = [], [], []
            for _ in range(args.repeat):  # interleaved, so that a drift of the machine's speed hits all three
                peer.append(_timed(peer_cmd))
                warm.append(_timed(cmd))
                for entry in no_pairs.glob("pair-*"):
                    entry.unlink()
                fresh.append(_timed(cmd, env=env))
            p, best, new = min(peer), min(warm), min(fresh)
            if name == "seeds":
                warm_seeds = best
            print(f"| {name} | {p:.2f} | {best:.2f} | {best / p:.2f} | {new:.2f} | {new / p:.2f} |")
        # What a wheel ships beside the code (the gazetteer index, the world's arrays): an editable
        # install has none and builds them into the cache folder on first use, so for the figure
        # a user sees after `pip install .` the empty cache gets this install's built copies.
        probe = (
            "from bordermap.text.gazetteer import gazetteer_cache_path, packaged_index_name\n"
            "from bordermap.data.countries import geodata_dir as g, world_arrays_name, WORLD_COUNTRIES_FILE\n"
            "from bordermap._cache import cache_path, file_digest\n"
            "from bordermap.data.countries import WORLD_ARRAYS_FORMAT\n"
            "d = file_digest(g() / WORLD_COUNTRIES_FILE)\n"
            "shipped = (g() / packaged_index_name()).is_file() and (g() / world_arrays_name(d)).is_file()\n"
            "print(int(shipped)); print(gazetteer_cache_path())\n"
            "print(cache_path('world', fmt=WORLD_ARRAYS_FORMAT, suffix='bmc', key=d[:32]))\n"
        )
        lines = subprocess.run(
            [py, "-c", probe], check=True, capture_output=True, text=True, cwd=tempfile.gettempdir()
        ).stdout.split("\n")
        wheel = lines[0] == "1"
        firsts = []
        for k in range(args.repeat):
            cold_cache = Path(tmp) / f"empty-cache-{k}"
            cold_cache.mkdir()
            if not wheel:
                for built in (Path(lines[1]), Path(lines[2])):
                    (cold_cache / built.name).symlink_to(built)
            env = {**os.environ, "BORDERMAP_CACHE": str(cold_cache)}
            cmd = [py, "-m", "bordermap", "report", str(ROOT / "seeds"), "--out", str(Path(tmp) / f"first-{k}")]
            firsts.append(_timed(cmd, env=env))
        first = min(firsts)
    how = (
        "the wheel's gazetteer index and world arrays (nothing built)"
        if wheel
        else "an editable install: the empty cache holds only this install's built gazetteer index and world "
        "arrays, the files a wheel ships"
    )
    ratio = first / warm_seeds
    print(
        f"\nfirst run, empty cache (best of {args.repeat}): {first:.2f} s; warm {warm_seeds:.2f} s; ratio {ratio:.2f}",
    )
    print(f"first run used {how}")


if __name__ == "__main__":
    main()
