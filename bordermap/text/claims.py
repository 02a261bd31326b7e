"""Quantities articles state: lengths and distances to check against geometry, counts and money.

:func:`extract_claims` finds lengths ("a border of about 680 kilometers", "550-kilometer
razor-wire barrier", "a 2.5-kilometer-wide isthmus", "680 km", metres, miles), counts of
people ("more than 3,000 illegal migrants") and sums of money ("530,000 euros ($630,000)").
:func:`check_claims` compares the geographic ones with values bordermap computed.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .. import settings
from ..exc import DataError
from .articles import Article, body_of, sentences

if TYPE_CHECKING:
    import pandas as pd

#: Kinds of claims; the first five are lengths in km and can be checked against geometry.
KINDS = ("border_length", "fence_length", "corridor_width", "zone_depth", "distance", "length", "count", "money")
GEOGRAPHIC_KINDS = ("border_length", "fence_length", "corridor_width", "zone_depth", "distance", "length")

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|bn|m)\b)?"
_QUALIFIER = (
    r"(?P<qual>about|around|approximately|roughly|some|nearly|almost|close to|over|more than|less than|fewer than|"
    r"under|up to|at least|at most|just over|just under|some|an estimated|a total of)\s+"
)
_UNITS = {
    "km": 1.0,
    "kilometer": 1.0,
    "kilometre": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "m": 0.001,
    "meter": 0.001,
    "metre": 0.001,
    "meters": 0.001,
    "metres": 0.001,
    "mi": 1.609344,
    "mile": 1.609344,
    "miles": 1.609344,
}
_LENGTH = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}\s?-?\s?(?P<unit>kilomet(?:er|re)s?|km|met(?:er|re)s?|m|miles?|mi)\b"
    r"(?P<dim>-?\s?(?:long|wide|deep|high|tall))?",
    re.I,
)
_COUNTED = (
    r"people|persons|migrants|refugees|asylum[- ]seekers|troops|soldiers|officers|guards|border guards|passengers|"
    r"crossings|entries|cases|deaths|workers|members|personnel|children|detainees|arrivals"
)
_COUNT = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?P<adj>(?:[a-z-]+\s+){{0,2}}?)(?P<noun>{_COUNTED})\b",
    re.I,
)
_CURRENCY_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "pounds": "GBP",
    "zloty": "PLN",
    "zlotys": "PLN",
}
_MONEY_AFTER = re.compile(
    rf"(?:{_QUALIFIER})?{_NUMBER}{_SCALE}\s+(?P<cur>euros?|eur|dollars?|usd|pounds|zlotys?)\b",
    re.I,
)
_MONEY_BEFORE = re.compile(rf"(?:{_QUALIFIER})?(?P<sym>[$€£])\s?{_NUMBER}{_SCALE}", re.I)
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}

_FENCE = re.compile(r"\b(fence|barrier|wall)", re.I)
_BORDER = re.compile(r"\b(border|frontier|boundary)", re.I)
_CORRIDOR = re.compile(r"\b(isthmus|corridor|gap|strip|passage|neck)\b", re.I)
_ZONE = re.compile(r"\b(zone|buffer|exclusion|area)\b", re.I)
_DISTANCE = re.compile(r"\b(from|away|between|distance|off)\b", re.I)


@dataclass(frozen=True)
class Claim:
    """A quantity stated in an article.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    value : float
        The number as stated (``680``, ``2.5``, ``530000``).
    unit : str
        ``km``, ``m``, ``mi`` for lengths; the counted noun (``migrants``) for counts;
        an ISO 4217 code (``EUR``, ``USD``) for money.
    km : float or None
        The value in kilometres for lengths, else None.
    qualifier : str
        ``about``, ``nearly``, ``more than``... ('' if none).
    subject : tuple of str
        What it is about: ISO3 codes of the countries whose border it is (lengths), else ().
    noun : str
        The thing measured or counted (``border``, ``razor-wire barrier``, ``isthmus``, ``migrants``).
    text : str
        The matched text.
    start, end : int
        Character offsets into the text: the string given (date line included), or ``Article.text``.
    sentence : str
        The sentence containing it, cut to at most :data:`CONTEXT_CHARS` characters either side of
        the match (``…`` marks a cut): the claims of a long article do not each copy its text.
    article_id : str
        Id of the article.
    """

    kind: str
    value: float
    unit: str
    km: float | None
    qualifier: str
    subject: tuple[str, ...]
    noun: str
    text: str
    start: int
    end: int
    sentence: str
    article_id: str = ""

    @property
    def geographic(self) -> bool:
        """Whether it is a length that geometry can check."""
        return self.kind in GEOGRAPHIC_KINDS

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "km": self.km,
            "qualifier": self.qualifier,
            "subject": list(self.subject),
            "noun": self.noun,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "article_id": self.article_id,
        }


class Verdict(StrEnum):
    """What a check says of a geographic claim (the values are the words ``report.json`` writes).

    Examples
    --------
    >>> Verdict.CONSISTENT == "consistent", f"{Verdict.NOT_COMPUTED}"
    (True, 'not computed')
    """

    #: Within the tolerance of the computed value (or on the right side of it, for "more than"...).
    CONSISTENT = "consistent"
    #: Outside the tolerance.
    INCONSISTENT = "inconsistent"
    #: Cannot be checked exactly but fits what was computed (a fence no longer than its border).
    PLAUSIBLE = "plausible"
    #: bordermap computed no value of the claim's kind.
    NOT_COMPUTED = "not computed"
    #: About another pair of countries than the border measured.
    OTHER_BORDER = "other border"


@dataclass(frozen=True)
class ClaimCheck:
    """A geographic claim and what was found about it.

    Attributes
    ----------
    claim : Claim
    computed_km : float or None
        bordermap's value for the claim's kind (the border's length for a fence claim); None
        when nothing was compared.
    difference_pct : float or None
        ``100 * (claim.km - computed_km) / computed_km`` for a claim checked against its own kind.
    verdict : Verdict
        :attr:`Verdict.CONSISTENT` or :attr:`Verdict.INCONSISTENT` for a checked claim; see
        :func:`judge_claims` for the others.
    tolerance_pct : float or None
        The tolerance used (percent of the computed value), for a checked claim.
    share_of_border : float or None
        For a fence claim checked against its border: its length over the border's.
    note : str
        How it was checked, where that needs saying.
    """

    claim: Claim
    computed_km: float | None
    difference_pct: float | None
    verdict: Verdict
    tolerance_pct: float | None
    share_of_border: float | None = None
    note: str = ""


def _number(m: re.Match[str]) -> float:
    value = float(m.group("num").replace(",", ""))
    scale = (m.groupdict().get("scale") or "").lower()
    return value * _SCALES.get(scale, 1.0)


def _qualifier(m: re.Match[str]) -> str:
    return (m.group("qual") or "").lower()


def _length_kind(text: str, m: re.Match[str], sent: tuple[int, int]) -> tuple[str, str]:
    """(kind, noun) of a length from the words around it."""
    dim = (m.group("dim") or "").lower().strip("- ")
    after = text[m.end() : min(sent[1], m.end() + 40)]
    before = text[max(sent[0], m.start() - 80) : m.start()]
    window_after = " ".join(after.split()[:4])

    def first(pattern: re.Pattern[str], where: str, *, last: bool = False) -> str:
        hits = list(pattern.finditer(where))
        if not hits:
            return ""
        h = hits[-1] if last else hits[0]
        return h.group(0)

    if dim == "wide" or re.search(r"\bwide\b", window_after):
        noun = first(_CORRIDOR, window_after) or first(_CORRIDOR, before, last=True)
        return ("corridor_width" if noun else "length", noun or "width")
    if dim == "deep":
        return "zone_depth", first(_ZONE, window_after) or "depth"
    if dim in ("high", "tall"):
        return "length", "height"
    words_after = after.replace("-", " - ").split()[:6]
    for pattern, kind in ((_FENCE, "fence_length"), (_BORDER, "border_length"), (_CORRIDOR, "corridor_width")):
        for k, w in enumerate(words_after):
            if pattern.match(w):
                phrase = " ".join(words_after[: k + 1]).replace(" - ", "-").lstrip("- ")
                return kind, re.sub(r"^(long|wide)\s+", "", phrase)
    if _ZONE.search(window_after) and re.search(r"\b(deep|depth)\b", text[sent[0] : sent[1]]):
        return "zone_depth", first(_ZONE, window_after)
    if _DISTANCE.search(window_after):
        return "distance", "distance"
    # nothing after: the nearest noun before ("a border with Belarus of about 680 kilometers")
    best = ("length", "")
    best_pos = -1
    for pattern, kind in ((_FENCE, "fence_length"), (_BORDER, "border_length"), (_CORRIDOR, "corridor_width")):
        hits = list(pattern.finditer(before))
        if hits and hits[-1].start() > best_pos:
            best, best_pos = (kind, hits[-1].group(0)), hits[-1].start()
    return best


def extract_claims(text_or_article: str | Article, *, mentions: list[Any] | None = None) -> list[Claim]:
    """Find the lengths, distances, counts and sums of money an article states.

    Parameters
    ----------
    text_or_article : str or Article
    mentions : list of Mention, optional
        The article's place mentions (from :func:`bordermap.extract_places`), used to
        name the countries a border claim is about; found here if not given.

    Returns
    -------
    list of Claim
        In text order.

    Examples
    --------
    >>> c = extract_claims("Lithuania has a nearly 680 km-long border with Belarus.")[0]
    >>> c.kind, c.value, c.unit, c.km, c.qualifier, c.subject
    ('border_length', 680.0, 'km', 680.0, 'nearly', ('LTU', 'BLR'))
    >>> [(c.kind, c.value, c.unit) for c in extract_claims("It pledged 530,000 euros ($630,000) for 171 people.")]
    [('money', 530000.0, 'EUR'), ('money', 630000.0, 'USD'), ('count', 171.0, 'people')]
    """
    article, shift = body_of(text_or_article)  # a str's " date YYYY-MM-DD" line is no part of the text
    if shift:  # offsets into the string given, for the claims and the mentions passed in
        if mentions is not None:
            mentions = [SimpleNamespace(start=m.start - shift, place=m.place) for m in mentions]
        return [
            dataclasses.replace(c, start=c.start + shift, end=c.end + shift)
            for c in extract_claims(article, mentions=mentions)
        ]
    text = article.text
    sents = sentences(text)
    sent_starts = [a for a, _ in sents]
    limit = settings.max_claims_per_article

    def sentence_of(pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(sent_starts, pos) - 1
        if k >= 0 and sents[k][0] <= pos < sents[k][1]:
            return sents[k]
        return max(0, pos - 200), min(len(text), pos + 200)

    def claim(
        m: re.Match[str], kind: str, value: float, unit: str, km: float | None, subject: tuple[str, ...], noun: str
    ) -> Claim:
        if len(claims) >= limit:
            raise DataError(
                f"{article.path or article.id}: more than {limit} quantities stated "
                "(settings.max_claims_per_article); split the article"
            )
        a, b = sentence_of(m.start())
        return Claim(
            kind,
            value,
            unit,
            km,
            _qualifier(m),
            subject,
            noun,
            m.group(0),
            m.start(),
            m.end(),
            _context(text, a, b, m.start(), m.end()),
            article.id,
        )

    claims: list[Claim] = []
    taken = _Spans()
    country_mentions = None
    for m in _LENGTH.finditer(text):
        unit = m.group("unit").lower()
        if unit == "m" and m.group("dim") is None and not _METRE_AFTER.match(text, m.end()):
            continue  # "500 m" alone is often "million" in money contexts; keep only clear metre lengths
        sent = sentence_of(m.start())
        kind, noun = _length_kind(text, m, sent)
        value = _number(m)
        km = value * _UNITS[unit if unit in _UNITS else unit.rstrip("s")]
        if not math.isfinite(km):
            continue  # hundreds of digits: not a quantity (and not JSON)
        subject: tuple[str, ...] = ()
        if kind in ("border_length", "fence_length"):
            if country_mentions is None:
                country_mentions = _CountryMentions(_country_mentions(article, mentions))
            subject = country_mentions.subject(sent)
        claims.append(claim(m, kind, value, _unit_symbol(unit), round(km, 6), subject, noun))
        taken.add(m.start(), m.end())
    for m in [*_MONEY_AFTER.finditer(text), *_MONEY_BEFORE.finditer(text)]:
        if taken.overlaps(m.start(), m.end()) or not math.isfinite(_number(m)):
            continue
        cur = _SYMBOLS[m.group("sym")] if m.groupdict().get("sym") else _CURRENCY_WORDS[m.group("cur").lower()]
        claims.append(claim(m, "money", _number(m), cur, None, (), "money"))
        taken.add(m.start(), m.end())
    for m in _COUNT.finditer(text):
        if taken.overlaps(m.start(), m.end()) or not math.isfinite(_number(m)):
            continue
        noun = m.group("noun").lower()
        claims.append(claim(m, "count", _number(m), noun, None, (), f"{m.group('adj').strip()} {noun}".strip()))
    return sorted(claims, key=lambda c: c.start)


#: Words after "500 m" that make it a length in metres.
_METRE_AFTER = re.compile(r"\s+(?:long|wide|deep|high|from|away)")
#: Most characters of the sentence kept with a claim (its context), before and after the match each.
CONTEXT_CHARS = 160


def _context(text: str, a: int, b: int, start: int, end: int) -> str:
    """The claim's sentence ``text[a:b]``, cut to :data:`CONTEXT_CHARS` either side of the match (``…`` marks a cut)."""
    lo, hi = max(a, start - CONTEXT_CHARS), min(b, end + CONTEXT_CHARS)
    return ("…" if lo > a else "") + text[lo:hi].strip() + ("…" if hi < b else "")


class _Spans:
    """Non-overlapping ``[start, end)`` spans, sorted: is a new span free? (``log n`` per question)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # spans starting before ``end``: only the last can reach in
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


class _CountryMentions:
    """The article's country mentions, for :func:`_border_subject` in ``log n`` per claim."""

    def __init__(self, mentions: list[tuple[int, str]]) -> None:
        self.mentions = mentions
        self.positions = [pos for pos, _ in mentions]
        self.ranked = [code for code, _ in Counter(code for _, code in mentions).most_common()]

    def subject(self, sent: tuple[int, int]) -> tuple[str, ...]:
        lo, hi = bisect.bisect_left(self.positions, sent[0]), bisect.bisect_left(self.positions, sent[1])
        return _border_subject(self.mentions[lo:hi], sent, ranked=self.ranked)


def _unit_symbol(unit: str) -> str:
    u = unit.lower()
    if u.startswith("k"):
        return "km"
    if u.startswith("mi"):
        return "mi"
    return "m"


def _country_mentions(article: Article, mentions: list[Any] | None) -> list[tuple[int, str]]:
    """(offset, ISO3) of each mention of a place with a country, in text order."""
    if mentions is None:
        from .extractor import extract_places

        mentions = extract_places(article)
    return [(m.start, m.place.country) for m in mentions if m.place.country]


def _border_subject(
    country_mentions: list[tuple[int, str]], sent: tuple[int, int], *, ranked: list[str] | None = None
) -> tuple[str, ...]:
    """The countries a border claim is about: those named in its sentence, completed by the article's main country.

    ``ranked``: the article's countries, most mentioned first (default: counted from ``country_mentions``).
    """
    in_sentence: list[str] = []
    for pos, code in country_mentions:
        if sent[0] <= pos < sent[1] and code not in in_sentence:
            in_sentence.append(code)
            if len(in_sentence) >= 2:
                return tuple(in_sentence)
    if ranked is None:
        ranked = [code for code, _ in Counter(code for _, code in country_mentions).most_common()]
    main = [code for code in ranked if code not in in_sentence]
    if in_sentence and main:
        return (main[0], in_sentence[0])
    return tuple(in_sentence)


def check_claims(
    claims: list[Claim],
    computed: dict[str, float],
    *,
    tolerance_pct: float = 10.0,
    tolerances: dict[str, float] | None = None,
) -> list[ClaimCheck]:
    """Compare geographic claims with the values bordermap computed.

    Parameters
    ----------
    claims : list of Claim
        Claims of any kind; those whose kind is not in ``computed`` (or that are not
        lengths) are skipped.
    computed : dict of str to float
        Computed value in km per claim kind, e.g. ``{"border_length": border.length_km,
        "fence_length": ..., "corridor_width": ...}``.
    tolerance_pct : float
        Relative tolerance in percent of the computed value (default 10 %).
    tolerances : dict of str to float, optional
        Per-kind tolerances in percent overriding ``tolerance_pct``.

    Returns
    -------
    list of ClaimCheck
        A claim qualified "more than"/"over"/"at least" is consistent when the computed
        value is at least the claim less the tolerance; "less than"/"under"/"up to"/"at
        most" when it is at most the claim plus the tolerance; any other when the
        difference is within the tolerance.

    Examples
    --------
    >>> cl = extract_claims("Lithuania shares a border with Belarus of about 680 kilometers.")
    >>> [(str(c.verdict), round(c.difference_pct, 1)) for c in check_claims(cl, {"border_length": 671.8})]
    [('consistent', 1.2)]
    """
    out: list[ClaimCheck] = []
    for c in claims:
        if c.km is None or c.kind not in computed:
            continue
        value = float(computed[c.kind])
        if not value > 0:
            continue
        tol = (tolerances or {}).get(c.kind, tolerance_pct)
        diff = 100.0 * (c.km - value) / value
        if c.qualifier in ("more than", "over", "at least", "just over"):
            ok = value >= c.km * (1 - tol / 100.0)
        elif c.qualifier in ("less than", "under", "up to", "at most", "fewer than", "just under"):
            ok = value <= c.km * (1 + tol / 100.0)
        else:
            ok = abs(diff) <= tol
        out.append(ClaimCheck(c, value, diff, Verdict.CONSISTENT if ok else Verdict.INCONSISTENT, tol))
    return out


def judge_claims(
    claims: list[Claim],
    computed: dict[str, float],
    *,
    pair: tuple[str, str] | None = None,
    tolerance_pct: float = 10.0,
) -> list[ClaimCheck]:
    """A verdict for every geographic claim: the one set of rules behind ``report.json`` and the summary.

    * a claim whose kind bordermap computed is checked (:func:`check_claims`);
    * a fence (or barrier) length, which country polygons cannot measure, is checked against the
      border it stands on (``computed["border_length"]``): :attr:`Verdict.PLAUSIBLE` if it is no
      longer than the border (``share_of_border`` says how much it would cover), else
      :attr:`Verdict.INCONSISTENT`;
    * a border or fence claim about another pair of countries than ``pair`` is not checked
      (:attr:`Verdict.OTHER_BORDER`);
    * anything else is :attr:`Verdict.NOT_COMPUTED`.

    Parameters
    ----------
    claims : list of Claim
    computed : dict of str to float
        As for :func:`check_claims`.
    pair : (str, str), optional
        The border measured (ISO3).
    tolerance_pct : float

    Returns
    -------
    list of ClaimCheck
        One per geographic claim, in order.

    Examples
    --------
    >>> text = "Poland has a 418 km border with Belarus. Lithuania's border with Belarus is about 680 km long."
    >>> cl = extract_claims(text)
    >>> [(c.claim.km, str(c.verdict)) for c in judge_claims(cl, {"border_length": 671.8}, pair=("LTU", "BLR"))]
    [(418.0, 'other border'), (680.0, 'consistent')]
    """
    out: list[ClaimCheck] = []
    border_km = computed.get("border_length")
    for c in claims:
        if not c.geographic:
            continue
        other = (
            pair is not None
            and c.kind in ("border_length", "fence_length")
            and len(c.subject) == 2
            and set(c.subject) != set(pair)
        )
        checks = [] if other else check_claims([c], computed, tolerance_pct=tolerance_pct)
        if checks:
            out.append(checks[0])
        elif not other and c.kind == "fence_length" and c.km and border_km:
            out.append(
                ClaimCheck(
                    c,
                    border_km,
                    None,
                    Verdict.PLAUSIBLE if c.km <= border_km else Verdict.INCONSISTENT,
                    None,
                    share_of_border=c.km / border_km,
                    note="checked against the border length (upper bound); the fence itself is not in the data",
                )
            )
        else:
            out.append(ClaimCheck(c, None, None, Verdict.OTHER_BORDER if other else Verdict.NOT_COMPUTED, None))
    return out


def claims_table(
    claims: list[Claim],
    computed: dict[str, float],
    *,
    pair: tuple[str, str] | None = None,
    tolerance_pct: float = 10.0,
) -> pd.DataFrame:
    """:func:`judge_claims` as a table: one row per geographic claim.

    Returns
    -------
    DataFrame
        The claim's fields (``kind``, ``value``, ``unit``, ``km``, ``qualifier``, ``subject``, ``text``,
        ``article_id``, ...) and ``computed_km``, ``difference_pct``, ``verdict`` (a :class:`Verdict`),
        ``tolerance_pct``, ``share_of_border`` and ``note``.

    Examples
    --------
    >>> cl = extract_claims("Lithuania's border with Belarus is about 680 km long.")
    >>> row = claims_table(cl, {"border_length": 671.8}).iloc[0]
    >>> float(row.km), str(row.verdict)
    (680.0, 'consistent')
    """
    import pandas as pd

    rows = [
        {
            **dataclasses.asdict(ch.claim),
            "computed_km": ch.computed_km,
            "difference_pct": ch.difference_pct,
            "verdict": ch.verdict,
            "tolerance_pct": ch.tolerance_pct,
            "share_of_border": ch.share_of_border,
            "note": ch.note,
        }
        for ch in judge_claims(claims, computed, pair=pair, tolerance_pct=tolerance_pct)
    ]
    return pd.DataFrame(rows)


def format_checks(checks: list[ClaimCheck]) -> str:
    """Lines for a printed summary: one per checked claim.

    Examples
    --------
    >>> cl = extract_claims("Lithuania shares a border with Belarus of about 680 kilometers.")
    >>> print(format_checks(check_claims(cl, {"border_length": 671.8})))
    claims: border_length LTU–BLR "about 680 kilometers" = 680 km vs computed 671.8 km: +1.2 % consistent (±10 %)
    """
    lines = []
    for ch in checks:
        c = ch.claim
        subject = f" {'–'.join(c.subject)}" if c.subject else ""
        lines.append(
            f'claims: {c.kind}{subject} "{c.text}" = {c.km:g} km vs computed {ch.computed_km:.1f} km: '
            f"{ch.difference_pct:+.1f} % {ch.verdict} (±{ch.tolerance_pct:g} %)"
        )
    return "\n".join(lines)


__all__ = [
    "GEOGRAPHIC_KINDS",
    "KINDS",
    "Claim",
    "ClaimCheck",
    "Verdict",
    "check_claims",
    "claims_table",
    "extract_claims",
    "format_checks",
    "judge_claims",
]
