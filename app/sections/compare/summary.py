"""The comparison at a glance: similarity, reuse, shared and unique counts and lists, and for
two groups each group's size, dates, sources and most mentioned names."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.query.compare import PASSAGE_MEASURE, SIMILARITY_MEASURE, Comparison
from analysis.query.reuse import MIN_WORDS
from app.markup import plain
from app.sections.compare.sides import n_documents


def summary_strip(comparison: Comparison) -> None:
    """Similarity, reuse and the shared/unique counts per kind, as metrics."""
    summary = comparison.summary
    reuse = summary["reuse_share"]
    top = st.columns(4)
    top[0].metric(
        "Similarity (TF-IDF cosine)",
        f"{summary['similarity']:.2f}",
        help=f"Measure: {SIMILARITY_MEASURE}.",
    )
    top[1].metric(
        "Share of A reused in B",
        f"{reuse['a']:.0%}",
        help="Share of A's words in sentences that B repeats exactly or lightly edited, of A's "
        f"words in sentences long enough to compare ({MIN_WORDS} words or more: titles, "
        "datelines and other short lines are left out of both counts).",
    )
    top[2].metric(
        "Share of B reused from A",
        f"{reuse['b']:.0%}",
        help="Share of B's words in sentences that A has too, exactly or lightly edited, of B's "
        f"words in sentences of {MIN_WORDS} words or more.",
    )
    top[3].metric("Shared passages", summary["n_shared_passages"], help=PASSAGE_MEASURE)
    counts = summary["counts"]
    row = st.columns(6)
    for number, (kind, name) in enumerate((("entity", "entities"), ("keyword", "keywords"))):
        found = counts.get(kind, {})
        row[3 * number].metric(f"Shared {name}", found.get("shared", 0))
        row[3 * number + 1].metric(f"{name.capitalize()} only in A", found.get("only_a", 0))
        row[3 * number + 2].metric(f"{name.capitalize()} only in B", found.get("only_b", 0))
    with st.expander("Shared and unique counts per type"):
        st.dataframe(
            comparison.labels,
            hide_index=True,
            width="stretch",
            key="compare_counts",
            column_config={
                "shared": "in both",
                "only_a": "only in A",
                "only_b": "only in B",
            },
        )


def term_lists(comparison: Comparison) -> None:
    """Shared, only-A and only-B entities and keywords, in three columns."""
    sets = comparison.sets
    config = {
        "kind": "Kind",
        "term": st.column_config.TextColumn("Entity or keyword", width="medium"),
        "label": "Type",
        "count_a": "in A",
        "count_b": "in B",
    }
    columns = st.columns(3)
    for column, side, title, hidden in zip(
        columns,
        ("shared", "only_a", "only_b"),
        ("In both", "Only in A", "Only in B"),
        ([], ["count_b"], ["count_a"]),
        strict=True,
    ):
        rows = sets[sets["side"] == side].drop(columns=["side", *hidden])
        with column:
            st.markdown(f"**{title}** ({len(rows)})")
            if rows.empty:
                st.caption("Nothing here.")
            else:
                st.dataframe(
                    rows,
                    hide_index=True,
                    width="stretch",
                    key=f"compare_{side}",
                    column_config=config,
                )


def group_summaries(comparison: Comparison) -> None:
    """Each group's size, dates and sources, and its most mentioned entities and keywords."""
    columns = st.columns(2)
    for column, name, label in zip(
        columns, "ab", (comparison.label_a, comparison.label_b), strict=True
    ):
        summary = comparison.summary[name]
        with column:
            st.markdown(f"**{name.upper()}: {plain(label)}**")
            st.caption(plain(side_caption(summary)))
            entities, keywords = summary["top_entities"], summary["top_keywords"]
            length = max(len(entities), len(keywords))
            st.dataframe(
                pd.DataFrame(
                    {
                        "Top entities": entities + [""] * (length - len(entities)),
                        "Top keywords": keywords + [""] * (length - len(keywords)),
                    }
                ),
                hide_index=True,
                width="stretch",
                key=f"compare_top_{name}",
            )


def side_caption(summary: dict) -> str:
    """A side's size, dates and sources, saying how many documents have no date or source
    ("2023-02-14 to 2023-02-15, 1 undated · NATO, 1 with no source")."""
    n_undated, n_no_source = summary.get("n_undated", 0), summary.get("n_no_source", 0)
    if summary["date_min"]:
        dates = summary["date_min"]
        if summary["date_max"] != summary["date_min"]:
            dates += f" to {summary['date_max']}"
        dates += f", {n_undated} undated" if n_undated else ""
    else:
        dates = "no dates"
    sources = ", ".join(summary["sources"])
    if sources and n_no_source:
        sources += f", {n_no_source} with no source"
    return (
        f"{n_documents(summary['n_documents'])} · {summary['n_words']:,} words · {dates} · "
        f"{sources or 'no source'}"
    )
