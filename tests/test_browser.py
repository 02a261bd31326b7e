"""The maps as a person sees them: headless Chromium (Debian's), network blocked.

Set-up (``scripts/test``) installs the ``chromium`` package when missing; no browser is downloaded.
Every page is opened from a file with all other requests aborted and recorded: the default page
must draw with zero requests and no console error.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from pathlib import Path

import pytest

import bordermap
from bordermap.publish.maps import make_map
from tests import maps_inputs as mi
from tests.conftest import run_cli
from tests.hostile import ARGS, CHROMIUM  # Debian's chromium and its headless flags

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium missing: scripts/test installs the Debian package"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened from a file with every non-file request aborted, its console recorded."""

    def __init__(self, browser, path: Path, *, ready: bool = True, size: tuple[int, int] = (1280, 860)) -> None:
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.route("**/*", self._route)
        start = time.perf_counter()
        self.page.goto(path.as_uri())
        if ready:
            self.page.wait_for_selector("html[data-bordermap-ready]", timeout=30_000)
        self.interactive_s = time.perf_counter() - start

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def click_place(self, name_prefix: str) -> None:
        """Click (with the mouse) the marker of the place whose name starts with ``name_prefix``."""
        xy = self.page.evaluate(
            """(prefix) => {
                let pt = null;
                bordermap.layers.places.eachLayer(l => {
                  if (l.feature.properties.name.startsWith(prefix)) {
                    const p = bordermap.map.latLngToContainerPoint(l.getLatLng());
                    const r = bordermap.map.getContainer().getBoundingClientRect();
                    pt = [p.x + r.left, p.y + r.top];
                  }
                });
                return pt;
            }""",
            name_prefix,
        )
        assert xy, f"no marker for {name_prefix!r}"
        self.page.mouse.click(*xy)
        self.page.wait_for_selector(".leaflet-popup-content", timeout=5_000)


@pytest.fixture(scope="module")
def situation_page(browser, countries, tmp_path_factory):
    border = bordermap.shared_border("LTU", "BLR", countries)
    fence, uncovered = mi.fence_frames(border)
    corridors = mi.corridor_frame(countries)
    fmap = make_map(
        countries,
        border,
        mi.payload_places(),
        title="Test " + mi.PAYLOAD,
        fence=fence,
        uncovered=uncovered,
        corridors=corridors,
        zone=mi.zone_geometry(border),
        claims=mi.claims(border, corridors),
    )
    path = tmp_path_factory.mktemp("browser") / "situation.html"
    fmap.save(path)  # self-contained by default
    page = Page(browser, path)
    yield page
    page.page.close()


