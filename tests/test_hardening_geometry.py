"""Geometry inputs on any file (issue 15): the antimeridian, NaN/Infinity, runaway nesting, limits, big fences."""

from __future__ import annotations

import json

import numpy as np
import pytest

import bordermap
from bordermap.geometry.linear import project, project_many
from bordermap.geometry.projection import distance_km


def pair(tmp_path, a_ring, b_ring, name="pair.geojson"):
    feats = [
        {
            "type": "Feature",
            "properties": {"iso_a3": iso, "name": iso.title()},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for iso, ring in (("AAA", a_ring), ("BBB", b_ring))
    ]
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return path


def test_ring_drawn_across_the_antimeridian_is_measured_the_short_way(tmp_path):
    """Rings drawn 170°E -> 170°W (no split at 180°): the shared edge is 20° of longitude, not 340°."""
    path = pair(
        tmp_path,
        [[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]],
        [[170, -10], [-170, -10], [-170, 0], [170, 0], [170, -10]],
    )
    frame = bordermap.load_countries(path)
    for g in frame.geometry:  # split at 180° as RFC 7946 asks, each side inside -180..180
        assert g.geom_type == "MultiPolygon" and sorted(round(p.bounds[0]) for p in g.geoms) == [-180, 170]
    border = bordermap.shared_border("AAA", "BBB", frame, sea_mask=False)
    truth = distance_km(lat1=0, lon1=170, lat2=0, lon2=-170)  # 2,226 km
    assert border.length_km == pytest.approx(truth, rel=0.005)
    assert border.geometry.bounds[0] >= -180 and border.geometry.bounds[2] <= 180
    assert all(abs(abs(t.lon) - 180) > 1e-6 for t in border.tripoints)  # the cut at 180° is no end


def test_split_rings_keep_their_measure_on_land(tmp_path):
    """The same on land (Chukotka, 66° N): 8° of longitude across 180°, the sea mask still applies."""
    path = pair(
        tmp_path,
        [[176, 66], [-176, 66], [-176, 68], [176, 68], [176, 66]],
        [[176, 64], [-176, 64], [-176, 66], [176, 66], [176, 64]],
    )
    border = bordermap.shared_border("AAA", "BBB", bordermap.load_countries(path))
    truth = distance_km(lat1=66, lon1=176, lat2=66, lon2=-176)
    assert 0 < border.length_km <= truth * 1.001
    assert border.length_km + border.maritime_km == pytest.approx(truth, rel=0.01)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_vertex_in_a_dataset_is_one_line_data_error(tmp_path, token):
    path = pair(
        tmp_path, [[20, 50], [21, 50], [21, 51], [20, 51], [20, 50]], [[21, 50], [22, 50], [22, 51], [21, 51], [21, 50]]
    )
    path.write_text(path.read_text().replace("[21, 51]", f"[21, {token}]", 1))
    with pytest.raises(bordermap.DataError) as err:
        bordermap.load_countries(path)
    msg = str(err.value)
    assert str(path) in msg and "\n" not in msg and ("finite" in msg or "JSON allows" in msg)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("kind", ["dataset", "fence", "crossings"])
def test_runaway_nesting_is_one_line_data_error(tmp_path, kind):
    path = tmp_path / f"deep.{'json' if kind != 'dataset' else 'geojson'}"
    path.write_text('{"type": "FeatureCollection", "features": ' + nested(100_000) + "}")
    border = bordermap.shared_border("LTU", "BLR") if kind == "fence" else None
    with pytest.raises(bordermap.DataError, match="nested too deeply") as err:
        if kind == "dataset":
            bordermap.load_countries(path)
        elif kind == "fence":
            bordermap.read_fence(border, path)
        else:
            from bordermap.data.points import read_points

            read_points(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


@pytest.fixture(scope="module")
def border():
    return bordermap.shared_border("LTU", "BLR")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "1e999"])
def test_non_finite_vertex_in_a_fence_is_one_line_data_error(tmp_path, border, token):
    line = [[p.x, p.y] for p in (border.locate(k) for k in (100, 110, 120))]
    path = tmp_path / "fence.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": line}).replace(str(line[1][1]), token, 1))
    with pytest.raises(bordermap.DataError) as err:
        bordermap.read_fence(border, path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_a_fence_of_10000_vertices_is_projected_at_once(tmp_path, border):
    """A fence line of 10,000 vertices (over 300 s when the border was projected once per vertex)."""
    import shapely

    part = max(shapely.get_parts(border.geometry), key=lambda g: g.length)
    xy = shapely.get_coordinates(part)
    t = np.linspace(0, len(xy) - 1, 10_000)  # 10,000 vertices along the border, 50 m off it
    line = np.column_stack(
        [np.interp(t, np.arange(len(xy)), xy[:, 0]) + 0.0007, np.interp(t, np.arange(len(xy)), xy[:, 1])]
    )
    path = tmp_path / "fence.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": line.tolist()}))
    cov = bordermap.read_fence(border, path)
    start, _ = project(border, lon=float(line[0, 0]), lat=float(line[0, 1]))
    end, _ = project(border, lon=float(line[-1, 0]), lat=float(line[-1, 1]))
    assert cov.covered_km == pytest.approx(abs(end - start), abs=0.05)
    assert cov.covered_km > 100


def test_project_many_agrees_with_project(border):
    rng = np.random.default_rng(15)
    x0, y0, x1, y1 = border.geometry.bounds
    lon, lat = rng.uniform(x0, x1, 40), rng.uniform(y0, y1, 40)
    km, d = project_many(border, lon=lon, lat=lat)
    for k in range(40):
        k1, d1 = project(border, lon=float(lon[k]), lat=float(lat[k]))
        assert d[k] == pytest.approx(d1, rel=0.01, abs=0.05)
        if d1 < 20:  # near the border the nearest point is the same one
            assert km[k] == pytest.approx(k1, abs=0.5)


def test_limits_on_features_and_vertices(tmp_path, restore_settings):
    path = pair(
        tmp_path, [[20, 50], [21, 50], [21, 51], [20, 51], [20, 50]], [[21, 50], [22, 50], [22, 51], [21, 51], [21, 50]]
    )
    restore_settings.max_features = 1
    with pytest.raises(bordermap.DataError, match=r"2 features, more than settings\.max_features"):
        bordermap.load_countries(path)
    restore_settings.max_features = 100
    restore_settings.max_vertices = 9
    with pytest.raises(bordermap.DataError, match=r"10 vertices, more than settings\.max_vertices"):
        bordermap.load_countries(path)
    restore_settings.max_vertices = 10
    assert len(bordermap.load_countries(path)) == 2
    restore_settings.max_data_file_bytes = 100
    other = pair(
        tmp_path, [[20, 50], [21, 50], [21, 51], [20, 50]], [[21, 50], [22, 50], [21, 51], [21, 50]], "b.geojson"
    )
    with pytest.raises(bordermap.InputFileError, match="too large for a GeoJSON dataset"):
        bordermap.load_countries(other)
