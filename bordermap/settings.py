"""Global settings, read at call time: set them before calling, or for a block with :func:`options`.

Each setting is a typed module attribute with its documented default::

    bordermap.settings.tolerance_m = 100          # from now on
    with bordermap.options(tolerance_m=100):      # for this block only (restored even on an error)
        ...

Every value is checked when it is set: a wrong type raises :class:`~bordermap.exc.ArgumentTypeError`,
a value out of range :class:`~bordermap.exc.ArgumentError`, and a name that is no setting (a typo such as
``settings.tolerence_m``) :class:`~bordermap.exc.UnknownSettingError` (an ``AttributeError``) naming the
close valid names, instead of silently doing nothing.
"""

from __future__ import annotations

import difflib
import math
import os
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .exc import ArgumentError, ArgumentTypeError, UnknownSettingError

#: The geocoders bordermap knows.
GeocoderName = Literal["offline", "nominatim"]

#: Folder for caches (the world file, geocoding answers).  ``None`` means the environment variable
#: ``BORDERMAP_CACHE`` if set, else the platform's user cache folder (``platformdirs``:
#: ``$XDG_CACHE_HOME/bordermap``, by default ``~/.cache/bordermap``, on Linux; ``~/Library/Caches/bordermap``
#: on macOS; ``%LOCALAPPDATA%\bordermap\Cache`` on Windows).  A ``str`` is stored as a ``Path``.
cache_folder: Path | None = None

#: Keep what a report computes for a pair of countries (the border, its corridors, the map's
#: geometry) in the cache folder, and reuse it for the next report on that pair (see
#: ``bordermap._pair_cache``: entries are keyed by the dataset, the settings and bordermap's own
#: code).  ``False``: always compute.
use_cache: bool = True

#: Default tolerance, in metres, within which two countries' boundaries count as shared.
tolerance_m: float = 50.0

#: Border pieces shorter than this (metres) after extraction are dropped as slivers.
min_piece_m: float = 200.0

#: Default geocoder: ``"offline"`` (bundled gazetteer, no network) or ``"nominatim"``.
geocoder: GeocoderName = "offline"

#: User agent sent to Nominatim when online geocoding is turned on.
user_agent: str = "bordermap"

#: Base URL of the Nominatim service for online geocoding (``None``: geopy's default).
nominatim_domain: str | None = None

#: Scheme for the Nominatim service (``"https"``; tests use ``"http"`` on 127.0.0.1).
nominatim_scheme: str = "https"

#: Minimum delay between two Nominatim requests, in seconds (usage policy: 1 request/s).
nominatim_min_delay_s: float = 1.0

#: Number of decimals of coordinates written to GeoJSON.
geojson_precision: int = 6

#: Seconds a report waits for another run writing into the same ``--out`` folder to finish.
output_lock_timeout_s: float = 600.0

# -- limits: work is bounded on any input; going past one is a one-line error naming the input ----------

#: Largest article file, in bytes (at most this many plus one are read).
max_article_bytes: int = 50_000_000

#: Most claims (lengths, counts, sums) one article may state.
max_claims_per_article: int = 10_000

#: Largest input data file (a ``--dataset``, ``--fence`` or ``--crossings`` GeoJSON or CSV file), in bytes.
max_data_file_bytes: int = 500_000_000

#: Most features (or CSV rows) in one input data file.
max_features: int = 100_000

#: Most vertices (coordinate pairs) in one input data file.
max_vertices: int = 20_000_000

#: Seconds a Nominatim request may take in all (connecting, waiting and reading the body).
nominatim_deadline_s: float = 20.0

#: Largest Nominatim answer, in bytes (a larger body is refused, not read).
nominatim_max_body_bytes: int = 2_000_000

#: Longest wait a Nominatim ``Retry-After`` header may ask for, in seconds (a longer one is cut to this).
nominatim_max_retry_after_s: float = 60.0

#: A report names a place's nearest border crossing only if it lies within this many km of the place
#: (``nearest_crossing`` and ``crossing_distance_km`` are left out beyond it: no "nearest crossing" 1,780 km away).
nearest_crossing_max_km: float = 100.0

#: Attribution shown on maps and written into exported files.
attribution: str = "© OpenStreetMap contributors (ODbL), geo-maps 0.6.0; GeoNames (CC-BY 4.0)"


# -- checks: each setting's type and range, applied on every assignment --------------------------------

_Check = Callable[[str, Any], Any]


def _number(*, low: float = 0.0, zero: bool = True, integer: bool = False, unit: str = "") -> _Check:
    """A check for a finite number at least ``low`` (above it unless ``zero``); an ``int`` only with ``integer``."""

    def check(name: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and isinstance(value, float)):
            what = "an integer" if integer else "a number"
            raise ArgumentTypeError(f"settings.{name}={value!r}: must be {what}, not {type(value).__name__}")
        if not math.isfinite(value) or value < low or (value == low and not zero):
            bound = f"at least {low:g}" if zero else f"above {low:g}"
            raise ArgumentError(f"settings.{name}={value!r}: must be a finite number {bound}{unit}")
        return value if integer else float(value)

    return check


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArgumentTypeError(f"settings.{name}={value!r}: must be True or False, not {type(value).__name__}")
    return value


