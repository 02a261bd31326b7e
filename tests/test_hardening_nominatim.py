"""A Nominatim client that cannot be abused (issue 15): hostile answers from a local server on 127.0.0.1.

Redirects to another host, bodies of 100 MB, bodies that never end (slowly or fast), a
``Retry-After`` of a day, unparseable answers, and a read-only or damaged cache.  geopy's real
Nominatim client with bordermap's bounded adapter; no network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import time
import warnings
from http.server import ThreadingHTTPServer

import pytest

import bordermap
from bordermap._nominatim import CachedNominatim
from tests.conftest import SEEDS
from tests.nominatim_faults import JsonHandler, answer_for

GOOD = json.dumps(answer_for("place-1")).encode()


class _Handler(JsonHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802
        _, params = self.query()
        q = params.get("q", "")
        srv = self.server
        with srv.lock:
            srv.log.append((time.monotonic(), q))
            plan = srv.plans.get(q, [])
            kind = plan.pop(0) if plan else "ok"
        if kind == "redirect":
            self._send(302, b"", {"Location": f"http://127.0.0.1:{srv.other_port}/search?q={q}&format=json"})
        elif kind == "huge":  # announces 100 MB (and would send them)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(100_000_000))
            self.end_headers()
            self._stream(fast=True, limit=100_000_000)
        elif kind in ("flood", "drip"):  # no length: the body ends when the connection does
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self._stream(fast=kind == "flood", limit=10**12)
        elif kind == "retry-day":
            self._send(429, b'{"error": "come back tomorrow"}', {"Retry-After": "86400"})
        elif kind == "html":
            self._send(200, b"<!doctype html><title>Maintenance</title>" + b"x" * 10_000, {"Content-Type": "text/html"})
        else:
            self._send(200, GOOD)

    def _stream(self, *, fast: bool, limit: int) -> None:
        block = b"[" + b" " * 65_535
        sent = 0
        try:
            while sent < limit:
                self.wfile.write(block if fast else b" ")
                sent += len(block) if fast else 1
                if not fast:
                    time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            with self.server.lock:
                self.server.sent.append(sent)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still streaming does not hold the test up

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[float, str]] = []
        self.plans: dict[str, list[str]] = {}
        self.sent: list[int] = []
        self.other_port = 0


@pytest.fixture
def servers(restore_settings, tmp_path):
    main, other = _Server(), _Server()
    main.other_port = other.server_address[1]
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True) for s in (main, other)
    ]
    for t in threads:
        t.start()
    s = restore_settings
    s.nominatim_domain, s.nominatim_scheme = f"127.0.0.1:{main.server_address[1]}", "http"
    s.nominatim_min_delay_s = 0.0
    s.cache_folder = tmp_path / "cache"
    try:
        yield main, other
    finally:
        for srv in (main, other):
            srv.shutdown()
            srv.server_close()


def client(**kw):
    kw.setdefault("backoff_s", 0.01)
    kw.setdefault("max_retries", 1)
    kw.setdefault("timeout", 2.0)
    return CachedNominatim(**kw)


def test_a_redirect_is_not_followed_nor_cached(servers):
    main, other = servers
    main.plans["place-1"] = ["redirect"]
    gc = client()
    with pytest.raises(bordermap.GeocodingError, match=r"redirect 302 .* not followed"):
        gc.geocode("place-1")
    assert other.log == [] and len(main.log) == 1  # not followed, not retried
    assert not list(gc.cache_folder.glob("*.json"))
    assert gc.geocode("place-1").raw["name"] == "place-1"  # asked again next time (not cached)


def test_a_100_mb_body_is_refused_unread(servers):
    main, _ = servers
    main.plans["place-1"] = ["huge"]
    gc = client()
    start = time.monotonic()
    with pytest.raises(bordermap.GeocodingError, match="answer of 100,000,000 bytes refused") as err:
        gc.geocode("place-1")
    assert time.monotonic() - start < 5 and len(str(err.value)) < 300
    assert len(main.log) == 1 and not list(gc.cache_folder.glob("*.json"))


def test_an_endless_fast_body_stops_at_the_cap(servers, restore_settings):
    main, _ = servers
    restore_settings.nominatim_max_body_bytes = 1_000_000
    main.plans["place-1"] = ["flood"]
    gc = client()
    start = time.monotonic()
    with pytest.raises(bordermap.GeocodingError, match="answer over 1,000,000 bytes refused"):
        gc.geocode("place-1")
    assert time.monotonic() - start < 5
    deadline = time.monotonic() + 5
    while not main.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert main.sent and main.sent[0] < 30_000_000  # the client stopped reading (socket buffers hold the rest)


def test_an_endless_slow_body_meets_the_deadline(servers, restore_settings):
    main, _ = servers
    restore_settings.nominatim_deadline_s = 1.0
    main.plans["place-1"] = ["drip", "drip"]
    gc = client(timeout=10.0)  # each byte comes well within the per-read timeout
    start = time.monotonic()
    with pytest.raises(bordermap.GeocodingError, match="no complete answer within 1 s"):
        gc.geocode("place-1")
    took = time.monotonic() - start
    assert len(main.log) == 2 and took < 2 * 1.0 + 1.0  # two attempts of at most the deadline each


def test_retry_after_of_a_day_is_capped_and_said(servers, restore_settings):
    main, _ = servers
    restore_settings.nominatim_max_retry_after_s = 0.5
    main.plans["place-1"] = ["retry-day"]
    gc = client()
    start = time.monotonic()
    with pytest.warns(UserWarning, match=r"asks to wait 86400 s \(Retry-After\); waiting 0.5 s"):
        loc = gc.geocode("place-1")
    took = time.monotonic() - start
    assert loc.raw["name"] == "place-1" and 0.45 <= took < 5
    assert len(main.log) == 2


def test_an_unreadable_answer_is_not_retried(servers):
    main, _ = servers
    main.plans["place-1"] = ["html", "html", "html"]
    gc = client(max_retries=4)
    with pytest.raises(bordermap.GeocodingError, match=r"unreadable answer .* not retried") as err:
        gc.geocode("place-1")
    assert len(main.log) == 1 and len(str(err.value)) < 400  # the 10 KB page is not printed
    assert not list(gc.cache_folder.glob("*.json"))


def test_a_cache_that_cannot_be_written_is_a_warning(servers, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    gc = client(cache_folder=tmp_path / "file" / "nominatim")  # no folder can be made there, even as root
    with pytest.warns(UserWarning, match="nominatim cache: cannot save the answer for 'place-1'"):
        loc = gc.geocode("place-1")
    assert loc.raw["name"] == "place-1"


def test_a_damaged_cache_entry_is_a_warning_and_a_re_ask(servers):
    main, _ = servers
    gc = client()
    gc.geocode("place-1")
    (entry,) = gc.cache_folder.glob("*.json")
    entry.write_text('{"sha256": "0", "data": "[]"}')
    with pytest.warns(UserWarning, match="unusable .* asking again"):
        assert client().geocode("place-1").raw["name"] == "place-1"
    assert len(main.log) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert client().geocode("place-1").raw["name"] == "place-1"  # rewritten: no warning, no request
    assert len(main.log) == 2


def test_a_report_with_a_read_only_cache_completes(servers, restore_settings, tmp_path):
    from bordermap._cache import cache_dir

    restore_settings.cache_folder = None
    real = cache_dir()
    cache = tmp_path / "cache2"  # the real caches linked in, but no folder can be made for Nominatim's answers
    cache.mkdir()
    for entry in real.iterdir():
        if entry.name != "nominatim":
            (cache / entry.name).symlink_to(entry)
    (cache / "nominatim").write_text("not a folder")
    restore_settings.cache_folder = cache
    with pytest.warns(UserWarning, match="nominatim cache: cannot save the answer for 'place-1'"):
        rep = bordermap.run_report(
            [SEEDS / "004_08f2487d190f4389.txt"],
            countries=("LTU", "BLR"),
            extra_places=["place-1"],
            geocoder="nominatim",
        )
    assert "place-1" in set(rep.places["name"])
