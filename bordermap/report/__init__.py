"""The report: articles -> places; countries -> border; both -> measures, verdicts, map and files.

A package of stages, each a small module with typed inputs and outputs, run in order by
:func:`run_report` (:mod:`.run`):

* :mod:`.pair`: the pair of countries the articles are about;
* :mod:`.places`: the places they name, read against that border (homonyms, crossings, unresolved);
* the measures and verdicts: :mod:`bordermap.geometry.fence` and :mod:`bordermap.checks`;
* :mod:`.outputs`: the files, written all or nothing.

:mod:`.model` holds the typed results (:class:`Report`); :mod:`.shape` is the one place where they are
shaped into JSON.
"""

from __future__ import annotations

from .model import (
    ALL_OUTPUT_FILES,
    AREA_KINDS,
    CLAIM_COLUMNS,
    OUTPUT_FILES,
    PLACE_COLUMNS,
    PlaceMention,
    Report,
)
from .pair import PAIR_MIN_CONFIDENCE, choose_pair, lede_end
from .places import (
    CROSSING_FAR_KM,
    CROSSING_REACH_KM,
    HOMONYM_FAR_KM,
    HOMONYM_NEAR_KM,
    HOMONYM_RATIO,
    border_crossings,
    populated_places,
)
from .run import LANGUAGE_WARNING_CONFIDENCE, MAX_ZONE_KM, run_report

__all__ = [
    "ALL_OUTPUT_FILES",
    "AREA_KINDS",
    "CLAIM_COLUMNS",
    "CROSSING_FAR_KM",
    "CROSSING_REACH_KM",
    "HOMONYM_FAR_KM",
    "HOMONYM_NEAR_KM",
    "HOMONYM_RATIO",
    "LANGUAGE_WARNING_CONFIDENCE",
    "MAX_ZONE_KM",
    "OUTPUT_FILES",
    "PAIR_MIN_CONFIDENCE",
    "PLACE_COLUMNS",
    "PlaceMention",
    "Report",
    "border_crossings",
    "choose_pair",
    "lede_end",
    "populated_places",
    "run_report",
]
