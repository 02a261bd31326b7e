"""Measures between territories and places: gaps, distances to a border, border zones.

Places (``places=``, ``crossings=``) are named positions, given as

* a GeoDataFrame of points (EPSG:4326, or any CRS it can be converted from) with a ``name``
  column;
* a DataFrame with ``name``, ``lat`` and ``lon`` columns;
* a sequence of objects with ``name`` and ``lat``/``lon`` attributes (a :class:`bordermap.Place`,
  a :class:`bordermap.GeocodeResult`) or of mappings with the keys ``name``, ``lat``, ``lon``.

Bare ``(name, lat, lon)`` tuples are refused with a one-line error: positions are named,
never read from the order of a tuple.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..data.countries import country_row, load_countries
from ..exc import ArgumentError
from .corridors import territory
from .linear import as_lonlat, project, section
from .projection import distance_km, local_crs, shortest_link, to_lonlat, to_metric

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry import LineString
    from shapely.geometry.base import BaseGeometry

    from .borders import Border

_PLACES_HELP = (
    "pass a GeoDataFrame of points with a 'name' column, or objects with name, lat and lon "
    "(e.g. bordermap Place) or mappings with keys name, lat, lon"
)


@dataclass(frozen=True)
class Gap:
    """The shortest link between two territories.

    Attributes
    ----------
    distance_km : float
        Geodesic length of the link, in km (0 where they touch).
    geometry : shapely LineString
        The link, lon/lat (EPSG:4326), from the first territory to the second.
    """

    distance_km: float
    geometry: LineString


def gap(
    first: BaseGeometry | str,
    second: BaseGeometry | str,
    *,
    countries: gpd.GeoDataFrame | None = None,
    part_near: Any = None,
    second_part_near: Any = None,
) -> Gap:
    """Shortest distance between two territories (e.g. the Suwałki gap).

    The nearest points are found in a local equidistant projection centred between
    the two territories, then measured geodesically on WGS84.

    Parameters
    ----------
    first, second : shapely geometry or str
        Territories in EPSG:4326 (lon, lat), or ISO codes / English names looked up
        in ``countries``.
    countries : GeoDataFrame, optional
        Where codes are looked up; default the bundled world.
    part_near, second_part_near : shapely Point (lon, lat), geopy Point, or an object with ``lat`` and ``lon``
        Use only the polygon part of ``first`` (``second``) nearest to that position, e.g.
        Kaliningrad as ``gap("RUS", "BLR", part_near=Point(20.51, 54.71))``.  A bare tuple is refused.

    Returns
    -------
    Gap

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(gap(Point(25.0, 54.0), Point(25.0, 55.0)).distance_km)
    111
    >>> round(gap("RUS", "BLR", part_near=Point(20.51, 54.71)).distance_km)  # Suwałki gap
    65
    """
    first = territory(first, countries=countries, part_near=part_near)
    second = territory(second, countries=countries, part_near=second_part_near)
    km, line = shortest_link(first, second)
    return Gap(km, line)


@dataclass(frozen=True)
class _Named:
    name: str
    lon: float
    lat: float


def _as_places(places: Any, what: str = "places") -> list[_Named]:
    """Named (lon, lat) positions from the accepted forms (see the module notes); ArgumentError otherwise."""
    short = reprlib.Repr()
    short.maxstring = short.maxother = 60
    if isinstance(places, (str, bytes, Mapping)):
        raise ArgumentError(f"{what}={short.repr(places)}: expected several places; {_PLACES_HELP}")
    if hasattr(places, "columns") and hasattr(places, "iterrows"):
        return _frame_places(places, what)
    if not hasattr(places, "__iter__"):
        raise ArgumentError(f"{what}={short.repr(places)}: expected a sequence of places; {_PLACES_HELP}")
    out: list[_Named] = []
    for k, p in enumerate(places):
        label = f"{what}[{k}]"
        if isinstance(p, (tuple, list)):
            raise ArgumentError(f"{label}={short.repr(p)}: a bare tuple (its order is ambiguous); {_PLACES_HELP}")
        if isinstance(p, Mapping):
            name = p.get("name")
        else:
            name = getattr(p, "name", None) or getattr(getattr(p, "place", None), "name", None)
        if name is None or (isinstance(name, float) and math.isnan(name)):
            raise ArgumentError(f"{label}={short.repr(p)}: no name; {_PLACES_HELP}")
        lon, lat = as_lonlat(p, what=label, keywords=False)
        out.append(_Named(str(name), lon, lat))
    return out


def _frame_places(frame: Any, what: str) -> list[_Named]:
    import pandas as pd

    cols = {str(c).lower(): c for c in frame.columns}
    if "name" not in cols:
        raise ArgumentError(f"{what}: the table has no 'name' column; {_PLACES_HELP}")
    names = [str(n) for n in frame[cols["name"]]]
    if hasattr(frame, "geometry") and hasattr(frame, "to_crs"):  # GeoDataFrame of points
        if frame.crs is not None and frame.crs.to_epsg() != 4326:
            frame = frame.to_crs(4326)
        geoms = list(frame.geometry)
        return [
            _Named(n, *as_lonlat(g, what=f"{what}[{n!r}]", keywords=False)) for n, g in zip(names, geoms, strict=True)
        ]
    if not isinstance(frame, pd.DataFrame) or not {"lat", "lon"} <= set(cols):
        raise ArgumentError(f"{what}: a table needs 'lat' and 'lon' columns or point geometries; {_PLACES_HELP}")
    lats, lons = frame[cols["lat"]].tolist(), frame[cols["lon"]].tolist()
    return [
        _Named(n, *as_lonlat(lat=la, lon=lo, what=f"{what}[{n!r}]"))
        for n, la, lo in zip(names, lats, lons, strict=True)
    ]


def distances_to_border(border: Border, places: Any, *, crossings: Any = None) -> gpd.GeoDataFrame:
    """Each place's geodesic distance to the border, and to the nearest crossing of a list.

    Parameters
    ----------
    border : Border
    places : GeoDataFrame of points, DataFrame, or sequence of places
        Named positions; see the module notes for the accepted forms (no bare tuples).
    crossings : same forms as ``places``, optional
        Border crossings (or any reference points).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one row per place in the given order: ``name``, ``lat``, ``lon``,
        ``border_distance_km`` (distance to the border), ``chainage_km`` (where along the
        border the nearest point is), with crossings ``nearest_crossing`` (its name) and
        ``crossing_distance_km``, and ``geometry`` (the place, a Point (lon, lat)).  The
        names are those of the report and its files (see the column vocabulary in the docs);
        the old ``border_km``, ``crossing`` and ``crossing_km`` still read, with a
        DeprecationWarning, until 0.3.

    Raises
    ------
    ArgumentError
        A place is a bare tuple, has no name, or its position is missing or out of range.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> vilnius = {"name": "Vilnius", "lat": 54.687, "lon": 25.28}
    >>> medininkai = {"name": "Medininkai", "lat": 54.539, "lon": 25.65}
    >>> t = distances_to_border(b, [vilnius], crossings=[medininkai])
    >>> bool(20 < t.border_distance_km[0] < 40), t.nearest_crossing[0], bool(25 < t.crossing_distance_km[0] < 35)
    (True, 'Medininkai', True)
    """
    from shapely.geometry import Point

    cross = _as_places(crossings, "crossings") if crossings is not None else None
    rows = []
    points = []
    for p in _as_places(places):
        km, dist = project(border, lat=p.lat, lon=p.lon)
        row: dict[str, Any] = {
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "border_distance_km": dist,
            "chainage_km": km,
        }
        if cross is not None:
            if cross:
                dists = [distance_km(lat1=p.lat, lon1=p.lon, lat2=c.lat, lon2=c.lon) for c in cross]
                k = min(range(len(cross)), key=dists.__getitem__)
                row["nearest_crossing"], row["crossing_distance_km"] = cross[k].name, dists[k]
            else:
                row["nearest_crossing"], row["crossing_distance_km"] = None, float("nan")
        rows.append(row)
        points.append(Point(p.lon, p.lat))
    cols = ["name", "lat", "lon", "border_distance_km", "chainage_km"] + (
        ["nearest_crossing", "crossing_distance_km"] if cross is not None else []
    )
    return _distance_frame()(rows, columns=cols, geometry=points, crs="EPSG:4326")


#: Column names of :func:`distances_to_border` before 0.2, read with a DeprecationWarning until 0.3.
RENAMED_COLUMNS = {
    "border_km": "border_distance_km",
    "crossing": "nearest_crossing",
    "crossing_km": "crossing_distance_km",
}


def _renamed(name: str) -> str:
    import warnings

    new = RENAMED_COLUMNS[name]
    warnings.warn(
        f"distances_to_border: column {name!r} is now {new!r} (the report's name); the old one goes in 0.3",
        DeprecationWarning,
        stacklevel=3,
    )
    return new


def _distance_frame() -> type[gpd.GeoDataFrame]:
    """A GeoDataFrame class that still reads the columns' pre-0.2 names, with a DeprecationWarning."""
    import geopandas as gpd

    global _DISTANCE_FRAME
    if _DISTANCE_FRAME is None:

        class DistanceFrame(gpd.GeoDataFrame):  # type: ignore[misc]
            def __getitem__(self, key: Any) -> Any:
                if isinstance(key, str) and key in RENAMED_COLUMNS and key not in self.columns:
                    key = _renamed(key)
                return super().__getitem__(key)

            def __getattr__(self, name: str) -> Any:
                if name in RENAMED_COLUMNS and name not in self.columns:
                    return super().__getitem__(_renamed(name))
                return super().__getattr__(name)

        DistanceFrame.__module__ = __name__
        DistanceFrame.__qualname__ = "DistanceFrame"  # pickled by name: found through the module's __getattr__
        _DISTANCE_FRAME = DistanceFrame
    return _DISTANCE_FRAME


