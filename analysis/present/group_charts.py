"""Figures for many groups, split timelines and spikes: tidy tables in, ``go.Figure`` out.

The tables come from :mod:`analysis.query.groups` and :mod:`analysis.query.spikes`. As in
:mod:`analysis.present.charts`, every clickable point carries a ``customdata`` row whose first
fields are :data:`~analysis.present.charts.CUSTOMDATA_FIELDS` (so
:func:`~analysis.present.charts.clicked_points` reads it back); the presence matrix and the
group bars add the group's selector after them. Strings from documents (entities, sources,
group selectors) go through :func:`~analysis.present.charts.safe_label`; no input raises, and
an empty table gives a figure that says so.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.present.charts import (
    CUSTOMDATA_FIELDS,
    count_ticks,
    empty_figure,
    entity_color,
    n_articles,
    safe_label,
    standard_layout,
)
from analysis.present.palette import SERIES_COLORS

NO_GROUPS = "No group comparison to show"
NO_ARTICLES = "No dated articles to show"
NO_DRIVERS = "Nothing in this period stands out against the period before it"


def point_keys(**fields: Any) -> list[Any]:
    """One ``customdata`` row: the :data:`CUSTOMDATA_FIELDS` (``""`` when not given), then
    ``extra`` (a list) if given."""
    extra = list(fields.pop("extra", []))
    return [str(fields.get(name, "") or "") for name in CUSTOMDATA_FIELDS] + extra


def presence_matrix(presence: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Entities (rows, most present first) by groups (columns), coloured by the share of the
    group's documents that mention the entity; each cell's text is that number of documents.

    ``presence`` is :func:`analysis.query.groups.entity_presence` output. A cell's
    ``customdata`` names the entity (kind ``entity``, its term and label) and, after the
    standard fields, the group.
    """
    if presence.empty:
        return empty_figure(NO_GROUPS, title)
    entities = list(dict.fromkeys(presence["entity"]))
    groups = list(dict.fromkeys(presence["group"]))
    cells = presence.set_index(["entity", "group"])
    share = [[float(cells.loc[(e, g), "share"]) for g in groups] for e in entities]
    docs = [[int(cells.loc[(e, g), "documents"]) for g in groups] for e in entities]
    sizes = {g: int(cells.xs(g, level="group")["group_size"].iloc[0]) for g in groups}
    labels = {e: str(cells.xs(e, level="entity")["label"].iloc[0] or "") for e in entities}
    group_names = [safe_label(g, 40) for g in groups]
    entity_names = [safe_label(e, 40) for e in entities]
    hover = [
        [
            f"<b>{entity_names[i]}</b><br>{group_names[j]}<br>"
            f"{docs[i][j]:,} of {sizes[g]:,} articles ({share[i][j]:.0%})"
            for j, g in enumerate(groups)
        ]
        for i, _ in enumerate(entities)
    ]
    customdata = [
        [point_keys(kind="entity", term=e, label=labels[e], extra=[g]) for g in groups]
        for e in entities
    ]
    figure = go.Figure(
        go.Heatmap(
            z=share,
            x=group_names,
            y=entity_names,
            text=docs,
            texttemplate="%{text}",
            zmin=0.0,
            zmax=1.0,
            colorscale="Blues",
            colorbar={"title": {"text": "share of<br>articles"}},
            customdata=customdata,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category", side="top")
    return standard_layout(figure, title, height=160 + 24 * len(entities))


def group_top_items(top: pd.DataFrame, title: str | None = None) -> go.Figure:
    """One panel per group: the items it over-uses against the rest, as bars of Log Ratio.

    ``top`` is :func:`analysis.query.groups.top_by_group` output (one kind). Bars are ordered
    strongest first (by log-likelihood, as chosen); the hover gives both frequencies, the
    document range and G². A bar's ``customdata`` names the item and, after the standard
    fields, the group.
    """
    if top.empty:
        return empty_figure(NO_GROUPS, title)
    groups = list(dict.fromkeys(top["group"]))
    figure = make_subplots(
        rows=1,
        cols=len(groups),
        subplot_titles=[safe_label(group, 30) for group in groups],
        horizontal_spacing=0.08,
    )
    longest = 1
    for column, group in enumerate(groups, start=1):
        rows = top[top["group"] == group].iloc[::-1]
        longest = max(longest, len(rows))
        items = [safe_label(item, 30) for item in rows["item"]]
        figure.add_trace(
            go.Bar(
                x=rows["log_ratio"].round(3).tolist(),
                y=items,
                orientation="h",
                name=safe_label(group, 30),
                marker={"color": SERIES_COLORS[(column - 1) % len(SERIES_COLORS)]},
                customdata=[
                    point_keys(kind=kind, term=item, label=label, extra=[group])
                    for kind, item, label in zip(
                        rows["kind"], rows["item"], rows["label"].fillna(""), strict=True
                    )
                ],
                hovertext=[
                    f"<b>{name}</b><br>{row.freq_a:,} in {row.docs_a:,} articles of the group, "
                    f"{row.freq_b:,} in {row.docs_b:,} of the rest<br>Log Ratio "
                    f"{row.log_ratio:+.2f}, G² {row.log_likelihood:,.1f}"
                    for name, row in zip(items, rows.itertuples(index=False), strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=column,
        )
        figure.update_yaxes(type="category", automargin=True, row=1, col=column)
    figure.update_xaxes(title_text="Log Ratio vs rest")
    return standard_layout(figure, title, height=140 + 22 * longest)


def timeline_by_source_figure(by_source: pd.DataFrame, title: str | None = None) -> go.Figure:
    """One line per source over the periods of :func:`analysis.query.spikes.timeline_by_source`
    output; a point's ``customdata`` carries the date and source."""
    if by_source.empty:
        return empty_figure(NO_ARTICLES, title)
    figure = go.Figure()
    sources = list(dict.fromkeys(by_source["source"]))
    for index, source in enumerate(sources):
        rows = by_source[by_source["source"] == source]
        name = safe_label(source, 40) or "(no source)"
        figure.add_trace(
            go.Scatter(
                x=rows["date"].tolist(),
                y=rows["count"].tolist(),
                mode="lines+markers",
                name=name,
                line={"color": SERIES_COLORS[index % len(SERIES_COLORS)], "width": 2},
                marker={"size": 6},
                customdata=[point_keys(date=date, source=source) for date in rows["date"]],
                hovertext=[
                    f"<b>{name}</b><br>{date}<br>{n_articles(int(count))}"
                    for date, count in zip(rows["date"], rows["count"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    figure.update_xaxes(title_text="Date", type="date")
    figure.update_yaxes(
        title_text="Articles", rangemode="tozero", **count_ticks(float(by_source["count"].max()))
    )
    return standard_layout(figure, title, height=420)


def spike_timeline(
    timeline: pd.DataFrame,
    peaks: pd.DataFrame | None = None,
    *,
    term: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Articles per period (:func:`analysis.query.spikes.period_counts`) with the spikes
    (:func:`~analysis.query.spikes.find_peaks`) marked: trace 0 is the line, trace 1 the
    spikes (their hover gives the threshold they passed). Every point's
    ``customdata`` carries its date (and the term, if the timeline is a term's), so a click
    on any period can be explained."""
    if timeline.empty:
        return empty_figure(NO_ARTICLES, title)
    if peaks is None:
        peaks = timeline.head(0).assign(threshold=0.0)
    name = f"Articles mentioning {safe_label(term, 40)}" if term else "Articles"
    kind = "term" if term else ""

    def keys(dates: pd.Series) -> list[list[str]]:
        return [point_keys(kind=kind, term=term or "", date=date) for date in dates]

    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=timeline["date"].tolist(),
            y=timeline["count"].tolist(),
            mode="lines+markers",
            name=name,
            line={"color": SERIES_COLORS[0], "width": 2},
            marker={"size": 5},
            customdata=keys(timeline["date"]),
            hovertext=[
                f"{date}<br>{n_articles(int(count))}"
                for date, count in zip(timeline["date"], timeline["count"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=peaks["date"].tolist(),
            y=peaks["count"].tolist(),
            mode="markers",
            name="Spike",
            marker={"size": 13, "color": SERIES_COLORS[4], "symbol": "star"},
            customdata=keys(peaks["date"]),
            hovertext=[
                f"{date}<br>{n_articles(int(count))}: a spike (threshold {threshold:,.1f})"
                for date, count, threshold in zip(
                    peaks["date"], peaks["count"], peaks["threshold"], strict=True
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text="Date", type="date")
    figure.update_yaxes(
        title_text="Articles", rangemode="tozero", **count_ticks(float(timeline["count"].max()))
    )
    return standard_layout(figure, title, height=380)


def spike_drivers(drivers: pd.DataFrame, *, date: str = "", title: str | None = None) -> go.Figure:
    """What a period over-uses against the one before it: one bar per driver
    (:class:`analysis.query.spikes.SpikeExplanation` ``drivers``), length its log-likelihood,
    coloured by entity type or kind. A bar's ``customdata`` names the item and the period, so
    a click leads to its mentions (``SpikeExplanation.driver_mentions``)."""
    if drivers.empty:
        return empty_figure(NO_DRIVERS, title)
    rows = drivers.sort_values("log_likelihood", kind="stable")
    labels = rows["label"].fillna("").astype(str)
    names = [
        f"{safe_label(item, 40)} ({safe_label(label or kind)})"
        for item, label, kind in zip(rows["item"], labels, rows["kind"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=rows["log_likelihood"].round(2).tolist(),
            y=names,
            orientation="h",
            marker={
                "color": [
                    entity_color(kind, label)
                    for kind, label in zip(rows["kind"], labels, strict=True)
                ]
            },
            customdata=[
                point_keys(kind=kind, term=item, label=label, date=date)
                for kind, item, label in zip(rows["kind"], rows["item"], labels, strict=True)
            ],
            hovertext=[
                f"<b>{name}</b><br>{row.freq_a:,} in {row.docs_a:,} articles of the period, "
                f"{row.freq_b:,} before<br>Log Ratio {row.log_ratio:+.2f}"
                for name, row in zip(names, rows.itertuples(index=False), strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    figure.update_yaxes(type="category", automargin=True)
    figure.update_xaxes(title_text="Log-likelihood (G²) against the period before")
    return standard_layout(figure, title, height=140 + 24 * len(rows))
