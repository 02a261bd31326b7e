"""Maps: display geometry, layers, text-only content, self-contained output, notebook display."""

from __future__ import annotations

import html as htmllib
import itertools
import json
import re

import pytest
import shapely
from shapely.geometry import shape

import bordermap
from bordermap.geometry.projection import local_crs, to_metric
from bordermap.publish.maps import make_map, script_json, simplify_countries
from tests import maps_inputs as mi


@pytest.fixture(scope="module")
def ltu_blr(countries):
    return bordermap.shared_border("LTU", "BLR", countries)


@pytest.fixture(scope="module")
def situation(countries, ltu_blr):
    fence, uncovered = mi.fence_frames(ltu_blr)
    corridors = mi.corridor_frame(countries)
    return {
        "fence": fence,
        "uncovered": uncovered,
        "corridors": corridors,
        "zone": mi.zone_geometry(ltu_blr),
        "claims": mi.claims(ltu_blr, corridors),
    }


@pytest.fixture(scope="module")
def full_map(countries, ltu_blr, situation):
    return make_map(countries, ltu_blr, mi.payload_places(), title="LTU–BLR " + mi.PAYLOAD, **situation)


def page_data(html: str) -> dict:
    """The JSON blob the page draws from (``var D = {...};``)."""
    m = re.search(r"var D = (\{.*?\});\n", html)
    assert m, "no data blob in page"
    return json.loads(m.group(1))


def layer(data: dict, layer_id: str) -> dict:
    return next(x for x in data["layers"] if x["id"] == layer_id)


def test_displayed_countries_share_edges_exactly(full_map, ltu_blr):
    """What the page draws (rounded to 5 decimals): no overlap, no gap along the border."""
    feats = {
        f["properties"]["iso_a3"]: shape(f["geometry"])
        for f in layer(page_data(full_map.to_html()), "countries")["features"]
    }
    crs = local_crs(25.5, 54.8)
    ltu, blr = to_metric(feats["LTU"], crs), to_metric(feats["BLR"], crs)
    assert ltu.is_valid and blr.is_valid
    assert ltu.intersection(blr).area < 1.0  # m²: no overlap
    shared = shapely.line_merge(ltu.boundary.intersection(blr.boundary))
    border_m = to_metric(ltu_blr.geometry, crs)
    # The shared edge runs the whole border: no stretch where the two drift apart (a gap).
    assert shared.length == pytest.approx(border_m.length, rel=0.03)
    drawn = shapely.union_all([to_metric(g, crs) for g in feats.values()])
    near = shapely.buffer(border_m, 500).difference(drawn)
    assert near.area < 1.0  # no sliver between them anywhere along the border


def test_naive_per_polygon_simplification_leaves_gaps(countries, ltu_blr):
    """The check above is sharp enough to catch simplifying each polygon alone."""
    crs = local_crs(25.5, 54.8)
    frame = countries.set_index("iso_a3").geometry
    ltu, blr = (to_metric(frame[c], crs).simplify(300, preserve_topology=True) for c in ("LTU", "BLR"))
    assert ltu.intersection(blr).area > 1e4


def test_drawn_border_within_100_m_of_computed(countries, ltu_blr):
    shown = simplify_countries(countries, ltu_blr, simplify_m=30)
    assert shown.hausdorff_m is not None and 0 < shown.hausdorff_m <= 100
    assert shapely.coverage_is_valid(to_metric(shapely.GeometryCollection(list(shown.countries.geometry)), shown.crs))
    coarse = simplify_countries(countries, ltu_blr, simplify_m=300)
    assert coarse.hausdorff_m > shown.hausdorff_m  # the figure measures something


def test_simplify_rejects_bad_tolerance(countries):
    with pytest.raises(ValueError, match="simplify_m=-1"):
        simplify_countries(countries, simplify_m=-1)
    with pytest.raises(bordermap.DataError, match="no polygon to draw"):
        make_map(countries.iloc[:0])
    with pytest.raises(bordermap.DataError, match="iso_a3"):
        make_map(countries.drop(columns="iso_a3"))