def __getattr__(name: str) -> Any:
    if name == "DistanceFrame":
        return _distance_frame()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_DISTANCE_FRAME: type[gpd.GeoDataFrame] | None = None


@dataclass(frozen=True)
class Zone:
    """A strip along a border.

    Attributes
    ----------
    geometry : shapely (Multi)Polygon
        The strip, EPSG:4326, (lon, lat).
    width_km : float
        Its half-width: every point is within ``width_km`` (geodesic) of the border.
    within : str or None
        ISO code of the country it was clipped to, if any.
    places : tuple of str
        Names of the given places that lie inside.
    """

    geometry: BaseGeometry
    width_km: float
    within: str | None
    places: tuple[str, ...]


def border_zone(
    border: Border,
    width_km: float = 5.0,
    *,
    within: str | None = None,
    countries: gpd.GeoDataFrame | None = None,
    places: Any = None,
    chunk_km: float = 100.0,
) -> Zone:
    """A geodesic buffer strip along the border (e.g. a 5 km emergency zone) and the places in it.

    The border is cut into stretches of ``chunk_km``; each is buffered in an azimuthal
    equidistant projection centred on it (distances true to well under 0.1 %), and the
    pieces are joined.

    Parameters
    ----------
    border : Border
    width_km : float
        Distance from the border (km), > 0.
    within : str, optional
        ISO code or name of ``border.a`` or ``border.b``: keep only the strip inside
        that country.
    countries : GeoDataFrame, optional
        Where ``within`` is looked up (default the bundled world).
    places : GeoDataFrame of points, DataFrame, or sequence of places, optional
        Named positions to test (see the module notes; no bare tuples).

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> towns = [{"name": "Medininkai", "lat": 54.539, "lon": 25.65}, {"name": "Vilnius", "lat": 54.687, "lon": 25.28}]
    >>> border_zone(b, 5, within="LTU", places=towns).places
    ('Medininkai',)
    """
    import shapely
    from shapely.geometry import Point

    if (
        isinstance(width_km, bool)
        or not isinstance(width_km, (int, float))
        or not math.isfinite(width_km)
        or width_km <= 0
    ):
        raise ArgumentError(f"width_km={width_km!r}: must be a positive, finite number of km")
    named = _as_places(places) if places is not None else None  # fail fast, before the buffers
    pieces = []
    total = border.length_km
    n = max(1, math.ceil(total / chunk_km))
    for k in range(n):
        sec = section(border, total * k / n, total * (k + 1) / n)
        c = sec.geometry.centroid
        crs = local_crs(lon=c.x, lat=c.y)
        pieces.append(to_lonlat(to_metric(sec.geometry, crs).buffer(width_km * 1000.0, quad_segs=16), crs))
    zone = shapely.union_all(pieces)
    if within is not None:
        frame = load_countries() if countries is None else countries
        row = country_row(frame, within)
        if row["iso_a3"] not in (border.a, border.b):
            raise ArgumentError(f"within={within!r}: must be one of the border's countries ({border.a}, {border.b})")
        x0, y0, x1, y1 = zone.bounds
        zone = shapely.intersection(zone, shapely.clip_by_rect(row.geometry, x0, y0, x1, y1))
        within = str(row["iso_a3"])
    inside: tuple[str, ...] = ()
    if named is not None:
        shapely.prepare(zone)
        inside = tuple(p.name for p in named if zone.contains(Point(p.lon, p.lat)))
    return Zone(geometry=zone, width_km=float(width_km), within=within, places=inside)


