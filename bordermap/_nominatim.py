"""Online geocoding through geopy's Nominatim client: rate limit, retries, persistent cache.

Opt-in only (``settings.geocoder = "nominatim"`` or :class:`CachedNominatim` directly).
Every answer is written to ``cache_dir()/nominatim/<sha256 of the request>.json`` as soon
as it arrives (:func:`bordermap._cache.write_json`: atomic and checksummed), so a killed process
loses nothing and a second run asks the service nothing it asked before.  An entry that is
damaged or edited fails its checksum and is asked again (with a warning); a cache that cannot
be written (read-only) is a warning, and the answer is used uncached.

Requests are bounded (:class:`BoundedAdapter`): no redirect is followed (an error), each request
has an overall deadline (:data:`settings.nominatim_deadline_s`, connecting and reading included),
and a body over :data:`settings.nominatim_max_body_bytes` is refused, not read.  A ``Retry-After``
longer than :data:`settings.nominatim_max_retry_after_s` is cut to it, with a warning.  An answer
that cannot be parsed is not asked again (the service is not answering Nominatim's format).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import (
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from . import _cache, settings
from .exc import GeocodingError

#: Cache layout version (part of each request's hash).
CACHE_FORMAT = 2


class CachedNominatim(Geocoder):  # type: ignore[misc]
    """geopy's :class:`~geopy.geocoders.Nominatim` with a rate limit, retries and an on-disk cache.

    Implements geopy's ``Geocoder`` interface (``geocode(query, exactly_one=True, ...)``
    returns :class:`geopy.location.Location` objects or ``None``), so it also works under
    :class:`geopy.extra.rate_limiter.RateLimiter`.

    Parameters
    ----------
    user_agent : str, optional
        Default :data:`bordermap.settings.user_agent` (the usage policy asks for one that names the app).
    domain, scheme : str, optional
        Default :data:`settings.nominatim_domain` (geopy's default service when None) and
        :data:`settings.nominatim_scheme`.
    min_delay_s : float, optional
        Minimum seconds between two requests; default :data:`settings.nominatim_min_delay_s` (1 s).
    max_retries : int
        Retries after a timeout, a 429 (waiting at least its ``Retry-After``) or a 5xx answer.
    backoff_s : float
        First retry delay; doubled at each retry.
    timeout : float
        Seconds to wait for one answer.
    cache_folder : path, optional
        Default ``cache_dir()/nominatim``.

    Attributes
    ----------
    requests_made : int
        Requests sent to the service by this instance (cache hits do not count).
    """

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        domain: str | None = None,
        scheme: str | None = None,
        min_delay_s: float | None = None,
        max_retries: int = 4,
        backoff_s: float = 2.0,
        timeout: float = 10.0,
        cache_folder: str | os.PathLike[str] | None = None,
    ) -> None:
        from geopy.geocoders import Nominatim

        super().__init__(timeout=timeout)
        kwargs: dict[str, Any] = {
            "user_agent": user_agent or settings.user_agent,
            "scheme": scheme or settings.nominatim_scheme,
            "timeout": timeout,
        }
        dom = domain or settings.nominatim_domain
        if dom:
            kwargs["domain"] = dom
        # geopy's HTTP adapters would retry timeouts and 429s on their own, at once and unseen by the
        # rate limit below, follow redirects and read bodies of any size for any time: this one makes
        # one bounded attempt per request; every retry goes through _ask, spaced by min_delay_s.
        kwargs["adapter_factory"] = BoundedAdapter
        self.client = Nominatim(**kwargs)
        self.min_delay_s = settings.nominatim_min_delay_s if min_delay_s is None else float(min_delay_s)
        self.max_retries = int(max_retries)
        self.backoff_s = float(backoff_s)
        self.cache_folder = Path(cache_folder) if cache_folder is not None else _cache.cache_dir() / "nominatim"
        self.requests_made = 0
        self._last_request = -float("inf")
        self._lock = threading.Lock()

    # -- cache ---------------------------------------------------------------------------------
    def request_key(self, params: dict[str, Any]) -> str:
        """sha256 of the request: service, scheme and query parameters."""
        ident = {"format": CACHE_FORMAT, "domain": self.client.domain, "scheme": self.client.scheme, **params}
        return hashlib.sha256(json.dumps(ident, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def _cache_path(self, key: str) -> Path:
        return self.cache_folder / f"{key}.json"

    def _read_cache(self, key: str) -> tuple[bool, Any]:
        path = self._cache_path(key)
        try:
            answer = _cache.read_json(path)["answer"]
            if not isinstance(answer, list):
                raise TypeError("answer is not a list")
            return True, _checked(answer)
        except (_cache.CacheError, KeyError, TypeError, GeocoderParseError) as err:
            if path.exists() or path.is_symlink():  # damaged or edited (a missing entry is no news)
                warnings.warn(f"nominatim cache entry {path.name}: unusable ({err}); asking again", stacklevel=4)
            return False, None

    def _write_cache(self, key: str, params: dict[str, Any], answer: Any) -> None:
        try:
            _cache.write_json(self._cache_path(key), {"request": params, "answer": answer, "saved": time.time()})
        except (OSError, ValueError) as err:  # read-only or full cache: the answer is still good
            warnings.warn(f"nominatim cache: cannot save the answer for {params['q']!r} ({err})", stacklevel=4)

    # -- requests ------------------------------------------------------------------------------
    def _wait_turn(self) -> None:
        wait = self._last_request + self.min_delay_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _ask(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Send one query (with retries); the raw Nominatim results (possibly empty)."""
        delay = self.backoff_s
        last: Exception | None = None
        for attempt in range(self.max_retries + 1):
            self._wait_turn()
            self.requests_made += 1
            try:
                try:
                    found = self.client.geocode(
                        params["q"],
                        exactly_one=False,
                        limit=params["limit"],
                        addressdetails=True,
                        language=params["language"] or False,
                        country_codes=params["country_codes"] or None,
                    )
                finally:
                    # the delay also runs from the end of this attempt: arrivals at the service stay
                    # min_delay_s apart even when one request took longer to connect than the next
                    self._last_request = time.monotonic()
                return _checked([loc.raw for loc in found or []])
            except (GeocoderParseError, AttributeError, KeyError, TypeError, ValueError) as err:
                # not Nominatim's format: asking again would get the same; not retried, not cached
                raise GeocodingError(
                    f"nominatim: {params['q']!r}: unreadable answer ({_short(err)}); not retried"
                ) from err
            except RefusedAnswerError as err:
                raise GeocodingError(f"nominatim: {params['q']!r}: {err}") from err
            except GeocoderRateLimited as err:
                last = err
                asked = float(err.retry_after or 0)
                cap = settings.nominatim_max_retry_after_s
                if asked > cap:
                    warnings.warn(
                        f"nominatim: the service asks to wait {asked:g} s (Retry-After); waiting {cap:g} s "
                        "(settings.nominatim_max_retry_after_s)",
                        stacklevel=3,
                    )
                pause = max(delay, min(asked, cap))
            except (GeocoderTimedOut, GeocoderUnavailable) as err:
                last = err
                pause = delay
            except GeocoderServiceError as err:  # 5xx and unexpected answers
                last = err
                pause = delay
            if attempt < self.max_retries:
                time.sleep(pause)
                delay *= 2
        raise GeocodingError(
            f"nominatim: {params['q']!r}: no answer after {self.max_retries + 1} attempts "
            f"({type(last).__name__}: {_short(last)})"
        )

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | list[str] | None = None,
        language: str | None = None,
        **_: Any,
    ) -> Location | list[Location] | None:
        """Geocode ``query``; answers come from the cache when this request was made before.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            ``Location.raw`` is Nominatim's JSON object (with ``address``).
        """
        if not isinstance(query, str) or not query.strip():
            raise GeocodingError("nominatim: empty place name")
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes or [])
        params = {
            "q": query.strip(),
            "limit": 1 if exactly_one else (limit or 10),
            "country_codes": sorted(c.lower() for c in codes),
            "language": language or "",
        }
        key = self.request_key(params)
        with self._lock:
            hit, answer = self._read_cache(key)
            if not hit:
                answer = self._ask(params)
                self._write_cache(key, params, answer)
        locations = [_location(r) for r in answer or []]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None


