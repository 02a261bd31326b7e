"""Country names in other languages and English demonyms (``geodata/country_names.csv``).

The file (built by ``geodata/build_country_names.py``; sources and rules in ``geodata/README.md``)
holds, for each ISO 3166 country, its CLDR names in English and in the major languages of border
news (French, German, Spanish, Portuguese, Italian, Russian, Polish, Turkish, Arabic, Chinese and
others), and English demonyms and adjectives ("Turkish", "Turk", "Turks"; "Somali", "Somalis").

These are not places of the gazetteer: place extraction and resolution do not use them.  They
serve to tell which countries an article is about (:func:`country_name_counts`, used to choose
the pair of a report) whatever its language.

Everything is read when first asked for and kept (``functools.lru_cache``).
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter

from ..data.countries import geodata_dir
from ..exc import DataError
from .gazetteer import fold

#: The file, in ``bordermap.geodata``.
FILE = "country_names.csv"

#: Longest name, in words, that :func:`country_name_counts` looks for ("République démocratique du Congo").
_MAX_WORDS = 6
_WORD = re.compile(r"\w+")
_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_GAP = re.compile(r"[ \t\-‐‑'’]{1,3}")  # what may stand between the words of one name (no line break, no stop)


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, str, str], ...]:
    """The file's rows ``(iso3, kind, lang, name)``."""
    with open(geodata_dir() / FILE, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        if next(reader, None) != ["iso3", "kind", "lang", "name"]:
            raise DataError(f"{FILE}: not the expected columns iso3,kind,lang,name")
        return tuple((iso3, kind, lang, name) for iso3, kind, lang, name in reader)


@functools.lru_cache(maxsize=64)
def country_names(lang: str | None = None) -> dict[str, list[str]]:
    """Country names by folded name: ``{folded name: [ISO3, ...]}``.

    Parameters
    ----------
    lang : str, optional
        An ISO 639-1 code (``"fr"``, ``"de"``, ``"ru"``...): only that language's names; default
        every language of the file, English included.

    Returns
    -------
    dict of str to list of str
        Keys folded as the gazetteer folds (:func:`bordermap.text.gazetteer.fold`: lower case, no
        accents); values sorted ISO 3166-1 alpha-3 codes (more than one where a name is shared:
        "congo").  A new dict each call would be wasteful: the same one is returned, do not modify it.

    Examples
    --------
    >>> country_names("fr")["lituanie"], country_names("de")["weissrussland"]
    (['LTU'], ['BLR'])
    >>> country_names()["россия"]
    ['RUS']
    """
    out: dict[str, set[str]] = {}
    for iso3, kind, row_lang, name in _rows():
        if kind == "name" and (lang is None or row_lang == lang):
            out.setdefault(fold(name), set()).add(iso3)
    return {k: sorted(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """English demonyms and adjectives by folded form: ``{folded demonym: ISO3}``.

    Singular and plural ("turk", "turks", "turkish"); a demonym several countries share is the most
    populous one's ("american": USA).

    Examples
    --------
    >>> d = demonyms()
    >>> d["turkish"], d["turks"], d["somali"], d["british"], d["dutch"], d["american"]
    ('TUR', 'TUR', 'SOM', 'GBR', 'NLD', 'USA')
    """
    return {fold(name): iso3 for iso3, kind, _lang, name in _rows() if kind == "demonym"}


@functools.lru_cache(maxsize=64)
def _index(lang: str | None) -> tuple[dict[tuple[str, ...], str], tuple[tuple[str, str], ...]]:
    """Word-sequence keys -> ISO3 (demonyms, and names other than English ones); (CJK name, ISO3), longest first.

    A name shared by several countries ("Congo") and a name that is also an English name of its
    country ("Chile" in Spanish: the gazetteer finds it already) are left out.  English names map
    to ``""``: matched, so that "Czech Republic" or "Dominican Republic" is not read as a demonym,
    but not counted.
    """
    english = {fold(name) for _iso3, kind, row_lang, name in _rows() if kind == "name" and row_lang == "en"}
    words: dict[tuple[str, ...], set[str]] = {tuple(key.split()): {""} for key in english}
    cjk: dict[str, set[str]] = {}
    for iso3, kind, row_lang, name in _rows():
        if kind == "demonym":
            words.setdefault(tuple(fold(name).split()), set()).add(iso3)
        elif row_lang != "en" and (lang is None or row_lang == lang):
            if _HAS_CJK.search(name):
                cjk.setdefault(name, set()).add(iso3)
            elif (key := fold(name)) not in english:
                words.setdefault(tuple(key.split()), set()).add(iso3)
    return (
        {k: next(iter(v)) for k, v in words.items() if len(v) == 1 and k},
        tuple(sorted(((k, next(iter(v))) for k, v in cjk.items() if len(v) == 1), key=lambda kv: (-len(kv[0]), kv))),
    )


def country_name_counts(text: str, *, lang: str | None = None) -> Counter[str]:
    """How often a text names each country by a foreign name or an English demonym.

    Counted: English demonyms ("Turkish", "Russians"), and the names of :func:`country_names` in
    other languages than English ("la Lituanie", "Weißrussland", "Россия", "立陶宛").  English names
    are not counted (the gazetteer finds them as places), nor a foreign name that is also an English
    name of its country (Spanish "Chile"), nor a name several countries share ("Congo").

    Matching: whole words (a longer name wins: "République démocratique du Congo" over "Congo"),
    accents and case folded, but a match in a cased script must start with a capital letter as
    names do ("Polish troops", not "polish the floor").  Chinese, Japanese and Korean names, written
    without spaces, are counted as substrings.

    Parameters
    ----------
    text : str
    lang : str, optional
        Only the names of this language (ISO 639-1) besides the demonyms; default every language.
        ``"en"``: demonyms only.

    Returns
    -------
    collections.Counter
        ISO3 code -> occurrences.

    Examples
    --------
    >>> country_name_counts("La Lituanie a fermé sa frontière avec la Biélorussie et la Russie.")
    Counter({'LTU': 1, 'BLR': 1, 'RUS': 1})
    >>> country_name_counts("Turkish troops met Somali and Kenyan officials; polish it.")
    Counter({'TUR': 1, 'SOM': 1, 'KEN': 1})
    >>> sorted(country_name_counts("立陶宛和白俄罗斯的边境"))
    ['BLR', 'LTU']
    """
    words, cjk = _index(lang)
    counts: Counter[str] = Counter()
    tokens = list(_WORD.finditer(text))
    i = 0
    while i < len(tokens):
        first = tokens[i].group()
        if first[0].islower() or first[0].isdigit():
            i += 1
            continue
        seq = [fold(first)]
        found = None
        for j in range(i + 1, min(i + _MAX_WORDS, len(tokens)) + 1):
            key = tuple(w for part in seq for w in part.split())
            if key in words:
                found = (j, words[key])
            if j == len(tokens) or not _GAP.fullmatch(text[tokens[j - 1].end() : tokens[j].start()]):
                break
            seq.append(fold(tokens[j].group()))
        if found is None:
            i += 1
        else:
            i, iso3 = found
            if iso3:
                counts[iso3] += 1
    if cjk and _HAS_CJK.search(text):
        for name, iso3 in cjk:  # longest first: 赤道几内亚 (Equatorial Guinea) is not also 几内亚 (Guinea)
            n = text.count(name)
            if n:
                counts[iso3] += n
                text = text.replace(name, " ")
    return counts
