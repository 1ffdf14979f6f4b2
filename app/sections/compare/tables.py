"""What each side says: the passages one side reuses from the other, and who is quoted and
which figures are given on each side."""

from __future__ import annotations

import streamlit as st

from analysis.query.compare import PASSAGE_MEASURE, Comparison


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
                        "speaker": "Speaker",
                        "text": st.column_config.TextColumn("Quotation", width="large"),
                        "cue": "Verb",
                        "speaker_text": "Named as",
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
                    rows[figure_columns],
                    hide_index=True,
                    width="stretch",
                    key=f"compare_figures_{side}",
                    column_config={
                        "text": "As written",
                        "kind": "Kind",
                        "normalised": "Value",
                        "qualifier": "Qualifier",
                    },
                )
