"""One column vocabulary across the API, the report and its files (docs/columns.md)."""

from __future__ import annotations

import csv
import json
import re

import pytest

import bordermap
from tests.conftest import ROOT

#: Quantity-like names: what the vocabulary must cover wherever they appear.
_QUANTITY = re.compile(r"(_km2?|_m)$|distance|^crossing$|^crossing_|^nearest_")


def _vocabulary() -> tuple[set[str], dict[str, str]]:
    """The names of docs/columns.md's main table, and its renames (old -> new)."""
    text = (ROOT / "docs" / "columns.md").read_text(encoding="utf-8")
    main, renamed = text.split("## Renamed", 1)
    names = {
        n
        for row in main.splitlines()
        if row.startswith("| `")
        for n in re.findall(r"`([a-z_0-9]+)`", row.split("|")[1])
    }
    renames = {}
    for row in renamed.splitlines():
        cells = row.split("|")
        if row.startswith("| `") and len(cells) > 3:
            renames.setdefault(cells[1].strip(" `"), set()).add(cells[2].strip(" `"))
    return names, renames


def _quantities(names) -> set[str]:
    return {n for n in names if _QUANTITY.search(n)}


def _keys(obj, out: set[str]) -> set[str]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(k)
            _keys(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _keys(v, out)
    return out


def test_the_docs_table_is_well_formed():
    names, renames = _vocabulary()
    assert {"length_km", "border_distance_km", "nearest_crossing", "crossing_distance_km", "width_km"} <= names
    assert renames["crossing"] == {"nearest_crossing"} and renames["border_km"] == {"border_distance_km", "length_km"}
    assert all(new <= names for new in renames.values())  # every rename leads into the vocabulary
    assert not set(renames) & names  # and no old name is still in it


def test_the_api_columns_are_in_the_vocabulary(countries):
    names, renames = _vocabulary()
    border = bordermap.shared_border("LTU", "BLR", countries)
    vilnius = {"name": "Vilnius", "lat": 54.687, "lon": 25.28}
    medininkai = {"name": "Medininkai", "lat": 54.539, "lon": 25.65}
    frames = {
        "distances_to_border": bordermap.distances_to_border(border, [vilnius], crossings=[medininkai]),
        "border_table": bordermap.border_table(countries, progress=False, geometry=True),
        "narrowest_corridors": bordermap.narrowest_corridors("LTU", countries=countries),
    }
    for what, frame in frames.items():
        cols = set(frame.columns)
        assert _quantities(cols) <= names, (what, _quantities(cols) - names)
        assert not cols & set(renames), what
    coverage = bordermap.fence_coverage(border, [(0, 100)])
    fields = set(type(coverage).__dataclass_fields__)
    assert _quantities(fields) <= names and "border_km" not in fields


def test_the_report_and_its_files_use_the_vocabulary(seeds_report):
    names, renames = _vocabulary()
    out = seeds_report.out
    written: dict[str, set[str]] = {"Report.places": set(seeds_report.places.columns)}
    for path in sorted(out.iterdir()):
        if path.suffix in (".json", ".geojson"):
            written[path.name] = _keys(json.loads(path.read_text(encoding="utf-8")), set())
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as f:
                written[path.name] = set(next(csv.reader(f)))
    assert {"report.json", "places.geojson", "claims.csv", "border.geojson"} <= set(written)
    for what, keys in written.items():
        assert _quantities(keys) <= names, (what, _quantities(keys) - names)
        assert not keys & (set(renames) - {"crossing"}), what  # "crossing" is also a place kind's value
    place_cols = written["Report.places"]
    assert {"border_distance_km", "nearest_crossing", "crossing_distance_km"} <= place_cols
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "length_km" in report["fence"] and "border_km" not in report["fence"]


@pytest.mark.parametrize("name", ["border_distance_km", "nearest_crossing", "crossing_distance_km"])
def test_the_api_and_the_report_agree_on_a_place(seeds_report, countries, name):
    """The same name means the same value in distances_to_border and in the report's places."""
    places = seeds_report.places.set_index("name")
    vilnius = places.loc["Vilnius"]
    crossings = [
        {"name": p.name, "lat": p.lat, "lon": p.lon}
        for p in bordermap.text.gazetteer.curated_places()
        if p.kind == "crossing" and p.country in ("LTU", "BLR")
    ]
    api = bordermap.distances_to_border(
        seeds_report.border,
        [{"name": "Vilnius", "lat": vilnius.geometry.y, "lon": vilnius.geometry.x}],
        crossings=crossings,
    ).iloc[0]
    if name.endswith("_km"):
        assert float(api[name]) == pytest.approx(float(vilnius[name]), abs=1e-6)
    else:
        assert api[name] == vilnius[name]
