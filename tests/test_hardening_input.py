"""Bounded work and safe reading on any input (issue 15): claims, article files, names, API misuse."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import warnings
from contextlib import contextmanager

import pytest

import bordermap
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "004_08f2487d190f4389.txt"


@contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def fail(*_):
        raise AssertionError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def cli(*args: str | bytes, cwd=None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bordermap", *args], cwd=cwd or ROOT, env=env, capture_output=True, timeout=300
    )


# --- claims: bounded work and output ------------------------------------------------------------


def test_too_many_claims_is_one_line_error(tmp_path):
    text = "Lithuania and Belarus: " + "680 km " * 30_000  # 210 KB, one sentence
    with deadline(60), pytest.raises(bordermap.DataError, match="more than 10000 quantities") as err:
        bordermap.extract_claims(text)
    assert "\n" not in str(err.value) and "max_claims_per_article" in str(err.value)


def test_claims_keep_a_short_context_not_the_sentence(restore_settings):
    restore_settings.max_claims_per_article = 5_000
    text = "Lithuania has a border with Belarus of " + "680 km, " * 4_000 + "and more."  # one 36 KB sentence
    claims = bordermap.extract_claims(text)
    assert len(claims) == 4_000
    assert max(len(c.sentence) for c in claims) <= 2 * 160 + 10
    mid = claims[2_000]
    assert mid.sentence.startswith("…") and mid.sentence.endswith("…") and mid.text in mid.sentence
    assert claims[0].sentence.startswith("Lithuania has a border")
    assert sum(len(c.sentence) for c in claims) < 2_000_000  # not 4,000 copies of the sentence (144 MB)


def test_the_limit_is_a_setting(restore_settings):
    restore_settings.max_claims_per_article = 3
    assert len(bordermap.extract_claims("A 5 km wall, a 6 km fence, 7 km away.")) == 3
    with pytest.raises(bordermap.DataError, match="more than 3 quantities"):
        bordermap.extract_claims("A 5 km wall, a 6 km fence, 7 km away, 8 km long.")


# --- article files ----------------------------------------------------------------------------


def test_fifo_in_a_folder_is_skipped_not_waited_for(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(tmp_path / "b.txt")
    with deadline(20), pytest.warns(UserWarning, match=r"b\.txt: not a regular file"):
        arts = bordermap.read_articles(tmp_path)
    assert [a.id for a in arts] == ["a"]
    with deadline(20), pytest.raises(bordermap.InputFileError, match="not a regular file"):
        bordermap.Article.from_path(tmp_path / "b.txt")


def test_links_out_of_the_folder_are_not_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "passwd.txt").symlink_to("/etc/passwd")
    (tmp_path / "same.txt").symlink_to(tmp_path / "a.txt")  # inside the folder: read
    with deadline(20), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        arts = bordermap.read_articles(tmp_path)
    assert sorted(a.id for a in arts) == ["a", "same"]
    skipped = sorted(str(w.message) for w in seen)
    assert len(skipped) == 2 and all("outside the folder" in m for m in skipped), skipped
    with deadline(20), pytest.raises(bordermap.InputFileError, match="not a regular file"):
        bordermap.Article.from_path("/dev/zero")  # named explicitly: a device is still refused, unread


def test_at_most_the_limit_plus_one_byte_is_read(restore_settings):
    restore_settings.max_article_bytes = 100
    # /proc files claim a size of 0: only reading tells; the read stops at 101 bytes
    with pytest.raises(bordermap.InputFileError, match="more than 100 bytes, too large for an article"):
        bordermap.Article.from_path("/proc/self/maps")


def test_large_file_refused_before_reading(tmp_path, restore_settings):
    restore_settings.max_article_bytes = 1_000
    f = tmp_path / "big.txt"
    f.write_text("Vilnius. " * 200)
    with pytest.raises(bordermap.InputFileError, match="1,800 bytes is too large for an article"):
        bordermap.Article.from_path(f)


def test_one_bad_byte_is_replaced_the_rest_stays_utf8(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(
        "Migrants crossed the border near Dieveniškės in Lithuania \xff today.".encode().replace(b"\xc3\xbf", b"\xff")
    )
    with pytest.warns(UserWarning, match=r"1 byte\(s\) not UTF-8 \(first at byte 60\)"):
        a = bordermap.Article.from_path(f)
    assert a.text == "Migrants crossed the border near Dieveniškės in Lithuania \ufffd today."
    assert "Dieveniškės" in [m.place.name for m in bordermap.extract_places(a)]


def test_odd_file_names_and_places_print_and_write(tmp_path):
    arts = tmp_path / b"arts\xe9".decode("utf-8", "surrogateescape")
    arts.mkdir()
    latin1 = os.path.join(os.fsencode(arts), b"caf\xe9.txt")
    with open(latin1, "wb") as fh:
        fh.write(SEED.read_bytes())
    out = tmp_path / "o"
    proc = cli(
        b"report", os.fsencode(arts), b"--countries", b"LTU", b"BLR", b"--out", os.fsencode(out), b"--place", b"\xff"
    )
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in rep["articles"]] == ["caf\\xe9"]
    assert [u["name"] for u in rep["unresolved"]] == ["\ufffd"]


def test_a_newline_in_a_name_cannot_forge_an_error_line(tmp_path):
    bad = tmp_path / "x\nbordermap: error: all your files are gone.txt"
    bad.write_text("  ")
    proc = cli("report", str(bad), "--countries", "LTU", "BLR", "--out", str(tmp_path / "o"))
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, lines
    assert lines[0].startswith("bordermap: error: ") and "x\\nbordermap: error: all your" in lines[0]
    assert "empty article" in lines[0]


# --- API misuse ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: bordermap.extract_places(b"Vilnius"),
        lambda: bordermap.extract_places(None),
        lambda: bordermap.extract_claims(None),
        lambda: bordermap.extract_claims(b"680 km"),
        lambda: bordermap.Article(id="a", text=None),
        lambda: bordermap.Article(id=None, text="Vilnius"),
        lambda: bordermap.read_articles(42),
        lambda: bordermap.read_articles([None]),
    ],
)
def test_wrong_types_are_one_line_typed_errors(call):
    with pytest.raises(bordermap.ArgumentTypeError) as err:
        call()
    assert isinstance(err.value, TypeError) and isinstance(err.value, bordermap.BordermapError)
    assert "\n" not in str(err.value) and "expected" in str(err.value)


def test_a_plain_string_path_is_one_folder(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    assert [a.id for a in bordermap.read_articles(str(tmp_path))] == ["a"]
    assert [a.id for a in bordermap.read_articles(tmp_path)] == ["a"]
    rep = bordermap.run_report(str(tmp_path), countries=("LTU", "BLR"))
    assert [a.id for a in rep.articles] == ["a"]
    rep = bordermap.run_report(paths=str(tmp_path / "a.txt"), countries=("LTU", "BLR"))
    assert [a.id for a in rep.articles] == ["a"]


# --- numeric options out of range (issue 24): one line naming the option and the range -------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("report", str(SEED), "--countries", "LTU", "BLR", "--zone-km", "1e9"), "--zone-km 1e+09"),
        (("report", str(SEED), "--countries", "LTU", "BLR", "--zone-km", "-5"), "--zone-km -5"),
        (("report", str(SEED), "--countries", "LTU", "BLR", "--zone-km", "nan"), "--zone-km nan"),
        (("corpus", str(SEED), "--out", "x", "--near-km", "inf"), "--near-km inf"),
        (("corpus", str(SEED), "--out", "x", "--near-km", "-1"), "--near-km -1"),
        (("corpus", str(SEED), "--out", "x", "--workers", "0"), "--workers 0"),
        (("corpus", str(SEED), "--out", "x", "--partition-size", "-3"), "--partition-size -3"),
        (("corpus", str(SEED), "--out", "x", "--max-borders", "-1"), "--max-borders -1"),
        (("corpus", str(SEED), "--out", "x", "--max-article-bytes", "0"), "--max-article-bytes 0"),
        (("border", "LTU", "BLR", "--tolerance-m=-inf"), "--tolerance-m -inf"),
        (("border", "LTU", "BLR", "--tolerance-m", "nan"), "--tolerance-m nan"),
    ],
)
def test_out_of_range_options_are_one_line_range_errors(tmp_path, args, option):
    proc = cli(*args, cwd=tmp_path)
    lines = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"bordermap: error: {option}: out of range (allowed: "), lines
    assert not (tmp_path / "x").exists() and not (tmp_path / "bordermap-out").exists()  # refused before any work


def test_the_widest_zone_is_computed(tmp_path):
    out = tmp_path / "o"
    proc = cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), "--zone-km", "1000")
    assert proc.returncode == 0, proc.stderr
    assert (out / "zone.geojson").is_file()
    with pytest.raises(bordermap.ArgumentError, match=r"zone_km=1000\.5: out of range"):
        bordermap.run_report(SEED, countries=("LTU", "BLR"), zone_km=1000.5)
