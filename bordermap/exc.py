"""Exceptions raised by bordermap.

Every error subclasses :class:`BordermapError` and a built-in exception, so callers
can catch either (``except KeyError`` keeps working for an unknown country).
Messages are one line and name the offending input.
"""

from __future__ import annotations


class BordermapError(Exception):
    """Base class of all bordermap errors."""


class UnknownCountryError(BordermapError, KeyError):
    """A country code or name matches no country of the dataset."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it one readable line
        return str(self.args[0]) if self.args else ""


class NoSharedBorderError(BordermapError, ValueError):
    """Two countries share no land border (or are the same country)."""


class DataError(BordermapError, ValueError):
    """A dataset or GeoJSON file is unreadable or not what it should be."""


class InputFileError(BordermapError, OSError):
    """An input path is missing, is a directory, or holds nothing usable."""


class OutputError(BordermapError, OSError):
    """An output folder or file cannot be written."""


class GeocodingError(BordermapError, LookupError):
    """A place name could not be geocoded."""


class OptionalDependencyError(BordermapError, ImportError):
    """An optional dependency needed for this call is missing."""


class ArgumentError(BordermapError, ValueError):
    """A parameter is out of range or malformed (NaN tolerance, reversed section, bad (lat, lon)...)."""


class ArgumentTypeError(ArgumentError, TypeError):
    """A parameter is of the wrong type (bytes or None where text is expected...)."""


class UnknownSettingError(BordermapError, AttributeError):
    """A name that is no setting of :mod:`bordermap.settings` (a typo such as ``tolerence_m``)."""


class LanguageWarning(UserWarning):
    """An article seems not to be in English: its places and figures are read with English rules."""


__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "BordermapError",
    "DataError",
    "GeocodingError",
    "InputFileError",
    "LanguageWarning",
    "NoSharedBorderError",
    "OptionalDependencyError",
    "OutputError",
    "UnknownCountryError",
    "UnknownSettingError",
]
