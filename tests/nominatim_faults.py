"""A Nominatim-like server on 127.0.0.1 that fails at random (seeded), and a look-up driver.

Used by ``tests/test_geocoding_faults.py`` and ``benchmarks/fault_counts.py``.  No internet.

The server answers ``/search?q=place-N&format=json`` like Nominatim's search: a fixed
answer per name (an empty list for every 7th name).  Each request draws one outcome from a
seeded generator, in arrival order: a normal answer, a slow but timely answer, a timeout
(the answer comes after the client gave up), 429 with ``Retry-After: 1``, 500, truncated
JSON, an HTML page sent as 200, a JSON object instead of a list, a list of strings, or an
entry without coordinates.  Every request is logged with its arrival time and outcome.

The driver (``python -m tests.nominatim_faults drive ...``) looks names up one by one with
:class:`bordermap._nominatim.CachedNominatim` and prints ``done NAME`` once each answer is
in the cache (``failed NAME reason`` when the client gives up), so a parent can kill it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent

#: Outcomes and their weights (a normal answer about half the time).
OUTCOMES = {
    "ok": 60,
    "slow_ok": 5,  # answered within the client's timeout, but slowly
    "timeout": 4,  # answered after the client's timeout
    "429": 1,  # Retry-After: 1 (whole seconds, as geopy parses it)
    "500": 8,
    "truncated_json": 5,
    "html_200": 4,
    "object_json": 4,  # {"oops": ...}: JSON, but not Nominatim's list
    "strings_json": 3,  # ["x", "y"]
    "no_coordinates": 4,  # [{"display_name": ...}] without lat/lon
}
#: Outcomes whose answer cannot be parsed: the client gives that name up at once (not retried, not cached).
UNREADABLE = frozenset({"truncated_json", "html_200", "object_json", "strings_json", "no_coordinates"})
#: The fault runs' rate limit and first retry delay, in seconds (small, to keep the tests short).
MIN_DELAY_S = 0.03
BACKOFF_S = 0.02
#: Client timeout the server's "timeout" outcome outlasts, in seconds.
CLIENT_TIMEOUT_S = 0.25


def answer_for(name: str) -> list[dict[str, object]]:
    """The true answer for ``name`` (``place-N``): one result, or none for every 7th name."""
    try:
        n = int(name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return []
    if n % 7 == 0:
        return []
    lat, lon = 54.0 + (n % 100) / 100, 24.0 + (n // 100) / 10
    return [
        {
            "place_id": n,
            "osm_type": "node",
            "osm_id": 1000 + n,
            "lat": f"{lat:.4f}",
            "lon": f"{lon:.4f}",
            "display_name": f"{name}, Lietuva",
            "name": name,
            "addresstype": "village",
            "type": "village",
            "address": {"village": name, "country_code": "lt"},
        }
    ]


class JsonHandler(BaseHTTPRequestHandler):
    """A quiet request handler that answers JSON (the base of the test servers' handlers)."""

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def query(self) -> tuple[str, dict[str, str]]:
        """The request's path and its query parameters (first value of each)."""
        url = urlparse(self.path)
        return url.path, {k: v[0] for k, v in parse_qs(url.query).items()}

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        headers = dict(headers or {})
        try:
            self.send_response(code)
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) or was killed


