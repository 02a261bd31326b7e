"""What a corpus needs of borders: the borders it is about, and places' distances to them."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..data.countries import country_row, load_countries
from ..exc import NoSharedBorderError
from ..geometry.borders import Border, shared_border
from ..report.places import _points_frame

if TYPE_CHECKING:
    import geopandas as gpd


def corpus_borders(
    pair_counts: Mapping[tuple[str, str], int],
    *,
    max_borders: int = 8,
    countries: gpd.GeoDataFrame | None = None,
) -> list[Border]:
    """The borders a corpus talks about: the pairs of neighbouring countries most often named in one article.

    Parameters
    ----------
    pair_counts : mapping of (str, str) to int
        Number of articles that name both countries (ISO3), e.g. from the corpus's articles table.
    max_borders : int
        At most this many borders, the most named first.
    countries : GeoDataFrame, optional
        Default the bundled world.

    Returns
    -------
    list of Border
        Pairs that share a land border, most named first (pairs that are no neighbours are left out).

    Examples
    --------
    >>> [(b.a, b.b) for b in corpus_borders({("BLR", "LTU"): 7, ("FRA", "LTU"): 9, ("BLR", "POL"): 3})]
    [('BLR', 'LTU'), ('BLR', 'POL')]
    """
    import shapely

    frame = load_countries() if countries is None else countries
    codes = set(frame["iso_a3"])
    neighbours = _world_neighbours() if countries is None else None
    out: list[Border] = []
    for (a, b), _ in sorted(pair_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(out) >= max_borders:
            break
        if a == b or a not in codes or b not in codes:
            continue
        if neighbours is not None:
            found = _default_border(a, b) if (min(a, b), max(a, b)) in neighbours else None
        else:
            ga, gb = country_row(frame, a).geometry, country_row(frame, b).geometry
            if not shapely.dwithin(ga, gb, 0.01):
                continue
            try:
                found = shared_border(a, b, frame)
            except NoSharedBorderError:
                continue
        if found is not None:
            out.append(found)
    return out


@functools.lru_cache(maxsize=1)
def _world_neighbours() -> frozenset[tuple[str, str]]:
    """The pairs ``(a, b)``, ``a < b``, of countries of the bundled world that share a land border (one pass)."""
    from ..geometry.table import border_table

    table = border_table(progress=False)
    return frozenset(zip(table["a"], table["b"], strict=True))


@functools.lru_cache(maxsize=256)
def _default_border(a: str, b: str) -> Border | None:
    """The border of two countries of the bundled world (None if they share none), computed once per process.

    A pair whose border cannot be extracted (a geometry error of the dataset) counts as sharing none, with
    a warning: one pair never stops a corpus run.
    """
    import warnings

    from shapely.errors import ShapelyError

    try:
        return shared_border(a, b, load_countries())
    except (NoSharedBorderError, KeyError):
        return None
    except (ShapelyError, ValueError) as err:
        warnings.warn(f"border {a}–{b}: cannot be extracted ({type(err).__name__}: {err}); left out", stacklevel=2)
        return None


def border_distances_km(border: Border, *, lon: Any, lat: Any, within_km: float | None = None) -> Any:
    """Geodesic distance (km) of each point to ``border`` (:func:`bordermap.distances_to_border`).

    Parameters
    ----------
    border : Border
    lon, lat : array-like of float
        The points, degrees.
    within_km : float, optional
        Only the distances up to this matter: a point that cannot be this near (:func:`_may_be_within`, a
        KD-tree of the border's vertices) is not projected and gets ``inf``.  The others get the same
        distance as without it.

    Returns
    -------
    numpy.ndarray of float

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> km = border_distances_km(b, lon=[25.28, 2.35], lat=[54.687, 48.86], within_km=50)
    >>> bool(20 < km[0] < 40), float(km[1])
    (True, inf)
    """
    import numpy as np

    from ..geometry.measures import distances_to_border

    xs = np.asarray(lon, dtype=float)
    ys = np.asarray(lat, dtype=float)
    out = np.full(len(xs), np.inf)
    keep = np.ones(len(xs), dtype=bool) if within_km is None else _may_be_within(border, xs, ys, within_km)
    if not keep.any():
        return out
    frame = _points_frame((str(k), float(x), float(y)) for k, (x, y) in enumerate(zip(xs[keep], ys[keep], strict=True)))
    out[keep] = distances_to_border(border, frame)["border_distance_km"].to_numpy(dtype=float)
    return out


#: Spacing (km) of the points put along the border for :func:`_may_be_within`: every point of the border is
#: within half of it of one of them.
_VERTEX_STEP_KM = 10.0
#: Mean radius of the Earth (km): the KD-tree's distances are on this sphere.
_EARTH_KM = 6371.0088


def _may_be_within(border: Border, lon: Any, lat: Any, km: float) -> Any:
    """Whether each point may lie within ``km`` of the border (True for every point that does; a prefilter).

    The border's vertices, with points added along each geodesic segment every :data:`_VERTEX_STEP_KM`
    at most, as 3-D unit vectors in a KD-tree (:func:`_border_tree`): the border point nearest to a place
    (geodesically interpolated between vertices, as :func:`bordermap.geometry.linear.project` gives it) is
    within half a step of one of them.  A point is kept when a vertex lies within ``km`` plus half a step,
    plus 1 % and 1 km for the sphere's departure from the ellipsoid.
    """
    import math

    import numpy as np

    tree = _border_tree(border.geometry)
    if tree is None:  # no vertex: every point is projected (and the border's error raised there)
        return np.ones(len(np.atleast_1d(lon)), dtype=bool)
    reach = (km + _VERTEX_STEP_KM / 2) * 1.01 + 1.0
    chord = 2.0 * math.sin(min(reach / _EARTH_KM, math.pi) / 2.0) + 1e-9
    dist, _ = tree.query(_unit_vectors(lon, lat), distance_upper_bound=chord)
    return np.asarray(dist <= chord)


def _unit_vectors(lon: Any, lat: Any) -> Any:
    import numpy as np

    x, y = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    return np.column_stack([np.cos(y) * np.cos(x), np.cos(y) * np.sin(x), np.sin(y)]).reshape(-1, 3)


@functools.lru_cache(maxsize=64)
def _border_tree(geometry: Any) -> Any:
    """A KD-tree of a border line's vertices and of points every :data:`_VERTEX_STEP_KM` along its segments."""
    import numpy as np
    import shapely
    from scipy.spatial import cKDTree

    from ..geometry.projection import geod

    lons: list[Any] = []
    lats: list[Any] = []
    for part in shapely.get_parts(geometry):
        xy = shapely.get_coordinates(part)
        lons.append(xy[:, 0])
        lats.append(xy[:, 1])
        if len(xy) < 2:
            continue
        az, _, d = geod().inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        d = np.asarray(d, dtype=float) / 1000.0
        pieces = np.ceil(d / _VERTEX_STEP_KM).astype(int)
        for k in np.flatnonzero(pieces > 1):  # points along the segment's geodesic, as the border is interpolated
            t = np.arange(1, pieces[k]) * (d[k] / pieces[k]) * 1000.0
            x, y, _ = geod().fwd(np.full(len(t), xy[k, 0]), np.full(len(t), xy[k, 1]), np.full(len(t), az[k]), t)
            lons.append(np.asarray(x))
            lats.append(np.asarray(y))
    if not sum(map(len, lons)):
        return None
    return cKDTree(_unit_vectors(np.concatenate(lons), np.concatenate(lats)))
