"""The one antimeridian repair: a geometry drawn continuously across 180° cut there, each side in -180..180°.

RFC 7946 (and every polygon of the bundled world) splits geometries at 180°.  A geometry that is drawn
across it instead (a ring jumping from 170°E to 170°W, read by :mod:`bordermap.data.countries`; a border
computed in 0..360° by :func:`bordermap.geometry.borders.shared_border`) is first made continuous
(longitudes past 180°), then cut by :func:`cut_at_antimeridian`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from shapely.geometry.base import BaseGeometry

#: The two sides of 180°, each (shift of longitude back into -180..180, west edge, east edge).
_SIDES = ((0.0, -180.0, 180.0), (-360.0, 180.0, 540.0))


def cut_at_antimeridian(geom: BaseGeometry) -> list[BaseGeometry]:
    """The non-empty parts of a continuous geometry (longitudes in -180..540°) on each side of 180°, back in -180..180°.

    Examples
    --------
    >>> import shapely
    >>> [p.wkt for p in cut_at_antimeridian(shapely.LineString([(170, 0), (190, 0)]))]
    ['LINESTRING (170 0, 180 0)', 'LINESTRING (-180 0, -170 0)']
    >>> [tuple(round(v) for v in p.bounds) for p in cut_at_antimeridian(shapely.box(170, 0, 190, 10))]
    [(170, 0, 180, 10), (-180, 0, -170, 10)]
    """
    import shapely

    parts = []
    for offset, x0, x1 in _SIDES:
        piece = shapely.intersection(geom, shapely.box(x0, -90.0, x1, 90.0))
        if not piece.is_empty:
            parts.append(shapely.transform(piece, functools.partial(_shift_x, by=offset)) if offset else piece)
    return parts


def crosses_antimeridian(xy: np.ndarray) -> bool:
    """Whether a sequence of (lon, lat) positions steps over 180° of longitude at once (drawn across 180°).

    Examples
    --------
    >>> import numpy as np
    >>> crosses_antimeridian(np.array([[170.0, 0.0], [-170.0, 0.0]])), crosses_antimeridian(np.array([[10.0, 0.0]]))
    (True, False)
    """
    import numpy as np

    x = xy[:, 0]
    return bool(len(x) > 1 and np.any(np.abs(np.diff(x)) > 180.0))


def _shift_x(xy: np.ndarray, *, by: float) -> np.ndarray:
    import numpy as np

    out: np.ndarray = xy + np.array([by, 0.0])
    return out
