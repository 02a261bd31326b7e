"""bordermap: map border situations from the news.

Read articles, find and geocode the places they mention, measure the border they
talk about on real (OpenStreetMap-derived) polygons, check their numbers, and publish
Leaflet maps and GeoJSON.  Geometries are EPSG:4326 with (lon, lat) coordinates;
functions that take or return separate coordinates name them ``lat`` and ``lon``.

Heavy dependencies (geopandas, folium) are imported when first used, not at import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    ArgumentError,
    BordermapError,
    DataError,
    GeocodingError,
    InputFileError,
    NoSharedBorderError,
    OptionalDependencyError,
    OutputError,
    UnknownCountryError,
)

__version__ = "0.1.0"

_LAZY = {
    "load_countries": "data",
    "fetch_world": "data",
    "shared_border": "border",
    "Border": "border",
    "Tripoint": "border",
    "gap": "measure",
    "Gap": "measure",
    "Section": "border",
    "territory": "corridors",
    "narrowest_corridors": "corridors",
    "distances_to_border": "measure",
    "border_zone": "measure",
    "Zone": "measure",
    "FenceCoverage": "fence",
    "fence_coverage": "fence",
    "reported_fence": "fence",
    "read_fence": "fence",
    "border_measures": "fence",
    "measure_features": "fence",
    "border_table": "table",
    "geocode": "geocoder",
    "GeocodeResult": "geocoder",
    "OfflineGeocoder": "geocoder",
    "extract_claims": "claims",
    "check_claims": "claims",
    "claims_table": "claims",
    "Claim": "claims",
    "ClaimCheck": "claims",
    "Place": "gazetteer",
    "Gazetteer": "gazetteer",
    "default_gazetteer": "gazetteer",
    "Article": "articles",
    "read_articles": "articles",
    "extract_places": "places",
    "Mention": "places",
    "make_map": "maps",
    "to_geojson": "export",
    "run_report": "report",
    "Report": "report",
    "settings": "settings",
}

if TYPE_CHECKING:
    from . import settings as settings
    from .articles import Article as Article
    from .articles import read_articles as read_articles
    from .border import Border as Border
    from .border import Section as Section
    from .border import Tripoint as Tripoint
    from .border import shared_border as shared_border
    from .claims import Claim as Claim
    from .claims import ClaimCheck as ClaimCheck
    from .claims import check_claims as check_claims
    from .claims import claims_table as claims_table
    from .claims import extract_claims as extract_claims
    from .corridors import narrowest_corridors as narrowest_corridors
    from .corridors import territory as territory
    from .data import fetch_world as fetch_world
    from .data import load_countries as load_countries
    from .export import to_geojson as to_geojson
    from .fence import FenceCoverage as FenceCoverage
    from .fence import border_measures as border_measures
    from .fence import fence_coverage as fence_coverage
    from .fence import measure_features as measure_features
    from .fence import read_fence as read_fence
    from .fence import reported_fence as reported_fence
    from .gazetteer import Gazetteer as Gazetteer
    from .gazetteer import Place as Place
    from .gazetteer import default_gazetteer as default_gazetteer
    from .geocoder import GeocodeResult as GeocodeResult
    from .geocoder import OfflineGeocoder as OfflineGeocoder
    from .geocoder import geocode as geocode
    from .maps import make_map as make_map
    from .measure import Gap as Gap
    from .measure import Zone as Zone
    from .measure import border_zone as border_zone
    from .measure import distances_to_border as distances_to_border
    from .measure import gap as gap
    from .places import Mention as Mention
    from .places import extract_places as extract_places
    from .report import Report as Report
    from .report import run_report as run_report
    from .table import border_table as border_table


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bordermap' has no attribute {name!r}")
    mod = importlib.import_module(f".{module}", __name__)
    return mod if name == module else getattr(mod, name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "ArgumentError",
    "BordermapError",
    "DataError",
    "GeocodingError",
    "InputFileError",
    "NoSharedBorderError",
    "OptionalDependencyError",
    "OutputError",
    "UnknownCountryError",
    *_LAZY,
]
