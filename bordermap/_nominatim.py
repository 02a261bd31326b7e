"""Online geocoding through geopy's Nominatim client: rate limit, retries, persistent cache.

Opt-in only (``settings.geocoder = "nominatim"`` or :class:`CachedNominatim` directly).
Every answer is written to ``cache_dir()/nominatim/<sha256 of the request>.json`` as soon
as it arrives (:func:`bordermap._cache.write_json`: atomic and checksummed), so a killed process
loses nothing and a second run asks the service nothing it asked before.  An entry that is
damaged or edited fails its checksum and is asked again.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

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
        # geopy's HTTP adapter would retry timeouts and 429s on its own, at once and unseen by the
        # rate limit below; every retry goes through _ask instead, spaced by min_delay_s.
        kwargs["adapter_factory"] = _adapter_without_retries()
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
        try:
            answer = _cache.read_json(self._cache_path(key))["answer"]
            if not isinstance(answer, list):
                return False, None
            return True, _checked(answer)
        except (_cache.CacheError, KeyError, TypeError, GeocoderParseError):
            return False, None  # missing, damaged or edited: asked again and rewritten

    def _write_cache(self, key: str, params: dict[str, Any], answer: Any) -> None:
        _cache.write_json(self._cache_path(key), {"request": params, "answer": answer, "saved": time.time()})

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
                found = self.client.geocode(
                    params["q"],
                    exactly_one=False,
                    limit=params["limit"],
                    addressdetails=True,
                    language=params["language"] or False,
                    country_codes=params["country_codes"] or None,
                )
                return _checked([loc.raw for loc in found or []])
            except (AttributeError, KeyError, TypeError, ValueError) as err:  # JSON, but not Nominatim's
                last = GeocoderParseError(f"malformed answer ({type(err).__name__}: {err})")
                pause = delay
            except GeocoderRateLimited as err:
                last = err
                pause = max(delay, float(err.retry_after or 0))
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
            f"({type(last).__name__}: {last})"
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


def _adapter_without_retries() -> Any:
    """A geopy adapter factory whose HTTP layer makes exactly one attempt per request."""
    import functools

    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if RequestsAdapter.is_available:
        return functools.partial(RequestsAdapter, max_retries=0)
    return URLLibAdapter  # urllib makes no retries of its own


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
