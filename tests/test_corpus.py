"""``bordermap corpus`` on real Dask clusters: a LocalCluster, and a scheduler with two workers started from the
command line on 127.0.0.1; a kill mid-run then a re-run; rejected records; the outputs in geopandas; the
time-slider map in headless Chromium with the network blocked.

The corpus is small (a few hundred articles made of the ten real articles of the repository: the five seeds
and the five of ``tests/articles``, under distinct ids and dates over twelve days) so that every test takes
seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest

from bordermap.corpus.inputs import Partition, plan_partitions, read_partition
from bordermap.corpus.partition import extract_tables
from bordermap.corpus.run import run_corpus
from bordermap.exc import ArgumentError
from bordermap.text.articles import Article
from bordermap.text.extractor import extract_places
from tests.conftest import ROOT

DAYS = 12
N_ARTICLES = 240
#: The bad records of the corpus: (what is wrong, the reason the rejected table must give).
BAD = {
    "bad-date": "bad date",
    "empty": "empty text",
    "not-utf8": "not UTF-8",
    "oversized": "oversized",
    "not-json": "not JSON",
}
MAX_BYTES = 20_000


def _texts() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*/article.txt"))
    return [Article.from_text(f.read_text(encoding="utf-8")).text for f in files]  # the body, no date line


def _records() -> list[dict[str, str]]:
    texts = _texts()
    start = dt.date(2021, 7, 1)
    return [
        {
            "id": f"a{k:04d}",
            "date": (start + dt.timedelta(days=k % DAYS)).isoformat(),
            "text": texts[k % len(texts)],
            "source": f"outlet{k % 3}",
            "url": f"https://example.org/{k}",
        }
        for k in range(N_ARTICLES)
    ]


def _write_jsonl(path: Path) -> Path:
    with open(path, "wb") as fh:
        for k, r in enumerate(_records()):
            fh.write(json.dumps(r).encode() + b"\n")
            if k == 50:
                fh.write(
                    json.dumps({"id": "bad-date", "date": "2021-02-30", "text": "Migrants reached Vilnius."}).encode()
                )
                fh.write(b"\n")
                fh.write(json.dumps({"id": "empty", "date": "2021-07-02", "text": " \n "}).encode() + b"\n")
            if k == 120:
                fh.write(b'{"id": "not-utf8", "date": "2021-07-03", "text": "Vilnius \xff\xfe border"}\n')
                fh.write(json.dumps({"id": "oversized", "date": "2021-07-03", "text": "Vilnius. " * 4000}).encode())
                fh.write(b"\n{this is not json\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl")


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    """The uninterrupted run on a real LocalCluster of two worker processes."""
    out = tmp_path_factory.mktemp("local")
    seen: list[int] = []
    result = run_corpus(
        [corpus],
        out=out,
        workers=2,
        articles_per_partition=30,
        max_article_bytes=MAX_BYTES,
        on_progress=lambda s: seen.append(s["index"]),
    )
    return result, seen


def _table(out: Path, name: str) -> pd.DataFrame:
    return pq.read_table(out / f"{name}.parquet").to_pandas()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_local_cluster_tables(local_run, corpus) -> None:
    """Each article's mentions are what the single-process extract_places finds; the tables add up."""
    result, seen = local_run
    out = result.out
    info = json.loads((out / "corpus.json").read_text())
    assert info["articles"] == N_ARTICLES and result.info["articles"] == N_ARTICLES
    assert sorted(seen) == list(range(info["run"]["partitions"])) and info["run"]["partitions"] >= 8
    assert info["run"]["workers"] == 2 and len(info["run"]["worker_memory"]) == 2  # both processes worked
    assert info["days"] == DAYS and info["first_day"] == "2021-07-01"

    mentions = gpd.read_parquet(out / "mentions.parquet")
    assert mentions.crs.to_epsg() == 4326
    resolved = mentions[~mentions["unresolved"]]
    assert (resolved.geometry.x.round(6) == resolved["lon"].round(6)).all()
    assert mentions[mentions["unresolved"]].geometry.isna().all()
    by_id = {r["id"]: r for r in _records()}
    for aid in ("a0000", "a0007", "a0123", "a0239"):
        rec = by_id[aid]
        expected = extract_places(Article(id=aid, text=rec["text"]))
        got = resolved[resolved["article_id"] == aid]
        assert [(m.text, m.start, m.end, m.place.name) for m in expected] == list(
            got[["text", "start", "end", "name"]].itertuples(index=False, name=None)
        )
        for row in got.itertuples():
            assert rec["text"][row.start : row.end] == row.text
            assert str(row.date) == rec["date"] and row.source == f"outlet{int(aid[1:]) % 3}"
    import pyarrow.parquet as pq

    meta = pq.read_metadata(out / "mentions.parquet")  # the GeoParquet metadata, as any GeoParquet reader reads it
    geo = json.loads(meta.metadata[b"geo"])
    column = geo["columns"][geo["primary_column"]]
    assert geo["primary_column"] == "geometry" and column["encoding"] == "WKB"
    assert column.get("crs") is None or column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    assert meta.num_rows == len(mentions)
    csv = pd.read_csv(out / "mentions.csv", keep_default_na=False)
    assert len(csv) == len(mentions) and list(csv["article_id"]) == list(mentions["article_id"])

    by_day = gpd.read_parquet(out / "places_by_day.parquet")
    assert by_day.crs.to_epsg() == 4326
    assert by_day["mentions"].sum() == len(resolved)
    vilnius = by_day[by_day["name"] == "Vilnius"]
    counted = resolved[resolved["name"] == "Vilnius"].groupby("date").size()
    assert dict(zip(vilnius["date"], vilnius["mentions"], strict=True)) == counted.to_dict()

    claims = _table(out, "claims")
    ltu = claims[(claims["kind"] == "border_length") & (claims["subject"] == "LTU BLR")]
    assert len(ltu) and set(ltu["verdict"]) <= {"consistent", "inconsistent"}
    assert (ltu["computed_km"].between(600, 750)).all()  # the Lithuania–Belarus border measured
    counts = claims[claims["kind"] == "count"]
    assert len(counts) and (counts["verdict"] == "unchecked").all()  # as a report gives them

    borders = _table(out, "border_mentions_by_day")
    assert "BLR–LTU" in set(borders["border"]) or "LTU–BLR" in set(borders["border"])
    assert (borders["mentions"] > 0).all()
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (out / "chart.svg").read_text()
    page = (out / "timeline.html").read_text()
    assert "<svg" in page and "BORDERMAP_TIMELINE" in page and "<script src=" not in page


