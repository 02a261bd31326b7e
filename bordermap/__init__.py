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
(``lazy_loader``), so ``import bordermap`` loads neither geopandas nor folium (nor NumPy, nor
``importlib.metadata``: ``__version__`` is read when first asked for).
"""

from __future__ import annotations

from typing import Any

import lazy_loader

_attribute, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)


def __getattr__(name: str) -> Any:
    """The public names, imported when first used; ``__version__`` read when first asked for."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # 50 ms: not at import time

        try:
            value = version("bordermap")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    return _attribute(name)
