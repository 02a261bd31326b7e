"""Verdicts on claims: the range a claim's wording allows, and how it compares with what geometry measured.

:func:`judge_claims` holds the one set of verdict rules: it compares a claim's range
(:func:`claimed_range`: the rounding of the number, "more than", "nearly") with a :class:`Measured` band
that the report layer computes from geometry (this module never imports geometry).  :func:`check_claims`
is the simple form, against one value per kind.  The claims themselves are read by
:mod:`bordermap.text.claims` (:func:`~bordermap.text.claims.extract_claims`), which re-exports these names.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .claims import Claim

_AT_LEAST = ("more than", "over", "at least", "just over")
_AT_MOST = ("less than", "under", "up to", "at most", "fewer than", "just under")
_NEARLY = ("nearly", "almost", "close to", "just under")


class Verdict(StrEnum):
    """What a check says of a claim (the values are the words ``report.json`` writes).

    Never :attr:`INCONSISTENT` for lack of understanding: a claim whose subject could not be
    resolved, or with nothing to compare, is :attr:`UNCHECKED`.

    Examples
    --------
    >>> Verdict.CONSISTENT == "consistent", f"{Verdict.UNCHECKED}"
    (True, 'unchecked')
    """

    #: The range the claim's wording allows meets the band of the computed value.
    CONSISTENT = "consistent"
    #: The claim's range lies outside the band (or a fence is longer than its whole border).
    INCONSISTENT = "inconsistent"
    #: Cannot be measured but fits what was computed (a fence no longer than the border it stands on).
    PLAUSIBLE = "plausible"
    #: Not checked: the subject could not be resolved, or there is nothing to compare it with.
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class Measured:
    """What geometry gives for a claim's subject: a value and the band a true figure can lie in.

    The report layer computes it (:mod:`bordermap.checks`); this module only compares.

    Attributes
    ----------
    value_km : float
        The computed value (the border's length, the geodesic distance...).
    low_km, high_km : float
        The band: where a correct figure can lie given how the value was computed (the border's
        length measured at coarser and finer scales, the extent of a town...).
    subject : str
        What was measured, for people ("the BGD–IND border", "Białystok to the POL–BLR border").
    basis : str
        How the band was made (one sentence).
    upper_only : bool
        Only ``high_km`` bounds the claim (a fence or a stretch of a border is no longer than the
        border): a claim within it is :attr:`Verdict.PLAUSIBLE`, not consistent.
    also : tuple of Measured
        Other honest readings of the same subject (the border with its sections at sea counted): a claim
        outside this band but within one of them is consistent with that one, and its reason says so.
    """

    value_km: float
    low_km: float
    high_km: float
    subject: str = ""
    basis: str = ""
    upper_only: bool = False
    also: tuple[Measured, ...] = ()


@dataclass(frozen=True)
class ClaimCheck:
    """A claim and what was found about it.

    Attributes
    ----------
    claim : Claim
    computed_km : float or None
        bordermap's value for the claim's subject (the border's length for a fence claim); None
        when nothing was compared.
    difference_pct : float or None
        ``100 * (claim.km - computed_km) / computed_km`` for a claim checked against its own kind.
    verdict : Verdict
    tolerance_pct : float or None
        A fixed tolerance used (percent of the computed value), for :func:`check_claims`.
    share_of_border : float or None
        For a fence claim checked against its border: its length over the border's.
    reason : str
        Why this verdict, in one sentence (what was compared with what).
    band_km : (float, float) or None
        The band the claim was compared with (:attr:`Measured.low_km`, :attr:`Measured.high_km`).
    subject : str
        What was measured (:attr:`Measured.subject`), '' if nothing.
    claimed_km : (float, float) or None
        The range the claim's wording allows (:func:`claimed_range`).
    """

    claim: Claim
    computed_km: float | None
    difference_pct: float | None
    verdict: Verdict
    tolerance_pct: float | None = None
    share_of_border: float | None = None
    reason: str = ""
    band_km: tuple[float, float] | None = None
    subject: str = ""
    claimed_km: tuple[float, float] | None = None


def claimed_range(claim: Claim) -> tuple[float, float]:
    """The range of km a claim's wording allows: its number's rounding, and its qualifier.

    "about 680 km" allows 675–685 (the rounding of 680 is ±5; "about" adds nothing more, see the
    docs); "4,096 km" 4,095.5–4,096.5; "more than 900 km" 895–inf; "up to 200 km" 0–200.5;
    "nearly 680 km" 612–685 (up to 10 % below); "just over 100 km" 99.5–110.

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
    >>> [claimed_range(c) for c in extract_claims("a border of about 680 km and a fence of more than 500 km")]
    [(675.0, 685.0), (450.0, inf)]
    """
    v = float(claim.km or 0.0)
    r = claim.rounding_km
    q = claim.qualifier
    if q in _NEARLY:
        return (round(0.9 * v, 6), v + (0.0 if q == "just under" else r))
    if q == "just over":
        return (v, round(1.1 * v + r, 6))
    if q in _AT_LEAST:
        return (v - r, math.inf)
    if q in _AT_MOST:
        return (0.0, v + r)
    return (v - r, v + r)


#: Why a claim of a non-geographic kind is not checked.
_NOTHING_TO_COMPARE = {
    "height": "a height of a structure: nothing in the country polygons to compare",
    "width": "a width of a structure: nothing in the country polygons to compare",
    "area": "an area: not compared with geometry",
    "count": "a count: nothing in the geometry to compare",
    "money": "a sum of money: nothing in the geometry to compare",
    "zone_depth": "a zone's depth is decided, not measured: nothing to compare",
    "length": "a length of something bordermap does not measure: nothing to compare",
}


def _fmt(km: float, rounding: float = 0.0, *, extra: int = 0) -> str:
    """``km`` for a reason: to a tenth (a thousandth below 1 km), or to the digits of ``rounding`` if finer,
    and ``extra`` decimals more (:func:`_printed` adds them until a comparison stays true as printed)."""
    if math.isinf(km):
        return "∞"
    decimals = 1 if km >= 1 else 3
    if rounding > 0:
        decimals = max(decimals, min(6, len(f"{rounding:.6f}".rstrip("0").split(".")[1])))
    decimals += extra
    text = f"{km:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _relations(lo: float, hi: float, b_lo: float, b_hi: float) -> tuple[bool, ...]:
    return (lo <= b_hi, hi >= b_lo, b_lo <= lo, hi <= b_hi, lo < hi, b_lo < b_hi)


def _printed(lo: float, hi: float, b_lo: float, b_hi: float, rounding: float) -> tuple[str, str, str, str]:
    """A claim's range and a band as a reason prints them: with as many decimals as keep their comparison true.

    Examples
    --------
    >>> _printed(1.8, 1.98, 1.75, 1.75, 0.05)
    ('1.8', '1.98', '1.75', '1.75')
    """
    for extra in range(0, 6):
        got = tuple(_fmt(x, rounding, extra=extra) for x in (lo, hi, b_lo, b_hi))
        values = [math.inf if g == "∞" else float(g.replace(",", "")) for g in got]
        if _relations(*values) == _relations(lo, hi, b_lo, b_hi):
            return got  # type: ignore[return-value]
    return got  # type: ignore[return-value]


def judge_claim(claim: Claim, measured: Measured | str | None) -> ClaimCheck:
    """The verdict on one claim, given what geometry measured of its subject (the one set of rules).

    * a claim of a kind geometry cannot check (heights, counts, money, zone depths...) or whose subject
      could not be resolved (``measured`` is a reason, or None) is :attr:`Verdict.UNCHECKED`;
    * against an ``upper_only`` band (a fence on its border): :attr:`Verdict.PLAUSIBLE` when the claim's
      range starts below ``high_km``, else :attr:`Verdict.INCONSISTENT`;
    * otherwise :attr:`Verdict.CONSISTENT` when the claim's range (:func:`claimed_range`) meets the band
      ``[low_km, high_km]``, else :attr:`Verdict.INCONSISTENT`.

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
    >>> (c,) = extract_claims("The two countries share a border of 4,096 kilometres.")
    >>> band = Measured(3208.5, 2630.0, 4168.0, "the BGD–IND border", "lengths at 1 km to 10 m detail")
    >>> ch = judge_claim(c, band)
    >>> str(ch.verdict), ch.band_km, round(ch.difference_pct, 1)
    ('consistent', (2630.0, 4168.0), 27.7)
    >>> str(judge_claim(c, "the border's countries could not be told").verdict)
    'unchecked'
    """
    if claim.km is None or claim.kind in _NOTHING_TO_COMPARE:
        reason = _NOTHING_TO_COMPARE.get(claim.kind, "not a length: nothing to compare")
        return ClaimCheck(claim, None, None, Verdict.UNCHECKED, reason=reason)
    if not isinstance(measured, Measured):
        reason = measured or _NOTHING_TO_COMPARE.get(claim.kind, "nothing computed to compare")
        return ClaimCheck(claim, None, None, Verdict.UNCHECKED, reason=reason)
    lo, hi = claimed_range(claim)
    km = float(claim.km or 0.0)
    value = measured.value_km
    band = (round(measured.low_km, 3), round(measured.high_km, 3))
    said = f"{_fmt(km)} km" + (f" ({claim.qualifier})" if claim.qualifier else "")
    if measured.upper_only:
        share = km / value if value > 0 else None
        ok = lo <= measured.high_km
        reason = (
            f"{said} is no longer than {measured.subject} ({_fmt(value)} km, at most {_fmt(measured.high_km)} km)"
            if ok
            else f"{said}, read as at least {_fmt(lo)} km, is longer than {measured.subject} itself "
            f"(at most {_fmt(measured.high_km)} km)"
        )
        return ClaimCheck(
            claim,
            value,
            None,
            Verdict.PLAUSIBLE if ok else Verdict.INCONSISTENT,
            share_of_border=share,
            reason=f"{reason}; {measured.basis}" if measured.basis else reason,
            band_km=(0.0, band[1]),
            subject=measured.subject,
            claimed_km=(lo, hi),
        )
    diff = 100.0 * (km - value) / value if value > 0 else None
    ok = lo <= measured.high_km and hi >= measured.low_km
    if not ok:
        for other in measured.also:
            got = judge_claim(claim, other)
            if got.verdict is Verdict.CONSISTENT:
                return got
    if ok:
        where = "is within" if measured.low_km <= lo and hi <= measured.high_km else "overlaps"
    else:
        where = "is above" if lo > measured.high_km else "is below"
    p_lo, p_hi, b_lo, b_hi = _printed(lo, hi, measured.low_km, measured.high_km, claim.rounding_km)
    reason = (
        f"{said}, read as {p_lo}–{p_hi} km, {where} {b_lo}–{b_hi} km, {measured.subject} (computed {_fmt(value)} km)"
    )
    return ClaimCheck(
        claim,
        value,
        diff,
        Verdict.CONSISTENT if ok else Verdict.INCONSISTENT,
        reason=f"{reason}; {measured.basis}" if measured.basis else reason,
        band_km=band,
        subject=measured.subject,
        claimed_km=(lo, hi),
    )


def check_claims(
    claims: list[Claim],
    computed: dict[str, float],
    *,
    tolerance_pct: float = 10.0,
    tolerances: dict[str, float] | None = None,
) -> list[ClaimCheck]:
    """Compare geographic claims with one value per kind, within a fixed tolerance (the simple form).

    Parameters
    ----------
    claims : list of Claim
        Claims of any kind; those whose kind is not in ``computed`` (or that are not
        lengths) are skipped.
    computed : dict of str to float
        Computed value in km per claim kind, e.g. ``{"border_length": border.length_km,
        "fence_length": ..., "corridor_width": ...}``.
    tolerance_pct : float
        Relative tolerance in percent of the computed value (default 10 %): the band is the
        computed value ± this.  :func:`judge_claims` with bands from the data is the honest check.
    tolerances : dict of str to float, optional
        Per-kind tolerances in percent overriding ``tolerance_pct``.

    Returns
    -------
    list of ClaimCheck
        A claim qualified "more than"/"over"/"at least" is consistent when the computed value
        is at least the claim less the tolerance; "less than"/"under"/"up to"/"at most" when it
        is at most the claim plus the tolerance; any other when its range (:func:`claimed_range`)
        meets the band.

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
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
        band = Measured(value, value * (1 - tol / 100.0), value * (1 + tol / 100.0), f"the computed {c.kind}")
        ch = judge_claim(c, band)
        out.append(dataclasses.replace(ch, tolerance_pct=tol, reason=f"{ch.reason} (±{tol:g} %)"))
    return out


def judge_claims(
    claims: list[Claim],
    computed: Mapping[str, float | Measured] | Callable[[Claim], Measured | str | None],
    *,
    pair: tuple[str, str] | None = None,
    tolerance_pct: float = 10.0,
) -> list[ClaimCheck]:
    """A verdict for every geographic claim: the one set of rules behind ``report.json`` and the summary.

    Parameters
    ----------
    claims : list of Claim
    computed : mapping or function
        A function of a claim giving its :class:`Measured` band (or a reason it could not be measured):
        what :mod:`bordermap.checks` builds from geometry for a report.  Or a mapping per kind to a
        :class:`Measured` or a plain value in km, checked within ``tolerance_pct`` (a fence length, which
        country polygons cannot measure, against ``computed["border_length"]`` as an upper bound); with a
        mapping, a border or fence claim about another pair than ``pair`` is unchecked.
    pair : (str, str), optional
        The border the mapping's values are about (ISO3).
    tolerance_pct : float
        For plain values in a mapping.

    Returns
    -------
    list of ClaimCheck
        One per geographic claim, in order (see :func:`judge_claim` for the rules).

    Examples
    --------
    >>> text = "Poland has a 418 km border with Belarus. Lithuania's border with Belarus is about 680 km long."
    >>> from bordermap.text.claims import extract_claims
    >>> cl = extract_claims(text)
    >>> [(c.claim.km, str(c.verdict)) for c in judge_claims(cl, {"border_length": 671.8}, pair=("LTU", "BLR"))]
    [(418.0, 'unchecked'), (680.0, 'consistent')]
    """
    if callable(computed):
        return [judge_claim(c, computed(c)) for c in claims if c.geographic]
    table = dict(computed)

    def measure(c: Claim) -> Measured | str | None:
        about = tuple(pair) if pair is not None else tuple(c.subject)
        if len(c.subject) == 2 and set(c.subject) != set(about) and c.kind in ("border_length", "fence_length"):
            return f"about the {'–'.join(c.subject)} border, not the {'–'.join(about)} border measured here"
        kind = c.kind
        if kind == "fence_length" and kind not in table and "border_length" in table:
            border = table["border_length"]
            km = border.value_km if isinstance(border, Measured) else float(border)
            high = border.high_km if isinstance(border, Measured) else km
            return Measured(km, 0.0, high, "the border it stands on", "a fence is no longer than its border", True)
        got = table.get(kind)
        if got is None:
            return None
        if isinstance(got, Measured):
            return got
        v = float(got)
        tol = tolerance_pct / 100.0
        return Measured(v, v * (1 - tol), v * (1 + tol), f"the computed {kind}", f"±{tolerance_pct:g} %")

    return [judge_claim(c, measure(c)) for c in claims if c.geographic]


def claims_table(
    claims: list[Claim],
    computed: Mapping[str, float | Measured] | Callable[[Claim], Measured | str | None],
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
        ``band_low_km``, ``band_high_km``, ``reason``, ``measured`` (what was measured) and ``share_of_border``.

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
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
            "band_low_km": ch.band_km[0] if ch.band_km else None,
            "band_high_km": ch.band_km[1] if ch.band_km else None,
            "reason": ch.reason,
            "measured": ch.subject,
            "share_of_border": ch.share_of_border,
        }
        for ch in judge_claims(claims, computed, pair=pair, tolerance_pct=tolerance_pct)
    ]
    return pd.DataFrame(rows)


def format_checks(checks: list[ClaimCheck]) -> str:
    """Lines for a printed summary: one per claim, with its verdict, band and reason (without the band's basis).

    Examples
    --------
    >>> from bordermap.text.claims import extract_claims
    >>> cl = extract_claims("Lithuania shares a border with Belarus of about 680 kilometers.")
    >>> line = format_checks(check_claims(cl, {"border_length": 671.8}))
    >>> line.split(": ")[:3]
    ['claims', 'consistent', 'border_length "about 680 kilometers" = 680 km vs 671.8 km (band 604.6–739.0 km)']
    """
    lines = []
    for ch in checks:
        c = ch.claim
        subject = ""  # what was measured is in the reason; else what the sentence names
        if not ch.subject and c.subject:
            subject = f" {'–'.join(c.subject)}"
        if not ch.subject and c.kind == "distance" and (c.place or c.reference):
            subject = f" {c.place or '?'} → {c.reference or '?'}{subject}"
        claimed = f"{c.value:g} {c.unit}"
        computed = f" vs {ch.computed_km:.1f} km" if ch.computed_km is not None else ""
        band = f" (band {ch.band_km[0]:.1f}–{ch.band_km[1]:.1f} km)" if ch.band_km else ""
        reason = ch.reason.split("; ")[0]  # the how (band's basis) is in report.json
        lines.append(f'claims: {ch.verdict}: {c.kind}{subject} "{c.text}" = {claimed}{computed}{band}: {reason}')
    return "\n".join(lines)


__all__ = [
    "ClaimCheck",
    "Measured",
    "Verdict",
    "check_claims",
    "claimed_range",
    "claims_table",
    "format_checks",
    "judge_claim",
    "judge_claims",
]
