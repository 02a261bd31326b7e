"""The chart of a border situation over time: mentions per day and the counts the articles state.

Drawn with matplotlib (its ``Agg`` backend: no display needed), written as PNG and SVG.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..exc import OptionalDependencyError


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as err:
        raise OptionalDependencyError("the corpus chart needs matplotlib: pip install bordermap[corpus]") from err
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure


def chart_figure(series: dict[str, Any], *, title: str = "", near_km: float = 25.0) -> Any:
    """The chart as a matplotlib ``Figure`` (not attached to any display).

    Parameters
    ----------
    series : dict
        ``days`` (ISO dates), ``mentions``, ``articles`` and ``stated_counts`` (one number per day),
        and ``near_border``: per border name, the mentions within ``near_km`` of it per day.
    title : str
    near_km : float
        For the legend.

    Examples
    --------
    >>> fig = chart_figure({"days": ["2021-07-01", "2021-07-02"], "mentions": [3, 5], "articles": [1, 2],
    ...                     "stated_counts": [0, 120], "near_border": {"LTU–BLR": [1, 2]}})
    >>> len(fig.axes)
    2
    """
    import datetime as dt

    figure_cls = _pyplot()
    days = [dt.date.fromisoformat(d) for d in series["days"]]
    fig = figure_cls(figsize=(11, 5.6), dpi=100, layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    width = 0.8 if len(days) < 200 else 1.0
    top.bar(days, series["mentions"], width=width, color="#9ecae1", label="place mentions")
    top.plot(days, series["articles"], color="#3182bd", linewidth=1.2, label="articles")
    colours = ["#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]
    for k, (name, values) in enumerate(series.get("near_border", {}).items()):
        top.plot(days, values, color=colours[k % len(colours)], linewidth=1.4, label=f"within {near_km:g} km of {name}")
    top.set_ylabel("per day")
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    top.set_title(title or "Border situation over time", fontsize=12)
    bottom.bar(days, series["stated_counts"], width=width, color="#fd8d3c", label="counts the articles state")
    bottom.set_ylabel("people (sum)")
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    for ax in (top, bottom):
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    return fig


def write_chart(stem: str | Path, series: dict[str, Any], *, title: str = "", near_km: float = 25.0) -> str:
    """Write the chart as ``<stem>.png`` and ``<stem>.svg``; return the SVG text (for embedding)."""
    fig = chart_figure(series, title=title, near_km=near_km)
    stem = Path(stem)
    fig.savefig(stem.with_suffix(".png"), format="png", metadata={"Software": None})
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    stem.with_suffix(".svg").write_text(svg, encoding="utf-8")
    return svg