def test_rejected_records(local_run) -> None:
    """Bad records are listed with the reason; the run went on."""
    out = local_run[0].out
    rejected = pd.read_csv(out / "rejected.csv", keep_default_na=False)
    assert len(rejected) == len(BAD) == local_run[0].info["rejected"]
    reasons = dict(zip(rejected["id"].replace("", "not-json"), rejected["reason"], strict=True))
    for rid, reason in BAD.items():
        assert reasons[rid].startswith(reason), (rid, reasons[rid])
    assert not set(BAD) & set(_table(out, "mentions")["article_id"])


def test_formats_give_the_same_articles(tmp_path, corpus) -> None:
    """A folder of .txt files, CSV and Parquet files hold the same articles as the JSON Lines file."""
    records = _records()[:40]
    frame = pd.DataFrame(records)
    frame.to_csv(tmp_path / "news.csv", index=False)
    frame.to_parquet(tmp_path / "news.parquet", row_group_size=7)
    tree = tmp_path / "tree"
    for r in records:
        f = tree / r["source"] / f"{r['id']}.txt"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f" date {r['date']} {r['text']}", encoding="utf-8")
    (tree / "outlet0" / "latin1.txt").write_bytes(" date 2021-07-01 Vilnius \xe9t\xe9.".encode("latin-1"))
    (tree / "outlet0" / "baddate.txt").write_text(" date 2021-99-01 Vilnius.", encoding="utf-8")

    def read(inputs: list[str], size: int) -> tuple[list[tuple[str, str, str]], list[str]]:
        good, bad = [], []
        for part in plan_partitions(inputs, articles_per_partition=size):
            got = read_partition(part, max_bytes=MAX_BYTES)
            good += [(g.article.id.rsplit("/", 1)[-1], str(g.article.date), g.article.text) for g in got.good]
            bad += [r["reason"] for r in got.rejected]
        return sorted(good), sorted(bad)

    want = sorted((r["id"], r["date"], r["text"]) for r in records)
    assert read([str(tmp_path / "news.csv")], 6) == (want, [])
    assert read([str(tmp_path / "news.parquet")], 5) == (want, [])
    assert read([str(tmp_path / "*.csv")], 1000) == (want, [])
    got, bad = read([str(tree)], 9)
    assert got == want and bad[0] == "bad date '2021-99-01'" and bad[1].startswith("not UTF-8") and len(bad) == 2
    # a JSON Lines file cut anywhere: every record read once
    n = sum(
        len(read_partition(p, max_bytes=MAX_BYTES).good)
        for p in plan_partitions([str(corpus)], articles_per_partition=3)
    )
    assert n == N_ARTICLES


