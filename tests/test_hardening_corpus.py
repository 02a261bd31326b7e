"""The corpus's inputs under hostile records and files (issue 24): each bad record rejected alone, with bounded work;
each bad file one rejected row naming it; the run goes on.

Real files (JSON Lines, CSV, Parquet, FIFOs, links, damaged pages) read by the real reader, and one real
``bordermap corpus`` run on a LocalCluster over all of them at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bordermap.corpus.inputs import parse_date, plan_partitions, read_partition
from tests.test_hardening_input import deadline

TEXT = "Migrants crossed from Belarus into Lithuania near Druskininkai on Monday."


def _read(*inputs: str | Path, size: int = 1000, max_bytes: int = 1_000_000) -> tuple[list[str], list[dict]]:
    """Every partition read: the ids kept, the rejected rows."""
    good: list[str] = []
    bad: list[dict] = []
    for part in plan_partitions([str(i) for i in inputs], articles_per_partition=size):
        got = read_partition(part, max_bytes=max_bytes)
        good += [g.article.id for g in got.good]
        bad += got.rejected
    return good, bad


def _reasons(bad: list[dict]) -> dict[str, str]:
    return {r["id"] or r["record"]: r["reason"] for r in bad}


def _jsonl(path: Path, rows: list[dict | bytes]) -> Path:
    with open(path, "wb") as fh:
        for r in rows:
            fh.write((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n")
    return path


def test_deep_json_nesting_is_one_rejected_record(tmp_path):
    deep = b'{"id": "deep", "date": "2021-07-01", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    path = _jsonl(
        tmp_path / "n.jsonl", [{"id": "a", "date": "2021-07-01", "text": TEXT}, deep, {"id": "b", "text": TEXT}]
    )
    with deadline(30):
        good, bad = _read(path)
    assert good == ["a", "b"]
    assert len(bad) == 1 and bad[0]["reason"] == "nested too deep: 100,001 levels (limit 32)", bad


def test_a_5_mb_csv_field_is_one_rejected_record(tmp_path):
    path = tmp_path / "n.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("id,date,text\n")
        fh.write(f"a,2021-07-01,{TEXT}\n")
        fh.write('huge,2021-07-01,"' + "Vilnius, \n" * 500_000 + '"\n')  # 5 MB quoted over 500,000 lines
        fh.write(f"b,2021-07-02,{TEXT}\n")
    with deadline(60):
        good, bad = _read(path, max_bytes=100_000)
    assert good == ["a", "b"]
    assert len(bad) == 1 and bad[0]["reason"].startswith("oversized: a CSV record of 5,000,0"), bad


def test_parquet_dates_out_of_range_are_rejected_rows(tmp_path):
    days = pa.array([18_809, 10**8, -(10**8), 18_810], type=pa.date32())  # 2021-07-01, past 9999, before 1, ok
    table = pa.table({"id": ["a", "far", "early", "b"], "date": days, "text": [TEXT] * 4})
    pq.write_table(table, tmp_path / "d.parquet")
    good, bad = _read(tmp_path / "d.parquet")
    assert good == ["a", "b"]
    reasons = _reasons(bad)
    assert set(reasons) == {"far", "early"}
    assert all(r.startswith("bad date") and "out of range" in r for r in reasons.values()), reasons


@pytest.mark.parametrize("value", ["20210712", "2021-W27-1", "2021-193", "2021-07-12garbage", "12/07/2021"])
def test_dates_are_strictly_yyyy_mm_dd(value):
    with pytest.raises(ValueError, match="bad date"):
        parse_date(value)


@pytest.mark.parametrize(
    "value", ["2021-07-12", "2021-07-12T08:30:00Z", "2021-07-12 08:30", "2021-07-12T08:30:00+02:00"]
)
def test_dates_with_a_time_are_kept(value):
    assert parse_date(value) == dt.date(2021, 7, 12)


def test_dict_and_bool_ids_and_duplicates_are_rejected(tmp_path):
    path = _jsonl(
        tmp_path / "ids.jsonl",
        [
            {"id": {"x": 1}, "date": "2021-07-01", "text": TEXT},
            {"id": True, "date": "2021-07-01", "text": TEXT},
            {"id": 7, "date": "2021-07-01", "text": TEXT},
            {"id": "a", "date": "2021-07-01", "text": TEXT},
            {"id": "a", "date": "2021-07-02", "text": TEXT + " Again."},
            {"id": "20210712", "date": "20210712", "text": TEXT},
        ],
    )
    good, bad = _read(path)
    assert good == ["7", "a"]
    reasons = [r["reason"] for r in bad]
    assert reasons[0] == "id is not text nor an integer (dict)"
    assert reasons[1] == "id is not text nor an integer (bool)"
    second_a = sum(len(line) + 1 for line in path.read_bytes().split(b"\n")[:4])  # the fifth line's offset
    assert reasons[2] == "duplicate id 'a' (the first record with it is kept)"
    assert bad[2]["record"] == f"{path}#byte {second_a}"
    assert reasons[3] == "bad date '20210712'"


def test_two_text_columns_reject_the_parquet_file(tmp_path):
    table = pa.Table.from_arrays([pa.array(["a"]), pa.array([TEXT]), pa.array(["other"])], names=["id", "text", "text"])
    pq.write_table(table, tmp_path / "two.parquet")
    good, bad = _read(tmp_path / "two.parquet")
    assert good == [] and len(bad) == 1
    assert bad[0]["file"] == str(tmp_path / "two.parquet")
    assert bad[0]["reason"] == "Parquet file with the column(s) text twice (which one to read?)"


def test_damaged_parquet_pages_reject_the_file_by_name(tmp_path):
    table = pa.table({"id": [f"a{i}" for i in range(100)], "date": ["2021-07-01"] * 100, "text": [TEXT] * 100})
    path = tmp_path / "dmg.parquet"
    pq.write_table(table, path, compression="zstd")
    raw = bytearray(path.read_bytes())
    for i in range(200, len(raw) // 2):  # the data pages; the footer stays readable
        raw[i] = (raw[i] * 7 + 13) % 256
    path.write_bytes(bytes(raw))
    (tmp_path / "ok.jsonl").write_text(json.dumps({"id": "ok", "text": TEXT}) + "\n")
    good, bad = _read(tmp_path)
    assert good == ["ok"] and len(bad) == 1
    assert bad[0]["file"] == str(path) and bad[0]["reason"].startswith("unreadable file:"), bad


def test_an_unreadable_footer_rejects_the_file(tmp_path):
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not parquet at all")
    (tmp_path / "ok.jsonl").write_text(json.dumps({"id": "ok", "text": TEXT}) + "\n")
    good, bad = _read(tmp_path)
    assert good == ["ok"] and bad[0]["reason"].startswith("not a readable Parquet file"), bad


def test_a_file_gone_during_the_run_is_one_rejected_row(tmp_path):
    a = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])
    b = _jsonl(tmp_path / "b.jsonl", [{"id": "b", "text": TEXT}])
    parts = plan_partitions([str(tmp_path)])
    b.unlink()
    got = [read_partition(p) for p in parts]
    assert [g.article.id for x in got for g in x.good] == ["a"]
    bad = [r for x in got for r in x.rejected]
    assert bad == [{"file": str(b), "record": str(b), "id": "", "reason": "unreadable file: No such file or directory"}]
    assert a.exists()


def test_globs_get_the_folder_checks(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    _jsonl(data / "a.jsonl", [{"id": "a", "text": TEXT}])
    os.mkfifo(data / "fifo.jsonl")
    (data / "zero.jsonl").symlink_to("/dev/zero")
    outside = _jsonl(tmp_path / "secret.jsonl", [{"id": "secret", "text": TEXT}])
    (data / "out.jsonl").symlink_to(outside)
    (data / "in.jsonl").symlink_to(data / "a.jsonl")  # the same file again, inside the folder: read once
    for inputs in ([str(data / "*.jsonl")], [str(data)]):
        with deadline(20):
            good, bad = _read(*inputs)
        assert good == ["a"], inputs
        reasons = {Path(r["file"]).name: r["reason"] for r in bad}
        assert reasons == {
            "fifo.jsonl": "not a regular file (FIFO)",
            "zero.jsonl": "not a regular file (character device)",
            "out.jsonl": "a link to a file outside the folder (not read)",
        }, inputs


def test_identical_files_keep_their_own_origins(tmp_path):
    rows = [{"id": "x", "date": "2021-07-01", "text": TEXT}]
    a = _jsonl(tmp_path / "a.jsonl", rows)
    b = _jsonl(tmp_path / "b.jsonl", [{"id": "y", "date": "2021-07-01", "text": TEXT}])
    b.write_bytes(a.read_bytes())
    digests = [read_partition(p).digest for p in plan_partitions([str(a), str(b)])]
    assert len(set(digests)) == 2


def test_a_corpus_run_over_every_bad_input_goes_on(tmp_path):
    """One real run on a LocalCluster: every bad record and file is one row of rejected.csv, the rest is counted."""
    from bordermap.corpus.run import run_corpus

    src = tmp_path / "in"
    src.mkdir()
    deep = b'{"id": "deep", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    _jsonl(src / "a.jsonl", [{"id": "a1", "date": "2021-07-01", "text": TEXT}, deep, {"id": True, "text": TEXT}])
    _jsonl(src / "b.jsonl", [{"id": "a1", "date": "2021-07-02", "text": TEXT}, {"id": "b1", "text": TEXT}])
    pq.write_table(
        pa.table({"id": ["p1", "far"], "date": pa.array([18_809, 10**8], type=pa.date32()), "text": [TEXT] * 2}),
        src / "c.parquet",
    )
    os.mkfifo(src / "fifo.csv")
    (src / "zero.jsonl").symlink_to("/dev/zero")
    with deadline(240):
        res = run_corpus([str(src)], out=tmp_path / "out", workers=1, articles_per_partition=2)
    rejected = pd.read_csv(tmp_path / "out" / "rejected.csv", keep_default_na=False)
    assert res.info["articles"] == 3 and res.info["rejected"] == len(rejected) == 6, rejected
    reasons = sorted(rejected["reason"].str.split(" ").str[0])
    assert reasons == ["bad", "duplicate", "id", "nested", "not", "not"], rejected
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv", keep_default_na=False)
    assert set(mentions["article_id"]) <= {"a1", "b1", "p1"}
    assert (mentions["article_id"] == "a1").sum() == (mentions["article_id"] == "b1").sum()  # a1 counted once


# --- outputs: one mechanism with the report (lock, staged set, roll-back), deterministic files ------------


def _corpus_cli(*args: str, strace: tuple[str, ...] = ()) -> list[str]:
    import sys

    from tests.conftest import ROOT
    from tests.outputs_driver import strace_cmd

    cmd = [sys.executable, "-m", "bordermap", "corpus", *args, "--workers", "1"]
    return (strace_cmd(*strace) if strace else []) + cmd, dict(os.environ, PYTHONPATH=str(ROOT)), ROOT


def _run_cli(*args: str, strace: tuple[str, ...] = ()):
    import subprocess

    cmd, env, root = _corpus_cli(*args, strace=strace)
    return subprocess.run(cmd, env=env, cwd=root, capture_output=True, text=True, timeout=600)


def _whole(out: Path) -> str:
    """The run id of ``out`` if every file is the one its corpus.json lists (fails on a mix or a missing file)."""
    from bordermap.corpus.tables import output_files
    from tests.outputs_driver import run_ids

    manifest = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(output_files()) - {"corpus.json"}
    ids = run_ids(out, tuple(manifest["files"]))
    assert set(ids.values()) == {manifest["run_id"]}, ids
    return str(manifest["run_id"])


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "n.jsonl"
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    rows = [
        {"id": f"s{k}", "date": f"2021-07-{10 + k:02d}", "text": f.read_text(encoding="utf-8").split("\n", 1)[-1]}
        for k, f in enumerate(seeds)
    ]
    return _jsonl(path, rows)


def test_two_corpus_runs_write_the_same_bytes(small_corpus, tmp_path):
    for out in ("a", "b"):
        proc = _run_cli(str(small_corpus), "--out", str(tmp_path / out))
        assert proc.returncode == 0, proc.stderr
    names = [p.name for p in (tmp_path / "a").iterdir() if p.suffix in (".parquet", ".csv")]
    assert len(names) == 10
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert _whole(tmp_path / "a") != _whole(tmp_path / "b")


def test_two_concurrent_corpus_runs_never_mix(small_corpus, tmp_path):
    """Two runs into one --out at once: the second waits for the first's lock; the folder ends whole."""
    import subprocess

    out = tmp_path / "out"
    procs = []
    for near in ("25", "5"):
        cmd, env, root = _corpus_cli(str(small_corpus), "--out", str(out), "--near-km", near)
        procs.append(
            subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        )
    errs = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    _whole(out)
    from bordermap import _outputs

    assert _outputs.orphans(out) == [] and not list((out / "parts").glob(".*"))


