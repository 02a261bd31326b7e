"""Global settings, read at call time (set them before calling, e.g. ``settings.tolerance_m = 100``).

Each setting is a typed module global with its documented default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

#: The geocoders bordermap knows.
GeocoderName = Literal["offline", "nominatim"]

#: Folder for caches (the world file, geocoding answers).  ``None`` means the
#: environment variable ``BORDERMAP_CACHE`` if set, else ``~/.cache/bordermap``.
cache_folder: Path | None = None

#: Keep what a report computes for a pair of countries (the border, its corridors, the map's
#: geometry) in the cache folder, and reuse it for the next report on that pair (see
#: ``bordermap._pair_cache``: entries are keyed by the dataset, the settings and bordermap's own
#: code).  ``False``: always compute.
use_cache: bool = True

#: Default tolerance, in metres, within which two countries' boundaries count as shared.
tolerance_m: float = 50.0

#: Border pieces shorter than this (metres) after extraction are dropped as slivers.
min_piece_m: float = 200.0

#: Default geocoder: ``"offline"`` (bundled gazetteer, no network) or ``"nominatim"``.
geocoder: GeocoderName = "offline"

#: User agent sent to Nominatim when online geocoding is turned on.
user_agent: str = "bordermap"

#: Base URL of the Nominatim service for online geocoding (``None``: geopy's default).
nominatim_domain: str | None = None

#: Scheme for the Nominatim service (``"https"``; tests use ``"http"`` on 127.0.0.1).
nominatim_scheme: str = "https"

#: Minimum delay between two Nominatim requests, in seconds (usage policy: 1 request/s).
nominatim_min_delay_s: float = 1.0

#: Number of decimals of coordinates written to GeoJSON.
geojson_precision: int = 6

#: Seconds a report waits for another run writing into the same ``--out`` folder to finish.
output_lock_timeout_s: float = 600.0

# -- limits: work is bounded on any input; going past one is a one-line error naming the input ----------

#: Largest article file, in bytes (at most this many plus one are read).
max_article_bytes: int = 50_000_000

#: Most claims (lengths, counts, sums) one article may state.
max_claims_per_article: int = 10_000

#: Largest input data file (a ``--dataset``, ``--fence`` or ``--crossings`` GeoJSON or CSV file), in bytes.
max_data_file_bytes: int = 500_000_000

#: Most features (or CSV rows) in one input data file.
max_features: int = 100_000

#: Most vertices (coordinate pairs) in one input data file.
max_vertices: int = 20_000_000

#: Seconds a Nominatim request may take in all (connecting, waiting and reading the body).
nominatim_deadline_s: float = 20.0

#: Largest Nominatim answer, in bytes (a larger body is refused, not read).
nominatim_max_body_bytes: int = 2_000_000

#: Longest wait a Nominatim ``Retry-After`` header may ask for, in seconds (a longer one is cut to this).
nominatim_max_retry_after_s: float = 60.0

#: Attribution shown on maps and written into exported files.
attribution: str = "© OpenStreetMap contributors (ODbL), geo-maps 0.6.0; GeoNames (CC-BY 4.0)"


def cache_root() -> Path:
    """The cache folder in force: :data:`cache_folder`, else ``$BORDERMAP_CACHE``, else ``~/.cache/bordermap``.

    This module is the only place that reads environment variables.
    """
    if cache_folder is not None:
        return Path(cache_folder)
    env = os.environ.get("BORDERMAP_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "bordermap"
