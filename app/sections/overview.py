"""Overview: how big the selection is, where it comes from and when; its documents."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.present import charts
from app.caching import cache_resource
from app.drill import chart_with_drilldown, download, show_table
from app.lazy import lazy_expander
from app.pipeline import KEPT_FOR
from app.selection import View

#: Largest selection whose documents table is open on arrival; a longer one waits for a click (a
#: table of thousands of rows is the heaviest thing a first page would draw).
DOCUMENTS_OPEN_UP_TO = 100


@cache_resource(max_entries=8, ttl=KEPT_FOR)
def sources_dates_figure(view: View, period: str) -> go.Figure:
    """Articles per source and ``period`` in the selection (shared: a figure only goes to
    ``st.plotly_chart``, which copies it, so no run pays for unpickling a copy)."""
    return charts.sources_dates_overview(
        view.documents, period=period, title="Articles per source and date"
    )


#: Width of the documents table's date column: "2023-05-17" whole (the default cut it).
DATE_COLUMN_PIXELS = 96


def source_counts(documents: pd.DataFrame) -> tuple[int, int]:
    """How many distinct sources the ``documents`` name, and how many documents name none."""
    named = documents["source"].fillna("").astype(str).str.strip()
    return int(named[named != ""].nunique()), int((named == "").sum())


def overview(view: View) -> None:
    """Size of the selection, its dates, the articles-per-source chart and the documents."""
    docs = view.documents
    dated = docs.loc[docs["date"] != "", "date"]
    columns = st.columns(4)
    columns[0].metric("Documents", f"{len(docs):,} of {len(view.result.documents):,}")
    columns[1].metric("Words", f"{int(docs['n_words'].sum()):,}")
    columns[2].metric(
        "Mentions",
        f"{view.n_mentions:,}",
        help="Everything counted in these documents, after the filters: entity mentions, "
        "keyword occurrences and tracked-term matches together. The Entities tab counts the "
        "entity mentions alone, so its totals are smaller; a keyword that is also a name "
        "(“Ukraine”) is counted once as each.",
    )
    sources, unsourced = source_counts(docs)
    columns[3].metric(
        "Sources",
        f"{sources:,}" if sources else "none given",
        help="Distinct sources named by the documents; documents that name none are the "
        "chart's “(no source)” row and are not counted as a source.",
    )
    undated = f"{len(docs) - len(dated):,} undated" if len(dated) < len(docs) else ""
    if not len(docs):
        st.markdown("**Dates:** no article in view.")
    elif not len(dated):
        st.markdown("**Dates:** none of these documents has a date.")
    elif dated.nunique() == 1:
        st.markdown(f"**Date:** {dated.min()}" + (f" ({undated})" if undated else ""))
    else:
        st.markdown(
            f"**Dates:** {dated.min()} to {dated.max()} ({dated.nunique():,} distinct"
            + (f"; {undated}" if undated else "")
            + ")"
        )
    if sources and unsourced:
        st.markdown(
            f"**Sources:** {unsourced:,} of the {len(docs):,} documents name no source (the "
            "chart's “(no source)” row, not counted in Sources)."
        )
    if docs.empty:
        st.info(
            "No document matches the filters. Clear the search, widen the dates or empty "
            "Sources and Documents in the sidebar."
        )
        return
    period = charts.fitted_period(docs["date"], view.filters.period)
    chart_with_drilldown(
        sources_dates_figure(view, period),
        view,
        key="chart_overview",
        hint="Click a cell to list the mentions in those articles.",
        period=period,
    )
    if period != view.filters.period:
        st.caption(
            f"Charted by {period}: by {view.filters.period} the dates would need more than "
            f"{charts.MAX_DATE_COLUMNS} columns, each too thin to see (Time step, under Counting in the sidebar, "
            "sets the other charts)."
        )
    box = lazy_expander(
        f"Documents ({len(docs):,})",
        key="documents_open",
        expanded=len(docs) <= DOCUMENTS_OPEN_UP_TO,
    )
    if box is None:
        return
    with box:
        table = docs[["doc_id", "title", "date", "date_source", "source", "n_words", "n_removed"]]
        show_table(
            table,
            key="documents_table",
            column_config={
                "title": st.column_config.TextColumn("title", width="large"),
                "date": st.column_config.TextColumn("date", width=DATE_COLUMN_PIXELS),
            },
        )
        download(table, "documents", view, "documents")