def test_all_layers_legend_claims_and_view(full_map, ltu_blr, situation):
    data = page_data(full_map.to_html())
    names = [x["name"] for x in data["layers"]]
    assert names == [
        "Countries",
        "Border zone",
        "Fence sections",
        "No fence",
        "Border LTU–BLR",
        "Narrowest corridor",
        "Places in the articles",
    ]
    fence = layer(data, "fence")["features"]
    assert [f["properties"]["tip"] for f in fence] == [
        "Fence km 20.0–180.0 (160.0 km)",
        "Fence km 300.0–520.0 (220.0 km)",
    ]
    corridor = layer(data, "corridors")["features"][0]["properties"]
    assert corridor["label"] == f"{situation['corridors']['width_km'].iloc[0]:.1f} km"
    lat, lon = corridor["label_at"]
    assert abs(lat - 54.31) < 0.05 and abs(lon - 25.53) < 0.05
    assert {x["label"] for x in data["legend"]} >= {"Fence", "No fence", "Corridor width", "Border (672 km)"}
    assert [c["tone"] for c in data["claims"][:2]] == ["ok", "ok"]
    (s, w), (n, e) = data["bounds"]
    x0, y0, x1, y1 = ltu_blr.geometry.bounds
    assert w <= x0 and s <= y0 and e >= x1 and n >= y1  # the whole border is in view
    assert e - w < 6 and n - s < 4  # ... and not the whole region
    labels = {
        f["properties"]["name"] for f in layer(data, "countries")["features"] if f["properties"]["role"] != "context"
    }
    assert labels == {"Lithuania", "Belarus"}


def test_article_text_is_never_markup(full_map):
    page = full_map.to_html()
    assert mi.PAYLOAD not in page
    assert "window.__pwned" in page  # it is there, as JSON text
    blob = re.search(r"var D = (\{.*?\});\n", page).group(1)
    assert "<" not in blob and ">" not in blob and "&" not in blob.replace("\\u0026", "")
    assert page.count("<script") == page.count("</script>")
    data = page_data(page)
    place = layer(data, "places")["features"][0]["properties"]
    assert place["name"] == "Medininkai " + mi.PAYLOAD  # exact text survives
    assert "".join(place["mentions"][0]["parts"]) == "Near " + mi.PAYLOAD + " end."
    assert data["title"] == "LTU–BLR " + mi.PAYLOAD
    assert f"<title>{htmllib.escape('LTU–BLR ' + mi.PAYLOAD)}</title>" in page
    assert json.loads(script_json(mi.PAYLOAD)) == mi.PAYLOAD


def test_seeds_map_size(seeds_report):
    """The report's default map.html: self-contained (Leaflet inlined), at most 1.5 MB."""
    from bordermap.publish._assets import external_urls

    page = (seeds_report.out / "map.html").read_text(encoding="utf-8")
    assert external_urls(page) == [] and "Leaflet 1.9.3" in page
    assert 200_000 < len(page.encode()) <= 1_500_000


def test_default_page_is_self_contained(tmp_path, full_map):
    """The default page inlines Leaflet from the xstatic-leaflet package: nothing to load, nothing fetched."""
    from bordermap.publish._assets import external_urls

    path = tmp_path / "map.html"
    full_map.save(path)
    text = path.read_bytes().decode("utf-8")
    assert external_urls(text) == []
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=|<img[^>]*\ssrc=", text)
    assert "Leaflet 1.9.3" in text and "leaflet-control-layers" in text  # Leaflet's JS and CSS
    assert 'url("data:image/png;base64,' in text  # the stylesheet's images as data: URIs
    assert "sourceMappingURL" not in text
    assert "bm-measure" in text and "function geodesicM" in text  # our own distance tool...
    assert "leaflet-measure" not in text and "L.Control.Measure" not in text  # ... no third-party plugin
    assert '"tiles":null' in text  # no basemap unless asked for
    assert "Leaflet failed to load" in text  # the page says so rather than stay blank
    assert full_map.to_html() == text
    assert path.stat().st_size <= 1_500_000 + 200_000


