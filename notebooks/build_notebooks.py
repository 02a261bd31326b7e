"""Write the walkthrough notebooks from the cell sources below (outputs stripped).

Run ``python notebooks/build_notebooks.py`` after editing; the tests execute both
notebooks top to bottom offline and check that the committed files match this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

LITHUANIA = [
    (
        "md",
        """# The 2021 Lithuania–Belarus migrant crisis, mapped with bordermap

Five news articles (in `seeds/`) describe the crisis: a border of "about 680 km", a
550 km razor-wire barrier, and the Dieveniškės area joined to Lithuania by a 2.5 km
isthmus. We read them, find and geocode the places they name, measure the border on
OpenStreetMap-derived polygons, check the articles' numbers and draw the map.""",
    ),
    (
        "code",
        """import bordermap

articles = bordermap.read_articles()          # the bundled seeds
[(a.id, a.date, a.title[:60]) for a in articles]""",
    ),
    ("md", "## Places the articles mention, geocoded offline"),
    (
        "code",
        """import pandas as pd

mentions = [m for a in articles for m in bordermap.extract_places(a)]
places = pd.DataFrame(
    [{"text": m.text, "place": m.place.name, "country": m.place.country, "kind": m.place.kind,
      "lat": m.place.lat, "lon": m.place.lon, "confidence": m.confidence, "article": m.article_id}
     for m in mentions]
).drop_duplicates(["place", "article"])
places.head(20)""",
    ),
    ("md", "## The border, measured geodesically on WGS84"),
    (
        "code",
        """countries = bordermap.load_countries()
border = bordermap.shared_border("LTU", "BLR", countries)
print(f"{border.length_km:.1f} km; the interior ministry says 678.8 km, the articles 'about 680'")
[(t.kind, t.countries, t.lat, t.lon) for t in border.tripoints]""",
    ),
    (
        "md",
        """## The fence span and the Dieveniškės corridor

The articles give the barrier's length (550 km), not where it stands: we draw it as one
section centred on the border. Your own stretches go in as km ranges or a GeoJSON line.""",
    ),
    (
        "code",
        """fence = bordermap.fence_coverage(border, [bordermap.reported_fence(border, 550)])
print(f"{fence.covered_km:.0f} km of {fence.length_km:.0f} km covered ({fence.share:.0%}); uncovered:",
      [(round(s.start_km), round(s.end_km)) for s in fence.uncovered])
corridors = bordermap.narrowest_corridors("LTU", countries=countries)
corridors[["width_km", "lat", "lon", "smaller_side_km2"]].head(3)""",
    ),
    ("md", "## Distances to the border and the nearest crossing"),
    (
        "code",
        """crossings = [p for p in bordermap.text.gazetteer.curated_places() if p.kind == "crossing"]  # Place objects
local = places[places.kind.isin(["city", "town", "village", "crossing"])].drop_duplicates("place")
bordermap.distances_to_border(border, local.rename(columns={"place": "name"}), crossings=crossings)""",
    ),
    ("md", "## Checking the articles' numbers"),
    (
        "code",
        """claims = [c for a in articles for c in bordermap.extract_claims(a)]
computed = {"border_length": border.length_km, "corridor_width": float(corridors.width_km.iloc[0])}
bordermap.claims_table(claims, computed)""",
    ),
    ("md", "## The whole report, the map and GeoJSON"),
    (
        "code",
        """import tempfile
from pathlib import Path

out = Path(tempfile.mkdtemp()) / "bordermap-out"
report = bordermap.run_report(out=out)
print(report.summary())""",
    ),
    (
        "code",
        """report.to_map(countries)   # every layer: fence, uncovered stretches, corridor, places, claims""",
    ),
    (
        "code",
        """fc = bordermap.to_geojson(border, out / "border_copy.geojson")
fc["features"][0]["properties"]""",
    ),
]

ANY_BORDER = [
    (
        "md",
        """# Any border: the same workflow for another pair of countries

Change the two codes below (ISO alpha-3 or English names) and run all cells. The bundled
world has every country: no download, no network.""",
    ),
    ("code", """A, B = "FIN", "RUS"   # try ("USA", "MEX"), ("India", "Bangladesh") or ("GRC", "TUR")"""),
    (
        "code",
        """import bordermap

countries = bordermap.load_countries()
border = bordermap.shared_border(A, B, countries)
print(f"{border.names[0]}–{border.names[1]}: {border.length_km:.1f} km (at sea, dropped: {border.maritime_km:.1f} km)")
[(t.kind, t.countries) for t in border.tripoints]""",
    ),
    ("md", "## A fence on part of the border, and the narrowest corridors of both countries"),
    (
        "code",
        """fence = bordermap.fence_coverage(border, [(0, border.length_km / 2)])
print(f"{fence.share:.0%} covered, {sum(s.length_km for s in fence.uncovered):.0f} km uncovered")
bordermap.narrowest_corridors(border.a, countries=countries)[["width_km", "lat", "lon"]].head(3)""",
    ),
    ("md", "## A 5 km strip along the border"),
    (
        "code",
        """zone = bordermap.border_zone(border, 5, within=border.a, countries=countries)
print(f"{zone.width_km} km strip inside {zone.within}: {zone.geometry.geom_type}")""",
    ),
    ("md", "## The map, and the border as GeoJSON"),
    (
        "code",
        """title = f"{border.names[0]}–{border.names[1]}"
bordermap.make_map(countries, border, title=title, fence=fence, zone=zone)""",
    ),
    (
        "code",
        """fc = bordermap.to_geojson(border)
len(fc["features"]), fc["features"][0]["properties"]["length_km"]""",
    ),
]


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, src) in enumerate(cells):
        cell = nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        cell["id"] = f"cell-{i}"
        nb.cells.append(cell)
    return nb


NOTEBOOKS = {"lithuania_belarus_2021.ipynb": LITHUANIA, "any_border.ipynb": ANY_BORDER}


def main() -> int:
    for name, cells in NOTEBOOKS.items():
        nbformat.write(build(cells), HERE / name)
        print(HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
