"""Neighbour searches between (lon, lat) points on the unit sphere, with NumPy only.

The world table needs two searches: every vertex within a radius of a point (the countries met
at a border's end) and the ``k`` nearest vertices of a country (gap bridging).  Both run on
unit vectors with a uniform 3-D grid of cubes (no KD-tree library, so nothing heavy is
imported).  Distances are chords of the unit sphere; a search of radius ``r`` looks at the 27
cubes of side ``r`` around a point, which hold every point within ``r`` of it, so the answers
are exact.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: Largest number of (query, candidate) pairs held at once.
_MAX_PAIRS = 500_000


def unit(lonlat: np.ndarray) -> np.ndarray:
    """Unit vectors (x, y, z) of ``(n, 2)`` (lon, lat) degrees."""
    import numpy as np

    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


class _Grid:
    """Points binned in cubes of side ``cell``, sorted by cube."""

    def __init__(self, pts: np.ndarray, cell: float) -> None:
        import numpy as np

        self.cell = max(float(cell), 1e-6)
        self.base = np.int64(2 * int(np.ceil(1.0 / self.cell)) + 8)
        code = self._codes(pts)
        self.order = np.argsort(code, kind="stable")
        self.codes = code[self.order]

    def _cube(self, pts: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.floor(pts / self.cell).astype(np.int64) + (self.base // 2)

    def _codes(self, pts: np.ndarray) -> np.ndarray:
        c = self._cube(pts)
        return (c[:, 0] * self.base + c[:, 1]) * self.base + c[:, 2]  # type: ignore[no-any-return]

    def ranges(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per query and neighbouring cube (``(n, 27)`` each): start and end in ``order``."""
        import numpy as np

        c = self._codes(queries)
        steps = np.array([-1, 0, 1], dtype=np.int64)
        offs = (
            steps[:, None, None] * self.base * self.base + steps[None, :, None] * self.base + steps[None, None, :]
        ).ravel()
        want = c[:, None] + offs[None, :]
        lo = np.searchsorted(self.codes, want, side="left")
        hi = np.searchsorted(self.codes, want, side="right")
        return lo, hi


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row number and position of every element of the ranges ``lo[i, c]:hi[i, c]``."""
    import numpy as np

    counts = (hi - lo).ravel()
    total = int(counts.sum())
    row = np.repeat(np.repeat(np.arange(lo.shape[0]), lo.shape[1]), counts)
    starts = np.cumsum(counts) - counts
    pos = np.arange(total) - np.repeat(starts - lo.ravel(), counts)
    return row, pos


def _chunks(per_query: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive query ranges holding at most about :data:`_MAX_PAIRS` candidates each."""
    import numpy as np

    bounds = [0]
    csum = np.cumsum(per_query)
    while bounds[-1] < len(per_query):
        base = csum[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(csum, base + _MAX_PAIRS, side="right"))
        bounds.append(max(nxt, bounds[-1] + 1))
    return list(itertools.pairwise(bounds))


def _pairs_within(pts: np.ndarray, queries: np.ndarray, r: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(query, point, chord distance) of the pairs at most ``r`` apart, in chunks of queries."""
    import numpy as np

    grid = _Grid(pts, r)
    lo, hi = grid.ranges(queries)
    out = []
    for s, e in _chunks((hi - lo).sum(axis=1)):
        row, pos = _expand(lo[s:e], hi[s:e])
        qi = row + s
        pi = grid.order[pos]
        d = np.sqrt(((queries[qi] - pts[pi]) ** 2).sum(axis=1))
        keep = d <= r
        out.append((qi[keep], pi[keep], d[keep]))
    return out


def within(pts: np.ndarray, queries: np.ndarray, r: float) -> list[np.ndarray]:
    """For each query (unit vector), the indices of ``pts`` (unit vectors) within chord ``r``."""
    import numpy as np

    if len(pts) == 0 or len(queries) == 0:
        return [np.zeros(0, dtype=np.int64) for _ in range(len(queries))]
    parts = _pairs_within(pts, queries, r)
    qi = np.concatenate([p[0] for p in parts])
    pi = np.concatenate([p[1] for p in parts])
    order = np.lexsort((pi, qi))
    qi, pi = qi[order], pi[order]
    cuts = np.searchsorted(qi, np.arange(1, len(queries)))
    return np.split(pi, cuts)


def nearest(
    pts: np.ndarray, queries: np.ndarray, k: int, r0: float, r_max: float = 2.0
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` points of ``pts`` nearest each query (unit vectors), nearest first.

    Returns ``(d, j)``, both ``(n, k)``: chord distances and indices into ``pts``
    (``k`` is lowered to ``len(pts)``).  The search radius starts at ``r0`` and grows
    fourfold for the queries with fewer than ``k`` points within it, up to ``r_max``
    (or ``r0`` if larger); a query with fewer than ``k`` points within that radius
    gets those points and ``inf`` distances (index 0) after them.  Ties go to the lower index.
    """
    import numpy as np

    k = min(k, len(pts))
    d_out = np.full((len(queries), k), np.inf)
    j_out = np.zeros((len(queries), k), dtype=np.int64)
    todo = np.arange(len(queries))
    r = max(float(r0), 1e-6)
    while len(todo) and k:
        r = min(r, 2.0)
        found = np.zeros(len(todo), dtype=bool)
        for qi, pi, d in _pairs_within(pts, queries[todo], r):
            order = np.lexsort((pi, d, qi))
            qi, pi, d = qi[order], pi[order], d[order]
            first = np.searchsorted(qi, qi)  # where each query's pairs start
            rank = np.arange(len(qi)) - first
            top = rank < k
            rows = todo[qi[top]]
            d_out[rows, rank[top]] = d[top]
            j_out[rows, rank[top]] = pi[top]
            found[qi[rank == k - 1]] = True
        todo = todo[~found]
        if r >= r_max or r >= 2.0:
            break
        r = min(r * 4.0, max(r_max, r))
    return d_out, j_out
