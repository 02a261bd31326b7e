"""Publishing results: RFC 7946 GeoJSON and Leaflet maps (templates are package data files).

Submodules are imported when first used (``bordermap.publish.<module>``).
"""

import pkgutil

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__, submodules={m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
)
