"""What each side says: the passages one side reuses from the other, and who is quoted and
which figures are given on each side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.present.charts import human_figure
from analysis.query.compare import PASSAGE_MEASURE, Comparison


def human_values(figures: pd.DataFrame) -> list[str]:
    """Each figure's value as a reader writes it ("EUR 40 billion", "17 Oct"), never the raw
    normal form ("EUR 40000000000", "--10-17")."""
    return [
        human_figure(str(kind), None if pd.isna(value) else float(value), str(unit), str(norm))
        for kind, value, unit, norm in zip(
            figures["kind"], figures["value"], figures["unit"], figures["normalised"], strict=True
        )
    ]


def passages(comparison: Comparison) -> None:
    """The sentences one side reuses from the other, aligned side by side."""
    st.subheader("Shared passages")
    passages = comparison.passages
    if passages.empty:
        st.caption(
            "No sentence of one side is repeated by the other (exactly or lightly edited). "
            "Lower the minimum similarity in the comparison settings to find looser echoes."
        )
        return
    columns = ["text_a", "text_b", "similarity", "match"]
    if comparison.mode == "groups":
        columns = ["doc_a", "text_a", "doc_b", "text_b", "similarity", "match"]
    st.dataframe(
        passages[columns],
        hide_index=True,
        width="stretch",
        key="compare_passages",
        column_config={
            "text_a": st.column_config.TextColumn("Sentence in A", width="large"),
            "text_b": st.column_config.TextColumn("Sentence in B", width="large"),
            "doc_a": "A document",
            "doc_b": "B document",
            "similarity": st.column_config.NumberColumn("Similarity", format="%.2f"),
            "match": "Match",
        },
    )
    st.caption(f"Similarity: {PASSAGE_MEASURE}.")


def quotes_and_figures(comparison: Comparison) -> None:
    """Quotations with their speakers, and figures with their units, per side."""
    st.subheader("Who said what")
    quote_columns = ["speaker", "text", "cue", "speaker_text"]
    figure_columns = ["text", "kind", "normalised", "qualifier"]
    if comparison.mode == "groups":
        quote_columns = ["doc_id", *quote_columns]
        figure_columns = ["doc_id", *figure_columns]
    quotes, figures = comparison.quotes, comparison.quantities
    columns = st.columns(2)
    for column, side in zip(columns, "ab", strict=True):
        rows = quotes[quotes["side"] == side]
        with column:
            st.markdown(f"**Quotations in {side.upper()}** ({len(rows)})")
            if rows.empty:
                st.caption("No quotation marks with a speaker here.")
            else:
                st.dataframe(
                    rows[quote_columns],
                    hide_index=True,
                    width="stretch",
                    key=f"compare_quotes_{side}",
                    column_config={
                        "doc_id": st.column_config.TextColumn("Document", width="small"),
                        "speaker": st.column_config.TextColumn("Speaker", width="small"),
                        "text": st.column_config.TextColumn("Quotation", width="medium"),
                        "cue": st.column_config.TextColumn("Verb", width="small"),
                        "speaker_text": st.column_config.TextColumn("Named as", width="small"),
                    },
                )
    st.subheader("Figures")
    columns = st.columns(2)
    for column, side in zip(columns, "ab", strict=True):
        rows = figures[figures["side"] == side]
        with column:
            st.markdown(f"**Figures in {side.upper()}** ({len(rows)})")
            if rows.empty:
                st.caption("No figures (amounts, percentages, counts, dates) here.")
            else:
                st.dataframe(
                    rows[figure_columns].assign(normalised=human_values(rows)),
                    hide_index=True,
                    width="stretch",
                    key=f"compare_figures_{side}",
                    column_config={
                        "doc_id": st.column_config.TextColumn("Document", width="small"),
                        "text": st.column_config.TextColumn("As written", width="medium"),
                        "kind": st.column_config.TextColumn("Kind", width="small"),
                        "normalised": st.column_config.TextColumn("Value", width="small"),
                        "qualifier": st.column_config.TextColumn("Qualifier", width="small"),
                    },
                )