def test_partition_tables_do_not_depend_on_the_cut(corpus) -> None:
    """The mentions of an article are the same whatever partition it falls in."""
    whole = Partition(0, "jsonl", (str(corpus),), 0, corpus.stat().st_size)
    a = extract_tables(read_partition(whole, max_bytes=MAX_BYTES).good[:25], [])["mentions"].to_pandas()
    b = pd.concat(
        extract_tables(read_partition(p, max_bytes=MAX_BYTES).good, [])["mentions"].to_pandas()
        for p in plan_partitions([str(corpus)], articles_per_partition=4)
    )
    b = b[b["article_id"].isin(set(a["article_id"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, *, timeout_s: float = 90.0) -> None:
    """Wait until something listens on 127.0.0.1:``port`` (a scheduler started a moment ago)."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert time.monotonic() < deadline, f"nothing listens on 127.0.0.1:{port} after {timeout_s:g} s"
        time.sleep(0.2)


def _same_tables(a: Path, b: Path) -> None:
    for name in ("mentions", "claims", "places_by_day", "border_mentions_by_day", "rejected"):
        pd.testing.assert_frame_equal(_table(a, name), _table(b, name), check_exact=True)
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name


@pytest.mark.slow
def test_command_line_scheduler_and_two_workers(local_run, corpus, tmp_path) -> None:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, then `bordermap corpus --scheduler`."""
    dask = Path(sys.executable).with_name("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = _env()
    procs = [
        subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        _wait_for_port(port)  # the scheduler listens before its workers and the command connect
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(dask),
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        out = tmp_path / "out"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "bordermap",
                "corpus",
                str(corpus),
                "--out",
                str(out),
                "--scheduler",
                address,
                "--workers",
                "2",
                "--partition-size",
                "30",
                "--max-article-bytes",
                str(MAX_BYTES),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    assert "bordermap: dashboard:" in proc.stderr
    assert f"{N_ARTICLES} article(s), {len(BAD)} rejected" in proc.stdout
    info = json.loads((out / "corpus.json").read_text())
    assert info["run"]["scheduler"] == address and info["run"]["workers"] == 2
    assert len(info["run"]["worker_memory"]) == 2
    _same_tables(local_run[0].out, out)


@pytest.mark.slow
def test_kill_mid_run_then_rerun(local_run, corpus, tmp_path) -> None:
    """SIGKILL to the whole run (client, cluster, workers) mid-way; the re-run skips what was done, same tables."""
    out = tmp_path / "out"
    args = [
        sys.executable,
        "-m",
        "bordermap",
        "corpus",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        "1",
        "--partition-size",
        "30",
        "--max-article-bytes",
        str(MAX_BYTES),
        "--quiet",
    ]
    n_parts = local_run[0].info["run"]["partitions"]
    proc = subprocess.Popen(args, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    done: list[Path] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            done = [p for p in (out / "parts").glob("*") if not p.name.startswith(".")] if out.exists() else []
            if done:
                break
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert done, "no partition finished before the kill"
    finished = [p for p in (out / "parts").glob("*") if not p.name.startswith(".")]
    assert 1 <= len(finished) < n_parts, "the kill came after the run"
    assert not (out / "mentions.parquet").exists()
    for p in finished:  # a finished partition is whole
        assert {f.name for f in p.iterdir()} == {
            "articles.parquet",
            "mentions.parquet",
            "claims.parquet",
            "places_by_day.parquet",
            "rejected.parquet",
            "judging.parquet",
            "summary.json",
        }
    rerun = subprocess.run(args, env=_env(), capture_output=True, text=True, timeout=240)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    info = json.loads((out / "corpus.json").read_text())
    assert info["run"]["skipped"] >= len(finished) and info["run"]["partitions"] == n_parts
    assert not list((out / "parts").glob(".*"))  # the partition in flight at the kill was cleaned up
    _same_tables(local_run[0].out, out)


def test_bad_input_is_one_line(tmp_path, corpus) -> None:
    def run(*args: str) -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "bordermap", "corpus", *args, "--out", str(tmp_path / "o")],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2
        return proc.stderr.strip().splitlines()

    assert run(str(tmp_path / "missing")) == [f"bordermap: error: {tmp_path / 'missing'}: no such file or folder"]
    port = _free_port()  # nothing listens there
    with pytest.raises(ArgumentError, match=rf"^--scheduler tcp://127.0.0.1:{port}: cannot connect"):
        run_corpus([corpus], out=tmp_path / "o2", scheduler=f"tcp://127.0.0.1:{port}", connect_timeout_s=1)


@pytest.mark.browser
def test_timeline_map_in_chromium(local_run) -> None:
    """The time-slider map renders offline: no request leaves the page, no console error; the slider moves the day."""
    from playwright.sync_api import sync_playwright

    from tests.hostile import ARGS, CHROMIUM

    out = local_run[0].out
    by_day = _table(out, "places_by_day")
    by_day = by_day[~by_day["kind"].isin(["country", "continent", "region", "feature"])]  # areas: not drawn
    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def route(r):
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto((out / "timeline.html").as_uri())
            page.wait_for_selector("html[data-bordermap-ready]", timeout=30_000)
            assert page.evaluate("document.documentElement.dataset.bordermapDay") == "2021-07-12"
            page.select_option("#bm-tl-window", "1")
            for k, day in ((0, "2021-07-01"), (4, "2021-07-05")):
                page.fill("#bm-tl-slider", str(k))  # an input event, as dragging the slider gives
                assert page.evaluate("document.documentElement.dataset.bordermapDay") == day
                drawn = dict(page.evaluate("bordermapTimeline.markers()"))
                want = by_day[by_day["date"].astype(str) == day].groupby("name")["mentions"].sum().to_dict()
                assert drawn == want
                assert day in page.inner_text("#bm-tl-label")
                n_paths = page.evaluate("document.querySelectorAll('.leaflet-overlay-pane canvas').length")
                assert n_paths >= 1
            page.click("#bm-tl-play")
            page.wait_for_function("document.documentElement.dataset.bordermapDay > '2021-07-05'", timeout=10_000)
            page.click("#bm-tl-play")
        finally:
            browser.close()
    assert blocked == [] and errors == []
