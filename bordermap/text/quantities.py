"""The figures an article states, found by one scan anchored on numbers: the quantity patterns of the claims.

Each pattern (:data:`LENGTH`, :data:`AREA`, :data:`COUNT`, :data:`MONEY_AFTER`, :data:`MONEY_BEFORE`)
starts with its number (or currency symbol), so the regex engine skips to the digits at C speed;
the qualifier ("about", "more than"...) is looked for right behind each figure (:func:`scan`), never
tried at every character of the text.  A match is the same as that of the pattern with an optional
leading ``(?:qualifier)\\s+`` group, scanned with ``finditer``: the same spans, the same groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

#: A number: digits grouped by commas ("4,096"), or not, with decimals.  Written to start with ``\d``
#: outside its branches (the same matches, tried in the same order, as
#: ``\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?``), so that the engine skips quickly to the digits.
NUMBER = r"(?P<num>\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
SCALE = r"(?:\s*(?P<scale>thousand|million|billion|bn|m)\b)?"
#: Words before a figure that make it approximate or one-sided, followed by blanks.
QUALIFIERS = (
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "close to",
    "over",
    "more than",
    "less than",
    "fewer than",
    "under",
    "up to",
    "at least",
    "at most",
    "just over",
    "just under",
    "an estimated",
    "a total of",
)
#: A qualifier ending where the blanks before a figure start (a search from the earliest start: the first match
#: is the one a scan from left to right would meet first).
_QUALIFIER_END = re.compile(rf"(?P<qual>{'|'.join(QUALIFIERS)})\Z", re.I)
_LONGEST = max(map(len, QUALIFIERS))

LENGTH = re.compile(
    rf"{NUMBER}\s?-?\s?(?P<unit>kilomet(?:er|re)s?|km|met(?:er|re)s?|m|miles?|mi)\b"
    r"(?P<dim>-?\s?(?:long|wide|deep|high|tall))?",
    re.I,
)
COUNTED = (
    r"people|persons|migrants|refugees|asylum[- ]seekers|troops|soldiers|officers|guards|border guards|passengers|"
    r"crossings|entries|cases|deaths|workers|members|personnel|children|detainees|arrivals"
)
COUNT = re.compile(rf"{NUMBER}{SCALE}\s+(?P<adj>(?:[a-z-]+\s+){{0,2}}?)(?P<noun>{COUNTED})\b", re.I)
MONEY_AFTER = re.compile(rf"{NUMBER}{SCALE}\s+(?P<cur>euros?|eur|dollars?|usd|pounds|zlotys?)\b", re.I)
MONEY_BEFORE = re.compile(rf"(?P<sym>[$€£])\s?{NUMBER}{SCALE}", re.I)
AREA = re.compile(
    rf"{NUMBER}{SCALE}\s?-?\s?(?P<unit>square\s+kilomet(?:er|re)s?|sq\.?\s?km|km2|km²|"
    r"square\s+miles?|sq\.?\s?mi(?:les?)?|hectares?|ha)\b",
    re.I,
)


class Quantity:
    """A figure found by :func:`scan`, with its qualifier: the part of :class:`re.Match` the claims use.

    ``start()`` is where the qualifier starts (the figure's start without one), ``group("qual")`` the
    qualifier as written (None without one), other groups those of the pattern.
    """

    __slots__ = ("_match", "_qual", "_start")

    def __init__(self, match: re.Match[str], start: int, qual: str | None) -> None:
        self._match = match
        self._start = start
        self._qual = qual

    def start(self) -> int:
        """Offset of the first character (the qualifier's, if any)."""
        return self._start

    def end(self) -> int:
        """Offset after the last character."""
        return self._match.end()

    def group(self, name: int | str = 0) -> Any:
        """The text matched (``0``), or a group's (None where it took no part)."""
        if name == 0:
            return self._match.string[self._start : self._match.end()]
        if name == "qual":
            return self._qual
        return self._match.group(name)

    def groupdict(self) -> dict[str, str | None]:
        """Every named group, ``qual`` included."""
        return {"qual": self._qual, **self._match.groupdict()}

    def __repr__(self) -> str:
        return f"<Quantity span=({self._start}, {self.end()}) match={self.group(0)!r}>"


def scan(pattern: re.Pattern[str], text: str) -> Iterator[Quantity]:
    """The non-overlapping figures ``pattern`` finds in ``text``, each with the qualifier right behind it.

    The qualifier is one of :data:`QUALIFIERS` (any case) followed by blanks that end at the figure,
    starting after the previous figure's end: what a left-to-right scan of ``(?:qualifier\\s+)?`` and
    ``pattern`` would meet first.

    Examples
    --------
    >>> [(q.group(0), q.group("qual")) for q in scan(LENGTH, "a border of about 680 km, then 5 km")]
    [('about 680 km', 'about'), ('5 km', None)]
    """
    floor = 0
    for m in pattern.finditer(text):
        start = m.start()
        qual = None
        k = start
        while k > floor and text[k - 1].isspace():
            k -= 1
        if k < start:
            q = _QUALIFIER_END.search(text, max(floor, k - _LONGEST), k)
            if q is not None:
                start, qual = q.start(), q.group("qual")
        floor = m.end()
        yield Quantity(m, start, qual)


__all__ = ["AREA", "COUNT", "LENGTH", "MONEY_AFTER", "MONEY_BEFORE", "QUALIFIERS", "Quantity", "scan"]
