"""The last stage of a report: its files, written into the output folder all or nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exc import OutputError
from ..publish.geojson import feature, feature_collection
from .model import ALL_OUTPUT_FILES, CLAIM_COLUMNS, Report
from .shape import _json_text, _missing, _places_json

if TYPE_CHECKING:
    import geopandas as gpd

    from ..geometry.measures import Zone


def _check_out(out: str | os.PathLike[str]) -> Path:
    from .._outputs import check_targets

    path = Path(out)
    check_targets(path, ALL_OUTPUT_FILES)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"--out {path}: cannot create folder ({err.strerror})") from err
    if not os.access(path, os.W_OK):
        raise OutputError(f"--out {path}: folder is not writable")
    return path


def _write_outputs(
    report: Report,
    frame: gpd.GeoDataFrame,
    out: Path,
    *,
    self_contained: bool | None = None,
    cdn: bool = False,
    tiles: str | None = None,
) -> None:
    """Render everything into a staging folder, then swap the set into ``out`` as one unit (see ``_outputs``).

    The GeoJSON and CSV files are the same bytes for the same input (no run id, no time in them);
    ``report.json`` is the manifest: the run id and ``files``, the SHA-256 of every other file of the
    set (``map.html`` also names the run, in ``<meta name="bordermap-run">``).
    """
    from .._outputs import file_hashes, replace_outputs, write_file
    from ..publish.geojson import dumps
    from ..publish.places import place_layers

    b = report.border
    border_fc = feature_collection(
        [
            feature(
                b.geometry,
                {
                    "a": b.a,
                    "b": b.b,
                    "names": list(b.names),
                    "length_km": round(b.length_km, 3),
                    "maritime_km": round(b.maritime_km, 3),
                    "source": "geo-maps countries-maritime-10m 0.6.0 (ODbL)",
                },
            )
        ]
    )
    places_fc, mentions_fc = place_layers(_places_json(report.places))
    page = report._map(frame, tiles=tiles, display=report._display).to_html(cdn=cdn, self_contained=self_contained)

    def write(staging: Path, run_id: str) -> None:
        report.run_id = run_id
        write_file(staging / "border.geojson", dumps(border_fc))
        write_file(staging / "places.geojson", dumps(places_fc))
        write_file(staging / "mentions.geojson", dumps(mentions_fc))
        write_file(staging / "fence.geojson", dumps(_fence_fc(report)))
        write_file(staging / "corridors.geojson", dumps(_corridors_fc(report)))
        write_file(staging / "claims.csv", _claims_csv(report))
        if report.zone is not None:
            write_file(staging / "zone.geojson", dumps(_zone_fc(report.zone)))
        write_file(staging / "map.html", _with_run_id(page, run_id))
        files = file_hashes(staging, [n for n in report.output_files() if n != "report.json"])
        write_file(staging / "report.json", _json_text(report.to_dict() | {"files": files}))

    try:
        replace_outputs(out, report.output_files(), write, ours=ALL_OUTPUT_FILES)
    except BaseException as err:
        report.run_id = None
        if isinstance(err, OSError) and not isinstance(err, OutputError):
            raise OutputError(f"{out}: cannot write outputs ({err.strerror or err})") from err
        raise


def _with_run_id(page: str, run_id: str) -> str:
    """The page with ``<meta name="bordermap-run" content="RUN">`` as the first element of its head."""
    tag = f'<meta name="bordermap-run" content="{run_id}">'
    i = page.find("<head>")
    return page[: i + 6] + "\n    " + tag + page[i + 6 :] if i >= 0 else f"<!-- bordermap-run {run_id} -->\n" + page


def _fence_fc(report: Report) -> dict[str, Any]:
    """``fence.geojson``: the fence's sections and the uncovered stretches, with km from/to (empty if no fence)."""
    m = report.measures
    cov = m.fence
    if cov is None:
        return feature_collection([])
    assumed = m.fence_assumption is not None
    feats = []
    for kind, sections in (("fence", cov.sections), ("uncovered", cov.uncovered)):
        for s in sections:
            feats.append(
                feature(
                    s.geometry,
                    {
                        "kind": kind,
                        "start_km": round(s.start_km, 3),
                        "end_km": round(s.end_km, 3),
                        "length_km": round(s.length_km, 3),
                        "label": s.label,
                        "border": f"{report.border.a}–{report.border.b}",
                        "placement": "assumed" if assumed else "given",
                        "assumption": m.fence_assumption or "",
                    },
                )
            )
    return feature_collection(feats)


def _corridors_fc(report: Report) -> dict[str, Any]:
    """``corridors.geojson``: each corridor's chord, with its width and what it connects."""
    feats = []
    for c in report.measures.corridors.itertuples():
        places = [] if _missing(c.places) else list(c.places)
        side = ", ".join(places[:5]) if places else "its smaller side"
        feats.append(
            feature(
                c.geometry,
                {
                    "country": c.country,
                    "width_km": round(float(c.width_km), 3),
                    "lat": round(float(c.lat), 5),
                    "lon": round(float(c.lon), 5),
                    "smaller_side_km2": round(float(c.smaller_side_km2), 1),
                    "places": ", ".join(places),
                    "connects": f"the part of {c.country} with {side} (about {float(c.smaller_side_km2):,.0f} km²) "
                    f"and the rest of {c.country}",
                },
            )
        )
    return feature_collection(feats)


def _zone_fc(zone: Zone) -> dict[str, Any]:
    """``zone.geojson``: the border zone asked for, with the places inside."""
    return feature_collection(
        [
            feature(
                zone.geometry,
                {"width_km": zone.width_km, "within": zone.within, "places": ", ".join(zone.places)},
            )
        ]
    )


def _claims_csv(report: Report) -> str:
    """``claims.csv``: :meth:`Report.claims_rows` as CSV (RFC 4180, UTF-8), formula cells neutralised."""
    import csv
    import io

    from .._csvcells import safe_cell

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CLAIM_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in report.claims_rows():
        writer.writerow({k: safe_cell("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()
