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
        ``days`` (ISO dates), ``mentions`` and ``articles`` (one number per day); ``stated_counts``: per
        series (people, arrests, deaths...; :mod:`bordermap.corpus.counts`) the counts the articles state
        per day, each drawn alone with its unit (``stated_units``: series -> unit), never added together
        (a plain list of numbers is one series of people); and ``near_border``: per border name, the
        mentions within ``near_km`` of it per day.
    title : str
    near_km : float
        For the legend.

    Examples
    --------
    >>> fig = chart_figure({"days": ["2021-07-01", "2021-07-02"], "mentions": [3, 5], "articles": [1, 2],
    ...                     "stated_counts": {"people": [0, 120], "deaths": [2, 0]},
    ...                     "near_border": {"LTU–BLR": [1, 2]}})
    >>> len(fig.axes)  # mentions (and articles on a twin axis), near the borders, stated counts
    4
    """
    import datetime as dt

    figure_cls = _pyplot()
    days = [dt.date.fromisoformat(d) for d in series["days"]]
    near = series.get("near_border", {})
    rows = 3 if near else 2
    fig = figure_cls(figsize=(11, 7.0 if near else 5.6), dpi=100, layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, height_ratios=(3, 2, 2)[:rows])
    top, bottom = axes[0], axes[-1]
    width = 0.8 if len(days) < 200 else 1.0
    top.bar(days, series["mentions"], width=width, color="#9ecae1", label="place mentions")
    right = top.twinx()
    right.plot(days, series["articles"], color="#08519c", linewidth=1.4, label="articles (right axis)")
    right.set_ylim(bottom=0)
    right.set_ylabel("articles")
    right.spines[["top"]].set_visible(False)
    handles = top.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    top.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.06, 1.0), fontsize=8, frameon=False)
    top.set_ylabel("mentions per day")
    top.set_title(title or "Border situation over time", fontsize=12)
    if near:
        colours = ["#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]
        mid = axes[1]
        for k, (name, values) in enumerate(near.items()):
            mid.plot(
                days, values, color=colours[k % len(colours)], linewidth=1.4, marker="o", markersize=2.5, label=name
            )
        mid.set_ylabel(f"mentions within {near_km:g} km")
        mid.legend(
            loc="upper left",
            bbox_to_anchor=(1.06, 1.0),
            fontsize=8,
            frameon=False,
            title=f"border (places within {near_km:g} km)",
            title_fontsize=8,
        )
    _stated(bottom, days, series, width)
    for ax in axes:
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    return fig


#: Colours of the stated-count series, in order.
_SERIES_COLOURS = ["#fd8d3c", "#6a51a3", "#252525", "#41ab5d", "#4292c6", "#ce1256"]


def _stated(ax: Any, days: list[Any], series: dict[str, Any], width: float) -> None:
    """The counts the articles state: one series per thing counted, each with its unit (never summed)."""
    stated = series.get("stated_counts") or {}
    if not isinstance(stated, dict):
        stated = {"people": list(stated)}
    units = series.get("stated_units") or {}
    top = 0
    for k, (name, values) in enumerate(stated.items()):
        colour = _SERIES_COLOURS[k % len(_SERIES_COLOURS)]
        label = units.get(name, name)
        if len(stated) == 1:
            ax.bar(days, values, width=width, color=colour, label=label)
        else:
            ax.plot(days, values, color=colour, linewidth=1.3, marker="o", markersize=2.5, label=label)
        top = max(top, max(values, default=0))
    ax.set_ylabel("stated per day (each series alone)")
    ax.set_ylim(bottom=0)
    if top > 10_000:  # one "1.4 billion people" would flatten every other day
        ax.set_yscale("symlog", linthresh=100)
        ax.set_ylabel("stated per day (log scale)")
    if stated:
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.06, 1.0),
            fontsize=8,
            frameon=False,
            title="counts the articles state",
            title_fontsize=8,
        )


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