def test_cdn_page_loads_the_same_leaflet_with_integrity(tmp_path, full_map):
    import base64
    import hashlib

    from bordermap.publish._assets import external_urls, leaflet_dir

    full_map.save(tmp_path / "inline.html")
    full_map.save(tmp_path / "cdn.html", cdn=True)
    text = (tmp_path / "cdn.html").read_text(encoding="utf-8")
    assert external_urls(text) == [
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    ]
    for name in ("leaflet.js", "leaflet.css"):
        digest = base64.b64encode(hashlib.sha384((leaflet_dir() / name).read_bytes()).digest()).decode()
        assert f'integrity="sha384-{digest}" crossorigin="anonymous"' in text
    assert "Leaflet failed to load: this page needs an internet connection" in text
    assert "Leaflet 1.9.3" not in text
    smaller = (tmp_path / "inline.html").stat().st_size - (tmp_path / "cdn.html").stat().st_size
    assert 150_000 < smaller < 200_000


def test_self_contained_flag_is_accepted_and_cdn_excludes_it(tmp_path, full_map):
    full_map.save(tmp_path / "a.html", self_contained=True)
    full_map.save(tmp_path / "b.html", self_contained=False)  # as old callers pass it: still self-contained
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes() == full_map.to_html().encode()
    with pytest.raises(bordermap.ArgumentError, match="self_contained=True and cdn=True") as err:
        full_map.save(tmp_path / "c.html", self_contained=True, cdn=True)
    assert isinstance(err.value, ValueError) and not (tmp_path / "c.html").exists()


@pytest.fixture
def no_xstatic(monkeypatch):
    """xstatic-leaflet not installed (the import fails), with the module's caches emptied before and after."""
    import sys

    import xstatic.pkg

    from bordermap.publish import _assets

    caches = (_assets.leaflet_dir, _assets._integrity, _assets._inline_js, _assets._inline_css)
    for c in caches:
        c.cache_clear()
    monkeypatch.setitem(sys.modules, "xstatic.pkg.leaflet", None)
    monkeypatch.delattr(xstatic.pkg, "leaflet", raising=False)
    yield
    monkeypatch.undo()
    for c in caches:
        c.cache_clear()


def test_without_xstatic_self_contained_is_one_line_error(tmp_path, full_map, no_xstatic):
    with pytest.raises(bordermap.OutputError, match=r"xstatic-leaflet .*cdn=True") as err:
        full_map.save(tmp_path / "x.html")
    assert "\n" not in str(err.value)
    assert not (tmp_path / "x.html").exists()
    full_map.save(tmp_path / "cdn.html", cdn=True)  # the CDN page needs no package
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3" in (tmp_path / "cdn.html").read_text(encoding="utf-8")


def test_plain_folium_plugins_are_not_fetched(tmp_path):
    """Only Leaflet is bundled: a page needing other scripts is refused self-contained, written with cdn=True."""
    import folium

    from bordermap.publish.maps import render_html

    fmap = folium.Map(tiles=None)
    with pytest.raises(bordermap.OutputError, match=r"cannot inline https://code\.jquery\.com/.*cdn=True"):
        render_html(fmap)
    assert "code.jquery.com" in render_html(fmap, cdn=True)


def test_tiles_are_an_online_extra(countries, ltu_blr):
    """No basemap by default; a named provider adds one (the page then says it needs a connection)."""
    from bordermap.publish.maps import tile_info

    assert page_data(make_map(countries, ltu_blr).to_html())["tiles"] is None
    data = page_data(make_map(countries, ltu_blr, tiles="OpenStreetMap").to_html())
    assert data["tiles"]["name"] == "OpenStreetMap.Mapnik"
    assert data["tiles"]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in data["tiles"]["attribution"]
    assert tile_info(True)["name"] == "OpenStreetMap.Mapnik" and tile_info("OpenTopoMap")["max_zoom"] == 17
    with pytest.raises(bordermap.ArgumentError, match="needs an API key"):
        tile_info("CartoDB.Positron")
    for bad in ("Nowhere", "", 3):
        with pytest.raises(bordermap.ArgumentError, match="tiles=") as err:
            tile_info(bad)
        assert "\n" not in str(err.value)


