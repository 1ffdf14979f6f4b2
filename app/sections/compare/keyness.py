"""Keyness: the items each side over-uses, as a chart of the strongest and the full table."""

from __future__ import annotations

import streamlit as st

from analysis.present.charts import keyness_figure
from analysis.present.highlight import COMPARISON_COLORS
from analysis.query.compare import Comparison
from analysis.query.keyness import top_keyness
from app.params import key

KEYNESS_KINDS = {"word": "Words", "keyword": "Keywords", "entity": "Entities"}
SIGNIFICANCE = {
    0.05: "p ≤ 0.05 (log-likelihood ≥ 3.84)",
    0.01: "p ≤ 0.01 (≥ 6.63)",
    0.001: "p ≤ 0.001 (≥ 10.83)",
    1.0: "any (no significance cut)",
}


def keyness(comparison: Comparison) -> None:
    """Items each side over-uses: a chart of the top ones per side and the full table."""
    st.subheader("Keyness: what each side over-uses")
    left, right = st.columns(2)
    kind = left.radio(
        "Items",
        list(KEYNESS_KINDS),
        format_func=KEYNESS_KINDS.__getitem__,
        horizontal=True,
        key=key("compare_keyness_kind"),
        persist_state="page",
    )
    max_p = right.selectbox(
        "Significance",
        list(SIGNIFICANCE),
        format_func=SIGNIFICANCE.__getitem__,
        key=key("compare_keyness_p"),
        persist_state="page",
    )
    table = comparison.keyness[comparison.keyness["kind"] == kind].drop(columns="kind")
    table = table[table["p_value"] <= max_p]
    top = top_keyness(table, 15, max_p=max_p)
    if top.empty:
        st.info(
            f"No {KEYNESS_KINDS[kind].lower()} differ significantly at {SIGNIFICANCE[max_p]}. "
            "Short texts rarely do: choose a looser significance, or compare groups."
        )
    else:
        figure = keyness_figure(top, label_a="A", label_b="B")
        for name, css_class in (("A", "only-a"), ("B", "only-b")):
            figure.update_traces(marker_color=COMPARISON_COLORS[css_class], selector={"name": name})
        figure.update_layout(height=140 + 24 * len(top), margin={"t": 30, "b": 10})
        st.plotly_chart(figure, key="compare_keyness_chart", width="stretch")
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            key="compare_keyness_table",
            column_config={
                "item": "Item",
                "label": "Type",
                "freq_a": "in A",
                "freq_b": "in B",
                "docs_a": "documents of A",
                "docs_b": "documents of B",
                "log_likelihood": st.column_config.NumberColumn("Log-likelihood", format="%.2f"),
                "p_value": st.column_config.NumberColumn("p", format="%.4f"),
                "log_ratio": st.column_config.NumberColumn("Log Ratio", format="%.2f"),
                "side": "over-used in",
            },
        )
    guard = comparison.summary["keyness_min_docs"]
    st.caption(
        "Log-likelihood (G²) says how sure a difference is (3.84 is p = 0.05); Log Ratio how big "
        "it is (+1: twice as frequent in A, -1: twice as frequent in B)."
        + (
            f" Group guard: an item must occur in at least {guard} documents of the side that "
            "over-uses it (in all of them when that side has fewer)."
            if comparison.mode == "groups"
            else ""
        )
    )
