"""A hostile text corpus and the three ways it reaches a published map, for headless Chromium.

1. Article text: a real ``bordermap report`` run on article files whose sentences around real
   places (and whose file names) carry the payloads; they reach popups and the claims panel.
2. Place names: :func:`bordermap.make_map` with one place per payload (label, tooltip, popup).
3. User GeoJSON properties: a real ``bordermap report --dataset`` run on a country file whose
   names are payloads (country labels, legend, title).

Every payload that could run pushes its tag onto ``window.__pwned``; a page that ran none of
them leaves it undefined.  Used by ``tests/test_hostile_text.py`` and ``benchmarks/fault_counts.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _run(tag: str) -> str:
    return f"(window.__pwned=window.__pwned||[]).push('{tag}')"


#: Payloads: HTML and script injection, string and template breaks, direction overrides,
#: separators, template-engine syntax, control characters, NUL and a very long line.
HOSTILE: list[str] = [
    f"<script>{_run('script')}</script>",
    f'<img src=x onerror="{_run("img")}">',
    f"<svg/onload={_run('svg')}>",
    f"</script><script>{_run('end-script')}</script>",
    f"`${{{_run('template')}}}` ${{{_run('template2')}}}",
    f'"\'><body onload="{_run("quote")}"> x',
    f"'; {_run('single-quote')}; var a='",
    f'"; {_run("double-quote")}; var b="',
    f'<a href="javascript:{_run("href")}">click</a>',
    "<iframe srcdoc=\"<script>parent.__pwned=['iframe']</script>\"></iframe>",
    f"<!-- --><style>*{{background:url(javascript:{_run('css')})}}</style>",
    "\u202eevil\u202c gnp\u202d.exe \u2066isolate\u2069 \u200fRLM \u061cALM",
    "line\u2028separator\u2029paragraph",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %} <%= 7*7 %> {{constructor.constructor('alert(1)')()}}",
    "&amp; &lt;script&gt; &#x3C;b&#x3E; &#60;i&#62;",
    "ctrl \x01\x02\x07\x08\x0b\x0c\x1b[31m red\x7f \x85 \x9b end",
    "nul \x00 after nul",
    "long " + "W" * 20_000,
]
#: Short labels for the payloads (for messages).
LABELS = [
    "script tag",
    "img onerror",
    "svg onload",
    "</script> break-out",
    "template syntax",
    "attribute quote break",
    "single-quote string break",
    "double-quote string break",
    "javascript: link",
    "iframe srcdoc",
    "comment + style",
    "direction overrides",
    "U+2028/U+2029",
    "template engines",
    "entities",
    "control characters",
    "NUL",
    "20 000-character line",
]
#: Real places the article sentences are about (one per payload), all resolved by the offline gazetteer.
PLACES = [
    "Vilnius",
    "Kaunas",
    "Dieveniškės",
    "Medininkai",
    "Šalčininkai",
    "Druskininkai",
    "Grodno",
    "Lida",
    "Ashmyany",
    "Minsk",
    "Visaginas",
    "Ignalina",
    "Alytus",
    "Varėna",
    "Marijampolė",
    "Klaipėda",
    "Panevėžys",
    "Šiauliai",
]
#: A file name (article id) that is itself a payload (no '/' or NUL possible in a file name).
HOSTILE_FILE_STEM = f"evil <img src=x onerror={_run('file-name')}> `${{1}}`"
#: Neutral text put before the NUL so that the file passes the binary sniff (NUL in the first 8 KB).
_PADDING = "Lithuania and Belarus share a long land border that crosses forests and lakes. " * 120


def write_articles(folder: Path) -> dict[str, str]:
    """One article per payload: ``{place: the payload in its sentence}``; plus a hostile file name."""
    folder.mkdir(parents=True, exist_ok=True)
    for k, (h, place) in enumerate(zip(HOSTILE, PLACES, strict=True)):
        pad = _PADDING + "\n\n" if "\x00" in h else ""
        text = (
            f" date 2021-07-{k + 1:02d} Lithuania says migrants keep crossing from Belarus.\n\n{pad}"
            f"Guards stopped a group at {place} {h} on Tuesday.\n\n"
            f"Officials said a 550-kilometer fence {h} would be built.\n"
        )
        (folder / f"hostile_{k:02d}.txt").write_text(text, encoding="utf-8")
    (folder / f"{HOSTILE_FILE_STEM}.txt").write_text(  # its title (the map names articles by title) is hostile too
        f" date 2021-08-01 {HOSTILE_FILE_STEM}\n\nLithuania says migrants reached Vilnius from Belarus.\n",
        encoding="utf-8",
    )
    return dict(zip(PLACES, HOSTILE, strict=True))


def write_dataset(path: Path) -> tuple[str, str]:
    """The bundled LTU and BLR polygons (and their neighbours) with payload names for LTU and BLR."""
    import bordermap

    world = bordermap.load_countries()
    near = world[world.iso_a3.isin(["LTU", "BLR", "LVA", "EST", "POL", "RUS", "UKR"])]
    src = json.loads(near[["iso_a3", "geometry"]].rename(columns={"iso_a3": "A3"}).to_json())
    name_a = "Lithuania " + " ".join(HOSTILE[:9]) + " \x00 \u202e \x1b"
    name_b = "Belarus " + " ".join(HOSTILE[9:16])
    for f in src["features"]:
        iso = f["properties"]["A3"]  # geo-maps' code column
        f["properties"]["name"] = {"LTU": name_a, "BLR": name_b}.get(iso, iso)
    path.write_text(json.dumps(src, ensure_ascii=False), encoding="utf-8")
    return name_a, name_b


def run_report_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "bordermap", "report", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def places_map(path: Path) -> list[str]:
    """A map whose places are named by the payloads (each mentioned in a payload sentence)."""
    import geopandas as gpd
    from shapely.geometry import Point

    import bordermap

    countries = bordermap.load_countries()
    border = bordermap.shared_border("LTU", "BLR", countries)
    places = gpd.GeoDataFrame(
        [
            {
                "name": h,
                "country": "LTU",
                "kind": "village",
                "mentions": [{"article_id": h, "date": "2021-07-09", "sentence": f"Near {h} today", "text": h}],
            }
            for h in HOSTILE
        ],
        geometry=[Point(25.0 + 0.05 * k, 54.0 + 0.08 * k) for k in range(len(HOSTILE))],
        crs="EPSG:4326",
    )
    claims = [{"text": h, "claimed": 1.0, "computed": 2.0, "difference_pct": -50.0, "verdict": h} for h in HOSTILE]
    fmap = bordermap.make_map(countries, border, places, title=" ".join(HOSTILE[:12]), claims=claims, tiles=False)
    fmap.save(path, self_contained=True)
    return HOSTILE


#: Collects, in the page, the texts shown and any sign that something ran.
_INSPECT = r"""() => {
  const out = {places: [], pwned: window.__pwned === undefined ? null : window.__pwned};
  bordermap.layers.places.eachLayer(l => {
    l.openPopup();
    const c = l.getPopup().getElement().querySelector('.leaflet-popup-content');
    out.places.push({
      name: l.feature.properties.name,
      popupName: c.querySelector('.name').textContent,
      sources: [...c.querySelectorAll('.src')].map(e => e.textContent),
      quotes: [...c.querySelectorAll('blockquote')].map(e => e.textContent),
      marks: [...c.querySelectorAll('blockquote mark')].map(e => e.textContent),
      popupElements: [...c.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
    });
    l.closePopup();
  });
  out.placeLabels = [...document.querySelectorAll('.bm-place-label span')].map(e => e.textContent);
  out.countryLabels = [...document.querySelectorAll('.bm-label:not(.bm-neighbour) span')].map(e => e.textContent);
  out.neighbourLabels = [...document.querySelectorAll('.bm-neighbour span')].map(e => e.textContent);
  out.title = (document.querySelector('.bm-title') || {}).textContent || null;
  out.claims = [...document.querySelectorAll('.bm-claims td, .bm-claims li, .bm-claims div')].map(e => e.textContent);
  out.claimsText = (document.querySelector('.bm-claims') || {}).textContent || '';
  out.legend = (document.querySelector('.bm-legend') || {}).textContent || '';
  out.pageTitle = document.title;
  out.withHandlers = [...document.querySelectorAll('*')].filter(
      e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length;
  out.injectedElements = document.querySelectorAll(
      'img, iframe, object, embed, body *[src], a[href^="javascript"], .leaflet-container style').length;
  out.paths = document.querySelectorAll('.leaflet-overlay-pane svg path').length;
  out.pwnedAfter = window.__pwned === undefined ? null : window.__pwned;
  return out;
}"""


def inspect(browser: Any, path: Path) -> dict[str, Any]:
    """Open ``path`` (network blocked), hover and open every marker, return what the page shows."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    errors: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-bordermap-ready]", timeout=30_000)
        page.mouse.move(640, 430)
        page.mouse.move(300, 300)
        seen = page.evaluate(_INSPECT)
        page.wait_for_timeout(200)  # anything scheduled by a payload would have run by now
        seen["pwnedLater"] = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
    finally:
        page.close()
    seen["errors"] = errors
    seen["blocked"] = blocked
    return seen


def executed(seen: dict[str, Any]) -> int:
    """Payloads that ran (each pushes a tag) plus elements a payload could have injected."""
    ran = {t for key in ("pwned", "pwnedAfter", "pwnedLater") for t in (seen.get(key) or [])}
    return len(ran) + seen["withHandlers"] + seen["injectedElements"]


def launch() -> Any:
    """(playwright, browser): Debian's Chromium, headless; close both when done."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
