"""The two compared documents side by side, shared and unique terms and reused sentences marked.

Document text is untrusted: :func:`document_html` builds its markup with
:mod:`analysis.present.highlight` and ``html.escape`` only, and ``st.html`` (which also
sanitises) shows it.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from analysis.present.compare_spans import comparison_spans, mark_reused, passage_spans
from analysis.present.highlight import HIGHLIGHT_CSS, highlight_html, legend_html
from analysis.query.compare import Comparison

#: The wording of the comparison's highlight classes in the legend.
LEGEND = {
    "shared": "in both",
    "only-a": "only in A",
    "only-b": "only in B",
    "reused": "sentence reused by the other",
}
#: Styles of the comparison texts (on top of :data:`analysis.present.highlight.HIGHLIGHT_CSS`).
COMPARE_CSS = (
    ".compare-text { max-height: 36rem; overflow-y: auto; padding-right: 0.5rem; }\n"
    ".compare-meta { margin-bottom: 0.4rem; }\n"
    ".hl-legend { margin: 0.3rem 0 0.6rem 0; }"
)


def document_html(
    comparison: Comparison, documents: pd.DataFrame, mentions: pd.DataFrame, side: str
) -> str:
    """One side's document as escaped HTML: title and facts, a legend, and the text with shared
    and unique terms and reused sentences marked."""
    doc_id = (comparison.ids_a if side == "a" else comparison.ids_b)[0]
    row = documents.loc[documents["doc_id"] == doc_id].iloc[0]
    text = str(row["text"])
    spans = comparison_spans(
        text, mentions[mentions["doc_id"] == doc_id], comparison.sets, side=side
    )
    spans = mark_reused(spans, passage_spans(comparison.passages, side=side, doc_id=doc_id))
    facts = " · ".join(
        html.escape(str(part))
        for part in (
            doc_id,
            row.get("date") or "no date",
            row.get("source") or "no source",
            f"{row.get('n_words', 0)} words",
        )
    )
    title = html.escape(str(row.get("title") or doc_id))
    return (
        f'<div class="compare-meta"><b>{side.upper()}: {title}</b><br><small>{facts}</small></div>'
        f"{legend_html(['shared', f'only-{side}', 'reused'], LEGEND)}"
        f'<div class="doc-text compare-text">{highlight_html(text, spans)}</div>'
    )


def texts(html_a: str, html_b: str) -> None:
    """The two documents side by side, highlighted (HTML escaped by :mod:`analysis.present.highlight`)."""
    st.html(f"<style>{HIGHLIGHT_CSS}\n{COMPARE_CSS}</style>")
    left, right = st.columns(2)
    with left:
        st.html(html_a)
    with right:
        st.html(html_b)
