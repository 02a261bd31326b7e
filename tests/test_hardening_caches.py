"""Nothing in the cache can run code; anything bundled is checked against pinned hashes (issue 15).

Each case plants what a hostile user with write access to the cache folder would (a pickle under
the name old versions read, a tampered Leaflet, an ``.npmrc`` pointing elsewhere) and runs the
real command line with that cache.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys

import pytest

from bordermap._cache import cache_dir
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "004_08f2487d190f4389.txt"


class _Payload:
    """Unpickling this makes a folder: proof that the pickle was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


@pytest.fixture
def planted_cache(tmp_path):
    """A cache folder with the real entries linked in (no rebuild), for planting files beside them."""
    cache = tmp_path / "cache"
    cache.mkdir()
    for entry in cache_dir().iterdir():
        if entry.suffix not in (".pkl", ".npz") and entry.name not in ("assets", "nominatim"):
            (cache / entry.name).symlink_to(entry)
    return cache


def cli(*args: str, cache, extra_path: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, BORDERMAP_CACHE=str(cache), PYTHONPATH=os.pathsep.join(p for p in (extra_path, str(ROOT)) if p)
    )
    return subprocess.run(
        [sys.executable, "-m", "bordermap", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_planted_pickle_runs_nothing(planted_cache, tmp_path):
    """A pickle written over the files the CLI reads (the world's arrays, the gazetteer index): refused, rebuilt."""
    from bordermap._cache import MAGIC, cache_path, file_digest
    from bordermap.data.countries import WORLD_ARRAYS_FORMAT
    from bordermap.data.world import world_countries_path
    from bordermap.text.gazetteer import gazetteer_cache_path

    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Payload(str(marker)))
    digest = file_digest(world_countries_path())
    names = [
        cache_path("world", fmt=WORLD_ARRAYS_FORMAT, suffix="bmc", key=digest[:32]).name,
        gazetteer_cache_path().name,
    ]
    for name in names:
        (planted_cache / name).unlink(missing_ok=True)  # a link or a copy of the session's file: replaced, not edited
        (planted_cache / name).write_bytes(payload)
    proc = cli("border", "FRA", "ESP", "--dataset", "world", cache=planted_cache)
    assert proc.returncode == 0, proc.stderr
    assert "FRA" in proc.stdout or "France" in proc.stdout
    proc = cli("geocode", "Vilnius", cache=planted_cache)
    assert proc.returncode == 0 and "LTU" in proc.stdout, proc.stderr
    assert not marker.exists()
    for name in names:  # the CLI read neither: it wrote both again in bordermap's own format
        assert (planted_cache / name).read_bytes().startswith(MAGIC), name


def test_no_module_can_load_pickles():
    for path in (ROOT / "bordermap").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import pickle", "import marshal", "import shelve", "allow_pickle=True", "joblib"):
            assert banned not in text, f"{path}: {banned}"


@pytest.fixture
def leaflet_copy(tmp_path, monkeypatch):
    """A copy of the installed xstatic-leaflet files, put in the package's place (its BASE_DIR)."""
    from xstatic.pkg import leaflet

    from bordermap.publish import _assets

    data = tmp_path / "leaflet"
    shutil.copytree(leaflet.BASE_DIR, data)
    monkeypatch.setattr(leaflet, "BASE_DIR", str(data))  # the third-party package's attribute
    memos = (_assets.leaflet_dir, _assets._integrity, _assets._inline_css, _assets._inline_js)
    for memo in memos:  # files are read (and checked) once per process: start afresh
        memo.cache_clear()
    yield data
    for memo in memos:
        memo.cache_clear()


@pytest.fixture(scope="module")
def report():
    import bordermap

    return bordermap.run_report([SEED], countries=("LTU", "BLR"))


@pytest.mark.parametrize(
    ("what", "tamper"),
    [
        ("leaflet.js", lambda d: (d / "leaflet.js").write_text((d / "leaflet.js").read_text() + "\nalert('pwned');\n")),
        ("leaflet.css", lambda d: (d / "leaflet.css").write_text("body{background:url(javascript:alert(1))}")),
        ("layers.png", lambda d: (d / "images" / "layers.png").write_bytes(b"\x89PNG not really")),
    ],
)
def test_a_tampered_leaflet_is_refused_not_inlined(leaflet_copy, report, what, tamper):
    import bordermap

    tamper(leaflet_copy)
    fmap = report.to_map()
    with pytest.raises(bordermap.OutputError, match=r"differs from Leaflet 1\.9\.3") as err:
        fmap.to_html()
    assert what in str(err.value) and "\n" not in str(err.value)
    fmap.to_html(cdn=True)  # a CDN page inlines nothing (the browser checks Leaflet's integrity hash)


def test_a_tampered_leaflet_writes_nothing(leaflet_copy, tmp_path):
    import bordermap

    (leaflet_copy / "leaflet.js").write_text("alert('pwned');")
    out = tmp_path / "out"
    with pytest.raises(bordermap.OutputError, match="differs from Leaflet"):
        bordermap.run_report([SEED], countries=("LTU", "BLR"), out=out)
    assert not out.exists() or not any(out.iterdir())


def test_the_untouched_copy_is_accepted(leaflet_copy, report):
    """The check refuses only changed bytes: the same files elsewhere are inlined."""
    html = report.to_map().to_html()
    js = (leaflet_copy / "leaflet.js").read_bytes().decode("utf-8")  # as it is (the CSS has CRLF line ends)
    css = (leaflet_copy / "leaflet.css").read_bytes().decode("utf-8")
    assert "<script>\n" + js[:2000] in html  # the copy's script, inlined as it is
    assert css[:300] in html and html.count('"1.9.3"') >= 1  # its stylesheet too, and Leaflet's version string
    assert not re.search(r"<(script|link)\b[^>]*(src|href)=[^>]*leaflet", html, re.I)  # no tag loads it from outside


def test_cached_assets_and_npmrc_have_no_effect(planted_cache, tmp_path):
    """Old versions took Leaflet from the cache (and npm read an .npmrc there): now neither is read."""
    assets = planted_cache / "assets"
    assets.mkdir()
    (assets / "leaflet.js").write_text("alert('from the cache');")
    (assets / "leaflet-1.9.3.tgz").write_bytes(b"not a tarball, alert('from the cache')")
    for folder in (planted_cache, assets):
        (folder / ".npmrc").write_text("registry=http://127.0.0.1:9/\n")
    out = tmp_path / "out"
    proc = cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), cache=planted_cache)
    assert proc.returncode == 0, proc.stderr
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "from the cache" not in page and "127.0.0.1:9" not in page