def test_notebook_display_is_an_iframe(full_map):
    from bordermap.publish._assets import external_urls

    out = full_map._repr_html_()
    assert "<iframe" in out and "srcdoc=" in out
    inner = htmllib.unescape(out.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert "L.map" in inner and external_urls(inner) == []  # no network in the notebook either
    assert inner == full_map.to_html()


def test_map_without_border_fits_countries(countries):
    two = countries[countries.iso_a3.isin(["EST", "LVA"])]
    data = page_data(make_map(two, tiles=False).to_html())
    assert data["tiles"] is None and [x["id"] for x in data["layers"]] == ["countries"]
    (s, w), (n, e) = data["bounds"]
    assert [w, s, e, n] == pytest.approx(list(two.total_bounds), abs=0.01)


def test_map_displays_inline_in_jupyter(tmp_path, monkeypatch):
    """A real kernel (nbclient + ipykernel): the cell's rich output is the map in an iframe."""
    import os

    import nbformat
    from nbclient import NotebookClient

    from tests.conftest import ROOT

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import bordermap\n"
            "c = bordermap.load_countries()\n"
            "bordermap.make_map(c, bordermap.shared_border('LTU', 'BLR', c), height='500px')"
        )
    ]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    (out,) = nb.cells[0].outputs
    html = out["data"]["text/html"]
    assert out["output_type"] == "execute_result" and "<iframe" in html
    assert "L.map" in htmllib.unescape(html) and "Border LTU" in htmllib.unescape(html)


def test_map_takes_result_objects(countries, ltu_blr):
    """A FenceCoverage, a Zone and ClaimCheck objects are drawn as such (no JSON-shaped dicts needed)."""
    cov = bordermap.fence_coverage(ltu_blr, [bordermap.reported_fence(ltu_blr, 550)])
    zone = bordermap.border_zone(ltu_blr, 5, within="LTU", countries=countries)
    claims = bordermap.check_claims(
        bordermap.extract_claims("Lithuania shares a border with Belarus of about 680 kilometers."),
        {"border_length": ltu_blr.length_km},
    )
    data = page_data(make_map(countries, ltu_blr, fence=cov, zone=zone, claims=claims, tiles=False).to_html())
    assert [f["properties"]["tip"] for f in layer(data, "fence")["features"]] == ["Fence km 60.9–610.9 (550.0 km)"]
    assert [f["properties"]["tip"] for f in layer(data, "uncovered")["features"]] == [
        "No fence km 0.0–60.9 (60.9 km)",
        "No fence km 610.9–671.8 (60.9 km)",
    ]
    assert layer(data, "fence")["features"][0]["properties"]["info"]["length_km"] == 550.0
    assert shape(layer(data, "zone")["features"][0]["geometry"]).area > 0
    (row,) = data["claims"]
    assert (row["claimed"], row["computed"], row["difference"], row["verdict"], row["tone"]) == (
        "680 km",
        "671.8 km",
        "+1.2 %",
        "consistent",
        "ok",
    )


def test_places_must_be_a_geodataframe(countries, ltu_blr):
    with pytest.raises(bordermap.ArgumentError, match="places: expected a GeoDataFrame") as err:
        make_map(countries, ltu_blr, [{"name": "Vilnius", "lat": 54.69, "lon": 25.28}])
    assert isinstance(err.value, ValueError)


def test_script_and_styles_are_package_data(full_map):
    from importlib.resources import files

    from bordermap.publish.maps import template_text

    folder = files("bordermap.publish").joinpath("templates")
    assert {p.name for p in folder.iterdir()} >= {"situation.js", "situation.css", "measure.js"}
    page = full_map.to_html()
    js = template_text("situation.js")
    assert "function infoTable(info, parent)" in js and "function infoTable(info, parent)" in page
    assert ".bm-title{position:absolute" in template_text("situation.css") and ".bm-title{position:absolute" in page
    assert "{#" not in page and "This comment is not rendered" not in page


# --------------------------------------------------------------------------- the world: maps that never crash


@pytest.fixture(scope="module")
def world():
    from bordermap.data.world import load_world

    return load_world()


