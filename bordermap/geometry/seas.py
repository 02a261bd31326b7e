"""The sea mask: which parts of a border lie at sea.

The mask is the bundled world sea polygon (``@geo-maps/earth-seas-10m`` 0.6.0, ODbL), cut at
build time into 1.40625° tiles (:func:`bordermap.data.world.world_sea_tiles`, GeoParquet in the
package): no fetching, no cache, the same answer everywhere in the world.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from shapely.geometry.base import BaseGeometry

#: Tile size in degrees: 360 / 2**8 and 180 / 2**7.
TILE_DEG = 1.40625


def sea_tile(i: int, j: int) -> BaseGeometry | None:
    """The sea polygon (lon/lat) in tile (``i``, ``j``), None where the tile holds no sea."""
    from ..data.world import world_sea_tile

    return world_sea_tile(i, j)


def sea_mask(bounds: tuple[float, float, float, float], *, pad: float = 0.01) -> BaseGeometry:
    """The sea polygon (lon/lat) around ``bounds`` = (lon0, lat0, lon1, lat1).

    Made of the bundled world sea tiles (see the module notes); an empty polygon where no
    sea is near ``bounds``.

    Examples
    --------
    >>> sea_mask((20.9, 55.2, 21.0, 55.3)).area > 0  # Baltic off Klaipėda
    True
    """
    import shapely

    parts = sea_parts(bounds, pad=pad)
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def sea_parts(bounds: tuple[float, float, float, float], *, pad: float = 0.01) -> list[BaseGeometry]:
    """Pieces of the sea mask (one per tile) covering ``bounds`` (empty where there is no sea)."""
    import math

    import shapely

    x0, y0, x1, y1 = bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad
    parts = []
    for i in range(math.floor((x0 + 180) / TILE_DEG), math.floor((x1 + 180) / TILE_DEG) + 1):
        for j in range(math.floor((y0 + 90) / TILE_DEG), math.floor((y1 + 90) / TILE_DEG) + 1):
            tile = sea_tile(i, j)
            if tile is not None:
                parts.append(shapely.clip_by_rect(tile, x0, y0, x1, y1))
    return parts


def at_sea(points: np.ndarray) -> np.ndarray:
    """True for (lon, lat) points (an ``(n, 2)`` array) inside the sea mask.

    Examples
    --------
    >>> import numpy as np
    >>> at_sea(np.array([[20.95, 55.25], [25.28, 54.69]])).tolist()  # off Klaipėda, Vilnius
    [True, False]
    """
    import numpy as np
    import shapely

    res = np.zeros(len(points), dtype=bool)
    ti = np.floor((points[:, 0] + 180.0) / TILE_DEG).astype(int)
    tj = np.floor((points[:, 1] + 90.0) / TILE_DEG).astype(int)
    code = ti * 1000 + tj
    order = np.argsort(code, kind="stable")
    sc = code[order]
    cuts = np.flatnonzero(np.diff(sc)) + 1
    from ..data.world import decode_sea_tiles

    decode_sea_tiles((int(c) // 1000, int(c) % 1000) for c in np.unique(sc))
    for grp in np.split(order, cuts):
        c = int(code[grp[0]])
        tile = sea_tile(c // 1000, c % 1000)
        if tile is None:
            continue
        shapely.prepare(tile)
        res[grp] = shapely.contains_xy(tile, points[grp, 0], points[grp, 1])
    return res
