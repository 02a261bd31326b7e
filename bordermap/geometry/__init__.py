"""Border geometry: projections, shared borders, linear referencing, fences, corridors, measures, the border table.

Functions take points (shapely, (lon, lat)) and km, never place names: callers geocode first.
Nothing here imports :mod:`bordermap.text` (an import-linter contract checks it).

Submodules are imported when first used (``bordermap.geometry.<module>``).
"""

import pkgutil

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__, submodules={m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
)
