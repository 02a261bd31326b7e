"""Measures between territories and places: gaps, distances to a border, border zones.

Places may be given as :class:`bordermap.Place` / :class:`bordermap.GeocodeResult`
objects, dicts or a DataFrame with ``name``, ``lat``, ``lon`` (WGS84 degrees), or
``(name, lat, lon)`` tuples; crossings likewise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exc import ArgumentError
from .projection import distance_km, local_crs, to_metric

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import LineString
    from shapely.geometry.base import BaseGeometry

    from .borders import Border


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
    part_near: tuple[float, float] | None = None,
    second_part_near: tuple[float, float] | None = None,
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
        Where codes are looked up; default the bundled extract.
    part_near, second_part_near : tuple of float, optional
        ``(lat, lon)``: use only the polygon part of ``first`` (``second``) nearest to
        that point, e.g. Kaliningrad as ``gap("RUS", "BLR", part_near=(54.71, 20.51))``.

    Returns
    -------
    Gap

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(gap(Point(25.0, 54.0), Point(25.0, 55.0)).distance_km)
    111
    >>> round(gap("RUS", "BLR", part_near=(54.71, 20.51)).distance_km)  # Suwałki gap
    65
    """
    import shapely
    from shapely.geometry import LineString

    from .corridors import territory

    first = territory(first, countries=countries, part_near=part_near)
    second = territory(second, countries=countries, part_near=second_part_near)

    # Nearest points in degrees give a good first guess; refine in a local projection.
    pa, pb = shapely.ops.nearest_points(first, second)
    crs = local_crs((pa.x + pb.x) / 2, (pa.y + pb.y) / 2)
    box = shapely.geometry.box(
        min(pa.x, pb.x) - 1.0, min(pa.y, pb.y) - 1.0, max(pa.x, pb.x) + 1.0, max(pa.y, pb.y) + 1.0
    )
    la = to_metric(shapely.clip_by_rect(first, *box.bounds), crs)
    lb = to_metric(shapely.clip_by_rect(second, *box.bounds), crs)
    if not la.is_empty and not lb.is_empty:
        ma, mb = shapely.ops.nearest_points(la, lb)
        from .projection import to_lonlat

        pa, pb = to_lonlat(ma, crs), to_lonlat(mb, crs)  # type: ignore[assignment]
    if first.intersects(second):
        return Gap(0.0, LineString([(pa.x, pa.y), (pa.x, pa.y)]))
    return Gap(distance_km(pa.y, pa.x, pb.y, pb.x), LineString([(pa.x, pa.y), (pb.x, pb.y)]))


def _as_places(places: Any, what: str = "places") -> list[tuple[str, float, float]]:
    """Normalise places to ``(name, lat, lon)`` tuples."""
    import math

    try:
        import pandas as pd

        if isinstance(places, pd.DataFrame):
            cols = {c.lower(): c for c in places.columns}
            if not {"lat", "lon"} <= set(cols):
                raise ArgumentError(f"{what}: a DataFrame needs 'lat' and 'lon' columns")
            name = cols.get("name")
            places = [(str(r[name]) if name else str(i), r[cols["lat"]], r[cols["lon"]]) for i, r in places.iterrows()]
    except ImportError:  # pragma: no cover
        pass
    out: list[tuple[str, float, float]] = []
    for k, p in enumerate(places):
        if isinstance(p, dict):
            item = (str(p.get("name", k)), p.get("lat"), p.get("lon"))
        elif isinstance(p, tuple) and len(p) == 3:
            item = (str(p[0]), p[1], p[2])
        elif hasattr(p, "lat") and hasattr(p, "lon"):
            nm = getattr(p, "name", None) or getattr(getattr(p, "place", None), "name", None) or str(k)
            item = (str(nm), p.lat, p.lon)
        else:
            raise ArgumentError(f"{what}[{k}]={p!r}: expected a Place, a dict or a (name, lat, lon) tuple")
        try:
            lat, lon = float(item[1]), float(item[2])  # type: ignore[arg-type]
        except (TypeError, ValueError) as err:
            raise ArgumentError(f"{what}[{k}]={p!r}: lat/lon are not numbers") from err
        if math.isnan(lat) or math.isnan(lon) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ArgumentError(f"{what}[{k}]={p!r}: (lat, lon) out of range")
        out.append((item[0], lat, lon))
    return out