def drawable(data: dict) -> dict[str, shapely.Geometry]:
    """The countries of a page's data by ISO code, each checked drawable: valid, non-empty, polygonal, in range."""
    out = {}
    for f in layer(data, "countries")["features"]:
        iso, g = f["properties"]["iso_a3"], shape(f["geometry"])
        assert g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty, iso
        assert g.is_valid, (iso, shapely.is_valid_reason(g))
        assert all(not p.is_empty and p.area > 0 for p in shapely.get_parts(g)), f"{iso}: empty part"
        x0, y0, x1, y1 = g.bounds
        assert -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90, iso
        if f["properties"]["role"] != "context":
            lat, lon = f["properties"]["label"]
            assert g.buffer(1e-4).contains(shapely.Point(lon, lat)), f"{iso}: label outside"
        out[iso] = g
    return out


def border_line(data: dict):
    line = shape(layer(data, "border")["features"][0]["geometry"])
    assert line.geom_type in ("LineString", "MultiLineString") and line.length > 0
    return line


@pytest.mark.parametrize("a, b", [("FIN", "RUS"), ("USA", "MEX"), ("RUS", "UKR"), ("FRA", "ESP")])
def test_world_pairs_that_crashed_draw(world, a, b):
    """These maps ended in 'GEOSException: getX called on empty Point'."""
    border = bordermap.shared_border(a, b, world)
    shown = simplify_countries(world, border)
    for iso, g in zip(shown.countries.iso_a3, shown.countries.geometry, strict=True):
        assert g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon"), iso
    data = page_data(make_map(world, border, title=f"{a}–{b}").to_html())
    feats = drawable(data)
    assert {a, b} <= set(feats)
    assert border_line(data).hausdorff_distance(border.geometry) < 0.05  # degrees: the whole border is drawn
    assert shown.hausdorff_m is not None and shown.hausdorff_m < 5 * shown.simplify_m + 200


def test_territory_inside_a_country_never_vanishes(world):
    """Åland lies inside Finland's polygon: the bundled display coverage gives it to Åland (the smaller country).

    Cleaned at run time (here: Finland's rings reordered, so not the bundled row), the pair keeps the
    overlap: Åland falls back and is drawn as Finland's; it never crashes.
    """
    border = bordermap.shared_border("FIN", "RUS", world)
    ala = world.set_index("iso_a3").geometry["ALA"]
    shown = simplify_countries(world, border)
    assert shown.prebuilt and shown.fallbacks == ()
    got = shown.countries.set_index("iso_a3").geometry
    assert got["ALA"].intersection(ala).area > 0.9 * ala.area and got["FIN"].intersection(ala).area < 0.01 * ala.area
    edited = world.copy()
    edited.loc[edited.iso_a3 == "FIN", "geometry"] = shapely.normalize(edited.geometry[edited.iso_a3 == "FIN"].values)
    shown = simplify_countries(edited, border)
    assert not shown.prebuilt and "ALA" in shown.fallbacks
    fin = shown.countries.set_index("iso_a3").geometry["FIN"]
    assert fin.intersection(ala).area > 0.9 * ala.area  # drawn as Finland's
    no_pair = simplify_countries(world[world.iso_a3.isin(["FIN", "ALA", "SWE", "EST"])], simplify_m=5_000)
    assert "ALA" in set(no_pair.countries.iso_a3) and no_pair.fallbacks == ()  # the smaller keeps the overlap


