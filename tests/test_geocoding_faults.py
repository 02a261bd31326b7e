"""Geocoding under faults: geopy's real Nominatim client against a local server that fails at random.

The server (``tests/nominatim_faults.py``, 127.0.0.1 only) injects timeouts, slow answers,
429 with Retry-After, 500s, malformed JSON and empty results, seeded.  The client runs in a
subprocess that is killed with SIGKILL mid-run, then run again to the end.  Timeouts, 429s and
5xx are retried; an answer that cannot be parsed gives that name up at once (not retried, not
cached: the next run asks again).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import pytest

from bordermap._nominatim import CachedNominatim
from tests import nominatim_faults as nf

COUNT = 200
JITTER_S = 0.01  # server-side arrival times of two requests may come this much closer than they were sent


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return nf.kill_and_rerun(tmp_path_factory.mktemp("faults") / "cache", count=COUNT, kill_after=80)


def test_bounded_run_of_faulty_lookups_completes(scenario):
    log = scenario["log1"] + scenario["log2"]
    kinds = Counter(o for _, _, o in log)
    assert len(log) >= COUNT and len({q for _, q, _ in log}) == COUNT
    assert set(kinds) == set(nf.OUTCOMES), kinds  # every kind of fault was met
    assert scenario["rc2"] == 0 and scenario["stderr2"] == ""  # no crash, nothing printed
    failed = {ln.split()[1] for ln in scenario["failed2"]}
    assert all("unreadable answer" in ln and "not retried" in ln for ln in scenario["failed2"])
    last: dict[str, str] = {}
    for _, q, o in scenario["log2"]:
        last[q] = o
    # a name is given up exactly when its last answer could not be parsed; retries got every other one
    assert failed == {q for q, o in last.items() if o in nf.UNREADABLE}
    assert sorted(set(scenario["done2"]) | failed, key=nf.names(COUNT).index) == nf.names(COUNT)
    assert not set(scenario["done2"]) & failed
    assert scenario["requests2"] == len(scenario["log2"])  # the client saw every request it caused


def test_killed_process_lost_no_answer(scenario):
    assert scenario["killed"]
    cache1 = scenario["cache1"]
    assert set(scenario["done1"]) <= set(cache1)  # every answer the process had returned is on disk
    assert all(cache1[q] == nf.answer_for(q) for q in cache1)  # none damaged or half-written
    answered = {q for _, q, o in scenario["log1"] if o in ("ok", "slow_ok")}
    assert len(answered - set(cache1)) <= 1  # at most the one answer in flight when killed


def test_rerun_asks_nothing_cached_and_completes(scenario):
    cached = set(scenario["cache1"])
    asked_again = {q for _, q, _ in scenario["log2"]} & cached
    assert asked_again == set()
    failed = {ln.split()[1] for ln in scenario["failed2"]}
    assert scenario["cache2"] == {q: nf.answer_for(q) for q in nf.names(COUNT) if q not in failed}
    assert sum(1 for q in nf.names(COUNT) if not nf.answer_for(q)) >= 25  # empty answers are cached too
    # a third run asks only the names given up (never cached) and gets the same answers for the others
    assert {q for _, q, _ in scenario["log3"]} == failed and scenario["third_requests"] == len(scenario["log3"])
    for q, loc in scenario["third"].items():
        if q in failed and not hasattr(loc, "raw") and loc is not None:
            continue  # given up again (an unreadable answer again)
        want = nf.answer_for(q)
        assert (loc.raw if loc else None) == (want[0] if want else None)


def test_requests_keep_the_rate_retry_after_and_backoff(scenario):
    for log in (scenario["log1"], scenario["log2"]):
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(log)]
        assert min(gaps) >= nf.MIN_DELAY_S - JITTER_S
        assert sum(gaps) / len(gaps) >= nf.MIN_DELAY_S  # never faster than the configured rate on average
        for (t0, q0, o0), (t1, q1, _) in itertools.pairwise(log):
            if o0 == "429":
                assert q1 == q0 and t1 - t0 >= 1.0 - JITTER_S  # waited Retry-After before asking again
        attempts: dict[str, list[float]] = defaultdict(list)
        for t, q, _ in log:
            attempts[q].append(t)
        retried = 0
        for times in attempts.values():
            for k, (a, b) in enumerate(itertools.pairwise(times)):
                assert b - a >= nf.BACKOFF_S * 2**k - JITTER_S  # exponential backoff
                retried += 1
        assert retried >= 10


def test_rate_holds_when_timeouts_are_shorter_than_the_delay(tmp_path):
    """geopy's HTTP layer would retry a timed-out request at once; every retry must wait its turn."""
    srv = nf.FaultServer(seed=1, outcomes={"timeout": 1, "ok": 1}).start()
    try:
        gc = CachedNominatim(
            domain=srv.domain,
            scheme="http",
            min_delay_s=0.4,
            timeout=0.1,
            max_retries=6,
            backoff_s=0.01,
            cache_folder=tmp_path,
        )
        for q in nf.names(4):
            gc.geocode(q)
        with srv.lock:
            log = list(srv.log)
    finally:
        srv.stop()
    assert "timeout" in {o for _, _, o in log}
    assert gc.requests_made == len(log)
    assert min(b[0] - a[0] for a, b in itertools.pairwise(log)) >= 0.4 - JITTER_S