#: Detail of the finest published border lengths: large-scale survey maps (1:25,000–1:50,000) resolve about 10 m.
FINE_M = 10.0
#: Detail of the coarsest: atlas and reference-book lengths (1:1,000,000 and smaller) resolve about 1 km.
COARSE_M = 1000.0
#: The band is never narrower than this share of the computed length either side (where the border's ends are).
FLOOR_SHARE = 0.03


@dataclass(frozen=True)
class LengthBand:
    """How long a border can honestly be said to be: its length at the scales lengths are published at.

    A line's measured length grows as it is measured more finely (Richardson's coastline effect):
    ``L(eps) = F * eps ** (1 - D)`` for a ruler (here, a simplification tolerance) ``eps``.

    Attributes
    ----------
    length_km : float
        The border's geodesic length in the dataset.
    low_km, high_km : float
        The band: the fitted length at :data:`COARSE_M` and at :data:`FINE_M` detail, widened to at
        least ±:data:`FLOOR_SHARE` of ``length_km``.
    resolution_m : float
        The dataset's resolution along this border: the median spacing of its vertices (m).
    dimension : float
        The fitted Richardson dimension ``D`` (1 for a straight line; clipped to 1–1.5).
    tolerances_m, lengths_km : tuple of float
        The simplification tolerances (2 to 32 times the resolution) and the lengths measured at each.
    fine_m, coarse_m : float
        The scales the band was extrapolated to.
    """

    length_km: float
    low_km: float
    high_km: float
    resolution_m: float
    dimension: float
    tolerances_m: tuple[float, ...]
    lengths_km: tuple[float, ...]
    fine_m: float = FINE_M
    coarse_m: float = COARSE_M

    def describe(self) -> str:
        """One sentence: how the band was made."""
        return (
            f"border lengths depend on the scale they are measured at: the dataset's line (vertices every "
            f"~{self.resolution_m:.0f} m) measured at {len(self.tolerances_m)} simplification tolerances "
            f"({self.tolerances_m[0]:.0f}–{self.tolerances_m[-1]:.0f} m) fits a Richardson dimension D = "
            f"{self.dimension:.3f}, giving {self.low_km:,.0f} km at {self.coarse_m:g} m and {self.high_km:,.0f} km "
            f"at {self.fine_m:g} m detail"
            if self.tolerances_m
            else f"a line too short to fit; ±{100 * FLOOR_SHARE:g} % of its length"
        )


