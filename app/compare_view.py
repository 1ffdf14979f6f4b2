"""The comparison section: two documents or two groups side by side.

Shared and unique entities and keywords, reused passages, keyness, quotations and figures, all
from :mod:`analysis.compare`; texts are highlighted through :mod:`analysis.highlight` (escaped).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from analysis.compare import compare_documents, compare_groups, comparison_spans, passage_spans
from analysis.highlight import HIGHLIGHT_CSS, highlight_html, legend_html
from analysis.keyness import keyness_figure, top_keyness
from app.views import View


def compare(view: View) -> None:
    """Two documents or two groups side by side: shared and unique, reuse, keyness, quotes, figures."""
    documents = view.result.documents
    sources = sorted(documents["source"].unique().tolist())
    choices = [f"doc:{d}" for d in documents["doc_id"]] + [f"source:{s}" for s in sources if s]
    labels = {
        f"doc:{d}": t
        for d, t in zip(
            documents["doc_id"],
            documents["title"].where(documents["title"] != "", documents["doc_id"]),
            strict=True,
        )
    }
    labels |= {f"source:{s}": f"All from {s}" for s in sources}
    if len(choices) < 2:
        st.info("Comparison needs at least two documents.")
        return
    left, right = st.columns(2)
    a = left.selectbox(
        "Compare A", choices, index=0, key="compare_a", format_func=lambda c: labels.get(c, c)
    )
    b = right.selectbox(
        "with B",
        choices,
        index=min(2, len(choices) - 1),
        key="compare_b",
        format_func=lambda c: labels.get(c, c),
    )
    if a == b:
        st.info("Pick two different sides.")
        return
    if a.startswith("doc:") and b.startswith("doc:"):
        result = compare_documents(documents, view.result.mentions, a[4:], b[4:])
    else:
        ids_a = _side_ids(documents, a)
        ids_b = _side_ids(documents, b)
        result = compare_groups(
            documents, view.result.mentions, ids_a, ids_b, label_a=labels[a], label_b=labels[b]
        )
    summary = result.summary
    st.markdown(
        f"**Similarity {summary.get('similarity', 0):.2f}** "
        f"<small>({html.escape(str(summary.get('similarity_measure', '')))})</small>",
        unsafe_allow_html=True,
    )
    st.json(summary, expanded=False)
    sets = result.sets
    cols = st.columns(3)
    for column, side, title in zip(
        cols, ("shared", "only_a", "only_b"), ("Shared", "Only in A", "Only in B"), strict=True
    ):
        column.markdown(f"**{title}**")
        column.dataframe(
            sets[sets["side"] == side].drop(columns="side"),
            hide_index=True,
            width="stretch",
            key=f"sets_{side}",
        )
    if a.startswith("doc:") and b.startswith("doc:"):
        text_a = documents.set_index("doc_id").loc[a[4:], "text"]
        text_b = documents.set_index("doc_id").loc[b[4:], "text"]
        ma = view.result.mentions[view.result.mentions["doc_id"] == a[4:]]
        mb = view.result.mentions[view.result.mentions["doc_id"] == b[4:]]
        st.markdown(
            HIGHLIGHT_CSS + legend_html(["shared", "only-a", "only-b", "reused"]),
            unsafe_allow_html=True,
        )
        ca, cb = st.columns(2)
        ca.markdown(
            f"<div class='doc-text'>{highlight_html(text_a, comparison_spans(text_a, ma, sets, side='a') + passage_spans(result.passages, side='a'))}</div>",
            unsafe_allow_html=True,
        )
        cb.markdown(
            f"<div class='doc-text'>{highlight_html(text_b, comparison_spans(text_b, mb, sets, side='b') + passage_spans(result.passages, side='b'))}</div>",
            unsafe_allow_html=True,
        )
    st.markdown("**Shared passages**")
    st.dataframe(result.passages, hide_index=True, width="stretch", key="passages")
    st.markdown("**Keyness** (log-likelihood for significance, Log Ratio for effect size)")
    st.plotly_chart(
        keyness_figure(top_keyness(result.keyness), label_a="A", label_b="B"),
        key="chart_keyness",
        width="stretch",
    )
    qa, qb = st.columns(2)
    qa.markdown("**Who said what: A**")
    qb.markdown("**Who said what: B**")
    quotes = result.quotes
    qa.dataframe(quotes[quotes["side"] == "a"], hide_index=True, width="stretch", key="quotes_a")
    qb.dataframe(quotes[quotes["side"] == "b"], hide_index=True, width="stretch", key="quotes_b")
    fa, fb = st.columns(2)
    figures = result.quantities
    fa.dataframe(figures[figures["side"] == "a"], hide_index=True, width="stretch", key="figures_a")
    fb.dataframe(figures[figures["side"] == "b"], hide_index=True, width="stretch", key="figures_b")


def _side_ids(documents: pd.DataFrame, choice: str) -> list[str]:
    kind, _, value = choice.partition(":")
    if kind == "doc":
        return [value]
    return documents.loc[documents["source"] == value, "doc_id"].tolist()
