"""Border geometry: shapely/pyproj on lon/lat (EPSG:4326) data; never imports :mod:`bordermap.text`.

Modules, each importing only those above it (no cycles; ``Border`` is named under
``TYPE_CHECKING`` where a lower module only reads ``border.geometry``):

* ``projection`` — local metric CRS, geodesic lengths, distances and shortest links (imports nothing);
* ``linear`` — linear referencing: :class:`Section`, locate/project/section, the position rule
  (:func:`~bordermap.geometry.linear.as_lonlat`); imports ``projection``;
* ``seas`` — the sea mask and its cached world tiles; imports ``_cache`` and ``data``;
* ``borders`` — :class:`Border`, :class:`Tripoint`, :func:`shared_border`; imports ``projection``,
  ``linear``, ``seas``;
* ``corridors`` — :func:`territory`, :func:`narrowest_corridors`; imports ``projection``, ``linear``;
* ``measures`` — :func:`gap`, :func:`distances_to_border`, :func:`border_zone`; imports
  ``projection``, ``linear``, ``corridors``;
* ``fence`` — fence coverage and the report's border measures; imports ``linear``, ``corridors``;
* ``rings`` — :class:`~bordermap.geometry.rings.Rings`: a dataset's rings as flat arrays, read straight
  from GeoJSON (:func:`~bordermap.geometry.rings.read_rings`); imports nothing above ``data``;
* ``table`` — :func:`border_table` (and :func:`border_records`, without pandas) for a whole dataset;
  imports ``projection``, ``seas``, ``rings`` and the private ``_neighbours`` (grid neighbour
  searches on the sphere, NumPy only) and ``_metres`` (the check of distances, also used by ``borders``).

Positions are shapely Points (lon, lat), objects naming ``lat``/``lon`` (or geopy's
``latitude``/``longitude``), or the keywords ``lat=``, ``lon=``; bare tuples are refused.
Callers geocode place names before they reach this layer.

Submodules are imported when first used (``bordermap.geometry.<module>``).
"""

import pkgutil

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__, submodules={m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
)
