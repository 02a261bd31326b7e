"""The bad-input catalogue: each case gives a one-line error naming the input, a typed
exception from the API, a non-zero CLI exit without traceback, and no partial output."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import warnings

import pytest

import bordermap
from tests.conftest import ROOT, SEEDS, run_cli

SEED = SEEDS / "004_08f2487d190f4389.txt"


def one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert proc.returncode != 0, proc.stdout
    lines = [ln for ln in proc.stderr.strip().splitlines() if not ln.startswith("bordermap: warning:")]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


# --- countries -------------------------------------------------------------------------


def test_unknown_country_cli_suggests(tmp_path):
    proc = run_cli("border", "Lithuana", "BLR")
    one_line_error(proc, "unknown country 'Lithuana'", "Lithuania")


def test_same_country_twice(countries):
    with pytest.raises(bordermap.NoSharedBorderError, match="same country"):
        bordermap.shared_border("BLR", "Belarus", countries)


def test_no_shared_border_gives_distance():
    proc = run_cli("border", "EST", "BLR")
    one_line_error(proc, "share no land border", "km apart")


def test_only_at_sea_is_not_a_land_border(countries):
    # Estonia and Latvia share a land border; Poland and Lithuania too; Poland and Latvia do not meet
    with pytest.raises(bordermap.NoSharedBorderError):
        bordermap.shared_border("POL", "LVA", countries)


@pytest.mark.parametrize("bad", [float("nan"), -5.0, 0.0])
def test_bad_tolerance(countries, bad):
    with pytest.raises(ValueError, match="tolerance_m"):
        bordermap.shared_border("LTU", "BLR", countries, tolerance_m=bad)


# --- article files -----------------------------------------------------------------------


def test_empty_article(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("   \n")
    with pytest.raises(bordermap.InputFileError, match="empty article"):
        bordermap.Article.from_path(f)
    one_line_error(run_cli("report", str(f), "--out", str(tmp_path / "o")), str(f), "empty")
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_binary_skipped_with_warning_then_fails_if_nothing_left(tmp_path):
    folder = tmp_path / "arts"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    with pytest.warns(UserWarning, match="binary"):
        arts = bordermap.read_articles([folder])
    assert [a.id for a in arts] == ["b"]
    (folder / "b.txt").write_bytes(b"\x00\x01\x02")
    proc = run_cli("report", str(folder), "--out", str(tmp_path / "o"))
    one_line_error(proc, "no readable article")


def test_cp1252_is_decoded_with_warning(tmp_path):
    f = tmp_path / "legacy.txt"
    f.write_bytes("Migrants reached Šumskas – near Vilnius’ border.".encode("cp1252"))
    with pytest.warns(UserWarning, match="cp1252"):
        art = bordermap.Article.from_path(f)
    assert "Šumskas –" in art.text and "’" in art.text


def test_enormous_article_is_handled(tmp_path):
    f = tmp_path / "huge.txt"
    body = SEED.read_text(encoding="utf-8")
    with f.open("w", encoding="utf-8") as fh:
        while fh.tell() < 10_000_000:
            fh.write(body)
    art = bordermap.Article.from_path(f)
    assert len(art.text) >= 9_000_000


def test_folder_without_txt(tmp_path):
    (tmp_path / "notes.md").write_text("# nothing")
    with pytest.raises(bordermap.InputFileError, match=r"no \.txt"):
        bordermap.read_articles([tmp_path])


def test_malformed_date_line(tmp_path):
    f = tmp_path / "d.txt"
    f.write_text(" date 2021-13-45 Lithuania says it will act.", encoding="utf-8")
    with pytest.warns(UserWarning, match="malformed date"):
        art = bordermap.Article.from_path(f)
    assert art.date is None and art.text.startswith("Lithuania")


def test_missing_article_file(tmp_path):
    one_line_error(run_cli("report", str(tmp_path / "nope.txt")), "nope.txt", "no such file")


# --- datasets --------------------------------------------------------------------------


def _fc(features):
    return json.dumps({"type": "FeatureCollection", "features": features})


def _square(x0, y0, size=1.0):
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


@pytest.mark.parametrize(
    ("content", "error", "needle"),
    [
        ("{not json", bordermap.DataError, "not valid JSON"),
        ('{"type": "Topology"}', bordermap.DataError, "not a GeoJSON"),
        (_fc([{"type": "Feature", "properties": {"kind": "x"}, "geometry": None}]), bordermap.DataError, "column"),
        (
            _fc(
                [
                    {
                        "type": "Feature",
                        "properties": {"iso_a3": "AAA"},
                        "geometry": {"type": "Polygon", "coordinates": _square(500000, 6000000, 1000)},
                    }
                ]
            ),
            bordermap.DataError,
            "projected",
        ),
        (
            _fc([{"type": "Feature", "properties": {"iso_a3": "AAA"}, "geometry": None}]),
            bordermap.DataError,
            "no feature has a geometry",
        ),
    ],
)
def test_bad_datasets(tmp_path, content, error, needle):
    f = tmp_path / "d.geojson"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(error, match=needle):
        bordermap.load_countries(f)
    one_line_error(run_cli("border", "AAA", "BBB", "--dataset", str(f)), str(f))


def test_invalid_polygons_repaired_with_warning(tmp_path):
    bowtie = [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]
    dup = [[[2, 0], [2, 0], [4, 0], [4, 2], [2, 2], [2, 2], [2, 0]]]
    feats = [
        {"type": "Feature", "properties": {"iso_a3": "AAA"}, "geometry": {"type": "Polygon", "coordinates": bowtie}},
        {"type": "Feature", "properties": {"iso_a3": "BBB"}, "geometry": {"type": "Polygon", "coordinates": dup}},
        {"type": "Feature", "properties": {"iso_a3": "CCC"}, "geometry": None},
    ]
    f = tmp_path / "d.geojson"
    f.write_text(_fc(feats), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = bordermap.load_countries(f)
    msgs = " ".join(str(w.message) for w in caught)
    assert "make_valid" in msgs and "without geometry" in msgs
    assert list(frame.iso_a3) == ["AAA", "BBB"] and frame.geometry.is_valid.all()


def test_unclosed_ring_is_closed_with_warning(tmp_path):
    f = tmp_path / "d.geojson"
    ring = [[[0, 0], [1, 0], [1, 1]]]
    geom = {"type": "Polygon", "coordinates": ring}
    f.write_text(_fc([{"type": "Feature", "properties": {"iso_a3": "AAA"}, "geometry": geom}]))
    with pytest.warns(UserWarning, match="unclosed ring"):
        frame = bordermap.load_countries(f)
    assert frame.geometry.iloc[0].is_valid and frame.geometry.iloc[0].area == pytest.approx(0.5)


def test_dataset_missing_or_directory(tmp_path):
    one_line_error(run_cli("border", "LTU", "BLR", "--dataset", str(tmp_path / "x.gpkg")), "x.gpkg", "no such file")
    one_line_error(run_cli("border", "LTU", "BLR", "--dataset", str(tmp_path)), "is a directory")


# --- outputs ---------------------------------------------------------------------------


def test_out_is_an_existing_file(tmp_path):
    f = tmp_path / "taken"
    f.write_text("keep me")
    one_line_error(
        run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(f)), "exists and is not a folder"
    )
    assert f.read_text() == "keep me"


def test_out_unwritable(tmp_path):
    # /proc refuses new folders even to root: a real unwritable place
    one_line_error(
        run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", "/proc/self/bm-out"), "--out", "cannot"
    )


def test_out_under_a_file_is_unwritable(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    one_line_error(
        run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(f / "sub")), "--out", "cannot"
    )


def test_disk_full_keeps_previous_outputs(tmp_path):
    out = tmp_path / "out"
    ok = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def limit() -> None:  # a real failing write: the kernel refuses bytes past 64 KB per file
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("Vilnius", "Kaunas"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bordermap", "report", str(other), "--countries", "LTU", "BLR", "--out", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        env=env,
        timeout=300,
    )
    one_line_error(proc, "cannot write")
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # nothing lost, nothing half-written, no temporary files left


def test_geocode_empty_name():
    one_line_error(run_cli("geocode", ""), "empty")


# --- fence sections, tolerances, unresolved places, --debug ---------------------------


def _no_files(folder):
    return not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("flag", "needles"),
    [
        ("--fence=10:5", ("10–5", "reversed")),
        ("--fence=0:9999", ("9999", "outside the border")),
        ("--fence=-5:10", ("-5", "outside the border")),
        ("--fence -5:10", ("-5", "outside the border")),  # a negative start needs no '='
        ("--fence 5:-10", ("-10", "outside the border")),
        ("--fence=nan:10", ("nan", "number of km")),
        ("--fence=10-120", ("10-120", "no such fence file")),
        ("--zone-km=-1", ("--zone-km -1", "out of range", "more than 0")),
        ("--zone-km=nan", ("--zone-km nan", "out of range")),
        ("--zone-km=inf", ("--zone-km inf", "at most 1,000 km")),
    ],
)
def test_bad_fence_and_zone_cli(tmp_path, flag, needles):
    out = tmp_path / "o"
    proc = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), *flag.split())
    one_line_error(proc, *needles)
    assert proc.returncode == 2 and proc.stdout == ""
    assert _no_files(out)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"fence": [(10, 5)]}, "reversed"),
        ({"fence": [(0, 9999)]}, "outside the border"),
        ({"fence": [(0, float("nan"))]}, "number of km"),
        ({"fence": [(1,)]}, "pair"),
        ({"fence": 5}, "sequence"),
        ({"zone_km": -1.0}, "positive"),
        ({"zone_km": float("nan")}, "positive"),
        ({"zone_km": float("inf")}, "finite"),
        ({"zone_km": "5"}, "positive"),
    ],
)
def test_bad_fence_and_zone_api(tmp_path, kwargs, needle):
    out = tmp_path / "o"
    with pytest.raises(bordermap.ArgumentError, match=needle) as err:
        bordermap.run_report([SEED], countries=("LTU", "BLR"), out=out, **kwargs)
    assert isinstance(err.value, ValueError) and "\n" not in str(err.value)
    assert _no_files(out)


def test_missing_fence_file(tmp_path):
    out = tmp_path / "o"
    proc = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), "--fence", "nofence.geojson")
    one_line_error(proc, "nofence.geojson", "no such fence file")
    assert _no_files(out)


def test_unresolved_place_is_listed_and_the_run_goes_on(tmp_path):
    out = tmp_path / "o"
    proc = run_cli(
        "report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out),
        "--place", "Medininkai", "--place", "Atlantisville", "--place", " ",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if ln.startswith("bordermap: warning: place")]
    assert len(warned) == 2 and "'Atlantisville': unresolved" in warned[0]
    assert "unresolved: 'Atlantisville': geocode: no place called 'Atlantisville'" in proc.stdout
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [u["name"] for u in rep["unresolved"]] == ["Atlantisville", " "]
    assert "empty place name" in rep["unresolved"][1]["reason"]
    medininkai = [p for p in rep["places"] if p["name"] == "Medininkai"]
    assert len(medininkai) == 1 and medininkai[0]["country"] == "LTU" and medininkai[0]["mentions"] == []
    assert {p.name for p in out.iterdir()} == set(bordermap.report.OUTPUT_FILES)


def test_unresolved_place_by_nominatim(tmp_path, restore_settings):
    from bordermap._cache import cache_dir
    from tests.nominatim_faults import FaultServer

    cache = tmp_path / "cache"  # a fresh geocoding cache; the gazetteer & world file linked from the real one
    cache.mkdir()
    for entry in cache_dir().iterdir():
        if entry.name != "nominatim":
            (cache / entry.name).symlink_to(entry)
    srv = FaultServer(outcomes={"ok": 1}).start()  # answers [] for names it does not know
    s = restore_settings
    s.nominatim_domain, s.nominatim_scheme, s.nominatim_min_delay_s = srv.domain, "http", 0.0
    s.cache_folder = cache
    try:
        with pytest.warns(UserWarning, match="unresolved"):
            rep = bordermap.run_report(
                [SEED], countries=("LTU", "BLR"), extra_places=["place-3", "Xyzzy"], geocoder="nominatim"
            )
    finally:
        srv.stop()
    assert rep.unresolved == [{"name": "Xyzzy", "reason": "geocode: no place called 'Xyzzy' found by Nominatim"}]
    assert rep.places.set_index("name").loc["place-3", "source"] == "nominatim"
    assert len(srv.log) == 2


def test_debug_shows_the_traceback(tmp_path):
    proc = run_cli("--debug", "report", str(SEED), "--countries", "LTU", "BLR", "--fence", "10:5")
    assert proc.returncode != 0
    assert "Traceback (most recent call last)" in proc.stderr
    assert "bordermap.exc.ArgumentError: section 10–5 km is reversed" in proc.stderr


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_geocode_blank_names(name):
    one_line_error(run_cli("geocode", name), "empty place name")
    with pytest.raises(bordermap.GeocodingError, match="empty place name"):
        bordermap.geocode(name)
    with pytest.raises(LookupError):
        bordermap.geocode(name)


def test_geocode_unknown_name_goes_on_with_the_others():
    proc = run_cli("geocode", "Xyzzyville", "Vilnius")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "bordermap: error: geocode: no place called 'Xyzzyville' in the offline gazetteer"
    assert proc.stdout.splitlines()[1].startswith("Vilnius\t54.6")


def test_number_too_large_for_a_float_is_not_a_claim(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(f"Lithuania has a {'9' * 400} km-long border with Belarus near Vilnius, and a 550 km fence.")
    assert [c.km for c in bordermap.extract_claims(f.read_text())] == [550.0]
    rep = bordermap.run_report([f], out=tmp_path / "o")  # report.json is strict JSON: no inf
    assert json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))["countries"] == ["LTU", "BLR"]
    assert rep.claims and all(c.km == 550.0 for c in rep.claims)
