"""bordermap: map border situations from the news.

Read articles, find and geocode the places they mention, measure the border they
talk about on real (OpenStreetMap-derived) polygons, check their numbers, and publish
Leaflet maps and GeoJSON.  Geometries are EPSG:4326 with (lon, lat) coordinates;
functions that take or return separate coordinates name them ``lat`` and ``lon``.

The data flows through four subpackages: :mod:`bordermap.data` (datasets), :mod:`bordermap.text`
(articles to places and claims), :mod:`bordermap.geometry` (borders and what is measured on them)
and :mod:`bordermap.publish` (GeoJSON and maps); :mod:`bordermap.report` joins them.

``bordermap.__version__`` is the installed distribution's version (package metadata; ``bordermap
--version`` prints it).

The public names are listed once, in ``__init__.pyi``; they are imported when first used
(``lazy_loader``), so ``import bordermap`` loads neither geopandas nor folium.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)

try:
    __version__ = version("bordermap")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"
