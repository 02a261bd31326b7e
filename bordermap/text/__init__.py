"""From article text to places and claims: articles, gazetteer, place extraction, claims, geocoding.

Nothing here imports :mod:`bordermap.geometry` (an import-linter contract checks it).

Submodules are imported when first used (``bordermap.text.<module>``).
"""

import pkgutil

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__, submodules={m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
)