def test_simplification_never_empties_a_country():
    """Synthetic: a territory inside the pair, a country overlapping it, a speck island, a bow-tie; coarse tolerance."""
    import geopandas as gpd

    geoms = [
        shapely.box(20, 50, 21, 51),
        shapely.box(21, 50, 22, 51),
        shapely.box(20.2, 50.2, 20.3, 50.3),  # inside AAA's polygon
        shapely.box(20.5, 50.9, 20.6, 51.1),  # half inside AAA
        shapely.box(21.5, 51.2, 21.5001, 51.2001),  # about 8 m across
        shapely.Polygon([(22.1, 50.1), (22.4, 50.4), (22.4, 50.1), (22.1, 50.4)]),  # a bow-tie (invalid)
        shapely.Polygon(),
    ]
    frame = gpd.GeoDataFrame({"iso_a3": ["AAA", "BBB", "TTT", "PPP", "SSS", "XXX", "EEE"]}, geometry=geoms, crs=4326)
    frame["name"] = frame.iso_a3
    border = bordermap.shared_border("AAA", "BBB", frame)
    for tol in (30, 2_000, 50_000):
        shown = simplify_countries(frame, border, simplify_m=tol)
        got = shown.countries.set_index("iso_a3").geometry
        assert set(got.index) == {"AAA", "BBB", "PPP", "SSS", "XXX"}  # TTT is AAA's; EEE was empty
        assert all(g.is_valid and not g.is_empty and g.area > 0 for g in got)
        assert shown.fallbacks == ("TTT",)
        assert got["PPP"].area == pytest.approx(0.01, rel=0.05 if tol < 10_000 else 0.3)  # the half outside AAA
        assert got["SSS"].area > 0 and got["AAA"].intersection(got["BBB"]).area == 0
        assert shown.border is not None and shown.border.length == pytest.approx(1.0, rel=0.01)
    alone = simplify_countries(frame, simplify_m=50_000)
    assert set(alone.countries.iso_a3) == {"AAA", "BBB", "TTT", "PPP", "SSS", "XXX"} and alone.fallbacks == ()


def test_exclaves_ceuta_and_melilla(world):
    """ESP–MAR is a border in several pieces, around two Spanish exclaves in Africa."""
    border = bordermap.shared_border("ESP", "MAR", world)
    assert len(shapely.get_parts(shapely.line_merge(border.geometry))) >= 2
    data = page_data(make_map(world, border).to_html())
    feats = drawable(data)
    line = border_line(data)
    ceuta, melilla = shapely.Point(-5.32, 35.89), shapely.Point(-2.95, 35.29)
    for town in (ceuta, melilla):
        assert feats["ESP"].contains(town) and not feats["MAR"].contains(town)
        assert line.distance(town) < 0.05  # the border is drawn around each
    assert len(shapely.get_parts(line)) >= 2
    assert feats["ESP"].intersects(shapely.box(-9, 37, 3, 43))  # mainland Spain is drawn too


def test_antimeridian(world):
    """Russia whole (it crosses 180°), Fiji and the USA in the context: split at ±180, never a band round the world."""
    frame = world[world.iso_a3.isin(["RUS", "MNG", "CHN", "KAZ", "USA", "FJI"])]
    border = bordermap.shared_border("RUS", "MNG", frame)
    fmap = make_map(frame, border, pair_clip_deg=None, context_margin_deg=70, simplify_m=2_000)
    data = page_data(fmap.to_html())
    feats = drawable(data)
    roles = {f["properties"]["iso_a3"]: f["properties"]["role"] for f in layer(data, "countries")["features"]}
    assert roles["FJI"] == roles["USA"] == "context" and roles["RUS"] != "context"
    for iso in ("RUS", "FJI", "USA"):
        x0, _, x1, _ = feats[iso].bounds
        assert x0 < -179.9 and x1 > 179.9, iso  # parts on both sides of the antimeridian
    for f in layer(data, "countries")["features"]:
        for ring in _rings(f["geometry"]):
            lons = [p[0] for p in ring]
            jumps = [abs(q - p) for p, q in itertools.pairwise(lons)]
            assert max(jumps) < 90, f["properties"]["iso_a3"]  # no edge across the whole map
    (_, w), (_, e) = data["bounds"]
    assert e - w < 60  # the view is Mongolia's border, not the world
    assert border_line(data).length > 0
    # Without a border: the same countries, the whole world in view.
    plain = page_data(make_map(frame, simplify_m=5_000).to_html())
    assert set(drawable(plain)) == {"RUS", "MNG", "CHN", "KAZ", "USA", "FJI"}


def _rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for poly in geometry["coordinates"] for ring in poly]