def _short(err: object, limit: int = 200) -> str:
    """An error's message on one line, at most ``limit`` characters (a service's body is not printed whole)."""
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class RefusedAnswerError(GeocoderServiceError):  # type: ignore[misc]
    """An answer bordermap does not take: a redirect, or a body over the size limit (never retried)."""


class BoundedAdapter(BaseSyncAdapter):  # type: ignore[misc]
    """geopy's HTTP adapter interface with bounds: one attempt, no redirect, a deadline, a size cap.

    Built on :mod:`http.client`: a redirect (3xx) raises :class:`RefusedAnswerError`; the whole request
    (connecting, waiting, reading) must end within :data:`settings.nominatim_deadline_s` (each socket
    wait is cut to the time left, so a body that trickles in forever ends in :class:`GeocoderTimedOut`);
    a body over :data:`settings.nominatim_max_body_bytes` (by its ``Content-Length`` or as it arrives)
    raises :class:`RefusedAnswerError` without being read further.  Proxies are not used.
    """

    def __init__(self, *, proxies: Any = None, ssl_context: Any = None) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.ssl_context = ssl_context

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except ValueError as err:
            raise GeocoderParseError(f"not JSON ({_short(text, 80)!r})") from err

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        import http.client
        import socket
        from urllib.parse import urlsplit

        limit = settings.nominatim_max_body_bytes
        span = settings.nominatim_deadline_s
        deadline = time.monotonic() + span

        def left() -> float:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise GeocoderTimedOut(f"no complete answer within {span:g} s (settings.nominatim_deadline_s)")
            return min(float(timeout or span), remaining)

        parts = urlsplit(url)
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=left(), context=self.ssl_context
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=left())
        resp: http.client.HTTPResponse | None = None
        try:
            conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
            sock = conn.sock  # kept: the connection lets go of it once the response owns it
            if sock is not None:
                sock.settimeout(left())
            resp = conn.getresponse()
            if 300 <= resp.status < 400:
                where = resp.getheader("Location", "?")
                raise RefusedAnswerError(f"redirect {resp.status} to {_short(where, 100)!r} not followed")
            length = resp.getheader("Content-Length")
            if length is not None and length.strip().isdigit() and int(length) > limit:
                raise RefusedAnswerError(
                    f"answer of {int(length):,} bytes refused (settings.nominatim_max_body_bytes {limit:,})"
                )
            chunks: list[bytes] = []
            size = 0
            while True:
                wait = left()  # raises once the deadline has passed
                if sock is not None:
                    sock.settimeout(wait)
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise RefusedAnswerError(f"answer over {limit:,} bytes refused (settings.nominatim_max_body_bytes)")
                chunks.append(chunk)
            text = b"".join(chunks).decode(resp.headers.get_content_charset() or "utf-8", errors="replace")
            if resp.status >= 400:
                raise AdapterHTTPError(
                    f"Non-successful status code {resp.status}",
                    status_code=resp.status,
                    headers={k.lower(): v for k, v in resp.getheaders()},
                    text=_short(text, 200),
                )
            return text
        except AdapterHTTPError:
            raise  # (an OSError too) geopy maps its status: 429 with Retry-After, 5xx...
        except TimeoutError as err:
            if time.monotonic() >= deadline - 0.05:
                raise GeocoderTimedOut(f"no complete answer within {span:g} s (settings.nominatim_deadline_s)") from err
            raise GeocoderTimedOut(f"timed out after {float(timeout or span):g} s without a byte") from err
        except (ConnectionError, socket.gaierror) as err:
            raise GeocoderUnavailable(f"service not available ({_short(err)})") from err
        except (http.client.HTTPException, OSError) as err:
            raise GeocoderServiceError(f"{type(err).__name__}: {_short(err)}") from err
        finally:
            if resp is not None:
                resp.close()  # the response holds the socket open until closed: a refused body stops here
            conn.close()


def _checked(results: list[Any]) -> list[dict[str, Any]]:
    """``results`` if each is a Nominatim object with coordinates in range, else GeocoderParseError."""
    import math

    for r in results:
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (KeyError, TypeError, ValueError) as err:
            raise GeocoderParseError(f"malformed answer: result without coordinates ({str(r)[:80]!r})") from err
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise GeocoderParseError(f"malformed answer: coordinates out of range ({lat}, {lon})")
    return results


def _location(raw: dict[str, Any]) -> Location:
    return Location(raw.get("display_name", ""), (float(raw["lat"]), float(raw["lon"])), raw)