def distances_to_border(border: Border, places: Any, *, crossings: Any = None) -> pd.DataFrame:
    """Each place's geodesic distance to the border, and to the nearest crossing of a list.

    Parameters
    ----------
    border : Border
    places : sequence of places
        See the module notes for accepted forms.
    crossings : sequence of places, optional
        Border crossings (or any reference points).

    Returns
    -------
    pandas.DataFrame
        ``name``, ``lat``, ``lon``, ``border_km`` (distance to the border),
        ``chainage_km`` (where along the border the nearest point is), and with
        crossings ``crossing`` (nearest one's name) and ``crossing_km``.

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> t = distances_to_border(b, [("Vilnius", 54.687, 25.28)], crossings=[("Medininkai", 54.539, 25.65)])
    >>> bool(20 < t.border_km[0] < 40), t.crossing[0], bool(25 < t.crossing_km[0] < 35)
    (True, 'Medininkai', True)
    """
    import pandas as pd

    from .linear import project

    rows = []
    cross = _as_places(crossings, "crossings") if crossings is not None else None
    for name, lat, lon in _as_places(places):
        km, dist = project(border, (lat, lon))
        row: dict[str, Any] = {"name": name, "lat": lat, "lon": lon, "border_km": dist, "chainage_km": km}
        if cross is not None:
            if cross:
                best = min(cross, key=lambda c: distance_km(lat, lon, c[1], c[2]))
                row["crossing"], row["crossing_km"] = best[0], distance_km(lat, lon, best[1], best[2])
            else:
                row["crossing"], row["crossing_km"] = None, float("nan")
        rows.append(row)
    cols = ["name", "lat", "lon", "border_km", "chainage_km"] + (
        ["crossing", "crossing_km"] if cross is not None else []
    )
    return pd.DataFrame(rows, columns=cols)


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
        Where ``within`` is looked up (default the bundled extract).
    places : sequence of places, optional
        Places to test (see the module notes).

    Examples
    --------
    >>> import bordermap
    >>> b = bordermap.shared_border("LTU", "BLR")
    >>> z = border_zone(b, 5, within="LTU", places=[("Medininkai", 54.539, 25.65), ("Vilnius", 54.687, 25.28)])
    >>> z.places
    ('Medininkai',)
    """
    import math

    import shapely
    from shapely.geometry import Point

    from .linear import section
    from .projection import to_lonlat

    if (
        isinstance(width_km, bool)
        or not isinstance(width_km, (int, float))
        or not math.isfinite(width_km)
        or width_km <= 0
    ):
        raise ArgumentError(f"width_km={width_km!r}: must be a positive, finite number of km")
    pieces = []
    total = border.length_km
    n = max(1, math.ceil(total / chunk_km))
    for k in range(n):
        sec = section(border, total * k / n, total * (k + 1) / n)
        c = sec.geometry.centroid
        crs = local_crs(c.x, c.y)
        pieces.append(to_lonlat(to_metric(sec.geometry, crs).buffer(width_km * 1000.0, quad_segs=16), crs))
    zone = shapely.union_all(pieces)
    if within is not None:
        from ..data.countries import country_row, load_countries

        frame = load_countries() if countries is None else countries
        row = country_row(frame, within)
        if row["iso_a3"] not in (border.a, border.b):
            raise ArgumentError(f"within={within!r}: must be one of the border's countries ({border.a}, {border.b})")
        x0, y0, x1, y1 = zone.bounds
        zone = shapely.intersection(zone, shapely.clip_by_rect(row.geometry, x0, y0, x1, y1))
        within = str(row["iso_a3"])
    inside: tuple[str, ...] = ()
    if places is not None:
        shapely.prepare(zone)
        inside = tuple(n for n, lat, lon in _as_places(places) if zone.contains(Point(lon, lat)))
    return Zone(geometry=zone, width_km=float(width_km), within=within, places=inside)
