"""Keywords: the top keywords of the selection, those shared across articles, distinctive ones."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.extract.keywords import corpus_keywords, distinctive_keywords
from analysis.present import charts
from app.caching import cache_data
from app.drill import chart_with_drilldown, download, show_table
from app.params import key
from app.sections.counting import term_counts
from app.sections.hints import COUNTS_DIFFER, NO_MENTIONS_HINT
from app.selection import View


@cache_data(max_entries=8)
def across_articles(view: View) -> pd.DataFrame:
    """How many articles of the selection have each keyword among theirs."""
    return corpus_keywords(view.result.keywords, view.documents["doc_id"])


@cache_data(max_entries=16)
def distinctive(view: View, doc_id: str) -> pd.DataFrame:
    """The keywords of ``doc_id`` that are distinctive against the rest of the selection."""
    doc_ids = view.documents["doc_id"].astype(str).tolist()
    return distinctive_keywords(view.result.keywords, doc_id, doc_ids, top=15)


def keywords(view: View) -> None:
    """Top keywords chart, keywords across articles, and one article's distinctive keywords."""
    if view.mentions.empty:
        st.info(NO_MENTIONS_HINT)
        return
    counting = view.for_counts()
    chart_with_drilldown(
        charts.top_terms_bar(
            term_counts(counting),
            kind="keyword",
            n=25,
            per_1k=view.filters.per_1k,
            title="Top keywords",
        ),
        view,
        key="chart_keywords",
        hint="Click a bar to read the sentences behind it.",
    )
    st.caption(COUNTS_DIFFER)
    if view.documents.empty:
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**Across articles** (how many articles have it among their keywords)")
        across = across_articles(counting)
        show_table(across.head(100), key="corpus_keywords")
        download(across, "corpus_keywords", view, "corpus_keywords")
    with right:
        st.markdown("**Distinctive for one article** (against the others in the selection)")
        doc_ids = view.documents["doc_id"].astype(str).tolist()
        titles = dict(zip(doc_ids, view.documents["title"].astype(str), strict=True))
        chosen = st.selectbox(
            "Article",
            doc_ids,
            key=key("distinctive_doc"),
            format_func=lambda d: f"{titles.get(d) or d} ({d})",
            persist_state="page",
        )
        show_table(distinctive(counting, chosen), key="distinctive_keywords")
