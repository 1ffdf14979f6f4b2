"""Keywords: the top keywords of the selection, those shared across articles, distinctive ones."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.extract.keywords import corpus_keywords, distinctive_keywords
from analysis.present import charts
from app.caching import cache_data
from app.drill import chart_with_drilldown, download, show_table
from app.params import key
from app.sections.counting import term_counts
from app.sections.hints import NO_MENTIONS_HINT
from app.selection import View

#: The x axis of the keyword bars: what a bar's length counts.
KEYWORD_MEASURE = "Occurrences in the articles where it is a top keyword"
#: The x axis with the per-1,000-words rate chosen.
KEYWORD_RATE = "Occurrences where it is a top keyword, per 1,000 words of the selection"


def keyword_count_note(top_k: int | None = None) -> str:
    """What the keyword bars count, said under them: only the articles where the phrase is one
    of that article's own top keywords (``top_k`` per article when known), not the corpus."""
    per_article = f"top {top_k} keywords" if top_k else "top keywords"
    return (
        "**What a keyword's count is:** its occurrences (whole words, any case, singular or "
        "plural) in the articles where it is one of that article's own "
        f"{per_article} (YAKE, article by article), not in every article of the selection: a "
        "phrase that is frequent in an article without ranking among its keywords is not "
        "counted there. For every occurrence in the corpus, track it as a term in the sidebar "
        "(Tracked terms) or look it up in **Words → concordance**. **Entity** counts (Entities "
        "tab) are something else again: merged mentions of one person, body or place with its "
        'aliases, surnames and roles ("Rutte", "the Secretary General").'
    )


def keyword_hover(count: int, n_docs: int, rate: float) -> str:
    """A keyword bar's hover lines: occurrences, the articles they are counted in, the rate."""
    times = "occurrence" if count == 1 else "occurrences"
    where = (
        "the article where it is a top keyword"
        if n_docs == 1
        else f"the {n_docs:,} articles where it is a top keyword"
    )
    return f"{count:,} {times} in {where}<br>{rate:,.2f} per 1,000 words of the selection"


def keyword_bars(counts: pd.DataFrame, n: int, per_1k: bool) -> go.Figure:
    """:func:`charts.top_terms_bar` of the keywords, with its axis and hovers saying what a
    keyword's count is (occurrences in the articles where it is a top keyword)."""
    figure = charts.top_terms_bar(counts, kind="keyword", n=n, per_1k=per_1k, title="Top keywords")
    if not figure.data or not isinstance(figure.data[0], go.Bar):
        return figure  # nothing to chart: the empty figure says so
    rows = counts[counts["kind"] == "keyword"].set_index("term")
    bar = figure.data[0]
    terms = [str(point[1]) for point in bar.customdata]  # CUSTOMDATA_FIELDS: kind, term, ...
    bar.hovertext = [
        str(hover).split("<br>", 1)[0]  # the keyword's name, as the chart escaped it
        + "<br>"
        + keyword_hover(
            int(rows.at[term, "count"]),
            int(rows.at[term, "n_docs"]),
            float(rows.at[term, "per_1k_words"]),
        )
        for term, hover in zip(terms, bar.hovertext, strict=True)
    ]
    figure.update_xaxes(title_text=KEYWORD_RATE if per_1k else KEYWORD_MEASURE)
    return figure


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
        keyword_bars(term_counts(counting), n=25, per_1k=view.filters.per_1k),
        view,
        key="chart_keywords",
        hint="Click a bar to read the sentences behind it.",
    )
    st.caption(keyword_count_note(view.key.settings.top_k if view.key else None))
    if view.documents.empty:
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**Across articles** (how many articles have it among their keywords)")
        across = across_articles(counting)
        show_table(
            across.head(100),
            key="corpus_keywords",
            column_config={
                "documents": st.column_config.NumberColumn(
                    "Articles", help="Articles that have it among their own top keywords"
                ),
                "total_count": st.column_config.NumberColumn(
                    "Occurrences there",
                    help="Its occurrences in those articles only (not in the whole selection)",
                ),
            },
        )
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
