"""Shared fixtures.  Tests use real data and never the network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# The property tests draw the same examples on every run (derandomised, seeded by each test's name),
# so that a run's verdict does not depend on luck; HYPOTHESIS_PROFILE=explore draws new ones each run,
# to look for new failures (and hypothesis keeps those it finds in .hypothesis/).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def countries():
    import bordermap

    return bordermap.load_countries()


@pytest.fixture(scope="session")
def world_file() -> Path:
    """The source GeoJSON of the bundled world (npm package, fetched by scripts/test for the build checks).

    bordermap never reads it at run time; tests compare the bundled GeoParquet with it.
    A missing file is a failure, not a skip.
    """
    from bordermap._cache import cache_dir

    path = cache_dir() / "geo-maps-countries-maritime-10m-0.6.0" / "map.geo.json"
    assert path.is_file(), f"{path}: run scripts/test (it fetches the npm source packages for the build checks)"
    return path


@pytest.fixture(scope="session")
def world():
    """The bundled world (the default dataset)."""
    import bordermap

    return bordermap.load_countries()


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory):
    import bordermap

    out = tmp_path_factory.mktemp("report")
    return bordermap.run_report(out=out)


@pytest.fixture
def restore_settings():
    """Restore bordermap.settings after a test changes them."""
    from bordermap import settings

    with settings.options(**settings.current()):
        yield settings


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bordermap ARGS`` in a subprocess (the real CLI)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "bordermap", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
