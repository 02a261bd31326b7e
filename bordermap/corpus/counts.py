"""The counts a corpus's articles state, kept by what they count: people, arrests, deaths... each with its unit.

A ``count`` claim ("more than 3,000 migrants", "171 people") goes into one series, from its counted noun and
the words around it in its sentence (:func:`count_series`): people arrested or detained, deaths, troops and
guards, cases of a disease, and people (migrants, refugees, crossings...).  A population ("a town of 20,000
people", "home to 2 million people") is no event: it is kept in no series.  Money, lengths, areas and
heights are no counts.  Series are never added together: each is drawn with its unit.
"""

from __future__ import annotations

import re

#: The series, in the order the chart draws them, and the unit each is labelled with.
SERIES_UNITS = {
    "people": "people (migrants, refugees, crossings...)",
    "arrests": "people arrested or detained",
    "deaths": "deaths",
    "personnel": "troops, guards and officers",
    "cases": "cases (of a disease)",
}
#: Nouns that count one kind of thing whatever the words around them.
_NOUN_SERIES = {
    "deaths": "deaths",
    "detainees": "arrests",
    "troops": "personnel",
    "soldiers": "personnel",
    "officers": "personnel",
    "guards": "personnel",
    "border guards": "personnel",
    "personnel": "personnel",
    "members": "personnel",
    "workers": "personnel",
    "cases": "cases",
}
#: Before the figure: it is how many live somewhere.
_POPULATION_BEFORE = re.compile(
    r"\b(?:population\s+of|populations?|home\s+to|inhabited\s+by|(?:city|town|village|municipality|region|"
    r"province|district|country|nation|community|settlement|camp)\s+of)\s+(?:\w+\s+){0,3}$",
    re.I,
)
#: After the figure: it is how many live somewhere ("20,000 inhabitants", "2 million people live there").
_POPULATION_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:live|lived|living|reside|resided|residing|inhabit)\b", re.I)
#: After the figure: the people it counts died ("12 migrants drowned", "200 people were killed").
_DEATHS_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:died|dead|killed|drowned|perished|froze|were\s+found\s+dead|lost\s+their\s+lives)\b",
    re.I,
)
_DEATHS_BEFORE = re.compile(r"\b(?:death\s+toll|bodies\s+of|killing|killed)\s+(?:\w+\s+){0,3}$", re.I)
#: After the figure: the people it counts were arrested ("300 migrants were detained").
_ARRESTS_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:arrested|detained|apprehended|caught|held\s+in\s+custody|taken\s+into\s+custody)\b",
    re.I,
)
_ARRESTS_BEFORE = re.compile(
    r"\b(?:arrested|detained|apprehended|caught|arrests\s+of|detention\s+of)\s+(?:\w+\s+){0,3}$", re.I
)


def count_series(kind: str, unit: str, text: str, sentence: str) -> str | None:
    """The series a claim's figure belongs to (a key of :data:`SERIES_UNITS`), or None (no count, a population).

    Parameters
    ----------
    kind, unit : str
        The claim's kind and unit (for a count, the counted noun).
    text : str
        The claim's text ("more than 3,000 migrants").
    sentence : str
        Its sentence (:attr:`bordermap.Claim.sentence`).

    Examples
    --------
    >>> count_series("count", "migrants", "3,000 migrants", "Guards detained 3,000 migrants.")
    'arrests'
    >>> count_series("count", "people", "20,000 people", "Narva, a town of 20,000 people, is on the river.")
    >>> count_series("count", "migrants", "12 migrants", "12 migrants drowned near Lesbos.")
    'deaths'
    >>> count_series("count", "troops", "500 troops", "Poland sent 500 troops.")
    'personnel'
    >>> count_series("money", "EUR", "5 million euros", "It paid 5 million euros.") is None
    True
    """
    if kind != "count":
        return None
    noun = unit.lower()
    at = sentence.find(text)
    before = sentence[max(0, at - 60) : at] if at >= 0 else ""
    after = sentence[at + len(text) : at + len(text) + 60] if at >= 0 else ""
    if _POPULATION_BEFORE.search(before) or _POPULATION_AFTER.match(after):
        return None
    if noun in _NOUN_SERIES:
        return _NOUN_SERIES[noun]
    if _DEATHS_AFTER.match(after) or _DEATHS_BEFORE.search(before):
        return "deaths"
    if _ARRESTS_AFTER.match(after) or _ARRESTS_BEFORE.search(before):
        return "arrests"
    return "people"


__all__ = ["SERIES_UNITS", "count_series"]