@pytest.fixture(scope="module")
def seeds_page(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    proc = run_cli("report", "--out", str(out))  # the default map.html, end to end
    assert proc.returncode == 0, proc.stderr
    assert "<script src=" not in (out / "map.html").read_text(encoding="utf-8")
    page = Page(browser, out / "map.html")
    yield page
    page.page.close()


def test_seeds_map_draws_offline_without_errors(seeds_page):
    pg = seeds_page.page
    assert seeds_page.errors == []
    assert seeds_page.blocked == []  # nothing even tried the network
    paths = pg.locator(".leaflet-overlay-pane svg path")
    assert paths.count() >= 3 + 1 + 4  # countries, the border, the places
    border = pg.locator("path[stroke='#c0392b']")
    assert border.count() == 1 and len(border.get_attribute("d")) > 1000
    assert pg.locator(".leaflet-control-layers-overlays label").all_inner_texts() == [
        " Countries",
        " Fence sections (assumed placement)",  # the seeds give the fence's length, not where it stands
        " No fence (assumed placement)",
        " Border LTU–BLR",
        " Narrowest corridor",
        " Places in the articles",
    ]
    assert pg.locator(".bm-legend").inner_text().startswith("Legend")
    assert "Fence (assumed placement)" in pg.locator(".bm-legend").inner_text()
    assert pg.locator(".leaflet-control-scale-line").count() == 1
    assert pg.locator(".bm-measure").count() == 1
    assert "Lithuania–Belarus border" in pg.locator(".bm-title").inner_text()
    assert sorted(pg.locator(".bm-label:not(.bm-neighbour)").all_inner_texts()) == ["BELARUS", "LITHUANIA"]
    assert {"LATVIA", "RUSSIA"} <= set(pg.locator(".bm-neighbour").all_inner_texts())  # neighbours labelled
    assert pg.evaluate("bordermap.folds.filter(d => d.open).length") == 3  # room enough: layers, legend, claims
    assert seeds_page.interactive_s < 15


def test_unverified_place_popup_carries_its_note_and_article_titles(seeds_page):
    seeds_page.click_place("Padvarionys")
    popup = seeds_page.page.locator(".leaflet-popup-content")
    assert popup.inner_text().startswith("Padvarionys")
    assert "NOT VERIFIED" in popup.locator(".bm-note").inner_text()  # the curated row's note
    source = popup.locator(".src").first.inner_text()
    assert source.startswith("In response to sanctions") and "001_f190" not in source  # title, not file name
    seeds_page.page.evaluate("bordermap.map.closePopup()")


def test_seeds_marker_popup_shows_article_and_sentence(seeds_page):
    seeds_page.click_place("Dieveni")
    popup = seeds_page.page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert text.startswith("Dieveniškės") and "LTU" in text
    assert popup.locator("blockquote mark").first.inner_text().startswith("Dieveni")
    assert popup.locator(".src").count() >= 1 and "20" in popup.locator(".src").first.inner_text()  # a date
    seeds_page.page.keyboard.press("Escape")


def test_layer_toggle_hides_the_border(seeds_page):
    pg = seeds_page.page
    pg.locator(".leaflet-control-layers-overlays label", has_text="Border").locator("input").uncheck()
    assert pg.locator("path[stroke='#c0392b']").count() == 0
    pg.locator(".leaflet-control-layers-overlays label", has_text="Border").locator("input").check()
    assert pg.locator("path[stroke='#c0392b']").count() == 1


def test_situation_layers_drawn(situation_page):
    pg = situation_page.page
    assert situation_page.errors == []
    for colour, n in (("#1d3557", 2), ("#f4a300", 3), ("#111111", 1), ("#7b2cbf", 1)):
        assert pg.locator(f"path[stroke='{colour}']").count() == n, colour
    assert pg.locator(".bm-width").inner_text() == "2.6 km"
    claims = pg.locator(".bm-claims")
    assert "Claims checked (3)" in claims.inner_text()
    assert pg.locator(".bm-claims .bm-ok").count() == 2


def test_injected_text_shows_and_runs_nothing(situation_page):
    pg = situation_page.page
    situation_page.click_place("Medininkai")
    popup = pg.locator(".leaflet-popup-content")
    assert popup.locator("img, script, b").count() == 0
    assert mi.PAYLOAD in popup.inner_text()
    assert "evil-<b>1</b>" in popup.inner_text()
    assert mi.PAYLOAD in pg.locator(".bm-claims").inner_text()
    assert pg.locator(".bm-claims img, .bm-claims script").count() == 0
    assert pg.locator(".bm-title").inner_text() == "Test " + mi.PAYLOAD
    pg.mouse.move(1, 1)
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.title().startswith("Test <script>")
    assert situation_page.errors == [] and situation_page.blocked == []


def test_cdn_page_draws_with_its_cdn_files(browser, tmp_path, countries):
    """A cdn=True page, served the xstatic-leaflet files for its two CDN addresses: it draws; nothing else is asked."""
    from bordermap.publish._assets import leaflet_dir

    path = tmp_path / "cdn.html"
    make_map(countries, bordermap.shared_border("LTU", "BLR", countries)).save(path, cdn=True)
    served: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        elif url.startswith("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet."):
            served.append(url)
            name = url.rsplit("/", 1)[1]
            ctype = "text/css" if name.endswith(".css") else "application/javascript"
            headers = {"Content-Type": ctype, "Access-Control-Allow-Origin": "*"}
            r.fulfill(status=200, body=(leaflet_dir() / name).read_bytes(), headers=headers)
        else:
            blocked.append(url)
            r.abort()

    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", route)
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-bordermap-ready]", timeout=30_000)
        assert sorted(served) == [
            "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
            "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        ]  # the integrity hashes matched: Leaflet ran
        assert page.locator("path[stroke='#c0392b']").count() == 1
        assert blocked == [] and errors == []  # no tiles, no jQuery, Bootstrap or fonts
        assert page.locator(".bm-noleaflet").count() == 0
    finally:
        page.close()


def test_cdn_page_offline_says_why_instead_of_a_blank_page(browser, tmp_path, countries):
    path = tmp_path / "cdn.html"
    make_map(countries, bordermap.shared_border("LTU", "BLR", countries)).save(path, cdn=True)
    pg = Page(browser, path, ready=False)
    try:
        note = pg.page.locator(".bm-noleaflet")
        note.wait_for(timeout=10_000)
        assert note.is_visible()
        assert note.inner_text().startswith("Leaflet failed to load: this page needs an internet connection")
        assert pg.page.get_attribute("html", "data-bordermap-ready") is None
        assert sorted(u.rsplit("/", 1)[1] for u in pg.blocked) == ["leaflet.css", "leaflet.js"]
    finally:
        pg.page.close()


def test_tile_basemap_is_an_online_extra(browser, tmp_path, countries):
    """With tiles: they are asked for (and blocked here); the page says the basemap needs a connection, and failed."""
    path = tmp_path / "tiles.html"
    make_map(countries, bordermap.shared_border("LTU", "BLR", countries), tiles="OpenStreetMap").save(path)
    pg = Page(browser, path)
    try:
        page = pg.page
        assert pg.blocked and all(u.startswith("https://tile.openstreetmap.org/") for u in pg.blocked)
        page.locator(".bm-tiles-failed").wait_for(timeout=10_000)
        assert "could not be loaded" in page.locator(".bm-tiles-note").inner_text()
        bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
        assert [b.strip() for b in bases] == ["Countries only (offline)", "OpenStreetMap.Mapnik (online)"]
        assert page.locator("path[stroke='#c0392b']").count() == 1  # everything else drew
        assert [e for e in pg.errors if "ERR_FAILED" not in e] == []
    finally:
        page.close()


def test_measure_tool_gives_geodesic_km(browser, situation_page):
    """Our own distance tool: click two points, read the WGS84 geodesic distance; clear; close."""
    from pyproj import Geod

    pg = situation_page.page
    pg.evaluate("() => { bordermap.map.closePopup(); }")  # another test's popup
    pg.wait_for_selector(".leaflet-popup", state="detached")
    pg.locator(".bm-measure-toggle").click(timeout=3000)
    assert pg.locator(".bm-measure-readout").inner_text() == "Click on the map to start a line"
    box = pg.locator("#" + pg.evaluate("bordermap.map.getContainer().id")).bounding_box()
    marker = pg.evaluate(
        """() => { let xy = null; bordermap.layers.places.eachLayer(l => {
                     xy = bordermap.map.latLngToContainerPoint(l.getLatLng()); }); return [xy.x, xy.y]; }"""
    )
    for x, y in ((300, 300), (800, 500), tuple(marker)):  # the last on a place marker: a point, no popup
        pg.mouse.click(box["x"] + x, box["y"] + y)
    assert pg.locator(".leaflet-popup").count() == 0
    pts = pg.evaluate("bordermapMeasure.points().map(p => [p.lat, p.lng])")
    assert len(pts) == 3
    geod = Geod(ellps="WGS84")
    expect_km = sum(geod.inv(a[1], a[0], b[1], b[0])[2] for a, b in itertools.pairwise(pts)) / 1000
    assert pg.evaluate("bordermapMeasure.totalM()") / 1000 == pytest.approx(expect_km, abs=1e-6)
    text = pg.locator(".bm-measure-readout").inner_text()
    assert text == f"Distance: {expect_km:.1f} km (2 segments)"
    assert pg.locator("path[stroke='#d7263d']").count() == 1 + 3  # the line and its points
    pg.locator(".bm-measure-clear").click(timeout=3000)
    assert pg.locator(".bm-measure-readout").inner_text() == "Click on the map to start a line"
    assert pg.evaluate("bordermapMeasure.points().length") == 0
    pg.locator(".bm-measure-close").click(timeout=3000)
    assert not pg.locator(".bm-measure-panel").is_visible()
    pg.mouse.click(box["x"] + 500, box["y"] + 400)  # no longer measuring
    assert pg.evaluate("bordermapMeasure.points().length") == 0
    assert situation_page.errors == [] and situation_page.blocked == []


def visible_label_boxes(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-tooltip-pane .leaflet-tooltip')]
             .filter(e => !e.classList.contains('bm-hidden'))
             .map(e => { const r = e.getBoundingClientRect();
                         return {text: e.textContent, cls: e.className, left: r.left, right: r.right,
                                 top: r.top, bottom: r.bottom}; })"""
    )


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                out.append((a["text"], b["text"]))
    return out


def test_labels_do_not_stack(browser, tmp_path):
    """IND–BGD: two corridor labels at nearly the same place, a place label on India's label; zoom out too."""
    import geopandas as gpd
    import shapely

    from bordermap.data.world import load_world

    world = load_world()
    border = bordermap.shared_border("BGD", "IND", world)
    chords = [  # two chords across the Siliguri corridor, 4 km apart
        shapely.LineString([(88.40, 26.70), (88.30, 26.50)]),
        shapely.LineString([(88.43, 26.69), (88.33, 26.49)]),
    ]
    corridors = gpd.GeoDataFrame(
        {"name": ["Siliguri corridor", "Siliguri corridor (south)"], "width_km": [22.4, 23.1], "country": "IND"},
        geometry=chords,
        crs="EPSG:4326",
    )
    page_data = json.loads(re.search(r"var D = (\{.*?\});\n", make_map(world, border).to_html()).group(1))
    countries = page_data["layers"][0]["features"]
    lat, lon = next(f["properties"]["label"] for f in countries if f["properties"]["iso_a3"] == "IND")
    places = gpd.GeoDataFrame(
        [{"name": "Place on the India label", "country": "IND", "kind": "town", "mentions": []}],
        geometry=[shapely.Point(lon - 0.05, lat)],
        crs="EPSG:4326",
    )
    path = tmp_path / "labels.html"
    make_map(world, border, places, corridors=corridors).save(path)
    pg = Page(browser, path)
    try:
        page = pg.page
        boxes = visible_label_boxes(page)
        texts = {b["text"] for b in boxes}
        assert "22.4 km" in texts  # the narrowest corridor keeps its label
        assert "Place on the India label" in texts and "India" in texts  # the country label moved, not hidden
        assert overlapping(boxes) == []
        undone = """() => document.querySelectorAll('.leaflet-tooltip').forEach(e => {
                      e.classList.remove('bm-hidden'); e.style.translate = ''; })"""
        page.evaluate(undone)
        assert len(overlapping(visible_label_boxes(page))) >= 2  # as placed: corridor and place labels stacked
        page.evaluate("bordermap.declutter()")
        assert visible_label_boxes(page) == boxes
        moved = page.evaluate(
            "[...document.querySelectorAll('.bm-label')].filter(e => e.textContent === 'India')[0].style.translate"
        )
        assert moved  # India's label was moved off the place
        for _ in range(4):  # zooming out brings labels together: still none stacked
            page.evaluate("() => { bordermap.map.setZoom(bordermap.map.getZoom() - 1, {animate: false}); }")
            assert overlapping(visible_label_boxes(page)) == []
        assert pg.errors == [] and pg.blocked == []
    finally:
        page.close()


@pytest.mark.parametrize("a, b", [("ESP", "MAR"), ("FIN", "RUS"), ("FRA", "MCO")])
def test_world_maps_draw_offline(browser, tmp_path, a, b):
    """World pairs (exclaves, a pair that crashed, a tiny country): every layer drawn, no request, no error."""
    from bordermap.data.world import load_world

    world = load_world()
    border = bordermap.shared_border(a, b, world)
    path = tmp_path / "map.html"
    make_map(world, border, title=f"{a}–{b}").save(path)
    pg = Page(browser, path)
    try:
        page = pg.page
        assert pg.errors == [] and pg.blocked == []
        n_countries = page.evaluate("bordermap.data.layers[0].features.length")
        drawn = page.locator(".leaflet-overlay-pane svg path").count()
        assert drawn >= n_countries + 1  # every country and the border
        assert page.locator("path[stroke='#c0392b']").count() == 1
        labels = sorted(page.locator(".bm-label:not(.bm-neighbour)").all_inner_texts())
        assert len(labels) == 2 and all(labels)
    finally:
        page.close()


#: The share of the viewport under the map's controls and title (their union, on a 4-pixel grid).
COVERED = """() => {
  const vw = innerWidth, vh = innerHeight, cols = Math.ceil(vw / 4), rows = Math.ceil(vh / 4);
  const grid = new Uint8Array(cols * rows);
  let n = 0;
  document.querySelectorAll('.leaflet-control, .bm-title').forEach(e => {
    const r = e.getBoundingClientRect();
    for (let y = Math.max(0, Math.floor(r.top / 4)); y < Math.min(rows, Math.ceil(r.bottom / 4)); y++)
      for (let x = Math.max(0, Math.floor(r.left / 4)); x < Math.min(cols, Math.ceil(r.right / 4)); x++)
        if (!grid[y * cols + x]) { grid[y * cols + x] = 1; n++; }
  });
  return n / grid.length;
}"""


def test_a_small_window_shows_the_map_and_the_panels_unfold(browser, tmp_path):
    out = tmp_path / "report"
    proc = run_cli("report", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    roomy = Page(browser, out / "map.html")
    small = Page(browser, out / "map.html", size=(800, 600))
    try:
        big_share = roomy.page.evaluate(COVERED)
        page = small.page
        share = page.evaluate(COVERED)
        assert share < 0.35 and share < big_share / 2  # measured: 0.08 of 800 x 600, against 0.21 of 1280 x 860
        assert page.evaluate("bordermap.folds.map(d => d.open)") == [False, False, False]  # layers, legend, claims
        assert not page.locator(".leaflet-control-layers-overlays").is_visible()
        # neighbours are labelled on the small map too
        assert {"LATVIA", "POLAND"} <= set(page.locator(".bm-neighbour").all_inner_texts())
        # a click on a heading unfolds its panel
        page.locator(".bm-claims summary").click()
        assert page.locator(".bm-claims table").is_visible() and page.locator(".bm-claims .bm-verdict").count() == 4
        page.locator(".bm-layers summary").click()
        assert page.locator(".leaflet-control-layers-overlays label", has_text="Border").is_visible()
        assert page.evaluate(COVERED) > share + 0.1
        # a wider window unfolds the legend too; the claims stay as the reader left them, folded again
        page.locator(".bm-claims summary").click()
        page.set_viewport_size({"width": 1280, "height": 860})
        page.wait_for_function("bordermap.folds[1].open")
        assert page.evaluate("bordermap.folds.map(d => d.open)") == [True, True, False]
        page.set_viewport_size({"width": 800, "height": 600})
        page.wait_for_function("!bordermap.folds[1].open")
        assert page.evaluate("bordermap.folds.map(d => d.open)") == [True, False, False]  # layers: the reader's
        assert small.errors == [] and small.blocked == []
    finally:
        roomy.page.close()
        small.page.close()


def test_the_map_labels_the_neighbours(countries):
    border = bordermap.shared_border("LTU", "BLR", countries)
    page = make_map(countries, border).to_html()
    data = json.loads(re.search(r"var D = (\{.*?\});\n", page).group(1))
    feats = data["layers"][0]["features"]
    labelled = {f["properties"]["iso_a3"]: f["properties"] for f in feats if f["properties"]["label"]}
    assert {"LTU", "BLR", "LVA", "POL", "RUS"} <= set(labelled)
    assert {labelled[c]["role"] for c in ("LVA", "POL", "RUS")} == {"context"}
    lat, lon = labelled["LVA"]["label"]
    lva = countries.set_index("iso_a3").geometry["LVA"]
    from shapely.geometry import Point

    assert lva.contains(Point(lon, lat)) and lat < 57.5  # inside Latvia, near the pair (not at Riga's gulf end)
