"""Maps: display geometry, layers, text-only content, self-contained output, notebook display."""

from __future__ import annotations

import html as htmllib
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
    size = (seeds_report.out / "map.html").stat().st_size
    assert 50_000 < size <= 1_500_000


def test_self_contained_has_no_external_reference(tmp_path, full_map):
    from bordermap.publish._assets import external_urls

    plain, inline = tmp_path / "plain.html", tmp_path / "inline.html"
    full_map.save(plain)
    full_map.save(inline, self_contained=True)
    text = inline.read_text(encoding="utf-8")
    assert external_urls(plain.read_text(encoding="utf-8"))  # the default page loads Leaflet from a CDN
    assert external_urls(text) == []
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=|<img[^>]*\ssrc=", text)
    assert "L.Control.Measure" in text and "leaflet-control-layers" in text
    assert '"tiles":{' in text and "var offline = true" in text  # tiles offered, not shown
    assert inline.stat().st_size <= 1_500_000 + 400_000


def test_self_contained_without_assets_is_one_line_error(tmp_path, full_map, monkeypatch):
    monkeypatch.setenv("BORDERMAP_ASSETS", str(tmp_path / "none"))
    with pytest.raises(bordermap.OutputError, match=r"leaflet@1\.9\.3 not found .*fetch-assets") as err:
        full_map.save(tmp_path / "x.html", self_contained=True)
    assert "\n" not in str(err.value)
    assert not (tmp_path / "x.html").exists()


def test_notebook_display_is_an_iframe(full_map):
    out = full_map._repr_html_()
    assert "<iframe" in out and "srcdoc=" in out
    assert "L.map" in htmllib.unescape(out)


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
    assert {p.name for p in folder.iterdir()} >= {"situation.js", "situation.css"}
    page = full_map.to_html()
    js = template_text("situation.js")
    assert "function infoTable(info, parent)" in js and "function infoTable(info, parent)" in page
    assert ".bm-title{position:absolute" in template_text("situation.css") and ".bm-title{position:absolute" in page
    assert "{#" not in page and "This comment is not rendered" not in page