# --- cache trust (issue 24): a folder others can write is not read ----------------------------------------


def _forge_pair_entry(cache) -> float:
    """Write into ``cache`` a valid pair entry for LTU–BLR whose border is 1 km long (as someone else could)."""
    code = (
        "import dataclasses, bordermap\n"
        "from bordermap import _pair_cache\n"
        "from bordermap.data.world import world_countries_path\n"
        "key = _pair_cache.pair_key(world_countries_path(), 'LTU', 'BLR')\n"
        "entry = _pair_cache.load_entry(key)\n"
        "if entry is None:\n"
        f"    bordermap.run_report([r'{SEED}'], countries=('LTU', 'BLR'))\n"
        "    entry = _pair_cache.load_entry(key)\n"
        "entry.border = dataclasses.replace(entry.border, length_km=1.0)\n"
        "_pair_cache.store_entry(key, entry)\n"
        "print(_pair_cache.load_entry(key).border.length_km)\n"
    )
    env = dict(os.environ, BORDERMAP_CACHE=str(cache), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return float(proc.stdout.split()[-1])


def _border_km(cache, out) -> tuple[float, list[str]]:
    proc = cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), cache=cache)
    assert proc.returncode == 0, proc.stderr
    import json

    km = json.loads((out / "report.json").read_text(encoding="utf-8"))["border"]["length_km"]
    return km, [ln for ln in proc.stderr.splitlines() if "cache folder" in ln]


@pytest.mark.parametrize("how", ["world-writable", "group-writable", "another user's"])
def test_a_forged_pair_entry_in_an_untrusted_cache_is_not_used(planted_cache, tmp_path, how):
    assert _forge_pair_entry(planted_cache) == 1.0
    km, warned = _border_km(planted_cache, tmp_path / "trusted")
    assert km == 1.0 and warned == []  # a trusted folder's entry is used: proof that the forged entry is read
    if how == "world-writable":
        os.chmod(planted_cache, 0o777)
    elif how == "group-writable":
        os.chmod(planted_cache, 0o775)
    elif os.geteuid() == 0:
        os.chown(planted_cache, 12345, -1)
    else:
        pytest.skip("giving a folder to another user needs root")
    km, warned = _border_km(planted_cache, tmp_path / "untrusted")
    assert km == pytest.approx(671.8, abs=0.5)
    assert len(warned) == 1 and "not used, results are computed instead" in warned[0], warned
    want = {"world-writable": "mode 0o777", "group-writable": "mode 0o775", "another user's": "uid 12345"}[how]
    assert want in warned[0]


def test_cache_files_are_written_writable_by_their_owner_only(tmp_path, restore_settings):
    import numpy as np

    from bordermap._cache import read_arrays, write_arrays

    restore_settings.cache_folder = str(tmp_path / "c")
    old = os.umask(0o002)  # a user-private-group umask (Debian, Ubuntu)
    try:
        path = write_arrays(tmp_path / "c" / "sub" / "a.bmc", {"x": np.arange(3)}, {})
    finally:
        os.umask(old)
    assert oct(path.stat().st_mode & 0o777) == "0o644" and oct(path.parent.stat().st_mode & 0o777) == "0o755"
    assert read_arrays(path)[0]["x"].tolist() == [0, 1, 2]
