"""Shared fixtures.  Tests use real data and never the network."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
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


def _store() -> Path:
    """The persistent cache folder, as it is before the tests start: where scripts/test fetched the source packages."""
    from bordermap import settings as bordermap_settings

    return bordermap_settings.cache_root().absolute()


#: The persistent cache (``$BORDERMAP_CACHE``, else the user cache folder): the tests only read from it.
STORE = _store()


def _indexes() -> list[str]:
    """File names of the derived indexes this tree reads (the gazetteer, the world's arrays)."""
    try:
        from bordermap._cache import cache_path, file_digest
        from bordermap.data.countries import WORLD_ARRAYS_FORMAT
        from bordermap.data.world import world_countries_path
        from bordermap.text.gazetteer import gazetteer_cache_path
    except ImportError:  # moved: the session builds them instead (about 20 s), nothing else changes
        return []
    digest = file_digest(world_countries_path())
    world = cache_path("world", fmt=WORLD_ARRAYS_FORMAT, suffix="bmc", key=digest[:32])
    return [gazetteer_cache_path().name, world.name]


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory) -> Iterator[Path]:
    """A cache folder of this test session's own: no test writes into the persistent one (:data:`STORE`).

    The session's folder holds links to what the build scripts fetched into the store (npm and PyPI
    source packages, read by the rebuild checks and :func:`world_file`; bordermap never writes them),
    and copies of the derived indexes this tree reads (so they are not built again; a test may damage
    its copy).  Everything bordermap writes (pair entries, Nominatim answers, rebuilt indexes) goes
    here.  ``BORDERMAP_CACHE`` points to it, so subprocesses (the CLI, the build scripts) use it too.
    """
    import shutil

    from bordermap import settings as bordermap_settings

    cache = tmp_path_factory.mktemp("cache")  # mode 0o700: a cache folder bordermap trusts
    if STORE.is_dir():
        for entry in STORE.iterdir():
            if entry.suffix != ".bmc" and entry.name != "nominatim" and not entry.name.startswith("."):
                (cache / entry.name).symlink_to(entry)  # fetched sources, read only
        for name in _indexes():
            if (STORE / name).is_file():
                shutil.copyfile(STORE / name, cache / name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BORDERMAP_CACHE", str(cache))
        mp.setattr(bordermap_settings, "cache_folder", None)
        yield cache


@pytest.fixture(scope="session")
def countries():
    import bordermap

    return bordermap.load_countries()


@pytest.fixture(scope="session")
def world_file() -> Path:
    """The source GeoJSON of the bundled world (npm package, fetched by scripts/test for the build checks).

    bordermap never reads it at run time; tests compare the bundled GeoParquet with it.  It is
    read through the session's cache folder (a link to the persistent one, :func:`session_cache`).
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