def _text(*, optional: bool = False, choices: tuple[str, ...] = ()) -> _Check:
    """A check for non-empty text (or ``None`` with ``optional``), one of ``choices`` if given."""

    def check(name: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            what = "text or None" if optional else "text"
            raise ArgumentTypeError(f"settings.{name}={value!r}: must be {what}, not {type(value).__name__}")
        if choices and value not in choices:
            raise ArgumentError(f"settings.{name}={value!r}: must be one of {', '.join(map(repr, choices))}")
        if not value.strip():
            raise ArgumentError(f"settings.{name}={value!r}: must not be empty")
        return value

    return check


def _folder(name: str, value: Any) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise ArgumentTypeError(f"settings.{name}={value!r}: must be a path or None, not {type(value).__name__}")
    text = os.fspath(value)
    if not isinstance(text, str) or not text:
        raise ArgumentError(f"settings.{name}={value!r}: must be a non-empty text path")
    return Path(text)


#: Every setting and the check its values pass (the order of this module).
_CHECKS: dict[str, _Check] = {
    "cache_folder": _folder,
    "use_cache": _flag,
    "tolerance_m": _number(zero=False, unit=" (metres)"),
    "min_piece_m": _number(unit=" (metres)"),
    "geocoder": _text(choices=("offline", "nominatim")),
    "user_agent": _text(),
    "nominatim_domain": _text(optional=True),
    "nominatim_scheme": _text(choices=("https", "http")),
    "nominatim_min_delay_s": _number(unit=" (seconds)"),
    "geojson_precision": _number(integer=True),
    "output_lock_timeout_s": _number(unit=" (seconds)"),
    "max_article_bytes": _number(integer=True, low=1),
    "max_claims_per_article": _number(integer=True, low=1),
    "max_data_file_bytes": _number(integer=True, low=1),
    "max_features": _number(integer=True, low=1),
    "max_vertices": _number(integer=True, low=1),
    "nominatim_deadline_s": _number(zero=False, unit=" (seconds)"),
    "nominatim_max_body_bytes": _number(integer=True, low=1),
    "nominatim_max_retry_after_s": _number(unit=" (seconds)"),
    "nearest_crossing_max_km": _number(zero=False, unit=" (km)"),
    "attribution": _text(),
}


def _unknown(name: str) -> UnknownSettingError:
    """The error for a name that is no setting, naming the close valid ones."""
    close = difflib.get_close_matches(name, _CHECKS, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else "see bordermap.settings for the valid names"
    return UnknownSettingError(f"settings.{name}: no such setting; {hint}")


def validate(name: str, value: Any) -> Any:
    """``value`` as setting ``name`` stores it (an ``int`` as a ``float`` where the setting is a float).

    Raises
    ------
    UnknownSettingError
        ``name`` is no setting (an ``AttributeError``; the message names the close valid names).
    ArgumentTypeError, ArgumentError
        ``value`` is of the wrong type, or out of range (one line naming the setting and the value).

    Examples
    --------
    >>> validate("tolerance_m", 100)
    100.0
    >>> validate("tolerance_m", -1)
    Traceback (most recent call last):
    ...
    bordermap.exc.ArgumentError: settings.tolerance_m=-1: must be a finite number above 0 (metres)
    >>> validate("tolerence_m", 100)
    Traceback (most recent call last):
    ...
    bordermap.exc.UnknownSettingError: settings.tolerence_m: no such setting; did you mean tolerance_m?
    """
    try:
        checker = _CHECKS[name]
    except KeyError:
        raise _unknown(name) from None
    return checker(name, value)


def current() -> dict[str, Any]:
    """Every setting and its value in force, in the order of this module.

    Examples
    --------
    >>> current()["geocoder"] in ("offline", "nominatim")
    True
    """
    module = sys.modules[__name__]
    return {name: getattr(module, name) for name in _CHECKS}


@contextmanager
def options(**values: Any) -> Iterator[None]:
    """Change settings for a block, then put back the previous values, also when the block raises.

    Every value is checked before any is set: a bad one changes nothing.  Blocks nest, and it also
    decorates a function (``@bordermap.options(use_cache=False)``).

    Parameters
    ----------
    **values
        Settings of this module and their values for the block.

    Raises
    ------
    UnknownSettingError, ArgumentTypeError, ArgumentError
        As :func:`validate`, when the block is entered.

    Examples
    --------
    >>> from bordermap import settings
    >>> with options(tolerance_m=100):
    ...     settings.tolerance_m
    100.0
    >>> settings.tolerance_m
    50.0
    """
    module = sys.modules[__name__]
    new = {name: validate(name, value) for name, value in values.items()}
    saved = {name: getattr(module, name) for name in new}
    try:
        for name, value in new.items():
            setattr(module, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def cache_root() -> Path:
    """The cache folder in force: :data:`cache_folder`, else ``$BORDERMAP_CACHE``, else the user cache folder.

    The user cache folder is ``platformdirs.user_cache_dir("bordermap")`` (``$XDG_CACHE_HOME/bordermap``
    on Linux, ``~/.cache/bordermap`` where that variable is unset).  This module is the only place
    that reads environment variables.
    """
    if cache_folder is not None:
        return Path(cache_folder)
    env = os.environ.get("BORDERMAP_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("bordermap", appauthor=False))


class _Settings(types.ModuleType):
    """This module's type: checks every assignment of a setting, and refuses names that are no setting."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CHECKS:
            value = _CHECKS[name](name, value)
        elif not name.startswith("_") and name not in self.__dict__:
            raise _unknown(name)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if name in _CHECKS:
            raise ArgumentError(f"settings.{name}: a setting cannot be deleted (set it to a value instead)")
        super().__delattr__(name)


if not TYPE_CHECKING:  # for mypy, an unknown name stays an error to find before running

    def __getattr__(name: str) -> Any:
        """Reading a name that is no setting: an ``AttributeError`` that names the close valid names."""
        if name.startswith("__"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        raise _unknown(name)


sys.modules[__name__].__class__ = _Settings
