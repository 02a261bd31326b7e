"""A corpus's places near a border: the KD-tree prefilter keeps every place within reach, with the same distance."""

from __future__ import annotations

import numpy as np
import pytest

import bordermap
from bordermap.corpus.borders import _VERTEX_STEP_KM, border_distances_km
from bordermap.geometry.projection import geod


def _points_around(border: bordermap.Border, n: int, far_km: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points at random bearings and distances up to ``far_km`` from random points of the border."""
    rng = np.random.default_rng(seed)
    lons, lats = [], []
    for km in rng.uniform(0, border.length_km, n):
        p = border.locate(float(km))
        lons.append(p.x)
        lats.append(p.y)
    x, y, _ = geod().fwd(lons, lats, rng.uniform(-180, 180, n), rng.uniform(0, far_km, n) * 1000.0)
    return np.asarray(x), np.asarray(y)


@pytest.mark.parametrize(
    ("a", "b", "within"),
    [("LTU", "BLR", 25.0), ("POL", "UKR", 25.0), ("KEN", "SOM", 25.0), ("EGY", "SDN", 10.0), ("USA", "CAN", 50.0)],
)
def test_prefilter_keeps_every_place_within_reach(a: str, b: str, within: float) -> None:
    border = bordermap.shared_border(a, b)
    lon, lat = _points_around(border, 120, far_km=4 * within + 2 * _VERTEX_STEP_KM, seed=len(a + b) + int(within))
    every = border_distances_km(border, lon=lon, lat=lat)
    some = border_distances_km(border, lon=lon, lat=lat, within_km=within)
    assert np.isfinite(every).all()
    near = every <= within
    assert near.any() and (~near).any()
    # within reach: projected, the same distance; beyond: inf, or the same distance (the filter is a bound)
    assert np.array_equal(some[near], every[near])
    kept = np.isfinite(some)
    assert np.array_equal(some[kept], every[kept])
    assert (~kept).sum() >= (every > 2 * within + _VERTEX_STEP_KM * 2).sum() // 2  # it does filter


def test_no_place_and_no_place_near() -> None:
    border = bordermap.shared_border("LTU", "BLR")
    assert border_distances_km(border, lon=[], lat=[], within_km=25).tolist() == []
    assert border_distances_km(border, lon=[2.35, -74.0], lat=[48.86, 40.7], within_km=25).tolist() == [
        float("inf"),
        float("inf"),
    ]
