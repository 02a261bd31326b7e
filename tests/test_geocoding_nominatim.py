"""Online geocoding with geopy's real Nominatim client against a local imitation on 127.0.0.1.

The server answers like Nominatim's ``/search?format=json`` and can be told to fail
(timeout, 429 with Retry-After, 500) a number of times per query.  No test touches the internet.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import ThreadingHTTPServer

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

import bordermap
from bordermap._cache import read_json
from bordermap._nominatim import CachedNominatim
from tests.nominatim_faults import JsonHandler

PLACES = {
    "vilnius": [
        {
            "place_id": 1,
            "osm_type": "relation",
            "osm_id": 1529146,
            "lat": "54.6870458",
            "lon": "25.2829111",
            "display_name": "Vilnius, Vilniaus apskritis, Lietuva",
            "name": "Vilnius",
            "addresstype": "city",
            "type": "administrative",
            "address": {"city": "Vilnius", "country": "Lietuva", "country_code": "lt"},
        }
    ],
    "medininkai": [
        {
            "place_id": 2,
            "osm_type": "node",
            "osm_id": 42,
            "lat": "54.5389",
            "lon": "25.6500",
            "display_name": "Medininkai, Vilniaus rajono savivaldybė, Lietuva",
            "name": "Medininkai",
            "addresstype": "village",
            "type": "village",
            "address": {"village": "Medininkai", "country_code": "lt"},
        }
    ],
}


class _Handler(JsonHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the http.server hook name)
        path, params = self.query()
        q = params.get("q", "").lower()
        srv = self.server
        with srv.lock:
            srv.requests.append((time.monotonic(), path, params, self.headers.get("User-Agent")))
            plan = srv.failures.get(q, [])
            failure = plan.pop(0) if plan else None
        if failure == "slow":
            time.sleep(0.6)  # longer than the client's timeout
        elif failure == "429":
            self._send(429, b'{"error": "rate limited"}', {"Retry-After": "1"})
            return
        elif failure == "500":
            self._send(500, b"<html>Internal error</html>", {"Content-Type": "text/html"})
            return
        body = json.dumps(PLACES.get(q, [])[: int(params.get("limit", 10))]).encode()
        self._send(200, body, {})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[float, str, dict[str, str], str | None]] = []
        self.failures: dict[str, list[str]] = {}


@pytest.fixture
def nominatim(tmp_path, restore_settings):
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    s = restore_settings
    s.nominatim_domain = f"127.0.0.1:{srv.server_address[1]}"
    s.nominatim_scheme = "http"
    s.nominatim_min_delay_s = 0.1
    s.user_agent = "bordermap-tests/1.0"
    s.cache_folder = tmp_path / "cache"
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _client(**kw):
    kw.setdefault("backoff_s", 0.05)
    kw.setdefault("timeout", 2.0)
    return CachedNominatim(**kw)


def test_answers_are_geopy_locations_and_cached(nominatim, tmp_path):
    gc = _client()
    loc = gc.geocode("Vilnius")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == pytest.approx((54.6870458, 25.2829111))
    assert gc.requests_made == 1
    path, params, agent = nominatim.requests[0][1:]
    assert path == "/search" and params["q"] == "Vilnius" and params["format"] == "json"
    assert agent == "bordermap-tests/1.0"
    files = list((tmp_path / "cache" / "nominatim").glob("*.json"))
    assert len(files) == 1 and read_json(files[0])["answer"][0]["name"] == "Vilnius"
    # a second run (new client, new process alike) asks nothing
    again = _client()
    assert again.geocode("Vilnius").address == loc.address
    assert again.geocode("Nowhere at all") is None  # asked once ...
    assert _client().geocode("Nowhere at all") is None  # ... and the empty answer is cached too
    assert again.requests_made == 1 and len(nominatim.requests) == 2
    assert not list((tmp_path / "cache" / "nominatim").glob(".*.tmp"))


def test_requests_are_spaced_by_the_minimum_delay(nominatim):
    gc = _client(min_delay_s=0.2)
    for q in ("Vilnius", "Medininkai", "Kaunas"):
        gc.geocode(q)
    times = [t for t, *_ in nominatim.requests]
    assert len(times) == 3
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(times))


def test_retries_on_429_with_retry_after(nominatim):
    # every attempt goes through our retry loop (geopy's HTTP adapter makes no retries of its own)
    nominatim.failures["vilnius"] = ["429", "429", "429"]
    gc = _client()
    assert gc.geocode("Vilnius").raw["name"] == "Vilnius"
    assert gc.requests_made == 4
    times = [t for t, *_ in nominatim.requests]
    assert len(times) == 4
    # each wait is Retry-After (1 s), longer than our backoff (0.05, 0.1, 0.2 s)
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(times))


def test_retries_on_5xx_and_timeouts(nominatim):
    nominatim.failures["medininkai"] = ["500", "slow", "slow", "slow"]
    gc = _client(timeout=0.3)
    assert gc.geocode("Medininkai").raw["name"] == "Medininkai"
    assert gc.requests_made == 5  # 500, three timeouts, answered
    assert len(nominatim.requests) == 5


def test_damaged_cache_entry_is_asked_again(nominatim, tmp_path):
    _client().geocode("Vilnius")
    (entry,) = (tmp_path / "cache" / "nominatim").glob("*.json")
    entry.write_text(entry.read_text().replace("Vilnius", "Vilnjus"))  # edited by hand: checksum fails
    again = _client()
    assert again.geocode("Vilnius").raw["name"] == "Vilnius"
    assert again.requests_made == 1  # asked again, not served from the edited entry
    assert read_json(entry)["answer"][0]["name"] == "Vilnius"  # and rewritten


def test_gives_up_with_one_line_error(nominatim, tmp_path):
    nominatim.failures["vilnius"] = ["500"] * 10
    gc = _client(max_retries=2)
    with pytest.raises(bordermap.GeocodingError, match=r"'Vilnius': no answer after 3 attempts") as err:
        gc.geocode("Vilnius")
    assert "\n" not in str(err.value)
    assert not list((tmp_path / "cache" / "nominatim").glob("*.json"))  # failures are not cached


def test_geocode_front_door_and_rate_limiter(nominatim, restore_settings):
    restore_settings.geocoder = "nominatim"
    r = bordermap.geocode("Medininkai")
    assert r.place.source == "nominatim" and r.country == "LTU" and r.place.kind == "village"
    assert (r.lat, r.lon) == pytest.approx((54.5389, 25.65))
    limited = RateLimiter(_client().geocode, min_delay_seconds=0.0)
    assert limited("Vilnius").raw["address"]["country_code"] == "lt"
    with pytest.raises(bordermap.GeocodingError, match="empty"):
        _client().geocode(" ")
