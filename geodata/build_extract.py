"""Rebuild the bundled regional extract from the npm packages, byte for byte.

Usage::

    python geodata/build_extract.py            # fetch (npm pack) into .cache/ and rebuild
    python geodata/build_extract.py --check    # rebuild in memory, compare with geodata/

The inputs are the npm packages ``@geo-maps/countries-maritime-10m@0.6.0`` and
``@geo-maps/earth-seas-10m@0.6.0`` (OpenStreetMap-derived, ODbL 1.0).  They are
fetched with ``npm pack`` (the npm client knows where its registry is) into the
git-ignored ``.cache/`` folder.  Everything this script writes is a pure function
of those two files: features are kept in source order, coordinates of countries
that are not clipped are copied as parsed, clipped geometries are rounded to the
source precision (5 decimals), and JSON is written with sorted keys.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BORDERMAP_CACHE", ROOT / ".cache"))
OUT = ROOT / "geodata"

COUNTRIES_PKG = "@geo-maps/countries-maritime-10m@0.6.0"
SEAS_PKG = "@geo-maps/earth-seas-10m@0.6.0"

#: Countries kept whole in the extract (ISO 3166-1 alpha-3).
KEEP = ("EST", "LVA", "LTU", "BLR", "POL", "UKR")
#: Countries clipped to :data:`WINDOW` (Russia: Kaliningrad and the borders with
#: Estonia, Latvia, Belarus; a stretch of the Russia-Ukraine border is truncated).
CLIP = ("RUS",)
#: (min lon, min lat, max lon, max lat) of the window, WGS84 degrees.
WINDOW = (19.0, 51.0, 33.0, 60.5)
PRECISION = 5


def fetch(package: str) -> Path:
    """Return the path of ``map.geo.json`` of an npm package, fetching it if needed."""
    name = package.rsplit("@", 1)[0].lstrip("@").replace("/", "-")
    version = package.rsplit("@", 1)[1]
    target = CACHE / f"{name}-{version}" / "map.geo.json"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    tgz = CACHE / f"{name}-{version}.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", package, "--silent"], cwd=CACHE, check=True)
    with tarfile.open(tgz) as tar:
        member = tar.getmember("package/map.geo.json")
        fh = tar.extractfile(member)
        assert fh is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(fh.read())
        tmp.replace(target)
    return target


def _round(geom: Any) -> Any:
    from shapely import set_precision
    from shapely.geometry import mapping

    g = set_precision(geom, 10**-PRECISION)
    return json.loads(json.dumps(mapping(g)))


def _clip(geometry: dict[str, Any]) -> Any:
    from shapely import clip_by_rect, make_valid
    from shapely.geometry import shape

    return _round(make_valid(clip_by_rect(shape(geometry), *WINDOW)))


def _dump(obj: Any) -> bytes:
    return (json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def build_countries(src: Path) -> bytes:
    """Build ``countries.geojson`` (the regional extract) from the world file."""
    data = json.loads(src.read_bytes())
    features = []
    for feat in data["features"]:
        a3 = feat["properties"]["A3"]
        if a3 in KEEP:
            geom, clipped = feat["geometry"], False
        elif a3 in CLIP:
            geom, clipped = _clip(feat["geometry"]), True
        else:
            continue
        props = {"A3": a3, "clipped": clipped}
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    return _dump({"type": "FeatureCollection", "features": features})


def build_seas(src: Path) -> bytes:
    """Build ``seas.geojson``: the sea mask clipped to the window (repaired with make_valid)."""
    from shapely import clip_by_rect, make_valid, unary_union
    from shapely.geometry import shape

    data = json.loads(src.read_bytes())
    geoms = data["geometries"] if data.get("type") == "GeometryCollection" else [data]
    # Clip first, then repair: make_valid on the whole world polygon takes minutes.
    parts = [make_valid(clip_by_rect(shape(g), *WINDOW)) for g in geoms]
    sea = unary_union([p for p in parts if not p.is_empty])
    feature = {"type": "Feature", "properties": {"name": "seas"}, "geometry": _round(sea)}
    return _dump({"type": "FeatureCollection", "features": [feature]})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--fetch-only", action="store_true", help="only fetch the npm packages into .cache/")
    args = parser.parse_args(argv)
    if args.fetch_only:
        for pkg in (COUNTRIES_PKG, SEAS_PKG):
            print(fetch(pkg))
        return 0
    outputs = {
        "countries.geojson": build_countries(fetch(COUNTRIES_PKG)),
        "seas.geojson": build_seas(fetch(SEAS_PKG)),
    }
    status = 0
    for name, blob in outputs.items():
        path = OUT / name
        digest = hashlib.sha256(blob).hexdigest()
        if args.check:
            same = path.exists() and path.read_bytes() == blob
            print(f"{name}: {'identical' if same else 'DIFFERENT'} sha256={digest}")
            status |= 0 if same else 1
        else:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(blob)
            tmp.replace(path)
            print(f"{name}: {len(blob)} bytes sha256={digest}")
    return status


if __name__ == "__main__":
    sys.exit(main())
