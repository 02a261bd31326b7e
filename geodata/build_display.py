"""Build the bundled display coverage (``world-display.parquet``) from ``world-countries.parquet``, byte for byte.

Usage::

    python geodata/build_display.py            # rewrite geodata/world-display.parquet (about 20 s)
    python geodata/build_display.py --check    # rebuild in memory, compare byte for byte with geodata/

Input: the bundled ``world-countries.parquet`` (see ``build_world.py``); no npm, no network.

Output (GeoParquet 1.1.0, WKB, zstd; package data of ``bordermap.geodata``):

``world-display.parquet``
    The 250 countries as one clean polygonal coverage, for maps: the source polygons, in
    order of increasing area (planar, in degrees), cleaned together once with
    :func:`shapely.coverage_clean` (``merge_strategy="min_index"``, so an overlap goes to the
    smaller country: a territory inside its parent's polygon keeps its area and the parent gets
    a hole; gaps narrower than :data:`GAP_M` metres closed; shared edges made identical).  Not
    simplified (:data:`BASE_SIMPLIFY_M` = 0: simplifying at 10 m removes 0.2 % of the vertices);
    maps simplify it at their display tolerance with :func:`shapely.coverage_simplify`, with no
    cleaning at run time.  Columns: ``iso_a3``; ``source_sha256``, the SHA-256 of the source
    row's WKB as ``world-countries.parquet`` stores it (bordermap draws a row from this file only
    for a country whose geometry has that fingerprint); ``geometry``.  Rows in the source's order.

Byte-for-byte reproducibility: the writer conventions of ``build_world.py`` (its
:data:`~build_world.WRITER_OPTIONS`, WKB options, literal CRS, sorted metadata, pinned versions:
GEOS computes the cleaning, pyarrow writes its version into the footer).  The provenance (the
source file's SHA-256, the upstream package, version, licence and ODbL attribution, the cleaning
parameters) is in the file's key-value metadata.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import build_world as bw  # noqa: E402  (the writer conventions and provenance of the world files)

DISPLAY_FILE = "world-display.parquet"
#: ``bordermap.settings.tolerance_m``'s default, metres: gaps narrower than twice it are closed.
TOLERANCE_M = 50.0
GAP_M = 2 * TOLERANCE_M
#: Base simplification of the stored polygons, metres (0: none); maps never draw below it from this file.
BASE_SIMPLIFY_M = 0.0
#: Metres per degree of latitude, as bordermap.publish.maps converts display tolerances.
M_PER_DEG = 111_320.0
#: Rows per row group: a map decodes only the groups of the countries in view (4: about 0.015 s for a
#: view of six countries, against 0.06 s with groups of 16; the file is 5 % larger).
ROW_GROUP_SIZE = 4


def build_display(src: Path) -> bytes:
    """``world-display.parquet``: the world cleaned once as a coverage (see the module notes)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    table = pq.read_table(src, columns=["iso_a3", "geometry"])
    codes = [str(c) for c in table["iso_a3"].to_pylist()]
    wkb = table["geometry"].to_pylist()
    if len(set(codes)) != len(codes):
        raise SystemExit(f"{src}: duplicate iso_a3 codes")
    geoms = shapely.from_wkb(wkb)
    if not (shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()):
        raise SystemExit(f"{src}: invalid or empty geometry (rebuild it with build_world.py)")
    order = np.argsort(shapely.area(geoms), kind="stable")  # smallest first: overlaps go to the smaller
    clean = shapely.coverage_clean(  # type: ignore[attr-defined]
        geoms[order], gap_width=GAP_M / M_PER_DEG, merge_strategy="min_index"
    )
    if BASE_SIMPLIFY_M > 0:
        clean = shapely.coverage_simplify(clean, BASE_SIMPLIFY_M / M_PER_DEG)
    out = np.empty(len(geoms), dtype=object)
    out[order] = clean
    bad = [
        codes[i]
        for i, g in enumerate(out)
        if g is None or g.is_empty or not g.is_valid or g.geom_type not in ("Polygon", "MultiPolygon")
    ]
    if bad:
        raise SystemExit(f"{src}: cleaning left these countries empty, invalid or not polygonal: {', '.join(bad)}")
    if not shapely.coverage_is_valid(out):
        raise SystemExit(f"{src}: the cleaned countries are not a valid coverage")
    meta = pq.read_metadata(src).metadata or {}
    upstream = {k.decode(): v.decode() for k, v in meta.items() if k != b"geo"}
    extra = {
        "file": DISPLAY_FILE,
        "source": f"{bw.COUNTRIES_FILE} (bordermap's bundled world), itself from {upstream['source']}",
        "source_file": bw.COUNTRIES_FILE,
        "source_file_sha256": bw._sha256(src),
        "source_package": upstream["source_package"],
        "source_version": upstream["source_version"],
        "source_sha256": upstream["source_sha256"],
        "licence": bw.LICENCE,
        "licence_url": "https://opendatacommons.org/licenses/odbl/1.0/",
        "attribution": bw.ATTRIBUTION,
        "built_by": "geodata/build_display.py (bordermap)",
        "columns": "iso_a3: as in the source file; source_sha256: SHA-256 of the source row's WKB (the geometry "
        "this row was made from); geometry: the row after a world-wide shapely.coverage_clean",
        "cleaning": "shapely.coverage_clean of all rows in order of increasing area (planar, degrees), "
        f"merge_strategy=min_index (an overlap goes to the smaller country), gap_width={GAP_M:g} m "
        f"= {GAP_M / M_PER_DEG!r} degrees, snapping_distance=-1 (GEOS default)",
        "gap_width_m": repr(GAP_M),
        "base_simplify_m": repr(BASE_SIMPLIFY_M),
        "m_per_deg": repr(M_PER_DEG),
    }
    cols = {
        "iso_a3": pa.array(codes, type=pa.string()),
        "source_sha256": pa.array([hashlib.sha256(b).hexdigest() for b in wkb], type=pa.string()),
    }
    bw.ROW_GROUP_SIZE[DISPLAY_FILE] = ROW_GROUP_SIZE
    return bw._geoparquet(cols, out, extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the bundled file")
    args = parser.parse_args(argv)
    src, path = bw.OUT / bw.COUNTRIES_FILE, bw.OUT / DISPLAY_FILE
    blob = build_display(src)
    if args.check:
        same, text = bw._compare(DISPLAY_FILE, blob, path)
        print(text)
        return 0 if same else 1
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)
    print(f"{DISPLAY_FILE}: {len(blob)} bytes sha256={hashlib.sha256(blob).hexdigest()}")
    here = bw._versions()
    off = {k: here[k] for k in ("pyarrow", "GEOS") if here[k] != bw.PINNED[k]}
    if off:
        print(f"note: written with {off}, not the pinned {bw.PINNED}: update PINNED if this is meant", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
