"""The maps as a person sees them: headless Chromium (Debian's), network blocked.

Set-up (``scripts/test``) installs the ``chromium`` package when missing; no browser is downloaded.
"""

from __future__ import annotations

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

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.route("**/*", self._route)
        start = time.perf_counter()
        self.page.goto(path.as_uri())
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
    fmap.save(path, self_contained=True)
    page = Page(browser, path)
    yield page
    page.page.close()


@pytest.fixture(scope="module")
def seeds_page(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-sc")
    proc = run_cli("report", "--out", str(out), "--self-contained")  # the CLI flag, end to end
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
        " Fence sections",
        " No fence",
        " Border LTU–BLR",
        " Narrowest corridor",
        " Places in the articles",
    ]
    assert pg.locator(".bm-legend").inner_text().startswith("Legend")
    assert pg.locator(".leaflet-control-scale-line").count() == 1
    assert pg.locator(".leaflet-control-measure").count() == 1
    assert "Lithuania–Belarus border" in pg.locator(".bm-title").inner_text()
    assert sorted(pg.locator(".bm-label").all_inner_texts()) == ["BELARUS", "LITHUANIA"]
    assert seeds_page.interactive_s < 15


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


def test_default_page_works_with_its_cdn_files(browser, seeds_report):
    """The default map.html (scripts from a CDN): served the same npm files, it draws; tiles are requested."""
    from bordermap.publish._assets import _Packages, assets_dir, source_of

    pkgs = _Packages(assets_dir())
    served: list[str] = []
    blocked: list[str] = []
    errors: list[tuple[str, str]] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        elif url.endswith((".js", ".css")):
            served.append(url)
            ctype = "text/css" if url.endswith(".css") else "application/javascript"
            r.fulfill(status=200, body=pkgs.read(*source_of(url)), headers={"Content-Type": ctype})
        else:
            blocked.append(url)
            r.abort()

    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.on("console", lambda m: errors.append((m.text, m.location.get("url", ""))) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append((str(e), "")))
    page.route("**/*", route)
    try:
        page.goto((seeds_report.out / "map.html").as_uri())
        page.wait_for_selector("html[data-bordermap-ready]", timeout=30_000)
        assert len(served) == 4  # leaflet js+css, leaflet-measure js+css: no jQuery, Bootstrap, fonts
        assert page.locator("path[stroke='#c0392b']").count() == 1
        assert blocked and all(u.endswith(".png") for u in blocked)  # only map tiles, shown by default
        assert [e for e in errors if e[1] not in blocked] == []  # only the blocked tiles failed
    finally:
        page.close()
        pkgs.close()