def test_a_failed_rename_keeps_the_previous_corpus_set(small_corpus, tmp_path):
    """The swap's 4th rename fails (strace injects EACCES): every rename is undone, the first run's set stays whole."""
    out = tmp_path / "out"
    proc = _run_cli(str(small_corpus), "--out", str(out), "--near-km", "25")
    assert proc.returncode == 0, proc.stderr
    before = _whole(out)
    proc = _run_cli(str(small_corpus), "--out", str(out), "--near-km", "5", strace=("rename:error=EACCES:when=4",))
    errors = [ln for ln in proc.stderr.splitlines() if "error" in ln.lower() or "Traceback" in ln]
    assert proc.returncode == 2 and len(errors) == 1 and errors[0].startswith("bordermap: error:"), proc.stderr
    assert errors[0].endswith("cannot replace outputs (Permission denied); previous outputs kept")
    assert _whole(out) == before
    assert json.loads((out / "corpus.json").read_text(encoding="utf-8"))["near_km"] == 25


# --- network waits bounded, Dask's tracebacks in a log file, a full disk in one line -----------------------


@pytest.fixture
def fake_scheduler(request):
    """A misbehaving scheduler (``tests/scheduler_faults.py``) on 127.0.0.1: its address."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.scheduler_faults", request.param], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        yield f"tcp://127.0.0.1:{proc.stdout.readline().strip()}"
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize(
    ("fake_scheduler", "message"),
    [
        ("silent", "no answer within 2 s (connect_timeout_s)"),
        ("huge", "not a Dask scheduler (its first message says 1,099,511,627,776 bytes, at most 1,048,576 expected)"),
        ("garbage", "cannot connect ("),
    ],
    indirect=["fake_scheduler"],
)
def test_a_scheduler_that_misbehaves_is_one_line_in_time(fake_scheduler, message, small_corpus, tmp_path):
    import time

    from bordermap.corpus.run import run_corpus
    from bordermap.exc import ArgumentError

    t0 = time.monotonic()
    with deadline(60), pytest.raises(ArgumentError) as err:
        run_corpus([small_corpus], out=tmp_path / "o", scheduler=fake_scheduler, connect_timeout_s=2)
    assert time.monotonic() - t0 < 8
    assert str(err.value).startswith(f"--scheduler {fake_scheduler}: {message}") and "\n" not in str(err.value)


@pytest.fixture
def tiny_disk(tmp_path, request):
    """A tmpfs of ``request.param`` bytes (needs root and mount; skipped otherwise)."""
    import subprocess

    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={request.param}", "tmpfs", str(mnt)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.parametrize("tiny_disk", ["12k", "64k"], indirect=True)  # full at the partitions, at the assembly
def test_a_full_disk_is_one_line_and_dask_tracebacks_go_to_the_log(tiny_disk, small_corpus):
    out = tiny_disk / "out"
    proc = _run_cli(str(small_corpus), "--out", str(out))
    noise = [ln for ln in proc.stderr.splitlines() if not ln.startswith(("partitions", "bordermap: ")) and ln.strip()]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("bordermap: error:")]
    assert proc.returncode == 2 and len(errors) == 1 and noise == [], proc.stderr
    assert "No space left on device" in errors[0]
    if "partition tables" in errors[0]:
        assert "Compute Failed" in (out / "dask-workers.log").read_text(encoding="utf-8")
    assert not (out / "corpus.json").exists()