def length_band(border: Border, *, fine_m: float = FINE_M, coarse_m: float = COARSE_M) -> LengthBand:
    """The range of lengths a border has at the scales published figures are measured at.

    The border is projected (azimuthal equidistant, centred on it), simplified at tolerances of 2, 4, 8,
    16 and 32 times the dataset's resolution (the median vertex spacing), and the lengths are fitted
    with Richardson's law ``log L = a + (1 - D) log eps``; the fit is extrapolated to ``coarse_m`` and
    ``fine_m``.  See ``docs/claims.md`` for the method and its sources.

    Parameters
    ----------
    border : Border
    fine_m, coarse_m : float
        The finest and coarsest detail (m) of the published lengths the band must hold.

    Returns
    -------
    LengthBand

    Examples
    --------
    >>> import bordermap
    >>> band = length_band(bordermap.shared_border("IND", "BGD"))
    >>> band.low_km < band.length_km < 4096.7 < band.high_km, 1.0 < band.dimension < 1.3
    (True, True)
    """
    import numpy as np
    import shapely

    from .projection import local_crs, to_metric

    length = float(border.length_km)
    c = border.geometry.centroid
    metric = to_metric(border.geometry, local_crs(lon=c.x, lat=c.y))
    lines = list(getattr(metric, "geoms", [metric]))
    steps = np.concatenate([np.hypot(*np.diff(np.asarray(ln.coords), axis=0).T) for ln in lines])
    steps = steps[steps > 0]
    floor_lo, floor_hi = length * (1 - FLOOR_SHARE), length * (1 + FLOOR_SHARE)
    if len(steps) < 8 or metric.length <= 0:
        return LengthBand(length, floor_lo, floor_hi, float(np.median(steps)) if len(steps) else 0.0, 1.0, (), ())
    resolution = float(np.median(steps))
    tolerances = resolution * np.array([2.0, 4.0, 8.0, 16.0, 32.0])
    scale = length / float(metric.length)  # projected to geodesic
    lengths = np.array([shapely.simplify(metric, t, preserve_topology=False).length for t in tolerances]) * scale
    slope, intercept = np.polyfit(np.log(tolerances), np.log(np.maximum(lengths, 1e-9)), 1)
    dimension = float(min(max(1.0 - slope, 1.0), 1.5))

    def at(eps: float) -> float:
        # through the fit's centre with the clipped slope
        mid = float(np.mean(np.log(tolerances)))
        return float(math.exp(intercept + slope * mid + (1.0 - dimension) * (math.log(eps) - mid)))

    return LengthBand(
        length_km=length,
        low_km=min(at(coarse_m), floor_lo),
        high_km=max(at(fine_m), floor_hi),
        resolution_m=resolution,
        dimension=dimension,
        tolerances_m=tuple(float(t) for t in tolerances),
        lengths_km=tuple(float(x) for x in lengths),
        fine_m=float(fine_m),
        coarse_m=float(coarse_m),
    )
