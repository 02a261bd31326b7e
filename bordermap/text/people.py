"""Words that make a run of capitalised words a person's name: titles, common given names, rare surnames.

Read by the candidate finder (:mod:`bordermap.text.candidates`) and by the listing of unresolved names
(:mod:`bordermap.text.unresolved`).
"""

from __future__ import annotations

import functools

from .gazetteer import fold

#: Words that introduce a person's name.
TITLES = frozenset(
    fold(w)
    for w in [
        "President",
        "Minister",
        "Commissioner",
        "Director",
        "Chancellor",
        "Secretary",
        "Spokesman",
        "Spokeswoman",
        "Senator",
        "Governor",
        "Mayor",
        "Ambassador",
        "General",
        "Colonel",
        "Captain",
        "Lieutenant",
        "Sergeant",
        "Judge",
        "Justice",
        "Pope",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Sheikh",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Prof",
        "Professor",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Rev",
        "Saint",
        "ruler",
        "leader",
        "dictator",
        "journalist",
        "blogger",
        "activist",
        "official",
        "chief",
        "head",
        "envoy",
        "spokesperson",
        "premier",
        "emperor",
        "lawmaker",
        "MP",
        "MEP",
        "Gen",
        "Col",
        "Capt",
        "Lt",
        "Sgt",
    ]
)

#: A following capitalised word rarer than this (Zipf) marks a person's surname.
SURNAME_ZIPF = 3.6
#: Given names at least this common (per cent of the people of the 1990 US census, :func:`given_names`).
GIVEN_NAME_PERCENT = 0.01


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (folded): those of at least :data:`GIVEN_NAME_PERCENT` % of people in the 1990 US census.

    Read from ``geodata/given_names.csv`` (the US Census Bureau's 1990 first-name frequencies, public
    domain, as the ``names`` package 0.3.0 ships them, MIT; see ``geodata/build_given_names.py``);
    about 1,600 names.

    Examples
    --------
    >>> {"mary", "james", "ashley"} <= given_names(), "paris" in given_names()
    (True, False)
    """
    import csv

    from ..data.countries import geodata_dir

    out = set()
    with open(geodata_dir() / "given_names.csv", encoding="ascii", newline="") as fh:
        for row in csv.DictReader(fh):
            if float(row["percent"]) >= GIVEN_NAME_PERCENT:
                out.add(row["name"].lower())
    return frozenset(out)
