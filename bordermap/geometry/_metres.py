"""The check of a distance argument in metres (a module of its own, so the table imports no more than it)."""

from __future__ import annotations

from ..exc import ArgumentError


def check_metres(tolerance_m: float, *, name: str = "tolerance_m", allow_zero: bool = False) -> float:
    """A positive (or, with ``allow_zero``, non-negative) finite number of metres; ArgumentError otherwise."""
    import math

    bad = (
        isinstance(tolerance_m, bool)
        or not isinstance(tolerance_m, (int, float))
        or math.isnan(tolerance_m)
        or math.isinf(tolerance_m)
        or tolerance_m < 0
        or (tolerance_m == 0 and not allow_zero)
    )
    if bad:
        kind = "a non-negative" if allow_zero else "a positive"
        raise ArgumentError(f"{name}={tolerance_m!r}: must be {kind} finite number of metres")
    return float(tolerance_m)