class _Handler(JsonHandler):
    server: FaultServer

    def do_GET(self) -> None:
        q = self.query()[1].get("q", "")
        outcome = self.server.draw(q)
        good = json.dumps(answer_for(q)).encode()
        if outcome == "slow_ok":
            time.sleep(CLIENT_TIMEOUT_S * 0.4)
            self._send(200, good)
        elif outcome == "timeout":
            time.sleep(CLIENT_TIMEOUT_S * 2.5)
            self._send(200, good)
        elif outcome == "429":
            self._send(429, b'{"error": "rate limited"}', {"Retry-After": "1"})
        elif outcome == "500":
            self._send(500, b"<html>Internal Server Error</html>", {"Content-Type": "text/html"})
        elif outcome == "truncated_json":
            self._send(200, good[: max(1, len(good) // 2)] if len(good) > 2 else b"[{")
        elif outcome == "html_200":
            self._send(200, b"<!doctype html><title>Maintenance</title>", {"Content-Type": "text/html"})
        elif outcome == "object_json":
            self._send(200, b'{"oops": "not a list"}')
        elif outcome == "strings_json":
            self._send(200, b'["x", "y"]')
        elif outcome == "no_coordinates":
            self._send(200, json.dumps([{"display_name": q, "name": q}]).encode())
        else:
            self._send(200, good)


class FaultServer(ThreadingHTTPServer):
    """The server; ``log`` holds ``(arrival monotonic time, q, outcome)`` per request."""

    daemon_threads = True

    def __init__(self, *, seed: int = 6, outcomes: dict[str, int] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.rng = random.Random(seed)
        weights = outcomes or OUTCOMES
        self.kinds, self.weights = list(weights), list(weights.values())
        self.log: list[tuple[float, str, str]] = []
        self._thread: threading.Thread | None = None

    def draw(self, q: str) -> str:
        with self.lock:
            outcome = self.rng.choices(self.kinds, self.weights)[0]
            self.log.append((time.monotonic(), q, outcome))
            return outcome

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def start(self) -> FaultServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def answered(self) -> set[str]:
        """Names for which a good answer was sent in time (``ok`` or ``slow_ok``)."""
        with self.lock:
            return {q for _, q, o in self.log if o in ("ok", "slow_ok")}


def names(n: int) -> list[str]:
    """``place-1`` ... ``place-n``."""
    return [f"place-{k}" for k in range(1, n + 1)]


def read_cache(folder: Path) -> dict[str, Any]:
    """The cached answers by query (``q``); damaged entries map to the string ``"damaged"``."""
    got: dict[str, Any] = {}
    from bordermap._cache import read_json

    for f in folder.glob("*.json"):
        if f.name.startswith("."):
            continue
        try:
            entry = read_json(f)
            got[entry["request"]["q"]] = entry["answer"]
        except (OSError, ValueError, KeyError) as err:
            got[f.name] = f"damaged: {err}"
    return got


def _driver(srv: FaultServer, cache: Path, count: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "tests.nominatim_faults", "drive", "--domain", srv.domain, "--cache", str(cache)]
    return subprocess.Popen(
        [*cmd, "--count", str(count)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def kill_and_rerun(cache: Path, *, count: int = 200, kill_after: int = 80, seed: int = 6) -> dict[str, Any]:
    """The fault scenario: look ``count`` names up, SIGKILL the process after ``kill_after`` are
    done, run again to the end, then once more in-process (everything from the cache).

    Returns the server log per run, the names done per run, the cache after the kill and at
    the end, the second run's own request count and output, and the third run's requests.
    """
    from bordermap._nominatim import CachedNominatim

    srv = FaultServer(seed=seed).start()
    try:
        proc = _driver(srv, cache, count)
        done1: list[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("done "):
                done1.append(line.split()[1])
                if len(done1) >= kill_after:
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait(timeout=30)
        killed = proc.returncode == -signal.SIGKILL
        with srv.lock:
            log1 = list(srv.log)
        cache1 = read_cache(cache)
        tmp_left = [f.name for f in cache.glob(".*.tmp")]

        proc = _driver(srv, cache, count)
        out2, err2 = proc.communicate(timeout=120)
        with srv.lock:
            log2 = srv.log[len(log1) :]
        cache2 = read_cache(cache)

        from bordermap import GeocodingError

        gc = CachedNominatim(domain=srv.domain, scheme="http", min_delay_s=MIN_DELAY_S, cache_folder=cache)
        third: dict[str, Any] = {}
        for name in names(count):
            try:
                third[name] = gc.geocode(name)
            except GeocodingError as err:
                third[name] = err
        with srv.lock:
            log3 = srv.log[len(log1) + len(log2) :]
    finally:
        srv.stop()
    lines2 = out2.splitlines()
    return {
        "killed": killed,
        "log1": log1,
        "log2": log2,
        "log3": log3,
        "done1": done1,
        "cache1": cache1,
        "tmp_left_after_kill": tmp_left,
        "cache2": cache2,
        "rc2": proc.returncode,
        "stderr2": err2,
        "done2": [ln.split()[1] for ln in lines2 if ln.startswith("done ")],
        "failed2": [ln for ln in lines2 if ln.startswith("failed ")],
        "requests2": int(lines2[-1].split()[1]) if lines2 and lines2[-1].startswith("requests ") else -1,
        "third": third,
        "third_requests": gc.requests_made,
    }


def drive(argv: list[str] | None = None) -> int:
    """Look names up with CachedNominatim; one ``done``/``failed`` line per name, flushed."""
    p = argparse.ArgumentParser()
    p.add_argument("--domain", required=True)
    p.add_argument("--cache", required=True)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--min-delay", type=float, default=MIN_DELAY_S)
    p.add_argument("--backoff", type=float, default=BACKOFF_S)
    p.add_argument("--retries", type=int, default=6)
    a = p.parse_args(argv)

    from bordermap import GeocodingError
    from bordermap._nominatim import CachedNominatim

    gc = CachedNominatim(
        domain=a.domain,
        scheme="http",
        user_agent="bordermap-fault-tests/1.0",
        min_delay_s=a.min_delay,
        backoff_s=a.backoff,
        max_retries=a.retries,
        timeout=CLIENT_TIMEOUT_S,
        cache_folder=a.cache,
    )
    for name in names(a.count):
        try:
            loc = gc.geocode(name)
        except GeocodingError as err:
            print(f"failed {name} {err}", flush=True)
            continue
        print(f"done {name} {'found' if loc else 'none'}", flush=True)
    print(f"requests {gc.requests_made}", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["drive"]:
        sys.exit(drive(sys.argv[2:]))
    sys.exit("usage: python -m tests.nominatim_faults drive --domain HOST:PORT --cache DIR [--count N]")
