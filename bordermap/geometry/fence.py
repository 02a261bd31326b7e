"""Fences (and any other spans) along a border, and the border measures for a report.

A fence is a set of :class:`bordermap.Section` along a :class:`bordermap.Border`
(chainage in km, see :mod:`bordermap.geometry.borders` for the orientation).  It can be given as
km ranges, read from a GeoJSON line file snapped onto the border, or taken from a
reported total length (:func:`reported_fence`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exc import ArgumentError, DataError, InputFileError
from .linear import Section, complement, project_many, section

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd

    from .borders import Border, Tripoint

#: Length of the Lithuanian barrier reported by the seed articles (km; LRT, July 2021 plan).
REPORTED_FENCE_KM = 550.0


@dataclass(frozen=True)
class FenceCoverage:
    """How much of a border a fence covers.

    Attributes
    ----------
    sections : tuple of Section
        The fence, merged where sections overlap or touch, in chainage order.
    covered_km : float
        Length of border covered (overlaps counted once).
    length_km : float
        Length of the border (``border_km`` before 0.2: still readable, with a
        DeprecationWarning, until 0.3).
    share : float
        ``covered_km / length_km`` (0 to 1).
    uncovered : tuple of Section
        The stretches no section covers, in chainage order.
    """

    sections: tuple[Section, ...]
    covered_km: float
    length_km: float
    share: float
    uncovered: tuple[Section, ...]

    @property
    def border_km(self) -> float:
        """Deprecated name of :attr:`length_km` (until 0.3)."""
        import warnings

        warnings.warn(
            "FenceCoverage.border_km is now length_km (the length of the border); the old name goes in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.length_km


def fence_coverage(border: Border, sections: Any, *, label: str = "fence") -> FenceCoverage:
    """Covered length, share of the border and uncovered stretches for a fence.

    Parameters
    ----------
    border : Border
    sections : sequence
        :class:`Section` objects and/or ``(start, end)`` pairs of km numbers or points,
        as :meth:`Border.section` accepts them (place names: geocode them first).
    label : str
        Label given to the merged sections.

    Returns
    -------
    FenceCoverage

    Raises
    ------
    ArgumentError
        A section is reversed, out of range or malformed.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> cov = fence_coverage(b, [(0, 100), (50, 150), (300, 400)])
    >>> round(cov.covered_km, 3), len(cov.uncovered)
    (250.0, 2)
    """
    if isinstance(sections, (str, bytes)) or not hasattr(sections, "__iter__"):
        raise ArgumentError(f"sections={sections!r}: expected a sequence of (start_km, end_km) pairs")
    spans: list[tuple[float, float]] = []
    for k, s in enumerate(sections):
        if isinstance(s, Section):
            sec = s
        elif isinstance(s, (tuple, list)) and len(s) == 2:
            sec = section(border, s[0], s[1])
        else:
            raise ArgumentError(f"sections[{k}]={s!r}: expected a Section or a (start_km, end_km) pair")
        spans.append((sec.start_km, sec.end_km))
    spans.sort()
    merged: list[tuple[float, float]] = []
    for s0, e0 in spans:
        if merged and s0 <= merged[-1][1] + 1e-9:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e0))
        else:
            merged.append((s0, e0))
    secs = tuple(section(border, s0, e0, label=label) for s0, e0 in merged)
    covered = sum(s.length_km for s in secs)
    total = border.length_km
    uncovered = tuple(complement(border, list(secs)))
    return FenceCoverage(
        sections=secs,
        covered_km=covered,
        length_km=total,
        share=covered / total if total else 0.0,
        uncovered=uncovered,
    )


def reported_fence(border: Border, length_km: float = REPORTED_FENCE_KM, *, label: str = "reported fence") -> Section:
    """A reported fence length shown as one section, centred on the border (an assumption).

    Articles give only a total (e.g. a 550 km barrier on a ~680 km border); the real
    barrier is built in many stretches, leaving out rivers and lakes.  bordermap shows
    it as one continuous section of that length centred on the middle of the border,
    so the uncovered remainder is split equally between both ends.  This is an
    illustration of the share covered, not a survey of where the fence stands; give
    the real stretches with :func:`fence_coverage` or :func:`read_fence` when known.

    Raises
    ------
    ValueError
        ``length_km`` is not positive or exceeds the border's length.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> s = reported_fence(b)
    >>> round(s.length_km, 3), round(s.start_km + s.end_km - b.length_km, 6)
    (550.0, 0.0)
    """
    if isinstance(length_km, bool) or not isinstance(length_km, (int, float)) or math.isnan(length_km):
        raise ArgumentError(f"length_km={length_km!r}: must be a number of km")
    if length_km <= 0 or length_km > border.length_km:
        raise ArgumentError(f"length_km={length_km:g}: must be in (0, {border.length_km:.1f}] (the border's length)")
    start = (border.length_km - length_km) / 2.0
    return section(border, start, start + length_km, label=label)


def read_fence(
    border: Border, path: str | os.PathLike[str], *, max_distance_km: float = 2.0, label: str = "fence"
) -> FenceCoverage:
    """Read a fence from a GeoJSON file of lines and snap it onto the border.

    Every line's vertices within ``max_distance_km`` of the border are projected onto
    it; the line becomes the section between the smallest and largest chainage.

    Raises
    ------
    InputFileError
        The file does not exist.
    DataError
        Not GeoJSON, no line geometry, or no line within ``max_distance_km`` of the border.

    Examples
    --------
    >>> import bordermap, json, tempfile, os
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> line = [[p.x + 0.001, p.y] for p in (b.locate(k) for k in range(100, 161, 5))]
    >>> path = os.path.join(tempfile.mkdtemp(), "fence.geojson")
    >>> _ = open(path, "w").write(json.dumps({"type": "LineString", "coordinates": line}))
    >>> round(read_fence(b, path).covered_km)
    60
    """
    from pathlib import Path

    import numpy as np
    import shapely
    from shapely.geometry import shape

    from ..data.inputs import check_geometries, read_json, shown

    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"{shown(p)}: no such fence file")
    data = read_json(p, what="a GeoJSON fence file")
    try:
        if data.get("type") == "FeatureCollection":
            geoms = [shape(f["geometry"]) for f in data["features"] if f.get("geometry")]
        elif data.get("type") == "Feature":
            geoms = [shape(data["geometry"])]
        else:
            geoms = [shape(data)]
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.GEOSException) as err:
        raise DataError(f"{shown(p)}: not a GeoJSON line file ({err})") from err
    check_geometries(geoms, p)
    lines = [g for geom in geoms for g in shapely.get_parts(geom) if g.geom_type == "LineString"]
    if not lines:
        raise DataError(f"{shown(p)}: has no LineString geometry")
    xy, which = shapely.get_coordinates(lines, return_index=True)
    if not ((np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()):
        raise DataError(f"{shown(p)}: coordinates out of lon/lat range (lon -180 to 180, lat -90 to 90)")
    kms, dist = project_many(border, lon=xy[:, 0], lat=xy[:, 1])
    spans = []
    for k in range(len(lines)):
        near = kms[(which == k) & (dist <= max_distance_km)]
        if len(near) >= 2 and near.max() > near.min():
            spans.append((float(near.min()), float(near.max())))
    if not spans:
        raise DataError(f"{p}: no fence line lies within {max_distance_km:g} km of the {border.a}–{border.b} border")
    return fence_coverage(border, spans, label=label)


@dataclass(frozen=True, eq=False)
class BorderMeasures:
    """What :func:`border_measures` finds about a border: tripoints, fence coverage, corridors.

    Attributes
    ----------
    tripoints : tuple of Tripoint
        The ends of the border line(s) (:attr:`Border.tripoints`).
    fence : FenceCoverage or None
        Coverage of the given or reported fence; None when there is no fence.
    fence_assumption : str or None
        How a reported fence length was placed on the border (one sentence), None when
        the fence was given (or there is none).
    corridors : GeoDataFrame
        Narrow corridors of either country next to the border, narrowest first, EPSG:4326:
        ``country`` (ISO3), ``width_km`` (geodesic), ``lat``, ``lon`` (chord middle),
        ``smaller_side_km2``, ``places`` (names of the populated places on the smaller
        side, most populous first; None where no ``places`` were given) and ``geometry``
        (the chord, a LineString in (lon, lat)).  Numbers are not rounded.

    Two BorderMeasures are equal only if they are the same object (a GeoDataFrame has no
    single truth value to compare by).
    """

    tripoints: tuple[Tripoint, ...]
    fence: FenceCoverage | None
    fence_assumption: str | None
    corridors: gpd.GeoDataFrame


#: Columns of :attr:`BorderMeasures.corridors` (besides ``geometry``).
CORRIDOR_COLUMNS = ("country", "width_km", "lat", "lon", "smaller_side_km2", "places")


def border_measures(
    border: Border,
    countries: gpd.GeoDataFrame | None = None,
    *,
    fence: FenceCoverage | Iterable[Any] | None = None,
    fence_km: float | None = REPORTED_FENCE_KM,
    corridor_reach_km: float = 25.0,
    max_corridors: int = 3,
    places: gpd.GeoDataFrame | Callable[[tuple[float, float, float, float]], gpd.GeoDataFrame] | None = None,
    corridors: gpd.GeoDataFrame | None = None,
) -> BorderMeasures:
    """Everything a report needs about a border: tripoints, fence coverage, corridors.

    Parameters
    ----------
    border : Border
    countries : GeoDataFrame, optional
        The dataset the border came from (default the bundled world).
    fence : FenceCoverage or sequence of sections, optional
        The user's fence; default :func:`reported_fence` of ``fence_km`` (capped at the
        border's length).
    fence_km : float or None
        Length of the reported fence when no ``fence`` is given (default 550 km, the
        Lithuanian barrier); ``None`` and no ``fence``: no fence (``fence`` is None).
    corridor_reach_km : float
        Keep corridors of either country whose chord lies within this distance of the border.
    max_corridors : int
        At most this many corridors, narrowest first; each country's narrowest is kept before the
        other side's second narrowest, so that both countries' corridors are shown.
    places : GeoDataFrame or function of a box, optional
        Populated places (points with ``name`` and ``population``, or a function giving those
        in a box), passed to
        :func:`narrowest_corridors`: each corridor lists those on its smaller side.
    corridors : GeoDataFrame, optional
        The corridors, as an earlier call with the same border, countries and options gave them
        (:attr:`BorderMeasures.corridors`; a report reads them from its cache): used as given
        instead of being computed again.

    Returns
    -------
    BorderMeasures

    Examples
    --------
    >>> import bordermap
    >>> m = border_measures(bordermap.shared_border("LTU", "BLR"))
    >>> round(m.fence.share, 3), round(m.fence.covered_km, 1), m.fence_assumption is not None
    (0.819, 550.0, True)
    >>> c = m.corridors.iloc[0]
    >>> c.country, round(float(c.width_km), 2), c.geometry.geom_type
    ('LTU', 2.64, 'LineString')
    """
    from ..data.countries import load_countries

    frame = load_countries() if countries is None else countries
    assumption = None
    coverage: FenceCoverage | None
    if fence is None and fence_km is None:
        coverage = None
    elif fence is None:
        length = min(float(fence_km or 0.0), border.length_km)
        coverage = fence_coverage(border, [reported_fence(border, length)], label="reported fence")
        assumption = (
            f"reported fence of {length:g} km drawn as one continuous section centred on the border "
            f"(km {coverage.sections[0].start_km:.1f}–{coverage.sections[0].end_km:.1f} from the "
            f"{border.a}–{border.b} line's start); the real barrier's stretches are not in the data"
        )
    elif isinstance(fence, FenceCoverage):
        coverage = fence
    else:
        coverage = fence_coverage(border, fence)
    if corridors is None:
        corridors = _near_corridors(border, frame, places, reach_km=corridor_reach_km, most=max_corridors)
    return BorderMeasures(
        tripoints=tuple(border.tripoints), fence=coverage, fence_assumption=assumption, corridors=corridors
    )


def _near_corridors(
    border: Border, frame: gpd.GeoDataFrame, places: Any, *, reach_km: float, most: int
) -> gpd.GeoDataFrame:
    """The narrowest corridors of either country whose chord lies within ``reach_km`` of the border."""
    import geopandas as gpd

    from ..data.countries import country_row
    from .corridors import narrowest_corridors

    rows: list[dict[str, Any]] = []
    for iso in (border.a, border.b):
        row = country_row(frame, iso)
        if bool(row.get("clipped", False)):
            continue  # a clipped polygon has artificial necks at the cut
        table = narrowest_corridors(row.geometry, places=places, near=border.geometry, reach_km=reach_km)
        named = "places" in table.columns
        rows.extend(
            {
                "country": iso,
                "width_km": float(r.width_km),
                "lat": float(r.lat),
                "lon": float(r.lon),
                "smaller_side_km2": float(r.smaller_side_km2),
                "places": list(r.places) if named else None,
                "geometry": r.geometry,
            }
            for r in table.itertuples()
        )
    # Each country's narrowest is kept first (both sides of the pair are shown), then the rest by width.
    rows.sort(key=lambda c: c["width_km"])
    firsts = {id(next(r for r in rows if r["country"] == iso)) for iso in {r["country"] for r in rows}}
    chosen = [r for r in rows if id(r) in firsts][:most]
    chosen += [r for r in rows if id(r) not in firsts][: most - len(chosen)]
    rows = sorted(chosen, key=lambda c: c["width_km"])
    return gpd.GeoDataFrame(
        [{k: r[k] for k in CORRIDOR_COLUMNS} for r in rows],
        columns=list(CORRIDOR_COLUMNS),
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
    )
