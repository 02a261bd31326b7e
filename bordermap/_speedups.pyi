"""Compiled hot path of :mod:`bordermap.places` (``bordermap/_speedups.c``); see that module."""

from collections.abc import Callable
from typing import Any

def setup(
    upper: str,
    connectors: list[str],
    eponyms: frozenset[str],
    titles: frozenset[str],
    nothing: Any,
    analyse: Callable[[str, Any], Any],
    sig_of: Callable[..., Any],
    mention_type: type,
) -> None: ...
def runs(text: str) -> list[tuple[int, int]]: ...
def candidates(text: str, gaz: Any, memo: dict[str, Any], /) -> list[Any]: ...
def mentions(cands: list[Any], resolved: dict[Any, Any], sentences: Any, article_id: str, /) -> list[Any]: ...
def setup_resolve(
    free: Callable[..., Any],
    speaks: Callable[[str], bool],
    check: Callable[..., Any],
    neighbour_bonus: Callable[[], dict[str, dict[str, float]]],
    ctx_type: type,
    within_pairs: Callable[..., dict[str, str]],
    resolve_sig: Callable[..., Any],
    lone_confidence: Callable[..., float],
    min_score: float,
    lone_confidence_value: float,
    far_apart: Callable[..., bool],
    /,
) -> None: ...
def resolve(text: str, cands: list[Any], zipf: dict[str, float], /) -> tuple[list[Any], dict[Any, Any]]: ...