@pytest.mark.parametrize("small, big", [("MCO", "FRA"), ("AND", "ESP"), ("AND", "FRA"), ("LIE", "CHE"), ("LIE", "AUT")])
def test_tiny_countries(world, small, big):
    border = bordermap.shared_border(small, big, world)
    data = page_data(make_map(world, border).to_html())
    feats = drawable(data)
    raw = world.set_index("iso_a3").geometry[small]
    assert feats[small].area == pytest.approx(raw.area, rel=0.1)  # a few km² stay a few km²
    assert border_line(data).hausdorff_distance(border.geometry) < 0.01
    (s, w), (n, e) = data["bounds"]
    assert e - w < 2 and n - s < 2  # the view is the tiny border


@pytest.mark.parametrize("small", ["VAT", "SMR"])
def test_enclaves_vatican_san_marino(world, small):
    """Enclaves in Italy: drawn valid at any tolerance, with their border (a closed ring)."""
    near = world[world.iso_a3.isin(["ITA", "VAT", "SMR", "FRA", "CHE", "AUT", "SVN"])]
    raw = world.set_index("iso_a3").geometry[small]
    for tol in (30.0, 5_000.0):
        got = simplify_countries(near, simplify_m=tol).countries.set_index("iso_a3").geometry
        assert got[small].is_valid and got[small].area > 0 and got[small].intersects(raw)
    border = bordermap.shared_border("ITA", small, world)
    feats = drawable(page_data(make_map(world, border).to_html()))
    assert feats[small].area == pytest.approx(raw.area, rel=0.1)


def test_long_border_russia_kazakhstan(world):
    border = bordermap.shared_border("RUS", "KAZ", world)
    shown = simplify_countries(world, border)
    assert 200 < shown.simplify_m < 500  # a continental view is simplified more...
    assert shown.hausdorff_m is not None and shown.hausdorff_m < 3_000  # ... and stays on the border
    page = make_map(world, border).to_html()
    data = page_data(page)
    drawable(data)
    assert border_line(data).hausdorff_distance(border.geometry) < 0.05
    assert len(page.encode()) < 2_500_000
    (_, w), (_, e) = data["bounds"]
    assert w <= border.geometry.bounds[0] and e >= border.geometry.bounds[2]


def test_label_point_of_empty_and_tiny_geometries():
    from bordermap.publish.maps import _label_point

    assert _label_point(shapely.Polygon(), (0, 0, 1, 1)) is None
    assert _label_point(None, (0, 0, 1, 1)) is None
    assert _label_point(shapely.MultiPolygon(), (0, 0, 1, 1)) is None
    tiny = shapely.box(10, 10, 10 + 1e-9, 10 + 1e-9)
    x, y = _label_point(tiny, (0, 0, 1, 1))
    assert abs(x - 10) < 1e-6 and abs(y - 10) < 1e-6
    two = shapely.MultiPolygon([shapely.box(0, 0, 0.1, 0.1), shapely.box(5, 5, 9, 9)])
    assert _label_point(two, (0, 0, 1, 1)) == pytest.approx((0.05, 0.05))  # the part in the focus box
    assert _label_point(two, (20, 20, 21, 21)) == pytest.approx((7, 7))  # none in it: the largest part


def test_cli_map_options_fail_early():
    """A wrong --tiles name, or --cdn with --self-contained, is one line before any work; fetch-assets is gone."""
    from tests.conftest import run_cli

    proc = run_cli("report", "--tiles", "Nowhere", "--out", "/nonexistent/never")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "bordermap: error: tiles='Nowhere': no such tile provider (try OpenStreetMap, OpenTopoMap or another "
        "xyzservices name)"
    )
    proc = run_cli("report", "--cdn", "--self-contained")
    assert proc.returncode == 2 and proc.stderr.strip().endswith(
        "--cdn and --self-contained: choose one (self-contained is the default)"
    )
    proc = run_cli("fetch-assets")
    assert proc.returncode == 2 and "invalid choice: 'fetch-assets'" in proc.stderr
    helptext = run_cli("report", "--help").stdout
    assert "--cdn" in helptext and "--tiles NAME" in helptext and "--self-contained" in helptext
