"""A place (:class:`Place`): an entry of the gazetteer or a geocoder's answer; its kind checked by :func:`kind_of`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..exc import DataError
from .kinds import KINDS, Kind

if TYPE_CHECKING:
    from shapely.geometry import Point


@dataclass(frozen=True, kw_only=True)
class Place:
    """A gazetteer entry.

    Attributes
    ----------
    name : str
        Preferred name (e.g. ``"Dieveniškės"``).
    lon, lat : float
        WGS84 degrees (see also :attr:`point`).
    country : str
        ISO 3166-1 alpha-3 code ('' for continents).
    kind : Kind
        One of :data:`KINDS`.
    population : int
        From GeoNames (0 where unknown).
    source : str
        ``"geonames"`` or ``"curated"`` (``geodata/places.csv``) or a geocoder's name.
    precision_m : float
        How far the true place may be from (lon, lat).
    id : str
        Stable identifier (``geonames:593116``, ``curated:Padvarionys``).
    note : str
        Free text (e.g. why coordinates are approximate).
    admin1 : str
        First-level region (GeoNames code or name; '' if unknown).

    Examples
    --------
    >>> p = Place(name="Vilnius", lon=25.2798, lat=54.68916, country="LTU", kind="city")
    >>> p.point.x, p.point.y
    (25.2798, 54.68916)
    """

    name: str
    lon: float
    lat: float
    country: str
    kind: Kind
    population: int = 0
    source: str = "geonames"
    precision_m: float = 1000.0
    id: str = ""
    note: str = field(default="", compare=False)
    admin1: str = field(default="", compare=False)

    @property
    def point(self) -> Point:
        """The place as a shapely ``Point(lon, lat)``."""
        from shapely.geometry import Point

        return Point(self.lon, self.lat)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "kind": self.kind,
            "population": self.population,
            "source": self.source,
            "precision_m": self.precision_m,
            "id": self.id,
            "note": self.note,
            "admin1": self.admin1,
        }


def kind_of(value: str, *, where: str) -> Kind:
    """``value`` as a :data:`Kind`.

    Raises
    ------
    DataError
        ``value`` is not one of :data:`KINDS` (``where`` names the input in the message).

    Examples
    --------
    >>> kind_of("crossing", where="places.csv")
    'crossing'
    """
    for kind in KINDS:
        if value == kind:
            return kind
    raise DataError(f"{where}: unknown place kind {value!r} (expected one of {', '.join(KINDS)})")
