"""Property tests on synthetic polygons (hypothesis): symmetry, chainage, sections, corridor width."""

from __future__ import annotations

import itertools

import geopandas as gpd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

import bordermap
from bordermap.geometry.projection import local_crs, to_lonlat

FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pair(offsets: list[float]) -> gpd.GeoDataFrame:
    """Two countries side by side (lon 30.0-30.5 | 30.5-31.0, lat 10-11) whose common
    boundary is a zig-zag through the given lon offsets."""
    n = len(offsets)
    seam = [(30.5 + dx, 10.0 + i / (n - 1)) for i, dx in enumerate(offsets)]
    west = Polygon([(30.0, 10.0), *seam, (30.0, 11.0)])
    east = Polygon([*seam, (31.0, 11.0), (31.0, 10.0)])
    return gpd.GeoDataFrame(
        {"iso_a3": ["AAA", "BBB"], "name": ["Aland", "Bland"]}, geometry=[west, east], crs="EPSG:4326"
    )


seams = st.lists(st.floats(-0.2, 0.2), min_size=3, max_size=25).map(lambda xs: [0.0, *xs[1:-1], 0.0])


@FAST
@given(seams)
def test_border_length_is_symmetric(offsets):
    frame = _pair(offsets)
    ab = bordermap.shared_border("AAA", "BBB", frame, sea_mask=False)
    ba = bordermap.shared_border("BBB", "AAA", frame, sea_mask=False)
    assert ab.length_km == pytest.approx(ba.length_km, rel=1e-9)
    assert ab.length_km > 110  # at least the 1° of latitude


@FAST
@given(seams, st.lists(st.floats(0, 1), min_size=2, max_size=8))
def test_chainage_is_monotonic_and_sections_add_up(offsets, cuts):
    border = bordermap.shared_border("AAA", "BBB", _pair(offsets), sea_mask=False)
    kms = sorted(c * border.length_km for c in cuts)
    projected = [border.project(border.locate(k))[0] for k in kms]
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(projected))
    assert projected == pytest.approx(kms, abs=1e-3)
    edges = [0.0, *kms, border.length_km]
    total = sum(border.section(a, b).length_km for a, b in itertools.pairwise(edges))
    assert total == pytest.approx(border.length_km, rel=1e-6)


def _dumbbell(width_km: float, neck_km: float) -> Polygon:
    """Two 100 km squares joined by a neck ``width_km`` wide and ``neck_km`` long (lon/lat)."""
    s, w, n = 100_000.0, width_km * 1000.0, neck_km * 1000.0
    left = box(-s - n / 2, -s / 2, -n / 2, s / 2)
    right = box(n / 2, -s / 2, s + n / 2, s / 2)
    neck = box(-n / 2 - 1, -w / 2, n / 2 + 1, w / 2)
    metric = left.union(neck).union(right)
    return to_lonlat(metric, local_crs(lon=25.0, lat=20.0))


@FAST
@given(st.floats(0.5, 5.0), st.floats(5.0, 30.0))
def test_corridor_of_known_width_is_found(width_km, neck_km):
    table = bordermap.narrowest_corridors(_dumbbell(width_km, neck_km))
    assert len(table) >= 1
    assert table.width_km.iloc[0] == pytest.approx(width_km, rel=0.01)
    assert table.smaller_side_km2.iloc[0] == pytest.approx(10_000, rel=0.2)


@FAST
@given(seams, st.floats(29.0, 32.0), st.floats(9.5, 11.5))
def test_point_and_keywords_agree_and_a_bare_pair_is_refused(offsets, lon, lat):
    from shapely.geometry import Point

    border = bordermap.shared_border("AAA", "BBB", _pair(offsets), sea_mask=False)
    by_point = border.project(Point(lon, lat))
    assert border.project(lat=lat, lon=lon) == by_point
    assert 0 <= by_point[0] <= border.length_km + 1e-9
    for pair in ((lon, lat), (lat, lon), [lon, lat]):
        with pytest.raises(bordermap.ArgumentError, match="ambiguous"):
            border.project(pair)


def test_local_projection_pipeline_matches_pyproj_from_crs():
    """The local projection built as a PROJ pipeline gives pyproj's from_crs numbers exactly, both ways."""
    import numpy as np
    from pyproj import Transformer

    from bordermap.geometry.projection import _transformers, local_crs

    rng = np.random.default_rng(7)
    for _ in range(12):
        lat0, lon0 = rng.uniform(-80, 80), rng.uniform(-180, 180)
        crs = local_crs(lon=lon0, lat=lat0)
        fwd, inv = _transformers(crs)
        ref_fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform
        ref_inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform
        x = lon0 + rng.uniform(-20, 20, 200)
        y = np.clip(lat0 + rng.uniform(-15, 15, 200), -89, 89)
        got, ref = fwd(x, y), ref_fwd(x, y)
        assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])
        back, ref_back = inv(*got), ref_inv(*ref)
        assert np.array_equal(back[0], ref_back[0]) and np.array_equal(back[1], ref_back[1])
