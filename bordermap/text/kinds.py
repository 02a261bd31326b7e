"""The place kinds: the vocabulary of :attr:`bordermap.Place.kind`, and the groups of kinds the code tells apart.

Every set of kinds is written here once and imported (text, report, publish, corpus).

Examples
--------
>>> POPULATED <= set(KINDS) and AREA_KINDS <= set(KINDS)
True
"""

from __future__ import annotations

from typing import Literal, get_args

#: Feature kind of a gazetteer entry.
Kind = Literal["continent", "country", "region", "district", "city", "town", "village", "crossing", "feature"]
#: The feature kinds of gazetteer entries (the values of :data:`Kind`).
KINDS: tuple[Kind, ...] = get_args(Kind)

#: Populated places (GeoNames cities500 by population: a city has 100,000 people or more, a town 5,000).
POPULATED: frozenset[str] = frozenset({"city", "town", "village"})
#: Kinds whose point stands for a whole country or continent (a capital, a centre): never a marker on a map.
COUNTRY_KINDS: frozenset[str] = frozenset({"country", "continent"})
#: Areas: kinds whose point is only a representative point of something large (not a place on the map).
AREA_KINDS: frozenset[str] = COUNTRY_KINDS | {"region", "feature"}
#: Administrative parts of a country.
REGIONAL_KINDS: frozenset[str] = frozenset({"region", "district"})
