"""A corpus's claims judged as ``bordermap report`` judges them: one judge, in the assembly, once per border per run.

A worker keeps, for each article with a claim geometry can measure (a length, a distance, a width), the
article's text and its mentions (the partition's ``judging`` table); the assembly gives every claim the
verdict, band, computed value and reason of a report on its article alone
(:class:`bordermap.report.judge.ArticleJudge`, one for the run: each border, its band and its corridors are
computed once).  The workers load no country polygons: their memory stays that of the extractor.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from ..report.judge import ArticleJudge
    from ..text.claims import ClaimCheck
    from ..text.extractor import Mention


def mention_of(d: dict[str, Any]) -> Mention:
    """The :class:`bordermap.Mention` of its :meth:`~bordermap.Mention.to_dict` form.

    Examples
    --------
    >>> from bordermap.text.extractor import extract_places
    >>> m = extract_places("Migrants reached Vilnius.")[0]
    >>> mention_of(json.loads(json.dumps(m.to_dict()))) == m
    True
    """
    from ..text.extractor import Mention
    from ..text.place import Place

    return Mention(
        d["text"],
        d["start"],
        d["end"],
        d["sentence"],
        Place(**d["place"]),
        d["confidence"],
        tuple(Place(**p) for p in d["alternatives"]),
        d["article_id"],
    )


def judge_part(claims: pa.Table, judging: pa.Table, judge: ArticleJudge) -> list[ClaimCheck]:
    """A :class:`ClaimCheck` for each row of a partition's claims table, in order.

    Parameters
    ----------
    claims : pyarrow.Table
        The partition's claims (:func:`bordermap.corpus.partition.schemas`).
    judging : pyarrow.Table
        The partition's ``judging`` table: text and mentions of the articles with a claim to measure.
    judge : ArticleJudge
        The run's judge.
    """
    from ..text.articles import Article
    from ..text.claims import judge_claim
    from .partition import row_claim

    stated = [row_claim(r) for r in claims.to_pylist()]
    rows: dict[str, list[int]] = defaultdict(list)
    for k, c in enumerate(stated):
        rows[c.article_id].append(k)
    checks: list[ClaimCheck | None] = [None] * len(stated)
    for r in judging.to_pylist():
        mine = rows.pop(r["article_id"], [])
        if not mine:
            continue  # an article left out (an id seen before)
        article = Article(r["article_id"], r["text"])
        found = [mention_of(d) for d in json.loads(r["mentions"])]
        for k, ch in zip(mine, judge.checks(article, found, [stated[k] for k in mine]), strict=True):
            checks[k] = ch
    return [judge_claim(c, None) if ch is None else ch for c, ch in zip(stated, checks, strict=True)]


__all__ = ["judge_part", "mention_of"]
