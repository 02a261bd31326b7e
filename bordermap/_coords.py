"""Coordinates as people read them: degrees with N/S and E/W, never a minus sign before N or E."""

from __future__ import annotations


def hemisphere_text(value: float, *, positive: str, negative: str, digits: int) -> str:
    """``abs(value)`` with ``digits`` decimals and the hemisphere's letter (``positive`` for 0).

    Examples
    --------
    >>> hemisphere_text(-67.1012, positive="E", negative="W", digits=3)
    '67.101 W'
    >>> hemisphere_text(-0.0001, positive="N", negative="S", digits=3)  # rounds to the equator: N
    '0.000 N'
    """
    shown = round(float(value), digits)
    letter = negative if shown < 0 else positive
    return f"{abs(shown):.{digits}f} {letter}"


def lat_lon_text(lat: float, lon: float, *, digits: int = 3, sep: str = ", ") -> str:
    """A point as ``"54.312 N, 25.533 E"``: south and west with S and W, not negative degrees.

    Examples
    --------
    >>> lat_lon_text(54.3121, 25.5329)
    '54.312 N, 25.533 E'
    >>> lat_lon_text(-33.4489, -70.6693, digits=2, sep=" ")
    '33.45 S 70.67 W'
    """
    lat_text = hemisphere_text(lat, positive="N", negative="S", digits=digits)
    return lat_text + sep + hemisphere_text(lon, positive="E", negative="W", digits=digits)
