"""The NumPy grid searches of the world table (``bordermap.geometry._neighbours``) against brute force."""

from __future__ import annotations

import numpy as np

from bordermap.geometry._neighbours import nearest, unit, within


def _points(rng: np.random.Generator, n: int) -> np.ndarray:
    lonlat = np.column_stack([rng.uniform(20, 30, n), rng.uniform(50, 58, n)])
    return unit(lonlat)


def test_within_finds_exactly_the_points_within_the_radius():
    rng = np.random.default_rng(1)
    pts, queries = _points(rng, 3000), _points(rng, 200)
    r = 20_000 / 6_371_008.8
    found = within(pts, queries, r)
    d = np.linalg.norm(queries[:, None, :] - pts[None, :, :], axis=2)
    for q in range(len(queries)):
        assert found[q].tolist() == np.flatnonzero(d[q] <= r).tolist()


def test_nearest_gives_the_k_nearest_in_order_and_stops_at_the_radius_limit():
    rng = np.random.default_rng(2)
    pts, queries = _points(rng, 2000), _points(rng, 300)
    d_all = np.linalg.norm(queries[:, None, :] - pts[None, :, :], axis=2)
    d, j = nearest(pts, queries, 3, 1e-5)
    order = np.argsort(d_all, axis=1, kind="stable")[:, :3]
    assert np.array_equal(j, order)
    assert np.array_equal(d, np.take_along_axis(d_all, order, axis=1))
    # with a limit: the points within it, then inf
    r_max = 5_000 / 6_371_008.8
    d, j = nearest(pts, queries, 3, 1e-5, r_max)
    for q in range(len(queries)):
        inside = order[q][d_all[q, order[q]] <= r_max]
        assert j[q, : len(inside)].tolist() == inside.tolist()
        assert np.isinf(d[q, len(inside) :]).all()
    assert nearest(pts[:2], queries, 3, 1e-5)[0].shape == (len(queries), 2)
