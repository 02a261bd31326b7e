"""Property tests: the GeoJSON writer and the text side never break on arbitrary input."""

from __future__ import annotations

import itertools
import json

import geopandas as gpd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

import bordermap

coord = st.floats(min_value=-179.0, max_value=174.0, allow_nan=False, allow_infinity=False)
lat = st.floats(min_value=-85.0, max_value=84.0, allow_nan=False, allow_infinity=False)
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
# GDAL reads strings as C strings (cut at NUL), so round-trip names exclude NUL.
names_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"))


@st.composite
def polygons(draw):
    x, y = draw(coord), draw(lat)
    w, h = draw(st.floats(0.001, 5)), draw(st.floats(0.001, 5))
    clockwise = draw(st.booleans())
    ring = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    return Polygon(ring[::-1] if clockwise else ring)


def _signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(polygons(), min_size=1, max_size=4), st.lists(names_text, min_size=4, max_size=4), st.integers(0, 9))
def test_geojson_writer_roundtrip_rfc7946_deterministic(tmp_path, polys, names, precision):
    gdf = gpd.GeoDataFrame({"name": names[: len(polys)]}, geometry=polys, crs="EPSG:4326")
    p1, p2 = tmp_path / "a.geojson", tmp_path / "b.geojson"
    fc = bordermap.to_geojson(gdf, p1, precision=precision)
    bordermap.to_geojson(gdf, p2, precision=precision)
    assert p1.read_bytes() == p2.read_bytes()
    data = json.loads(p1.read_text(encoding="utf-8"))
    assert data == fc and "crs" not in data and data["type"] == "FeatureCollection"
    for feat, poly, name in zip(data["features"], polys, names, strict=False):
        assert feat["properties"]["name"] == name
        ring = feat["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1]
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)
        assert all(len(str(v).split(".")[-1]) <= max(precision, 1) for xy in ring for v in xy if "e" not in str(v))
        if precision >= 3 and poly.area > 1e-4:
            assert _signed_area(ring) > 0  # exterior counter-clockwise
    back = gpd.read_file(p1)
    assert list(back["name"]) == names[: len(polys)]
    if precision >= 6:
        for a, b in zip(back.geometry, polys, strict=False):
            assert a.hausdorff_distance(b) < 1e-5


@settings(max_examples=150, deadline=None)
@given(text)
def test_extract_places_never_crashes(s):
    mentions = bordermap.extract_places(s)
    for m in mentions:
        assert s[m.start : m.end] == m.text or m.text in s
        assert -90 <= m.place.lat <= 90 and -180 <= m.place.lon <= 180


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Vilnius",
                "Minsk",
                "Dieveniškės",
                "the",
                "border",
                "Sofia",
                "Frontex",
                "\u202e",
                "<script>",
                "km",
                "680",
                ",",
                ".",
            ]
        ),
        max_size=30,
    ),
    text,
)
def test_extract_places_on_mixed_news_words(words, noise):
    s = " ".join(words) + noise
    for m in bordermap.extract_places(s):
        assert m.place.name and m.sentence


def test_point_geojson_roundtrip(tmp_path):
    gdf = gpd.GeoDataFrame({"name": ["x"]}, geometry=[Point(25.1234567, 54.7654321)], crs=4326)
    fc = bordermap.to_geojson(gdf, precision=6)
    assert fc["features"][0]["geometry"]["coordinates"] == [25.123457, 54.765432]


def _check_claims(s: str) -> None:
    import math

    for c in bordermap.extract_claims(s):
        assert c.text and c.text in s and s[c.start : c.end] == c.text
        assert math.isfinite(c.value) and (c.km is None or math.isfinite(c.km))
        assert (c.sentence and c.text in c.sentence) or not c.sentence.strip()
        json.dumps(c.to_dict(), allow_nan=False)  # what report.json will write


@settings(max_examples=150, deadline=None)
@given(text)
def test_extract_claims_never_crashes(s):
    _check_claims(s)


numbers = st.one_of(
    st.integers(0, 10**6).map(str),
    st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:,.2f}"),
    st.integers(20, 400).map(lambda n: "9" * n),  # more digits than a float holds
    st.sampled_from(["1e308", "0", "0.0", "1,000,000", "½", "٣٤٠", "１２３"]),
)
words = st.sampled_from(
    ["km", "kilometres", "-kilometer", "miles", "m", "long", "wide", "border", "fence", "euros", "$", "€",
     "million", "billion", "people", "migrants", "Lithuania", "Belarus", "with", "nearly", "about", "\u202e",
     "</script>", "${x}", "`", ",", ".", " date 2021-07-12", "\x00"]
)  # fmt: skip


units = st.sampled_from(["km", "kilometres", "-kilometer", "mile", "m long", "euros", "million euros", "people"])
quantities = st.one_of(
    st.builds(lambda n, u: f"{n} {u}", numbers, units),
    st.builds(lambda c, n: f"{c}{n}", st.sampled_from(["$", "€", "EUR "]), numbers),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(quantities, numbers, words), max_size=30), text)
def test_extract_claims_on_number_soup(parts, noise):
    _check_claims(" ".join(parts) + noise)
